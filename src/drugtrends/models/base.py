"""The forecaster contract: a model is its specification; fitting returns a results object.

* :class:`Forecaster` holds settings only. Its public :meth:`Forecaster.fit` validates and
  converts the series (1-D floats; leading and trailing NaN trimmed; inner gaps
  interpolated; the log scale chosen), then calls the subclass's private ``_fit``.
* :class:`FitResult` holds the fitted state; :meth:`FitResult.predict` returns a
  :class:`Prediction` (point forecast and quantiles at the requested interval levels).
* Capabilities are class tags (:attr:`Forecaster.tags`): ``min_length`` (shortest series
  fitted), ``intervals`` (whether the model has its own intervals), ``log`` (whether
  positive series are modelled on the log scale by default), ``batch`` (whether
  :meth:`Forecaster.point_batch` is vectorized).

A subclass implements ``_fit(x) -> state`` and ``_predict(state, horizon, probs) ->
(point, quantiles)`` on the model scale ``x`` (``log(y)`` or ``y``); the base class
back-transforms, keeps intervals above zero for non-negative series and orders quantiles.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models import get_model
>>> y = np.array([3.0, 4, 6, 7, 9, 12, 13, 15])
>>> res = get_model("drift").fit(y)
>>> pred = res.predict(horizon=3, levels=(80, 95))
>>> pred.quantiles.shape
(3, 5)
>>> bool(np.all(np.diff(pred.quantiles, axis=1) >= 0))
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

LOG_MAX = float(np.log(np.finfo(float).max))
"""Largest logarithm whose exponential is finite: exponentials of the log scale are capped
here (a cap at 709 would put the bounds of a series near 1.8e308 below its own values)."""

__all__ = [
    "FitResult",
    "Forecaster",
    "Prediction",
    "TooShortError",
    "levels_to_probs",
    "prepare_series",
]


class TooShortError(ValueError):
    """The series has fewer points than the model needs (see ``tags['min_length']``)."""


def levels_to_probs(levels: Sequence[float]) -> np.ndarray:
    """Quantile probabilities for central intervals at ``levels`` (percent), with the median.

    The convention of :func:`drugtrends.rules.interval_quantiles` (declared there once),
    as an array.

    Examples
    --------
    >>> levels_to_probs((80, 95)).tolist()
    [0.025, 0.1, 0.5, 0.9, 0.975]
    """
    from drugtrends.rules import interval_quantiles

    return np.array(interval_quantiles(levels))


@dataclass(frozen=True)
class Prediction:
    """Forecasts of one series.

    Attributes
    ----------
    mean : numpy.ndarray
        Point forecast per step ahead. For series modelled on the log scale this is the
        back-transformed point forecast (an estimate of the median) [units of the series].
    quantiles : numpy.ndarray
        ``(horizon, len(probs))`` forecast quantiles [units of the series].
    probs : numpy.ndarray
        Probabilities of the quantile columns.
    model : str
        Name of the model that produced the forecasts.
    """

    mean: np.ndarray
    quantiles: np.ndarray
    probs: np.ndarray
    model: str

    def interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of the central ``level`` % interval."""
        from drugtrends.rules import level_positions

        i, j = level_positions(self.probs, level)
        return self.quantiles[:, i], self.quantiles[:, j]


@dataclass
class PreparedSeries:
    """A validated series: values, the model scale, and what was done to it."""

    y: np.ndarray
    x: np.ndarray
    log: bool
    nonnegative: bool
    n_gaps: int = 0
    notes: list[str] = field(default_factory=list)


def prepare_series(y: ArrayLike, log: bool | str = "auto") -> PreparedSeries:
    """Validate and convert one series: 1-D floats, trimmed, gaps interpolated, scale chosen.

    Parameters
    ----------
    y : array-like
        Values in time order; NaN marks a missing year.
    log : bool or "auto"
        Model on the log scale. ``"auto"`` does so when every value is positive.

    Raises
    ------
    ValueError
        If ``y`` is not 1-D or holds infinite values.
    """
    arr = np.asarray(y, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"a series must be 1-D, got shape {arr.shape}")
    if np.isinf(arr).any():
        raise ValueError("the series holds infinite values")
    ok = np.flatnonzero(~np.isnan(arr))
    arr = arr[ok[0] : ok[-1] + 1] if ok.size else arr[:0]
    gaps = int(np.isnan(arr).sum())
    positive = bool(arr.size) and bool(np.all(arr[~np.isnan(arr)] > 0))
    nonneg = bool(np.all(arr[~np.isnan(arr)] >= 0))
    use_log = positive if log == "auto" else bool(log)
    if use_log and not positive:
        raise ValueError("log scale asked for a series that is not positive throughout")
    x = np.log(arr) if use_log else arr.copy()
    if gaps:
        idx = np.arange(arr.size)
        good = ~np.isnan(x)
        x = np.interp(idx, idx[good], x[good])
        arr = np.exp(x) if use_log else x.copy()
    notes = [f"{gaps} gap{'s' if gaps > 1 else ''} interpolated"] if gaps else []
    return PreparedSeries(arr, x, use_log, nonneg, gaps, notes)


class Forecaster:
    """Base class of all models: settings only; :meth:`fit` returns a :class:`FitResult`.

    Parameters
    ----------
    log : bool or "auto"
        Model positive series on the log scale (``"auto"``: when the ``log`` tag is set and
        the series is positive).
    seed : int
        Seed of any random step (simulation-based intervals); fixed for repeatable runs.
    """

    name: ClassVar[str] = "base"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 2,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def __init__(self, *, log: bool | str = "auto", seed: int = 0) -> None:
        self.log = log
        self.seed = seed

    def __repr__(self) -> str:
        return f"{type(self).__name__}(log={self.log!r}, seed={self.seed})"

    @property
    def min_length(self) -> int:
        return int(self.tags["min_length"])

    # ------------------------------------------------------------------ public
    def fit(self, y: ArrayLike) -> FitResult:
        """Validate ``y`` and fit the model.

        Raises
        ------
        TooShortError
            If ``y`` has fewer than ``tags['min_length']`` points after trimming NaN.
        ValueError
            If ``y`` is not a 1-D series of finite values (NaN allowed for gaps).
        """
        log = self.log if self.log != "auto" else ("auto" if self.tags["log"] else False)
        ps = prepare_series(y, log=log)
        if ps.y.size < self.min_length:
            raise TooShortError(
                f"{self.name} needs at least {self.min_length} points, got {ps.y.size}"
            )
        state = self._fit(ps.x)
        return FitResult(self, ps, state)

    def forecast(
        self, y: ArrayLike, horizon: int, levels: Sequence[float] = (80, 95)
    ) -> Prediction:
        """Fit and predict in one call: ``self.fit(y).predict(horizon, levels)``."""
        return self.fit(y).predict(horizon, levels)

    def point_batch(self, series: list[np.ndarray], horizon: int) -> np.ndarray:
        """Point forecasts of many clean series (original scale), ``(n, horizon)``.

        The default fits series one by one; the fast models override it with a vectorized
        version. Used by rolling-origin calibration and backtests.
        """
        out = np.full((len(series), horizon), np.nan)
        for i, y in enumerate(series):
            try:
                out[i] = self.fit(y).predict(horizon, levels=()).mean
            except Exception:
                continue
        return out

    # ------------------------------------------------------------------ subclass hooks
    def _fit(self, x: np.ndarray) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _predict(
        self, state: Any, horizon: int, probs: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - abstract
        raise NotImplementedError


class FitResult:
    """A fitted model: the validated series, the fitted state and :meth:`predict`."""

    def __init__(self, model: Forecaster, prepared: PreparedSeries, state: Any) -> None:
        self.model = model
        self.prepared = prepared
        self.state = state

    @property
    def n_obs(self) -> int:
        return int(self.prepared.y.size)

    @property
    def log(self) -> bool:
        return self.prepared.log

    def __repr__(self) -> str:
        return f"<FitResult {self.model.name}: {self.n_obs} points, log={self.log}>"

    def predict(self, horizon: int, levels: Sequence[float] = (80, 95)) -> Prediction:
        """Point forecasts and quantiles for ``horizon`` steps after the last observation."""
        if int(horizon) < 1:
            raise ValueError(f"horizon must be a positive integer, got {horizon}")
        horizon = int(horizon)
        probs = levels_to_probs(levels)
        point, q = self.model._predict(self.state, horizon, probs)
        point = np.asarray(point, dtype=float).reshape(horizon)
        q = np.asarray(q, dtype=float).reshape(horizon, len(probs))
        q = np.sort(q, axis=1)
        if self.prepared.log:
            with np.errstate(over="ignore"):
                point = np.exp(np.minimum(point, LOG_MAX))
                q = np.exp(np.minimum(q, LOG_MAX))
        if self.prepared.nonnegative:
            point = np.maximum(point, 0.0)
            q = np.maximum(q, 0.0)
        return Prediction(point, q, probs, self.model.name)


def gaussian_quantiles(point: np.ndarray, sd: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """``point[h] + sd[h] * z_p`` as an ``(h, p)`` array."""
    from scipy.stats import norm

    return np.asarray(point)[:, None] + np.asarray(sd)[:, None] * norm.ppf(probs)[None, :]
