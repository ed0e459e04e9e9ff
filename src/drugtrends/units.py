"""Units as the reports write them, and their conversion to canonical (UDUNITS) spelling.

Reports say "23.8 MT", "724.1kg", "$41 million", "USD per g", "18-20 thousand". This module
turns a reported unit string into a canonical unit and a multiplication factor, so that
``value_reported * factor`` is in the canonical unit of the indicator.

Canonical units follow UDUNITS-2 spelling where UDUNITS has the unit (``kg``, ``ha``,
``percent``, ``1`` for counts). Currencies are not UDUNITS units; they are spelled with
their ISO 4217 code (``USD``, ``KZT``) and prices per mass as ``USD kg-1``.

Examples
--------
>>> convert_factor("t", "kg")
1000.0
>>> convert_factor("USD per g", "USD kg-1")
1000.0
>>> convert_factor("million USD", "USD")
1000000.0
>>> convert_factor("USD per kg", "USD g-1")
0.001
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CANONICAL_UNITS",
    "ParsedUnit",
    "UnitError",
    "accepted_units",
    "convert_factor",
    "parse_unit",
]


class UnitError(ValueError):
    """A unit string is unknown or cannot convert to the requested canonical unit."""


# base dimension -> canonical spelling
CANONICAL_UNITS = {
    "mass": "kg",
    "count": "1",
    "area": "ha",
    "percent": "percent",
    "USD": "USD",
    "KZT": "KZT",
    "KGS": "KGS",
    "TJS": "TJS",
    "UZS": "UZS",
    "TMT": "TMT",
    "RUB": "RUB",
    "AFN": "AFN",
}

# token -> (dimension, factor to canonical)
_MASS = {
    "kg": 1.0,
    "kilogram": 1.0,
    "kilograms": 1.0,
    "kilo": 1.0,
    "kilos": 1.0,
    "g": 1e-3,
    "gr": 1e-3,
    "gram": 1e-3,
    "grams": 1e-3,
    "mg": 1e-6,
    "t": 1e3,
    "tonne": 1e3,
    "tonnes": 1e3,
    "ton": 1e3,
    "tons": 1e3,
    "mt": 1e3,
    "metric ton": 1e3,
    "metric tons": 1e3,
    "metric tonne": 1e3,
    "metric tonnes": 1e3,
}
_COUNT = {
    "1": 1.0,
    "count": 1.0,
    "counts": 1.0,
    "number": 1.0,
    "persons": 1.0,
    "person": 1.0,
    "people": 1.0,
    "cases": 1.0,
    "case": 1.0,
    "crimes": 1.0,
    "offences": 1.0,
    "incidents": 1.0,
    "pills": 1.0,
    "tablets": 1.0,
    "doses": 1.0,
    "units": 1.0,
    "organizations": 1.0,
    "programmes": 1.0,
    "programs": 1.0,
}
_AREA = {"ha": 1.0, "hectare": 1.0, "hectares": 1.0, "km2": 100.0, "sq km": 100.0}
_PERCENT = {"percent": 1.0, "%": 1.0, "pct": 1.0, "per cent": 1.0}
_CURRENCY = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "kzt": "KZT",
    "tenge": "KZT",
    "kgs": "KGS",
    "som": "KGS",
    "soms": "KGS",
    "tjs": "TJS",
    "somoni": "TJS",
    "uzs": "UZS",
    "soum": "UZS",
    "tmt": "TMT",
    "manat": "TMT",
    "rub": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "roubles": "RUB",
    "afn": "AFN",
    "afghani": "AFN",
    "afghanis": "AFN",
}
_MONEY = tuple(sorted(set(_CURRENCY.values())))
_SCALE = {
    "thousand": 1e3,
    "thousands": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
}


@dataclass(frozen=True)
class ParsedUnit:
    """A reported unit reduced to canonical spelling and a factor.

    Attributes
    ----------
    canonical : str
        Canonical unit, e.g. ``"kg"``, ``"1"``, ``"USD kg-1"``.
    factor : float
        Multiply a reported value by this to get the canonical unit.
    """

    canonical: str
    factor: float


def _simple(token: str) -> ParsedUnit | None:
    """A unit without a ``per`` part: mass, count, area, percent or money with scale."""
    tok = token.strip().lower()
    if tok == "":
        return ParsedUnit("1", 1.0)
    for table, canon in ((_MASS, "kg"), (_COUNT, "1"), (_AREA, "ha"), (_PERCENT, "percent")):
        if tok in table:
            return ParsedUnit(canon, table[tok])
    # money with an optional scale word on either side: "million USD", "USD million", "$"
    words = tok.replace("$", " $ ").split()
    currency = [_CURRENCY[w] for w in words if w in _CURRENCY]
    scales = [_SCALE[w] for w in words if w in _SCALE]
    rest = [w for w in words if w not in _CURRENCY and w not in _SCALE]
    if len(currency) == 1 and len(scales) <= 1 and not rest:
        return ParsedUnit(currency[0], scales[0] if scales else 1.0)
    # a bare scale word over a count: "thousand", "million persons"
    if len(scales) == 1 and not currency and len(rest) <= 1:
        inner = _simple(rest[0]) if rest else ParsedUnit("1", 1.0)
        if inner is not None and inner.canonical == "1":
            return ParsedUnit("1", scales[0])
    return None


_PER = re.compile(r"\s*(?:/|\bper\b)\s*")
# a rate per population: "per 100000", "per 100,000 population", "per 100 thousand"
_POPULATION_RATE = re.compile(
    r"(?i)per\s+(\d{1,3}(?:[, ]?\d{3})*)(?:\s+(thousand))?(?:\s+(?:of\s+)?(?:the\s+)?"
    r"(?:population|inhabitants|people|persons|residents))?"
)
_QTY = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*(.*?)\s*$")


def parse_unit(text: str) -> ParsedUnit:
    """Parse a reported unit string.

    Parameters
    ----------
    text : str
        Unit as written in the report or record, e.g. ``"t"``, ``"MT"``, ``"USD per 5 g"``,
        ``"$/kg"``, ``"million KZT"``, ``"persons"``, ``"%"``.

    Returns
    -------
    ParsedUnit
        Canonical spelling and factor.

    Raises
    ------
    UnitError
        When the unit is not recognised.

    Examples
    --------
    >>> parse_unit("USD per 5 g")
    ParsedUnit(canonical='USD kg-1', factor=200.0)
    """
    if text is None:
        text = ""
    raw = str(text).strip()
    m = re.fullmatch(r"([a-z]{3}) (kg|g)-1", raw.lower())
    if m and m.group(1).upper() not in _MONEY:
        m = None
    if m:  # canonical spelling; per-gram prices are kept per kilogram internally
        return ParsedUnit(f"{m.group(1).upper()} kg-1", 1000.0 if m.group(2) == "g" else 1.0)
    rate = _POPULATION_RATE.fullmatch(raw)
    if rate:  # "per 100000", "per 100,000", "per 100 thousand population": a rate
        base = float(rate.group(1).replace(",", "").replace(" ", ""))
        base *= 1000.0 if rate.group(2) else 1.0
        return ParsedUnit("per 100000", 100000.0 / base)
    parts = _PER.split(raw, maxsplit=1)
    if len(parts) == 1:
        parsed = _simple(raw)
        if parsed is None:
            raise UnitError(f"unknown unit {raw!r}")
        return parsed
    num, den = parts
    if den.strip().lower() in {"yr", "year", "years", "annum", "a", "month", "mo", "day"}:
        raise UnitError(
            f"unit {raw!r} is a rate that drugtrends does not convert; state the quantity "
            "(e.g. 't') and give the period it covers in period_start/period_end"
        )
    top = _simple(num)
    m = _QTY.match(den)
    qty = float(m.group(1)) if m and m.group(1) else 1.0
    bottom = _simple(m.group(2) if m else den)
    if top is None or bottom is None:
        raise UnitError(f"unknown unit {raw!r}")
    if top.canonical in _MONEY and bottom.canonical == "kg":
        # price: money per mass; USD per 5 g = (USD) / (5 * 1e-3 kg)
        return ParsedUnit(f"{top.canonical} kg-1", top.factor / (qty * bottom.factor))
    if top.canonical in _MONEY and bottom.canonical == "1":
        return ParsedUnit(f"{top.canonical} 1-1", top.factor / (qty * bottom.factor))
    raise UnitError(
        f"unit {raw!r} is a rate that drugtrends does not convert; "
        "state the quantity per period and give the period in period_start/period_end"
    )


def convert_factor(reported: str, canonical: str) -> float:
    """Factor that converts a value in ``reported`` units to ``canonical`` units.

    Parameters
    ----------
    reported : str
        Unit as reported.
    canonical : str
        The indicator's canonical unit (UDUNITS spelling).

    Returns
    -------
    float

    Raises
    ------
    UnitError
        When the reported unit is unknown or measures something else.

    Examples
    --------
    >>> convert_factor("MT", "kg")
    1000.0
    """
    parsed = parse_unit(reported)
    target = parse_unit(canonical)
    if target.factor != 1.0:  # e.g. "USD g-1": convert through the per-kilogram spelling
        if parsed.canonical != target.canonical:
            raise UnitError(
                f"unit {reported!r} measures {parsed.canonical!r}, "
                f"which cannot convert to {canonical!r}"
            )
        return parsed.factor / target.factor
    if parsed.canonical != canonical:
        raise UnitError(
            f"unit {reported!r} measures {parsed.canonical!r}, "
            f"which cannot convert to {canonical!r}"
        )
    return parsed.factor


def accepted_units(canonical: str) -> str:
    """The reported units that convert to ``canonical``, as a readable list.

    Examples
    --------
    >>> accepted_units("ha")
    'ha, hectare, hectares, km2, sq km'
    """
    money = {c: [w for w, m in _CURRENCY.items() if m == c and w.upper() != c] for c in _MONEY}
    candidates = [
        *_MASS,
        *_COUNT,
        *_AREA,
        "percent",
        "%",
        *_MONEY,
        *[f"million {c}" for c in _MONEY],
        *[f"{c} per {m}" for c in _MONEY for m in ("kg", "g", "5 g")],
    ]
    ok = []
    for text in candidates:
        try:
            convert_factor(text, canonical)
        except UnitError:
            continue
        ok.append(text)
    if not ok:
        return "none (check the indicator's units in indicators.csv)"
    extra = ""
    if canonical == "1":
        extra = " (optionally with a scale word: 'thousand', 'million persons')"
    elif canonical in money:
        extra = f" (also {', '.join(money[canonical])}, with an optional scale word)"
    return ", ".join(ok) + extra
