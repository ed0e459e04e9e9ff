"""The rule tables of ``drugtrends.extract.rules`` and the patterns of real report text
they serve (issue 13).

Every sentence here is written for these tests (invented figures, in the wording patterns
found in real INCSR chapters, national agency pages and regional news); no report text is
copied.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from drugtrends.extract import extract, parse_quantity
from drugtrends.extract.rules import TABLES, Rule, read_number_words

KW = {"country": "UZB", "edition": 2016, "source_id": "test-src"}


def rows(text: str, **kw) -> list[tuple]:
    out = extract(text, **{**KW, **kw})
    return [
        (
            r.indicator,
            None if r.value != r.value else float(r.value),
            r.unit,
            r.period_start,
            r.period_end,
        )
        for r in out.itertuples()
    ]


# --------------------------------------------------------------------- the tables


@pytest.mark.parametrize(
    ("table", "rule"),
    [(name, rule) for name, table in TABLES.items() for rule in table],
    ids=[f"{name}.{rule.name}" for name, table in TABLES.items() for rule in table],
)
def test_every_rule_matches_its_example_and_not_its_counter(table, rule):
    assert isinstance(rule, Rule)
    assert isinstance(rule.pattern, re.Pattern)
    assert rule.example, f"{table}.{rule.name} has no example"
    assert rule.pattern.search(rule.example), f"{table}.{rule.name} misses {rule.example!r}"
    if rule.counter:
        assert not rule.pattern.search(rule.counter), (
            f"{table}.{rule.name} matches its counter-example {rule.counter!r}"
        )


def test_rule_names_are_unique_in_each_table():
    for name, table in TABLES.items():
        names = [r.name for r in table]
        assert len(names) == len(set(names)), name


@pytest.mark.parametrize(
    ("words", "value", "used"),
    [
        (["forty", "two", "thousand"], Decimal(42), 2),
        (["four", "and", "a", "half", "tons"], Decimal("4.5"), 4),
        (["two", "hundred", "and", "five"], Decimal(205), 4),
        (["nineteen", "tons"], Decimal(19), 1),
        (["seventy", "seven"], Decimal(77), 2),
    ],
)
def test_hand_number_word_reader(words, value, used):
    assert read_number_words(words) == (value, used)


def test_hand_number_word_reader_refuses_non_numbers():
    assert read_number_words(["tons"]) is None
    assert read_number_words([]) is None


# ------------------------------------------------------------------ number words


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("forty two thousand hectares", Decimal(42000), "ha"),
        ("Four and a half tons", Decimal("4.5"), "t"),
        ("two hundred and five kilograms", Decimal(205), "kg"),
        ("more than a ton", Decimal(1), "t"),
        ("2 tons 41 kg 305 g", Decimal("2041.305"), "kg"),
        ("1 ton 212.5 kg", Decimal("1212.5"), "kg"),
        ("7 kg 994 grams", Decimal("7.994"), "kg"),
        ("3.8 per 100 thousand of population", Decimal("3.8"), "per 100000"),
        ("12 per 10,000 people", Decimal(120), "per 100000"),
        ("about one kilo in four", Decimal(25), "percent"),
    ],
)
def test_quantities_of_real_wording(text, value, unit):
    q = parse_quantity(text)
    assert (q.value, q.unit) == (value, unit)


def test_hundred_alone_and_hyphenated_words_are_no_figures():
    assert rows("Couriers carry numerous multi-hundred kilogram loads of hashish.") == []


def test_price_of_a_kilogram_is_a_unit_not_a_figure():
    out = rows("In 2015 the price of a kilogram of hashish was $900.")
    assert [r[1] for r in out] == [900.0]


# ------------------------------------------------------- "this year (last year)" pairs


def test_bare_bracket_is_last_year():
    assert rows("In 2015 the number of registered drug addicts totaled 12,480 (13,105).") == [
        ("registered_drug_users", 12480.0, "count", "2015-01", "2015-12"),
        ("registered_drug_users", 13105.0, "count", "2014-01", "2014-12"),
    ]


def test_bracket_with_year_and_dash():
    out = rows(
        "In 2015 the police revealed 5,120 (in 2014 – 5,874) drug-related crimes, including "
        "2,410 (2,602) sales of drugs."
    )
    assert ("drug_crimes_registered", 5120.0, "count", "2015-01", "2015-12") in out
    assert ("drug_crimes_registered", 5874.0, "count", "2014-01", "2014-12") in out
    assert ("drug_sales_cases", 2602.0, "count", "2014-01", "2014-12") in out


def test_unit_after_the_bracket_serves_both_and_names_the_drug():
    assert rows("In 2015 authorities seized 98.2 (110.4) kilograms of heroin.") == [
        ("heroin_seizures", 98.2, "kg", "2015-01", "2015-12"),
        ("heroin_seizures", 110.4, "kg", "2014-01", "2014-12"),
    ]
    # the opium named after the unit, not the heroin of the clause before
    assert rows("They seized 40 kg of heroin and 1 ton 212.5 (790.1) kg of opium in 2015.") == [
        ("heroin_seizures", 40.0, "kg", "2015-01", "2015-12"),
        ("opium_seizures", 1212.5, "kg", "2015-01", "2015-12"),
        ("opium_seizures", 790.1, "kg", "2014-01", "2014-12"),
    ]


def test_compound_masses_in_pairs_and_unit_abbreviation_with_a_stop():
    out = rows(
        "In 2015 there were seized 3 tons 104 kg (2 tons 980 kg) of drugs, including "
        "opium – 512.4 kg. (498.6 kg.), hashish – 70 kg. (81.2 kg.)."
    )
    assert ("drug_seizures_total", 3104.0, "kg", "2015-01", "2015-12") in out
    assert ("drug_seizures_total", 2980.0, "kg", "2014-01", "2014-12") in out
    assert ("opium_seizures", 498.6, "kg", "2014-01", "2014-12") in out
    assert ("hashish_seizures", 81.2, "kg", "2014-01", "2014-12") in out


def test_same_figure_in_another_unit_stays_an_equivalent():
    out = rows("In 2015 authorities seized 20 metric tons (20,000 kg) of drugs.")
    assert {r[3] for r in out} == {"2015-01"}


# ------------------------------------------------------ shares, rates and changes


def test_incidence_rate_from_to_over_a_span_of_years():
    out = rows(
        "Over 2011-2015, the primary incidence of drug addiction fell from 6.9 to 4.1 per "
        "100 thousand of population."
    )
    assert out == [
        ("drug_addiction_incidence_rate", 6.9, "per 100000", "2011-01", "2011-12"),
        ("drug_addiction_incidence_rate", 4.1, "per 100000", "2015-01", "2015-12"),
    ]


def test_share_of_heroin_in_seizures():
    out = rows(
        "Authorities seized approximately 1,250 kilograms of drugs in the first six months of "
        "2015 (heroin accounted for 38 percent of seizures)."
    )
    assert ("heroin_share_of_seizures", 38.0, "percent", "2015-01", "2015-06") in out


def test_share_of_injectors_among_registered():
    out = rows(
        "In 2015 the number of drug addicts who injected drugs amounted to 4,020 (4,490) or "
        "31.5% (33.9%) among those registered."
    )
    assert ("registered_pwid", 4020.0, "count", "2015-01", "2015-12") in out
    assert ("registered_pwid_share", 31.5, "percent", "2015-01", "2015-12") in out
    assert ("registered_pwid_share", 33.9, "percent", "2014-01", "2014-12") in out


def test_change_of_solved_crimes_and_the_difference_is_no_level():
    out = rows(
        "In 2015 the DCA solved 212 drug-related crimes, which was 31 cases or 17 percent "
        "more than a year earlier."
    )
    assert out == [
        ("drug_crimes_solved_dca", 212.0, "count", "2015-01", "2015-12"),
        ("drug_crimes_solved_dca_change", 17.0, "percent", "2015-01", "2015-12"),
    ]


def test_reduced_by_is_a_difference():
    out = rows(
        "The number of drug addicts, registered with dispensaries, was reduced by 640 and "
        "totaled 9,910 in 2015."
    )
    assert [r[1] for r in out] == [9910.0]
    assert out[0][0] == "registered_drug_users"


def test_transit_share_written_as_one_in_n():
    out = rows(
        "The UN estimates that one kilo in five of Afghan heroin passes through Central Asia."
    )
    assert out[0][:3] == ("afghan_transit_share_central_asia", 20.0, "percent")


# ------------------------------------------------------------------ periods


def test_first_six_months_of_this_year_and_a_list_paragraph_after_it():
    text = (
        "Over the first six months of this year, officers of the Drug Control Agency have "
        "seized 150.2 kilograms of narcotic drugs.\n\n"
        "A total reportedly included 2.5 kilograms of heroin and 98.1 kilograms of hashish.\n\n"
        "Over the reporting period, the agency has solved 77 drug-related crimes."
    )
    out = rows(text, edition=2021, covered_year=2021)
    assert out == [
        ("drug_seizures_total_dca", 150.2, "kg", "2021-01", "2021-06"),
        ("heroin_seizures_dca", 2.5, "kg", "2021-01", "2021-06"),
        ("hashish_seizures_dca", 98.1, "kg", "2021-01", "2021-06"),
        ("drug_crimes_solved_dca", 77.0, "count", "2021-01", "2021-06"),
    ]


def test_breakdown_by_agency_with_last_years_figures():
    text = (
        "In all, 1,402.3 kilograms of drugs were seized over the first six months of this "
        "year.\n\n"
        "Of this amount, 702.5 kilograms were seized by the Interior Ministry (2020 – 455.1 "
        "kilograms), 9.8 kilograms were seized by the anticorruption agency (2020 – 2.2 "
        "kilograms), and 14 kilograms were seized by the Customs Service (2020 – 30.2 "
        "kilograms)."
    )
    out = rows(text, edition=2021, covered_year=2021, country="TJK")
    assert ("drug_seizures_total_mvd", 702.5, "kg", "2021-01", "2021-06") in out
    assert ("drug_seizures_total_mvd", 455.1, "kg", "2020-01", "2020-06") in out
    assert ("", 9.8, "kg", "2021-01", "2021-06") in out
    assert ("drug_seizures_customs", 14.0, "kg", "2021-01", "2021-06") in out
    assert ("drug_seizures_customs", 30.2, "kg", "2020-01", "2020-06") in out


def test_seized_by_the_police_keeps_the_national_count():
    out = rows("1,208 drug crimes were registered by the police in 2015.")
    assert out == [("drug_crimes_registered", 1208.0, "count", "2015-01", "2015-12")]


def test_years_ago_and_opening_if_clause():
    out = rows(
        "If 4 years ago heroin cost around $6-9 thousand per kilogram, this year the price "
        "reaches $19-21 thousand per kilo.",
        country="KAZ",
        edition=2013,
        covered_year=2013,
    )
    assert [(r[0], r[3]) for r in out] == [
        ("heroin_wholesale_price", "2009-01"),
        ("heroin_wholesale_price", "2013-01"),
    ]


def test_last_year_opening_a_sentence_dates_it_and_the_next():
    out = rows(
        "In 1998, the authorities seized 9.1kg of heroin. Last year, they intercepted close to "
        "three tonnes of heroin. As much as 70 tonnes of heroin may have passed through the "
        "country.",
        country="TJK",
        edition=2004,
    )
    assert [r[3] for r in out] == ["1998-01", "2003-01", "2003-01"]


def test_programme_span_named_in_the_sentence_before():
    out = rows(
        "The government carries out the second program (for 2013-2017) to protect the southern "
        "border. The program's funding, around 5 billion tenge ($33 million), goes to the "
        "border service.",
        country="KAZ",
        edition=2014,
    )
    assert {(r[3], r[4]) for r in out} == {("2013-01", "2017-12")}


def test_since_the_beginning_of_a_month():
    out = rows(
        "Since the beginning of July, police destroyed more than 150 tonnes of wild hemp.",
        edition=2021,
        covered_year=2021,
    )
    assert out[0][3:] == ("2021-07", "")


def test_offenders_change_and_hiv_share_via_syringes():
    out = rows(
        "The number of people who committed drug related crimes this year increased 8.2% year "
        "on year.",
        country="KAZ",
        edition=2008,
    )
    assert out == [("drug_crime_offenders_change", 8.2, "percent", "2007-01", "2007-12")]
    out = rows(
        "There were 980 reported HIV cases in 2003, and 72 percent of those who tested positive "
        "were infected by sharing contaminated syringes.",
        country="KAZ",
        edition=2004,
    )
    assert ("hiv_share_via_injecting", 72.0, "percent", "2003-01", "2003-12") in out


def test_powerful_psychoactive_substances_are_synthetic_drugs():
    out = rows("In 2015 authorities seized 12.5 kilograms of powerful psychoactive substances.")
    assert out == [("synthetic_drug_seizures", 12.5, "kg", "2015-01", "2015-12")]


def test_harvest_of_the_plant_the_sentence_names():
    out = rows(
        "The valley holds 350,000 hectares of wild growing cannabis, with an estimated annual "
        "harvest of 450 metric tons.",
        country="KAZ",
    )
    assert [r[0] for r in out] == ["wild_cannabis_area", "cannabis_harvest_estimate"]


def test_count_with_an_agent_and_a_year_counts_what_the_sentence_names():
    out = rows(
        "The number of registered drug users keeps falling: the health ministry registered "
        "5,910 in 2013.",
        country="KAZ",
    )
    assert out == [("registered_drug_users", 5910.0, "count", "2013-01", "2013-12")]


def test_a_yield_per_hectare_is_no_amount():
    assert rows("Farmers in the valley harvest 35 kg of opium per hectare.", country="TJK") == []


def test_crimes_related_to_sales_and_an_elliptic_part_after_them():
    out = rows(
        "In 2014 police registered 4,100 drug crimes; 2,300 crimes were related to drug sales, "
        "610 to smuggling.",
        country="KAZ",
    )
    assert out == [
        ("drug_crimes_registered", 4100.0, "count", "2014-01", "2014-12"),
        ("drug_sales_cases", 2300.0, "count", "2014-01", "2014-12"),
        ("drug_smuggling_cases", 610.0, "count", "2014-01", "2014-12"),
    ]


# ------------------------------------------------- issue 13, round 2 (held2 corpus)


def test_a_difference_after_a_figure_is_no_row():
    out = rows(
        "In the first half of the year, the service seized 310.4 kilograms of drugs, which was "
        "52.7 kilograms more than in the same period last year.",
        country="TJK",
        edition=2021,
        covered_year=2021,
    )
    assert [r[:3] for r in out] == [("drug_seizures_total", 310.4, "kg")]


def test_last_year_is_the_year_before_the_edition():
    # a news item of 2017 about 2017: "last year" is 2016
    out = rows(
        "The number of drug crimes registered last year was 2,740.",
        edition=2017,
        covered_year=2017,
    )
    assert out == [("drug_crimes_registered", 2740.0, "count", "2016-01", "2016-12")]
    out = rows("Last year, the authorities seized some 3,100 kilograms of drugs.", edition=2017)
    assert out[0][3:] == ("2016-01", "2016-12")


def test_last_year_after_a_comparison_word_stays_a_base():
    out = rows(
        "This year the authorities seized 880 kilograms of heroin, 15 percent more than last year.",
        edition=2017,
        covered_year=2017,
    )
    assert out[0] == ("heroin_seizures", 880.0, "kg", "2017-01", "2017-12")
    assert out[1][0] == "heroin_seizures_change"


@pytest.mark.parametrize(
    "text",
    [
        "Customs officers on Tuesday [April 9] seized 14 kilograms of hashish at the post.",
        "On 9 April, customs officers seized 14 kilograms of hashish at the post.",
        "Customs officers seized 14 kilograms of hashish at the post on April 9.",
    ],
)
def test_a_day_and_month_without_a_year_dates_the_figure_to_that_month(text):
    out = rows(text, edition=2018, covered_year=2018)
    assert [r[1:] for r in out] == [(14.0, "kg", "2018-04", "2018-04")]


def test_the_day_something_was_reported_does_not_date_the_figure():
    out = rows(
        "Since January, authorities have seized 520 kilograms of drugs, the minister told "
        "journalists on 18 May.",
        edition=2018,
        covered_year=2018,
    )
    assert out == [("drug_seizures_total", 520.0, "kg", "2018-01", "")]


def test_each_prevalence_takes_the_drug_written_next_to_it():
    out = rows(
        "In 2015, 1.4 percent of adults used cannabis and 0.6 percent used opiates.",
        country="KGZ",
    )
    assert [r[:2] for r in out] == [("prevalence_cannabis", 1.4), ("prevalence_opiates", 0.6)]
    out = rows(
        "The prevalence of opiate use is 0.9 percent of the adult population, and cannabis use "
        "2.6 percent.",
        country="KGZ",
    )
    assert [r[:2] for r in out] == [("prevalence_opiates", 0.9), ("prevalence_cannabis", 2.6)]
    out = rows(
        "About 0.4 percent of the adult population use opiates, and 1.2 percent of adults used "
        "cannabis in the past year.",
        country="KGZ",
    )
    assert [r[:2] for r in out] == [("prevalence_opiates", 0.4), ("prevalence_cannabis", 1.2)]


def test_a_share_of_the_adults_who_inject_is_pwid_share_adults():
    out = rows("Roughly 0.3 percent of the adult population inject drugs.", country="KGZ")
    assert [r[:3] for r in out] == [("pwid_share_adults", 0.3, "percent")]


def test_hemp_destroyed_in_eradication_is_no_seizure():
    out = rows(
        "Police officers destroyed more than 140 tonnes of wild hemp. In addition, 95 kilograms "
        "of marijuana were seized.",
        country="KGZ",
    )
    assert [r[:3] for r in out] == [("", 140.0, "t"), ("marijuana_seizures", 95.0, "kg")]
    out = rows(
        "During the raid, 61,200 kilograms of hemp were mowed and burned, and 17 kilograms of "
        "hashish were seized.",
        country="KGZ",
    )
    assert [r[:3] for r in out] == [("", 61200.0, "kg"), ("hashish_seizures", 17.0, "kg")]


def test_seized_drugs_burned_are_still_no_seizure():
    out = rows("Authorities burned 9 tonnes of seized drugs in June.", country="KGZ")
    assert [r[:3] for r in out] == [("", 9.0, "t")]


def test_an_incidence_with_its_unit_left_out_is_a_rate_and_reduced_by_is_down_to():
    out = rows(
        "The national indicator of primary drug addiction incidence was reduced by 2.7 "
        "(2013 - 3.1).",
        edition=2015,
    )
    assert out == [
        ("drug_addiction_incidence_rate", 2.7, "per 100000", "2014-01", "2014-12"),
        ("drug_addiction_incidence_rate", 3.1, "per 100000", "2013-01", "2013-12"),
    ]


def test_the_earlier_level_of_a_rate_is_a_rate():
    out = rows(
        "The registered drug users rate fell to 38.5 per 100,000 from 40.2 in 2014.",
        edition=2016,
    )
    assert [r[:3] for r in out] == [
        ("registered_drug_users_rate", 38.5, "per 100000"),
        ("registered_drug_users_rate", 40.2, "per 100000"),
    ]
    # a count of the same sentence stays a count
    out = rows("The number of drug crimes was reduced by 1,120 and totaled 9,480.", edition=2016)
    assert out == [("drug_crimes_registered", 9480.0, "count", "2015-01", "2015-12")]


def test_a_count_that_leaves_its_noun_out_counts_what_the_one_before_counts():
    out = rows(
        "The health ministry registered 7,120 drug users in 2013, and 6,870 in 2014.",
        edition=2015,
    )
    assert out == [
        ("registered_drug_users", 7120.0, "count", "2013-01", "2013-12"),
        ("registered_drug_users", 6870.0, "count", "2014-01", "2014-12"),
    ]
    out = rows("Police registered 1,310 drug crimes in 2013 and arrested 420 in 2014.")
    assert [r[:2] for r in out] == [("drug_crimes_registered", 1310.0)]


def test_the_drug_noun_right_after_the_unit_without_of():
    out = rows(
        "In 2012 the agency seized 61 MT narcotics and 14 MT precursor chemicals, and in 2013 "
        "it seized 88 MT narcotic.",
        country="KGZ",
    )
    assert [r[:2] for r in out] == [
        ("drug_seizures_total", 61.0),
        ("precursor_seizures", 14.0),
        ("drug_seizures_total", 88.0),
    ]


def test_drug_related_deaths_are_overdose_deaths():
    out = rows("The number of drug-related deaths rose to 287 in 2016.", country="KGZ")
    assert out == [("drug_overdose_deaths", 287.0, "count", "2016-01", "2016-12")]
    out = rows("Drug-related crimes rose to 287 in 2016.", country="KGZ")
    assert [r[0] for r in out] == ["drug_crimes_registered"]


def test_the_body_after_by_counted_the_figure_even_after_a_period_phrase():
    out = rows(
        "The Interior Ministry said that 1.7 tons of heroin were seized in 2016 by the State "
        "Security Service.",
        country="KAZ",
        edition=2017,
    )
    assert out == [("heroin_seizures_knb", 1.7, "t", "2016-01", "2016-12")]


def test_a_news_headline_restating_the_body_gives_no_row():
    text = (
        "Nearly 300 kilograms of drugs seized in two months\n\n"
        "Since the beginning of July, authorities have seized 296.4 kilograms of drugs."
    )
    out = rows(text, country="KGZ", edition=2020, covered_year=2020)
    assert [r[1] for r in out] == [296.4]
    # a one-paragraph text is read whole, and a first paragraph that is a sentence too
    assert [r[1] for r in rows("Authorities seized 296.4 kilograms of drugs in 2019")] == [296.4]
    text = "Authorities seized 12 kilograms of heroin in 2019.\n\nIn 2018 they seized 9 kilograms."
    assert [r[1] for r in rows(text)] == [12.0, 9.0]


def test_drug_cases_a_verb_registers_are_registered_drug_crimes():
    out = rows("The agency registered 1,470 drug cases in 2015.", country="KGZ")
    assert out == [("drug_crimes_registered", 1470.0, "count", "2015-01", "2015-12")]
    assert rows("Lawyers handled 1,470 drug cases in 2015.", country="KGZ") == []


def test_a_level_after_a_year_on_year_change_takes_the_subject():
    out = rows("Drug offences dropped 9 percent year on year to 2,810.", country="KGZ")
    assert [r[:2] for r in out] == [
        ("drug_crimes_change", -9.0),
        ("drug_offences_registered", 2810.0),
    ]
