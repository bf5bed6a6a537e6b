"""The hash join on fingerprints: every key found where it is, however the ids share slots."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from cs_framework._book.fingerprints import distinct, fingerprint, matches

fingerprints = st.integers(0, 2**64 - 1)


@given(st.lists(fingerprints, unique=True, max_size=300), st.lists(fingerprints, max_size=300))
def test_each_key_is_found_at_its_id(ids: list[int], others: list[int]) -> None:
    keys = [*ids[::2], *others, *ids[1::3]]
    found = matches(np.array(keys, dtype=np.uint64), np.array(ids, dtype=np.uint64))
    assert found is not None
    assert found.tolist() == [ids.index(k) if k in ids else -1 for k in keys]


def test_two_ids_with_one_fingerprint_are_left_to_the_caller() -> None:
    assert matches(np.array([5], np.uint64), np.array([5, 1, 5], np.uint64)) is None


@given(
    st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=40),
    st.integers(0, 5),
    st.sampled_from([pa.string(), pa.large_string()]),
)
def test_a_string_has_one_fingerprint_wherever_it_is_stored(
    values: list[str | None], cut: int, kind: pa.DataType
) -> None:
    """The same text fingerprints alike at the end of the data or inside it, alone or in
    a slice of a longer array, and a missing entry as the empty string."""
    column = pa.array(values, kind)
    together = fingerprint(column).tolist()
    alone = [fingerprint(pa.array(["" if v is None else v], kind))[0] for v in values]
    assert together == [int(a) for a in alone]
    longer = pa.array(["x" * 9] * cut + values + ["y"] * cut, kind)
    assert fingerprint(longer.slice(cut, len(values))).tolist() == together


@given(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=300))
def test_fingerprints_are_distinct_exactly_when_no_two_are_equal(prints: list[int]) -> None:
    """Every repeat is found, however the ids share the table's slots (small values
    crowd its first rounds), and no repeat is seen where there is none."""
    assert distinct(np.array(prints, dtype=np.uint64)) == (len(set(prints)) == len(prints))
