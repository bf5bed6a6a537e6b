"""Every row check of a book, one field at a time: the field as the objects name it,
the value as given, the account, the row and the reason in the objects' own words.

Each case changes one cell of the example book's frames and loads them: exactly one
problem comes back, and it is this one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from cs_framework import Book, InvalidInputError, Policy
from cs_framework._model.account import ARR, ASSESSMENT
from cs_framework._model.records import SCORE
from cs_framework._model.validators import DAY, TEXT, Number, Whole
from cs_framework.examples import example_accounts

OVERRIDE = pa.table(
    {
        "account_id": ["bluebird"],
        "component": ["support"],
        "value": [55.0],
        "reason": ["P1 outage"],
        "expires_on": pa.array([date(2026, 7, 31)], pa.date32()),
    }
)


def frames() -> dict[str, pa.Table]:
    tables = Book.from_accounts(example_accounts()).to_frames()
    tables["overrides"] = OVERRIDE
    return tables


def changed(
    table: str, column: str, row: int, value: Any, tables: dict[str, pa.Table] | None = None
) -> dict[str, pa.Table]:
    tables = frames() if tables is None else tables
    t = tables[table]
    values = t.column(column).to_pylist()
    values[row] = value
    index = t.schema.get_field_index(column)
    tables[table] = t.set_column(index, column, pa.array(values, t.schema.field(column).type))
    return tables


def the_problem(tables: dict[str, pa.Table]) -> tuple[Any, ...]:
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**tables)
    assert len(info.value.problems) == 1, info.value
    (p,) = info.value.problems
    return (p.field, p.value, p.account_id, p.row, p.reason)


CASES = [
    (
        "accounts",
        "first_value_on",
        1,
        date(2026, 2, 28),
        (
            "first_value_on",
            date(2026, 2, 28),
            "bluebird",
            1,
            "must be on or after started_on=2026-03-01",
        ),
    ),
    ("accounts", "name", 1, " ", ("name", " ", "bluebird", 1, TEXT.reason)),
    ("accounts", "arr", 0, -1.0, ("arr", -1.0, "northwind", 0, ARR.reason)),
    ("accounts", "credibility", 0, 11.0, ("credibility", 11.0, "northwind", 0, ASSESSMENT.reason)),
    ("accounts", "intimacy", 1, 0.5, ("intimacy", 0.5, "bluebird", 1, ASSESSMENT.reason)),
    (
        "accounts",
        "self_orientation",
        2,
        12.0,
        ("self_orientation", 12.0, "copperleaf", 2, ASSESSMENT.reason),
    ),
    (
        "accounts",
        "health_adoption",
        0,
        101.0,
        ("health['adoption']", 101.0, "northwind", 0, SCORE.reason),
    ),
    ("accounts", "decision_maker", 0, " ", ("decision_maker", " ", "northwind", 0, TEXT.reason)),
    ("accounts", "day_to_day_owner", 1, "", ("day_to_day_owner", "", "bluebird", 1, TEXT.reason)),
    (
        "accounts",
        "accountable_owner",
        2,
        "\t",
        ("accountable_owner", "\t", "copperleaf", 2, TEXT.reason),
    ),
    (
        "accounts",
        "weekly_active_users",
        0,
        -1,
        ("weekly_active_users", -1, "northwind", 0, Whole().reason),
    ),
    (
        "accounts",
        "weekly_active_users",
        0,
        401,
        ("weekly_active_users", 401, "northwind", 0, "must not exceed licensed_users=400"),
    ),
    (
        "commitments",
        "commitment_id",
        1,
        None,
        ("commitments[None].id", None, "northwind", 1, "must be a non-empty string"),
    ),
    (
        "commitments",
        "commitment_id",
        1,
        "nw-1",
        (
            "commitments['nw-1'].id",
            "nw-1",
            "northwind",
            1,
            "duplicate id among the account's commitments",
        ),
    ),
    (
        "commitments",
        "description",
        0,
        " ",
        ("commitments['nw-1'].description", " ", "northwind", 0, TEXT.reason),
    ),
    (
        "commitments",
        "owner",
        0,
        " ",
        ("commitments['nw-1'].owner", " ", "northwind", 0, TEXT.reason),
    ),
    (
        "commitments",
        "made_on",
        0,
        None,
        ("commitments['nw-1'].made_on", None, "northwind", 0, DAY.reason),
    ),
    (
        "commitments",
        "due",
        0,
        date(2026, 3, 1),
        (
            "commitments['nw-1'].due",
            date(2026, 3, 1),
            "northwind",
            0,
            "must be on or after made_on=2026-03-02",
        ),
    ),
    (
        "commitments",
        "kept_on",
        0,
        date(2026, 3, 1),
        (
            "commitments['nw-1'].kept_on",
            date(2026, 3, 1),
            "northwind",
            0,
            "must be on or after made_on=2026-03-02",
        ),
    ),
    (
        "outcomes",
        "outcome_id",
        0,
        None,
        ("outcomes[None].id", None, "northwind", 0, "must be a non-empty string"),
    ),
    (
        "outcomes",
        "outcome_id",
        0,
        " ",
        ("outcomes[' '].id", " ", "northwind", 0, "must be a non-empty string"),
    ),
    (
        "outcomes",
        "description",
        0,
        " ",
        ("outcomes['nw-o1'].description", " ", "northwind", 0, TEXT.reason),
    ),
    ("outcomes", "metric", 1, " ", ("outcomes['bb-o1'].metric", " ", "bluebird", 1, TEXT.reason)),
    (
        "outcomes",
        "baseline",
        0,
        float("inf"),
        ("outcomes['nw-o1'].baseline", float("inf"), "northwind", 0, Number().reason),
    ),
    (
        "outcomes",
        "target",
        0,
        45.0,
        (
            "outcomes['nw-o1'].target",
            45.0,
            "northwind",
            0,
            "must differ from baseline=45.0 (no progress is measurable)",
        ),
    ),
    (
        "outcomes",
        "current",
        0,
        float("-inf"),
        ("outcomes['nw-o1'].current", float("-inf"), "northwind", 0, Number().reason),
    ),
    (
        "overrides",
        "component",
        0,
        " ",
        ("overrides[' '].component", " ", "bluebird", 0, TEXT.reason),
    ),
    (
        "overrides",
        "value",
        0,
        101.0,
        ("overrides['support'].value", 101.0, "bluebird", 0, SCORE.reason),
    ),
    (
        "overrides",
        "reason",
        0,
        " ",
        ("overrides['support'].reason", " ", "bluebird", 0, TEXT.reason),
    ),
    (
        "overrides",
        "expires_on",
        0,
        None,
        ("overrides['support'].expires_on", None, "bluebird", 0, DAY.reason),
    ),
]


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "expected"), CASES, ids=lambda v: str(v)[:24]
)
def test_each_row_check_names_field_value_account_row_and_reason(
    table: str, column: str, row: int, value: Any, expected: tuple[Any, ...]
) -> None:
    assert the_problem(changed(table, column, row, value)) == expected


def test_account_ids_blank_or_twice_are_named() -> None:
    """The records of a renamed account become records of no account: listed too."""
    for row, value, expected in [
        (0, " ", ("id", " ", None, 0, TEXT.reason)),
        (2, "northwind", ("id", "northwind", "northwind", 2, "duplicate account id in the book")),
    ]:
        with pytest.raises(InvalidInputError) as info:
            Book.from_frames(**changed("accounts", "account_id", row, value))
        found = [(p.field, p.value, p.account_id, p.row, p.reason) for p in info.value.problems]
        assert expected in found


def test_a_previous_score_off_the_scale() -> None:
    tables = changed("accounts", "previous_health", 0, 101.0)
    tables = changed("accounts", "previous_health_on", 0, date(2026, 6, 1), tables)
    assert the_problem(tables) == ("previous_health", 101.0, "northwind", 0, SCORE.reason)


def test_a_count_below_zero_where_its_part_fits() -> None:
    tables = changed("accounts", "teams", 0, -1)
    tables = changed("accounts", "teams_using", 0, -2, tables)
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**tables)
    assert [(p.field, p.value, p.reason) for p in info.value.problems] == [
        ("teams", -1, Whole().reason),
        ("teams_using", -2, Whole().reason),
    ]


def test_a_day_without_its_score_and_a_score_without_its_day() -> None:
    day_only = changed("accounts", "previous_health_on", 0, date(2026, 6, 1))
    assert the_problem(day_only) == (
        "previous_health",
        None,
        "northwind",
        0,
        "must be given with previous_health_on (the last score and its date go together)",
    )
    score_only = changed("accounts", "previous_health", 1, 70.0)
    assert the_problem(score_only) == (
        "previous_health_on",
        None,
        "bluebird",
        1,
        "must be given with previous_health (the last score and its date go together)",
    )


def test_the_example_frames_with_an_override_load() -> None:
    book = Book.from_frames(**frames(), policy=Policy())
    assert book.marks == ()
    assert book.to_accounts()[1].overrides[0].component == "support"


def test_the_six_adoption_counts_come_together_as_whole_numbers() -> None:
    partial = changed("accounts", "teams", 0, None)
    assert the_problem(partial) == (
        "teams",
        None,
        "northwind",
        0,
        "the six adoption counts are all given or all missing (licensed_users is given here)",
    )
    unlicensed = changed("accounts", "licensed_users", 1, None)
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**unlicensed)
    assert [(p.field, p.account_id, p.reason) for p in info.value.problems] == [
        (
            f,
            "bluebird",
            "the six adoption counts are all given or all missing (licensed_users is missing here)",
        )
        for f in (
            "weekly_active_users",
            "core_workflows",
            "core_workflows_used",
            "teams",
            "teams_using",
        )
    ]
    for value in (2.5, 2.0**62):
        tables = frames()
        accounts = tables["accounts"]
        teams = accounts.column("teams").cast(pa.float64()).to_pylist()
        teams[2] = value
        index = accounts.schema.get_field_index("teams")
        tables["accounts"] = accounts.set_column(index, "teams", pa.array(teams, pa.float64()))
        assert the_problem(tables) == ("teams", value, "copperleaf", 2, Whole().reason)
