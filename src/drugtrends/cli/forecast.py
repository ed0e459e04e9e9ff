"""``drugtrends forecast``: forecasts with calibrated intervals for a CSV panel or a Dataset.

Panel mode reads a long CSV (one row per series and time; extra columns ignored; rows in any
order) and writes one row per series and future step with exactly the columns
``series_id,t,mean,lo_80,hi_80,lo_95,hi_95,model`` (the id and time columns keep the names
given, interval columns follow ``--levels``). ``t`` continues each series' own integer count.

A series with a bad row (a value that is not a number, a repeated time) is reported on
stderr with the CSV line and gets no forecast: its rows have empty numbers and model
``none``; the other series are forecast as usual. Empty values are missing years (gaps).
When no series at all can be forecast the command fails (exit code 1) with the reasons and
writes nothing. Panel output is always CSV: an ``--out`` ending in ``.nc`` is refused.
Each series' status (why a simpler model was used) is printed on stderr with ``--verbose``.

Dataset mode (``--dataset FILE.nc``) forecasts every indicator and country of a netCDF file
written by the package. ``--out`` ending in ``.nc`` writes the forecast Dataset; any other
suffix writes a tidy CSV with columns ``indicator,country,year,mean,lo_*,hi_*,model,status``.

``--scheduler ADDRESS`` runs the series chunk-wise on an existing dask.distributed cluster,
``--workers N`` on a local one of N processes (see :mod:`drugtrends.distributed`); the output
is identical to the single-process run.

Examples
--------
::

    drugtrends forecast --csv panel.csv --id-col series_id --time-col t --value-col value \\
        --horizon 6 --levels 80 95 --out forecasts.csv
    drugtrends forecast --dataset kaz.nc --horizon 5 --out kaz_forecast.nc
    drugtrends forecast --csv big_panel.csv --out forecasts.csv --scheduler tcp://10.0.0.5:8786
    drugtrends forecast --csv big_panel.csv --out forecasts.csv --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "add_cluster_options",
    "check_panel_out",
    "cluster_from_args",
    "nothing_usable",
    "read_panel",
    "register",
    "run",
]


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "forecast",
        help="forecast a CSV panel or a drugtrends Dataset with calibrated intervals",
        description=(
            "Forecast every series of a long CSV panel (--csv) or of a netCDF Dataset written "
            "by drugtrends (--dataset), with intervals calibrated on rolling-origin errors."
        ),
        epilog=(
            "Panel output: one row per series and future step, columns ID,TIME,mean,"
            "lo_L,hi_L (per level),model; TIME continues each series' own count. A series "
            "with a bad row is named on stderr with the CSV line and gets empty numbers and "
            "model 'none'; if no series can be forecast the command fails (exit 1) and "
            "writes nothing. Panel output is CSV (--out *.nc is refused). Dataset output: "
            "--out *.nc writes the forecast Dataset; any other suffix a tidy CSV "
            "(indicator,country,year,mean,lo_L,hi_L,model,status)."
        ),
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--csv", type=Path, help="long CSV panel: one row per series and time")
    src.add_argument("--dataset", type=Path, help="netCDF Dataset written by drugtrends")
    p.add_argument("--id-col", default="series_id", help="series id column (default series_id)")
    p.add_argument("--time-col", default="t", help="integer time column (default t)")
    p.add_argument("--value-col", default="value", help="value column (default value)")
    p.add_argument("--horizon", type=int, default=5, help="steps ahead (default 5)")
    p.add_argument(
        "--levels", type=float, nargs="+", default=[80.0, 95.0], help="interval levels, percent"
    )
    p.add_argument("--model", default="auto", help="model name (default auto)")
    p.add_argument(
        "--calibration",
        choices=("conformal", "none"),
        default="conformal",
        help="interval calibration (default conformal)",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output file (.csv; .nc only for --dataset); missing folders are created",
    )
    p.add_argument("--verbose", action="store_true", help="print each series' status on stderr")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_cluster_options(p)
    p.set_defaults(run=run)


def add_cluster_options(p: argparse.ArgumentParser) -> None:
    """``--scheduler ADDRESS`` / ``--workers N``: run on a dask.distributed cluster."""
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run chunk-wise on an existing dask.distributed cluster (e.g. tcp://host:8786)",
    )
    g.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run chunk-wise on a local dask.distributed cluster of N worker processes",
    )


@contextlib.contextmanager
def cluster_from_args(args: argparse.Namespace) -> Iterator[Any]:
    """A ``distributed.Client`` for ``--scheduler`` / ``--workers`` (None without them);
    a local cluster is closed on exit."""
    from drugtrends.cli import CLIError

    scheduler, workers = getattr(args, "scheduler", None), getattr(args, "workers", None)
    if not scheduler and workers is None:
        yield None
        return
    if workers is not None and workers < 1:
        raise CLIError(f"--workers must be at least 1, got {workers}")
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise CLIError(
            "--scheduler and --workers need dask.distributed: pip install 'drugtrends[distributed]'"
        )
    from drugtrends.distributed import cluster_client

    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(cluster_client(scheduler, workers))
        except (OSError, ValueError) as err:
            where = f"the scheduler at {scheduler}" if scheduler else "a local cluster"
            raise CLIError(f"cannot connect to {where}: {err}") from None
        yield client


def _level_name(level: float) -> str:
    return f"{level:g}"


def read_panel(
    path: Path, id_col: str, time_col: str, value_col: str
) -> tuple[list[str], list[Any], list[Any], dict[str, str]]:
    """Read and check a long panel CSV.

    Returns
    -------
    ids : list of str
    times : list of int arrays (each series' times, sorted)
    values : list of float arrays (NaN-filled on a consecutive time grid)
    problems : dict
        ``{series_id: message}`` for series that cannot be forecast (bad rows).

    Raises
    ------
    drugtrends.cli.CLIError
        If the file cannot be read or lacks a column.
    """
    import numpy as np
    import pandas as pd

    from drugtrends.cli import CLIError

    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise CLIError(f"no such file: {path}") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CLIError(f"cannot read {path} as CSV: {err}") from None
    missing = [c for c in (id_col, time_col, value_col) if c not in df.columns]
    if missing:
        raise CLIError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}; "
            f"the header has {', '.join(map(repr, df.columns))}"
        )
    if df.empty:
        raise CLIError(f"{path}: no data rows")
    line = np.arange(len(df)) + 2  # CSV line numbers (header is line 1)
    sid = df[id_col].str.strip()
    problems: dict[str, str] = {}
    empty_id = sid == ""
    if empty_id.any():
        raise CLIError(f"{path}: line {line[empty_id.to_numpy()][0]}: empty {id_col!r}")
    t = pd.to_numeric(df[time_col].str.strip(), errors="coerce")
    bad_t = t.isna() | (t.notna() & (t != t.round()))
    raw_v = df[value_col].str.strip()
    na_v = raw_v.str.upper().isin(["", "NA", "NAN", "NULL"])
    v = pd.to_numeric(raw_v.where(~na_v, "nan"), errors="coerce")
    bad_v = v.isna() & ~na_v | np.isinf(v.fillna(0))
    for mask, what, col in (
        (bad_t, "is not an integer", time_col),
        (bad_v, "is not a number", value_col),
    ):
        for j in np.flatnonzero(mask.to_numpy()):
            s = sid.iloc[j]
            if s not in problems:
                val = df[col].iloc[j]
                problems[s] = f"line {line[j]}: {col} {val!r} {what}"
    frame = pd.DataFrame({"sid": sid, "t": t, "v": v, "line": line})
    frame = frame[~bad_t.to_numpy()]
    dup = frame.duplicated(["sid", "t"], keep=False)
    for s, grp in frame[dup].groupby("sid", sort=False):
        if s not in problems:
            lines = grp["line"].tolist()
            problems[s] = (
                f"lines {lines[0]} and {lines[1]}: repeated {time_col} {int(grp['t'].iloc[0])}"
            )
    ids, times, values = [], [], []
    order = list(dict.fromkeys(sid))  # first-appearance order
    groups = {k: g for k, g in frame.groupby("sid", sort=False)}
    for s in order:
        ids.append(s)
        g = groups.get(s)
        if s in problems or g is None or g.empty:
            if s not in problems:
                problems[s] = "no usable rows"
            tt = (
                g["t"].to_numpy().astype(np.int64)
                if g is not None
                else np.array([], dtype=np.int64)
            )
            times.append(np.unique(tt))
            values.append(np.array([], dtype=float))
            continue
        g = g.sort_values("t")
        tt = g["t"].to_numpy().astype(np.int64)
        grid = np.arange(tt.min(), tt.max() + 1)
        vals = np.full(grid.size, np.nan)
        vals[tt - tt.min()] = g["v"].to_numpy(float)
        times.append(grid)
        values.append(vals)
    return ids, times, values, problems


class _Progress:
    def __init__(self, total: int, disable: bool, desc: str) -> None:
        from tqdm.auto import tqdm

        self.bar = tqdm(
            total=total, file=sys.stderr, disable=disable or None, desc=desc, unit="series"
        )
        self.done = 0

    def __call__(self, done: int) -> None:
        self.bar.update(max(done - self.done, 0))
        self.done = max(done, self.done)

    def close(self) -> None:
        self.bar.close()


def run(args: argparse.Namespace) -> int:
    from drugtrends.cli import CLIError

    if args.horizon < 1:
        raise CLIError(f"--horizon must be at least 1, got {args.horizon}")
    for lv in args.levels:
        if not 0 < lv < 100:
            raise CLIError(f"--levels are percentages between 0 and 100, got {lv:g}")
    from drugtrends.models import available_models

    if args.model not in available_models():
        raise CLIError(
            f"unknown --model {args.model!r}; choose from {', '.join(available_models())}"
        )
    if args.csv is not None:
        return _run_panel(args)
    return _run_dataset(args)


def nothing_usable(what: str, path: Path, n_series: int, reasons: dict[str, str]) -> Any:
    """The :class:`~drugtrends.cli.CLIError` for a panel none of whose series can be used.

    Parameters
    ----------
    what : str
        What could not be done, e.g. ``"forecast"``.
    path : Path
        The panel file.
    n_series : int
        Number of series in the panel.
    reasons : dict
        ``{series_id: why}``; the first three are quoted in the message.
    """
    from drugtrends.cli import CLIError

    shown = [f"series {s!r}: {why}" for s, why in list(reasons.items())[:3]]
    more = len(reasons) - len(shown)
    tail = f"; and {more} more (listed above)" if more > 0 else ""
    if n_series == 1:
        head = f"the only series in {path} could not be {what}"
    else:
        head = f"none of the {n_series} series in {path} could be {what}"
    return CLIError(f"{head}: {'; '.join(shown)}{tail}")


def check_panel_out(out: Path) -> None:
    """Refuse a netCDF ``--out`` for panel (``--csv``) output, which is written as CSV.

    Raises
    ------
    drugtrends.cli.CLIError
        If ``out`` ends in ``.nc``.
    """
    from drugtrends.cli import CLIError

    if out.suffix.lower() == ".nc":
        raise CLIError(
            f"--out {out}: a --csv panel's forecasts are written as CSV, not netCDF; give a "
            f"file name such as {out.with_suffix('.csv').name} (--out *.nc is for --dataset)"
        )


def _run_panel(args: argparse.Namespace) -> int:
    import numpy as np
    import pandas as pd

    from drugtrends._io import atomic_path
    from drugtrends.models.engine import forecast_arrays

    check_panel_out(args.out)
    ids, times, values, problems = read_panel(args.csv, args.id_col, args.time_col, args.value_col)
    for s, msg in problems.items():
        print(f"drugtrends forecast: series {s!r}: {msg}; no forecast", file=sys.stderr)
    ok = [i for i, s in enumerate(ids) if s not in problems]
    if not ok:
        raise nothing_usable("forecast", args.csv, len(ids), problems)
    with cluster_from_args(args) as client:
        if client is not None:
            from drugtrends.distributed import forecast_series

            out = forecast_series(
                [values[i] for i in ok],
                horizon=args.horizon,
                levels=args.levels,
                model=args.model,
                calibration=args.calibration,
                seed=args.seed,
                client=client,
                progress=not args.no_progress and sys.stderr.isatty(),
            )
        else:
            bar = _Progress(len(ok), args.no_progress, "forecast")
            try:
                out = forecast_arrays(
                    [values[i] for i in ok],
                    horizon=args.horizon,
                    levels=args.levels,
                    model=args.model,
                    calibration=args.calibration,
                    seed=args.seed,
                    progress=bar,
                )
            finally:
                bar.close()
    H = args.horizon
    cols: dict[str, list[Any]] = {args.id_col: [], args.time_col: [], "mean": []}
    lvl_cols = []
    for lv in args.levels:
        lvl_cols += [f"lo_{_level_name(lv)}", f"hi_{_level_name(lv)}"]
    for c in lvl_cols:
        cols[c] = []
    cols["model"] = []
    pos = {i: k for k, i in enumerate(ok)}
    for i, s in enumerate(ids):
        k = pos.get(i)
        if k is not None and out.last_index[k] >= 0:
            t_last = int(times[i][out.last_index[k]])
        elif times[i].size:
            t_last = int(times[i][-1])
        else:
            t_last = None
        for h in range(H):
            cols[args.id_col].append(s)
            cols[args.time_col].append(t_last + h + 1 if t_last is not None else pd.NA)
            if k is None:
                cols["mean"].append(np.nan)
                for c in lvl_cols:
                    cols[c].append(np.nan)
                cols["model"].append("none")
                continue
            cols["mean"].append(out.mean[k, h])
            for lv in args.levels:
                a = round((100 - lv) / 200, 10)
                jl = int(np.argmin(np.abs(out.probs - a)))
                ju = int(np.argmin(np.abs(out.probs - (1 - a))))
                cols[f"lo_{_level_name(lv)}"].append(out.quantiles[k, h, jl])
                cols[f"hi_{_level_name(lv)}"].append(out.quantiles[k, h, ju])
            cols["model"].append(out.model[k] or "none")
        st = out.status[k] if k is not None else "ok"
        if k is not None and (args.verbose or st.startswith("no forecast") or "failed" in st):
            print(f"drugtrends forecast: series {s!r}: {st}", file=sys.stderr)
    failed = {ids[i]: out.status[k] for k, i in enumerate(ok) if not out.model[k]}
    if len(failed) == len(ok):
        raise nothing_usable("forecast", args.csv, len(ids), {**problems, **failed})
    table = pd.DataFrame(cols)
    with atomic_path(args.out) as tmp:
        table.to_csv(tmp, index=False, float_format="%.10g")
    n_bad = len(problems) + len(failed)
    print(
        f"drugtrends forecast: {len(ids) - n_bad} of {len(ids)} series forecast, "
        f"{H} steps, written to {args.out}",
        file=sys.stderr,
    )
    return 0


def _run_dataset(args: argparse.Namespace) -> int:
    import numpy as np
    import pandas as pd

    from drugtrends._io import atomic_path
    from drugtrends.cli import CLIError, error_message
    from drugtrends.models import forecast

    try:
        from drugtrends.dataset import open_dataset

        ds = open_dataset(args.dataset)
    except FileNotFoundError:
        raise CLIError(f"no such file: {args.dataset}") from None
    except (OSError, ValueError) as err:
        raise CLIError(f"cannot open {args.dataset} as a drugtrends Dataset: {err}") from None
    try:
        with cluster_from_args(args) as client:
            fc = forecast(
                ds,
                model=args.model,
                horizon=args.horizon,
                levels=args.levels,
                calibration=args.calibration,
                seed=args.seed,
                client=client,
                progress=client is not None and not args.no_progress and sys.stderr.isatty(),
            )
    except (KeyError, ValueError) as err:
        raise CLIError(error_message(err)) from None
    if args.out.suffix.lower() == ".nc":
        from drugtrends.dataset import write_dataset

        write_dataset(fc, args.out)
        return 0
    rows = []
    names = [str(k)[:-5] for k in fc.data_vars if str(k).endswith("_mean")]
    probs = fc["quantile"].values
    for name in names:
        for c in fc.country.values:
            for y in fc.year.values:
                m = float(fc[f"{name}_mean"].sel(country=c, year=y))
                if not np.isfinite(m):
                    continue
                row = {"indicator": name, "country": str(c), "year": int(y), "mean": m}
                q = fc[name].sel(country=c, year=y).values
                for lv in args.levels:
                    a = round((100 - lv) / 200, 10)
                    row[f"lo_{_level_name(lv)}"] = q[int(np.argmin(np.abs(probs - a)))]
                    row[f"hi_{_level_name(lv)}"] = q[int(np.argmin(np.abs(probs - (1 - a))))]
                row["model"] = str(fc[f"{name}_model"].sel(country=c).item())
                row["status"] = str(fc[f"{name}_status"].sel(country=c).item())
                rows.append(row)
            st = str(fc[f"{name}_status"].sel(country=c).item())
            if args.verbose or st.startswith("no forecast"):
                print(f"drugtrends forecast: {name}/{c}: {st}", file=sys.stderr)
    with atomic_path(args.out) as tmp:
        pd.DataFrame(rows).to_csv(tmp, index=False, float_format="%.10g")
    return 0
