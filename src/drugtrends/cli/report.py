"""``drugtrends report``: the PDF trend report of one country, a region, or all of them."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HELP = "write the PDF trend report of one country, a region, or every country"
DESCRIPTION = """\
Write the PDF trend report of one country from the shipped data (or a Dataset written by
'drugtrends build'): a summary (the caveats, a clickable contents, what the records do not
hold, what rose, what fell, what the forecasts say), one section per key indicator (vector
figure with every reported figure, trend, forecast fan and nowcast of the years without a
figure yet; a short text; every figure used with its source, the table continued over
pages), a drug-use page with every survey prevalence figure and a page of drug offences
by kind (figures only, no trend or forecast: the page says why), and the sources with
clickable addresses. The PDF has an outline (bookmarks) of its sections.

--countries writes one regional report: per key indicator a page comparing the countries
(series on one scale, trends, growth rates ranked), then each country's pages.
--all writes every country's report into --out-dir, chunk-wise on dask.distributed
(--workers local processes, or a running --scheduler); a country that fails is listed at
the end (exit status 1) and never stops the others.

The same data give a byte-identical PDF: its dates are the data date, or
SOURCE_DATE_EPOCH when set. A progress bar goes to stderr (--quiet to hide it)."""

EPILOG = """\
examples:
  drugtrends report --country KAZ --out reports/kazakhstan.pdf
  drugtrends report --country TJK --out tjk.pdf --horizon 3
  drugtrends report --data kaz.nc --country KAZ --out kaz.pdf
  drugtrends report --countries KAZ KGZ TJK UZB TKM --out central-asia.pdf
  drugtrends report --all --out-dir reports/ --workers 2"""


def register(sub: argparse._SubParsersAction) -> None:
    from drugtrends.cli import iso3

    p = sub.add_parser(
        "report",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--country", "-c", type=iso3, metavar="ISO3", help="one country (default: KAZ)"
    )
    which.add_argument(
        "--countries",
        nargs="+",
        type=iso3,
        metavar="ISO3",
        help="a regional report of these countries (at least two)",
    )
    which.add_argument("--all", action="store_true", help="every country's report, into --out-dir")
    p.add_argument("--out", "-o", type=Path, help="PDF file to write (--country, --countries)")
    p.add_argument("--out-dir", type=Path, metavar="DIR", help="folder of the PDFs (--all)")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="--all: local dask worker processes (default 2)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="--all: address of a running dask scheduler (tcp://host:8786)",
    )
    p.add_argument(
        "--data",
        type=Path,
        metavar="NC",
        help="a netCDF Dataset from 'drugtrends build' (default: the shipped data)",
    )
    p.add_argument(
        "--horizon", type=int, default=5, metavar="YEARS", help="forecast horizon (default 5)"
    )
    p.add_argument(
        "--model",
        default="auto",
        help="forecast model (default 'auto', the fast ensemble; see 'drugtrends forecast')",
    )
    p.add_argument(
        "--trend-years",
        type=int,
        default=20,
        metavar="YEARS",
        help="trends cover the last YEARS years up to the latest figure (default 20; 0: all)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary")
    p.set_defaults(run=run)


def _check(args: argparse.Namespace) -> None:
    from drugtrends.cli import CLIError, check_out

    if args.all:
        if args.out_dir is None:
            raise CLIError("--all writes one PDF per country: give --out-dir DIR")
        if args.out is not None:
            raise CLIError("--all takes --out-dir, not --out")
        if args.out_dir.exists() and not args.out_dir.is_dir():
            raise CLIError(f"--out-dir {str(args.out_dir)!r} is a file, not a folder")
        if args.workers is not None and args.workers < 1:
            raise CLIError(f"--workers must be at least 1, not {args.workers}")
        if args.workers is not None and args.scheduler:
            raise CLIError("give --workers (a local cluster) or --scheduler, not both")
    else:
        if args.out is None:
            raise CLIError("give --out FILE.pdf (or --all with --out-dir)")
        if args.out.suffix.lower() != ".pdf":
            raise CLIError(f"--out must name a .pdf file, not {str(args.out)!r}")
        if args.out_dir is not None or args.workers is not None or args.scheduler:
            raise CLIError("--out-dir, --workers and --scheduler go with --all")
        check_out(args.out)
    if args.countries is not None:
        if len(args.countries) < 2:
            raise CLIError("--countries needs at least two countries (or use --country)")
        twice = sorted({c for c in args.countries if args.countries.count(c) > 1})
        if twice:
            raise CLIError(f"--countries names {', '.join(twice)} twice")
    if args.horizon < 1:
        raise CLIError(f"--horizon must be at least 1 year, not {args.horizon}")
    if args.trend_years < 0 or args.trend_years in (1, 2):
        raise CLIError(f"--trend-years must be 0 (all years) or at least 3, not {args.trend_years}")


def _dataset(args: argparse.Namespace, countries: list[str]):
    from drugtrends import dataset
    from drugtrends.cli import CLIError, error_message

    if args.data is not None:
        if not args.data.is_file():
            raise CLIError(f"no such Dataset file: {args.data}")
        try:
            ds = dataset.open_dataset(args.data, require_indicators=True)
        except (OSError, ValueError) as err:
            raise CLIError(error_message(err)) from None
        have = [str(c) for c in ds["country"].values]
        missing = [c for c in countries if c not in have]
        if missing:
            raise CLIError(
                f"no records for country {', '.join(map(repr, missing))} in {args.data}; "
                f"countries with records: {', '.join(have)}"
            )
        return ds.sel(country=countries)
    from drugtrends.report.batch import countries_with_data

    have = countries_with_data()
    missing = [c for c in countries if c not in have]
    if missing:
        raise CLIError(_unknown(missing, have))
    try:
        return dataset.load_dataset(countries if len(countries) > 1 else countries[0])
    except KeyError as err:
        raise CLIError(error_message(err)) from None


def _unknown(missing: list[str], have: list[str]) -> str:
    """``no records for XYZ; 210 countries have records (close: XKX)``: the list itself
    only when it is short."""
    import difflib

    text = f"no records for {', '.join(missing)}; "
    if len(have) <= 12:
        return text + f"countries with records: {', '.join(have)}"
    close = sorted({m for c in missing for m in difflib.get_close_matches(c, have, n=3)})
    text += f"{len(have)} countries have records"
    return text + (f" (close: {', '.join(close)})" if close else "")


def run(args: argparse.Namespace) -> int:
    from drugtrends.cli import CLIError

    _check(args)
    from drugtrends.models import available_models

    if args.model not in available_models():
        raise CLIError(
            f"unknown model {args.model!r}; choose one of {', '.join(available_models())}"
        )
    options = {
        "horizon": args.horizon,
        "model": args.model,
        "trend_years": args.trend_years or None,
    }
    start = time.perf_counter()
    if args.all:
        return _run_all(args, options, start)
    if args.countries is not None:
        from drugtrends.report.region import build_region_report

        countries = list(args.countries)
        ds = _dataset(args, countries)
        out = build_region_report(countries, args.out, ds=ds, progress=not args.quiet, **options)
    else:
        from drugtrends.report import build_report

        country = str(args.country or "KAZ").upper()
        ds = _dataset(args, [country])
        out = build_report(country, args.out, ds=ds, progress=not args.quiet, **options)
    if not args.quiet:
        print(f"wrote {out} in {time.perf_counter() - start:.1f} s", file=sys.stdout)
    return 0


def _run_all(args: argparse.Namespace, options: dict, start: float) -> int:
    from drugtrends.cli import CLIError
    from drugtrends.report.batch import report_all

    if args.data is not None and not args.data.is_file():
        raise CLIError(f"no such Dataset file: {args.data}")
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise CLIError(
            "--all runs on dask.distributed, which is not installed: "
            "pip install 'drugtrends[distributed]'"
        ) from None
    res = report_all(
        args.out_dir,
        data=args.data,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
        **options,
    )
    if not args.quiet:
        print(
            f"wrote {len(res.written)} reports into {args.out_dir} in "
            f"{time.perf_counter() - start:.1f} s",
            file=sys.stdout,
        )
    if res.failed:
        print(f"{len(res.failed)} report(s) failed:", file=sys.stderr)
        for code, why in res.failed.items():
            print(f"  {code}: {why}", file=sys.stderr)
        return 1
    return 0
