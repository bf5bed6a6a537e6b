"""Books: row k of score_book equals assess(account_k); loaders; bad rows (issue 5)."""

from __future__ import annotations

import math
import os
import time
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Action,
    Band,
    Book,
    CommitmentStatus,
    CoverageModel,
    Flag,
    InvalidInputError,
    Override,
    Phase,
    Policy,
    Problem,
    Stage,
    assess,
    score_book,
)
from cs_framework import strategies as cst
from cs_framework._book.checks import policy_problems
from cs_framework._book.score import ScoredColumns, aggregate, score_columns
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.synthetic import SYNTHETIC_DAY, make_book
from helpers import account, commitment, outcome

rule = pytest.mark.rule
AT = datetime(2026, 6, 30, 8, 0, tzinfo=UTC)


@st.composite
def account_lists(draw: st.DrawFn) -> list[Account]:
    accounts = draw(st.lists(cst.accounts(), max_size=6, unique_by=lambda a: a.id))
    return accounts


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


#: Scoring times in zones with and without daylight-saving changes.
SCORING_TIMES = st.one_of(
    cst.datetimes(),
    st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=st.sampled_from([ZoneInfo("America/New_York"), ZoneInfo("Europe/Paris")]),
    ),
)


@rule("book.one-answer")
@settings(max_examples=60)
@given(account_lists(), st.integers(-1, 400), st.booleans(), SCORING_TIMES)
def test_row_k_equals_assess_of_account_k(
    accounts: list[Account], days_before: int, default_policy: bool, at: datetime
) -> None:
    """Every column of row k is assess(account_k)'s answer; the escalation time too,
    time zone included (compared as aware datetimes, never stripped)."""
    as_of = at.date() - timedelta(days=days_before)  # scored on or after the day (-1: leeway)
    policy = (
        Policy()
        if default_policy
        else Policy(
            segment_weights={CoverageModel.DIGITAL: {"adoption": 3.0}},
            half_life_days=30,
            stale_after_days=20,
            green=76,  # moved band edges, and other ones for one segment
            yellow=51,
            segment_bands={CoverageModel.SCALED: {"green": 60}},
        )
    )
    scored = score_book(Book.from_accounts(accounts), as_of=as_of, policy=policy, scored_at=at)
    assert len(scored) == len(accounts)
    rows = list(scored.rows())
    for k, acc in enumerate(accounts):
        one = assess(acc, as_of=as_of, policy=policy, scored_at=at)
        row = scored.columns
        assert row["account_id"][k] == acc.id
        assert same(row["trust_raw"][k], math.nan if one.trust is None else one.trust.value)
        assert same(row["trust_index"][k], math.nan if one.trust is None else one.trust.index)
        assert row["reliability"][k] == one.reliability
        assert row["proof"][k] == one.proof
        assert same(row["health"][k], one.health.value)
        assert row["health_coverage"][k] == one.health.coverage
        assert row["health_band"][k] == one.health.band
        assert row["phase"][k] == one.phase
        assert row["stage"][k] == one.stage
        assert policy.segments[row["segment"][k]] == one.segment
        assert row["first_action"][k] == one.next_action.action
        due, expected = rows[k]["escalation_due"], one.escalation_due
        assert due == expected
        if expected is not None:
            assert due.tzinfo is expected.tzinfo is at.tzinfo
            assert due.utcoffset() == expected.utcoffset()
            # Elapsed hours: in UTC (one zone's datetimes subtract on the wall clock).
            assert due.astimezone(UTC) - at.astimezone(UTC) == timedelta(hours=48)
        assert bool(row["renewal_at_risk"][k]) == (Flag.RENEWAL_AT_RISK in one.flags)
        assert bool(row["early_warning"][k]) == (Flag.EARLY_WARNING in one.flags)
        assert row["error"][k] is None


@rule("book.one-answer")
def test_chunked_scoring_equals_whole_book_scoring() -> None:
    book = make_book(3000, seed=11)
    whole = score_columns(
        book, today=float(SYNTHETIC_DAY.toordinal()), scored_at=AT, policy=Policy()
    )
    parts = [
        score_columns(chunk, today=float(SYNTHETIC_DAY.toordinal()), scored_at=AT, policy=Policy())
        for chunk in book.chunks(3)
    ]
    joined = ScoredColumns.concatenate(parts)
    for name in (
        "trust_index",
        "phase",
        "stage",
        "first_action",
        "renewal_at_risk",
        "early_warning",
    ):
        np.testing.assert_array_equal(getattr(joined, name), getattr(whole, name))
    np.testing.assert_array_equal(joined.health.value, whole.health.value)
    np.testing.assert_array_equal(joined.aggregates.reliability, whole.aggregates.reliability)


def test_threads_give_the_same_answer() -> None:
    book = make_book(60_000, seed=5)
    one = score_book(book, as_of=SYNTHETIC_DAY, workers=1)
    two = score_book(book, as_of=SYNTHETIC_DAY, workers=2)
    assert one.columns.keys() == two.columns.keys()
    for name, column in one.columns.items():
        np.testing.assert_array_equal(column, two.columns[name], err_msg=name)
    assert (~np.isnat(one["escalation_due"])).sum() > 0


def test_unsorted_rows_are_scored_as_one_chunk() -> None:
    book = Book.from_accounts(example_accounts())
    shuffled = book.take(np.array([0, 1, 2]))
    order = np.array([11, 0, 5, 1, 2, 3, 4, 6, 7, 8, 9, 10])
    from attrs import evolve

    from cs_framework._book.tables import _pick as _map

    mixed = evolve(shuffled, commitments=type(book.commitments)(**_map(book.commitments, order)))
    assert mixed.chunks(2) == [mixed]
    a = score_book(mixed, as_of=EXAMPLE_DAY)
    b = score_book(book, as_of=EXAMPLE_DAY)
    np.testing.assert_array_equal(a["reliability"], b["reliability"])


@rule("book.never-shrinks")
def test_a_book_never_shrinks_and_its_input_is_not_modified() -> None:
    book = make_book(500, seed=2)
    arr_before = book.accounts.arr.copy()
    scored = score_book(book, as_of=SYNTHETIC_DAY)
    assert len(scored) == 500
    assert list(scored["account_id"]) == list(book.accounts.id)
    np.testing.assert_array_equal(book.accounts.arr, arr_before)


def bad_frames() -> dict[str, Any]:
    import pandas as pd

    frames = Book.from_accounts(example_accounts()).to_frames("pandas")
    accounts = frames["accounts"]
    accounts.loc[0, "arr"] = -5.0
    accounts.loc[2, "credibility"] = 11.0
    commitments = frames["commitments"]
    commitments.loc[1, "due"] = pd.Timestamp("2020-01-01").date()
    return {
        "accounts": accounts,
        "commitments": commitments,
        "outcomes": frames["outcomes"],
    }


@rule("book.bad-rows")
def test_loaders_list_every_bad_row() -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**bad_frames())
    fields = [(p.account_id, p.field) for p in info.value.problems]
    assert fields == [
        ("northwind", "arr"),
        ("northwind", "commitments['nw-2'].due"),
        ("copperleaf", "credibility"),
    ]
    assert "3 bad values" in str(info.value)


@rule("book.bad-rows")
def test_marked_rows_are_kept_with_their_reason() -> None:
    book = Book.from_frames(**bad_frames(), errors="mark")
    with pytest.raises(InvalidInputError) as info:
        score_book(book, as_of=EXAMPLE_DAY)
    assert len(info.value.problems) == 3
    scored = score_book(book, as_of=EXAMPLE_DAY, errors="mark")
    assert len(scored) == 3
    assert scored["error"][0].startswith("arr=-5.0 (account 'northwind', row 0)")
    assert "commitments['nw-2'].due" in scored["error"][0]
    assert scored["error"][1] is None
    assert "credibility=11.0" in scored["error"][2]
    assert math.isnan(scored["health"][0])
    assert scored["phase"][0] == -1
    assert scored["phase"][1] == Phase.PROVE
    frame = scored.to_pandas()
    assert frame["phase"].isna().tolist() == [True, False, True]
    assert frame["phase"][1] == "PROVE"


def test_unchecked_books_are_checked_when_scored() -> None:
    from attrs import evolve

    book = Book.from_accounts(example_accounts())
    bad = evolve(book, accounts=evolve(book.accounts, arr=np.array([1.0, -1.0, 2.0])), marks=None)
    with pytest.raises(InvalidInputError) as info:
        score_book(bad, as_of=EXAMPLE_DAY)
    assert [(p.account_id, p.field) for p in info.value.problems] == [("bluebird", "arr")]


@pytest.mark.parametrize(
    "library", ["pandas", pytest.param("polars", marks=pytest.mark.polars), "pyarrow"]
)
def test_frames_round_trip(library: str) -> None:
    make = {
        "pandas": lambda t: t.to_pandas(),  # Object-typed text, as pandas users have it
        "polars": lambda t: __import__("polars").DataFrame(t),
        "pyarrow": lambda t: t,
    }[library]
    # A columnar book lists every component for every account (None where missing).
    every = {"adoption": None, "engagement": None, "sentiment": None, "support": None}
    accounts = [
        *example_accounts(),
        account(
            id="lone",
            health=every,
            overrides=[
                Override(component=None, value=30, reason="P1 outage", expires_on=date(2026, 7, 31))
            ],
            previous_health=80.0,
            previous_health_on=date(2026, 6, 1),
        ),
    ]
    tables = Book.from_accounts(accounts).to_frames()
    book = Book.from_frames(
        *(make(tables[t]) for t in ("accounts", "commitments", "outcomes", "overrides"))
    )
    assert book.to_accounts() == accounts
    assert len(book.overrides) == 1
    scored = score_book(book, as_of=EXAMPLE_DAY)
    assert scored["health"][3] == 30.0  # the live overall override
    assert getattr(scored, f"to_{ {'pyarrow': 'arrow'}.get(library, library) }")().shape[0] == 4


def test_summary() -> None:
    scored = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY)
    summary = scored.summary()
    assert sum(n for *_, n, _ in summary.by_band_segment_phase) == 3
    assert sum(arr for *_, arr in summary.by_band_segment_phase) == 240_000 + 38_000 + 520_000
    assert [aid for aid, _ in summary.ready_to_grow] == ["copperleaf"]
    assert [aid for aid, *_ in summary.escalations] == [
        aid
        for aid, band in zip(scored["account_id"], scored["health_band"], strict=True)
        if band == 0
    ]
    assert "Ready to grow: 1 accounts" in str(summary)
    assert summary.marked == []
    assert "Marked bad" not in str(summary)


def test_summary_lists_marked_rows_apart_from_the_table() -> None:
    bad = [
        account(id=f"bad-{k}", credibility=6.0, intimacy=5.0, self_orientation=5.0)
        for k in range(6)
    ]
    book = Book.from_accounts([account(id="ok", arr=10_000.0), *bad])
    scored = score_book(
        book, as_of=date(2026, 6, 30), policy=Policy(trust_scale_max=5.0), errors="mark"
    )
    summary = scored.summary()
    assert [(n, arr) for *_, n, arr in summary.by_band_segment_phase] == [(1, 10_000.0)]
    assert summary.marked == [(f"bad-{k}", scored["error"][k + 1]) for k in range(6)]
    assert "credibility=6.0 (account 'bad-0')" in summary.marked[0][1]
    text = str(summary)
    assert "Marked bad, not scored: 6 accounts, first 5:" in text
    assert [line.split()[0] for line in text.splitlines() if "(account 'bad-" in line] == [
        f"bad-{k}" for k in range(5)
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"as_of": "2026-06-30"}, "as_of"),
        ({"as_of": EXAMPLE_DAY, "errors": "skip"}, "errors"),
        ({"as_of": EXAMPLE_DAY, "scored_at": EXAMPLE_DAY}, "scored_at"),
    ],
)
def test_score_book_refuses_bad_arguments(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        score_book(Book.from_accounts(example_accounts()), **kwargs)
    assert info.value.field == field
    with pytest.raises(InvalidInputError):
        score_book(example_accounts(), as_of=EXAMPLE_DAY)  # type: ignore[arg-type]


def test_from_accounts_refuses_duplicates_and_non_accounts() -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_accounts([account(), account()])
    assert info.value.field == "accounts[1].id"
    with pytest.raises(InvalidInputError):
        Book.from_accounts(["acme"])  # type: ignore[list-item]


def test_synthetic_books_are_valid_and_seeded() -> None:
    book = make_book(400, seed=9)
    from cs_framework._book.checks import book_problems

    assert book_problems(book) == []
    again = make_book(400, seed=9)
    np.testing.assert_array_equal(book.commitments.due, again.commitments.due)
    assert book.to_accounts()[0].id == "acct-0000000"
    with pytest.raises(InvalidInputError):
        make_book(-1, seed=1)


def test_accounts_with_no_rows_are_scored() -> None:
    lone = account(commitments=[], outcomes=[])
    scored = score_book(Book.from_accounts([lone]), as_of=EXAMPLE_DAY)
    assert scored["reliability"][0] == 5.5
    assert scored["proof"][0] == 0.0
    _ = commitment, outcome, timedelta


days = st.just(EXAMPLE_DAY) | cst.dates()


@rule("book.never-shrinks")
@given(cst.books(max_accounts=8), days)
def test_scoring_keeps_every_account_in_order_and_changes_nothing(book: Book, as_of: date) -> None:
    """Issue 5: one row per account, in input order, nothing dropped; the book is not
    modified by scoring."""
    before = book.to_accounts()
    tables = book.to_frames()
    scored = score_book(book, as_of=as_of)
    assert len(scored) == len(book)
    assert list(scored["account_id"]) == [a.id for a in before]
    assert book.to_accounts() == before
    for name, table in book.to_frames().items():
        assert table.equals(tables[name]), name


@pytest.mark.polars
@rule("book.bad-rows")
@settings(max_examples=50)
@given(cst.books(min_accounts=1, max_accounts=6), st.data())
def test_every_bad_row_is_listed_and_marked_rows_are_kept(book: Book, data: st.DataObject) -> None:
    """Issue 5: a loader raises one error listing every bad row (account id, field,
    value), not only the first; with errors="mark" every row is kept, the bad ones
    marked with the reason, and score_book(errors="mark") scores the rest."""
    import polars as pl

    n = len(book)
    bad = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1)))
    frames = book.to_frames("polars")
    arr = frames["accounts"]["arr"].to_numpy().copy()
    arr[bad] = -1.0
    accounts = frames.pop("accounts").with_columns(pl.Series("arr", arr))
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(accounts, **frames)
    ids = [str(book.accounts.id[k]) for k in bad]  # a generated book holds objects
    assert [(p.account_id, p.field, p.value) for p in info.value.problems] == [
        (i, "arr", -1.0) for i in ids
    ]
    marked = Book.from_frames(accounts, **frames, errors="mark")
    scored = score_book(marked, as_of=EXAMPLE_DAY, errors="mark")
    assert len(scored) == n
    assert [k for k in range(n) if scored["error"][k] is not None] == bad


# --------------------------------------------------------------------------------------
# Exact cases: score_book(), its summary and the scoring core, pinned exactly (rules: trust, proof,
# sequencing, stages, health, segments).
#
# A small hand-built book whose every number can be checked by hand: health is set by an
# overall override (30 is RED, 50 YELLOW, 80 GREEN), segments follow the default ARR tiers
# (Digital < $10K <= Scaled < $100K <= High touch), and the phase follows from the trust
# components and one achieved, acknowledged outcome.
# --------------------------------------------------------------------------------------

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
Ready to grow: 6 accounts in GROW and not Red, top 5 by ARR:
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
    assert str(frame["escalation_due"].dtype) == "datetime64[us, UTC]"
    assert frame["escalation_due"].iloc[0] == DUE


def test_code_columns_are_int8(scored: Any) -> None:
    """Enum columns hold int8 codes and escalation_due is datetime64[us] (UTC instants)."""
    for name in ("health_band", "phase", "stage", "coverage_model", "first_action"):
        assert scored[name].dtype == np.int8, name
    assert scored["escalation_due"].dtype == np.dtype("datetime64[us]")


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
        row["error"] == "credibility=6.0 (account 'bad'): must be a finite number in [1, 5] "
        "(the policy's trust scale)"
    )
    good = score_book(Book.from_accounts([red("r1", 5_000.0)]), as_of=AS_OF, policy=policy)
    assert {n: v.dtype for n, v in marked.columns.items()} == {
        n: v.dtype for n, v in good.columns.items()
    }
    # the good rows around it are scored as usual
    assert marked["escalation_due"][0] == np.datetime64("2026-07-02T00:00:00", "us")
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
    assert whole.health.scored_at == MIDNIGHT  # a field every chunk shares survives the join
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
    scale = "must be a finite number in [2, 9] (the policy's trust scale)"
    assert got == [  # in account order
        (0, Problem(field="credibility", value=1.0, account_id="a0", reason=scale)),
        (
            1,
            Problem(
                field="overrides['nps'].component",
                value="nps",
                account_id="a1",
                reason="is not a component of the scorecard "
                "(trust, proof, adoption, engagement, support, sentiment)",
            ),
        ),
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
        "1 bad rows in the book:\n  overrides['nps'].component='nps' (account 'a1'): "
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


def test_a_cell_holding_a_list_marks_its_own_row_only() -> None:
    """Text columns are judged row by row when a cell cannot be hashed: the good rows
    around it stay good."""
    accounts = pd.DataFrame(
        {"account_id": ["a", "b", "c"], "name": ["Acme", ["Beta"], "Gamma"], "arr": [1.0] * 3}
    )
    book = Book.from_frames(accounts, errors="mark")
    assert [k for k, _ in book.marks or ()] == [1]
    errors = score_book(book, as_of=SYNTHETIC_DAY, errors="mark")["error"].tolist()
    assert errors == [None, "name=['Beta'] (account 'b', row 1): must be a non-empty string", None]
