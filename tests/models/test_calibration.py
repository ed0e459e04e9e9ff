"""Pooled conformal calibration: tables, coverage on simulated panels, chunk-wise use."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from drugtrends.backtesting import score
from drugtrends.models.calibration import conformal_table, rolling_origin_errors
from drugtrends.models.engine import forecast_arrays, panel_table

PROBS = np.array([0.025, 0.1, 0.5, 0.9, 0.975])


def test_table_recovers_normal_quantiles():
    rng = np.random.default_rng(0)
    e = rng.normal(size=(4000, 1, 2)) * np.array([1.0, 2.0])
    tab = conformal_table(e, PROBS)
    assert tab.method == "conformal"
    np.testing.assert_allclose(tab.q[0], norm.ppf(PROBS), atol=0.08)
    np.testing.assert_allclose(tab.q[1], 2 * norm.ppf(PROBS), atol=0.16)
    assert np.all(tab.q[:, 2] == 0)  # symmetric about the point forecast
    np.testing.assert_allclose(tab.q[:, 0], -tab.q[:, -1])


def test_widths_never_shrink_with_horizon():
    rng = np.random.default_rng(1)
    e = rng.normal(size=(300, 1, 3)) * np.array([3.0, 1.0, 2.0])
    tab = conformal_table(e, PROBS)
    assert np.all(np.diff(tab.q[:, -1]) >= 0) and np.all(np.diff(tab.q[:, 0]) <= 0)


def test_few_errors_use_student_t_and_are_wider():
    rng = np.random.default_rng(2)
    e = rng.normal(size=(5, 1, 2))
    tab = conformal_table(e, PROBS)
    assert tab.method == "student-t"
    assert tab.q[0, -1] > norm.ppf(0.975) * np.sqrt(np.mean(e[..., 0] ** 2)) * 0.9


def test_rolling_origin_errors_use_only_the_past():
    y = np.arange(1.0, 21.0)
    seen = []

    def point_fn(series, horizon):
        seen.extend(len(s) for s in series)
        return np.array([np.full(horizon, s[-1] + 1.0) for s in series])

    e = rolling_origin_errors([y], point_fn, horizon=3, origins=4, min_train=5)
    assert sorted(seen) == [16, 17, 18, 19]
    assert np.allclose(e[np.isfinite(e)][:1], 0.0)  # drift-1 forecast of a unit line: exact
    assert np.isnan(e[0, 0, 1:]).all()  # origin 1 has one actual value only


@pytest.mark.parametrize("seed", [0, 1])
def test_coverage_near_nominal_on_simulated_panel(seed):
    """Random walks with drift: calibrated intervals cover about as often as they say."""
    rng = np.random.default_rng(seed)
    n, T, H = 300, 24, 3
    drift = rng.normal(0.5, 0.5, size=(n, 1))
    sd = rng.uniform(0.5, 3, size=(n, 1))
    y = 200 + np.cumsum(drift + sd * rng.standard_normal((n, T + H)), axis=1)
    train = list(y[:, :T])
    test = list(y[:, T:])
    out = forecast_arrays(train, H)
    sc = score(train, test, out.mean, out.quantiles, out.probs)
    assert 0.90 <= np.mean(sc["coverage_95"]) <= 0.99
    assert 0.72 <= np.mean(sc["coverage_80"]) <= 0.88


def test_chunks_with_shared_table_equal_whole_panel():
    rng = np.random.default_rng(3)
    panel = [50 + np.cumsum(rng.normal(1, 3, size=int(rng.integers(8, 25)))) for _ in range(60)]
    panel[5] = np.array([1.0, 2.0])  # a short one in the first chunk
    table = panel_table(panel, horizon=4)
    parts = [forecast_arrays(panel[i : i + 25], 4, table=table) for i in range(0, 60, 25)]
    whole = forecast_arrays(panel, 4)
    np.testing.assert_allclose(np.concatenate([p.quantiles for p in parts]), whole.quantiles)
    assert [s for p in parts for s in p.status] == whole.status


def _exponential_panel(n=60, T=24, seed=0):
    rng = np.random.default_rng(seed)
    return [
        np.exp(
            np.log(rng.uniform(10, 1000))
            + rng.uniform(0.05, 0.25) * np.arange(T)
            + np.cumsum(0.03 * rng.standard_normal(T))
        )
        for _ in range(n)
    ]


def test_auto_picks_a_log_member_where_growth_is_exponential():
    panel = _exponential_panel()
    train, test = [y[:-4] for y in panel], [y[-4:] for y in panel]
    out = forecast_arrays(train, 4)
    assert len(set(out.model)) == 1 and out.model[0].endswith("log scale)")
    median = forecast_arrays(train, 4, model="fast")
    s_auto = score(train, test, out.mean, out.quantiles, out.probs)["smape"].mean()
    s_median = score(train, test, median.mean, median.quantiles, median.probs)["smape"].mean()
    assert s_auto < s_median


def test_auto_keeps_the_median_for_small_panels():
    out = forecast_arrays(_exponential_panel(n=10), 4)
    assert set(out.model) == {"auto"}


def test_chunks_share_the_panel_choice():
    panel = _exponential_panel(n=40)
    table = panel_table(panel, horizon=3)
    assert table.choice.endswith("log scale")
    parts = [forecast_arrays(panel[i : i + 10], 3, table=table) for i in range(0, 40, 10)]
    whole = forecast_arrays(panel, 3)
    np.testing.assert_allclose(np.concatenate([p.mean for p in parts]), whole.mean)
    assert [m for p in parts for m in p.model] == whole.model
