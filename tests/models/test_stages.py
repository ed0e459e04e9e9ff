"""The public stages, run in sequence, are the engine (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest

from drugtrends.models.engine import MIN_OWN_SERIES, forecast_arrays
from drugtrends.models.stages import (
    EngineSpec,
    forecast_with_table,
    needs_scores,
    pool_table,
    run_stages,
    scan_series,
    score_series,
)


def _panel(n: int, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        size = int(rng.integers(4, 16))
        out.append(rng.uniform(20, 500) * np.exp(np.cumsum(rng.normal(0.03, 0.12, size))))
    out[1] = np.array([np.nan, np.nan])
    out[2] = np.full(6, 3.0)
    out[3] = np.array([2.0, 3.0])
    out[4][2] = np.nan
    return out


def _same(a, b) -> None:
    for name in ("mean", "quantiles", "n_obs", "last_index"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.status == b.status and a.model == b.model
    assert list(a.code) == list(b.code)


@pytest.mark.parametrize(
    ("n", "model", "rule"),
    [
        (40, "auto", "auto"),
        (MIN_OWN_SERIES + 40, "auto", "auto"),
        (40, "auto", "own"),
        (60, "naive", "auto"),
        (60, "fast-theta", "auto"),
    ],
)
def test_stages_in_sequence_equal_the_engine(n, model, rule):
    panel = _panel(n)
    spec = EngineSpec(horizon=3, model=model, rule=rule)
    whole = forecast_arrays(panel, 3, model=model, table=None if rule == "auto" else rule)
    _same(run_stages(panel, spec), whole)


def test_chunked_stages_equal_the_engine():
    panel = _panel(MIN_OWN_SERIES + 60, seed=3)
    spec = EngineSpec(horizon=2)
    chunks = [panel[lo : lo + 37] for lo in range(0, len(panel), 37)]
    scans = [scan_series(c, spec) for c in chunks]
    n_cal = sum(s.calibrating for s in scans)
    assert needs_scores(spec.model, n_cal)
    parts = [score_series(c, s.pooled, spec, n_cal) for c, s in zip(chunks, scans, strict=True)]
    table = pool_table(parts, spec, n_cal)
    outs = [forecast_with_table(c, spec, table) for c in chunks]
    whole = forecast_arrays(panel, 2)
    np.testing.assert_array_equal(np.concatenate([o.quantiles for o in outs]), whole.quantiles)
    np.testing.assert_array_equal(np.concatenate([o.mean for o in outs]), whole.mean)


def test_status_codes_are_categorical():
    out = forecast_arrays(_panel(30), 3)
    assert set(out.code) <= {"ok", "fallback", "none"}
    assert out.code[1] == "none" and out.code[3] == "fallback" and out.code[0] == "ok"
    assert all(s.startswith("ok") == (c == "ok") for s, c in zip(out.status, out.code, strict=True))
