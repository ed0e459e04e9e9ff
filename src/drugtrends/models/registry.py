"""The model registry: names accepted by ``model=`` and the classes behind them.

Kept apart from :mod:`drugtrends.models` so that the engine can look a model up without
importing the package facade (which imports the engine): no import cycle.

Examples
--------
>>> from drugtrends.models.registry import available_models
>>> "ets" in available_models()
True
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import Forecaster

__all__ = ["available_models", "get_model"]

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
    key = "fast" if name == "auto" else name
    if key not in _MODELS:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(available_models())}")
    module, cls, defaults = _MODELS[key]
    klass = getattr(importlib.import_module(f"drugtrends.models.{module}"), cls)
    return klass(**{**defaults, **kwargs})
