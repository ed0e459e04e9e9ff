"""The fast path: point forecasts for many series at once with vectorized NumPy kernels.

:func:`batch_point_forecasts` is a pure function of a list of clean series (finite, no
gaps, at least two points) that returns their point forecasts; it can be applied to any
chunk of a panel independently, which is the hook for running a panel on several workers
(``dask.distributed`` or a process pool): split the list, map, concatenate.

A *member* is a kernel of :mod:`._kernels` fitted on one scale: ``"log"`` (for series that
are positive throughout; others fall back to ``"raw"``) or ``"raw"``. Before fitting, each
row is centred on its last value and divided by its mean absolute first difference, so
one grid of smoothing parameters suits every series and huge values cannot overflow.

The default combination, :data:`AUTO_MEMBERS`, is the median of damped-trend exponential
smoothing and the dynamic optimised Theta model, each on the log and the raw scale, the
standard Theta method on the log scale and the random walk with drift. Medians of diverse
members are robust to one member's bad extrapolation (Petropoulos and Svetunkov, 2020,
"A simple combination of univariate models"). The pool was chosen by rolling-origin
validation on the training part of M3 yearly (the last six training years held out), never
on the test years.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.batch import batch_point_forecasts
>>> ys = [np.array([10.0, 12, 13, 15, 16, 18, 21]), np.array([5.0, 4, 4, 3, 3, 2])]
>>> batch_point_forecasts(ys, horizon=2).shape
(2, 2)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import _kernels
from .base import LOG_MAX

__all__ = [
    "AUTO_MEMBERS",
    "MEMBER_NAMES",
    "align",
    "batch_point_forecasts",
    "combine_members",
    "member_forecasts",
]

Member = tuple[str, str]

AUTO_MEMBERS: tuple[Member, ...] = (
    ("dotm", "log"),
    ("dotm", "raw"),
    ("damped", "log"),
    ("damped", "raw"),
    ("theta", "log"),
    ("drift", "raw"),
)
"""Members of the default (``auto``) combination: (kernel, scale)."""

MEMBER_NAMES = tuple(_kernels.KERNELS)

_CHUNK = 200
"""Rows per kernel call. It bounds the memory of the grid arrays and keeps their
temporaries (a few MB) inside a core's cache: with 1,500 rows two worker processes on two
cores reached only 1.67x the speed of one (shared cache and memory bandwidth); with 200
they reach 1.96x, and one process runs about 16 % faster. Results do not depend on it."""


def align(series: Sequence[np.ndarray]) -> np.ndarray:
    """Right-align series of different lengths in a NaN-padded ``(n, max_len)`` array."""
    T = max((len(s) for s in series), default=0)
    out = np.full((len(series), max(T, 1)), np.nan)
    for i, s in enumerate(series):
        if len(s):
            out[i, T - len(s) :] = s
    return out


def _standardize(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    centre = X[:, -1].copy()
    with np.errstate(invalid="ignore", over="ignore"):
        D = np.abs(np.diff(X, axis=1))
        cnt = (~np.isnan(D)).sum(axis=1)
        scale = np.where(cnt > 0, _kernels.row_sums(D) / np.maximum(cnt, 1), np.nan)
    bad = ~np.isfinite(scale) | (scale <= 0)
    scale[bad] = np.maximum(np.abs(centre[bad]), 1.0)
    return (X - centre[:, None]) / scale[:, None], centre, scale


def member_forecasts(
    series: Sequence[np.ndarray],
    horizon: int,
    members: Sequence[Member] = AUTO_MEMBERS,
    cuts: int | None = None,
) -> dict[Member, np.ndarray]:
    """Point forecasts of each member for each series, on the original scale.

    Parameters
    ----------
    series : sequence of 1-D float arrays
        Clean series: finite values, no gaps, at least two points each.
    horizon : int
        Number of steps ahead.
    members : sequence of (kernel, scale)
        Kernels from :data:`MEMBER_NAMES`; scale ``"log"`` or ``"raw"``.
    cuts : int, optional
        Also forecast every series without its last ``1 .. cuts`` points (the rolling
        origins of calibration), in the same pass over the data: the results are those of
        separate calls on the truncated series, up to rounding (each cut is centred on its
        own last value, as a separate call would centre it).

    Returns
    -------
    dict
        ``{member: array (n_series, horizon)}``, or ``(cuts + 1, n_series, horizon)``
        with ``cuts`` (index ``k``: without the last ``k`` points; NaN where nothing is
        left).

    Examples
    --------
    >>> y = np.arange(1.0, 9.0)
    >>> f = member_forecasts([y], 2, [("drift", "raw")], cuts=2)[("drift", "raw")]
    >>> f[:, 0].round(6).tolist()        # 8 points, then 7, then 6
    [[9.0, 10.0], [8.0, 9.0], [7.0, 8.0]]
    """
    Y = align(series)
    n = len(series)
    K = int(cuts or 0)
    positive = np.all(np.isnan(Y) | (Y > 0), axis=1)
    # kernels run on rows of similar length (a row's results do not depend on the others)
    lengths = np.array([len(y) for y in series], dtype=int)
    order = np.argsort(lengths, kind="stable")
    out: dict[Member, np.ndarray] = {}
    scales = {s for _, s in members}
    prepared = {}
    for s in scales:
        if s == "log":
            with np.errstate(invalid="ignore", divide="ignore"):
                X = np.where(positive[:, None], np.log(Y), Y)
        elif s == "raw":
            X = Y
        else:
            raise ValueError(f"unknown scale {s!r} (use 'log' or 'raw')")
        prepared[s] = _standardize(X)
    for kernel, s in members:
        if kernel not in _kernels.KERNELS:
            raise ValueError(f"unknown member kernel {kernel!r}; known: {MEMBER_NAMES}")
        Z, centre, scale = prepared[s]
        f = np.empty((K + 1, n, horizon))
        for lo in range(0, n, _CHUNK):
            rows = order[lo : lo + _CHUNK]
            width = int(lengths[rows].max())
            f[:, rows] = _kernels.KERNELS[kernel](Z[rows, Z.shape[1] - width :], horizon, cuts=K)[0]
        x = f * scale[:, None] + centre[:, None]
        if s == "log":
            with np.errstate(over="ignore"):
                x = np.where(positive[:, None], np.exp(np.minimum(x, LOG_MAX)), x)
        out[(kernel, s)] = x if cuts is not None else x[0]
    return out


def batch_point_forecasts(
    series: Sequence[np.ndarray],
    horizon: int,
    members: Sequence[Member] = AUTO_MEMBERS,
    combine: str = "median",
) -> np.ndarray:
    """Combined point forecasts of many series at once.

    Parameters
    ----------
    series : sequence of 1-D float arrays
        Clean series: finite values, no gaps, at least two points each.
    horizon : int
        Number of steps ahead.
    members : sequence of (kernel, scale)
        The members to combine; one member means no combination.
    combine : {"median", "mean"}
        How member forecasts are combined, step by step.

    Returns
    -------
    numpy.ndarray
        ``(n_series, horizon)`` point forecasts on the original scale.

    Examples
    --------
    >>> import numpy as np
    >>> f = batch_point_forecasts([np.arange(1.0, 11.0)], 3, members=[("drift", "raw")])
    >>> np.round(f, 6).tolist()
    [[11.0, 12.0, 13.0]]
    """
    if not series:
        return np.empty((0, horizon))
    if combine not in ("median", "mean"):
        raise ValueError(f"combine must be 'median' or 'mean', not {combine!r}")
    fc = member_forecasts(series, horizon, members)
    return combine_members([fc[m] for m in dict.fromkeys(members)], combine)


def combine_members(forecasts: Sequence[np.ndarray], combine: str = "median") -> np.ndarray:
    """Step-by-step median (or mean) of member forecasts, each ``(n_series, horizon)``."""
    stack = np.stack(list(forecasts))
    if combine == "median":
        return np.median(stack, axis=0)
    if combine == "mean":
        return stack.mean(axis=0)
    raise ValueError(f"combine must be 'median' or 'mean', not {combine!r}")
