"""``drugtrends backtest``: rolling-origin evaluation of a model on a CSV panel or a Dataset.

Prints a table of sMAPE, MASE, MSIS and coverage per level; ``--out FILE.nc`` also writes
the per-series results.

Examples
--------
::

    drugtrends backtest --csv panel.csv --horizon 5 --model auto --model drift
    drugtrends backtest --dataset kaz.nc --horizon 3 --origins 3
    drugtrends backtest --csv big_panel.csv --workers 2     # or --scheduler tcp://host:8786
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]


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

    from drugtrends.backtesting import backtest, format_table
    from drugtrends.cli import CLIError
    from drugtrends.cli.forecast import cluster_from_args, read_panel
    from drugtrends.dataset import write_dataset

    models = args.model or ["auto"]
    if args.csv is not None:
        ids, times, values, problems = read_panel(
            args.csv, args.id_col, args.time_col, args.value_col
        )
        rows = []
        for s, t, v in zip(ids, times, values, strict=True):
            if s in problems:
                continue
            rows.append(pd.DataFrame({"series_id": s, "t": t, "value": v}))
        if not rows:
            raise CLIError("no usable series in the panel")
        data: Any = pd.concat(rows, ignore_index=True)
    else:
        from drugtrends.dataset import open_dataset

        try:
            data = open_dataset(args.dataset)
        except (OSError, ValueError) as err:
            raise CLIError(f"cannot open {args.dataset}: {err}") from None
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
            except ValueError as err:
                raise CLIError(str(err)) from None
    print(format_table(results))
    if args.out is not None:
        res = results[0]
        res = res.assign_coords(series=np.asarray(res.series.values, dtype=object))
        write_dataset(res, args.out)
    return 0
