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
# # How many people use drugs? The register and the hidden population
#
# Kazakhstan's narcological register counts the people known to the services: about
# 51,000 in 2010, about 18,000 in 2025. The reports warn that these figures almost certainly
# understate real use. Independent estimates of people who use or inject drugs (academic
# studies, UNODC prevalence) put the number far higher.
#
# `dt.undercount` puts an estimated hidden total beside the register, year by year, with
# 80 % and 95 % intervals, and the share of it that the register covers. This notebook
# walks through its inputs, its result, a check of the model, and how much the answer
# depends on its choices.

# %%
import matplotlib.pyplot as plt

import drugtrends as dt
from drugtrends import plot
from drugtrends.stats import undercount as uc_mod

ds = dt.load_dataset("KAZ")
print(ds.registered_drug_users.attrs["caveat"])

# %% [markdown]
# ## 1. The register

# %%
register = ds.registered_drug_users.sel(country="KAZ")
months = ds.registered_drug_users_months.sel(country="KAZ")
reg = register.to_series().dropna().to_frame("registered")
reg["months covered"] = months.to_series().reindex(reg.index)
reg["source"] = ds.registered_drug_users_source.sel(country="KAZ").to_series().reindex(reg.index)
reg.round(0)

# %% [markdown]
# ## 2. The benchmarks: independent estimates with a year
#
# Estimates of people who use drugs, who inject drugs, and UNODC annual prevalence of
# opiate use times the population aged 15-64. Undated figures stay out: their year is
# unknown.

# %%
bench = uc_mod.benchmarks(ds, "KAZ")
bench[["indicator", "year", "value", "lower", "upper", "used", "note"]]

# %% [markdown]
# ## 3. The estimate
#
# The default model fits a smooth hidden total to the benchmarks (on the log scale, with
# a prior that a hidden population rarely changes by more than 10 % a year) and draws it
# 4,000 times, seeded, carrying each benchmark's range and their disagreement.

# %%
uc = dt.undercount(ds, country="KAZ")
print(uc.attrs["summary"])

# %%
cols = [
    "registered",
    "hidden_total",
    "hidden_total_lower_80",
    "hidden_total_upper_80",
    "hidden_total_lower_95",
    "hidden_total_upper_95",
    "registration_share",
]
uc[cols].to_dataframe()[cols].dropna(subset=["registered"]).round(3)

# %% [markdown]
# ## 4. The picture
#
# The register (markers by kind of source; hollow = a count at a date within the year),
# the independent estimates (stars), and the estimated hidden total with its 80 % and 95 %
# bands.

# %%
fig = plot.indicator(ds, "registered_drug_users", undercount=uc)

# %% [markdown]
# ## 5. Does the model predict each estimate from the others?
#
# Leave one benchmark out, fit the rest, and ask whether its 95 % prediction interval
# covers the one left out.

# %%
cols = [
    "benchmark_indicator",
    "benchmark_year",
    "benchmark_value",
    "benchmark_loo_lower_95",
    "benchmark_loo_upper_95",
    "benchmark_loo_covered",
]
uc[cols].to_dataframe()[cols].query("benchmark_loo_covered != ''").round(0)

# %% [markdown]
# ## 6. How much does the answer depend on the choices?
#
# People who inject drugs are a subset of people who use drugs, so the PWID benchmarks
# alone aim at a narrower population; the `share` model lets the register's year-to-year
# moves pass into the total instead of a smooth trend. Compare the rows: when the PWID-only
# total is not smaller than the total from all benchmarks, the estimates differ more by
# method than by definition, and the spread between the rows is part of the uncertainty.

# %%
pwid = dt.undercount(ds, country="KAZ", estimates=["estimated_pwid"])
share = dt.undercount(ds, country="KAZ", model="share")
year = 2014
for label, res in (("all benchmarks", uc), ("PWID only", pwid), ("share model", share)):
    row = res.sel(year=year)
    print(
        f"{label:15s} {year}: hidden total {row.hidden_total.item():9,.0f} "
        f"(95 %: {row.hidden_total_lower_95.item():,.0f}-{row.hidden_total_upper_95.item():,.0f}),"
        f" register covers {100 * row.registration_share.item():.0f} %"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True, layout="constrained")
_ = plot.indicator(
    ds, "registered_drug_users", ax=axes[0], undercount=uc, title="All benchmarks", legend=False
)
_ = plot.indicator(
    ds,
    "registered_drug_users",
    ax=axes[1],
    undercount=pwid,
    title="PWID estimates only",
    legend=False,
)
