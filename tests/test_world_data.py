"""The all-country UNODC records: the import rules of data/README.md, each with a test.

Tests on the shipped records need nothing else; tests that compare with the raw UNODC files
read ``../shared/data/unodc_world`` and skip when it is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from drugtrends import dataset, records

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
WORLD = SHARED / "unodc_world"
needs_shared = pytest.mark.skipif(
    not WORLD.is_dir(), reason="the raw UNODC files (../shared/data/unodc_world) are absent"
)


def _script():
    spec = importlib.util.spec_from_file_location(
        "import_shared", ROOT / "scripts/import_shared.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("import_shared", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def imp():
    return _script()


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return records.load()


def _raw(name: str) -> pd.DataFrame:
    return pd.read_csv(WORLD / name, dtype=str, keep_default_na=False)


# ------------------------------------------------------------------ WDR seizures: sums


def test_aggregate_rows_are_recognised(imp):
    assert imp.is_aggregate('Total "ecstasy"-type substances (including the above, ...)')
    assert imp.is_aggregate("Cocaine (total of the above, including if unspecified)")
    assert imp.is_aggregate("Amphetamine", 'Reported total ATS (excluding "ecstasy")')
    assert not imp.is_aggregate("Heroin", "Opiates")
    # no aggregate is ever mapped to an indicator
    assert not any(imp.is_aggregate(d) for d in imp.SEIZURE_DRUG)


def test_wdr_parts_are_summed_and_totals_never_added(imp):
    raw = pd.DataFrame(
        {
            "iso3": ["ARG"] * 5 + ["BRA"],
            "year": ["2018"] * 6,
            "drug": [
                "Heroin",
                "Heroin",
                "Heroin",
                "Total opiates (including the above)",
                "Amphetamine",
                "Heroin",
            ],
            "value": ["1.5", "2", "0.5", "100", "7", "3"],
            "note": [
                "drug_subgroup=Opiates",
                "drug_subgroup=Opiates",
                "drug_subgroup=Opiates; unit_flag=x1000",
                "drug_subgroup=Opiates",
                'drug_subgroup=Reported total ATS (excluding "ecstasy")',
                "drug_subgroup=Opiates",
            ],
        }
    )
    out = imp.wdr_seizure_sums(raw).set_index(["iso3", "drug"])
    assert out.loc[("ARG", "Heroin"), "value"] == 4.0
    assert out.loc[("ARG", "Heroin"), "parts"] == 3
    assert out.loc[("ARG", "Heroin"), "flags"] == "x1000"
    assert ("ARG", "Amphetamine") not in out.index  # a 'Reported total' row
    assert out.loc[("BRA", "Heroin"), "value"] == 3.0


@needs_shared
def test_shipped_wdr_seizures_are_the_sums_of_the_parts(shipped, imp):
    raw = _raw("wdr_seizures_2018_2022.csv")
    sums = imp.wdr_seizure_sums(raw)
    ws = shipped[shipped["record_id"].str.contains("-ws-")]
    for iso, drug, year in (
        ("ARG", "Cannabis herb (marijuana)", "2018"),
        ("KGZ", "Cannabis plants", "2019"),
    ):
        parts = raw[(raw["iso3"] == iso) & (raw["drug"] == drug) & (raw["year"] == year)]
        assert len(parts) > 1
        want = parts["value"].astype(float).sum()
        rid = f"{iso}-ws-{imp.SEIZURE_DRUG[drug]}-{year}"
        got = ws.loc[ws["record_id"] == rid, "value"]
        assert got.iloc[0] == pytest.approx(want)
        assert sums.query("iso3 == @iso and drug == @drug and year == @year")["value"].iloc[
            0
        ] == pytest.approx(want)
    # the imported sums never include an aggregate row: at most the sum of all non-total rows
    assert len(ws) == ws["record_id"].nunique()


# ------------------------------------------------------------------ codes


def test_uk_nations_are_their_own_codes_never_summed_into_gbr(shipped):
    nations = {"XEW", "XEN", "XSC", "XNI", "XWA"}
    have = set(shipped["country"])
    assert nations & have, "the UK nations' prevalence figures are imported"
    names = records.load_countries()
    for code in nations:
        assert names.loc[code, "name"].startswith("United Kingdom (")
        assert names.loc[code, "region"] == names.loc["GBR", "region"]
    gbr = shipped[shipped["country"] == "GBR"]
    # the source has no GBR prevalence row: GBR gets none (no sum of its nations)
    assert not gbr["indicator"].str.startswith("prevalence_").any()
    for code in nations & have:
        assert (shipped.loc[shipped["country"] == code, "record_id"].str[:3] == code).all()


@needs_shared
def test_gbr_prevalence_only_from_gbr_rows():
    raw = _raw("wdr2022_annex_prevalence.csv")
    assert raw.loc[raw["iso3"] == "GBR", "indicator"].str.startswith("annual").sum() == 0


def test_historic_codes_stay_their_own_countries(shipped):
    for code, name in (
        ("SUN", "USSR"),
        ("CSK", "Czechoslovakia"),
        ("SCG", "Serbia and Montenegro"),
        ("ANT", "Netherlands Antilles"),
    ):
        mine = shipped[shipped["country"] == code]
        assert len(mine) > 0, code
        assert records.country_name(code) == name
    # the USSR's figures stay under SUN (1990-91), never merged into a successor state
    sun = shipped[shipped["country"] == "SUN"]
    assert sun["year"].max() <= 1991
    assert sun["record_id"].str.startswith("SUN-").all()


def test_every_code_has_a_name_and_region(shipped):
    names = records.load_countries()
    assert names.index.is_unique and names["name"].ne("").all()
    assert set(shipped["country"]) <= set(names.index)
    assert records.country_name("KAZ") == "Kazakhstan"
    assert records.country_name("ZZZ") == "ZZZ"


# ------------------------------------------------------------------ prices and units


def test_prices_per_gram_become_per_kg(shipped):
    rec = shipped[shipped["record_id"] == "KAZ-wp-heroin_wholesale_price-2020"].iloc[0]
    assert rec["reported_unit"] == "USD per g"
    assert rec["units"] == "USD kg-1"
    assert rec["lower"] == pytest.approx(6.009803191 * 1000)
    assert rec["upper"] == pytest.approx(120.1960638 * 1000)
    # a correctly converted change of unit (per kg in 2018-19, per g in 2020-21) is not suspect
    assert rec["qualifier"] == ""
    assert "agrees with the years quoted in another unit" in rec["note"]


def test_unit_change_is_suspect_only_when_the_converted_price_jumps(imp):
    def rec(unit, point, flag="unit differs between years of this series (g: 2020; kg: 2018)"):
        return {
            "_series": ("X", "heroin_wholesale_price"),
            "_unit": unit,
            "_point": point,
            "_unit_change": flag,
            "_reasons": [],
            "qualifier": "",
            "note": "",
        }

    ok = [rec("USD per kg", 20000.0), rec("USD per kg", 22000.0), rec("USD per g", 30000.0)]
    imp._judge_unit_changes(ok)
    assert [r["qualifier"] for r in ok] == ["", "", ""]
    bad = [rec("USD per kg", 20000.0), rec("USD per kg", 22000.0), rec("USD per g", 2.1e7)]
    imp._judge_unit_changes(bad)
    # both sides of a x1000 gap are suspect: the data cannot tell which unit is wrong
    assert [r["qualifier"] for r in bad] == ["suspect"] * 3
    assert "x1e+03" in bad[2]["note"] or "x1" in bad[2]["note"]
    flagged = [rec("USD per g", 5.0, flag="")]
    flagged[0]["_reasons"] = ["5 USD/g is x300 the all-country median; unit probably wrong"]
    imp._judge_unit_changes(flagged)
    assert flagged[0]["qualifier"] == "suspect"


def test_flagged_rows_are_kept_as_suspect_and_skipped_by_the_resolve_rule(shipped):
    # Algeria 2019 cannabis herb: about x1000 the WDR figure (grams reported as kg)
    dza = shipped[shipped["record_id"] == "DZA-us-marijuana_seizures-2019"].iloc[0]
    assert dza["qualifier"] == "suspect" and "unit flag" in dza["note"]
    # Chile 2020 offences: a thousands separator read as a decimal point
    chl = shipped[shipped["record_id"] == "CHL-cr-drug_offences_registered-2020"].iloc[0]
    assert chl["qualifier"] == "suspect" and chl["value"] == pytest.approx(40.868)
    ds = dataset.load_dataset(["DZA", "CHL"])
    # never silently used: not the series value ...
    assert ds["marijuana_seizures_record"].sel(country="DZA", year=2019).item() != dza["record_id"]
    assert ds["drug_offences_registered_record"].sel(country="CHL", year=2020).item() == ""
    # ... and never dropped: the records table shows them with their qualifier
    table = dataset.records_table(ds).set_index("record_id")
    assert table.loc[dza["record_id"], "qualifier"] == "suspect"
    assert table.loc[chl["record_id"], "qualifier"] == "suspect"


def test_typical_outside_its_range_is_two_suspect_records(shipped):
    pair = shipped[shipped["record_id"].str.startswith("RUS-wp-marijuana_wholesale_price-2019-")]
    assert set(pair["record_id"].str.rsplit("-", n=1).str[1]) == {"typical", "range"}
    assert (pair["qualifier"] == "suspect").all()


def test_resolve_skips_suspect_and_projection():
    table = records.load(ROOT / "data" / "records" / "KAZ.csv")
    row = table[table["record_id"] == "KAZ-us-heroin_seizures-2014"].index[0]
    for qualifier in ("suspect", "projection"):
        t = table.copy()
        t.loc[row, "qualifier"] = qualifier
        best = dataset.resolve(t)
        hit = best[(best["indicator"] == "heroin_seizures") & (best["year"] == 2014)]
        assert "KAZ-us-heroin_seizures-2014" not in set(hit["record_id"])
        assert "KAZ-us-heroin_seizures-2014" not in set(
            dataset.conflicts(t)[["record_id_a", "record_id_b"]].to_numpy().ravel()
        )


# ------------------------------------------------------------------ decisions as data


def test_row_decisions_are_a_reviewed_table(imp, tmp_path):
    decisions = imp.load_decisions(ROOT / "data" / "import_decisions.csv")
    gathered = decisions["gathered_figures.csv"]
    assert gathered[36]["indicator"] == "synthetic_pills_seized_knb"
    assert gathered[0]["qualifier"] == "at_least"
    assert gathered[120]["months"] == "drop"
    assert decisions["independent_estimates.csv"][24]["skip"] == ""
    bad = tmp_path / "d.csv"
    bad.write_text("file,row,field,value,reason\ngathered_figures.csv,3,qualifier,approx,\n")
    with pytest.raises(SystemExit, match="reason"):
        imp.load_decisions(bad)
    bad.write_text("file,row,field,value,reason\ngathered_figures.csv,3,colour,red,why\n")
    with pytest.raises(SystemExit, match="unknown file or field"):
        imp.load_decisions(bad)


def test_import_script_holds_no_row_number_sets():
    text = (ROOT / "scripts" / "import_shared.py").read_text()
    for name in ("AT_LEAST", "APPROX =", "AT_MOST", "ROW_INDICATOR", "CUTOFF_UNKNOWN"):
        assert name not in text


def test_survey_years_are_read_as_written(imp):
    assert imp._years("2016") == (2016, 2016)
    assert imp._years("2008/09") == (2008, 2009)
    assert imp._years("2014/2014") == (2014, 2014)
    assert imp._years("(blank)") is None


@pytest.mark.slow
@needs_shared
def test_the_import_is_deterministic_and_reproduces_the_shipped_records(tmp_path, imp):
    out = tmp_path / "data"
    assert imp.main([str(SHARED), "--out", str(out)]) == 0
    shipped = ROOT / "data"
    for name in ("sources.csv", "countries.csv"):
        assert (out / name).read_bytes() == (shipped / name).read_bytes(), name
    made = sorted(p.name for p in (out / "records").glob("*.csv"))
    assert made == sorted(p.name for p in (shipped / "records").glob("*.csv"))
    for name in made:
        assert (out / "records" / name).read_bytes() == (shipped / "records" / name).read_bytes()
