"""Fuzzing the JSON edge: valid documents of every public class, mutated, must come back
as an object or a CSFrameworkError - never another exception."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Adoption,
    Assessment,
    Book,
    BookSummary,
    Commitment,
    CSFrameworkError,
    HealthScore,
    Outcome,
    Override,
    Policy,
    RateRow,
    Renewal,
    Scorecard,
    ScoredBook,
    Segment,
    TrustScore,
    WeightFit,
    assess,
    from_json,
    score_book,
    to_json,
)
from cs_framework import strategies as cst
from cs_framework.examples import EXAMPLE_DAY

from ._budget import fuzz
from ._words import assert_plain, refused_in_words

#: Each public class with a strategy for valid objects of it.
VALID: dict[type[Any], st.SearchStrategy[Any]] = {
    Account: cst.accounts(),
    Adoption: cst.adoptions(),
    Commitment: cst.commitments(),
    Outcome: cst.outcomes(),
    Override: cst.overrides(),
    Policy: cst.policies(),
    Scorecard: cst.scorecards(),
    Segment: cst.segments().map(lambda tiers: tiers[0]),
    HealthScore: cst.health_scores(),
    TrustScore: cst.trust_scores(),
    Assessment: cst.accounts().map(lambda a: assess(a, as_of=EXAMPLE_DAY)),
    Renewal: st.builds(
        Renewal,
        account_id=st.sampled_from(["acme", "globex"]),
        decided_on=st.dates(),
        renewed=st.just(True),
        arr_before=st.none() | st.floats(min_value=0, max_value=1e9),
        arr_after=st.none() | st.floats(min_value=1, max_value=1e9),
    ),
    BookSummary: cst.books(max_accounts=4).map(
        lambda b: score_book(b, as_of=EXAMPLE_DAY, errors="mark").summary()
    ),
    RateRow: st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)).map(
        lambda kn: RateRow(
            group="RED",
            accounts=max(kn),
            churned=min(kn),
            rate=min(kn) / max(kn) if max(kn) else float("nan"),
            ci_low=0.0 if max(kn) else float("nan"),
            ci_high=1.0 if max(kn) else float("nan"),
        )
    ),
    WeightFit: st.builds(
        WeightFit,
        scorecard=cst.scorecards(),
        policy=cst.policies(),
        auc_current=st.floats(0, 1),
        auc_fitted=st.floats(0, 1),
        n=st.integers(0, 10**6),
        churned=st.integers(0, 10**6),
        compared=st.integers(0, 10**6),
        known_current=st.integers(0, 10**6),
        known_fitted=st.integers(0, 10**6),
        folds=st.integers(2, 20),
    ),
}

#: Values a hand-edited or hostile document may hold anywhere.
JUNK: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", " ", "inf", "nan", "-inf", "2026-02-30", "RED", "x" * 300])
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (the root included)."""
    out = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*at, key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            out += _paths(value, (*at, k))
    return out


def _replaced(node: Any, at: tuple[Any, ...], new: Any, *, delete: bool) -> Any:
    if not at:
        return new
    head, rest = at[0], at[1:]
    if isinstance(node, dict):
        copy = dict(node)
        if delete and not rest:
            copy.pop(head, None)
        else:
            copy[head] = _replaced(node[head], rest, new, delete=delete)
        return copy
    copy_list = list(node)
    copy_list[head] = _replaced(node[head], rest, new, delete=delete)
    return copy_list


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
@fuzz
@given(data=st.data())
def test_a_mutated_document_is_an_object_or_a_csframework_error(
    cls: type[Any], data: st.DataObject
) -> None:
    valid = data.draw(VALID[cls], label="valid")
    document = json.loads(to_json(valid))
    assert to_json(from_json(json.dumps(document), cls)) == to_json(valid)  # round trip first
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        place = data.draw(st.sampled_from(_paths(document)), label="place")
        delete = bool(place) and data.draw(st.booleans(), label="delete")
        document = _replaced(document, place, data.draw(JUNK, label="junk"), delete=delete)
    text = json.dumps(document)
    with refused_in_words():  # anything else fails the test
        from_json(text, cls)


@fuzz
@given(text=st.text(max_size=60) | st.binary(max_size=60).map(lambda b: b))
def test_any_text_is_json_of_a_class_or_a_csframework_error(text: Any) -> None:
    for cls in VALID:
        with refused_in_words():  # anything else fails the test
            from_json(text, cls)


@fuzz
@given(data=st.data())
def test_a_mutated_book_document_is_a_book_of_every_row_or_a_csframework_error(
    data: st.DataObject,
) -> None:
    book = data.draw(cst.books(max_accounts=3), label="book")
    document = json.loads(to_json(book))
    if data.draw(st.booleans(), label="kept times"):  # their types travel under "types"
        when = data.draw(st.datetimes(timezones=st.just(UTC)), label="when")
        document = _with_kept_times(document, when)
        book = from_json(json.dumps(document), Book)
        assert json.loads(to_json(book)) == document
    assert from_json(json.dumps(document), Book).to_accounts() == book.to_accounts()
    if data.draw(st.booleans(), label="mark"):
        document["errors"] = "mark"
    scored = score_book(book, as_of=EXAMPLE_DAY)
    scored_document = json.loads(to_json(scored))
    again = from_json(json.dumps(scored_document), ScoredBook)
    assert _comparable(again) == _comparable(scored)
    for doc, cls in ((document, Book), (scored_document, ScoredBook)):
        for _ in range(data.draw(st.integers(1, 3), label="mutations")):
            place = data.draw(st.sampled_from(_paths(doc)), label="place")
            delete = bool(place) and data.draw(st.booleans(), label="delete")
            doc = _replaced(doc, place, data.draw(JUNK, label="junk"), delete=delete)
        try:
            read = from_json(json.dumps(doc), cls)
        except CSFrameworkError as error:
            assert_plain(error)
            continue
        if cls is Book:
            assert len(read) == len(doc["accounts"]["account_id"])  # never shrinks
            with refused_in_words():  # anything else fails the test
                assert len(score_book(read, as_of=EXAMPLE_DAY, errors="mark")) == len(read)
        else:
            assert len(list(read.rows())) == len(read)


def _with_kept_times(document: dict[str, Any], when: datetime) -> dict[str, Any]:
    n = len(document["accounts"]["account_id"])
    times = {"signed_on": when.date().isoformat(), "signed_at": when.isoformat()}
    return {
        **document,
        "accounts": {**document["accounts"], **{k: [v] * n for k, v in times.items()}},
        "keep": [*document["keep"], *times],
        "types": {"signed_on": "date32[day]", "signed_at": "timestamp[us, tz=UTC]"},
    }


def _comparable(scored: ScoredBook) -> list[dict[str, Any]]:
    """The rows, NaN written so that it equals itself."""
    return [
        {k: "NaN" if isinstance(v, float) and v != v else v for k, v in row.items()}
        for row in scored.rows()
    ]
