"""Periods as the chapters write them, and their resolution to months.

:func:`find_periods` finds the period phrases of one sentence ("in 2014", "through the
first nine months of 2014", "the similar period in 2013", "January-October", "as of
September 1995", "2007-2008", "(2012-2016)", "a year earlier", "this year").
:func:`resolve` turns one into a start and end month, given what the figure counts (a flow
over a period or a stock at a date), the year the edition covers, the period of the
paragraph so far and, for a comparison, the period of the figure it is compared with.

Each phrase has a role (:data:`ROLES`): the main period of its clause, the base of a
comparison, a sub-period, the date of an event, or an anaphor ("the same period", "that
year"). :func:`find_periods` sets the roles it can tell from the phrase and its words
(events, "alone", anaphors); :mod:`.scope` sets the rest and decides which phrase dates
which figure.

All patterns are fixed alternations with bounded repetition: no pattern can backtrack
catastrophically, and each runs in time linear in the sentence length.

Examples
--------
>>> [p.kind for p in find_periods("seized 23.8 MT through the first nine months of 2014")]
['partial']
>>> resolve(find_periods("in January-October 2015")[0], covered_year=2014).months
10
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .rules import RELATIVE_YEARS

__all__ = [
    "ANAPHOR",
    "BASE",
    "EVENT",
    "MAIN",
    "ROLES",
    "SUB",
    "PeriodMention",
    "Resolved",
    "find_periods",
    "resolve",
    "shift_to_year",
]

MAIN = "main"
"""Role: the period of its clause ("in 2014, police seized ...")."""
BASE = "base"
"""Role: the base of a comparison ("compared with 22.1 MT in 2014", "less than half of the
702 kg taken in 2009", "down 6 percent from 2021"); dates only the compared figure."""
SUB = "sub"
"""Role: a sub-period ("In the first quarter alone", "including 40 kg in March"); dates only
the figures in its scope, never the paragraph."""
EVENT = "event"
"""Role: the date of an event ("adopted in 2014", "a pilot begun in 2008", the deadline of a
goal); dates no figure."""
ANAPHOR = "anaphor"
"""Role: "the same period", "that year": stands for the nearest suitable period before it."""
ROLES = (MAIN, BASE, SUB, EVENT, ANAPHOR)
"""The roles of a period phrase, see :mod:`.scope`."""
# a role set later does not override a stronger one (an event date stays an event date
# inside a comparison)
_ROLE_RANK = {MAIN: 0, ANAPHOR: 1, SUB: 2, BASE: 3, EVENT: 4}

_MONTH_NUM = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_COUNT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# month names are matched case-sensitively (so that "may" the verb is not May)
MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
YEAR = r"(?<![\d,.$])(?:19|20)\d\d(?![\d])(?!,\d)(?!\.\d)"
NUMW = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_DASH = r"(?:-|–|—|‒)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "the first nine months of 2014", "first 9 months", "11 months of 2006"
    (
        "partial",
        re.compile(
            rf"(?i:\b(?:the\s+)?(?:first|initial|past)\s+)(?P<n>(?i:{NUMW}))(?i:[\s-]+months?)"
            rf"(?:(?i:\s+of)(?:(?i:\s+(?:the\s+(?:current\s+)?|this\s+)year)|\s+(?P<y>{YEAR})))?"
            rf"|\b(?P<n2>(?i:{NUMW}))(?i:[\s-]+months?\s+of)\s+(?P<y2>{YEAR})"
        ),
    ),
    # "the first half of 2012", "the second half", "first quarter of 2014", "H1 2021"
    (
        "half",
        re.compile(
            r"(?i:\b(?:the\s+)?(?P<which>first|second|third|fourth)\s+"
            r"(?P<part>half|quarter|three\s+quarters))"
            rf"(?:(?i:\s+of)(?:(?i:\s+(?:the\s+(?:current\s+)?|this\s+)year)|\s+(?P<y>{YEAR})))?"
            rf"|\b(?P<hq>[HQ][1-4])\s*(?P<y2>{YEAR})"
        ),
    ),
    # "January-October 2015", "from January to September 2014", "March 2013 to February 2014"
    (
        "months",
        re.compile(
            rf"(?:(?i:from|between)\s+)?(?P<m1>{MON})(?:\s+(?P<y1>{YEAR}))?\s*"
            rf"(?:{_DASH}|(?i:to|through|thru|until|till|and)\b)\s*"
            rf"(?P<m2>{MON})(?:,?\s+(?i:of\s+)?(?P<y2>{YEAR})|"
            # "from January to June this year": the year of the text
            r"\s+(?i:(?:of\s+)?(?:this|the\s+current)\s+year\b))?"
        ),
    ),
    # "since 2008", "since January 2014", "since the beginning of 2014", "since the
    # beginning of July" (the year of the paragraph)
    (
        "since",
        re.compile(
            r"(?i:\bsince\s+(?:the\s+(?:beginning|start)\s+of\s+)?)"
            rf"(?:(?P<m>{MON})\s+)?(?P<y>{YEAR})"
            r"|(?i:\bsince\s+the\s+(?:beginning|start)\s+of\s+)"
            rf"(?P<m2>{MON})(?!\s*\d)"
        ),
    ),
    # dates: "as of January 1, 2016", "as of 1 March 2025", "by September 1995", "in May 2014"
    (
        "date",
        re.compile(
            r"(?:(?P<kw>(?i:as\s+of|as\s+at|by|through|until|till|to|on|in|during|for))\s+)?"
            rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MON})"
            rf"|(?P<m2>{MON})(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?),?\s+(?P<y>{YEAR})"
        ),
    ),
    # "at the end of 2010", "the beginning of 2013", "year-end 2014"
    (
        "edge",
        re.compile(
            r"(?i:\b(?:(?:at|by|as\s+of)\s+)?(?:the\s+)?(?P<se>end|close|beginning|start)\s+of\s+)"
            rf"(?P<y>{YEAR})|(?i:\byear[\s-]end\s+)(?P<y2>{YEAR})"
        ),
    ),
    # "2007-2008", "(2012-2016)", "2007-08", "between 2010 and 2014", "from 2012 to 2016"
    (
        "years",
        re.compile(
            rf"(?:(?i:from|between)\s+)?(?P<y1>{YEAR})\s*"
            # a two-digit end ("2007-08") is not a figure: "from 14.3 percent in 2010 to
            # 12.4 percent" holds no "2010 to 12"
            rf"(?:{_DASH}|/|(?i:to|through|and)\b)\s*(?P<y2>{YEAR}|\d\d(?![\d])(?![.,]\d)"
            r"(?!\s*(?i:%|percent|per\s+cent|kg|kilo|tons?|tonnes?|MT\b|t\b|g\b|grams?|ha\b|"
            r"hectares?|thousand|million|billion|doses|pills|tablets)))"
        ),
    ),
    # "the similar period in 2013", "the same period of 2014", "the same period last year"
    (
        "same",
        re.compile(
            r"(?i:\b(?:the\s+)?(?:same|similar|corresponding|comparable|equivalent|analogous)"
            r"\s+period)"
            r"(?:(?i:\s+(?:of|in|for|during))?"
            rf"(?:\s+(?P<y>{YEAR})"
            r"|(?i:\s+(?:the\s+)?(?P<rel>last|previous|prior|preceding)\s+year)"
            r"|(?i:\s+(?:a|one)\s+year\s+(?:earlier|before|ago))))?"
        ),
    ),
    # "in that period", "during the same quarter", "that month": the period stated before
    (
        "same",
        re.compile(
            r"(?i:\b(?:(?:in|during|for|over|within)\s+)?(?:that|this|the\s+same|that\s+same)\s+"
            r"(?:period|quarter|month|half|half-year)\b)(?P<y>)(?P<rel>)"
        ),
    ),
    # "that year", "the same year", "that same year": the year of the period before
    (
        "same",
        re.compile(
            r"(?i:\b(?:(?:in|during|for|over)\s+)?(?:that|the\s+same|that\s+same)\s+year\b"
            r"(?!\s+(?:19|20)\d\d)(?!['’]s\b))(?P<yr>)"
        ),
    ),
    # "5 years ago", "two years earlier": counted back from the year the text covers
    ("ago", RELATIVE_YEARS[0].pattern),
    # "a year earlier", "the previous year", "last year"
    (
        "rel",
        re.compile(
            r"(?i:\b(?:(?:a|one)\s+year\s+(?:earlier|before|ago)|the\s+(?:previous|prior|"
            r"preceding)\s+year|the\s+year\s+before|last\s+year)\b)"
        ),
    ),
    # "this year", "so far this year", "to date", "since the beginning of the year"
    (
        "ytd",
        re.compile(
            r"(?i:\b(?:so\s+far\s+this\s+year|(?:so\s+far\s+)?this\s+year|year[\s-]to[\s-]date|"
            r"to\s+date|since\s+the\s+(?:beginning|start)\s+of\s+the\s+(?:current\s+)?year|"
            r"in\s+the\s+current\s+year|since\s+January)\b)"
        ),
    ),
    # "for the full year", "the year as a whole", "full-year 2018", "the whole of 2018":
    # the whole year (of the paragraph, else the covered year), never a cut-off before it
    (
        "full",
        re.compile(
            r"(?i:\b(?:(?:for|in|over|during|throughout|across)\s+)?the\s+(?:full|whole|entire|"
            r"complete)\s+year\b(?!\s+(?:19|20)\d\d)|\b(?:(?:for|in|over)\s+)?the\s+year\s+"
            r"as\s+a\s+whole\b|\bfull[\s-]+year\b)"
            rf"(?:\s+(?P<y>{YEAR}))?"
            rf"|(?i:\b(?:(?:for|in|over|during|throughout)\s+)?(?:all|the\s+whole|the\s+entirety)"
            rf"\s+of\s+)(?P<y2>{YEAR})"
            # "of the annual total", "the year's total", "for the year" (not "for the year
            # 2014", which is the year, nor "for the year before")
            r"|(?i:\b(?:(?:the|its|their)\s+annual\s+(?:total|haul|figure)|the\s+year['’]s\s+"
            r"(?:total|haul)|for\s+the\s+year\b(?!\s+(?:19|20)\d\d|\s+(?:before|earlier|"
            r"ago|prior))))"
        ),
    ),
    # "in March", "during October" without a year: the month in the paragraph's year
    (
        "date",
        re.compile(
            rf"(?P<kw>(?i:in|during))\s+(?P<m2>{MON})(?!\s*\d)(?!\s+(?i:of|and|to|through)\b)"
            r"(?P<d1>)(?P<m1>)(?P<d2>)(?P<y>)"
        ),
    ),
    # "on 14 March", "on Thursday [May 11]", "[May 11]" without a year: the day of an
    # event (a seizure), dated to its month in the paragraph's year
    (
        "date",
        re.compile(
            r"(?:(?P<kw>(?i:on))\s+(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|"
            r"sunday),?\s+)?\[?|\[)"
            rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MON})"
            rf"|(?P<m2>{MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\]?"
            r"(?!,?\s*(?:19|20)\d\d)(?!\d)(?![.,]\d)(?P<y>)"
        ),
    ),
    # "as of October 1", "as at 1 July" without a year: a cut-off in the paragraph's year
    (
        "date",
        re.compile(
            r"(?P<kw>(?i:as\s+(?:of|at)))\s+"
            rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MON})"
            rf"|(?P<m2>{MON})(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?)(?!,?\s+(?:19|20)\d\d)"
            r"(?P<y>)"
        ),
    ),
    # "during the year", "over the past year"
    (
        "the_year",
        re.compile(
            r"(?i:\b(?:during|in|over|throughout)\s+the\s+(?:past\s+|reporting\s+)?year\b"
            r"(?!\s+(?:19|20)\d\d))"
        ),
    ),
    # the same period without a year: "in the same period", "over the same period"
    # (covered by "same"); a bare year: "in 2014", "(724.1kg in 2013)"
    ("year", re.compile(rf"(?P<y>{YEAR})")),
]

# explicit year-to-date wording, and the marks of a cut-off near a plain "this year"
_YTD_OPEN = re.compile(r"(?i:so\s+far|year[\s-]to[\s-]date|to\s+date|since\s+(?:the|january))")
_CUT_OFF = re.compile(
    r"(?i:\b(?:so|thus)\s+far\b|\bto\s+date\b|\bas\s+(?:of|at)\b|\buntil\s+now\b|"
    r"\bup\s+to\s+now\b|\bat\s+the\s+time\s+of\s+writing\b|\byear[\s-]to[\s-]date\b|"
    r"\b(?:has|have)\s+(?:\w+ly\s+|already\s+|also\s+)?(?:been\s+)?"
    r"(?:\w+ed|found|made|taken|seen|caught|held|brought|risen|fallen|grown)\b)|"
    r"(?i:\b(?:by|through|until|till|up\s+to)\s+(?:the\s+(?:end|close)\s+of\s+)?)" + MON
)

_CUT_OFF_KEYWORDS = ("as of", "as at", "by", "through", "until", "till")

# words that make the "last year" after them the base of a comparison
_BASE_CUE = re.compile(
    r"(?i:\b(?:than|compared|comparison|from|on|over|against|versus|vs\.?|with|relative\s+to|"
    r"since|to|as)\s+(?:that\s+of\s+|those\s+of\s+|the\s+level\s+of\s+)?$)"
)

_EVENT_WORDS = {
    "adopted", "signed", "passed", "approved", "enacted", "established", "created", "founded",
    "ratified", "amended", "launched", "introduced", "abolished", "issued", "joined",
    "opened", "built", "dated", "set", "entered", "came", "born", "decreed", "formed",
    "appointed", "elected", "reorganized", "merged", "dissolved", "replaced", "took",
    "begun", "began", "started", "initiated", "commenced", "piloted", "inaugurated",
    "instituted", "unveiled", "announced", "set-up",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")
# "In the first quarter of 2018 alone", "in March 2019 alone": a sub-period
_ALONE = re.compile(r"\s*,?\s*alone\b", re.I)
# "adopted by Presidential Decree No. 1468 in", "approved by the Cabinet of Ministers on": a
# verb of enactment, then its author (capitalized words, numbers), right before the date
_EVENT_TAIL = re.compile(
    r"(?i:\b(?:adopted|approved|signed|enacted|issued|passed|ratified|amended|launched|"
    r"established|created|decreed|introduced|endorsed|promulgated|begun|started|opened|"
    r"founded|set\s+up|initiated|piloted))\s+"
    r"(?:(?i:by|under|through|with|via)\s+"
    r"(?:(?:[A-Z][\w'’-]*\.?|No\.?|№|#|\d[\d/.-]*|of|the|and|on)\s+){1,10}?"
    # "a pilot launched in Tashkent in", "a centre opened at the Almaty clinic in": a place
    r"|(?i:in|at|across|for)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4})"
    r"(?i:(?:in|on|of|dated)\s+)?$"
)


@dataclass
class PeriodMention:
    """A period phrase found in a sentence.

    Attributes
    ----------
    kind : str
        ``year``, ``years``, ``partial`` (first N months), ``half``, ``months`` (a month
        range), ``date`` (a month or day, with a keyword such as "as of"), ``edge``
        ("end of 2010"), ``since``, ``same`` ("the same period ..."), ``rel`` ("a year
        earlier"), ``ytd`` ("this year"), ``the_year`` ("during the year"), ``full``
        ("for the full year", "the year as a whole", "full-year 2018").
    start, end : int
        Character span in the sentence.
    y, y2 : int or None
        Years written (y2 ends a range of years).
    m1, m2 : int or None
        First and last month (for ``date``: the month; m2 None).
    day : int or None
    keyword : str
        For ``date``: "as of", "by", "in" ...; for ``edge``: "end" or "beginning".
    role : str
        One of :data:`ROLES`: ``main``, ``base`` (of a comparison), ``sub`` (a sub-period),
        ``event`` or ``anaphor``; see :mod:`.scope`.
    scope : tuple of int or None
        For a sub-period, the span of the sentence whose figures it dates.
    """

    kind: str
    start: int
    end: int
    y: int | None = None
    y2: int | None = None
    m1: int | None = None
    m2: int | None = None
    day: int | None = None
    keyword: str = ""
    role: str = MAIN
    scope: tuple[int, int] | None = None

    def mark(self, role: str) -> None:
        """Give the phrase ``role`` unless it has a stronger one (event > base > sub >
        anaphor > main)."""
        if _ROLE_RANK[role] > _ROLE_RANK[self.role]:
            self.role = role

    @property
    def event(self) -> bool:
        """The phrase dates an event ("adopted in 2014"), not a figure."""
        return self.role == EVENT

    @property
    def comparison(self) -> bool:
        """The phrase is the base of a comparison ("compared to ... in 2013")."""
        return self.role == BASE

    @property
    def explicit(self) -> bool:
        """The phrase itself names a period (not "the same period", "a year earlier")."""
        return self.kind not in ("same", "rel") or self.keyword.startswith("lead")


@dataclass(frozen=True)
class Resolved:
    """A resolved period: months as (year, month); ``end`` None when the cut-off is unknown.

    Attributes
    ----------
    start : tuple of int or None
    end : tuple of int or None
    note : str
        How the period was read, when it needed an assumption.
    penalty : float
        How much less sure the period is than an explicit one (0 = explicit).
    """

    start: tuple[int, int] | None
    end: tuple[int, int] | None
    note: str = ""
    penalty: float = 0.0

    @property
    def months(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    @property
    def partial_single_year(self) -> bool:
        return (
            self.start is not None
            and self.end is not None
            and self.start[0] == self.end[0]
            and (self.months or 0) < 12
        )

    def text(self) -> tuple[str, str, str]:
        """``period_start``, ``period_end`` and ``months`` as CSV cells."""
        start = f"{self.start[0]:04d}-{self.start[1]:02d}" if self.start else ""
        end = f"{self.end[0]:04d}-{self.end[1]:02d}" if self.end and self.start else ""
        months = str(self.months) if self.months else ""
        return start, end, months


def _month(text: str | None) -> int | None:
    if not text:
        return None
    return _MONTH_NUM.get(text.rstrip(".").lower())


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _count(text: str) -> int:
    low = text.lower()
    return _COUNT_WORDS[low] if low in _COUNT_WORDS else int(low)


def _mention(kind: str, m: re.Match[str]) -> PeriodMention | None:
    g = m.groupdict()
    pm = PeriodMention(kind, m.start(), m.end())
    if kind in ("partial", "half", "months") and re.search(
        r"(?i)\b(?:this|current)\s+year$", m.group(0)
    ):
        pm.keyword = "this"
    if kind == "partial":
        n = _count(g["n"] or g["n2"])
        if not 1 <= n <= 12:
            return None
        pm.y = _int(g["y"] or g["y2"])
        pm.m1, pm.m2 = 1, n
    elif kind == "half":
        if g.get("hq"):
            which, idx = g["hq"][0], int(g["hq"][1])
            pm.y = _int(g["y2"])
            if which == "H":
                if idx > 2:
                    return None
                pm.m1, pm.m2 = (1, 6) if idx == 1 else (7, 12)
            else:
                pm.m1, pm.m2 = 3 * idx - 2, 3 * idx
        else:
            which = g["which"].lower()
            part = " ".join(g["part"].lower().split())
            pm.y = _int(g["y"])
            order = {"first": 1, "second": 2, "third": 3, "fourth": 4}[which]
            if part == "half":
                if order > 2:
                    return None
                pm.m1, pm.m2 = (1, 6) if order == 1 else (7, 12)
            elif part == "quarter":
                pm.m1, pm.m2 = 3 * order - 2, 3 * order
            else:  # "first three quarters"
                if order != 1:
                    return None
                pm.m1, pm.m2 = 1, 9
    elif kind == "months":
        pm.m1, pm.m2 = _month(g["m1"]), _month(g["m2"])
        pm.y, pm.y2 = _int(g["y1"]), _int(g["y2"])
        if pm.y is None and pm.y2 is not None:
            pm.y = pm.y2 - 1 if pm.m1 > pm.m2 else pm.y2
        if pm.y2 is None and pm.y is not None:
            pm.y2 = pm.y
    elif kind == "since":
        pm.y = _int(g["y"])
        pm.m1 = _month(g["m"] or g.get("m2")) or 1
    elif kind == "date":
        pm.keyword = " ".join((g["kw"] or "").lower().split())
        pm.m1 = _month(g["m1"] or g["m2"])
        pm.day = _int(g["d1"] or g["d2"])
        pm.y = _int(g["y"])
        if pm.day is not None and not 1 <= pm.day <= 31:
            return None
    elif kind == "edge":
        pm.y = _int(g["y"] or g["y2"])
        se = (g["se"] or "end").lower()
        pm.keyword = "end" if se in ("end", "close") else "beginning"
    elif kind == "years":
        y1 = int(g["y1"])
        y2t = g["y2"]
        y2 = int(y2t) if len(y2t) == 4 else (y1 // 100) * 100 + int(y2t)
        if not 0 < y2 - y1 <= 30:
            return None
        pm.y, pm.y2 = y1, y2
    elif kind == "same" and "yr" in g:
        pm.keyword = "year"  # "that year": the year of the period before
    elif kind == "same":
        pm.y = _int(g["y"])
        pm.keyword = "rel" if (g["rel"] or "year" in m.group(0).lower().split()[-1:]) else ""
        if pm.y is None and re.search(r"(?i)year\s+(?:earlier|before|ago)$", m.group(0)):
            pm.keyword = "rel"
    elif (
        kind == "rel" and not m.string[: m.start()].strip() and m.string[m.end() :].startswith(",")
    ):
        # "Last year, they intercepted ...": the period of the sentence, not a base
        pm.keyword = "lead_last" if m.group(0).lower().startswith("last") else "lead_prev"
    elif (
        kind == "rel"
        and m.group(0).lower().startswith("last")
        and not _BASE_CUE.search(m.string, max(0, m.start() - 40), m.start())
        and not m.string[m.end() : m.end() + 2].startswith(("'", "’"))
    ):
        # "the drug crimes registered last year", "police seized 4 MT last year": the
        # period of the figure (the year before the edition), not the base of a comparison
        # ("more than last year", "compared with last year", "on last year")
        pm.keyword = "lead_last"
    elif kind == "ago":
        n = _count(g["n"])
        if not 1 <= n <= 30:
            return None
        pm.keyword = str(n)
    elif kind == "full":
        pm.y = _int(g["y"] or g["y2"])
    elif kind == "year":
        pm.y = int(g["y"])
    return pm


# "told reporters in Dushanbe on July 15", "the press service said on 3 May": the day a
# figure was reported, not the day it counts
_REPORTED_ON = re.compile(
    r"(?i:\b(?:said|told|reported|announced|stated|informed|noted|briefed|declared|"
    r"added|quoted|published|released)\b[^.;,]{0,50}$)"
)


# cases opened: a count whose verb is one of starting ("criminal cases initiated in 2008",
# "proceedings opened in the first half of 2015"), not an event of a law or programme
_CASES_OPENED = re.compile(
    r"(?i:\b(?:cases?|proceedings|investigations?|crimes?|offen[cs]es)\b[^.;,]{0,40}?"
    r"\b(?:initiated|opened|instituted|started|brought)\s+(?:in|during|for|over)?\s*"
    r"(?:the\s+)?$)"
)


def _is_event(sentence: str, pm: PeriodMention) -> bool:
    """The phrase dates an event: "adopted in 2014", "In December 2015, parliament adopted",
    "approved by Presidential Decree No. 1468 in February 2016"."""
    if (
        pm.kind == "date"
        and pm.y is None
        and pm.day is not None
        and _REPORTED_ON.search(sentence, max(0, pm.start - 60), pm.start)
    ):
        return True
    if _CASES_OPENED.search(sentence, max(0, pm.start - 100), pm.start):
        return False  # "2,150 criminal cases were initiated in 2008": the count's own year
    before = _WORD.findall(sentence[max(0, pm.start - 40) : pm.start])[-3:]
    if any(w.lower() in _EVENT_WORDS for w in before):
        return True
    if _EVENT_TAIL.search(sentence, max(0, pm.start - 120), pm.start):
        return True
    if any(
        w.lower() in ("law", "decree", "resolution", "convention", "agreement") for w in before[-1:]
    ):
        return True
    after = sentence[pm.end : pm.end + 45]
    # "In December 2015, parliament adopted ..." (a date that opens an event clause; not
    # "the Program for 2012-2016, adopted in October 2011", where the verb follows at once)
    if after.startswith(","):
        words = _WORD.findall(after)[:3]
        if (
            words
            and words[0].lower() not in _EVENT_WORDS
            and any(w.lower() in _EVENT_WORDS for w in words[1:])
        ):
            return True
    # "the 2014 law", "a 2012 decree"
    if after[:1] not in (" ", "-"):
        return False
    if re.match(r"\s+law[\s-]+enforcement", after, re.I):
        return False  # "In 2022 law enforcement agencies seized ...", not "the 2014 law"
    nxt = _WORD.findall(after[:20])[:1]
    return bool(
        nxt and nxt[0].lower() in ("law", "decree", "resolution", "agreement", "memorandum")
    )


def find_periods(sentence: str) -> list[PeriodMention]:
    """Find the period phrases of a sentence, longest first where they overlap.

    Parameters
    ----------
    sentence : str

    Returns
    -------
    list of PeriodMention
        In order of position; phrases that date an event have the role ``event``, "the same
        period" and "that year" the role ``anaphor``, a phrase followed by "alone" the role
        ``sub``; the others are ``main`` until :mod:`.scope` finds comparisons and sub-periods.

    Examples
    --------
    >>> [(p.kind, p.y, p.y2) for p in find_periods("the Program (2012-2016) adopted in 2011")]
    [('years', 2012, 2016), ('year', 2011, None)]
    """
    found: list[PeriodMention] = []
    for priority, (kind, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(sentence):
            if m.end() == m.start():
                continue
            pm = _mention(kind, m)
            if pm is not None:
                found.append((pm, priority))  # type: ignore[arg-type]
    # keep the longest (then the earliest pattern) of overlapping phrases
    found.sort(key=lambda item: (-(item[0].end - item[0].start), item[1], item[0].start))  # type: ignore[index]
    # the phrases taken are disjoint and kept in order of position, so that a new phrase
    # is checked against its two neighbours only (linear-logarithmic, not quadratic)
    taken: list[PeriodMention] = []
    starts: list[int] = []
    for pm, _ in found:  # type: ignore[misc]
        k = bisect.bisect_left(starts, pm.start)
        if k > 0 and taken[k - 1].end > pm.start:
            continue
        if k < len(taken) and taken[k].start < pm.end:
            continue
        starts.insert(k, pm.start)
        taken.insert(k, pm)
    if any(p.kind == "date" and p.keyword in _CUT_OFF_KEYWORDS for p in taken):
        # "As of October 1, police had seized 5 MT this year": the date says where the
        # year stops; "this year" adds nothing
        taken = [p for p in taken if p.kind != "ytd"]
    for pm in taken:
        if pm.kind == "ytd":
            # "so far this year", "to date", or "this year" next to a cut-off ("as of
            # October", "has seized"): the year up to an unknown month; a plain past-tense
            # "this year" is the whole year the edition reports on
            phrase = sentence[pm.start : pm.end]
            near = sentence[max(0, pm.start - 100) : pm.end + 100]
            pm.keyword = "open" if _YTD_OPEN.search(phrase) or _CUT_OFF.search(near) else ""
        # a range of years is the span of something (a programme), never an event date
        if pm.kind in ("year", "date", "months", "edge") and _is_event(sentence, pm):
            pm.mark(EVENT)
        elif pm.kind == "same" and pm.y is None and pm.keyword != "rel":
            pm.mark(ANAPHOR)  # "over the same period", "that year": resolved by .scope
        elif _ALONE.match(sentence, pm.end):
            pm.mark(SUB)  # "In the first quarter of 2018 alone, ...": scope set by .scope
        if pm.kind == "year":
            # "the 2007 total", "2007 seizures": the year as an attribute, not "in 2007"
            prev = _WORD.findall(sentence[max(0, pm.start - 12) : pm.start])[-1:]
            pm.keyword = "attr" if prev and prev[0].lower() in ("the", "its", "their") else ""
    return taken


def shift_to_year(base: Resolved, year: int, note: str) -> Resolved:
    """The months of ``base`` in another ``year`` (for "the similar period in 2013")."""
    if base.start is None:
        return Resolved((year, 1), (year, 12), note, 0.1)
    if base.end is None:
        return Resolved((year, base.start[1]), None, note, 0.1)
    span = base.end[0] - base.start[0]
    return Resolved((year - span, base.start[1]), (year, base.end[1]), note, 0.1)


def resolve(
    pm: PeriodMention,
    *,
    covered_year: int,
    stock: bool = False,
    context: Resolved | None = None,
    anchor: Resolved | None = None,
    edition: int | None = None,
) -> Resolved:
    """Months covered by a period phrase.

    Parameters
    ----------
    pm : PeriodMention
    covered_year : int
        The year the edition covers (edition - 1 for the INCSR); used when the phrase
        names no year ("the first nine months", "this year"). A plain past-tense "this
        year" is that whole year (the edition is written about it after it ended); "so far
        this year", "to date" or "this year" next to a cut-off ("as of", "by October",
        "has seized") is the year from January with the end not stated.
    stock : bool, optional
        The figure is a level at a date (registered users): "as of January 1, 2016" is the
        month 2016-01, where for a flow (seizures) it means the year up to then.
    context : Resolved, optional
        The period of the paragraph so far (a year for "January-October"), or for an
        anaphor ("in the same period", "that year") the period it stands for.
    anchor : Resolved, optional
        For a figure in a comparison: the period of the figure it is compared with.
    edition : int, optional
        The year the text was published: "last year" (not in a comparison) is the year
        before it (a news item of 2013 about 2013 says "last year" of 2012); without it,
        the covered year.

    Returns
    -------
    Resolved

    Examples
    --------
    >>> pm = find_periods("as of January 1, 2016")[0]
    >>> resolve(pm, covered_year=2015, stock=True).text()
    ('2016-01', '2016-01', '1')
    >>> resolve(pm, covered_year=2015).text()
    ('2015-01', '2015-12', '12')
    """
    ctx_year = (
        context.end[0]
        if context and context.end
        else (context.start[0] if context and context.start else None)
    )

    def year_or_default(y: int | None) -> tuple[int, str, float]:
        if y is not None:
            return y, "", 0.0
        if ctx_year is not None:
            return ctx_year, "year taken from the paragraph", 0.1
        return covered_year, f"year not stated; assumed the covered year {covered_year}", 0.2

    k = pm.kind
    if k == "year":
        return Resolved((pm.y, 1), (pm.y, 12))
    if k == "years":
        return Resolved((pm.y, 1), (pm.y2, 12))
    if k in ("partial", "half") and pm.y is None and pm.keyword == "this":
        # "the first six months of this year": the year the text covers, not the paragraph's
        return Resolved((covered_year, pm.m1), (covered_year, pm.m2), "this year", 0.05)
    if k in ("partial", "half"):
        y, note, pen = year_or_default(pm.y)
        return Resolved((y, pm.m1), (y, pm.m2), note, pen)
    if k == "months":
        if pm.y is None:
            y2, note, pen = year_or_default(None)
            y1 = y2 - 1 if pm.m1 > pm.m2 else y2
            return Resolved((y1, pm.m1), (y2, pm.m2), note, pen)
        return Resolved((pm.y, pm.m1), (pm.y2, pm.m2))
    if k == "since" and pm.y is None:
        y, note, pen = year_or_default(None)
        return Resolved((y, pm.m1), None, f"since {pm.m1:02d}/{y}; cut-off not stated", pen)
    if k == "since":
        return Resolved((pm.y, pm.m1), None, "cumulative since the start; cut-off not stated", 0.1)
    if k == "date":
        kw = pm.keyword
        # "as of October 1" without a year: the year of the paragraph, else the covered one
        y, note, pen = year_or_default(pm.y)
        if stock:
            return Resolved((y, pm.m1), (y, pm.m1), note, pen)
        if kw in ("as of", "as at", "by", "through", "until", "till", "to"):
            # a flow up to a cut-off: the year from January to the cut-off
            if pm.m1 == 1 and pm.day == 1:
                return Resolved(
                    (y - 1, 1), (y - 1, 12), note or "as of 1 January: the year before", pen
                )
            if pm.day == 1:  # "as of December 1": through November
                return Resolved(
                    (y, 1), (y, pm.m1 - 1), note or "year to date, to the month before", pen
                )
            return Resolved((y, 1), (y, pm.m1), note or "year to date", pen)
        return Resolved((y, pm.m1), (y, pm.m1), note, pen)
    if k == "edge":
        if pm.keyword == "end":
            return Resolved((pm.y, 12), (pm.y, 12)) if stock else Resolved((pm.y, 1), (pm.y, 12))
        if stock:
            return Resolved((pm.y, 1), (pm.y, 1))
        return Resolved((pm.y, 1), None, "from the start of the year; cut-off not stated", 0.1)
    if k == "ytd":
        if pm.keyword == "open":
            return Resolved(
                (covered_year, 1),
                None,
                f"'this year' read as the covered year {covered_year}; cut-off not stated",
                0.2,
            )
        # the edition of year E is written about the whole year E-1: a past-tense "this
        # year" with no "so far", "to date", "as of" or month is that whole year
        return Resolved(
            (covered_year, 1),
            (covered_year, 12),
            f"'this year' read as the whole covered year {covered_year} (no cut-off stated)",
            0.2,
        )
    if k == "ago":
        y = covered_year - int(pm.keyword)
        return Resolved((y, 1), (y, 12), f"{pm.keyword} years before {covered_year}", 0.2)
    if k == "full":
        # "for the full year", "the year as a whole": the whole year, not the cut-off of the
        # paragraph's earlier figures
        y, note, pen = year_or_default(pm.y)
        return Resolved((y, 1), (y, 12), note and f"the full year {y} ({note})", pen)
    if k == "the_year":
        return Resolved(
            (covered_year, 1), (covered_year, 12), f"'the year' read as {covered_year}", 0.15
        )
    if k == "same" and pm.keyword == "year" and not pm.comparison:
        # "that year": the whole year of the period before (``context``)
        if ctx_year is not None:
            return Resolved(
                (ctx_year, 1), (ctx_year, 12), "'that year': the year of the period before", 0.1
            )
        y, note, pen = year_or_default(None)
        return Resolved((y, 1), (y, 12), f"'that year' without a year before; {note}", pen)
    if k in ("same", "rel"):
        if anchor is not None and pm.comparison:
            base_year = (anchor.end or anchor.start or (covered_year, 1))[0]
            target = pm.y if pm.y is not None else base_year - 1
            return shift_to_year(anchor, target, "same months as the figure it is compared with")
        if k == "same" and context is not None:
            if pm.y is not None:
                return shift_to_year(context, pm.y, "same months as the paragraph's period")
            return Resolved(
                context.start, context.end, "'the same period': the period stated before it", 0.1
            )
        if k == "rel" and pm.keyword == "lead_prev":
            y = (ctx_year or covered_year) - 1
            return Resolved(
                (y, 1), (y, 12), "'a year earlier': the year before the paragraph's", 0.2
            )
        if k == "rel":
            y = edition - 1 if edition else covered_year
            return Resolved((y, 1), (y, 12), f"'last year' read as {y}", 0.25)
        y, note, pen = year_or_default(pm.y)
        return Resolved((y, 1), (y, 12), note or "'the same period' without a reference", 0.3)
    raise ValueError(f"unknown period kind {k!r}")  # pragma: no cover
