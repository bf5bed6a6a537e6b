"""Arrow bitmaps and day numbers read from the buffers, at any offset into them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from cs_framework._book.bits import is_null, is_true
from cs_framework._book.readers import _date32_days

flags = st.lists(st.one_of(st.none(), st.booleans()), max_size=40)
cut = st.integers(0, 40)


@given(flags, cut, cut)
def test_bits_are_read_at_any_offset(values: list[bool | None], start: int, stop: int) -> None:
    for kind in (pa.bool_(), None):  # None: Arrow infers, a null type when all are None
        array = pa.array(values, kind)[start:stop]
        cells = array.to_pylist()
        assert is_null(array).tolist() == [v is None for v in cells]
        assert is_true(array).tolist() == [v is True for v in cells]


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=40), cut, cut)
def test_day_numbers_are_read_at_any_offset(
    values: list[dt.date | None], start: int, stop: int
) -> None:
    array = pa.array(values, pa.date32())[start:stop]
    expected = [np.nan if d is None else float(d.toordinal()) for d in array.to_pylist()]
    assert np.array_equal(_date32_days(array), np.array(expected, dtype=float), equal_nan=True)
