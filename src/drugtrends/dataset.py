"""Records <-> xarray Dataset: the resolved series, the vintages, and netCDF files.

:func:`build` turns the tidy records table of :func:`drugtrends.records.load` into one
:class:`xarray.Dataset`:

* dimensions ``country`` (ISO 3166 alpha-3) and ``year`` (consecutive calendar years);
* one data variable per indicator, holding the *resolved* figure for each country and year
  (where the report gives only a range, its midpoint: arithmetic, geometric for prices),
  with CF attributes ``units`` (UDUNITS spelling), ``long_name``, ``caveat`` and
  ``ancillary_variables`` naming its companions:

  ``<name>_lower``, ``<name>_upper``
      bounds when the report gives a range or says "more than" / "up to" (NaN otherwise);
  ``<name>_months``
      months the figure covers (12 = a full year, 9 = "first nine months", 24 = "2007-08");
  ``<name>_edition``, ``<name>_source``, ``<name>_record``
      the edition year, source id and record id the figure comes from;

* every record itself, losslessly, along a ``record`` dimension (``record_*`` variables),
  and the sources catalog along a ``source`` dimension (``source_*`` variables), so the
  Dataset carries the provenance of every figure and survives a netCDF round trip whole.

The resolve rule
----------------
Several records may give a figure for the same country, indicator and year (a nine-month
figure and the full year; an INCSR edition and a later UNODC table; two press reports).
The series value is chosen, in this order, by

1. **coverage**: a full-year figure (12 months or more) beats a partial-year one; among
   partial figures, more months beat fewer, and a known cut-off beats an unknown one;
2. **edition**: the later edition beats the earlier (revisions win); unknown comes last;
3. **kind of source**: INCSR, UNODC, government, draft cable, CADAP, academic, news, secondary;
4. an exact figure beats an approximate one or a bound; then the order of the records.

Records qualified ``suspect`` (the source flags their unit: a x1000 error, a price far off
the all-country median, a typical price outside its own range) or ``projection`` (a
figure the source projects rather than observed) are skipped by the rule: they stay in the
records, which the Dataset carries and :func:`records_table` shows, but never enter a
series or a conflict.

Nothing is averaged. Figures for the same period that differ by more than 10 % (percent
difference ``|a - b| / mean(|a|, |b|)``, measured between the nearest ends when either is a
range) are *conflicts*: they are listed in the variable's ``conflicts`` attribute and
returned by :func:`conflicts`. For flows, "the same period" means the same start and end;
for stocks, prices and ratios, periods that overlap.

Flows that cover more than twelve months (a programme budget for 2012-2016) have no single
year; they stay in the records but not in the series. Undated records likewise.

Examples
--------
>>> import drugtrends as dt
>>> ds = dt.load_dataset("KAZ")                                        # doctest: +SKIP
>>> ds.heroin_seizures.sel(year=2014).item(), ds.heroin_seizures.units  # doctest: +SKIP
(392.3, 'kg')
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from . import records as _records
from .rules import full_year_mask

__all__ = [
    "COMPANIONS",
    "build",
    "companions",
    "conflicts",
    "conflicts_from_dataset",
    "indicator_names",
    "load_dataset",
    "open_dataset",
    "rank",
    "records_table",
    "resolve",
    "vintages",
    "write_dataset",
]

COMPANIONS = ("lower", "upper", "months", "edition", "source", "record")
"""Suffixes of the companion variables of each indicator."""

CONFLICT_THRESHOLD = 0.10

_KIND_RANK = {k: i for i, k in enumerate(_records.SOURCE_KINDS)}
_RECORD_STR = (
    "country",
    "indicator",
    "units",
    "qualifier",
    "period_start",
    "period_end",
    "source_id",
    "source_kind",
    "locator",
    "note",
    "reported_value",
    "reported_unit",
)
_RECORD_FLOAT = ("value", "lower", "upper", "months", "year", "edition")


# ---------------------------------------------------------------------------- helpers


def indicator_names(ds: xr.Dataset) -> list[str]:
    """Names of the indicator variables of a drugtrends Dataset (not companions).

    Examples
    --------
    >>> indicator_names(load_dataset("KAZ"))[:2]    # doctest: +SKIP
    ['drug_crimes_registered', 'drug_seizures_total']
    """
    return [str(name) for name, var in ds.data_vars.items() if "kind" in var.attrs]


def companions(ds: xr.Dataset, indicator: str) -> dict[str, xr.DataArray]:
    """The companion variables of ``indicator``, keyed by suffix (``lower``, ``months``, ...)."""
    if indicator not in ds:
        raise KeyError(f"no indicator {indicator!r} in the Dataset")
    return {s: ds[f"{indicator}_{s}"] for s in COMPANIONS if f"{indicator}_{s}" in ds}


def _point(frame: pd.DataFrame) -> np.ndarray:
    """The figure as a point: the value, else the midpoint of a two-sided range.

    The midpoint is arithmetic, except for prices, whose ranges are compared in ratios
    ("$6,000-120,000 per kg"): there it is geometric. The bounds stay in the companions.
    """
    value = frame["value"].to_numpy(float)
    lo, hi = frame["lower"].to_numpy(float), frame["upper"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        geometric = np.sqrt(lo * hi)
    mid = np.where((frame["kind"].to_numpy() == "price") & (lo > 0), geometric, (lo + hi) / 2)
    return np.where(np.isnan(value), mid, value)


SKIPPED_QUALIFIERS = ("suspect", "projection")
"""Records with these qualifiers stay in the records (and the records table) but never
enter a series or a conflict: ``suspect`` (a unit flag of the source, see data/README.md)
and ``projection`` (a figure the source projects, not one it observed)."""


def _usable(table: pd.DataFrame) -> pd.DataFrame:
    """Records the resolve rule and the conflict check may use (not suspect, no projection)."""
    return table[~table["qualifier"].isin(SKIPPED_QUALIFIERS).to_numpy()]


def _series_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Records that belong in the yearly series: usable, dated, and flows of at most a year."""
    table = _usable(table)
    dated = table[table["year"].notna()]
    months = dated["months"].astype("Float64").fillna(0).to_numpy(float)
    long_flow = (dated["kind"] == "flow").to_numpy() & (months > 12)
    return dated[~long_flow]


def _full_year(frame: pd.DataFrame) -> np.ndarray:
    """The full-year rule of :mod:`drugtrends.rules`, record by record (flows need 12
    known months; stocks, prices and ratios always count as full)."""
    months = frame["months"].astype("Float64").to_numpy(float, na_value=np.nan)
    flow = (frame["kind"] == "flow").to_numpy()
    return np.where(flow, full_year_mask(months, "flow"), full_year_mask(months, "stock"))


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort records best-first according to the resolve rule (see the module docstring)."""
    months = frame["months"].astype("Float64")
    key = pd.DataFrame(
        {
            "full": np.where(_full_year(frame), 0, 1),
            "coverage": -months.fillna(-1).to_numpy(float),
            "edition": -frame["edition"].astype("Float64").fillna(-1).to_numpy(float),
            "kind": frame["source_kind"].map(_KIND_RANK).fillna(len(_KIND_RANK)).to_numpy(),
            "exact": np.where(frame["qualifier"].to_numpy() == "", 0, 1),
            "order": np.arange(len(frame)),
        },
        index=frame.index,
    )
    order = key.sort_values(list(key.columns), kind="stable").index
    return frame.loc[order]


def resolve(
    table: pd.DataFrame, by: Sequence[str] = ("country", "indicator", "year")
) -> pd.DataFrame:
    """Pick the series figure for each group of records by the documented resolve rule.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy records (from :func:`drugtrends.records.load`).
    by : sequence of str
        Grouping columns; add ``"edition"`` for one figure per edition (the vintages).

    Returns
    -------
    pandas.DataFrame
        One row per group: the chosen record, with a ``point`` column (the value, or the
        midpoint of a range) and ``n_figures``, the number of records in the group.
    """
    rows = _series_rows(table)
    if "edition" in by:
        rows = rows.assign(edition=_edition_or_period_end(rows))
    ranked = rank(rows)
    counts = ranked.groupby(list(by), sort=False).size().rename("n_figures")
    best = ranked.drop_duplicates(list(by), keep="first")
    best = best.join(counts, on=list(by))
    return best.assign(point=_point(best))


def _edition_or_period_end(frame: pd.DataFrame) -> pd.Series:
    """Edition, or, when unknown, the year the period ends (the earliest possible)."""
    return frame["edition"].fillna(frame["year"]).astype("Int64")


# ---------------------------------------------------------------------------- conflicts


def _interval(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each figure as an interval, widened by half a unit of its last reported digit."""
    value = frame["value"].to_numpy(float)
    lo = np.where(np.isnan(frame["lower"].to_numpy(float)), value, frame["lower"].to_numpy(float))
    hi = np.where(np.isnan(frame["upper"].to_numpy(float)), value, frame["upper"].to_numpy(float))
    lo = np.where(np.isnan(lo), hi, lo)
    hi = np.where(np.isnan(hi), lo, hi)
    half = np.array(
        [
            _half_digit(r, u, c)
            for r, u, c in zip(
                frame["reported_value"], frame["reported_unit"], frame["units"], strict=True
            )
        ]
    )
    return lo - half, hi + half


def _half_digit(reported: str, unit: str, canonical: str) -> float:
    """Half a unit of the last digit of a reported figure, in canonical units.

    "35" t was rounded to the tonne (+-500 kg); "0.0" kg to a tenth of a kilogram.
    """
    text = str(reported).split("-")[0].strip()
    if not text:
        return 0.0
    decimals = len(text.split(".")[1]) if "." in text else 0
    if "e" in text.lower():
        return 0.0
    factor = _records._factor(unit, canonical)
    if isinstance(factor, str):  # the unit does not convert
        return 0.0
    return 0.5 * 10.0**-decimals * factor


_LEVEL_SPAN = 24  # months: longer stock/price/ratio figures (cumulative totals) compare with none


def conflicts(table: pd.DataFrame, threshold: float = CONFLICT_THRESHOLD) -> pd.DataFrame:
    """Pairs of figures for the same period that differ by more than ``threshold``.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy records (from :func:`drugtrends.records.load`).
    threshold : float
        Relative difference above which two figures conflict (0.10 = 10 %).

    Returns
    -------
    pandas.DataFrame
        One row per conflicting pair: ``country, indicator, year`` (the series year of the
        first record), and for each side ``a``/``b`` the record id, period, value, lower,
        upper, source id, source kind and edition; and ``rel_diff``.

    Notes
    -----
    Flows conflict only when they cover the same period (a nine-month total below the
    full-year total is not a conflict); stocks, prices and ratios when their periods
    overlap and neither spans more than 24 months (a cumulative count since 1987 is not
    comparable with one year's). Each figure is taken as an interval: its range, widened by
    half a unit of its last reported digit (a figure reported as "35 t" may be 34.5 t), so
    rounding is not a conflict. The difference is the gap between the two intervals,
    relative to the mean of their nearest ends; overlapping figures never conflict.
    Records qualified ``suspect`` or ``projection`` take no part.

    Examples
    --------
    >>> conflicts(records.load()).query("indicator == 'drug_seizures_total'")  # doctest: +SKIP
    """
    table = _usable(table)
    dated = table[table["period_start"].notna()]
    cols = [
        "country",
        "indicator",
        "year",
        *(f"{k}_{s}" for s in ("a", "b") for k in _CONFLICT_FIELDS),
        "rel_diff",
    ]
    if dated.empty:
        return _conflict_frame(pd.DataFrame(columns=cols))
    lo, hi = _interval(dated)
    start = dated["period_start"].array.asi8
    end_p = dated["period_end"]
    has_end = end_p.notna().to_numpy()
    end = np.where(has_end, end_p.array.asi8, start)
    flow = (dated["kind"] == "flow").to_numpy()
    pos = np.arange(len(dated))
    # candidate pairs: the same country and indicator, a before b in the table's order
    keys = dated["country"].astype(str) + "\x1f" + dated["indicator"].astype(str)
    codes, _ = pd.factorize(keys, sort=True)
    order = np.lexsort((pos, codes))
    sorted_codes = codes[order]
    bounds = np.flatnonzero(np.diff(sorted_codes)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(order)]])
    ia, ib = [], []
    for s, e in zip(starts, ends, strict=True):
        n = e - s
        if n < 2:
            continue
        i, j = np.triu_indices(n, k=1)
        ia.append(order[s + i])
        ib.append(order[s + j])
    if not ia:
        return _conflict_frame(pd.DataFrame(columns=cols))
    a = np.concatenate(ia)
    b = np.concatenate(ib)
    is_flow = flow[a]
    same_flow = (start[a] == start[b]) & (end[a] == end[b]) & has_end[a] & has_end[b]
    short = np.maximum(end[a] - start[a], end[b] - start[b]) < _LEVEL_SPAN
    same_level = short & (start[a] <= end[b]) & (start[b] <= end[a])
    same = np.where(is_flow, same_flow, same_level)
    a, b = a[same], b[same]
    up = lo[b] > hi[a]  # b above a
    down = lo[a] > hi[b]
    gap = np.where(up, lo[b] - hi[a], np.where(down, lo[a] - hi[b], np.nan))
    near_a = np.where(up, hi[a], lo[a])
    near_b = np.where(up, lo[b], hi[b])
    scale = (np.abs(near_a) + np.abs(near_b)) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(scale > 0, gap / scale, 0.0)
    hit = (up | down) & (rel > threshold)
    a, b, rel = a[hit], b[hit], rel[hit]
    # the order of the pairwise loop this replaces: group, then a, then b
    order = np.lexsort((b, a, codes[a]))
    a, b, rel = a[order], b[order], rel[order]
    va, vb = dated.iloc[a], dated.iloc[b]
    data = {
        "country": va["country"].to_numpy(),
        "indicator": va["indicator"].to_numpy(),
        "year": va["year"].to_numpy(),
    }
    for side, v in (("a", va), ("b", vb)):
        for k in _CONFLICT_FIELDS:
            data[f"{k}_{side}"] = v[k].to_numpy()
    data["rel_diff"] = np.round(rel, 4)
    return _conflict_frame(pd.DataFrame(data, columns=cols))


def _conflict_frame(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("period_start_a", "period_end_a", "period_start_b", "period_end_b"):
        frame[col] = frame[col].astype(str).replace({"NaT": ""})
    return frame.reset_index(drop=True)


_CONFLICT_FIELDS = (
    "record_id",
    "period_start",
    "period_end",
    "value",
    "lower",
    "upper",
    "source_id",
    "source_kind",
    "edition",
)


def conflicts_from_dataset(ds: xr.Dataset, threshold: float = CONFLICT_THRESHOLD) -> pd.DataFrame:
    """The conflicts of a Dataset built by :func:`build`, from the records it carries."""
    return conflicts(records_table(ds), threshold)


# ---------------------------------------------------------------------------- build


def _clean_str(values: pd.Series) -> np.ndarray:
    series = pd.Series(values, copy=False)
    return series.where(series.notna(), "").astype(str).to_numpy(dtype=object)


def _float(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values.astype("Float64"), errors="coerce").to_numpy(float, na_value=np.nan)


_RECORD_LONG_NAMES = {
    "country": "record: country (ISO 3166-1 alpha-3)",
    "indicator": "record: indicator name (see the indicator variables)",
    "units": "record: units of value, lower and upper (UDUNITS, or an ISO 4217 currency)",
    "qualifier": "record: qualifier of the figure (approximate, more than, up to, ...)",
    "period_start": "record: first month of the period the figure covers (YYYY-MM)",
    "period_end": "record: last month of the period the figure covers (YYYY-MM)",
    "source_id": "record: source id (see the source_* variables)",
    "source_kind": "record: kind of source",
    "locator": "record: where in the source the figure is (page, table)",
    "note": "record: note",
    "reported_value": "record: the figure as the source prints it",
    "reported_unit": "record: the unit as the source prints it",
    "value": "record: the figure in record_units",
    "lower": "record: lower bound of the reported range or 'more than' figure",
    "upper": "record: upper bound of the reported range or 'up to' figure",
    "months": "record: months the figure covers",
    "year": "record: calendar year of the figure (the year its period ends)",
    "edition": "record: edition (publication year) of the source",
}


def _record_vars(table: pd.DataFrame) -> dict[str, tuple]:
    data = {}
    for col in _RECORD_STR:
        series = table[col]
        if col.startswith("period"):
            series = series.astype(str).replace({"NaT": ""})
        data[f"record_{col}"] = (
            "record",
            _clean_str(series),
            {"long_name": _RECORD_LONG_NAMES[col]},
        )
    for col in _RECORD_FLOAT:
        data[f"record_{col}"] = (
            "record",
            _float(table[col]),
            {"long_name": _RECORD_LONG_NAMES[col]},
        )
    return data


def _source_vars(sources: pd.DataFrame) -> dict[str, tuple]:
    def var(values: np.ndarray, text: str) -> tuple:
        return ("source", values, {"long_name": f"source: {text}"})

    return {
        "source_kind": var(_clean_str(sources["kind"]), "kind of source"),
        "source_title": var(_clean_str(sources["title"]), "title"),
        "source_publisher": var(_clean_str(sources["publisher"]), "publisher"),
        "source_edition": var(_float(sources["edition"]), "edition (publication year)"),
        "source_url": var(_clean_str(sources["url"]), "URL"),
        "source_note": var(_clean_str(sources["note"]), "note"),
    }


def build(
    table: pd.DataFrame,
    countries: Sequence[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> xr.Dataset:
    """Build the Dataset of resolved yearly series from tidy records.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy records from :func:`drugtrends.records.load`.
    countries : sequence of str, optional
        ISO3 codes to keep (all by default).
    sources : pandas.DataFrame, optional
        The sources catalog (:func:`drugtrends.records.load_sources`), stored along the
        ``source`` dimension; defaults to the shipped catalog, restricted to the sources
        the records cite.

    Returns
    -------
    xarray.Dataset
        See the module docstring for the layout and the resolve rule.

    Examples
    --------
    >>> from drugtrends import records, dataset
    >>> ds = dataset.build(records.load(), countries=["KAZ"])   # doctest: +SKIP
    """
    from ._version import __version__

    if countries is not None:
        wanted = [countries] if isinstance(countries, str) else list(countries)
        have = sorted(table["country"].unique())
        unknown = sorted(set(wanted) - set(have))
        if unknown:
            close = [m for u in unknown for m in difflib.get_close_matches(u, have, n=3)]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            listed = ", ".join(have) if len(have) <= 12 else ", ".join(have[:10]) + ", ..."
            raise KeyError(
                f"no records for {', '.join(unknown)}{hint}; {len(have)} countries with "
                f"records: {listed} (drugtrends.records.load_countries() names them all)"
            )
        table = table[table["country"].isin(wanted)]
    table = table.reset_index(drop=True)
    if table.empty:
        raise ValueError("no records to build a Dataset from")

    best = resolve(table)
    country_coord = np.array(sorted(table["country"].unique()), dtype=object)
    if best.empty:
        years = np.array([], dtype=np.int64)
    else:
        years = np.arange(int(best["year"].min()), int(best["year"].max()) + 1, dtype=np.int64)
    ci = {c: i for i, c in enumerate(country_coord)}
    clash = conflicts(table)

    data_vars: dict[str, tuple] = {}
    meta = table.drop_duplicates("indicator").set_index("indicator").to_dict("index")
    shape = (len(country_coord), len(years))
    clash_by = {name: g for name, g in clash.groupby("indicator", sort=False)}
    no_clash = clash.iloc[:0]
    for indicator, grp in best.groupby("indicator", sort=True):
        rows = np.array([ci[c] for c in grp["country"]], dtype=int)
        cols = grp["year"].to_numpy(int) - (years[0] if len(years) else 0)
        arrays = {}
        for name, values in (
            ("", grp["point"].to_numpy(float)),
            ("_lower", grp["lower"].to_numpy(float)),
            ("_upper", grp["upper"].to_numpy(float)),
            ("_months", _float(grp["months"])),
            ("_edition", _float(grp["edition"])),
        ):
            arr = np.full(shape, np.nan)
            arr[rows, cols] = values
            arrays[name] = arr
        for name, values in (("_source", grp["source_id"]), ("_record", grp["record_id"])):
            arr = np.full(shape, "", dtype=object)
            arr[rows, cols] = _clean_str(values)
            arrays[name] = arr
        m = meta[indicator]
        mine = clash_by.get(indicator, no_clash)
        conflict_list = [
            {
                "country": r.country,
                "year": None if pd.isna(r.year) else int(r.year),
                "records": [r.record_id_a, r.record_id_b],
                "values": [_json_num(r.value_a), _json_num(r.value_b)],
                "rel_diff": float(r.rel_diff),
            }
            for r in mine.itertuples()
        ]
        anc = " ".join(f"{indicator}_{s}" for s in COMPANIONS)
        data_vars[indicator] = (
            ("country", "year"),
            arrays[""],
            {
                "long_name": str(m["long_name"]),
                "units": str(m["units"]),
                "kind": str(m["kind"]),
                "scope": str(m["scope"]),
                "caveat": str(m["caveat"]),
                "ancillary_variables": anc,
                "conflicts": json.dumps(conflict_list, ensure_ascii=False),
                "n_conflicts": len(conflict_list),
            },
        )
        desc = {
            "_lower": ("lower bound of the reported range or 'more than' figure", m["units"]),
            "_upper": ("upper bound of the reported range or 'up to' figure", m["units"]),
            "_months": ("months of the year the figure covers (12 = full year)", "1"),
            "_edition": ("edition (publication year) of the source of the figure", "1"),
        }
        for suffix, (text, units) in desc.items():
            data_vars[f"{indicator}{suffix}"] = (
                ("country", "year"),
                arrays[suffix],
                {"long_name": f"{m['long_name']}: {text}", "units": str(units)},
            )
        data_vars[f"{indicator}_source"] = (
            ("country", "year"),
            arrays["_source"],
            {"long_name": f"{m['long_name']}: source id (see source_* variables)"},
        )
        data_vars[f"{indicator}_record"] = (
            ("country", "year"),
            arrays["_record"],
            {"long_name": f"{m['long_name']}: record id (see record_* variables)"},
        )

    if sources is None:
        sources = _records.load_sources(_records.DATA_DIR / "sources.csv")
    cited = sorted(set(table["source_id"]))
    missing = [s for s in cited if s not in sources.index]
    if missing:
        raise KeyError(f"sources {missing} are cited by records but not in the catalog")
    src = sources.loc[cited]
    data_vars.update(_record_vars(table))
    data_vars.update(_source_vars(src))

    ends = table["period_end"].dropna()
    data_date = str(max(ends)) if len(ends) else ""
    ds = xr.Dataset(
        data_vars,
        coords={
            "country": ("country", country_coord, {"long_name": "country (ISO 3166-1 alpha-3)"}),
            "year": ("year", years, {"long_name": "calendar year", "units": "1"}),
            "record": ("record", _clean_str(table["record_id"]), {"long_name": "record id"}),
            "source": ("source", np.array(cited, dtype=object), {"long_name": "source id"}),
        },
        attrs={
            "title": "Drug-control indicators from annual country reports",
            "Conventions": "CF-1.8",
            "history": _history(len(table), len(cited), data_date),
            "institution": "drugtrends",
            "source": "drugtrends records (data/records/*.csv); see the source_* variables",
            "drugtrends_version": __version__,
            "data_date": data_date,
            "resolve_rule": (
                "full-year beats partial-year (more months beat fewer), then the later "
                "edition, then the kind of source (INCSR, UNODC, government, draft cable, CADAP, "
                "academic, "
                "news, secondary), then exact before approximate; conflicts (>10 % apart for "
                "the same period) are listed in each variable's 'conflicts' attribute"
            ),
        },
    )
    return ds


def _history(n_records: int, n_sources: int, data_date: str) -> str:
    """The CF ``history`` line of a built Dataset: deterministic (no wall-clock time).

    With ``SOURCE_DATE_EPOCH`` set (reproducible builds), its date leads the line.
    """
    import datetime
    import os

    from ._version import __version__

    line = (
        f"drugtrends {__version__} build: {n_records} records from {n_sources} sources"
        f"{f', figures up to {data_date}' if data_date else ''}"
    )
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        line = f"{when:%Y-%m-%dT%H:%M:%SZ} {line}"
    return line


def _json_num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


# ---------------------------------------------------------------------------- records view


def records_table(ds: xr.Dataset) -> pd.DataFrame:
    """The records a Dataset carries, as the tidy table :func:`records.load` returns.

    Examples
    --------
    >>> records_table(load_dataset("KAZ")).shape          # doctest: +SKIP
    """
    if "record" not in ds.dims:
        raise ValueError(
            "this Dataset carries no records (no 'record' dimension): it needs the figures "
            "behind the series, as built by drugtrends.dataset.build or load_dataset"
        )
    out = {"record_id": ds["record"].values.astype(object)}
    for col in _RECORD_STR:
        out[col] = ds[f"record_{col}"].values.astype(object)
    for col in _RECORD_FLOAT:
        out[col] = ds[f"record_{col}"].values
    frame = pd.DataFrame(out)
    for col in ("period_start", "period_end"):
        frame[col] = _months_from_text(frame[col].to_numpy(dtype=object))
    for col in ("months", "year", "edition"):
        values = frame[col].to_numpy(float)
        ints = pd.array(np.where(np.isnan(values), 0, values).astype(np.int64), dtype="Int64")
        ints[np.isnan(values)] = pd.NA
        frame[col] = ints
    kinds = {name: ds[name].attrs["kind"] for name in indicator_names(ds)}
    catalog = _records.indicator_catalog()["kind"].to_dict()
    frame["kind"] = [kinds.get(i) or catalog.get(i, "") for i in frame["indicator"]]
    return frame


def _months_from_text(text: np.ndarray) -> pd.arrays.PeriodArray:
    """``YYYY-MM`` strings (empty for none) as a monthly PeriodArray."""
    ordinals = np.full(len(text), np.iinfo(np.int64).min, dtype=np.int64)
    filled = np.array([bool(t) for t in text], dtype=bool)
    if filled.any():
        parts = np.array([t.split("-") for t in text[filled]], dtype=np.int64)
        ordinals[filled] = (parts[:, 0] - 1970) * 12 + parts[:, 1] - 1
    return pd.arrays.PeriodArray(ordinals, dtype="period[M]")


def vintages(data: xr.Dataset | pd.DataFrame) -> xr.Dataset:
    """Every edition's figure: one variable per indicator with dims (country, year, edition).

    A figure with no known edition is filed under the year its period ends (the earliest it
    could have been published). Within one edition the resolve rule picks the figure.

    Parameters
    ----------
    data : xarray.Dataset or pandas.DataFrame
        A Dataset from :func:`build` (its records are used) or a tidy records table.

    Returns
    -------
    xarray.Dataset
        Variables ``<indicator>`` and ``<indicator>_months``, ``<indicator>_record``.

    Examples
    --------
    >>> v = vintages(load_dataset("KAZ"))                           # doctest: +SKIP
    >>> v.heroin_seizures.sel(country="KAZ", year=2013).dropna("edition")  # doctest: +SKIP
    """
    table = records_table(data) if isinstance(data, xr.Dataset) else data
    best = resolve(table, by=("country", "indicator", "year", "edition"))
    out = {}
    for indicator, grp in best.groupby("indicator", sort=True):
        frame = grp.set_index(["country", "year", "edition"])[["point", "months", "record_id"]]
        frame = frame.assign(months=_float(frame["months"]))
        frame.index = frame.index.set_levels(
            [lvl.astype(int) if i else lvl for i, lvl in enumerate(frame.index.levels)]
        )
        sub = xr.Dataset.from_dataframe(frame)
        out[indicator] = sub["point"].assign_attrs(units=grp["units"].iloc[0])
        out[f"{indicator}_months"] = sub["months"]
        out[f"{indicator}_record"] = sub["record_id"].fillna("")
    return xr.Dataset(out)


# ---------------------------------------------------------------------------- netCDF


def _check_attrs(ds: xr.Dataset) -> None:
    scalar = (str, int, float, np.integer, np.floating)

    def ok(value) -> bool:
        if isinstance(value, (bool, np.bool_)):
            return False
        if isinstance(value, scalar):
            return True
        # a flat sequence of numbers is stored as a numeric array attribute
        if isinstance(value, (list, tuple, np.ndarray)):
            arr = np.asarray(value)
            return arr.ndim == 1 and arr.dtype.kind in "iuf"
        return False

    def check(owner: str, attrs: dict) -> None:
        for key, value in attrs.items():
            if not ok(value):
                raise TypeError(
                    f"attribute {key!r} of {owner} is a {type(value).__name__}; netCDF keeps "
                    "str, int, float and flat numeric-array attributes losslessly: convert "
                    "it (e.g. json.dumps)"
                )

    check("the Dataset", ds.attrs)
    for name, var in ds.variables.items():
        check(f"variable {name!r}", var.attrs)


def write_dataset(ds: xr.Dataset, path: str | Path) -> Path:
    """Write a Dataset to netCDF atomically: a temporary file beside ``path``, then rename.

    If writing fails, an existing file at ``path`` is left untouched. The file follows the
    CF-1.8 conventions (checked with ``compliance-checker --test cf:1.8``): 64-bit integers
    are stored as 32-bit ones when they fit; a monetary unit such as ``"USD kg-1"``, which
    UDUNITS cannot parse, is stored as ``units = "kg-1"`` with ``currency = "USD"``
    (``units = "1"`` for a plain amount); text coordinates of a dimension (``country``) as
    label variables (``country_label(country)``). :func:`open_dataset` undoes all three, so
    the Dataset comes back as it was written (see :mod:`drugtrends._cf`).

    Parameters
    ----------
    ds : xarray.Dataset
    path : path-like
        Destination ``.nc`` file.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> write_dataset(load_dataset("KAZ"), "kaz.nc")     # doctest: +SKIP
    """
    from . import _cf
    from ._io import atomic_path

    path = Path(path)
    _check_attrs(ds)
    disk, encoding = _cf.encode(ds)
    with atomic_path(path) as tmp:
        disk.to_netcdf(tmp, engine="netcdf4", encoding=encoding)
    return path


def open_dataset(path: str | Path, *, require_indicators: bool = False) -> xr.Dataset:
    """Open a netCDF file written by :func:`write_dataset`, fully loaded into memory.

    A file that cannot be a netCDF file (empty, a folder, another format) or cannot be read
    to the end (truncated, damaged) is refused with a :class:`ValueError` naming the file
    and what is wrong with it.

    Parameters
    ----------
    path : path-like
        The ``.nc`` file.
    require_indicators : bool
        Also require a Dataset as :func:`build` writes it (what the commands' ``--dataset``
        and ``--data`` take): ``country`` and ``year`` dimensions, whole years in
        increasing order, and at least one indicator variable (on ``(country, year)`` with
        a ``kind`` attribute). A look-alike file with the right variable names but no
        drugtrends metadata, or a forecast file, is refused.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the file is not a (readable, with ``require_indicators`` a drugtrends) Dataset.

    Examples
    --------
    >>> ds = open_dataset("kaz.nc")                  # doctest: +SKIP
    >>> open_dataset("other.nc", require_indicators=True)   # doctest: +SKIP
    Traceback (most recent call last):
    ValueError: other.nc is not a drugtrends Dataset: ...
    """
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a netCDF file")
    if not path.exists():
        raise FileNotFoundError(2, "no such file", str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as err:
        raise ValueError(f"cannot read {path}: {err.strerror or err}") from None
    if not head:
        raise ValueError(f"{path} is empty (0 bytes), not a netCDF file")
    if not (head.startswith(b"CDF") or head.startswith(b"\x89HDF\r\n\x1a\n")):
        raise ValueError(
            f"{path} is not a netCDF file (it starts with {head[:4]!r}); give a file "
            "written by 'drugtrends build' or drugtrends.write_dataset"
        )
    try:
        with xr.open_dataset(path, engine="netcdf4") as handle:
            ds = handle.load()
    except (OSError, ValueError, RuntimeError, KeyError, IndexError, TypeError) as err:
        raise ValueError(
            f"{path} cannot be read as netCDF (truncated or damaged?): {type(err).__name__}: {err}"
        ) from None
    for var in ds.variables.values():
        var.encoding = {}
    from . import _cf

    ds = _cf.decode(ds)  # the CF form on disk back to the in-memory one (write_dataset)
    if require_indicators:
        _check_indicator_dataset(ds, path)
    return ds


def _check_indicator_dataset(ds: xr.Dataset, path: Path) -> None:
    """Refuse a Dataset that :func:`build` could not have written (see :func:`open_dataset`)."""
    head = f"{path} is not a drugtrends Dataset"
    hint = "give a file written by 'drugtrends build'"
    if "quantile" in ds.dims or str(ds.attrs.get("title", "")) == "drugtrends forecasts":
        raise ValueError(f"{head}: it holds forecasts (a 'quantile' dimension); {hint}")
    missing = [d for d in ("country", "year") if d not in ds.dims]
    if missing:
        raise ValueError(
            f"{head}: no {' and no '.join(map(repr, missing))} dimension (it has "
            f"{', '.join(map(repr, map(str, ds.dims))) or 'none'}); {hint}"
        )
    if not indicator_names(ds) or not any(
        ds[n].dims == ("country", "year") for n in indicator_names(ds)
    ):
        names = ", ".join(repr(str(n)) for n in list(ds.data_vars)[:5]) or "none"
        raise ValueError(
            f"{head}: no indicator variable (a variable on (country, year) with a 'kind' "
            f"attribute such as 'flow' or 'stock'); its variables: {names}; {hint}"
        )
    if ds.sizes["year"] == 0 or ds.sizes["country"] == 0:
        raise ValueError(f"{head}: it has no years or no countries; {hint}")
    years = np.asarray(ds["year"].values)
    if years.dtype.kind not in "iuf":
        raise ValueError(f"{head}: its years are not numbers ({years.dtype}); {hint}")
    yf = years.astype(float)
    if not (np.isfinite(yf).all() and (yf == np.round(yf)).all()):
        raise ValueError(f"{head}: its years are not whole numbers; {hint}")
    if not ((yf >= 1) & (yf <= 9999)).all():
        raise ValueError(
            f"{head}: its years run from {yf.min():g} to {yf.max():g}, outside 1-9999; {hint}"
        )
    if yf.size > 1 and not (np.diff(yf) > 0).all():
        raise ValueError(f"{head}: its years are not in increasing order; {hint}")


# ---------------------------------------------------------------------------- shipped data


@functools.lru_cache(maxsize=4)
def _shipped(countries: tuple[str, ...] | None) -> xr.Dataset:
    from . import _cache

    data = _records.DATA_DIR
    files = sorted((data / "records").glob("*.csv"))
    if countries is not None:
        own = [data / "records" / f"{c}.csv" for c in countries]
        # the shipped files hold one country each: read only the ones asked for
        if all(f.is_file() for f in own):
            files = own
    catalogs = [data / n for n in ("indicators.csv", "sources.csv") if (data / n).is_file()]
    label = "all" if countries is None else "-".join(countries)
    if len(label) > 40:
        label = hashlib.sha256(label.encode()).hexdigest()[:16]
    key = _cache.data_key([*catalogs, *files], label)

    def make() -> xr.Dataset:
        table = _records.load(files)
        return build(table, countries=list(countries) if countries else None)

    return _cache.cached(f"dataset-{label}", key, make)


def load_dataset(country: str | Sequence[str] | None = None) -> xr.Dataset:
    """The shipped data, validated and built into a Dataset.

    Parameters
    ----------
    country : str or sequence of str, optional
        ISO3 code(s), e.g. ``"KAZ"``; all countries by default.

    Returns
    -------
    xarray.Dataset
        See :func:`build`. A fresh copy each call. The built Dataset is kept in memory and
        in an on-disk cache (``$DRUGTRENDS_CACHE_DIR``, by default ``~/.cache/drugtrends``)
        keyed by a hash of the data files and the package version, so that only the first
        call after a change of the data builds it (see :mod:`drugtrends._cache`).

    Examples
    --------
    >>> import drugtrends as dt
    >>> ds = dt.load_dataset("KAZ")                         # doctest: +SKIP
    >>> ds.registered_drug_users.attrs["caveat"]            # doctest: +SKIP
    """
    key = None if country is None else ((country,) if isinstance(country, str) else tuple(country))
    return _fresh(_shipped(key))


def _fresh(ds: xr.Dataset) -> xr.Dataset:
    """A copy of ``ds`` that shares nothing mutable with it (cheaper than a deep copy:
    the strings of object arrays are immutable, so copying the arrays is enough)."""
    out = ds.copy(deep=False)  # new variables and attribute dicts, shared arrays
    for var in out.variables.values():
        if isinstance(var, xr.IndexVariable):
            continue
        data = var.data.copy()
        # set the copy directly: the public setter probes for duck-array modules (and
        # imports dask) on each of the ~700 variables; a numpy copy needs no check
        if isinstance(getattr(var, "_data", None), np.ndarray):
            var._data = data
        else:  # pragma: no cover - another xarray layout
            var.data = data
    return out
