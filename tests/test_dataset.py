"""Records -> Dataset: layout, the resolve rule, conflicts, vintages, netCDF round trip."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import drugtrends as dt
from drugtrends import dataset, records
from tests.conftest import row


def build(datadir, rows):
    datadir.write(rows)
    return dataset.build(
        records.load(datadir.root), sources=records.load_sources(datadir.root / "sources.csv")
    )


def test_layout_and_cf_attrs(datadir):
    ds = build(datadir, [row(), row("KAZ-2", "drug_seizures_total", "23.8", unit="t")])
    assert set(ds.dims) == {"country", "year", "record", "source"}
    assert ds.year.values.tolist() == [2014]
    var = ds["heroin_seizures"]
    assert var.dims == ("country", "year")
    assert var.attrs["units"] == "kg"
    assert var.attrs["long_name"] == "Heroin seizures"
    assert "enforcement effort" in var.attrs["caveat"]
    anc = var.attrs["ancillary_variables"].split()
    assert anc == [f"heroin_seizures_{s}" for s in dataset.COMPANIONS]
    assert all(name in ds for name in anc)
    assert ds["heroin_seizures_months"].item() == 9
    assert ds["heroin_seizures_source"].item() == "incsr-2015"
    assert ds["heroin_seizures_record"].item() == "KAZ-1"
    assert ds["drug_seizures_total"].item() == pytest.approx(23800)
    assert dataset.indicator_names(ds) == ["drug_seizures_total", "heroin_seizures"]
    assert ds.drugtrends.indicators == ["drug_seizures_total", "heroin_seizures"]
    assert set(ds.drugtrends.companions("heroin_seizures")) == set(dataset.COMPANIONS)
    # provenance travels with the data
    assert ds["source_title"].sel(source="incsr-2015").item() == "INCSR 2015 Kazakhstan chapter"
    assert ds["record_note"].sel(record="KAZ-2").item() == "test figure"


def test_full_year_beats_partial_year(datadir):
    ds = build(
        datadir,
        [
            row("P", value="724.1", start="2013-01", end="2013-09", months="9", edition="2015"),
            row(
                "F",
                value="753.9",
                start="2013-01",
                end="2013-12",
                months="12",
                edition="2021",
                source="unodc",
            ),
        ],
    )
    assert ds.heroin_seizures.sel(year=2013).item() == pytest.approx(753.9)
    assert ds.heroin_seizures_months.sel(year=2013).item() == 12
    # a nine-month figure below the full year is not a conflict
    assert ds.heroin_seizures.attrs["n_conflicts"] == 0


def test_full_year_beats_partial_even_from_an_older_edition(datadir):
    ds = build(
        datadir,
        [
            row("OLD", value="700", start="2013-01", end="2013-12", months="12", edition="2015"),
            row(
                "NEW",
                value="500",
                start="2013-01",
                end="2013-09",
                months="9",
                edition="2016",
                source="incsr-2016",
            ),
        ],
    )
    assert ds.heroin_seizures_record.sel(year=2013).item() == "OLD"


def test_later_edition_then_source_kind(datadir):
    full = dict(start="2013-01", end="2013-12", months="12")
    ds = build(
        datadir,
        [
            row("E15", value="700", edition="2015", **full),
            row("E16", value="710", edition="2016", source="incsr-2016", **full),
        ],
    )
    assert ds.heroin_seizures_record.sel(year=2013).item() == "E16"
    ds = build(
        datadir,
        [
            row("NEWS", value="700", edition="2018", source="news-a", **full),
            row("INCSR", value="705", edition="2018", source="incsr-2015", **full),
        ],
    )
    assert ds.heroin_seizures_record.sel(year=2013).item() == "INCSR"


def test_conflicts_are_flagged_never_averaged(datadir):
    full = dict(start="2018-01", end="2018-12", months="12", unit="t")
    ds = build(
        datadir,
        [
            row("A", "drug_seizures_total", "97", edition="2018", source="news-a", **full),
            row("B", "drug_seizures_total", "20.3", edition="2024", source="news-b", **full),
            row("C", "heroin_seizures", "100", edition="2018", source="news-a", **full),
            row("D", "heroin_seizures", "109", edition="2024", source="news-b", **full),
        ],
    )
    value = ds.drug_seizures_total.sel(year=2018).item()
    assert value == pytest.approx(20300)  # the later edition, not (97 + 20.3) / 2
    listed = json.loads(ds.drug_seizures_total.attrs["conflicts"])
    assert listed == [
        {
            "country": "KAZ",
            "year": 2018,
            "records": ["A", "B"],
            "values": [97000.0, 20300.0],
            "rel_diff": pytest.approx(1.3034, abs=1e-3),
        }
    ]
    table = ds.drugtrends.conflicts()
    assert table[["record_id_a", "record_id_b"]].values.tolist() == [["A", "B"]]
    # 100 t vs 109 t is within 10 %: no conflict
    assert ds.heroin_seizures.attrs["n_conflicts"] == 0


def test_rounding_is_not_a_conflict_but_a_range_gap_is(datadir):
    ds = build(
        datadir,
        [
            row(
                "R1",
                "heroin_wholesale_price",
                "3000",
                unit="USD/kg",
                start="2007-01",
                end="2008-12",
                months="24",
            ),
            row(
                "R2",
                "heroin_wholesale_price",
                "",
                "5000",
                "8000",
                unit="USD/kg",
                start="2007-01",
                end="2007-12",
                months="12",
                edition="2018",
                source="news-a",
            ),
            row(
                "S1",
                "opium_seizures",
                "0.7834",
                start="2019-01",
                end="2019-12",
                months="12",
                edition="2021",
                source="unodc",
            ),
            row(
                "S2",
                "opium_seizures",
                "1",
                start="2019-01",
                end="2019-12",
                months="12",
                edition="2024",
                source="news-b",
            ),
        ],
    )
    c = ds.drugtrends.conflicts()
    assert c["indicator"].tolist() == ["heroin_wholesale_price"]
    # a range is an interval; its point is the (geometric, for prices) midpoint
    assert ds.heroin_wholesale_price.sel(year=2007).item() == pytest.approx(np.sqrt(5000 * 8000))
    assert ds.heroin_wholesale_price_lower.sel(year=2007).item() == 5000
    assert ds.heroin_wholesale_price_months.sel(year=2008).item() == 24


def test_agency_figures_never_enter_national_totals(datadir):
    ds = build(
        datadir,
        [
            row(
                "N",
                "drug_seizures_total",
                "41.1",
                unit="t",
                start="2023-01",
                end="2023-12",
                months="12",
                edition="2024",
                source="news-b",
            ),
            row(
                "K",
                "drug_seizures_total_knb",
                "3.6",
                unit="t",
                start="2023-01",
                end="2023-12",
                months="12",
                edition="2024",
                source="news-b",
            ),
        ],
    )
    assert ds.drug_seizures_total.sel(year=2023).item() == pytest.approx(41100)
    assert ds.drug_seizures_total_knb.attrs["scope"] == "agency"
    assert "never add it to national totals" in ds.drug_seizures_total_knb.attrs["caveat"]


def test_undated_and_multiyear_flows_stay_out_of_the_series(datadir):
    ds = build(
        datadir,
        [
            row(),
            row(
                "U",
                "registered_drug_users",
                "23500",
                unit="count",
                start="",
                end="",
                months="",
                edition="",
            ),
            row(
                "B",
                "programme_budget",
                "41",
                unit="million USD",
                start="2012-01",
                end="2016-12",
                months="60",
            ),
        ],
    )
    assert "registered_drug_users" not in ds.drugtrends.indicators
    assert "programme_budget" not in ds.drugtrends.indicators
    assert set(ds.record.values) == {"KAZ-1", "U", "B"}  # but both stay in the records


def test_vintages_keep_every_edition(datadir):
    full = dict(start="2013-01", end="2013-12", months="12")
    ds = build(
        datadir,
        [
            row("E15", value="700", edition="2015", **full),
            row("E16", value="710", edition="2016", source="incsr-2016", **full),
        ],
    )
    v = dataset.vintages(ds)
    series = v.heroin_seizures.sel(country="KAZ", year=2013)
    assert series.sel(edition=2015).item() == 700 and series.sel(edition=2016).item() == 710
    assert v.heroin_seizures_record.sel(country="KAZ", year=2013, edition=2016).item() == "E16"


def test_records_table_round_trips(datadir):
    datadir.write([row(), row("KAZ-2", "drug_seizures_total", "23.8", unit="t")])
    table = records.load(datadir.root)
    ds = dataset.build(table, sources=records.load_sources(datadir.root / "sources.csv"))
    back = dataset.records_table(ds)
    for col in ("record_id", "value", "period_start", "period_end", "months", "edition"):
        assert back[col].astype(str).tolist() == table[col].astype(str).tolist()


def test_netcdf_round_trip_is_lossless(tmp_path):
    ds = dt.load_dataset("KAZ")
    path = dt.write_dataset(ds, tmp_path / "kaz.nc")
    back = dt.open_dataset(path)
    xr.testing.assert_identical(ds, back)


def test_write_is_atomic_and_leaves_old_file_on_failure(tmp_path):
    path = tmp_path / "kaz.nc"
    path.write_bytes(b"old contents")
    bad = xr.Dataset(attrs={"bad": {"nested": 1}})
    with pytest.raises(TypeError, match="attribute 'bad'"):
        dt.write_dataset(bad, path)
    assert path.read_bytes() == b"old contents"
    assert sorted(os.listdir(tmp_path)) == ["kaz.nc"]  # no temporary file left behind
    ds = xr.Dataset({"x": ("t", np.arange(3.0))})
    dt.write_dataset(ds, path)
    xr.testing.assert_identical(dt.open_dataset(path), ds)


def test_load_dataset_kaz():
    ds = dt.load_dataset("KAZ")
    assert ds.country.values.tolist() == ["KAZ"]
    # UNODC full-year heroin backbone, INCSR nine-month figures in the records
    assert ds.heroin_seizures.sel(country="KAZ", year=2013).item() == pytest.approx(753.85, abs=0.1)
    assert ds.heroin_seizures.sel(country="KAZ", year=1995).isnull()
    assert "almost certainly understate" in ds.registered_drug_users.attrs["caveat"]
    kaz = dataset.records_table(ds)
    assert (kaz["country"] == "KAZ").all()
    # the known conflicts are visible
    c = ds.drugtrends.conflicts()
    assert {("drug_seizures_total", 2018), ("heroin_wholesale_price", 2008)} <= set(
        zip(c["indicator"], c["year"], strict=True)
    )
    # each call is a fresh copy
    ds["heroin_seizures"][:] = 0
    assert dt.load_dataset("KAZ").heroin_seizures.max() > 0


def test_load_dataset_unknown_country():
    with pytest.raises(KeyError, match="no records for XYZ"):
        dt.load_dataset("XYZ")


def test_write_failure_mid_write_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "kaz.nc"
    path.write_bytes(b"old contents")

    def boom(self, target, *args, **kwargs):
        Path(target).write_bytes(b"half")  # the engine had started writing
        raise OSError("disk full")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", boom)
    with pytest.raises(OSError, match="disk full"):
        dt.write_dataset(xr.Dataset({"x": ("t", np.arange(3.0))}), path)
    assert path.read_bytes() == b"old contents"
    assert sorted(os.listdir(tmp_path)) == ["kaz.nc"]


def test_numeric_list_attrs_are_written(tmp_path):
    ds = xr.Dataset({"x": ("t", np.arange(3.0))}, attrs={"nominal_coverage": [0.8, 0.95]})
    back = dt.open_dataset(dt.write_dataset(ds, tmp_path / "f.nc"))
    np.testing.assert_allclose(back.attrs["nominal_coverage"], [0.8, 0.95])


# ---------------------------------------------------------------- the on-disk cache


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of the shipped catalogs and two countries as the package's data folder."""
    import shutil

    from drugtrends import records as rec

    data = tmp_path / "data"
    (data / "records").mkdir(parents=True)
    for name in ("indicators.csv", "sources.csv", "countries.csv"):
        shutil.copy(rec.DATA_DIR / name, data / name)
    for code in ("KAZ", "TKM"):
        shutil.copy(rec.DATA_DIR / "records" / f"{code}.csv", data / "records" / f"{code}.csv")
    cache = tmp_path / "cache"
    monkeypatch.setattr(rec, "DATA_DIR", data)
    monkeypatch.setenv("DRUGTRENDS_CACHE_DIR", str(cache))
    dataset._shipped.cache_clear()
    yield data, cache
    dataset._shipped.cache_clear()


def test_the_built_dataset_is_cached_on_disk_and_reused(shipped_copy, monkeypatch):
    _data, cache = shipped_copy
    first = dt.load_dataset()
    (pkl,) = cache.glob("dataset-all-*.pkl")
    dataset._shipped.cache_clear()

    def no_build(*args, **kwargs):
        raise AssertionError("built again although the cache is valid")

    monkeypatch.setattr(dataset, "build", no_build)
    again = dt.load_dataset()
    xr.testing.assert_identical(first, again)
    assert list(cache.glob("dataset-all-*.pkl")) == [pkl]


def test_the_cache_is_rebuilt_when_the_data_change(shipped_copy):
    data, cache = shipped_copy
    before = dt.load_dataset("KAZ").heroin_seizures.sel(country="KAZ", year=2014).item()
    path = data / "records" / "KAZ.csv"
    path.write_text(path.read_text().replace(",392.292,", ",400.0,"), encoding="utf-8")
    dataset._shipped.cache_clear()
    after = dt.load_dataset("KAZ").heroin_seizures.sel(country="KAZ", year=2014).item()
    assert before == pytest.approx(392.292) and after == pytest.approx(400.0)
    # the stale file of the same selection is gone: one file per selection
    assert len(list(cache.glob("dataset-KAZ-*.pkl"))) == 1


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95truncated"])
def test_a_corrupt_cache_file_is_rebuilt(shipped_copy, garbage):
    _data, cache = shipped_copy
    want = dt.load_dataset("TKM")
    (pkl,) = cache.glob("dataset-TKM-*.pkl")
    pkl.write_bytes(garbage)
    dataset._shipped.cache_clear()
    xr.testing.assert_identical(dt.load_dataset("TKM"), want)
    assert pkl.stat().st_size > 1000  # written again


def test_an_unwritable_cache_only_means_no_cache(shipped_copy, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("DRUGTRENDS_CACHE_DIR", str(blocker / "cache"))
    assert dt.load_dataset("TKM").sizes["country"] == 1
    monkeypatch.setenv("DRUGTRENDS_CACHE_DIR", "off")
    dataset._shipped.cache_clear()
    assert dt.load_dataset("TKM").sizes["country"] == 1


def test_each_call_returns_an_independent_copy(shipped_copy):
    a = dt.load_dataset("KAZ")
    a.heroin_seizures.values[:] = -1
    a.heroin_seizures.attrs["units"] = "changed"
    b = dt.load_dataset("KAZ")
    assert float(b.heroin_seizures.max()) > 0
    assert b.heroin_seizures.attrs["units"] == "kg"


def test_the_indicator_catalogue_is_read_once(monkeypatch):
    from drugtrends import records as rec

    ds = dt.load_dataset("KAZ")
    dataset.records_table(ds)
    calls = []
    original = rec._load_indicators
    monkeypatch.setattr(rec, "_load_indicators", lambda *a: calls.append(a) or original(*a))
    for _ in range(3):
        dataset.records_table(ds)
    assert calls == []
