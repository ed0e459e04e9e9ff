"""Adapter for Prophet on yearly data (no seasonality), fitted offline with cmdstanpy.

Prophet and cmdstanpy are imported on first use, with their loggers silenced (Prophet logs
an error at import when plotly is absent, and cmdstanpy logs every optimization). Quantiles
come from Prophet's predictive samples, drawn with a fixed seed.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.prophet_model import Prophet
>>> y = np.array([3.0, 4, 6, 7, 9, 12, 13, 15])
>>> Prophet().forecast(y, horizon=2).mean.shape        # doctest: +SKIP
(2,)
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import numpy as np

from .base import Forecaster

__all__ = ["Prophet"]


def _silence() -> None:
    for name in ("prophet", "prophet.plot", "prophet.models", "cmdstanpy"):
        lg = logging.getLogger(name)
        lg.setLevel(logging.CRITICAL)
        lg.propagate = False
        lg.disabled = True


class Prophet(Forecaster):
    """Prophet with a linear trend and no seasonal terms, for yearly series.

    Parameters
    ----------
    n_samples : int
        Predictive samples drawn for the quantiles.
    log, seed : see :class:`~drugtrends.models.base.Forecaster`.
    """

    name = "prophet"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 5,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def __init__(self, n_samples: int = 500, *, log: bool | str = "auto", seed: int = 0) -> None:
        super().__init__(log=log, seed=seed)
        self.n_samples = n_samples

    def _fit(self, x: np.ndarray) -> Any:
        _silence()
        import pandas as pd
        from prophet import Prophet as _Prophet

        _silence()
        ds = pd.date_range("2000-01-01", periods=x.size, freq="YS")
        m = _Prophet(
            yearly_seasonality=False,
            weekly_seasonality=False,
            daily_seasonality=False,
            uncertainty_samples=self.n_samples,
            n_changepoints=min(25, max(x.size - 2, 0)),
        )
        m.fit(pd.DataFrame({"ds": ds, "y": x}), algorithm="LBFGS", seed=self.seed)
        return {"model": m, "ds": ds}

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        import pandas as pd

        m = state["model"]
        last = state["ds"][-1]
        future = pd.DataFrame({"ds": pd.date_range(last, periods=horizon + 1, freq="YS")[1:]})
        rng_state = np.random.get_state()  # noqa: NPY002 - Prophet uses the global
        np.random.seed(self.seed)  # noqa: NPY002 - Prophet samples from the global one
        try:
            mean = np.asarray(m.predict(future)["yhat"], dtype=float)
            samples = np.asarray(m.predictive_samples(future)["yhat"], dtype=float)
        finally:
            np.random.set_state(rng_state)  # noqa: NPY002
        q = np.quantile(samples, probs, axis=1).T if len(probs) else np.empty((horizon, 0))
        return mean, q
