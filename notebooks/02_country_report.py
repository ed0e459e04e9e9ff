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
# # Country report
#
# The contents of the PDF trend report for one country, in a notebook: what rose, what
# fell, what the forecasts say, and one figure per key indicator. Change `country` in the
# next cell (or run it with papermill: `papermill 02_country_report.ipynb out.ipynb
# -p country TJK`) for another country of the shipped data (AFG, KAZ, KGZ, RUS, TJK, TKM,
# UZB).

# %%
import matplotlib.pyplot as plt

from drugtrends.report import analyse, text, write_report

# %% tags=["parameters"]
country = "KAZ"
horizon = 5
write_pdf = False  # True: also write the PDF report to `out`
out = "../reports/report.pdf"

# %%
res = analyse(country=country, horizon=horizon)
print(text.country_title(country), "| data to", text.month_year(res.ds.attrs["data_date"]))
print("pages:", ", ".join(res.indicators))

# %% [markdown]
# ## Read this first

# %%
for lead, body in text.CAVEATS:
    print(f"- {lead} {body}")

# %% [markdown]
# ## What rose, what fell
#
# Log-linear growth a year with its 95 % interval; "no clear trend" when the interval
# includes no change.

# %%
for name in res.indicators:
    direction = text.trend_direction(res.trend, name, country) or "no growth rate"
    print(f"[{direction}] {text.trend_headline(res.trend, name, country)}")

# %%
cols = ["growth", "growth_lower", "growth_upper", "n_points", "start_year", "end_year"]
res.trend[cols].sel(country=country).to_dataframe().drop(columns="country").round(2)

# %% [markdown]
# ## What the forecasts say
#
# Medians with 80 % and 95 % intervals for the first and last forecast year of each series.

# %%
for name in res.indicators:
    units = res.ds[name].attrs["units"]
    long_name = res.ds[name].attrs["long_name"]
    sentence = text.forecast_sentence(res.forecast, name, country, units, name=long_name)
    print(sentence or f"{long_name}: no forecast")

# %% [markdown]
# ## Registered users and the hidden population

# %%
if res.undercount is not None:
    print(text.undercount_sentence(res.undercount, country))
else:
    print("No undercount estimate:", [n for n in res.notes if n.startswith("undercount")])

# %% [markdown]
# ## One figure per key indicator

# %%
for name in res.indicators:
    fig = res.figure(name)
    plt.show()

# %% [markdown]
# ## What the computations warned about

# %%
for note in res.notes:
    print("-", note)

# %%
if write_pdf:
    print("wrote", write_report(res, out))
