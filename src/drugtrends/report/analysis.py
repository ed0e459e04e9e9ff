"""Everything the report shows for one country, computed once: :func:`analyse`.

The report and the notebooks call the same public functions (:func:`drugtrends.annualize`,
:func:`drugtrends.trend`, :func:`drugtrends.forecast`, :func:`drugtrends.undercount`);
:func:`analyse` only chooses the indicators, runs each step, and keeps what the steps warned
about as plain notes for the report's methods section.

Examples
--------
>>> from drugtrends.report import analyse
>>> res = analyse(country="KAZ")                        # doctest: +SKIP
>>> res.indicators[:2]                                  # doctest: +SKIP
['drug_seizures_total', 'heroin_seizures']
>>> res.forecast.heroin_seizures.sel(quantile=0.5)      # doctest: +SKIP
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "CORE_INDICATORS",
    "MIN_FIGURES_OTHER",
    "MIN_MEDIAN_OTHER",
    "OTHER_DRUGS",
    "STALE_YEARS",
    "CountryAnalysis",
    "analyse",
    "select_indicators",
]

CORE_INDICATORS: tuple[tuple[str, ...], ...] = (
    ("drug_seizures_total",),
    ("heroin_seizures",),
    ("registered_drug_users",),
    ("drug_crimes_registered", "drug_offences_registered"),
    ("heroin_wholesale_price", "heroin_retail_price"),
)
"""Key indicators, each with its fall-backs: the first one with a dated figure gets a page."""

OTHER_DRUGS = (
    "opium_seizures",
    "hashish_seizures",
    "marijuana_seizures",
    "cocaine_seizures",
    "methamphetamine_seizures",
    "synthetic_drug_seizures",
)
"""Other drugs: a page each where the country has at least :data:`MIN_FIGURES_OTHER`."""

MIN_FIGURES_OTHER = 8
"""Dated figures an other-drug series needs for a page of its own [figures]."""

MIN_MEDIAN_OTHER = 1.0
"""Median yearly figure an other-drug series needs for a page of its own [kg]: series of
grams (Kazakhstan's cocaine) say little and forecast zero."""

_ORDER = (
    "drug_seizures_total",
    "heroin_seizures",
    *OTHER_DRUGS,
    "registered_drug_users",
    "drug_crimes_registered",
    "drug_offences_registered",
    "heroin_wholesale_price",
    "heroin_retail_price",
)


@dataclass
class CountryAnalysis:
    """The inputs and results behind one country's report.

    Attributes
    ----------
    ds : xarray.Dataset
        The Dataset (its records and sources included).
    country : str
        ISO3 code.
    indicators : list of str
        Indicators with a page, in page order.
    records : pandas.DataFrame
        :func:`drugtrends.dataset.records_table` of ``ds``.
    annualized, trend, forecast, undercount : xarray.Dataset or None
        Results of :func:`drugtrends.annualize`, :func:`drugtrends.trend`,
        :func:`drugtrends.forecast` and :func:`drugtrends.undercount` (None when the
        step could not run; ``notes`` says why).
    notes : list of str
        What the steps warned about, in plain words.
    settings : dict
        The settings used (horizon, model, levels).
    """

    ds: xr.Dataset
    country: str
    indicators: list[str]
    records: pd.DataFrame
    annualized: xr.Dataset | None = None
    trend: xr.Dataset | None = None
    forecast: xr.Dataset | None = None
    undercount: xr.Dataset | None = None
    notes: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    def figure(self, indicator: str, ax: Any = None, **kwargs: Any) -> Any:
        """The report's figure of one indicator (see :func:`drugtrends.plot.indicator`)."""
        from drugtrends import plot

        uc = self.undercount if indicator == self._register() else None
        return plot.indicator(
            self.ds,
            indicator,
            self.country,
            ax=ax,
            forecast=self.forecast,
            trend=self.trend,
            undercount=uc,
            annualized=self.annualized,
            records=self.records,
            **kwargs,
        )

    def _register(self) -> str | None:
        if self.undercount is None:
            return None
        return str(self.undercount.attrs.get("register", "registered_drug_users"))


def _dated_counts(records: pd.DataFrame, country: str) -> pd.Series:
    sel = records[(records["country"] == country) & records["year"].notna()]
    return sel.groupby("indicator").size()


def select_indicators(ds: xr.Dataset, country: str, records: pd.DataFrame | None = None) -> list:
    """The indicators that get a page for ``country``, in page order.

    Every key indicator (or its first fall-back) with at least one dated figure; each
    other drug with at least :data:`MIN_FIGURES_OTHER` dated figures and a median of at
    least :data:`MIN_MEDIAN_OTHER`.

    Examples
    --------
    >>> select_indicators(dt.load_dataset("KAZ"), "KAZ")[:3]     # doctest: +SKIP
    ['drug_seizures_total', 'heroin_seizures', 'opium_seizures']
    """
    from drugtrends.dataset import indicator_names, records_table

    table = records_table(ds) if records is None else records
    counts = _dated_counts(table, country)
    present = set(indicator_names(ds))
    chosen = []
    for group in CORE_INDICATORS:
        for name in group:
            if name in present and counts.get(name, 0) > 0:
                chosen.append(name)
                break
    for name in OTHER_DRUGS:
        if name in present and counts.get(name, 0) >= MIN_FIGURES_OTHER:
            values = ds[name].sel(country=country).values
            if np.nanmedian(values) >= MIN_MEDIAN_OTHER:
                chosen.append(name)
    return sorted(chosen, key=_ORDER.index)


TREND_YEARS = 20
"""Default span of the report's trends [calendar years up to the latest figure]."""

STALE_YEARS = 3
"""A series whose last full-year figure is more than this many years older than the latest
dated figure of the country gets no forecast [years]: its "forecast" would be of years the
data already cover, or a guess at today from a distant past."""


class _Notes:
    """Collects warnings of one step as notes (the report states them)."""

    def __init__(self, step: str, notes: list[str]):
        self.step = step
        self.notes = notes

    def __enter__(self) -> _Notes:
        self._cm = warnings.catch_warnings(record=True)
        self._caught = self._cm.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc: Any) -> None:
        self._cm.__exit__(*exc)
        seen = set()
        for w in self._caught:
            text = " ".join(str(w.message).split())
            if text not in seen:
                seen.add(text)
                self.notes.append(f"{self.step}: {text}")


def analyse(
    ds: xr.Dataset | None = None,
    country: str = "KAZ",
    *,
    indicators: Sequence[str] | None = None,
    horizon: int = 5,
    model: str = "auto",
    levels: Sequence[float] = (80, 95),
    seed: int = 0,
    trend_years: int | None = TREND_YEARS,
    step: Callable[[str], None] | None = None,
) -> CountryAnalysis:
    """Compute what the report of one country shows.

    Parameters
    ----------
    ds : xarray.Dataset, optional
        A drugtrends Dataset; the shipped data of ``country`` by default.
    country : str
        ISO3 code, e.g. ``"KAZ"``.
    indicators : sequence of str, optional
        Indicators to report on (default :func:`select_indicators`).
    horizon : int
        Forecast horizon [years after each series' last figure].
    model : str
        Forecast model (see :func:`drugtrends.models.available_models`); the default
        ``"auto"`` is the fast vectorized ensemble.
    levels : sequence of float
        Forecast interval levels [percent].
    seed : int
        Seed of every random step (the same inputs give the same numbers).
    trend_years : int or None
        Trends cover the last ``trend_years`` calendar years up to the latest figure of the
        Dataset (default 20), so that a few early figures of a different era (Kazakhstan's
        26 g of heroin in 1994) do not set the growth rate of today; ``None`` uses every
        year.
    step : callable, optional
        Called with a short label after each step (the CLI's progress bar).

    Returns
    -------
    CountryAnalysis

    Raises
    ------
    KeyError
        ``country`` is not in the data, or an indicator is unknown.

    Examples
    --------
    >>> res = analyse(country="KAZ", indicators=["heroin_seizures"])   # doctest: +SKIP
    >>> fig = res.figure("heroin_seizures")                             # doctest: +SKIP
    """
    import drugtrends as dt
    from drugtrends.dataset import indicator_names, records_table

    tick = step or (lambda _label: None)
    if ds is None:
        ds = dt.load_dataset(country)
    countries = [str(c) for c in ds["country"].values]
    if country not in countries:
        raise KeyError(
            f"no records for {country!r}; countries with records: {', '.join(countries)}"
        )
    if len(countries) > 1:
        ds = ds.sel(country=[country])
    records = records_table(ds)
    records = records[records["country"] == country].reset_index(drop=True)
    tick("data")
    if indicators is None:
        names = select_indicators(ds, country, records)
    else:
        names = list(indicators)
        known = set(indicator_names(ds))
        unknown = [n for n in names if n not in known]
        if unknown:
            raise KeyError(f"no indicator {', '.join(map(repr, unknown))} in the Dataset")
    notes: list[str] = []
    res = CountryAnalysis(
        ds=ds,
        country=country,
        indicators=names,
        records=records,
        notes=notes,
        settings={
            "horizon": horizon,
            "model": model,
            "levels": list(levels),
            "seed": seed,
            "trend_years": trend_years,
        },
    )
    flows = [n for n in names if ds[n].attrs.get("kind") == "flow"]
    if flows:
        with _Notes("annualize", notes):
            res.annualized = dt.annualize(ds, flows)
    tick("annualize")
    # trend and forecast read the same series: full years and annualized partial years
    series_ds = res.annualized if res.annualized is not None else ds
    if names:
        with _Notes("trend", notes):
            start = None
            if trend_years is not None:
                start = int(ds["year"].max()) - int(trend_years) + 1
            res.trend = dt.trend(ds, names, start=start, country=country, seed=seed)
    tick("trend")
    if names:
        with _Notes("forecast", notes):
            res.forecast = dt.forecast(
                series_ds,
                model=model,
                horizon=horizon,
                levels=levels,
                indicators=names,
                seed=seed,
            )
        _drop_stale(res.forecast, series_ds, names, country, _latest_year(records))
    tick("forecast")
    if "registered_drug_users" in names:
        try:
            with _Notes("undercount", notes):
                res.undercount = dt.undercount(ds, country=country, seed=seed)
        except ValueError as err:
            # the report reader gets the reason, not the pointer to library functions
            why = re.sub(r" \(drugtrends\.[^)]*\)", "", str(err))
            notes.append(f"undercount: not estimated: {why}")
    tick("undercount")
    return res


def _latest_year(records: pd.DataFrame) -> int | None:
    years = pd.to_numeric(records["year"], errors="coerce").dropna()
    return int(years.max()) if len(years) else None


def _drop_stale(
    fc: xr.Dataset | None,
    series_ds: xr.Dataset,
    names: Sequence[str],
    country: str,
    latest: int | None,
) -> None:
    """Blank the forecasts of series whose last full-year figure is older than
    :data:`STALE_YEARS` before ``latest``; their status says why."""
    if fc is None or latest is None:
        return
    for name in names:
        if name not in fc or name not in series_ds:
            continue
        values = series_ds[name].sel(country=country)
        months = f"{name}_months"
        full = values.notnull()
        if series_ds[name].attrs.get("kind") == "flow" and months in series_ds:
            full &= series_ds[months].sel(country=country).fillna(0) >= 12
        years = values["year"].values[np.asarray(full.values, bool)]
        if not years.size or latest - int(years.max()) <= STALE_YEARS:
            continue
        last = int(years.max())
        fc[name].loc[{"country": country}] = np.nan
        if f"{name}_mean" in fc:
            fc[f"{name}_mean"].loc[{"country": country}] = np.nan
        if f"{name}_status" in fc:
            fc[f"{name}_status"].loc[{"country": country}] = (
                f"no forecast: the last full-year figure is from {last}, "
                f"{latest - last} years before the latest figure of the data ({latest})"
            )


def forecast_rows(res: CountryAnalysis, indicator: str) -> pd.DataFrame:
    """The forecast of one indicator as a table: year, median and every quantile."""
    fc = res.forecast
    if fc is None or indicator not in fc:
        return pd.DataFrame()
    da = fc[indicator].sel(country=res.country)
    ok = np.asarray(da.notnull().any("quantile").values, bool)
    da = da.isel(year=np.flatnonzero(ok))
    frame = da.to_pandas()
    frame.columns = [f"q{float(q):g}" for q in frame.columns]
    return frame
