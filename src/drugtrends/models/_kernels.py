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

import numpy as np

__all__ = ["damped_trend", "dotm", "drift", "naive", "ses", "theta"]

_ALPHAS = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99])
_THETAS = np.concatenate([np.arange(1.0, 3.0, 0.1), np.arange(3.0, 10.01, 0.5)])
_BETA_FRACTIONS = np.array([0.01, 0.05, 0.1, 0.3, 0.6, 1.0])
_PHIS = np.array([0.8, 0.85, 0.9, 0.95, 0.98])


def _last(Z: np.ndarray) -> np.ndarray:
    return Z[:, -1]


def _nobs(Z: np.ndarray) -> np.ndarray:
    return (~np.isnan(Z)).sum(axis=1)


def naive(Z: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Random walk: the last value. Returns ``(forecasts (n, h), one-step residual sd)``."""
    d = np.diff(Z, axis=1)
    sd = np.sqrt(np.nanmean(d * d, axis=1)) if d.shape[1] else np.zeros(len(Z))
    return np.repeat(_last(Z)[:, None], horizon, axis=1), np.nan_to_num(sd)


def drift(Z: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Random walk with drift (mean of the first differences)."""
    d = np.diff(Z, axis=1)
    n = (~np.isnan(d)).sum(axis=1)
    mu = np.where(n > 0, np.nansum(d, axis=1) / np.maximum(n, 1), 0.0)
    r = d - mu[:, None]
    sd = np.sqrt(np.nansum(r * r, axis=1) / np.maximum(n - 1, 1))
    h = np.arange(1, horizon + 1)[None, :]
    return _last(Z)[:, None] + mu[:, None] * h, sd


def _start_and_length(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    nobs = _nobs(Z)
    return Z.shape[1] - nobs, nobs


def _ets_grid(
    Z: np.ndarray, grid: np.ndarray, trend: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Additive-error ETS (N or damped A trend) for each row and each grid point.

    ``grid`` rows are ``(alpha, beta, phi)``. Returns the SSE at the optimal initial states,
    and the final level and slope, each ``(n, G)``.

    The one-step errors are ``E0 + l0 E1 + b0 E2``: ``E0`` from the data with zero initial
    states, ``E1`` and ``E2`` the responses to a unit initial level and slope. The
    responses do not depend on the data, only on the number of steps since a row's first
    observation, so they are computed once for all rows.
    """
    n, T = Z.shape
    G = len(grid)
    a = grid[:, 0][None, :]
    b = grid[:, 1][None, :]
    p = grid[:, 2][None, :]
    start, length = _start_and_length(Z)
    # unit responses, by steps since the first observation: errors (2, G, T) and states
    uL = np.zeros((2, G))
    uB = np.zeros((2, G))
    uL[0] = 1.0
    if trend:
        uB[1] = 1.0
    uE = np.zeros((2, G, T))
    uLs = np.zeros((2, G, T + 1))
    uBs = np.zeros((2, G, T + 1))
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
    cum = np.zeros((2, 2, G, T + 1))
    for i in range(2):
        for j in range(2):
            cum[i, j, :, 1:] = np.cumsum(uE[i] * uE[j], axis=-1)
    # data channel: zero initial states; zeros before the first observation keep it at zero
    Y = np.nan_to_num(Z, nan=0.0)
    L = np.zeros((n, G))
    B = np.zeros((n, G))
    S00 = np.zeros((n, G))
    S0 = np.zeros((2, n, G))
    for t in range(T):
        pred = L + p * B
        e = Y[:, t : t + 1] - pred
        S00 += e * e
        k = t - start
        live = k >= 0
        kk = np.where(live, k, 0)
        ue = uE[:, :, kk].transpose(0, 2, 1) * live[None, :, None]  # (2, n, G)
        S0 += e[None] * ue
        L = pred + a * e
        if trend:
            B = p * B + b * e
    kdim = 2 if trend else 1
    A = np.empty((n, G, kdim, kdim))
    for i in range(kdim):
        for j in range(kdim):
            A[..., i, j] = cum[i, j][:, length].T
    A += 1e-9 * np.eye(kdim)
    r = -np.moveaxis(S0[:kdim], 0, -1)  # (n, G, k)
    c = np.linalg.solve(A, r[..., None])[..., 0]
    sse = np.maximum(S00 - (c * r).sum(-1), 0.0)
    Lf = L + sum(c[..., i] * uLs[i][:, length].T for i in range(kdim))
    Bf = B + sum(c[..., i] * uBs[i][:, length].T for i in range(kdim))
    return sse, Lf, Bf


def ses(Z: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Simple exponential smoothing, ETS(A,N,N)."""
    grid = np.column_stack([_ALPHAS, np.zeros_like(_ALPHAS), np.zeros_like(_ALPHAS)])
    sse, L, _ = _ets_grid(Z, grid, trend=False)
    i = sse.argmin(axis=1)
    r = np.arange(len(Z))
    sd = np.sqrt(sse[r, i] / np.maximum(_nobs(Z) - 1, 1))
    return np.repeat(L[r, i][:, None], horizon, axis=1), sd


def damped_trend(Z: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Damped-trend exponential smoothing, ETS(A,Ad,N), chosen against ETS(A,N,N) by AICc.

    The trend is damped (phi <= 0.98), which on yearly data forecasts better than an
    undamped linear trend (Gardner and McKenzie, 1985).
    """
    n = len(Z)
    r = np.arange(n)
    nobs = _nobs(Z).astype(float)
    g0 = np.column_stack([_ALPHAS, np.zeros_like(_ALPHAS), np.zeros_like(_ALPHAS)])
    s0, L0, _ = _ets_grid(Z, g0, trend=False)
    i0 = s0.argmin(axis=1)
    grid = np.array([(a, a * bf, p) for a in _ALPHAS for bf in _BETA_FRACTIONS for p in _PHIS])
    s1, L1, B1 = _ets_grid(Z, grid, trend=True)
    i1 = s1.argmin(axis=1)
    h = np.arange(1, horizon + 1)[None, :]
    phi = grid[i1, 2][:, None]
    f1 = L1[r, i1][:, None] + np.cumsum(phi**h, axis=1) * B1[r, i1][:, None]
    f0 = np.repeat(L0[r, i0][:, None], horizon, axis=1)

    def aicc(sse: np.ndarray, k: int) -> np.ndarray:
        k += 1  # the error variance
        m = np.maximum(nobs, 1.0)
        return (
            m * np.log(np.maximum(sse, 1e-300) / m)
            + 2 * k
            + 2 * k * (k + 1) / np.maximum(m - k - 1, 1e-3)
        )

    use_trend = aicc(s1[r, i1], 5) < aicc(s0[r, i0], 2)
    sse = np.where(use_trend, s1[r, i1], s0[r, i0])
    sd = np.sqrt(sse / np.maximum(nobs - 1, 1))
    return np.where(use_trend[:, None], f1, f0), sd


def _ols_line(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intercept and slope of the least-squares line of each row on its column index."""
    t = np.where(np.isnan(Z), np.nan, np.arange(Z.shape[1], dtype=float)[None, :])
    tb = np.nanmean(t, axis=1)
    zb = np.nanmean(Z, axis=1)
    den = np.nansum((t - tb[:, None]) ** 2, axis=1)
    slope = np.where(
        den > 0,
        np.nansum((t - tb[:, None]) * (Z - zb[:, None]), axis=1) / np.maximum(den, 1e-300),
        0,
    )
    return zb - slope * tb, slope


def theta(Z: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """The standard Theta method (SES with drift equal to half the regression slope).

    Forecast formula of Hyndman and Billah (2003).
    """
    grid = np.column_stack([_ALPHAS, np.zeros_like(_ALPHAS), np.zeros_like(_ALPHAS)])
    sse, L, _ = _ets_grid(Z, grid, trend=False)
    r = np.arange(len(Z))
    i = sse.argmin(axis=1)
    alpha = _ALPHAS[i][:, None]
    nobs = _nobs(Z)[:, None]
    _, slope = _ols_line(Z)
    h = np.arange(1, horizon + 1)[None, :]
    f = L[r, i][:, None] + 0.5 * slope[:, None] * (h - 1 + 1 / alpha - (1 - alpha) ** nobs / alpha)
    sd = np.sqrt(sse[r, i] / np.maximum(nobs[:, 0] - 1, 1))
    return f, sd


def dotm(Z: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Dynamic optimised Theta model (DOTM) of Fiorucci et al. (2016).

    The regression line is updated dynamically; ``alpha`` and ``theta`` come from a grid
    and the initial level is solved in closed form, all by least squares.
    """
    n, T = Z.shape
    grid = np.array([(a, th) for a in _ALPHAS for th in _THETAS])
    a = grid[:, 0][None, :]
    w = 1.0 - 1.0 / grid[:, 1][None, :]
    start, length = _start_and_length(Z)
    # the response to a unit initial level after k steps is (1 - alpha)^k, its one-step
    # error -(1 - alpha)^k: independent of the data
    decay = (1 - grid[:, 0])[:, None] ** np.arange(T + 1)[None, :]  # (G, T+1)
    cum11 = np.zeros((len(grid), T + 1))
    cum11[:, 1:] = np.cumsum(decay[:, :T] ** 2, axis=1)
    Y = np.nan_to_num(Z, nan=0.0)
    ell = np.zeros((n, len(grid)))
    ybar = np.zeros(n)
    A = np.zeros(n)
    B = np.zeros(n)
    cnt = np.zeros(n)
    S00 = np.zeros((n, len(grid)))
    S01 = np.zeros((n, len(grid)))
    for t in range(T):
        y = Y[:, t]
        v = t >= start
        tt = cnt + 1.0
        ti = cnt.astype(np.intp)
        q = decay[:, ti].T  # (1 - alpha)^(tt - 1)
        mu = ell + w * (q * A[:, None] + (1 - q * (1 - a)) / a * B[:, None])
        e = np.where(v[:, None], y[:, None] - mu, 0.0)
        S00 += e * e
        k = np.where(v, t - start, 0)
        S01 += e * (-decay[:, k].T)
        ell = np.where(v[:, None], a * y[:, None] + (1 - a) * ell, ell)
        ybar_new = ((tt - 1) * ybar + y) / tt
        b_new = np.where(tt > 1, ((tt - 2) * B + 6.0 / tt * (y - ybar)) / (tt + 1), 0.0)
        a_new = ybar_new - (tt + 1) / 2 * b_new
        ybar = np.where(v, ybar_new, ybar)
        B = np.where(v, b_new, B)
        A = np.where(v, a_new, A)
        cnt = cnt + v
    S11 = cum11[:, length].T
    c = -S01 / np.maximum(S11, 1e-12)
    sse = np.maximum(S00 + c * S01, 0.0)
    ellf = ell + c * decay[:, length].T
    i = sse.argmin(axis=1)
    r = np.arange(n)
    al = grid[i, 0][:, None]
    wi = 1.0 - 1.0 / grid[i, 1][:, None]
    nn = cnt[:, None]
    h = np.arange(1, horizon + 1)[None, :]
    f = ellf[r, i][:, None] + wi * (
        (1 - al) ** nn * A[:, None] + ((h - 1) + (1 - (1 - al) ** (nn + 1)) / al) * B[:, None]
    )
    sd = np.sqrt(sse[r, i] / np.maximum(cnt - 1, 1))
    return f, sd


KERNELS = {
    "naive": naive,
    "drift": drift,
    "ses": ses,
    "damped": damped_trend,
    "theta": theta,
    "dotm": dotm,
}
