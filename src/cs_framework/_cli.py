"""The ``cs-framework`` command line: ``cs-framework demo``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from ._book.scored import score_book
from ._functions.assess import assess
from .examples import EXAMPLE_DAY, example_accounts
from .synthetic import SYNTHETIC_DAY, make_book

__all__ = ["main"]


def _demo(n_accounts: int, seed: int, out: list[str]) -> None:
    out.append(f"The next right action for three example accounts, as of {EXAMPLE_DAY}:")
    for account in example_accounts():
        result = assess(account, as_of=EXAMPLE_DAY)
        step = result.next_action
        out.append(f"- {account.name}: {result.phase.name}, health {result.health.band.name}")
        out.append(f"    {step.action.name}: {step.reason}")
    out.append("")
    started = time.perf_counter()
    book = make_book(n_accounts, seed=seed)
    built = time.perf_counter()
    scored = score_book(book, as_of=SYNTHETIC_DAY)
    done = time.perf_counter()
    out.append(
        f"A synthetic book of {len(book):,} accounts, {len(book.commitments):,} commitments "
        f"and {len(book.outcomes):,} outcomes (seed {seed}), as of {SYNTHETIC_DAY}: "
        f"made in {built - started:.2f} s, scored in {done - built:.2f} s."
    )
    out.append(str(scored.summary()))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cs-framework`` command; returns the exit status.

    Examples
    --------
    >>> main(["demo", "--accounts", "2000"])  # doctest: +ELLIPSIS
    The next right action for three example accounts, as of 2026-06-30:
    - Northwind Health: TRUST, health YELLOW
        RESOLVE_MISSED_COMMITMENTS: address the missed commitments, not a QBR: ...
    ...
    A synthetic book of 2,000 accounts, ...
    Accounts and ARR by band x segment x phase:
    ...
    0
    """
    parser = argparse.ArgumentParser(
        prog="cs-framework", description="Customer-success practice as code: the demo."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="assess the example accounts, then score a synthetic book"
    )
    demo.add_argument("--accounts", type=int, default=100_000, help="book size (100,000)")
    demo.add_argument("--seed", type=int, default=1, help="random seed of the book (1)")
    args = parser.parse_args(argv)
    out: list[str] = []
    _demo(args.accounts, args.seed, out)
    sys.stdout.write("\n".join(out) + "\n")
    return 0
