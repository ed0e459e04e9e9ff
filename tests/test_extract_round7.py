"""Round 7 of issue 13: general causes of false positives and misses on new real text.

Every sentence is written for these tests (invented figures and places, in the shapes
real reports use); no report text is copied. Each test holds a figure that must stay
beside the one that must go, so that a reader that drops everything fails.
"""

from __future__ import annotations

import pytest

from drugtrends.extract import extract
from drugtrends.extract._tokens import tokenize
from drugtrends.extract.numbers import scan_quantities


def all_rows(text: str, country: str = "AZE", edition: int = 2021, **kw) -> list[tuple]:
    """(indicator, value or (lower, upper), unit, period_start, period_end) of every row."""
    out = extract(text, country=country, edition=edition, source_id="test-src", **kw)
    return [
        (
            r.indicator,
            r.value if r.value == r.value else (r.lower, r.upper),
            r.unit,
            r.period_start,
            r.period_end,
        )
        for r in out.itertuples()
    ]


def values(text: str, country: str = "AZE", edition: int = 2021, **kw) -> list:
    return [v for _, v, *_ in all_rows(text, country, edition, **kw)]


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # a signed bracket after a mass: the change on last year's figure
        ("In the first 6 months of 2021, 1 ton 412 kg 300 g (+ 310 kg 150 g) of drugs were "
         "seized, of which 806 kg (-42.5 kg) were heroin.", [1412.3, 806.0], [310.15, 42.5]),
        # an area and its change
        ("In 2020 wild hemp was destroyed on 1,840 (-95 ha) hectares and 2,205 kg of "
         "marijuana were seized.", [2205.0], [95.0]),
        # the unsigned bracket is last year's figure and stays ("this year (last year)")
        ("In 2020, 98.2 (110.4) kilograms of heroin were seized.", [98.2, 110.4], []),
    ],
)  # fmt: skip
def test_signed_bracket_is_a_difference(text, kept, dropped):
    got = values(text)
    for v in kept:
        assert any(isinstance(g, float) and abs(g - v) < 1e-6 for g in got), (v, got)
    for v in dropped:
        assert not any(isinstance(g, float) and abs(g - v) < 1e-6 for g in got), (v, got)


def test_footnote_mark_glued_to_a_word_is_no_number():
    text = "Cannabis users3 make up about 4.1 per cent of the adult population2 (some 61,000)."
    got = [text[q.start : q.end] for q in scan_quantities(tokenize(text))]
    assert got == ["about 4.1 per cent", "some 61,000"], got
    # a number glued to its unit after it is still read
    assert [float(q.value) for q in scan_quantities(tokenize("police seized 724.1kg"))] == [724.1]


def test_users_of_one_drug_are_no_count_of_all_users():
    text = (
        "In 2008 the number of regular cannabis users in the country was estimated at "
        "42,000. The estimated number of regular drug users in 2008 was 96,000."
    )
    rows = all_rows(text, "KGZ", 2009)
    got = {(ind, v) for ind, v, *_ in rows}
    assert ("estimated_regular_drug_users", 96000.0) in got, rows
    assert not any(v == 42000.0 for _, v in got), rows
    # opiate users have an indicator of their own
    rows = all_rows(
        "Some 12,500 people in the country use opiates, a 2008 study estimated.", "KGZ", 2009
    )
    assert ("estimated_opiate_users", 12500.0) in {(i, v) for i, v, *_ in rows}, rows


@pytest.mark.parametrize(
    ("text", "country", "edition", "kept", "dropped"),
    [
        # the parts of a breakdown, each with a kind of its own, are no total of crimes
        ("In 2021 the police identified 6,420 drug crimes. The police also recorded 2,104 "
         "crimes involving the transport of drugs, 512 cases of illegal circulation of strong "
         "medicines and 33 instances of inducing drug use.", "KGZ", 2022, [6420.0],
         [2104.0, 512.0]),
        # the total's own words after "cases of" keep it the total
        ("In 2021 the police recorded 6,420 cases of illicit trafficking in narcotic drugs.",
         "KGZ", 2022, [6420.0], []),
        # a count of the kinds a colon names is no count of records
        ("In 2018 the agency registered 12,340 drug crimes, of which it listed three major "
         "drug offences: importing, selling and producing.", "KGZ", 2019, [12340.0], [3.0]),
        # a change on a base of several years is no yearly change
        ("In 2014 the register held 6,100 drug addicts. The agency now counts 25 percent "
         "fewer drug deaths than in previous years.", "KGZ", 2015, [6100.0], [-25.0, 25.0]),
        # the two terms of a ratio are no range of users
        ("The ministry estimates 52,000 drug users; the ratio of registered to hidden users "
         "is about 1 to 2.5.", "KGZ", 2015, [52000.0], [(1.0, 2.5)]),
        # a potential amount: what seized precursors could make
        ("In 2019 customs seized 7,400 kilograms of acetic anhydride (which could be used to "
         "make up to 3,000 kilograms of heroin).", "TJK", 2020, [7400.0], [3000.0]),
    ],
)  # fmt: skip
def test_no_record_round7(text, country, edition, kept, dropped):
    got = values(text, country, edition)
    for v in kept:
        assert v in got, (v, all_rows(text, country, edition))
    for v in dropped:
        assert v not in got, (v, all_rows(text, country, edition))


def test_a_span_across_the_turn_of_a_year_dates_the_next_paragraphs():
    text = (
        "The board said that during October 2020-March 2021 customs seized 3,100 kilograms "
        "of heroin.\n\n"
        "In the same operations police seized 1,250 kilograms of marijuana."
    )
    got = {(v, s, e) for _, v, _, s, e in all_rows(text, "THA", 2021)}
    assert (1250.0, "2020-10", "2021-03") in got, got
    # a part of one calendar year that does not start in January stays its sentence's own
    text = (
        "In 2020 police seized 5,400 kilograms of heroin. In October-December they seized "
        "900 kilograms of opium.\n\nCustoms seized 2,300 kilograms of marijuana."
    )
    got = {(v, s, e) for _, v, _, s, e in all_rows(text, "THA", 2021)}
    assert (2300.0, "2020-01", "2020-12") in got, got


def test_the_drug_a_figure_is_said_to_be():
    text = (
        "In the first 6 months of 2021, seized 2 tons 110 kg (+ 205 kg) of drugs, 610 kg "
        "(-40 kg) were heroin (28.9%), 1 ton 205 kg (+ 95 kg) were opium (57.1%)."
    )
    got = {(i, v, s, e) for i, v, _, s, e in all_rows(text)}
    assert ("drug_seizures_total", 2110.0, "2021-01", "2021-06") in got, got
    assert ("heroin_seizures", 610.0, "2021-01", "2021-06") in got, got
    assert ("opium_seizures", 1205.0, "2021-01", "2021-06") in got, got
    # a drug named before the figure, with no copula after it, is still its drug
    got = {(i, v) for i, v, *_ in all_rows("In 2020, 45 kg of heroin were seized.")}
    assert ("heroin_seizures", 45.0) in got, got


def test_plants_weighing_a_mass_destroyed_are_no_seizure():
    text = (
        "In 2020, 3,120 kg of marijuana were seized. Also, during the reporting period, "
        "41,000 wild drug-containing plants weighing 14 tons were identified and destroyed."
    )
    got = {(i, v) for i, v, *_ in all_rows(text)}
    assert ("marijuana_seizures", 3120.0) in got, got
    assert ("", 14.0) in got, got


def test_a_share_in_brackets_after_a_drugs_seizures_is_its_share_of_seizures():
    text = (
        "In 2020, 1,900 kg of drugs were seized, of which 1,150 kg were opium (60.5%), "
        "520 kg (+ 40 kg) were hashish (27.4%) and 230 kg were psychotropic substances and "
        "others (12.1%)."
    )
    got = {(i, v) for i, v, *_ in all_rows(text)}
    assert ("opium_share_of_seizures", 60.5) in got, got
    assert ("hashish_share_of_seizures", 27.4) in got, got
    # a mixed group has no share indicator
    assert not any(v == 12.1 for _, v in got), got
    # a share of the register after a count stays no share of seizures
    got = {(i, v) for i, v, *_ in all_rows("In 2020, 722 drug addicts (12%) lived in the capital.")}
    assert not any(i.endswith("share_of_seizures") for i, _ in got), got


def test_a_signed_change_in_brackets_does_not_part_a_count_from_its_noun():
    text = (
        "In 2020, 5,310 (+412) drug crimes were registered. Of these, 2,040 (+96) were illegal "
        "drug sales, 1,870 (-15) were illegal possession of drugs, 405 (+31) were illegal "
        "cultivation of narcotic plants."
    )
    got = {(i, v) for i, v, *_ in all_rows(text)}
    assert ("drug_crimes_registered", 5310.0) in got, got
    assert ("drug_sales_cases", 2040.0) in got, got
    assert ("drug_possession_offences", 1870.0) in got, got
    # neither the changes nor an item of a kind with no indicator are records
    assert not {412.0, 96.0, 15.0, 31.0, 405.0} & {v for _, v in got}, got
    # a kind said by a participle keeps the kind of the list
    text = "In 2020, 3,400 drug crimes were registered; drug sales cases: 2,150 were registered."
    got = {(i, v) for i, v, *_ in all_rows(text)}
    assert ("drug_sales_cases", 2150.0) in got, got


def test_the_share_of_overdose_deaths_involving_opioids():
    text = (
        "Opioid-related overdoses accounted for nearly 58 percent of all drug overdose deaths "
        "in 2016, and heroin was involved in 21 percent of drug overdose deaths in 2016."
    )
    got = {(i, v) for i, v, *_ in all_rows(text, "USA", 2017)}
    assert ("overdose_deaths_share_opioids", 58.0) in got, got
    assert ("overdose_deaths_share_opioids", 21.0) not in got, got


def test_an_annual_figure_in_the_present_tense_is_the_covered_years():
    text = (
        "The service said that police seized around 80 tonnes of drugs in 2012. "
        "The annual drug-related death toll in the country is up to 60,000 people, it said."
    )
    got = {(i, v, s) for i, v, _, s, _ in all_rows(text, "RUS", 2013, covered_year=2013)}
    assert ("drug_overdose_deaths", 60000.0, "2013-01") in got, got
    assert ("drug_seizures_total_mvd", 80.0, "2012-01") in got, got
