"""``drugtrends report``: the PDF trend report of one country."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HELP = "write the PDF trend report of one country"
DESCRIPTION = """\
Write the PDF trend report of one country from the shipped data (or a Dataset written by
'drugtrends build'): a summary page (what rose, what fell, what the forecasts say, the
caveats), one page per key indicator (figure with every reported figure, trend and
forecast fan; a short text; the figures used with their sources) and a sources page.

The same data give a byte-identical PDF: its dates are the data date, or
SOURCE_DATE_EPOCH when set. A progress bar goes to stderr (--quiet to hide it)."""

EPILOG = """\
examples:
  drugtrends report --country KAZ --out reports/kazakhstan.pdf
  drugtrends report --country TJK --out tjk.pdf --horizon 3
  drugtrends report --data kaz.nc --country KAZ --out kaz.pdf"""


def register(sub: argparse._SubParsersAction) -> None:
    from drugtrends.cli import iso3

    p = sub.add_parser(
        "report",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--country", "-c", default="KAZ", type=iso3, metavar="ISO3", help="default: KAZ")
    p.add_argument("--out", "-o", type=Path, required=True, help="PDF file to write")
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


def run(args: argparse.Namespace) -> int:
    from drugtrends.cli import CLIError, check_out, error_message

    country = str(args.country).upper()
    if args.out.suffix.lower() != ".pdf":
        raise CLIError(f"--out must name a .pdf file, not {str(args.out)!r}")
    check_out(args.out)
    if args.horizon < 1:
        raise CLIError(f"--horizon must be at least 1 year, not {args.horizon}")
    if args.trend_years < 0 or args.trend_years in (1, 2):
        raise CLIError(f"--trend-years must be 0 (all years) or at least 3, not {args.trend_years}")
    from drugtrends import dataset
    from drugtrends.models import available_models
    from drugtrends.report import build_report

    if args.model not in available_models():
        raise CLIError(
            f"unknown model {args.model!r}; choose one of {', '.join(available_models())}"
        )
    if args.data is not None:
        if not args.data.exists():
            raise CLIError(f"no such Dataset file: {args.data}")
        try:
            ds = dataset.open_dataset(args.data, require_indicators=True)
        except (OSError, ValueError) as err:
            raise CLIError(error_message(err)) from None
        countries = [str(c) for c in ds["country"].values]
        if country not in countries:
            raise CLIError(
                f"no records for country {country!r} in {args.data}; countries with "
                f"records: {', '.join(countries)}"
            )
        ds = ds.sel(country=[country])
    else:
        try:
            ds = dataset.load_dataset(country)
        except KeyError as err:
            raise CLIError(error_message(err)) from None
    start = time.perf_counter()
    out = build_report(
        country,
        args.out,
        ds=ds,
        progress=not args.quiet,
        horizon=args.horizon,
        model=args.model,
        trend_years=args.trend_years or None,
    )
    if not args.quiet:
        print(f"wrote {out} in {time.perf_counter() - start:.1f} s", file=sys.stdout)
    return 0
