"""``drugtrends.forecast``: forecasts of every (indicator, country) series of a Dataset.

Examples
--------
>>> import numpy as np, xarray as xr
>>> from drugtrends.models import forecast
>>> years = np.arange(2005, 2020)
>>> ds = xr.Dataset(
...     {"users": (("country", "year"), [np.linspace(100, 240, 15)],
...                {"kind": "stock", "units": "1", "long_name": "Registered users",
...                 "caveat": "Registered users undercount use."})},
...     coords={"country": ["KAZ"], "year": years})
>>> fc = forecast(ds, horizon=3)
>>> fc["users"].dims
('country', 'year', 'quantile')
>>> fc["users_status"].item()
'ok'
>>> fc.attrs["interval_method"]
'conformal (reference table)'
>>> fc.year.values.tolist()
[2020, 2021, 2022]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import xarray as xr

from .base import Forecaster
from .engine import PanelForecast, forecast_arrays
from .series import indicator_series, is_dask_backed

__all__ = ["forecast", "indicator_series"]


def _indicators(ds: xr.Dataset) -> list[str]:
    try:
        from drugtrends.dataset import indicator_names
    except ImportError:  # pragma: no cover - the dataset module is part of the package
        return [str(k) for k, v in ds.data_vars.items() if "kind" in v.attrs]
    return indicator_names(ds)


def forecast(
    ds: xr.Dataset,
    model: str | Forecaster = "auto",
    horizon: int = 5,
    levels: Sequence[float] = (80, 95),
    *,
    indicators: Sequence[str] | None = None,
    calibration: str = "conformal",
    origins: int | None = None,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    client: Any = None,
    chunk_size: int | None = None,
    table: Any = None,
    reference: str = "drug",
) -> xr.Dataset:
    """Forecast every (indicator, country) series of a drugtrends Dataset.

    Intervals of ``model="auto"`` do not depend on which other series are in the call
    unless the call is large: with fewer than
    :data:`~drugtrends.models.engine.MIN_OWN_SERIES` series that give rolling-origin errors
    (every one-country Dataset), they come from the shipped drug reference table of scaled
    errors (:func:`~drugtrends.models.calibration.reference_table` with ``kind="drug"``,
    derived from the training parts of 343 world drug-seizure series and of the M3 yearly
    series), so one indicator forecast alone gets the same interval as in a call with all
    indicators. Larger calls pool their own errors. The
    ``calibration_table`` attribute says which was used.

    Parameters
    ----------
    ds : xarray.Dataset
        A Dataset with dimensions ``country`` and ``year`` whose indicator variables carry
        a ``kind`` attribute (as built by :func:`drugtrends.build`).
    model : str or Forecaster
        ``"auto"`` (default) or a name of :func:`drugtrends.models.available_models`.
    horizon : int
        Years ahead of each series' own last observation [years].
    levels : sequence of float
        Central interval levels [percent]; quantiles ``(1 - level/100)/2`` and
        ``(1 + level/100)/2`` plus the median are returned.
    indicators : sequence of str, optional
        Indicators to forecast (default: all).
    calibration : {"conformal", "none"}
        Calibrate intervals from rolling-origin errors (default; see ``table``), or keep
        the model's own.
    origins : int, optional
        Rolling origins per series for calibration (default ``horizon``).
    seed : int
        Seed of random steps (fixed: repeated runs give the same numbers).
    progress : callable, optional
        Progress callback, see :func:`drugtrends.models.engine.forecast_arrays`.
    client : distributed.Client, optional
        Run chunk-wise on this dask.distributed cluster (see :mod:`drugtrends.distributed`);
        a dask-backed ``ds`` runs chunk-wise even without one (on the default client, or
        dask's local scheduler). The result is identical to the in-memory run.
    chunk_size : int, optional
        Series per task on a cluster [series] (default
        :data:`drugtrends.distributed.DEFAULT_CHUNK`).
    table : CalibrationTable or {"auto", "own", "reference"}, optional
        The calibration: ``None``/``"auto"`` the rule above; ``"own"`` errors pooled over
        the series of this call; ``"reference"`` the shipped reference table (``auto`` and
        ``fast`` only); or a table from
        :func:`~drugtrends.models.engine.panel_table` (e.g. of a larger panel).
    reference : {"drug", "generic"}
        Which shipped reference table a small call uses: ``"drug"`` (default, drug
        series) or ``"generic"`` (M3 yearly).

    Returns
    -------
    xarray.Dataset
        For each indicator ``v``: ``v`` (country, year, quantile), ``v_mean``
        (country, year), ``v_status`` and ``v_model`` (country). ``year`` holds calendar
        years; each series' forecasts start the year after its own last observation (NaN
        elsewhere). Variable attrs carry the input's ``units``, ``long_name``, ``caveat``
        and ``kind`` plus ``model``, ``settings``, ``interval_method``,
        ``calibration_table`` (where the errors came from) and ``nominal_coverage``.
    """
    from drugtrends import __version__

    if "country" not in ds.dims or "year" not in ds.dims:
        raise ValueError("the Dataset needs dimensions 'country' and 'year'")
    if ds.sizes["year"] == 0:
        raise ValueError("the Dataset has no years: there is nothing to forecast from")
    names = list(indicators) if indicators is not None else _indicators(ds)
    for name in names:
        if name not in ds:
            raise KeyError(f"no indicator {name!r} in the Dataset")
    if client is not None or is_dask_backed(ds):
        from drugtrends import distributed  # (only then: an in-memory call stays light)

        out, notes = distributed.forecast_indicators(
            ds,
            names,
            horizon,
            levels,
            model,
            calibration=calibration,
            origins=origins,
            seed=seed,
            table=table,
            client=client,
            chunk_size=chunk_size or distributed.DEFAULT_CHUNK,
            progress=progress,
            reference=reference,
        )
        blocks: list[Any] = [(np.empty((len(nt), 0)), None, None, nt) for nt in notes]
    else:
        blocks = [indicator_series(ds, name) for name in names]
        series: list[np.ndarray] = []
        for values, _, _, _ in blocks:
            series.extend(list(values))
        out = forecast_arrays(
            series,
            horizon=horizon,
            levels=levels,
            model=model,
            calibration=calibration,
            origins=origins,
            table=table,
            seed=seed,
            progress=progress,
            reference=reference,
        )
    years = np.asarray(ds["year"].values).astype(int)
    ends = [years[j] for j in out.last_index if j >= 0]
    if ends:
        first, last = min(ends) + 1, max(ends) + out.mean.shape[1]
    else:
        first = last = int(years.max()) + 1 if years.size else 1
    fyears = np.arange(first, last + 1)
    return _to_dataset(ds, names, blocks, out, years, fyears, __version__, levels)


def _to_dataset(
    ds: xr.Dataset,
    names: list[str],
    blocks: list[Any],
    out: PanelForecast,
    years: np.ndarray,
    fyears: np.ndarray,
    version: str,
    levels: Sequence[float],
) -> xr.Dataset:
    horizon = out.mean.shape[1]
    data_vars: dict[str, Any] = {}
    countries = [str(c) for c in ds["country"].values]
    row = 0
    settings = json.dumps(out.settings)
    for name, (values, _, _, notes) in zip(names, blocks, strict=True):
        nc = values.shape[0]
        q = np.full((nc, fyears.size, out.probs.size), np.nan)
        m = np.full((nc, fyears.size), np.nan)
        status, models, outcome = [], [], []
        for c in range(nc):
            i = row + c
            j = out.last_index[i]
            if j >= 0 and np.isfinite(out.mean[i]).any():
                pos = int(years[j] + 1 - fyears[0])
                q[c, pos : pos + horizon] = out.quantiles[i]
                m[c, pos : pos + horizon] = out.mean[i]
            st = out.status[i]
            if notes[c]:
                st = f"{st[:-1]}; {notes[c]})" if st.endswith(")") else f"{st} ({notes[c]})"
            status.append(st)
            models.append(out.model[i])
            outcome.append(str(out.code[i]) if len(out.code) else "ok" if out.model[i] else "none")
        row += nc
        src = ds[name].attrs
        attrs = {k: src[k] for k in ("units", "long_name", "caveat", "kind") if k in src}
        attrs.update(
            model=out.settings["model"],
            settings=settings,
            interval_method=out.interval_method,
            calibration_table=out.settings.get("calibration_table", ""),
            nominal_coverage=[float(v) / 100 for v in levels],
            drugtrends_version=version,
        )
        data_vars[name] = (("country", "year", "quantile"), q, attrs)
        mean_attrs = {k: attrs[k] for k in ("units", "long_name") if k in attrs}
        mean_attrs["description"] = (
            "point forecast (for series modelled on the log scale, the back-transformed "
            "point forecast, an estimate of the median)"
        )
        data_vars[f"{name}_mean"] = (("country", "year"), m, mean_attrs)
        data_vars[f"{name}_status"] = (("country",), np.array(status, dtype=object))
        data_vars[f"{name}_model"] = (("country",), np.array(models, dtype=object))
        data_vars[f"{name}_outcome"] = (
            ("country",),
            np.array(outcome, dtype=object),
            {
                "long_name": f"forecast outcome of {name}",
                "description": "ok: the model's forecast; fallback: a naive forecast instead "
                "(too short, constant, or the model failed); none: no forecast. "
                f"{name}_status says why in words.",
            },
        )
    result = xr.Dataset(
        data_vars,
        coords={"country": countries, "year": fyears, "quantile": out.probs},
    )
    result["quantile"].attrs["long_name"] = "quantile probability"
    result.attrs.update(
        title="drugtrends forecasts",
        model=out.settings["model"],
        settings=settings,
        interval_method=out.interval_method,
        calibration_table=out.settings.get("calibration_table", ""),
        nominal_coverage=[float(v) / 100 for v in levels],
        drugtrends_version=version,
    )
    return result
