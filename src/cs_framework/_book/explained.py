"""Why each account's health is what it is, for a whole book at once.

``score_book(..., explain=True)`` adds, for each component ``c`` of the scorecard:

- ``points_<c>``: the points it adds to the health score (0 when missing);
- ``lost_<c>``: the points it loses against a perfect 100 (its share of the weight
  present x 100, less its points; NaN when missing);

and ``missing``: the components with no fresh reading, their names joined by ``", "``
(text, so the result writes to CSV as it is). Each is what ``assess`` says of
the account (``HealthScore.contributions`` and ``missing``), computed from the columns
the scorer already holds: no account is assessed again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._model.policy import Policy
from .._model.results import HealthColumns
from .._types import CodeArray, FloatArray

__all__ = ["EXPLAINED", "explanation_columns", "is_explained"]

#: The prefixes of the explanation columns, and the name of the list column.
EXPLAINED = ("points_", "lost_", "missing")


def is_explained(name: str) -> bool:
    """Whether a result column is one ``explain=True`` adds.

    Examples
    --------
    >>> is_explained("points_adoption"), is_explained("missing"), is_explained("health")
    (True, True, False)
    """
    return name == "missing" or name.startswith(EXPLAINED[:2])


def explanation_columns(
    health: HealthColumns, coverage_model: CodeArray, policy: Policy
) -> dict[str, Any]:
    """The explanation columns of the scored rows (one row per account scored).

    Examples
    --------
    >>> from cs_framework import Book, score_book
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> scored = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY,
    ...                     explain=True)
    >>> scored["points_adoption"].round(1).tolist(), scored["missing"][0]
    ([15.3, 18.0, 22.0], 'sentiment')
    """
    names, table = policy.weight_table
    order = [names.index(name) for name in health.names]
    weights = table[:, order][coverage_model] * health.present
    total = weights.sum(axis=1, keepdims=True)
    share = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    points: FloatArray = health.contributions
    lost = np.where(health.present, share * 100.0 - points, np.nan)
    out: dict[str, Any] = {}
    for j, name in enumerate(health.names):
        out[f"points_{name}"] = points[:, j]
        out[f"lost_{name}"] = lost[:, j]
    # Few patterns of presence repeat across a book: each row's pattern as one number
    # (a bit per component), each distinct pattern turned into names once.
    bits = health.present.astype(np.int64) @ (np.int64(1) << np.arange(len(health.names)))
    patterns, which = np.unique(bits, return_inverse=True)
    named = np.empty(len(patterns), dtype=object)
    for k, pattern in enumerate(patterns.tolist()):
        named[k] = ", ".join(n for j, n in enumerate(health.names) if not pattern >> j & 1)
    out["missing"] = named[which]
    return out
