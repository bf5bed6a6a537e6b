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
from .._model.account import ARR, ASSESSMENT
from .._model.records import SCORE
from .._model.validators import Number, Whole
from .._types import EPOCH_ORDINAL, FloatArray, IndexArray
from .checks import Found, Where, finder, record_ids, table_problems
from .parallel import in_parallel
from .readers import ColumnReader, Unread
from .sources import TABLES, OddCells, read_table, renames_of, unknown_columns
from .tables import (
    ADOPTION_COUNTS,
    AccountTable,
    CommitmentTable,
    HasTables,
    OutcomeTable,
    OverrideTable,
    empty_commitments,
    empty_outcomes,
    empty_overrides,
)
from .text import as_text, pick, positions_in

__all__ = [
    "ACCOUNT_COLUMNS",
    "COMMITMENT_COLUMNS",
    "OUTCOME_COLUMNS",
    "OVERRIDE_COLUMNS",
    "Loaded",
    "book_tables",
    "tables_from_frames",
]

#: Account columns: name -> kind. ``health_<name>`` (number) and
#: ``health_<name>_measured_on`` (date) add health components.
ACCOUNT_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "name": "text (default: the account id)",
    "arr": "number, required",
    "credibility": "number or null",
    "intimacy": "number or null",
    "self_orientation": "number or null",
    "decision_maker": "text or null",
    "day_to_day_owner": "text or null",
    "accountable_owner": "text or null",
    "last_executive_touch": "date or null",
    "renewal_on": "date or null",
    "started_on": "date or null",
    "setup_complete": "flag (default false)",
    "first_value_on": "date or null",
    "licensed_users": "whole number or null (null: no adoption data)",
    "weekly_active_users": "whole number or null",
    "core_workflows": "whole number or null",
    "core_workflows_used": "whole number or null",
    "teams": "whole number or null",
    "teams_using": "whole number or null",
    "expansion_signal": "flag (default false)",
    "previous_health": "number or null (the last health score, for the trend)",
    "previous_health_on": "date or null (the day of the last health score)",
}
COMMITMENT_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "commitment_id": "text, required",
    "description": "text, required",
    "owner": "text or null",
    "made_on": "date, required",
    "due": "date, required",
    "kept_on": "date or null",
    "renegotiated": "flag (default false)",
}
OUTCOME_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "outcome_id": "text, required",
    "description": "text, required",
    "metric": "text, required",
    "baseline": "number, required",
    "target": "number, required",
    "current": "number or null",
    "due": "date or null",
    "documented": "flag (default false)",
    "acknowledged": "flag (default false)",
}
OVERRIDE_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "component": "text or null (null: the overall score)",
    "value": "number, required",
    "reason": "text, required",
    "expires_on": "date, required",
}
_SCHEMAS = dict(
    zip(
        TABLES,
        (ACCOUNT_COLUMNS, COMMITMENT_COLUMNS, OUTCOME_COLUMNS, OVERRIDE_COLUMNS),
        strict=True,
    )
)
_TEXT_KINDS = ("text, required", "text or null", "text (default: the account id)")
_FINITE = Number()
_COUNT = Whole()


class Loaded(NamedTuple):
    """What the loader made: the four tables, the cells it could not read (at account
    positions, to raise or mark), the problems no account can carry (columns, records
    of an unknown account), which are always raised, and what the book's checks found
    in the tables (each checked as soon as it was read)."""

    tables: tuple[AccountTable, CommitmentTable, OutcomeTable, OverrideTable]
    unread: Found
    problems: list[Problem]
    failed: set[tuple[str, str]]  # (table, field) of the columns no row of which was read
    checked: Found  # what the book's checks found in the tables, table by table

    def read(self, problem: Problem) -> bool:
        """Whether ``problem`` (of the book's checks) is about a cell the loader already
        refused: an unread cell, or a cell of a column it could not read at all."""
        table, _, field = problem.field.partition("[")
        if table in TABLES[1:] and field:
            return (table, field.rpartition("].")[2]) in self.failed
        return ("accounts", problem.field) in self.failed


def _text_columns(table: str, renames: dict[str, str]) -> list[str]:
    """The user's names of the text columns of ``table`` (read as text from CSV)."""
    ours = {c for c, kind in _SCHEMAS[table].items() if kind.startswith("text")}
    back = {mine: theirs for theirs, mine in renames.items()}
    return [back.get(c, c) for c in ours]


def _renamed(
    table: pa.Table, name: str, renames: dict[str, str], problems: list[Problem]
) -> pa.Table:
    names = [renames.get(c, c) for c in table.column_names]
    seen: set[str] = set()
    for original, new in zip(table.column_names, names, strict=True):
        if new in seen:
            problems.append(
                Problem(
                    field=f"{name}.{new}",
                    value=original,
                    reason="two columns have this name (after columns= renames)",
                )
            )
        seen.add(new)
    return table.rename_columns(names)


def _check_columns(
    table: pa.Table, name: str, keep: Sequence[str], components: Sequence[str]
) -> list[Problem]:
    """Unknown, misnamed and missing columns of ``table``, each by name."""
    schema = _SCHEMAS[name]
    columns = table.column_names
    health = [c for c in columns if name == "accounts" and c.startswith("health_")]
    known = list(schema) + (list(keep) if name == "accounts" else [])
    problems = unknown_columns(
        [c for c in columns if c not in health],
        name,
        known,
        "name it in keep= to carry it to the result" if name == "accounts" else "see docs/books.md",
    )
    wanted = [f"health_{c}" for c in components]
    wanted += [f"{c}_measured_on" for c in wanted]
    problems += unknown_columns(
        health, name, wanted, f"the scorecard's components are {', '.join(components)}"
    )
    required = [c for c, kind in schema.items() if "required" in kind]
    problems += [
        Problem(field=f"{name}.{c}", value=None, reason="required column missing")
        for c in required
        if c not in columns
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
    for name, source in sources.items():
        if source is None:
            continue
        cells: OddCells = {}
        table = read_table(source, name, _text_columns(name, renames[name]), cells)
        odd[name] = {renames[name].get(c, c): found for c, found in cells.items()}
        table = _renamed(table, name, renames[name], problems)
        problems += _check_columns(table, name, keep, components)
        tables[name] = table
    if problems:
        raise InvalidInputError.from_problems(problems, summary="the columns do not fit")
    readers = {name: ColumnReader(table, name, odd[name]) for name, table in tables.items()}
    ids = readers["accounts"].text("account_id", "id")
    owners = {name: readers[name] for name in TABLES[1:] if name in readers}
    keys = [r.text("account_id", "account_id") for r in owners.values()]
    rows = sum(table.num_rows for table in tables.values())

    def accounts_checked() -> tuple[AccountTable, Found]:
        table = _accounts(readers["accounts"], keep, ids)
        return table, table_problems("accounts", table, table, rows=True)

    # Two threads: the accounts beside the join, then the commitments beside the rest;
    # each table is checked as soon as it is read.
    (account_table, checked), found = in_parallel(
        [accounts_checked, partial(positions_in, keys, ids)], rows=rows
    )
    account_of = dict(zip(owners, found, strict=True))
    builders = {"commitments": _commitments, "outcomes": _outcomes, "overrides": _overrides}

    def read_and_check(names: tuple[str, ...]) -> list[tuple[Any, Found]]:
        out = []
        for name in names:
            table = builders[name](readers.get(name), account_of.get(name))
            found = table_problems(name, table, account_table, rows=True, ids=False)
            out.append((table, found))
        return out

    def ids_checked(name: str) -> Found:
        if name not in account_of:
            return []
        record_id = "commitment_id" if name == "commitments" else "outcome_id"
        ids = readers[name].text(record_id, "id")
        return record_ids(name, ids, account_of[name], account_table, rows=True)

    # The commitments beside the outcomes, overrides and the commitment ids.
    (commitments,), (outcomes, overrides, commitment_ids, outcome_ids) = in_parallel(
        [
            partial(read_and_check, ("commitments",)),
            lambda: [
                *read_and_check(("outcomes", "overrides")),
                ids_checked("commitments"),
                ids_checked("outcomes"),
            ],
        ],
        rows=rows,
    )
    records = (commitments[0], outcomes[0], overrides[0])
    checked += commitments[1] + commitment_ids + outcomes[1] + outcome_ids + overrides[1]
    for reader in readers.values():
        problems += reader.problems
    for name, table in zip(TABLES[1:], records, strict=True):
        problems += _orphans(table, name, readers.get(name))
    unread = _placed(account_table, records, readers)
    failed = {(name, field) for name, reader in readers.items() for field in reader.failed}
    return Loaded((account_table, *records), unread, problems, failed, checked)


def _accounts(r: ColumnReader, keep: Sequence[str], ids: pa.Array) -> AccountTable:
    names = r.text("name", "name") if r.has("name") else ids
    components = sorted(
        c[len("health_") :]
        for c in r.table.column_names
        if c.startswith("health_") and not c.endswith("_measured_on")
    )
    adoption = {f: r.numbers(f, f, _COUNT) for f in ADOPTION_COUNTS}
    for f, values in adoption.items():
        given = ~np.isnan(values)
        fraction = given & ((values != np.floor(values)) | (np.abs(values) >= 2.0**62))
        if fraction.any():
            r.unread.append(Unread(f, fraction, r.raw(f), _COUNT.reason))
            adoption[f] = np.where(fraction, np.nan, values)
    has_adoption = ~np.isnan(adoption["licensed_users"])
    for f, values in adoption.items():
        partial = np.isnan(values) != ~has_adoption
        if partial.any():
            r.unread.append(
                Unread(
                    f,
                    partial,
                    r.raw(f) if r.has(f) else pa.nulls(r.n),
                    "the six adoption counts are all given or all missing "
                    "(licensed_users is given here)"
                    if f != "licensed_users"
                    else "the six adoption counts are all given or all missing",
                )
            )
    return AccountTable(
        id=ids,
        name=names,
        arr=r.numbers("arr", "arr", ARR),
        credibility=r.numbers("credibility", "credibility", ASSESSMENT),
        intimacy=r.numbers("intimacy", "intimacy", ASSESSMENT),
        self_orientation=r.numbers("self_orientation", "self_orientation", ASSESSMENT),
        health={c: r.numbers(f"health_{c}", f"health[{c!r}]", SCORE) for c in components},
        health_measured_on={
            c: r.days(f"health_{c}_measured_on", f"health[{c!r}].measured_on") for c in components
        },
        decision_maker=r.text("decision_maker", "decision_maker"),
        day_to_day_owner=r.text("day_to_day_owner", "day_to_day_owner"),
        accountable_owner=r.text("accountable_owner", "accountable_owner"),
        last_executive_touch=r.days("last_executive_touch", "last_executive_touch"),
        renewal_on=r.days("renewal_on", "renewal_on"),
        started_on=r.days("started_on", "started_on"),
        setup_complete=r.flags("setup_complete", "setup_complete"),
        first_value_on=r.days("first_value_on", "first_value_on"),
        has_adoption=has_adoption,
        expansion_signal=r.flags("expansion_signal", "expansion_signal"),
        previous_health=r.numbers("previous_health", "previous_health", SCORE),
        previous_health_on=r.days("previous_health_on", "previous_health_on"),
        kept={name: r.raw(name) for name in keep if r.has(name)},
        **{f: _counts(v) for f, v in adoption.items()},
    )


def _counts(values: FloatArray) -> NDArray[np.int64]:
    """Whole numbers as int64 (0 where missing: the row has no adoption data, or an
    unread cell that marks it)."""
    return np.nan_to_num(values).astype(np.int64)


def _commitments(r: ColumnReader | None, account: IndexArray | None) -> CommitmentTable:
    if r is None or account is None:
        return empty_commitments()
    return CommitmentTable(
        account=account,
        id=r.text("commitment_id", "id"),
        description=r.text("description", "description"),
        owner=r.text("owner", "owner"),
        made_on=r.days("made_on", "made_on"),
        due=r.days("due", "due"),
        kept_on=r.days("kept_on", "kept_on"),
        renegotiated=r.flags("renegotiated", "renegotiated"),
    )


def _outcomes(r: ColumnReader | None, account: IndexArray | None) -> OutcomeTable:
    if r is None or account is None:
        return empty_outcomes()
    return OutcomeTable(
        account=account,
        id=r.text("outcome_id", "id"),
        description=r.text("description", "description"),
        metric=r.text("metric", "metric"),
        baseline=r.numbers("baseline", "baseline", _FINITE),
        target=r.numbers("target", "target", _FINITE),
        current=r.numbers("current", "current", _FINITE),
        due=r.days("due", "due"),
        documented=r.flags("documented", "documented"),
        acknowledged=r.flags("acknowledged", "acknowledged"),
    )


def _overrides(r: ColumnReader | None, account: IndexArray | None) -> OverrideTable:
    if r is None or account is None:
        return empty_overrides()
    return OverrideTable(
        account=account,
        component=r.text("component", "component"),
        value=r.numbers("value", "value", SCORE),
        reason=r.text("reason", "reason"),
        expires_on=r.days("expires_on", "expires_on"),
    )


def _orphans(table: Any, name: str, r: ColumnReader | None) -> list[Problem]:
    """Records of an account that is not in the accounts table: no account can carry
    them, so they are always refused (every one listed)."""
    if r is None:
        return []
    rows = np.flatnonzero(table.account < 0)
    keys = as_text(r.raw("account_id"))
    return [
        Problem(
            field=f"{name}.account_id",
            value=keys[int(k)].as_py(),
            row=int(k),
            reason="names an account that is not in the accounts table",
        )
        for k in rows.tolist()
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
        if reader is None:
            continue
        label: Any = table.component if isinstance(table, OverrideTable) else table.id
        where = Where(name, table.account, label)
        placed = table.account >= 0  # an orphan's cells are listed with the orphan
        for cell in reader.unread:
            find.add(cell.rows & placed, cell.field, cell.raw, cell.reason, where=where)
    return find.found


def _days(days: FloatArray) -> pa.Array:
    """Day numbers as an Arrow date column (null where missing)."""
    missing = np.isnan(days)
    return pa.array(np.where(missing, 0, days - EPOCH_ORDINAL).astype(np.int32), mask=missing).cast(
        pa.date32()
    )


def _numbers(values: FloatArray) -> pa.Array:
    """Floats as an Arrow column, NaN (missing) as null."""
    return pa.array(values, mask=np.isnan(values))


def _text(values: Any) -> pa.Array:
    return as_text(values)


def book_tables(book: HasTables) -> dict[str, pa.Table]:
    """The book as four Arrow tables in the frame schema: what ``Book.from_frames``
    reads back to the same book. Missing values are nulls; text is Arrow strings."""
    a, c, o, v = book.accounts, book.commitments, book.outcomes, book.overrides
    accounts: dict[str, pa.Array] = {
        "account_id": _text(a.id),
        "name": _text(a.name),
        "arr": _numbers(a.arr),
        "credibility": _numbers(a.credibility),
        "intimacy": _numbers(a.intimacy),
        "self_orientation": _numbers(a.self_orientation),
        "decision_maker": _text(a.decision_maker),
        "day_to_day_owner": _text(a.day_to_day_owner),
        "accountable_owner": _text(a.accountable_owner),
        "last_executive_touch": _days(a.last_executive_touch),
        "renewal_on": _days(a.renewal_on),
        "started_on": _days(a.started_on),
        "setup_complete": pa.array(a.setup_complete),
        "first_value_on": _days(a.first_value_on),
        "expansion_signal": pa.array(a.expansion_signal),
        "previous_health": _numbers(a.previous_health),
        "previous_health_on": _days(a.previous_health_on),
    }
    for f in ADOPTION_COUNTS:
        accounts[f] = pa.array(getattr(a, f), type=pa.int64(), mask=~a.has_adoption)
    for name in a.health:
        accounts[f"health_{name}"] = _numbers(a.health[name])
        accounts[f"health_{name}_measured_on"] = _days(a.health_measured_on[name])
    accounts.update(a.kept)
    commitments = {
        "account_id": _text(pick(a.id, c.account)),
        "commitment_id": _text(c.id),
        "description": _text(c.description),
        "owner": _text(c.owner),
        "made_on": _days(c.made_on),
        "due": _days(c.due),
        "kept_on": _days(c.kept_on),
        "renegotiated": pa.array(c.renegotiated),
    }
    outcomes = {
        "account_id": _text(pick(a.id, o.account)),
        "outcome_id": _text(o.id),
        "description": _text(o.description),
        "metric": _text(o.metric),
        "baseline": _numbers(o.baseline),
        "target": _numbers(o.target),
        "current": _numbers(o.current),
        "due": _days(o.due),
        "documented": pa.array(o.documented),
        "acknowledged": pa.array(o.acknowledged),
    }
    overrides = {
        "account_id": _text(pick(a.id, v.account)),
        "component": _text(v.component),
        "value": _numbers(v.value),
        "reason": _text(v.reason),
        "expires_on": _days(v.expires_on),
    }
    return {
        "accounts": pa.table(accounts),
        "commitments": pa.table(commitments),
        "outcomes": pa.table(outcomes),
        "overrides": pa.table(overrides),
    }
