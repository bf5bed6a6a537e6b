"""Benchmark: ``score_book`` against ``assess()`` one by one, pandas and polars.

Prints one table for books of 10k, 100k and 1M synthetic accounts (about 10
commitments and 3 outcomes per account): wall time, peak extra memory, and the
ratio of each alternative's time to ``score_book``'s, all in one run; then the time
to build a ``Book`` from pandas, polars and Arrow tables.

Each measurement runs in a fresh child process, so peak memory (Linux ``VmHWM``,
reset before the measured call) belongs to that call alone. ``assess()`` is timed on
a sample of accounts and extrapolated to the book (labelled as such).

    .venv/bin/python benchmarks/score_book.py                 # 10k, 100k, 1M
    .venv/bin/python benchmarks/score_book.py --sizes 10000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
METHODS = ("score_book", "assess", "pandas", "polars")
LOADERS = ("from_pandas", "from_polars", "from_arrow")
ASSESS_SAMPLE = 2_000


def _status(key: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {key} in /proc/self/status")


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux >= 4.0)


def _book_bytes(book: Any) -> int:
    """The bytes of the book's own arrays (object columns count their pointers)."""
    import attrs
    import numpy as np

    total = 0
    for table in (book.accounts, book.commitments, book.outcomes, book.overrides):
        for field in attrs.fields(type(table)):
            value = getattr(table, field.name)
            arrays = value.values() if isinstance(value, dict) else [value]
            total += sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))
    return total


def _frames(book: Any, library: str) -> list[Any]:
    from cs_framework._book.frames import book_columns

    tables = book_columns(book)
    names = ("accounts", "commitments", "outcomes")
    if library == "pandas":
        import pandas as pd

        return [pd.DataFrame(tables[n]) for n in names]
    if library == "polars":
        import polars as pl

        return [pl.DataFrame(tables[n]) for n in names]
    import pyarrow as pa

    return [pa.table(tables[n]) for n in names]


def child(method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    """Measure one method on one book size, in this (fresh) process."""
    sys.path.insert(0, str(HERE))
    from cs_framework import Book, assess, score_book
    from cs_framework.synthetic import SYNTHETIC_DAY, make_book

    book = make_book(n_accounts, seed=1)
    out: dict[str, Any] = {
        "book_bytes": _book_bytes(book),
        "accounts": n_accounts,
        "commitments": len(book.commitments),
        "outcomes": len(book.outcomes),
    }
    run: Callable[[], Any]
    per = n_accounts
    if method == "score_book":
        run = lambda: score_book(book, as_of=SYNTHETIC_DAY)  # noqa: E731
    elif method == "assess":
        per = min(ASSESS_SAMPLE, n_accounts)
        sample = book.take(__import__("numpy").arange(per)).to_accounts()
        run = lambda: [assess(a, as_of=SYNTHETIC_DAY) for a in sample]  # noqa: E731
    elif method in ("pandas", "polars"):
        from alt_pandas import score_pandas
        from alt_polars import score_polars

        frames = _frames(book, method)
        score = score_pandas if method == "pandas" else score_polars
        run = lambda: score(*frames, SYNTHETIC_DAY)  # noqa: E731
    else:
        frames = _frames(book, method.removeprefix("from_"))
        run = lambda: Book.from_frames(*frames)  # noqa: E731
    times, peak = [], 0
    for _ in range(repeat):
        rss = _status("VmRSS")
        _reset_peak()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
        peak = max(peak, _status("VmHWM") - rss)
        del result
    seconds = min(times)
    out.update(seconds=seconds * n_accounts / per, sampled=per, peak_bytes=peak)
    return out


def _measure(method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", method, str(n_accounts), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))))
        return 0
    mib = 1024 * 1024
    print(f"cs_framework score_book benchmark: {os.cpu_count()} cores, best of {args.repeat}")
    print(
        f"{'accounts':>9} {'method':<12} {'seconds':>9} {'us/account':>11} "
        f"{'peak MiB':>9} {'peak/book':>10} {'vs score_book':>14}"
    )
    for n in args.sizes:
        results = {m: _measure(m, n, 1 if m == "assess" else args.repeat) for m in METHODS}
        base = results["score_book"]
        print(
            f"# {n:,} accounts, {base['commitments']:,} commitments, "
            f"{base['outcomes']:,} outcomes; book arrays {base['book_bytes'] / mib:,.0f} MiB"
        )
        for m in METHODS:
            r = results[m]
            label = m if m != "assess" else "assess*"
            print(
                f"{n:>9,} {label:<12} {r['seconds']:>9.3f} {r['seconds'] / n * 1e6:>11.2f} "
                f"{r['peak_bytes'] / mib:>9,.0f} {r['peak_bytes'] / base['book_bytes']:>10.2f} "
                f"{r['seconds'] / base['seconds']:>13.1f}x"
            )
    print(
        "* assess: timed on the first "
        f"{ASSESS_SAMPLE:,} accounts, extrapolated to the book; its peak is the sample's."
    )
    print("vs score_book: the method's time over score_book's (higher: score_book is faster).")
    print()
    print(f"{'accounts':>9} {'Book.from_frames':<18} {'seconds':>9} {'peak MiB':>9}")
    for n in args.sizes:
        for loader in LOADERS:
            r = _measure(loader, n, args.repeat)
            print(f"{n:>9,} {loader:<18} {r['seconds']:>9.3f} {r['peak_bytes'] / mib:>9,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
