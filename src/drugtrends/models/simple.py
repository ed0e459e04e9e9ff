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

from . import _kernels, batch
from .base import Forecaster, gaussian_quantiles
from .batch import (
    AUTO_MEMBERS,
    SES_MEMBER,
    SHRINK_PAST,
    TREND_MEMBERS,
    Member,
    batch_point_forecasts,
    combine_members,
    feature_weighted,
    member_forecasts,
    shrink_select,
)

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
    ses_share : float
        Weight of simple exponential smoothing on the log scale
        (:data:`~drugtrends.models.batch.SES_MEMBER`, a level without trend) blended with
        the combination: ``(1 - ses_share) * median + ses_share * ses``. ``auto`` chooses
        it per panel among 0 and :data:`~drugtrends.models.engine.AUTO_SES_SHARES`
        (see :func:`drugtrends.models.engine.table_from_scores`); 0 by default.
    shrink : bool
        Per series, replace the forecast by its damped version (half the forecast change)
        when that did better at the series' own earlier origins
        (:func:`~drugtrends.models.batch.shrink_select`). Default False: chosen by rolling
        origins inside the training parts (``benchmarks/select_auto.py``: MASE -0.5 % on
        M3 yearly and -0.1 to -0.3 % on the drug panels), it lost on the M3 test years
        (MASE 2.621 to 2.661, one run with the SES blend of
        :data:`~drugtrends.models.engine.AUTO_SES_SHARES`), so ``auto`` does not use it.
    weighting : {"median", "features"}, optional
        ``"features"``: per series, weigh the median with the median of trend-keeping
        members and with SES by scale-free features of the series
        (:func:`~drugtrends.models.batch.feature_weighted`). Default
        :data:`drugtrends.models.batch.AUTO_WEIGHTING`, ``"median"``: the feature weights
        (``benchmarks/select_auto.py --fit-features``) helped every set inside the training
        parts, but on the test years of M3 and both world panels they lowered MASE by
        0.3-0.5 % and raised sMAPE by 0.2-0.6 %, short of the goals.
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
        ses_share: float = 0.0,
        shrink: bool = False,
        weighting: str | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__(log=False, seed=seed)
        if not 0.0 <= float(ses_share) <= 1.0:
            raise ValueError(f"ses_share must be in [0, 1], got {ses_share}")
        weighting = batch.AUTO_WEIGHTING if weighting is None else weighting
        if weighting not in ("median", "features"):
            raise ValueError(f"weighting must be 'median' or 'features', not {weighting!r}")
        if weighting == "features" and combine != "median":
            raise ValueError("weighting='features' needs combine='median'")
        self.weighting = weighting
        self.members = tuple(members)
        self.combine = combine
        self.ses_share = float(ses_share)
        self.shrink = bool(shrink)

    @property
    def fitted_members(self) -> tuple[Member, ...]:
        """Every member whose forecasts the model needs (the SES member of a blend too)."""
        extra = (SES_MEMBER,) if self.ses_share else ()
        if self.weighting == "features":
            extra = (*TREND_MEMBERS, SES_MEMBER)
        return tuple(dict.fromkeys((*self.members, *extra)))

    @property
    def extra_cuts(self) -> int:
        """Earlier cuts that a forecast at a cut needs (for the per-series shrink choice)."""
        return SHRINK_PAST if self.shrink else 0

    def combine_cuts(self, fc: dict, series: Sequence[np.ndarray]) -> np.ndarray:
        """The model's forecasts from member forecasts at every cut.

        ``fc`` is :func:`~drugtrends.models.batch.member_forecasts` of :attr:`fitted_members`
        with ``cuts=K`` (``(K + 1, n, horizon)`` each); the result has the same shape. A
        cut's forecast uses the cuts after it (up to :attr:`extra_cuts` of them), so the
        last cuts see fewer of them than a call on the truncated series would give.
        """
        if self.weighting == "features":
            cuts = next(iter(fc.values())).shape[0] - 1
            pts = feature_weighted(fc, series, self.members, cuts=cuts)
        else:
            pts = combine_members([fc[m] for m in dict.fromkeys(self.members)], self.combine)
        if self.ses_share:
            pts = (1.0 - self.ses_share) * pts + self.ses_share * fc[SES_MEMBER]
        if self.shrink:
            pts = shrink_select(pts, series)
        return pts

    def _fit(self, x: np.ndarray) -> np.ndarray:
        return x

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        y = state
        f = self.point_batch([y], horizon)[0]
        pos = bool(np.all(y > 0))
        g = np.log(y) if pos else y
        d = np.diff(g)
        sigma = float(np.sqrt(np.mean((d - d.mean()) ** 2))) if d.size > 1 else 0.0
        h = np.arange(1, horizon + 1)
        gf = np.log(np.maximum(f, 1e-300)) if pos else f
        q = gaussian_quantiles(gf, sigma * np.sqrt(h), probs)
        return f, np.exp(q) if pos else q

    def point_batch(self, series: list[np.ndarray], horizon: int) -> np.ndarray:
        if not series:
            return np.empty((0, horizon))
        if not (self.ses_share or self.shrink or self.weighting == "features"):
            return batch_point_forecasts(series, horizon, self.members, self.combine)
        if self.combine not in ("median", "mean"):
            raise ValueError(f"combine must be 'median' or 'mean', not {self.combine!r}")
        cuts = self.extra_cuts
        fc = member_forecasts(series, horizon, self.fitted_members, cuts=cuts)
        return self.combine_cuts(fc, series)[0]
