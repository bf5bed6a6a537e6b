"""A book as it stood on an earlier day: nothing dated after that day is seen.

Scoring a book as of a past day must use only what was known then, or a backtest
flatters the score (leakage). Everything dated after the day is taken out, and counted:
a health reading, an outcome's current reading, the previous score, an executive
touch or a first value dated later are missing then; a commitment made later does not
exist yet; one kept later is still open. With ``errors="raise"`` any of them is refused
instead, each listed with its account (but for accounts that start after the day: never
labelled, so their later values are only left out). What carries no date (ARR, adoption
counts, trust assessments, undated readings, outcomes documented or acknowledged,
commitments renegotiated, overrides in force, which say when they end but not when they
were made) cannot be placed in time: it is used, and counted.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np

from .._book.book import Book
from .._book.checks import Where, finder
from .._book.tables import keep_rows
from .._errors import InvalidInputError
from .._types import BoolArray, FloatArray, date_of

__all__ = ["Past", "as_it_stood"]

_LATER = "is dated after the scoring day {day}: not known then"


@attrs.frozen(kw_only=True, eq=False)
class Past:
    """The book as it stood, what was taken out of it (by field: how many values dated
    after the day) and what could not be placed in time (by field: undated values used)."""

    book: Book
    later: dict[str, int]
    undated: dict[str, int]


def _shown(day: Any) -> Any:
    return date_of(float(day))


def as_it_stood(book: Book, day: float, *, errors: Literal["exclude", "raise"]) -> Past:
    """``book`` as it stood on day number ``day`` (see the module's docstring)."""
    a, c, o = book.accounts, book.commitments, book.outcomes
    find = finder(a)
    later: dict[str, int] = {}
    undated: dict[str, int] = {}
    reason = _LATER.format(day=date_of(day))

    # An account that starts after the day is not labelled: its later values are left
    # out like any other, but not refused.
    started = ~(a.started_on > day)

    def after(days: FloatArray, field: str, where: Where | None = None) -> BoolArray:
        mask: BoolArray = days > day  # NaN (undated) compares False
        if mask.any():
            key = field if where is None else f"{where.table}.{field}"
            later[key] = later.get(key, 0) + int(np.count_nonzero(mask))
            if errors == "raise":  # each one named: worth its cost only when refused
                customer = started if where is None else started[where.owner]
                find.add(mask & customer, field, days, reason, where=where, shown=_shown)
        return mask

    health, measured = {}, {}
    for name, values in a.health.items():
        days = a.health_measured_on[name]
        field = f"health[{name!r}].measured_on"
        gone = after(days, field)
        health[name] = np.where(gone, np.nan, values)
        measured[name] = np.where(gone, np.nan, days)
        _count(undated, f"health[{name!r}]", ~np.isnan(values) & np.isnan(days))
    gone = after(a.previous_health_on, "previous_health_on")
    accounts = attrs.evolve(
        a,
        health=health,
        health_measured_on=measured,
        previous_health=np.where(gone, np.nan, a.previous_health),
        previous_health_on=np.where(gone, np.nan, a.previous_health_on),
        last_executive_touch=np.where(
            after(a.last_executive_touch, "last_executive_touch"), np.nan, a.last_executive_touch
        ),
        first_value_on=np.where(
            after(a.first_value_on, "first_value_on"), np.nan, a.first_value_on
        ),
    )
    for field in ("credibility", "intimacy", "self_orientation"):
        _count(undated, field, ~np.isnan(getattr(a, field)))
    _count(undated, "adoption", a.has_adoption)

    made_later = after(c.made_on, "made_on", Where("commitments", c.account, c.id))
    # Kept later, of those made by then (a commitment made later is gone, kept or not).
    kept = np.where(made_later, np.nan, c.kept_on)
    kept_later = after(kept, "kept_on", Where("commitments", c.account, c.id))
    commitments = attrs.evolve(c, kept_on=np.where(kept_later, np.nan, c.kept_on))
    if made_later.any():
        commitments = keep_rows(commitments, ~made_later)
    read_later = after(o.measured_on, "measured_on", Where("outcomes", o.account, o.id))
    outcomes = attrs.evolve(
        o,
        current=np.where(read_later, np.nan, o.current),
        measured_on=np.where(read_later, np.nan, o.measured_on),
    )
    _count(undated, "outcomes.current", ~np.isnan(o.current) & np.isnan(o.measured_on))
    # An override says when it ends, not when it was made: one in force may be later.
    _count(undated, "overrides", book.overrides.expires_on >= day)
    # Flags and ARR say how things are, not since when.
    _count(undated, "arr", np.ones(len(a), dtype=bool))
    _count(undated, "commitments.renegotiated", c.renegotiated & ~made_later)
    _count(undated, "outcomes.documented", o.documented)
    _count(undated, "outcomes.acknowledged", o.acknowledged)
    if errors == "raise" and find.found:
        problems = [p for _, p in sorted(find.found, key=lambda item: item[0])]
        raise InvalidInputError.from_problems(
            problems,
            summary=f"{len(problems)} values are dated after the scoring day {date_of(day)} "
            '(errors="exclude" leaves them out, and counts them)',
        )
    past = attrs.evolve(book, accounts=accounts, commitments=commitments, outcomes=outcomes)
    return Past(book=past, later=later, undated=undated)


def _count(counts: dict[str, int], field: str, rows: BoolArray) -> None:
    n = int(np.count_nonzero(rows))
    if n:
        counts[field] = n
