"""score_book(..., explain=True): each account's health points, points lost and missing
components, for the whole book, equal what assess says of the account."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings

from cs_framework import Book, InvalidInputError, Policy, assess, score_book
from cs_framework import strategies as cst
from cs_framework._defaults import OVERRIDE_KEY
from cs_framework.examples import EXAMPLE_DAY


@settings(max_examples=60, deadline=None)
@given(book=cst.books(max_accounts=8), policy=cst.policies())
def test_the_explanation_of_each_row_is_what_assess_says(book: Book, policy: Policy) -> None:
    try:
        scored = score_book(book, as_of=EXAMPLE_DAY, policy=policy, explain=True)
    except InvalidInputError:  # an account the drawn policy refuses: not this test's
        return
    names, table = policy.weight_table
    for k, account in enumerate(book.to_accounts()):
        result = assess(account, as_of=EXAMPLE_DAY, policy=policy)
        health = result.health
        assert scored["missing"][k] == ", ".join(health.missing)
        assert scored["gaps"][k] == ", ".join(g.kind.name for g in result.gaps)
        cited = [g.commitment_id for g in result.gaps if g.commitment_id is not None]
        assert scored["evidence"][k] == ", ".join(cited)
        assert scored["first_reason"][k] == result.next_action.reason
        assert scored.to_arrow().column("name")[k].as_py() == account.name
        present = [n for n in names if n not in health.missing]
        model = int(scored["coverage_model"][k])
        total = sum(table[model, names.index(n)] for n in present)
        for name in names:
            points, lost = scored[f"points_{name}"][k], scored[f"lost_{name}"][k]
            if name in health.missing:
                assert math.isnan(lost)
                assert points == 0 or math.isnan(points)
            elif name in health.contributions:
                assert points == pytest.approx(health.contributions[name], abs=1e-9)
                share = table[model, names.index(name)] / total
                assert lost == pytest.approx(share * 100 - points, abs=1e-9)
            else:  # the computed score is unknown (an override may still stand in)
                assert math.isnan(points)
                assert math.isnan(lost)
        moved = scored["override_points"][k]
        if OVERRIDE_KEY in health.contributions:
            assert moved == pytest.approx(health.contributions[OVERRIDE_KEY], abs=1e-9)
        else:
            assert math.isnan(moved)
        known = {n: p for n, p in health.contributions.items() if n != OVERRIDE_KEY}
        assert set(known) <= set(present)


def test_marked_rows_have_no_explanation_and_the_book_keeps_its_length() -> None:
    accounts = pa.table(
        {"account_id": ["a", "b"], "arr": [1.0, -1.0], "health_adoption": [60.0, 70.0]}
    )
    book = Book.from_frames(accounts, errors="mark")
    scored = score_book(book, as_of=EXAMPLE_DAY, errors="mark", explain=True)
    assert len(scored) == 2
    assert scored["missing"][1] is None
    assert np.isnan(scored["points_adoption"][1])
    assert scored["missing"][0] == "trust, proof, engagement, support, sentiment"
    assert scored.to_arrow().column("missing").to_pylist()[1] is None


def test_explain_must_be_true_or_false() -> None:
    with pytest.raises(InvalidInputError, match="explain='yes'"):
        score_book(Book.from_accounts([]), as_of=EXAMPLE_DAY, explain="yes")  # type: ignore[arg-type]


def test_a_scored_table_with_bad_explanation_columns_is_refused() -> None:
    from cs_framework import ScoredBook
    from cs_framework.examples import example_accounts

    table = score_book(
        Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY, explain=True
    ).to_arrow()
    for name, cells, reason in (
        ("points_adoption", pa.array(["x", "y", "z"]), "must hold numbers"),
        ("missing", pa.array([1, 2, 3]), "must hold text"),
    ):
        bad = table.set_column(table.schema.get_field_index(name), name, cells)
        with pytest.raises(InvalidInputError) as info:
            ScoredBook.from_arrow(bad)
        assert info.value.problems[0].reason.startswith(reason)


def test_an_explained_book_round_trips_through_json_and_parquet() -> None:
    import io

    import pyarrow.parquet as pq

    from cs_framework import ScoredBook, from_json, to_json
    from cs_framework.synthetic import SYNTHETIC_DAY, make_book

    scored = score_book(make_book(300, seed=5), as_of=SYNTHETIC_DAY, explain=True)
    sink = io.BytesIO()
    pq.write_table(scored.to_arrow(), sink)
    for again in (
        ScoredBook.from_arrow(pq.read_table(sink)),
        from_json(to_json(scored), ScoredBook),
    ):
        assert again.names == scored.names
        assert list(again["missing"]) == list(scored["missing"])
        assert np.array_equal(again["lost_adoption"], scored["lost_adoption"], equal_nan=True)


def test_with_no_outcomes_table_proof_is_unknown_in_the_explanation_too() -> None:
    accounts = pa.table(
        {"account_id": ["a"], "arr": [1.0], "credibility": [9.0], "intimacy": [9.0],
         "self_orientation": [1.0], "health_adoption": [80.0], "health_engagement": [80.0],
         "health_support": [80.0]}
    )  # fmt: skip
    scored = score_book(Book.from_frames(accounts), as_of=EXAMPLE_DAY, explain=True)
    assert "NO_SUCCESS_CRITERIA" not in scored["gaps"][0]
    assert "nan" not in scored["first_reason"][0]
    assert "proof unknown" in scored["first_reason"][0]
