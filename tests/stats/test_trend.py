"""Trend statistics against hand computations, on hand-made and shipped Datasets."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

import drugtrends as dt
from drugtrends.stats.trend import (
    break_scan,
    loglinear_growth,
    mann_kendall,
    sen_slope,
)

T5 = np.arange(2000, 2005)
Z5 = np.array([0.0, 0.1, 0.3, 0.2, 0.5])  # log figures


def test_ols_growth_by_hand():
    # tc = -2..2, sum tc^2 = 10, sum tc z = 1.1 -> slope 0.11; mean z = 0.22
    # residuals 0, -0.01, 0.08, -0.13, 0.06 -> SSE 0.027, s^2 = 0.009, se = sqrt(0.0009) = 0.03
    r = loglinear_growth(T5, np.exp(Z5), method="ols")
    assert r["slope"] == pytest.approx(0.11)
    assert r["se"] == pytest.approx(0.03)
    half = 3.182446305284263 * 0.03  # t(3) 97.5 % quantile
    assert r["slope_lower"] == pytest.approx(0.11 - half)
    assert r["growth"] == pytest.approx(100 * math.expm1(0.11))
    assert r["growth_upper"] == pytest.approx(100 * math.expm1(0.11 + half))


def test_hac_never_narrower_than_ols():
    ols = loglinear_growth(T5, np.exp(Z5), method="ols")
    hac = loglinear_growth(T5, np.exp(Z5), method="hac")
    assert hac["slope"] == ols["slope"]
    assert hac["se"] >= ols["se"]
    # by hand: n=5 -> 1 lag (Newey-West rule), Bartlett weights 1 at distance 0, 1/2 at 1
    tc, e = np.arange(-2, 3.0), np.array([0, -0.01, 0.08, -0.13, 0.06])
    u = tc * e
    meat = np.sum(u**2) + 2 * 0.5 * np.sum(u[:-1] * u[1:])
    var_hac = meat / 100 * 5 / 3
    assert hac["se"] == pytest.approx(math.sqrt(max(var_hac, 0.0009)))


def test_gls_ar1_runs_with_gaps():
    t = np.array([2000, 2001, 2002, 2005, 2006, 2007, 2009])
    y = np.exp(0.1 * (t - 2000) + np.array([0.05, -0.02, 0.03, -0.04, 0.01, 0.02, -0.03]))
    r = loglinear_growth(t, y, method="gls_ar1")
    assert 0 <= r["phi"] <= 0.9
    assert r["growth_lower"] < r["growth"] < r["growth_upper"]
    assert r["slope"] == pytest.approx(0.1, abs=0.02)


def test_range_adds_uniform_log_variance():
    y = np.exp(Z5)
    lo, hi = y.copy(), y.copy()
    lo[4], hi[4] = y[4] / 1.5, y[4] * 1.5  # log width 2 log 1.5 at tc = +2
    r = loglinear_growth(T5, y, lo, hi, method="ols")
    expected = (2 / 10) * 2 * math.log(1.5) / math.sqrt(12)
    assert r["se_range"] == pytest.approx(expected)
    assert r["se"] == pytest.approx(math.sqrt(0.03**2 + expected**2))


def test_sen_slope_and_interval():
    assert sen_slope(np.array([0, 1, 2]), np.array([1.0, 3.0, 4.0]))[0] == 1.5
    t = np.arange(12)
    y = 2.0 * t + np.array([0.3, -0.2, 0.1, 0, -0.1, 0.2, -0.3, 0.1, 0, 0.2, -0.1, 0])
    s, lo, hi = sen_slope(t, y)
    assert lo <= s <= hi and s == pytest.approx(2.0, abs=0.1)
    assert np.isnan(sen_slope(np.arange(3), np.array([1.0, 2, 3]))[1])  # too short for 95 %


def test_mann_kendall_exact_small_sample():
    # n = 4 increasing: S = 6; exactly 2 of 24 orderings have |S| = 6 -> p = 1/12
    r = mann_kendall(np.arange(4), np.array([1.0, 2, 3, 4]))
    assert r["s"] == 6 and r["tau"] == 1.0 and r["p_method"] == "exact"
    assert r["p"] == pytest.approx(1 / 12)
    # ties: normal approximation with the tie-corrected variance
    r = mann_kendall(np.arange(5), np.array([1.0, 1, 2, 3, 3]))
    var = (5 * 4 * 15 - 2 * (2 * 1 * 9)) / 18  # two pairs of ties
    assert r["p_method"] == "normal" and r["var_s"] == pytest.approx(var)
    assert r["z"] == pytest.approx((r["s"] - 1) / math.sqrt(var))


def test_break_scan_finds_a_level_shift():
    t = np.arange(2000, 2014)
    noise = np.array(
        [0.03, -0.02, 0.01, 0.0, -0.03, 0.02, 0.01, -0.01, 0.02, -0.02, 0.0, 0.01, -0.01, 0.02]
    )
    z = 0.02 * (t - 2000) + 1.0 * (t >= 2008) + noise
    r = break_scan(t, z, model="level", n_boot=199)
    assert r["year"] == 2008 and r["p"] < 0.05
    assert r["year_lower"] <= 2008 <= r["year_upper"]
    assert r["jump"] == pytest.approx(100 * math.expm1(1.0), rel=0.05)
    with pytest.raises(ValueError):
        break_scan(t[:5], z[:5])


def _ds(values: dict[str, list[float]], kind="flow", caveat="", years=None) -> xr.Dataset:
    years = years or list(range(2000, 2000 + len(next(iter(values.values())))))
    data = {}
    for name, v in values.items():
        arr = np.array([v], dtype=float)
        data[name] = (
            ("country", "year"),
            arr,
            {"kind": kind, "units": "kg", "long_name": name.replace("_", " "), "caveat": caveat},
        )
        data[f"{name}_lower"] = (("country", "year"), np.full_like(arr, np.nan))
        data[f"{name}_upper"] = (("country", "year"), np.full_like(arr, np.nan))
        data[f"{name}_months"] = (("country", "year"), np.where(np.isnan(arr), np.nan, 12.0))
    return xr.Dataset(data, coords={"country": ["KAZ"], "year": years})


def test_trend_sentence_and_batch_never_crashes():
    nan = np.nan
    ds = _ds(
        {
            "heroin_seizures": [800.0 * 0.9**i for i in range(10)],
            "empty": [nan] * 10,
            "short": [1.0, 2.0, nan, nan, nan, nan, nan, nan, nan, nan],
            "gappy": [5.0, nan, 6.0, 7.0, nan, 8.0, 9.5, nan, 11.0, 12.0],
            "zeros": [0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        },
        caveat="Seizures reflect enforcement effort.",
    )
    res = dt.trend(ds, level=95)
    h = res.sel(indicator="heroin_seizures", country="KAZ")
    assert float(h.growth) == pytest.approx(-10.0)
    assert h.summary.item().startswith("Heroin seizures fell about 10 % a year from 2000 to 2009")
    assert "95 % CI" in h.summary.item()
    assert res.sel(indicator="empty").status.item() == "no figures"
    assert res.sel(indicator="short").status.item().startswith("too few figures (n=2")
    assert "gap" in res.sel(indicator="gappy").status.item()
    assert float(res.sel(indicator="gappy", country="KAZ").growth_lower) > 0
    z = res.sel(indicator="zeros", country="KAZ")
    assert np.isnan(float(z.growth)) and float(z.sen_slope) == 1.0
    assert "no log-linear growth" in z.status.item()
    assert res.attrs["caveat"] == "Seizures reflect enforcement effort."


def test_fitted_line_by_hand():
    # OLS on the log scale passes through the mean log figure at the mean year
    ds = _ds({"heroin_seizures": [800.0, 400, 200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625]})
    r = dt.trend(ds, level=95, method="ols").sel(indicator="heroin_seizures", country="KAZ")
    assert float(r.mean_year) == pytest.approx(2004.5)
    assert float(r.level_log) == pytest.approx(np.mean(np.log(800.0 * 0.5 ** np.arange(10))))
    fitted = np.exp(float(r.level_log) + float(r.slope_log) * (2000 - float(r.mean_year)))
    assert fitted == pytest.approx(800.0)


def test_short_partial_figures_are_left_out(small_ds):
    months = small_ds["heroin_seizures_months"].copy()
    months.loc[{"year": 2015}] = 2  # a two-month figure says too little about its year
    ds = small_ds.assign(heroin_seizures_months=months)
    res = dt.trend(ds, ["heroin_seizures"], start=2013, end=2015)
    r = res.sel(indicator="heroin_seizures", country="KAZ")
    assert int(r.n_points) == 2 and int(r.n_annualized) == 0
    assert "fewer than 6 months left out" in r.status.item()
    kept = dt.trend(ds, ["heroin_seizures"], start=2013, end=2015, min_months=1)
    assert int(kept.n_points.item()) == 3


def test_trend_start_end_and_accessor(small_ds):
    res = small_ds.drugtrends.trend(["heroin_seizures"], start=2013, end=2015)
    r = res.sel(indicator="heroin_seizures", country="KAZ")
    assert int(r.n_points) == 3 and int(r.n_annualized) == 1  # 2015 is annualized
    assert int(r.start_year) == 2013 and int(r.end_year) == 2015
    drop = dt.trend(small_ds, ["heroin_seizures"], partial="drop")
    assert int(drop.n_points.item()) == 2


def test_registered_users_trend_carries_the_undercount_caveat(small_ds):
    res = dt.trend(small_ds, "registered_drug_users")
    assert "almost certainly understate" in res.attrs["caveat"]
    assert "almost certainly understate" in res.caveat.sel(indicator="registered_drug_users").item()


def test_trend_on_the_shipped_kazakhstan_data():
    ds = dt.load_dataset("KAZ")
    res = ds.drugtrends.trend(
        ["heroin_seizures", "registered_drug_users", "heroin_wholesale_price"], n_boot=199
    )
    assert (res.n_points > 0).all()
    for text in res.summary.values.ravel():
        assert "% a year" in text
    assert res.growth.notnull().all()
    assert (res.growth_lower <= res.growth).all() and (res.growth <= res.growth_upper).all()


def test_plain_yearly_dataset_without_companions_is_full_years():
    # a user's own panel has no months/bounds companions: every figure is a full year
    years = np.arange(2000, 2015)
    values = 100 * 1.05 ** (years - 2000)
    ds = xr.Dataset(
        {"heroin_seizures": (("country", "year"), [values], {"kind": "flow", "units": "kg"})},
        coords={"country": ["A"], "year": years},
    )
    out = dt.trend(ds).sel(indicator="heroin_seizures", country="A")
    assert str(out.status.item()) == "ok"
    assert int(out.n_points) == years.size
    assert float(out.growth) == pytest.approx(5.0, rel=1e-6)


def test_stats_docstring_examples_run():
    import doctest

    from drugtrends.stats import _common

    assert doctest.testmod(_common, optionflags=doctest.ELLIPSIS).failed == 0


# ---------------------------------------------------------------- issue 12: promises kept


def _ar1_series(n, phi, reps, seed, sd=0.15, growth=-0.08):
    from drugtrends.stats._ar1 import ar1_noise

    t = np.arange(2000.0, 2000 + n)
    rng = np.random.default_rng(seed)
    return t, growth * (t - t[0])[:, None] + sd * ar1_noise(t, phi, reps, rng)


def test_growth_interval_holds_under_ar1_where_hac_does_not():
    # 300 series of 20 years with AR(1) 0.5 errors: the default interval covers the true
    # slope about 0.93 of the time (benchmarks/trend_coverage.py), the old HAC about 0.79
    t, Z = _ar1_series(20, 0.5, 300, seed=3)
    hit = {"ar1": 0, "hac": 0}
    for i in range(Z.shape[1]):
        for method in hit:
            r = loglinear_growth(t, np.exp(Z[:, i]), method=method)
            hit[method] += r["slope_lower"] <= -0.08 <= r["slope_upper"]
    assert hit["ar1"] / 300 >= 0.89
    assert hit["hac"] / 300 <= 0.86


def test_median_unbiased_phi_is_not_pulled_to_zero():
    from drugtrends.stats._ar1 import design, lag1_raw

    t, Z = _ar1_series(15, 0.5, 1000, seed=4)
    d = design(t)
    raw = lag1_raw(t, d.M @ Z)
    assert np.median(raw) < 0.35  # the raw estimate is biased low on 15 years ...
    assert abs(np.median(d.unbias_trend(raw)) - 0.5) < 0.07  # ... the corrected one is not
    # and negative autocorrelation stays negative (no clip at 0)
    t, Z = _ar1_series(15, -0.5, 400, seed=5)
    assert np.median(d.unbias_trend(lag1_raw(t, d.M @ Z))) < -0.3


def test_mann_kendall_is_corrected_at_n_10():
    # AR(1) 0.5 and no trend: independent-years exact p rejects far too often at n = 10
    t, Z = _ar1_series(10, 0.5, 300, seed=6, growth=0.0)
    rej = {"ar1": 0, "none": 0}
    for i in range(Z.shape[1]):
        for c in rej:
            rej[c] += mann_kendall(t, Z[:, i], correction=c)["p"] < 0.05
    assert rej["none"] / 300 > 0.12
    assert rej["ar1"] / 300 <= 0.09
    r = mann_kendall(t, Z[:, 0])
    assert r["p_method"] == "ar1_simulated" and math.isfinite(r["phi"])


def test_hamed_rao_is_applied_below_n_10_too():
    t = np.arange(2000.0, 2009)
    y = np.array([0.0, 1, 2, 3, 4, 3, 2, 1, 0.5])  # a hump: strongly autocorrelated ranks
    r = mann_kendall(t, y, correction="hamed_rao")
    assert r["variance_factor"] > 1.5
    assert r["p_method"] == "normal"  # the exact p would ignore the correction
    # ties 1, 2, 3 twice: (9*8*23 - 3 * 2*1*9) / 18 = 89, times the factor
    assert r["var_s"] == pytest.approx(89 * r["variance_factor"])


def test_break_test_size_under_ar1():
    # no break, AR(1) 0.5, 12 years: the old clipped-phi simulation rejected 17-26 %
    t, Z = _ar1_series(12, 0.5, 150, seed=7)
    p = [break_scan(t, Z[:, i], model="level", n_boot=49)["p"] for i in range(Z.shape[1])]
    assert np.mean(np.array(p) < 0.05) <= 0.12


def test_trend_level_in_percent_or_fraction(small_ds):
    with pytest.warns(FutureWarning, match="pass the level in percent"):
        a = dt.trend(small_ds, "heroin_seizures", level=0.8, breaks=False)
    b = dt.trend(small_ds, "heroin_seizures", level=80, breaks=False)
    np.testing.assert_allclose(a.growth_lower.values, b.growth_lower.values)
    assert a.attrs["level"] == b.attrs["level"] == 80
    assert "growth_coverage" in a.attrs and "AR(1) 0.7" in a.attrs["growth_coverage"]


def test_trend_level_defaults_to_95_percent_without_warning(small_ds):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        res = dt.trend(small_ds, "heroin_seizures", breaks=False)
    assert res.attrs["level"] == 95


def test_start_after_end_and_unknown_break_model_are_refused():
    """Issue 15: ``trend(start=2020, end=2010)`` raised nothing and returned 'no figures'."""
    ds = dt.load_dataset("KAZ")[["heroin_seizures", "heroin_seizures_months"]]
    with pytest.raises(ValueError, match=r"start \(2020\) is after end \(2010\)"):
        dt.trend(ds, "heroin_seizures", start=2020, end=2010)
    with pytest.raises(ValueError, match="break_model must be"):
        dt.trend(ds, "heroin_seizures", break_model="x")


def test_summary_of_one_figure_says_figure_not_figures():
    nan = np.nan
    ds = _ds({"single": [nan, nan, 7.0, nan], "pair": [1.0, nan, 3.0, nan]})
    res = dt.trend(ds, level=95)
    one = res.sel(indicator="single", country="KAZ").summary.item()
    two = res.sel(indicator="pair", country="KAZ").summary.item()
    assert "only 1 figure:" in one and "figures:" not in one
    assert "only 2 figures:" in two
