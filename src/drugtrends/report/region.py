"""The regional report: several countries compared indicator by indicator, then each country.

Pages, in order:

1. **Summary**: the countries, the caveats, per key indicator the fastest rise and the
   steepest fall, what the records do not hold, the contents.
2. **One comparison page per key indicator**: every country's series on one shared scale
   (full-year and annualized figures) with its trend line; the growth rates with their
   intervals, ranked; a table of the ranking with the latest figure and the forecast.
3. **The country pages**: each country's report (:mod:`drugtrends.report.pdf`) in turn.

Each country is analysed alone (:func:`drugtrends.report.analyse`), so a country's pages
in a regional report are the pages of its own report.

Examples
--------
>>> from drugtrends.report.region import build_region_report
>>> build_region_report(["KAZ", "KGZ", "TJK", "UZB", "TKM"], "central-asia.pdf")  # doctest: +SKIP
PosixPath('central-asia.pdf')
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from . import text as T
from .analysis import CORE_INDICATORS, CountryAnalysis, _full_years, analyse
from .layout import MUTED, Column, Flow, Page

__all__ = [
    "RegionAnalysis",
    "analyse_region",
    "build_region_report",
    "growth_ranking",
    "render_region_pages",
    "write_region_report",
]


@dataclass
class RegionAnalysis:
    """The analyses behind a regional report.

    Attributes
    ----------
    countries : list of str
        ISO3 codes, in the order given.
    analyses : list of CountryAnalysis
        One per country, same order.
    indicators : list of str
        The key indicators compared (one per :data:`CORE_INDICATORS` group that any of
        the countries has figures of: the first such name of the group).
    """

    countries: list[str]
    analyses: list[CountryAnalysis]
    indicators: list[str] = field(default_factory=list)

    def of(self, country: str) -> CountryAnalysis:
        """The analysis of one country."""
        return self.analyses[self.countries.index(country)]


def _has_figures(res: CountryAnalysis, name: str) -> bool:
    rec = res.records
    return bool(((rec["indicator"] == name) & rec["year"].notna()).any())


def compared_indicators(analyses: Sequence[CountryAnalysis]) -> list[str]:
    """Per key-indicator group, the first name that most of the countries have figures of."""
    out = []
    for group in CORE_INDICATORS:
        counts = [sum(_has_figures(r, n) for r in analyses) for n in group]
        if max(counts) > 0:
            out.append(group[int(np.argmax(counts))])
    return out


def analyse_region(
    countries: Sequence[str],
    ds: xr.Dataset | None = None,
    *,
    step: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> RegionAnalysis:
    """Analyse every country of a region (each alone, as its own report does).

    Parameters
    ----------
    countries : sequence of str
        ISO3 codes (at least two, no repeats).
    ds : xarray.Dataset, optional
        A Dataset holding the countries; the shipped data by default.
    step : callable, optional
        Called with the country code after each analysis (progress bars).
    **kwargs
        Passed to :func:`drugtrends.report.analyse` (``horizon``, ``model``, ...).

    Raises
    ------
    ValueError
        Fewer than two countries, or a country twice.
    KeyError
        A country without records.

    Examples
    --------
    >>> reg = analyse_region(["KAZ", "KGZ"], horizon=3)                # doctest: +SKIP
    >>> reg.indicators                                                 # doctest: +SKIP
    """
    import drugtrends as dt

    codes = [str(c).upper() for c in countries]
    if len(codes) < 2:
        raise ValueError(f"a regional report needs at least two countries, not {codes}")
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise ValueError(f"country given twice: {', '.join(twice)}")
    if ds is None:
        ds = dt.load_dataset(codes)
    have = {str(c) for c in ds["country"].values}
    missing = [c for c in codes if c not in have]
    if missing:
        raise KeyError(
            f"no records for {', '.join(missing)}; countries with records: "
            f"{', '.join(sorted(have))}"
        )
    analyses = []
    for code in codes:
        analyses.append(analyse(ds.sel(country=[code]), code, **kwargs))
        if step is not None:
            step(code)
    return RegionAnalysis(codes, analyses, compared_indicators(analyses))


# ---------------------------------------------------------------------------- numbers


def _series(res: CountryAnalysis, name: str) -> pd.Series:
    """Full-year and annualized figures of one series, by year."""
    src = res.annualized if res.annualized is not None and name in res.annualized else res.ds
    if name not in src:
        return pd.Series(dtype=float)
    mask = _full_years(src, name, res.country)
    da = src[name].sel(country=res.country)
    years = np.asarray(da["year"].values).astype(int)
    return pd.Series(np.asarray(da.values, dtype=float)[mask], index=years[mask])


def growth_ranking(region: RegionAnalysis, indicator: str) -> pd.DataFrame:
    """The countries ranked by the growth rate of one indicator, fastest rise first.

    Returns
    -------
    pandas.DataFrame
        One row per country: ``growth``, ``lower``, ``upper`` [% a year], ``start``,
        ``end`` (years the trend covers), ``figures`` (full-year figures), ``last_year``,
        ``last`` (latest figure), ``forecast`` (median of the first forecast year after
        the country's latest year) and ``forecast_year``; countries without a growth rate
        last (NaN growth), then those without figures.

    Examples
    --------
    >>> growth_ranking(reg, "heroin_seizures").index.tolist()          # doctest: +SKIP
    ['TJK', 'KAZ', 'KGZ', 'UZB', 'TKM']
    """
    rows = []
    for res in region.analyses:
        s = _series(res, indicator)
        row: dict[str, Any] = {"country": res.country, "figures": len(s)}
        row["last_year"] = int(s.index.max()) if len(s) else np.nan
        row["last"] = float(s.iloc[-1]) if len(s) else np.nan
        tr = res.trend
        keys = ("growth", "growth_lower", "growth_upper", "start_year", "end_year")
        vals = dict.fromkeys(keys, np.nan)
        if tr is not None and indicator in [str(v) for v in tr["indicator"].values]:
            sub = tr.sel(indicator=indicator, country=res.country)
            for k in keys:
                if k in sub:
                    v = sub[k].values.item()
                    vals[k] = float(v) if isinstance(v, (int, float)) else np.nan
        row.update(
            growth=vals["growth"],
            lower=vals["growth_lower"],
            upper=vals["growth_upper"],
            start=vals["start_year"],
            end=vals["end_year"],
        )
        frame = T.forecast_values(res.forecast, indicator, res.country)
        cut = T.nowcast_through(res.forecast, indicator)
        ahead = [y for y in frame.index if cut is None or y > cut]
        row["forecast_year"] = ahead[0] if ahead else np.nan
        row["forecast"] = float(frame.loc[ahead[0], "q0.5"]) if ahead else np.nan
        rows.append(row)
    out = pd.DataFrame(rows).set_index("country")
    order = out.assign(
        _has=out["growth"].notna(), _fig=out["figures"] > 0, _g=out["growth"].fillna(0)
    ).sort_values(["_has", "_fig", "_g"], ascending=[False, False, False], kind="stable")
    return out.loc[order.index]


# ---------------------------------------------------------------------------- pages


def _colors(n: int) -> list[Any]:
    import seaborn as sns

    return list(sns.color_palette("colorblind", max(n, 1)))


_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h", "<", ">")


def _long_name(region: RegionAnalysis, indicator: str) -> tuple[str, str]:
    for res in region.analyses:
        if indicator in res.ds:
            a = res.ds[indicator].attrs
            return str(a.get("long_name", indicator)), str(a.get("units", ""))
    from .analysis import _catalogue

    return _catalogue().get(indicator, indicator), ""


def _kind(region: RegionAnalysis, indicator: str) -> str:
    for res in region.analyses:
        if indicator in res.ds:
            return str(res.ds[indicator].attrs.get("kind", ""))
    return ""


def comparison_page(region: RegionAnalysis, indicator: str, header: tuple[str, str]) -> Page:
    """One key indicator across the region: series on one scale, ranked growth rates."""
    from drugtrends.plot import (
        _fmt_tick,
        axis_label,
        country_name,
        display_scale,
        format_number,
        style,
        trend_line,
    )

    long_name, units = _long_name(region, indicator)
    rank = growth_ranking(region, indicator)
    series = {res.country: _series(res, indicator) for res in region.analyses}
    have = [c for c in region.countries if len(series[c])]
    largest = max((float(np.nanmax(s.to_numpy())) for s in series.values() if len(s)), default=1)
    scale = display_scale(units, largest)
    page = Page(*header)
    page.text_block(f"{long_name}: the countries compared", 14, weight="bold", space_after=0.03)
    page.text_block(
        f"{len(have)} of {len(region.countries)} countries with full-year (or annualized) "
        f"figures · one shared scale · units: {scale.units_label or 'number'} · trends over "
        "each country's report span, growth rates with 95 % intervals",
        8.5,
        color=MUTED,
        space_after=0.1,
    )
    import matplotlib.ticker as mticker

    colors = dict(zip(region.countries, _colors(len(region.countries)), strict=True))
    markers = {c: _MARKERS[i % len(_MARKERS)] for i, c in enumerate(region.countries)}
    with style():
        page.y += 0.05
        ax = page.axes(3.1, left=0.8, right=1.35)
        positive = [v for c in have for v in series[c].to_numpy() if v > 0]
        kind = _kind(region, indicator)
        log = bool(positive) and (kind == "price" or max(positive) / min(positive) > 100)
        for c in have:
            s = series[c]
            ax.plot(
                s.index,
                s.to_numpy() * scale.factor,
                marker=markers[c],
                markersize=3.5,
                linewidth=1.0,
                color=colors[c],
                label=country_name(c),
                zorder=3,
            )
            res = region.of(c)
            line = trend_line(res.trend, None, indicator, c) if res.trend is not None else None
            if line is not None:
                ax.plot(
                    line.years,
                    line.values * scale.factor,
                    linestyle=(0, (1, 1.5)),
                    linewidth=1.6,
                    color=colors[c],
                    zorder=2,
                )
        if log:
            ax.set_yscale("log")
        else:
            ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _p: _fmt_tick(v)))
        ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=9, steps=[1, 2, 5, 10], integer=True))
        ax.set_ylabel(axis_label(long_name, scale.units))
        ax.set_xlabel("Year")
        if have:
            ax.legend(
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                frameon=False,
                fontsize=7,
                title="solid: figures\ndotted: trend",
                title_fontsize=6.5,
            )
        else:
            ax.text(0.5, 0.5, "no figures", transform=ax.transAxes, ha="center", color="0.4")
        page.y += 0.55

        ranked = rank[rank["growth"].notna()]
        if len(ranked):
            h = 0.3 + 0.22 * len(ranked)
            ax2 = page.axes(h, left=1.6, right=1.35)
            ypos = np.arange(len(ranked))[::-1]
            for y, (c, r) in zip(ypos, ranked.iterrows(), strict=True):
                ax2.errorbar(
                    r["growth"],
                    y,
                    xerr=[[r["growth"] - r["lower"]], [r["upper"] - r["growth"]]],
                    fmt=markers[c],
                    color=colors[c],
                    markersize=4.5,
                    capsize=2.5,
                    elinewidth=1.2,
                )
            ax2.axvline(0, color="0.4", linewidth=0.8)
            ax2.set_yticks(
                ypos, [f"{i + 1}. {country_name(c)}" for i, c in enumerate(ranked.index)]
            )
            ax2.set_ylim(-0.6, len(ranked) - 0.4)
            ax2.set_xlabel("Growth rate [% a year], with 95 % interval")
            ax2.tick_params(axis="y", labelsize=7.5)
            page.y += 0.5

    # the ranking in words and as a table
    words = []
    for i, (c, r) in enumerate(ranked.iterrows(), start=1):
        words.append(
            f"{i}. {country_name(c)} {r['growth']:+.1f} % a year "
            f"({r['lower']:+.0f} to {r['upper']:+.0f} %)"
        )
    none = [country_name(c) for c in rank.index if pd.isna(rank.loc[c, "growth"])]
    text = (
        ("Ranking by growth rate: " + "; ".join(words) + ".")
        if words
        else ("No country has enough comparable figures for a growth rate.")
    )
    if none:
        text += f" No growth rate for {T.join_words(none)} (too few figures or none)."
    page.text_block(text, 8.3, space_after=0.1)
    cols = [
        Column("Country", 1.3),
        Column("Growth [% a year]", 1.45, align="right"),
        Column("Trend years", 0.85),
        Column("Figures", 0.6, align="right"),
        Column("Latest (year)", 1.25, align="right"),
        Column("Forecast (year)", 1.3, align="right"),
    ]
    rows = []
    for c, r in rank.iterrows():
        g = "–"
        if pd.notna(r["growth"]):
            g = f"{r['growth']:+.1f} ({r['lower']:+.0f} to {r['upper']:+.0f})"
        span = f"{int(r['start'])}–{int(r['end'])}" if pd.notna(r["start"]) else "–"
        last = "–"
        if pd.notna(r["last"]):
            last = f"{format_number(r['last'] * scale.factor)} ({int(r['last_year'])})"
        fc = "–"
        if pd.notna(r["forecast"]):
            fc = f"{format_number(r['forecast'] * scale.factor)} ({int(r['forecast_year'])})"
        rows.append([country_name(c), g, span, str(int(r["figures"])), last, fc])
    if page.table(cols, rows, dry=True) < page.remaining():
        page.table(cols, rows)
    return page


def _summary(region: RegionAnalysis, contents: list[tuple[str, int]], header: tuple) -> list:
    from drugtrends.plot import country_name

    flow = Flow(*header)
    page = flow.page
    names = [country_name(c) for c in region.countries]
    page.text_block(_title(region), 20, weight="bold", space_after=0.04)
    page.text_block(
        f"{T.join_words(names)}: the key indicators compared, then each country's report",
        10,
        color=MUTED,
        space_after=0.18,
    )
    top = page.y
    page.y += 0.1
    page.text_block("Read this first", 10.5, weight="bold", space_after=0.05)
    caveats = [
        *T.caveats(has_estimate=False),
        (
            "Countries count differently.",
            "Seizures, crimes and registered users follow each country's own rules and "
            "reporting: compare the directions and growth rates more than the levels.",
        ),
    ]
    for lead, body in caveats:
        page.put(page.margins[0] + 0.08, page.y, "•", size=9)
        page.text_block(body, 8.8, lead=lead, indent=0.25, width=page.width - 0.4, space_after=0.04)
    page.y += 0.06
    page.box(page.margins[0] - 0.1, top, page.width + 0.2, page.y - top, facecolor="0.93")
    page.y += 0.18
    flow.heading("What the comparison shows", 12)
    lines = []
    for ind in region.indicators:
        long_name, _ = _long_name(region, ind)
        rank = growth_ranking(region, ind)
        ranked = rank[rank["growth"].notna()]
        if len(ranked) == 0:
            lines.append(f"{long_name}: no country has a growth rate.")
            continue
        first, last = ranked.index[0], ranked.index[-1]
        r0, r1 = ranked.loc[first], ranked.loc[last]
        text = (
            f"{long_name}: highest growth rate {country_name(first)} ({r0['growth']:+.1f} % a year)"
        )
        if last != first:
            text += f", lowest {country_name(last)} ({r1['growth']:+.1f} %)"
        lines.append(text + f"; {len(ranked)} of {len(rank)} countries with a growth rate.")
    flow.bullets(lines or ["No key indicator has figures in these countries."], 8.8)
    gaps = [
        f"{country_name(r.country)}: {T.join_words([T.lower_first(m) for m in r.missing])}"
        for r in region.analyses
        if r.missing
    ]
    if gaps:
        flow.space(0.1)
        flow.heading("What the records do not hold", 12)
        flow.bullets(gaps, 8.8)
    flow.space(0.1)
    flow.heading("Contents", 12)
    flow.bullets([f"{t} ... page {n}" for t, n in contents], 8.8, space_after=0.0)
    return flow.pages


def _title(region: RegionAnalysis) -> str:
    return f"Drug-control trends: {len(region.countries)} countries compared"


def render_region_pages(
    region: RegionAnalysis, step: Callable[[str], None] | None = None
) -> list[Page]:
    """Every page of the regional report, numbered, in order."""
    from drugtrends import __version__
    from drugtrends.plot import country_name, style

    from .pdf import render_pages

    tick = step or (lambda _label: None)
    date = max(str(r.ds.attrs.get("data_date", "")) for r in region.analyses)
    header = (_title(region), f"data to {T.month_year(date)} · drugtrends {__version__}")
    with style():
        comp = [comparison_page(region, ind, header) for ind in region.indicators]
    tick("comparison")
    country_pages = []
    for res in region.analyses:
        country_pages.append(render_pages(res, number=False))
        tick(res.country)
    titles = [f"{_long_name(region, i)[0]}: the countries compared" for i in region.indicators]
    n_summary = 1
    for _ in range(3):
        contents = [("Summary", 1)]
        n = n_summary + 1
        for t in titles:
            contents.append((t, n))
            n += 1
        for res, pages in zip(region.analyses, country_pages, strict=True):
            contents.append((f"{country_name(res.country)} (report)", n))
            n += len(pages)
        summary = _summary(region, contents, header)
        if len(summary) == n_summary:
            break
        n_summary = len(summary)
    pages = [*summary, *comp, *(p for pages in country_pages for p in pages)]
    foot = f"drugtrends {__version__} · {_title(region)} · data to {T.month_year(date)}"
    for i, page in enumerate(pages, start=1):
        page.footer(foot, f"page {i} of {len(pages)}")
    return pages


def write_region_report(
    region: RegionAnalysis, out: str | os.PathLike, *, step: Callable[[str], None] | None = None
) -> Path:
    """Write the regional report, atomically and byte-identically for the same data."""
    from matplotlib.backends.backend_pdf import PdfPages

    from drugtrends import __version__
    from drugtrends._io import atomic_path
    from drugtrends.plot import style

    from .pdf import pdf_date

    out = Path(out)
    dates = [pdf_date(r.ds) for r in region.analyses]
    stamp = max(dates)
    metadata = {
        "Title": _title(region),
        "Author": "drugtrends",
        "Subject": f"Regional trend report: {', '.join(region.countries)}",
        "Keywords": f"drugtrends {__version__}",
        "Creator": f"drugtrends {__version__}",
        "CreationDate": stamp,
        "ModDate": stamp,
    }
    with style():
        pages = render_region_pages(region, step=step)
        with atomic_path(out) as tmp, PdfPages(tmp, metadata=metadata) as pdf:
            for page in pages:
                pdf.savefig(page.fig)
    return out


def build_region_report(
    countries: Sequence[str],
    out: str | os.PathLike,
    *,
    ds: xr.Dataset | None = None,
    progress: bool = False,
    **kwargs: Any,
) -> Path:
    """Analyse a region and write its report (what ``drugtrends report --countries`` runs).

    Parameters
    ----------
    countries : sequence of str
        ISO3 codes, at least two.
    out : path-like
        The PDF file to write.
    ds : xarray.Dataset, optional
        A Dataset holding the countries (default: the shipped data).
    progress : bool
        A progress bar on stderr (on a terminal).
    **kwargs
        Passed to :func:`drugtrends.report.analyse`.

    Examples
    --------
    >>> build_region_report(["KAZ", "KGZ"], "kaz-kgz.pdf", horizon=3)   # doctest: +SKIP
    """
    from tqdm.auto import tqdm

    n = len(countries)
    with tqdm(
        total=2 * n + 1,
        desc="drugtrends report (region)",
        unit="step",
        file=sys.stderr,
        disable=(not progress) or not sys.stderr.isatty(),
    ) as bar:

        def step(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update(1)

        region = analyse_region(countries, ds, step=step, **kwargs)
        return write_region_report(region, out, step=step)
