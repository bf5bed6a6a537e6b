"""Labelled account-days: each scoring day's book as it stood, scored, and each account
followed to its first renewal decision within the horizon (for backtests and fits)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, Literal

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._book.book import Book
from .._book.scored import ScoredBook, score_book
from .._book.text import positions_in
from .._errors import InvalidInputError, Problem
from .._model.policy import Policy
from .._model.validators import DAY, InstanceOf, check_choice, refuse
from .._rules.evidence import first_decision
from .._types import IndexArray, date_of, day_number
from .past import as_it_stood
from .renewals import RenewalTable, renewal_table

__all__ = ["Day", "Labels", "label_days"]

NOT_STARTED = "not yet a customer on the scoring day (started_on after it)"
NO_DECISION = "no renewal decision within the horizon"
MARKED = "a bad row (marked)"
BEFORE = "renewals decided on or before the scoring day (history, not a label; per day)"
BEYOND = "renewals decided after the horizon (per scoring day)"
SECOND = "later decisions within the horizon (the first is the label; per scoring day)"
UNMATCHED = "renewals of accounts not in the book"


@attrs.frozen(kw_only=True, eq=False)
class Day:
    """One scoring day: the book as it stood, its scores, the labelled accounts (their
    positions) and each one's decision (its row in the renewals)."""

    day: date
    book: Book
    scored: ScoredBook
    rows: IndexArray
    decision: IndexArray


@attrs.define(kw_only=True, eq=False)
class Labels:
    """The checked arguments of a backtest or a fit, and what the days left out."""

    snapshots: list[tuple[date, Book]]
    policy: Policy
    horizon: int
    errors: Literal["exclude", "raise"]
    decisions: RenewalTable
    excluded: dict[str, int] = attrs.Factory(
        lambda: dict.fromkeys(
            (NOT_STARTED, MARKED, NO_DECISION, BEFORE, BEYOND, SECOND, UNMATCHED), 0
        )
    )
    later: dict[str, int] = attrs.Factory(dict)
    undated: dict[str, int] = attrs.Factory(dict)

    def days(self) -> Iterator[Day]:
        """Each scoring day in turn (counting what it leaves out as it goes)."""
        matched = np.zeros(len(self.decisions), dtype=bool)
        decisions = self.decisions
        # One book is often scored on many days: its renewals are placed once.
        placed_in: dict[int, IndexArray] = {}
        for day, snapshot in self.snapshots:
            today = day_number(day)
            if id(snapshot) not in placed_in:
                (placed_in[id(snapshot)],) = positions_in(
                    [decisions.account_id], snapshot.accounts.id
                )
            owner = placed_in[id(snapshot)]
            # Raise mode has refused every day's later values already (label_days).
            past = as_it_stood(snapshot, today, errors="exclude")
            for into, counts in ((self.later, past.later), (self.undated, past.undated)):
                for field, n in counts.items():
                    into[field] = into.get(field, 0) + n
            mode: Literal["raise", "mark"] = "raise" if self.errors == "raise" else "mark"
            scored = score_book(past.book, as_of=day, policy=self.policy, errors=mode)
            a = past.book.accounts
            matched |= owner >= 0
            placed = owner >= 0
            self.excluded[BEFORE] += int(np.count_nonzero(placed & (decisions.decided_on <= today)))
            end = today + self.horizon
            self.excluded[BEYOND] += int(np.count_nonzero(placed & (decisions.decided_on > end)))
            first = first_decision(owner, decisions.decided_on, len(a), today, self.horizon)
            inside = placed & (decisions.decided_on > today) & (decisions.decided_on <= end)
            self.excluded[SECOND] += int(np.count_nonzero(inside)) - int(
                np.count_nonzero(first >= 0)
            )
            started = ~(a.started_on > today)
            ok = np.asarray(scored["error"] == None)  # noqa: E711 - an object column
            self.excluded[NOT_STARTED] += int(np.count_nonzero(~started))
            self.excluded[MARKED] += int(np.count_nonzero(started & ~ok))
            self.excluded[NO_DECISION] += int(np.count_nonzero(started & ok & (first < 0)))
            rows = np.flatnonzero(started & ok & (first >= 0))
            yield Day(day=day, book=past.book, scored=scored, rows=rows, decision=first[rows])
        self.excluded[UNMATCHED] = int(np.count_nonzero(~matched))


def label_days(
    book: Any,
    renewals: Any,
    *,
    as_of: Any,
    policy: Any,
    horizon_days: Any,
    columns: Mapping[str, str] | None,
    errors: Any,
) -> Labels:
    """The arguments of a backtest or a fit, checked, ready to label day by day."""
    snapshots = _snapshots(book, as_of)
    checked = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    horizon = _horizon(horizon_days)
    check_choice(errors, ("exclude", "raise"), field="errors")
    decisions = renewal_table(renewals, columns=columns)
    _duplicates(decisions)
    if errors == "raise":  # every value dated after its day, on every day, in one error
        problems: list[Problem] = []
        for day, snapshot in snapshots:
            try:
                as_it_stood(snapshot, day_number(day), errors="raise")
            except InvalidInputError as error:
                problems += error.problems
        if problems:
            raise InvalidInputError.from_problems(
                problems,
                summary=f"{len(problems)} values are dated after their scoring day "
                '(errors="exclude" leaves them out, and counts them)',
            )
    return Labels(
        snapshots=snapshots,
        policy=checked,
        horizon=horizon,
        errors=errors,
        decisions=decisions,
    )


def _shown(value: Any) -> Any:
    """A value as a message shows it: a book, a list or a pair by its kind and length,
    an object of the library by its kind - not its every column."""
    if isinstance(value, (Book, list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__ if hasattr(value, "__attrs_attrs__") else value


def _snapshots(book: Any, as_of: Any) -> list[tuple[date, Book]]:
    """``(day, book)`` pairs: one book and ``as_of``, or a sequence of snapshots."""
    if isinstance(book, Book):
        DAY.check(as_of, field="as_of")
        return [(as_of, book)]
    if not isinstance(book, (list, tuple)) or not book:
        refuse(
            _shown(book),
            "must be a Book, or a non-empty list of (as_of, Book) snapshots",
            field="book",
        )
    if as_of is not None:
        refuse(as_of, "is given by each snapshot: leave as_of out", field="as_of")
    out = []
    for k, pair in enumerate(book):
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], Book)):
            refuse(_shown(pair), "must be a pair (as_of, Book)", field=f"book[{k}]")
        DAY.check(pair[0], field=f"book[{k}][0]")
        out.append((pair[0], pair[1]))
    days = [day for day, _ in out]
    if len(set(days)) < len(days):
        repeated = next(d for d in days if days.count(d) > 1)
        refuse(repeated, "is the day of two snapshots: give each day once", field="book")
    return out


def _horizon(days: Any) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 36_500:
        refuse(days, "must be a whole number of days from 1 to 36500", field="horizon_days")
    return days


def _duplicates(table: RenewalTable) -> None:
    """Two decisions of one account on one day are refused: which one is the label?"""
    pairs = pa.table({"account_id": table.account_id, "day": table.decided_on})
    counted = pairs.group_by(["account_id", "day"]).aggregate([([], "count_all")])
    twice = counted.filter(pc.greater(counted.column("count_all"), 1))
    if twice.num_rows:
        first = twice.slice(0, 1).to_pylist()[0]
        raise InvalidInputError(
            field="renewals.decided_on",
            value=date_of(first["day"]),
            account_id=first["account_id"],
            reason=f"two decisions of one account on one day ({twice.num_rows} such pairs): "
            "give each decision once",
        )
