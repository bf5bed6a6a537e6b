"""The book scorer: every rule applied to a whole book at once, by composing kernels.

The rules are the kernels' (in ``_rules``): each step here calls the kernel named for
one with the book's columns and the policy's tunables, and the compositions the
one-call functions share (reliability, proof, health) are written here once.
``assess()`` is this scorer on a book of one account, so one account scored alone
and the same account scored in a book of millions get the same answer by
construction. The per-account aggregation of
the record tables (grouped reductions, :func:`aggregate`) is kept apart from the
per-account scoring, so it can run elsewhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._defaults import (
    GREEN_FROM,
    PROOF_COMPONENT,
    STALE_AFTER_DAYS,
    TRUST_COMPONENT,
    YELLOW_FROM,
)
from .._model.policy import Policy
from .._model.results import HealthColumns
from .._rules.health import (
    apply_overall,
    apply_overrides,
    apply_staleness,
    band_codes,
    early_warning_kernel,
    escalates,
    escalation_time,
    health_kernel,
)
from .._rules.proof import (
    achieved_acknowledged,
    progress_kernel,
    proof_kernel,
    unacknowledged_progress,
    visibility_kernel,
)
from .._rules.segments import segment_kernel
from .._rules.sequencing import first_action, phase_kernel, plan_kernel, renewal_at_risk
from .._rules.stages import stage_evidence, stage_kernel
from .._rules.trust import (
    evidence_weights,
    executive_silence,
    missed_in_window,
    ownership_unclear,
    reliability_kernel,
    roles_missing,
    status_codes,
    trust_kernel,
    unowned_open,
)
from .._types import BoolArray, CodeArray, FloatArray, IndexArray
from .tables import ROLE_COLUMNS, HasTables, component_positions
from .text import missing

__all__ = ["ROLES", "Aggregates", "ScoredColumns", "aggregate", "score_columns"]

#: The three outcome roles, in the column order of ``ScoredColumns.roles_missing``.
ROLES = ROLE_COLUMNS
_NAT = np.datetime64("NaT", "us")


def _count(account: IndexArray, flags: BoolArray, n: int) -> IndexArray:
    """How many rows of each account are flagged."""
    return np.bincount(account[flags], minlength=n).astype(np.intp, copy=False)


@attrs.frozen(kw_only=True, eq=False)
class Aggregates:
    """Per-account sums over the record tables, and the per-row figures behind them."""

    status: CodeArray  # per commitment
    missed_recent: BoolArray  # per commitment: MISSED inside the recency window
    unowned_open: BoolArray  # per commitment: OPEN with no owner
    progress: FloatArray  # per outcome
    reliability_p: FloatArray
    reliability: FloatArray
    proof: FloatArray
    n_outcomes: IndexArray
    n_missed: IndexArray
    n_unowned_open: IndexArray
    unacknowledged_progress: BoolArray
    achieved_acknowledged: BoolArray


def record_reliability(
    account: IndexArray,
    due: FloatArray,
    kept: FloatArray,
    renegotiated: BoolArray,
    n_accounts: int,
    today: float,
    policy: Policy,
) -> tuple[CodeArray, FloatArray, FloatArray]:
    """Each commitment's status, and per account the smoothed share and Reliability.

    The one composition of the reliability kernels: the book scorer and
    ``reliability()`` both call it.
    """
    status = status_codes(due, kept, renegotiated, today)
    weight, credit = evidence_weights(
        status,
        due,
        today,
        credit_kept=policy.credit_kept,
        credit_kept_late=policy.credit_kept_late,
        credit_missed=policy.credit_missed,
        half_life_days=policy.half_life_days,
    )
    p, reliability = reliability_kernel(
        account,
        weight,
        credit,
        n_accounts,
        prior_kept=policy.prior_kept,
        prior_missed=policy.prior_missed,
        lo=policy.trust_scale_min,
        hi=policy.trust_scale_max,
    )
    return status, p, reliability


def outcome_proof(
    account: IndexArray,
    baseline: FloatArray,
    target: FloatArray,
    current: FloatArray,
    documented: BoolArray,
    acknowledged: BoolArray,
    n_accounts: int,
    policy: Policy,
) -> tuple[FloatArray, FloatArray, IndexArray]:
    """Each outcome's progress, and per account the proof score and the outcome count.

    The one composition of the proof kernels: the book scorer and ``proof_score()``
    both call it.
    """
    progress = progress_kernel(baseline, target, current)
    visibility = visibility_kernel(
        documented,
        acknowledged,
        acknowledged_weight=policy.weight_acknowledged,
        documented_weight=policy.weight_documented,
        unseen_weight=policy.weight_unseen,
    )
    proof, n_outcomes = proof_kernel(account, progress * visibility, n_accounts)
    return progress, proof, n_outcomes


def aggregate(book: HasTables, today: float, policy: Policy) -> Aggregates:
    """Group the commitment and outcome tables by account (NumPy bincounts only)."""
    n = len(book.accounts)
    c, o = book.commitments, book.outcomes
    status, p, reliability = record_reliability(
        c.account, c.due, c.kept_on, c.renegotiated, n, today, policy
    )
    missed = missed_in_window(status, c.due, today, policy.missed_window_days)
    unowned = unowned_open(status, missing(c.owner))
    progress, proof, n_outcomes = outcome_proof(
        o.account, o.baseline, o.target, o.current, o.documented, o.acknowledged, n, policy
    )
    if "outcomes" in book.not_given:  # never given: unknown, not a proof of 0
        proof = np.full(n, np.nan)
    if "commitment_owners" in book.not_given:  # no owner column: no unowned commitment
        unowned = np.zeros_like(unowned)
    return Aggregates(
        status=status,
        missed_recent=missed,
        unowned_open=unowned,
        progress=progress,
        reliability_p=p,
        reliability=reliability,
        proof=proof,
        n_outcomes=n_outcomes,
        n_missed=_count(c.account, missed, n),
        n_unowned_open=_count(c.account, unowned, n),
        unacknowledged_progress=unacknowledged_progress(o.account, progress, o.acknowledged, n),
        achieved_acknowledged=achieved_acknowledged(o.account, progress, o.acknowledged, n),
    )


@attrs.frozen(kw_only=True, eq=False)
class ScoredColumns:
    """Every per-account result of the rules, as columns (row k is account k)."""

    aggregates: Aggregates
    trust_raw: FloatArray
    trust_index: FloatArray
    phase: CodeArray
    stage: CodeArray
    segment: IndexArray
    coverage_model: CodeArray
    health: HealthColumns
    escalation_due: NDArray[np.datetime64]  # UTC, microseconds; NaT where not Red
    roles_missing: BoolArray  # (n, 3) in the order of ROLES
    days_since_executive: FloatArray
    silent_executive: BoolArray
    plan: BoolArray  # (n, len(Action))
    first_action: CodeArray
    renewal_at_risk: BoolArray
    early_warning: BoolArray

    @staticmethod
    def concatenate(parts: list[ScoredColumns]) -> ScoredColumns:
        """The scores of consecutive chunks of a book as one (per-row arrays joined)."""
        return _concatenate(parts)  # type: ignore[no-any-return]


def _concatenate(parts: list[Any]) -> Any:
    first = parts[0]
    fields: dict[str, Any] = {}
    for field in attrs.fields(type(first)):
        values = [getattr(p, field.name) for p in parts]
        if isinstance(values[0], np.ndarray):
            fields[field.name] = np.concatenate(values)
        elif attrs.has(type(values[0])):
            fields[field.name] = _concatenate(values)
        else:  # the same in every chunk: names, the scoring time
            fields[field.name] = values[0]
    return type(first)(**fields)


def utc_instant(moment: datetime) -> np.datetime64:
    """An aware time as a NumPy instant (UTC, microseconds: NumPy has no time zones)."""
    return np.datetime64(moment.astimezone(UTC).replace(tzinfo=None), "us")


def component_columns(
    book: HasTables, names: tuple[str, ...], trust_index: FloatArray, proof: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The (n, k) component scores (NaN missing) and measurement days of a scorecard.

    ``trust`` and ``proof`` come from the account's own trust index and proof score
    (undated: never stale); the others from the book's health columns.
    """
    acc = book.accounts
    values = np.full((len(acc), len(names)), np.nan, order="F")  # a component a column
    days = values.copy(order="F")  # undated unless the book dates it
    for k, name in enumerate(names):
        if name == TRUST_COMPONENT:
            values[:, k] = trust_index
        elif name == PROOF_COMPONENT:
            values[:, k] = proof
        elif name in acc.health:
            values[:, k] = acc.health[name]
            days[:, k] = acc.health_measured_on[name]
    return values, days


def health_of(
    names: tuple[str, ...],
    values: FloatArray,
    weights: FloatArray,
    min_coverage: float,
    *,
    scored_at: datetime | None = None,
    today: float | None = None,
    measured: FloatArray | None = None,
    stale_after_days: float = STALE_AFTER_DAYS,
    overrides: tuple[IndexArray, IndexArray, FloatArray, FloatArray] | None = None,
    green: float | FloatArray = GREEN_FROM,
    yellow: float | FloatArray = YELLOW_FROM,
) -> HealthColumns:
    """The one composition of the health kernels, for one account or a book.

    On a day (``today``, with ``measured`` and ``overrides``): stale readings out
    (``measured`` day numbers), then the live overrides (``overrides``: each one's
    account, component position or -1 for the overall score, value and expiry day) in.
    Then the weighted mean, a live override of the overall score, and the band on
    the edges ``green`` and ``yellow`` (one pair, or one per account).
    ``health_score``, ``health_scores`` and the book scorer all call it.
    """
    overall = None
    if today is not None and measured is not None and overrides is not None:
        values = apply_staleness(values, measured, today, stale_after_days)
        values, overall = apply_overrides(values, *overrides, today)
    value, coverage, contributions = health_kernel(values, weights, min_coverage)
    points = None
    if overall is not None:
        value, points = apply_overall(value, overall)
    n = value.shape[0]
    green_from, yellow_from = np.broadcast_to(green, (n,)), np.broadcast_to(yellow, (n,))
    return HealthColumns(
        names=names,
        value=value,
        coverage=coverage,
        band=band_codes(value, green_from, yellow_from),
        green=green_from,
        yellow=yellow_from,
        contributions=contributions,
        present=~np.isnan(values),
        override_points=points,
        scored_at=scored_at,
    )


def _rows_of(table: FloatArray, index: CodeArray | IndexArray) -> FloatArray:
    """Row ``index[i]`` of ``table`` for each i, in column order (as the health kernel
    reads them: a layout of its own makes each column a strided walk, five times slower)."""
    rows = np.empty((index.size, table.shape[1]), order="F")
    for j in range(table.shape[1]):
        np.take(table[:, j], index, out=rows[:, j])
    return rows


def health_columns(
    book: HasTables,
    trust_index: FloatArray,
    proof: FloatArray,
    coverage_model: CodeArray,
    today: float,
    policy: Policy,
    scored_at: datetime | None = None,
) -> HealthColumns:
    """Health of every account: stale readings out, live overrides in, weighted mean."""
    names, table = policy.weight_table
    green, yellow = policy.band_table
    values, days = component_columns(book, names, trust_index, proof)
    ov = book.overrides
    return health_of(
        names,
        values,
        _rows_of(table, coverage_model),
        policy.min_coverage,
        scored_at=scored_at,
        today=today,
        measured=days,
        stale_after_days=policy.stale_after_days,
        overrides=(ov.account, component_positions(ov.component, names), ov.value, ov.expires_on),
        green=green[coverage_model],
        yellow=yellow[coverage_model],
    )


def score_columns(
    book: HasTables, *, today: float, scored_at: datetime, policy: Policy
) -> ScoredColumns:
    """Apply every rule to every account of ``book`` on day number ``today``.

    ``scored_at`` (time-zone aware) starts the escalation clock of Red accounts.
    """
    acc = book.accounts
    agg = aggregate(book, today, policy)
    trust_raw, trust_index = trust_kernel(
        acc.credibility,
        agg.reliability,
        acc.intimacy,
        acc.self_orientation,
        policy.trust_scale_min,
        policy.trust_scale_max,
    )
    phase = phase_kernel(trust_index, agg.proof, policy.trust_bar, policy.proof_bar)
    edges, models = policy.tier_table
    segment = segment_kernel(acc.arr, edges)
    coverage_model = models[segment]
    health = health_columns(
        book, trust_index, agg.proof, coverage_model, today, policy, scored_at=scored_at
    )
    red = escalates(health.band)
    escalation_due = np.where(red, utc_instant(escalation_time(scored_at)), _NAT)
    early_warning = early_warning_kernel(
        acc.previous_health,
        health.value,
        today - acc.previous_health_on,
        policy.early_warning_drop,
        policy.early_warning_days,
    )
    roles = roles_missing(*(missing(getattr(acc, role)) for role in ROLES))
    for k, role in enumerate(ROLES):
        if role in book.not_given:  # no such column: no one known missing either
            roles[:, k] = False
    days_since_executive, silent = executive_silence(
        acc.last_executive_touch, today, policy.silent_executive_days
    )
    if "last_executive_touch" in book.not_given:  # never given: no silence on record
        silent = np.zeros_like(silent)
    plan = plan_kernel(
        phase,
        red,
        agg.n_missed > 0,
        ownership_unclear(agg.n_unowned_open, roles),
        silent,
        (agg.n_outcomes == 0) & ("outcomes" not in book.not_given),
        agg.unacknowledged_progress,
    )
    evidence = stage_evidence(
        setup_complete=acc.setup_complete,
        first_value_on=acc.first_value_on,
        as_of=today,
        weekly_active_users=acc.weekly_active_users,
        licensed_users=acc.licensed_users,
        habit_share=policy.habit_weekly_active_share,
        achieved_acknowledged=agg.achieved_acknowledged,
        phase_codes=phase,
        expansion_signal=acc.expansion_signal,
    )
    return ScoredColumns(
        aggregates=agg,
        trust_raw=trust_raw,
        trust_index=trust_index,
        phase=phase,
        stage=np.full(len(acc), -1, np.int8)  # no lifecycle column: unknown
        if "lifecycle" in book.not_given
        else stage_kernel(evidence),
        segment=segment,
        coverage_model=coverage_model,
        health=health,
        escalation_due=escalation_due,
        roles_missing=roles,
        days_since_executive=days_since_executive,
        silent_executive=silent,
        plan=plan,
        first_action=first_action(plan),
        renewal_at_risk=renewal_at_risk(acc.renewal_on, today, policy.renewal_window_days, phase),
        early_warning=early_warning,
    )
