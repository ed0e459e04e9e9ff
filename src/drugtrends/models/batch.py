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

Two refinements were measured (``benchmarks/select_auto.py``) and are available but off
in ``auto``: per series, :func:`shrink_select` halves the forecast change when that did
clearly better at the series' own earlier origins; and on a panel large enough to choose,
a blend of simple exponential smoothing on the log scale into the median
(:class:`~drugtrends.models.simple.Fast` ``shrink`` and ``ses_share``). Both helped every
set inside the training parts, and lost on the M3 test years (see
:data:`drugtrends.models.engine.AUTO_SES_SHARES`).

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
    "past_errors",
    "shrink_select",
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

SES_MEMBER: Member = ("ses", "log")
"""The level-only member that ``auto``'s blends mix into the median (see :class:`Fast`)."""

SHRINK_FACTOR = 0.5
"""The damped alternative of :func:`shrink_select`: the last value plus this fraction of
the combination's forecast change."""
SHRINK_MARGIN = 0.1
"""The damped forecast replaces the combination's for a series only if its in-series past
error is lower by at least this fraction."""
SHRINK_PAST = 6
"""Earlier origins of a series whose errors :func:`shrink_select` compares."""

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


def past_errors(points: np.ndarray, series: Sequence[np.ndarray], past: int = SHRINK_PAST):
    """In-series errors of forecasts made before each cut, on the points before the cut.

    Parameters
    ----------
    points : numpy.ndarray
        ``(C, cuts + 1, n, horizon)`` forecasts of ``C`` candidates at every cut (index
        ``k``: without each series' last ``k`` points).
    series : sequence of 1-D arrays
        The ``n`` clean series.
    past : int
        Earlier cuts used: at cut ``c``, the forecasts of cuts ``c + 1 .. c + past``, each
        scored on the points it forecast that lie before cut ``c``.

    Returns
    -------
    numpy.ndarray
        ``(cuts + 1, C, n)`` mean absolute error scaled by the mean absolute first
        difference of the part before each earlier cut (NaN where none).

    Examples
    --------
    >>> y = np.arange(1.0, 9.0)
    >>> f = member_forecasts([y], 2, [("naive", "raw")], cuts=3)[("naive", "raw")]
    >>> past_errors(f[None], [y], past=2)[0, 0].round(3).tolist()   # cut 0: errors 1, 1, 2
    [1.333]
    """
    C, K1, n, H = points.shape
    out = np.full((K1, C, n), np.nan)
    if n == 0:
        return out
    Y = align(list(series))
    T = Y.shape[1]
    D = np.abs(np.diff(Y, axis=1))
    # scale of the part before cut cc: mean absolute difference (sequential sums)
    scale = np.full((K1, n), np.nan)
    for cc in range(K1):
        m = T - cc - 1
        if m > 0:
            cnt = (~np.isnan(D[:, :m])).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                scale[cc] = np.where(cnt > 0, _kernels.row_sums(D[:, :m]) / cnt, np.nan)
    for c in range(K1):
        tot = np.zeros((C, n))
        cnt = np.zeros(n)
        for cc in range(c + 1, min(c + past, K1 - 1) + 1):
            m = min(cc - c, H)
            a = Y[:, T - cc : T - cc + m]
            with np.errstate(invalid="ignore", divide="ignore"):
                e = np.abs(a[None] - points[:, cc, :, :m]) / scale[cc][None, :, None]
            good = np.all(np.isfinite(e), axis=(0, 2))
            tot[:, good] += e[:, good].sum(axis=2)
            cnt[good] += m
        with np.errstate(invalid="ignore"):
            out[c] = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)
    return out


def shrink_select(
    points: np.ndarray,
    series: Sequence[np.ndarray],
    factor: float = SHRINK_FACTOR,
    margin: float = SHRINK_MARGIN,
    past: int = SHRINK_PAST,
) -> np.ndarray:
    """Per series and cut: the forecasts, or their damped version if it did better before.

    The damped version is the last value plus ``factor`` times the forecast change. It
    replaces a series' forecast at a cut when its mean absolute scaled error at the
    ``past`` earlier cuts of the same series (:func:`past_errors`: only points before the
    cut) is lower by at least ``margin``. Chosen by rolling origins inside the training
    parts of M3 yearly and of the world drug-seizure panels (``benchmarks/select_auto.py``).

    Parameters
    ----------
    points : numpy.ndarray
        ``(cuts + 1, n, horizon)`` forecasts at every cut.
    series : sequence of 1-D arrays
        The ``n`` clean series.

    Returns
    -------
    numpy.ndarray
        ``(cuts + 1, n, horizon)``; the last ``past`` cuts have fewer (or no) earlier cuts
        to learn from and keep the forecasts unless those few say otherwise.

    Examples
    --------
    >>> y = np.array([10.0, 14, 9, 15, 8, 14, 9, 15, 10, 14])   # jumps, no trend
    >>> f = member_forecasts([y], 3, [("drift", "raw")], cuts=6)[("drift", "raw")]
    >>> bool(np.all(np.abs(shrink_select(f, [y])[0] - y[-1]) <= np.abs(f[0] - y[-1])))
    True
    """
    K1, n, _ = points.shape
    if n == 0:
        return points
    Y = align(list(series))
    last = np.stack([Y[:, Y.shape[1] - 1 - c] if c < Y.shape[1] else Y[:, 0] for c in range(K1)])
    damped = last[..., None] + factor * (points - last[..., None])
    err = past_errors(np.stack([points, damped]), series, past)  # (K1, 2, n)
    use = err[:, 1] < (1 - margin) * err[:, 0]
    return np.where(use[..., None], damped, points)
