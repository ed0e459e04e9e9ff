"""``drugtrends forecast``: forecasts with calibrated intervals for a CSV panel or a Dataset.

Panel mode reads a long CSV (one row per series and time; extra columns ignored; rows in any
order) and writes one row per series and future step with exactly the columns
``series_id,t,mean,lo_80,hi_80,lo_95,hi_95,model,status`` (the id and time columns keep the
names given, interval columns follow ``--levels``, duplicate levels are merged; ``status``
says why a simpler model or no interval was used). ``t`` continues each series' own integer
count. Text cells that a spreadsheet would run as a formula get a leading ``'``.

A series with a bad row (a value that is not a number, a repeated time) is reported on
stderr with the CSV line and gets no forecast: its rows have empty numbers, model
``none`` and the reason in ``status``; the other series are forecast as usual. So does a
series whose times span more than 100,000 steps (a typo such as 20100 for 2010). A file
that is not a UTF-8 comma-separated CSV (gzip, Latin-1, semicolons, NUL bytes, ragged or
truncated rows, spaces around ids or numbers) is refused with its line and how to fix it.
Empty values are missing years (gaps). When no series at all can be forecast the command
fails (exit code 1) with the reasons and writes nothing. Panel output is always CSV: an
``--out`` ending in ``.nc`` is refused. Each series' status is also printed on stderr with
``--verbose``. A bad ``--out`` (a folder, a path through a file, a folder that cannot be
written) is refused before any work.

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
            "lo_L,hi_L (per level),model,status; TIME continues each series' own count. A "
            "series with a bad row is named on stderr with the CSV line and gets empty "
            "numbers, model 'none' and the reason as status; if no series can be forecast "
            "the command fails (exit 1) and writes nothing. Panel output is CSV (--out "
            "*.nc is refused). Dataset output: "
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


#: Longest --horizon accepted (steps ahead).
MAX_HORIZON = 1000
#: Largest time value accepted in a panel (|t|); larger ones are refused, not wrapped around.
MAX_TIME = 10**9
#: Most steps one series may span, gaps included (its grid is allocated): a typo such as
#: 20100 for 2010 is refused with a message instead of allocating gigabytes.
MAX_SPAN = 100_000


def _csv_text(path: Path) -> str:
    """The text of a panel file, or a CLIError saying why it is not a UTF-8 CSV text file."""
    from drugtrends.cli import CLIError

    if path.is_dir():
        raise CLIError(f"--csv {path}: is a folder, not a CSV file; give the file inside it")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CLIError(f"no such file: {path}") from None
    except OSError as err:
        raise CLIError(f"cannot read {path}: {err.strerror or err}") from None
    if raw.startswith(b"\x1f\x8b"):
        raise CLIError(
            f"{path}: line 1: the file is gzip-compressed, not a CSV text file; decompress "
            f"it first (gunzip -k {path}) and give the .csv file"
        )
    if raw.startswith(b"PK\x03\x04"):
        raise CLIError(
            f"{path}: line 1: the file is a zip archive (an .xlsx spreadsheet?), not a CSV "
            "text file; export the sheet as 'CSV UTF-8'"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CLIError(
            f"{path}: line 1: the file is UTF-16 text; save it as UTF-8 "
            f"(e.g. iconv -f utf-16 -t utf-8 {path} > fixed.csv)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise CLIError(
            f"{path}: line {line}, character {col}: byte 0x{raw[err.start]:02x} is not "
            "UTF-8 text; the file seems to be Latin-1 or Windows-1252: save it as UTF-8 "
            f"(e.g. iconv -f latin1 -t utf-8 {path} > fixed.csv)"
        ) from None
    return text


def _nul_error(path: Path, text: str) -> Any:
    """The CLIError for the first NUL byte of ``text``, naming its line and column."""
    import csv

    from drugtrends.cli import CLIError

    i = text.index("\x00")
    line = text.count("\n", 0, i) + 1
    first = text.split("\n", 1)[0]
    this = text[text.rfind("\n", 0, i) + 1 :].split("\n", 1)[0]
    where = f"line {line}"
    try:
        header = next(csv.reader([first]))
        fields = next(csv.reader([this]))
        k = next(j for j, f in enumerate(fields) if "\x00" in f)
        where += f", column {header[k]!r}" if k < len(header) else f", field {k + 1}"
    except (csv.Error, StopIteration):
        pass
    return CLIError(
        f"{path}: {where}: a NUL byte (\\x00) in the field; the file is damaged or not a "
        "text CSV: remove the NUL bytes (e.g. tr -d '\\000' < in.csv > fixed.csv) and check "
        "the values around them"
    )


def _delimiter_hint(header: list[str]) -> str:
    if len(header) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
            if sep in header[0]:
                return (
                    f"; the file seems to use {name} between fields: save it with commas "
                    "(e.g. in a spreadsheet: CSV, field separator ',')"
                )
    if any(h != h.strip() for h in header):
        return "; the header has spaces around names: remove them"
    return ""


def read_panel(
    path: Path, id_col: str, time_col: str, value_col: str
) -> tuple[list[str], list[Any], list[Any], dict[str, str]]:
    r"""Read and check a long panel CSV.

    The file must be UTF-8 (a byte-order mark is fine) CSV text with a header row,
    comma-separated, every row with as many fields as the header (blank lines are skipped).
    Ids, times and values must not have spaces around them and no field may hold a NUL
    byte: these are refused with the file, line and column, as are gzip, zip, UTF-16 and
    Latin-1 files and semicolon-separated ones (with how to fix them). Times must be whole
    numbers with ``|t| <=`` :data:`MAX_TIME`, and one series may span at most
    :data:`MAX_SPAN` steps, gaps included.

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
        If the file cannot be read, is not a well-formed CSV, or lacks a column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "p.csv"
    >>> _ = f.write_text("series_id,t,value\na,1,2.5\na,3,4\n")
    >>> ids, times, values, problems = read_panel(f, "series_id", "t", "value")
    >>> ids, times[0].tolist(), values[0].tolist(), problems
    (['a'], [1, 2, 3], [2.5, nan, 4.0], {})
    """
    import csv
    import io

    import numpy as np
    import pandas as pd

    from drugtrends.cli import CLIError

    names = (id_col, time_col, value_col)
    if len(set(names)) < 3:
        raise CLIError(
            f"--id-col, --time-col and --value-col must name three different columns, "
            f"got {id_col!r}, {time_col!r}, {value_col!r}"
        )
    text = _csv_text(path)
    if "\x00" in text:
        raise _nul_error(path, text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    cols: tuple[int, int, int] = (0, 0, 0)
    sid_raw: list[str] = []
    t_raw: list[str] = []
    v_raw: list[str] = []
    lines: list[int] = []
    prev = 0
    try:
        for row in reader:
            start, prev = prev + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if header is None:
                header = row
                missing = [c for c in names if c not in header]
                if missing:
                    raise CLIError(
                        f"{path}: line {start}: missing column(s) "
                        f"{', '.join(map(repr, missing))}; "
                        f"the header has {', '.join(map(repr, header))}"
                        f"{_delimiter_hint(header)}"
                    )
                twice = [c for c in names if header.count(c) > 1]
                if twice:
                    raise CLIError(
                        f"{path}: line {start}: column {twice[0]!r} appears "
                        f"{header.count(twice[0])} times in the header; rename or remove "
                        "the extra one"
                    )
                cols = (header.index(id_col), header.index(time_col), header.index(value_col))
                continue
            if len(row) != len(header):
                raise CLIError(
                    f"{path}: line {start}: {len(row)} field{'s' if len(row) != 1 else ''}, "
                    f"the header has {len(header)}; fix the row (a truncated file, or a "
                    "comma inside a value that is not quoted?)"
                )
            sid_raw.append(row[cols[0]])
            t_raw.append(row[cols[1]])
            v_raw.append(row[cols[2]])
            lines.append(start)
    except csv.Error as err:
        hint = ""
        if "end of data" in str(err) or "EOF" in str(err):
            hint = "; a quoted field is not closed: the file may be truncated"
        elif "field larger" in str(err):
            hint = f" ({csv.field_size_limit():,} characters); a quote is probably not closed"
        raise CLIError(f"{path}: line {reader.line_num}: not a valid CSV: {err}{hint}") from None
    if header is None:
        raise CLIError(f"{path}: the file is empty (no header row)")
    if not sid_raw:
        raise CLIError(f"{path}: no data rows")
    line = np.asarray(lines)
    for raw, col in ((sid_raw, id_col), (t_raw, time_col), (v_raw, value_col)):
        for j, val in enumerate(raw):
            if val != val.strip():
                raise CLIError(
                    f"{path}: line {line[j]}, column {col!r}: {val!r} has spaces around it; "
                    "remove them (ids with spaces would be read as other series)"
                )
    sid = pd.Series(sid_raw, dtype=object)
    empty_id = (sid == "").to_numpy()
    if empty_id.any():
        raise CLIError(f"{path}: line {line[empty_id][0]}: empty {id_col!r}")
    problems: dict[str, str] = {}
    t = pd.to_numeric(pd.Series(t_raw, dtype=object), errors="coerce").astype(float)
    bad_t = (t.isna() | (t != t.round())).to_numpy()
    far_t = (~bad_t) & (t.abs() > MAX_TIME).to_numpy()
    raw_v = pd.Series(v_raw, dtype=object)
    na_v = raw_v.str.upper().isin(["", "NA", "NAN", "NULL"])
    v = pd.to_numeric(raw_v.where(~na_v, "nan"), errors="coerce").astype(float)
    bad_v = (v.isna() & ~na_v | np.isinf(v.fillna(0))).to_numpy()
    for mask, what, col, shown in (
        (bad_t, "is not an integer", time_col, t_raw),
        (far_t, f"is out of range (|{time_col}| at most {MAX_TIME:,})", time_col, t_raw),
        (bad_v, "is not a number", value_col, v_raw),
    ):
        for j in np.flatnonzero(mask):
            s = sid.iloc[j]
            if s not in problems:
                problems[s] = f"line {line[j]}: {col} {shown[j]!r} {what}"
    keep = ~(bad_t | far_t)
    # one sort by (series, time, line) instead of a pandas group per series
    codes, uniques = pd.factorize(sid)  # first-appearance order
    c, tt, vv, ln = codes[keep], t.to_numpy()[keep].astype(np.int64), v.to_numpy()[keep], line[keep]
    order = np.lexsort((ln, tt, c))
    c, tt, vv, ln = c[order], tt[order], vv[order], ln[order]
    same = (c[1:] == c[:-1]) & (tt[1:] == tt[:-1])
    for i in np.flatnonzero(same) + 1:
        s = uniques[c[i]]
        if s not in problems:
            problems[s] = f"lines {ln[i - 1]} and {ln[i]}: repeated {time_col} {tt[i]}"
    bounds = np.searchsorted(c, np.arange(len(uniques) + 1))
    ids, times, values = [], [], []
    for k, s in enumerate(uniques):
        ids.append(s)
        a, b = bounds[k], bounds[k + 1]
        if s not in problems and b > a:
            span = int(tt[b - 1]) - int(tt[a]) + 1
            if span > MAX_SPAN:
                problems[s] = (
                    f"{time_col} runs from {tt[a]} (line {ln[a]}) to {tt[b - 1]} (line "
                    f"{ln[b - 1]}), {span:,} steps with the gaps; at most {MAX_SPAN:,} are "
                    f"allowed: check the {time_col} column"
                )
        if s in problems or b == a:
            problems.setdefault(s, "no usable rows")
            times.append(np.unique(tt[a:b]))
            values.append(np.array([], dtype=float))
            continue
        grid = np.arange(tt[a], tt[b - 1] + 1, dtype=np.int64)
        vals = np.full(grid.size, np.nan)
        vals[tt[a:b] - tt[a]] = vv[a:b]
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
    from drugtrends.cli import CLIError, check_levels, check_out

    if args.horizon < 1:
        raise CLIError(f"--horizon must be at least 1, got {args.horizon}")
    if args.horizon > MAX_HORIZON:
        raise CLIError(f"--horizon must be at most {MAX_HORIZON}, got {args.horizon}")
    for lv in args.levels:
        if not 0 < lv < 100:
            raise CLIError(f"--levels are percentages between 0 and 100, got {lv:g}")
    args.levels = check_levels(args.levels)
    from drugtrends.models import available_models

    if args.model not in available_models():
        raise CLIError(
            f"unknown --model {args.model!r}; choose from {', '.join(available_models())}"
        )
    if args.csv is not None:
        check_panel_out(args.out)
    check_out(args.out)
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

    from drugtrends._io import atomic_path, spreadsheet_safe_frame
    from drugtrends.models.engine import forecast_arrays
    from drugtrends.rules import level_positions

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
    cols["status"] = []
    bounds = {lv: level_positions(out.probs, lv) for lv in args.levels}
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
                cols["status"].append(f"no forecast: {problems[s]}")
                continue
            cols["mean"].append(out.mean[k, h])
            for lv in args.levels:
                jl, ju = bounds[lv]
                cols[f"lo_{_level_name(lv)}"].append(out.quantiles[k, h, jl])
                cols[f"hi_{_level_name(lv)}"].append(out.quantiles[k, h, ju])
            cols["model"].append(out.model[k] or "none")
            cols["status"].append(out.status[k])
        st = out.status[k] if k is not None else "ok"
        if k is not None and (args.verbose or out.code[k] != "ok"):
            print(f"drugtrends forecast: series {s!r}: {st}", file=sys.stderr)
    failed = {ids[i]: out.status[k] for k, i in enumerate(ok) if not out.model[k]}
    if len(failed) == len(ok):
        raise nothing_usable("forecast", args.csv, len(ids), {**problems, **failed})
    table = spreadsheet_safe_frame(pd.DataFrame(cols), [args.id_col, "model", "status"])
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

    from drugtrends._io import atomic_path, spreadsheet_safe_frame
    from drugtrends.cli import CLIError, error_message
    from drugtrends.models import forecast
    from drugtrends.rules import level_positions

    try:
        from drugtrends.dataset import open_dataset

        ds = open_dataset(args.dataset, require_indicators=True)
    except FileNotFoundError:
        raise CLIError(f"no such file: {args.dataset}") from None
    except (OSError, ValueError) as err:
        raise CLIError(error_message(err)) from None
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
    rows = []
    reasons: dict[str, str] = {}
    names = [str(k)[:-5] for k in fc.data_vars if str(k).endswith("_mean")]
    probs = fc["quantile"].values
    bounds = {lv: level_positions(probs, lv) for lv in args.levels}
    for name in names:
        for c in fc.country.values:
            for y in fc.year.values:
                m = float(fc[f"{name}_mean"].sel(country=c, year=y))
                if not np.isfinite(m):
                    continue
                row = {"indicator": name, "country": str(c), "year": int(y), "mean": m}
                q = fc[name].sel(country=c, year=y).values
                for lv in args.levels:
                    row[f"lo_{_level_name(lv)}"] = q[bounds[lv][0]]
                    row[f"hi_{_level_name(lv)}"] = q[bounds[lv][1]]
                row["model"] = str(fc[f"{name}_model"].sel(country=c).item())
                row["status"] = str(fc[f"{name}_status"].sel(country=c).item())
                rows.append(row)
            st = str(fc[f"{name}_status"].sel(country=c).item())
            none = str(fc[f"{name}_outcome"].sel(country=c).item()) == "none"
            if none:
                reasons[f"{name}/{c}"] = st
            if args.verbose or none:
                print(f"drugtrends forecast: {name}/{c}: {st}", file=sys.stderr)
    if not rows:
        n = sum(fc.sizes["country"] for _ in names)
        raise nothing_usable("forecast", args.dataset, n, reasons)
    if args.out.suffix.lower() == ".nc":
        from drugtrends.dataset import write_dataset

        write_dataset(fc, args.out)
        return 0
    table = spreadsheet_safe_frame(pd.DataFrame(rows), ["indicator", "country", "model", "status"])
    with atomic_path(args.out) as tmp:
        table.to_csv(tmp, index=False, float_format="%.10g")
    return 0
