"""The PDF trend report of one country: summary, one page per key indicator, sources.

:func:`build_report` is the whole job (what ``drugtrends report`` runs); its two halves
are public too, so notebooks can show the same numbers and figures:

* :func:`analyse` computes what the report shows (annualized partial years, trends,
  forecasts, the hidden population beside the register) with the package's public
  functions, into a :class:`CountryAnalysis`;
* :func:`write_report` lays the report out (reportlab platypus: flowing text, tables
  over pages, outline, clickable contents and sources) and writes the PDF,
  byte-identical for the same data (dates pinned to the data date or
  ``SOURCE_DATE_EPOCH``); :func:`report_story` gives its flowables.

Examples
--------
>>> from drugtrends.report import build_report
>>> build_report("KAZ", "reports/kazakhstan.pdf")                   # doctest: +SKIP
PosixPath('reports/kazakhstan.pdf')
>>> from drugtrends.report import analyse
>>> res = analyse(country="KAZ")                                     # doctest: +SKIP
>>> fig = res.figure("heroin_seizures")                              # doctest: +SKIP
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from .analysis import CountryAnalysis, analyse, select_indicators
from .pdf import pdf_date, report_story, write_report

__all__ = [
    "CountryAnalysis",
    "analyse",
    "build_report",
    "pdf_date",
    "report_story",
    "select_indicators",
    "write_report",
]


def build_report(
    country: str = "KAZ",
    out: str | os.PathLike = "report.pdf",
    *,
    ds: Any = None,
    progress: bool = False,
    **kwargs: Any,
) -> Path:
    """Compute and write the trend report of one country.

    Parameters
    ----------
    country : str
        ISO3 code, e.g. ``"KAZ"``.
    out : path-like
        The PDF file to write.
    ds : xarray.Dataset, optional
        A drugtrends Dataset; the shipped data by default.
    progress : bool
        Show a progress bar on stderr.
    **kwargs
        Passed to :func:`analyse` (``indicators``, ``horizon``, ``model``, ``seed``,
        ``trend_years``).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> build_report("KAZ", "kaz.pdf", horizon=3)                    # doctest: +SKIP
    """
    from tqdm.auto import tqdm

    if ds is None:
        ds = _load(country)
    indicators = kwargs.pop("indicators", None)
    if indicators is None and country in [str(c) for c in ds["country"].values]:
        indicators = select_indicators(ds, country)
    n_pages = len(indicators or ())
    with tqdm(
        total=5 + n_pages + 3,
        desc=f"drugtrends report {country}",
        unit="step",
        file=sys.stderr,
        # on a terminal only: a redirected log gets no carriage-return clutter
        disable=(not progress) or not sys.stderr.isatty(),
        leave=True,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}]{postfix}",
    ) as bar:

        def step(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update(1)

        res = analyse(ds, country, indicators=indicators, step=step, **kwargs)
        bar.total += len(res.groups)  # the pages of several series (surveys, offences)
        return write_report(res, out, step=step)


def _load(country: str) -> Any:
    """The shipped data of one country, with a clear error for an unknown one."""
    import drugtrends as dt

    try:
        return dt.load_dataset(country)
    except KeyError as err:
        raise KeyError(str(err).strip("'\"")) from None
