"""The column schema of a book's frames, declared once.

Each table's columns: the frame's column name, the table field it fills, its kind
(text, number, count, date, flag), whether it is required, and the rule a number
obeys. The loader reads by it, the writer (``Book.to_frames``) writes by it, and the
docs' schema table says the same. ``health_<name>`` and ``health_<name>_measured_on``
columns add health components to the accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, NamedTuple

import pyarrow as pa

from .._model.account import ARR, ASSESSMENT
from .._model.records import SCORE
from .._model.validators import Number, Whole

__all__ = [
    "ACCOUNT_COLUMNS",
    "CSV_TYPES",
    "Column",
    "SCHEMA",
    "columns_typed",
    "csv_types",
    "described",
]

_FINITE = Number()
COUNT: Final = Whole()


class Column(NamedTuple):
    """One column of a frame: its name, the field it fills, its kind and rule."""

    name: str
    field: str
    kind: str  # text, number, count, date, flag
    required: bool = False
    rule: Any = None  # the Number or Whole rule of a number or count
    note: str = ""


_KEY = Column("account_id", "account", "text", required=True)

SCHEMA: Final[dict[str, tuple[Column, ...]]] = {
    "accounts": (
        Column("account_id", "id", "text", required=True),
        Column("name", "name", "text", note="default: the account id"),
        Column("arr", "arr", "number", required=True, rule=ARR),
        Column("credibility", "credibility", "number", rule=ASSESSMENT),
        Column("intimacy", "intimacy", "number", rule=ASSESSMENT),
        Column("self_orientation", "self_orientation", "number", rule=ASSESSMENT),
        Column("decision_maker", "decision_maker", "text"),
        Column("day_to_day_owner", "day_to_day_owner", "text"),
        Column("accountable_owner", "accountable_owner", "text"),
        Column("last_executive_touch", "last_executive_touch", "date"),
        Column("renewal_on", "renewal_on", "date"),
        Column("started_on", "started_on", "date"),
        Column("setup_complete", "setup_complete", "flag", note="default false"),
        Column("first_value_on", "first_value_on", "date"),
        Column(
            "licensed_users", "licensed_users", "count", rule=COUNT, note="null: no adoption data"
        ),
        Column("weekly_active_users", "weekly_active_users", "count", rule=COUNT),
        Column("core_workflows", "core_workflows", "count", rule=COUNT),
        Column("core_workflows_used", "core_workflows_used", "count", rule=COUNT),
        Column("teams", "teams", "count", rule=COUNT),
        Column("teams_using", "teams_using", "count", rule=COUNT),
        Column("expansion_signal", "expansion_signal", "flag", note="default false"),
        Column(
            "previous_health",
            "previous_health",
            "number",
            rule=SCORE,
            note="the last health score, for the trend",
        ),
        Column(
            "previous_health_on",
            "previous_health_on",
            "date",
            note="the day of the last health score",
        ),
    ),
    "commitments": (
        _KEY,
        Column("commitment_id", "id", "text", required=True),
        Column("description", "description", "text", required=True),
        Column("owner", "owner", "text"),
        Column("made_on", "made_on", "date", required=True),
        Column("due", "due", "date", required=True),
        Column("kept_on", "kept_on", "date"),
        Column("renegotiated", "renegotiated", "flag", note="default false"),
    ),
    "outcomes": (
        _KEY,
        Column("outcome_id", "id", "text", required=True),
        Column("description", "description", "text", required=True),
        Column("metric", "metric", "text", required=True),
        Column("baseline", "baseline", "number", required=True, rule=_FINITE),
        Column("target", "target", "number", required=True, rule=_FINITE),
        Column("current", "current", "number", rule=_FINITE),
        Column("measured_on", "measured_on", "date", note="the day current was measured"),
        Column("due", "due", "date"),
        Column("documented", "documented", "flag", note="default false"),
        Column("acknowledged", "acknowledged", "flag", note="default false"),
    ),
    "overrides": (
        _KEY,
        Column("component", "component", "text", note="null: the overall score"),
        Column("value", "value", "number", required=True, rule=SCORE),
        Column("reason", "reason", "text", required=True),
        Column("expires_on", "expires_on", "date", required=True),
    ),
}

_KINDS = {"count": "whole number", "flag": "flag"}


def described(table: str) -> dict[str, str]:
    """``table``'s columns, each with what it holds, as the docs say it.

    Examples
    --------
    >>> described("overrides")["component"]
    'text or null (null: the overall score)'
    """
    out = {}
    for column in SCHEMA[table]:
        kind = _KINDS.get(column.kind, column.kind)
        need = ", required" if column.required else ("" if column.kind == "flag" else " or null")
        note = f" ({column.note})" if column.note else ""
        out[column.name] = f"{kind}{need}{note}"
    return out


#: The account columns and what each holds (``keep=`` may not name them).
ACCOUNT_COLUMNS: Final = described("accounts")


#: How a CSV export's column of each kind is read (never guessed from its cells).
CSV_TYPES: Final = {
    "text": pa.large_string(),
    "number": pa.float64(),
    "count": pa.int64(),  # (as floats, a count beyond 2**53 would be rounded unseen)
    "date": pa.date32(),
    "flag": pa.bool_(),
}


def columns_typed(
    columns: Sequence[Column], renames: Mapping[str, str]
) -> Callable[[str], pa.DataType | None]:
    """How each column of a CSV export is read, by its name in the file (``renames``:
    the file's names to ``columns``' names): as its kind says; None (Arrow guesses) for
    a column not in ``columns``.

    Examples
    --------
    >>> type_of = columns_typed(SCHEMA["outcomes"], {"Due": "due"})
    >>> [str(type_of(c)) for c in ("Due", "baseline", "documented", "Zip")]
    ['date32[day]', 'double', 'bool', 'None']
    """
    kinds = {c.name: CSV_TYPES[c.kind] for c in columns}
    return lambda column: kinds.get(renames.get(column, column))


def csv_types(
    table: str, renames: Mapping[str, str], keep: Sequence[str]
) -> Callable[[str], pa.DataType | None]:
    """How each column of a CSV export of a book's ``table`` is read: as its kind in the
    schema (health readings as numbers, their days as dates), kept columns as text, as
    written (a zip code ``01234`` keeps its zero); an unknown column (refused by name)
    as Arrow guesses.

    Examples
    --------
    >>> type_of = csv_types("accounts", {"ARR": "arr"}, keep=["Zip"])
    >>> [str(type_of(c)) for c in ("ARR", "account_id", "Zip", "health_nps", "other")]
    ['double', 'large_string', 'large_string', 'double', 'None']
    """
    kept = tuple(Column(k, k, "text") for k in keep) if table == "accounts" else ()
    typed = columns_typed(SCHEMA[table] + kept, renames)

    def type_of(column: str) -> pa.DataType | None:
        ours = renames.get(column, column)
        if table == "accounts" and ours.startswith("health_"):  # (keep= never names one)
            return pa.date32() if ours.endswith("_measured_on") else pa.float64()
        return typed(column)

    return type_of
