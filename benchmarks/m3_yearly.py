"""M3 yearly benchmark: accuracy, interval quality and speed of drugtrends' models.

Runs the engine behind ``drugtrends forecast`` on the 645 yearly M3 series (horizon 6, the
competition's train/test split) for ``auto`` and each model, beside statsforecast's
AutoETS, AutoTheta, DynamicOptimizedTheta, AutoARIMA and the mean of AutoETS, DOTheta and
AutoARIMA run in the same process on the same data (with intervals at the same levels), and
beside the published figures. Prints one table.

A second table checks the same engine out of sample on a panel that is not M3 and whose
test years were never used to design the method (its training parts were used in the
validation of the calibration rules): the UNODC seizure series shipped with the package
(:func:`unodc_panel`: full-year UNODC figures by country and indicator, positive values,
series with at least 12 years; the last 6 years of each series are the test years).
``--panel m3`` or ``--panel unodc`` runs one of the two.

Calibration uses only each series' training part (rolling origins inside it); the test
years are used for scoring only. Per-series models (statsmodels, Prophet) keep their own
intervals by default (``--calibrate-all`` calibrates them too, at ~7x the time).

The data live in ``shared/bench/m3_yearly`` beside the repository (or under
``$DRUGTRENDS_SHARED``); without them the script says so and exits 0.

Usage::

    python benchmarks/m3_yearly.py [--panel both|m3|unodc] [--models auto fast naive ...]
                                   [--no-statsforecast]
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

OUR_MODELS = [
    "auto",
    "naive",
    "drift",
    "fast-ses",
    "fast-damped",
    "fast-theta",
    "fast-dotm",
    "ets",
    "arima",
    "llt",
    "theta",
    "prophet",
    "combination",
]
FAST = {"auto", "fast", "naive", "drift", "fast-ses", "fast-damped", "fast-theta", "fast-dotm"}
UNODC_MODELS = ["auto", "fast", "naive", "drift", "fast-ses", "fast-damped", "fast-theta"]
LEVELS = (80, 95)
H = 6
UNODC_MIN_YEARS = 12


def shared_dir() -> Path | None:
    env = os.environ.get("DRUGTRENDS_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT / ".." / "shared", ROOT / "shared"]:
        if (cand / "bench" / "m3_yearly" / "data.csv").exists():
            return cand.resolve()
    return None


def load_m3(shared: Path) -> tuple[list[str], list[np.ndarray], list[np.ndarray]]:
    d = pd.read_csv(shared / "bench" / "m3_yearly" / "data.csv")
    d = d.sort_values(["series_id", "t"])
    ids, train, test = [], [], []
    for sid, g in d.groupby("series_id", sort=True):
        ids.append(str(sid))
        train.append(g.loc[g.split == "train", "value"].to_numpy(float))
        test.append(g.loc[g.split == "test", "value"].to_numpy(float))
    return ids, train, test


def unodc_panel(min_years: int = UNODC_MIN_YEARS) -> tuple[list[str], list, list]:
    """The UNODC seizure series shipped with the package, split into train and test.

    Records with ``source_kind == "UNODC"`` covering twelve months and a positive value,
    one per (country, indicator, year) (the latest edition wins where two editions
    overlap), grouped by country and indicator; series with at least ``min_years``
    observed years. Each series runs over its calendar years (NaN where a year is
    missing); its last :data:`H` years are the test years, the years before the training
    part.
    """
    import drugtrends as dt

    r = dt.records.load()
    u = r[(r.source_kind == "UNODC") & (r.months == 12) & (r.value > 0)]
    u = u.sort_values(["edition", "record_id"]).drop_duplicates(
        ["country", "indicator", "year"], keep="last"
    )
    ids, train, test = [], [], []
    for (c, ind), g in u.groupby(["country", "indicator"], sort=True):
        if len(g) < min_years:
            continue
        years = g.year.to_numpy(int)
        full = np.full(years.max() - years.min() + 1, np.nan)
        full[years - years.min()] = g.value.to_numpy(float)
        ids.append(f"{c}/{ind}")
        train.append(full[:-H])
        test.append(full[-H:])
    return ids, train, test


def _gap_free(y: np.ndarray) -> np.ndarray:
    """Leading NaN dropped and inner gaps filled log-linearly (for statsforecast)."""
    ok = np.flatnonzero(np.isfinite(y))
    y = y[ok[0] : ok[-1] + 1]
    idx = np.arange(y.size)
    good = np.isfinite(y)
    return np.exp(np.interp(idx, idx[good], np.log(y[good])))


def summarize(name: str, source: str, sc: dict[str, np.ndarray], secs: float, n: int) -> dict:
    row = {"method": name, "source": source}
    for k, label in [
        ("smape", "sMAPE"),
        ("mase", "MASE"),
        ("msis_95", "MSIS95"),
        ("coverage_80", "cov80"),
        ("coverage_95", "cov95"),
    ]:
        v = sc.get(k)
        row[label] = float(np.nanmean(v)) if v is not None else np.nan
    row["series/s"] = n / secs if secs and secs > 0 else np.nan
    row["series/cpu-s"] = np.nan  # (ours only: the machine is shared, wall time varies)
    return row


def run_ours(model: str, train, test, calibrate_all: bool) -> dict:
    from drugtrends.backtesting import score
    from drugtrends.models.engine import forecast_arrays

    cal = "conformal" if (model in FAST or calibrate_all) else "none"
    t0, c0 = time.perf_counter(), time.process_time()
    out = forecast_arrays(train, H, LEVELS, model, calibration=cal)
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    sc = score(train, test, out.mean, out.quantiles, out.probs, LEVELS)
    failed = sum(1 for m in out.model if m != (model if model != "auto" else "auto"))
    src = f"drugtrends ({'conformal' if cal == 'conformal' else 'own'} intervals"
    src += f"; {failed} fallback)" if failed else ")"
    row = summarize(model, src, sc, secs, len(train))
    row["series/cpu-s"] = len(train) / cpu if cpu > 0 else np.nan
    return row


def run_statsforecast(ids, train, test, gaps: bool = False, h: int = H) -> list[dict]:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, DynamicOptimizedTheta

    from drugtrends.backtesting import score

    fit = [_gap_free(y) for y in train] if gaps else train
    df = pd.concat(
        [
            pd.DataFrame({"unique_id": i, "ds": np.arange(1, y.size + 1), "y": y})
            for i, y in zip(ids, fit, strict=True)
        ]
    )
    probs = np.array([0.025, 0.1, 0.5, 0.9, 0.975])
    models = {
        "AutoETS": AutoETS,
        "AutoTheta": AutoTheta,
        "DynamicOptimizedTheta": DynamicOptimizedTheta,
        "AutoARIMA": AutoARIMA,
    }
    # warm-up (numba compilation) on a few series, so that timings measure fitting
    warm = df[df.unique_id.isin(ids[:3])]
    for cls in models.values():
        StatsForecast(models=[cls()], freq=1, n_jobs=1).forecast(df=warm, h=h, level=list(LEVELS))
    res, rows = {}, []
    for name, cls in models.items():
        t0 = time.perf_counter()
        fc = StatsForecast(models=[cls()], freq=1, n_jobs=1).forecast(
            df=df, h=h, level=list(LEVELS)
        )
        secs = time.perf_counter() - t0
        fc = fc.reset_index() if "unique_id" not in fc.columns else fc
        col = next(
            c
            for c in fc.columns
            if c not in ("unique_id", "ds") and "-lo-" not in c and "-hi-" not in c
        )
        g = {k: v.sort_values("ds") for k, v in fc.groupby("unique_id")}
        mean = np.stack([g[i][col].to_numpy(float) for i in ids])
        q = np.stack(
            [
                np.column_stack(
                    [
                        g[i][f"{col}-lo-95"],
                        g[i][f"{col}-lo-80"],
                        g[i][col],
                        g[i][f"{col}-hi-80"],
                        g[i][f"{col}-hi-95"],
                    ]
                ).astype(float)
                for i in ids
            ]
        )
        res[name] = (mean, q, secs)
        rows.append(
            summarize(
                name,
                "statsforecast 2.x, same run",
                score(train, test, mean, q, probs, LEVELS),
                secs,
                len(ids),
            )
        )
    combo = ["AutoETS", "DynamicOptimizedTheta", "AutoARIMA"]
    mean = np.mean([res[k][0] for k in combo], axis=0)
    q = np.mean([res[k][1] for k in combo], axis=0)
    secs = sum(res[k][2] for k in combo)
    rows.append(
        summarize(
            "mean(AutoETS,DOTheta,AutoARIMA)",
            "statsforecast, same run",
            score(train, test, mean, q, probs, LEVELS),
            secs,
            len(ids),
        )
    )
    return rows


def published(shared: Path) -> list[dict]:
    rows = []
    base = shared / "bench" / "m3_yearly"
    pub = pd.read_csv(base / "published_figures.csv")
    pub = pub[pub.metric.isin(["sMAPE h1-6", "MASE h1-6"])]
    for method, g in pub.groupby("method", sort=False):
        r = {"method": method, "source": "published (R forecast, 2018)"}
        for _, x in g.iterrows():
            r["sMAPE" if x.metric.startswith("sMAPE") else "MASE"] = float(x.value)
        rows.append(r)
    orig = pd.read_csv(base / "m3_original_methods_recomputed.csv")
    for _, x in orig.sort_values("sMAPE").head(5).iterrows():
        rows.append(
            {
                "method": x.method,
                "source": "M3 entrant (recomputed)",
                "sMAPE": x.sMAPE,
                "MASE": x.MASE,
            }
        )
    return rows


def _print(title: str, rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print(title)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    return table


def add_weighting_option(p: argparse.ArgumentParser) -> None:
    """The ``--weighting`` option of the benchmarks: how ``auto`` combines its members."""
    p.add_argument(
        "--weighting",
        choices=("median", "features"),
        help="how auto combines its members (default: the package's AUTO_WEIGHTING)",
    )


def use_weighting(choice: str | None) -> None:
    """Set ``auto``'s weighting for this run (``--weighting``; None keeps the default)."""
    if choice:
        from drugtrends.models import batch

        batch.AUTO_WEIGHTING = choice


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--panel", choices=("both", "m3", "unodc"), default="both")
    p.add_argument("--models", nargs="+", default=None, help="our models (default: all)")
    p.add_argument("--no-statsforecast", action="store_true")
    p.add_argument(
        "--calibrate-all", action="store_true", help="conformal intervals for every model"
    )
    p.add_argument("--n", type=int, default=None, help="use only the first N M3 series")
    add_weighting_option(p)
    args = p.parse_args(argv)
    use_weighting(args.weighting)
    warnings.filterwarnings("ignore")
    if args.panel in ("both", "m3"):
        shared = shared_dir()
        if shared is None:
            print(
                "M3 data not found (shared/bench/m3_yearly beside the repo, "
                "or $DRUGTRENDS_SHARED): M3 skipped"
            )
        else:
            _run_m3(shared, args)
    if args.panel in ("both", "unodc"):
        if args.panel == "both":
            print()
        _run_unodc(args)
    return 0


def _run_m3(shared: Path, args: argparse.Namespace) -> None:
    ids, train, test = load_m3(shared)
    if args.n:
        ids, train, test = ids[: args.n], train[: args.n], test[: args.n]
    rows = []
    for m in args.models or OUR_MODELS:
        print(f"running {m} on M3 ...", file=sys.stderr, flush=True)
        rows.append(run_ours(m, train, test, args.calibrate_all))
    if not args.no_statsforecast:
        print("running statsforecast on M3 ...", file=sys.stderr, flush=True)
        rows += run_statsforecast(ids, train, test)
    rows += published(shared)
    table = _print(
        f"M3 yearly: {len(ids)} series, horizon {H}, 2 cores; metrics over h = 1..{H}", rows
    )
    sf = table[table.method == "mean(AutoETS,DOTheta,AutoARIMA)"]
    auto = table[table.method == "auto"]
    if len(sf) and len(auto):
        a, s = auto.iloc[0], sf.iloc[0]
        print(
            f"\ntargets: auto sMAPE {a.sMAPE:.3f} < 15.55: {a.sMAPE < 15.55}; "
            f"MASE {a.MASE:.3f} < 2.576: {a.MASE < 2.576}; "
            f"cov95 {a.cov95:.3f} in [0.93, 0.97]: {0.93 <= a.cov95 <= 0.97}; "
            f"cov80 {a.cov80:.3f} in [0.77, 0.83]: {0.77 <= a.cov80 <= 0.83}; "
            f"MSIS {a.MSIS95:.2f} < 25: "
            f"{a.MSIS95 < 25}; speed {a['series/s']:.1f} >= 2 x {s['series/s']:.1f}: "
            f"{a['series/s'] >= 2 * s['series/s']}"
        )


def _run_unodc(args: argparse.Namespace) -> None:
    ids, train, test = unodc_panel()
    ours = [m for m in (args.models or UNODC_MODELS) if m in FAST or args.calibrate_all]
    rows = []
    for m in ours:
        print(f"running {m} on UNODC ...", file=sys.stderr, flush=True)
        rows.append(run_ours(m, train, test, args.calibrate_all))
    if not args.no_statsforecast:
        print("running statsforecast on UNODC ...", file=sys.stderr, flush=True)
        rows += run_statsforecast(ids, train, test, gaps=True)
    n_test = sum(int(np.isfinite(t).sum()) for t in test)
    _print(
        f"UNODC seizure series shipped with drugtrends (not M3; out-of-sample check): "
        f"{len(ids)} series with >= {UNODC_MIN_YEARS} full years, last {H} years held out "
        f"({n_test} test values); metrics over h = 1..{H}",
        rows,
    )


if __name__ == "__main__":
    sys.exit(main())
