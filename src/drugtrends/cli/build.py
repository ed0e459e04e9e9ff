"""``drugtrends build``: validate records and write the Dataset to netCDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "validate records and write the Dataset to netCDF"
DESCRIPTION = """\
Validate the records under DATA (a data/ folder with indicators.csv, sources.csv and
records/*.csv, a folder of records files, or one records file) and write the Dataset of
resolved yearly series, with every record and source it rests on, to a netCDF file.

On bad input nothing is written: every problem is listed on stderr (file, row, column,
what is wrong and how to fix it) and the exit code is 1; an existing --out file is left
untouched. The file is written to a temporary name first and renamed at the end."""


def register(sub: argparse._SubParsersAction) -> None:
    from drugtrends.cli import iso3

    p = sub.add_parser(
        "build",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "data",
        nargs="?",
        type=Path,
        help="data folder or records file(s) (default: the shipped data)",
    )
    p.add_argument("--out", "-o", type=Path, required=True, help="netCDF file to write")
    p.add_argument(
        "--country",
        "-c",
        action="append",
        type=iso3,
        metavar="ISO3",
        help="keep only this country (repeat for several; default: all)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from drugtrends import dataset, records
    from drugtrends.cli import CLIError, check_out, error_message

    check_out(args.out)
    data = args.data if args.data else records.DATA_DIR
    table = records.load(data)
    # the sources catalog of the data folder given (as records.load used), not the shipped one
    catalog = records._record_files(data)[1] / "sources.csv" if data.exists() else None
    sources = records.load_sources(catalog) if catalog is not None and catalog.is_file() else None
    try:
        ds = dataset.build(table, countries=args.country, sources=sources)
    except (KeyError, ValueError) as err:
        raise CLIError(error_message(err)) from None
    dataset.write_dataset(ds, args.out)
    if not args.quiet:
        print(summary(ds), file=sys.stdout)
        print(f"wrote {args.out}", file=sys.stdout)
    return 0


def summary(ds) -> str:
    """A short plain-text summary of a built Dataset: what it holds, as written.

    The record counts are those of the Dataset's own records (after ``--country``), not
    of the input files.
    """
    from drugtrends.dataset import indicator_names, records_table
    from drugtrends.rules import full_year_mask

    lines = []
    names = indicator_names(ds)
    table = records_table(ds)
    dated = int(table["year"].notna().sum())
    lines.append(
        f"{len(table)} records ({dated} dated, {len(table) - dated} undated) from "
        f"{ds.sizes['source']} sources; {len(names)} indicators; "
        f"countries {', '.join(map(str, ds.country.values))}; "
        f"years {int(ds.year.min())}-{int(ds.year.max())}"
    )
    header = (
        f"{'indicator':<36} {'country':<7} {'years':>9} {'n':>4} {'partial':>7} {'conflicts':>9}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for name in names:
        var = ds[name]
        months = ds[f"{name}_months"]
        for country in ds.country.values:
            s = var.sel(country=country)
            ok = s.notnull()
            n = int(ok.sum())
            if n == 0:
                continue
            yrs = s.year.values[ok.values]
            full = full_year_mask(months.sel(country=country).values, var.attrs.get("kind"))
            partial = int((~full & ok.values).sum())
            n_conf = sum(1 for c in _conflicts(var) if c["country"] == country)
            lines.append(
                f"{name:<36} {country:<7} {yrs.min():>4}-{yrs.max():<4} {n:>4} {partial:>7} "
                f"{n_conf:>9}"
            )
    return "\n".join(lines)


def _conflicts(var) -> list[dict]:
    import json

    return json.loads(var.attrs.get("conflicts", "[]"))
