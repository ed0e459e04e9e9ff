"""Black-box scorer for the round-6 holdout chapters of ``drugtrends extract``.

For every ``<iso3>_<edition>.txt`` beside a ``<iso3>_<edition>.expected.csv`` in this folder:

    drugtrends extract FILE.txt --country ISO3 --edition E --source-id holdout --out OUT.csv

An extracted row is *right* when it matches a not yet matched expected row on indicator,
period_start, period_end and value (value, lower and upper converted to the indicator's
canonical unit with ``drugtrends.units.convert_factor`` and the units in
``data/indicators.csv``; relative tolerance 1e-6; bounds implied by at_least/at_most filled in
as ``drugtrends.records.load`` does). Qualifiers are not scored.

recall = right / expected rows with an indicator
precision = right / extracted rows with a non-empty indicator

Usage: python score_holdout.py [--exe PATH] [--keep DIR]
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
sys.path.insert(0, str(REPO / "src"))
from drugtrends.units import UnitError, convert_factor  # noqa: E402

DEFAULT_EXE = REPO / ".venv" / "bin" / "drugtrends"


def canonical_units() -> dict[str, str]:
    with open(REPO / "data" / "indicators.csv", newline="", encoding="utf-8") as fh:
        return {r["indicator"]: r["units"] for r in csv.DictReader(fh)}


def num(text: str | None) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return math.nan


def period(text: str | None, end: bool) -> str:
    text = (text or "").strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-{'12' if end else '01'}"
    return text


def normalize(row: dict, units: dict[str, str]) -> dict | None:
    """Indicator, period and converted (value, lower, upper); None if not convertible."""
    ind = (row.get("indicator") or "").strip()
    if ind not in units:
        return None
    try:
        factor = convert_factor((row.get("unit") or "").strip(), units[ind])
    except UnitError:
        return None
    value, lower, upper = (num(row.get(c)) for c in ("value", "lower", "upper"))
    qual = (row.get("qualifier") or "").strip()
    if qual == "at_least" and lower is None:
        lower = value
    if qual == "at_most" and upper is None:
        upper = value
    vals = tuple(None if v is None else v * factor for v in (value, lower, upper))
    return {
        "indicator": ind,
        "start": period(row.get("period_start"), False),
        "end": period(row.get("period_end"), True),
        "vals": vals,
    }


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def same_value(e: dict, x: dict) -> bool:
    return all(close(a, b) for a, b in zip(e["vals"], x["vals"], strict=True))


def matches(e: dict, x: dict) -> bool:
    return (
        e["indicator"] == x["indicator"]
        and e["start"] == x["start"]
        and e["end"] == x["end"]
        and same_value(e, x)
    )


def show(row: dict) -> str:
    rng = f"{row.get('lower', '')}-{row.get('upper', '')}".strip("-")
    val = row.get("value") or rng
    return (
        f"{row.get('indicator') or '(none)'} {val} {row.get('unit', '')} "
        f"{row.get('period_start', '')}..{row.get('period_end', '')}"
    )


def run(exe: Path, txt: Path, out: Path) -> list[dict]:
    m = re.fullmatch(r"([a-z]{3})_(\d{4})", txt.stem)
    if not m:
        raise SystemExit(f"cannot read country and edition from {txt.name}")
    cmd = [
        str(exe),
        "extract",
        str(txt),
        "--country",
        m.group(1).upper(),
        "--edition",
        m.group(2),
        "--source-id",
        "holdout",
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        print(f"!! {txt.name}: exit {proc.returncode}: {proc.stderr.strip()[:500]}")
        return []
    with open(out, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", type=Path, default=DEFAULT_EXE)
    ap.add_argument("--keep", type=Path, help="keep the extracted CSVs in this folder")
    args = ap.parse_args()
    units = canonical_units()
    outdir = args.keep or Path(tempfile.mkdtemp(prefix="holdout6_"))
    outdir.mkdir(parents=True, exist_ok=True)

    table, misses, spurious = [], [], []
    tot = {"exp": 0, "ext": 0, "right": 0}
    for txt in sorted(HERE.glob("*.txt")):
        exp_file = txt.with_name(txt.stem + ".expected.csv")
        if not exp_file.is_file():
            continue
        with open(exp_file, newline="", encoding="utf-8") as fh:
            expected = [r for r in csv.DictReader(fh) if r["indicator"].strip()]
        extracted_all = run(args.exe, txt, outdir / f"{txt.stem}.csv")
        extracted = [r for r in extracted_all if (r.get("indicator") or "").strip()]
        enorm = [normalize(r, units) for r in expected]
        xnorm = [normalize(r, units) for r in extracted]
        used: set[int] = set()
        right = 0
        for i, e in enumerate(enorm):
            hit = None
            if e is not None:
                for j, x in enumerate(xnorm):
                    if j not in used and x is not None and matches(e, x):
                        hit = j
                        break
            if hit is None:
                # diagnosis: an unmatched extracted row with the same value, if any
                near = [
                    extracted[j]
                    for j, x in enumerate(xnorm)
                    if j not in used and x is not None and e is not None and same_value(e, x)
                ]
                if not near:  # same raw number under another unit or unmapped
                    near = [
                        r
                        for r in extracted_all
                        if (r.get("value") or "") == expected[i]["value"] and r["value"]
                    ]
                misses.append((txt.stem, expected[i], near[:2]))
            else:
                used.add(hit)
                right += 1
        for j, x in enumerate(extracted):
            if j not in used:
                spurious.append((txt.stem, x))
        n_exp, n_ext = len(expected), len(extracted)
        table.append((txt.stem, n_exp, n_ext, len(extracted_all), right))
        tot["exp"] += n_exp
        tot["ext"] += n_ext
        tot["right"] += right

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "   n/a"

    print(
        f"{'chapter':<10} {'expected':>8} {'extracted':>9} {'(all)':>6} {'right':>6} "
        f"{'recall':>7} {'precision':>9}"
    )
    for name, n_exp, n_ext, n_all, right in table:
        print(
            f"{name:<10} {n_exp:>8} {n_ext:>9} {n_all:>6} {right:>6} "
            f"{pct(right, n_exp):>7} {pct(right, n_ext):>9}"
        )
    n_all = sum(t[3] for t in table)
    print(
        f"{'overall':<10} {tot['exp']:>8} {tot['ext']:>9} {n_all:>6} {tot['right']:>6} "
        f"{pct(tot['right'], tot['exp']):>7} {pct(tot['right'], tot['ext']):>9}"
    )

    print(f"\nMISSES ({len(misses)})")
    for name, row, near in misses:
        print(f"- {name} {row['record_id']}: expected {show(row)}  [{row['note']}]")
        for r in near:
            print(f"    got: {show(r)}  conf={r.get('confidence', '')}")
    print(f"\nSPURIOUS ({len(spurious)})")
    for name, row in spurious:
        sent = " ".join((row.get("sentence") or row.get("evidence") or "").split())[:110]
        print(f"- {name}: {show(row)}  conf={row.get('confidence', '')}\n    | {sent}")
    print(f"\nextracted CSVs: {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
