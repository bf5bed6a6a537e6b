"""Trust, reliability and commitment status, pinned exactly (DOMAIN.md section 1).

Whole error messages (field, value and reason are public contract), the index on a
scale other than the default (where ``lo != 1`` tells ``3 * lo`` from ``3 / lo``), and
the clip of the index at 100 against rounding.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pytest

from cs_framework import (
    Band,
    CommitmentStatus,
    TrustScore,
    reliability,
    trust_equation,
    trust_index,
)
from cs_framework._status import status_codes
from cs_framework._trust import trust_kernel
from helpers import assert_refused, commitment

ERRORS = [
    pytest.param(
        lambda: trust_index(5, 5, 5, 5, scale=(10, 1)),
        "scale=(10, 1): must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", (10, 1)),
        id="scale-reversed",
    ),
    pytest.param(
        lambda: trust_equation(5, 5, 5, 5, scale=(0, 10)),
        "scale=(0, 10): must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", (0, 10)),
        id="scale-lo-zero",
    ),
    pytest.param(
        lambda: trust_index(5, 5, 5, 5, scale=(1, math.inf)),
        "scale=(1, inf): must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", (1, math.inf)),
        id="scale-hi-infinite",
    ),
    pytest.param(
        lambda: trust_index([5, 5], [5, 5, 5], 5, 5),
        "shape=((2,), (3,), (), ()): C, R, I and S do not broadcast together",
        ("shape", ((2,), (3,), (), ())),
        id="shapes-do-not-broadcast",
    ),
    pytest.param(
        lambda: reliability([], "2026-03-01"),  # type: ignore[arg-type]
        "as_of='2026-03-01': must be a datetime.date",
        ("as_of", "2026-03-01"),
        id="reliability-as_of-str",
    ),
    pytest.param(
        lambda: reliability([], datetime(2026, 3, 1)),
        "as_of=datetime.datetime(2026, 3, 1, 0, 0): must be a datetime.date",
        ("as_of", datetime(2026, 3, 1)),
        id="reliability-as_of-datetime",  # a datetime is ambiguous, as everywhere else
    ),
    pytest.param(
        lambda: reliability([commitment(), "x"], date(2026, 3, 1)),  # type: ignore[list-item]
        "commitments[1]='x': must be a Commitment",
        ("commitments[1]", "x"),
        id="reliability-not-a-commitment",
    ),
]


@pytest.mark.parametrize(("build", "message", "where"), ERRORS)
def test_error_names_field_value_and_reason(
    build: Callable[[], object], message: str, where: tuple[str, object]
) -> None:
    """Each refusal carries its exact message, field and value (no account here)."""
    assert_refused(build, message, where)


@pytest.mark.parametrize(
    ("cris", "expected"),
    [
        # Scale (2, 10): Tmin = 3 * 2 / 10 = 0.6, Tmax = 3 * 10 / 2 = 15.
        pytest.param((2, 2, 2, 10), 0.0, id="worst"),  # T = 6 / 10 = Tmin
        pytest.param((10, 10, 10, 2), 100.0, id="best"),  # T = 30 / 2 = Tmax
        pytest.param((5, 5, 5, 5), 50.0, id="C=R=I=S"),  # T = 3: ln 5 / ln 25 = 1/2
        # T = 12 / 3 = 4: 100 * ln(4 / 0.6) / ln(15 / 0.6) = 100 * 1.89712 / 3.21888
        pytest.param((4, 4, 4, 3), 58.93734608304005, id="T=4"),
    ],
)
def test_index_on_a_scale_from_two(cris: tuple[int, int, int, int], expected: float) -> None:
    """On scale (2, 10) the index uses Tmin = 3*lo/hi and Tmax = 3*hi/lo."""
    assert trust_index(*cris, scale=(2, 10)) == pytest.approx(expected, abs=1e-12)


def test_index_is_clipped_at_100_against_rounding() -> None:
    """The best relationship scores exactly 100 even where the log rounds above it."""
    # On scale (1, 17.1) the unclipped index of (17.1, 17.1, 17.1, 1) is
    # 100.00000000000001 in float64: the clip brings it back to 100.
    raw = (17.1 + 17.1 + 17.1) / 1.0
    t_min, t_max = 3 * 1.0 / 17.1, 3 * 17.1 / 1.0
    unclipped = 100 * np.log(raw / t_min) / np.log(t_max / t_min)
    assert unclipped > 100.0
    assert trust_index(17.1, 17.1, 17.1, 1, scale=(1, 17.1)) == 100.0
    _, index = trust_kernel(
        np.array([17.1]), np.array([17.1]), np.array([17.1]), np.array([1.0]), 1.0, 17.1
    )
    assert index.tolist() == [100.0]
    t = TrustScore.of(
        credibility=17.1, reliability=17.1, intimacy=17.1, self_orientation=1, scale=(1, 17.1)
    )
    assert (t.index, t.band) == (100.0, Band.GREEN)


def test_status_codes_are_int8() -> None:
    """status_codes returns CommitmentStatus codes as an int8 array (the book's dtype)."""
    nan = math.nan
    codes = status_codes(
        np.array([10.0, 10.0, 10.0, 20.0]),
        np.array([9.0, 12.0, nan, nan]),
        np.array([False, False, False, False]),
        15.0,
    )
    assert codes.dtype == np.int8
    assert codes.tolist() == [
        CommitmentStatus.KEPT,
        CommitmentStatus.KEPT_LATE,
        CommitmentStatus.MISSED,
        CommitmentStatus.OPEN,
    ]
