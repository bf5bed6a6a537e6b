"""Why each account's health is what it is, for a whole book at once.

``score_book(..., explain=True)`` adds, for each component ``c`` of the scorecard:

- ``points_<c>``: the points it adds to the health score (0 when missing; NaN when the
  computed score is unknown);
- ``lost_<c>``: the points it loses against a perfect 100 (its share of the weight
  present x 100, less its points; NaN when missing);

``override_points``: the points a live override of the whole score adds (or takes
away; NaN where none), so a row's points add up to its health; ``missing``: the
components with no fresh reading; ``gaps``: the kinds of the gaps
found, in the order ``assess`` lists them (one entry per gap); ``evidence``: the ids of
the commitments those gaps cite (the missed ones, then the open ones with no owner).
Lists are text joined by ``", "``, so the result writes to CSV as it is. Each is what
``assess`` says of the account (``HealthScore.contributions`` and ``missing``,
``Assessment.gaps``), computed from the columns the scorer already holds: no account
is assessed again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._model.policy import Policy
from .._model.results import HealthColumns
from .._types import CodeArray, FloatArray
from .score import ScoredColumns
from .tables import HasTables
from .text import as_text, joined_by_group, pick

__all__ = ["EXPLAINED", "explanation_columns", "is_explained"]

#: The prefixes of the per-component explanation columns, then the other columns.
EXPLAINED = (
    "points_",
    "lost_",
    "name",
    "override_points",
    "missing",
    "gaps",
    "evidence",
    "first_reason",
)


def is_explained(name: str) -> bool:
    """Whether a result column is one ``explain=True`` adds.

    Examples
    --------
    >>> is_explained("points_adoption"), is_explained("missing"), is_explained("health")
    (True, True, False)
    """
    return name in EXPLAINED[2:] or name.startswith(EXPLAINED[:2])


def explanation_columns(scored: ScoredColumns, book: HasTables, policy: Policy) -> dict[str, Any]:
    """The explanation columns of the scored rows (one row per account scored).

    Examples
    --------
    >>> from cs_framework import Book, score_book
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> scored = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY,
    ...                     explain=True)
    >>> scored["points_adoption"].round(1).tolist(), scored["missing"][0]
    ([15.3, 18.0, 22.0], 'sentiment')
    >>> scored["gaps"][0]
    'MISSED_COMMITMENT, MISSED_COMMITMENT, UNCLEAR_OWNERSHIP, UNCLEAR_OWNERSHIP, SILENT_EXECUTIVE'
    >>> scored["evidence"][0]
    'nw-1, nw-2, nw-4'
    """
    out = _health_columns(scored.health, scored.coverage_model, policy)
    out["gaps"] = _gap_kinds(scored, book)
    out["evidence"] = _evidence(scored, book)
    return out


def _named(codes: NDArray[np.int64], name: Callable[[int], str]) -> NDArray[np.object_]:
    """``name(code)`` for each entry, each distinct code named once (few repeat)."""
    distinct, which = np.unique(codes, return_inverse=True)
    names = np.empty(len(distinct), dtype=object)
    for k, code in enumerate(distinct.tolist()):
        names[k] = name(code)
    return names[np.asarray(which).reshape(-1)]


def _gap_kinds(scored: ScoredColumns, book: HasTables) -> NDArray[np.object_]:
    """The gap kinds of each account, in the order of ``assess`` (one per gap)."""
    agg, n = scored.aggregates, len(book.accounts.arr)
    missed = np.bincount(book.commitments.account[agg.missed_recent], minlength=n)
    unowned = agg.n_unowned_open + scored.roles_missing.sum(axis=1)
    silent = scored.silent_executive.astype(np.int64)
    # No outcomes table at all is unknown proof, not an account without criteria.
    criteria = ((agg.n_outcomes == 0) & ("outcomes" not in book.not_given)).astype(np.int64)
    # One number per account: the four counts side by side (a count < 2**20 each).
    code = (missed << 40) | (unowned << 20) | (silent << 1) | criteria

    def name(c: int) -> str:
        kinds = ["MISSED_COMMITMENT"] * (c >> 40) + ["UNCLEAR_OWNERSHIP"] * (c >> 20 & 0xFFFFF)
        kinds += ["SILENT_EXECUTIVE"] * (c >> 1 & 1) + ["NO_SUCCESS_CRITERIA"] * (c & 1)
        return ", ".join(kinds)

    return _named(code.astype(np.int64), name)


def _evidence(scored: ScoredColumns, book: HasTables) -> NDArray[np.object_]:
    """The commitment ids each account's gaps cite: missed, then unowned, in row order."""
    agg, n = scored.aggregates, len(book.accounts.arr)
    rows = np.flatnonzero(agg.missed_recent | agg.unowned_open)
    rows = rows[np.lexsort((rows, ~agg.missed_recent[rows]))]  # missed first, then unowned
    ids = as_text(pick(book.commitments.id, rows))
    return joined_by_group(ids, book.commitments.account[rows], n, ", ")


def _health_columns(
    health: HealthColumns, coverage_model: CodeArray, policy: Policy
) -> dict[str, Any]:
    """Points won and lost per component, and the missing components."""
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
    # Each row's presence as one number (a bit per component), each pattern named once.
    bits = health.present.astype(np.int64) @ (np.int64(1) << np.arange(len(health.names)))
    # A live override of the whole score: the points it adds to (or takes from) the
    # computed score, so the points of a row add up to its health.
    moved = health.override_points
    out["override_points"] = np.full(len(health.value), np.nan) if moved is None else moved
    out["missing"] = _named(
        bits, lambda b: ", ".join(n for j, n in enumerate(health.names) if not b >> j & 1)
    )
    return out
