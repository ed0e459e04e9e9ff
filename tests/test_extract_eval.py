"""Accuracy gate for ``drugtrends extract`` on synthetic chapters with hand-made answers.

Each chapter in ``tests/data/extract/`` (written for these tests in the style of the INCSR
country chapters, with invented figures and distractor numbers) has an expected-records
file. A candidate counts as right when indicator, value (or both bounds, in canonical
units), unit and period all agree with an expected record.

Run ``python tests/test_extract_eval.py`` (with ``PYTHONPATH=src``) to print the table of
measured recall and precision; ``pytest -s`` prints it too.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from drugtrends.extract import extract, score

DATA = Path(__file__).parent / "data" / "extract"

# name, country, edition
CHAPTERS = [
    ("kaz_2016", "KAZ", 2016),
    ("kgz_2013", "KGZ", 2013),
    ("tjk_2011", "TJK", 2011),
    ("uzb_2009", "UZB", 2009),
    ("kaz_2020", "KAZ", 2020),
    ("tkm_2008", "TKM", 2008),
    ("kaz_2012", "KAZ", 2012),
    ("kgz_2017", "KGZ", 2017),
    ("tjk_2016", "TJK", 2016),
    ("kaz_2018", "KAZ", 2018),
    ("uzb_2014", "UZB", 2014),
    ("tjk_2020", "TJK", 2020),
    ("uzb_2020", "UZB", 2020),
    ("kgz_2021", "KGZ", 2021),
    ("tkm_2019", "TKM", 2019),
    ("uzb_2017", "UZB", 2017),
    ("tjk_2018", "TJK", 2018),
]

MIN_RECALL = 0.9
MIN_PRECISION = 0.85


def evaluate(name: str, country: str, edition: int):
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    expected = pd.read_csv(DATA / f"{name}.expected.csv", dtype=str, keep_default_na=False)
    out = extract(text, country=country, edition=edition, source_id="test-src")
    return out, expected, score(out, expected)


def table() -> pd.DataFrame:
    """Measured recall and precision per chapter and overall (also for mapped rows only)."""
    lines = []
    tot = {"expected": 0, "candidates": 0, "matched": 0, "m_exp": 0, "m_cand": 0, "m_match": 0}
    for name, country, edition in CHAPTERS:
        out, expected, s = evaluate(name, country, edition)
        mapped = score(out[out["indicator"] != ""], expected[expected["indicator"] != ""])
        lines.append(
            {
                "chapter": name,
                "expected": s.n_expected,
                "candidates": s.n_candidates,
                "matched": s.n_matched,
                "recall": s.recall,
                "precision": s.precision,
                "recall_mapped": mapped.recall,
                "precision_mapped": mapped.precision,
                "qualifiers": s.qualifier_agreement,
            }
        )
        tot["expected"] += s.n_expected
        tot["candidates"] += s.n_candidates
        tot["matched"] += s.n_matched
        tot["m_exp"] += mapped.n_expected
        tot["m_cand"] += mapped.n_candidates
        tot["m_match"] += mapped.n_matched
    lines.append(
        {
            "chapter": "overall",
            "expected": tot["expected"],
            "candidates": tot["candidates"],
            "matched": tot["matched"],
            "recall": tot["matched"] / tot["expected"],
            "precision": tot["matched"] / tot["candidates"],
            "recall_mapped": tot["m_match"] / tot["m_exp"],
            "precision_mapped": tot["m_match"] / tot["m_cand"],
            "qualifiers": float("nan"),
        }
    )
    return pd.DataFrame(lines).set_index("chapter")


@pytest.mark.parametrize(("name", "country", "edition"), CHAPTERS)
def test_chapter_accuracy(name, country, edition):
    *_, s = evaluate(name, country, edition)
    detail = (
        f"{name}: {s.summary()}\nmissed:\n{s.missed.to_string() if len(s.missed) else '-'}\n"
        f"spurious:\n{s.spurious.to_string() if len(s.spurious) else '-'}"
    )
    assert 15 <= s.n_expected <= 40, "a test chapter should hold 15-40 figures"
    assert s.recall >= MIN_RECALL, detail
    assert s.precision >= MIN_PRECISION, detail


def test_overall_accuracy_and_print_table():
    result = table()
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 120):
        print("\ndrugtrends extract on the synthetic chapters\n" + result.to_string())
    overall = result.loc["overall"]
    assert overall["recall"] >= MIN_RECALL
    assert overall["precision"] >= MIN_PRECISION


def test_expected_files_are_valid_records():
    """The hand-made answers themselves use listed slugs, units that parse, valid periods."""
    from drugtrends.extract.indicators import load_catalogue
    from drugtrends.units import parse_unit

    catalogue = load_catalogue()
    for name, _, edition in CHAPTERS:
        expected = pd.read_csv(DATA / f"{name}.expected.csv", dtype=str, keep_default_na=False)
        for rec in expected.to_dict("records"):
            parse_unit(rec["unit"])
            if rec["indicator"]:
                assert catalogue.fits(rec["indicator"], rec["unit"]), rec
            if rec["period_start"]:
                assert int(rec["period_start"][:4]) <= edition, rec


if __name__ == "__main__":  # pragma: no cover
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 120):
        print(table().to_string())
