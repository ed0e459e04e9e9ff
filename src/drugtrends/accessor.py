"""The ``ds.drugtrends`` accessor: domain verbs on a drugtrends Dataset.

Each verb is a thin call to the library function that does the work, with the Dataset as
its first argument: ``ds.drugtrends.forecast(horizon=3)`` is
``drugtrends.forecast(ds, horizon=3)``. Every verb spells out the parameters of its
library function (a test keeps the two signatures equal), so ``help(ds.drugtrends.trend)``
and an editor's completion show them; the heavy modules still load only when a verb is
called.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                  # doctest: +SKIP
>>> ds.drugtrends.indicators                     # doctest: +SKIP
['amphetamine_seizures', 'cannabis_harvest_estimate', ...]
>>> ds.drugtrends.trend("heroin_seizures", start=2000)   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xarray as xr

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from drugtrends.models.base import Forecaster
    from drugtrends.stats.periods import SharePrior
    from drugtrends.stats.undercount import UndercountPrior

__all__ = ["VERBS", "DrugtrendsAccessor"]

VERBS: dict[str, tuple[str, str]] = {
    "companions": ("drugtrends.dataset", "companions"),
    "conflicts": ("drugtrends.dataset", "conflicts_from_dataset"),
    "to_netcdf": ("drugtrends.dataset", "write_dataset"),
    "annualize": ("drugtrends.stats.periods", "annualize"),
    "compare": ("drugtrends.stats.periods", "compare"),
    "trend": ("drugtrends.stats.trend", "trend"),
    "undercount": ("drugtrends.stats.undercount", "undercount"),
    "forecast": ("drugtrends.models", "forecast"),
    "backtest": ("drugtrends.backtesting", "backtest"),
    "plot": ("drugtrends.plot", "indicator"),
}
"""Each accessor verb and the library function (module, name) it calls with the Dataset."""


def _function(verb: str) -> Callable[..., Any]:
    import importlib

    module, name = VERBS[verb]
    return getattr(importlib.import_module(module), name)


@xr.register_dataset_accessor("drugtrends")
class DrugtrendsAccessor:
    """Domain verbs for Datasets built by :func:`drugtrends.build`.

    Parameters
    ----------
    ds : xarray.Dataset
        The Dataset the verbs work on (given by xarray: ``ds.drugtrends``).
    """

    def __init__(self, ds: xr.Dataset):
        self._ds = ds

    # ------------------------------------------------------------------ structure
    @property
    def indicators(self) -> list[str]:
        """Names of the indicator variables (not their companions).

        See :func:`drugtrends.dataset.indicator_names`.
        """
        from drugtrends.dataset import indicator_names

        return indicator_names(self._ds)

    def companions(self, indicator: str) -> dict[str, xr.DataArray]:
        """The companion variables of one indicator (bounds, months, edition, source, ...).

        See :func:`drugtrends.dataset.companions`.

        Parameters
        ----------
        indicator : str
            Indicator name, e.g. ``"heroin_seizures"``.

        Returns
        -------
        dict of str to xarray.DataArray
            Keyed by suffix (``lower``, ``upper``, ``months``, ``edition``, ``source``,
            ``record``).
        """
        return _function("companions")(self._ds, indicator)

    def conflicts(self, threshold: float = 0.1) -> pd.DataFrame:
        """Figures for the same period that disagree by more than ``threshold``, as a table.

        See :func:`drugtrends.dataset.conflicts_from_dataset`.

        Parameters
        ----------
        threshold : float
            Smallest percent difference ``|a - b| / mean(|a|, |b|)`` that is a conflict,
            as a fraction [1] (default 0.1, i.e. 10 %).

        Returns
        -------
        pandas.DataFrame
            One row per conflicting pair of records.
        """
        return _function("conflicts")(self._ds, threshold)

    def to_netcdf(self, path: str | Path) -> Path:
        """Write the Dataset to a CF-1.8 netCDF file atomically (temporary file, then rename).

        See :func:`drugtrends.write_dataset`; :func:`drugtrends.open_dataset` reads it back.

        Parameters
        ----------
        path : path-like
            Destination ``.nc`` file.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        return _function("to_netcdf")(self._ds, path)

    # ------------------------------------------------------------------ statistics
    def annualize(
        self,
        indicators: str | Iterable[str] | None = None,
        *,
        level: float = 95,
        prior: SharePrior | None = None,
        borrow: float = 0.0,
        min_months: int = 6,
    ) -> xr.Dataset:
        """Scale partial-year flow figures to annual estimates with an interval.

        See :func:`drugtrends.stats.periods.annualize`.

        Parameters
        ----------
        indicators : str or iterable of str, optional
            Indicators to annualize (all flows by default). Stocks, prices and ratios are
            never scaled.
        level : float
            Coverage of the interval written to ``<v>_lower`` / ``<v>_upper`` for
            annualized cells, in percent (default 95; a fraction warns and is converted).
        prior : SharePrior, optional
            Prior of the share exponent.
        borrow : float
            Weight in [0, 1] of share pairs learned from other drug groups [1] (0: each
            group learns from its own pairs, else from the stated prior).
        min_months : int
            Fewest months a partial figure must cover to be scaled [months].

        Returns
        -------
        xarray.Dataset
            The same layout as the Dataset, annualized cells marked in
            ``<v>_annualized``.
        """
        return _function("annualize")(
            self._ds,
            indicators,
            level=level,
            prior=prior,
            borrow=borrow,
            min_months=min_months,
        )

    def compare(
        self,
        indicator: str,
        year_a: int,
        year_b: int,
        country: str | None = None,
        *,
        months: int | None = None,
        annualized: bool = False,
        level: float = 95,
    ) -> xr.Dataset:
        """Compare one indicator between two years on the same months (like with like).

        See :func:`drugtrends.stats.periods.compare`.

        Parameters
        ----------
        indicator : str
            Indicator name.
        year_a, year_b : int
            The base year and the year compared with it.
        country : str, optional
            ISO3 code; the Dataset's only country by default.
        months : int, optional
            Compare figures that cover this many months in both years; by default the
            longest coverage both years share.
        annualized : bool
            If no common coverage exists, compare annualized estimates instead.
        level : float
            Coverage of the annualization interval (only used with ``annualized``), in
            percent (default 95; a fraction warns and is converted).

        Returns
        -------
        xarray.Dataset
            ``change``, ``pct_change`` and ``ratio`` with limits, and the figures compared.
        """
        return _function("compare")(
            self._ds,
            indicator,
            year_a,
            year_b,
            country,
            months=months,
            annualized=annualized,
            level=level,
        )

    def trend(
        self,
        indicators: str | Iterable[str] | None = None,
        start: int | None = None,
        end: int | None = None,
        level: float = 95,
        *,
        country: str | Iterable[str] | None = None,
        method: str = "ar1",
        partial: str = "annualize",
        min_months: int = 6,
        min_points: int = 3,
        min_segment: int = 3,
        breaks: bool = True,
        break_model: str = "level",
        n_boot: int = 499,
        seed: int = 0,
        client: Any = None,
        chunk_size: int | None = None,
    ) -> xr.Dataset:
        """Trend statistics with intervals for every (indicator, country) series.

        See :func:`drugtrends.stats.trend.trend`.

        Parameters
        ----------
        indicators : str or iterable of str, optional
            Indicators (all by default).
        start, end : int, optional
            First and last year to use [year].
        level : float
            Confidence level of every interval, in percent (default 95; a fraction warns
            and is converted).
        country : str or iterable of str, optional
            ISO3 code(s) (all by default).
        method : {"ar1", "hac", "gls_ar1", "ols"}
            Interval of the growth rate: ``"ar1"`` (default) allows for AR(1) errors with
            a bias-corrected phi and a simulated critical value.
        partial : {"annualize", "drop", "keep"}
            Partial-year flow figures: annualized with their interval (default), left
            out, or used as reported.
        min_months : int
            With ``partial="annualize"``, fewest months a partial figure must cover to be
            scaled [months].
        min_points : int
            Fewest figures for any statistic [figures]; at least 3.
        min_segment : int
            Fewest figures on each side of a break [figures].
        breaks : bool
            Scan for a structural break.
        break_model : {"level", "level_slope"}
            A shift in level under a common growth rate, or separate lines.
        n_boot : int
            Simulations for the break p-value and bootstrap draws for its interval.
        seed : int
            Seed for the simulations (results are reproducible).
        client : distributed.Client, optional
            Compute chunk-wise on this dask.distributed cluster.
        chunk_size : int, optional
            Series per task on a cluster [series].

        Returns
        -------
        xarray.Dataset
            Dimensions ``indicator`` and ``country``: growth (percent a year) with its
            limits, Sen slope, Mann-Kendall test, break year, and a summary sentence.
        """
        return _function("trend")(
            self._ds,
            indicators,
            start,
            end,
            level,
            country=country,
            method=method,
            partial=partial,
            min_months=min_months,
            min_points=min_points,
            min_segment=min_segment,
            breaks=breaks,
            break_model=break_model,
            n_boot=n_boot,
            seed=seed,
            client=client,
            chunk_size=chunk_size,
        )

    def undercount(
        self,
        country: str | None = "KAZ",
        *,
        model: str = "total",
        register: str = "registered_drug_users",
        estimates: Sequence[str] | None = None,
        population: dict[int, tuple[float, float]] | None = None,
        prior: UndercountPrior | None = None,
        n_draws: int = 4000,
        seed: int = 0,
        validate: bool = True,
        group: str | None = None,
    ) -> xr.Dataset:
        """Registered counts beside the estimated hidden total, with 80 and 95 % intervals.

        See :func:`drugtrends.stats.undercount.undercount`.

        Parameters
        ----------
        country : str, optional
            ISO3 code (default ``"KAZ"``; None for the Dataset's only country).
        model : {"total", "share"}
            Smooth hidden total (default) or logit-linear registration share.
        register : str
            Indicator of the registered count.
        estimates : sequence of str, optional
            Benchmark indicators (default
            :data:`drugtrends.stats.undercount.BENCHMARKS`).
        population : dict, optional
            ``{year: (lower, upper)}`` population aged 15-64 [persons] for prevalence
            benchmarks.
        prior : UndercountPrior, optional
            Prior of the model.
        n_draws : int
            Simulation draws.
        seed : int
            Seed (results are reproducible).
        validate : bool
            Also run the leave-one-out check and store its results.
        group : str, optional
            The population ``hidden_total`` estimates (one of
            :data:`drugtrends.stats.undercount.POPULATIONS`); by default the broadest
            population that a used benchmark measures.

        Returns
        -------
        xarray.Dataset
            Along ``year``: ``registered``, ``hidden_total`` with its intervals,
            ``registration_share``.
        """
        return _function("undercount")(
            self._ds,
            country,
            model=model,
            register=register,
            estimates=estimates,
            population=population,
            prior=prior,
            n_draws=n_draws,
            seed=seed,
            validate=validate,
            group=group,
        )

    # ------------------------------------------------------------------ models
    def forecast(
        self,
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
        """Forecast every (indicator, country) series of the Dataset.

        See :func:`drugtrends.models.forecast`.

        Parameters
        ----------
        model : str or Forecaster
            ``"auto"`` (default) or a name of :func:`drugtrends.models.available_models`.
        horizon : int
            Years ahead of each series' own last observation [years].
        levels : sequence of float
            Central interval levels [percent].
        indicators : sequence of str, optional
            Indicators to forecast (default: all).
        calibration : {"conformal", "none"}
            Calibrate intervals from rolling-origin errors (default), or keep the model's
            own.
        origins : int, optional
            Rolling origins per series for calibration (default ``horizon``).
        seed : int
            Seed of random steps (repeated runs give the same numbers).
        progress : callable, optional
            Progress callback.
        client : distributed.Client, optional
            Run chunk-wise on this dask.distributed cluster.
        chunk_size : int, optional
            Series per task on a cluster [series].
        table : CalibrationTable or {"auto", "own", "reference"}, optional
            The calibration table.
        reference : {"drug", "generic"}
            Reference calibration table of small calls: rolling-origin errors of drug
            series pooled with M3 (default), or M3 alone.

        Returns
        -------
        xarray.Dataset
            For each indicator ``v``: ``v`` (country, year, quantile), ``v_mean``,
            ``v_status`` and ``v_model``.
        """
        return _function("forecast")(
            self._ds,
            model,
            horizon,
            levels,
            indicators=indicators,
            calibration=calibration,
            origins=origins,
            seed=seed,
            progress=progress,
            client=client,
            chunk_size=chunk_size,
            table=table,
            reference=reference,
        )

    def backtest(
        self,
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
        """Rolling-origin evaluation of a model over the Dataset's series.

        See :func:`drugtrends.backtesting.backtest`.

        Parameters
        ----------
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
            As in :func:`drugtrends.forecast`.
        seed : int
            Seed of random steps.
        id_col, time_col, value_col : str
            Column names of a panel table (unused for a Dataset).
        client : distributed.Client, optional
            Forecast each origin chunk-wise on this dask.distributed cluster.
        chunk_size : int, optional
            Series per task on a cluster [series].
        reference : {"drug", "generic"}, optional
            Reference calibration table (default: drug for a Dataset, generic for a panel).

        Returns
        -------
        xarray.Dataset
            ``smape``, ``mase``, ``msis_<L>``, ``coverage_<L>`` with dims (series, origin).
        """
        return _function("backtest")(
            self._ds,
            model,
            horizon,
            levels,
            n_origins=n_origins,
            step=step,
            min_train=min_train,
            calibration=calibration,
            seed=seed,
            id_col=id_col,
            time_col=time_col,
            value_col=value_col,
            client=client,
            chunk_size=chunk_size,
            reference=reference,
        )

    # ------------------------------------------------------------------ plots
    def plot(
        self,
        indicator: str,
        country: str | None = None,
        ax: Axes | None = None,
        forecast: xr.Dataset | None = None,
        trend: Any = None,
        undercount: Any = None,
        *,
        annualized: xr.Dataset | None = None,
        conflicts: bool = True,
        records: pd.DataFrame | None = None,
        observed: pd.DataFrame | None = None,
        log: bool | None = None,
        start_year: int | None = None,
        title: str | bool | None = None,
        legend: str | bool = "auto",
        markersize: float = 6.5,
    ) -> Figure:
        """Plot one indicator of one country: every figure, conflicts, trend and forecast fan.

        See :func:`drugtrends.plot.indicator`.

        Parameters
        ----------
        indicator : str
            Indicator name, e.g. ``"heroin_seizures"``.
        country : str, optional
            ISO3 code; needed when the Dataset holds several countries.
        ax : matplotlib.axes.Axes, optional
            Axes to draw into; a new figure is made when omitted.
        forecast : xarray.Dataset, optional
            Result of :func:`drugtrends.forecast`: median and interval bands.
        trend : xarray.Dataset, optional
            Result of :func:`drugtrends.trend`: its fitted trend line.
        undercount : xarray.Dataset, optional
            Result of :func:`drugtrends.undercount`: the estimated total with its bands.
        annualized : xarray.Dataset, optional
            Result of :func:`drugtrends.annualize`: annual estimates of partial years.
        conflicts : bool
            Ring conflicting figures and join them with a dotted line (default).
        records : pandas.DataFrame, optional
            :func:`drugtrends.dataset.records_table` of the Dataset when at hand.
        observed : pandas.DataFrame, optional
            :func:`drugtrends.plot.observations` of this indicator and country, when
            already computed (faster).
        log : bool, optional
            Logarithmic y axis; by default for prices only.
        start_year : int, optional
            First year shown [year].
        title : str or bool, optional
            Axes title; ``False`` for none.
        legend : {"auto", "below", "inside"} or bool
            Where the legend goes; ``False`` for none.
        markersize : float
            Marker size [points].

        Returns
        -------
        matplotlib.figure.Figure
            The figure holding the axes.
        """
        return _function("plot")(
            self._ds,
            indicator,
            country,
            ax,
            forecast,
            trend,
            undercount,
            annualized=annualized,
            conflicts=conflicts,
            records=records,
            observed=observed,
            log=log,
            start_year=start_year,
            title=title,
            legend=legend,
            markersize=markersize,
        )
