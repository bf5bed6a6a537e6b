"""Book.take and Book.chunks: each account keeps its own rows and its record of bad rows.

Scoring ``book.take(p)`` equals rows ``p`` of the scored book, for any order of the
positions and any subset; a repeated position is refused (a book holds each account
once); an unchecked book stays unchecked, a checked one carries its marks along.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import Book, InvalidInputError, score_book
from cs_framework import strategies as cst
from cs_framework._book.checks import book_problems
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.synthetic import SYNTHETIC_DAY, make_book

rule = pytest.mark.rule


def same_rows(left: Any, right: Any) -> None:
    """Two scored books hold the same rows (NaN equals NaN, NaT equals NaT)."""
    assert len(left) == len(right)
    for name, values in left.columns.items():
        other = right.columns[name]
        if values.dtype.kind == "f":
            np.testing.assert_array_equal(values, other, err_msg=name)
        else:
            assert values.tolist() == other.tolist(), name


@st.composite
def books_and_positions(draw: st.DrawFn) -> tuple[Book, np.ndarray]:
    book = draw(cst.books(max_accounts=8))
    n = len(book)
    chosen = draw(st.lists(st.integers(0, max(n - 1, 0)), unique=True, max_size=n)) if n else []
    order = draw(st.permutations(chosen))
    return book, np.array(order, dtype=np.intp)


@rule("book.take")
@settings(max_examples=80)
@given(books_and_positions())
def test_scoring_take_p_equals_rows_p_of_the_scored_book(
    drawn: tuple[Book, np.ndarray],
) -> None:
    """Any order, any subset: each account keeps its own commitments, outcomes and overrides."""
    book, p = drawn
    whole = score_book(book, as_of=EXAMPLE_DAY)
    part = score_book(book.take(p), as_of=EXAMPLE_DAY)
    expected = {name: values[p] for name, values in whole.columns.items()}
    same_rows(part, attrs.evolve(whole, columns=expected))
    assert book.take(p).to_accounts() == [book.to_accounts()[k] for k in p]


def test_top_ten_by_arr_score_as_they_do_in_the_whole_book() -> None:
    """The reported case: the ten largest accounts, taken in descending ARR, score exactly
    as they do in the book (a take that reordered accounts but not their rows got all ten
    wrong)."""
    book = make_book(5_000, seed=3)
    top = np.argsort(-book.accounts.arr)[:10]
    whole = score_book(book, as_of=SYNTHETIC_DAY)
    part = score_book(book.take(top), as_of=SYNTHETIC_DAY)
    same_rows(part, attrs.evolve(whole, columns={k: v[top] for k, v in whole.columns.items()}))
    taken = book.take(top)
    for new, old in enumerate(top.tolist()):
        mine = taken.commitments.id[taken.commitments.account == new]
        theirs = book.commitments.id[book.commitments.account == old]
        assert mine.tolist() == theirs.tolist()


def test_a_taken_row_keeps_its_rows_in_input_order_even_when_the_book_is_not_grouped() -> None:
    """Rows not grouped by account (a hand-made table) are still each account's own."""
    book = Book.from_accounts(example_accounts())
    c = book.commitments
    shuffled = np.array([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])  # accounts interleaved
    scrambled = attrs.evolve(
        book,
        commitments=type(c)(
            **{f.name: getattr(c, f.name)[shuffled] for f in attrs.fields(type(c))}
        ),
    )
    assert scrambled.take([2, 0]).to_accounts() == [example_accounts()[2], example_accounts()[0]]


@pytest.mark.parametrize(
    ("positions", "reason"),
    [
        pytest.param([1, 1], "repeat: a book holds each account once", id="repeated"),
        pytest.param([0, 3], "1 positions are outside the book's [0, 3)", id="past-the-end"),
        pytest.param([-1], "1 positions are outside the book's [0, 3)", id="negative"),
        pytest.param([0.0, 1.0], "whole-number account positions", id="floats"),
        pytest.param([[0, 1]], "one-dimensional", id="two-dimensional"),
        pytest.param([True, False, True], "whole-number account positions", id="mask"),
    ],
)
def test_bad_positions_are_refused_by_name(positions: Any, reason: str) -> None:
    book = Book.from_accounts(example_accounts())
    with pytest.raises(InvalidInputError, match=re.escape(reason)) as info:
        book.take(positions)
    assert info.value.field == "positions"


def test_no_positions_give_an_empty_book() -> None:
    empty = Book.from_accounts(example_accounts()).take([])
    assert (len(empty), len(empty.commitments), len(empty.outcomes)) == (0, 0, 0)
    assert len(score_book(empty, as_of=EXAMPLE_DAY)) == 0


def _with_a_nan_arr() -> Book:
    """The example book, its middle account's ARR NaN, unchecked (built from raw tables)."""
    book = Book.from_accounts(example_accounts())
    arr = book.accounts.arr.copy()
    arr[1] = math.nan
    return attrs.evolve(book, accounts=attrs.evolve(book.accounts, arr=arr), marks=None)


def test_an_unchecked_book_stays_unchecked_through_take_and_chunks() -> None:
    """A NaN ARR in an unchecked book is still found after take or chunks."""
    unchecked = _with_a_nan_arr()
    assert unchecked.take([1, 0]).marks is None
    assert all(part.marks is None for part in unchecked.chunks(2))
    with pytest.raises(InvalidInputError, match="arr=None"):
        score_book(unchecked.take([1, 0]), as_of=EXAMPLE_DAY)


def test_marks_are_renumbered_by_take_and_shifted_by_chunks() -> None:
    """A checked book's bad rows follow their accounts; rows not taken leave theirs behind."""
    unchecked = _with_a_nan_arr()
    checked = attrs.evolve(unchecked, marks=tuple(book_problems(unchecked)))
    assert [k for k, _ in checked.marks or ()] == [1]
    assert [k for k, _ in checked.take([1, 0]).marks or ()] == [0]
    assert [k for k, _ in checked.take([2, 1]).marks or ()] == [1]
    assert checked.take([0, 2]).marks == ()
    parts = checked.chunks(3)
    assert [[k for k, _ in part.marks or ()] for part in parts] == [[], [0], []]
    taken = score_book(checked.take([2, 1]), as_of=EXAMPLE_DAY, errors="mark")
    assert taken["error"].tolist()[0] is None
    assert "arr=None" in taken["error"][1]


@given(cst.books(max_accounts=6), st.integers(1, 4))
def test_chunks_score_as_the_whole_book(book: Book, n_chunks: int) -> None:
    """Chunks are contiguous views; scored one by one they give the whole book's rows."""
    whole = score_book(book, as_of=date(2026, 6, 30))
    parts = [score_book(part, as_of=date(2026, 6, 30)) for part in book.chunks(n_chunks)]
    joined = {
        name: np.concatenate([p.columns[name] for p in parts]) if parts else values[:0]
        for name, values in whole.columns.items()
    }
    same_rows(attrs.evolve(whole, columns=joined), whole)
