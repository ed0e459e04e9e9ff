"""Score `drugtrends extract` on the round-5 holdout chapters, as a black box.

Usage (from anywhere)::

    /work/main/.venv/bin/python tests/data/extract_holdout5/score_holdout.py [--cli PATH]

For every ``<name>.txt`` beside this script with a ``<name>.expected.csv`` (name is
``<iso3>_<edition>``, e.g. ``kaz_2019``) it runs::

    drugtrends extract <name>.txt --country ISO3 --edition E --source-id holdout --out OUT.csv

A candidate is right when indicator, period_start, period_end and the value (or the
lower/upper bounds of a range) agree with one expected row, values compared after
conversion to the indicator's canonical unit (``data/indicators.csv``) with
``drugtrends.units.convert_factor`` at a relative tolerance of 1e-6. Each expected row can
be matched once. Qualifiers, units as written and notes are not scored. An ``at_least`` or
``at_most`` figure written as a lone bound (value empty) matches the same number as value.

recall = right / expected rows with an indicator;
precision = right / extracted rows with a non-empty indicator.
"""

from __future__ import annotations

import argparse
import csv
import math
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "src"))

from drugtrends.units import UnitError, convert_factor  # noqa: E402

REL = 1e-6


def load_units() -> dict[str, str]:
    with open(REPO / "data" / "indicators.csv", newline="", encoding="utf-8") as fh:
        return {r["indicator"]: r["units"] for r in csv.DictReader(fh)}


def num(text: str | None) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        out = float(text.replace(",", ""))
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def canon(row: dict, units: dict[str, str]) -> dict | None:
    """The row's numbers in canonical units, or None when the unit does not convert."""
    ind = (row.get("indicator") or "").strip()
    if ind not in units:
        return None
    try:
        f = convert_factor((row.get("unit") or "").strip(), units[ind])
    except (UnitError, ValueError):
        return None
    vals = {k: num(row.get(k)) for k in ("value", "lower", "upper")}
    return {k: (None if v is None else v * f) for k, v in vals.items()}


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-12)


def same_numbers(exp: dict, got: dict) -> bool:
    if exp["value"] is not None:
        if got["value"] is not None:
            return close(exp["value"], got["value"])
        bounds = [b for b in (got["lower"], got["upper"]) if b is not None]
        return len(bounds) == 1 and close(exp["value"], bounds[0])
    if got["value"] is None:
        return close(exp["lower"], got["lower"]) and close(exp["upper"], got["upper"])
    lone = [b for b in (exp["lower"], exp["upper"]) if b is not None]
    return len(lone) == 1 and close(lone[0], got["value"])


def key(row: dict) -> tuple[str, str, str]:
    return tuple((row.get(c) or "").strip() for c in ("indicator", "period_start", "period_end"))


def fmt(row: dict) -> str:
    v = row.get("value") or f"{row.get('lower', '')}-{row.get('upper', '')}"
    q = f" {row['qualifier']}" if row.get("qualifier") else ""
    ind = row.get("indicator") or "(unmapped)"
    end = row.get("period_end") or "open"
    return f"{ind} = {v} {row.get('unit', '')}{q} [{row.get('period_start') or '-'}..{end}]"


def run(cli: str, txt: Path, out: Path) -> list[dict]:
    country, edition = txt.stem.split("_")
    cmd = [
        cli,
        "extract",
        str(txt),
        "--country",
        country.upper(),
        "--edition",
        edition,
        "--source-id",
        "holdout",
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        print(f"extract failed on {txt.name}: {proc.stderr.strip()[:500]}")
        return []
    with open(out, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def score(name: str, expected: list[dict], got: list[dict], units: dict[str, str]) -> dict:
    exp = [r for r in expected if (r.get("indicator") or "").strip()]
    ext = [r for r in got if (r.get("indicator") or "").strip()]
    used: set[int] = set()
    right, misses = 0, []
    for e in exp:
        ce = canon(e, units)
        hit = None
        for j, x in enumerate(ext):
            if j in used or key(x) != key(e):
                continue
            cx = canon(x, units)
            if ce is not None and cx is not None and same_numbers(ce, cx):
                hit = j
                break
        if hit is None:
            misses.append(e)
        else:
            used.add(hit)
            right += 1
    spurious = [x for j, x in enumerate(ext) if j not in used]
    return {
        "name": name,
        "exp": len(exp),
        "ext": len(ext),
        "right": right,
        "misses": misses,
        "spurious": spurious,
        "all": got,
    }


def nearest(e: dict, got: list[dict], units: dict[str, str]) -> str:
    """What the extractor wrote for the same number, to help see why a row was missed."""
    want = [num(e.get(c)) for c in ("value", "lower", "upper")]
    want = [w for w in want if w is not None]
    hits = []
    for x in got:
        have = [num(x.get(c)) for c in ("value", "lower", "upper")]
        if any(h is not None and any(math.isclose(h, w, rel_tol=REL) for w in want) for h in have):
            hits.append(fmt(x))
    return "; ".join(hits[:3]) if hits else "no candidate with that number"


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", default=str(REPO / ".venv" / "bin" / "drugtrends"))
    args = ap.parse_args()
    units = load_units()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for txt in sorted(HERE.glob("*.txt")):
            exp_file = HERE / f"{txt.stem}.expected.csv"
            if not exp_file.is_file():
                continue
            with open(exp_file, newline="", encoding="utf-8") as fh:
                expected = list(csv.DictReader(fh))
            got = run(args.cli, txt, Path(tmp) / f"{txt.stem}.out.csv")
            results.append(score(txt.stem, expected, got, units))
    head = f"{'chapter':<10} {'expected':>8} {'extracted':>9} {'right':>6} {'recall':>7} "
    print(head + f"{'precision':>9}")
    tot = {"exp": 0, "ext": 0, "right": 0}
    for r in results:
        for k in tot:
            tot[k] += r[k]
        print(
            f"{r['name']:<10} {r['exp']:>8} {r['ext']:>9} {r['right']:>6} "
            f"{pct(r['right'], r['exp']):>7} {pct(r['right'], r['ext']):>9}"
        )
    print(
        f"{'overall':<10} {tot['exp']:>8} {tot['ext']:>9} {tot['right']:>6} "
        f"{pct(tot['right'], tot['exp']):>7} {pct(tot['right'], tot['ext']):>9}"
    )
    print("\nMISSES (expected row -> what the extractor wrote for that number)")
    for r in results:
        for e in r["misses"]:
            print(f"  {r['name']} {e['record_id']}: {fmt(e)}  ({e.get('note', '')})")
            print(f"      got: {nearest(e, r['all'], units)}")
    print("\nSPURIOUS (mapped candidates matching no expected row)")
    for r in results:
        for x in r["spurious"]:
            sent = " ".join((x.get("sentence") or x.get("evidence") or "").split())
            print(f"  {r['name']}: {fmt(x)}")
            if sent:
                print(f"      in: {sent[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
