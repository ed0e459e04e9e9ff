"""The extraction pipeline: a chapter's text in, candidate records out.

For each sentence: read the figures (:mod:`.numbers`) and the period phrases
(:mod:`.periods`); find comparisons ("compared to 24.6 MT ...", "(724.1kg in 2013)", "from
2,989 to 2,905", "up from $3,000 in 2007-2008") and equivalents ("6.1 billion tenge
(approximately $33 million)"); decide what each main figure counts (:mod:`.indicators`)
and give its comparisons the same; give each figure its period by the scoping model of
:mod:`.scope` (the roles of the period phrases, then its own phrase, its clause, the
sentence's main clause, its whole, the paragraph, the section, and failing all of these
the year the edition covers, said in the note with a lower confidence).

Across sentences the reader remembers the acronyms the chapter defines for agencies
("(SBNON) of the Ministry of Internal Affairs"), the agency of the sentence before (for
"its officers", "the agency"), and per paragraph its period, the period of its seizures,
the date of the register of drug users, the last periods stated (for "the same period"
and "that year"), the last group of people (or HIV cases) named (for "among them", "of
them"), the first count of the sentence before (for "the toll", "the figure") and the
programme named in the sentence before, with its span (for "Its budget").
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from drugtrends.units import UnitError, parse_unit

from ._tokens import Tok, tokenize
from .generic import (
    DRUG_WORDS,
    Phrase,
    best_indicator,
    count_phrase,
    like_indicator,
    names_nothing,
    profile,
)
from .indicators import (
    _ACCORDING,
    _AGENCY_ONLY_COUNTS,
    _BUDGET_EXCLUDE,
    _BUDGET_WORD,
    _CONSUME,
    _HARVEST,
    _MASS_WORD,
    _NATIONAL,
    _PART_LEAD,
    _PRICE_WORD,
    _PROGRAMME,
    _SEIZURE,
    _TRANSIT,
    _WILD,
    MAX_ALIASES,
    Catalogue,
    Concept,
    _count_rules,
    agency_aliases,
    agency_hits,
    classify_count,
    classify_percent,
    find_drugs,
    named_group,
    slug_for,
)
from .numbers import (
    _CHANGE_VERBS,
    _PERCENT_WORDS,
    WORD_NUMBERS,
    Quantity,
    format_number,
    scan_quantities,
)
from .periods import (
    ANAPHOR,
    BASE,
    EVENT,
    MAIN,
    SUB,
    PeriodMention,
    Resolved,
    find_periods,
    resolve,
    shift_to_year,
)
from .rules import (
    CONTINUATION,
    DIFFERENCE,
    NUMBER_OF_SUBJECT,
    PASSIVE_AGENT,
    PERCENT_SUBJECT,
    PERCENT_SUBJECT_AFTER,
    POLICE_SEIZER,
    POTENTIAL,
    RATE_SUBJECT,
    TOTAL_OF_NAMED,
    YEARLY,
    first_match,
    first_rule_match,
    rate_slug,
)
from .scope import SentenceScope, Stated, is_reference, split_clauses
from .text import Paragraph, Sentence

__all__ = ["extract_rows"]

_STOP_SYMS = {",", ";", ":", "(", ")", ".", "!", "?", "[", "]", '"', "“", "”"}
_WINDOW = 400  # characters either side of a figure that the rules may read
MAX_FIGURES = 60
"""A "sentence" with more numbers than this is a table or not prose; it is reported, not read."""
_SINGLE = re.compile(
    r"\bin\s+(?:a|one)\s+(?:single\s+|joint\s+|special\s+|major\s+|record\s+)?"
    r"(?:operation|case|raid|seizure|shipment|consignment|incident)\b|\bsingle\s+"
    r"(?:seizure|case|operation|shipment|consignment)\b|\bin\s+(?:joint|special|single)\s+"
    r"(?:operations|raids)\b|\b(?:during|in\s+the\s+course\s+of|"
    r"as\s+part\s+of)\s+(?:the\s+|an?\s+)?(?:joint\s+|special\s+|annual\s+|regional\s+)?"
    r"operations?\b",
    re.I,
)
_TOTAL = re.compile(
    r"\b(?:total|all|overall)\b(?:\s+\w+){0,2}\s+seiz\w*|\bseizures\s+totall?ed", re.I
)
_ASIDE = re.compile(
    r",\s*(?:including|such\s+as|namely|mostly|mainly|primarily|chiefly)\b[^,;()\d]{1,80},"
)
_COMPARATIVES = {
    "fewer",
    "less",
    "more",
    "higher",
    "lower",
    "greater",
    "larger",
    "smaller",
    "bigger",
    "above",
    "below",
}


# the people who inject drugs among a count of users, by what the users are
_PWID_PART = {
    "registered_drug_users": "registered_pwid",
    "estimated_drug_users": "estimated_pwid",
    "estimated_regular_drug_users": "estimated_pwid",
}


@dataclass
class _Fig:
    q: Quantity
    role: str = "main"  # main | comparison | equivalent | from
    anchor: int | None = None
    seg: tuple[int, int] | None = None  # character span of its comparison segment
    concept: Concept | None = None
    slug: str = ""
    note: str = ""
    period: Resolved | None = None
    notes: list[str] = field(default_factory=list)
    penalty: float = 0.0
    sign: int = 1
    pair_start: int | None = None  # token where a "from X to Y" pair starts
    own: tuple[int, int] | None = None  # "of the crimes registered in <period>": its whole
    listed: Resolved | None = None  # its period in a "respectively" list ("in 2017 and 2018")
    rate_of: int | None = None  # "3,277 persons (59.4 per 100 thousand)": the count it is of


@dataclass
class _Para:
    """What a paragraph has said so far: its period and what its masses are (seizures ...).

    ``family`` and ``seizure_period`` carry over to the next paragraphs of the same section
    ("The MVD alone accounted for 15.8 tonnes of the total." after a paragraph on
    seizures); ``period`` does not. ``period`` is set only by ``main`` phrases of
    independent clauses (see :mod:`.scope`).
    """

    period: Resolved | None = None
    family: str = ""
    seizure_period: Resolved | None = None
    last_agency: str = ""  # the first agency named in the paragraph's last sentence naming one
    register_period: Resolved | None = None  # the date of a register stated in the paragraph
    aliases: _Aliases | None = None  # acronyms of agencies learned so far in the chapter
    # the first figure of the last sentence with figures: the whole that "Of these, ..."
    # in the next sentence is a part of (its period and, for counts, its slug)
    whole: Resolved | None = None
    whole_slug: str = ""
    # the last main or sub period stated in the paragraph: what "the same period" in a
    # later sentence stands for
    last_period: Stated | None = None
    last_year: Stated | None = None  # the last period with a year, events too ("that year")
    group: str = ""  # the group of people named last ("people who inject drugs")
    # the last sentence named a programme ("The Program ... covers 2018-2022."): what "Its
    # budget" in the next sentence is of, and the programme's span, when stated
    programme: bool = False
    programme_span: Resolved | None = None
    parts_of_before: bool = False  # the paragraph lists the parts of the figure before
    edition: int = 0  # "last year" is the year before the edition (0: not known)
    prev_sentence: str = ""  # the sentence before in the paragraph (what "It" stands for)


class _Aliases:
    """Acronyms of agencies defined in the chapter ("(SBNON) of the MVD"), and their regex."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.pattern: re.Pattern | None = None

    def learn(self, text: str) -> None:
        new = {
            k: v
            for k, v in agency_aliases(text).items()
            if k not in self.names and len(self.names) < MAX_ALIASES
        }
        if new:
            self.names.update(new)
            names = sorted(self.names, key=len, reverse=True)
            self.pattern = re.compile(
                r"\b(" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z])"
            )


@dataclass
class _Sent:
    """One sentence being read, with lookups shared by the rules."""

    text: str
    toks: list[Tok]
    clause_starts: list[int]
    drugs: list[tuple[int, int, str]]
    para_family: str = ""
    aliases: _Aliases | None = None
    prev_agency: str = ""  # the agency "its", "the agency" refer to (previous sentence)
    # the sentence opens a paragraph listing the parts of the figure before ("A total
    # included ..."): its figures are the previous agency's
    parts_of_before: bool = False
    whole_slug: str = ""  # what the whole of "Of these, ..." counts (the sentence before)
    prev_group: str = ""  # the group of people named last in the paragraph's sentences before
    prev_programme: bool = False  # the sentence before named a programme (for "Its budget")
    fig_spans: list[tuple[int, int]] = field(default_factory=list)  # the figures' spans
    # "seizures of hashish, opium and heroin stood at 1.05 tons, 634 kg and 219.4 kg,
    # respectively": the drug and the agency of each figure of such a list, by its start
    listed_drug: dict[int, str] = field(default_factory=dict)
    listed_agency: dict[int, str] = field(default_factory=dict)
    prev_sentence: str = ""  # the sentence before in the paragraph

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``, clipped to a window of the figure (bounded work)."""
        i = bisect.bisect_right(self.clause_starts, pos) - 1
        start = self.clause_starts[max(i, 0)]
        end = self.clause_starts[i + 1] if i + 1 < len(self.clause_starts) else len(self.text)
        return max(start, pos - _WINDOW), min(end, pos + _WINDOW)

    def window(self, pos: int) -> tuple[int, int]:
        return max(0, pos - _WINDOW), min(len(self.text), pos + _WINDOW)

    @cached_property
    def family_marks(self) -> list[tuple[int, int, str]]:
        marks = []
        for fam, pat in (
            ("seizure", _SEIZURE),
            ("transit", _TRANSIT),
            ("harvest", _HARVEST),
            ("consumption", _CONSUME),
        ):
            marks.extend((m.start(), m.end(), fam) for m in pat.finditer(self.text))
        return sorted(marks)

    @cached_property
    def masked(self) -> list[tuple[int, int]]:
        return [m.span() for m in _ACCORDING.finditer(self.text)]

    def _unmasked(self, start: int) -> bool:
        return not any(s <= start < e for s, e in self.masked)

    @cached_property
    def agency_hits(self) -> list[tuple[int, int, str]]:
        al = self.aliases
        out = agency_hits(
            self.text,
            aliases=al.pattern if al else None,
            alias_map=al.names if al else None,
        )
        return [h for h in out if self._unmasked(h[0])]

    @cached_property
    def national_hits(self) -> list[tuple[int, int]]:
        return [m.span() for m in _NATIONAL.finditer(self.text) if self._unmasked(m.start())]

    @cached_property
    def price_hits(self) -> list[tuple[int, int]]:
        return [m.span() for m in _PRICE_WORD.finditer(self.text)]

    @cached_property
    def phone_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in _PHONE.finditer(self.text)]

    @cached_property
    def mass_words(self) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group(0).lower()) for m in _MASS_WORD.finditer(self.text)]

    claimed: list[tuple[int, int]] = field(default_factory=list)  # "of <drug>" of each figure

    @cached_property
    def asides(self) -> list[tuple[int, int]]:
        """ "..., including hashish and marijuana, ...": members named after a category."""
        return [m.span() for m in _ASIDE.finditer(self.text)]

    @cached_property
    def targets(self) -> list[tuple[int, int]]:
        """Spans of a goal, plan or target to the end of its clause ("aims to cut the
        number of registered drug users by 20 percent by 2021"): no figure of what was."""
        out = []
        for m in _TARGET.finditer(self.text):
            c0, c1 = self.clause(m.start())
            # "In 2013 the government pledged to ...": the clause's date is the pledge's,
            # unless a figure stands before the goal ("seized 5 MT in 2014 and aims to ...")
            first = c0 if not any(c0 <= a < m.start() for a, _ in self.fig_spans) else m.start()
            out.append((first, c1))
        return out

    def group_before(self, pos: int) -> str:
        """The group of people named last before ``pos`` in the sentence, else in the
        sentences before ("people who inject drugs", "drug users"; see
        :func:`.indicators.named_group`)."""
        return named_group(self.text[max(0, pos - _WINDOW) : pos]) or self.prev_group

    @cached_property
    def single_hits(self) -> list[tuple[int, int]]:
        return [m.span() for m in _SINGLE.finditer(self.text)]


# a group named by a pronoun: "among them", "of this group"
_THEM = re.compile(
    r"\b(among|of|in)\s+(?:them|these\s+people|this\s+group|this\s+population|those\s+people|"
    r"these\s+cases|those\s+cases)\b",
    re.I,
)


# a goal, a plan or a target: what is meant to happen, not a figure of what happened
_TARGET = re.compile(
    r"\b(?-i:aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|intend(?:s|ed|ing)?|seek(?:s|ing)?|sought|"
    r"hop(?:e|es|ed|ing)|want(?:s|ed)?|pledg(?:e|es|ed|ing)|commit(?:s|ted)?(?:\s+itself)?|"
    r"promis(?:e|es|ed)|vow(?:s|ed)?|striv(?:e|es|ing))\s+to\s+[a-z]|"
    r"\b(?:is|are)(?:\s+expected)?\s+to\s+(?:further\s+|significantly\s+|sharply\s+)?"
    r"(?:reduc|cut|lower|rais|increas|bring|halv|decreas|achiev|reach|doubl|expand|boost)\w*|"
    r"\b(?:targets?|goals?|objectives?)\s+(?:of|is|are|was|to|for)\b|"
    r"\btarget(?:s|ed|ing)?\s+(?:an?\s+)?(?:reduction|increase|cut|decrease)\b",
    re.I,
)

# a unit written before the money it prices: "a kilogram of hashish", "one gram of heroin"
_UNIT_FRONT = re.compile(
    r"\b(?:a|an|one|per|each|every|1)\s+(?:single\s+|typical\s+|standard\s+|street\s+)?"
    r"(kilograms?|kilos?|kg|grams?|gr?|doses?)\s+of\s+",
    re.I,
)
_MONEY_WORD = re.compile(
    r"\$|\b(?:USD|dollars?|tenge|KZT|soms?|somoni|soums?|manat|rubles?|roubles?|afghanis?)\b",
    re.I,
)
# a mass in a rule of law, not a quantity seized: "possession of more than 1 gram of heroin
# is a criminal offense", "amounts above 10 grams are considered large"
_LEGAL = re.compile(
    r"\b(?:possess(?:ion|ing)|punishabl\w*|criminal\s+(?:offen[cs]es?|liability|"
    r"responsibility|penalt\w+)|thresholds?|(?:especially\s+)?large\s+(?:amounts?|"
    r"quantit\w+)|penalt\w+|imprisonment|decriminali\w+|(?:is|are)\s+considered|"
    r"qualif(?:y|ies|ied)\s+as|legal\s+limit|the\s+(?:law|code)\s+(?:sets|set|allows|"
    r"permits))\b",
    re.I,
)


def _per_word(word: str) -> str:
    """ "kilogram" -> "kg", "grams" -> "g", "doses" -> "dose"."""
    w = word.lower()
    return "dose" if w.startswith("dose") else ("kg" if w.startswith("k") else "g")


def _legal_threshold(st: _Sent, q: Quantity) -> bool:
    """A mass that a law or rule sets (a threshold), not one that was seized or moved."""
    c0, c1 = st.clause(q.start)
    if not _LEGAL.search(st.text, c0, c1):
        return False
    return not _within(st.family_marks, c0, c1)  # no verb of seizure, transit, harvest ...


def _within(hits, a: int, b: int) -> list:
    return [h for h in hits if a <= h[0] < b]


def _nearest(spans, pos_start: int, pos_end: int):
    """The span nearest to [pos_start, pos_end) (ties: the earlier)."""
    best = None
    best_d = None
    for sp in spans:
        s, e = sp[0], sp[1]
        d = pos_start - e if e <= pos_start else (s - pos_end if s >= pos_end else 0)
        if best_d is None or d < best_d:
            best, best_d = sp, d
    return best


def _police_agency(st: _Sent, pos: int) -> str:
    """``"mvd"`` when police seized the figure at ``pos`` and no other agency is named for
    it (:data:`.rules.POLICE_SEIZER`): "police seized 5 kg", "5 kg were seized by police";
    else "".

    A police figure is the Interior Ministry's share of the seizures, not the national
    total of all agencies (border guards, customs, security services, drug control
    agencies seize too): it gets the ``*_mvd`` slug where the catalogue has one, else no
    indicator, like every other single agency's figure.
    """
    # the sentence up to the figure: a part ("..., including 410 kg of heroin") is seized
    # by the subject of the whole
    if POLICE_SEIZER[0].pattern.search(st.text, 0, pos):
        return POLICE_SEIZER[0].value
    end = _skip_figure(st, pos)
    nxt = min([a for a, _ in st.fig_spans if a >= end] + [len(st.text)])
    m = POLICE_SEIZER[1].pattern.match(st.text[pos:nxt][end - pos :])
    return POLICE_SEIZER[1].value if m else ""


def _seizure_agency(st: _Sent, pos: int) -> str:
    """The agency of a seizure: :func:`_agency`, else police (:func:`_police_agency`)."""
    found = _agency(st, pos)
    return found or _police_agency(st, pos)


def _agency(st: _Sent, pos: int) -> str:
    """The agency that counted a figure at ``pos``, or "" for a national figure.

    A body of one region, province or city ("police in Osh oblast", "the Sughd regional
    police", "In Khatlon province, officers ...") is ``regional``: its figure is not a
    national one and no slug counts it (the Almaty counternarcotics division, which the
    catalogue lists, keeps its own).
    """
    if pos in st.listed_agency:
        return st.listed_agency[pos]
    found = _agency_named(st, pos)
    if found in ("", "mvd", "unnamed") and _regional(st, pos):
        return "regional"
    return found


# a place below the nation: "Osh oblast", "the Sughd region", "Khatlon province", "Bishkek city"
_PLACE = (
    r"(?:the\s+)?(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?\s+"
    r"(?:oblast|region|province|velayat|viloyat|district|city)\b"
)
# a body of that place, the place opening the clause, or the place of the figure
_REGIONAL_BEFORE = re.compile(
    r"\b(?:police|officers|authorities|department|directorate|units?|branch|MVD|"
    r"investigators|officials)\s+(?:in|of|from)\s+" + _PLACE + "|"
    r"\b(?-i:[A-Z][\w'’-]+)\s+(?:oblast|regional|provincial|city|district)\s+(?:police|"
    r"department|directorate|branch|authorities|(?:internal[\s-]affairs|counternarcotics)\s+"
    r"(?:department|directorate|branch|units?))\b|"
    r"^\s*(?:In|Within|Across)\s+" + _PLACE + r"\s*,",
    re.I,
)
_REGIONAL_AFTER = re.compile(r"\s+(?:\w+\s+){0,4}?in\s+" + _PLACE, re.I)


def _regional(st: _Sent, pos: int) -> bool:
    """The figure at ``pos`` was counted by a body of one region (see :func:`_agency`)."""
    c0, c1 = st.clause(pos)
    if _REGIONAL_BEFORE.search(st.text[c0:pos]):
        return True
    end = _skip_figure(st, pos)
    stop = min([a for a, _ in st.fig_spans if a >= end] + [c1])
    m = _REGIONAL_AFTER.match(st.text, end, stop)
    return m is not None and "," not in st.text[end : m.end()]


def _agency_named(st: _Sent, pos: int) -> str:
    """The agency named for the figure at ``pos`` (see :func:`_agency`)."""
    c0, c1 = st.clause(pos)
    w0, w1 = st.window(pos)
    by = _passive_agent(st, pos)
    if by is not None:
        return by
    for n, (a, b) in enumerate(((c0, c1), (w0, w1))):
        if n == 1 and _other_body(st, c0, pos):
            # "..., and the SCNS seized 910 kilograms": a body with no slug, not the agency
            # of the clause before
            return "unnamed"
        national = _within(st.national_hits, a, b)
        # a body named after the figure as the subject of its own verb ("police dismantled
        # three laboratories ..., and border guards closed ...") did not count this figure
        found = [
            h
            for h in _within(st.agency_hits, a, b)
            if not _subject_after(st, pos, h) and not _later_figure_s(st, pos, h)
        ]
        if national:
            # "law enforcement agencies seized ..." unless an agency is named closer
            near_nat = _nearest(national, pos, pos)
            near_ag = _nearest(found, pos, pos) if found else None
            if near_ag is None or abs(near_ag[0] - pos) >= abs(near_nat[0] - pos):
                return ""
            return near_ag[2]
        if found:
            before = [h for h in found if h[1] <= pos]
            return (before[-1] if before else found[0])[2]
    if st.prev_agency and (
        st.parts_of_before
        or _ANAPHOR.search(st.text, c0, pos)
        or _IT_SUBJECT.match(st.text)
        or _ITS_AFTER.match(st.text, _skip_figure(st, pos))
    ):
        # "Its officers seized ...", "The agency also dismantled ...": the agency of the
        # sentence before
        return st.prev_agency
    alone = _ALONE.search(st.text, c0, pos)
    if alone and not _known_country(alone.group(1)):
        return "unnamed"  # "SBNON alone seized": one body's figure, whatever its name
    return ""


# words that may open a body's name before the part the agency lists match: "the State
# Committee for National Security" (matched from "Committee")
_NAME_LEAD = re.compile(r"(?:the\s+)?(?:(?-i:[A-Z])[\w-]*\s+){0,3}")


def _passive_agent(st: _Sent, pos: int) -> str | None:
    """The body after "were seized by" right after the figure at ``pos`` (see
    :data:`.rules.PASSIVE_AGENT`): its agency key, "unnamed" for a body the lists do not
    know ("the anticorruption agency"), or None when the figure has no such phrase."""
    end = _skip_figure(st, pos)
    if end == pos:
        return None
    nxt = min([a for a, _ in st.fig_spans if a >= end] + [len(st.text)])
    hit = first_rule_match(PASSIVE_AGENT, st.text[end:nxt])
    if hit is None:
        return None
    at = end + hit[1].end()
    hits = [
        h
        for h in st.agency_hits
        if at <= h[0] and _NAME_LEAD.fullmatch(st.text, at, h[0]) is not None
    ]
    if hits:
        return hits[0][2]
    # "by the anticorruption agency": a body the lists do not know; "by the police": the
    # usual reading of the clause
    return "unnamed" if _OTHER_BODY_AFTER.match(st.text, at) else None


_OTHER_BODY_AFTER = re.compile(
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:agency|service|committee|directorate|inspectorate|"
    r"office|bureau)\b",
    re.I,
)


_ANAPHOR = re.compile(
    r"\b(?:its\s+(?:\w+\s+)?(?:officers|officials|agents|operatives|units|staff|personnel|"
    r"employees|investigators|divisions|departments|branches|offices|teams|squads|"
    r"detachments|servicemen)\b|the\s+(?:counter-?narcotics\s+|anti-?drug\s+|drug[\s-]control\s+)?"
    r"(?:agency|service|committee|directorate|department|"
    r"unit)(?:'s)?|"
    r"this\s+(?:agency|service|committee|directorate|unit)|the\s+same\s+(?:agency|service))\b",
    re.I,
)
_IT_SUBJECT = re.compile(
    r"\s*It\s+(?:also\s+|further\s+|additionally\s+)?(?:seiz|confiscat|dismantl|interdict|"
    r"intercept|destroy|uncover|clos|liquidat|detain|arrest|regist|record|report|remov)",
)
# "Hashish accounted for 260 kg of its seizures": the agency of the sentence before
_ITS_AFTER = re.compile(r"\s*(?:\w+\s+){0,3}?of\s+its\s+(?:\w+\s+)?(?:seizures|total|haul)\b", re.I)
_SUBJECT_AFTER = re.compile(
    r"(?:'s)?\s+(?:\w+\s+)?(?:also\s+|alone\s+)?(?:seiz|confiscat|intercept|interdict|stopp|recover|"
    r"impound|remov|dismantl|uncover|liquidat|clos|detain|arrest|apprehend|regist|record|"
    r"discover|destroy|eradicat|burn|open|initiat)\w*\b|\s+found\b",
    re.I,
)


def _subject_after(st: _Sent, pos: int, hit: tuple[int, int, str]) -> bool:
    """The agency ``hit``, named after the figure at ``pos`` in a clause joined to the
    figure's, is the subject of its own verb ("..., and customs officers intercepted")
    (not "the 1.2 MT the KNB seized", where it is the figure's)."""
    if hit[1] <= pos:
        return False
    gap = st.text[_skip_figure(st, pos) : hit[0]]
    return bool(_JOINED.search(gap)) and bool(_SUBJECT_AFTER.match(st.text, hit[1]))


def _later_figure_s(st: _Sent, pos: int, hit: tuple[int, int, str]) -> bool:
    """The agency ``hit``, named after the figure at ``pos`` and after another figure, is
    that figure's ("Eighteen laboratories were dismantled, 11 of them by the KNB": the
    KNB's are the 11, not the 18)."""
    if hit[0] < pos:
        return False
    end = _skip_figure(st, pos)
    return any(end <= a < hit[0] for a, _ in st.fig_spans)


_JOINED = re.compile(r"[,;]|\b(?:and|while|whereas|but)\b", re.I)


def _skip_figure(st: _Sent, pos: int) -> int:
    """The end of the figure that starts at ``pos`` (``pos`` when none does)."""
    for a, b in st.fig_spans:
        if a == pos:
            return b
    return pos


_ALONE = re.compile(r"\b([A-Z]{2,}[A-Za-z]*)\s+(?:alone|on\s+its\s+own|by\s+itself)\b")


# a body named as the subject of a verb of interdiction: "the SCNS seized", "GSIN officers
# confiscated", "the State Narcotics Inspectorate intercepted" (not "the NIACDC recorded":
# a body that only reports counts may report national figures)
_BODY_SUBJECT = re.compile(
    r"\b([A-Z]{2}[A-Za-z]*\b|(?:[A-Z][\w-]+\s+){1,4}(?:Service|Agency|Committee|Directorate|"
    r"Department|Administration|Inspectorate))(?:'s)?\s+(?:\w+\s+)?(?:also\s+|alone\s+)?"
    r"(?:seiz|confiscat|intercept|interdict|stopp|recover|impound|remov|dismantl|uncover|"
    r"liquidat|clos)\w*\b"
)


def _other_body(st: _Sent, c0: int, pos: int) -> bool:
    """The clause before ``pos`` names a body the agency lists do not know as its subject.

    A known agency's name in the clause is read first (see :func:`_agency`); this catches
    the rest ("the SCNS seized 910 kilograms"), whose figures have no agency slug and must
    not inherit the agency of the clause before.
    """
    for m in _BODY_SUBJECT.finditer(st.text, c0, pos):
        word = m.group(1)
        if _is_acronym_body(word):
            return True
    return False


def _is_acronym_body(word: str) -> bool:
    """``word`` (an acronym or a capitalized name) names a body, not a country or a drug."""
    if " " in word:
        return True  # "the State Counternarcotics Service seized ..." (known names matched first)
    if _known_country(word) or word.upper() in ("UN", "UNODC", "NPS", "MDMA", "HIV", "AIDS"):
        return False
    return not find_drugs(word)


def _known_country(word: str) -> bool:
    return word.upper() in ("US", "USA", "UK", "EU", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")


def _after_phrase(st: _Sent, q: Quantity, limit: int = 10, years: bool = False) -> str:
    """Words after a figure up to punctuation or the next number (or the next number that
    is not a year, with ``years``); a share in apposition ("4,370, or 55.4 percent,
    injected drugs") is skipped."""
    toks = st.toks
    k = first = _past_apposition(st, q)
    out_end = None
    n = 0
    while k < len(toks) and n < limit:
        t = toks[k]
        if (t.kind == "num" and not (years and _yearish(t))) or t.text in _STOP_SYMS:
            break
        out_end = t.end
        n += 1
        k += 1
    if out_end is None:
        return ""
    return st.text[toks[first].start : out_end]


# a share of the whole in apposition to a count: "of whom 4,370, or 55.4 percent, injected
# drugs", "2,100 (31 percent) were ...": it restates the count, it is no other indicator
_APPOSITION_SHARE = re.compile(
    r"\s*(?:,\s*or|\()\s*(?:about\s+|some\s+|roughly\s+|nearly\s+|almost\s+|over\s+)?"
    r"\d[\d.,]*\s*(?:percent|per\s+cent|%)(?:\s+of\s+(?:the\s+|all\s+)?(?:total|them|these|"
    r"all))?\s*[,)]"
)


# last year's figure in brackets right after a figure: "5,120 (in 2014 – 5,874) drug-related
# crimes", "2,410 (2,602) sales": the noun after the bracket is what both count
_PAIR_AFTER = re.compile(
    r"\s*\(\s*(?:in\s+)?(?:(?:19|20)\d\d\s*(?:[-–—:]|\s-)\s*)?\d[\d.,]*\s*(?:%|kg\.?|tons?)?\s*\)"
)
_PAIR_CLOSE = re.compile(r"\s*(?:%|kg\.?|tons?)?\s*\)")


def _phrase_start(st: _Sent, pos: int, lo: int) -> int:
    """Where the phrase of a figure at ``pos`` starts: after the last comma, semicolon or
    colon before it (not before ``lo``). "Five associations worked with the DCA, and 28
    other NGOs ... ran needle exchanges": what is said of the 28 starts at ", and"."""
    found = [m.end() for m in _PHRASE_EDGE.finditer(st.text, lo, pos)]
    return found[-1] if found else lo


_PHRASE_EDGE = re.compile(r",(?!\d)|[;:]")


def _past_apposition(st: _Sent, q: Quantity) -> int:
    """The token after a figure, past a share in apposition to it ("4,370, or 55.4
    percent, injected drugs": the token of "injected")."""
    m = _APPOSITION_SHARE.match(st.text, q.end) or _PAIR_AFTER.match(st.text, q.end)
    if m is None and q.tok_start > 0 and st.toks[q.tok_start - 1].text == "(":
        m = _PAIR_CLOSE.match(st.text, q.end)  # the bracketed figure of a pair: past ")"
    if m is None:
        return q.tok_end
    k = q.tok_end
    while k < len(st.toks) and st.toks[k].start < m.end():
        k += 1
    return k


def _in_apposition(st: _Sent, figs: list[_Fig], i: int) -> bool:
    """The percentage ``figs[i]`` restates the count before it as a share ("4,370, or 55.4
    percent, injected drugs")."""
    if i == 0 or figs[i].q.dim != "percent" or figs[i - 1].q.dim != "count":
        return False
    m = _APPOSITION_SHARE.match(st.text, figs[i - 1].q.end)
    return m is not None and figs[i].q.start < m.end()


def _before_phrase(st: _Sent, tok_start: int, prev_end_tok: int, limit: int = 14) -> str:
    """Words before token ``tok_start`` back to punctuation or the previous figure."""
    toks = st.toks
    k = tok_start - 1
    n = 0
    first = None
    while k >= max(prev_end_tok, 0) and n < limit:
        t = toks[k]
        if t.text in _STOP_SYMS or (t.kind == "num" and not _yearish(t)):
            break
        first = t.start
        n += 1
        k -= 1
    if first is None:
        return ""
    return st.text[first : toks[tok_start - 1].end]


def _yearish(t: Tok) -> bool:
    return t.kind == "num" and len(t.text) == 4 and t.text.isdigit() and 1900 <= int(t.text) <= 2100


def _of_range(st: _Sent, q: Quantity) -> tuple[int, int] | None:
    """Span of "of <words>" right after a figure ("344.6 kg of heroin")."""
    toks = st.toks
    k = q.tok_end
    if (
        k + 4 < len(toks)
        and toks[k].text == "("
        and toks[k + 1].kind == "num"
        and toks[k + 2].text == ")"
        and toks[k + 3].kind == "word"
        and toks[k + 4].low == "of"
    ):
        k += 4  # "1 ton 212.5 (790.1) kg of opium": past last year's figure and the unit
    elif (
        k + 2 < len(toks)
        and toks[k].text == ")"
        and toks[k + 1].kind == "word"
        and toks[k + 2].low == "of"
        and q.tok_start > 0
        and toks[q.tok_start - 1].text == "("
    ):
        k += 2  # the bracketed figure itself: "(790.1) kg of opium"
    if k < len(toks) and toks[k].low == "of":
        end = toks[k].end
        j = k + 1
        n = 0
        while j < len(toks) and n < 6 and (toks[j].kind == "word" or toks[j].text == "-"):
            end = toks[j].end
            j += 1
            n += 1
        return toks[k].start, end
    return None


_COPULA_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:were|was|are|is)\s+(?:mainly\s+|mostly\s+|all\s+)?",
    re.I,
)


def _drug_near(st: _Sent, q: Quantity, prev_end: int, next_start: int) -> tuple[str, bool]:
    """The drug a figure is of: ("heroin", weak?)."""
    if q.start in st.listed_drug:
        return st.listed_drug[q.start], False
    of = _of_range(st, q)
    if of:
        found = find_drugs(st.text, *of)
        if found:
            return found[0][2], False
    # the drug noun right after the unit, without "of": "74 MT narcotics and 17 MT precursor
    # chemicals", "2.5 tons heroin"
    adjacent = [
        d for d in st.drugs if q.end < d[0] <= q.end + 2 and not st.text[q.end : d[0]].strip()
    ]
    if adjacent:
        return adjacent[0][2], False
    # the drug the figure is said to be: "of which 2 tons 297 kg (+1 ton 483 kg) were
    # heroin", "806 kg was opium"
    copula = _COPULA_AFTER.match(st.text, q.end)
    if copula is not None:
        said = [d for d in st.drugs if d[0] == copula.end()]
        if said:
            return said[0][2], False
    # a drug named before the figure, not one another figure claims ("1.6 tons, including
    # 140 kg of heroin, and the SCNS seized 910 kilograms": the heroin is the 140 kg's)
    before = [
        d
        for d in st.drugs
        if prev_end <= d[0]
        and d[1] <= q.start
        and not any(a <= d[0] < b for a, b in st.asides)
        and not any(a <= d[0] < b for a, b in st.claimed)
    ]
    if before:
        return before[-1][2], False
    link = _LINK.search(st.text, prev_end, q.start) if prev_end < q.start else None
    if link is not None:
        # "1.1 MT of marijuana, including 260 kg in October", "1,300 hectares of wild
        # cannabis, which had covered 6,500 hectares": a part, or a relative clause, is
        # of the drug of the noun it hangs on, even though that figure claims it
        named = [d for d in st.drugs if prev_end <= d[0] and d[1] <= link.start()]
        if named:
            return named[-1][2], False
    if _TOTAL.search(st.text, max(prev_end, q.start - 80), q.start):
        return "total", False  # "Total seizures were ... (12.7 MT)", "all seizures amounted to"
    if of and _OF_TOTAL.match(st.text, of[0]):
        # "The DCA accounted for 2,310 kg of the national total, of which 941 kg was
        # heroin": a share of all drugs (a drug named as the subject was read above)
        return "total", False
    # a drug named just after the figure: "9.5 MT (marijuana)"
    after = [d for d in st.drugs if q.end <= d[0] and d[1] <= min(next_start, q.end + 30)]
    if after:
        return after[0][2], False
    c0, c1 = st.clause(q.start)
    free = [d for d in st.drugs if not any(a <= d[0] < b for a, b in st.claimed)]
    in_clause = [d for d in free if c0 <= d[0] < c1]
    # a drug of another clause: never one of a later clause ("a single gram cost $15-20;
    # opium fetched 2,800 somoni per kilogram"), and one of an earlier clause only when this
    # clause has no verb of seizure of its own ("...; in the fourth quarter alone it seized
    # 430 kg" is all drugs)
    earlier = [] if _SEIZURE.search(st.text, c0, q.start) else [d for d in free if d[1] <= c0]
    near = _nearest(in_clause, q.start, q.end) or _nearest(earlier, q.start, q.end)
    if near:
        return near[2], True
    return "", True


# "of the total", "of the national total", "of all seizures": a part of all drugs seized
_OF_TOTAL = re.compile(r"of\s+(?:the|all|this|that)\s+(?:\w+\s+)?(?:total|haul|seizures)\b", re.I)
# what joins a figure to the noun of the figure before: a part or a relative clause
_LINK = re.compile(r",\s*(?:including|of\s+which|among\s+them|among\s+which|which)\b", re.I)


def _family(st: _Sent, q: Quantity) -> str:
    """Seizure, transit, harvest or consumption: the nearest such verb, clause first."""
    w0, w1 = st.window(q.start)
    marks = _within(st.family_marks, w0, w1)
    if not marks:
        # "This total included 1,211 kg of heroin": the paragraph has been about seizures
        return st.para_family
    c0, c1 = st.clause(q.start)
    in_clause = [m for m in marks if c0 <= m[0] < c1]
    best = _nearest(in_clause or marks, q.start, q.end)
    return best[2] if best else ""


def _combined(st: _Sent, q: Quantity, prev_end: int) -> set[str]:
    """The drugs a figure counts together ("3,389 kg of cannabis products (hashish and
    marijuana combined)", "12 kg of heroin and opium"), or an empty set for one drug."""
    spans = []
    of = _of_range(st, q)
    if of:
        spans.append(of)
    k = q.tok_end
    while k < len(st.toks) and of and st.toks[k].end <= of[1]:
        k += 1
    if k < len(st.toks) and st.toks[k].text == "(":
        close = st.text.find(")", st.toks[k].start, st.toks[k].start + 100)
        inner = st.text[st.toks[k].start : close] if close > 0 else ""
        if inner and not re.search(r"\d", inner):
            spans.append((st.toks[k].start, close))
    keys = _one_slug({d[2] for a, b in spans for d in find_drugs(st.text, a, b)} - {"total"})
    if len(keys) < 2:
        # "hashish and marijuana seizures combined exceeded 2.5 MT"
        c0, _ = st.clause(q.start)
        a = max(c0, prev_end, q.start - 120)
        if _TOGETHER.search(st.text, a, q.start):
            keys = _one_slug({d[2] for d in find_drugs(st.text, a, q.start)} - {"total"})
    return keys if len(keys) >= 2 else set()


def _one_slug(keys: set[str]) -> set[str]:
    """Drug keys with those one indicator counts together merged: synthetic drugs and new
    psychoactive substances are both ``synthetic_drug_seizures`` ("psychotropic and new
    psychoactive substances"), so "386 kg of synthetic drugs and NPS" is one drug."""
    return {"synthetic" if k == "nps" else k for k in keys}


# a sentence about the register of drug users (not, say, of HIV cases)
_REGISTER = re.compile(
    r"\bregist(?:er|ered|ry|ration)\b(?=.{0,80}\b(?:users|addicts)\b)|"
    r"\b(?:users|addicts)\b(?=.{0,80}\bregist(?:er|ered|ry|ration)\b)",
    re.I | re.S,
)
_TOGETHER = re.compile(r"\b(?:combined|together|jointly|taken\s+together)\b", re.I)


def _dose_size(st: _Sent, q: Quantity, prev_end: int) -> bool:
    """The mass of one dose ("a single dose of heroin (about 0.1 gram)", "0.1 g per dose"),
    not an amount seized."""
    if _PER_DOSE.match(st.text, q.end):
        return True
    c0, _ = st.clause(q.start)
    lo = max(c0, prev_end, q.start - 60)
    dose = None
    for m in _ONE_DOSE.finditer(st.text, lo, q.start):
        dose = m
    return dose is not None and not _SEIZURE.search(st.text, dose.end(), q.start)


_DIFFERENCE = re.compile(r"\s+(?:more|less|fewer|higher|lower)\s+than\b", re.I)
# the size of a change is no record: the row is not emitted, whatever its unit
_DIFFERENCE_NOTE = "a difference between two figures, not a level; no indicator"
_ONE_DOSE = re.compile(
    r"\b(?:a|an|one|each|every|the|single|typical|average|standard)\s+"
    r"(?:single\s+|typical\s+|average\s+|standard\s+|street\s+)?dose\b",
    re.I,
)
_PER_DOSE = re.compile(
    r"\s*(?:per|a|an|each|for\s+(?:a|one))\s+(?:single\s+)?dose\b|\s*dose\b", re.I
)


_REGISTERED_N = re.compile(
    r"\b(?:registered|recorded|counted)\s+(?:some\s+|about\s+|nearly\s+)?$", re.I
)


def _without_periods(text: str) -> str:
    """``text`` without its period phrases and punctuation ("in 2015." -> "")."""
    for p in reversed(find_periods(text)):
        text = text[: p.start] + text[p.end :]
    return re.sub(r"(?i)\b(?:in|during|over|for|or|and)\b|[\s,.;:()-]", "", text)


def _is_difference(st: _Sent, q: Quantity) -> bool:
    """The figure is the size of a change (see :data:`.rules.DIFFERENCE`): "510.2 kg or 43
    percent more than ...", "was reduced by 1,353"."""
    for rule in DIFFERENCE:
        if rule.value == "after" and rule.pattern.match(st.text, q.end):
            return True
        if rule.value == "before" and rule.pattern.search(st.text[max(0, q.start - 40) : q.start]):
            return True
    return False


def _mass_concept(st: _Sent, q: Quantity, prev_end: int, next_start: int) -> Concept:
    if _dose_size(st, q, prev_end):
        return Concept(note="the size of one dose, not an amount seized; no indicator")
    if _DIFFERENCE.match(st.text, q.end) or _is_difference(st, q):
        # "11.8 MT of drugs, 2.5 MT less than in 2021": a difference, not a level
        return Concept(note=_DIFFERENCE_NOTE)
    drug, weak = _drug_near(st, q, prev_end, next_start)
    fam = _family(st, q)
    if fam and fam == st.para_family and not _within(st.family_marks, *st.window(q.start)):
        weak = True
    if not fam:
        return Concept(note="no verb of seizure or transit near the figure", drug=drug, weak=True)
    if fam == "seizure" and (not drug or drug in ("opiates", "ephedra")):
        if drug == "" and re.search(r"\b(?:total|all|overall)\b", st.text, re.I):
            drug = "total"
        elif drug == "":
            drug = "total"
            weak = True
    if fam == "harvest" and not drug:
        # "400,000 hectares of wild growing cannabis, with an estimated annual harvest of 500
        # metric tons": the harvest of the plant the sentence names
        named = {d[2] for d in st.drugs}
        if named == {"marijuana"}:
            drug = "marijuana"
    if fam == "transit" and drug == "heroin":
        # "heroin and opium" transit together
        c0, c1 = st.clause(q.start)
        if re.search(r"heroin\s+and\s+opium|opium\s+and\s+heroin", st.text[c0:c1], re.I) and not (
            _of_range(st, q) and find_drugs(st.text, *_of_range(st, q))
        ):
            drug = "heroin+opium"
    of = _of_range(st, q)
    if (
        fam == "seizure"
        and of
        and re.match(
            r"of\s+(?:the\s+|all\s+)?(?:\w+\s+)?(?:seized|confiscated|intercepted)\b",
            st.text[of[0] : of[1]],
            re.I,
        )
        and _ERADICATE.search(st.text, max(st.clause(q.start)[0], prev_end), q.start)
    ):
        # "authorities burned 12 MT of seized drugs": a destruction, not a seizure
        return Concept(drug=drug, note="seized drugs destroyed, not a seizure; no indicator")
    if fam == "seizure" and of and _PLANTS.search(st.text, *of):
        c0, c1 = st.clause(q.start)
        verb_after = _ERADICATE.search(st.text, q.end, min(c1, of[1] + 40))
        if (
            _ERADICATE.search(st.text, max(c0, prev_end, q.start - 60), q.start) or verb_after
        ) and not re.search(r"\bseiz|\bconfiscat", st.text[of[0] : of[1]], re.I):
            # "police destroyed 187 tonnes of wild hemp", "187,675 kg of hemp were mowed and
            # burned": plants destroyed in eradication, not drugs seized
            return Concept(drug=drug, note="plants destroyed in eradication, not a seizure")
    if fam == "seizure" and _PLANTS_WEIGHING.search(st.text, max(0, q.start - 30), q.start):
        c0, c1 = st.clause(q.start)
        if _ERADICATE.search(st.text, c0, c1):
            # "414,644 wild plants weighing 152 tons were identified and destroyed": plants
            # destroyed in eradication, weighed
            return Concept(drug=drug, note="plants destroyed in eradication, not a seizure")
    combined = _combined(st, q, prev_end)
    if fam == "transit" and combined == {"heroin", "opium"}:
        drug = "heroin+opium"  # "90 MT of heroin and opium transit": a listed pair
    elif (drug != "heroin+opium" and combined) or drug == "cannabis_all":
        return Concept(note="several drugs counted together; no indicator")
    agency = _seizure_agency(st, q.start) if fam == "seizure" else ""
    c0, c1 = st.clause(q.start)
    if fam == "seizure" and _within(st.single_hits, c0, c1):
        return Concept(drug=drug, note="a single seizure, not a total")
    return Concept(family=fam, drug=drug, agency=agency, weak=weak)


# a budget named by a possessive that stands for a programme named before ("Its budget",
# "their total funding", "the program's cost")
_ITS_BUDGET = re.compile(
    r"\b(?:its|their|the\s+program(?:me)?['’]s)\s+(?:\w+\s+){0,2}?(?:budget|funding|"
    r"financing|cost)\b",
    re.I,
)


def _price_or_budget(st: _Sent, q: Quantity, prev_end: int, next_start: int) -> Concept:
    c0, c1 = st.clause(q.start)
    clause = st.text[c0:c1]
    w0, w1 = st.window(q.start)
    sentence = st.text[w0:w1]
    per = q.per
    if not per:
        # the unit in front: "a kilogram of hashish went for between $800 and $1,000"
        front = [
            m
            for m in _UNIT_FRONT.finditer(st.text, max(c0, prev_end, q.start - 120), q.start)
            if find_drugs(st.text, m.end(), min(m.end() + 40, q.start))
        ]
        if front:
            per = _per_word(front[-1].group(1))
    if not per and _within(st.price_hits, c0, c1):
        # not the unit of a figure ("a single dose of heroin, roughly 0.1 grams, sold for
        # 50 manat" is a price per dose)
        words = [
            w
            for w in _within(st.mass_words, c0, c1)
            if not any(a <= w[0] < b for a, b in st.fig_spans)
        ]
        if words:
            per = _per_word(_nearest(words, q.start, q.end)[2])
    if per in ("kg", "g", "dose"):
        drug, weak = _drug_near(st, q, c0, c1)
        if not drug:
            drug, weak = _drug_near(st, q, prev_end, next_start)
        return Concept(family="price", drug=drug, per=per, weak=weak)
    stop = re.search(r"[,;()]", st.text[q.end : min(next_start, c1)])
    local_end = q.end + stop.start() if stop else min(next_start, c1)
    local = st.text[c0:local_end]
    if _BUDGET_EXCLUDE.search(local):
        return Concept(note="money that is not a programme budget or a price")
    if per and per not in ("year",):
        return Concept(note=f"money per {per}")
    has_budget = _BUDGET_WORD.search(sentence)
    local_prev = re.search(r"\blocal\b", clause, re.I) and re.search(
        r"\bprevention\b", clause, re.I
    )
    if has_budget and local_prev:
        return Concept(family="budget", modifier="local")
    if (
        (has_budget and _PROGRAMME.search(sentence))
        or _PROGRAMME.search(clause)
        # "The Program ... covers 2018-2022. Its budget is put at $4.5 million."
        or (st.prev_programme and _ITS_BUDGET.search(clause))
    ):
        modifier = ""
        after = st.text[q.end : min(next_start, c1)]
        before = st.text[max(prev_end, c0) : q.start]
        annual = q.per == "year" or re.search(
            r"\b(?:annual(?:ly)?|per\s+year|a\s+year|each\s+year|every\s+year|yearly)\b",
            st.text[q.end : q.end + 25] + " " + before[-25:],
            re.I,
        )
        if re.search(r"\bborders?\b", after, re.I) or re.search(
            r"\bborders?\b", before[-40:], re.I
        ):
            if annual:
                return Concept(note="a yearly amount for the border; no indicator")
            modifier = "border"
        elif q.per == "year" or re.search(
            r"\b(?:annual(?:ly)?|per\s+year|a\s+year|each\s+year|every\s+year|yearly)\b",
            st.text[q.end : q.end + 25] + " " + before[-25:],
            re.I,
        ):
            modifier = "annual"
        return Concept(family="budget", modifier=modifier)
    return Concept(note="money that is not a programme budget or a price")


_ERADICATE = re.compile(
    r"\b(?:destroy\w*|eradicat\w*|incinerat\w*|clear(?:ed|ing|s)?|burn(?:ed|t|ing)?|mow(?:ed|n)?|"
    r"uproot\w*|cut\s+down|liquidat\w*|eliminat\w*|plough\w*|plow\w*|sprayed|removed)\b",
    re.I,
)


# the plants a mass is the weight of: "wild cannabis plants weighing 152 tons"
_PLANTS_WEIGHING = re.compile(r"\b(?:plants|bushes|shrubs)\s+weighing\s+(?:\w+\s+)?$", re.I)
# growing plants (not a drug made from them): what eradication destroys
_PLANTS = re.compile(
    r"\b(?:hemp|wild[\w-]*\s+(?:\w+\s+)?(?:cannabis|hemp|poppy|ephedra)|cannabis\s+(?:plants|"
    r"bushes|crops?|fields)|poppy\s+(?:plants|bushes|crops?|fields)|ephedra|bushes)\b",
    re.I,
)

# the words between two joined objects of one verb: " of illicit poppy and ", ", "
_COORDINATED = re.compile(
    r"(?:\s+of\s+[\w\s-]{1,50}?)?\s*(?:,\s*(?:and\s+)?|\s+and\s+(?:another\s+|a\s+further\s+)?|"
    r"\s+as\s+well\s+as\s+|\s+plus\s+)",
    re.I,
)


def _area_concept(st: _Sent, q: Quantity, prev_end: int, next_start: int) -> Concept:
    drug, weak = _drug_near(st, q, prev_end, next_start)
    plants = {d[2] for d in st.drugs if max(prev_end, st.clause(q.start)[0]) <= d[0] < q.start}
    if "ephedra" in plants and plants & {"marijuana", "cannabis_plant"}:
        return Concept(note="an area of cannabis and ephedra together; no indicator")
    c0, c1 = st.clause(q.start)
    lo = max(c0, prev_end, q.start - 120)
    if _COORDINATED.fullmatch(st.text, prev_end, q.start) and prev_end > c0:
        # "eradicated 3 hectares of poppy and 14.5 hectares of wild-growing cannabis": the
        # verb before the first of two joined objects governs both
        lo = max(c0, q.start - 240)
    if _ERADICATE.search(st.text, lo, q.start) or _ERADICATE.search(
        st.text, q.end, min(c1, next_start, q.end + 60)
    ):
        # "police destroyed wild hemp on 2,300 hectares": an area cleared, not one that grows
        return Concept(note="an area eradicated or cleared; no indicator")
    if drug in ("marijuana", "ephedra", "cannabis_plant") and _WILD.search(
        st.text, *st.window(q.start)
    ):
        return Concept(
            family="area", drug="marijuana" if drug == "cannabis_plant" else drug, weak=weak
        )
    return Concept(note="an area that is not wild cannabis or ephedra")


def _percent_subject(before: str) -> Concept | None:
    """What a change in percent is of, from the words before it (:data:`.rules.PERCENT_SUBJECT`):
    "the number of registered drug users fell by", "The register shrank by", "opium
    seizures decreased by"."""
    rule = first_match(PERCENT_SUBJECT, before.lower())
    if rule is None:
        return None
    if rule.value.startswith("count:"):
        return Concept(family="count", slug=rule.value.split(":", 1)[1])
    drugs = find_drugs(before)
    return Concept(family="seizure", drug=drugs[-1][2] if drugs else "total")


def _figures(st: _Sent) -> tuple[list[_Fig], list[str]]:
    """The figures of a sentence, and notes about ratios it states."""
    ratios: list[str] = []
    figs: list[_Fig] = []
    for q in scan_quantities(st.toks):
        if q.dim == "mass" and q.value == 1 and not q.qualifier and not q.is_range:
            c0, c1 = st.clause(q.start)
            if (st.text[q.num_start].isalpha() and _within(st.price_hits, c0, c1)) or (
                _UNIT_FRONT.match(st.text, q.start) and _MONEY_WORD.search(st.text, q.end, c1)
            ):
                # "the price of one kilogram of hashish", "one kilo of opium at $900": a unit
                continue
        if q.dim == "mass" and _legal_threshold(st, q):
            continue  # "possession of more than 1 gram of heroin is a criminal offense"
        if q.dim == "ratio":
            ratios.append(st.text[q.start : q.end])
        elif q.dim != "skip":
            figs.append(_Fig(q))
    for m in re.finditer(r"\b(?:doubled|tripled|halved|quadrupled)\b", st.text, re.I):
        ratios.append(m.group(0))
    _unit_left_out(st, figs)
    return figs, ratios


# "(2013 - 4.0)", "(in 2013 - 4.0)", "from 4.0 in 2013": the earlier level of a rate
_RATE_BASE_BEFORE = re.compile(r"(?:\(\s*(?:in\s+)?(?:19|20)\d\d\s*[-–—:]\s*|\bfrom\s+)$", re.I)


def _unit_left_out(st: _Sent, figs: list[_Fig]) -> None:
    """Give bare numbers the unit the text leaves out (:data:`.rules.RATE_SUBJECT`).

    "The indicator of primary drug addiction incidence was reduced by 3.8 (2013 - 4.0)":
    both are rates per 100,000 (and "reduced by 3.8 (2013 - 4.0)" is "down to 3.8").
    """
    rate_clause = None
    for f in figs:
        q = f.q
        if q.dim == "rate":
            rate_clause = st.clause(q.start)
            continue
        if q.dim != "count" or not q.bare or q.value is None or q.is_range:
            continue
        c0, c1 = st.clause(q.start)
        lead = st.text[max(c0, q.start - 160) : q.start]
        after = st.text[q.end : q.end + 12]
        noun_after = re.match(r"\s*[A-Za-z]", after) and not re.match(
            r"\s*(?:in|on|and|or|compared|against|from|per|\()\b", after, re.I
        )
        hit = first_match(RATE_SUBJECT, lead) if not noun_after else None
        same = rate_clause == (c0, c1) and _RATE_BASE_BEFORE.search(
            st.text[max(0, q.start - 14) : q.start]
        )
        if hit is not None or same:
            q.dim, q.unit = "rate", hit.value if hit is not None else "per 100000"
            rate_clause = (c0, c1)


def _segments(st: _Sent, figs: list[_Fig], periods: list[PeriodMention]) -> None:
    """Mark comparisons and equivalents, with their anchors and segments."""
    toks = st.toks
    n = len(toks)
    # "from X to Y" pairs after a verb of change
    for i, f in enumerate(figs):
        if f.q.link == "from":
            partner = i + 1 if i + 1 < len(figs) and figs[i + 1].q.link == "to" else None
            if partner is not None:
                f.role, f.anchor = "from", partner
                figs[partner].pair_start = f.q.tok_start - 1
                f.seg = (f.q.start, figs[partner].q.start)
                for pm in periods:  # "rose from 2,100 in 2013 to ...": 2013 is the earlier figure's
                    if f.seg[0] <= pm.start < f.seg[1]:
                        pm.mark(BASE)
    # trigger phrases
    triggers: list[tuple[int, int]] = []  # (token index of trigger start, index after it)
    for i, t in enumerate(toks):
        low = t.low
        nxt = toks[i + 1].low if i + 1 < n else ""
        if low in ("compared", "comparison") and nxt in ("to", "with"):
            triggers.append((i, i + 2))
        elif low in ("versus", "vs", "against"):
            # only between two figures: "1,250 doses ..., against 310 doses"
            if any(toks[k].kind == "num" for k in range(i + 1, min(n, i + 4))) and any(
                f.q.tok_end <= i for f in figs
            ):
                triggers.append((i, i + 1))
        elif low in ("up", "down") and nxt == "from":
            # not the start of a change "down from X in 2009 to Y in 2014", whose two
            # figures have their own years
            if not any(f.role == "from" and i + 2 <= f.q.tok_start <= i + 3 for f in figs):
                triggers.append((i, i + 2))
        elif low in ("from", "over", "on") and any(
            f.q.link == "from" and f.role == "main" and i < f.q.tok_start <= i + 2 for f in figs
        ):
            # "fell ... to 505 kg from 730 kg in 2010": the earlier figure comes second;
            # "an increase of 35 percent over 1.63 MT in 2019"
            triggers.append((i, i + 1))
        elif (
            low == "than"
            and i > 0
            and toks[i - 1].low in _COMPARATIVES
            and nxt in ("in", "during", "for", "the", "a", "last", "over", "at", "on", "by")
        ):
            # "2.6 percent fewer than in January-October 2018" (not "more than 790 kg")
            triggers.append((i, i + 1))
    # "less than half of the 702.5 kg taken in 2009", "twice the 1.1 MT seized in 2012",
    # "a third of the amount seized in 2013": a fraction or a multiple of another figure
    tok_starts = [t.start for t in toks]
    for m in _MULTIPLE.finditer(st.text):
        i = bisect.bisect_left(tok_starts, m.start())
        j = bisect.bisect_left(tok_starts, m.end())
        if i < n:
            triggers.append((i, j))
    for t_start, t_after in triggers:
        seg_start = toks[t_start].start
        # the segment ends at ; ) or the end, or at a comma once a figure has been seen
        seen = False
        seg_end = len(st.text)
        for k in range(t_after, n):
            tk = toks[k]
            if tk.text in (";", ")") or (tk.text == "," and seen):
                seg_end = tk.start
                break
            if any(f.q.tok_start <= k < f.q.tok_end for f in figs) or any(
                pm.start <= tk.start < pm.end for pm in periods
            ):
                seen = True
        inside = [
            j for j, f in enumerate(figs) if seg_start <= f.q.start < seg_end and f.role == "main"
        ]
        for pm in periods:
            if seg_start <= pm.start < seg_end:
                pm.mark(BASE)
        if not inside:
            continue
        j = inside[0]
        anchors = [k for k, f in enumerate(figs) if f.q.end <= seg_start and f.role == "main"]
        if not anchors:
            anchors = [k for k, f in enumerate(figs) if f.q.start >= seg_end and f.role == "main"]
            anchor = _like(figs, j, anchors, last=False)
        else:
            anchor = _like(figs, j, anchors)
        if anchor is None:
            # "Heroin seizures were down from 611 kg in 2017": nothing to compare with; the
            # figure stays a main one, dated by its own phrase
            figs[j].seg = (seg_start, seg_end)
            continue
        figs[j].role, figs[j].anchor, figs[j].seg = "comparison", anchor, (seg_start, seg_end)
    _base_periods(st, periods)
    # parentheses right after a figure: "(724.1kg in 2013)", "(approximately $33 million)"
    depth_open: int | None = None
    for i, t in enumerate(toks):
        if t.text == "(":
            depth_open = i
        elif t.text == ")" and depth_open is not None:
            p0, p1 = toks[depth_open].start, t.end
            inside = [j for j, f in enumerate(figs) if p0 < f.q.start < p1 and f.role == "main"]
            open_i = depth_open
            depth_open = None
            if not inside:
                continue
            before = [k for k, f in enumerate(figs) if f.q.tok_end <= open_i]
            if not before:
                # "Seizures of hashish (2.2 MT in 2021) fell to 1.9 MT": a dated figure in
                # parentheses before any other is compared with the one that follows
                j = inside[0]
                later = [k for k, f in enumerate(figs) if f.q.start >= p1 and f.role == "main"]
                anchor = _like(figs, j, later, last=False)
                if anchor is not None and any(p0 < pm.start < p1 for pm in periods):
                    for pm in periods:
                        if p0 < pm.start < p1:
                            pm.mark(BASE)
                    figs[j].role, figs[j].anchor, figs[j].seg = "comparison", anchor, (p0, p1)
                continue
            a = before[-1]
            gap = toks[figs[a].q.tok_end : open_i]
            has_period = any(p0 < pm.start < p1 for pm in periods)
            # numbers inside a period phrase ("over the first 11 months of 2017 (") are words
            in_period = [any(pm.start <= g.start < pm.end for pm in periods) for g in gap]
            # the figure before must be close, in the same clause: "412.6 kg of heroin (";
            # a comparison may follow the figure's period: "1,845 crimes during 2012 ("
            limit = 14 if has_period else 6
            if len(gap) > limit or any(
                not (g.kind == "word" or g.text in ("-", "–", ".") or _yearish(g) or inp)
                for g, inp in zip(gap, in_period, strict=True)
            ):
                continue
            for pm in periods:
                if p0 < pm.start < p1:
                    pm.mark(BASE)
            j = inside[0]
            # "up 8 percent over the same period in 2017 (22.3 tons)": the figure in
            # parentheses right after the base of a comparison is the compared figure
            base = [
                pm
                for pm in periods
                if figs[a].q.end <= pm.start
                and not st.text[pm.end : p0].strip()
                and (pm.role == BASE or is_reference(pm))
            ]
            if not has_period and base:
                base[-1].mark(BASE)
                mains = [k for k in before if figs[k].role == "main"]
                figs[j].role, figs[j].anchor = "comparison", _like(figs, j, mains or [a])
                figs[j].seg = (base[-1].start, p1)
                continue
            pair = not has_period and _bracket_pair(st, figs[a].q, figs[j].q, p0, p1)
            figs[j].role = "comparison" if has_period or pair else "equivalent"
            figs[j].anchor = a
            figs[j].seg = (p0, p1)
    # "up from" / "from" without a partner: compare with the figure before
    for i, f in enumerate(figs):
        if f.q.link == "from" and f.role == "main":
            anchors = [k for k in range(i) if figs[k].role == "main"]
            if anchors:
                f.role, f.anchor = "comparison", _like(figs, i, anchors)


# between a drug's seizures and the share in brackets after them: "2 tons 297 kg (+ 1 ton
# 483 kg) were heroin (60.4%)", "848 kg of marijuana (22.3%)"
_SHARE_AFTER_MASS = re.compile(r"[^\d()]{0,40}(?:\([^()]{0,40}\)[^\d()]{0,40})?\(\s*")


def _share_of_seizures(st: _Sent, figs: list[_Fig], i: int, catalogue: Catalogue) -> str:
    """The slug of a drug's share of all seizures when percentage ``i`` stands in brackets
    right after the seizures of one drug ("848 kg were marijuana (22.3%)" ->
    ``marijuana_share_of_seizures``), else "" (also when the catalogue has no such share)."""
    q = figs[i].q
    if not re.match(r"\s*\)", st.text[q.end : q.end + 3]):
        return ""
    for j in range(i - 1, -1, -1):
        g = figs[j]
        if g.q.dim == "percent":
            return ""
        if g.q.dim != "mass" or (g.concept is not None and g.concept.note == _DIFFERENCE_NOTE):
            continue
        if not g.slug.endswith("_seizures") or g.slug.startswith("drug_"):
            return ""
        if not _SHARE_AFTER_MASS.fullmatch(st.text, g.q.end, q.start):
            return ""
        slug = g.slug[: -len("_seizures")] + "_share_of_seizures"
        return slug if catalogue.kind(slug) else ""
    return ""


def _bracket_pair(st: _Sent, first: Quantity, second: Quantity, p0: int, p1: int) -> bool:
    """ "14,692 (16,045)", "34.8% (42.4%)", "106.5 kg. (121.6 kg.)": a bracket holding only
    a figure of the same measure and another value is the figure of the year before (the
    "this year (last year)" pairs of national reports, see :data:`.rules.PAIRS`), not the
    same figure in another unit ("6.1 billion tenge (approximately $33 million)", "20 metric
    tons (20,000 kg)")."""
    inner = st.text[p0 + 1 : p1 - 1].strip().rstrip(".").strip()
    if inner != st.text[second.start : second.end].strip().rstrip(".").strip():
        return False
    if first.is_range or second.is_range or first.dim != second.dim:
        return False
    try:
        a, b = parse_unit(first.unit), parse_unit(second.unit)
    except UnitError:
        return first.unit == second.unit and first.value != second.value
    return a.canonical == b.canonical and first.value * Decimal(repr(a.factor)) != (
        second.value * Decimal(repr(b.factor))
    )


_SHARED_NOUN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)")
# between two figures of a "respectively" list, and between two of the items they follow
_LIST_GAP = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|as\s+well\s+as)\s+)(?:the\s+)?", re.I
)
# after the last figure of the list: "..., 800 kg and 310 kg of drugs, respectively", "510
# and 480 drug crimes, respectively"
_LIST_END = re.compile(r"(?:\s+(?:of\s+)?[A-Za-z][\w\s-]{0,40}?)?[\s,]*")
_RESPECTIVELY = re.compile(r"[\s,]*\brespectively\b", re.I)
_TWO_YEARS = re.compile(r"(?:19|20)\d\d\s+and\s+(?:19|20)\d\d")


def _share_rates(st: _Sent, figs: list[_Fig]) -> None:
    """Money figures of a list take the rate written after the last one ("$9,000 and
    $1,100 per kilogram, respectively", "$700, $800 or $900 a kilo"): the rate is theirs
    too."""
    for k in range(len(figs) - 2, -1, -1):
        q, nxt = figs[k].q, figs[k + 1].q
        if (
            q.dim == "money"
            and nxt.dim == "money"
            and not q.per
            and nxt.per
            and q.currency == nxt.currency
            and _SHARED_NOUN.fullmatch(st.text, q.end, nxt.start)
        ):
            q.per = nxt.per
            if nxt.per in ("kg", "g"):
                q.unit = f"{q.unit} per {nxt.per}"


def _respectively(st: _Sent, figs: list[_Fig], periods: list[PeriodMention], covered: int) -> None:
    """Distribute a list of figures over the list of drugs, agencies or years before it.

    "Seizures of hashish, opium and heroin stood at 1.05 tons, 634 kg and 219.4 kg,
    respectively": the N figures right before "respectively" (joined by commas and "and")
    take, in order, the N drugs (or agencies, or years) that the clause lists before the
    first of them. Nothing is changed when the counts differ.
    """
    for m in _RESPECTIVELY.finditer(st.text):
        run: list[_Fig] = []
        for f in reversed([f for f in figs if f.q.end <= m.start() and f.role == "main"]):
            stop = run[-1].q.start if run else m.start()
            gap = st.text[f.q.end : stop]
            if (run and not _LIST_GAP.fullmatch(gap)) or (not run and not _LIST_END.fullmatch(gap)):
                break
            run.append(f)
        run.reverse()
        if len(run) < 2:
            continue
        c0 = st.clause(run[0].q.start)[0]
        lo = max(c0, run[0].q.start - 300)
        drugs = _listed(st.drugs, lo, run[0].q.start, st.text)
        if len(drugs) == len(run):
            for f, d in zip(run, drugs, strict=True):
                st.listed_drug[f.q.start] = d[2]
        agencies = _listed(st.agency_hits, lo, run[0].q.start, st.text)
        if len(agencies) == len(run):
            for f, h in zip(run, agencies, strict=True):
                st.listed_agency[f.q.start] = h[2]
        years: list[tuple[int, int, int, PeriodMention]] = []
        for pm in periods:
            if lo <= pm.start and pm.end <= run[0].q.start and pm.role == MAIN:
                if pm.kind == "years" and _TWO_YEARS.fullmatch(st.text, pm.start, pm.end):
                    years += [(pm.start, pm.start + 4, pm.y, pm), (pm.end - 4, pm.end, pm.y2, pm)]
                elif pm.kind == "year":
                    years.append((pm.start, pm.end, pm.y, pm))
        years = _listed(years, lo, run[0].q.start, st.text)
        if len(years) == len(run):
            for f, (_, _, y, pm) in zip(run, years, strict=True):
                f.listed = Resolved((y, 1), (y, 12), "year from a 'respectively' list")
                # each year dates its own figure: the list is no period of the paragraph
                pm.mark(SUB)


def _listed(items: list, lo: int, hi: int, text: str) -> list:
    """The last coordinated list ("A, B and C") of ``items`` (spans) inside [lo, hi)."""
    inside = [it for it in items if lo <= it[0] and it[1] <= hi]
    out: list = []
    for it in reversed(inside):
        if out and not _LIST_GAP.fullmatch(text, it[1], out[-1][0]):
            break
        out.append(it)
    return out[::-1]


# a fraction or a multiple of another figure, whose period is that figure's: "less than half
# of the 702.5 kg taken in 2009", "twice the 1.1 MT seized in 2012", "a third of the amount
# recorded in 2013" (not "half of the total", a share of a whole of the same period)
_MULTIPLE = re.compile(
    r"\b(?:(?:slightly\s+|just\s+|a\s+little\s+)?(?:less|more|fewer)\s+than\s+|(?:almost|nearly|"
    r"about|roughly|some|over|under|barely|only|just)\s+)?"
    r"(?:(?:a|one)[\s-]+(?:half|third|quarter|fifth|tenth)|half|(?:two|three|four)[\s-]+"
    r"(?:thirds|quarters|fifths)|twice|double|triple|thrice|(?:two|three|four|five|six|seven|"
    r"eight|nine|ten|\d+(?:\.\d+)?)[\s-]+times)\s+(?:of\s+)?(?:the|that|those|its|their)\s+"
    r"(?=(?:(?:[$]|USD\s*|KZT\s*)?\d)|(?:amount|quantity|volume|level|number|figure|haul)s?\b|"
    r"(?:of|seen|recorded|seized|registered|reported)\s+(?:in|during|for|over)?\s*(?:19|20)\d\d)",
    re.I,
)


# a period that is the base of a comparison, with no figure of its own: "down 6 percent from
# 2021", "a 70 percent increase over 2021", "compared with 2017", "higher than in 2016"
_BASE_BEFORE = re.compile(
    r"\b(?:(?:compared|comparison)\s+(?:to|with)|relative\s+to|versus|vs\.?|as\s+against|"
    r"against|than(?:\s+(?:in|during|for|over))?|(?P<chg>over|on|from))\s+"
    r"(?:the\s+|that\s+of\s+|those\s+of\s+|(?:the\s+)?levels?\s+of\s+)?$",
    re.I,
)
_CHANGE_NOUNS = {
    "increase", "decrease", "rise", "drop", "decline", "fall", "growth", "jump", "reduction",
    "gain", "change", "higher", "lower", "more", "less", "fewer",
}  # fmt: skip


def _base_periods(st: _Sent, periods: list[PeriodMention]) -> None:
    """Flag the periods that only date the base of a change as comparisons.

    Such a year dates no figure of the sentence and must not become the period of the
    figures around it, nor of the paragraph ("... fell to 26.4 kg, down 6 percent from
    2021" is a figure of the paragraph's year).
    """
    for pm in periods:
        if pm.comparison or pm.kind not in ("year", "years", "partial", "half", "months", "date"):
            continue
        if pm.kind == "date" and pm.keyword not in ("", "in", "during", "for"):
            continue
        m = _BASE_BEFORE.search(st.text, max(0, pm.start - 60), pm.start)
        if m is None:
            continue
        if m.group("chg"):
            # "over", "on", "from" are a base only after a change: "a 70 percent increase
            # over 2021", "down 6 percent from 2021", "up on 2017" (not "over 2018, police")
            prev = _WORD_OR_PCT.findall(st.text[max(0, m.start() - 30) : m.start()])
            word = prev[-1].lower() if prev else ""
            if not (word in _CHANGE_VERBS or word in _PERCENT_WORDS or word in _CHANGE_NOUNS):
                continue
        pm.mark(BASE)


_WORD_OR_PCT = re.compile(r"[A-Za-z]+|%")


def _like(figs: list[_Fig], j: int, anchors: list[int], last: bool = True) -> int | None:
    """The figure a compared figure ``j`` is compared with, among ``anchors``.

    In "6.3 MT, a 20 percent decrease from 7.9 MT" the 7.9 MT is compared with the 6.3 MT,
    not with the change: the nearest figure of the same dimension, else the nearest that
    is not a percentage, else the nearest.
    """
    if not anchors:
        return None
    dim = figs[j].q.dim
    for keep in (
        lambda k: figs[k].q.dim == dim,
        lambda k: figs[k].q.dim != "percent",
        lambda k: True,
    ):
        found = [k for k in anchors if keep(k)]
        if found:
            return found[-1] if last else found[0]
    return None  # pragma: no cover - the last filter keeps every anchor


# what stands between a change and the level it reached: "to", "from 2021 to", "compared
# with 2021, to" ("Drug crimes fell 6 percent from 2021 to 2,950")
_TO_AFTER_CHANGE = re.compile(
    r"(?:(?:(?:from|over|on|compared\s+(?:to|with)|relative\s+to|versus|against|since)\s+"
    r"(?:the\s+)?(?:(?:19|20)\d\d|(?:previous|prior|preceding)\s+year|last\s+year|"
    r"(?:a|one)\s+year\s+(?:earlier|before|ago)|year\s+before)|year[\s-]+on[\s-]+year|"
    r"year[\s-]+over[\s-]+year)\s*,?\s*)?"
    r"\(?\s*(?:to|at|reaching|totaling|totalling|from)",
    re.I,
)

# a sentence that opens with its whole named by a pronoun: "Of these, ...", "Among them, ..."
_PART_OPEN = re.compile(
    r"\s*(?:Of|Among|Out\s+of)\s+(?:these|them|those|this\s+number|this\s+total|the\s+total|"
    r"which|whom)\b",
    re.I,
)

# "Of all 2,400 ...", "Out of the 5,400 ...": a figure named as the whole of the next one
_OF_WHOLE = re.compile(r"\b(?:of|out\s+of)\s+(?:the\s+|all\s+|these\s+)?$", re.I)


# a change that is a target, not a figure: "The program targets a 20 percent reduction in
# drug-related crime by 2025"
_GOAL_WORDS = re.compile(
    r"\b(?:targets?|targeted|targeting|aims?|aimed|aiming|goals?|plans?|planned|seeks?|"
    r"intends?|pledged?|envisag\w*|objectives?|strives?)\b",
    re.I,
)

# a sentence that restates the figure before as "this" ("This is 13% higher than 2018/19")
_THIS_IS = re.compile(
    r"\s*(?:This|That|It)\s+(?:is|was|represents|represented|marks|marked|means)\b"
)


def _percent_concept(st: _Sent, figs: list[_Fig], i: int, start_tok: int, prev_tok: int) -> Concept:
    """Return the concept of a percent figure: its subject, sign and indicator slug."""
    f = figs[i]
    q = f.q
    prev_end = figs[i - 1].q.end if i > 0 else 0
    c0, c1 = st.clause(q.start)
    c_before = st.text[max(c0, prev_end) : q.start]
    after = _after_phrase(st, q, years=True)
    subject = _percent_subject(_before_phrase(st, start_tok, prev_tok))
    if subject is None:
        # "a 13% increase in drug-related crimes": the subject named after the change
        hit = first_rule_match(PERCENT_SUBJECT_AFTER, " ".join(after.split()))
        c0_, c1_ = st.clause(q.start)
        if hit is not None and not _GOAL_WORDS.search(st.text, c0_, c1_):
            subject = _percent_subject(hit[1].group("subj"))
    if subject is None and st.whole_slug and _THIS_IS.match(st.text):
        # "There were 175,000 drug offences. This is 13% higher than 2018/19": the change
        # of the figure of the sentence before
        subject = Concept(family="count", slug=st.whole_slug)
    if subject is None:
        mains = [
            g
            for g in figs
            if g.role == "main"
            and g.concept is not None
            and g.q.dim != "percent"
            and g.concept.family
        ]
        # the figure the change follows in its clause ("...; heroin seizures dropped to
        # 64 kg, 38 percent less than in 2017"), else the nearest before, else the first
        before_it = [g for g in mains if g.q.end <= q.start]
        in_clause = [g for g in before_it if g.q.start >= c0]
        pick = (in_clause or before_it)[-1:] or mains[:1]
        subject = pick[0].concept if pick else None
    w0, w1 = st.window(q.start)
    clause, window = st.text[c0:c1], st.text[w0:w1]
    group = st.group_before(c0) if _THEM.search(clause) else ""
    if group.endswith("HIV cases") or (
        group and not re.search(r"\binject|\bpwid\b|\bidus?\b", clause, re.I)
    ):
        # "HIV prevalence among them was 14.3 percent" after "Some 25,000 people inject
        # drugs": the group named before, in the sentence or the sentence before; "...
        # injecting drug use accounted for 57 percent of them" after a count of HIV cases
        c_before, clause, window = (
            _THEM.sub(lambda m: f"{m.group(1)} {group}", x) for x in (c_before, clause, window)
        )
    slug, sign, note = classify_percent(c_before[-300:], after, clause, window, subject)
    f.sign = sign
    return Concept(family="percent", slug=slug, note=note)


def _count_concept(
    st: _Sent, figs: list[_Fig], i: int, slug: str, note: str, agency: str, after: str
) -> Concept:
    """Return the concept of a count, resolving the placeholder slugs ("__part:...",
    "__agency:...", "__solved_of_previous__") against the figures before it."""
    q = figs[i].q
    part_figure = slug.startswith("__part:")
    if slug.startswith("__agency:"):
        return Concept(family="count", slug=slug, agency=agency)  # resolved by slug_for
    if slug.startswith("__"):
        prev = [
            g
            for g in figs[:i]
            if g.concept is not None
            and g.concept.family == "count"
            and g.concept.slug
            and g.concept.modifier != "part"
            and g.role == "main"
        ]
        base = prev[-1].concept.slug if prev else ""
        if not prev and (_PART_OPEN.match(st.text) or _PART_AFTER.match(st.text, q.end)):
            # "As of January 1, 2019, 17,400 drug users were registered. Of these, ...": the
            # whole is the sentence before's
            base = st.whole_slug
        if slug == "__solved_of_previous__":
            slug = {"drug_crimes_registered": "drug_crimes_solved"}.get(base, "")
            if slug and agency == "dca":
                slug = "drug_crimes_solved_dca"
        else:  # "__part:<slug>": "1,562 of these concerned drug sales"
            part = slug.split(":", 1)[1]
            if part == "__pwid":  # "..., of whom 4,900 inject drugs"
                slug = _PWID_PART.get(base, "")
            elif part == "__agency":  # "18 laboratories ..., 11 of them by the KNB"
                if base and not base.startswith("__") and agency not in ("", "unnamed"):
                    return Concept(family="count", slug=f"__agency:{base}", agency=agency)
                slug = ""
            else:
                crime_like = base in ("drug_crimes_registered", "drug_offences_registered", "")
                slug = part if crime_like else ""
                if (
                    slug == "drug_trafficking_cases"
                    and base == "drug_offences_registered"
                    and not re.search(r"\bcases\b", after, re.I)
                ):
                    # "1,250 drug offences, fewer than 400 of them involving trafficking": a
                    # part of offences is an offence
                    slug = "drug_trafficking_offences"
            note = "" if slug else "counts a part of another figure; no indicator"
    return Concept(family="count", slug=slug, note=note, modifier="part" if part_figure else "")


def _subject_tokens(figs: list[_Fig], i: int) -> tuple[int, int]:
    """Return the token span limits (start, previous end) of the words before figure ``i``."""
    f = figs[i]
    q = f.q
    prev_tok = figs[i - 1].q.tok_end if i > 0 else 0
    start_tok = f.pair_start if f.pair_start is not None else q.tok_start
    if f.pair_start is not None:
        prev_tok = figs[i - 2].q.tok_end if i > 1 else 0
        start_tok = figs[i - 1].q.tok_start
    return start_tok, prev_tok


def _count_before(st: _Sent, figs: list[_Fig], i: int, start_tok: int, prev_tok: int) -> str:
    """Return the words before figure ``i``, past a change to the subject before it."""
    q = figs[i].q
    before = _before_phrase(st, start_tok, prev_tok)
    if (
        q.dim == "count"
        and i > 0
        and figs[i - 1].q.dim == "percent"
        and _TO_AFTER_CHANGE.fullmatch(" ".join(before.split()))
    ):
        # "The number of drug crimes fell 6 percent to 1,950": the subject before the change
        earlier = figs[i - 2].q.tok_end if i > 1 else 0
        # ("fell 6 percent from 2021 to" reads "fell to": the base of the change is left
        # out; "declined by 4 percent, to" reads "declined to")
        subject = re.sub(
            r"\s+by$", "", _before_phrase(st, figs[i - 1].q.tok_start, earlier), flags=re.I
        )
        before = f"{subject} {before.split()[-1]}"
        return before
    j = i - 1
    while j >= 0 and figs[j].q.dim == "count":
        j -= 1
    between = st.text[figs[j].q.end : q.start] if j >= 0 and j < i - 0 else ""
    m = _FROM_TO_BRACKET.fullmatch(between) if j >= 0 and figs[j].q.dim == "percent" else None
    if q.dim == "count" and m:
        # "decreased by 8 per cent (from 8,767 to 8,077)": the subject before the change
        earlier = figs[j - 1].q.tok_end if j > 0 else 0
        subject = re.sub(
            r"\s+by$", "", _before_phrase(st, figs[j].q.tok_start, earlier), flags=re.I
        )
        before = f"{subject} {m.group('w')}"
    return before


# the levels of a change in brackets after it: "decreased by 8 per cent (from 8,767 to 8,077)"
_FROM_TO_BRACKET = re.compile(r"\s*\(\s*(?:from\s+[\d.,]+\s+)?(?P<w>from|to)\s*", re.I)


def _count_after(st: _Sent, figs: list[_Fig], i: int) -> str:
    """Return the words after a count: the noun shared with the figures after it, or past
    the whole it is a part of (marking the part's own span)."""
    f = figs[i]
    q = f.q
    after = _after_phrase(st, q)
    k = i
    while (
        not re.sub(r"(?i)\b(?:and|or)\b|,", "", after).strip()
        and k + 1 < len(figs)
        and figs[k + 1].q.bare
        and _SHARED_NOUN.fullmatch(st.text, figs[k].q.end, figs[k + 1].q.start)
    ):
        # "510 and 480 drug crimes, respectively", "12, 15 and 9 laboratories": the noun
        # after the last figure counts them all
        k += 1
        after = _after_phrase(st, figs[k].q)
    if re.match(r"(?:of|out\s+of)\s", after, re.I):
        # "1,204 of the crimes registered in January-September 2020 were drug trafficking
        # offences": read past the whole and its period to what the part is
        after = _after_phrase(st, q, limit=24, years=True)
        verb = re.search(r"\b(?:were|was|are|is|involved|concerned|inject\w*)\b", after)
        if verb:
            start = st.toks[q.tok_end].start
            f.own = (start, start + verb.start())
    return after


def _part_before(st: _Sent, figs: list[_Fig], i: int, before: str) -> str:
    """Return the words before a count, or the lead that makes it a part of the whole."""
    q = figs[i].q
    prev_end = figs[i - 1].q.end if i > 0 else 0
    lead = st.text[max(prev_end, q.start - 40) : q.start]
    if _PART_LEAD.search(lead):
        # "Of these, 2,903 were related to drug trafficking", "Among them, ...",
        # "8,150 users, including 3,020 people who inject drugs"
        before = lead
    elif (
        i > 0
        and _OF_WHOLE.search(st.text, max(0, figs[i - 1].q.start - 12), figs[i - 1].q.start)
        and re.fullmatch(r"[^,;.()\d]{0,80},\s*", st.text[prev_end : q.start])
    ):
        before = "of these"  # "Of all 2,400 registered drug offences, 1,050 concerned ..."
    return before


def _sentence_subject_count(
    st: _Sent, q: Quantity, registered_n: re.Match | None, window: str, agency: str
) -> tuple[str, str]:
    """Return slug and note of a bare count read with the subject the sentence opened with."""
    # "The number of drug addicts, registered to regular check-up, ... totaled 14,692":
    # the subject the sentence opened with, read with the rest of the sentence
    # (the rest of the sentence first, so that the words end with the verb before the
    # figure, as the subject rules read them)
    strip = re.compile(r"[\d.,]+\s*%?|\([^)]*\)")
    words = f"{strip.sub(' ', st.text[q.end :])} {strip.sub(' ', st.text[: q.start])}"
    if registered_n:
        # "... drug users keeps falling: the health ministry registered 6,480 in 2012":
        # what the sentence names is what was registered
        slug, note = _count_rules(words, words, words, window, agency)
    else:
        slug, note = classify_count("", words, window, agency)
    return slug, note


def _back_slug(st: _Sent, figs: list[_Fig], i: int) -> str:
    """Return the slug of the count a subject that refers back counts ("the toll")."""
    # "48 people died of overdoses in 2018. As of November 1, the toll had reached 61":
    # a subject that refers back counts what the count before counted
    back = [
        g.concept.slug
        for g in figs[:i]
        if g.role == "main"
        and g.concept is not None
        and g.concept.family == "count"
        and g.concept.slug
        and not g.concept.slug.startswith("__")
    ]
    return back[-1] if back else st.whole_slug


def _after_part_count(
    prev_fig: _Fig, after: str, window: str, agency: str
) -> tuple[str, str] | None:
    """Return slug and note of a count joined to a part before it ("... and 1,148 to drug
    smuggling"), None when neither reading applies."""
    # "... 2,903 were related to drug trafficking and 1,148 to drug smuggling"
    if prev_fig.concept.modifier == "part":
        return classify_count(after, "of these", window, agency)
    if re.match(r"(?i)to\s", after):
        # "2,150 crimes were related to drug sales, 530 to smuggling": the noun of the
        # figure before, with what this one is related to
        return classify_count(f"crimes related {after}", "", window, agency)
    return None


def _sub_period_part(st: _Sent, figs: list[_Fig], i: int) -> Concept | None:
    """Return the concept of a part in time of the count before ("..., of which 1,300 in
    March alone"), None when figure ``i`` is not one."""
    q = figs[i].q
    prev_fig = figs[i - 1] if i > 0 else None
    if (
        prev_fig is not None
        and prev_fig.role == "main"
        and prev_fig.concept is not None
        and prev_fig.concept.family == "count"
        and prev_fig.concept.slug
        and not prev_fig.concept.slug.startswith("__")
        and prev_fig.concept.modifier != "part"
        and _SUB_PART.search(st.text, prev_fig.q.end, q.start)
        and _only_period(st, q)
    ):
        # "4,100 drug crimes in January-June, of which 1,300 in March alone": a part in
        # time of the figure before counts what it counts (in its own sub-period)
        return Concept(family="count", slug=prev_fig.concept.slug)
    return None


def _main_concept(st: _Sent, figs: list[_Fig], i: int) -> Concept:
    """Return what figure ``i`` of a sentence counts: family, indicator slug, drug, agency."""
    f = figs[i]
    q = f.q
    prev_end = figs[i - 1].q.end if i > 0 else 0
    next_start = figs[i + 1].q.start if i + 1 < len(figs) else len(st.text)
    c0, c1 = st.clause(q.start)
    if q.dim in ("count", "percent") and any(a <= q.start < b for a, b in st.targets):
        # "The strategy aims to reduce drug-related crimes by 10 percent": a goal (money
        # planned for a programme is still its budget; "traffickers seeking to move 40 kg"
        # may still be a seizure)
        return Concept(note="a goal or plan, not a figure; no indicator")
    if q.dim == "rate":
        # "3.8 per 100 thousand of population": a rate, named by its clause (rules.RATE_INDICATORS)
        slug = rate_slug(st.text[max(0, c0 - 200) : c1])
        return Concept(family="percent", slug=slug, note="" if slug else _RATE_OF_NOTHING)
    if q.dim == "mass":
        return _mass_concept(st, q, max(prev_end, 0), next_start)
    if (q.dim in ("money", "area") or (q.dim == "count" and not q.bare)) and _is_difference(st, q):
        # "from 2513 (-111 ha) hectares": the size of a change (of an area, a sum, a count
        # of pills), not a level
        return Concept(note=_DIFFERENCE_NOTE)
    if q.dim == "money":
        return _price_or_budget(st, q, prev_end, next_start)
    if q.dim == "area":
        return _area_concept(st, q, prev_end, next_start)
    if q.dim == "count" and not q.bare:
        # doses, pills, tablets
        drug, weak = _drug_near(st, q, prev_end, next_start)
        fam = _family(st, q)
        return Concept(
            family=fam if fam == "seizure" else "",
            drug=drug,
            agency=_seizure_agency(st, q.start) if fam == "seizure" else "",
            weak=weak,
            note="" if fam == "seizure" else "no verb of seizure near the figure",
        )
    start_tok, prev_tok = _subject_tokens(figs, i)
    before = _count_before(st, figs, i, start_tok, prev_tok)
    if q.dim == "percent" and _in_apposition(st, figs, i):
        return Concept(note="a share restating the count before it; no indicator")
    if q.dim == "percent":
        return _percent_concept(st, figs, i, start_tok, prev_tok)
    if q.bare and _is_difference(st, q):
        # "was reduced by 1,353", "24 cases or 30 percent more than": the size of a change
        return Concept(note=_DIFFERENCE_NOTE)
    after = _count_after(st, figs, i)
    hit = first_rule_match(
        TOTAL_OF_NAMED, f"{st.text[: q.start].lower()} || {' '.join(after.lower().split())}"
    )
    if hit is not None:
        # "a 13% increase in drug-related crimes in 2024, totaling 405 cases"
        offences = hit[1].group("noun").startswith("offen")
        return Concept(
            family="count", slug="drug_offences_registered" if offences else hit[0].value
        )
    agency = _agency(st, q.start)
    w0, w1 = st.window(q.start)
    before = _part_before(st, figs, i, before)
    slug, note = classify_count(
        after,
        before,
        st.text[w0:w1],
        agency,
        clause=st.text[c0 : q.start],
        # "12-15 thousand people use opiates", "about 30,000 people inject drugs": a range
        # or an approximate count of people is an estimate
        estimate=q.is_range or q.qualifier == "approx",
        group=st.group_before(q.start),
        local=st.text[_phrase_start(st, q.start, max(prev_end, w0)) : min(next_start, w1)],
    )
    registered_n = _REGISTERED_N.search(st.text, max(0, q.start - 40), q.start)
    if (
        not slug
        and not note
        and q.bare
        and not _without_periods(after)
        and (first_match(NUMBER_OF_SUBJECT, st.text[: q.start]) or registered_n)
        and f.role == "main"
    ):
        slug, note = _sentence_subject_count(st, q, registered_n, st.text[w0:w1], agency)
    if not slug and not note and q.bare and not after.strip() and _BACK_SUBJECT.search(before):
        slug = _back_slug(st, figs, i)
    prev_fig = figs[i - 1] if i > 0 else None
    if (
        not slug
        and prev_fig is not None
        and prev_fig.concept is not None
        and (
            prev_fig.concept.modifier == "part"
            or prev_fig.concept.slug in ("drug_sales_cases", "drug_smuggling_cases")
        )
        and q.tok_start > 0
        and st.toks[q.tok_start - 1].low in ("and", ",", "while")
    ):
        slug, note = _after_part_count(prev_fig, after, st.text[w0:w1], agency) or (slug, note)
    if (
        not slug
        and q.bare
        and prev_fig is not None
        and prev_fig.role == "main"
        and prev_fig.q.dim == "count"
        and prev_fig.concept is not None
        and prev_fig.concept.family == "count"
        and prev_fig.concept.slug
        and not prev_fig.concept.slug.startswith("__")
        and prev_fig.concept.modifier != "part"
        and not _without_periods(after)
        and _ELLIPSIS_GAP.fullmatch(_gap_words(st, prev_fig.q.end, q.start))
    ):
        # "the ministry registered 6,480 drug users in 2012, and 5,900 in 2013": a figure
        # with its noun left out counts what the figure before counts (in its own period)
        return Concept(family="count", slug=prev_fig.concept.slug, agency=agency)
    sub_period = _sub_period_part(st, figs, i) if not slug else None
    if sub_period is not None:
        return sub_period
    return _count_concept(st, figs, i, slug, note, agency, after)


_RATE_OF_NOTHING = "a rate of nothing listed"

GENERIC_READER = True
"""After the rules, read a count, share or rate none of them mapped with the generic reader
(:mod:`.generic`): its noun phrase scored against the catalogue."""

# a number that is no count: a section, an article, a list item, an age
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:no|nos|article|articles|art|paragraph|section|chapter|clause|part|item|"
    r"page|pages|resolution|decree|law|order|aged?|ages|phone|tel|call|hotline|"
    r"top|rank\w*|grade|class|level|stage|phase|round|step|group|unit|code)\.?|[#№§])\s*$",
    re.I,
)
_LIST_ITEM = re.compile(r"\s*[.)]\s")
_PHONE = re.compile(r"\+?\d[\d ]*\(\d+\)\s*\d[\d -]{4,}\d|\b\d{2,4}(?:-\d{2,4}){2,}\b")
# between a count and the rate of it: "3,277 persons (59.4 per 100 thousand)", "25,000 IDUs ("
_RATE_AFTER_COUNT = re.compile(r"\s*(?:[A-Za-z-]+\s*){0,3}(?:\(|,\s*or|,)\s*")
_IN_PLACE = re.compile(
    r"\b(?:in|of)\s+(?:the\s+)?(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?\s+"
    r"(?:oblast|region|province|velayat|viloyat|district|city|state|county)\b",
    re.I,
)
_DOWN_NEAR = re.compile(
    r"\b(?:decreas\w*|f[ae]ll\w*|down|declin\w*|drop\w*|lower|less|fewer|reduc\w*|below|"
    r"plung\w*|cut)\b",
    re.I,
)
_PRONOUN_SUBJECT = re.compile(r"\s*(?:it|they|this|these|that)\b", re.I)


def _strip_figures(text: str) -> str:
    """``text`` without its numbers (and their percent signs): the words of a phrase."""
    return re.sub(r"\d[\d.,]*\s*(?:per\s*cent|percent|%)?", " ", text)


_LOCATED = re.compile(
    r"[^.;]{0,40}?\b(?:are|is|were|was|lives?|lived|living|resid\w*|located)\s+in\s+"
    r"(?:the\s+)?(?-i:[A-Z])",
    re.I,
)
_RANGE_OF = re.compile(r"\b(?:range|interval|bounds?)\s+(?:of|from|between)\s*$", re.I)
# a place then "where": the figure is that place's
_WHERE_PLACE = re.compile(r"(?-i:[A-Z][\w'’-]+),?\s+where\b")
# an age group: a part of the population, not the whole
_AGE_GROUP = re.compile(
    r"\b(?:under|below|over|above|aged|younger\s+than|older\s+than)\s+\d{1,2}(?![\d,.])", re.I
)
# "out of 250 million": the whole a part is taken of
_DENOMINATOR = re.compile(r"\bout\s+of\s+(?:\w+\s+){0,2}$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PER_YEAR = re.compile(r"\b(?:per|a|each|every)\s+year\b|\bannual(?:ly)?\b|\byearly\b", re.I)


def _other_base(clause: str, sentence: str = "") -> bool:
    """A change in the clause is on a base more than a year back ("36% more than in 2009"
    of a 2011 figure; "from 2,652 in 2011 to 4,393 in 2019"), and not a yearly average."""
    if _PER_YEAR.search(clause):
        return False
    years = {int(y) for y in _YEAR.findall(clause)}
    if len(years) > 1 and max(years) - min(years) > 1:
        return True
    base = _THAN_YEAR.search(clause)
    latest = max((int(y) for y in _YEAR.findall(sentence)), default=0)
    return base is not None and latest - int(base.group(1)) > 1


_THAN_YEAR = re.compile(r"\bthan\s+(?:in\s+)?((?:19|20)\d\d)\b", re.I)


_REFERS_BACK = re.compile(
    r"^\s*(?:the\s+(?:numbers?|figures?|totals?|count)|this|these|that|it)\b", re.I
)


def _sibling_head(st: _Sent, figs: list[_Fig], i: int) -> str:
    """The class of what the count before figure ``i`` in a list counts ("2,798 (3,017)
    crimes related to sales, 645 (709) - with smuggling"), else ""."""
    if figs[i].q.dim != "count":
        return ""
    for g in reversed(figs[:i]):
        if g.role != "main":
            continue
        if g.q.dim != "count" or g.concept is None or g.concept.family != "count":
            return ""
        slug = g.concept.slug.removeprefix("__agency:")
        if re.search(r"[.;:]", st.text[g.q.end : figs[i].q.start]):
            return ""
        found = profile(slug)
        return next(iter(found.heads), "") if found is not None else ""
    return ""


def _not_generic(st: _Sent, figs: list[_Fig], i: int) -> bool:
    """Figure ``i`` is no count, share or rate the generic reader may read: a section or
    phone number, a list item, a goal, one place's figure, a sub-group, the bounds of an
    estimate, a part of a denominator."""
    q = figs[i].q
    if q.dim not in ("count", "percent", "rate") or (q.dim == "count" and not q.bare):
        return True
    if (
        q.dim == "count"
        and q.unit == "count"
        and q.value is not None
        and q.value != q.value.to_integral_value()
    ):
        return True  # "3.8": a rate or an index with its unit left out ("9.1 thousand" is)
    lead = st.text[max(0, q.start - 30) : q.start]
    if _NOT_A_COUNT_BEFORE.search(lead):
        return True
    if any(a <= q.num_start < b for a, b in st.phone_spans):
        return True  # "the trust line, 8 (12) 39-88-73"
    if q.dim == "count" and _LIST_ITEM.match(st.text, q.end) and not lead.strip():
        return True  # "1. ...", "2) ...": a list item
    c0, c1 = st.clause(q.start)
    nxt = min(
        [a for a, _ in st.fig_spans if a >= q.end and st.text[:a].rstrip()[-1:] != "("] + [c1]
    )
    return bool(
        # "The new program targets a 20 percent reduction in ...": a goal
        _GOAL_WORDS.search(st.text, c0, c1)
        # "police in Osh oblast", "Alaska, where overdose deaths climbed 27%"
        or _regional(st, q.start)
        or _WHERE_PLACE.search(st.text, max(c0, q.start - 80), q.start)
        # "522 (9%) in Kotayk province": one region's figure
        or _IN_PLACE.search(st.text, q.end, nxt)
        or _IN_PLACE.search(st.text, max(c0, q.start - 60), q.start)
        # "24.0% of IDUs are in Bishkek": where a part of them lives
        or _LOCATED.match(st.text, _skip_figure(st, q.start), nxt)
        # "estimated at 25,000, with a possible range of 20,000-30,000"
        or _RANGE_OF.search(st.text, max(c0, q.start - 40), q.start)
        # "drug users under 35", "4.5 million out of 250 million Indonesians"
        or _AGE_GROUP.search(st.text, c0, c1)
        or _DENOMINATOR.search(st.text, c0, q.start)
    )


def _generic_phrase(st: _Sent, figs: list[_Fig], i: int) -> Phrase:
    """The phrase of figure ``i`` for the generic reader: its noun phrase, predicate and
    subject (see :func:`.generic.count_phrase`), with what its unit says."""
    f = figs[i]
    q = f.q
    c0, c1 = st.clause(q.start)
    j = i
    if (
        q.dim == "rate"
        and i > 0
        and figs[i - 1].q.dim == "count"
        and _RATE_AFTER_COUNT.fullmatch(st.text, figs[i - 1].q.end, q.start)
    ):
        # "including 25,000 IDUs (476 per 100 thousand ...)": the rate is of the count
        # before it, named by that count's phrase (and dated as it is)
        j = i - 1
        f.rate_of = j
    start_tok, prev_tok = _subject_tokens(figs, j)
    before = _count_before(st, figs, j, start_tok, prev_tok)
    if j != i:
        after = _count_after(st, figs, j)
        c0 = min(c0, figs[j].q.start)
    elif q.dim == "count":
        after = _count_after(st, figs, i)
    else:
        after = _after_phrase(st, q, years=True)
        if q.dim == "rate":
            # "16 deaths per 100,000 people": the noun inside the rate says what it counts
            inside = _strip_figures(st.text[q.start : q.end].split(" per ", 1)[0])
            after = f"{inside} {after}"
    # the clause before the number, without its figures: the subject when the words right
    # before the number do not name it ("drug-related crimes: 5,120", "The number of
    # registered drug addicts increased by 13 per cent last year to a record 28,000")
    b0 = c0
    k = figs[j].q.tok_start - 1
    if not before.strip() and k >= 0 and st.toks[k].text in (":", "-", "–", "—"):
        b0 = min(c0, st.clause(max(0, st.toks[k].start - 1))[0])  # "Drug crimes: 5,120"
    clause_before = _strip_figures(st.text[b0 : figs[j].q.start])
    if names_nothing(clause_before):
        # "..., increasing from 8 percent in 2010 to 18 percent": the clause names no
        # subject; the sentence before it does ("the percentage of overdose deaths ...")
        clause_before = _strip_figures(st.text[: figs[j].q.start])
        if (
            q.dim != "count"
            and _PRONOUN_SUBJECT.match(clause_before)
            and names_nothing(clause_before)
        ):
            # "The proportion of addicts injecting drugs rose. It went up by 2 per cent to
            # 56 per cent": "It" is the subject of the sentence before
            clause_before = f"{_strip_figures(st.prev_sentence)} {clause_before}"
    listed = _respective_subject(st, figs, j)
    if listed and names_nothing(_strip_figures(st.text[c0 : figs[j].q.start])):
        # "The number of registered drug users and of people registered for the first time
        # fell. The numbers were 5,471 and 1,170 respectively": the k-th subject listed in
        # the sentence before is the k-th figure's
        clause_before, before = listed, listed
        after = _RESPECTIVELY.sub(" ", after) if _RESPECTIVELY.match(after) else after
    phrase = count_phrase(
        after,
        before,
        clause_before,
        percent=q.dim != "count",
        context=st.text[c0:c1],
        # "an estimated four million", "about 30,000", "12-15 thousand": an estimate
        estimate=q.qualifier == "approx" or q.is_range or "estimat" in st.text[q.start : q.end],
        sibling=_sibling_head(st, figs, i),
    )
    on_drugs = DRUG_WORDS.search(st.text) or (listed and DRUG_WORDS.search(st.prev_sentence))
    if not phrase.drug and phrase.head == "user" and on_drugs:
        # "Drug abuse is growing: the number of registered users rose to 8,400": users
        # in a sentence on drugs are drug users (crimes are not drug crimes that way)
        phrase.drug = True
    if q.dim == "percent" and not phrase.change:
        phrase.features.setdefault("share", 1.0)  # the unit says it: a share
    if q.dim == "rate":
        # the unit says it: a number of people per head of population
        phrase.features.update(per=1.0, population=1.0)
        like = like_indicator(figs[j].slug, phrase) if j != i and figs[j].slug else None
        for t in like.features if like is not None else ():
            phrase.features.setdefault(t, 0.7)  # the rate of a count counts what it counts
    return phrase


def _respective_subject(st: _Sent, figs: list[_Fig], i: int) -> str:
    """The subject of figure ``i`` when it is the k-th of N bare counts before
    "respectively" and the sentence before lists N subjects joined by "and" or commas
    ("The number of registered drug users and of people registered for the first time
    fell. The numbers were 5,471 and 1,170 respectively"), else ""."""
    m = _RESPECTIVELY.search(st.text, figs[i].q.end)
    if m is None or not st.prev_sentence or figs[i].q.dim != "count":
        return ""
    run = [
        f
        for f in figs
        if f.q.dim == "count" and f.q.end <= m.start() and f.q.start >= st.clause(m.start())[0]
    ]
    if figs[i] not in run or len(run) < 2:
        return ""
    if not re.match(
        r"\s*(?:the\s+|these\s+|their\s+)?(?:numbers|figures|totals|counts)\b",
        st.text[st.clause(run[0].q.start)[0] : run[0].q.start],
        re.I,
    ):
        return ""  # "The numbers were ...": the counts refer back; nothing else does
    prev = _strip_figures(st.prev_sentence)
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", prev) if p.strip()]
    if len(parts) != len(run):
        return ""
    own = parts[run.index(figs[i])]
    number_of = re.compile(r"\b(?:number|count)\s+of\b", re.I)
    if number_of.search(parts[0]) and not number_of.search(own):
        own = f"the number {own}"  # "... and of people registered for the first time"
    return own


# a share and the count of its part: "registered_pwid_share" -> "registered_pwid"
_SHARE_COUNT = {
    "registered_pwid_share": "registered_pwid",
    "new_treatment_patients_share": "new_treatment_patients",
}
# between a share and its count: "(in 1993) to", ", or", ", i.e."
_SHARE_TO_COUNT = re.compile(
    r"\s*(?:in\s+(?:19|20)\d\d\s*)?(?:,\s*)?(?:to|or|i\.e\.|that\s+is)\s*$", re.I
)


def _count_of_share(st: _Sent, figs: list[_Fig], i: int) -> str:
    """The slug of a bare count that follows a share of a part in one clause, as its number
    ("It went up by 2 per cent to 56 per cent in 1993 to 13,300 addicts", of the proportion
    of addicts injecting: registered_pwid), else ""."""
    if i == 0 or figs[i].q.dim != "count" or not figs[i].q.bare:
        return ""
    prev = figs[i - 1]
    slug = prev.concept.slug if prev.concept is not None else ""
    if slug not in _SHARE_COUNT or prev.q.dim != "percent":
        return ""
    if not _SHARE_TO_COUNT.fullmatch(st.text, prev.q.end, figs[i].q.start):
        return ""
    after = _after_phrase(st, figs[i].q, limit=3)
    if not re.match(r"\s*(?:\w+\s+)?(?:addicts|users|people|persons|patients|idus)\b", after, re.I):
        return ""
    return _SHARE_COUNT[slug]


def _generic_concept(st: _Sent, figs: list[_Fig], i: int) -> Concept | None:
    """The concept the generic reader (:mod:`.generic`) gives a count, share or rate that
    no rule mapped, or None."""
    f = figs[i]
    q = f.q
    if _not_generic(st, figs, i):
        return None
    part = _count_of_share(st, figs, i)
    if part:
        return Concept(
            family="count",
            slug=part,
            note="the count of the group the share before it is of",
            weak=True,
        )
    phrase = _generic_phrase(st, figs, i)
    c0, c1 = st.clause(q.start)
    if q.dim == "percent" and phrase.change and _other_base(st.text[c0:c1], st.text):
        return None  # "from 2,652 in 2011 to 4,393 in 2019 (a 66% increase)": no yearly change
    match = best_indicator(phrase, q.dim)
    before = _count_before(st, figs, i, *_subject_tokens(figs, i))
    if match is None and q.dim == "percent" and st.whole_slug and _REFERS_BACK.search(before):
        # "There were 70,980 overdose deaths in 2019. The numbers represent a 4.6 percent
        # increase": a change of what the figure of the sentence before counts
        like = like_indicator(st.whole_slug, phrase)
        match = best_indicator(like, q.dim) if like is not None else None
    if match is None:
        return None
    note = (
        f"read by the generic reader ('{' '.join(phrase.text.split())[:80]}' is most like "
        f"{match.slug}, {match.score:.2f})"
    )
    agency = _agency(st, q.start)
    if q.dim == "count":
        if agency in _AGENCY_ONLY_COUNTS:
            return Concept(
                family="count", slug=f"__agency:{match.slug}", agency=agency, note=note, weak=True
            )
        return Concept(family="count", slug=match.slug, note=note, weak=True)
    if agency in _AGENCY_ONLY_COUNTS:
        return None
    if q.dim == "percent" and phrase.change:
        near = " ".join(before.split()[-4:] + _after_phrase(st, q, years=True).split()[:4])
        f.sign = -1 if _DOWN_NEAR.search(near) else 1  # "12 percent below", "fell by 9%"
    return Concept(family="percent", slug=match.slug, note=note, weak=True)


# between a count and a second one that leaves its noun out: the first one's noun and
# period, then "and", "while", "against" ("6,480 drug users in 2012, and 5,900 in 2013")
_ELLIPSIS_GAP = re.compile(r"[a-z\s-]{0,40}?,?\s*(?:and|while|against|versus|but)\s*", re.I)


def _gap_words(st: _Sent, a: int, b: int) -> str:
    """The text between two figures without its period phrases."""
    text = st.text[a:b]
    for p in reversed(find_periods(text)):
        text = text[: p.start] + text[p.end :]
    return text


# a subject that refers back to a count named before: "the toll", "the number", "this figure"
# (not "the number of NGOs", which names what it counts)
_BACK_SUBJECT = re.compile(
    r"\b(?:the|this|that)\s+(?:death\s+|overall\s+|annual\s+)?(?:toll|tally|number|figure|"
    r"count)(?:\s+(?!of\b)[a-z]+){0,3}\s*$",
    re.I,
)
# "..., of which 1,300 in March", "..., including 700 in the first quarter": a part in time
_SUB_PART = re.compile(r",\s*(?:of\s+which|including)\s*$", re.I)


def _only_period(st: _Sent, q: Quantity) -> bool:
    """A period and nothing else follows the figure up to the next stop ("1,300 in March
    alone", "700 in the first quarter")."""
    after = _after_phrase(st, q, years=True)
    found = find_periods(after)
    rest = after
    for p in reversed(found):
        rest = rest[: p.start] + rest[p.end :]
    return bool(found) and not re.sub(r"(?i)\b(?:alone|only|in|during|over)\b|[\s,.-]", "", rest)


# a part named by a pronoun after the figure: "made up 1,052 of these", "29,000 of them"
_PART_AFTER = re.compile(
    r"\s*(?:of|out\s+of|among)\s+(?:these|them|those|this\s+number|this\s+total)\b", re.I
)
_PART_BEFORE = re.compile(
    r"\b(?:of|among|out\s+of)\s+(?:which|whom|these|them|those|this\s+number|this\s+total)"
    r"\s*,?\s*$",
    re.I,
)


def _pronoun_part(st: _Sent, f: _Fig) -> bool:
    """The figure is a part of a whole named by a pronoun: "Of these, 6,120 ...", "29,000
    of them inject drugs", "Trafficking offences made up 1,052 of these"."""
    q = f.q
    if _PART_OPEN.match(st.text) or _PART_AFTER.match(st.text, q.end):
        return True
    return bool(_PART_BEFORE.search(st.text, max(0, q.start - 40), q.start))


def _resolve_main(
    st: _Sent,
    f: _Fig,
    scope: SentenceScope,
    stock: bool,
    covered: int,
    state: _Para,
    whole: Resolved | None,
) -> tuple[Resolved, PeriodMention | None, str]:
    """The period of a main figure, by the order of scopes of :mod:`.scope`.

    Returns the period, the phrase that gave it (None when none of the sentence did) and
    the scope it came from (``own``, ``sub``, ``clause``, ``main clause``, ``part``,
    ``register``, ``paragraph``, ``section``, ``covered``). ``whole`` is the period of the
    figure's whole earlier in the sentence, for a part named by a pronoun.
    """
    if f.listed is not None:
        return f.listed, None, "own"
    context = state.period
    budget = f.concept is not None and f.concept.family == "budget"
    pm, level = scope.choose(f.q.start, f.q.end, seg=f.seg, own=f.own, stock=stock, budget=budget)
    if (
        pm is not None
        and pm.kind == "year"
        and pm.keyword == "attr"
        and context is not None
        and context.partial_single_year
        and context.start is not None
        and context.start[0] == pm.y
    ):
        # "Of the 2007 total, heroin made up 305 kg" after "the first half of 2007"
        return (
            Resolved(context.start, context.end, "period taken from the paragraph", 0.1),
            pm,
            level,
        )
    if pm is not None:
        if pm.role == ANAPHOR:
            # "over the same period", "that year": the nearest period stated before
            ante = scope.antecedent(
                pm, covered=covered, context=context, before=(state.last_period, state.last_year)
            )
            if ante is not None:
                context = ante.period
                # a sub-period taken up ("In the first quarter alone, ... Over the same
                # period, ...") stays a sub-period for the section
                level = "sub" if ante.role == SUB else "anaphor"
        elif pm.y is None and pm.kind in ("full", "partial", "half", "months", "date"):
            # "... in the first nine months of 2013, and 19 over the whole year", "2.9 MT in
            # 2013, including 310 kg in March alone": the year written in the sentence comes
            # before the paragraph's
            years = [p.y for p in scope.periods if p.y is not None and p.role not in (BASE, EVENT)]
            if years:
                context = Resolved((years[0], 1), (years[0], 12))
                r = resolve(
                    pm, covered_year=covered, stock=stock, context=context, edition=state.edition
                )
                note = r.note.replace("from the paragraph", "from the sentence")
                return Resolved(r.start, r.end, note, r.penalty), pm, level
        r = resolve(pm, covered_year=covered, stock=stock, context=context, edition=state.edition)
        return r, pm, level
    span = state.programme_span
    if budget and span is not None and st.prev_programme and _ITS_BUDGET.search(st.text):
        # "The Program ... covers 2018-2022. Its budget is $4.5 million.": the span of the
        # programme "its" stands for
        return (
            Resolved(span.start, span.end, "span of the programme named before", 0.1),
            None,
            "own",
        )
    if _pronoun_part(st, f):
        # "As of January 1, 2019, 17,400 people were registered. Of these, 6,120 ...",
        # "Trafficking offences made up 1,052 of these": the part takes the date (or
        # period) of its whole, in the sentence, else in the sentence before
        w = whole if whole is not None else state.whole
        if w is not None:
            where = "in the sentence" if whole is not None else "in the sentence before"
            return Resolved(w.start, w.end, f"period of the whole {where}", 0.1), None, "part"
    if (
        stock
        and state.register_period is not None
        and _REGISTER.search(st.text[slice(*st.clause(f.q.start))])
    ):
        # "As of January 1, 2020, 6,480 drug users were registered. Heroin users accounted
        # for 71 percent of all registered users.": the date of the register
        r = state.register_period
        return (
            Resolved(r.start, r.end, "date of the register taken from the paragraph", 0.1),
            None,
            "register",
        )
    if (
        context is not None
        and not stock
        and first_match(YEARLY, st.text[slice(*st.clause(f.q.start))])
    ):
        # "Officers detect over 200,000 drug crimes annually": one year's figure, not the
        # span ("since 2011") said before
        return (
            Resolved(
                (covered, 1), (covered, 12), f"a yearly figure: the covered year {covered}", 0.2
            ),
            None,
            "covered",
        )
    if context is not None and not stock:
        return (
            Resolved(context.start, context.end, "period taken from the paragraph", 0.15),
            None,
            "paragraph",
        )
    earlier = state.seizure_period
    if earlier is not None and f.concept is not None and f.concept.family == "seizure":
        return (
            Resolved(
                earlier.start,
                earlier.end,
                "period taken from an earlier paragraph on seizures",
                0.2,
            ),
            None,
            "section",
        )
    return (
        Resolved(
            (covered, 1),
            (covered, 12),
            f"period not stated; assumed the covered year {covered}",
            0.25,
        ),
        None,
        "covered",
    )


def _resolve_comparison(
    f: _Fig, anchor: _Fig, periods: list[PeriodMention], stock: bool, covered: int
) -> Resolved:
    base = anchor.period
    seg = f.seg or (f.q.start, f.q.end)
    inside = [p for p in periods if p.role == BASE and seg[0] <= p.start < seg[1]]
    if f.role == "equivalent":
        return Resolved(base.start, base.end, "", 0.0) if base else Resolved(None, None)
    after = [p for p in inside if p.start >= f.q.start]
    pm = after[0] if after else (inside[-1] if inside else None)
    if pm is None:
        if base is None or base.start is None:
            return Resolved(
                (covered - 1, 1),
                (covered - 1, 12),
                "compared period not stated; assumed the year before",
                0.3,
            )
        year = (base.end or base.start)[0] - 1
        return shift_to_year(
            base, year, "compared period not stated; assumed the same months a year earlier"
        )
    if (
        pm.kind == "year"
        and base is not None
        and base.start is not None
        and (base.partial_single_year or (base.end is not None and base.start == base.end))
    ):
        return shift_to_year(
            base, pm.y, f"same months as the figure it is compared with, in {pm.y}"
        )
    if pm.kind == "year" and base is not None and base.end is None and base.start is not None:
        return Resolved((pm.y, base.start[1]), None, "cut-off not stated", 0.1)
    return resolve(pm, covered_year=covered, stock=stock, anchor=base)


def _carries(pm: PeriodMention | None, new: Resolved, whole: Resolved | None) -> bool:
    """A period stated in a sentence may date the later sentences of its paragraph (or,
    for seizures, of its section).

    It may when it is a *reporting period*: the whole year, or the year up to a cut-off
    ("In the first nine months of 2018, ...", "January-October 2019"). A *sub-period*
    dates only its own sentence: a quarter, a single month, a part of a year that does not
    start in January ("the second half", "October-December"), or a part of a year already
    stated whole ("In 2018 police seized 5 MT. In the first half, they dismantled four
    laboratories. Precursor seizures reached 3.8 MT": the 3.8 MT is the year's). So does
    a span of several years, the period of a cumulative figure ("From 2016 to 2020, police
    seized 24 tons"): the figures after it are the covered year's. A span of a year or less
    across the turn of a year ("October 2018-March 2019", a fiscal half-year) is a reporting
    period. A later sentence takes
    a sub-period up only by referring back to it ("in the same period", "that quarter").

    Parameters
    ----------
    pm : PeriodMention or None
        The phrase that stated the period, when known.
    new : Resolved
        The period.
    whole : Resolved or None
        The period already in force (the paragraph's, or the section's seizures').

    Returns
    -------
    bool
    """
    if new.start is None or new.end is None:
        return True
    months = new.months or 0
    if months > 12:
        return False
    if months == 12:
        return True
    if new.start[0] < new.end[0]:
        # "during October 2018-March 2019": a span across the turn of a year is a
        # reporting period (a fiscal year or a part of one), no part of a calendar year
        return True
    if new.start[1] != 1:
        return False
    if pm is not None and (
        (pm.kind == "half" and pm.m2 is not None and pm.m1 is not None and pm.m2 - pm.m1 == 2)
        or (pm.kind == "date" and pm.keyword in ("in", "during", "for", ""))
    ):
        return False  # "the first quarter", "in January"
    return not (
        whole is not None
        and whole.start is not None
        and whole.months == 12
        and whole.start[0] == new.start[0]
    )


def _earlier(new: Resolved, old: Resolved | None) -> bool:
    """``new`` ends before ``old`` does (a look back, not the paragraph's current period)."""
    if old is None or new.start is None or old.start is None:
        return False
    return (new.end or new.start) < (old.end or old.start)


def _stock(slug: str, catalogue: Catalogue) -> bool:
    """A level at a date (registered users, a share, a prevalence), not a flow or a change."""
    kind = catalogue.kind(slug)
    if slug.endswith("_change"):  # a change in registered users is read like the level
        return catalogue.kind(slug[: -len("_change")]) == "stock"
    if kind == "ratio" and "share_of_seizures" in slug:
        # "2 tons 297 kg were heroin (60.4%)": a share of the seizures of a period is dated
        # like the seizures
        return False
    return kind == "stock" or kind == "ratio"


def _is_headline(block: str) -> bool:
    """A news headline: one short line at the top, with no full stop at its end."""
    line = block.strip()
    return (
        bool(line)
        and "\n" not in line
        and len(line.split()) <= 20
        and not line.endswith((".", "!", "?", ":", ";", '"', "”"))
    )


def extract_rows(
    text: str,
    paragraphs: list[Paragraph],
    *,
    edition: int,
    covered: int,
    catalogue: Catalogue,
    warnings: list[str] | None = None,
) -> list[dict]:
    """Candidate rows for all figures in the paragraphs (without ids, country and source).

    Parameters
    ----------
    text : str
        The whole chapter (sentence spans index into it).
    paragraphs : list of Paragraph
    edition : int
    covered : int
        The year the edition covers.
    catalogue : Catalogue
    warnings : list of str, optional
        Receives a message for each part of the text that was not read (tables).

    Returns
    -------
    list of dict
    """
    if warnings is None:
        warnings = []
    rows: list[dict] = []
    section = None
    aliases = _Aliases()
    state = _Para(aliases=aliases, edition=edition)
    for k, para in enumerate(paragraphs):
        if k == 0 and len(paragraphs) > 1 and _is_headline(text[para.start : para.end]):
            # "Almost 250 kilograms of drugs seized in two months": a news headline restates
            # (and rounds) a figure of the text below it
            continue
        # a text without headings is one section ("para 1", "para 2", ...)
        name = "" if para.locator.startswith("para ") else para.locator.rsplit(", para", 1)[0]
        if name != section:
            section = name
            # in a section on supply reduction or seizures, masses are seizures by default
            default = "seizure" if re.search(r"supply\s+reduction|seizure", name, re.I) else ""
            state = _Para(family=default, aliases=aliases, edition=edition)
        elif para.sentences and first_match(CONTINUATION, para.sentences[0].text):
            # "A total included ...", "Of this amount, ...": the paragraph before goes on
            rule = first_match(CONTINUATION, para.sentences[0].text)
            state = dataclasses.replace(state, parts_of_before=rule.value == "parts")
        else:
            state = _Para(
                family=state.family,
                seizure_period=state.seizure_period,
                aliases=aliases,
                edition=edition,
                period=state.period if _CARRY_PERIOD and not name else None,
            )
        for sent in para.sentences:
            quiet = _without_signed_changes(sent)
            got = _sentence_rows(quiet, para, state, edition, covered, catalogue, warnings)
            if quiet is not sent:
                for r in got:
                    r["sentence"] = " ".join(sent.text.split())
            rows.extend(got)
    rows = [span_period(row) for row in rows if not not_a_record(row)]
    return _drop_restatements(rows)


_NUM_WORD = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
# a total over a span of years: "234 tonnes in 7 years", "since 2011", "between 1997 and 2011"
_SPAN = re.compile(
    rf"\b(?:in|over|during|for|within)\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+)?"
    rf"{_NUM_WORD}\s+years\b"
    r"|\bsince\s+((?:19|20)\d\d)\b"
    r"|\bbetween\s+((?:19|20)\d\d)\b[^.;]{0,80}?\band\s+((?:19|20)\d\d)\b"
    r"|\bfrom\s+((?:19|20)\d\d)\s+(?:to|until|till|through)\s+((?:19|20)\d\d)\b",
    re.I,
)
# a comparison, not a span ("the highest since 2011", "for the first time in 10 years")
_SPAN_COMPARED = re.compile(
    r"\b(?:highest|lowest|largest|smallest|biggest|most|least|first\s+time|record|ever|"
    r"compared)\b[^.;]{0,30}$",
    re.I,
)
# a part of the crimes, not all of them: "aggravated narcotics offences", "- other drug crimes"
_SUBSET_CRIMES = re.compile(
    r"\b(?:other|aggravated|serious|grave|especially|particularly|minor|petty)\s+"
    r"(?:[\w-]+\s+){0,3}(?:crimes?|offen[cs]es?|cases?)\b",
    re.I,
)
# people of a group who died: a count of deaths among them, not of the group
_WHO_DIED = re.compile(r"^[^.;,]{0,60}?\bwho\s+(?:had\s+|have\s+)?died\b", re.I)
# a number per day: "between 40 and 50 people died every day"
_PER_DAY = re.compile(
    r"^[^.;,()]{0,50}?\b(?:every|per|a|each)\s+day\b|^[^.;,()]{0,30}?\bdaily\b", re.I
)
# the base a change is on: "36% more than in 2009"
_CHANGE_BASE = re.compile(
    r"^\s*(?:more|less|higher|lower|fewer|up|down|above|below|increase|decrease|rise|drop)?\s*"
    r"(?:than|compared\s+(?:to|with)|over|on|from|against)\s+(?:in\s+|the\s+)?((?:19|20)\d\d)\b",
    re.I,
)
_CRIME_SLUG = re.compile(r"crime|offen[cs]e|cases")
# a change on a base of several years, not the year before: "30 percent fewer deaths than
# in previous years", "than in past years"
_SEVERAL_YEARS_BASE = re.compile(
    r"^[^.;,]{0,60}?\b(?:than|compared\s+(?:to|with)|over)\s+(?:in\s+)?(?:the\s+)?"
    r"(?:previous|past|earlier|prior|preceding|recent)\s+years\b",
    re.I,
)
# the two terms of a ratio ("the ratio of known to hidden addicts is about 1 to 1.3"): no
# range of a count
_RATIO_BEFORE = re.compile(r"\bratio\b", re.I)
# a count of kinds that a colon then names ("five key drug offences: manufacturing,
# importing, ..."): an enumeration, no count of records
_KINDS_NAMED = re.compile(r"^[^.;:,\d]{0,50}:\s*[^\d]+$")
# the total's noun with a kind of its own after it ("3,156 crimes involving the intent to
# transport drugs", "864 cases of illegal circulation of potent drugs"): a part of the total
_OWN_KIND = re.compile(
    r"^\s*(?:crimes?|cases?|offen[cs]es?|instances?|facts?|incidents?)\s+(?:involving|of|"
    r"related\s+to|connected\s+(?:with|to)|concerning|on)\s+(?P<kind>[\w\s'-]{1,80})",
    re.I,
)
_TOTAL_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "drug",
        "drugs",
        "narcotic",
        "narcotics",
        "narcotic-related",
        "drug-related",
        "illicit",
        "illegal",
        "illegally",
        "trafficking",
        "traffic",
        "turnover",
        "circulation",
        "related",
        "to",
        "of",
        "and",
        "or",
        "with",
        "substances",
        "psychotropic",
        "psychoactive",
        "precursors",
        "their",
    ]
)
# where the kind's noun phrase ends: a place, a time, a verb
_KIND_END = re.compile(
    r"\b(?:in|during|annually|yearly|every|each|per|last|this|since|nationwide|across|"
    r"throughout|were|was|are|is|have|has|had|by|from|at|for)\b",
    re.I,
)
_TOTAL_SLUGS = frozenset({"drug_crimes_registered", "drug_offences_registered"})
# the words a kind of offence is said with; a count that says in its own predicate what it
# is ("317 were illegal cultivation of narcotic plants") and not these words is not of the
# kind (it was taken from an item before it in a list)
_KIND_WORDS = {
    "drug_possession_offences": re.compile(r"possess|acqui|storage|keep", re.I),
    "drug_sales_cases": re.compile(r"\bsal(?:e|es)\b|sell|sold|deal|distribut", re.I),
    "drug_smuggling_cases": re.compile(r"smuggl|contraband|cross", re.I),
    "drug_trafficking_cases": re.compile(r"traffick", re.I),
    "drug_trafficking_offences": re.compile(r"traffick", re.I),
}
_OWN_PREDICATE = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:were|was)\s+(?:related\s+to\s+)?(?!\w+ed\b|\w+en\b|by\b|in\b|on\b|at\b|of\b)"
    r"(?P<what>[a-z][\w\s-]{3,80})",
    re.I,
)
# the subject of a change is a share: the change is one of points, not of the count
_SHARE_SUBJECT = re.compile(r"\b(?:proportion|share|percentage)\s+of\b", re.I)


_YEARS_SPAN = re.compile(
    rf"\b(?:in|over|during|within)\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+)?({_NUM_WORD})\s+years\b",
    re.I,
)


def span_period(row: dict) -> dict:
    """The row with the span of years its clause states as period, when no period was
    stated for it in its sentence ("seized over 234 tonnes of drugs in seven years", in a
    2017 text: 2011-01 to 2017-12).

    Parameters
    ----------
    row : dict
        A candidate row (``sentence``, ``evidence``, ``note``, ``period_start``).

    Returns
    -------
    dict
        The same row, or a copy with ``period_start``/``period_end`` set to the span.

    Examples
    --------
    >>> span_period({"evidence": "234 tonnes", "note": "period not stated; assumed the "
    ...     "covered year 2017", "period_start": "2017-01", "period_end": "2017-12",
    ...     "sentence": "Police seized 234 tonnes in seven years."})["period_start"]
    '2011-01'
    """
    note = str(row.get("note") or "")
    start = str(row.get("period_start") or "")
    if not ("not stated" in note or "taken from" in note) or not start[:4].isdigit():
        return row  # a period the sentence states is the figure's own
    before, after = _clause_window(str(row.get("sentence") or ""), str(row.get("evidence") or ""))
    m = _YEARS_SPAN.search(after) or _YEARS_SPAN.search(before)
    if m is None or _SPAN_COMPARED.search(before + after[: m.start()]):
        return row
    word = m.group(1).lower()
    n = int(word) if word.isdigit() else WORD_NUMBERS.get(word)
    if not n or n < 2 or n > 30:
        return row
    year = int(start[:4])
    return {
        **row,
        "period_start": f"{year - n + 1}-01",
        "period_end": f"{year}-12",
        "note": note + f"; a total over {n} years to the covered year",
    }


def _clause_window(sentence: str, evidence: str) -> tuple[str, str]:
    """The words of ``sentence`` before the figure back to the last stop or comma, and after
    it up to the next one (brackets kept), or two empty strings when it is not there."""
    at = sentence.find(evidence) if evidence else -1
    if at < 0:
        return "", ""
    before = re.split(r"[.;,:]\s", sentence[:at])[-1]
    after = re.split(r"[.;,]\s|[.;]$", sentence[at + len(evidence) :])[0]
    return before, after


def not_a_record(row: dict) -> bool:
    """The row is no record of its indicator although a rule or the generic reader mapped it:
    a total over a span of years, a part of the crimes (other, aggravated), people of a
    group who died, a number per day, one place's count, a change on a base more than
    a year back, or a change of a share read as a change of the count.

    Rows with no indicator are kept (they are figures of their own, reported as such),
    unless the figure is a potential amount ("precursors that could yield 105 kg of
    heroin": :data:`.rules.POTENTIAL`).

    Parameters
    ----------
    row : dict
        A candidate row (``indicator``, ``unit``, ``evidence``, ``sentence``,
        ``period_start``, ``note``).

    Returns
    -------
    bool

    Examples
    --------
    >>> row = {"indicator": "registered_drug_users", "unit": "count", "evidence": "5,755",
    ...     "period_start": "2011-01", "period_end": "2011-12", "note": "",
    ...     "sentence": "Between 1997 and 2011 the number of registered addicts is 5,755."}
    >>> not_a_record(row)
    True
    >>> not_a_record({**row, "sentence": "In 2011 the number of registered addicts was 5,755."})
    False
    """
    slug = str(row.get("indicator") or "")
    sentence = str(row.get("sentence") or "")
    evidence = str(row.get("evidence") or "")
    at = sentence.find(evidence) if evidence else -1
    if at >= 0 and first_match(POTENTIAL, sentence[max(0, at - 90) : at]) is not None:
        return True  # "(which could result in the production of 270 kg of heroin)"
    if not slug:
        return False
    before, after = _clause_window(sentence, evidence)
    unit = str(row.get("unit") or "")
    start = str(row.get("period_start") or "")
    year = int(start[:4]) if start[:4].isdigit() else None
    change = slug.endswith("_change")
    if unit in ("count", "thousand", "million") and "cumulative" not in slug:
        # a count over a span of years is no yearly count (a mass over one is a record of
        # that span: see span_period)
        clause = f"{before}{evidence}{after}"
        for m in _SPAN.finditer(clause):
            if _SPAN_COMPARED.search(clause[: m.start()]):
                continue
            # a span the figure's own clause states ("... 5,755", "exceeded 234 tonnes
            # during the period of the strategy since 2011"), not one of another figure
            years = [int(y) for y in m.groups() if y]
            assumed = "not stated" in str(row.get("note")) or "cumulative" in str(row.get("note"))
            if m.group(1) and year is not None and year - int(m.group(1)) < 2 and not assumed:
                continue  # "since 2016" of a 2017 figure: one year and a bit
            if years and not assumed and year is not None and year not in years:
                continue
            end = str(row.get("period_end") or "")
            if len(years) == 2 and year == min(years) and end[:4] == str(max(years)):
                continue  # "Between 2015 and 2017, the KNB closed 23 laboratories": dated so
            return True
    if _CRIME_SLUG.search(slug) and (
        _SUBSET_CRIMES.search(before) or _SUBSET_CRIMES.search(after.split(" and ")[0])
    ):
        return True
    if "death" not in slug and _WHO_DIED.search(after):
        return True
    if (
        unit in ("count", "thousand", "million")
        and re.search(r"\d\s*(?:to|-|\u2013)\s*\d", evidence)
        and _RATIO_BEFORE.search(before)
    ):
        return True  # "the ratio ... is about 1 to 1.3": two terms of a ratio
    if unit == "count" and _KINDS_NAMED.match(sentence[sentence.find(evidence) + len(evidence) :]):
        return True  # "five key drug offences: manufacturing, importing, ...": kinds
    if slug in _TOTAL_SLUGS:
        own = _OWN_KIND.match(after)
        kind = _KIND_END.split(own.group("kind"))[0] if own else ""
        if own and set(re.findall(r"[\w'-]+", kind.lower())) - _TOTAL_WORDS:
            return True  # "3,156 crimes involving the intent to transport drugs": a part
    said = _OWN_PREDICATE.match(after) if slug in _KIND_WORDS else None
    if said and not _KIND_WORDS[slug].search(said.group("what")):
        return True  # "..., 317 were illegal cultivation of narcotic plants": not possession
    if change and _SEVERAL_YEARS_BASE.match(after):
        return True  # "30 percent fewer deaths than in previous years": no yearly change
    if unit in ("count", "thousand", "million") and _PER_DAY.search(after):
        return True
    if (
        unit in ("count", "thousand", "million", "percent")
        and not change
        and (_IN_PLACE.search(after.split(" and ")[0]) or _LOCATED.match(after.split(" and ")[0]))
    ):
        return True
    if change and "share" not in slug and _SHARE_SUBJECT.search(before):
        return True  # "the proportion of addicts injecting went up by 2 per cent": points
    if change:
        # "In 2011 ... 2,950, which is 12.4% less than in 2010 and 28% more than in 2009"
        base = _CHANGE_BASE.match(after)
        latest = max([int(y) for y in _YEAR.findall(sentence)] + [year or 0])
        if base and latest - int(base.group(1)) > 1:
            return True
    return False


_RESTATED_KEYS = ("indicator", "value", "lower", "upper", "unit", "period_start", "period_end")


def _drop_restatements(rows: list[dict]) -> list[dict]:
    """The rows without those that restate an earlier row of the text.

    A news item or a minister's quote often gives one figure twice ("Russia's drug-related
    crime rate has dropped almost 17%, ...", then in the quote "The drug crime rate has
    dropped almost 17%."): one record, the first. A row restates an earlier one when both
    are the same record (indicator, value, unit and period) and the words of the shorter
    sentence are mostly (:data:`RESTATED_SHARE`) words of the other; a sentence that says
    more of the figure ("Heroin seizures fell ..., to 505 kg from 730 kg in 2010") keeps
    its row. Rows with no indicator are never dropped (two unmapped figures of one value
    may be two seizures).
    """
    kept: dict[tuple, list[set[str]]] = {}
    kept_but_end: set[tuple] = set()  # the keys of kept, without their period end
    unmapped: dict[tuple, set[tuple]] = {}
    told: set[tuple] = set()
    out = []
    for row in rows:
        key = tuple(str(row.get(k)) for k in _RESTATED_KEYS)
        words = _content_words(str(row.get("sentence", "")))
        if row.get("indicator") and any(_restates(words, w) for w in kept.get(key, [])):
            continue
        if row.get("indicator") and not row.get("period_end") and key[:-1] in kept_but_end:
            # "over 234 tonnes in seven years" (2011-2017), then "has exceeded 234 tonnes
            # ... since 2011" (open end): the same total told again
            continue
        same = tuple(str(row.get(k)) for k in _RESTATED_KEYS[1:5])
        period = (str(row.get("period_start")), str(row.get("period_end")))
        undated = "not stated" in str(row.get("note"))
        if (
            row.get("indicator")
            and row.get("unit") not in ("percent", "count")
            and (
                (undated and same in told)
                or (undated and same in unmapped)
                or period in unmapped.get(same, set())
            )
        ):
            # "jointly seized 43 kilograms of marijuana on May 11 ... More than 43 kilograms
            # of marijuana were confiscated from him": the same seizure told again without
            # a date of its own, or again with the date of a first mention that had no
            # indicator (one body's, one operation's)
            continue
        if not row.get("indicator"):
            unmapped.setdefault(same, set()).add(period)
        else:
            told.add(same)
        kept.setdefault(key, []).append(words)
        kept_but_end.add(key[:-1])
        out.append(row)
    return out


RESTATED_SHARE = 0.75
"""Share of the shorter sentence's words (three letters or more) that the other sentence
must hold for a row to restate an earlier row of the same record."""


def _content_words(sentence: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", sentence.lower()) if w not in ("the", "and")}


def _restates(a: set[str], b: set[str]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return bool(small) and len(small & large) >= RESTATED_SHARE * len(small)


_CARRY_PERIOD = True
"""A text without headings (a news item, the opening of a report) keeps the period one of
its paragraphs set for the paragraphs after it, until another is set ("... since the
beginning of July." then "In addition, 244,857 grams of drugs were withdrawn"); in a
chapter with sections each paragraph starts without one."""


def _remember_periods(
    scope: SentenceScope,
    state: _Para,
    covered: int,
    context: Resolved | None,
    anaphors: list[Stated],
) -> None:
    """Keep the last periods the sentence stated: what "the same period" and "that year"
    in the sentences after stand for (an anaphor's antecedent is kept as it was)."""
    last = scope.last_stated(covered=covered, context=context) or (
        anaphors[-1] if anaphors else None
    )
    state.last_period = last or state.last_period
    year = scope.last_stated(covered=covered, context=context, events=True)
    state.last_year = year or last or state.last_year


# "1507 (+436) were illegal drug sales": a signed change in brackets after a figure, with
# no percentage in it (a change in percent is a record: "500 kg (+7.2%)")
_SIGNED_CHANGE = re.compile(r"\(\s*[+\-\u2212\u2013]\s*\d[^()%]{0,40}\)")


def _without_signed_changes(sent: Sentence) -> Sentence:
    """``sent`` with its signed changes in brackets blanked out (same length, so that every
    offset holds): "4195 (+535) facts were revealed", "1507 (+436) were illegal drug sales"
    read as "4195 facts ...", "1507 were ...". The change on the base period is no record
    (:data:`.rules.DIFFERENCE`), and it parts a count from its noun.

    Examples
    --------
    >>> _without_signed_changes(Sentence(0, 30, "1507 (+436) were drug sales.")).text
    '1507        were drug sales.'
    """
    if "(" not in sent.text or not _SIGNED_CHANGE.search(sent.text):
        return sent
    text = _SIGNED_CHANGE.sub(lambda m: " " * len(m.group(0)), sent.text)
    return Sentence(sent.start, sent.end, text)


def _sentence_rows(
    sent: Sentence,
    para: Paragraph,
    state: _Para,
    edition: int,
    covered: int,
    catalogue: Catalogue,
    warnings: list[str],
) -> list[dict]:
    """Rows for one sentence; updates the paragraph ``state``."""
    toks = tokenize(sent.text)
    n_numbers = sum(1 for t in toks if t.kind == "num")
    if n_numbers > 3 * MAX_FIGURES:  # a table or not text at all: do not even read it
        warnings.append(
            f"{para.locator}: characters {sent.start}-{sent.end} hold {n_numbers} numbers in one "
            "sentence (a table?); not read, check them by hand"
        )
        return []
    if state.aliases is not None:
        state.aliases.learn(sent.text)
    clauses = split_clauses(toks, len(sent.text))
    st = _Sent(
        sent.text,
        toks,
        clauses.starts,
        find_drugs(sent.text),
        state.family,
        aliases=state.aliases,
        prev_agency=state.last_agency,
        parts_of_before=state.parts_of_before,
        whole_slug=state.whole_slug,
        prev_group=state.group,
        prev_programme=state.programme,
        prev_sentence=state.prev_sentence,
    )
    state.prev_sentence = sent.text
    state.group = named_group(sent.text) or state.group
    if st.agency_hits:
        state.last_agency = st.agency_hits[0][2]
    figs, ratios = _figures(st)
    st.fig_spans = [(f.q.start, f.q.end) for f in figs]
    st.claimed = [r for r in (_of_range(st, f.q) for f in figs) if r is not None]
    if len(figs) > MAX_FIGURES:
        warnings.append(
            f"{para.locator}: characters {sent.start}-{sent.end} hold {len(figs)} numbers in one "
            "sentence (a table?); not read, check them by hand"
        )
        return []
    # a number that is a figure ("2014 kg") is not also a year
    periods = [
        p
        for p in find_periods(sent.text)
        if not any(f.q.num_start < p.end and p.start < f.q.end for f in figs)
    ]
    for p in periods:
        if (p.y is not None and p.y > edition and p.kind != "years") or (
            p.kind in ("year", "date", "edge", "months")
            and any(a <= p.start < b for a, b in st.targets)
        ):
            # "by 2025", "aims to cut ... by 2021": a deadline, not the period of a figure
            # (nor of the paragraph); a programme's span ("for 2016-2020") stays its period
            p.mark(EVENT)
    context = state.period
    programme_before = state.programme_span if state.programme else None
    state.programme = bool(_PROGRAMME.search(sent.text))
    if state.programme:
        spans = [p for p in periods if p.kind == "years" and p.role == MAIN]
        state.programme_span = resolve(spans[0], covered_year=covered) if spans else None
    elif _ITS_BUDGET.search(sent.text) and st.prev_programme:
        state.programme = True  # "Its budget ..." keeps speaking of the programme
        state.programme_span = programme_before
    if not figs:
        _base_periods(st, periods)
        scope = SentenceScope(sent.text, toks, periods, clauses)
        setters = [p for p in periods if scope.sets_context(p)]
        if setters:
            new = resolve(setters[0], covered_year=covered, context=context, edition=edition)
            if not _earlier(new, context) and _carries(setters[0], new, context):
                state.period = new
        _remember_periods(scope, state, covered, context, [])
        return []
    _segments(st, figs, periods)
    _share_rates(st, figs)
    _respectively(st, figs, periods, covered)
    scope = SentenceScope(sent.text, toks, periods, clauses, st.fig_spans)

    # what each figure counts: main figures first (the "to" side of a pair before its "from")
    order = [i for i, f in enumerate(figs) if f.role == "main"] + [
        i for i, f in enumerate(figs) if f.role != "main"
    ]
    for i in order:
        f = figs[i]
        if f.role == "main":
            f.concept = _main_concept(st, figs, i)
            if (
                GENERIC_READER
                and not f.concept.slug
                and (not f.concept.note or f.concept.note == _RATE_OF_NOTHING)
            ):
                f.concept = _generic_concept(st, figs, i) or f.concept
        elif f.q.dim not in ("percent", "rate") and _is_difference(st, f.q):
            # "3 tons 806 kg (+1 ton 831.7 kg)": the change on the base period, not the
            # figure told again in another unit
            f.concept = Concept(note=_DIFFERENCE_NOTE)
        else:
            anchor = figs[f.anchor]  # type: ignore[index]
            if anchor.concept is None:
                anchor.concept = _main_concept(st, figs, f.anchor)  # type: ignore[arg-type]
            f.concept = anchor.concept
            f.sign = anchor.sign
            if f.q.dim == "money" and anchor.q.dim == "money" and not f.q.per:
                f.q.per = anchor.q.per
        unit = f.q.unit
        if f.concept.family == "price" and f.concept.per in ("kg", "g") and " per " not in unit:
            unit = f"{unit} per {f.concept.per}"
            f.q.unit = unit
        f.slug, f.note = slug_for(f.concept, dim=f.q.dim, unit=unit, catalogue=catalogue)
        if GENERIC_READER and f.role != "main" and not f.slug and f.q.dim in ("rate", "percent"):
            # "26 thousand persons (495 per 100 thousand of the total population)": a rate
            # beside a count counts what the count counts, per head of population
            own = _generic_concept(st, figs, i)
            if own is not None:
                f.concept = own
                f.slug, f.note = slug_for(own, dim=f.q.dim, unit=unit, catalogue=catalogue)

    for i, f in enumerate(figs):
        if not f.slug and f.q.dim == "percent" and f.role in ("main", "equivalent"):
            share = _share_of_seizures(st, figs, i, catalogue)
            if share:
                # "848 kg (+163.8 kg) were marijuana (22.3%)": the drug's share of seizures
                f.concept = Concept(family="percent", slug=share)
                f.slug, f.note = share, "the share in brackets after a drug's seizures"

    # periods: main figures (by the order of scopes of .scope), then comparisons against
    # their anchors
    used: list[tuple[PeriodMention, Resolved]] = []  # the phrase of each main figure
    anaphors: list[Stated] = []  # what the anaphors used stood for
    levels: dict[int, str] = {}
    whole: Resolved | None = None  # the last main figure before that is not a part
    for k, f in enumerate(figs):
        if f.role != "main":
            continue
        stock = _stock(f.slug, catalogue)
        f.period, pm, levels[k] = _resolve_main(st, f, scope, stock, covered, state, whole)
        if not _pronoun_part(st, f):
            whole = f.period
        if pm is not None:
            used.append((pm, f.period))
            if pm.role == ANAPHOR:
                anaphors.append(Stated(f.period, SUB if levels[k] == "sub" else MAIN))
            if stock and f.q.dim != "percent" and _REGISTER.search(st.text):
                state.register_period = f.period
    for f in figs:
        if f.role == "main":
            continue
        anchor = figs[f.anchor]  # type: ignore[index]
        if anchor.period is None:  # pragma: no cover - anchors are main figures
            continue
        f.period = _resolve_comparison(f, anchor, periods, _stock(f.slug, catalogue), covered)
        f.penalty += 0.05
    for f in figs:
        if f.rate_of is not None and figs[f.rate_of].period is not None:
            f.period = figs[f.rate_of].period
    for f in figs:
        p = f.period
        planned = f.concept is not None and f.concept.family == "budget"
        if p is not None and p.start is not None and p.start[0] > edition and not planned:
            # a period after the edition cannot be right (except the span of a programme
            # whose budget is planned): fall back to the covered year
            f.period = Resolved(
                (covered, 1),
                (covered, 12),
                f"the period read ({p.start[0]}) is after the edition; assumed the covered "
                f"year {covered}",
                0.4,
            )

    for f in figs:
        # "During 2010-2014, the rate decreased from 7.6 to 3.8": the two ends of a span of
        # years are its first and its last year
        if f.role != "from" or f.anchor is None or f.period is None:
            continue
        to = figs[f.anchor]
        p = to.period
        if (
            p is not None
            and p.start is not None
            and p.end is not None
            and p.start[1] == 1
            and p.end[1] == 12
            and p.end[0] > p.start[0]
        ):
            y0, y1 = p.start[0], p.end[0]
            f.period = Resolved((y0, 1), (y0, 12), f"the start of {y0}-{y1}", p.penalty)
            to.period = Resolved((y1, 1), (y1, 12), f"the end of {y0}-{y1}", p.penalty)
    first = next((f for f in figs if f.role == "main" and f.period is not None), None)
    if first is not None:
        state.whole = first.period
        state.whole_slug = first.slug if first.concept and first.concept.family == "count" else ""
    # the paragraph's period: the main phrase of an independent clause that the first figure
    # used, else the first such phrase (never a base, sub-period, event or anaphor)
    new_context = None
    setters = [(p, r) for p, r in used if scope.sets_context(p)]
    setter = None
    if setters:
        setter, r = setters[0]
        new_context = (
            r
            if setter.kind == "full"
            else resolve(setter, covered_year=covered, context=context, edition=edition)
        )
    elif not used:
        free = [p for p in periods if scope.sets_context(p)]
        if free:
            setter = free[0]
            new_context = resolve(free[0], covered_year=covered, context=context, edition=edition)
    if (
        new_context is not None
        and not _earlier(new_context, context)
        and _carries(setter, new_context, context)
    ):
        # "... almost twice those of 2015 (12.7 MT)" does not move the paragraph back a year
        state.period = new_context
    _remember_periods(scope, state, covered, context, anaphors)
    for k, f in enumerate(figs):
        if f.q.dim == "mass" and f.concept is not None and f.concept.family:
            state.family = f.concept.family
        if (
            f.role == "main"
            and levels.get(k) not in ("own", "sub")
            and f.concept is not None
            and f.concept.family == "seizure"
            and f.period is not None
            and f.period.start is not None
            and not _earlier(f.period, state.seizure_period)
            and _carries(None, f.period, state.seizure_period)
        ):
            state.seizure_period = f.period

    rows = []
    for f in figs:
        q = f.q
        emit = q.dim in ("mass", "area", "money") or (q.dim == "count" and not q.bare)
        if q.dim in ("count", "percent", "rate") and (q.bare or q.dim in ("percent", "rate")):
            emit = bool(f.slug)
        if f.concept is not None and f.concept.note == _DIFFERENCE_NOTE:
            emit = False  # "which was 68.9 kilograms more than ...": no level
        if (
            f.role == "equivalent"
            and not f.slug
            and q.dim in ("mass", "area")
            and f.anchor is not None
            and figs[f.anchor].q.dim == q.dim
        ):
            emit = False  # "2.3 metric tons (2,300 kg) of opium": one figure, told once
        if not emit:
            continue
        rows.append(_row(st, sent, para, f, ratios, edition))
    return rows


def _row(
    st: _Sent, sent: Sentence, para: Paragraph, f: _Fig, ratios: list[str], edition: int
) -> dict:
    q = f.q
    period = f.period or Resolved(None, None)
    start, end, months = period.text()
    notes: list[str] = []
    if f.role == "comparison":
        notes.append("compared figure")
    elif f.role == "from":
        notes.append("earlier figure of a change ('from ... to')")
    elif f.role == "equivalent":
        notes.append("the same figure in another unit")
    if period.note:
        notes.append(period.note)
    notes.extend(q.notes)
    if f.note:
        notes.append(f.note)
    if not f.slug and not f.note:
        notes.append("what the figure counts is unclear; no indicator")
    if ratios:
        notes.append(
            "sentence also states a ratio (" + ", ".join(dict.fromkeys(ratios)) + "), not extracted"
        )
    conf = 0.9 - period.penalty - f.penalty
    if f.concept is not None and f.concept.weak:
        conf -= 0.1
    if not f.slug:
        conf = min(conf, 0.3)
    conf = round(min(0.95, max(0.05, conf)), 2)
    value = q.value
    lower, upper = q.lower, q.upper
    if f.sign < 0:
        value = None if value is None else -value
        lower, upper = (None if upper is None else -upper), (None if lower is None else -lower)
    return {
        "indicator": f.slug,
        "value": _num(value),
        "lower": _num(lower),
        "upper": _num(upper),
        "qualifier": q.qualifier,
        "unit": q.unit,
        "period_start": start,
        "period_end": end,
        "months": months,
        "edition": str(edition),
        "locator": para.locator,
        "note": "; ".join(dict.fromkeys(n for n in notes if n)),
        "confidence": conf,
        "span_start": sent.start,
        "span_end": sent.end,
        "evidence": " ".join(st.text[q.start : q.end].split()),
        "sentence": " ".join(sent.text.split()),
    }


def _num(x: Decimal | None) -> str:
    return format_number(x)
