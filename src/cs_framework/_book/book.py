"""The Book: many accounts as columns, ready for vectorised scoring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidInputError, Problem
from .._model.account import Account
from .._model.validators import check_choice
from .._types import IndexArray
from .checks import book_problems
from .frames import tables_from_frames
from .objects import accounts_of, tables_of
from .tables import (
    AccountTable,
    CommitmentTable,
    OutcomeTable,
    OverrideTable,
    empty_overrides,
    slice_accounts,
    slice_rows,
    take_accounts,
    take_rows,
)

__all__ = ["Book", "Marks"]

#: The bad rows of a book: (account position, Problem), in account order.
Marks = tuple[tuple[int, Problem], ...]


def _positions(positions: ArrayLike, n: int) -> IndexArray:
    """Whole-number positions in ``[0, n)``, each at most once, as an index array."""
    index = np.asarray(positions)
    if index.ndim != 1 or (index.size and index.dtype.kind not in "iu"):
        raise InvalidInputError(
            field="positions",
            value=positions,
            reason="must be a one-dimensional array of whole-number account positions",
        )
    index = index.astype(np.intp, copy=False)
    outside = index[(index < 0) | (index >= n)]
    if outside.size:
        raise InvalidInputError(
            field="positions",
            value=outside[:5].tolist(),
            reason=f"{outside.size} positions are outside the book's [0, {n})",
        )
    seen = np.zeros(n, dtype=np.intp)
    np.add.at(seen, index, 1)
    repeated = np.flatnonzero(seen > 1)
    if repeated.size:
        raise InvalidInputError(
            field="positions",
            value=repeated[:5].tolist(),
            reason="repeat: a book holds each account once (take the unique positions)",
        )
    return index


@attrs.frozen(kw_only=True, eq=False)
class Book:
    """Many accounts as columns, ready for vectorised scoring.

    Attributes
    ----------
    accounts : AccountTable
        One row per account.
    commitments, outcomes, overrides : CommitmentTable, OutcomeTable, OverrideTable
        One row per record; ``.account`` holds the position of its account.
    marks : tuple of (int, Problem), or None
        The bad rows found when the book was built, as (account position, Problem);
        None when the book was built from raw tables and has not been checked (then
        ``score_book`` checks it).

    Examples
    --------
    >>> from cs_framework.examples import example_accounts
    >>> book = Book.from_accounts(example_accounts())
    >>> len(book), len(book.commitments), len(book.outcomes)
    (3, 12, 4)
    >>> book.commitments.account.tolist()
    [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    """

    accounts: AccountTable
    commitments: CommitmentTable
    outcomes: OutcomeTable
    overrides: OverrideTable = attrs.field(factory=empty_overrides)
    marks: Marks | None = None

    def __len__(self) -> int:
        return len(self.accounts)

    @classmethod
    def from_accounts(cls, accounts: Sequence[Account]) -> Book:
        """A book from Account objects (already validated), in the given order.

        Raises
        ------
        InvalidInputError
            For something other than a list or tuple of Account, or an account id
            seen twice.

        Examples
        --------
        >>> from cs_framework.examples import example_accounts
        >>> Book.from_accounts(a for a in example_accounts())
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: accounts=<generator object ...>: must be a list or tuple...
        """
        if not isinstance(accounts, (list, tuple)):
            raise InvalidInputError(
                field="accounts", value=accounts, reason="must be a list or tuple of Account"
            )
        a, c, o, v = tables_of(accounts)
        return cls(accounts=a, commitments=c, outcomes=o, overrides=v, marks=())

    @classmethod
    def from_frames(
        cls,
        accounts: Any,
        commitments: Any = None,
        outcomes: Any = None,
        overrides: Any = None,
        *,
        errors: Literal["raise", "mark"] = "raise",
    ) -> Book:
        """A book from pandas or polars DataFrames, or pyarrow Tables (one per table).

        The column schema is in ``docs/books.md``. Every row is checked: with
        ``errors="raise"`` one InvalidInputError lists every bad value; with
        ``errors="mark"`` the book keeps them in :attr:`marks` for
        ``score_book(..., errors="mark")``.

        Examples
        --------
        >>> import polars as pl
        >>> book = Book.from_frames(pl.DataFrame({"account_id": ["a"], "arr": [5000.0]}))
        >>> len(book), book.accounts.arr.tolist()
        (1, [5000.0])
        """
        check_choice(errors, ("raise", "mark"), field="errors")
        a, c, o, v = tables_from_frames(accounts, commitments, outcomes, overrides)
        book = cls(accounts=a, commitments=c, outcomes=o, overrides=v)
        problems = tuple(book_problems(book))
        if problems and errors == "raise":
            raise InvalidInputError.from_problems(
                [p for _, p in problems], summary=f"{len(problems)} bad values in the frames"
            )
        return attrs.evolve(book, marks=problems)

    def to_accounts(self) -> list[Account]:
        """The accounts as Account objects, in order, each validated as it is built.

        Examples
        --------
        >>> from cs_framework.examples import example_accounts
        >>> Book.from_accounts(example_accounts()).to_accounts() == example_accounts()
        True
        """
        return accounts_of(self)

    def take(self, positions: ArrayLike) -> Book:
        """A book of the accounts at ``positions``, in that order, each with its own rows.

        Any order works; a position may appear once (a book holds each account once:
        a repeat is refused). The record of bad rows comes along, renumbered; an
        unchecked book stays unchecked.

        Examples
        --------
        >>> from cs_framework.examples import example_accounts
        >>> book = Book.from_accounts(example_accounts())
        >>> top = book.take([2, 0])
        >>> top.accounts.id.tolist(), top.commitments.id.tolist()[:2]
        (['copperleaf', 'northwind'], ['cl-1', 'cl-2'])
        >>> book.take([1, 1])
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: positions=[1]: repeat: a book holds each account once...
        """
        n = len(self)
        index = _positions(positions, n)
        marks = None
        if self.marks is not None:
            moved = np.full(n, -1, dtype=np.intp)
            moved[index] = np.arange(index.size)
            kept = [(int(moved[k]), p) for k, p in self.marks if moved[k] >= 0]
            marks = tuple(sorted(kept, key=lambda item: item[0]))
        return Book(
            accounts=take_accounts(self.accounts, index),
            commitments=take_rows(self.commitments, index, n),
            outcomes=take_rows(self.outcomes, index, n),
            overrides=take_rows(self.overrides, index, n),
            marks=marks,
        )

    def chunks(self, n_chunks: int) -> list[Book]:
        """The book cut into about ``n_chunks`` contiguous books of accounts (views).

        Needs the record rows grouped by account (as every loader of this library
        makes them); otherwise the whole book is one chunk. Each chunk keeps its
        accounts' bad-row record (or stays unchecked).
        """
        rows = (self.commitments.account, self.outcomes.account, self.overrides.account)
        if any(np.any(np.diff(r) < 0) for r in rows):
            return [self]
        edges = np.linspace(0, len(self), n_chunks + 1).astype(np.intp)
        c_edges, o_edges, v_edges = (np.searchsorted(r, edges) for r in rows)
        parts = []
        for k in range(n_chunks):
            lo, hi = int(edges[k]), int(edges[k + 1])
            if hi == lo:
                continue
            marks = None
            if self.marks is not None:
                marks = tuple((i - lo, p) for i, p in self.marks if lo <= i < hi)
            parts.append(
                Book(
                    accounts=slice_accounts(self.accounts, lo, hi),
                    commitments=slice_rows(self.commitments, c_edges[k], c_edges[k + 1], lo),
                    outcomes=slice_rows(self.outcomes, o_edges[k], o_edges[k + 1], lo),
                    overrides=slice_rows(self.overrides, v_edges[k], v_edges[k + 1], lo),
                    marks=marks,
                )
            )
        return parts
