"""``drugtrends extract``: propose candidate records from the text of a report chapter.

Examples
--------
``drugtrends extract kaz_2015.txt --country KAZ --edition 2015 --source-id INCSR-2015
--out candidates.csv`` writes one row per figure in the records schema plus
``confidence``, ``span_start``, ``span_end``, ``evidence`` and ``sentence``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register", "run"]

_EPILOG = """\
Review the candidates before appending them to data/records/<COUNTRY>.csv: fix or delete
rows, fill in the indicator of unmapped rows (empty indicator, confidence <= 0.3), then
delete the extra columns (confidence, span_start, span_end, evidence, sentence).
The INCSR edition published in year E covers year E-1; figures without a stated period
are dated to that year (see the note column), with a lower confidence. A past-tense
"this year" without a cut-off is read as that whole year; "for the full year" and "the
year as a whole" are the whole year even after a nine-month figure. A cut-off date ends
the period: "as of October 1, 2019" is 2019-01..2019-09 for a flow (seizures, crimes)
and the month itself, 2019-10..2019-10, for a stock (registered users); "as of October
2019" is 2019-01..2019-10 for a flow. Only year-to-date wording without a readable
cut-off ("so far this year", "to date", "since the beginning of the year") leaves the end
of the period empty. A year that is only the base of a comparison ("compared with 2017",
"less than half of the 702 kg taken in 2009") dates only the compared figure; a
sub-period ("In the first quarter alone") dates only its clause, and a quarter, a month or
a part of a year already stated whole dates only its sentence, as does a cumulative span of
years; a "when" clause ("than in 2010, when 2,494 kg were seized") takes the period it
follows; an event's date ("a pilot begun in 2008") dates nothing; "the same period", "that
quarter" and "that year" are the period stated just before them. In "hashish, opium and
heroin stood at 1.05 tons, 634 kg and 219.4 kg, respectively" each figure takes its own
drug (likewise agencies and years).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``extract`` subcommand (no heavy imports here)."""
    from drugtrends.cli import iso3

    p = subparsers.add_parser(
        "extract",
        help="propose candidate records from a report chapter's text",
        description=(
            "Read the plain text of one report chapter (an INCSR country chapter, a "
            "national report) and write one candidate record per figure: value or range, "
            "unit, qualifier, period, indicator, with a confidence and the sentence's "
            "character span."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("chapter", metavar="CHAPTER.txt", help="plain text of the chapter (UTF-8)")
    p.add_argument(
        "--country", required=True, type=iso3, help="ISO 3166 alpha-3 code, e.g. KAZ (any case)"
    )
    p.add_argument("--edition", required=True, type=int, help="edition year, e.g. 2015")
    p.add_argument(
        "--source-id", required=True, dest="source_id", help="source id in data/sources.csv"
    )
    p.add_argument(
        "--out",
        default="-",
        help="output CSV (written atomically); '-' or omitted: standard output",
    )
    p.add_argument(
        "--covered-year",
        type=int,
        default=None,
        help="year the edition reports on (default: edition - 1, as for the INCSR)",
    )
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        help="drop candidates below this confidence (0-1; default 0)",
    )
    p.add_argument(
        "--mapped-only",
        action="store_true",
        help="drop candidates without an indicator",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="refuse larger inputs (default 1,000,000 bytes)",
    )
    p.add_argument("--encoding", default="utf-8", help="text encoding of the input (default utf-8)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``drugtrends extract``; user-fixable problems raise CLIError."""
    from drugtrends.cli import CLIError
    from drugtrends.extract import (
        MAX_BYTES,
        ExtractError,
        _check_args,
        extract,
        read_text,
        write_candidates,
    )

    try:
        _check_args(args.country, args.edition, args.source_id)
    except ExtractError as err:
        raise CLIError(str(err)) from None

    if not 0.0 <= args.min_confidence <= 1.0:
        raise CLIError(f"--min-confidence {args.min_confidence} is not between 0 and 1")
    max_bytes = MAX_BYTES if args.max_bytes is None else args.max_bytes
    if max_bytes <= 0:
        raise CLIError(f"--max-bytes {args.max_bytes} must be positive")
    out = None if args.out in ("-", "") else Path(args.out)
    if out is not None:
        if out.is_dir():
            raise CLIError(f"--out {out} is a folder; give a file name such as candidates.csv")
        if not out.parent.exists():
            raise CLIError(f"--out {out}: folder {out.parent} does not exist")
        if out.resolve() == Path(args.chapter).resolve():
            raise CLIError("--out must not overwrite the input chapter")
    try:
        text = read_text(args.chapter, max_bytes=max_bytes, encoding=args.encoding)
        frame = extract(
            text,
            country=args.country,
            edition=args.edition,
            source_id=args.source_id,
            covered_year=args.covered_year,
            min_confidence=args.min_confidence,
            mapped_only=args.mapped_only,
        )
    except ExtractError as err:
        raise CLIError(str(err)) from None
    for warning in frame.attrs.get("warnings", []):
        print(f"drugtrends extract: warning: {warning}", file=sys.stderr)
    mapped = int((frame["indicator"] != "").sum())
    from drugtrends._io import spreadsheet_safe_frame

    # report text that a spreadsheet would run as a formula ("=cmd|...") gets a leading '
    text_cols = [c for c in ("sentence", "evidence", "locator", "note") if c in frame.columns]
    frame = spreadsheet_safe_frame(frame, text_cols)
    if out is None:
        import csv

        from drugtrends.extract import _cell

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(list(frame.columns))
        for row in frame.itertuples(index=False):
            writer.writerow([_cell(v) for v in row])
        where = "standard output"
    else:
        try:
            write_candidates(frame, out)
        except OSError as err:
            raise CLIError(f"cannot write {out}: {err.strerror or err}") from None
        where = str(out)
    message = (
        f"{len(frame)} candidate record{'s' if len(frame) != 1 else ''} "
        f"({mapped} with an indicator, {len(frame) - mapped} to map by hand) -> {where}"
    )
    if len(frame) == 0:
        message = f"no figures found in {args.chapter}; wrote only the header -> {where}"
    print(message, file=sys.stderr)
    return 0
