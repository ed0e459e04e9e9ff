"""Shared fixtures: a small data folder to write records into, the shared material."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from drugtrends import records

ROOT = Path(__file__).resolve().parents[1]
HEADER = ",".join(records.RECORD_COLUMNS)


@pytest.fixture(autouse=True, scope="session")
def _tmp_cache_dir(tmp_path_factory):
    """Tests (and the CLI runs they start) keep the Dataset cache in a temporary folder."""
    before = os.environ.get("DRUGTRENDS_CACHE_DIR")
    os.environ["DRUGTRENDS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("DRUGTRENDS_CACHE_DIR", None)
    else:
        os.environ["DRUGTRENDS_CACHE_DIR"] = before


def shared_dir() -> Path | None:
    """../shared beside the repository (or $DRUGTRENDS_SHARED), when present."""
    env = os.environ.get("DRUGTRENDS_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    return path if path.is_dir() else None


@pytest.fixture
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared (or $DRUGTRENDS_SHARED) is not present on this machine")
    return path


SOURCES = """source_id,kind,title,publisher,edition,url,note
incsr-2015,INCSR,INCSR 2015 Kazakhstan chapter,U.S. Department of State,2015,https://example.org/incsr2015,
incsr-2016,INCSR,INCSR 2016 Kazakhstan chapter,U.S. Department of State,2016,https://example.org/incsr2016,
unodc,UNODC,UNODC seizures,UNODC,2021,https://example.org/unodc,
news-a,news,A news item,example.org,2018,https://example.org/a,
news-b,news,Another news item,example.org,2024,https://example.org/b,
"""


class DataDir:
    """A data folder in tmp_path with the shipped indicators and a small sources table."""

    def __init__(self, root: Path):
        self.root = root
        (root / "records").mkdir(parents=True)
        shutil.copy(records.DATA_DIR / "indicators.csv", root / "indicators.csv")
        (root / "sources.csv").write_text(SOURCES, encoding="utf-8")

    def write(self, rows: list[str], name: str = "KAZ.csv", header: str = HEADER) -> Path:
        path = self.root / "records" / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path


@pytest.fixture
def datadir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def row(
    rid: str = "KAZ-1",
    indicator: str = "heroin_seizures",
    value: str = "344.6",
    lower: str = "",
    upper: str = "",
    qualifier: str = "",
    unit: str = "kg",
    start: str = "2014-01",
    end: str = "2014-09",
    months: str = "9",
    edition: str = "2015",
    source: str = "incsr-2015",
    country: str = "KAZ",
    locator: str = "B.2",
    note: str = "test figure",
) -> str:
    """One records CSV line in RECORD_COLUMNS order."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(
        [
            rid,
            country,
            indicator,
            value,
            lower,
            upper,
            qualifier,
            unit,
            start,
            end,
            months,
            edition,
            source,
            locator,
            note,
        ]
    )
    return buf.getvalue()
