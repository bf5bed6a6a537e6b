"""Validators shared by the domain objects: each refuses a bad value by name.

Every check raises :class:`InvalidInputError` naming the field, the value and the
account the object belongs to, so a user never has to guess which row was wrong.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs

from ._errors import InvalidInputError

__all__ = [
    "account_of",
    "check_day",
    "check_number",
    "date_field",
    "flag",
    "member_of",
    "number",
    "optional",
    "text",
    "whole",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def account_of(instance: Any) -> str | None:
    """The id of the account an object belongs to, for error messages."""
    owner = getattr(instance, "account_id", None)
    if owner is None and type(instance).__name__ == "Account":
        owner = instance.id
    return owner if isinstance(owner, str) and owner.strip() else None


def _bounds_text(lo: float | None, hi: float | None, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        return f"must be a finite number in {'(' if lo_open else '['}{lo:g}, {hi:g}]"
    if lo is not None:
        return f"must be a finite number {'>' if lo_open else '>='} {lo:g}"
    return "must be a finite number"


def check_number(
    value: Any,
    *,
    field: str,
    account_id: str | None,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
) -> None:
    """Refuse anything but a finite real number within the given bounds."""
    reason = _bounds_text(lo, hi, lo_open)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidInputError(field=field, value=value, account_id=account_id, reason=reason)
    number = float(value)
    ok = math.isfinite(number)
    if ok and lo is not None:
        ok = number > lo if lo_open else number >= lo
    if ok and hi is not None:
        ok = number <= hi
    if not ok:
        raise InvalidInputError(field=field, value=value, account_id=account_id, reason=reason)


def number(*, lo: float | None = None, hi: float | None = None, lo_open: bool = False) -> Validator:
    """An attrs validator: a finite real number within ``[lo, hi]``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check_number(
            value,
            field=attribute.name,
            account_id=account_of(instance),
            lo=lo,
            hi=hi,
            lo_open=lo_open,
        )

    return validate


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An attrs validator: a string that is not empty or blank."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            field=attribute.name,
            value=value,
            account_id=account_of(instance),
            reason="must be a non-empty string",
        )


def check_day(value: Any, *, field: str, account_id: str | None = None) -> date:
    """Refuse anything but a calendar date (a ``datetime`` is refused, it is ambiguous)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInputError(
            field=field, value=value, account_id=account_id, reason="must be a datetime.date"
        )
    return value


def date_field(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An attrs validator: a calendar date (see :func:`check_day`)."""
    check_day(value, field=attribute.name, account_id=account_of(instance))


def optional(validator: Validator) -> Validator:
    """Let None through, check anything else with ``validator``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return validate


def flag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An attrs validator: exactly ``True`` or ``False`` (no truthy stand-ins)."""
    if not isinstance(value, bool):
        raise InvalidInputError(
            field=attribute.name,
            value=value,
            account_id=account_of(instance),
            reason="must be True or False",
        )


def member_of(kind: type[Any]) -> Validator:
    """An attrs validator: an instance of ``kind`` (an enum or a domain class)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidInputError(
                field=attribute.name,
                value=value,
                account_id=account_of(instance),
                reason=f"must be a {kind.__name__}",
            )

    return validate


def whole(*, lo: int = 0) -> Validator:
    """An attrs validator: an ``int`` (not a bool) of at least ``lo``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < lo:
            raise InvalidInputError(
                field=attribute.name,
                value=value,
                account_id=account_of(instance),
                reason=f"must be a whole number >= {lo}",
            )

    return validate
