"""Regional reports and every country's report, on small synthetic countries (fast)."""

from __future__ import annotations

import hashlib

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from drugtrends import cli
from drugtrends.report import batch
from drugtrends.report.region import analyse_region, build_region_report, growth_ranking

from .conftest import row

GROWTH = {"XRA": 0.25, "XRB": -0.15, "XRC": 0.0}


def _rows(code: str, rate: float, n: int = 9) -> list[str]:
    rng = np.random.default_rng(sum(map(ord, code)))
    out = []
    for i, year in enumerate(range(2012, 2012 + n)):
        value = 100 * np.exp(rate * i) * np.exp(rng.normal(0, 0.05))
        out.append(
            row(
                f"{code}-{year}",
                country=code,
                value=f"{value:.1f}",
                start=f"{year}-01",
                end=f"{year}-12",
                months="12",
                source="unodc",
                edition="2021",
            )
        )
    return out


@pytest.fixture
def region_ds(datadir):
    from drugtrends import dataset, records

    for code, rate in GROWTH.items():
        datadir.write(_rows(code, rate), f"{code}.csv")
    # a thin one: two figures of one drug
    datadir.write(_rows("XRD", 0.1, n=2), "XRD.csv")
    table = records.load(datadir.root)
    return dataset.build(table, sources=records.load_sources(datadir.root / "sources.csv"))


@pytest.fixture
def region_nc(region_ds, tmp_path):
    from drugtrends import dataset

    return dataset.write_dataset(region_ds, tmp_path / "region.nc")


def test_growth_ranking_orders_the_countries(region_ds):
    reg = analyse_region(["XRB", "XRD", "XRA", "XRC"], region_ds, horizon=2)
    assert reg.indicators == ["heroin_seizures"]
    rank = growth_ranking(reg, "heroin_seizures")
    # fastest rise first; the thin country (no growth rate) last
    assert rank.index.tolist() == ["XRA", "XRC", "XRB", "XRD"]
    assert rank.loc["XRA", "growth"] == pytest.approx(100 * (np.exp(0.25) - 1), abs=3)
    assert rank.loc["XRB", "upper"] < 0 < rank.loc["XRA", "lower"]
    assert np.isnan(rank.loc["XRD", "growth"]) and rank.loc["XRD", "figures"] == 2
    # each country is analysed alone: its forecast starts after its own latest year
    assert rank["forecast_year"].to_dict() == {"XRA": 2021, "XRC": 2021, "XRB": 2021, "XRD": 2014}


@pytest.mark.slow
def test_regional_report_pages(region_ds, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = build_region_report(["XRA", "XRB", "XRC", "XRD"], tmp_path / "r.pdf", ds=region_ds)
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages]
    n = len(pages)
    assert "4 countries compared" in pages[0] and "Contents" in pages[0]
    assert "What the records do not hold" in pages[0] + pages[1]
    comp = next(p for p in pages if "Ranking by growth rate" in p)
    assert "Heroin seizures: the countries compared" in comp
    assert "Ranking by growth rate: 1. XRA +" in comp and "2. XRC" in comp and "3. XRB -" in comp
    assert "No growth rate for XRD" in comp
    # then each country's own pages, numbered through
    for code in ("XRA", "XRB", "XRC", "XRD"):
        assert any(f"Drug-control trends: {code}" in p for p in pages[2:])
    for i, page in enumerate(pages, start=1):
        assert f"page {i} of {n}" in page
    # the outline: the summary, the comparison, then each country with its pages below
    reader = pypdf.PdfReader(out)
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == ["Summary", "Heroin seizures: the countries compared", "XRA", "XRB", "XRC", "XRD"]
    again = build_region_report(["XRA", "XRB", "XRC", "XRD"], tmp_path / "s.pdf", ds=region_ds)
    digest = hashlib.sha256
    assert digest(again.read_bytes()).digest() == digest(out.read_bytes()).digest()


def test_region_errors_are_clear(region_ds):
    with pytest.raises(ValueError, match="at least two countries"):
        analyse_region(["XRA"], region_ds)
    with pytest.raises(ValueError, match="country given twice: XRA"):
        analyse_region(["XRA", "XRA"], region_ds)
    with pytest.raises(KeyError, match="no records for XXX"):
        analyse_region(["XRA", "XXX"], region_ds)


def test_report_chunk_keeps_going_past_a_bad_country(region_nc, tmp_path):
    rows = batch.report_chunk(["XRD", "NOPE", "XRA"], tmp_path, data=region_nc, horizon=2)
    assert [r[:2] for r in rows] == [("XRD", "ok"), ("NOPE", "failed"), ("XRA", "ok")]
    assert rows[0][3] > 0 and rows[1][3] == 0
    assert rows[1][2] == "no records for NOPE"
    assert (tmp_path / "XRD.pdf").is_file() and (tmp_path / "XRA.pdf").is_file()


@pytest.mark.slow
def test_report_all_on_a_local_cluster(region_nc, tmp_path):
    pytest.importorskip("distributed")
    res = batch.report_all(
        tmp_path / "out",
        countries=["XRA", "NOPE", "XRD"],
        data=region_nc,
        workers=1,
        chunk_size=2,
        horizon=2,
    )
    assert sorted(res.written) == ["XRA", "XRD"]
    assert res.failed == {"NOPE": "no records for NOPE"}
    assert all(p.is_file() for p in res.written.values())


def test_cli_region_and_all(region_nc, tmp_path, monkeypatch, capsys):
    out = tmp_path / "region.pdf"
    argv = ["report", "--data", str(region_nc), "--countries", "xra", "XRB", "--quiet"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    pypdf = pytest.importorskip("pypdf")
    outline = pypdf.PdfReader(out).outline
    top = [o.title for o in outline if not isinstance(o, list)]
    assert top == ["Summary", "Heroin seizures: the countries compared", "XRA", "XRB"]
    # each country's sections one level below it
    below = [
        [o.title for o in x if not isinstance(o, list)] for x in outline if isinstance(x, list)
    ]
    assert ["Heroin seizures", "Sources and methods"] in [b[-2:] for b in below]

    # --all: the batch's failures are listed and the exit status is 1
    def fake(out_dir, **kw):
        return batch.BatchResult(written={"XRA": tmp_path / "XRA.pdf"}, failed={"XRB": "boom"})

    monkeypatch.setattr(batch, "report_all", fake)
    code = cli.main(["report", "--all", "--out-dir", str(tmp_path / "all"), "--quiet"])
    assert code == 1
    err = capsys.readouterr().err
    assert "1 report(s) failed:" in err and "XRB: boom" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--all", "--out", "x.pdf"], "--all writes one PDF per country: give --out-dir"),
        (["--all", "--out-dir", "d", "--workers", "0"], "--workers must be at least 1"),
        (["--countries", "KAZ", "--out", "x.pdf"], "--countries needs at least two"),
        (["--countries", "KAZ", "KAZ", "--out", "x.pdf"], "--countries names KAZ twice"),
        (["--country", "KAZ"], "give --out FILE.pdf"),
        (["--country", "KAZ", "--out", "x.pdf", "--workers", "2"], "go with --all"),
        (["--countries", "KAZ", "XYZ", "--out", "x.pdf"], "no records for XYZ"),
    ],
)
def test_cli_errors(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", *argv, "--quiet"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_price_comparison_within_a_decade_has_plain_ticks(datadir):
    """Prices of a few countries within a decade: plain tick labels on the log axis
    (never a lone "9 x 10^1")."""
    from drugtrends import dataset, records
    from drugtrends.report import region as R

    for code, values in {"XPA": (160, 130, 95), "XPB": (140, 150, 170)}.items():
        lines = [
            row(
                f"{code}-p{year}",
                country=code,
                indicator="marijuana_wholesale_price",
                value=str(v),
                unit="USD kg-1",
                start=f"{year}-01",
                end=f"{year}-12",
                months="12",
                source="unodc",
                edition="2021",
            )
            for year, v in zip((2019, 2020, 2021), values, strict=True)
        ]
        datadir.write(lines, f"{code}.csv")
    table = records.load(datadir.root)
    ds = dataset.build(table, sources=records.load_sources(datadir.root / "sources.csv"))
    reg = analyse_region(["XPA", "XPB"], ds, horizon=2)
    assert "marijuana_wholesale_price" in reg.indicators  # the main market of both
    ind = "marijuana_wholesale_price"
    series = {res.country: R._series(res, ind) for res in reg.analyses}
    from drugtrends.plot import display_scale

    fig = R._comparison_figure(
        reg, ind, series, growth_ranking(reg, ind), display_scale("USD kg-1", 170)
    )
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels(which="both") if t.get_text()]
    assert ax.get_yscale() == "log" and len(labels) >= 3
    assert not [t for t in labels if "times" in t or "×" in t or "^" in t], labels
