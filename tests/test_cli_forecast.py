"""The ``drugtrends forecast`` and ``drugtrends backtest`` commands."""

from __future__ import annotations

import numpy as np
import pandas as pd

import drugtrends as dt
from drugtrends.cli import main


def _panel(tmp_path, n_series=3, n=12, shuffle=True):
    rows = []
    for k in range(n_series):
        for t in range(1, n + 1):
            rows.append(
                {"series_id": f"s{k}", "t": t, "value": 10 * (k + 1) + t + (t % 3), "extra": "x"}
            )
    df = pd.DataFrame(rows)
    if shuffle:
        df = df.sample(frac=1, random_state=0)
    path = tmp_path / "panel.csv"
    df.to_csv(path, index=False)
    return path


def test_good_csv_exact_columns(tmp_path, capsys):
    path = _panel(tmp_path)
    out = tmp_path / "out.csv"
    rc = main(
        [
            "forecast",
            "--csv",
            str(path),
            "--id-col",
            "series_id",
            "--time-col",
            "t",
            "--value-col",
            "value",
            "--horizon",
            "4",
            "--levels",
            "80",
            "95",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert rc == 0
    res = pd.read_csv(out)
    assert list(res.columns) == [
        "series_id",
        "t",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
        "model",
        "status",
    ]
    assert len(res) == 3 * 4
    assert res.loc[res.series_id == "s0", "t"].tolist() == [13, 14, 15, 16]
    assert (res.lo_95 <= res.lo_80).all() and (res.lo_80 <= res["mean"]).all()
    assert (res.hi_80 <= res.hi_95).all() and (res["mean"] <= res.hi_80).all()
    assert set(res.model) == {"auto"}


def test_levels_name_columns_and_model_choice(tmp_path):
    path = _panel(tmp_path, shuffle=False)
    out = tmp_path / "out.csv"
    rc = main(
        [
            "forecast",
            "--csv",
            str(path),
            "--horizon",
            "2",
            "--levels",
            "50",
            "90",
            "--model",
            "drift",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert rc == 0
    res = pd.read_csv(out)
    assert list(res.columns) == [
        "series_id",
        "t",
        "mean",
        "lo_50",
        "hi_50",
        "lo_90",
        "hi_90",
        "model",
        "status",
    ]
    assert set(res.model) == {"drift"}


def test_other_column_names(tmp_path):
    df = pd.read_csv(_panel(tmp_path)).rename(
        columns={"series_id": "id", "t": "year", "value": "kg"}
    )
    df["year"] += 2000
    path = tmp_path / "p.csv"
    df.to_csv(path, index=False)
    out = tmp_path / "o.csv"
    assert (
        main(
            [
                "forecast",
                "--csv",
                str(path),
                "--id-col",
                "id",
                "--time-col",
                "year",
                "--value-col",
                "kg",
                "--horizon",
                "1",
                "--out",
                str(out),
                "--no-progress",
            ]
        )
        == 0
    )
    res = pd.read_csv(out)
    assert list(res.columns)[:2] == ["id", "year"]
    assert res.year.unique().tolist() == [2013]


def test_missing_column_error(tmp_path, capsys):
    path = _panel(tmp_path)
    rc = main(
        ["forecast", "--csv", str(path), "--value-col", "kg", "--out", str(tmp_path / "o.csv")]
    )
    assert rc == 1
    err = capsys.readouterr().err
    assert "missing column(s) 'kg'" in err and "Traceback" not in err


def test_bad_value_names_line_and_others_go_on(tmp_path, capsys):
    path = _panel(tmp_path, shuffle=False)
    lines = path.read_text().splitlines()
    # line 5 of the file (header is line 1) is series s0, t = 4
    parts = lines[4].split(",")
    parts[2] = "12,5kg".replace(",", "")
    parts[2] = "abc"
    lines[4] = ",".join(parts)
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "o.csv"
    rc = main(
        ["forecast", "--csv", str(path), "--horizon", "2", "--out", str(out), "--no-progress"]
    )
    assert rc == 0
    err = capsys.readouterr().err
    assert "series 's0': line 5: value 'abc' is not a number" in err
    res = pd.read_csv(out)
    assert list(res.columns) == [
        "series_id",
        "t",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
        "model",
        "status",
    ]
    s0 = res[res.series_id == "s0"]
    assert s0["mean"].isna().all() and set(s0.model) == {"none"}
    assert res[res.series_id == "s1"]["mean"].notna().all()


def test_duplicate_time_names_lines(tmp_path, capsys):
    path = _panel(tmp_path, shuffle=False)
    with path.open("a") as fh:
        fh.write("s2,3,99,x\n")
    out = tmp_path / "o.csv"
    assert main(["forecast", "--csv", str(path), "--out", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "series 's2': lines" in err and "repeated t 3" in err
    assert pd.read_csv(out).query("series_id == 's2'")["mean"].isna().all()


def test_non_integer_time(tmp_path, capsys):
    path = _panel(tmp_path, shuffle=False)
    with path.open("a") as fh:
        fh.write("s1,2.5,99,x\n")
    main(["forecast", "--csv", str(path), "--out", str(tmp_path / "o.csv"), "--no-progress"])
    assert "t '2.5' is not an integer" in capsys.readouterr().err


def test_short_and_gappy_series(tmp_path):
    df = pd.DataFrame(
        {
            "series_id": ["a", "a", "b", "b", "b", "b", "b", "b"],
            "t": [1, 2, 1, 2, 4, 5, 6, 7],
            "value": [1.0, 2.0, 5, 6, 8, 9, 9, 11],
        }
    )
    path = tmp_path / "p.csv"
    df.to_csv(path, index=False)
    out = tmp_path / "o.csv"
    assert (
        main(["forecast", "--csv", str(path), "--horizon", "2", "--out", str(out), "--no-progress"])
        == 0
    )
    res = pd.read_csv(out)
    assert res.loc[res.series_id == "a", "model"].tolist() == ["naive", "naive"]
    assert res.loc[res.series_id == "b", "t"].tolist() == [8, 9]


def test_bad_arguments(tmp_path, capsys):
    path = _panel(tmp_path)
    assert (
        main(["forecast", "--csv", str(path), "--model", "nope", "--out", str(tmp_path / "o.csv")])
        == 1
    )
    assert "unknown --model 'nope'" in capsys.readouterr().err
    assert (
        main(["forecast", "--csv", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o.csv")])
        == 1
    )
    assert "no such file" in capsys.readouterr().err


def test_backtest_command_prints_table(tmp_path, capsys):
    path = _panel(tmp_path, n=15)
    assert (
        main(
            [
                "backtest",
                "--csv",
                str(path),
                "--horizon",
                "3",
                "--model",
                "auto",
                "--model",
                "naive",
                "--origins",
                "2",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "sMAPE" in out and "cov95" in out
    assert out.count("\n") >= 3


def test_dataset_mode(tmp_path):
    import xarray as xr

    years = np.arange(2005, 2019)
    ds = xr.Dataset(
        {
            "users": (
                ("country", "year"),
                [np.linspace(100, 200, years.size)],
                {"kind": "stock", "units": "1", "long_name": "Users", "caveat": "c"},
            )
        },
        coords={"country": ["KAZ"], "year": years},
    )
    nc = tmp_path / "in.nc"
    dt.write_dataset(ds, nc)
    out = tmp_path / "fc.csv"
    assert main(["forecast", "--dataset", str(nc), "--horizon", "2", "--out", str(out)]) == 0
    res = pd.read_csv(out)
    assert res.year.tolist() == [2019, 2020]
    assert list(res.columns) == [
        "indicator",
        "country",
        "year",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
        "model",
        "status",
    ]
    out_nc = tmp_path / "fc.nc"
    assert main(["forecast", "--dataset", str(nc), "--horizon", "2", "--out", str(out_nc)]) == 0
    with xr.open_dataset(out_nc, engine="netcdf4") as back:
        assert back["users"].dims == ("country", "year", "quantile")


def _bad_panel(tmp_path):
    """Two series, neither usable: a value that is not a number, a repeated time."""
    path = tmp_path / "bad.csv"
    path.write_text("series_id,t,value\na,1,1\na,2,x\nb,1,2\nb,1,3\n")
    return path


def test_nothing_forecast_is_an_error_with_the_reasons(tmp_path, capsys):
    out = tmp_path / "o.csv"
    rc = main(["forecast", "--csv", str(_bad_panel(tmp_path)), "--out", str(out), "--no-progress"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "none of the 2 series in" in err and "could be forecast" in err
    assert "series 'a': line 3: value 'x' is not a number" in err
    assert "series 'b': lines 4 and 5: repeated t 1" in err
    assert "Traceback" not in err and not out.exists()
    # a series with rows but no values at all: the model's reason is given
    path = tmp_path / "na.csv"
    path.write_text("series_id,t,value\na,1,\na,2,NA\n")
    assert main(["forecast", "--csv", str(path), "--out", str(out), "--no-progress"]) == 1
    assert "the only series in" in capsys.readouterr().err and not out.exists()


def test_csv_mode_refuses_a_netcdf_out(tmp_path, capsys):
    out = tmp_path / "new" / "x.nc"
    rc = main(["forecast", "--csv", str(_panel(tmp_path)), "--out", str(out), "--no-progress"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "written as CSV, not netCDF" in err and "x.csv" in err
    assert not out.exists()
    # CSV output into a missing folder: the folder is created
    out = tmp_path / "new" / "x.csv"
    rc = main(["forecast", "--csv", str(_panel(tmp_path)), "--out", str(out), "--no-progress"])
    assert rc == 0 and pd.read_csv(out).columns[0] == "series_id"


def test_backtest_reports_bad_and_short_series(tmp_path, capsys):
    path = _panel(tmp_path, n_series=1, n=12, shuffle=False)
    with path.open("a") as fh:
        fh.write("bad,1,1,x\nbad,2,x,x\nshort,1,1,x\nshort,2,2,x\n")
    out = tmp_path / "r.nc"
    argv = ["backtest", "--csv", str(path), "--horizon", "3", "--model", "naive"]
    assert main([*argv, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "series 'bad': line 15: value 'x' is not a number; not backtested" in captured.err
    assert "series 'short': 2 points, too short for horizon 3 (needs 8)" in captured.err
    assert out.exists()
    assert main([*argv, "--out", str(tmp_path / "r.csv")]) == 1
    assert "written as netCDF" in capsys.readouterr().err


def test_backtest_with_nothing_to_backtest_is_an_error(tmp_path, capsys):
    assert main(["backtest", "--csv", str(_bad_panel(tmp_path))]) == 1
    captured = capsys.readouterr()
    assert "could be backtested" in captured.err and "value 'x' is not a number" in captured.err
    assert "NaN" not in captured.out
    path = _panel(tmp_path, n=12)
    assert main(["backtest", "--csv", str(path), "--horizon", "30"]) == 1
    captured = capsys.readouterr()
    assert "no series long enough for horizon 30 with 3 origins" in captured.err
    assert "the longest has 12 points" in captured.err and "NaN" not in captured.out
