"""The hash join on fingerprints: every key found where it is, however the ids share slots."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cs_framework._book.fingerprints import matches

fingerprints = st.integers(0, 2**64 - 1)


@given(st.lists(fingerprints, unique=True, max_size=300), st.lists(fingerprints, max_size=300))
def test_each_key_is_found_at_its_id(ids: list[int], others: list[int]) -> None:
    keys = [*ids[::2], *others, *ids[1::3]]
    found = matches(np.array(keys, dtype=np.uint64), np.array(ids, dtype=np.uint64))
    assert found is not None
    assert found.tolist() == [ids.index(k) if k in ids else -1 for k in keys]


def test_two_ids_with_one_fingerprint_are_left_to_the_caller() -> None:
    assert matches(np.array([5], np.uint64), np.array([5, 1, 5], np.uint64)) is None
