"""The errors cs_framework raises: one base class, specific subclasses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["CSFrameworkError", "InvalidInputError", "Problem"]


class CSFrameworkError(Exception):
    """Base class of every error cs_framework raises."""

    __module__ = "cs_framework"


@attrs.frozen(kw_only=True)
class Problem:
    """One bad value: which field, which value, which account, and why.

    Attributes
    ----------
    field : str
        The field, with its path in a book or a document (``commitments['c1'].due``).
    value : object
        The value refused, as given.
    account_id : str or None
        The account it belongs to; None where no account is concerned.
    reason : str
        What a good value is.
    row : int or None
        The row of the table it came from (0 for the first row of a frame or file),
        where it came from a table.

    Examples
    --------
    >>> Problem(field="arr", value=-1.0, account_id="acme", reason="must be >= 0")
    Problem(field='arr', value=-1.0, account_id='acme', reason='must be >= 0', row=None)
    >>> str(Problem(field="arr", value=-1.0, account_id="acme", reason="must be >= 0"))
    "arr=-1.0 (account 'acme'): must be >= 0"
    >>> str(Problem(field="arr", value="lots", account_id="acme", reason="must be >= 0", row=7))
    "arr='lots' (account 'acme', row 7): must be >= 0"
    """

    field: str
    value: Any
    account_id: str | None = None
    reason: str
    row: int | None = None

    def __str__(self) -> str:
        where = [] if self.account_id is None else [f"account {self.account_id!r}"]
        where += [] if self.row is None else [f"row {self.row}"]
        shown = f" ({', '.join(where)})" if where else ""
        return f"{self.field}={self.value!r}{shown}: {self.reason}"


#: Problems shown in the message of an error that has several (all are in ``problems``).
MESSAGE_LISTS = 50


class InvalidInputError(CSFrameworkError, ValueError):
    """Input that cs_framework refuses, naming the field, the value and the account.

    ``problems`` holds every bad value found (a book lists all its bad rows; the
    message shows the first 50); ``field``, ``value`` and ``account_id`` are those of
    the first.

    Examples
    --------
    >>> err = InvalidInputError(field="arr", value=-1.0, account_id="acme",
    ...                         reason="must be finite and >= 0")
    >>> print(err)
    arr=-1.0 (account 'acme'): must be finite and >= 0
    >>> (err.field, err.value, err.account_id)
    ('arr', -1.0, 'acme')
    >>> isinstance(err, ValueError)
    True
    """

    __module__ = "cs_framework"
    problems: tuple[Problem, ...]

    def __init__(
        self,
        *,
        field: str,
        value: Any,
        reason: str,
        account_id: str | None = None,
    ) -> None:
        problem = Problem(field=field, value=value, account_id=account_id, reason=reason)
        self.problems = (problem,)
        super().__init__(str(problem))

    @classmethod
    def from_problems(cls, problems: Iterable[Problem], *, summary: str) -> InvalidInputError:
        """One error listing several problems (at least one), the first as headline.

        Examples
        --------
        >>> err = InvalidInputError.from_problems(
        ...     [Problem(field="arr", value=-1.0, account_id="a", reason="must be >= 0"),
        ...      Problem(field="id", value="", account_id="", reason="must not be empty")],
        ...     summary="2 bad rows")
        >>> print(err)
        2 bad rows:
          arr=-1.0 (account 'a'): must be >= 0
          id='' (account ''): must not be empty
        >>> err.field
        'arr'
        """
        listed = tuple(problems)
        if not listed:
            raise ValueError("from_problems needs at least one problem")
        first = listed[0]
        err = cls(
            field=first.field, value=first.value, account_id=first.account_id, reason=first.reason
        )
        err.problems = listed
        # The message shows the first problems only: a book with a bad column can have
        # millions, which would bury a notebook; ``problems`` holds every one.
        lines = [f"  {p}" for p in listed[:MESSAGE_LISTS]]
        if len(listed) > MESSAGE_LISTS:
            lines.append(
                f"  ... and {len(listed) - MESSAGE_LISTS:,} more "
                f"(the error's problems hold all {len(listed):,})"
            )
        err.args = (summary + ":\n" + "\n".join(lines),)
        return err

    @property
    def field(self) -> str:
        """The field of the first problem."""
        return self.problems[0].field

    @property
    def value(self) -> Any:
        """The value of the first problem."""
        return self.problems[0].value

    @property
    def account_id(self) -> str | None:
        """The account of the first problem, or None where no account is concerned."""
        return self.problems[0].account_id
