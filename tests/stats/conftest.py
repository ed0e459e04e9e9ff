"""A small hand-made Kazakhstan Dataset for the statistics tests."""

from __future__ import annotations

import pytest

from drugtrends import dataset, records
from tests.conftest import row


def kaz_rows() -> list[str]:
    return [
        # heroin: UNODC full years and INCSR nine-month figures (2013, 2014); 2015 nine months only
        row(
            "H13F",
            "heroin_seizures",
            "753.9",
            start="2013-01",
            end="2013-12",
            months="12",
            edition="2021",
            source="unodc",
        ),
        row(
            "H14F",
            "heroin_seizures",
            "392.3",
            start="2014-01",
            end="2014-12",
            months="12",
            edition="2021",
            source="unodc",
        ),
        row("H13P", "heroin_seizures", "724.1", start="2013-01", end="2013-09", months="9"),
        row("H14P", "heroin_seizures", "344.6", start="2014-01", end="2014-09", months="9"),
        row(
            "H15P",
            "heroin_seizures",
            "300",
            start="2015-01",
            end="2015-09",
            months="9",
            edition="2016",
            source="incsr-2016",
        ),
        # total seizures: nine months in 2014, a full year in 2016
        row("T14P", "drug_seizures_total", "23.8", unit="t", start="2014-01", end="2014-09"),
        row(
            "T16F",
            "drug_seizures_total",
            "35",
            unit="t",
            start="2016-01",
            end="2016-12",
            months="12",
            edition="2018",
            source="news-a",
        ),
        # the register (a stock), Jan-Sep of two years
        row("R13", "registered_drug_users", "40224", unit="count", start="2013-01", end="2013-09"),
        row("R14", "registered_drug_users", "36137", unit="count", start="2014-01", end="2014-09"),
        # a price range
        row(
            "P14",
            "heroin_wholesale_price",
            "",
            lower="18000",
            upper="20000",
            unit="USD per kg",
            start="2014-01",
            end="2014-12",
            months="12",
        ),
    ]


@pytest.fixture
def small_ds(datadir):
    datadir.write(kaz_rows())
    return dataset.build(
        records.load(datadir.root), sources=records.load_sources(datadir.root / "sources.csv")
    )
