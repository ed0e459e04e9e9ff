"""Black-box scorer for the round-3 holdout chapters of ``drugtrends extract``.

For every ``<iso>_<edition>.txt`` beside this file it runs::

    drugtrends extract FILE.txt --country ISO --edition E --source-id holdout --out OUT.csv

and compares the output with ``<iso>_<edition>.expected.csv``. An extracted row is *right*
when its indicator, period_start and period_end equal those of an expected row and its value
(or, for a range, its lower and upper bounds), converted to the indicator's canonical unit with
``drugtrends.units.convert_factor``, agrees within 1e-6 (relative). Each expected row is
matched at most once.

- recall = right / expected rows with an indicator
- precision = right / extracted rows with an indicator

Usage: ``.venv/bin/python tests/data/extract_holdout3/score_holdout.py [--keep DIR]``
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

from drugtrends.units import UnitError, convert_factor

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CLI = REPO / ".venv" / "bin" / "drugtrends"
INDICATORS = REPO / "data" / "indicators.csv"
REL_TOL = 1e-6


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def canonical_units() -> dict[str, str]:
    return {row["indicator"]: row["units"] for row in read_csv(INDICATORS)}


def num(text: str) -> float | None:
    if text == "":
        return None
    try:
        out = float(text.replace(",", ""))
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def period(text: str, end: bool) -> str:
    """``YYYY-MM``; a bare year becomes January (start) or December (end)."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text)
    if not m:
        return text
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    return f"{m.group(1)}-{month:02d}"


def converted(row: dict[str, str], units: dict[str, str]) -> tuple | None:
    """(value, lower, upper) in the indicator's canonical unit, or None if not convertible."""
    canon = units.get(row["indicator"])
    if canon is None:
        return None
    try:
        factor = convert_factor(row.get("unit", ""), canon)
    except UnitError:
        return None
    vals = tuple(num(row.get(c, "")) for c in ("value", "lower", "upper"))
    return tuple(None if v is None else v * factor for v in vals)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def values_match(exp: tuple, got: tuple) -> bool:
    if exp[0] is not None:
        return close(exp[0], got[0])
    return close(exp[1], got[1]) and close(exp[2], got[2])


def key(row: dict[str, str]) -> tuple[str, str, str]:
    return (
        row["indicator"],
        period(row.get("period_start", ""), False),
        period(row.get("period_end", ""), True) if row.get("period_end") else "",
    )


def show(row: dict[str, str]) -> str:
    bounds = f"{row.get('lower', '')}..{row.get('upper', '')}"
    val = row["value"] if row.get("value") else bounds
    q = f" {row['qualifier']}" if row.get("qualifier") else ""
    return (
        f"{row['indicator'] or '(unmapped)'} = {val} {row.get('unit', '')}{q} "
        f"[{row.get('period_start', '')}..{row.get('period_end', '')}]"
    )


def raw_numbers(row: dict[str, str]) -> set[float]:
    return {v for v in (num(row.get(c, "")) for c in ("value", "lower", "upper")) if v is not None}


def score_chapter(txt: Path, outdir: Path, units: dict[str, str]) -> dict:
    iso, edition = txt.stem.split("_")
    out = outdir / f"{txt.stem}.extracted.csv"
    cmd = [
        str(CLI),
        "extract",
        str(txt),
        "--country",
        iso.upper(),
        "--edition",
        edition,
        "--source-id",
        "holdout",
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        print(f"{txt.name}: extract failed ({proc.returncode}): {proc.stderr.strip()}")
        got_all: list[dict[str, str]] = []
    else:
        got_all = read_csv(out)
    expected = read_csv(txt.with_name(f"{txt.stem}.expected.csv"))
    exp_mapped = [r for r in expected if r["indicator"]]
    got_mapped = [r for r in got_all if r.get("indicator")]

    got_conv = [converted(r, units) for r in got_mapped]
    used = [False] * len(got_mapped)
    right: list[tuple[dict, dict]] = []
    misses: list[dict] = []
    for exp in exp_mapped:
        ev = converted(exp, units)
        hit = None
        for i, got in enumerate(got_mapped):
            if used[i] or got_conv[i] is None or key(got) != key(exp):
                continue
            if values_match(ev, got_conv[i]):
                hit = i
                break
        if hit is None:
            misses.append(exp)
        else:
            used[hit] = True
            right.append((exp, got_mapped[hit]))
    spurious = [g for g, u in zip(got_mapped, used, strict=True) if not u]
    return {
        "name": txt.stem,
        "expected": exp_mapped,
        "expected_all": expected,
        "extracted_all": got_all,
        "extracted": got_mapped,
        "right": right,
        "misses": misses,
        "spurious": spurious,
    }


def diagnose_miss(exp: dict, res: dict, units: dict[str, str]) -> str:
    """Why an expected row was missed: the extracted rows carrying the same number."""
    target = raw_numbers(exp)
    ev = converted(exp, units)
    notes = []
    for got in res["extracted_all"]:
        gv = converted(got, units) if got.get("indicator") == exp["indicator"] else None
        same_conv = gv is not None and values_match(ev, gv)
        if same_conv or (raw_numbers(got) & target):
            diffs = []
            if got.get("indicator") != exp["indicator"]:
                diffs.append("indicator")
            if got.get("indicator") and key(got)[1:] != key(exp)[1:]:
                diffs.append("period")
            if got.get("indicator") == exp["indicator"] and not same_conv:
                diffs.append("value/unit")
            if not got.get("indicator"):
                diffs = ["left unmapped"] + (["period"] if key(got)[1:] != key(exp)[1:] else [])
            notes.append(f"got {show(got)} ({', '.join(diffs) or 'duplicate'})")
    return "; ".join(notes[:3]) if notes else "no extracted row carries this number"


def diagnose_spurious(got: dict, res: dict) -> str:
    nums = raw_numbers(got)
    for exp in res["expected_all"]:
        if raw_numbers(exp) & nums:
            if not exp["indicator"]:
                return f"expected unmapped: {exp['note']}"
            return f"expected {show(exp)}"
    return "no expected figure with this number"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="write the extracted CSVs to this folder")
    args = parser.parse_args(argv)
    units = canonical_units()
    chapters = sorted(p for p in HERE.glob("*_*.txt") if re.fullmatch(r"[a-z]{3}_\d{4}", p.stem))
    if not chapters:
        print("no chapters found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(args.keep) if args.keep else Path(tmp)
        outdir.mkdir(parents=True, exist_ok=True)
        results = [score_chapter(p, outdir, units) for p in chapters]

    head = (
        f"{'chapter':<10} {'expected':>8} {'extracted':>9} {'right':>5} {'recall':>7} {'prec':>7}"
    )
    print(head)
    print("-" * len(head))
    tot = [0, 0, 0]
    for res in results:
        n_exp, n_got, n_ok = len(res["expected"]), len(res["extracted"]), len(res["right"])
        tot = [tot[0] + n_exp, tot[1] + n_got, tot[2] + n_ok]
        rec = n_ok / n_exp if n_exp else float("nan")
        prec = n_ok / n_got if n_got else float("nan")
        print(f"{res['name']:<10} {n_exp:>8} {n_got:>9} {n_ok:>5} {rec:>7.1%} {prec:>7.1%}")
    print("-" * len(head))
    rec = tot[2] / tot[0] if tot[0] else float("nan")
    prec = tot[2] / tot[1] if tot[1] else float("nan")
    print(f"{'overall':<10} {tot[0]:>8} {tot[1]:>9} {tot[2]:>5} {rec:>7.1%} {prec:>7.1%}")

    qual_ok = sum(
        1 for res in results for e, g in res["right"] if e["qualifier"] == g.get("qualifier", "")
    )
    print(f"\n(info, not scored) qualifier agrees on {qual_ok}/{tot[2]} right rows")
    unmapped = sum(len(r["extracted_all"]) - len(r["extracted"]) for r in results)
    print(f"(info, not scored) extracted rows left unmapped: {unmapped}")

    print("\nMISSES (expected, not matched)")
    for res in results:
        for exp in res["misses"]:
            print(f"  {res['name']} {exp['record_id']}: {show(exp)}  <{exp['note']}>")
            print(f"      -> {diagnose_miss(exp, res, units)}")
    print("\nSPURIOUS (extracted with an indicator, not matched)")
    for res in results:
        for got in res["spurious"]:
            sentence = got.get("sentence", "") or got.get("evidence", "")
            sentence = " ".join(sentence.split())
            if len(sentence) > 90:
                sentence = sentence[:87] + "..."
            print(f"  {res['name']}: {show(got)}  conf={got.get('confidence', '')}")
            print(f"      -> {diagnose_spurious(got, res)}")
            if sentence:
                print(f'      "{sentence}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
