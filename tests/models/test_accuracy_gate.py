"""A cheap accuracy gate on 100 M3 yearly series: ``auto`` clearly beats naive."""

from __future__ import annotations

import numpy as np
import pytest

from drugtrends.backtesting import score
from drugtrends.models.engine import forecast_arrays


def _scores(model, train, test):
    out = forecast_arrays(train, 6, (80, 95), model)
    sc = score(train, test, out.mean, out.quantiles, out.probs)
    return {k: float(np.nanmean(v)) for k, v in sc.items()}


def test_auto_beats_naive_on_m3_subset(m3_yearly):
    train, test = m3_yearly
    # every 6th series: 108 series across the categories (the file is sorted by category)
    train, test = train[::6], test[::6]
    auto = _scores("auto", train, test)
    naive = _scores("naive", train, test)
    assert auto["smape"] < naive["smape"] - 1.0, (auto, naive)
    assert auto["mase"] < naive["mase"] * 0.92, (auto, naive)
    assert 0.88 <= auto["coverage_95"] <= 0.995, auto
    assert 0.70 <= auto["coverage_80"] <= 0.92, auto


@pytest.mark.slow
def test_full_m3_targets(m3_yearly):
    """The full benchmark's accuracy and calibration (run benchmarks/m3_yearly.py for speed)."""
    train, test = m3_yearly
    auto = _scores("auto", train, test)
    assert auto["smape"] < 15.7 and auto["mase"] < 2.65, auto
    assert 0.93 <= auto["coverage_95"] <= 0.97, auto
    assert auto["msis_95"] < 26, auto
