"""Lifecycle stages and adoption measures, pinned exactly: messages, edges, kernels.

Every error names the field, the value and the account (DOMAIN.md, issue 2), so the
messages below are public contract: each test asserts the whole text and the
``(field, value, account_id)`` triple, not just the exception type.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pytest

from cs_framework import (
    Stage,
    activation_rate,
    breadth,
    check_transition,
    depth,
    time_to_value,
    weekly_active_usage,
)
from cs_framework._stages import share_kernel, stage_kernel
from helpers import assert_refused

ERRORS = [
    # check_transition: types, with the account named
    pytest.param(
        lambda: check_transition(Stage.SETUP, "ADOPTION", account_id="acme"),
        "stage='ADOPTION' (account 'acme'): must be a Stage",
        ("stage", "ADOPTION", "acme"),
        id="transition-new-not-stage",
    ),
    pytest.param(
        lambda: check_transition(2, Stage.ADOPTION, account_id="acme"),
        "current=2 (account 'acme'): must be a Stage",
        ("current", 2, "acme"),
        id="transition-current-not-stage",
    ),
    # check_transition: skips, listing every stage jumped over
    pytest.param(
        lambda: check_transition(Stage.ACTIVATION, Stage.EXPANSION, account_id="acme"),
        "stage=<Stage.EXPANSION: 4> (account 'acme'): skips ADOPTION, OUTCOMES: "
        "a move from ACTIVATION must go to ADOPTION first",
        ("stage", Stage.EXPANSION, "acme"),
        id="transition-skips-two",
    ),
    pytest.param(
        lambda: check_transition(Stage.SETUP, Stage.ADOPTION),
        "stage=<Stage.ADOPTION: 2>: skips ACTIVATION: "
        "a move from SETUP must go to ACTIVATION first",
        ("stage", Stage.ADOPTION, None),
        id="transition-skips-one",
    ),
    pytest.param(
        lambda: check_transition(Stage.SETUP, Stage.RENEWAL, account_id="acme"),
        "stage=<Stage.RENEWAL: 5> (account 'acme'): skips ACTIVATION, ADOPTION, OUTCOMES, "
        "EXPANSION: a move from SETUP must go to ACTIVATION first",
        ("stage", Stage.RENEWAL, "acme"),
        id="transition-skips-all",
    ),
    # the shares: each names its own two fields
    pytest.param(
        lambda: weekly_active_usage("7", 60),
        "weekly_active_users='7': must be numeric (a number or an array of numbers)",
        ("weekly_active_users", "7", None),
        id="wau-part-str",
    ),
    pytest.param(
        lambda: weekly_active_usage(7, "60"),
        "licensed_users='60': must be numeric (a number or an array of numbers)",
        ("licensed_users", "60", None),
        id="wau-whole-str",
    ),
    pytest.param(
        lambda: weekly_active_usage(-1, 60),
        "weekly_active_users=-1: weekly_active_users and licensed_users must be finite and >= 0",
        ("weekly_active_users", -1, None),
        id="wau-negative",
    ),
    pytest.param(
        lambda: weekly_active_usage(61, 60),
        "weekly_active_users=61: must not exceed licensed_users=60",
        ("weekly_active_users", 61, None),
        id="wau-above-licences",
    ),
    pytest.param(
        lambda: depth(-1, 4),
        "core_workflows_used=-1: core_workflows_used and core_workflows must be finite and >= 0",
        ("core_workflows_used", -1, None),
        id="depth-negative",
    ),
    pytest.param(
        lambda: depth(5, 4),
        "core_workflows_used=5: must not exceed core_workflows=4",
        ("core_workflows_used", 5, None),
        id="depth-above-whole",
    ),
    pytest.param(
        lambda: depth([1, 2], [4, math.inf]),
        "core_workflows_used=[1, 2]: "
        "core_workflows_used and core_workflows must be finite and >= 0",
        ("core_workflows_used", [1, 2], None),
        id="depth-infinite-whole",
    ),
    pytest.param(
        lambda: breadth(1, -8),
        "teams_using=1: teams_using and teams must be finite and >= 0",
        ("teams_using", 1, None),
        id="breadth-negative-whole",
    ),
    pytest.param(
        lambda: breadth(9, 8),
        "teams_using=9: must not exceed teams=8",
        ("teams_using", 9, None),
        id="breadth-above-whole",
    ),
    pytest.param(
        lambda: breadth("2", 8),
        "teams_using='2': must be numeric (a number or an array of numbers)",
        ("teams_using", "2", None),
        id="breadth-part-str",
    ),
    # time_to_value
    pytest.param(
        lambda: time_to_value("2026-03-01", date(2026, 3, 20)),
        "started_on='2026-03-01': must be a datetime.date",
        ("started_on", "2026-03-01", None),
        id="ttv-started-str",
    ),
    pytest.param(
        lambda: time_to_value(date(2026, 3, 1), "2026-03-20"),
        "first_value_on='2026-03-20': must be a datetime.date",
        ("first_value_on", "2026-03-20", None),
        id="ttv-first-value-str",
    ),
    pytest.param(
        lambda: time_to_value(date(2026, 3, 1), datetime(2026, 3, 20)),
        "first_value_on=datetime.datetime(2026, 3, 20, 0, 0): must be a datetime.date",
        ("first_value_on", datetime(2026, 3, 20), None),
        id="ttv-first-value-datetime",
    ),
    pytest.param(
        lambda: time_to_value(None, None),  # type: ignore[arg-type]
        "started_on=None: must be a datetime.date",
        ("started_on", None, None),
        id="ttv-started-none",  # refused even when there is no value yet
    ),
    pytest.param(
        lambda: time_to_value(date(2026, 3, 2), date(2026, 3, 1)),
        "first_value_on=datetime.date(2026, 3, 1): must not precede started_on=2026-03-02",
        ("first_value_on", date(2026, 3, 1), None),
        id="ttv-before-start",
    ),
    # activation_rate
    pytest.param(
        lambda: activation_rate([1, 0]),
        "reached_first_value=[1, 0]: must be booleans (one per account)",
        ("reached_first_value", [1, 0], None),
        id="activation-ints",
    ),
]


@pytest.mark.parametrize(("call", "message", "where"), ERRORS)
def test_bad_input_is_refused_by_name(
    call: Callable[[], Any], message: str, where: tuple[str, Any, str | None]
) -> None:
    """Bad input raises naming the field, the value, the account and the reason, word for word."""
    assert_refused(call, message, where)


def test_stage_kernel_mixes_rows_with_and_without_gaps() -> None:
    """Each row's stage is its own first missing exit; a fully evidenced row is RENEWAL."""
    evidence = np.array(
        [
            [True, True, False, True, True],  # adoption not habitual yet -> ADOPTION (2)
            [True] * 5,  # every exit evidenced -> RENEWAL (5)
            [False] * 5,  # nothing evidenced -> SETUP (0)
            [True, True, True, True, False],  # no expansion yet -> EXPANSION (4)
        ]
    )
    codes = stage_kernel(evidence)
    assert codes.dtype == np.int8
    assert codes.tolist() == [2, 5, 0, 4]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        # The result has the broadcast shape of both arguments, whichever is larger.
        pytest.param([1, 2], 4, [0.25, 0.5], id="part-array-whole-scalar"),
        pytest.param(1, [2, 4], [0.5, 0.25], id="part-scalar-whole-array"),
        pytest.param([[1], [2]], [4, 8], [[0.25, 0.125], [0.5, 0.25]], id="2d-broadcast"),
    ],
)
def test_shares_broadcast_part_against_whole(part: Any, whole: Any, expected: Any) -> None:
    """A share of arrays broadcasts ``part`` against ``whole`` (shape of both together)."""
    got = weekly_active_usage(part, whole)
    assert np.asarray(got).shape == np.asarray(expected).shape
    assert got.tolist() == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        # Any positive denominator gives a share, even one below 1 (0.25 / 0.5 = 0.5).
        pytest.param(1, 1, 1.0, id="whole-1"),
        pytest.param(0.25, 0.5, 0.5, id="whole-below-1"),
        pytest.param(0, 0, math.nan, id="whole-0-is-nan"),
    ],
)
def test_share_is_nan_only_without_a_denominator(
    part: float, whole: float, expected: float
) -> None:
    """``part / whole`` for every ``whole > 0``; NaN only where ``whole`` is 0."""
    got = breadth(part, whole)
    assert got == expected or (math.isnan(expected) and math.isnan(got))


def test_share_kernel_edges() -> None:
    """The kernel divides where ``whole > 0`` and leaves NaN where it is 0."""
    got = share_kernel(np.array([0.5, 1.0, 0.0]), np.array([1.0, 1.0, 0.0]))
    assert got[:2].tolist() == [0.5, 1.0]
    assert math.isnan(got[2])
