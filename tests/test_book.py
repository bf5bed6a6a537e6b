"""Books: row k of score_book equals assess(account_k); loaders; bad rows (issue 5)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Book,
    CoverageModel,
    Flag,
    InvalidInputError,
    Override,
    Phase,
    Policy,
    assess,
    score_book,
)
from cs_framework import strategies as cst
from cs_framework._frames import book_columns, book_from_frames
from cs_framework._score import ScoredColumns, score_columns
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


@rule("book.one-answer")
@settings(max_examples=60)
@given(account_lists(), cst.dates(), st.booleans())
def test_row_k_equals_assess_of_account_k(
    accounts: list[Account], as_of: date, default_policy: bool
) -> None:
    policy = (
        Policy()
        if default_policy
        else Policy(
            segment_weights={CoverageModel.DIGITAL: {"adoption": 3.0}},
            half_life_days=30,
            stale_after_days=20,
        )
    )
    scored = score_book(Book.from_accounts(accounts), as_of=as_of, policy=policy, scored_at=AT)
    assert len(scored) == len(accounts)
    for k, acc in enumerate(accounts):
        one = assess(acc, as_of=as_of, policy=policy, scored_at=AT)
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
        due = row["escalation_due"][k]
        expected = one.escalation_due
        assert (np.isnat(due) and expected is None) or (
            expected is not None and due == np.datetime64(expected.replace(tzinfo=None), "s")
        )
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

    from cs_framework._book import _map

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

    cols = book_columns(Book.from_accounts(example_accounts()))
    accounts = pd.DataFrame(cols["accounts"])
    accounts.loc[0, "arr"] = -5.0
    accounts.loc[2, "credibility"] = 11.0
    commitments = pd.DataFrame(cols["commitments"])
    commitments.loc[1, "due"] = pd.Timestamp("2020-01-01")
    return {
        "accounts": accounts,
        "commitments": commitments,
        "outcomes": pd.DataFrame(cols["outcomes"]),
    }


@rule("book.bad-rows")
def test_loaders_list_every_bad_row() -> None:
    with pytest.raises(InvalidInputError) as info:
        book_from_frames(**bad_frames())
    fields = [(p.account_id, p.field) for p in info.value.problems]
    assert fields == [
        ("northwind", "arr"),
        ("northwind", "commitments['nw-2'].due"),
        ("copperleaf", "credibility"),
    ]
    assert "3 bad values" in str(info.value)


@rule("book.bad-rows")
def test_marked_rows_are_kept_with_their_reason() -> None:
    book = book_from_frames(**bad_frames(), errors="mark")
    with pytest.raises(InvalidInputError) as info:
        score_book(book, as_of=EXAMPLE_DAY)
    assert len(info.value.problems) == 3
    scored = score_book(book, as_of=EXAMPLE_DAY, errors="mark")
    assert len(scored) == 3
    assert scored["error"][0].startswith("arr=-5.0 (account 'northwind')")
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


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_frames_round_trip(library: str) -> None:
    make = {
        "pandas": lambda d: __import__("pandas").DataFrame(d),
        "polars": lambda d: __import__("polars").DataFrame(d),
        "pyarrow": lambda d: __import__("pyarrow").table(d),
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
    cols = book_columns(Book.from_accounts(accounts))
    book = book_from_frames(
        *(make(cols[t]) for t in ("accounts", "commitments", "outcomes", "overrides"))
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
    from cs_framework._check_book import book_problems

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
    arrays = {name: column.copy() for name, column in book_columns(book)["accounts"].items()}
    scored = score_book(book, as_of=as_of)
    assert len(scored) == len(book)
    assert list(scored["account_id"]) == [a.id for a in before]
    assert book.to_accounts() == before
    for name, column in book_columns(book)["accounts"].items():
        np.testing.assert_array_equal(column, arrays[name], err_msg=name)


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
    cols = book_columns(book)
    arr = cols["accounts"]["arr"].copy()
    arr[bad] = -1.0
    frames = {t: pl.DataFrame(cols[t]) for t in ("commitments", "outcomes", "overrides")}
    accounts = pl.DataFrame({**cols["accounts"], "arr": arr})
    with pytest.raises(InvalidInputError) as info:
        book_from_frames(accounts, **frames)
    ids = [str(book.accounts.id[k]) for k in bad]
    assert [(p.account_id, p.field, p.value) for p in info.value.problems] == [
        (i, "arr", -1.0) for i in ids
    ]
    marked = book_from_frames(accounts, **frames, errors="mark")
    scored = score_book(marked, as_of=EXAMPLE_DAY, errors="mark")
    assert len(scored) == n
    assert [k for k in range(n) if scored["error"][k] is not None] == bad
