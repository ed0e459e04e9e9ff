#!/usr/bin/env python
"""Score ``drugtrends.extract`` on a corpus of real report text keyed by hand.

The corpus (page openings of INCSR chapters and embassy drafts, UNODC / CADAP / national
agency pages and regional news about drugs in Central Asia) is kept OUT of the repository:
the texts belong to their publishers. This script lists the sources; when the corpus folder
exists (``/work/extract_corpus`` or a path given as argument) it runs the extractor on every
text and prints the scores per part (``dev``: misses were looked at while the rules were
improved; ``held``: scored only before and after; ``held2``: a second held-out part of
news items and report openings from outside Central Asia too, keyed before the first run,
of which every other document (1st, 3rd, ... in the order of the list) became ``dev2``,
looked at like ``dev``; ``dev3``, and ``dev4`` in a second corpus folder, are further
development parts; ``held3`` (``/work/extract_corpus_held3``), keyed with dev4 and split from
it by the same odd/even rule, was released for study as ``dev5`` (``/work/extract_corpus5``)
after two held-out scorings; ``held4`` (``/work/extract_corpus_held4``) is the newest
held-out part; any split named in the folder's ``sources.csv`` can be scored)
and per kind of figure:

* ``unit``: figures with a mass, area or money unit;
* ``count``: bare counts, percentages, rates and prices per unit.

Folder layout: ``<doc>.txt`` per document, ``sources.csv`` (doc, url, country, edition,
covered_year, split) and ``keys.csv`` (doc, figure, indicator, value, lower, upper,
qualifier, unit, period_start, period_end), the figures keyed by hand before the extractor
was run on the texts.

Measures (each expected figure is matched at most once, to the candidate of the same value
in canonical units, preferring one that also has the same indicator and period):

* ``found``: share of expected figures whose value (or bounds) some candidate has;
* ``exact``: share of expected figures matched on value, unit, indicator and period
  (:func:`drugtrends.extract.score`);
* ``period``: among found figures, share whose candidate has the right period;
* ``indicator``: among found figures, share whose candidate has the right indicator;
* ``precision``: share of candidates whose value is an expected figure's (value level);
* ``precision_exact``: share of candidates that match an expected record exactly.

Usage::

    PYTHONPATH=src python scripts/extract_corpus.py [CORPUS_DIR] [--split SPLIT|all|parts]
        [--misses] [--spurious]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

SOURCES = [
    # doc, url, country, edition, covered_year, split
    ("tjk_dca_2006q3", "https://old.asiaplustj.info/en/node/65872", "TJK", 2006, 2006, "dev"),
    (
        "tjk_dca_2021h1",
        "https://www.asiaplustj.info/en/news/tajikistan/security/20210715/"
        "almost-1700-kilos-of-narcotic-drugs-seized-in-tajikistan-in-h1-2021",
        "TJK",
        2021,
        2021,
        "dev",
    ),
    (
        "tjk_dca_2006may",
        "https://www.asiaplustj.info/en/news/tajikistan/20060512/"
        "dca-tajik-border-troops-report-large-drug-haul",
        "TJK",
        2006,
        2006,
        "dev",
    ),
    ("tjk_2012_total", "https://asiaplus.news/?p=106027", "TJK", 2013, 2012, "held"),
    (
        "kgz_2009_10m",
        "https://drugs-forum.com/ams/over-7-tons-of-drugs-seized-in-kyrgyzstan-in-2009.9721/",
        "KGZ",
        2009,
        2009,
        "held",
    ),
    (
        "kgz_2015_sdcs",
        "https://www.en.rahapress.af/"
        "45-afghan-drugs-trafficking-routes-passing-through-kyrgyzstan-destroyed-in-2015/",
        "KGZ",
        2016,
        2015,
        "held",
    ),
    (
        "kgz_2021_karakurai",
        "https://24.kg/english/204718_Almost_250_kilograms_of_drugs_seized_from_illegal_"
        "trafficking_for_two_months/",
        "KGZ",
        2021,
        2021,
        "dev",
    ),
    (
        "uzb_incsr2007",
        "https://www.scribd.com/doc/19350875/128/Uzbekistan",
        "UZB",
        2007,
        2006,
        "dev",
    ),
    (
        "uzb_incsr2009",
        "https://corpora.tika.apache.org/base/docs/govdocs1/994/994102.html",
        "UZB",
        2009,
        2008,
        "held",
    ),
    (
        "tkm_incsr2010",
        "https://tmhelsinki.org/en/article/15c917a2-c3e8-467b-9643-5ea97639314b",
        "TKM",
        2010,
        2009,
        "dev",
    ),
    (
        "tkm_incsr2007",
        "https://www.thefreelibrary.com/Turkmenistan.-a0168091162",
        "TKM",
        2007,
        2006,
        "held",
    ),
    (
        "kaz_incsr1998",
        "http://athena.hri.org/docs/USSD-INCSR/1998/Europe/Kazakhstan.html",
        "KAZ",
        1999,
        1998,
        "dev",
    ),
    (
        "kaz_cable2005",
        "https://wikileaks.jcvignoli.com/cable_05ALMATY4354/?hl=",
        "KAZ",
        2006,
        2005,
        "held",
    ),
    (
        "kaz_cable2006",
        "https://wikileaks.jcvignoli.com/cable_06ASTANA590/?hl=",
        "KAZ",
        2007,
        2006,
        "dev",
    ),
    (
        "kaz_incsr2015",
        "https://www.thefreelibrary.com/Kazakhstan-a0419929251",
        "KAZ",
        2015,
        2014,
        "held",
    ),
    (
        "kaz_tengri2012",
        "https://en.tengrinews.kz/crime/"
        "Kazakhstan-Interior-Minister-on-complications-in-countering-14594/",
        "KAZ",
        2012,
        2012,
        "dev",
    ),
    (
        "kaz_kursiv2021",
        "https://kz.kursiv.media/en/2021-09-13/kazakhstan-intensifies-its-fight-against-drug-"
        "dealers/",
        "KAZ",
        2021,
        2021,
        "held",
    ),
    (
        "kaz_qazinform2025",
        "https://qazinform.com/news/pm-bektenov-orders-to-develop-new-drug-policy-17e849",
        "KAZ",
        2025,
        2025,
        "dev",
    ),
    (
        "uzb_ncdc2014",
        "http://ncdc.uz/en/sokrashchenie-sprosa-na-narkotiki/analiticheskie-obzory/",
        "UZB",
        2015,
        2014,
        "dev",
    ),
    (
        "uzb_analysis2014",
        "https://diplomacyindia.com/analysis-of-drug-situation-in-uzbekistan-for-2014/",
        "UZB",
        2015,
        2014,
        "held",
    ),
    (
        "uzb_ncdc_prev",
        "http://ncdc.uz/en/sokrashchenie-sprosa-na-narkotiki/profilaktika/",
        "UZB",
        2015,
        2014,
        "held",
    ),
    (
        "tjk_economist2003",
        "https://www.economist.com/asia/2003/03/27/deadly-traffic",
        "TJK",
        2003,
        2002,
        "dev",
    ),
    ("tjk_rferl2002", "https://www.rferl.org/a/1100317.html", "TJK", 2002, 2002, "held"),
    (
        "kaz_eurasianet2001",
        "https://eurasianet.org/asianet-eurasia-insight-43",
        "KAZ",
        2001,
        2000,
        "dev",
    ),
    (
        "tjk_eurasianet2012",
        "https://tajikistanfocus.wordpress.com/2012/04/11/tajikistan-on-afghanistans-heroin-"
        "highway-corruption-fuels-addiction-and-hiv-eurasianet-org/",
        "TJK",
        2012,
        2011,
        "held",
    ),
    (
        "kgz_nprs2003",
        "http://eng.gateway.kg/content/strategies/nprs0305/25",
        "KGZ",
        2003,
        2002,
        "dev",
    ),
    (
        "kgz_incsr2010",
        "https://forum.wikileaks.org/plusd/cables/09BISHKEK1337.html",
        "KGZ",
        2010,
        2009,
        "held",
    ),
    ("ca_unodc2012", "https://www.drugpolicyfacts.org/node/1239", "TJK", 2012, 2010, "dev"),
    (
        "uzb_tashkenttimes",
        "https://www.tashkenttimes.uz/national/16548-more-drug-rehab-centers-required-in-wake-"
        "of-rising-adult-substance-misuse-numbers",
        "UZB",
        2025,
        2025,
        "held",
    ),
    (
        "kgz_emcdda2014",
        "http://emcdda.europa.eu/publications/country-overviews/kg",
        "KGZ",
        2014,
        2011,
        "dev",
    ),
    (
        "pak_app2018",
        "http://www.app.com.pk/significant-drug-seizures-of-288-ton-in-20-months-anf/",
        "PAK",
        2018,
        2018,
        "dev",
    ),
    (
        "lka_adaderana2026",
        "http://www.adaderana.lk/news.php?nid=117456",
        "LKA",
        2026,
        2025,
        "dev2",
    ),
    (
        "khm_cne2021",
        "https://cne.wtf/2021/05/08/drugs-4-months-604kg-seized-in-2459-cases/",
        "KHM",
        2021,
        2021,
        "held2",
    ),
    (
        "nga_kano2022",
        "https://thenationonlineng.net/ndlea-seized-n1-5b-illicit-drugs-in-kano-in-2022/",
        "NGA",
        2022,
        2022,
        "dev2",
    ),
    (
        "chn_chinadaily2008",
        "https://www.chinadaily.com.cn/china/2008-12/05/content_7277536.htm",
        "CHN",
        2008,
        2008,
        "held2",
    ),
    (
        "chn_shine2021",
        "https://archive.shine.cn/nation/Drug-addicts-down/shdaily.shtml",
        "CHN",
        2021,
        2020,
        "dev2",
    ),
    (
        "hkg_addiction2019",
        "https://addictionjournal.org/posts/hong-kong-addiction-register-decreases-by-14",
        "HKG",
        2019,
        2019,
        "held2",
    ),
    (
        "chn_chinaorg2005",
        "http://china.org.cn/archive/2005-04/05/content_1124695.htm",
        "CHN",
        2005,
        2004,
        "dev2",
    ),
    (
        "hkg_gov2005",
        "https://www.info.gov.hk/gia/general/200509/22/P200509220235.htm",
        "HKG",
        2005,
        2005,
        "held2",
    ),
    (
        "chn_scmp1999",
        "https://www.scmp.com/article/286385/battle-shifts-top-gear",
        "CHN",
        1999,
        1998,
        "dev2",
    ),
    (
        "aze_panorama2013",
        "http://panorama.am/en/society/2013/03/07/az-narcotics",
        "AZE",
        2013,
        2012,
        "held2",
    ),
    (
        "aze_incsr1998",
        "http://athena.hri.org/docs/USSD-INCSR/1998/Europe/Azerbaijan.html",
        "AZE",
        1999,
        1998,
        "dev2",
    ),
    (
        "aze_incsr1996",
        "http://hri.org/docs/USSD-INCSR/96/Europe/Azerbaijan.html",
        "AZE",
        1997,
        1996,
        "held2",
    ),
    (
        "aze_incsr2016",
        "https://www.state.gov/j/inl/rls/nrcrpt/2016/vol1/253239.htm",
        "AZE",
        2016,
        2015,
        "dev2",
    ),
    (
        "aze_mns2012",
        "https://humanrights-jwg.org/azerbaijani-national-security-ministry-seizes-387-3-kg-of-drugs-in-2012/?lang=en",
        "AZE",
        2013,
        2012,
        "held2",
    ),
    (
        "rus_interfax2018",
        "https://interfax.com/newsroom/top-stories/24344/",
        "RUS",
        2018,
        2017,
        "dev2",
    ),
    (
        "vnm_shipbolt2022",
        "https://shipbolt.vn/over-18-000-drug-related-crimes-in-eight-months/",
        "VNM",
        2022,
        2022,
        "held2",
    ),
    ("rus_tass2020", "https://tass.com/emergencies/1224183", "RUS", 2020, 2020, "dev2"),
    # round 4 (helper "extract3"): dev3, keyed before the first run
    (
        "mng_xinhua2025",
        "https://english.news.cn/20250910/4da201963d954026bc39387e713c3176/c.html",
        "MNG",
        2025,
        2025,
        "dev3",
    ),
    (
        "mng_helm2025",
        "https://helm.news/2025-01-27/"
        "mongolia-reports-significant-rise-drug-related-crimes-young-adults-most.html",
        "MNG",
        2025,
        2024,
        "dev3",
    ),
    (
        "irn_mehr2020",
        "https://en.mehrnews.com/news/162939/"
        "Iranian-police-seize-over-16-tons-of-narcotics-in-a-week",
        "IRN",
        2020,
        2020,
        "dev3",
    ),
    (
        "arm_lragir2012",
        "https://armeniandiaspora.com/forum/2012/june-2012/"
        "273194-3500-drug-addicts-in-armenia?p=273194",
        "ARM",
        2012,
        2012,
        "dev3",
    ),
    (
        "arm_newsaz2018a",
        "https://news.az/news/armenia-posts-increase-in-number-of-drug-addicts",
        "ARM",
        2018,
        2018,
        "dev3",
    ),
    (
        "arm_newsaz2018b",
        "https://news.az/news/number-of-drug-addicts-in-armenia-growing-every-year-by-8-percent",
        "ARM",
        2018,
        2018,
        "dev3",
    ),
    (
        "hkg_acan2017",
        "https://www.info.gov.hk/gia/general/201703/23/P2017032300343p.htm",
        "HKG",
        2017,
        2016,
        "dev3",
    ),
    (
        "pak_nation2020",
        "https://nation.com.pk/30-Jan-2020/no-fresh-data-on-drug-users-available-in-pakistan",
        "PAK",
        2020,
        2012,
        "dev3",
    ),
    (
        "usa_ggr2011",
        "https://www.globalganjareport.com/tags/cocaine?page=15",
        "USA",
        2011,
        2010,
        "dev3",
    ),
    (
        "blr_newsby2025",
        "https://news.by/eng/news/obshchestvo/"
        "number-of-belarusians-involved-in-drug-trafficking-declining",
        "BLR",
        2025,
        2025,
        "dev3",
    ),
    (
        "gha_graphic2010",
        "http://askstories.blogspot.com/2010/03/ghana-makes-more-seizures-of-illicit.html",
        "GHA",
        2010,
        2009,
        "dev3",
    ),
    (
        "fin_dailyfinland2018",
        "https://dailyfinland.fi/national/4122/Drugs-offences-continue-to-rise",
        "FIN",
        2018,
        2017,
        "dev3",
    ),
    (
        "gbr_standard2007",
        "http://www.standard.co.uk/newsheadlines/big-rise-in-recorded-drug-offences-6695927.html",
        "GBR",
        2007,
        2007,
        "dev3",
    ),
    (
        "gbr_commonslib2020",
        "https://commonslibrary.parliament.uk/research-briefings/cbp-9039/",
        "GBR",
        2020,
        2019,
        "dev3",
    ),
    (
        "gbr_independent1995",
        "http://www.independent.co.uk/news/number-of-drug-addicts-up-20-per-cent-1592255.html",
        "GBR",
        1995,
        1994,
        "dev4",
    ),
    (
        "gbr_independent1994",
        "http://www.independent.co.uk/news/uk/cracks-in-the-fabric-of-society-merseyside-and-london-head-13-rise-in-addicts-the-growing-drugs-1424572.html",
        "GBR",
        1994,
        1993,
        "dev4",
    ),
    (
        "kgz_cadap2012",
        "https://issuu.com/mel.cz/docs/resad_regional_report/55",
        "KGZ",
        2013,
        2011,
        "dev4",
    ),
    (
        "usa_livescience2017",
        "https://www.livescience.com/58006-drug-overdose-deaths-rise-continues.html",
        "USA",
        2017,
        2015,
        "dev4",
    ),
    (
        "tjk_cao2012",
        "http://centralasiaonline.com/en_GB/articles/caii/features/main/2012/02/13/feature-01",
        "TJK",
        2012,
        2011,
        "dev4",
    ),
    (
        "tjk_dpf2012",
        "https://drugpolicyfacts.org/node/3552",
        "TJK",
        2012,
        2011,
        "dev4",
    ),
    (
        "uzb_embassy2017",
        "http://uzbekistan.org/news/archive/9234/",
        "UZB",
        2017,
        2016,
        "dev4",
    ),
    (
        "rus_dwf2017",
        "http://drugwarfacts.org/node/3558",
        "RUS",
        2017,
        2016,
        "dev4",
    ),
    (
        "geo_menafn2024",
        "https://menafn.com/1107818774/Number-Of-Crimes-Decreasing-In-Georgia-Says-Interior-Ministry",
        "GEO",
        2024,
        2023,
        "dev4",
    ),
    (
        "usa_bettereconomics2020",
        "https://bettereconomics.blogspot.com/2020/07/many-small-states.html",
        "USA",
        2020,
        2019,
        "dev4",
    ),
    (
        "tha_pattaya2012",
        "https://www.pattayamail.com/thailandnews/over-130000-persons-arrested-for-drugs-related-charges-over-past-four-months-10084",
        "THA",
        2012,
        2012,
        "dev4",
    ),
    (
        "idn_jakartaglobe2015",
        "https://jakartaglobe.id/news/bnn-says-33-die-of-drugs-daily-not-40-50/",
        "IDN",
        2015,
        2015,
        "dev4",
    ),
    (
        "chn_redorbit2008",
        "http://www.redorbit.com/news/health/1450871/china_drug_addicts_put_at_23m/",
        "CHN",
        2008,
        2008,
        "dev5",
    ),
    (
        "rus_interfax2013",
        "https://interfax.com/newsroom/top-stories/51090/",
        "RUS",
        2013,
        2013,
        "dev5",
    ),
    (
        "usa_cdc2016",
        "https://debradetox.com/?p=3558",
        "USA",
        2016,
        2015,
        "dev5",
    ),
    (
        "gbr_policeprof2005",
        "https://www.policeprofessional.com/news/drug-offences-fall-as-cocaine-use-reaches-new-levels/",
        "GBR",
        2005,
        2004,
        "dev5",
    ),
    (
        "tjk_asiaplus2006",
        "https://www.asiaplustj.info/en/news/tajikistan/20060427/women-constitute-some-15-percent-drug-addicts-tajikistan",
        "TJK",
        2006,
        2006,
        "dev5",
    ),
    (
        "kaz_inform2022",
        "https://en.inform.kz/news/president-receives-internal-affairs-minister-marat-akhmetzhanov_a3999997/",
        "KAZ",
        2022,
        2022,
        "dev5",
    ),
    (
        "uzb_daryo2023",
        "https://daryo.uz/en/2023/06/26/youths-responsible-for-half-of-all-drug-related-crimes-over-2513-cases-of-drug-trafficking-identified",
        "UZB",
        2023,
        2022,
        "dev5",
    ),
    (
        "rus_moscowtimes2015",
        "https://www.themoscowtimes.com/2015/09/24/40-million-russians-affected-by-narcotics-says-drugs-tsar-a49822",
        "RUS",
        2015,
        2015,
        "dev5",
    ),
    (
        "afg_dpf2009",
        "https://www.drugpolicyfacts.org/node/1850",
        "AFG",
        2009,
        2009,
        "dev5",
    ),
    (
        "irn_irantag2017",
        "http://irantag.net/?p=5272",
        "IRN",
        2017,
        2017,
        "dev5",
    ),
    (
        "tha_chiangrai2019",
        "https://www.chiangraitimes.com/crime/thailand-seizes-hundreds-of-millions-of-methamphetamine-pills-in-six-month-period/",
        "THA",
        2019,
        2019,
        "dev5",
    ),
    (
        "aze_nmdk2020",
        "https://nmdk.gov.az/page/post/2217/Information-on-the-results-of-the-fight-against-illicit-trafficking-of-drug--and-psychotropic-substances-in-the-country-for-9-months-of-2020?lang=en",
        "AZE",
        2020,
        2020,
        "dev5",
    ),
    (
        "kgz_centralasiaonline2009",
        "http://centralasiaonline.com/en_GB/articles/caii/features/2009/12/07/feature-02",
        "KGZ",
        2009,
        2009,
        "held4",
    ),
    (
        "kgz_havocscope2014",
        "https://havocscope.com/drug-abuse-in-kyrgyzstan/",
        "KGZ",
        2014,
        2014,
        "held4",
    ),
    (
        "tkm_wikileaks2007",
        "https://search.wikileaks.org/plusd/cables/07ASHGABAT1180_a.html",
        "TKM",
        2008,
        2007,
        "held4",
    ),
    (
        "arm_azatutyun2006",
        "https://www.azatutyun.am/a/1580786.html",
        "ARM",
        2006,
        2006,
        "held4",
    ),
    (
        "arm_jamnews2024",
        "https://jam-news.net/increase-in-drug-trafficking-in-armenia",
        "ARM",
        2024,
        2024,
        "held4",
    ),
    (
        "geo_rustavi2021",
        "https://web2.rustavi2.ge/en/news/191936",
        "GEO",
        2021,
        2021,
        "held4",
    ),
    (
        "arm_azatutyun2023",
        "https://www.azatutyun.am/a/32350901.html",
        "ARM",
        2023,
        2023,
        "held4",
    ),
    (
        "usa_pedagogy2017",
        "https://pedagogyeducation.com/News/Drug-Overdose-Deaths-in-the-U-S-Continue-to-Rise",
        "USA",
        2017,
        2017,
        "held4",
    ),
    (
        "usa_drugwarfacts2017",
        "http://www.drugwarfacts.org/taxonomy/term/33",
        "USA",
        2017,
        2017,
        "held4",
    ),
    (
        "mys_thestar2023",
        "https://thestar.com.my/news/nation/2023/10/26/most-abused-drugs-amphetamines-cannabis-and-opiates-says-home-ministry",
        "MYS",
        2023,
        2023,
        "held4",
    ),
    (
        "phl_ddb2015",
        "http://www.ddb.gov.ph/research-statistics/statistics/45-research-and-statistics/287-2015-statistics",
        "PHL",
        2016,
        2015,
        "held4",
    ),
    (
        "usa_governing2025",
        "https://www.governing.com/number/27",
        "USA",
        2025,
        2025,
        "held4",
    ),
]

DEFAULT_DIR = Path("/work/extract_corpus")


def kind_of(unit: str) -> str:
    """``unit`` for a mass, area or money figure, ``count`` for counts, percent, rates, prices."""
    from drugtrends.units import UnitError, parse_unit

    try:
        canon = parse_unit(unit).canonical
    except UnitError:
        return "count"
    return "count" if canon in ("1", "percent", "per 100000") or " " in canon else "unit"


def _key(row) -> tuple:
    from drugtrends.extract.evaluate import figure_key

    return figure_key(row)


def match(candidates: pd.DataFrame, expected: pd.DataFrame) -> tuple[list, set]:
    """Pair expected figures with candidates of the same value (best agreement first).

    Returns a list of ``(expected_index, candidate_index or None)`` and the set of
    candidate indices used.
    """
    from drugtrends.extract.evaluate import _text

    cand = [{k: _text(v) for k, v in r.items()} for r in candidates.to_dict("records")]
    exp = [{k: _text(v) for k, v in r.items()} for r in expected.to_dict("records")]
    ckeys = [_key(c) for c in cand]
    ekeys = [_key(e) for e in exp]
    used: set[int] = set()
    pairs: dict[int, int | None] = {}
    # passes: exact, value+period, value+indicator, value only
    tests = (
        lambda e, c: e == c,
        lambda e, c: e[1:] == c[1:],
        lambda e, c: e[:5] == c[:5],
        lambda e, c: e[1:5] == c[1:5],
    )
    for test in tests:
        for j, ek in enumerate(ekeys):
            if j in pairs:
                continue
            for i, ck in enumerate(ckeys):
                if i not in used and test(ek, ck):
                    pairs[j] = i
                    used.add(i)
                    break
    return [(j, pairs.get(j)) for j in range(len(exp))], used


def score_frame(cands: pd.DataFrame, keys: pd.DataFrame) -> dict:
    pairs, used = match(cands, keys)
    ck = [_key(r) for r in cands.to_dict("records")] if len(cands) else []
    ek = [_key(r) for r in keys.to_dict("records")]
    found = [(j, i) for j, i in pairs if i is not None]
    exact = sum(ek[j] == ck[i] for j, i in found)
    period = sum(ek[j][5:] == ck[i][5:] for j, i in found)
    indic = sum(ek[j][0] == ck[i][0] for j, i in found)
    n, m, f = len(keys), len(cands), len(found)
    return {
        "expected": n,
        "candidates": m,
        "found": f / n if n else float("nan"),
        "exact": exact / n if n else float("nan"),
        "period": period / f if f else float("nan"),
        "indicator": indic / f if f else float("nan"),
        "precision": len(used) / m if m else float("nan"),
        "precision_exact": exact / m if m else float("nan"),
    }


def run(corpus: Path, split: str = "all") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates and keys of every document of ``split`` (with ``doc`` and ``kind``)."""
    from drugtrends.extract import extract

    sources = pd.read_csv(corpus / "sources.csv", dtype=str, keep_default_na=False)
    keys = pd.read_csv(corpus / "keys.csv", dtype=str, keep_default_na=False)
    cands = []
    for src in sources.to_dict("records"):
        if split != "all" and src["split"] != split:
            continue
        text = (corpus / f"{src['doc']}.txt").read_text(encoding="utf-8")
        out = extract(
            text,
            country=src["country"],
            edition=int(src["edition"]),
            covered_year=int(src["covered_year"]),
            source_id="corpus",
        )
        out.insert(0, "doc", src["doc"])
        cands.append(out)
    docs = {s["doc"] for s in sources.to_dict("records") if split in ("all", s["split"])}
    keys = keys[keys["doc"].isin(docs)].reset_index(drop=True)
    frame = pd.concat(cands, ignore_index=True) if cands else pd.DataFrame()
    frame["kind"] = [kind_of(u) for u in frame["unit"]]
    keys["kind"] = [kind_of(u) for u in keys["unit"]]
    return frame, keys


def table(cands: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Scores per kind of figure and overall (matching within each document)."""
    rows = []
    for kind in ("unit", "count", "all"):
        parts = []
        for doc in sorted(set(keys["doc"]) | set(cands["doc"])):
            c = cands[cands["doc"] == doc]
            k = keys[keys["doc"] == doc]
            if kind != "all":
                c, k = c[c["kind"] == kind], k[k["kind"] == kind]
            parts.append(score_frame(c.drop(columns=["doc", "kind"]), k.drop(columns=["doc"])))
        n = sum(p["expected"] for p in parts)
        m = sum(p["candidates"] for p in parts)

        def wsum(name, weight, parts=parts):
            tot = sum(weight(p) for p in parts)
            return sum(p[name] * weight(p) for p in parts if weight(p)) / tot if tot else 0.0

        found_n = sum(p["found"] * p["expected"] for p in parts if p["expected"])
        rows.append(
            {
                "kind": kind,
                "expected": n,
                "candidates": m,
                "found": wsum("found", lambda p: p["expected"]),
                "exact": wsum("exact", lambda p: p["expected"]),
                "period": sum(
                    p["period"] * p["found"] * p["expected"]
                    for p in parts
                    if p["expected"] and p["found"]
                )
                / found_n
                if found_n
                else 0.0,
                "indicator": sum(
                    p["indicator"] * p["found"] * p["expected"]
                    for p in parts
                    if p["expected"] and p["found"]
                )
                / found_n
                if found_n
                else 0.0,
                "precision": wsum("precision", lambda p: p["candidates"]),
                "precision_exact": wsum("precision_exact", lambda p: p["candidates"]),
            }
        )
    return pd.DataFrame(rows)


def misses(cands: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Expected figures not matched exactly, with the candidate paired to them."""
    out = []
    for doc in sorted(set(keys["doc"])):
        c = cands[cands["doc"] == doc].reset_index(drop=True)
        k = keys[keys["doc"] == doc].reset_index(drop=True)
        pairs, _ = match(c.drop(columns=["doc", "kind"]), k.drop(columns=["doc"]))
        for j, i in pairs:
            ek = _key(k.iloc[j].to_dict())
            got = None if i is None else c.iloc[i]
            if got is not None and _key(got.to_dict()) == ek:
                continue
            out.append(
                {
                    "doc": doc,
                    "figure": k.iloc[j]["figure"],
                    "want": f"{ek[0]} {k.iloc[j]['period_start']}..{k.iloc[j]['period_end']}",
                    "got": "-"
                    if got is None
                    else f"{got['indicator']} {got['period_start']}..{got['period_end']}",
                }
            )
    return pd.DataFrame(out)


def spurious(cands: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Candidates whose value is no expected figure's."""
    out = []
    for doc in sorted(set(cands["doc"])):
        c = cands[cands["doc"] == doc].reset_index(drop=True)
        k = keys[keys["doc"] == doc].reset_index(drop=True)
        _, used = match(c.drop(columns=["doc", "kind"]), k.drop(columns=["doc"]))
        for i in range(len(c)):
            if i not in used:
                r = c.iloc[i]
                out.append(
                    {
                        "doc": doc,
                        "evidence": r["evidence"],
                        "indicator": r["indicator"],
                        "value": r["value"],
                        "unit": r["unit"],
                    }
                )
    return pd.DataFrame(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument(
        "--split",
        default="parts",
        help="a split named in the corpus's sources.csv (dev, dev2, dev3, dev4, held, ...), "
        "'all' (every document as one part) or 'parts' (each split in turn; the default)",
    )
    ap.add_argument("--misses", action="store_true", help="list figures not matched exactly")
    ap.add_argument("--spurious", action="store_true", help="list candidates of no figure")
    args = ap.parse_args(argv)
    print(f"{len(SOURCES)} sources:")
    w = csv.writer(sys.stdout, lineterminator="\n")
    for doc, url, country, edition, covered, split in SOURCES:
        w.writerow([doc, split, country, edition, covered, url])
    corpus = Path(args.corpus)
    if not (corpus / "keys.csv").exists():
        print(f"\n{corpus}/keys.csv not found: nothing scored (the texts stay outside the repo)")
        return 0
    pd.set_option("display.width", 160)
    splits = [args.split]
    if args.split == "parts":
        parts = pd.read_csv(corpus / "sources.csv", dtype=str, keep_default_na=False)["split"]
        splits = list(dict.fromkeys(parts))
    known = set(pd.read_csv(corpus / "sources.csv", dtype=str, keep_default_na=False)["split"])
    for split in splits:
        if split not in known and split != "all":
            print(f"\nsplit {split!r} is not in {corpus}/sources.csv ({', '.join(sorted(known))})")
            return 2
        cands, keys = run(corpus, split)
        print(f"\n== {split}: {keys['doc'].nunique()} documents, {len(keys)} figures")
        print(table(cands, keys).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        if args.misses:
            print(misses(cands, keys).to_string(index=False))
        if args.spurious:
            print(spurious(cands, keys).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
