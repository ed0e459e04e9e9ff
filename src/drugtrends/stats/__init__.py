"""Statistics on drugtrends Datasets: periods, trends and the undercount.

* :mod:`drugtrends.stats.periods` -- :func:`annualize` partial-year figures with an
  interval, :func:`compare` like with like (nine months with nine months);
* :mod:`drugtrends.stats.trend` -- :func:`trend`: log-linear growth with an
  autocorrelation-robust interval, Sen slope and Mann-Kendall test, one structural break,
  and a plain-English summary sentence per series;
* :mod:`drugtrends.stats.undercount` -- :func:`undercount`: the hidden population beside
  the register (benchmark-multiplier with a time-varying registration share), plus
  :func:`chapman` and :func:`chao_lower_bound` for person-level list data.

Every function takes the Dataset first and returns xarray objects that keep the input's
coordinates, units and caveats. The submodules import their heavy dependencies lazily.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                              # doctest: +SKIP
>>> dt.trend(ds, ["heroin_seizures"]).summary.values         # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "StatsWarning",
    "annualize",
    "chao_lower_bound",
    "chapman",
    "compare",
    "leave_one_out",
    "share_of_year",
    "trend",
    "undercount",
]

_LAZY = {
    "annualize": "periods",
    "compare": "periods",
    "share_of_year": "periods",
    "trend": "trend",
    "undercount": "undercount",
    "leave_one_out": "undercount",
    "chapman": "undercount",
    "chao_lower_bound": "undercount",
    "StatsWarning": "_common",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"drugtrends.stats.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'drugtrends.stats' has no attribute {name!r}")
