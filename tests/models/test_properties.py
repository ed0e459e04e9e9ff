"""Hypothesis properties of the forecasting engine."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from drugtrends.models.engine import forecast_arrays

series_st = st.lists(
    st.floats(min_value=1.0, max_value=1000.0, allow_nan=False), min_size=6, max_size=25
).filter(lambda v: np.ptp(v) > 1e-3)


@settings(max_examples=25, deadline=None)
@given(
    ys=st.lists(series_st, min_size=1, max_size=4), factor=st.floats(min_value=1e-3, max_value=1e4)
)
def test_scaling_a_series_scales_its_forecast(ys, factor):
    """Forecasts are equivariant to the units: kg or tonnes give the same forecast."""
    arrays = [np.array(y) for y in ys]
    a = forecast_arrays(arrays, horizon=3)
    b = forecast_arrays([y * factor for y in arrays], horizon=3)
    np.testing.assert_allclose(b.mean, a.mean * factor, rtol=1e-6, atol=1e-9 * factor)
    np.testing.assert_allclose(b.quantiles, a.quantiles * factor, rtol=1e-6, atol=1e-9 * factor)
    assert a.status == b.status


@settings(max_examples=25, deadline=None)
@given(y=series_st, horizon=st.integers(1, 6))
def test_quantiles_ordered_and_nonnegative(y, horizon):
    out = forecast_arrays([np.array(y)], horizon=horizon, levels=(50, 80, 95))
    q = out.quantiles[0]
    assert np.all(np.isfinite(q))
    assert np.all(np.diff(q, axis=1) >= 0)
    assert np.all(q >= 0)
