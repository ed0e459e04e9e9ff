"""drugtrends.to_frame: every verb's result in one long table."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

import drugtrends as dt
from drugtrends.results import to_frame

COLUMNS = ["quantity", "estimate", "level", "lower", "upper", "units"]


@pytest.fixture(scope="module")
def kaz() -> xr.Dataset:
    return dt.load_dataset("KAZ")


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def test_forecast_rows_per_level_with_the_median(kaz):
    fc = _quiet(dt.forecast, kaz[["heroin_seizures"]], horizon=3, levels=(50, 80, 95))
    frame = dt.to_frame(fc)
    assert list(frame.columns) == ["country", "year", *COLUMNS]
    assert sorted(frame.level.unique()) == [50.0, 80.0, 95.0]
    assert len(frame) == 3 * 3  # three years, three levels
    median = fc.heroin_seizures.sel(quantile=0.5, country="KAZ").values
    got = frame[frame.level == 95].sort_values("year").estimate.to_numpy()
    np.testing.assert_allclose(got, median)
    row = frame[(frame.level == 80) & (frame.year == fc.year.values[0])].iloc[0]
    assert row.lower == pytest.approx(fc.heroin_seizures.sel(quantile=0.1)[0, 0].item())
    assert row.upper == pytest.approx(fc.heroin_seizures.sel(quantile=0.9)[0, 0].item())
    assert (frame.units == "kg").all()
    # nested intervals: the 95 % band holds the 80 % band, which holds the 50 % band
    wide = frame.pivot_table(index="year", columns="level", values=["lower", "upper"])
    assert (wide["lower"][95.0] <= wide["lower"][80.0]).all()
    assert (wide["upper"][80.0] <= wide["upper"][95.0]).all()


@pytest.mark.parametrize("level", [80, 95])
def test_trend_level_in_percent(kaz, level):
    tr = _quiet(dt.trend, kaz, ["heroin_seizures", "opium_seizures"], level=level)
    frame = dt.to_frame(tr)
    growth = frame[frame.quantity == "growth"].set_index("indicator")
    assert set(growth.index) == {"heroin_seizures", "opium_seizures"}
    assert (growth.level == level).all()
    assert (growth.units == "percent").all()
    for ind in growth.index:
        assert growth.loc[ind, "lower"] == tr.growth_lower.sel(indicator=ind).item()
        assert growth.loc[ind, "estimate"] == tr.growth.sel(indicator=ind).item()


def test_undercount_levels_and_integer_years(kaz):
    u = _quiet(dt.undercount, kaz, country="KAZ")
    frame = dt.to_frame(u)
    hidden = frame[frame.quantity == "hidden_total"]
    assert sorted(hidden.level.unique()) == [80.0, 95.0]
    assert str(frame.year.dtype) == "Int64"  # not 2025.0 where other rows have no year
    last = hidden[(hidden.year == int(u.year[-1])) & (hidden.level == 95)].iloc[0]
    assert last.estimate == pytest.approx(u.hidden_total[-1].item())
    assert last.upper == pytest.approx(u.hidden_total_upper_95[-1].item())
    assert (hidden.lower <= hidden.upper).all()


def test_records_ranges_have_no_level(kaz):
    frame = dt.to_frame(
        kaz[
            [
                "heroin_wholesale_price",
                "heroin_wholesale_price_lower",
                "heroin_wholesale_price_upper",
            ]
        ]
    )
    assert len(frame) > 0
    assert frame.level.isna().all()
    assert (frame.quantity == "heroin_wholesale_price").all()
    ranged = frame.dropna(subset=["lower", "upper"])
    assert len(ranged) > 0  # "$18,000-20,000 per kg" and the like
    assert (ranged.lower <= ranged.upper).all()


def test_compare_scalars(kaz):
    cmp = _quiet(dt.compare, kaz, "heroin_seizures", 2013, 2014, months=9)
    frame = dt.to_frame(cmp)
    pct = frame[frame.quantity == "pct_change"].iloc[0]
    assert pct.estimate == pytest.approx(cmp.pct_change.item())
    assert set(frame[frame.quantity == "value"].year) == {2013, 2014}


def test_bad_input_is_named():
    with pytest.raises(TypeError, match=r"xarray\.Dataset, not DataFrame"):
        to_frame(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="variables: only_a_point"):
        to_frame(xr.Dataset({"only_a_point": ("year", [1.0, 2.0])}, coords={"year": [1, 2]}))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    tails=st.lists(st.floats(0.005, 0.45), min_size=1, max_size=4, unique=True),
    values=st.lists(st.floats(-1e6, 1e6), min_size=9, max_size=9),
)
def test_symmetric_quantiles_become_levels(tails, values):
    probs = sorted({round(q, 6) for q in tails} | {round(1 - q, 6) for q in tails} | {0.5})
    data = np.sort(np.asarray(values[: len(probs)]))
    ds = xr.Dataset(
        {"x": (("year", "quantile"), data[None, :])},
        coords={"year": [2030], "quantile": probs},
    )
    frame = to_frame(ds)
    expected = sorted(round((1 - 2 * q) * 100, 6) for q in {round(q, 6) for q in tails})
    assert sorted(frame.level) == pytest.approx(expected)
    assert (frame.lower <= frame.estimate).all() and (frame.estimate <= frame.upper).all()
    assert (frame.estimate == data[probs.index(0.5)]).all()
