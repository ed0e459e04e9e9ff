"""netCDF files follow CF-1.8 and come back as they were written.

The IOOS compliance checker (``pip install compliance-checker``, the ``cf`` extra) runs on
a part of the Kazakhstan Dataset in the fast suite and on the whole file in the slow one;
both tests skip when it is not installed. The encoding itself is tested without it.
"""

from __future__ import annotations

import json

import hypothesis.strategies as st
import numpy as np
import pytest
import xarray as xr
from hypothesis import HealthCheck, given, settings

import drugtrends as dt
from drugtrends import _cf

MONEY = {
    "heroin_wholesale_price": "USD kg-1",
    "heroin_retail_price": "USD g-1",
    "programme_budget": "USD",
    "prevention_budget_local_kzt": "KZT",
}


@pytest.fixture(scope="module")
def kaz() -> xr.Dataset:
    return dt.load_dataset("KAZ")


def _subset(ds: xr.Dataset, indicators) -> xr.Dataset:
    names = [
        str(v)
        for v in ds.data_vars
        if any(v == k or str(v).startswith(f"{k}_") for k in indicators)
        or str(v).startswith(("record_", "source_"))
    ]
    return ds[names]


# ------------------------------------------------------------------ the encoding


def test_split_currency():
    assert _cf.split_currency("USD kg-1") == ("USD", "kg-1")
    assert _cf.split_currency("USD") == ("USD", "1")
    for units in ("kg", "1", "percent", "ha", "km2", "Usd kg-1", "USDX", " KZT", "USD 1", ""):
        assert _cf.split_currency(units) is None


def test_disk_form_of_the_kaz_dataset(kaz, tmp_path):
    path = dt.write_dataset(_subset(kaz, [*MONEY, "heroin_seizures"]), tmp_path / "kaz.nc")
    with xr.open_dataset(path, decode_cf=False) as raw:  # as other tools see the file
        assert raw["year"].dtype == np.int32
        for name, units in MONEY.items():
            code, rest = _cf.split_currency(units)
            for var in (name, f"{name}_lower", f"{name}_upper"):
                assert raw[var].attrs["units"] == rest
                assert raw[var].attrs["currency"] == code
        assert raw["heroin_seizures"].attrs["units"] == "kg"
        assert "currency" not in raw["heroin_seizures"].attrs
        assert raw.attrs["Conventions"] == "CF-1.8"
        assert raw.attrs["history"]
        missing = [str(n) for n, v in raw.variables.items() if not v.attrs.get("long_name")]
        assert missing == []


def test_text_coordinates_are_label_variables_on_disk(kaz, tmp_path):
    path = dt.write_dataset(_subset(kaz, ["heroin_seizures"]), tmp_path / "k.nc")
    with xr.open_dataset(path, decode_cf=False) as raw:
        for dim in ("country", "record", "source"):
            assert dim not in raw.variables  # no text coordinate variable
            label = raw[f"{dim}_label"]
            assert label.dims == (dim,) and label.attrs["label_of_dimension"] == dim
        assert "country_label" in raw["heroin_seizures"].attrs["coordinates"].split()
        assert raw["year"].dims == ("year",)  # numeric coordinates stay as they are
    back = dt.open_dataset(path)
    assert sorted(back.indexes) == ["country", "record", "source", "year"]
    assert "country_label" not in back.variables
    assert back.country.attrs == kaz.country.attrs


def test_label_name_clash_is_refused(tmp_path):
    ds = xr.Dataset({"country_label": ("country", ["Kazakhstan"])}, coords={"country": ["KAZ"]})
    with pytest.raises(ValueError, match="already has a variable 'country_label'"):
        dt.write_dataset(ds, tmp_path / "c.nc")


def test_round_trip_restores_units_and_dtypes(kaz, tmp_path):
    part = _subset(kaz, MONEY)
    back = dt.open_dataset(dt.write_dataset(part, tmp_path / "m.nc"))
    xr.testing.assert_identical(back, part)
    assert back["year"].dtype == np.int64
    for name, units in MONEY.items():
        assert back[name].attrs["units"] == units
        assert "currency" not in back[name].attrs


def test_every_variable_of_a_built_dataset_has_a_long_name(kaz):
    missing = [str(n) for n, v in kaz.variables.items() if not v.attrs.get("long_name")]
    assert missing == []


def test_history_is_deterministic_and_honours_source_date_epoch(monkeypatch):
    from drugtrends.dataset import _history

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    line = _history(3, 2, "2024-09")
    assert line == _history(3, 2, "2024-09")
    assert "3 records from 2 sources" in line and "2024-09" in line
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _history(3, 2, "2024-09") == f"2023-11-14T22:13:20Z {line}"


def test_currency_attribute_is_reserved(tmp_path):
    path = tmp_path / "p.nc"
    for units in ("USD kg-1", "kg"):
        ds = xr.Dataset({"p": ("t", [1.0], {"units": units, "currency": "EUR"})})
        with pytest.raises(ValueError, match="'p' has a 'currency' attribute"):
            dt.write_dataset(ds, path)
    assert not path.exists()


def test_integers_too_large_for_int32_stay_int64(tmp_path):
    big = np.array([1, 2**40], dtype=np.int64)
    ds = xr.Dataset({"n": ("t", big)}, coords={"t": np.array([2020, 2021])})
    path = dt.write_dataset(ds, tmp_path / "big.nc")
    with xr.open_dataset(path, decode_cf=False) as raw:
        assert raw["n"].dtype == np.int64 and raw["t"].dtype == np.int32
    back = dt.open_dataset(path)
    xr.testing.assert_identical(back, ds)
    assert back["t"].dtype == np.int64


_UNITS = st.one_of(
    st.sampled_from(["kg", "1", "percent", "USD", "USD kg-1", "KZT", "EUR m-2", "ha"]),
    st.text(alphabet="abcdefgABCDEFGUSD -1/", min_size=0, max_size=12),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    units=st.lists(_UNITS, min_size=1, max_size=3),
    ints=st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=4),
)
def test_round_trip_property(tmp_path, units, ints):
    data = {f"v{i}": ("t", [float(i)], {"units": u}) for i, u in enumerate(units)}
    data["n"] = ("k", np.array(ints, dtype=np.int64), {"long_name": "n"})
    ds = xr.Dataset(data, attrs={"history": "x"})
    back = dt.open_dataset(dt.write_dataset(ds, tmp_path / "h.nc"))
    xr.testing.assert_identical(back, ds)
    assert back["n"].dtype == np.int64
    for i, u in enumerate(units):
        assert back[f"v{i}"].attrs["units"] == u


# ------------------------------------------------------------------ the outside checker


def _check(path) -> tuple[int, int, list[str]]:
    """Run ``compliance-checker --test cf:1.8``: (scored, possible, failure messages)."""
    runner = pytest.importorskip("compliance_checker.runner", reason="pip install '.[cf]'")
    runner.CheckSuite.load_all_available_checkers()
    report = path.with_suffix(".json")
    _, had_errors = runner.ComplianceChecker.run_checker(
        str(path), ["cf:1.8"], 0, "normal", output_filename=str(report), output_format="json"
    )
    # a check that raised (as the monotonicity check did on text coordinates) scores nothing
    assert not had_errors, "a check of the compliance checker raised an exception"
    result = json.loads(report.read_text())["cf:1.8"]
    failures = [
        f"{c['name']}: {m}"
        for c in result["all_priorities"]
        if c["value"][0] < c["value"][1]
        for m in c["msgs"]
    ]
    return result["scored_points"], result["possible_points"], failures


def test_compliance_checker_passes_a_part_of_kaz(kaz, tmp_path):
    part = _subset(kaz, ["heroin_wholesale_price", "programme_budget", "heroin_seizures"])
    scored, possible, failures = _check(dt.write_dataset(part, tmp_path / "part.nc"))
    assert failures == [] and scored == possible


@pytest.mark.slow
def test_compliance_checker_passes_the_whole_kaz_file(kaz, tmp_path):
    scored, possible, failures = _check(dt.write_dataset(kaz, tmp_path / "kaz.nc"))
    assert failures == [] and scored == possible
