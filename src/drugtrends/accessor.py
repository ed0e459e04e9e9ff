"""The ``ds.drugtrends`` accessor: domain verbs on a drugtrends Dataset.

Each verb is a thin call to the module that does the work, with the Dataset as its first
argument, so ``ds.drugtrends.forecast(...)`` is ``drugtrends.forecast(ds, ...)``.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                  # doctest: +SKIP
>>> ds.drugtrends.indicators                     # doctest: +SKIP
['drug_seizures_total', 'heroin_seizures', ...]
>>> ds.drugtrends.conflicts()                    # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

import xarray as xr

__all__ = ["DrugtrendsAccessor"]


def _call(module: str, name: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(importlib.import_module(module), name)(*args, **kwargs)


@xr.register_dataset_accessor("drugtrends")
class DrugtrendsAccessor:
    """Domain verbs for Datasets built by :func:`drugtrends.build`."""

    def __init__(self, ds: xr.Dataset):
        self._ds = ds

    # ------------------------------------------------------------------ structure
    @property
    def indicators(self) -> list[str]:
        """Names of the indicator variables (not their companions)."""
        from drugtrends.dataset import indicator_names

        return indicator_names(self._ds)

    def companions(self, indicator: str) -> dict[str, xr.DataArray]:
        """The companion variables of one indicator (bounds, months, edition, source, ...)."""
        from drugtrends.dataset import companions

        return companions(self._ds, indicator)

    def conflicts(self) -> Any:
        """Figures for the same period that disagree by more than 10 %, as a DataFrame."""
        from drugtrends.dataset import conflicts_from_dataset

        return conflicts_from_dataset(self._ds)

    def to_netcdf(self, path: Any) -> None:
        """Write the Dataset atomically (temporary file, then rename)."""
        from drugtrends.dataset import write_dataset

        write_dataset(self._ds, path)

    # ------------------------------------------------------------------ statistics
    def annualize(self, *args: Any, **kwargs: Any) -> xr.Dataset:
        """Partial-year figures scaled to full years, with intervals. See
        :func:`drugtrends.stats.periods.annualize`."""
        return _call("drugtrends.stats.periods", "annualize", self._ds, *args, **kwargs)

    def compare(self, *args: Any, **kwargs: Any) -> Any:
        """Comparable-period change between two years. See
        :func:`drugtrends.stats.periods.compare`."""
        return _call("drugtrends.stats.periods", "compare", self._ds, *args, **kwargs)

    def trend(self, *args: Any, **kwargs: Any) -> xr.Dataset:
        """Trend statistics with intervals. See :func:`drugtrends.stats.trend.trend`."""
        return _call("drugtrends.stats.trend", "trend", self._ds, *args, **kwargs)

    def undercount(self, *args: Any, **kwargs: Any) -> xr.Dataset:
        """Hidden-population estimate beside the registered counts. See
        :func:`drugtrends.stats.undercount.undercount`."""
        return _call("drugtrends.stats.undercount", "undercount", self._ds, *args, **kwargs)

    # ------------------------------------------------------------------ models
    def forecast(self, *args: Any, **kwargs: Any) -> xr.Dataset:
        """Forecasts with 80 and 95 % intervals. See :func:`drugtrends.models.forecast`."""
        return _call("drugtrends.models", "forecast", self._ds, *args, **kwargs)

    def backtest(self, *args: Any, **kwargs: Any) -> xr.Dataset:
        """Rolling-origin evaluation. See :func:`drugtrends.backtesting.backtest`."""
        return _call("drugtrends.backtesting", "backtest", self._ds, *args, **kwargs)

    # ------------------------------------------------------------------ plots
    def plot(self, indicator: str, *args: Any, **kwargs: Any) -> Any:
        """Figure of one indicator. See :func:`drugtrends.plot.indicator`."""
        return _call("drugtrends.plot", "indicator", self._ds, indicator, *args, **kwargs)
