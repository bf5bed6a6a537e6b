"""``assess()``: everything the rules say about one account, with the reasons.

It runs the book scorer on a book of one account, then reads the evidence (which
commitments, which roles, how many days) back out of the same columns: one account
and a book get the same answer by construction.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from .._book.book import Book
from .._book.checks import policy_problems
from .._book.score import ROLES, ScoredColumns, score_columns
from .._book.scored import scoring_time
from .._book.tables import component_positions
from .._defaults import ESCALATION_WINDOW
from .._enums import Action, Flag, GapKind, Phase, Stage
from .._errors import InvalidInputError
from .._model.account import Account
from .._model.policy import Policy
from .._model.results import Assessment, Gap, NextAction, TrustScore, band_of
from .._model.validators import DAY, InstanceOf
from .._rules.health import winning_overrides
from .._rules.proof import unseen_progress
from .._types import day_number

__all__ = ["assess"]

_ROLE_TEXT = {
    "decision_maker": "the person with authority",
    "day_to_day_owner": "the person who does the work day to day",
    "accountable_owner": "the person accountable if it fails",
}


def _gaps(account: Account, cols: ScoredColumns, today: float) -> list[Gap]:
    agg = cols.aggregates
    gaps: list[Gap] = []
    for k in agg.missed_recent.nonzero()[0]:
        c = account.commitments[k]
        overdue = today - day_number(c.due)
        gaps.append(
            Gap(
                kind=GapKind.MISSED_COMMITMENT,
                commitment_id=c.id,
                days=overdue,
                detail=f"{c.description!r} ({c.id}) was due {c.due.isoformat()}: "
                f"{overdue:.0f} days overdue and not delivered",
            )
        )
    for k in agg.unowned_open.nonzero()[0]:
        c = account.commitments[k]
        gaps.append(
            Gap(
                kind=GapKind.UNCLEAR_OWNERSHIP,
                commitment_id=c.id,
                detail=f"open commitment {c.description!r} ({c.id}) has no owner",
            )
        )
    for role, missing in zip(ROLES, cols.roles_missing[0], strict=True):
        if missing:
            gaps.append(
                Gap(
                    kind=GapKind.UNCLEAR_OWNERSHIP,
                    role=role,
                    detail=f"no {role} named: {_ROLE_TEXT[role]}",
                )
            )
    if cols.silent_executive[0]:
        days = float(cols.days_since_executive[0])
        gaps.append(
            Gap(
                kind=GapKind.SILENT_EXECUTIVE,
                days=None if np.isnan(days) else days,
                detail="no executive touch on record"
                if np.isnan(days)
                else f"no executive touch for {days:.0f} days",
            )
        )
    if agg.n_outcomes[0] == 0:
        gaps.append(
            Gap(
                kind=GapKind.NO_SUCCESS_CRITERIA,
                detail="no success criteria: define measurable outcomes before anyone logs in",
            )
        )
    return gaps


def _reason(
    action: Action,
    account: Account,
    a: ScoredColumns,
    gaps: list[Gap],
    policy: Policy,
    due: datetime | None,
) -> NextAction:
    trust, proof = float(a.trust_index[0]), float(a.aggregates.proof[0])
    trust_text = "unknown" if np.isnan(trust) else f"{trust:.1f}"
    of_kind = [
        g
        for g in gaps
        if g.kind
        == {
            Action.RESOLVE_MISSED_COMMITMENTS: GapKind.MISSED_COMMITMENT,
            Action.CLARIFY_OWNERSHIP: GapKind.UNCLEAR_OWNERSHIP,
            Action.REENGAGE_EXECUTIVE: GapKind.SILENT_EXECUTIVE,
        }.get(action)
    ]
    if action == Action.ESCALATE:
        reason = (
            f"health is RED ({float(a.health.value[0]):.1f}): escalate within "
            f"{ESCALATION_WINDOW.total_seconds() / 3600:g} hours "
            f"of scoring, by {due.isoformat() if due else '?'}"
        )
        return NextAction(action=action, reason=reason, due=due)
    if action == Action.RESOLVE_MISSED_COMMITMENTS:
        names = "; ".join(g.detail for g in of_kind)
        return NextAction(
            action=action,
            reason=f"address the missed commitments, not a QBR: {names}",
            commitment_ids=tuple(g.commitment_id for g in of_kind if g.commitment_id),
        )
    if action == Action.CLARIFY_OWNERSHIP:
        return NextAction(
            action=action,
            reason="clarify ownership: " + "; ".join(g.detail for g in of_kind),
            commitment_ids=tuple(g.commitment_id for g in of_kind if g.commitment_id),
        )
    if action == Action.REENGAGE_EXECUTIVE:
        return NextAction(action=action, reason=f"re-engage the executive: {of_kind[0].detail}")
    if action == Action.KEEP_SMALL_COMMITMENTS:
        reason = (
            f"trust {trust_text} is below the bar {policy.trust_bar:g} with no gap found: "
            "keep making and keeping small commitments"
        )
    elif action == Action.DEFINE_SUCCESS_CRITERIA:
        reason = "no success criteria: define measurable outcomes with the customer"
    elif action == Action.DOCUMENT_OUTCOMES:
        acknowledged = np.array([o.acknowledged for o in account.outcomes], dtype=bool)
        hidden = unseen_progress(a.aggregates.progress, acknowledged)
        unseen = [o for o, h in zip(account.outcomes, hidden, strict=True) if h]
        listed = ", ".join(f"{o.description!r} ({o.id})" for o in unseen)
        reason = (
            f"progress the customer has not acknowledged: {listed}; document and share "
            f"the outcomes (proof {proof:.1f} < {policy.proof_bar:g})"
        )
    elif action == Action.DRIVE_OUTCOMES:
        reason = (
            f"proof {proof:.1f} is below the bar {policy.proof_bar:g}: "
            "remove the obstacles to the outcomes"
        )
    else:
        health = float(a.health.value[0])
        unknown = "; health is unknown, which does not block it" if np.isnan(health) else ""
        reason = (
            f"trust {trust_text} and proof {proof:.1f} meet the bars: "
            f"expansion is the right conversation{unknown}"
        )
    return NextAction(action=action, reason=reason)


def assess(
    account: Account,
    *,
    as_of: date,
    policy: Policy | None = None,
    scored_at: datetime | None = None,
) -> Assessment:
    """Assess one account: trust, proof, health, phase, stage, gaps and the next actions.

    Parameters
    ----------
    account : Account
        The account, with its commitments and outcomes.
    as_of : datetime.date
        The day of the assessment.
    policy : Policy, optional
        Every tunable; ``Policy()`` by default.
    scored_at : datetime.datetime, optional
        When the score is taken, time-zone aware (the 48-hour escalation clock
        starts here); midnight UTC of ``as_of`` by default.

    Returns
    -------
    Assessment
        With ``actions`` ordered: ESCALATE first for a Red account, then a recent
        missed commitment in any phase, then the actions of the phase, with no EXPAND
        while Red (docs/rules.md#sequencing).

    Examples
    --------
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> northwind = example_accounts()[0]
    >>> result = assess(northwind, as_of=EXAMPLE_DAY)
    >>> result.phase.name, result.next_action.action.name
    ('TRUST', 'RESOLVE_MISSED_COMMITMENTS')
    >>> result.next_action.commitment_ids
    ('nw-1', 'nw-2')
    """
    InstanceOf(Account).check(account, field="account")
    DAY.check(as_of, field="as_of", account_id=account.id)
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    when = scoring_time(as_of, scored_at)
    today = day_number(as_of)
    book = Book.from_accounts([account])
    problems = policy_problems(book, policy)
    if problems:
        raise InvalidInputError.from_problems(
            [p for _, p in problems], summary=f"account {account.id!r} does not fit the policy"
        )
    cols = score_columns(book, today=today, scored_at=when, policy=policy)
    gaps = _gaps(account, cols, today)
    names, ov = cols.health.names, book.overrides
    applied = winning_overrides(
        ov.account, component_positions(ov.component, names), ov.expires_on, today, len(names)
    )
    health = cols.health.at(0, overrides=[account.overrides[i] for i in applied])
    due = health.escalation_due
    actions = tuple(
        _reason(Action(int(k)), account, cols, gaps, policy, due) for k in cols.plan[0].nonzero()[0]
    )
    trust = None
    index = float(cols.trust_index[0])
    if not np.isnan(index):  # all four components known (the account's are validated)
        trust = TrustScore(
            credibility=float(account.credibility),  # type: ignore[arg-type]
            reliability=float(cols.aggregates.reliability[0]),
            intimacy=float(account.intimacy),  # type: ignore[arg-type]
            self_orientation=float(account.self_orientation),  # type: ignore[arg-type]
            value=float(cols.trust_raw[0]),
            index=index,
            band=band_of(index),
        )
    flags = [
        f
        for f, on in (
            (Flag.RENEWAL_AT_RISK, cols.renewal_at_risk[0]),
            (Flag.EARLY_WARNING, cols.early_warning[0]),
        )
        if on
    ]
    return Assessment(
        account_id=account.id,
        as_of=as_of,
        scored_at=when,
        trust=trust,
        reliability=float(cols.aggregates.reliability[0]),
        proof=float(cols.aggregates.proof[0]),
        phase=Phase(int(cols.phase[0])),
        stage=Stage(int(cols.stage[0])),
        segment=policy.segments[int(cols.segment[0])],
        health=health,
        gaps=tuple(gaps),
        flags=tuple(flags),
        actions=actions,
        escalation_due=due,
    )
