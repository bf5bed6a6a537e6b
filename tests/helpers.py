"""Small builders for tests: valid objects with one field changed."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from cs_framework import (
    Account,
    Band,
    Commitment,
    CoverageModel,
    HealthScore,
    HealthTrend,
    InvalidInputError,
    Outcome,
    Override,
    Segment,
)

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


def health_score_of(**changes: Any) -> HealthScore:
    """A valid YELLOW HealthScore (50) with some fields changed."""
    fields: dict[str, Any] = {"value": 50.0, "band": Band.YELLOW, "coverage": 1.0}
    return HealthScore(**{**fields, **changes})


def health_trend_of(**changes: Any) -> HealthTrend:
    """A valid HealthTrend (90 -> 72 by 2026-03-31) with some fields changed."""
    fields: dict[str, Any] = {
        "current": 72.0,
        "previous": 90.0,
        "change": -18.0,
        "as_of": date(2026, 3, 31),
    }
    return HealthTrend(**{**fields, **changes})


def segment_tier(**changes: Any) -> Segment:
    """A valid open-ended tier from 0 with some fields changed."""
    fields: dict[str, Any] = {
        "name": "Tier",
        "min_arr": 0,
        "max_arr": math.inf,
        "coverage": CoverageModel.DIGITAL,
        "accounts_per_csm": 10,
    }
    return Segment(**{**fields, **changes})


def override_of(component: str | None, value: float = 10.0) -> Override:
    """A CSM override that expires on DAY (2026-03-01)."""
    return Override(component=component, value=value, reason="CSM call", expires_on=DAY)


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


def scored_rows(table: Any) -> list[dict[str, Any]]:
    """A scored Arrow table's rows by account id, NaN made comparable, row numbers
    out of the messages (a Spark DataFrame has no row order: score_spark names none)."""
    rows = table.sort_by("account_id").to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[key] = "NaN"
        if row.get("error"):
            row["error"] = re.sub(r"(, )?row \d+\)", ")", row["error"]).replace(" ()", "")
    return rows
