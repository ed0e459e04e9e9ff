"""A combination of any forecasters: the median (or mean) of their point forecasts.

Combinations forecast better than the models they combine, on average, because the errors
of different models partly cancel (Clemen, 1989; on M3, the mean of ETS, ARIMA and Theta
beats each). The combination's own intervals average the members' quantiles (quantile
averaging, "Vincentization"), which keeps them ordered.

Examples
--------
>>> import numpy as np
>>> from drugtrends.models.combination import Combination
>>> y = np.array([3.0, 4, 6, 7, 9, 12, 13, 15])
>>> Combination(["naive", "drift"], combine="mean").forecast(y, 1).mean.round(3).tolist()
[16.827]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .base import Forecaster

__all__ = ["Combination"]


class Combination(Forecaster):
    """Median or mean of member forecasters, fitted on the same series.

    Parameters
    ----------
    members : sequence of str or Forecaster
        Model names (see :func:`drugtrends.models.get_model`) or instances. Default: the
        statsmodels ETS, ARIMA and Theta adapters (the classic ETS+ARIMA+Theta mean).
    combine : {"median", "mean"}
        How point forecasts are combined; on the log scale for positive series.
    seed : int
        Passed to members given by name.

    Notes
    -----
    A member that fails on a series is left out of that series' combination; the fit fails
    only if every member does.
    """

    name = "combination"
    tags: ClassVar[dict[str, Any]] = {
        "min_length": 6,
        "intervals": True,
        "log": True,
        "batch": False,
    }

    def __init__(
        self,
        members: Sequence[str | Forecaster] = ("ets", "arima", "theta"),
        combine: str = "mean",
        *,
        log: bool | str = "auto",
        seed: int = 0,
    ) -> None:
        from .registry import get_model

        super().__init__(log=log, seed=seed)
        if combine not in ("median", "mean"):
            raise ValueError(f"combine must be 'median' or 'mean', not {combine!r}")
        self.members = [
            m if isinstance(m, Forecaster) else get_model(m, seed=seed) for m in members
        ]
        if not self.members:
            raise ValueError("a combination needs at least one member")
        self.combine = combine

    @property
    def min_length(self) -> int:
        return max(m.min_length for m in self.members)

    def _fit(self, x: np.ndarray) -> list[Any]:
        fits = []
        for m in self.members:
            try:
                fits.append((m, m._fit(x)))
            except Exception:
                continue
        if not fits:
            raise RuntimeError("no member of the combination could be fitted")
        return fits

    def _predict(self, state: Any, horizon: int, probs: np.ndarray):
        points, quants = [], []
        for m, st in state:
            p, q = m._predict(st, horizon, probs)
            points.append(np.asarray(p, dtype=float))
            quants.append(np.sort(np.asarray(q, dtype=float).reshape(horizon, len(probs)), axis=1))
        agg = np.median if self.combine == "median" else np.mean
        return agg(np.stack(points), axis=0), np.mean(np.stack(quants), axis=0)
