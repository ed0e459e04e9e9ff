"""Choose ``auto``'s point forecast by rolling origins inside the training parts only.

Every candidate is scored on four sets, never on a test year:

* ``M3 train``: the training parts of the 645 M3 yearly series (horizon 6);
* ``world 1 train`` / ``world 2 train``: the training parts of the two world panels of
  ``domain.py`` (their last 5 years, the test years, removed; horizon 5);
* ``drug records``: the drug series shipped with the package (``reference_table.drug_panel``:
  their last six years removed; horizon 5; scored against observed years only).

Origins: origin ``j = 0 .. ORIGINS - 1`` fits each training part without its last
``h + j`` points and forecasts the ``h`` points after the cut (the last ``h`` years of the
training part, then earlier windows); a cut that leaves fewer than five points is skipped.
Metrics per (series, origin), mean over the scored horizons, then over all: sMAPE [%] and
MASE (scaled by the mean absolute first difference of the fitted part). Per-series
weights or choices use only errors *before* the cut (earlier origins of the same series,
scored on points before the cut), as the engine would at forecast time.

Two tables:

* default: point forecasts of candidate rules built from the vectorized members (fast:
  every cut in one pass), absolute and relative to the current ``auto`` (``median6``);
* ``--engine``: ``auto`` as shipped, through :func:`forecast_arrays` with its intervals
  (sMAPE, MASE, MSIS, coverage) at the same origins; ``--measured`` turns on the two
  refinements that this selection chose (the per-series shrink and the per-panel SES
  blends), ``--peers`` adds statsforecast on the series it can fit, ``--src`` imports
  another tree's package (a baseline).

Outcome (2026-12-08): the selection chose the per-series shrink with the per-panel SES
blends ("panel rel select S(med6/blend.8/.67/.5) .02"), better than ``median6`` on both
metrics on every set at 3 and at 8 origins; with the engine (3 origins) MASE 3.083 ->
3.067 (M3), 2.836 -> 2.792, 3.506 -> 3.485 (world 1, 2), 11.856 -> 11.824 (drug records),
MSIS and coverage unchanged. Its one run on the test years lost on M3 (MASE 2.621 ->
2.661, sMAPE 15.579 -> 15.694) and on world panel 2's sMAPE (77.2 -> 79.9), gained little
on panel 1 (MASE 4.627 -> 4.605); so both are off in ``auto`` (see
``drugtrends.models.engine.AUTO_SES_SHARES``), and nothing was tuned on the test years.

Cross-learning (2026-12-08): a global linear model as a member (Montero-Manso and
Hyndman, 2021, "Principles and algorithms for forecasting groups of time series"): one
ridge regression (direct, one output per horizon step) of the next ``h`` log values on the
``p - 1`` earlier ones of a window, all relative to the window's last value, pooled over
every window of every series of the panel whose targets lie before the cut
(:data:`GLOBAL_CONFIGS`; "vol": divided by the window's mean absolute change; "pool":
fitted on M3 and world 1 together, as a shipped table would be). Fitted on M3, the
volatility-normalized table blows up on the drug series (MASE x3 to x13: M3's drift in
units of volatility does not transfer), so a shipped table for small calls is out; the
own-panel fit ``"G median5(-drift)+p6 vol own"`` (the member replaces the drift) helped
every set inside the training parts on both metrics (MASE -0.16 % M3, -0.32 % drug
records, -1.27 % / -0.68 % world 1 / 2 at 3 origins; -0.6 %, -0.3 %, -0.7 %, -0.7 % at 8).
Its one look at the test years (``--test``, point forecasts): M3 MASE 2.621 -> 2.672,
sMAPE 15.579 -> 15.642 (worse); world 1 4.628 -> 4.622, world 2 3.442 -> 3.440. It lost on
M3, so it is not in ``auto``; the member is measured here only. Per origin inside M3's
training part the change ranges from -1.3 % to +0.3 % (the last origin: +0.3 %): the gain
is within the noise between origins.

Feature weighting (2026-12-08, ``--snr-bins``, ``--fit-features``): the hypothesis was
that MASE, ruled by smooth trending series, wants a full trend there. Inside the training
parts it is false: in M3's bin of signal-to-noise ratio >= 2 (|mean| / sd of the log
changes) replacing the median by DOTM (log) raises the set's total MASE by 2.9 %, by the
trend-keeping median (:data:`drugtrends.models.batch.TREND_MEMBERS`) by 0.9 %; the
trend-keeping median gains only at ratios 0.1-1 on M3 and loses there on the drug panels.
A softmax weighting of (median, trend-keeping median, SES log) linear in six features
(FFORMA-like, :func:`drugtrends.models.batch.feature_weighted`), fitted on 6 origins of M3
and world panel 1 (training parts), helped every set: fitted on origins 2-5 and scored on
origins 0-1, MASE x0.993 (M3), x0.991, x0.990 (world 1, 2), x0.999 (drug records), sMAPE
x0.997, x0.986, x0.990, x0.995 (90 % bootstrap intervals over series below 1 for MASE on
every set); left out of the fit, a set is not helped (M3 x1.20). One look at the test
years (``m3_yearly.py --weighting features``, ``domain.py --weighting features``): MASE
2.621 -> 2.613 (M3), 4.627 -> 4.608, 3.442 -> 3.426 (world 1, 2), sMAPE 15.579 -> 15.612,
78.2 -> 78.4, 79.8 -> 80.3: not a win, so ``auto`` keeps the median. A diagnostic with
``--engine --peers`` (3 origins): inside M3's training part ``auto`` already beats
statsforecast's DynamicOptimizedTheta on MASE (3.046 against 3.105 on the series it fits),
so DOTM's lead on the M3 test years is not a pattern of the training years.

Usage::

    python benchmarks/select_auto.py --fit-features [--origins 6]   # feature weights
    python benchmarks/select_auto.py --snr-bins [--origins 6]       # the hypothesis
    python benchmarks/select_auto.py [--origins 3] [--sets m3 world1 world2 drug]
    python benchmarks/select_auto.py --only "vol own"     # the matching candidates only
    python benchmarks/select_auto.py --test               # a look at the test years
    python benchmarks/select_auto.py --engine [--measured] [--peers] [--src ../main/src]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if "--src" in sys.argv:  # another tree's package (the baseline), e.g. --src ../main/src
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--src") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

ORIGINS = 3
PAST = 6
"""Earlier origins per evaluation cut whose in-series errors a per-series rule may use."""
MIN_FIT = 5


def load_sets(names) -> dict[str, tuple[list[np.ndarray], int]]:
    """``{set: (series, horizon)}``: training parts only."""
    from drugtrends.models.base import prepare_series

    out = {}
    if "m3" in names:
        from m3_yearly import load_m3, shared_dir

        _, train, _ = load_m3(shared_dir())
        out["M3 train"] = (train, 6)
    if "world1" in names or "world2" in names:
        from domain import arq_panel, data_dir, extended_panel

        path = data_dir()
        if "world1" in names:
            out["world 1 train"] = (arq_panel(path)[1], 5)
        if "world2" in names:
            out["world 2 train"] = (extended_panel(path)[1], 5)
    if "drug" in names:
        from reference_table import drug_panel

        _, series = drug_panel()
        out["drug records"] = (series, 5)
    clean = {}
    for k, (ys, h) in out.items():
        obs, cl = [], []
        for y in ys:
            y = np.asarray(y, float)
            ok = np.flatnonzero(np.isfinite(y))
            y = y[ok[0] : ok[-1] + 1]
            obs.append(np.isfinite(y))
            cl.append(prepare_series(y).y)
        clean[k] = (cl, obs, h)
    return clean


def evaluate(points: np.ndarray, series, observed, h: int, origins: int) -> dict:
    """sMAPE and MASE of forecasts ``points`` ``(cuts + 1, n, h)`` at cuts ``h + j``."""
    sm, ms = [], []
    for i, y in enumerate(series):
        n = y.size
        for j in range(origins):
            c = h + j
            if n - c < MIN_FIT:
                continue
            f = points[c, i, :h]
            a = y[n - c : n - c + h]
            ok = observed[i][n - c : n - c + h] & np.isfinite(f)
            if not ok.any():
                continue
            fit = y[: n - c]
            scale = np.mean(np.abs(np.diff(fit)))
            if not scale > 0:
                continue
            e = np.abs(a - f)[ok]
            sm.append(np.mean(200 * e / (np.abs(a[ok]) + np.abs(f[ok]))))
            ms.append(np.mean(e) / scale)
    return {"sMAPE": float(np.mean(sm)), "MASE": float(np.mean(ms)), "n": len(ms)}


def past_errors(points: np.ndarray, series, past: int = PAST) -> np.ndarray:
    """:func:`drugtrends.models.batch.past_errors` (imported on use: ``--src`` may name a
    tree without it)."""
    from drugtrends.models.batch import past_errors as errors

    return errors(points, series, past)


BASE = (
    ("dotm", "log"),
    ("dotm", "raw"),
    ("damped", "log"),
    ("damped", "raw"),
    ("theta", "log"),
    ("drift", "raw"),
)
POOL = (
    *BASE,
    ("arima011", "log"),
    ("arima011", "raw"),
    ("naive", "raw"),
    ("ses", "log"),
    ("drift", "log"),
)
IDX = {m: i for i, m in enumerate(POOL)}


def _stack(fc, members):
    return np.stack([fc[m] for m in members])


def _median(members):
    return lambda fc, past, ys: np.median(_stack(fc, members), axis=0)


def _trimmed(members, drop=1):
    def fn(fc, past, ys):
        s = np.sort(_stack(fc, members), axis=0)
        return s[drop : len(members) - drop].mean(axis=0)

    return fn


def _inverse_error(members, shrink, power=1.0):
    """Per-series weights ``shrink * equal + (1 - shrink) * (1/err^power normalized)``."""
    idx = [IDX[m] for m in members]

    def fn(fc, past, ys):
        s = _stack(fc, members)  # (M, K1, n, h)
        e = past[:, idx, :]  # (K1, M, n)
        w = 1.0 / np.maximum(e, 1e-6) ** power
        w = w / w.sum(axis=1, keepdims=True)
        w = np.where(np.isfinite(w), w, 1.0 / len(members))
        w = shrink / len(members) + (1 - shrink) * w
        return np.einsum("kmn,mknh->knh", w, s)

    return fn


def _choose(members_a, members_b, margin=0.0):
    """Per series: median of ``members_a`` unless ``members_b``'s median had lower past
    error by ``margin`` (error of each combination computed from its members' past
    forecasts is not stored, so: the median's error is approximated by the mean member
    error of each set)."""
    ia = [IDX[m] for m in members_a]
    ib = [IDX[m] for m in members_b]

    def fn(fc, past, ys):
        a = np.median(_stack(fc, members_a), axis=0)
        b = np.median(_stack(fc, members_b), axis=0)
        ea = np.nanmean(past[:, ia, :], axis=1)
        eb = np.nanmean(past[:, ib, :], axis=1)
        use_b = eb < (1 - margin) * ea
        return np.where(use_b[..., None], b, a)

    return fn


def _shrunk(members, factor):
    """The median's change from the last value, times ``factor``."""

    def fn(fc, past, ys):
        med = np.median(_stack(fc, members), axis=0)
        last = fc[("naive", "raw")]
        return last + factor * (med - last)

    return fn


A_LOG = ("arima011", "log")
A_RAW = ("arima011", "raw")
LOG3 = tuple(m for m in BASE if m[1] == "log")
RAW3 = tuple(m for m in BASE if m[1] == "raw")


def _single(member):
    return lambda fc, past, ys: fc[member]


def _volatility_shrink(members, lo, hi, v0, v1):
    """Shrink the median's change by a factor falling from ``hi`` (volatility <= v0) to
    ``lo`` (>= v1); volatility: the mean absolute change of the log values before the cut."""

    def fn(fc, past, ys):
        from drugtrends.models.batch import align

        med = np.median(_stack(fc, members), axis=0)
        last = fc[("naive", "raw")]
        Y = align(ys)
        T = Y.shape[1]
        with np.errstate(invalid="ignore", divide="ignore"):
            D = np.abs(np.diff(np.log(np.where(Y > 0, Y, np.nan)), axis=1))
        K1 = med.shape[0]
        out = np.empty_like(med)
        for c in range(K1):
            v = np.nanmean(D[:, : max(T - c - 1, 1)], axis=1)
            v = np.nan_to_num(v, nan=0.0)
            fac = hi + (lo - hi) * np.clip((v - v0) / (v1 - v0), 0, 1)
            out[c] = last[c] + fac[:, None] * (med[c] - last[c])
        return out

    return fn


def _select(fns, margin=0.0, past=PAST):
    """Per series and cut: the first candidate unless another had a lower in-series past
    error (mean absolute scaled, origins before the cut) by ``margin``."""

    def fn(fc, pe, ys):
        pts = np.stack([f(fc, pe, ys) for f in fns])  # (C, K1, n, h)
        err = past_errors(pts, ys, past)  # (K1, C, n)
        err = np.where(np.isfinite(err), err, np.inf)
        best = err.argmin(axis=1)  # (K1, n)
        e_best = np.take_along_axis(err, best[:, None], axis=1)[:, 0]
        keep = ~(e_best < (1 - margin) * err[:, 0])
        best = np.where(keep, 0, best)
        return np.take_along_axis(pts, best[None, ..., None], axis=0)[0]

    return fn


def _blend(fns, weights):
    def fn(fc, pe, ys):
        return sum(w * f(fc, pe, ys) for f, w in zip(fns, weights, strict=True))

    return fn


def _panel_select(fns, margin=0.02, past=PAST, relative=False):
    """Per cut, for the whole panel: the first candidate unless another's pooled in-series
    past error (over all series, origins before the cut) is lower by ``margin``."""

    def fn(fc, pe, ys):
        pts = np.stack([f(fc, pe, ys) for f in fns])
        err = past_errors(pts, ys, past)  # (K1, C, n)
        ok = np.all(np.isfinite(err), axis=1)  # (K1, n)
        out = pts[0].copy()
        for c in range(err.shape[0]):
            if not ok[c].any():
                continue
            e = err[c][:, ok[c]]
            if relative:  # geometric mean of the error relative to the first candidate
                with np.errstate(divide="ignore", invalid="ignore"):
                    r = np.log(e / e[:1])
                good = np.all(np.isfinite(r), axis=0)
                pooled = np.exp(r[:, good].mean(axis=1))
            else:
                pooled = e.mean(axis=1)
            b = int(pooled.argmin())
            if pooled[b] < (1 - margin) * pooled[0]:
                out[c] = pts[b, c]
        return out

    return fn


SES_LOG = ("ses", "log")
MED6 = _median(BASE)


def _sel_shrink(base):
    def fn(fc, pe, ys):
        med = base(fc, pe, ys)
        last = fc[("naive", "raw")]
        return _select([lambda *a: med, lambda *a: last + 0.5 * (med - last)], 0.1)(fc, pe, ys)

    return fn


# --- cross-learning: a global linear (ridge) autoregression on normalized log windows ---
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402


def _norm(W, p, vol):
    """W (..., p + H) log values: features/targets relative to the window's last input."""
    last = W[..., p - 1 : p]
    Z = W - last
    if vol:
        s = np.mean(np.abs(np.diff(W[..., :p], axis=-1)), axis=-1, keepdims=True)
        s = np.where(s > 0, s, 1.0)
    else:
        s = np.ones_like(last)
    return Z / s, s


def global_fit(Ys, p, H, ends, lam=1.0, vol=False, clip=None):
    """Ridge coefficients (p, H) [p-1 lag features + intercept] from every window of
    every aligned log panel Y in Ys, with targets before column ends[k] of Ys[k]."""
    XtX = np.zeros((p, p))
    XtY = np.zeros((p, H))
    n_win = 0
    for Y, end in zip(Ys, ends, strict=True):
        if end < p + H:
            continue
        W = sliding_window_view(Y[:, :end], p + H, axis=1).reshape(-1, p + H)
        W = W[np.all(np.isfinite(W), axis=1)]
        Z, _ = _norm(W, p, vol)
        X = np.concatenate([Z[:, : p - 1], np.ones((len(Z), 1))], axis=1)
        T = Z[:, p:]
        if clip is not None:
            X = np.clip(X, -clip, clip)
            T = np.clip(T, -clip * 2, clip * 2)
        XtX += X.T @ X
        XtY += X.T @ T
        n_win += len(Z)
    if n_win < 10 * p:
        return np.full((p, H), np.nan), n_win
    R = lam * np.eye(p)
    R[-1, -1] = 0.0
    return np.linalg.solve(XtX + R, XtY), n_win


def global_predict(coef, Y, end, vol=False, clip=None):
    """Log forecasts (n, H) from the last p values before column ``end``."""
    p = coef.shape[0]
    W = Y[:, end - p : end]
    Z, s = _norm(W, p, vol)
    X = np.concatenate([Z[:, : p - 1], np.ones((len(Z), 1))], axis=1)
    if clip is not None:
        X = np.clip(X, -clip, clip)
    return W[:, -1:] + (X @ coef) * s


GLOBAL_CONFIGS = {
    # name: (window p, ridge lambda, volatility-normalized, fit on: "own" panel or "pool")
    "p4 own": (4, 1.0, False, "own"),
    "p6 own": (6, 1.0, False, "own"),
    "p8 own": (8, 1.0, False, "own"),
    "p6 pool": (6, 1.0, False, "pool"),
    "p6 vol pool": (6, 1.0, True, "pool"),
    "p4 vol own": (4, 1.0, True, "own"),
    "p6 vol own": (6, 1.0, True, "own"),
    "p8 vol own": (8, 1.0, True, "own"),
    "p10 vol own": (10, 1.0, True, "own"),
    "p6 vol own l100": (6, 100.0, True, "own"),
    "p6 vol own l1000": (6, 1000.0, True, "own"),
}
POOL_SETS = ("M3 train", "world 1 train")
"""Sets whose windows make the pooled fit (a shipped table would be fitted on their
training parts; world 2's training part holds world 1's test years)."""


def _log_panel(series) -> np.ndarray:
    from drugtrends.models.batch import align

    Y = align(series)
    pos = np.all(np.isnan(Y) | (Y > 0), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        L = np.log(Y)
    L[~pos] = np.nan
    return L


def global_members(name: str, sets: dict, h: int, K1: int) -> dict:
    """``{("global", config): (K1, n, h)}``: the global model's forecasts at every cut,
    fitted only on windows whose targets lie before the cut."""
    L = _log_panel(sets[name][0])
    T = L.shape[1]
    pool = {k: _log_panel(sets[k][0]) for k in POOL_SETS if k in sets}
    out = {}
    for cname, (p, lam, vol, mode) in GLOBAL_CONFIGS.items():
        f = np.full((K1, L.shape[0], h), np.nan)
        for c in range(K1):
            end = T - c
            if end < p:
                continue
            if mode == "own":
                coef, _ = global_fit([L], p, h, [end], lam, vol)
            else:
                Ys = list(pool.values())
                coef, _ = global_fit(Ys, p, h, [Y.shape[1] - c for Y in Ys], lam, vol)
            with np.errstate(over="ignore", invalid="ignore"):
                f[c] = np.exp(np.minimum(global_predict(coef, L, end, vol), 700))
        out[("global", cname)] = f
    return out


CHOSEN_GLOBAL = "G median5(-drift)+p6 vol own"
"""The global-model candidate chosen inside the training parts (see the module docstring)."""


def test_table(names) -> pd.DataFrame:
    """One look at the test years: ``median6`` and :data:`CHOSEN_GLOBAL` fitted on the
    whole training parts (the global model on every window of the panel's training
    parts), scored on the test years (point forecasts only)."""
    from drugtrends.models.base import prepare_series
    from drugtrends.models.batch import member_forecasts

    parts = {}
    if "m3" in names:
        from m3_yearly import load_m3, shared_dir

        _, train, test = load_m3(shared_dir())
        parts["M3 test"] = (train, test, 6)
    if "world1" in names or "world2" in names:
        from domain import arq_panel, data_dir, extended_panel

        path = data_dir()
        if "world1" in names:
            parts["world 1 test"] = (*arq_panel(path)[1:], 5)
        if "world2" in names:
            parts["world 2 test"] = (*extended_panel(path)[1:3], 5)
    rows = []
    for name, (train, test, h) in parts.items():
        ys = [prepare_series(np.asarray(y, float)).y for y in train]
        fc = member_forecasts(ys, h, BASE, cuts=0)
        fc.update(global_members(name, {name: (ys, None, h)}, h, 1))
        for cname in ("median6", CHOSEN_GLOBAL):
            pts = CANDIDATES[cname](fc, None, ys)[0]
            sm, ms = [], []
            for i, y in enumerate(ys):
                a = np.asarray(test[i], float)[:h]
                ok = np.isfinite(a)
                e = np.abs(a - pts[i, : a.size])[ok]
                sm.append(np.mean(200 * e / (np.abs(a[ok]) + np.abs(pts[i, : a.size][ok]))))
                ms.append(np.mean(e) / np.mean(np.abs(np.diff(y))))
            rows.append(
                {"set": name, "candidate": cname, "sMAPE": np.mean(sm), "MASE": np.mean(ms)}
            )
    return pd.DataFrame(rows)


def _nanmedian(members):
    return lambda fc, past, ys: np.nanmedian(_stack(fc, members), axis=0)


def _global_cands() -> dict:
    out = {}
    for g in GLOBAL_CONFIGS:
        gm = ("global", g)
        out[f"G single {g}"] = _single(gm)
        out[f"G median6+{g}"] = _nanmedian((*BASE, gm))
        out[f"G median5(-drift)+{g}"] = _nanmedian((*BASE[:5], gm))
        out[f"G blend .8 med6 .2 {g}"] = lambda fc, pe, ys, gm=gm: np.where(
            np.isfinite(fc[gm]), 0.8 * MED6(fc, pe, ys) + 0.2 * fc[gm], MED6(fc, pe, ys)
        )
    return out


CANDIDATES = {
    "panel rel select S(med6/blend.8/.67/.5) .02": _panel_select(
        [_sel_shrink(MED6)]
        + [_sel_shrink(_blend([MED6, _single(SES_LOG)], [w, 1 - w])) for w in (0.8, 0.67, 0.5)],
        relative=True,
    ),
    "panel rel select S(med6/blend.8/.67/.5) .0": _panel_select(
        [_sel_shrink(MED6)]
        + [_sel_shrink(_blend([MED6, _single(SES_LOG)], [w, 1 - w])) for w in (0.8, 0.67, 0.5)],
        0.0,
        relative=True,
    ),
    "S(blend .67)": _sel_shrink(_blend([MED6, _single(SES_LOG)], [0.67, 0.33])),
    "S(blend .8)": _sel_shrink(_blend([MED6, _single(SES_LOG)], [0.8, 0.2])),
    "panel rel select med6/blend.8/.67/.5 .02": _panel_select(
        [MED6] + [_blend([MED6, _single(SES_LOG)], [w, 1 - w]) for w in (0.8, 0.67, 0.5)],
        relative=True,
    ),
    "panel rel select med6/med6+ses/blend.67/ses .02": _panel_select(
        [
            MED6,
            _median((*BASE, SES_LOG)),
            _blend([MED6, _single(SES_LOG)], [0.67, 0.33]),
            _single(SES_LOG),
        ],
        relative=True,
    ),
    "panel rel select shrink 1/.8/.6 .02": _panel_select(
        [MED6, _shrunk(BASE, 0.8), _shrunk(BASE, 0.6)], relative=True
    ),
    "median6+ses log+naive": _median((*BASE, SES_LOG, ("naive", "raw"))),
    "panel select med6/med6+ses/blend.67/ses .02": _panel_select(
        [
            MED6,
            _median((*BASE, SES_LOG)),
            _blend([MED6, _single(SES_LOG)], [0.67, 0.33]),
            _single(SES_LOG),
        ]
    ),
    "panel select med6/blend.8/blend.67/blend.5 .02": _panel_select(
        [MED6] + [_blend([MED6, _single(SES_LOG)], [w, 1 - w]) for w in (0.8, 0.67, 0.5)]
    ),
    "panel select shrink 1/.8/.6 .02": _panel_select(
        [MED6, _shrunk(BASE, 0.8), _shrunk(BASE, 0.6)]
    ),
    "select median6/shrunk.5 .05": _select([MED6, _shrunk(BASE, 0.5)], 0.05),
    "select median6/shrunk.5 .2": _select([MED6, _shrunk(BASE, 0.5)], 0.2),
    "select median6/shrunk.7 .1": _select([MED6, _shrunk(BASE, 0.7)], 0.1),
    "select median6/shrunk.3 .1": _select([MED6, _shrunk(BASE, 0.3)], 0.1),
    "median6+arima log": _median((*BASE, A_LOG)),
    "median6+arima log+raw": _median((*BASE, A_LOG, A_RAW)),
    "median6-drift+arima log": _median((*BASE[:5], A_LOG)),
    "select median6/shrunk.5/naive .1": _select(
        [MED6, _shrunk(BASE, 0.5), _single(("naive", "raw"))], 0.1
    ),
    "select median6/shrunk.5/1.3 .1": _select([MED6, _shrunk(BASE, 0.5), _shrunk(BASE, 1.3)], 0.1),
    "median6+ses log": _median((*BASE, SES_LOG)),
    "select median6/ses log 0": _select([MED6, _single(SES_LOG)]),
    "select median6/ses log .1": _select([MED6, _single(SES_LOG)], 0.1),
    "select median6/ses log .2": _select([MED6, _single(SES_LOG)], 0.2),
    "select median6/ses log .1 past3": _select([MED6, _single(SES_LOG)], 0.1, 3),
    "select median6/damped log .1": _select([MED6, _single(("damped", "log"))], 0.1),
    "select median6/shrunk.5 .1": _select([MED6, _shrunk(BASE, 0.5)], 0.1),
    "select median6/shrunk.5/ses .1": _select([MED6, _shrunk(BASE, 0.5), _single(SES_LOG)], 0.1),
    "blend .8 median6 .2 ses log": _blend([MED6, _single(SES_LOG)], [0.8, 0.2]),
    "blend .67 median6 .33 ses log": _blend([MED6, _single(SES_LOG)], [0.67, 0.33]),
    **{f"single {k} {s}": _single((k, s)) for k, s in POOL},
    "median log3": _median(LOG3),
    "median raw3": _median(RAW3),
    "choose log3/raw3": _choose(LOG3, RAW3),
    "choose median6/log3 .1": _choose(BASE, LOG3, 0.1),
    "vol shrink 1-0.6 (0.1-0.5)": _volatility_shrink(BASE, 0.6, 1.0, 0.1, 0.5),
    "vol shrink 1-0.8 (0.1-0.5)": _volatility_shrink(BASE, 0.8, 1.0, 0.1, 0.5),
    "vol shrink 1-0.5 (0.2-0.8)": _volatility_shrink(BASE, 0.5, 1.0, 0.2, 0.8),
    "median6": _median(BASE),
    "median6-drift+arima raw": _median((*BASE[:5], A_RAW)),
    "trimmed6": _trimmed(BASE),
    "inverse-error 0.5": _inverse_error(BASE, 0.5),
    "inverse-error 0.25": _inverse_error(BASE, 0.25),
    "inverse-error 0": _inverse_error(BASE, 0.0),
    "inverse-error^2 0.5": _inverse_error(BASE, 0.5, 2.0),
    "shrunk 0.9": _shrunk(BASE, 0.9),
    "shrunk 0.8": _shrunk(BASE, 0.8),
    "shrunk 1.1": _shrunk(BASE, 1.1),
}

CANDIDATES.update(_global_cands())


# --- feature-based weighting (FFORMA-like): median / trend-keeping median / SES by features ---
FEATURE_FIT_SETS = ("M3 train", "world 1 train")
"""Sets whose rolling origins fit the feature weights: the training parts of M3 and of
world panel 1 (world panel 2's training part holds panel 1's test years, and the drug
records may overlap them: both are only checked)."""
FEATURE_ORIGINS = 6
"""Rolling origins per series for the fit of the feature weights."""
FEATURE_RIDGE = 1e-3


def _feature_rows(series, observed, h, origins, fc, cands, raw=True):
    """Per (series, origin) row: features before the cut, the candidates' forecasts, the
    actual values, the observed mask and the scale, for the cuts ``h + j``."""
    from drugtrends.models.batch import series_features

    K1 = next(iter(fc.values())).shape[0]
    F = series_features(series, cuts=K1 - 1, standardize=not raw)
    pts = np.stack([c(fc, None, series) for c in cands])  # (C, K1, n, h)
    rows = {"X": [], "P": [], "A": [], "OK": [], "scale": [], "i": [], "j": []}
    for i, y in enumerate(series):
        n = y.size
        for j in range(origins):
            c = h + j
            if n - c < MIN_FIT or not np.all(np.isfinite(F[c, i])):
                continue
            a = y[n - c : n - c + h]
            ok = observed[i][n - c : n - c + h]
            scale = np.mean(np.abs(np.diff(y[: n - c])))
            if not ok.any() or not scale > 0:
                continue
            vals = (F[c, i], pts[:, c, i], a, ok, scale, i, j)
            for k, v in zip(("X", "P", "A", "OK", "scale", "i", "j"), vals, strict=True):
                rows[k].append(v)
    return {k: np.array(v) for k, v in rows.items()}


def _row_errors(r, f):
    """Per-row MASE and sMAPE of forecasts ``f`` ``(rows, h)``."""
    ok = r["OK"] & np.isfinite(f)
    e = np.abs(r["A"] - f)
    cnt = np.maximum(ok.sum(axis=1), 1)
    mase = np.where(ok, e, 0).sum(axis=1) / cnt / r["scale"]
    with np.errstate(invalid="ignore", divide="ignore"):
        sm = np.where(ok, 200 * e / (np.abs(r["A"]) + np.abs(f)), 0).sum(axis=1) / cnt
    return mase, sm


def _weighted(theta, Z, P):
    from drugtrends.models.batch import feature_weights

    w = feature_weights(Z, theta.reshape(P.shape[1] - 1, -1))
    return np.einsum("rc,rch->rh", w, P)


def fit_feature_weights(rows: dict, names=FEATURE_FIT_SETS, ridge=FEATURE_RIDGE):
    """Coefficients of :func:`drugtrends.models.batch.feature_weights` minimizing the mean
    over ``names`` of (MASE + sMAPE) relative to the median, at every fitting row.

    Returns ``(coef, centre, spread)``; features standardized with the pooled mean and
    standard deviation of the fitting rows, clipped as in the package."""
    from scipy.optimize import minimize

    from drugtrends.models.batch import FEATURE_CLIP

    X = np.concatenate([rows[k]["X"] for k in names])
    centre, spread = X.mean(axis=0), X.std(axis=0)
    C = rows[names[0]]["P"].shape[1]
    d = X.shape[1] + 1
    Zs = {k: np.clip((rows[k]["X"] - centre) / spread, -FEATURE_CLIP, FEATURE_CLIP) for k in names}
    base = {k: _row_errors(rows[k], rows[k]["P"][:, 0]) for k in names}

    def objective(theta):
        tot = 0.0
        for k in names:
            m, sm = _row_errors(rows[k], _weighted(theta, Zs[k], rows[k]["P"]))
            tot += m.sum() / base[k][0].sum() + sm.sum() / base[k][1].sum()
        return tot / len(names) + ridge * float(np.sum(theta**2))

    theta0 = np.zeros((C - 1) * d)
    theta0[::d] = -3.0
    res = minimize(
        objective, theta0, method="Powell", options={"maxiter": 4000, "xtol": 1e-3, "ftol": 1e-6}
    )
    return res.x.reshape(C - 1, d), centre, spread


def _trend_median(fc, past, ys):
    from drugtrends.models.batch import TREND_MEMBERS

    return np.median(_stack(fc, TREND_MEMBERS), axis=0)


def _features(fc, past, ys):
    """The shipped feature weighting (:func:`drugtrends.models.batch.feature_weighted`)."""
    from drugtrends.models.batch import feature_weighted

    K1 = fc[BASE[0]].shape[0]
    return feature_weighted(fc, ys, BASE, cuts=K1 - 1)


FEATURE_CANDS = (MED6, _trend_median, _single(SES_LOG))

CANDIDATES["trend median (dotm, theta, drift)"] = _trend_median
CANDIDATES["features: median/trend median/ses"] = _features


def bootstrap_ratio(num, den, groups, reps=1000, seed=0):
    """90 % bootstrap interval (over series) of ``sum(num) / sum(den)``."""
    rng = np.random.default_rng(seed)
    u, inv = np.unique(groups, return_inverse=True)
    a, b = np.bincount(inv, num), np.bincount(inv, den)
    idx = rng.integers(0, len(u), (reps, len(u)))
    r = a[idx].sum(axis=1) / b[idx].sum(axis=1)
    return np.percentile(r, [5, 95])


def feature_table(sets: dict, origins: int = FEATURE_ORIGINS) -> pd.DataFrame:
    """Fit the feature weights on :data:`FEATURE_FIT_SETS` and score them on every set:
    fitted on all origins (in-sample for the fitting sets), on origins 2+ and scored on
    origins 0-1 (the latest), and leaving each fitting set out; ratios to the median with
    90 % bootstrap intervals over series."""
    from drugtrends.models.batch import FEATURE_CLIP, feature_weights, member_forecasts

    rows = {}
    for name, (series, observed, h) in sets.items():
        fc = member_forecasts(series, h, POOL, cuts=h + origins - 1)
        rows[name] = _feature_rows(series, observed, h, origins, fc, FEATURE_CANDS)
    fits = {"all origins": (FEATURE_FIT_SETS, None, None)}
    fits["origins 2+ -> 0-1"] = (FEATURE_FIT_SETS, 2, 1)
    for out in FEATURE_FIT_SETS:
        fits[f"without {out}"] = (tuple(k for k in FEATURE_FIT_SETS if k != out), None, None)
    out_rows = []
    for label, (names, jfit, jscore) in fits.items():
        sub = {
            k: {f: v[r["j"] >= jfit] for f, v in r.items()} if jfit else r
            for k, r in rows.items()
            if k in names
        }
        coef, centre, spread = fit_feature_weights(sub, names)
        if label == "all origins":
            print("fitted on all origins of", names)
            print("FEATURE_CENTRE =", np.round(centre, 4).tolist())
            print("FEATURE_SPREAD =", np.round(spread, 4).tolist())
            print("FEATURE_COEF =", np.round(coef, 2).tolist())
        for k, r in rows.items():
            if jscore is not None:
                r = {f: v[r["j"] <= jscore] for f, v in r.items()}
            Z = np.clip((r["X"] - centre) / spread, -FEATURE_CLIP, FEATURE_CLIP)
            m, sm = _row_errors(r, _weighted(coef.ravel(), Z, r["P"]))
            bm, bs = _row_errors(r, r["P"][:, 0])
            w = feature_weights(Z, coef).mean(axis=0)
            lo_m, hi_m = bootstrap_ratio(m, bm, r["i"])
            lo_s, hi_s = bootstrap_ratio(sm, bs, r["i"])
            out_rows.append(
                {
                    "fit": label,
                    "set": k,
                    "rows": len(m),
                    "MASE x": m.sum() / bm.sum(),
                    "90% CI": f"{lo_m:.4f}-{hi_m:.4f}",
                    "sMAPE x": sm.sum() / bs.sum(),
                    "90% CI ": f"{lo_s:.4f}-{hi_s:.4f}",
                    "mean w (med/trend/ses)": "/".join(f"{x:.2f}" for x in w),
                }
            )
    return pd.DataFrame(out_rows)


SNR_BINS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, np.inf)


def snr_bin_table(sets: dict, origins: int = FEATURE_ORIGINS) -> pd.DataFrame:
    """The hypothesis behind a trend-keeping choice, checked inside the training parts: per
    bin of the trend's signal-to-noise ratio (``|mean| / sd`` of the log changes before the
    cut), the change of the set's total MASE and sMAPE (in % of the median's totals) when
    the median is replaced by a trend-keeping alternative in that bin only."""
    from drugtrends.models.batch import member_forecasts

    alts = {
        "dotm log": _single(("dotm", "log")),
        "trend median": _trend_median,
        "median x1.2 change": _shrunk(BASE, 1.2),
        "ses log": _single(SES_LOG),
    }
    out = []
    for name, (series, observed, h) in sets.items():
        fc = member_forecasts(series, h, POOL, cuts=h + origins - 1)
        r = _feature_rows(series, observed, h, origins, fc, (MED6, *alts.values()))
        snr = np.exp(r["X"][:, 0]) - 0.02
        bm, bs = _row_errors(r, r["P"][:, 0])
        for a, label in enumerate(alts, start=1):
            am, asm = _row_errors(r, r["P"][:, a])
            row = {"set": name, "alternative": label}
            for lo, hi in itertools.pairwise(SNR_BINS):
                m = (snr >= lo) & (snr < hi)
                row[f"snr {lo:g}-{hi:g} (n)"] = int(m.sum())
                row[f"snr {lo:g}-{hi:g}"] = (
                    f"{100 * (am[m] - bm[m]).sum() / bm.sum():+.2f} / "
                    f"{100 * (asm[m] - bs[m]).sum() / bs.sum():+.2f}"
                )
            out.append(row)
    return pd.DataFrame(out)


def engine_table(sets: dict, origins: int, peers: bool = False) -> pd.DataFrame:
    """``auto`` as shipped (:func:`forecast_arrays`, intervals included) at each origin
    inside the training parts: sMAPE, MASE, MSIS (95 %) and 80 / 95 % coverage."""
    import drugtrends
    from drugtrends.backtesting import score
    from drugtrends.models.engine import forecast_arrays

    rows = []
    for name, (series, observed, h) in sets.items():
        acc: dict[str, list] = {}
        peer_acc: dict[str, list] = {}
        t0 = time.perf_counter()
        for j in range(origins):
            c = h + j
            keep = [i for i, y in enumerate(series) if y.size - c >= MIN_FIT]
            train = [series[i][: series[i].size - c] for i in keep]
            test = []
            for i in keep:
                a = series[i][series[i].size - c : series[i].size - c + h].copy()
                a[~observed[i][series[i].size - c : series[i].size - c + h]] = np.nan
                test.append(a)
            out = forecast_arrays(train, h, (80, 95), "auto")
            sc = score(train, test, out.mean, out.quantiles, out.probs, (80, 95))
            for k in ("smape", "mase", "msis_95", "coverage_80", "coverage_95"):
                acc.setdefault(k, []).append(np.asarray(sc[k], float))
            acc.setdefault("choice", []).append(out.settings["model"])
            if peers:  # on the series statsforecast can fit (at least PEER_MIN points)
                sub = [i for i, y in enumerate(train) if y.size >= PEER_MIN]
                tr_s, te_s = [train[i] for i in sub], [test[i] for i in sub]
                rows_s = _peer_rows(tr_s, te_s, h)
                sc_s = score(tr_s, te_s, out.mean[sub], out.quantiles[sub], out.probs, (80, 95))
                rows_s.append(_auto_row(sc_s, len(sub)))
                for r in rows_s:
                    peer_acc.setdefault(r["method"], []).append(r)
        row = {"set": name, "package": str(Path(drugtrends.__file__).parents[2].name)}
        for k, v in acc.items():
            row[k] = ", ".join(v) if k == "choice" else float(np.nanmean(np.concatenate(v)))
        row["s"] = time.perf_counter() - t0
        rows.append(row)
        for method, rs in peer_acc.items():
            w = np.array([r["n"] for r in rs], float)
            prow = {"set": name, "package": method}
            for k, lab in [
                ("smape", "sMAPE"),
                ("mase", "MASE"),
                ("msis_95", "MSIS95"),
                ("coverage_80", "cov80"),
                ("coverage_95", "cov95"),
            ]:
                prow[k] = float(np.sum(w * np.array([r[lab] for r in rs])) / w.sum())
            rows.append(prow)
    return pd.DataFrame(rows)


PEER_MIN = 10
"""Fewest points of a series in the comparison with statsforecast (its AutoETS refuses
"tiny datasets")."""


def _auto_row(sc: dict, n: int) -> dict:
    from m3_yearly import summarize

    row = summarize("auto (peer subset)", "drugtrends", sc, np.nan, n)
    row["n"] = n
    return row


def _peer_rows(train, test, h: int) -> list[dict]:
    """statsforecast's models on one origin (as in ``m3_yearly.py``), rows with ``n``."""
    from m3_yearly import run_statsforecast

    fit = list(train)
    rows = run_statsforecast([str(i) for i in range(len(fit))], fit, test, h=h)
    for r in rows:
        r["n"] = len(fit)
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--origins", type=int, default=ORIGINS)
    p.add_argument("--sets", nargs="+", default=["m3", "world1", "world2", "drug"])
    p.add_argument(
        "--engine", action="store_true", help="score auto as shipped (with intervals) only"
    )
    p.add_argument("--peers", action="store_true", help="with --engine: statsforecast too")
    p.add_argument(
        "--measured",
        action="store_true",
        help="with --engine: auto with the measured refinements on (shrink, SES blends)",
    )
    p.add_argument("--src", help="import drugtrends from this src directory (a baseline)")
    p.add_argument(
        "--test", action="store_true", help="one look at the test years (chosen global model)"
    )
    p.add_argument(
        "--snr-bins",
        action="store_true",
        help="MASE / sMAPE change of trend-keeping alternatives per signal-to-noise bin",
    )
    p.add_argument(
        "--fit-features",
        action="store_true",
        help="fit the feature weights inside the training parts; print them and their table",
    )
    p.add_argument(
        "--only", help="score only the candidates whose name contains this text (and median6)"
    )
    from m3_yearly import add_weighting_option, use_weighting

    add_weighting_option(p)
    args = p.parse_args(argv)
    use_weighting(args.weighting)
    warnings.filterwarnings("ignore")
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    if args.snr_bins:
        sets = load_sets(args.sets)
        t = snr_bin_table(sets, args.origins)
        print("change of total MASE / sMAPE [%] when the alternative replaces the median in a bin")
        for name, g in t.groupby("set", sort=False):
            print(name)
            print(g.drop(columns="set").to_string(index=False))
        return 0
    if args.fit_features:
        sets = load_sets(args.sets)
        print(feature_table(sets, args.origins).round(4).to_string(index=False))
        return 0
    if args.test:
        print(test_table(args.sets).round(4).to_string(index=False))
        return 0
    if args.engine:
        if args.measured:
            from drugtrends.models import engine, simple

            engine.AUTO_SES_SHARES = (0.2, 1 / 3, 0.5)
            simple.Fast.__init__.__kwdefaults__["shrink"] = True
        sets = load_sets(args.sets)
        table = engine_table(sets, args.origins, args.peers)
        print(table.round(4).to_string(index=False))
        return 0
    from drugtrends.models.batch import member_forecasts

    sets = load_sets(args.sets)
    rows = []
    for name, (series, observed, h) in sets.items():
        t0 = time.perf_counter()
        cuts = h + args.origins - 1 + PAST
        fc = member_forecasts(series, h, POOL, cuts=cuts)
        past = past_errors(np.stack([fc[m] for m in POOL]), series, PAST)
        fc.update(global_members(name, sets, h, cuts + 1))
        for cname, fn in CANDIDATES.items():
            if args.only and args.only not in cname and cname != "median6":
                continue
            pts = fn(fc, past, series)
            r = evaluate(pts, series, observed, h, args.origins)
            rows.append({"set": name, "candidate": cname, **r})
        print(f"{name}: {len(series)} series, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    df = pd.DataFrame(rows)
    base = df[df.candidate == "median6"].set_index("set")
    df["MASE rel"] = df.MASE / df.set.map(base.MASE)
    df["sMAPE rel"] = df.sMAPE / df.set.map(base.sMAPE)
    wide = df.pivot(index="candidate", columns="set", values=["MASE rel", "sMAPE rel"])
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    print(
        f"In-training rolling origins ({args.origins} per series, last h years of each "
        "training part, then earlier)"
    )
    print(df.pivot(index="candidate", columns="set", values=["MASE", "sMAPE"]).round(3))
    print()
    print("relative to the current auto (median6); < 1 is better")
    wide[("MASE rel", "worst")] = wide["MASE rel"].max(axis=1)
    print(wide.round(4).sort_values(("MASE rel", "worst")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
