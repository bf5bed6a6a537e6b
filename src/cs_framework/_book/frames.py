"""Tables from data frames and back: pandas, polars or pyarrow, through narwhals.

One loader serves every frame library (narwhals translates); numeric columns are
taken as NumPy arrays without a copy where the library allows it. The loader returns
tables, never a Book: the Book checks them. The column schema is documented in
``docs/books.md``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidInputError
from .._types import EPOCH_ORDINAL, FloatArray, as_dates, day_number
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

__all__ = [
    "ACCOUNT_COLUMNS",
    "COMMITMENT_COLUMNS",
    "OUTCOME_COLUMNS",
    "OVERRIDE_COLUMNS",
    "book_columns",
    "tables_from_frames",
]

#: Account columns: name -> kind. ``health_<name>`` (float) and
#: ``health_<name>_measured_on`` (date) add health components.
ACCOUNT_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "name": "text (default: the account id)",
    "arr": "float, required",
    "credibility": "float or null",
    "intimacy": "float or null",
    "self_orientation": "float or null",
    "decision_maker": "text or null",
    "day_to_day_owner": "text or null",
    "accountable_owner": "text or null",
    "last_executive_touch": "date or null",
    "renewal_on": "date or null",
    "started_on": "date or null",
    "setup_complete": "bool (default false)",
    "first_value_on": "date or null",
    "licensed_users": "int or null (null: no adoption data)",
    "weekly_active_users": "int or null",
    "core_workflows": "int or null",
    "core_workflows_used": "int or null",
    "teams": "int or null",
    "teams_using": "int or null",
    "expansion_signal": "bool (default false)",
    "previous_health": "float or null (the last health score, for the trend)",
    "previous_health_on": "date or null (the day of the last health score)",
}
COMMITMENT_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "commitment_id": "text or int, required",
    "description": "text, required",
    "owner": "text or null",
    "made_on": "date, required",
    "due": "date, required",
    "kept_on": "date or null",
    "renegotiated": "bool (default false)",
}
OUTCOME_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "outcome_id": "text or int, required",
    "description": "text, required",
    "metric": "text, required",
    "baseline": "float, required",
    "target": "float, required",
    "current": "float or null",
    "due": "date or null",
    "documented": "bool (default false)",
    "acknowledged": "bool (default false)",
}
OVERRIDE_COLUMNS: dict[str, str] = {
    "account_id": "text, required",
    "component": "text or null (null: the overall score)",
    "value": "float, required",
    "reason": "text, required",
    "expires_on": "date, required",
}


def _frame(native: Any, table: str) -> Any:
    try:
        import narwhals as nw
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise InvalidInputError(
            field=table,
            value=type(native).__name__,
            reason="loading frames needs narwhals: pip install 'cs_framework[frames]'",
        ) from None
    try:
        return nw.from_native(native, eager_only=True)
    except TypeError:
        raise InvalidInputError(
            field=table,
            value=type(native).__name__,
            reason="must be a pandas or polars DataFrame or a pyarrow Table",
        ) from None


class _Columns:
    """Typed access to one frame's columns, refusing what is missing or mistyped."""

    def __init__(self, frame: Any, table: str, schema: dict[str, str]) -> None:
        self.frame, self.table, self.n = frame, table, len(frame)
        unknown = [
            c
            for c in frame.columns
            if c not in schema and not (table == "accounts" and c.startswith("health_"))
        ]
        if unknown:
            raise InvalidInputError(
                field=f"{table}.{unknown[0]}",
                value=unknown,
                reason=f"unknown column(s); expected some of: {', '.join(schema)}",
            )

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def _raw(self, name: str, required: bool) -> NDArray[Any] | None:
        if not self.has(name):
            if required:
                raise InvalidInputError(
                    field=f"{self.table}.{name}", value=None, reason="required column missing"
                )
            return None
        return np.asarray(self.frame[name].to_numpy())

    def floats(self, name: str, *, required: bool = False) -> FloatArray:
        raw = self._raw(name, required)
        if raw is None:
            return np.full(self.n, np.nan)
        if raw.dtype.kind in "iuf":
            return raw.astype(np.float64, copy=False)
        if raw.dtype == object and all(v is None for v in raw):
            return np.full(self.n, np.nan)  # a column with nothing in it yet
        raise InvalidInputError(
            field=f"{self.table}.{name}", value=str(raw.dtype), reason="must be a numeric column"
        )

    def counts(self, name: str) -> FloatArray:
        """Whole numbers (NaN for null); a fraction is refused, never truncated."""
        values = self.floats(name)
        fractional = np.flatnonzero(~np.isnan(values) & (values != np.floor(values)))
        if fractional.size:
            raise InvalidInputError(
                field=f"{self.table}.{name}",
                value=values[fractional[:5]].tolist(),
                reason=f"{fractional.size} values are not whole numbers, first at rows "
                f"{fractional[:5].tolist()}",
            )
        return values

    def flags(self, name: str) -> NDArray[np.bool_]:
        raw = self._raw(name, False)
        if raw is None:
            return np.zeros(self.n, dtype=bool)
        if raw.dtype == np.bool_:
            return raw
        raise InvalidInputError(
            field=f"{self.table}.{name}",
            value=str(raw.dtype),
            reason="must be a boolean column with no nulls",
        )

    def days(self, name: str, *, required: bool = False) -> FloatArray:
        raw = self._raw(name, required)
        if raw is None:
            return np.full(self.n, np.nan)
        if raw.dtype.kind == "M":
            whole = raw.astype("datetime64[D]")
            timed = np.flatnonzero(~np.isnat(raw) & (whole != raw))
            if timed.size:  # a time of day would be cut off: refuse, do not truncate
                raise InvalidInputError(
                    field=f"{self.table}.{name}",
                    value=raw[timed[:5]].astype(str).tolist(),
                    reason=f"{timed.size} values carry a time of day; give dates, "
                    f"first at rows {timed[:5].tolist()}",
                )
            out = whole.astype(np.int64).astype(np.float64) + EPOCH_ORDINAL
            out[np.isnat(whole)] = np.nan
            return out
        if raw.dtype == object and all(
            v is None or (isinstance(v, date) and not isinstance(v, datetime)) for v in raw
        ):
            return np.array([day_number(v) for v in raw], dtype=np.float64)
        raise InvalidInputError(
            field=f"{self.table}.{name}", value=str(raw.dtype), reason="must be a date column"
        )

    def objects(self, name: str, *, required: bool = False) -> NDArray[Any]:
        raw = self._raw(name, required)
        if raw is None:
            out = np.empty(self.n, dtype=object)
            out[:] = None
            return out
        missing = np.asarray(self.frame[name].is_null().to_numpy(), dtype=bool)
        if not missing.any():
            return raw  # whole-number ids stay numbers: faster to check, lighter to hold
        out = raw.astype(object)
        out[missing] = None  # one spelling of "missing", whatever the library used
        return out


def _positions(ids: NDArray[Any], keys: NDArray[Any], table: str) -> NDArray[np.intp]:
    """The account position of each row's account id.

    Rows usually come grouped by account, so only the first row of each run of equal
    ids is looked up (a hash lookup), and the runs are filled by repetition.
    """
    if len(keys) == 0:
        return np.zeros(0, dtype=np.intp)
    position = {key: k for k, key in enumerate(ids.tolist())}
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    heads = np.fromiter(
        (position.get(key, -1) for key in keys[starts].tolist()),
        dtype=np.intp,
        count=len(starts),
    )
    found = np.repeat(heads, np.diff(np.append(starts, len(keys))))
    unknown = np.flatnonzero(found < 0)
    if unknown.size:
        raise InvalidInputError(
            field=f"{table}.account_id",
            value=keys[unknown[:5]].tolist(),
            reason=f"{unknown.size} rows name an account that is not in the accounts table",
        )
    return found


def tables_from_frames(
    accounts: Any, commitments: Any = None, outcomes: Any = None, overrides: Any = None
) -> tuple[AccountTable, CommitmentTable, OutcomeTable, OverrideTable]:
    """The four tables of a book from one frame each of accounts, commitments, outcomes
    and overrides (the last three optional). Columns are typed here; rows are checked
    by the Book."""
    a = _Columns(_frame(accounts, "accounts"), "accounts", ACCOUNT_COLUMNS)
    ids = a.objects("account_id", required=True)
    names = a.objects("name") if a.has("name") else ids
    components = sorted(
        c[len("health_") :]
        for c in a.frame.columns
        if c.startswith("health_") and not c.endswith("_measured_on")
    )
    adoption = {f: a.counts(f) for f in ADOPTION_COUNTS}
    has_adoption = ~np.isnan(adoption["licensed_users"])
    for f, values in adoption.items():
        partial = np.flatnonzero(np.isnan(values) != ~has_adoption)
        if partial.size:
            raise InvalidInputError(
                field=f"accounts.{f}",
                value=None,
                reason=f"the six adoption counts are all given or all null; {partial.size} rows "
                f"differ from licensed_users, first at rows {partial[:5].tolist()}",
            )
    table = AccountTable(
        id=ids,
        name=names,
        arr=a.floats("arr", required=True),
        credibility=a.floats("credibility"),
        intimacy=a.floats("intimacy"),
        self_orientation=a.floats("self_orientation"),
        health={c: a.floats(f"health_{c}") for c in components},
        health_measured_on={c: a.days(f"health_{c}_measured_on") for c in components},
        decision_maker=a.objects("decision_maker"),
        day_to_day_owner=a.objects("day_to_day_owner"),
        accountable_owner=a.objects("accountable_owner"),
        last_executive_touch=a.days("last_executive_touch"),
        renewal_on=a.days("renewal_on"),
        started_on=a.days("started_on"),
        setup_complete=a.flags("setup_complete"),
        first_value_on=a.days("first_value_on"),
        has_adoption=has_adoption,
        expansion_signal=a.flags("expansion_signal"),
        previous_health=a.floats("previous_health"),
        previous_health_on=a.days("previous_health_on"),
        **{f: np.nan_to_num(v).astype(np.int64) for f, v in adoption.items()},
    )
    return (
        table,
        _commitments(commitments, ids),
        _outcomes(outcomes, ids),
        _overrides(overrides, ids),
    )


def _commitments(native: Any, ids: NDArray[Any]) -> CommitmentTable:
    if native is None:
        return empty_commitments()
    c = _Columns(_frame(native, "commitments"), "commitments", COMMITMENT_COLUMNS)
    return CommitmentTable(
        account=_positions(ids, c.objects("account_id", required=True), "commitments"),
        id=c.objects("commitment_id", required=True),
        description=c.objects("description", required=True),
        owner=c.objects("owner"),
        made_on=c.days("made_on", required=True),
        due=c.days("due", required=True),
        kept_on=c.days("kept_on"),
        renegotiated=c.flags("renegotiated"),
    )


def _outcomes(native: Any, ids: NDArray[Any]) -> OutcomeTable:
    if native is None:
        return empty_outcomes()
    o = _Columns(_frame(native, "outcomes"), "outcomes", OUTCOME_COLUMNS)
    return OutcomeTable(
        account=_positions(ids, o.objects("account_id", required=True), "outcomes"),
        id=o.objects("outcome_id", required=True),
        description=o.objects("description", required=True),
        metric=o.objects("metric", required=True),
        baseline=o.floats("baseline", required=True),
        target=o.floats("target", required=True),
        current=o.floats("current"),
        due=o.days("due"),
        documented=o.flags("documented"),
        acknowledged=o.flags("acknowledged"),
    )


def _overrides(native: Any, ids: NDArray[Any]) -> OverrideTable:
    if native is None:
        return empty_overrides()
    v = _Columns(_frame(native, "overrides"), "overrides", OVERRIDE_COLUMNS)
    return OverrideTable(
        account=_positions(ids, v.objects("account_id", required=True), "overrides"),
        component=v.objects("component"),
        value=v.floats("value", required=True),
        reason=v.objects("reason", required=True),
        expires_on=v.days("expires_on", required=True),
    )


def book_columns(book: HasTables) -> dict[str, dict[str, NDArray[Any]]]:
    """The book as three dicts of NumPy columns in the frame schema (dates as datetime64).

    Feed each dict to ``pandas.DataFrame``, ``polars.DataFrame`` or ``pyarrow.table``.
    """
    a, c, o = book.accounts, book.commitments, book.outcomes
    accounts: dict[str, NDArray[Any]] = {
        "account_id": a.id,
        "name": a.name,
        "arr": a.arr,
        "credibility": a.credibility,
        "intimacy": a.intimacy,
        "self_orientation": a.self_orientation,
        "decision_maker": a.decision_maker,
        "day_to_day_owner": a.day_to_day_owner,
        "accountable_owner": a.accountable_owner,
        "last_executive_touch": as_dates(a.last_executive_touch),
        "renewal_on": as_dates(a.renewal_on),
        "started_on": as_dates(a.started_on),
        "setup_complete": a.setup_complete,
        "first_value_on": as_dates(a.first_value_on),
        "expansion_signal": a.expansion_signal,
        "previous_health": a.previous_health,
        "previous_health_on": as_dates(a.previous_health_on),
    }
    for f in ADOPTION_COUNTS:
        accounts[f] = np.where(a.has_adoption, getattr(a, f), np.nan)
    for name in a.health:
        accounts[f"health_{name}"] = a.health[name]
        accounts[f"health_{name}_measured_on"] = as_dates(a.health_measured_on[name])
    commitments: dict[str, NDArray[Any]] = {
        "account_id": a.id[c.account],
        "commitment_id": c.id,
        "description": c.description,
        "owner": c.owner,
        "made_on": as_dates(c.made_on),
        "due": as_dates(c.due),
        "kept_on": as_dates(c.kept_on),
        "renegotiated": c.renegotiated,
    }
    outcomes: dict[str, NDArray[Any]] = {
        "account_id": a.id[o.account],
        "outcome_id": o.id,
        "description": o.description,
        "metric": o.metric,
        "baseline": o.baseline,
        "target": o.target,
        "current": o.current,
        "due": as_dates(o.due),
        "documented": o.documented,
        "acknowledged": o.acknowledged,
    }
    v = book.overrides
    overrides: dict[str, NDArray[Any]] = {
        "account_id": a.id[v.account],
        "component": v.component,
        "value": v.value,
        "reason": v.reason,
        "expires_on": as_dates(v.expires_on),
    }
    return {
        "accounts": accounts,
        "commitments": commitments,
        "outcomes": outcomes,
        "overrides": overrides,
    }
