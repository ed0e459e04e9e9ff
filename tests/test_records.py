"""The record schema: validation errors name file, row and column; the shipped data loads."""

from __future__ import annotations

import pandas as pd
import pytest

from drugtrends import records
from drugtrends.records import RecordsError
from tests.conftest import HEADER, row


def problems(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def test_good_file_loads_in_canonical_units(datadir):
    datadir.write(
        [
            row(),
            row("KAZ-2", "drug_seizures_total", "23.8", unit="t"),
            row(
                "KAZ-3",
                "heroin_wholesale_price",
                "",
                "18000",
                "20000",
                unit="USD per kg",
                start="2014-01",
                end="2014-12",
                months="12",
            ),
            row(
                "KAZ-4",
                "drug_seizures_total",
                "6",
                qualifier="at_least",
                unit="MT",
                start="1995-01",
                end="1995-09",
                months="",
                edition="1996",
            ),
        ]
    )
    table = records.load(datadir.root)
    by_id = table.set_index("record_id")
    assert by_id.loc["KAZ-2", "value"] == pytest.approx(23800.0)
    assert by_id.loc["KAZ-2", "units"] == "kg"
    assert by_id.loc["KAZ-3", "lower"] == 18000 and by_id.loc["KAZ-3", "upper"] == 20000
    assert pd.isna(by_id.loc["KAZ-3", "value"])
    # "more than 6 t": the bound is implied by the qualifier
    assert by_id.loc["KAZ-4", "lower"] == pytest.approx(6000.0)
    assert by_id.loc["KAZ-4", "months"] == 9  # derived from the period
    assert by_id.loc["KAZ-1", "year"] == 2014
    assert by_id.loc["KAZ-1", "source_kind"] == "INCSR"
    assert list(table.columns) == list(records.TIDY_COLUMNS)


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        (row(indicator="heroin_seizure"), "indicator", ["unknown indicator", "heroin_seizures"]),
        (row(source="incsr-2051"), "source_id", ["unknown source id", "sources.csv"]),
        (row(unit="USD"), "unit", ["cannot convert", "kg"]),
        (row(unit="furlongs"), "unit", ["unknown unit 'furlongs'", "accepted units: kg", "t"]),
        (row(value="2,905"), "value", ["not a number", "plain digits"]),
        (row(value="abc"), "value", ["not a number"]),
        (row(value="-5"), "value", ["negative"]),
        (row(start="2014-09", end="2014-01", months=""), "period_end", ["before it starts"]),
        (row(months="12"), "months", ["months covered is 12", "9 months"]),
        (row(value="", lower="20", upper="18"), "lower", ["above upper", "swap"]),
        (row(value="30", lower="18", upper="20"), "value", ["above its upper bound"]),
        (row(start="2014-13", end="", months=""), "period_start", ["YYYY-MM"]),
        (row(start="", end="2014-09", months=""), "period_start", ["without period_start"]),
        (row(value="", lower="", upper=""), "value", ["no value and no bounds"]),
        (row(qualifier="more"), "qualifier", ["not a qualifier"]),
        (row(edition="2013"), "edition", ["earlier than the period"]),
        (row(country="Kazakhstan"), "country", ["ISO 3166"]),
        (row(rid=""), "record_id", ["record_id is empty"]),
    ],
)
def test_each_error_names_file_row_column(datadir, line, column, words):
    path = datadir.write([row("KAZ-0", value="1"), line])
    with pytest.raises(RecordsError) as excinfo:
        records.load(datadir.root)
    found = [p for p in excinfo.value.problems if p.column == column]
    assert found, problems(excinfo)
    p = found[0]
    assert p.file == str(path) and p.row == 3
    text = str(p)
    assert f"{path}, row 3, column {column!r}" in text
    for word in words:
        assert word in text


def test_all_problems_of_a_file_are_reported_together(datadir):
    datadir.write([row("A", value="x"), row("B", unit="furlongs"), row("C", indicator="nope")])
    with pytest.raises(RecordsError) as excinfo:
        records.load(datadir.root)
    rows = sorted(p.row for p in excinfo.value.problems)
    assert rows == [2, 3, 4]
    assert str(excinfo.value).startswith("3 problems in the input:")


@pytest.mark.parametrize(
    ("start", "end", "column"),
    [("2014-13", "2014-12", "period_start"), ("", "2014-09", "period_start")],
)
def test_bad_period_reports_only_the_root_cause(datadir, start, end, column):
    """A period that cannot be read is one problem, not also 'the period is empty'."""
    datadir.write([row("A", start=start, end=end, months="12")])
    with pytest.raises(RecordsError) as excinfo:
        records.load(datadir.root)
    assert [(p.row, p.column) for p in excinfo.value.problems] == [(2, column)]
    assert "period is empty" not in str(excinfo.value)


def test_months_without_any_period_is_still_reported(datadir):
    datadir.write([row("A", start="", end="", months="12")])
    with pytest.raises(RecordsError, match="months covered is given but the period is empty"):
        records.load(datadir.root)


def test_bad_unit_lists_the_accepted_units(datadir):
    datadir.write([row("A", indicator="heroin_seizures", unit="furlongs")])
    with pytest.raises(RecordsError) as excinfo:
        records.load(datadir.root)
    text = str(excinfo.value)
    assert "unknown unit 'furlongs'" in text and "accepted units: kg, kilogram" in text
    assert "tonnes" in text
    assert records.accepted_units("USD kg-1").startswith("USD per kg, USD per g")


def test_duplicate_record_ids(datadir):
    datadir.write([row("A"), row("A")])
    with pytest.raises(
        RecordsError, match=r"row 3, column 'record_id': record_id 'A' is used twice"
    ):
        records.load(datadir.root)


def test_missing_required_column(datadir):
    header = HEADER.replace(",months", "")
    line = row().split(",")
    del line[10]
    path = datadir.write([",".join(line)], header=header)
    with pytest.raises(
        RecordsError, match=r"row 1, column 'months': missing required column months"
    ):
        records.load(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (HEADER.encode() + b"\n", "has a header but no rows"),
        (
            HEADER.encode()
            + b"\nKAZ-1,KAZ,heroin_seizures,1,,,,kg,2014-01,2014-09,9,2015,incsr-2015,\xe9,x\n",
            "not UTF-8 text",
        ),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_unreadable_files(datadir, content, message):
    path = datadir.root / "records" / "KAZ.csv"
    path.write_bytes(content)
    with pytest.raises(RecordsError, match=message) as excinfo:
        records.load(path)
    assert str(path) in str(excinfo.value)


def test_not_utf8_names_the_line(datadir):
    path = datadir.root / "records" / "KAZ.csv"
    path.write_bytes((HEADER + "\n" + row() + "\n" + row("B", note="caf\xe9")).encode("latin-1"))
    with pytest.raises(RecordsError) as excinfo:
        records.load(path)
    assert excinfo.value.problems[0].row == 3


def test_missing_path():
    with pytest.raises(RecordsError, match="no such file or folder"):
        records.load("/nonexistent/records.csv")


def test_bad_catalog_is_reported(datadir):
    (datadir.root / "sources.csv").write_text(
        "source_id,kind,title,publisher,edition,url,note\nx,blog,T,P,15,u,\n", encoding="utf-8"
    )
    datadir.write([row(source="x")])
    with pytest.raises(RecordsError) as excinfo:
        records.load(datadir.root)
    text = str(excinfo.value)
    assert "column 'kind': 'blog' is not a source kind" in text
    assert "column 'edition': '15' is not a year" in text


def test_rates_are_refused_with_advice():
    from drugtrends.units import UnitError, parse_unit

    with pytest.raises(UnitError, match="period_start/period_end"):
        parse_unit("t/yr")


# ---------------------------------------------------------------- the shipped data


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return records.load()


def test_shipped_data_is_valid_and_covers_the_region(shipped):
    central_asia = {"KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS", "AFG"}
    assert central_asia <= set(shipped["country"])
    # the UNODC tables cover the world: over 200 countries, each named in countries.csv
    assert shipped["country"].nunique() > 200
    assert set(shipped["country"]) <= set(records.load_countries().index)
    assert shipped["record_id"].is_unique
    # every record cites a catalogued source and keeps its provenance
    assert shipped["source_id"].ne("").all() and shipped["locator"].ne("").all()
    assert shipped["note"].ne("").all()


# Every figure of the 2015 INCSR Kazakhstan chapter, with its period.
INCSR_2015 = [
    # indicator, value (canonical units) or (lower, upper), period_start, period_end
    ("drug_seizures_total", 23800.0, "2014-01", "2014-09"),
    ("drug_seizures_total", 24600.0, "2013-01", "2013-09"),
    ("heroin_seizures", 344.6, "2014-01", "2014-09"),
    ("heroin_seizures", 724.1, "2013-01", "2013-09"),
    ("drug_crimes_registered", 2905.0, "2014-01", "2014-09"),
    ("drug_crimes_registered", 2989.0, "2013-01", "2013-09"),
    ("registered_drug_users", 36137.0, "2014-01", "2014-09"),
    ("registered_drug_users", 40224.0, "2013-01", "2013-09"),
    ("heroin_wholesale_price", (18000.0, 20000.0), "2014-01", "2014-12"),
    ("heroin_wholesale_price", 3000.0, "2007-01", "2008-12"),
    ("programme_budget", 41e6, "2012-01", "2016-12"),
    ("ngos_cooperating", 73.0, "2014-01", "2014-12"),
    ("law_enforcement_officers_drug_crimes", 12.0, "2014-01", "2014-09"),
    ("nps_trafficking_incidents_almaty", 16.0, "2014-01", "2014-12"),
    ("nps_seizures_almaty", 10.0, "2014-01", "2014-12"),
]


@pytest.mark.parametrize(("indicator", "value", "start", "end"), INCSR_2015)
def test_every_2015_incsr_figure_is_present(shipped, indicator, value, start, end):
    chapter = shipped[
        (shipped["source_kind"] == "INCSR")
        & (shipped["edition"] == 2015)
        & (shipped["country"] == "KAZ")
    ]
    hit = chapter[
        (chapter["indicator"] == indicator)
        & (chapter["period_start"].astype(str) == start)
        & (chapter["period_end"].astype(str) == end)
    ]
    assert len(hit) == 1, f"{indicator} {start}..{end} missing"
    rec = hit.iloc[0]
    if isinstance(value, tuple):
        assert (rec["lower"], rec["upper"]) == value and pd.isna(rec["value"])
    else:
        assert rec["value"] == pytest.approx(value)


def test_agency_figures_have_their_own_indicators(shipped):
    agency = shipped[shipped["scope"] == "agency"]
    assert set(agency["indicator"].str.rsplit("_", n=1).str[1]) <= {"knb", "dca", "mvd", "security"}
    assert (
        not shipped[shipped["indicator"] == "drug_seizures_total"]["note"]
        .str.contains("KNB only")
        .any()
    )


def test_undated_figures_stay_in_the_records(shipped):
    undated = shipped[shipped["year"].isna()]
    assert len(undated) > 10
    assert {"registered_drug_users", "estimated_pwid"} <= set(undated["indicator"])
