"""Derive the reference calibration table shipped in ``drugtrends.models._reference``.

The table holds quantiles of the scaled rolling-origin errors of the ``auto`` median
combination (:class:`drugtrends.models.simple.Fast` with its default members) inside the
*training parts* of the 645 M3 yearly series (the competition's test years are not read):
for every series and every origin ``k = 1 .. 10`` years before the end of its training part
(at least five years left to fit), the model is refitted and its forecasts for up to ten
years are scored

* additively, ``(y - f) / s`` with ``s`` the exponentially weighted mean absolute first
  difference of the truncated series (:func:`drugtrends.models.calibration.series_scale`);
* multiplicatively, ``(log y - log f) / s_log`` with ``s_log`` the same scale of the logs.

For each horizon, the one-sided split-conformal quantiles of the pooled scores at the
probabilities :data:`PROBS` are written to ``src/drugtrends/models/_reference.py``. Run
it again whenever the ``auto`` members or the scores change (the unit test
``tests/models/test_calibration.py::test_reference_table_is_current`` recomputes the table
and fails when the shipped one is stale).

**Drug series (``--share``).** The script can pool a second panel with the M3 scores: the
drug series shipped with the package (:func:`drug_panel`: flow, price and stock indicators
of ``drugtrends.load_dataset()``, all countries, full years, positive, their last six years
removed so that the UNODC check's test years are never read; 37 series, 341 errors at
horizon 1 down to 32 at horizon 10), each panel weighing a set share at every horizon
(weighted conformal quantiles, :func:`weighted_quantile`). The share was validated inside
the training parts only (``calibration_validation.py``, :func:`share_validation`: the
drug series cut 1 to 8 years before the removed years, the table rebuilt from the errors
before each cut, ``auto`` scored on the years after it). Mean over the cuts, 80 % / 95 %
coverage and MSIS at 95 %, for drug shares 0, 0.25, 0.5, 0.75, 1:

* cuts 1-8: 0.795 / 0.939 / 11.5; 0.785 / 0.944 / 12.4; 0.779 / 0.953 / 15.7;
  0.773 / 0.961 / 27.2; 0.773 / 0.969 / 41.3;
* cuts 6-8 (six full years scored): 0.850 / 0.950 / 18.3; 0.837 / 0.965 / 19.1;
  0.822 / 0.975 / 24.4; 0.800 / 0.985 / 46.3; 0.789 / 0.992 / 69.8.

M3 alone was as well calibrated on the drug series' earlier years as any mix, with the
lowest MSIS: the drug errors, in scale units, have a narrower core and far longer upper
tails than M3's. On the UNODC check (test years, one run) a 50/50 table moved auto's
coverage from 0.670 / 0.923 to 0.681 / 0.897 and MSIS from 10.8 to 12.4; on the first 100
M3 series from 0.872 / 0.972 to 0.820 / 0.978 (MSIS 23.1 to 24.7). The shipped table is
therefore M3 alone (:data:`DRUG_SHARE` = 0, the drug series not read); the narrow
intervals of the UNODC check's test years (2017-2022 for most series) are not explained
by the drug series' earlier errors.

Usage::

    python benchmarks/reference_table.py [--check] [--share S] [--world]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

HORIZON = 10
ORIGINS = 10
_LOWER = [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1, 0.125, 0.15]
_LOWER += [0.175, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45]
PROBS = [*_LOWER, 0.5, *(round(1 - p, 3) for p in reversed(_LOWER))]
OUT = ROOT / "src" / "drugtrends" / "models" / "_reference.py"

HOLD_OUT = 6
"""Years removed from the end of every drug series (the UNODC benchmark's test years)."""
DRUG_MIN_YEARS = 8
"""Fewest observed full years a drug series keeps after :data:`HOLD_OUT` is removed."""
DRUG_MIN_OBSERVED = 0.5
"""Smallest share of its span (first to last kept year) a drug series must have observed."""
DRUG_SHARE = 0.0
"""Weight of the drug panel in the pooled quantiles (M3 has ``1 - DRUG_SHARE``); 0: M3 alone,
the drug series are not read (see the module docstring for why)."""
MIN_POOLED = 40

WORLD_SHARE = 0.75
"""Weight of the world drug panel in the drug reference table (M3 has ``1 - WORLD_SHARE``).

Chosen by validation inside the training parts of the world panel (``benchmarks/domain.py``,
panel 1: the last five training years of each series held out, every country forecast
alone with a table made without it). 80 % / 95 % coverage and MSIS for shares 0, 0.25,
0.5, 0.75, 1: 0.842 / 0.948 / 102.7; 0.831 / 0.950 / 102.4; 0.819 / 0.945 / 101.9;
0.797 / 0.942 / 101.6; 0.769 / 0.942 / 101.4. 0.75 is nearest the nominal levels (sum of
the two absolute deviations)."""
OUT_DRUG = ROOT / "src" / "drugtrends" / "models" / "_reference_drug.py"


def drug_panel(
    hold_out: int = HOLD_OUT,
    min_years: int = DRUG_MIN_YEARS,
    min_observed: float = DRUG_MIN_OBSERVED,
) -> tuple[list[str], list[np.ndarray]]:
    """The shipped drug series that enter the table, their last ``hold_out`` years removed.

    Every indicator of ``drugtrends.load_dataset()`` (all countries) of kind ``flow``,
    ``price`` or ``stock`` (not ``ratio``), as :func:`drugtrends.models.wrapper.indicator_series`
    gives it to the models (partial-year flows dropped), from its first to its last
    observed year, positive throughout. Its last ``hold_out`` calendar years are removed,
    and, where the same country and indicator are a series of the UNODC benchmark
    (``m3_yearly.unodc_panel``, any length), every year from the first test year of that
    series on, so the benchmark's test years are never read. Kept: series with at least
    ``min_years`` observed years left, observed in at least ``min_observed`` of their span.
    Returns ids (``ISO3/indicator``) and the series by calendar year (NaN in gaps).
    """
    import drugtrends as dt
    from drugtrends.models.wrapper import _indicators, indicator_series

    u = _unodc_test_start(hold_out)
    ds = dt.load_dataset()
    ids: list[str] = []
    out: list[np.ndarray] = []
    for name in _indicators(ds):
        if ds[name].attrs.get("kind") not in ("flow", "price", "stock"):
            continue
        values, countries, years, _ = indicator_series(ds, name)
        for c, row in zip(countries, values, strict=True):
            ok = np.flatnonzero(np.isfinite(row))
            if ok.size == 0 or not np.all(row[ok] > 0):
                continue
            end = int(ok[-1]) + 1 - hold_out  # first removed index
            if (c, name) in u:
                end = min(end, int(np.searchsorted(years, u[(c, name)])))
            y = row[ok[0] : max(end, ok[0])]
            obs = np.flatnonzero(np.isfinite(y))
            if obs.size < min_years:
                continue
            y = y[: obs[-1] + 1]
            if obs.size < min_observed * y.size:
                continue
            ids.append(f"{c}/{name}")
            out.append(y)
    return ids, out


def _unodc_test_start(hold_out: int) -> dict[tuple[str, str], int]:
    """First test year of every UNODC benchmark series (any length), by (country, indicator)."""
    import drugtrends as dt

    r = dt.records.load()
    u = r[(r.source_kind == "UNODC") & (r.months == 12) & (r.value > 0)]
    last = u.groupby(["country", "indicator"]).year.max()
    return {(str(c), str(i)): int(y) - hold_out + 1 for (c, i), y in last.items()}


def panel_scores(
    series: list[np.ndarray], cut: int = 0, origins: int = ORIGINS, horizon: int = HORIZON
) -> tuple[np.ndarray, np.ndarray]:
    """Rolling-origin scores of ``auto``'s median inside each series (see module docstring).

    The series are cut ``cut`` more years before their end first. Gaps are interpolated
    log-linearly for fitting, as the engine does, but a forecast is scored only against an
    observed year (an interpolated "actual" would understate the errors).
    """
    from drugtrends.models.base import prepare_series
    from drugtrends.models.calibration import origin_jobs, scores_from_points
    from drugtrends.models.engine import MIN_TRAIN
    from drugtrends.models.simple import Fast

    model = Fast()
    clean, observed = [], []
    for y in series:
        y = np.asarray(y, dtype=float)
        y = y[: y.size - cut] if cut else y
        ok = np.flatnonzero(np.isfinite(y))
        if ok.size < 2:
            y, ok = y[:0], ok[:0]
        else:
            y = y[ok[0] : ok[-1] + 1]
        clean.append(prepare_series(y).y if y.size else y)
        observed.append(np.isfinite(y))
    jobs, train = origin_jobs(clean, origins, max(MIN_TRAIN, model.min_length))
    if not jobs:
        nan = np.full((len(series), origins, horizon), np.nan)
        return nan, nan.copy()
    points = np.asarray(model.point_batch(train, horizon), dtype=float)
    raw, log = scores_from_points(clean, jobs, train, points, horizon, origins)
    for i, k in jobs:
        obs = observed[i]
        for h in range(min(k, horizon)):
            if not obs[obs.size - k + h]:
                raw[i, k - 1, h] = log[i, k - 1, h] = np.nan
    return raw, log


def weighted_quantile(values: np.ndarray, weights: np.ndarray, p: float) -> float:
    """One-sided weighted split-conformal quantile.

    With weights normalized to sum 1 and ``n = 1 / sum(w**2)`` their effective number, an
    upper bound (``p >= 0.5``) is the smallest score whose cumulative weight reaches
    ``p (n + 1) / n``, a lower bound the largest whose cumulative weight stays within
    ``p (n + 1) / n`` (the smallest score if none). Equal weights give exactly the
    ``ceil((m+1)p)``-th and ``floor((m+1)p)``-th smallest of
    :func:`drugtrends.models.calibration._conformal_quantile`.
    """
    order = np.argsort(values, kind="stable")
    v = values[order]
    w = weights[order] / weights.sum()
    n_eff = 1.0 / np.sum(w**2)
    cum = np.cumsum(w)
    t = p * (n_eff + 1) / n_eff
    tol = 1e-9
    if p >= 0.5:
        k = int(np.searchsorted(cum, min(t, 1.0) - tol, side="left"))
        return float(v[min(k, v.size - 1)])
    k = int(np.searchsorted(cum, t + tol, side="right")) - 1
    return float(v[max(k, 0)])


def pooled_rows(
    panels: list[np.ndarray], shares: list[float], probs: np.ndarray, min_pooled: int = MIN_POOLED
) -> np.ndarray:
    """Quantiles ``(horizon, n_probs)`` of the scores of several panels, each panel weighing
    its share at every horizon (each score of a panel weighs ``share / n`` with ``n`` the
    panel's scores at that horizon). A panel with fewer than ``min_pooled`` scores at a
    horizon is left out there (its share goes to the others). Median 0, tidied as
    :func:`drugtrends.models.calibration._quantile_rows` does."""
    from drugtrends.models.calibration import _tidy

    horizon = panels[0].shape[-1]
    flat = [np.asarray(e, dtype=float).reshape(-1, horizon) for e in panels]
    q = np.full((horizon, probs.size), np.nan)
    for h in range(horizon):
        vals, wts = [], []
        for e, share in zip(flat, shares, strict=True):
            v = e[np.isfinite(e[:, h]), h]
            if v.size >= min_pooled and share > 0:
                vals.append(v)
                wts.append(np.full(v.size, share / v.size))
        if not vals:
            if h:
                q[h] = q[h - 1] * np.sqrt((h + 1) / h)
            continue
        v, w = np.concatenate(vals), np.concatenate(wts)
        q[h] = [weighted_quantile(v, w, p) if p != 0.5 else 0.0 for p in probs]
    return _tidy(q, probs)


def m3_scores() -> tuple[np.ndarray, np.ndarray]:
    """Scores inside the training parts of the 645 M3 yearly series."""
    from m3_yearly import load_m3, shared_dir

    shared = shared_dir()
    if shared is None:
        raise SystemExit("M3 data not found (shared/bench/m3_yearly or $DRUGTRENDS_SHARED)")
    _, train, _ = load_m3(shared)
    return panel_scores(train)


def compute(
    share: float = DRUG_SHARE,
    m3: tuple[np.ndarray, np.ndarray] | None = None,
    drug: tuple[np.ndarray, np.ndarray] | None = None,
    probs: list[float] | np.ndarray = PROBS,
) -> dict:
    """The table: quantiles of both scores by horizon, and the number of errors.

    ``m3`` and ``drug`` are precomputed scores (:func:`m3_scores`, :func:`panel_scores` of
    :func:`drug_panel`); by default they are computed here.
    """
    m3 = m3_scores() if m3 is None else m3
    if share:
        ids, series = drug_panel()
        drug = panel_scores(series) if drug is None else drug
    else:  # M3 alone: the drug series are not read
        ids, drug = [], (np.full_like(m3[0][:1], np.nan), np.full_like(m3[1][:1], np.nan))
    probs = np.asarray(probs, dtype=float)
    shares = [1.0 - share, share]
    q_raw = pooled_rows([m3[0], drug[0]], shares, probs)
    q_log = pooled_rows([m3[1], drug[1]], shares, probs)

    def count(e: np.ndarray) -> np.ndarray:
        return np.isfinite(e.reshape(-1, HORIZON)).sum(axis=0)

    return {
        "raw": q_raw,
        "log": q_log,
        "n": count(m3[0]) + (count(drug[0]) if share else 0),
        "n_m3": count(m3[0]),
        "n_drug": count(drug[0]),
        "series": m3[0].shape[0],
        "drug_series": len(ids),
        "share": share,
    }


def _m3_head(tab: dict) -> str:
    """The header of the table made from M3 alone (``DRUG_SHARE = 0``)."""
    import textwrap

    return f'''"""Reference calibration table: scaled-error quantiles of ``auto`` on M3 yearly.

Generated by ``benchmarks/reference_table.py``; do not edit by hand.

Provenance: the 645 yearly series of the M3 forecasting competition (Makridakis, S. and
Hibon, M. (2000). The M3-Competition: results, conclusions and implications. *International
Journal of Forecasting* 16(4), 451-476), training parts only (the competition's test years
are not read), as distributed in ``shared/bench/m3_yearly`` and cross-checked against the
Mcomp R package. Rolling origins 1 to {ORIGINS} years before the end of each training part
(at least five years left to fit), horizons 1 to {HORIZON}; scores of the ``auto`` median
combination (:class:`drugtrends.models.simple.Fast`): additive ``(y - f) / s`` (``RAW``)
and multiplicative ``(log y - log f) / s_log`` (``LOG``), ``s`` the exponentially weighted
mean absolute first difference (half-life 4 years) of the values or of their logs. Each row
is a horizon (rows separated by blank lines), each column a probability of :data:`PROBS`;
one-sided split-conformal quantiles of the pooled scores, the median set to 0, widths
non-decreasing in the horizon.
The numbers are statistics of the M3 data (public, for research), not the data.
"""

SOURCE = (
    "reference table: quantiles of scaled rolling-origin errors of the auto model inside "
    "the training parts of the {tab["series"]} M3 yearly series"
)
HORIZON = {HORIZON}
PROBS = """
{textwrap.fill(" ".join(f"{p:g}" for p in PROBS), 96)}
"""
N_ERRORS = "{" ".join(str(int(v)) for v in tab["n"])}"
'''


def render(tab: dict) -> str:
    import textwrap

    def block(name: str, q: np.ndarray) -> str:
        rows = [textwrap.fill(" ".join(f"{v:.4g}" for v in row), 96) for row in np.asarray(q)]
        return f'{name} = """\n' + "\n\n".join(rows) + '\n"""\n'

    share = tab["share"]
    if not share:
        return _m3_head(tab) + block("RAW", tab["raw"]) + block("LOG", tab["log"])
    head = f'''"""Reference calibration table: scaled-error quantiles of ``auto`` on M3 yearly
and on the shipped drug series.

Generated by ``benchmarks/reference_table.py``; do not edit by hand.

Provenance: two panels, pooled with weights so that at every horizon the drug series
weigh {share:g} and M3 {1 - share:g} of the total (each error of a panel weighs its share
divided by the panel's errors at that horizon; weighted one-sided split-conformal quantiles
with the effective number of errors in the finite-sample correction; a panel with fewer
than {MIN_POOLED} errors at a horizon is left out there).

* The 645 yearly series of the M3 forecasting competition (Makridakis, S. and Hibon, M.
  (2000). The M3-Competition: results, conclusions and implications. *International
  Journal of Forecasting* 16(4), 451-476), training parts only (the competition's test
  years are not read), as distributed in ``shared/bench/m3_yearly`` and cross-checked
  against the Mcomp R package.
* The {tab["drug_series"]} drug series shipped with drugtrends (``drugtrends.load_dataset()``,
  all countries): flow, price and stock indicators by country, full years only, positive
  throughout, with their last {HOLD_OUT} years removed (the test years of the UNODC check in
  ``benchmarks/m3_yearly.py`` are never read), at least {DRUG_MIN_YEARS} observed years left,
  observed in at least {DRUG_MIN_OBSERVED:.0%} of their span; gaps interpolated
  log-linearly for fitting, errors scored against observed years only.

Rolling origins 1 to {ORIGINS} years before the end of each series (at least five years left
to fit), horizons 1 to {HORIZON}; scores of the ``auto`` median combination
(:class:`drugtrends.models.simple.Fast`): additive ``(y - f) / s`` (``RAW``) and
multiplicative ``(log y - log f) / s_log`` (``LOG``), ``s`` the exponentially weighted mean
absolute first difference (half-life 4 years) of the values or of their logs. Each row is a
horizon (rows separated by blank lines), each column a probability of :data:`PROBS`; the
median set to 0, widths non-decreasing in the horizon. ``N_ERRORS``: pooled errors per
horizon (M3: {" ".join(str(int(v)) for v in tab["n_m3"])}; drug series:
{" ".join(str(int(v)) for v in tab["n_drug"])}).
The numbers are statistics of the M3 data (public, for research) and of the shipped
records, not the data.
"""

SOURCE = (
    "reference table: quantiles of scaled rolling-origin errors of the auto model inside "
    "the training parts of the {tab["series"]} M3 yearly series ({1 - share:.0%}) and of "
    "{tab["drug_series"]} shipped drug series without their last {HOLD_OUT} years ({share:.0%})"
)
HORIZON = {HORIZON}
PROBS = """
{textwrap.fill(" ".join(f"{p:g}" for p in PROBS), 96)}
"""
N_ERRORS = "{" ".join(str(int(v)) for v in tab["n"])}"
'''
    return head + block("RAW", tab["raw"]) + block("LOG", tab["log"])


def compute_world(share: float = WORLD_SHARE, probs=PROBS) -> dict:
    """The drug reference table: M3 and the world panel's training parts, pooled."""
    from domain import arq_panel, data_dir

    path = data_dir()
    if path is None:
        raise SystemExit(
            "shared/data/unodc_world not found (beside the repo or $DRUGTRENDS_SHARED)"
        )
    _, train, _ = arq_panel(path)
    m3 = m3_scores()
    world = panel_scores(train)
    probs = np.asarray(probs, dtype=float)
    shares = [1.0 - share, share]

    def count(e: np.ndarray) -> np.ndarray:
        return np.isfinite(e.reshape(-1, HORIZON)).sum(axis=0)

    return {
        "raw": pooled_rows([m3[0], world[0]], shares, probs),
        "log": pooled_rows([m3[1], world[1]], shares, probs),
        "n": count(m3[0]) + count(world[0]),
        "n_m3": count(m3[0]),
        "n_world": count(world[0]),
        "series": m3[0].shape[0],
        "world_series": len(train),
        "share": share,
    }


def render_world(tab: dict) -> str:
    import textwrap

    def block(name: str, q: np.ndarray) -> str:
        rows = [textwrap.fill(" ".join(f"{v:.4g}" for v in row), 96) for row in np.asarray(q)]
        return f'{name} = """\n' + "\n\n".join(rows) + '\n"""\n'

    share = tab["share"]
    head = f'''"""Drug reference calibration table: scaled-error quantiles of ``auto`` on the world
drug-seizure series and on M3 yearly.

Generated by ``benchmarks/reference_table.py --world``; do not edit by hand. Used for the
drug indicators of a Dataset (``dt.forecast``, ``dt.backtest``) when a call has too few
series to calibrate itself.

Provenance: two panels, pooled with weights so that at every horizon the drug series weigh
{share:g} and M3 {1 - share:g} (weighted one-sided split-conformal quantiles, as in
``_reference``; the share was chosen by validation inside the training parts, see
``WORLD_SHARE`` in the script).

* The {tab["world_series"]} series of the world panel of ``benchmarks/domain.py``: UNODC
  ARQ national seizure totals 1990-2019 by country and drug (each pair's longest run of
  consecutive positive years ending at its last year, at least 15 years), **training parts
  only** (their last 5 years, the benchmark's test years, are not read).
* The {tab["series"]} yearly series of the M3 competition, training parts only.

Rolling origins 1 to {ORIGINS} years before the end of each series (at least five years left
to fit), horizons 1 to {HORIZON}; scores as in ``_reference``. ``N_ERRORS``: pooled errors per
horizon (M3: {" ".join(str(int(v)) for v in tab["n_m3"])}; drug series:
{" ".join(str(int(v)) for v in tab["n_world"])}).
The numbers are statistics of the data, not the data.
"""

SOURCE = (
    "drug reference table: quantiles of scaled rolling-origin errors of the auto model "
    "inside the training parts of {tab["world_series"]} UNODC seizure series ({share:.0%}) and "
    "of the {tab["series"]} M3 yearly series ({1 - share:.0%})"
)
HORIZON = {HORIZON}
PROBS = """
{textwrap.fill(" ".join(f"{p:g}" for p in PROBS), 96)}
"""
N_ERRORS = "{" ".join(str(int(v)) for v in tab["n"])}"
'''
    return head + block("RAW", tab["raw"]) + block("LOG", tab["log"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="compare with the shipped table only")
    p.add_argument(
        "--share",
        type=float,
        default=DRUG_SHARE,
        help=f"weight of the drug series (default {DRUG_SHARE:g}: M3 alone)",
    )
    p.add_argument(
        "--world",
        action="store_true",
        help="the drug reference table (world panel and M3, see WORLD_SHARE) instead",
    )
    args = p.parse_args(argv)
    out = OUT_DRUG if args.world else OUT
    text = render_world(compute_world()) if args.world else render(compute(args.share))
    if args.check:
        same = out.exists() and out.read_text() == text
        print("shipped table is current" if same else "shipped table differs: regenerate")
        return 0 if same else 1
    out.write_text(text)
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
