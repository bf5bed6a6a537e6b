"""The Spark side of a scoring job: the Arrow schemas of the inputs, and the schema of
the result, found by scoring an empty book with the job's own settings (so it is the
schema ``score_book`` gives, column for column, never a second list to keep in step)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .._book.book import Book
from .._book.scored import score_book
from ._task import PROBLEMS, TABLES, ScoreBucket, fitted

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


def result_schemas(task: ScoreBucket, inputs: dict[str, pa.Schema]) -> tuple[Any, pa.Schema]:
    """The Spark and Arrow schemas of the scored rows (and, for ``errors="raise"``, of
    the column that carries a refused bucket's problems). Column problems - unknown or
    misspelt names, a missing required column, ``keep`` naming nothing - are raised
    here, on the driver, before any task runs."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    empty = [inputs[name].empty_table() if name in inputs else None for name in TABLES]
    book = Book.from_frames(
        *empty, columns=task.columns, keep=task.keep, policy=task.policy, errors="mark"
    )
    scored = score_book(book, as_of=task.as_of, policy=task.policy, scored_at=task.scored_at)
    fields = [pa.field(f.name, _sparkable(f.type)) for f in scored.to_arrow().schema]
    if task.errors == "raise":
        fields.append(pa.field(PROBLEMS, pa.binary()))
    spark = from_arrow_schema(pa.schema(fields), prefer_timestamp_ntz=False)
    arrow = to_arrow_schema(spark, timezone="UTC")
    fitted(scored.to_arrow(), arrow)  # every scored column converts, before any task runs
    return spark, arrow
