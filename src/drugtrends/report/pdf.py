"""The PDF trend report: the story of a :class:`CountryAnalysis`, written deterministically.

Sections, in order (laid out by :mod:`drugtrends.report.layout`: text flows on to the next
page, tables continue with their heading row):

1. **Summary**: title, data date and package version, the caveats up front, a clickable
   contents, what the records do not hold, what rose, what fell, what the forecasts say,
   the hidden population beside the register.
2. **One section per key indicator**, each from a new page: a vector figure (every figure
   reported, marked by source kind, partial year and range; conflicts ringed; trend;
   forecast fan 80 / 95 % and nowcast; for registered users the undercount band), a short
   text, and the table of every figure used, its source's number linked to the source's
   entry and its name to the source's address. Among them, pages of several series
   (:func:`group_story`): **drug use (surveys)**, every survey prevalence series of the
   country on one figure, after the register's page; **drug offences by kind**,
   trafficking and possession offences and the persons the police dealt with, after the
   drug-crime page. They show figures only: no trend and no forecast (surveys are few and
   irregular; the total's page carries the offences' trend), and they say why.
3. **Sources**: every source cited, numbered as in the tables, with edition and a
   clickable URL; then how the numbers were computed and what the computations warned
   about.

Each section is a bookmark of the PDF's outline. The same data give a byte-identical PDF:
the creation and modification dates are the data date (or ``SOURCE_DATE_EPOCH`` when
set), the document id is fixed, and the fonts come from matplotlib's wheel.

Examples
--------
>>> from drugtrends.report import analyse, write_report
>>> res = analyse(country="KAZ")                                     # doctest: +SKIP
>>> write_report(res, "reports/kazakhstan.pdf")                      # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from drugtrends.dataset import SKIPPED_QUALIFIERS
from drugtrends.plot import (
    SOURCE_KIND_LABELS,
    _largest,
    axis_label,
    country_name,
    display_scale,
    observations,
)

from . import layout as L
from . import text as T
from .analysis import GROUP_PAGES, CountryAnalysis, group_label, survey_slot

__all__ = [
    "SourceIndex",
    "group_story",
    "indicator_story",
    "pdf_date",
    "report_story",
    "write_report",
]


class SourceIndex:
    """Numbers sources in the order the report first cites them."""

    def __init__(self, ds: Any):
        self.ds = ds
        self.numbers: dict[str, int] = {}

    def cite(self, source_id: str) -> int:
        """The source's number (given on first citation)."""
        sid = str(source_id)
        if sid not in self.numbers:
            self.numbers[sid] = len(self.numbers) + 1
        return self.numbers[sid]

    def entry(self, source_id: str) -> dict[str, str]:
        """Title, publisher, edition, URL, kind and note of a source."""
        ds = self.ds
        sel = ds.sel(source=source_id)

        def get(name: str) -> str:
            key = f"source_{name}"
            if key not in ds:
                return ""
            v = sel[key].item()
            if isinstance(v, float):
                return "" if math.isnan(v) else str(int(v))
            return str(v)

        return {k: get(k) for k in ("title", "publisher", "edition", "url", "kind", "note")}


def pdf_date(ds: Any) -> _dt.datetime:
    """The date stamped into the PDF: ``SOURCE_DATE_EPOCH`` if set, else the data date.

    Examples
    --------
    >>> import xarray as xr
    >>> pdf_date(xr.Dataset(attrs={"data_date": "2026-01"})).isoformat()   # doctest: +SKIP
    '2026-01-01T00:00:00+00:00'
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be an integer number of seconds, not {epoch!r}"
            ) from None
    stamp = str(ds.attrs.get("data_date", ""))
    try:
        year, month = (int(p) for p in stamp.split("-")[:2])
        return _dt.datetime(year, month, 1, tzinfo=_dt.UTC)
    except ValueError:
        return _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)


# ---------------------------------------------------------------------------- pages


def _header(res: CountryAnalysis) -> tuple[str, str]:
    from drugtrends import __version__

    left = f"{T.country_title(res.country)}"
    right = f"data to {T.month_year(res.ds.attrs.get('data_date', ''))} · drugtrends {__version__}"
    return left, right


def _footer(res: CountryAnalysis) -> str:
    from drugtrends import __version__

    return (
        f"drugtrends {__version__} · {T.country_title(res.country)} · data to "
        f"{T.month_year(res.ds.attrs.get('data_date', ''))}"
    )


@dataclass
class _Place:
    """Where a country's pages sit: bookmark names, outline levels, contents lists."""

    prefix: str = ""  # bookmark names (a regional report holds several countries)
    level: int = 0  # outline level of the indicator and sources pages
    region_toc: str | None = None  # the regional contents the country is listed in

    @property
    def toc(self) -> str:
        return f"toc-{self.prefix}"

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"


def indicator_story(
    res: CountryAnalysis, indicator: str, sources: SourceIndex, place: _Place | None = None
) -> list[Flowable]:
    """One indicator's pages: figure, text, the table of figures with their sources
    (continued on the next page when long)."""
    place = place or _Place()
    ds, country = res.ds, res.country
    attrs = ds[indicator].attrs
    obs = observations(ds, indicator, country, records=res.records)
    # the units the figure, the subtitle and the table show (tonnes for large masses)
    scale = display_scale(str(attrs.get("units", "")), _largest(obs))
    long_name = str(attrs.get("long_name", indicator))
    story: list[Flowable] = [
        PageBreak(),
        L.Heading(
            long_name,
            "h1",
            key=place.key(f"ind-{indicator}"),
            level=place.level,
            toc=[(place.toc, "")],
        ),
        L.para(_indicator_subtitle(obs, country, scale), "meta"),
    ]
    # numbers for the sources in table order (most recent first), then the rest plotted
    table_rows = obs.iloc[::-1]
    uc, bench = _cite_page_sources(res, indicator, table_rows, sources)
    story.append(_page_figure(res, indicator, obs))
    story.append(Spacer(0, 6))
    for lead, body, kind in _indicator_paragraphs(res, indicator, obs, uc, bench, sources):
        story.append(L.para(body, "text", lead=lead, italic=kind == "italic"))
    story += _figures_table(table_rows, scale, sources, place)
    return story


_Paragraphs = list[tuple[str, str, str]]
"""Paragraphs of an indicator page: (lead, body, style)."""


# ---------------------------------------------------------------------------- group pages

_OFFENCE_COLORS = {"trafficking": 0, "possession": 3}  # colorblind palette: blue, vermilion


def group_story(
    res: CountryAnalysis, key: str, sources: SourceIndex, place: _Place | None = None
) -> list[Flowable]:
    """A page of several series together (:data:`~drugtrends.report.analysis.GROUP_PAGES`):
    the drug-use surveys or the offences by kind. One figure of every figure, the words
    (latest figures, why there is no trend or forecast, what the figures measure) and one
    table of every figure with its source, continued over pages.

    Examples
    --------
    >>> res = analyse(country="DEU")                                  # doctest: +SKIP
    >>> story = group_story(res, "surveys", SourceIndex(res.ds))      # doctest: +SKIP
    """
    place = place or _Place()
    ds, country = res.ds, res.country
    names = res.groups[key]
    obs = {n: observations(ds, n, country, records=res.records) for n in names}
    rows = _group_rows(obs)
    for sid in rows["source_id"]:
        sources.cite(sid)
    units = str(ds[names[0]].attrs.get("units", ""))
    scale = display_scale(units, max(_largest(o) for o in obs.values() if not o.empty))
    story: list[Flowable] = [
        PageBreak(),
        L.Heading(
            GROUP_PAGES[key],
            "h1",
            key=place.key(f"page-{key}"),
            level=place.level,
            toc=[(place.toc, "")],
        ),
        L.para(_group_subtitle(rows, country, key, scale), "meta"),
        _group_figure(res, key, obs),
        Spacer(0, 6),
    ]
    writer = _survey_paragraphs if key == "surveys" else _offence_paragraphs
    for lead, body in writer(res, obs, rows, sources, place):
        story.append(Paragraph(f"<b>{L.esc(lead)}</b> {body}", L.style("text")))
    story += _group_table(rows, scale, sources, place, ds, key)
    return story


def _group_rows(obs: dict[str, Any]) -> Any:
    """Every figure of a group page, most recent first, then in legend order."""
    import pandas as pd

    frames = []
    for i, (name, o) in enumerate(obs.items()):
        if not o.empty:
            frame = o.assign(_order=i, series=name)
            frame.attrs = {}  # the conflicts table: not for the concatenation
            frames.append(frame)
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.sort_values(["year", "_order", "x"], ascending=[False, True, True], kind="stable")
    return rows.reset_index(drop=True)


def _group_subtitle(rows: Any, country: str, key: str, scale: Any) -> str:
    n = len(rows)
    y0, y1 = int(rows["year"].min()), int(rows["year"].max())
    n_src = rows["source_id"].nunique()
    k = rows["series"].nunique()
    what = "drug" if key == "surveys" else "series"
    unit_words = (
        "% of the population (aged 15-64 unless the source says otherwise)"
        if scale.units == "percent"
        else (scale.units_label or "number")
    )
    return (
        f"{country_name(country)} · {n} dated figure{'s' if n > 1 else ''} of {k} "
        f"{what}{'s' if k > 1 and what == 'drug' else ''}, "
        f"{y0 if y0 == y1 else f'{y0}–{y1}'}, from {n_src} source{'s' if n_src > 1 else ''}"
        f" · units: {unit_words}"
    )


def _group_figure(res: CountryAnalysis, key: str, obs: dict[str, Any]) -> Flowable:
    """The group page's figure: every series of the page on one axis, legend below."""
    import seaborn as sns
    from matplotlib.figure import Figure

    from drugtrends.plot import group

    names = res.groups[key]
    width, height = L.WIDTH / 72, 5.0
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0.8 / width, 1.6 / height, (width - 0.85) / width, 3.3 / height))
    labels = {n: group_label(n, res.ds) for n in names}
    slots = None
    if key == "surveys":
        ylabel = "Annual prevalence of use [%]"
        colors = None
        slots = {n: survey_slot(n) for n in names}  # a drug's colour in every country
        dashed: list[str] = []
    else:
        ylabel = "Offences, persons [number]"
        pal = sns.color_palette("colorblind", 10)
        colors = {n: pal[next((v for k, v in _OFFENCE_COLORS.items() if k in n), 7)] for n in names}
        dashed = [n for n in names if n.startswith("persons_")]
    group(
        res.ds,
        names,
        res.country,
        ax=ax,
        records=res.records,
        observed=obs,
        labels=labels,
        dashed=dashed,
        colors=colors,
        slots=slots,
        title=False,
        ylabel=ylabel,
        legend="below",
    )
    return L.figure(fig)


def _latest(rows: Any, names: list[str]) -> list[tuple[str, int, float]]:
    """(series, year, value) of each series' latest figure in the series (legend order)."""
    out = []
    used = rows[rows["used"]]
    for name in names:
        sel = used[used["series"] == name]
        if sel.empty:
            continue
        top = sel.sort_values("year").iloc[-1]
        out.append((name, int(top["year"]), float(top["point"])))
    return out


def _page_link(res: CountryAnalysis, page: str, text: str, place: _Place) -> str:
    """Markup: ``text`` linked to one of the report's pages (an indicator or a group)."""
    key = f"page-{page}" if page in res.groups else f"ind-{page}"
    return L.link(L.esc(text), place.key(key), internal=True)


FEW_SURVEYS = 5
"""Figures of one drug from which the survey page no longer calls its surveys few."""


def _survey_paragraphs(
    res: CountryAnalysis, obs: dict, rows: Any, sources: SourceIndex, place: _Place
) -> list[tuple[str, str]]:
    """The survey page's words: the latest figures, why no trend or forecast, the survey
    beside the register, the caveat, conflicting figures."""
    ds, country = res.ds, res.country
    out: list[tuple[str, str]] = []
    latest = _latest(rows, res.groups["surveys"])
    items = [f"{group_label(n, ds)} {T.exact(v)} % ({y})" for n, y, v in latest]
    if items:
        text = T.join_words(items)
        out.append(
            (
                "Latest figures.",
                L.esc(
                    f"{text[:1].upper()}{text[1:]}: the share of the population (aged 15-64 "
                    "unless the source says otherwise) that used the drug in the past year."
                ),
            )
        )
    per = rows[rows["used"]].groupby("series")["year"].nunique()
    n_years = rows["year"].nunique()
    if per.empty or per.max() <= 1:
        why = (
            "Surveys are irregular and few: here a single figure of each drug, nothing to "
            "draw a trend through."
        )
    elif per.max() < FEW_SURVEYS:
        why = (
            f"Surveys are irregular and few: {n_years} survey years here, at most "
            f"{int(per.max())} figures of one drug (median {float(per.median()):g}). A trend "
            "through two or three points is not evidence of a change, and surveys of "
            "different years often differ in method, age range and coverage. The lines join "
            "the figures only to guide the eye."
        )
    else:
        why = (
            f"Surveys are irregular: {n_years} survey years here, up to {int(per.max())} "
            f"figures of one drug (median {float(per.median()):g}). The report fits no trend "
            "or forecast to survey figures in any country: in most they are two or three "
            "points, which are no evidence of a change, and survey rounds differ in method, "
            "age range and coverage. Read the direction from the figures themselves; the "
            "lines join them only to guide the eye."
        )
    out.append(("No trend, no forecast.", L.esc(why)))
    register = "registered_drug_users"
    words = (
        "Survey prevalence counts the people who say they used a drug in the past year, most "
        "of them occasional users; the narcological register counts the people known to "
        "treatment services, mostly dependent users. The two measure different things, and "
        "the register undercounts the people who use drugs."
    )
    body = L.esc(words)
    if register in res.indicators:
        body += " " + _page_link(res, register, "See the registered drug users page.", place)
    else:
        body += L.esc(f" The records hold no register figures for {country_name(country)}.")
    out.append(("Surveys and the register.", body))
    caveat = str(ds[res.groups["surveys"][0]].attrs.get("caveat", ""))
    if caveat:
        out.append(("Caveat.", f"<i>{L.esc(caveat)}</i>"))
    out += _group_conflicts(res, obs, sources)
    return out


def _offence_paragraphs(
    res: CountryAnalysis, obs: dict, rows: Any, sources: SourceIndex, place: _Place
) -> list[tuple[str, str]]:
    """The offences page's words: the latest figures and shares, where the trend and
    forecast are, what offences and persons count, the caveat."""
    ds = res.ds
    out: list[tuple[str, str]] = []
    latest = _latest(rows, res.groups["offences"])
    if latest:
        year = max(y for _, y, _ in latest)
        same = {n: v for n, y, v in latest if y == year}
        items = [f"{T.amount(v, '1')} {group_label(n, ds)}" for n, v in same.items()]
        text = f"In {year}: {T.join_words(items)}."
        share = _trafficking_share(rows)
        if share is not None:
            text += (
                f" Trafficking made up {share[1]:.0f} % of the trafficking and possession "
                f"offences in {share[0]}."
            )
        out.append(("Latest figures.", L.esc(text)))
    total = next(
        (i for i in ("drug_crimes_registered", "drug_offences_registered") if i in res.indicators),
        None,
    )
    if total is not None:
        name = str(ds[total].attrs.get("long_name", total))
        body = L.esc("Figures only: the trend and forecast of all drug offences are on ")
        body += _page_link(res, total, name, place) + "."
    else:
        body = L.esc("Figures only: a few yearly figures of each kind.")
    out.append(("No trend, no forecast.", body))
    out.append(
        (
            "Offences and persons.",
            L.esc(
                "Offences count the cases the police recorded (solid lines); persons count "
                "the people the police dealt with for them (dashed lines): one person can "
                "account for several offences, and one offence can involve several people."
            ),
        )
    )
    caveat = str(ds[res.groups["offences"][0]].attrs.get("caveat", ""))
    if caveat:
        out.append(("Caveat.", f"<i>{L.esc(caveat)}</i>"))
    out += _group_conflicts(res, obs, sources)
    return out


def _trafficking_share(rows: Any) -> tuple[int, float] | None:
    """(year, percent): trafficking's share of trafficking and possession offences in the
    latest year with both in the series, or None."""
    used = rows[rows["used"]]
    by = {}
    for kind in ("trafficking", "possession"):
        sel = used[used["series"] == f"drug_{kind}_offences"]
        by[kind] = dict(zip(sel["year"], sel["point"], strict=True))
    both = sorted(set(by["trafficking"]) & set(by["possession"]))
    for year in reversed(both):
        t, p = float(by["trafficking"][year]), float(by["possession"][year])
        if t + p > 0:
            return int(year), 100 * t / (t + p)
    return None


def _group_conflicts(res: CountryAnalysis, obs: dict, sources: SourceIndex) -> list:
    lines = []
    for name, o in obs.items():
        clash = o.attrs.get("conflicts")
        if clash is not None and not clash.empty:
            units = str(res.ds[name].attrs.get("units", ""))
            for line in T.conflict_sentences(clash, units, sources.numbers):
                lines.append(f"{group_label(name, res.ds)}, {line}")
    if not lines:
        return []
    text = "; ".join(lines)
    return [
        (
            "Conflicting figures.",
            L.esc(f"{text[:1].upper()}{text[1:]}. Both figures of each pair are shown and listed."),
        )
    ]


def _group_table(
    rows: Any, scale: Any, sources: SourceIndex, place: _Place, ds: Any, key: str
) -> list[Flowable]:
    """The table of every figure of a group page, continued over pages."""
    unit_word = scale.units_label
    cols = [
        L.Column("Year", 0.45),
        L.Column("Drug" if key == "surveys" else "Series", 1.2),
        L.Column(f"Figure{f' [{unit_word}]' if unit_word else ''}", 0.75, align="right"),
        L.Column("Source", 3.45),  # the survey annex's title in two lines, not three
        L.Column("Role", 0.92),
    ]
    cells, shade = _table_cells(rows, scale, sources, place)
    body = []
    for cell, series in zip(cells, rows["series"], strict=True):
        year, figure, _period, src, role = cell
        body.append([year, L.esc(group_label(series, ds)), figure, src, role])
    heading = L.para("Figures, most recent first (shaded: the figure the series holds)", "h4")
    return [
        Spacer(0, 4),
        CondPageBreak(1.1 * inch),
        heading,
        L.table(cols, body, shade=shade, markup=True),
    ]


def _indicator_subtitle(obs: Any, country: str, scale: Any) -> str:
    """The page subtitle: country, how many figures of which years, sources and units."""
    n_kinds = obs["source_kind"].nunique()
    years = obs["year"]
    unit_words = axis_label("", scale.units).strip(" []") or scale.units
    y0, y1 = int(years.min()), int(years.max())
    n_src = obs["source_id"].nunique()
    return (
        f"{country_name(country)} · {len(obs)} dated figure{'s' if len(obs) > 1 else ''}, "
        f"{y0 if y0 == y1 else f'{y0}–{y1}'}, from {n_src} source{'s' if n_src > 1 else ''}"
        f" of {n_kinds} kind{'s' if n_kinds > 1 else ''} · units: {unit_words}"
    )


def _cite_page_sources(
    res: CountryAnalysis, indicator: str, table_rows: Any, sources: SourceIndex
) -> tuple[Any, Any]:
    """Number the table's sources, then the benchmarks'; return the undercount and benchmarks."""
    for sid in table_rows["source_id"]:
        sources.cite(sid)
    uc = res.undercount if indicator == res._register() else None
    bench = None
    if uc is not None and "benchmark_source" in uc:
        from drugtrends.plot import _benchmarks

        bench = _benchmarks(uc)
        if bench is not None:
            for sid in bench.get("source", []):
                sources.cite(sid)
    return uc, bench


def _page_figure(res: CountryAnalysis, indicator: str, obs: Any = None) -> Flowable:
    """The indicator's figure as a vector drawing, its legend below the axes."""
    from matplotlib.figure import Figure

    width, height = L.WIDTH / 72, 5.3  # [inches]; the drawing is cropped to its ink
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0.8 / width, 1.9 / height, (width - 0.85) / width, 3.3 / height))
    res.figure(indicator, ax=ax, title=False, legend="below", observed=obs)
    return L.figure(fig)


def _indicator_paragraphs(
    res: CountryAnalysis, indicator: str, obs: Any, uc: Any, bench: Any, sources: SourceIndex
) -> _Paragraphs:
    """The words of an indicator page: trend, forecast, hidden population, caveats."""
    country = res.country
    attrs = res.ds[indicator].attrs
    units = str(attrs.get("units", ""))
    paragraphs: _Paragraphs = []
    trend = T.trend_full(res.trend, indicator, country)
    if trend:
        paragraphs.append(("Trend.", trend, "normal"))
    paragraphs += _forecast_paragraphs(res, indicator, units)
    paragraphs += _hidden_population_paragraphs(res, indicator, uc, bench, sources)
    paragraphs += _partial_year_paragraphs(res, indicator, obs)
    clash = obs.attrs.get("conflicts")
    if clash is not None and not clash.empty:
        lines = T.conflict_sentences(clash, units, sources.numbers)
        paragraphs.append(
            (
                "Conflicting figures.",
                "; ".join(lines) + ". Both figures of each pair are shown and listed.",
                "normal",
            )
        )
    caveat = str(attrs.get("caveat", ""))
    if caveat:
        paragraphs.append(("Caveat.", caveat, "italic"))
    return paragraphs


def _forecast_paragraphs(res: CountryAnalysis, indicator: str, units: str) -> _Paragraphs:
    """What the forecast says, or why there is none."""
    country = res.country
    fc_text = T.forecast_sentence(res.forecast, indicator, country, units)
    if fc_text:
        notes = T.forecast_notes(res.forecast, indicator, country)
        return [("Forecast.", f"{fc_text} {notes}", "normal")]
    if why_not := T.no_forecast_reason(res.forecast, indicator, country):
        return [("Forecast.", why_not, "normal")]
    return []


def _hidden_population_paragraphs(
    res: CountryAnalysis, indicator: str, uc: Any, bench: Any, sources: SourceIndex
) -> _Paragraphs:
    """The estimated hidden population and the independent estimates, or why there is none."""
    paragraphs: _Paragraphs = []
    if uc is None and indicator == "registered_drug_users":
        why = [n.split(": ", 1)[1] for n in res.notes if n.startswith("undercount: ")]
        if why:
            paragraphs.append(
                ("Hidden population.", f"{why[0][:1].upper()}{why[0][1:]}.", "normal")
            )
    if uc is not None:
        paragraphs.append(("Hidden population.", T.undercount_sentence(uc, res.country), "normal"))
        if bench is not None and not bench.empty:
            items = []
            for b in bench.itertuples():
                name = str(res.ds[b.indicator].attrs.get("long_name", b.indicator))
                name = name[:1].lower() + name[1:]
                if str(b.indicator).startswith("prevalence_"):
                    name = f"people, from the {name} x the population aged 15-64"
                items.append(
                    f"{T.amount(float(b.value), '1')} {name} ({int(b.year)}) "
                    f"[{sources.cite(b.source)}]"
                )
            paragraphs.append(
                ("Independent estimates used (stars).", "; ".join(items) + ".", "normal")
            )
    return paragraphs


def _partial_year_paragraphs(res: CountryAnalysis, indicator: str, obs: Any) -> _Paragraphs:
    """How the figures for part of a year are drawn and used."""
    n_partial = int(obs["partial"].sum())
    if not n_partial:
        return []
    ann = res.annualized
    flag = f"{indicator}_annualized"
    has_diamonds = (
        ann is not None
        and flag in ann
        and bool((ann[flag].sel(country=res.country).fillna(0) > 0).any())
    )
    if res.ds[indicator].attrs.get("kind") != "flow":
        what = "They are drawn hollow (a level at a date within the year)."
    elif has_diamonds:
        what = (
            "They are drawn hollow; grey diamonds scale the ones the series holds to the "
            "full year, with a 95 % interval. Trend and forecast use the diamonds (figures "
            "for fewer than six months are left out)."
        )
    else:
        what = (
            "They are drawn hollow; the series holds full-year figures for those years, "
            "so trend and forecast do not use them."
        )
    return [
        (
            "Partial-year figures.",
            f"{n_partial} figure{'s cover' if n_partial > 1 else ' covers'} only part of "
            f"a year. {what}",
            "normal",
        )
    ]


def _figures_table(
    table_rows: Any, scale: Any, sources: SourceIndex, place: _Place
) -> list[Flowable]:
    """The table of every figure used, continued over pages with its heading row."""
    unit_word = scale.units_label
    cols = [
        L.Column("Year", 0.45),
        L.Column(f"Figure{f' [{unit_word}]' if unit_word else ''}", 1.1, align="right"),
        L.Column("Period covered", 1.2),
        L.Column("Source", 2.97),
        L.Column("Role", 1.05),
    ]
    rows, shade = _table_cells(table_rows, scale, sources, place)
    heading = L.para("Figures used, most recent first (shaded: the figure the series holds)", "h4")
    # the heading and a few rows, or a new page; the rest continues over the pages
    return [
        Spacer(0, 4),
        CondPageBreak(1.1 * inch),
        heading,
        L.table(cols, rows, shade=shade, markup=True),
    ]


def _table_cells(
    table_rows: Any, scale: Any, sources: SourceIndex, place: _Place
) -> tuple[list, list]:
    """The table's cells (markup), one row per figure, and which rows to shade (in the
    series); the source's number links to its entry, its name to its address."""
    rows, shade = [], []
    for r in table_rows.itertuples(index=False):
        ref = sources.cite(r.source_id)
        role = "in series" if r.used else "also reported"
        if r.qualifier in SKIPPED_QUALIFIERS:
            role = f"{r.qualifier}, not used"
        elif r.conflict:
            role = "conflict" + (", in series" if r.used else "")
        figure = T.figure_text(r, scale.factor, "")
        entry = sources.entry(r.source_id)
        label = f"{T.source_label(r.source_kind, r.edition)}: {entry['title']}"
        src = (
            L.link(f"[{ref}]", place.key(f"src-{ref}"), internal=True)
            + " "
            + L.link(L.esc(label), entry["url"])
        )
        rows.append(
            [
                str(int(r.year)),
                L.esc(figure),
                L.esc(T.period_text(r.period_start, r.period_end, r.months)),
                src,
                L.esc(role),
            ]
        )
        shade.append(bool(r.used))
    return rows, shade


def _summary_story(res: CountryAnalysis, place: _Place) -> list[Flowable]:
    """The summary: title, caveats, the contents, what the records do not hold, what rose
    and fell, the forecasts, the hidden population."""
    from drugtrends import __version__

    ds, country = res.ds, res.country
    in_region = place.region_toc is not None
    sub = 1  # outline level of the summary's parts (below the title)
    story: list[Flowable] = [
        L.Heading(
            T.country_title(country),
            "title",
            key=place.key("summary"),
            outline=country_name(country) if in_region else "Summary",
            level=0,
            closed=in_region,  # a regional report's outline lists the countries folded
            toc=[
                (place.toc, "Summary"),
                *([(place.region_toc, f"{country_name(country)} (report)")] if in_region else []),
            ],
        ),
        L.para(
            "Statistics and forecasts of yearly drug-control indicators from annual country "
            "reports (INCSR, UNODC, national reports)",
            "subtitle",
        ),
    ]
    n_rec = len(res.records[res.records["year"].notna()])
    n_src = res.records["source_id"].nunique()
    story.append(
        L.para(
            f"Data to {T.month_year(ds.attrs.get('data_date', ''))} · drugtrends {__version__} · "
            f"{n_rec} dated figure{'s' if n_rec != 1 else ''} from {n_src} "
            f"source{'s' if n_src != 1 else ''} in the records · forecast horizon "
            f"{res.settings.get('horizon', 5)} years",
            "meta",
        )
    )
    story.append(_caveats_box(T.caveats(has_estimate=res.undercount is not None)))

    def heading(text: str, name: str = "h2") -> L.Heading:
        slug = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
        return L.Heading(text, name, key=place.key(f"sum-{slug}"), level=sub)

    story += [heading("Contents"), L.contents(place.toc)]
    if res.missing or not res.indicators:
        story.append(heading("What the records do not hold"))
        if res.missing:
            text = L.esc(
                f"No dated figure of {T.join_words([T.lower_first(m) for m in res.missing])}"
                f" for {country_name(country)}: the report cannot say how "
                f"{'it' if len(res.missing) == 1 else 'they'} moved."
            )
            if "surveys" in res.groups and _register_name() in res.missing:
                text += " " + _survey_pointer(res, place)
            story.append(Paragraph(text, L.style("body")))
        thin = [
            i
            for i in res.indicators
            if int(((res.records["indicator"] == i) & res.records["year"].notna()).sum()) < 5
        ]
        if thin:
            names = [T.lower_first(str(ds[i].attrs.get("long_name", i))) for i in thin]
            story.append(
                L.para(
                    f"Fewer than five dated figures of {T.join_words(names)}: read their "
                    "trends and forecasts with caution.",
                    "body",
                )
            )
        if not res.indicators and not res.groups:
            story.append(
                L.para(
                    "No indicator has a dated figure to draw: this report lists the sources "
                    "the records cite and nothing else.",
                    "body",
                )
            )
        elif not res.indicators:
            story.append(
                L.para(
                    "No key indicator has a dated figure to draw a trend or forecast from; "
                    "the pages that follow show the figures the records hold.",
                    "body",
                )
            )
    if res.indicators:
        story += _trend_and_forecast_story(res, heading)
    return story


def _register_name() -> str:
    """The register's entry in :attr:`CountryAnalysis.missing` (its catalogue long name)."""
    from .analysis import _catalogue

    return str(_catalogue().get("registered_drug_users", "registered_drug_users"))


def _survey_pointer(res: CountryAnalysis, place: _Place) -> str:
    """Markup: where the report shows drug use when the register is missing."""
    names = [group_label(n, res.ds) for n in res.groups["surveys"]]
    if len(names) > 3:
        more = (
            f"{', '.join(names[:3])} and {len(names) - 3} more drug{'s' if len(names) > 4 else ''}"
        )
    else:
        more = T.join_words(names)
    link = _page_link(res, "surveys", GROUP_PAGES["surveys"], place)
    return (
        L.esc(f"How many people use drugs is shown instead by surveys of {more}: see ")
        + link
        + L.esc(" (figures only; surveys are too few and irregular for a trend).")
    )


def _caveats_box(caveats: list[tuple[str, str]]) -> Flowable:
    """The caveats up front, in a shaded box."""
    inner: list[Flowable] = [L.para("Read this first", "h3")]
    inner[0].style = L.style("h3").clone("h3-box", spaceBefore=0)
    for lead, body in caveats:
        inner.append(L.bullet(f"<b>{L.esc(lead)}</b> {L.esc(body)}", "body"))
    return L.boxed(inner)


def _trend_and_forecast_story(res: CountryAnalysis, heading: Callable) -> list[Flowable]:
    """What rose, what fell; what the forecasts say; the registered users."""
    ds, country = res.ds, res.country
    groups: dict[str | None, list[str]] = {"rose": [], "fell": [], "no clear trend": [], None: []}
    for ind in res.indicators:
        d = T.trend_direction(res.trend, ind, country)
        line = T.trend_headline(res.trend, ind, country)
        if not line:
            name = ds[ind].attrs.get("long_name", ind)
            line = f"{name}: no trend statistic (too few comparable figures)."
        groups[d].append(line)
    story: list[Flowable] = [heading("What rose, what fell")]
    for key, title in (
        ("rose", "Rose"),
        ("fell", "Fell"),
        ("no clear trend", "No clear trend"),
        (None, "Other series (no growth rate)"),
    ):
        if groups[key]:
            head = L.para(title, "h4")
            head.keepWithNext = True
            story.append(head)
            story += [L.bullet(L.linkify(line)) for line in groups[key]]
    story.append(heading("What the forecasts say"))
    fc_lines = []
    for ind in res.indicators:
        units = str(ds[ind].attrs.get("units", ""))
        name = str(ds[ind].attrs.get("long_name", ind))
        s = T.forecast_sentence(res.forecast, ind, country, units, name=name)
        if s:
            fc_lines.append(s)
    if fc_lines:
        latest = T.nowcast_through(res.forecast)
        latest_txt = f"the report's latest year ({latest})" if latest else "each series"
        nowcast_txt = (
            f"A series without a figure for the years up to {latest} is nowcast from its "
            "last full-year figure through those years (no figure yet; the intervals widen "
            "with each year). "
            if latest
            else ""
        )
        story += [L.bullet(L.esc(line)) for line in fc_lines]
        story.append(
            L.para(
                f"Medians with 80 % and 95 % intervals, for the first year after {latest_txt} "
                f"and {res.settings.get('horizon', 5)} years on. {nowcast_txt}Forecasts extend "
                "past trends; they do not know about policy changes, new routes or changes in "
                "how figures are counted.",
                "note",
                italic=True,
            )
        )
    else:
        story.append(L.para("No series had enough full-year figures to forecast.", "body"))
    uc_text = T.undercount_sentence(res.undercount, country)
    if uc_text:
        story.append(heading("Registered users and the hidden population"))
        story.append(L.para(uc_text, "body"))
    return story


def _sources_story(res: CountryAnalysis, sources: SourceIndex, place: _Place) -> list[Flowable]:
    """Every source cited (each a link target, its address a link), then the methods and
    what the computations warned about."""
    story: list[Flowable] = [
        PageBreak(),
        L.Heading(
            "Sources",
            "h1",
            key=place.key("sources"),
            outline="Sources and methods",
            level=place.level,
            toc=[(place.toc, "Sources and methods")],
        ),
        L.para(
            "Every source cited in this report, numbered as in the tables: title, publisher, "
            "edition (year of publication) and address. An INCSR edition published in year E "
            "mostly covers year E-1.",
            "note",
        ),
    ]
    entry_style = L.style("small").clone("source", leftIndent=16, firstLineIndent=-16)
    for sid, n in sorted(sources.numbers.items(), key=lambda kv: kv[1]):
        e = sources.entry(sid)
        kind = SOURCE_KIND_LABELS.get(e["kind"], e["kind"])
        head = f"{e['title']}. {e['publisher']}" if e["publisher"] else e["title"]
        ed = f", edition {e['edition']}" if e["edition"] else ", edition not stated"
        body = L.esc(f"{head}{ed} ({kind}; id {sid}).")
        if e["url"]:
            body += " " + L.link(L.esc(e["url"]), e["url"])
        if e["note"]:
            body += " " + L.linkify(f"Note: {e['note']}")
        markup = f"{L.anchor(place.key(f'src-{n}'))}<b>[{n}]</b> {body}"
        story.append(Paragraph(markup, entry_style))

    def heading(text: str, name: str = "h2") -> L.Heading:
        slug = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
        return L.Heading(text, name, key=place.key(f"src-{slug}"), level=place.level + 1)

    story.append(heading("How the numbers were computed"))
    methods = []
    if res.trend is not None:
        methods.append(
            "Trends: log-linear growth rate with a "
            f"{float(res.trend.attrs.get('level', 95)):g} % confidence interval "
            f"({res.trend.attrs.get('growth_method', '')}); "
            f"{res.trend.attrs.get('trend_tests', '')}. Partial-year flows are annualized "
            "first."
            + (
                f" Trends cover the last {res.settings['trend_years']} years up to the latest "
                "figure; the figures show every year."
                if res.settings.get("trend_years")
                else ""
            )
        )
    if res.forecast is not None:
        a = res.forecast.attrs
        levels = T.json_list(a.get("nominal_coverage", []))
        methods.append(
            f"Forecasts: model {a.get('model', '')} (drugtrends.forecast), "
            f"{a.get('interval_method', '')} intervals at "
            f"{', '.join(f'{float(c) * 100:.0f} %' for c in levels)}"
            "; positive series are modelled on the log scale; partial-year flow figures enter "
            "annualized (an annualized last figure widens the fan by its interval), those "
            "not annualized are left out; years up to the latest figure of the report's "
            "series that a series has no figure for are nowcast (drawn grey and hatched)."
        )
    if res.undercount is not None:
        methods.append(f"Hidden population: {res.undercount.attrs.get('method', '')}.")
    methods.append(
        "Series: where several figures exist for one year, a full-year figure beats a "
        "partial one, then the later edition, then the kind of source (INCSR, UNODC, "
        "government, draft cable, CADAP, academic, news, secondary); nothing is averaged."
    )
    story += [L.bullet(L.linkify(m), "text") for m in methods]
    if res.notes:
        story.append(heading("What the computations warned about", "h3"))
        story += [L.bullet(L.linkify(n), "small") for n in res.notes]
    return story


def report_story(
    res: CountryAnalysis,
    step: Callable[[str], None] | None = None,
    *,
    prefix: str = "",
    region_toc: str | None = None,
) -> list[Flowable]:
    """Every flowable of a country's report, in order: summary, indicator pages, sources.

    Parameters
    ----------
    res : CountryAnalysis
        From :func:`drugtrends.report.analyse`.
    step : callable, optional
        Called with a short label after each part (progress bars).
    prefix : str
        Put before every bookmark name (a regional report holds several countries).
    region_toc : str, optional
        Within a regional report: the ``kind`` of the regional contents that lists the
        country (its pages then sit one outline level below the country's name).

    Returns
    -------
    list of flowables
        For :func:`drugtrends.report.layout.build_pdf`; figures need the plot style
        (:func:`drugtrends.plot.style`) while this runs.
    """
    tick = step or (lambda _label: None)
    place = _Place(prefix, 0 if region_toc is None else 1, region_toc)
    sources = SourceIndex(res.ds)
    pages: list[Flowable] = []
    for page in res.pages:
        if page in res.groups:
            pages += group_story(res, page, sources, place)
        else:
            pages += indicator_story(res, page, sources, place)
        tick(page)
    summary = _summary_story(res, place)
    tick("summary")
    src = _sources_story(res, sources, place)
    tick("sources")
    return [*summary, *pages, *src]


def write_report(
    res: CountryAnalysis,
    out: str | os.PathLike,
    *,
    step: Callable[[str], None] | None = None,
) -> Path:
    """Write the PDF report of an analysis, atomically (temporary file, then rename).

    Parameters
    ----------
    res : CountryAnalysis
        From :func:`drugtrends.report.analyse`.
    out : path-like
        The ``.pdf`` file to write; its folder is created.
    step : callable, optional
        Called with a short label after each page (progress bars).

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    from drugtrends import __version__
    from drugtrends._io import atomic_path
    from drugtrends.plot import style

    out = Path(out)
    metadata = {
        "title": T.country_title(res.country),
        "author": "drugtrends",
        "subject": "Trend report from annual drug-control reports",
        "keywords": f"drugtrends {__version__}; data to {res.ds.attrs.get('data_date', '')}",
        "creator": f"drugtrends {__version__}",
    }
    with style():
        story = report_story(res, step=step)
    with atomic_path(out) as tmp:
        L.build_pdf(
            story,
            tmp,
            header=_header(res),
            footer=_footer(res),
            stamp=pdf_date(res.ds),
            metadata=metadata,
        )
    if step is not None:
        step("pdf")
    return out
