"""The Spark side of a scoring job: the Arrow schemas of the inputs, and the schema of
the result, found by scoring an empty book with the job's own settings (so it is the
schema ``score_book`` gives, column for column, never a second list to keep in step)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from .._book.book import Book
from .._book.scored import score_book
from .._errors import InvalidInputError
from ._task import TABLES, ScoreBucket, fitted

__all__ = ["input_schema", "result_schemas"]


def input_schema(frame: Any) -> pa.Schema:
    """The Arrow schema Spark hands a task for the rows of ``frame``."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(frame.schema, timezone="UTC")


def _sparkable(kind: pa.DataType) -> pa.DataType:
    """The Arrow type Spark takes for a scored column: names for codes, UTC instants."""
    if pa.types.is_dictionary(kind):
        return _sparkable(kind.value_type)
    if pa.types.is_large_string(kind):
        return pa.string()
    if pa.types.is_timestamp(kind):
        return pa.timestamp("us", tz="UTC")
    return kind


def _book(task: ScoreBucket, tables: dict[str, pa.Table]) -> Book:
    frames = [tables.get(name) for name in TABLES]
    return Book.from_frames(
        *frames, columns=task.columns, keep=task.keep, policy=task.policy, errors="mark"
    )


def result_schemas(
    task: ScoreBucket, inputs: dict[str, pa.Schema], first_rows: Callable[[], dict[str, pa.Table]]
) -> tuple[Any, pa.Schema]:
    """The Spark and Arrow schemas of the scored rows. Column problems - unknown or
    misspelt names, a missing required column, a column of the wrong type, ``keep``
    naming nothing - are raised here, on the driver, before any task runs, found on
    empty tables; then read again from each table's first row (``first_rows``, a small
    Spark job), so that a problem shows a value of the column, as on one machine."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    try:
        book = _book(task, {name: schema.empty_table() for name, schema in inputs.items()})
    except InvalidInputError as empty:
        _book(task, first_rows())
        raise empty from None  # pragma: no cover - a first row the empty table fits
    scored = score_book(book, as_of=task.as_of, policy=task.policy, scored_at=task.scored_at)
    table = scored.to_arrow()
    fields = [pa.field(f.name, _sparkable(f.type)) for f in table.schema]
    spark = from_arrow_schema(pa.schema(fields), prefer_timestamp_ntz=False)
    arrow = to_arrow_schema(spark, timezone="UTC")
    fitted(table, arrow)  # every scored column converts, before any task runs
    return spark, arrow
