"""What each Spark task runs, run here without Spark (a task is Arrow in, Arrow out):
the same rows as score_book, problems sent back whole, orders that cannot be sorted."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import Book, InvalidInputError, Policy, score_book
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.spark._schemas import result_schemas
from cs_framework.spark._task import (
    BUCKET,
    PROBLEMS,
    TABLES,
    TAG,
    ScoreBucket,
    fitted,
    sent_problems,
)
from cs_framework.strategies import books
from helpers import scored_rows

ORDER = {"commitments": ("account_id", "commitment_id"), "outcomes": ("account_id", "outcome_id")}


def _struct(table: pa.Table) -> pa.StructArray:
    columns = [c.combine_chunks() for c in table.columns]
    return pa.StructArray.from_arrays(columns, names=table.column_names)


def _bucket(tables: dict[str, pa.Table]) -> tuple[pa.Table, pa.Table | None]:
    """A bucket as Spark hands it to a task: the accounts, each row a struct; the
    records, each tagged by table and a struct column named after it (null in the
    others)."""
    accounts = tables["accounts"]
    zeros = pa.array([0] * accounts.num_rows, pa.int64())
    accounts_rows = pa.table({BUCKET: zeros, "accounts": _struct(accounts)})
    structs = {n: _struct(t) for n, t in tables.items() if n != "accounts"}
    parts = []
    for name, struct in structs.items():
        n = len(struct)
        columns = {
            BUCKET: pa.array([0] * n, pa.int64()),
            TAG: pa.array([TABLES.index(name)] * n, pa.int32()),
        }
        for other, kind in structs.items():
            columns[other] = struct if other == name else pa.nulls(n, kind.type)
        parts.append(pa.table(columns))
    return accounts_rows, pa.concat_tables(parts) if parts else None


def _task(tables: dict[str, pa.Table], errors: Any = "mark", **settings: Any) -> ScoreBucket:
    task = ScoreBucket(
        given=tuple(tables),
        order=ORDER,
        columns=None,
        keep=settings.pop("keep", ()),
        policy=settings.pop("policy", Policy()),
        as_of=EXAMPLE_DAY,
        scored_at=score_book(Book.from_accounts([]), as_of=EXAMPLE_DAY).scored_at,
        errors=errors,
    )
    _, schema = result_schemas(task, {n: t.schema for n, t in tables.items()}, lambda: tables)
    return attrs.evolve(task, schema=schema)


@settings(max_examples=25, deadline=None)
@given(book=books(max_accounts=8), reverse=st.booleans(), errors=st.sampled_from(["mark", "raise"]))
def test_a_task_scores_its_rows_as_score_book_does(book: Book, reverse: bool, errors: Any) -> None:
    tables = {k: v for k, v in book.to_frames().items() if k != "overrides"}
    accounts, records = _bucket(tables)
    if reverse:  # a shuffle delivers rows in any order: the task orders them
        assert records is not None
        records = records.take(np.arange(records.num_rows)[::-1])
    task = _task(tables, errors=errors)  # a clean book: scored alike either way
    ordered = {
        n: t.sort_by([(c, "ascending") for c in ORDER[n]]) if n in ORDER else t
        for n, t in tables.items()
    }
    want = fitted(
        score_book(Book.from_frames(**ordered), as_of=EXAMPLE_DAY).to_arrow(), task.schema
    )
    assert scored_rows(task(accounts, records)) == scored_rows(want)


def test_a_bucket_of_accounts_alone_is_scored_as_score_book_does() -> None:
    tables = {"accounts": Book.from_accounts(example_accounts()).to_frames()["accounts"]}
    task = _task(tables)
    want = fitted(score_book(Book.from_frames(**tables), as_of=EXAMPLE_DAY).to_arrow(), task.schema)
    assert scored_rows(task(*_bucket(tables))) == scored_rows(want)


def test_a_refused_bucket_sends_back_every_problem_without_row_numbers() -> None:
    tables = Book.from_accounts(example_accounts()).to_frames()
    tables = {k: v for k, v in tables.items() if k != "overrides"}
    accounts = tables["accounts"]
    tables["accounts"] = accounts.set_column(
        accounts.schema.get_field_index("arr"), "arr", pa.array([-1.0, 5.0, -2.0])
    )
    out = _task(tables, errors="raise")(*_bucket(tables))
    assert out.num_rows == 1
    assert out.column("error")[0].as_py().startswith(PROBLEMS)
    problems = sent_problems(out.column("error")[0].as_py())
    assert [(p.field, p.value, p.row) for p in problems] == [
        ("arr", -1.0, None),
        ("arr", -2.0, None),
    ]
    assert out.column("account_id").null_count == 1


def test_marked_rows_name_no_task_row_and_a_stray_record_is_refused() -> None:
    tables = Book.from_accounts(example_accounts()).to_frames()
    tables = {k: v for k, v in tables.items() if k != "overrides"}
    accounts = tables["accounts"]
    tables["accounts"] = accounts.set_column(
        accounts.schema.get_field_index("arr"), "arr", pa.array([-1.0, 5.0, 5.0])
    )
    out = _task(tables)(*_bucket(tables))
    errors = [e for e in out.column("error").to_pylist() if e]
    assert errors == [f"arr=-1.0 (account {accounts.column('account_id')[0].as_py()!r}): "
                      "must be a finite number >= 0"]  # fmt: skip
    commitments = tables["commitments"]
    kind = commitments.schema.field("account_id").type
    stray = commitments.slice(0, 1).set_column(0, "account_id", pa.array(["nobody"], kind))
    tables["commitments"] = pa.concat_tables([commitments, stray])
    with pytest.raises(InvalidInputError, match="not in the accounts table"):
        _task(tables)(*_bucket(tables))


def test_rows_whose_ids_have_no_order_are_left_to_the_loader_to_refuse() -> None:
    from cs_framework.spark._task import _ordered

    table = pa.table({"account_id": ["b", "a"], "commitment_id": [[1], [2]]})
    assert _ordered(table, ("account_id", "commitment_id")).equals(table)
    assert _ordered(table, ("account_id", "missing")).column("account_id").to_pylist() == ["a", "b"]


def test_fitted_fills_columns_a_table_lacks_with_nulls() -> None:
    schema = pa.schema([("a", pa.string()), ("b", pa.float64())])
    out = fitted(pa.table({"a": pa.array(["x"]).dictionary_encode()}), schema)
    assert out.schema == schema
    assert out.to_pylist() == [{"a": "x", "b": None}]
