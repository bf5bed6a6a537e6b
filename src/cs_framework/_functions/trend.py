"""Health trend: the change since the last score, the early warning, and its drivers.

Proactive over reactive (the distilled CS principles): a drop of 15 points or more
within 30 days is an early warning even while the band is still Green. A score that
only says where it is, and not why it moved, is what users of the commercial tools
complain about most: :func:`health_trend` names the components that moved the score,
in points. The rules are stated in docs/rules.md#health.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._defaults import EARLY_WARNING_DAYS, EARLY_WARNING_DROP
from .._model.results import HealthScore, HealthTrend
from .._model.validators import DAY, Number, refuse
from .._rules.health import driver_kernel, early_warning_kernel
from .._types import day_number
from .arrays import as_floats, broadcast, check_values, unwrap_flag

__all__ = ["early_warning", "health_trend"]

_DROP = Number(lo=0, hi=100, lo_open=True)
_WINDOW = Number(lo=0, lo_open=True)
_SCORE_OR_NAN = Number(lo=0, hi=100, nan_ok=True)
_DAYS_OR_NAN = Number(lo=0, nan_ok=True)


def _level(score: Any, *, field: str) -> float:
    if isinstance(score, HealthScore):
        return score.value
    return _SCORE_OR_NAN.check(score, field=field)


def _explain(previous: HealthScore, current: HealthScore) -> dict[str, float]:
    names = list(dict.fromkeys([*current.contributions, *previous.contributions]))
    before = np.array([[previous.contributions.get(n, math.nan) for n in names]])
    after = np.array([[current.contributions.get(n, math.nan) for n in names]])
    moved = driver_kernel(before, after)[0]
    order = np.argsort(-np.abs(moved), kind="stable")
    return {names[i]: float(moved[i]) for i in order if moved[i] != 0}


def health_trend(
    current: HealthScore | float,
    previous: HealthScore | float | None,
    *,
    as_of: date,
    previous_on: date | None = None,
    drop: float = EARLY_WARNING_DROP,
    window_days: float = EARLY_WARNING_DAYS,
) -> HealthTrend:
    """The change since the last score, the early warning, and which components moved.

    Parameters
    ----------
    current : HealthScore or float
        The score now (0-100, NaN unknown).
    previous : HealthScore, float or None
        The last score (``Account.previous_health``), None when there is none.
    as_of : datetime.date
        The day of the current score.
    previous_on : datetime.date, optional
        The day of the previous score (``Account.previous_health_on``): required
        with a previous score, refused without one, not after ``as_of``.
    drop, window_days : float
        The early-warning rule: a fall of ``drop`` points or more within
        ``window_days`` days (``Policy.early_warning_drop``, 15, and
        ``Policy.early_warning_days``, 30).

    Returns
    -------
    HealthTrend

    Examples
    --------
    A Green account that fell 18 points in 25 days is warned about while still Green;
    the drivers say it was adoption:

    >>> from datetime import date
    >>> from cs_framework import health_score
    >>> weights = {"adoption": 2, "support": 1}
    >>> before = health_score({"adoption": 95, "support": 80}, weights)
    >>> now = health_score({"adoption": 68, "support": 80}, weights)
    >>> t = health_trend(now, before, as_of=date(2026, 3, 31), previous_on=date(2026, 3, 6))
    >>> t.change, now.band.name, t.early_warning, t.drivers
    (-18.0, 'GREEN', True, {'adoption': -18.0})
    >>> health_trend(now, 90.0, as_of=date(2026, 3, 31))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: previous_on=None: must be a datetime.date with a previous score
    """
    today = DAY.check(as_of, field="as_of")
    now = _level(current, field="current")
    fall = _DROP.check(drop, field="drop")
    window = _WINDOW.check(window_days, field="window_days")
    if previous is None:
        if previous_on is not None:
            refuse(previous_on, "must be None without a previous score", field="previous_on")
        return HealthTrend(current=now, previous=math.nan, change=math.nan, as_of=today)
    before = _level(previous, field="previous")
    if not DAY.accepts(previous_on):
        refuse(previous_on, "must be a datetime.date with a previous score", field="previous_on")
    assert previous_on is not None  # for the type checker: accepted above
    if previous_on > today:
        refuse(previous_on, f"is after as_of={today.isoformat()}", field="previous_on")
    days = np.array([day_number(today) - day_number(previous_on)])
    warned = early_warning_kernel(np.array([before]), np.array([now]), days, fall, window)
    both = isinstance(current, HealthScore) and isinstance(previous, HealthScore)
    known = not (math.isnan(now) or math.isnan(before))
    drivers = _explain(previous, current) if both and known else {}  # type: ignore[arg-type]
    return HealthTrend(
        current=now,
        previous=before,
        change=now - before,
        as_of=today,
        previous_on=previous_on,
        early_warning=bool(warned[0]),
        drivers=drivers,
    )


@overload
def early_warning(
    previous: float,
    current: float,
    days_since: float,
    *,
    drop: float = ...,
    window_days: float = ...,
) -> bool: ...
@overload
def early_warning(
    previous: ArrayLike,
    current: ArrayLike,
    days_since: ArrayLike,
    *,
    drop: float = ...,
    window_days: float = ...,
) -> NDArray[np.bool_]: ...
def early_warning(
    previous: ArrayLike,
    current: ArrayLike,
    days_since: ArrayLike,
    *,
    drop: float = EARLY_WARNING_DROP,
    window_days: float = EARLY_WARNING_DAYS,
) -> bool | NDArray[np.bool_]:
    """The early warning for one account or many (arrays broadcast; docs/rules.md#health).

    Parameters
    ----------
    previous, current : float or array_like
        Scores on [0, 100]; NaN (unknown, or no previous score) gives no warning.
    days_since : float or array_like
        Days from the previous score to the current one, >= 0; NaN (undated)
        gives no warning.
    drop, window_days : float
        A fall of ``drop`` points or more within ``window_days`` days warns.

    Returns
    -------
    bool or ndarray of bool

    Examples
    --------
    >>> early_warning(90, 75, 30), early_warning(90, 75.1, 30), early_warning(90, 75, 31)
    (True, False, False)
    >>> early_warning([90, 90], [70, 89], 7)
    array([ True, False])
    """
    fall = _DROP.check(drop, field="drop")
    window = _WINDOW.check(window_days, field="window_days")
    before, now, gap = broadcast(
        previous=check_values(
            as_floats(previous, field="previous"), _SCORE_OR_NAN, field="previous"
        ),
        current=check_values(as_floats(current, field="current"), _SCORE_OR_NAN, field="current"),
        days_since=check_values(
            as_floats(days_since, field="days_since"), _DAYS_OR_NAN, field="days_since"
        ),
    )
    return unwrap_flag(early_warning_kernel(before, now, gap, fall, window))  # type: ignore[no-any-return]
