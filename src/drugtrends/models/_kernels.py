"""Vectorized exponential-smoothing and Theta kernels over many series at once.

Every kernel takes ``Z``, a ``(n_series, n_time)`` float array whose rows are right-aligned
series (the last observation of every row is in the last column; shorter rows start with
NaN; no NaN after a row's first value), and fits all rows at once. Parameters are chosen
per row from a grid by the in-sample sum of squared one-step errors, with the initial
states solved in closed form (the one-step errors of a linear state-space model are linear
in its initial states, so the optimal initial states for each grid point are a small
least-squares problem). Callers standardize rows first (see :mod:`.batch`), so the same
grids suit any series.

The kernels are plain NumPy: no compilation step, and a few hundred series of yearly data
are fitted in well under a second.

References
----------
Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008). *Forecasting with
Exponential Smoothing: the State Space Approach*. Springer.

Fiorucci, J. A., Pellegrini, T. R., Louzada, F., Petropoulos, F. and Koehler, A. B. (2016).
Models for optimising the theta method and their relationship to state space models.
*International Journal of Forecasting* 32(4), 1151-1161.

Hyndman, R. J. and Billah, B. (2003). Unmasking the Theta method. *International Journal
of Forecasting* 19(2), 287-290.
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["arima011", "damped_trend", "dotm", "drift", "naive", "row_sums", "ses", "theta"]

_ALPHAS = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99])
_THETAS = np.concatenate([np.arange(1.0, 3.0, 0.1), np.arange(3.0, 10.01, 0.5)])
_BETA_FRACTIONS = np.array([0.01, 0.05, 0.1, 0.3, 0.6, 1.0])
_PHIS = np.array([0.8, 0.85, 0.9, 0.95, 0.98])


def _nobs(Z: np.ndarray) -> np.ndarray:
    return (~np.isnan(Z)).sum(axis=1)


def row_sums(X: np.ndarray) -> np.ndarray:
    """Sums along the rows of ``X`` with NaN as 0, added left to right.

    A sequential sum (not NumPy's pairwise one) gives a row the same bits whatever the
    width of the array it sits in: the NaN that pad a right-aligned row add exact zeros
    first. So a series' forecast does not depend on which other series share its batch.
    """
    if X.shape[1] == 0:
        return np.zeros(X.shape[0])
    return np.cumsum(np.nan_to_num(X, nan=0.0), axis=1)[:, -1]


def _out(f: np.ndarray, sd: np.ndarray, cuts: int | None):
    """Kernel results at every cut, or (``cuts=None``) of the whole rows only."""
    return (f, sd) if cuts is not None else (f[0], sd[0])


def naive(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """Random walk: the last value. Returns ``(forecasts (n, h), one-step residual sd)``.

    Every kernel takes ``cuts``: with ``cuts=K`` it returns ``(K + 1, n, horizon)``
    forecasts and ``(K + 1, n)`` spreads, index ``k`` fitted without each row's last ``k``
    points (rolling origins of calibration, in one pass).
    """
    K = int(cuts or 0)
    T = Z.shape[1]
    f = np.full((K + 1, len(Z), horizon), np.nan)
    sd = np.zeros((K + 1, len(Z)))
    for k in range(min(K + 1, T)):
        X = Z[:, : T - k]
        d = np.diff(X, axis=1)
        if d.shape[1]:
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                cnt = np.maximum((~np.isnan(d)).sum(axis=1), 1)
                sd[k] = np.nan_to_num(np.sqrt(row_sums(d * d) / cnt))
        f[k] = X[:, -1][:, None]
    return _out(f, sd, cuts)


def drift(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """Random walk with drift (mean of the first differences)."""
    K = int(cuts or 0)
    T = Z.shape[1]
    f = np.full((K + 1, len(Z), horizon), np.nan)
    sd = np.zeros((K + 1, len(Z)))
    h = np.arange(1, horizon + 1)[None, :]
    for k in range(min(K + 1, T)):
        X = Z[:, : T - k]
        d = np.diff(X, axis=1)
        n = (~np.isnan(d)).sum(axis=1)
        mu = np.where(n > 0, row_sums(d) / np.maximum(n, 1), 0.0)
        r = d - mu[:, None]
        sd[k] = np.sqrt(row_sums(r * r) / np.maximum(n - 1, 1))
        f[k] = X[:, -1][:, None] + mu[:, None] * h
    return _out(f, sd, cuts)


def _ets_grid(
    Z: np.ndarray, grid: np.ndarray, trend: bool, cuts: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Additive-error ETS (N or damped A trend) for each row and each grid point.

    ``grid`` rows are ``(alpha, beta, phi)``. Returns the SSE at the optimal initial states,
    and the final level and slope, each ``(cuts + 1, n, G)``: index ``k`` is the fit of
    every row without its last ``k`` points (the rolling origins of calibration; a row's
    recursion over its first ``m - k`` points is the start of its recursion over all ``m``,
    so one pass gives every cut).

    The one-step errors are ``E0 + l0 E1 + b0 E2``: ``E0`` from the data with zero initial
    states, ``E1`` and ``E2`` the responses to a unit initial level and slope. The
    responses do not depend on the data, only on the number of steps since a row's first
    observation, so they are computed once for all rows.
    """
    n, T = Z.shape
    G = len(grid)
    K = int(cuts)
    a = grid[:, 0][None, :]
    b = grid[:, 1][None, :]
    p = grid[:, 2][None, :]
    length = _nobs(Z)
    kdim = 2 if trend else 1
    # unit responses, by steps since the first observation: errors (kdim, G, T) and states
    uL = np.zeros((kdim, G))
    uB = np.zeros((kdim, G))
    uL[0] = 1.0
    if trend:
        uB[1] = 1.0
    uE = np.zeros((kdim, G, T))
    uLs = np.zeros((kdim, G, T + 1))
    uBs = np.zeros((kdim, G, T + 1))
    uLs[..., 0], uBs[..., 0] = uL, uB
    for k in range(T):
        pred = uL + p * uB
        e = -pred
        uE[..., k] = e
        uL = pred + a * e
        if trend:
            uB = p * uB + b * e
        uLs[..., k + 1], uBs[..., k + 1] = uL, uB
    # Gram of unit responses over the first `length` steps: cumulative sums
    cum = np.zeros((kdim, kdim, G, T + 1))
    for i in range(kdim):
        for j in range(kdim):
            cum[i, j, :, 1:] = np.cumsum(uE[i] * uE[j], axis=-1)
    # data channel, rows left-aligned (step t is every row's t-th point): zero initial
    # states; each row's sums are kept after its last point and after each cut
    Y, ends = _left_aligned(Z, K)
    L = np.zeros((n, G))
    B = np.zeros((n, G))
    S00 = np.zeros((n, G))
    S0 = np.zeros((kdim, n, G))
    sse_out = np.full((K + 1, n, G), np.nan)
    L_out = np.full((K + 1, n, G), np.nan)
    B_out = np.full((K + 1, n, G), np.nan)
    s0_out = np.zeros((K + 1, kdim, n, G))
    pred = np.empty((n, G))
    e = np.empty((n, G))
    tmp = np.empty((n, G))
    uEt = np.ascontiguousarray(np.moveaxis(uE, -1, 0))  # (T, kdim, G)
    for t in range(T):  # in place: the temporaries of a (n, G) step dominate its time
        if trend:
            np.multiply(B, p, out=pred)
            pred += L
        else:
            pred[...] = L
        np.subtract(Y[:, t : t + 1], pred, out=e)
        np.multiply(e, e, out=tmp)
        S00 += tmp
        for i in range(kdim):
            np.multiply(e, uEt[t, i], out=tmp)
            S0[i] += tmp
        np.multiply(e, a, out=tmp)
        np.add(pred, tmp, out=L)
        if trend:
            np.multiply(B, p, out=B)
            np.multiply(e, b, out=tmp)
            B += tmp
        for cut, rows in ends.get(t, ()):
            sse_out[cut, rows] = S00[rows]
            s0_out[cut, :, rows] = S0[:, rows].transpose(1, 0, 2)
            L_out[cut, rows] = L[rows]
            B_out[cut, rows] = B[rows]
    for cut in range(K + 1):
        lc = np.maximum(length - cut, 0)
        r = -np.moveaxis(s0_out[cut], 0, -1)  # (n, G, k)
        if kdim == 1:
            a11 = cum[0, 0][:, lc].T + 1e-9
            c = (r[..., 0] / a11)[..., None]
        else:  # the 2 x 2 normal equations, by Cramer's rule
            a11 = cum[0, 0][:, lc].T + 1e-9
            a12 = cum[0, 1][:, lc].T
            a22 = cum[1, 1][:, lc].T + 1e-9
            det = a11 * a22 - a12 * a12
            c = np.stack(
                [
                    (a22 * r[..., 0] - a12 * r[..., 1]) / det,
                    (a11 * r[..., 1] - a12 * r[..., 0]) / det,
                ],
                axis=-1,
            )
        sse_out[cut] = np.maximum(sse_out[cut] - (c * r).sum(-1), 0.0)
        L_out[cut] = L_out[cut] + sum(c[..., i] * uLs[i][:, lc].T for i in range(kdim))
        B_out[cut] = B_out[cut] + sum(c[..., i] * uBs[i][:, lc].T for i in range(kdim))
    return sse_out, L_out, B_out


def _left_aligned(Z: np.ndarray, cuts: int) -> tuple[np.ndarray, dict[int, list]]:
    """Rows of right-aligned ``Z`` moved to the left (NaN -> 0 after their end), and for each
    column ``t`` the ``(cut, rows)`` whose cut ends there."""
    n, T = Z.shape
    length = _nobs(Z)
    Y = np.zeros((n, T))
    idx = np.arange(T)[None, :]
    src = idx + (T - length)[:, None]
    ok = idx < length[:, None]
    Y[ok] = Z[np.nonzero(ok)[0], src[ok]]
    ends: dict[int, list] = {}
    for cut in range(cuts + 1):
        last = length - 1 - cut
        for t in np.unique(last[last >= 0]):
            ends.setdefault(int(t), []).append((cut, np.flatnonzero(last == t)))
    return Y, ends


def _nobs_cuts(Z: np.ndarray, cuts: int) -> np.ndarray:
    """``(cuts + 1, n)`` observed points of each row without its last ``k`` points."""
    nobs = _nobs(Z)
    return np.maximum(nobs[None, :] - np.arange(cuts + 1)[:, None], 0)


def _ses_grid() -> np.ndarray:
    return np.column_stack([_ALPHAS, np.zeros_like(_ALPHAS), np.zeros_like(_ALPHAS)])


def _pick(x: np.ndarray, i: np.ndarray) -> np.ndarray:
    """``x[k, r, i[k, r]]`` for ``x`` of shape ``(K, n, G)``."""
    return np.take_along_axis(x, i[..., None], axis=-1)[..., 0]


def ses(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """Simple exponential smoothing, ETS(A,N,N)."""
    K = int(cuts or 0)
    sse, L, _ = _ets_grid(Z, _ses_grid(), trend=False, cuts=K)
    i = np.nan_to_num(sse, nan=0.0).argmin(axis=-1)
    sd = np.sqrt(_pick(sse, i) / np.maximum(_nobs_cuts(Z, K) - 1, 1))
    f = np.repeat(_pick(L, i)[..., None], horizon, axis=-1)
    return _out(f, sd, cuts)


def damped_trend(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """Damped-trend exponential smoothing, ETS(A,Ad,N), chosen against ETS(A,N,N) by AICc.

    The trend is damped (phi <= 0.98), which on yearly data forecasts better than an
    undamped linear trend (Gardner and McKenzie, 1985).
    """
    K = int(cuts or 0)
    nobs = _nobs_cuts(Z, K).astype(float)
    s0, L0, _ = _ets_grid(Z, _ses_grid(), trend=False, cuts=K)
    i0 = np.nan_to_num(s0, nan=0.0).argmin(axis=-1)
    grid = np.array([(a, a * bf, p) for a in _ALPHAS for bf in _BETA_FRACTIONS for p in _PHIS])
    s1, L1, B1 = _ets_grid(Z, grid, trend=True, cuts=K)
    i1 = np.nan_to_num(s1, nan=0.0).argmin(axis=-1)
    h = np.arange(1, horizon + 1)
    phi = grid[i1, 2][..., None]
    f1 = _pick(L1, i1)[..., None] + np.cumsum(phi**h, axis=-1) * _pick(B1, i1)[..., None]
    f0 = np.repeat(_pick(L0, i0)[..., None], horizon, axis=-1)

    def aicc(sse: np.ndarray, k: int) -> np.ndarray:
        k += 1  # the error variance
        m = np.maximum(nobs, 1.0)
        return (
            m * np.log(np.maximum(sse, 1e-300) / m)
            + 2 * k
            + 2 * k * (k + 1) / np.maximum(m - k - 1, 1e-3)
        )

    sse0, sse1 = _pick(s0, i0), _pick(s1, i1)
    use_trend = aicc(sse1, 5) < aicc(sse0, 2)
    sse = np.where(use_trend, sse1, sse0)
    sd = np.sqrt(sse / np.maximum(nobs - 1, 1))
    return _out(np.where(use_trend[..., None], f1, f0), sd, cuts)


def _ols_line(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intercept and slope of the least-squares line of each right-aligned row on the
    steps since its first point (sequential sums: see :func:`row_sums`)."""
    n = np.maximum(_nobs(Z), 1)
    steps = np.arange(Z.shape[1], dtype=float)[None, :] - (Z.shape[1] - _nobs(Z))[:, None]
    t = np.where(np.isnan(Z), np.nan, steps)
    tb = row_sums(t) / n
    zb = row_sums(Z) / n
    den = row_sums((t - tb[:, None]) ** 2)
    slope = np.where(
        den > 0,
        row_sums((t - tb[:, None]) * (Z - zb[:, None])) / np.maximum(den, 1e-300),
        0,
    )
    return zb - slope * tb, slope


def theta(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """The standard Theta method (SES with drift equal to half the regression slope).

    Forecast formula of Hyndman and Billah (2003).
    """
    K = int(cuts or 0)
    T = Z.shape[1]
    sse, L, _ = _ets_grid(Z, _ses_grid(), trend=False, cuts=K)
    i = np.nan_to_num(sse, nan=0.0).argmin(axis=-1)
    alpha = _ALPHAS[i][..., None]
    nobs = _nobs_cuts(Z, K)[..., None]
    slope = np.zeros((K + 1, len(Z)))
    for k in range(min(K + 1, T)):
        slope[k] = _ols_line(Z[:, : T - k])[1]
    h = np.arange(1, horizon + 1)
    with np.errstate(invalid="ignore"):
        f = _pick(L, i)[..., None] + 0.5 * slope[..., None] * (
            h - 1 + 1 / alpha - (1 - alpha) ** nobs / alpha
        )
    sd = np.sqrt(_pick(sse, i) / np.maximum(nobs[..., 0] - 1, 1))
    return _out(f, sd, cuts)


def dotm(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """Dynamic optimised Theta model (DOTM) of Fiorucci et al. (2016).

    The regression line is updated dynamically; ``alpha`` and ``theta`` come from a grid
    and the initial level is solved in closed form, all by least squares.

    For a given ``alpha`` the one-step error is linear in the weight ``w = 1 - 1/theta``
    and in the initial level: ``e = d - w m - l0 (1 - alpha)^t``, with ``d`` (the data
    minus the level from a zero start) and ``m`` (the regression term) independent of
    ``theta``. So one pass over the data per ``alpha`` accumulates a few sums, and every
    ``theta`` of the grid (and the initial level) is then solved in closed form. Each cut
    is centred on its own last value (as a separate fit on the truncated row would be)
    from the responses to constant data, which do not depend on the data.
    """
    K = int(cuts or 0)
    n, T = Z.shape
    al = _ALPHAS[None, :]  # (1, nA)
    nA = al.shape[1]
    W = 1.0 - 1.0 / _THETAS  # (nT,)
    length = _nobs(Z)
    steps = np.arange(T + 1)[:, None]
    dec = (1 - al) ** steps  # (T+1, nA): (1 - alpha)^t
    cB = (1 - dec * (1 - al)) / al  # coefficient of the slope in the regression term
    # responses to constant data (ones from a row's start): level before step t, d and m
    lU = 1 - dec  # level after t ones, from zero
    dU = 1 - lU[:T]  # (T, nA)
    mU = dec[:T] * (steps[:T] > 0)  # intercept 1 from the second step, slope 0

    def csum(x: np.ndarray) -> np.ndarray:
        out = np.zeros((T + 1, nA))
        out[1:] = np.cumsum(x, axis=0)
        return out

    U = {
        "dd": csum(dU * dU),
        "dm": csum(dU * mU),
        "mm": csum(mU * mU),
        "dq": csum(dU * dec[:T]),
        "mq": csum(mU * dec[:T]),
        "qq": csum(dec[:T] ** 2),
    }
    # rows left-aligned: step t is every row's t-th point
    Y, ends = _left_aligned(Z, K)
    names = ("dd", "dm", "mm", "dq", "mq", "dU", "dmU", "mdU", "mmU")
    S = {k: np.zeros((n, nA)) for k in names}
    keep = {k: np.zeros((K + 1, n, nA)) for k in (*names, "ell")}
    keepAB = np.zeros((3, K + 1, n))
    ell = np.zeros((n, nA))
    ybar = np.zeros(n)
    A = np.zeros(n)
    B = np.zeros(n)
    for t in range(T):
        y = Y[:, t]
        tt = t + 1.0
        d = y[:, None] - ell
        m = A[:, None] * dec[t] + B[:, None] * cB[t]
        S["dd"] += d * d
        S["dm"] += d * m
        S["mm"] += m * m
        S["dq"] += d * dec[t]
        S["mq"] += m * dec[t]
        S["dU"] += d * dU[t]
        S["dmU"] += d * mU[t]
        S["mdU"] += m * dU[t]
        S["mmU"] += m * mU[t]
        ell = al * y[:, None] + (1 - al) * ell
        b_new = ((tt - 2) * B + 6.0 / tt * (y - ybar)) / (tt + 1) if tt > 1 else np.zeros(n)
        ybar = ((tt - 1) * ybar + y) / tt
        A = ybar - (tt + 1) / 2 * b_new
        B = b_new
        for cut, rows in ends.get(t, ()):
            for k in names:
                keep[k][cut, rows] = S[k][rows]
            keep["ell"][cut, rows] = ell[rows]
            keepAB[0, cut, rows] = A[rows]
            keepAB[1, cut, rows] = B[rows]
            keepAB[2, cut, rows] = tt
    f = np.full((K + 1, n, horizon), np.nan)
    sd = np.full((K + 1, n), np.nan)
    r = np.arange(n)
    h = np.arange(1, horizon + 1)[None, :]
    for cut in range(K + 1):
        lc = np.maximum(length - cut, 0)
        g = {k: keep[k][cut] for k in (*names, "ell")}
        Ac, Bc, cn = keepAB[:, cut]
        u = {k: v[lc] for k, v in U.items()}  # (n, nA)
        # centre on the cut's last value (the whole rows are already centred on theirs)
        z = np.nan_to_num(Z[:, Z.shape[1] - 1 - cut])[:, None] if cut else np.zeros((n, 1))
        sDD = g["dd"] - 2 * z * g["dU"] + z * z * u["dd"]
        sDM = g["dm"] - z * (g["dmU"] + g["mdU"]) + z * z * u["dm"]
        sMM = g["mm"] - 2 * z * g["mmU"] + z * z * u["mm"]
        sDq = g["dq"] - z * u["dq"]
        sMq = g["mq"] - z * u["mq"]
        el = g["ell"] - z * lU[lc]
        Ac = Ac - z[:, 0]
        S11 = np.maximum(u["qq"], 1e-12)
        w = W[None, None, :]
        cross = sDq[..., None] - w * sMq[..., None]  # (n, nA, nT)
        sse = sDD[..., None] - 2 * w * sDM[..., None] + w * w * sMM[..., None]
        sse = np.maximum(sse - cross * cross / S11[..., None], 0.0).reshape(n, -1)
        l0 = (cross / S11[..., None]).reshape(n, -1)
        i = sse.argmin(axis=1)
        ia, it = np.divmod(i, len(W))
        a_i = _ALPHAS[ia][:, None]
        w_i = W[it][:, None]
        nn = cn[:, None]
        ellf = el[r, ia] + l0[r, i] * dec[lc, ia]
        f[cut] = (
            ellf[:, None]
            + w_i
            * (
                (1 - a_i) ** nn * Ac[:, None]
                + ((h - 1) + (1 - (1 - a_i) ** (nn + 1)) / a_i) * Bc[:, None]
            )
            + z
        )
        sd[cut] = np.sqrt(sse[r, i] / np.maximum(cn - 1, 1))
    return _out(f, sd, cuts)


_MAS = np.round(np.arange(-0.9, 0.91, 0.1), 2)


def arima011(Z: np.ndarray, horizon: int, cuts: int | None = None):
    """ARIMA(0,1,1) with drift, by conditional least squares on a grid of the MA term.

    ``d_t - mu = e_t + theta e_{t-1}`` for the first differences ``d``, ``e`` starting at
    zero. For a given ``theta`` the errors are linear in the drift ``mu``
    (``e = E0 - mu E1``, ``E1`` the response to constant ones), so one pass accumulates
    three sums per grid point and ``mu`` is solved in closed form. Forecast
    ``z_n + mu h + theta e_n``.

    Not a member of ``auto``: added to its median it did not forecast better inside the
    training parts (``benchmarks/select_auto.py``), and on very short, volatile series its
    drift can run far (as any drift can).
    """
    K = int(cuts or 0)
    n, T = Z.shape
    th = _MAS[None, :]
    G = th.shape[1]
    Y, ends = _left_aligned(Z, K)
    E0 = np.zeros((n, G))
    E1 = np.zeros((1, G))
    S00 = np.zeros((n, G))
    S01 = np.zeros((n, G))
    S11 = np.zeros((1, G))
    keep = np.zeros((4, K + 1, n, G))
    keep1 = np.zeros((2, K + 1, n, G))
    last = np.zeros((K + 1, n))
    steps = np.zeros((K + 1, n))
    for t in range(T):
        if t:
            d = (Y[:, t] - Y[:, t - 1])[:, None]
            E0 = d - th * E0
            E1 = 1.0 - th * E1
            S00 += E0 * E0
            S01 += E0 * E1
            S11 = S11 + E1 * E1
        for cut, rows in ends.get(t, ()):
            keep[0, cut, rows] = S00[rows]
            keep[1, cut, rows] = S01[rows]
            keep[2, cut, rows] = E0[rows]
            keep1[0, cut, rows] = S11
            keep1[1, cut, rows] = E1
            last[cut, rows] = Y[rows, t]
            steps[cut, rows] = t
    S00, S01, E0n = keep[0], keep[1], keep[2]
    S11, E1n = keep1
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = np.where(S11 > 0, S01 / np.where(S11 > 0, S11, 1.0), 0.0)
    sse = np.maximum(S00 - 2 * mu * S01 + mu * mu * S11, 0.0)
    i = np.nan_to_num(sse, nan=np.inf).argmin(axis=-1)
    mu_i, th_i = _pick(mu, i), _MAS[i]
    e_n = _pick(E0n, i) - mu_i * _pick(E1n, i)
    h = np.arange(1, horizon + 1)
    f = last[..., None] + mu_i[..., None] * h + (th_i * e_n)[..., None]
    sd = np.sqrt(_pick(sse, i) / np.maximum(steps - 1, 1))
    return _out(f, sd, cuts)


KERNELS = {
    "naive": naive,
    "arima011": arima011,
    "drift": drift,
    "ses": ses,
    "damped": damped_trend,
    "theta": theta,
    "dotm": dotm,
}
