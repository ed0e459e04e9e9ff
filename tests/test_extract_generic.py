"""The generic reader of counts, shares and rates (``drugtrends.extract.generic``).

Every sentence here is written for these tests (invented figures and places, in the shapes
real reports use to say what a number counts); no report text is copied. Each shape has
sentences the rule tables of ``extract.rules`` do not read, so that what is tested is the
reader: the noun phrase of the number, scored against the catalogue.
"""

from __future__ import annotations

import pytest

from drugtrends.extract import extract
from drugtrends.extract.generic import (
    MARGIN,
    THRESHOLD,
    best_indicator,
    canon_tokens,
    count_phrase,
    like_indicator,
    profiles,
    score_all,
)
from drugtrends.extract.indicators import load_catalogue

KW = {"country": "UZB", "edition": 2016, "source_id": "test-src"}


def rows(text: str, **kw) -> list[tuple]:
    out = extract(text, **{**KW, **kw})
    return [
        (r.indicator, None if r.value != r.value else float(r.value), r.unit, r.period_start)
        for r in out.itertuples()
    ]


# ----------------------------------------------------------------- phrase shapes, end to end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the noun phrase the number quantifies, after it
        ("In 2015 doctors counted 9,410 drug-dependent patients on the narcological register.",
         [("registered_drug_users", 9410, "count", "2015-01")]),
        ("Officers uncovered 4,415 narcotics felonies in 2015.",
         [("drug_crimes_registered", 4415, "count", "2015-01")]),
        # "people" with a predicate that says who they are
        ("In 2015, 2,260 persons received treatment for drug use disorders.",
         [("drug_treatment_patients", 2260, "count", "2015-01")]),
        ("In 2015 an estimated 61,000 Ruritanians were users of narcotics.",
         [("estimated_drug_users", 61000, "count", "2015-01")]),
        # a count with a scale word
        ("In 2015 there were 9.1 thousand registered narcotics takers.",
         [("registered_drug_users", 9.1, "thousand", "2015-01")]),
        ("In 2015 experts counted 4.5 million narcotics takers.",
         [("estimated_drug_users", 4.5, "million", "2015-01")]),
        # the subject the number is predicated of, before it
        ("Narcotics offences uncovered in 2015 numbered 3,120.",
         [("drug_offences_registered", 3120, "count", "2015-01")]),
        ("Drug-related felonies in 2015: 3,388.",
         [("drug_crimes_registered", 3388, "count", "2015-01")]),
        # across a change: "rose by a third last year to a record 41,500"
        ("The number of drug takers on the official register rose by a third in 2015 to a "
         "record 41,500.",
         [("registered_drug_users", 41500, "count", "2015-01")]),
        # "this year (last year)"
        ("In 2015 the ministry revealed 3,305 (in 2014 - 3,710) drug felonies.",
         [("drug_crimes_registered", 3305, "count", "2015-01"),
          ("drug_crimes_registered", 3710, "count", "2014-01")]),
        # a rate with its noun, and a rate in brackets after the count it is of
        ("In 2015 there were 11 overdose deaths per 100,000 people.",
         [("drug_overdose_death_rate", 11, "per 100000", "2015-01")]),
        ("In 2015 there were 54.2 registered drug takers per 100,000 people.",
         [("registered_drug_users_rate", 54.2, "per 100000", "2015-01")]),
        ("In 2015 the prevalence of drug addiction was 310 per 100 thousand of the total "
         "population.",
         [("registered_drug_users_rate", 310, "per 100000", "2015-01")]),
        ("In 2015 a survey put the number of problem drug users at 19,000 (410 per 100 "
         "thousand of the total population).",
         [("estimated_drug_users", 19000, "count", "2015-01"),
          ("estimated_opiate_users_rate", 410, "per 100000", "2015-01")]),
        # shares and changes
        ("In 2015 methadone accounted for 39 per cent of all notified drug takers.",
         [("share_of_addicts_using_methadone", 39, "percent", "2015-01")]),
        ("Newly registered drug takers rose by 12 per cent in 2015.",
         [("new_registered_substance_disorders_change", 12, "percent", "2015-01")]),
        # the point estimate, not the bounds of its interval
        ("In 2015 experts put injecting drug users at 25,000, with a possible range of "
         "20,000-30,000.",
         [("estimated_pwid", 25000, "count", "2015-01")]),
        # users in a sentence on drugs are drug users
        ("Drug abuse is growing: the number of registered users rose to 8,400 in 2015.",
         [("registered_drug_users", 8400, "count", "2015-01")]),
        # the levels of a share, its subject named in the sentence's first clause
        ("The percentage of overdose deaths involving synthetic opioids, such as fentanyl, "
         "more than doubled, increasing from 7 percent in 2012 to 15 percent in 2015.",
         [("overdose_deaths_share_synthetic_opioids", 7, "percent", "2012-01"),
          ("overdose_deaths_share_synthetic_opioids", 15, "percent", "2015-01")]),
        # a change below a level is a fall
        ("In 2015 narcotics felonies were 12 percent below their level of a year earlier.",
         [("drug_crimes_change", -12, "percent", "2015-01")]),
        # people who committed crimes are offenders
        ("In 2015 the number of persons who committed narcotics felonies fell by 6 percent.",
         [("drug_crime_offenders_change", -6, "percent", "2015-01")]),
        # "It" is the subject of the sentence before
        ("The share of injectors among registered drug users fell in 2015. It stood at 54 "
         "percent.",
         [("registered_pwid_share", 54, "percent", "2015-01")]),
        # a change of what the sentence before counted
        ("In 2015 there were 880 deaths from drug overdoses. The figure represents a 6.5 "
         "percent increase on the year before.",
         [("drug_overdose_deaths", 880, "count", "2015-01"),
          ("drug_overdose_deaths_change", 6.5, "percent", "2015-01")]),
    ],
)  # fmt: skip
def test_phrase_shapes(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # numbers that count nothing the catalogue counts
        "In 2015, 310 students surveyed said they had tried narcotics.",
        "Drug felonies were recorded in 12 provinces in 2015.",
        "Under Article 228 of the Criminal Code, drug possession is a felony.",
        "Citizens may report narcotics felonies on the trust line, 8 (12) 39-88-73.",
        "Drug traffickers face prison for 5 years or more.",
        "The survey of drug use covered people aged 15-64.",
        "In 2015 the register held many drug users, of whom 310 were women.",
        "In 2015 the police arrested 1,500 people for drug trafficking offences.",
        "In 2015 the agency rehabilitated 1,844 drug abusers.",
        "The average age of new drug users in 2015 was 24.",
        # a part of the population, a place of its own, a whole taken as the base
        "In 2015, 9 percent of drug users under 25 injected.",
        "Northland, where drug overdose deaths climbed 27 percent, led the country.",
        "He said 4.5 million out of 250 million Ruritanians were drug users.",
        "In 2015, 24.0% of people who inject drugs are in Northtown.",
        # other bodies and actions: courts, outreach, an age of liability
        "In 2015 the courts heard 2,100 drug cases.",
        "The programme reached 12,000 injecting drug users with outreach services in 2015.",
        "Criminal liability for drug possession starts at 16.",
        "The Department for Combating Drug Crime has a staff of roughly 1,100.",
        "12,000 injecting drug users were reached by outreach workers in 2015.",
        # goals, crime in general, a change on a base years back
        "The new programme targets a 20 percent reduction in drug-related crime by 2025.",
        "Overall recorded crime fell 7 percent in 2015.",
        "The ministry said 54,177 crimes were recorded in 2015, and drug crimes were fewer.",
        "Drug deaths rose 57 percent between 2009 and 2015.",
        "In 2015 narcotics felonies were 36 percent more than in 2012.",
    ],
)
def test_numbers_that_are_no_records(text):
    generic = [r for r in extract(text, **KW).itertuples() if "generic reader" in r.note]
    assert generic == []


def test_the_note_names_the_reader_and_the_confidence_is_lower():
    out = extract("Officers uncovered 4,415 narcotics felonies in 2015.", **KW)
    r = out.iloc[0]
    assert "generic reader" in r["note"] and "drug_crimes_registered" in r["note"]
    assert r["confidence"] <= 0.8


def test_one_agency_s_count_gets_that_agency_s_slug_or_none():
    # the DCA's own solved crimes: its slug; a count of the border service: no national slug
    assert rows("In 2015 the DCA cleared 410 narcotics felonies.")[0][0] == (
        "drug_crimes_solved_dca"
    )
    got = rows("In 2015 the Border Service uncovered 77 narcotics felonies.")
    assert [r[0] for r in got] in ([], [""])


# ----------------------------------------------------------------- the reader's parts


def test_canonical_tokens_merge_spellings_and_synonyms():
    assert canon_tokens("Drug-related offenses uncovered") == ["drug", "offence", "register"]
    assert canon_tokens("narcotics addicts") == canon_tokens("drug users")
    assert canon_tokens("fatalities") == ["death"]


def test_profiles_cover_counts_shares_changes_and_rates_of_the_catalogue():
    kinds = {p.kind for p in profiles()}
    assert kinds == {"count", "percent", "change", "rate"}
    slugs = {p.slug for p in profiles()}
    cat = load_catalogue()
    assert slugs <= set(cat.units)
    # one agency's slugs are left to the agency rules
    assert not any(s.endswith(("_dca", "_knb", "_border_service")) for s in slugs)


def test_head_decides_the_class_and_modifiers_the_indicator():
    assert best_indicator(count_phrase("drug crimes solved", "", ""), "count").slug == (
        "drug_crimes_solved"
    )
    assert best_indicator(count_phrase("drug crimes", "", ""), "count").slug == (
        "drug_crimes_registered"
    )
    assert best_indicator(count_phrase("drug overdose deaths", "", ""), "count").slug == (
        "drug_overdose_deaths"
    )
    # "criminal groups", "provinces", "students": no class the catalogue counts
    for np in ("criminal groups", "provinces", "students surveyed", "years"):
        assert best_indicator(count_phrase(np, "", ""), "count") is None, np


def test_ambiguous_phrases_are_left_alone():
    # "drug users" with neither "registered" nor "estimated" nor any verb of level is
    # registered by default in these reports; but a phrase naming both an estimate and
    # injecting maps only to the estimate of injectors
    got = best_indicator(count_phrase("injecting drug users", "experts estimated", ""), "count")
    assert got is not None and got.slug == "estimated_pwid"
    assert best_indicator(count_phrase("drug", "", ""), "count") is None


def test_like_indicator_reads_a_change_of_the_figure_before():
    p = like_indicator("registered_drug_users", count_phrase("increase", "a", "", True))
    assert best_indicator(p, "percent").slug == "registered_drug_users_change"
    assert like_indicator("no_such_slug", count_phrase("", "", "")) is None


def test_threshold_and_margin_are_sane():
    assert 0 < THRESHOLD < 1 and 0 < MARGIN < THRESHOLD
    assert all(s <= 1.0 + 1e-9 for s, _ in score_all(count_phrase("drug crimes", "", ""), "count"))
