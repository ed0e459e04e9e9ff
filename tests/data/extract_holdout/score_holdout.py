#!/usr/bin/env python
"""Score ``drugtrends extract`` on the held-out chapters in this folder, as a black box.

For every ``<name>.txt`` with a ``<name>.expected.csv`` beside it, run

    drugtrends extract <name>.txt --country XXX --edition E --source-id holdout --out OUT

(country and edition are read from the expected file) and compare the candidates with the
expected records.

A candidate is *right* when indicator, period_start and period_end equal an expected record's
and its value equals the expected value (or, for a range, lower and upper equal the expected
bounds) to 1e-6 relative, both converted to the indicator's canonical unit
(``data/indicators.csv``) with ``drugtrends.units.convert_factor``. Each expected record is
matched at most once.

    recall    = right / expected records with an indicator
    precision = right / candidate rows with a non-empty indicator

Expected rows with an empty indicator are figures with no fitting slug: they are not in the
recall denominator; the script reports whether the extractor left them unmapped (good) or gave
them an indicator (then they count against precision like any spurious row).

Usage::

    python tests/data/extract_holdout/score_holdout.py [--quiet] [--keep DIR]
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
from drugtrends.units import UnitError, convert_factor, parse_unit  # noqa: E402

REL = 1e-6


def load_canonical() -> dict[str, str]:
    with open(REPO / "data" / "indicators.csv", newline="", encoding="utf-8") as fh:
        return {r["indicator"]: r["units"] for r in csv.DictReader(fh)}


CANON = load_canonical()


def num(text: str | None) -> float | None:
    if text is None:
        return None
    text = str(text).strip().replace(",", "")
    if text == "" or text.lower() == "nan":
        return None
    try:
        return float(text)
    except ValueError:
        return None


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    return math.isclose(a, b, rel_tol=REL, abs_tol=0.0)


def scaled(row: dict, indicator: str | None = None) -> tuple[float | None, ...] | None:
    """(value, lower, upper) in the canonical unit of ``indicator`` (default: the row's)."""
    ind = indicator if indicator is not None else row.get("indicator", "")
    try:
        if ind and ind in CANON:
            f = convert_factor(row.get("unit", ""), CANON[ind])
        else:
            f = parse_unit(row.get("unit", "")).factor
    except UnitError:
        return None
    return tuple(
        None if (v := num(row.get(c))) is None else v * f for c in ("value", "lower", "upper")
    )


def base(row: dict) -> tuple[str, tuple[float | None, ...]] | None:
    """Canonical dimension and (value, lower, upper) regardless of indicator (diagnostics)."""
    try:
        p = parse_unit(row.get("unit", ""))
    except UnitError:
        return None
    vals = tuple(
        None if (v := num(row.get(c))) is None else v * p.factor
        for c in ("value", "lower", "upper")
    )
    return p.canonical, vals


def same_value(exp: dict, got: dict, indicator: str | None = None) -> bool:
    """Value (or bounds of a range) agree, in the canonical unit of ``indicator``."""
    e = scaled(exp, indicator)
    g = scaled(got, indicator)
    if e is None or g is None:
        return False
    ev, el, eu = e
    gv, gl, gu = g
    if ev is not None:
        return close(ev, gv)
    return close(el, gl) and close(eu, gu)


def same_base_value(exp: dict, got: dict) -> bool:
    """Value agrees after converting each row by its own unit (ignores the indicator)."""
    e, g = base(exp), base(got)
    if e is None or g is None:
        # fall back to raw numbers
        ev = [num(exp.get(c)) for c in ("value", "lower", "upper")]
        gv = [num(got.get(c)) for c in ("value", "lower", "upper")]
        return any(x is not None and any(close(x, y) for y in gv if y is not None) for x in ev)
    (ec, ev), (gc, gv) = e, g
    if ec != gc:
        return False
    if ev[0] is not None:
        return close(ev[0], gv[0]) or (
            gv[0] is None and (close(ev[0], gv[1]) or close(ev[0], gv[2]))
        )
    return close(ev[1], gv[1]) and close(ev[2], gv[2])


def same_raw_numbers(exp: dict, got: dict) -> bool:
    """Same numbers as written (value or both bounds), whatever the unit (diagnostics)."""
    ev = [num(exp.get(c)) for c in ("value", "lower", "upper")]
    gv = [num(got.get(c)) for c in ("value", "lower", "upper")]
    if ev[0] is not None:
        return close(ev[0], gv[0])
    return close(ev[1], gv[1]) and close(ev[2], gv[2])


def period(row: dict) -> tuple[str, str]:
    return (row.get("period_start", "") or "").strip(), (row.get("period_end", "") or "").strip()


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def cli() -> list[str]:
    exe = Path(sys.executable).with_name("drugtrends")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "drugtrends"]


def run_extract(txt: Path, country: str, edition: str, out: Path) -> None:
    cmd = [
        *cli(),
        "extract",
        str(txt),
        "--country",
        country,
        "--edition",
        edition,
        "--source-id",
        "holdout",
        "--out",
        str(out),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if res.returncode != 0:
        raise SystemExit(f"extract failed on {txt.name} ({res.returncode}):\n{res.stderr}")


def describe(row: dict) -> str:
    val = row.get("value") or f"{row.get('lower')}-{row.get('upper')}"
    q = f" [{row['qualifier']}]" if row.get("qualifier") else ""
    return (
        f"{row.get('indicator') or '(unmapped)'} = {val} {row.get('unit', '')}{q} "
        f"{row.get('period_start', '')}..{row.get('period_end', '')}"
    )


def snippet(row: dict, width: int = 160) -> str:
    for col in ("sentence", "evidence"):
        text = row.get(col, "")
        if text:
            text = " ".join(text.split())
            return text if len(text) <= width else text[: width - 3] + "..."
    return ""


def score_chapter(name: str, expected: list[dict], got: list[dict]) -> dict:
    mapped = [r for r in expected if r["indicator"]]
    unmapped = [r for r in expected if not r["indicator"]]
    cand = [r for r in got if r.get("indicator")]
    used: set[int] = set()
    right: list[tuple[dict, dict]] = []
    misses: list[dict] = []
    for exp in mapped:
        hit = None
        for i, g in enumerate(cand):
            if i in used:
                continue
            if (
                g["indicator"] == exp["indicator"]
                and period(g) == period(exp)
                and same_value(exp, g)
            ):
                hit = i
                break
        if hit is None:
            misses.append(exp)
        else:
            used.add(hit)
            right.append((exp, cand[hit]))
    spurious = [g for i, g in enumerate(cand) if i not in used]

    # diagnostics for misses: what the extractor did with the same number, if anything
    miss_diag = []
    for exp in misses:
        near = [g for g in got if same_base_value(exp, g)]
        raw = [g for g in got if same_raw_numbers(exp, g)]
        if not near and raw:
            best = raw[0]
            cause = "unit wrong" + ("" if best.get("indicator") else ", left unmapped")
        elif not near:
            cause = "figure not extracted"
            best = None
        else:
            same_ind = [g for g in near if g.get("indicator") == exp["indicator"]]
            same_per = [g for g in near if period(g) == period(exp)]
            if same_ind:
                best = same_ind[0]
                cause = "period wrong" if period(best) != period(exp) else "value/unit wrong"
            elif same_per:
                best = same_per[0]
                cause = "left unmapped" if not best.get("indicator") else "indicator wrong"
            else:
                best = near[0]
                cause = (
                    "left unmapped, period wrong"
                    if not best.get("indicator")
                    else "indicator and period wrong"
                )
        miss_diag.append((exp, cause, best))

    # diagnostics for spurious rows
    spur_diag = []
    for g in spurious:
        m_exp = [e for e in mapped if same_base_value(e, g)]
        u_exp = [e for e in unmapped if same_base_value(e, g)]
        if m_exp:
            e = m_exp[0]
            if g["indicator"] == e["indicator"]:
                cause = "period wrong" if period(g) != period(e) else "duplicate / value wrong"
            else:
                cause = (
                    "indicator wrong" if period(g) == period(e) else "indicator and period wrong"
                )
            spur_diag.append((g, cause, e))
        elif u_exp:
            spur_diag.append((g, "figure without a slug given an indicator", u_exp[0]))
        else:
            spur_diag.append((g, "not an expected figure (distractor or invented)", None))

    unmapped_ok = sum(
        1 for e in unmapped if any(same_base_value(e, g) and not g.get("indicator") for g in got)
    )
    qual_ok = sum(1 for e, g in right if (e.get("qualifier") or "") == (g.get("qualifier") or ""))
    return {
        "name": name,
        "expected": len(mapped),
        "unmapped_expected": len(unmapped),
        "unmapped_ok": unmapped_ok,
        "extracted": len(cand),
        "extracted_all": len(got),
        "right": len(right),
        "qual_ok": qual_ok,
        "misses": miss_diag,
        "spurious": spur_diag,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quiet", action="store_true", help="print only the table")
    ap.add_argument("--keep", type=Path, help="write the extractor's CSVs to this folder")
    args = ap.parse_args(argv)

    chapters = sorted(p for p in HERE.glob("*.txt") if p.with_suffix(".expected.csv").exists())
    if not chapters:
        raise SystemExit(f"no <name>.txt with <name>.expected.csv in {HERE}")
    outdir = args.keep or Path(tempfile.mkdtemp(prefix="holdout-"))
    outdir.mkdir(parents=True, exist_ok=True)

    results = []
    for txt in chapters:
        exp_path = txt.with_suffix(".expected.csv")
        expected = read_csv(exp_path)
        country = expected[0]["country"]
        edition = expected[0]["edition"]
        out = outdir / f"{txt.stem}.out.csv"
        run_extract(txt, country, edition, out)
        results.append(score_chapter(txt.stem, expected, read_csv(out)))

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "   n/a"

    head = (
        f"{'chapter':<10} {'expected':>8} {'extracted':>9} {'right':>5} {'recall':>7} "
        f"{'precision':>9} {'qualifier ok':>12} {'no-slug left unmapped':>21}"
    )
    print(head)
    print("-" * len(head))
    tot = {
        k: 0
        for k in ("expected", "extracted", "right", "qual_ok", "unmapped_expected", "unmapped_ok")
    }
    for r in results:
        for k in tot:
            tot[k] += r[k]
        print(
            f"{r['name']:<10} {r['expected']:>8} {r['extracted']:>9} {r['right']:>5} "
            f"{pct(r['right'], r['expected']):>7} {pct(r['right'], r['extracted']):>9} "
            f"{r['qual_ok']:>5}/{r['right']:<6} {r['unmapped_ok']:>14}/{r['unmapped_expected']:<6}"
        )
    print("-" * len(head))
    print(
        f"{'overall':<10} {tot['expected']:>8} {tot['extracted']:>9} {tot['right']:>5} "
        f"{pct(tot['right'], tot['expected']):>7} {pct(tot['right'], tot['extracted']):>9} "
        f"{tot['qual_ok']:>5}/{tot['right']:<6} "
        f"{tot['unmapped_ok']:>14}/{tot['unmapped_expected']:<6}"
    )
    print(f"\n(extractor output kept in {outdir})")

    if args.quiet:
        return 0
    for r in results:
        print(f"\n=== {r['name']}: {len(r['misses'])} missed, {len(r['spurious'])} spurious")
        for exp, cause, best in r["misses"]:
            print(f"  MISS  [{cause}] expected {describe(exp)} ({exp['record_id']})")
            if best is not None:
                print(f"        got      {describe(best)}")
                if snippet(best):
                    print(f"        sentence: {snippet(best)}")
        for g, cause, e in r["spurious"]:
            print(f"  SPUR  [{cause}] got {describe(g)}")
            if e is not None:
                print(f"        expected {describe(e)} ({e['record_id']})")
            if snippet(g):
                print(f"        sentence: {snippet(g)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
