"""Time ``drugtrends.load_dataset()`` (all countries) cold and warm, and the wheel's size.

Each timing runs in a fresh Python process with its own empty cache folder
(``DRUGTRENDS_CACHE_DIR``): *cold* is the first call (records read, validated and built, the
cache written), *warm* a second process reading the cache. The import of drugtrends is
timed apart. The wheel is built into a temporary folder with ``pip wheel --no-deps``.

Run: ``python benchmarks/load.py [--repeat 3] [--no-wheel]``; prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, time
t0, c0 = time.perf_counter(), time.process_time()
import drugtrends as dt
t1, c1 = time.perf_counter(), time.process_time()
ds = dt.load_dataset()
t2, c2 = time.perf_counter(), time.process_time()
ds2 = dt.load_dataset()
t3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "again": t3 - t2,
                  "import_cpu": c1 - c0, "load_cpu": c2 - c1, "again_cpu": c3 - c2,
                  "countries": ds.sizes["country"], "records": ds.sizes["record"],
                  "indicators": len(dt.dataset.indicator_names(ds)),
                  "series": int(sum((ds[n].notnull().sum("year") > 0).sum()
                                    for n in dt.dataset.indicator_names(ds)))}))
"""


def _run(cache: Path) -> dict:
    env = {**os.environ, "DRUGTRENDS_CACHE_DIR": str(cache)}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wheel_size() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp, str(ROOT)],
            check=True,
            capture_output=True,
        )
        (wheel,) = Path(tmp).glob("drugtrends-*.whl")
        return wheel.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-wheel", action="store_true")
    args = parser.parse_args(argv)
    cold, warm = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(_run(Path(cache)))
            warm.append(_run(Path(cache)))
    first = cold[0]
    print(
        f"all countries: {first['countries']} countries, {first['records']:,} records, "
        f"{first['indicators']} indicators, {first['series']:,} series (country x indicator)"
    )
    print(f"load average (1 min) at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'step':<34}{'wall s':>9}{'min':>7}{'CPU s':>9}{'min':>7}{'goal':>9}")

    def row(label: str, runs: list[dict], key: str, goal: str = "") -> None:
        wall = [r[key] for r in runs]
        cpu = [r[f"{key}_cpu"] for r in runs]
        print(
            f"{label:<34}{statistics.median(wall):>9.2f}{min(wall):>7.2f}"
            f"{statistics.median(cpu):>9.2f}{min(cpu):>7.2f}{goal:>9}"
        )

    row("import drugtrends", cold, "import")
    row("load_dataset() cold (build)", cold, "load", "< 5 s")
    row("load_dataset() warm (disk cache)", warm, "load", "< 1 s")
    row("load_dataset() again (in memory)", warm, "again")
    if not args.no_wheel:
        size = _wheel_size()
        print(f"{'wheel size':<34}{size / 1e6:>9.2f} MB{'':>21}{'< 20 MB':>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
