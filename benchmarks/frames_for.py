"""The frames and files a data-science team would hand the library: built through Arrow.

A synthetic book (``cs_framework.synthetic.make_book``) is written out as Arrow tables
with text ids for every record, then given to each library in its own best form:
pyarrow Tables as they are, polars frames (String, Date), pandas frames with
Arrow-backed strings and ``datetime64`` dates. No column is Object-typed, so no peer
is slowed by Python objects the user would not have. ``write_files`` writes the same
tables as CSV and Parquet exports, and ``read_files`` reads them as each peer would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["TABLES", "arrow_tables", "frames_for", "read_files", "table_paths", "write_files"]

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
    return [as_library(tables[name], library) for name in TABLES]


def as_library(table: pa.Table, library: str) -> Any:
    """An Arrow table as a ``library`` frame, in that library's best form."""
    if library == "polars":
        import polars as pl

        return pl.DataFrame(table)
    if library == "pandas":
        import pandas as pd

        strings = {
            pa.string(): pd.StringDtype("pyarrow"),
            pa.large_string(): pd.StringDtype("pyarrow"),
        }
        return table.to_pandas(date_as_object=False, types_mapper=strings.get)
    return table


def table_paths(folder: Path, kind: str) -> list[Path]:
    """[accounts, commitments, outcomes] export paths in ``folder`` (kind: csv, parquet)."""
    return [folder / f"{name}.{kind}" for name in TABLES]


def write_files(tables: dict[str, pa.Table], folder: Path) -> None:
    """The tables (:func:`arrow_tables`) as CSV and Parquet exports in ``folder``."""
    import pyarrow.csv as csv
    import pyarrow.parquet as pq

    csvs, parquets = table_paths(folder, "csv"), table_paths(folder, "parquet")
    for name, to_csv, to_parquet in zip(TABLES, csvs, parquets, strict=True):
        csv.write_csv(tables[name], to_csv)
        pq.write_table(tables[name], to_parquet)


def read_files(paths: list[Path], library: str, schemas: list[pa.Schema]) -> list[Any]:
    """The exports as a ``library`` user reads them, each given its best shot: the
    column types they know (``schemas``: no inference, and a column empty in the export
    still has its type), polars scanning lazily (a query reads only the columns it
    uses), pandas reading through Arrow's readers into Arrow-backed frames."""
    if library == "polars":
        import polars as pl

        frames = []
        for path, schema in zip(paths, schemas, strict=True):
            if path.suffix == ".parquet":
                frames.append(pl.scan_parquet(path))
            else:
                types = pl.from_arrow(schema.empty_table()).schema  # type: ignore[union-attr]
                frames.append(pl.scan_csv(path, schema_overrides=dict(types)))
        return frames
    import pyarrow.csv as csv
    import pyarrow.parquet as pq

    tables = [
        pq.read_table(path)
        if path.suffix == ".parquet"
        else csv.read_csv(
            path,
            convert_options=csv.ConvertOptions(
                column_types={field.name: field.type for field in schema},
                strings_can_be_null=True,  # an empty cell is missing, as in read_csv
            ),
        )
        for path, schema in zip(paths, schemas, strict=True)
    ]
    return [as_library(table, library) for table in tables]
