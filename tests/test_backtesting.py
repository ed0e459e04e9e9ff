"""Rolling-origin backtests and their metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from drugtrends.backtesting import backtest, format_table, score


def test_score_by_hand():
    train = [np.array([1.0, 2, 3, 4])]  # scale = mean |diff| = 1
    actual = [np.array([5.0, 7.0])]
    mean = np.array([[5.0, 6.0]])
    probs = np.array([0.025, 0.1, 0.5, 0.9, 0.975])
    q = np.array([[[4.0, 4.5, 5.0, 5.5, 6.0], [5.0, 5.5, 6.0, 6.5, 6.5]]])
    sc = score(train, actual, mean, q, probs)
    assert sc["smape"][0] == pytest.approx(np.mean([0.0, 200 * 1 / 13]))
    assert sc["mase"][0] == pytest.approx(0.5)
    assert sc["coverage_95"][0] == pytest.approx(0.5)
    assert sc["coverage_80"][0] == pytest.approx(0.5)
    # MSIS 95: step 1 width 2; step 2 width 1.5 + 2/0.05 * 0.5 = 21.5; mean 11.75
    assert sc["msis_95"][0] == pytest.approx(11.75)


def _panel():
    t = np.arange(25)
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "series_id": np.repeat(["a", "b", "c"], t.size),
            "t": np.tile(t, 3),
            "value": np.r_[10 * 1.1**t, 60 * 0.95**t, 20 + rng.normal(size=t.size)],
        }
    )


def test_backtest_panel_dataset_layout():
    res = backtest(_panel(), model="drift", horizon=3, n_origins=2)
    assert isinstance(res, xr.Dataset)
    assert set(res.data_vars) == {
        "smape",
        "mase",
        "msis_80",
        "coverage_80",
        "msis_95",
        "coverage_95",
    }
    assert res["smape"].dims == ("series", "origin")
    assert res.series.values.tolist() == ["a", "b", "c"]
    # drift (on the log scale) forecasts exponential series exactly
    assert res["smape"].sel(series=["a", "b"]).max() < 1e-9
    assert res.attrs["model"] == "drift"
    table = format_table(res)
    assert "sMAPE" in table and "drift" in table


def test_backtest_uses_only_the_past():
    """Changing the values after the last cut changes nothing at earlier origins."""
    df = _panel()
    res1 = backtest(df, model="auto", horizon=3, n_origins=3)
    df2 = df.copy()
    df2.loc[df2.t == 24, "value"] *= 100  # the final year: in origin 0's test window only
    res2 = backtest(df2, model="auto", horizon=3, n_origins=3)
    for o in (1, 2):
        np.testing.assert_allclose(res1["smape"].sel(origin=o), res2["smape"].sel(origin=o))
    assert not np.allclose(res1["smape"].sel(origin=0), res2["smape"].sel(origin=0))


def test_backtest_dataset_input():
    years = np.arange(2000, 2020)
    ds = xr.Dataset(
        {
            "users": (
                ("country", "year"),
                [np.linspace(100, 200, 20), np.linspace(50, 30, 20)],
                {"kind": "stock", "units": "1", "long_name": "Users", "caveat": "c"},
            )
        },
        coords={"country": ["KAZ", "KGZ"], "year": years},
    )
    res = backtest(ds, model="naive", horizon=2, n_origins=2)
    assert res.series.values.tolist() == ["users/KAZ", "users/KGZ"]
    assert np.isfinite(res["mase"]).all()


def test_backtest_rejects_bad_input():
    with pytest.raises(TypeError):
        backtest([1, 2, 3])
    with pytest.raises(KeyError, match="value"):
        backtest(_panel().rename(columns={"value": "v"}))


def test_package_entry_point_callable_after_module_import():
    import drugtrends
    import drugtrends.backtesting  # the module's name differs from the function's

    res = drugtrends.backtest(_panel(), model="naive", horizon=2, n_origins=1)
    assert res.attrs["model"] == "naive"


def test_coverage_counts_a_bound_as_covered():
    """A constant series forecast exactly, with zero-width intervals, is fully covered
    (its log-scale forecasts come back as 7.300000000000001: bounds are inclusive up to
    rounding)."""
    panel = pd.DataFrame({"series_id": "a", "t": np.arange(15), "value": 7.3})
    for calibration in ("none", "conformal"):
        res = backtest(panel, model="naive", horizon=3, n_origins=2, calibration=calibration)
        assert res["smape"].values.max() < 1e-9
        assert (res["coverage_80"] == 1.0).all() and (res["coverage_95"] == 1.0).all()
    # score() directly: a value on either bound is inside, a value beyond it is not
    probs = np.array([0.025, 0.1, 0.5, 0.9, 0.975])
    q = np.array([[[1.0, 2.0, 3.0, 4.0, 5.0]] * 3])
    sc = score([np.arange(5.0)], [np.array([2.0, 4.0, 4.5])], np.full((1, 3), 3.0), q, probs)
    assert sc["coverage_80"][0] == pytest.approx(2 / 3)
    assert sc["coverage_95"][0] == 1.0


def test_backtest_too_short_for_the_horizon_is_an_error():
    panel = _panel()
    with pytest.raises(ValueError, match="no series long enough for horizon 30 with 3 origins"):
        backtest(panel, model="naive", horizon=30, n_origins=3)
    with pytest.raises(ValueError, match="the longest has 25 points"):
        backtest(panel, model="naive", horizon=30, n_origins=3)
    short = pd.concat([panel, pd.DataFrame({"series_id": "d", "t": [0, 1, 2], "value": 1.0})])
    res = backtest(short, model="naive", horizon=3, n_origins=1)
    assert res["n_points"].values.tolist() == [25, 25, 25, 3]
    assert np.isnan(res["smape"].sel(series="d")).all()
