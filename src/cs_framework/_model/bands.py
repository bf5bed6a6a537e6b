"""Band edges: where Green and Yellow start, checked once for every place that takes them."""

from __future__ import annotations

from typing import Any

from .validators import Number, refuse

__all__ = ["EDGE", "check_edges"]

#: A band edge is a point on the 0-100 health scale.
EDGE = Number(lo=0, hi=100)


def check_edges(green: Any, yellow: Any, *, field: str = "") -> tuple[float, float]:
    """Band edges on [0, 100], ordered ``green > yellow``: the edges may move, never
    reorder (docs/rules.md#health). ``field`` prefixes the names in messages.

    Examples
    --------
    >>> check_edges(76, 51)
    (76.0, 51.0)
    >>> check_edges(50, 60)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: green=50: must exceed yellow=60
    """
    edges = (
        EDGE.check(green, field=f"{field}green"),
        EDGE.check(yellow, field=f"{field}yellow"),
    )
    if not edges[0] > edges[1]:
        refuse(green, f"must exceed yellow={yellow!r}", field=f"{field}green")
    return edges
