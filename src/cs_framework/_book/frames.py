"""Tables from frames or files, and back: Arrow all the way, no Python object per cell.

The loader reads each input (a pandas or polars frame, a pyarrow Table, a CSV or
Parquet path) as an Arrow table, renames the user's columns, refuses unknown ones by
name, types every column (:mod:`.readers`) and places each record on its account by a
hash join in compiled code. It returns tables and what it could not read, never a
Book: the Book checks the values. The column schema is documented in ``docs/books.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from .._errors import InvalidInputError, Problem
from .._model.records import SCORE
from .._model.scorecard import DERIVED_COMPONENTS, derived
from .._types import EPOCH_ORDINAL, BoolArray, FloatArray, IndexArray, every_bit
from .checks import Found, Where, finder, record_ids, table_problems
from .parallel import in_parallel
from .readers import ColumnReader, Unread, given_cells, unknown_zone
from .schema import COUNT, SCHEMA, Column, csv_types
from .sources import (
    TABLES,
    OddCells,
    closest,
    is_frame,
    read_table,
    renames_of,
    unknown_columns,
)
from .tables import (
    NEVER_GIVEN,
    AccountTable,
    CommitmentTable,
    HasTables,
    OutcomeTable,
    OverrideTable,
    empty_commitments,
    empty_outcomes,
    empty_overrides,
)
from .text import TextColumn, as_text, pick, positions_in

__all__ = ["Loaded", "book_tables", "date_column", "pandas_frame", "tables_from_frames"]


class Loaded(NamedTuple):
    """What the loader made: the four tables, every bad value found in them (at account
    positions, in account order, to raise or mark: the cells it could not read, then
    what the book's checks found, each value once), and the problems no account can
    carry (columns, records of an unknown account), which are always raised."""

    tables: tuple[AccountTable, CommitmentTable, OutcomeTable, OverrideTable]
    found: Found
    problems: list[Problem]
    not_given: frozenset[str]


def _refused(problem: Problem, failed: set[tuple[str, str]]) -> bool:
    """Whether a problem of the book's checks is about a column the loader could not
    read at all ((table, field) in ``failed``): its rows hold placeholders."""
    table, _, field = problem.field.partition("[")
    if table in TABLES[1:] and field:
        return (table, field.rpartition("].")[2]) in failed
    return ("accounts", problem.field) in failed


def _renamed(
    table: pa.Table, name: str, renames: dict[str, str], problems: list[Problem]
) -> pa.Table:
    names = [renames.get(c, c) for c in table.column_names]
    seen: set[str] = set()
    for original, new in zip(table.column_names, names, strict=True):
        if new in seen and new.strip():  # (columns with no name are refused as such)
            problems.append(
                Problem(
                    field=f"{name}.{new}",
                    value=original,
                    reason="two columns have this name (after columns= renames)",
                )
            )
        seen.add(new)
    return table.rename_columns(names)


def _unused_renames(columns: Any, table: str, names: Sequence[str]) -> list[Problem]:
    """A problem for each name ``columns`` maps for ``table`` alone that it does not
    have: a misspelt name would rename nothing, silently. (A flat mapping, for every
    table, may name columns of tables not given.)

    Examples
    --------
    >>> [p.reason for p in _unused_renames({"accounts": {"Renewl": "renewal_on"}},
    ...                                   "accounts", ["Renewal"])]
    ["is not a column of the accounts table: did you mean 'Renewal'?"]
    """
    mine = columns.get(table) if isinstance(columns, Mapping) else None
    if not isinstance(mine, Mapping):
        return []
    return [
        _not_a_column(f"columns[{table!r}]", theirs, table, names)
        for theirs in mine
        if theirs not in names
    ]


def _not_a_column(field: str, name: str, table: str, names: Sequence[str]) -> Problem:
    """``field`` names ``name``, which ``table`` (of columns ``names``) does not have."""
    near = closest(name, names)
    hint = f": did you mean {near!r}?" if near else ""
    return Problem(field=field, value=name, reason=f"is not a column of the {table} table{hint}")


def _component(column: str) -> str:
    """The component a ``health_<name>`` or ``health_<name>_measured_on`` column is for."""
    return column.removeprefix("health_").removesuffix("_measured_on")


def _check_columns(
    table: pa.Table, name: str, keep: Sequence[str], components: Sequence[str]
) -> list[Problem]:
    """Unknown, misnamed, nameless and missing columns of ``table``, each by name (or
    place)."""
    columns = table.column_names
    # A spreadsheet export's trailing empty columns have no name: each is refused by
    # its place, as it cannot be named in keep= (nor told apart from the others).
    problems = [
        Problem(
            field=f"{name}.<column {k + 1}>",
            value=c,
            reason="has no name: give it one (and name it in keep=) or leave it out",
        )
        for k, c in enumerate(columns)
        if not c.strip()
    ]
    columns = [c for c in columns if c.strip()]
    health = [c for c in columns if name == "accounts" and c.startswith("health_")]
    known = [c.name for c in SCHEMA[name]] + (list(keep) if name == "accounts" else [])
    problems += unknown_columns(
        [c for c in columns if c not in health],
        name,
        known,
        "name it in keep= to carry it to the result"
        if name == "accounts"
        else "the column schema is on the documentation's 'Scoring a book' page",
    )
    given = [c for c in components if c not in DERIVED_COMPONENTS]
    wanted = [f"health_{c}" for c in given]
    wanted += [f"{c}_measured_on" for c in wanted]
    # health_trust, health_proof: computed from the account, so never a column of readings.
    made = [c for c in health if _component(c) in DERIVED_COMPONENTS]
    problems += [
        Problem(field=f"{name}.{c}", value=c, reason=f"{_component(c)} {derived(_component(c))}")
        for c in made
    ]
    problems += unknown_columns(
        [c for c in health if c not in made],
        name,
        wanted,
        f"the scorecard's components given as readings are {', '.join(given)}",
    )
    problems += [
        Problem(field=f"{name}.{c.name}", value=None, reason="required column missing")
        for c in SCHEMA[name]
        if c.required and c.name not in columns
    ]
    return problems


def tables_from_frames(
    accounts: Any,
    commitments: Any = None,
    outcomes: Any = None,
    overrides: Any = None,
    *,
    columns: Mapping[str, Any] | None = None,
    keep: Sequence[str],
    components: Sequence[str],
) -> Loaded:
    """The tables of a book from frames or paths (the last three optional).

    ``columns`` maps the user's column names to the library's; account columns named
    in ``keep`` are carried along; ``health_<name>`` columns must name one of
    ``components``.
    """
    renames = renames_of(columns)
    sources = dict(zip(TABLES, (accounts, commitments, outcomes, overrides), strict=True))
    problems: list[Problem] = []
    tables: dict[str, pa.Table] = {}
    odd: dict[str, OddCells] = {}
    given = {name: source for name, source in sources.items() if source is not None}
    cells: dict[str, OddCells] = {name: {} for name in given}
    # Frames are converted side by side (polars turns its strings into Arrow's without
    # holding the GIL); files are read by Arrow's own threads, one after the other.
    arrow_tables = in_parallel(
        [
            partial(read_table, source, name, csv_types(name, renames[name], keep), cells[name])
            for name, source in given.items()
        ],
        rows=sum(_frame_rows(source) for source in given.values()),
    )
    for name, table in zip(given, arrow_tables, strict=True):
        problems += _unused_renames(columns, name, table.column_names)
        odd[name] = {renames[name].get(c, c): found for c, found in cells[name].items()}
        table = _renamed(table, name, renames[name], problems)
        problems += _check_columns(table, name, keep, components)
        tables[name] = table
    if problems:
        raise InvalidInputError.from_problems(problems, summary="the columns do not fit")
    readers = {name: ColumnReader(table, name, odd[name]) for name, table in tables.items()}
    ids = readers["accounts"].text("account_id", "id")
    owners = {name: readers[name] for name in TABLES[1:] if name in readers}
    keys = {name: r.text("account_id", "account_id") for name, r in owners.items()}
    rows = sum(table.num_rows for table in tables.values())

    def accounts_checked() -> tuple[AccountTable, Found, Fields]:
        table = _accounts(readers["accounts"], keep, ids)
        found = table_problems("accounts", table, table, rows=True)
        return table, found, _fields("commitments", owners.get("commitments"))

    # Two threads: the accounts (then the commitments' columns) beside the join, then
    # the commitments beside the rest; each table is checked as soon as it is read.
    (account_table, checked, commitment_fields), found = in_parallel(
        [accounts_checked, partial(positions_in, list(keys.values()), ids)], rows=rows
    )
    account_of = dict(zip(owners, found, strict=True))

    def read_and_check(names: tuple[str, ...]) -> list[tuple[Any, Found]]:
        out = []
        for name in names:
            fields = (
                commitment_fields if name == "commitments" else _fields(name, readers.get(name))
            )
            table = _records(name, fields, account_of.get(name))
            found = table_problems(name, table, account_table, rows=True, ids=False)
            out.append((table, found))
        return out

    def ids_checked(name: str, ids: TextColumn | None) -> Found:
        if name not in account_of or ids is None:
            return []
        return record_ids(name, ids, account_of[name], account_table, rows=True)

    def outcomes_checked() -> list[Any]:
        (outcomes, found), overrides = read_and_check(("outcomes", "overrides"))
        return [(outcomes, found), overrides, ids_checked("outcomes", outcomes.id)]

    # The commitments, their ids (the costliest check), and the rest, side by side.
    commitment_id_column = None if commitment_fields is None else commitment_fields["id"]
    (commitments,), commitment_ids, (outcomes, overrides, outcome_ids) = in_parallel(
        [
            partial(read_and_check, ("commitments",)),
            partial(ids_checked, "commitments", commitment_id_column),
            outcomes_checked,
        ],
        rows=rows,
    )
    records = (commitments[0], outcomes[0], overrides[0])
    checked += commitments[1] + commitment_ids + outcomes[1] + outcome_ids + overrides[1]
    for reader in readers.values():
        problems += reader.problems
    for name, table in zip(TABLES[1:], records, strict=True):
        if name in keys:
            problems += _orphans(table, name, keys[name])
    unread = _placed(account_table, records, readers)
    # A value the loader already refused is not reported again by the book's checks.
    read = {(k, p.field) for k, p in unread}
    failed = {(name, field) for name, reader in readers.items() for field in reader.failed}
    if not readers["accounts"].has("name"):  # each name is its id: refused as the id
        read |= {(k, "name") for k, p in checked if p.field == "id"}
    checked = [(k, p) for k, p in checked if (k, p.field) not in read and not _refused(p, failed)]
    found = sorted(unread + checked, key=lambda item: item[0])
    return Loaded((account_table, *records), found, problems, _not_given(tables))


def _frame_rows(source: Any) -> int:
    """The rows of a pandas or polars frame or an Arrow table (0 for anything else, such
    as a path or a lazy frame, which the reader refuses by name)."""
    in_memory = isinstance(source, (pa.Table, pa.RecordBatch)) or is_frame(source)
    return len(source) if in_memory else 0


def _not_given(tables: Mapping[str, pa.Table]) -> frozenset[str]:
    """What the frames never gave: unknown, never scored as a failure."""

    def missing(table: str, columns: tuple[str, ...]) -> bool:
        if not columns:
            return table not in tables
        return table in tables and set(columns).isdisjoint(tables[table].column_names)

    return frozenset(name for name, (t, cols) in NEVER_GIVEN.items() if missing(t, cols))


def _accounts(r: ColumnReader, keep: Sequence[str], ids: pa.Array) -> AccountTable:
    components = sorted(
        c[len("health_") :]
        for c in r.table.column_names
        if c.startswith("health_") and not c.endswith("_measured_on")
    )
    plain = [c for c in SCHEMA["accounts"][2:] if c.kind != "count"]  # after id and name
    counts, has_adoption = _adoption(r)
    for name in keep:  # a misspelt name must not keep nothing, silently
        if not r.has(name):
            r.problems.append(_not_a_column("keep", name, "accounts", r.table.column_names))
        elif zone := unknown_zone(r.table.schema.field(name).type):
            # Carried as it is, it could never be shown nor written out.
            r.problems.append(
                Problem(
                    field=f"accounts.{name}",
                    value=zone,
                    reason="a time zone Python does not know: give an IANA name "
                    "(Europe/Paris), UTC or an offset (+05:30)",
                )
            )
    return AccountTable(
        id=ids,
        name=r.text("name", "name") if r.has("name") else ids,
        **{c.field: _read(r, c) for c in plain},
        health={c: r.numbers(f"health_{c}", f"health[{c!r}]", SCORE) for c in components},
        health_measured_on={
            c: r.days(f"health_{c}_measured_on", f"health[{c!r}].measured_on") for c in components
        },
        has_adoption=has_adoption,
        kept={name: r.raw(name) for name in keep if r.has(name)},
        **counts,
    )


def _adoption(r: ColumnReader) -> tuple[dict[str, Any], BoolArray]:
    """The six adoption counts (whole numbers, all given or all missing in a row) and
    which rows have them, whole and complete."""
    adoption = {c.field: _read(r, c) for c in SCHEMA["accounts"] if c.kind == "count"}
    # Given is "the cell holds something": a cell that could not be read is given (its
    # own problem is recorded), not missing.
    present = {f: _given(r, f) for f in adoption}
    licensed = present["licensed_users"]
    together = "the six adoption counts are all given or all missing"
    usable = licensed.copy()
    for f, values in adoption.items():
        given = present[f]
        for rows, says in ((~given & licensed, "given"), (given & ~licensed, "missing")):
            if rows.any():
                shown = r.raw(f) if r.has(f) else pa.nulls(r.n)
                reason = f"{together} (licensed_users is {says} here)"
                r.unread.append(Unread(f, rows, shown, reason))
        # (NaN in a given cell: refused already, as a number)
        fraction = given & ((values != np.floor(values)) | (np.abs(values) >= 2.0**62))
        fraction &= ~np.isnan(values)
        if fraction.any():
            r.unread.append(Unread(f, fraction, r.raw(f), COUNT.reason))
            adoption[f] = np.where(fraction, np.nan, values)
        usable &= given & ~np.isnan(values) & ~fraction
    # A row with a count missing or unread has no adoption data to check or score: its
    # problem is recorded above, and the placeholders must not raise others.
    return {f: _counts(v) for f, v in adoption.items()}, usable


def _given(r: ColumnReader, column: str) -> BoolArray:
    """Where a column's cells hold something (not null); all False with no column."""
    raw = r.raw(column) if r.has(column) else None
    if raw is None or pa.types.is_null(raw.type):
        return np.zeros(r.n, dtype=bool)
    odd = r.odd_rows(column)  # (held something, refused for what it was: given)
    return given_cells(raw) if odd is None else given_cells(raw) | odd


def _counts(values: FloatArray) -> NDArray[np.int64]:
    """Whole numbers as int64 (0 where missing: the row has no adoption data, or an
    unread cell that marks it)."""
    kept = every_bit(~np.isnan(values))  # NaN to 0.0 (nan_to_num is slower)
    kept &= values.view(np.int64)
    return kept.view(np.float64).astype(np.int64)


_RECORDS: dict[str, Any] = {
    "commitments": (CommitmentTable, empty_commitments),
    "outcomes": (OutcomeTable, empty_outcomes),
    "overrides": (OverrideTable, empty_overrides),
}


def _read(r: ColumnReader, column: Column, field: str | None = None) -> Any:
    """One column of the schema, typed by its kind; ``field`` names it in messages."""
    named = field or column.field
    if column.kind == "text":
        return r.text(column.name, named)
    if column.kind in ("number", "count"):
        return r.numbers(column.name, named, column.rule)
    if column.kind == "date":
        return r.days(column.name, named)
    return r.flags(column.name, named)


#: A record table's columns as read, by field (None: the table was not given).
Fields = dict[str, Any] | None


def _fields(name: str, r: ColumnReader | None) -> Fields:
    """The columns of a commitment, outcome or override table, read by the schema."""
    if r is None:
        return None
    return {c.field: _read(r, c) for c in SCHEMA[name] if c.name != "account_id"}


def _records(name: str, fields: Fields, account: IndexArray | None) -> Any:
    """The commitment, outcome or override table: its columns and their accounts."""
    kind, empty = _RECORDS[name]
    if fields is None or account is None:
        return empty()
    return kind(account=account, **fields)


def _orphans(table: Any, name: str, keys: pa.Array) -> list[Problem]:
    """Records of an account that is not in the accounts table: no account can carry
    them, so they are always refused (every one listed)."""
    return [
        Problem(
            field=f"{name}.account_id",
            value=keys[k].as_py(),
            row=k,
            reason="names an account that is not in the accounts table",
        )
        for k in np.flatnonzero(table.account < 0).tolist()
    ]


def _placed(
    accounts: AccountTable,
    records: tuple[Any, ...],
    readers: dict[str, ColumnReader],
) -> Found:
    """The unread cells as problems at their accounts, named as the book's checks name them."""
    find = finder(accounts, rows=True)
    for cell in readers["accounts"].unread:
        find.add(cell.rows, cell.field, cell.raw, cell.reason)
    for name, table in zip(TABLES[1:], records, strict=True):
        reader = readers.get(name)
        if reader is None or not reader.unread:
            continue
        label: Any = table.component if isinstance(table, OverrideTable) else table.id
        where = Where(name, table.account, label)
        placed = table.account >= 0  # an orphan's cells are listed with the orphan
        for cell in reader.unread:
            find.add(cell.rows & placed, cell.field, cell.raw, cell.reason, where=where)
    return find.found


def date_column(days: FloatArray) -> pa.Array:
    """Day numbers as an Arrow date column (null where missing)."""
    missing = np.isnan(days)
    return pa.array(np.where(missing, 0, days - EPOCH_ORDINAL).astype(np.int32), mask=missing).cast(
        pa.date32()
    )


def _numbers(values: FloatArray) -> pa.Array:
    """Floats as an Arrow column, NaN (missing) as null."""
    return pa.array(values, mask=np.isnan(values))


def _written(values: Any, kind: str) -> pa.Array:
    """A table column as an Arrow column of the schema's kind."""
    if kind == "text":
        return as_text(values)
    if kind == "date":
        return date_column(values)
    if kind == "number":
        return _numbers(values)
    return pa.array(values)


def pandas_frame(table: pa.Table) -> Any:
    """An Arrow table as a pandas DataFrame with text as pandas strings (not objects)."""
    import pandas as pd

    strings = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}
    return table.to_pandas(types_mapper=strings.get)


def book_tables(book: HasTables) -> dict[str, pa.Table]:
    """The book as Arrow tables in the frame schema: what ``Book.from_frames`` reads
    back to the same book. Missing values are nulls; text is Arrow strings; what the
    book was never given (``not_given``) is left out again, so it stays unknown."""
    left_out = _left_out(book.not_given)
    a = book.accounts
    accounts: dict[str, pa.Array] = {}
    for c in SCHEMA["accounts"]:
        values = getattr(a, c.field)
        accounts[c.name] = (
            pa.array(values, type=pa.int64(), mask=~a.has_adoption)
            if c.kind == "count"
            else _written(values, c.kind)
        )
    for name in a.health:
        accounts[f"health_{name}"] = _numbers(a.health[name])
        accounts[f"health_{name}_measured_on"] = date_column(a.health_measured_on[name])
    accounts.update(a.kept)
    out = {
        "accounts": pa.table({k: v for k, v in accounts.items() if f"accounts.{k}" not in left_out})
    }
    for table in TABLES[1:]:
        if table in left_out:
            continue
        rows = getattr(book, table)
        out[table] = pa.table(
            {
                c.name: as_text(pick(a.id, rows.account))
                if c.name == "account_id"
                else _written(getattr(rows, c.field), c.kind)
                for c in SCHEMA[table]
                if f"{table}.{c.name}" not in left_out
            }
        )
    return out


def _left_out(not_given: frozenset[str]) -> set[str]:
    """The tables, and the columns (``table.column``), a book never given them writes
    out without."""
    out = set()
    for name in not_given:
        table, columns = NEVER_GIVEN[name]
        out.update([f"{table}.{c}" for c in columns] if columns else [table])
    return out
