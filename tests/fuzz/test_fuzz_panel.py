"""Fuzz: panel CSVs for ``forecast --csv`` and ``backtest --csv``.

A panel of 1-3 good series is damaged field by field (odd ids, times and values: spaces,
NUL bytes, formulas, huge or absurd numbers, repeated times) and file by file (cut short,
Latin-1, gzip, semicolons, a byte-order mark, CRLF, blank lines, a NUL byte, no header).
Every run ends with exit 0 and a sane table, or exit 1 with a message, no traceback and
the existing output file byte-identical.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz._cases import count
from tests.fuzz._run import FUZZ, OLD, check_outcome, run_cli

ODD_IDS = [
    " s0",
    "s0 ",
    "",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1",
    "-5",
    "s0\x00",
    "a,b",
    'q"q',
    "Düsseldorf",
    "\t",
    "x" * 300,
    "s1\n",
]
ODD_TIMES = [
    "1e20",
    "1e300",
    "-1e300",
    "1e10",
    "1000000",
    "2.5",
    "nan",
    "",
    "x",
    " 3",
    "3 ",
    "0x10",
    "1e3",
    "-0",
    "inf",
    "999999999",
    "-999999999",
]
ODD_VALUES = [
    "",
    "NA",
    "x",
    "1,5",
    "1e400",
    "-1e400",
    " 2",
    "12\x0099",
    "1.7e308",
    "-1.7e308",
    "1e-320",
    "0",
    "-0",
    "nan",
    "inf",
]

field_edit = st.tuples(
    st.sampled_from(["id", "t", "value"]),
    st.integers(0, 40),
    st.sampled_from(range(max(len(ODD_IDS), len(ODD_TIMES), len(ODD_VALUES)))),
)


@st.composite
def panels(draw) -> tuple[bytes, int]:
    """Bytes of a (damaged) panel CSV file and the number of series it started with."""
    n_series = draw(st.integers(1, 3))
    rows: list[list[str]] = []
    for k in range(n_series):
        n = draw(st.integers(0, 14))
        t0 = draw(st.sampled_from([1, 0, -5, 2000]))
        step = draw(st.sampled_from([1, 1, 1, 2, 5]))
        level = draw(st.floats(-1e6, 1e6, allow_nan=False))
        for i in range(n):
            v = level + draw(st.floats(-100, 100, allow_nan=False))
            rows.append([f"s{k}", str(t0 + step * i), repr(v)])
    draw(st.randoms(use_true_random=False)).shuffle(rows)
    for what, where, which in draw(st.lists(field_edit, max_size=4)):
        if what == "id":
            token = ODD_IDS[which % len(ODD_IDS)]
        elif what == "t":
            token = ODD_TIMES[which % len(ODD_TIMES)]
        else:
            token = ODD_VALUES[which % len(ODD_VALUES)]
        col = ("id", "t", "value").index(what)
        if rows and where < len(rows):
            rows[where][col] = token
        else:  # a new row in series s0
            row = ["s0", str(where), "1.0"]
            row[col] = token
            rows.append(row)
    if rows and draw(st.booleans()):  # a repeated row
        rows.append(list(rows[draw(st.integers(0, len(rows) - 1))]))
    buf = io.StringIO()
    header = ["series_id", "t", "value"] + (["note"] if draw(st.booleans()) else [])
    if draw(st.booleans()):
        csv.writer(buf, lineterminator="\n").writerows(
            [header, *[r + ["n"] * (len(header) - 3) for r in rows]]
        )
    else:  # written by hand: no quoting at all
        for r in [header, *[r + ["n"] * (len(header) - 3) for r in rows]]:
            buf.write(",".join(r) + "\n")
    text = buf.getvalue()
    damage = draw(
        st.sampled_from(
            [
                "none",
                "none",
                "none",
                "cut",
                "latin1",
                "gzip",
                "semicolon",
                "bom",
                "crlf",
                "blank",
                "nul",
                "no header",
                "empty",
                "utf16",
            ]
        )
    )
    data = text.encode("utf-8")
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "latin1":
        data = text.replace("s0", "s\u00e90").encode("latin-1", errors="replace")
    elif damage == "gzip":
        data = gzip.compress(data, mtime=0)
    elif damage == "semicolon":
        data = text.replace(",", ";").encode()
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "crlf":
        data = text.replace("\n", "\r\n").encode()
    elif damage == "blank":
        data = text.replace("\n", "\n\n", 2).encode()
    elif damage == "nul":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    elif damage == "no header":
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
    elif damage == "empty":
        data = b""
    elif damage == "utf16":
        data = text.encode("utf-16")
    return data, n_series


def _check_table(path: Path, horizon: int, levels: list[float]) -> None:
    """A forecast table: the columns, ``horizon`` rows per series, ordered intervals."""
    table = pd.read_csv(path, dtype={"series_id": str, "status": str, "model": str})
    names = [f"{lv:g}" for lv in dict.fromkeys(levels)]
    bounds = [c for lv in names for c in (f"lo_{lv}", f"hi_{lv}")]
    assert list(table.columns) == ["series_id", "t", "mean", *bounds, "model", "status"]
    assert len(table) % horizon == 0 and len(table) > 0
    assert table["status"].notna().all() and table["model"].notna().all()
    for row in table.itertuples(index=False):
        mean = row.mean
        if math.isnan(mean):
            assert row.model == "none" or "no forecast" in row.status or "failed" in row.status
            continue
        if abs(mean) > 1e300:  # the engine's own item (overflow near the float limit)
            continue
        for lv in names:
            lo, hi = getattr(row, f"lo_{lv}"), getattr(row, f"hi_{lv}")
            if not (math.isnan(lo) or math.isnan(hi)):
                assert lo <= mean <= hi, (row, lv)


@settings(FUZZ, max_examples=120)
@given(
    panel=panels(),
    horizon=st.integers(1, 4),
    levels=st.sampled_from([["80", "95"], ["80", "80"], ["50"], ["95", "80.00000000001"]]),
    model=st.sampled_from(["auto", "naive", "drift"]),
)
def test_fuzz_forecast_panel(panel, horizon, levels, model):
    count("forecast --csv")
    data, _ = panel
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "panel.csv", Path(tmp) / "out" / "forecast.csv"
        src.write_bytes(data)
        out.parent.mkdir()
        out.write_bytes(OLD)
        argv = ["forecast", "--csv", str(src), "--out", str(out), "--horizon", str(horizon)]
        rc, _, err = run_cli([*argv, "--levels", *levels, "--model", model, "--no-progress"])
        check_outcome(rc, err, [out])
        if rc == 0:
            _check_table(out, horizon, [float(lv) for lv in levels])


@settings(FUZZ, max_examples=30)
@given(panel=panels(), horizon=st.integers(1, 3))
def test_fuzz_backtest_panel(panel, horizon):
    count("backtest --csv")
    data, _ = panel
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "panel.csv", Path(tmp) / "results.nc"
        src.write_bytes(data)
        out.write_bytes(OLD)
        argv = ["backtest", "--csv", str(src), "--horizon", str(horizon), "--origins", "2"]
        rc, stdout, err = run_cli([*argv, "--model", "naive", "--out", str(out)])
        check_outcome(rc, err, [out])
        if rc == 0:
            assert "sMAPE" in stdout and out.read_bytes() != OLD
