"""The series of a Dataset as the engine reads them, and whether a Dataset is dask-backed.

A light module (NumPy and xarray only) shared by the in-memory verbs
(:mod:`drugtrends.models.wrapper`) and the dask path (:mod:`drugtrends.distributed`), so
that neither imports the other and an in-memory forecast never loads the dask module.

Examples
--------
>>> import numpy as np, xarray as xr
>>> ds = xr.Dataset(
...     {"v": (("country", "year"), [[1.0, 2.0, 3.0]], {"kind": "flow"}),
...      "v_months": (("country", "year"), [[12.0, 6.0, 12.0]])},
...     coords={"country": ["KAZ"], "year": [2020, 2021, 2022]})
>>> values, countries, years, notes = indicator_series(ds, "v")
>>> values.tolist(), notes
([[1.0, nan, 3.0]], ['1 partial-year flow figure dropped'])
>>> is_dask_backed(ds)
False
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

__all__ = ["indicator_series", "is_dask_backed"]


def is_dask_backed(obj: Any) -> bool:
    """Whether an xarray object (or a list/tuple of them) holds dask arrays.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> ds = xr.Dataset({"v": (("country", "year"), np.ones((4, 3)))})
    >>> is_dask_backed(ds)
    False
    """
    if isinstance(obj, xr.Dataset):
        return any(v.chunks is not None for v in obj.variables.values())
    if isinstance(obj, xr.DataArray):
        return obj.chunks is not None
    if isinstance(obj, list | tuple):
        return any(is_dask_backed(o) for o in obj)
    return False


def indicator_series(
    ds: xr.Dataset, name: str
) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
    """The (country, year) values of one indicator, ready to forecast.

    Figures that are not full years by :func:`drugtrends.rules.full_year_mask` (flow
    figures covering less than twelve months, or an unknown number of months, in
    ``<name>_months``) are not comparable with full years and are dropped (annualize
    them first with :func:`drugtrends.annualize` to use them).

    Returns
    -------
    values : array (country, year)
    countries : list of str
    years : array of int
    notes : list of str
        One note per country (empty when nothing was dropped).
    """
    da = ds[name].transpose("country", "year")
    values = np.asarray(da.values, dtype=float).copy()
    notes = [""] * values.shape[0]
    months_name = f"{name}_months"
    if months_name in ds:
        from drugtrends.rules import full_year_mask, unknown_months_mask

        months = np.asarray(ds[months_name].transpose("country", "year").values, dtype=float)
        kind = da.attrs.get("kind")
        figure = np.isfinite(values)
        partial = figure & ~full_year_mask(months, kind)
        unknown = figure & unknown_months_mask(months, kind)
        for c in range(values.shape[0]):
            k, u = int(partial[c].sum()), int(unknown[c].sum())
            if k:
                what = f"{k} partial-year flow figure{'s' if k > 1 else ''}"
                if u:
                    what += f" ({u} with unknown months)"
                notes[c] = f"{what} dropped"
        values[partial] = np.nan
    countries = [str(c) for c in da["country"].values]
    years = np.asarray(da["year"].values).astype(int)
    return values, countries, years, notes
