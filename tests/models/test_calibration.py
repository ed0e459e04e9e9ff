"""Pooled conformal calibration: tables, coverage on simulated panels, chunk-wise use."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from drugtrends.backtesting import score
from drugtrends.models.calibration import (
    apply_table,
    conformal_table,
    reference_table,
    rolling_origin_errors,
    rolling_origin_scores,
    series_scale,
)
from drugtrends.models.engine import MIN_OWN_SERIES, forecast_arrays, panel_table

PROBS = np.array([0.025, 0.1, 0.5, 0.9, 0.975])


def test_table_recovers_normal_quantiles():
    rng = np.random.default_rng(0)
    e = rng.normal(size=(4000, 1, 2)) * np.array([1.0, 2.0])
    tab = conformal_table(e, PROBS)
    assert tab.method == "conformal"
    np.testing.assert_allclose(tab.q[0], norm.ppf(PROBS), atol=0.1)
    np.testing.assert_allclose(tab.q[1], 2 * norm.ppf(PROBS), atol=0.2)
    assert np.all(tab.q[:, 2] == 0)  # the median is the point forecast
    sym = conformal_table(e, PROBS, symmetric=True)
    np.testing.assert_allclose(sym.q[:, 0], -sym.q[:, -1])


def test_signed_quantiles_follow_skewed_errors():
    rng = np.random.default_rng(4)
    e = rng.exponential(size=(3000, 1, 1)) - 1.0  # long right tail
    tab = conformal_table(e, PROBS)
    assert tab.q[0, -1] > 2 * abs(tab.q[0, 0])
    assert tab.q_log is None


def test_series_scale_weighs_recent_changes_more():
    calm_then_wild = np.r_[np.arange(20.0), 20 + np.array([0, 10, 0, 10, 0])]
    wild_then_calm = np.r_[np.array([0.0, 10, 0, 10, 0]), 10 + np.arange(20.0)]
    assert series_scale(calm_then_wild) > 3 * series_scale(wild_then_calm)
    assert series_scale(np.array([5.0])) == 0.0
    assert series_scale(np.arange(10.0), half_life=1e9) == pytest.approx(1.0)


def test_rolling_origin_scores_multiplicative_for_positive_series():
    y = 100 * 1.1 ** np.arange(12.0)
    raw, log = rolling_origin_scores(
        [y, y - 150], lambda s, h: np.array([np.full(h, x[-1]) for x in s]), 2, 2, 5
    )
    assert np.isfinite(log[0]).sum() == 3 and np.isnan(log[1]).all()  # second has negatives
    # naive forecasts of a 10 % growth: log error h * log(1.1), scaled by log(1.1)
    np.testing.assert_allclose(log[0, 1], [1.0, 2.0])
    assert np.all(raw[0][np.isfinite(raw[0])] > 0)


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


def _exponential_panel(n=MIN_OWN_SERIES, T=24, seed=0):
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
    panel = _exponential_panel()
    table = panel_table(panel, horizon=3)
    assert table.choice.endswith("log scale") and table.method == "conformal"
    step = 50
    parts = [
        forecast_arrays(panel[i : i + step], 3, table=table) for i in range(0, len(panel), step)
    ]
    whole = forecast_arrays(panel, 3)
    np.testing.assert_allclose(np.concatenate([p.mean for p in parts]), whole.mean)
    assert [m for p in parts for m in p.model] == whole.model


# ---------------------------------------------------------------- reference table and rule


def _volatile_panel(n, seed=5):
    rng = np.random.default_rng(seed)
    return [np.exp(rng.normal(5, 1.0, size=int(rng.integers(10, 25)))) for _ in range(n)]


def test_small_calls_use_the_reference_and_do_not_depend_on_each_other():
    panel = _volatile_panel(30)
    whole = forecast_arrays(panel, 4)
    assert whole.interval_method == "conformal (reference table)"
    assert whole.settings["calibration_table"].startswith("reference table")
    for i in (0, 7):
        alone = forecast_arrays([panel[i]], 4)
        np.testing.assert_allclose(alone.quantiles[0], whole.quantiles[i])
        np.testing.assert_allclose(alone.mean[0], whole.mean[i])


def test_positive_series_keep_positive_lower_bounds():
    """Volatile positive series: lower bounds a fraction of the forecast, never zero."""
    out = forecast_arrays(_volatile_panel(30), 5)
    lo95 = out.quantiles[:, :, 0]
    assert np.all(lo95 > 0)
    assert np.all(out.quantiles[:, :, 1] < out.mean)  # and still below the median


def test_table_rule_can_be_forced():
    panel = _volatile_panel(30)
    own = forecast_arrays(panel, 3, table="own")
    assert own.interval_method == "conformal"
    assert own.settings["calibration_table"] == (
        "pooled rolling-origin errors of the 30 series of the call"
    )
    ref = forecast_arrays(panel, 3, table="reference")
    assert ref.interval_method == "conformal (reference table)"
    assert not np.allclose(own.quantiles, ref.quantiles)
    big = _exponential_panel()
    forced = forecast_arrays(big, 3, table="reference")
    np.testing.assert_allclose(forced.quantiles[0], forecast_arrays(big[:1], 3).quantiles[0])
    with pytest.raises(ValueError, match="table must be"):
        forecast_arrays(panel, 3, table="magic")
    with pytest.raises(ValueError, match="reference table holds errors"):
        forecast_arrays(panel, 3, model="drift", table="reference")


def test_named_models_keep_their_own_errors():
    out = forecast_arrays(_volatile_panel(30), 3, model="fast-theta")
    assert out.interval_method == "conformal"
    few = forecast_arrays(_volatile_panel(2), 3, model="fast-theta")
    assert few.interval_method == "student-t"


def test_reference_table_interpolates_and_extrapolates():
    probs = np.array([0.025, 0.1, 0.2, 0.5, 0.8, 0.9, 0.975])
    tab = reference_table(probs, 14)
    assert tab.method == "reference" and tab.q.shape == (14, 7) and tab.q_log.shape == (14, 7)
    assert np.all(np.diff(tab.q, axis=1) >= 0) and np.all(np.diff(tab.q_log, axis=1) >= 0)
    assert np.all(tab.q[:, 3] == 0)
    np.testing.assert_allclose(tab.q[13], tab.q[9] * 14 / 10)  # linear beyond ten years
    assert np.all(np.diff(tab.q[:, -1]) >= 0) and np.all(np.diff(tab.q_log[:, 0]) <= 0)
    wide = reference_table(np.array([0.0005, 0.5, 0.9995]), 2)  # beyond the grid: clipped
    np.testing.assert_allclose(wide.q[:, 0], reference_table(np.array([0.005]), 2).q[:, 0])


def test_apply_table_lower_bounds_multiplicative():
    tab = reference_table(PROBS, 3)
    y = np.array([10.0, 100.0, 20.0, 80.0, 30.0, 90.0])
    point = np.full(3, 50.0)
    q = apply_table(y, point, tab)
    assert np.all(q[:, :2] > 0) and np.all(q[:, 2] == 50.0)
    np.testing.assert_allclose(q[:, 3:], point[:, None] + series_scale(y) * tab.q[:, 3:])
    signed = apply_table(y - 60.0, point - 60.0, tab)  # not positive: additive both sides
    np.testing.assert_allclose(signed[:, 0], -10.0 + series_scale(y) * tab.q[:, 0])


def _reference_script():
    import importlib.util
    import sys

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))  # the script imports m3_yearly
    spec = importlib.util.spec_from_file_location(
        "reference_table", REPO / "benchmarks" / "reference_table.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_reference_table_is_current():
    """The shipped table equals what benchmarks/reference_table.py computes (M3 data, and the
    drug series when the script gives them a share)."""
    from .conftest import shared_dir

    if shared_dir() is None:
        pytest.skip("M3 data not found")
    assert _reference_script().main(["--check"]) == 0


@pytest.mark.slow
def test_drug_reference_table_is_current():
    """The shipped drug table equals what ``reference_table.py --world`` computes."""
    from pathlib import Path

    from .conftest import shared_dir

    world = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "unodc_world"
    if shared_dir() is None or not world.exists():
        pytest.skip("M3 data or shared/data/unodc_world not found")
    assert _reference_script().main(["--check", "--world"]) == 0


def test_drug_reference_table_is_used_for_datasets_and_differs_from_m3():
    from drugtrends.models.calibration import reference_table
    from drugtrends.models.engine import forecast_arrays

    probs = np.array([0.025, 0.1, 0.5, 0.9, 0.975])
    drug, m3 = reference_table(probs, 5, "drug"), reference_table(probs, 5)
    assert drug.method == m3.method == "reference"
    assert "UNODC" in drug.source and "UNODC" not in m3.source
    assert not np.allclose(drug.q, m3.q)
    y = [np.array([3.0, 4, 6, 7, 9, 12, 13, 15, 14, 18])]
    a = forecast_arrays(y, 5, reference="drug")
    b = forecast_arrays(y, 5)
    np.testing.assert_array_equal(a.mean, b.mean)
    assert not np.allclose(a.quantiles, b.quantiles)
    assert "UNODC" in a.settings["calibration_table"]
    with pytest.raises(ValueError, match="reference must be one of"):
        forecast_arrays(y, 5, reference="m4")


def test_weighted_reference_quantiles_reduce_to_conformal_ones():
    from drugtrends.models.calibration import _conformal_quantile, _quantile_rows

    rt = _reference_script()
    rng = np.random.default_rng(2)
    probs = np.array(rt.PROBS)
    for m in (39, 40, 41, 500):
        v = rng.standard_t(3, size=m)
        for p in probs[probs != 0.5]:
            assert rt.weighted_quantile(v, np.ones(m), p) == _conformal_quantile(v, p)
    a, b = rng.normal(size=(300, 4, 3)), 5 * rng.normal(size=(60, 4, 3))
    np.testing.assert_array_equal(
        rt.pooled_rows([a, b], [1.0, 0.0], probs), _quantile_rows(a, probs, 40, False)
    )
    half = rt.pooled_rows([a, b], [0.5, 0.5], probs)  # the wide panel weighs half
    alone = _quantile_rows(a, probs, 40, False)
    assert np.all(half[:, -1] > 1.5 * alone[:, -1])


def test_reference_drug_series_never_read_the_benchmark_test_years():
    import drugtrends as dt

    rt = _reference_script()
    ids, series = rt.drug_panel()
    assert len(ids) >= 30
    ds = dt.load_dataset()
    last_test = rt._unodc_test_start(rt.HOLD_OUT)
    for sid, y in zip(ids, series, strict=True):
        c, name = sid.split("/")
        row = ds[name].sel(country=c).to_numpy()
        ok = np.flatnonzero(np.isfinite(row))
        assert y.size <= ok[-1] + 1 - ok[0] - rt.HOLD_OUT
        assert np.all(y[np.isfinite(y)] > 0) and np.isfinite(y[-1])
        if (c, name) in last_test:
            first_year = int(ds.year[ok[0]])
            assert first_year + y.size <= last_test[(c, name)]


def test_shared_member_scores_equal_one_refit_per_candidate():
    # auto's candidates (the median and each member) are scored from one pass per member
    # that gives every origin; the result must equal refitting each candidate on each
    # truncated series (up to rounding: each cut is centred from the same pass)
    from drugtrends.models.engine import AUTO_SELECT_MIN_SERIES, _candidates, candidate_scores

    rng = np.random.default_rng(3)
    n = max(AUTO_SELECT_MIN_SERIES, MIN_OWN_SERIES)
    panel = [
        np.exp(np.cumsum(rng.normal(0.05, 0.2, size=int(rng.integers(8, 25)))))
        * (1 if i % 3 else -1)  # some series negative: log members fall back to raw
        for i in range(n)
    ]
    shared = candidate_scores(panel, 4, "auto", origins=4)
    cands = _candidates("auto", n)
    assert len(shared) == len(cands) > 1
    for name, cand in cands:
        alone = rolling_origin_scores(panel, cand.point_batch, 4, 4, max(5, cand.min_length))
        for got, want in zip(shared[name], alone, strict=True):
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
            np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)


def test_interpolated_gaps_do_not_narrow_the_intervals():
    # figures every fourth year: the straight lines between them move 4x less per year
    # than the figures did; the interval must come from the observed changes
    rng = np.random.default_rng(5)
    y = np.full(25, np.nan)
    y[::4] = 100 + np.cumsum(rng.normal(0, 10, size=7))
    filled = np.interp(np.arange(25), np.flatnonzero(~np.isnan(y)), y[~np.isnan(y)])
    out = forecast_arrays([y, filled], horizon=2)
    width = out.quantiles[:, :, -1] - out.quantiles[:, :, 0]
    np.testing.assert_allclose(out.mean[0], out.mean[1], rtol=1e-3)  # log vs linear fill
    assert np.all(width[0] > 1.5 * width[1])
    obs = ~np.isnan(y)
    assert series_scale(filled, observed=obs) > 1.5 * series_scale(filled)


def test_a_series_results_do_not_depend_on_its_batch():
    # every kernel, cut and score of a row has the same bits alone or beside longer and
    # shorter rows (the dask path runs chunks without padding to the panel's width)
    from drugtrends.models.batch import AUTO_MEMBERS, member_forecasts
    from drugtrends.models.engine import candidate_scores

    rng = np.random.default_rng(11)
    panel = [
        np.exp(np.cumsum(rng.normal(0.05, 0.2, size=int(rng.integers(6, 40)))))
        * (1 if i % 4 else -1)
        for i in range(MIN_OWN_SERIES + 30)
    ]
    members = [*AUTO_MEMBERS, ("ses", "raw"), ("naive", "log")]
    whole = member_forecasts(panel, 3, members, cuts=3)
    for i in (0, 7, len(panel) - 1):
        alone = member_forecasts([panel[i]], 3, members, cuts=3)
        for m in members:
            np.testing.assert_array_equal(alone[m][:, 0], whole[m][:, i], err_msg=str(m))
    n = len(panel)
    scores = candidate_scores(panel, 3, "auto", n_series=n)
    parts = [candidate_scores(panel[lo : lo + 50], 3, "auto", n_series=n) for lo in (0, 50, 100)]
    parts.append(candidate_scores(panel[150:], 3, "auto", n_series=n))
    for k, (raw, log) in scores.items():
        np.testing.assert_array_equal(np.concatenate([p[k][0] for p in parts]), raw)
        np.testing.assert_array_equal(np.concatenate([p[k][1] for p in parts]), log)
