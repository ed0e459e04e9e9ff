"""The CF-1.8 form of a Dataset on disk, and back: what :func:`~drugtrends.write_dataset`
writes and :func:`~drugtrends.open_dataset` restores.

A Dataset in memory keeps the units users read (``"USD kg-1"``) and numpy's default
integers. A netCDF file that follows the CF conventions (checked with the IOOS
``compliance-checker --test cf:1.8``) needs two changes, both undone on reading:

* **integers** are stored as 32-bit ``int`` (CF-1.8 has no 64-bit integer type) when their
  values fit; on reading, 32-bit integers come back as 64-bit;
* **currency units** (``USD``, ``USD kg-1``, ``KZT``: a currency is not a physical unit and
  UDUNITS cannot parse it) are split into the ``currency`` attribute (ISO 4217 code) and a
  ``units`` attribute that UDUNITS parses: the rest of the unit (``kg-1``), or ``1`` for
  a plain amount of money. On reading, ``units`` is joined back (``"USD kg-1"``) and
  ``currency`` removed, so ``ds[var].attrs["units"]`` is what it was.

* **text coordinates** of a dimension (``country``, ``record``, ``source``: CF wants a
  coordinate variable to hold monotonic numbers) are stored as label variables
  (``country_label(country)``, an auxiliary coordinate, CF §6.1) marked with the
  ``label_of_dimension`` attribute; on reading they are the dimension's coordinate again.

Nothing else changes: a Dataset written and opened again is identical (values, attributes,
names), up to the 64-bit integer dtype of an integer variable that was 32-bit in memory.

Examples
--------
>>> import numpy as np, xarray as xr
>>> ds = xr.Dataset({"price": ("year", [1.0, 2.0], {"units": "USD kg-1"})},
...                 coords={"year": np.array([2020, 2021])})
>>> disk, encoding = encode(ds)
>>> disk.price.attrs, encoding["year"]
({'units': 'kg-1', 'currency': 'USD'}, {'dtype': 'int32'})
>>> decode(disk).price.attrs
{'units': 'USD kg-1'}
"""

from __future__ import annotations

import re

import numpy as np
import xarray as xr

__all__ = ["CURRENCY_ATTR", "LABEL_ATTR", "decode", "encode", "split_currency"]

CURRENCY_ATTR = "currency"
"""The attribute that holds the ISO 4217 currency code of a monetary variable on disk."""

LABEL_ATTR = "label_of_dimension"
"""On disk, marks the label variable that holds the text coordinate of a dimension."""
LABEL_SUFFIX = "_label"

_CURRENCY = re.compile(r"^(?P<code>[A-Z]{3})(?:\s+(?P<rest>\S.*))?$")
_INT32 = np.iinfo(np.int32)


def split_currency(units: str) -> tuple[str, str] | None:
    """Split a monetary unit into (ISO 4217 code, UDUNITS unit), or None if it is not one.

    Parameters
    ----------
    units : str
        A units string, e.g. ``"USD kg-1"``.

    Returns
    -------
    tuple of str, or None
        ``("USD", "kg-1")``; ``("USD", "1")`` for a plain amount of money.

    Examples
    --------
    >>> split_currency("USD g-1"), split_currency("KZT"), split_currency("kg")
    (('USD', 'g-1'), ('KZT', '1'), None)

    A spelling that would not come back the same (``"USD 1"``, ``" USD"``) is not split.
    """
    match = _CURRENCY.match(units)
    if match is None:
        return None
    code, rest = match["code"], match["rest"] or "1"
    if _join_currency(code, rest) != units:  # "USD 1", "USD  kg-1": would not come back
        return None
    return code, rest


def _join_currency(code: str, units: str) -> str:
    return code if units == "1" else f"{code} {units}"


def encode(ds: xr.Dataset) -> tuple[xr.Dataset, dict[str, dict]]:
    """The CF form of ``ds`` and the ``encoding`` argument for :meth:`xarray.Dataset.to_netcdf`.

    Parameters
    ----------
    ds : xarray.Dataset
        The Dataset as users see it (not modified).

    Returns
    -------
    (xarray.Dataset, dict)
        A shallow copy with CF attributes, and per-variable encodings (strings as
        variable-length strings, 64-bit integers that fit as 32-bit).

    Raises
    ------
    ValueError
        If a variable has a ``currency`` attribute: the name is reserved on disk (reading
        could not tell it from the currency of a monetary unit).
    """
    out = ds.copy(deep=False)
    out = _labels_off_dimensions(out)
    encoding: dict[str, dict] = {}
    for name, var in out.variables.items():
        if var.dtype == object or var.dtype.kind == "U":
            encoding[str(name)] = {"dtype": str}
        elif var.dtype.kind in "iu" and var.dtype.itemsize > 4:
            values = np.asarray(var.values)
            if values.size == 0 or (values.min() >= _INT32.min and values.max() <= _INT32.max):
                encoding[str(name)] = {"dtype": "int32"}
        if CURRENCY_ATTR in var.attrs:
            raise ValueError(
                f"variable {name!r} has a {CURRENCY_ATTR!r} attribute: on disk that name holds "
                "the currency of a monetary unit (units 'USD kg-1' are written as units "
                f"'kg-1', {CURRENCY_ATTR} 'USD'), so it could not be told apart; rename it"
            )
        units = var.attrs.get("units")
        parts = split_currency(units) if isinstance(units, str) else None
        if parts is None:
            continue
        attrs = dict(var.attrs)
        attrs["units"] = parts[1]
        attrs[CURRENCY_ATTR] = parts[0]
        var.attrs = attrs  # the shallow copy has its own attrs dict per variable
    return out, encoding


def _labels_off_dimensions(ds: xr.Dataset) -> xr.Dataset:
    """Text coordinates of a dimension (``country``, ``record``) as label variables.

    A CF coordinate variable (named as its dimension) must hold numbers in strictly
    monotonic order; text labels are auxiliary coordinates with their own name (CF §6.1).
    ``country`` is stored as ``country_label(country)``, marked with ``LABEL_ATTR``.
    """
    renames = {}
    for dim in ds.dims:
        var = ds.variables.get(dim)
        if var is None or not (var.dtype == object or var.dtype.kind in "SU"):
            continue
        label = f"{dim}{LABEL_SUFFIX}"
        if label in ds.variables:
            raise ValueError(
                f"the text coordinate {dim!r} is written as the label variable {label!r}, "
                f"but the Dataset already has a variable {label!r}: rename it"
            )
        renames[dim] = label
    for var in ds.variables.values():
        if LABEL_ATTR in var.attrs:
            raise ValueError(
                f"a variable has a {LABEL_ATTR!r} attribute: that name is reserved on disk; "
                "rename it"
            )
    if not renames:
        return ds
    out = ds.rename_vars(renames)
    for dim, label in renames.items():
        out[label].attrs = {**out[label].attrs, LABEL_ATTR: str(dim)}
    return out


def decode(ds: xr.Dataset) -> xr.Dataset:
    """Undo :func:`encode` on a Dataset read from disk.

    Examples
    --------
    >>> import xarray as xr
    >>> disk = xr.Dataset({"x": ("t", [1.0], {"units": "1", "currency": "KZT"})})
    >>> decode(disk).x.attrs["units"]
    'KZT'
    """
    for name in [n for n, v in ds.variables.items() if LABEL_ATTR in v.attrs]:
        label = ds[name]
        dim = str(label.attrs[LABEL_ATTR])
        if label.dims != (dim,) or dim in ds.variables:
            continue  # not what encode wrote: leave it as it is
        attrs = {k: v for k, v in label.attrs.items() if k != LABEL_ATTR}
        ds = ds.drop_vars(name).assign_coords({dim: (dim, label.values, attrs)})
    widen = {}
    for name, var in ds.variables.items():
        code = var.attrs.get(CURRENCY_ATTR)
        units = var.attrs.get("units")
        if isinstance(code, str) and isinstance(units, str) and _CURRENCY.match(code):
            attrs = {k: v for k, v in var.attrs.items() if k != CURRENCY_ATTR}
            attrs["units"] = _join_currency(code, units)
            var.attrs = attrs
        if var.dtype == np.int32:
            widen[name] = ds[name].astype(np.int64)
    coords = {k: v for k, v in widen.items() if k in ds.coords}
    data = {k: v for k, v in widen.items() if k not in ds.coords}
    if coords:
        ds = ds.assign_coords(coords)
    if data:
        ds = ds.assign(data)
    return ds
