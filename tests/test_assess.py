"""assess(): the next right action, with its reasons (DOMAIN.md sections 1-4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Action,
    Adoption,
    Band,
    Book,
    CommitmentStatus,
    Flag,
    GapKind,
    InvalidInputError,
    Phase,
    Policy,
    Stage,
    assess,
    score_book,
)
from cs_framework import strategies as cst
from helpers import account, commitment, outcome

rule = pytest.mark.rule
AS_OF = date(2026, 6, 30)
GOOD_HEALTH = {"adoption": 90.0, "engagement": 90.0, "support": 90.0, "sentiment": 90.0}
OWNERS = {"decision_maker": "Pat", "day_to_day_owner": "Kim", "accountable_owner": "Alex"}


def kept(k: int, days_ago: int = 10) -> Any:
    due = AS_OF - timedelta(days=days_ago)
    return commitment(id=f"k{k}", made_on=due - timedelta(days=5), due=due, kept_on=due)


def missed(k: int, days_ago: int = 10, description: str = "Fix the export") -> Any:
    due = AS_OF - timedelta(days=days_ago)
    return commitment(id=f"m{k}", description=description, made_on=due - timedelta(days=5), due=due)


def done(k: int, *, acknowledged: bool = True) -> Any:
    return outcome(
        id=f"o{k}", baseline=0, target=10, current=10, documented=True, acknowledged=acknowledged
    )


def strong(**changes: Any) -> Account:
    """Trusted, proven, healthy, owned, recently touched: an account in GROW."""
    fields: dict[str, Any] = {
        "credibility": 10.0,
        "intimacy": 10.0,
        "self_orientation": 1.5,
        "commitments": [kept(k) for k in range(5)],
        "outcomes": [done(1), done(2)],
        "health": GOOD_HEALTH,
        "last_executive_touch": AS_OF - timedelta(days=5),
        **OWNERS,
    }
    return account(**{**fields, **changes})


def actions(a: Account, **kwargs: Any) -> list[Action]:
    return [step.action for step in assess(a, as_of=AS_OF, **kwargs).actions]


@rule("sequencing.actions")
def test_grow_account_is_offered_expansion() -> None:
    result = assess(strong(), as_of=AS_OF)
    assert result.phase is Phase.GROW
    assert actions(strong()) == [Action.EXPAND]
    assert "expansion is the right conversation" in result.next_action.reason
    assert result.gaps == ()


@rule("sequencing.actions")
def test_trust_account_addresses_the_missed_commitments_by_name() -> None:
    """'The next right action isn't a QBR - it's addressing the specific commitments missed'."""
    a = strong(
        credibility=3.0,
        intimacy=3.0,
        self_orientation=8.0,
        commitments=[kept(1), missed(1, description="Send the SSO guide"), missed(2)],
    )
    result = assess(a, as_of=AS_OF)
    assert result.phase is Phase.TRUST
    first = result.next_action
    assert first.action is Action.RESOLVE_MISSED_COMMITMENTS
    assert first.commitment_ids == ("m1", "m2")
    assert "'Send the SSO guide' (m1)" in first.reason
    assert "'Fix the export' (m2)" in first.reason
    assert "not a QBR" in first.reason
    assert [g.commitment_id for g in result.gaps if g.kind is GapKind.MISSED_COMMITMENT] == [
        "m1",
        "m2",
    ]


@rule("gaps.missed")
def test_old_misses_leave_the_recency_window() -> None:
    policy = Policy()
    old = missed(1, days_ago=int(policy.missed_window_days) + 1)
    result = assess(strong(commitments=[old]), as_of=AS_OF)
    assert not [g for g in result.gaps if g.kind is GapKind.MISSED_COMMITMENT]
    edge = missed(1, days_ago=int(policy.missed_window_days))
    assert [g.days for g in assess(strong(commitments=[edge]), as_of=AS_OF).gaps] == [180.0]


@rule("sequencing.actions")
def test_trust_actions_come_in_order_missed_then_ownership_then_executive() -> None:
    a = strong(
        credibility=3.0,
        intimacy=3.0,
        self_orientation=8.0,
        commitments=[missed(1)],
        accountable_owner=None,
        last_executive_touch=AS_OF - timedelta(days=200),
    )
    assert actions(a) == [
        Action.RESOLVE_MISSED_COMMITMENTS,
        Action.CLARIFY_OWNERSHIP,
        Action.REENGAGE_EXECUTIVE,
    ]


@rule("sequencing.actions")
def test_trust_without_gaps_keeps_small_commitments() -> None:
    a = strong(credibility=2.0, intimacy=2.0, self_orientation=9.0)
    result = assess(a, as_of=AS_OF)
    assert result.phase is Phase.TRUST
    assert actions(a) == [Action.KEEP_SMALL_COMMITMENTS]
    assert "no gap found" in result.next_action.reason


@rule("gaps.ownership")
def test_unclear_ownership_names_the_commitment_and_the_role() -> None:
    unowned = commitment(id="u1", owner=None, made_on=AS_OF, due=AS_OF + timedelta(days=7))
    result = assess(strong(commitments=[unowned], day_to_day_owner=None), as_of=AS_OF)
    gaps = [g for g in result.gaps if g.kind is GapKind.UNCLEAR_OWNERSHIP]
    assert [(g.commitment_id, g.role) for g in gaps] == [("u1", None), (None, "day_to_day_owner")]
    assert "does the work day to day" in gaps[1].detail


@rule("gaps.silent-executive")
@pytest.mark.parametrize(("days", "silent"), [(90, False), (91, True), (None, True)])
def test_silent_executive_after_90_days(days: int | None, silent: bool) -> None:
    touch = None if days is None else AS_OF - timedelta(days=days)
    result = assess(strong(last_executive_touch=touch), as_of=AS_OF)
    gaps = [g for g in result.gaps if g.kind is GapKind.SILENT_EXECUTIVE]
    assert bool(gaps) is silent
    if gaps:
        assert gaps[0].days == days
        assert (str(days) if days else "no executive touch on record") in gaps[0].detail


@rule("proof.no-criteria")
def test_prove_without_outcomes_defines_success_criteria() -> None:
    result = assess(strong(outcomes=[]), as_of=AS_OF)
    assert result.phase is Phase.PROVE
    assert result.proof == 0
    assert actions(strong(outcomes=[])) == [Action.DEFINE_SUCCESS_CRITERIA]
    assert [g.kind for g in result.gaps] == [GapKind.NO_SUCCESS_CRITERIA]


@rule("sequencing.actions")
def test_prove_with_unacknowledged_progress_documents_outcomes() -> None:
    a = strong(outcomes=[done(1, acknowledged=False)])
    result = assess(a, as_of=AS_OF)
    assert result.phase is Phase.PROVE
    assert result.next_action.action is Action.DOCUMENT_OUTCOMES
    assert "(o1)" in result.next_action.reason


@rule("sequencing.actions")
def test_prove_with_acknowledged_but_small_progress_drives_outcomes() -> None:
    little = outcome(id="o1", baseline=0, target=10, current=2, acknowledged=True)
    assert actions(strong(outcomes=[little])) == [Action.DRIVE_OUTCOMES]


@rule("sequencing.actions")
def test_prove_with_no_progress_yet_drives_outcomes() -> None:
    """No progress is nothing to document, acknowledged or not: drive the outcome."""
    for current in (None, 0.0):
        none_yet = outcome(id="o1", baseline=0, target=10, current=current)
        result = assess(strong(outcomes=[none_yet]), as_of=AS_OF)
        assert result.phase is Phase.PROVE
        assert [step.action for step in result.actions] == [Action.DRIVE_OUTCOMES]
        book = score_book(Book.from_accounts([strong(outcomes=[none_yet])]), as_of=AS_OF)
        assert book["first_action"].tolist() == [Action.DRIVE_OUTCOMES]


@rule("sequencing.escalation")
def test_red_health_escalates_first_within_48_hours() -> None:
    red = {"adoption": 10.0, "engagement": 10.0, "support": 10.0, "sentiment": 10.0}
    at = datetime(2026, 6, 30, 9, 15, tzinfo=UTC)
    result = assess(strong(health=red, outcomes=[]), as_of=AS_OF, scored_at=at)
    assert result.health.band is Band.RED
    assert result.next_action.action is Action.ESCALATE
    assert result.escalation_due == at + timedelta(hours=48)
    assert result.next_action.due == at + timedelta(hours=48)
    assert (
        actions(strong(health=red, outcomes=[]), scored_at=at)[1] is Action.DEFINE_SUCCESS_CRITERIA
    )


@rule("sequencing.escalation")
@given(cst.accounts(), cst.dates())
def test_every_red_account_escalates_first(a: Account, as_of: date) -> None:
    result = assess(a, as_of=as_of)
    assert (result.next_action.action is Action.ESCALATE) == (result.health.band is Band.RED)
    assert (result.escalation_due is not None) == (result.health.band is Band.RED)
    assert len({step.action for step in result.actions}) == len(result.actions)
    if result.phase is not Phase.GROW:
        assert Action.EXPAND not in [step.action for step in result.actions]


@rule("sequencing.renewal-at-risk")
@pytest.mark.parametrize(("days", "at_risk"), [(0, True), (90, True), (91, False), (-1, False)])
def test_renewal_at_risk_inside_90_days_when_not_in_grow(days: int, at_risk: bool) -> None:
    renewal = AS_OF + timedelta(days=days)
    proving = assess(strong(outcomes=[], renewal_on=renewal), as_of=AS_OF)
    assert (Flag.RENEWAL_AT_RISK in proving.flags) is at_risk
    growing = assess(strong(renewal_on=renewal), as_of=AS_OF)
    assert Flag.RENEWAL_AT_RISK not in growing.flags


@rule("stages.evidence")
def test_stage_follows_the_evidence() -> None:
    habit = Adoption(licensed_users=10, weekly_active_users=6)
    first_win = AS_OF - timedelta(days=30)
    stages = [
        assess(strong(setup_complete=False), as_of=AS_OF).stage,
        assess(strong(setup_complete=True), as_of=AS_OF).stage,
        assess(strong(setup_complete=True, first_value_on=first_win), as_of=AS_OF).stage,
        assess(
            strong(
                setup_complete=True,
                first_value_on=first_win,
                adoption=habit,
                outcomes=[done(1, acknowledged=False)],
            ),
            as_of=AS_OF,
        ).stage,
        assess(
            strong(setup_complete=True, first_value_on=first_win, adoption=habit), as_of=AS_OF
        ).stage,
        assess(
            strong(
                setup_complete=True, first_value_on=first_win, adoption=habit, expansion_signal=True
            ),
            as_of=AS_OF,
        ).stage,
    ]
    assert stages == list(Stage)


def test_habit_is_a_weekly_active_share_of_60_percent() -> None:
    base = {
        "setup_complete": True,
        "first_value_on": AS_OF,
        "outcomes": [done(1, acknowledged=False)],
    }
    below = strong(adoption=Adoption(licensed_users=100, weekly_active_users=59), **base)
    at = strong(adoption=Adoption(licensed_users=100, weekly_active_users=60), **base)
    assert assess(below, as_of=AS_OF).stage is Stage.ADOPTION
    assert assess(at, as_of=AS_OF).stage is Stage.OUTCOMES


def test_unknown_trust_counts_as_trust() -> None:
    result = assess(strong(credibility=None), as_of=AS_OF)
    assert result.trust is None
    assert result.phase is Phase.TRUST


def test_trust_score_carries_the_computed_reliability() -> None:
    result = assess(strong(), as_of=AS_OF)
    assert result.trust is not None
    assert result.trust.reliability == result.reliability
    assert result.trust.credibility == 10.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"as_of": "2026-06-30"}, "as_of"),
        ({"as_of": datetime(2026, 6, 30)}, "as_of"),
        ({"as_of": AS_OF, "scored_at": AS_OF}, "scored_at"),
        ({"as_of": AS_OF, "policy": Policy(trust_scale_min=2)}, "credibility"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        assess(strong(credibility=1.5), **kwargs)
    assert info.value.field == field


def test_only_accounts_are_assessed() -> None:
    with pytest.raises(InvalidInputError) as info:
        assess({"id": "acme"}, as_of=AS_OF)  # type: ignore[arg-type]
    assert info.value.field == "account"


days = st.just(AS_OF) | cst.dates()  # AS_OF is the strategies' day: every status occurs
ROLES = ("decision_maker", "day_to_day_owner", "accountable_owner")


def gaps_of(a: Account, as_of: date, kind: GapKind) -> list[Any]:
    return [g for g in assess(a, as_of=as_of).gaps if g.kind is kind]


@rule("gaps.missed")
@given(cst.accounts(), days)
def test_every_missed_commitment_in_the_window_is_a_named_gap(a: Account, as_of: date) -> None:
    """DOMAIN.md 1: MISSED_COMMITMENT for each missed commitment still inside the recency
    window (Policy.missed_window_days, 180), naming it; none for older misses."""
    window = Policy().missed_window_days
    expected = [
        c.id
        for c in a.commitments
        if c.status(as_of) is CommitmentStatus.MISSED and (as_of - c.due).days <= window
    ]
    found = gaps_of(a, as_of, GapKind.MISSED_COMMITMENT)
    assert [g.commitment_id for g in found] == expected
    assert all(g.commitment_id in g.detail for g in found)


@rule("gaps.ownership")
@given(cst.accounts(), days)
def test_unclear_ownership_names_unowned_open_commitments_and_missing_roles(
    a: Account, as_of: date
) -> None:
    """DOMAIN.md 1: an open commitment with no owner, or a missing outcome role of seed 002."""
    found = gaps_of(a, as_of, GapKind.UNCLEAR_OWNERSHIP)
    unowned = [
        c.id for c in a.commitments if c.owner is None and c.status(as_of) is CommitmentStatus.OPEN
    ]
    assert [g.commitment_id for g in found if g.commitment_id] == unowned
    assert [g.role for g in found if g.role] == [r for r in ROLES if getattr(a, r) is None]


@rule("gaps.silent-executive")
@given(cst.accounts(), days)
def test_silent_executive_after_more_than_90_days(a: Account, as_of: date) -> None:
    """DOMAIN.md 1: no executive touch for more than 90 days (or none on record)."""
    touch = a.last_executive_touch
    silent = touch is None or (as_of - touch).days > 90
    assert bool(gaps_of(a, as_of, GapKind.SILENT_EXECUTIVE)) is silent


@rule("proof.no-criteria")
@given(cst.accounts(max_outcomes=0) | cst.accounts(min_outcomes=1), days)
def test_no_success_criteria_exactly_when_there_are_no_outcomes(a: Account, as_of: date) -> None:
    """DOMAIN.md 2: no outcomes means proof 0 and the gap NO_SUCCESS_CRITERIA."""
    result = assess(a, as_of=as_of)
    flagged = any(g.kind is GapKind.NO_SUCCESS_CRITERIA for g in result.gaps)
    assert flagged is (not a.outcomes)
    if not a.outcomes:
        assert result.proof == 0.0


@rule("sequencing.actions")
@given(cst.accounts(), days)
def test_the_actions_follow_the_phase(a: Account, as_of: date) -> None:
    """DOMAIN.md 3 (fixed): TRUST addresses missed commitments, then ownership, then a
    silent executive, else keeps small commitments; PROVE defines success criteria,
    else documents unacknowledged progress, else drives the outcomes; GROW expands."""
    result = assess(a, as_of=as_of)
    kinds = {g.kind for g in result.gaps}
    plan = [step.action for step in result.actions if step.action is not Action.ESCALATE]
    if result.phase is Phase.TRUST:
        expected = [
            action
            for action, gap in (
                (Action.RESOLVE_MISSED_COMMITMENTS, GapKind.MISSED_COMMITMENT),
                (Action.CLARIFY_OWNERSHIP, GapKind.UNCLEAR_OWNERSHIP),
                (Action.REENGAGE_EXECUTIVE, GapKind.SILENT_EXECUTIVE),
            )
            if gap in kinds
        ] or [Action.KEEP_SMALL_COMMITMENTS]
    elif result.phase is Phase.PROVE:
        unseen = any(o.progress > 0 and not o.acknowledged for o in a.outcomes)
        expected = [
            Action.DEFINE_SUCCESS_CRITERIA
            if not a.outcomes
            else Action.DOCUMENT_OUTCOMES
            if unseen
            else Action.DRIVE_OUTCOMES
        ]
    else:
        expected = [Action.EXPAND]
    assert plan == expected
    missed_ids = tuple(g.commitment_id for g in result.gaps if g.kind is GapKind.MISSED_COMMITMENT)
    for step in result.actions:
        if step.action is Action.RESOLVE_MISSED_COMMITMENTS:
            assert step.commitment_ids == missed_ids  # the commitments, named


@rule("sequencing.renewal-at-risk")
@given(st.data(), st.sampled_from(Phase), st.integers(-30, 150))
def test_renewal_at_risk_within_90_days_unless_growing(
    data: st.DataObject, phase: Phase, days_to_renewal: int
) -> None:
    """DOMAIN.md 3: within 90 days of renewal and not in GROW: RENEWAL_AT_RISK."""
    a = data.draw(cst.accounts(phase=phase))
    a = attrs.evolve(a, renewal_on=AS_OF + timedelta(days=days_to_renewal))
    flagged = Flag.RENEWAL_AT_RISK in assess(a, as_of=AS_OF).flags
    assert flagged is (0 <= days_to_renewal <= 90 and phase is not Phase.GROW)


@rule("stages.order")
@rule("stages.evidence")
@given(cst.accounts(), days)
def test_the_stage_is_the_first_whose_exit_evidence_is_missing(a: Account, as_of: date) -> None:
    """DOMAIN.md 4: SETUP -> ACTIVATION -> ADOPTION -> OUTCOMES -> EXPANSION -> RENEWAL;
    an account is in the first stage, in that order, whose exit evidence is missing."""
    result = assess(a, as_of=as_of)
    u = a.adoption
    evidence = [
        a.setup_complete,
        a.first_value_on is not None and a.first_value_on <= as_of,
        u is not None and u.licensed_users > 0 and u.weekly_active_users / u.licensed_users >= 0.6,
        any(o.progress >= 1 and o.acknowledged for o in a.outcomes),
        result.phase is Phase.GROW and a.expansion_signal,
    ]
    expected = next((Stage(k) for k, ok in enumerate(evidence) if not ok), Stage.RENEWAL)
    assert result.stage is expected
