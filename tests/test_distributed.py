"""Chunk-wise runs on a dask.distributed cluster give exactly the in-memory results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

pytest.importorskip("distributed")

import drugtrends as dt
from drugtrends import distributed as dd
from drugtrends.cli import main
from drugtrends.models.engine import forecast_arrays, panel_table


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes, as in production; closed after the module."""
    with dd.cluster_client(workers=2) as c:
        yield c


def _panel(n: int, seed: int = 0) -> list[np.ndarray]:
    """Short positive series; the first half shorter than the rest, so that chunks differ
    in their longest series (the padded width of the vectorized kernels)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        size = int(rng.integers(4, 11)) if i < n // 2 else int(rng.integers(4, 15))
        y = rng.uniform(20, 500) * np.exp(np.cumsum(rng.normal(0.03, 0.12, size=size)))
        if rng.random() < 0.1:
            y[rng.integers(1, size - 1)] = np.nan
        out.append(y)
    out[3] = np.array([np.nan, np.nan])
    out[4] = np.array([7.0])
    out[5] = np.full(6, 3.0)
    out[6] = np.array([2.0, 3.0])
    out[7] = np.array([1.0, np.inf, 3.0, 4.0, 6.0, 7.0])
    return out


def _dataset(n: int = 120, seed: int = 1) -> xr.Dataset:
    rng = np.random.default_rng(seed)
    T = 18
    v = np.full((n, T), np.nan)
    w = np.full((n, T), np.nan)
    m = np.full((n, T), np.nan)
    for i in range(n):
        end = T - int(rng.integers(0, 3))
        st = max(end - int(rng.integers(2, T)), 0)
        v[i, st:end] = rng.uniform(10, 900) * np.exp(np.cumsum(rng.normal(0.03, 0.1, end - st)))
        w[i, st:end] = rng.uniform(10, 900) * np.exp(np.cumsum(rng.normal(0.0, 0.15, end - st)))
        m[i, st:end] = 12
        if rng.random() < 0.15:
            m[i, end - 1] = 9
    return xr.Dataset(
        {
            "users": (
                ("country", "year"),
                v,
                {"kind": "stock", "units": "1", "long_name": "Registered users"},
            ),
            "seizures": (
                ("country", "year"),
                w,
                {"kind": "flow", "units": "kg", "long_name": "Heroin seizures"},
            ),
            "seizures_months": (("country", "year"), m),
        },
        coords={"country": [f"R{i:03d}" for i in range(n)], "year": np.arange(2000, 2000 + T)},
    )


def _assert_same(a, b) -> None:
    for name in ("mean", "quantiles", "n_obs", "last_index", "probs"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.status == b.status
    assert a.model == b.model
    assert a.interval_method == b.interval_method
    assert a.settings == b.settings


def test_chunk_scores_equal_the_whole_panel_scores():
    # chunks of unequal widths, no padding: each series' scores have the same bits
    from drugtrends.models.stages import EngineSpec, scan_series, score_series

    panel = _panel(400, seed=6)
    spec = EngineSpec(horizon=2)
    whole_scan = scan_series(panel, spec)
    n = whole_scan.calibrating
    whole = score_series(panel, whole_scan.pooled, spec, n)
    parts = []
    for lo, hi in dd._bounds(len(panel), 100):
        scan = scan_series(panel[lo:hi], spec)
        parts.append(score_series(panel[lo:hi], scan.pooled, spec, n))
    assert set(whole) == set(parts[0]) and len(whole) > 1
    for k, (raw, log) in whole.items():
        np.testing.assert_array_equal(np.concatenate([p[k][0] for p in parts]), raw)
        np.testing.assert_array_equal(np.concatenate([p[k][1] for p in parts]), log)


def test_forecast_series_is_identical_to_the_engine(client):
    # more than the engine's batch of fittable series, chunks of unequal widths cut
    # anywhere (no alignment to the engine's batches)
    panel = _panel(1100, seed=2)
    whole = forecast_arrays(panel, 2)
    got = dd.forecast_series(panel, 2, client=client, chunk_size=300)
    _assert_same(got, whole)
    assert got.interval_method == "conformal"


@pytest.mark.parametrize(("model", "calibration"), [("drift", "conformal"), ("auto", "none")])
def test_named_models_and_no_calibration_are_identical(client, model, calibration):
    panel = _panel(160, seed=2)
    whole = forecast_arrays(panel, 3, model=model, calibration=calibration)
    got = dd.forecast_series(
        panel, 3, model=model, calibration=calibration, client=client, chunk_size=50
    )
    _assert_same(got, whole)


@pytest.mark.parametrize("table", ["own", "reference", "panel"])
def test_table_rules_apply_to_the_whole_panel(client, table):
    panel = _panel(120, seed=3)  # fewer than MIN_OWN_SERIES: "auto" would use the reference
    if table == "panel":
        table = panel_table(panel, horizon=3, origins=2)
    whole = forecast_arrays(panel, 3, origins=2, table=table)
    got = dd.forecast_series(panel, 3, origins=2, table=table, client=client, chunk_size=40)
    _assert_same(got, whole)


def test_bad_arguments_fail_on_the_client(client):
    with pytest.raises(ValueError, match="reference table"):
        dd.forecast_series(_panel(10), 2, model="drift", table="reference", client=client)
    with pytest.raises(ValueError, match="unknown model"):
        dd.forecast_series(_panel(10), 2, model="nope", client=client)


def test_dataset_forecast_with_a_client_and_dask_backed(client):
    ds = _dataset()
    ref = dt.forecast(ds, horizon=3)
    xr.testing.assert_identical(dt.forecast(ds, horizon=3, client=client, chunk_size=70), ref)
    lazy = ds.chunk({"country": 50})
    xr.testing.assert_identical(dt.forecast(lazy, horizon=3, client=client, chunk_size=70), ref)
    assert any("partial-year" in s for s in ref["seizures_status"].values)


def test_dask_backed_dataset_without_a_client_uses_the_local_scheduler():
    ds = _dataset(40)
    ref = dt.forecast(ds, horizon=2)
    got = dt.forecast(ds.chunk({"country": 15}), horizon=2, chunk_size=25)
    xr.testing.assert_identical(got, ref)


def test_backtest_with_a_client_is_identical(client):
    panel = _panel(60, seed=4)
    rows = [
        pd.DataFrame({"series_id": f"s{i:02d}", "t": np.arange(y.size), "value": y})
        for i, y in enumerate(panel)
    ]
    data = pd.concat(rows, ignore_index=True)
    ref = dt.backtest(data, horizon=2, n_origins=2, min_train=3)
    got = dt.backtest(data, horizon=2, n_origins=2, min_train=3, client=client, chunk_size=20)
    xr.testing.assert_identical(got, ref)


def test_trend_with_a_client_and_dask_backed_is_identical(client):
    ds = dt.load_dataset()
    names = dt.dataset.indicator_names(ds)
    partial = [
        n
        for n in names
        if f"{n}_months" in ds and bool((ds[f"{n}_months"] < 12).any())  # annualized first
    ]
    wanted = partial[:4] + [n for n in names if n not in partial][:4]
    keep = [
        v
        for v in ds.data_vars
        if "country" not in ds[v].dims or any(v == n or v.startswith(f"{n}_") for n in wanted)
    ]
    ds = ds[keep]
    kw = dict(n_boot=19, level=90)
    ref = dt.trend(ds, **kw)
    xr.testing.assert_identical(dt.trend(ds, client=client, chunk_size=20, **kw), ref)
    lazy = ds.chunk({"country": 2})
    xr.testing.assert_identical(dt.trend(lazy, client=client, chunk_size=20, **kw), ref)


def test_a_failing_chunk_raises_and_leaves_nothing_on_the_cluster(client):
    import operator
    import time

    jobs = [(1.0, (0.0 if i == 3 else 1.0,)) for i in range(8)]
    with pytest.raises(ZeroDivisionError):
        dd._map(client, operator.truediv, jobs, [1] * 8, dd._Bar(None, 8, "x", False))
    for _ in range(50):
        if not client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
            break
        time.sleep(0.1)
    assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0


def test_the_dask_module_imports_public_engine_names_only():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(dd))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("drugtrends"):
            assert not any(a.name.startswith("_") for a in node.names), node.module
    assert not hasattr(dd, "ENGINE_BATCH")


def test_cli_forecast_with_workers_writes_the_same_file(tmp_path):
    panel = _panel(40, seed=5)
    rows = [
        f"s{i:02d},{t},{'' if not np.isfinite(v) else repr(float(v))}"
        for i, y in enumerate(panel)
        for t, v in enumerate(y)
    ]
    csv = tmp_path / "panel.csv"
    csv.write_text("series_id,t,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["forecast", "--csv", str(csv), "--out", str(one), "--horizon", "3"]) == 0
    args = ["forecast", "--csv", str(csv), "--out", str(two), "--horizon", "3", "--workers", "1"]
    assert main(args) == 0
    assert one.read_bytes() == two.read_bytes()


def test_cli_reports_an_unreachable_scheduler(tmp_path, capsys):
    import dask

    csv = tmp_path / "panel.csv"
    csv.write_text("series_id,t,value\na,0,1\na,1,2\na,2,3\n", encoding="utf-8")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        out = str(tmp_path / "o.csv")
        code = main(
            ["forecast", "--csv", str(csv), "--out", out, "--scheduler", "tcp://127.0.0.1:9"]
        )
    assert code == 1
    assert "cannot connect to the scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_cluster_client_checks_its_arguments():
    with pytest.raises(ValueError, match="not both"), dd.cluster_client("tcp://x:1", 2):
        pass
    with pytest.raises(ValueError, match="at least 1"), dd.cluster_client(workers=0):
        pass


def test_docstring_examples():
    import doctest

    assert doctest.testmod(dd, optionflags=doctest.ELLIPSIS).failed == 0
