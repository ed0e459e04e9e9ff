"""A generic reader for counts, shares and changes that no rule of :mod:`.rules` has read.

The rule tables read the phrasings they were written from. Real reports name what a count
counts in many more ways ("36,137 drug addicts on the register", "narcotics offences
uncovered: 5,120", "1,200 people were treated for drug dependence"), so after the rules a
bare count, a percentage or a rate that none of them mapped is read here in three steps:

1. **The phrase** (:func:`count_phrase`): the noun phrase the number quantifies (the words
   after it up to a preposition or a verb, with an "of ..." complement), the predicate
   after it ("people *who inject drugs*", "crimes *were related to drug sales*") and, when
   no noun follows the number, the subject it is predicated of ("the number of registered
   drug users *reached* 36,137", "drug-related crimes: 5,120").
2. **Canonical tokens** (:func:`canon_tokens`): words lower-cased, split at hyphens, their
   inflection stripped and synonyms merged ("offenses", "offences" -> ``offence``;
   "addicts", "abusers", "users" -> ``user``; "uncovered", "detected", "recorded" ->
   ``register``; "narcotics" -> ``drug``).
3. **Similarity** (:func:`best_indicator`): each count or percent indicator of the
   catalogue (``data/indicators.csv``) is a weighted bag of canonical tokens built from its
   long name and its aliases (:data:`.rules.INDICATOR_ALIASES`); the phrase is scored
   against each by cosine similarity, among the indicators whose head ("crime",
   "offence", "case", "user", "death", "laboratory", "HIV") the phrase names and whose
   unit kind the number has (a percentage never maps to a count indicator, nor a count to
   a share). The best indicator is taken when its score is at least :data:`THRESHOLD` and
   clearly (:data:`MARGIN`) above the runner-up.

A phrase whose head is nothing the catalogue counts ("310 students", "12 provinces",
"5 years") maps to nothing. The period and agency of the figure come from the pipeline as
for any rule (:mod:`.core`).

Examples
--------
>>> best_indicator(count_phrase("registered drug addicts", "", ""), "count").slug
'registered_drug_users'
>>> best_indicator(count_phrase("", "the number of drug-related crimes reached", ""),
...                "count").slug
'drug_crimes_registered'
>>> best_indicator(count_phrase("students surveyed", "", ""), "count") is None
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DRUG_WORDS",
    "MARGIN",
    "THRESHOLD",
    "Match",
    "Phrase",
    "Profile",
    "best_indicator",
    "canon_tokens",
    "count_phrase",
    "like_indicator",
    "names_nothing",
    "profile",
    "profiles",
    "score_all",
]

THRESHOLD = 0.56
"""Least cosine similarity between a phrase and an indicator for the indicator to be
taken. Chosen on the development parts of the real-text corpus (dev, dev2, dev3, dev4;
``scripts/extract_corpus.py``) as the highest recall with precision >= 0.92 among the
figures this reader maps: 47 figures at 0.50 (43 at a keyed value, 0.915), 46 at 0.56
(43, 0.935), 43 at 0.60 (40, 0.930), 38 at 0.70 (35, 0.921), 18 at 0.90 (17, 0.944)."""

MARGIN = 0.08
"""Least lead of the best indicator's score over the runner-up's."""

# ----------------------------------------------------------------------------- tokens


def _words(text: str) -> list[str]:
    return text.split()


# synonyms merged after inflection is stripped: stem -> canonical token
_SYNONYMS = {
    # what is counted
    "crime": "crime", "criminal": "crime", "felony": "crime", "felonie": "crime",
    "offence": "offence", "offense": "offence", "misdemeanour": "offence",
    "misdemeanor": "offence", "violation": "offence", "infringement": "offence",
    "case": "case", "incident": "case", "episode": "case", "fact": "case",
    "taker": "user", "hooked": "user", "user": "user", "addict": "user", "abuser": "user",
    "consumer": "user",
    "addiction": "user", "use": "user", "using": "user", "us": "user", "abuse": "user",
    "dependence": "depend", "dependent": "depend", "dependency": "depend",
    "patient": "patient", "drug-dependent": "depend",
    "inject": "inject", "injecting": "inject", "injector": "inject", "injection": "inject",
    "idu": "inject", "pwid": "inject", "intravenous": "inject", "intravenously": "inject",
    "mortality": "death", "mortalitie": "death", "death": "death", "die": "death",
    "dy": "death", "dead": "death", "fatal": "death", "kill": "death", "killed": "death",
    "fatality": "death", "fataliti": "death", "lethal": "death",
    "overdose": "overdose",
    "laboratory": "lab", "laboratorie": "lab", "lab": "lab",
    "hiv": "hiv", "aid": "hiv", "hiv-positive": "hiv", "hiv-infected": "hiv",
    "people": "people", "person": "people", "individual": "people", "citizen": "people",
    "resident": "people", "inhabitant": "people", "men": "subgroup", "women": "subgroup",
    # what is said of it
    "drug": "drug", "narcotic": "drug", "narcotics": "drug", "substance": "drug",
    "psychoactive": "drug", "drug-related": "drug", "narco": "drug",
    "register": "register", "registered": "register", "registration": "register",
    "registry": "register", "notified": "register", "notify": "register",
    "record": "register", "recorded": "register",
    "report": "register", "reported": "register", "official": "register",
    "officially": "register", "detect": "register", "detected": "register",
    "reveal": "register", "revealed": "register", "identify": "register",
    "identified": "register", "uncover": "register", "uncovered": "register",
    "expose": "register", "exposed": "register", "log": "register",
    "initiate": "register", "initiated": "register", "instituted": "register",
    "opened": "register",
    "estimate": "estimate", "estimated": "estimate", "unofficial": "estimate",
    "expert": "estimate", "believe": "estimate", "survey": "estimate", "study": "estimate",
    "studie": "estimate",
    "solve": "solve", "solved": "solve", "crack": "solve", "cracked": "solve",
    "clear": "solve", "cleared": "solve", "closed": "solve",
    "traffick": "traffick", "trafficking": "traffick", "trafficker": "traffick",
    "smuggle": "smuggle", "smuggling": "smuggle", "contraband": "smuggle",
    "sale": "sale", "sell": "sale", "selling": "sale", "sold": "sale", "dealing": "sale",
    "distribution": "sale", "distribute": "sale", "supply": "sale",
    "possession": "possess", "possess": "possess", "storage": "possess",
    "new": "new", "newly": "new", "first": "new", "primary": "new",
    "regular": "regular", "regularly": "regular", "problem": "regular",
    "opiate": "opiate", "opioid": "opiate", "heroin": "heroin", "opium": "opiate",
    "cannabis": "cannabis", "marijuana": "cannabis", "hashish": "cannabis",
    "used": "user", "dismantle": "dismantle", "dismantled": "dismantle", "destroy": "dismantle",
    "liquidate": "dismantle", "liquidated": "dismantle", "shut": "dismantle",
    "clandestine": "dismantle", "illegal": "illegal", "illicit": "illegal",
    "treat": "treat", "treated": "treat", "treatment": "treat", "rehabilitation": "treat",
    "offender": "offender", "perpetrator": "offender",
    "prison": "subgroup", "prisoner": "subgroup", "inmate": "subgroup", "student": "subgroup",
    "pupil": "subgroup", "school": "subgroup", "schoolchildren": "subgroup",
    "youth": "subgroup", "young": "subgroup", "teenager": "subgroup", "minor": "subgroup",
    "juvenile": "subgroup", "child": "subgroup", "children": "subgroup",
    "female": "subgroup", "male": "subgroup", "respondent": "subgroup", "aged": "subgroup",
    "foreigner": "subgroup", "foreign": "subgroup", "teenaged": "subgroup",
    # what is no count of people or crimes: an age, an average, a ratio
    "age": "subgroup", "average": "subgroup", "mean": "subgroup", "median": "subgroup",
    "ratio": "subgroup", "index": "subgroup",
    # counted by another body than the register or the police
    "court": "subgroup", "judge": "subgroup", "prosecutor": "subgroup",
    "seizure": "seizure", "seize": "seizure", "seized": "seizure", "confiscate": "seizure",
    "prevalence": "prevalence", "population": "population", "adult": "population",
    "share": "share", "proportion": "share", "percentage": "share",
}  # fmt: skip

# words that carry no meaning for the mapping (checked before stemming)
_STOP = frozenset(
    _words(
        "a an the of in on at for from to by with and or but as than that which who whom "
        "this these those its their his her it they were was are is be been being have has "
        "had all total some about nearly almost over more less around number numbers figure "
        "amount during year years last same period compared while related relating involving "
        "stopped committing committed among through annual under non any inside"
    )
)


def _stem(word: str) -> str:
    """Strip the inflection of an English word (a small, predictable stemmer)."""
    if word in _SYNONYMS or len(word) <= 3:
        return word
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word  # "access", "process"
            # "offences" -> "offence", "cases" -> "case", "felonies" -> "felony"
            return word[: -len(suffix)] + repl
    return word


def canon_tokens(text: str) -> list[str]:
    """Canonical tokens of ``text``: lower-cased words, split at hyphens and slashes,
    inflection stripped, synonyms merged; stop words dropped.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str

    Examples
    --------
    >>> canon_tokens("Drug-related offenses uncovered")
    ['drug', 'offence', 'register']
    >>> canon_tokens("36,137 registered drug addicts")
    ['register', 'drug', 'user']
    """
    out = []
    for word in re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower()):
        if word in _STOP or (word.endswith("'s") and word[:-2] in _STOP):
            continue
        word = word.removesuffix("'s")
        if word in _SYNONYMS:
            out.append(_SYNONYMS[word])
            continue
        stem = _stem(word)
        canon = _SYNONYMS.get(stem) or _SYNONYMS.get(stem + "e") or stem
        if canon.startswith("relat"):
            continue  # "drug-related": the drug is what matters
        out.append(canon)
    return out


# ----------------------------------------------------------------------------- profiles

HEADS = {
    "crime": "crime",
    "offence": "offence",
    "case": "case",
    "user": "user",
    "depend": "user",
    "inject": "user",
    "patient": "user",
    "treat": "user",
    "death": "death",
    "lab": "lab",
    "hiv": "hiv",
    "offender": "offender",
}
"""Canonical tokens that name what a count counts, and their class."""

_COMPATIBLE = {
    # a phrase headed by the key may map to indicators of these classes (with a factor on
    # the score: a "crime" is more often a "case" than an "offence" in these reports)
    "crime": {"crime": 1.0, "case": 0.9, "offence": 0.8},
    "case": {"case": 1.0, "crime": 0.9},
    "offence": {"offence": 1.0, "crime": 0.8},
    "user": {"user": 1.0},
    "death": {"death": 1.0},
    "lab": {"lab": 1.0},
    "hiv": {"hiv": 1.0},
    "offender": {"offender": 1.0},
}

_CHANGE_WORDS = re.compile(
    r"\b(?:increas\w*|decreas\w*|ris(?:e|es|en|ing)|rose|f[ae]ll(?:s|en|ing)?|up|down|"
    r"grow(?:s|n|th|ing)?|grew|declin\w*|drop\w*|higher|lower|more|less|fewer|reduc\w*|"
    r"jump\w*|climb\w*|surg\w*|plung\w*|change\w*|compared|year-on-year|below|above)\b",
    re.I,
)


@dataclass(frozen=True)
class Profile:
    """What one indicator counts, as weighted canonical tokens.

    Attributes
    ----------
    slug : str
    kind : str
        ``count``, ``percent`` (a share or prevalence), ``change`` (a change in percent)
        or ``rate`` (per 100,000).
    heads : frozenset of str
        The classes of :data:`HEADS` the indicator counts.
    weights : dict
        Canonical token -> weight, of unit norm.
    needs : tuple of frozenset
        The tokens of :data:`DISTINCT` of the long name and of each alias: a phrase must
        say all of one of them.
    """

    slug: str
    kind: str
    heads: frozenset
    weights: dict = field(hash=False, compare=False)
    needs: tuple = ()


# slugs one agency or one city counts: mapped by the agency machinery of .indicators,
# never by similarity
_AGENCY_SUFFIX = re.compile(
    r"_(?:dca|knb|mvd|border(?:_service)?|customs|security|almaty|mobile|south)(?:_change)?$"
)
_NOT_READ = re.compile(
    r"^(?:ngos_|us_|law_enforcement_officers_|persons_police_contact_|hiv_cases_registered_"
    r"cumulative|psychotropic_pills|synthetic_pills|nps_|(?!heroin)[a-z]+_share_of_seizures)"
)
"""Slugs the generic reader does not map to. The shares of seizures of one drug other than
heroin are read only in brackets after that drug's seizures (``core._share_of_seizures``):
the reader's tokens do not tell "of the narcotics seized" from "of the cocaine seized"."""


_PROFILE_STOP = frozenset(("people", "change", "before", "earlier", "on", "period"))


def _kind(slug: str, units: str) -> str:
    if units == "1":
        return "count"
    if units == "per 100000":
        return "rate"
    if units == "percent":
        return "change" if slug.endswith("_change") else "percent"
    return ""


@lru_cache(maxsize=4)
def profiles(path: str | None = None) -> tuple[Profile, ...]:
    """The profiles of the count, percent and rate indicators of the catalogue.

    Each profile is the long name's canonical tokens (weight 1 each) plus those of the
    indicator's aliases in :data:`.rules.INDICATOR_ALIASES` (weight 1 per alias they occur
    in), normalized to unit length. One agency's or one city's slugs, counts of NGOs,
    programmes, officers and pills are left out: those need the agency rules.

    Parameters
    ----------
    path : str, optional
        Indicator catalogue; defaults to the shipped ``data/indicators.csv``.

    Returns
    -------
    tuple of Profile

    Examples
    --------
    >>> p = {x.slug: x for x in profiles()}["drug_crimes_solved"]
    >>> p.kind, sorted(p.heads)
    ('count', ['crime'])
    """
    from drugtrends import records

    from .rules import INDICATOR_ALIASES, INDICATOR_HEADS

    frame = records.load_indicators(Path(path) if path else None)
    out = []
    for slug, row in frame.iterrows():
        slug = str(slug)
        kind = _kind(slug, str(row["units"]))
        if not kind or _AGENCY_SUFFIX.search(slug) or _NOT_READ.match(slug):
            continue
        name = re.sub(r"\([^)]*\)", " ", str(row["long_name"]))
        if re.search(r"\b(?:under|over|aged)\s+\d", name):
            continue  # an age group: the reader never maps to a part of the population
        weights: dict[str, float] = {}
        needs = []
        for phrase in (name, *INDICATOR_ALIASES.get(slug, ())):
            toks = set(canon_tokens(phrase))
            # a rate is per head of population by its unit: the word need not be said
            needs.append(
                frozenset(
                    t for t in toks if t in DISTINCT and (kind != "rate" or t != "population")
                )
            )
            for tok in toks:
                weights[tok] = weights.get(tok, 0.0) + 1.0
        weights = {t: w for t, w in weights.items() if t not in _PROFILE_STOP}
        named = [HEADS[t] for t in canon_tokens(name) if t in HEADS]
        head = INDICATOR_HEADS.get(slug) or (named[-1] if named else "")
        if kind == "count" and not head:
            continue
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        heads = frozenset((head,)) if head else frozenset()
        out.append(
            Profile(slug, kind, heads, {t: w / norm for t, w in weights.items()}, tuple(needs))
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _by_slug() -> dict[str, Profile]:
    return {p.slug: p for p in profiles()}


def profile(slug: str) -> Profile | None:
    """The profile of indicator ``slug`` in the shipped catalogue, or None when it has none.

    Examples
    --------
    >>> profile("drug_crimes_solved").kind, profile("heroin_seizures")
    ('count', None)
    """
    return _by_slug().get(slug)


# ----------------------------------------------------------------------------- phrases

# words that end the noun phrase a number quantifies (prepositions, auxiliaries,
# conjunctions); "of" does not ("cases of drug trafficking")
_NP_BREAK = frozenset(
    _words(
        "in on at for from to by with during since over through compared against than as "
        "while after before under per across into among which that who whom were was are is "
        "have has had and or but this last were will would could may might be been below above "
        "up down higher lower more less fewer"
    )
)
# a subject ends with a verb of level ("the number of drug users reached 36,137")
_LEVEL_END = re.compile(
    r"(?:\b(?:reached|totall?ed|totall?ing|numbered|numbers?|amounted\s+to|stood\s+at|was|were|is|be|been|"
    r"are|came\s+to|made\s+up|rose\s+to|fell\s+to|grew\s+to|increased\s+to|decreased\s+to|"
    r"dropped\s+to|declined\s+to|climbed\s+to|reaching|exceeded|hit|of|to|from|"
    r"(?:stood|stands|put|puts|estimat\w*|placed|pegged|set)\b[^.;]{0,60}?\bat|"
    r"to\s+(?:a|an)\s+(?:new\s+)?(?:record|high|low|peak|total)(?:\s+(?:level\s+)?of)?)|"
    r"[:(\-–—])\s*$",
    re.I,
)
_STAFF_OF = re.compile(
    r"\b(?:staff|employees|personnel|officers|members|workers|agents|officials|strength)\s*"
    r"(?:of|numbered|numbers|totall?ed|was|were|is|are|stood\s+at)?\s*$",
    re.I,
)
_OFFENDERS = re.compile(
    r"\b(?:persons?|people|individuals)\s*,?\s*(?:who\s+(?:had\s+|have\s+)?committed|"
    r"committing)\b",
    re.I,
)
_FIRST_SINCE = re.compile(
    r"\bfor\s+the\s+first\s+time\s+(?:since|in\s+(?:\w+|\d+)\s+(?:years|decades))\b", re.I
)
_NUMBER_OF = re.compile(r"\b(?:the\s+)?(?:total\s+)?(?:number|count|figure)\s+of\b", re.I)


# words of a noun phrase that may stand after its head or alone without naming what is
# counted ("drug crimes registered", "people", "drug")
_MODIFIERS = frozenset(
    _words("people drug register solve dismantle estimate new regular illegal population")
)
_AUX = frozenset(
    _words(
        "were was are is have has had been being be will would also then reportedly allegedly "
        "officially reported further"
    )
)
_LEVEL_VERBS = re.compile(
    r"^(?:reach\w*|total\w*|count\w*|list\w*|number\w*|amount\w*|st[ao]{2}d|came|made|rose|fell|grew|"
    r"increas\w*|decreas\w*|drop\w*|declin\w*|climb\w*|exceed\w*|hit|remain\w*|"
    r"includ\w*|account\w*|related|linked|connected|committed|involving|concern\w*|"
    r"accounted|constitut\w*|represent\w*|compris\w*)$",
    re.I,
)


def _action(rest: list[str], before: str, subject: bool = False, own: bool = False) -> str:
    """The verb of an action a count counts, when no indicator knows it (see Phrase)."""
    verbs = []
    for k in range(1, min(len(rest), 12)):
        # "were involved", "who used drugs were arrested"
        if rest[k - 1].lower() in _AUX and rest[k].lower() not in _AUX:
            if rest[k].lower() in _REACHED:
                return rest[k].lower()  # "12,000 users were reached by outreach workers"
            verbs.append(rest[k])
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", before)
    for k in range(1, len(words) if subject else 0):
        # "427,000 drug users were involved in the cases, down 31 percent"
        if words[k - 1].lower() in _AUX and words[k].lower().endswith("ed"):
            verbs.append(words[k])
    if words and (words[-1].lower().endswith("ed") or words[-1].lower() in _VERBS_BEFORE):
        verbs.append(words[-1])  # "rehabilitated 1,844", "arrested 1,500"
    for verb in verbs:
        if own and words and verb is words[-1] and verb.lower() in _REACHED:
            return verb.lower()  # "the programme reached 12,000 injecting drug users"
        if _LEVEL_VERBS.match(verb):
            continue
        toks = canon_tokens(verb)
        if toks and toks[0] not in _vocabulary() and toks[0] not in HEADS:
            return verb.lower()
    return ""


# what a programme does to people: never a level of them
_REACHED = frozenset(("reached", "covered", "served"))
_VERBS_BEFORE = frozenset(
    _words(
        "detain arrest convict treat sentence charge hold heard sent brought took tried saw held"
    )
)


_VERB_OR_CHANGE = re.compile(
    r"^(?:\w+ed|\w+ing|rose|fell|went|grew|up|down|shot|hit|stood|came|half|third|fifth|"
    r"quarter|tenth|fold|times|twice|record|high|low|peak|new|there|it|they|this|account|"
    r"accounts|make|makes|made|now|also|only|just|still|remain|remains|constitute|represent|"
    r"comprise|amount|amounts|total|totals)$"
)


def _proper(word: str) -> bool:
    """A capitalized word that is no word of the catalogue ("Indonesians", not "IDUs" or
    "Addicts")."""
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    toks = canon_tokens(word)
    return bool(toks) and toks[0] not in _vocabulary() and toks[0] not in HEADS


def names_nothing(before: str) -> bool:
    """The words before a number name no noun of their own ("rose by a fifth last year
    to", "went up by"): the subject is further back in the clause.

    Parameters
    ----------
    before : str

    Returns
    -------
    bool

    Examples
    --------
    >>> names_nothing("rose by a fifth last year to"), names_nothing("poisonings fell by")
    (True, False)
    """
    # proper names ("in the Kyrgyz Republic is") name no kind of count either
    plain = re.sub(r"\b[A-Z][a-z'’-]+\b", " ", _NUMBER_OF.sub(" ", before))
    for word in re.findall(r"[a-z]+(?:'[a-z]+)?", plain.lower()):
        toks = canon_tokens(word)
        if not toks or _VERB_OR_CHANGE.match(word):
            continue
        if toks[0] in HEADS or toks[0] not in _vocabulary():
            return False
    return True


@dataclass
class Phrase:
    """The words of a figure's phrase, as canonical tokens with weights.

    Attributes
    ----------
    np : list of str
        Canonical tokens of the noun phrase the number quantifies.
    head : str
        The class (:data:`HEADS`) the noun phrase names, else ``""``.
    features : dict
        Canonical token -> weight over the noun phrase (1), its predicate (0.7) and the
        subject (0.9 when there is no noun after the number, else 0.4).
    text : str
        The phrase as read (for notes).
    action : str
        A verb the number is the object or subject of that no indicator knows
        ("rehabilitated 1,844 drug abusers", "427,000 users were involved in"): the figure
        counts that action, not the people or crimes; ``""`` when none.
    drug : bool
        The phrase names drugs (a drug, drug use, addiction, injecting, overdoses): no
        phrase maps to an indicator without it ("recorded crime fell 7%").
    """

    np: list
    head: str
    features: dict
    text: str
    action: str = ""
    drug: bool = True
    change: bool = False


def count_phrase(
    after: str,
    before: str,
    clause_before: str = "",
    percent: bool = False,
    context: str = "",
    estimate: bool = False,
    sibling: str = "",
) -> Phrase:
    """Read the phrase of a figure: the noun phrase after it, its predicate and the
    subject before it.

    Parameters
    ----------
    after : str
        The words after the number up to punctuation ("registered drug addicts in 2014").
    before : str
        The words before the number back to punctuation ("the number of ... reached").
    clause_before : str, optional
        The subject of the clause when ``before`` does not name it: cut at a colon
        ("drug-related crimes:"), or a change before the number ("The number of
        registered drug addicts increased by 13 per cent last year to").
    percent : bool, optional
        The figure is a percentage or a rate: the subject before it names what it is of.
    sibling : str, optional
        The class (:data:`HEADS`) of the figure before it in a list, for a figure that
        names none ("2,798 crimes related to sales, 645 - with smuggling").
    estimate : bool, optional
        The figure is written as an estimate ("an estimated four million", "about
        30,000", "12-15 thousand").
    context : str, optional
        The clause of the figure: it may name the drugs the phrase leaves out ("surpassing
        the peak of 70,699 deaths" in a clause on overdoses).

    Returns
    -------
    Phrase

    Examples
    --------
    >>> p = count_phrase("people were treated for drug dependence", "", "")
    >>> p.np, p.head
    (['people'], 'user')
    """
    # "to 34,000 - the biggest increase ...": what follows a dash is an aside, unless it
    # is the item's own phrase in a list ("645 (709) - with smuggling")
    after = re.split(
        r"(?:^|\s)[-–—](?:\s|$)(?!\s*(?:with|for|of|on|in|to|related|involving)\b)|—",
        after,
        maxsplit=1,
    )[0]
    # capitalized words of the noun phrase (demonyms, places) name no kind of count:
    # "four million Indonesians were users of narcotics" is read as "people ..."
    words = [
        "people" if k == 0 and _proper(w) else w
        for k, w in enumerate(re.findall(r"[A-Za-z][A-Za-z'-]*", after))
    ]
    np_words: list[str] = []
    rest: list[str] = []
    for k, w in enumerate(words):
        if w.lower() in _NP_BREAK and not (w.lower() == "to" and np_words[-1:] == ["related"]):
            rest = words[k:]
            break
        np_words.append(w)
        if len(np_words) >= 8:
            rest = words[k + 1 :]
            break
    np_toks = canon_tokens(" ".join(np_words))
    pred_toks = canon_tokens(" ".join(rest[:10]))
    subject = before
    if clause_before and (not before.strip() or names_nothing(before)):
        subject = clause_before
    subject = _NUMBER_OF.sub(" ", subject)
    # "rose for the first time since 1989": when, not newly registered people
    subject = _FIRST_SINCE.sub(" ", subject)
    subj_toks = canon_tokens(subject)
    level = bool(_LEVEL_END.search(subject))
    subj_weight = 0.9 if (not np_toks or np_toks == ["people"]) and (level or percent) else 0.4
    feats: dict[str, float] = {}
    for toks, w in (
        (["estimate"] if estimate else [], 0.4),
        (subj_toks, subj_weight),
        (pred_toks, 0.7),
        (np_toks, 1.0),
    ):
        for t in toks:
            feats[t] = max(feats.get(t, 0.0), w)
    # the head: the last noun of the phrase before its "of ..." complement, past the
    # words that say what is done to it ("drug crimes registered"); a phrase ending in a
    # noun nothing counts ("criminal groups", "provinces") has none
    lead = []
    for w in np_words:
        if w.lower() in ("of", "related", "involving", "linked", "connected"):
            break
        lead.append(w)
    head = ""
    generic = True
    lead_toks = canon_tokens(" ".join(lead))
    np_heads_own = any(t in HEADS for t in lead_toks)
    for t in reversed(lead_toks):
        if t in HEADS:
            head, generic = HEADS[t], False
            break
        if t not in _MODIFIERS:
            generic = False
            break
    if head == "case":
        # "new cases of drug addiction", "cases of HIV infection": what the cases are of
        of_part = canon_tokens(" ".join(np_words[len(lead) :]))
        head = next((HEADS[t] for t in of_part if t in HEADS and HEADS[t] != "crime"), head)
    if generic:
        # "1,200 people were treated ...", "reached 36,137": the class is named by the
        # predicate or by the subject the number is predicated of
        last = canon_tokens(" ".join(re.findall(r"[A-Za-z'-]+", before)[-1:]))
        # ... or by the verb right before it ("Overdoses killed 96 people")
        for toks in (pred_toks[:6], subj_toks if level or percent else [], last):
            found = [HEADS[t] for t in toks if t in HEADS]
            if found:
                head = found[0]
                break
    # what is done to the people or crimes of the subject counts only for a figure with no
    # noun of its own ("427,000 drug users were involved in the cases, down 31 percent")
    action = _action(rest, subject, subject=not np_heads_own, own=np_heads_own)
    if _STAFF_OF.search(subject):
        # "The Department for Combating Drug Crime has a staff of roughly 1,100"
        feats["subgroup"] = 0.9
    if re.search(r"\bunder\s+the\s+influence\b", f"{subject} {after}", re.I):
        # crimes committed under the influence of drugs are no drug crimes
        feats["subgroup"] = 0.4
    if _OFFENDERS.search(f"{subject} {after}"):
        # "the number of persons who committed a crime under the influence of drugs"
        head = "offender"
        feats["offender"] = 0.9
    if not head and sibling and (not np_toks or generic):
        head = sibling
        feats.setdefault(next(t for t, c in HEADS.items() if c == sibling), 0.7)

    text = " ".join(x for x in (subject.strip(), "#", after.strip()) if x)
    # drugs named in the phrase, or in the clause for what only drugs do (overdose
    # deaths "surpassing the peak of 70,699 deaths"): a count of crimes must say it is of
    # drug crimes itself ("54,177 crimes were recorded, and drug crimes ...")
    crime_like = head in ("crime", "case", "offence")
    drug = bool(DRUG_WORDS.search(f"{subject} {after} {'' if crime_like else context}"))
    near = " ".join(re.findall(r"[A-Za-z'-]+", before)[-4:] + words[:4])
    # "rose by 12 percent", "a 4.6 percent increase": a change; "increasing from 8 percent
    # to 18 percent", "fell to 54 per cent": the levels of a share
    change = bool(_CHANGE_WORDS.search(near)) and not re.search(
        r"\b(?:to|from|at)\s*$", before, re.I
    )
    return Phrase(np_toks, head, feats, text, action, drug, change)


@dataclass(frozen=True)
class Match:
    """The indicator a phrase maps to.

    Attributes
    ----------
    slug : str
    score : float
        Cosine similarity of the phrase and the indicator's profile.
    runner_up : str
        The second best indicator ("" when none).
    runner_up_score : float
    """

    slug: str
    score: float
    runner_up: str = ""
    runner_up_score: float = 0.0


def _kinds_for(dim: str, phrase: Phrase) -> tuple[str, ...]:
    if dim == "count":
        return ("count",)
    if dim == "rate":
        return ("rate",)
    if dim == "percent":
        return ("change",) if phrase.change else ("percent",)
    return ()


def score_all(phrase: Phrase, dim: str) -> list[tuple[float, str]]:
    """Scores of every indicator a figure of dimension ``dim`` may map to, best first.

    Only indicators of the figure's unit kind (a count: counts; a percentage: changes
    when the phrase says so, else shares; a rate: rates) whose head class the phrase names
    are scored.

    Examples
    --------
    >>> score_all(count_phrase("drug crimes solved", "", ""), "count")[0][1]
    'drug_crimes_solved'
    """
    kinds = _kinds_for(dim, phrase)
    if not kinds or phrase.action or not phrase.drug or "subgroup" in phrase.features:
        return []
    allowed = _COMPATIBLE.get(phrase.head, {}) if dim == "count" or phrase.head else None
    if dim == "count" and not allowed:
        return []
    feats = phrase.features
    norm = math.sqrt(sum(w * w for w in feats.values())) or 1.0
    # only the tokens the catalogue knows count in the phrase's norm: a phrase is not
    # penalized for words no indicator uses ("reached", "ministry")
    known = math.sqrt(sum(w * w for t, w in feats.items() if t in _vocabulary())) or norm
    out = []
    for p in profiles():
        if p.kind not in kinds:
            continue
        factor = 1.0
        if allowed is not None and (p.heads or dim == "count"):
            factor = max((allowed.get(h, 0.0) for h in p.heads), default=0.0)
            if not factor:
                continue
        if dim == "percent" and p.heads and not any(HEADS.get(t) in p.heads for t in feats):
            continue
        if not _distinct_fit(p, feats):
            continue
        dot = sum(w * p.weights.get(t, 0.0) for t, w in feats.items())
        out.append((round(factor * dot / known, 6), p.slug))
    out.sort(key=lambda x: (-x[0], x[1]))
    return out


DRUG_WORDS = re.compile(
    r"drug|narcot|addict|opiat|opioid|heroin|opium|cannabis|hashish|marijuana|cocaine|"
    r"amphetamine|inject|overdose|psychoactive|psychotropic|\bidus?\b|\bpwid\b|narcolog|"
    r"methadone|fentanyl|\btreatment\b",
    re.I,
)
"""Words that say a phrase is about drugs (a drug, its use, addiction, injecting,
overdoses, narcology, drug treatment)."""

DISTINCT = frozenset(
    _words(
        "estimate solve inject new sale smuggle traffick possess hiv regular opiate heroin "
        "cannabis depend seizure prevalence population treat offender methadone synthetic "
        "transit afghan"
    )
)
"""Canonical tokens that set one indicator apart from its kin: an indicator whose profile
has one is taken only for a phrase that says it, and a phrase that says one (in its noun
phrase or predicate) maps only to an indicator that has it."""


def _distinct_fit(p: Profile, feats: dict) -> bool:
    said = {t for t, w in feats.items() if t in DISTINCT and w >= 0.7}
    said_any = {t for t in feats if t in DISTINCT}
    return any(need <= said_any for need in p.needs) and said <= set(p.weights)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset:
    return frozenset(t for p in profiles() for t in p.weights)


def like_indicator(slug: str, phrase: Phrase) -> Phrase | None:
    """The phrase of a figure that refers back to a figure of indicator ``slug`` ("The
    numbers represent a 4.6 percent increase"): that indicator's words, with the change
    or share the phrase states; None when ``slug`` has no profile.

    Examples
    --------
    >>> p = like_indicator("drug_overdose_deaths", count_phrase("increase", "a", "", True))
    >>> best_indicator(p, "percent").slug
    'drug_overdose_deaths_change'
    """
    found = profile(slug)
    if found is None:
        return None
    head = next(iter(found.heads), "")
    feats = {t: 1.0 for t in found.weights}
    return Phrase(sorted(feats), head, feats, f"{slug} # {phrase.text}", "", True, phrase.change)


def best_indicator(phrase: Phrase, dim: str) -> Match | None:
    """The indicator a phrase maps to, or None when no indicator is clearly the one.

    Parameters
    ----------
    phrase : Phrase
        From :func:`count_phrase`.
    dim : str
        The figure's dimension: ``count``, ``percent`` or ``rate``.

    Returns
    -------
    Match or None

    Examples
    --------
    >>> best_indicator(count_phrase("drug-related deaths", "", ""), "count").slug
    'drug_overdose_deaths'
    >>> best_indicator(count_phrase("provinces", "", ""), "count") is None
    True
    """
    scored = score_all(phrase, dim)
    if not scored:
        return None
    best, slug = scored[0]
    second, other = scored[1] if len(scored) > 1 else (0.0, "")
    if best < THRESHOLD or best - second < MARGIN:
        return None
    return Match(slug, best, other, second)
