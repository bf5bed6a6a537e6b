"""Independent pieces of work on a book's tables, on two threads when the book is large.

NumPy and Arrow release the GIL in their loops, so the commitments of a book (its
largest table) can be read and checked beside the rest; a small book is done in
order, where threads cost more than they save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

__all__ = ["in_parallel"]

#: Below this many record rows, threads cost more than they save.
WORTH_THREADS = 200_000


def in_parallel(jobs: Sequence[Callable[[], Any]], *, rows: int) -> list[Any]:
    """The results of ``jobs``, in order: on threads when ``rows`` is large.

    Speed only (the results are the same either way), so mutation runs leave the
    scheduling alone: a thread pool in a forked mutant hangs to its timeout.

    Examples
    --------
    >>> in_parallel([lambda: 1, lambda: 2], rows=10)
    [1, 2]
    """
    if rows < WORTH_THREADS or len(jobs) < 2:  # pragma: no mutate
        return [job() for job in jobs]  # pragma: no mutate
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:  # pragma: no mutate
        return list(pool.map(lambda job: job(), jobs))  # pragma: no mutate
