"""Scoring candidate records against hand-made expected records.

A candidate matches an expected record when the indicator, the value (or both bounds) in
canonical units, the canonical unit, and the period (start and end month) all agree; the
qualifier is scored separately. Matching is one-to-one.

Examples
--------
>>> import pandas as pd
>>> exp = pd.DataFrame({"indicator": ["heroin_seizures"], "value": ["344.6"], "lower": [""],
...     "upper": [""], "unit": ["kg"], "period_start": ["2014-01"], "period_end": ["2014-09"],
...     "qualifier": [""]})
>>> got = exp.assign(value=["0.3446"], unit=["t"])
>>> score(got, exp).recall
1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

__all__ = ["Score", "figure_key", "score"]


def _canon(value, unit: str) -> tuple[str, float | None]:
    from drugtrends.units import UnitError, parse_unit

    try:
        parsed = parse_unit(unit)
        canon, factor = parsed.canonical, parsed.factor
    except UnitError:
        canon, factor = f"?{unit}", 1.0
    if (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    ):
        return canon, None
    x = float(value) * factor
    return canon, float(f"{x:.9g}")


def figure_key(row) -> tuple:
    """The fields that must agree for a candidate to match an expected record."""
    unit = str(row.get("unit", "") or "")
    canon, value = _canon(row.get("value"), unit)
    _, lower = _canon(row.get("lower"), unit)
    _, upper = _canon(row.get("upper"), unit)
    return (
        str(row.get("indicator", "") or ""),
        canon,
        value,
        lower,
        upper,
        str(row.get("period_start", "") or ""),
        str(row.get("period_end", "") or ""),
    )


@dataclass
class Score:
    """Recall and precision of candidates against expected records.

    Attributes
    ----------
    recall, precision : float
    n_expected, n_candidates, n_matched : int
    qualifier_agreement : float
        Share of matched figures whose qualifier also agrees.
    missed : pandas.DataFrame
        Expected records without a matching candidate, with a ``closest`` column naming
        the fields that differ in the nearest candidate of the same value.
    spurious : pandas.DataFrame
        Candidates matching no expected record.
    """

    recall: float
    precision: float
    n_expected: int
    n_candidates: int
    n_matched: int
    qualifier_agreement: float
    missed: pd.DataFrame
    spurious: pd.DataFrame

    def summary(self) -> str:
        return (
            f"recall {self.recall:.3f} ({self.n_matched}/{self.n_expected}), "
            f"precision {self.precision:.3f} ({self.n_matched}/{self.n_candidates}), "
            f"qualifiers {self.qualifier_agreement:.3f}"
        )


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


_FIELDS = ("indicator", "unit", "value", "lower", "upper", "period_start", "period_end")


def score(candidates: pd.DataFrame, expected: pd.DataFrame) -> Score:
    """Compare candidate records with expected ones.

    Parameters
    ----------
    candidates, expected : pandas.DataFrame
        Records-schema columns (at least indicator, value, lower, upper, unit,
        period_start, period_end; qualifier optional).

    Returns
    -------
    Score
    """
    cand = [{k: _text(v) for k, v in row.items()} for row in candidates.to_dict("records")]
    exp = [{k: _text(v) for k, v in row.items()} for row in expected.to_dict("records")]
    pool: dict[tuple, list[int]] = {}
    for i, row in enumerate(cand):
        pool.setdefault(figure_key(row), []).append(i)
    matched: list[tuple[int, int]] = []
    missed_idx: list[int] = []
    for j, row in enumerate(exp):
        slot = pool.get(figure_key(row))
        if slot:
            matched.append((j, slot.pop(0)))
        else:
            missed_idx.append(j)
    used = {i for _, i in matched}
    spurious = [row for i, row in enumerate(cand) if i not in used]
    missed = []
    for j in missed_idx:
        row = dict(exp[j])
        key = figure_key(row)
        close = [c for c in cand if figure_key(c)[2:5] == key[2:5]]
        if close:
            ck = figure_key(close[0])
            diff = [name for name, a, b in zip(_FIELDS, key, ck, strict=False) if a != b]
            row["closest"] = (
                "differs in " + ", ".join(diff) + f": {dict(zip(_FIELDS, ck, strict=False))}"
            )
        else:
            row["closest"] = "no candidate with this value"
        missed.append(row)
    qual = [exp[j].get("qualifier", "") == cand[i].get("qualifier", "") for j, i in matched]
    n_e, n_c, n_m = len(exp), len(cand), len(matched)
    return Score(
        recall=n_m / n_e if n_e else 1.0,
        precision=n_m / n_c if n_c else 1.0,
        n_expected=n_e,
        n_candidates=n_c,
        n_matched=n_m,
        qualifier_agreement=sum(qual) / len(qual) if qual else 1.0,
        missed=pd.DataFrame(missed),
        spurious=pd.DataFrame(spurious),
    )
