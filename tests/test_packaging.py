"""The wheel carries the shipped data: load_dataset works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pip(*args: str, cwd: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pip", *args], cwd=cwd, capture_output=True, text=True
    )
    if run.returncode:
        pytest.fail(f"pip {' '.join(args)} failed:\n{run.stderr[-2000:]}")


def test_wheel_ships_data_and_loads_outside_the_repo(tmp_path):
    _pip("wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "whl"), str(ROOT), cwd=tmp_path)
    (wheel,) = (tmp_path / "whl").glob("drugtrends-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("indicators.csv", "sources.csv", "countries.csv", "records/KAZ.csv", "README.md"):
        assert f"drugtrends/_data/{name}" in names
    # every country's records, compressed: the wheel stays small
    assert sum(n.startswith("drugtrends/_data/records/") for n in names) > 200
    assert wheel.stat().st_size < 20e6
    _pip(
        "install",
        "--quiet",
        "--no-deps",
        "--target",
        str(tmp_path / "site"),
        str(wheel),
        cwd=tmp_path,
    )
    code = (
        "import drugtrends as dt, pathlib;"
        "assert 'site' in pathlib.Path(dt.__file__).parts, dt.__file__;"
        "ds = dt.load_dataset('KAZ');"
        "assert dt.records.country_name('XEW').startswith('United Kingdom');"
        "print(float(ds.heroin_seizures.sel(country='KAZ', year=2014)))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert float(out.stdout) == pytest.approx(392.292)
