"""Declarative, ordered rule tables of the extractor (issue 13).

Each table is data a reader can review and a test can walk: a tuple of :class:`Rule`
(name, regular expression, what it yields, an example it must match and, where it helps,
a counter-example it must not). The code that applies a table takes the **first** rule
that matches, in table order, so a more specific rule is listed before a more general one.
``tests/test_extract_rules.py`` walks every table and checks each example and
counter-example, so a rule cannot be added without a sentence that shows it.

Tables
------
:data:`CONTINUATION`
    Openers of a paragraph that continue the paragraph before ("A total included ...",
    "Of this amount, ...", "Over the reporting period, ..."): the new paragraph keeps the
    period, agency and whole of the one before (news items put each sentence in its own
    paragraph).
:data:`PASSIVE_AGENT`
    "819 kilograms were seized by the Interior Ministry": the body after "by" counted the
    figure before it (and the comparison in brackets right after the body).
:data:`SHARE_INDICATORS`, :data:`RATE_INDICATORS`
    Shares and rates that are records: which indicator a percentage or a rate per 100,000
    counts, from the words around it (first match wins).
:data:`RATE_SUBJECT`
    "the indicator of primary drug addiction incidence was 3.8": a bare number that is a
    rate per 100,000 (the unit left out).
:data:`TRAFFIC_SHARES`, :data:`HEROIN_SHARES`
    Shares of the traffic (seized, sold domestically) and heroin as the main drug of a
    share of the register.
:data:`PREVALENCE_DRUGS`
    The drug whose use a prevalence counts ("0.5 percent used opiates") -> its indicator.
:data:`COUNT_KINDS`, :data:`SOLVED_BEFORE`, :data:`OFFENCE_KINDS`, :data:`DEATH_KINDS`
    The kind of drug crime a count of cases or crimes is (trafficking, smuggling, sales),
    of offence (trafficking, possession) and of deaths (overdoses, drug-related).
:data:`REGISTER_KINDS`, :data:`ESTIMATE_KINDS`
    The part of a register (first time, injecting) and what an estimate of people counts
    (people who inject, use opiates, are dependent).
:data:`PERCENT_SUBJECT`
    What a change in percent is of, from the words before it (drug crimes, registered
    users, seizures).
:data:`RELATIVE_YEARS`
    "5 years ago", "two years earlier": a year counted back from the year the text covers
    (the pattern :func:`.periods.find_periods` uses).
:data:`DIFFERENCE`
    "510 kg or 43 percent more than ...", "was reduced by 1,353": the size of a change,
    not a level (no record).
:data:`NUMBER_OF_SUBJECT`
    "The number of drug addicts, registered ..., totaled 14,692": the subject a bare count
    with no noun after it counts.

Patterns that work on tokens rather than on text are code, documented where they are:
"this year (last year)" pairs (``core._bracket_pair``, ``numbers._bracket_unit_at``),
compound masses (``numbers._compound_mass``), number words (``numbers._word_run`` with
:func:`read_number_words`), rates per population (``numbers._population_rate``).

Examples
--------
>>> first_match(CONTINUATION, "Of this amount, 819 kilograms were seized").name
'of_this'
>>> [r.name for r in CONTINUATION][:2]
['a_total', 'in_all']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "CONTINUATION",
    "COUNT_KINDS",
    "COUNT_NOUNS",
    "DEATH_KINDS",
    "DIFFERENCE",
    "ESTIMATE_KINDS",
    "FORMER_USERS",
    "HEROIN_SHARES",
    "INDICATOR_ALIASES",
    "INDICATOR_HEADS",
    "NUMBER_OF_ADDICTS",
    "NUMBER_OF_SUBJECT",
    "OFFENCE_KINDS",
    "OFFICERS_COUNTING",
    "ONE_DRUG_USERS",
    "OTHER_DRUG_BODY",
    "PASSIVE_AGENT",
    "PERCENT_SUBJECT",
    "PERCENT_SUBJECT_AFTER",
    "POLICE_SEIZER",
    "POTENTIAL",
    "PREVALENCE_DRUGS",
    "RATE_INDICATORS",
    "RATE_SUBJECT",
    "REGISTER_KINDS",
    "RELATED_TO_DRUGS",
    "RELATIVE_YEARS",
    "SHARE_INDICATORS",
    "SOLVED_BEFORE",
    "SURVEY_USERS",
    "TABLES",
    "TOTAL_OF_NAMED",
    "TRAFFIC_SHARES",
    "USER_NOUNS",
    "YEARLY",
    "Rule",
    "first_match",
    "rate_slug",
    "read_number_words",
    "share_slug",
]


@dataclass(frozen=True)
class Rule:
    """One row of a rule table.

    Attributes
    ----------
    name : str
        Short id, unique in its table.
    pattern : re.Pattern
        What the rule matches (applied with ``search`` unless the table says otherwise).
    value : str
        What the rule yields (an indicator slug, a role, a unit); "" when the match itself
        is the result.
    example : str
        Text the pattern must match.
    counter : str
        Text the pattern must not match ("" when none is given).
    note : str
        Why the rule exists, for the reader.
    """

    name: str
    pattern: re.Pattern
    value: str = ""
    example: str = ""
    counter: str = ""
    note: str = ""


def first_match(table: tuple[Rule, ...], text: str, pos: int = 0, endpos: int | None = None):
    """The first rule of ``table`` whose pattern matches in ``text[pos:endpos]`` (or None).

    The match object is available as ``rule_match`` on the returned rule's copy: use
    :func:`first_rule_match` when it is needed.

    Examples
    --------
    >>> first_match(PASSIVE_AGENT, "819 kg were seized by the Interior Ministry").name
    'seized_by'
    """
    hit = first_rule_match(table, text, pos, endpos)
    return hit[0] if hit else None


def first_rule_match(
    table: tuple[Rule, ...], text: str, pos: int = 0, endpos: int | None = None
) -> tuple[Rule, re.Match] | None:
    """Like :func:`first_match`, but return ``(rule, match)``.

    Examples
    --------
    >>> rule, m = first_rule_match(RELATIVE_YEARS, "5 years ago heroin cost $5,000")
    >>> rule.name, m.group("n")
    ('years_ago', '5')
    """
    end = len(text) if endpos is None else endpos
    for rule in table:
        m = rule.pattern.search(text, pos, end)
        if m:
            return rule, m
    return None


# ------------------------------------------------------------------ police as the seizer

_POLICE = (
    r"(?<![Bb]order\s)(?<![Cc]ustoms\s)(?<![Tt]ax\s)(?<![Ff]inancial\s)(?<![Tt]ransport\s)"
    r"(?<![Mm]ilitary\s)(?<![Ss]ecurity\s)\bpolice(?:\s+(?:forces?|officers|officials|units?|"
    r"department|personnel|agents))?"
)
POLICE_SEIZER: tuple[Rule, ...] = (
    Rule(
        "police_subject",
        re.compile(
            r"\b(?:the\s+)?" + _POLICE + r"\s+(?:\w+\s+){0,3}?(?:seized|seize|seizes|confiscated|"
            r"confiscate|busted|intercepted|recovered|removed|impounded|found|discovered)\b"
            r"(?![^.;]*\b(?:and|together|jointly)\s+with\b)[^.;]*$",
            re.I,
        ),
        value="mvd",
        example="In 2024 police seized ",
        counter="In 2024 border police seized ",
        note="police named as the subject of the verb of seizure before the figure (matched "
        "on the clause up to the figure): the police's own figure, the Interior "
        "Ministry's (``*_mvd``), not the national total that sums every agency",
    ),
    Rule(
        "by_police",
        re.compile(
            r"^\s*(?:(?:kilo)?grams?|kg|tons?|tonnes?|MT)?\s*(?:of\s+[\w\s,-]{0,60}?)?"
            r"(?:were|was|have\s+been|had\s+been|has\s+been)?\s*(?:seized|confiscated|busted|"
            r"intercepted|recovered)\s+by\s+(?:the\s+)?(?:national\s+)?" + _POLICE + r"\b",
            re.I,
        ),
        value="mvd",
        example=" kilograms of drugs were seized by police",
        counter=" kilograms of drugs were seized by border police",
        note="'10,871 kilograms of drugs were seized by police' (matched on the words after "
        "the figure): the police's figure, as above",
    ),
)
"""Police as the body that seized a figure (no other agency named for it)."""


# ------------------------------------------------------------------ paragraph continuation

CONTINUATION: tuple[Rule, ...] = (
    Rule(
        "a_total",
        re.compile(
            r"^\s*(?:A|The)\s+total(?:ed|led)?\s+(?:\w+\s+)?(?:included|includes|"
            r"comprised|consisted)\b",
            re.I,
        ),
        value="parts",
        example="A totaled reportedly included 3.9 kilograms of heroin.",
        counter="A total of 40 kg was seized in 2019.",
        note="a list of the parts of a total given in the paragraph before",
    ),
    Rule(
        "in_all",
        re.compile(r"^\s*In\s+all\b", re.I),
        example="In all, 1,695 kilograms were seized.",
    ),
    Rule(
        "of_this",
        re.compile(
            r"^\s*(?:Of|Out\s+of)\s+(?:this|that|these|those|the\s+total|them|which)"
            r"(?:\s+(?:amount|total|number|figure|quantity|volume))?\s*,",
            re.I,
        ),
        example="Of this amount, 819 kilograms were seized by the police.",
        counter="Of 40 laboratories, 11 were closed.",
    ),
    Rule(
        "reporting_period",
        re.compile(
            r"^\s*(?:Over|In|During|For)\s+the\s+(?:reporting|same|review)\s+period\b", re.I
        ),
        example="Over the reporting period, the agency has solved 104 drug-related crimes.",
    ),
    Rule(
        "this_included",
        re.compile(
            r"^\s*(?:This|These|That|It)\s+(?:\w+\s+)?(?:included|includes|comprised|"
            r"consisted)\b",
            re.I,
        ),
        value="parts",
        example="This included 52 kg of heroin.",
    ),
    Rule(
        "including",
        re.compile(r"^\s*(?:Including|Among\s+them|Among\s+these|Of\s+them)\b", re.I),
        value="parts",
        example="Including 4 kg of heroin and 12 kg of hashish.",
    ),
)


# ------------------------------------------------------------------- passive agent "by X"

PASSIVE_AGENT: tuple[Rule, ...] = (
    Rule(
        "seized_by",
        re.compile(
            r"^\s*(?:\w+\s+){0,2}?(?:were|was|have\s+been|has\s+been|had\s+been)\s+"
            r"(?:\w+\s+)?(?:seized|confiscated|intercepted|detected|found|recovered|"
            r"withdrawn|taken|sized|solved|registered|revealed|uncovered|dismantled|"
            r"closed)\s+(?:(?:in|during|over|on|throughout|within)\s+(?:the\s+)?[\w-]+"
            r"(?:\s+(?:of\s+)?[\w-]+){0,3}?\s+)?by\s+",
            re.I,
        ),
        example=" of heroin were seized in 2018 by the State Security Service",
        counter="819 kg were seized in the south",
        note="the body after 'by' counted the figure before the verb",
    ),
)


OTHER_DRUG_BODY: tuple[Rule, ...] = (
    Rule(
        "drug_agency_name",
        re.compile(
            r"\b(?:Anti-?\s*)?(?:Narcotics?|Drugs?)\b[\w\s-]{0,40}?\b(?:Agency|Force|Bureau|"
            r"Command|Authority|Administration|Directorate|Board|Unit)\s*,?\s*$"
        ),
        example="ISLAMABAD: the Anti-Narcotics Force ",
        counter="the National Narcotics Control Commission ",
        note="the name before an acronym in brackets ('Anti-Narcotics Force (ANF)', 'National "
        "Drugs Law Enforcement Agency, (NDLEA)') is a drug agency the agency lists do not "
        "know: the acronym is learned as a body whose figures have no slug (a commission or "
        "an office that reports the national figures is not one)",
    ),
)
"""Names of drug agencies unknown to the agency lists (matched on the text before a
bracketed acronym, case-sensitive)."""


# ---------------------------------------------------------------------------- numbers

_UNITS_W = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS_W = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_FRACTION_W = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}


def read_number_words(words: list[str]) -> tuple[Decimal, int] | None:
    """The value of number words at the start of ``words`` and how many words it used.

    Reads units, tens, "hundred", "and a half"/"and a quarter" and hyphenated tens
    ("forty-two" arrives as "forty", "two"); stops before a scale word (thousand, million,
    billion), which the unit reader applies as a scale.

    Parameters
    ----------
    words : list of str
        Lower-case words.

    Returns
    -------
    (Decimal, int) or None

    Examples
    --------
    >>> read_number_words(["forty", "two", "thousand", "hectares"])
    (Decimal('42'), 2)
    >>> read_number_words(["four", "and", "a", "half", "tons"])
    (Decimal('4.5'), 4)
    >>> read_number_words(["two", "hundred", "and", "five", "kg"])
    (Decimal('205'), 4)
    >>> read_number_words(["hectares"]) is None
    True
    """
    i = 0
    n = len(words)
    total = Decimal(0)
    seen = False
    if i < n and words[i] in _TENS_W:
        total += _TENS_W[words[i]]
        i += 1
        seen = True
        if i < n and words[i] in _UNITS_W and 0 < _UNITS_W[words[i]] < 10:
            total += _UNITS_W[words[i]]
            i += 1
    elif i < n and words[i] in _UNITS_W:
        total += _UNITS_W[words[i]]
        i += 1
        seen = True
    if not seen:
        return None
    if i < n and words[i] == "hundred":
        total *= 100
        i += 1
        j = i + 1 if i < n and words[i] == "and" else i
        rest = read_number_words(words[j:]) if j < n else None
        if rest is not None and rest[0] < 100 and words[j] != "and":
            total += rest[0]
            i = j + rest[1]
    if (
        i + 2 < n
        and words[i] == "and"
        and words[i + 1] in ("a", "one")
        and words[i + 2]
        in (
            "half",
            "quarter",
        )
    ):
        total += _FRACTION_W[words[i + 2]]
        i += 3
    return total, i


# ----------------------------------------------------------- shares, rates, changes

SHARE_INDICATORS: tuple[Rule, ...] = (
    Rule(
        "afghan_transit_share_central_asia",
        re.compile(
            r"%[^|]{0,90}?\b(?:transit\w*|go(?:es)?\s+through|pass(?:es)?\s+through|through|"
            r"via|cross\w*)\s+(?:the\s+)?(?:\w+\s+)?central\s+asia",
            re.I,
        ),
        value="afghan_transit_share_central_asia",
        example="heroin | about % of heroin coming out of afghanistan goes through central asia",
        counter="% of users | % of users live in central asia",
        note="the share of Afghan opiates trafficked through Central Asia",
    ),
    Rule(
        "heroin_share_of_seizures",
        re.compile(
            r"\bheroin\s+(?:accounted\s+for|made\s+up|represented|formed|comprised)\s+"
            r"(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+)?%\s+of\s+(?:all\s+|the\s+)?"
            r"(?:total\s+)?(?:seizures|drugs\s+seized|the\s+seized|drug\s+seizures)",
            re.I,
        ),
        value="heroin_share_of_seizures",
        example="seized 1,704 kg | (heroin accounted for % of seizures)",
        counter="heroin users | heroin accounted for % of registered users",
        note="the share of heroin in all drugs seized ('%' stands for the figure)",
    ),
    Rule(
        "pwid_share_adults",
        re.compile(
            r"%\s+of\s+(?:the\s+)?(?:adult\s+population|adults|population\s+aged\s+15)"
            r"[^|]{0,40}?\b(?:inject\w*|who\s+inject)\b",
            re.I,
        ),
        value="pwid_share_adults",
        example="| about % of the adult population inject drugs",
        counter="| % of the adult population used cannabis",
        note="people who inject drugs as a share of the adults",
    ),
    Rule(
        "registered_pwid_share",
        re.compile(
            r"\binject\w*\b.*\|.*%\s+(?:\w+\s+){0,3}?among\s+(?:those\s+|all\s+|the\s+)?"
            r"(?:registered|on\s+the\s+register)",
            re.I,
        ),
        value="registered_pwid_share",
        example="addicts who injected drugs amounted to 5,110 | or % among those registered",
        counter="adults who inject drugs | % of adults",
        note="people who inject drugs as a share of the narcological register",
    ),
)
"""Percentages that are shares: matched on ``"<clause> | <words before> % <words after>"``
(the figure's clause, then the words around it with ``%`` in the figure's place)."""

TRAFFIC_SHARES: tuple[Rule, ...] = (
    Rule(
        "seizure_share_of_afghan_traffic",
        re.compile(
            r"\|\|(?=[^|]*\b(?:intercept|seiz|interdict|stop|captur)\w*)[^|]*\|[^|]*%\s+of\s+"
            r"(?:the\s+|that\s+|all\s+|its\s+)?(?:afghan\s+)?(?:\w+\s+){0,2}?"
            r"(?:(?:that|which)\s+(?:\w+\s+)?)?(?:flows?|traffic\w*|volumes?|transit\w*|supply|"
            r"smuggled|cross(?:es|ing)?|pass(?:es|ing)?|mov(?:e|es|ing)|enter(?:s|ing)?)\b"
        ),
        value="seizure_share_of_afghan_traffic",
        example="they seize 2 percent || they seize roughly 2 percent of the opiates trafficked "
        "through the country | seize roughly % of the opiates trafficked through",
        counter="|| 40 percent of users were women | users were women | % of users",
        note="the share of the traffic that is seized (a verb of seizure in the clause)",
    ),
    Rule(
        "transit_share_sold_domestically",
        re.compile(
            r"^(?=[^|]*\btransit)[^|]*\|\|[^|]*(?:sold|consumed|stays?|remains?)\s+"
            r"(?:domestically|inside|within|in\s+the\s+country|on\s+the\s+domestic)"
        ),
        value="transit_share_sold_domestically",
        example="of the heroin in transit, 10 percent is sold domestically || 10 percent is "
        "sold domestically | % is sold domestically",
        counter="10 percent is sold domestically || 10 percent is sold domestically | %",
        note="the share of transiting drugs sold inside the country (transit in the sentence)",
    ),
)
"""Shares of the drug traffic, matched on ``"<sentence> || <clause> | <words before> %
<words after>"`` (lower case, 60 characters before and 40 after the figure)."""

HEROIN_SHARES: tuple[Rule, ...] = (
    Rule(
        "heroin_main_drug",
        re.compile(
            r"\|\|(?=[^|]*\bheroin\b)(?=[^|]*(?:\b(?:main|primary|principal|preferred|"
            r"predominant|dominant)\s+(?:drug|substance)|\bdrug\s+of\s+choice\b))[^|]*\|[^|]*"
            r"%\s+of\s+(?:all\s+|the\s+)?(?:officially\s+)?(?:registered\s+)?(?:drug\s+)?"
            r"(?:users|addicts|patients)\b"
        ),
        value="share_of_addicts_using_heroin",
        example="x || heroin remained the main drug for 58 percent of registered addicts | "
        "the main drug for % of registered addicts",
        counter="x || cannabis remained the main drug for 58 percent of registered addicts | "
        "the main drug for % of registered addicts",
        note="heroin as the main drug of a share of the register",
    ),
)
"""Heroin as the main drug of a share of the register (same input as :data:`TRAFFIC_SHARES`)."""

PREVALENCE_DRUGS: tuple[Rule, ...] = (
    Rule(
        "opiates",
        re.compile(r"^(?:opiates?)$"),
        value="prevalence_opiates",
        example="opiates",
        counter="opioids",
    ),
    Rule("opioids", re.compile(r"^opioids?$"), value="prevalence_opioids", example="opioid"),
    Rule(
        "cannabis",
        re.compile(r"^(?:cannabis|marijuana|hashish)$"),
        value="prevalence_cannabis",
        example="marijuana",
        counter="cannabis plants",
        note="herb and resin are one prevalence",
    ),
    Rule(
        "amphetamines",
        re.compile(r"^amphetamines?$"),
        value="prevalence_amphetamines",
        example="amphetamine",
    ),
    Rule("cocaine", re.compile(r"^cocaine$"), value="prevalence_cocaine", example="cocaine"),
    Rule("ecstasy", re.compile(r"^ecstasy$"), value="prevalence_ecstasy", example="ecstasy"),
    Rule(
        "any_drug",
        re.compile(r"^(?:(?:an?|any)\s+)?(?:illicit|illegal)\s+drugs?$|^any\s+drugs?$"),
        value="prevalence_any_drug",
        example="any illicit drug",
        counter="illicit drug users",
        note="'6 percent of the population used any illicit drug', '8.9% of the population "
        "used illicit drugs': the prevalence of any drug (surveys in the United States, "
        "Pakistan, the United Kingdom)",
    ),
)
"""The drug of a prevalence ("used opiates", "cannabis use") -> its indicator (matched on
the drug word, lower case)."""

RATE_INDICATORS: tuple[Rule, ...] = (
    Rule(
        "incidence_rate",
        re.compile(
            r"\b(?:incidence|morbidity|newly\s+(?:registered|diagnosed)|primary\s+"
            r"(?:drug\s+)?addiction)\b",
            re.I,
        ),
        value="drug_addiction_incidence_rate",
        example="the indicator of primary drug addiction incidence was",
        note="people newly diagnosed with drug addiction per 100,000 of the population",
    ),
    Rule(
        "registered_rate",
        re.compile(
            r"\b(?:registered|on\s+the\s+(?:narcological\s+)?register|narcological)\b", re.I
        ),
        value="registered_drug_users_rate",
        example="registered drug users stood at",
        note="registered drug users per 100,000 of the population",
    ),
)
"""Rates per 100,000 of the population: matched on the clause of the figure (first wins)."""


RATE_SUBJECT: tuple[Rule, ...] = (
    Rule(
        "incidence",
        re.compile(
            r"\b(?:incidence|morbidity)\b(?:\s+(?:rate|indicator|of\s+\w+(?:\s+\w+)?))?"
            r"[^.;:%$]{0,40}?(?:was|were|is|stood\s+at|amounted\s+to|totaled|totalled|reached|"
            r"(?:increased|decreased|reduced|rose|fell|dropped|declined|grew)(?:\s+(?:by|to))?)"
            r"\s*$",
            re.I,
        ),
        value="per 100000",
        example="The average indicator of primary drug addiction incidence was reduced by ",
        counter="The number of new cases of drug addiction was ",
        note="an incidence is a rate per 100,000 of the population even when the text "
        "leaves the unit out",
    ),
)
"""Words right before a bare number that make it a rate per 100,000 (matched on the
clause up to the figure)."""


def share_slug(near: str) -> str:
    """The indicator of a percentage from :data:`SHARE_INDICATORS` ("" when none).

    Examples
    --------
    >>> share_slug("officers seized 1,704 kg | (heroin accounted for % of seizures)")
    'heroin_share_of_seizures'
    """
    rule = first_match(SHARE_INDICATORS, near)
    return rule.value if rule else ""


def rate_slug(clause: str) -> str:
    """The indicator of a rate per 100,000 from :data:`RATE_INDICATORS` ("" when none).

    Examples
    --------
    >>> rate_slug("the primary incidence of drug addiction decreased from 7.6 to 3.8")
    'drug_addiction_incidence_rate'
    """
    rule = first_match(RATE_INDICATORS, clause)
    return rule.value if rule else ""


# ------------------------------------------------------------ what a count or change counts

COUNT_KINDS: tuple[Rule, ...] = (
    Rule(
        "trafficking_cases",
        re.compile(
            r"\|\|[^|]*(?:\btrafficking\s+(?:cases|crimes)|\bcases\s+of\s+(?:(?:drug|illegal|"
            r"illicit|narcotics?)\s+)*trafficking(?!\s+in\s+(?:persons|people|human|women|"
            r"children|arms|weapons))(?:\s+(?:of|in)\s+(?:drugs?|narcotics?))?)"
        ),
        value="drug_trafficking_cases",
        example="head: cases || full: cases of illegal trafficking of drugs were reported",
        counter="head: cases || full: cases of illegal trafficking in persons were reported",
        note="'cases of (illegal, illicit) drug trafficking' and 'cases of illicit trafficking "
        "(of drugs)' in a text on drugs (Armenia's police: '1525 cases of illegal "
        "trafficking of drug'); trafficking in persons or arms is not",
    ),
    Rule(
        "smuggling_cases",
        re.compile(
            r"^head:(?=[^|]*\bsmuggling\b)(?=[^|]*\b(?:cases|crimes|attempts|incidents)\b)|"
            r"\|\|[^|]*\b(?:cases|crimes|incidents)\s+(?:of|(?:were\s+|was\s+)?(?:related|"
            r"connected|linked)\s+to)\s+(?:drug\s+)?smuggling"
        ),
        value="drug_smuggling_cases",
        example="head: smuggling attempts || full: smuggling attempts were stopped",
        counter="head: smugglers || full: smugglers were detained",
    ),
    Rule(
        "sales_cases",
        re.compile(
            r"^head:(?=[^|]*\b(?:sales?|selling|sell)\b)(?=[^|]*\b(?:cases|crimes)\b)|"
            r"\|\|[^|]*\b(?:cases|crimes)\s+(?:of|(?:were\s+|was\s+)?(?:related|connected|"
            r"linked)\s+to)\s+(?:drug\s+)?(?:sales?|selling)"
        ),
        value="drug_sales_cases",
        example="head: crimes || full: crimes were related to drug sales",
        counter="head: crimes || full: crimes were related to drug use",
    ),
    Rule(
        "registered_drug_cases",
        re.compile(r"^head:[^|]*\bdrug[\w-]*\s+(?:related\s+)?cases\b"),
        value="drug_crimes_registered",
        example="head: drug-related cases || full: drug-related cases in 2016",
        counter="head: cases || full: cases of drug trafficking",
        note="drug cases are registered drug crimes when a verb registers them (registered, "
        "recorded, opened, detected: checked by the code)",
    ),
)
"""Kinds of drug crimes a count of cases or crimes is (first match wins), matched on
``"head: <noun after the figure> || full: <words after the figure>"``."""

COUNT_NOUNS: tuple[Rule, ...] = (
    Rule(
        "criminal_acts",
        re.compile(r"\bcriminal\s+(?:acts|offen[cs]es)\b"),
        value="crimes",
        example="1807 drug related criminal acts",
        counter="criminal cases were opened",
        note="crimes by another name; replaced by ``value`` in the words after a count "
        "before the kinds of counts are read",
    ),
)
"""Nouns after a count that name what another noun names (lower case; every row applies)."""

USER_NOUNS: tuple[Rule, ...] = (
    Rule(
        "reported_abusers",
        re.compile(r"(?<!newly\s)\b(?:reported|registered|recorded)\s+(?:drug\s+)?abusers\b"),
        value="registered drug users",
        example="the total number of reported drug abusers decreased from",
        counter="the number of newly reported drug abusers decreased from",
        note="drug abusers reported to a central registry (Hong Kong's CRDA) are its "
        "register (replaced in the words before and after a count, lower case)",
    ),
    Rule(
        "abusers",
        re.compile(r"\bdrug\s+abusers\b"),
        value="drug users",
        example="14,714 drug abusers",
        counter="drug abuse cases",
        note="drug abusers are drug users",
    ),
)
"""Other names of drug users, replaced before the kinds of counts are read (every row
applies, in order)."""

TOTAL_OF_NAMED: tuple[Rule, ...] = (
    Rule(
        "totaling_drug_crimes",
        re.compile(
            r"\bdrug[\w-]*\s+(?:related\s+)?(?P<noun>crimes|offen[cs]es)\b[^.;|]*,\s*(?:totall?ing|"
            r"amounting\s+to|reaching|which\s+totall?ed|for\s+a\s+total\s+of)\s*\|\|\s*"
            r"(?:cases|crimes|offen[cs]es)\s*$"
        ),
        value="drug_crimes_registered",
        example="a 13% increase in drug-related crimes in 2024, totaling || cases",
        counter="a 13% increase in thefts in 2024, totaling || cases",
        note="a total after a comma whose noun is bare ('cases') counts the drug crimes the "
        "clause named before it (matched on '<sentence up to the figure> || <noun after "
        "it>', lower case); offences give drug_offences_registered",
    ),
)
"""A bare total ("totaling 405 cases") of the drug crimes named before it in the sentence."""

SOLVED_BEFORE: tuple[Rule, ...] = (
    Rule(
        "solved_drug_cases",
        re.compile(
            r"\b(?:solved|cracked|cleared(?:\s+up)?|resolved|busted)\s+(?:(?:a\s+total\s+of|"
            r"more\s+than|over|nearly|almost|about|around|some|up\s+to|close\s+to)\s+)*"
            r"\|\|\s*drug[\w-]*\s+(?:related\s+)?(?:cases|crimes|offen[cs]es)\b"
        ),
        value="drug_crimes_solved",
        example="last year, police cracked more than || drug-related cases",
        counter="police registered || drug-related cases",
        note="a verb that solves the cases right before the count (China's 'cracked "
        "64,000 drug-related cases'): solved drug crimes, not registered ones",
    ),
)
"""Counts of drug cases or crimes that a verb before the figure says were solved, matched
on ``"<words before the figure> || <noun after the figure>"`` (lower case)."""

OFFICERS_COUNTING: tuple[Rule, ...] = (
    Rule(
        "officers_detect",
        re.compile(
            r"\b(?:(?:law[\s-]enforcement|police|internal[\s-]affairs|customs|border|security)"
            r"\s+(?:officers?|officials?|employees|staff|personnel|agents)|police(?:men|women))"
            r"\s+(?:\w+\s+){0,2}?(?:detect|detected|detects|register(?:ed|s)?|record(?:ed|s)?|"
            r"uncover(?:ed|s)?|solve[ds]?|reveal(?:ed|s)?|identif(?:y|ied|ies)|expose[ds]?|"
            r"investigat(?:e|ed|es))\b(?!.*\b(?:among|against|by)\b)",
            re.I,
        ),
        example="in 2019, law enforcement officers detected over ",
        counter="in 2019, police officers committed ",
        note="officers as the subject of the verb that counts the crimes ('Law enforcement "
        "officers detect over 200,000 crimes related to drug trafficking'): crimes they "
        "found, not crimes of officers (matched on the words before the figure)",
    ),
)
"""Officers named before a count of crimes as the ones who counted them."""

RELATED_TO_DRUGS: tuple[Rule, ...] = (
    Rule(
        "crimes_related_to_drugs",
        re.compile(
            r"(?:crimes?|offen[cs]es?)\s+(?:(?:were|was)\s+)?(?:related|connected|linked)\s+"
            r"(?:to|with)\s+(?:the\s+)?(?:illegal\s+|illicit\s+)?(?:drugs?|narcotics?)\b"
        ),
        value="drug_crimes_registered",
        example="crimes related to drug trafficking",
        counter="crimes related to theft",
        note="'200,000 crimes related to drug trafficking' (the CIS name of all drug crimes) "
        "are drug crimes (matched on the words after the figure, lower case)",
    ),
)
"""Crimes or offences the words after the noun say are drug crimes."""

NUMBER_OF_ADDICTS: tuple[Rule, ...] = (
    Rule(
        "number_of_addicts",
        re.compile(
            r"\bthe\s+(?:total\s+)?number\s+of\s+(?:drug\s+)?addicts\b(?!\s+(?:who|that|"
            r"which|with|among|injecting|using|under|aged|in\s+treatment)\b)"
        ),
        value="registered_drug_users",
        example="the number of drug addicts rose 6.8 percent to",
        counter="the number of drug addicts who injected drugs decreased to",
        note="a count of 'the number of drug addicts' that no word calls an estimate is the "
        "register the government keeps (China's 791,000 'drug addicts' at the end of 2004 "
        "are its registered ones); new addicts are not the register (matched on the words "
        "before the figure, lower case)",
    ),
)
"""Counts of drug addicts that are the register although the word is not written."""

FORMER_USERS: tuple[Rule, ...] = (
    Rule(
        "former_users",
        re.compile(r"\b(?:former|ex-|recovered|rehabilitated|reformed|abstinent)"),
        example="former drug users",
        counter="drug users",
        note="'Almost 3 million former drug users have not relapsed': not users today, "
        "neither registered nor estimated (matched on the noun after the count)",
    ),
)
"""Counts of people who used drugs before and do no more: no indicator."""

ONE_DRUG_USERS: tuple[Rule, ...] = (
    Rule(
        "users_of_one_drug",
        re.compile(
            r"\b(?:opium|heroin|cannabis|marijuana|hashish|cocaine|crack|(?:meth)?amphetamines?|"
            r"ecstasy|ketamine|tramadol|methadone|spice)\s+(?:users|addicts|abusers|smokers|"
            r"injectors|consumers)\b|\b(?:users|addicts|abusers)\s+of\s+(?:opium|heroin|"
            r"cannabis|marijuana|hashish|cocaine|crack|(?:meth)?amphetamines?|ecstasy)\b"
        ),
        example="the number of regular opium users grew from",
        counter="the number of regular opiate users grew from",
        note="a count of the users of one drug (heroin, opium, cannabis ...) is a part of the "
        "drug users, not their number; opiate users have an indicator (ESTIMATE_KINDS); matched "
        "on the words around a count, lower case",
    ),
)
"""Counts of the users of one drug: no indicator of all users."""

SURVEY_USERS: tuple[Rule, ...] = (
    Rule(
        "people_used_illicit_drugs",
        re.compile(
            r"\b(?:people|persons|individuals|adults|residents|citizens)\b(?:\s+[\w-]+){0,6}?\s+"
            r"(?:used|use|are\s+using|were\s+using|had\s+used|have\s+used)\s+(?:an?\s+|any\s+)?"
            r"(?:illicit|illegal)\s+drugs?\b(?![^.;]*\b(?:arrest|detain|charged|convicted)\w*)"
        ),
        value="estimated_drug_users",
        example="22.6 million people aged 12 and older used illicit drugs in 2010",
        counter="120 people who used illicit drugs were arrested",
        note="a count of people who used any illicit drug, with no register named, is a "
        "survey's estimate even without an estimating word (the United States' 22.6 million, "
        "Pakistan's 6.7 million); matched on the words from the count's noun on",
    ),
)
"""Counts of people that a survey found to use drugs (estimates)."""

DEATH_KINDS: tuple[Rule, ...] = (
    Rule(
        "overdose",
        re.compile(r"^(?=.*\boverdose)(?=.*(?:\bdeaths?\b|\bdied\b|\bfatal))", re.S),
        value="drug_overdose_deaths",
        example="people died of drug overdoses in 2019",
        counter="people were treated for overdoses",
    ),
    Rule(
        "drug_induced",
        re.compile(r"\bdrug[\s-]+(?:related|induced)\s+deaths?\b|\bdeaths?\s+from\s+drugs?\b"),
        value="drug_overdose_deaths",
        example="the number of drug-related deaths rose to",
        counter="drug-related crimes rose to",
        note="deaths caused by drug use (the EMCDDA's drug-induced deaths)",
    ),
)
"""Deaths a count is (matched on the words around it, lower case)."""

REGISTER_KINDS: tuple[Rule, ...] = (
    Rule(
        "first_time",
        re.compile(r"for\s+the\s+first\s+time|newly"),
        value="new_registered_substance_disorders",
        example="people were registered for the first time with disorders",
        counter="people were registered with narcological services",
    ),
    Rule(
        "inject",
        re.compile(r"\binject"),
        value="registered_pwid",
        example="registered people who inject drugs",
        counter="registered drug users",
    ),
)
"""People on a register who are a listed part of it (first time, injecting): matched on
the words around a count of people that the text says are registered (lower case); the
rest are registered drug users when drugs or the narcological service are named."""

ESTIMATE_KINDS: tuple[Rule, ...] = (
    Rule(
        "pwid",
        re.compile(r"\binject|\bpwid\b|\bidus?\b"),
        value="estimated_pwid",
        example="an estimated 25,000 people inject drugs",
        counter="an estimated 25,000 people use drugs",
    ),
    Rule(
        "opiate_users",
        re.compile(
            r"\bopiate\s+users|\busers\s+of\s+opiates|\b(?:use|using|used|consume|consuming|"
            r"take|taking)\s+(?:\w+\s+)?(?:opiates|opioids)\b"
        ),
        value="estimated_opiate_users",
        example="12-15 thousand people use opiates",
        counter="12-15 thousand people use cannabis",
    ),
    Rule(
        "dependent",
        re.compile(r"\bdependent"),
        value="estimated_drug_dependent",
        example="some 40,000 people are dependent on drugs",
    ),
)
"""What an estimate of people counts (first match wins; matched on the words around the
count, lower case); the rest are drug users or regular drug users (code)."""

OFFENCE_KINDS: tuple[Rule, ...] = (
    Rule(
        "trafficking_offences",
        re.compile(
            r"\btrafficking[\s-]+(?:related\s+)?offen[cs]es\b|\boffen[cs]es\s+(?:of|involving|"
            r"related\s+to|linked\s+to|concerning)\s+(?:illegal\s+|illicit\s+)?(?:drug\s+|"
            r"narcotics?\s+)?trafficking\b"
        ),
        value="drug_trafficking_offences",
        example="830 trafficking offences",
        counter="830 trafficking cases",
    ),
    Rule(
        "possession_offences",
        re.compile(
            r"^(?!.*\b(?:traffick|smuggl|weapons?\b|firearms?\b|ammunition\b|stolen\b))(?:"
            r".*\b(?:offen[cs]es?|crimes?)\s+(?:of|for|involving|related\s+to|linked\s+to|"
            r"concerning)\s+(?:the\s+)?(?:illegal\s+|illicit\s+|unlawful\s+)?(?:drug\s+|"
            r"narcotics?\s+)?(?:possession|possessing|personal\s+use|use\s+(?:or|and)\s+"
            r"possession|storage|keeping)\b|"
            r".*\b(?:possession|personal[\s-]use)(?:[\s-]related)?\s+(?:offen[cs]es?|crimes?)\b)",
            re.S,
        ),
        value="drug_possession_offences",
        example="3,020 were offences of possession for personal use",
        counter="offences of possession of firearms",
        note="not when the offence is about trafficking, smuggling or weapons",
    ),
)
"""The kind of offence written after the noun or before it (matched on the words after a
count of offences or crimes, lower case)."""

PERCENT_SUBJECT: tuple[Rule, ...] = (
    Rule(
        "drug_crimes",
        re.compile(r"^(?=.*\b(?:crimes?|offen[cs]es)\b)(?=.*(?:\bdrug|narcotic))", re.S),
        value="count:drug_crimes_registered",
        example="the number of drug-related crimes fell by",
        counter="the number of crimes fell by",
    ),
    Rule(
        "reported_abusers",
        re.compile(r"(?<!newly\s)\b(?:reported|registered|recorded)\s+(?:drug\s+)?abusers\b"),
        value="count:registered_drug_users",
        example="the total number of reported drug abusers in 2016 decreased by",
        counter="the number of newly reported drug abusers decreased by",
        note="drug abusers reported to a central registry (Hong Kong's CRDA) are its "
        "register; newly reported ones are not the register",
    ),
    Rule(
        "registered_users",
        re.compile(
            r"^(?=.*\bregist\w*\b)(?=.*\b(?:users|addicts|abusers|drug\s+addiction|"
            r"narcolog\w*)\b)",
            re.S,
        ),
        value="count:registered_drug_users",
        example="the number of registered drug users fell by",
    ),
    Rule(
        "number_of_addicts",
        re.compile(
            r"\bthe\s+(?:total\s+)?number\s+of\s+(?:drug\s+)?addicts\b(?!\s+(?:who|that|"
            r"which|with|among|injecting|using|under|aged|in\s+treatment)\b)"
        ),
        value="count:registered_drug_users",
        example="however, the number of drug addicts rose",
        counter="the number of new drug addicts fell",
        note="the number of drug addicts a government states is its register (see "
        "NUMBER_OF_ADDICTS)",
    ),
    Rule(
        "register",
        re.compile(r"^(?!.*\b(?:hiv|aids)\b)(?=.*\b(?:narcological\s+|drug\s+)?regist(?:er|ry)\b)"),
        value="count:registered_drug_users",
        example="the register shrank by",
        counter="the hiv register grew by",
    ),
    Rule(
        "seizures",
        re.compile(r"\bseiz\w*"),
        value="seizure",
        example="opium seizures decreased by",
        note="the drug is the last one named before the change (all drugs when none is)",
    ),
)
"""What a change in percent is of, from the words before it (lower case; first match
wins): ``count:<slug>`` or ``seizure``."""

PERCENT_SUBJECT_AFTER: tuple[Rule, ...] = (
    Rule(
        "change_in",
        re.compile(
            r"^\s*(?:(?:per\s*cent|percent|%)\s+)?(?:(?:year[\s-]on[\s-]year|annual|overall)\s+)?"
            r"(?:increase|rise|decrease|drop|decline|fall|growth|reduction|jump|gain|cut)\s+"
            r"(?:in|of)\s+(?P<subj>.+)$",
            re.I,
        ),
        example="increase in drug-related crimes in 2024",
        counter="increase compared with 2023",
        note="'a 13% increase in drug-related crimes': the subject of the change is named "
        "after it; :data:`PERCENT_SUBJECT` is read on the words after 'in' (matched on the "
        "words after the figure when none before names the subject)",
    ),
)
"""A change whose subject is named after the figure ("a 13% increase in drug crimes")."""


# ---------------------------------------------------------------------- relative years

RELATIVE_YEARS: tuple[Rule, ...] = (
    Rule(
        "years_ago",
        re.compile(
            r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+"
            r"(?:ago|earlier|before)\b",
            re.I,
        ),
        value="-n",
        example="If 5 years ago heroin cost around $5-8 thousand",
        counter="for 5 years",
        note="a year counted back from the year of the text",
    ),
)


YEARLY: tuple[Rule, ...] = (
    Rule(
        "annually",
        re.compile(
            r"\b(?:annually|every\s+year|each\s+year|per\s+(?:year|annum)|a\s+year)\b", re.I
        ),
        example="Officers detect over 200,000 crimes related to drug trafficking annually",
        counter="Officers have detected 200,000 drug crimes since 2011",
        note="a figure said to be yearly is the covered year's, not the span a sentence "
        "before set ('since 2011'); matched on the clause of the figure",
    ),
    Rule(
        "annual_level_now",
        re.compile(
            r"\bannual\s+(?:[\w-]+\s+){0,2}(?:toll|number|total|figure|count|average)\b"
            r"[^.;]{0,60}?\b(?:is|are)\b",
            re.I,
        ),
        example="The annual drug-related death toll in the country is up to 90,000 people",
        counter="The annual drug-related death toll in the country was 90,000 people",
        note="an annual figure said in the present tense is the covered year's, not that of "
        "a year a sentence before named",
    ),
)
"""Words that make a figure with no period of its own one year's figure."""


# ------------------------------------------------------------------------ differences

DIFFERENCE: tuple[Rule, ...] = (
    Rule(
        "more_than_after",
        re.compile(
            r"\s+(?:(?:cases|crimes|kilograms|kg|tons|people|persons)\s+)?(?:or\s+[\d.,]+\s*(?:%|percent|per\s+cent)\s+)?(?:more|less|fewer|"
            r"higher|lower)\s+than\b",
            re.I,
        ),
        value="after",
        example=" or 43 percent more than in January-June last year",
        counter=" of heroin",
        note="'510 kg or 43 percent more than': the size of a change, not a level",
    ),
    Rule(
        "changed_by_before",
        re.compile(
            r"\b(?:increased|decreased|reduced|rose|fell|grew|dropped|declined|went\s+"
            r"(?:up|down))\s+by\s+$",
            re.I,
        ),
        value="before",
        example="compared with last year was reduced by ",
        counter="was reduced to ",
        note="'was reduced by 1,353': the size of a change, not a level",
    ),
    Rule(
        "signed_bracket_before",
        re.compile(r"\(\s*[+\-\u2212\u2013]\s*$"),
        value="before",
        example="seized 3 tons 806 kg (+",
        counter="seized 98.2 (",
        note="'3 tons 806 kg (+1 ton 831 kg)', '394 grams (-3.5 kg)', '2513 (-111 ha) "
        "hectares': a signed figure in brackets after a figure is its change on the base "
        "period, not a level (an unsigned one is the base period's level: rules.PAIRS)",
    ),
)


POTENTIAL: tuple[Rule, ...] = (
    Rule(
        "could_produce",
        re.compile(
            r"\b(?:could|would|can|may|might|enough\s+to|sufficient\s+to|capable\s+of)\s+"
            r"[^.;()]{0,40}?\b(?:produc\w*|make|making|manufactur\w*|yield\w*|"
            r"synthesi[sz]\w*)\b[^.;()\d]{0,30}$",
            re.I,
        ),
        example="19 tonnes of caffeine (which could result in the production of ",
        counter="the laboratory, which produced ",
        note="a potential amount (what seized precursors could make, a capacity) is no "
        "seizure nor any other record; matched on the 90 characters before the figure",
    ),
)
"""Words before a figure that make it a potential amount: no record (the row is dropped)."""


# --------------------------------------------------------------- subject of the sentence

NUMBER_OF_SUBJECT: tuple[Rule, ...] = (
    Rule(
        "the_number_of",
        re.compile(r"(?<![Aa]\s)\b[Tt]he\s+(?:total\s+|overall\s+)?number\s+of\s+"),
        example="The number of drug addicts, registered to regular check-up, totaled 14,692.",
        counter="A number of drug addicts were treated.",
        note="a sentence about 'the number of X' (before the figure): a bare count in it "
        "with no noun after it is the number of X",
    ),
)


TABLES: dict[str, tuple[Rule, ...]] = {
    "COUNT_KINDS": COUNT_KINDS,
    "COUNT_NOUNS": COUNT_NOUNS,
    "USER_NOUNS": USER_NOUNS,
    "SOLVED_BEFORE": SOLVED_BEFORE,
    "TOTAL_OF_NAMED": TOTAL_OF_NAMED,
    "OFFICERS_COUNTING": OFFICERS_COUNTING,
    "RELATED_TO_DRUGS": RELATED_TO_DRUGS,
    "FORMER_USERS": FORMER_USERS,
    "ONE_DRUG_USERS": ONE_DRUG_USERS,
    "NUMBER_OF_ADDICTS": NUMBER_OF_ADDICTS,
    "DEATH_KINDS": DEATH_KINDS,
    "SURVEY_USERS": SURVEY_USERS,
    "REGISTER_KINDS": REGISTER_KINDS,
    "ESTIMATE_KINDS": ESTIMATE_KINDS,
    "OFFENCE_KINDS": OFFENCE_KINDS,
    "PERCENT_SUBJECT": PERCENT_SUBJECT,
    "PERCENT_SUBJECT_AFTER": PERCENT_SUBJECT_AFTER,
    "DIFFERENCE": DIFFERENCE,
    "POTENTIAL": POTENTIAL,
    "NUMBER_OF_SUBJECT": NUMBER_OF_SUBJECT,
    "CONTINUATION": CONTINUATION,
    "PASSIVE_AGENT": PASSIVE_AGENT,
    "POLICE_SEIZER": POLICE_SEIZER,
    "OTHER_DRUG_BODY": OTHER_DRUG_BODY,
    "SHARE_INDICATORS": SHARE_INDICATORS,
    "TRAFFIC_SHARES": TRAFFIC_SHARES,
    "HEROIN_SHARES": HEROIN_SHARES,
    "PREVALENCE_DRUGS": PREVALENCE_DRUGS,
    "RATE_INDICATORS": RATE_INDICATORS,
    "RATE_SUBJECT": RATE_SUBJECT,
    "RELATIVE_YEARS": RELATIVE_YEARS,
    "YEARLY": YEARLY,
}
"""Every table of this module by name (what the tests walk)."""


# ------------------------------------------------------- aliases of the generic reader

INDICATOR_ALIASES: dict[str, tuple[str, ...]] = {
    "drug_crimes_registered": (
        "drug crimes registered",
        "narcotics crimes detected",
        "crimes involving drugs recorded",
        "drug cases registered",
        "drug-related cases",
    ),
    "drug_offences_registered": ("drug offences recorded", "narcotics offences registered"),
    "drug_trafficking_offences": ("offences of drug trafficking",),
    "drug_possession_offences": ("offences of drug possession",),
    "drug_crimes_solved": ("drug crimes solved", "drug cases cracked", "drug crimes cleared"),
    "drug_trafficking_cases": ("drug trafficking cases", "cases of drug trafficking"),
    "drug_smuggling_cases": ("drug smuggling crimes", "cases of drug smuggling"),
    "drug_sales_cases": ("drug sales crimes", "cases of drug selling"),
    "drug_labs_dismantled": ("drug laboratories dismantled", "clandestine labs destroyed"),
    "drug_overdose_deaths": ("drug overdose deaths", "drug deaths", "died of overdose"),
    "registered_drug_users": (
        "registered drug users",
        "drug addicts registered",
        "drug users on the official register",
    ),
    "registered_pwid": ("registered injecting drug users",),
    "new_registered_substance_disorders": (
        "newly registered drug users",
        "drug users registered for the first time",
    ),
    "estimated_drug_users": ("estimated drug users", "unofficial estimate of drug users"),
    "drug_treatment_patients": (
        "patients receiving drug treatment",
        "people treated for drug dependence",
    ),
    "new_treatment_patients": ("people admitted to drug treatment for the first time",),
    "share_of_addicts_using_methadone": ("share of registered drug users on methadone",),
    "estimated_regular_drug_users": ("estimated regular drug users",),
    "estimated_drug_dependent": ("estimated drug dependent people",),
    "estimated_opiate_users": ("estimated opiate users",),
    "estimated_pwid": ("estimated injecting drug users",),
    "estimated_opiate_users_rate": ("estimated problem drug users per 100000 population",),
    "hiv_cases_reported": ("new HIV cases registered", "HIV infections reported"),
    "drug_crimes_change": ("change in drug crimes registered",),
    "drug_seizures_change": ("change in drug seizures",),
    "registered_drug_users_change": ("change in registered drug users",),
    "drug_crimes_solved_change": ("change in drug crimes solved",),
    "drug_crime_offenders_change": ("change in drug offenders",),
    "prevalence_any_drug": ("share of adult population using drugs",),
    "registered_drug_users_rate": (
        "prevalence of registered drug addiction per 100000 population",
    ),
    "overdose_deaths_share_synthetic_opioids": (
        "share of overdose deaths involving synthetic opioids",
    ),
    "overdose_deaths_share_heroin": ("share of overdose deaths involving heroin",),
}
"""Other names of the count, share and change indicators, read by the generic reader
(:mod:`.generic`) together with each indicator's long name in ``data/indicators.csv``: the
words that say what a count counts ("narcotics crimes detected" is
``drug_crimes_registered``). A word in more aliases of one indicator weighs more in its
profile."""

INDICATOR_HEADS: dict[str, str] = {
    "drug_crime_offenders_change": "offender",
    "new_registered_substance_disorders": "user",
    "drug_treatment_patients": "user",
    "new_treatment_patients": "user",
    "drug_possession_offences": "offence",
    "drug_trafficking_cases": "case",
    "hiv_cases_reported": "hiv",
    "hiv_positive_registered_pwid": "user",
    "drug_overdose_deaths": "death",
}
"""The class of what an indicator counts (see :data:`.generic.HEADS`) where the last such
word of its long name is not it ("Drug use and possession offences": offences)."""
