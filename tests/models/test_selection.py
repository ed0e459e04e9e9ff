"""The per-series trend shrink, the per-panel SES blend (measured, off in ``auto``) and the
ARIMA(0,1,1) kernel."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drugtrends.models.batch import member_forecasts, past_errors, shrink_select
from drugtrends.models.engine import (
    AUTO_SES_SHARES,
    _blend_name,
    _relative_error,
    forecast_arrays,
    table_from_scores,
)
from drugtrends.models.simple import Fast


def test_arima011_matches_separate_fits_at_every_cut_and_statsmodels():
    rng = np.random.default_rng(0)
    ys = [50 + np.cumsum(rng.normal(1, 1, size=n)) for n in (8, 12, 20)]
    key = ("arima011", "raw")
    f = member_forecasts(ys, 3, [key], cuts=2)[key]
    for k in range(3):
        sep = member_forecasts([y[: y.size - k] for y in ys], 3, [key])[key]
        np.testing.assert_allclose(f[k], sep, rtol=1e-10)
    # conditional least squares is close to the exact likelihood of statsmodels
    from statsmodels.tsa.arima.model import ARIMA

    ref = ARIMA(ys[2], order=(0, 1, 1), trend="t").fit().forecast(3)
    np.testing.assert_allclose(f[0][2], ref, rtol=0.01)


def test_past_errors_use_only_points_before_the_cut():
    y = np.arange(1.0, 11.0)
    f = member_forecasts([y], 2, [("naive", "raw")], cuts=4)[("naive", "raw")]
    err = past_errors(f[None], [y], past=2)
    # cut 0: the forecasts of cuts 1 (error 1 on y[-1]) and 2 (errors 1, 2): mean 4/3
    assert err[0, 0, 0] == pytest.approx(4 / 3)
    # a later value changes the errors of cut 0 only, never those of cut 1
    y2 = y.copy()
    y2[-1] = 100.0
    f2 = member_forecasts([y2], 2, [("naive", "raw")], cuts=4)[("naive", "raw")]
    err2 = past_errors(f2[None], [y2], past=2)
    assert err2[0, 0, 0] != err[0, 0, 0]
    np.testing.assert_allclose(err2[1:], err[1:])


def test_shrink_select_damps_a_trend_that_kept_overshooting():
    # a trend that broke: the combination keeps extrapolating it, half of it did better
    y = np.concatenate([np.arange(10.0, 20.0), np.full(8, 20.0) + np.tile([0.5, -0.5], 4)])
    fast, plain = Fast(shrink=True), Fast()
    f, g = fast.point_batch([y], 4)[0], plain.point_batch([y], 4)[0]
    assert np.all(np.abs(f - y[-1]) <= np.abs(g - y[-1]) + 1e-12)
    # on a clean straight line the trend is kept
    line = np.arange(1.0, 21.0)
    np.testing.assert_allclose(fast.point_batch([line], 3), plain.point_batch([line], 3))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(1.0, 1e4, allow_nan=False), min_size=6, max_size=25),
    st.floats(0.0, 1.0),
)
def test_shrink_select_is_the_forecast_or_its_damped_version(values, factor):
    y = np.asarray(values)
    f = member_forecasts([y], 3, [("drift", "raw")], cuts=6)[("drift", "raw")]
    out = shrink_select(f, [y], factor=factor)
    last = np.array([y[y.size - 1 - c] for c in range(7)])[:, None, None]
    damped = last + factor * (f - last)
    same = np.isclose(out, f, equal_nan=True) | np.isclose(out, damped, equal_nan=True)
    assert np.all(same)


def test_a_series_forecast_does_not_depend_on_its_panel():
    rng = np.random.default_rng(1)
    ys = [30 * np.exp(np.cumsum(rng.normal(0.05, 0.3, size=n))) for n in (9, 15, 22)]
    model = Fast(shrink=True, ses_share=0.5)
    alone = [model.point_batch([y], 4)[0] for y in ys]
    np.testing.assert_allclose(model.point_batch(ys, 4), np.stack(alone), rtol=1e-12)


@pytest.fixture
def blends(monkeypatch):
    """``auto`` with the SES blends among its panel candidates (off by default)."""
    import drugtrends.models.engine as engine

    monkeypatch.setattr(engine, "AUTO_SES_SHARES", (0.2, 1 / 3, 0.5))
    return engine.AUTO_SES_SHARES


def test_auto_has_no_blend_by_default():
    from drugtrends.models.engine import _candidates

    assert AUTO_SES_SHARES == ()
    names = [n for n, _ in _candidates("auto", 500)]
    assert names[0] == "median" and not any("SES" in n for n in names)
    assert not _candidates("auto", 500)[0][1].shrink


def test_blend_replaces_the_median_only_when_clearly_better(blends):
    n, o, h = 200, 3, 3
    rng = np.random.default_rng(2)
    med = np.abs(rng.normal(1.0, 0.2, size=(n, o, h)))
    scores = {"median": (med, med)}
    for w in blends:
        scores[_blend_name(w)] = (med * 0.99, med * 0.99)  # 1 % better: below the margin
    probs = np.array([0.1, 0.5, 0.9])
    assert table_from_scores(scores, h, probs, "auto", n).choice == "median"
    scores[_blend_name(0.5)] = (med * 0.9, med * 0.9)
    assert table_from_scores(scores, h, probs, "auto", n).choice == _blend_name(0.5)
    assert _relative_error(med * 0.9, med) == pytest.approx(0.9)


def test_the_world_drug_panel_picks_a_blend_and_names_it(blends):
    """On the training parts of the world seizure panel (volatile series) ``auto`` blends
    SES into its median; the choice uses the training parts only."""
    import sys

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from domain import arq_panel, data_dir

    path = data_dir()
    if path is None:
        pytest.skip("shared/data/unodc_world not found (beside the repo or $DRUGTRENDS_SHARED)")
    _, train, _ = arq_panel(path)
    out = forecast_arrays(train, 5)
    assert out.settings["model"].startswith("auto (median + ")
    assert {m for m, c in zip(out.model, out.code, strict=True) if c == "ok"} == {
        out.settings["model"]
    }
