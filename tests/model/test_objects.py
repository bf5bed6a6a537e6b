"""One table of bad inputs: each must raise InvalidInputError naming the field.

Issue 2, deliverable 3: empty ids; non-finite or negative ARR; trust assessments off
[1, 10]; component scores off [0, 100]; commitments due or kept before they were
made; outcomes whose target equals the baseline or whose numbers are not finite;
children of another account; duplicate ids; segment tiers with a gap or overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from cs_framework import (
    DEFAULT_SEGMENTS,
    Adoption,
    ComponentScore,
    CoverageModel,
    CSFrameworkError,
    InvalidInputError,
    Policy,
    Problem,
    Scorecard,
    Segment,
)
from helpers import account, commitment, outcome

NAN, INF = math.nan, math.inf


def segment(**changes: Any) -> Segment:
    fields: dict[str, Any] = {
        "name": "Tier",
        "min_arr": 0.0,
        "max_arr": 10.0,
        "coverage": CoverageModel.DIGITAL,
        "accounts_per_csm": 10.0,
    }
    return Segment(**{**fields, **changes})


def tiers(*bounds: tuple[float, float]) -> Policy:
    return Policy(segments=tuple(segment(min_arr=lo, max_arr=hi) for lo, hi in bounds))


# (build, field named, account named)
BAD: list[tuple[Callable[[], object], str, str | None]] = [
    # ids and names
    (lambda: account(id=""), "id", None),
    (lambda: account(id="   "), "id", None),
    (lambda: account(name=""), "name", "acme"),
    (lambda: account(id=7), "id", None),
    (lambda: commitment(id=""), "id", "acme"),
    (lambda: commitment(account_id=""), "account_id", None),
    (lambda: commitment(description=""), "description", "acme"),
    (lambda: commitment(owner=""), "owner", "acme"),
    (lambda: outcome(id=""), "id", "acme"),
    (lambda: outcome(metric=""), "metric", "acme"),
    # ARR
    (lambda: account(arr=-1.0), "arr", "acme"),
    (lambda: account(arr=NAN), "arr", "acme"),
    (lambda: account(arr=INF), "arr", "acme"),
    (lambda: account(arr="100"), "arr", "acme"),
    (lambda: account(arr=True), "arr", "acme"),
    # trust assessments off [1, 10] or not finite
    (lambda: account(credibility=0.5), "credibility", "acme"),
    (lambda: account(intimacy=10.5), "intimacy", "acme"),
    (lambda: account(self_orientation=0), "self_orientation", "acme"),
    (lambda: account(self_orientation=NAN), "self_orientation", "acme"),
    (lambda: account(credibility=INF), "credibility", "acme"),
    # health components off [0, 100]
    (lambda: account(health={"nps": 101}), "health['nps']", "acme"),
    (lambda: account(health={"nps": -0.1}), "health['nps']", "acme"),
    (lambda: account(health={"nps": NAN}), "health['nps']", "acme"),
    (lambda: account(health={"nps": "80"}), "health['nps']", "acme"),
    (lambda: account(health={"": 80}), "health", "acme"),
    (lambda: account(health=[80]), "health", "acme"),
    (lambda: ComponentScore(value=100.5), "value", None),
    (lambda: ComponentScore(value=50, measured_on=datetime(2026, 1, 1)), "measured_on", None),
    # dates
    (lambda: commitment(due=date(2026, 1, 4)), "due", "acme"),
    (lambda: commitment(kept_on=date(2026, 1, 4)), "kept_on", "acme"),
    (lambda: commitment(made_on="2026-01-05"), "made_on", "acme"),
    (lambda: commitment(renegotiated=1), "renegotiated", "acme"),
    (lambda: account(renewal_on=datetime(2026, 1, 1, 9)), "renewal_on", "acme"),
    (lambda: account(setup_complete="yes"), "setup_complete", "acme"),
    # outcomes
    (lambda: outcome(target=30.0), "target", "acme"),
    (lambda: outcome(baseline=NAN), "baseline", "acme"),
    (lambda: outcome(target=INF), "target", "acme"),
    (lambda: outcome(current=NAN), "current", "acme"),
    (lambda: outcome(documented=None), "documented", "acme"),
    # children that are not the account's own, duplicates, wrong types
    (
        lambda: account(commitments=[commitment(account_id="other")]),
        "commitments[0].account_id",
        "acme",
    ),
    (lambda: account(outcomes=[outcome(account_id="other")]), "outcomes[0].account_id", "acme"),
    (lambda: account(commitments=[commitment(), commitment()]), "commitments[1].id", "acme"),
    (lambda: account(outcomes=[outcome(), outcome()]), "outcomes[1].id", "acme"),
    (lambda: account(commitments=[outcome()]), "commitments[0]", "acme"),
    (lambda: account(commitments=commitment()), "commitments", "acme"),
    (lambda: account(adoption={"licensed_users": 3}), "adoption", "acme"),
    # adoption counts
    (lambda: Adoption(licensed_users=-1), "licensed_users", None),
    (lambda: Adoption(licensed_users=2.5), "licensed_users", None),
    (lambda: Adoption(core_workflows=2, core_workflows_used=3), "core_workflows_used", None),
    (lambda: Adoption(teams=1, teams_using=2), "teams_using", None),
    # segments and tiers
    (lambda: segment(name=""), "name", None),
    (lambda: segment(min_arr=-1.0), "min_arr", None),
    (lambda: segment(max_arr=NAN), "max_arr", None),
    (lambda: segment(max_arr=0.0), "max_arr", None),
    (lambda: segment(coverage=1), "coverage", None),
    (lambda: segment(accounts_per_csm=0), "accounts_per_csm", None),
    (lambda: tiers((0, 10), (20, INF)), "segments[1].min_arr", None),  # a gap
    (lambda: tiers((0, 10), (5, INF)), "segments[1].min_arr", None),  # an overlap
    (lambda: tiers((1, INF)), "segments[0].min_arr", None),
    (lambda: tiers((0, 10)), "segments[0].max_arr", None),
    (lambda: Policy(segments=()), "segments", None),
    (lambda: Policy(segments=[DEFAULT_SEGMENTS[0], "x"]), "segments[1]", None),
    (lambda: Policy(segments="tiers"), "segments", None),
    # policy tunables
    (lambda: Policy(trust_bar=101), "trust_bar", None),
    (lambda: Policy(half_life_days=0), "half_life_days", None),
    (lambda: Policy(prior_kept=0), "prior_kept", None),
    (lambda: Policy(credit_kept=0.4), "credit_kept_late", None),
    (lambda: Policy(trust_scale_min=10, trust_scale_max=5), "trust_scale_max", None),
    (lambda: Policy(weight_unseen=0.9), "weight_documented", None),
    (lambda: Policy(min_coverage=1.5), "min_coverage", None),
    (lambda: Policy(scorecard={"trust": 1}), "scorecard", None),
    (lambda: Policy(segment_weights=[1]), "segment_weights", None),
    (lambda: Policy(segment_weights={"DIGITAL": {"trust": 1.0}}), "segment_weights", None),
    (lambda: Policy(segment_weights={CoverageModel.DIGITAL: {"golf": 1.0}}), "weights", None),
    # scorecards
    (lambda: Scorecard(weights={}), "weights", None),
    (lambda: Scorecard(weights={"": 1.0}), "weights", None),
    (lambda: Scorecard(weights={"trust": -1.0}), "weights['trust']", None),
    (lambda: Scorecard(weights={"trust": NAN}), "weights['trust']", None),
]


@pytest.mark.parametrize(("build", "field", "account_id"), BAD)
def test_bad_input_is_refused_by_name(
    build: Callable[[], object], field: str, account_id: str | None
) -> None:
    with pytest.raises(InvalidInputError) as info:
        build()
    err = info.value
    assert err.field == field
    assert err.account_id == account_id
    assert f"{field}=" in str(err)
    if account_id is not None:
        assert repr(account_id) in str(err)
    assert isinstance(err, CSFrameworkError)
    assert isinstance(err, ValueError)


def test_from_problems_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one"):
        InvalidInputError.from_problems([], summary="nothing")


def test_an_error_of_many_problems_shows_the_first_fifty_and_keeps_every_one() -> None:
    def of(n: int) -> InvalidInputError:
        problems = [
            Problem(field="arr", value=-k, account_id=f"a{k}", reason="must be >= 0")
            for k in range(n)
        ]
        return InvalidInputError.from_problems(problems, summary=f"{n} bad values")

    lines = str(of(1234)).splitlines()
    assert lines[0] == "1234 bad values:"
    assert lines[1] == "  arr=0 (account 'a0'): must be >= 0"
    assert lines[50] == "  arr=-49 (account 'a49'): must be >= 0"
    assert lines[51:] == ["  ... and 1,184 more (the error's problems hold all 1,234)"]
    assert [p.account_id for p in of(1234).problems] == [f"a{k}" for k in range(1234)]
    assert len(str(of(50)).splitlines()) == 51  # fifty: every one shown, no tail line


@pytest.mark.rule("health.components-warning")
def test_a_scorecard_of_more_than_six_components_warns() -> None:
    from cs_framework import ScorecardWarning

    with pytest.warns(ScorecardWarning, match="7 components"):
        Scorecard(weights={f"m{i}": 1.0 for i in range(7)})


def test_the_first_value_cannot_come_before_the_start() -> None:
    """The same rule and wording as a loaded book's row check."""
    with pytest.raises(InvalidInputError) as info:
        account(started_on=date(2026, 3, 1), first_value_on=date(2026, 2, 28))
    (p,) = info.value.problems
    assert (p.field, p.value, p.account_id, p.reason) == (
        "first_value_on",
        date(2026, 2, 28),
        "acme",
        "must be on or after started_on=2026-03-01",
    )
    assert account(started_on=date(2026, 3, 1), first_value_on=date(2026, 3, 1)).first_value_on
