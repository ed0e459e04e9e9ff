"""``drugtrends build`` and the command line's error handling."""

from __future__ import annotations

import subprocess
import sys

import xarray as xr

import drugtrends as dt
from drugtrends.cli import main
from tests.conftest import row


def test_build_writes_a_dataset(tmp_path, capsys):
    out = tmp_path / "kaz.nc"
    assert main(["build", "--out", str(out), "--country", "KAZ"]) == 0
    text = capsys.readouterr().out
    assert "heroin_seizures" in text and f"wrote {out}" in text
    xr.testing.assert_identical(dt.open_dataset(out), dt.load_dataset("KAZ"))


def test_summary_counts_the_records_written(tmp_path, capsys):
    """--country keeps one country: the summary counts its records, not the input's."""
    out = tmp_path / "kaz.nc"
    assert main(["build", "--out", str(out), "--country", "kaz"]) == 0  # any case
    first = capsys.readouterr().out.splitlines()[0]
    written = dt.dataset.records_table(dt.open_dataset(out))
    everything = dt.records.load(dt.records.DATA_DIR)
    assert len(written) < len(everything)
    assert first.startswith(f"{len(written)} records ({written['year'].notna().sum()} dated")
    assert "countries KAZ;" in first


def test_bad_input_exit_1_all_messages_no_traceback_out_untouched(datadir, tmp_path):
    datadir.write([row("A", value="x"), row("B", indicator="heroin_seizure")])
    out = tmp_path / "kaz.nc"
    out.write_bytes(b"previous build")
    proc = subprocess.run(
        [sys.executable, "-m", "drugtrends", "build", str(datadir.root), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "2 problems in the input" in proc.stderr
    assert "row 2, column 'value'" in proc.stderr
    assert "row 3, column 'indicator'" in proc.stderr and "heroin_seizures" in proc.stderr
    assert out.read_bytes() == b"previous build"


def test_unknown_country_is_a_clear_error(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path / "x.nc"), "--country", "XYZ"]) == 1
    assert "no records for XYZ" in capsys.readouterr().err


def test_help_reads_well():
    proc = subprocess.run(
        [sys.executable, "-m", "drugtrends", "build", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "untouched" in proc.stdout and "--out" in proc.stdout
