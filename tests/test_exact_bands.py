"""Health bands, pinned exactly: whole error messages for bad edges, the 100 bound.

Every error names the field, the value and the account (DOMAIN.md, issue 2), so the
messages below are public contract: each test asserts the whole text and the
``(field, value, account_id)`` triple, not just the exception type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from cs_framework import Band, health_band
from helpers import assert_refused

ERRORS = [
    pytest.param(
        lambda: health_band(50, green="70"),
        "green='70': must be numeric (a number or an array of numbers)",
        ("green", "70"),
        id="green-str",
    ),
    pytest.param(
        lambda: health_band(50, yellow="40"),
        "yellow='40': must be numeric (a number or an array of numbers)",
        ("yellow", "40"),
        id="yellow-str",
    ),
    pytest.param(
        lambda: health_band(50, green=[70, 80]),
        "green=[70, 80]: must be a single number",
        ("green", [70, 80]),
        id="green-array",
    ),
    pytest.param(
        lambda: health_band(50, yellow=[40]),
        "yellow=[40]: must be a single number",
        ("yellow", [40]),
        id="yellow-array",
    ),
    pytest.param(
        # The edges live on the score scale [0, 100]: 100.5 is just beyond it.
        lambda: health_band(50, green=100.5),
        "green=100.5: must be in [0, 100] and finite",
        ("green", 100.5),
        id="green-above-100",
    ),
    pytest.param(
        lambda: health_band(50, yellow=-0.5),
        "yellow=-0.5: must be in [0, 100] and finite",
        ("yellow", -0.5),
        id="yellow-below-0",
    ),
    pytest.param(
        lambda: health_band(50, green=40, yellow=40),
        "green=40: must exceed yellow=40",
        ("green", 40),
        id="green-equal-yellow",
    ),
    pytest.param(
        lambda: health_band(50, green=30.5, yellow=40),
        "green=30.5: must exceed yellow=40",
        ("green", 30.5),
        id="green-below-yellow",
    ),
]


@pytest.mark.parametrize(("call", "message", "where"), ERRORS)
def test_bad_edges_are_refused_by_name(
    call: Callable[[], Any], message: str, where: tuple[str, Any]
) -> None:
    """A bad band edge raises naming the edge, its value and the reason, word for word."""
    assert_refused(call, message, where)


def test_edges_at_the_ends_of_the_scale_are_accepted() -> None:
    """Edges of exactly 100 and 0 are on the scale, so they are accepted (closed [0, 100])."""
    # green=100: only a perfect score is Green; yellow=0: nothing is Red.
    assert health_band(100, green=100, yellow=0) is Band.GREEN
    assert health_band(99.5, green=100, yellow=0) is Band.YELLOW
    assert health_band(0, green=100, yellow=0) is Band.YELLOW


def test_band_codes_are_int8_for_arrays() -> None:
    """The vector result is an int8 array of Band codes, NaN marked UNKNOWN (-1)."""
    codes = health_band(np.array([70.0, 40.0, 39.5, np.nan]))
    assert codes.dtype == np.int8
    assert codes.tolist() == [2, 1, 0, -1]
