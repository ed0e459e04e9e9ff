"""``drugtrends backtest``: rolling-origin evaluation of a model on a CSV panel or a Dataset.

Prints a table of sMAPE, MASE, MSIS and coverage per level; ``--out FILE.nc`` also writes
the per-series results. As in ``drugtrends forecast``, a series with a bad row is named on
stderr with the CSV line and left out, as is a series too short for the horizon (it needs
``horizon + 5`` points); when no series can be backtested the command fails (exit code 1)
and says why.

Examples
--------
::

    drugtrends backtest --csv panel.csv --horizon 5 --model auto --model drift
    drugtrends backtest --dataset kaz.nc --horizon 3 --origins 3
    drugtrends backtest --csv big_panel.csv --workers 2     # or --scheduler tcp://host:8786
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["MAX_ORIGINS", "register", "run"]

#: Most rolling origins accepted.
MAX_ORIGINS = 1000


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "backtest",
        help="rolling-origin evaluation: sMAPE, MASE, MSIS, interval coverage",
        description="Rolling-origin evaluation of one or more models on a panel or a Dataset.",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--csv", type=Path, help="long CSV panel: one row per series and time")
    src.add_argument("--dataset", type=Path, help="netCDF Dataset written by drugtrends")
    p.add_argument("--id-col", default="series_id")
    p.add_argument("--time-col", default="t")
    p.add_argument("--value-col", default="value")
    p.add_argument("--horizon", type=int, default=5)
    p.add_argument("--levels", type=float, nargs="+", default=[80.0, 95.0])
    p.add_argument("--model", action="append", help="model name; repeat to compare (default auto)")
    p.add_argument("--origins", type=int, default=3, help="rolling origins (default 3)")
    p.add_argument("--out", type=Path, help="write the results of the first model as netCDF")
    from drugtrends.cli.forecast import add_cluster_options

    add_cluster_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np
    import pandas as pd

    from drugtrends.backtesting import backtest, format_table, summarize
    from drugtrends.cli import CLIError, check_levels, check_out
    from drugtrends.cli.forecast import (
        MAX_HORIZON,
        cluster_from_args,
        nothing_usable,
        read_panel,
    )
    from drugtrends.dataset import write_dataset

    if args.horizon < 1:
        raise CLIError(f"--horizon must be at least 1, got {args.horizon}")
    if args.horizon > MAX_HORIZON:
        raise CLIError(f"--horizon must be at most {MAX_HORIZON}, got {args.horizon}")
    if args.origins < 1:
        raise CLIError(f"--origins must be at least 1, got {args.origins}")
    if args.origins > MAX_ORIGINS:
        raise CLIError(f"--origins must be at most {MAX_ORIGINS}, got {args.origins}")
    args.levels = check_levels(args.levels)
    if args.out is not None and args.out.suffix.lower() != ".nc":
        raise CLIError(
            f"--out {args.out}: the per-series results are written as netCDF; give a file "
            f"name ending in .nc such as {args.out.with_suffix('.nc').name}"
        )
    if args.out is not None:
        check_out(args.out)
    models = args.model or ["auto"]
    from drugtrends.models import available_models

    for m in models:
        if m not in available_models():
            raise CLIError(f"unknown --model {m!r}; choose from {', '.join(available_models())}")
    problems: dict[str, str] = {}
    if args.csv is not None:
        ids, times, values, problems = read_panel(
            args.csv, args.id_col, args.time_col, args.value_col
        )
        for s, msg in problems.items():
            print(f"drugtrends backtest: series {s!r}: {msg}; not backtested", file=sys.stderr)
        rows = []
        for s, t, v in zip(ids, times, values, strict=True):
            if s in problems:
                continue
            rows.append(pd.DataFrame({"series_id": s, "t": t, "value": v}))
        if not rows:
            raise nothing_usable("backtested", args.csv, len(ids), problems)
        data: Any = pd.concat(rows, ignore_index=True)
        where = str(args.csv)
    else:
        from drugtrends.cli import error_message
        from drugtrends.dataset import open_dataset

        try:
            data = open_dataset(args.dataset, require_indicators=True)
        except FileNotFoundError:
            raise CLIError(f"no such file: {args.dataset}") from None
        except (OSError, ValueError) as err:
            raise CLIError(error_message(err)) from None
        where = str(args.dataset)
    results = []
    with cluster_from_args(args) as client:
        for m in models:
            try:
                results.append(
                    backtest(
                        data,
                        model=m,
                        horizon=args.horizon,
                        levels=args.levels,
                        n_origins=args.origins,
                        client=client,
                    )
                )
            except (KeyError, ValueError) as err:
                from drugtrends.cli import error_message

                raise CLIError(f"{where}: {error_message(err)}") from None
    _series_notes(results[0], args.horizon)
    for res in results:
        if summarize(res)["series"] == 0:
            raise CLIError(
                f"{where}: no series could be backtested with model {res.attrs['model']!r} "
                f"(no forecast could be scored at any of the {args.origins} origins)"
            )
    print(format_table(results))
    if args.out is not None:
        res = results[0]
        res = res.assign_coords(series=np.asarray(res.series.values, dtype=object))
        write_dataset(res, args.out)
    return 0


def _series_notes(result: Any, horizon: int, limit: int = 10) -> None:
    """Name on stderr the series of a backtest result that were not scored, and why.

    Up to ``limit`` series are named one per line; more are counted on one line.
    """
    import numpy as np

    need = horizon + int(result.attrs["min_train"])
    n_points = result["n_points"].values
    scored = np.isfinite(result["smape"].values).any(axis=1)
    short, unscored = [], []
    for sid, n, ok in zip(result.series.values, n_points, scored, strict=True):
        if not ok:
            (short if n < need else unscored).append((str(sid), int(n)))
    if len(short) + len(unscored) <= limit:
        for sid, n in short:
            print(
                f"drugtrends backtest: series {sid!r}: {n} points, too short for horizon "
                f"{horizon} (needs {need}); not backtested",
                file=sys.stderr,
            )
        for sid, _ in unscored:
            print(
                f"drugtrends backtest: series {sid!r}: no forecast could be scored at any "
                "origin (gaps in the years scored, or the model failed); not backtested",
                file=sys.stderr,
            )
        return
    parts = []
    if short:
        names = ", ".join(repr(sid) for sid, _ in short[:3])
        parts.append(
            f"{len(short)} too short for horizon {horizon} (a series needs {need} points; "
            f"e.g. {names})"
        )
    if unscored:
        names = ", ".join(repr(sid) for sid, _ in unscored[:3])
        parts.append(f"{len(unscored)} with no forecast that could be scored (e.g. {names})")
    print(
        f"drugtrends backtest: {len(short) + len(unscored)} of {len(n_points)} series not "
        f"backtested: {'; '.join(parts)}",
        file=sys.stderr,
    )
