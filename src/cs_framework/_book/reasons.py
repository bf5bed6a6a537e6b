"""The reason for each account's first action, for a whole book, in the words of
``assess`` - built column-wise: each distinct description is quoted once, each
evidence list joined in Arrow, each number formatted over an array.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from .._defaults import ESCALATION_WINDOW
from .._enums import Action
from .._model.policy import Policy
from .._rules.health import escalation_time
from .._rules.proof import unseen_progress
from .._types import BoolArray, FloatArray, IndexArray
from .score import ROLES, ScoredColumns
from .tables import HasTables
from .text import as_text, joined_by_group, pick

__all__ = ["ROLE_TEXT", "first_reasons"]

#: What each owner role is, as a gap about it says.
ROLE_TEXT = {
    "decision_maker": "the person with authority",
    "day_to_day_owner": "the person who does the work day to day",
    "accountable_owner": "the person accountable if it fails",
}

_TEXT = pa.large_string()


def _join(*parts: pa.Array | str) -> pa.Array:
    """Text arrays and constant strings, joined element by element."""
    arrays = [pa.scalar(p, _TEXT) if isinstance(p, str) else p.cast(_TEXT) for p in parts]
    return pc.binary_join_element_wise(*arrays, pa.scalar("", _TEXT))


def _one_decimal(values: FloatArray) -> NDArray[np.str_]:
    """Numbers as ``f"{x:.1f}"`` writes them; ``unknown`` for NaN."""
    written: NDArray[np.str_] = np.where(np.isnan(values), "unknown", np.char.mod("%.1f", values))
    return written


def _quoted(text: pa.Array) -> pa.Array:
    """Each entry as ``repr`` writes a str (quotes and escapes), each distinct one once."""
    coded = pc.dictionary_encode(text)
    quoted = pa.array([repr(v) for v in coded.dictionary.to_pylist()], _TEXT)
    return pc.take(quoted, coded.indices)


def _commitment_details(
    book: HasTables, rows: BoolArray, today: float, write: Callable[..., pa.Array]
) -> tuple[pa.Array, IndexArray]:
    c = book.commitments
    at = np.flatnonzero(rows)
    description = _quoted(as_text(pick(c.description, at)))
    ids = as_text(pick(c.id, at))
    return write(description, ids, c.due[at], today), c.account[at]


def _missed(description: pa.Array, ids: pa.Array, due: FloatArray, today: float) -> pa.Array:
    days = pa.array(due.astype(np.int64) - 719163, pa.int32()).cast(pa.date32())  # ordinal -> date
    return _join(
        description, " (", ids, ") was due ", days.cast(pa.string()), ": ",
        # Whole days apart: as an integer, the text f"{x:.0f}" writes, at Arrow's speed.
        pa.array((today - due).astype(np.int64)).cast(_TEXT), " days overdue and not delivered",
    )  # fmt: skip


def _unowned(description: pa.Array, ids: pa.Array, due: FloatArray, today: float) -> pa.Array:
    return _join("open commitment ", description, " (", ids, ") has no owner")


def first_reasons(
    scored: ScoredColumns, book: HasTables, policy: Policy, today: float, scored_at: datetime
) -> NDArray[np.object_]:
    """The reason ``assess`` gives for each account's first action.

    Examples
    --------
    >>> from cs_framework import Book, score_book
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> scored = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY,
    ...                     explain=True)
    >>> scored["first_reason"][2]
    'trust 80.3 and proof 100.0 meet the bars: expansion is the right conversation'
    """
    n = len(book.accounts.arr)
    agg = scored.aggregates
    action = scored.first_action
    out = np.full(n, "", dtype=object)
    trust, proof = scored.trust_index, agg.proof

    def where(kind: Action) -> BoolArray:
        chosen: BoolArray = action == kind
        return chosen

    if where(Action.ESCALATE).any():
        due = escalation_time(scored_at).isoformat()
        hours = f"{ESCALATION_WINDOW.total_seconds() / 3600:g}"
        rows = where(Action.ESCALATE)
        value = _one_decimal(scored.health.value[rows])
        out[rows] = [
            f"health is RED ({v}): escalate within {hours} hours of scoring, by {due}"
            for v in value.tolist()
        ]
    if where(Action.RESOLVE_MISSED_COMMITMENTS).any():
        details, owner = _commitment_details(book, agg.missed_recent, today, _missed)
        listed = joined_by_group(details, owner, n, "; ")
        rows = where(Action.RESOLVE_MISSED_COMMITMENTS)
        out[rows] = [f"address the missed commitments, not a QBR: {t}" for t in listed[rows]]
    if where(Action.CLARIFY_OWNERSHIP).any():
        details, owner = _commitment_details(book, agg.unowned_open, today, _unowned)
        listed = joined_by_group(details, owner, n, "; ")
        clarify = np.flatnonzero(where(Action.CLARIFY_OWNERSHIP))
        roles = scored.roles_missing
        out[clarify] = [
            "clarify ownership: "
            + "; ".join(
                ([listed[k]] if listed[k] else [])
                + [
                    f"no {r} named: {ROLE_TEXT[r]}"
                    for r, gone in zip(ROLES, roles[k], strict=True)
                    if gone
                ]
            )
            for k in clarify.tolist()
        ]
    if where(Action.REENGAGE_EXECUTIVE).any():
        rows = where(Action.REENGAGE_EXECUTIVE)
        days = scored.days_since_executive[rows]
        written = np.char.mod("%.0f", np.nan_to_num(days))
        out[rows] = [
            "re-engage the executive: "
            + ("no executive touch on record" if d != d else f"no executive touch for {w} days")
            for d, w in zip(days.tolist(), written.tolist(), strict=True)
        ]
    rows = where(Action.KEEP_SMALL_COMMITMENTS)
    out[rows] = [
        f"trust {t} is below the bar {policy.trust_bar:g} with no gap found: "
        "keep making and keeping small commitments"
        for t in _one_decimal(trust[rows]).tolist()
    ]
    out[where(Action.DEFINE_SUCCESS_CRITERIA)] = (
        "no success criteria: define measurable outcomes with the customer"
    )
    if where(Action.DOCUMENT_OUTCOMES).any():
        o = book.outcomes
        hidden = unseen_progress(agg.progress, o.acknowledged)
        at = np.flatnonzero(hidden)
        details = _join(
            _quoted(as_text(pick(o.description, at))), " (", as_text(pick(o.id, at)), ")"
        )
        listed = joined_by_group(details, o.account[at], n, ", ")
        rows = where(Action.DOCUMENT_OUTCOMES)
        out[rows] = [
            f"progress the customer has not acknowledged: {t}; document and share "
            f"the outcomes (proof {p} < {policy.proof_bar:g})"
            for t, p in zip(listed[rows].tolist(), _one_decimal(proof[rows]).tolist(), strict=True)
        ]
    rows = where(Action.DRIVE_OUTCOMES)
    out[rows] = [
        f"proof {p} is below the bar {policy.proof_bar:g}: remove the obstacles to the outcomes"
        for p in _one_decimal(proof[rows]).tolist()
    ]
    rows = where(Action.EXPAND)
    unknown = np.isnan(scored.health.value[rows])
    out[rows] = [
        f"trust {t} and proof {p} meet the bars: expansion is the right conversation"
        + ("; health is unknown, which does not block it" if u else "")
        for t, p, u in zip(
            _one_decimal(trust[rows]).tolist(),
            _one_decimal(proof[rows]).tolist(),
            unknown.tolist(),
            strict=True,
        )
    ]
    return out
