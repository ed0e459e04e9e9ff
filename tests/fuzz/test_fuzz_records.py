"""Fuzz: records CSVs for ``drugtrends build``.

A records file of a few good rows is damaged field by field (odd values, ids, periods,
editions, sources; spaces, NUL bytes, formulas, a huge field) and file by file (cut
short, Latin-1, semicolons, a byte-order mark, CRLF). Every run ends with exit 0 and a
Dataset, or exit 1 with a message, no traceback and the existing output byte-identical.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DataDir, row
from tests.fuzz._cases import count
from tests.fuzz._run import FUZZ, OLD, check_outcome, run_cli

FIELDS = {
    "rid": ["KAZ-1", " KAZ-2", "KAZ-2 ", "", "=cmd|x", "KAZ-1\x00"],
    "value": ["344.6", "", "x", "1e400", "-5", "1.7e308", "12\x0099", " 7", "1,234"],
    "start": ["2014-01", "2099-01", "3000-01", "2014-13", "", "x"],
    "end": ["2014-09", "2099-12", "2013-01", "", "2014-1"],
    "months": ["9", "12", "0", "13", "", "x"],
    "edition": ["2015", "2100", "3000", "", "x", "1900"],
    "source": ["incsr-2015", "unodc", "nope", ""],
    "unit": ["kg", "t", "g", "bogus"],
    "indicator": ["heroin_seizures", "registered_drug_users", "nope"],
    "note": ["test", "=1+1", "y" * 200],
}


@st.composite
def records_files(draw) -> bytes:
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        kwargs = {"rid": f"KAZ-{i + 1}", "start": f"{2010 + i}-01", "end": f"{2010 + i}-12"}
        kwargs.update(months="12", edition=str(2011 + i), source="unodc", value=str(100 + i))
        for field in draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=2, unique=True)):
            kwargs[field] = draw(st.sampled_from(FIELDS[field]))
        rows.append(row(**kwargs))
    from tests.conftest import HEADER

    text = "\n".join([HEADER, *rows]) + "\n"
    damage = draw(
        st.sampled_from(["none"] * 4 + ["cut", "latin1", "semicolon", "bom", "crlf", "quote"])
    )
    data = text.encode()
    if damage == "cut":
        data = data[: draw(st.integers(len(HEADER), len(data)))]
    elif damage == "latin1":
        data = text.replace("test", "t\u00e9st").encode("latin-1")
    elif damage == "semicolon":
        data = text.replace(",", ";").encode()
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "crlf":
        data = text.replace("\n", "\r\n").encode()
    elif damage == "quote":  # cut inside a quoted last field
        data = text.rstrip("\n").rsplit(",", 1)[0].encode() + b',"unterminated'
    return data


@settings(FUZZ, max_examples=40)
@given(data=records_files())
def test_fuzz_build_records(data):
    count("build records")
    with tempfile.TemporaryDirectory() as tmp:
        datadir = DataDir(Path(tmp) / "data")
        (datadir.root / "records" / "KAZ.csv").write_bytes(data)
        out = Path(tmp) / "out.nc"
        out.write_bytes(OLD)
        rc, _, err = run_cli(["build", str(datadir.root), "--out", str(out), "--quiet"])
        check_outcome(rc, err, [out])


def _complete_rows(data: bytes) -> int | None:
    """Data rows of a records file read strictly (None: not a well-formed UTF-8 CSV)."""
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
        if "\x00" in text:
            return None
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except (UnicodeDecodeError, csv.Error):
        return None
    if any(len(r) != len(rows[0]) for r in rows):
        return None  # a ragged row: cut short
    return len(rows) - 1


@settings(FUZZ, max_examples=40)
@given(data=records_files())
def test_fuzz_build_records_no_silent_loss(data):
    """A build that succeeds keeps every row of the file; a damaged file is an error."""
    import drugtrends as dt

    count("build records (no silent loss)")
    with tempfile.TemporaryDirectory() as tmp:
        datadir = DataDir(Path(tmp) / "data")
        (datadir.root / "records" / "KAZ.csv").write_bytes(data)
        out = Path(tmp) / "out.nc"
        rc, _, _ = run_cli(["build", str(datadir.root), "--out", str(out), "--quiet"])
        if rc == 0:
            n = _complete_rows(data)
            assert n is not None, "a damaged records file was built"
            assert dt.open_dataset(out).sizes["record"] == n
