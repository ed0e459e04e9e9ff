"""Build data/sources.csv and data/records/*.csv from the raw figures in ../shared/data/.

This is a maintainer's tool, run once when the raw material changes; the package never
needs ../shared. Every transformation is written here so the shipped records can be traced
back, row by row, to the raw files:

* gathered_figures.csv row N        -> record id <ISO3>-g<N>      (N = 0-based data row)
* independent_estimates.csv row N   -> <ISO3>-e<N>
* unodc_seizures_1990_2019.csv      -> <ISO3>-us-<indicator>-<year>
* wdr_seizures_2018_2022.csv        -> <ISO3>-ws-<indicator>-<year>
* wdr_prices_2018_2022.csv          -> <ISO3>-wp-<indicator>-<year>
* wdr2022_annex_prevalence.csv      -> <ISO3>-pv-<indicator>-<year>
* wdr2022_annex_drug_related_crimes -> <ISO3>-cr-<indicator>-<year>
* heroin_wholesale_prices_thesis    -> <ISO3>-th-<indicator>-<year>

Run: ``python scripts/import_shared.py [--shared ../shared/data]``; it validates the result
with ``drugtrends.records.load`` and runs the cross-checks listed in data/README.md.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ISO3 = {
    "Kazakhstan": "KAZ",
    "Kyrgyzstan": "KGZ",
    "Tajikistan": "TJK",
    "Uzbekistan": "UZB",
    "Turkmenistan": "TKM",
    "Russian Federation": "RUS",
    "Afghanistan": "AFG",
}
COLUMNS = [
    "record_id",
    "country",
    "indicator",
    "value",
    "lower",
    "upper",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "months",
    "edition",
    "source_id",
    "locator",
    "note",
]

# ------------------------------------------------------------------ gathered figures

# raw indicator name -> package slug (identity for the rest, lower-cased)
RENAME = {
    "program_budget": "programme_budget",
    "program_budget_southern_border": "programme_budget_border_kzt",
    "program_budget_annual": "programme_budget_annual_kzt",
    "prevention_budget_local": "prevention_budget_local_kzt",
    "heroin_price_per_kg": "heroin_wholesale_price",
    "precursor_chemicals_seized_KNB": "precursor_seizures_knb",
    "drug_seizures_DCA": "drug_seizures_total_dca",
    "drug_crime_cases_closed_security": "drug_crimes_solved_security",
    "estimated_pwid_almaty_city": "estimated_pwid_almaty",
    "afghan_output_transit_share_CA": "afghan_transit_share_central_asia",
}
# row-specific indicator fixes (the raw name hides an agency or a unit)
ROW_INDICATOR = {
    36: "synthetic_pills_seized_knb",  # KNB seized over 36,000 ecstasy pills
    46: "programme_budget_kzt",  # the same programme in tenge
    51: "programme_budget_kzt",
    77: "drug_seizures_total_mvd",  # 'internal-affairs bodies only'
    78: "heroin_seizures_mvd",  # the same listing
    79: "synthetic_drug_seizures_mvd",  # the same listing
    148: "heroin_seizures_mvd",  # KGZ: 'internal-affairs bodies'
    115: "cocaine_seizures_knb",  # 'news: KNB figure'
    116: "precursor_seizures_knb",  # 'news: KNB figure'
    122: "estimated_drug_dependent",  # 'ten times the register' of drug-dependent people
}
AT_LEAST = {
    0,
    11,
    24,
    30,
    36,
    60,
    62,
    63,
    71,
    80,
    82,
    90,
    94,
    103,
    106,
    109,
    110,
    112,
    113,
    120,
    133,
    138,
    148,
    160,
    166,
    168,
}
APPROX = {
    14,
    23,
    26,
    27,
    31,
    46,
    48,
    51,
    53,
    54,
    68,
    69,
    73,
    75,
    77,
    78,
    84,
    97,
    114,
    117,
    122,
    123,
    124,
    125,
    134,
    150,
    167,
    169,
    170,
}
AT_MOST = {22, 25, 38, 127, 153}
# flows whose cut-off date the source does not state: the period end is unknown
CUTOFF_UNKNOWN = {4, 5, 24}
# figures whose period the source does not pin down: undated, kept out of the series
MONTHS_DROP = {120}  # 'over the same five years', no dates: a 60-month total of no known period
# the same paper as independent_estimates rows 8-10, cited through a mirror
PMC_MIRROR = "https://springerlink.bibliotecabuap.elogim.com/doi/10.1007/s10461-013-0484-2"
PMC_URL = "https://pmc.ncbi.nlm.nih.gov/articles/PMC5859560"

UNIT = {
    "count": "count",
    "t": "t",
    "kg": "kg",
    "pct": "percent",
    "pct_yoy": "percent",
    "USD": "USD",
    "KZT": "KZT",
    "ha": "ha",
    "pills": "pills",
    # rates: the period carries the 'per year'
    "t/yr": "t",
    "kg/yr": "kg",
    "KZT/yr": "KZT",
}


def _kind(note: str, url: str) -> str:
    n = note.lower()
    if n.startswith(("incsr", "us govt plan")) or "incsr country report" in n:
        return "INCSR" if n.startswith("incsr") else "secondary"
    if n.startswith(("draft cable", "embassy draft cable")):
        return "draft_cable"
    if n.startswith("cadap"):
        return "CADAP"
    if n.startswith("academic"):
        return "academic"
    if n.startswith("national poverty reduction strategy"):
        return "government"
    if n.startswith(("secondary", "undp", "blogger")):
        return "secondary"
    if n.startswith(("news", "opinion", "same report")):
        return "news" if not n.startswith("same report") else "INCSR"
    raise ValueError(f"cannot tell the kind of source of {url}: {note[:60]}")


def _edition(row: pd.Series) -> str:
    if pd.notna(row.edition_year):
        return str(int(row.edition_year))
    m = re.match(r"news(?: \(.*?\))? (\d{4})(?:-\d{2}-\d{2})?[: ]", row.note)
    return m.group(1) if m else ""


def _num(x: float) -> str:
    if pd.isna(x):
        return ""
    return f"{x:.10g}"


class Sources:
    """Collects sources.csv rows, one per URL."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}
        self.by_url: dict[str, str] = {}

    def add(
        self,
        url: str,
        kind: str,
        title: str,
        publisher: str,
        edition: str,
        note: str = "",
        sid: str | None = None,
    ) -> str:
        if url in self.by_url:
            return self.by_url[url]
        if sid is None:
            host = urlparse(url).netloc.removeprefix("www.").split(".")[0]
            base = f"{kind.lower()}-{edition or 'nd'}-{host}"
            sid, n = base, 2
            while sid in self.rows:
                sid, n = f"{base}-{n}", n + 1
        self.rows[sid] = {
            "source_id": sid,
            "kind": kind,
            "title": title,
            "publisher": publisher,
            "edition": edition,
            "url": url,
            "note": note,
        }
        self.by_url[url] = sid
        return sid


COUNTRY_NAME = {v: k for k, v in ISO3.items()}
PUBLISHER = {
    "INCSR": "U.S. Department of State, Bureau of International Narcotics and Law Enforcement Affairs",
    "draft_cable": "U.S. Embassy (draft cable for the INCSR)",
    "CADAP": "EU Central Asia Drug Action Programme (CADAP 5)",
}


def _title(kind: str, iso: str, edition: str, url: str, note: str) -> tuple[str, str]:
    host = urlparse(url).netloc.removeprefix("www.")
    country = COUNTRY_NAME[iso]
    if kind == "INCSR":
        return (
            f"International Narcotics Control Strategy Report {edition}, {country} chapter",
            PUBLISHER["INCSR"],
        )
    if kind == "draft_cable":
        m = re.search(r"(\d\d[A-Z]+\d+)", url.upper())
        cable = f" ({m.group(1)})" if m else ""
        return (
            f"Embassy draft cable for INCSR {edition}, {country}{cable}",
            PUBLISHER["draft_cable"],
        )
    if kind == "CADAP":
        return ("CADAP 5 country page: drug situation in Kazakhstan", PUBLISHER["CADAP"])
    if kind == "government":
        return (
            "Kyrgyz Republic National Poverty Reduction Strategy 2003-2005",
            "Government of the Kyrgyz Republic",
        )
    m = re.search(r"(\d{4}-\d{2}-\d{2})", note)
    when = f", {m.group(1)}" if m else ""
    if kind == "academic":
        return (f"Academic publication on drug use and HIV in Central Asia ({host})", host)
    if kind == "news":
        return (f"{host} news item on {country}{when}", host)
    return (f"{host} page on {country}{when}", host)


def gathered(shared: Path, sources: Sources) -> list[dict]:
    g = pd.read_csv(shared / "gathered_figures.csv")
    # the kind of a source is told by the note of its first row
    first_note = g.drop_duplicates("source_url").set_index("source_url")["note"]
    out = []
    for i, row in g.iterrows():
        iso = ISO3[row.country]
        url = PMC_URL if row.source_url == PMC_MIRROR else row.source_url
        kind = _kind(first_note[row.source_url], url)
        edition = _edition(row)
        title, publisher = _title(kind, iso, edition, url, row.note)
        src_note = "also mirrored at " + PMC_MIRROR if url == PMC_URL else ""
        if url == PMC_URL:
            title = "El-Bassel et al. (2013), AIDS and Behavior 17:2490 (PMC5859560)"
            publisher = "AIDS and Behavior (Springer)"
        sid = sources.add(
            url,
            kind,
            title,
            publisher,
            edition,
            src_note,
        )
        indicator = ROW_INDICATOR.get(i, RENAME.get(row.indicator, row.indicator.lower()))
        if indicator == "programme_budget" and row.unit == "KZT":
            indicator = "programme_budget_kzt"
        if indicator.endswith(("_KNB", "_DCA")):
            indicator = indicator.lower()
        indicator = indicator.replace("_kNB", "_knb")
        qualifier = (
            "at_least"
            if i in AT_LEAST
            else "approx"
            if i in APPROX
            else "at_most"
            if i in AT_MOST
            else ""
        )
        value, lower, upper = _num(row.value), _num(row.value_low), _num(row.value_high)
        if value and lower == value and not upper:
            lower, qualifier = "", qualifier or "at_least"
        start = row.period_start if pd.notna(row.period_start) else ""
        end = row.period_end if pd.notna(row.period_end) else ""
        if i in CUTOFF_UNKNOWN:
            end = ""
        months = (
            "" if pd.isna(row.months_covered) or i in MONTHS_DROP else str(int(row.months_covered))
        )
        if months and not end:
            months = ""
        note = row.note
        if row.unit in ("t/yr", "kg/yr", "KZT/yr"):
            note += " [per year]"
        if i in CUTOFF_UNKNOWN:
            note += " [cut-off date not stated: period end left open]"
        if i in MONTHS_DROP:
            note += " [a total over five unstated years: left undated]"
        out.append(
            {
                "record_id": f"{iso}-g{i:03d}",
                "country": iso,
                "indicator": indicator,
                "value": value,
                "lower": lower,
                "upper": upper,
                "qualifier": qualifier,
                "unit": "USD/kg" if indicator == "heroin_wholesale_price" else UNIT[row.unit],
                "period_start": start,
                "period_end": end,
                "months": months,
                "edition": edition,
                "source_id": sid,
                "locator": row.locator,
                "note": note,
            }
        )
    return out


# ------------------------------------------------------------------ independent estimates

# only the rows that gathered_figures.csv does not already hold (see the module docstring)
INDEPENDENT = {
    2: ("estimated_regular_drug_users", "at_least", "", "2002"),
    3: ("registered_pwid", "", "", ""),
    4: ("estimated_pwid", "approx", "", ""),
    5: ("hiv_prevalence_pwid", "", "", ""),
    6: ("estimated_pwid", "", "2010", "2013"),
    10: ("estimated_pwid", "", "", ""),
    11: ("hiv_prevalence_pwid", "", "", ""),
    18: ("new_registered_substance_disorders", "", "2010", ""),
    23: ("heroin_wholesale_price", "", "", ""),
}
INDEPENDENT_SKIPPED = {
    0: "same figure as gathered row 26",
    1: "same figure as gathered row 27",
    7: "same figure as gathered row 52",
    8: "same figure as gathered row 53",
    9: "same figure as gathered row 54",
    12: "same figure as gathered row 119",
    13: "same figure as gathered row 69",
    14: "same figure as gathered row 121",
    15: "same figure as gathered row 122",
    16: "same figure as gathered row 109",
    17: "same figure as gathered row 123",
    19: "same figure as gathered row 49",
    20: "same figure as gathered row 50",
    21: "same figure as gathered row 43",
    22: "same figure as gathered row 42",
    24: "police valuation of one seizure, not a market price",
    25: "police valuation of one seizure, not a market price",
    26: "regional total for five countries, not one country",
}


def independent(shared: Path, sources: Sources) -> list[dict]:
    e = pd.read_csv(shared / "independent_estimates.csv")
    assert set(INDEPENDENT) | set(INDEPENDENT_SKIPPED) == set(range(len(e))), "unreviewed rows"
    out = []
    for i, (indicator, qualifier, year, edition) in INDEPENDENT.items():
        row = e.loc[i]
        iso = ISO3[row.country]
        host = urlparse(row.source_url).netloc.removeprefix("www.")
        kind = (
            "academic"
            if "pmc.ncbi" in row.source_url or "dissertation" in row.source_url
            else (
                "secondary"
                if host in ("factsanddetails.com", "harmreductioneurasia.org")
                else "news"
            )
        )
        title = {
            "thenewhumanitarian.org": "IRIN special report: Kazakhstan, HIV/AIDS and drug addiction",
            "pmc.ncbi.nlm.nih.gov": "Overdose in Central Asia, Drug and Alcohol Dependence 2013 (PMC3889168), Table 1",
            "dissertation.xlibx.info": "Drug Law and Health Policy Resource Network: Kazakhstan country profile (24 Jan 2002)",
            "harmreductioneurasia.org": "Eurasian Harm Reduction Association: the costs of criminalization, Kazakhstan",
            "caravan.kz": "caravan.kz news item on Kazakhstan",
            "factsanddetails.com": "factsanddetails.com: heroin in Central Asia (web compilation)",
        }[host]
        sid = sources.add(row.source_url, kind, title, host, edition)
        value, lower, upper = _num(row.value), _num(row.value_low), _num(row.value_high)
        if value and lower == value:
            lower = ""
        if not value and lower and upper:
            qualifier = ""
        unit = {"persons": "count", "percent": "percent", "USD per kg": "USD/kg"}[row.unit]
        start = f"{year}-01" if year else ""
        end = f"{year}-12" if year else ""
        out.append(
            {
                "record_id": f"{iso}-e{i:02d}",
                "country": iso,
                "indicator": indicator,
                "value": value,
                "lower": lower,
                "upper": upper,
                "qualifier": qualifier,
                "unit": unit,
                "period_start": start,
                "period_end": end,
                "months": "",
                "edition": edition,
                "source_id": sid,
                "locator": row.population_definition,
                "note": row.note,
            }
        )
    return out


# ------------------------------------------------------------------ UNODC tables

SEIZURE_DRUG = {
    "Heroin": "heroin_seizures",
    "Opium": "opium_seizures",
    "Illicit morphine": "morphine_seizures",
    "Marijuana (herb)": "marijuana_seizures",
    "Cannabis herb (marijuana)": "marijuana_seizures",
    "Hashish (resin)": "hashish_seizures",
    "Cannabis resin (hashish)": "hashish_seizures",
    "Cannabis plants": "cannabis_plant_seizures",
    "Poppy plants": "poppy_plant_seizures",
    "Poppy straw (seed heads, pods or capsules)": "poppy_straw_seizures",
    "Cocaine (base, paste and salts)": "cocaine_seizures",
    "Cocaine salts": "cocaine_seizures",
    "Cocaine hydrochloride": "cocaine_seizures",
    "Methamphetamine": "methamphetamine_seizures",
    "Amphetamine": "amphetamine_seizures",
}
PRICE_DRUG = {
    "Heroin": "heroin",
    "Opium": "opium",
    "Hashish (resin)": "hashish",
    "Cannabis resin (hashish)": "hashish",
    "Marijuana (herb)": "marijuana",
    "Cannabis herb (marijuana)": "marijuana",
}
PREVALENCE_DRUG = {
    "Opiates": "prevalence_opiates",
    "Opioids": "prevalence_opioids",
    "Prescription opioids": "prevalence_prescription_opioids",
    "Cannabis": "prevalence_cannabis",
    "Amphetamines": "prevalence_amphetamines",
    "Cocaine": "prevalence_cocaine",
    "Ecstasy": "prevalence_ecstasy",
    "Tranquillizers and sedatives": "prevalence_tranquillizers",
}
CRIME_INDICATOR = {
    "drug_related_offences_calculated_total": "drug_offences_registered",
    "drug_related_offences_trafficking": "drug_trafficking_offences",
    "drug_related_offences_use_possession": "drug_possession_offences",
    "persons_formal_police_contact_trafficking_total": "persons_police_contact_trafficking",
    "persons_formal_police_contact_use_possession_total": "persons_police_contact_possession",
}

UNODC_SOURCES = {
    "us": dict(
        sid="unodc-seizures-1990-2019",
        kind="UNODC",
        title="UNODC annual drug seizures by country and drug, 1990-2019 (data portal extract)",
        publisher="United Nations Office on Drugs and Crime",
        edition="2021",
        url="https://github.com/raquelbaeta/r-masters-commitment-and-cocaine-seizures",
        note=(
            "copy: seizures_unodc.xlsx at commit 19368258b724222a59f63c65529407cb0567dda0; "
            "the file states no unit, kilograms fit every cross-check; edition taken as 2021, "
            "the first World Drug Report with 2019 data"
        ),
    ),
    "ws": dict(
        sid="unodc-wdr-seizures-2018-2022",
        kind="UNODC",
        title="UNODC World Drug Report statistical annex: drug seizures 2018-2022",
        publisher="United Nations Office on Drugs and Crime",
        edition="2024",
        url="https://github.com/iujiban/SNU-INFOVIS-PROJECT",
        note=(
            "copy: src/data/Drug_seizures_2018_2022.json at b06a784; edition taken as 2024, "
            "the first World Drug Report with 2022 data"
        ),
    ),
    "wp": dict(
        sid="unodc-wdr-prices-2018-2022",
        kind="UNODC",
        title="UNODC World Drug Report statistical annex: retail and wholesale drug prices 2018-2022",
        publisher="United Nations Office on Drugs and Crime",
        edition="2024",
        url="https://github.com/iujiban/SNU-INFOVIS-PROJECT",
        note="copy: src/data/Prices_of_drugs.json at b06a784; edition taken as 2024",
    ),
    "pv": dict(
        sid="unodc-wdr2022-prevalence",
        kind="UNODC",
        title="UNODC World Drug Report 2022 statistical annex: prevalence of drug use in the general population",
        publisher="United Nations Office on Drugs and Crime",
        edition="2022",
        url="https://github.com/MaxBubblegum47/Big_Data",
        note="copy: DataAnalytics/1.2_-_Prevalence_of_drug_use_in_the_general_population_including_NPS_national_data.xlsx at 12303e6",
    ),
    "cr": dict(
        sid="unodc-wdr2022-crimes",
        kind="UNODC",
        title="UNODC World Drug Report 2022 statistical annex: drug-related crimes",
        publisher="United Nations Office on Drugs and Crime",
        edition="2022",
        url="https://github.com/MaxBubblegum47/Big_Data",
        note="copy: DataAnalytics/10.1_-_Drug_related_crimes.xlsx at 12303e6",
    ),
    "th": dict(
        sid="thesis-heroin-prices-2006-2017",
        kind="secondary",
        title="Network-science thesis features built from UNODC wholesale heroin prices, 2006-2017",
        publisher="MateiCosa/Network_Science (GitHub)",
        edition="",
        url="https://github.com/MateiCosa/Network_Science",
        note=(
            "copy: data/R_data/Heroin_nodes_<year>.csv at 451bcb5; the author filled missing "
            "country-years with regional means: only values unique in their year are kept"
        ),
    ),
}


def _unodc_source(sources: Sources, key: str) -> str:
    s = dict(UNODC_SOURCES[key])
    sid = s.pop("sid")
    url = s.pop("url")
    if sid in sources.rows:
        return sid
    sources.rows[sid] = {"source_id": sid, "url": url, **s}
    return sid


def _year_record(prefix: str, iso: str, indicator: str, year: int, **fields) -> dict:
    rec = {c: "" for c in COLUMNS}
    rec.update(
        record_id=f"{iso}-{prefix}-{indicator}-{year}",
        country=iso,
        indicator=indicator,
        period_start=f"{year}-01",
        period_end=f"{year}-12",
        months="12",
    )
    rec.update(fields)
    return rec


def unodc(shared: Path, sources: Sources) -> tuple[list[dict], dict[str, int]]:
    u = shared / "unodc"
    out: list[dict] = []
    skipped: dict[str, int] = {}

    for key, fname in (
        ("us", "unodc_seizures_1990_2019.csv"),
        ("ws", "wdr_seizures_2018_2022.csv"),
    ):
        sid = _unodc_source(sources, key)
        frame = pd.read_csv(u / fname)
        frame["indicator"] = frame["drug"].map(SEIZURE_DRUG)
        skipped[fname] = int(frame["indicator"].isna().sum())
        frame = frame.dropna(subset=["indicator"])
        # one figure per country, indicator and year: where two UNODC categories map to the
        # same indicator (cocaine salts inside 'cocaine base, paste and salts'), keep the wider
        frame["_order"] = frame["drug"].map({"Cocaine (base, paste and salts)": 0}).fillna(1)
        frame = frame.sort_values(["country", "indicator", "year", "_order"])
        dup = frame.duplicated(["country", "indicator", "year"])
        skipped[fname] += int(dup.sum())
        for row in frame[~dup].itertuples():
            out.append(
                _year_record(
                    key,
                    ISO3[row.country],
                    row.indicator,
                    int(row.year),
                    value=_num(row.value),
                    unit="kg",
                    edition=UNODC_SOURCES[key]["edition"],
                    source_id=sid,
                    locator=f"drug={row.drug}",
                    note=f"UNODC category '{row.drug}'; {row.note}",
                )
            )

    # prices: typical, minimum and maximum of one drug, level and year make one record
    sid = _unodc_source(sources, "wp")
    p = pd.read_csv(u / "wdr_prices_2018_2022.csv")
    p["drugkey"] = p["drug"].map(PRICE_DRUG)
    p["level"] = p["indicator"].str.extract(r"price_(retail|wholesale)_")[0]
    p["stat"] = p["indicator"].str.extract(r"_(typical|minimum|maximum)_usd")[0]
    keep = p["drugkey"].notna() & ~p["unit"].isin(
        ["USD per unit", "USD per ", "USD per Dose", "USD per tablet"]
    )
    skipped["wdr_prices_2018_2022.csv"] = int((~keep).sum())
    for (country, dk, level, year, drug), grp in p[keep].groupby(
        ["country", "drugkey", "level", "year", "drug"]
    ):
        stats = {r.stat: (r.value, r.unit) for r in grp.itertuples()}
        units = {unit for _, unit in stats.values()}
        if len(units) > 1:
            raise ValueError(f"mixed units in one price record: {country} {drug} {year} {units}")
        unit = units.pop()
        indicator = f"{dk}_{level}_price"
        typ = stats.get("typical", (float("nan"), unit))[0]
        lo = stats.get("minimum", (float("nan"), unit))[0]
        hi = stats.get("maximum", (float("nan"), unit))[0]
        note = (
            f"UNODC {level} price of '{drug}': typical, minimum and maximum as value, lower, upper"
        )
        if level == "wholesale" and unit == "USD per g":
            note += "; quoted per gram although wholesale, check against per-kilogram years"
        iso = ISO3[country]
        rec_id = f"{iso}-wp-{indicator}-{year}"
        if any(r["record_id"] == rec_id for r in out):
            # two UNODC names for the same drug in one year: keep the first, say so
            skipped["wdr_prices_2018_2022.csv"] += len(grp)
            continue
        common = dict(
            unit=unit, edition="2024", source_id=sid, locator=f"drug={drug}; level={level}"
        )
        if lo > hi:
            note += (
                f"; the source gives a minimum ({lo:g}) above its maximum ({hi:g}): stored sorted"
            )
            lo, hi = hi, lo
        below = not pd.isna(lo) and typ < lo
        above = not pd.isna(hi) and typ > hi
        if not pd.isna(typ) and (below or above):
            # the source contradicts itself: keep both figures, as two records, so that
            # the conflict shows instead of being averaged or dropped
            note += (
                "; the typical price lies outside the minimum-maximum range: kept as two records"
            )
            out.append(
                _year_record("wp", iso, indicator, int(year), value=_num(typ), note=note, **common)
                | {"record_id": f"{rec_id}-typical"}
            )
            out.append(
                _year_record(
                    "wp",
                    iso,
                    indicator,
                    int(year),
                    lower=_num(lo),
                    upper=_num(hi),
                    note=note,
                    **common,
                )
                | {"record_id": f"{rec_id}-range"}
            )
            continue
        out.append(
            _year_record(
                "wp",
                iso,
                indicator,
                int(year),
                value=_num(typ),
                lower=_num(lo),
                upper=_num(hi),
                note=note,
                **common,
            )
        )

    # prevalence: best estimate with its low and high bounds
    sid = _unodc_source(sources, "pv")
    v = pd.read_csv(u / "wdr2022_annex_prevalence.csv")
    gen = v[
        v["indicator"].isin(
            ["annual_prevalence_best", "annual_prevalence_low", "annual_prevalence_high"]
        )
    ]
    skipped["wdr2022_annex_prevalence.csv"] = int(len(v) - len(gen))
    for (country, drug, year), grp in gen.groupby(["country", "drug", "year"]):
        stats = {r.indicator.rsplit("_", 1)[1]: r for r in grp.itertuples()}
        best = stats.get("best")
        if best is None:
            skipped["wdr2022_annex_prevalence.csv"] += len(grp)
            continue
        lo = stats["low"].value if "low" in stats else float("nan")
        hi = stats["high"].value if "high" in stats else float("nan")
        out.append(
            _year_record(
                "pv",
                ISO3[country],
                PREVALENCE_DRUG[drug],
                int(year),
                value=_num(best.value),
                lower=_num(lo),
                upper=_num(hi),
                unit="percent",
                edition="2022",
                source_id=sid,
                locator=f"sheet={drug}",
                note=f"UNODC annual prevalence; {best.note}",
            )
        )

    # crimes
    sid = _unodc_source(sources, "cr")
    c = pd.read_csv(u / "wdr2022_annex_drug_related_crimes.csv")
    c = c[c["drug"] == "All illicit drugs"]
    c["slug"] = c["indicator"].map(CRIME_INDICATOR)
    skipped["wdr2022_annex_drug_related_crimes.csv"] = int(c["slug"].isna().sum()) + 11
    for row in c.dropna(subset=["slug"]).itertuples():
        out.append(
            _year_record(
                "cr",
                ISO3[row.country],
                row.slug,
                int(row.year),
                value=_num(row.value),
                unit="count",
                edition="2022",
                source_id=sid,
                locator=f"indicator={row.indicator}",
                note=f"UNODC {row.unit}; {row.note}" if pd.notna(row.note) else f"UNODC {row.unit}",
            )
        )

    # thesis prices: reported values only (a value shared by other countries that year is
    # the author's regional fill-in, not data)
    sid = _unodc_source(sources, "th")
    t = pd.read_csv(u / "heroin_wholesale_prices_thesis_2006_2017.csv")
    t = t[(t["indicator"] == "wholesale_price_typical_usd_per_kg") & (t["drug"] == "Heroin")]
    reported = t["note"].str.contains("value unique this year")
    skipped["heroin_wholesale_prices_thesis_2006_2017.csv"] = int(
        len(pd.read_csv(u / "heroin_wholesale_prices_thesis_2006_2017.csv")) - reported.sum()
    )
    for row in t[reported].itertuples():
        out.append(
            _year_record(
                "th",
                ISO3[row.country],
                "heroin_wholesale_price",
                int(row.year),
                value=_num(round(row.value, 2)),
                unit="USD/kg",
                source_id=sid,
                locator=f"{row.source_path}",
                note="typical wholesale price from UNODC price data as used by the thesis; value unique in its year, so probably reported",
            )
        )
    return out, skipped


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    sources = Sources()
    rows = gathered(args.shared, sources) + independent(args.shared, sources)
    more, skipped = unodc(args.shared, sources)
    rows += more

    data = ROOT / "data"
    with open(data / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(
            fh,
            fieldnames=["source_id", "kind", "title", "publisher", "edition", "url", "note"],
            lineterminator="\n",
        )
        w.writeheader()
        for sid in sorted(sources.rows):
            w.writerow(sources.rows[sid])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    (data / "records").mkdir(exist_ok=True)
    for old in (data / "records").glob("*.csv"):
        old.unlink()
    for iso, grp in frame.groupby("country"):
        grp = grp.sort_values(["indicator", "period_start", "record_id"], kind="stable")
        grp.to_csv(data / "records" / f"{iso}.csv", index=False, lineterminator="\n")
    print(
        f"wrote {len(frame)} records for {frame['country'].nunique()} countries, "
        f"{len(sources.rows)} sources",
        file=sys.stderr,
    )
    for name, n in skipped.items():
        print(f"  not imported from {name}: {n} rows", file=sys.stderr)

    sys.path.insert(0, str(ROOT / "src"))
    from drugtrends import records

    table = records.load(data)
    checks = {
        ("KAZ", "heroin_seizures", "KAZ-us-heroin_seizures-2013"): 753.9,
        ("KAZ", "heroin_seizures", "KAZ-us-heroin_seizures-2014"): 392.3,
        ("KAZ", "heroin_seizures", "KAZ-us-heroin_seizures-2009"): 731.6,
        ("KAZ", "heroin_seizures", "KAZ-us-heroin_seizures-2010"): 323.0,
        ("KAZ", "drug_seizures_total", "KAZ-g176"): 23800.0,
        ("KAZ", "registered_drug_users", "KAZ-g184"): 36137.0,
    }
    for (_iso, ind, rid), want in checks.items():
        got = table.loc[table["record_id"] == rid, "value"]
        assert len(got) == 1 and abs(got.iloc[0] - want) <= 1e-3 * want, (rid, got.tolist(), want)
        assert table.loc[table["record_id"] == rid, "indicator"].iloc[0] == ind
    print(f"validated {len(table)} records; cross-checks passed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
