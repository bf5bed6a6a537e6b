"""Lifecycle stages and the adoption measures (DOMAIN.md section 4, seed 002).

SETUP -> ACTIVATION -> ADOPTION -> OUTCOMES -> EXPANSION -> RENEWAL. An account is in
the first stage whose exit evidence is missing: setup complete (access, permissions,
integrations); the first real workflow done (the "first win", not "training
complete"); usage habitual (weekly active share >= 0.6 by default); an outcome
achieved and acknowledged; expansion (GROW and a signal). With every exit evidenced,
the account is in RENEWAL: "a non-event because value is proven".
"""

from __future__ import annotations

from datetime import date
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import FloatArray, as_floats, unwrap
from ._enums import Stage
from ._errors import InvalidInputError
from ._validate import check_day

__all__ = [
    "activation_rate",
    "breadth",
    "check_transition",
    "depth",
    "share_kernel",
    "stage_kernel",
    "time_to_value",
    "weekly_active_usage",
]


def stage_kernel(evidence: NDArray[np.bool_]) -> NDArray[np.int8]:
    """Stage codes from an (n, 5) matrix of exit evidence, columns in stage order.

    Examples
    --------
    >>> stage_kernel(np.array([[True, True, False, True, True], [True] * 5]))
    array([2, 5], dtype=int8)
    """
    missing = ~evidence
    first_missing = np.argmax(missing, axis=1)
    return np.where(missing.any(axis=1), first_missing, Stage.RENEWAL).astype(np.int8)


def check_transition(current: Stage, new: Stage, *, account_id: str | None = None) -> Stage:
    """Refuse a move that skips a stage; return the new stage.

    Moving one stage on, staying, or falling back (a customer can regress) is
    allowed; jumping over a stage is bad input.

    Examples
    --------
    >>> check_transition(Stage.ACTIVATION, Stage.ADOPTION).name
    'ADOPTION'
    >>> check_transition(Stage.SETUP, Stage.ADOPTION, account_id="acme")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: stage=<Stage.ADOPTION: 2> (account 'acme'): skips ACTIVATION...
    """
    for name, value in (("current", current), ("stage", new)):
        if not isinstance(value, Stage):
            raise InvalidInputError(
                field=name, value=value, account_id=account_id, reason="must be a Stage"
            )
    if new > current + 1:
        skipped = ", ".join(Stage(k).name for k in range(current + 1, new))
        raise InvalidInputError(
            field="stage",
            value=new,
            account_id=account_id,
            reason=(
                f"skips {skipped}: a move from {current.name} must go to "
                f"{Stage(current + 1).name} first"
            ),
        )
    return new


def share_kernel(part: FloatArray, whole: FloatArray) -> FloatArray:
    """``part / whole``; NaN where ``whole`` is 0 (no denominator, no measure)."""
    out = np.full(np.broadcast(part, whole).shape, np.nan)
    np.divide(part, whole, out=out, where=whole > 0)
    return out


def _share(part: ArrayLike, whole: ArrayLike, names: tuple[str, str]) -> float | FloatArray:
    p = as_floats(part, field=names[0])
    w = as_floats(whole, field=names[1])
    if not (np.isfinite(p).all() and np.isfinite(w).all() and (p >= 0).all() and (w >= 0).all()):
        raise InvalidInputError(
            field=names[0], value=part, reason=f"{names[0]} and {names[1]} must be finite and >= 0"
        )
    if (p > w).any():
        raise InvalidInputError(
            field=names[0], value=part, reason=f"must not exceed {names[1]}={whole!r}"
        )
    return unwrap(share_kernel(p, w))  # type: ignore[no-any-return]


@overload
def weekly_active_usage(weekly_active_users: float, licensed_users: float) -> float: ...
@overload
def weekly_active_usage(
    weekly_active_users: ArrayLike, licensed_users: ArrayLike
) -> FloatArray: ...
def weekly_active_usage(
    weekly_active_users: ArrayLike, licensed_users: ArrayLike
) -> float | FloatArray:
    """Weekly active usage: is it becoming a habit? (seed 002). NaN with no licences.

    Examples
    --------
    >>> weekly_active_usage(42, 60)
    0.7
    """
    return _share(weekly_active_users, licensed_users, ("weekly_active_users", "licensed_users"))


@overload
def depth(core_workflows_used: float, core_workflows: float) -> float: ...
@overload
def depth(core_workflows_used: ArrayLike, core_workflows: ArrayLike) -> FloatArray: ...
def depth(core_workflows_used: ArrayLike, core_workflows: ArrayLike) -> float | FloatArray:
    """Depth of use: core workflows used / core workflows (seed 002).

    Examples
    --------
    >>> depth([3, 5], [4, 5])
    array([0.75, 1.  ])
    """
    return _share(core_workflows_used, core_workflows, ("core_workflows_used", "core_workflows"))


@overload
def breadth(teams_using: float, teams: float) -> float: ...
@overload
def breadth(teams_using: ArrayLike, teams: ArrayLike) -> FloatArray: ...
def breadth(teams_using: ArrayLike, teams: ArrayLike) -> float | FloatArray:
    """Breadth of use: teams using / teams (seed 002).

    Examples
    --------
    >>> breadth(2, 8)
    0.25
    """
    return _share(teams_using, teams, ("teams_using", "teams"))


def time_to_value(started_on: date, first_value_on: date | None) -> int | None:
    """Days from the start of the contract to the first real outcome; None before it.

    Examples
    --------
    >>> time_to_value(date(2026, 3, 1), date(2026, 3, 20))
    19
    >>> time_to_value(date(2026, 3, 1), None) is None
    True
    """
    check_day(started_on, field="started_on")
    if first_value_on is None:
        return None
    check_day(first_value_on, field="first_value_on")
    if first_value_on < started_on:
        raise InvalidInputError(
            field="first_value_on",
            value=first_value_on,
            reason=f"must not precede started_on={started_on.isoformat()}",
        )
    return (first_value_on - started_on).days


def activation_rate(reached_first_value: ArrayLike) -> float:
    """The share of accounts that reached the value milestone (seed 002); NaN for none.

    Examples
    --------
    >>> activation_rate([True, False, True, True])
    0.75
    """
    flags = np.asarray(reached_first_value)
    if flags.dtype != np.bool_:
        raise InvalidInputError(
            field="reached_first_value",
            value=reached_first_value,
            reason="must be booleans (one per account)",
        )
    return float(flags.mean()) if flags.size else float("nan")
