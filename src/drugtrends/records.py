"""The record schema: loading and validating figures from CSV with clear errors.

A *record* is one figure as a source stated it: a country, an indicator, a value or a
range, the unit as written, the period it covers, the edition and source it came from,
and where in the source it stands. Records live in ``data/records/<ISO3>.csv`` beside two
tables that give them meaning: ``data/indicators.csv`` and ``data/sources.csv``.

:func:`load` reads them, checks every row and returns one tidy table in canonical units.
Every problem in a file is reported together, each naming file, row and column, saying
what is wrong and how to fix it.

Examples
--------
>>> from drugtrends import records
>>> table = records.load(records.DATA_DIR)           # doctest: +SKIP
>>> table.query("indicator == 'heroin_seizures'")   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime
import difflib
import functools
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .units import UnitError, accepted_units, convert_factor, parse_unit

__all__ = [
    "DATA_DIR",
    "INDICATOR_COLUMNS",
    "INDICATOR_KINDS",
    "QUALIFIERS",
    "RECORD_COLUMNS",
    "SOURCE_COLUMNS",
    "SOURCE_KINDS",
    "Problem",
    "RecordsError",
    "accepted_units",
    "country_name",
    "indicator_catalog",
    "load",
    "load_countries",
    "load_indicators",
    "load_sources",
    "months_between",
]


def _shipped_data_dir() -> Path:
    """The shipped ``data/`` folder: the repository's, or the installed copy."""
    repo = Path(__file__).resolve().parents[2] / "data"
    if (repo / "indicators.csv").is_file():
        return repo
    # installed from a wheel: setup.py maps data/ to the drugtrends._data folder
    return Path(__file__).resolve().parent / "_data"


DATA_DIR: Path = _shipped_data_dir()
"""The folder holding the shipped ``indicators.csv``, ``sources.csv`` and ``records/``."""

RECORD_COLUMNS = (
    "record_id",
    "country",
    "indicator",
    "value",
    "lower",
    "upper",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "months",
    "edition",
    "source_id",
    "locator",
    "note",
)
"""Columns every records file must have (in any order; extra columns are ignored)."""

INDICATOR_COLUMNS = ("indicator", "long_name", "units", "kind", "scope", "signed", "caveat")
SOURCE_COLUMNS = ("source_id", "kind", "title", "publisher", "edition", "url", "note")

INDICATOR_KINDS = ("flow", "stock", "price", "ratio")
"""flow: counted over a period (seizures, crimes); stock: a level at a date (registered
users); price: money per unit; ratio: a share or a change in percent."""

SOURCE_KINDS = (
    "INCSR",
    "UNODC",
    "government",
    "draft_cable",
    "CADAP",
    "academic",
    "news",
    "secondary",
)
"""Kinds of source in the order the resolve rule prefers them (first is preferred)."""

QUALIFIERS = ("", "approx", "at_least", "at_most", "suspect", "projection")
"""How the report qualified a figure: as stated, "about", "more than", "up to"; or how the
records qualify it: ``suspect`` (the source flags its unit; kept, but the resolve rule skips
it) and ``projection`` (the source projects the figure, e.g. a target for a coming year: it
may be dated after the build date, and the resolve rule skips it)."""

COUNTRY_COLUMNS = ("iso3", "name", "region", "subregion")
"""Columns of ``countries.csv``: code, display name, UNODC region and subregion."""

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Attributes
    ----------
    file : str
        Path of the file.
    row : int or None
        Line number in the file (the header is line 1), or None for whole-file problems.
    column : str or None
        Column name, or None.
    message : str
        What is wrong and how to fix it.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class RecordsError(ValueError):
    """Input files failed validation. ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


# ---------------------------------------------------------------------------- reading


def _read_csv(
    path: Path,
    required: Sequence[str],
    problems: list[Problem],
    exact: Sequence[str] = (),
) -> pd.DataFrame | None:
    """:func:`_read_rows` as a DataFrame of strings (column ``_row``: the line number)."""
    got = _read_rows(path, required, problems, exact)
    if got is None:
        return None
    header, rows = got
    return pd.DataFrame(rows, columns=header, dtype=object)


def _read_rows(
    path: Path,
    required: Sequence[str],
    problems: list[Problem],
    exact: Sequence[str] = (),
) -> tuple[list[str], list[list]] | None:
    """Read a CSV of strings, checking encoding, emptiness, structure and required columns.

    Cells are stripped of surrounding spaces, except in the ``exact`` columns (ids and
    codes), where surrounding spaces are an error: ``" s0 "`` must not merge into ``"s0"``.
    A file cut short (ending inside a quoted field, or without its final newline after an
    incomplete row), a NUL byte, or a field longer than the CSV field limit are errors that
    name the row.
    """
    name = str(path)
    if not path.is_file():
        problems.append(Problem(name, None, None, "file not found"))
        return None
    raw = path.read_bytes()
    if raw.strip() == b"":
        problems.append(
            Problem(
                name, None, None, f"file is empty; it needs a header line: {','.join(required)}"
            )
        )
        return None
    if b"\x00" in raw[:8192].split(b"\n", 1)[0]:  # NUL in the header line: not a CSV
        problems.append(Problem(name, None, None, "file is binary, not CSV text"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(
                name,
                line,
                None,
                f"not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start}); "
                "save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        for count, at in enumerate(m.start() for m in re.finditer("\x00", text)):
            if count == 10:
                break
            problems.append(
                Problem(
                    name,
                    text.count("\n", 0, at) + 1,
                    None,
                    "contains a NUL byte (\\x00), which would cut its field short; "
                    "remove it (the file may be corrupt)",
                )
            )
        return None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as err:
        problems.append(Problem(name, 1, None, f"cannot read the header: {_csv_message(err)}"))
        return None
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            Problem(
                name,
                1,
                ", ".join(missing),
                f"missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; the header must include: {','.join(required)}",
            )
        )
        return None
    exact_at = [(i, c) for i, c in enumerate(header) if c in exact]
    rows = []
    width = len(header)
    start = reader.line_num + 1
    last_start = start
    last_len = width
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(name, reader.line_num, None, _csv_message(err)))
            return None
        line_no, start = start, reader.line_num + 1
        last_start, last_len = line_no, len(row)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(
                Problem(
                    name,
                    line_no,
                    None,
                    f"has {len(row)} fields but the header has {width}; "
                    "quote fields that contain commas",
                )
            )
            continue
        for i, col in exact_at:
            cell = row[i]
            if cell != cell.strip():
                problems.append(
                    Problem(
                        name,
                        line_no,
                        col,
                        f"{cell!r} has leading or trailing spaces; remove them (ids and "
                        "codes are compared exactly)",
                    )
                )
        rows.append([line_no, *(cell.strip() for cell in row)])
    if _ends_in_quote(text, last_start):
        problems.append(
            Problem(
                name,
                last_start,
                None,
                "a quoted field opened here is never closed: the file ends inside it (it was "
                "probably cut short, or a quote is missing)",
            )
        )
        return None
    if not text.endswith(("\n", "\r")) and last_len != width:
        # the ragged row is reported above; say why it is probably ragged
        problems.append(
            Problem(
                name,
                last_start,
                None,
                "the file ends without a newline after an incomplete row: it was probably "
                "cut short",
            )
        )
    if not rows:
        problems.append(Problem(name, None, None, "file has a header but no rows"))
        return None
    return ["_row", *header], rows


def _ends_in_quote(text: str, line: int) -> bool:
    """Does the record starting at ``line`` (1-based) run to the end inside a quoted field?"""
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return False
    try:
        for _ in csv.reader(io.StringIO(text[at:]), strict=True):
            pass
    except csv.Error as err:
        return "unexpected end of data" in str(err)
    return False


def _csv_message(err: csv.Error) -> str:
    text = str(err)
    if "field larger than field limit" in text:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters, the CSV field "
            "limit: a quote is probably missing, or this is not a records file"
        )
    return f"not readable as CSV ({text})"


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _number(text: str) -> float | None:
    """Parse a plain number; None for empty; NaN marks a non-number."""
    if text == "":
        return None
    try:
        out = float(text)
    except ValueError:
        return math.nan
    return out if math.isfinite(out) else math.nan


def _period(text: str, end: bool) -> pd.Period | None:
    """``YYYY-MM`` (or ``YYYY``: January for a start, December for an end)."""
    m = _PERIOD.match(text)
    if not m:
        raise ValueError(text)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return pd.Period(year=year, month=month, freq="M")


def months_between(start: pd.Period, end: pd.Period) -> int:
    """Months covered by a period from ``start`` to ``end``, both inclusive.

    Examples
    --------
    >>> months_between(pd.Period("2014-01", "M"), pd.Period("2014-09", "M"))
    9
    """
    return (end.year - start.year) * 12 + end.month - start.month + 1


# ---------------------------------------------------------------------------- catalogs


def load_indicators(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate ``indicators.csv``.

    Parameters
    ----------
    path : path-like, optional
        Defaults to the shipped ``data/indicators.csv``.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator slug.

    Raises
    ------
    RecordsError
        Listing every problem found.
    """
    return indicator_catalog(path).copy()


def indicator_catalog(path: str | Path | None = None) -> pd.DataFrame:
    """:func:`load_indicators`, read once per file version (do not modify the result).

    The catalogue is cached by path, modification time and size: every caller shares one
    parsed copy, and an edited file is read again.
    """
    file = Path(path) if path else DATA_DIR / "indicators.csv"
    try:
        stat = file.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)
    return _indicator_catalog(str(file), stamp)


@functools.lru_cache(maxsize=8)
def _indicator_catalog(path: str, stamp: tuple[int, int]) -> pd.DataFrame:
    problems: list[Problem] = []
    frame = _load_indicators(Path(path), problems)
    if problems:
        raise RecordsError(problems)
    return frame


def _load_indicators(path: Path, problems: list[Problem]) -> pd.DataFrame:
    frame = _read_csv(path, INDICATOR_COLUMNS, problems, exact=("indicator",))
    if frame is None:
        return pd.DataFrame(columns=INDICATOR_COLUMNS).set_index("indicator")
    name = str(path)
    seen: set[str] = set()
    for rec in frame.itertuples(index=False):
        row = rec._0
        if not _SLUG.match(rec.indicator):
            problems.append(
                Problem(
                    name,
                    row,
                    "indicator",
                    f"{rec.indicator!r} is not a slug; use lower-case letters, digits and _",
                )
            )
        if rec.indicator in seen:
            problems.append(Problem(name, row, "indicator", f"{rec.indicator!r} is listed twice"))
        seen.add(rec.indicator)
        if rec.kind not in INDICATOR_KINDS:
            problems.append(
                Problem(
                    name, row, "kind", f"{rec.kind!r} is not one of {', '.join(INDICATOR_KINDS)}"
                )
            )
        if rec.scope not in ("national", "agency", "subnational", "regional"):
            problems.append(
                Problem(
                    name,
                    row,
                    "scope",
                    f"{rec.scope!r} is not one of national, agency, subnational, regional",
                )
            )
        if rec.signed not in ("true", "false"):
            problems.append(Problem(name, row, "signed", f"{rec.signed!r} must be true or false"))
        try:
            parse_unit(rec.units)
        except UnitError as err:
            problems.append(Problem(name, row, "units", str(err)))
        if not rec.long_name:
            problems.append(Problem(name, row, "long_name", "long_name is empty"))
    frame = frame.drop(columns="_row")
    frame["signed"] = frame["signed"] == "true"
    return frame.drop_duplicates("indicator").set_index("indicator")


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate ``sources.csv``.

    Parameters
    ----------
    path : path-like, optional
        Defaults to the shipped ``data/sources.csv``.

    Returns
    -------
    pandas.DataFrame
        Indexed by source id.
    """
    problems: list[Problem] = []
    frame = _load_sources(Path(path) if path else DATA_DIR / "sources.csv", problems)
    if problems:
        raise RecordsError(problems)
    return frame


def _load_sources(path: Path, problems: list[Problem]) -> pd.DataFrame:
    frame = _read_csv(path, SOURCE_COLUMNS, problems, exact=("source_id",))
    if frame is None:
        return pd.DataFrame(columns=SOURCE_COLUMNS).set_index("source_id")
    name = str(path)
    seen: set[str] = set()
    for rec in frame.itertuples(index=False):
        row = rec._0
        if not rec.source_id:
            problems.append(Problem(name, row, "source_id", "source_id is empty"))
        if rec.source_id in seen:
            problems.append(Problem(name, row, "source_id", f"{rec.source_id!r} is listed twice"))
        seen.add(rec.source_id)
        if rec.kind not in SOURCE_KINDS:
            problems.append(
                Problem(
                    name,
                    row,
                    "kind",
                    f"{rec.kind!r} is not a source kind; use one of {', '.join(SOURCE_KINDS)}"
                    + _suggest(rec.kind, SOURCE_KINDS),
                )
            )
        if rec.edition and not re.fullmatch(r"\d{4}", rec.edition):
            problems.append(
                Problem(name, row, "edition", f"{rec.edition!r} is not a year (YYYY) or empty")
            )
        if not rec.title:
            problems.append(Problem(name, row, "title", "title is empty"))
    frame = frame.drop(columns="_row")
    frame["edition"] = pd.array([int(e) if e else pd.NA for e in frame["edition"]], dtype="Int64")
    return frame.drop_duplicates("source_id").set_index("source_id")


def load_countries(path: str | Path | None = None) -> pd.DataFrame:
    """The display name, UNODC region and subregion of every country code in the records.

    The codes are ISO 3166-1 alpha-3, plus the codes UNODC data need beside them: the UK
    nations as their own areas (``XEW`` England and Wales, ``XEN``, ``XSC``, ``XNI``,
    ``XWA``; parts of GBR, never summed into it), Kosovo (``XKX``) and historic states
    (``SUN`` USSR, ``CSK``, ``SCG``, ``ANT``), which stay their own countries.

    Parameters
    ----------
    path : path-like, optional
        Defaults to the shipped ``data/countries.csv``. Read once per path.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``iso3``, columns ``name``, ``region``, ``subregion`` (empty when unknown).

    Examples
    --------
    >>> load_countries().loc["KAZ", "name"]
    'Kazakhstan'
    >>> load_countries().loc["XEW", "name"]
    'United Kingdom (England and Wales)'
    """
    return _load_countries(str(Path(path) if path else DATA_DIR / "countries.csv")).copy()


@functools.lru_cache(maxsize=4)
def _load_countries(path: str) -> pd.DataFrame:
    problems: list[Problem] = []
    frame = _read_csv(Path(path), COUNTRY_COLUMNS, problems, exact=("iso3",))
    if frame is not None:
        for rec in frame.itertuples(index=False):
            if not _COUNTRY.match(rec.iso3):
                problems.append(
                    Problem(path, rec._0, "iso3", f"{rec.iso3!r} is not a three-letter code")
                )
            if not rec.name:
                problems.append(Problem(path, rec._0, "name", "name is empty"))
        dup = frame["iso3"].duplicated()
        for row in frame.loc[dup, "_row"]:
            problems.append(Problem(path, row, "iso3", "code listed twice"))
    if problems:
        raise RecordsError(problems)
    return frame.drop(columns="_row").set_index("iso3")[list(COUNTRY_COLUMNS[1:])]


def country_name(code: str) -> str:
    """The display name of a country code, or the code itself when it is not listed.

    Examples
    --------
    >>> country_name("SUN")
    'USSR'
    """
    names = _load_countries(str(DATA_DIR / "countries.csv"))
    return str(names.at[code, "name"]) if code in names.index else code


# ---------------------------------------------------------------------------- records


def _ym(text: str, end: bool) -> tuple[int, int]:
    """``YYYY-MM`` (or ``YYYY``) as (year, month); ValueError when it is not a month."""
    m = _PERIOD.match(text)
    if not m:
        raise ValueError(text)
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return int(m.group(1)), month


def _ym_str(ym: tuple[int, int]) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


def _ym_months(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


_NAT = np.iinfo(np.int64).min  # the ordinal of a missing month (pandas' NaT)


def _now() -> tuple[int, int]:
    """The build date as (year, month): records dated after it must be projections."""
    today = datetime.date.today()
    return today.year, today.month


@functools.lru_cache(maxsize=4096)
def _factor(unit: str, canonical: str) -> float | str:
    """The conversion factor, or the error message when the unit cannot convert."""
    try:
        return convert_factor(unit, canonical)
    except UnitError as err:
        return str(err)


def _check_row(
    rec: dict,
    name: str,
    indicators: dict[str, dict],
    sources: dict[str, dict],
    problems: list[Problem],
    now: tuple[int, int],
) -> tuple | None:
    """Validate one record; return its normalized form (a ``TIDY_COLUMNS`` tuple) or None."""
    row = rec["_row"]
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(name, row, column, message))

    if not rec["record_id"]:
        bad("record_id", "record_id is empty; give every figure a unique id such as KAZ-0001")
    if not _COUNTRY.match(rec["country"]):
        bad("country", f"{rec['country']!r} is not an ISO 3166 alpha-3 code such as KAZ")

    ind = rec["indicator"]
    meta = indicators.get(ind)
    if meta is None:
        bad(
            "indicator",
            f"unknown indicator {ind!r}{_suggest(ind, indicators)}; "
            "add it to indicators.csv or use a listed slug",
        )

    src = rec["source_id"]
    source = sources.get(src)
    if source is None:
        bad(
            "source_id",
            f"unknown source id {src!r}{_suggest(src, sources)}; add it to sources.csv",
        )

    factor = None
    if meta is not None:
        got = _factor(rec["unit"], meta["units"])
        if isinstance(got, str):
            bad(
                "unit",
                f"{got}; {ind} is measured in {meta['units']!r}; accepted units: "
                f"{accepted_units(meta['units'])}",
            )
        else:
            factor = got

    nums: dict[str, float | None] = {}
    for col in ("value", "lower", "upper"):
        val = _number(rec[col])
        if val is not None and math.isnan(val):
            bad(col, f"{rec[col]!r} is not a number; write plain digits such as 2905 or 23.8")
            val = None
        elif val is not None and val < 0 and meta is not None and not meta["signed"]:
            bad(col, f"{rec[col]!r} is negative but {ind} cannot be negative")
        nums[col] = val
    value, lower, upper = nums["value"], nums["lower"], nums["upper"]
    if (
        value is None
        and lower is None
        and upper is None
        and all(rec[c] == "" for c in ("value", "lower", "upper"))
    ):
        bad("value", "no value and no bounds; give value, or lower and/or upper for a range")
    if lower is not None and upper is not None and lower > upper:
        bad("lower", f"lower {lower:g} is above upper {upper:g}; swap them")
    if value is not None and lower is not None and value < lower:
        bad("value", f"value {value:g} is below its lower bound {lower:g}")
    if value is not None and upper is not None and value > upper:
        bad("value", f"value {value:g} is above its upper bound {upper:g}")

    qualifier = rec["qualifier"]
    if qualifier not in QUALIFIERS:
        bad(
            "qualifier",
            f"{qualifier!r} is not a qualifier; use one of {', '.join(QUALIFIERS[1:])} "
            "or leave it empty" + _suggest(qualifier, QUALIFIERS[1:]),
        )
    if qualifier == "at_least" and value is None and lower is None:
        bad("qualifier", "at_least needs a value or a lower bound")
    if qualifier == "at_most" and value is None and upper is None:
        bad("qualifier", "at_most needs a value or an upper bound")

    start = end = None
    period_bad = False  # a period problem is reported: no knock-on checks that need it
    for col, is_end in (("period_start", False), ("period_end", True)):
        if rec[col]:
            try:
                parsed = _ym(rec[col], end=is_end)
            except ValueError:
                bad(col, f"{rec[col]!r} is not a month; write YYYY-MM such as 2014-09")
                parsed = None
                period_bad = True
            if is_end:
                end = parsed
            else:
                start = parsed
    if rec["period_end"] and not rec["period_start"]:
        bad("period_start", "period_end is given without period_start")
        period_bad = True
    if start is not None and end is not None and end < start:
        bad("period_end", f"period ends ({_ym_str(end)}) before it starts ({_ym_str(start)})")

    months = None
    if rec["months"]:
        m = _number(rec["months"])
        if m is None or math.isnan(m) or m != int(m) or m < 1:
            bad("months", f"{rec['months']!r} is not a whole number of months")
        else:
            months = int(m)
            if start is None:
                if not period_bad:
                    bad("months", "months covered is given but the period is empty")
            elif end is not None and months != _ym_months(start, end):
                bad(
                    "months",
                    f"months covered is {months} but {_ym_str(start)} to {_ym_str(end)} is "
                    f"{_ym_months(start, end)} months; fix the period or the months",
                )
    if months is None and start is not None and end is not None:
        months = _ym_months(start, end)

    edition = None
    if rec["edition"]:
        if not re.fullmatch(r"\d{4}", rec["edition"]):
            bad("edition", f"{rec['edition']!r} is not a year (YYYY)")
        else:
            edition = int(rec["edition"])
            if start is not None and edition < start[0]:
                bad(
                    "edition",
                    f"edition {edition} is earlier than the period it reports "
                    f"({_ym_str(start)}); a figure cannot be published before its period begins",
                )

    if qualifier != "projection":
        # a figure dated after the build date is a projection, or a typo
        hint = "; if the source projects the figure, set qualifier to projection"
        if edition is not None and edition > now[0]:
            bad("edition", f"edition {edition} is after the build date ({now[0]}){hint}")
        for col, ym in (("period_start", start), ("period_end", end)):
            if ym is not None and ym > now:
                bad(
                    col,
                    f"{_ym_str(ym)} is after the build date ({_ym_str(now)}){hint}",
                )
                break

    if len(problems) > before:
        return None

    # bounds implied by qualifiers
    if qualifier == "at_least" and lower is None:
        lower = value
    if qualifier == "at_most" and upper is None:
        upper = value
    f = factor if factor is not None else 1.0

    if edition is None and source["edition"] is not None:
        edition = source["edition"]
    # the year a dated figure belongs to: the year its period ends (or starts, when the
    # cut-off is not stated); undated figures have no year and stay out of the series
    anchor = end if end is not None else start
    # in the order of TIDY_COLUMNS
    return (
        rec["record_id"],
        rec["country"],
        ind,
        math.nan if value is None else value * f,
        math.nan if lower is None else lower * f,
        math.nan if upper is None else upper * f,
        meta["units"],
        qualifier,
        _NAT if start is None else (start[0] - 1970) * 12 + start[1] - 1,
        _NAT if end is None else (end[0] - 1970) * 12 + end[1] - 1,
        months,
        None if anchor is None else anchor[0],
        edition,
        src,
        source["kind"],
        rec["locator"],
        rec["note"],
        rec["value"] or f"{rec['lower']}-{rec['upper']}".strip("-"),
        rec["unit"],
        meta["kind"],
        meta["scope"],
        meta["long_name"],
        meta["caveat"],
        name,
        row,
    )


_EXACT_RECORD_COLUMNS = ("record_id", "country", "indicator", "qualifier", "source_id")
"""Columns compared exactly: surrounding spaces there are an error, not stripped."""

TIDY_COLUMNS = (
    "record_id",
    "country",
    "indicator",
    "value",
    "lower",
    "upper",
    "units",
    "qualifier",
    "period_start",
    "period_end",
    "months",
    "year",
    "edition",
    "source_id",
    "source_kind",
    "locator",
    "note",
    "reported_value",
    "reported_unit",
    "kind",
    "scope",
    "long_name",
    "caveat",
    "file",
    "row",
)


def _record_files(path: Path) -> tuple[list[Path], Path]:
    """The records files under ``path`` and the folder holding the catalogs."""
    if path.is_dir():
        records_dir = path / "records" if (path / "records").is_dir() else path
        files = sorted(records_dir.glob("*.csv"))
        catalog_dir = path if (path / "indicators.csv").is_file() else DATA_DIR
        if records_dir == path and (path / "indicators.csv").is_file():
            files = [f for f in files if f.name not in ("indicators.csv", "sources.csv")]
        return files, catalog_dir
    parent = path.parent
    if parent.name == "records" and (parent.parent / "indicators.csv").is_file():
        return [path], parent.parent
    return [path], DATA_DIR


def load(
    path: str | Path | Sequence[str | Path] | None = None,
    *,
    indicators: str | Path | None = None,
    sources: str | Path | None = None,
) -> pd.DataFrame:
    """Load records, validate every row, and return a tidy table in canonical units.

    Parameters
    ----------
    path : path-like or sequence of path-like, optional
        A ``data/`` folder (with ``indicators.csv``, ``sources.csv`` and ``records/``), a
        folder of records files, one records file, or several. Defaults to the shipped data.
    indicators, sources : path-like, optional
        Catalog files. By default they are taken from the ``data/`` folder that holds the
        records, or the shipped ones.

    Returns
    -------
    pandas.DataFrame
        One row per record, with columns ``TIDY_COLUMNS``: values and bounds converted to
        the indicator's canonical ``units``, bounds implied by ``at_least``/``at_most``
        filled in, ``months`` covered, the ``year`` the figure belongs to (missing for
        undated figures), and the indicator's and source's metadata.

    Raises
    ------
    RecordsError
        Listing every problem in every file: file, row, column, what is wrong and how to
        fix it. Nothing is returned when any row is bad.

    Examples
    --------
    >>> table = load()                                    # doctest: +SKIP
    >>> table.groupby(["country", "indicator"]).size()    # doctest: +SKIP
    """
    if path is None:
        path = DATA_DIR
    paths = [Path(p) for p in path] if isinstance(path, (list, tuple)) else [Path(path)]
    files: list[Path] = []
    catalog_dir = DATA_DIR
    for p in paths:
        if not p.exists():
            raise RecordsError([Problem(str(p), None, None, "no such file or folder")])
        found, catalog_dir = _record_files(p)
        files.extend(found)
    if not files:
        raise RecordsError([Problem(str(paths[0]), None, None, "no records files (*.csv) found")])

    problems: list[Problem] = []
    ind = _load_indicators(
        Path(indicators) if indicators else catalog_dir / "indicators.csv", problems
    )
    src = _load_sources(Path(sources) if sources else catalog_dir / "sources.csv", problems)
    ind_meta = ind.to_dict("index")
    src_meta = {
        sid: {"kind": k, "edition": None if pd.isna(e) else int(e)}
        for sid, k, e in zip(src.index, src["kind"], src["edition"], strict=True)
    }
    now = _now()
    out: list[dict] = []
    ids: dict[str, str] = {}
    for file in files:
        got = _read_rows(file, RECORD_COLUMNS, problems, exact=_EXACT_RECORD_COLUMNS)
        if got is None:
            continue
        keys = got[0]
        for values in got[1]:
            rec = dict(zip(keys, values, strict=True))
            norm = _check_row(rec, str(file), ind_meta, src_meta, problems, now)
            rid = rec["record_id"]
            if rid and rid in ids:
                problems.append(
                    Problem(
                        str(file),
                        rec["_row"],
                        "record_id",
                        f"record_id {rid!r} is used twice (first at {ids[rid]}); "
                        "ids must be unique",
                    )
                )
                continue
            if rid:
                ids[rid] = f"{file}, row {rec['_row']}"
            if norm is not None:
                out.append(norm)
    if problems:
        raise RecordsError(problems)
    columns = list(zip(*out, strict=True)) if out else [()] * len(TIDY_COLUMNS)
    table = pd.DataFrame(
        {c: np.array(v, dtype=object) for c, v in zip(TIDY_COLUMNS, columns, strict=True)}
    )
    for col in ("value", "lower", "upper"):
        table[col] = table[col].astype(float)
    for col in ("months", "year", "edition", "row"):
        table[col] = table[col].astype("Int64")
    for col in ("period_start", "period_end"):
        table[col] = pd.arrays.PeriodArray(table[col].to_numpy(np.int64), dtype="period[M]")
    return table.reset_index(drop=True)
