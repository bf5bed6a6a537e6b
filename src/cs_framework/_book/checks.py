"""Every bad row of a book, found at once, by the rules and in the words of the objects.

Each check here is the column form of an object's validator (:mod:`.._model.validators`):
the same rule, the same reason, so a value refused in an ``Account`` is refused in a
book row with the same message. A user sees every bad row in one error; with
``errors="mark"`` the rows are kept and marked instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from .._defaults import TRUST_SCALE
from .._errors import Problem
from .._model.account import ADOPTION_PARTS, ARR, ASSESSMENT
from .._model.policy import Policy
from .._model.records import SCORE
from .._model.validators import (
    DAY,
    TEXT,
    Number,
    Optional,
    Whole,
    differs_from,
    duplicate_of,
    given_with,
    not_above,
    not_before,
)
from .._types import BoolArray, IndexArray, date_of, is_none
from .tables import HasTables, component_positions

__all__ = ["book_problems", "policy_problems"]

#: A problem found at an account position.
Found = list[tuple[int, Problem]]
_OPTIONAL_TEXT = Optional(TEXT)
_OPTIONAL_SCORE = Optional(SCORE)
_FINITE = Number()


def _duplicated(ids: NDArray[Any], group: IndexArray | None = None) -> BoolArray:
    """True for the second and later occurrences of an id (within its group, if given)."""
    out = np.zeros(len(ids), dtype=bool)
    if group is not None and ids.dtype.kind in "iu":  # whole-number ids: a sort, no loop
        order = np.lexsort((ids, group))
        same = (ids[order][1:] == ids[order][:-1]) & (group[order][1:] == group[order][:-1])
        out[order[1:][same]] = True
        return out
    listed = ids.tolist()
    keys = listed if group is None else list(zip(group.tolist(), listed, strict=True))
    try:
        distinct = len(set(keys))
    except TypeError:  # an unhashable id (a list in a cell): compared by its text
        listed = [_hashable(v) for v in listed]
        keys = listed if group is None else list(zip(group.tolist(), listed, strict=True))
        distinct = len(set(keys))
    if distinct == len(keys):
        return out  # the usual case: no duplicates, no second pass
    seen: set[Any] = set()
    for k, key in enumerate(keys):
        out[k] = key in seen
        seen.add(key)
    return out


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


class _Where(NamedTuple):
    """Rows of a record table: its name, each row's account and its label (the id)."""

    table: str
    owner: IndexArray
    label: NDArray[Any]


class _Finder:
    """Collects (account position, Problem) pairs for one book."""

    def __init__(self, book: HasTables) -> None:
        self.found: Found = []
        self.ids = [v if isinstance(v, str) else None for v in book.accounts.id.tolist()]

    def add(
        self,
        rows: BoolArray,
        field: str,
        values: NDArray[Any],
        reason: str | Callable[[int], str],
        *,
        where: _Where | None = None,
        shown: Callable[[Any], Any] = _plain,
    ) -> None:
        """A problem for each row where ``rows`` holds.

        Account rows are named ``field``; a row of a record table (``where``) is named
        ``table[label].field`` and blamed on its account.
        """
        for k in np.flatnonzero(rows).tolist():
            if where is None:
                account, name = k, field
            else:
                account = int(where.owner[k])
                name = f"{where.table}[{_plain(where.label[k])!r}].{field}"
            self.found.append(
                (
                    account,
                    Problem(
                        field=name,
                        value=shown(values[k]),
                        account_id=self.ids[account],
                        reason=reason(k) if callable(reason) else reason,
                    ),
                )
            )


def _day_shown(day: Any) -> Any:
    return date_of(float(day))


def _exceeds(whole: str, values: NDArray[Any], k: int) -> str:
    return not_above(whole, int(values[k]))


def _accounts(find: _Finder, book: HasTables) -> None:
    a = book.accounts
    find.add(TEXT.off(a.id), "id", a.id, TEXT.reason)
    find.add(_duplicated(a.id), "id", a.id, "duplicate account id in the book")
    find.add(TEXT.off(a.name), "name", a.name, TEXT.reason)
    find.add(ARR.off(a.arr), "arr", a.arr, ARR.reason)
    for field in ("credibility", "intimacy", "self_orientation"):
        values = getattr(a, field)
        find.add(Optional(ASSESSMENT).off(values), field, values, ASSESSMENT.reason)
    for name, values in a.health.items():
        find.add(_OPTIONAL_SCORE.off(values), f"health[{name!r}]", values, SCORE.reason)
    for role in ("decision_maker", "day_to_day_owner", "accountable_owner"):
        values = getattr(a, role)
        find.add(_OPTIONAL_TEXT.off(values), role, values, TEXT.reason)
    counts = Whole()
    for part, whole in ADOPTION_PARTS:
        p, w = getattr(a, part), getattr(a, whole)
        find.add(a.has_adoption & counts.off(w), whole, w, counts.reason)
        find.add(a.has_adoption & counts.off(p), part, p, counts.reason)
        find.add(
            a.has_adoption & (p > w),
            part,
            p,
            partial(_exceeds, whole, w),
        )
    find.add(
        _OPTIONAL_SCORE.off(a.previous_health), "previous_health", a.previous_health, SCORE.reason
    )
    no_score, no_day = np.isnan(a.previous_health), np.isnan(a.previous_health_on)
    find.add(
        ~no_score & no_day,
        "previous_health_on",
        a.previous_health_on,
        given_with("previous_health"),
        shown=_day_shown,
    )
    find.add(
        no_score & ~no_day,
        "previous_health",
        np.full(len(a), None, dtype=object),
        given_with("previous_health_on"),
    )


def _commitments(find: _Finder, book: HasTables) -> None:
    c = book.commitments
    where = _Where("commitments", c.account, c.id)
    find.add(is_none(c.id), "id", c.id, "must not be missing", where=where)
    find.add(
        _duplicated(c.id, c.account),
        "id",
        c.id,
        duplicate_of("the account's commitments"),
        where=where,
    )
    find.add(TEXT.off(c.description), "description", c.description, TEXT.reason, where=where)
    find.add(_OPTIONAL_TEXT.off(c.owner), "owner", c.owner, TEXT.reason, where=where)
    for field in ("made_on", "due"):
        values = getattr(c, field)
        find.add(DAY.off(values), field, values, DAY.reason, shown=_day_shown, where=where)
    for field in ("due", "kept_on"):
        values = getattr(c, field)
        find.add(
            values < c.made_on,  # False where either is missing
            field,
            values,
            lambda k: not_before("made_on", date_of(float(c.made_on[k]))),  # type: ignore[arg-type]
            shown=_day_shown,
            where=where,
        )


def _outcomes(find: _Finder, book: HasTables) -> None:
    o = book.outcomes
    where = _Where("outcomes", o.account, o.id)
    find.add(is_none(o.id), "id", o.id, "must not be missing", where=where)
    find.add(
        _duplicated(o.id, o.account),
        "id",
        o.id,
        duplicate_of("the account's outcomes"),
        where=where,
    )
    for field in ("description", "metric"):
        values = getattr(o, field)
        find.add(TEXT.off(values), field, values, TEXT.reason, where=where)
    for field in ("baseline", "target"):
        values = getattr(o, field)
        find.add(_FINITE.off(values), field, values, _FINITE.reason, where=where)
    find.add(Optional(_FINITE).off(o.current), "current", o.current, _FINITE.reason, where=where)
    find.add(
        o.target == o.baseline,
        "target",
        o.target,
        lambda k: differs_from("baseline", float(o.baseline[k])),
        where=where,
    )


def _overrides(find: _Finder, book: HasTables) -> None:
    v = book.overrides
    where = _Where("overrides", v.account, v.component)
    find.add(_OPTIONAL_TEXT.off(v.component), "component", v.component, TEXT.reason, where=where)
    find.add(SCORE.off(v.value), "value", v.value, SCORE.reason, where=where)
    find.add(TEXT.off(v.reason), "reason", v.reason, TEXT.reason, where=where)
    find.add(
        DAY.off(v.expires_on), "expires_on", v.expires_on, DAY.reason, shown=_day_shown, where=where
    )


def book_problems(book: HasTables) -> Found:
    """Every bad value of ``book`` as (account position, Problem), in account order."""
    find = _Finder(book)
    for check in (_accounts, _commitments, _outcomes, _overrides):
        check(find, book)
    find.found.sort(key=lambda item: item[0])
    return find.found


def policy_problems(book: HasTables, policy: Policy) -> Found:
    """What only the policy can tell is wrong: trust assessments off its trust scale
    (when narrower than the default), overrides of a component its scorecard lacks."""
    v, (lo, hi) = book.overrides, TRUST_SCALE
    narrower = policy.trust_scale_min > lo or policy.trust_scale_max < hi
    if not (len(v) or narrower):
        return []  # nothing the book's own checks have not seen
    find = _Finder(book)
    names = tuple(policy.scorecard.weights)
    find.add(
        component_positions(v.component, names) == -2,
        "component",
        v.component,
        f"is not a component of the scorecard ({', '.join(names)})",
        where=_Where("overrides", v.account, v.component),
    )
    on_scale = Number(lo=policy.trust_scale_min, hi=policy.trust_scale_max)
    for field in ("credibility", "intimacy", "self_orientation"):
        values = getattr(book.accounts, field)
        # Values off the default scale are already refused by the book's own check.
        find.add(
            ~Optional(ASSESSMENT).off(values) & Optional(on_scale).off(values),
            field,
            values,
            f"{on_scale.reason} (the policy's trust scale)",
        )
    find.found.sort(key=lambda item: item[0])
    return find.found
