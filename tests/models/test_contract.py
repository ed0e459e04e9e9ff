"""One contract suite run over every model."""

from __future__ import annotations

import numpy as np
import pytest

from drugtrends.models import TooShortError, available_models, get_model

SLOW = {"prophet", "combination", "arima"}
MODELS = [m for m in available_models() if m != "auto"]


@pytest.fixture(params=MODELS)
def model(request):
    return request.param


def test_fit_then_predict_equals_one_shot(model, growing):
    m = get_model(model, seed=3)
    a = m.fit(growing).predict(4, (80, 95))
    b = get_model(model, seed=3).forecast(growing, 4, (80, 95))
    np.testing.assert_allclose(a.mean, b.mean, rtol=1e-9)
    np.testing.assert_allclose(a.quantiles, b.quantiles, rtol=1e-9)


def test_quantiles_ordered_nested_and_positive(model, growing):
    pred = get_model(model).forecast(growing, 5, (50, 80, 95))
    assert pred.quantiles.shape == (5, 7)
    assert np.all(np.isfinite(pred.quantiles))
    assert np.all(np.diff(pred.quantiles, axis=1) >= 0)
    lo95, hi95 = pred.interval(95)
    lo80, hi80 = pred.interval(80)
    assert np.all(lo95 <= lo80) and np.all(hi80 <= hi95)
    assert np.all(pred.quantiles >= 0)
    assert pred.mean.shape == (5,)


def test_too_short_raises_clearly(model):
    m = get_model(model)
    y = np.arange(1.0, m.min_length)  # one point fewer than needed
    with pytest.raises(TooShortError, match=f"at least {m.min_length} points"):
        m.fit(y)


def test_seeded_runs_repeat(model, growing):
    a = get_model(model, seed=7).forecast(growing, 3)
    b = get_model(model, seed=7).forecast(growing, 3)
    np.testing.assert_array_equal(a.quantiles, b.quantiles)


def test_nonnegative_intervals_with_zeros(model):
    y = np.array([0.0, 3, 0, 1, 0, 0, 2, 0, 1, 0, 0, 4])
    pred = get_model(model).forecast(y, 4)
    assert np.all(pred.quantiles >= 0) and np.all(pred.mean >= 0)


def test_bad_input_rejected(model):
    with pytest.raises(ValueError, match="1-D"):
        get_model(model).fit(np.ones((3, 3)))
    with pytest.raises(ValueError, match="infinite"):
        get_model(model).fit(np.array([1.0, 2, np.inf, 4, 5, 6, 7, 8]))


def test_unknown_model_named():
    with pytest.raises(ValueError, match="unknown model 'nope'"):
        get_model("nope")


def test_tags_declared():
    for name in MODELS:
        tags = get_model(name).tags
        assert {"min_length", "intervals", "log", "batch"} <= set(tags)


def test_fast_models_batch_equals_single(growing):
    """The vectorized path gives the same point forecasts one series at a time."""
    other = growing[::-1].copy() + 5
    for name in ("fast", "fast-dotm", "fast-damped", "drift", "naive"):
        m = get_model(name)
        batch = m.point_batch([growing, other], 3)
        for k, y in enumerate([growing, other]):
            np.testing.assert_allclose(batch[k], m.forecast(y, 3).mean, rtol=1e-8)
