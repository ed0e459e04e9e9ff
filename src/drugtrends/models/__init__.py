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

from typing import Any

from .base import FitResult, Forecaster, Prediction, TooShortError, levels_to_probs
from .engine import forecast_arrays
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

_MODELS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "naive": ("simple", "Naive", {}),
    "drift": ("simple", "Drift", {}),
    "fast": ("simple", "Fast", {}),
    "fast-ses": ("simple", "FastMember", {"kernel": "ses"}),
    "fast-damped": ("simple", "FastMember", {"kernel": "damped"}),
    "fast-theta": ("simple", "FastMember", {"kernel": "theta"}),
    "fast-dotm": ("simple", "FastMember", {"kernel": "dotm"}),
    "ets": ("statsmodels_models", "ETS", {}),
    "arima": ("statsmodels_models", "ARIMA", {}),
    "llt": ("statsmodels_models", "LocalLinearTrend", {}),
    "theta": ("statsmodels_models", "Theta", {}),
    "prophet": ("prophet_model", "Prophet", {}),
    "combination": ("combination", "Combination", {}),
}


def available_models() -> list[str]:
    """Names accepted by :func:`get_model` and by ``model=`` (plus ``"auto"``).

    Examples
    --------
    >>> available_models()[:3]
    ['auto', 'naive', 'drift']
    """
    return ["auto", *_MODELS]


def get_model(name: str, **kwargs: Any) -> Forecaster:
    """A model instance by name.

    Parameters
    ----------
    name : str
        One of :func:`available_models`; ``"auto"`` gives the ``fast`` model (the fallbacks
        and calibration of ``auto`` live in :func:`forecast`).
    **kwargs
        Settings of the model (e.g. ``seed``, ``log``).

    Raises
    ------
    ValueError
        For an unknown name.

    Examples
    --------
    >>> get_model("ets", seed=1)
    ETS(log='auto', seed=1)
    """
    import importlib

    key = "fast" if name == "auto" else name
    if key not in _MODELS:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(available_models())}")
    module, cls, defaults = _MODELS[key]
    klass = getattr(importlib.import_module(f"{__name__}.{module}"), cls)
    return klass(**{**defaults, **kwargs})
