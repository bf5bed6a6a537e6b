"""The ``cs-framework`` command line (``python -m cs_framework`` too).

- :mod:`.inputs`: a book and a policy from the files and options a user gives;
- :mod:`.show`: what the commands print, as rich tables or as JSON;
- :mod:`.app`: the commands - ``score``, ``explain``, ``validate``, ``demo``.

The command line needs the ``cli`` extra (typer and rich); without it, ``cs-framework``
says how to install it rather than failing with an ImportError.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

_NEEDS_EXTRA = (
    "cs-framework: the command line needs the 'cli' extra: "
    "pip install 'customer-success-framework[cli]'\n"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cs-framework`` command with ``argv`` (the process's arguments by
    default); returns the exit status: 0 done, 1 bad input data, 2 a usage error.

    Examples
    --------
    >>> main(["demo", "--accounts", "2000", "--quiet"])  # doctest: +ELLIPSIS
    The next right action for three example accounts, as of 2026-06-30:
    ...
    0
    """
    try:
        from .app import command
    except ImportError:  # pragma: no cover - only without the cli extra
        sys.stderr.write(_NEEDS_EXTRA)
        return 2
    try:
        command.main(
            args=list(sys.argv[1:] if argv is None else argv),
            prog_name="cs-framework",
            standalone_mode=True,
        )
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0  # pragma: no cover - standalone mode always exits
