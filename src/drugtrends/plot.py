"""Figures of drugtrends Datasets: one indicator, every figure behind it, and its uncertainty.

:func:`indicator` draws one indicator of one country the way the PDF report shows it, and
returns the :class:`matplotlib.figure.Figure`, so analysts can reuse it (``ax=`` draws into
an existing axes, e.g. a panel of a larger figure):

* every dated figure the records give, not only the resolved series: each *source kind*
  has its own marker shape and colour (readable in grey); figures for **part of a year**
  are hollow, full years filled; a reported **range** is a vertical bar from its lower to
  its upper bound; "more than" / "up to" figures carry an arrow pointing the open way;
* figures for the same period that **conflict** (more than 10 % apart, see
  :func:`drugtrends.dataset.conflicts`) are ringed and joined by a dotted line;
* optional layers: ``annualized=`` (partial-year flows scaled to the year, from
  :func:`drugtrends.annualize`), ``trend=`` (from :func:`drugtrends.trend`),
  ``forecast=`` (the median and the 80 / 95 % fan from :func:`drugtrends.forecast`),
  ``undercount=`` (the estimated hidden total beside the register, from
  :func:`drugtrends.undercount`).

The seaborn ``whitegrid`` style and ``colorblind`` palette are applied inside the call
only; the caller's matplotlib settings are left alone.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                                       # doctest: +SKIP
>>> fig = dt.plot.indicator(ds, "heroin_seizures")                    # doctest: +SKIP
>>> fc = dt.forecast(ds, indicators=["heroin_seizures"])              # doctest: +SKIP
>>> fig = ds.drugtrends.plot("heroin_seizures", forecast=fc)          # doctest: +SKIP
>>> fig.savefig("heroin.png", dpi=150)                                # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from drugtrends.dataset import SKIPPED_QUALIFIERS
from drugtrends.rules import full_year_mask, level_fraction, level_quantiles

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "COUNTRY_NAMES",
    "SOURCE_KIND_LABELS",
    "axis_label",
    "country_name",
    "display_scale",
    "format_number",
    "format_range",
    "group",
    "indicator",
    "style",
]

COUNTRY_NAMES = {
    "AFG": "Afghanistan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "RUS": "Russian Federation",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UZB": "Uzbekistan",
}
"""Fall-back names of the seven first countries; :func:`drugtrends.records.country_name`
(``data/countries.csv``) names every country (codes without a name are shown as they
are)."""

SOURCE_KIND_LABELS = {
    "INCSR": "INCSR",
    "UNODC": "UNODC",
    "government": "government",
    "draft_cable": "embassy cable",
    "CADAP": "CADAP",
    "academic": "academic",
    "news": "news / officials",
    "secondary": "secondary",
}
"""How each kind of source is named in legends and tables."""

# marker shapes that stay distinct in grey and can be drawn hollow
_KIND_MARKERS = {
    "INCSR": "o",
    "UNODC": "s",
    "government": "D",
    "draft_cable": "v",
    "CADAP": "h",
    "academic": ">",
    "news": "^",
    "secondary": "p",
}
_KIND_ORDER = tuple(_KIND_MARKERS)

_UNIT_LABELS = {
    "1": "number",
    "kg": "kg",
    "t": "t",
    "percent": "%",
    "USD": "USD",
    "KZT": "KZT",
    "USD kg-1": "USD per kg",
    "USD g-1": "USD per g",
    "ha": "ha",
}

_INK = "0.15"  # near-black for conflicts, arrows and text


def country_name(code: str) -> str:
    """The country's name for titles (``"KAZ"`` -> ``"Kazakhstan"``).

    Examples
    --------
    >>> country_name("KAZ"), country_name("XYZ")
    ('Kazakhstan', 'XYZ')
    """
    from drugtrends import records

    code = str(code)
    try:
        name = records.country_name(code)
    except (OSError, records.RecordsError):  # a data folder without countries.csv
        name = code
    return name if name != code else COUNTRY_NAMES.get(code, code)


@dataclass(frozen=True)
class DisplayScale:
    """How values are shown on an axis: ``shown = value * factor`` in ``units``."""

    factor: float
    units: str

    @property
    def units_label(self) -> str:
        """The units in words (``"USD kg-1"`` -> ``"USD per kg"``, ``"1"`` -> ``""``)."""
        unit = _UNIT_LABELS.get(self.units, self.units)
        return "" if unit == "number" else unit


def display_scale(units: str, largest: float) -> DisplayScale:
    """Kilograms shown in tonnes when the largest figure is 10,000 kg or more.

    Parameters
    ----------
    units : str
        Canonical units of the indicator (UDUNITS spelling, e.g. ``"kg"``).
    largest : float
        Largest figure to show [units].

    Examples
    --------
    >>> display_scale("kg", 97000.0)
    DisplayScale(factor=0.001, units='t')
    >>> display_scale("kg", 800.0)
    DisplayScale(factor=1.0, units='kg')
    """
    if _in_tonnes(units, float(largest)):
        return DisplayScale(1e-3, "t")
    return DisplayScale(1.0, units)


def axis_label(long_name: str, units: str, width: int = 34) -> str:
    """An axis label with the units in brackets: ``"Heroin seizures [kg]"``.

    Parenthetical detail is dropped from long names and the label is wrapped onto two
    lines when it is longer than ``width`` characters, so it fits beside a plot.

    Examples
    --------
    >>> axis_label("Registered drug users", "1")
    'Registered drug users [number]'
    >>> axis_label("Heroin price per kilogram (wholesale, kilogram level)", "USD kg-1")
    'Heroin price per kilogram\\n[USD per kg]'
    """
    import textwrap

    unit = _UNIT_LABELS.get(units, units)
    name = re.sub(r"\s*\([^)]*\)", "", str(long_name)).strip() or str(long_name)
    text = f"{name} [{unit}]" if unit else name
    if len(text) > width:
        lines = textwrap.wrap(name, width=width, break_long_words=False)
        if unit:
            lines.append(f"[{unit}]")
        text = "\n".join(lines[:2] if not unit else [*lines[:-1][:1], lines[-1]])
    return text


@contextmanager
def style():
    """The drugtrends look (seaborn ``whitegrid``, ``paper`` context), applied temporarily.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with style():
    ...     fig, ax = plt.subplots()
    >>> plt.close(fig)
    """
    import matplotlib as mpl
    import seaborn as sns

    rc = {
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 7.5,
        "font.size": 9,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.hashsalt": "drugtrends",
        "axes.edgecolor": "0.35",
        "grid.color": "0.88",
    }
    with (
        mpl.rc_context(),
        sns.axes_style("whitegrid"),
        sns.plotting_context("paper"),
        sns.color_palette("colorblind"),
        mpl.rc_context(rc),
    ):
        yield


def _kind_colors() -> dict[str, Any]:
    """One colour per kind of source: the colorblind palette, darkened where it is light so
    that every marker stays visible when the page is printed in grey."""
    import colorsys

    import seaborn as sns

    pal = sns.color_palette("colorblind", 10)
    picks = {
        "INCSR": 0,
        "UNODC": 3,
        "government": 2,
        "draft_cable": 4,
        "CADAP": 8,
        "academic": 5,
        "news": 1,
        "secondary": 7,
    }
    out = {}
    for kind, i in picks.items():
        h, lum, sat = colorsys.rgb_to_hls(*pal[i])
        out[kind] = colorsys.hls_to_rgb(h, min(lum, 0.4), sat)
    return out


# ---------------------------------------------------------------------------- inputs


def _pick_country(ds: xr.Dataset, country: str | None) -> str:
    countries = [str(c) for c in ds["country"].values]
    if country is None:
        if len(countries) == 1:
            return countries[0]
        raise ValueError(
            f"the Dataset holds {len(countries)} countries ({', '.join(countries)}): "
            "pass country='ISO3'"
        )
    if str(country) not in countries:
        raise KeyError(
            f"no country {country!r} in the Dataset; it holds {', '.join(countries) or 'none'}"
        )
    return str(country)


def _check_indicator(ds: xr.Dataset, name: str) -> None:
    if name in ds.data_vars and "kind" in ds.variables[name].attrs:
        return
    from drugtrends.dataset import indicator_names

    names = indicator_names(ds)
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no indicator {name!r} in the Dataset{hint}")


def observations(
    ds: xr.Dataset,
    indicator: str,
    country: str | None = None,
    records: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The dated figures behind one indicator of one country, one row per record.

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset (it carries its records).
    indicator : str
        Indicator name, e.g. ``"heroin_seizures"``.
    country : str, optional
        ISO3 code; needed when the Dataset holds several countries.
    records : pandas.DataFrame, optional
        :func:`drugtrends.dataset.records_table` of ``ds``, when already computed.

    Returns
    -------
    pandas.DataFrame
        The records columns plus ``point`` (the value, else the range's midpoint),
        ``partial`` (the figure covers part of a year or its cut-off is unknown),
        ``is_range``, ``used`` (the figure the resolved series holds), ``conflict``
        (a conflicting figure) and ``x`` (the year, nudged apart when a year has several
        figures), sorted by year and source kind.

    Examples
    --------
    >>> obs = observations(dt.load_dataset("KAZ"), "heroin_seizures")   # doctest: +SKIP
    """
    from drugtrends.dataset import conflicts, records_table

    country = _pick_country(ds, country)
    _check_indicator(ds, indicator)
    table = records_table(ds) if records is None else records
    sel = table[
        (table["indicator"] == indicator) & (table["country"] == country) & table["year"].notna()
    ].copy()
    kind = ds[indicator].attrs.get("kind", "")
    if kind == "flow":
        # flows over more than a year have no single year: they are not in the series
        sel = sel[~(sel["months"].fillna(0) > 12)]
    lo, hi, val = (sel[c].to_numpy(float) for c in ("lower", "upper", "value"))
    two_sided = np.isfinite(lo) & np.isfinite(hi)
    if kind == "price":
        with np.errstate(invalid="ignore"):
            mid = np.sqrt(lo * hi)
    else:
        mid = (lo + hi) / 2
    sel["point"] = np.where(np.isfinite(val), val, mid)
    sel["is_range"] = two_sided & ~np.isfinite(val) | (two_sided & (hi > lo))
    # hollow: not a full year by the flow rule (part of a year, or the cut-off unknown);
    # for stocks and prices, a level at a date within the year
    sel["partial"] = ~full_year_mask(sel["months"].to_numpy(float), "flow")
    used_ids = set(ds[f"{indicator}_record"].sel(country=country).values.tolist()) - {""}
    sel["used"] = sel["record_id"].isin(used_ids)
    clash = conflicts(table[(table["indicator"] == indicator) & (table["country"] == country)])
    ids = set(clash["record_id_a"]) | set(clash["record_id_b"])
    sel["conflict"] = sel["record_id"].isin(ids)
    rank = {k: i for i, k in enumerate(_KIND_ORDER)}
    sel["_rank"] = sel["source_kind"].map(lambda k: rank.get(k, len(rank)))
    sel = sel.sort_values(["year", "_rank", "record_id"], kind="stable")
    sel["year"] = sel["year"].astype(int)
    # several figures in one year are nudged apart so that none hides another
    offsets = []
    for _, grp in sel.groupby("year", sort=False):
        n = len(grp)
        step = min(0.16, 0.6 / max(n - 1, 1))
        offsets.extend(((np.arange(n) - (n - 1) / 2) * step).tolist())
    sel["x"] = sel["year"].to_numpy(float) + np.asarray(offsets, dtype=float)
    sel.attrs["conflicts"] = clash
    return sel.drop(columns="_rank").reset_index(drop=True)


def _largest(obs: pd.DataFrame) -> float:
    """The largest figure to show, leaving out figures the source flags (unless all are)."""
    keep = ~obs["qualifier"].isin(SKIPPED_QUALIFIERS).to_numpy()
    sel = obs[keep] if keep.any() else obs
    with np.errstate(all="ignore"):
        values = sel[["point", "upper"]].to_numpy(float)
    return float(np.nanmax(values)) if np.isfinite(values).any() else float("nan")


def _series(ds: xr.Dataset, indicator: str, country: str) -> pd.Series:
    return ds[indicator].sel(country=country).to_series().dropna()


def _forecast_block(fc: xr.Dataset, indicator: str, country: str) -> xr.DataArray | None:
    if fc is None or indicator not in fc or "quantile" not in fc[indicator].dims:
        return None
    if country not in [str(c) for c in fc["country"].values]:
        return None
    da = fc[indicator].sel(country=country)
    ok = da.notnull().any("quantile")
    if not bool(ok.any()):
        return None
    return da.sel(year=da["year"].values[ok.values])


def _quantile(da: xr.DataArray, q: float) -> np.ndarray | None:
    qs = np.asarray(da["quantile"].values, dtype=float)
    i = int(np.argmin(np.abs(qs - q)))
    if abs(qs[i] - q) > 1e-6:
        return None
    return np.asarray(da.isel(quantile=i).values, dtype=float)


def _level_q(level: float) -> tuple[float, float]:
    """Quantiles of a central interval given as a fraction (``0.95``), by the rule of
    :func:`drugtrends.rules.level_quantiles` (which takes percent)."""
    return level_quantiles(round(float(level) * 100, 6))


def fan_levels(fc: xr.Dataset | xr.DataArray, indicator: str | None = None) -> list[float]:
    """The central interval levels (as fractions, widest first) a forecast carries.

    Examples
    --------
    >>> da = xr.DataArray([[1, 2, 3, 4, 5]], dims=("year", "quantile"),
    ...                   coords={"quantile": [0.025, 0.1, 0.5, 0.9, 0.975]})
    >>> fan_levels(da)
    [0.95, 0.8]
    """
    da = fc[indicator] if isinstance(fc, xr.Dataset) else fc
    qs = np.round(np.asarray(da["quantile"].values, dtype=float), 6)
    levels = []
    for q in qs:
        if q < 0.5 and np.any(np.isclose(qs, 1 - q)):
            levels.append(round(1 - 2 * float(q), 6))
    return sorted(set(levels), reverse=True)


@dataclass(frozen=True)
class TrendLine:
    """The fitted log-linear trend of one series, ready to draw."""

    years: np.ndarray
    values: np.ndarray
    growth: float
    lower: float
    upper: float
    level: float


def _trend_row(tr: xr.Dataset, indicator: str, country: str) -> xr.Dataset | None:
    sub = tr
    if "indicator" in tr.dims:
        if indicator not in [str(v) for v in tr["indicator"].values]:
            return None
        sub = sub.sel(indicator=indicator)
    if "country" in sub.dims:
        if country not in [str(c) for c in sub["country"].values]:
            return None
        sub = sub.sel(country=country)
    return sub


def trend_line(
    tr: xr.Dataset,
    ds: xr.Dataset | None = None,
    indicator: str = "",
    country: str = "",
    annualized: xr.Dataset | None = None,
) -> TrendLine | None:
    """The log-linear trend line of a :func:`drugtrends.trend` result, year by year.

    The trend result gives the fitted line itself: ``exp(level_log + slope_log * (year -
    mean_year))`` over the years it covers. No line is returned where the series has no
    log-linear growth rate (too few or non-positive figures).

    Parameters
    ----------
    tr : xarray.Dataset
        Result of :func:`drugtrends.trend`.
    ds : xarray.Dataset, optional
        Not needed (kept for callers that pass the Dataset the trend was computed from).
    indicator, country : str
    annualized : xarray.Dataset, optional
        Not needed (as ``ds``).

    Returns
    -------
    TrendLine or None

    Examples
    --------
    >>> tr = dt.trend(ds, ["opium_seizures"])                           # doctest: +SKIP
    >>> trend_line(tr, ds, "opium_seizures", "KAZ").growth             # doctest: +SKIP
    -13.6
    """
    sub = _trend_row(tr, indicator, country)
    if sub is None or "level_log" not in sub:
        return None
    slope = float(sub["slope_log"])
    level = float(sub["level_log"])
    mean_year = float(sub["mean_year"])
    start, end = float(sub["start_year"]), float(sub["end_year"])
    if not all(math.isfinite(v) for v in (slope, level, mean_year, start, end)):
        return None
    t_grid = np.arange(start, end + 1)
    return TrendLine(
        years=t_grid,
        values=np.exp(level + slope * (t_grid - mean_year)),
        growth=float(sub["growth"]),
        lower=float(sub["growth_lower"]),
        upper=float(sub["growth_upper"]),
        level=level_fraction(tr.attrs.get("level", 95)),
    )


# ---------------------------------------------------------------------------- drawing


def _arrow(ax: Axes, x: float, y: float, up: bool, color: Any) -> None:
    import matplotlib.transforms as mtransforms

    fig = ax.figure
    shift = mtransforms.ScaledTranslation(0, (11 if up else -11) / 72, fig.dpi_scale_trans)
    ax.annotate(
        "",
        xy=(x, y),
        xycoords=ax.transData + shift,
        xytext=(x, y),
        textcoords="data",
        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 0.9, "shrinkA": 3, "shrinkB": 0},
        annotation_clip=True,
    )


def _draw_observations(
    ax: Axes, obs: pd.DataFrame, scale: DisplayScale, colors: dict, markersize: float
) -> dict[str, Any]:
    """Draw every figure; return what the legend needs."""
    seen: dict[str, Any] = {
        "kinds": [],
        "partial": False,
        "full": False,
        "range": False,
        "at_least": False,
        "at_most": False,
    }
    f = scale.factor
    seen["suspect"] = False
    for row in obs.itertuples(index=False):
        if row.qualifier in SKIPPED_QUALIFIERS:
            # flagged by the source (x1000 error, unit change, outside its range): shown,
            # never used
            seen["suspect"] = True
            ax.plot(
                row.x,
                row.point * f,
                linestyle="none",
                marker="x",
                markersize=markersize * 0.8,
                color="0.45",
                markeredgewidth=1.2,
                zorder=3,
            )
            continue
        kind = row.source_kind if row.source_kind in _KIND_MARKERS else "secondary"
        color = colors[kind]
        marker = _KIND_MARKERS[kind]
        if kind not in seen["kinds"]:
            seen["kinds"].append(kind)
        y = row.point * f
        if row.is_range:
            ax.errorbar(
                row.x,
                y,
                yerr=[[y - row.lower * f], [row.upper * f - y]],
                fmt="none",
                ecolor=color,
                elinewidth=1.3,
                capsize=3,
                capthick=1.1,
                zorder=3,
            )
            seen["range"] = True
        if row.partial:
            seen["partial"] = True
            ax.plot(
                row.x,
                y,
                linestyle="none",
                marker=marker,
                markersize=markersize,
                markerfacecolor="white",
                markeredgecolor=color,
                markeredgewidth=1.4,
                zorder=4,
            )
        else:
            seen["full"] = True
            ax.plot(
                row.x,
                y,
                linestyle="none",
                marker=marker,
                markersize=markersize,
                color=color,
                markeredgecolor="white",
                markeredgewidth=0.5,
                zorder=4,
            )
        if row.qualifier in ("at_least", "at_most"):
            seen[row.qualifier] = True
            _arrow(ax, row.x, y, up=row.qualifier == "at_least", color=color)
    return seen


def _draw_conflicts(ax: Axes, obs: pd.DataFrame, scale: DisplayScale, markersize: float) -> bool:
    clash = obs.attrs.get("conflicts")
    if clash is None or clash.empty:
        return False
    where = obs.set_index("record_id")
    drawn = False
    for r in clash.itertuples(index=False):
        if r.record_id_a not in where.index or r.record_id_b not in where.index:
            continue
        a, b = where.loc[r.record_id_a], where.loc[r.record_id_b]
        xs = [a["x"], b["x"]]
        ys = [a["point"] * scale.factor, b["point"] * scale.factor]
        ax.plot(xs, ys, linestyle=":", color=_INK, linewidth=1.1, zorder=2)
        ax.plot(
            xs,
            ys,
            linestyle="none",
            marker="o",
            markersize=markersize * 2.1,
            markerfacecolor="none",
            markeredgecolor=_INK,
            markeredgewidth=0.8,
            zorder=5,
        )
        drawn = True
    return drawn


def _draw_annualized(
    ax: Axes, ann: xr.Dataset, indicator: str, country: str, scale: DisplayScale
) -> list[float]:
    """Draw the annualized estimates; return their medians as drawn (empty: none)."""
    flag = f"{indicator}_annualized"
    if ann is None or indicator not in ann or flag not in ann:
        return []
    if country not in [str(c) for c in ann["country"].values]:
        return []
    sel = ann[flag].sel(country=country)
    years = sel["year"].values[(sel.fillna(0) > 0).values]
    if len(years) == 0:
        return []
    f = scale.factor
    mid = ann[indicator].sel(country=country, year=years).values * f
    lo = ann[f"{indicator}_lower"].sel(country=country, year=years).values * f
    hi = ann[f"{indicator}_upper"].sel(country=country, year=years).values * f
    lo = np.where(np.isfinite(lo), lo, mid)
    hi = np.where(np.isfinite(hi), hi, mid)
    x = years.astype(float) + 0.3
    ax.errorbar(
        x,
        mid,
        yerr=[mid - lo, hi - mid],
        fmt="d",
        color="0.45",
        markerfacecolor="0.85",
        markeredgecolor="0.3",
        markersize=5,
        elinewidth=0.9,
        capsize=2,
        linestyle="none",
        zorder=3,
    )
    return [float(v) for v in mid if np.isfinite(v)]


_NOWCAST_COLOR = "0.45"


def _fan_start(
    series: pd.Series,
    annualized: xr.Dataset | None,
    indicator: str,
    country: str,
    block: xr.DataArray,
) -> tuple[float, float] | None:
    """The observation the fan starts from: the year before the first forecast year, as
    the forecast read it (the annualized figure when that year was annualized)."""
    year = int(block["year"].values[0]) - 1
    if (
        annualized is not None
        and indicator in annualized
        and country in [str(c) for c in annualized["country"].values]
        and year in annualized["year"].values
    ):
        v = float(annualized[indicator].sel(country=country, year=year))
        if np.isfinite(v):
            return float(year), v
    if year in series.index:
        return float(year), float(series.loc[year])
    return None


def _draw_fan(
    ax: Axes,
    block: xr.DataArray,
    last: tuple[float, float] | None,
    scale: DisplayScale,
    color: Any,
    nowcast_through: int | None = None,
) -> list[tuple[float, float]]:
    """The forecast fan; years up to ``nowcast_through`` (no figure yet) are drawn grey
    and hatched, labelled "nowcast", the forecast proper in ``color``."""
    years = block["year"].values.astype(float)
    f = scale.factor
    levels = fan_levels(block)
    alphas = np.linspace(0.22, 0.45, num=max(len(levels), 1))
    cut = -np.inf if nowcast_through is None else float(nowcast_through)
    drawn = []

    def pieces(values: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, bool]]:
        """(x, y, is_nowcast) runs, each joined to the point before it."""
        x, y = years, values * f
        if last is not None:
            x, y = np.r_[last[0], x], np.r_[last[1] * f, y]
        now = x <= cut
        out = []
        if now[1:].any() if last is not None else now.any():
            k = int(np.flatnonzero(now).max()) + 1
            out.append((x[:k], y[:k], True))
            if k < len(x):
                out.append((x[k - 1 :], y[k - 1 :], False))
        else:
            out.append((x, y, False))
        return out

    for level, alpha in zip(levels, alphas, strict=False):
        q_lo, q_hi = _level_q(level)
        lo = _quantile(block, q_lo)
        hi = _quantile(block, q_hi)
        if lo is None or hi is None or not np.isfinite(hi).any():
            continue
        for (x, ylo, now), (_, yhi, _) in zip(pieces(lo), pieces(hi), strict=True):
            if now:
                ax.fill_between(
                    x,
                    ylo,
                    yhi,
                    facecolor=_NOWCAST_COLOR,
                    alpha=alpha * 0.8,
                    hatch="////" if level == levels[0] else None,
                    edgecolor="white",
                    linewidth=0,
                    zorder=1,
                )
            else:
                ax.fill_between(x, ylo, yhi, color=color, alpha=alpha, linewidth=0, zorder=1)
        drawn.append((level, alpha))
    med = _quantile(block, 0.5)
    if med is not None:
        for x, y, now in pieces(med):
            ax.plot(
                x,
                y,
                color=_NOWCAST_COLOR if now else color,
                linestyle=(0, (5, 2)),
                linewidth=1.5,
                zorder=2,
            )
        if nowcast_through is not None and years[0] <= cut:
            ax.text(
                (years[0] - 1 + min(cut, years[-1])) / 2 + 0.5,
                0.015,
                "nowcast\n(no figure yet)",
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=6.5,
                color="0.25",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0},
                zorder=6,
            )
    return drawn


def _undercount_frame(uc: Any, country: str) -> pd.DataFrame | None:
    """Year-indexed ``median`` and ``q<prob>`` columns of the estimated hidden total from
    a :func:`drugtrends.undercount` result."""
    if uc is None:
        return None
    if isinstance(uc, pd.DataFrame):
        return uc
    if not isinstance(uc, xr.Dataset):
        raise TypeError(
            f"undercount= takes the Dataset of drugtrends.undercount, not {type(uc).__name__}"
        )
    sub = uc
    if "country" in sub.dims:
        if country not in [str(c) for c in sub["country"].values]:
            return None
        sub = sub.sel(country=country)
    else:
        here = str(sub["country"].values) if "country" in sub.coords else None
        if (here or uc.attrs.get("country", country)) != country:
            return None
    if "hidden_total_quantiles" in sub:
        da = sub["hidden_total_quantiles"].transpose("year", "quantile")
    elif "hidden_total" in sub:
        return pd.DataFrame({"median": sub["hidden_total"].to_series()}).dropna()
    else:
        return None
    frame = pd.DataFrame(
        {f"q{float(q):g}": da.sel(quantile=q).to_series() for q in da["quantile"].values}
    )
    med = _quantile(da, 0.5)
    if "hidden_total" in sub:
        med = np.asarray(sub["hidden_total"].values, dtype=float)
    frame["median"] = med
    frame = frame.dropna(how="all")
    frame.attrs["population"] = str(uc.attrs.get("population", "") or "people who use drugs")
    return frame


def _benchmarks(uc: Any) -> pd.DataFrame | None:
    """The dated independent estimates an undercount result used."""
    if not isinstance(uc, xr.Dataset) or "benchmark" not in uc.dims:
        return None
    cols = {}
    for name in ("year", "value", "lower", "upper", "used", "indicator", "source"):
        if f"benchmark_{name}" in uc:
            cols[name] = uc[f"benchmark_{name}"].values
    frame = pd.DataFrame(cols, index=[str(b) for b in uc["benchmark"].values])
    if "year" not in frame or "value" not in frame:
        return None
    frame = frame[np.isfinite(frame["year"].astype(float))]
    if "used" in frame:
        frame = frame[frame["used"].astype(bool)]
    return frame


def _draw_undercount(ax: Axes, frame: pd.DataFrame, scale: DisplayScale, color: Any) -> list:
    f = scale.factor
    x = frame.index.to_numpy(float)
    probs = sorted(float(c[1:]) for c in frame.columns if c.startswith("q"))
    levels = sorted({round(1 - 2 * p, 6) for p in probs if p < 0.5}, reverse=True)
    drawn = []
    for i, level in enumerate(levels):
        lo, hi = (f"q{q:g}" for q in _level_q(level))
        if lo not in frame or hi not in frame:
            continue
        alpha = 0.12 + 0.18 * i
        ax.fill_between(
            x,
            frame[lo] * f,
            frame[hi] * f,
            facecolor=(*color[:3], alpha),
            edgecolor="none",
            linewidth=0,
            zorder=1,
        )
        edge = ":" if i == 0 else "-"
        for col in (lo, hi):
            ax.plot(x, frame[col] * f, color=color, linewidth=0.7, linestyle=edge, zorder=1)
        drawn.append((level, alpha, edge))
    if "median" in frame:
        ax.plot(x, frame["median"] * f, color=color, linewidth=1.4, linestyle="-.", zorder=2)
    return drawn


def _format_axis(ax: Axes, units: str, log: bool) -> None:
    import matplotlib.ticker as mticker

    def fmt(v: float, _pos: Any) -> str:
        return _fmt_tick(v)

    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_minor_locator(mticker.LogLocator(base=10, subs=(3.0, 4.0, 6.0, 7.0, 8.0, 9.0)))
        ax.yaxis.set_minor_formatter(mticker.NullFormatter())
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(fmt))
    ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=9, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_minor_locator(mticker.MultipleLocator(1))
    ax.grid(True, which="major", axis="both")
    ax.tick_params(axis="x", which="minor", length=2, color="0.6", bottom=True)


@dataclass(frozen=True)
class _Layer:
    """What the layers of one indicator plot share: the series, its scale and the style."""

    ds: xr.Dataset
    indicator: str
    country: str
    kind: str
    scale: DisplayScale
    start_year: int | None
    markersize: float
    annualized: xr.Dataset | None


_FAN_COLOR = "#1f5f8b"
_UNDERCOUNT_COLOR = (0.55, 0.25, 0.45)
_TREND_COLOR = "0.25"

_Items = list[tuple[Any, str]]
"""Legend entries: (handle, label) pairs."""


def indicator(
    ds: xr.Dataset,
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

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset (:func:`drugtrends.load_dataset`, :func:`drugtrends.build`).
    indicator : str
        Indicator name, e.g. ``"heroin_seizures"``.
    country : str, optional
        ISO3 code; needed when ``ds`` holds several countries.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure (7 x 4.2 in) is made when omitted.
    forecast : xarray.Dataset, optional
        Result of :func:`drugtrends.forecast`: the median (dashed) and one shaded band per
        central interval it carries (80 and 95 % by default), joined to the last
        observation the model used.
    trend : xarray.Dataset, optional
        Result of :func:`drugtrends.trend`: its fitted trend line (dotted).
    undercount : xarray.Dataset, optional
        Result of :func:`drugtrends.undercount`: the estimated total (dash-dotted) with
        its 80 / 95 % bands (the 95 % band edged with dots), beside the registered counts.
    annualized : xarray.Dataset, optional
        Result of :func:`drugtrends.annualize`: annual estimates of partial-year flows
        (grey diamonds with their interval, just right of the year).
    conflicts : bool
        Ring conflicting figures and join them with a dotted line (default).
    records : pandas.DataFrame, optional
        :func:`drugtrends.dataset.records_table` of ``ds`` when already at hand (faster).
    observed : pandas.DataFrame, optional
        The :func:`observations` of this indicator and country, when already computed
        (faster).
    log : bool, optional
        Logarithmic y axis; by default for prices only (they move in ratios).
    start_year : int, optional
        First year shown [year].
    title : str or bool, optional
        Axes title; default ``"<long name>, <country>"``; ``False`` for none.
    legend : {"auto", "below", "inside"} or bool
        Where the legend goes: ``"below"`` the axes (default for a new figure),
        ``"inside"`` (default when ``ax`` is given), ``False`` for none.
    markersize : float
        Marker size [points].

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes.

    Raises
    ------
    KeyError
        Unknown indicator or country.
    ValueError
        No dated figure for this indicator and country.

    Examples
    --------
    >>> import drugtrends as dt
    >>> ds = dt.load_dataset("KAZ")                                   # doctest: +SKIP
    >>> fig = dt.plot.indicator(ds, "heroin_wholesale_price")         # doctest: +SKIP
    >>> import matplotlib.pyplot as plt                               # doctest: +SKIP
    >>> fig, axes = plt.subplots(1, 2, figsize=(10, 4))               # doctest: +SKIP
    >>> _ = dt.plot.indicator(ds, "hashish_seizures", ax=axes[0])     # doctest: +SKIP
    >>> _ = dt.plot.indicator(ds, "marijuana_seizures", ax=axes[1])   # doctest: +SKIP
    """
    country = _pick_country(ds, country)
    obs = observed
    if obs is None:
        obs = observations(ds, indicator, country, records=records)
    if obs.empty:
        raise ValueError(f"no dated figures of {indicator!r} for {country}")
    attrs = ds[indicator].attrs
    kind = attrs.get("kind", "")
    units = str(attrs.get("units", ""))
    block = _forecast_block(forecast, indicator, country) if forecast is not None else None
    uc_frame = _undercount_frame(undercount, country)
    bench = _benchmarks(undercount) if uc_frame is not None else None
    tr_line = _as_trend_line(trend, ds, indicator, country, annualized)
    scale = _plot_scale(obs, block, units)
    log = (kind == "price") if log is None else bool(log)
    layer = _Layer(ds, indicator, country, kind, scale, start_year, markersize, annualized)

    with style():
        colors = _kind_colors()
        fig, ax, placement = _figure_axes(ax, legend)
        if start_year is not None:
            obs = obs[obs["year"] >= start_year]
        _format_axis(ax, units, log)
        items = _draw_undercount_layer(ax, uc_frame, bench, layer)
        series = _series(ds, indicator, country)
        items += _draw_full_years(ax, series, layer)
        seen = _draw_observations(ax, obs, scale, colors, markersize)
        has_conflict = conflicts and _draw_conflicts(ax, obs, scale, markersize)
        ann_mid = _draw_annualized(ax, annualized, indicator, country, scale)
        items += _draw_trend(ax, tr_line, layer)
        items += _draw_forecast_layer(ax, block, series, layer)
        enc = _marker_legend(seen, markersize) + _overlay_legend(
            has_conflict, bool(ann_mid), markersize
        )
        items = _kind_legend(seen, colors, markersize) + enc + items
        _label_axes(ax, attrs, layer, title)
        _set_limits(ax, obs, block, uc_frame, tr_line, log, scale, ann_mid)
        _place_legend(ax, items, placement)
    return fig


_GROUP_MARKERS = ("o", "s", "D", "^", "v", "p", "h", ">", "<", "*")


def _group_palette() -> list[Any]:
    """Colours of :func:`group`'s series: the colorblind palette without its light pink,
    darkened where light, so that eight series stay apart on screen and in grey print."""
    import colorsys

    import seaborn as sns

    pal = sns.color_palette("colorblind", 10)
    out = []
    for i in (0, 1, 2, 3, 4, 5, 8, 7, 9):  # light blue last: darkened, it nears blue
        h, lum, sat = colorsys.rgb_to_hls(*pal[i])
        out.append(colorsys.hls_to_rgb(h, min(lum, 0.45), sat))
    return out


def group(
    ds: xr.Dataset,
    indicators: Sequence[str],
    country: str | None = None,
    ax: Axes | None = None,
    *,
    records: pd.DataFrame | None = None,
    observed: dict[str, pd.DataFrame] | None = None,
    labels: dict[str, str] | None = None,
    dashed: Sequence[str] = (),
    colors: dict[str, Any] | None = None,
    slots: dict[str, int] | None = None,
    title: str | bool | None = None,
    ylabel: str | None = None,
    legend: str | bool = "auto",
    markersize: float = 6.0,
) -> Figure:
    """Plot several indicators of one country together: every figure, no trend, no forecast.

    For series too short or irregular for a trend (drug-use surveys every few years,
    offences by kind): one colour and marker per indicator; the figures each series holds
    are joined by a thin line (to guide the eye, not a trend); other figures reported for
    the same year are hollow, a reported range is a bar, figures the source flags are
    grey crosses. The y axis starts at zero, in the indicators' common units.

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset.
    indicators : sequence of str
        The indicators, in legend order; all in the same units.
    country : str, optional
        ISO3 code; needed when ``ds`` holds several countries.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure (7 x 4.2 in) is made when omitted.
    records : pandas.DataFrame, optional
        :func:`drugtrends.dataset.records_table` of ``ds`` when already at hand.
    observed : dict, optional
        Indicator -> its :func:`observations`, when already computed (faster).
    labels : dict, optional
        Indicator -> legend label (default its long name).
    dashed : sequence of str
        Indicators drawn with a dashed line (e.g. persons beside offences).
    colors : dict, optional
        Indicator -> colour (default the colorblind palette in order).
    slots : dict, optional
        Indicator -> its place in the palette and the marker shapes (default its
        position in ``indicators``): the same drug keeps its colour and marker in every
        country's figure.
    title : str or bool, optional
        Axes title; default the country's name; ``False`` for none.
    ylabel : str, optional
        Y-axis label (default ``"[units]"`` of the first indicator).
    legend : {"auto", "below", "inside"} or bool
        As :func:`indicator`.
    markersize : float
        Marker size [points].

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        Unknown indicator or country.
    ValueError
        No indicator given, indicators in different units, or no dated figure at all.

    Examples
    --------
    >>> ds = dt.load_dataset("DEU")                                        # doctest: +SKIP
    >>> fig = dt.plot.group(ds, ["prevalence_cannabis", "prevalence_cocaine"])  # doctest: +SKIP
    """
    from matplotlib.lines import Line2D

    if not indicators:
        raise ValueError("group() needs at least one indicator")
    country = _pick_country(ds, country)
    for name in indicators:
        _check_indicator(ds, name)
    units = {str(ds[n].attrs.get("units", "")) for n in indicators}
    if len(units) > 1:
        raise ValueError(
            f"group() draws indicators of one unit; {', '.join(indicators)} are in "
            f"{', '.join(sorted(units))}"
        )
    unit = units.pop()
    observed = observed or {}
    obs = {
        n: observed[n] if n in observed else observations(ds, n, country, records=records)
        for n in indicators
    }
    if all(o.empty for o in obs.values()):
        raise ValueError(f"no dated figures of {', '.join(indicators)} for {country}")
    labels = dict(labels or {})
    big = max((_largest(o) for o in obs.values() if not o.empty), default=float("nan"))
    scale = display_scale(unit, big)
    f = scale.factor
    with style():
        palette = _group_palette()
        fig, ax, placement = _figure_axes(ax, legend)
        _format_axis(ax, unit, False)
        items: _Items = []
        seen = {"partial": False, "range": False, "suspect": False}
        ys: list[float] = []
        xs: list[float] = []
        for i, name in enumerate(indicators):
            o = obs[name]
            slot = (slots or {}).get(name, i)
            color = (colors or {}).get(name, palette[slot % len(palette)])
            marker = _GROUP_MARKERS[slot % len(_GROUP_MARKERS)]
            style_ = (0, (4, 2)) if name in dashed else "-"
            label = labels.get(name, str(ds[name].attrs.get("long_name", name)))
            items.append(
                (
                    Line2D(
                        [],
                        [],
                        color=color,
                        marker=marker,
                        linestyle=style_,
                        linewidth=1.1,
                        markersize=markersize * 0.9,
                    ),
                    label,
                )
            )
            if o.empty:
                continue
            flagged = o["qualifier"].isin(SKIPPED_QUALIFIERS).to_numpy()
            ok = ~flagged
            used = o["used"].to_numpy(bool) & ok
            x = o["x"].to_numpy(float)
            y = o["point"].to_numpy(float) * f
            xs += o["year"].astype(float).tolist()
            ys += [*y[ok], *(o["upper"].to_numpy(float)[ok] * f)]
            if used.sum() > 1:  # the figures the series holds, joined (year order)
                order = np.argsort(x[used], kind="stable")
                ax.plot(
                    x[used][order],
                    y[used][order],
                    color=color,
                    linestyle=style_,
                    linewidth=1.1,
                    zorder=2,
                )
            if flagged.any():
                seen["suspect"] = True
                ax.plot(x[flagged], y[flagged], linestyle="none", marker="x", color="0.45")
            ranged = ok & o["is_range"].to_numpy(bool)
            if ranged.any():
                seen["range"] = True
                lo = o["lower"].to_numpy(float)[ranged] * f
                hi = o["upper"].to_numpy(float)[ranged] * f
                ax.errorbar(
                    x[ranged],
                    y[ranged],
                    yerr=[y[ranged] - lo, hi - y[ranged]],
                    fmt="none",
                    ecolor=color,
                    elinewidth=1.1,
                    capsize=2.5,
                    alpha=0.8,
                    zorder=3,
                )
            for hollow, mask in ((False, used), (True, ok & ~used)):
                if not mask.any():
                    continue
                seen["partial"] |= hollow
                ax.plot(
                    x[mask],
                    y[mask],
                    linestyle="none",
                    marker=marker,
                    markersize=markersize,
                    color=color,
                    markerfacecolor="white" if hollow else color,
                    markeredgecolor=color if hollow else "white",
                    markeredgewidth=1.3 if hollow else 0.5,
                    zorder=4,
                )
        items += _marker_legend(seen, markersize, hollow="hollow: also reported")
        ax.set_xlabel("Year")
        ax.set_ylabel(ylabel if ylabel is not None else axis_label("", scale.units).strip())
        if title is None or title is True:
            ax.set_title(country_name(country))
        elif title:
            ax.set_title(str(title))
        x0, x1 = min(xs) - 0.8, max(xs) + 0.8
        if x1 - x0 < 4:  # a short span still shows whole years on the axis
            mid = (x0 + x1) / 2
            x0, x1 = mid - 2, mid + 2
        ax.set_xlim(x0, x1)
        top = max((y for y in ys if np.isfinite(y)), default=0.0)
        ax.set_ylim(0, top * 1.12 if top > 0 else 1.0)
        _place_legend(ax, items, placement)
    return fig


def _as_trend_line(
    trend: Any, ds: xr.Dataset, indicator: str, country: str, annualized: xr.Dataset | None
) -> TrendLine | None:
    """The trend line to draw from ``trend=`` (a TrendLine, a trend Dataset or None)."""
    if trend is None or isinstance(trend, TrendLine):
        return trend
    if isinstance(trend, xr.Dataset):
        return trend_line(trend, ds, indicator, country, annualized=annualized)
    raise TypeError(f"trend= takes the Dataset of drugtrends.trend, not {type(trend).__name__}")


def _plot_scale(obs: pd.DataFrame, block: xr.DataArray | None, units: str) -> DisplayScale:
    """The display scale fitting the largest figure and the forecast median."""
    largest = [_largest(obs)]
    if block is not None:
        q = _quantile(block, 0.5)
        if q is not None:
            largest.append(np.nanmax(q))
    return display_scale(units, float(np.nanmax(largest)))


def _figure_axes(ax: Axes | None, legend: str | bool) -> tuple[Figure, Axes, str | bool]:
    """The figure, the axes (new when not given) and where the legend goes."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(7.0, 4.2), layout="constrained")
        return fig, ax, "below" if legend == "auto" else legend
    return ax.figure, ax, "inside" if legend == "auto" else legend


def _draw_undercount_layer(
    ax: Axes, frame: pd.DataFrame | None, bench: pd.DataFrame | None, layer: _Layer
) -> _Items:
    """Draw the estimated hidden total, its bands and the benchmarks; return legend items."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if frame is None or frame.empty:
        return []
    color = _UNDERCOUNT_COLOR
    drawn = _draw_undercount(ax, frame, layer.scale, color)
    items: _Items = [
        (
            Line2D([], [], color=color, linestyle="-.", linewidth=1.4),
            f"est. {frame.attrs.get('population', 'people who use drugs')}",
        )
    ]
    if bench is not None and not bench.empty:
        items += _draw_benchmarks(ax, bench, layer.scale, layer.markersize)
    for level, alpha, edge in drawn:
        patch = Patch(facecolor=(*color, alpha), edgecolor=color, linestyle=edge, linewidth=0.7)
        items.append((patch, f"estimate, {level * 100:.0f} %"))
    return items


def _draw_benchmarks(
    ax: Axes, bench: pd.DataFrame, scale: DisplayScale, markersize: float
) -> _Items:
    """Draw the independent estimates (stars with their interval); return legend items."""
    from matplotlib.lines import Line2D

    color = _UNDERCOUNT_COLOR
    f = scale.factor
    bx = bench["year"].to_numpy(float)
    bv = bench["value"].to_numpy(float) * f
    blo = bench.get("lower", bench["value"]).to_numpy(float) * f
    bhi = bench.get("upper", bench["value"]).to_numpy(float) * f
    blo, bhi = np.where(np.isfinite(blo), blo, bv), np.where(np.isfinite(bhi), bhi, bv)
    ax.errorbar(
        bx,
        bv,
        yerr=[bv - blo, bhi - bv],
        fmt="*",
        markersize=markersize * 1.5,
        color=color,
        markeredgecolor="white",
        markeredgewidth=0.4,
        elinewidth=1.0,
        capsize=2.5,
        zorder=4,
    )
    star = Line2D([], [], linestyle="none", marker="*", color=color, markersize=markersize * 1.4)
    return [(star, "independent estimates")]


def _draw_full_years(ax: Axes, series: pd.Series, layer: _Layer) -> _Items:
    """Draw the resolved series, full years only, as a thin guide line; return legend items."""
    from matplotlib.lines import Line2D

    months = layer.ds[f"{layer.indicator}_months"].sel(country=layer.country).to_series()
    full = series[full_year_mask(months.reindex(series.index).to_numpy(float), layer.kind)]
    if layer.start_year is not None:
        full = full[full.index >= layer.start_year]
    if len(full) <= 1:
        return []
    yrs = np.arange(full.index.min(), full.index.max() + 1)
    line = full.reindex(yrs) * layer.scale.factor
    ax.plot(yrs, line.to_numpy(float), color="0.6", linewidth=0.9, zorder=2)
    return [(Line2D([], [], color="0.6", linewidth=0.9), "series (full years)")]


def _draw_trend(ax: Axes, tr_line: TrendLine | None, layer: _Layer) -> _Items:
    """Draw the fitted trend line (dotted); return legend items."""
    from matplotlib.lines import Line2D

    if tr_line is None:
        return []
    keep = tr_line.years >= (layer.start_year if layer.start_year is not None else -np.inf)
    dotted = (0, (1, 1.5))
    ax.plot(
        tr_line.years[keep],
        tr_line.values[keep] * layer.scale.factor,
        color=_TREND_COLOR,
        linestyle=dotted,
        linewidth=1.8,
        zorder=2,
    )
    handle = Line2D([], [], color=_TREND_COLOR, linestyle=dotted, linewidth=1.8)
    return [(handle, f"trend {tr_line.growth:+.1f} % a year")]


def _draw_forecast_layer(
    ax: Axes, block: xr.DataArray | None, series: pd.Series, layer: _Layer
) -> _Items:
    """Draw the forecast median, its fan and the nowcast years; return legend items."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if block is None:
        return []
    last = _fan_start(series, layer.annualized, layer.indicator, layer.country, block)
    nowcast = block.attrs.get("nowcast_through")
    nowcast = int(nowcast) if nowcast is not None else None
    fan = _draw_fan(ax, block, last, layer.scale, _FAN_COLOR, nowcast_through=nowcast)
    items: _Items = []
    if nowcast is not None and float(block["year"].values[0]) <= nowcast:
        hatched = Patch(facecolor=_NOWCAST_COLOR, alpha=0.35, hatch="////", linewidth=0)
        items.append((hatched, "nowcast (no figure yet)"))
    median = Line2D([], [], color=_FAN_COLOR, linestyle=(0, (5, 2)), linewidth=1.5)
    items.append((median, "forecast (median)"))
    for level, alpha in fan:
        band = Patch(facecolor=_FAN_COLOR, alpha=alpha, linewidth=0)
        items.append((band, f"forecast, {level * 100:.0f} %"))
    return items


def _kind_legend(seen: dict[str, Any], colors: dict[str, Any], markersize: float) -> _Items:
    """Legend items of the kinds of source drawn, in the usual order."""
    from matplotlib.lines import Line2D

    return [
        (
            Line2D(
                [],
                [],
                linestyle="none",
                marker=_KIND_MARKERS[k],
                color=colors[k],
                markersize=markersize * 0.9,
            ),
            SOURCE_KIND_LABELS.get(k, k),
        )
        for k in _KIND_ORDER
        if k in seen["kinds"]
    ]


def _marker_legend(
    seen: dict[str, Any], markersize: float, hollow: str = "hollow: part of year"
) -> _Items:
    """Legend items of the marker encodings drawn: hollow (labelled ``hollow``), flagged,
    range, arrows."""
    from matplotlib.lines import Line2D

    enc: _Items = []
    if seen["partial"]:
        ring = Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            markeredgecolor="0.3",
            markeredgewidth=1.3,
            markersize=markersize * 0.9,
        )
        enc.append((ring, hollow))
    if seen.get("suspect"):
        cross = Line2D([], [], linestyle="none", marker="x", markersize=6, color="0.45", mew=1.2)
        enc.append((cross, "x: flagged, not used"))
    if seen["range"]:
        bar = Line2D([], [], linestyle="none", marker="|", markersize=11, color="0.3", mew=1.3)
        enc.append((bar, "bar: range"))
    if seen.get("at_least") or seen.get("at_most"):
        word = " / ".join(
            w for w, k in (("more than", "at_least"), ("up to", "at_most")) if seen.get(k)
        )
        arrow = r"$\uparrow$" if not seen.get("at_most") else r"$\updownarrow$"
        handle = Line2D([], [], linestyle="none", marker=arrow, markersize=9, color="0.3")
        enc.append((handle, f"arrow: {word}"))
    return enc


def _overlay_legend(has_conflict: bool, has_annualized: bool, markersize: float) -> _Items:
    """Legend items of the conflict rings and the annualized diamonds, when drawn."""
    from matplotlib.lines import Line2D

    enc: _Items = []
    if has_conflict:
        ring = Line2D(
            [],
            [],
            linestyle=":",
            color=_INK,
            marker="o",
            markersize=markersize * 1.6,
            markerfacecolor="none",
            markeredgecolor=_INK,
            markeredgewidth=0.8,
        )
        enc.append((ring, "ringed: conflict"))
    if has_annualized:
        diamond = Line2D(
            [],
            [],
            linestyle="none",
            marker="d",
            markerfacecolor="0.85",
            markeredgecolor="0.3",
            color="0.45",
            markersize=5,
        )
        enc.append((diamond, "annualized (95 %)"))
    return enc


def _label_axes(ax: Axes, attrs: dict[str, Any], layer: _Layer, title: str | bool | None) -> None:
    """Set the x and y labels and the title (default ``"<long name>, <country>"``)."""
    long_name = attrs.get("long_name", layer.indicator)
    ax.set_xlabel("Year")
    ax.set_ylabel(axis_label(str(long_name), layer.scale.units))
    if title is None or title is True:
        ax.set_title(f"{long_name}, {country_name(layer.country)}")
    elif title:
        ax.set_title(str(title))


def _place_legend(ax: Axes, items: _Items, placement: str | bool) -> None:
    """Draw the legend ``"below"`` the axes, inside them, or not at all."""
    if not (placement and items):
        return
    handles, labels = zip(*items, strict=True)
    if placement != "below":
        ax.legend(handles, labels, loc="best", framealpha=0.9, handlelength=2.2)
        return
    import matplotlib.transforms as mtransforms

    # a fixed distance under the axes, clear of the tick labels and x label
    below = ax.transAxes + mtransforms.ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans)
    width = ax.get_position().width * ax.figure.get_figwidth()
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=below,
        ncol=4 if width >= 5.5 else 3,
        frameon=False,
        handlelength=2.2,
        columnspacing=1.4,
    )


def _set_limits(
    ax: Axes,
    obs: pd.DataFrame,
    block: xr.DataArray | None,
    uc: pd.DataFrame | None,
    tr: TrendLine | None,
    log: bool,
    scale: DisplayScale,
    shown: Sequence[float] = (),
) -> None:
    """Axis limits that show every figure, the forecast median and its narrower band.

    The widest forecast band of a short, noisy series can be many times the data; it is
    drawn but cut at the top of the axes, where a note states how high it reaches.
    """
    f = scale.factor
    # figures the source flags (x1000 errors) are drawn where they fit, not scaled to
    keep = ~obs["qualifier"].isin(SKIPPED_QUALIFIERS).to_numpy()
    obs = obs[keep] if keep.any() else obs
    xs = list(obs["year"].astype(float))
    ys = list(obs["point"].astype(float) * f)
    ys += list(obs["upper"].dropna().astype(float) * f)
    ys += list(obs["lower"].dropna().astype(float) * f)
    ys += [float(v) for v in shown]  # already in display units
    widest = None
    if block is not None:
        xs += list(block["year"].values.astype(float))
        levels = fan_levels(block)
        for q in (
            [0.5] + [_level_q(lv)[1] for lv in levels[1:]] + [_level_q(lv)[0] for lv in levels]
        ):
            v = _quantile(block, q)
            if v is not None:
                ys += [x * f for x in v if np.isfinite(x)]
        if levels:
            widest = (levels[0], _quantile(block, _level_q(levels[0])[1]))
    if uc is not None and not uc.empty:
        xs += list(uc.index.astype(float))
        ys += [v * f for v in uc.to_numpy(float).ravel() if np.isfinite(v)]
    if tr is not None:
        xs += list(tr.years.astype(float))
    x0, x1 = min(xs) - 0.8, max(xs) + 0.8
    if x1 - x0 < 4:  # a short span still shows whole years on the axis
        mid = (x0 + x1) / 2
        x0, x1 = mid - 2, mid + 2
    ax.set_xlim(x0, x1)
    ys = [y for y in ys if np.isfinite(y)]
    if not ys:
        return
    top = max(ys)
    if log:
        pos = [y for y in ys if y > 0]
        if not pos:
            return
        top = top * 1.6
        ax.set_ylim(min(pos) / 1.6, top)
    else:
        top = top * 1.12 if top > 0 else 1.0
        ax.set_ylim(0, top)
    if widest is not None and widest[1] is not None and np.isfinite(widest[1]).any():
        hi = widest[1] * f
        if np.nanmax(hi) > top:
            years = block["year"].values
            i = int(np.nanargmax(hi))
            ax.text(
                0.99,
                0.985,
                f"{widest[0] * 100:.0f} % band cut off: it reaches "
                f"{format_number(hi[i], scale.units)} in {int(years[i])}",
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=7,
                color=_FAN_COLOR,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
                zorder=6,
            )


TONNES_FROM = 9_995.0
"""Masses from this many kilograms on are given in tonnes, in text and on axes alike (what
rounds to 10,000 kg at three significant digits) [kg]."""


def _in_tonnes(unit: str, big: float) -> bool:
    return unit == "kg" and math.isfinite(big) and abs(big) >= TONNES_FROM


def format_number(x: float | None, unit: str = "", scale_to: float | None = None) -> str:
    """The one number formatter of the report text and the figures.

    Three significant digits with thousands separators, the unit after; kilograms in
    tonnes from 10 t on (judged on ``scale_to``, the largest figure of the same sentence,
    when given, so one sentence keeps one unit). The digits come from the formatter of the
    trend sentences (:func:`drugtrends.stats._common.fmt_num`), so a figure prints the same
    in every part of a report.

    Parameters
    ----------
    x : float
        The figure [``unit``].
    unit : str
        Canonical units (``"kg"``, ``"USD kg-1"``, ``"1"``) or a display label.
    scale_to : float, optional
        Largest figure of the sentence [``unit``].

    Examples
    --------
    >>> format_number(215821.4), format_number(0.0263, "t"), format_number(1639, "kg")
    ('216,000', '0.0263 t', '1,640 kg')
    >>> format_number(29600, "kg"), format_number(392.3, "kg", scale_to=97000)
    ('29.6 t', '0.392 t')
    >>> format_number(1.29e-08, "kg"), format_number(float("nan"))
    ('<0.001 kg', 'n/a')
    """
    from drugtrends.stats._common import fmt_num, unit_label

    if x is None or not math.isfinite(float(x)):
        return "n/a"
    x = float(x)
    unit = str(unit or "")
    if _in_tonnes(unit, x if scale_to is None else float(scale_to)):
        x, unit = x / 1000.0, "t"
    # digits only (the tonnes rule is applied above); a bound this close to zero reads
    # better as such than as 1.29e-08
    text = fmt_num(x, "") if not 0 < abs(x) < 1e-3 else ("<0.001" if x > 0 else ">-0.001")
    label = "" if unit == "number" else unit_label(unit)
    if not label:
        return text
    return f"{text} {label}"


def format_range(lo: float, hi: float, unit: str = "", scale_to: float | None = None) -> str:
    """``"60–190 kg"``: both ends by :func:`format_number`, in the units of the larger end
    (or of ``scale_to``), an en dash between, the unit once.

    Examples
    --------
    >>> format_range(15400, 163000, "kg"), format_range(60, 190, "kg")
    ('15.4–163 t', '60–190 kg')
    """
    big = max(abs(lo), abs(hi)) if scale_to is None else abs(scale_to)
    if _in_tonnes(str(unit), big):
        lo, hi, unit = lo / 1000.0, hi / 1000.0, "t"
    return f"{format_number(lo, scale_to=big)}–{format_number(hi, unit, scale_to=big)}"


def _fmt_tick(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 1:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
    return f"{v:.2g}"
