"""A renewal: validated as it is built, and round-tripped through JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import InvalidInputError, Renewal, from_json, to_json

DAY = date(2026, 9, 1)


@given(
    renewed=st.booleans(),
    before=st.none() | st.floats(min_value=0, max_value=1e9),
    after=st.none() | st.floats(min_value=0, max_value=1e9),
)
def test_a_valid_renewal_round_trips_through_json(
    renewed: bool, before: float | None, after: float | None
) -> None:
    if after is not None and (after == 0) == renewed:
        after = None  # the two combinations that contradict the decision
    renewal = Renewal(
        account_id="acme", decided_on=DAY, renewed=renewed, arr_before=before, arr_after=after
    )
    assert from_json(to_json(renewal), Renewal) == renewal


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"account_id": " "}, "account_id", "must be a non-empty string"),
        ({"decided_on": "2026-09-01"}, "decided_on", "must be a datetime.date"),
        ({"renewed": 1}, "renewed", "must be True or False"),
        ({"arr_before": -1.0}, "arr_before", "must be a finite number >= 0"),
        ({"arr_after": float("nan")}, "arr_after", "must be a finite number >= 0"),
        ({"renewed": False, "arr_after": 10.0}, "arr_after", "must be 0 or unknown for a churn"),
        ({"renewed": True, "arr_after": 0.0}, "arr_after", "must be above 0 or unknown"),
    ],
)
def test_a_bad_renewal_is_refused_by_name(fields: dict[str, Any], field: str, reason: str) -> None:
    base: dict[str, Any] = {"account_id": "acme", "decided_on": DAY, "renewed": True}
    with pytest.raises(InvalidInputError) as info:
        Renewal(**{**base, **fields})
    problem = info.value.problems[0]
    assert problem.field == field
    assert problem.reason.startswith(reason)
