"""What each Spark task runs: one bucket of accounts, with their records, scored by the
library's own loader and scorer - the same code as ``score_book``, never a rewrite.

A bucket is every account whose id hashes to it (``BUCKET``) and every record naming
one of them. It comes as two Arrow tables: the accounts, each row a struct column
``accounts``; and the records, each row tagged with the table it came from (``TAG``)
and held as a struct column named after that table (null in the others). It splits the
tables apart, builds a Book with ``Book.from_frames`` and scores it with ``score_book``;
the result is cast to the schema declared for the whole job. No pyspark import here: a
task is plain Arrow in, Arrow out, so it is tested without Spark too.
"""

from __future__ import annotations

import base64
import pickle
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from .._book.book import Book
from .._book.scored import score_book
from .._errors import InvalidInputError, Problem
from .._model.policy import Policy

__all__ = [
    "BUCKET",
    "PROBLEMS",
    "TABLES",
    "TAG",
    "ScoreBucket",
    "fitted",
    "sent_problems",
]

#: The tables a book is read from, in ``Book.from_frames``' order.
TABLES = ("accounts", "commitments", "outcomes", "overrides")
#: The hidden columns: the bucket of a row's account id, and the table a record came from.
BUCKET, TAG = "__cs_bucket", "__cs_table"
#: How a bucket that refused its rows (``errors="raise"``) says so: one row with no
#: account id whose ``error`` is this mark then its problems, pickled, in base64. A
#: result with no account id is otherwise impossible there (a missing id is refused).
PROBLEMS = "\x00cs_framework problems:"


def _without_row(problem: Problem) -> Problem:
    # A task's row numbers count its own share of the rows: meaningless to the user,
    # whose DataFrame has no row order. The account and the record id name the row.
    return attrs.evolve(problem, row=None)


def _ordered(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """The rows by account id, then record id. A shuffle delivers an account's records
    in any order, and sums of floats depend on their order in the last bit: in this
    order the scores are the same however the input was partitioned."""
    usable = [k for k in keys if k in table.column_names]
    try:
        return table.take(pc.sort_indices(table, [(k, "ascending") for k in usable]))
    except pa.ArrowException:  # a column of a type with no order: the loader refuses it
        return table


def sent_problems(error: str) -> list[Problem]:
    """The problems a refused bucket sent (the ``error`` of its one row)."""
    # Pickled by this library's own task, in this job: data it wrote itself.
    return pickle.loads(base64.b64decode(error.removeprefix(PROBLEMS)))  # type: ignore[no-any-return]


def fitted(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """A scored table in the job's declared schema: enum and tier codes as their names
    (Spark has no dictionary type), text as strings, instants in UTC; columns the
    schema has and the table lacks are nulls."""
    arrays = []
    for field in schema:
        if field.name not in table.column_names:
            arrays.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table.column(field.name)
        if pa.types.is_dictionary(column.type):
            column = pc.cast(column, column.type.value_type)
        arrays.append(column.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


@attrs.frozen(kw_only=True)
class ScoreBucket:
    """Score one bucket of a book: a picklable callable, shipped to every task."""

    given: tuple[str, ...]
    columns: Mapping[str, Any] | None
    keep: Sequence[str]
    policy: Policy
    as_of: date
    scored_at: datetime
    errors: Literal["raise", "mark"]
    #: Per record table, the user's names of the columns that order its rows.
    order: Mapping[str, tuple[str, ...]]
    schema: pa.Schema = attrs.field(factory=lambda: pa.schema([]))  # set once known

    def frames(self, accounts: pa.Table, records: pa.Table | None) -> list[pa.Table | None]:
        """The bucket's rows of each input table, in their own columns."""
        out: list[pa.Table | None] = [
            pa.Table.from_struct_array(accounts.column("accounts").combine_chunks())
        ]
        for k, name in enumerate(TABLES[1:], start=1):
            if name not in self.given or records is None:
                out.append(None)
                continue
            rows = records.filter(pc.equal(records.column(TAG), k)).column(name).combine_chunks()
            out.append(_ordered(pa.Table.from_struct_array(rows), self.order.get(name, ())))
        return out

    def __call__(self, accounts: pa.Table, records: pa.Table | None = None) -> pa.Table:
        try:
            book = Book.from_frames(
                *self.frames(accounts, records),
                columns=self.columns,
                keep=self.keep,
                policy=self.policy,
                errors=self.errors,
            )
            # A loaded book always has its record of bad rows (empty when clean).
            marks = tuple((k, _without_row(p)) for k, p in book.marks or ())
            book = attrs.evolve(book, marks=marks)
            scored = score_book(
                book,
                as_of=self.as_of,
                policy=self.policy,
                scored_at=self.scored_at,
                errors=self.errors,
            )
        except InvalidInputError as error:
            if self.errors == "mark":  # a column, or a record of no account: never marked
                raise
            # Every problem of the bucket, for the driver to list with the other buckets'.
            sent = pickle.dumps([_without_row(p) for p in error.problems])
            refused = PROBLEMS + base64.b64encode(sent).decode()
            return fitted(pa.table({"error": [refused]}), self.schema)
        return fitted(scored.to_arrow(), self.schema)
