"""Small builders for tests: valid objects with one field changed."""

from __future__ import annotations

from datetime import date
from typing import Any

from cs_framework import Account, Commitment, Outcome

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
