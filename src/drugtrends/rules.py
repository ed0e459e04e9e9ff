"""Rules that more than one module applies, declared once.

Every module that asks "is this figure a full year?" or "which quantiles make an 80 %
interval?" asks here, so that forecast, trend, plot, report and the CLI cannot disagree.

The full-year rule
------------------
A figure of a *flow* indicator (seizures, crimes: counted over a period) is a full-year
figure when it covers at least :data:`FULL_YEAR_MONTHS` months. A flow figure whose
months are unknown (the source gives a start but no cut-off, "so far this year") is **not**
a full year: it is reported as partial with unknown coverage, never silently used as a
year. Stocks (registered users at a date), prices and ratios have no coverage, so every
such figure counts as a full-year observation.

The interval convention
-----------------------
Interval levels are given in percent across the API (``levels=(80, 95)``). A level ``L``
is the central interval between the quantiles ``(100 - L) / 200`` and ``(100 + L) / 200``.

Examples
--------
>>> import numpy as np
>>> full_year_mask(np.array([12.0, 9.0, np.nan]), kind="flow").tolist()
[True, False, False]
>>> full_year_mask(np.array([12.0, 9.0, np.nan]), kind="stock").tolist()
[True, True, True]
>>> level_quantiles(80)
(0.1, 0.9)
>>> interval_quantiles((80, 95))
(0.025, 0.1, 0.5, 0.9, 0.975)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = [
    "FULL_YEAR_MONTHS",
    "full_year_mask",
    "interval_quantiles",
    "is_full_year",
    "level_fraction",
    "level_positions",
    "level_quantiles",
    "partial_year_mask",
    "unknown_months_mask",
]

FULL_YEAR_MONTHS = 12
"""Months a flow figure must cover to count as a full-year figure."""


def _months(months: object) -> np.ndarray:
    return np.asarray(months, dtype=float)


def full_year_mask(months: object, kind: str | None = "flow") -> np.ndarray:
    """Which figures count as full-year observations.

    Parameters
    ----------
    months : array-like
        Months each figure covers; NaN where the source does not say.
    kind : str, optional
        The indicator's kind (``flow``, ``stock``, ``price``, ``ratio``). Only flows have
        partial years; ``None`` is read as ``flow``.

    Returns
    -------
    numpy.ndarray of bool
        Same shape as ``months``.

    Examples
    --------
    >>> full_year_mask([12, 6]).tolist()
    [True, False]
    """
    m = _months(months)
    if kind not in (None, "flow"):
        return np.ones(m.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.isfinite(m) & (m >= FULL_YEAR_MONTHS)


def partial_year_mask(months: object, kind: str | None = "flow") -> np.ndarray:
    """Flow figures that cover a known part of a year (finite months below 12).

    Examples
    --------
    >>> partial_year_mask([12, 9, float("nan")]).tolist()
    [False, True, False]
    """
    m = _months(months)
    if kind not in (None, "flow"):
        return np.zeros(m.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.isfinite(m) & (m < FULL_YEAR_MONTHS)


def unknown_months_mask(months: object, kind: str | None = "flow") -> np.ndarray:
    """Flow figures whose coverage the source does not state.

    Examples
    --------
    >>> unknown_months_mask([12, float("nan")]).tolist()
    [False, True]
    """
    m = _months(months)
    if kind not in (None, "flow"):
        return np.zeros(m.shape, dtype=bool)
    return ~np.isfinite(m)


def is_full_year(months: float | None, kind: str | None = "flow") -> bool:
    """Scalar form of :func:`full_year_mask`.

    Examples
    --------
    >>> is_full_year(12), is_full_year(None), is_full_year(None, kind="price")
    (True, False, True)
    """
    return bool(full_year_mask(np.nan if months is None else months, kind))


def level_quantiles(level: float) -> tuple[float, float]:
    """Lower and upper quantile of a central interval at ``level`` percent.

    Raises
    ------
    ValueError
        When ``level`` is not strictly between 0 and 100 (a fraction such as 0.95 is
        refused with a hint, since the API takes percent).

    Examples
    --------
    >>> level_quantiles(95)
    (0.025, 0.975)
    """
    lv = float(level)
    if not 0 < lv < 100:
        raise ValueError(f"interval level {level!r} must be in percent, between 0 and 100")
    if lv < 1:
        raise ValueError(
            f"interval level {level!r} looks like a fraction; levels are in percent (e.g. 95)"
        )
    return round((100 - lv) / 200, 10), round((100 + lv) / 200, 10)


def level_fraction(level: float) -> float:
    """A confidence level as a fraction: 0.95 stays, 95 (percent, as
    the API takes it) becomes 0.95.

    Examples
    --------
    >>> level_fraction(0.8), level_fraction(95)
    (0.8, 0.95)
    """
    lv = float(level)
    if 0 < lv < 1:
        lv *= 100
    lo, hi = level_quantiles(lv)  # refuses levels outside (0, 100)
    return round(hi - lo, 10)


def level_positions(probs: object, level: float) -> tuple[int, int]:
    """Positions in ``probs`` of the lower and upper quantile of the ``level`` % interval.

    Raises
    ------
    KeyError
        When ``probs`` does not hold both quantiles (the level was not requested).

    Examples
    --------
    >>> level_positions([0.025, 0.1, 0.5, 0.9, 0.975], 80)
    (1, 3)
    """
    p = np.asarray(probs, dtype=float)
    lo, hi = level_quantiles(level)
    i, j = int(np.argmin(np.abs(p - lo))), int(np.argmin(np.abs(p - hi)))
    if abs(p[i] - lo) > 1e-9 or abs(p[j] - hi) > 1e-9:
        raise KeyError(f"level {level} was not requested")
    return i, j


def interval_quantiles(levels: Iterable[float]) -> tuple[float, ...]:
    """The sorted quantiles, median included, that the intervals at ``levels`` need.

    Duplicate levels (also up to rounding) are merged.

    Examples
    --------
    >>> interval_quantiles([95, 80, 80.0000000000001])
    (0.025, 0.1, 0.5, 0.9, 0.975)
    """
    qs = {0.5}
    for lv in levels:
        qs.update(level_quantiles(lv))
    return tuple(sorted(qs))
