"""The benchmark's pandas alternative: the rules of DOMAIN.md written as a pandas expert would.

Vectorised column expressions, one grouped aggregation per child table (commitments,
outcomes) and left joins back onto the accounts: no ``apply``, no loop over rows.
It reads the frame schema of ``cs_framework._book.frames`` and the tunables of a
``cs_framework.Policy``; ``benchmarks/check_alternatives.py`` checks it against
``cs_framework.score_book``.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from cs_framework import Action, Band, CommitmentStatus, CoverageModel, Phase, Policy
from cs_framework._defaults import (
    COVERAGE_TOLERANCE,
    PROOF_COMPONENT,
    SCORE_DECIMALS,
    TRUST_COMPONENT,
)

__all__ = ["score_pandas"]

ROLES = ["decision_maker", "day_to_day_owner", "accountable_owner"]
OUTPUT = [
    "account_id", "reliability", "trust_index", "proof", "health", "health_coverage",
    "health_band", "phase", "first_action", "renewal_at_risk",
]  # fmt: skip


def _days_between(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp) -> pd.Series:
    """Whole days from ``earlier`` to ``later`` as float (NaN where either is NaT)."""
    return (later - earlier) / pd.Timedelta(days=1)


def commitment_evidence(
    commitments: pd.DataFrame, today: pd.Timestamp, policy: Policy
) -> pd.DataFrame:
    """Per account: recency-weighted credit and weight, recent misses, unowned open ones."""
    due, kept_on = commitments["due"], commitments["kept_on"]
    kept_by_then = kept_on <= today  # NaT compares False: not kept (yet)
    status = pd.Series(
        np.select(
            [
                commitments["renegotiated"].to_numpy(),
                (kept_by_then & (kept_on <= due)).to_numpy(),
                kept_by_then.to_numpy(),
                (due < today).to_numpy(),
            ],
            [
                CommitmentStatus.RENEGOTIATED,
                CommitmentStatus.KEPT,
                CommitmentStatus.KEPT_LATE,
                CommitmentStatus.MISSED,
            ],
            default=CommitmentStatus.OPEN,
        ).astype(np.int8),
        index=commitments.index,
    )
    age = _days_between(today, due)
    is_evidence = status.isin(
        [CommitmentStatus.KEPT, CommitmentStatus.KEPT_LATE, CommitmentStatus.MISSED]
    )
    weight = (0.5 ** (age.clip(lower=0) / policy.half_life_days)).where(is_evidence, 0.0)
    credit = np.select(
        [status == CommitmentStatus.KEPT, status == CommitmentStatus.KEPT_LATE],
        [policy.credit_kept, policy.credit_kept_late],
        default=policy.credit_missed,
    )
    rows = pd.DataFrame(
        {
            "account_id": commitments["account_id"],
            "weight": weight,
            "earned": weight * credit,
            "missed_recent": (status == CommitmentStatus.MISSED)
            & (age <= policy.missed_window_days),
            "unowned_open": (status == CommitmentStatus.OPEN) & commitments["owner"].isna(),
        }
    )
    # Counts rather than any(): after the left join a missing count is NaN, and NaN > 0
    # is False, so accounts without commitments need no fill.
    return rows.groupby("account_id", sort=False, observed=True).agg(
        earned=("earned", "sum"),
        weight=("weight", "sum"),
        n_missed_recent=("missed_recent", "sum"),
        n_unowned_open=("unowned_open", "sum"),
    )


def outcome_evidence(outcomes: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per account: the proof score, the number of outcomes, unacknowledged progress."""
    share = (outcomes["current"] - outcomes["baseline"]) / (
        outcomes["target"] - outcomes["baseline"]
    )
    progress = share.clip(0.0, 1.0).fillna(0.0)  # no current value: no progress
    acknowledged = outcomes["acknowledged"]
    visibility = np.select(
        [acknowledged.to_numpy(), outcomes["documented"].to_numpy()],
        [policy.weight_acknowledged, policy.weight_documented],
        default=policy.weight_unseen,
    )
    rows = pd.DataFrame(
        {
            "account_id": outcomes["account_id"],
            "credited": progress * visibility,
            "unacknowledged": (progress > 0) & ~acknowledged,
        }
    )
    out = rows.groupby("account_id", sort=False, observed=True).agg(
        proof=("credited", "mean"),
        n_outcomes=("credited", "size"),
        n_unacknowledged=("unacknowledged", "sum"),
    )
    out["proof"] = (out["proof"] * 100.0).round(SCORE_DECIMALS)  # published
    return out


def _weights_by_model(policy: Policy) -> pd.DataFrame:
    """One row per coverage model, one column per health component: its weight (0 if unused)."""
    return pd.DataFrame.from_dict(
        {int(m): policy.scorecard_for(m).weights for m in CoverageModel}, orient="index"
    ).fillna(0.0)


def health(
    accounts: pd.DataFrame,
    trust_index: pd.Series,
    proof: pd.Series,
    today: pd.Timestamp,
    policy: Policy,
) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """The health value (NaN below the minimum coverage), its coverage, and each
    account's band edges (columns ``green``, ``yellow``)."""
    edges = [s.min_arr for s in policy.segments] + [math.inf]
    segment = pd.cut(accounts["arr"], edges, right=False, labels=False)
    coverage_of = pd.Series([int(s.coverage) for s in policy.segments])
    weights = (
        _weights_by_model(policy)
        .reindex(coverage_of.iloc[segment].to_numpy())
        .set_axis(accounts.index)
    )

    readings = {}
    for name in weights.columns:
        if name == TRUST_COMPONENT:
            readings[name] = trust_index
        elif name == PROOF_COMPONENT:
            readings[name] = proof
        elif f"health_{name}" not in accounts:
            readings[name] = pd.Series(np.nan, index=accounts.index)
        else:
            value = accounts[f"health_{name}"]
            dated = f"health_{name}_measured_on"
            if dated in accounts:  # stale readings count as missing; undated never stale
                stale = _days_between(today, accounts[dated]) > policy.stale_after_days
                value = value.mask(stale)
            readings[name] = value
    readings_df = pd.DataFrame(readings, index=accounts.index)

    present_weight = weights.where(readings_df.notna(), 0.0).sum(axis=1)
    value = ((readings_df * weights).sum(axis=1) / present_weight).round(SCORE_DECIMALS)
    coverage = present_weight / weights.sum(axis=1)
    # The tolerance lets weights adding up to the minimum in decimal (0.4 + 0.1) meet it.
    known = (present_weight > 0) & (coverage >= policy.min_coverage - COVERAGE_TOLERANCE)
    by_model = pd.DataFrame(
        [policy.bands_for(m) for m in CoverageModel], columns=["green", "yellow"]
    )
    edges = by_model.reindex(coverage_of.iloc[segment].to_numpy()).set_axis(accounts.index)
    return value.where(known), coverage, edges


def score_pandas(
    accounts: pd.DataFrame,
    commitments: pd.DataFrame,
    outcomes: pd.DataFrame,
    as_of: date,
    *,
    policy: Policy | None = None,
) -> pd.DataFrame:
    """Score a book held in three pandas frames: one row per account, in input order.

    The benchmark's pandas alternative to ``cs_framework.score_book`` (same rules,
    same default ``Policy``). Codes are the int values of Band, Phase and Action.
    """
    policy = Policy() if policy is None else policy
    today = pd.Timestamp(as_of)
    lo, hi = policy.trust_scale_min, policy.trust_scale_max

    book = accounts.join(commitment_evidence(commitments, today, policy), on="account_id").join(
        outcome_evidence(outcomes, policy), on="account_id"
    )
    p = (policy.prior_kept + book["earned"].fillna(0.0)) / (
        policy.prior_kept + policy.prior_missed + book["weight"].fillna(0.0)
    )
    reliability = lo + (hi - lo) * p

    raw = (book["credibility"] + reliability + book["intimacy"]) / book["self_orientation"]
    t_min, t_max = 3 * lo / hi, 3 * hi / lo
    trust_index = (100 * np.log(raw / t_min) / np.log(t_max / t_min)).round(SCORE_DECIMALS)
    trust_index = trust_index.clip(0.0, 100.0)
    proof = book["proof"].fillna(0.0)

    value, coverage, edges = health(book, trust_index, proof, today, policy)
    band = np.select(
        [value >= edges["green"], value >= edges["yellow"], value.notna()],
        [Band.GREEN, Band.YELLOW, Band.RED],
        default=Band.UNKNOWN,
    ).astype(np.int8)

    trusted = trust_index >= policy.trust_bar  # NaN: not trusted
    phase = np.select(
        [trusted & (proof >= policy.proof_bar), trusted], [Phase.GROW, Phase.PROVE],
        default=Phase.TRUST,
    ).astype(np.int8)  # fmt: skip

    missed = book["n_missed_recent"] > 0
    unclear = (book["n_unowned_open"] > 0) | book[ROLES].isna().any(axis=1)
    silent = ~(_days_between(today, book["last_executive_touch"]) <= policy.silent_executive_days)
    no_outcomes = book["n_outcomes"].isna()
    unacknowledged = book["n_unacknowledged"] > 0
    in_trust, in_prove = phase == Phase.TRUST, phase == Phase.PROVE
    first_action = np.select(
        [
            band == Band.RED,
            missed,  # a trust gap is addressed in every phase
            in_trust & unclear,
            in_trust & silent,
            in_trust,
            in_prove & no_outcomes,
            in_prove & unacknowledged,
            in_prove,
        ],
        [
            Action.ESCALATE,
            Action.RESOLVE_MISSED_COMMITMENTS,
            Action.CLARIFY_OWNERSHIP,
            Action.REENGAGE_EXECUTIVE,
            Action.KEEP_SMALL_COMMITMENTS,
            Action.DEFINE_SUCCESS_CRITERIA,
            Action.DOCUMENT_OUTCOMES,
            Action.DRIVE_OUTCOMES,
        ],
        default=Action.EXPAND,
    ).astype(np.int8)

    to_renewal = _days_between(book["renewal_on"], today)
    renewal_at_risk = to_renewal.between(0, policy.renewal_window_days) & (phase != Phase.GROW)

    return pd.DataFrame(
        {
            "account_id": book["account_id"],
            "reliability": reliability,
            "trust_index": trust_index,
            "proof": proof,
            "health": value,
            "health_coverage": coverage,
            "health_band": band,
            "phase": phase,
            "first_action": first_action,
            "renewal_at_risk": renewal_at_risk,
        },
        index=accounts.index,
    )
