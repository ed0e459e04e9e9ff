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

import functools
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
    "GROUP_PAGES",
    "MIN_FIGURES_OTHER",
    "MIN_MEDIAN_OTHER",
    "MIN_PAGES",
    "MIN_YEARS_OFFENCES",
    "MISSING_PRICES",
    "NOWCAST_LIMIT",
    "OFFENCE_SERIES",
    "OTHER_DRUGS",
    "PRICE_SERIES",
    "SURVEY_PREFIX",
    "CountryAnalysis",
    "analyse",
    "group_label",
    "key_price",
    "latest_year",
    "missing_key_indicators",
    "offence_indicators",
    "select_indicators",
    "survey_indicators",
    "survey_slot",
]

PRICE_SERIES = tuple(
    f"{drug}_{market}_price"
    for drug in ("heroin", "cocaine", "marijuana", "hashish", "opium")
    for market in ("wholesale", "retail")
)
"""Price series of the records, in order of preference on a tie (see :func:`key_price`)."""

CORE_INDICATORS: tuple[tuple[str, ...], ...] = (
    ("drug_seizures_total",),
    ("heroin_seizures",),
    ("registered_drug_users",),
    (
        "drug_crimes_registered",
        "drug_offences_registered",
        "drug_trafficking_offences",
        "drug_possession_offences",
    ),
    PRICE_SERIES,
)
"""Key indicators, each with its fall-backs: the first one with a dated figure gets a page.

The price group is the exception: its page is the country's main market, chosen by
:func:`key_price` (heroin when the country has heroin prices, else the price series with
the most dated figures)."""

SURVEY_PREFIX = "prevalence_"
"""Indicators whose name starts with this are survey prevalence figures [percent]: they
share one page, ``"surveys"`` (see :data:`GROUP_PAGES`)."""

OFFENCE_SERIES = (
    "drug_trafficking_offences",
    "drug_possession_offences",
    "persons_police_contact_trafficking",
    "persons_police_contact_possession",
)
"""Drug offences by kind and the persons the police dealt with: one page, ``"offences"``."""

MIN_YEARS_OFFENCES = 2
"""Years with a dated figure the offence series need together for their page [years]."""

GROUP_PAGES = {
    "surveys": "Drug use (surveys)",
    "offences": "Drug offences by kind",
}
"""Pages that show several series together, figures only (no trend, no forecast): page
key -> heading. A country gets each one it has figures for (:func:`survey_indicators`,
:func:`offence_indicators`)."""

_SURVEY_ORDER = (
    "cannabis",
    "opioids",
    "opiates",
    "prescription_opioids",
    "cocaine",
    "amphetamines",
    "ecstasy",
    "tranquillizers",
    "any_drug",
)

_GROUP_LABELS = {
    "prevalence_prescription_opioids": "prescription opioids (non-medical)",
    "prevalence_tranquillizers": "tranquillizers, sedatives (non-medical)",
    "prevalence_any_drug": "any illicit drug",
    "drug_trafficking_offences": "trafficking offences",
    "drug_possession_offences": "use and possession offences",
    "persons_police_contact_trafficking": "persons for trafficking",
    "persons_police_contact_possession": "persons for use and possession",
}

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

MIN_PAGES = 2
"""A country with fewer key pages than this gets pages for the other drugs it has any
dated figure of (most figures first), so a thin country's report still shows its data."""

MIN_MEDIAN_OTHER = 1.0
"""Median yearly figure an other-drug series needs for a page of its own [kg]: series of
grams (Kazakhstan's cocaine) say little and forecast zero."""

_ORDER = (
    "drug_seizures_total",
    "heroin_seizures",
    *OTHER_DRUGS,
    "registered_drug_users",
    "surveys",
    "drug_crimes_registered",
    "drug_offences_registered",
    "drug_trafficking_offences",
    "drug_possession_offences",
    "offences",
    *PRICE_SERIES,
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
    missing : list of str
        Long names of the key indicators without a dated figure (see
        :func:`missing_key_indicators`).
    settings : dict
        The settings used (horizon, model, levels).
    groups : dict of str to list of str
        Pages that show several series together, figures only (:data:`GROUP_PAGES`):
        page key -> its series, in drawing order; only pages with figures.
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
    missing: list[str] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pages(self) -> list[str]:
        """Every page after the summary, in order: indicator names and the keys of
        :data:`GROUP_PAGES` (the survey page follows the register's place, the offences
        page the drug-crime page)."""
        return sorted([*self.indicators, *self.groups], key=_page_rank)

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

    Every key indicator (or its first fall-back) with at least one dated figure (the
    price page: the country's main market, :func:`key_price`); each
    other drug with at least :data:`MIN_FIGURES_OTHER` dated figures and a median of at
    least :data:`MIN_MEDIAN_OTHER`. A thin country with fewer than :data:`MIN_PAGES`
    pages so chosen gets pages for the other indicators it has dated figures of (other
    drugs first, most figures first) up to :data:`MIN_PAGES`; survey prevalence series
    never get a page of their own (they share the survey page, :func:`survey_indicators`).

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
        if group == PRICE_SERIES:
            price = key_price(counts, present)
            chosen += [price] if price else []
            continue
        for name in group:
            if name in present and counts.get(name, 0) > 0:
                chosen.append(name)
                break
    for name in OTHER_DRUGS:
        if name in present and counts.get(name, 0) >= MIN_FIGURES_OTHER:
            values = np.asarray(ds[name].sel(country=country).values, dtype=float)
            if np.isfinite(values).any() and np.nanmedian(values) >= MIN_MEDIAN_OTHER:
                chosen.append(name)
    if len(chosen) < MIN_PAGES:
        # a thin country: the other drugs it has figures for, most figures first
        # then any indicator it has figures of (survey figures have their own page)
        extra = sorted(
            (
                n
                for n in present
                if n not in chosen and counts.get(n, 0) and not n.startswith(SURVEY_PREFIX)
            ),
            key=lambda n: (n not in OTHER_DRUGS, -int(counts.get(n, 0)), n),
        )
        chosen += extra[: MIN_PAGES - len(chosen)]
    return sorted(chosen, key=_page_rank)


def _page_rank(name: str) -> tuple[int, str]:
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


def key_price(counts: Any, present: Any) -> str | None:
    """The price series of the country's key price page: its main market.

    Heroin wholesale, else heroin retail, when the country has a dated figure of either
    (the Central Asian route the report was made for); else the price series of any drug
    (:data:`PRICE_SERIES`) with the most dated figures, wholesale before retail and then
    the order of :data:`PRICE_SERIES` on a tie. None when the country has no price.

    Parameters
    ----------
    counts : mapping
        Indicator -> number of dated figures of the country.
    present : collection of str
        Indicators of the Dataset.

    Examples
    --------
    >>> key_price({"cocaine_retail_price": 3, "marijuana_wholesale_price": 3}, PRICE_SERIES)
    'marijuana_wholesale_price'
    >>> key_price({"heroin_retail_price": 1, "cocaine_wholesale_price": 9}, PRICE_SERIES)
    'heroin_retail_price'
    """
    have = [n for n in PRICE_SERIES if n in present and int(counts.get(n, 0)) > 0]
    heroin = [n for n in have if n.startswith("heroin_")]
    if heroin:
        return heroin[0]
    if not have:
        return None
    return min(
        have,
        key=lambda n: (-int(counts.get(n, 0)), "_retail_" in n, PRICE_SERIES.index(n)),
    )


def survey_indicators(
    ds: xr.Dataset, country: str, records: pd.DataFrame | None = None
) -> list[str]:
    """The survey prevalence series (:data:`SURVEY_PREFIX`) of ``country`` with a dated
    figure, in a fixed drug order (cannabis, opioids, opiates, ..., any drug): the
    series of its ``"surveys"`` page.

    Examples
    --------
    >>> survey_indicators(dt.load_dataset("DEU"), "DEU")[:3]        # doctest: +SKIP
    ['prevalence_cannabis', 'prevalence_opioids', 'prevalence_opiates']
    """
    from drugtrends.dataset import indicator_names, records_table

    table = records_table(ds) if records is None else records
    counts = _dated_counts(table, country)
    names = [n for n in indicator_names(ds) if n.startswith(SURVEY_PREFIX) and counts.get(n, 0) > 0]

    return sorted(names, key=lambda n: (survey_slot(n), n))


def survey_slot(name: str) -> int:
    """The place of a survey series in the fixed drug order (cannabis 0, opioids 1, ...;
    a drug outside the list after them): its colour and marker on every survey page.

    Examples
    --------
    >>> survey_slot("prevalence_cannabis"), survey_slot("prevalence_cocaine")
    (0, 4)
    """
    drug = name[len(SURVEY_PREFIX) :]
    return _SURVEY_ORDER.index(drug) if drug in _SURVEY_ORDER else len(_SURVEY_ORDER)


def offence_indicators(
    ds: xr.Dataset, country: str, records: pd.DataFrame | None = None
) -> list[str]:
    """The offence series (:data:`OFFENCE_SERIES`) of ``country`` with a dated figure,
    when together they cover at least :data:`MIN_YEARS_OFFENCES` years (else empty):
    the series of its ``"offences"`` page.

    Examples
    --------
    >>> offence_indicators(dt.load_dataset("DEU"), "DEU")[:2]       # doctest: +SKIP
    ['drug_trafficking_offences', 'drug_possession_offences']
    """
    from drugtrends.dataset import indicator_names, records_table

    table = records_table(ds) if records is None else records
    present = set(indicator_names(ds))
    names = [n for n in OFFENCE_SERIES if n in present]
    sel = table[
        (table["country"] == country) & table["year"].notna() & table["indicator"].isin(names)
    ]
    if sel["year"].nunique() < MIN_YEARS_OFFENCES:
        return []
    have = set(sel["indicator"])
    return [n for n in names if n in have]


def group_label(name: str, ds: xr.Dataset | None = None) -> str:
    """The short label of a series on a page of several (legend, table): the drug of a
    survey series, the kind of an offence series.

    Examples
    --------
    >>> group_label("prevalence_cannabis"), group_label("prevalence_any_drug")
    ('cannabis', 'any illicit drug')
    >>> group_label("drug_trafficking_offences")
    'trafficking offences'
    """
    if name in _GROUP_LABELS:
        return _GROUP_LABELS[name]
    if name.startswith(SURVEY_PREFIX):
        return name[len(SURVEY_PREFIX) :].replace("_", " ")
    if ds is not None and name in ds:
        return str(ds[name].attrs.get("long_name", name))
    return name.replace("_", " ")


def missing_key_indicators(
    ds: xr.Dataset, country: str, records: pd.DataFrame | None = None
) -> list[str]:
    """Long names of the key indicators (:data:`CORE_INDICATORS`, fall-backs included)
    without a single dated figure for ``country``: what a thin country's report lacks
    (the price group as :data:`MISSING_PRICES`: any drug's price would have had a page).

    Examples
    --------
    >>> missing_key_indicators(dt.load_dataset("KAZ"), "KAZ")            # doctest: +SKIP
    []
    """
    from drugtrends.dataset import records_table

    table = records_table(ds) if records is None else records
    counts = _dated_counts(table, country)
    catalogue = _catalogue()
    out = []
    for group in CORE_INDICATORS:
        if not any(counts.get(n, 0) > 0 for n in group):
            name = group[0]
            if group == PRICE_SERIES:
                out.append(MISSING_PRICES)
            else:
                out.append(str(catalogue.get(name, name)))
    return out


MISSING_PRICES = "Drug prices (heroin, cocaine, cannabis or opium)"
"""How :func:`missing_key_indicators` names the price group when a country has no price."""


@functools.cache
def _catalogue() -> dict[str, str]:
    """Indicator -> long name, from the shipped catalogue (read once)."""
    from drugtrends import records

    frame = records.load_indicators()
    return {str(k): str(v) for k, v in frame["long_name"].items()}


TREND_YEARS = 20
"""Default span of the report's trends [calendar years up to the latest figure]."""

NOWCAST_LIMIT = 12
"""Most years a series may lag the report's latest year and still be forecast [years]:
its missing years are nowcast from the last full-year figure. A series whose last figure
is older (Uzbekistan's total seizures end in 2008) gets no forecast and the report says
why.

Why 12 (kept after review): issue 10 asks that no series with figures since 2015 goes
without a forecast, and the reports' latest year is 2025 or 2026 for the countries with
news figures (the UNODC series end in 2022): a limit of 12 keeps that promise for latest
years up to 2027 (2015 + 12) with a year to spare. A longer one would nowcast series
that stopped before 2013 through 13 or more steps before the first forecast year; such a
fan is as wide as its model allows and shows the series' old level, not today's, so
the report says "no forecast, the last figure is from <year>" instead."""


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
    groups: Sequence[str] | None = None,
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
    groups : sequence of str, optional
        Pages of several series to include (keys of :data:`GROUP_PAGES`; default all);
        each appears only when the country has figures for it.
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
    wanted = list(GROUP_PAGES) if groups is None else list(groups)
    bad = [g for g in wanted if g not in GROUP_PAGES]
    if bad:
        raise KeyError(
            f"no group page {', '.join(map(repr, bad))}; group pages: {', '.join(GROUP_PAGES)}"
        )
    pickers = {"surveys": survey_indicators, "offences": offence_indicators}
    found = {g: pickers[g](ds, country, records) for g in wanted}
    notes: list[str] = []
    res = CountryAnalysis(
        ds=ds,
        country=country,
        indicators=names,
        records=records,
        notes=notes,
        missing=missing_key_indicators(ds, country, records),
        groups={g: found[g] for g in GROUP_PAGES if found.get(g)},
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
            res.forecast = _forecast(series_ds, names, country, horizon, model, levels, seed)
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


def _full_years(series_ds: xr.Dataset, name: str, country: str) -> np.ndarray:
    """Mask over ``year``: cells of one series that hold a full-year figure (after
    annualization), by :func:`drugtrends.rules.full_year_mask`."""
    from drugtrends.rules import full_year_mask

    values = np.asarray(series_ds[name].sel(country=country).values, dtype=float)
    kind = series_ds[name].attrs.get("kind")
    months = f"{name}_months"
    if months in series_ds:
        m = np.asarray(series_ds[months].sel(country=country).values, dtype=float)
    else:
        m = np.full(values.shape, 12.0)
    return np.isfinite(values) & full_year_mask(m, kind)


def latest_year(series_ds: xr.Dataset, names: Sequence[str], country: str) -> int | None:
    """The report's latest year: the newest full-year (or annualized) figure of any of
    its series. Forecasts of series that stop earlier nowcast the years up to it.

    Examples
    --------
    >>> ann = dt.annualize(dt.load_dataset("KAZ"))                      # doctest: +SKIP
    >>> latest_year(ann, ["heroin_seizures", "drug_seizures_total"], "KAZ")  # doctest: +SKIP
    2025
    """
    years = np.asarray(series_ds["year"].values).astype(int)
    last = [years[_full_years(series_ds, n, country)] for n in names if n in series_ds]
    found = [int(y.max()) for y in last if y.size]
    return max(found) if found else None


def _forecast(
    series_ds: xr.Dataset,
    names: Sequence[str],
    country: str,
    horizon: int,
    model: str,
    levels: Sequence[float],
    seed: int,
) -> xr.Dataset:
    """Forecasts of every series from its last full-year figure to ``horizon`` years
    after the report's latest year; the years between are nowcasts.

    Only full-year figures (and annualized partial years) enter, by the rule of
    :mod:`drugtrends.rules`. A series that lags the latest year by ``g`` years is
    forecast ``g + horizon`` steps (the steps of one run do not depend on the horizon,
    so its intervals widen through the nowcast as they should); a series whose last
    figure is annualized gets that figure's interval folded into its fan.
    """
    import drugtrends as dt

    latest = latest_year(series_ds, names, country)
    sub = series_ds.copy()
    years = np.asarray(sub["year"].values).astype(int)
    last: dict[str, int | None] = {}
    left_out: dict[str, int] = {}
    for name in names:
        full = _full_years(sub, name, country)
        cell = sub[name].sel(country=country)
        other = np.isfinite(np.asarray(cell.values, dtype=float)) & ~full
        left_out[name] = int(other.sum())
        if other.any():
            sub[name].loc[{"country": country, "year": years[other]}] = np.nan
        last[name] = int(years[full].max()) if full.any() else None
    lags = [
        latest - y
        for y in last.values()
        if y is not None and latest is not None and latest - y <= NOWCAST_LIMIT
    ]
    steps = int(horizon) + (max(lags) if lags else 0)
    fc = dt.forecast(sub, model=model, horizon=steps, levels=levels, indicators=names, seed=seed)
    fyears = np.asarray(fc["year"].values).astype(int)
    for name in names:
        status_var = f"{name}_status"
        status = str(fc[status_var].sel(country=country).item())
        if left_out[name]:
            k = left_out[name]
            what = f"{k} partial-year figure{'s' if k > 1 else ''} left out"
            status = _add_to_status(status, what)
        y0 = last[name]
        if y0 is None or latest is None:
            fc[status_var].loc[{"country": country}] = status
            continue
        lag = latest - y0
        if lag > NOWCAST_LIMIT:
            _blank(fc, name, country, fyears >= fyears.min())
            fc[f"{name}_outcome"].loc[{"country": country}] = "none"
            status = (
                f"no forecast: the last full-year figure is from {y0}, {lag} years before "
                f"the latest figure of the report's series ({latest}); more than "
                f"{NOWCAST_LIMIT} years of nowcast say nothing about today"
            )
        else:
            _blank(fc, name, country, fyears > latest + int(horizon))
            if lag > 0 and not _has_interval(fc, name, country):
                _blank(fc, name, country, fyears >= fyears.min())
                fc[f"{name}_outcome"].loc[{"country": country}] = "none"
                fc[status_var].loc[{"country": country}] = (
                    f"no forecast: too few full-year figures for an interval, and the last "
                    f"is from {y0}, {lag} year{'s' if lag > 1 else ''} before the latest "
                    f"figure of the report's series ({latest})"
                )
                continue
            if lag > 0:
                span = f"{y0 + 1}" if lag == 1 else f"{y0 + 1}–{latest}"
                status = _add_to_status(status, f"nowcast of {span}: no figure yet")
            ann = f"{name}_annualized"
            if ann in series_ds and float(series_ds[ann].sel(country=country, year=y0)) > 0:
                _widen(fc, series_ds, name, country, y0)
                status = _add_to_status(
                    status, f"the {y0} figure is annualized: its interval widens the fan"
                )
        fc[status_var].loc[{"country": country}] = status
    if latest is not None:
        fc.attrs["nowcast_through"] = int(latest)
        for name in names:
            fc[name].attrs["nowcast_through"] = int(latest)
    return fc


def _add_to_status(status: str, what: str) -> str:
    """``"ok (2 gaps)"`` + ``"x"`` -> ``"ok (2 gaps; x)"``; other statuses get ``"; x"``."""
    if status == "ok":
        return f"ok ({what})"
    if status.endswith(")") and "(" in status:
        return f"{status[:-1]}; {what})"
    return f"{status} ({what})"


def _has_interval(fc: xr.Dataset, name: str, country: str) -> bool:
    da = fc[name].sel(country=country)
    probs = np.asarray(da["quantile"].values, dtype=float)
    outer = da.isel(quantile=np.flatnonzero(np.abs(probs - 0.5) > 1e-9))
    return bool(outer.notnull().any())


def _blank(fc: xr.Dataset, name: str, country: str, years_mask: np.ndarray) -> None:
    years = np.asarray(fc["year"].values)[years_mask]
    if not years.size:
        return
    fc[name].loc[{"country": country, "year": years}] = np.nan
    if f"{name}_mean" in fc:
        fc[f"{name}_mean"].loc[{"country": country, "year": years}] = np.nan


def _widen(fc: xr.Dataset, series_ds: xr.Dataset, name: str, country: str, year: int) -> None:
    """Fold the interval of an annualized last figure into the forecast quantiles.

    On the log scale the uncertainty of the starting point adds to that of every step:
    each quantile's distance from the median becomes ``sqrt(d**2 + (z_q * s)**2)``, with
    ``s`` the log-scale spread implied by the annualized interval (``annualize``'s 95 %).
    """
    from scipy.stats import norm

    lo = float(series_ds[f"{name}_lower"].sel(country=country, year=year))
    hi = float(series_ds[f"{name}_upper"].sel(country=country, year=year))
    if not (np.isfinite(lo) and np.isfinite(hi) and lo > 0 and hi > lo):
        return
    level = float(series_ds[name].attrs.get("annualization_level", 0.95))
    s = (np.log(hi) - np.log(lo)) / (2 * norm.ppf((1 + level) / 2))
    da = fc[name].sel(country=country).transpose("year", "quantile")
    q = np.asarray(da.values, dtype=float)
    probs = np.asarray(da["quantile"].values, dtype=float)
    i_med = int(np.argmin(np.abs(probs - 0.5)))
    med = q[:, i_med : i_med + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = (q > 0) & (med > 0)
        d = np.log(np.where(ok, q, 1.0)) - np.log(np.where(med > 0, med, 1.0))
        z = norm.ppf(probs)[None, :]
        wide = np.sign(z) * np.sqrt(d**2 + (z * s) ** 2)
        new = np.where(ok, med * np.exp(wide), q)
    fc[name].loc[{"country": country}] = xr.DataArray(
        new, dims=("year", "quantile"), coords={"year": da["year"], "quantile": da["quantile"]}
    ).transpose(*fc[name].sel(country=country).dims)
