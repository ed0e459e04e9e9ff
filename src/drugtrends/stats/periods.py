"""Partial-year figures: annual estimates with intervals, and like-for-like comparisons.

Reports often give a figure for part of a year ("23.8 t in the first nine months of
2014"). :func:`annualize` turns such flow figures into annual estimates whose interval
carries the uncertainty of the share of the year that the months carry; :func:`compare`
compares two years on the same months (nine with nine) and refuses to compare a
nine-month figure with a full year.

The share-of-year model
-----------------------
For a flow covering the first ``m`` months, write the full-year total ``F`` and the
partial figure ``P`` as

.. math::  \\log(F / P) = k \\, \\log(12 / m),

so ``k = 1`` is a flow spread evenly over the year (``F = 12 P / m``), ``k = 0`` means
nothing more happens after month ``m`` (``F = P``) and ``k > 1`` a flow that comes late in
the year (a harvest). For ``m = 12`` the factor is 1 whatever ``k``: annualizing a
full-year figure is the identity.

``k`` is learned **per drug group** (:func:`drug_group`: opiates, cannabis, cocaine,
synthetic drugs, precursors, all drugs, and cases and other counts) from every pair of
a partial-year and a full-year record of the same country, year and indicator in the
records (e.g. INCSR and news partial figures beside the UNODC full years; Kazakhstan
heroin: nine months 724.1 kg against the full year 753.9 kg in 2013, 344.6 against
392.3 kg in 2014, giving k = 0.14 and 0.45). Seasonality differs between drugs
(cannabis is harvested late in the year), so pairs of another group are not used unless
``borrow`` > 0 gives them that weight (a power prior, Ibrahim & Chen 2000). ``k`` has a
Normal distribution with unknown mean and variance and the conjugate
Normal-scaled-inverse-chi-square prior (Gelman et al. 2013, sec. 3.3)

    mean 1 (an even flow), kappa0 = 1 (worth one pair), nu0 = 2, scale 0.3.

Before any pair is seen, the predictive distribution of ``k`` for a new year is then a
Student t with 2 degrees of freedom, centre 1 and scale ``0.3 sqrt(2) = 0.42``: its 80 %
interval is 0.2-1.8 and its 95 % interval -0.8 to 2.8 (a nine-month figure is then
60-94 % of the year's total with 80 % probability, 44-100 % with 95 %). A series
without a pair of its drug group is annualized with this prior and its full width, and
says so. Negative ``k`` (the year's total below the partial figure) is impossible for a
flow, so the predictive quantiles are **clipped** at 0: the probability mass below 0 is
put at ``k = 0`` (censoring, not truncation: the distribution is not renormalized), and
a lower quantile that falls there means "the partial figure may already be the whole
year":

    annual = P * exp(k_q log(12/m)),   lower = P_lower * exp(k_lo ...),   upper = P_upper * ...

with ``k_lo``, ``k_q``, ``k_hi`` the predictive quantiles of the interval's level
(:func:`drugtrends.rules.level_quantiles`) and the median; a reported range widens the
interval further (interval arithmetic).

Pairs are set aside (and listed in the attributes) when a side is a bound ("more than"),
the cut-off is unknown, the two figures are identical (one figure quoted for two periods),
the partial figure exceeds the full year, or ``k > 5`` (the partial figure is far too
small: usually another scope, such as one agency's seizures against the national total).

References
----------
Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A. & Rubin, D. B. (2013).
*Bayesian Data Analysis*, 3rd ed., sec. 3.3. CRC Press.
Ibrahim, J. G. & Chen, M.-H. (2000). Power prior distributions for regression models.
*Statistical Science* 15(1), 46-60.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                                          # doctest: +SKIP
>>> ann = dt.annualize(ds)                                               # doctest: +SKIP
>>> ann.drug_seizures_total.sel(country="KAZ", year=2014).item()         # doctest: +SKIP
>>> dt.compare(ds, "heroin_seizures", 2013, 2014, months=9).summary.item()  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from drugtrends.rules import level_fraction

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from ._common import (
    StatsWarning,
    caveat_attrs,
    fmt_num,
    fmt_pct,
    level_percent,
    pick_country,
    pick_indicators,
)

__all__ = [
    "DRUG_GROUPS",
    "MIN_MONTHS",
    "ShareModel",
    "SharePrior",
    "annualize",
    "compare",
    "drug_group",
    "share_of_year",
    "share_pairs",
]

K_MAX = 5.0
"""Pairs implying k above this are taken to be of different scope and set aside."""

MIN_MONTHS = 6
"""Fewest months a partial-year figure must cover to be scaled to its year (default of
:func:`annualize` and :func:`drugtrends.trend`) [months]."""

DRUG_GROUPS = (
    "opiates",
    "cannabis",
    "cocaine",
    "synthetic drugs",
    "precursors",
    "all drugs",
    "cases and other counts",
)
"""Groups within which the share-of-year exponent is learned and shared."""

_GROUP_WORDS = (
    ("precursors", ("precursor",)),
    ("opiates", ("heroin", "opium", "opiate", "morphine", "poppy")),
    ("cannabis", ("cannabis", "hashish", "marijuana")),
    ("cocaine", ("cocaine",)),
    ("synthetic drugs", ("synthetic", "amphetamine", "nps", "ecstasy", "pills")),
)


def drug_group(indicator: str) -> str:
    """The drug group of a flow indicator (one of :data:`DRUG_GROUPS`).

    Examples
    --------
    >>> drug_group("heroin_seizures_knb"), drug_group("drug_seizures_total")
    ('opiates', 'all drugs')
    >>> drug_group("drug_crimes_registered")
    'cases and other counts'
    """
    name = str(indicator).lower()
    for group, words in _GROUP_WORDS:
        if any(w in name for w in words):
            return group
    if "seizure" in name:
        return "all drugs"
    return "cases and other counts"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class SharePrior:
    """Normal-scaled-inverse-chi-square prior on the share exponent ``k``.

    Parameters
    ----------
    mean : float
        Prior mean of k [1]; 1 is a flow spread evenly over the year.
    kappa : float
        Prior weight of the mean, in pairs [pairs].
    nu : float
        Prior degrees of freedom of the variance [pairs].
    scale : float
        Prior scale (standard deviation) of k between years [1].
    """

    mean: float = 1.0
    kappa: float = 1.0
    nu: float = 2.0
    scale: float = 0.3


@dataclass
class ShareModel:
    """Posterior of the share exponent ``k`` for one series (see the module docstring).

    Attributes
    ----------
    mean, kappa, nu, scale : float
        Posterior Normal-scaled-inverse-chi-square parameters.
    n_own, n_borrowed : int
        Pairs of the series' drug group (any indicator of the group) and pairs borrowed
        from other groups.
    prior : SharePrior
    """

    indicator: str
    country: str
    mean: float
    kappa: float
    nu: float
    scale: float
    n_own: int = 0
    n_borrowed: int = 0
    prior: SharePrior = field(default_factory=SharePrior)

    @property
    def predictive_scale(self) -> float:
        """Scale of the Student-t predictive distribution of k for a new year."""
        return self.scale * math.sqrt(1.0 + 1.0 / self.kappa)

    def k_quantile(self, q: float | np.ndarray) -> np.ndarray:
        """Predictive quantiles of k (before the clip at 0)."""
        from scipy import stats

        return stats.t.ppf(q, self.nu, loc=self.mean, scale=self.predictive_scale)

    def factor(self, months: float, q: float | np.ndarray) -> np.ndarray:
        """Quantiles of the factor full-year / partial for a figure covering ``months``.

        Quantiles of k below 0 are clipped to 0 (factor 1): the predictive mass below 0
        is censored there, since a flow's year cannot total less than its part.

        Examples
        --------
        >>> m = ShareModel("x", "KAZ", mean=1.0, kappa=1e9, nu=1e9, scale=1e-9)
        >>> float(m.factor(9, 0.5))        # an even flow: 12 / 9
        1.3333333333333333
        """
        if not 1 <= months <= 12:
            raise ValueError(f"months must be between 1 and 12, not {months}")
        k = np.maximum(self.k_quantile(q), 0.0)
        return np.exp(k * math.log(12.0 / months))

    def describe(self) -> str:
        group = drug_group(self.indicator)
        src = (
            f"{self.n_own} pair(s) of the {group} group"
            + (f" and {self.n_borrowed} borrowed from other groups" if self.n_borrowed else "")
            if self.n_own + self.n_borrowed
            else f"no pairs of the {group} group: the stated prior alone"
        )
        return (
            f"k ~ t(nu={self.nu:.3g}, mean={self.mean:.3f}, "
            f"scale={self.predictive_scale:.3f}) from {src}"
        )


# ---------------------------------------------------------------------------- pairs


def _ym(period) -> tuple[int, int] | None:
    if period is None or (isinstance(period, float) and math.isnan(period)):
        return None
    try:
        import pandas as pd

        if pd.isna(period):
            return None
    except (TypeError, ValueError):
        pass
    return int(period.year), int(period.month)


def share_pairs(ds: xr.Dataset) -> pd.DataFrame:
    """Years with both a partial-year and a full-year figure of the same flow.

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset. Its records are used: every full-year record of the same
        country, year and indicator pairs with each partial-year record (identical
        full-year figures count once); without such a record, the resolved series
        value where it is a full year (:func:`drugtrends.rules.full_year_mask`).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``country, indicator, group, year, months, partial, full, k,
        partial_record, full_record, used, reason`` (``group`` from :func:`drug_group`;
        ``used`` False with the reason when the pair is set aside; see the module
        docstring).

    Examples
    --------
    >>> pairs = share_pairs(dt.load_dataset("KAZ"))                # doctest: +SKIP
    >>> pairs.query("used")[["indicator", "year", "k"]]             # doctest: +SKIP
    """
    import pandas as pd

    from drugtrends.dataset import SKIPPED_QUALIFIERS, indicator_names, records_table
    from drugtrends.rules import full_year_mask, partial_year_mask

    cols = [
        "country",
        "indicator",
        "group",
        "year",
        "months",
        "partial",
        "full",
        "k",
        "partial_record",
        "full_record",
        "used",
        "reason",
    ]
    table = records_table(ds)
    flows = [n for n in indicator_names(ds) if ds[n].attrs.get("kind") == "flow"]
    qual = dict(zip(table["record_id"], table["qualifier"], strict=False))
    rows = []
    # suspect figures and projections never pair (dataset.SKIPPED_QUALIFIERS)
    dated = table[
        table["indicator"].isin(flows)
        & table["year"].notna()
        & ~table["qualifier"].isin(SKIPPED_QUALIFIERS)
    ]
    months = dated["months"].astype(float).to_numpy()
    part = dated[partial_year_mask(months)]
    fulls = dated[full_year_mask(months)]
    years = [int(y) for y in ds["year"].values]
    for rec in part.itertuples(index=False):
        ind, country, year = rec.indicator, rec.country, int(rec.year)
        same = fulls[
            (fulls["indicator"] == ind) & (fulls["country"] == country) & (fulls["year"] == year)
        ]
        candidates: list[tuple[float, str]] = []
        for f in same.itertuples(index=False):
            fv = float(f.value)
            if not math.isfinite(fv) and math.isfinite(f.lower) and math.isfinite(f.upper):
                fv = (float(f.lower) + float(f.upper)) / 2
            if math.isfinite(fv) and fv not in [c[0] for c in candidates]:
                candidates.append((fv, str(f.record_id)))
        if not candidates and country in ds["country"].values and year in years:
            full = float(ds[ind].sel(country=country, year=year))
            fmonths = float(ds[f"{ind}_months"].sel(country=country, year=year))
            if math.isfinite(full) and bool(full_year_mask(fmonths)):
                rid = str(ds[f"{ind}_record"].sel(country=country, year=year).item())
                candidates.append((full, rid))
        m = int(rec.months)
        value = rec.value
        if not math.isfinite(value):
            value = (rec.lower + rec.upper) / 2
        start, end = _ym(rec.period_start), _ym(rec.period_end)
        for full, full_rec in candidates:
            reason = ""
            if start is None or end is None or start[0] != end[0]:
                reason = "period not within one calendar year"
            elif rec.qualifier in ("at_least", "at_most") or qual.get(full_rec) in (
                "at_least",
                "at_most",
            ):
                reason = "a side is a bound ('more than' / 'up to'), not a figure"
            elif not (math.isfinite(value) and value > 0 and full > 0):
                reason = "not a positive figure"
            elif value == full:
                reason = "identical figures: probably one figure quoted for two periods"
            elif value > full:
                reason = "partial figure above the full year: different scope or revision"
            k = (
                math.log(full / value) / math.log(12.0 / m)
                if math.isfinite(value) and value > 0 and full > 0
                else math.nan
            )
            if not reason and k > K_MAX:
                reason = f"k = {k:.1f} > {K_MAX:g}: partial figure far too small (other scope?)"
            rows.append(
                (
                    country,
                    ind,
                    drug_group(ind),
                    year,
                    m,
                    float(value),
                    full,
                    k,
                    rec.record_id,
                    full_rec,
                    not reason,
                    reason,
                )
            )
    return pd.DataFrame(rows, columns=cols)


def _update(prior: SharePrior, x: np.ndarray, w: np.ndarray) -> tuple[float, float, float, float]:
    """Weighted conjugate update; returns (mean, kappa, nu, scale)."""
    if len(x) == 0 or float(np.sum(w)) == 0:
        return prior.mean, prior.kappa, prior.nu, prior.scale
    wsum = float(np.sum(w))
    xbar = float(np.sum(w * x) / wsum)
    ss = float(np.sum(w * (x - xbar) ** 2))
    kappa = prior.kappa + wsum
    mean = (prior.kappa * prior.mean + wsum * xbar) / kappa
    nu = prior.nu + wsum
    s2 = (
        prior.nu * prior.scale**2 + ss + prior.kappa * wsum / kappa * (xbar - prior.mean) ** 2
    ) / nu
    return mean, kappa, nu, math.sqrt(s2)


def share_of_year(
    ds: xr.Dataset,
    indicator: str,
    country: str | None = None,
    *,
    prior: SharePrior | None = None,
    borrow: float = 0.0,
    pairs: pd.DataFrame | None = None,
) -> ShareModel:
    """The learned share-of-year model (posterior of ``k``) for one flow series.

    Parameters
    ----------
    ds : xarray.Dataset
    indicator : str
    country : str, optional
        ISO3 code; the Dataset's only country by default.
    prior : SharePrior, optional
        Defaults to ``SharePrior()`` (mean 1, kappa 1, nu 2, scale 0.3).
    borrow : float
        Weight in [0, 1] of pairs from other drug groups [1]; pairs of the same group
        (:func:`drug_group`, any indicator and country) count fully.
    pairs : pandas.DataFrame, optional
        Precomputed :func:`share_pairs` (to avoid recomputing in loops).

    Returns
    -------
    ShareModel

    Examples
    --------
    >>> share_of_year(dt.load_dataset("KAZ"), "heroin_seizures").describe()  # doctest: +SKIP
    """
    prior = prior or SharePrior()
    if not 0 <= borrow <= 1:
        raise ValueError(f"borrow must be in [0, 1], not {borrow}")
    country = pick_country(ds, country)
    if pairs is None:
        pairs = share_pairs(ds)
    used = pairs[pairs["used"].astype(bool)]
    groups = used["indicator"].map(drug_group) if "group" not in used else used["group"]
    own = groups == drug_group(indicator)
    weights = np.where(own.to_numpy(), 1.0, borrow)
    mean, kappa, nu, scale = _update(prior, used["k"].to_numpy(float), weights)
    n_borrowed = int((~own).sum()) if borrow > 0 else 0
    return ShareModel(indicator, country, mean, kappa, nu, scale, int(own.sum()), n_borrowed, prior)


# ---------------------------------------------------------------------------- annualize


def annualize(
    ds: xr.Dataset,
    indicators: str | Iterable[str] | None = None,
    *,
    level: float = 95,
    prior: SharePrior | None = None,
    borrow: float = 0.0,
    min_months: int = MIN_MONTHS,
) -> xr.Dataset:
    """Scale partial-year flow figures to annual estimates with an interval.

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset (see :mod:`drugtrends.dataset`).
    indicators : str or iterable of str, optional
        Indicators to annualize (all flows by default). Stocks, prices and ratios are
        never scaled.
    level : float
        Coverage of the interval written to ``<v>_lower`` / ``<v>_upper`` for annualized
        cells, in percent (default 95). A fraction such as 0.95 is still accepted, with a
        ``FutureWarning``, and converted.
    prior : SharePrior, optional
        Prior of the share exponent (see the module docstring).
    borrow : float
        Weight of share pairs learned from other drug groups [1] (0: each group learns
        from its own pairs, or falls back to the stated prior).
    min_months : int
        Fewest months a partial figure must cover to be scaled [months]. A January figure
        says little about the year (times 12 with an interval that spans an order of
        magnitude): figures covering fewer months are kept as reported (still partial, so
        forecasts and trends leave them out) and listed in ``not_annualized``.

    Returns
    -------
    xarray.Dataset
        The same layout as ``ds``. In annualized cells the value is the predictive median,
        ``_lower`` / ``_upper`` the ``level`` interval (widened by any reported range) and
        ``_months`` 12. A companion ``<v>_annualized`` (1 = annualized, 0 = as reported)
        is added to every annualized indicator and named in its ``ancillary_variables``;
        the attribute ``annualized`` lists each cell (JSON: year, months reported, reported
        value and bounds, factor quantiles) and ``annualization`` states the model. Flow
        cells whose cut-off is unknown cannot be scaled: they are kept as reported and
        listed in ``not_annualized``.

    Notes
    -----
    The model and its prior are described in the module docstring. The interval is a
    predictive interval for the year's total given the partial figure; it does not
    account for errors in the partial figure itself beyond a reported range.

    Examples
    --------
    >>> ann = annualize(dt.load_dataset("KAZ"))                               # doctest: +SKIP
    >>> ann.drug_seizures_total_annualized.sum().item()                       # doctest: +SKIP
    """
    import warnings

    from drugtrends.rules import level_quantiles, partial_year_mask

    if not (0 < level < 1 or 1 <= level < 100):
        raise ValueError(f"level must be between 0 and 1 (or in percent), not {level}")
    if not 1 <= min_months <= 12:
        raise ValueError(f"min_months must be between 1 and 12, not {min_months}")
    level = level_fraction(level_percent(level, "annualize"))
    prior = prior or SharePrior()
    names = pick_indicators(ds, indicators)
    out = ds.copy(deep=True)
    pairs = None
    q_lo, q_hi = level_quantiles(100 * level)
    q = np.array([q_lo, 0.5, q_hi])
    summary = {}
    for name in names:
        if ds[name].attrs.get("kind") != "flow" or f"{name}_months" not in ds:
            continue
        months = ds[f"{name}_months"].values
        value = ds[name].values
        partial = np.isfinite(value) & partial_year_mask(months)
        too_short = partial & (months < min_months)
        partial &= ~too_short
        unknown = np.isfinite(value) & ~np.isfinite(months)
        if not partial.any() and not unknown.any() and not too_short.any():
            continue
        if pairs is None:
            pairs = share_pairs(ds)
        flag = np.zeros(value.shape, dtype=np.int8)
        new_v = value.copy()
        new_lo = ds[f"{name}_lower"].values.copy()
        new_hi = ds[f"{name}_upper"].values.copy()
        new_m = months.copy()
        cells, skipped = [], []
        for ci, country in enumerate(ds["country"].values):
            if not partial[ci].any():
                continue
            model = share_of_year(ds, name, str(country), prior=prior, borrow=borrow, pairs=pairs)
            if model.n_own + model.n_borrowed == 0:
                warnings.warn(
                    f"{name} ({country}): no year has both a partial and a full-year figure; "
                    "partial figures are annualized with the stated prior alone "
                    f"({model.describe()})",
                    StatsWarning,
                    stacklevel=2,
                )
            for yi in np.flatnonzero(partial[ci]):
                m = float(months[ci, yi])
                f_lo, f_mid, f_hi = model.factor(m, q)
                p = float(value[ci, yi])
                lo = float(new_lo[ci, yi]) if np.isfinite(new_lo[ci, yi]) else p
                hi = float(new_hi[ci, yi]) if np.isfinite(new_hi[ci, yi]) else p
                new_v[ci, yi] = p * f_mid
                new_lo[ci, yi] = min(lo, p) * f_lo
                new_hi[ci, yi] = max(hi, p) * f_hi
                new_m[ci, yi] = 12
                flag[ci, yi] = 1
                cells.append(
                    {
                        "country": str(country),
                        "year": int(ds["year"].values[yi]),
                        "months_reported": int(m),
                        "reported": p,
                        "reported_lower": None
                        if not np.isfinite(ds[f"{name}_lower"].values[ci, yi])
                        else lo,
                        "reported_upper": None
                        if not np.isfinite(ds[f"{name}_upper"].values[ci, yi])
                        else hi,
                        "factor": [
                            round(float(f_lo), 4),
                            round(float(f_mid), 4),
                            round(float(f_hi), 4),
                        ],
                        "share_model": model.describe(),
                    }
                )
        for ci, yi in zip(*np.nonzero(unknown), strict=True):
            skipped.append(
                {
                    "country": str(ds["country"].values[ci]),
                    "year": int(ds["year"].values[yi]),
                    "reason": "months covered unknown (cut-off not stated)",
                }
            )
        for ci, yi in zip(*np.nonzero(too_short), strict=True):
            skipped.append(
                {
                    "country": str(ds["country"].values[ci]),
                    "year": int(ds["year"].values[yi]),
                    "reason": (
                        f"covers {int(months[ci, yi])} month(s), fewer than {min_months}: "
                        "kept as reported"
                    ),
                }
            )
        if not cells and not skipped:
            continue
        attrs = dict(out[name].attrs)
        out[name] = out[name].copy(data=new_v)
        out[f"{name}_lower"] = out[f"{name}_lower"].copy(data=new_lo)
        out[f"{name}_upper"] = out[f"{name}_upper"].copy(data=new_hi)
        out[f"{name}_months"] = out[f"{name}_months"].copy(data=new_m)
        flag_name = f"{name}_annualized"
        out[flag_name] = (
            ("country", "year"),
            flag,
            {
                "long_name": (
                    f"{attrs.get('long_name', name)}: annualized from a partial-year figure"
                ),
                "flag_values": "0 1",
                "flag_meanings": "as_reported annualized",
                "units": "1",
            },
        )
        anc = attrs.get("ancillary_variables", "")
        if flag_name not in anc.split():
            attrs["ancillary_variables"] = (anc + " " + flag_name).strip()
        attrs["annualized"] = json.dumps(cells, ensure_ascii=False)
        attrs["not_annualized"] = json.dumps(skipped, ensure_ascii=False)
        attrs["annualization"] = (
            f"partial-year figures scaled by exp(k log(12/m)) with k from the share-of-year "
            f"model learned per drug group (drugtrends.stats.periods; quantiles of k "
            f"clipped at 0); value = predictive median, "
            f"_lower/_upper = {level:.0%} predictive interval widened by any reported range"
        )
        attrs["annualization_level"] = float(level)
        out[name].attrs = attrs
        summary[name] = len(cells)
    if pairs is not None:
        out.attrs["annualize_share_pairs"] = pairs.to_json(orient="records")
    out.attrs["annualize_prior"] = json.dumps(asdict(prior))
    out.attrs["annualize_borrow"] = float(borrow)
    out.attrs["annualized_cells"] = json.dumps(summary)
    return out


# ---------------------------------------------------------------------------- compare


def _period_label(start: tuple[int, int], end: tuple[int, int]) -> str:
    if start[0] == end[0] and start[1] == 1 and end[1] == 12:
        return f"the full year {end[0]}"
    if start == end:
        return f"{_MONTHS[end[1] - 1]} {end[0]}"
    if start[0] == end[0]:
        return f"{_MONTHS[start[1] - 1]}-{_MONTHS[end[1] - 1]} {end[0]}"
    return f"{_MONTHS[start[1] - 1]} {start[0]}-{_MONTHS[end[1] - 1]} {end[0]}"


def _coverage_word(start_month: int, end_month: int) -> str:
    m = end_month - start_month + 1
    if m == 12:
        return "full year"
    if start_month == end_month:
        return f"as of {_MONTHS[end_month - 1]}"
    return f"{_MONTHS[start_month - 1]}-{_MONTHS[end_month - 1]} ({m} months)"


def _figures(table, indicator: str, country: str, year: int):
    """Records of one year keyed by coverage (start month, end month) within that year."""
    rows = table[
        (table["indicator"] == indicator)
        & (table["country"] == country)
        & (table["year"].astype("Float64") == year)
    ]
    groups: dict[tuple[int, int], list] = {}
    unknown = []
    for rec in rows.itertuples(index=False):
        start, end = _ym(rec.period_start), _ym(rec.period_end)
        if start is None or end is None:
            unknown.append(rec)
            continue
        if start[0] != end[0]:
            key = (start[1] - 12 * (end[0] - start[0]), end[1])
        else:
            key = (start[1], end[1])
        groups.setdefault(key, []).append(rec)
    return groups, unknown


def _best(records: list):
    """The preferred figure of a group (resolve rule) and the hull of all its figures."""
    import pandas as pd

    from drugtrends.dataset import rank

    frame = pd.DataFrame([r._asdict() for r in records])
    best = rank(frame).iloc[0]
    val = float(best["value"])
    if not math.isfinite(val):
        lo_b, hi_b = float(best["lower"]), float(best["upper"])
        val = math.sqrt(lo_b * hi_b) if lo_b > 0 and hi_b > 0 else (lo_b + hi_b) / 2
    lows, highs = [], []
    for r in records:
        v = float(r.value)
        lo = float(r.lower) if math.isfinite(r.lower) else v
        hi = float(r.upper) if math.isfinite(r.upper) else v
        lows.append(np.nanmin([lo, v, hi]))
        highs.append(np.nanmax([lo, v, hi]))
    return best, val, float(np.nanmin(lows)), float(np.nanmax(highs))


def _listing(year: int, groups: dict, unknown: list) -> str:
    """The coverages of the figures of one year, for error messages."""
    parts = [_coverage_word(*k) for k in sorted(groups, key=lambda k: k[1] - k[0])]
    if unknown:
        parts.append(f"{len(unknown)} with an unknown cut-off")
    return f"{year}: " + (", ".join(parts) if parts else "no figure")


def _like_side(year: int, recs: list, key: tuple[int, int]) -> dict:
    """One year of a like-for-like comparison: the figures of one coverage."""
    best, val, lo, hi = _best(recs)
    return {
        "value": val,
        "lower": lo,
        "upper": hi,
        "months": key[1] - key[0] + 1,
        "n": len(recs),
        "record": str(best["record_id"]),
        "period": _period_label(
            (year, key[0]) if key[0] >= 1 else (year - 1, key[0] + 12), (year, key[1])
        ),
    }


@dataclass(frozen=True)
class _Query:
    """What :func:`compare` compares: one indicator of one country in two years."""

    indicator: str
    country: str
    year_a: int
    year_b: int


def _annualized_sides(ds: xr.Dataset, table, q: _Query, level: float, found: str) -> list[dict]:
    """Both years of a comparison of annualized estimates (``found`` lists the figures)."""
    indicator, country = q.indicator, q.country
    attrs_in = ds[indicator].attrs
    if attrs_in.get("kind") != "flow":
        raise ValueError(
            f"{indicator} is a {attrs_in.get('kind')}, not a flow: it cannot be annualized; "
            f"figures available: {found}"
        )
    ann = annualize(ds, [indicator], level=level)
    sides = []
    for year in (q.year_a, q.year_b):
        if year not in ds["year"].values:
            raise ValueError(f"no figure for {indicator} in {year}")
        cell = ann.sel(country=country, year=year)
        val = float(cell[indicator])
        if not math.isfinite(val) or float(cell[f"{indicator}_months"]) != 12:
            raise ValueError(
                f"{indicator} in {year} cannot be put on a full-year basis "
                f"({_listing(year, *(_figures(table, indicator, country, year)))})"
            )
        lo = float(cell[f"{indicator}_lower"])
        hi = float(cell[f"{indicator}_upper"])
        was = f"{indicator}_annualized" in cell and int(cell[f"{indicator}_annualized"]) == 1
        sides.append(
            {
                "value": val,
                "lower": lo if math.isfinite(lo) else val,
                "upper": hi if math.isfinite(hi) else val,
                "months": 12,
                "n": 1,
                "record": str(cell[f"{indicator}_record"].item()),
                "period": f"{year} ({'annualized estimate' if was else 'full year'})",
            }
        )
    return sides


def _changes(a: dict, b: dict) -> dict[str, float]:
    """The change, percent change and ratio from side ``a`` to side ``b``, with limits."""
    out = {
        "change": b["value"] - a["value"],
        "change_lower": b["lower"] - a["upper"],
        "change_upper": b["upper"] - a["lower"],
    }
    if a["value"] > 0 and a["lower"] > 0:
        ratio = b["value"] / a["value"]
        ratio_lo = b["lower"] / a["upper"]
        ratio_hi = b["upper"] / a["lower"]
    else:
        ratio = ratio_lo = ratio_hi = math.nan
    pct, pct_lo, pct_hi = (100 * (r - 1) for r in (ratio, ratio_lo, ratio_hi))
    out.update(pct_change=pct, pct_change_lower=pct_lo, pct_change_upper=pct_hi)
    out.update(ratio=ratio, ratio_lower=ratio_lo, ratio_upper=ratio_hi)
    return out


def _compare_summary(a: dict, b: dict, ch: dict, long_name: str, units: str, mode: str) -> str:
    """The plain-English sentence of a comparison."""
    pct, pct_lo, pct_hi = ch["pct_change"], ch["pct_change_lower"], ch["pct_change_upper"]
    interval = ""
    if pct_hi - pct_lo > 1e-9:
        interval = f" (interval {fmt_pct(pct_lo, True)} % to {fmt_pct(pct_hi, True)} %)"
    if math.isfinite(pct):
        change_text = f"a change of {fmt_pct(pct, True)} %{interval}"
    else:
        change_text = f"a change of {fmt_num(ch['change'], units)}"
    how = (
        "like for like, same months in both years"
        if mode == "like_for_like"
        else "annualized estimates, intervals include the share-of-year uncertainty"
    )
    return (
        f"{long_name}: {fmt_num(b['value'], units)} in {b['period']} against "
        f"{fmt_num(a['value'], units)} in {a['period']}, {change_text} ({how})."
    )


def _compare_variables(sides: list[dict], ch: dict, q: _Query, long_name: str, units: str):
    """The variables of the comparison Dataset (the summary aside)."""
    a, b = sides
    return {
        "value": ("year", [a["value"], b["value"]], {"units": units, "long_name": long_name}),
        "lower": (
            "year",
            [a["lower"], b["lower"]],
            {"units": units, "long_name": "lowest figure or bound for the period"},
        ),
        "upper": (
            "year",
            [a["upper"], b["upper"]],
            {"units": units, "long_name": "highest figure or bound for the period"},
        ),
        "months": ("year", [a["months"], b["months"]], {"units": "1"}),
        "n_figures": (
            "year",
            [a["n"], b["n"]],
            {"units": "1", "long_name": "figures reported for the period"},
        ),
        "record": ("year", np.array([a["record"], b["record"]], dtype=object)),
        "period": ("year", np.array([a["period"], b["period"]], dtype=object)),
        "change": (
            (),
            ch["change"],
            {"units": units, "long_name": f"change {q.year_a} to {q.year_b}"},
        ),
        "change_lower": ((), ch["change_lower"], {"units": units}),
        "change_upper": ((), ch["change_upper"], {"units": units}),
        **{k: ((), ch[k], {"units": "percent"}) for k in _PCT_KEYS},
        **{k: ((), ch[k], {"units": "1"}) for k in _RATIO_KEYS},
    }


_PCT_KEYS = ("pct_change", "pct_change_lower", "pct_change_upper")
_RATIO_KEYS = ("ratio", "ratio_lower", "ratio_upper")


def _compare_dataset(
    ds: xr.Dataset, q: _Query, sides: list[dict], coverage: str, mode: str, level: float
) -> xr.Dataset:
    """The result Dataset of :func:`compare` (``level`` a fraction)."""
    attrs_in = ds[q.indicator].attrs
    units = str(attrs_in.get("units", ""))
    long_name = str(attrs_in.get("long_name", q.indicator))
    ch = _changes(*sides)
    data = _compare_variables(sides, ch, q, long_name, units)
    summary = _compare_summary(*sides, ch, long_name, units, mode)
    data["summary"] = ((), np.array(summary, dtype=object))
    attrs = {
        "indicator": q.indicator,
        "long_name": long_name,
        "units": units,
        "kind": str(attrs_in.get("kind", "")),
        "coverage": coverage,
        "comparison": mode,
        "interval": (
            "hull of every figure and range reported for the period (all sources); exact, "
            "undisputed figures give a zero-width interval"
            if mode == "like_for_like"
            else f"{level:.0%} annualization interval (drugtrends.stats.periods.annualize)"
        ),
        **caveat_attrs(ds, [q.indicator]),
    }
    years = np.array([q.year_a, q.year_b], dtype=np.int64)
    return xr.Dataset(data, coords={"year": years, "country": q.country}, attrs=attrs)


def compare(
    ds: xr.Dataset,
    indicator: str,
    year_a: int,
    year_b: int,
    country: str | None = None,
    *,
    months: int | None = None,
    annualized: bool = False,
    level: float = 95,
) -> xr.Dataset:
    """Compare one indicator between two years on the same months (like with like).

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset; the comparison uses its records (every figure, partial and
        full), not only the resolved series.
    indicator : str
    year_a, year_b : int
        The base year and the year compared with it.
    country : str, optional
        ISO3 code; the Dataset's only country by default.
    months : int, optional
        Compare figures that cover this many months (e.g. 9 for January-September) in
        both years. By default the longest coverage that both years share.
    annualized : bool
        If no common coverage exists, compare annualized estimates instead
        (:func:`annualize`), with their wider intervals. Off by default: then a
        nine-month figure is never compared with a full year and a ``ValueError`` says
        which figures exist.
    level : float
        Coverage of the annualization interval (only used with ``annualized``), in
        percent (default 95). A fraction such as 0.95 is still accepted, with a
        ``FutureWarning``, and converted.

    Returns
    -------
    xarray.Dataset
        Dimension ``year`` (``year_a``, ``year_b``) with ``value``, ``lower``, ``upper``,
        ``months``, ``n_figures``, ``record``, ``period``; scalars ``change`` (b - a, in
        the indicator's units), ``pct_change`` (percent), ``ratio`` (b / a), each with
        ``_lower`` / ``_upper``, and ``summary`` (a sentence). Attributes: ``indicator``,
        ``units``, ``coverage``, ``interval``, ``caveat``.

    Notes
    -----
    Reported figures are counts and tallies, not samples: an exact figure has no
    sampling interval. The interval spans every figure reported for the same period
    (all sources and editions) and every reported range, so disagreeing sources and
    "$18,000-20,000"-style ranges widen it; two exact, undisputed figures give a
    zero-width interval. The point uses the preferred figure (the resolve rule of
    :mod:`drugtrends.dataset`).

    Raises
    ------
    ValueError
        When the two years share no coverage (e.g. only January-September in one year and
        only the full year in the other) and ``annualized`` is False.

    Examples
    --------
    >>> ds = dt.load_dataset("KAZ")                                      # doctest: +SKIP
    >>> compare(ds, "registered_drug_users", 2013, 2014).summary.item()  # doctest: +SKIP
    'Registered drug users ...: 36,100 in Jan-Sep 2014 against 40,200 in Jan-Sep 2013 ...'
    """
    from drugtrends.dataset import records_table

    level = level_percent(level, "compare")
    names = pick_indicators(ds, indicator)
    country = pick_country(ds, country)
    q = _Query(names[0], country, int(year_a), int(year_b))
    if q.year_a == q.year_b:
        raise ValueError("year_a and year_b are the same year")
    table = records_table(ds)
    ga, ua = _figures(table, q.indicator, country, q.year_a)
    gb, ub = _figures(table, q.indicator, country, q.year_b)
    found = f"{_listing(q.year_a, ga, ua)}; {_listing(q.year_b, gb, ub)}"
    common = sorted(set(ga) & set(gb), key=lambda k: (k[1] - k[0], k[1]), reverse=True)
    if months is not None:
        common = [k for k in common if k[1] - k[0] + 1 == months]
    if common:
        key = common[0]
        sides = [_like_side(q.year_a, ga[key], key), _like_side(q.year_b, gb[key], key)]
        return _compare_dataset(ds, q, sides, _coverage_word(*key), "like_for_like", level)
    if annualized:
        sides = _annualized_sides(ds, table, q, level, found)
        coverage = "full year (annualized where only part of the year was reported)"
        return _compare_dataset(ds, q, sides, coverage, "annualized", level_fraction(level))
    want = f" covering {months} months" if months is not None else ""
    raise ValueError(
        f"cannot compare {q.indicator} ({country}) between {q.year_a} and {q.year_b}: no "
        f"figures{want} for the same months in both years (figures available: "
        f"{found}). A partial year is never "
        "compared with a full year; pass annualized=True to compare annualized "
        "estimates (wider intervals), or choose other years."
    )
