"""One tidy table for the result of any verb: estimates with their intervals, long form.

The verbs keep the layout that suits each of them (a forecast has a ``quantile``
dimension, a trend ``growth_lower``/``growth_upper`` at the level of ``attrs["level"]``,
an undercount ``hidden_total_lower_80`` ... variables, a Dataset of records the bounds of
a reported range). :func:`to_frame` reads all of them into one table, so analysis code and
spreadsheets see one shape:

========== ============================================================================
column     meaning
========== ============================================================================
(dims)     the result's own coordinates: ``country``, ``indicator``, ``year`` ...
quantity   the variable: ``growth``, ``hidden_total``, ``forecast``, ``heroin_seizures``
estimate   the point: the median for forecasts, the estimate otherwise
level      the interval's level in percent; NaN for a band without a stated level
           (the bounds of a reported range; annualized cells widen them)
lower      lower end of the interval (or range)
upper      upper end
units      the quantity's units
========== ============================================================================

A quantity with several intervals (80 and 95 %) gives one row per level. Rows whose
estimate and bounds are all missing are left out.

Examples
--------
>>> import numpy as np, xarray as xr
>>> from drugtrends.results import to_frame
>>> fc = xr.Dataset(
...     {"heroin_seizures": (("year", "quantile"), [[8.0, 9.0, 10.0, 11.0, 12.0]])},
...     coords={"year": [2026], "quantile": [0.025, 0.1, 0.5, 0.9, 0.975]},
... )
>>> to_frame(fc)[["year", "quantity", "estimate", "level", "lower", "upper"]]
   year         quantity  estimate  level  lower  upper
0  2026  heroin_seizures      10.0   80.0    9.0   11.0
1  2026  heroin_seizures      10.0   95.0    8.0   12.0
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import xarray as xr

from drugtrends.rules import level_fraction

__all__ = ["to_frame"]

_LEVEL_SUFFIX = re.compile(r"^(?P<name>.+)_lower_(?P<level>\d+(?:\.\d+)?)$")
_COLUMNS = ["quantity", "estimate", "level", "lower", "upper", "units"]


def to_frame(result: xr.Dataset) -> pd.DataFrame:
    """Every estimate of a drugtrends result with its intervals, one row per level.

    Parameters
    ----------
    result : xarray.Dataset
        What :func:`drugtrends.forecast`, :func:`~drugtrends.trend`,
        :func:`~drugtrends.annualize`, :func:`~drugtrends.compare`,
        :func:`~drugtrends.undercount` or :func:`~drugtrends.load_dataset` returned.

    Returns
    -------
    pandas.DataFrame
        The result's dimensions as columns, then ``quantity``, ``estimate``, ``level``
        (percent; NaN for a band without a stated level, such as the bounds of a
        reported range), ``lower``, ``upper`` and
        ``units``. Sorted by quantity, the dimensions and level.

    Raises
    ------
    TypeError
        If ``result`` is not an :class:`xarray.Dataset`.
    ValueError
        If it holds no estimate with an interval or range (say which variables it has).

    Examples
    --------
    >>> import drugtrends as dt                                  # doctest: +SKIP
    >>> tr = dt.trend(dt.load_dataset("KAZ"), ["heroin_seizures"])  # doctest: +SKIP
    >>> dt.to_frame(tr).query("quantity == 'growth'")            # doctest: +SKIP
    """
    if not isinstance(result, xr.Dataset):
        raise TypeError(f"to_frame takes an xarray.Dataset, not {type(result).__name__}")
    parts = _quantile_parts(result) + _suffix_parts(result)
    parts = [p for p in parts if len(p)]
    if not parts:
        names = ", ".join(list(result.data_vars)[:12]) or "none"
        raise ValueError(
            "no estimate with an interval or range in this Dataset "
            f"(variables: {names}); to_frame reads results of the drugtrends verbs"
        )
    integer_dims = {str(d) for d in result.coords if result[d].dtype.kind in "iu"}
    frame = pd.concat(parts, ignore_index=True)
    dims = [c for c in frame.columns if c not in _COLUMNS]
    frame = frame[dims + _COLUMNS]
    keep = frame[["estimate", "lower", "upper"]].notna().any(axis=1)
    frame = frame[keep].sort_values(["quantity", *dims, "level"], na_position="first")
    for dim in dims:  # a year missing from some rows must not turn 2025 into 2025.0
        if dim in integer_dims:
            frame[dim] = frame[dim].astype("Int64")
    return frame.reset_index(drop=True)


def _level_attr(result: xr.Dataset) -> float:
    """The Dataset's ``level`` attribute in percent (NaN when it has none)."""
    try:
        return 100 * level_fraction(result.attrs.get("level"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan


def _numeric(da: xr.DataArray) -> bool:
    return da.dtype.kind in "fiu"


def _rows(
    quantity: str,
    estimate: xr.DataArray,
    lower: xr.DataArray,
    upper: xr.DataArray,
    level: float,
    units: str,
) -> pd.DataFrame:
    """One row per cell of ``estimate`` with its bounds, the coordinates as columns."""
    sides = xr.broadcast(estimate, lower, upper)
    data = xr.Dataset(
        {
            key: side.astype(float).reset_coords(drop=True)
            for key, side in zip(("estimate", "lower", "upper"), sides, strict=True)
        }
    )
    if data.sizes:
        frame = data.to_dataframe().reset_index()
    else:
        frame = pd.DataFrame({key: [float(data[key])] for key in data.data_vars})
    frame["quantity"] = quantity
    frame["level"] = level
    frame["units"] = units
    return frame


def _units(result: xr.Dataset, name: str) -> str:
    units = result[name].attrs.get("units")
    if units in (None, "see units") and "units" in result.data_vars:
        values = np.unique(result["units"].values.astype(str))
        units = values[0] if len(values) == 1 else "see units"
    if units is None:
        units = result.attrs.get("units")
    return "" if units is None else str(units)


def _point(result: xr.Dataset, base: str) -> str | None:
    """The variable holding the point of ``base``'s interval: itself, or its median/value."""
    for name in (base, f"{base}_median", f"{base}_value"):
        if name in result.data_vars and _numeric(result[name]):
            return name
    return None


def _quantile_parts(result: xr.Dataset) -> list[pd.DataFrame]:
    """Variables with a ``quantile`` dimension: median and symmetric pairs as levels."""
    if "quantile" not in result.coords:
        return []
    probs = np.asarray(result["quantile"].values, dtype=float)
    parts = []
    for name, da in result.data_vars.items():
        if "quantile" not in da.dims or not _numeric(da) or str(name).endswith("_quantiles"):
            continue
        if np.any(np.isclose(probs, 0.5)):
            estimate = da.isel(quantile=int(np.argmin(np.abs(probs - 0.5))))
        elif f"{name}_mean" in result:
            estimate = result[f"{name}_mean"]
        else:
            estimate = xr.full_like(da.isel(quantile=0), np.nan, dtype=float)
        estimate = estimate.drop_vars("quantile", errors="ignore")
        for i, q in enumerate(probs):
            j = np.flatnonzero(np.isclose(probs, 1 - q))
            if q >= 0.5 or not len(j):
                continue
            level = round((1 - 2 * q) * 100, 6)
            lower = da.isel(quantile=i).drop_vars("quantile")
            upper = da.isel(quantile=int(j[0])).drop_vars("quantile")
            parts.append(_rows(str(name), estimate, lower, upper, level, _units(result, name)))
    return parts


def _suffix_parts(result: xr.Dataset) -> list[pd.DataFrame]:
    """``x`` beside ``x_lower_L``/``x_upper_L`` (level L) or ``x_lower``/``x_upper``."""
    parts = []
    default_level = _level_attr(result)
    stated = "level" in result.attrs
    for name in result.data_vars:
        name = str(name)
        da = result[name]
        if "quantile" in da.dims or not _numeric(da):
            continue
        match = _LEVEL_SUFFIX.match(name)
        if match and f"{match['name']}_upper_{match['level']}" in result:
            base, point = match["name"], _point(result, match["name"])
            if point is None:
                continue
            upper = result[f"{base}_upper_{match['level']}"]
            level = float(match["level"])
            parts.append(_rows(base, result[point], da, upper, level, _units(result, point)))
        elif name.endswith("_lower") and f"{name[:-6]}_upper" in result:
            base, point = name[:-6], _point(result, name[:-6])
            if point is None:
                continue
            level = default_level if stated else np.nan
            upper = result[f"{base}_upper"]
            parts.append(_rows(base, result[point], da, upper, level, _units(result, point)))
        elif name == "lower" and "value" in result and "upper" in result:
            parts.append(
                _rows(
                    "value", result["value"], da, result["upper"], np.nan, _units(result, "value")
                )
            )
    return parts
