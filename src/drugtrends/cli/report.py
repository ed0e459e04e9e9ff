"""``drugtrends report``: (provisional) write a country's Dataset and print its summary.

The PDF trend report replaces this once the statistics and forecasts land.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write the trend report of one country",
        description="Write the trend report of one country from the shipped data.",
    )
    p.add_argument("--country", "-c", default="KAZ", metavar="ISO3")
    p.add_argument("--out", "-o", type=Path, required=True)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from drugtrends import dataset, records
    from drugtrends.cli.build import summary

    table = records.load(records.DATA_DIR)
    ds = dataset.build(table, countries=[args.country])
    out = args.out.with_suffix(".nc")
    dataset.write_dataset(ds, out)
    print(summary(ds, table[table["country"] == args.country]))
    print(f"wrote {out} (the PDF report is not built yet)")
    return 0
