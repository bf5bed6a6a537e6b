"""Segments: ARR tiers, each served by one coverage model (docs/rules.md#segments)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from .._defaults import SEGMENT_TIERS
from .._enums import CoverageModel
from .._types import FloatArray
from .validators import TEXT, InstanceOf, Number, refuse

__all__ = ["DEFAULT_SEGMENTS", "Segment", "check_tiers", "lower_edges"]


def _max_arr(instance: Segment, attribute: attrs.Attribute[float], value: float) -> None:
    # The top tier is open-ended, so +inf is the one non-finite bound allowed.
    if value != math.inf:
        Number(lo=0).check(value, field="max_arr")
    if value <= instance.min_arr:
        refuse(value, f"must exceed min_arr={instance.min_arr!r}", field="max_arr")


@attrs.frozen(kw_only=True)
class Segment:
    """An ARR tier ``[min_arr, max_arr)`` served by one coverage model.

    "A customer generating $5K ARR should not receive the same coverage model as a
    customer generating $500K ARR" (the CS program guide). ``accounts_per_csm`` turns
    a book into the CSM headcount the tier needs (the distilled CS principles).

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

    name: str = attrs.field(validator=TEXT)
    min_arr: float = attrs.field(validator=Number(lo=0))
    max_arr: float = attrs.field(validator=_max_arr)
    coverage: CoverageModel = attrs.field(validator=InstanceOf(CoverageModel))
    accounts_per_csm: float = attrs.field(validator=Number(lo=0, lo_open=True))


def check_tiers(segments: Sequence[Any]) -> None:
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
        refuse((), "needs at least one tier", field="segments")
    for i, seg in enumerate(segments):
        InstanceOf(Segment).check(seg, field=f"segments[{i}]")
    if segments[0].min_arr != 0:
        refuse(
            segments[0].min_arr,
            "the lowest tier must start at 0 (a gap below it)",
            field="segments[0].min_arr",
        )
    for i in range(1, len(segments)):
        below, here = segments[i - 1].max_arr, segments[i].min_arr
        if here != below:
            kind = "a gap" if here > below else "an overlap"
            refuse(
                here,
                f"must equal segments[{i - 1}].max_arr={below!r} ({kind} between tiers)",
                field=f"segments[{i}].min_arr",
            )
    if segments[-1].max_arr != math.inf:
        refuse(
            segments[-1].max_arr,
            "the top tier must be open-ended (inf): ARR above it has no tier",
            field=f"segments[{len(segments) - 1}].max_arr",
        )


def lower_edges(segments: Sequence[Segment]) -> FloatArray:
    """The lower ARR edge of each tier above the first: what the segment kernel reads.

    Examples
    --------
    >>> lower_edges(DEFAULT_SEGMENTS)
    array([ 10000., 100000.])
    """
    return np.array([s.min_arr for s in segments[1:]], dtype=np.float64)


#: The default tiers: HIGH_TOUCH from $100K, SCALED from $10K, DIGITAL below; the
#: accounts-per-CSM ratios are the library's defaults.
DEFAULT_SEGMENTS: tuple[Segment, ...] = tuple(
    Segment(name=name, min_arr=lo, max_arr=hi, coverage=model, accounts_per_csm=ratio)
    for name, lo, hi, model, ratio in SEGMENT_TIERS
)
