# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # drugtrends quick start
#
# Load the shipped figures for one country as an xarray Dataset, look at the records behind
# one series, estimate its trend, forecast it, and draw it.
#
# Every step is one call of the public API; the PDF report (`make report`) uses the same
# calls. Run it top to bottom: it needs no network and writes no files.

# %%
import drugtrends as dt

ds = dt.load_dataset("KAZ")
ds.drugtrends.indicators[:8]

# %% [markdown]
# ## One series and the figures behind it
#
# `ds.heroin_seizures` is the *resolved* yearly series: where several sources give a figure
# for the same year, a full-year figure beats a partial one, then the later edition wins.
# Nothing is averaged; every figure stays in the records, and figures more than 10 % apart
# for the same period are listed as conflicts.

# %%
heroin = ds.heroin_seizures.sel(country="KAZ").dropna("year")
print(heroin.attrs["units"], "|", heroin.attrs["caveat"])
heroin.to_series().tail(8)

# %%
records = dt.dataset.records_table(ds)
cols = ["year", "value", "period_start", "period_end", "source_kind", "edition", "source_id"]
records.query("indicator == 'heroin_seizures' and year >= 2013")[cols]

# %%
conflicts = ds.drugtrends.conflicts()
conflicts[["indicator", "year", "value_a", "source_id_a", "value_b", "source_id_b"]]

# %% [markdown]
# ## Like with like: nine months against nine months
#
# The 2015 INCSR gives heroin seizures for the first nine months of 2013 and 2014;
# `compare` puts them side by side and refuses to compare a nine-month figure with a full
# year.

# %%
print(dt.compare(ds, "heroin_seizures", 2013, 2014, months=9).summary.item())

# %% [markdown]
# ## Trend with an interval
#
# Log-linear growth with an autocorrelation-robust 95 % interval, the Sen slope and the
# Mann-Kendall test, and one structural break if the data show one; `summary` says it in
# a sentence.

# %%
tr = dt.trend(ds, ["heroin_seizures", "registered_drug_users"])
for name in tr.indicator.values:
    print(tr.summary.sel(indicator=name, country="KAZ").item(), "\n")

# %%
tr[["growth", "growth_lower", "growth_upper", "n_points"]].to_dataframe().round(2)

# %% [markdown]
# ## Forecast with 80 % and 95 % intervals
#
# The default model is a fast vectorized ensemble; partial-year flow figures are left out
# (annualize them first with `dt.annualize` to use them). Forecasts of short, gappy yearly
# series are uncertain: read the intervals.

# %%
fc = dt.forecast(ds, indicators=["heroin_seizures"], horizon=5)
print(fc.heroin_seizures_status.sel(country="KAZ").item())
fc.heroin_seizures.sel(country="KAZ").dropna("year", how="all").to_pandas().round(1)

# %% [markdown]
# ## The figure
#
# Every reported figure (marker shape and colour by kind of source; hollow = part of the
# year; bars = ranges; ringed = conflicting figures), the trend (dotted) and the forecast
# fan. `dt.plot.indicator` returns the matplotlib figure; pass `ax=` to draw into your own.

# %%
fig = ds.drugtrends.plot("heroin_seizures", forecast=fc, trend=tr)
