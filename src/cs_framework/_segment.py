"""Segments: ARR tiers mapped to coverage models (DOMAIN.md section 6, seeds 004 and 003).

"A customer generating $5K ARR should not receive the same coverage model as a
customer generating $500K ARR" (seed 004). Tiers are half-open ``[min_arr, max_arr)``
and cover ``[0, inf)`` exactly once, so an ARR exactly at an edge belongs to the upper
tier. Each tier carries a ratio of accounts per CSM, so a book yields the CSM
headcount it needs per tier ("scaling becomes a headcount problem", seed 003).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import FloatArray, as_floats
from ._enums import CoverageModel
from ._errors import InvalidInputError
from ._validate import check_number, member_of, number, text

__all__ = [
    "DEFAULT_SEGMENTS",
    "CoveragePlan",
    "Segment",
    "TierCoverage",
    "check_tiers",
    "coverage_kernel",
    "coverage_plan",
    "segment_for",
    "segment_kernel",
]

#: A headcount is rounded up only past this much of a CSM, so 3 accounts at 0.1 per
#: CSM (3 / 0.1 = 30.000000000000004 in floating point) need 30 CSMs, not 31.
HEADCOUNT_TOLERANCE = 1e-9


def _max_arr(instance: Segment, attribute: attrs.Attribute[float], value: float) -> None:
    # The top tier is open-ended, so +inf is the one non-finite bound allowed.
    if value != math.inf:
        check_number(value, field="max_arr", account_id=None, lo=0)
    if value <= instance.min_arr:
        raise InvalidInputError(
            field="max_arr", value=value, reason=f"must exceed min_arr={instance.min_arr!r}"
        )


@attrs.frozen(kw_only=True)
class Segment:
    """An ARR tier ``[min_arr, max_arr)`` served by one coverage model.

    "A customer generating $5K ARR should not receive the same coverage model as a
    customer generating $500K ARR" (seed 004). ``accounts_per_csm`` turns a book into
    the CSM headcount the tier needs (seed 003).

    Examples
    --------
    >>> Segment(name="Scaled", min_arr=10_000, max_arr=100_000,
    ...         coverage=CoverageModel.SCALED, accounts_per_csm=100).coverage.name
    'SCALED'
    >>> Segment(name="Odd", min_arr=50, max_arr=10, coverage=CoverageModel.DIGITAL,
    ...         accounts_per_csm=1000)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: max_arr=10: must exceed min_arr=50
    """

    name: str = attrs.field(validator=text)
    min_arr: float = attrs.field(validator=number(lo=0))
    max_arr: float = attrs.field(validator=_max_arr)
    coverage: CoverageModel = attrs.field(validator=member_of(CoverageModel))
    accounts_per_csm: float = attrs.field(validator=number(lo=0, lo_open=True))


def check_tiers(segments: Sequence[Segment]) -> None:
    """Refuse tiers that do not cover ``[0, inf)`` exactly once, in ascending order.

    Examples
    --------
    >>> check_tiers(DEFAULT_SEGMENTS)
    >>> check_tiers(DEFAULT_SEGMENTS[1:])
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: segments[0].min_arr=10000.0: the lowest tier must start at 0...
    """
    if not segments:
        raise InvalidInputError(field="segments", value=(), reason="needs at least one tier")
    for i, seg in enumerate(segments):
        if not isinstance(seg, Segment):
            raise InvalidInputError(field=f"segments[{i}]", value=seg, reason="must be a Segment")
    if segments[0].min_arr != 0:
        raise InvalidInputError(
            field="segments[0].min_arr",
            value=segments[0].min_arr,
            reason="the lowest tier must start at 0 (a gap below it)",
        )
    for i in range(1, len(segments)):
        below, here = segments[i - 1].max_arr, segments[i].min_arr
        if here != below:
            kind = "a gap" if here > below else "an overlap"
            raise InvalidInputError(
                field=f"segments[{i}].min_arr",
                value=here,
                reason=f"must equal segments[{i - 1}].max_arr={below!r} ({kind} between tiers)",
            )
    if segments[-1].max_arr != math.inf:
        raise InvalidInputError(
            field=f"segments[{len(segments) - 1}].max_arr",
            value=segments[-1].max_arr,
            reason="the top tier must be open-ended (inf): ARR above it has no tier",
        )


#: The default tiers of DOMAIN.md section 6: HIGH_TOUCH from $100K, SCALED from
#: $10K, DIGITAL below. The accounts-per-CSM ratios are our defaults.
DEFAULT_SEGMENTS: tuple[Segment, ...] = (
    Segment(
        name="Digital",
        min_arr=0.0,
        max_arr=10_000.0,
        coverage=CoverageModel.DIGITAL,
        accounts_per_csm=1000.0,
    ),
    Segment(
        name="Scaled",
        min_arr=10_000.0,
        max_arr=100_000.0,
        coverage=CoverageModel.SCALED,
        accounts_per_csm=100.0,
    ),
    Segment(
        name="High touch",
        min_arr=100_000.0,
        max_arr=math.inf,
        coverage=CoverageModel.HIGH_TOUCH,
        accounts_per_csm=15.0,
    ),
)


# ---------------------------------------------------------------------------------
# Kernels: trust their input (tiers checked, ARR finite and >= 0); no loops over rows.
# ---------------------------------------------------------------------------------


def segment_kernel(arr: FloatArray, segments: Sequence[Segment]) -> NDArray[np.intp]:
    """The tier index of each ARR: the last tier whose ``min_arr`` is at most the ARR.

    Examples
    --------
    >>> segment_kernel(np.array([0.0, 9_999.99, 10_000.0, 100_000.0]), DEFAULT_SEGMENTS)
    array([0, 0, 1, 2])
    """
    edges = np.array([s.min_arr for s in segments[1:]], dtype=np.float64)
    # side="right": an ARR equal to an edge goes above it, as tiers are [min, max).
    return np.searchsorted(edges, arr, side="right").astype(np.intp)


def coverage_kernel(
    tier: NDArray[np.intp], arr: FloatArray, accounts_per_csm: FloatArray
) -> tuple[NDArray[np.intp], FloatArray, FloatArray, NDArray[np.intp]]:
    """Per tier: accounts, ARR, CSM load (accounts / ratio) and CSMs needed (load rounded up).

    Examples
    --------
    >>> count, arr, load, csms = coverage_kernel(
    ...     np.array([0, 2, 2]), np.array([5e3, 2e5, 3e5]), np.array([1e3, 1e2, 15.0]))
    >>> count, arr, csms
    (array([1, 0, 2]), array([  5000.,      0., 500000.]), array([1, 0, 1]))
    >>> load.round(4)
    array([0.001 , 0.    , 0.1333])
    """
    n_tiers = accounts_per_csm.shape[0]
    count = np.bincount(tier, minlength=n_tiers)
    total = np.bincount(tier, weights=arr, minlength=n_tiers).astype(np.float64)
    load = count / accounts_per_csm
    csms = np.ceil(load - HEADCOUNT_TOLERANCE).astype(np.intp)
    return count.astype(np.intp), total, load, csms


# ---------------------------------------------------------------------------------
# The edge
# ---------------------------------------------------------------------------------


def _checked_tiers(segments: Any) -> tuple[Segment, ...]:
    if not isinstance(segments, (list, tuple)):
        raise InvalidInputError(
            field="segments", value=segments, reason="must be a list or tuple of Segment"
        )
    check_tiers(segments)
    return tuple(segments)


def _checked_arr(arr: ArrayLike) -> FloatArray:
    values = as_floats(arr, field="arr")
    ok = np.isfinite(values) & (values >= 0)
    if not ok.all():
        if values.ndim == 0:
            raise InvalidInputError(
                field="arr", value=float(values), reason="must be finite and >= 0"
            )
        bad = np.flatnonzero(~ok.ravel())
        raise InvalidInputError(
            field="arr",
            value=values.ravel()[bad[:5]].tolist(),
            reason=(
                f"{bad.size} of {values.size} values negative or not finite, "
                f"first at positions {bad[:5].tolist()}"
            ),
        )
    return values


@overload
def segment_for(arr: float, segments: Sequence[Segment] = ...) -> Segment: ...
@overload
def segment_for(arr: ArrayLike, segments: Sequence[Segment] = ...) -> NDArray[np.intp]: ...
def segment_for(
    arr: ArrayLike, segments: Sequence[Segment] = DEFAULT_SEGMENTS
) -> Segment | NDArray[np.intp]:
    """The segment of an ARR: a :class:`Segment` for a scalar, tier indices for an array.

    Parameters
    ----------
    arr : float or array_like
        Annual recurring revenue, finite and >= 0.
    segments : sequence of Segment
        Tiers covering ``[0, inf)`` in ascending order (``Policy.segments``);
        :data:`DEFAULT_SEGMENTS` by default.

    Returns
    -------
    Segment or ndarray of intp
        The tier for a scalar; for an array, the index into ``segments`` of each
        ARR (same shape). An ARR exactly at an edge belongs to the upper tier.

    Raises
    ------
    InvalidInputError
        For ARR negative, NaN or infinite, or tiers with a gap or an overlap.

    Examples
    --------
    >>> segment_for(5_000).coverage.name, segment_for(500_000).coverage.name
    ('DIGITAL', 'HIGH_TOUCH')
    >>> segment_for(100_000).name
    'High touch'
    >>> segment_for([9_999.99, 10_000, 99_999.99, 100_000])
    array([0, 1, 1, 2])
    >>> segment_for(-1)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: arr=-1.0: must be finite and >= 0
    """
    tiers = _checked_tiers(segments)
    values = _checked_arr(arr)
    index = segment_kernel(values, tiers)
    return tiers[int(index)] if values.ndim == 0 else index


@attrs.frozen(kw_only=True)
class TierCoverage:
    """One tier of a coverage plan: its accounts, their ARR, and the CSMs they need.

    ``csm_load`` is ``accounts / segment.accounts_per_csm`` (a fraction of a CSM
    where the tier is small); ``csms`` is that load rounded up, since a tier's
    coverage model needs whole people.
    """

    segment: Segment
    accounts: int
    arr: float
    csm_load: float
    csms: int


@attrs.frozen(kw_only=True)
class CoveragePlan:
    """The CSM headcount a set of accounts needs, tier by tier (DOMAIN.md section 6).

    Examples
    --------
    >>> plan = coverage_plan([2_000, 8_000, 40_000, 250_000, 120_000])
    >>> [(t.segment.name, t.accounts, t.csms) for t in plan.tiers]
    [('Digital', 2, 1), ('Scaled', 1, 1), ('High touch', 2, 1)]
    >>> plan.accounts, plan.arr, plan.csms
    (5, 420000.0, 3)
    """

    tiers: tuple[TierCoverage, ...]

    @property
    def accounts(self) -> int:
        """Accounts in all tiers."""
        return sum(t.accounts for t in self.tiers)

    @property
    def arr(self) -> float:
        """ARR of all tiers."""
        return math.fsum(t.arr for t in self.tiers)

    @property
    def csms(self) -> int:
        """CSMs needed: the sum of the tiers' headcounts (each rounded up on its own)."""
        return sum(t.csms for t in self.tiers)


def coverage_plan(
    arr_values: ArrayLike, segments: Sequence[Segment] = DEFAULT_SEGMENTS
) -> CoveragePlan:
    """Turn a set of accounts (their ARR) into the CSM headcount needed per tier.

    Each account falls in its tier (:func:`segment_for`); a tier needs
    ``ceil(accounts / accounts_per_csm)`` CSMs, rounded up per tier because each
    coverage model is staffed on its own (so the total can exceed the total load
    rounded up). A tier with no account needs no CSM.

    Parameters
    ----------
    arr_values : array_like
        The ARR of each account (any shape; flattened), finite and >= 0.
    segments : sequence of Segment
        The tiers, as for :func:`segment_for`.

    Returns
    -------
    CoveragePlan
        One :class:`TierCoverage` per tier, in the order of ``segments``, empty
        tiers included.

    Examples
    --------
    >>> plan = coverage_plan([150_000] * 31 + [20_000] * 250 + [3_000] * 4_000)
    >>> [(t.segment.coverage.name, t.accounts, t.csms) for t in plan.tiers]
    [('DIGITAL', 4000, 4), ('SCALED', 250, 3), ('HIGH_TOUCH', 31, 3)]
    """
    tiers = _checked_tiers(segments)
    values = _checked_arr(arr_values).ravel()
    ratios = np.array([s.accounts_per_csm for s in tiers], dtype=np.float64)
    count, total, load, csms = coverage_kernel(segment_kernel(values, tiers), values, ratios)
    return CoveragePlan(
        tiers=tuple(
            TierCoverage(
                segment=seg,
                accounts=int(count[i]),
                arr=float(total[i]),
                csm_load=float(load[i]),
                csms=int(csms[i]),
            )
            for i, seg in enumerate(tiers)
        )
    )
