"""Lifecycle stages and the adoption measures in one call (docs/rules.md#stages).

The stage of an account comes from the book scorer (``assess``, ``score_book``); here
are the adoption measures of the customer-success pipeline (time to value, activation
rate, weekly active usage, depth, breadth) and the check of a stage move.
"""

from __future__ import annotations

from datetime import date
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from .._enums import Stage
from .._errors import InvalidInputError
from .._model.validators import DAY, InstanceOf, Number, not_above, not_before, refuse
from .._rules.stages import share_kernel
from .._types import FloatArray
from .arrays import as_floats, broadcast, check_values, unwrap

__all__ = [
    "activation_rate",
    "breadth",
    "check_transition",
    "depth",
    "time_to_value",
    "weekly_active_usage",
]

_COUNT = Number(lo=0)


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
        InstanceOf(Stage).check(value, field=name, account_id=account_id)
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


def _share(part: ArrayLike, whole: ArrayLike, names: tuple[str, str]) -> float | FloatArray:
    p, w = broadcast(
        **{
            names[0]: check_values(as_floats(part, field=names[0]), _COUNT, field=names[0]),
            names[1]: check_values(as_floats(whole, field=names[1]), _COUNT, field=names[1]),
        }
    )
    over = np.flatnonzero((p > w).ravel())
    if over.size and p.ndim == 0:
        refuse(float(p), not_above(names[1], float(w)), field=names[0])
    if over.size:
        refuse(
            p.ravel()[over[:5]].tolist(),
            f"{over.size} of {p.size} values exceed {names[1]}, first at positions "
            f"{over[:5].tolist()}",
            field=names[0],
        )
    share: float | FloatArray = unwrap(share_kernel(p, w))
    return share


@overload
def weekly_active_usage(weekly_active_users: float, licensed_users: float) -> float: ...
@overload
def weekly_active_usage(
    weekly_active_users: ArrayLike, licensed_users: ArrayLike
) -> FloatArray: ...
def weekly_active_usage(
    weekly_active_users: ArrayLike, licensed_users: ArrayLike
) -> float | FloatArray:
    """Weekly active usage: is it becoming a habit? NaN with no licences.

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
    """Depth of use: core workflows used / core workflows.

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
    """Breadth of use: teams using / teams.

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
    DAY.check(started_on, field="started_on")
    if first_value_on is None:
        return None
    DAY.check(first_value_on, field="first_value_on")
    if first_value_on < started_on:
        refuse(first_value_on, not_before("started_on", started_on), field="first_value_on")
    return (first_value_on - started_on).days


def activation_rate(reached_first_value: ArrayLike) -> float:
    """The share of accounts that reached the value milestone; NaN for none.

    Examples
    --------
    >>> activation_rate([True, False, True, True])
    0.75
    """
    try:
        flags = np.asarray(reached_first_value)
    except ValueError:  # ragged nested lists
        flags = np.asarray(None)
    if flags.dtype != np.bool_:
        raise InvalidInputError(
            field="reached_first_value",
            value=reached_first_value,
            reason="must be booleans (one per account)",
        )
    return float(flags.mean()) if flags.size else float("nan")
