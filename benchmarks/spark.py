"""Benchmark: score_spark on a local Spark session against score_book on one machine.

One run, from the same Parquet files (a book of synthetic accounts, about 10
commitments and 3 outcomes each, as a lakehouse would hold it) to every account scored:

- ``score_book``: ``Book.from_frames`` of the three files, ``score_book``, ``to_arrow``,
  in this process (two threads).
- ``score_spark``: ``spark.read.parquet`` of the files, ``score_spark(errors="mark")``,
  written to Spark's ``noop`` sink (the whole job runs, nothing is kept), on
  ``local[2]`` for each number of ``--buckets``; and ``errors="raise"`` (the job runs
  once to check every bucket, persisted, then counted; the cache cleared between runs).

Time is the best of ``--repeat`` runs (the first Spark run also pays for starting its
Python workers); shuffle bytes come from the Spark UI's REST API. The overhead of
Spark is its time over score_book's: the shuffle (every row written and read once), the
Arrow transfer between the JVM and the Python workers, and the sort of each bucket's
records. ``--floor`` adds the same job with a task that only counts its rows: what
Spark costs before any scoring.

    .venv/bin/python benchmarks/spark.py --accounts 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frames_for import arrow_tables

TABLES = ("accounts", "commitments", "outcomes")


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times), times[0]


def _shuffle_bytes(spark: Any) -> int:
    """Shuffle bytes written by the session's last job (Spark UI REST API)."""
    app = spark.sparkContext.applicationId
    url = spark.sparkContext.uiWebUrl + f"/api/v1/applications/{app}/stages"
    stages = json.load(urllib.request.urlopen(url))  # the local UI
    done = [s for s in stages if s.get("status") == "COMPLETE"]
    last_job = max(s["stageId"] for s in done)
    # The last job's map stages: those that wrote shuffle data, newest first.
    writes = [s for s in done if s["shuffleWriteBytes"] and s["stageId"] >= last_job - 3]
    return sum(s["shuffleWriteBytes"] for s in writes)


def _count_only(frames: list[Any], buckets: int) -> None:
    """The job of score_spark with a task that only counts its rows."""
    import pyarrow as pa

    from cs_framework.spark import _bucketed
    from cs_framework.spark._task import BUCKET

    renames: dict[str, dict[str, str]] = {name: {} for name in TABLES}
    accounts, records = _bucketed(dict(zip(TABLES, frames, strict=True)), renames, buckets)

    def count(a: pa.Table, r: pa.Table) -> pa.Table:
        return pa.table({"n": pa.array([a.num_rows + r.num_rows], pa.int64())})

    both = accounts.groupBy(BUCKET).cogroup(records.groupBy(BUCKET))
    both.applyInArrow(count, "n long").write.format("noop").mode("overwrite").save()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--buckets", type=int, nargs="+", default=[8, 32, 200])
    parser.add_argument("--floor", action="store_true", help="also time a counting task")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    from cs_framework import Book, score_book
    from cs_framework.spark import score_spark
    from cs_framework.synthetic import SYNTHETIC_DAY, make_book

    folder = Path(tempfile.mkdtemp(prefix="cs-spark-bench-"))
    tables = arrow_tables(make_book(args.accounts, seed=1))
    sizes = {name: table.num_rows for name, table in tables.items()}
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    input_bytes = sum(t.nbytes for t in tables.values())
    del tables
    paths = [str(folder / f"{name}.parquet") for name in TABLES]

    def one_machine() -> Any:
        return score_book(Book.from_frames(*paths), as_of=SYNTHETIC_DAY).to_arrow()

    reference, reference_first = _best(one_machine, args.repeat)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("cs_framework benchmark")
        .config("spark.driver.memory", "8g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    frames = [spark.read.parquet(p) for p in paths]
    rows = []
    for buckets in args.buckets:

        def marked(k: int = buckets) -> None:
            scored = score_spark(*frames, as_of=SYNTHETIC_DAY, errors="mark", buckets=k)
            scored.write.format("noop").mode("overwrite").save()

        best, first = _best(marked, args.repeat)
        shuffled = _shuffle_bytes(spark)
        rows.append((f"score_spark mark, {buckets} buckets", best, first, shuffled))

    def raised(k: int = args.buckets[0]) -> None:
        scored = score_spark(*frames, as_of=SYNTHETIC_DAY, buckets=k)
        scored.count()
        spark.catalog.clearCache()  # or the next run reads this one's cached rows

    best, first = _best(raised, args.repeat)
    rows.append((f"score_spark raise, {args.buckets[0]} buckets", best, first, 0))
    if args.floor:
        best, first = _best(lambda: _count_only(frames, args.buckets[0]), args.repeat)
        rows.append((f"count only (floor), {args.buckets[0]} buckets", best, first, 0))
    spark.stop()

    mib = 1024 * 1024
    print(f"cs_framework on Spark: local[2], {os.cpu_count()} cores, best of {args.repeat}")
    print(
        f"{sizes['accounts']:,} accounts, {sizes['commitments']:,} commitments, "
        f"{sizes['outcomes']:,} outcomes; {input_bytes / mib:,.0f} MiB in Arrow"
    )
    print()
    print(f"{'method':<34} {'seconds':>8} {'first run':>9} {'vs score_book':>14} {'shuffle':>14}")
    print(f"{'score_book (one process)':<34} {reference:>8.2f} {reference_first:>9.2f} {1:>13.2f}x")
    for name, best, first, shuffled in rows:
        per_account = f"{shuffled / sizes['accounts']:,.0f} B/account" if shuffled else ""
        print(f"{name:<34} {best:>8.2f} {first:>9.2f} {best / reference:>13.2f}x {per_account:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
