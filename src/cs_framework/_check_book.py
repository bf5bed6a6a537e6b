"""Every bad row of a book, found at once (the book-sized twin of the object validators).

The loaders call :func:`book_problems` so a user sees all bad rows in one error,
not the first one only; with ``errors="mark"`` the rows are kept and marked instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._account import TRUST_SCALE
from ._book import Book
from ._errors import Problem

__all__ = ["book_problems"]


def _blank(values: NDArray[Any]) -> NDArray[np.bool_]:
    """True where a text value is missing, not a string, or blank.

    Each distinct value is judged once: text columns repeat their values (owners,
    descriptions), so a set of them is much smaller than the column.
    """
    distinct = set(values.tolist())
    bad = {v for v in distinct if not (isinstance(v, str) and v.strip())}
    if not bad:
        return np.zeros(len(values), dtype=bool)
    return np.fromiter((v in bad for v in values.tolist()), dtype=bool, count=len(values))


def _null(values: NDArray[Any]) -> NDArray[np.bool_]:
    if values.dtype != object:
        return np.zeros(values.shape, dtype=bool)
    return np.fromiter((v is None or v != v for v in values), dtype=bool, count=len(values))


def _off(
    values: NDArray[np.float64], lo: float, hi: float, *, allow_nan: bool
) -> NDArray[np.bool_]:
    inside = (values >= lo) & (values <= hi)
    return ~(inside | np.isnan(values)) if allow_nan else ~inside


def _duplicated(ids: NDArray[Any], group: NDArray[np.intp] | None = None) -> NDArray[np.bool_]:
    """True for the second and later occurrences of an id (within its group, if given)."""
    out = np.zeros(len(ids), dtype=bool)
    if group is not None and ids.dtype.kind in "iu":  # whole-number ids: a sort, no loop
        order = np.lexsort((ids, group))
        same = (ids[order][1:] == ids[order][:-1]) & (group[order][1:] == group[order][:-1])
        out[order[1:][same]] = True
        return out
    keys = ids.tolist() if group is None else list(zip(group.tolist(), ids.tolist(), strict=True))
    if len(set(keys)) == len(keys):
        return out  # the usual case: no duplicates, no second pass
    seen: set[Any] = set()
    for k, key in enumerate(keys):
        out[k] = key in seen
        seen.add(key)
    return out


def book_problems(book: Book) -> list[tuple[int, Problem]]:
    """Every bad value of ``book`` as (account position, Problem), in row order."""
    found: list[tuple[int, Problem]] = []
    a, c, o = book.accounts, book.commitments, book.outcomes
    ids = [v if isinstance(v, str) else None for v in a.id.tolist()]

    def add(
        rows: NDArray[np.bool_],
        field: str,
        values: NDArray[Any],
        reason: str,
        owner: NDArray[np.intp] | None = None,
        label: NDArray[Any] | None = None,
    ) -> None:
        for k in np.flatnonzero(rows):
            account = int(k if owner is None else owner[k])
            name = (
                field
                if label is None
                else f"{field.split('.')[0]}[{_plain(label[k])!r}].{field.split('.')[1]}"
            )
            found.append(
                (
                    account,
                    Problem(
                        field=name, value=_plain(values[k]), account_id=ids[account], reason=reason
                    ),
                )
            )

    add(_blank(a.id), "id", a.id, "must be a non-empty string")
    add(_duplicated(a.id), "id", a.id, "duplicate account id in the book")
    add(_blank(a.name), "name", a.name, "must be a non-empty string")
    add(~(np.isfinite(a.arr) & (a.arr >= 0)), "arr", a.arr, "must be a finite number >= 0")
    lo, hi = TRUST_SCALE
    for field in ("credibility", "intimacy", "self_orientation"):
        values = getattr(a, field)
        add(
            _off(values, lo, hi, allow_nan=True),
            field,
            values,
            f"must be a finite number in [{lo:g}, {hi:g}]",
        )
    for name, values in a.health.items():
        add(
            _off(values, 0, 100, allow_nan=True),
            f"health[{name!r}]",
            values,
            "must be a finite number in [0, 100]",
        )
    for part, whole in (
        ("weekly_active_users", "licensed_users"),
        ("core_workflows_used", "core_workflows"),
        ("teams_using", "teams"),
    ):
        p, w = getattr(a, part), getattr(a, whole)
        add(a.has_adoption & ((p < 0) | (w < 0)), part, p, "counts must be >= 0")
        add(a.has_adoption & (p > w), part, p, f"must not exceed {whole}")

    add(_null(c.id), "commitments.id", c.id, "must not be missing", c.account, c.id)
    add(
        _duplicated(c.id, c.account),
        "commitments.id",
        c.id,
        "duplicate id among the account's commitments",
        c.account,
        c.id,
    )
    add(
        _blank(c.description),
        "commitments.description",
        c.description,
        "must be a non-empty string",
        c.account,
        c.id,
    )
    add(
        np.isnan(c.made_on),
        "commitments.made_on",
        c.made_on,
        "required date missing",
        c.account,
        c.id,
    )
    add(np.isnan(c.due), "commitments.due", c.due, "required date missing", c.account, c.id)
    add(c.due < c.made_on, "commitments.due", c.due, "must be on or after made_on", c.account, c.id)
    add(
        c.kept_on < c.made_on,
        "commitments.kept_on",
        c.kept_on,
        "must be on or after made_on",
        c.account,
        c.id,
    )

    add(_null(o.id), "outcomes.id", o.id, "must not be missing", o.account, o.id)
    add(
        _duplicated(o.id, o.account),
        "outcomes.id",
        o.id,
        "duplicate id among the account's outcomes",
        o.account,
        o.id,
    )
    for field in ("baseline", "target"):
        values = getattr(o, field)
        add(
            ~np.isfinite(values),
            f"outcomes.{field}",
            values,
            "must be a finite number",
            o.account,
            o.id,
        )
    add(
        np.isinf(o.current),
        "outcomes.current",
        o.current,
        "must be a finite number",
        o.account,
        o.id,
    )
    add(
        o.target == o.baseline,
        "outcomes.target",
        o.target,
        "must differ from baseline (no progress is measurable)",
        o.account,
        o.id,
    )
    add(
        _blank(o.metric), "outcomes.metric", o.metric, "must be a non-empty string", o.account, o.id
    )
    v = book.overrides
    add(
        ~((v.value >= 0) & (v.value <= 100)),
        "overrides.value",
        v.value,
        "must be a finite number in [0, 100]",
        v.account,
        v.component,
    )
    add(
        _blank(v.reason),
        "overrides.reason",
        v.reason,
        "must be a non-empty string",
        v.account,
        v.component,
    )
    add(
        np.isnan(v.expires_on),
        "overrides.expires_on",
        v.expires_on,
        "required date missing",
        v.account,
        v.component,
    )
    add(
        _off(a.previous_health, 0, 100, allow_nan=True),
        "previous_health",
        a.previous_health,
        "must be a finite number in [0, 100]",
    )
    add(
        np.isnan(a.previous_health) != np.isnan(a.previous_health_on),
        "previous_health_on",
        a.previous_health_on,
        "previous_health and previous_health_on go together",
    )
    found.sort(key=lambda item: item[0])
    return found


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
