"""World drug-series benchmark: ``auto`` beside statsforecast on UNODC seizure series.

Two panels from ``shared/data/unodc_world`` (beside the repository, or under
``$DRUGTRENDS_SHARED``; without them the script says so and exits 0):

1. **ARQ 1990-2019** (:func:`arq_panel`): national seizure totals by country (ISO3) and
   drug; for each pair, its longest run of consecutive years with positive values ending at
   its last year, kept when it has at least :data:`MIN_YEARS` years; the last
   :data:`TEST` years are the test part (343 series).
2. **ARQ + WDR 2018-2022** (:func:`extended_panel`): the same runs, continued by the WDR
   seizure figures of the years after a run's last year, where they continue it (the next
   years, consecutive and positive; the WDR's duplicate rows per country, year and drug
   summed; aggregate rows, "Total ..." drugs, the cocaine "total of the above" and
   "Reported total" subgroups, skipped; WDR drug names mapped to the ARQ names by
   :data:`WDR_NAMES`). Its last :data:`TEST` years are the test part.

On each panel, ``auto`` (the engine behind ``drugtrends forecast``) runs beside
statsforecast's AutoETS, AutoTheta, DynamicOptimizedTheta, AutoARIMA and the mean of
AutoETS, DOTheta and AutoARIMA, in one run, and the script prints sMAPE, MASE, MSIS (95 %),
80 % / 95 % coverage and series/s per method (means over series, as in
``m3_yearly.py``). Then ``auto``'s 80 % / 95 % coverage per horizon 1-10 on the series
long enough to hold out ten years (at least ten training years left).

``--loco`` adds the leave-country-out test of one-country calls: each country's series of
panel 1 forecast alone (as ``dt.forecast`` does for one country's Dataset: below
``MIN_OWN_SERIES`` series, a reference table), with the drug reference table rebuilt from
the training parts of the other countries' series only (pooled with M3 as the shipped one,
``WORLD_SHARE`` in ``reference_table.py``), beside the M3 reference table.

Usage::

    python benchmarks/domain.py [--no-statsforecast] [--loco] [--panel arq|wdr|both]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

MIN_YEARS = 15
TEST = 5
LEVELS = (80, 95)
LONG_H = 10
"""Horizons of the coverage-by-horizon table."""

WDR_NAMES = {
    "Cannabis herb (marijuana)": "Marijuana (herb)",
    "Cannabis resin (hashish)": "Hashish (resin)",
    "Cocaine hydrochloride": "Cocaine salts",
    '"Crack" cocaine': "Crack",
    "Coca paste/refined cocaine base (intermediate products) (please specify)": (
        "Coca paste/cocaine base"
    ),
    "Other coca/cocaine-type drugs": "Other coca/cocaine type",
}
"""WDR drug names that differ from the ARQ name of the same item (other names are equal)."""


def data_dir() -> Path | None:
    env = os.environ.get("DRUGTRENDS_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT / ".." / "shared", ROOT / "shared"]:
        if (cand / "data" / "unodc_world" / "unodc_seizures_1990_2019.csv").exists():
            return (cand / "data" / "unodc_world").resolve()
    return None


def _run(years: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The longest run of consecutive years with positive values ending at the last year."""
    order = np.argsort(years)
    years, values = years[order], values[order]
    pos = values > 0
    if not pos.any():
        return years[:0], values[:0]
    last = int(np.flatnonzero(pos)[-1])
    first = last
    while first > 0 and pos[first - 1] and years[first - 1] == years[first] - 1:
        first -= 1
    return years[first : last + 1], values[first : last + 1]


def arq_runs(path: Path) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """Every (ISO3, drug) run of :func:`_run` of the ARQ file with at least
    :data:`MIN_YEARS` years: ``{key: (years, values)}``."""
    d = pd.read_csv(path / "unodc_seizures_1990_2019.csv")
    out = {}
    for (iso, drug), g in d.groupby(["iso3", "drug"], sort=True):
        yrs, vals = _run(g.year.to_numpy(int), g.value.to_numpy(float))
        if yrs.size >= MIN_YEARS:
            out[(iso, drug)] = (yrs, vals)
    return out


def wdr_totals(path: Path) -> pd.Series:
    """WDR 2018-2022 seizures summed per (ISO3, ARQ drug name, year), aggregates skipped."""
    w = pd.read_csv(path / "wdr_seizures_2018_2022.csv")
    drug = w.drug.astype(str)
    note = w.note.fillna("").astype(str)
    aggregate = (
        drug.str.startswith("Total")
        | drug.str.contains("total of the above", case=False, regex=False)
        | note.str.contains("subgroup=Reported total", case=False, regex=False)
    )
    w = w[~aggregate].assign(drug=drug[~aggregate].replace(WDR_NAMES))
    return w.groupby(["iso3", "drug", "year"]).value.sum()


def split(runs: dict) -> tuple[list[str], list[np.ndarray], list[np.ndarray]]:
    ids, train, test = [], [], []
    for (iso, drug), (_, vals) in runs.items():
        ids.append(f"{iso}/{drug}")
        train.append(vals[:-TEST])
        test.append(vals[-TEST:])
    return ids, train, test


def arq_panel(path: Path) -> tuple[list[str], list[np.ndarray], list[np.ndarray]]:
    """Panel 1: ids, training parts and test parts (see the module docstring)."""
    return split(arq_runs(path))


def extended_runs(path: Path) -> dict:
    """The ARQ runs continued by the WDR figures of the following years (consecutive,
    positive)."""
    runs = arq_runs(path)
    wdr = wdr_totals(path)
    out = {}
    for (iso, drug), (yrs, vals) in runs.items():
        add_y, add_v = [], []
        year = int(yrs[-1]) + 1
        while (iso, drug, year) in wdr.index and wdr[(iso, drug, year)] > 0:
            add_y.append(year)
            add_v.append(float(wdr[(iso, drug, year)]))
            year += 1
        out[(iso, drug)] = (np.append(yrs, add_y), np.append(vals, add_v))
    return out


def extended_panel(path: Path) -> tuple[list[str], list[np.ndarray], list[np.ndarray], int]:
    """Panel 2 and the number of series that the WDR figures continue."""
    runs = arq_runs(path)
    ext = extended_runs(path)
    n_cont = sum(1 for k in runs if ext[k][0].size > runs[k][0].size)
    ids, train, test = split(ext)
    return ids, train, test, n_cont


def run_auto(train, test, table=None, h: int = TEST) -> tuple[dict, object]:
    from drugtrends.backtesting import score
    from drugtrends.models.engine import forecast_arrays

    t0 = time.perf_counter()
    out = forecast_arrays(train, h, LEVELS, "auto", table=table)
    secs = time.perf_counter() - t0
    sc = score(train, test, out.mean, out.quantiles, out.probs, LEVELS)
    return _row("auto", "drugtrends", sc, secs, len(train)), out


def _row(name: str, source: str, sc: dict, secs: float, n: int) -> dict:
    from m3_yearly import summarize

    row = summarize(name, source, sc, secs, n)
    row.pop("series/cpu-s", None)
    return row


def coverage_by_horizon(ids, runs: dict, h: int = LONG_H) -> pd.DataFrame:
    """``auto``'s coverage per horizon on the series with at least ten training years left
    after holding out their last ``h`` years."""
    from drugtrends.backtesting import covered
    from drugtrends.models.engine import forecast_arrays

    train, test = [], []
    for _, vals in runs.values():
        if vals.size >= h + 10:
            train.append(vals[:-h])
            test.append(vals[-h:])
    out = forecast_arrays(train, h, LEVELS, "auto")
    rows = []
    for k in range(h):
        row = {"horizon": k + 1, "series": len(train)}
        for lv in LEVELS:
            a = (100 - lv) / 200
            jl = int(np.argmin(np.abs(out.probs - a)))
            ju = int(np.argmin(np.abs(out.probs - (1 - a))))
            y = np.array([t[k] for t in test])
            lo, hi = out.quantiles[:, k, jl], out.quantiles[:, k, ju]
            ok = np.isfinite(lo) & np.isfinite(hi)
            row[f"cov{lv}"] = float(np.mean(covered(y[ok], lo[ok], hi[ok])))
        rows.append(row)
    return pd.DataFrame(rows)


def panel_table_rows(path: Path, title: str, ids, train, test, sf: bool) -> pd.DataFrame:
    from m3_yearly import _print, run_statsforecast

    rows = []
    print(f"running auto on {title} ...", file=sys.stderr, flush=True)
    rows.append(run_auto(train, test)[0])
    if sf:
        print(f"running statsforecast on {title} ...", file=sys.stderr, flush=True)
        rows += run_statsforecast(ids, train, test, h=TEST)
    for r in rows:
        r.pop("series/cpu-s", None)
    n_test = sum(int(np.isfinite(t).sum()) for t in test)
    return _print(
        f"{title}: {len(ids)} series, last {TEST} years held out ({n_test} test values); "
        f"metrics over h = 1..{TEST}",
        rows,
    )


def loco(path: Path) -> pd.DataFrame:
    """Leave-country-out one-country calls on panel 1 (see the module docstring)."""
    from reference_table import PROBS, WORLD_SHARE, m3_scores, panel_scores, pooled_rows

    from drugtrends.backtesting import score
    from drugtrends.models.base import levels_to_probs
    from drugtrends.models.calibration import grid_table
    from drugtrends.models.engine import forecast_arrays

    ids, train, test = arq_panel(path)
    probs_grid = np.asarray(PROBS, dtype=float)
    raw, log = panel_scores(train)
    m3_raw, m3_log = m3_scores()
    shares = [1 - WORLD_SHARE, WORLD_SHARE]
    countries = np.array([i.split("/")[0] for i in ids])
    probs = levels_to_probs(LEVELS)
    rows = []
    for label in ("M3 reference table", "drug table without the country"):
        mean = np.full((len(ids), TEST), np.nan)
        quant = np.full((len(ids), TEST, probs.size), np.nan)
        for c in np.unique(countries):
            idx = np.flatnonzero(countries == c)
            table = None
            if label.startswith("drug"):
                keep = countries != c
                q_raw = pooled_rows([m3_raw, raw[keep]], shares, probs_grid)
                q_log = pooled_rows([m3_log, log[keep]], shares, probs_grid)
                n_err = np.isfinite(raw[keep].reshape(-1, raw.shape[-1])).sum(axis=0)
                table = grid_table(probs_grid, q_raw, q_log, n_err, probs, TEST)
            out = forecast_arrays([train[i] for i in idx], TEST, LEVELS, "auto", table=table)
            mean[idx], quant[idx] = out.mean, out.quantiles
        sc = score(train, test, mean, quant, probs, LEVELS)
        rows.append(_row("auto, one country per call", label, sc, np.nan, len(ids)))
    from m3_yearly import _print

    return _print(
        f"Leave-country-out on panel 1: each of {len(np.unique(countries))} countries' series "
        "forecast alone",
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--panel", choices=("arq", "wdr", "both"), default="both")
    p.add_argument("--no-statsforecast", action="store_true")
    p.add_argument("--loco", action="store_true", help="leave-country-out one-country calls")
    from m3_yearly import add_weighting_option, use_weighting

    add_weighting_option(p)
    args = p.parse_args(argv)
    use_weighting(args.weighting)
    warnings.filterwarnings("ignore")
    path = data_dir()
    if path is None:
        print("shared/data/unodc_world not found (beside the repo, or $DRUGTRENDS_SHARED)")
        return 0
    sf = not args.no_statsforecast
    if args.panel in ("arq", "both"):
        ids, train, test = arq_panel(path)
        panel_table_rows(path, "World panel 1 (UNODC ARQ seizures 1990-2019)", ids, train, test, sf)
        print()
        print(f"auto: coverage by horizon, ARQ runs holding out their last {LONG_H} years")
        print(coverage_by_horizon(ids, arq_runs(path)).to_string(index=False))
        print()
    if args.panel in ("wdr", "both"):
        ids, train, test, n_cont = extended_panel(path)
        panel_table_rows(
            path,
            f"World panel 2 (ARQ 1990-2019 continued by WDR 2018-2022 in {n_cont} series)",
            ids,
            train,
            test,
            sf,
        )
        print()
        print(f"auto: coverage by horizon, extended runs holding out their last {LONG_H} years")
        print(coverage_by_horizon(ids, extended_runs(path)).to_string(index=False))
        print()
    if args.loco:
        loco(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
