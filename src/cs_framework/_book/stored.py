"""Books and scored books as JSON (``to_json``/``from_json``).

A book is stored as its frames (``Book.to_frames``): one object per table, column
name -> list of values (dates as ISO text), beside the kept column names, the Arrow
types of kept dates and times (JSON gives them back as text: the document says what
they were), and the book's own health components. It reads back through the frames
loader, so a stored book is checked as any export is. A scored book is stored as
``ScoredBook.to_arrow`` writes it, its NaN as null, and read back by
``ScoredBook.from_arrow``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import cattrs
import pyarrow as pa

from .._errors import InvalidInputError
from .._model.policy import Policy
from .book import Book, load_frames, refuse_marked
from .frames import book_tables
from .results import in_zone, zone_key
from .scored import COLUMNS, ScoredBook
from .sources import TABLES

__all__ = ["book_data", "book_from_data", "register"]

_BOOK_KEYS = (*TABLES, "keep", "types", "components", "errors")

#: The Arrow types of dates and times, as ``str(type)`` writes them.
_TIME_TYPE = re.compile(r"date32\[day\]|date64\[ms\]|timestamp\[(s|ms|us|ns)(?:, tz=(.+))?\]")


def _json_cell(value: Any, where: str) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInputError(
            field=where,
            value=value,
            reason="JSON has no NaN or infinity: write the book to Parquet (Book.write_parquet)",
        )
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise InvalidInputError(
        field=where,
        value=repr(value)[:80],
        reason="JSON holds text, numbers, true/false and dates: write the book to Parquet "
        "(Book.write_parquet)",
    )


def book_data(book: Book) -> dict[str, Any]:
    """A book as plain data for JSON: its frames column by column, and what reads them back.

    Examples
    --------
    >>> from cs_framework.examples import example_accounts
    >>> data = book_data(Book.from_accounts(example_accounts()))
    >>> data["commitments"]["due"][:2], data["keep"], data["components"]
    (['2026-04-15', '2026-05-29'], [], ['adoption', 'engagement', 'sentiment', 'support'])
    """
    refuse_marked(book)
    out: dict[str, Any] = {}
    for name, table in book_tables(book).items():
        out[name] = {
            column: [_json_cell(v, f"{name}.{column}") for v in table.column(column).to_pylist()]
            for column in table.column_names
        }
    out["keep"] = list(book.accounts.kept)
    out["types"] = _time_types(book.accounts.kept)
    out["components"] = list(book.accounts.health)
    return out


def _time_types(columns: Mapping[str, pa.Array]) -> dict[str, str]:
    """The Arrow types of the date and time columns: JSON gives them back as text."""
    return {
        name: str(values.type)
        for name, values in columns.items()
        if pa.types.is_date(values.type) or pa.types.is_timestamp(values.type)
    }


def _with_times(table: pa.Table | None, types: Any, where: str) -> pa.Table | None:
    """``table`` with its date and time columns (ISO text in JSON) cast back to the Arrow
    types :func:`_time_types` wrote."""
    if not isinstance(types, Mapping):
        raise InvalidInputError(
            field="types", value=_shown(types), reason="must map column names to Arrow types"
        )
    for column, name in types.items():
        kind = _TIME_TYPE.fullmatch(name) if isinstance(name, str) else None
        if table is None or kind is None or column not in table.column_names:
            raise InvalidInputError(
                field=f"types.{column}",
                value=_shown(name),
                reason=f"must name a column of {where} and a date or timestamp type "
                "(date32[day], timestamp[us, tz=UTC], ...)",
            )
        values = table.column(column)
        cast = _as_times(values, kind)
        if cast is None:
            raise InvalidInputError(
                field=f"{where}.{column}",
                value=_shown(values.to_pylist()),
                reason=f"must hold ISO 8601 text of {name} (its entry in types), or null",
            )
        table = table.set_column(table.schema.get_field_index(column), column, cast)
    return table


def _as_times(values: pa.ChunkedArray, kind: re.Match[str]) -> pa.ChunkedArray | None:
    """ISO text as the date or time type ``kind`` names; None when it does not read
    (numbers are not times)."""
    if not (pa.types.is_string(values.type) or pa.types.is_null(values.type)):
        return None
    unit, zone = kind.groups()
    target = pa.timestamp(unit, tz=zone) if unit else pa.type_for_alias(kind[0].split("[")[0])
    try:
        return values.cast(target)
    except pa.ArrowException:
        return None


def book_from_data(data: Any) -> Book:
    """A book from :func:`book_data`'s form, checked as frames are.

    Examples
    --------
    >>> book_from_data({"accounts": {"account_id": ["a"], "arr": [5000]}}).accounts.arr
    array([5000.])
    >>> book_from_data({"accounts": {"account_id": ["a", "b"], "arr": [1, "x"]}})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: accounts.arr=[1, 'x']: must hold values of one kind ...
    """
    if not isinstance(data, Mapping) or "accounts" not in data:
        raise InvalidInputError(
            field="", value=_shown(data), reason="a book is an object with an 'accounts' table"
        )
    unknown = [k for k in data if k not in _BOOK_KEYS]
    if unknown:
        raise InvalidInputError(
            field=f"{unknown[0]}",
            value=unknown[0],
            reason=f"unknown key: a book holds {', '.join(_BOOK_KEYS)}",
        )
    frames = [_table(name, data.get(name)) for name in TABLES]
    frames[0] = _with_times(frames[0], data.get("types", {}), "accounts")
    keep = _names(data.get("keep", []), "keep")
    components = _names(data.get("components", []), "components")
    errors = data.get("errors", "raise")
    return load_frames(
        tuple(frames),  # type: ignore[arg-type]
        columns=None,
        keep=keep,
        components=_with_scorecard(components),
        errors=errors,
    )


def _with_scorecard(components: tuple[str, ...]) -> tuple[str, ...]:
    known = tuple(Policy().scorecard.weights)
    return known + tuple(c for c in components if c not in known)


def _names(value: Any, key: str) -> tuple[str, ...]:
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise InvalidInputError(
            field=f"{key}", value=_shown(value), reason="must be a list of names"
        )
    return tuple(value)


def _table(name: str, columns: Any) -> pa.Table | None:
    if columns is None:
        return None
    if not isinstance(columns, Mapping):
        raise InvalidInputError(
            field=f"{name}",
            value=_shown(columns),
            reason="must map column names to lists of values",
        )
    arrays = {}
    for column, values in columns.items():
        if not isinstance(values, list):
            raise InvalidInputError(
                field=f"{name}.{column}", value=_shown(values), reason="must be a list of values"
            )
        try:
            arrays[str(column)] = pa.array(values)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            raise InvalidInputError(
                field=f"{name}.{column}",
                value=_shown(values),
                reason="must hold values of one kind (text, numbers, true/false, or dates as "
                "YYYY-MM-DD text), or null",
            ) from None
    lengths = {len(a) for a in arrays.values()}
    if len(lengths) > 1:
        raise InvalidInputError(
            field=f"{name}",
            value=sorted(lengths),
            reason="its columns must be lists of the same length",
        )
    return pa.table(arrays)


def _shown(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "..."


def _scored_data(scored: ScoredBook) -> dict[str, Any]:
    table = scored.to_arrow()
    return {
        "scored_at": scored.scored_at.isoformat(),
        "zone": zone_key(scored.scored_at),
        "segment_names": list(scored.segment_names),
        "types": _time_types({n: table.column(n) for n in scored.names if n not in COLUMNS}),
        "columns": {
            name: [_json_cell_or_nan(v, name) for v in table.column(name).to_pylist()]
            for name in table.column_names
        },
    }


def _json_cell_or_nan(value: Any, where: str) -> Any:
    """A scored book's NaN (not scored, unknown) travels as null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return _json_cell(value, where)


def _scored_from_data(data: Any) -> ScoredBook:
    keys = {"scored_at", "segment_names", "columns"}
    if not isinstance(data, Mapping) or not keys <= set(data) <= {*keys, "zone", "types"}:
        raise InvalidInputError(
            field="",
            value=_shown(data),
            reason="a scored book is an object of scored_at, zone (optional), segment_names, "
            "types (optional) and columns",
        )
    when = data["scored_at"]
    try:
        scored_at = datetime.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        scored_at = None
    zone = data.get("zone", "")
    if scored_at is None or not isinstance(zone, str):
        field, value = ("scored_at", when) if scored_at is None else ("zone", zone)
        raise InvalidInputError(
            field=field,
            value=_shown(value),
            reason="must be an ISO 8601 date and time"
            if scored_at is None
            else "must be a time zone name",
        )
    scored_at = in_zone(scored_at, zone)
    names = _names(data["segment_names"], "segment_names")
    table = _with_times(_table("columns", data["columns"]), data.get("types", {}), "columns")
    if table is not None and "escalation_due" in table.column_names:
        due = table.column("escalation_due")
        try:
            moments = [None if v is None else datetime.fromisoformat(v) for v in due.to_pylist()]
            cast = pa.array(moments, pa.timestamp("us", tz="UTC"))
        except (TypeError, ValueError, pa.ArrowException):
            raise InvalidInputError(
                field="columns.escalation_due",
                value=_shown(due.to_pylist()),
                reason="must hold ISO 8601 dates and times with their offset, or null",
            ) from None
        index = table.schema.get_field_index("escalation_due")
        table = table.set_column(index, "escalation_due", cast)
    return ScoredBook.from_arrow(
        pa.table({}) if table is None else table, scored_at=scored_at, segment_names=names
    )


def register(converter: cattrs.Converter) -> None:
    """Teach ``converter`` (the one behind ``to_json``/``from_json``) books and scored books."""
    converter.register_unstructure_hook(Book, book_data)
    converter.register_structure_hook(Book, lambda data, _: book_from_data(data))
    converter.register_unstructure_hook(ScoredBook, _scored_data)
    converter.register_structure_hook(ScoredBook, lambda data, _: _scored_from_data(data))
