"""The frames a data-science team would hand the library: built through Arrow.

A synthetic book (``cs_framework.synthetic.make_book``) is written out as Arrow tables
with text ids for every record, then given to each library in its own best form:
pyarrow Tables as they are, polars frames (String, Date), pandas frames with
Arrow-backed strings and ``datetime64`` dates. No column is Object-typed, so no peer
is slowed by Python objects the user would not have.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["arrow_tables", "frames_for"]

TABLES = ("accounts", "commitments", "outcomes")


def _text_ids(table: pa.Table, column: str, prefix: str) -> pa.Table:
    ids = table.column(column)
    if pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type):
        return table
    text = pc.binary_join_element_wise(prefix, pc.cast(ids, pa.large_string()), "")
    return table.set_column(table.schema.get_field_index(column), column, text)


def arrow_tables(book: Any) -> dict[str, pa.Table]:
    """The book's accounts, commitments and outcomes as Arrow tables, text ids throughout."""
    tables = book.to_frames()
    tables["commitments"] = _text_ids(tables["commitments"], "commitment_id", "c-")
    tables["outcomes"] = _text_ids(tables["outcomes"], "outcome_id", "o-")
    return {name: tables[name] for name in TABLES}


def frames_for(book: Any, library: str) -> list[Any]:
    """[accounts, commitments, outcomes] as ``library`` frames (arrow, polars, pandas)."""
    tables = arrow_tables(book)
    if library == "polars":
        import polars as pl

        return [pl.DataFrame(tables[name]) for name in TABLES]
    if library == "pandas":
        import pandas as pd

        strings = {
            pa.string(): pd.StringDtype("pyarrow"),
            pa.large_string(): pd.StringDtype("pyarrow"),
        }
        return [
            tables[name].to_pandas(date_as_object=False, types_mapper=strings.get)
            for name in TABLES
        ]
    return [tables[name] for name in TABLES]
