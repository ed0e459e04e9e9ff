"""Report text -> candidate records.

Each spring a new edition of every country chapter appears. :func:`extract` reads the
plain text of a chapter and proposes one candidate record per figure, in the schema of
``data/records/`` plus a ``confidence`` (0-1), the character span of the sentence
(``span_start``, ``span_end``: ``text[span_start:span_end]`` is the sentence), the figure
as written (``evidence``) and the sentence (``sentence``). An analyst reviews the
candidates, fixes or deletes rows, drops the extra columns and appends the rest.

What is read: quantities with units (metric tons, MT, kg also glued as in "724.1kg",
grams, hectares, doses, pills; $ / USD / tenge / KZT with thousand / million / billion, and
the other currencies of the region: som, somoni, soum, manat, rubles, afghanis),
ranges ("between $18,000 to $20,000", "18-20 thousand"), qualifiers ("more than" ->
``at_least``, "about" -> ``approx``, "up to" -> ``at_most``), periods ("in 2014",
"through the first nine months of 2014", "January-October", "as of September 1995",
"2007-2008"), comparisons that carry a second figure ("(compared to 24.6 MT during the
similar period in 2013)", "(724.1kg in 2013)", "decreased from 2,989 to 2,905", "up from
$3,000 in 2007-2008"), and what each figure counts (see :mod:`.indicators`).

The wording of national reports and regional news is read too (issue 13): "this year (last
year)" pairs ("14,692 (16,045)", "6698 (in 2013 – 7680)", "98.2 (110.4) kilograms",
"(2020 – 543.4 kilograms)"), compound masses ("2 tons 41 kg 305 g"), numbers written out
("forty two thousand hectares", "four and a half tons", "more than a ton", "one kilo in
four" as a 25 percent share), rates
per population ("3.8 per 100 thousand of population", unit ``per 100000``), shares and
changes as records (heroin's share of seizures, injectors among the registered, changes in
crimes solved), "over the first six months of this year", "5 years ago", a paragraph that
continues the one before ("A total included ...", "Of this amount, ..."), and the body after
"were seized by". Differences ("510 kg or 43 percent more than", "reduced by 1,353") and
yields ("40 kg of opium per hectare") are not records. The ordered rule tables of these
readings are in :mod:`.rules`.

Edition semantics: the INCSR edition published in year E mostly covers year E-1 (pass
``covered_year`` for other sources). A figure whose sentence and paragraph give no period
is dated to the covered year, with a note and a lower confidence. A past-tense "this year"
or "in the reporting year" without a cut-off is the whole covered year (note, lower
confidence), and so is "for the full year" or "the year as a whole" (of the paragraph's
year) even after a nine-month figure. A cut-off date ends a flow the month before:
"as of October 1, 2019" is 2019-01..2019-09 for seizures or crimes, while a stock
(registered users) is the month itself, 2019-10; "as of October 2019" is 2019-01..2019-10.
Year-to-date wording without a readable cut-off ("so far this year", "to date", "since
the beginning of the year", "has seized ... this year") keeps the end open.

Which period dates a figure follows an explicit scoping model (:mod:`.scope`): a sentence
is split into clauses, and each period phrase has a role: the main period of its clause,
the base of a comparison ("compared with 2017", "down 6 percent from 2021", "less than
half of the 702 kg taken in 2009", "twice the 1.1 MT of 2012"), a sub-period ("In the
first quarter alone", "including 40 kg in March"), the date of an event ("adopted in
2014", "a pilot begun in 2008") or an anaphor ("the same period", "that year", which
stand for the nearest period stated before). A figure takes a period of its own phrase,
else the main period of its clause, else that of the sentence's main clause, else (for a
part named by a pronoun: "Of these, ...", "29,000 of them", "made up 1,052 of these")
the period of its whole, else the paragraph's period, the section's period of seizures,
and last the covered year. Only main periods of independent clauses become the
paragraph's period, and "for the year" / "the annual total" reset it to the whole year.
So a base year dates only its compared figure ("Heroin seizures were down from 611 kg in
2017" is that year's when nothing is compared with it) and the figures of a "when" clause
after it ("13 percent lower than in 2010, when 2,494 kg were seized"), a sub-period only
the figures in its scope, an event date nothing. A quarter, a month, a part of a year the
paragraph has stated whole, and a cumulative span of years date their own sentence but
not the sentences after it, which take them up only by "in that period", "that quarter".
A programme's span ("for 2016-2020"), not the date it was adopted ("adopted by
Presidential Decree No. 1468 in February 2016"), dates its budget, also in another clause
or in the sentence after ("The Program covers 2018-2022. Its budget is $4.5 million.").
"Respectively" distributes a list of figures over the drugs, agencies or years listed
before it ("hashish, opium and heroin stood at 1.05 tons, 634 kg and 219.4 kg,
respectively").
Goals and plans ("aims to cut ... by 20 percent by 2021") are not figures, nor is their
deadline a period; the size of one dose ("a single dose of heroin (about 0.1 gram)") is
not a seizure.

Figures that cannot be mapped to an indicator are kept with an empty ``indicator`` and a
confidence of at most 0.3 when they have a unit (mass, area, money, doses); bare numbers
and percentages that map to nothing are not proposed (they are mostly ages, counts of
unrelated things and shares of something unlisted). Years, dates, article and law numbers
are never figures, nor are masses a law sets ("possession of more than 1 gram of heroin is
a criminal offense"); ratios ("a six-fold increase") are named in the note, not extracted.
A figure for several drugs together ("hashish and marijuana combined") stays unmapped,
except synthetic drugs with new psychoactive substances, which one indicator counts
together. An area eradicated ("police destroyed wild hemp on 2,300 hectares") is not an
area of wild growth and stays unmapped.

Agencies: a figure counted by one agency gets that agency's slug when the indicator
catalogue, read at run time, lists one (``heroin_seizures_dca``,
``drug_seizures_border_service``, ``drug_labs_dismantled_knb``), else none. An acronym the
chapter defines for a body ("the Service for Combating Illegal Drug Trafficking (SBNON) of
the Ministry of Internal Affairs") names that body for the rest of the chapter; "its" and
"the agency" name the agency of the sentence before; of "the Border Troops of the State
Committee for National Security" the first, most specific, body is meant. A body the lists
do not know, named as the subject of its own clause ("..., and the SCNS seized 910
kilograms"), has no slug: its figure is left unmapped rather than given the agency (or the
drug) of the clause before; so has a body of one region ("police in Osh oblast", "the
Sughd regional police"). A part counted by one agency ("18 laboratories were dismantled,
11 of them by the KNB") has that agency's slug of its whole's indicator, and the agency is
the part's, not the whole's.

Examples
--------
>>> from drugtrends.extract import extract
>>> text = ("Authorities seized 23.8 MT of drugs through the first nine months of 2014 "
...         "(compared to 24.6 MT during the similar period in 2013).")
>>> out = extract(text, country="KAZ", edition=2015, source_id="INCSR-2015")
>>> out[["indicator", "value", "unit", "period_start", "period_end"]].values.tolist()
[['drug_seizures_total', 23.8, 't', '2014-01', '2014-09'], \
['drug_seizures_total', 24.6, 't', '2013-01', '2013-09']]
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .evaluate import Score, score
from .numbers import Quantity, format_number, parse_number, parse_quantity
from .periods import find_periods
from .text import MAX_BYTES, ExtractError, decode, read_text, split_document

__all__ = [
    "CANDIDATE_COLUMNS",
    "EXTRA_COLUMNS",
    "MAX_BYTES",
    "ExtractError",
    "Quantity",
    "Score",
    "decode",
    "extract",
    "extract_file",
    "find_periods",
    "format_number",
    "parse_number",
    "parse_quantity",
    "read_text",
    "score",
    "write_candidates",
]

EXTRA_COLUMNS = ("confidence", "span_start", "span_end", "evidence", "sentence")
"""Columns beyond the records schema; delete them before appending reviewed rows."""


def _record_columns() -> tuple[str, ...]:
    from drugtrends.records import RECORD_COLUMNS

    return tuple(RECORD_COLUMNS)


CANDIDATE_COLUMNS = (*_record_columns(), *EXTRA_COLUMNS)
"""Columns of a candidates table: the records schema, then :data:`EXTRA_COLUMNS`."""

MAX_CHARS = MAX_BYTES
"""Texts longer than this many characters are refused (a country chapter is far shorter)."""


def _check_args(country: str, edition: int, source_id: str) -> tuple[str, int, str]:
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{3}", country):
        raise ExtractError(f"country {country!r} is not an ISO 3166 alpha-3 code such as KAZ")
    try:
        ed = int(edition)
    except (TypeError, ValueError):
        raise ExtractError(f"edition {edition!r} is not a year such as 2015") from None
    if not 1900 <= ed <= 2200:
        raise ExtractError(f"edition {edition!r} is not a year such as 2015")
    src = str(source_id or "").strip()
    if not src or any(ch in src for ch in ',\n\r"') or src != str(source_id):
        raise ExtractError(
            f"source id {source_id!r} must be a non-empty id without commas, quotes or spaces "
            "around it, as listed in data/sources.csv"
        )
    return country, ed, src


def extract(
    text: str,
    *,
    country: str,
    edition: int,
    source_id: str,
    covered_year: int | None = None,
    min_confidence: float = 0.0,
    mapped_only: bool = False,
    indicators: str | Path | None = None,
) -> pd.DataFrame:
    """Propose candidate records for the figures in a chapter's text.

    Parameters
    ----------
    text : str
        The plain text of one chapter.
    country : str
        ISO 3166 alpha-3 code written in every row (``"KAZ"``).
    edition : int
        Edition year of the report (the INCSR edition published in 2015 is 2015).
    source_id : str
        Id of the report in ``data/sources.csv``.
    covered_year : int, optional
        The year the edition reports on; defaults to ``edition - 1`` (INCSR practice).
    min_confidence : float, optional
        Drop candidates below this confidence.
    mapped_only : bool, optional
        Drop candidates without an indicator (they cannot be appended without review).
    indicators : path-like, optional
        Indicator catalogue; defaults to the shipped ``data/indicators.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per figure, columns :data:`CANDIDATE_COLUMNS`, in the order of the text.
        ``value``, ``lower``, ``upper`` and ``confidence`` are floats (NaN when empty),
        ``months`` is ``Int64``, ``span_start``/``span_end`` are ints, the rest strings.
        Record ids are ``f"{country}-{edition}-x{n:03d}"``, numbered in text order before
        any filtering, so that they do not change with the filters.
        ``frame.attrs["warnings"]`` lists parts of the text that were not read (a
        "sentence" with more than 60 numbers, which is a table rather than prose).

    Raises
    ------
    ExtractError
        For bad arguments or a text that is empty or too long.

    Examples
    --------
    >>> out = extract("Police registered 2,905 drug-related crimes in 2014.",
    ...               country="KAZ", edition=2015, source_id="INCSR-2015")
    >>> r = out.iloc[0]
    >>> r["record_id"], r["indicator"], float(r["value"]), int(r["months"])
    ('KAZ-2015-x001', 'drug_crimes_registered', 2905.0, 12)
    """
    from .core import extract_rows
    from .indicators import load_catalogue

    country, ed, src = _check_args(country, edition, source_id)
    if not isinstance(text, str):
        raise ExtractError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ExtractError(
            f"text is {len(text):,} characters, over the limit of {MAX_CHARS:,} for one "
            "chapter; split the report into country chapters"
        )
    if not text.strip():
        raise ExtractError("text is empty; give the plain text of a report chapter")
    covered = ed - 1 if covered_year is None else int(covered_year)
    if not ed - 30 <= covered <= ed:
        raise ExtractError(
            f"covered year {covered_year!r} must be a year up to the edition ({ed}); the INCSR "
            "edition published in year E covers year E-1"
        )
    catalogue = load_catalogue(str(indicators) if indicators else None)
    warnings: list[str] = []
    rows = extract_rows(
        text,
        split_document(text),
        edition=ed,
        covered=covered,
        catalogue=catalogue,
        warnings=warnings,
    )
    for n, row in enumerate(rows, start=1):
        row["record_id"] = f"{country}-{ed}-x{n:03d}"
        row["country"] = country
        row["source_id"] = src
    frame = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    for col in ("value", "lower", "upper"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype(float)
    frame["months"] = pd.to_numeric(frame["months"].replace("", None)).astype("Int64")
    frame["confidence"] = frame["confidence"].astype(float)
    for col in ("span_start", "span_end"):
        frame[col] = frame[col].astype(int)
    if min_confidence > 0:
        frame = frame[frame["confidence"] >= min_confidence]
    if mapped_only:
        frame = frame[frame["indicator"] != ""]
    frame = frame.reset_index(drop=True)
    frame.attrs["warnings"] = warnings
    return frame


def extract_file(
    path: str | Path,
    *,
    country: str,
    edition: int,
    source_id: str,
    max_bytes: int = MAX_BYTES,
    encoding: str = "utf-8",
    **kwargs,
) -> pd.DataFrame:
    """Read a chapter file safely (see :func:`read_text`) and :func:`extract` from it.

    Examples
    --------
    >>> extract_file("chapter.txt", country="KAZ", edition=2015,
    ...              source_id="INCSR-2015")  # doctest: +SKIP
    """
    _check_args(country, edition, source_id)
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    return extract(text, country=country, edition=edition, source_id=source_id, **kwargs)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def write_candidates(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write candidates as CSV atomically (a temporary file renamed into place).

    Numbers are written as plain digits ("6000000000", "23.8"), empty cells as "".

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`extract`.
    path : path-like

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> out = extract("In 2014 police seized 5 kg of heroin.", country="KAZ", edition=2015,
    ...               source_id="INCSR-2015")
    >>> write_candidates(out, "candidates.csv")  # doctest: +SKIP
    PosixPath('candidates.csv')
    """
    import csv

    from drugtrends._io import atomic_path

    out = Path(path)
    with atomic_path(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(list(frame.columns))
        for row in frame.itertuples(index=False):
            writer.writerow([_cell(v) for v in row])
    return out
