"""Every country's report, chunk-wise on a dask.distributed cluster: :func:`report_all`.

Countries are split into chunks of :data:`DEFAULT_CHUNK`; each chunk is one task that
loads its countries once and writes one PDF per country (``<ISO3>.pdf``). A country whose
report fails is listed with the reason and the batch goes on; a task that dies (a worker
lost) marks its countries failed, never the whole batch.

The cluster is :func:`drugtrends.distributed.cluster_client`: a local cluster of
``workers`` processes, or the running scheduler at ``scheduler``.

Examples
--------
>>> from drugtrends.report.batch import report_all
>>> res = report_all("reports/", workers=2)                         # doctest: +SKIP
>>> sorted(res.failed)                                               # doctest: +SKIP
[]
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_CHUNK", "BatchResult", "countries_with_data", "report_all", "report_chunk"]

DEFAULT_CHUNK = 6
"""Countries per task [countries]: large enough that a task outweighs its scheduling,
small enough that two workers share the countries evenly and the bar moves."""


@dataclass
class BatchResult:
    """What :func:`report_all` did.

    Attributes
    ----------
    written : dict
        ISO3 -> the PDF written.
    failed : dict
        ISO3 -> why its report failed (one line).
    seconds : float
        Wall time of the batch [s].
    cpu_seconds : dict
        ISO3 -> CPU time its report took in its worker [s] (wall time on a busy machine
        says little; the sum over countries divided by the cores is the time on an idle
        one).
    """

    written: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)


def countries_with_data(data: str | os.PathLike | None = None) -> list[str]:
    """ISO3 codes with records: of the shipped data, or of a netCDF Dataset ``data``.

    Examples
    --------
    >>> "KAZ" in countries_with_data()                                  # doctest: +SKIP
    True
    """
    if data is not None:
        from drugtrends.dataset import open_dataset

        ds = open_dataset(data)
        return sorted(str(c) for c in ds["country"].values)
    from drugtrends import records

    # the shipped records hold one file per country (as load_dataset reads them): listing
    # the files answers without reading and validating 29,000 records
    return sorted(p.stem for p in (records.DATA_DIR / "records").glob("*.csv"))


def _one_line(err: BaseException) -> str:
    from drugtrends.cli import error_message

    text = " ".join(error_message(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


@functools.cache
def _shipped_records() -> Any:
    """The shipped records, read and validated once per worker process (not counted in
    the countries' CPU time)."""
    from drugtrends import records

    return records.load(records.DATA_DIR)


def report_chunk(
    countries: Sequence[str],
    out_dir: str | os.PathLike,
    data: str | os.PathLike | None = None,
    **kwargs: Any,
) -> list[tuple[str, str, str]]:
    """Write the reports of a few countries (one task of :func:`report_all`).

    Returns
    -------
    list of (country, "ok" or "failed", path or reason, CPU seconds)
    """
    import matplotlib

    matplotlib.use("Agg")
    from drugtrends import dataset
    from drugtrends.report import build_report

    out: list[tuple[str, str, str, float]] = []
    try:
        if data is not None:
            ds_all = dataset.open_dataset(data)
            have = {str(c) for c in ds_all["country"].values}
        else:
            table = _shipped_records()
            have = set(table["country"].unique())
    except Exception as err:  # the chunk's data: every country of it fails alike
        return [(c, "failed", f"loading the data: {_one_line(err)}", 0.0) for c in countries]
    for code in countries:
        if code not in have:
            out.append((code, "failed", f"no records for {code}", 0.0))
            continue
        path = Path(out_dir) / f"{code}.pdf"
        cpu = time.process_time()
        try:
            if data is not None:
                ds = ds_all.sel(country=[code])
            else:
                # what load_dataset(code) builds, from the records read once per worker
                ds = dataset.build(table, countries=[code])
            build_report(code, path, ds=ds, **kwargs)
            out.append((code, "ok", str(path), time.process_time() - cpu))
        except Exception as err:  # one bad country never sinks the batch
            out.append((code, "failed", _one_line(err), time.process_time() - cpu))
    return out


def report_all(
    out_dir: str | os.PathLike,
    *,
    countries: Sequence[str] | None = None,
    data: str | os.PathLike | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
    **kwargs: Any,
) -> BatchResult:
    """Write every country's report into ``out_dir``, chunk-wise on dask.distributed.

    Parameters
    ----------
    out_dir : path-like
        Folder for the PDFs (``<ISO3>.pdf``); created.
    countries : sequence of str, optional
        ISO3 codes (default: every country with records).
    data : path-like, optional
        A netCDF Dataset from ``drugtrends build`` (default: the shipped data). On a
        remote cluster the path must be readable by the workers.
    workers : int, optional
        Local worker processes (default 2) when no ``scheduler`` is given.
    scheduler : str, optional
        Address of a running dask scheduler (``tcp://host:8786``).
    chunk_size : int
        Countries per task.
    progress : bool
        A progress bar (countries done) on stderr.
    **kwargs
        Passed to :func:`drugtrends.report.analyse` (``horizon``, ``model``, ...).

    Returns
    -------
    BatchResult

    Examples
    --------
    >>> res = report_all("reports", countries=["KAZ", "KGZ"], workers=1)  # doctest: +SKIP
    >>> sorted(res.written)                                               # doctest: +SKIP
    ['KAZ', 'KGZ']
    """
    from distributed import as_completed
    from tqdm.auto import tqdm

    from drugtrends.distributed import cluster_client

    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    start = time.perf_counter()
    codes = list(countries) if countries is not None else countries_with_data(data)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chunks = [codes[i : i + chunk_size] for i in range(0, len(codes), chunk_size)]
    result = BatchResult()
    data_arg = None if data is None else str(Path(data).resolve())
    with (
        cluster_client(scheduler, None if scheduler else (workers or 2)) as client,
        tqdm(
            total=len(codes),
            desc="drugtrends report --all",
            unit="country",
            file=sys.stderr,
            disable=not progress,
        ) as bar,
    ):
        futures = {
            client.submit(
                report_chunk, chunk, str(out.resolve()), data_arg, pure=False, **kwargs
            ): chunk
            for chunk in chunks
        }
        for fut in as_completed(list(futures)):
            chunk = futures[fut]
            try:
                rows = fut.result()
            except Exception as err:  # a lost worker: its countries fail, the rest go on
                rows = [(c, "failed", f"task failed: {_one_line(err)}", 0.0) for c in chunk]
            for code, status, what, cpu in rows:
                result.cpu_seconds[code] = cpu
                if status == "ok":
                    result.written[code] = Path(what)
                else:
                    result.failed[code] = what
            bar.update(len(chunk))
            bar.set_postfix_str(f"{len(result.failed)} failed", refresh=False)
    result.written = dict(sorted(result.written.items()))
    result.failed = dict(sorted(result.failed.items()))
    result.seconds = time.perf_counter() - start
    return result
