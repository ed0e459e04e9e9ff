"""Shared fixtures of the model tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """``shared/`` beside the repository, or ``$DRUGTRENDS_SHARED``; None when absent."""
    env = os.environ.get("DRUGTRENDS_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO / ".." / "shared"]:
        if (cand / "bench" / "m3_yearly" / "data.csv").exists():
            return cand.resolve()
    return None


@pytest.fixture(scope="session")
def m3_yearly():
    """(train, test) lists of the M3 yearly series; skipped when the data are absent."""
    import pandas as pd

    shared = shared_dir()
    if shared is None:
        pytest.skip("M3 data not found: no ../shared/bench/m3_yearly and no $DRUGTRENDS_SHARED")
    d = pd.read_csv(shared / "bench" / "m3_yearly" / "data.csv").sort_values(["series_id", "t"])
    train, test = [], []
    for _, g in d.groupby("series_id", sort=True):
        train.append(g.loc[g.split == "train", "value"].to_numpy(float))
        test.append(g.loc[g.split == "test", "value"].to_numpy(float))
    return train, test


@pytest.fixture
def growing() -> np.ndarray:
    """A positive, noisy, growing yearly series of 12 points."""
    rng = np.random.default_rng(1)
    return 100 * np.exp(np.cumsum(0.05 + 0.08 * rng.standard_normal(12)))
