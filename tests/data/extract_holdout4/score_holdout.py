"""Score `drugtrends extract` on the round-4 holdout chapters, as a black box.

Usage (from anywhere)::

    /work/main/.venv/bin/python tests/data/extract_holdout4/score_holdout.py [--keep DIR]

For every ``<name>.txt`` beside this script (``<name>`` is ``<iso3>_<edition>``, e.g.
``kaz_2011``) the script runs::

    .venv/bin/drugtrends extract <name>.txt --country ISO --edition E --source-id holdout \
        --out OUT.csv

and compares OUT.csv with ``<name>.expected.csv``. An extracted row is *right* when its
indicator, period_start and period_end equal those of an expected row and its value (or, for
a range, its lower and upper bound) equals the expected one after both are converted to the
indicator's canonical unit (``data/indicators.csv`` units, ``drugtrends.units.convert_factor``;
relative tolerance 1e-6). Each expected row matches at most one extracted row.

recall = right / expected rows with an indicator;
precision = right / extracted rows with a non-empty indicator.

Expected rows with an empty indicator are figures no slug fits; they are not scored, but an
extracted row that maps such a figure counts against precision.
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
CLI = REPO / ".venv" / "bin" / "drugtrends"
SOURCE_ID = "holdout"
REL_TOL = 1e-6

sys.path.insert(0, str(REPO / "src"))
from drugtrends.units import UnitError, convert_factor  # noqa: E402


def _indicator_units() -> dict[str, str]:
    with open(REPO / "data" / "indicators.csv", newline="", encoding="utf-8") as fh:
        return {r["indicator"]: r["units"] for r in csv.DictReader(fh)}


UNITS = _indicator_units()


def _num(text: str | None) -> float | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        out = float(text)
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def _period(text: str | None, end: bool) -> str:
    """Normalize to YYYY-MM; a bare year is January (start) or December (end)."""
    text = (text or "").strip()
    if len(text) == 4 and text.isdigit():
        return f"{text}-12" if end else f"{text}-01"
    return text[:7]


def _canon(row: dict) -> dict:
    """The row's indicator, period and numbers in the indicator's canonical unit."""
    ind = (row.get("indicator") or "").strip()
    nums = {k: _num(row.get(k)) for k in ("value", "lower", "upper")}
    factor = None
    if ind in UNITS:
        try:
            factor = convert_factor(row.get("unit") or "", UNITS[ind])
        except UnitError:
            factor = None
    scaled = {k: (None if v is None or factor is None else v * factor) for k, v in nums.items()}
    return {
        "indicator": ind,
        "start": _period(row.get("period_start"), end=False),
        "end": _period(row.get("period_end"), end=True),
        "raw": nums,
        "scaled": scaled,
        "convertible": factor is not None,
        "row": row,
    }


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1e-12)


def _same_numbers(exp: dict, got: dict) -> bool:
    e, g = exp["scaled"], got["scaled"]
    if e["value"] is not None:
        return _close(e["value"], g["value"])
    ok = True
    for k in ("lower", "upper"):
        if e[k] is not None:
            ok = ok and _close(e[k], g[k])
    return ok and (e["lower"] is not None or e["upper"] is not None)


def _right(exp: dict, got: dict) -> bool:
    return (
        exp["indicator"] == got["indicator"]
        and exp["start"] == got["start"]
        and exp["end"] == got["end"]
        and got["convertible"]
        and _same_numbers(exp, got)
    )


def _raw_numbers(c: dict) -> set[float]:
    out = {v for v in c["raw"].values() if v is not None}
    out |= {v for v in c["scaled"].values() if v is not None}
    return out


def _diagnose(exp: dict, extracted: list[dict]) -> str:
    """Say what the nearest extracted row (same number) got wrong, or that none has it."""
    mine = _raw_numbers(exp)
    for got in extracted:
        if not mine & _raw_numbers(got):
            continue
        diffs = []
        if got["indicator"] != exp["indicator"]:
            diffs.append(f"indicator={got['indicator'] or '(empty)'}")
        if (got["start"], got["end"]) != (exp["start"], exp["end"]):
            diffs.append(f"period={got['start'] or '-'}..{got['end'] or '-'}")
        if got["indicator"] == exp["indicator"] and not _same_numbers(exp, got):
            r = got["row"]
            diffs.append(
                f"numbers={r.get('value')}/{r.get('lower')}/{r.get('upper')} {r.get('unit')}"
            )
        if diffs:
            return "extracted with " + ", ".join(diffs)
    return "not extracted"


def _fmt(c: dict) -> str:
    r = c["row"]
    num = r.get("value") or f"{r.get('lower') or ''}-{r.get('upper') or ''}"
    q = f" [{r['qualifier']}]" if r.get("qualifier") else ""
    return (
        f"{c['indicator'] or '(empty)'} = {num} {r.get('unit') or ''}{q} "
        f"{c['start'] or '-'}..{c['end'] or '-'}"
    )


def _snippet(row: dict, width: int = 96) -> str:
    for key in ("evidence", "sentence", "note"):
        text = " ".join((row.get(key) or "").split())
        if text:
            return text if len(text) <= width else text[: width - 3] + "..."
    return ""


def score_chapter(txt: Path, workdir: Path) -> dict:
    iso, edition = txt.stem.split("_")
    out = workdir / f"{txt.stem}.out.csv"
    cmd = [
        str(CLI),
        "extract",
        str(txt),
        "--country",
        iso.upper(),
        "--edition",
        edition,
        "--source-id",
        SOURCE_ID,
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    with open(out, newline="", encoding="utf-8") as fh:
        extracted = [_canon(r) for r in csv.DictReader(fh)]
    with open(txt.with_suffix(".expected.csv"), newline="", encoding="utf-8") as fh:
        expected = [_canon(r) for r in csv.DictReader(fh)]
    exp_mapped = [e for e in expected if e["indicator"]]
    got_mapped = [g for g in extracted if g["indicator"]]
    used: set[int] = set()
    misses = []
    for e in exp_mapped:
        hit = next((i for i, g in enumerate(got_mapped) if i not in used and _right(e, g)), None)
        if hit is None:
            misses.append(e)
        else:
            used.add(hit)
    spurious = [g for i, g in enumerate(got_mapped) if i not in used]
    return {
        "name": txt.stem,
        "expected": len(exp_mapped),
        "extracted": len(got_mapped),
        "all_rows": len(extracted),
        "right": len(used),
        "misses": [(e, _diagnose(e, extracted)) for e in misses],
        "spurious": spurious,
    }


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the extracted CSVs to this folder")
    args = parser.parse_args(argv)
    chapters = sorted(p for p in HERE.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [score_chapter(p, workdir) for p in chapters]

    head = f"{'chapter':<10} {'expected':>8} {'mapped':>7} {'all':>5} {'right':>6}"
    print(head + f" {'recall':>7} {'precision':>9}")
    tot = {"expected": 0, "extracted": 0, "all_rows": 0, "right": 0}
    for r in results:
        for k in tot:
            tot[k] += r[k]
        print(
            f"{r['name']:<10} {r['expected']:>8} {r['extracted']:>7} {r['all_rows']:>5} "
            f"{r['right']:>6} {_ratio(r['right'], r['expected']):>7} "
            f"{_ratio(r['right'], r['extracted']):>9}"
        )
    print(
        f"{'overall':<10} {tot['expected']:>8} {tot['extracted']:>7} {tot['all_rows']:>5} "
        f"{tot['right']:>6} {_ratio(tot['right'], tot['expected']):>7} "
        f"{_ratio(tot['right'], tot['extracted']):>9}"
    )
    print("\n(expected = expected rows with an indicator; mapped = extracted rows with an")
    print(" indicator; all = every extracted row; right = matches)")

    print("\nMISSES (expected row -> what the extractor did)")
    for r in results:
        for e, why in r["misses"]:
            print(f"  {r['name']} {e['row']['record_id']}: {_fmt(e)}")
            print(f"      {why}")
    print("\nSPURIOUS (extracted rows with an indicator that match no expected row)")
    for r in results:
        for g in r["spurious"]:
            print(f"  {r['name']}: {_fmt(g)}")
            snip = _snippet(g["row"])
            if snip:
                print(f'      "{snip}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
