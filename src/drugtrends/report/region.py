"""The regional report: several countries compared indicator by indicator, then each country.

Pages, in order:

1. **Summary**: the countries, the caveats, a clickable contents, per key indicator the
   fastest rise and the steepest fall, what the records do not hold.
2. **One comparison page per key indicator**: every country's series on one shared scale
   (full-year and annualized figures) with its trend line; the growth rates with their
   intervals, ranked; a table of the ranking with the latest figure and the forecast.
3. **The country pages**: each country's report (:mod:`drugtrends.report.pdf`) in turn,
   under its own running header.

Each country is analysed alone (:func:`drugtrends.report.analyse`), so a country's pages
in a regional report are the pages of its own report. The PDF's outline holds the
summary, the comparison pages and each country, with the country's sections below it;
the ranking tables link each country to its report.

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
from reportlab.platypus import Flowable, PageBreak, Spacer

from . import layout as L
from . import text as T
from .analysis import CORE_INDICATORS, CountryAnalysis, _full_years, analyse

__all__ = [
    "RegionAnalysis",
    "analyse_region",
    "build_region_report",
    "comparison_story",
    "growth_ranking",
    "region_story",
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


def comparison_story(region: RegionAnalysis, indicator: str) -> list[Flowable]:
    """One key indicator across the region: series on one scale, ranked growth rates,
    the ranking in words and as a table."""
    from drugtrends.plot import country_name, display_scale, format_number

    long_name, units = _long_name(region, indicator)
    rank = growth_ranking(region, indicator)
    series = {res.country: _series(res, indicator) for res in region.analyses}
    have = [c for c in region.countries if len(series[c])]
    largest = max((float(np.nanmax(s.to_numpy())) for s in series.values() if len(s)), default=1)
    scale = display_scale(units, largest)
    title = f"{long_name}: the countries compared"
    story: list[Flowable] = [
        PageBreak(),
        L.Heading(title, "h1", key=f"cmp-{indicator}", toc=[("toc-region", "")]),
        L.para(
            f"{len(have)} of {len(region.countries)} countries with full-year (or annualized) "
            f"figures · one shared scale · units: {scale.units_label or 'number'} · trends "
            "over each country's report span, growth rates with 95 % intervals",
            "meta",
        ),
        L.figure(_comparison_figure(region, indicator, series, rank, scale)),
        Spacer(0, 6),
    ]
    ranked = rank[rank["growth"].notna()]
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
    story.append(L.para(text, "text"))
    cols = [
        L.Column("Country", 1.45),
        L.Column("Growth [% a year]", 1.45, align="right"),
        L.Column("Trend years", 0.85),
        L.Column("Figures", 0.6, align="right"),
        L.Column("Latest (year)", 1.2, align="right"),
        L.Column("Forecast (year)", 1.2, align="right"),
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
        name = L.link(L.esc(country_name(c)), f"{c}-summary", internal=True)
        rows.append([name, g, span, str(int(r["figures"])), last, fc])
    rows = [[row[0], *(L.esc(v) for v in row[1:])] for row in rows]
    story.append(L.table(cols, rows, markup=True))
    return story


def _comparison_figure(
    region: RegionAnalysis, indicator: str, series: dict, rank: pd.DataFrame, scale: Any
) -> Any:
    """The series of every country on one scale (dotted: trends) and, below, the growth
    rates with their intervals, ranked."""
    import matplotlib.ticker as mticker
    from matplotlib.figure import Figure

    from drugtrends.plot import _fmt_tick, axis_label, country_name, trend_line

    long_name, _ = _long_name(region, indicator)
    have = [c for c in region.countries if len(series[c])]
    ranked = rank[rank["growth"].notna()]
    colors = dict(zip(region.countries, _colors(len(region.countries)), strict=True))
    markers = {c: _MARKERS[i % len(_MARKERS)] for i, c in enumerate(region.countries)}
    width = L.WIDTH / 72  # [inches]
    h_rank = 0.3 + 0.22 * len(ranked) if len(ranked) else 0.0
    height = 0.15 + 3.1 + 0.55 + (h_rank + 0.55 if len(ranked) else 0.0)
    fig = Figure(figsize=(width, height))
    top = 0.15
    ax = fig.add_axes(
        (0.8 / width, 1 - (top + 3.1) / height, (width - 0.8 - 1.35) / width, 3.1 / height)
    )
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
        lo, hi = ax.get_ylim()
        if hi < 10 * lo:
            # less than a decade (prices of a few countries): plain ticks, never the
            # "9 x 10^1" label of a log axis without a labelled decade
            ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        else:
            ax.yaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_minor_locator(mticker.NullLocator())
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
    if len(ranked):
        y0 = top + 3.1 + 0.55 + h_rank
        ax2 = fig.add_axes(
            (1.6 / width, 1 - y0 / height, (width - 1.6 - 1.35) / width, h_rank / height)
        )
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
        ax2.set_yticks(ypos, [f"{i + 1}. {country_name(c)}" for i, c in enumerate(ranked.index)])
        ax2.set_ylim(-0.6, len(ranked) - 0.4)
        ax2.set_xlabel("Growth rate [% a year], with 95 % interval")
        ax2.tick_params(axis="y", labelsize=7.5)
    return fig


def _summary_story(region: RegionAnalysis) -> list[Flowable]:
    """The regional summary: title, caveats, contents, the comparison in brief, gaps."""
    from drugtrends.plot import country_name

    from .pdf import _caveats_box

    names = [country_name(c) for c in region.countries]
    story: list[Flowable] = [
        L.Heading(
            _title(region),
            "title",
            key="summary",
            outline="Summary",
            toc=[("toc-region", "Summary")],
        ),
        L.para(
            f"{T.join_words(names)}: the key indicators compared, then each country's report",
            "subtitle",
        ),
        Spacer(0, 10),
    ]
    caveats = [
        *T.caveats(has_estimate=False),
        (
            "Countries count differently.",
            "Seizures, crimes and registered users follow each country's own rules and "
            "reporting: compare the directions and growth rates more than the levels.",
        ),
    ]
    story.append(_caveats_box(caveats))

    def heading(text: str) -> L.Heading:
        slug = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
        return L.Heading(text, "h2", key=f"sum-{slug}", level=1)

    story += [heading("Contents"), L.contents("toc-region")]
    story.append(heading("What the comparison shows"))
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
    story += [
        L.bullet(L.esc(t)) for t in lines or ["No key indicator has figures in these countries."]
    ]
    # one line per set of missing indicators, naming the countries it holds for
    by_gap: dict[tuple[str, ...], list[str]] = {}
    for r in region.analyses:
        if r.missing:
            by_gap.setdefault(tuple(r.missing), []).append(country_name(r.country))
    gaps = [
        f"No dated figure of {T.join_words([T.lower_first(m) for m in missing])} for "
        f"{T.join_words(names)}."
        for missing, names in by_gap.items()
    ]
    if gaps:
        story.append(heading("What the records do not hold"))
        story += [L.bullet(L.esc(g)) for g in gaps]
    return story


def _title(region: RegionAnalysis) -> str:
    return f"Drug-control trends: {len(region.countries)} countries compared"


def region_story(
    region: RegionAnalysis, step: Callable[[str], None] | None = None
) -> list[Flowable]:
    """Every flowable of the regional report: summary, comparisons, then each country's
    report (its own header on its pages, the regional footer and page numbers)."""
    from drugtrends.plot import style

    from .pdf import _header, report_story

    tick = step or (lambda _label: None)
    with style():
        comp = [f for ind in region.indicators for f in comparison_story(region, ind)]
        tick("comparison")
        countries: list[Flowable] = []
        for res in region.analyses:
            countries += [PageBreak(), L.Running(_header(res), _footer(region))]
            countries += report_story(res, prefix=f"{res.country}-", region_toc="toc-region")
            tick(res.country)
    return [*_summary_story(region), *comp, *countries]


def _footer(region: RegionAnalysis) -> str:
    from drugtrends import __version__

    return f"drugtrends {__version__} · {_title(region)} · data to {T.month_year(_date(region))}"


def _date(region: RegionAnalysis) -> str:
    return max(str(r.ds.attrs.get("data_date", "")) for r in region.analyses)


def write_region_report(
    region: RegionAnalysis, out: str | os.PathLike, *, step: Callable[[str], None] | None = None
) -> Path:
    """Write the regional report, atomically and byte-identically for the same data."""
    from drugtrends import __version__
    from drugtrends._io import atomic_path

    from .pdf import pdf_date

    out = Path(out)
    stamp = max(pdf_date(r.ds) for r in region.analyses)
    metadata = {
        "title": _title(region),
        "author": "drugtrends",
        "subject": f"Regional trend report: {', '.join(region.countries)}",
        "keywords": f"drugtrends {__version__}",
        "creator": f"drugtrends {__version__}",
    }
    story = region_story(region, step=step)
    header = (_title(region), f"data to {T.month_year(_date(region))} · drugtrends {__version__}")
    with atomic_path(out) as tmp:
        L.build_pdf(
            story, tmp, header=header, footer=_footer(region), stamp=stamp, metadata=metadata
        )
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
