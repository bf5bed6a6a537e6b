"""Data never given is not evidence of failure (rules: books, the Trust -> Prove -> Grow
framework and the CS program guide: fixed)."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings

from cs_framework import (
    Action,
    Book,
    GapKind,
    InvalidInputError,
    Policy,
    Scorecard,
    Stage,
    assess,
    score_book,
)
from cs_framework import strategies as cst
from cs_framework._book.schema import ACCOUNT_COLUMNS
from cs_framework._book.tables import LIFECYCLE_COLUMNS, ROLE_COLUMNS
from cs_framework.examples import EXAMPLE_DAY, example_accounts

rule = pytest.mark.rule


def frames() -> dict[str, pa.Table]:
    return Book.from_accounts(example_accounts()).to_frames()


def without(table: pa.Table, names: tuple[str, ...]) -> pa.Table:
    return table.drop_columns([n for n in names if n in table.column_names])


@rule("book.never-given")
@settings(max_examples=40)
@given(cst.books(min_accounts=1, max_accounts=8))
def test_a_book_loaded_without_outcomes_has_unknown_proof_not_zero(book: Book) -> None:
    """No outcomes table: proof is unknown for every account (health re-weights it away,
    no NO_SUCCESS_CRITERIA); what does not depend on proof scores as before."""
    tables = book.to_frames()
    full = score_book(Book.from_frames(**tables), as_of=EXAMPLE_DAY, errors="mark")
    del tables["outcomes"]
    loaded = Book.from_frames(**tables)
    assert "outcomes" in loaded.not_given
    blind = score_book(loaded, as_of=EXAMPLE_DAY, errors="mark")
    good = [k for k, e in enumerate(blind["error"]) if e is None]
    assert all(math.isnan(p) for p in blind["proof"][good])
    assert Action.DEFINE_SUCCESS_CRITERIA not in blind["first_action"][good].tolist()
    for column in ("trust_index", "reliability", "segment", "coverage_model"):
        assert np.array_equal(blind[column][good], full[column][good], equal_nan=True)


@rule("book.never-given")
def test_proof_left_out_of_health_rather_than_scored_zero() -> None:
    """Health without the outcomes table is health as if proof were not on the scorecard."""
    tables = frames()
    weights = dict(Policy().scorecard.weights)
    del weights["proof"]
    no_proof = Policy(scorecard=Scorecard(weights=weights))
    expected = score_book(Book.from_frames(**tables), as_of=EXAMPLE_DAY, policy=no_proof)
    del tables["outcomes"]
    blind = score_book(Book.from_frames(**tables), as_of=EXAMPLE_DAY)
    assert np.isnan(blind["proof"]).all()
    assert not np.isnan(blind["health"]).any()
    assert blind["health"] == pytest.approx(expected["health"], abs=1e-9)


@rule("book.never-given")
def test_an_account_without_outcomes_in_a_book_that_has_them_still_proves_nothing() -> None:
    tables = frames()
    tables["outcomes"] = tables["outcomes"].filter(
        pa.compute.not_equal(tables["outcomes"]["account_id"], "northwind")
    )
    loaded = Book.from_frames(**tables)
    assert loaded.not_given == frozenset()
    scored = score_book(loaded, as_of=EXAMPLE_DAY)
    row = next(k for k, r in enumerate(scored.rows()) if r["account_id"] == "northwind")
    assert scored["proof"][row] == 0.0
    northwind = assess(loaded.to_accounts()[row], as_of=EXAMPLE_DAY)
    assert GapKind.NO_SUCCESS_CRITERIA in {g.kind for g in northwind.gaps}


@rule("book.never-given")
def test_no_owner_columns_no_unclear_ownership_no_lifecycle_columns_no_stage() -> None:
    tables = frames()
    tables["accounts"] = without(tables["accounts"], ROLE_COLUMNS + LIFECYCLE_COLUMNS)
    tables["commitments"] = without(tables["commitments"], ("owner",))
    loaded = Book.from_frames(**tables)
    assert loaded.not_given == {*ROLE_COLUMNS, "commitment_owners", "lifecycle"}
    scored = score_book(loaded, as_of=EXAMPLE_DAY)
    assert Action.CLARIFY_OWNERSHIP not in scored["first_action"].tolist()
    assert scored["stage"].tolist() == [-1, -1, -1]
    assert [row["stage"] for row in scored.rows()] == [None, None, None]
    assert scored.to_arrow()["stage"].null_count == 3
    assert loaded.take([2, 0]).not_given == loaded.not_given
    assert Book.from_frames(**loaded.to_frames()).not_given == loaded.not_given
    assert all(part.not_given == loaded.not_given for part in loaded.chunks(2))


def test_the_columns_named_are_account_columns() -> None:
    assert set(ROLE_COLUMNS + LIFECYCLE_COLUMNS) <= set(ACCOUNT_COLUMNS)


def test_a_book_of_accounts_has_everything_given() -> None:
    book = Book.from_accounts(example_accounts())
    assert book.not_given == frozenset()
    assert set(score_book(book, as_of=EXAMPLE_DAY)["stage"].tolist()) <= {int(s) for s in Stage}


@rule("book.never-given")
def test_what_was_never_given_stays_unknown_through_the_frames_and_take() -> None:
    """to_frames leaves out again what was never given, so the book reads back the same."""
    tables = frames()
    del tables["outcomes"]
    tables["accounts"] = without(tables["accounts"], ("decision_maker", "last_executive_touch"))
    tables["commitments"] = without(tables["commitments"], ("owner",))
    loaded = Book.from_frames(**tables)
    assert loaded.not_given == {
        "outcomes",
        "decision_maker",
        "last_executive_touch",
        "commitment_owners",
    }
    again = Book.from_frames(**loaded.to_frames())
    assert again.not_given == loaded.not_given
    first = score_book(loaded, as_of=EXAMPLE_DAY)
    second = score_book(again, as_of=EXAMPLE_DAY)
    for column in ("proof", "health", "phase", "stage", "first_action"):
        assert np.array_equal(first[column], second[column], equal_nan=True), column
    assert Action.REENGAGE_EXECUTIVE not in first["first_action"].tolist()


def test_not_given_names_only_what_a_book_can_lack() -> None:
    book = Book.from_accounts(example_accounts())
    for bad, value in (("outcomes", "outcomes"), ({"outcome"}, "outcome"), (3, 3)):
        with pytest.raises(InvalidInputError) as info:
            attrs.evolve(book, not_given=bad)
        assert (info.value.field, info.value.value) == ("not_given", value)
