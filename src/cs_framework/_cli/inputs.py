"""What a user gives the command line besides the book's files (which
:func:`~cs_framework.read_book` reads): a TOML file of column names, a policy file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .._errors import InvalidInputError
from .._model.policy import Policy

__all__ = ["load_columns", "load_policy"]


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
