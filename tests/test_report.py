"""The PDF trend report: pages and sections, byte-identical builds, CLI errors."""

from __future__ import annotations

import datetime as _dt
import doctest
import hashlib
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest

import drugtrends as dt
from drugtrends import cli
from drugtrends.report import analyse, build_report, layout, pdf_date, select_indicators
from drugtrends.report import text as T


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The KAZ report, written by the command line exactly as `make report` does."""
    out = tmp_path_factory.mktemp("report") / "reports" / "kazakhstan.pdf"
    assert cli.main(["report", "--country", "KAZ", "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def pdf_text(built) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [page.extract_text() for page in pypdf.PdfReader(built).pages]


def test_report_is_written(built):
    data = built.read_bytes()
    assert data.startswith(b"%PDF-")
    ds = dt.load_dataset("KAZ")
    n_ind = len(select_indicators(ds, "KAZ"))
    # summary (1-2 pages) + one to three pages per indicator (the tables continue over
    # pages) + sources (1-2 pages)
    assert n_ind + 2 <= _pages(data) <= 3 * n_ind + 4


def test_byte_identical_across_runs(built, tmp_path):
    again = build_report("KAZ", tmp_path / "again.pdf")
    digest = hashlib.sha256
    assert digest(again.read_bytes()).hexdigest() == digest(built.read_bytes()).hexdigest()


def test_sections_and_page_numbers(pdf_text):
    n = len(pdf_text)
    first = " ".join(pdf_text[:2])
    for section in (
        "Drug-control trends: Kazakhstan",
        "Read this first",
        "What rose, what fell",
        "What the forecasts say",
        "Contents",
        "understate",
    ):
        assert section in first, section
    assert "drugtrends " + dt.__version__ in pdf_text[0]
    assert "January 2026" in pdf_text[0]  # the data date
    for i, page in enumerate(pdf_text, start=1):
        assert f"page {i} of {n}" in page
    body = "\n".join(pdf_text)
    for title in (
        "Heroin seizures",
        "Drug seizures, all drugs",
        "Registered drug users",
        "Registered drug-related crimes",
        "Heroin price per kilogram",
        "Opium seizures",
        "Cannabis resin (hashish) seizures",
    ):
        assert title in body, title
    # every key page lists all its figures, the table continued over the pages
    assert body.count("Figures used") == len(select_indicators(dt.load_dataset("KAZ"), "KAZ"))
    assert "earlier figures" not in body
    assert "Figures used, most recent first" in body
    assert "Hidden population." in body and "Forecast." in body and "Trend." in body
    assert "Conflicting figures." in body


def test_every_key_page_of_the_pdf_shows_a_forecast(pdf_text):
    # the text of each indicator's pages up to its table of figures
    key = " ".join(" ".join(p.split()) for p in pdf_text).split("Figures used")[:-1]
    assert len(key) >= 8
    for page in key:
        assert "Forecast. None" not in page
        assert "Forecast. Median forecast" in page or "Forecast. No figure yet for" in page
    assert any("Forecast. No figure yet for" in p for p in key)  # the nowcast in words
    assert any("nowcast (no figure yet)" in p for p in key)  # the legend of the nowcast


def test_sources_page_lists_every_source_cited(pdf_text):
    body = "\n".join(pdf_text)
    start = max(i for i, p in enumerate(pdf_text) if "Sources" in p and "Every source" in p)
    sources = "\n".join(pdf_text[start:])
    cited = {int(m) for m in re.findall(r"\[(\d+)\]", "\n".join(pdf_text[:start]))}
    listed = {int(m) for m in re.findall(r"^ ?\[(\d+)\]", sources, flags=re.M)}
    assert cited and cited <= listed
    assert listed == set(range(1, max(listed) + 1))
    assert "http" in sources and "edition" in sources
    assert "How the numbers were computed" in body
    assert "growth rate with a 95 % confidence interval" in body  # the trend's level, in percent


def test_pdf_dates_are_pinned(built, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    meta = pypdf.PdfReader(built).metadata
    ds = dt.load_dataset("KAZ")
    stamp = pdf_date(ds).strftime("D:%Y%m%d%H%M%SZ")
    assert meta["/CreationDate"] == stamp == meta["/ModDate"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert pdf_date(ds) == _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pdf_date(ds) == _dt.datetime.fromtimestamp(1700000000, tz=_dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        pdf_date(ds)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--country", "XYZ"], "no records for XYZ; "),
        (["--country", "KAX"], "countries have records (close: KAZ"),
        (["--country", "KAZ", "--model", "magic"], "unknown model 'magic'"),
        (["--country", "KAZ", "--horizon", "0"], "--horizon must be at least 1"),
        (["--country", "KAZ", "--data", "missing.nc"], "no such Dataset file"),
    ],
)
def test_cli_errors_are_clear(argv, message, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert cli.main(["report", *argv, "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("drugtrends report: error: ")
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_cli_wants_a_pdf(tmp_path, capsys):
    assert cli.main(["report", "--out", str(tmp_path / "r.txt")]) == 1
    assert "--out must name a .pdf file" in capsys.readouterr().err


def test_cli_run_raises_clierror(tmp_path):
    parser = cli.build_parser()
    args = parser.parse_args(["report", "--country", "XYZ", "--out", str(tmp_path / "r.pdf")])
    with pytest.raises(cli.CLIError, match="no records for XYZ"):
        args.run(args)


def test_analyse_other_country_and_unknown_indicator():
    res = analyse(country="TJK", indicators=["heroin_seizures"], horizon=2)
    assert res.indicators == ["heroin_seizures"]
    assert res.forecast is not None and res.undercount is None
    with pytest.raises(KeyError, match="no indicator 'heroin'"):
        analyse(country="KAZ", indicators=["heroin"])


def test_sentences():
    assert T.month_year("2026-01") == "January 2026"
    assert T.amount(97000.0, "kg") == "97 t"
    assert T.interval(15400, 163000, "kg") == "15.4–163 t"
    assert T.exact(9642.328067) == "9,642" and T.exact(0.0271) == "0.0271"


def test_doctests():
    from drugtrends.report import analysis as A

    for module in (layout, T, A):
        assert doctest.testmod(module).failed == 0


def test_the_pdf_has_an_outline_a_clickable_contents_and_source_links(built):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(built)

    def titles(items, level=0):
        for item in items:
            if isinstance(item, list):
                yield from titles(item, level + 1)
            else:
                yield level, item.title, reader.get_destination_page_number(item)

    outline = list(titles(reader.outline))
    top = [(t, p) for level, t, p in outline if level == 0]
    names = [t for t, _ in top]
    ds = dt.load_dataset("KAZ")
    longs = [str(ds[i].attrs["long_name"]) for i in select_indicators(ds, "KAZ")]
    # Kazakhstan's four survey series share a page after the registered users' (its
    # offence figures cover one year: no offences page)
    pages = list(longs)
    pages.insert(
        longs.index("Registered drug users (narcological register)") + 1, "Drug use (surveys)"
    )
    assert names == ["Summary", *pages, "Sources and methods"]
    assert [p for _, p in top] == sorted(p for _, p in top)  # in page order
    assert any(level == 1 and t == "What rose, what fell" for level, t, _ in outline)
    internal, external = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A")
            if action is not None and action.get("/S") == "/URI":
                external.append(str(action["/URI"]))
            elif a.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    # contents lines and the tables' source numbers point into the document; the
    # sources' addresses out of it
    assert internal >= len(longs) + 2 + 20
    assert len(external) >= 20 and all(u.startswith("http") for u in external)


def test_source_labels_are_wrapped_never_cut(pdf_text):
    body = "\n".join(pdf_text)
    assert "…\n" not in body and "...\n" not in body
    # the table of the registered-users page is back (it had no room on a fixed page)
    users = body.split("Registered drug users (narcological register)")[-1]
    assert "Figures used, most recent first" in users.split("Registered drug-related")[0]


def test_svg_is_rewritten_for_the_converter():
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.fill_between([0, 1, 2], [0, 1, 0], [1, 2, 1], facecolor="0.45", alpha=0.3, hatch="////")
    ax.legend([Patch(facecolor="C0", alpha=0.4)], ["band"])
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    svg = buf.getvalue().decode()
    assert "url(#h" in svg and re.search(r"[ ;\"]opacity: 0.4", svg)
    out = layout._for_svglib(buf.getvalue()).decode()
    assert "fill: url(" not in out  # hatches drawn as clipped lines
    assert not re.search(r"(?<![-\w])opacity:", out)  # fill and stroke opacity instead
    assert "fill-opacity: 0.4" in out
    drawing = layout.figure(fig)
    assert 0 < drawing.width <= layout.WIDTH
    # a figure taller than a page (a region of many countries) is scaled to fit one
    tall = Figure(figsize=(6, 16))
    tall.add_subplot().plot([0, 1], [1, 0])
    drawing = layout.figure(tall)
    assert drawing.height <= layout.HEIGHT - 80 and drawing.width < 6 * 72


@pytest.fixture(scope="module")
def kaz():
    return analyse(country="KAZ")


def test_every_key_page_of_kazakhstan_has_a_forecast(kaz):
    fc = kaz.forecast
    assert len(kaz.indicators) >= 8
    for name in kaz.indicators:
        assert bool(fc[name].sel(country="KAZ").notnull().any()), name
        assert T.forecast_sentence(fc, name, "KAZ", "kg"), name
        assert T.no_forecast_reason(fc, name, "KAZ") == "", name


def test_series_that_stop_early_are_nowcast_with_widening_intervals(kaz):
    fc = kaz.forecast
    latest = T.nowcast_through(fc)
    assert latest == 2025  # the newest full-year or annualized figure of a key series
    heroin = fc.heroin_seizures.sel(country="KAZ").dropna("year", how="all")
    years = heroin["year"].values
    # from the year after the last full-year figure (2022) to the horizon after 2025
    assert years.min() == 2023 and years.max() == latest + kaz.settings["horizon"]
    width = (heroin.sel(quantile=0.9) - heroin.sel(quantile=0.1)).values
    assert (width[1:] >= width[:-1]).all()
    status = str(fc.heroin_seizures_status.sel(country="KAZ").item())
    assert "nowcast of 2023–2025: no figure yet" in status
    text = T.forecast_sentence(fc, "heroin_seizures", "KAZ", "kg")
    assert text.startswith("No figure yet for 2023–2025; nowcast ")
    assert "Median forecast " in text and " in 2026 " in text and " in 2030 " in text
    # a series with figures up to the latest year has no nowcast
    users = fc.registered_drug_users.sel(country="KAZ").dropna("year", how="all")
    assert int(users["year"].min()) == latest + 1
    assert "nowcast" not in T.forecast_sentence(fc, "registered_drug_users", "KAZ", "1")


def test_an_annualized_last_figure_widens_the_fan(kaz):
    from drugtrends.report.analysis import _full_years

    ann = kaz.annualized
    name = "drug_seizures_total"
    assert int(ann[f"{name}_annualized"].sel(country="KAZ", year=2025)) == 1
    status = str(kaz.forecast[f"{name}_status"].sel(country="KAZ").item())
    assert "the 2025 figure is annualized" in status
    # the same input without the widening: the report's fan is wider at every step
    sub = ann.copy()
    keep = _full_years(sub, name, "KAZ")
    sub[name].loc[{"country": "KAZ"}] = sub[name].sel(country="KAZ").where(keep)
    plain = dt.forecast(sub, horizon=5, indicators=[name], seed=0)[name].sel(country="KAZ")
    ours = kaz.forecast[name].sel(country="KAZ")
    yrs = plain.dropna("year", how="all")["year"].values
    w_plain = (plain.sel(quantile=0.975) - plain.sel(quantile=0.025)).sel(year=yrs)
    w_ours = (ours.sel(quantile=0.975) - ours.sel(quantile=0.025)).sel(year=yrs)
    assert bool((w_ours > w_plain).all())
    assert bool(
        abs(ours.sel(quantile=0.5, year=yrs) - plain.sel(quantile=0.5, year=yrs)).max() < 1e-9
    )


def test_too_old_series_get_no_forecast_and_say_why():
    # Uzbekistan's total seizures stop in 2008, its other series run to 2022: fourteen
    # years of nowcast would say nothing about today
    from drugtrends.report.analysis import NOWCAST_LIMIT

    res = analyse(country="UZB", indicators=["drug_seizures_total", "heroin_seizures"])
    assert NOWCAST_LIMIT < 2022 - 2008
    fc = res.forecast
    assert bool(fc.drug_seizures_total.sel(country="UZB").isnull().all())
    why = T.no_forecast_reason(fc, "drug_seizures_total", "UZB")
    assert why.startswith("None: the last full-year figure is from 2008, 14 years before")
    assert bool(fc.heroin_seizures.sel(country="UZB").notnull().any())
    assert T.no_forecast_reason(fc, "heroin_seizures", "UZB") == ""


def test_forecast_reads_the_annualized_series_like_the_trend():
    res = analyse(country="KAZ", indicators=["drug_seizures_total"], horizon=2)
    sel = res.annualized.sel(country="KAZ")
    full = sel.drug_seizures_total.notnull() & (sel.drug_seizures_total_months == 12)
    last = int(sel["year"][full].max())
    assert last == 2025  # Jan-Aug 2025 annualized; the January 2026 figure is left out
    assert int(sel.drug_seizures_total_annualized.sel(year=2025)) == 1
    assert float(sel.drug_seizures_total_months.sel(year=2026)) == 1
    fc_years = res.forecast.drug_seizures_total.sel(country="KAZ").dropna("year", how="all")
    assert int(fc_years["year"].min()) == last + 1


def _thin_dataset(datadir):
    """A thin synthetic country (two heroin figures) and one with a single figure of an
    indicator outside the report's lists."""
    from drugtrends import dataset, records

    from .conftest import row

    datadir.write(
        [
            row(
                "XTH-1",
                country="XTH",
                value="12",
                start="2019-01",
                end="2019-12",
                months="12",
                source="unodc",
                edition="2021",
            ),
            row(
                "XTH-2",
                country="XTH",
                value="30",
                start="2020-01",
                end="2020-12",
                months="12",
                source="unodc",
                edition="2021",
            ),
        ],
        "XTH.csv",
    )
    datadir.write(
        [
            row(
                "XTI-1",
                country="XTI",
                indicator="cannabis_plant_seizures",
                value="3",
                start="2019-01",
                end="2019-12",
                months="12",
                source="unodc",
                edition="2021",
            ),
        ],
        "XTI.csv",
    )
    table = records.load(datadir.root)
    return dataset.build(table, sources=records.load_sources(datadir.root / "sources.csv"))


@pytest.mark.parametrize("country", ["XTH", "XTI"])
def test_thin_country_gets_a_short_report_that_says_what_is_missing(datadir, tmp_path, country):
    import warnings

    pypdf = pytest.importorskip("pypdf")
    ds = _thin_dataset(datadir)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no "All-NaN slice" on the way
        out = build_report(country, tmp_path / f"{country}.pdf", ds=ds)
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages]
    assert len(pages) == 3  # summary, one indicator page, sources: no empty page
    assert "What the records do not hold" in pages[0]
    assert "registered drug users" in pages[0] and "cannot say how they moved" in pages[0]
    assert "Fewer than five dated figures" in pages[0]
    assert "Figures used, most recent first" in pages[1]
    assert "[1] UNODC seizures" in pages[2]
    assert "Drug use (surveys)" not in " ".join(pages)  # no prevalence figure: no page


@pytest.mark.parametrize("fits", [2, 5, 9, 10])
def test_a_table_never_breaks_with_a_lone_row(fits):
    rows = [[str(2000 + i), f"figure {i}"] for i in range(10)]
    t = layout.table([layout.Column("Year", 1), layout.Column("Figure", 2)], rows)
    _, _ = t.wrap(layout.WIDTH, 10_000)
    heights = list(t._rowHeights)
    parts = t.split(layout.WIDTH, sum(heights[: 1 + fits]) + 0.01)
    body = [len(p._cellvalues) - 1 for p in parts]  # minus the repeated heading
    if not parts:  # too little room: the table starts on the next page
        assert fits < layout.MIN_ROWS
    else:
        assert sum(body) == 10 and min(body) >= layout.MIN_ROWS, body
