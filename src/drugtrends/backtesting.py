"""Rolling-origin evaluation of forecasts: sMAPE, MASE, MSIS and interval coverage.

:func:`backtest` cuts every series at one or more origins before its end, forecasts from
the part before the origin (calibration included, using nothing after the origin) and
scores the forecasts against what followed. It accepts a drugtrends Dataset (every
indicator and country) or a long panel table.

Metrics (Hyndman and Koehler, 2006; Makridakis et al., 2020, the M4 competition):

* sMAPE = mean over steps of ``200 |y - f| / (|y| + |f|)`` [percent];
* MASE = mean absolute error divided by the in-sample mean absolute first difference;
* MSIS at level ``L`` = mean over steps of ``(u - l) + 2/a (l - y)[y < l] + 2/a (y - u)[y > u]``
  with ``a = 1 - L/100``, scaled like MASE (Gneiting and Raftery, 2007);
* coverage at level ``L`` = share of actual values inside the ``L`` % interval, bounds
  included (``lo <= y <= hi``, up to rounding error: see :func:`covered`).

Examples
--------
>>> import numpy as np, pandas as pd
>>> from drugtrends.backtesting import backtest, format_table
>>> t = np.arange(20)
>>> panel = pd.DataFrame({"series_id": np.repeat(["a", "b"], 20), "t": np.tile(t, 2),
...                       "value": np.r_[10 * 1.1**t, 50 * 0.9**t]})
>>> res = backtest(panel, model="drift", horizon=3, n_origins=2)
>>> float(res["smape"].mean()) < 1e-6
True
>>> print(format_table(res))                            # doctest: +ELLIPSIS
model  series  sMAPE  MASE ...
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from drugtrends.rules import level_positions

__all__ = ["backtest", "covered", "format_table", "score", "summarize"]


def _scale(y: np.ndarray) -> float:
    d = np.abs(np.diff(y[np.isfinite(y)]))
    return float(d.mean()) if d.size else np.nan


def score(
    train: Sequence[np.ndarray],
    actual: Sequence[np.ndarray],
    mean: np.ndarray,
    quantiles: np.ndarray,
    probs: np.ndarray,
    levels: Sequence[float] = (80, 95),
) -> dict[str, np.ndarray]:
    """Per-series accuracy of forecasts against actual values.

    Parameters
    ----------
    train : sequence of 1-D arrays
        The data each forecast was made from (for the MASE/MSIS scale).
    actual : sequence of 1-D arrays
        The values that followed (may be shorter than the horizon; NaN ignored).
    mean : array (n, horizon)
        Point forecasts.
    quantiles : array (n, horizon, n_probs)
        Forecast quantiles at ``probs``.
    probs : array
        Quantile probabilities.
    levels : sequence of float
        Interval levels to score [percent].

    Returns
    -------
    dict
        ``smape``, ``mase``, and per level ``msis_<L>`` and ``coverage_<L>``: arrays of one
        value per series (NaN where the series has no forecast or no actual values).
    """
    n = len(train)
    out: dict[str, np.ndarray] = {"smape": np.full(n, np.nan), "mase": np.full(n, np.nan)}
    for lv in levels:
        out[f"msis_{_lv(lv)}"] = np.full(n, np.nan)
        out[f"coverage_{_lv(lv)}"] = np.full(n, np.nan)
    for i in range(n):
        y = np.asarray(actual[i], dtype=float)
        hmax = min(y.size, mean.shape[1])
        y = y[:hmax]
        f = mean[i, :hmax]
        ok = np.isfinite(y) & np.isfinite(f)
        if not ok.any():
            continue
        y, f = y[ok], f[ok]
        den = np.abs(y) + np.abs(f)
        out["smape"][i] = np.mean(
            np.where(den > 0, 200 * np.abs(y - f) / np.where(den > 0, den, 1), 0)
        )
        s = _scale(np.asarray(train[i], dtype=float))
        if s > 0:
            out["mase"][i] = np.mean(np.abs(y - f)) / s
        for lv in levels:
            jl, ju = level_positions(probs, lv)
            lo = quantiles[i, :hmax, jl][ok]
            hi = quantiles[i, :hmax, ju][ok]
            if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
                continue
            alpha = 1 - lv / 100
            is_ = (hi - lo) + 2 / alpha * (lo - y) * (y < lo) + 2 / alpha * (y - hi) * (y > hi)
            if s > 0:
                out[f"msis_{_lv(lv)}"][i] = np.mean(is_) / s
            out[f"coverage_{_lv(lv)}"][i] = np.mean(covered(y, lo, hi))
    return out


COVER_RTOL = 1e-9
"""Relative tolerance of :func:`covered`: forecasts made on the log scale come back with
rounding error (``exp(log(7.3)) = 7.300000000000001``), which must not make an actual value
equal to a bound fall outside it."""


def covered(y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Whether each actual value lies in its interval, bounds included: ``lo <= y <= hi``.

    A value equal to a bound up to rounding error (relative tolerance :data:`COVER_RTOL`)
    counts as covered, so a zero-width interval at the right value covers it.

    Examples
    --------
    >>> covered(np.array([7.3, 7.3, 8.0]), np.array([7.3, 7.300000000000001, 7.0]),
    ...         np.array([7.3, 7.300000000000001, 7.5]))
    array([ True,  True, False])
    """
    y, lo, hi = (np.asarray(a, dtype=float) for a in (y, lo, hi))
    tol = COVER_RTOL * np.maximum(np.abs(y), np.maximum(np.abs(lo), np.abs(hi)))
    return (y >= lo - tol) & (y <= hi + tol)


def _lv(level: float) -> str:
    return f"{level:g}".replace(".", "_")


def _panel_series(
    data: xr.Dataset | pd.DataFrame, id_col: str, time_col: str, value_col: str
) -> tuple[list[str], list[np.ndarray]]:
    if isinstance(data, xr.Dataset):
        from drugtrends.models.wrapper import _indicators, indicator_series

        ids: list[str] = []
        series: list[np.ndarray] = []
        for name in _indicators(data):
            values, countries, _, _ = indicator_series(data, name)
            for c, row in zip(countries, values, strict=True):
                ids.append(f"{name}/{c}")
                series.append(row)
        return ids, series
    if isinstance(data, pd.DataFrame):
        missing = [c for c in (id_col, time_col, value_col) if c not in data.columns]
        if missing:
            raise KeyError(f"panel lacks column(s) {missing}")
        ids, series = [], []
        for sid, grp in data.sort_values([id_col, time_col]).groupby(id_col, sort=True):
            t = grp[time_col].to_numpy()
            v = pd.to_numeric(grp[value_col], errors="coerce").to_numpy(float)
            full = np.full(int(t.max() - t.min()) + 1, np.nan)
            full[(t - t.min()).astype(int)] = v
            ids.append(str(sid))
            series.append(full)
        return ids, series
    raise TypeError("backtest takes a drugtrends Dataset or a long pandas DataFrame")


def backtest(
    data: xr.Dataset | pd.DataFrame,
    model: str | Any = "auto",
    horizon: int = 5,
    levels: Sequence[float] = (80, 95),
    *,
    n_origins: int = 3,
    step: int = 1,
    min_train: int = 5,
    calibration: str = "conformal",
    seed: int = 0,
    id_col: str = "series_id",
    time_col: str = "t",
    value_col: str = "value",
    client: Any = None,
    chunk_size: int | None = None,
    reference: str | None = None,
) -> xr.Dataset:
    """Rolling-origin evaluation of a model over a Dataset or a panel.

    Origin ``o`` (``o = 0 .. n_origins - 1``) cuts each series ``horizon + o * step``
    points before its last observation; the model (and its calibration) sees only the
    points before the cut, and is scored on up to ``horizon`` points after it.

    Parameters
    ----------
    data : xarray.Dataset or pandas.DataFrame
        A drugtrends Dataset, or a long table with columns ``id_col``, ``time_col``
        (integers) and ``value_col``.
    model : str or Forecaster
        As in :func:`drugtrends.forecast`.
    horizon : int
        Steps ahead scored [years].
    levels : sequence of float
        Interval levels [percent].
    n_origins, step : int
        Number of origins and years between them.
    min_train : int
        Fewest points before a cut for the series to be scored at that origin.
    calibration : {"conformal", "none"}
    seed : int
    id_col, time_col, value_col : str
        Column names of a panel table.
    client : distributed.Client, optional
        Forecast each origin chunk-wise on this dask.distributed cluster (see
        :mod:`drugtrends.distributed`); a dask-backed Dataset uses the default client if
        there is one. The series are cut on the client; the result is identical.
    chunk_size : int, optional
        Series per task on a cluster [series].
    reference : {"drug", "generic"}, optional
        The shipped reference table of small calls (see
        :func:`~drugtrends.models.engine.forecast_arrays`); default ``"drug"`` for a
        Dataset (drug indicators), ``"generic"`` for a panel table.

    Returns
    -------
    xarray.Dataset
        ``smape``, ``mase``, ``msis_<L>``, ``coverage_<L>`` with dims (series, origin),
        coordinate ``n_points`` (each series' length from its first to its last
        observation); attrs give the model, settings and the pooled summary. A series
        shorter than ``horizon + min_train`` is not scored (NaN).

    Raises
    ------
    ValueError
        If no series is long enough for even the first origin (``horizon + min_train``
        points), or the horizon or the number of origins is below 1.

    Examples
    --------
    >>> import drugtrends as dt
    >>> res = dt.backtest(dt.load_dataset("KAZ"), horizon=3)     # doctest: +SKIP
    >>> from drugtrends.backtesting import format_table
    >>> print(format_table(res))                                 # doctest: +SKIP
    """
    from drugtrends.models.engine import forecast_arrays
    from drugtrends.models.series import is_dask_backed

    if horizon < 1:
        raise ValueError(f"horizon must be at least 1, got {horizon}")
    if n_origins < 1:
        raise ValueError(f"n_origins must be at least 1, got {n_origins}")
    if client is None and is_dask_backed(data):
        from drugtrends import distributed

        client = distributed.resolve_client()
    ids, series = _panel_series(data, id_col, time_col, value_col)
    # a Dataset holds drug indicators: its small calls use the drug reference table
    ref = reference or ("drug" if isinstance(data, xr.Dataset) else "generic")
    clean = []
    for y in series:
        y = np.asarray(y, dtype=float)
        ok = np.flatnonzero(np.isfinite(y))
        clean.append(y[ok[0] : ok[-1] + 1] if ok.size else y[:0])
    n_points = np.array([y.size for y in clean], dtype=np.int64)
    need = horizon + min_train
    if not (n_points >= need).any():
        longest = int(n_points.max()) if n_points.size else 0
        raise ValueError(
            f"no series long enough for horizon {horizon} with {n_origins} origins: the "
            f"longest has {longest} points, and a series needs at least {need} "
            f"(horizon {horizon} + {min_train} points to fit on)"
        )
    metrics: dict[str, np.ndarray] = {}
    names = ["smape", "mase"] + [f"{m}_{_lv(lv)}" for lv in levels for m in ("msis", "coverage")]
    for name in names:
        metrics[name] = np.full((len(ids), n_origins), np.nan)
    model_name = model if isinstance(model, str) else getattr(model, "name", str(model))
    for o in range(n_origins):
        cut = horizon + o * step
        idx = [i for i, y in enumerate(clean) if y.size - cut >= min_train]
        if not idx:
            continue
        train = [clean[i][: clean[i].size - cut] for i in idx]
        test = [clean[i][clean[i].size - cut : clean[i].size - cut + horizon] for i in idx]
        if client is not None:
            from drugtrends import distributed

            out = distributed.forecast_series(
                train,
                horizon,
                levels,
                model,
                calibration=calibration,
                seed=seed,
                client=client,
                chunk_size=chunk_size or distributed.DEFAULT_CHUNK,
                reference=ref,
            )
        else:
            out = forecast_arrays(
                train, horizon, levels, model, calibration=calibration, seed=seed, reference=ref
            )
        sc = score(train, test, out.mean, out.quantiles, out.probs, levels)
        for name in names:
            metrics[name][idx, o] = sc[name]
    ds = xr.Dataset(
        {k: (("series", "origin"), v) for k, v in metrics.items()},
        coords={"series": ids, "origin": np.arange(n_origins)},
    )
    ds = ds.assign_coords(n_points=("series", n_points))
    ds["n_points"].attrs["long_name"] = "points from the first to the last observation"
    ds.attrs.update(
        model=str(model_name),
        horizon=int(horizon),
        levels=[float(v) for v in levels],
        n_origins=int(n_origins),
        step=int(step),
        min_train=int(min_train),
        calibration=calibration,
    )
    for k, v in summarize(ds).items():
        ds.attrs[f"summary_{k}"] = v
    return ds


def summarize(result: xr.Dataset) -> dict[str, float]:
    """Pooled metrics of a :func:`backtest` result: means over series and origins."""
    out: dict[str, float] = {"series": float(np.isfinite(result["smape"]).any("origin").sum())}
    for name, var in result.data_vars.items():
        vals = np.asarray(var.values, dtype=float)
        vals = vals[np.isfinite(vals)]
        out[str(name)] = float(vals.mean()) if vals.size else float("nan")
    return out


def format_table(result: xr.Dataset | Sequence[xr.Dataset]) -> str:
    """A plain-text table of pooled metrics, one row per backtest result.

    Examples
    --------
    >>> print(format_table(backtest_result))           # doctest: +SKIP
    """
    results = [result] if isinstance(result, xr.Dataset) else list(result)
    rows = []
    for r in results:
        s = summarize(r)
        row = {"model": r.attrs.get("model", "?"), "series": int(s.pop("series"))}
        for k, v in s.items():
            label = {"smape": "sMAPE", "mase": "MASE"}.get(
                k, k.replace("coverage_", "cov").replace("msis_", "MSIS")
            )
            row[label] = round(v, 3)
        rows.append(row)
    return pd.DataFrame(rows).to_string(index=False)
