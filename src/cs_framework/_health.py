"""Health scores (DOMAIN.md section 5, seeds 004 and 003).

The health score is the weighted mean of the components present. The weights of the
missing components are shared out over those present (as the commercial scorecards
do), and the score reports its coverage: weight present / weight defined. Below a
minimum coverage (default 0.5) the score is unknown (NaN, band UNKNOWN): missing data
never makes an account Red or Green.

The rules live in four kernels that trust their input and never loop over rows:

- :func:`apply_staleness`: a component measured longer ago than the limit is missing;
- :func:`apply_overrides`: live CSM overrides replace components or the overall score;
- :func:`health_kernel`: the weighted mean, the coverage and each component's points;
- :func:`apply_overall`: a live override of the overall score, with the points it adds.

:func:`health_score` (one account, from mappings) and :func:`health_scores` (many
accounts, from columns) validate at the edge and call the same kernels.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._account import ComponentScore
from ._arrays import FloatArray, as_floats, check_range, day_number
from ._bands import GREEN_FROM, YELLOW_FROM, band_codes
from ._enums import Band, CoverageModel
from ._errors import InvalidInputError
from ._override import Override
from ._scorecard import OVERRIDE_KEY
from ._validate import check_day, check_number, member_of, number

if TYPE_CHECKING:
    from ._policy import Policy

__all__ = [
    "ESCALATION_WINDOW",
    "OVERRIDE_KEY",
    "HealthColumns",
    "HealthScore",
    "Override",
    "apply_overall",
    "apply_overrides",
    "apply_staleness",
    "escalation_due",
    "health_kernel",
    "health_score",
    "health_scores",
    "nan_equal",
    "score_components",
    "scorecard_weights",
    "winning_overrides",
]

#: A Red health score is escalated within 48 hours of the time it was scored (seed
#: 004: fixed).
ESCALATION_WINDOW = timedelta(hours=48)

#: Coverage is compared with the minimum up to this tolerance, so that weights that
#: add up to exactly the minimum in decimal (0.25 + 0.15 + 0.1 of 1.0) meet it.
COVERAGE_TOLERANCE = 1e-9


def nan_equal(a: float, b: float) -> bool:
    """Equality of floats where NaN equals NaN (an unknown score equals an unknown score).

    Examples
    --------
    >>> nan_equal(float("nan"), float("nan")), nan_equal(1.0, float("nan"))
    (True, False)
    """
    return a == b or (math.isnan(a) and math.isnan(b))


# ---------------------------------------------------------------------------------
# Kernels: arrays in, arrays out; no validation, no objects, no loops over rows.
# ---------------------------------------------------------------------------------


def health_kernel(
    values: FloatArray, weights: FloatArray, min_coverage: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weighted health scores of ``n`` accounts over ``k`` components.

    Parameters
    ----------
    values : ndarray of float64, shape (n, k)
        Component scores on [0, 100]; NaN is a missing component.
    weights : ndarray of float64, shape (k,) or (n, k)
        Positive weights (one row per account for per-segment scorecards).
    min_coverage : float
        Below this share of the weight present the score is unknown.

    Returns
    -------
    value : ndarray, shape (n,)
        The weighted mean of the components present; NaN when unknown. It is kept
        within the smallest and the largest component present (against rounding).
    coverage : ndarray, shape (n,)
        Weight present / weight defined, in [0, 1] (0 when no weight is defined).
    contributions : ndarray, shape (n, k)
        The points each component adds: ``value * weight / weight present`` for a
        component present, 0 for a missing one; a row sums to ``value`` (up to
        rounding). The whole row is NaN when the score is unknown.

    Examples
    --------
    >>> nan = float("nan")
    >>> value, coverage, points = health_kernel(
    ...     np.array([[80.0, 60.0, nan], [nan, nan, 90.0]]), np.array([2.0, 1.0, 1.0]), 0.5)
    >>> value.round(2), coverage, points.round(2)
    (array([73.33,   nan]), array([0.75, 0.25]), array([[53.33, 20.  ,  0.  ],
           [  nan,   nan,   nan]]))
    """
    present = ~np.isnan(values)
    defined = np.broadcast_to(weights, values.shape)
    held = np.where(present, defined, 0.0)
    total = defined.sum(axis=1)
    got = held.sum(axis=1)
    coverage = np.minimum(np.divide(got, total, out=np.zeros_like(got), where=total > 0), 1.0)
    known = (got > 0) & (coverage >= min_coverage - COVERAGE_TOLERANCE)
    share = np.divide(held, got[:, None], out=np.zeros_like(held), where=known[:, None])
    contributions = share * np.where(present, values, 0.0)
    lowest = np.where(present, values, np.inf).min(axis=1, initial=np.inf)
    highest = np.where(present, values, -np.inf).max(axis=1, initial=-np.inf)
    value = np.where(known, np.clip(contributions.sum(axis=1), lowest, highest), np.nan)
    contributions[~known] = np.nan
    return value, coverage, contributions


def apply_staleness(
    values: FloatArray, measured_days: FloatArray, as_of_day: float, stale_after_days: float
) -> FloatArray:
    """Component scores with the stale ones set to NaN (missing).

    A score is stale when it was measured more than ``stale_after_days`` days before
    ``as_of_day`` (exactly the limit is still fresh). An undated score (NaN day) is
    never stale: there is nothing to judge its age by. Stale data must not keep an
    account Green (issue 4).

    Parameters
    ----------
    values, measured_days : ndarray of float64, shape (n, k)
        Scores, and the day each was measured (``date.toordinal()``; NaN undated).
    as_of_day : float
        The day of the assessment, as an ordinal.
    stale_after_days : float
        The age limit (``Policy.stale_after_days``, 90 by default).

    Examples
    --------
    >>> apply_staleness(np.array([[80.0, 60.0, 50.0]]), np.array([[100.0, 9.0, np.nan]]),
    ...                 100.0, 90.0)
    array([[80., nan, 50.]])
    """
    stale = (as_of_day - measured_days) > stale_after_days  # NaN compares False
    return np.where(stale, np.nan, values)


def winning_overrides(
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    expires_days: FloatArray,
    as_of_day: float,
    n_components: int,
) -> NDArray[np.intp]:
    """The positions of the overrides that apply, at most one per account and target.

    An override applies through its expiry day (``as_of_day <= expires_day``) and no
    longer from the day after. When several live overrides target the same component
    (or the overall score) of an account, the last one listed wins.

    Examples
    --------
    >>> winning_overrides(np.array([0, 0, 0, 1]), np.array([2, 2, -1, -1]),
    ...                   np.array([10.0, 10.0, 9.0, 12.0]), 10.0, 3)
    array([1, 3])
    """
    live = np.flatnonzero(as_of_day <= expires_days)[::-1]  # last listed first
    cell = rows[live].astype(np.intp) * (n_components + 1) + cols[live].astype(np.intp) + 1
    _, first = np.unique(cell, return_index=True)
    return np.sort(live[first])


def apply_overrides(
    values: FloatArray,
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    override_values: FloatArray,
    expires_days: FloatArray,
    as_of_day: float,
) -> tuple[FloatArray, FloatArray]:
    """Put the live overrides in place: components replaced, and the overall overrides.

    Parameters
    ----------
    values : ndarray of float64, shape (n, k)
        Component scores (NaN missing); not modified.
    rows, cols : ndarray of int, shape (m,)
        The account and the component of each override; ``cols == -1`` is the
        overall score.
    override_values, expires_days : ndarray of float64, shape (m,)
        The score each puts in place, and its last day (an ordinal).
    as_of_day : float
        The day of the assessment; an override whose expiry day is before it is
        ignored (see :func:`winning_overrides` for ties).

    Returns
    -------
    values : ndarray, shape (n, k)
        A copy with the live component overrides in place.
    overall : ndarray, shape (n,)
        The live override of the overall score per account; NaN where there is none.

    Examples
    --------
    >>> values, overall = apply_overrides(
    ...     np.array([[80.0, 60.0], [50.0, 50.0]]), np.array([0, 1, 1]), np.array([1, -1, 0]),
    ...     np.array([20.0, 35.0, 99.0]), np.array([10.0, 10.0, 9.0]), 10.0)
    >>> values, overall
    (array([[80., 20.], [50., 50.]]), array([nan, 35.]))
    """
    chosen = winning_overrides(rows, cols, expires_days, as_of_day, values.shape[1])
    r, c, v = rows[chosen], cols[chosen], override_values[chosen]
    on_component = c >= 0
    out = values.copy()
    out[r[on_component], c[on_component]] = v[on_component]
    overall = np.full(values.shape[0], np.nan)
    overall[r[~on_component]] = v[~on_component]
    return out, overall


def apply_overall(value: FloatArray, overall: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The score after a live override of the overall score, and the points it adds.

    Returns ``(value, points)``: the override's value where one is live (NaN in
    ``overall`` is none), and ``override - computed`` points where one is live (the
    whole override when the computed score is unknown), NaN elsewhere. So the
    component contributions plus the override's points still add up to the score.

    Examples
    --------
    >>> apply_overall(np.array([72.0, np.nan, 50.0]), np.array([55.0, 30.0, np.nan]))
    (array([55., 30., 50.]), array([-17.,  30.,  nan]))
    """
    live = ~np.isnan(overall)
    points = np.where(live, overall - np.where(np.isnan(value), 0.0, value), np.nan)
    return np.where(live, overall, value), points


def escalation_due(band: Band, scored_at: datetime | None) -> datetime | None:
    """When a Red score must be escalated: 48 hours after scoring (seed 004); else None.

    Examples
    --------
    >>> escalation_due(Band.RED, datetime(2026, 3, 2, 9, 30))
    datetime.datetime(2026, 3, 4, 9, 30)
    >>> escalation_due(Band.YELLOW, datetime(2026, 3, 2, 9, 30)) is None
    True
    """
    if band != Band.RED or scored_at is None:
        return None
    return scored_at + ESCALATION_WINDOW


def scorecard_weights(
    policy: Policy, coverage: NDArray[np.int8]
) -> tuple[tuple[str, ...], FloatArray]:
    """The component names and an (n, k) weight matrix: each account its segment's weights.

    ``coverage`` holds the :class:`CoverageModel` code of each account. Every
    per-segment scorecard has the same components as ``policy.scorecard`` (only the
    weights differ), so one matrix serves the whole book.

    Examples
    --------
    >>> from cs_framework import Policy
    >>> p = Policy(segment_weights={CoverageModel.DIGITAL: {"adoption": 0.5}})
    >>> names, w = scorecard_weights(p, np.array([0, 2], dtype=np.int8))
    >>> names.index("adoption"), w[:, names.index("adoption")]
    (2, array([0.5 , 0.25]))
    """
    names = tuple(policy.scorecard.weights)
    table = np.array(
        [[policy.scorecard_for(model).weights[n] for n in names] for model in CoverageModel],
        dtype=np.float64,
    )
    return names, table[coverage]


# ---------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------


def _datetime(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, datetime):
        raise InvalidInputError(
            field=attribute.name, value=value, reason="must be a datetime.datetime or None"
        )


def _score_value(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, float) and math.isnan(value):
        return
    check_number(value, field=attribute.name, account_id=None, lo=0, hi=100)


def _to_dict(raw: Any) -> Any:
    return dict(raw) if isinstance(raw, Mapping) else raw  # else refused by name


def _contributions(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise InvalidInputError(
            field="contributions", value=value, reason="must be a mapping name -> points"
        )
    for name, points in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                field="contributions", value=name, reason="names must be non-empty strings"
            )
        check_number(points, field=f"contributions[{name!r}]", account_id=None)


def _to_tuple(raw: Any) -> Any:
    return tuple(raw) if isinstance(raw, (list, tuple)) else raw  # else refused by name


def _tuple_of(kind: type[Any], instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator, bound to ``kind`` with ``partial``: a module-level function rather
    than a closure, so the check runs (and is mutation-tested) where it is called."""
    if not isinstance(value, tuple):
        raise InvalidInputError(
            field=attribute.name, value=value, reason=f"must be a tuple of {kind.__name__}"
        )
    article = "an" if kind.__name__[0] in "AEIOU" else "a"
    for i, item in enumerate(value):
        if not isinstance(item, kind):
            raise InvalidInputError(
                field=f"{attribute.name}[{i}]",
                value=item,
                reason=f"must be {article} {kind.__name__}",
            )


@attrs.frozen(kw_only=True)
class HealthScore:
    """An account's health: the score, its band, how much of it is known, and why.

    Parameters
    ----------
    value : float
        0-100, NaN when unknown (coverage below the minimum).
    band : Band
        GREEN from 70, YELLOW from 40, else RED; UNKNOWN for an unknown score.
    coverage : float
        Weight present / weight defined, in [0, 1].
    contributions : dict of str to float
        The points each component present adds; they add up to ``value`` (up to
        rounding). Missing and stale components are absent (they are listed in
        ``missing``); an unknown score has none. A live override of the overall
        score shows as ``"(override)"``: the points it adds to the computed score.
    scored_at : datetime.datetime or None
        When it was scored.
    escalation_due : datetime.datetime or None
        ``scored_at + 48 hours`` when the band is RED (seed 004), else None.
    missing : tuple of str
        The scorecard's components with no score (missing, or stale).
    overrides : tuple of Override
        The CSM overrides that shaped this score.

    Examples
    --------
    >>> s = health_score({"adoption": 30, "support": 40}, {"adoption": 3, "support": 1},
    ...                  scored_at=datetime(2026, 3, 2, 9, 0))
    >>> s.value, s.band.name, s.contributions, s.escalation_due
    (32.5, 'RED', {'adoption': 22.5, 'support': 10.0}, datetime.datetime(2026, 3, 4, 9, 0))
    >>> HealthScore(value=80.0, band=Band.RED, coverage=1.0)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: band=<Band.RED: 0>: must be GREEN for value=80.0
    """

    value: float = attrs.field(eq=attrs.cmp_using(eq=nan_equal), validator=_score_value)
    band: Band = attrs.field(validator=member_of(Band))
    coverage: float = attrs.field(validator=number(lo=0, hi=1))
    contributions: dict[str, float] = attrs.field(
        factory=dict, converter=_to_dict, validator=_contributions
    )
    scored_at: datetime | None = attrs.field(default=None, validator=_datetime)
    escalation_due: datetime | None = attrs.field(default=None, validator=_datetime)
    missing: tuple[str, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=partial(_tuple_of, str)
    )
    overrides: tuple[Override, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=partial(_tuple_of, Override)
    )

    def __attrs_post_init__(self) -> None:
        band = Band(int(band_codes(np.asarray(self.value), GREEN_FROM, YELLOW_FROM)))
        if self.band != band:
            raise InvalidInputError(
                field="band", value=self.band, reason=f"must be {band.name} for value={self.value}"
            )
        due = escalation_due(band, self.scored_at)
        if self.escalation_due != due:
            raise InvalidInputError(
                field="escalation_due",
                value=self.escalation_due,
                reason=f"must be {due!r}: scored_at + 48 hours for RED, else None",
            )


@attrs.frozen(kw_only=True, eq=False)
class HealthColumns:
    """Health scores of many accounts as columns (row ``i`` is account ``i``).

    Attributes
    ----------
    names : tuple of str
        The components, in column order.
    value, coverage : ndarray of float64, shape (n,)
        As in :class:`HealthScore` (NaN value when unknown).
    band : ndarray of int8, shape (n,)
        Band codes.
    contributions : ndarray of float64, shape (n, k)
        Points per component: 0 when missing, the whole row NaN when unknown.
    present : ndarray of bool, shape (n, k)
        Which components had a (fresh) score.
    override_points : ndarray of float64, shape (n,), or None
        The points a live override of the overall score adds; NaN where none.
    scored_at : datetime.datetime or None
        When the scores were taken.
    """

    names: tuple[str, ...]
    value: FloatArray
    coverage: FloatArray
    band: NDArray[np.int8]
    contributions: FloatArray
    present: NDArray[np.bool_]
    override_points: FloatArray | None = None
    scored_at: datetime | None = None

    def __len__(self) -> int:
        return int(self.value.shape[0])

    def at(self, row: int, *, overrides: Sequence[Override] = ()) -> HealthScore:
        """Row ``row`` as a :class:`HealthScore` (``overrides``: those that shaped it).

        Examples
        --------
        >>> cols = health_scores({"adoption": [80, 30]}, {"adoption": 1})
        >>> cols.at(1).band.name
        'RED'
        >>> cols.at(2)
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: row=2: must be a row number in [0, 2)
        """
        if (
            isinstance(row, bool)
            or not isinstance(row, numbers.Integral)
            or not (0 <= row < len(self))
        ):
            raise InvalidInputError(
                field="row", value=row, reason=f"must be a row number in [0, {len(self)})"
            )
        present = self.present[row]
        contributions = {
            name: float(points)
            for name, points, here in zip(self.names, self.contributions[row], present, strict=True)
            if here and not math.isnan(points)
        }
        extra = math.nan if self.override_points is None else float(self.override_points[row])
        if not math.isnan(extra):
            contributions[OVERRIDE_KEY] = extra
        band = Band(int(self.band[row]))
        return HealthScore(
            value=float(self.value[row]),
            band=band,
            coverage=float(self.coverage[row]),
            contributions=contributions,
            scored_at=self.scored_at,
            escalation_due=escalation_due(band, self.scored_at),
            missing=tuple(n for n, here in zip(self.names, present, strict=True) if not here),
            overrides=tuple(overrides),
        )


def score_components(
    names: tuple[str, ...],
    values: FloatArray,
    weights: FloatArray,
    min_coverage: float,
    *,
    overall: FloatArray | None = None,
    scored_at: datetime | None = None,
) -> HealthColumns:
    """The health columns of component scores (stale ones and overrides already applied).

    The one composition of the kernels behind :func:`health_score`,
    :func:`health_scores` and the book scorer: weighted mean, then a live override
    of the overall score (``overall``, NaN where none), then the band.
    """
    value, coverage, contributions = health_kernel(values, weights, min_coverage)
    points = None
    if overall is not None:
        value, points = apply_overall(value, overall)
    return HealthColumns(
        names=names,
        value=value,
        coverage=coverage,
        band=band_codes(value, GREEN_FROM, YELLOW_FROM),
        contributions=contributions,
        present=~np.isnan(values),
        override_points=points,
        scored_at=scored_at,
    )


# ---------------------------------------------------------------------------------
# The edge: validation, then the kernels
# ---------------------------------------------------------------------------------


def _check_names(raw: Any, *, field: str) -> None:
    if not isinstance(raw, Mapping):
        raise InvalidInputError(field=field, value=raw, reason="must be a mapping name -> value")
    for name in raw:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                field=field, value=name, reason="component names must be non-empty strings"
            )
        if name == OVERRIDE_KEY:
            raise InvalidInputError(
                field=field, value=name, reason="is reserved for the overall override's points"
            )


def _check_weights(weights: Any) -> tuple[str, ...]:
    _check_names(weights, field="weights")
    if not weights:
        raise InvalidInputError(field="weights", value=weights, reason="needs at least one weight")
    return tuple(weights)


def _check_known(components: Mapping[str, Any], names: tuple[str, ...]) -> None:
    _check_names(components, field="components")
    for name in components:
        if name not in names:
            raise InvalidInputError(
                field="components",
                value=name,
                reason=f"has no weight (weights: {', '.join(names)}); "
                "a component without a weight is refused, not ignored",
            )


def _check_share(value: Any, *, field: str) -> float:
    check_number(value, field=field, account_id=None, lo=0, hi=1)
    return float(value)


def _check_when(scored_at: Any) -> datetime | None:
    if scored_at is not None and not isinstance(scored_at, datetime):
        raise InvalidInputError(
            field="scored_at", value=scored_at, reason="must be a datetime.datetime or None"
        )
    return scored_at


def _check_positive(arr: FloatArray, *, field: str) -> None:
    ok = np.isfinite(arr) & (arr > 0)
    if not ok.all():
        bad = arr[~ok].ravel()
        raise InvalidInputError(
            field=field,
            value=float(bad[0]) if arr.ndim == 0 else bad.tolist()[:5],
            reason=f"must be finite and > 0 ({bad.size} of {arr.size} values are not)",
        )


def _component(name: str, score: Any) -> tuple[float, float]:
    """A component's score and the day it was measured (NaN for missing, undated)."""
    if isinstance(score, ComponentScore):  # validated when built
        value = math.nan if score.value is None else float(score.value)
        return value, day_number(score.measured_on)
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return math.nan, math.nan
    check_number(score, field=f"components[{name!r}]", account_id=None, lo=0, hi=100)
    return float(score), math.nan


def _override_arrays(
    overrides: Any, names: tuple[str, ...], as_of: date | None
) -> tuple[tuple[Override, ...], NDArray[np.intp], FloatArray, FloatArray]:
    if not isinstance(overrides, (list, tuple)):
        raise InvalidInputError(
            field="overrides", value=overrides, reason="must be a list or tuple of Override"
        )
    for i, item in enumerate(overrides):
        if not isinstance(item, Override):
            raise InvalidInputError(
                field=f"overrides[{i}]", value=item, reason="must be an Override"
            )
        if item.component is not None and item.component not in names:
            raise InvalidInputError(
                field=f"overrides[{i}].component",
                value=item.component,
                reason=f"is not a component of the weights ({', '.join(names)})",
            )
    if overrides and as_of is None:
        raise InvalidInputError(
            field="as_of", value=None, reason="is needed to tell whether an override has expired"
        )
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
    min_coverage: float = 0.5,
    scored_at: datetime | None = None,
    as_of: date | None = None,
    stale_after_days: float = 90.0,
    overrides: Sequence[Override] = (),
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
        The scorecard: a finite positive weight per component (only the ratios
        matter: scaling every weight leaves the score unchanged).
    min_coverage : float
        Below this share of the weight present the score is unknown (0.5).
    scored_at : datetime.datetime, optional
        When the score is taken; a Red score is escalated 48 hours later.
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

    Returns
    -------
    HealthScore

    Raises
    ------
    InvalidInputError
        Naming the field: a score off [0, 100], a weight that is not finite and
        positive, a component without a weight, an override of an unknown component.

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
    >>> health_score({"adoptoin": 80}, {"adoption": 1})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: components='adoptoin': has no weight (weights: adoption); ...
    """
    names = _check_weights(weights)
    _check_known(components, names)
    w = np.array([_weight(weights[n], n) for n in names], dtype=np.float64)
    coverage_floor = _check_share(min_coverage, field="min_coverage")
    when = _check_when(scored_at)
    if as_of is not None:
        check_day(as_of, field="as_of")
    check_number(stale_after_days, field="stale_after_days", account_id=None, lo=0, lo_open=True)
    cells = [_component(n, components.get(n)) for n in names]
    values = np.array([[v for v, _ in cells]], dtype=np.float64)
    measured = np.array([[d for _, d in cells]], dtype=np.float64)
    listed, cols, override_values, expires = _override_arrays(overrides, names, as_of)
    applied: tuple[Override, ...] = ()
    overall = np.full(1, np.nan)
    if as_of is not None:
        today = day_number(as_of)
        values = apply_staleness(values, measured, today, float(stale_after_days))
        rows = np.zeros(len(listed), dtype=np.intp)
        values, overall = apply_overrides(values, rows, cols, override_values, expires, today)
        winners = winning_overrides(rows, cols, expires, today, len(names))
        applied = tuple(listed[i] for i in winners)
    columns = score_components(names, values, w, coverage_floor, overall=overall, scored_at=when)
    return columns.at(0, overrides=applied)


def _weight(weight: Any, name: str) -> float:
    check_number(weight, field=f"weights[{name!r}]", account_id=None, lo=0, lo_open=True)
    return float(weight)


def health_scores(
    components: Mapping[str, ArrayLike],
    weights: Mapping[str, ArrayLike],
    *,
    min_coverage: float = 0.5,
    scored_at: datetime | None = None,
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
        When the scores are taken.

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
    cs_framework.InvalidInputError: components['adoption']=[130.0]: 1 of 2 values off [0, 100]...
    """
    names = _check_weights(weights)
    _check_known(components, names)
    coverage_floor = _check_share(min_coverage, field="min_coverage")
    when = _check_when(scored_at)
    columns: list[FloatArray] = []
    for name in names:
        field = f"components[{name!r}]"
        column = as_floats(components.get(name, math.nan), field=field)
        check_range(column, field=field, lo=0, hi=100, allow_nan=True)
        columns.append(column)
    weight_columns: list[FloatArray] = []
    for name in names:
        field = f"weights[{name!r}]"
        column = as_floats(weights[name], field=field)
        _check_positive(column, field=field)
        weight_columns.append(column)
    try:
        value_cols = np.broadcast_arrays(*columns, *weight_columns)
    except ValueError:
        raise InvalidInputError(
            field="shape",
            value=[c.shape for c in columns + weight_columns],
            reason="the component and weight columns do not broadcast together",
        ) from None
    if value_cols[0].ndim > 1:
        raise InvalidInputError(
            field="shape", value=value_cols[0].shape, reason="columns must be one-dimensional"
        )
    stacked = np.atleast_2d(np.stack(value_cols, axis=-1))
    values, w = stacked[:, : len(names)], stacked[:, len(names) :]
    return score_components(names, values, w, coverage_floor, scored_at=when)
