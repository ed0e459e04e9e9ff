"""Adapters for statsmodels' ETS, ARIMA, local linear trend and Theta models.

statsmodels is imported inside the methods that use it, so importing this module is cheap.
Each model is fitted one series at a time (slow next to :mod:`.simple`'s vectorized models,
but standard and well documented); its own Gaussian intervals come from the state-space
forecast variance. Convergence warnings of the optimizers are silenced: a poor fit shows in
the backtest, not as noise on the console.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.statsmodels_models import ETS
>>> y = np.array([3.0, 4, 6, 7, 9, 12, 13, 15, 18, 17, 20])
>>> ETS().forecast(y, horizon=2).mean.shape
(2,)
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import Any, ClassVar

import numpy as np

from .base import Forecaster, gaussian_quantiles

__all__ = ["ARIMA", "ETS", "LocalLinearTrend", "Theta"]


@contextmanager
def _quiet():
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _state_space_quantiles(state: Any, horizon: int, probs: np.ndarray):
    """Mean and Gaussian quantiles from a statsmodels state-space result's forecast."""
    with _quiet():
        f = state.get_forecast(horizon)
        mean = np.asarray(f.predicted_mean, dtype=float)
        var = np.asarray(f.var_pred_mean, dtype=float)
    return mean, gaussian_quantiles(mean, np.sqrt(np.maximum(var, 0)), probs)


def _aicc(res: Any) -> float:
    v = float(getattr(res, "aicc", np.nan))
    return v if np.isfinite(v) else np.inf


class ETS(Forecaster):
    """Exponential smoothing (statsmodels ``ETSModel``): additive errors, with a damped
    additive trend or none, chosen by AICc.

    On the log scale (positive series) an additive model is a multiplicative one for the
    data, the usual choice for growing quantities.
    """

    name = "ets"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 5,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def _fit(self, x: np.ndarray) -> Any:
        import pandas as pd
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        s = pd.Series(x)
        best, best_ic = None, np.inf
        specs = [{"trend": "add", "damped_trend": True}, {"trend": None}]
        if x.size < 8:  # too few points for four smoothing/initial parameters and a damping
            specs = specs[1:]
        with _quiet():
            for spec in specs:
                try:
                    res = ETSModel(s, error="add", **spec).fit(disp=False)
                except Exception:
                    continue
                if _aicc(res) < best_ic or best is None:
                    best, best_ic = res, _aicc(res)
        if best is None:
            raise RuntimeError("no ETS specification could be fitted")
        return best

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        n = int(state.nobs)
        with _quiet():
            p = state.get_prediction(start=n, end=n + horizon - 1)
            mean = np.asarray(p.predicted_mean, dtype=float)
            var = np.asarray(p.forecast_variance, dtype=float)
        return mean, gaussian_quantiles(mean, np.sqrt(np.maximum(var, 0)), probs)


class ARIMA(Forecaster):
    """ARIMA (statsmodels) with a small order search by AICc.

    Candidates: ARIMA(p,1,q) with drift for p, q in {0, 1}; ARIMA(0,1,1) without drift;
    ARIMA(0,2,1); and, for series at least 12 long, ARIMA(2,1,0) with drift. Yearly series
    seldom need more, and a short series cannot tell more apart.
    """

    name = "arima"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 6,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def _fit(self, x: np.ndarray) -> Any:
        from statsmodels.tsa.arima.model import ARIMA as _SMARIMA

        cands: list[tuple[tuple[int, int, int], str]] = [
            ((0, 1, 0), "t"),
            ((1, 1, 0), "t"),
            ((0, 1, 1), "t"),
            ((1, 1, 1), "t"),
            ((0, 1, 1), "n"),
            ((0, 2, 1), "n"),
        ]
        if x.size >= 12:
            cands.append(((2, 1, 0), "t"))
        best, best_ic = None, np.inf
        with _quiet():
            for order, trend in cands:
                try:
                    res = _SMARIMA(x, order=order, trend=trend).fit()
                except Exception:
                    continue
                if best is None or _aicc(res) < best_ic:
                    best, best_ic = res, _aicc(res)
        if best is None:
            raise RuntimeError("no ARIMA order could be fitted")
        return best

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        return _state_space_quantiles(state, horizon, probs)


class LocalLinearTrend(Forecaster):
    """Local linear trend model (statsmodels ``UnobservedComponents``), fitted by ML."""

    name = "llt"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 6,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def _fit(self, x: np.ndarray) -> Any:
        from statsmodels.tsa.statespace.structural import UnobservedComponents

        with _quiet():
            return UnobservedComponents(x, level="local linear trend").fit(disp=False)

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        return _state_space_quantiles(state, horizon, probs)


class Theta(Forecaster):
    """The Theta method (statsmodels ``ThetaModel``, no seasonal adjustment)."""

    name = "theta"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 4,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def _fit(self, x: np.ndarray) -> Any:
        from statsmodels.tsa.forecasting.theta import ThetaModel

        with _quiet():
            return ThetaModel(x, period=1, deseasonalize=False).fit()

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        from scipy.stats import norm

        with _quiet():
            mean = np.asarray(state.forecast(horizon), dtype=float)
            pi = np.asarray(state.prediction_intervals(horizon, alpha=0.05), dtype=float)
        sd = (pi[:, 1] - pi[:, 0]) / (2 * norm.ppf(0.975))
        return mean, gaussian_quantiles(mean, sd, probs)
