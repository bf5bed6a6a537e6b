"""Every object survives ``from_json(to_json(x)) == x`` (issue 2, deliverable 6)."""

from __future__ import annotations

import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Adoption,
    Commitment,
    ComponentScore,
    CoverageModel,
    HealthScore,
    Outcome,
    Override,
    Policy,
    Scorecard,
    Segment,
    from_json,
    to_json,
)
from cs_framework import strategies as cst
from helpers import DAY, account


@pytest.mark.parametrize(
    ("strategy", "cls"),
    [
        (cst.commitments(), Commitment),
        (cst.outcomes(), Outcome),
        (cst.accounts(), Account),
        (cst.adoptions(), Adoption),
        (cst.component_scores(), ComponentScore),
        (cst.scorecards(), Scorecard),
        (cst.policies(), Policy),
        (cst.health_scores(), HealthScore),
        (cst.overrides(), Override),
    ],
)
@given(data=st.data())
def test_round_trip_is_lossless(
    strategy: st.SearchStrategy[Any], cls: type, data: st.DataObject
) -> None:
    obj = data.draw(strategy)
    text = to_json(obj)
    assert from_json(text, cls) == obj
    json.loads(text)  # standard JSON: no NaN or Infinity literals (allow_nan=False on dump)


@given(cst.segments())
def test_segment_tiers_round_trip_with_an_open_top(tiers: tuple[Segment, ...]) -> None:
    for tier in tiers:
        assert from_json(to_json(tier), Segment) == tier
    assert '"max_arr": "inf"' in to_json(tiers[-1])
    assert tiers[-1].max_arr == math.inf


def test_default_policy_round_trips() -> None:
    assert from_json(to_json(Policy()), Policy) == Policy()


def test_enums_travel_by_name_and_dates_as_iso() -> None:
    policy = Policy(segment_weights={CoverageModel.DIGITAL: {"adoption": 0.5}})
    data = json.loads(to_json(policy))
    assert data["segment_weights"] == {"DIGITAL": {"adoption": 0.5}}
    assert data["segments"][0]["coverage"] == "DIGITAL"
    assert json.loads(to_json(account(renewal_on=DAY)))["renewal_on"] == "2026-03-01"


@given(cst.accounts())
def test_objects_are_frozen(account: Account) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        account.arr = 1.0  # type: ignore[misc]
    assert isinstance(account.commitments, tuple)
    assert isinstance(account.outcomes, tuple)
