"""The report's pages for the world data: drug-use surveys, offences by kind, the key
price page of a country's main market, and the drug-crime fall-backs."""

from __future__ import annotations

import hashlib
import re

import matplotlib

matplotlib.use("Agg")

import pytest

import drugtrends as dt
from drugtrends.dataset import records_table
from drugtrends.report import analyse, write_report
from drugtrends.report.analysis import (
    GROUP_PAGES,
    MISSING_PRICES,
    PRICE_SERIES,
    key_price,
    missing_key_indicators,
    offence_indicators,
    select_indicators,
    survey_indicators,
)

from .conftest import row


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.fixture(scope="module")
def world():
    ds = dt.load_dataset(["DEU", "BRA", "KAZ"])
    return ds, records_table(ds)


@pytest.mark.parametrize("country", ["DEU", "BRA"])
def test_world_country_pages_include_surveys_offences_and_a_price(world, country):
    ds, table = world
    chosen = select_indicators(ds, country, table)
    prevalence = sorted(
        {i for i in table[table["country"] == country]["indicator"] if i.startswith("prev")}
    )
    surveys = survey_indicators(ds, country, table)
    assert sorted(surveys) == prevalence and len(surveys) >= 5
    assert surveys[0] == "prevalence_cannabis"  # the fixed drug order, not the alphabet
    assert offence_indicators(ds, country, table)[:2] == [
        "drug_trafficking_offences",
        "drug_possession_offences",
    ]
    assert "drug_offences_registered" in chosen  # the drug-crime key page
    prices = [i for i in chosen if i in PRICE_SERIES]
    assert len(prices) == 1
    if country == "BRA":
        # no heroin price: the main market, cocaine wholesale (every series has one
        # figure; wholesale before retail, then the order of PRICE_SERIES)
        assert prices == ["cocaine_wholesale_price"]
        assert MISSING_PRICES not in missing_key_indicators(ds, country, table)
    else:
        assert prices == ["heroin_wholesale_price"]
    assert not [i for i in chosen if i.startswith("prevalence_")]


def test_key_price_prefers_heroin_then_the_most_figures_then_wholesale():
    assert key_price({"heroin_retail_price": 1, "cocaine_wholesale_price": 9}, PRICE_SERIES) == (
        "heroin_retail_price"
    )
    counts = {"cocaine_retail_price": 4, "marijuana_wholesale_price": 3}
    assert key_price(counts, PRICE_SERIES) == "cocaine_retail_price"
    counts["marijuana_wholesale_price"] = 4
    assert key_price(counts, PRICE_SERIES) == "marijuana_wholesale_price"
    assert key_price({"cocaine_seizures": 9}, PRICE_SERIES) is None
    assert key_price(counts, ["cocaine_retail_price"]) == "cocaine_retail_price"  # only present


def _offence_dataset(datadir):
    """A country with trafficking and possession offences only (no total), and one with
    a single survey figure besides its heroin seizures."""
    from drugtrends import dataset, records

    def offence(rid, indicator, value, year):
        return row(
            rid,
            country="XOF",
            indicator=indicator,
            value=value,
            unit="1",
            start=f"{year}-01",
            end=f"{year}-12",
            months="12",
            source="unodc",
            edition="2021",
        )

    datadir.write(
        [
            offence("XOF-1", "drug_trafficking_offences", "120", 2018),
            offence("XOF-2", "drug_trafficking_offences", "150", 2019),
            offence("XOF-3", "drug_possession_offences", "900", 2018),
            offence("XOF-4", "drug_possession_offences", "1000", 2019),
            offence("XOF-5", "drug_possession_offences", "1100", 2020),
            # a second key page: XOF is not thin (no extra pages)
            row(
                "XOF-6",
                country="XOF",
                value="8",
                start="2019-01",
                end="2019-12",
                months="12",
                source="unodc",
                edition="2021",
            ),
            row(
                "XOF-7",
                country="XOF",
                value="9",
                start="2020-01",
                end="2020-12",
                months="12",
                source="unodc",
                edition="2021",
            ),
        ],
        "XOF.csv",
    )
    common = {"country": "XSV", "source": "unodc", "edition": "2021", "months": "12"}
    datadir.write(
        [
            row("XSV-1", value="10", start="2019-01", end="2019-12", **common),
            row("XSV-2", value="14", start="2020-01", end="2020-12", **common),
            row(
                "XSV-3",
                indicator="prevalence_cannabis",
                value="3.5",
                unit="percent",
                start="2019-01",
                end="2019-12",
                **common,
            ),
        ],
        "XSV.csv",
    )
    table = records.load(datadir.root)
    return dataset.build(table, sources=records.load_sources(datadir.root / "sources.csv"))


def test_drug_crime_falls_back_to_trafficking_then_possession(datadir):
    ds = _offence_dataset(datadir)
    assert "drug_trafficking_offences" in select_indicators(ds, "XOF")
    assert "drug_possession_offences" not in select_indicators(ds, "XOF")
    missing = missing_key_indicators(ds, "XOF")
    assert "Registered drug-related crimes" not in missing
    assert MISSING_PRICES in missing  # no price of any drug
    # the offences page needs figures of two years: XOF has three
    assert offence_indicators(ds, "XOF") == [
        "drug_trafficking_offences",
        "drug_possession_offences",
    ]
    assert offence_indicators(ds, "XSV") == []
    assert survey_indicators(ds, "XOF") == []
    assert survey_indicators(ds, "XSV") == ["prevalence_cannabis"]


def test_pages_are_ordered_and_groups_can_be_chosen(datadir):
    ds = _offence_dataset(datadir)
    res = analyse(ds, "XOF", horizon=2)
    assert res.groups == {"offences": ["drug_trafficking_offences", "drug_possession_offences"]}
    assert res.pages == ["heroin_seizures", "drug_trafficking_offences", "offences"]
    assert analyse(ds, "XOF", groups=[], horizon=2).groups == {}
    with pytest.raises(KeyError, match="no group page 'prices'"):
        analyse(ds, "XOF", groups=["prices"])
    res = analyse(ds, "XSV", horizon=2)
    assert res.pages == ["heroin_seizures", "surveys"]
    # a survey figure is never an indicator page of its own (no forecast of surveys)
    assert "prevalence_cannabis" not in res.indicators
    assert res.forecast is None or "prevalence_cannabis" not in res.forecast


@pytest.fixture(scope="module")
def survey_pdf(world, tmp_path_factory):
    """Brazil's summary, survey and offences pages (no key page: fast)."""
    ds, _ = world
    res = analyse(ds, "BRA", indicators=[])
    out = write_report(res, tmp_path_factory.mktemp("groups") / "bra.pdf")
    return res, out


def test_survey_page_shows_every_figure_and_no_forecast(survey_pdf):
    pypdf = pytest.importorskip("pypdf")
    res, out = survey_pdf
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages]
    body = " ".join(pages)
    start = next(i for i, p in enumerate(pages) if "Drug use (surveys) Brazil ·" in p)
    survey = " ".join(pages[start:]).split("Drug offences by kind Brazil")[0]
    assert "No trend, no forecast." in survey and "not evidence" in survey
    assert (
        "Forecast." not in survey and "Trend." not in survey and "forecast (median)" not in survey
    )
    assert "register undercounts" in survey
    assert "no register figures for Brazil" in survey
    # the table: one row per dated prevalence figure
    n = sum(
        int(((res.records["indicator"] == i) & res.records["year"].notna()).sum())
        for i in res.groups["surveys"]
    )
    drugs = "cannabis|opioids|opiates|prescription|cocaine|amphetamines|ecstasy"
    assert len(re.findall(rf"\b(?:19|20)\d\d (?:{drugs})", survey)) == n
    # the summary points to the survey page instead of only "no figures"
    assert "shown instead by surveys of cannabis" in pages[0]
    assert "Drug offences by kind" in body and "Trafficking made up" in body
    # outline: summary, the two group pages, sources
    reader = pypdf.PdfReader(out)
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == ["Summary", *GROUP_PAGES.values(), "Sources and methods"]


def test_group_pages_are_byte_identical(survey_pdf, tmp_path):
    res, out = survey_pdf
    again = write_report(res, tmp_path / "again.pdf")
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(out.read_bytes()).digest()
    assert _pages(out.read_bytes()) >= 4


def test_a_country_without_prevalence_gets_no_survey_page(datadir, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    ds = _offence_dataset(datadir)
    res = analyse(ds, "XOF", horizon=2)
    assert "surveys" not in res.groups
    out = write_report(res, tmp_path / "xof.pdf")
    body = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "Drug use (surveys)" not in body and "surveys of" not in body
    assert "Drug offences by kind" in body
