"""drugtrends: statistics and forecasts of yearly drug-control indicators.

Figures from annual country reports (INCSR chapters, UNODC tables, national reports) are
stored once as validated records, gathered into an :class:`xarray.Dataset`, and turned into
trend estimates, annualized figures, forecasts and hidden-population estimates, each with
an interval and each carrying the caveats of its indicator.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                               # doctest: +SKIP
>>> fc = dt.forecast(ds[["heroin_seizures"]], horizon=5)      # doctest: +SKIP
>>> ds.drugtrends.trend("registered_drug_users")              # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from drugtrends._version import __version__


class DrugtrendsWarning(UserWarning):
    """Warnings issued by drugtrends (degraded models, conflicting figures, ...)."""


from drugtrends import accessor as _accessor  # noqa: E402,F401  (registers ds.drugtrends)
from drugtrends.dataset import build, load_dataset, open_dataset, write_dataset  # noqa: E402

# heavy parts load on first use, so that ``import drugtrends`` stays light
_LAZY = {
    "forecast": ("drugtrends.models", "forecast"),
    "backtest": ("drugtrends.backtesting", "backtest"),
    "trend": ("drugtrends.stats.trend", "trend"),
    "annualize": ("drugtrends.stats.periods", "annualize"),
    "compare": ("drugtrends.stats.periods", "compare"),
    "undercount": ("drugtrends.stats.undercount", "undercount"),
    "to_frame": ("drugtrends.results", "to_frame"),
}

__all__ = [
    "DrugtrendsWarning",
    "__version__",
    "annualize",
    "backtest",
    "build",
    "compare",
    "forecast",
    "load_dataset",
    "open_dataset",
    "to_frame",
    "trend",
    "undercount",
    "write_dataset",
]


_SUBMODULES = ("backtesting", "extract", "models", "plot", "report", "results", "stats")


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES and name not in _LAZY:
        return importlib.import_module(f"drugtrends.{name}")
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'drugtrends' has no attribute {name!r}")


if TYPE_CHECKING:  # pragma: no cover
    from drugtrends.backtesting import backtest
    from drugtrends.models import forecast
    from drugtrends.results import to_frame
    from drugtrends.stats.periods import annualize, compare
    from drugtrends.stats.trend import trend
    from drugtrends.stats.undercount import undercount
