"""Rolling-origin validation of the interval calibration inside the training parts only.

The numbers quoted in :mod:`drugtrends.models.calibration` and :mod:`.engine` come from
here. Nothing after the end of a training part is read: the M3 competition's test years and
the UNODC benchmark's last six years (see ``m3_yearly.py``) are left out.

1. **Origins.** Each panel is cut ``d`` years before the end of its training parts
   (``d = 1 .. 10`` for M3, ``1 .. 8`` for the UNODC series); ``auto`` forecasts six years
   from each cut with its calibration made from the data before the cut (M3: the panel's
   own errors; UNODC, 28 to 37 series: the reference table), and is scored on the years
   that follow inside the training part. Printed per cut: 80 % and 95 % coverage, MSIS at
   95 %, the share of actual values below the 80 % lower bound and above the upper one,
   and the share of positive series whose 80 % lower bound is within 5 % of zero.
2. **Training length.** At a fixed origin (six years before the end of the M3 training
   parts), series with at least 24 years are refitted on only their last ``L`` years; the
   mean absolute error of ``auto`` for each ``L`` relative to ``L = 24`` says how much
   shorter training (as in the calibration's earlier origins) inflates the errors.
3. **Drug series in the reference table.** :func:`share_validation`: the drug series of
   ``reference_table.py`` (their last six years removed) are cut ``d = 1 .. 8`` years before
   the end; the reference table is rebuilt from the M3 training parts and the drug series'
   rolling-origin errors before the cut, with the drug series weighing 0 to 1, and ``auto``
   is scored on the years after the cut (see ``reference_table.py`` for the numbers).

Usage::

    python benchmarks/calibration_validation.py
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

H = 6


def _trim(y: np.ndarray) -> np.ndarray:
    ok = np.flatnonzero(np.isfinite(y))
    return y[ok[0] : ok[-1] + 1]


def _cut(train: list[np.ndarray], d: int) -> tuple[list, list]:
    tr, te = [], []
    for y in train:
        y = _trim(np.asarray(y, dtype=float))
        if np.isfinite(y[:-d]).sum() >= 8:
            tr.append(y[:-d])
            te.append(y[-d:][:H])
    return tr, te


def _row(name: str, tr: list, te: list) -> dict:
    from drugtrends.backtesting import score
    from drugtrends.models.engine import forecast_arrays

    out = forecast_arrays(tr, H, (80, 95))
    sc = score(tr, te, out.mean, out.quantiles, out.probs, (80, 95))
    actual = np.full((len(te), H), np.nan)
    for i, t in enumerate(te):
        actual[i, : len(t)] = t
    ok = np.isfinite(actual)
    q = out.quantiles
    pos = np.array([bool(np.all(np.asarray(y)[np.isfinite(y)] > 0)) for y in tr])
    near_zero = (q[pos, :, 1] <= 0.05 * out.mean[pos]).any(axis=1)
    return {
        "cut": name,
        "series": len(tr),
        "cov80": float(np.nanmean(sc["coverage_80"])),
        "cov95": float(np.nanmean(sc["coverage_95"])),
        "MSIS95": float(np.nanmean(sc["msis_95"])),
        "below80": float(np.mean(actual[ok] < q[:, :, 1][ok])),
        "above80": float(np.mean(actual[ok] > q[:, :, 3][ok])),
        "lower80~0": float(near_zero.mean()) if pos.any() else np.nan,
        "table": out.interval_method,
    }


def origins_table(label: str, train: list, depths: range) -> pd.DataFrame:
    rows = [_row(f"{label} -{d}", *_cut(train, d)) for d in depths]
    df = pd.DataFrame(rows)
    mean = df.drop(columns=["cut", "table"]).mean(numeric_only=True).to_dict()
    mean.update(cut=f"{label} mean", table="")
    sd = df.drop(columns=["cut", "table"]).std(numeric_only=True).to_dict()
    sd.update(cut=f"{label} sd", table="")
    return pd.concat([df, pd.DataFrame([mean, sd])], ignore_index=True)


def training_length(train: list) -> pd.DataFrame:
    from drugtrends.models.calibration import series_scale
    from drugtrends.models.simple import Fast

    model = Fast()
    tr = [y[:-H] for y in train if len(y) - H >= 24]
    act = np.array([y[-H:] for y in train if len(y) - H >= 24])
    s = np.array([series_scale(y[-24:]) for y in tr])
    base = None
    rows = []
    for L in (24, 18, 15, 12, 10, 8, 7, 6, 5):
        f = model.point_batch([y[-L:] for y in tr], H)
        err = (np.abs(act - f) / s[:, None]).mean(axis=0)
        base = err if base is None else base
        rows.append({"years fitted": L, **{f"h{h + 1}": err[h] / base[h] for h in range(H)}})
    return pd.DataFrame(rows)


def share_validation(
    shares: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0), depths: range = range(1, 9)
) -> pd.DataFrame:
    """Coverage and MSIS on the drug series for each drug-panel share of the reference table.

    For each cut ``d`` (years before the end of the drug series' training parts, i.e. before
    the held-out years), the table is rebuilt from the M3 training parts and the drug
    series' rolling-origin scores before the cut; ``auto`` forecasts each cut series with
    that table and is scored on the (observed) years that follow inside the training part.
    """
    from reference_table import PROBS, compute, drug_panel, m3_scores, panel_scores

    from drugtrends.backtesting import score
    from drugtrends.models.calibration import grid_table
    from drugtrends.models.engine import forecast_arrays, levels_to_probs

    m3 = m3_scores()
    _, series = drug_panel()
    probs = levels_to_probs((80, 95))
    rows = []
    for d in depths:
        drug = panel_scores(series, cut=d)
        tr, te = _cut(series, d)
        for share in shares:
            tab = compute(share, m3, drug)
            table = grid_table(np.array(PROBS), tab["raw"], tab["log"], tab["n"], probs, H)
            out = forecast_arrays(tr, H, (80, 95), table=table)
            sc = score(tr, te, out.mean, out.quantiles, out.probs, (80, 95))
            rows.append(
                {
                    "cut": d,
                    "share": share,
                    "series": len(tr),
                    "cov80": float(np.nanmean(sc["coverage_80"])),
                    "cov95": float(np.nanmean(sc["coverage_95"])),
                    "MSIS95": float(np.nanmean(sc["msis_95"])),
                }
            )
    return pd.DataFrame(rows)


def share_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Means over the cuts of :func:`share_validation`, all cuts and those with six full
    years scored (``d >= 6``)."""
    cols = ["cov80", "cov95", "MSIS95"]
    every = df.groupby("share")[cols].mean()
    full = df[df.cut >= H].groupby("share")[cols].mean()
    return pd.concat({"cuts 1-8": every, f"cuts {H}-8": full}, axis=1)


def main() -> int:
    from m3_yearly import load_m3, shared_dir, unodc_panel

    warnings.filterwarnings("ignore")
    pd.set_option("display.width", 200)
    fmt = {"float_format": lambda v: f"{v:.3f}", "index": False}
    shared = shared_dir()
    if shared is not None:
        _, train, _ = load_m3(shared)
        print(f"M3 yearly training parts ({len(train)} series): auto cut d years before the end")
        print(origins_table("M3", train, range(1, 11)).to_string(**fmt))
        print(
            "\nM3, series with >= 24 training years, origin 6 years before the end: mean "
            "absolute error fitting only the last L years, relative to L = 24"
        )
        print(training_length(train).to_string(**fmt))
        print()
    else:
        print("M3 data not found: M3 skipped\n")
    _, utrain, _ = unodc_panel()
    print(f"UNODC seizure series, training parts ({len(utrain)} series)")
    print(origins_table("UNODC", utrain, range(1, 9)).to_string(**fmt))
    if shared is not None:
        print(
            "\nDrug series of the reference table (benchmarks/reference_table.py, last six "
            "years removed): auto with a table of M3 and drug errors before each cut, by the "
            "drug series' share"
        )
        print(share_summary(share_validation()).to_string(float_format=fmt["float_format"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
