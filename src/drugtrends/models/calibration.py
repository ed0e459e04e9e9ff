"""Interval calibration from rolling-origin forecast errors (split conformal, pooled).

Short yearly series are where model-based intervals are too narrow: parameter and model
uncertainty are ignored, and the errors are far from Gaussian. Here each series' own past is
used instead. For every series and every origin ``k = 1 .. K`` years before its end, the
model is refitted on the series up to that origin and its forecasts are compared with the
years that followed (all inside the data given: the future is never used). The errors,
divided by the series' recent scale (see :func:`series_scale`), are pooled over series and
origins, horizon by horizon, and their empirical quantiles, with the finite-sample
correction of split conformal prediction, give the interval bounds in scale units.

Two scores, one per side of the interval:

* **upper bounds** (and both bounds of series that are not positive throughout) use the
  additive error ``(y - f) / s``, with ``s`` the scale of the raw values;
* **lower bounds of positive series** use the multiplicative error ``(log y - log f) /
  s_log``, with ``s_log`` the scale of the log values, so that a lower bound is a fraction of
  the point forecast and never collapses to zero while the forecast is well above it.

Each bound is a one-sided conformal bound at its own probability (signed quantiles), so
each tail misses with its nominal probability whatever the score. The rule was chosen by
rolling-origin validation inside the training parts only: of M3 yearly (cut 1 to 10 years
before the end of each training part, 6 years scored after each cut) and of the UNODC
seizure series shipped with the package (cut 1 to 8 years before the benchmark's test
years). Against the previous symmetric raw-scale intervals scaled by the plain mean absolute
difference, M3 80 % / 95 % coverage went from 0.81 / 0.95 to 0.80 / 0.95 and MSIS from 25.6
to 21.0; the UNODC series (calibrated by the reference table) 0.88 / 0.99 to 0.79 / 0.94,
MSIS 19.5 to 11.8; and 80 % lower bounds at (or within 5 % of) zero went from 14 % to 1 % of
the M3 series and from 88 % to 36 % of the UNODC series (those left are the most volatile
ones, e.g. opium seizures that moved 20-fold from year to year). Intervals multiplicative on
both sides were as well calibrated, but their upper bounds exploded on volatile series
(UNODC MSIS in the thousands).

Where a call has too few series to calibrate itself, a reference table is used instead
(:func:`reference_table`), so that a series' interval does not depend on which other series
happen to be forecast with it: ``"generic"``, scaled-error quantiles of the ``auto`` model
from the training parts of the M3 yearly series (:mod:`._reference`), or ``"drug"``, those
of 343 world drug-seizure series (UNODC ARQ 1990-2019, training parts only) pooled with M3
(:mod:`._reference_drug`), which the drug indicators of a Dataset use. In a
leave-country-out test on the world panel (each country's series forecast alone, with a
table made without that country), inside the training parts the M3 table gave 80 % / 95 %
coverage 0.842 / 0.948 and the drug table 0.797 / 0.942 (see ``benchmarks/domain.py`` and
``benchmarks/reference_table.py``). Where a named model has too few pooled errors, a
Student-t approximation is used (:func:`t_table`).

References
----------
Vovk, V., Gammerman, A. and Shafer, G. (2005). *Algorithmic Learning in a Random World*.
Springer. (split conformal prediction)

Stankeviciute, K., Alaa, A. M. and van der Schaar, M. (2021). Conformal time-series
forecasting. *NeurIPS 34*.

Examples
--------
>>> import numpy as np

from .base import LOG_MAX
>>> rng = np.random.default_rng(0)
>>> errors = rng.normal(size=(200, 5, 3))            # series x origins x horizon
>>> table = conformal_table(errors, probs=np.array([0.025, 0.5, 0.975]))
>>> table.shape, table.method
((3, 3), 'conformal')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import LOG_MAX

__all__ = [
    "MIN_POOLED",
    "REFERENCES",
    "SCALE_HALF_LIFE",
    "CalibrationTable",
    "apply_table",
    "conformal_table",
    "cut_scores",
    "grid_table",
    "job_scales",
    "origin_jobs",
    "prefix_scales",
    "reference_table",
    "rolling_origin_errors",
    "rolling_origin_scores",
    "scores_from_points",
    "series_scale",
    "t_table",
]

MIN_POOLED = 40
"""Fewest pooled errors at a horizon for empirical (conformal) quantiles; with fewer, the
quantiles are extrapolated from shorter horizons (or the Student-t approximation is used).
39 is the least for which a 95 % conformal bound exists."""

SCALE_HALF_LIFE = 4.0
"""Half-life [years] of the weights of :func:`series_scale`. Recent volatility predicts the
next errors better than the whole history: in rolling-origin validation on the training
parts of M3 yearly (symmetric raw-scale intervals), MSIS at 95 % fell from 25.6 (equal
weights) to 23.8, 23.3, 22.9 and 22.5 for half-lives of 12, 8, 6 and 4 years at the same
coverage (0.81 / 0.95); 2 and 3 years gained less than 0.2 more."""


@dataclass(frozen=True)
class CalibrationTable:
    """Quantiles of scaled forecast errors, ``q[h, p]``, and how they were obtained.

    Attributes
    ----------
    q : numpy.ndarray
        ``(horizon, n_probs)`` quantiles of the additive scores (``(y - f) / s``).
    probs : numpy.ndarray
        Their probabilities.
    method : str
        ``"conformal"`` (pooled errors of the panel), ``"reference"`` (the shipped reference
        table), ``"student-t"`` (too few errors: t approximation) or ``"none"``.
    n_errors : numpy.ndarray
        Pooled errors per horizon.
    forecaster : object, optional
        The model whose errors made the table, when it was chosen by ``auto``.
    choice : str
        ``auto``'s choice (``"median"`` or a member).
    q_log : numpy.ndarray, optional
        ``(horizon, n_probs)`` quantiles of the multiplicative scores
        (``(log y - log f) / s_log``) of positive series; their lower-bound columns are used
        for positive series. None: every bound is additive.
    source : str
        Where the errors came from, in words (recorded in the forecast's attrs).
    """

    q: np.ndarray
    probs: np.ndarray
    method: str
    n_errors: np.ndarray
    forecaster: Any = None
    choice: str = ""
    q_log: np.ndarray | None = None
    source: str = ""

    @property
    def shape(self) -> tuple[int, ...]:
        return self.q.shape


def series_scale(
    x: np.ndarray, half_life: float = SCALE_HALF_LIFE, observed: np.ndarray | None = None
) -> float:
    """Exponentially weighted mean absolute first difference of ``x``, or 0.

    Parameters
    ----------
    x : numpy.ndarray
        The series on the scale of the score (raw values, or their logarithms).
    half_life : float
        Half-life of the weights [years]: the most recent difference weighs most.
    observed : numpy.ndarray of bool, optional
        Which points of ``x`` were observed (the others interpolated). A straight line
        through a gap moves ``k`` times less per year than the figures did over the ``k``
        years, so interpolated years would shrink the scale; instead each change between
        consecutive observed points counts in full, as one year's change, and the weights
        go by observation (the latest change weighs most); the result is widened by
        ``sqrt(1 + m / n)`` for ``m`` interpolated points of ``n`` (less information). A
        gap never narrows an interval: figures ``k`` years apart get a wider scale than
        the same figures one year apart. (Counting ``|change| / sqrt(k)``, the yearly
        change of a random walk, gave ten figures five years apart intervals narrower
        than the same figures in consecutive years.)

    Examples
    --------
    >>> series_scale(np.array([1.0, 2.0, 4.0]), half_life=1.0)   # (1 * 0.5 + 2 * 1) / 1.5
    1.6666666666666667
    >>> x = np.array([0.0, 1, 2, 3, 4])                          # 0 and 4 observed
    >>> series_scale(x, observed=np.array([1, 0, 0, 0, 1], bool))    # 4 * sqrt(1 + 3 / 5)
    5.059644256269407
    """
    if observed is not None and not np.all(observed):
        t = np.flatnonzero(np.asarray(observed, bool))
        v = np.asarray(x, dtype=float)[t]
        if t.size < 2:
            return 0.0
        d = np.abs(np.diff(v))
        keep = np.isfinite(d)
        w = 0.5 ** (np.arange(d.size)[::-1] / float(half_life))  # by observation
        if not keep.any():
            return 0.0
        span = t[-1] - t[0] + 1
        widen = np.sqrt(1.0 + (span - t.size) / span)  # less information, wider
        return float(widen * np.sum(w[keep] * d[keep]) / np.sum(w[keep]))
    d = np.abs(np.diff(np.asarray(x, dtype=float)))
    d = d[np.isfinite(d)]
    if not d.size:
        return 0.0
    w = 0.5 ** (np.arange(d.size)[::-1] / float(half_life))
    return float(np.sum(w * d) / np.sum(w))


def _conformal_quantile(values: np.ndarray, p: float) -> float:
    """One-sided split-conformal quantile of ``m`` scores: the ``ceil((m+1)p)``-th smallest for
    an upper bound (``p > 0.5``), the ``floor((m+1)p)``-th smallest for a lower bound."""
    m = values.size
    v = np.sort(values)
    if p >= 0.5:
        k = int(np.ceil((m + 1) * p))
        return float(v[min(k, m) - 1])
    k = int(np.floor((m + 1) * p))
    return float(v[max(k, 1) - 1])


def _abs_quantile(values: np.ndarray, level: float) -> float:
    """Split-conformal bound on absolute errors: the ceil((m+1) level)-th smallest of m."""
    v = np.sort(values)
    k = int(np.ceil((v.size + 1) * level))
    return float(v[min(max(k, 1), v.size) - 1])


def _tidy(q: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Median at the point forecast, lower quantiles <= 0 <= upper ones, widths that never
    shrink with the horizon, quantiles ordered in p."""
    q = q.copy()
    hi = probs > 0.5
    lo = probs < 0.5
    q[:, probs == 0.5] = 0.0
    q[:, hi] = np.maximum(q[:, hi], 0.0)
    q[:, lo] = np.minimum(q[:, lo], 0.0)
    q[:, hi] = np.maximum.accumulate(q[:, hi], axis=0)
    q[:, lo] = np.minimum.accumulate(q[:, lo], axis=0)
    return np.maximum.accumulate(q, axis=1)


def t_table(errors: np.ndarray, probs: np.ndarray, horizon: int) -> CalibrationTable:
    """Student-t quantiles of scaled errors growing like sqrt(h), from few pooled errors.

    ``errors`` is ``(..., horizon)``; NaN marks errors not observed. The spread is estimated
    from all pooled errors and the t quantile with as many degrees of freedom as errors makes
    the interval wider the fewer errors there are.
    """
    from scipy import stats

    e = np.asarray(errors, dtype=float).reshape(-1, horizon)
    h = np.arange(1, horizon + 1)
    norm = e / np.sqrt(h)[None, :]
    vals = norm[np.isfinite(norm)]
    counts = np.isfinite(e).sum(axis=0)
    if vals.size == 0:
        q = np.full((horizon, len(probs)), np.nan)
        return CalibrationTable(q, probs, "none", counts)
    sigma = float(np.sqrt(np.mean(vals**2)))
    centre = float(np.median(vals)) if vals.size >= 5 else 0.0
    df = max(vals.size - 1, 1)
    tq = stats.t.ppf(probs, df)
    q = (centre + sigma * tq)[None, :] * np.sqrt(h)[:, None]
    return CalibrationTable(q, np.asarray(probs, float), "student-t", counts)


def _quantile_rows(
    e: np.ndarray, probs: np.ndarray, min_pooled: int, symmetric: bool
) -> np.ndarray:
    horizon = e.shape[-1]
    e = e.reshape(-1, horizon)
    counts = np.isfinite(e).sum(axis=0)
    q = np.full((horizon, len(probs)), np.nan)
    last_ok = -1
    for h in range(horizon):
        if counts[h] >= min_pooled:
            vals = e[np.isfinite(e[:, h]), h]
            if symmetric:
                a = np.abs(vals)
                q[h] = [
                    np.sign(p - 0.5) * _abs_quantile(a, abs(2 * p - 1)) if p != 0.5 else 0.0
                    for p in probs
                ]
            else:
                q[h] = [_conformal_quantile(vals, p) if p != 0.5 else 0.0 for p in probs]
            last_ok = h
        elif last_ok >= 0:
            q[h] = q[last_ok] * np.sqrt((h + 1) / (last_ok + 1))
    return _tidy(q, probs)


def conformal_table(
    errors: np.ndarray,
    probs: np.ndarray,
    min_pooled: int = MIN_POOLED,
    symmetric: bool = False,
    log_errors: np.ndarray | None = None,
) -> CalibrationTable:
    """Pooled split-conformal quantiles of scaled errors, horizon by horizon.

    Parameters
    ----------
    errors : array (..., horizon)
        Additive scores (actual minus forecast, in scale units); NaN where absent.
    probs : array of float
        Probabilities of the wanted quantiles (e.g. 0.025, 0.1, 0.5, 0.9, 0.975).
    min_pooled : int
        Fewest errors at a horizon for empirical quantiles there; a horizon with fewer is
        extrapolated from the last horizon that has enough, by ``sqrt(h)``; if none has
        enough, the Student-t approximation of :func:`t_table` is returned.
    symmetric : bool
        Quantiles of absolute errors, symmetric about the point forecast. The default,
        signed one-sided quantiles, gives each tail its nominal miss rate; it had lower MSIS
        and coverage closer to nominal in rolling-origin validation inside the training
        parts of M3 yearly (ten origins: 80 % / 95 % coverage 0.80 / 0.95, MSIS 21.0,
        against 0.79 / 0.94 and 22.0 for symmetric quantiles).
    log_errors : array (..., horizon), optional
        Multiplicative scores of the positive series (see :func:`rolling_origin_scores`);
        their quantiles become ``q_log`` (used for the lower bounds of positive series).

    Returns
    -------
    CalibrationTable
        ``q[h, p]``: the median is the point forecast (0), lower quantiles are <= 0 <= upper
        ones, quantiles are non-decreasing in ``p``, and widths do not shrink as the
        horizon grows.
    """
    probs = np.asarray(probs, dtype=float)
    horizon = errors.shape[-1]
    e = np.asarray(errors, dtype=float).reshape(-1, horizon)
    counts = np.isfinite(e).sum(axis=0)
    if counts[0] < min_pooled:
        return t_table(errors, probs, horizon)
    q = _quantile_rows(e, probs, min_pooled, symmetric)
    q_log = None
    if log_errors is not None:
        el = np.asarray(log_errors, dtype=float).reshape(-1, horizon)
        if np.isfinite(el[:, 0]).sum() >= min_pooled:
            q_log = _quantile_rows(el, probs, min_pooled, symmetric)
    return CalibrationTable(q, probs, "conformal", counts, q_log=q_log)


REFERENCES = ("generic", "drug")
"""Shipped reference tables: ``"generic"`` (M3 yearly, :mod:`._reference`) and ``"drug"``
(world drug-seizure series and M3, :mod:`._reference_drug`)."""


def reference_table(probs: np.ndarray, horizon: int, kind: str = "generic") -> CalibrationTable:
    """The shipped reference table of the ``auto`` model at ``probs``, for ``horizon`` steps.

    ``kind="drug"`` gives the table made from the world drug-seizure series (training parts
    of the panel of ``benchmarks/domain.py``) pooled with M3, used for the drug indicators
    of a Dataset; ``"generic"`` (the default) the M3 table described below.

    Quantiles of the additive and multiplicative scores of the ``auto`` median
    combination's rolling-origin errors inside the training parts of the 645 M3 yearly
    series (horizons 1 to :data:`._reference.HORIZON`; see :mod:`._reference` for the
    provenance and ``benchmarks/reference_table.py`` for the script). Quantiles at other
    probabilities are interpolated linearly between the stored ones (0.005 to 0.995, so
    levels up to 99 %; beyond, the outermost stored quantile is used); horizons beyond the
    stored ones grow linearly with the horizon from the last stored one.

    Examples
    --------
    >>> tab = reference_table(np.array([0.1, 0.5, 0.9]), horizon=12)
    >>> tab.method, tab.shape, bool(tab.q[11, 2] > tab.q[0, 2] > 0)
    ('reference', (12, 3), True)
    """
    if kind not in REFERENCES:
        raise ValueError(f"reference must be one of {REFERENCES}, not {kind!r}")
    if kind == "drug":
        from . import _reference_drug as ref
    else:
        from . import _reference as ref

    def rows(text: str) -> np.ndarray:
        return np.array([block.split() for block in text.strip().split("\n\n")], dtype=float)

    return grid_table(
        np.array(ref.PROBS.split(), dtype=float),
        rows(ref.RAW),
        rows(ref.LOG),
        np.array(ref.N_ERRORS.split(), dtype=float),
        probs,
        horizon,
        ref.SOURCE,
    )


def grid_table(
    grid: np.ndarray,
    raw: np.ndarray,
    log: np.ndarray,
    n_errors: np.ndarray,
    probs: np.ndarray,
    horizon: int,
    source: str = "",
) -> CalibrationTable:
    """A ``"reference"`` table at ``probs`` from quantiles stored on a probability grid.

    ``raw`` and ``log`` are ``(stored horizons, grid)`` quantiles of the additive and
    multiplicative scores (as in :mod:`._reference`); interpolation and extrapolation as
    described in :func:`reference_table`.
    """
    probs = np.asarray(probs, dtype=float)
    grid = np.asarray(grid, dtype=float)

    def rows(t: np.ndarray) -> np.ndarray:
        out = np.empty((horizon, probs.size))
        for h in range(horizon):
            row = t[min(h, t.shape[0] - 1)]
            v = np.interp(np.clip(probs, grid[0], grid[-1]), grid, row)
            if h >= t.shape[0]:
                v = v * (h + 1) / t.shape[0]
            out[h] = v
        return _tidy(out, probs)

    n = np.asarray(n_errors, dtype=float)
    counts = np.array([n[min(h, n.size - 1)] for h in range(horizon)])
    return CalibrationTable(
        rows(np.asarray(raw, dtype=float)),
        probs,
        "reference",
        counts,
        q_log=rows(np.asarray(log, dtype=float)),
        source=source,
    )


def apply_table(
    y: np.ndarray,
    point: np.ndarray,
    table: CalibrationTable,
    observed: np.ndarray | None = None,
) -> np.ndarray:
    """Forecast quantiles ``(horizon, n_probs)`` of one clean series from a table.

    Upper quantiles are ``point + s * q``; lower quantiles of a positive series with a
    positive point forecast are ``point * exp(s_log * q_log)`` (the multiplicative score),
    otherwise ``point + s * q``; ``s`` and ``s_log`` are :func:`series_scale` of the values
    and of their logarithms (from the ``observed`` points only, when gaps were
    interpolated).
    """
    y = np.asarray(y, dtype=float)
    point = np.asarray(point, dtype=float)
    s = series_scale(y, observed=observed)
    with np.errstate(invalid="ignore", over="ignore"):
        q = point[:, None] + s * table.q
    if table.q_log is not None and np.all(y > 0):
        lo = table.probs < 0.5
        s_log = series_scale(np.log(y), observed=observed)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            mult = point[:, None] * np.exp(np.minimum(s_log * table.q_log[:, lo], LOG_MAX))
        ok = point > 0
        q[np.ix_(ok, lo)] = mult[ok]
    return q


def rolling_origin_scores(
    series: Sequence[np.ndarray],
    point_fn: Callable[[list[np.ndarray], int], np.ndarray],
    horizon: int,
    origins: int,
    min_train: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Additive and multiplicative scores of rolling-origin forecasts inside each series.

    Parameters
    ----------
    series : sequence of clean 1-D arrays (finite, no gaps)
    point_fn : callable
        ``point_fn(list_of_series, horizon) -> (n, horizon)`` point forecasts on the
        original scale (a batch function: all truncated series are passed in one call).
    horizon : int
    origins : int
        Number of origins ``K``: the series is cut 1, 2, ..., K points before its end.
    min_train : int
        Shortest truncated series that is refitted.

    Returns
    -------
    raw, log : numpy.ndarray
        ``(n_series, origins, horizon)`` scores ``(y - f) / s`` and, for positive series
        with positive forecasts, ``(log y - log f) / s_log`` (``s``, ``s_log``: the
        :func:`series_scale` of the truncated series and of its logarithm). NaN where there
        is no actual value (``h > k``), the cut series is too short, or a scale is zero.
    """
    jobs, train = origin_jobs(series, origins, min_train)
    if not jobs:
        return _empty_scores(len(series), origins, horizon)
    points = np.asarray(point_fn(train, horizon), dtype=float)
    return scores_from_points(series, jobs, train, points, horizon, origins)


def _empty_scores(n: int, origins: int, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full((n, origins, horizon), np.nan), np.full((n, origins, horizon), np.nan)


def origin_jobs(
    series: Sequence[np.ndarray], origins: int, min_train: int
) -> tuple[list[tuple[int, int]], list[np.ndarray]]:
    """The rolling-origin refits of :func:`rolling_origin_scores`: ``(series index, k)``
    pairs and the truncated series (the first ``len(y) - k`` points) to refit."""
    jobs: list[tuple[int, int]] = []
    train: list[np.ndarray] = []
    for i, y in enumerate(series):
        for k in range(1, origins + 1):
            if len(y) - k >= min_train:
                jobs.append((i, k))
                train.append(y[: len(y) - k])
    return jobs, train


def job_scales(
    series: Sequence[np.ndarray], jobs: Sequence[tuple[int, int]], train: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`series_scale` of each truncated series and of its logarithm (NaN where the
    series is not positive throughout)."""
    s = np.array([series_scale(tr) for tr in train])
    s_log = np.full(len(train), np.nan)
    positive = [bool(np.all(y > 0)) for y in series]
    for j, ((i, _), tr) in enumerate(zip(jobs, train, strict=True)):
        if positive[i]:
            s_log[j] = series_scale(np.log(tr))
    return s, s_log


def scores_from_points(
    series: Sequence[np.ndarray],
    jobs: Sequence[tuple[int, int]],
    train: Sequence[np.ndarray],
    points: np.ndarray,
    horizon: int,
    origins: int,
    scales: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The scores of :func:`rolling_origin_scores` from the refits' point forecasts
    ``points`` (one row per job of :func:`origin_jobs`); ``scales`` from
    :func:`job_scales` when several models are scored on the same jobs."""
    raw, log = _empty_scores(len(series), origins, horizon)
    s_all, s_log_all = scales if scales is not None else job_scales(series, jobs, train)
    for j, ((i, k), f) in enumerate(zip(jobs, points, strict=True)):
        y = series[i]
        m = min(k, horizon)
        actual = y[len(y) - k : len(y) - k + m]
        s = s_all[j]
        if s > 0:
            raw[i, k - 1, :m] = (actual - f[:m]) / s
        s_log = s_log_all[j]
        if s_log > 0:  # NaN (not positive) compares False
            with np.errstate(invalid="ignore", divide="ignore"):
                e = (np.log(actual) - np.log(f[:m])) / s_log
            log[i, k - 1, :m] = np.where(f[:m] > 0, e, np.nan)
    return raw, log


def rolling_origin_errors(
    series: Sequence[np.ndarray],
    point_fn: Callable[[list[np.ndarray], int], np.ndarray],
    horizon: int,
    origins: int,
    min_train: int,
) -> np.ndarray:
    """The additive scores of :func:`rolling_origin_scores`, ``(n_series, origins, horizon)``.

    Examples
    --------
    >>> y = np.arange(1.0, 11.0)
    >>> e = rolling_origin_errors([y], lambda s, h: np.array([x[-1] + np.arange(1, h + 1)
    ...                           for x in s]), horizon=2, origins=2, min_train=5)
    >>> e.shape, bool(np.allclose(e[np.isfinite(e)], 0))
    ((1, 2, 2), True)
    """
    return rolling_origin_scores(series, point_fn, horizon, origins, min_train)[0]


def prefix_scales(Y: np.ndarray, cuts: int, half_life: float = SCALE_HALF_LIFE) -> np.ndarray:
    """:func:`series_scale` of each right-aligned row of ``Y`` without its last ``k`` points.

    Parameters
    ----------
    Y : numpy.ndarray
        ``(n, T)`` right-aligned clean series (leading NaN pad the shorter ones).
    cuts : int
    half_life : float

    Returns
    -------
    numpy.ndarray
        ``(cuts + 1, n)``; 0 where fewer than two points are left.

    Examples
    --------
    >>> s = prefix_scales(np.array([[1.0, 2.0, 4.0]]), cuts=1, half_life=1.0)
    >>> s[:, 0].round(6).tolist()      # as series_scale([1, 2, 4]) and series_scale([1, 2])
    [1.666667, 1.0]
    """
    from ._kernels import row_sums

    n, T = Y.shape
    out = np.zeros((cuts + 1, n))
    if T < 2:
        return out
    D = np.abs(np.diff(Y, axis=1))
    ok = np.isfinite(D)
    D = np.where(ok, D, 0.0)
    for k in range(min(cuts + 1, T - 1)):
        m = T - 1 - k
        w = 0.5 ** (np.arange(m)[::-1] / float(half_life))
        wk = ok[:, :m] * w[None, :]
        den = row_sums(wk)  # sequential sums: a row's bits do not depend on the width
        with np.errstate(invalid="ignore"):
            out[k] = np.where(den > 0, row_sums(wk * D[:, :m]) / np.where(den > 0, den, 1), 0.0)
    return out


def cut_scores(
    series: Sequence[np.ndarray],
    points: np.ndarray,
    horizon: int,
    origins: int,
    min_train: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The scores of :func:`rolling_origin_scores` from forecasts at every cut.

    ``points`` is ``(cuts + 1, n_series, horizon)`` with ``cuts >= origins``: index ``k``
    forecasts each series without its last ``k`` points (as
    :func:`drugtrends.models.batch.member_forecasts` gives with ``cuts=``). A cut that
    leaves fewer than ``min_train`` points is not scored (NaN), as there.
    """
    from .batch import align

    n = len(series)
    raw, log = _empty_scores(n, origins, horizon)
    if n == 0:
        return raw, log
    Y = align(list(series))
    T = Y.shape[1]
    lengths = np.array([len(y) for y in series])
    positive = np.array([bool(np.all(y > 0)) for y in series])
    s = prefix_scales(Y, origins)
    with np.errstate(divide="ignore", invalid="ignore"):
        s_log = prefix_scales(np.where(positive[:, None], np.log(Y), np.nan), origins)
    for k in range(1, origins + 1):
        m = min(k, horizon)
        if T - k < 0:
            break
        use = lengths - k >= min_train
        actual = Y[:, T - k : T - k + m]
        f = points[k, :, :m]
        sk = s[k][:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = (actual - f) / sk
            raw[:, k - 1, :m] = np.where(use[:, None] & (sk > 0), r, np.nan)
            sl = s_log[k][:, None]
            e = (np.log(actual) - np.log(f)) / sl
            good = use[:, None] & positive[:, None] & (sl > 0) & (f > 0)
            log[:, k - 1, :m] = np.where(good, e, np.nan)
    return raw, log
