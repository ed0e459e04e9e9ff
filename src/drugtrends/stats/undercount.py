"""The hidden population behind the register: how many people use drugs, with intervals.

Official registers count the people known to the narcological services. The reports
themselves warn that these figures almost certainly understate real use: in Kazakhstan the
register falls from about 51,000 (2010) to about 18,000 (2025) while independent estimates
of people who use or inject drugs stay between 120,000 and 250,000.

:func:`undercount` puts an estimated hidden total beside the registered count for each
year, with 80 % and 95 % intervals, and the registration share (registered / total) it
implies. :func:`leave_one_out` checks the model by predicting each independent estimate
from the others. :func:`chapman` and :func:`chao_lower_bound` serve users who hold
person-level list data.

The benchmark-multiplier model
------------------------------
*Benchmarks* are the dated independent estimates in the Dataset's records
(``estimated_pwid``, ``estimated_drug_users``, ``estimated_drug_dependent``,
``estimated_opiate_users``, ``estimated_regular_drug_users``) and, where the population is
known, UNODC annual prevalence x population aged 15-64 (``prevalence_opiates``).
Undated figures stay out (their year is unknown); national figures only.

``model="total"`` (default)
    The log of each benchmark is the log of a smooth hidden total plus a
    benchmark-specific error:

    ``log E_j = a + b (t_j - tbar) + e_j``,  ``e_j ~ N(0, sigma^2)``.

    ``sigma`` is the disagreement between estimates (different definitions: people who
    inject vs. all who use vs. dependent users; different methods); ``b`` the hidden
    total's growth. The registration share ``s_t = R_t / N_t`` then varies freely from
    year to year with the register ``R_t``: the multiplier ``N_t / R_t`` is time-varying.
``model="share"``
    The classic multiplier with a trend: ``logit(R(t_j) / E_j) = a + b (t_j - tbar) + e_j``
    (the register at the benchmark year interpolated log-linearly between its nearest
    figures, with a +-10 % band), and ``N_t = R_t / s_t``. Year-to-year changes of the
    register then pass into the hidden total; with benchmarks only up to 2015 the share is
    extrapolated after that, which is why this is not the default.

Both use the conjugate Normal-inverse-chi-square prior: vague on the level, ``b ~ N(0,
(0.05)^2)`` roughly (a hidden population rarely changes by more than 10 % a year, 95 %),
``sigma`` around 0.35 (estimates of one population by different methods often differ by a
factor 1.4) with 2 prior degrees of freedom. Uncertainty is propagated by simulation
(``n_draws`` draws, seeded): each benchmark is drawn within its range (uniform on the log
scale; "about" = +-10 %; prevalence range x population band), the posterior and a new
benchmark error are drawn, and the register is drawn within its range ("more than" = up to
+10 %, "about" = +-10 %). Intervals are therefore *predictive*: they cover the parameter
uncertainty, the disagreement between estimates, each estimate's stated range and the
register's. The hidden total is never below the register (draws are truncated at it).

Assumptions and pitfalls
------------------------
* Benchmarks count different populations (PWID are a subset of people who use drugs;
  "dependent" and "regular" users differ again); the model treats them as noisy
  measurements of one hidden total and lets ``sigma`` absorb the differences. Select
  benchmarks of one definition (``benchmarks=[...]``) to estimate that population.
* The register's own definition changes (drug users, then people with a dependence
  diagnosis under observation); a change in registration rules shows as a change in share.
* After the last dated benchmark (2015 for Kazakhstan), the hidden total is extrapolated
  along the fitted trend; intervals widen with the distance.
* Benchmarks are not independent if one is derived from another (e.g. a press figure
  quoting an official estimate): remove duplicates.
* See EMCDDA (1999) and UNAIDS/WHO (2010) on multiplier-benchmark methods: the method is
  only as good as the benchmark and the match in definitions, time and place.

References
----------
EMCDDA (1999). *Estimating the prevalence of problem drug use in Europe*. EMCDDA
Scientific Monograph Series 1, Lisbon (multiplier-benchmark methods).
UNAIDS/WHO Working Group on Global HIV/AIDS and STI Surveillance (2010). *Guidelines on
estimating the size of populations most at risk to HIV*. Geneva.
Gelman, A. et al. (2013). *Bayesian Data Analysis*, 3rd ed., sec. 14.2 (conjugate
regression). CRC Press.
Chapman, D. G. (1951). Some properties of the hypergeometric distribution with
applications to zoological sample censuses. *Univ. California Publ. Statistics* 1, 131-160.
Seber, G. A. F. (1970). The effects of trap response on tag recapture estimates.
*Biometrics* 26, 13-22 (variance of the Chapman estimator).
Chao, A. (1987). Estimating the population size for capture-recapture data with unequal
catchability. *Biometrics* 43, 783-791.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                                     # doctest: +SKIP
>>> uc = dt.undercount(ds, country="KAZ")                           # doctest: +SKIP
>>> uc.hidden_total.sel(year=2010).item()                           # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from ._common import caveat_attrs, fmt_num, pick_country

__all__ = [
    "BENCHMARKS",
    "POPULATION_15_64_SHARE",
    "POPULATION_TOTAL",
    "CaptureRecapture",
    "UndercountPrior",
    "benchmarks",
    "chao_lower_bound",
    "chapman",
    "leave_one_out",
    "undercount",
]

BENCHMARKS = (
    "estimated_pwid",
    "estimated_drug_users",
    "estimated_regular_drug_users",
    "estimated_drug_dependent",
    "estimated_opiate_users",
    "prevalence_opiates",
)
"""Indicators used as benchmarks by default (prevalence is multiplied by population)."""

REGISTER = "registered_drug_users"

POPULATION_TOTAL = {
    "KAZ": {
        1999: 14_928_370,
        2000: 14_883_630,
        2001: 14_858_340,
        2002: 14_858_950,
        2003: 14_909_020,
        2004: 15_012_980,
        2005: 15_147_030,
        2006: 15_308_090,
        2007: 15_484_190,
        2008: 15_776_940,
        2009: 16_092_820,
        2010: 16_321_870,
        2011: 16_557_200,
        2012: 16_792_090,
        2013: 17_035_550,
        2014: 17_288_280,
        2015: 17_542_810,
        2016: 17_794_060,
        2017: 18_037_780,
        2018: 18_276_450,
        2019: 18_513_670,
        2020: 18_754_440,
    },
}
"""Mid-year total population [persons]: World Bank WDI ``SP.POP.TOTL`` (from UN World
Population Prospects 2019), as republished by indexmundi.com (page
"Kazakhstan - Population, total"). Used only with the share below."""

POPULATION_15_64_SHARE = {"KAZ": (0.64, 0.71)}
"""Band for the share of the population aged 15-64 [1]. Kazakhstan's share was about
70 % in 2009 (CIA World Factbook estimate, 70.2 %) and fell in the 2010s as births rose;
the band covers 2006-2015 and is drawn uniformly, so the population's uncertainty (about
+-5 %) is carried into the prevalence benchmarks. Replace it with exact UN WPP figures
(``population=`` argument) when available."""

_QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)
_APPROX = 0.10


@dataclass(frozen=True)
class UndercountPrior:
    """Conjugate prior of the benchmark regression (see the module docstring).

    Parameters
    ----------
    slope_sd : float
        Prior standard deviation of the yearly log change of the hidden total (or of the
        logit share) when ``sigma`` equals ``scale`` [year-1].
    scale : float
        Prior guess of ``sigma``, the disagreement between benchmarks [log units].
    nu : float
        Prior degrees of freedom of ``sigma^2`` [benchmarks].
    level_sd : float
        Prior standard deviation of the level, relative to ``sigma`` [1] (vague).
    """

    slope_sd: float = 0.05
    scale: float = 0.35
    nu: float = 2.0
    level_sd: float = 100.0


# ---------------------------------------------------------------------------- inputs


def _bounds(value: float, lower: float, upper: float, qualifier: str) -> tuple[float, float]:
    """Lower and upper plausible values of a figure (see the module docstring)."""
    lo = lower if math.isfinite(lower) else value
    hi = upper if math.isfinite(upper) else value
    if qualifier == "approx" and lo == hi:
        lo, hi = value * (1 - _APPROX), value * (1 + _APPROX)
    elif qualifier == "at_least" and not math.isfinite(upper):
        hi = lo * (1 + _APPROX)
    elif qualifier == "at_most" and not math.isfinite(lower):
        lo = hi * (1 - _APPROX)
    return lo, hi


def benchmarks(
    ds: xr.Dataset,
    country: str | None = None,
    indicators: Sequence[str] = BENCHMARKS,
    population: dict[int, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """The independent estimates of the hidden population in the records of ``ds``.

    Parameters
    ----------
    ds : xarray.Dataset
    country : str, optional
        ISO3 code; the Dataset's only country by default.
    indicators : sequence of str
        Benchmark indicators; ``prevalence_*`` figures (percent of the population aged
        15-64) are converted with the population.
    population : dict, optional
        ``{year: (lower, upper)}`` population aged 15-64 [persons]; by default the shipped
        table (:data:`POPULATION_TOTAL` x :data:`POPULATION_15_64_SHARE`).

    Returns
    -------
    pandas.DataFrame
        ``record_id, indicator, year, value, lower, upper, qualifier, source_id, used,
        note``; ``used`` is False for undated figures, lower bounds only ("at least"
        figures are kept as checks), sub-national scopes and prevalence without population.

    Examples
    --------
    >>> benchmarks(dt.load_dataset("KAZ"))[["indicator", "year", "value", "used"]]  # doctest: +SKIP
    """
    import pandas as pd

    from drugtrends.dataset import records_table

    country = pick_country(ds, country)
    table = records_table(ds)
    rows = table[(table["country"] == country) & table["indicator"].isin(list(indicators))]
    out = []
    for rec in rows.itertuples(index=False):
        value = float(rec.value)
        lower, upper = float(rec.lower), float(rec.upper)
        if not math.isfinite(value):
            value = math.sqrt(lower * upper) if lower > 0 and upper > 0 else math.nan
        lo, hi = _bounds(value, lower, upper, rec.qualifier)
        year = None if pd.isna(rec.year) else int(rec.year)
        note, used = "", True
        scope = str(ds[rec.indicator].attrs.get("scope", "national")) if rec.indicator in ds else ""
        if year is None:
            used, note = False, "undated: stays out until its year is known"
        elif scope and scope != "national":
            used, note = False, f"{scope} scope"
        elif rec.qualifier == "at_least" and not math.isfinite(upper):
            used, note = False, "a lower bound ('at least'): kept as a check, not fitted"
        elif not (math.isfinite(value) and value > 0):
            used, note = False, "no positive figure"
        if rec.indicator.startswith("prevalence_") and used:
            pop = population if population is not None else _population(country)
            if pop is None or year not in pop:
                used, note = False, f"no population for {year}: pass population="
            else:
                p_lo, p_hi = pop[year]
                value = value / 100 * math.sqrt(p_lo * p_hi)
                lo, hi = lo / 100 * p_lo, hi / 100 * p_hi
                note = (
                    f"prevalence {rec.value:g} % x population aged 15-64 "
                    f"({p_lo / 1e6:.2f}-{p_hi / 1e6:.2f} million)"
                )
        out.append(
            {
                "record_id": rec.record_id,
                "indicator": rec.indicator,
                "year": year,
                "value": value,
                "lower": lo,
                "upper": hi,
                "qualifier": rec.qualifier,
                "source_id": rec.source_id,
                "used": used,
                "note": note,
            }
        )
    frame = pd.DataFrame(
        out,
        columns=[
            "record_id",
            "indicator",
            "year",
            "value",
            "lower",
            "upper",
            "qualifier",
            "source_id",
            "used",
            "note",
        ],
    )
    return frame.sort_values(
        ["used", "year"], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


def _population(country: str) -> dict[int, tuple[float, float]] | None:
    total = POPULATION_TOTAL.get(country)
    share = POPULATION_15_64_SHARE.get(country)
    if total is None or share is None:
        return None
    return {y: (p * share[0], p * share[1]) for y, p in total.items()}


def _register(ds: xr.Dataset, country: str, indicator: str):
    """Registered counts of the resolved series: years, value, lower, upper."""
    from drugtrends.dataset import records_table

    years = np.asarray(ds["year"].values, dtype=int)
    value = np.asarray(ds[indicator].sel(country=country).values, dtype=float)
    lower = np.asarray(ds[f"{indicator}_lower"].sel(country=country).values, dtype=float)
    upper = np.asarray(ds[f"{indicator}_upper"].sel(country=country).values, dtype=float)
    recs = ds[f"{indicator}_record"].sel(country=country).values
    table = records_table(ds)
    qual = dict(zip(table["record_id"], table["qualifier"], strict=False))
    keep = np.isfinite(value)
    lo, hi = [], []
    for v, a, b, r in zip(value[keep], lower[keep], upper[keep], recs[keep], strict=True):
        x, y = _bounds(float(v), float(a), float(b), qual.get(str(r), ""))
        lo.append(x)
        hi.append(y)
    return years[keep], value[keep], np.array(lo), np.array(hi), [str(r) for r in recs[keep]]


# ---------------------------------------------------------------------------- the model


def _log_uniform(lo: np.ndarray, hi: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Draws (size x len(lo)) uniform on the log scale between lo and hi."""
    u = rng.random((size, len(lo)))
    return np.log(lo) + u * (np.log(hi) - np.log(lo))


def _posterior_draws(
    t: np.ndarray,
    z: np.ndarray,
    t_new: np.ndarray,
    prior: UndercountPrior,
    t_center: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Predictive draws of a new benchmark-scale value at ``t_new``.

    ``z`` has shape (draws, n): one row of responses per draw (benchmarks drawn within
    their ranges). Returns (draws, len(t_new)) draws of ``x' beta + e``.
    """
    d, n = z.shape
    X = np.column_stack([np.ones(n), t - t_center])
    v0_inv = np.diag([1 / prior.level_sd**2, (prior.scale / prior.slope_sd) ** 2])
    m0 = np.zeros(2)
    m0[0] = 0.0
    # the level prior is vague; centre it on each draw's mean so it stays harmless
    m0_draw = np.column_stack([z.mean(axis=1), np.zeros(d)])
    vn = np.linalg.inv(v0_inv + X.T @ X)
    mn = (m0_draw @ v0_inv + z @ X) @ vn  # (d, 2)
    nu_n = prior.nu + n
    quad0 = np.einsum("di,ij,dj->d", m0_draw, v0_inv, m0_draw)
    quadn = np.einsum("di,ij,dj->d", mn, np.linalg.inv(vn), mn)
    ss = prior.nu * prior.scale**2 + np.sum(z**2, axis=1) + quad0 - quadn
    sigma2 = ss / rng.chisquare(nu_n, size=d)
    chol = np.linalg.cholesky(vn)
    beta = mn + np.sqrt(sigma2)[:, None] * (rng.standard_normal((d, 2)) @ chol.T)
    Xn = np.column_stack([np.ones(len(t_new)), t_new - t_center])
    eps = np.sqrt(sigma2)[:, None] * rng.standard_normal((d, len(t_new)))
    return beta @ Xn.T + eps


def _interp_register(year: float, r_years: np.ndarray, r_value: np.ndarray) -> float:
    """Register at ``year``: the figure, or log-linear interpolation; NaN outside."""
    if year in r_years:
        return float(r_value[list(r_years).index(year)])
    if year < r_years.min() or year > r_years.max():
        return math.nan
    return float(np.exp(np.interp(year, r_years, np.log(r_value))))


def _simulate(
    bench: pd.DataFrame,
    reg: tuple,
    years: np.ndarray,
    model: str,
    prior: UndercountPrior,
    n_draws: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Draws of the hidden total (draws x years) and of the register at those years."""
    r_years, r_value, r_lo, r_hi, _ = reg
    t = bench["year"].to_numpy(float)
    log_e = _log_uniform(
        bench["lower"].to_numpy(float), bench["upper"].to_numpy(float), n_draws, rng
    )
    t_center = float(t.mean())
    # register draws at the output years (NaN where there is no figure)
    reg_draw = np.full((n_draws, len(years)), np.nan)
    for i, y in enumerate(years):
        hit = np.flatnonzero(r_years == y)
        if hit.size:
            j = hit[0]
            reg_draw[:, i] = np.exp(
                _log_uniform(r_lo[j : j + 1], r_hi[j : j + 1], n_draws, rng)[:, 0]
            )
    if model == "total":
        pred = _posterior_draws(t, log_e, years.astype(float), prior, t_center, rng)
        total = np.exp(pred)
    else:
        r_at = np.array([_interp_register(y, r_years, r_value) for y in t])
        if not np.all(np.isfinite(r_at)):
            raise ValueError("a benchmark lies outside the register's years")
        band = _log_uniform(r_at * (1 - _APPROX), r_at * (1 + _APPROX), n_draws, rng)
        exact = np.isin(t, r_years)
        log_r = np.where(exact[None, :], np.log(r_at)[None, :], band)
        share = np.clip(np.exp(log_r - log_e), 1e-6, 1 - 1e-6)
        logit = np.log(share / (1 - share))
        pred = _posterior_draws(t, logit, years.astype(float), prior, t_center, rng)
        s = 1 / (1 + np.exp(-pred))
        total = reg_draw / s
    total = np.where(np.isfinite(reg_draw), np.fmax(total, reg_draw), total)
    return total, reg_draw


def _check_model(model: str) -> None:
    if model not in ("total", "share"):
        raise ValueError(f"model must be 'total' or 'share', not {model!r}")


def _groups_note(bench: pd.DataFrame) -> str:
    """``" of different groups (...), pooled as one benchmark"`` for benchmarks of several
    kinds of population, else empty."""
    kinds = []
    for name in bench["indicator"]:
        name = str(name)
        if "inject" in name or "pwid" in name:
            kind = "people who inject drugs"
        elif "opiate" in name or "opioid" in name:
            kind = "opiate users"
        else:
            kind = "all people who use drugs"
        if kind not in kinds:
            kinds.append(kind)
    if len(kinds) < 2:
        return ""
    groups = ", ".join(kinds[:-1]) + f" and {kinds[-1]}"
    return f" of different groups ({groups}), pooled as one benchmark"


def undercount(
    ds: xr.Dataset,
    country: str | None = "KAZ",
    *,
    model: str = "total",
    register: str = REGISTER,
    estimates: Sequence[str] | None = None,
    population: dict[int, tuple[float, float]] | None = None,
    prior: UndercountPrior | None = None,
    n_draws: int = 4000,
    seed: int = 0,
    validate: bool = True,
) -> xr.Dataset:
    """Registered counts beside the estimated hidden total, with 80 and 95 % intervals.

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset holding the register and the benchmark records.
    country : str, optional
        ISO3 code (default ``"KAZ"``; None for the Dataset's only country).
    model : {"total", "share"}
        Smooth hidden total (default) or logit-linear registration share; see the module
        docstring.
    register : str
        Indicator of the registered count.
    estimates : sequence of str, optional
        Benchmark indicators (default :data:`BENCHMARKS`); e.g. ``["estimated_pwid"]``
        to estimate people who inject drugs only.
    population : dict, optional
        ``{year: (lower, upper)}`` population aged 15-64 [persons] for prevalence
        benchmarks.
    prior : UndercountPrior, optional
    n_draws : int
        Simulation draws.
    seed : int
        Seed (results are reproducible).
    validate : bool
        Also run :func:`leave_one_out` and store its results along ``benchmark``.

    Returns
    -------
    xarray.Dataset
        Along ``year`` (from the first benchmark or register figure to the last register
        figure): ``registered`` with ``registered_lower`` / ``_upper``; ``hidden_total``
        (median) with ``hidden_total_lower_80`` / ``_upper_80`` / ``_lower_95`` /
        ``_upper_95`` and ``hidden_total_quantiles`` (year x quantile);
        ``registration_share`` (registered / hidden total, median) and ``multiplier``
        (hidden / registered) with the same limits (NaN in years without a register
        figure). Along ``benchmark``: the estimates used and set aside, with their
        leave-one-out 95 % prediction interval and whether it covers them. Attributes:
        method, model, prior, the caveat of the register and of the estimates, and a
        ``summary`` sentence.

    Raises
    ------
    ValueError
        With fewer than 2 usable dated benchmarks, or no register figure.

    Examples
    --------
    >>> uc = undercount(dt.load_dataset("KAZ"))                          # doctest: +SKIP
    >>> print(uc.attrs["summary"])                                       # doctest: +SKIP
    """
    _check_model(model)
    prior = prior or UndercountPrior()
    country = pick_country(ds, country)
    if register not in ds:
        raise KeyError(f"no register indicator {register!r} in the Dataset")
    bench_all = benchmarks(ds, country, estimates or BENCHMARKS, population)
    bench = bench_all[bench_all["used"].astype(bool)].reset_index(drop=True)
    if len(bench) < 2:
        n = len(bench)
        raise ValueError(
            f"{country} has {'no' if n == 0 else n} usable dated benchmark"
            f"{'' if n == 1 else 's'}: the estimate needs at least 2 dated independent "
            "estimates of the number of people who use drugs (drugtrends.stats.undercount."
            "benchmarks lists what the records hold)"
        )
    reg = _register(ds, country, register)
    r_years = reg[0]
    if len(r_years) == 0:
        raise ValueError(f"{country}: no figure of {register}")
    first = int(min(bench["year"].min(), r_years.min()))
    last = int(r_years.max())
    years = np.arange(first, last + 1)
    rng = np.random.default_rng(seed)
    total, reg_draw = _simulate(bench, reg, years, model, prior, n_draws, rng)

    q = np.array(_QUANTILES)
    tq = np.quantile(total, q, axis=0).T  # (years, quantile)
    share = reg_draw / total
    sq = np.full((len(years), len(q)), np.nan)
    cols = np.isfinite(share).all(axis=0)
    if cols.any():
        sq[cols] = np.quantile(share[:, cols], q, axis=0).T
    mq = 1 / sq[:, ::-1]
    has_reg = np.isin(years, r_years)
    sq[~has_reg] = np.nan
    mq[~has_reg] = np.nan

    reg_v = np.full(len(years), np.nan)
    reg_lo = np.full(len(years), np.nan)
    reg_hi = np.full(len(years), np.nan)
    for i, y in enumerate(years):
        hit = np.flatnonzero(r_years == y)
        if hit.size:
            reg_v[i], reg_lo[i], reg_hi[i] = reg[1][hit[0]], reg[2][hit[0]], reg[3][hit[0]]

    def limits(name: str, arr: np.ndarray, units: str, long_name: str) -> dict:
        return {
            name: ("year", arr[:, 2], {"units": units, "long_name": f"{long_name} (median)"}),
            f"{name}_lower_80": ("year", arr[:, 1], {"units": units}),
            f"{name}_upper_80": ("year", arr[:, 3], {"units": units}),
            f"{name}_lower_95": ("year", arr[:, 0], {"units": units}),
            f"{name}_upper_95": ("year", arr[:, 4], {"units": units}),
        }

    data = {
        "registered": (
            "year",
            reg_v,
            {"units": "1", "long_name": ds[register].attrs.get("long_name", register)},
        ),
        "registered_lower": ("year", reg_lo, {"units": "1"}),
        "registered_upper": ("year", reg_hi, {"units": "1"}),
        **limits("hidden_total", tq, "1", "estimated hidden total"),
        "hidden_total_quantiles": (("year", "quantile"), tq, {"units": "1"}),
        **limits("registration_share", sq, "1", "registered share of the hidden total"),
        **limits("multiplier", mq, "1", "hidden total per registered person"),
    }
    # benchmarks and their leave-one-out check
    loo = (
        leave_one_out(
            ds,
            country,
            model=model,
            register=register,
            estimates=estimates,
            population=population,
            prior=prior,
            n_draws=n_draws,
            seed=seed,
        )
        if validate and len(bench) >= 3
        else None
    )
    b = bench_all.reset_index(drop=True)
    lo_loo = np.full(len(b), np.nan)
    hi_loo = np.full(len(b), np.nan)
    covered = np.full(len(b), "", dtype=object)
    if loo is not None:
        for i, rid in enumerate(b["record_id"]):
            hit = loo[loo["record_id"] == rid]
            if len(hit):
                lo_loo[i] = hit["lower_95"].iloc[0]
                hi_loo[i] = hit["upper_95"].iloc[0]
                covered[i] = "yes" if bool(hit["covered"].iloc[0]) else "no"
    data.update(
        {
            "benchmark_indicator": ("benchmark", b["indicator"].to_numpy(object)),
            "benchmark_year": ("benchmark", b["year"].astype(float).to_numpy(float)),
            "benchmark_value": ("benchmark", b["value"].to_numpy(float), {"units": "1"}),
            "benchmark_lower": ("benchmark", b["lower"].to_numpy(float), {"units": "1"}),
            "benchmark_upper": ("benchmark", b["upper"].to_numpy(float), {"units": "1"}),
            "benchmark_used": ("benchmark", b["used"].to_numpy(bool)),
            "benchmark_note": ("benchmark", b["note"].to_numpy(object)),
            "benchmark_source": ("benchmark", b["source_id"].to_numpy(object)),
            "benchmark_loo_lower_95": ("benchmark", lo_loo, {"units": "1"}),
            "benchmark_loo_upper_95": ("benchmark", hi_loo, {"units": "1"}),
            "benchmark_loo_covered": ("benchmark", covered),
        }
    )
    cav = caveat_attrs(ds, [register, *[i for i in dict.fromkeys(bench["indicator"]) if i in ds]])
    caveat_text = str(ds[register].attrs.get("caveat", ""))
    est_caveats = sorted(
        {str(ds[i].attrs.get("caveat", "")) for i in bench["indicator"] if i in ds}
        - {"", caveat_text}
    )
    last_b = int(bench["year"].max())
    i_last = int(np.flatnonzero(years == last)[0])
    ref = int(r_years[np.argmin(np.abs(r_years - last_b))]) if len(r_years) else last
    i_ref = int(np.flatnonzero(years == ref)[0])
    summary = (
        f"{country}: {fmt_num(reg_v[i_last])} people were registered in {last}; the estimated "
        f"total number of people who use drugs, registered or not, is about "
        f"{fmt_num(tq[i_last, 2])} (80 % interval "
        f"{fmt_num(tq[i_last, 1])}-{fmt_num(tq[i_last, 3])}, 95 % "
        f"{fmt_num(tq[i_last, 0])}-{fmt_num(tq[i_last, 4])}), so the register covers about "
        f"{100 * sq[i_last, 2]:.0f} % (95 % interval {100 * sq[i_last, 0]:.0f}-"
        f"{100 * sq[i_last, 4]:.0f} %) against {100 * sq[i_ref, 2]:.0f} % in {ref}. "
        f"Based on {len(bench)} dated independent estimates ({int(bench['year'].min())}-"
        f"{last_b}){_groups_note(bench)}"
        + (f"; after {last_b} the total is extrapolated" if last > last_b else "")
        + "."
    )
    attrs = {
        "title": "Hidden population beside the register (drugtrends.stats.undercount)",
        "country": country,
        "register": register,
        "model": model,
        "method": (
            "benchmark-multiplier: "
            + (
                "log-linear hidden total fitted to the dated independent estimates; "
                "registration share = register / total"
                if model == "total"
                else "logit-linear registration share fitted to register / estimate; "
                "total = register / share"
            )
            + "; conjugate Normal-inverse-chi-square regression; predictive intervals by "
            f"simulation ({n_draws} draws, seed {seed}) carrying benchmark ranges, "
            "disagreement between benchmarks, and register ranges"
        ),
        "prior": json.dumps(asdict(prior)),
        "quantiles": json.dumps(list(_QUANTILES)),
        "intervals": "80 % and 95 % predictive intervals",
        "benchmarks_used": len(bench),
        "population_source": (
            "World Bank SP.POP.TOTL (UN WPP 2019) x 15-64 share band "
            f"{POPULATION_15_64_SHARE.get(country)}"
            if population is None
            else "user supplied"
        ),
        "summary": summary,
        **cav,
        "caveat": caveat_text + (" Estimates: " + " ".join(est_caveats) if est_caveats else ""),
    }
    if loo is not None:
        attrs["leave_one_out"] = loo.to_json(orient="records")
        attrs["leave_one_out_coverage"] = float(loo["covered"].mean())
    out = xr.Dataset(
        data,
        coords={
            "year": ("year", years.astype(np.int64), {"long_name": "calendar year"}),
            "quantile": ("quantile", q),
            "benchmark": ("benchmark", b["record_id"].to_numpy(object)),
            "country": country,
        },
        attrs=attrs,
    )
    out["summary"] = ((), np.array(summary, dtype=object))
    return out


def leave_one_out(
    ds: xr.Dataset,
    country: str | None = "KAZ",
    *,
    model: str = "total",
    register: str = REGISTER,
    estimates: Sequence[str] | None = None,
    population: dict[int, tuple[float, float]] | None = None,
    prior: UndercountPrior | None = None,
    n_draws: int = 4000,
    seed: int = 0,
) -> pd.DataFrame:
    """Predict each dated benchmark from the others: does the 95 % interval cover it?

    Parameters
    ----------
    As for :func:`undercount`.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark: ``record_id, indicator, year, value, lower, upper``, the
        predictive ``median``, ``lower_80``, ``upper_80``, ``lower_95``, ``upper_95`` of a
        new estimate for that year from the other benchmarks, and ``covered`` (the 95 %
        interval overlaps the benchmark's own range, or contains it when exact).

    Examples
    --------
    >>> loo = leave_one_out(dt.load_dataset("KAZ"))                       # doctest: +SKIP
    >>> loo.query("value == 122850")[["lower_95", "upper_95", "covered"]]  # doctest: +SKIP
    """
    import pandas as pd

    _check_model(model)
    prior = prior or UndercountPrior()
    country = pick_country(ds, country)
    bench_all = benchmarks(ds, country, estimates or BENCHMARKS, population)
    bench = bench_all[bench_all["used"].astype(bool)].reset_index(drop=True)
    if len(bench) < 3:
        raise ValueError(f"leave-one-out needs at least 3 dated benchmarks, not {len(bench)}")
    reg = _register(ds, country, register)
    rows = []
    for j in range(len(bench)):
        rest = bench.drop(index=j).reset_index(drop=True)
        target = bench.iloc[j]
        year = np.array([int(target["year"])])
        rng = np.random.default_rng(seed + j)
        if model == "total":
            t = rest["year"].to_numpy(float)
            log_e = _log_uniform(
                rest["lower"].to_numpy(float), rest["upper"].to_numpy(float), n_draws, rng
            )
            pred = np.exp(
                _posterior_draws(t, log_e, year.astype(float), prior, float(t.mean()), rng)
            )[:, 0]
        else:
            r_at = _interp_register(float(year[0]), reg[0], reg[1])
            if not math.isfinite(r_at):
                continue
            sub = (reg[0], reg[1], reg[2], reg[3], reg[4])
            # predict the share at the benchmark year, then the estimate = register / share
            t = rest["year"].to_numpy(float)
            log_e = _log_uniform(
                rest["lower"].to_numpy(float), rest["upper"].to_numpy(float), n_draws, rng
            )
            r_rest = np.array([_interp_register(y, sub[0], sub[1]) for y in t])
            share = np.clip(r_rest[None, :] / np.exp(log_e), 1e-6, 1 - 1e-6)
            logit = np.log(share / (1 - share))
            pl = _posterior_draws(t, logit, year.astype(float), prior, float(t.mean()), rng)
            pred = r_at * (1 + np.exp(-pl[:, 0]))
        qs = np.quantile(pred, [0.025, 0.1, 0.5, 0.9, 0.975])
        lo, hi = float(target["lower"]), float(target["upper"])
        rows.append(
            {
                "record_id": target["record_id"],
                "indicator": target["indicator"],
                "year": int(target["year"]),
                "value": float(target["value"]),
                "lower": lo,
                "upper": hi,
                "median": qs[2],
                "lower_80": qs[1],
                "upper_80": qs[3],
                "lower_95": qs[0],
                "upper_95": qs[4],
                "covered": bool(hi >= qs[0] and lo <= qs[4]),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class CaptureRecapture:
    """Result of a capture-recapture estimate.

    Attributes
    ----------
    estimate : float
        Estimated population size [persons].
    lower, upper : float
        Interval limits [persons]; the lower limit is never below ``observed``.
    se : float
        Standard error [persons].
    observed : int
        Distinct people seen on any list [persons].
    level : float
    method : str
    """

    estimate: float
    lower: float
    upper: float
    se: float
    observed: int
    level: float
    method: str

    def to_dict(self) -> dict:
        return asdict(self)


def _log_ci(observed: float, estimate: float, var: float, level: float) -> tuple[float, float]:
    """Chao (1987) log-normal interval for N: observed + unseen / C, observed + unseen * C."""
    from scipy import stats

    unseen = estimate - observed
    if unseen <= 0 or var <= 0:
        return float(estimate), float(estimate)
    z = stats.norm.ppf((1 + level) / 2)
    c = math.exp(z * math.sqrt(math.log(1 + var / unseen**2)))
    return observed + unseen / c, observed + unseen * c


def _as_counts(a, b, m) -> tuple[int, int, int]:
    if m is None:
        set_a, set_b = set(a), set(b)
        return len(set_a), len(set_b), len(set_a & set_b)
    n1, n2, m = int(a), int(b), int(m)
    if min(n1, n2, m) < 0:
        raise ValueError("list sizes and the overlap cannot be negative")
    if m > min(n1, n2):
        raise ValueError(f"the overlap ({m}) cannot exceed either list ({n1}, {n2})")
    return n1, n2, m


def chapman(
    a: int | Iterable, b: int | Iterable, m: int | None = None, level: float = 0.95
) -> CaptureRecapture:
    """Two-list capture-recapture: the Chapman (1951) estimator with its interval.

    Parameters
    ----------
    a, b : int or iterable
        Sizes of the two lists [persons], or the two lists of person identifiers (then
        ``m`` is left out and computed as their overlap).
    m : int, optional
        People on both lists [persons].
    level : float
        Confidence level [1].

    Returns
    -------
    CaptureRecapture
        ``estimate = (n1 + 1)(n2 + 1) / (m + 1) - 1`` (never below the number seen,
        ``n1 + n2 - m``); variance by Seber (1970),
        ``(n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)^2 (m+2))``; interval by Chao's (1987)
        log-normal transform of the unseen part, so it never goes below the number seen.

    Notes
    -----
    Assumptions, each a pitfall with registers of drug users:

    * **closed population**: nobody enters or leaves between the two lists (use lists of
      the same period, e.g. one calendar year; deaths, migration and new users violate it);
    * **independent lists**: being on one list does not change the chance of being on the
      other. A treatment register and police records are usually *positively* dependent
      (people arrested are referred to treatment), which makes the estimate too *low*;
    * **homogeneous catchability**: everybody has the same chance to be listed. Heavy users
      are more visible than occasional ones; heterogeneity also biases the estimate
      downward (Chao's lower bound is the safer reading then);
    * **perfect matching** of people across lists (names, birth dates): missed matches
      inflate the estimate, false matches deflate it;
    * **same definitions** on both lists (drug users vs. people with a dependence
      diagnosis; ages; area).

    Examples
    --------
    Hand computation: n1 = 100, n2 = 80, m = 20 gives 101 * 81 / 21 - 1 = 388.571...

    >>> r = chapman(100, 80, 20)
    >>> round(r.estimate, 3), r.observed
    (388.571, 160)
    """
    n1, n2, m = _as_counts(a, b, m)
    observed = n1 + n2 - m
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    lo, hi = _log_ci(observed, estimate, var, level)
    return CaptureRecapture(
        float(estimate),
        float(lo),
        float(hi),
        math.sqrt(var),
        observed,
        level,
        "Chapman (1951); Seber (1970) variance; Chao (1987) interval",
    )


def chao_lower_bound(
    frequencies: Sequence[int] | np.ndarray,
    level: float = 0.95,
) -> CaptureRecapture:
    """Chao's (1987) lower bound of the population size from capture frequencies.

    Parameters
    ----------
    frequencies : sequence of int
        ``f_1, f_2, ...``: the number of people seen on exactly 1, 2, ... lists (or
        occasions) [persons]; or a 2-D 0/1 capture-history array (people x lists), from
        which the frequencies are counted.
    level : float
        Confidence level [1].

    Returns
    -------
    CaptureRecapture
        ``estimate = S + f1^2 / (2 f2)`` (``S + f1 (f1 - 1) / 2`` when ``f2 = 0``), with
        Chao's variance ``f2 [ (f1/f2)^4 / 4 + (f1/f2)^3 + (f1/f2)^2 / 2 ]`` and the
        log-normal interval.

    Notes
    -----
    A *lower bound* under heterogeneous catchability: it stays valid when some people are
    much easier to list than others, where two-list estimators are biased low; it only
    uses the people seen once and twice. It still assumes a closed population and correct
    matching, and with two lists it assumes they are independent *given* each person's
    catchability. With few people seen twice, the bound is unstable (wide interval).

    Examples
    --------
    Hand computation: f1 = 60, f2 = 20 (S = 80) gives 80 + 3600 / 40 = 170.

    >>> chao_lower_bound([60, 20]).estimate
    170.0
    """
    arr = np.asarray(frequencies)
    if arr.ndim == 2:
        seen = arr.astype(bool).sum(axis=1)
        seen = seen[seen > 0]
        f = np.bincount(seen)[1:]
    else:
        f = arr.astype(float)
    if np.any(f < 0):
        raise ValueError("frequencies cannot be negative")
    f = np.asarray(f, dtype=float)
    observed = int(f.sum())
    f1 = float(f[0]) if len(f) > 0 else 0.0
    f2 = float(f[1]) if len(f) > 1 else 0.0
    if f2 > 0:
        estimate = observed + f1**2 / (2 * f2)
        r = f1 / f2
        var = f2 * (r**4 / 4 + r**3 + r**2 / 2)
    else:
        estimate = observed + f1 * (f1 - 1) / 2
        var = (
            f1 * (f1 - 1) / 2 + f1 * (2 * f1 - 1) ** 2 / 4 - f1**4 / (4 * estimate)
            if estimate > 0
            else 0.0
        )
    lo, hi = _log_ci(observed, estimate, max(var, 0.0), level)
    return CaptureRecapture(
        float(estimate),
        float(lo),
        float(hi),
        math.sqrt(max(var, 0.0)),
        observed,
        level,
        "Chao (1987) lower bound, log-normal interval",
    )
