"""Naive, drift and the fast vectorized models (exponential smoothing, Theta, their median).

All of these have a vectorized :meth:`~drugtrends.models.base.Forecaster.point_batch`, so a
whole panel (and every rolling origin of it) is fitted in a few NumPy passes.

Their own intervals are Gaussian, from the in-sample one-step residual spread growing with
the horizon; they are known to be too narrow on short series, and :func:`drugtrends.forecast`
replaces them with calibrated ones by default (``calibration="conformal"``).

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.simple import Drift
>>> Drift(log=False).forecast(np.array([1.0, 2, 3, 4, 5]), horizon=2).mean.round(6).tolist()
[6.0, 7.0]
>>> Drift().forecast(np.array([1.0, 2, 4, 8]), horizon=2).mean.round(6).tolist()  # log scale
[16.0, 32.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from . import _kernels
from .base import Forecaster, gaussian_quantiles
from .batch import AUTO_MEMBERS, Member, batch_point_forecasts, member_forecasts

__all__ = ["Drift", "Fast", "FastMember", "Naive"]


class Naive(Forecaster):
    """Random walk: every forecast equals the last observation.

    Intervals: ``sigma * sqrt(h)`` with ``sigma`` the root mean square first difference.
    """

    name = "naive"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 2,
        "intervals": True,
        "log": True,
        "batch": True,
    }

    def _fit(self, x: np.ndarray) -> dict[str, float]:
        d = np.diff(x)
        return {"last": float(x[-1]), "sigma": float(np.sqrt(np.mean(d * d)))}

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        h = np.arange(1, horizon + 1)
        point = np.full(horizon, state["last"])
        return point, gaussian_quantiles(point, state["sigma"] * np.sqrt(h), probs)

    def point_batch(self, series: list[np.ndarray], horizon: int) -> np.ndarray:
        return np.array([np.full(horizon, y[-1]) for y in series]).reshape(-1, horizon)


class Drift(Forecaster):
    """Random walk with drift: the last value plus the mean first difference per step.

    Intervals: ``sigma * sqrt(h * (1 + h / (n - 1)))``, which adds the uncertainty of the
    estimated drift (Hyndman and Athanasopoulos, *Forecasting: Principles and Practice*,
    3rd ed., section 5.5).
    """

    name = "drift"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 3,
        "intervals": True,
        "log": True,
        "batch": True,
    }

    def _fit(self, x: np.ndarray) -> dict[str, float]:
        d = np.diff(x)
        mu = float(d.mean())
        sigma = float(np.sqrt(np.sum((d - mu) ** 2) / max(d.size - 1, 1)))
        return {"last": float(x[-1]), "mu": mu, "sigma": sigma, "n": x.size}

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        h = np.arange(1, horizon + 1)
        point = state["last"] + state["mu"] * h
        sd = state["sigma"] * np.sqrt(h * (1 + h / max(state["n"] - 1, 1)))
        return point, gaussian_quantiles(point, sd, probs)

    def point_batch(self, series: list[np.ndarray], horizon: int) -> np.ndarray:
        return batch_point_forecasts(series, horizon, members=[("drift", "log")])


class FastMember(Forecaster):
    """One vectorized kernel (``ses``, ``damped``, ``theta`` or ``dotm``) on one scale.

    Parameters
    ----------
    kernel : str
        ``"ses"`` (simple exponential smoothing), ``"damped"`` (damped-trend exponential
        smoothing, chosen against SES by AICc), ``"theta"`` (standard Theta method) or
        ``"dotm"`` (dynamic optimised Theta model).
    log, seed : see :class:`~drugtrends.models.base.Forecaster`.
    """

    tags: ClassVar[dict[str, Any]] = {
        "min_length": 4,
        "intervals": True,
        "log": True,
        "batch": True,
    }

    def __init__(self, kernel: str = "dotm", *, log: bool | str = "auto", seed: int = 0) -> None:
        super().__init__(log=log, seed=seed)
        if kernel not in _kernels.KERNELS:
            raise ValueError(f"unknown kernel {kernel!r}; known: {tuple(_kernels.KERNELS)}")
        self.kernel = kernel

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"fast-{self.kernel}"

    def _fit(self, x: np.ndarray) -> np.ndarray:
        return x

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        x = state
        f = member_forecasts([x], horizon, [(self.kernel, "raw")])[(self.kernel, "raw")][0]
        # in-sample one-step spread on the model scale, from the kernel itself
        z_scale = np.mean(np.abs(np.diff(x))) or 1.0
        _, sd = _kernels.KERNELS[self.kernel](((x - x[-1]) / z_scale)[None, :], 1)
        sigma = float(sd[0]) * z_scale
        h = np.arange(1, horizon + 1)
        return f, gaussian_quantiles(f, sigma * np.sqrt(h), probs)

    def point_batch(self, series: list[np.ndarray], horizon: int) -> np.ndarray:
        use_log = self.log is True or (self.log == "auto" and self.tags["log"])
        return batch_point_forecasts(
            series, horizon, members=[(self.kernel, "log" if use_log else "raw")]
        )


class Fast(Forecaster):
    """Median of vectorized members on the log and the raw scale (the ``auto`` point model).

    Parameters
    ----------
    members : sequence of (kernel, scale)
        Default :data:`drugtrends.models.batch.AUTO_MEMBERS`: damped trend and DOTM on both
        scales, Theta on the log scale and the random walk with drift.
    combine : {"median", "mean"}
    seed : int
        Unused (the model is deterministic); kept for the common signature.

    Notes
    -----
    The members choose the scale themselves (a ``"log"`` member falls back to the raw
    scale for a series that is not positive), so ``log`` is fixed to ``False`` here.
    """

    name = "fast"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 5,
        "intervals": True,
        "log": False,
        "batch": True,
    }

    def __init__(
        self,
        members: Sequence[Member] = AUTO_MEMBERS,
        combine: str = "median",
        *,
        seed: int = 0,
    ) -> None:
        super().__init__(log=False, seed=seed)
        self.members = tuple(members)
        self.combine = combine

    def _fit(self, x: np.ndarray) -> np.ndarray:
        return x

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        y = state
        f = batch_point_forecasts([y], horizon, self.members, self.combine)[0]
        pos = bool(np.all(y > 0))
        g = np.log(y) if pos else y
        d = np.diff(g)
        sigma = float(np.sqrt(np.mean((d - d.mean()) ** 2))) if d.size > 1 else 0.0
        h = np.arange(1, horizon + 1)
        gf = np.log(np.maximum(f, 1e-300)) if pos else f
        q = gaussian_quantiles(gf, sigma * np.sqrt(h), probs)
        return f, np.exp(q) if pos else q

    def point_batch(self, series: list[np.ndarray], horizon: int) -> np.ndarray:
        return batch_point_forecasts(series, horizon, self.members, self.combine)
