"""The panel engine: forecasts for a list of series, with calibrated intervals and a status.

:func:`forecast_arrays` is a pure function of a list of 1-D arrays. It never raises for a
bad series: each series gets a status that says what was done ("ok", "too short (2 points):
naive, no interval", "no forecast: all NaN", ...). It is the engine behind
:func:`drugtrends.forecast` (Datasets), the ``drugtrends forecast`` command (CSV panels) and
:func:`drugtrends.backtest`.

Calibration rule (``calibration="conformal"``, ``table=None``): ``auto`` (and ``fast``) on a
call with at least :data:`MIN_OWN_SERIES` series that give rolling-origin errors is
calibrated on those errors, pooled (and ``auto`` may pick one of its members there, see
:func:`auto_select`); a smaller call uses the shipped reference table
(:func:`~drugtrends.models.calibration.reference_table`), so that its forecasts do not depend
on which other series are in the call. Other models pool their own errors (Student-t
intervals when too few). ``table=`` overrides the rule: a :class:`CalibrationTable`, or
``"own"`` / ``"reference"``.

Parallel hook: the function can be applied chunk-wise (``forecast_arrays(chunk, ...)`` for
each chunk of the list). Pooled conformal calibration then pools within each chunk; to pool
over the whole panel, compute the table once with :func:`panel_table` (or chunk by chunk
with :func:`candidate_scores`, then :func:`table_from_scores`) and pass it as ``table=`` to
every chunk.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.engine import forecast_arrays
>>> ys = [np.array([3.0, 4, 6, 7, 9, 12, 13, 15]), np.array([np.nan, np.nan]), np.array([5.0, 6])]
>>> out = forecast_arrays(ys, horizon=2)
>>> out.status[1], out.status[2]
('no forecast: all NaN', 'too short (2 points): naive, no interval')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .base import LOG_MAX, Forecaster, levels_to_probs, prepare_series
from .calibration import (
    REFERENCES,
    CalibrationTable,
    _empty_scores,
    apply_table,
    conformal_table,
    cut_scores,
    reference_table,
    rolling_origin_scores,
)

__all__ = [
    "MIN_OWN_SERIES",
    "PanelForecast",
    "auto_select",
    "calibrate",
    "calibrating_series",
    "candidate_scores",
    "forecast_arrays",
    "needs_scores",
    "panel_table",
    "table_from_scores",
]

ENGINE_BATCH = 500
"""Fittable series per vectorized point-forecast batch in :func:`forecast_arrays` (it bounds
memory; a series' results do not depend on its batch)."""

MIN_TRAIN = 5
"""Shortest truncated series refitted for rolling-origin calibration."""

MAX_GAP = 50
"""Longest run of missing steps inside a series that is interpolated; before a longer gap
the points are dropped (with a note): a straight line over decades (or a time value of
1e6) says nothing about the series."""

MIN_T_DF = 3
"""Fewest observed differences for the Student-t intervals of a too-short series: with
fewer the t distribution has infinite variance, and its bounds run to absurd values."""


@dataclass
class PanelForecast:
    """Forecasts of a list of series.

    Attributes
    ----------
    mean : numpy.ndarray
        ``(n_series, horizon)`` point forecasts (NaN for series without a forecast).
    quantiles : numpy.ndarray
        ``(n_series, horizon, n_probs)``.
    probs : numpy.ndarray
        Quantile probabilities.
    model : list of str
        The model actually used for each series ("" when none).
    status : list of str
        "ok", or what was done instead and why (the note; :attr:`code` is the category).
    n_obs : numpy.ndarray
        Points used per series (after trimming).
    last_index : numpy.ndarray
        Position in the input array of each series' last observation (-1 when none);
        forecasts are for ``last_index + 1 .. last_index + horizon``.
    interval_method : str
        How the intervals were made ("conformal", "conformal (reference table)",
        "student-t", "model").
    settings : dict
        The settings used.
    """

    mean: np.ndarray
    quantiles: np.ndarray
    probs: np.ndarray
    model: list[str]
    status: list[str]
    n_obs: np.ndarray
    last_index: np.ndarray
    interval_method: str = "conformal"
    settings: dict = field(default_factory=dict)
    code: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    """Categorical outcome per series: ``"ok"`` (the model's forecast), ``"fallback"``
    (naive forecast instead: too short, constant, or the model failed) or ``"none"`` (no
    forecast); ``status`` holds the note in words."""


def _t_quantiles(
    centre: float, sigma: float, df: int, horizon: int, probs: np.ndarray, drift_var: float = 0.0
) -> np.ndarray:
    from scipy.stats import t as student_t

    h = np.arange(1, horizon + 1)
    sd = sigma * np.sqrt(h + drift_var * h**2)
    return centre + sd[:, None] * student_t.ppf(probs, max(df, 1))[None, :]


def _naive_fallback(
    y: np.ndarray, horizon: int, probs: np.ndarray, observed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Naive forecast with Student-t intervals (df = number of differences): wide when short.

    With ``observed`` (which points of ``y`` were not interpolated), the differences are
    those between consecutive observed points, each counted as one year's change: the
    straight line through a gap would shrink them, and a gap must never narrow an
    interval."""
    scale = "log" if np.all(y > 0) else "raw"
    g = np.log(y) if scale == "log" else y
    if observed is not None and not np.all(observed):
        g_obs = g[np.asarray(observed, bool)]
        d = np.diff(g_obs)
    else:
        d = np.diff(g)
    sigma = float(np.sqrt(np.mean(d * d))) if d.size else 0.0
    q = _t_quantiles(float(g[-1]), sigma, d.size, horizon, probs)
    point = np.full(horizon, y[-1])
    if scale == "log":
        q = np.exp(np.minimum(q, LOG_MAX))
    return point, q


def get_forecaster(model: str | Forecaster, seed: int = 0) -> Forecaster:
    from .registry import get_model

    if isinstance(model, Forecaster):
        return model
    return get_model("fast" if model == "auto" else model, seed=seed)


MIN_OWN_SERIES = 150
"""Fewest series giving rolling-origin errors (more than :data:`MIN_TRAIN` points, not
constant) for ``auto`` (and ``fast``) to calibrate on the call's own errors and to choose
among its members; smaller calls use the shipped reference table
(:func:`~drugtrends.models.calibration.reference_table`) and the median combination, so that
a series' forecast does not depend on which other series are forecast with it. In
rolling-origin validation inside the training parts of M3 yearly (random sub-panels at ten
origins, reference from the other half of the series), the reference table gave intervals
as well calibrated as the sub-panel's own errors, with lower MSIS, up to 100 series; at 200
the own errors gave the lower MSIS."""

AUTO_SELECT_MIN_SERIES = MIN_OWN_SERIES
"""Fewest series for ``auto`` to consider a single member instead of the median (the same
rule as for its own calibration: a choice among members on a small panel is mostly
selection noise; with the former threshold of 20 series it picked a member at one of eight
rolling origins of the 28 to 37 UNODC seizure series, and that member forecast worse, MASE
1.53 against 1.14 for the median)."""

AUTO_SELECT_MARGIN = 0.05
"""A single member replaces the median combination only if its pooled rolling-origin error
is lower by at least this fraction: combinations are the robust default, and a small
difference between candidates on a finite panel is mostly selection noise."""

AUTO_SES_SHARES: tuple[float, ...] = ()
"""Shares of simple exponential smoothing (log scale) that ``auto`` may blend into its
median on a panel of at least :data:`AUTO_SELECT_MIN_SERIES` series (see
:func:`table_from_scores`); empty: the median only.

Measured and not enabled: ``(0.2, 1/3, 0.5)`` was chosen by rolling origins inside the
training parts (``benchmarks/select_auto.py``: MASE -1.5 % on world panel 1, -0.6 % on
panel 2, -0.3 % on the drug records, M3 unchanged), but on the benchmarks' test years, in
one run together with the per-series shrink (:class:`~drugtrends.models.simple.Fast`
``shrink``), M3 yearly went from MASE 2.621 to 2.661 and world panel 2 from sMAPE 77.2 to
79.9 (panel 1: MASE 4.627 to 4.605). Not tuned further on the test years."""

AUTO_BLEND_MARGIN = 0.02
"""A blend replaces the median only if its geometric mean error relative to the median's,
series by series, is lower by at least this fraction."""

TABLE_RULES = ("auto", "own", "reference")
"""Names accepted by ``table=`` besides a :class:`CalibrationTable`."""

_METHOD_NAMES = {"reference": "conformal (reference table)"}


def _uses_reference(model: str | Forecaster) -> bool:
    """Whether the reference table is of this model's errors (``auto`` and ``fast``)."""
    return isinstance(model, str) and model in ("auto", "fast")


def calibrating_series(series: Sequence[np.ndarray], min_train: int = MIN_TRAIN) -> int:
    """How many clean series give rolling-origin errors (more than ``min_train`` points)."""
    return sum(1 for y in series if len(y) > min_train and np.ptp(y) > 0)


def _own_table(
    errors: tuple[np.ndarray, np.ndarray], probs: np.ndarray, source: str
) -> CalibrationTable:
    tab = conformal_table(errors[0], probs, log_errors=errors[1])
    return dataclasses.replace(tab, source=source)


def _panel_source(n: int) -> str:
    return f"pooled rolling-origin errors of the {n} series of the call"


def calibrate(
    series: Sequence[np.ndarray],
    forecaster: Forecaster,
    horizon: int,
    probs: np.ndarray,
    origins: int | None = None,
) -> CalibrationTable:
    """Pooled conformal table from rolling-origin errors of ``forecaster`` on ``series``.

    ``series`` must be clean (see :func:`drugtrends.models.base.prepare_series`); only the
    data given is used (the origins are inside each series).
    """
    return table_from_scores(
        candidate_scores(series, horizon, forecaster, origins=origins),
        horizon,
        probs,
        forecaster,
        len(series),
    )


def candidate_scores(
    series: Sequence[np.ndarray],
    horizon: int,
    model: str | Forecaster = "auto",
    *,
    origins: int | None = None,
    n_series: int | None = None,
    seed: int = 0,
    own: bool = False,
    points_out: dict | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Rolling-origin scores of every candidate model on clean series (one chunk).

    The first half of the calibration rule, applicable chunk by chunk: concatenate the
    chunks' arrays (along the first axis, in panel order) and pass them to
    :func:`table_from_scores`.

    Parameters
    ----------
    series : sequence of clean 1-D arrays
        The series of the chunk that the model fits (see :func:`panel_table`).
    horizon : int
        Steps ahead [years].
    model : str or Forecaster
    origins : int, optional
        Rolling origins per series (default ``horizon``).
    n_series : int, optional
        :func:`calibrating_series` of the whole panel (default: of ``series``); for
        ``auto`` it decides whether its members are candidates, and whether any score is
        needed (below :data:`MIN_OWN_SERIES`, the reference table is used: no scores).
    seed : int
    own : bool
        Score ``auto``'s median on a panel too small to calibrate itself (``table="own"``).
    points_out : dict, optional
        Receives ``{candidate name: (n, horizon)}`` forecasts from the whole series where
        they come from the same pass (the fast combinations), to be reused.

    Returns
    -------
    dict
        ``{candidate name: (additive, multiplicative)}``, each ``(n, origins, horizon)``
        (see :func:`~drugtrends.models.calibration.rolling_origin_scores`).
    """
    origins = origins if origins is not None else horizon
    n_series = calibrating_series(series) if n_series is None else n_series
    cands = _candidates(model, n_series, seed, own)
    from .simple import Fast

    if cands and all(type(c) is Fast for _, c in cands):
        return _shared_member_scores(list(series), cands, horizon, origins, points_out)
    out = {}
    for name, cand in cands:
        min_train = max(MIN_TRAIN, cand.min_length)
        out[name] = rolling_origin_scores(
            list(series), cand.point_batch, horizon, origins, min_train
        )
    return out


def _shared_member_scores(
    series: list[np.ndarray],
    cands: list[tuple[str, Forecaster]],
    horizon: int,
    origins: int,
    points_out: dict | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Scores of several :class:`Fast` combinations that share members: each member is
    fitted once on each series, with every rolling origin taken from the same pass
    (:func:`~drugtrends.models.batch.member_forecasts` with ``cuts=``); the scores are those
    of :func:`rolling_origin_scores` per candidate, up to rounding. ``points_out``, when
    given, receives each candidate's forecasts from the whole series (``(n, horizon)``)."""
    from .batch import member_forecasts

    min_train = max(MIN_TRAIN, *(c.min_length for _, c in cands))
    if not series:
        return {name: _empty_scores(0, origins, horizon) for name, _ in cands}
    members = list(dict.fromkeys(m for _, c in cands for m in c.fitted_members))
    extra = max(c.extra_cuts for _, c in cands)
    fc = member_forecasts(series, horizon, members, cuts=origins + extra)
    out = {}
    for name, cand in cands:
        points = cand.combine_cuts(fc, series)
        out[name] = cut_scores(series, points, horizon, origins, min_train)
        if points_out is not None:
            points_out[name] = points[0]
    return out


def _mean_abs(scores: np.ndarray) -> float:
    """Pooled mean absolute scaled error of a candidate's rolling-origin scores."""
    vals = np.abs(scores[np.isfinite(scores)])
    return float(vals.mean()) if vals.size else np.inf


def _blend_name(share: float) -> str:
    return f"median + {share:.0%} SES"


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Geometric mean over series of the ratio of ``a``'s mean absolute score to ``b``'s
    (series where both are finite and positive): a pooled mean is ruled by a few series
    whose scale is tiny at an origin."""

    def per_series(x: np.ndarray) -> np.ndarray:
        x = np.abs(x.reshape(x.shape[0], -1))
        cnt = np.isfinite(x).sum(axis=1)
        tot = np.where(np.isfinite(x), x, 0.0).sum(axis=1)
        return np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)

    ea, eb = per_series(a), per_series(b)
    ok = np.isfinite(ea) & np.isfinite(eb) & (ea > 0) & (eb > 0)
    if not ok.any():
        return 1.0
    return float(np.exp(np.mean(np.log(ea[ok] / eb[ok]))))


def _candidates(
    model: str | Forecaster, n_series: int, seed: int = 0, own: bool = False
) -> list[tuple[str, Forecaster]]:
    if not _uses_reference(model):
        return [("model", get_forecaster(model, seed))]
    if n_series < MIN_OWN_SERIES and not own:
        return []
    from .batch import AUTO_MEMBERS
    from .simple import Fast

    cands: list[tuple[str, Forecaster]] = [("median", Fast())]
    if model == "auto" and n_series >= AUTO_SELECT_MIN_SERIES:
        cands += [(_blend_name(w), Fast(ses_share=w)) for w in AUTO_SES_SHARES]
        cands += [
            (f"{k}, {sc} scale", Fast(members=[(k, sc)], shrink=False, weighting="median"))
            for k, sc in AUTO_MEMBERS
        ]
    return cands


def needs_scores(model: str | Forecaster, n_series: int, seed: int = 0, own: bool = False) -> bool:
    """Whether the calibration rule needs rolling-origin scores for a panel with
    ``n_series`` calibrating series (no: ``auto`` and ``fast`` below
    :data:`MIN_OWN_SERIES` take the reference table).

    Examples
    --------
    >>> needs_scores("auto", 40), needs_scores("auto", 400), needs_scores("naive", 3)
    (False, True, True)
    """
    return bool(_candidates(model, n_series, seed, own))


def table_from_scores(
    scores: dict[str, tuple[np.ndarray, np.ndarray]],
    horizon: int,
    probs: np.ndarray,
    model: str | Forecaster = "auto",
    n_series: int = 0,
    seed: int = 0,
    own: bool = False,
    reference: str = "generic",
) -> CalibrationTable:
    """The calibration table from pooled scores (the second half of the rule).

    * ``auto`` and ``fast`` with fewer than :data:`MIN_OWN_SERIES` calibrating series: the
      reference table (:func:`~drugtrends.models.calibration.reference_table`).
    * ``auto`` otherwise: first the combination, the median or its blend with SES
      (:data:`AUTO_SES_SHARES`) whose errors relative to the median's, series by series,
      are lower by :data:`AUTO_BLEND_MARGIN` (geometric mean of the ratios); then that
      combination, or the member whose pooled mean absolute scaled error is lower by
      :data:`AUTO_SELECT_MARGIN`, with the conformal table of its own errors
      (``forecaster`` and ``choice`` say which).
    * any other model: the conformal table of its errors (Student-t when too few).

    ``own=True`` skips the reference table (``table="own"``); ``reference`` says which
    shipped table (:data:`~drugtrends.models.calibration.REFERENCES`).
    """
    from .calibration import reference_table

    if _uses_reference(model) and "median" not in scores:
        tab = reference_table(probs, horizon, reference)
        return dataclasses.replace(tab, choice="median") if model == "auto" else tab
    source = _panel_source(n_series)
    if "model" in scores or model != "auto":
        key = "model" if "model" in scores else "median"
        return _own_table(scores[key], probs, source)
    cands = dict(_candidates(model, n_series, seed, own))
    # the combination: the median, or the blend with SES that does clearly better
    base = "median"
    best_rel = 1.0 - AUTO_BLEND_MARGIN
    for w in AUTO_SES_SHARES:
        name = _blend_name(w)
        if name in scores:
            rel = _relative_error(scores[name][0], scores["median"][0])
            if rel < best_rel:
                base, best_rel = name, rel
    # a single member replaces the combination only if clearly better
    combinations = {"median", *(_blend_name(w) for w in AUTO_SES_SHARES)}
    chosen = base
    members = [
        (_mean_abs(raw), name) for name, (raw, _) in scores.items() if name not in combinations
    ]
    if members:
        err, name = min(members, key=lambda t: t[0])
        if err < (1 - AUTO_SELECT_MARGIN) * _mean_abs(scores[base][0]):
            chosen = name
    return dataclasses.replace(
        _own_table(scores[chosen], probs, source), forecaster=cands[chosen], choice=chosen
    )


def auto_select(
    series: Sequence[np.ndarray],
    horizon: int,
    probs: np.ndarray,
    origins: int | None = None,
    own: bool = False,
    reference: str = "generic",
) -> tuple[Forecaster, CalibrationTable, str]:
    """The ``auto`` model for a panel and its calibration table.

    Below :data:`MIN_OWN_SERIES` calibrating series: the median combination of
    :data:`~drugtrends.models.batch.AUTO_MEMBERS` with the reference table. Otherwise
    candidates are the median combination, its blends with SES (:data:`AUTO_SES_SHARES`)
    and each member alone; each is refitted at every rolling origin inside every series
    (the same refits that calibrate the intervals) and scored as
    :func:`table_from_scores` says. Only the data given is used. ``own=True``
    calibrates the median on the panel's own errors however small the panel.

    Returns
    -------
    forecaster : Forecaster
        The chosen model.
    table : CalibrationTable
        Its calibration table.
    choice : str
        ``"median"``, a blend (e.g. ``"median + 50% SES"``) or the member, e.g.
        ``"theta, log scale"``.
    """
    fc, table, choice, _ = _auto_select(series, horizon, probs, origins, own, reference)
    return fc, table, choice


def _auto_select(
    series: Sequence[np.ndarray],
    horizon: int,
    probs: np.ndarray,
    origins: int | None = None,
    own: bool = False,
    reference: str = "generic",
) -> tuple[Forecaster, CalibrationTable, str, np.ndarray | None]:
    """:func:`auto_select`, and the chosen model's forecasts of ``series`` when the scoring
    pass made them (None otherwise)."""
    from .simple import Fast

    n = calibrating_series(series)
    points: dict[str, np.ndarray] = {}
    scores = candidate_scores(
        series, horizon, "auto", origins=origins, n_series=n, own=own, points_out=points
    )
    table = table_from_scores(scores, horizon, probs, "auto", n, own=own, reference=reference)
    fc = table.forecaster if table.forecaster is not None else Fast()
    table = dataclasses.replace(table, forecaster=fc, choice=table.choice or "median")
    return fc, table, table.choice, points.get(table.choice)


def clean_fittable(series: Sequence[np.ndarray], min_length: int) -> list[np.ndarray]:
    """The series that the engine fits (not constant, enough observed points), cleaned."""
    clean: list[np.ndarray] = []
    for raw in series:
        arr = np.asarray(raw, dtype=float).ravel()
        arr = np.where(np.isinf(arr), np.nan, arr)
        if np.count_nonzero(~np.isnan(arr)) < max(min_length, 2):
            continue
        y = prepare_series(arr, log="auto").y
        if np.ptp(y) > 0:
            clean.append(y)
    return clean


def panel_table(
    series: Sequence[np.ndarray],
    horizon: int = 5,
    levels: Sequence[float] = (80, 95),
    model: str | Forecaster = "auto",
    *,
    origins: int | None = None,
    seed: int = 0,
    reference: str = "generic",
) -> CalibrationTable:
    """The calibration table that :func:`forecast_arrays` would pool over ``series``.

    Compute it once over a whole panel and pass it as ``table=`` to
    :func:`forecast_arrays` on each chunk (on separate workers, e.g. with
    ``dask.distributed``): the chunks then get the same intervals as one call on the panel.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> panel = [50 + np.cumsum(rng.normal(1, 3, size=20)) for _ in range(40)]
    >>> table = panel_table(panel, horizon=3)
    >>> table.method                      # 40 series: too few to calibrate themselves
    'reference'
    >>> parts = [forecast_arrays(chunk, 3, table=table) for chunk in (panel[:20], panel[20:])]
    >>> whole = forecast_arrays(panel, 3)
    >>> bool(np.allclose(np.concatenate([p.quantiles for p in parts]), whole.quantiles))
    True
    """
    fc = get_forecaster(model, seed)
    clean = clean_fittable(series, fc.min_length)
    probs = levels_to_probs(levels)
    if model == "auto":
        return auto_select(clean, int(horizon), probs, origins, reference=reference)[1]
    n = calibrating_series(clean, max(MIN_TRAIN, fc.min_length))
    scores = candidate_scores(clean, int(horizon), model, origins=origins, n_series=n, seed=seed)
    return table_from_scores(scores, int(horizon), probs, model, n, seed, reference=reference)


def _quiet(fn: Callable) -> Callable:
    """Run ``fn`` without NumPy floating-point warnings: overflow and invalid values in a
    bad series are handled (fallbacks and statuses), not printed to stderr."""
    import functools
    import warnings

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return fn(*args, **kwargs)

    return run


@dataclass(frozen=True)
class _Settings:
    """The checked settings of one :func:`forecast_arrays` call."""

    horizon: int
    levels: Sequence[float]
    probs: np.ndarray
    model: str | Forecaster
    calibration: str
    origins: int | None
    seed: int
    reference: str
    rule: str


@dataclass
class _Panel:
    """The results of :func:`forecast_arrays` as they are filled in, series by series."""

    mean: np.ndarray
    quant: np.ndarray
    models: list[str]
    status: list[str]
    n_obs: np.ndarray
    last_index: np.ndarray
    clean: dict[int, np.ndarray] = field(default_factory=dict)
    observed: dict[int, np.ndarray] = field(default_factory=dict)  # not interpolated
    notes: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def empty(cls, n: int, horizon: int, n_probs: int) -> _Panel:
        """Return a panel of ``n`` series without forecasts."""
        return cls(
            mean=np.full((n, horizon), np.nan),
            quant=np.full((n, horizon, n_probs), np.nan),
            models=[""] * n,
            status=[""] * n,
            n_obs=np.zeros(n, dtype=int),
            last_index=np.full(n, -1, dtype=int),
        )


def _check_settings(
    horizon: int,
    levels: Sequence[float],
    model: str | Forecaster,
    calibration: str,
    table: CalibrationTable | str | None,
    seed: int,
    reference: str,
) -> tuple[int, np.ndarray, Forecaster]:
    """Check the arguments of :func:`forecast_arrays`; return horizon, probs and forecaster."""
    if calibration not in ("conformal", "none"):
        raise ValueError(f"calibration must be 'conformal' or 'none', not {calibration!r}")
    horizon = int(horizon)
    if horizon < 1:
        raise ValueError(f"horizon must be a positive integer, got {horizon}")
    probs = levels_to_probs(levels)
    fc = get_forecaster(model, seed)
    if reference not in REFERENCES:
        raise ValueError(f"reference must be one of {REFERENCES}, not {reference!r}")
    if isinstance(table, str) and table not in TABLE_RULES:
        raise ValueError(f"table must be a CalibrationTable or one of {TABLE_RULES}, not {table!r}")
    if table == "reference" and not _uses_reference(model):
        raise ValueError("the reference table holds errors of model 'auto' (or 'fast') only")
    return horizon, probs, fc


def _drop_long_gaps(arr: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Drop the points before the last gap longer than :data:`MAX_GAP`, with a note."""
    gaps = np.diff(ok) - 1
    if not (gaps.size and gaps.max() > MAX_GAP):
        return arr, ok, ""
    after = int(np.flatnonzero(gaps > MAX_GAP)[-1]) + 1
    arr = arr.copy()
    arr[: ok[after]] = np.nan
    cut_note = (
        f"a gap of {int(gaps.max())} steps: only the {ok.size - after} point(s) "
        "after the last gap longer than "
        f"{MAX_GAP} used"
    )
    return arr, ok[after:], cut_note


def _read_series(panel: _Panel, i: int, raw: np.ndarray) -> None:
    """Trim and clean series ``i`` into ``panel.clean``, or give it a no-forecast status."""
    arr = np.asarray(raw, dtype=float)
    if arr.ndim > 1:
        raise ValueError(
            f"series {i} has shape {arr.shape}: each series must be a 1-D array of "
            "values in time order (pass the rows of a 2-D array as separate series)"
        )
    arr = arr.ravel()
    bad_inf = np.isinf(arr)
    if bad_inf.any():
        arr = np.where(bad_inf, np.nan, arr)
    ok = np.flatnonzero(~np.isnan(arr))
    if ok.size == 0:
        panel.status[i] = "no forecast: empty series" if arr.size == 0 else "no forecast: all NaN"
        return
    panel.last_index[i] = int(ok[-1])
    arr, ok, cut_note = _drop_long_gaps(arr, ok)
    ps = prepare_series(arr, log="auto")
    panel.observed[i] = ~np.isnan(arr[ok[0] : ok[-1] + 1])
    panel.n_obs[i] = ok.size
    panel.notes[i] = list(ps.notes) + ([cut_note] if cut_note else [])
    if bad_inf.any():
        panel.notes[i].append(f"{int(bad_inf.sum())} infinite value(s) treated as missing")
    if ok.size == 1:
        panel.status[i] = "no forecast: only 1 point" + (f" ({cut_note})" if cut_note else "")
        return
    panel.clean[i] = ps.y


def _fallback_status(n_obs: int, constant: bool, median_only: bool) -> str:
    """Return the status of a series too short or constant for the model."""
    if constant and median_only:
        return (
            f"constant series ({n_obs} points): naive, no interval (too few points "
            "to learn how much the series moves)"
        )
    if constant:
        return f"constant series ({n_obs} points): naive, zero-width intervals"
    if median_only:
        return f"too short ({n_obs} points): naive, no interval"
    return f"too short ({n_obs} points): naive with widened intervals"


def _naive_fallbacks(panel: _Panel, fit_ids: list[int], cfg: _Settings) -> None:
    """Give the clean series the model cannot fit the naive forecast and its status."""
    probs = cfg.probs
    for i, y in panel.clean.items():
        if i in fit_ids:
            continue
        point, q = _naive_fallback(y, cfg.horizon, probs, panel.observed.get(i))
        constant = np.ptp(y) == 0
        n_obs = panel.n_obs[i]
        # two to four equal figures say nothing about how much the next one may move (a
        # zero-width interval would claim certainty), and a Student-t interval from one or
        # two differences has infinite variance (a 95 % bound of e^180 kg): the median only
        median_only = n_obs < MIN_TRAIN if constant else n_obs - 1 < MIN_T_DF
        panel.status[i] = _fallback_status(n_obs, constant, median_only)
        if median_only:
            q = np.where(probs[None, :] == 0.5, point[:, None], np.nan)
        panel.mean[i], panel.quant[i], panel.models[i] = point, q, "naive"


def _model_and_table(
    ys: list[np.ndarray], fc: Forecaster, given: CalibrationTable | None, cfg: _Settings
) -> tuple[Forecaster, CalibrationTable | None, np.ndarray | None, str]:
    """Apply the calibration rule: the model used (auto may pick a member), the table when
    known before the point forecasts, the chosen model's forecasts when the calibration
    pass made them, and the model's name."""
    model = cfg.model
    model_name = "auto" if model == "auto" else fc.name
    reuse = None
    if cfg.calibration == "conformal" and given is None:
        if cfg.rule == "reference":
            given = reference_table(cfg.probs, cfg.horizon, cfg.reference)
        elif model == "auto":
            fc, given, _, reuse = _auto_select(
                ys,
                cfg.horizon,
                cfg.probs,
                cfg.origins,
                own=cfg.rule == "own",
                reference=cfg.reference,
            )
    if model == "auto" and cfg.calibration == "conformal" and given is not None:
        if given.forecaster is not None:  # chosen on the whole panel
            fc = given.forecaster
        if given.choice and given.choice != "median":
            model_name = f"auto ({given.choice})"
    return fc, given, reuse, model_name


def _batch_points(
    panel: _Panel,
    fit_ids: list[int],
    fc: Forecaster,
    reuse: np.ndarray | None,
    horizon: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Point forecasts of a batch model, :data:`ENGINE_BATCH` series at a time."""
    ys = [panel.clean[i] for i in fit_ids]
    chunk = ENGINE_BATCH
    for lo in range(0, len(ys), chunk):
        if reuse is not None:
            pts = reuse[lo : lo + chunk]
        else:
            pts = fc.point_batch(ys[lo : lo + chunk], horizon)
        for j, i in enumerate(fit_ids[lo : lo + chunk]):
            panel.mean[i] = pts[j]
        if progress:
            progress(min(lo + chunk, len(ys)))


def _fitted_forecasts(
    panel: _Panel,
    fit_ids: list[int],
    fc: Forecaster,
    cfg: _Settings,
    progress: Callable[[int], None] | None,
) -> dict[int, np.ndarray]:
    """Fit the model series by series (naive on failure); return its own quantiles."""
    own_q: dict[int, np.ndarray] = {}
    for j, i in enumerate(fit_ids):
        try:
            pred = fc.fit(panel.clean[i]).predict(cfg.horizon, cfg.levels)
            panel.mean[i] = pred.mean
            own_q[i] = pred.quantiles
        except Exception as err:
            point, q = _naive_fallback(panel.clean[i], cfg.horizon, cfg.probs)
            panel.mean[i], panel.quant[i], panel.models[i] = point, q, "naive"
            msg = str(err).splitlines()[0][:80] if str(err) else ""
            panel.status[i] = f"{fc.name} failed ({type(err).__name__}: {msg}): naive"
        if progress and (j + 1) % 50 == 0:
            progress(j + 1)
    if progress:
        progress(len(fit_ids))
    return own_q


def _good_forecasts(panel: _Panel, fit_ids: list[int], fc: Forecaster, cfg: _Settings) -> list:
    """Return the fitted series with finite forecasts; the others fall back to naive."""
    good = [i for i in fit_ids if not panel.status[i] and np.all(np.isfinite(panel.mean[i]))]
    for i in fit_ids:
        if not panel.status[i] and i not in good:
            point, q = _naive_fallback(panel.clean[i], cfg.horizon, cfg.probs)
            panel.mean[i], panel.quant[i], panel.models[i] = point, q, "naive"
            panel.status[i] = f"{fc.name} gave non-finite forecasts: naive with widened intervals"
    return good


def _own_errors_table(gys: list[np.ndarray], fc: Forecaster, cfg: _Settings) -> CalibrationTable:
    """The calibration table from the pooled rolling-origin errors of the good series."""
    spec = cfg.model if isinstance(cfg.model, str) else fc
    n_cal = calibrating_series(gys, max(MIN_TRAIN, fc.min_length))
    own = cfg.rule == "own"
    scores = candidate_scores(
        gys, cfg.horizon, spec, origins=cfg.origins, n_series=n_cal, seed=cfg.seed, own=own
    )
    return table_from_scores(
        scores, cfg.horizon, cfg.probs, spec, n_cal, cfg.seed, own=own, reference=cfg.reference
    )


def _intervals(
    panel: _Panel,
    good: list[int],
    own_q: dict[int, np.ndarray],
    fc: Forecaster,
    given: CalibrationTable | None,
    cfg: _Settings,
) -> tuple[str, str]:
    """Fill the quantiles of the good series; return the interval method and table source."""
    if not (cfg.calibration == "conformal" and good):
        for i in good:
            panel.quant[i] = own_q.get(i, np.nan)
        return "model", ""
    if given is None:
        given = _own_errors_table([panel.clean[i] for i in good], fc, cfg)
    for i in good:
        if given.method == "none":
            q = own_q.get(i)
            if q is None:
                q = _naive_fallback(panel.clean[i], cfg.horizon, cfg.probs)[1]
            panel.quant[i] = q
        else:
            panel.quant[i] = apply_table(
                panel.clean[i], panel.mean[i], given, panel.observed.get(i)
            )
    return given.method, given.source


def _final_statuses(
    panel: _Panel, good: list[int], model_name: str, method: str, cfg: _Settings
) -> None:
    """Name the model of the good series and add the notes to every status."""
    notes = panel.notes
    for i in good:
        panel.models[i] = model_name
        extra = []
        if cfg.calibration == "conformal" and method == "student-t":
            extra.append("intervals by Student-t approximation: too few backtest errors")
        panel.status[i] = "ok" + (
            f" ({'; '.join(notes.get(i, []) + extra)})" if notes.get(i) or extra else ""
        )
    for i in panel.clean:
        if panel.status[i] and not panel.status[i].startswith("ok") and notes.get(i):
            panel.status[i] += f" ({'; '.join(notes[i])})"


def _order_quantiles(panel: _Panel, probs: np.ndarray) -> None:
    """Order the quantiles on either side of the point, never below zero for non-negative
    series."""
    lower, upper = probs < 0.5, probs > 0.5
    mean, quant = panel.mean, panel.quant
    for i in panel.clean:
        y = panel.clean[i]
        if np.isfinite(quant[i]).all():  # (a median without interval stays in place)
            quant[i] = np.sort(quant[i], axis=1)
            if np.isfinite(mean[i]).all():
                quant[i][:, lower] = np.minimum(quant[i][:, lower], mean[i][:, None])
                quant[i][:, upper] = np.maximum(quant[i][:, upper], mean[i][:, None])
        if np.all(y >= 0):
            quant[i] = np.maximum(quant[i], 0.0)
            mean[i] = np.maximum(mean[i], 0.0)


def _outcome_codes(panel: _Panel, good: list[int]) -> np.ndarray:
    """Return the categorical outcome per series ("ok", "fallback" or "none")."""
    code = np.full(len(panel.status), "none", dtype=object)
    for i in panel.clean:
        if np.isfinite(panel.mean[i]).any():
            code[i] = "fallback"
    code[good] = "ok"
    return code


def _settings_record(cfg: _Settings, model_name: str, source: str) -> dict:
    """Return :attr:`PanelForecast.settings`: the settings used."""
    return {
        "model": model_name,
        "horizon": cfg.horizon,
        "levels": [float(v) for v in cfg.levels],
        "calibration": cfg.calibration,
        "calibration_table": source,
        "origins": cfg.origins if cfg.origins is not None else cfg.horizon,
        "seed": cfg.seed,
        "reference": cfg.reference,
    }


@_quiet
def forecast_arrays(
    series: Sequence[np.ndarray],
    horizon: int = 5,
    levels: Sequence[float] = (80, 95),
    model: str | Forecaster = "auto",
    *,
    calibration: str = "conformal",
    origins: int | None = None,
    table: CalibrationTable | None = None,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    reference: str = "generic",
) -> PanelForecast:
    """Forecast every series of a panel; never raises for a bad series.

    Parameters
    ----------
    series : sequence of 1-D array-like
        Values in time order, one array per series; NaN for missing years (leading and
        trailing NaN are trimmed, inner gaps interpolated on the model scale).
    horizon : int
        Steps ahead [years for yearly data].
    levels : sequence of float
        Central interval levels [percent].
    model : str or Forecaster
        ``"auto"`` (the fast median combination, or the member that :func:`auto_select`
        finds clearly better on this panel, with conformal intervals and fallbacks for
        short series), or a name of :func:`drugtrends.models.available_models`, or an
        instance.
    calibration : {"conformal", "none"}
        ``"conformal"``: intervals from pooled rolling-origin errors (see
        :mod:`.calibration`); ``"none"``: the model's own intervals.
    origins : int, optional
        Rolling origins per series for calibration (default ``horizon``).
    table : CalibrationTable or {"auto", "own", "reference"}, optional
        A precomputed calibration table (to share one across chunks of a panel), or the
        rule: ``None``/``"auto"`` as described in the module docstring (``auto`` and
        ``fast`` use the reference table below :data:`MIN_OWN_SERIES` calibrating series),
        ``"own"`` (always the call's own errors), ``"reference"`` (always the shipped
        reference table; ``auto`` and ``fast`` only).
    seed : int
        Seed for models with random steps.
    progress : callable, optional
        Called with the number of series done after each chunk (for a progress bar).
    reference : {"generic", "drug"}
        Which shipped reference table a call too small to calibrate itself uses:
        ``"generic"`` (M3 yearly) or ``"drug"`` (world drug-seizure series and M3; what
        :func:`drugtrends.forecast` uses for the indicators of a Dataset).

    Returns
    -------
    PanelForecast

    Examples
    --------
    >>> import numpy as np
    >>> out = forecast_arrays([np.array([3.0, 4, 6, 7, 9, 12, 13, 15])], horizon=2)
    >>> out.quantiles.shape, out.model
    ((1, 2, 5), ['auto'])
    """
    horizon, probs, fc = _check_settings(
        horizon, levels, model, calibration, table, seed, reference
    )
    cfg = _Settings(
        horizon=horizon,
        levels=levels,
        probs=probs,
        model=model,
        calibration=calibration,
        origins=origins,
        seed=seed,
        reference=reference,
        rule=table if isinstance(table, str) else "auto",
    )
    panel = _Panel.empty(len(series), horizon, len(probs))
    for i, raw in enumerate(series):
        _read_series(panel, i, raw)
    # series the model can fit, and those that fall back to naive
    fit_ids = [
        i for i, y in panel.clean.items() if panel.n_obs[i] >= fc.min_length and np.ptp(y) > 0
    ]
    _naive_fallbacks(panel, fit_ids, cfg)
    given = table if isinstance(table, CalibrationTable) else None
    ys = [panel.clean[i] for i in fit_ids]
    fc, given, reuse, model_name = _model_and_table(ys, fc, given, cfg)
    own_q: dict[int, np.ndarray] = {}
    if fc.tags.get("batch") and calibration == "conformal":
        _batch_points(panel, fit_ids, fc, reuse, horizon, progress)
    else:
        own_q = _fitted_forecasts(panel, fit_ids, fc, cfg, progress)
    good = _good_forecasts(panel, fit_ids, fc, cfg)
    method, source = _intervals(panel, good, own_q, fc, given, cfg)
    _final_statuses(panel, good, model_name, method, cfg)
    _order_quantiles(panel, probs)
    return PanelForecast(
        code=_outcome_codes(panel, good),
        mean=panel.mean,
        quantiles=panel.quant,
        probs=probs,
        model=panel.models,
        status=panel.status,
        n_obs=panel.n_obs,
        last_index=panel.last_index,
        interval_method=_METHOD_NAMES.get(method, method),
        settings=_settings_record(cfg, model_name, source),
    )
