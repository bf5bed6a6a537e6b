"""The ``cs-framework`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._account import Account
from ._serialization import from_json, to_json
from .examples import EXAMPLE_DAY, example_accounts

__all__ = ["main"]


def _demo(out: list[str]) -> bool:
    accounts = example_accounts()
    out.append(f"cs_framework demo: {len(accounts)} example accounts as of {EXAMPLE_DAY}")
    all_ok = True
    for account in accounts:
        text = to_json(account)
        ok = from_json(text, Account) == account
        all_ok &= ok
        out.append(
            f"- {account.name} ({account.id}): ARR {account.arr:,.0f}, "
            f"{len(account.commitments)} commitments, {len(account.outcomes)} outcomes, "
            f"{len(text):,} bytes of JSON, round trip {'OK' if ok else 'LOST DATA'}"
        )
    out.append("")
    out.append(to_json(accounts[0], indent=2))
    return all_ok


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cs-framework`` command; returns the exit status.

    Examples
    --------
    >>> main(["demo"])  # doctest: +ELLIPSIS
    cs_framework demo: 3 example accounts as of 2026-06-30
    - Northwind Health (northwind): ARR 240,000, 4 commitments, 1 outcomes, ... round trip OK
    ...
    0
    """
    parser = argparse.ArgumentParser(prog="cs-framework", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="validate, serialise and print the built-in example accounts")
    parser.parse_args(argv)
    out: list[str] = []
    ok = _demo(out)
    sys.stdout.write("\n".join(out) + "\n")
    return 0 if ok else 1
