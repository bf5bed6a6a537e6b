"""assess(): the next right action, with its reasons (rules: trust, proof, sequencing, stages)."""

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
    Assessment,
    Band,
    Book,
    CommitmentStatus,
    Flag,
    Gap,
    GapKind,
    InvalidInputError,
    NextAction,
    Override,
    Phase,
    Policy,
    Stage,
    TrustScore,
    assess,
    score_book,
)
from cs_framework import strategies as cst
from cs_framework.examples import EXAMPLE_DAY, example_accounts
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


def renamed(a: Account, new_id: str) -> Account:
    """The account under another id, its records with it."""
    return attrs.evolve(
        a,
        id=new_id,
        commitments=[attrs.evolve(c, account_id=new_id) for c in a.commitments],
        outcomes=[attrs.evolve(o, account_id=new_id) for o in a.outcomes],
    )


def actions(a: Account, **kwargs: Any) -> list[Action]:
    return [step.action for step in assess(a, as_of=AS_OF, **kwargs).actions]


@rule("sequencing.actions")
def test_grow_account_is_offered_expansion() -> None:
    result = assess(strong(), as_of=AS_OF)
    assert result.phase is Phase.GROW
    assert actions(strong()) == [Action.EXPAND]
    assert "expansion is the right conversation" in result.next_action.reason
    assert result.gaps == ()


@rule("sequencing.red-not-ready")
def test_a_red_account_in_grow_is_escalated_and_repaired_not_offered_expansion() -> None:
    """A Red account is not ready to grow: ESCALATE and the repairs, no EXPAND, and no
    summary lists it as ready to grow; unknown health does not block expansion."""
    red = renamed(strong(health=dict.fromkeys(GOOD_HEALTH, 0.0)), "red")
    result = assess(red, as_of=AS_OF)
    assert (result.phase, result.health.band) == (Phase.GROW, Band.RED)
    assert [step.action for step in result.actions] == [Action.ESCALATE]
    unknown = renamed(strong(health={}), "unknown")
    result = assess(unknown, as_of=AS_OF)
    assert result.health.band is Band.UNKNOWN
    assert result.next_action.action is Action.EXPAND
    assert "health is unknown, which does not block it" in result.next_action.reason
    summary = score_book(Book.from_accounts([red, unknown, strong()]), as_of=AS_OF).summary()
    assert [aid for aid, _ in summary.ready_to_grow] == ["unknown", strong().id]


@rule("sequencing.trust-gaps")
@pytest.mark.parametrize("health", [GOOD_HEALTH, dict.fromkeys(GOOD_HEALTH, 0.0)])
def test_a_missed_commitment_is_addressed_in_grow_too(health: dict[str, float]) -> None:
    """A trust gap is never ignored: after ESCALATE, before the phase's own action."""
    a = strong(commitments=[kept(k) for k in range(20)] + [missed(1)], health=health)
    result = assess(a, as_of=AS_OF)
    assert result.phase is Phase.GROW
    red = result.health.band is Band.RED
    assert red is (health != GOOD_HEALTH)
    assert [step.action for step in result.actions] == (
        [Action.ESCALATE, Action.RESOLVE_MISSED_COMMITMENTS]
        if red
        else [Action.RESOLVE_MISSED_COMMITMENTS, Action.EXPAND]
    )
    assert result.actions[int(red)].commitment_ids == ("m1",)


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
@pytest.mark.parametrize(
    ("days", "at_risk"), [(0, True), (90, True), (180, True), (181, False), (-1, False)]
)
def test_renewal_at_risk_inside_180_days_when_not_in_grow(days: int, at_risk: bool) -> None:
    """Six months: "a CSM who discovers churn risk at renewal is 6 months late"."""
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
    """rules: trust: MISSED_COMMITMENT for each missed commitment still inside the recency
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
    """rules: trust: an open commitment with no owner, or a missing outcome role of the customer-
    success pipeline.
    """
    found = gaps_of(a, as_of, GapKind.UNCLEAR_OWNERSHIP)
    unowned = [
        c.id for c in a.commitments if c.owner is None and c.status(as_of) is CommitmentStatus.OPEN
    ]
    assert [g.commitment_id for g in found if g.commitment_id] == unowned
    assert [g.role for g in found if g.role] == [r for r in ROLES if getattr(a, r) is None]


@rule("gaps.silent-executive")
@given(cst.accounts(), days)
def test_silent_executive_after_more_than_90_days(a: Account, as_of: date) -> None:
    """rules: trust: no executive touch for more than 90 days (or none on record)."""
    touch = a.last_executive_touch
    silent = touch is None or (as_of - touch).days > 90
    assert bool(gaps_of(a, as_of, GapKind.SILENT_EXECUTIVE)) is silent


@rule("proof.no-criteria")
@given(cst.accounts(max_outcomes=0) | cst.accounts(min_outcomes=1), days)
def test_no_success_criteria_exactly_when_there_are_no_outcomes(a: Account, as_of: date) -> None:
    """rules: proof: no outcomes means proof 0 and the gap NO_SUCCESS_CRITERIA."""
    result = assess(a, as_of=as_of)
    flagged = any(g.kind is GapKind.NO_SUCCESS_CRITERIA for g in result.gaps)
    assert flagged is (not a.outcomes)
    if not a.outcomes:
        assert result.proof == 0.0


@rule("sequencing.actions")
@rule("sequencing.trust-gaps")
@rule("sequencing.red-not-ready")
@given(cst.accounts(), days)
def test_the_actions_follow_the_phase(a: Account, as_of: date) -> None:
    """rules: sequencing (fixed): TRUST addresses missed commitments, then ownership, then a
    silent executive, else keeps small commitments; PROVE defines success criteria,
    else documents unacknowledged progress, else drives the outcomes; GROW expands,
    unless Red. A recent missed commitment is addressed in every phase, before the
    phase's own action (a trust gap is never ignored)."""
    result = assess(a, as_of=as_of)
    kinds = {g.kind for g in result.gaps}
    plan = [step.action for step in result.actions if step.action is not Action.ESCALATE]
    missed = [Action.RESOLVE_MISSED_COMMITMENTS] if GapKind.MISSED_COMMITMENT in kinds else []
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
        own = (
            Action.DEFINE_SUCCESS_CRITERIA
            if not a.outcomes
            else Action.DOCUMENT_OUTCOMES
            if unseen
            else Action.DRIVE_OUTCOMES
        )
        expected = [*missed, own]
    else:
        expected = missed + ([] if result.health.band is Band.RED else [Action.EXPAND])
    assert plan == expected
    missed_ids = tuple(g.commitment_id for g in result.gaps if g.kind is GapKind.MISSED_COMMITMENT)
    for step in result.actions:
        if step.action is Action.RESOLVE_MISSED_COMMITMENTS:
            assert step.commitment_ids == missed_ids  # the commitments, named


@rule("sequencing.renewal-at-risk")
@given(st.data(), st.sampled_from(Phase), st.integers(-30, 250))
def test_renewal_at_risk_within_180_days_unless_growing(
    data: st.DataObject, phase: Phase, days_to_renewal: int
) -> None:
    """rules: sequencing: within 180 days of renewal and not in GROW: RENEWAL_AT_RISK."""
    a = data.draw(cst.accounts(phase=phase))
    a = attrs.evolve(a, renewal_on=AS_OF + timedelta(days=days_to_renewal))
    flagged = Flag.RENEWAL_AT_RISK in assess(a, as_of=AS_OF).flags
    assert flagged is (0 <= days_to_renewal <= 180 and phase is not Phase.GROW)


@rule("stages.order")
@rule("stages.evidence")
@given(cst.accounts(), days)
def test_the_stage_is_the_first_whose_exit_evidence_is_missing(a: Account, as_of: date) -> None:
    """rules: stages: SETUP -> ACTIVATION -> ADOPTION -> OUTCOMES -> EXPANSION -> RENEWAL;
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


# --------------------------------------------------------------------------------------
# Exact cases: assess(), pinned exactly (rules: trust, proof, sequencing, stages, health).
#
# The whole error message of each refusal, the exact reason text of every action of
# the plan, the exact gap details, the default scoring time (midnight UTC), the
# policy's trust scale in the TrustScore and the overrides recorded on the health.
# --------------------------------------------------------------------------------------

OWNED = {
    "decision_maker": "Pat",
    "day_to_day_owner": "Kim",
    "accountable_owner": "Alex",
    "last_executive_touch": date(2026, 6, 1),
}
GOOD = {"adoption": 90.0, "engagement": 90.0, "support": 90.0, "sentiment": 90.0}
RED = {"adoption": 20.0, "engagement": 20.0, "support": 20.0, "sentiment": 20.0}
# (10 + 5.5 + 10) / 1.5 = 17 raw trust: index 100 ln(17 / 0.3) / ln(100) = 87.7, in PROVE.
# With no commitments reliability is the middle of the scale, (1 + 10) / 2 = 5.5.
TRUSTED = {"credibility": 10.0, "intimacy": 10.0, "self_orientation": 1.5}


def owned(**changes: Any) -> Account:
    """A healthy account with every owner named and a recent executive touch."""
    return account(**{"health": GOOD, **OWNED, **changes})


def reasons(result: Assessment) -> list[tuple[Action, str]]:
    return [(a.action, a.reason) for a in result.actions]


def test_default_scoring_time_is_midnight_utc() -> None:
    """Without scored_at the score is taken at 00:00 UTC of as_of, and recorded whole."""
    result = assess(owned(outcomes=[outcome()]), as_of=AS_OF)
    assert result.scored_at == datetime(2026, 6, 30, 0, 0, tzinfo=UTC)
    assert result.scored_at.utcoffset() is not None  # aware, not naive
    assert (result.account_id, result.as_of) == ("acme", AS_OF)


def test_given_scoring_time_is_recorded_and_starts_the_escalation_clock() -> None:
    """A Red account escalates first, by scored_at + 48 hours, with the exact reason."""
    when = datetime(2026, 6, 30, 9, 30, tzinfo=UTC)
    result = assess(owned(health=RED, outcomes=[outcome()]), as_of=AS_OF, scored_at=when)
    assert result.scored_at == when
    assert result.escalation_due == datetime(2026, 7, 2, 9, 30, tzinfo=UTC)
    value = result.health.value  # Red: below 40
    assert value < 40
    assert result.actions[0] == NextAction(
        action=Action.ESCALATE,
        reason=f"health is RED ({value:.1f}): escalate within 48 hours "
        "of scoring, by 2026-07-02T09:30:00+00:00",
        due=datetime(2026, 7, 2, 9, 30, tzinfo=UTC),
    )


def test_unknown_trust_without_gaps_keeps_small_commitments() -> None:
    """Unknown trust reads 'trust unknown' in the reason of KEEP_SMALL_COMMITMENTS."""
    result = assess(owned(outcomes=[outcome()]), as_of=AS_OF)
    assert result.trust is None
    assert reasons(result) == [
        (
            Action.KEEP_SMALL_COMMITMENTS,
            "trust unknown is below the bar 70 with no gap found: "
            "keep making and keeping small commitments",
        )
    ]


def test_known_trust_without_gaps_keeps_small_commitments() -> None:
    """A known trust index is printed to one decimal in the reason."""
    # raw (5 + 5.5 + 5) / 5 = 3.1: index 100 ln(3.1 / 0.3) / ln(100) = 50.71
    a = owned(credibility=5.0, intimacy=5.0, self_orientation=5.0, outcomes=[outcome()])
    result = assess(a, as_of=AS_OF)
    assert reasons(result) == [
        (
            Action.KEEP_SMALL_COMMITMENTS,
            "trust 50.7 is below the bar 70 with no gap found: "
            "keep making and keeping small commitments",
        )
    ]


def test_executive_never_touched_is_a_gap_without_days() -> None:
    """No executive touch on record is a SILENT_EXECUTIVE gap with days None."""
    a = owned(
        credibility=5.0,
        intimacy=5.0,
        self_orientation=5.0,
        outcomes=[outcome()],
        last_executive_touch=None,
    )
    result = assess(a, as_of=AS_OF)
    gap = Gap(kind=GapKind.SILENT_EXECUTIVE, detail="no executive touch on record")
    assert result.gaps == (gap,)
    assert reasons(result) == [
        (Action.REENGAGE_EXECUTIVE, "re-engage the executive: no executive touch on record")
    ]


def test_prove_without_outcomes_defines_success_criteria_exactly() -> None:
    """No outcomes: the NO_SUCCESS_CRITERIA gap and the DEFINE_SUCCESS_CRITERIA reason."""
    result = assess(owned(**TRUSTED), as_of=AS_OF)
    assert result.phase is Phase.PROVE
    assert result.gaps == (
        Gap(
            kind=GapKind.NO_SUCCESS_CRITERIA,
            detail="no success criteria: define measurable outcomes before anyone logs in",
        ),
    )
    assert reasons(result) == [
        (
            Action.DEFINE_SUCCESS_CRITERIA,
            "no success criteria: define measurable outcomes with the customer",
        )
    ]


def test_document_outcomes_lists_only_unacknowledged_progress() -> None:
    """Only outcomes with progress > 0 and not acknowledged are listed, comma-separated."""
    outcomes = [
        outcome(id="o1", description="A", current=20.0),  # progress 0.5, unseen
        outcome(id="o2", description="B", current=15.0),  # progress 0.75, unseen
        outcome(id="o3", description="C", current=30.0),  # progress 0: not listed
        outcome(id="o4", description="D", current=25.0, acknowledged=True),  # 0.25, seen
    ]
    result = assess(owned(**TRUSTED, outcomes=outcomes), as_of=AS_OF)
    # proof 100 * mean(0.5 * 0.25, 0.75 * 0.25, 0, 0.25 * 1) = 100 * 0.5625 / 4 = 14.0625
    assert result.proof == 14.0625
    assert reasons(result) == [
        (
            Action.DOCUMENT_OUTCOMES,
            "progress the customer has not acknowledged: 'A' (o1), 'B' (o2); "
            "document and share the outcomes (proof 14.1 < 70)",
        )
    ]


def test_acknowledged_small_progress_drives_outcomes() -> None:
    """Acknowledged progress below the proof bar gives the DRIVE_OUTCOMES reason."""
    seen = outcome(current=20.0, documented=True, acknowledged=True)  # progress 0.5
    result = assess(owned(**TRUSTED, outcomes=[seen]), as_of=AS_OF)
    assert result.proof == 50.0
    assert reasons(result) == [
        (
            Action.DRIVE_OUTCOMES,
            "proof 50.0 is below the bar 70: remove the obstacles to the outcomes",
        )
    ]


def test_trust_score_uses_the_policy_scale() -> None:
    """On a 1-20 scale the TrustScore is validated and indexed on that scale."""
    seen = outcome(current=20.0, documented=True, acknowledged=True)
    result = assess(
        owned(**TRUSTED, outcomes=[seen]), as_of=AS_OF, policy=Policy(trust_scale_max=20.0)
    )
    assert result.trust is not None
    # no commitments: reliability (1 + 20) / 2 = 10.5, off the default 1-10 scale
    assert result.trust.reliability == 10.5
    # raw (10 + 10.5 + 10) / 1.5 = 20.33; index 100 ln(20.33 / 0.15) / ln(60 / 0.15) = 81.94
    assert result.trust.value == pytest.approx(20.333333333333332)
    assert result.trust.index == pytest.approx(81.93959126004994)


def test_active_override_is_recorded_on_the_health_score() -> None:
    """The overrides that shaped the health score are carried on it."""
    ov = Override(component="support", value=10.0, reason="P1 outage", expires_on=date(2026, 7, 31))
    result = assess(owned(overrides=[ov], outcomes=[outcome()]), as_of=AS_OF)
    assert result.health.overrides == (ov,)


def test_example_reasons_are_exact() -> None:
    """The example accounts' plans read exactly, with '; ' between named gaps."""
    northwind, _, copperleaf = example_accounts()
    nw = assess(northwind, as_of=EXAMPLE_DAY)
    missed = (
        "'Deliver the HL7 connector' (nw-1) was due 2026-04-15: "
        "76 days overdue and not delivered; "
        "'Send the audit-log export' (nw-2) was due 2026-05-29: "
        "32 days overdue and not delivered"
    )
    assert nw.actions == (
        NextAction(
            action=Action.RESOLVE_MISSED_COMMITMENTS,
            reason=f"address the missed commitments, not a QBR: {missed}",
            commitment_ids=("nw-1", "nw-2"),
        ),
        NextAction(
            action=Action.CLARIFY_OWNERSHIP,
            reason="clarify ownership: open commitment 'Schedule admin training' (nw-4) "
            "has no owner; no accountable_owner named: the person accountable if it fails",
            commitment_ids=("nw-4",),
        ),
        NextAction(
            action=Action.REENGAGE_EXECUTIVE,
            # 2026-01-10 to 2026-06-30 is 21 + 28 + 31 + 30 + 31 + 30 = 171 days
            reason="re-engage the executive: no executive touch for 171 days",
        ),
    )
    cl = assess(copperleaf, as_of=EXAMPLE_DAY)
    assert reasons(cl) == [
        (
            Action.EXPAND,
            "trust 80.3 and proof 100.0 meet the bars: expansion is the right conversation",
        )
    ]


@given(cst.accounts(allow_missing=False))
def test_the_trust_score_is_the_trust_equation_of_the_account(a: Account) -> None:
    """assess reads the trust score from the scorer's columns; it is exactly the score of
    the account's own assessments and the reliability of its record."""
    result = assess(a, as_of=EXAMPLE_DAY)
    assert result.trust == TrustScore.of(
        credibility=a.credibility,  # type: ignore[arg-type]
        reliability=result.reliability,
        intimacy=a.intimacy,  # type: ignore[arg-type]
        self_orientation=a.self_orientation,  # type: ignore[arg-type]
    )
