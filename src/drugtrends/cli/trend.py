"""``drugtrends trend``: growth rates, Sen slopes, Mann-Kendall tests and breaks.

Examples
--------
::

    drugtrends trend --country KAZ --indicator heroin_seizures --start 2008 --end 2019
    drugtrends trend --dataset kaz.nc --out trends.csv
"""

from __future__ import annotations

import argparse

__all__ = ["load_input", "register", "run"]


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``trend`` subcommand."""
    from drugtrends.cli import iso3

    p = subparsers.add_parser(
        "trend",
        help="trend statistics with intervals and plain-English summaries",
        description=(
            "Log-linear growth rate with an autocorrelation-robust interval, Sen slope, "
            "Mann-Kendall test and one structural break for each series, with a summary "
            "sentence. Partial-year flow figures are annualized first."
        ),
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--dataset", metavar="FILE.nc", help="a Dataset written by drugtrends")
    src.add_argument(
        "--country",
        metavar="ISO3",
        action="append",
        type=iso3,
        help="shipped data of this country (repeatable); default KAZ",
    )
    p.add_argument(
        "--indicator", metavar="NAME", action="append", help="indicator (repeatable); default all"
    )
    p.add_argument("--start", type=int, metavar="YEAR", help="first year")
    p.add_argument("--end", type=int, metavar="YEAR", help="last year")
    p.add_argument("--level", type=float, default=0.95, help="confidence level (0.95)")
    p.add_argument(
        "--method",
        choices=("ar1", "hac", "gls_ar1", "ols"),
        default="ar1",
        help=(
            "growth interval: ar1 (default; coverage simulated in "
            "benchmarks/trend_coverage.py), or the older hac, gls_ar1, ols"
        ),
    )
    p.add_argument(
        "--partial",
        choices=("annualize", "drop", "keep"),
        default="annualize",
        help="partial-year flow figures (annualize)",
    )
    p.add_argument("--out", metavar="FILE", help="write the results (.csv or .nc)")
    p.add_argument("--quiet", action="store_true", help="no table, only the sentences")
    p.set_defaults(run=run)
    return p


def load_input(args: argparse.Namespace):
    """The Dataset named by ``--dataset`` or ``--country`` (shipped data)."""
    from drugtrends.cli import CLIError, error_message

    if getattr(args, "dataset", None):
        from pathlib import Path

        from drugtrends.dataset import open_dataset

        try:
            return open_dataset(Path(args.dataset), require_indicators=True)
        except FileNotFoundError:
            raise CLIError(f"no such file: {args.dataset}") from None
        except (OSError, ValueError) as err:
            raise CLIError(error_message(err)) from None
    from drugtrends.dataset import load_dataset

    countries = args.country or ["KAZ"]
    try:
        return load_dataset(countries if len(countries) > 1 else countries[0])
    except KeyError as err:
        raise CLIError(error_message(err)) from None


def _write(result, path: str) -> None:
    """Write the result to ``path``: netCDF for ``.nc``, else CSV (``run`` checked it)."""
    from drugtrends._io import atomic_path, spreadsheet_safe_frame

    if path.lower().endswith(".nc"):
        from drugtrends.dataset import write_dataset

        write_dataset(result, path)
        return
    frame = result.drop_dims(
        [d for d in result.dims if d not in ("indicator", "country", "year")], errors="ignore"
    ).to_dataframe()
    frame = spreadsheet_safe_frame(frame)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp)


def run(args: argparse.Namespace) -> int:
    """Run ``drugtrends trend``."""
    import math

    from drugtrends.cli import CLIError, check_out, error_message
    from drugtrends.stats._common import fmt_pct
    from drugtrends.stats.trend import trend

    if not 0 < args.level < 1:
        raise CLIError("--level must be between 0 and 1, e.g. 0.95")
    if args.start is not None and args.end is not None and args.start > args.end:
        raise CLIError(
            f"--start {args.start} is after --end {args.end}; give the earlier year first"
        )
    if args.out:
        check_out(args.out, (".csv", ".nc"))
    ds = load_input(args)
    try:
        res = trend(
            ds,
            args.indicator,
            start=args.start,
            end=args.end,
            level=round(100 * args.level, 10),  # the API takes percent
            method=args.method,
            partial=args.partial,
        )
    except (KeyError, ValueError) as err:
        raise CLIError(error_message(err)) from None
    pct = f"{args.level * 100:.0f} %"
    if not args.quiet:
        header = (
            f"{'indicator':<34} {'ctry':<4} {'years':<9} {'n':>3} "
            f"{'growth %/yr':>11} {pct + ' CI':>17} {'MK p':>6} {'break':>6}  status"
        )
        print(header)
        print("-" * len(header))
        for ind in res.indicator.values:
            for c in res.country.values:
                r = res.sel(indicator=ind, country=c)
                n = int(r.n_points)
                years = f"{int(r.start_year)}-{int(r.end_year)}" if n else ""
                g = float(r.growth)
                ci = (
                    f"{fmt_pct(float(r.growth_lower), True)} to "
                    f"{fmt_pct(float(r.growth_upper), True)}"
                    if math.isfinite(g)
                    else ""
                )
                p = f"{float(r.mk_pvalue):.2g}" if math.isfinite(float(r.mk_pvalue)) else ""
                b = f"{int(r.break_year)}" if math.isfinite(float(r.break_year)) else ""
                print(
                    f"{str(ind)[:34]:<34} {c:<4} {years:<9} {n:>3} "
                    f"{fmt_pct(g, True) if math.isfinite(g) else '':>11} {ci:>17} {p:>6} "
                    f"{b:>6}  {str(r.status.item())[:60]}"
                )
        print()
    for ind in res.indicator.values:
        for c in res.country.values:
            r = res.sel(indicator=ind, country=c)
            if int(r.n_points) >= 3:
                print(f"- [{c}] {r.summary.item()}")
    if not args.quiet:
        print(f"\nGrowth interval: {res.attrs.get('growth_method', '')}.")
        print(f"Its coverage, {res.attrs.get('growth_coverage', '')}.")
    caveats = res.attrs.get("caveats")
    if caveats and not args.quiet:
        import json

        print("\nCaveats:")
        for name, text in json.loads(caveats).items():
            print(f"  {name}: {text}")
    if args.out:
        _write(res, args.out)
        print(f"\nwrote {args.out}")
    return 0
