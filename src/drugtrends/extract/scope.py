"""Which period dates a figure: clauses, the roles of period phrases, and an order of scopes.

The model
---------
**Clauses.** A sentence is split into clauses (:func:`split_clauses`): at ";" and ":", at
", and" / ", but" / ", yet" before a new subject (independent clauses, like the first
one), at ", while" / ", whereas" / ", although" / ", though" (subordinate clauses), and a
relative clause (", which ...", ", who ...", ", when ...") runs inside its host up to the
next comma. The first clause is the sentence's *main clause*.

**Roles.** Every period phrase has one role (:data:`.periods.ROLES`):

- ``main``: the period of its clause ("In 2014, police seized ...").
- ``base``: the base of a comparison ("compared with 22.1 MT in 2014", "(724.1kg in
  2013)", "less than half of the 702 kg taken in 2009", "twice the 1.1 MT of 2012", "down
  6 percent from 2021"). It dates only the compared figure inside its phrase, never the
  main figure nor the paragraph.
- ``sub``: a sub-period, marked by "alone" ("In the first quarter of 2018 alone, ...") or
  standing in a part introduced by "including" / "of which" ("..., including 40 kg in
  March"). It dates only the figures in its scope (its clause for "alone", from the
  figure it follows when it follows one: "24 tons over 2016-2020, and 5.1 tons in 2020
  alone"; else its phrase) and never becomes the paragraph's period. The years of a
  "respectively" list ("In 2017 and 2018, police registered 5,100 and 4,800 drug crimes,
  respectively") are sub-periods too: each dates its own figure of the list.
- ``event``: the date of an event ("adopted in 2014", "a pilot begun in 2008", the
  deadline of a goal). It dates no figure.
- ``anaphor``: "the same period", "in that period", "that quarter", "that month", "that
  year". It stands for the nearest suitable period before it: in the sentence first (a
  ``main`` or ``sub`` phrase; for "that year" also an event's year), then in the
  sentences before in the paragraph, then the paragraph's period.

**Order of scopes.** A figure takes the first of (:meth:`SentenceScope.choose`, then the
caller):

1. a period of its own phrase: its comparison segment ("(724.1kg in 2013)"), the whole it
   is named a part of ("1,204 of the crimes registered in January-September were ..."),
   a sub-period whose scope holds it;
2. the ``main`` (or ``anaphor``) period of its own clause, the nearest one; in a relative
   clause without one, the period that ends the noun the clause describes ("the Program
   for 2011-2015, which is funded at $12 million"), and for a "when" clause the period it
   follows whatever its role ("13 percent lower than in 2010, when 2,494 kg were
   seized": the base year dates the figure of its "when" clause); for a programme's
   budget, the programme's span in any clause of the sentence ("... was approved for
   2021-2025 by Resolution No. 1621; its budget is $5.3 million");
3. the ``main`` period of the sentence's main clause, when it frames the sentence ("In
   2016, ...", "As of January 1, 2017, ...") or dates a figure of the main clause (not
   the date of what a main clause without figures tells);
4. for a part named by a pronoun ("Of these, ...", "29,000 of them", "made up 1,052 of
   these"), the period of its whole (in the sentence, else the sentence before);
5. for a stock in a sentence about the register, the date of the register stated in the
   paragraph;
6. the paragraph's period (for flows);
7. the period of the section's seizures (for seizures);
8. the year the edition covers.

**The paragraph's period** is set only by a ``main`` phrase of an independent clause (the
one the sentence's first figure used, else the first such phrase); ``base``, ``sub``,
``event`` and ``anaphor`` phrases never set it, a look back ("... almost twice those of
2015") never moves it back, and "for the full year", "the annual total" reset it to the
whole year. Only a *reporting period* sets it: the whole year, or the year up to a
cut-off ("In the first nine months of 2018, ..."). A ``main`` phrase that names a
*sub-period* of the year dates its own sentence only: a quarter, a single month, a part
of the year that does not start in January ("the second half"), or a part of a year the
paragraph has already stated whole; so does a span of several years, the period of a
cumulative figure ("From 2016 to 2020 police seized a cumulative 24 tons": the parts "of
the total" in the sentences after are the covered year's). A later sentence takes such a
period up only through an anaphor ("In that quarter, ...").

**Beyond periods** (in :mod:`.core`), the same scoping holds for what a figure counts:
a drug or an agency named in a later clause is never the figure's, one of an earlier
clause only when the figure's clause has no verb of seizure of its own ("...; in the
fourth quarter alone it seized 430 kg" is all drugs); "respectively" gives the N figures
before it the N drugs, agencies or years listed before them, in order; a possessive "its"
/ "their" budget is the budget of the programme named in the sentence before, for its
span; a subject that refers back ("the toll", "the figure", "the number" without "of")
counts what the count before it counted, and "the real number ...; experts believe it to
be" is an estimate of the group named.

Everything here works on the period phrases and token positions of one sentence, in time
linear in its length (a sentence holds at most a few dozen phrases).

Examples
--------
>>> from drugtrends.extract._tokens import tokenize
>>> from drugtrends.extract.periods import find_periods
>>> text = "In the first quarter of 2018 alone, police seized 704 kg; the MVD seized 90 kg."
>>> sc = SentenceScope(text, tokenize(text), find_periods(text))
>>> [(p.role, text[p.scope[0] : p.scope[1]].strip()) for p in sc.periods]
[('sub', 'In the first quarter of 2018 alone, police seized 704 kg;')]
>>> sc.choose(text.index("90"), text.index("90") + 5)[0] is None
True
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from ._tokens import Tok
from .periods import ANAPHOR, EVENT, MAIN, SUB, PeriodMention, Resolved, resolve

__all__ = ["Clauses", "SentenceScope", "Stated", "is_reference", "split_clauses"]

_COORD = {"and", "but", "yet"}
_SUBORD = {"while", "whereas", "although", "though"}
_OPENERS = {"if", "whereas", "although", "though"}
_RELATIVE = {"which", "who", "whom", "whose", "when"}
# ", and <word>": a new clause when the word can open one (not a list: "A, B and C")
_AND_OPENERS = {
    "that", "the", "its", "their", "police", "officials", "courts", "in", "a", "an", "it",
    "they", "law", "authorities", "seizures", "prices", "then",
}  # fmt: skip
# a part introduced by these words holds a sub-period: "..., including 40 kg in March"
_SUB_LEAD = re.compile(r"\b(?:including|of\s+which|of\s+whom|among\s+which)\b", re.I)
_PHRASE_END = re.compile(r",(?!\d)|[;:()]")  # not the comma inside "1,300"
_WORDS = re.compile(r"[A-Za-z]+")
_WHEN = re.compile(r",\s*when\b", re.I)


class Stated(NamedTuple):
    """A period stated in the text, as an anaphor's antecedent.

    Attributes
    ----------
    period : Resolved
    role : str
        The role of the phrase that stated it (a ``sub`` period stays a sub-period when an
        anaphor takes it up: it does not become the period of the section's seizures).
    """

    period: Resolved
    role: str


@dataclass(frozen=True)
class Clauses:
    """The clauses of a sentence.

    Attributes
    ----------
    starts : list of int
        Character offsets where the clauses start (the first is 0); relative clauses are
        not among them (the rules about what a figure counts read the host clause).
    kinds : list of str
        Per clause: ``main`` (the first), ``coord`` (independent, after ";", ":", ", and",
        ", but", ", yet") or ``subord`` (after ", while", ", whereas", ", although",
        ", though").
    relatives : list of (int, int)
        Spans of relative clauses (", which ...", ", who ...") up to the next comma.
    end : int
        Length of the sentence.
    colon : bool
        The main clause ends with a colon ("seizures in 2015 were: ...").
    """

    starts: list[int]
    kinds: list[str]
    relatives: list[tuple[int, int]]
    end: int
    colon: bool = False

    def index(self, pos: int) -> int:
        """Index of the clause (in :attr:`starts`) around ``pos``."""
        return max(bisect.bisect_right(self.starts, pos) - 1, 0)

    def span(self, i: int) -> tuple[int, int]:
        """Character span of clause ``i``."""
        return self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else self.end

    def relative(self, pos: int) -> tuple[int, int] | None:
        """The relative clause around ``pos``, if any."""
        for a, b in self.relatives:
            if a <= pos < b:
                return a, b
        return None

    def introduces(self) -> bool:
        """The main clause ends with a colon: it introduces what follows."""
        return self.colon

    def scope_id(self, pos: int) -> tuple[str, int]:
        """The clause a position belongs to for dating: a relative clause is its own."""
        rel = self.relative(pos)
        if rel is not None:
            return ("rel", rel[0])
        return ("clause", self.index(pos))

    def independent(self, pos: int) -> bool:
        """``pos`` is in an independent clause (the main one or a coordinate one)."""
        return self.relative(pos) is None and self.kinds[self.index(pos)] != "subord"


def split_clauses(toks: list[Tok], length: int | None = None) -> Clauses:
    """Split a tokenized sentence into clauses.

    Parameters
    ----------
    toks : list of Tok
        The sentence's tokens.
    length : int, optional
        Length of the sentence (default: the end of the last token).

    Returns
    -------
    Clauses

    Examples
    --------
    >>> from drugtrends.extract._tokens import tokenize
    >>> text = "Police seized 5 kg, and the DCA, which opened in 2004, seized 2 kg; courts sat."
    >>> c = split_clauses(tokenize(text))
    >>> c.kinds, [text[a:b] for a, b in c.relatives]
    (['main', 'coord', 'coord'], [', which opened in 2004'])
    """
    end = length if length is not None else (toks[-1].end if toks else 0)
    starts, kinds = [0], ["main"]
    marks: list[int] = []  # commas that open a relative clause
    colon = False
    n = len(toks)
    # "If 5 years ago heroin cost $5,000, this year it costs ...": an opening conditional or
    # temporal clause ends at its first comma and is subordinate to the clause after it
    lead = next((k for k, t in enumerate(toks) if t.kind == "word"), None)
    opener_comma = None
    if lead is not None and lead <= 1 and toks[lead].low in _OPENERS:
        opener_comma = next((k for k in range(lead, n) if toks[k].text == ","), None)
        if opener_comma is not None and opener_comma + 1 < n:
            kinds[0] = "subord"
            starts.append(toks[opener_comma].start)
            kinds.append("main")
    for i, t in enumerate(toks):
        nxt = toks[i + 1].low if i + 1 < n else ""
        if i == opener_comma:
            continue
        if t.text in (";", ":") and i + 1 < n:
            colon = colon or (t.text == ":" and len(starts) == 1)
            starts.append(toks[i + 1].start)
            kinds.append("coord")
        elif t.text == "," and nxt in _COORD | _SUBORD:
            after = toks[i + 2].low if i + 2 < n else ""
            if nxt != "and" or after in _AND_OPENERS:
                starts.append(t.start)
                kinds.append("subord" if nxt in _SUBORD else "coord")
        elif t.text == "," and nxt in _RELATIVE:
            marks.append(i)
    relatives = []
    for i in marks:
        a = toks[i].start
        stop = end
        for t in toks[i + 1 :]:
            if t.text in (",", ";", ":", ")"):
                stop = t.start
                break
        k = bisect.bisect_right(starts, a)
        if k < len(starts):
            stop = min(stop, starts[k])
        relatives.append((a, stop))
    return Clauses(starts, kinds, relatives, end, colon)


def is_reference(p: PeriodMention) -> bool:
    """ "a year earlier", "the same period of 2014": a base of comparison by its words."""
    return (p.kind == "rel" and not p.keyword.startswith("lead")) or (
        p.kind == "same" and (p.y is not None or p.keyword == "rel")
    )


def _nearest(periods: list[PeriodMention], a: int, b: int) -> PeriodMention | None:
    """The phrase nearest to the span [a, b) (ties: the earlier)."""
    best, best_d = None, None
    for p in periods:
        d = a - p.end if p.end <= a else (p.start - b if p.start >= b else 0)
        if best_d is None or d < best_d:
            best, best_d = p, d
    return best


class SentenceScope:
    """The clauses and period phrases of one sentence, and which phrase dates a figure.

    Parameters
    ----------
    text : str
        The sentence.
    toks : list of Tok
        Its tokens.
    periods : list of PeriodMention
        Its period phrases (from :func:`.periods.find_periods`); their sub-periods are
        marked here (a phrase inside "including ..." / "of which ..."), and every
        sub-period gets its scope.
    clauses : Clauses, optional
        From :func:`split_clauses` (computed when not given).
    figures : list of (int, int), optional
        Spans of the sentence's figures: the main clause's period dates the other clauses
        when it frames the sentence ("In 2016, ...", "As of January 1, 2017, ...") or
        dates a figure of the main clause, not when it is the date of what a figure-less
        main clause tells ("A school survey run in Osh in 2013 was repeated, and the MVD
        worked with 47 NGOs").
    """

    def __init__(
        self,
        text: str,
        toks: list[Tok],
        periods: list[PeriodMention],
        clauses: Clauses | None = None,
        figures: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.periods = periods
        self.clauses = clauses if clauses is not None else split_clauses(toks, len(text))
        self.figures = figures or []
        self._mark_sub_periods()

    # ------------------------------------------------------------------ roles

    def _mark_sub_periods(self) -> None:
        """Sub-periods: a phrase with "alone" dates its clause; a phrase inside a part
        ("..., including 40 kg in March", "of which 12 kg in June") dates that part."""
        parts = []
        for m in _SUB_LEAD.finditer(self.text):
            c1 = self.clauses.span(self.clauses.index(m.start()))[1]
            stop = _PHRASE_END.search(self.text, m.end(), c1)
            parts.append((m.start(), stop.start() if stop else c1))
        for p in self.periods:
            if p.role in (MAIN, SUB):
                inside = [s for s in parts if s[0] <= p.start < s[1]]
                if inside:
                    p.mark(SUB)
                    p.scope = inside[-1]
            if p.role == SUB and p.scope is None:
                rel = self.clauses.relative(p.start)
                a, b = rel if rel else self.clauses.span(self.clauses.index(p.start))
                # after a figure of its clause ("24 tons over 2016-2020, and 5.1 tons in 2020
                # alone"), "alone" dates the figure it follows, not the ones before that
                before = [f0 for f0, _ in self.figures if a <= f0 < p.start]
                p.scope = (before[-1], b) if before else (a, b)

    def dating(self) -> list[PeriodMention]:
        """Phrases that may date a figure outside a comparison: ``main``, ``anaphor``."""
        return [p for p in self.periods if p.role in (MAIN, ANAPHOR) and not is_reference(p)]

    # ------------------------------------------------------------------ choice

    def choose(
        self,
        start: int,
        end: int,
        *,
        seg: tuple[int, int] | None = None,
        own: tuple[int, int] | None = None,
        stock: bool = False,
        budget: bool = False,
    ) -> tuple[PeriodMention | None, str]:
        """The phrase that dates a figure at [start, end), and the scope it came from.

        Parameters
        ----------
        start, end : int
            The figure's span in the sentence.
        seg : (int, int), optional
            The figure's own comparison segment ("(724.1kg in 2013)", "from 611 kg in
            2017").
        own : (int, int), optional
            The whole the figure is named a part of ("of the crimes registered in
            January-September").
        stock : bool, optional
            The figure is a level at a date: "since 1987" does not date it.
        budget : bool, optional
            The figure is a programme's budget: with a span of years in the sentence, a
            point date (its adoption) does not date it, and the span dates it from any
            clause ("... approved for 2021-2025 by Resolution No. 1621; its budget is ...").

        Returns
        -------
        (PeriodMention or None, str)
            The phrase and the scope: ``own``, ``sub``, ``clause``, ``main clause``; None
            and ``""`` when no phrase of the sentence dates the figure.
        """
        if seg is not None:
            mine = [
                p
                for p in self.periods
                if seg[0] <= p.start < seg[1] and p.role != EVENT and not is_reference(p)
            ]
            best = _nearest(mine, start, end)
            if best is not None:
                return best, "own"
        cands = self.dating()
        subs = [p for p in self.periods if p.role == SUB and p.scope is not None]
        if stock:
            # "40 percent of all HIV cases registered since 1987": "since" dates the
            # start of what a stock counts, not when it was counted
            cands = [p for p in cands if p.kind != "since"]
            subs = [p for p in subs if p.kind != "since"]
        if budget and any(p.kind == "years" for p in cands):
            # a programme's budget is for its span ("for 2016-2020"), never for the month
            # it was adopted, announced or signed
            cands = [
                p for p in cands if p.kind not in ("date", "months", "partial", "half", "edge")
            ]
        if own is not None:
            inside = [p for p in cands + subs if own[0] <= p.start < own[1]]
            if inside:
                return min(inside, key=lambda p: p.start), "own"
        holding = [p for p in subs if p.scope[0] <= start < p.scope[1]]
        best = _nearest(holding, start, end)
        if best is not None:
            return best, "sub"
        here = self.clauses.scope_id(start)
        best = _nearest([p for p in cands if self.clauses.scope_id(p.start) == here], start, end)
        if best is not None:
            return best, "clause"
        rel = self.clauses.relative(start)
        if rel is not None:
            # "a Program ... for 2011-2015, which is funded at about $12 million": a figure
            # in a relative clause is of the noun it describes, dated by its phrase; a
            # "when" clause is of the period it follows, whatever its role ("13 percent
            # lower than in 2010, when 2,494 kg were seized": the base year)
            when = _WHEN.match(self.text, rel[0]) is not None
            pool = self.periods if when else cands
            host = [p for p in pool if 0 <= rel[0] - p.end <= 1]
            if host:
                return host[-1], "own"
        if budget:
            # "The Program was approved for 2021-2025 by Resolution No. 1621; its budget is
            # $5.3 million": a budget is for the span of the programme, in any clause
            spans = [p for p in cands if p.kind == "years"]
            best = _nearest(spans, start, end)
            if best is not None:
                return best, "own"
        main = [p for p in cands if self.clauses.scope_id(p.start) == ("clause", 0)]
        if not any(self.clauses.scope_id(a) == ("clause", 0) for a, _ in self.figures) and not (
            self.clauses.introduces()
        ):
            # a main clause without figures: its period dates the others only when it
            # frames the sentence ("In 2016, ...") or introduces a list ("seizures in 2015
            # were: heroin 414 kg; ...")
            main = [p for p in main if len(_WORDS.findall(self.text, 0, p.start)) <= 4]
        best = _nearest(main, start, end)
        if best is not None:
            return best, "main clause"
        return None, ""

    # ------------------------------------------------------------------ anaphors

    def antecedent(
        self,
        pm: PeriodMention,
        *,
        covered: int,
        context: Resolved | None,
        before: tuple[Stated | None, Stated | None],
    ) -> Stated | None:
        """The period an anaphor ("the same period", "that year") stands for.

        Parameters
        ----------
        pm : PeriodMention
            The anaphor.
        covered : int
            The year the edition covers.
        context : Resolved or None
            The paragraph's period (to resolve a phrase without a year).
        before : (Stated or None, Stated or None)
            The last periods stated in the sentences before (in the paragraph): the last
            ``main`` or ``sub`` one, and the last one with a year, events included (for
            "that year").

        Returns
        -------
        Stated or None
            The nearest suitable period before the anaphor in the sentence (a ``main`` or
            ``sub`` phrase; for "that year" also an event's year), else the one of
            ``before``, else None (the caller then uses the paragraph's period).
        """
        year = pm.keyword == "year"
        found = self._stated(covered, context, year, before=pm.start)
        if found is not None:
            return found
        return before[1] if year else before[0]

    def last_stated(
        self, *, covered: int, context: Resolved | None, events: bool = False
    ) -> Stated | None:
        """The last ``main`` or ``sub`` period stated in the sentence (an antecedent of an
        anaphor in the sentences after), resolved as for a flow; with ``events``, the last
        phrase with a year, an event's date included (for "that year")."""
        return self._stated(covered, context, events)

    def _stated(
        self, covered: int, context: Resolved | None, year: bool, before: int | None = None
    ) -> Stated | None:
        roles = (MAIN, SUB, EVENT) if year else (MAIN, SUB)
        stated = [
            p
            for p in self.periods
            if p.role in roles
            and p.explicit
            and (not year or p.y is not None)
            and (before is None or p.end <= before)
        ]
        if not stated:
            return None
        p = stated[-1]
        return Stated(resolve(p, covered_year=covered, context=context), p.role)

    # ------------------------------------------------------------------ context

    def sets_context(self, p: PeriodMention) -> bool:
        """``p`` may become the paragraph's period: a ``main`` phrase that names a period
        itself, in an independent clause."""
        return (
            p.role == MAIN
            and p.explicit
            and not is_reference(p)
            and self.clauses.independent(p.start)
        )
