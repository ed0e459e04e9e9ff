"""Large panels on a dask.distributed cluster: forecasts, backtests and trends chunk-wise.

The forecasting engine (:func:`drugtrends.models.engine.forecast_arrays`) is a pure function
of a list of series, so a panel can be cut into chunks of series and each chunk sent to a
different worker. Two things must not be cut: the choice of the ``auto`` model and the
conformal calibration table are pooled over the whole panel. A panel therefore runs in three
passes over chunks, each pass a set of independent tasks:

1. **scan** (:func:`~drugtrends.models.stages.scan_series`): which series the model fits
   and pools (a few numbers per series);
2. **calibrate** (:func:`~drugtrends.models.stages.score_series`): rolling-origin scores of
   each candidate model inside the chunk's series; the client concatenates them in panel
   order and makes the one table (:func:`~drugtrends.models.stages.pool_table`: ``auto``'s
   choice among its members, or the shipped reference table when the panel is too small
   to calibrate itself, in which case this pass is skipped,
   :func:`~drugtrends.models.stages.needs_scores`);
3. **forecast** (:func:`~drugtrends.models.stages.forecast_with_table`) on each chunk with
   that table.

Memory stays bounded. Workers get chunks (sent from the client with their task, or loaded
on the worker itself from a dask-backed Dataset) and send back small results; at most two
chunks per worker thread are in flight, so a worker never holds more than a few chunks,
whatever the size of the panel. The client keeps the results.

Results are identical to the in-memory path, to the last bit: each pass is one of the
engine's public stages (:mod:`drugtrends.models.stages`), and a series' results do not
depend on which other series share its chunk, so chunks are cut anywhere (no padding, no
alignment to the engine's batches).

Point the package at a cluster by passing ``client=`` (a :class:`distributed.Client`) to
:func:`drugtrends.forecast`, :func:`drugtrends.backtest` or :func:`drugtrends.trend`; a
dask-backed Dataset (``xr.open_dataset(..., chunks={"country": 1000})``) runs chunk-wise
on the default client, or on dask's local scheduler when there is none. On the command line,
``drugtrends forecast --scheduler tcp://host:8786`` or ``--workers 2``. Workers need
drugtrends installed (the same version as the client), and should run one thread each
without distributed's ``MALLOC_TRIM_THRESHOLD_`` (see :func:`cluster_client`).

Examples
--------
>>> import numpy as np
>>> from drugtrends.distributed import cluster_client, forecast_series
>>> from drugtrends.models.engine import forecast_arrays
>>> rng = np.random.default_rng(0)
>>> panel = [50 + np.cumsum(rng.normal(1, 3, size=20)) for _ in range(60)]
>>> with cluster_client(workers=1, processes=False) as client:
...     out = forecast_series(panel, horizon=3, client=client, chunk_size=20)
>>> np.array_equal(out.quantiles, forecast_arrays(panel, 3).quantiles)
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from drugtrends.models.series import is_dask_backed
from drugtrends.models.stages import EngineSpec, ScanResult

if TYPE_CHECKING:  # pragma: no cover
    from drugtrends.models.base import Forecaster
    from drugtrends.models.calibration import CalibrationTable
    from drugtrends.models.engine import PanelForecast

__all__ = [
    "DEFAULT_CHUNK",
    "cluster_client",
    "forecast_indicators",
    "forecast_series",
    "is_dask_backed",
    "load_variables",
    "map_country_chunks",
    "resolve_client",
]

DEFAULT_CHUNK = 2000
"""Series per task [series]: large enough that scheduling costs little (a task of the
``auto`` model takes seconds), small enough that a worker's memory stays in the tens of MB."""


Progress = bool | Callable[[int], None] | None

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------- clients


def load_variables(ds: Any, names: Sequence[str]) -> Any:
    """``ds`` with the variables of ``names`` (and their companions ``<name>_*``) and every
    variable without a ``country`` dimension (records, sources) loaded into memory; the
    others stay as they are (lazy when dask-backed).

    For steps that pool over the whole panel on the client, such as the annualization of
    partial-year flows before :func:`drugtrends.trend`.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> ds = xr.Dataset({"a": (("country", "year"), np.ones((4, 3))),
    ...                  "b": (("country", "year"), np.ones((4, 3)))}).chunk({"country": 2})
    >>> out = load_variables(ds, ["a"])
    >>> is_dask_backed(out["a"]), is_dask_backed(out["b"])
    (False, True)
    """
    keep = set(names)
    wanted = [
        k
        for k, v in ds.data_vars.items()
        if k in keep or any(str(k).startswith(f"{n}_") for n in keep) or "country" not in v.dims
    ]
    if not wanted:
        return ds
    loaded = ds[wanted].compute()  # one computation for all of them
    return ds.assign({k: loaded[k] for k in wanted})


def resolve_client(client: Any = None) -> Any:
    """``client`` if given, else the default :class:`distributed.Client` if one is running.

    Returns None when there is neither (or when distributed is not installed).

    Examples
    --------
    >>> client = resolve_client()          # None, or the Client made last   # doctest: +SKIP
    """
    if client is not None:
        return client
    try:
        from distributed import default_client
    except ImportError:  # pragma: no cover - distributed is an optional dependency
        return None
    try:
        return default_client()
    except ValueError:
        return None


_TRIM_KEY = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
"""distributed starts worker processes with ``MALLOC_TRIM_THRESHOLD_=65536``. Setting it turns
off glibc's adaptive mmap threshold, so every temporary array over 128 KiB is mapped and
unmapped afresh; the engine's kernels, which allocate many such arrays, then run about
three times slower. Local clusters started here leave it unset (glibc's default)."""


def _restore_environ(saved: dict[str, str]) -> None:
    """Undo changes to this process's environment (the nanny writes its pre-spawn
    variables into it, where later subprocesses would inherit them)."""
    for key in set(os.environ) - set(saved):
        del os.environ[key]
    for key, value in saved.items():
        if os.environ.get(key) != value:
            os.environ[key] = value


@contextlib.contextmanager
def cluster_client(
    scheduler: str | None = None,
    workers: int | None = None,
    *,
    threads_per_worker: int = 1,
    processes: bool = True,
    memory_limit: str | float | None = "auto",
    timeout: str | None = None,
    quiet: bool = True,
) -> Iterator[Any]:
    """A :class:`distributed.Client` on an existing cluster or on a new local one.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``"tcp://host:8786"``): connect to it (the
        cluster is left running on exit).
    workers : int, optional
        Otherwise start a :class:`distributed.LocalCluster` of this many workers (default
        1), closed on exit.
    threads_per_worker : int
        Threads per local worker. The engine is NumPy-heavy with Python loops, so one
        thread per process is the efficient layout.
    processes : bool
        Local workers as processes (default) or threads in this process.
    memory_limit : str or float, optional
        Memory limit per local worker (distributed's syntax, e.g. ``"2GiB"``).
    timeout : str, optional
        How long to wait for the scheduler (default: distributed's
        ``distributed.comm.timeouts.connect``).
    quiet : bool
        Keep distributed's start-up and shutdown logging below ERROR.

    Notes
    -----
    Local worker processes start without distributed's ``MALLOC_TRIM_THRESHOLD_`` (see
    :data:`_TRIM_KEY`), which would make the engine about three times slower. Workers of an
    existing cluster should be started the same way: ``MALLOC_TRIM_THRESHOLD_: null`` under
    ``distributed.nanny.pre-spawn-environ`` in their dask configuration.

    Yields
    ------
    distributed.Client

    Examples
    --------
    >>> with cluster_client(workers=2) as client:                 # doctest: +SKIP
    ...     fc = dt.forecast(ds, client=client)
    >>> with cluster_client("tcp://10.0.0.5:8786") as client:     # doctest: +SKIP
    ...     fc = dt.forecast(ds, client=client)
    """
    from distributed import Client, LocalCluster

    if scheduler and workers:
        raise ValueError("give a scheduler address or a number of local workers, not both")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    level = logging.ERROR if quiet else logging.WARNING
    if scheduler:
        client = Client(scheduler, timeout=timeout)
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    saved = dict(os.environ)
    try:
        with dask.config.set({_TRIM_KEY: None}):
            cluster = LocalCluster(
                n_workers=workers or 1,
                threads_per_worker=threads_per_worker,
                processes=processes,
                memory_limit=memory_limit,
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": ":0"},  # HTTP routes on a free port
                silence_logs=level,
            )
    finally:
        _restore_environ(saved)
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


# ---------------------------------------------------------------------------- running tasks


class _Bar:
    """A tqdm bar on stderr (``progress=True``), a callback, or nothing."""

    def __init__(self, progress: Progress, total: int, desc: str, report: bool) -> None:
        self.callback = progress if callable(progress) and report else None
        self.bar = None
        self.done = 0
        if progress is True:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=desc, unit="series", file=sys.stderr)

    def __call__(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        if self.callback is not None:
            self.callback(self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _map(
    client: Any,
    fn: Callable[..., Any],
    jobs: Sequence[tuple[Any, tuple]],
    sizes: Sequence[int],
    bar: _Bar,
) -> list[Any]:
    """``[fn(payload, *args) for payload, args in jobs]`` on the cluster, in order.

    With a client, at most two jobs per worker thread are in flight: a chunk is sent (or,
    when dask-backed, loaded on a worker) only when a slot frees up, so workers hold a few
    chunks at a time. Without one, dask's current scheduler runs them.
    """
    import dask

    results: list[Any] = [None] * len(jobs)
    start = time.perf_counter()
    try:
        if client is None:
            tasks = [dask.delayed(fn, pure=False)(p, *args) for p, args in jobs]
            done = dask.compute(*tasks)
            for i, r in enumerate(done):
                results[i] = r
                bar(sizes[i])
            return results
        from distributed import as_completed

        window = max(2, 2 * sum(client.nthreads().values()))
        pending = as_completed()
        index: dict[str, tuple[int, Any]] = {}  # key -> (job, task)
        nxt = 0

        def submit(i: int) -> None:
            # the chunk travels with its task (not scattered ahead, which would pin the
            # task to the worker holding the chunk): the scheduler gives it to the least
            # busy worker; a dask-backed chunk is loaded by tasks of the same graph
            payload, args = jobs[i]
            if is_dask_backed(payload):
                fut = client.compute(dask.delayed(fn, pure=False)(payload, *args))
            else:
                fut = client.submit(fn, payload, *args, pure=False)
            index[fut.key] = (i, fut)
            pending.add(fut)

        while nxt < min(window, len(jobs)):
            submit(nxt)
            nxt += 1
        try:
            for fut in pending:
                i = index[fut.key][0]
                results[i] = fut.result()
                del index[fut.key]
                bar(sizes[i])
                if nxt < len(jobs):
                    submit(nxt)
                    nxt += 1
        except BaseException:  # cancel what is queued or running
            client.cancel([task for _, task in index.values()])
            index.clear()
            raise
        return results
    finally:
        bar.close()
        name = getattr(fn, "__name__", str(fn))
        logger.debug("%s: %d tasks in %.2f s", name, len(jobs), time.perf_counter() - start)


def _bounds(n: int, size: int) -> list[tuple[int, int]]:
    size = max(int(size), 1)
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


# ---------------------------------------------------------------------------- sources


class _ListSource:
    """Series held by the client, as a list of 1-D arrays."""

    def __init__(self, series: Sequence[Any]) -> None:
        self.series = list(series)
        self.n = len(self.series)

    def payload(self, lo: int, hi: int) -> tuple[str, Any]:
        return ("series", self.series[lo:hi])


class _DatasetSource:
    """The (indicator, country) series of a Dataset, indicator by indicator, as
    :func:`drugtrends.forecast` orders them. Chunks are slices of the Dataset (lazy when
    it is dask-backed: they are then loaded on the worker)."""

    def __init__(self, ds: Any, names: Sequence[str]) -> None:
        self.names = list(names)
        self.parts = []
        for name in self.names:
            keep = [name] + [v for v in (f"{name}_months",) if v in ds.data_vars]
            self.parts.append(ds[keep])
        self.sizes = [int(ds.sizes["country"])] * len(self.names)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.n = int(self.offsets[-1])

    def payload(self, lo: int, hi: int) -> tuple[str, Any]:
        items = []
        for k, name in enumerate(self.names):
            a = max(lo, self.offsets[k])
            b = min(hi, self.offsets[k + 1])
            if b > a:
                sl = slice(int(a - self.offsets[k]), int(b - self.offsets[k]))
                items.append((name, self.parts[k].isel(country=sl)))
        return ("parts", items)


def _load(payload: tuple[str, Any]) -> tuple[list[Any], list[str]]:
    """The series of a chunk, and a note per series (partial-year figures dropped)."""
    kind, items = payload
    if kind == "series":
        return list(items), [""] * len(items)
    from drugtrends.models.series import indicator_series

    series: list[Any] = []
    notes: list[str] = []
    for name, part in items:
        values, _, _, nt = indicator_series(part, name)
        series.extend(list(values))
        notes.extend(nt)
    return series, notes


# ---------------------------------------------------------------------------- the passes


def _scan(payload: tuple[str, Any], spec: EngineSpec) -> ScanResult:
    """Pass 1 on a chunk: :func:`drugtrends.models.stages.scan_series`."""
    from drugtrends.models.stages import scan_series

    series, _ = _load(payload)
    return scan_series(series, spec)


def _calibrate(
    payload: tuple[str, Any], spec: EngineSpec, pooled: np.ndarray, n_series: int
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Pass 2 on a chunk: :func:`drugtrends.models.stages.score_series`."""
    from drugtrends.models.stages import score_series

    series, _ = _load(payload)
    return score_series(series, pooled, spec, n_series)


def _forecast(
    payload: tuple[str, Any], spec: EngineSpec, table: CalibrationTable | str | None
) -> tuple[PanelForecast, list[str]]:
    """Pass 3 on a chunk: :func:`drugtrends.models.stages.forecast_with_table`."""
    from drugtrends.models.stages import forecast_with_table

    series, notes = _load(payload)
    return forecast_with_table(series, spec, table), notes


def _concat(outs: list[PanelForecast]) -> PanelForecast:
    from drugtrends.models.engine import PanelForecast

    methods = [o.interval_method for o in outs]
    settings = next((o.settings for o in outs if o.settings.get("calibration_table")), None)
    return PanelForecast(
        mean=np.concatenate([o.mean for o in outs]),
        quantiles=np.concatenate([o.quantiles for o in outs]),
        probs=outs[0].probs,
        model=[m for o in outs for m in o.model],
        status=[s for o in outs for s in o.status],
        n_obs=np.concatenate([o.n_obs for o in outs]),
        last_index=np.concatenate([o.last_index for o in outs]),
        code=np.concatenate([o.code for o in outs]),
        interval_method=next((m for m in methods if m != "model"), "model"),
        settings=settings or outs[0].settings,
    )


def _run_panel(
    source: _ListSource | _DatasetSource,
    spec: EngineSpec,
    client: Any,
    chunk_size: int,
    progress: Progress,
    table: CalibrationTable | str | None = None,
) -> tuple[PanelForecast, list[str]]:
    """The engine's stages (:mod:`drugtrends.models.stages`) mapped over chunks."""
    from drugtrends.models.stages import forecast_with_table, needs_scores, pool_table

    # the engine checks the arguments (and fails here, not on a worker)
    empty = forecast_with_table([], spec, table)
    n = source.n
    if n == 0:
        return empty, []
    bounds = _bounds(n, chunk_size)
    sizes = [hi - lo for lo, hi in bounds]
    rule = table if isinstance(table, str) else None
    spec = dataclasses.replace(spec, rule=rule if rule in ("auto", "own") else "auto")
    if spec.calibration == "conformal" and (table is None or rule in ("auto", "own")):
        jobs = [(source.payload(lo, hi), (spec,)) for lo, hi in bounds]
        scans = _map(client, _scan, jobs, sizes, _Bar(progress, n, "scan", False))
        n_series = sum(s.calibrating for s in scans)
        parts = []
        if needs_scores(spec.model, n_series, spec.seed, spec.own):  # else: reference table
            jobs = [
                (source.payload(lo, hi), (spec, sc.pooled, n_series))
                for (lo, hi), sc in zip(bounds, scans, strict=True)
            ]
            parts = _map(client, _calibrate, jobs, sizes, _Bar(progress, n, "calibrate", False))
        t0 = time.perf_counter()
        table = pool_table(parts, spec, n_series)
        del parts
        logger.debug("pooled table (%s) in %.2f s", table.method, time.perf_counter() - t0)
    jobs = [(source.payload(lo, hi), (spec, table)) for lo, hi in bounds]
    res = _map(client, _forecast, jobs, sizes, _Bar(progress, n, "forecast", True))
    t0 = time.perf_counter()
    out = _concat([r[0] for r in res]), [note for r in res for note in r[1]]
    logger.debug("concatenated in %.2f s", time.perf_counter() - t0)
    return out


# ---------------------------------------------------------------------------- public


def forecast_series(
    series: Sequence[Any],
    horizon: int = 5,
    levels: Sequence[float] = (80, 95),
    model: str | Forecaster = "auto",
    *,
    calibration: str = "conformal",
    origins: int | None = None,
    seed: int = 0,
    table: CalibrationTable | str | None = None,
    client: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress = None,
    reference: str = "generic",
) -> PanelForecast:
    """:func:`~drugtrends.models.engine.forecast_arrays` chunk-wise on a cluster.

    Parameters
    ----------
    series : sequence of 1-D array-like
        The panel, held by the client; workers receive chunks of it.
    horizon, levels, model, calibration, origins, seed, table, reference
        As in :func:`~drugtrends.models.engine.forecast_arrays` (horizon [years], levels
        [percent]); the rule of ``table`` (``None``, ``"own"``, ...) applies to the whole
        panel, as in one in-memory call.
    client : distributed.Client, optional
        The cluster. Without one (and no default client) the in-memory engine runs.
    chunk_size : int
        Series per task [series].
    progress : bool or callable, optional
        ``True``: a progress bar per pass on stderr; a callable is called with the number
        of series forecast so far.

    Returns
    -------
    PanelForecast
        Identical to ``forecast_arrays(series, ...)``.

    Examples
    --------
    >>> with cluster_client(workers=2) as client:                            # doctest: +SKIP
    ...     out = forecast_series(panel, horizon=5, client=client, progress=True)
    """
    from drugtrends.models.engine import forecast_arrays

    spec = EngineSpec(
        int(horizon),
        tuple(float(v) for v in levels),
        model,
        calibration,
        origins,
        seed,
        reference=reference,
    )
    client = resolve_client(client)
    if client is None:
        return forecast_arrays(
            list(series),
            spec.horizon,
            spec.levels,
            model,
            calibration=calibration,
            origins=origins,
            table=table,
            seed=seed,
            progress=progress if callable(progress) else None,
            reference=reference,
        )
    return _run_panel(_ListSource(series), spec, client, chunk_size, progress, table)[0]


def forecast_indicators(
    ds: Any,
    names: Sequence[str],
    horizon: int = 5,
    levels: Sequence[float] = (80, 95),
    model: str | Forecaster = "auto",
    *,
    calibration: str = "conformal",
    origins: int | None = None,
    seed: int = 0,
    table: CalibrationTable | str | None = None,
    client: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress = None,
    reference: str = "drug",
) -> tuple[PanelForecast, list[list[str]]]:
    """The engine over the (indicator, country) series of a Dataset, chunk-wise.

    The hook behind ``drugtrends.forecast(ds, client=...)`` and behind
    :func:`drugtrends.forecast` on a dask-backed Dataset: chunks of countries are sliced
    from ``ds`` (and, when it is dask-backed, loaded on the workers, so the panel is never
    gathered anywhere).

    Parameters
    ----------
    ds : xarray.Dataset
        A drugtrends Dataset, in memory or dask-backed.
    names : sequence of str
        Indicators, in the order of the result.
    client : distributed.Client, optional
        The cluster (default: the default client; with none, dask's local scheduler).
    Other parameters
        As in :func:`forecast_series`.

    Returns
    -------
    out : PanelForecast
        Series in the order indicator by indicator, country by country.
    notes : list of list of str
        Per indicator, one note per country (partial-year figures dropped).

    Examples
    --------
    >>> out, notes = forecast_indicators(ds, ["users"], client=client)      # doctest: +SKIP
    """
    spec = EngineSpec(
        int(horizon),
        tuple(float(v) for v in levels),
        model,
        calibration,
        origins,
        seed,
        reference=reference,
    )
    source = _DatasetSource(ds, names)
    out, notes = _run_panel(source, spec, resolve_client(client), chunk_size, progress, table)
    per = [notes[a:b] for a, b in itertools.pairwise(source.offsets)]
    return out, per


def _apply_rows(payload: Any, row_fn: Callable[..., dict], countries: list[str], kw: dict) -> dict:
    return row_fn(payload, countries=countries, **kw)


def map_country_chunks(
    ds: Any,
    row_fn: Callable[..., dict],
    countries: Sequence[str],
    variables: Sequence[str],
    *,
    client: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    series_per_country: int = 1,
    progress: Progress = None,
    **kw: Any,
) -> dict:
    """Merge of ``row_fn(chunk, countries=chunk_countries, **kw)`` over chunks of countries.

    The hook for per-series statistics (:func:`drugtrends.trend`): each task gets the
    Dataset restricted to ``variables`` and to a chunk of countries (loaded on the worker
    when ``ds`` is dask-backed) and returns a dict; the dicts are merged in order.

    Parameters
    ----------
    ds : xarray.Dataset
    row_fn : callable
        A module-level function (it is sent to the workers by reference).
    countries : sequence of str
    variables : sequence of str
        Variables the function reads.
    client : distributed.Client, optional
        Default: the default client; with none, dask's local scheduler.
    chunk_size : int
        Series per task [series].
    series_per_country : int
        Series per country (indicators), to size the chunks.
    progress : bool or callable, optional
        As in :func:`forecast_series`.

    Examples
    --------
    >>> rows = map_country_chunks(ds, _series_rows, ["KAZ"], ["users"])     # doctest: +SKIP
    """
    countries = [str(c) for c in countries]
    part = ds[list(variables)]
    per = max(1, int(chunk_size) // max(1, int(series_per_country)))
    bounds = _bounds(len(countries), per)
    jobs = [
        (part.sel(country=countries[lo:hi]), (row_fn, countries[lo:hi], kw)) for lo, hi in bounds
    ]
    sizes = [(hi - lo) * series_per_country for lo, hi in bounds]
    total = len(countries) * series_per_country
    bar = _Bar(progress, total, "trend", True)
    out: dict = {}
    for rows in _map(resolve_client(client), _apply_rows, jobs, sizes, bar):
        out.update(rows)
    return out
