"""Forecasting models behind one small contract, and :func:`forecast` over a Dataset.

Models (names for :func:`get_model` and ``model=``):

========================  =============================================================
``auto`` (default)        ``fast``, or one of its members where rolling-origin errors inside
                          the data show it clearly better (panels of 150+ series; see
                          :func:`~drugtrends.models.engine.auto_select`), with conformal
                          intervals (from the call's own errors in panels of 150+ series,
                          else from a shipped reference table) and fallbacks for short
                          series
``fast``                  median of vectorized damped-trend ETS, DOTM, Theta and drift
``fast-ses`` ...          one vectorized kernel: ``fast-ses``, ``fast-damped``,
                          ``fast-theta``, ``fast-dotm``
``naive``, ``drift``      random walk, random walk with drift
``ets``                   statsmodels ETSModel (damped additive trend or none, by AICc)
``arima``                 statsmodels ARIMA, small order search by AICc
``llt``                   local linear trend (statsmodels UnobservedComponents)
``theta``                 statsmodels ThetaModel
``prophet``               Prophet, linear trend, no seasonality
``combination``           mean of ``ets``, ``arima`` and ``theta``
========================  =============================================================

Positive series are modelled on the log scale; intervals never go below zero for
non-negative series, and the calibrated lower bounds of positive series are fractions of the
point forecast (multiplicative errors; see :mod:`.calibration`). Heavy libraries
(statsmodels, Prophet) load only when their model is used.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models import get_model
>>> get_model("drift", log=False).forecast(np.array([1.0, 2, 3, 4]), 1).mean.round(6).tolist()
[5.0]
"""

from __future__ import annotations

from .base import FitResult, Forecaster, Prediction, TooShortError, levels_to_probs
from .engine import forecast_arrays
from .registry import available_models, get_model
from .wrapper import forecast

__all__ = [
    "FitResult",
    "Forecaster",
    "Prediction",
    "TooShortError",
    "available_models",
    "forecast",
    "forecast_arrays",
    "get_model",
    "levels_to_probs",
]
