"""The column schema of a book's frames, declared once.

Each table's columns: the frame's column name, the table field it fills, its kind
(text, number, count, date, flag), whether it is required, and the rule a number
obeys. The loader reads by it, the writer (``Book.to_frames``) writes by it, and the
docs' schema table says the same. ``health_<name>`` and ``health_<name>_measured_on``
columns add health components to the accounts.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from .._model.account import ARR, ASSESSMENT
from .._model.records import SCORE
from .._model.validators import Number, Whole

__all__ = ["ACCOUNT_COLUMNS", "Column", "SCHEMA", "described"]

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
