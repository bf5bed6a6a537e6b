"""A book's frames in a folder: one Parquet file per table, and what reads them back.

The accounts file's metadata names the kept columns and the book's own health
components, so ``read_book(folder)`` needs nothing else to read the book back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from .._errors import InvalidInputError
from .sources import TABLES, why_unreadable

__all__ = ["StoredNames", "read_names", "table_paths", "write_tables"]

_KEEP, _COMPONENTS = b"cs_framework.keep", b"cs_framework.components"

#: The kept column names and health components a folder's accounts file names.
StoredNames = tuple[tuple[str, ...], tuple[str, ...]]


def write_tables(
    tables: Mapping[str, pa.Table], folder: Any, *, keep: list[str], components: list[str]
) -> dict[str, Path]:
    """Write each table to ``folder/<name>.parquet`` (the folder made if need be), and
    remove the file of a table the book does not have, so the folder holds this book."""
    import pyarrow.parquet as pq

    if not isinstance(folder, (str, Path)):
        raise InvalidInputError(
            field="folder", value=type(folder).__name__, reason="must be a path (str or Path)"
        )
    where = Path(folder)
    names = {_KEEP: json.dumps(keep).encode(), _COMPONENTS: json.dumps(components).encode()}
    written = {}
    drafts: list[Path] = []
    try:
        where.mkdir(parents=True, exist_ok=True)
        # Every table to a draft first: a table that cannot be written leaves the
        # folder's book as it was, not half replaced.
        for name, table in tables.items():
            if name == "accounts":
                table = table.replace_schema_metadata(names)
            written[name] = where / f"{name}.parquet"
            drafts.append(where / f".{name}.parquet.draft")
            pq.write_table(table, drafts[-1])
        for draft, name in zip(drafts, tables, strict=True):
            draft.replace(written[name])
        for name in TABLES:  # a table this book was never given: no older file may stand in
            if name not in tables:
                (where / f"{name}.parquet").unlink(missing_ok=True)
    except (OSError, pa.ArrowException) as error:
        for draft in drafts:
            draft.unlink(missing_ok=True)
        raise InvalidInputError(
            field="folder",
            value=str(folder),
            reason=f"could not be written: {why_unreadable(error)}",
        ) from None
    return written


def table_paths(folder: Path) -> tuple[str | None, ...]:
    """The folder's table files, in the order of the tables (None where there is none)."""
    paths = [folder / f"{name}.parquet" for name in TABLES]
    if not paths[0].is_file():
        raise InvalidInputError(
            field="accounts", value=str(folder), reason="a book's folder holds accounts.parquet"
        )
    return tuple(str(p) if p.is_file() else None for p in paths)


def read_names(accounts_file: str) -> StoredNames:
    """The kept column names and health components the accounts file's metadata names."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(accounts_file).metadata or {}
    except (pa.ArrowException, OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(
            field="accounts",
            value=accounts_file,
            reason=f"could not be read: {why_unreadable(error)}",
        ) from None
    return _names(meta, _KEEP), _names(meta, _COMPONENTS)


def _names(meta: Mapping[bytes, bytes], key: bytes) -> tuple[str, ...]:
    if key not in meta:
        return ()
    try:
        names = json.loads(meta[key].decode())
    except ValueError:  # UnicodeDecodeError and JSONDecodeError too
        names = None
    if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
        raise InvalidInputError(
            field=key.decode(),
            value=meta[key][:80],
            reason="is not the metadata Book.write_parquet writes",
        )
    return tuple(names)
