"""assess(), pinned exactly (DOMAIN.md sections 1-5).

The whole error message of each refusal, the exact reason text of every action of
the plan, the exact gap details, the default scoring time (midnight UTC), the
policy's trust scale in the TrustScore and the overrides recorded on the health.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from cs_framework import (
    Account,
    Action,
    Assessment,
    Gap,
    GapKind,
    NextAction,
    Override,
    Phase,
    Policy,
    assess,
)
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from helpers import account, assert_refused, outcome

AS_OF = date(2026, 6, 30)
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


@pytest.mark.parametrize(
    ("call", "message", "fields"),
    [
        pytest.param(
            lambda: assess("acme", as_of=AS_OF),
            "account='acme': must be an Account",
            ("account", "acme", None),
            id="not-an-account",
        ),
        pytest.param(
            lambda: assess(account(), as_of=datetime(2026, 6, 30)),
            "as_of=datetime.datetime(2026, 6, 30, 0, 0) (account 'acme'): must be a datetime.date",
            ("as_of", datetime(2026, 6, 30), "acme"),
            id="as-of-a-datetime",
        ),
        pytest.param(
            lambda: assess(account(), as_of=AS_OF, scored_at=date(2026, 6, 30)),
            "scored_at=datetime.date(2026, 6, 30): must be a datetime.datetime or None",
            ("scored_at", date(2026, 6, 30), None),
            id="scored-at-a-date",
        ),
        pytest.param(
            lambda: assess(
                account(credibility=6.0, intimacy=5.0, self_orientation=5.0),
                as_of=AS_OF,
                policy=Policy(trust_scale_max=5.0),
            ),
            "assessments off the policy's trust scale:\n"
            "  credibility=6.0 (account 'acme'): must be on the policy's trust scale [1, 5]",
            ("credibility", 6.0, "acme"),
            id="off-the-policy-scale",
        ),
    ],
)
def test_refusal_is_named_exactly(
    call: Callable[[], object], message: str, fields: tuple[object, object, object]
) -> None:
    """Each refusal names its field, its value, its account and the exact reason."""
    assert_refused(call, message, fields)


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


def test_prove_without_outcomes_defines_success_criteria() -> None:
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
