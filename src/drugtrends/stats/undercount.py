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

Each benchmark measures a named population (:func:`population_of`): people who inject
drugs (a subset of opiate users), opiate users (a subset of all people who use drugs),
people dependent on drugs, regular users, or all people who use drugs. Their ratios are
modelled explicitly: each population has its own level (an offset, prior sd
``offset_sd`` on the log scale) around a common trend, and ``hidden_total`` estimates
one named population (``group``; by default the broadest with a benchmark; attribute
``population``), with every population that has a benchmark along ``group``.

``model="total"`` (default)
    ``log E_j = a + b (t_j - tbar) + g_pop(j) + e_j``,  ``e_j ~ N(0, sigma^2)``.

    ``sigma`` is the disagreement between estimates of one population (different
    methods); ``b`` the common growth. The registration share ``s_t = R_t / N_t`` then
    varies freely from year to year with the register ``R_t``.
``model="share"``
    The classic multiplier with a trend: ``logit(R(t_j) / E_j) = a + b (t_j - tbar) +
    g_pop(j) + e_j`` (the register at the benchmark year interpolated log-linearly
    between its nearest figures, with a +-10 % band), and ``N_t = R_t / s_t``.
    Year-to-year changes of the register then pass into the estimate; the share is
    extrapolated after the last benchmark. When the two models disagree by more than
    their 80 % intervals, the result says so (``models_disagree``).

Benchmarks **derived from the register** (stated as a multiple of it, "about 5x the
official count": :func:`is_derived`) are marked and left out: fitting the register's
share to them would be circular.

The model is checked by :func:`leave_one_out` (predict each benchmark from the others)
and scored with the 95 % interval score on the log scale and the share of points inside
the interval, beside two trivial baselines: the geometric mean of the other benchmarks
x/÷ 2, and the register times the others' mean multiple, x/÷ 2 (:func:`loo_scores`). When
the model does not beat both, the result says that the data cannot support more.

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
* Benchmarks count different populations; the offsets between them are learned from
  the benchmarks themselves (a population with one benchmark gets a wide offset), so a
  population without a benchmark cannot be estimated: with no usable estimate of all
  people who use drugs, the result says it is not their number.
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
import re
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
    "POPULATIONS",
    "POPULATION_15_64_SHARE",
    "POPULATION_TOTAL",
    "CaptureRecapture",
    "UndercountPrior",
    "benchmarks",
    "chao_lower_bound",
    "chapman",
    "interval_score",
    "is_derived",
    "leave_one_out",
    "loo_scores",
    "population_of",
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

POPULATIONS = (
    "all people who use drugs",
    "regular drug users",
    "people dependent on drugs",
    "opiate users",
    "people who inject drugs",
)
"""Populations the benchmarks measure, broadest first. People who inject drugs are mostly
a subset of opiate users, who are a subset of all people who use drugs."""

_DERIVED = re.compile(
    r"(\d+(\.\d+)?|ten|five|three|four|two)\s*(x|times)\s+(the\s+)?"
    r"(official|regist|number on the register)|\bderived\b|implied ratio",
    re.IGNORECASE,
)


def population_of(indicator: str) -> str:
    """The population a benchmark indicator measures (one of :data:`POPULATIONS`).

    Examples
    --------
    >>> population_of("estimated_pwid"), population_of("prevalence_opiates")
    ('people who inject drugs', 'opiate users')
    """
    name = str(indicator)
    if "inject" in name or "pwid" in name:
        return "people who inject drugs"
    if "opiate" in name or "opioid" in name or "heroin" in name:
        return "opiate users"
    if "dependent" in name or "problem" in name:
        return "people dependent on drugs"
    if "regular" in name:
        return "regular drug users"
    return "all people who use drugs"


def is_derived(note: str) -> bool:
    """Whether a record's note says the figure is derived from the register.

    A figure stated as "about 5x the official count" is the register times a guessed
    multiplier: fitting the register's share to it is circular.

    Examples
    --------
    >>> is_derived("independent experts' estimate, about 5x the official count")
    True
    >>> is_derived("UNODC annual prevalence; age=15-64")
    False
    """
    return bool(_DERIVED.search(str(note or "")))


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
    offset_sd : float
        Prior standard deviation of the log ratio between two populations (e.g. people
        who inject drugs to opiate users) when ``sigma`` equals ``scale`` [log units]:
        1 lets a ratio lie within about x/÷ 7 (95 %) before the benchmarks speak.
    """

    slope_sd: float = 0.05
    scale: float = 0.35
    nu: float = 2.0
    level_sd: float = 100.0
    offset_sd: float = 1.0


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
        ``record_id, indicator, population, year, value, lower, upper, qualifier,
        source_id, derived, used, note``; ``population`` names what the figure counts
        (:func:`population_of`); ``derived`` marks figures stated as a multiple of the
        register (:func:`is_derived`); ``used`` is False for undated figures, derived
        ones, lower bounds only ("at least" figures are kept as checks), sub-national
        scopes and prevalence without population.

    Examples
    --------
    >>> benchmarks(dt.load_dataset("KAZ"))[["indicator", "year", "value", "used"]]  # doctest: +SKIP
    """
    import pandas as pd

    from drugtrends.dataset import SKIPPED_QUALIFIERS, records_table

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
        derived = is_derived(rec.note) or is_derived(getattr(rec, "locator", ""))
        if year is None:
            used, note = False, "undated: stays out until its year is known"
        elif rec.qualifier in SKIPPED_QUALIFIERS:
            used, note = False, f"qualifier '{rec.qualifier}': kept in the records, never fitted"
        elif derived:
            used, note = (
                False,
                "derived from the register (stated as a multiple of it): circular, left out",
            )
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
                "population": population_of(rec.indicator),
                "year": year,
                "value": value,
                "lower": lo,
                "upper": hi,
                "qualifier": rec.qualifier,
                "source_id": rec.source_id,
                "derived": derived,
                "used": used,
                "note": note,
            }
        )
    frame = pd.DataFrame(
        out,
        columns=[
            "record_id",
            "indicator",
            "population",
            "year",
            "value",
            "lower",
            "upper",
            "qualifier",
            "source_id",
            "derived",
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
    X: np.ndarray,
    z: np.ndarray,
    Xn: np.ndarray,
    v0_diag: np.ndarray,
    prior: UndercountPrior,
    rng: np.random.Generator,
) -> np.ndarray:
    """Predictive draws of a new response at the rows of ``Xn`` (conjugate regression).

    ``X`` (n, k) is the design of the fitted responses ``z`` (draws, n): one row of
    responses per draw (benchmarks drawn within their ranges); ``v0_diag`` the prior
    precision of the coefficients in units of ``1 / sigma^2``, the level's prior mean
    centred on each draw's mean. Returns (draws, len(Xn)) draws of ``x' beta + e``.
    """
    d, n = z.shape
    k = X.shape[1]
    v0_inv = np.diag(v0_diag)
    m0_draw = np.zeros((d, k))
    m0_draw[:, 0] = z.mean(axis=1)
    vn = np.linalg.inv(v0_inv + X.T @ X)
    mn = (m0_draw @ v0_inv + z @ X) @ vn  # (d, k)
    nu_n = prior.nu + n
    quad0 = np.einsum("di,ij,dj->d", m0_draw, v0_inv, m0_draw)
    quadn = np.einsum("di,ij,dj->d", mn, np.linalg.inv(vn), mn)
    ss = prior.nu * prior.scale**2 + np.sum(z**2, axis=1) + quad0 - quadn
    sigma2 = np.maximum(ss, 1e-12) / rng.chisquare(nu_n, size=d)
    chol = np.linalg.cholesky(vn)
    beta = mn + np.sqrt(sigma2)[:, None] * (rng.standard_normal((d, k)) @ chol.T)
    eps = np.sqrt(sigma2)[:, None] * rng.standard_normal((d, len(Xn)))
    return beta @ Xn.T + eps


def _interp_register(year: float, r_years: np.ndarray, r_value: np.ndarray) -> float:
    """Register at ``year``: the figure, or log-linear interpolation; NaN outside."""
    if year in r_years:
        return float(r_value[list(r_years).index(year)])
    if year < r_years.min() or year > r_years.max():
        return math.nan
    return float(np.exp(np.interp(year, r_years, np.log(r_value))))


def _design_matrix(
    t: np.ndarray, pops: Sequence[str], t_center: float, columns: list[str]
) -> np.ndarray:
    """Level, trend and one offset column per population in ``columns`` (the first
    population of the fit is the reference and has none)."""
    X = [np.ones(len(t)), np.asarray(t, float) - t_center]
    for c in columns:
        X.append(np.array([1.0 if p == c else 0.0 for p in pops]))
    return np.column_stack(X)


def _predict(
    fit: pd.DataFrame,
    reg: tuple,
    t_new: np.ndarray,
    pops_new: Sequence[str],
    model: str,
    prior: UndercountPrior,
    n_draws: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Draws (draws x len(t_new)) of log population size at ``t_new`` for ``pops_new``.

    ``model="total"``: log benchmark = level + trend + population offset + error;
    ``model="share"``: logit(register / benchmark) = the same, and the population is the
    register over the share (needs the register at ``t_new``; NaN elsewhere).
    """
    r_years, r_value = reg[0], reg[1]
    t = fit["year"].to_numpy(float)
    pops = [str(p) for p in fit["population"]]
    counts: dict[str, int] = {}
    for p in pops:
        counts[p] = counts.get(p, 0) + 1
    ref = max(counts, key=lambda p: (counts[p], -POPULATIONS.index(p)))
    columns = [p for p in dict.fromkeys([*pops, *pops_new]) if p != ref]
    t_center = float(t.mean())
    X = _design_matrix(t, pops, t_center, columns)
    Xn = _design_matrix(np.asarray(t_new, float), pops_new, t_center, columns)
    v0 = np.array(
        [1 / prior.level_sd**2, (prior.scale / prior.slope_sd) ** 2]
        + [(prior.scale / prior.offset_sd) ** 2] * len(columns)
    )
    log_e = _log_uniform(fit["lower"].to_numpy(float), fit["upper"].to_numpy(float), n_draws, rng)
    if model == "total":
        return _posterior_draws(X, log_e, Xn, v0, prior, rng)
    r_at = np.array([_interp_register(y, r_years, r_value) for y in t])
    if not np.all(np.isfinite(r_at)):
        raise ValueError("a benchmark lies outside the register's years")
    band = _log_uniform(r_at * (1 - _APPROX), r_at * (1 + _APPROX), n_draws, rng)
    exact = np.isin(t, r_years)
    log_r = np.where(exact[None, :], np.log(r_at)[None, :], band)
    share = np.clip(np.exp(log_r - log_e), 1e-6, 1 - 1e-6)
    pred = _posterior_draws(X, np.log(share / (1 - share)), Xn, v0, prior, rng)
    r_new = np.array([_interp_register(y, r_years, r_value) for y in np.asarray(t_new, float)])
    return np.log(r_new)[None, :] + np.log1p(np.exp(-pred))


def _register_draws(reg: tuple, years: np.ndarray, n_draws: int, rng) -> np.ndarray:
    r_years, _, r_lo, r_hi, _ = reg
    reg_draw = np.full((n_draws, len(years)), np.nan)
    for i, y in enumerate(years):
        hit = np.flatnonzero(r_years == y)
        if hit.size:
            j = hit[0]
            reg_draw[:, i] = np.exp(
                _log_uniform(r_lo[j : j + 1], r_hi[j : j + 1], n_draws, rng)[:, 0]
            )
    return reg_draw


def _simulate(
    bench: pd.DataFrame,
    reg: tuple,
    years: np.ndarray,
    model: str,
    prior: UndercountPrior,
    n_draws: int,
    rng: np.random.Generator,
    population: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Draws of the ``population`` (draws x years) and of the register at those years."""
    reg_draw = _register_draws(reg, years, n_draws, rng)
    if model == "share":  # register (drawn within its range) over the share: its years only
        on_reg = np.isin(years, reg[0])
        total = np.full((n_draws, len(years)), np.nan)
        if on_reg.any():
            yr = years[on_reg]
            log_n = _predict(bench, reg, yr, [population] * len(yr), model, prior, n_draws, rng)
            r_fig = np.array([_interp_register(y, reg[0], reg[1]) for y in yr])
            total[:, on_reg] = reg_draw[:, on_reg] * np.exp(log_n - np.log(r_fig)[None, :])
    else:
        total = np.exp(
            _predict(bench, reg, years, [population] * len(years), model, prior, n_draws, rng)
        )
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
        kind = population_of(str(name))
        if kind not in kinds:
            kinds.append(kind)
    if len(kinds) < 2:
        return ""
    groups = ", ".join(kinds[:-1]) + f" and {kinds[-1]}"
    return f" of different groups ({groups}), each with its own level and a common trend"


@dataclass(frozen=True)
class _Sim:
    """The inputs that every simulation of one :func:`undercount` call shares."""

    bench: pd.DataFrame
    reg: tuple
    years: np.ndarray
    model: str
    prior: UndercountPrior
    n_draws: int
    seed: int


@dataclass(frozen=True)
class _Estimate:
    """The simulated hidden total of one :func:`undercount` call, as quantiles."""

    country: str
    group: str
    years: np.ndarray
    reg_v: np.ndarray
    tq: np.ndarray
    sq: np.ndarray
    other: str
    oq: np.ndarray
    disagree: bool


def _used_benchmarks(
    ds: xr.Dataset, country: str, estimates: Sequence[str] | None, population: dict | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every benchmark of ``country`` and the used ones (at least 2, else ValueError)."""
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
    return bench_all, bench


def _pick_group(bench: pd.DataFrame, group: str | None) -> tuple[list[str], str]:
    """The populations with a used benchmark, and the one ``hidden_total`` estimates."""
    groups = [p for p in POPULATIONS if p in set(bench["population"])]
    if group is None:
        group = groups[0]
    elif group not in POPULATIONS:
        raise ValueError(f"group must be one of {', '.join(POPULATIONS)}, not {group!r}")
    return groups, group


def _group_quantiles(
    sim: _Sim, groups: list[str], group: str, total: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """Quantiles (group x year x quantile) of every population with a benchmark."""
    group_q = np.full((len(groups), len(sim.years), len(q)), np.nan)
    for gi, g in enumerate(groups):
        draws = (
            total
            if g == group
            else _simulate(
                sim.bench,
                sim.reg,
                sim.years,
                sim.model,
                sim.prior,
                sim.n_draws,
                np.random.default_rng(sim.seed + 101 + gi),
                g,
            )[0]
        )
        group_q[gi] = np.quantile(draws, q, axis=0).T
    return group_q


def _other_model(
    sim: _Sim, group: str, total: np.ndarray, q: np.ndarray
) -> tuple[str, np.ndarray, bool]:
    """The other model's last-year quantiles, and whether the two models disagree."""
    other = "share" if sim.model == "total" else "total"
    try:
        o_total, _ = _simulate(
            sim.bench,
            sim.reg,
            sim.years[-1:],
            other,
            sim.prior,
            sim.n_draws,
            np.random.default_rng(sim.seed + 7),
            group,
        )
        oq = np.quantile(o_total[:, 0], q)
    except ValueError:
        oq = np.full(len(q), np.nan)
    mine = np.quantile(total[:, len(sim.years) - 1], q)
    disagree = bool(
        np.all(np.isfinite(oq))
        and (oq[2] < mine[1] or oq[2] > mine[3])
        and (mine[2] < oq[1] or mine[2] > oq[3])
    )
    return other, oq, disagree


def _share_quantiles(
    total: np.ndarray, reg_draw: np.ndarray, years: np.ndarray, r_years: np.ndarray, q
) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles of the registration share and the multiplier (NaN off the register)."""
    share = reg_draw / total
    sq = np.full((len(years), len(q)), np.nan)
    cols = np.isfinite(share).all(axis=0)
    if cols.any():
        sq[cols] = np.quantile(share[:, cols], q, axis=0).T
    mq = 1 / sq[:, ::-1]
    has_reg = np.isin(years, r_years)
    sq[~has_reg] = np.nan
    mq[~has_reg] = np.nan
    return sq, mq


def _register_columns(reg: tuple, years: np.ndarray) -> tuple[np.ndarray, ...]:
    """The register figure and its bounds in each year (NaN without a figure)."""
    r_years = reg[0]
    reg_v = np.full(len(years), np.nan)
    reg_lo = np.full(len(years), np.nan)
    reg_hi = np.full(len(years), np.nan)
    for i, y in enumerate(years):
        hit = np.flatnonzero(r_years == y)
        if hit.size:
            reg_v[i], reg_lo[i], reg_hi[i] = reg[1][hit[0]], reg[2][hit[0]], reg[3][hit[0]]
    return reg_v, reg_lo, reg_hi


def _limits(name: str, arr: np.ndarray, units: str, long_name: str) -> dict:
    """The median and the 80 and 95 % limits of ``arr`` (year x quantile) as variables."""
    return {
        name: ("year", arr[:, 2], {"units": units, "long_name": f"{long_name} (median)"}),
        f"{name}_lower_80": ("year", arr[:, 1], {"units": units}),
        f"{name}_upper_80": ("year", arr[:, 3], {"units": units}),
        f"{name}_lower_95": ("year", arr[:, 0], {"units": units}),
        f"{name}_upper_95": ("year", arr[:, 4], {"units": units}),
    }


def _year_variables(
    ds: xr.Dataset,
    register: str,
    group: str,
    reg_cols: tuple[np.ndarray, ...],
    tq: np.ndarray,
    sq: np.ndarray,
    mq: np.ndarray,
) -> dict:
    """The ``year`` variables of the result: register, hidden total, share, multiplier."""
    reg_v, reg_lo, reg_hi = reg_cols
    return {
        "registered": (
            "year",
            reg_v,
            {"units": "1", "long_name": ds[register].attrs.get("long_name", register)},
        ),
        "registered_lower": ("year", reg_lo, {"units": "1"}),
        "registered_upper": ("year", reg_hi, {"units": "1"}),
        **_limits("hidden_total", tq, "1", f"estimated number of {group}"),
        "hidden_total_quantiles": (("year", "quantile"), tq, {"units": "1"}),
        **_limits("registration_share", sq, "1", "registered share of the hidden total"),
        **_limits("multiplier", mq, "1", "hidden total per registered person"),
    }


def _loo_columns(b: pd.DataFrame, loo: pd.DataFrame | None) -> tuple[np.ndarray, ...]:
    """Leave-one-out limits, coverage and score of each benchmark (NaN / "" if not run)."""
    lo_loo = np.full(len(b), np.nan)
    hi_loo = np.full(len(b), np.nan)
    covered = np.full(len(b), "", dtype=object)
    score = np.full(len(b), np.nan)
    if loo is not None:
        for i, rid in enumerate(b["record_id"]):
            hit = loo[loo["record_id"] == rid]
            if len(hit):
                lo_loo[i] = hit["lower_95"].iloc[0]
                hi_loo[i] = hit["upper_95"].iloc[0]
                covered[i] = "yes" if bool(hit["covered"].iloc[0]) else "no"
                score[i] = float(hit["score"].iloc[0])
    return lo_loo, hi_loo, covered, score


def _benchmark_variables(b: pd.DataFrame, loo: pd.DataFrame | None, group_q: np.ndarray) -> dict:
    """The ``benchmark`` and ``group`` variables of the result."""
    lo_loo, hi_loo, covered, score = _loo_columns(b, loo)
    return {
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
        "benchmark_loo_covered": (
            "benchmark",
            covered,
            {"long_name": "the point lies inside the leave-one-out 95 % interval"},
        ),
        "benchmark_loo_score": (
            "benchmark",
            score,
            {"long_name": "95 % interval score of the leave-one-out prediction (log)"},
        ),
        "benchmark_population": ("benchmark", b["population"].to_numpy(object)),
        "benchmark_derived": ("benchmark", b["derived"].to_numpy(bool)),
        "group_median": (("group", "year"), group_q[:, :, 2], {"units": "1"}),
        "group_lower_80": (("group", "year"), group_q[:, :, 1], {"units": "1"}),
        "group_upper_80": (("group", "year"), group_q[:, :, 3], {"units": "1"}),
        "group_lower_95": (("group", "year"), group_q[:, :, 0], {"units": "1"}),
        "group_upper_95": (("group", "year"), group_q[:, :, 4], {"units": "1"}),
    }


def _other_sentence(est: _Estimate) -> str:
    """What the other model gives for the last year, and whether it agrees."""
    oq = est.oq
    if not np.all(np.isfinite(oq)):
        return ""
    return (
        f" The {est.other} model gives {fmt_num(oq[2])} (80 % interval {fmt_num(oq[1])}-"
        f"{fmt_num(oq[3])}) for {int(est.years[-1])}: "
        + (
            "the two models disagree by more than their 80 % intervals, so the figure "
            "depends on the model more than the intervals show."
            if est.disagree
            else "within this model's 80 % interval."
        )
    )


def _summary(est: _Estimate, r_years: np.ndarray, bench: pd.DataFrame, n_derived: int) -> str:
    """The plain-English summary sentence of :func:`undercount`."""
    years, tq, sq, reg_v = est.years, est.tq, est.sq, est.reg_v
    last = int(years[-1])
    last_b = int(bench["year"].max())
    i_last = int(np.flatnonzero(years == last)[0])
    ref = int(r_years[np.argmin(np.abs(r_years - last_b))]) if len(r_years) else last
    i_ref = int(np.flatnonzero(years == ref)[0])
    return (
        f"{est.country}: {fmt_num(reg_v[i_last])} people were registered in {last}; the "
        f"estimated number of {est.group}, registered or not, is about "
        f"{fmt_num(tq[i_last, 2])} (80 % interval "
        f"{fmt_num(tq[i_last, 1])}-{fmt_num(tq[i_last, 3])}, 95 % "
        f"{fmt_num(tq[i_last, 0])}-{fmt_num(tq[i_last, 4])}), so the register covers about "
        f"{100 * sq[i_last, 2]:.0f} % of them (95 % interval {100 * sq[i_last, 0]:.0f}-"
        f"{100 * sq[i_last, 4]:.0f} %) against {100 * sq[i_ref, 2]:.0f} % in {ref}. "
        f"Based on {len(bench)} dated independent estimates ({int(bench['year'].min())}-"
        f"{last_b}){_groups_note(bench)}"
        + (f"; after {last_b} the figure is extrapolated" if last > last_b else "")
        + "."
        + (
            f" {n_derived} estimate(s) stated as a multiple of the register are left out "
            "(circular)."
            if n_derived
            else ""
        )
        + (
            ""
            if est.group == "all people who use drugs"
            else " No usable estimate of all people who use drugs: this is not their number."
        )
        + _other_sentence(est)
    )


def _method_text(sim: _Sim) -> str:
    """The ``method`` attribute: the model and how intervals are simulated."""
    return (
        "benchmark-multiplier: "
        + (
            "log-linear hidden total fitted to the dated independent estimates; "
            "registration share = register / total"
            if sim.model == "total"
            else "logit-linear registration share fitted to register / estimate; "
            "total = register / share"
        )
        + "; conjugate Normal-inverse-chi-square regression; predictive intervals by "
        f"simulation ({sim.n_draws} draws, seed {sim.seed}) carrying benchmark ranges, "
        "disagreement between benchmarks, and register ranges"
    )


def _caveat_text(ds: xr.Dataset, register: str, bench: pd.DataFrame) -> str:
    """The caveat of the register, then those of the estimates."""
    caveat_text = str(ds[register].attrs.get("caveat", ""))
    est_caveats = sorted(
        {str(ds[i].attrs.get("caveat", "")) for i in bench["indicator"] if i in ds}
        - {"", caveat_text}
    )
    return caveat_text + (" Estimates: " + " ".join(est_caveats) if est_caveats else "")


def _undercount_attrs(
    ds: xr.Dataset,
    est: _Estimate,
    sim: _Sim,
    register: str,
    user_population: bool,
    groups: list[str],
    loo: pd.DataFrame | None,
    summary: str,
) -> dict:
    """The global attributes of the result of :func:`undercount`."""
    bench, country, oq = sim.bench, est.country, est.oq
    attrs = {
        "title": "Hidden population beside the register (drugtrends.stats.undercount)",
        "country": country,
        "register": register,
        "model": sim.model,
        "method": _method_text(sim),
        "prior": json.dumps(asdict(sim.prior)),
        "quantiles": json.dumps(list(_QUANTILES)),
        "intervals": "80 % and 95 % predictive intervals",
        "benchmarks_used": len(bench),
        "population_source": (
            "World Bank SP.POP.TOTL (UN WPP 2019) x 15-64 share band "
            f"{POPULATION_15_64_SHARE.get(country)}"
            if not user_population
            else "user supplied"
        ),
        "summary": summary,
        **caveat_attrs(ds, [register, *[i for i in dict.fromkeys(bench["indicator"]) if i in ds]]),
        "caveat": _caveat_text(ds, register, bench),
    }
    attrs["population"] = est.group
    attrs["groups"] = json.dumps(groups)
    attrs["models_disagree"] = "yes" if est.disagree else "no"
    attrs["other_model"] = est.other
    attrs["other_model_estimate"] = json.dumps(
        {"year": int(est.years[-1]), "median": oq[2], "lower_80": oq[1], "upper_80": oq[3]}
        if np.all(np.isfinite(oq))
        else {}
    )
    if loo is not None:
        scores = loo_scores(loo)
        attrs["leave_one_out"] = loo.to_json(orient="records")
        attrs["leave_one_out_coverage"] = float(loo["covered"].mean())
        attrs["leave_one_out_scores"] = json.dumps(scores)
        attrs["leave_one_out_verdict"] = scores["verdict"]
    return attrs


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
    group: str | None = None,
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
        Also run :func:`leave_one_out` and store its results along ``benchmark``, with
        its scores beside the two trivial baselines (attributes ``leave_one_out_scores``
        and ``leave_one_out_verdict``).
    group : str, optional
        The population ``hidden_total`` estimates (one of :data:`POPULATIONS`); by
        default the broadest population that a used benchmark measures. Every population
        with a used benchmark is also estimated along ``group``.

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

    Notes
    -----
    The attribute ``population`` (and ``hidden_total``'s ``long_name``) says which
    population ``hidden_total`` is; ``group_*`` variables (dims ``group``, ``year``)
    give each population with a benchmark. ``models_disagree`` ("yes"/"no") says
    whether the other model (``share`` for ``total`` and back) puts the last year's
    estimate outside this model's 80 % interval and vice versa; ``other_model_*``
    attributes give its figures.

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
    bench_all, bench = _used_benchmarks(ds, country, estimates, population)
    reg = _register(ds, country, register)
    r_years = reg[0]
    if len(r_years) == 0:
        raise ValueError(f"{country}: no figure of {register}")
    years = np.arange(int(min(bench["year"].min(), r_years.min())), int(r_years.max()) + 1)
    groups, group = _pick_group(bench, group)
    sim = _Sim(bench, reg, years, model, prior, n_draws, seed)
    rng = np.random.default_rng(seed)
    total, reg_draw = _simulate(bench, reg, years, model, prior, n_draws, rng, group)
    q = np.array(_QUANTILES)
    group_q = _group_quantiles(sim, groups, group, total, q)
    # the other model, for the last year: do the two agree within their intervals?
    other, oq, disagree = _other_model(sim, group, total, q)
    tq = np.quantile(total, q, axis=0).T  # (years, quantile)
    sq, mq = _share_quantiles(total, reg_draw, years, r_years, q)
    reg_v, reg_lo, reg_hi = _register_columns(reg, years)
    data = _year_variables(ds, register, group, (reg_v, reg_lo, reg_hi), tq, sq, mq)
    # benchmarks and their leave-one-out check
    loo = None
    if validate and len(bench) >= 3:
        loo = leave_one_out(
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
    b = bench_all.reset_index(drop=True)
    data.update(_benchmark_variables(b, loo, group_q))
    est = _Estimate(country, group, years, reg_v, tq, sq, other, oq, disagree)
    n_derived = int(bench_all["derived"].astype(bool).sum())
    summary = _summary(est, r_years, bench, n_derived)
    attrs = _undercount_attrs(ds, est, sim, register, population is not None, groups, loo, summary)
    out = xr.Dataset(
        data,
        coords={
            "year": ("year", years.astype(np.int64), {"long_name": "calendar year"}),
            "quantile": ("quantile", q),
            "benchmark": ("benchmark", b["record_id"].to_numpy(object)),
            "group": ("group", np.array(groups, dtype=object)),
            "country": country,
        },
        attrs=attrs,
    )
    out["summary"] = ((), np.array(summary, dtype=object))
    return out


def interval_score(lower: float, upper: float, x: float, level: float = 0.95) -> float:
    """Interval score of a central interval on the log scale (Gneiting & Raftery 2007).

    ``(log u - log l) + 2/alpha (log l - log x)+ + 2/alpha (log x - log u)+`` with
    ``alpha = 1 - level``: the width, plus a penalty for missing. Lower is better.

    Examples
    --------
    A band x/÷ 2 around a point it contains scores its log width, log 4:

    >>> round(interval_score(50.0, 200.0, 120.0), 3)
    1.386
    """
    a = 1 - level
    lo, hi, v = math.log(lower), math.log(upper), math.log(x)
    return (hi - lo) + 2 / a * max(lo - v, 0.0) + 2 / a * max(v - hi, 0.0)


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
    """Predict each dated benchmark from the others, beside two trivial baselines.

    Parameters
    ----------
    As for :func:`undercount`.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark: ``record_id, indicator, population, year, value, lower,
        upper``, the predictive ``median``, ``lower_80``, ``upper_80``, ``lower_95``,
        ``upper_95`` of a new estimate of that population for that year from the other
        benchmarks; ``covered`` (the point lies inside the 95 % interval) and ``score``
        (the 95 % :func:`interval_score`, log scale). The baselines, each with ``*_lower``,
        ``*_upper``, ``*_covered``, ``*_score``: ``band`` (the geometric mean of the other
        benchmarks x/÷ 2) and ``multiple`` (the register at that year times the geometric
        mean of the other benchmarks' multiples of the register, x/÷ 2; NaN where the
        register has no figure around that year). :func:`loo_scores` summarizes.

    Examples
    --------
    >>> loo = leave_one_out(dt.load_dataset("KAZ"))                       # doctest: +SKIP
    >>> loo_scores(loo)                                                   # doctest: +SKIP
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
        year = float(target["year"])
        value = float(target["value"])
        rng = np.random.default_rng(seed + j)
        try:
            pred = np.exp(
                _predict(
                    rest,
                    reg,
                    np.array([year]),
                    [str(target["population"])],
                    model,
                    prior,
                    n_draws,
                    rng,
                )[:, 0]
            )
            qs = np.quantile(pred, [0.025, 0.1, 0.5, 0.9, 0.975])
        except ValueError:  # the share model needs the register around every benchmark
            qs = np.full(5, np.nan)
        g = float(np.exp(np.mean(np.log(rest["value"].to_numpy(float)))))
        mult = [
            float(v) / _interp_register(float(y), reg[0], reg[1])
            for v, y in zip(rest["value"], rest["year"], strict=True)
        ]
        mult = [m for m in mult if math.isfinite(m)]
        r_at = _interp_register(year, reg[0], reg[1])
        m_pt = (
            r_at * float(np.exp(np.mean(np.log(mult))))
            if mult and math.isfinite(r_at)
            else math.nan
        )
        row = {
            "record_id": target["record_id"],
            "indicator": target["indicator"],
            "population": target["population"],
            "year": int(year),
            "value": value,
            "lower": float(target["lower"]),
            "upper": float(target["upper"]),
            "median": qs[2],
            "lower_80": qs[1],
            "upper_80": qs[3],
            "lower_95": qs[0],
            "upper_95": qs[4],
        }
        for name, lo, hi in (
            ("", qs[0], qs[4]),
            ("band_", g / 2, g * 2),
            ("multiple_", m_pt / 2, m_pt * 2),
        ):
            if name:
                row[f"{name}lower"], row[f"{name}upper"] = lo, hi
            ok = math.isfinite(lo) and math.isfinite(hi)
            row[f"{name}covered"] = bool(ok and lo <= value <= hi)
            row[f"{name}score"] = interval_score(lo, hi, value) if ok else math.nan
        rows.append(row)
    return pd.DataFrame(rows)


def loo_scores(loo: pd.DataFrame) -> dict:
    """Mean 95 % interval score and share of points inside, for the model and baselines.

    Scored over the benchmarks every method could predict. ``verdict`` says whether the
    model beats both baselines on the interval score (lower is better) without covering
    fewer points; otherwise that the data cannot support more than a trivial band.

    Examples
    --------
    >>> loo_scores(leave_one_out(dt.load_dataset("KAZ")))["verdict"]   # doctest: +SKIP
    """
    ok = loo["score"].notna() & loo["band_score"].notna() & loo["multiple_score"].notna()
    sub = loo[ok]
    out: dict = {"n": len(sub)}
    for key, label in (("", "model"), ("band_", "band"), ("multiple_", "multiple")):
        out[label] = {
            "interval_score": float(sub[f"{key}score"].mean()) if len(sub) else math.nan,
            "inside": float(sub[f"{key}covered"].mean()) if len(sub) else math.nan,
        }
    m, b, r = out["model"], out["band"], out["multiple"]
    beats = (
        len(sub) > 0
        and m["interval_score"] < min(b["interval_score"], r["interval_score"])
        and m["inside"] >= max(b["inside"], r["inside"])
    )
    out["beats_baselines"] = bool(beats)
    out["verdict"] = (
        f"leave-one-out over {len(sub)} benchmarks: the model's 95 % interval score "
        f"{m['interval_score']:.2f} (points inside {m['inside']:.0%}) against "
        f"{b['interval_score']:.2f} ({b['inside']:.0%}) for the geometric-mean band x/÷2 "
        f"and {r['interval_score']:.2f} ({r['inside']:.0%}) for a constant multiple of the "
        "register; "
        + (
            "the model beats both baselines."
            if beats
            else "the model does not beat both trivial baselines: the data cannot support "
            "more than a wide band around the independent estimates."
        )
    )
    return out


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
