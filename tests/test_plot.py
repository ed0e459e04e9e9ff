"""drugtrends.plot: figures with labelled axes, every figure drawn, optional layers, ax= reuse."""

from __future__ import annotations

import doctest

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

import drugtrends as dt
from drugtrends import plot


@pytest.fixture(scope="module")
def ds():
    return dt.load_dataset("KAZ")


@pytest.fixture(scope="module")
def layers(ds):
    names = ["heroin_seizures", "drug_seizures_total", "registered_drug_users"]
    # total seizures have no partial/full-year pair of their own drug group: the stated
    # prior, with a warning (issue 12)
    with pytest.warns(dt.stats.StatsWarning, match="stated prior"):
        annualized = dt.annualize(ds, ["drug_seizures_total"])
    return {
        "forecast": dt.forecast(ds, indicators=names, horizon=3),
        "trend": dt.trend(ds, names),
        "annualized": annualized,
        "undercount": dt.undercount(ds, country="KAZ", n_draws=500, validate=False),
    }


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _legend_labels(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def test_returns_figure_with_labelled_axes(ds):
    fig = plot.indicator(ds, "heroin_seizures")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Year"
    assert ax.get_ylabel() == "Heroin seizures [kg]"
    assert "Kazakhstan" in ax.get_title()
    # every dated heroin figure is a marker (one Line2D per figure, plus guides)
    obs = plot.observations(ds, "heroin_seizures")
    markers = [ln for ln in ax.lines if ln.get_marker() not in ("None", None, "")]
    assert len(markers) >= len(obs)


def test_accessor_is_the_same_function(ds):
    fig = ds.drugtrends.plot("opium_seizures", legend=False)
    assert fig.axes[0].get_ylabel() == "Opium seizures [kg]"
    assert fig.axes[0].get_legend() is None


def test_ax_reuse_draws_into_the_given_axes(ds):
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    out = plot.indicator(ds, "hashish_seizures", ax=axes[0], title=False)
    out2 = plot.indicator(ds, "marijuana_seizures", ax=axes[1])
    assert out is fig and out2 is fig
    assert len(fig.axes) == 2
    assert axes[0].lines and axes[1].lines
    assert axes[0].get_title() == ""
    assert axes[1].get_ylabel().startswith("Cannabis herb")
    # the caller's matplotlib settings are left alone
    assert matplotlib.rcParams["pdf.fonttype"] == matplotlib.rcParamsDefault["pdf.fonttype"]


def test_partial_year_figures_hollow_and_tonnes(ds):
    fig = plot.indicator(ds, "drug_seizures_total")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Drug seizures, all drugs [t]"  # 97,000 kg shown in t
    hollow = [ln for ln in ax.lines if ln.get_markerfacecolor() == "white"]
    obs = plot.observations(ds, "drug_seizures_total")
    assert len(hollow) == int(obs["partial"].sum()) > 0
    labels = _legend_labels(ax)
    assert "hollow: part of year" in labels
    assert "arrow: more than" in labels
    assert "ringed: conflict" in labels  # 97 t against 20.3 t in 2018


def test_ranges_drawn_as_bars(ds):
    fig = plot.indicator(ds, "heroin_wholesale_price")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"  # prices move in ratios
    assert "bar: range" in _legend_labels(ax)
    assert ax.get_ylabel() == "Heroin price per kilogram\n[USD per kg]"


def test_layers(ds, layers):
    fig = plot.indicator(
        ds,
        "drug_seizures_total",
        forecast=layers["forecast"],
        trend=layers["trend"],
        annualized=layers["annualized"],
    )
    ax = fig.axes[0]
    labels = _legend_labels(ax)
    assert "forecast (median)" in labels
    assert "forecast, 80 %" in labels and "forecast, 95 %" in labels
    assert any(lbl.startswith("trend ") and "% a year" in lbl for lbl in labels)
    assert "annualized (95 %)" in labels
    fills = [c for c in ax.collections if type(c).__name__.startswith("FillBetween")]
    assert len(fills) == 2  # the 80 % and 95 % bands
    # the x axis reaches the end of the forecast
    last = int(layers["forecast"]["drug_seizures_total"].dropna("year", how="all").year.max())
    assert ax.get_xlim()[1] >= last


def test_trend_line_matches_the_growth_rate(ds, layers):
    line = plot.trend_line(layers["trend"], ds, "heroin_seizures", "KAZ")
    assert line is not None
    ratio = line.values[1:] / line.values[:-1]
    growth = float(layers["trend"].growth.sel(indicator="heroin_seizures", country="KAZ"))
    np.testing.assert_allclose(100 * (ratio - 1), growth, rtol=1e-9)


def test_undercount_band(ds, layers):
    fig = plot.indicator(ds, "registered_drug_users", undercount=layers["undercount"])
    labels = _legend_labels(fig.axes[0])
    # the legend names the population the estimate counts (issue 12)
    assert f"est. {layers['undercount'].attrs['population']}" in labels
    assert "est. opiate users" in labels
    assert "estimate, 80 %" in labels and "estimate, 95 %" in labels
    assert "independent estimates" in labels
    top = fig.axes[0].get_ylim()[1]
    assert top > float(layers["undercount"].hidden_total.max())


def test_errors_are_clear(ds):
    with pytest.raises(KeyError, match="did you mean heroin_seizures"):
        plot.indicator(ds, "heroin_seizure")
    with pytest.raises(KeyError, match="no country 'TJK'"):
        plot.indicator(ds, "heroin_seizures", country="TJK")
    with pytest.raises(TypeError, match="trend= takes"):
        plot.indicator(ds, "heroin_seizures", trend=[1, 2, 3])


def test_several_countries_need_a_country():
    both = dt.load_dataset(["KAZ", "KGZ"])
    with pytest.raises(ValueError, match="pass country="):
        plot.indicator(both, "heroin_seizures")
    fig = plot.indicator(both, "heroin_seizures", country="KGZ")
    assert "Kyrgyzstan" in fig.axes[0].get_title()


def test_observations_keep_every_figure_apart(ds):
    obs = plot.observations(ds, "heroin_seizures")
    assert obs["x"].is_unique  # several figures in one year are nudged apart
    assert (obs["x"] - obs["year"]).abs().max() < 0.5
    assert obs["conflict"].sum() >= 2
    assert obs["used"].sum() == int(ds.heroin_seizures.sel(country="KAZ").notnull().sum())


def test_group_draws_every_series_with_no_trend_or_forecast():
    deu = dt.load_dataset("DEU")
    from drugtrends.dataset import indicator_names

    names = [n for n in indicator_names(deu) if n.startswith("prevalence_")]
    names = [n for n in names if len(plot.observations(deu, n, "DEU"))]
    assert len(names) >= 5
    labels = {n: n.removeprefix("prevalence_") for n in names}
    fig = plot.group(deu, names, "DEU", labels=labels, title=False)
    ax = fig.axes[0]
    legend = _legend_labels(ax)
    assert legend[: len(names)] == [labels[n] for n in names]
    assert not any("trend" in t or "forecast" in t for t in legend)
    assert ax.get_ylim()[0] == 0 and ax.get_ylabel() == "[%]"
    n_figures = sum(len(plot.observations(deu, n, "DEU")) for n in names)
    markers = [ln for ln in ax.lines if ln.get_marker() in plot._GROUP_MARKERS]
    assert sum(len(ln.get_xdata()) for ln in markers) == n_figures  # a marker per figure
    top = max(plot.observations(deu, n, "DEU")[["point", "upper"]].max().max() for n in names)
    assert top < ax.get_ylim()[1] < 1.2 * top
    # colours stay apart
    handles = ax.get_legend().legend_handles[: len(names)]
    assert len({tuple(h.get_color()) for h in handles}) == len(names)


def test_observed_figures_are_reused(ds):
    obs = plot.observations(ds, "heroin_seizures")
    again = plot.indicator(ds, "heroin_seizures", observed=obs).axes[0]
    fresh = plot.indicator(ds, "heroin_seizures").axes[0]
    assert len(again.lines) == len(fresh.lines)
    for a, b in zip(again.lines, fresh.lines, strict=True):
        np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())
    # what is passed is what is drawn: one figure fewer, one marker fewer
    fewer = plot.indicator(ds, "heroin_seizures", observed=obs.iloc[1:]).axes[0]
    assert len(fewer.lines) == len(fresh.lines) - 1


def test_group_errors_are_clear():
    deu = dt.load_dataset("DEU")
    with pytest.raises(ValueError, match="one unit"):
        plot.group(deu, ["prevalence_cannabis", "heroin_seizures"], "DEU")
    with pytest.raises(ValueError, match="at least one indicator"):
        plot.group(deu, [], "DEU")
    with pytest.raises(KeyError, match="no indicator 'prevalence_canabis'"):
        plot.group(deu, ["prevalence_canabis"], "DEU")
    two = dt.load_dataset(["DEU", "KAZ"])
    with pytest.raises(ValueError, match="no dated figures of prevalence_cocaine for KAZ"):
        plot.group(two, ["prevalence_cocaine"], "KAZ")


def test_doctests():
    result = doctest.testmod(plot, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
