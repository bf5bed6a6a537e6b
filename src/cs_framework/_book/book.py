"""The Book: many accounts as columns, ready for vectorised scoring."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidInputError, Problem
from .._model.account import Account
from .._model.policy import Policy
from .._model.validators import InstanceOf, check_choice, refuse
from .._types import IndexArray
from .explained import is_explained
from .folder import read_names, table_paths, write_tables
from .frames import book_tables, pandas_frame, tables_from_frames
from .objects import accounts_of, tables_of
from .results import COLUMNS
from .schema import ACCOUNT_COLUMNS
from .tables import (
    NOT_GIVEN,
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

__all__ = ["Book", "Bounds", "Marks", "chunk", "chunk_bounds", "read_book"]

#: The bad rows of a book: (account position, Problem), in account order.
Marks = tuple[tuple[int, Problem], ...]


def _frozen(names: Iterable[str]) -> frozenset[str]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        refuse(names, f"must be a set of names among {', '.join(NOT_GIVEN)}", field="not_given")
    out = frozenset(names)
    unknown = sorted(str(n) for n in out - set(NOT_GIVEN))
    if unknown:
        refuse(unknown[0], f"is not one of {', '.join(NOT_GIVEN)}", field="not_given")
    return out


def _kept(keep: Any) -> tuple[str, ...]:
    """``keep=``: names of extra account columns, none of them a column of the schema."""
    if isinstance(keep, str) or not isinstance(keep, (list, tuple)):
        raise InvalidInputError(
            field="keep", value=keep, reason="must be a list or tuple of column names"
        )
    for name in keep:
        if not isinstance(name, str) or name in ACCOUNT_COLUMNS or name.startswith("health_"):
            raise InvalidInputError(
                field="keep",
                value=name,
                reason="must name your own columns (a column of the schema is read anyway)",
            )
        if name in COLUMNS or is_explained(name):
            raise InvalidInputError(
                field="keep",
                value=name,
                reason="is the name of a result column: rename it in your frame (or with "
                "columns=) to keep it beside the scores",
            )
    return tuple(keep)


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
    not_given : frozenset of str
        What frames never gave, so it is unknown rather than failed: ``"outcomes"``
        (no outcomes table: proof unknown), an owner role (``"decision_maker"``,
        ``"day_to_day_owner"``, ``"accountable_owner"``: no such column),
        ``"commitment_owners"`` (no owner column of commitments),
        ``"last_executive_touch"`` (no such column: no silent executive), ``"lifecycle"``
        (no lifecycle column: stage unknown). Empty for a book of Account objects, and
        then row k of ``score_book`` is ``assess(account_k)``; ``to_accounts`` cannot
        say "never given", so with a non-empty ``not_given`` it is not.

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
    not_given: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)

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
        columns: Mapping[str, Any] | None = None,
        keep: Sequence[str] = (),
        policy: Policy | None = None,
        errors: Literal["raise", "mark"] = "raise",
    ) -> Book:
        """A book from frames or files: pandas or polars DataFrames, pyarrow Tables, or
        CSV and Parquet paths, one per table (commitments, outcomes, overrides optional).

        The column schema is on the documentation's "Scoring a book" page (and in
        :data:`cs_framework._book.schema.SCHEMA`). ``columns`` maps your column names
        to the library's (one mapping for every table, or one per table name); the
        account columns named in ``keep`` (CSM, region, plan...) are carried to the
        scored result; any other unknown column is refused by name, and so is a
        ``health_<name>`` column whose name ``policy``'s scorecard does not know.
        Numbers may be written as text, flags as ``true``/``yes``/``1``, dates as
        ``YYYY-MM-DD`` text; a time of day or a time zone is refused, never cut off.

        Every row is checked: with ``errors="raise"`` one InvalidInputError lists every
        bad value (its field, value, account and row); with ``errors="mark"`` the book
        keeps them in :attr:`marks` for ``score_book(..., errors="mark")``. Problems
        no account can carry (a column, a record of an unknown account) are raised
        either way.

        Examples
        --------
        >>> import pyarrow as pa
        >>> book = Book.from_frames(pa.table({"Customer": ["a"], "ARR": ["5000"]}),
        ...                         columns={"Customer": "account_id", "ARR": "arr"})
        >>> len(book), book.accounts.arr.tolist()
        (1, [5000.0])
        >>> typo = pa.table({"account_id": ["a"], "arr": [1.0], "health_adoptoin": [5.0]})
        >>> Book.from_frames(typo)
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: the columns do not fit:
          accounts.health_adoptoin='health_adoptoin': unknown column: did you mean ...
        """
        policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
        return load_frames(
            (accounts, commitments, outcomes, overrides),
            columns=columns,
            keep=keep,
            components=tuple(policy.scorecard.weights),
            errors=errors,
        )

    def to_frames(self, library: Literal["arrow", "pandas", "polars"] = "arrow") -> dict[str, Any]:
        """The book as frames in the schema :meth:`from_frames` reads: a dict of
        ``accounts``, ``commitments``, ``outcomes`` and ``overrides``, as pyarrow
        Tables, pandas or polars DataFrames. Missing values are nulls; text is text
        (never Python objects); the kept columns come along.

        Examples
        --------
        >>> from cs_framework.examples import example_accounts
        >>> book = Book.from_accounts(example_accounts())
        >>> frames = book.to_frames()
        >>> frames["commitments"].num_rows, str(frames["commitments"].schema.field("due").type)
        (12, 'date32[day]')
        >>> Book.from_frames(**frames).to_accounts() == example_accounts()
        True
        """
        check_choice(library, ("arrow", "pandas", "polars"), field="library")
        tables = book_tables(self)
        if library == "pandas":
            return {name: pandas_frame(t) for name, t in tables.items()}
        if library == "polars":
            import polars as pl

            return {name: pl.DataFrame(t) for name, t in tables.items()}
        return tables

    def write_parquet(self, folder: str | Path) -> dict[str, Path]:
        """Write the book to ``folder`` (made if need be): one Parquet file per table of
        :meth:`to_frames`, the kept columns and health components named in the
        accounts file's metadata. :func:`read_book` reads the folder back.

        Returns
        -------
        dict of str to pathlib.Path
            Each table written, and its file.

        Examples
        --------
        >>> import tempfile
        >>> from cs_framework.examples import example_accounts
        >>> book = Book.from_accounts(example_accounts())
        >>> folder = tempfile.mkdtemp()
        >>> sorted(p.name for p in book.write_parquet(folder).values())
        ['accounts.parquet', 'commitments.parquet', 'outcomes.parquet', 'overrides.parquet']
        >>> read_book(folder).to_accounts() == example_accounts()
        True
        """
        refuse_marked(self)
        return write_tables(
            book_tables(self),
            folder,
            keep=list(self.accounts.kept),
            components=list(self.accounts.health),
        )

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
            not_given=self.not_given,
        )

    def chunks(self, n_chunks: int) -> list[Book]:
        """The book cut into about ``n_chunks`` contiguous books of accounts (views).

        Needs the record rows grouped by account (as every loader of this library
        makes them); otherwise the whole book is one chunk. Each chunk keeps its
        accounts' bad-row record (or stays unchecked).
        """
        bounds = chunk_bounds(self, n_chunks)
        return [self] if bounds is None else [chunk(self, b) for b in bounds]


class Bounds(NamedTuple):
    """A chunk of a book: its accounts ``lo`` to ``hi`` and, for each record table, the
    (first, end) rows that belong to them."""

    lo: int
    hi: int
    commitments: tuple[int, int]
    outcomes: tuple[int, int]
    overrides: tuple[int, int]


def chunk_bounds(book: Book, n_chunks: int) -> list[Bounds] | None:
    """Where :meth:`Book.chunks` cuts: about ``n_chunks`` non-empty chunks of accounts
    and their record rows, or None when the record rows are not grouped by account.
    Each chunk is made by :func:`chunk` (on the thread that scores it)."""
    rows = (book.commitments.account, book.outcomes.account, book.overrides.account)
    if any(bool((r[1:] < r[:-1]).any()) for r in rows):  # (no array of differences)
        return None
    edges = np.linspace(0, len(book), n_chunks + 1).astype(np.intp).tolist()
    cut = [np.searchsorted(r, edges).tolist() for r in rows]
    return [
        Bounds(lo, hi, *((c[k], c[k + 1]) for c in cut))
        for k, (lo, hi) in enumerate(itertools.pairwise(edges))
        if hi > lo
    ]


def chunk(book: Book, bounds: Bounds) -> Book:
    """The accounts of one chunk of :func:`chunk_bounds` as a book (views but for the
    record rows' account positions, renumbered from the chunk's first account)."""
    lo, hi = bounds.lo, bounds.hi
    marks = None
    if book.marks is not None:
        marks = tuple((k - lo, p) for k, p in book.marks if lo <= k < hi)
    return Book(
        accounts=slice_accounts(book.accounts, lo, hi),
        commitments=slice_rows(book.commitments, *bounds.commitments, lo),
        outcomes=slice_rows(book.outcomes, *bounds.outcomes, lo),
        overrides=slice_rows(book.overrides, *bounds.overrides, lo),
        marks=marks,
        not_given=book.not_given,
    )


def refuse_marked(book: Book) -> None:
    """A book with marked rows cannot be kept: its refused values were never read, so
    what was wrong would be lost and the rows read back as good."""
    if book.marks:
        _, first = book.marks[0]
        raise InvalidInputError(
            field="book",
            value=f"{len(book.marks)} marked values",
            reason="a book with marked rows cannot be kept (what was refused was never read, "
            f"so it would come back as good; the first: {first}): keep the frames it was "
            "loaded from, or fix them",
        )


def load_frames(
    frames: tuple[Any, Any, Any, Any],
    *,
    columns: Mapping[str, Any] | None,
    keep: Sequence[str],
    components: tuple[str, ...],
    errors: Literal["raise", "mark"],
) -> Book:
    """:meth:`Book.from_frames` with the health components named directly (a stored
    book names its own)."""
    check_choice(errors, ("raise", "mark"), field="errors")
    kept = _kept(keep)
    loaded = tables_from_frames(*frames, columns=columns, keep=kept, components=components)
    if loaded.problems or (loaded.found and errors == "raise"):
        listed = loaded.problems + [p for _, p in loaded.found]
        raise InvalidInputError.from_problems(
            listed, summary=f"{len(listed)} bad values in the frames"
        )
    a, c, o, v = loaded.tables
    return Book(
        accounts=a,
        commitments=c,
        outcomes=o,
        overrides=v,
        marks=tuple(loaded.found),
        not_given=loaded.not_given,
    )


def read_book(
    accounts: Any,
    commitments: Any = None,
    outcomes: Any = None,
    overrides: Any = None,
    *,
    columns: Mapping[str, Any] | None = None,
    keep: Sequence[str] = (),
    policy: Policy | None = None,
    errors: Literal["raise", "mark"] = "raise",
) -> Book:
    """A book from exports: CSV (``.csv``, ``.tsv``) or Parquet paths, or frames; or
    the folder :meth:`Book.write_parquet` wrote.

    The same as :meth:`Book.from_frames`, named for files. A CSV file's columns are
    read by their kinds, never guessed: ids, names, owners and kept columns as text, so
    an id such as ``00123`` keeps its leading zeros; only an empty cell is missing.
    Given a folder (and no other table), it reads the book's tables from it, with the
    kept columns and health components its metadata names (``keep`` given overrides
    them).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "accounts.csv").write_text("id,ARR\\n00123,5000\\n")
    >>> book = read_book(folder / "accounts.csv", columns={"id": "account_id", "ARR": "arr"})
    >>> book.to_accounts()[0].id, book.accounts.arr.tolist()
    ('00123', [5000.0])
    """
    if isinstance(accounts, (str, Path)) and Path(accounts).is_dir():
        if not all(t is None for t in (commitments, outcomes, overrides)):
            raise InvalidInputError(
                field="accounts",
                value=str(accounts),
                reason="is a folder, which holds every table: give no other table",
            )
        policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
        files = table_paths(Path(accounts))
        stored_keep, stored_components = read_names(files[0])  # type: ignore[arg-type]
        known = tuple(policy.scorecard.weights)
        return load_frames(
            files,  # type: ignore[arg-type]
            columns=columns,
            keep=keep or stored_keep,
            components=known + tuple(c for c in stored_components if c not in known),
            errors=errors,
        )
    return Book.from_frames(
        accounts,
        commitments,
        outcomes,
        overrides,
        columns=columns,
        keep=keep,
        policy=policy,
        errors=errors,
    )
