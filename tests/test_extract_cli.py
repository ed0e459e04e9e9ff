"""``drugtrends extract``: the good path, and a clear error (exit 1) for each bad input."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from drugtrends.cli import main
from drugtrends.extract import CANDIDATE_COLUMNS, MAX_BYTES, extract

DATA = Path(__file__).parent / "data" / "extract"
CHAPTER = DATA / "kaz_2016.txt"
ARGS = ["--country", "KAZ", "--edition", "2016", "--source-id", "INCSR-2016"]


def test_writes_candidates(tmp_path, capsys):
    out = tmp_path / "candidates.csv"
    assert main(["extract", str(CHAPTER), *ARGS, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == CANDIDATE_COLUMNS
    assert f"{len(frame)} candidate records" in err and str(out) in err
    assert frame["record_id"].iloc[0] == "KAZ-2016-x001"
    assert frame["record_id"].is_unique
    assert (frame["source_id"] == "INCSR-2016").all()
    # no temporary files left beside the output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["candidates.csv"]
    # the library returns the same rows
    lib = extract(CHAPTER.read_text(encoding="utf-8"), country="KAZ", edition=2016,
                  source_id="INCSR-2016")  # fmt: skip
    assert list(frame["indicator"]) == list(lib["indicator"])
    assert list(frame["value"]) == [
        "" if pd.isna(v) else f"{v:g}" if v != int(v) else str(int(v)) for v in lib["value"]
    ]


def test_stdout_and_filters(capsys):
    assert main(["extract", str(CHAPTER), *ARGS, "--mapped-only", "--min-confidence", "0.8"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert lines[0] == ",".join(CANDIDATE_COLUMNS)
    assert len(lines) > 10
    assert "standard output" in captured.err


def test_text_without_figures_writes_a_header(tmp_path, capsys):
    chapter = tmp_path / "c.txt"
    chapter.write_text("Kazakhstan cooperates with its neighbours.\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    assert main(["extract", str(chapter), *ARGS, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").strip() == ",".join(CANDIDATE_COLUMNS)
    assert "no figures found" in capsys.readouterr().err


def _bad(tmp_path: Path, content: bytes | None, name: str = "bad.txt") -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "is empty"),
        (b"  \n\n\t ", [], "is empty"),
        (b"Police seized\x00\x01\x02 5 kg", [], "binary"),
        (b"%PDF-1.4\n%binary", [], "PDF"),
        (b"Police seized 5 kg of \xe7\xe5\xf0\xee\xe8\xed in 2014.", [], "not utf-8"),
        (b"1234 5678 9012", [], "no words"),
        (b"Police seized 5 kg of heroin in 2014. " * 50, ["--max-bytes", "1000"], "over the limit"),
        (b"Police seized 5 kg.", ["--country", "kz"], "ISO 3166"),
        (b"Police seized 5 kg.", ["--source-id", "a,b"], "source id"),
        (b"Police seized 5 kg.", ["--min-confidence", "2"], "between 0 and 1"),
        (b"Police seized 5 kg.", ["--encoding", "klingon"], "unknown text encoding"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, capsys, content, extra, message):
    path = _bad(tmp_path, content)
    out = tmp_path / "out.csv"
    assert main(["extract", str(path), *ARGS, *extra, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert err.startswith("drugtrends extract: error:")
    assert not out.exists()


def test_missing_file_folder_and_output_problems(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt"), *ARGS]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["extract", str(tmp_path), *ARGS]) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert main(["extract", str(CHAPTER), *ARGS, "--out", str(tmp_path / "no" / "c.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["extract", str(CHAPTER), *ARGS, "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_huge_file_is_refused_without_reading_it(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: large on paper, instant to make
        fh.truncate(MAX_BYTES * 50)
    start = time.perf_counter()
    assert main(["extract", str(path), *ARGS]) == 1
    assert time.perf_counter() - start < 1.0
    assert "over the limit" in capsys.readouterr().err


def test_error_has_no_traceback_in_a_real_process(tmp_path):
    path = _bad(tmp_path, b"\xff\xfe\x00\x00garbage")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "drugtrends", "extract", str(path), *ARGS],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "binary" in proc.stderr


@pytest.mark.parametrize(
    "text",
    [
        "1," * 60_000,
        "(" * 50_000 + "5 kg" + ")" * 50_000,
        "2014-" * 30_000,
        "the same period " + " " * 100_000 + "of 2014",
        "between $1 and " * 8_000,
        "January-" * 20_000,
        "as of " * 30_000 + "September 1995",
        "a." * 100_000,
        "x" * 200_000,
    ],
)
def test_adversarial_input_does_not_hang(text):
    """A guard against catastrophic regex backtracking, not a speed goal.

    Such inputs take well under a second on an idle machine; backtracking would take
    minutes. The bound is loose so that a loaded CI machine never fails it by chance.
    """
    start = time.perf_counter()
    extract(text, country="KAZ", edition=2015, source_id="x")
    assert time.perf_counter() - start < 60.0


def test_help_states_the_as_of_convention_the_code_follows(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "2019-01..2019-09 for a flow" in text
    assert "2019-10..2019-10, for a stock" in text
    kw = {"country": "KAZ", "edition": 2020, "source_id": "INCSR-2020"}
    flow = extract("As of October 1, 2019, police had registered 1,950 drug crimes.", **kw)
    stock = extract("As of October 1, 2019, 8,100 drug users were registered.", **kw)
    assert flow.loc[0, ["period_start", "period_end"]].tolist() == ["2019-01", "2019-09"]
    assert stock.loc[0, ["period_start", "period_end"]].tolist() == ["2019-10", "2019-10"]


def test_closed_stdout_pipe_exits_quietly():
    """``drugtrends extract ... | head`` must not end with a BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written: every write fails
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "drugtrends", "extract", str(CHAPTER), *ARGS],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in proc.stderr and "BrokenPipeError" not in proc.stderr
    assert proc.returncode == 1


def test_lower_case_country_is_accepted(capsys):
    args = ["--country", "kaz", "--edition", "2016", "--source-id", "INCSR-2016"]
    assert main(["extract", str(CHAPTER), *args, "--mapped-only"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split(",")[1] == "KAZ"


def test_formula_text_in_sentences_is_neutralized(tmp_path):
    """Issue 15: a sentence a spreadsheet would run as a formula is written with a leading '."""
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("=HYPERLINK(1) Police seized 120 kg of heroin in 2014.\n", encoding="utf-8")
    out = tmp_path / "candidates.csv"
    assert main(["extract", str(chapter), *ARGS, "--out", str(out)]) == 0
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(frame) >= 1
    assert all(not s.startswith(("=", "+", "-", "@")) for s in frame["sentence"])
    assert any(s.startswith("'=") for s in frame["sentence"])
