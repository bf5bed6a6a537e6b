"""Small builders for tests: valid objects with one field changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from cs_framework import Account, Commitment, InvalidInputError, Outcome

DAY = date(2026, 3, 1)


def commitment(**changes: Any) -> Commitment:
    fields: dict[str, Any] = {
        "id": "c1",
        "account_id": "acme",
        "description": "Send the SSO guide",
        "owner": "dana",
        "made_on": date(2026, 1, 5),
        "due": date(2026, 1, 9),
    }
    return Commitment(**{**fields, **changes})


def outcome(**changes: Any) -> Outcome:
    fields: dict[str, Any] = {
        "id": "o1",
        "account_id": "acme",
        "description": "Cut triage time",
        "metric": "minutes per ticket",
        "baseline": 30.0,
        "target": 10.0,
    }
    return Outcome(**{**fields, **changes})


def account(**changes: Any) -> Account:
    fields: dict[str, Any] = {"id": "acme", "name": "Acme", "arr": 50_000.0}
    return Account(**{**fields, **changes})


def assert_refused(
    call: Callable[[], object],
    message: str,
    where: tuple[Any, ...],
    *,
    same_type: bool = False,
) -> InvalidInputError:
    """``call()`` raises InvalidInputError with exactly ``message``.

    ``where`` is ``(field, value)`` or ``(field, value, account_id)`` (None when left
    out); with ``same_type`` the value must also have the type of the expected one
    (a float stays a float, a list a list).
    """
    field, value, *rest = where
    with pytest.raises(InvalidInputError) as info:
        call()
    error = info.value
    assert str(error) == message
    assert (error.field, error.value, error.account_id) == (field, value, *(rest or [None]))
    if same_type:
        assert type(error.value) is type(value)
    return error
