"""Health trend: the change since the last score, the early warning, and its drivers.

Proactive over reactive (seed 003; DOMAIN.md section 5, default): a drop of 15 points
or more within 30 days is an early warning even while the band is still Green. A
score that only says where it is, and not why it moved, is what users of the
commercial tools complain about most: :func:`health_trend` names the components that
moved the score, in points.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, overload

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import FloatArray, as_floats, check_range, day_number
from ._errors import InvalidInputError
from ._health import HealthScore, nan_equal
from ._validate import check_day, check_number, date_field, flag, optional

__all__ = [
    "DROP_TOLERANCE",
    "HealthTrend",
    "driver_kernel",
    "early_warning",
    "early_warning_kernel",
    "health_trend",
]

#: A drop is compared with the threshold up to this many points, so that a drop
#: written as 85.1 -> 70.1 (14.999999999999986 in floating point) counts as 15.
DROP_TOLERANCE = 1e-9

_nan_eq = attrs.cmp_using(eq=nan_equal)


def early_warning_kernel(
    previous: FloatArray,
    current: FloatArray,
    days_since: FloatArray,
    drop: float,
    window_days: float,
) -> NDArray[np.bool_]:
    """True where the score fell by ``drop`` points or more within ``window_days`` days.

    ``days_since`` counts from the previous score to the current one; the window
    includes its last day (30 days is within 30 days, 31 is not). NaN anywhere (an
    unknown score, an undated previous score) is no warning. The band plays no part:
    a Green account that falls fast is warned about while still Green.

    Examples
    --------
    >>> early_warning_kernel(np.array([90.0, 90.0, 90.0, 90.0]), np.array([75.0, 75.1, 75.0, 75.0]),
    ...                      np.array([30.0, 10.0, 31.0, np.nan]), 15.0, 30.0)
    array([ True, False, False, False])
    """
    fall = previous - current
    return (fall >= drop - DROP_TOLERANCE) & (days_since >= 0) & (days_since <= window_days)


def driver_kernel(previous_points: FloatArray, current_points: FloatArray) -> FloatArray:
    """The change in each component's points; a component absent on one side counts 0.

    NaN points (a missing component, an unknown score) count as 0, so a row of
    drivers adds up to the change in the score when both scores are known.

    Examples
    --------
    >>> driver_kernel(np.array([[40.0, 30.0, np.nan]]), np.array([[20.0, 32.0, 10.0]]))
    array([[-20.,   2.,  10.]])
    """
    return np.where(np.isnan(current_points), 0.0, current_points) - np.where(
        np.isnan(previous_points), 0.0, previous_points
    )


def _score_field(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, float) and math.isnan(value):
        return
    check_number(value, field=attribute.name, account_id=None, lo=0, hi=100)


def _change_field(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, float) and math.isnan(value):
        return
    check_number(value, field=attribute.name, account_id=None, lo=-100, hi=100)


def _drivers(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise InvalidInputError(
            field="drivers", value=value, reason="must be a mapping name -> points"
        )
    for name, points in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                field="drivers", value=name, reason="names must be non-empty strings"
            )
        check_number(points, field=f"drivers[{name!r}]", account_id=None)


def _to_dict(raw: Any) -> Any:
    return dict(raw) if isinstance(raw, dict) else raw  # else refused by name


@attrs.frozen(kw_only=True)
class HealthTrend:
    """How an account's health moved since its last score, and why.

    Parameters
    ----------
    current, previous : float
        The scores now and last time (0-100); NaN when unknown or, for
        ``previous``, when there is no previous score.
    change : float
        ``current - previous`` in points; NaN when either is unknown.
    as_of, previous_on : datetime.date, datetime.date or None
        The days of the two scores.
    early_warning : bool
        A drop of ``drop`` points or more within ``window_days`` days (15 within
        30 by default), whatever the band.
    drivers : dict of str to float
        The components that moved the score, with the points each added (positive)
        or took away (negative), the largest move first; components that did not
        move are left out. They add up to ``change`` (up to rounding). Known only
        when both scores are :class:`HealthScore` objects with known values;
        empty otherwise. A change of override shows as ``"(override)"``.

    Examples
    --------
    >>> from datetime import date
    >>> t = HealthTrend(current=72.0, previous=90.0, change=-18.0, as_of=date(2026, 3, 31),
    ...                 previous_on=date(2026, 3, 6), early_warning=True)
    >>> t.days
    25
    """

    current: float = attrs.field(eq=_nan_eq, validator=_score_field)
    previous: float = attrs.field(eq=_nan_eq, validator=_score_field)
    change: float = attrs.field(eq=_nan_eq, validator=_change_field)
    as_of: date = attrs.field(validator=date_field)
    previous_on: date | None = attrs.field(default=None, validator=optional(date_field))
    early_warning: bool = attrs.field(default=False, validator=flag)
    drivers: dict[str, float] = attrs.field(factory=dict, converter=_to_dict, validator=_drivers)

    @property
    def days(self) -> int | None:
        """Days from the previous score to this one; None without a previous date."""
        return None if self.previous_on is None else (self.as_of - self.previous_on).days


def _level(score: Any, *, field: str) -> float:
    if isinstance(score, HealthScore):
        return score.value
    if isinstance(score, float) and math.isnan(score):
        return score
    check_number(score, field=field, account_id=None, lo=0, hi=100)
    return float(score)


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
    drop: float = 15.0,
    window_days: float = 30.0,
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
    today = check_day(as_of, field="as_of")
    now = _level(current, field="current")
    check_number(drop, field="drop", account_id=None, lo=0, hi=100, lo_open=True)
    check_number(window_days, field="window_days", account_id=None, lo=0, lo_open=True)
    if previous is None:
        if previous_on is not None:
            raise InvalidInputError(
                field="previous_on",
                value=previous_on,
                reason="must be None without a previous score",
            )
        return HealthTrend(current=now, previous=math.nan, change=math.nan, as_of=today)
    before = _level(previous, field="previous")
    if not isinstance(previous_on, date) or isinstance(previous_on, datetime):
        raise InvalidInputError(
            field="previous_on",
            value=previous_on,
            reason="must be a datetime.date with a previous score",
        )
    if previous_on > today:
        raise InvalidInputError(
            field="previous_on", value=previous_on, reason=f"is after as_of={today.isoformat()}"
        )
    days = np.array([day_number(today) - day_number(previous_on)])
    warned = early_warning_kernel(np.array([before]), np.array([now]), days, drop, window_days)
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
    drop: float = 15.0,
    window_days: float = 30.0,
) -> bool | NDArray[np.bool_]:
    """The early warning of DOMAIN.md section 5, for one account or many (arrays broadcast).

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
    check_number(drop, field="drop", account_id=None, lo=0, hi=100, lo_open=True)
    check_number(window_days, field="window_days", account_id=None, lo=0, lo_open=True)
    arrays = []
    for name, value in (("previous", previous), ("current", current)):
        arr = as_floats(value, field=name)
        check_range(arr, field=name, lo=0, hi=100, allow_nan=True)
        arrays.append(arr)
    days = as_floats(days_since, field="days_since")
    bad = ~(np.isnan(days) | (np.isfinite(days) & (days >= 0)))
    if bad.any():
        raise InvalidInputError(
            field="days_since",
            value=float(days) if days.ndim == 0 else days[bad].tolist()[:5],
            reason="must be finite and >= 0, or NaN (no previous date)",
        )
    try:
        before, now, gap = np.broadcast_arrays(*arrays, days)
    except ValueError:
        raise InvalidInputError(
            field="shape",
            value=(arrays[0].shape, arrays[1].shape, days.shape),
            reason="previous, current and days_since do not broadcast together",
        ) from None
    warned = early_warning_kernel(before, now, gap, drop, window_days)
    return bool(warned) if warned.ndim == 0 else warned
