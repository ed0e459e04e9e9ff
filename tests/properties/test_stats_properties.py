"""Hypothesis properties of the statistics (drugtrends.stats)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from drugtrends.stats.periods import ShareModel
from drugtrends.stats.trend import loglinear_growth, mann_kendall, sen_slope
from drugtrends.stats.undercount import chao_lower_bound, chapman

FAST = settings(max_examples=60, deadline=None)


@st.composite
def series(draw, min_n=3, max_n=15):
    n = draw(st.integers(min_n, max_n))
    gaps = draw(st.lists(st.integers(1, 3), min_size=n - 1, max_size=n - 1))
    t = 2000 + np.concatenate([[0], np.cumsum(gaps)])
    logs = draw(st.lists(st.floats(-3, 3, allow_nan=False), min_size=n, max_size=n))
    y = np.exp(np.array(logs) + 5)
    return t.astype(float), y


@FAST
@given(series(), st.floats(1e-3, 1e3), st.sampled_from(["hac", "gls_ar1", "ols"]))
def test_scaling_units_leaves_growth_unchanged(s, factor, method):
    t, y = s
    a = loglinear_growth(t, y, method=method)
    b = loglinear_growth(t, y * factor, method=method)
    assert math.isclose(a["growth"], b["growth"], rel_tol=1e-7, abs_tol=1e-7)
    assert math.isclose(a["se"], b["se"], rel_tol=1e-6, abs_tol=1e-9)


@FAST
@given(series(), st.sampled_from(["hac", "ols"]))
def test_reversing_a_series_flips_the_trend(s, method):
    t, y = s
    a = loglinear_growth(t, y, method=method)
    b = loglinear_growth(t, y[::-1] if np.all(np.diff(t) == 1) else y, method=method)
    if np.all(np.diff(t) == 1):
        assert math.isclose(a["slope"], -b["slope"], rel_tol=1e-9, abs_tol=1e-12)
    # reversing time itself (t -> -t) flips the slope, Sen slope and Mann-Kendall S
    c = loglinear_growth(-t[::-1], y[::-1], method=method)
    assert math.isclose(a["slope"], -c["slope"], rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(a["se"], c["se"], rel_tol=1e-9, abs_tol=1e-12)
    assert sen_slope(t, y)[0] == -sen_slope(-t[::-1], y[::-1])[0]
    assert mann_kendall(t, y)["s"] == -mann_kendall(-t[::-1], y[::-1])["s"]


@FAST
@given(series(), st.floats(0.5, 0.99))
def test_interval_contains_the_estimate(s, level):
    t, y = s
    r = loglinear_growth(t, y, y * 0.9, y * 1.2, level=level)
    assert r["growth_lower"] <= r["growth"] <= r["growth_upper"]
    p = mann_kendall(t, y)["p"]
    assert 0 <= p <= 1
    s_, lo, hi = sen_slope(t, y, level)
    assert math.isnan(lo) or lo <= s_ <= hi


@FAST
@given(
    st.floats(-2, 5),
    st.floats(0.1, 100),
    st.floats(2.0, 50),
    st.floats(0.01, 2),
    st.floats(0.01, 0.99),
)
def test_annualizing_a_full_year_is_the_identity(mean, kappa, nu, scale, q):
    m = ShareModel("x", "KAZ", mean=mean, kappa=kappa, nu=nu, scale=scale)
    assert float(m.factor(12, q)) == 1.0
    # and a partial year is never scaled down; quantiles are ordered
    f = m.factor(9, [0.025, 0.5, 0.975])
    assert 1.0 <= f[0] <= f[1] <= f[2]


@FAST
@given(st.integers(0, 5000), st.integers(0, 5000), st.data())
def test_chapman_at_least_the_largest_list(n1, n2, data):
    m = data.draw(st.integers(0, min(n1, n2)))
    r = chapman(n1, n2, m)
    assert r.estimate >= max(n1, n2)
    assert r.estimate >= n1 + n2 - m - 1e-9
    assert r.observed - 1e-9 <= r.lower <= r.estimate <= r.upper


@FAST
@given(st.lists(st.integers(0, 500), min_size=1, max_size=6))
def test_chao_bound_at_least_observed(freqs):
    r = chao_lower_bound(freqs)
    assert r.estimate >= r.observed
    assert r.lower >= r.observed - 1e-9 and r.lower <= r.estimate <= r.upper


# ---------------------------------------------------------------- issue 12


@settings(max_examples=8, deadline=None)
@given(series(min_n=6, max_n=12), st.floats(1e-3, 1e3))
def test_ar1_interval_is_unit_free_and_contains_the_slope(s, factor):
    t, y = s
    a = loglinear_growth(t, y)
    b = loglinear_growth(t, y * factor)
    assert math.isclose(a["slope"], b["slope"], rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(a["se"], b["se"], rel_tol=1e-6, abs_tol=1e-12)
    assert a["slope_lower"] <= a["slope"] <= a["slope_upper"]
    # never narrower than the independent-years t(n-2) critical value
    from drugtrends.stats._common import t_quantile

    assert a["crit"] >= t_quantile(0.975, len(t) - 2) - 1e-12


@FAST
@given(
    st.lists(st.floats(-5, 5, allow_nan=False), min_size=4, max_size=20),
    st.floats(1e-3, 1e3),
)
def test_lag1_is_scale_free_and_bounded(e, factor):
    from drugtrends.stats._ar1 import lag1_raw

    e = np.array(e)
    t = np.arange(len(e), dtype=float)
    r1, r2 = lag1_raw(t, e[:, None])[0], lag1_raw(t, factor * e[:, None])[0]
    if math.isfinite(r1):
        assert math.isclose(r1, r2, rel_tol=1e-9, abs_tol=1e-12)
        assert abs(r1) <= len(e) / (len(e) - 1) + 1e-12


@FAST
@given(st.floats(1, 1e6), st.floats(1.0, 100.0), st.floats(1, 1e7))
def test_interval_score_at_least_the_width(lo, ratio, x):
    from drugtrends.stats.undercount import interval_score

    hi = lo * ratio
    score = interval_score(lo, hi, x)
    assert score >= math.log(hi / lo) - 1e-12
    if lo <= x <= hi:
        assert math.isclose(score, math.log(hi / lo), rel_tol=1e-12, abs_tol=1e-12)


@FAST
@given(st.floats(1.0, 99.5))  # below 1 a level is read as a fraction
def test_level_fraction_accepts_percent_and_fraction(pct):
    from drugtrends.rules import level_fraction

    assert math.isclose(level_fraction(pct), pct / 100, abs_tol=1e-9)
    if pct < 99:
        assert math.isclose(level_fraction(pct / 100), pct / 100, abs_tol=1e-9)


@FAST
@given(st.text(min_size=1, max_size=40))
def test_every_indicator_has_a_drug_group(name):
    from drugtrends.stats.periods import DRUG_GROUPS, drug_group

    assert drug_group(name) in DRUG_GROUPS
