"""Report benchmark: every country's PDF report, as ``drugtrends report --all`` writes them.

Runs :func:`drugtrends.report.batch.report_all` on the shipped data (all countries with
records, or ``--countries``) on a ``distributed.LocalCluster`` of ``--workers`` processes
(one thread each) into a temporary folder, and prints one table: countries, reports
written and failed, wall time (cluster start-up included), seconds per country, and the
pages and size of the PDFs. The goal of issue 10 is every country in under 10 minutes on
2 cores. Failed countries are listed below the table.

On a shared machine wall time says little, so the table also gives the CPU time of each
report in its worker and an idle-machine estimate for every country: the mean CPU time
per report times the number of countries, divided by the workers, plus a minute for
starting the workers and reading the records once per worker. ``--every K`` runs every
K-th country only (a sample in alphabetical order).

Usage::

    nice python benchmarks/reports.py [--workers 2] [--chunk-size 6] [--every 10]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    from drugtrends.report.batch import DEFAULT_CHUNK, countries_with_data, report_all

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK)
    p.add_argument("--countries", nargs="+", help="default: every country with records")
    p.add_argument(
        "--every",
        type=int,
        default=1,
        metavar="K",
        help="every K-th country only (a sample on a busy machine; the estimate scales up)",
    )
    p.add_argument("--keep", type=Path, help="write the PDFs here (default: a temporary folder)")
    args = p.parse_args(argv)

    countries = (args.countries or countries_with_data())[:: args.every]
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        start = time.perf_counter()
        res = report_all(
            out,
            countries=countries,
            workers=args.workers,
            chunk_size=args.chunk_size,
            progress=True,
        )
        wall = time.perf_counter() - start
        pages = [_pages(p) for p in res.written.values()]
        size = sum(p.stat().st_size for p in res.written.values())
    n = len(countries)
    n_all = len(countries_with_data())
    cpu = res.cpu_seconds
    cpu_mean = sum(cpu.values()) / max(len(cpu), 1)
    cpu_top = max(cpu, key=cpu.get) if cpu else "-"
    cpu_max = cpu.get(cpu_top, 0.0)
    setup = 60.0  # generous: imports and one read of the records take ~7 s CPU per worker
    rows = [
        ("countries", f"{n}"),
        ("reports written", f"{len(res.written)}"),
        ("reports failed", f"{len(res.failed)}"),
        ("workers x threads", f"{args.workers} x 1 (chunks of {args.chunk_size})"),
        ("wall time [s]", f"{wall:.1f}"),
        ("wall time [min]", f"{wall / 60:.2f}"),
        ("seconds per country", f"{wall / max(n, 1):.2f}"),
        ("CPU per report [s] (mean, max)", f"{cpu_mean:.2f}, {cpu_max:.2f} ({cpu_top})"),
        (
            f"idle-machine estimate, {n_all} countries on {args.workers} cores [min]",
            f"{(cpu_mean * n_all / args.workers + setup) / 60:.1f}",
        ),
        ("pages (total, mean)", f"{sum(pages)}, {sum(pages) / max(len(pages), 1):.1f}"),
        ("PDF size total [MB]", f"{size / 1e6:.1f}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 24}")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if res.failed:
        print("\nfailed:")
        for code, why in res.failed.items():
            print(f"  {code}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
