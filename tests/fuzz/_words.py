"""What a refusal may say: a person's words, never a Python or Arrow exception's name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from cs_framework import CSFrameworkError

#: An exception class name (TypeError, ArrowInvalid, TProtocolException) or a traceback.
FOREIGN = re.compile(r"\b\w*(?:Error|Exception)\b|\bArrow[A-Z]\w*|Traceback")
OURS = ("CSFrameworkError", "InvalidInputError")


def assert_plain(error: CSFrameworkError) -> None:
    """The message of ``error`` names no foreign exception."""
    text = str(error)
    for name in OURS:
        text = text.replace(name, "")
    found = FOREIGN.search(text)
    assert found is None, f"a foreign exception's words in: {error}"


@contextmanager
def refused_in_words() -> Iterator[None]:
    """A result, or a CSFrameworkError in plain words; anything else fails the test."""
    try:
        yield
    except CSFrameworkError as error:
        assert_plain(error)
