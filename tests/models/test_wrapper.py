"""drugtrends.forecast over a small hand-built Dataset in the documented format."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import drugtrends
from drugtrends.models import forecast

YEARS = np.arange(2005, 2020)


def _var(values, kind, units, long_name, caveat):
    return (
        ("country", "year"),
        np.asarray(values, dtype=float),
        {
            "kind": kind,
            "units": units,
            "long_name": long_name,
            "caveat": caveat,
        },
    )


@pytest.fixture
def ds() -> xr.Dataset:
    n = YEARS.size
    seiz = np.vstack(
        [
            100 * 1.08 ** np.arange(n) * (1 + 0.1 * np.sin(np.arange(n))),
            np.r_[np.full(n - 3, np.nan), 5.0, 6.0, 4.0],  # 3 points
            np.full(n, np.nan),  # nothing
        ]
    )
    months = np.full((3, n), 12.0)
    months[0, -1] = 9.0  # last figure covers nine months: not comparable (flow)
    users = np.vstack(
        [
            np.r_[np.linspace(1000, 1500, n - 2), np.nan, np.nan],  # ends two years early
            np.linspace(300, 200, n),
            np.r_[np.linspace(50, 80, 5), np.nan, np.linspace(85, 120, n - 6)],  # one gap
        ]
    )
    out = xr.Dataset(
        {
            "heroin_seizures": _var(seiz, "flow", "kg", "Heroin seized", "Reflects enforcement."),
            "heroin_seizures_months": (("country", "year"), months),
            "registered_users": _var(users, "stock", "1", "Registered users", "Undercounts use."),
        },
        coords={"country": ["KAZ", "KGZ", "TJK"], "year": YEARS},
    )
    out["heroin_seizures"].attrs["ancillary_variables"] = "heroin_seizures_months"
    return out


def test_layout_and_years(ds):
    fc = forecast(ds, horizon=3)
    assert fc["heroin_seizures"].dims == ("country", "year", "quantile")
    assert fc["quantile"].values.tolist() == [0.025, 0.1, 0.5, 0.9, 0.975]
    for v in ("heroin_seizures", "registered_users"):
        for suffix in ("_mean", "_status", "_model"):
            assert v + suffix in fc
    assert "heroin_seizures_months" not in fc
    users = fc["registered_users_mean"]
    # KAZ users end in 2017: forecasts 2018-2020; others end 2019: 2020-2022
    kaz = users.sel(country="KAZ")
    assert np.isfinite(kaz.sel(year=[2018, 2019, 2020])).all()
    assert np.isnan(kaz.sel(year=[2021, 2022])).all()
    assert np.isfinite(users.sel(country="KGZ", year=[2020, 2021, 2022])).all()
    assert fc.year.values.tolist() == list(range(2018, 2023))


def test_partial_year_flow_dropped(ds):
    fc = forecast(ds, horizon=2)
    st = fc["heroin_seizures_status"].sel(country="KAZ").item()
    assert "1 partial-year flow figure dropped" in st
    # the nine-month 2019 figure was dropped: forecasts start in 2019
    assert np.isfinite(fc["heroin_seizures_mean"].sel(country="KAZ", year=2019))


def test_statuses_and_models(ds):
    fc = forecast(ds, horizon=2)
    assert fc["heroin_seizures_status"].sel(country="KGZ").item() == (
        "too short (3 points): naive, no interval"
    )
    assert fc["heroin_seizures_model"].sel(country="KGZ").item() == "naive"
    assert fc["heroin_seizures_status"].sel(country="TJK").item() == "no forecast: all NaN"
    assert np.isnan(fc["heroin_seizures"].sel(country="TJK")).all()
    assert "1 gap interpolated" in fc["registered_users_status"].sel(country="TJK").item()
    assert fc["registered_users_model"].sel(country="KGZ").item() == "auto"


def test_attrs_carry_caveat_and_settings(ds):
    fc = forecast(ds, horizon=2, levels=(50, 90))
    a = fc["registered_users"].attrs
    assert a["caveat"] == "Undercounts use."
    assert a["units"] == "1" and a["long_name"] == "Registered users"
    assert a["model"] == "auto"
    assert a["nominal_coverage"] == [0.5, 0.9]
    assert a["interval_method"] == "conformal (reference table)"
    assert a["calibration_table"].startswith("drug reference table")
    assert fc.attrs["calibration_table"] == a["calibration_table"]
    assert a["drugtrends_version"] == drugtrends.__version__
    assert fc["quantile"].values.tolist() == [0.05, 0.25, 0.5, 0.75, 0.95]


def test_quantiles_nonnegative_and_ordered(ds):
    fc = forecast(ds, horizon=4)
    q = fc["registered_users"].values
    ok = np.isfinite(q)
    assert np.all(q[ok] >= 0)
    assert np.all(
        np.diff(fc["heroin_seizures"].sel(country="KAZ").dropna("year").values, axis=1) >= 0
    )


def test_repeatable_and_lazy_entry_point(ds):
    a = drugtrends.forecast(ds, horizon=2)
    b = ds.drugtrends.forecast(horizon=2)
    xr.testing.assert_identical(a, b)


def test_named_model_and_unknown_indicator(ds):
    fc = forecast(ds, model="drift", horizon=2, indicators=["registered_users"])
    assert "heroin_seizures" not in fc
    assert fc["registered_users_model"].sel(country="KGZ").item() == "drift"
    with pytest.raises(KeyError, match="no indicator 'nope'"):
        forecast(ds, indicators=["nope"])


def test_one_indicator_alone_gets_the_same_forecast(ds):
    """A small Dataset call is calibrated on the reference table: no dependence on the
    other series of the call."""
    both = forecast(ds, horizon=3)
    alone = forecast(ds, horizon=3, indicators=["registered_users"])
    xr.testing.assert_allclose(alone["registered_users"], both["registered_users"])
    own = forecast(ds, horizon=3, table="own")
    assert own.attrs["interval_method"] != both.attrs["interval_method"]


def test_table_argument_checked(ds):
    with pytest.raises(ValueError, match="table must be"):
        forecast(ds, horizon=2, table="nope")
