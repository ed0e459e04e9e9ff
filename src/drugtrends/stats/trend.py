"""Trend statistics with intervals for short yearly series, and plain-English summaries.

For each series (indicator x country) :func:`trend` reports

* the **log-linear growth rate** (percent a year) from ``log y = a + b t`` with an
  interval built for short autocorrelated series (``method="ar1"``, default): the OLS
  slope; its standard error exact under AR(1) errors (correlation ``phi^|t_i - t_j|``,
  so gaps are respected) at a median-unbiased phi (Andrews 1993: the raw lag-one
  estimate is badly biased towards zero on 10-30 years); and a critical value from a
  parametric bootstrap of the t statistic, integrated over the uncertainty of phi
  (:mod:`drugtrends.stats._ar1`), never below Student-t(n - 2). Its coverage was
  simulated (``benchmarks/trend_coverage.py``; :data:`GROWTH_COVERAGE`): 0.93-0.95 for
  the 95 % interval with AR(1) errors up to 0.5 at n = 12-30, 0.91-0.93 at AR(1) 0.7,
  which the status and summary say when the estimated phi exceeds 0.5. The former
  Newey-West (``"hac"``, 0.79-0.82 at AR(1) 0.5) and feasible GLS (``"gls_ar1"``)
  intervals remain available;
* the **Sen slope** (median of pairwise slopes, in units a year and as percent a year on
  the log scale) with its rank-based interval, and the **Mann-Kendall** test, whose null
  distribution of S is simulated under AR(1) noise over the same years and mixed over
  phi by the likelihood of the detrended ranks' lag-one autocorrelation, at every n
  from 6 (exact independent-years p below; Hamed & Rao 1998 on request);
* one **structural break**: by default a shift in level under a common growth rate, or
  (``break_model="level_slope"``) separate lines before and after; a Chow-type F
  statistic is scanned over every admissible year, each segment keeping at least
  ``min_segment`` figures (Andrews 1993 sup-F; a simple special case of Bai & Perron
  2003 with one break); the p-value is simulated under the no-break null with AR(1)
  errors mixed over phi by the likelihood of the break residuals' lag-one
  autocorrelation (no clip at 0), and the break year's interval comes from a residual
  bootstrap of the break model. A break is reported only when p < 1 - level. Simulated
  size at the 5 % level: at most 0.077 (break) and 0.054 (Mann-Kendall) with AR(1) up
  to 0.5, conservative (2-4 %) with independent years;
* a **summary sentence** ("Heroin seizures fell about 8 % a year from 2008 to 2019
  (95 % CI ...)").

Ranges ("$18,000-20,000") stay intervals: each range is treated as uniform uncertainty
on the log scale, independent between years. Because the least-squares slope is linear
in the data, this adds ``sum_i c_i^2 w_i^2 / 12`` to the slope variance, where ``c_i`` is
the weight of year i in the slope and ``w_i`` the log-width of its range (the
infinite-draw limit of fitting the series many times with values drawn within their
ranges, as in multiple imputation). The point estimate uses the series value (the
range's midpoint as the Dataset stores it). Sen slope and Mann-Kendall use the series
values only.

Partial-year flow figures are annualized first (:func:`drugtrends.stats.periods.annualize`,
``partial="annualize"``) so that a nine-month figure is never read as a full year;
their wider intervals enter like ranges. ``partial="drop"`` leaves them out instead.

References
----------
Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
*JASA* 63, 1379-1389.
Mann, H. B. (1945). Nonparametric tests against trend. *Econometrica* 13, 245-259;
Kendall, M. G. (1975). *Rank Correlation Methods*, 4th ed. Griffin.
Hamed, K. H. & Rao, A. R. (1998). A modified Mann-Kendall trend test for autocorrelated
data. *Journal of Hydrology* 204, 182-196.
Gilbert, R. O. (1987). *Statistical Methods for Environmental Pollution Monitoring*,
ch. 16 (confidence interval of the Sen slope). Van Nostrand Reinhold.
Newey, W. K. & West, K. D. (1987). A simple, positive semi-definite, heteroskedasticity
and autocorrelation consistent covariance matrix. *Econometrica* 55, 703-708; (1994)
Automatic lag selection in covariance matrix estimation. *RES* 61, 631-653.
Prais, S. J. & Winsten, C. B. (1954). Trend estimators and serial correlation. Cowles
Commission Discussion Paper 383.
Andrews, D. W. K. (1993). Exactly median-unbiased estimation of first order
autoregressive/unit root models. *Econometrica* 61, 139-165.
Andrews, D. W. K. (1993). Tests for parameter instability and structural change with
unknown change point. *Econometrica* 61, 821-856; Bai, J. & Perron, P. (2003). Computation
and analysis of multiple structural change models. *J. Applied Econometrics* 18, 1-22.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                                      # doctest: +SKIP
>>> res = dt.trend(ds, ["heroin_seizures"], start=2008, end=2019)    # doctest: +SKIP
>>> print(res.summary.sel(indicator="heroin_seizures", country="KAZ").item())  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from drugtrends.rules import (
    full_year_mask,
    level_fraction,
    level_quantiles,
    partial_year_mask,
    unknown_months_mask,
)

from ._ar1 import GRID, design, lag1_raw, mixture_sf
from ._common import (
    Series,
    caveat_attrs,
    fmt_num,
    fmt_pct,
    get_series,
    level_percent,
    pick_indicators,
    t_quantile,
)
from .periods import MIN_MONTHS, annualize

__all__ = [
    "break_pvalue",
    "break_scan",
    "loglinear_growth",
    "mann_kendall",
    "sen_slope",
    "trend",
]

METHODS = ("ar1", "hac", "gls_ar1", "ols")

MIN_AR1 = 6
"""Fewest figures for the AR(1) interval; shorter series get the OLS interval."""

GROWTH_COVERAGE = {
    "ar1": (
        "simulated (benchmarks/trend_coverage.py, 4000 series a cell): the 95 % interval "
        "covered the true growth 0.94-0.95 of the time with independent errors and "
        "0.93-0.95 with AR(1) errors up to 0.5 (n = 12, 20, 30), but only 0.91-0.93 with "
        "AR(1) 0.7; the 80 % interval 0.76-0.82"
    ),
    "hac": "simulated: 0.79-0.82 for the 95 % interval at AR(1) 0.5: not robust",
    "gls_ar1": "under-covers with autocorrelated errors (about 0.82-0.87 at AR(1) 0.5)",
    "ols": "assumes independent years: under-covers with autocorrelated errors",
}
"""What the simulation showed about each growth interval (read by the report)."""


# ---------------------------------------------------------------------------- growth


def _default_lags(n: int) -> int:
    """Newey-West (1994) rule ``floor(4 (n/100)^(2/9))``, at least 1 [years]."""
    return max(1, math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def _ar1_phi(t: np.ndarray, e: np.ndarray) -> float:
    """Lag-one autocorrelation of residuals, clipped to [0, 0.9].

    Products of residuals one year apart, scaled by ``n / pairs`` so that gaps (fewer
    one-year pairs) do not bias it towards zero; NaN-free, 0 with fewer than 2 pairs.
    """
    ok = np.diff(t) == 1
    den = float(np.sum(e**2))
    if ok.sum() < 2 or den <= 0:
        return 0.0
    num = float(np.sum(e[:-1][ok] * e[1:][ok]))
    return float(np.clip(num / den * len(e) / max(ok.sum(), 1), 0.0, 0.9))


def loglinear_growth(
    t: np.ndarray,
    y: np.ndarray,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    *,
    level: float = 0.95,
    method: str = "ar1",
    maxlags: int | None = None,
) -> dict:
    """Log-linear growth rate with an autocorrelation-robust interval.

    Parameters
    ----------
    t : array of int
        Years [year]; gaps are allowed.
    y : array of float
        Positive figures [any unit: the growth rate does not depend on it].
    lower, upper : array of float, optional
        Bounds of ranged figures [same unit as ``y``]; equal to ``y`` for exact figures.
    level : float
        Confidence level [1].
    method : {"ar1", "hac", "gls_ar1", "ols"}
        ``"ar1"`` (default): OLS slope; standard error exact under AR(1) errors
        (correlation ``phi^|t_i - t_j|``) at a median-unbiased phi; critical value from a
        parametric bootstrap of the t statistic integrated over the uncertainty of phi
        (:mod:`drugtrends.stats._ar1`), never below Student-t(n - 2). Simulated coverage
        (``benchmarks/trend_coverage.py``) is given in the README; it falls short of the
        nominal level when phi > 0.5 or n is about 12. Series of fewer than
        :data:`MIN_AR1` figures get the OLS interval (``note`` says so). Older choices:
        Newey-West with a Bartlett kernel over year distance, floored at the OLS standard
        error (under-covers badly with autocorrelated errors); feasible GLS with AR(1)
        errors (phi from the OLS residuals, clipped to [0, 0.9]); or plain OLS.
    maxlags : int, optional
        HAC bandwidth in years (Newey-West 1994 rule by default).

    Returns
    -------
    dict
        ``slope`` (log units a year), ``se`` (total, including ranges), ``se_sampling``,
        ``se_range``, ``df``, ``crit`` (critical value of the interval), ``slope_lower``,
        ``slope_upper``, ``growth`` (percent a year, ``100 (exp(slope) - 1)``),
        ``growth_lower``, ``growth_upper``, ``phi`` (lag-one residual autocorrelation;
        median-unbiased with ``"ar1"``), ``intercept`` (at the mean year), ``n``,
        ``note`` (why the interval may not hold, or "").

    Examples
    --------
    A series that halves every year, hand-computed: slope = log(0.5), growth = -50 %.

    >>> r = loglinear_growth(np.array([2000, 2001, 2002, 2003]), np.array([8.0, 4, 2, 1]))
    >>> round(r["growth"], 6), round(r["se"], 6)
    (-50.0, 0.0)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(t)
    if n < 3:
        raise ValueError(f"a growth rate with an interval needs at least 3 figures, not {n}")
    if np.any(y <= 0) or not np.all(np.isfinite(y)):
        raise ValueError("log-linear growth needs positive, finite figures")
    lo = np.log(np.asarray(lower, dtype=float)) if lower is not None else np.log(y)
    hi = np.log(np.asarray(upper, dtype=float)) if upper is not None else np.log(y)
    z = np.log(y)
    tc = t - t.mean()
    sxx = float(np.sum(tc**2))
    X = np.column_stack([np.ones(n), tc])
    df = n - 2
    phi = 0.0
    note = ""
    crit = math.nan
    if method == "ar1" and n < MIN_AR1:
        method = "ols"
        note = f"only {n} figures: interval assumes independent years"
    if method == "ar1":
        d = design(t)
        c = d.c
        slope_a, se_a, phi_a = d.slope_se(z)
        slope, phi = float(slope_a[0]), float(phi_a[0])
        intercept = float(z.mean())
        var_s = float(se_a[0]) ** 2
        crit = max(d.growth_crit(phi, level), t_quantile((1 + level) / 2, df))
        if phi > 0.5:
            note = (
                f"strong autocorrelation (AR(1) about {phi:.2f}): the interval may cover "
                "less often than stated"
            )
    elif method == "gls_ar1":
        beta = np.array([z.mean(), float(np.sum(tc * z) / sxx)])
        for _ in range(2):
            e = z - X @ beta
            phi = _ar1_phi(t, e)
            sigma = phi ** np.abs(t[:, None] - t[None, :])
            sinv = np.linalg.inv(sigma)
            xtx_inv = np.linalg.inv(X.T @ sinv @ X)
            coef = xtx_inv @ X.T @ sinv  # rows: weights of each year in a and b
            beta = coef @ z
        e = z - X @ beta
        s2 = float(e @ sinv @ e) / df
        var_s = s2 * float(xtx_inv[1, 1])
        c = coef[1]
        slope, intercept = float(beta[1]), float(beta[0])
    else:
        c = tc / sxx
        slope = float(c @ z)
        intercept = float(z.mean())
        e = z - intercept - slope * tc
        s2 = float(np.sum(e**2)) / df
        var_s = s2 / sxx
        phi = _ar1_phi(t, e)
        if method == "hac":
            lags = _default_lags(n) if maxlags is None else int(maxlags)
            dist = np.abs(t[:, None] - t[None, :])
            w = np.clip(1.0 - dist / (lags + 1.0), 0.0, None)
            u = tc * e
            var_hac = float(u @ w @ u) / sxx**2 * n / df
            var_s = max(var_s, var_hac)
    var_range = float(np.sum(c**2 * (hi - lo) ** 2) / 12.0)
    se = math.sqrt(var_s + var_range)
    tq = crit if math.isfinite(crit) else t_quantile((1 + level) / 2, df)
    s_lo, s_hi = slope - tq * se, slope + tq * se
    return {
        "slope": slope,
        "se": se,
        "se_sampling": math.sqrt(var_s),
        "se_range": math.sqrt(var_range),
        "df": df,
        "crit": tq,
        "slope_lower": s_lo,
        "slope_upper": s_hi,
        "growth": 100 * math.expm1(slope),
        "growth_lower": 100 * math.expm1(s_lo),
        "growth_upper": 100 * math.expm1(s_hi),
        "phi": phi,
        "intercept": intercept,
        "mean_year": float(t.mean()),
        "n": n,
        "note": note,
    }


# ---------------------------------------------------------------------------- Sen / MK


def _mk_var(y: np.ndarray) -> float:
    n = len(y)
    _, counts = np.unique(y, return_counts=True)
    ties = np.sum(counts * (counts - 1) * (2 * counts + 5))
    return (n * (n - 1) * (2 * n + 5) - ties) / 18.0


def sen_slope(t: np.ndarray, y: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Sen's slope (median of pairwise slopes) with its rank-based interval.

    Parameters
    ----------
    t : array of int
        Years [year].
    y : array of float
        Figures [unit].
    level : float
        Confidence level [1].

    Returns
    -------
    (slope, lower, upper) : tuple of float
        In units a year. The interval (Sen 1968; Gilbert 1987, eq. 16.5-16.6) uses the
        normal approximation to Kendall's S; it is NaN when the series is too short for
        the requested level (fewer pairs than the interval needs).

    Examples
    --------
    Slopes of (1, 3, 4) over 2000-2002 are 2, 1.5 and 1; their median is 1.5.

    >>> sen_slope(np.array([2000, 2001, 2002]), np.array([1.0, 3.0, 4.0]))[0]
    1.5
    """
    from scipy import stats

    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    i, j = np.triu_indices(len(t), k=1)
    slopes = np.sort((y[j] - y[i]) / (t[j] - t[i]))
    n_pairs = len(slopes)
    if n_pairs == 0:
        return math.nan, math.nan, math.nan
    slope = float(np.median(slopes))
    c = stats.norm.ppf((1 + level) / 2) * math.sqrt(_mk_var(y))
    m1 = math.floor((n_pairs - c) / 2)  # 1-based rank of the lower limit
    m2 = math.ceil((n_pairs + c) / 2) + 1
    if m1 < 1 or m2 > n_pairs:
        return slope, math.nan, math.nan
    return slope, float(slopes[m1 - 1]), float(slopes[m2 - 1])


def _exact_s_distribution(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Null distribution of Kendall's S for n untied values: (S values, probabilities)."""
    counts = np.array([1], dtype=float)  # Mahonian numbers: permutations by inversions
    for k in range(2, n + 1):
        new = np.zeros(len(counts) + k - 1)
        for shift in range(k):
            new[shift : shift + len(counts)] += counts
        counts = new
    inversions = np.arange(len(counts))
    s_values = n * (n - 1) / 2 - 2 * inversions
    return s_values, counts / counts.sum()


def _hamed_rao_factor(t: np.ndarray, y: np.ndarray) -> float:
    """Hamed & Rao (1998) variance factor n/n* from the significant autocorrelations of
    the ranks of the Sen-detrended series (only when it widens: at least 1)."""
    from scipy import stats

    n = len(y)
    slope = sen_slope(t, y)[0]
    ranks = stats.rankdata(y - slope * t)
    r = ranks - ranks.mean()
    den = float(np.sum(r**2))
    total = 0.0
    for k in range(1, n - 2):
        rho = float(np.sum(r[:-k] * r[k:])) / den if den > 0 else 0.0
        half = 1.96 * math.sqrt(n - k - 1)
        if rho < (-1 - half) / (n - k) or rho > (-1 + half) / (n - k):
            total += (n - k) * (n - k - 1) * (n - k - 2) * rho
    return max(1.0, 1.0 + 2.0 / (n * (n - 1) * (n - 2)) * total)


def mann_kendall(t: np.ndarray, y: np.ndarray, correction: str = "ar1") -> dict:
    """Mann-Kendall trend test, corrected for short and autocorrelated series.

    Parameters
    ----------
    t : array of int
        Years [year] (the order of the figures).
    y : array of float
        Figures [unit].
    correction : {"ar1", "hamed_rao", "none"}
        ``"ar1"`` (default, from 6 figures): the null distribution of S is simulated
        under AR(1) noise over the same years and mixed over phi with weights
        proportional to the likelihood of the lag-one autocorrelation of the
        OLS-detrended ranks (see :mod:`drugtrends.stats._ar1`); the p-value is the share
        of simulated ``|S|`` at least as large. ``phi`` in the result is the
        median-unbiased estimate. ``"hamed_rao"``: the Hamed & Rao (1998) variance factor, at every
        n, with the normal approximation. ``"none"``: independent years (exact null for
        n <= 10 without ties, else normal with tie and continuity corrections).

    Returns
    -------
    dict
        ``s``, ``var_s`` (after correction), ``tau`` (S over the number of pairs),
        ``p`` (two-sided), ``z``, ``p_method`` ("ar1_simulated", "exact" or "normal"),
        ``variance_factor`` (variance of S under the correction over that under
        independence), ``phi`` (the autocorrelation used; NaN when none).

    Examples
    --------
    Three increasing values: S = 3, the exact two-sided p is 2/6.

    >>> r = mann_kendall(np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0]))
    >>> r["s"], round(r["p"], 4), r["p_method"]
    (3.0, 0.3333, 'exact')
    """
    from scipy import stats

    if correction not in ("ar1", "hamed_rao", "none"):
        raise ValueError(f"correction must be 'ar1', 'hamed_rao' or 'none', not {correction!r}")
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    order = np.argsort(t, kind="stable")
    t, y = t[order], y[order]
    n = len(y)
    if n < 3:
        raise ValueError(f"Mann-Kendall needs at least 3 figures, not {n}")
    i, j = np.triu_indices(n, k=1)
    s = float(np.sum(np.sign(y[j] - y[i])))
    var0 = _mk_var(y)
    tied = len(np.unique(y)) < n
    phi = math.nan
    if correction == "ar1" and n >= MIN_AR1 and np.sum(np.diff(t) == 1) >= 2:
        d = design(t)
        from scipy.stats import rankdata

        ranks = rankdata(y)
        raw = float(lag1_raw(t, d.M @ ranks, ranks)[0])
        phi = float(d.unbias_trend(np.array([raw]))[0])
        w = d.likelihood_weights(raw)
        sims = d.mk_s()
        p = mixture_sf(sims, w, abs(s))
        var_s = float(sum(wi * np.mean(x**2) for wi, x in zip(w, sims, strict=True)))
        var_s = max(var_s, 1e-12)
        z = (s - math.copysign(1, s)) / math.sqrt(var_s) if s != 0 else 0.0
        return {
            "s": s,
            "var_s": var_s,
            "tau": s / (n * (n - 1) / 2),
            "p": min(1.0, p),
            "z": z,
            "p_method": "ar1_simulated",
            "variance_factor": var_s / var0 if var0 > 0 else math.nan,
            "phi": phi,
        }
    factor = _hamed_rao_factor(t, y) if correction == "hamed_rao" else 1.0
    var_s = var0 * factor
    if n <= 10 and not tied and factor == 1.0:
        values, probs = _exact_s_distribution(n)
        p = float(np.sum(probs[np.abs(values) >= abs(s) - 1e-9]))
        p_method = "exact"
    else:
        p_method = "normal"
        p = math.nan
    z = (s - math.copysign(1, s)) / math.sqrt(var_s) if s != 0 and var_s > 0 else 0.0
    if p_method == "normal":
        p = float(2 * stats.norm.sf(abs(z)))
    return {
        "s": s,
        "var_s": var_s,
        "tau": s / (n * (n - 1) / 2),
        "p": min(1.0, p),
        "z": z,
        "p_method": p_method,
        "variance_factor": factor,
        "phi": phi,
    }


# ---------------------------------------------------------------------------- breaks


def _ssr_batch(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Residual sums of squares of least-squares fits of every column of Y on X."""
    resid = Y - X @ (np.linalg.pinv(X) @ Y)  # much faster than lstsq with many columns
    return np.sum(resid**2, axis=0)


def _break_design(t: np.ndarray, k: int, model: str) -> np.ndarray:
    """Design of the break model with the new regime starting at index ``k``."""
    n = len(t)
    tc = t - t.mean()
    d = (np.arange(n) >= k).astype(float)
    if model == "level":
        return np.column_stack([np.ones(n), tc, d])
    return np.column_stack([1 - d, tc * (1 - d), d, tc * d])


def _sup_f(
    t: np.ndarray, Y: np.ndarray, h: int, model: str = "level_slope"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """sup-F over break positions for each column of Y: (supF, argmax index, F matrix)."""
    n = len(t)
    q = 1 if model == "level" else 2
    X0 = np.column_stack([np.ones(n), t - t.mean()])
    ssr0 = _ssr_batch(X0, Y)
    candidates = np.arange(h, n - h + 1)  # index of the first figure of the new regime
    F = np.empty((len(candidates), Y.shape[1]))
    for i, k in enumerate(candidates):
        ssr1 = np.maximum(_ssr_batch(_break_design(t, k, model), Y), 1e-300)
        F[i] = ((ssr0 - ssr1) / q) / (ssr1 / (n - 2 - q))
    best = np.argmax(F, axis=0)
    return F[best, np.arange(Y.shape[1])], candidates[best], F


def _scan_batch(t: np.ndarray, Y: np.ndarray, h: int, model: str) -> tuple[np.ndarray, np.ndarray]:
    """sup-F of each column of Y and the raw lag-one autocorrelation of the residuals of
    the break model at that column's best break (the estimate the p-value is simulated
    under)."""
    sup, where, _ = _sup_f(t, Y, h, model)
    raw = np.empty(Y.shape[1])
    for k in np.unique(where):
        cols = where == k
        X1 = _break_design(t, int(k), model)
        raw[cols] = lag1_raw(t, Y[:, cols] - X1 @ (np.linalg.pinv(X1) @ Y[:, cols]), Y[:, cols])
    return sup, raw


def break_pvalue(t: np.ndarray, sup: float, raw: float, h: int, model: str) -> tuple[float, float]:
    """Simulated p-value of an observed sup-F, and the median-unbiased phi it used.

    The null distribution of sup-F under AR(1) errors is simulated over a grid of phi
    for these years and mixed with weights proportional to the likelihood of the lag-one
    autocorrelation of the break model's residuals under each phi (the simulated
    density of that estimate for this very scan, so its small-sample bias is accounted
    for and negative values are not clipped). The phi returned is the median-unbiased
    estimate.
    """
    d = design(t)
    sims, (bmap, _), raws = d.break_stats(h, model, _scan_batch)
    phi = float(np.interp(raw, bmap, GRID)) if math.isfinite(raw) else 0.0
    return mixture_sf(sims, d.likelihood_weights(raw, raws), sup), phi


def break_scan(
    t: np.ndarray,
    z: np.ndarray,
    *,
    min_segment: int = 3,
    model: str = "level_slope",
    level: float = 0.95,
    n_boot: int = 499,
    seed: int = 0,
) -> dict:
    """One structural break in level and slope of ``z`` (log figures), with p and CI.

    Parameters
    ----------
    t : array of int
        Years [year].
    z : array of float
        Log figures [log unit].
    min_segment : int
        Fewest figures in each segment [figures]; the scan needs ``2 * min_segment``.
    model : {"level_slope", "level"}
        Break in both level and slope (two separate lines), or a shift in level under a
        common slope (more power in short series, e.g. a price jump).
    level : float
        Level of the break-year interval [1].
    n_boot : int
        Bootstrap draws for the break-year interval (the p-value's null distribution is
        simulated once per set of years, see :mod:`drugtrends.stats._ar1`).
    seed : int
        Seed of the random generator (results are reproducible).

    Returns
    -------
    dict
        ``year`` (first year of the new regime), ``sup_f``, ``p`` (simulated under the
        no-break null with AR(1) errors, see :func:`break_pvalue`), ``phi`` (the
        median-unbiased autocorrelation of the break model's residuals),
        ``year_lower``, ``year_upper`` (residual-bootstrap percentile interval),
        ``growth_before``, ``growth_after`` (percent a year), ``jump`` (percent change of
        the level at the break year).

    Notes
    -----
    The model is ``log y = a1 + b1 t`` before and ``a2 + b2 t`` from the break year on
    (a Chow test at each admissible year; Andrews 1993 sup-F). Asymptotic sup-F critical
    values do not suit series of 6-30 points, so the p-value is simulated; the F
    statistic does not depend on the level, trend or scale of the series, only on the
    years and the error correlation. With a single break allowed, a series with two
    breaks shows the stronger one.
    """
    if model not in ("level_slope", "level"):
        raise ValueError(f"model must be 'level_slope' or 'level', not {model!r}")
    t = np.asarray(t, dtype=float)
    z = np.asarray(z, dtype=float)
    n = len(t)
    if n < 2 * min_segment or n < 6:
        raise ValueError(f"a break scan needs at least {max(6, 2 * min_segment)} figures, not {n}")
    rng = np.random.default_rng(seed)
    sup, where, _ = _sup_f(t, z[:, None], min_segment, model)
    sup, k = float(sup[0]), int(where[0])
    X1 = _break_design(t, k, model)
    beta, *_ = np.linalg.lstsq(X1, z, rcond=None)
    fitted = X1 @ beta
    resid = z - fitted
    # error correlation estimated under the alternative (the break model), as Bai &
    # Perron (2003) do for the variance; under the null a break would pass for
    # correlation. Median-unbiased for this scan and integrated over its uncertainty.
    p, phi = break_pvalue(t, sup, float(lag1_raw(t, resid, z)[0]), min_segment, model)
    resid = (resid - resid.mean()) * math.sqrt(n / max(n - X1.shape[1], 1))
    draws = fitted[:, None] + resid[rng.integers(0, n, size=(n, n_boot))]
    _, where_b, _ = _sup_f(t, draws, min_segment, model)
    years_b = t[where_b]
    lo_q, hi_q = level_quantiles(100 * level_fraction(level))
    y_lo = float(np.quantile(years_b, lo_q, method="inverted_cdf"))
    y_hi = float(np.quantile(years_b, hi_q, method="inverted_cdf"))
    tau = (t - t.mean())[k]
    if model == "level":
        b1 = b2 = beta[1]
        jump = beta[2]
    else:
        a1, b1, a2, b2 = beta
        jump = (a2 + b2 * tau) - (a1 + b1 * tau)
    return {
        "year": float(t[k]),
        "sup_f": sup,
        "p": p,
        "phi": phi,
        "year_lower": min(y_lo, float(t[k])),
        "year_upper": max(y_hi, float(t[k])),
        "growth_before": 100 * math.expm1(b1),
        "growth_after": 100 * math.expm1(b2),
        "jump": 100 * math.expm1(jump),
    }


# ---------------------------------------------------------------------------- trend


_FLOAT_VARS = {
    "growth": ("percent", "log-linear growth rate (percent a year)"),
    "growth_lower": ("percent", "lower limit of the growth rate"),
    "growth_upper": ("percent", "upper limit of the growth rate"),
    "slope_log": ("year-1", "slope of log figures against years"),
    "level_log": ("1", "fitted log figure at mean_year (the trend line passes through it)"),
    "mean_year": (
        "1",
        "mean of the years used; the fitted line is "
        "exp(level_log + slope_log * (year - mean_year))",
    ),
    "slope_log_se": ("year-1", "standard error of the log slope (sampling and ranges)"),
    "slope_log_se_range": ("year-1", "part of the standard error due to reported ranges"),
    "ar1": ("1", "lag-one autocorrelation of the log-linear residuals"),
    "sen_slope": ("", "Sen slope (units a year)"),
    "sen_slope_lower": ("", "lower limit of the Sen slope"),
    "sen_slope_upper": ("", "upper limit of the Sen slope"),
    "sen_growth": ("percent", "Sen slope of log figures as percent a year"),
    "sen_growth_lower": ("percent", "lower limit of the Sen growth"),
    "sen_growth_upper": ("percent", "upper limit of the Sen growth"),
    "mk_s": ("1", "Mann-Kendall S"),
    "mk_tau": ("1", "Mann-Kendall tau (S over the number of pairs)"),
    "mk_pvalue": ("1", "Mann-Kendall two-sided p-value"),
    "break_year": ("1", "year a significant break starts (NaN when none)"),
    "break_year_lower": ("1", "lower limit of the break year"),
    "break_year_upper": ("1", "upper limit of the break year"),
    "break_candidate": ("1", "best break year of the scan, significant or not"),
    "break_pvalue": ("1", "simulated sup-F p-value of the break"),
    "growth_before_break": ("percent", "growth rate before the break (percent a year)"),
    "growth_after_break": ("percent", "growth rate from the break on (percent a year)"),
    "break_jump": ("percent", "change in level at the break (percent)"),
    "start_year": ("1", "first year used"),
    "end_year": ("1", "last year used"),
    "first_value": ("", "figure of the first year used"),
    "last_value": ("", "figure of the last year used"),
}
_INT_VARS = {
    "n_points": "figures used",
    "n_ranges": "figures that are ranges",
    "n_annualized": "partial-year figures annualized",
}
_STR_VARS = ("status", "summary", "units", "mk_p_method")


def _empty_row() -> dict:
    row = {k: math.nan for k in _FLOAT_VARS}
    row.update({k: 0 for k in _INT_VARS})
    row.update({k: "" for k in _STR_VARS})
    return row


def _subject(long_name: str) -> str:
    return long_name[:1].upper() + long_name[1:]


def _ci_text(lo: float, hi: float, level: float) -> str:
    return f"{level * 100:.0f} % CI {fmt_pct(lo, True)} % to {fmt_pct(hi, True)} %"


def _sentence(row: dict, long_name: str, units: str, level: float) -> str:
    """The plain-English summary of one series."""
    name = _subject(long_name)
    n = row["n_points"]
    if n == 0:
        return f"{name}: no figures in the period."
    y0, y1 = int(row["start_year"]), int(row["end_year"])
    if y0 == y1:
        span = f"in {y0}"
        figures = f"{n} yearly figure{'s' if n > 1 else ''}, {fmt_num(row['last_value'], units)}"
    else:
        span = f"from {y0} to {y1}"
        figures = (
            f"{n} yearly figures, {fmt_num(row['first_value'], units)} in {y0} "
            f"and {fmt_num(row['last_value'], units)} in {y1}"
        )
    g, lo, hi = row["growth"], row["growth_lower"], row["growth_upper"]
    parts = []
    if math.isfinite(g):
        ci = _ci_text(lo, hi, level)
        if lo > 0:
            parts.append(f"{name} rose about {fmt_pct(abs(g))} % a year {span} ({ci}; {figures}).")
        elif hi < 0:
            parts.append(f"{name} fell about {fmt_pct(abs(g))} % a year {span} ({ci}; {figures}).")
        else:
            parts.append(
                f"{name} showed no clear trend {span}: about {fmt_pct(g, True)} % a year "
                f"({ci}, which includes no change; {figures})."
            )
    elif math.isfinite(row["sen_slope"]):
        parts.append(
            f"{name} changed by a median {fmt_num(row['sen_slope'], units)} a year {span} "
            f"(Sen slope; {figures})."
        )
    else:
        parts.append(f"{name}: too few figures {span} for a trend ({figures}).")
    if math.isfinite(row["mk_pvalue"]):
        verdict = "significant" if row["mk_pvalue"] < 1 - level else "not significant"
        direction = "upward" if row["mk_s"] > 0 else "downward" if row["mk_s"] < 0 else "no"
        parts.append(
            f"Mann-Kendall: {direction} tendency, {verdict} at the {level * 100:.0f} % level "
            f"(tau {row['mk_tau']:+.2f}, p = {row['mk_pvalue']:.2g})."
        )
    if math.isfinite(row["break_year"]):
        b = int(row["break_year"])
        blo, bhi = int(row["break_year_lower"]), int(row["break_year_upper"])
        ci = "" if blo == bhi else f"{level * 100:.0f} % CI {blo}-{bhi}; "
        when = f"in {b} ({ci}p = {row['break_pvalue']:.2g})"
        if abs(row["growth_before_break"] - row["growth_after_break"]) < 1e-9:
            parts.append(
                f"The level shifts {when}: a jump of "
                f"{fmt_pct(row['break_jump'], True)} % around a common trend of "
                f"{fmt_pct(row['growth_before_break'], True)} % a year."
            )
        else:
            parts.append(
                f"The series breaks {when}: "
                f"{fmt_pct(row['growth_before_break'], True)} % a year before, "
                f"{fmt_pct(row['growth_after_break'], True)} % a year after, with a jump of "
                f"{fmt_pct(row['break_jump'], True)} % at the break."
            )
    notes = []
    if row["n_ranges"]:
        notes.append(f"{row['n_ranges']} figure(s) are ranges and widen the interval")
    if row["n_annualized"]:
        notes.append(f"{row['n_annualized']} partial-year figure(s) annualized")
    if 0 < n < 8:
        notes.append(f"only {n} figure{'s' if n != 1 else ''}: read with caution")
    if "strong autocorrelation" in str(row.get("status", "")):
        notes.append(
            "strong year-to-year correlation: the interval may cover less often than stated"
        )
    if notes:
        parts.append("Note: " + "; ".join(notes) + ".")
    return " ".join(parts)


@dataclass(frozen=True)
class _TrendSettings:
    """The settings of one :func:`trend` call that every series shares."""

    start: int | None
    end: int | None
    partial: str
    min_months: int
    level: float
    method: str
    min_points: int
    min_segment: int
    breaks: bool
    break_model: str
    n_boot: int
    seed: int


def _growth_fields(row: dict, s: Series, t: np.ndarray, cfg: _TrendSettings, status: list) -> None:
    """Fill ``row`` with the log-linear growth rate and the Sen growth of a positive series."""
    fit = loglinear_growth(t, s.value, s.lower, s.upper, level=cfg.level, method=cfg.method)
    row.update(
        growth=fit["growth"],
        growth_lower=fit["growth_lower"],
        growth_upper=fit["growth_upper"],
        slope_log=fit["slope"],
        level_log=fit["intercept"],
        mean_year=fit["mean_year"],
        slope_log_se=fit["se"],
        slope_log_se_range=fit["se_range"],
        ar1=fit["phi"],
    )
    if fit["note"]:
        status.append(fit["note"])
    sg = sen_slope(t, np.log(s.value), cfg.level)
    row.update(
        sen_growth=100 * math.expm1(sg[0]),
        sen_growth_lower=100 * math.expm1(sg[1]) if math.isfinite(sg[1]) else math.nan,
        sen_growth_upper=100 * math.expm1(sg[2]) if math.isfinite(sg[2]) else math.nan,
    )


def _break_fields(row: dict, s: Series, t: np.ndarray, cfg: _TrendSettings) -> None:
    """Fill ``row`` with the break scan of a positive series (the break only if significant)."""
    if cfg.break_model not in ("level", "level_slope"):
        raise ValueError(f"break_model must be 'level' or 'level_slope', not {cfg.break_model!r}")
    br = break_scan(
        t,
        np.log(s.value),
        min_segment=cfg.min_segment,
        model=cfg.break_model,
        level=cfg.level,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
    )
    row.update(
        break_candidate=br["year"],
        break_pvalue=br["p"],
    )
    if br["p"] < 1 - cfg.level:
        row.update(
            break_year=br["year"],
            break_year_lower=br["year_lower"],
            break_year_upper=br["year_upper"],
            growth_before_break=br["growth_before"],
            growth_after_break=br["growth_after"],
            break_jump=br["jump"],
        )


def _one_series(s: Series, annualized: np.ndarray, notes: list[str], cfg: _TrendSettings) -> dict:
    """The statistics of one series (its partial-year figures already filtered)."""
    row = _empty_row()
    n = s.n
    row["n_points"] = n
    row["n_ranges"] = int(np.sum(s.is_range & ~annualized))
    row["n_annualized"] = int(np.sum(annualized))
    if n == 0:
        row["status"] = "; ".join(["no figures", *notes])
        return row
    row["start_year"], row["end_year"] = float(s.years[0]), float(s.years[-1])
    row["first_value"], row["last_value"] = float(s.value[0]), float(s.value[-1])
    status = []
    if n < cfg.min_points:
        row["status"] = "; ".join([f"too few figures (n={n}, need {cfg.min_points})", *notes])
        return row
    positive = bool(np.all(s.value > 0) and np.all(s.lower > 0))
    t = s.years.astype(float)
    if positive:
        _growth_fields(row, s, t, cfg, status)
    else:
        status.append("zero or negative figures: no log-linear growth rate")
    sen = sen_slope(t, s.value, cfg.level)
    row.update(sen_slope=sen[0], sen_slope_lower=sen[1], sen_slope_upper=sen[2])
    mk = mann_kendall(t, s.value)
    row.update(mk_s=mk["s"], mk_tau=mk["tau"], mk_pvalue=mk["p"], mk_p_method=mk["p_method"])
    if mk["p_method"] != "ar1_simulated":
        status.append(f"short series (n={n}): Mann-Kendall p assumes independent years")
    if cfg.breaks and positive and n >= max(6, 2 * cfg.min_segment):
        _break_fields(row, s, t, cfg)
    elif cfg.breaks and positive:
        status.append(f"no break scan (needs {max(6, 2 * cfg.min_segment)} figures)")
    gaps = int(np.sum(np.diff(s.years) > 1))
    if gaps:
        status.append(f"{gaps} gap(s) between years")
    row["status"] = "; ".join(["ok", *status, *notes])
    return row


def _partial_notes(months: np.ndarray, kind: str, cfg: _TrendSettings) -> list[str]:
    """Notes on the partial-year or unknown cut-off flow figures a series leaves out."""
    short = int(np.sum(partial_year_mask(months, kind)))
    unknown = int(np.sum(unknown_months_mask(months, kind)))
    notes = []
    if cfg.partial == "drop" and short + unknown:
        notes.append(f"{short + unknown} partial-year figure(s) left out")
    elif cfg.partial == "annualize":  # annualize kept only these as reported
        if short:
            notes.append(f"{short} figure(s) covering fewer than {cfg.min_months} months left out")
        if unknown:
            notes.append(f"{unknown} unknown cut-off figure(s) left out")
    return notes


def _flow_series(
    work: xr.Dataset, s: Series, kind: str, notes: list[str], cfg: _TrendSettings
) -> tuple[Series, np.ndarray]:
    """The series with its partial-year flow figures handled per ``cfg.partial``, and which
    of the figures kept are annualized (``notes`` gets what was left out)."""
    annualized = np.zeros(s.n, dtype=bool)
    if kind != "flow" or not s.n:
        return s, annualized
    flag_name = f"{s.indicator}_annualized"
    if flag_name in work and cfg.partial == "annualize":
        flags = work[flag_name].sel(country=s.country).sel(year=s.years).values
        annualized = flags.astype(bool)
    if cfg.partial == "keep":
        return s, annualized
    keep = full_year_mask(s.months, kind)
    notes.extend(_partial_notes(s.months, kind, cfg))
    s = Series(
        s.indicator,
        s.country,
        s.years[keep],
        s.value[keep],
        s.lower[keep],
        s.upper[keep],
        s.months[keep],
    )
    return s, annualized[keep]


def _series_rows(
    work: xr.Dataset,
    *,
    names: list[str],
    countries: list[str],
    attrs: dict[str, dict],
    ann_notes: dict[str, list[str]],
    settings: _TrendSettings,
) -> dict[tuple[str, str], dict]:
    """The statistics of each (indicator, country) series of ``work`` (annualized already),
    one dict per series; a chunk of countries at a time on a cluster."""
    cfg = settings
    rows: dict[tuple[str, str], dict] = {}
    for name in names:
        kind = str(attrs[name].get("kind", ""))
        for c in countries:
            s = get_series(work, name, c, cfg.start, cfg.end)
            notes = list(dict.fromkeys(ann_notes.get(name, [])))
            s, annualized = _flow_series(work, s, kind, notes, cfg)
            try:
                row = _one_series(s, annualized, notes, cfg)
            except (ValueError, np.linalg.LinAlgError, FloatingPointError) as err:
                row = _empty_row()
                row["n_points"] = s.n
                row["status"] = f"failed: {err}"
            units = str(attrs[name].get("units", ""))
            row["units"] = units
            long_name = str(attrs[name].get("long_name", name))
            row["summary"] = _sentence(row, long_name, units, cfg.level)
            rows[(name, c)] = row
    return rows


def _check_trend_args(method: str, partial: str, level: float, min_points: int) -> float:
    """Refuse bad arguments; the level as a fraction (a fraction given warns)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if partial not in ("annualize", "drop", "keep"):
        raise ValueError(f"partial must be 'annualize', 'drop' or 'keep', not {partial!r}")
    if not (0 < level < 1 or 1 <= level < 100):
        raise ValueError(f"level must be between 0 and 1 (or in percent), not {level}")
    level = level_fraction(level_percent(level, "trend", stacklevel=4))
    if min_points < 3:
        raise ValueError("min_points must be at least 3")
    return level


def _pick_countries(ds: xr.Dataset, country: str | Iterable[str] | None) -> list[str]:
    """The ISO3 codes asked for (every country of ``ds`` by default)."""
    if country is None:
        return [str(c) for c in ds["country"].values]
    countries = [country] if isinstance(country, str) else list(country)
    missing = [c for c in countries if c not in set(map(str, ds["country"].values))]
    if missing:
        raise KeyError(f"no country {', '.join(missing)} in the Dataset")
    return countries


def _annualized_work(
    ds: xr.Dataset, names: list[str], level: float, min_months: int
) -> tuple[xr.Dataset, dict[str, list[str]]]:
    """``ds`` with its partial-year flows annualized, and the notes on each indicator."""
    ann_notes: dict[str, list[str]] = {}
    flows = [n for n in names if ds[n].attrs.get("kind") == "flow"]
    if not flows:
        return ds, ann_notes
    from drugtrends.models.series import is_dask_backed

    src = ds
    if is_dask_backed(ds):  # share pairs pool over every flow of ds
        from drugtrends import distributed

        every = [k for k, v in ds.data_vars.items() if v.attrs.get("kind") == "flow"]
        src = distributed.load_variables(ds, every)
    # figures of fewer than min_months stay partial: the series step leaves them out
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        work = annualize(src, flows, level=round(100 * level, 10), min_months=min_months)
    for w in caught:
        text = str(w.message)
        ann_notes.setdefault(text.split(" ", 1)[0], []).append(
            "annualized with the prior alone (no year has both partial and full figures)"
        )
    return work, ann_notes


def _compute_rows(
    work: xr.Dataset,
    countries: list[str],
    client: Any,
    chunk_size: int | None,
    **kw: Any,
) -> dict[tuple[str, str], dict]:
    """:func:`_series_rows` over every country, chunk-wise on a cluster or a dask Dataset."""
    from drugtrends.models.series import is_dask_backed

    if client is None and not is_dask_backed(work):
        return _series_rows(work, countries=countries, **kw)
    from drugtrends import distributed

    names = kw["names"]
    suffixes = ("", "_lower", "_upper", "_months", "_annualized")
    variables = [n + x for n in names for x in suffixes if n + x in work.data_vars]
    return distributed.map_country_chunks(
        work,
        _series_rows,
        countries,
        variables,
        client=client,
        chunk_size=chunk_size or distributed.DEFAULT_CHUNK,
        series_per_country=len(names),
        **kw,
    )


def _row_variables(rows: dict, names: list[str], countries: list[str]) -> dict:
    """The ``(indicator, country)`` variables of the result, from the per-series rows."""
    shape = (len(names), len(countries))
    data = {}
    for key, (units, long_name) in _FLOAT_VARS.items():
        arr = np.array([[rows[(i, c)][key] for c in countries] for i in names], dtype=float)
        data[key] = (("indicator", "country"), arr, {"long_name": long_name, "units": units})
    for key, long_name in _INT_VARS.items():
        arr = np.array([[rows[(i, c)][key] for c in countries] for i in names], dtype=np.int64)
        data[key] = (("indicator", "country"), arr, {"long_name": long_name, "units": "1"})
    for key in _STR_VARS:
        arr = np.empty(shape, dtype=object)
        for a, i in enumerate(names):
            for b, c in enumerate(countries):
                arr[a, b] = rows[(i, c)][key]
        data[key] = (("indicator", "country"), arr)
    return data


def _indicator_variables(ds: xr.Dataset, names: list[str]) -> dict:
    """The per-indicator variables of the result (long name, kind, caveat, units)."""
    per_indicator = {
        "long_name": [str(ds[i].attrs.get("long_name", i)) for i in names],
        "kind": [str(ds[i].attrs.get("kind", "")) for i in names],
        "caveat": [str(ds[i].attrs.get("caveat", "") or "") for i in names],
        "indicator_units": [str(ds[i].attrs.get("units", "")) for i in names],
    }
    return {
        key: ("indicator", np.array(values, dtype=object)) for key, values in per_indicator.items()
    }


_GROWTH_SE = {
    "ar1": (
        "standard error exact under AR(1) errors at a median-unbiased phi, "
        "critical value from a parametric bootstrap of t integrated over "
        "phi's uncertainty (never below t(n-2))"
    ),
    "hac": "Newey-West standard error (Bartlett kernel), floored at OLS, t(n-2)",
    "gls_ar1": "feasible GLS with AR(1) errors (phi^|dt|), t(n-2)",
    "ols": "OLS standard error, t(n-2)",
}


def _trend_attrs(ds: xr.Dataset, names: list[str], cfg: _TrendSettings) -> dict:
    """The global attributes of the result: settings, methods and caveats."""
    return {
        "title": "Trend statistics (drugtrends.stats.trend)",
        "level": round(100 * float(cfg.level), 10),  # percent, as the API takes it
        "method": cfg.method,
        "partial": cfg.partial,
        "min_months": cfg.min_months,
        "min_points": int(cfg.min_points),
        "min_segment": int(cfg.min_segment),
        "break_model": cfg.break_model,
        "n_boot": int(cfg.n_boot),
        "seed": int(cfg.seed),
        "start": "" if cfg.start is None else int(cfg.start),
        "end": "" if cfg.end is None else int(cfg.end),
        "growth_method": (
            "OLS of log figures on years; "
            + _GROWTH_SE[cfg.method]
            + "; ranges add uniform log-scale variance"
        ),
        "growth_coverage": GROWTH_COVERAGE[cfg.method],
        "trend_tests": (
            "Sen slope (Sen 1968) with rank interval; Mann-Kendall p simulated under "
            "AR(1) noise at a median-unbiased phi (from 6 figures; exact independent-"
            "years p below); one break ("
            + cfg.break_model
            + "), sup-F p simulated under AR(1) noise at the break residuals' "
            "median-unbiased phi, bootstrap break-year interval"
        ),
        **caveat_attrs(ds, names),
    }


def _trend_dataset(
    ds: xr.Dataset, rows: dict, names: list[str], countries: list[str], cfg: _TrendSettings
) -> xr.Dataset:
    """The result Dataset of :func:`trend` from its per-series rows."""
    data = _row_variables(rows, names, countries)
    data.update(_indicator_variables(ds, names))
    out = xr.Dataset(
        data,
        coords={
            "indicator": ("indicator", np.array(names, dtype=object)),
            "country": ("country", np.array(countries, dtype=object), ds["country"].attrs),
        },
        attrs=_trend_attrs(ds, names, cfg),
    )
    for key in ("sen_slope", "sen_slope_lower", "sen_slope_upper", "first_value", "last_value"):
        out[key].attrs["units"] = "see units"
    out["summary"].attrs["long_name"] = "plain-English summary of the series"
    out["status"].attrs["long_name"] = "ok, or why statistics are missing or degraded"
    out.attrs["indicators"] = json.dumps(names)
    return out


def trend(
    ds: xr.Dataset,
    indicators: str | Iterable[str] | None = None,
    start: int | None = None,
    end: int | None = None,
    level: float = 95,
    *,
    country: str | Iterable[str] | None = None,
    method: str = "ar1",
    partial: str = "annualize",
    min_months: int = MIN_MONTHS,
    min_points: int = 3,
    min_segment: int = 3,
    breaks: bool = True,
    break_model: str = "level",
    n_boot: int = 499,
    seed: int = 0,
    client: Any = None,
    chunk_size: int | None = None,
) -> xr.Dataset:
    """Trend statistics with intervals for every (indicator, country) series.

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset.
    indicators : str or iterable of str, optional
        Indicators (all by default).
    start, end : int, optional
        First and last year to use [year].
    level : float
        Confidence level of every interval, in percent (default 95). A fraction such as
        0.95 is still accepted, with a ``FutureWarning``, and converted.
    country : str or iterable of str, optional
        ISO3 code(s) (all by default).
    method : {"ar1", "hac", "gls_ar1", "ols"}
        Interval of the growth rate (see :func:`loglinear_growth`; ``"ar1"`` is the one
        whose coverage was simulated to hold under moderate autocorrelation).
    partial : {"annualize", "drop", "keep"}
        Partial-year flow figures: annualized with their interval (default), left out, or
        used as reported (not advised). Flows with an unknown cut-off are left out unless
        "keep".
    min_months : int
        With ``partial="annualize"``, partial-year flow figures covering fewer months are
        left out rather than scaled: a January total says too little about its year
        [months; default 6].
    min_points : int
        Fewest figures for any statistic [figures]; at least 3.
    min_segment : int
        Fewest figures on each side of a break [figures].
    breaks : bool
        Scan for a structural break.
    break_model : {"level", "level_slope"}
        A shift in level under a common growth rate (default: one parameter, the most
        power in short series), or separate lines before and after the break.
    n_boot : int
        Simulations for the break p-value and bootstrap draws for its interval.
    seed : int
        Seed for the simulations (results are reproducible).
    client : distributed.Client, optional
        Compute the series' statistics chunk-wise (chunks of countries) on this
        dask.distributed cluster (see :mod:`drugtrends.distributed`); a dask-backed ``ds``
        runs chunk-wise even without one. Partial-year annualization, which pools share
        pairs over the whole Dataset, runs first on the client. The result is identical.
    chunk_size : int, optional
        Series per task on a cluster [series].

    Returns
    -------
    xarray.Dataset
        Dimensions ``indicator`` and ``country``. Variables: ``growth`` (percent a year)
        with ``growth_lower`` / ``growth_upper``; ``slope_log`` and its standard error;
        ``sen_slope`` (units a year) and ``sen_growth`` (percent a year) with limits;
        ``mk_s``, ``mk_tau``, ``mk_pvalue``; ``break_year`` (NaN unless the break is
        significant at ``1 - level``) with ``break_year_lower`` / ``_upper``,
        ``break_candidate``, ``break_pvalue``, ``growth_before_break``,
        ``growth_after_break``, ``break_jump``; ``n_points``, ``start_year``,
        ``end_year``, ``first_value``, ``last_value``; strings ``status`` (``"ok; ..."``
        or why a statistic is missing), ``summary`` (a plain-English sentence),
        ``units``, ``long_name``, ``caveat``. Attributes give the method, the level and
        the caveats (``caveat``, and ``caveats`` as JSON by indicator).

    Notes
    -----
    No series ever stops the batch: a series that is empty, too short, or not positive
    gets NaN statistics and says why in ``status``. Growth rates are invariant to the
    unit of the figures; reversing the years flips their sign.

    Examples
    --------
    >>> res = trend(dt.load_dataset("KAZ"), "registered_drug_users")          # doctest: +SKIP
    >>> res.summary.item()                                                    # doctest: +SKIP
    """
    level = _check_trend_args(method, partial, level, min_points)
    if start is not None and end is not None and int(start) > int(end):
        raise ValueError(f"start ({start}) is after end ({end}): give start <= end")
    if break_model not in ("level", "level_slope"):
        raise ValueError(f"break_model must be 'level' or 'level_slope', not {break_model!r}")
    names = pick_indicators(ds, indicators)
    countries = _pick_countries(ds, country)
    min_months = min(max(int(min_months), 1), 12)
    work, ann_notes = ds, {}
    if partial == "annualize":
        work, ann_notes = _annualized_work(ds, names, level, min_months)
    cfg = _TrendSettings(
        start=start,
        end=end,
        partial=partial,
        min_months=min_months,
        level=level,
        method=method,
        min_points=min_points,
        min_segment=min_segment,
        breaks=breaks,
        break_model=break_model,
        n_boot=n_boot,
        seed=seed,
    )
    attrs = {name: dict(ds[name].attrs) for name in names}
    rows = _compute_rows(
        work,
        countries,
        client,
        chunk_size,
        names=names,
        attrs=attrs,
        ann_notes=ann_notes,
        settings=cfg,
    )
    return _trend_dataset(ds, rows, names, countries, cfg)
