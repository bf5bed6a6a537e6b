"""Check the benchmark's pandas and polars alternatives against ``cs_framework.score_book``.

Scores synthetic books (one of them under a non-default Policy, to show the
alternatives read it) and the three example accounts with ``score_pandas``,
``score_polars`` and, when it is importable, ``score_book``, from frames and from CSV
and Parquet exports of the same book (as ``score_book.py`` reads them), and compares every
column: floats with ``np.allclose(equal_nan=True)``, codes, flags and ids exactly.
Prints each mismatch and exits 1 if there is any.

    .venv/bin/python benchmarks/check_alternatives.py [--accounts 2000] [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from alt_pandas import OUTPUT, score_pandas
from alt_polars import score_polars
from frames_for import TABLES, arrow_tables, frames_for, read_files, table_paths, write_files
from numpy.typing import NDArray

from cs_framework import Action, Band, Book, CoverageModel, Phase, Policy, read_book, score_book
from cs_framework.synthetic import SYNTHETIC_DAY, make_book

Columns = dict[str, NDArray[Any]]
CODES = {"health_band": Band, "phase": Phase, "first_action": Action}
SHOWN = 5  # mismatching rows printed per column
#: Every tunable the alternatives read, moved off its default.
OTHER_POLICY = Policy(
    credit_kept_late=0.3,
    half_life_days=60,
    prior_kept=2,
    missed_window_days=120,
    silent_executive_days=60,
    weight_documented=0.6,
    trust_bar=60,
    proof_bar=25,
    renewal_window_days=120,
    min_coverage=0.7,
    stale_after_days=45,
    segment_weights={
        CoverageModel.DIGITAL: {"adoption": 0.5},
        CoverageModel.HIGH_TOUCH: {"trust": 0.4},
    },
    green=76,
    yellow=51,
    segment_bands={CoverageModel.HIGH_TOUCH: {"green": 80}},
)


def cases(n_accounts: int, seeds: list[int]) -> Iterator[tuple[str, Any, date, Policy]]:
    """(label, Book, as_of, policy): the synthetic books, then the example accounts."""
    for seed in seeds:
        label = f"make_book({n_accounts}, seed={seed})"
        yield label, make_book(n_accounts, seed=seed), SYNTHETIC_DAY, Policy()
    yield (
        f"{label}, OTHER_POLICY",
        make_book(n_accounts, seed=seeds[-1]),
        SYNTHETIC_DAY,
        OTHER_POLICY,
    )
    from cs_framework.examples import EXAMPLE_DAY, example_accounts

    yield "examples", Book.from_accounts(example_accounts()), EXAMPLE_DAY, Policy()


def _pandas(book: Any, as_of: date, policy: Policy) -> Columns:
    out = score_pandas(*frames_for(book, "pandas"), as_of, policy=policy)
    return {c: out[c].to_numpy() for c in OUTPUT}


def _polars(book: Any, as_of: date, policy: Policy) -> Columns:
    out = score_polars(*frames_for(book, "polars"), as_of, policy=policy)
    return {c: out[c].to_numpy() for c in OUTPUT}


def _from_frames(library: str) -> Callable[[Any, date, Policy], Columns]:
    """score_book on the book read back from ``library`` frames: the same answers."""

    def score(book: Any, as_of: date, policy: Policy) -> Columns:
        again = Book.from_frames(*frames_for(book, library), policy=policy)
        return _score_book(again, as_of, policy)

    return score


def _from_files(library: str, kind: str) -> Callable[[Any, date, Policy], Columns]:
    """``library`` on the book written as ``kind`` exports and read back as the
    benchmark reads them: the same answers."""

    def score(book: Any, as_of: date, policy: Policy) -> Columns:
        tables = arrow_tables(book)
        with tempfile.TemporaryDirectory() as folder:
            write_files(tables, Path(folder))
            paths = table_paths(Path(folder), kind)
            if library == "cs_framework":
                return _score_book(read_book(*paths, policy=policy), as_of, policy)
            frames = read_files(paths, library, [tables[name].schema for name in TABLES])
            if library == "polars":  # as the benchmark runs it
                out = score_polars(*frames, as_of, policy=policy, engine="streaming")
            else:
                out = score_pandas(*frames, as_of, policy=policy)
            return {c: out[c].to_numpy() for c in OUTPUT}

    return score


def _score_book(book: Any, as_of: date, policy: Policy) -> Columns:
    columns = score_book(book, as_of=as_of, policy=policy).columns
    ids = columns["account_id"]
    ids = np.array(ids.to_pylist() if hasattr(ids, "to_pylist") else ids.tolist(), dtype=object)
    return {**{c: columns[c] for c in OUTPUT}, "account_id": ids}


def _show(name: str, value: Any) -> str:
    kind = CODES.get(name)
    return kind(int(value)).name if kind is not None else repr(value)


def mismatches(expected: Columns, got: Columns, ids: NDArray[Any]) -> list[str]:
    """One line per differing column, with the first few differing rows."""
    lines = []
    for name in OUTPUT:
        want, have = np.asarray(expected[name]), np.asarray(got[name])
        if want.shape != have.shape:
            lines.append(f"  {name}: shape {have.shape}, expected {want.shape}")
            continue
        if want.dtype.kind == "f" or have.dtype.kind == "f":
            want_f, have_f = want.astype(np.float64), have.astype(np.float64)
            same = np.isclose(want_f, have_f, equal_nan=True)
        else:
            same = want.astype(object) == have.astype(object)
        bad = np.flatnonzero(~same)
        if bad.size:
            rows = ", ".join(
                f"{ids[k]}: {_show(name, have[k])} != {_show(name, want[k])}" for k in bad[:SHOWN]
            )
            lines.append(f"  {name}: {bad.size} rows differ (got != expected): {rows}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run every comparison; 0 when all agree, 1 on any mismatch."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args(argv)

    scorers: dict[str, Callable[[Any, date, Policy], Columns]] = {
        "score_book": _score_book,
        "pandas": _pandas,
        "polars": _polars,
        **{
            f"score_book from {lib} frames": _from_frames(lib)
            for lib in ("arrow", "pandas", "polars")
        },
        **{
            f"{lib} from {kind} files": _from_files(lib, kind)
            for lib in ("cs_framework", "pandas", "polars")
            for kind in ("csv", "parquet")
        },
    }
    print("reference: cs_framework.score_book")
    reference, *others = scorers

    failed = False
    for label, book, as_of, policy in cases(args.accounts, args.seeds):
        results = {name: scorer(book, as_of, policy) for name, scorer in scorers.items()}
        ids = np.asarray(results[reference]["account_id"])
        for other in others:
            lines = mismatches(results[reference], results[other], ids)
            verdict = "MISMATCH" if lines else "equal"
            print(f"{label}: {other} vs {reference}: {verdict} ({len(ids)} accounts)")
            for line in lines:
                print(line)
            failed |= bool(lines)
    print("FAILED" if failed else "OK: all alternatives agree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
