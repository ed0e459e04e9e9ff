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

A third, :func:`feature_weighted` (``Fast(weighting="features")``, off in ``auto``:
:data:`AUTO_WEIGHTING`), weighs the median per series with a trend-keeping median and with
SES by six scale-free features of the series (:func:`series_features`), with softmax
weights whose 14 coefficients were fitted once on rolling origins inside the training parts
of M3 yearly and world panel 1. Inside the training parts it helped every set (MASE -0.7 %
on M3, -0.9 to -1.0 % on the world panels, -0.1 % on the drug records at the latest two
origins, fitted on the earlier ones); on the test years (one run each) it traded sMAPE for
MASE: M3 sMAPE 15.579 -> 15.612, MASE 2.621 -> 2.613; world panel 1 78.2 -> 78.4 and 4.627
-> 4.608; panel 2 79.8 -> 80.3 and 3.442 -> 3.426. The weights do not carry over to a kind
of panel absent from the fit (fitted on the world panel alone, M3's MASE rises by 20 %).

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
    "feature_weighted",
    "feature_weights",
    "member_forecasts",
    "past_errors",
    "series_features",
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

AUTO_WEIGHTING = "median"
"""How :class:`~drugtrends.models.simple.Fast` combines its members by default:
``"median"`` (the step-by-step median) or ``"features"`` (:func:`feature_weighted`)."""

TREND_MEMBERS: tuple[Member, ...] = (
    ("dotm", "log"),
    ("dotm", "raw"),
    ("theta", "log"),
    ("drift", "raw"),
    ("drift", "log"),
)
"""The trend-keeping combination of :func:`feature_weighted`: the median of these members
(the default members without the damped trends, with the drift on the log scale added)."""

FEATURE_NAMES = ("log snr", "acf1", "log length", "sign changes", "log curvature", "log sd")
"""Features of :func:`series_features`, all scale-free (from the changes of the log values,
or of the values divided by their mean absolute value for a series not positive
throughout): the log of the trend's signal-to-noise ratio ``|mean| / sd`` of the changes
(plus 0.02), the lag-1 autocorrelation of the changes, the log of the series length, the
share of consecutive changes of opposite sign, the log of the curvature ``|mean change of
the changes| / sd`` (plus 0.02) and the log of the changes' standard deviation (plus
0.001)."""

FEATURE_CENTRE = np.array([-1.0513, -0.0915, 2.4966, 0.4016, -2.0873, -1.7145])
FEATURE_SPREAD = np.array([1.3569, 0.3246, 0.5622, 0.2587, 0.9091, 1.5938])
"""Mean and standard deviation of each feature over the fitting rows; features are
standardized with them and clipped to plus or minus :data:`FEATURE_CLIP`."""
FEATURE_CLIP = 3.0
FEATURE_COEF = np.array(
    [
        [0.45, -0.80, -0.44, -0.50, 0.25, 0.14, -0.71],
        [-0.44, 0.38, -0.25, -0.17, 0.47, 0.46, 1.26],
    ]
)
"""Coefficients (intercept, then one per standardized feature) of the logits of the
trend-keeping median (row 0) and of SES on the log scale (row 1) against the median of the
default members (logit 0); see :func:`feature_weights`."""

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


def series_features(
    series: Sequence[np.ndarray], cuts: int | None = None, standardize: bool = True
) -> np.ndarray:
    """Scale-free features of each series (:data:`FEATURE_NAMES`), standardized.

    Parameters
    ----------
    series : sequence of 1-D float arrays
        Clean series (finite, no gaps).
    cuts : int, optional
        Also the features of every series without its last ``1 .. cuts`` points.
    standardize : bool
        False: the raw features (for fitting :data:`FEATURE_CENTRE` and its kin).

    Returns
    -------
    numpy.ndarray
        ``(n, 6)``, or ``(cuts + 1, n, 6)`` with ``cuts``; standardized with
        :data:`FEATURE_CENTRE` and :data:`FEATURE_SPREAD` and clipped to
        plus or minus :data:`FEATURE_CLIP`; NaN where fewer than four points are left.

    Examples
    --------
    >>> f = series_features([np.array([10.0, 12, 13, 15, 16, 18, 21])])
    >>> f.shape, bool(f[0, 0] > 1)      # a steady trend: a high signal-to-noise ratio
    ((1, 6), True)
    """
    Y = align(series)
    n, T = Y.shape
    K = int(cuts or 0)
    out = np.full((K + 1, n, len(FEATURE_NAMES)), np.nan)
    if n == 0:
        return out if cuts is not None else out[0]
    positive = np.all(np.isnan(Y) | (Y > 0), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        G = np.where(positive[:, None], np.log(np.where(positive[:, None], Y, 1.0)), Y)
    for k in range(K + 1):
        if T - k < 4:
            continue
        X = G[:, : T - k]
        m = (~np.isnan(X)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            if not positive.all():  # rows not positive: values over their mean |value|
                scale = np.where(np.isnan(X), 0.0, np.abs(X)).sum(axis=1) / np.maximum(m, 1)
                X = np.where(positive[:, None], X, X / np.where(scale > 0, scale, 1.0)[:, None])
            D = np.diff(X, axis=1)
            ok = ~np.isnan(D)
            cnt = ok.sum(axis=1)
            mean = np.where(ok, D, 0.0).sum(axis=1) / np.maximum(cnt, 1)
            C = np.where(ok, D - mean[:, None], 0.0)
            den = np.sum(C * C, axis=1)
            sd = np.sqrt(den / np.maximum(cnt - 1, 1))
            snr = np.where(sd > 0, np.abs(mean) / sd, np.where(mean == 0, 0.0, 1e3))
            ac = np.where(den > 0, np.sum(C[:, 1:] * C[:, :-1], axis=1) / den, 0.0)
            ok_pair = ok[:, 1:] & ok[:, :-1]
            n_pair = ok_pair.sum(axis=1)
            flips = (np.sign(D[:, 1:]) != np.sign(D[:, :-1])) & ok_pair
            sign = np.where(n_pair > 0, flips.sum(axis=1) / np.maximum(n_pair, 1), 0.5)
            DD = np.where(ok_pair, np.diff(D, axis=1), 0.0)
            curv_num = np.abs(DD.sum(axis=1) / np.maximum(n_pair, 1))
            curv = np.where(sd > 0, curv_num / sd, 0.0)
            F = np.stack(
                [
                    np.log(snr + 0.02),
                    ac,
                    np.log(m.astype(float)),
                    sign,
                    np.log(curv + 0.02),
                    np.log(sd + 1e-3),
                ],
                axis=1,
            )
        if standardize:
            F = np.clip((F - FEATURE_CENTRE) / FEATURE_SPREAD, -FEATURE_CLIP, FEATURE_CLIP)
        F[m < 4] = np.nan
        out[k] = F
    return out if cuts is not None else out[0]


def feature_weights(features: np.ndarray, coef: np.ndarray = FEATURE_COEF) -> np.ndarray:
    """Softmax weights of (median, trend-keeping median, SES) from standardized features.

    The median's logit is 0; the others' are ``coef[:, 0] + features @ coef[:, 1:].T``. A
    row with a missing feature gets the median alone.

    Examples
    --------
    >>> w = feature_weights(np.zeros((1, 6)))
    >>> w.shape, bool(np.isclose(w.sum(), 1.0))
    ((1, 3), True)
    """
    F = np.asarray(features, float)
    logits = np.concatenate(
        [np.zeros((*F.shape[:-1], 1)), np.nan_to_num(F) @ coef[:, 1:].T + coef[:, 0]], axis=-1
    )
    logits -= logits.max(axis=-1, keepdims=True)
    w = np.exp(logits)
    w /= w.sum(axis=-1, keepdims=True)
    missing = np.any(np.isnan(F), axis=-1)
    w[missing] = (1.0, 0.0, 0.0)
    return w


def feature_weighted(
    fc: dict[Member, np.ndarray],
    series: Sequence[np.ndarray],
    members: Sequence[Member] = AUTO_MEMBERS,
    cuts: int | None = None,
    coef: np.ndarray = FEATURE_COEF,
) -> np.ndarray:
    """The median of ``members`` weighted with the trend-keeping median and SES by features.

    Per series (and cut), the forecast is ``w0 * median(members) + w1 * median(TREND_MEMBERS)
    + w2 * SES(log)`` with the weights of :func:`feature_weights` on
    :func:`series_features` (a FFORMA-like weighting: Montero-Manso et al., 2020, with a
    linear softmax instead of boosted trees). The coefficients were fitted once, pooled
    over rolling origins inside the training parts of M3 yearly and world panel 1
    (``benchmarks/select_auto.py --fit-features``).

    Parameters
    ----------
    fc : dict
        :func:`member_forecasts` of ``members``, :data:`TREND_MEMBERS` and
        :data:`SES_MEMBER` (with ``cuts`` when given).
    series : sequence of 1-D arrays
        The clean series.

    Returns
    -------
    numpy.ndarray
        ``(n, horizon)``, or ``(cuts + 1, n, horizon)`` with ``cuts``.

    Examples
    --------
    >>> ys = [np.array([10.0, 12, 13, 15, 16, 18, 21]), np.array([5.0, 4, 6, 3, 5, 2])]
    >>> ms = (*AUTO_MEMBERS, *TREND_MEMBERS, SES_MEMBER)
    >>> feature_weighted(member_forecasts(ys, 2, ms), ys).shape
    (2, 2)
    """
    med = combine_members([fc[m] for m in dict.fromkeys(members)])
    trend = combine_members([fc[m] for m in TREND_MEMBERS])
    w = feature_weights(series_features(series, cuts), coef)
    return w[..., 0:1] * med + w[..., 1:2] * trend + w[..., 2:3] * fc[SES_MEMBER]
