"""The benchmark's polars alternative: the rules of DOMAIN.md written as a polars expert would.

One lazy query: expressions per row, one ``group_by().agg`` per child table
(commitments, outcomes), left joins back onto the accounts, ``when/then`` for the
codes; polars plans it and runs it on every core. It reads the frame schema of
``cs_framework._book.frames`` and the tunables of a ``cs_framework.Policy``;
``benchmarks/check_alternatives.py`` checks it against ``cs_framework.score_book``.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

import polars as pl

from cs_framework import Action, Band, CommitmentStatus, CoverageModel, Phase, Policy
from cs_framework._defaults import (
    COVERAGE_TOLERANCE,
    PROOF_COMPONENT,
    SCORE_DECIMALS,
    TRUST_COMPONENT,
)

__all__ = ["score_polars"]

ROLES = ["decision_maker", "day_to_day_owner", "accountable_owner"]
OUTPUT = [
    "account_id", "reliability", "trust_index", "proof", "health", "health_coverage",
    "health_band", "phase", "first_action", "renewal_at_risk",
]  # fmt: skip
CODE = pl.Int8


def _days_since(column: str, today: date) -> pl.Expr:
    """Whole days from the date in ``column`` to ``today`` (null where the date is)."""
    return (pl.lit(today) - pl.col(column)).dt.total_days()


def _without_nan(frame: pl.LazyFrame) -> pl.LazyFrame:
    """NaN is polars' largest float, not a missing value: read it as null."""
    return frame.with_columns(pl.col(pl.Float32, pl.Float64).fill_nan(None))


def commitment_evidence(commitments: pl.LazyFrame, today: date, policy: Policy) -> pl.LazyFrame:
    """Per account: recency-weighted credit and weight, recent misses, unowned open ones."""
    kept_by_then = (pl.col("kept_on") <= today).fill_null(False)
    status = (
        pl.when(pl.col("renegotiated")).then(CommitmentStatus.RENEGOTIATED)
        .when(kept_by_then & (pl.col("kept_on") <= pl.col("due"))).then(CommitmentStatus.KEPT)
        .when(kept_by_then).then(CommitmentStatus.KEPT_LATE)
        .when(pl.col("due") < today).then(CommitmentStatus.MISSED)
        .otherwise(CommitmentStatus.OPEN)
        .cast(CODE)
    )  # fmt: skip
    is_evidence = pl.col("status").is_in(
        [CommitmentStatus.KEPT, CommitmentStatus.KEPT_LATE, CommitmentStatus.MISSED]
    )
    weight = (
        pl.when(is_evidence)
        .then(0.5 ** (pl.col("age").clip(lower_bound=0) / policy.half_life_days))
        .otherwise(0.0)
    )
    credit = (
        pl.when(pl.col("status") == CommitmentStatus.KEPT).then(policy.credit_kept)
        .when(pl.col("status") == CommitmentStatus.KEPT_LATE).then(policy.credit_kept_late)
        .otherwise(policy.credit_missed)
    )  # fmt: skip
    missed_recent = (pl.col("status") == CommitmentStatus.MISSED) & (
        pl.col("age") <= policy.missed_window_days
    )
    unowned_open = (pl.col("status") == CommitmentStatus.OPEN) & pl.col("owner").is_null()
    return (
        commitments.select(
            "account_id", "owner", status.alias("status"), _days_since("due", today).alias("age")
        )
        .with_columns(weight.alias("weight"), credit.alias("credit"))
        .group_by("account_id")
        .agg(
            earned=(pl.col("weight") * pl.col("credit")).sum(),
            weight=pl.col("weight").sum(),
            missed_recent=missed_recent.any(),
            unowned_open=unowned_open.any(),
        )
    )


def outcome_evidence(outcomes: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Per account: the proof score, the number of outcomes, unacknowledged progress."""
    share = (pl.col("current") - pl.col("baseline")) / (pl.col("target") - pl.col("baseline"))
    progress = share.clip(0.0, 1.0).fill_null(0.0)  # no current value: no progress
    visibility = (
        pl.when(pl.col("acknowledged")).then(policy.weight_acknowledged)
        .when(pl.col("documented")).then(policy.weight_documented)
        .otherwise(policy.weight_unseen)
    )  # fmt: skip
    return (
        outcomes.select(
            "account_id", "acknowledged", progress.alias("progress"), visibility.alias("visibility")
        )
        .group_by("account_id")
        .agg(
            proof=(100.0 * (pl.col("progress") * pl.col("visibility")).mean()).round(
                SCORE_DECIMALS
            ),
            n_outcomes=pl.len(),
            unacknowledged_progress=((pl.col("progress") > 0) & ~pl.col("acknowledged")).any(),
        )
    )


def _weights_by_model(policy: Policy) -> pl.LazyFrame:
    """One row per coverage model: a ``w_<component>`` column per component (0 if
    unused), and the model's band edges ``edge_green`` and ``edge_yellow``."""
    rows = [
        {"coverage_model": int(m)}
        | {f"w_{k}": w for k, w in policy.scorecard_for(m).weights.items()}
        | dict(zip(("edge_green", "edge_yellow"), policy.bands_for(m), strict=True))
        for m in CoverageModel
    ]
    return pl.LazyFrame(rows).with_columns(
        pl.col("coverage_model").cast(CODE), pl.exclude("coverage_model").fill_null(0.0)
    )


def _coverage_model(policy: Policy) -> pl.Expr:
    """The coverage model of the account's ARR tier ``[min_arr, max_arr)``."""
    segments = policy.segments
    tier = pl.col("arr").cut(
        [s.min_arr for s in segments[1:]],
        labels=[str(k) for k in range(len(segments))],
        left_closed=True,
    )
    model = {str(k): int(s.coverage) for k, s in enumerate(segments)}
    return tier.cast(pl.String).replace_strict(model, return_dtype=CODE).alias("coverage_model")


def _readings(
    schema: pl.Schema, components: list[str], today: date, policy: Policy
) -> list[pl.Expr]:
    """Each component's reading, ``r_<name>``: null when missing or stale (undated: never stale)."""
    out = []
    for name in components:
        if name == TRUST_COMPONENT:
            value = pl.col("trust_index")
        elif name == PROOF_COMPONENT:
            value = pl.col("proof")
        elif f"health_{name}" not in schema:
            value = pl.lit(None, dtype=pl.Float64)
        else:
            value = pl.col(f"health_{name}")
            dated = f"health_{name}_measured_on"
            if dated in schema:
                stale = _days_since(dated, today) > policy.stale_after_days
                value = pl.when(stale.fill_null(False)).then(None).otherwise(value)
        out.append(value.alias(f"r_{name}"))
    return out


def _trust_index(policy: Policy) -> pl.Expr:
    """The trust equation on the 0-100 log scale; null when C, I or S is missing."""
    lo, hi = policy.trust_scale_min, policy.trust_scale_max
    t_min, t_max = 3 * lo / hi, 3 * hi / lo
    raw = (pl.col("credibility") + pl.col("reliability") + pl.col("intimacy")) / pl.col(
        "self_orientation"
    )
    index = 100 * (raw / t_min).log() / math.log(t_max / t_min)
    return index.round(SCORE_DECIMALS).clip(0.0, 100.0)  # published, as the bars read it


def _health(components: list[str], policy: Policy) -> tuple[pl.Expr, pl.Expr]:
    """Health and its coverage from the ``r_<name>`` readings and ``w_<name>`` weights.

    Health is the weighted mean of the readings present (the weights of missing ones
    shared out), null below the minimum coverage.
    """
    present = pl.sum_horizontal(
        pl.when(pl.col(f"r_{name}").is_not_null()).then(pl.col(f"w_{name}")).otherwise(0.0)
        for name in components
    )
    total = pl.sum_horizontal(pl.col(f"w_{name}") for name in components)
    points = pl.sum_horizontal(pl.col(f"r_{name}") * pl.col(f"w_{name}") for name in components)
    coverage = present / total
    # The tolerance lets weights adding up to the minimum in decimal (0.4 + 0.1) meet it.
    known = (present > 0) & (coverage >= policy.min_coverage - COVERAGE_TOLERANCE)
    return pl.when(known).then((points / present).round(SCORE_DECIMALS)), coverage


def _first_action(today: date, policy: Policy) -> pl.Expr:
    """ESCALATE for Red health, else a recent missed commitment, else the first action of
    the phase's plan (a Red account in GROW is escalated, never offered expansion)."""
    in_trust = pl.col("phase") == Phase.TRUST
    in_prove = pl.col("phase") == Phase.PROVE
    unclear_ownership = pl.col("unowned_open").fill_null(False) | pl.any_horizontal(
        pl.col(role).is_null() for role in ROLES
    )
    executive_seen = _days_since("last_executive_touch", today) <= policy.silent_executive_days
    silent_executive = ~executive_seen.fill_null(False)  # never touched: silent
    return (
        pl.when(pl.col("health_band") == Band.RED).then(Action.ESCALATE)
        .when(pl.col("missed_recent").fill_null(False))  # a trust gap, in every phase
        .then(Action.RESOLVE_MISSED_COMMITMENTS)
        .when(in_trust & unclear_ownership).then(Action.CLARIFY_OWNERSHIP)
        .when(in_trust & silent_executive).then(Action.REENGAGE_EXECUTIVE)
        .when(in_trust).then(Action.KEEP_SMALL_COMMITMENTS)
        .when(in_prove & pl.col("n_outcomes").is_null()).then(Action.DEFINE_SUCCESS_CRITERIA)
        .when(in_prove & pl.col("unacknowledged_progress").fill_null(False))
        .then(Action.DOCUMENT_OUTCOMES)
        .when(in_prove).then(Action.DRIVE_OUTCOMES)
        .otherwise(Action.EXPAND)
        .cast(CODE)
    )  # fmt: skip


def score_polars(
    accounts: pl.DataFrame | pl.LazyFrame,
    commitments: pl.DataFrame | pl.LazyFrame,
    outcomes: pl.DataFrame | pl.LazyFrame,
    as_of: date,
    *,
    policy: Policy | None = None,
    engine: Literal["auto", "in-memory", "streaming"] = "auto",
) -> pl.DataFrame:
    """Score a book held in three polars frames: one row per account, in input order.

    The benchmark's polars alternative to ``cs_framework.score_book`` (same rules,
    same default ``Policy``). Codes are the int values of Band, Phase and Action.
    """
    policy = Policy() if policy is None else policy
    lo, hi = policy.trust_scale_min, policy.trust_scale_max
    # Left joins told to keep the left order are slower than one sort on a row index.
    book = _without_nan(accounts.lazy()).with_row_index("_row")
    schema = book.collect_schema()
    weights = _weights_by_model(policy)
    components = [
        c.removeprefix("w_") for c in weights.collect_schema().names() if c.startswith("w_")
    ]

    p = (policy.prior_kept + pl.col("earned").fill_null(0.0)) / (
        policy.prior_kept + policy.prior_missed + pl.col("weight").fill_null(0.0)
    )
    health, coverage = _health(components, policy)
    band = (
        pl.when(pl.col("health") >= pl.col("edge_green")).then(Band.GREEN)
        .when(pl.col("health") >= pl.col("edge_yellow")).then(Band.YELLOW)
        .when(pl.col("health").is_not_null()).then(Band.RED)
        .otherwise(Band.UNKNOWN)
    )  # fmt: skip
    trusted = pl.col("trust_index") >= policy.trust_bar  # null (unknown trust): not trusted
    phase = (
        pl.when(trusted & (pl.col("proof") >= policy.proof_bar)).then(Phase.GROW)
        .when(trusted).then(Phase.PROVE)
        .otherwise(Phase.TRUST)
    )  # fmt: skip
    to_renewal = (pl.col("renewal_on") - pl.lit(as_of)).dt.total_days()
    renewal_at_risk = to_renewal.is_between(0, policy.renewal_window_days).fill_null(False) & (
        pl.col("phase") != Phase.GROW
    )

    return (
        book.join(
            commitment_evidence(commitments.lazy(), as_of, policy), on="account_id", how="left"
        )
        .join(outcome_evidence(_without_nan(outcomes.lazy()), policy), on="account_id", how="left")
        .with_columns(
            reliability=lo + (hi - lo) * p,
            proof=pl.col("proof").fill_null(0.0),
            coverage_model=_coverage_model(policy),
        )
        .with_columns(trust_index=_trust_index(policy))
        .join(weights, on="coverage_model", how="left")
        .with_columns(_readings(schema, components, as_of, policy))
        .with_columns(health=health, health_coverage=coverage)
        .with_columns(health_band=band.cast(CODE), phase=phase.cast(CODE))
        .with_columns(first_action=_first_action(as_of, policy), renewal_at_risk=renewal_at_risk)
        .sort("_row")
        .select(OUTPUT)
        .collect(engine=engine)
    )
