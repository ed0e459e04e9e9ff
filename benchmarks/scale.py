"""Scale benchmark: ``drugtrends.forecast`` on 20,000 series, in memory and on a cluster.

Builds a seeded synthetic yearly panel (sub-national style: 4 indicators x 5,000 regions,
1985-2024; each series positive, a log-linear trend plus AR(1) noise, 10 to 40 points
ending 2021-2024, one series in six with one to three missing years inside) and forecasts
it with the default model (``auto``, conformal intervals pooled over the whole panel):

* in memory, in a fresh process (``drugtrends.forecast(ds)``);
* on a ``distributed.LocalCluster`` of 1 and of 2 worker processes with one thread each
  (``drugtrends.forecast(ds, client=client)``).

Prints one table: wall time, series per second and peak resident memory per process (the
in-memory process, or the largest worker), the speed-up of each cluster over one worker,
and whether the result is identical (``xarray.testing.assert_identical``) to the in-memory
one. Cluster start-up and worker imports are not timed; data transfer (chunks scattered to
the workers, results gathered) is. Peak memory is ``ru_maxrss`` of each process; the
baseline in brackets is the process after imports and warm-up, before the run. Progress
bars (one per pass) go to stderr.

``--kernel-rows N`` is an experiment: it sets the rows per call of the vectorized kernels
(``drugtrends.models.batch._CHUNK``, 1500) in every process. Results do not change (rows
are fitted independently), but rows of 200 keep the kernels' temporary arrays in the cache,
which is faster and lets two processes share the machine better.

Usage::

    python benchmarks/scale.py [--series 20000] [--chunk-size 2000] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import xarray as xr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

N_INDICATORS = 4
YEARS = np.arange(1985, 2025)


def synthetic_panel(n_series: int = 20_000, seed: int = 0) -> xr.Dataset:
    """A drugtrends-shaped Dataset of ``n_series`` yearly series (see the module docstring)."""
    rng = np.random.default_rng(seed)
    T = YEARS.size
    per = -(-n_series // N_INDICATORS)
    names = [f"indicator_{k}" for k in range(N_INDICATORS)]
    data = {}
    for k, name in enumerate(names):
        n = min(per, n_series - k * per)
        values = np.full((per, T), np.nan)
        for i in range(n):
            length = int(rng.integers(10, 41))
            end = T - int(rng.integers(0, 4))
            start = max(end - length, 0)
            m = end - start
            noise = np.zeros(m)
            eps = rng.normal(0, rng.uniform(0.03, 0.2), size=m)
            phi = rng.uniform(0, 0.6)
            for t in range(m):
                noise[t] = (phi * noise[t - 1] if t else 0.0) + eps[t]
            level = np.log(rng.uniform(10, 50_000)) + rng.normal(0.02, 0.06) * np.arange(m)
            y = np.exp(level + noise)
            if rng.random() < 1 / 6 and m > 4:
                y[rng.choice(np.arange(1, m - 1), size=int(rng.integers(1, 4)), replace=False)] = (
                    np.nan
                )
            values[i, start:end] = y
        data[name] = (
            ("country", "year"),
            values,
            {"kind": "stock", "units": "1", "long_name": f"Synthetic indicator {k}"},
        )
    ds = xr.Dataset(data, coords={"country": [f"R{i:05d}" for i in range(per)], "year": YEARS})
    return ds


def _rss_mb() -> float:
    """Peak resident memory of this process so far [MB]."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _kernel_rows(rows: int | None) -> None:
    if rows:
        import drugtrends.models.batch as batch

        batch._CHUNK = int(rows)


def _in_memory(
    n_series: int, seed: int, horizon: int, rows: int | None
) -> tuple[float, float, float, bytes]:
    """Child process: the in-memory run. Returns (seconds, baseline MB, peak MB, result)."""
    import pickle

    import drugtrends as dt

    _kernel_rows(rows)

    ds = synthetic_panel(n_series, seed)
    dt.forecast(synthetic_panel(40, seed + 1), horizon=horizon)  # warm-up: imports
    base = _current_mb()
    t0 = time.perf_counter()
    out = dt.forecast(ds, horizon=horizon)
    seconds = time.perf_counter() - t0
    return seconds, base, _rss_mb(), pickle.dumps(out)


def _worker_peak() -> tuple[float, float]:
    return _current_mb(), _rss_mb()


def _warm_up() -> None:
    import drugtrends.distributed
    import drugtrends.models.engine
    import drugtrends.models.wrapper  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--series", type=int, default=20_000)
    p.add_argument("--chunk-size", type=int, default=2000)
    p.add_argument("--horizon", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--kernel-rows", type=int, help="experiment: rows per kernel call")
    args = p.parse_args(argv)

    import pickle

    import drugtrends as dt
    from drugtrends.distributed import cluster_client

    ds = synthetic_panel(args.series, args.seed)
    n = sum(int(np.isfinite(ds[v]).any("year").sum()) for v in ds.data_vars)
    print(
        f"panel: {n} series, {ds.sizes['country']} regions x {len(ds.data_vars)} indicators, "
        f"{int(YEARS[0])}-{int(YEARS[-1])}",
        file=sys.stderr,
    )

    rows = []
    print("in-memory run (fresh process) ...", file=sys.stderr)
    with mp.get_context("spawn").Pool(1) as pool:
        seconds, base, peak, blob = pool.apply(
            _in_memory, (args.series, args.seed, args.horizon, args.kernel_rows)
        )
    ref = pickle.loads(blob)
    rows.append(("in memory", "-", seconds, base, peak, "reference"))

    for w in args.workers:
        print(f"LocalCluster, {w} worker(s) ...", file=sys.stderr)
        with cluster_client(workers=w, threads_per_worker=1) as client:
            client.run(_warm_up)
            client.run(_kernel_rows, args.kernel_rows)
            dt.forecast(synthetic_panel(40, args.seed + 1), horizon=args.horizon, client=client)
            before = client.run(_worker_peak)
            t0 = time.perf_counter()
            out = dt.forecast(
                ds, horizon=args.horizon, client=client, chunk_size=args.chunk_size, progress=True
            )
            seconds = time.perf_counter() - t0
            after = client.run(_worker_peak)
        base = max(v[0] for v in before.values())
        peak = max(v[1] for v in after.values())
        try:
            xr.testing.assert_identical(out, ref)
            same = "yes"
        except AssertionError:
            same = "NO"
        rows.append((f"LocalCluster {w}x1", str(w), seconds, base, peak, same))

    one = next((r[2] for r in rows if r[1] == "1"), None)
    header = (
        f"{'path':<18} {'workers':>7} {'time [s]':>9} {'series/s':>9} "
        f"{'peak MB/process (baseline)':>27} {'speed-up vs 1':>14} {'identical':>10}"
    )
    kr = f", kernel rows {args.kernel_rows}" if args.kernel_rows else ""
    print(
        f"\nforecast of {n} series (auto, horizon {args.horizon}, chunks of "
        f"{args.chunk_size}{kr}, {os.cpu_count()} cores)"
    )
    print(header)
    print("-" * len(header))
    for name, w, seconds, base, peak, same in rows:
        speed = f"{one / seconds:.2f}" if one and w != "-" else "-"
        mem = f"{peak:,.0f} ({base:,.0f})"
        print(
            f"{name:<18} {w:>7} {seconds:>9.1f} {n / seconds:>9.0f} {mem:>27} {speed:>14} "
            f"{same:>10}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
