"""Properties of unit parsing: conversions compose and scale words multiply."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drugtrends.units import UnitError, convert_factor, parse_unit

MASS = {
    "kg": 1.0,
    "kilograms": 1.0,
    "g": 1e-3,
    "grams": 1e-3,
    "t": 1e3,
    "MT": 1e3,
    "metric tons": 1e3,
    "tonnes": 1e3,
}
SCALE = {"": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9}


@given(st.sampled_from(sorted(MASS)), st.sampled_from(sorted(MASS)))
def test_price_per_mass_is_inverse_of_mass(top, bottom):
    # USD per <bottom> expressed per kg: dividing by the mass of one <bottom>
    assert convert_factor(f"USD per {bottom}", "USD kg-1") == pytest.approx(1 / MASS[bottom])
    assert convert_factor(top, "kg") == pytest.approx(MASS[top])


@given(st.sampled_from(sorted(SCALE)), st.sampled_from(["USD", "$", "KZT", "tenge"]), st.booleans())
def test_scale_words_multiply_money(scale, money, before):
    unit = f"{scale} {money}" if before else f"{money} {scale}"
    canonical = "KZT" if money in ("KZT", "tenge") else "USD"
    assert convert_factor(unit.strip(), canonical) == pytest.approx(SCALE[scale])


@given(st.sampled_from([1, 5, 10, 100]), st.sampled_from(sorted(MASS)))
def test_price_per_quantity_of_grams(qty, unit):
    per_kg = convert_factor(f"USD per {qty} {unit}", "USD kg-1")
    per_g = convert_factor(f"USD per {qty} {unit}", "USD g-1")
    assert per_kg == pytest.approx(1000 * per_g)
    assert per_kg == pytest.approx(1 / (qty * MASS[unit]))


@given(
    st.sampled_from(["kg", "t", "USD", "percent", "ha", "count"]),
    st.sampled_from(["kg", "USD", "percent", "ha", "1"]),
)
def test_mismatched_dimensions_refuse(reported, canonical):
    same = parse_unit(reported).canonical == canonical
    if same:
        assert convert_factor(reported, canonical) > 0
    else:
        with pytest.raises(UnitError):
            convert_factor(reported, canonical)
