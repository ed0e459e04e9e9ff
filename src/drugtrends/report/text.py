"""The report's words: plain sentences with intervals, figure labels, periods and sources.

Every sentence is built from the results of :func:`drugtrends.report.analyse`, so the
text and the figures always say the same thing.

Examples
--------
>>> month_year("2026-01")
'January 2026'
>>> amount(97000.0, "kg"), amount(392.3, "kg"), amount(18000, "1")
('97 t', '392 kg', '18,000')
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from drugtrends.plot import SOURCE_KIND_LABELS, country_name, format_number, format_range
from drugtrends.rules import level_quantiles

__all__ = [
    "CAVEATS",
    "amount",
    "caveats",
    "exact",
    "figure_text",
    "forecast_sentence",
    "format_range",
    "interval",
    "join_words",
    "lower_first",
    "month_year",
    "nowcast_through",
    "period_text",
    "trend_direction",
    "trend_headline",
]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CAVEATS = (
    (
        "Registered drug users",
        "are the people known to the narcological services. The reports warn that these "
        "counts almost certainly understate real drug use.",
    ),
    (
        "Seizures",
        "reflect enforcement effort and reporting practice as much as the supply of "
        "drugs: a fall can mean less trafficking or less interdiction.",
    ),
    (
        "Partial-year figures",
        '("first nine months") are drawn hollow and never compared with full years: '
        "trends and forecasts use them scaled to the year (trends with a wider interval); "
        "figures for fewer than six months are left out.",
    ),
    (
        "Sources disagree.",
        "Conflicting figures for the same period (more than 10 % apart) are kept, ringed in "
        "the figures and listed, never averaged away.",
    ),
    (
        "Forecasts",
        "of short, gappy yearly series are uncertain: read the 80 % and 95 % intervals, not "
        "only the median.",
    ),
)
"""The caveats stated at the top of every report."""


def month_year(text: str) -> str:
    """``"2026-01"`` -> ``"January 2026"`` (returned unchanged when not ``YYYY-MM``)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", str(text or ""))
    if not m:
        return str(text or "unknown")
    return f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


amount = format_number
"""A figure for a sentence: :func:`drugtrends.plot.format_number`, the one formatter."""

interval = format_range
"""A range for a sentence: :func:`drugtrends.plot.format_range`."""


def exact(x: float) -> str:
    """A figure as reported, up to four significant digits (``392.3``, ``9,642``)."""
    if x is None or not math.isfinite(x):
        return ""
    ax = abs(x)
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax == 0:
        return "0"
    text = f"{x:.4g}"
    return text if "e" not in text else f"{x:,.4f}"


def figure_text(row: Any, factor: float, unit: str) -> str:
    """A record as a table cell: qualifier, value or range, unit (``"≥ 18 t"``)."""
    value = float(row.value) if pd.notna(row.value) else math.nan
    lo = float(row.lower) if pd.notna(row.lower) else math.nan
    hi = float(row.upper) if pd.notna(row.upper) else math.nan
    if math.isfinite(value):
        body = exact(value * factor)
    elif math.isfinite(lo) and math.isfinite(hi):
        body = f"{exact(lo * factor)}–{exact(hi * factor)}"
    else:
        body = exact((lo if math.isfinite(lo) else hi) * factor)
    prefix = {"at_least": "≥ ", "at_most": "≤ ", "approx": "about "}.get(str(row.qualifier), "")
    unit = "" if unit in ("1", "number") else unit
    return f"{prefix}{body} {unit}".strip()


def period_text(start: Any, end: Any, months: Any) -> str:
    """The period a figure covers, in words: ``"full year"``, ``"Jan–Sep"``, ``"2007–2008"``."""
    if start is None or pd.isna(start):
        return "undated"
    s_m = start.month
    if end is None or pd.isna(end):
        return f"from {_MONTHS[s_m - 1][:3]} (cut-off not stated)"
    if start.year != end.year:
        return f"{_MONTHS[s_m - 1][:3]} {start.year}–{_MONTHS[end.month - 1][:3]} {end.year}"
    if s_m == 1 and end.month == 12:
        return "full year"
    if s_m == end.month:
        return f"{_MONTHS[s_m - 1][:3]} only"
    return f"{_MONTHS[s_m - 1][:3]}–{_MONTHS[end.month - 1][:3]}"


def source_label(kind: str, edition: Any) -> str:
    """``"UNODC 2021"``: the kind of source and its edition."""
    label = SOURCE_KIND_LABELS.get(str(kind), str(kind))
    if edition is not None and pd.notna(edition) and str(edition) != "":
        return f"{label} {int(float(edition))}"
    return label


# ---------------------------------------------------------------------------- trend


def _trend_values(tr: Any, indicator: str, country: str) -> dict[str, Any] | None:
    if tr is None or indicator not in [str(v) for v in tr["indicator"].values]:
        return None
    sub = tr.sel(indicator=indicator, country=country)
    out = {}
    for name in sub.data_vars:
        v = sub[name].values
        out[str(name)] = v.item() if np.ndim(v) == 0 else v
    return out


def trend_direction(tr: Any, indicator: str, country: str) -> str | None:
    """``"rose"``, ``"fell"``, ``"no clear trend"``, or None when no growth rate exists.

    The direction of the log-linear growth rate, when its interval excludes zero.
    """
    v = _trend_values(tr, indicator, country)
    if v is None or not all(
        isinstance(v.get(k), float) and math.isfinite(v[k])
        for k in ("growth", "growth_lower", "growth_upper")
    ):
        return None
    if v["growth_lower"] > 0:
        return "rose"
    if v["growth_upper"] < 0:
        return "fell"
    return "no clear trend"


def trend_headline(tr: Any, indicator: str, country: str) -> str:
    """The first sentence of the trend summary (direction, rate, interval, figures)."""
    v = _trend_values(tr, indicator, country)
    if v is None:
        return ""
    summary = str(v.get("summary", "") or "")
    m = re.match(r"^(.*?\))\.(\s|$)", summary)
    return (m.group(1) + ".") if m else summary


def trend_full(tr: Any, indicator: str, country: str) -> str:
    """The whole trend summary, or why there is none."""
    v = _trend_values(tr, indicator, country)
    if v is None:
        return ""
    summary = str(v.get("summary", "") or "").strip()
    if summary:
        return summary
    return f"No trend statistic: {v.get('status', 'too few figures')}."


# ---------------------------------------------------------------------------- forecast


def _status_words(status: str) -> str:
    status = str(status or "").strip()
    m = re.fullmatch(r"ok \((.*)\)", status)
    if m:
        return m.group(1)
    return "" if status == "ok" else status


def forecast_values(fc: Any, indicator: str, country: str) -> pd.DataFrame:
    """Forecast years of one series: columns ``q0.025`` ... ``q0.975`` and ``mean``."""
    if fc is None or indicator not in fc:
        return pd.DataFrame()
    da = fc[indicator].sel(country=country).transpose("year", "quantile")
    ok = np.asarray(da.notnull().any("quantile").values, bool)
    da = da.isel(year=np.flatnonzero(ok))
    frame = pd.DataFrame(
        np.asarray(da.values, float),
        index=np.asarray(da["year"].values).astype(int),
        columns=[f"q{float(q):g}" for q in da["quantile"].values],
    )
    return frame


def _levels(frame: pd.DataFrame) -> list[float]:
    probs = sorted(float(c[1:]) for c in frame.columns if c.startswith("q"))
    return sorted({round(1 - 2 * p, 6) for p in probs if p < 0.5}, reverse=False)


def _one_year(frame: pd.DataFrame, year: int, units: str, scale_to: float) -> str:
    row = frame.loc[year]
    parts = []
    for level in _levels(frame):
        q_lo, q_hi = level_quantiles(round(level * 100, 6))
        lo, hi = row.get(f"q{q_lo:g}"), row.get(f"q{q_hi:g}")
        if lo is not None and hi is not None and math.isfinite(lo) and math.isfinite(hi):
            parts.append(f"{level * 100:.0f} %: {interval(lo, hi, units, scale_to)}")
    med = row.get("q0.5", math.nan)
    text = f"{amount(med, units, scale_to)} in {year}"
    if parts:
        text += f" ({'; '.join(parts)})"
    return text


def nowcast_through(fc: Any, indicator: str | None = None) -> int | None:
    """The last nowcast year of a report's forecast (its latest year), or None."""
    if fc is None:
        return None
    attrs = fc[indicator].attrs if indicator is not None and indicator in fc else fc.attrs
    value = attrs.get("nowcast_through", fc.attrs.get("nowcast_through"))
    return None if value is None else int(value)


def forecast_sentence(fc: Any, indicator: str, country: str, units: str, name: str = "") -> str:
    """``"<name>: median 110 kg in 2023 (80 %: 60–190 kg; 95 %: ...), 130 kg in 2027 ..."``.

    A series without a figure for the report's latest years starts with its nowcast:
    ``"no figure yet for 2023–2025; nowcast 95 kg in 2025 (...). Median forecast ..."``.
    Empty when the series has no forecast.
    """
    frame = forecast_values(fc, indicator, country)
    if frame.empty:
        return ""
    years = list(frame.index)
    cut = nowcast_through(fc, indicator)
    now = [y for y in years if cut is not None and y <= cut]
    ahead = [y for y in years if y not in now]
    picks = [] if not ahead else [ahead[0]] if len(ahead) == 1 else [ahead[0], ahead[-1]]
    shown = picks + now[-1:]
    # one unit for the whole sentence: tonnes when any figure it shows reaches 10 t
    scale_to = float(np.nanmax(np.abs(frame.loc[shown].to_numpy(float))))
    parts = []
    if now:
        span = f"{now[0]}" if len(now) == 1 else f"{now[0]}–{now[-1]}"
        parts.append(
            f"no figure yet for {span}; nowcast {_one_year(frame, now[-1], units, scale_to)}"
        )
    if picks:
        body = " and ".join(_one_year(frame, y, units, scale_to) for y in picks)
        parts.append(f"median forecast {body}" if now else f"median {body}")
    if name:
        return f"{name}: {'; '.join(parts)}."
    if not now:
        parts = [f"median forecast {parts[0][len('median ') :]}"]
    return " ".join(f"{p[:1].upper()}{p[1:]}." for p in parts)


def forecast_notes(fc: Any, indicator: str, country: str) -> str:
    """How the forecast was made for this series: model, intervals, what was left out."""
    if fc is None or indicator not in fc:
        return ""
    attrs = fc[indicator].attrs
    model = attrs.get("model", fc.attrs.get("model", ""))
    method = attrs.get("interval_method", fc.attrs.get("interval_method", ""))
    status = ""
    if f"{indicator}_status" in fc:
        status = _status_words(str(fc[f"{indicator}_status"].sel(country=country).item()))
        # the forecast sentence already says which years are nowcast
        status = re.sub(r"(;\s*)?nowcast of [^;)]*: no figure yet", "", status).strip("; ")
    text = f"Model {model!s}"
    if method:
        text += f", {method} intervals"
    text += "."
    if status:
        text += f" {status[0].upper()}{status[1:]}."
    return text


def caveats(has_estimate: bool) -> list[tuple[str, str]]:
    """:data:`CAVEATS`, the registered-users one saying whether the report sets the
    register beside an estimate of everyone who uses drugs."""
    out = []
    for lead, body in CAVEATS:
        if lead == "Registered drug users" and has_estimate:
            body += (
                " The registered-users page sets them beside an estimate of everyone who "
                "uses drugs."
            )
        out.append((lead, body))
    return out


def no_forecast_reason(fc: Any, indicator: str, country: str) -> str:
    """``"None: <why>."`` for a series without a forecast, else empty."""
    if fc is None or f"{indicator}_status" not in fc:
        return ""
    status = str(fc[f"{indicator}_status"].sel(country=country).item())
    outcome = f"{indicator}_outcome"
    if outcome in fc:
        if str(fc[outcome].sel(country=country).item()) != "none":
            return ""
    elif not status.startswith("no forecast"):  # files written before the outcome code
        return ""
    why = status.split(":", 1)[1].strip() if ":" in status else status
    return f"None: {why}."


# ---------------------------------------------------------------------------- undercount


def undercount_sentence(uc: Any, country: str) -> str:
    """The undercount summary with the country named in words: which population the
    figure counts, the other model's figure, and the leave-one-out verdict."""
    if uc is None:
        return ""
    summary = str(uc.attrs.get("summary", "") or "")
    if summary.startswith(f"{country}: "):
        summary = summary[len(country) + 2 :]
        summary = summary[:1].upper() + summary[1:]
    # what the leave-one-out check against the trivial baselines supports
    verdict = str(uc.attrs.get("leave_one_out_verdict", "") or "")
    if verdict:
        summary = f"{summary} Check: {verdict}"
    return summary


def conflict_sentences(clash: pd.DataFrame, units: str, numbers: dict[str, int]) -> list[str]:
    """One sentence per conflicting pair: ``"2018: 97 t [7] against 20.3 t [9] (130 % apart)"``."""
    out = []
    for r in clash.itertuples(index=False):
        sides = []
        ends = [getattr(r, f"{k}_{s}") for k in ("value", "upper") for s in ("a", "b")]
        top = max((float(v) for v in ends if pd.notna(v)), default=math.nan)
        for side in ("a", "b"):
            value = getattr(r, f"value_{side}")
            lo, hi = getattr(r, f"lower_{side}"), getattr(r, f"upper_{side}")
            if pd.notna(value):
                text = amount(float(value), units, top)
            else:
                text = interval(float(lo), float(hi), units, top)
            ref = numbers.get(str(getattr(r, f"source_id_{side}")))
            sides.append(f"{text} [{ref}]" if ref else text)
        year = "" if pd.isna(r.year) else f"{int(r.year)}: "
        out.append(f"{year}{sides[0]} against {sides[1]} ({float(r.rel_diff) * 100:.0f} % apart)")
    return out


def join_words(items: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``.

    Examples
    --------
    >>> join_words(["heroin", "opium", "hashish"]), join_words(["heroin"])
    ('heroin, opium and hashish', 'heroin')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def lower_first(text: str) -> str:
    """``"Heroin seizures"`` -> ``"heroin seizures"``; acronyms stay (``"KNB seizures"``).

    Examples
    --------
    >>> lower_first("Heroin seizures"), lower_first("KNB seizures")
    ('heroin seizures', 'KNB seizures')
    """
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def country_title(country: str) -> str:
    """The report's title."""
    return f"Drug-control trends: {country_name(country)}"


def json_list(value: Any) -> list:
    """A JSON list attribute as a list (empty when missing or malformed)."""
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    if isinstance(out, (list, tuple, np.ndarray)):
        return list(np.ravel(out)) if isinstance(out, np.ndarray) else list(out)
    return []
