"""Fuzz: netCDF files for ``--dataset`` (forecast, backtest, trend, undercount).

Datasets of random shape (missing or extra dimensions, zero years or countries, odd year
values, indicator variables with or without a ``kind``, NaN / infinite / huge values,
forecast files) are written to netCDF, sometimes damaged (cut short, bytes overwritten,
emptied), and given to the commands. Every run ends with exit 0, or exit 1 with a message,
no traceback and the existing output file byte-identical.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import xarray as xr
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.fuzz._cases import count
from tests.fuzz._run import FUZZ, OLD, check_outcome, run_cli

KINDS = ["flow", "stock", "price", "ratio", "bogus", None]
NAMES = ["heroin_seizures", "users", "registered_drug_users", "=cmd|x", "x y"]
COUNTRIES = ["KAZ", "TJK", "=1+1", " kaz", ""]
VALUES = st.floats(allow_nan=True, allow_infinity=True) | st.floats(-1e6, 1e6)


@st.composite
def years(draw, n: int, proper: bool) -> np.ndarray:
    kind = "ok" if proper else draw(st.sampled_from(["ok", "gap", "float", "odd"]))
    start = draw(st.sampled_from([2000, 1990, 1, 9990]))
    if kind == "ok":
        return np.arange(start, start + n)
    if kind == "gap":
        return np.sort(draw(st.lists(st.integers(1, 3000), min_size=n, max_size=n, unique=True)))
    if kind == "float":
        return np.arange(start, start + n) + draw(st.sampled_from([0.0, 0.5]))
    odd = st.sampled_from([0, -5, 1e10, 2010, 2010, 1e300, float("nan")])
    return np.array(draw(st.lists(odd, min_size=n, max_size=n)), dtype=float)


@st.composite
def datasets(draw) -> xr.Dataset:
    """About half are proper Datasets (with odd values), the others odd in shape too."""
    proper = draw(st.booleans())
    n_c = draw(st.integers(1, 2) if proper else st.integers(0, 2))
    n_y = draw(st.integers(6, 16) if proper else st.integers(0, 14))
    countries = COUNTRIES[:2] if proper else draw(st.permutations(COUNTRIES))
    coords = {
        "country": np.array(countries[:n_c], dtype=object),
        "year": draw(years(n_y, proper)),
    }
    data = {}
    names = draw(st.lists(st.sampled_from(NAMES), min_size=int(proper), max_size=3, unique=True))
    for name in names:
        dims = (
            ("country", "year")
            if proper
            else draw(st.sampled_from([("country", "year"), ("year", "country"), ("year",)]))
        )
        shape = tuple(n_c if d == "country" else n_y for d in dims)
        fills = ["trend", "trend", "random"] if proper else ["trend", "random", "nan", "const"]
        fill = draw(st.sampled_from(fills))
        size = int(np.prod(shape))
        if fill == "trend":
            scale = draw(st.sampled_from([1, 1, 1000, -1, 1e300]))
            vals = (np.linspace(10, 50, max(size, 1))[:size] + np.arange(size) % 3) * scale
        elif fill == "random":
            vals = np.array(draw(st.lists(VALUES, min_size=size, max_size=size)), dtype=float)
        elif fill == "nan":
            vals = np.full(size, np.nan)
        else:
            vals = np.full(size, draw(st.sampled_from([0.0, 5.0, 1.7e308])))
        attrs = {"units": "kg", "long_name": name, "caveat": ""}
        kind = draw(st.sampled_from(KINDS[:2] if proper else KINDS))
        kind = draw(st.sampled_from(KINDS))
        if kind is not None:
            attrs["kind"] = kind
        data[name] = (dims, vals.reshape(shape), attrs)
        if draw(st.booleans()) and len(dims) == 2:
            months = draw(st.sampled_from([12.0, 9.0, np.nan]))
            data[f"{name}_months"] = (dims, np.full(shape, months))
    attrs = {}
    if draw(st.booleans()):
        attrs["drugtrends_version"] = "0.1.0"
    if draw(st.integers(0, 9)) == 9:
        attrs["title"] = "drugtrends forecasts"
    return xr.Dataset(data, coords=coords, attrs=attrs)


@st.composite
def netcdf_files(draw) -> bytes:
    ds = draw(datasets())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.nc"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds.to_netcdf(path, engine="netcdf4")
        except (ValueError, TypeError, OSError, RuntimeError):
            assume(False)
        data = path.read_bytes()
    damage = draw(st.sampled_from(["none"] * 12 + ["cut", "overwrite", "empty", "text"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "overwrite":
        at = draw(st.integers(0, len(data) - 8))
        data = data[:at] + draw(st.binary(min_size=8, max_size=8)) + data[at + 8 :]
    elif damage == "empty":
        data = b""
    elif damage == "text":
        data = b"country,year,value\nKAZ,2010,1\n"
    return data


COMMANDS = {
    "forecast csv": ["forecast", "--horizon", "2", "--no-progress", "--out", "{out}.csv"],
    "forecast nc": ["forecast", "--horizon", "2", "--model", "naive", "--out", "{out}.nc"],
    "backtest": ["backtest", "--horizon", "1", "--origins", "1", "--model", "naive"],
    "trend": ["trend", "--quiet", "--out", "{out}.csv"],
    "undercount": ["undercount", "--draws", "100", "--out", "{out}.csv"],
}


@settings(FUZZ, max_examples=90)
@given(data=netcdf_files(), command=st.sampled_from(sorted(COMMANDS)))
def test_fuzz_dataset_files(data, command):
    count(f"{command} --dataset")
    with tempfile.TemporaryDirectory() as tmp:
        src, stem = Path(tmp) / "in.nc", Path(tmp) / "result"
        src.write_bytes(data)
        argv = [a.replace("{out}", str(stem)) for a in COMMANDS[command]]
        outs = [Path(a) for a in argv if a.startswith(str(stem))]
        for out in outs:
            out.write_bytes(OLD)
        rc, _, err = run_cli([*argv, "--dataset", str(src)], name=command)
        check_outcome(rc, err, outs)
        if rc == 0:
            for out in outs:
                assert out.read_bytes() != OLD and out.stat().st_size > 1
