"""Health in one call: the band of a score, the score of one account or of many.

:func:`health_score` (one account, from mappings) and :func:`health_scores` (many
accounts, from columns) check their arguments once and call the same kernels as the
book scorer (:mod:`.._rules.health`, composed by ``HealthColumns.of``). The rules are
stated in docs/rules.md#health.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._book.score import health_of
from .._defaults import GREEN_FROM, MIN_COVERAGE, STALE_AFTER_DAYS, YELLOW_FROM
from .._enums import Band
from .._errors import InvalidInputError
from .._model.account import ComponentScore
from .._model.bands import check_edges
from .._model.records import SCORE, Override
from .._model.results import HealthColumns, HealthScore
from .._model.scorecard import WEIGHT, check_component_names, warn_if_too_many
from .._model.validators import DAY, MOMENT, Number, refuse
from .._rules.health import band_codes, winning_overrides
from .._types import FloatArray, IndexArray, day_number
from .arrays import as_floats, broadcast, check_values, unwrap_code

__all__ = ["health_band", "health_score", "health_scores"]

_SHARE = Number(lo=0, hi=1)
_DAYS = Number(lo=0, lo_open=True)
_SCORE_OR_NAN = Number(lo=0, hi=100, nan_ok=True)


@overload
def health_band(score: float, *, green: float = ..., yellow: float = ...) -> Band: ...
@overload
def health_band(
    score: ArrayLike, *, green: float = ..., yellow: float = ...
) -> NDArray[np.int8]: ...
def health_band(
    score: ArrayLike, *, green: float = GREEN_FROM, yellow: float = YELLOW_FROM
) -> Band | NDArray[np.int8]:
    """The band of a health score: ``>= green`` GREEN, ``>= yellow`` YELLOW, else RED.

    Parameters
    ----------
    score : float or array_like
        Health scores on [0, 100]; NaN is a missing score (UNKNOWN).
    green, yellow : float
        The lowest Green and the lowest Yellow score: 70 and 40 by default.

    Returns
    -------
    Band or ndarray of int8
        A :class:`Band` for a scalar, an int8 array of Band codes (same shape) otherwise.

    Raises
    ------
    InvalidInputError
        For a score off [0, 100] or infinite, or edges not ordered ``green > yellow``.

    Examples
    --------
    >>> health_band(70), health_band(69.999), health_band(39.999), health_band(float("nan"))
    (<Band.GREEN: 2>, <Band.YELLOW: 1>, <Band.RED: 0>, <Band.UNKNOWN: -1>)
    >>> health_band([85, 40, 12.5])
    array([2, 1, 0], dtype=int8)
    >>> health_band(101)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: score=101.0: must be a finite number in [0, 100], or NaN...
    """
    green_from, yellow_from = check_edges(green, yellow)
    values = check_values(as_floats(score, field="score"), _SCORE_OR_NAN, field="score")
    return unwrap_code(band_codes(values, green_from, yellow_from), Band)  # type: ignore[no-any-return]


_SOME_WEIGHT = "needs at least one weight above 0"


def _check_weights(weights: Any) -> tuple[str, ...]:
    if not isinstance(weights, Mapping):
        refuse(weights, "must be a mapping name -> value", field="weights")
    check_component_names(weights, field="weights")
    if not weights:
        refuse(weights, "needs at least one weight", field="weights")
    return tuple(weights)


def _check_known(components: Any, names: tuple[str, ...]) -> None:
    if not isinstance(components, Mapping):
        refuse(components, "must be a mapping name -> value", field="components")
    check_component_names(components, field="components")
    for name in components:
        if name not in names:
            refuse(
                name,
                f"has no weight (weights: {', '.join(names)}); "
                "a component without a weight is refused, not ignored",
                field="components",
            )


def _component(name: str, score: Any) -> tuple[float, float]:
    """A component's score and the day it was measured (NaN for missing, undated)."""
    if isinstance(score, ComponentScore):  # validated when built
        value = math.nan if score.value is None else float(score.value)
        return value, day_number(score.measured_on)
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return math.nan, math.nan
    return SCORE.check(score, field=f"components[{name!r}]"), math.nan


def _override_arrays(
    overrides: Any, names: tuple[str, ...], as_of: date | None
) -> tuple[tuple[Override, ...], IndexArray, FloatArray, FloatArray]:
    if not isinstance(overrides, (list, tuple)):
        refuse(overrides, "must be a list or tuple of Override", field="overrides")
    for i, item in enumerate(overrides):
        if not isinstance(item, Override):
            refuse(item, "must be an Override", field=f"overrides[{i}]")
        if item.component is not None and item.component not in names:
            refuse(
                item.component,
                f"is not a component of the weights ({', '.join(names)})",
                field=f"overrides[{i}].component",
            )
    if overrides and as_of is None:
        refuse(None, "is needed to tell whether an override has expired", field="as_of")
    cols = np.array(
        [-1 if o.component is None else names.index(o.component) for o in overrides],
        dtype=np.intp,
    )
    values = np.array([o.value for o in overrides], dtype=np.float64)
    expires = np.array([day_number(o.expires_on) for o in overrides], dtype=np.float64)
    return tuple(overrides), cols, values, expires


def health_score(
    components: Mapping[str, float | ComponentScore | None],
    weights: Mapping[str, float],
    *,
    min_coverage: float = MIN_COVERAGE,
    scored_at: datetime | None = None,
    as_of: date | None = None,
    stale_after_days: float = STALE_AFTER_DAYS,
    overrides: Sequence[Override] = (),
    green: float = GREEN_FROM,
    yellow: float = YELLOW_FROM,
) -> HealthScore:
    """The health score of one account: a weighted mean that is honest about gaps.

    Parameters
    ----------
    components : mapping of str to float, ComponentScore or None
        Each component's score on [0, 100]; None (or NaN, or a ComponentScore with
        no value) is missing. A component named in ``weights`` but not here is
        missing too. A component here without a weight is refused (a typo must not
        be ignored silently). ``Account.health`` can be passed as it is.
    weights : mapping of str to float
        The scorecard: a finite weight >= 0 per component, at least one above 0 (only
        the ratios matter: scaling every weight leaves the score unchanged; a weight
        of 0 keeps a component out of the score).
    min_coverage : float
        Below this share of the weight present the score is unknown (0.5).
    scored_at : datetime.datetime, optional
        When the score is taken, time-zone aware; a Red score is escalated 48
        elapsed hours later.
    as_of : datetime.date, optional
        The day staleness and override expiry are judged on. Without it no
        component is stale, and overrides are refused.
    stale_after_days : float
        A ComponentScore measured more than this many days before ``as_of`` counts
        as missing (90, ``Policy.stale_after_days``); an undated one never does.
    overrides : sequence of Override
        CSM overrides of a component or of the overall score; each applies through
        its ``expires_on`` day, stale data or not. Of several live ones on the same
        target, the last listed wins.
    green, yellow : float
        Where the Green and Yellow bands start (70 and 40, ``Policy.green``,
        ``Policy.yellow``); ordered ``green > yellow``.

    Returns
    -------
    HealthScore

    Raises
    ------
    InvalidInputError
        Naming the field: a score off [0, 100], a weight that is not finite and
        positive, a component without a weight, an override of an unknown component,
        a naive ``scored_at``.

    Examples
    --------
    Weights of missing components are shared out over those present:

    >>> s = health_score({"adoption": 80, "support": 60, "nps": None},
    ...                  {"adoption": 2, "support": 1, "nps": 1})
    >>> round(s.value, 2), s.band.name, s.coverage, s.missing
    (73.33, 'GREEN', 0.75, ('nps',))

    Below the minimum coverage the score is unknown, never Red:

    >>> health_score({"adoption": None, "support": 10}, {"adoption": 3, "support": 1}).band
    <Band.UNKNOWN: -1>

    Teams move the edges (0-50 / 51-75 / 76-100 is common):

    >>> health_score({"adoption": 72}, {"adoption": 1}, green=76, yellow=51).band
    <Band.YELLOW: 1>
    >>> health_score({"adoptoin": 80}, {"adoption": 1})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: components='adoptoin': has no weight (weights: adoption); ...
    """
    names = _check_weights(weights)
    _check_known(components, names)
    edges = check_edges(green, yellow)
    w = np.array([WEIGHT.check(weights[n], field=f"weights[{n!r}]") for n in names])
    if not (w > 0).any():
        refuse(dict(weights), _SOME_WEIGHT, field="weights")
    # Wherever weights are taken, not only Scorecard: the components in the score.
    warn_if_too_many([n for n, x in zip(names, w, strict=True) if x > 0], stacklevel=2)
    coverage_floor = _SHARE.check(min_coverage, field="min_coverage")
    when = MOMENT.check(scored_at, field="scored_at") if scored_at is not None else None
    if as_of is not None:
        DAY.check(as_of, field="as_of")
    stale_after = _DAYS.check(stale_after_days, field="stale_after_days")
    cells = [_component(n, components.get(n)) for n in names]
    values = np.array([[v for v, _ in cells]], dtype=np.float64)
    measured = np.array([[d for _, d in cells]], dtype=np.float64)
    listed, cols, override_values, expires = _override_arrays(overrides, names, as_of)
    rows = np.zeros(len(listed), dtype=np.intp)
    today = None if as_of is None else day_number(as_of)
    columns = health_of(
        names,
        values,
        w,
        coverage_floor,
        scored_at=when,
        today=today,
        measured=measured,
        stale_after_days=stale_after,
        overrides=(rows, cols, override_values, expires),
        green=edges[0],
        yellow=edges[1],
    )
    applied: tuple[Override, ...] = ()
    if today is not None:
        winners = winning_overrides(rows, cols, expires, today, len(names))
        applied = tuple(listed[i] for i in winners)
    return columns.at(0, overrides=applied)


def health_scores(
    components: Mapping[str, ArrayLike],
    weights: Mapping[str, ArrayLike],
    *,
    min_coverage: float = MIN_COVERAGE,
    scored_at: datetime | None = None,
    green: float = GREEN_FROM,
    yellow: float = YELLOW_FROM,
) -> HealthColumns:
    """Health scores of many accounts at once, from columns: the kernel of :func:`health_score`.

    Parameters
    ----------
    components : mapping of str to array_like, shape (n,)
        One column of scores per component, on [0, 100]; NaN is missing. A
        component of ``weights`` with no column is missing for every account.
    weights : mapping of str to float or array_like of shape (n,)
        A weight per component, or a column of weights (one per account, for
        per-segment scorecards); finite and positive.
    min_coverage : float
        As for :func:`health_score`.
    scored_at : datetime.datetime, optional
        When the scores are taken, time-zone aware.
    green, yellow : float
        As for :func:`health_score`.

    Returns
    -------
    HealthColumns
        ``.at(i)`` is the :class:`HealthScore` of account ``i``: the same as
        :func:`health_score` on that account's row.

    Examples
    --------
    >>> nan = float("nan")
    >>> cols = health_scores({"adoption": [80, 30, nan], "support": [60, 40, nan]},
    ...                      {"adoption": 2, "support": [1, 1, 2]})
    >>> cols.value.round(2), cols.band
    (array([73.33, 33.33,   nan]), array([ 2,  0, -1], dtype=int8))
    >>> health_scores({"adoption": [80, 130]}, {"adoption": 1})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: components['adoption']=[130.0]: 1 of 2 values are not a
    finite number in [0, 100], or NaN (unknown), first at positions [1]
    """
    names = _check_weights(weights)
    _check_known(components, names)
    edges = check_edges(green, yellow)
    coverage_floor = _SHARE.check(min_coverage, field="min_coverage")
    when = MOMENT.check(scored_at, field="scored_at") if scored_at is not None else None
    columns: dict[str, FloatArray] = {}
    for name in names:
        field = f"components[{name!r}]"
        raw = components.get(name, math.nan)
        columns[field] = check_values(as_floats(raw, field=field), _SCORE_OR_NAN, field=field)
    for name in names:
        field = f"weights[{name!r}]"
        columns[field] = check_values(as_floats(weights[name], field=field), WEIGHT, field=field)
    joined = broadcast(**columns)
    if joined[0].ndim > 1:
        raise InvalidInputError(
            field="shape", value=joined[0].shape, reason="columns must be one-dimensional"
        )
    stacked = np.atleast_2d(np.stack(joined, axis=-1))
    values, w = stacked[:, : len(names)], stacked[:, len(names) :]
    none = np.flatnonzero(~(w > 0).any(axis=1))
    if none.size:
        refuse(
            none[:5].tolist(),
            f"{_SOME_WEIGHT}: {none.size} rows have none, first at these positions",
            field="weights",
        )
    warn_if_too_many([n for j, n in enumerate(names) if w[:, j].any()], stacklevel=2)
    return health_of(
        names, values, w, coverage_floor, scored_at=when, green=edges[0], yellow=edges[1]
    )
