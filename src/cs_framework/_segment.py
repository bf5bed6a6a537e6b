"""Segments: ARR tiers mapped to coverage models (DOMAIN.md section 6)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from ._enums import CoverageModel
from ._errors import InvalidInputError
from ._validate import check_number, member_of, number, text

__all__ = ["DEFAULT_SEGMENTS", "Segment", "check_tiers"]


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
