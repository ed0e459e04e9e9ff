"""Property: any Dataset in the drugtrends layout survives a netCDF round trip unchanged."""

from __future__ import annotations

import string

import numpy as np
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import drugtrends as dt

floats = st.one_of(
    st.just(np.nan),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
)
text = st.text(alphabet=string.ascii_letters + " -_,.;:'%$()" + "éжКаз€", max_size=20)
attr_values = st.one_of(
    text,
    st.integers(-(2**31), 2**31 - 1),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


@st.composite
def datasets(draw):
    n_c = draw(st.integers(1, 3))
    n_y = draw(st.integers(1, 6))
    countries = draw(
        st.lists(
            st.text(string.ascii_uppercase, min_size=3, max_size=3),
            min_size=n_c,
            max_size=n_c,
            unique=True,
        )
    )
    year0 = draw(st.integers(1990, 2020))
    shape = (n_c, n_y)

    def grid(elements):
        return np.array(
            draw(st.lists(elements, min_size=n_c * n_y, max_size=n_c * n_y)),
            dtype=object if elements is text else float,
        ).reshape(shape)

    value = grid(floats)
    lower = np.where(np.isnan(value), np.nan, value - np.abs(grid(floats)))
    data = {
        "heroin_seizures": (
            ("country", "year"),
            value,
            {
                "units": "kg",
                "kind": "flow",
                "long_name": draw(text),
                "caveat": draw(text),
                "n_conflicts": draw(st.integers(0, 5)),
            },
        ),
        "heroin_seizures_lower": (("country", "year"), lower),
        "heroin_seizures_months": (("country", "year"), grid(st.sampled_from([np.nan, 9.0, 12.0]))),
        "heroin_seizures_source": (("country", "year"), grid(text)),
    }
    attrs = draw(
        st.dictionaries(
            st.text(string.ascii_lowercase, min_size=1, max_size=8), attr_values, max_size=4
        )
    )
    return xr.Dataset(
        data,
        coords={
            "country": np.array(countries, dtype=object),
            "year": np.arange(year0, year0 + n_y),
        },
        attrs=attrs,
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ds=datasets())
def test_netcdf_round_trip_is_identical(tmp_path, ds):
    path = dt.write_dataset(ds, tmp_path / "x.nc")
    xr.testing.assert_identical(dt.open_dataset(path), ds)
