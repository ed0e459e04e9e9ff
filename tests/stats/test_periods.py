"""annualize and compare, checked against hand computations."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import xarray as xr
from scipy import stats

import drugtrends as dt
from drugtrends.stats import StatsWarning
from drugtrends.stats.periods import ShareModel, SharePrior, share_of_year, share_pairs

L9 = math.log(12 / 9)
K13 = math.log(753.9 / 724.1) / L9  # 0.1400
K14 = math.log(392.3 / 344.6) / L9  # 0.4510


def test_share_pairs_are_learned_from_the_records(small_ds):
    pairs = share_pairs(small_ds)
    used = pairs[pairs["used"]].sort_values("year")
    assert list(used["year"]) == [2013, 2014]
    np.testing.assert_allclose(used["k"], [K13, K14], rtol=1e-12)


def test_posterior_by_hand(small_ds):
    # Normal-scaled-inverse-chi-square update of the prior (1, 1, 2, 0.3) with two pairs
    xbar = (K13 + K14) / 2
    ss = (K13 - xbar) ** 2 + (K14 - xbar) ** 2
    mean = (1 * 1.0 + 2 * xbar) / 3
    s2 = (2 * 0.3**2 + ss + 1 * 2 / 3 * (xbar - 1) ** 2) / 4
    m = share_of_year(small_ds, "heroin_seizures")
    assert (m.n_own, m.kappa, m.nu) == (2, 3.0, 4.0)
    assert m.mean == pytest.approx(mean, rel=1e-12)
    assert m.scale == pytest.approx(math.sqrt(s2), rel=1e-12)
    assert m.predictive_scale == pytest.approx(math.sqrt(s2 * (1 + 1 / 3)), rel=1e-12)


def test_annualize_scales_partial_flows_by_hand(small_ds):
    m = share_of_year(small_ds, "heroin_seizures")
    k = stats.t.ppf([0.025, 0.5, 0.975], 4, loc=m.mean, scale=m.predictive_scale)
    f = np.exp(np.maximum(k, 0) * L9)
    # total seizures (the "all drugs" group) have no pair of their own: the prior, warned
    with pytest.warns(StatsWarning, match="drug_seizures_total.*stated prior"):
        ann = dt.annualize(small_ds)
    cell = ann.sel(country="KAZ", year=2015)
    assert float(cell.heroin_seizures) == pytest.approx(300 * f[1], rel=1e-9)
    assert float(cell.heroin_seizures_lower) == pytest.approx(300 * f[0], rel=1e-9)
    assert float(cell.heroin_seizures_upper) == pytest.approx(300 * f[2], rel=1e-9)
    assert float(cell.heroin_seizures_months) == 12
    assert int(cell.heroin_seizures_annualized) == 1
    assert "heroin_seizures_annualized" in ann.heroin_seizures.attrs["ancillary_variables"]
    cells = json.loads(ann.heroin_seizures.attrs["annualized"])
    assert cells[0]["reported"] == 300 and cells[0]["months_reported"] == 9
    # full years untouched; stocks and prices never scaled
    assert float(ann.heroin_seizures.sel(country="KAZ", year=2013)) == 753.9
    assert int(ann.heroin_seizures_annualized.sel(country="KAZ", year=2013)) == 0
    np.testing.assert_array_equal(ann.registered_drug_users, small_ds.registered_drug_users)
    assert "registered_drug_users_annualized" not in ann
    np.testing.assert_array_equal(ann.heroin_wholesale_price, small_ds.heroin_wholesale_price)
    # total seizures do not borrow the heroin pairs: the prior's median k = 1 (even flow)
    tot = ann.drug_seizures_total.sel(country="KAZ", year=2014)
    assert float(tot) == pytest.approx(23800 * 12 / 9, rel=1e-9)


def test_annualize_without_any_pair_uses_the_prior(datadir):
    from drugtrends import dataset, records
    from tests.conftest import row

    datadir.write([row("A", "drug_seizures_total", "9", unit="t")])
    ds = dataset.build(
        records.load(datadir.root), sources=records.load_sources(datadir.root / "sources.csv")
    )
    with pytest.warns(StatsWarning, match="prior alone"):
        ann = dt.annualize(ds)
    # prior predictive: t(2, 1, 0.3 * sqrt(2)); median k = 1, so an even flow: 9 t * 12 / 9
    assert float(ann.drug_seizures_total.item()) == pytest.approx(12000, rel=1e-9)
    kq = stats.t.ppf(0.975, 2, loc=1, scale=0.3 * math.sqrt(2))
    assert float(ann.drug_seizures_total_upper.item()) == pytest.approx(9000 * (12 / 9) ** kq)


def test_factor_at_twelve_months_is_one():
    m = ShareModel("x", "KAZ", mean=3.0, kappa=1.0, nu=2.0, scale=2.0, prior=SharePrior())
    np.testing.assert_array_equal(m.factor(12, [0.025, 0.5, 0.975]), 1.0)
    with pytest.raises(ValueError):
        m.factor(13, 0.5)


def test_compare_like_with_like(small_ds):
    full = dt.compare(small_ds, "heroin_seizures", 2013, 2014)
    assert full.coverage == "full year"
    assert float(full.pct_change) == pytest.approx(100 * (392.3 / 753.9 - 1))  # -47.96 %
    nine = small_ds.drugtrends.compare("heroin_seizures", 2013, 2014, months=9)
    assert float(nine.pct_change) == pytest.approx(100 * (344.6 / 724.1 - 1))  # -52.41 %
    assert "Jan-Sep 2014" in nine.summary.item()
    reg = dt.compare(small_ds, "registered_drug_users", 2013, 2014)
    assert float(reg.change) == 36137 - 40224
    assert "almost certainly understate" in reg.attrs["caveat"]


def test_compare_refuses_nine_months_against_a_full_year(small_ds):
    with pytest.raises(ValueError, match="never compared with a full year"):
        dt.compare(small_ds, "drug_seizures_total", 2014, 2016)
    with pytest.raises(ValueError, match="same months"):
        dt.compare(small_ds, "heroin_seizures", 2014, 2015, months=12)


def test_compare_annualized_opt_in_widens(small_ds):
    with pytest.warns(StatsWarning, match="stated prior"):  # no pair of all drugs
        res = dt.compare(small_ds, "drug_seizures_total", 2014, 2016, annualized=True)
    assert res.comparison == "annualized"
    assert float(res.pct_change_lower) < float(res.pct_change) < float(res.pct_change_upper)


def test_compare_keeps_ranges_as_intervals(small_ds, datadir):
    from drugtrends import dataset, records
    from tests.conftest import row

    datadir.write(
        [
            row(
                "A",
                "heroin_wholesale_price",
                "3000",
                unit="USD per kg",
                start="2012-01",
                end="2012-12",
                months="12",
            ),
            row(
                "B",
                "heroin_wholesale_price",
                "",
                lower="18000",
                upper="20000",
                unit="USD per kg",
                start="2014-01",
                end="2014-12",
                months="12",
            ),
        ]
    )
    ds = dataset.build(
        records.load(datadir.root), sources=records.load_sources(datadir.root / "sources.csv")
    )
    res = dt.compare(ds, "heroin_wholesale_price", 2012, 2014)
    assert float(res.ratio_lower) == pytest.approx(6.0)
    assert float(res.ratio_upper) == pytest.approx(20000 / 3000)


def test_annualize_keeps_figures_of_too_few_months_as_reported(small_ds):
    # the 2015 heroin figure covers nine months: min_months=10 keeps it as reported
    ann = dt.annualize(small_ds, "heroin_seizures", min_months=10)
    cell = ann.sel(country="KAZ", year=2015)
    assert float(cell.heroin_seizures) == 300 and float(cell.heroin_seizures_months) == 9
    skipped = json.loads(ann.heroin_seizures.attrs["not_annualized"])
    assert any(s["year"] == 2015 and "fewer than 10" in s["reason"] for s in skipped)
    assert (
        float(
            dt.annualize(small_ds, "heroin_seizures").heroin_seizures.sel(country="KAZ", year=2015)
        )
        > 300
    )
    with pytest.raises(ValueError, match="min_months"):
        dt.annualize(small_ds, min_months=13)


# ---------------------------------------------------------------- issue 12


def test_drug_groups():
    from drugtrends.stats.periods import drug_group

    assert drug_group("heroin_seizures") == drug_group("opium_seizures_knb") == "opiates"
    assert drug_group("hashish_seizures") == drug_group("cannabis_plant_seizures") == "cannabis"
    assert drug_group("methamphetamine_seizures") == "synthetic drugs"
    assert drug_group("drug_seizures_total") == "all drugs"
    assert drug_group("drug_crimes_registered") == "cases and other counts"


def test_share_is_learned_per_drug_group(small_ds):
    pairs = share_pairs(small_ds)
    assert set(pairs.loc[pairs["used"], "group"]) == {"opiates"}
    # total seizures (mostly cannabis) no longer borrow the heroin pairs: the prior alone
    tot = share_of_year(small_ds, "drug_seizures_total")
    assert (tot.n_own, tot.n_borrowed) == (0, 0)
    assert (tot.mean, tot.kappa, tot.nu, tot.scale) == (1.0, 1.0, 2.0, 0.3)
    assert "no pairs of the all drugs group" in tot.describe()
    # borrowing stays possible, explicitly
    lent = share_of_year(small_ds, "drug_seizures_total", borrow=0.5)
    assert lent.n_borrowed == 2 and lent.kappa == pytest.approx(2.0)


def test_prior_width_is_what_the_docstring_says():
    m = ShareModel("x", "KAZ", 1.0, 1.0, 2.0, 0.3)  # the stated prior, no pairs
    lo, hi = m.k_quantile([0.1, 0.9])
    assert round(float(lo), 1) == 0.2 and round(float(hi), 1) == 1.8
    lo95, hi95 = m.k_quantile([0.025, 0.975])
    assert round(float(lo95), 1) == -0.8 and round(float(hi95), 1) == 2.8
    # the clip at 0: the 2.5 % quantile of the factor is 1 (the partial figure itself)
    f = m.factor(9, [0.025, 0.1, 0.9])
    assert f[0] == 1.0
    share = 1 / f[1:]  # a nine-month figure is 60-94 % of the year (80 %)
    assert round(float(share[1]), 2) == 0.60 and round(float(share[0]), 2) == 0.94


def test_every_full_year_record_pairs(datadir):
    from drugtrends import dataset, records
    from tests.conftest import row
    from tests.stats.conftest import kaz_rows

    # a second, different full-year figure for heroin 2013 (another source): two pairs
    extra = row(
        "H13G",
        "heroin_seizures",
        "780.0",
        start="2013-01",
        end="2013-12",
        months="12",
        edition="2014",
        source="incsr-2015",
    )
    datadir.write([*kaz_rows(), extra])
    ds = dataset.build(
        records.load(datadir.root), sources=records.load_sources(datadir.root / "sources.csv")
    )
    pairs = share_pairs(ds)
    h13 = pairs[(pairs["indicator"] == "heroin_seizures") & (pairs["year"] == 2013)]
    assert sorted(h13["full"]) == [753.9, 780.0]
    assert h13["used"].all() and h13["group"].eq("opiates").all()
    assert share_of_year(ds, "heroin_seizures").n_own == 3


def test_levels_are_in_percent_and_a_fraction_warns(small_ds):
    # issue 14: one interval convention, levels in percent (default 95) as in forecast
    kw = dict(annualized=True)
    with pytest.warns(StatsWarning):
        pct = dt.compare(small_ds, "drug_seizures_total", 2014, 2016, level=80, **kw)
    with pytest.warns(FutureWarning, match="pass the level in percent"), pytest.warns(StatsWarning):
        frac = dt.compare(small_ds, "drug_seizures_total", 2014, 2016, level=0.8, **kw)
    xr.testing.assert_identical(pct, frac)
    assert pct.attrs["interval"].startswith("80% annualization interval")
    with pytest.warns(StatsWarning):
        default = dt.annualize(small_ds)
    with pytest.warns(FutureWarning, match=r"level=95\)"), pytest.warns(StatsWarning):
        old = dt.annualize(small_ds, level=0.95)
    xr.testing.assert_identical(default, old)
