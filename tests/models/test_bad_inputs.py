"""Engine items of the input fuzz (issue 15): each found case, now handled."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from drugtrends.models.engine import MAX_GAP, forecast_arrays


@pytest.mark.parametrize("value", [1.7e308, 1e308, 5e307])
def test_huge_constant_series_keeps_its_bounds_around_the_point(value):
    out = forecast_arrays([np.full(8, value)], 3)
    q = out.quantiles[0]
    assert np.isfinite(q).all()
    np.testing.assert_allclose(q, value, rtol=1e-12)
    assert (q[:, 0] <= out.mean[0]).all() and (q[:, -1] >= out.mean[0]).all()


def test_huge_trending_series_bounds_bracket_the_point():
    out = forecast_arrays([1.7e308 * np.linspace(0.9, 1.0, 8)], 3)
    q, m = out.quantiles[0], out.mean[0]
    lower, upper = out.probs < 0.5, out.probs > 0.5
    assert (q[:, lower] <= m[:, None]).all() and (q[:, upper] >= m[:, None]).all()


def _width(out) -> np.ndarray:
    return out.quantiles[0, :, -1] - out.quantiles[0, :, 0]


def test_a_gap_never_narrows_the_interval():
    rng = np.random.default_rng(0)
    for seed in range(5):
        v = 100 + np.cumsum(np.random.default_rng(seed).normal(0, 5, 10))
        for step in (2, 5):
            gappy = np.full(step * 9 + 1, np.nan)
            gappy[::step] = v
            a, b = forecast_arrays([v], 3), forecast_arrays([gappy], 3)
            assert (_width(b) >= _width(a) - 1e-9).all(), (seed, step)
    # a short series with a gap: its fallback interval is not narrowed either
    short = np.array([5.0, 6, 7, 8])
    gappy = np.full(20, np.nan)
    gappy[[0, 1, 2, 19]] = short
    a, b = forecast_arrays([short], 2), forecast_arrays([gappy], 2)
    assert (_width(b) >= _width(a) - 1e-9).all()
    assert rng is not None


def test_an_absurd_gap_is_cut_with_a_note():
    y = np.full(1_000_001, np.nan)
    y[[0, 1, 2, 1_000_000]] = [5.0, 6, 7, 8]
    out = forecast_arrays([y], 2)
    assert out.status[0].startswith("no forecast: only 1 point")
    assert f"longer than {MAX_GAP}" in out.status[0]
    y = np.full(80, np.nan)
    y[:3] = [5.0, 6, 7]
    y[70:] = np.arange(10.0) + 8
    out = forecast_arrays([y], 2)
    assert out.n_obs[0] == 10 and "gap of 67 steps" in out.status[0]
    assert out.status[0].startswith("ok")


def test_a_2d_series_is_refused_not_flattened():
    with pytest.raises(ValueError, match=r"series 1 has shape \(3, 4\)"):
        forecast_arrays([np.arange(8.0), np.ones((3, 4))], 2)
    # a 2-D array of series is a sequence of rows: each row is a series
    out = forecast_arrays(np.arange(24.0).reshape(3, 8) + 1, 2)
    assert out.mean.shape == (3, 2)


def test_no_floating_point_warning_leaks(recwarn):
    forecast_arrays([1.7e308 * np.linspace(0.9, 1.0, 8), np.full(6, 1e308)], 3)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_a_dataset_with_no_years_is_refused():
    import drugtrends as dt

    ds = xr.Dataset(
        {"users": (("country", "year"), np.empty((1, 0)), {"kind": "stock", "units": "1"})},
        coords={"country": ["KAZ"], "year": np.array([], dtype=int)},
    )
    with pytest.raises(ValueError, match="no years"):
        dt.forecast(ds)
