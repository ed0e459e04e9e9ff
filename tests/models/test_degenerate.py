"""Degenerate input never crashes a batch; each series says what was done."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from drugtrends.models.engine import forecast_arrays

CASES = {
    "empty": np.array([]),
    "all_nan": np.full(6, np.nan),
    "one": np.array([5.0]),
    "two": np.array([5.0, 7.0]),
    "three": np.array([5.0, 7.0, 6.0]),
    "four": np.array([5.0, 7.0, 6.0, 8.0]),
    "constant": np.full(10, 4.0),
    "zeros": np.zeros(10),
    "gaps": np.array([1.0, np.nan, 3, 4, np.nan, 6, 7, 9, 10, 12]),
    "huge": np.array([1e300, 2e300, 3e300, 2.5e300, 4e300, 5e300, 6e300, 7e300]),
    "tiny": np.array([1e-300, 2e-300, 3e-300, 2e-300, 4e-300, 5e-300, 6e-300]),
    "signed": np.array([-3.0, 1, -2, 4, 2, -1, 3, 5, 2]),
    "trailing_nan": np.array([3.0, 4, 5, 6, 7, 8, np.nan, np.nan]),
    "inf": np.array([1.0, 2, np.inf, 4, 5, 6, 7, 8]),
    "normal": np.array([3.0, 4, 6, 7, 9, 12, 13, 15, 18, 17, 20]),
}


@pytest.fixture(scope="module")
def result():
    return forecast_arrays(list(CASES.values()), horizon=4)


def status(result, name):
    return result.status[list(CASES).index(name)]


def test_statuses(result):
    assert status(result, "empty") == "no forecast: empty series"
    assert status(result, "all_nan") == "no forecast: all NaN"
    assert status(result, "one") == "no forecast: only 1 point"
    assert status(result, "two") == "too short (2 points): naive, no interval"
    assert status(result, "three") == "too short (3 points): naive, no interval"
    assert status(result, "four") == "too short (4 points): naive with widened intervals"
    assert status(result, "constant").startswith("constant series")
    assert status(result, "zeros").startswith("constant series")
    assert status(result, "gaps").startswith("ok (2 gaps interpolated")
    assert "infinite" in status(result, "inf")
    for name in ("huge", "tiny", "signed", "trailing_nan", "normal"):
        assert status(result, name).startswith("ok"), name


def test_shapes_and_no_forecast_rows(result):
    assert result.mean.shape == (len(CASES), 4)
    assert result.quantiles.shape == (len(CASES), 4, 5)
    for name in ("empty", "all_nan", "one"):
        i = list(CASES).index(name)
        assert np.isnan(result.mean[i]).all() and result.model[i] == ""


def test_finite_ordered_nonnegative(result):
    for k, name in enumerate(CASES):
        if name in ("empty", "all_nan", "one"):
            continue
        q = result.quantiles[k]
        if name in ("two", "three"):  # the median only: no interval from 1-2 differences
            assert np.isfinite(q[:, 2]).all() and np.isnan(np.delete(q, 2, axis=1)).all()
            continue
        assert np.all(np.isfinite(q)), name
        assert np.all(np.diff(q, axis=1) >= 0), name
        if name != "signed":
            assert np.all(q >= 0), name


def test_short_series_get_wider_intervals(result):
    """Four points give wider relative intervals than a long, similar series."""
    two = result.quantiles[list(CASES).index("four")]
    normal = result.quantiles[list(CASES).index("normal")]
    rel = lambda q: (q[:, -1] - q[:, 0]) / q[:, 2]  # noqa: E731
    assert np.all(rel(two) > rel(normal))


def test_signed_series_may_go_negative(result):
    q = result.quantiles[list(CASES).index("signed")]
    assert q[:, 0].min() < 0


def test_last_index_and_trailing_nan(result):
    assert result.last_index[list(CASES).index("trailing_nan")] == 5
    assert result.last_index[list(CASES).index("empty")] == -1


def test_a_failing_model_does_not_stop_the_batch():
    from drugtrends.models.base import Forecaster

    class Boom(Forecaster):
        name = "boom"
        tags: ClassVar[dict] = {"min_length": 2, "intervals": True, "log": True, "batch": False}

        def _fit(self, x):
            if x.size == 6:
                raise RuntimeError("cannot fit six")
            return float(x[-1])

        def _predict(self, state, horizon, probs):
            return np.full(horizon, state), np.full((horizon, len(probs)), state)

    out = forecast_arrays(
        [np.arange(1.0, 7.0), np.arange(1.0, 9.0)], 2, model=Boom(), calibration="none"
    )
    assert out.status[0].startswith("boom failed (RuntimeError: cannot fit six)")
    assert out.model[0] == "naive"
    assert out.status[1] == "ok" and out.model[1] == "boom"


def test_bad_arguments():
    with pytest.raises(ValueError, match="horizon"):
        forecast_arrays([np.arange(5.0)], horizon=0)
    with pytest.raises(ValueError, match="calibration"):
        forecast_arrays([np.arange(5.0)], calibration="magic")
    with pytest.raises(ValueError, match="in percent"):
        forecast_arrays([np.arange(5.0)], levels=(120,))


def test_short_constant_series_get_the_median_and_no_interval():
    out = forecast_arrays([np.array([500.0, 500.0]), np.full(8, 3.0)], horizon=3)
    q = out.quantiles[0]
    assert "no interval" in out.status[0]
    np.testing.assert_array_equal(q[:, 2], 500.0)  # the median (0.5)
    assert np.isnan(np.delete(q, 2, axis=1)).all()
    # a long constant history keeps its zero-width interval
    assert out.status[1].startswith("constant series (8 points): naive, zero-width")
    assert np.isfinite(out.quantiles[1]).all()
