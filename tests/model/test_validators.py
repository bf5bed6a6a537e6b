"""The one set of validators: a rule checked on one value and on a column agrees.

Objects check one value (``check``, or attrs calling the validator); a book checks a
whole column (``off``). Both forms are the same rule: for any values, the column check
marks exactly the values the one-value check refuses.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import Account, Commitment, InvalidInputError, Phase
from cs_framework._model.account import ARR, ASSESSMENT
from cs_framework._model.records import SCORE
from cs_framework._model.validators import (
    DAY,
    FLAG,
    MOMENT,
    TEXT,
    InstanceOf,
    Number,
    Optional,
    OwnRecords,
    TupleOf,
    Whole,
)

NUMBERS = [
    Number(),
    Number(lo=0),
    Number(lo=0, lo_open=True),
    Number(lo=0, hi=100),
    Number(lo=0, hi=100, nan_ok=True),
    ARR,
    ASSESSMENT,
    SCORE,
]
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)


@pytest.mark.parametrize("spec", NUMBERS, ids=repr)
@given(values=st.lists(ANY_FLOAT, max_size=20))
def test_a_number_column_is_refused_where_each_value_is(spec: Number, values: list[float]) -> None:
    column = np.array(values, dtype=np.float64)
    assert spec.off(column).tolist() == [not spec.accepts(v) for v in values]
    optional = Optional(spec).off(column).tolist()
    assert optional == [not (math.isnan(v) or spec.accepts(v)) for v in values]


@given(values=st.lists(st.one_of(st.none(), st.text(max_size=3), st.integers()), max_size=20))
def test_a_text_column_is_refused_where_each_value_is(values: list[Any]) -> None:
    column = np.empty(len(values), dtype=object)
    column[:] = values

    def refused(value: Any) -> bool:
        try:
            TEXT.check(value, field="f")
        except InvalidInputError:
            return True
        return False

    assert TEXT.off(column).tolist() == [refused(v) for v in values]
    assert Optional(TEXT).off(column).tolist() == [v is not None and refused(v) for v in values]


@given(values=st.lists(st.integers(-5, 5), max_size=20))
def test_a_count_column_is_refused_where_each_value_is(values: list[int]) -> None:
    counts = Whole()

    def refused(value: int) -> bool:
        try:
            counts.check(value, field="f")
        except InvalidInputError:
            return True
        return False

    assert counts.off(np.array(values, dtype=np.int64)).tolist() == [refused(v) for v in values]


def test_an_int_too_large_for_a_float_is_off_every_scale() -> None:
    """Not an OverflowError from float(): a refusal by name."""
    assert not Number().accepts(10**400)
    with pytest.raises(InvalidInputError) as info:
        Number(lo=0).check(10**400, field="arr", account_id="a")
    assert info.value.field == "arr"


def test_a_required_date_column_is_refused_where_a_date_is_missing() -> None:
    assert DAY.off(np.array([1.0, np.nan])).tolist() == [False, True]
    assert DAY.accepts(date(2026, 1, 1))
    assert not DAY.accepts(datetime(2026, 1, 1))


def test_every_validator_says_what_it_wants() -> None:
    """Validators are small classes with a repr, as attrs' own are."""
    assert [
        repr(v)
        for v in (
            Number(lo=0, hi=100),
            Whole(),
            TEXT,
            DAY,
            MOMENT,
            FLAG,
            InstanceOf(Phase),
            TupleOf(str),
            Optional(TEXT),
            OwnRecords(Commitment),
        )
    ] == [
        "<number: a finite number in [0, 100]>",
        "<whole number >= 0>",
        "<non-empty string>",
        "<datetime.date>",
        "<time-zone-aware datetime>",
        "<True or False>",
        "<instance of Phase>",
        "<tuple of str>",
        "<optional <non-empty string>>",
        "<the account's own Commitment records>",
    ]


def test_a_time_must_name_an_instant() -> None:
    MOMENT.check(datetime(2026, 1, 1, tzinfo=UTC), field="scored_at")
    with pytest.raises(InvalidInputError, match="time-zone-aware"):
        MOMENT.check(datetime(2026, 1, 1), field="scored_at")


def test_an_account_uses_the_shared_validators() -> None:
    """The fields of an Account are checked by the one set (no local twin)."""
    import attrs

    fields = attrs.fields_dict(Account)
    assert fields["arr"].validator is ARR
    assert fields["id"].validator is TEXT
    assert isinstance(fields["commitments"].validator, OwnRecords)


def test_a_function_argument_may_be_a_0d_array_an_object_field_may_not() -> None:
    """``check`` (function arguments) reads a 0-d numeric array as its number; an object
    keeps what it is given, so there a 0-d array is refused."""
    assert Number(lo=0, hi=100).check(np.array(70), field="trust_bar") == 70.0
    with pytest.raises(InvalidInputError, match="must be a finite number >= 0"):
        Account(id="a", name="A", arr=np.array(5.0))  # type: ignore[arg-type]


def test_each_check_names_the_field_the_value_and_the_account() -> None:
    from cs_framework._model.validators import FLAG, MOMENT, TEXT, Number, Whole

    cases = [
        (
            lambda: TEXT.check(" ", field="owner", account_id="acme"),
            "owner",
            " ",
            "must be a non-empty string",
        ),
        (
            lambda: FLAG.check(1, field="documented", account_id="acme"),
            "documented",
            1,
            "must be True or False",
        ),
        (lambda: Whole().check(-1, field="teams", account_id="acme"), "teams", -1, Whole().reason),
        (
            lambda: MOMENT.check(datetime(2026, 1, 1), field="scored_at", account_id="acme"),
            "scored_at",
            datetime(2026, 1, 1),
            MOMENT.reason,
        ),
    ]
    for call, field, value, reason in cases:
        with pytest.raises(InvalidInputError) as info:
            call()
        (problem,) = info.value.problems
        assert (problem.field, problem.value, problem.account_id, problem.reason) == (
            field,
            value,
            "acme",
            reason,
        )
    assert TEXT.check("acme", field="id") == "acme"
    assert FLAG.check(False, field="documented") is False
    assert Number().reason == "must be a finite number"


def test_text_off_judges_unhashable_cells_one_by_one() -> None:
    from cs_framework._model.validators import TEXT

    cells = np.empty(4, dtype=object)
    cells[:] = ["acme", ["acme"], " ", "globex"]
    off = TEXT.off(cells)
    assert off.dtype == np.bool_
    assert off.tolist() == [False, True, True, False]


def test_a_record_of_another_account_is_refused_with_its_own_account_id() -> None:
    from datetime import date as day

    stray = Commitment(
        id="c1",
        account_id="globex",
        description="Send the guide",
        owner="dana",
        made_on=day(2026, 1, 5),
        due=day(2026, 1, 9),
    )
    with pytest.raises(InvalidInputError) as info:
        Account(id="acme", name="Acme", arr=1.0, commitments=[stray])
    assert (info.value.field, info.value.value, info.value.account_id) == (
        "commitments[0].account_id",
        "globex",
        "acme",
    )
