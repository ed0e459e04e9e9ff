"""What a figure counts: from the words around it to an indicator slug.

The rules read a sentence the way an analyst does. A mass is a seizure of the drug named
next to it ("344.6 kg of heroin") when a verb of seizure governs it, an estimate of transit
when the drugs "transit" or "cross" the country; money is a price when it is paid "per
kilogram" or for "a gram of heroin", a programme budget when the sentence speaks of the
programme's budget; a bare number is a count of the noun that follows it ("73 NGOs",
"2,905 drug-related crimes") or of the subject before it ("the number of registered drug
users fell to 36,137"); a percentage is kept only when it is the change or the share of a
listed indicator. A part named with its whole ("1,204 of the crimes registered in
January-September were drug trafficking offences", "of whom 4,300 were registered as
injecting drug users") is read past the whole to what the part is; people detained "for
drug use or possession" or "for drug trafficking" are persons in contact with the police;
each HIV percentage takes the phrase around it (prevalence among people who inject drugs,
share of new cases, share of all cases infected through injecting), and "among them" the
group named before ("people who inject drugs"); new HIV cases registered over a period
are a flow, not the cumulative count. "Perhaps 150,000 to 200,000 people" is an estimate
of the group the sentence (or the one before) names; a survey's share of the adult
population using one drug is its prevalence; heroin as the "main drug" of a share of
registered users is the share using heroin. NGOs (also "public associations") count as
``ngos_cooperating`` only when they are said, in their own phrase, to cooperate with the
police or another law enforcement body. A share in apposition to a count ("of whom 4,370,
or 55.4 percent, injected drugs") restates it and is read past.

A figure counted by one agency only (KNB, DCA, MVD) gets that agency's slug, never the
national one; when the catalogue has no slug for it, or for what it counts, the figure is
left unmapped with a note, never guessed. Every slug is checked against the indicator
catalogue (``data/indicators.csv``) and the figure's unit must convert to the indicator's.

Examples
--------
>>> find_drugs("seized 344.6 kg of heroin and 1.7 MT of cannabis resin")
[(19, 25, 'heroin'), (40, 54, 'hashish')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .rules import (
    COUNT_KINDS,
    COUNT_NOUNS,
    DEATH_KINDS,
    ESTIMATE_KINDS,
    FORMER_USERS,
    HEROIN_SHARES,
    NUMBER_OF_ADDICTS,
    OFFENCE_KINDS,
    OFFICERS_COUNTING,
    ONE_DRUG_USERS,
    OTHER_DRUG_BODY,
    PREVALENCE_DRUGS,
    REGISTER_KINDS,
    RELATED_TO_DRUGS,
    SOLVED_BEFORE,
    SURVEY_USERS,
    TRAFFIC_SHARES,
    USER_NOUNS,
    first_match,
    share_slug,
)

__all__ = [
    "Catalogue",
    "Concept",
    "agency_aliases",
    "agency_hits",
    "agency_slug",
    "find_drugs",
    "load_catalogue",
    "named_group",
]

# ----------------------------------------------------------------------------- vocabulary

# (pattern, drug key); earlier entries win where two start at the same place
_DRUG_TERMS = (
    (r"narcotics?\s+and\s+psychotropic\s+substances|narcotic\s+drugs\s+and\s+psychotropic"
     r"(?:\s+substances)?|drugs\s+and\s+psychotropic\s+substances", "total"),
    (r"new\s+psychoactive\s+substances?|\bNPS\b|synthetic\s+cannabinoids?|spice|"
     r"synthetic\s+cathinones?|(?:drug\s+|psychoactive\s+)?analogues?|mephedrone|"
     r"methcathinones?|designer\s+drugs?|(?:bath\s+)?salts", "nps"),
    (r"cannabis[\s-]+(?:products?|type\s+drugs|group(?:\s+drugs)?|based\s+drugs|"
     r"derivatives|substances)", "cannabis_all"),  # herb and resin together: no slug
    (r"cannabis\s+resin|hashish|\bhash\b", "hashish"),
    (r"poppy\s+straw", "poppy_straw"),
    (r"opium\s+poppy|poppy\s+plants?|poppies|poppy", "poppy_plant"),
    (r"cannabis\s+plants?|hemp\s+plants?|cannabis\s+bushes", "cannabis_plant"),
    (r"marijuana|marihuana|cannabis\s+herb|herbal\s+cannabis|cannabis|ganja|anasha|hemp",
     "marijuana"),
    (r"heroin", "heroin"),
    (r"raw\s+opium|opium", "opium"),
    (r"morphine", "morphine"),
    (r"cocaine", "cocaine"),
    # "ice" only in lower case and quoted or in a list ("1.6 tonnes of 'ice'", "heroin, ice,
    # hashish"): never ICE, the US immigration agency, nor a word of other sense
    (r"methamphetamines?|crystal\s+meth|\bmeth\b|\bshabu\b|(?<=['‘\"“])(?-i:ice)(?=['’\"”])|"
     r"(?<=,\s)(?-i:ice)(?=\s*,|\s+(?:and|or)\s)|\b(?-i:crystal\s+ice)\b", "methamphetamine"),
    (r"amphetamines?", "amphetamine"),
    (r"precursor(?:\s+chemicals?|s)?|acetic\s+anhydride|chemical\s+reagents|reagents|"
     r"precursors|(?:essential|controlled)\s+chemicals|"
     # "160 tons of chemicals for use in making drugs"
     r"chemicals\s+(?:\w+\s+){0,3}?(?:making|manufactur\w*|produc\w*|processing)\s+(?:of\s+)?"
     r"(?:illicit\s+)?(?:drugs|narcotics|heroin)", "precursor"),
    (r"ecstasy|MDMA|synthetic\s+drugs?|synthetic\s+narcotics|synthetics|"
     r"psychotropic\s+(?:substances|drugs|pills|tablets|medicines|medications|preparations)|"
     r"psychotropics|"
     r"synthetic\s+(?:substances|stimulants)|"
     # "powerful psychoactive substances in the form of powder and synthetic tablets"
     r"(?:powerful|potent|strong)\s+psychoactive\s+substances", "synthetic"),
    (r"ephedra", "ephedra"),
    (r"opiates", "opiates"),
    (r"illicit\s+drugs|narcotic\s+(?:drugs|substances)|narcotics|narcotic(?=\s*[.,;)]|\s*$|\s+(?:and|or|in|"
     r"were|was|seized)\b)|drugs", "total"),
)  # fmt: skip
_DRUG_RE = re.compile(
    "|".join(f"(?P<d{i}>{pat})" for i, (pat, _) in enumerate(_DRUG_TERMS)), re.IGNORECASE
)
_DRUG_KEYS = [key for _, key in _DRUG_TERMS]


def find_drugs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Drug terms in ``text[start:end]`` as (start, end, key), key such as ``heroin``, ``total``.

    Examples
    --------
    >>> find_drugs("narcotics and psychotropic substances")
    [(0, 37, 'total')]
    """
    out = []
    for m in _DRUG_RE.finditer(text, start, len(text) if end is None else end):
        # the word must not continue ("drugstore") nor be a prefix of another word
        if m.end() < len(text) and text[m.end()].isalpha():
            continue
        if m.start() > 0 and text[m.start() - 1].isalpha():
            continue
        key = _DRUG_KEYS[int(m.lastgroup[1:])]
        out.append((m.start(), m.end(), key))
    return out


_SEIZURE = re.compile(
    r"\b(?:seiz\w*|confiscat\w*|intercept\w*|interdict\w*|recovered|impounded|removed|stopped|"
    r"withdr[ae]wn?|taken\s+out|(?:illicit|illegal)\s+circulation)",
    re.I,
)
_TRANSIT = re.compile(
    r"\b(?:transit(?:s|ed|ing)?|cross(?:es|ed)?\b|trafficked\s+(?:through|via|across)|"
    r"pass(?:es|ed)?\s+through|mov(?:e|es|ed|ing)\s+(?:through|across)|"
    r"smuggled\s+(?:through|across|via)|flows?\s+through)",
    re.I,
)
_HARVEST = re.compile(r"\b(?:harvest\w*|yields?\b|(?:could|would|can|may)\s+yield)", re.I)
_CONSUME = re.compile(r"\b(?:consum\w*|domestic\s+(?:heroin\s+)?market)", re.I)

_AGENCY = (
    ("knb", re.compile(r"\bG?KNB\b|\bNSS\b|\bSNB\b|National\s+Security\s+(?:Committee|"
                       r"Service)|Committee\s+(?:for|of|on)\s+National\s+Security|"
                       r"security\s+services?", re.I)),
    ("dca", re.compile(r"\bDCA\b|Drug\s+Control\s+Agency", re.I)),
    ("mvd", re.compile(r"\bMVD\b|\bMOIA?\b|Ministry\s+of\s+(?:Internal\s+Affairs|(?:the\s+)?"
                       r"Interior)|Interior\s+Ministry|internal[\s-]affairs\s+(?:bodies|"
                       r"agencies|organs)", re.I)),
    ("border", re.compile(r"\bBorder\s+(?:(?:Guard|Protection|Control)\s+(?:Service|Forces|"
                          r"Troops|Committee)|Service|Guards?|Troops|Police|Forces)|border\s+guards|"
                          r"Protection\s+of\s+the\s+State\s+Border", re.I)),
    ("customs", re.compile(r"\bCustoms\b", re.I)),
    ("mobile", re.compile(r"\bmobile\s+(?:interdiction\s+)?(?:teams?|units?|groups?)", re.I)),
    ("almaty", re.compile(r"\bAlmaty\b", re.I)),
)  # fmt: skip
_ACRONYM = r"[A-Z][A-Za-z]{1,9}"
# where the name of a body ends, going back from "(SBNON)": a clause edge or a word that
# joins two noun phrases ("the Ministry of Health and the Service for ... (SBNON)")
_NAME_EDGE = re.compile(
    r"[,;:.()]|\bto\b(?!\s+(?-i:[A-Z]))|"  # "transferred to the MVD", not "Service to Combat"
    r"\b(?:and|with|by|from|that|which|who|while|than|is|are|was|were|has|have|"
    r"had|including|between|among|said|says|reported|reports|told|assisted|supported|"
    r"cooperated|cooperates|works|worked)\b",
    re.I,
)
_PARENT = re.compile(r"\s*(?:of|under|within|at|in)\s+(?:the\s+)?")
_PAREN_APPOSITION = re.compile(r"\s*,\s*(?:which\s+is\s+)?(?=(?:the|an?|part|subordinate)\b)", re.I)
_APPOSITION = re.compile(
    r"\b(" + _ACRONYM + r")(?:'s)?\s*(?:,|\(|\s[-–—]|\s(?:is|was|remains|serves\s+as))\s*"
    r"(?=(?:the|an?|part\s+of|which\s+is\s+part\s+of|subordinate\s+to)\b)",
)
_IN_PARENS = re.compile(
    r"\(\s*(?:the\s+)?(" + _ACRONYM + r")\s*\)|,?\s+(?:(?:also\s+)?known|referred\s+to|"
    r"abbreviated)\s+as\s+(?:the\s+)?(" + _ACRONYM + r")\b"
)
MAX_ALIASES = 60
"""At most this many acronyms are learned from one chapter (bounded work per sentence)."""


def _is_acronym(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and word.upper() not in ("US", "USA", "UN")


def _known_agency(word: str) -> bool:
    return any(pat.fullmatch(word) for _, pat in _AGENCY)


def agency_aliases(text: str) -> dict[str, str]:
    """Acronyms that a sentence defines for an agency, as {acronym: agency key}.

    "the Service for Combating Illegal Drug Trafficking (SBNON) of the Ministry of Internal
    Affairs", "the MVD's counternarcotics service (SBNON)", "SBNON, the MVD's
    counternarcotics service," all make SBNON a name of a department of the MVD
    (``mvd_unit``: its seizures have the MVD's slugs, its counts of crimes are its own) for
    the rest of the chapter; so does "..., known as SBNON".
    The body named first in "X of the Y" is the one meant (the Border Troops of the KNB are
    the Border Service).

    Parameters
    ----------
    text : str
        One sentence.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> agency_aliases("The Service for Combating Drug Trafficking (SBNON) of the Ministry "
    ...                "of Internal Affairs leads.")
    {'SBNON': 'mvd_unit'}
    >>> agency_aliases("DKN, the counternarcotics unit of the MVD, seized 2 kg.")
    {'DKN': 'mvd_unit'}
    >>> agency_aliases("the State Customs Committee (GTK)")
    {'GTK': 'customs'}
    """
    found: dict[str, str] = {}
    for m in _IN_PARENS.finditer(text):
        acr = m.group(1) or m.group(2)
        if not _is_acronym(acr) or _known_agency(acr) or acr in found:
            continue
        left_start = max(0, m.start() - 120)
        edges = list(_NAME_EDGE.finditer(text, left_start, m.start()))
        name_start = edges[-1].end() if edges else left_start
        hits = agency_hits(text, name_start, m.start())
        if hits:
            key = hits[0][2]
            if key == "mvd" and text[hits[0][1] : m.start()].strip():
                key = "mvd_unit"  # "the MVD's counternarcotics service (SBNON)"
            found[acr] = key
            continue
        parent = _PARENT.match(text, m.end())
        if parent:
            after = agency_hits(text, parent.end(), min(len(text), parent.end() + 80))
            if after and after[0][0] == parent.end():
                key = after[0][2]
                found[acr] = "mvd_unit" if key == "mvd" else key  # "(SBNON) of the MVD"
                continue
        appos = _PAREN_APPOSITION.match(text, m.end())
        if appos:
            # "(SBNON), part of the MVD,", "(SBNON), the MVD's counternarcotics service,"
            edge = re.compile(r"[,;.)]").search(text, appos.end(), appos.end() + 80)
            hits = agency_hits(text, appos.end(), edge.start() if edge else appos.end() + 80)
            if hits:
                key = hits[0][2]
                found[acr] = "mvd_unit" if key == "mvd" else key
                continue
        if first_match(OTHER_DRUG_BODY, text[left_start : m.start()]) is not None:
            # "the Anti-Narcotics Force (ANF)", "the National Drug Law Enforcement Agency,
            # (NDLEA)": a drug agency the lists do not know; its figures have no slug
            found[acr] = "unnamed"
    for m in _APPOSITION.finditer(text):
        acr = m.group(1)
        if not _is_acronym(acr) or _known_agency(acr) or acr in found:
            continue
        edge = _NAME_EDGE.search(text, m.end() + 1, min(len(text), m.end() + 90))
        end = edge.start() if edge else min(len(text), m.end() + 90)
        hits = agency_hits(text, m.end(), end)
        if hits:
            key = hits[0][2]
            found[acr] = "mvd_unit" if key == "mvd" else key  # "DKN, a unit of the MVD,"
    return found


def agency_hits(
    text: str,
    start: int = 0,
    end: int | None = None,
    aliases: re.Pattern | None = None,
    alias_map: dict[str, str] | None = None,
) -> list[tuple[int, int, str]]:
    """Agencies named in ``text[start:end]`` as (start, end, key), in text order.

    In "the Border Troops of the State Committee for National Security" only the first
    body counts: a body named right after another with "of the" is its parent.

    Parameters
    ----------
    text : str
    start, end : int, optional
    aliases : re.Pattern, optional
        Acronyms learned from the chapter (see :func:`agency_aliases`).
    alias_map : dict, optional
        Acronym -> agency key for ``aliases``.

    Returns
    -------
    list of (int, int, str)

    Examples
    --------
    >>> agency_hits("the Border Troops of the State Committee for National Security seized")
    [(4, 17, 'border')]
    """
    stop = len(text) if end is None else end
    hits = [
        (m.start(), m.end(), key) for key, pat in _AGENCY for m in pat.finditer(text, start, stop)
    ]
    if aliases is not None and alias_map:
        hits.extend(
            (m.start(), m.end(), alias_map[m.group(1)]) for m in aliases.finditer(text, start, stop)
        )
    hits.sort()
    out: list[tuple[int, int, str]] = []
    for h in hits:
        if out and h[0] < out[-1][1]:
            continue  # overlapping names of one body ("Ministry of Internal Affairs (MVD)")
        if out and _PARENT_GAP.fullmatch(text, out[-1][1], h[0]):
            continue  # "X of the Y": Y is X's parent
        out.append(h)
    return out


_PARENT_GAP = re.compile(
    r"\)?\s*(?:\([^()]{1,12}\)\s*)?(?:of|under|within)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,2}"
)

_NATIONAL = re.compile(
    r"\blaw[\s-]enforcement\s+(?:agencies|bodies|authorities|organs)|\ball\s+(?:\w+\s+){0,3}?"
    r"agencies|\bnationwide\b|\bthe\s+(?:government|authorities)\b|\btotal\s+seizures\b",
    re.I,
)
_ACCORDING = re.compile(
    r"\b(?:according\s+to|data\s+(?:of|from)|statistics\s+(?:of|from)|reported\s+by|"
    r"cited\s+by)\s+[^,;]{0,60}",
    re.I,
)
_US = re.compile(r"United\s+States|\bU\.S\.|\bUS\b|\bUSG\b|\bINL\b|\bAmerican\b|\bDEA\b", re.I)

_PRICE_WORD = re.compile(
    r"\b(?:price[sd]?|sells?|sold|costs?|costing|fetch(?:es|ed)?|worth|retail(?:s|ed|ing)?|"
    r"wholesale|street\s+value|purchased|bought|charged?|(?:went|goes|go|going|sells?|sold|"
    r"traded|changed\s+hands)\s+for)\b",
    re.I,
)
_MASS_WORD = re.compile(r"\b(?:kilograms?|kilos?|kg|grams?|g|gr|doses?)\b", re.I)
_BUDGET_WORD = re.compile(
    r"\b(?:budget\w*|spending|spend|spent|allocat\w*|earmark\w*|appropriat\w*|fund(?:ing|ed|s)?"
    r"|financ\w*|costs?|worth\s+of|envisag\w*|foresee\w*|reserved|set\s+aside|sum|provides)\b",
    re.I,
)
# a national programme: a capitalized name ("Program on Combating ...", "the Comprehensive
# Plan"), or "state/national/anti-drug program"; not "training programs"
_PROGRAMME = re.compile(
    r"\b(?:Program(?:me)?|Strategy|Plan)\b|\b(?:state|national|government(?:'s)?|anti-?drug|"
    r"counter-?(?:narcotics?|drug)|comprehensive)\s+(?:program(?:me)?|strategy|plan)\b|"
    r"\bthe\s+program(?:me)?(?:'s)?\s+budget|"
    # "a program for 2016-2020": a programme that spans years
    r"\bprogram(?:me)?\s+\(?(?:for|covering)\s+(?:the\s+(?:years|period)\s+)?(?:19|20)\d\d\s*[-–—]"
)
_BUDGET_EXCLUDE = re.compile(
    r"\bINL\b|United\s+States|\bU\.S\.|assistance|donor|donat\w*|grants?\b|salar\w*|handed\s+over|"
    r"bribe\w*|vehicles|\bfor\s+the\s+(?:DCA|KNB|MVD|agency|ministry)|\bof\s+the\s+(?:DCA|KNB|"
    r"MVD)\b|drugs\s+worth|street\s+value|damage|fines?\b|confiscated|proceeds|launder\w*",
    re.I,
)
_WILD = re.compile(r"\bwild\w*|\bgrow(?:s|ing|n)?\b|\bcover(?:s|ed|ing)?\b", re.I)
_ESTIMATE = re.compile(
    r"\b(?:estimat\w*|believe[sd]?|puts?|(?:real|true|actual)\s+number|unofficial\w*|experts?|UNODC|study|"
    r"survey|may\s+be|might\s+be|as\s+many\s+as|could\s+be|assess\w*|projected|approximately)\b",
    re.I,
)

# counted nouns: (pattern on the noun phrase, slug or a special marker)
_SUBSET = re.compile(
    r"\bcommitted\s+by\s+(?:organi[sz]ed|minors|juveniles|women|foreign|teenagers|repeat|"
    r"groups)|\borgani[sz]ed\s+(?:criminal\s+)?groups?\b|\bminors\b|\bjuveniles?\b|"
    r"\bwomen\b|\bunder\s+(?:the\s+age\s+of\s+)?\d+|\bhiv\b|\bforeign(?:ers)?\b|"
    r"\bteenagers\b|\bchildren\b|\bstudents\b|\bprisoners\b|\bin\s+prisons?\b",
    re.I,
)
_OFFICERS = re.compile(
    r"\b(?:law[\s-]enforcement|police|internal[\s-]affairs|customs|border|security)\s+"
    r"(?:officers?|officials?|employees|staff|personnel|agents)\b|\bpolice(?:men|women)\b|"
    r"\b(?:officers?|officials?|employees|staff)\s+of\s+(?:the\s+)?(?:internal[\s-]affairs|"
    r"police|law[\s-]enforcement|customs|border|mvd|ministry)",
    re.I,
)
_DRUGWORD = re.compile(r"\b(?:drug\w*|narcotic\w*|trafficking)\b", re.I)
_COOPERATE = re.compile(
    r"\b(?:co-?operat\w*|work(?:s|ed|ing)?\s+(?:closely\s+)?(?:with|alongside)|partner\w*|"
    r"collaborat\w*|jointly|together\s+with|teamed\s+up)\b",
    re.I,
)
# NGOs, in the names the chapters give them ("public associations" in the region's laws)
_NGO = re.compile(
    r"\bngos?\b|\bnon-?governmental\s+organi[sz]ations|\bpublic\s+associations|"
    r"\bcivil[\s-]+society\s+(?:organi[sz]ations|groups)|\bnon-?profit\s+organi[sz]ations",
    re.I,
)
_POLICE_BODY = re.compile(
    r"\b(?:police|law[\s-]enforcement|counter-?narcotics?|anti-?drug\s+(?:police|units?|"
    r"department|agency)|MVD|MOIA?|Ministry\s+of\s+(?:Internal\s+Affairs|(?:the\s+)?Interior)|"
    r"Interior\s+Ministry|DCA|Drug\s+Control\s+Agency|G?KNB|SBNON)\b",
    re.I,
)
# who a group of people is: "people who inject drugs", "drug users" (see named_group)
_GROUPS = (
    ("people who inject drugs", re.compile(
        r"\b(?:people|persons|individuals|men|women)\s+(?:who\s+)?inject(?:s|ed|ing)?\b|"
        r"\binjecting\s+drug\s+users\b|\bpwid\b|\bidus?\b|\bdrug\s+injectors\b", re.I)),
    ("opiate users", re.compile(
        r"\bopiate\s+users\b|\b(?:people|persons)\s+(?:who\s+)?use\s+opiates\b", re.I)),
    ("drug users", re.compile(
        r"\bdrug\s+(?:users|addicts)\b|\baddicts\b|\b(?:people|persons)\s+who\s+use\s+drugs\b|"
        r"\busers\s+of\s+(?:illicit\s+)?drugs\b", re.I)),
    # not people, but what "of them" may stand for in "... accounted for 57 percent of them"
    # ("new HIV cases" when so written: "of them" then counts new cases)
    ("HIV cases", re.compile(
        r"(?P<new>\bnew(?:ly\s+(?:registered|diagnosed|detected|reported))?\s+)?"
        r"\bhiv\s+(?:cases|infections|diagnoses)\b|\b(?:cases|infections)\s+of\s+hiv\b",
        re.I)),
)  # fmt: skip
PEOPLE_GROUPS = tuple(name for name, _ in _GROUPS if name != "HIV cases")
"""The groups of :func:`named_group` that are people (counts of people may be of them)."""


def named_group(text: str) -> str:
    """The last group of people (or HIV cases) that ``text`` names, as a plain phrase, or
    ``""``.

    Used to read "HIV prevalence among them" or "perhaps 150,000 to 200,000 people" after a
    sentence (or a clause) that says who they are, and "injecting accounted for 57 percent
    of them" after a count of HIV cases (:data:`PEOPLE_GROUPS` are the groups of people).

    Examples
    --------
    >>> named_group("Some 120,000 people inject drugs in the country.")
    'people who inject drugs'
    >>> named_group("The real number of drug users is far higher")
    'drug users'
    >>> named_group("Doctors registered 1,170 new HIV cases in 2017;")
    'new HIV cases'
    """
    best, best_pos = "", -1
    for name, pat in _GROUPS:
        for m in pat.finditer(text):
            if m.start() > best_pos:
                best, best_pos = name, m.start()
                if m.groupdict().get("new"):
                    best = f"new {name}"
    return best


@dataclass(frozen=True)
class Concept:
    """What a figure counts, before its unit picks the slug.

    Attributes
    ----------
    family : str
        ``seizure``, ``transit``, ``harvest``, ``consumption``, ``area``, ``price``,
        ``budget``, ``count`` (slug fixed), ``percent`` (slug fixed), or ``""`` (unknown).
    drug : str
        ``heroin``, ``opium``, ``total`` (all drugs) ...
    agency : str
        ``""`` for national figures, else ``knb``, ``dca``, ``mvd``, ``border``,
        ``customs``, ``mobile``, ``almaty``.
    per : str
        For prices: ``kg``, ``g`` or ``dose``.
    modifier : str
        For budgets: ``border``, ``local``, ``annual`` or ``""``.
    slug : str
        For ``count`` and ``percent``: the slug.
    note : str
        Why the figure is left unmapped, when it is.
    weak : bool
        The concept was read from the wider sentence, not next to the figure.
    """

    family: str = ""
    drug: str = ""
    agency: str = ""
    per: str = ""
    modifier: str = ""
    slug: str = ""
    note: str = ""
    weak: bool = False


# ----------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Catalogue:
    """The indicator slugs the extractor may use, with their units and kinds."""

    units: dict[str, str]
    kinds: dict[str, str]

    def fits(self, slug: str, unit: str) -> bool:
        """``slug`` is listed and a figure in ``unit`` converts to its unit."""
        from drugtrends.units import UnitError, convert_factor

        if slug not in self.units:
            return False
        try:
            convert_factor(unit, self.units[slug])
        except UnitError:
            return False
        return True

    def kind(self, slug: str) -> str:
        return self.kinds.get(slug, "")


@lru_cache(maxsize=4)
def load_catalogue(path: str | None = None) -> Catalogue:
    """The indicator catalogue (``data/indicators.csv`` by default), validated.

    Parameters
    ----------
    path : str, optional

    Returns
    -------
    Catalogue

    Examples
    --------
    >>> load_catalogue().fits("heroin_seizures", "MT")
    True
    """
    from drugtrends import records

    frame = records.load_indicators(Path(path) if path else None)
    return Catalogue(dict(frame["units"]), dict(frame["kind"]))


# ----------------------------------------------------------------------------- slugs

_SEIZURE_SLUG = {
    "total": "drug_seizures_total", "heroin": "heroin_seizures", "opium": "opium_seizures",
    "morphine": "morphine_seizures", "marijuana": "marijuana_seizures",
    "hashish": "hashish_seizures", "cannabis_plant": "cannabis_plant_seizures",
    "poppy_plant": "poppy_plant_seizures", "poppy_straw": "poppy_straw_seizures",
    "cocaine": "cocaine_seizures", "methamphetamine": "methamphetamine_seizures",
    "amphetamine": "amphetamine_seizures", "synthetic": "synthetic_drug_seizures",
    "nps": "synthetic_drug_seizures", "precursor": "precursor_seizures",
}  # fmt: skip
_TRANSIT_SLUG = {
    "heroin": "heroin_transit_estimate", "opium": "opium_transit_estimate",
    "total": "drug_transit_estimate", "heroin+opium": "heroin_opium_transit_estimate",
    "opiates": "heroin_opium_transit_estimate",
}  # fmt: skip
_AGENCY_NAMES = {
    "knb": "KNB", "dca": "DCA", "mvd": "MVD", "border": "Border Service", "customs": "Customs",
    "mobile": "mobile teams", "almaty": "Almaty police", "unnamed": "body named there",
    "mvd_unit": "MVD department", "regional": "body of one region",
}  # fmt: skip


# how the catalogue names an agency in a slug ("drug_seizures_border_service"); a department
# of the MVD known by its acronym ("SBNON") has the MVD's slugs
_AGENCY_SUFFIXES = {
    "border": ("border_service", "border"),
    "customs": ("customs",),
    "mvd_unit": ("mvd",),
}
# counts by these agencies are theirs alone (the MVD's crime counts are the national ones,
# those of one of its departments are not)
_AGENCY_ONLY_COUNTS = (
    "border", "customs", "mobile", "knb", "dca", "almaty", "mvd_unit", "unnamed", "regional",
)  # fmt: skip


def agency_slug(base: str, agency: str, unit: str, catalogue: Catalogue) -> str:
    """The catalogue's slug for one agency's share of the national indicator ``base``.

    The catalogue is read as it is at run time: ``heroin_seizures`` by the DCA is
    ``heroin_seizures_dca`` when that slug is listed; a total is named with or without
    ``_total`` (``drug_seizures_total_knb``, ``drug_seizures_border_service``). Returns
    ``""`` when the catalogue has no slug for the agency (never the national slug).

    Parameters
    ----------
    base : str
        The national slug (``drug_seizures_total``, ``drug_labs_dismantled``).
    agency : str
        ``knb``, ``dca``, ``mvd``, ``border``, ``customs`` ...
    unit : str
        The figure's unit; the slug must accept it.
    catalogue : Catalogue

    Returns
    -------
    str

    Examples
    --------
    >>> cat = load_catalogue()
    >>> agency_slug("drug_seizures_total", "border", "kg", cat)
    'drug_seizures_border_service'
    >>> agency_slug("heroin_seizures", "customs", "kg", cat)
    ''
    """
    stems = [base]
    if base.endswith("_total"):
        stems.append(base[: -len("_total")])
    for suffix in _AGENCY_SUFFIXES.get(agency, (agency,)):
        for stem in stems:
            slug = f"{stem}_{suffix}"
            if catalogue.fits(slug, unit):
                return slug
    return ""


def _currency_of(unit: str) -> str:
    """The currency of a money unit as written by :mod:`.numbers` ("million USD" -> USD)."""
    for word in unit.split():
        if word in ("USD", "KZT", "som", "TJS", "UZS", "TMT", "RUB", "AFN"):
            return "KGS" if word == "som" else word
    return "USD"


def slug_for(concept: Concept, *, dim: str, unit: str, catalogue: Catalogue) -> tuple[str, str]:
    """The indicator slug for a concept and a figure's unit, or ``""`` with a note.

    Parameters
    ----------
    concept : Concept
    dim : str
        The figure's dimension (``mass``, ``money`` ...).
    unit : str
        The figure's unit as it will be written in the record.
    catalogue : Catalogue

    Returns
    -------
    (str, str)
        Slug (or ``""``) and a note saying why no slug was chosen.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> slug_for(Concept("seizure", drug="heroin", agency="knb"), dim="mass", unit="kg",
    ...          catalogue=cat)
    ('heroin_seizures_knb', '')
    >>> slug_for(Concept("seizure", drug="heroin", agency="border"), dim="mass", unit="kg",
    ...          catalogue=cat)[0]
    ''
    """
    fam = concept.family
    slug = ""
    note = concept.note
    if fam in ("count", "percent"):
        slug = concept.slug
        if slug.startswith("__agency:"):
            # one agency's count: its own slug when the catalogue lists one, else nothing
            slug = agency_slug(slug.split(":", 1)[1], concept.agency, unit, catalogue)
            if not slug:
                note = note or (
                    f"counted by the {_AGENCY_NAMES.get(concept.agency, concept.agency)} only; "
                    "no indicator"
                )
    elif fam == "seizure":
        if dim == "count" and unit in ("pills", "tablets"):
            base = (
                "psychotropic_pills_seized" if concept.drug in ("synthetic", "nps", "total") else ""
            )
            if concept.agency == "knb":
                base = "synthetic_pills_seized_knb" if base else ""
            elif concept.agency:
                base = ""
            slug = base
        elif dim == "mass":
            base = _SEIZURE_SLUG.get(concept.drug, "")
            if concept.agency == "almaty":
                slug = "nps_seizures_almaty" if concept.drug == "nps" else ""
            elif concept.agency and base:
                # never the national slug for one agency's figure
                slug = agency_slug(base, concept.agency, unit, catalogue)
            else:
                slug = base
            if not slug and concept.agency:
                note = note or (
                    f"seized by the {_AGENCY_NAMES.get(concept.agency, concept.agency)} only; "
                    "no indicator for this agency and drug"
                )
    elif fam == "transit" and dim == "mass":
        slug = _TRANSIT_SLUG.get(concept.drug, "")
    elif fam == "harvest" and dim == "mass" and concept.drug in ("marijuana", "total"):
        slug = "cannabis_harvest_estimate"
    elif fam == "consumption" and dim == "mass" and concept.drug == "heroin":
        slug = "heroin_domestic_market"
    elif fam == "area" and dim == "area":
        slug = {"marijuana": "wild_cannabis_area", "ephedra": "wild_ephedra_area"}.get(
            concept.drug, ""
        )
    elif fam == "price" and dim == "money":
        cur = _currency_of(unit)
        if cur != "USD" and concept.per in ("kg", "g"):
            return "", note or f"a price in {cur}; the price indicators are in USD"
        if concept.per in ("kg", "g") and concept.drug in (
            "heroin",
            "opium",
            "hashish",
            "marijuana",
        ):
            slug = f"{concept.drug}_{'wholesale' if concept.per == 'kg' else 'retail'}_price"
        elif concept.per == "dose":
            note = note or "price per dose; no indicator"
    elif fam == "budget" and dim == "money":
        cur = _currency_of(unit)
        if cur not in ("KZT", "USD"):
            return "", note or f"a programme budget in {cur}; no indicator for this currency"
        slug = {
            ("KZT", ""): "programme_budget_kzt",
            ("USD", ""): "programme_budget",
            ("KZT", "border"): "programme_budget_border_kzt",
            ("KZT", "annual"): "programme_budget_annual_kzt",
            ("KZT", "local"): "prevention_budget_local_kzt",
        }.get((cur, concept.modifier), "")
    if slug and not catalogue.fits(slug, unit):
        note = note or f"{slug} is not in the catalogue or is not measured in {unit}"
        slug = ""
    return slug, note


# ----------------------------------------------------------------------------- counts


_HEAD_STOP = {
    "in", "at", "for", "from", "to", "by", "on", "with", "of", "involving", "who", "which",
    "that", "were", "was", "are", "is", "have", "has", "had", "and", "or", "during", "since",
    "over", "through", "compared", "against", "than", "as", "this", "last", "while", "after",
    "before", "under", "per", "each", "a", "an", "the", "across", "into", "among",
}  # fmt: skip
_COPULA = re.compile(
    r"^(?:were|was|are|is|have\s+been|had\s+been|involved|concerned|related\s+to)\s+", re.I
)


def _head(phrase: str) -> str:
    """The words of a noun phrase up to the first preposition or verb-like word."""
    words = []
    for w in phrase.split():
        if w.lower() in _HEAD_STOP:
            break
        words.append(w)
    return " ".join(words)


def classify_count(
    after: str,
    before: str,
    sentence: str,
    agency: str,
    clause: str = "",
    estimate: bool = False,
    group: str = "",
    local: str = "",
) -> tuple[str, str]:
    """The slug of a count from the noun phrase after it and the words before it.

    The noun right after the number says what is counted ("73 NGOs", "2,905 drug-related
    crimes"); when there is none ("decreased from 2,989 to 2,905", "numbered 36,137"), the
    subject before the number does.

    Parameters
    ----------
    after : str
        Words after the number up to punctuation ("registered drug addicts").
    before : str
        Words before the number back to a clause boundary ("the number of registered
        drug-related crimes decreased from").
    sentence : str
    agency : str
    clause : str, optional
        The clause up to the number ("Officers also apprehended"), where the verb of a
        count of people is ("1,280 suspects for drug trafficking" after "and").
    estimate : bool, optional
        The figure is written as an estimate without an estimating word: a range of people
        ("12-15 thousand people use opiates").
    group : str, optional
        Who "people" without a further word are, named before the figure in its sentence
        or in the sentence before (see :func:`named_group`): "the real number of drug users
        is far higher, perhaps 150,000 to 200,000 people".
    local : str, optional
        The text between the figures around this one (what is said of these NGOs, not of
        others in the sentence); defaults to ``sentence``.

    Returns
    -------
    (str, str)
        Slug or ``""``; a note.

    Examples
    --------
    >>> classify_count("NGOs cooperating with the police", "", "", "")
    ('ngos_cooperating', '')
    >>> classify_count("", "the number of registered drug-related crimes fell from", "", "")
    ('drug_crimes_registered', '')
    """
    # one space between words: hard-wrapped text has line breaks inside phrases
    after, before, sentence = (" ".join(x.split()) for x in (after, before, sentence))
    after_l = _COPULA.sub("", after.lower().strip())
    for rule in COUNT_NOUNS:
        after_l = rule.pattern.sub(rule.value, after_l)  # "criminal acts" -> "crimes"
    for rule in USER_NOUNS:
        # "reported drug abusers" -> "registered drug users"
        after_l = rule.pattern.sub(rule.value, after_l)
        before = rule.pattern.sub(rule.value, before.lower())
    part = re.match(
        r"(?:of|out\s+of)\s+(?:them|these|those|which|whom)\b\s*(?:(?:were|was|are|is|concerned|"
        r"involved|related\s+to)\s+)*(?P<pred>.*)$",
        after_l,
    )
    if part or re.match(r"(?:of|out\s+of)\s+(?:the|all)\b", after_l):
        if re.search(r"\bsolved\b", before, re.I):
            return "__solved_of_previous__", ""
        whole_of = re.match(
            r"(?:of|out\s+of)\s+(?:the|all)\s+(?:\w+\s+){0,2}?regist\w*\s+(?:drug\s+)?"
            r"(?:users|addicts)\s+(?P<pred>.*)$",
            after_l,
        )
        if whole_of and _INJECT_PRED.match(whole_of.group("pred")):
            return "registered_pwid", ""  # "5,100 of the registered users inject drugs"
        subject = re.search(
            r"^(?P<subj>.*?)\b(?:accounted\s+for|made\s+up|comprised|constituted|represented)"
            r"\s+(?:\w+\s+)?$",
            " ".join(before.lower().split()) + " ",
        )
        if part:
            found = _part_of(part.group("pred"))
            if not found and subject:
                # "Trafficking offences made up 1,052 of these": what the part is, is the
                # subject before the verb
                found = _part_of(subject.group("subj"))
        elif subject and _predicate(after_l) is None:
            # "Drug trafficking offences accounted for 1,204 of the crimes registered"
            found = _part_of(subject.group("subj"))
        else:
            # "1,204 of the crimes registered in January-September were drug trafficking
            # offences": the whole named, then what the part is
            found = _part_of(_predicate(after_l) or "")
            if found and not re.match(
                r"(?:of|out\s+of)\s+(?:the|all)\s+(?:\w+\s+){0,3}?(?:crimes?|offen[cs]es|"
                r"cases|regist\w*|users|addicts|people|persons)\b",
                after_l,
            ):
                found = ""
        if found == "__part:__pwid" and re.search(r"\bregist|\bregister\b", after_l):
            return "registered_pwid", ""  # "6,117 of those registered ... inject drugs"
        return (found, "") if found else ("", "counts a part of another figure; no indicator")
    if _PART_LEAD.search(before):
        found = _part_of(after_l)
        if found == "__part:__pwid" and re.match(_AS_REGISTERED, after_l):
            return "registered_pwid", ""  # "of whom 4,300 were registered as injecting users"
        if found:
            return found, ""
    if _INJECT_VERB.match(after_l):
        # "Of the 9,120 registered users, 4,900 inject drugs": a part of the figure before
        return "__part:__pwid", ""
    head = _head(after_l)
    contact = _police_contact(head, after_l, " ".join(clause.split()).lower())
    if contact:
        return contact, ""
    if head:
        slug, note = _count_rules(
            head, after_l, before.lower(), sentence, agency, estimate, " ".join(local.split())
        )
        if not slug and not note and group in PEOPLE_GROUPS and _GENERIC_PEOPLE.fullmatch(after_l):
            # "perhaps 150,000 to 200,000 people" after "the real number of drug users":
            # an estimate of the group named before
            whole = f"{group} {head}"
            if estimate or _ESTIMATE.search(sentence):
                return _count_rules(whole, whole, before.lower(), sentence, agency, True)
        return slug, note
    before_l = before.lower()
    # the subject before the number: "the number of X fell from", "X numbered", "X rose to"
    if not _SUBJECT_END.search(before_l):
        return "", ""
    slug, note = _count_rules(before_l, before_l, before_l, sentence, agency, estimate)
    if (
        not slug
        and group in PEOPLE_GROUPS
        and (
            _TRUE_NUMBER.search(before_l)
            # "the real number of drug users is far higher; experts believe it to be ..."
            or (re.search(r"\bit\b", before_l) and _TRUE_NUMBER.search(sentence.lower()))
        )
    ):
        # "... drug users are registered, but the actual number is close to 40,000": an
        # estimate of the group named before
        whole = f"{group} {before_l}"
        return _count_rules(whole, whole, before_l, sentence, agency, True)
    return slug, note


# "the real number", "the true figure": an estimate of a group named before
_TRUE_NUMBER = re.compile(r"\b(?:real|true|actual)\s+(?:number|figure|count)\b")

# words that name the whole right before a part: "Of these, 2,903 were ...", "Among them,
# ...", "8,150 users, including 3,020 people who inject drugs"
_PART_LEAD = re.compile(
    r"\b(?:(?:of|among|out\s+of)\s+(?:which|whom|these|them|those|this\s+number|"
    r"the\s+total|this\s+total)|including|inclusive\s+of)\s*,?\s*$",
    re.I,
)

# "4,900 inject drugs": a verb with no counted noun before it
_INJECT_VERB = re.compile(
    r"(?:(?:also|regularly|currently|reportedly)\s+)?(?:inject(?:s|ed)?\b|(?:are|were)\s+"
    r"injecting\b)"
)
# what a part is, after "of them", "of whom": "inject drugs", "(are) people who inject drugs"
_INJECT_PRED = re.compile(
    _INJECT_VERB.pattern + r"|(?:(?:are|were)\s+)?(?:people\s+who\s+inject|injecting\s+"
    r"(?:drug\s+)?users|pwid\b|idus?\b)"
)


# "registered as", "recorded as": how a part was counted, before what it is
_AS_REGISTERED = r"(?:(?:officially|formally)\s+)?(?:registered|on\s+the\s+register)\b"
_COUNTED_AS = re.compile(
    r"^(?:(?:officially|formally|also)\s+)?(?:registered|recorded|listed|counted|classified|"
    r"identified|qualified|described|diagnosed|categori[sz]ed)\s+as\s+"
)


def _predicate(phrase: str) -> str | None:
    """What a part is, after the verb: "of the crimes registered in 2020 were drug
    trafficking offences" -> "drug trafficking offences"; None without a verb."""
    m = re.search(
        r"\b(?:were|was|are|is|involved|concerned|related\s+to|constituted|made\s+up)\s+"
        r"(?P<rest>.*)$",
        phrase,
    )
    return m.group("rest") if m else None


# "by the KNB", "dismantled by customs officers": a part counted by one body
_BY_BODY = re.compile(r"(?:(?:were|was)\s+)?(?:[a-z]+ed\s+)?by\s+(?:the\s+)?[a-z]")


def _part_of(pred: str) -> str:
    """The slug marker of a part ("of these, 1,562 concerned drug sales"), or ""."""
    pred = _COUNTED_AS.sub("", pred.strip())
    if _BY_BODY.match(pred):
        # "18 laboratories were dismantled, 11 of them by the KNB": the whole's indicator,
        # counted by one agency (resolved against the whole and the agency named)
        return "__part:__agency"
    if not _INJECT_PRED.match(pred):
        # "of those registered in 2020 were people who inject drugs"
        rest = _predicate(pred)
        if rest is not None and _INJECT_PRED.match(_COUNTED_AS.sub("", rest.strip())):
            pred = _COUNTED_AS.sub("", rest.strip())
    if _SUBSET.search(pred):
        return ""
    if _INJECT_PRED.match(pred):
        return "__part:__pwid"  # resolved against the figure it is a part of
    offences = re.search(r"\boffen[cs]es?\b", pred)
    if _POSSESSION.search(pred) and not re.search(r"\btrafficking|\bsmuggling", pred):
        return "__part:drug_possession_offences"  # "960 concerned possession"
    if re.search(r"\btrafficking\b", pred):
        return "__part:drug_trafficking_offences" if offences else "__part:drug_trafficking_cases"
    if re.search(r"\b(?:sales?|selling|sell)\b", pred):
        return "__part:drug_sales_cases"
    if re.search(r"\bsmuggling\b", pred):
        return "__part:drug_smuggling_cases"
    return ""


_POSSESSION = re.compile(
    r"\b(?:possession|possessing|personal\s+use|(?:drug|narcotics?)\s+use|use\s+(?:or|and)\s+"
    r"possession|(?:illegal|illicit)\s+(?:drug\s+)?use)\b"
)


_CONTACT_VERB = re.compile(
    r"\b(?:detain\w*|arrest\w*|apprehend\w*|charged|caught|stopped|questioned|held|"
    r"brought\s+to\s+"
    r"(?:criminal\s+|administrative\s+)?(?:responsibility|liability|justice|account))\b"
)
_CONTACT_WHO = re.compile(
    r"^(?:\w+\s+)?(?:persons|people|individuals|suspects|citizens|offenders|men|women|"
    r"drug\s+users|users|traffickers|dealers|couriers)$"
)


def _police_contact(head: str, after: str, clause: str) -> str:
    """Persons in contact with the police, by what for: "police detained 1,150 persons for
    illegal drug use or possession", "apprehended ... 1,280 suspects for drug trafficking"."""
    if not head or not _CONTACT_WHO.match(head) or _SUBSET.search(after):
        return ""
    if not (_CONTACT_VERB.search(clause) or _CONTACT_VERB.search(after)):
        return ""
    why = re.search(r"\b(?:for|on|over)\s+(?P<why>.*)$", after)  # "on drug possession charges"
    if not why:
        return ""
    reason = why.group("why")
    if re.search(r"\b(?:sell\w*|sales?|sold|dealing)\b", reason):
        return ""  # the catalogue counts sales apart from trafficking (drug_sales_cases)
    if re.search(r"\b(?:traffick\w*|smuggl\w*)\b", reason):
        return "persons_police_contact_trafficking"
    if _POSSESSION.search(reason) or re.search(
        r"^(?:\w+\s+){0,2}(?:use|using|consum\w*)\b", reason
    ):
        return "persons_police_contact_possession"
    return ""


# "cases were registered in January-October 2019": counted over a period, not since a start
_REGISTERED_IN = re.compile(
    r"\b(?:registered|reported|recorded|detected|diagnosed|identified)\s+(?:in|during|over)\s+"
    r"(?:the\s+first\s+|the\s+past\s+|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|(?:19|20)\d\d\b)"
)

# "people" with no word saying who they are ("perhaps 200,000 people, most of them ...")
_GENERIC_PEOPLE = re.compile(
    r"(?:people|persons|individuals)(?:\s+(?:in|across|nationwide|countrywide)(?:\s+\w+){0,3})?"
)

_SUBJECT_END = re.compile(
    r"(?:\b(?:numbered|total(?:l)?ed|totals?|reached|reaches|rose|risen|fell|fallen|grew|"
    r"increased|decreased|declined|dropped|amounted|stood|came|went|was|were|is|are|"
    r"climbed|jumped|doubled|reduced|ranged|ranges|range|varies|vary|varied|"
    # "experts believed the true number of drug users to be in excess of 40,000"
    r"(?:number|figure|total|\bit)\s+(?:\w+\s+){0,5}?to\s+be)"
    # "have increased year on year from", "rose steadily to"
    r"(?:\s+(?:year[\s-]on[\s-]year|year[\s-]over[\s-]year|steadily|sharply|slightly|"
    r"significantly|again|further))?"
    r"(?:\s+(?:to|from|at|by|about|nearly|almost|some|between))?"
    r"|\bnumber\s+of\s+.{1,60}?\s+at)\s*$"
)


# a verb that registers crimes or cases
_REGISTERING = re.compile(
    r"\b(?:registered|recorded|opened|detected|initiated|instituted|reported|logged)\b", re.I
)


# the subject of an estimate that names its kind: "the estimated number of injecting drug
# users", "the number of people who inject drugs"
_NUMBER_OF_KIND = re.compile(
    r"\bnumber\s+of\s+(?:\w+\s+){0,2}?(?:inject\w*\s+drug\s+users|people\s+who\s+inject|"
    r"idus?|pwid|opiate\s+users|problem\s+drug\s+users)\b",
    re.I,
)


def _own_phrase(whole: str, head: str) -> str:
    """The words around a count from its own noun phrase on, when the words before it are
    another figure's noun phrase ("25,000 injecting drug users and 80,000 drug users": the
    second names its own people, and the first one's kind, injecting, is not its kind).

    Examples
    --------
    >>> _own_phrase("injecting drug users and drug users", "drug users")
    'drug users'
    >>> _own_phrase("people inject drugs", "people")
    'people inject drugs'
    """
    at = whole.rfind(head) if head else -1
    if at > 0 and re.search(r"(?:\band|,|\bwhile|\bagainst|\bversus)\s*$", whole[:at]):
        return whole[at:]
    return whole


# a verb of finding right before the figure: the count is of crimes found, even when the
# clause goes on to the solved ones ("identified 4,120 drug crimes and solved 3,870")
_REGISTERED_BEFORE = re.compile(
    r"\b(?:identified|detected|registered|recorded|uncovered|revealed|exposed)"
    r"(?:\s+(?:a\s+total\s+of|some|about|over|more\s+than))?\s*$",
    re.I,
)


def _count_rules(
    head: str,
    full: str,
    before: str,
    sentence: str,
    agency: str,
    estimate: bool = False,
    local: str = "",
) -> tuple[str, str]:
    if not head.strip():
        return "", ""
    whole = f"{before} {full}"
    officer_head = re.search(
        r"\b(?:officers?|officials?|employees|staff|personnel|agents|policemen|crimes?|cases?)\b",
        head,
    )
    if (
        officer_head
        and _OFFICERS.search(whole)
        and not first_match(OFFICERS_COUNTING, before)
        and (
            _DRUGWORD.search(whole)
            or _DRUGWORD.search(sentence)
            or re.search(r"\bcrimes?\b", whole)
        )
    ):
        if re.search(
            r"criminal\s+(?:cases|proceedings|charges)|cases\s+(?:against|were\s+opened)|"
            r"proceedings\s+(?:were\s+|have\s+been\s+)?(?:initiated|opened|instituted|brought)|"
            r"drug\s+business",
            whole,
        ):
            return "law_enforcement_officers_drug_cases", ""
        if re.search(r"\bcrimes?\b", whole):
            return "law_enforcement_officers_drug_crimes", ""
        return "", ""
    if re.search(r"\bhiv\b", head) and re.search(r"\b(?:cases|infections)\b", head):
        rest = re.sub(r"\bhiv\b", "", full)
        if not _SUBSET.search(rest) and not re.search(
            r"\b(?:among|inject\w*|idus?|pwid|drug\s+users|through|via|sexual\w*)\b", rest
        ):
            if re.search(r"\bnew(?:ly)?\b", whole) or _REGISTERED_IN.search(whole):
                # "1,130 new HIV cases were registered in January-October": a flow, also
                # after "In all"
                return "hiv_cases_reported", ""
            if re.search(
                r"\bsince\b|\bcumulative\w*|\bto\s+date\b|\bin\s+all\b|\bever\b",
                f"{whole} {sentence}",
                re.I,
            ):
                return "hiv_cases_registered_cumulative", ""
            return "hiv_cases_reported", ""
    if _SUBSET.search(full) or _SUBSET.search(head):
        return "", "counts a part of a group; no indicator"
    nps = re.search(r"new\s+psychoactive|\bnps\b|synthetic\s+cannabinoids|analogues", full)
    if re.search(r"\bincidents?\b|\bcases\b|\bepisodes\b", head) and nps:
        if re.search(r"\balmaty\b", sentence, re.I):
            return "nps_trafficking_incidents_almaty", ""
        return "", "NPS incidents outside Almaty; no indicator"
    labs = re.search(r"\blaborator(?:y|ies)\b|\blabs?\b", head)
    clandestine = labs and re.search(
        r"clandestine|illicit|illegal|underground|secret|\bdrug\b|narcotic|synthetic|"
        r"dismantl|closed|shut|destroyed|liquidat|raided|uncovered|discovered|seized",
        whole,
    )
    closed = re.search(r"\b(?:solved|cleared|closed|completed)\b", whole)
    if agency in _AGENCY_ONLY_COUNTS and re.search(
        r"\b(?:cases|attempts|crimes|incidents|laborator(?:y|ies)|labs?)\b", head
    ):
        if clandestine:
            return "__agency:drug_labs_dismantled", ""  # the catalogue decides (slug_for)
        if (
            closed
            and agency in ("knb", "dca")
            and re.search(r"\b(?:cases|crimes|offen[cs]es)\b", head)
            and (_DRUGWORD.search(whole) or _DRUGWORD.search(sentence))
            and not _SUBSET.search(whole)
        ):
            # "The GKNB closed 118 drug crime cases": the security services' or the DCA's
            # solved cases
            return (
                "drug_crimes_solved_security" if agency == "knb" else "drug_crimes_solved_dca"
            ), ""
        if not re.search(r"\b(?:re)?solved\b|\bcleared\b", whole):
            return "", "counted by one agency only; no indicator"
    if labs:
        if clandestine:
            return "drug_labs_dismantled", ""
        return "", "laboratories that are not said to be clandestine"
    death = first_match(DEATH_KINDS, whole)
    if death is not None:
        # "48 people died of overdoses", "drug-related deaths rose to 312"
        return death.value, ""
    if _NGO.search(head):
        # the indicator counts NGOs that cooperate with the counternarcotics police, not
        # those that deliver services ("40 NGOs run needle exchanges funded by donors"); the
        # cooperation must be said of these NGOs, between the figures around them ("The MVD
        # worked with 12 NGOs, and 45 other NGOs ran needle exchanges": not the 45)
        said = f"{whole} {local or sentence}"
        if _COOPERATE.search(said) and (
            agency in ("mvd", "mvd_unit", "dca", "knb") or _POLICE_BODY.search(said)
        ):
            return "ngos_cooperating", ""
        return "", "NGOs not said to cooperate with the police; no indicator"
    if re.search(
        r"\b(?:programs?|programmes?|training\s+courses|trainings|courses|workshops|seminars|"
        r"(?:training\s+)?events|conferences|study\s+(?:tours|visits)|exchanges)\b",
        head,
    ) and _US.search(sentence):
        return "us_counternarcotics_programs", ""
    crime = re.search(r"\b(?:crimes?|offen[cs]es?|cases)\b", head)
    solved_before = first_match(SOLVED_BEFORE, f"{before[-50:]} || {head}")
    if solved_before is not None and not agency:
        # "police cracked 64,000 drug-related cases": the verb before the figure solves them
        return solved_before.value, ""
    solved = re.search(r"\b(?:re)?solved\b|\bcleared\b", whole)
    if solved and _REGISTERED_BEFORE.search(before[-60:]):
        solved = None  # "identified 4,120 drug crimes and solved 3,870": the first is found
    if crime and solved and not re.search(r"\bcases\b", head):
        if agency == "dca":
            return "drug_crimes_solved_dca", ""
        if agency == "knb":
            return "drug_crimes_solved_security", ""
        return ("drug_crimes_solved", "") if not agency else ("", "agency-only count")
    kind = first_match(COUNT_KINDS, f"head: {head} || full: {full}")
    if kind is not None and (
        kind.name != "registered_drug_cases"
        or (
            agency not in _AGENCY_ONLY_COUNTS and _REGISTERING.search(f"{before[-60:]} {full[:60]}")
        )
    ):
        # "cases of drug trafficking", "smuggling attempts", "crimes related to drug sales",
        # "police registered 1,305 drug cases"
        return kind.value, ""
    if crime and agency not in _AGENCY_ONLY_COUNTS:
        # "3,020 were offences of possession for personal use", "830 trafficking offences":
        # the kind of offence written after the noun or before it
        offence = first_match(OFFENCE_KINDS, full)
        if offence is not None:
            return offence.value, ""
    if (
        crime
        and re.search(r"\b(?:crimes?|offen[cs]es?)\b", head)
        and (
            _DRUGWORD.search(head)
            or _DRUGWORD.search(before[-40:])
            or first_match(RELATED_TO_DRUGS, full)
        )
    ):
        if agency in _AGENCY_ONLY_COUNTS:
            return "", "agency-only count"
        if re.search(r"\boffen[cs]es?\b", head):
            return "drug_offences_registered", ""
        return "drug_crimes_registered", ""
    users = re.search(r"\b(?:users|addicts|persons|people|patients|individuals|citizens)\b", head)
    if users and first_match(FORMER_USERS, head):
        # "Almost 3 million former drug users have not relapsed": not users today
        return "", "former drug users; no indicator"
    if users and first_match(ONE_DRUG_USERS, _own_phrase(whole, head)):
        # "the number of regular opium users grew from 150,000": a part of the users
        return "", "users of one drug; no indicator"
    if users and re.search(
        r"\bregist(?:ered|er|ry|ration)\b|\bnarcological\b|(?<!un)\bofficial(?:ly)?\s+"
        r"(?:\w+\s+)?(?:drug\s+)?(?:users|addicts)\b",
        whole,
    ):
        kind = first_match(REGISTER_KINDS, _own_phrase(whole, head))
        if kind is not None:
            return kind.value, ""
        if re.search(r"\bdrug|\baddict|narcolog|dependen", whole) or re.search(
            r"\bdrug\s+(?:users|addicts)|\baddicts\b|narcolog", sentence, re.I
        ):
            return "registered_drug_users", ""
    if (users or re.search(r"\bpwid\b|\bidus?\b", head)) and (
        estimate or _ESTIMATE.search(sentence)
    ):
        kind = first_match(ESTIMATE_KINDS, _own_phrase(whole, head))
        if kind is not None:
            return kind.value, ""
        subject = _NUMBER_OF_KIND.search(sentence)
        if subject and re.match(r"(?:drug\s+users\s+)?(?:persons|people)?\s*$", head, re.I):
            # "The estimated number of injecting drug users ..., according to ..., was
            # 18,900 persons": the kind is said in the subject, before the interjection
            kind = first_match(ESTIMATE_KINDS, subject.group(0).lower())
            if kind is not None:
                return kind.value, ""
        use_drugs = re.search(
            r"\b(?:people|persons|individuals|citizens)\s+(?:who\s+)?(?:use|used|are\s+using|"
            r"consume)\s+(?:illicit\s+)?(?:drugs|narcotics)",
            whole,
        )
        if re.search(r"\bregular", head) and (re.search(r"\busers", head) or use_drugs):
            return "estimated_regular_drug_users", ""
        if (
            re.search(r"\bdrug\s+users|\baddicts|drug\s+addicts", whole)
            or use_drugs
            or re.match(r"users\b", head)
        ):
            return "estimated_drug_users", ""
    if users and first_match(SURVEY_USERS, whole) and not re.search(r"\bregist", whole):
        # "22.6 million people aged 12 and older used illicit drugs": a survey's estimate
        return "estimated_drug_users", ""
    if users and not estimate and not _ESTIMATE.search(sentence):
        addicts = first_match(NUMBER_OF_ADDICTS, before)
        if addicts is not None:
            # "the number of drug addicts rose 6.8 percent to 791,000": the register
            return addicts.value, ""
    return "", ""


# ----------------------------------------------------------------------------- percents

_DOWN = re.compile(
    r"\b(?:decrease[ds]?|declin\w*|fell|fall(?:en|ing|s)?|drop(?:ped|s)?|down|lower|less|"
    r"fewer|reduc\w*|cut|shrank|shrunk|shrinking|contracted|dwindled|slid|plunged)\b",
    re.I,
)
_UP = re.compile(
    r"\b(?:increase[ds]?|increasing|rose|ris(?:e|en|es|ing)|grew|grow(?:n|th|s)?|up|higher|"
    r"more|jump(?:ed)?|climbed|surged|soared)\b",
    re.I,
)
# the change of recorded drug offences is the catalogue's change of drug crimes ("23,965
# narcotics offences were recorded, 8 per cent more than in 2016": Finland, England)
_CHANGE_SLUG = {
    "drug_crimes_registered": "drug_crimes_change",
    "drug_offences_registered": "drug_crimes_change",
}


def _change_slug(subject: Concept) -> str:
    """The slug of a change in percent of what ``subject`` counts, named as the catalogue
    names changes ("heroin_seizures" -> "heroin_seizures_change"); :func:`slug_for` drops it
    when the catalogue does not list it."""
    if subject.family == "seizure":
        base = _SEIZURE_SLUG.get(subject.drug, "")
        base = base[: -len("_total")] if base.endswith("_total") else base
    elif subject.family == "count":
        base = subject.slug
    else:
        return ""
    if not base or base.startswith("__"):
        return ""
    return _CHANGE_SLUG.get(base, f"{base}_change")


_INJECT_WORD = re.compile(r"\binject|\bidus?\b|\bpwid\b|\bsyringes?\b")
# the way of infection: "infected through injecting drug use", "the route of transmission"
_ROUTE = re.compile(
    r"\b(?:infected|acquired|contracted|transmitted|infections?|cases?)\s+(?:\w+\s+){0,2}?"
    r"(?:through|via|by|from)\s+(?:\w+\s+){0,3}?(?:inject|drug\s+injection|needles?|"
    r"syringes?)|"
    r"\broutes?\s+of\s+(?:transmission|infection)|\bmode\s+of\s+transmission|"
    r"\b(?:accounts?|accounted|responsible)\s+for\s+(?:\w+\s+)?%|"
    r"%\s+of\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,3}?hiv\s+(?:cases|infections|diagnoses)"
)
_SHARE_OF_CASES = re.compile(
    r"%\s+of\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,3}?hiv\s+(?:cases|infections|diagnoses)|"
    r"%\s+of\s+(?:all\s+)?(?:the\s+)?(?:new(?:ly)?\s+)?(?:\w+\s+)?(?:cases|infections)\b"
)
_PREVALENCE = re.compile(
    r"\bprevalence\b|\bamong\s+(?:\w+\s+){0,2}?(?:people\s+who\s+inject|pwid|idus?|"
    r"injecting|injection)|\b(?:hiv[\s-]+)?positive\b|\btested\s+positive|"
    r"\bof\s+(?:people\s+who\s+inject|pwid|idus?|injecting\s+drug\s+users)\b(?!\s+(?:in|to))"
)


def _hiv_share(local: str, clause: str) -> str:
    """The HIV slug of a percentage from its own phrase, then its clause, or ``""``.

    ``local`` runs from the figure before to the next one ("HIV prevalence among people
    who inject drugs fell to % in 2019, and injecting drug use was the route of
    transmission for % of new HIV cases" gives each percentage its own phrase).
    """
    clause = re.sub(r"\d[\d,.]*\s*(?:percent|per\s+cent|pct|%)", "%", clause)
    for text in (local, clause):
        if not (re.search(r"\bhiv\b", text) and _INJECT_WORD.search(text)):
            continue
        route = _ROUTE.search(text)
        new = re.search(
            r"\bnew(?:ly)?\b|\bin\s+(?:19|20)\d\d\s+alone\b|\b(?:cases|infections)\s+"
            r"(?:registered|reported|recorded|diagnosed|detected)\s+(?:in|during)\s+"
            r"(?:(?:19|20)\d\d|the\s+(?:reporting\s+)?year|this\s+year)\b",
            text,
        )
        if route and re.search(
            r"%\s+of\s+(?:those|them|people|persons)\s+who\s+tested\s+positive", text
        ):
            # "85 percent of those who tested positive were infected by sharing syringes"
            return "hiv_share_via_injecting"
        if _SHARE_OF_CASES.search(text):
            # "over 70 percent of new HIV infections were among people who inject drugs"
            return "hiv_new_cases_share_idu" if new else "hiv_share_via_injecting"
        if re.search(r"\bprevalence\b", text):
            return "hiv_prevalence_pwid"
        if route and not _PREVALENCE.search(text[: route.start()] + text[route.end() :]):
            # "57 percent of them infected through injecting drug use": how cases were
            # infected (of new cases, or of all cases registered)
            return "hiv_new_cases_share_idu" if new else "hiv_share_via_injecting"
        if _PREVALENCE.search(text) or re.search(r"\binfected\b", text):
            return "hiv_prevalence_pwid"
        if new:
            return "hiv_new_cases_share_idu"
        if route:
            return "hiv_share_via_injecting"
    return ""


# "% of adults", "% of the population aged 15-64": the base of a prevalence
_OF_POPULATION = (
    r"%\s+of\s+(?:the\s+)?(?:(?!prison|school|student|male|female|urban|rural|youth|hiv)[a-z]+"
    r"\s+(?=(?:adult\s+|general\s+|total\s+)?population))?"
    r"(?:adult\s+|general\s+|total\s+)?(?:population|adults|residents|"
    r"respondents|(?:people|persons|those|individuals)\s+aged)\b"
)
# use of one drug: "annual cannabis use", "used opiates", "use of amphetamines"
_DRUG_USE = re.compile(
    r"\b(opiate|opioid|cannabis|marijuana|hashish|amphetamines?|cocaine|ecstasy)\s+use\b|"
    r"\b(?:used|using|use\s+of|use|consumed|consumption\s+of)\s+(opiates|opioids|cannabis|"
    r"marijuana|hashish|amphetamines?|cocaine|ecstasy|(?:an?\s+|any\s+)?(?:illicit|illegal)\s+"
    r"drugs?|any\s+drugs?)\b"
)
# the drug a prevalence sentence is about, named anywhere in its clause ("cannabis is the
# most commonly used drug, with a prevalence of 3.6 percent of the population")
_DRUG_WORD = re.compile(
    r"\b(opiates?|opioids?|cannabis|marijuana|hashish|amphetamines?|cocaine|ecstasy)\b"
)


# "among adults", "of the adult population", "of the population aged 15-64" anywhere in the
# clause: the base of the prevalences listed in it ("1.1 percent of adults used cannabis and
# 0.5 percent used opiates")
_POPULATION_BASE = re.compile(
    r"\b(?:adults?|adult\s+population|general\s+population|(?:total\s+)?population\s+aged|"
    r"aged\s+15)\b"
)


def prevalence_slug(before: str, after: str, clause: str, near: str) -> str:
    """The prevalence indicator of a percentage of the population using one drug ("").

    The drug is the one whose use is written next to the figure ("0.5 percent used
    opiates", "cannabis use 2.3 percent"), else the one of "prevalence of <drug> use" in the
    clause, else the first use of a drug the clause names when the figure is a share of
    the population; :data:`.rules.PREVALENCE_DRUGS` maps the drug to the indicator.

    Examples
    --------
    >>> prevalence_slug("the prevalence of opiate use is ", " of the adult population",
    ...                 "the prevalence of opiate use is 0.8 percent of the adult population",
    ...                 "the prevalence of opiate use is % of the adult population")
    'prevalence_opiates'
    >>> prevalence_slug("and ", "used opiates", "1.1 percent of adults used cannabis and "
    ...                 "0.5 percent used opiates", "cannabis and % used opiates")
    'prevalence_opiates'
    """
    of_population = re.search(_OF_POPULATION, near)
    named = re.search(r"prevalence\s+of\s+(?:\w+\s+)?use", clause) or of_population
    if not (named or _POPULATION_BASE.search(clause)):
        return ""
    local = _DRUG_USE.match(after.lstrip()) or _DRUG_USE.search(after[:50])
    if local is None or re.match(r"\s*(?:and|,)", after[: local.start()] or " x"):
        uses = list(_DRUG_USE.finditer(before[-60:]))
        local = uses[-1] if uses else local
    if local is None and named:
        local = re.search(
            r"prevalence\s+of\s+(opiate|opioid|cannabis|amphetamines?|cocaine|ecstasy)\s+use",
            clause,
        ) or (_DRUG_USE.search(clause) if of_population else None)
    if local is None and of_population and re.search(r"\bprevalence\b", clause):
        local = _DRUG_WORD.search(clause)
    if local is None:
        return ""
    word = next(g for g in local.groups() if g)
    rule = first_match(PREVALENCE_DRUGS, word)
    return rule.value if rule else ""


def classify_percent(
    before: str, after: str, clause: str, sentence: str, subject: Concept | None
) -> tuple[str, int, str]:
    """The slug of a percentage and its sign (-1 for a fall), or ``""``.

    Parameters
    ----------
    before : str
        Words before the figure back to a clause boundary.
    after : str
        Words after it up to punctuation.
    clause, sentence : str
    subject : Concept or None
        What the change is of, when the words before name it ("opium seizures decreased
        by") or, failing that, the main figure of the sentence.

    Returns
    -------
    (str, int, str)
        Slug, sign and a note.

    Examples
    --------
    >>> classify_percent("Opium seizures decreased by ", "", "", "",
    ...                  Concept("seizure", drug="opium"))
    ('opium_seizures_change', -1, '')
    """
    before, after, clause, sentence = (
        " ".join(x.split()) for x in (before, after, clause, sentence)
    )
    low_b, low_a, low_c = before.lower(), after.lower(), clause.lower()
    near = f"{low_b[-60:]} % {low_a[:40]}"
    # shares first
    hiv = _hiv_share(f"{low_b} % {low_a}", low_c)
    if hiv:
        return hiv, 1, ""
    share = share_slug(f"{low_c} | {low_b} % {low_a}")
    if share:
        return share, 1, ""
    keyed = f"{sentence.lower().replace('|', ' ')} || {low_c.replace('|', ' ')} | {near}"
    traffic = first_match(TRAFFIC_SHARES, keyed)
    if traffic is not None:
        # "seize roughly 2 percent of the opiates trafficked through the country"
        return traffic.value, 1, ""
    prevalence = prevalence_slug(low_b, low_a, low_c, near)
    if prevalence:
        return prevalence, 1, ""
    heroin = first_match(HEROIN_SHARES, keyed)
    if heroin is not None:
        # "heroin remained the main drug for 58 percent of registered addicts"
        return heroin.value, 1, ""
    if re.search(
        r"(?:users|addicts)\s+(?:use|are\s+using|inject)\s+heroin|use\s+heroin|"
        r"^\s*of\s+(?:them|these|(?:registered\s+)?(?:drug\s+)?(?:users|addicts))\s+"
        r"(?:are\s+|were\s+)?heroin\s+(?:users|addicts)",
        low_a,
    ) or (
        re.search(
            r"\bheroin\s+(?:users|addicts)\b|\b(?:use|using|inject|injecting)\s+heroin\b", near
        )
        and re.search(
            r"%\s+of\s+(?:all\s+|the\s+)?(?:officially\s+)?(?:registered\s+)?(?:drug\s+)?"
            r"(?:users|addicts|patients)\b",
            near,
        )
    ):
        # "heroin users made up about 68 percent of registered users"
        return "share_of_addicts_using_heroin", 1, ""
    # changes
    down = _DOWN.search(low_b[-50:]) or _DOWN.search(low_a[:25])
    up = _UP.search(low_b[-50:]) or _UP.search(low_a[:25])
    if not (down or up):
        return "", 1, ""
    sign = (
        -1
        if down and not (up and up.start() > down.start() and not _DOWN.search(low_a[:25]))
        else 1
    )
    if down and up:
        # the word nearest the figure decides
        d_pos = max((m.end() for m in _DOWN.finditer(low_b[-50:])), default=-1)
        u_pos = max((m.end() for m in _UP.finditer(low_b[-50:])), default=-1)
        if d_pos >= 0 or u_pos >= 0:
            sign = -1 if d_pos > u_pos else 1
    if subject is None:
        return "", sign, ""
    slug = _change_slug(subject)
    if subject.agency:
        slug = ""
    if slug == "drug_crimes_change" and re.search(
        r"\b(?:people|persons|individuals)\s+who\s+(?:have\s+|had\s+)?committed\b|\boffenders\b",
        # the subject before the figure, not a share of offenders later in the clause
        # ("a 13% increase in drug crimes, with young adults comprising 69.4% of offenders")
        low_b,
    ):
        slug = "drug_crime_offenders_change"  # "the number of people who committed drug crimes"
    if subject.slug in ("drug_crimes_solved", "drug_crimes_solved_dca"):
        slug = f"{subject.slug}_change"  # "solved 104 crimes, 30 percent more than"
    if (
        re.search(r"\bprices?\b", low_c)
        and re.search(r"\bheroin\b", low_c)
        and re.search(r"\bsouth", low_c)
    ):
        slug = "heroin_price_change_south"
    return slug, sign, ""
