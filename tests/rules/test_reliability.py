"""Reliability from the commitment record (rules: trust)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Commitment,
    CommitmentStatus,
    InvalidInputError,
    Policy,
    assess,
    reliability,
)
from cs_framework import strategies as cst
from helpers import commitment

rule = pytest.mark.rule
AS_OF = date(2026, 6, 30)


def promise(
    k: int, *, due: date, kept_on: date | None = None, renegotiated: bool = False
) -> Commitment:
    return commitment(
        id=f"c{k}",
        made_on=due - timedelta(days=10),
        due=due,
        kept_on=kept_on,
        renegotiated=renegotiated,
    )


@rule("reliability.status")
@pytest.mark.parametrize(
    ("due", "kept_on", "renegotiated", "status"),
    [
        (date(2026, 6, 10), date(2026, 6, 10), False, CommitmentStatus.KEPT),  # on the day
        (date(2026, 6, 10), date(2026, 6, 11), False, CommitmentStatus.KEPT_LATE),
        (date(2026, 6, 10), None, False, CommitmentStatus.MISSED),
        (date(2026, 6, 30), None, False, CommitmentStatus.OPEN),  # due today: not missed yet
        (date(2026, 7, 10), None, False, CommitmentStatus.OPEN),
        (date(2026, 6, 10), None, True, CommitmentStatus.RENEGOTIATED),
        (date(2026, 6, 10), date(2026, 7, 5), False, CommitmentStatus.MISSED),  # kept after as_of
    ],
)
def test_status_on_a_day(
    due: date, kept_on: date | None, renegotiated: bool, status: CommitmentStatus
) -> None:
    assert promise(1, due=due, kept_on=kept_on, renegotiated=renegotiated).status(AS_OF) is status


def test_status_needs_a_date() -> None:
    with pytest.raises(InvalidInputError) as info:
        promise(1, due=AS_OF).status("2026-06-30")  # type: ignore[arg-type]
    assert (info.value.field, info.value.account_id) == ("as_of", "acme")


@rule("reliability.prior")
def test_no_evidence_is_the_middle_of_the_scale() -> None:
    """Beta(1, 1): no evidence gives p = 0.5, Reliability 5.5 on [1, 10]."""
    assert reliability([], AS_OF) == 5.5
    open_and_renegotiated = [
        promise(1, due=AS_OF),
        promise(2, due=date(2026, 5, 1), renegotiated=True),
    ]
    assert reliability(open_and_renegotiated, AS_OF) == 5.5


@rule("reliability.prior")
def test_one_kept_promise_is_not_a_perfect_record() -> None:
    one = reliability([promise(1, due=AS_OF, kept_on=AS_OF)], AS_OF)
    assert one == pytest.approx(1 + 9 * 2 / 3)
    assert one < 10


@rule("reliability.credit")
def test_reference_value_with_credits_and_decay() -> None:
    """p = (1 + sum(w*credit)) / (2 + sum(w)), w = 0.5 ** (age / 90)."""
    record = [
        promise(1, due=AS_OF - timedelta(days=90), kept_on=AS_OF - timedelta(days=95)),  # w .5
        promise(2, due=AS_OF, kept_on=AS_OF + timedelta(days=0)),  # kept, w 1
        promise(
            3, due=AS_OF - timedelta(days=180), kept_on=AS_OF - timedelta(days=100)
        ),  # late, w .25
        promise(4, due=AS_OF - timedelta(days=90)),  # missed, w .5
    ]
    w_credit = 0.5 * 1 + 1 * 1 + 0.25 * 0.5 + 0.5 * 0
    w = 0.5 + 1 + 0.25 + 0.5
    assert reliability(record, AS_OF) == pytest.approx(1 + 9 * (1 + w_credit) / (2 + w))


@rule("reliability.credit")
@given(st.lists(cst.commitments(account_id="acme"), max_size=8), cst.dates())
def test_reliability_is_on_the_scale(record: list[Commitment], as_of: date) -> None:
    assert 1 < reliability(record, as_of) < 10


@rule("reliability.credit")
@given(st.lists(cst.commitments(account_id="acme"), max_size=6), st.integers(1, 400))
def test_a_kept_promise_raises_and_a_missed_one_lowers(record: list[Commitment], ago: int) -> None:
    due = AS_OF - timedelta(days=ago)
    base = reliability(record, AS_OF)
    assert reliability([*record, promise(99, due=due, kept_on=due)], AS_OF) > base
    assert reliability([*record, promise(99, due=due)], AS_OF) < base


@rule("reliability.recency")
@given(st.integers(1, 300), st.integers(1, 300), st.booleans())
def test_older_evidence_weighs_less(ago: int, older_by: int, kept: bool) -> None:
    """'Where it sits today ... not where it sat 12 months ago' (the Trust -> Prove -> Grow
    framework).
    """
    recent_due = AS_OF - timedelta(days=ago)
    old_due = recent_due - timedelta(days=older_by)
    recent = promise(1, due=recent_due, kept_on=recent_due if kept else None)
    old = promise(1, due=old_due, kept_on=old_due if kept else None)
    moved_recent = abs(reliability([recent], AS_OF) - 5.5)
    moved_old = abs(reliability([old], AS_OF) - 5.5)
    assert moved_old < moved_recent


@rule("reliability.recency")
def test_the_half_life_is_a_policy_tunable() -> None:
    due = AS_OF - timedelta(days=30)
    missed = [promise(1, due=due)]
    fast = reliability(missed, AS_OF, policy=Policy(half_life_days=10))
    slow = reliability(missed, AS_OF, policy=Policy(half_life_days=300))
    assert fast > slow  # a fast decay forgets the miss sooner


def test_early_delivery_counts_in_full_not_more() -> None:
    early_kept = commitment(
        made_on=AS_OF - timedelta(days=5), due=AS_OF + timedelta(days=30), kept_on=AS_OF
    )
    early = reliability([early_kept], AS_OF)
    on_time_today = reliability([promise(1, due=AS_OF, kept_on=AS_OF)], AS_OF)
    assert early == on_time_today


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        reliability([promise(1, due=AS_OF)], "today")  # type: ignore[arg-type]
    assert info.value.field == "as_of"
    with pytest.raises(InvalidInputError) as info:
        reliability(["c1"], AS_OF)  # type: ignore[list-item]
    assert info.value.field == "commitments[0]"


@given(cst.commitments(), cst.dates())
def test_status_is_always_one_of_the_five(c: Commitment, as_of: date) -> None:
    status = c.status(as_of)
    assume(not c.renegotiated)
    if c.kept_on is not None and c.kept_on <= as_of:
        assert status in (CommitmentStatus.KEPT, CommitmentStatus.KEPT_LATE)
        assert (status is CommitmentStatus.KEPT) == (c.kept_on <= c.due)
    else:
        assert status is (CommitmentStatus.MISSED if c.due < as_of else CommitmentStatus.OPEN)


AS_OF = cst.EXAMPLE_DAY
days = st.just(AS_OF) | cst.dates()  # the strategies' own day, where every status occurs


@rule("reliability.status")
@given(cst.commitments(), days)
def test_status_follows_its_definition(c: Commitment, as_of: date) -> None:
    """rules: trust: KEPT on or before due, KEPT_LATE after, MISSED not kept and due before
    as_of, OPEN not yet due; RENEGOTIATED is neutral whatever the dates."""
    kept_by_then = c.kept_on is not None and c.kept_on <= as_of
    expected = (
        CommitmentStatus.RENEGOTIATED
        if c.renegotiated
        else CommitmentStatus.KEPT
        if kept_by_then and c.kept_on <= c.due  # type: ignore[operator]
        else CommitmentStatus.KEPT_LATE
        if kept_by_then
        else CommitmentStatus.MISSED
        if c.due < as_of
        else CommitmentStatus.OPEN
    )
    assert c.status(as_of) is expected


@rule("reliability.prior")
@rule("reliability.credit")
@rule("reliability.recency")
@given(st.lists(cst.commitments(account_id="acme"), max_size=8), days)
def test_reliability_is_the_smoothed_recency_weighted_credit(
    record: list[Commitment], as_of: date
) -> None:
    """rules: trust, written out plainly: credit 1 / 0.5 / 0, weight 0.5 ** (age / 90) from
    the due date, p = (1 + sum(w * credit)) / (2 + sum(w)), R = 1 + 9 p."""
    credit = {
        CommitmentStatus.KEPT: 1.0,
        CommitmentStatus.KEPT_LATE: 0.5,
        CommitmentStatus.MISSED: 0.0,
    }
    earned = weights = 0.0
    for c in record:
        status = c.status(as_of)
        if status in credit:
            w = 0.5 ** (max((as_of - c.due).days, 0) / 90)
            earned, weights = earned + w * credit[status], weights + w
    p = (1 + earned) / (2 + weights)
    assert reliability(record, as_of) == pytest.approx(1 + 9 * p, rel=1e-12, abs=1e-12)


@rule("reliability.derived")
@given(cst.accounts(), days)
def test_reliability_is_derived_from_the_commitment_record(a: Account, as_of: date) -> None:
    """rules: trust (the Trust -> Prove -> Grow framework): Reliability is derived from the
    commitment record, not typed in: an account has no such field, and assess() takes it from the
    record.
    """
    assert "reliability" not in attrs.fields_dict(Account)
    result = assess(a, as_of=as_of)
    assert result.reliability == reliability(a.commitments, as_of)
    if result.trust is not None:
        assert result.trust.reliability == result.reliability
    assert assess(attrs.evolve(a, commitments=()), as_of=as_of).reliability == 5.5
