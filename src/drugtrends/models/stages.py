"""The engine's stages, public: scan series, score chunks, pool a table, forecast with it.

:func:`~drugtrends.models.engine.forecast_arrays` on a list of series is the same as these
four stages run in sequence (:func:`run_stages`), and any executor can run them: the
in-memory path, or :mod:`drugtrends.distributed`, which maps :func:`scan_series`,
:func:`score_series` and :func:`forecast_with_table` over chunks of a panel on a cluster
and runs :func:`pool_table` on the client. Every stage is a pure function of its chunk; a
series' results do not depend on which other series share its chunk (to the last bit), so
chunks can be cut anywhere.

1. :func:`scan_series`: which series the model fits, which of them make the calibration
   table (``pooled``), and how many of those give rolling-origin errors;
2. :func:`score_series`: rolling-origin scores of every candidate model on a chunk's pooled
   series (skipped when :func:`needs_scores` says the rule takes the reference table);
3. :func:`pool_table`: the calibration table from the chunks' scores in panel order;
4. :func:`forecast_with_table`: the forecasts of a chunk with that table.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.engine import forecast_arrays
>>> rng = np.random.default_rng(0)
>>> panel = [50 + np.cumsum(rng.normal(1, 3, size=20)) for _ in range(40)]
>>> spec = EngineSpec(horizon=3)
>>> out = run_stages(panel, spec)
>>> bool(np.array_equal(out.quantiles, forecast_arrays(panel, 3).quantiles))
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Forecaster, levels_to_probs
from .calibration import CalibrationTable
from .engine import (
    MIN_TRAIN,
    PanelForecast,
    calibrating_series,
    candidate_scores,
    clean_fittable,
    forecast_arrays,
    get_forecaster,
    needs_scores,
    table_from_scores,
)

__all__ = [
    "EngineSpec",
    "ScanResult",
    "forecast_with_table",
    "needs_scores",
    "pool_table",
    "run_stages",
    "scan_series",
    "score_series",
]

Scores = dict[str, tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class EngineSpec:
    """The settings of one engine run (as the keywords of
    :func:`~drugtrends.models.engine.forecast_arrays`).

    ``rule`` is the table rule (``"auto"``, ``"own"`` or ``"reference"``); a precomputed
    table is passed to :func:`forecast_with_table` instead.
    """

    horizon: int = 5
    levels: tuple[float, ...] = (80.0, 95.0)
    model: str | Forecaster = "auto"
    calibration: str = "conformal"
    origins: int | None = None
    seed: int = 0
    rule: str = "auto"
    reference: str = "generic"

    @property
    def probs(self) -> np.ndarray:
        return levels_to_probs(self.levels)

    @property
    def own(self) -> bool:
        return self.rule == "own"

    @property
    def auto(self) -> bool:
        return isinstance(self.model, str) and self.model == "auto"

    @property
    def min_train(self) -> int:
        """Shortest truncated series refitted, as the engine counts calibrating series."""
        if self.auto:
            return MIN_TRAIN
        return max(MIN_TRAIN, get_forecaster(self.model, self.seed).min_length)


@dataclass(frozen=True)
class ScanResult:
    """What :func:`scan_series` finds in a chunk.

    Attributes
    ----------
    fittable : numpy.ndarray of bool
        Series the model fits (not constant, enough points).
    pooled : numpy.ndarray of bool
        Series whose rolling-origin errors make the table: every fittable one for ``auto``;
        for a named model, those whose forecast succeeds.
    calibrating : int
        Pooled series that give rolling-origin errors.
    """

    fittable: np.ndarray
    pooled: np.ndarray
    calibrating: int


def _clean(series: Sequence[Any], min_length: int) -> list[np.ndarray | None]:
    out: list[np.ndarray | None] = []
    for raw in series:
        c = clean_fittable([raw], min_length)
        out.append(c[0] if c else None)
    return out


def scan_series(series: Sequence[Any], spec: EngineSpec) -> ScanResult:
    """Stage 1 on a chunk (see :class:`ScanResult`).

    Examples
    --------
    >>> import numpy as np
    >>> scan = scan_series([np.arange(1.0, 9.0), np.array([1.0, 2.0]), np.ones(6)],
    ...                    EngineSpec(horizon=2))
    >>> scan.fittable.tolist(), scan.calibrating
    ([True, False, False], 1)
    """
    fc = get_forecaster(spec.model, spec.seed)
    clean = _clean(series, fc.min_length)
    fit = np.array([y is not None for y in clean], dtype=bool)
    pooled = fit.copy()
    if not spec.auto and fit.any() and spec.calibration == "conformal":
        # a named model pools the series whose forecast succeeds: the engine's point pass
        # (batch models: every finite forecast; others: no failure), without calibration
        if fc.tags.get("batch"):
            ys = [y for y in clean if y is not None]
            pts = np.asarray(fc.point_batch(ys, spec.horizon), dtype=float)
            pooled[fit] = np.isfinite(pts).all(axis=1)
        else:
            out = forecast_arrays(
                list(series),
                spec.horizon,
                spec.levels,
                spec.model,
                calibration="none",
                seed=spec.seed,
            )
            pooled &= out.code == "ok"
    ys = [y for y, k in zip(clean, pooled, strict=True) if k]
    return ScanResult(fit, pooled, calibrating_series(ys, spec.min_train))


def score_series(
    series: Sequence[Any], pooled: np.ndarray, spec: EngineSpec, n_series: int
) -> Scores:
    """Stage 2 on a chunk: the candidates' rolling-origin scores of its pooled series.

    ``n_series`` is the whole panel's :attr:`ScanResult.calibrating` (it decides the
    candidates). The chunks' arrays, concatenated in panel order, equal the scores of the
    whole panel.
    """
    fc = get_forecaster(spec.model, spec.seed)
    ys = [y for y, k in zip(_clean(series, fc.min_length), pooled, strict=True) if k]
    return candidate_scores(
        ys,
        spec.horizon,
        spec.model,
        origins=spec.origins,
        n_series=n_series,
        seed=spec.seed,
        own=spec.own,
    )


def pool_table(parts: Sequence[Scores], spec: EngineSpec, n_series: int) -> CalibrationTable:
    """Stage 3: the panel's table from the chunks' scores, in panel order."""
    keys = list(parts[0]) if parts else []
    scores = {
        k: (np.concatenate([p[k][0] for p in parts]), np.concatenate([p[k][1] for p in parts]))
        for k in keys
    }
    return table_from_scores(
        scores,
        spec.horizon,
        spec.probs,
        spec.model,
        n_series,
        spec.seed,
        own=spec.own,
        reference=spec.reference,
    )


def forecast_with_table(
    series: Sequence[Any], spec: EngineSpec, table: CalibrationTable | str | None
) -> PanelForecast:
    """Stage 4 on a chunk: the engine with the panel's table (or a table rule)."""
    return forecast_arrays(
        list(series),
        spec.horizon,
        spec.levels,
        spec.model,
        calibration=spec.calibration,
        origins=spec.origins,
        table=table,
        seed=spec.seed,
        reference=spec.reference,
    )


def run_stages(series: Sequence[Any], spec: EngineSpec) -> PanelForecast:
    """The four stages in sequence on one list: the same as ``forecast_arrays``."""
    series = list(series)
    if spec.calibration != "conformal" or spec.rule == "reference":
        table: CalibrationTable | str | None = None if spec.rule == "auto" else spec.rule
        return forecast_with_table(series, spec, table)
    scan = scan_series(series, spec)
    parts = []
    if needs_scores(spec.model, scan.calibrating, spec.seed, spec.own):
        parts = [score_series(series, scan.pooled, spec, scan.calibrating)]
    table = pool_table(parts, dataclasses.replace(spec), scan.calibrating)
    return forecast_with_table(series, spec, table)
