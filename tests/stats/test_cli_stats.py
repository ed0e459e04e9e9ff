"""The trend and undercount subcommands."""

from __future__ import annotations

import pandas as pd

from drugtrends.cli import main


def test_trend_cli_prints_table_and_sentences(capsys, tmp_path):
    out = tmp_path / "t.csv"
    rc = main(
        [
            "trend",
            "--country",
            "KAZ",
            "--indicator",
            "heroin_seizures",
            "--start",
            "2008",
            "--end",
            "2019",
            "--out",
            str(out),
        ]
    )
    text = capsys.readouterr().out
    assert rc == 0
    assert "Heroin seizures" in text and "from 2008 to 2019" in text and "% a year" in text
    frame = pd.read_csv(out)
    assert set(frame["indicator"]) == {"heroin_seizures"}
    assert "summary" in frame.columns


def test_trend_cli_user_errors(capsys):
    assert main(["trend", "--indicator", "heroin_seizurs"]) == 1
    assert "did you mean 'heroin_seizures'" in capsys.readouterr().err
    assert main(["trend", "--dataset", "missing.nc"]) == 1
    assert main(["trend", "--indicator", "heroin_seizures", "--out", "x.txt"]) == 1


def test_undercount_cli(capsys, tmp_path):
    out = tmp_path / "u.nc"
    rc = main(["undercount", "--country", "KAZ", "--draws", "500", "--out", str(out)])
    text = capsys.readouterr().out
    assert rc == 0
    assert "hidden total" in text and "covered yes" in text
    assert "almost certainly understate" in text
    from drugtrends.dataset import open_dataset

    back = open_dataset(out)
    assert "hidden_total_upper_95" in back
    assert main(["undercount", "--country", "XYZ"]) == 1
