"""A book and a policy from what a user gives the command line: file paths (CSV,
Parquet, or a book's folder), a TOML file of column names, a policy file."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from .._book.book import Book, read_book
from .._errors import InvalidInputError
from .._model.policy import Policy

__all__ = ["load_book", "load_columns", "load_policy"]


def load_columns(path: Path | None) -> dict[str, Any] | None:
    """The ``columns=`` mapping a TOML file holds: ``"Customer" = "account_id"`` lines,
    or one ``[accounts]``, ``[commitments]``... table per table."""
    if path is None:
        return None
    try:
        mapping = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError(
            field="--columns", value=str(path), reason=f"is not a readable TOML file: {error}"
        ) from None
    return mapping


def load_policy(path: Path | None) -> Policy:
    """The policy a TOML or JSON file holds; ``Policy()`` without one."""
    return Policy() if path is None else Policy.load(path)


def load_book(
    accounts: Path,
    commitments: Path | None,
    outcomes: Path | None,
    overrides: Path | None,
    *,
    columns: Path | None,
    keep: Sequence[str],
    policy: Policy,
    errors: Literal["raise", "mark"],
) -> Book:
    """The book the files hold, read by :func:`~cs_framework.read_book`."""
    return read_book(
        str(accounts),
        None if commitments is None else str(commitments),
        None if outcomes is None else str(outcomes),
        None if overrides is None else str(overrides),
        columns=load_columns(columns),
        keep=tuple(keep),
        policy=policy,
        errors=errors,
    )
