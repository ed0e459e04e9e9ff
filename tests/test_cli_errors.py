"""Issue 15: no traceback, no silent loss. One named test per item handled by the CLI.

Every bad input ends with exit code 1, a message naming the file (line, column) and how
to fix it, no traceback, and any existing output file byte-identical.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import drugtrends as dt
from drugtrends._io import atomic_path, spreadsheet_safe, spreadsheet_safe_frame
from drugtrends.cli import CLIError, check_levels, check_out, main

OLD = b"previous output\n"


def _panel(tmp_path: Path, n_series: int = 2, n: int = 12, name: str = "panel.csv") -> Path:
    rows = ["series_id,t,value"]
    for k in range(n_series):
        rows += [f"s{k},{t},{10 * (k + 1) + t + t % 3}" for t in range(1, n + 1)]
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n")
    return path


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return rc, err


def _old_out(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(OLD)
    return path


def _indicator_nc(tmp_path: Path, values=None, name: str = "in.nc") -> Path:
    years = np.arange(2005, 2019)
    data = np.linspace(100, 200, years.size)[None, :] if values is None else values
    ds = xr.Dataset(
        {
            "users": (
                ("country", "year"),
                data,
                {"kind": "stock", "units": "1", "long_name": "Users", "caveat": "c"},
            )
        },
        coords={"country": ["KAZ"], "year": years},
    )
    return dt.write_dataset(ds, tmp_path / name)


# ------------------------------------------------------------------ netCDF inputs


def _lookalike(tmp_path: Path) -> Path:
    path = tmp_path / "lookalike.nc"
    xr.Dataset(
        {"heroin_seizures": (("country", "year"), np.arange(10.0)[None, :] + 1)},
        coords={"country": ["KAZ"], "year": np.arange(2005, 2015)},
    ).to_netcdf(path, engine="netcdf4")
    return path


def _bad_netcdf(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.nc"
    if kind == "lookalike":
        return _lookalike(tmp_path)
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "foreign":
        path.write_bytes(b"country,year,value\nKAZ,2010,1\n")
    elif kind == "truncated":
        good = _indicator_nc(tmp_path, name="good.nc").read_bytes()
        path.write_bytes(good[: len(good) // 2])
    elif kind == "forecast":
        nc = _indicator_nc(tmp_path)
        assert main(["forecast", "--dataset", str(nc), "--horizon", "2", "--out", str(path)]) == 0
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["lookalike", "empty", "foreign", "truncated", "forecast"])
def test_open_dataset_refuses_lookalike_foreign_truncated_empty(tmp_path, kind):
    path = _bad_netcdf(tmp_path, kind)
    with pytest.raises(ValueError, match=str(path.name)):
        dt.open_dataset(path, require_indicators=True)
    if kind in ("empty", "foreign", "truncated"):  # not even a netCDF file
        with pytest.raises(ValueError, match="netCDF"):
            dt.open_dataset(path)


@pytest.mark.parametrize("kind", ["lookalike", "empty", "foreign", "truncated", "folder"])
@pytest.mark.parametrize("command", ["forecast", "backtest", "trend", "undercount", "report"])
def test_bad_netcdf_input_is_refused_by_every_command(tmp_path, capsys, kind, command):
    """A look-alike netCDF was forecast as if valid (and replaced y.csv); report tracebacked."""
    path = _bad_netcdf(tmp_path, kind)
    capsys.readouterr()
    out = _old_out(tmp_path / ("y.pdf" if command == "report" else "y.csv"))
    argv = {
        "forecast": ["forecast", "--dataset", str(path), "--out", str(out)],
        "backtest": ["backtest", "--dataset", str(path)],
        "trend": ["trend", "--dataset", str(path), "--out", str(out)],
        "undercount": ["undercount", "--dataset", str(path), "--out", str(out)],
        "report": ["report", "--data", str(path), "--out", str(out), "--quiet"],
    }[command]
    rc, err = _run(argv, capsys)
    assert rc == 1
    assert path.name in err and "error:" in err
    assert out.read_bytes() == OLD


def test_dataset_with_nothing_to_forecast_writes_nothing(tmp_path, capsys):
    nc = _indicator_nc(tmp_path, values=np.full((1, 14), np.nan))
    out = _old_out(tmp_path / "y.csv")
    rc, err = _run(["forecast", "--dataset", str(nc), "--out", str(out)], capsys)
    assert rc == 1 and "could not be forecast" in err and "users/KAZ" in err
    assert out.read_bytes() == OLD


# ------------------------------------------------------------------ panel CSV inputs


def test_nul_byte_in_a_panel_value_is_refused_with_line_and_column(tmp_path, capsys):
    path = _panel(tmp_path)
    text = path.read_text().replace("s0,3,13", "s0,3,13\x0099")
    path.write_text(text)
    out = _old_out(tmp_path / "o.csv")
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(out)], capsys)
    assert rc == 1
    assert "line 4, column 'value'" in err and "NUL byte" in err
    assert out.read_bytes() == OLD


def test_nul_byte_in_a_panel_id_is_refused(tmp_path, capsys):
    path = _panel(tmp_path)
    path.write_text(path.read_text() + "s1\x00,13,5\n")
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1 and "column 'series_id'" in err and "NUL" in err


@pytest.mark.parametrize(
    ("row", "column"),
    [(" s0 ,13,5", "series_id"), ("s0, 13,5", "t"), ("s0,13,5 ", "value")],
)
def test_spaces_around_panel_fields_are_refused(tmp_path, capsys, row, column):
    """' s0 ' was silently merged into 's0'."""
    path = _panel(tmp_path)
    path.write_text(path.read_text() + row + "\n")
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1
    assert f"line 26, column {column!r}" in err and "spaces around it" in err


@pytest.mark.parametrize("huge", ["1e20", "1e300", "-1e300", "1e10"])
def test_absurd_time_values_are_refused_per_series(tmp_path, capsys, huge):
    """1e20 / 1e300 raised IndexError; 1e10 allocated 74.5 GiB."""
    path = _panel(tmp_path)
    path.write_text(path.read_text() + f"s0,{huge},5\n")
    out = tmp_path / "o.csv"
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(out), "--no-progress"], capsys)
    assert rc == 0
    assert f"series 's0': line 26: t '{huge}' is out of range" in err
    res = pd.read_csv(out)
    s0 = res[res.series_id == "s0"]
    assert s0["mean"].isna().all() and s0.status.str.contains("out of range").all()
    assert res[res.series_id == "s1"]["mean"].notna().all()


def test_a_huge_gap_is_refused_before_any_allocation(tmp_path, capsys):
    """t = 1, 2, 3, 1,000,000: the series would span a million steps."""
    path = tmp_path / "gap.csv"
    path.write_text("series_id,t,value\na,1,5\na,2,6\na,3,7\na,1000000,8\n")
    out = _old_out(tmp_path / "o.csv")
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(out)], capsys)
    assert rc == 1
    assert "t runs from 1 (line 2) to 1000000 (line 5), 1,000,000 steps" in err
    assert "at most 100,000" in err and out.read_bytes() == OLD


def test_a_folder_as_csv_is_refused(tmp_path, capsys):
    for command in ("forecast", "backtest"):
        argv = [command, "--csv", str(tmp_path)]
        if command == "forecast":
            argv += ["--out", str(tmp_path / "o.csv")]
        rc, err = _run(argv, capsys)
        assert rc == 1 and "is a folder, not a CSV file" in err


def test_latin1_panel_gets_line_and_fix(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes("series_id,t,value\na,1,1\nMünchen,1,5\n".encode("latin-1"))
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1
    assert "line 3, character 2: byte 0xfc is not UTF-8" in err and "iconv" in err


def test_gzip_panel_gets_fix(tmp_path, capsys):
    path = tmp_path / "panel.csv.gz"
    path.write_bytes(gzip.compress(_panel(tmp_path).read_bytes()))
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1 and "gzip-compressed" in err and "gunzip" in err and "line 1" in err


def test_semicolon_panel_gets_fix(tmp_path, capsys):
    path = tmp_path / "semi.csv"
    path.write_text(_panel(tmp_path).read_text().replace(",", ";"))
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1
    assert "line 1: missing column(s)" in err and "semicolons between fields" in err


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ('s0,13,"unterminated', "line 26: not a valid CSV"),
        ("s0,13", "line 26: 2 fields, the header has 3"),
        ("s0,13,5,6", "line 26: 4 fields, the header has 3"),
    ],
)
def test_truncated_or_ragged_panel_is_refused(tmp_path, capsys, tail, message):
    path = _panel(tmp_path)
    path.write_text(path.read_text() + tail)  # no final newline: cut mid-row
    out = _old_out(tmp_path / "o.csv")
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(out)], capsys)
    assert rc == 1 and message in err and out.read_bytes() == OLD


def test_line_numbers_count_blank_lines_and_quoted_newlines(tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text('series_id,t,value,note\n\na,1,1,"two\nlines"\na,2,x,\n')
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1 and "line 5: value 'x' is not a number" in err


def test_repeated_or_shared_columns_are_refused(tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("series_id,t,value,value\na,1,1,2\n")
    rc, err = _run(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1 and "column 'value' appears 2 times" in err
    argv = ["forecast", "--csv", str(_panel(tmp_path)), "--time-col", "series_id"]
    rc, err = _run([*argv, "--out", str(tmp_path / "o.csv")], capsys)
    assert rc == 1 and "three different columns" in err


# ------------------------------------------------------------------ options


@pytest.mark.parametrize("levels", [["80", "80"], ["80", "80.00000000001"], ["80", "95", "80"]])
def test_duplicate_levels_are_merged(tmp_path, capsys, levels):
    out = tmp_path / "o.csv"
    argv = ["forecast", "--csv", str(_panel(tmp_path)), "--levels", *levels, "--out", str(out)]
    rc, _ = _run([*argv, "--no-progress"], capsys)
    assert rc == 0
    cols = list(pd.read_csv(out).columns)
    expected = ["lo_80", "hi_80"] + (["lo_95", "hi_95"] if "95" in levels else [])
    assert cols == ["series_id", "t", "mean", *expected, "model", "status"]
    rc, _ = _run(
        ["backtest", "--csv", str(_panel(tmp_path, n=15)), "--horizon", "2", "--levels", *levels],
        capsys,
    )
    assert rc == 0


def test_check_levels():
    assert check_levels([80, 80.00000000001, 95]) == [80.0, 95.0]
    with pytest.raises(CLIError, match="fraction"):
        check_levels([0.95])
    with pytest.raises(CLIError, match="between 0 and 100"):
        check_levels([float("nan")])


def test_absurd_horizon_and_origins_are_refused(tmp_path, capsys):
    path = str(_panel(tmp_path))
    out = _old_out(tmp_path / "o.csv")
    rc, err = _run(["forecast", "--csv", path, "--horizon", "10**12", "--out", str(out)], capsys)
    assert rc == 2  # not an integer: a usage error
    rc, err = _run(["forecast", "--csv", path, "--horizon", str(10**12), "--out", str(out)], capsys)
    assert rc == 1 and "--horizon must be at most 1000" in err and out.read_bytes() == OLD
    rc, err = _run(["backtest", "--csv", path, "--origins", str(10**9)], capsys)
    assert rc == 1 and "--origins must be at most" in err


def test_exit_codes_are_documented_in_help(capsys):
    for argv in (["--help"], *([c, "--help"] for c in ("build", "forecast", "report", "trend"))):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "exit codes: 0 success; 1 a data or file error" in text
        assert "2 a usage error" in text


def test_usage_error_exits_2_data_error_exits_1(tmp_path, capsys):
    rc, _ = _run(["forecast", "--csv", str(_panel(tmp_path))], capsys)  # no --out
    assert rc == 2
    rc, _ = _run(["forecast", "--csv", str(tmp_path / "nope.csv"), "--out", "o.csv"], capsys)
    assert rc == 1


# ------------------------------------------------------------------ --out targets


def _bad_targets(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "existing_folder.csv"
    folder.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    return {
        "existing folder": (folder, "is an existing folder"),
        "path under a file": (a_file / "sub" / "o.csv", "is a file, not a folder"),
    }


_COMMANDS = {
    # command -> (argv before --out, suffix of a good --out)
    "forecast": (["forecast", "--csv", "{panel}", "--no-progress"], ".csv"),
    "backtest": (["backtest", "--csv", "{panel}", "--horizon", "2"], ".nc"),
    "trend": (["trend", "--country", "KAZ"], ".csv"),
    "undercount": (["undercount", "--country", "KAZ", "--draws", "100"], ".csv"),
    "build": (["build", "--country", "KAZ"], ".nc"),
    "report": (["report", "--country", "KAZ", "--quiet"], ".pdf"),
}


@pytest.mark.parametrize("command", list(_COMMANDS))
def test_bad_out_is_refused_before_the_work_in_every_command(
    tmp_path, capsys, command, monkeypatch
):
    """PermissionError / IsADirectoryError / FileExistsError... after the whole run."""
    import drugtrends.dataset

    # any work would need the data: make loading it fail loudly
    def no_work(*args, **kwargs):
        raise AssertionError("the command started working before checking --out")

    monkeypatch.setattr(drugtrends.dataset, "load_dataset", no_work)
    monkeypatch.setattr(dt.records, "load", no_work)
    argv, suffix = _COMMANDS[command]
    argv = [a.replace("{panel}", str(tmp_path / "missing.csv")) for a in argv]
    for what, (target, message) in _bad_targets(tmp_path).items():
        target = target.with_suffix(suffix) if what == "path under a file" else target
        if what == "existing folder":
            target = target.rename(target.with_suffix(suffix))
        rc, err = _run([*argv, "--out", str(target)], capsys)
        assert rc == 1, what
        assert message in err and "--out" in err, (what, err)


def test_unwritable_folder_is_refused(tmp_path, capsys, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", denied)
    rc, err = _run(
        ["forecast", "--csv", str(_panel(tmp_path)), "--out", str(tmp_path / "o.csv")], capsys
    )
    assert rc == 1 and f"cannot write in {tmp_path} (Permission denied)" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in a read-only folder")
def test_unwritable_folder_is_refused_for_real(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        rc, err = _run(["trend", "--country", "KAZ", "--out", str(ro / "t.csv")], capsys)
    finally:
        ro.chmod(0o755)
    assert rc == 1 and "cannot write in" in err


def test_missing_parent_folders_are_created(tmp_path):
    out = check_out(tmp_path / "a" / "b" / "o.csv", (".csv",))
    assert not out.parent.exists()  # nothing is created before the work
    argv = ["forecast", "--csv", str(_panel(tmp_path)), "--out", str(out), "--no-progress"]
    assert main(argv) == 0 and out.is_file()


def test_a_write_failure_is_a_message_not_a_traceback(tmp_path, capsys, monkeypatch):
    import errno

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", disk_full)
    out = _old_out(tmp_path / "o.csv")
    rc, err = _run(
        ["forecast", "--csv", str(_panel(tmp_path)), "--out", str(out), "--no-progress"], capsys
    )
    assert rc == 1 and "No space left on device" in err
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "panel.csv"]


# ------------------------------------------------------------------ output contents


def test_status_column_explains_short_series(tmp_path, capsys):
    """A 2-3 point series got model 'naive' with empty intervals and no note."""
    path = tmp_path / "p.csv"
    path.write_text(_panel(tmp_path).read_text() + "short,1,4\nshort,2,5\nbad,1,x\n")
    out = tmp_path / "o.csv"
    rc, _ = _run(["forecast", "--csv", str(path), "--out", str(out), "--no-progress"], capsys)
    assert rc == 0
    res = pd.read_csv(out).groupby("series_id")["status"].first()
    assert res["s0"] == "ok"
    assert res["short"].startswith("too short (2 points)")
    assert res["bad"] == "no forecast: line 28: value 'x' is not a number"


def test_runtime_warnings_do_not_leak_to_stderr(tmp_path, capsys):
    """Overflow warnings on huge values showed on stderr."""
    from drugtrends.models.engine import forecast_arrays

    values = np.array([1e307, 1.7e308, 1e308, 1.5e308, 1.2e308, 1.7e308, 1e308, 1.6e308])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecast_arrays([values], horizon=2, levels=[80])
    if not any(issubclass(w.category, RuntimeWarning) for w in caught):
        pytest.skip("the engine no longer warns on these values; nothing to hide")
    path = tmp_path / "huge.csv"
    path.write_text(
        "series_id,t,value\n" + "".join(f"a,{t},{v!r}\n" for t, v in enumerate(values, 1))
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rc, err = _run(
            ["forecast", "--csv", str(path), "--horizon", "2", "--out", str(tmp_path / "o.csv")],
            capsys,
        )
    assert rc in (0, 1)
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert "RuntimeWarning" not in err


def test_formula_injection_is_neutralized_in_csv_outputs(tmp_path, capsys):
    path = tmp_path / "p.csv"
    body = _panel(tmp_path).read_text()
    body = body.replace("s0,", "\"=cmd|' /C calc'!A0\",").replace("s1,", "@SUM(A1),")
    path.write_text(body + "-5,1,1\n-5,2,2\n-5,3,3\n")
    out = tmp_path / "o.csv"
    assert main(["forecast", "--csv", str(path), "--out", str(out), "--no-progress"]) == 0
    ids = set(pd.read_csv(out, dtype=str).series_id)
    assert ids == {"'=cmd|' /C calc'!A0", "'@SUM(A1)", "-5"}


def test_spreadsheet_safe():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("+1+2") == "'+1+2"
    assert spreadsheet_safe("\t=x") == "'\t=x"
    assert spreadsheet_safe("-3.5e2") == "-3.5e2" and spreadsheet_safe("s1") == "s1"
    assert spreadsheet_safe(np.nan) is np.nan
    frame = pd.DataFrame({"a": ["=x", "y"], "b": [1.0, 2.0]}, index=pd.Index(["@i", "j"]))
    safe = spreadsheet_safe_frame(frame)
    assert safe.a.tolist() == ["'=x", "y"] and safe.index.tolist() == ["'@i", "j"]
    assert frame.a.tolist() == ["=x", "y"]  # a copy


# ------------------------------------------------------------------ temporaries


def test_stale_tmp_of_a_killed_write_is_cleaned_on_the_next_write(tmp_path):
    """kill -9 during a write left a hidden .tmp beside the output."""
    out = tmp_path / "o.csv"
    code = (
        "import os, signal, sys\n"
        "from drugtrends._io import atomic_path\n"
        "with atomic_path(sys.argv[1]) as tmp:\n"
        "    tmp.write_text('half')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(dt.__file__).parents[1])}
    proc = subprocess.run([sys.executable, "-c", code, str(out)], env=env, check=False)
    assert proc.returncode == -signal.SIGKILL
    stale = [p.name for p in tmp_path.iterdir()]
    assert len(stale) == 1 and stale[0].startswith(".o.csv.") and not out.exists()
    other = tmp_path / ".other.csv.1-abcd.tmp"  # another target's temporary: kept
    other.write_text("x")
    live = tmp_path / f".o.csv.{os.getppid()}-abcd.tmp"  # a live writer's: kept
    live.write_text("x")
    old_style = tmp_path / ".o.csv.k2j4_x9q.tmp"  # from an older drugtrends: removed
    old_style.write_text("x")
    with atomic_path(out) as tmp:
        tmp.write_text("new")
    assert out.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["o.csv", other.name, live.name])


@pytest.mark.slow
def test_report_all_nan_warning_does_not_leak(tmp_path, capsys):
    """'All-NaN slice encountered' (plot.py) showed on stderr for report --country TKM."""
    out = tmp_path / "tkm.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rc, err = _run(["report", "--country", "TKM", "--out", str(out), "--quiet"], capsys)
    assert rc == 0 and out.is_file()
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert "RuntimeWarning" not in err
