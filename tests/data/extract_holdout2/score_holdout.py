#!/usr/bin/env python
"""Score `drugtrends extract` against the blind holdout chapters (round 2), as a black box.

Usage:
    /work/main/.venv/bin/python tests/data/extract_holdout2/score_holdout.py [--keep DIR]
        [--cli PATH] [--quiet]

For every ``<name>.txt`` beside this script with a ``<name>.expected.csv`` (name like
``kaz_2021``: ISO3 country code and edition year), it runs

    drugtrends extract <name>.txt --country XXX --edition E --source-id holdout --out OUT.csv

and compares the output with the expected rows.

A figure is *right* when an extracted row has the same indicator, the same period_start and
period_end (``YYYY`` is read as ``YYYY-01`` / ``YYYY-12``) and the same number, once both are
converted to the indicator's canonical unit (data/indicators.csv) with
``drugtrends.units.convert_factor`` (relative tolerance 1e-6). The number is ``value`` when
the expected row has one; for an expected range (empty value) it is ``lower`` and ``upper``.
Rows are matched one-to-one. Qualifiers are not scored (their agreement is printed as
information).

    recall    = right / expected rows with an indicator
    precision = right / extracted rows with an indicator

Expected rows with an empty indicator are figures with no fitting slug: they are not in
recall; an extracted row that gives one of them an indicator counts as spurious.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_CLI = REPO / ".venv" / "bin" / "drugtrends"
REL_TOL = 1e-6

sys.path.insert(0, str(REPO / "src"))
from drugtrends.units import UnitError, convert_factor  # noqa: E402


def load_units() -> dict[str, str]:
    with open(REPO / "data" / "indicators.csv", newline="", encoding="utf-8") as fh:
        return {r["indicator"]: r["units"] for r in csv.DictReader(fh)}


UNITS = load_units()


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def num(text: str) -> float | None:
    if not text:
        return None
    try:
        x = float(text.replace(",", ""))
    except ValueError:
        return math.nan
    return x


def norm_period(text: str, end: bool) -> str:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12" if end else f"{text}-01"
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return text


def factor(row: dict) -> float | None:
    """Factor to the indicator's canonical unit, or None when it cannot convert."""
    ind = row.get("indicator", "")
    if ind not in UNITS:
        return None
    try:
        return convert_factor(row.get("unit", ""), UNITS[ind])
    except (UnitError, ValueError):
        return None


def canon(row: dict) -> dict | None:
    f = factor(row)
    if f is None:
        return None
    out = {}
    for k in ("value", "lower", "upper"):
        x = num(row.get(k, ""))
        out[k] = None if x is None else x * f
    return out


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) or a == b


def same_number(exp: dict, got: dict) -> bool:
    ce, cg = canon(exp), canon(got)
    if ce is None or cg is None:
        return False
    if ce["value"] is not None:
        return cg["value"] is not None and close(ce["value"], cg["value"])
    return close(ce["lower"], cg["lower"]) and close(ce["upper"], cg["upper"])


def same_key(exp: dict, got: dict) -> bool:
    return (
        exp["indicator"] == got.get("indicator", "")
        and norm_period(exp["period_start"], False)
        == norm_period(got.get("period_start", ""), False)
        and norm_period(exp["period_end"], True) == norm_period(got.get("period_end", ""), True)
    )


def raw_numbers(row: dict) -> set[float]:
    out = set()
    for k in ("value", "lower", "upper"):
        x = num(row.get(k, ""))
        if x is not None and not math.isnan(x):
            out.add(round(abs(x), 9))
    return out


def show(row: dict) -> str:
    v = row.get("value") or f"{row.get('lower', '')}-{row.get('upper', '')}"
    q = f" [{row['qualifier']}]" if row.get("qualifier") else ""
    return (
        f"{row.get('indicator') or '(unmapped)'} = {v} {row.get('unit', '')}{q} "
        f"{row.get('period_start', '')}..{row.get('period_end', '')}"
    )


def diagnose(exp: dict, extracted: list[dict]) -> str:
    """Why an expected row was missed: the extracted rows carrying the same number."""
    want = raw_numbers(exp)
    cands = [g for g in extracted if raw_numbers(g) & want]
    if not cands:
        return "not extracted at all"
    notes = []
    for g in cands:
        if not g.get("indicator"):
            why = "left unmapped"
        elif g["indicator"] != exp["indicator"]:
            why = "wrong indicator"
        elif not same_key(exp, g):
            why = "wrong period"
        elif canon(g) is None:
            why = "unit does not convert"
        else:
            why = "wrong value/unit/range"
        notes.append(f"{why}: {show(g)}")
    return "; ".join(notes)


def run_cli(cli: Path, txt: Path, country: str, edition: int, out: Path) -> tuple[int, str]:
    exe = str(cli.resolve()) if cli.exists() else str(cli)
    cmd = [
        exe,
        "extract",
        str(txt),
        "--country",
        country,
        "--edition",
        str(edition),
        "--source-id",
        "holdout",
        "--out",
        str(out),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as err:
        return -1, str(err)
    return proc.returncode, proc.stderr.strip()


def sentence_of(row: dict, width: int = 160) -> str:
    s = row.get("sentence") or row.get("evidence") or ""
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--keep", type=Path, help="write the extractor's CSVs to this folder")
    ap.add_argument("--cli", type=Path, default=DEFAULT_CLI)
    ap.add_argument("--quiet", action="store_true", help="print only the table")
    args = ap.parse_args(argv)

    chapters = sorted(p for p in HERE.glob("*.txt") if (HERE / f"{p.stem}.expected.csv").is_file())
    if not chapters:
        print("no chapters found", file=sys.stderr)
        return 2
    tmp = tempfile.TemporaryDirectory()
    outdir = args.keep or Path(tmp.name)
    outdir.mkdir(parents=True, exist_ok=True)

    table = []
    details = []
    tot = {"exp": 0, "ext": 0, "ext_mapped": 0, "right": 0, "qual_ok": 0}
    for txt in chapters:
        m = re.fullmatch(r"([a-z]{3})_(\d{4})", txt.stem)
        if not m:
            print(f"skip {txt.name}: name is not <iso3>_<edition>", file=sys.stderr)
            continue
        country, edition = m.group(1).upper(), int(m.group(2))
        out = outdir / f"{txt.stem}.extracted.csv"
        rc, err = run_cli(args.cli, txt, country, edition, out)
        if rc != 0 or not out.is_file():
            print(f"{txt.name}: extractor failed (rc={rc}): {err}", file=sys.stderr)
            extracted = []
        else:
            extracted = read_rows(out)
        expected = [r for r in read_rows(HERE / f"{txt.stem}.expected.csv") if r["indicator"]]
        mapped = [g for g in extracted if g.get("indicator")]

        used: set[int] = set()
        misses, rights = [], []
        for e in expected:
            hit = next(
                (
                    i
                    for i, g in enumerate(mapped)
                    if i not in used and same_key(e, g) and same_number(e, g)
                ),
                None,
            )
            if hit is None:
                misses.append(e)
            else:
                used.add(hit)
                rights.append((e, mapped[hit]))
        spurious = [g for i, g in enumerate(mapped) if i not in used]
        qual_ok = sum(1 for e, g in rights if e["qualifier"] == g.get("qualifier", ""))

        n_exp, n_map, n_right = len(expected), len(mapped), len(rights)
        table.append((txt.stem, n_exp, len(extracted), n_map, n_right, qual_ok))
        tot["exp"] += n_exp
        tot["ext"] += len(extracted)
        tot["ext_mapped"] += n_map
        tot["right"] += n_right
        tot["qual_ok"] += qual_ok
        details.append((txt.stem, misses, spurious, extracted))

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "   n/a"

    head = f"{'chapter':<10} {'expected':>8} {'extracted':>9} {'mapped':>6} {'right':>5} {'recall':>7} {'precision':>9} {'qual.agree':>10}"
    print(head)
    print("-" * len(head))
    for name, n_exp, n_ext, n_map, n_right, qok in table:
        print(
            f"{name:<10} {n_exp:>8} {n_ext:>9} {n_map:>6} {n_right:>5} {pct(n_right, n_exp):>7} {pct(n_right, n_map):>9} {f'{qok}/{n_right}':>10}"
        )
    print("-" * len(head))
    print(
        f"{'overall':<10} {tot['exp']:>8} {tot['ext']:>9} {tot['ext_mapped']:>6} {tot['right']:>5} "
        f"{pct(tot['right'], tot['exp']):>7} {pct(tot['right'], tot['ext_mapped']):>9} "
        f"{str(tot['qual_ok']) + '/' + str(tot['right']):>10}"
    )
    if args.quiet:
        return 0
    for name, misses, spurious, extracted in details:
        print(f"\n=== {name}: {len(misses)} missed, {len(spurious)} spurious")
        for e in misses:
            print(f"  MISS {e['record_id']}: {show(e)}")
            print(f"       -> {diagnose(e, extracted)}")
        for g in spurious:
            print(f"  SPURIOUS {show(g)}")
            print(f"       sentence: {sentence_of(g)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
