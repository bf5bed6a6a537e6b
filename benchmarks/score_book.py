"""Benchmark: from a user's frames to a scored frame, against pandas and polars.

Three tables in one run, for books of 10k, 100k and 1M synthetic accounts (about 10
commitments and 3 outcomes per account), each measurement in a fresh child process:

1. **End to end**: from the user's frames to a scored frame. ``cs_framework`` is
   ``score_book(Book.from_frames(...)).to_<library>()`` (every row checked); the peers
   are the same rules written as a pandas and a polars expert would
   (``alt_pandas.py``, ``alt_polars.py``: no checks at all), from the same frames.
2. **Loading**: ``Book.from_frames`` alone, from Arrow, polars and pandas.
3. **Scoring**: ``score_book`` on a built Book, ``assess()`` one account at a time
   (timed on a sample, extrapolated), and the two peers.
4. **From files**: the same book as CSV and as Parquet exports, to a scored frame:
   ``score_book(read_book(...)).to_polars()`` against the polars implementation on
   lazy scans of the same files (its best shot: it reads only the columns the rules
   use, and runs on the streaming engine) and the pandas one on frames read through
   Arrow's readers. Each is compared with polars on the same kind of file.

Frames are built through Arrow (``frames_for.py``): text ids, no Object-typed column,
Arrow-backed strings in pandas, so no peer is slowed by Python objects. Time is the
best of ``--repeat`` runs; peak memory is the extra resident memory of the measured
call (Linux ``VmHWM``, reset before it), also as a multiple of the input frames' bytes.
Ratios are each method's time over the polars implementation's (below 1: faster).

    .venv/bin/python benchmarks/score_book.py                 # 10k, 100k, 1M
    .venv/bin/python benchmarks/score_book.py --sizes 10000   # quicker
    .venv/bin/python benchmarks/score_book.py --tables 4      # from files only
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import in_child, release_memory, timed

HERE = Path(__file__).resolve().parent
END_TO_END = ("cs from arrow", "cs from polars", "cs from pandas", "polars impl", "pandas impl")
LOADERS = ("load arrow", "load polars", "load pandas")
SCORING = ("score_book", "assess", "polars impl*", "pandas impl*")
FILES = ("cs from csv", "polars csv", "pandas csv", "cs from parquet", "polars parquet",
         "pandas parquet")  # fmt: skip
#: Where the parent process wrote the exports of the book being measured.
FILES_AT = "CSF_BENCHMARK_FILES"
ASSESS_SAMPLE = 2_000


def _runner(method: str, n_accounts: int) -> tuple[Callable[[], Any], int, int, dict[str, int]]:
    """What to time for ``method``: (call, accounts it covers, input bytes, book sizes)."""
    sys.path.insert(0, str(HERE))
    import numpy as np
    from alt_pandas import score_pandas
    from alt_polars import score_polars
    from frames_for import arrow_tables, frames_for, read_files, table_paths

    from cs_framework import Book, assess, read_book, score_book
    from cs_framework.synthetic import SYNTHETIC_DAY, make_book

    book = make_book(n_accounts, seed=1)
    tables = arrow_tables(book)
    sizes = {name: table.num_rows for name, table in tables.items()}
    input_bytes = sum(table.nbytes for table in tables.values())
    day = SYNTHETIC_DAY
    library = method.split()[-1] if method.startswith(("cs from", "load")) else ""
    if method.endswith(("csv", "parquet")):
        paths = table_paths(Path(os.environ[FILES_AT]), method.split()[-1])
        schemas = [table.schema for table in tables.values()]
        runs = {
            "cs": lambda: score_book(read_book(*paths), as_of=day).to_polars(),
            "polars": lambda: score_polars(
                *read_files(paths, "polars", schemas), day, engine="streaming"
            ),
            "pandas": lambda: score_pandas(*read_files(paths, "pandas", schemas), day),
        }
        return runs[method.split()[0]], n_accounts, input_bytes, sizes
    if method.startswith("polars impl"):
        frames = frames_for(book, "polars")
        return (lambda: score_polars(*frames, day)), n_accounts, input_bytes, sizes
    if method.startswith("pandas impl"):
        frames = frames_for(book, "pandas")
        return (lambda: score_pandas(*frames, day)), n_accounts, input_bytes, sizes
    if method.startswith("cs from"):
        frames = frames_for(book, library)
        out = "to_arrow" if library == "arrow" else f"to_{library}"

        def end_to_end() -> Any:
            return getattr(score_book(Book.from_frames(*frames), as_of=day), out)()

        return end_to_end, n_accounts, input_bytes, sizes
    if method.startswith("load"):
        frames = frames_for(book, library)
        return (lambda: Book.from_frames(*frames)), n_accounts, input_bytes, sizes
    if method == "score_book":
        built = Book.from_frames(*frames_for(book, "arrow"))
        return (lambda: score_book(built, as_of=day)), n_accounts, input_bytes, sizes
    per = min(ASSESS_SAMPLE, n_accounts)
    sample = book.take(np.arange(per)).to_accounts()
    return (lambda: [assess(a, as_of=day) for a in sample]), per, input_bytes, sizes


def child(method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    """Measure one method on one book size, in this (fresh) process."""
    run, per, input_bytes, sizes = _runner(method, n_accounts)
    release_memory()
    times, peak = timed(run, repeat)
    return {
        "seconds": min(times) * n_accounts / per,
        "first": times[0] * n_accounts / per,
        "peak_bytes": peak,
        "input_bytes": input_bytes,
        **sizes,
    }


def _measure(method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    return in_child(__file__, method, n_accounts, repeat)


def _polars_on_the_same_files(method: str) -> str:
    return "polars " + method.split()[-1]


def _table(
    title: str,
    methods: tuple[str, ...],
    sizes: list[int],
    repeat: int,
    reference_of: Callable[[str], str] = lambda method: "polars impl",
) -> None:
    mib = 1024 * 1024
    print(title)
    print(
        f"{'accounts':>9} {'method':<15} {'seconds':>8} {'first run':>9} {'peak MiB':>9} "
        f"{'peak/input':>10} {'vs polars impl':>15}"
    )
    for n in sizes:
        references: dict[str, dict[str, Any]] = {}
        for method in methods:
            name = reference_of(method)
            if name not in references:
                references[name] = _measure(name, n, repeat)
            reference = references[name]
            r = (
                reference
                if method == name
                else _measure(method, n, 1 if method == "assess" else repeat)
            )
            print(
                f"{n:>9,} {method:<15} {r['seconds']:>8.3f} {r['first']:>9.3f} "
                f"{r['peak_bytes'] / mib:>9,.0f} {r['peak_bytes'] / r['input_bytes']:>10.2f} "
                f"{r['seconds'] / reference['seconds']:>14.2f}x"
            )
        print(
            f"{'':>9} ({reference['accounts']:,} accounts, {reference['commitments']:,} "
            f"commitments, {reference['outcomes']:,} outcomes; input frames "
            f"{reference['input_bytes'] / mib:,.0f} MiB)"
        )
    print()


def _files_table(sizes: list[int], repeat: int) -> None:
    """Table 4: each size's book written as CSV and Parquet exports, then read back."""
    from frames_for import arrow_tables, write_files

    from cs_framework.synthetic import make_book

    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="cs-benchmark-") as folder:
            write_files(arrow_tables(make_book(n, seed=1)), Path(folder))
            os.environ[FILES_AT] = folder
            _table(
                "4. From files: CSV and Parquet exports -> a scored frame "
                "(vs polars on the same files)",
                FILES,
                [n],
                repeat,
                reference_of=_polars_on_the_same_files,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best)")
    parser.add_argument(
        "--tables", type=int, nargs="+", default=[1, 2, 3, 4], help="which tables (1-4)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))))
        return 0
    print(f"cs_framework benchmark: {os.cpu_count()} cores, best of {args.repeat} runs")
    print()
    tables: dict[int, Callable[[list[int], int], None]] = {
        1: partial(_table, "1. End to end: the user's frames -> a scored frame", END_TO_END),
        2: partial(_table, "2. Loading: Book.from_frames alone (every row checked)", LOADERS),
        3: partial(
            _table, "3. Scoring a built Book (* the peers include their own joins)", SCORING
        ),
        4: _files_table,
    }
    for number in args.tables:
        tables[number](args.sizes, args.repeat)
    print(
        f"assess: timed on the first {ASSESS_SAMPLE:,} accounts, extrapolated to the book.\n"
        "vs polars impl: the method's time over the polars implementation's "
        "(below 1: faster than polars)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
