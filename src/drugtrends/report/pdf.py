"""The PDF trend report: pages from a :class:`CountryAnalysis`, written deterministically.

Pages, in order:

1. **Summary** (one page, two when long): title, data date and package version, the
   caveats up front, what rose, what fell, what the forecasts say, the hidden population
   beside the register, and the contents.
2. **One page per key indicator**: a figure (every figure reported, marked by source kind,
   partial year and range; conflicts ringed; trend; forecast fan 80 / 95 %; for registered
   users the undercount band), a short text, and a table of the figures with their sources.
3. **Sources**: every source cited, numbered as in the tables, with edition and URL; then
   how the numbers were computed and what the computations warned about.

The same data give a byte-identical PDF: the creation and modification dates are the
data date (or ``SOURCE_DATE_EPOCH`` when set), and nothing else in the file depends on the
clock or the machine.

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
from pathlib import Path
from typing import Any

from drugtrends.dataset import SKIPPED_QUALIFIERS
from drugtrends.plot import (
    SOURCE_KIND_LABELS,
    _largest,
    axis_label,
    country_name,
    display_scale,
    observations,
)

from . import text as T
from .analysis import CountryAnalysis
from .layout import MUTED, Column, Flow, Page, line_height

__all__ = ["SourceIndex", "pdf_date", "render_pages", "write_report"]


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


def _page_title(page: Page, title: str, subtitle: str) -> None:
    page.text_block(title, 14, weight="bold", space_after=0.03)
    page.text_block(subtitle, 8.5, color=MUTED, space_after=0.12)


def indicator_page(res: CountryAnalysis, indicator: str, sources: SourceIndex) -> Page:
    """One indicator's page: figure, text, table of figures with their sources."""
    ds, country = res.ds, res.country
    attrs = ds[indicator].attrs
    page = Page(*_header(res))
    obs = observations(ds, indicator, country, records=res.records)
    # the units the figure, the subtitle and the table show (tonnes for large masses)
    scale = display_scale(str(attrs.get("units", "")), _largest(obs))
    long_name = str(attrs.get("long_name", indicator))
    _page_title(page, long_name, _indicator_subtitle(obs, country, scale))
    # numbers for the sources in table order (most recent first), then the rest plotted
    table_rows = obs.iloc[::-1]
    uc, bench = _cite_page_sources(res, indicator, table_rows, sources)
    _page_figure(page, res, indicator)
    for lead, body, style in _indicator_paragraphs(res, indicator, obs, uc, bench, sources):
        page.text_block(body, 8.3, lead=lead, style=style, space_after=0.06)
    _figures_table(page, table_rows, scale, sources)
    return page


_Paragraphs = list[tuple[str, str, str]]
"""Paragraphs of an indicator page: (lead, body, style)."""


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


def _page_figure(page: Page, res: CountryAnalysis, indicator: str) -> None:
    """Draw the indicator's figure, its legend measured so the text starts below it."""
    import matplotlib.transforms as mtransforms
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(page.fig)
    page.y += 0.05
    ax = page.axes(3.3, left=0.8, right=0.05)
    res.figure(indicator, ax=ax, title=False, legend="below")
    renderer = page.fig.canvas.get_renderer()
    legend = ax.get_legend()
    bottom = ax.get_tightbbox(renderer)
    if legend is not None:
        bottom = mtransforms.Bbox.union([bottom, legend.get_window_extent(renderer)])
    low = bottom.y0 / page.fig.dpi  # inches from the page bottom
    page.y = max(page.y, page.size[1] - low) + 0.14


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


def _figures_table(page: Page, table_rows: Any, scale: Any, sources: SourceIndex) -> None:
    """The table of the figures used, as many rows as fit, then a note on the rest."""
    page.y += 0.06
    unit_word = scale.units_label
    cols = [
        Column("Year", 0.45),
        Column(f"Figure{f' [{unit_word}]' if unit_word else ''}", 1.45, align="right"),
        Column("Period covered", 1.45),
        Column("Source", 2.32, max_lines=1),
        Column("Role", 1.1),
    ]
    rows, shade = _table_cells(table_rows, scale, sources)
    title_h = line_height(9) + 0.05
    avail = page.remaining() - title_h - 0.3
    n_fit = len(rows)
    while n_fit > 0 and page.table(cols, rows[:n_fit], dry=True) > avail:
        n_fit -= 1
    if n_fit == 0:  # no room for a single row: no empty table, just where to find them
        _rest_note(page, table_rows, 0, len(rows), sources)
        return
    page.text_block(
        "Figures used, most recent first (shaded: the figure the series holds)",
        9,
        weight="bold",
        space_after=0.03,
    )
    page.table(cols, rows[:n_fit], shade=shade[:n_fit])
    if len(rows) - n_fit > 0:
        _rest_note(page, table_rows, n_fit, len(rows) - n_fit, sources)


def _table_cells(table_rows: Any, scale: Any, sources: SourceIndex) -> tuple[list, list]:
    """The table's cells, one row per figure, and which rows to shade (in the series)."""
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
        src = f"[{ref}] {T.source_label(r.source_kind, r.edition)}: {entry['title']}"
        rows.append(
            [
                str(int(r.year)),
                figure,
                T.period_text(r.period_start, r.period_end, r.months),
                src,
                role,
            ]
        )
        shade.append(bool(r.used))
    return rows, shade


def _rest_note(page: Page, table_rows: Any, n_fit: int, rest: int, sources: SourceIndex) -> None:
    """A note on the earlier figures the table had no room for."""
    left = table_rows.iloc[n_fit:] if n_fit < len(table_rows) else table_rows.iloc[0:0]
    span = ""
    if len(left):
        span = f" ({int(left['year'].min())}–{int(left['year'].max())})"
    kinds = sorted({SOURCE_KIND_LABELS.get(k, k) for k in left["source_kind"]})
    refs = sorted({sources.cite(s) for s in left["source_id"]})
    lead = "Figures used:" if n_fit == 0 else "… and"
    which = "" if n_fit == 0 else " earlier"
    page.text_block(
        f"{lead} {rest}{which} figure{'s' if rest > 1 else ''}{span} from "
        f"{', '.join(kinds)} ({', '.join(f'[{n}]' for n in refs)}), all plotted above "
        "and listed by drugtrends.dataset.records_table(ds).",
        7.5,
        color=MUTED,
    )


def _summary_flow(res: CountryAnalysis, contents: list[tuple[str, int]]) -> list[Page]:
    from drugtrends import __version__

    ds, country = res.ds, res.country
    flow = Flow(*_header(res))
    page = flow.page
    page.text_block(T.country_title(country), 20, weight="bold", space_after=0.04)
    page.text_block(
        "Statistics and forecasts of yearly drug-control indicators from annual country "
        "reports (INCSR, UNODC, national reports)",
        10,
        color=MUTED,
        space_after=0.02,
    )
    n_rec = len(res.records[res.records["year"].notna()])
    n_src = res.records["source_id"].nunique()
    page.text_block(
        f"Data to {T.month_year(ds.attrs.get('data_date', ''))} · drugtrends {__version__} · "
        f"{n_rec} dated figure{'s' if n_rec != 1 else ''} from {n_src} "
        f"source{'s' if n_src != 1 else ''} in the records · forecast horizon "
        f"{res.settings.get('horizon', 5)} years",
        8.5,
        color=MUTED,
        space_after=0.18,
    )

    # caveats up front, in a shaded box
    top = page.y
    page.y += 0.1
    page.text_block("Read this first", 10.5, weight="bold", space_after=0.05)
    for lead, body in T.caveats(has_estimate=res.undercount is not None):
        page.put(page.margins[0] + 0.08, page.y, "•", size=9)
        page.text_block(body, 8.8, lead=lead, indent=0.25, width=page.width - 0.4, space_after=0.04)
    page.y += 0.06
    page.box(page.margins[0] - 0.1, top, page.width + 0.2, page.y - top, facecolor="0.93")
    page.y += 0.18

    groups: dict[str, list[str]] = {"rose": [], "fell": [], "no clear trend": [], None: []}
    for ind in res.indicators:
        d = T.trend_direction(res.trend, ind, country)
        line = T.trend_headline(res.trend, ind, country)
        if not line:
            name = ds[ind].attrs.get("long_name", ind)
            line = f"{name}: no trend statistic (too few comparable figures)."
        groups[d].append(line)
    if res.missing or not res.indicators:
        flow.heading("What the records do not hold", 12)
        if res.missing:
            flow.paragraph(
                f"No dated figure of {T.join_words([T.lower_first(m) for m in res.missing])}"
                f" for {country_name(country)}: the report cannot say how "
                f"{'it' if len(res.missing) == 1 else 'they'} moved.",
                8.8,
            )
        thin = [
            i
            for i in res.indicators
            if int(((res.records["indicator"] == i) & res.records["year"].notna()).sum()) < 5
        ]
        if thin:
            names = [T.lower_first(str(ds[i].attrs.get("long_name", i))) for i in thin]
            flow.paragraph(
                f"Fewer than five dated figures of {T.join_words(names)}: read their trends "
                "and forecasts with caution.",
                8.8,
            )
        if not res.indicators:
            flow.paragraph(
                "No indicator has a dated figure to draw: this report lists the sources the "
                "records cite and nothing else.",
                8.8,
            )
        flow.space(0.1)
    if not res.indicators:
        flow.heading("Contents", 12)
        flow.bullets([f"{title} ... page {n}" for title, n in contents], 8.8, space_after=0.0)
        return flow.pages
    flow.heading("What rose, what fell", 12)
    for key, title in (
        ("rose", "Rose"),
        ("fell", "Fell"),
        ("no clear trend", "No clear trend"),
        (None, "Other series (no growth rate)"),
    ):
        if groups[key]:
            flow.paragraph(title, 9.5, weight="bold", space_after=0.03)
            flow.bullets(groups[key], 8.8, space_after=0.04)
    flow.space(0.1)
    flow.heading("What the forecasts say", 12)
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
        flow.bullets(fc_lines, 8.8, space_after=0.04)
        flow.paragraph(
            f"Medians with 80 % and 95 % intervals, for the first year after {latest_txt} and "
            f"{res.settings.get('horizon', 5)} years on. {nowcast_txt}Forecasts extend past "
            "trends; they do not know about policy changes, new routes or changes in how "
            "figures are counted.",
            8.3,
            color=MUTED,
            style="italic",
        )
    else:
        flow.paragraph("No series had enough full-year figures to forecast.", 8.8)
    uc_text = T.undercount_sentence(res.undercount, country)
    if uc_text:
        flow.space(0.1)
        flow.heading("Registered users and the hidden population", 12)
        flow.paragraph(uc_text, 8.8)
    flow.space(0.1)
    flow.heading("Contents", 12)
    items = [f"{title} ... page {n}" for title, n in contents]
    flow.bullets(items, 8.8, space_after=0.0)
    return flow.pages


def _sources_flow(res: CountryAnalysis, sources: SourceIndex) -> list[Page]:
    flow = Flow(*_header(res))
    flow.heading("Sources", 14)
    flow.paragraph(
        "Every source cited in this report, numbered as in the tables: title, publisher, "
        "edition (year of publication) and address. An INCSR edition published in year E "
        "mostly covers year E-1.",
        8.5,
        color=MUTED,
    )
    for sid, n in sorted(sources.numbers.items(), key=lambda kv: kv[1]):
        e = sources.entry(sid)
        kind = SOURCE_KIND_LABELS.get(e["kind"], e["kind"])
        head = f"{e['title']}. {e['publisher']}" if e["publisher"] else e["title"]
        ed = f", edition {e['edition']}" if e["edition"] else ", edition not stated"
        body = f"{head}{ed} ({kind}; id {sid})."
        if e["url"]:
            body += f" {e['url']}"
        if e["note"]:
            body += f" Note: {e['note']}"
        flow.paragraph(body, 7.6, lead=f"[{n}]", space_after=0.045)

    flow.space(0.12)
    flow.heading("How the numbers were computed", 12)
    methods = []
    if res.trend is not None:
        methods.append(
            "Trends: log-linear growth rate with a "
            f"{float(res.trend.attrs.get('level', 0.95)) * 100:.0f} % confidence interval "
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
    flow.bullets(methods, 8.2)
    if res.notes:
        flow.space(0.06)
        flow.heading("What the computations warned about", 10.5, keep_with=0.3)
        flow.bullets(res.notes, 7.8)
    return flow.pages


def render_pages(
    res: CountryAnalysis, step: Callable[[str], None] | None = None, *, number: bool = True
) -> list[Page]:
    """Every page of the report, in order; numbered unless ``number`` is False (a
    regional report numbers them itself)."""
    from drugtrends import __version__

    tick = step or (lambda _label: None)
    sources = SourceIndex(res.ds)
    ind_pages = []
    for ind in res.indicators:
        ind_pages.append(indicator_page(res, ind, sources))
        tick(ind)
    titles = [str(res.ds[i].attrs.get("long_name", i)) for i in res.indicators]
    n_summary = 1
    for _ in range(3):
        contents = [("Summary", 1)]
        contents += [(t, n_summary + 1 + i) for i, t in enumerate(titles)]
        contents.append(("Sources and methods", n_summary + 1 + len(titles)))
        summary = _summary_flow(res, contents)
        if len(summary) == n_summary:
            break
        n_summary = len(summary)
    tick("summary")
    src_pages = _sources_flow(res, sources)
    tick("sources")
    pages = [*summary, *ind_pages, *src_pages]
    foot = (
        f"drugtrends {__version__} · {T.country_title(res.country)} · data to "
        f"{T.month_year(res.ds.attrs.get('data_date', ''))}"
    )
    if number:
        for i, page in enumerate(pages, start=1):
            page.footer(foot, f"page {i} of {len(pages)}")
    return pages


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
    from matplotlib.backends.backend_pdf import PdfPages

    from drugtrends import __version__
    from drugtrends._io import atomic_path
    from drugtrends.plot import style

    out = Path(out)
    stamp = pdf_date(res.ds)
    metadata = {
        "Title": T.country_title(res.country),
        "Author": "drugtrends",
        "Subject": "Trend report from annual drug-control reports",
        "Keywords": f"drugtrends {__version__}; data to {res.ds.attrs.get('data_date', '')}",
        "Creator": f"drugtrends {__version__}",
        "CreationDate": stamp,
        "ModDate": stamp,
    }
    with style():
        pages = render_pages(res, step=step)
        with atomic_path(out) as tmp, PdfPages(tmp, metadata=metadata) as pdf:
            for page in pages:
                pdf.savefig(page.fig)
    if step is not None:
        step("pdf")
    return out
