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
    assert "Estimated number of opiate users" in text and "inside yes" in text
    # the leave-one-out comparison with the two trivial baselines is printed
    assert "geometric mean of the others x/÷ 2" in text and "register x mean multiple" in text
    assert "Leave-one-out scores" in text
    assert "almost certainly understate" in text
    from drugtrends.dataset import open_dataset

    back = open_dataset(out)
    assert "hidden_total_upper_95" in back
    assert main(["undercount", "--country", "XYZ"]) == 1


def test_trend_start_after_end_is_a_user_error(capsys):
    assert main(["trend", "--start", "2015", "--end", "2010"]) == 1
    err = capsys.readouterr().err
    assert "--start 2015 is after --end 2010" in err and "Traceback" not in err


def test_errors_are_plain_messages_not_quoted_strings(capsys):
    assert main(["trend", "--country", "XYZ"]) == 1
    err = capsys.readouterr().err
    assert "error: no records for XYZ;" in err
    assert "'no records" not in err and '"no records' not in err
    assert main(["undercount", "--country", "XYZ"]) == 1
    assert "error: no records for XYZ;" in capsys.readouterr().err


def test_country_codes_are_case_insensitive(capsys):
    rc = main(["trend", "--country", "kaz", "--indicator", "heroin_seizures", "--quiet"])
    assert rc == 0
    assert "[KAZ] Heroin seizures" in capsys.readouterr().out
    assert main(["undercount", "--country", "kaz", "--draws", "200"]) == 0
    assert "hidden total" in capsys.readouterr().out


def test_undercount_unknown_estimates_lists_the_usable_ones(capsys):
    assert main(["undercount", "--country", "KAZ", "--estimates", "foo"]) == 1
    err = capsys.readouterr().err
    assert "unknown --estimates indicator 'foo'" in err
    assert "usable dated benchmark" not in err
    assert "estimated_pwid (2 dated figures)" in err and "prevalence_opiates" in err
    assert main(["undercount", "--estimates", "estimated_pwd"]) == 1
    assert "did you mean 'estimated_pwid'" in capsys.readouterr().err
