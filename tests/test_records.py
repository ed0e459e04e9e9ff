"""The record schema: validation errors name file, row and column; the shipped data loads."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# ------------------------------------------------------- cut, corrupt, odd files (issue 15)


def _write_raw(datadir, text: str):
    path = datadir.root / "records" / "KAZ.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_cut_inside_a_quoted_field_is_an_error(datadir):
    good = [row(f"KAZ-{i}", note="a note, with a comma") for i in range(4)]
    text = "\n".join([HEADER, *good]) + "\n"
    cut = text[: text.rindex('"a note') + 5]  # ends inside the last row's quoted note
    path = _write_raw(datadir, cut)
    with pytest.raises(RecordsError, match="never closed") as excinfo:
        records.load(path)
    problem = excinfo.value.problems[-1]
    assert problem.file == str(path) and problem.row == 5


def test_a_ragged_last_row_without_newline_is_an_error(datadir):
    text = "\n".join([HEADER, row("KAZ-1"), row("KAZ-2")])
    path = _write_raw(datadir, text[: text.rindex(",2014-09")])  # cut in the middle of a row
    with pytest.raises(RecordsError) as excinfo:
        records.load(path)
    found = {(p.row, p.message.split(";")[0]) for p in excinfo.value.problems}
    assert any(r == 3 and "fields but the header has" in m for r, m in found)
    assert any(r == 3 and "without a newline after an incomplete row" in m for r, m in found)


def test_a_complete_last_row_without_newline_is_fine(datadir):
    path = _write_raw(datadir, "\n".join([HEADER, row("KAZ-1"), row("KAZ-2")]))
    assert len(records.load(path)) == 2


@pytest.mark.parametrize(
    ("bad_row", "column_hint"),
    [
        (row("KAZ-2", value="12\x0099"), None),
        (row("s1\x00"), None),
    ],
)
def test_a_nul_byte_in_a_field_is_an_error(datadir, bad_row, column_hint):
    path = _write_raw(datadir, "\n".join([HEADER, row("KAZ-1"), bad_row]) + "\n")
    with pytest.raises(RecordsError, match="NUL byte") as excinfo:
        records.load(path)
    assert excinfo.value.problems[0].row == 3


def test_a_huge_field_is_a_clean_error(datadir):
    path = _write_raw(datadir, "\n".join([HEADER, row("KAZ-1", note="x" * 200_000)]) + "\n")
    with pytest.raises(RecordsError, match="longer than 131,072 characters") as excinfo:
        records.load(path)
    assert excinfo.value.problems[0].row == 2


@pytest.mark.parametrize(
    ("column", "kwargs"),
    [
        ("record_id", {"rid": " s0 "}),
        ("country", {"country": "KAZ "}),
        ("indicator", {"indicator": " heroin_seizures"}),
        ("source_id", {"source": "incsr-2015 "}),
    ],
)
def test_spaces_around_ids_are_an_error(datadir, column, kwargs):
    datadir.write([row("s0"), row(**{"rid": "s1", **kwargs})])
    with pytest.raises(RecordsError, match="leading or trailing spaces") as excinfo:
        records.load(datadir.root)
    (problem,) = [p for p in excinfo.value.problems if "trailing spaces" in p.message]
    assert (problem.row, problem.column) == (3, column)


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"start": "2099-01", "end": "2099-12", "months": "12", "edition": "2100"}, "edition"),
        ({"edition": "3000"}, "edition"),
        ({"start": "2099-01", "end": "2099-12", "months": "12", "edition": ""}, "period_start"),
    ],
)
def test_future_dates_need_the_projection_qualifier(datadir, monkeypatch, kwargs, column):
    monkeypatch.setattr(records, "_now", lambda: (2026, 12))
    datadir.write([row(**kwargs)])
    with pytest.raises(RecordsError, match="after the build date") as excinfo:
        records.load(datadir.root)
    assert excinfo.value.problems[0].column == column
    assert "projection" in excinfo.value.problems[0].message
    datadir.write([row(qualifier="projection", **kwargs)])
    table = records.load(datadir.root)
    assert table["qualifier"].tolist() == ["projection"]


def test_the_shipped_data_has_no_future_figure(shipped):
    now = records._now()
    assert (shipped["edition"].dropna() <= now[0]).all()
    assert (shipped["qualifier"] != "projection").all()


_NOTES = st.text(alphabet=st.sampled_from('ab ,"\n'), min_size=0, max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(notes=st.lists(_NOTES, min_size=1, max_size=4), cut=st.floats(0.3, 1.0))
def test_a_cut_file_loads_a_prefix_or_fails_cleanly(datadir, notes, cut):
    """Cut anywhere: RecordsError, or rows that are the file's own first rows, unchanged
    except (when the cut falls in the last field of a complete row) that last field."""
    rows = [row(f"KAZ-{i}", note=f"n{n}") for i, n in enumerate(notes)]
    text = "\n".join([HEADER, *rows]) + "\n"
    cut_text = text[: max(len(HEADER) + 1, int(len(text) * cut))]
    path = datadir.root / "records" / "KAZ.csv"
    path.write_text(cut_text, encoding="utf-8")
    try:
        table = records.load(path)
    except RecordsError as err:
        assert all(p.file == str(path) for p in err.problems)
        return
    n = len(table)
    assert 1 <= n <= len(rows)
    assert table["record_id"].tolist() == [f"KAZ-{i}" for i in range(n)]
    for i in range(n - 1):
        assert table["note"].iloc[i] == f"n{notes[i]}".strip()
    if not cut_text.endswith("\n"):
        # only the last field of the last row can be cut without an error
        assert f"n{notes[n - 1]}".strip().startswith(table["note"].iloc[-1])
