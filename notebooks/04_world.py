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
# # Along the routes: heroin and cannabis seizures across countries
#
# Afghan heroin reaches its markets by two main routes: the **northern route** through
# Central Asia to the Russian Federation, and the **Balkan route** through Iran and Turkey
# to south-eastern and western Europe. This notebook sets the countries of each route side
# by side: their heroin and cannabis seizures, the trend of each series with its interval,
# the growth rates ranked, and forecasts with 80 % and 95 % intervals (with a nowcast of
# the years a country has no figure for yet).
#
# Seizures measure enforcement as much as trafficking: read a rise as "more was seized",
# not necessarily "more was trafficked". Countries count differently, so compare directions
# and growth rates more than levels.
#
# The routes below list more countries than the records may hold: a country without
# records is named and skipped, so the notebook runs on the seven countries shipped first
# and on the full UNODC world data alike.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import drugtrends as dt
from drugtrends import records
from drugtrends.plot import country_name, format_number, style
from drugtrends.report.region import analyse_region, growth_ranking

ROUTES = {
    "northern": ["AFG", "TJK", "KGZ", "UZB", "TKM", "KAZ", "RUS"],
    "Balkan": ["AFG", "IRN", "TUR", "BGR", "SRB", "MKD", "GRC", "ALB", "ROU", "HUN", "AUT", "DEU"],
}
DRUGS = ["heroin_seizures", "hashish_seizures", "marijuana_seizures"]
START = 2003  # trends over the last two decades

have = set(records.load(records.DATA_DIR)["country"].unique())
routes = {}
for route, codes in ROUTES.items():
    routes[route] = [c for c in codes if c in have]
    skipped = [c for c in codes if c not in have]
    print(f"{route} route: {len(routes[route])} countries with records", end="")
    print(f" (not in the records: {', '.join(skipped)})" if skipped else "")
countries = sorted({c for codes in routes.values() for c in codes})

# %% [markdown]
# ## 1. The figures: full-year and annualized seizures
#
# Partial-year figures ("January to September") are scaled to the year with
# `dt.annualize`; figures for fewer than six months are left out, as in the reports.

# %%
ds = dt.load_dataset(countries)
drugs = [d for d in DRUGS if d in ds]
ann = dt.annualize(ds, drugs)


def latest_figure(da, country):
    """The newest figure of one series and its year, as text."""
    s = da.sel(country=country).to_series().dropna()
    return f"{format_number(float(s.iloc[-1]), 'kg')} ({int(s.index[-1])})" if len(s) else "–"


latest = {d: pd.Series({c: latest_figure(ann[d], c) for c in countries}) for d in drugs}
table = pd.DataFrame(latest)
table.index = [country_name(c) for c in table.index]
table.columns = [ds[d].attrs["long_name"] for d in drugs]
table.head(len(table))

# %% [markdown]
# ## 2. Heroin seizures along each route, on one scale per route

# %%
with style():
    fig, axes = plt.subplots(1, len(routes), figsize=(11, 4), sharey=True, layout="constrained")
    for ax, (route, codes) in zip(np.atleast_1d(axes), routes.items(), strict=True):
        for c in codes:
            s = ann["heroin_seizures"].sel(country=c).to_series().dropna()
            s = s[s.index >= 1995]
            if len(s):
                ax.plot(
                    s.index, s.to_numpy() / 1000, marker="o", markersize=3, label=country_name(c)
                )
        ax.set_yscale("log")
        ax.set_title(f"{route} route")
        ax.set_xlabel("Year")
        ax.legend(fontsize=7, ncol=2)
    np.atleast_1d(axes)[0].set_ylabel("Heroin seizures [t]")
    plt.show()

# %% [markdown]
# ## 3. Trends since 2003: growth rates with 95 % intervals, ranked
#
# `dt.trend` fits a log-linear trend to each series (with an interval that allows for
# autocorrelation) and tests it with Mann-Kendall. Countries whose series is too short or
# has zeros get no growth rate.

# %%
tr = dt.trend(ds, drugs, start=START)
rows = []
for d in drugs:
    for route, codes in routes.items():
        for c in codes:
            g = tr.sel(indicator=d, country=c)
            rows.append(
                {
                    "drug": ds[d].attrs["long_name"],
                    "route": route,
                    "country": country_name(c),
                    "growth [% a year]": float(g.growth),
                    "95 % interval": (
                        f"{float(g.growth_lower):+.0f} to {float(g.growth_upper):+.0f}"
                    ),
                    "figures": int(g.n) if "n" in g else np.nan,
                }
            )
growth = pd.DataFrame(rows).dropna(subset=["growth [% a year]"])
growth = growth.sort_values(["drug", "route", "growth [% a year]"], ascending=[True, True, False])
growth.round(1)

# %% [markdown]
# ## 4. Forecasts with nowcasts: the northern route, country by country
#
# `drugtrends.report.region.analyse_region` analyses each country as its report does:
# series that stop before the country's latest year are nowcast through the missing years
# (no figure yet; the intervals widen) and then forecast five years. `growth_ranking`
# gives the ranking the regional report prints, with the latest figure and the first
# forecast year after the nowcast.

# %%
north = [c for c in routes["northern"] if c != "AFG"]
reg = analyse_region(north, ds.sel(country=north), indicators=drugs, horizon=5)
rank = growth_ranking(reg, "heroin_seizures")
rank.index = [country_name(c) for c in rank.index]
rank[["growth", "lower", "upper", "last_year", "last", "forecast_year", "forecast"]].round(1)

# %%
for res in reg.analyses:
    from drugtrends.report import text as T

    sentence = T.forecast_sentence(res.forecast, "heroin_seizures", res.country, "kg")
    print(f"{country_name(res.country)}: {sentence or 'no forecast'}")

# %%
n = len(reg.analyses)
with style():
    fig, axes = plt.subplots(
        (n + 2) // 3, 3, figsize=(11, 3.2 * ((n + 2) // 3)), layout="constrained", squeeze=False
    )
    for ax, res in zip(axes.ravel(), reg.analyses, strict=False):
        res.figure("heroin_seizures", ax=ax, legend=False, title=country_name(res.country))
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    plt.show()

# %% [markdown]
# ## 5. Cannabis: the same ranking for hashish and marijuana
#
# Cannabis is grown across Central Asia and Europe, so its seizures follow local markets
# more than a route. The ranking shows where seizures rose fastest since 2003.

# %%
cannabis = growth[growth["drug"].str.contains("Cannabis")]
cannabis.pivot_table(index="country", columns="drug", values="growth [% a year]").round(1)
