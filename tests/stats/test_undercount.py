"""Undercount: capture-recapture by hand, the benchmark model and its leave-one-out check."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import drugtrends as dt
from drugtrends.stats.undercount import (
    benchmarks,
    chao_lower_bound,
    chapman,
    leave_one_out,
)


def test_chapman_by_hand():
    # (100+1)(80+1)/(20+1) - 1 = 8181/21 - 1 = 388.5714...
    r = chapman(100, 80, 20)
    assert r.estimate == pytest.approx(8181 / 21 - 1)
    # Seber variance: 101*81*80*60 / (21^2 * 22)
    assert r.se == pytest.approx(math.sqrt(101 * 81 * 80 * 60 / (21**2 * 22)))
    assert r.observed == 160 and r.lower >= 160 and r.lower < r.estimate < r.upper
    # Chao (1987) log-normal interval on the unseen part f0 = N - 160
    f0 = r.estimate - 160
    c = math.exp(1.959963984540054 * math.sqrt(math.log(1 + r.se**2 / f0**2)))
    assert r.lower == pytest.approx(160 + f0 / c) and r.upper == pytest.approx(160 + f0 * c)


def test_chapman_from_person_lists():
    a = [f"p{i}" for i in range(10)]
    b = [f"p{i}" for i in range(5, 12)]
    r = chapman(a, b)
    assert r.observed == 12
    assert r.estimate == pytest.approx(11 * 8 / 6 - 1)
    with pytest.raises(ValueError, match="overlap"):
        chapman(5, 5, 6)


def test_chao_lower_bound_by_hand():
    # f1 = 60, f2 = 20, S = 80: 80 + 3600 / 40 = 170
    r = chao_lower_bound([60, 20])
    assert r.estimate == 170.0 and r.observed == 80
    assert r.se == pytest.approx(math.sqrt(20 * (3**4 / 4 + 3**3 + 3**2 / 2)))
    hist = np.array([[1, 0], [0, 1], [1, 1], [1, 1], [1, 0], [0, 0]])  # f1 = 3, f2 = 2
    assert chao_lower_bound(hist).estimate == pytest.approx(5 + 9 / 4)


@pytest.fixture(scope="module")
def kaz():
    return dt.load_dataset("KAZ")


def test_benchmarks_of_kazakhstan(kaz):
    b = benchmarks(kaz)
    used = b[b["used"]]
    assert 122850 in set(used["value"])
    assert (b.loc[~b["used"], "note"] != "").all()
    prev = used[used["indicator"] == "prevalence_opiates"]
    # 1.03 % (0.97-1.08) of 15-64 year olds in 2015: 17.54 million x (0.64 to 0.71)
    row = prev[prev["year"] == 2015].iloc[0]
    assert row["lower"] == pytest.approx(0.0097 * 17_542_810 * 0.64)
    assert row["upper"] == pytest.approx(0.0108 * 17_542_810 * 0.71)


def test_leave_one_out_covers_the_official_2011_estimate(kaz):
    loo = leave_one_out(kaz, "KAZ", n_draws=4000, seed=0)
    hit = loo[loo["value"] == 122850].iloc[0]
    assert hit["year"] == 2011
    assert hit["lower_95"] <= 122850 <= hit["upper_95"]
    assert bool(hit["covered"])
    # measured when written (seed 0): 95 % interval about 57,000-320,000; all 5 covered
    assert loo["covered"].all()


def test_undercount_on_kazakhstan(kaz):
    uc = kaz.drugtrends.undercount(country="KAZ", n_draws=2000)
    reg = uc.registered.dropna("year")
    assert float(reg.sel(year=2010)) == 51366
    cells = uc.sel(year=reg.year)
    assert (cells.hidden_total_lower_95 >= cells.registered).all()
    assert (cells.hidden_total_lower_95 <= cells.hidden_total_lower_80).all()
    assert (cells.hidden_total_lower_80 <= cells.hidden_total).all()
    assert (cells.hidden_total <= cells.hidden_total_upper_80).all()
    assert (cells.hidden_total_upper_80 <= cells.hidden_total_upper_95).all()
    assert (cells.registration_share_upper_95 <= 1).all()
    assert "almost certainly understate" in uc.attrs["caveat"]
    assert uc.attrs["leave_one_out_coverage"] == 1.0
    # the register's share falls: 2025 below 2010
    assert float(uc.registration_share.sel(year=2025)) < float(uc.registration_share.sel(year=2010))
    assert "extrapolated" in uc.summary.item()


def test_undercount_total_model_by_hand_with_exact_benchmarks(kaz):
    # a single definition (PWID: 186,000 in 2010 and 122,850 in 2011, both exact): with
    # 2 points the posterior median of log N at the mean year (2010.5) is the mean log
    uc = dt.undercount(kaz, "KAZ", estimates=["estimated_pwid"], n_draws=20000, validate=False)
    assert uc.attrs["benchmarks_used"] == 2
    mid = math.exp((math.log(186000) + math.log(122850)) / 2)
    both = uc.hidden_total_quantiles.sel(year=[2010, 2011], quantile=0.5)
    assert float(np.exp(np.log(both).mean())) == pytest.approx(mid, rel=0.05)


def test_share_model_and_errors(kaz):
    uc = dt.undercount(kaz, "KAZ", model="share", n_draws=1000, validate=False)
    assert uc.attrs["model"] == "share"
    with pytest.raises(ValueError, match="model"):
        dt.undercount(kaz, "KAZ", model="bogus")
    with pytest.raises(ValueError, match="usable dated benchmark"):
        dt.undercount(kaz, "KAZ", estimates=["estimated_drug_dependent"])


# ---------------------------------------------------------------- issue 12


def test_derived_benchmarks_are_marked_and_left_out(kaz):
    from drugtrends.stats.undercount import is_derived

    b = benchmarks(kaz)
    g027 = b[b["record_id"] == "KAZ-g027"].iloc[0]  # "about 5x the official count"
    assert bool(g027["derived"]) and not bool(g027["used"])
    assert "derived from the register" in g027["note"]
    assert not is_derived("UNODC annual prevalence; age=15-64; method=I")
    assert is_derived("implied ratio about 5.3 (derived)")


def test_each_population_under_its_own_name(kaz):
    from drugtrends.stats.undercount import population_of

    assert population_of("estimated_pwid") == "people who inject drugs"
    assert population_of("prevalence_opiates") == "opiate users"
    assert population_of("estimated_drug_users") == "all people who use drugs"
    uc = dt.undercount(kaz, "KAZ", n_draws=1000)
    # no usable all-users estimate is left: the figure is the opiate users', and says so
    assert uc.attrs["population"] == "opiate users"
    assert "number of opiate users" in uc.attrs["summary"]
    assert "total number of people who use drugs" not in uc.attrs["summary"]
    assert "this is not their number" in uc.attrs["summary"]
    assert set(uc.group.values) == {"opiate users", "people who inject drugs"}
    last = int(uc.year.values[-1])
    assert float(uc.group_median.sel(group="opiate users", year=last)) == pytest.approx(
        float(uc.hidden_total.sel(year=last))
    )
    assert uc.attrs["models_disagree"] in ("yes", "no")
    other = json.loads(uc.attrs["other_model_estimate"])
    mine = uc.sel(year=last)
    apart = (
        other["median"] < float(mine.hidden_total_lower_80)
        or other["median"] > float(mine.hidden_total_upper_80)
    ) and not other["lower_80"] <= float(mine.hidden_total) <= other["upper_80"]
    assert (uc.attrs["models_disagree"] == "yes") == apart


def test_interval_score_by_hand():
    from drugtrends.stats.undercount import interval_score

    assert interval_score(50, 200, 100) == pytest.approx(math.log(4))
    # missed by a factor 2 below: width log 4 + 2/0.05 * log 2
    assert interval_score(50, 200, 25) == pytest.approx(math.log(4) + 40 * math.log(2))


def test_leave_one_out_is_scored_against_trivial_baselines(kaz):
    from drugtrends.stats.undercount import loo_scores

    loo = leave_one_out(kaz, "KAZ", n_draws=2000, seed=0)
    assert {"band_score", "multiple_score", "score", "covered"} <= set(loo.columns)
    # covered now means the point lies inside the 95 % interval
    assert (
        loo["covered"] == (loo["lower_95"] <= loo["value"]) & (loo["value"] <= loo["upper_95"])
    ).all()
    # the band x/÷ 2 around the others' geometric mean scores log 4 when it contains the point
    inside = loo["band_covered"].astype(bool)
    assert np.allclose(loo.loc[inside, "band_score"], math.log(4))
    sc = loo_scores(loo)
    assert sc["n"] == len(loo)
    assert sc["model"]["interval_score"] == pytest.approx(loo["score"].mean())
    # with four benchmarks of two populations the model is wider than the trivial band:
    # the verdict must say the data cannot support more
    assert not sc["beats_baselines"]
    assert "cannot support more" in sc["verdict"]
