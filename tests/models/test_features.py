"""The feature-weighted combination (measured, off in ``auto``): features, weights, and the
:class:`Fast` option."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drugtrends.models import batch
from drugtrends.models.batch import (
    AUTO_MEMBERS,
    FEATURE_CLIP,
    FEATURE_NAMES,
    SES_MEMBER,
    TREND_MEMBERS,
    batch_point_forecasts,
    feature_weighted,
    feature_weights,
    member_forecasts,
    series_features,
)
from drugtrends.models.engine import forecast_arrays
from drugtrends.models.simple import Fast

MEMBERS = (*AUTO_MEMBERS, *TREND_MEMBERS, SES_MEMBER)


def _panel(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = [100 * np.exp(np.cumsum(rng.normal(0.05, 0.02, size=n))) for n in (6, 12, 25)]
    out += [50 + np.cumsum(rng.normal(0, 5, size=n)) for n in (5, 9, 18)]
    out.append(rng.normal(0, 1, size=10))  # not positive: the raw scale
    return out


def test_features_by_hand():
    y = np.array([1.0, 2.0, 4.0, 8.0, 8.0, 16.0])  # log2 changes 1, 1, 1, 0, 1
    d = np.diff(np.log(y))
    raw = series_features([y], standardize=False)[0]
    sd = d.std(ddof=1)
    c = d - d.mean()
    expected = [
        np.log(abs(d.mean()) / sd + 0.02),
        np.sum(c[1:] * c[:-1]) / np.sum(c * c),
        np.log(6.0),
        2 / 4,  # sign changes: 1->0 and 0->1 (sign 0 differs from +)
        np.log(abs(np.diff(d).mean()) / sd + 0.02),
        np.log(sd + 1e-3),
    ]
    np.testing.assert_allclose(raw, expected, rtol=1e-12)
    assert len(FEATURE_NAMES) == raw.size


def test_features_are_scale_free_and_standardized_within_the_clip():
    ys = _panel()
    f = series_features(ys)
    g = series_features([1000.0 * y for y in ys])
    np.testing.assert_allclose(f, g, atol=1e-9)
    assert np.all(np.abs(f) <= FEATURE_CLIP)
    # too short: no features, and the weighting falls back to the median alone
    short = series_features([np.array([1.0, 2.0, 3.0])])
    assert np.all(np.isnan(short))
    np.testing.assert_array_equal(feature_weights(short), [[1.0, 0.0, 0.0]])


def test_features_at_cuts_are_those_of_the_truncated_series():
    ys = _panel(1)
    f = series_features(ys, cuts=3)
    for k in range(4):
        cut = [y[: y.size - k] for y in ys]
        sep = series_features(cut)
        np.testing.assert_allclose(f[k], sep, rtol=1e-10, atol=1e-12)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(st.floats(-5, 5, allow_nan=False), min_size=7, max_size=7),
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=3, max_size=12),
)
def test_weights_are_a_convex_combination(z, values):
    w = feature_weights(np.array([z[:6]]))
    assert w.shape == (1, 3)
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0)
    # the weighted forecast lies between the smallest and largest of its three parts
    y = np.cumsum(np.r_[10.0, values])
    fc = member_forecasts([y], 3, MEMBERS)
    f = feature_weighted(fc, [y])
    parts = np.stack(
        [
            np.median(np.stack([fc[m] for m in AUTO_MEMBERS]), axis=0),
            np.median(np.stack([fc[m] for m in TREND_MEMBERS]), axis=0),
            fc[SES_MEMBER],
        ]
    )
    assert np.all(f >= parts.min(axis=0) - 1e-9) and np.all(f <= parts.max(axis=0) + 1e-9)


def test_feature_weighted_at_cuts_matches_separate_calls():
    ys = _panel(2)
    f = feature_weighted(member_forecasts(ys, 4, MEMBERS, cuts=2), ys, cuts=2)
    for k in range(3):
        cut = [y[: y.size - k] for y in ys]
        keep = [i for i, y in enumerate(cut) if y.size >= 2]
        sep = feature_weighted(
            member_forecasts([cut[i] for i in keep], 4, MEMBERS), [cut[i] for i in keep]
        )
        np.testing.assert_allclose(f[k][keep], sep, rtol=1e-8)


def test_fast_features_option_and_the_default():
    ys = _panel(3)
    fast = Fast(weighting="features")
    assert set(TREND_MEMBERS) <= set(fast.fitted_members)
    got = fast.point_batch(ys, 3)
    np.testing.assert_allclose(got, feature_weighted(member_forecasts(ys, 3, MEMBERS), ys))
    # off by default: the plain median, bit for bit
    assert batch.AUTO_WEIGHTING == "median"
    np.testing.assert_array_equal(Fast().point_batch(ys, 3), batch_point_forecasts(ys, 3))
    # a steady trend is kept: every weighting extrapolates it upwards
    line = 100 * 1.05 ** np.arange(20.0)
    assert np.all(np.diff(fast.point_batch([line], 4)[0]) > 0)
    with pytest.raises(ValueError, match="weighting"):
        Fast(weighting="boosted")
    with pytest.raises(ValueError, match="combine='median'"):
        Fast(combine="mean", weighting="features")


def test_auto_with_the_option_on_a_panel(monkeypatch):
    rng = np.random.default_rng(4)
    ys = [50 * np.exp(np.cumsum(rng.normal(0.02, 0.1, size=16))) for _ in range(60)]
    base = forecast_arrays(ys, 3, (80, 95), "auto")
    monkeypatch.setattr(batch, "AUTO_WEIGHTING", "features")
    out = forecast_arrays(ys, 3, (80, 95), "auto")
    assert out.mean.shape == base.mean.shape and np.all(np.isfinite(out.mean))
    assert not np.allclose(out.mean, base.mean)
    lo, hi = out.quantiles[..., 0], out.quantiles[..., -1]
    assert np.all(lo <= out.mean) and np.all(out.mean <= hi)


@pytest.mark.slow
def test_shipped_feature_weights_are_what_the_selection_script_fits():
    """FEATURE_CENTRE, FEATURE_SPREAD and FEATURE_COEF equal the fit of
    ``benchmarks/select_auto.py --fit-features`` (training parts of M3 and world panel 1)."""
    import importlib.util
    import sys
    from pathlib import Path

    from .conftest import REPO, shared_dir

    world = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "unodc_world"
    if shared_dir() is None or not world.exists():
        pytest.skip("M3 data or shared/data/unodc_world not found")
    sys.path.insert(0, str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location(
        "select_auto", REPO / "benchmarks" / "select_auto.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sets = mod.load_sets(["m3", "world1"])
    rows = {}
    for name, (series, observed, h) in sets.items():
        fc = member_forecasts(series, h, mod.POOL, cuts=h + mod.FEATURE_ORIGINS - 1)
        rows[name] = mod._feature_rows(
            series, observed, h, mod.FEATURE_ORIGINS, fc, mod.FEATURE_CANDS
        )
    coef, centre, spread = mod.fit_feature_weights(rows)
    np.testing.assert_allclose(centre, batch.FEATURE_CENTRE, atol=6e-5)
    np.testing.assert_allclose(spread, batch.FEATURE_SPREAD, atol=6e-5)
    np.testing.assert_allclose(coef, batch.FEATURE_COEF, atol=6e-3)
