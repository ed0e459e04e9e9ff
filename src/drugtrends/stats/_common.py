"""Helpers shared by the statistics modules: series access, formatting, caveats, warnings."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from drugtrends import DrugtrendsWarning

__all__ = [
    "Series",
    "StatsWarning",
    "caveats_of",
    "fmt_num",
    "fmt_pct",
    "get_series",
    "pick_country",
    "pick_indicators",
    "unit_label",
]


class StatsWarning(DrugtrendsWarning):
    """A statistic was degraded or a figure was set aside (short series, prior only, ...)."""


@dataclass(frozen=True)
class Series:
    """One yearly series of one indicator for one country.

    Attributes
    ----------
    years : numpy.ndarray of int
        Years with a figure (NaN cells dropped).
    value : numpy.ndarray of float
        The series figure (the point of a range).
    lower, upper : numpy.ndarray of float
        Bounds; equal to ``value`` where the figure is exact (a one-sided bound keeps the
        figure on its open side).
    months : numpy.ndarray of float
        Months covered (NaN when unknown).
    """

    indicator: str
    country: str
    years: np.ndarray
    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    months: np.ndarray

    @property
    def n(self) -> int:
        return len(self.years)

    @property
    def is_range(self) -> np.ndarray:
        return self.upper > self.lower


def pick_country(ds: xr.Dataset, country: str | None) -> str:
    """The country to work on: ``country`` if given and present, else the only one."""
    countries = [str(c) for c in ds["country"].values]
    if country is None:
        if len(countries) != 1:
            raise ValueError(
                f"the Dataset holds {len(countries)} countries ({', '.join(countries)}); "
                "pass country='ISO3'"
            )
        return countries[0]
    if country not in countries:
        raise KeyError(f"no country {country!r} in the Dataset; it holds {', '.join(countries)}")
    return country


def pick_indicators(ds: xr.Dataset, indicators: str | Iterable[str] | None) -> list[str]:
    """Indicator names to work on (all when None), checked against the Dataset."""
    from drugtrends.dataset import indicator_names

    available = indicator_names(ds)
    if indicators is None:
        return available
    wanted = [indicators] if isinstance(indicators, str) else list(indicators)
    missing = [i for i in wanted if i not in available]
    if missing:
        import difflib

        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, available, n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise KeyError(f"no indicator {', '.join(hints)} in the Dataset")
    return wanted


def _companion(ds: xr.Dataset, indicator: str, suffix: str, country: str) -> np.ndarray:
    name = f"{indicator}_{suffix}"
    if name in ds:
        return np.asarray(ds[name].sel(country=country).values, dtype=float)
    return np.full(ds.sizes["year"], np.nan)


def get_series(
    ds: xr.Dataset,
    indicator: str,
    country: str,
    start: int | None = None,
    end: int | None = None,
) -> Series:
    """The non-missing cells of one series, with bounds filled in (see :class:`Series`)."""
    years = np.asarray(ds["year"].values, dtype=int)
    value = np.asarray(ds[indicator].sel(country=country).values, dtype=float)
    lower = _companion(ds, indicator, "lower", country)
    upper = _companion(ds, indicator, "upper", country)
    if f"{indicator}_months" in ds:  # NaN there: a figure whose period is not known
        months = _companion(ds, indicator, "months", country)
    else:  # a plain yearly Dataset without the months companion: full years
        months = np.full(years.size, 12.0)
    keep = np.isfinite(value)
    if start is not None:
        keep &= years >= start
    if end is not None:
        keep &= years <= end
    lo = np.where(np.isfinite(lower), lower, value)
    hi = np.where(np.isfinite(upper), upper, value)
    # a point outside its own bounds (never expected) is absorbed into the interval
    lo, hi = np.minimum(lo, value), np.maximum(hi, value)
    return Series(
        indicator=indicator,
        country=country,
        years=years[keep],
        value=value[keep],
        lower=lo[keep],
        upper=hi[keep],
        months=months[keep],
    )


def caveats_of(ds: xr.Dataset, indicators: Sequence[str]) -> dict[str, str]:
    """``{indicator: caveat}`` for the indicators that carry a non-empty caveat."""
    out = {}
    for name in indicators:
        caveat = str(ds[name].attrs.get("caveat", "") or "")
        if caveat:
            out[name] = caveat
    return out


def caveat_attrs(ds: xr.Dataset, indicators: Sequence[str]) -> dict[str, str]:
    """Attributes carrying the caveats: ``caveat`` (text) and ``caveats`` (JSON by name)."""
    caveats = caveats_of(ds, indicators)
    if not caveats:
        return {}
    texts = list(dict.fromkeys(caveats.values()))
    if len(indicators) == 1 or len(texts) == 1:
        text = texts[0]
    else:
        text = " | ".join(f"{k}: {v}" for k, v in caveats.items())
    return {"caveat": text, "caveats": json.dumps(caveats, ensure_ascii=False)}


_UNIT_WORDS = {
    "1": "",
    "kg": "kg",
    "t": "t",
    "ha": "ha",
    "percent": "%",
    "USD": "USD",
    "KZT": "KZT",
    "USD kg-1": "USD per kg",
    "USD g-1": "USD per g",
    "KZT kg-1": "KZT per kg",
    "KZT g-1": "KZT per g",
}


def unit_label(units: str) -> str:
    """Units in words for sentences: ``"USD kg-1"`` -> ``"USD per kg"``, ``"1"`` -> ``""``."""
    units = str(units or "")
    if units in _UNIT_WORDS:
        return _UNIT_WORDS[units]
    parts = units.split()
    if len(parts) == 2 and parts[1].endswith("-1"):
        return f"{parts[0]} per {parts[1][:-2]}"
    return units


def fmt_num(x: float, units: str = "") -> str:
    """A figure for a sentence: 3 significant digits, thousands separators, units after.

    Examples
    --------
    Masses of 10 t or more are given in tonnes, as the report's figures and axes do.

    >>> fmt_num(1639.0, "kg"), fmt_num(0.026, "kg"), fmt_num(51366, "1")
    ('1,640 kg', '0.026 kg', '51,400')
    >>> fmt_num(29600.0, "kg")
    '29.6 t'
    """
    if x is None or not math.isfinite(x):
        return "n/a"
    if unit_label(units) == "kg" and abs(x) >= 9_995:  # what rounds to 10,000 kg
        return fmt_num(x / 1000, "t")
    ax = abs(x)
    if ax == 0:
        text = "0"
    elif ax >= 100:
        digits = 3 - math.floor(math.log10(ax)) - 1
        text = f"{round(x, digits):,.0f}"
    else:
        text = f"{x:.3g}"
    label = unit_label(units)
    if not label:
        return text
    if label == "%":
        return f"{text} %"
    return f"{text} {label}"


def fmt_pct(x: float, signed: bool = False) -> str:
    """A percentage: whole numbers from 10 up, one decimal below (``+`` when ``signed``)."""
    if x is None or not math.isfinite(x):
        return "n/a"
    decimals = 0 if abs(x) >= 9.95 else 1
    sign = "+" if signed else ""
    text = f"{x:{sign},.{decimals}f}"
    if text in ("-0", "-0.0"):
        text = text[1:]
    return text


def level_percent(level: float, func: str, stacklevel: int = 3) -> float:
    """A confidence level in percent; a fraction (< 1) is converted with a FutureWarning.

    Examples
    --------
    >>> level_percent(95, "trend")
    95.0
    """
    lv = float(level)
    if 0 < lv < 1:
        pct = round(100 * lv, 10)
        warnings.warn(
            f"{func}: level={level!r} is a fraction; pass the level in percent "
            f"(level={pct:g}). Fractions will be refused in a future release.",
            FutureWarning,
            stacklevel=stacklevel,
        )
        return pct
    return lv


def t_quantile(q: float, df: float) -> float:
    """Student-t quantile; the normal one when ``df`` is infinite."""
    from scipy import stats

    if not math.isfinite(df):
        return float(stats.norm.ppf(q))
    return float(stats.t.ppf(q, df))
