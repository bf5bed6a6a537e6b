"""The scoring core: every rule applied to a whole book at once, column by column.

``assess()`` is this core on a book of one account, so one account scored alone and
the same account scored in a book of millions get the same answer by construction.
The per-account aggregation of commitments and outcomes (grouped reductions) is kept
apart from the per-account scoring in :func:`aggregate`, so it can run elsewhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from ._account import TRUST_SCALE
from ._arrays import FloatArray, is_none
from ._book import Book
from ._enums import Band, CommitmentStatus, Phase
from ._errors import Problem
from ._health import (
    ESCALATION_WINDOW,
    HealthColumns,
    apply_overrides,
    apply_staleness,
    score_components,
    scorecard_weights,
)
from ._policy import Policy
from ._proof import progress_kernel, proof_kernel, visibility_kernel
from ._reliability import evidence_weights, reliability_kernel
from ._scorecard import PROOF_COMPONENT, TRUST_COMPONENT
from ._segment import segment_kernel
from ._sequencing import phase_kernel, plan_kernel
from ._stages import share_kernel, stage_kernel
from ._status import status_codes
from ._trend import early_warning_kernel
from ._trust import trust_kernel

__all__ = ["Aggregates", "ScoredColumns", "aggregate", "score_columns"]

_ROLES = ("decision_maker", "day_to_day_owner", "accountable_owner")


@attrs.frozen(kw_only=True, eq=False)
class Aggregates:
    """Per-account sums over the commitment and outcome tables, and per-row statuses."""

    status: NDArray[np.int8]  # per commitment
    missed_recent: NDArray[np.bool_]  # per commitment: MISSED inside the recency window
    unowned_open: NDArray[np.bool_]  # per commitment: OPEN with no owner
    progress: FloatArray  # per outcome
    reliability_p: FloatArray
    reliability: FloatArray
    proof: FloatArray
    n_outcomes: NDArray[np.intp]
    n_missed: NDArray[np.intp]
    n_unowned_open: NDArray[np.intp]
    unacknowledged_progress: NDArray[np.bool_]
    achieved_acknowledged: NDArray[np.bool_]


def aggregate(book: Book, today: float, policy: Policy) -> Aggregates:
    """Group the commitment and outcome tables by account (NumPy bincounts only)."""
    n = len(book)
    c, o = book.commitments, book.outcomes
    status = status_codes(c.due, c.kept_on, c.renegotiated, today)
    weight, credit = evidence_weights(status, c.due, today, policy)
    p, rel = reliability_kernel(c.account, weight, credit, n, policy)
    missed_recent = (status == CommitmentStatus.MISSED) & (
        today - c.due <= policy.missed_window_days
    )
    # Only open commitments can lack an owner that matters: look at those alone.
    open_rows = np.flatnonzero(status == CommitmentStatus.OPEN)
    unowned = np.zeros(len(c), dtype=bool)
    unowned[open_rows[is_none(c.owner[open_rows])]] = True
    progress = progress_kernel(o.baseline, o.target, o.current)
    credited = progress * visibility_kernel(o.documented, o.acknowledged, policy)
    proof, n_outcomes = proof_kernel(o.account, credited, n)
    unseen = np.bincount(o.account, weights=(progress > 0) & ~o.acknowledged, minlength=n)
    achieved = np.bincount(o.account, weights=(progress >= 1) & o.acknowledged, minlength=n)
    return Aggregates(
        status=status,
        missed_recent=missed_recent,
        unowned_open=unowned,
        progress=progress,
        reliability_p=p,
        reliability=rel,
        proof=proof,
        n_outcomes=n_outcomes,
        n_missed=np.bincount(c.account, weights=missed_recent, minlength=n).astype(np.intp),
        n_unowned_open=np.bincount(c.account, weights=unowned, minlength=n).astype(np.intp),
        unacknowledged_progress=unseen > 0,
        achieved_acknowledged=achieved > 0,
    )


@attrs.frozen(kw_only=True, eq=False)
class ScoredColumns:
    """Every per-account result of the rules, as columns (row k is account k)."""

    aggregates: Aggregates
    trust_raw: FloatArray
    trust_index: FloatArray
    phase: NDArray[np.int8]
    stage: NDArray[np.int8]
    segment: NDArray[np.intp]
    coverage_model: NDArray[np.int8]
    health: HealthColumns
    escalation_due: NDArray[np.datetime64]
    roles_missing: NDArray[np.bool_]  # (n, 3) in the order of _ROLES
    days_since_executive: FloatArray
    silent_executive: NDArray[np.bool_]
    plan: NDArray[np.bool_]  # (n, len(Action))
    first_action: NDArray[np.int8]
    renewal_at_risk: NDArray[np.bool_]
    early_warning: NDArray[np.bool_]

    @staticmethod
    def concatenate(parts: list[ScoredColumns]) -> ScoredColumns:
        """The scores of consecutive chunks of a book as one (per-row arrays joined)."""
        return _concatenate(parts)  # type: ignore[no-any-return]


def policy_problems(book: Book, policy: Policy) -> list[tuple[int, Problem]]:
    """What only the policy can tell is wrong: assessments off its trust scale (when
    narrower than [1, 10]), overrides of a component its scorecard does not have."""
    lo, hi = policy.trust_scale_min, policy.trust_scale_max
    names = tuple(policy.scorecard.weights)
    unknown = np.flatnonzero(override_columns(book, names) == -2)
    found = [
        (
            int(book.overrides.account[k]),
            Problem(
                field="overrides.component",
                value=book.overrides.component[k],
                account_id=str(book.accounts.id[book.overrides.account[k]]),
                reason=f"is not a component of the scorecard ({', '.join(names)})",
            ),
        )
        for k in unknown
    ]
    for field in ("credibility", "intimacy", "self_orientation"):
        values = getattr(book.accounts, field)
        # Values off [1, 10] are already refused by the book's own check.
        on_scale = (values >= TRUST_SCALE[0]) & (values <= TRUST_SCALE[1])
        bad = np.flatnonzero(on_scale & ((values < lo) | (values > hi)))
        found += [
            (
                int(k),
                Problem(
                    field=field,
                    value=float(values[k]),
                    account_id=str(book.accounts.id[k]),
                    reason=f"must be on the policy's trust scale [{lo:g}, {hi:g}]",
                ),
            )
            for k in bad
        ]
    return found


def _concatenate(parts: list[Any]) -> Any:
    first = parts[0]
    fields: dict[str, Any] = {}
    for field in attrs.fields(type(first)):
        values = [getattr(p, field.name) for p in parts]
        if isinstance(values[0], np.ndarray):
            fields[field.name] = np.concatenate(values)
        elif attrs.has(type(values[0])):
            fields[field.name] = _concatenate(values)
        elif values[0] is None:
            fields[field.name] = None
        else:
            fields[field.name] = values[0]
    return type(first)(**fields)


def _utc(moment: datetime) -> datetime:
    """A naive UTC datetime (NumPy's datetime64 has no time zone)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def component_columns(
    book: Book, names: tuple[str, ...], trust_index: FloatArray, proof: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The (n, k) component scores (NaN missing) and measurement days of a scorecard.

    ``trust`` and ``proof`` come from the account's own trust index and proof score
    (undated: never stale); the others from the book's health columns.
    """
    acc = book.accounts
    missing = np.full(len(book), np.nan)
    values, days = [], []
    for name in names:
        if name == TRUST_COMPONENT:
            values.append(trust_index)
            days.append(missing)
        elif name == PROOF_COMPONENT:
            values.append(proof)
            days.append(missing)
        else:
            values.append(acc.health.get(name, missing))
            days.append(acc.health_measured_on.get(name, missing))
    return np.stack(values, axis=1), np.stack(days, axis=1)


def override_columns(book: Book, names: tuple[str, ...]) -> NDArray[np.intp]:
    """Each override's component position in ``names``; -1 overall, -2 unknown."""
    position = {name: k for k, name in enumerate(names)}
    return np.array(
        [-1 if c is None else position.get(c, -2) for c in book.overrides.component.tolist()],
        dtype=np.intp,
    )


def health_columns(
    book: Book,
    trust_index: FloatArray,
    proof: FloatArray,
    coverage_model: NDArray[np.int8],
    today: float,
    policy: Policy,
) -> HealthColumns:
    """Health of every account: stale readings out, live overrides in, weighted mean."""
    names, weights = scorecard_weights(policy, coverage_model)
    values, days = component_columns(book, names, trust_index, proof)
    values = apply_staleness(values, days, today, policy.stale_after_days)
    ov = book.overrides
    values, overall = apply_overrides(
        values, ov.account, override_columns(book, names), ov.value, ov.expires_on, today
    )
    return score_components(names, values, weights, policy.min_coverage, overall=overall)


def score_columns(
    book: Book, *, today: float, scored_at: datetime, policy: Policy
) -> ScoredColumns:
    """Apply every rule of DOMAIN.md to every account of ``book`` (day number ``today``)."""
    acc = book.accounts
    agg = aggregate(book, today, policy)
    lo, hi = policy.trust_scale_min, policy.trust_scale_max
    trust_raw, trust_index = trust_kernel(
        acc.credibility, agg.reliability, acc.intimacy, acc.self_orientation, lo, hi
    )
    phase = phase_kernel(trust_index, agg.proof, policy.trust_bar, policy.proof_bar)

    segment = segment_kernel(acc.arr, policy.segments)
    coverage_model = np.array([s.coverage for s in policy.segments], dtype=np.int8)[segment]

    health = health_columns(book, trust_index, agg.proof, coverage_model, today, policy)
    band = health.band
    due = np.datetime64(_utc(scored_at) + ESCALATION_WINDOW, "s")
    escalation_due = np.where(band == Band.RED, due, np.datetime64("NaT", "s"))
    early_warning = early_warning_kernel(
        acc.previous_health,
        health.value,
        today - acc.previous_health_on,
        policy.early_warning_drop,
        policy.early_warning_days,
    )

    roles_missing = np.stack([is_none(getattr(acc, r)) for r in _ROLES], axis=1)
    days_since_exec = today - acc.last_executive_touch
    silent = ~(days_since_exec <= policy.silent_executive_days)  # never touched: silent
    plan = plan_kernel(
        phase,
        band == Band.RED,
        agg.n_missed > 0,
        (agg.n_unowned_open > 0) | roles_missing.any(axis=1),
        silent,
        agg.n_outcomes == 0,
        agg.unacknowledged_progress,
    )
    habit = share_kernel(
        acc.weekly_active_users.astype(np.float64), acc.licensed_users.astype(np.float64)
    )
    evidence = np.stack(
        [
            acc.setup_complete,
            acc.first_value_on <= today,
            habit >= policy.habit_weekly_active_share,
            agg.achieved_acknowledged,
            (phase == Phase.GROW) & acc.expansion_signal,
        ],
        axis=1,
    )
    to_renewal = acc.renewal_on - today
    renewal_at_risk = (
        (to_renewal >= 0) & (to_renewal <= policy.renewal_window_days) & (phase != Phase.GROW)
    )
    return ScoredColumns(
        aggregates=agg,
        trust_raw=trust_raw,
        trust_index=trust_index,
        phase=phase,
        stage=stage_kernel(evidence),
        segment=segment,
        coverage_model=coverage_model,
        health=health,
        escalation_due=escalation_due,
        roles_missing=roles_missing,
        days_since_executive=days_since_exec,
        silent_executive=silent,
        plan=plan,
        first_action=np.argmax(plan, axis=1).astype(np.int8),
        renewal_at_risk=renewal_at_risk,
        early_warning=early_warning,
    )
