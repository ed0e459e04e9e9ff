"""Fuzz: command-line arguments (options, numbers and output targets) on good input.

Random option lists for ``forecast``, ``backtest``, ``trend`` and ``undercount`` with odd
numbers (negative, zero, huge, NaN, text), duplicate levels, unknown models and columns,
and bad ``--out`` targets (an existing folder, a path through a file, wrong suffixes, a
missing folder). Every run ends with exit 0, exit 1 with a message, or exit 2 (a usage
error from argparse), never a traceback; an existing output file is byte-identical after
a failure.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz._cases import count
from tests.fuzz._run import FUZZ, OLD, check_outcome, run_cli

INTS = st.sampled_from(["0", "1", "2", "3", "-1", "1000", "1001", str(10**12), "2.5", "x", ""])
FLOATS = st.sampled_from(
    ["80", "95", "50", "0", "100", "0.95", "-5", "nan", "inf", "80.00000000001", "1e-300", "x"]
)
#: --out targets, relative to a fresh folder holding panel.csv, a file and a folder.
OUTS = st.sampled_from(
    [
        "out.csv",
        "out.nc",
        "out.pdf",
        "out",
        "new/deeper/out.csv",
        "a_folder",
        "a_folder.csv",
        "a_file/out.csv",
        "a_file",
        "",
        ".",
    ]
)

OPTIONS = {
    "forecast": {
        "--horizon": INTS,
        "--levels": st.lists(FLOATS, min_size=0, max_size=3),
        "--model": st.sampled_from(["auto", "naive", "drift", "ets", "nope", ""]),
        "--calibration": st.sampled_from(["conformal", "none", "bogus"]),
        "--seed": INTS,
        "--id-col": st.sampled_from(["series_id", "t", "nope"]),
        "--time-col": st.sampled_from(["t", "value"]),
        "--out": OUTS,
    },
    "backtest": {
        "--horizon": INTS,
        "--levels": st.lists(FLOATS, min_size=0, max_size=3),
        "--model": st.sampled_from(["naive", "drift", "nope"]),
        "--origins": INTS,
        "--out": OUTS,
    },
    "trend": {
        "--start": st.sampled_from(["2010", "2020", "-5", "99999", "x"]),
        "--end": st.sampled_from(["2015", "2010", "0", str(10**12)]),
        "--level": FLOATS,
        "--method": st.sampled_from(["hac", "ols", "gls_ar1", "x"]),
        "--partial": st.sampled_from(["annualize", "drop", "keep"]),
        "--indicator": st.sampled_from(["heroin_seizures", "nope", "=1+1"]),
        "--country": st.sampled_from(["KAZ", "kaz", "XYZ", ""]),
        "--out": OUTS,
    },
    "undercount": {
        "--draws": st.sampled_from(["100", "99", "0", "-1", "x"]),
        "--model": st.sampled_from(["total", "share", "x"]),
        "--estimates": st.sampled_from(["estimated_pwid", "nope", "registered_drug_users"]),
        "--country": st.sampled_from(["KAZ", "XYZ"]),
        "--out": OUTS,
    },
}


@st.composite
def command_lines(draw) -> tuple[str, list[str]]:
    # trend and undercount runs take ~0.5 s each: fewer of them
    command = draw(st.sampled_from(["forecast", "backtest"] * 3 + ["trend", "undercount"]))
    options = OPTIONS[command]
    argv = [command]
    if command in ("forecast", "backtest"):
        argv += ["--csv", "{dir}/panel.csv"]
    if command == "forecast":
        argv += ["--no-progress"]
    if command == "undercount":
        argv += ["--draws", "100"]  # keep it fast; a later --draws wins
    if command in ("trend", "undercount") and draw(st.integers(0, 5)) != 5:
        argv += ["--dataset", f"{{dir}}/{command}.nc"]  # small: fast
    chosen = draw(st.lists(st.sampled_from(sorted(options)), max_size=4, unique=True))
    if command == "forecast" and "--out" not in chosen:
        chosen.append("--out")
    for opt in chosen:
        value = draw(options[opt])
        if isinstance(value, list):
            argv += [opt, *value]
        else:
            argv += [opt, value if opt != "--out" else f"{{dir}}/{value}"]
    return command, argv


@functools.cache
def _small_datasets() -> dict[str, bytes]:
    """Bytes of two small Datasets from the shipped data: one indicator for ``trend``, the
    register and an estimate for ``undercount``."""
    import drugtrends as dt
    from drugtrends.dataset import companions

    ds = dt.load_dataset("KAZ")
    per_record = [v for v in ds.data_vars if {"record", "source"} & set(ds[v].dims)]
    out = {}
    for command, names in (
        ("trend", ["heroin_seizures"]),
        ("undercount", ["registered_drug_users", "estimated_pwid"]),
    ):
        keep = [n for n in names if n in ds]
        keep += [v.name for n in keep for v in companions(ds, n).values()]
        with tempfile.TemporaryDirectory() as tmp:
            path = dt.write_dataset(ds[keep + per_record], Path(tmp) / "x.nc")
            out[command] = path.read_bytes()
    return out


def _folder(tmp: Path) -> None:
    for command, data in _small_datasets().items():
        (tmp / f"{command}.nc").write_bytes(data)
    rows = ["series_id,t,value"]
    for k in range(2):
        rows += [f"s{k},{t},{10 * (k + 1) + t + t % 3}" for t in range(1, 13)]
    (tmp / "panel.csv").write_text("\n".join(rows) + "\n")
    (tmp / "a_file").write_bytes(OLD)
    (tmp / "a_folder").mkdir()
    (tmp / "a_folder.csv").mkdir()
    for name in ("out.csv", "out.nc", "out.pdf", "out"):
        (tmp / name).write_bytes(OLD)


@settings(FUZZ, max_examples=80)
@given(line=command_lines())
def test_fuzz_command_line(line):
    command, argv = line
    count(f"{command} arguments")
    with tempfile.TemporaryDirectory() as tmp:
        _folder(Path(tmp))
        argv = [a.replace("{dir}", tmp) for a in argv]
        before = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.is_file()}
        rc, _, err = run_cli(argv, name=f"{command} args")
        olds = [Path(tmp) / n for n, data in before.items() if data == OLD]
        check_outcome(rc, err, olds, usage_ok=True)
        after = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.is_file()}
        if rc != 0:  # nothing written, nothing changed
            assert after == before
        else:  # only the --out target (if any) changed
            changed = {n for n in after if after[n] != before.get(n)}
            outs = {Path(argv[i + 1]).name for i, a in enumerate(argv) if a == "--out"}
            assert changed <= outs, (changed, outs)
