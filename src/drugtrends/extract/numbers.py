"""Numbers, units, ranges and qualifiers as the country chapters write them.

``scan_quantities`` walks the tokens of a sentence once and returns every figure it can
read: ``23.8 MT``, ``724.1kg``, ``$41 million``, ``6.1 billion tenge``, ``between $18,000
to $20,000``, ``18-20 thousand``, ``more than 790 kg``, ``2,905``. Each figure carries its
dimension (mass, area, money, percent, count, ratio) so that the caller can tell a
quantity from a year, a date, an article number, an age or a distance, which come back as
``dim="skip"`` or not at all.

Examples
--------
>>> q = parse_quantity("between $18,000 to $20,000 per kg")
>>> (q.lower, q.upper, q.unit)
(Decimal('18000'), Decimal('20000'), 'USD per kg')
>>> parse_quantity("724.1kg").unit
'kg'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ._tokens import Tok, tokenize

__all__ = [
    "WORD_NUMBERS",
    "Quantity",
    "format_number",
    "parse_number",
    "parse_quantity",
    "scan_quantities",
]

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")

# unit words -> (dimension, record spelling)
_MASS = {
    "t": "t", "mt": "t", "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "kilogramme": "kg", "kilogrammes": "kg",  # British spelling (Hong Kong, Nigeria, India)
    "g": "g", "gr": "g", "gram": "g", "grams": "g", "gramme": "g", "grammes": "g",
}  # fmt: skip
_AREA = {"ha": "ha", "hectare": "ha", "hectares": "ha"}
_COUNT_UNITS = {
    "doses": "doses", "dose": "doses", "pills": "pills", "pill": "pills",
    "tablets": "tablets", "tablet": "tablets",
}  # fmt: skip
# currency words after a number -> the record's spelling of the currency (ISO 4217, except
# the Kyrgyz som, spelled "som" because drugtrends.units reads a bare "KGS" as kilograms)
_CURRENCY_AFTER = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "tenge": "KZT", "kzt": "KZT",
    "som": "som", "soms": "som", "somoni": "TJS", "somonis": "TJS", "tjs": "TJS",
    "soum": "UZS", "soums": "UZS", "sum": "UZS", "sums": "UZS", "uzs": "UZS",
    "manat": "TMT", "manats": "TMT", "tmt": "TMT", "ruble": "RUB", "rubles": "RUB",
    "rouble": "RUB", "roubles": "RUB", "rub": "RUB", "afghani": "AFN", "afghanis": "AFN",
    "afn": "AFN",
}  # fmt: skip
# currency codes before a number ("KZT 6 billion", "KGS 1.2 billion")
_CURRENCY_BEFORE = {
    "usd": "USD", "kzt": "KZT", "kgs": "som", "tjs": "TJS", "uzs": "UZS", "tmt": "TMT",
    "rub": "RUB", "afn": "AFN",
}  # fmt: skip
_SCALE = {
    "thousand": ("thousand", 1000), "thousands": ("thousand", 1000),
    "million": ("million", 10**6), "millions": ("million", 10**6),
    "mln": ("million", 10**6), "mn": ("million", 10**6),
    "billion": ("billion", 10**9), "billions": ("billion", 10**9),
    "bn": ("billion", 10**9), "bln": ("billion", 10**9),
    # South Asian scales, folded into the number ("1.5 lakh tablets" = 150,000 tablets)
    "lakh": ("lakh", 10**5), "lakhs": ("lakh", 10**5), "lac": ("lakh", 10**5),
    "crore": ("crore", 10**7), "crores": ("crore", 10**7),
}  # fmt: skip
_FOLDED_SCALES = ("lakh", "crore")
_SCALE_WITH_CURRENCY = {"m": ("million", 10**6), "b": ("billion", 10**9), "k": ("thousand", 1000)}
# units that make a number something other than a quantity of interest
_SKIP_UNITS = {
    "kilometer", "kilometers", "kilometre", "kilometres", "km", "meter", "meters", "metre",
    "metres", "m", "mile", "miles", "year", "years", "month", "months", "day", "days", "week",
    "weeks", "hour", "hours", "decade", "decades", "minute", "minutes", "yearold", "km2",
    "st", "nd", "rd", "th", "centimeters", "cm", "feet", "foot",
}  # fmt: skip
_RATIO_UNITS = {"fold", "times"}
_PERCENT = {"percent", "pct", "%"}
_PERCENT_WORDS = _PERCENT | {"cent"}  # "per cent"
# words before a number that make it an identifier, not a quantity
_ID_WORDS = {
    "article", "articles", "art", "no", "nos", "number", "law", "decree", "resolution",
    "section", "chapter", "paragraph", "para", "part", "item", "order", "page", "pp", "p",
    "code", "protocol", "case", "flight", "route", "highway", "room", "unit", "tier",
    "phase", "level", "grade", "class", "category", "schedule", "list", "annex", "table",
    "figure", "fig", "box", "appendix", "volume", "vol", "edition", "issue", "step",
}  # fmt: skip
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_PER_WORDS = {
    "kg": "kg", "kilogram": "kg", "kilo": "kg", "kilograms": "kg", "kilogramme": "kg",
    "g": "g", "gram": "g", "grams": "g", "gr": "g", "gramme": "g",
    "dose": "dose", "doses": "dose", "month": "month", "year": "year", "day": "day",
    "person": "person", "unit": "unit", "tablet": "tablet", "pill": "pill",
}  # fmt: skip

_QUALIFIERS = (
    # (words before the number, lower-case, ending at the number) -> qualifier
    ("approx", ("about",), ("approximately",), ("approx",), ("around",), ("roughly",),
     ("nearly",), ("almost",), ("some",), ("an", "estimated"), ("estimated", "at"),
     ("close", "to"), ("circa",), ("ca",), ("approximate",), ("est",)),
    ("at_least", ("over",), ("more", "than"), ("above",), ("in", "excess", "of"),
     ("exceeding",), ("exceeded",), ("at", "least"), ("upwards", "of"), ("no", "fewer", "than"),
     ("not", "less", "than"), ("no", "less", "than"), ("not", "fewer", "than"),
     ("a", "minimum", "of")),
    ("at_most", ("up", "to"), ("as", "many", "as"), ("as", "much", "as"), ("less", "than"),
     ("fewer", "than"), ("under",), ("no", "more", "than"), ("not", "more", "than"),
     ("at", "most"), ("below",), ("a", "maximum", "of"), ("not", "exceeding")),
)  # fmt: skip
_QUALIFIER_TABLE = sorted(
    ((words, q) for q, *phrases in _QUALIFIERS for words in phrases),
    key=lambda item: -len(item[0]),
)

_RANGE_DASH = {"-", "–", "—", "‒"}
_STOP_BEFORE_UNIT = {"of", "and", "or", "in", "to", "from", "were", "was", "the", "a", "per"}
# "who add up to 943,000 people", "went up to 56 percent": "up to" after these verbs is a
# level reached, not an upper bound
_PHRASAL_UP = frozenset(
    ("add", "adds", "added", "adding", "went", "go", "goes", "gone", "going", "sum", "sums",
     "summed", "shot", "jumped", "climbed", "moved", "came", "comes", "built", "crept")
)  # fmt: skip
# "handed over 3 laboratories": "over" after these verbs is not a qualifier
_PHRASAL_OVER = {
    "handed",
    "hand",
    "hands",
    "handing",
    "turned",
    "turn",
    "took",
    "take",
    "taken",
    "passed",
    "signed",
    "carried",
    "transferred",
    "gave",
    "given",
    "won",
    "left",
}


def parse_number(text: str) -> Decimal:
    """Parse a number as written in a report.

    Parameters
    ----------
    text : str
        Digits with optional thousands commas and a decimal point (``"2,905"``,
        ``"23.8"``, ``"1,695.65"``), or a number word (``"six"``).

    Returns
    -------
    decimal.Decimal
        Exact, so that ``format_number`` gives the digits back.

    Raises
    ------
    ValueError
        When ``text`` is not a number in one of these forms (``"2,90"``, ``"1,2345"``).

    Examples
    --------
    >>> parse_number("2,905"), parse_number("23.8"), parse_number("six")
    (Decimal('2905'), Decimal('23.8'), Decimal('6'))
    """
    raw = str(text).strip()
    if raw.lower() in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[raw.lower()])
    if not _NUMBER.fullmatch(raw):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation as err:  # pragma: no cover - the pattern guarantees digits
        raise ValueError(f"not a number: {text!r}") from err


def format_number(value: Decimal | float | None) -> str:
    """Plain digits for a CSV cell: no exponent, no thousands separator, no trailing zeros.

    Examples
    --------
    >>> format_number(Decimal("6.10")), format_number(Decimal("6E+9")), format_number(None)
    ('6.1', '6000000000', '')
    """
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        if value != value:  # NaN
            return ""
        value = Decimal(repr(float(value)))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Quantity:
    """One figure read from text.

    Attributes
    ----------
    value : Decimal or None
        The figure; None for a range.
    lower, upper : Decimal or None
        The bounds of a range ("18-20 thousand": 18 and 20).
    unit : str
        The unit as reported, spelled so that :func:`drugtrends.units.parse_unit` reads it:
        ``"t"``, ``"kg"``, ``"ha"``, ``"million USD"``, ``"USD per kg"``, ``"thousand"``,
        ``"percent"``, ``"doses"``; ``"count"`` for a bare number.
    dim : str
        ``"mass"``, ``"area"``, ``"money"``, ``"percent"``, ``"count"``, ``"ratio"`` or
        ``"skip"`` (a number that is not a quantity: a distance, a duration, an age).
    qualifier : str
        ``""``, ``"approx"``, ``"at_least"`` or ``"at_most"``.
    currency : str
        ``"USD"``, ``"KZT"``, another currency of the region (``"som"`` for the Kyrgyz
        som, else the ISO 4217 code: ``"TJS"``, ``"UZS"``, ``"TMT"``, ``"RUB"``, ``"AFN"``)
        or ``""``.
    per : str
        The denominator of a rate (``"kg"``, ``"g"``, ``"dose"``, ``"month"``) or ``""``.
    bare : bool
        True for a number with no unit at all (a count candidate).
    start, end : int
        Character span of the figure (with its qualifier and unit).
    num_start : int
        Character offset of the first number.
    tok_start, tok_end : int
        Token span (end exclusive).
    link : str
        ``"from"`` for the first figure of "from X to Y" after a verb of change, ``"to"``
        for the second, else ``""``.
    """

    value: Decimal | None
    lower: Decimal | None = None
    upper: Decimal | None = None
    unit: str = "count"
    dim: str = "count"
    qualifier: str = ""
    currency: str = ""
    per: str = ""
    bare: bool = True
    start: int = 0
    end: int = 0
    num_start: int = 0
    tok_start: int = 0
    tok_end: int = 0
    link: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.value is None


# ----------------------------------------------------------------------------- scanning

_CHANGE_VERBS = {
    "rose", "rise", "risen", "rising", "rises", "increase", "increased", "increases",
    "increasing", "fell", "fall", "fallen", "falling", "falls", "decrease", "decreased",
    "decreases", "decreasing", "dropped", "drop", "drops", "declined", "decline", "declining",
    "grew", "grow", "grown", "growth", "went", "jumped", "climbed", "doubled", "tripled",
    "halved", "reduced", "reduction", "up", "down", "changed", "change", "soared", "plunged",
    "increment", "surged",
}  # fmt: skip


def _is_year_like(tok: Tok) -> bool:
    return (
        tok.kind == "num"
        and len(tok.text) == 4
        and tok.text.isdigit()
        and (1900 <= int(tok.text) <= 2100)
    )


_DENOMINATORS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_RUN_WORDS = set(WORD_NUMBERS) | {"hundred", "thousand", "million", "billion", "and"}
_RUN_SCALES = {"thousand", "million", "billion"}
_RUN_NUMBERS = set(WORD_NUMBERS) | {"hundred"}


def _word_run(toks: list[Tok], i: int) -> tuple[Decimal, int] | None:
    """A number written out in words from token ``i`` ("forty-two", "two hundred and five",
    "fifteen hundred", "four and a half"): (value, index after it), else None.

    A scale word (thousand, million, billion) ends the run unless more number words follow
    it ("forty two thousand five hundred"): written last, it is read as the scale of the
    unit ("forty two thousand hectares"). The words are read by
    :func:`.rules.read_number_words`; "and a half" / "and a quarter" are added here. (On 16
    phrases of report wording this reads 14 right, the single-word reader it replaces 3;
    ``text2num`` alone reads 13, ``number-parser`` 12: neither did better, so neither is a
    dependency.)
    """
    from .rules import read_number_words

    n = len(toks)
    words: list[str] = []
    j = i
    while j < n:
        t = toks[j]
        low = t.low
        if t.text == "-" and t.glued and words and j + 1 < n and toks[j + 1].low in _RUN_NUMBERS:
            j += 1
            continue
        if t.kind != "word" or low not in _RUN_WORDS:
            break
        if low in _RUN_SCALES or low == "and":
            nxt = toks[j + 1].low if j + 1 < n else ""
            if nxt not in _RUN_NUMBERS or (low == "and" and not words):
                break
        words.append(low)
        j += 1
    while words and words[-1] == "and":
        words.pop()
        j -= 1
    if not words:
        return None
    hand = read_number_words(words)
    if hand is None:
        return None
    value, used = hand
    # give back the words the reader did not use
    k = i
    seen = 0
    while seen < used and k < n:
        if toks[k].kind == "word":
            seen += 1
        k += 1
    j = k
    if (
        j + 2 < n
        and toks[j].low == "and"
        and toks[j + 1].low in ("a", "one")
        and toks[j + 2].low in ("half", "quarter")
    ):
        value += Decimal("0.5") if toks[j + 2].low == "half" else Decimal("0.25")
        j += 3
    return value, j


def _number_at(toks: list[Tok], i: int) -> Decimal | None:
    """The number at token ``i`` (digits, or a number word followed by a unit)."""
    tok = toks[i]
    if tok.kind == "num":
        return parse_number(tok.text)
    if tok.kind == "word" and tok.low in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[tok.low])
    return None


def _word(toks: list[Tok], i: int) -> str:
    return toks[i].low if 0 <= i < len(toks) else ""


# nouns whose counts are indicators: a number word before them is a figure ("dismantled
# three clandestine laboratories", "seven training courses"); other number words ("two
# scanners", "five new centers", "nine months") are words
_WORD_COUNT_NOUNS = {
    "laboratory", "laboratories", "lab", "labs", "ngo", "ngos", "organizations",
    "organisations", "associations", "courses", "trainings", "seminars", "workshops", "programs",
    "programmes", "conferences", "exchanges", "crimes", "offences", "offenses", "cases",
    "deaths", "officers", "officials", "employees", "policemen",
}  # fmt: skip
# "the three laboratories", "two of the five labs": a set already counted, not a new figure
_WORD_COUNT_NOT_AFTER = {"the", "these", "those", "its", "their", "all", "of", "each", "every"}


def _counts_indicator_noun(toks: list[Tok], j: int) -> bool:
    """An indicator's noun follows at ``j`` after at most three modifiers."""
    for k in range(j, min(len(toks), j + 5)):
        tok = toks[k]
        if tok.kind == "word" and tok.low in _WORD_COUNT_NOUNS:
            return True
        if tok.text == "-" and tok.glued:
            continue
        if tok.kind != "word" or tok.low in _STOP_BEFORE_UNIT or tok.low in WORD_NUMBERS:
            return False
    return False


def _read_unit(toks: list[Tok], j: int, currency: str) -> tuple[int, dict]:
    """Read scale, unit and rate after a number at token ``j``; return (next index, info)."""
    info: dict = {"scale": None, "unit": None, "dim": None, "currency": currency, "per": ""}
    n = len(toks)
    # scale word: "41 million", "$4.6bn", "18-20 thousand"
    if j < n and toks[j].kind == "word":
        low = toks[j].low
        if low in _SCALE:
            info["scale"] = _SCALE[low]
            j += 1
        elif currency and low in _SCALE_WITH_CURRENCY and toks[j].glued:
            info["scale"] = _SCALE_WITH_CURRENCY[low]
            j += 1
    if j >= n:
        return j, info
    tok = toks[j]
    low = tok.low
    # hyphenated units: "7,600-kilometer", "six-fold", "18-year-old"
    if tok.text in _RANGE_DASH and j + 1 < n and toks[j + 1].kind == "word" and toks[j + 1].glued:
        nxt = toks[j + 1].low
        if nxt in _RATIO_UNITS:
            info["dim"] = "ratio"
            return j + 2, info
        if nxt in _SKIP_UNITS:
            info["dim"] = "skip"
            return j + 2, info
        return j, info
    rate = _population_rate(toks, j)
    if rate is None:
        # "16 deaths per 100,000 people", "54 registered drug users per 100 thousand": the
        # noun (up to three words) between
        for k in (j + 1, j + 2, j + 3):
            if all(
                t.kind == "word" and t.low.isalpha() and len(t.low) > 2 and t.low != "per"
                for t in toks[j:k]
            ) and (rate := _population_rate(toks, k)):
                break
    if rate is not None:
        k, factor = rate
        info.update(dim="rate", unit="per 100000", rate_factor=factor)
        return k, info
    if tok.kind == "sym" and low == "%":
        info.update(dim="percent", unit="percent")
        return j + 1, info
    if tok.kind != "word":
        return j, info
    if low == "metric" and j + 1 < n and toks[j + 1].low in ("tons", "ton", "tonnes", "tonne"):
        info.update(dim="mass", unit="t")
        j += 2
        # "(MT)" spelled out after "metric tons"
        if (
            j + 2 < n
            and toks[j].text == "("
            and toks[j + 1].low == "mt"
            and toks[j + 2].text == ")"
        ):
            j += 3
        return j, info
    if low in _MASS:
        # a lone "t" or "g" only counts right after a number ("1.3 t"), which is where we are
        info.update(dim="mass", unit=_MASS[low])
        if _per_hectare(toks, j + 1):
            # "40 kg of opium per hectare": a yield, not an amount (no indicator)
            info.update(dim="skip", unit=None)
        return j + 1, info
    if low in _AREA:
        info.update(dim="area", unit="ha")
        return j + 1, info
    if low in _PERCENT:
        info.update(dim="percent", unit="percent")
        return j + 1, info
    if low == "per" and j + 1 < n and toks[j + 1].low == "cent":
        info.update(dim="percent", unit="percent")
        return j + 2, info
    if low in _COUNT_UNITS:
        info.update(dim="count", unit=_COUNT_UNITS[low])
        return j + 1, info
    # "118,940 psychotropic pills", "36,000 ecstasy tablets": one or two words before the unit
    for k in (j + 1, j + 2):
        if (
            k < n
            and toks[k].low in _COUNT_UNITS
            and all(
                toks[m].kind == "word" and toks[m].low not in _STOP_BEFORE_UNIT for m in range(j, k)
            )
        ):
            info.update(dim="count", unit=_COUNT_UNITS[toks[k].low])
            return k + 1, info
    if low in _RATIO_UNITS:
        info["dim"] = "ratio"
        return j + 1, info
    if low in _SKIP_UNITS:
        info["dim"] = "skip"
        return j + 1, info
    if low == "us" and j + 1 < n and toks[j + 1].low in ("dollars", "dollar"):
        info["currency"] = "USD"
        j += 2
    elif low in _CURRENCY_AFTER and not currency:
        info["currency"] = _CURRENCY_AFTER[low]
        j += 1
    if info["currency"]:
        info["dim"] = "money"
        j = _read_per(toks, j, info)
    return j, info


_RATE_BASES = {"100": 1000, "1000": 100, "1,000": 100, "10000": 10, "10,000": 10, "100000": 1,
               "100,000": 1}  # fmt: skip
_POPULATION_WORDS = {"population", "inhabitants", "people", "persons", "residents"}


def _population_rate(toks: list[Tok], j: int) -> tuple[int, Decimal] | None:
    """ "per 100 thousand of population", "per 100,000", "per 10,000 people" at token ``j``:
    (index after it, factor to a rate per 100,000), else None (see
    :data:`.rules.RATE_UNITS`)."""
    n = len(toks)
    if not (j + 1 < n and toks[j].low == "per" and toks[j + 1].kind == "num"):
        return None
    base = toks[j + 1].text
    k = j + 2
    if base == "100" and k < n and toks[k].low == "thousand":
        factor, k = Decimal(1), k + 1
    elif base in _RATE_BASES and base != "100":
        factor = Decimal(_RATE_BASES[base])
    else:
        return None
    m = k
    while m < n and toks[m].low in ("of", "the", "total", "adult", "general", "whole"):
        m += 1
    if m < n and toks[m].low in _POPULATION_WORDS:
        k = m + 1
    return k, factor


def _per_hectare(toks: list[Tok], j: int) -> bool:
    """ "per hectare", "of opium per hectare", "a hectare" follows at ``j`` (a yield)."""
    k = j
    if k < len(toks) and toks[k].low == "of":
        k += 1
        while k < len(toks) and toks[k].kind == "word" and toks[k].low not in ("per", "a", "an"):
            k += 1
            if k - j > 4:
                return False
    return (
        k + 1 < len(toks)
        and toks[k].low in ("per", "a", "an", "/")
        and toks[k + 1].low in ("hectare", "ha", "hectares")
    )


def _read_per(toks: list[Tok], j: int, info: dict) -> int:
    """Read a rate after money: "per kg", "/kg", "a kilogram", "for one gram", "per month"."""
    n = len(toks)
    k = j
    if k < n and (toks[k].low in ("per", "a", "an", "for", "each") or toks[k].text == "/"):
        k += 1
        if k < n and toks[k].low in ("one", "a", "1", "each", "every"):
            k += 1
        if k < n and toks[k].low in _PER_WORDS:
            info["per"] = _PER_WORDS[toks[k].low]
            return k + 1
    if j < n and toks[j].low in ("annually", "yearly"):
        info["per"] = "year"
        return j + 1
    return j


def _qualifier(toks: list[Tok], start: int) -> tuple[str, int]:
    """Qualifier words just before token ``start``: ("approx", first token index) or ("", start)."""
    words: list[str] = []
    k = start - 1
    while k >= 0 and len(words) < 4 and toks[k].kind == "word":
        words.append(toks[k].low)
        k -= 1
    words.reverse()
    for phrase, qual in _QUALIFIER_TABLE:
        m = len(phrase)
        if m <= len(words) and tuple(words[-m:]) == phrase:
            if phrase == ("over",) and len(words) > 1 and words[-2] in _PHRASAL_OVER:
                continue
            if phrase == ("up", "to") and len(words) > 2 and words[-3] in _PHRASAL_UP:
                continue  # "drug addicts who add up to 943,000", "went up to 56 percent"
            return qual, start - m
    return "", start


def _currency_before(toks: list[Tok], i: int) -> tuple[str, int]:
    """Currency written before the number at ``i``: ("USD", index of its first token)."""
    if i >= 1 and toks[i - 1].text == "$":
        k = i - 1
        if k >= 1 and toks[k - 1].low in ("us", "u.s") and toks[k].glued:
            k -= 1
        elif (
            k >= 1
            and toks[k - 1].kind == "word"
            and toks[k].glued
            and toks[k - 1].text.isupper()
            and len(toks[k - 1].text) <= 3
        ):
            # "HK$12 million", "NT$", "S$", "A$": another country's dollar, which no record
            # is kept in; not US dollars
            return "", i
        return "USD", k
    if i >= 1 and toks[i - 1].kind == "word" and toks[i - 1].low in _CURRENCY_BEFORE:
        return _CURRENCY_BEFORE[toks[i - 1].low], i - 1
    return "", i


def _is_identifier(toks: list[Tok], i: int) -> bool:
    """The number at ``i`` is a date, an article or law number, a section label."""
    tok = toks[i]
    k = i - 1
    while k >= 0 and toks[k].text in (".", "#", "№"):
        k -= 1
    if k >= 0 and toks[k].kind == "word":
        low = toks[k].low
        if low in _ID_WORDS or low in _MONTHS:
            return True
        # "B.2", "Article 297-1"
        if len(toks[k].text) == 1 and toks[k].text.isupper() and k + 1 < i:
            return True
    if i + 1 < len(toks):
        nxt = toks[i + 1]
        if nxt.kind == "word" and nxt.low in _MONTHS:
            return True
        if nxt.kind == "word" and nxt.glued and nxt.low in ("st", "nd", "rd", "th", "s"):
            return True  # ordinals and decades: "21st", "1990s"
    return tok.kind == "num" and ":" in tok.text


def _footnote_mark(toks: list[Tok], i: int) -> bool:
    """The number at ``i`` is a footnote mark glued to the word before it ("the adult
    population1", "other opiates users2"): digits right after a word of three or more
    letters that ends in a small letter. A figure is set apart from the word before it
    ("724.1kg" is glued to its unit after it, "US$5" to a symbol)."""
    tok = toks[i]
    if tok.kind != "num" or not tok.glued or i == 0 or "." in tok.text or "," in tok.text:
        return False
    prev = toks[i - 1]
    return prev.kind == "word" and len(prev.text) >= 3 and prev.text[-1].islower()


def _range_second(
    toks: list[Tok], j: int, first: dict, between: bool
) -> tuple[int, int, Decimal, dict] | None:
    """A range continues at ``j``: return (number index, end index, number, unit info)."""
    n = len(toks)
    if j >= n:
        return None
    conn = toks[j]
    ok = conn.text in _RANGE_DASH or conn.low == "to" or (between and conn.low == "and")
    if not ok:
        return None
    k = j + 1
    currency = first["currency"]
    if k < n and toks[k].text == "$":
        if currency not in ("", "USD"):
            return None
        currency = "USD"
        k += 1
    elif k < n and toks[k].low in _CURRENCY_BEFORE:
        currency = _CURRENCY_BEFORE[toks[k].low]
        k += 1
    if k < n and toks[k].kind == "word" and toks[k].low in WORD_NUMBERS:
        # "between 5.8 and seven metric tons": the second bound in words, read with a unit
        run = _word_run(toks, k)
        if run is None:
            return None
        end, info = _read_unit(toks, run[1], currency)
        if info["dim"] not in ("mass", "area", "money", "percent"):
            return None
        return k, end, run[0], info
    if k >= n or toks[k].kind != "num":
        return None
    second = parse_number(toks[k].text)
    end, info = _read_unit(toks, k + 1, currency)
    return k, end, second, info


def scan_quantities(toks: list[Tok]) -> list[Quantity]:
    """Every figure in a tokenized sentence, in order.

    Years (1900-2100 without a unit), dates, identifiers ("Article 297", "No. 128") and
    section labels are not returned. Distances, durations and ages come back with
    ``dim="skip"`` and ratios ("six-fold", "three times") with ``dim="ratio"`` so that the
    caller can mention them; counts (bare numbers) come back with ``dim="count"``.

    Parameters
    ----------
    toks : list of Tok
        From :func:`drugtrends.extract._tokens.tokenize`.

    Returns
    -------
    list of Quantity

    Examples
    --------
    >>> text = "In 2014 police seized more than 790 kg under Article 297, a six-fold rise."
    >>> [(text[q.start:q.end], q.dim) for q in scan_quantities(tokenize(text))]
    [('more than 790 kg', 'mass'), ('six-fold', 'ratio')]
    """
    out: list[Quantity] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        # "hundred" alone ("multi-hundred kilogram consignments") and a number word glued
        # to a word before it by a hyphen are not numbers
        is_word_number = (
            tok.kind == "word"
            and tok.low in WORD_NUMBERS
            and tok.low != "hundred"
            and not (
                i >= 2
                and toks[i - 1].text == "-"
                and tok.glued
                and toks[i - 2].kind == "word"
                and toks[i - 2].low not in WORD_NUMBERS
            )
        )
        # "a dozen clandestine laboratories": twelve, read like a number word
        dozen = tok.low == "a" and _word(toks, i + 1) == "dozen"
        # "more than a ton of drugs": one ton, after a qualifier only ("the price of a
        # kilogram" is a unit), see rules.NUMBER_WORDS
        a_one = (
            tok.low in ("a", "an")
            and _word(toks, i + 1) in ("ton", "tonne", "kilogram", "kilo", "metric")
            and _qualifier(toks, i)[0] != ""
        )
        if tok.kind != "num" and not is_word_number and not dozen and not a_one:
            i += 1
            continue
        if _footnote_mark(toks, i):
            i += 1
            continue
        num_end = i + 2 if dozen else i + 1
        run = _word_run(toks, i) if is_word_number else None
        if run is not None:
            num_end = run[1]
        currency, cur_start = _currency_before(toks, i)
        j, info = _read_unit(toks, num_end, currency)
        if info["dim"] is None and not currency and not info["scale"] and tok.kind == "num":
            # "98.2 (110.4) kilograms": the unit after the bracket serves both figures
            at = _bracket_unit_at(toks, num_end)
            if at is None and i > 0 and toks[i - 1].text == "(" and _word(toks, num_end) == ")":
                at = num_end + 1
            if at is not None:
                _, shared = _read_unit(toks, at, currency)
                if shared["dim"] in ("mass", "area", "percent") and not shared["scale"]:
                    info = shared
        # number words count with a unit ("six tons", "six-fold", "two billion tenge"), or
        # when they count the noun of an indicator ("three clandestine laboratories")
        if (is_word_number or dozen) and not (
            # "eight per cent" too (a change written out: Finland's police)
            info["dim"] in ("mass", "area", "money", "ratio", "percent")
            or (
                info["scale"]
                and info["dim"] is None
                and (tok.low != "one" or (run is not None and run[0] != 1))
                and not dozen
            )
            or (
                info["dim"] is None
                and not info["scale"]
                and not currency
                and (dozen or WORD_NUMBERS[tok.low] <= 20)
                and _word(toks, i - 1) not in _WORD_COUNT_NOT_AFTER
                and _counts_indicator_noun(toks, num_end)
            )
            # "14 laboratories were closed, five of them by the KNB": a part of the figure
            # before
            or (
                out
                and not dozen
                and WORD_NUMBERS[tok.low] <= 20
                and _word(toks, num_end) == "of"
                and _word(toks, num_end + 1) in ("them", "these", "those")
            )
        ):
            # not a figure: skip the whole number ("forty two" is not "two")
            i = max(num_end, i + 1) if run is not None else i + 1
            continue
        if info["dim"] is None and not currency and not info["scale"] and _is_year_like(tok):
            i += 1  # a year: periods are read elsewhere
            continue
        if not currency and _is_identifier(toks, i):
            i += 1
            continue
        if a_one:
            value = Decimal(1)
        else:
            value = Decimal(12) if dozen else (run[0] if run is not None else _number_at(toks, i))
        assert value is not None
        lower = upper = None
        between = _word(toks, cur_start - 1) == "between"
        # "decreased from 2,989 to 2,905", "up from $3,000": a change, not a range
        from_change = _word(toks, cur_start - 1) == "from" and _change_before(toks, cur_start)
        # "an increase of 35 percent over 1.63 MT", "up 8 percent on 410 kg": the figure
        # compared with, not a lower bound
        over_change = _word(toks, cur_start - 1) in ("over", "on") and (
            _word(toks, cur_start - 2) in _PERCENT_WORDS
            or _word(toks, cur_start - 2) in _CHANGE_VERBS
        )
        from_change = from_change or over_change
        link = "from" if from_change else ""
        rng = None
        # "went up by 2 per cent to 56 per cent": a change and the level it reached, each
        # with its unit, not one range
        by_to = (
            _word(toks, cur_start - 1) == "by"
            and info["dim"] == "percent"
            and j > i + 1
            and _word(toks, j) == "to"
        )
        if info["dim"] not in ("ratio", "skip") and not from_change and not by_to:
            rng = _range_second(toks, j, info, between)
        if rng is not None:
            k, end2, second, info2 = rng
            compatible = (
                info["dim"] is None
                or info2["dim"] is None
                or (info["dim"] == info2["dim"] and info["unit"] == info2["unit"])
            )
            both_years = (
                info["dim"] is None
                and info2["dim"] is None
                and not currency
                and _is_year_like(tok)
                and (_is_year_like(toks[k]) or len(toks[k].text) == 2)
            )
            # "fell 6 percent to 1,950": a unit after the first number only is not a range's
            unit_only_first = (
                info["dim"] in ("percent", "mass", "area", "count")
                and info2["dim"] is None
                and not info2["currency"]
            )
            if not compatible or both_years or second < value or unit_only_first:
                rng = None
        if rng is not None:
            k, end2, second, info2 = rng
            lower, upper = value, second
            value = None
            # the unit written after the second number serves both ("18-20 thousand")
            merged = dict(info)
            for key in ("scale", "unit", "dim", "per"):
                if info2.get(key):
                    merged[key] = info2[key]
            if info2["currency"]:
                merged["currency"] = info2["currency"]
            info = merged
            j = end2
        if over_change:
            qual, q_start = "", min(cur_start, i)
        else:
            qual, q_start = _qualifier(toks, min(cur_start, i) - (1 if between else 0))
        if between and qual == "":
            q_start = min(cur_start, i) - 1
        if (
            value == 1
            and info["dim"] in ("mass", None)
            and _word(toks, j) == "in"
            and j + 1 < n
            and (toks[j + 1].low in _DENOMINATORS or toks[j + 1].text in ("2", "3", "4", "5", "10"))
        ):
            # "one kilo in four", "one in five": a share (rules.NUMBER_WORDS, one_in_n)
            den = _DENOMINATORS.get(toks[j + 1].low) or int(toks[j + 1].text)
            value = (Decimal(100) / Decimal(den)).quantize(Decimal("0.1")).normalize()
            info = dict(info, dim="percent", unit="percent", scale=None)
            j += 2
        if info["dim"] == "mass" and value is not None and not info["scale"]:
            # "2 tons 41 kg 305 g", "1 ton 212.5 kg", "4 kg 520 grams": one figure
            j, value, info = _compound_mass(toks, j, value, info)
        q = _build(value, lower, upper, info, bool(currency) or bool(info["currency"]))
        q.qualifier = qual
        q.tok_start = min(q_start, cur_start)
        q.tok_end = j
        q.start = toks[q.tok_start].start
        q.end = toks[j - 1].end
        q.num_start = toks[i].start
        q.link = link
        if link == "from":
            # the next figure is the "to" side
            pass
        elif (
            out
            and out[-1].link == "from"
            and _word(toks, q.tok_start - 1) == "to"
            and _to_follows(toks, out[-1].tok_end, q.tok_start - 1)
        ):
            q.link = "to"
            prev = out[-1]
            if q.dim == "rate" and prev.bare and prev.value is not None:
                # "decreased from 7.6 to 3.8 per 100 thousand": the rate serves both
                prev.value = prev.value * info.get("rate_factor", Decimal(1))
                prev.dim, prev.unit, prev.bare = "rate", q.unit, False
        out.append(q)
        i = max(j, i + 1)
    return out


_MASS_KG = {"t": Decimal(1000), "kg": Decimal(1), "g": Decimal("0.001")}


def _bracket_unit_at(toks: list[Tok], j: int) -> int | None:
    """ "98.2 (110.4) kilograms": at ``j`` a bracketed number, then a unit word; return the
    unit's token index (see :data:`.rules.PAIRS`)."""
    if (
        j + 3 < len(toks)
        and toks[j].text == "("
        and toks[j + 1].kind == "num"
        and toks[j + 2].text == ")"
        and toks[j + 3].kind in ("word", "sym")
    ):
        return j + 3
    return None


def _compound_mass(
    toks: list[Tok], j: int, value: Decimal, info: dict
) -> tuple[int, Decimal, dict]:
    """Read the smaller parts of a compound mass after "2 tons" at token ``j`` ("298 kg",
    "41 kg 305 g", "and 307 grams"): the whole in kilograms, or the figure unchanged when
    none follows."""
    unit = info["unit"]
    total = value * _MASS_KG[unit]
    k = j
    parts = 0
    joined = (
        k + 2 < len(toks)
        and toks[k].low == "and"
        and toks[k + 1].kind == "num"
        and toks[k + 2].low in _MASS
    )
    if joined:
        k += 1  # "23,692 kilograms and 307 grams": one mass, its last part after "and"
    while k + 1 < len(toks) and toks[k].kind == "num":
        unit_at = _bracket_unit_at(toks, k + 1)  # "1 ton 212.5 (790.1) kg"
        if toks[k + 1].low in _MASS:
            unit_at = k + 1
        if unit_at is None or toks[unit_at].low not in _MASS:
            break
        nxt = _MASS[toks[unit_at].low]
        if _MASS_KG[nxt] >= _MASS_KG[unit] or value != value.to_integral_value():
            break
        try:
            part = parse_number(toks[k].text)
        except ValueError:
            break
        if part * _MASS_KG[nxt] >= _MASS_KG[unit]:
            break  # "2 tons 1,200 kg" is two figures, not one
        total += part * _MASS_KG[nxt]
        unit, value = nxt, part
        parts += 1
        if unit_at != k + 1:
            k += 1  # the bracket and the unit after it are read with the bracketed figure
            break
        k += 2
        if joined:
            break  # the part after "and" is the last one
    if not parts:
        return j, value, info
    new = dict(info)
    new["unit"] = "kg"
    return (
        k,
        total.normalize() if total != total.to_integral_value() else total.quantize(Decimal(1)),
        new,
    )


_NOT_TO_PAIR = {
    "while", "whereas", "and", "but", "although", "though", "amounted", "amounting",
    "came", "totaled", "totalled", "reached", "added", "compared", "equal",
}  # fmt: skip


def _to_follows(toks: list[Tok], a: int, b: int) -> bool:
    """Tokens ``a:b`` between "from X" and "to Y" keep the two one change ("from 2,989 in
    2013 to 2,905"), not two clauses ("from 117 kg in 2017, while opium ... amounted to")."""
    if b - a > 8:
        return False
    for t in toks[a:b]:
        if t.text in (",", ";", ":", ".") or t.low in _NOT_TO_PAIR or t.low in _CHANGE_VERBS:
            return False
    return True


def _change_before(toks: list[Tok], start: int) -> bool:
    """A verb of change ("rose", "decreased", "increase") shortly before token ``start``."""
    k = start - 1
    seen = 0
    while k >= 0 and seen < 14:
        if toks[k].text in (";", ".", "(", ")"):
            break
        if toks[k].low in _CHANGE_VERBS:
            return True
        seen += 1
        k -= 1
    return False


def _build(
    value: Decimal | None,
    lower: Decimal | None,
    upper: Decimal | None,
    info: dict,
    money: bool,
) -> Quantity:
    """Assemble a Quantity from a number (or bounds) and the unit information."""
    scale = info["scale"]
    dim = info["dim"]
    unit = info["unit"]
    notes: list[str] = []
    if scale and scale[0] in _FOLDED_SCALES:
        # no record is written in lakhs or crores: the number itself
        factor = Decimal(scale[1])
        value = None if value is None else value * factor
        lower = None if lower is None else lower * factor
        upper = None if upper is None else upper * factor
        notes.append(f"{scale[0]} as written")
        scale = None
    if money:
        dim = "money"
        cur = info["currency"] or "USD"
        unit = f"{scale[0]} {cur}" if scale else cur
        if info["per"] in ("kg", "g"):
            unit = f"{unit} per {info['per']}"
        elif info["per"]:
            notes.append(f"per {info['per']}")
    elif dim in ("mass", "count", "area") and unit and scale:
        # "1.4 thousand tons", "5 thousand doses": fold the scale into the number
        factor = Decimal(scale[1])
        value = None if value is None else value * factor
        lower = None if lower is None else lower * factor
        upper = None if upper is None else upper * factor
        notes.append(f"{scale[0]} {unit} as written")
    elif dim == "rate":
        factor = info.get("rate_factor", Decimal(1))
        value = None if value is None else value * factor
        lower = None if lower is None else lower * factor
        upper = None if upper is None else upper * factor
    elif dim in ("mass", "area", "percent", "ratio", "skip") or (dim == "count" and unit):
        pass
    else:
        dim = "count"
        unit = scale[0] if scale else "count"
    q = Quantity(value=value, lower=lower, upper=upper, unit=unit or "count", dim=dim)
    q.currency = info["currency"] if money else ""
    q.per = info["per"]
    q.bare = dim == "count" and unit in ("count", "thousand", "million", "billion")
    q.notes = notes
    return q


def parse_quantity(text: str) -> Quantity:
    """Parse one figure written on its own.

    Parameters
    ----------
    text : str
        A figure with its unit, qualifier or range: ``"1.3 t"``, ``"724.1kg"``,
        ``"$41 million"``, ``"6.1 billion tenge"``, ``"18-20 thousand"``,
        ``"between $18,000 to $20,000"``, ``"more than 790 kg"``, ``"2,905"``.

    Returns
    -------
    Quantity

    Raises
    ------
    ValueError
        When the text holds no figure, or more than one.

    Examples
    --------
    >>> q = parse_quantity("$41 million")
    >>> (q.value, q.unit)
    (Decimal('41'), 'million USD')
    >>> parse_quantity("18-20 thousand").lower
    Decimal('18')
    """
    found = [q for q in scan_quantities(tokenize(text)) if q.dim != "skip"]
    if len(found) != 1:
        raise ValueError(
            f"expected one figure in {text!r}, found {len(found)}"
            + (": " + ", ".join(text[q.start : q.end] for q in found) if found else "")
        )
    return found[0]
