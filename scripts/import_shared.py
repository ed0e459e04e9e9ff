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

The UNODC tables are read for every country from ``unodc_world/`` (see its README); the
thesis prices from ``unodc/``. Decisions about single raw rows (a KNB figure filed under a
national indicator, "more than" read from a note, ...) are not code: they are listed, each
with its reason, in ``data/import_decisions.csv``. The rules for the UNODC tables (which
rows are summed, which are kept but marked ``suspect``) are stated in ``data/README.md``.

Run: ``python scripts/import_shared.py [../shared/data]``; the output is deterministic. It
validates the result with ``drugtrends.records.load`` and runs the cross-checks listed in
data/README.md.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from drugtrends.units import UnitError, convert_factor  # noqa: E402

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

# ------------------------------------------------------------------ row decisions

DECISION_FIELDS = {
    "gathered_figures.csv": ("indicator", "qualifier", "period_end", "months"),
    "independent_estimates.csv": ("indicator", "qualifier", "year", "edition", "skip"),
}


def load_decisions(path: Path) -> dict[str, dict[int, dict[str, str]]]:
    """Read ``data/import_decisions.csv``: one reviewed decision about one raw row a line.

    Columns ``file, row, field, value, reason``. ``row`` is the 0-based data row of the raw
    file. Fields: ``indicator`` (the slug the row is filed under), ``qualifier``
    (``at_least``/``approx``/``at_most``), ``period_end=open`` (the cut-off is not stated),
    ``months=drop`` (a total over unstated years: left undated), and for the independent
    estimates ``year``, ``edition`` and ``skip`` (left out, the reason says why).
    """
    out: dict[str, dict[int, dict[str, str]]] = {name: {} for name in DECISION_FIELDS}
    with open(path, newline="", encoding="utf-8") as fh:
        for line, rec in enumerate(csv.DictReader(fh), start=2):
            fields = DECISION_FIELDS.get(rec["file"])
            if fields is None or rec["field"] not in fields:
                raise SystemExit(
                    f"{path}, row {line}: unknown file or field {rec['file']!r} {rec['field']!r}"
                )
            if not rec["reason"].strip():
                raise SystemExit(f"{path}, row {line}: every decision needs a reason")
            mine = out[rec["file"]].setdefault(int(rec["row"]), {})
            if rec["field"] in mine:
                raise SystemExit(f"{path}, row {line}: {rec['field']} decided twice for this row")
            mine[rec["field"]] = rec["value"]
    return out


def _check_decided(decisions: dict[int, dict[str, str]], n_rows: int, name: str) -> None:
    outside = sorted(r for r in decisions if not 0 <= r < n_rows)
    if outside:
        raise SystemExit(f"data/import_decisions.csv names rows {outside} that {name} lacks")


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


def gathered(shared: Path, sources: Sources, decisions: dict[int, dict[str, str]]) -> list[dict]:
    g = pd.read_csv(shared / "gathered_figures.csv")
    _check_decided(decisions, len(g), "gathered_figures.csv")
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
        mine = decisions.get(i, {})
        indicator = mine.get("indicator", RENAME.get(row.indicator, row.indicator.lower()))
        if indicator == "programme_budget" and row.unit == "KZT":
            indicator = "programme_budget_kzt"
        if indicator.endswith(("_KNB", "_DCA")):
            indicator = indicator.lower()
        indicator = indicator.replace("_kNB", "_knb")
        qualifier = mine.get("qualifier", "")
        value, lower, upper = _num(row.value), _num(row.value_low), _num(row.value_high)
        if value and lower == value and not upper:
            lower, qualifier = "", qualifier or "at_least"
        start = row.period_start if pd.notna(row.period_start) else ""
        end = row.period_end if pd.notna(row.period_end) else ""
        cutoff_unknown = mine.get("period_end") == "open"
        months_drop = mine.get("months") == "drop"
        if cutoff_unknown:
            end = ""
        months = "" if pd.isna(row.months_covered) or months_drop else str(int(row.months_covered))
        if months and not end:
            months = ""
        note = row.note
        if row.unit in ("t/yr", "kg/yr", "KZT/yr"):
            note += " [per year]"
        if cutoff_unknown:
            note += " [cut-off date not stated: period end left open]"
        if months_drop:
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


def independent(shared: Path, sources: Sources, decisions: dict[int, dict[str, str]]) -> list[dict]:
    e = pd.read_csv(shared / "independent_estimates.csv")
    _check_decided(decisions, len(e), "independent_estimates.csv")
    unreviewed = [
        i
        for i in range(len(e))
        if ("indicator" in decisions.get(i, {})) == ("skip" in decisions.get(i, {}))
    ]
    if unreviewed:
        raise SystemExit(
            f"independent_estimates.csv rows {unreviewed}: each row needs exactly one of an "
            "'indicator' or a 'skip' decision in data/import_decisions.csv"
        )
    out = []
    for i in sorted(i for i, d in decisions.items() if "indicator" in d):
        d = decisions[i]
        indicator, qualifier = d["indicator"], d.get("qualifier", "")
        year, edition = d.get("year", ""), d.get("edition", "")
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


# ------------------------------------------------------------------ UNODC tables, all countries

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
    "3,4-methylenedioxymethamphetamine (MDMA)": "mdma_seizures",
}
# where two categories of one file map to one indicator, the first listed wins
SEIZURE_PREFERENCE = ("Cocaine (base, paste and salts)",)
PRICE_DRUG = {
    "Heroin": "heroin",
    "Opium": "opium",
    "Hashish (resin)": "hashish",
    "Cannabis resin (hashish)": "hashish",
    "Marijuana (herb)": "marijuana",
    "Cannabis herb (marijuana)": "marijuana",
    "Cocaine hydrochloride": "cocaine",
    "Cocaine salts": "cocaine",
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
# a year quoted in another unit is a likely unit error when, once converted, it stands more
# than this factor away from the median of the years quoted in the other unit(s)
UNIT_CHANGE_FACTOR = 10.0
SUSPECT = "suspect"

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
            "the first World Drug Report with 2022 data; several rows per country, year and "
            "drug are summed, aggregate ('Total ...') rows are never added to their parts"
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


def _year_record(
    prefix: str, iso: str, indicator: str, year: int, last: int | None = None, **fields
) -> dict:
    """A record for one calendar year (or the years ``year``-``last``)."""
    last = year if last is None else last
    rec = {c: "" for c in COLUMNS}
    rec.update(
        record_id=f"{iso}-{prefix}-{indicator}-{year}" + (f"-{last}" if last != year else ""),
        country=iso,
        indicator=indicator,
        period_start=f"{year}-01",
        period_end=f"{last}-12",
        months=str(12 * (last - year + 1)),
    )
    rec.update(fields)
    return rec


def _read(path: Path) -> pd.DataFrame:
    """A raw UNODC file as text (values compared and converted by this script only)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _flag(note: str) -> str:
    """The unit flag the extraction left in a note ('' when none)."""
    m = re.search(r"unit_flag=(.*)$", note)
    return m.group(1).strip() if m else ""


def _plain_note(note: str) -> str:
    return re.sub(r";?\s*unit_flag=.*$", "", note).strip("; ")


def is_aggregate(drug: str, subgroup: str = "") -> bool:
    """Is a WDR seizure row an aggregate of other rows (never to be added to its parts)?

    Drug names beginning ``Total``, the cocaine row ``(total of the above...)`` and the
    subgroups ``Reported total ...`` are aggregates.

    >>> is_aggregate('Total "ecstasy"-type substances (including the above)')
    True
    >>> is_aggregate("Heroin", "Opiates")
    False
    """
    d = drug.strip().lower()
    return (
        d.startswith("total ")
        or "(total of the above" in d
        or subgroup.strip().lower().startswith("reported total")
    )


def wdr_seizure_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum the WDR 2018-2022 seizure rows per country, year and drug, aggregates left out.

    The annex holds several rows per country, year and drug (reporting units or agencies):
    their sum is the national total. Aggregate rows (:func:`is_aggregate`) are dropped,
    never added to their components.

    Returns one row per ``iso3, year, drug`` with ``value`` (the sum), ``parts`` (rows
    summed) and ``flags`` (unit flags of the parts, joined).
    """
    sub = frame["note"].str.extract(r"drug_subgroup=([^;]*)")[0].fillna("")
    agg = [is_aggregate(d, s) for d, s in zip(frame["drug"], sub, strict=True)]
    parts = frame[~pd.Series(agg, index=frame.index)].copy()
    parts["value"] = parts["value"].astype(float)
    parts["flag"] = parts["note"].map(_flag)
    out = parts.groupby(["iso3", "year", "drug"], sort=True).agg(
        value=("value", "sum"),
        parts=("value", "size"),
        flags=("flag", lambda f: " | ".join(sorted({x for x in f if x}))),
    )
    return out.reset_index()


def seizures(world: Path, sources: Sources, skipped: dict) -> list[dict]:
    out: list[dict] = []
    for key, fname in (
        ("us", "unodc_seizures_1990_2019.csv"),
        ("ws", "wdr_seizures_2018_2022.csv"),
    ):
        sid = _unodc_source(sources, key)
        raw = _read(world / fname)
        if key == "ws":
            frame = wdr_seizure_sums(raw)
            skipped[fname] = {
                "aggregate rows (never added to their parts)": int(len(raw) - frame["parts"].sum())
            }
        else:
            if raw.duplicated(["iso3", "year", "drug"]).any():
                raise SystemExit(f"{fname}: several rows for one country, year and drug")
            frame = raw.assign(
                value=raw["value"].astype(float), parts=1, flags=raw["note"].map(_flag)
            )
            skipped[fname] = {}
        frame["indicator"] = frame["drug"].map(SEIZURE_DRUG)
        other = frame["indicator"].isna()
        skipped[fname]["drugs not imported"] = int(frame.loc[other, "parts"].sum())
        frame = frame[~other].copy()
        order = {d: i for i, d in enumerate(SEIZURE_PREFERENCE)}
        frame["_order"] = frame["drug"].map(order).fillna(len(order))
        frame = frame.sort_values(["iso3", "indicator", "year", "_order", "drug"])
        dup = frame.duplicated(["iso3", "indicator", "year"])
        skipped[fname]["narrower category of a drug already counted"] = int(
            frame.loc[dup, "parts"].sum()
        )
        for row in frame[~dup].itertuples():
            note = f"UNODC category '{row.drug}'"
            if row.parts > 1:
                note += f"; the sum of {row.parts} rows of the annex table"
            qualifier = ""
            if row.flags:
                qualifier = SUSPECT
                note += f"; unit flag: {row.flags}"
            out.append(
                _year_record(
                    key,
                    row.iso3,
                    row.indicator,
                    int(row.year),
                    value=_num(row.value),
                    qualifier=qualifier,
                    unit="kg",
                    edition=UNODC_SOURCES[key]["edition"],
                    source_id=sid,
                    locator=f"drug={row.drug}",
                    note=note,
                )
            )
    return out


def _price_factor(unit: str, canonical: str) -> float | None:
    try:
        return convert_factor(unit, canonical)
    except UnitError:
        return None


def prices(world: Path, sources: Sources, skipped: dict, indicators: pd.DataFrame) -> list[dict]:
    """Price records: typical, minimum and maximum of one drug, level and year make one."""
    sid = _unodc_source(sources, "wp")
    fname = "wdr_prices_2018_2022.csv"
    p = _read(world / fname)
    p["drugkey"] = p["drug"].map(PRICE_DRUG)
    p["level"] = p["indicator"].str.extract(r"price_(retail|wholesale)_")[0]
    p["stat"] = p["indicator"].str.extract(r"_(typical|minimum|maximum)_usd")[0]
    p["slug"] = p["drugkey"] + "_" + p["level"] + "_price"
    p["flag"] = p["note"].map(_flag)
    skip: dict[str, int] = {"drugs not imported": int(p["drugkey"].isna().sum())}
    p = p[p["drugkey"].notna()].copy()
    p["canonical"] = p["slug"].map(indicators["units"])
    p["factor"] = [_price_factor(u, c) for u, c in zip(p["unit"], p["canonical"], strict=True)]
    nomass = p["factor"].isna()
    skip["unit not a mass (tablet, dose, unit...) or blank: cannot be a price per kg"] = int(
        nomass.sum()
    )
    p = p[~nomass]
    records: list[dict] = []
    seen: set[str] = set()
    # the annex can hold several quotes for one drug, level and year (regions, units): the
    # k-th typical, minimum and maximum in one unit make the k-th quote, in file order
    p["_pos"] = np.arange(len(p))
    p["_quote"] = p.groupby(["iso3", "slug", "year", "drug", "unit", "stat"]).cumcount()
    for (iso, slug, year, drug), group in p.groupby(["iso3", "slug", "year", "drug"], sort=True):
        base_id = f"{iso}-wp-{slug}-{year}"
        if base_id in seen:
            # two UNODC names for the same drug in one year: the first (by name) is kept
            key = "a second name for a drug already priced that year"
            skip[key] = skip.get(key, 0) + len(group)
            continue
        seen.add(base_id)
        quotes = sorted(group.groupby(["unit", "_quote"]), key=lambda kv: kv[1]["_pos"].min())
        for n, (_, grp) in enumerate(quotes, start=1):
            rec_id = base_id if n == 1 else f"{base_id}-{n}"
            records.extend(
                _price_records(grp, rec_id, iso, slug, int(year), drug, sid, n, len(quotes))
            )
    _judge_unit_changes(records)
    skipped[fname] = skip
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in records]


def _price_records(
    grp: pd.DataFrame,
    rec_id: str,
    iso: str,
    slug: str,
    year: int,
    drug: str,
    sid: str,
    n: int,
    total: int,
) -> list[dict]:
    """One quote (typical, minimum, maximum in one unit) as one record, or as two when the
    typical price lies outside its own range (the contradiction then shows as a conflict)."""
    level = grp["level"].iloc[0]
    unit = grp["unit"].iloc[0]
    factor = float(grp["factor"].iloc[0])
    stats = {r.stat: float(r.value) for r in grp.itertuples()}
    flags = sorted({f for f in " | ".join(grp["flag"]).split(" | ") if f})
    typ = stats.get("typical", math.nan)
    lo = stats.get("minimum", math.nan)
    hi = stats.get("maximum", math.nan)
    note = f"UNODC {level} price of '{drug}': typical, minimum and maximum as value, lower, upper"
    if total > 1:
        note += f"; quote {n} of {total} for this year in the annex (paired in file order)"
    reasons = [f for f in flags if not f.startswith("unit differs between years")]
    if not math.isnan(lo) and not math.isnan(hi) and lo > hi:
        note += f"; the source gives a minimum ({lo:g}) above its maximum ({hi:g}): stored sorted"
        lo, hi = hi, lo
        reasons.append("minimum above maximum")
    outside = not math.isnan(typ) and (
        (not math.isnan(lo) and typ < lo) or (not math.isnan(hi) and typ > hi)
    )
    if outside:
        reasons.append("typical price outside the minimum-maximum range")
    point = typ if not math.isnan(typ) else _geo(lo, hi)
    common = dict(
        unit=unit,
        edition="2024",
        source_id=sid,
        locator=f"drug={drug}; level={level}",
        _series=(iso, slug),
        _unit=unit,
        _point=point * factor,
        _unit_change=next((f for f in flags if f.startswith("unit differs")), ""),
        _reasons=sorted(set(reasons)),
    )
    if outside:
        note += "; the typical price lies outside the minimum-maximum range: kept as two records"
        return [
            _year_record("wp", iso, slug, year, value=_num(typ), note=note, **common)
            | {"record_id": f"{rec_id}-typical"},
            _year_record("wp", iso, slug, year, lower=_num(lo), upper=_num(hi), note=note, **common)
            | {"record_id": f"{rec_id}-range", "_point": _geo(lo, hi) * factor},
        ]
    rec = _year_record(
        "wp",
        iso,
        slug,
        year,
        value=_num(typ),
        lower=_num(lo),
        upper=_num(hi),
        note=note,
        **common,
    )
    return [rec | {"record_id": rec_id}]


def _geo(lo: float, hi: float) -> float:
    """The geometric midpoint of a price range (NaN when a bound is missing or not positive)."""
    if math.isnan(lo) or math.isnan(hi) or lo <= 0:
        return lo if math.isnan(hi) else hi if math.isnan(lo) else math.nan
    return math.sqrt(lo * hi)


def _judge_unit_changes(records: list[dict]) -> None:
    """Decide which price records are suspect; set their qualifier and say why in the note.

    A record is suspect when the source flags its unit as probably wrong (more than 100
    times off the all-country median), when typical, minimum and maximum contradict each
    other, or when the series changes unit between years and, once converted to the
    canonical unit, this year stands more than ``UNIT_CHANGE_FACTOR`` times away from the
    median of the years quoted in the other unit(s). A correctly converted change of unit
    (USD per kg in 2018-19, USD per g in 2020-21, the same price level) is not suspect.
    """
    by_series: dict[tuple, list[dict]] = {}
    for r in records:
        by_series.setdefault(r["_series"], []).append(r)
    for r in records:
        reasons = list(r["_reasons"])
        if r["_unit_change"]:
            others = [
                o["_point"]
                for o in by_series[r["_series"]]
                if o["_unit"] != r["_unit"] and o["_point"] > 0
            ]
            if others and r["_point"] > 0:
                ratio = r["_point"] / float(np.median(others))
                if max(ratio, 1 / ratio) > UNIT_CHANGE_FACTOR:
                    reasons.append(
                        f"the source changes unit between years and, converted, this year is "
                        f"x{ratio:.3g} the median of the years quoted in another unit"
                    )
                else:
                    r["note"] += (
                        "; the source changes unit between years: converted, this year agrees "
                        f"with the years quoted in another unit (x{ratio:.3g} their median)"
                    )
        if reasons:
            r["qualifier"] = SUSPECT
            r["note"] += "; suspect: " + " | ".join(reasons)


def _years(text: str) -> tuple[int, int] | None:
    """A survey year as written: 2016, 2008/09, 2014/2014; None for anything else."""
    m = re.fullmatch(r"(\d{4})(?:/(\d{2}|\d{4}))?", text.strip())
    if not m:
        return None
    first = int(m.group(1))
    if not m.group(2):
        return first, first
    last = int(m.group(2)) if len(m.group(2)) == 4 else first // 100 * 100 + int(m.group(2))
    return (first, last) if last >= first else None


def prevalence(world: Path, sources: Sources, skipped: dict) -> list[dict]:
    """Annual prevalence among the general population: best estimate, low and high."""
    sid = _unodc_source(sources, "pv")
    fname = "wdr2022_annex_prevalence.csv"
    v = _read(world / fname)
    stats = ("annual_prevalence_best", "annual_prevalence_low", "annual_prevalence_high")
    gen = v[v["indicator"].isin(stats) & v["drug"].isin(PREVALENCE_DRUG)]
    skip = {"youth surveys, male/female splits and other drugs": int(len(v) - len(gen))}
    out = []
    for (iso, drug, year), grp in gen.groupby(["iso3", "drug", "year"], sort=True):
        span = _years(year)
        if span is None:
            skip[f"year not a year ({year!r})"] = len(grp)
            continue
        by = {s: grp[grp["indicator"] == s] for s in stats}
        n = len(by[stats[0]])
        if n == 0 or any(len(by[s]) not in (0, n) for s in stats[1:]):
            skip["low/high without a matching best estimate"] = skip.get(
                "low/high without a matching best estimate", 0
            ) + len(grp)
            continue
        for k in range(n):  # several estimates for one year (two sources): paired in file order
            best = by[stats[0]].iloc[k]
            lo = float(by[stats[1]].iloc[k]["value"]) if len(by[stats[1]]) else math.nan
            hi = float(by[stats[2]].iloc[k]["value"]) if len(by[stats[2]]) else math.nan
            value = float(best["value"])
            note = f"UNODC annual prevalence; {best['note']}"
            qualifier = ""
            if (not math.isnan(lo) and value < lo) or (not math.isnan(hi) and value > hi):
                note += f"; the best estimate lies outside the low-high range ({lo:g}-{hi:g}): range left out"
                lo = hi = math.nan
                qualifier = SUSPECT
            rec = _year_record(
                "pv",
                iso,
                PREVALENCE_DRUG[drug],
                span[0],
                span[1],
                value=_num(value),
                lower=_num(lo),
                upper=_num(hi),
                qualifier=qualifier,
                unit="percent",
                edition="2022",
                source_id=sid,
                locator=f"sheet={drug}",
                note=note,
            )
            if k:
                rec["record_id"] += f"-{k + 1}"
                rec["note"] += f"; estimate {k + 1} of {n} for this year in the annex"
            out.append(rec)
    skipped[fname] = skip
    return out


def crimes(world: Path, sources: Sources, skipped: dict) -> list[dict]:
    sid = _unodc_source(sources, "cr")
    fname = "wdr2022_annex_drug_related_crimes.csv"
    raw = _read(world / fname)
    c = raw[(raw["drug"] == "All illicit drugs") & raw["indicator"].isin(CRIME_INDICATOR)]
    skipped[fname] = {"by drug, by age or sex, other offences": int(len(raw) - len(c))}
    out = []
    seen: dict[str, int] = {}
    for row in c.itertuples():
        if row.year == "Other":
            m = re.search(r"specify_year=(\d{4}) and (\d{4})", row.note)
            if not m:
                raise SystemExit(f"{fname}: year 'Other' without the years: {row}")
            first, last = int(m.group(1)), int(m.group(2))
        else:
            first = last = int(row.year)
        slug = CRIME_INDICATOR[row.indicator]
        flag = _flag(row.note)
        note = f"UNODC {row.unit}" + (f"; {_plain_note(row.note)}" if _plain_note(row.note) else "")
        if flag:
            note += f"; suspect: {flag}"
        rec = _year_record(
            "cr",
            row.iso3,
            slug,
            first,
            last,
            value=_num(float(row.value)),
            qualifier=SUSPECT if flag else "",
            unit="count",
            edition="2022",
            source_id=sid,
            locator=f"indicator={row.indicator}",
            note=note,
        )
        k = seen.get(rec["record_id"], 0) + 1
        seen[rec["record_id"]] = k
        if k > 1:  # the annex repeats a country-year with another figure: both kept
            rec["record_id"] += f"-{k}"
            rec["note"] += f"; row {k} for this country and year in the annex"
        out.append(rec)
    return out


def thesis(shared: Path, sources: Sources, skipped: dict) -> list[dict]:
    """Thesis prices: reported values only (a value shared by other countries that year is
    the author's regional fill-in, not data)."""
    sid = _unodc_source(sources, "th")
    fname = "heroin_wholesale_prices_thesis_2006_2017.csv"
    raw = pd.read_csv(shared / "unodc" / fname)
    t = raw[(raw["indicator"] == "wholesale_price_typical_usd_per_kg") & (raw["drug"] == "Heroin")]
    reported = t["note"].str.contains("value unique this year")
    skipped[fname] = {"model outputs and regional fill-ins": int(len(raw) - reported.sum())}
    return [
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
        for row in t[reported].itertuples()
    ]


def countries(world: Path) -> pd.DataFrame:
    """One row per code: the display name (the spelling with most rows, without ' (the)'),
    the UNODC region and subregion."""
    m = _read(world / "iso3_mapping.csv")
    m["rows"] = m["rows_by_file"].map(
        lambda s: sum(int(x.rsplit(":", 1)[1]) for x in s.split(";") if ":" in x)
    )
    m["name"] = m["country_as_in_source"].str.strip().str.removesuffix(" (the)")
    out = []
    for iso, grp in m.groupby("iso3", sort=True):
        names = grp.groupby("name")["rows"].sum().sort_values(ascending=False, kind="stable")
        region = grp.loc[grp["unodc_region"] != "", ["unodc_region", "unodc_subregion"]]
        reg = region.value_counts().index[0] if len(region) else ("", "")
        out.append({"iso3": iso, "name": names.index[0], "region": reg[0], "subregion": reg[1]})
    frame = pd.DataFrame(out).set_index("iso3")
    # the UK nations are parts of GBR (never summed into it): they share its region
    uk = frame.index.str.startswith("X") & frame["name"].str.startswith("United Kingdom (")
    frame.loc[uk, ["region", "subregion"]] = frame.loc["GBR", ["region", "subregion"]].to_numpy()
    return frame.reset_index()


def unodc(shared: Path, sources: Sources, indicators: pd.DataFrame) -> tuple[list[dict], dict]:
    world = shared / "unodc_world"
    skipped: dict[str, dict[str, int]] = {}
    out = seizures(world, sources, skipped)
    out += prices(world, sources, skipped, indicators)
    out += prevalence(world, sources, skipped)
    out += crimes(world, sources, skipped)
    out += thesis(shared, sources, skipped)
    return out, skipped


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared_dir", nargs="?", type=Path, help="the shared data folder")
    parser.add_argument("--shared", type=Path, default=None, help="the same, as an option")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "data",
        help="the data folder to write (default: the repository's data/)",
    )
    args = parser.parse_args(argv)
    shared = args.shared_dir or args.shared or ROOT.parent / "shared" / "data"
    data = args.out
    from drugtrends import records

    decisions = load_decisions(ROOT / "data" / "import_decisions.csv")
    indicators = records.load_indicators(ROOT / "data" / "indicators.csv")
    if data.resolve() != (ROOT / "data").resolve():
        data.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data" / "indicators.csv", data / "indicators.csv")
    sources = Sources()
    rows = gathered(shared, sources, decisions["gathered_figures.csv"])
    rows += independent(shared, sources, decisions["independent_estimates.csv"])
    more, skipped = unodc(shared, sources, indicators)
    rows += more

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
    dup = frame["record_id"].duplicated(keep=False)
    if dup.any():
        raise SystemExit(f"duplicate record ids: {sorted(set(frame.loc[dup, 'record_id']))[:10]}")
    (data / "records").mkdir(exist_ok=True)
    for old in (data / "records").glob("*.csv"):
        old.unlink()
    for iso, grp in frame.groupby("country"):
        grp = grp.sort_values(["indicator", "period_start", "record_id"], kind="stable")
        grp.to_csv(data / "records" / f"{iso}.csv", index=False, lineterminator="\n")
    names = countries(shared / "unodc_world")
    missing = sorted(set(frame["country"]) - set(names["iso3"]))
    if missing:
        raise SystemExit(f"countries without a name in iso3_mapping.csv: {missing}")
    names.to_csv(data / "countries.csv", index=False, lineterminator="\n")
    print(
        f"wrote {len(frame)} records for {frame['country'].nunique()} countries "
        f"({(frame['qualifier'] == SUSPECT).sum()} suspect), {len(sources.rows)} sources, "
        f"{len(names)} country names",
        file=sys.stderr,
    )
    for name, reasons in skipped.items():
        for reason, n in reasons.items():
            print(f"  not imported from {name}: {n} rows: {reason}", file=sys.stderr)

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
