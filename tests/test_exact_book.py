"""score_book(), its summary and the scoring core, pinned exactly (DOMAIN.md sections 1-6).

A small hand-built book whose every number can be checked by hand: health is set by an
overall override (30 is RED, 50 YELLOW, 80 GREEN), segments follow the default ARR tiers
(Digital < $10K <= Scaled < $100K <= High touch), and the phase follows from the trust
components and one achieved, acknowledged outcome.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import numpy as np
import pytest

from cs_framework import (
    Account,
    Action,
    Band,
    Book,
    CommitmentStatus,
    CoverageModel,
    InvalidInputError,
    Override,
    Phase,
    Policy,
    Problem,
    Stage,
    score_book,
)
from cs_framework._score import ScoredColumns, aggregate, policy_problems, score_columns
from helpers import account, assert_refused, commitment, outcome

AS_OF = date(2026, 6, 30)
TODAY = float(AS_OF.toordinal())
MIDNIGHT = datetime(2026, 6, 30, tzinfo=UTC)
DUE = datetime(2026, 7, 2, tzinfo=UTC)  # midnight UTC of as_of + 48 hours
OWNED = {
    "decision_maker": "Pat",
    "day_to_day_owner": "Kim",
    "accountable_owner": "Alex",
    "last_executive_touch": date(2026, 6, 1),
}
# raw trust (10 + 5.5 + 10) / 1.5 = 17: index 87.7, over the trust bar of 70
TRUSTED = {"credibility": 10.0, "intimacy": 10.0, "self_orientation": 1.5}


def overall(value: float) -> list[Override]:
    """An overall health override: the health score is ``value``."""
    return [Override(component=None, value=value, reason="CSM call", expires_on=date(2026, 7, 31))]


def red(name: str, arr: float) -> Account:
    """RED (health 30), unknown trust: TRUST, escalated first."""
    return account(id=name, arr=arr, overrides=overall(30.0), **OWNED)


def grow(name: str, arr: float, health: float = 80.0) -> Account:
    """Trusted, proof 100 from one achieved acknowledged outcome: GROW."""
    done = outcome(
        account_id=name, baseline=0, target=10, current=10, documented=True, acknowledged=True
    )
    return account(id=name, arr=arr, overrides=overall(health), outcomes=[done], **TRUSTED, **OWNED)


def book_accounts() -> list[Account]:
    return [
        red("r1", 5_000.0),  # Digital
        red("r2", 50_000.0),  # Scaled
        red("r3", 250_000.0),  # High touch
        red("r4", 20_000.0),  # Scaled
        red("r5", 150_000.0),  # High touch
        red("r6", 1_000.0),  # Digital
        grow("g1", 120_000.0),  # High touch
        grow("g2", 300_000.0),  # High touch
        grow("g3", 8_000.0, health=50.0),  # Digital, YELLOW
        grow("g4", 60_000.0),  # Scaled
        grow("g5", 200_000.0),  # High touch
        grow("g6", 2_000.0),  # Digital
        # trusted, no outcomes: proof 0 < 70, PROVE; GREEN
        account(id="p1", arr=30_000.0, overrides=overall(80.0), **TRUSTED, **OWNED),
        # no health reading, no override: UNKNOWN band
        account(id="u1", arr=40_000.0, **OWNED),
    ]


@pytest.fixture(scope="module")
def scored() -> Any:
    return score_book(Book.from_accounts(book_accounts()), as_of=AS_OF)


SUMMARY_TEXT = """\
Accounts and ARR by band x segment x phase:
  band     segment      phase   accounts              ARR
  UNKNOWN  Scaled       TRUST          1           40,000
  RED      Digital      TRUST          2            6,000
  RED      Scaled       TRUST          2           70,000
  RED      High touch   TRUST          2          400,000
  YELLOW   Digital      GROW           1            8,000
  GREEN    Digital      GROW           1            2,000
  GREEN    Scaled       PROVE          1           30,000
  GREEN    Scaled       GROW           1           60,000
  GREEN    High touch   GROW           3          620,000
Escalation queue: 6 Red accounts (due time, then ARR at stake), first 5:
  r3  due 2026-07-02 00:00  ARR 250,000
  r5  due 2026-07-02 00:00  ARR 150,000
  r2  due 2026-07-02 00:00  ARR 50,000
  r4  due 2026-07-02 00:00  ARR 20,000
  r1  due 2026-07-02 00:00  ARR 5,000
Ready to grow: 6 accounts in GROW, top 5 by ARR:
  g2  ARR 300,000
  g5  ARR 200,000
  g1  ARR 120,000
  g4  ARR 60,000
  g3  ARR 8,000"""


def test_summary_numbers_are_exact(scored: Any) -> None:
    """Counts and ARR per band x segment x phase, the queue by ARR, GROW by ARR."""
    summary = scored.summary()
    # rows in band order UNKNOWN, RED, YELLOW, GREEN, then segment, then phase
    assert summary.by_band_segment_phase == [
        ("UNKNOWN", "Scaled", "TRUST", 1, 40_000.0),
        ("RED", "Digital", "TRUST", 2, 6_000.0),  # r1 5,000 + r6 1,000
        ("RED", "Scaled", "TRUST", 2, 70_000.0),  # r2 50,000 + r4 20,000
        ("RED", "High touch", "TRUST", 2, 400_000.0),  # r3 250,000 + r5 150,000
        ("YELLOW", "Digital", "GROW", 1, 8_000.0),
        ("GREEN", "Digital", "GROW", 1, 2_000.0),
        ("GREEN", "Scaled", "PROVE", 1, 30_000.0),
        ("GREEN", "Scaled", "GROW", 1, 60_000.0),
        ("GREEN", "High touch", "GROW", 3, 620_000.0),  # 120,000 + 300,000 + 200,000
    ]
    # every Red account is due at the same time: ties go by ARR, largest first
    assert summary.escalations == [
        ("r3", DUE, 250_000.0),
        ("r5", DUE, 150_000.0),
        ("r2", DUE, 50_000.0),
        ("r4", DUE, 20_000.0),
        ("r1", DUE, 5_000.0),
        ("r6", DUE, 1_000.0),
    ]
    assert all(due.tzinfo is UTC for _, due, _ in summary.escalations)
    assert summary.ready_to_grow == [
        ("g2", 300_000.0),
        ("g5", 200_000.0),
        ("g1", 120_000.0),
        ("g4", 60_000.0),
        ("g3", 8_000.0),
        ("g6", 2_000.0),
    ]


def test_summary_text_is_exact(scored: Any) -> None:
    """The rendered summary: header, table, first 5 escalations, top 5 to grow."""
    assert str(scored.summary()) == SUMMARY_TEXT


def test_rows_hold_python_values(scored: Any) -> None:
    """rows() yields Python scalars, enum members, segment names and aware datetimes."""
    rows = list(scored.rows())
    assert rows[0] == {
        "account_id": "r1",
        "arr": 5_000.0,
        "trust_raw": rows[0]["trust_raw"],  # NaN: unknown trust
        "trust_index": rows[0]["trust_index"],
        "reliability": 5.5,  # no commitments: (1 + 10) / 2
        "proof": 0.0,
        "health": 30.0,
        "health_coverage": 0.2,
        "health_band": Band.RED,
        "phase": Phase.TRUST,
        "stage": Stage.SETUP,
        "segment": "Digital",  # segment 0 is a name, not None
        "coverage_model": CoverageModel.DIGITAL,
        "first_action": Action.ESCALATE,
        "escalation_due": DUE,
        "renewal_at_risk": False,
        "early_warning": False,
        "error": None,
    }
    assert np.isnan(rows[0]["trust_raw"])
    assert np.isnan(rows[0]["trust_index"])
    assert rows[0]["escalation_due"].tzinfo is UTC
    assert [type(rows[0][name]) for name in ("arr", "proof", "renewal_at_risk")] == [
        float,
        float,
        bool,
    ]
    assert rows[6]["escalation_due"] is None  # g1 is GREEN


def test_frames_name_segments_and_keep_datetimes(scored: Any) -> None:
    """The pandas frame has the result columns, segment names and datetime due times."""
    frame = scored.to_pandas()
    assert list(frame.columns)[11:15] == [
        "segment",
        "coverage_model",
        "first_action",
        "escalation_due",
    ]
    assert len(frame.columns) == 18
    assert frame["segment"].tolist()[:3] == ["Digital", "Scaled", "High touch"]
    assert str(frame["escalation_due"].dtype) == "datetime64[us]"
    assert frame["escalation_due"].iloc[0] == DUE.replace(tzinfo=None)


def test_code_columns_are_int8(scored: Any) -> None:
    """Enum columns hold int8 codes and escalation_due is datetime64[s]."""
    for name in ("health_band", "phase", "stage", "coverage_model", "first_action"):
        assert scored[name].dtype == np.int8, name
    assert scored["escalation_due"].dtype == np.dtype("datetime64[s]")


@pytest.mark.parametrize(
    ("call", "message", "fields"),
    [
        pytest.param(
            lambda: score_book([], as_of=AS_OF),
            "book='list': must be a Book",
            ("book", "list", None),
            id="not-a-book",
        ),
        pytest.param(
            lambda: score_book(Book.from_accounts([account()]), as_of=MIDNIGHT),
            "as_of=datetime.datetime(2026, 6, 30, 0, 0, tzinfo=datetime.timezone.utc): "
            "must be a datetime.date",
            ("as_of", MIDNIGHT, None),
            id="as-of-a-datetime",
        ),
        pytest.param(
            lambda: score_book(Book.from_accounts([account()]), as_of=AS_OF, errors="skip"),
            "errors='skip': must be 'raise' or 'mark'",
            ("errors", "skip", None),
            id="errors",
        ),
        pytest.param(
            lambda: score_book(Book.from_accounts([account()]), as_of=AS_OF, scored_at=AS_OF),
            "scored_at=datetime.date(2026, 6, 30): must be a datetime",
            ("scored_at", AS_OF, None),
            id="scored-at-a-date",
        ),
    ],
)
def test_refusal_is_named_exactly(
    call: Callable[[], object], message: str, fields: tuple[object, object, object]
) -> None:
    """Each refusal names its field, its value and the exact reason."""
    assert_refused(call, message, fields)


def test_marked_row_is_empty_and_typed() -> None:
    """A marked row keeps its place: NaN, -1 codes, NaT, False, the reason; dtypes kept."""
    bad = account(id="bad", arr=7_000.0, credibility=6.0, intimacy=5.0, self_orientation=5.0)
    book = Book.from_accounts([red("r1", 5_000.0), bad, red("r2", 50_000.0)])
    policy = Policy(trust_scale_max=5.0)
    marked = score_book(book, as_of=AS_OF, policy=policy, errors="mark")
    row = {name: values[1] for name, values in marked.columns.items()}
    for name in ("trust_raw", "trust_index", "reliability", "proof", "health", "health_coverage"):
        assert np.isnan(row[name]), name
    codes = ("health_band", "phase", "stage", "segment", "coverage_model", "first_action")
    assert [int(row[name]) for name in codes] == [-1] * 6
    assert np.isnat(row["escalation_due"])
    assert (bool(row["renewal_at_risk"]), bool(row["early_warning"])) == (False, False)
    assert (
        row["error"]
        == "credibility=6.0 (account 'bad'): must be on the policy's trust scale [1, 5]"
    )
    good = score_book(Book.from_accounts([red("r1", 5_000.0)]), as_of=AS_OF, policy=policy)
    assert {n: v.dtype for n, v in marked.columns.items()} == {
        n: v.dtype for n, v in good.columns.items()
    }
    # the good rows around it are scored as usual
    assert marked["escalation_due"][0] == np.datetime64("2026-07-02T00:00:00", "s")
    assert marked["segment"][2] == 1  # Scaled
    assert list(marked.rows())[1]["segment"] is None


def test_default_scoring_time_is_midnight_utc() -> None:
    """Without scored_at a Red account is due 48 hours after midnight UTC of as_of."""
    scored = score_book(Book.from_accounts([red("r1", 5_000.0)]), as_of=AS_OF)
    assert scored["escalation_due"].tolist() == [datetime(2026, 7, 2, 0, 0)]


def test_escalation_clock_is_utc_whatever_the_machine_zone() -> None:
    """An aware scored_at is converted to UTC, not to the machine's local time zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        when = datetime(2026, 6, 30, 9, 30, tzinfo=timezone(timedelta(hours=5)))  # 04:30 UTC
        scored = score_book(Book.from_accounts([red("r1", 5_000.0)]), as_of=AS_OF, scored_at=when)
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
    assert scored["escalation_due"].tolist() == [datetime(2026, 7, 2, 4, 30)]


def test_one_unowned_open_commitment_is_unclear_ownership() -> None:
    """A single open commitment with no owner (all roles named) asks to clarify ownership."""
    open_unowned = commitment(
        account_id="a1", owner=None, made_on=date(2026, 6, 20), due=date(2026, 7, 15)
    )
    a = account(id="a1", commitments=[open_unowned], overrides=overall(80.0), **OWNED)
    scored = score_book(Book.from_accounts([a]), as_of=AS_OF)
    assert scored["first_action"].tolist() == [Action.CLARIFY_OWNERSHIP]


def test_fast_fall_is_an_early_warning() -> None:
    """A fall of 45 points in the 10 days since the previous score is an early warning."""
    a = account(
        id="a1",
        overrides=overall(50.0),
        previous_health=95.0,
        previous_health_on=date(2026, 6, 20),  # 10 days before as_of, inside 30
        **OWNED,
    )
    scored = score_book(Book.from_accounts([a]), as_of=AS_OF)
    assert scored["early_warning"].tolist() == [True]


def aggregate_book() -> Book:
    kept_today = commitment(account_id="a0", due=AS_OF, made_on=date(2026, 6, 1), kept_on=AS_OF)
    open_unowned = commitment(
        account_id="a1", owner=None, made_on=date(2026, 6, 20), due=date(2026, 7, 15)
    )
    missed = commitment(account_id="a2", made_on=date(2026, 5, 1), due=date(2026, 5, 31))
    documented = outcome(account_id="a0", current=20.0, documented=True)  # progress 0.5
    achieved = outcome(id="o2", account_id="a1", current=10.0, acknowledged=True)  # progress 1
    return Book.from_accounts(
        [
            account(id="a0", commitments=[kept_today], outcomes=[documented]),
            account(id="a1", commitments=[open_unowned], outcomes=[achieved]),
            account(id="a2", commitments=[missed]),
        ]
    )


def test_aggregates_are_exact() -> None:
    """Per-commitment statuses and flags, per-account counts, shares, proof and evidence."""
    agg = aggregate(aggregate_book(), TODAY, Policy())
    assert agg.status.tolist() == [
        CommitmentStatus.KEPT,
        CommitmentStatus.OPEN,
        CommitmentStatus.MISSED,
    ]
    assert agg.unowned_open.dtype == np.bool_
    assert agg.unowned_open.tolist() == [False, True, False]
    assert agg.missed_recent.tolist() == [False, False, True]
    # p = (prior 1 + earned) / (2 + total weight): kept today 2/3; open 1/2;
    # missed 30 days ago with weight w = 0.5 ** (30 / 90): 1 / (2 + w)
    w = 0.5 ** (30 / 90)
    assert agg.reliability_p.tolist() == pytest.approx([2 / 3, 1 / 2, 1 / (2 + w)])
    assert agg.reliability.tolist() == pytest.approx([1 + 9 * 2 / 3, 5.5, 1 + 9 / (2 + w)])
    # documented, not acknowledged: 100 * 0.5 * 0.5; acknowledged, achieved: 100 * 1 * 1
    assert agg.proof.tolist()[:2] == [25.0, 100.0]
    assert agg.n_missed.dtype == np.intp
    assert agg.n_missed.tolist() == [0, 0, 1]
    assert agg.n_unowned_open.dtype == np.intp
    assert agg.n_unowned_open.tolist() == [0, 1, 0]
    assert agg.achieved_acknowledged.tolist() == [False, True, False]  # one outcome is enough
    assert agg.unacknowledged_progress.tolist() == [True, False, False]


def assert_same_columns(got: Any, expected: Any) -> None:
    """Field by field: arrays equal (NaN, NaT equal), nested attrs alike, scalars equal."""
    for field in attrs.fields(type(expected)):
        a, b = getattr(got, field.name), getattr(expected, field.name)
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype, field.name
            np.testing.assert_array_equal(a, b, err_msg=field.name)
        elif attrs.has(type(b)):
            assert_same_columns(a, b)
        else:
            assert type(a) is type(b), field.name
            assert a == b, field.name


def test_concatenated_columns_equal_whole_book_columns() -> None:
    """Chunks joined (or a single chunk) give the same columns, scalars and Nones included."""
    book = Book.from_accounts(book_accounts())
    whole = score_columns(book, today=TODAY, scored_at=MIDNIGHT, policy=Policy())
    assert whole.health.scored_at is None  # a None field survives the join as None
    assert whole.health.names == (
        "trust",
        "proof",
        "adoption",
        "engagement",
        "support",
        "sentiment",
    )
    parts = [
        score_columns(chunk, today=TODAY, scored_at=MIDNIGHT, policy=Policy())
        for chunk in book.chunks(3)
    ]
    assert len(parts) == 3
    assert_same_columns(ScoredColumns.concatenate(parts), whole)
    assert_same_columns(ScoredColumns.concatenate([whole]), whole)


def test_policy_problems_name_every_off_scale_value_and_unknown_component() -> None:
    """Values on [1, 10] but off the policy's scale, and unknown override components."""
    nps = Override(component="nps", value=50, reason="survey", expires_on=date(2026, 7, 31))
    book = Book.from_accounts(
        [
            account(id="a0", credibility=1.0, intimacy=2.0, self_orientation=9.0),  # 1 < 2
            account(id="a1", credibility=5.0, intimacy=10.0, self_orientation=5.0, overrides=[nps]),
            account(id="a2", credibility=5.0, intimacy=5.0, self_orientation=9.5),  # 9.5 > 9
        ]
    )
    got = policy_problems(book, Policy(trust_scale_min=2.0, trust_scale_max=9.0))
    scale = "must be on the policy's trust scale [2, 9]"
    assert got == [
        (
            1,
            Problem(
                field="overrides.component",
                value="nps",
                account_id="a1",
                reason="is not a component of the scorecard "
                "(trust, proof, adoption, engagement, support, sentiment)",
            ),
        ),
        (0, Problem(field="credibility", value=1.0, account_id="a0", reason=scale)),
        (1, Problem(field="intimacy", value=10.0, account_id="a1", reason=scale)),
        (2, Problem(field="self_orientation", value=9.5, account_id="a2", reason=scale)),
    ]


def test_unknown_override_component_is_refused_by_score_book() -> None:
    """score_book lists an override of a component the scorecard lacks as a bad row."""
    nps = Override(component="nps", value=50, reason="survey", expires_on=date(2026, 7, 31))
    book = Book.from_accounts([account(id="a0"), account(id="a1", overrides=[nps])])
    with pytest.raises(InvalidInputError) as info:
        score_book(book, as_of=AS_OF)
    assert str(info.value) == (
        "1 bad rows in the book:\n  overrides.component='nps' (account 'a1'): "
        "is not a component of the scorecard "
        "(trust, proof, adoption, engagement, support, sentiment)"
    )


def test_ready_to_grow_ties_keep_book_order() -> None:
    """Accounts in GROW with equal ARR are listed in book order (a stable sort)."""
    names = [f"g{k:02d}" for k in range(20)]
    arrs = [5_000.0 if k % 2 == 0 else 3_000.0 for k in range(20)]
    book = Book.from_accounts([grow(n, a) for n, a in zip(names, arrs, strict=True)])
    ready = score_book(book, as_of=AS_OF).summary().ready_to_grow
    assert [n for n, _ in ready] == names[0::2] + names[1::2]
    assert [a for _, a in ready] == [5_000.0] * 10 + [3_000.0] * 10
