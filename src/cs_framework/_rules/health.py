"""Health kernels: bands, the weighted mean, staleness, overrides, escalation, the trend.

The health score is the weighted mean of the components present; the weights of the
missing ones are shared out over those present, and the score reports its coverage
(weight present / weight defined). Below a minimum coverage it is unknown: missing
data never makes an account Red or Green. Green from 70, Yellow from 40, Red below,
unless a policy moves the edges; a Red score is escalated within 48 elapsed hours (the
CS program guide). A fall of 15 points within 30 days warns early, even while Green
(the distilled CS principles).
See docs/rules.md#health.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from .._defaults import COVERAGE_TOLERANCE, DROP_TOLERANCE, ESCALATION_WINDOW
from .._enums import Band
from .._types import BoolArray, CodeArray, FloatArray, IndexArray, every_bit
from .published import published

__all__ = [
    "across",
    "apply_overall",
    "apply_overrides",
    "apply_staleness",
    "band_codes",
    "driver_kernel",
    "early_warning_kernel",
    "escalates",
    "escalation_time",
    "health_kernel",
    "winning_overrides",
]

_UNKNOWN = np.int8(Band.UNKNOWN)
_RED = int(Band.RED)


def band_codes(
    values: FloatArray, green: float | FloatArray, yellow: float | FloatArray
) -> CodeArray:
    """Band codes of scores: ``>= green`` GREEN, ``>= yellow`` YELLOW, else RED; NaN UNKNOWN.

    The edges are one pair for every score, or one per score (per-segment bands).

    Examples
    --------
    >>> band_codes(np.array([70.0, 69.999, 40.0, 39.999, np.nan]), 70.0, 40.0)
    array([ 2,  1,  1,  0, -1], dtype=int8)
    """
    # RED 0, YELLOW 1, GREEN 2: the count of edges reached. A comparison with NaN is
    # False, so NaN counts 0 here and is marked UNKNOWN after.
    codes = (values >= yellow).astype(np.int8) + (values >= green)
    marked: CodeArray = np.where(np.isnan(values), _UNKNOWN, codes)
    return marked


def health_kernel(
    values: FloatArray, weights: FloatArray, min_coverage: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weighted health scores of ``n`` accounts over ``k`` components.

    Parameters
    ----------
    values : ndarray of float64, shape (n, k)
        Component scores on [0, 100]; NaN is a missing component.
    weights : ndarray of float64, shape (k,) or (n, k)
        Weights >= 0 (one row per account for per-segment scorecards); a component
        weighted 0 is out of the score, as if it were not in the scorecard.
    min_coverage : float
        Below this share of the weight present the score is unknown.

    Returns
    -------
    value : ndarray, shape (n,)
        The weighted mean of the components present, published to nine decimal
        places (see :func:`.published.published`); NaN when unknown. It is kept
        within the smallest and the largest component present, as published.
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
    # A column (one component of every account) at a time, on (n, k) arrays in column
    # order: NumPy is slow along a short row, and the buffers are reused, not remade.
    values = np.asarray(values, dtype=np.float64)  # (read bit by bit below)
    n, k = values.shape
    w = np.broadcast_to(weights, (n, k))  # the same weights for every account, or a row each
    with np.errstate(over="ignore"):
        total = across(w) if weights.ndim == 2 else np.full(n, across(w[:1])[0])
    if not np.isfinite(total).all():  # weights near 1e308 add up past the largest float:
        # only their ratios matter, so read them relative to each row's largest
        w = np.broadcast_to(weights / weights.max(axis=-1, keepdims=True), (n, k))
        total = across(w)
    present = ~np.isnan(values)
    held = np.empty((n, k), order="F")
    np.multiply(present, w, out=held)  # the weight of each component present, else 0
    got = across(held)
    coverage = np.zeros(n)
    np.divide(got, total, out=coverage, where=total > 0)
    np.minimum(coverage, 1.0, out=coverage)
    known = (got > 0) & (coverage >= min_coverage - COVERAGE_TOLERANCE)
    contributions = np.empty((n, k), order="F")
    share = np.zeros(n)
    lowest, highest = np.full(n, np.inf), np.full(n, -np.inf)
    all_weighted = bool((weights > 0).all())
    # Each value with its bits cleared where missing (NaN to 0.0, the rest as they are,
    # -0.0 included): an AND, where masked assignment costs ten times as much.
    kept_bits = every_bit(present)
    # ...and after the product a missing one's sign cleared (a weight of -0.0 gives
    # -0.0 * 0.0): its points are +0.0, as written before.
    sign_kept = kept_bits | np.int64(0x7FFF_FFFF_FFFF_FFFF)
    bits = np.empty(n, dtype=np.int64)
    # Where no weight is present the shares are never used (the row is unknown): divided
    # by 1 there, not masked (a masked divide costs more; the others are the same).
    divisor = got + (got == 0)
    for j in range(k):
        np.divide(held[:, j], divisor, out=share)
        np.bitwise_and(values[:, j].view(np.int64), kept_bits[:, j], out=bits)
        points = contributions[:, j].view(np.int64)  # (a column: contiguous)
        np.multiply(share, bits.view(np.float64), out=points.view(np.float64))  # 0 if missing
        np.bitwise_and(points, sign_kept[:, j], out=points)
        # fmin/fmax pass over a missing (NaN) one; a weight of 0 keeps it out too.
        counted = values[:, j] if all_weighted else np.where(held[:, j] > 0, values[:, j], np.nan)
        np.fmin(lowest, counted, out=lowest)
        np.fmax(highest, counted, out=highest)
    # Published (an exact edge reads as the edge), and kept within the components
    # present as published: the value always has the published nine decimals.
    within = published(across(contributions))
    np.maximum(within, published(lowest), out=within)
    np.minimum(within, published(highest), out=within)
    within += 0.0  # a zero is +0.0 (-0.0 + 0.0): the clips may keep either sign
    value = np.where(known, within, np.nan)
    contributions[~known] = np.nan
    return value, coverage, contributions


def across(matrix: FloatArray) -> FloatArray:
    """Row sums of an (n, k) matrix, added column by column from the first: the same
    order for one account and for a book, whatever the memory layout.

    Examples
    --------
    >>> across(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    array([ 6., 15.])
    """
    out = np.zeros(matrix.shape[0])
    for j in range(matrix.shape[1]):
        out += matrix[:, j]
    return out


#: The factor of a fresh value and of a stale one.
_ONE_OR_NAN = np.array([1.0, np.nan])


def apply_staleness(
    values: FloatArray, measured_days: FloatArray, as_of_day: float, stale_after_days: float
) -> FloatArray:
    """Component scores with the stale ones set to NaN (missing).

    A score is stale when it was measured more than ``stale_after_days`` days before
    ``as_of_day`` (exactly the limit is still fresh). An undated score (NaN day) is
    never stale: there is nothing to judge its age by.

    Examples
    --------
    >>> apply_staleness(np.array([[80.0, 60.0, 50.0]]), np.array([[100.0, 9.0, np.nan]]),
    ...                 100.0, 90.0)
    array([[80., nan, 50.]])
    """
    values = np.asarray(values, dtype=np.float64)  # (a factor of NaN must stay NaN)
    stale = (as_of_day - measured_days) > stale_after_days  # NaN compares False
    # Each value times 1 (itself, -0.0 included) or NaN: np.where costs more.
    out = np.empty_like(values)  # (in the values' own layout: a book's is by column)
    for j in range(values.shape[1]):  # a column at a time: each one contiguous
        np.take(_ONE_OR_NAN, stale[:, j].view(np.int8), out=out[:, j])
        out[:, j] *= values[:, j]
    return out


def winning_overrides(
    rows: IndexArray,
    cols: IndexArray,
    expires_days: FloatArray,
    as_of_day: float,
    n_components: int,
) -> IndexArray:
    """The positions of the overrides that apply, at most one per account and target.

    An override applies through its expiry day (``as_of_day <= expires_day``) and no
    longer from the day after. When several live overrides target the same component
    (``cols``; -1 is the overall score) of an account, the last one listed wins.

    Examples
    --------
    >>> winning_overrides(np.array([0, 0, 0, 1]), np.array([2, 2, -1, -1]),
    ...                   np.array([10.0, 10.0, 9.0, 12.0]), 10.0, 3)
    array([1, 3])
    """
    if not rows.size:  # no overrides at all: the usual account
        return np.zeros(0, dtype=np.intp)
    live = np.flatnonzero(as_of_day <= expires_days)[::-1]  # last listed first
    cell = rows[live].astype(np.intp) * (n_components + 1) + cols[live].astype(np.intp) + 1
    _, first = np.unique(cell, return_index=True)
    return np.sort(live[first])


def apply_overrides(
    values: FloatArray,
    rows: IndexArray,
    cols: IndexArray,
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
        The score each puts in place, and its last day (a day number).
    as_of_day : float
        The day of the assessment (see :func:`winning_overrides` for expiry and ties).

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
    overall = np.full(values.shape[0], np.nan)
    chosen = winning_overrides(rows, cols, expires_days, as_of_day, values.shape[1])
    if not chosen.size:
        return values.copy(order="K"), overall
    r, c, v = rows[chosen], cols[chosen], override_values[chosen]
    on_component = c >= 0
    out = values.copy(order="K")
    out[r[on_component], c[on_component]] = v[on_component]
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


def escalates(band: CodeArray) -> BoolArray:
    """Which scores are escalated: the Red ones (UNKNOWN is never Red).

    Examples
    --------
    >>> escalates(np.array([0, 1, 2, -1], np.int8))
    array([ True, False, False, False])
    """
    red: BoolArray = band == _RED
    return red


def escalation_time(scored_at: datetime) -> datetime:
    """When a Red score must be escalated: 48 elapsed hours after ``scored_at``.

    The one escalation clock of the library: one account and a whole book both read
    it. Elapsed hours, not wall-clock hours: the time is added in UTC and read back
    in ``scored_at``'s own time zone, so across a daylight-saving change it reads 47
    or 49 hours later on the wall clock. ``scored_at`` must be time-zone aware (the
    layers above refuse a naive one: its instant is unknown).

    Examples
    --------
    >>> from zoneinfo import ZoneInfo
    >>> escalation_time(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)
    >>> escalation_time(datetime(2026, 10, 31, 9, 0, tzinfo=ZoneInfo("America/New_York")))
    datetime.datetime(2026, 11, 2, 8, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))
    """
    return (scored_at.astimezone(UTC) + ESCALATION_WINDOW).astimezone(scored_at.tzinfo)


def early_warning_kernel(
    previous: FloatArray,
    current: FloatArray,
    days_since: FloatArray,
    drop: float,
    window_days: float,
) -> BoolArray:
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
    warned: BoolArray = (
        (fall >= drop - DROP_TOLERANCE) & (days_since >= 0) & (days_since <= window_days)
    )
    return warned


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
