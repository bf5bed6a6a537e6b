"""Score a book on Spark with the library's own kernels, row for row equal to ``score_book``.

Each Spark task scores buckets of the accounts (by a hash of their ids), each with all
their commitments, outcomes and overrides, by ``Book.from_frames`` and ``score_book``
on Arrow data: the same code, the same checks and the same words as on one machine.
Needs the ``spark`` extra (``pip install 'customer-success-framework[spark]'``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._book.book import _kept as kept
from .._book.scored import scoring_time
from .._book.sources import renames_of
from .._errors import InvalidInputError
from .._model.policy import Policy
from .._model.validators import DAY, InstanceOf, Whole, check_choice
from ._schemas import input_schema, result_schemas
from ._task import BUCKET, PROBLEMS, TABLES, TAG, ScoreBucket, sent_problems

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["score_spark"]


def _dataframe_class() -> type[Any]:
    try:
        from pyspark.sql import DataFrame
    except ImportError as missing:  # pragma: no cover - only without the spark extra
        raise InvalidInputError(
            field="score_spark",
            value="pyspark",
            reason="needs pyspark: pip install 'customer-success-framework[spark]'",
        ) from missing
    return DataFrame


def score_spark(
    accounts: DataFrame,
    commitments: DataFrame | None = None,
    outcomes: DataFrame | None = None,
    overrides: DataFrame | None = None,
    *,
    as_of: date,
    policy: Policy | None = None,
    scored_at: datetime | None = None,
    columns: Mapping[str, Any] | None = None,
    keep: Sequence[str] = (),
    errors: Literal["raise", "mark"] = "raise",
    buckets: int | None = None,
) -> DataFrame:
    """Score a book held in Spark DataFrames: one row per account, with the columns of
    ``score_book(...).to_arrow()`` (kept columns and ``error`` included), equal to it
    row for row (in no particular order: sort by ``account_id``).

    The tables are read as ``Book.from_frames`` reads them (same ``columns=``,
    ``keep=``, column schema and checks). The accounts are cut into ``buckets`` by a
    hash of their id; each bucket, with every record of its accounts wherever it sat,
    is scored as one book by a task with the library's own loader and scorer.

    Parameters
    ----------
    accounts, commitments, outcomes, overrides : pyspark.sql.DataFrame
        The tables of the book (the last three optional), one row per account or record.
    as_of : datetime.date
        The day of the assessment.
    policy : Policy, optional
        Every tunable; ``Policy()`` by default.
    scored_at : datetime.datetime, optional
        When the scores are taken (time-zone aware); midnight UTC of ``as_of`` by
        default. Spark keeps instants, not zones: ``escalation_due`` is the same
        instant, shown in the session's time zone.
    columns, keep
        As for ``Book.from_frames``.
    errors : {"raise", "mark"}
        ``"raise"`` (the default): the job runs once, here, and if any row is bad an
        InvalidInputError lists every bad value of every bucket (field, value,
        account); otherwise the scored DataFrame is returned, persisted, so the work is
        not done twice. ``"mark"``: nothing runs until you ask for rows; bad rows are
        kept and carry their reasons in ``error``. Problems no account can carry (a
        record naming no account of the table) fail the job either way.
    buckets : int, optional
        The number of buckets the accounts are cut into, each scored as one book (so
        the memory of a task is one bucket's); ``spark.sql.shuffle.partitions`` by
        default. Spark spreads them over its shuffle partitions. The scaling plan in
        the docs says how to size them.

    Returns
    -------
    pyspark.sql.DataFrame
        The scored rows. Enum and tier columns are strings, ``escalation_due`` a
        timestamp. Row numbers are left out of messages: a DataFrame has no row order,
        so the account and record id name the row.

    Raises
    ------
    InvalidInputError
        Bad arguments or columns (before any task runs), or bad rows
        (``errors="raise"``). With ``errors="mark"``, a record of no account fails the
        job when it runs (Spark raises it as a ``PythonException`` with this
        library's message).

    Examples
    --------
    >>> import os, sys
    >>> os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this Python
    '...'
    >>> from pyspark.sql import SparkSession
    >>> from cs_framework import Book
    >>> from cs_framework.examples import EXAMPLE_DAY, example_accounts
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> frames = Book.from_accounts(example_accounts()).to_frames()
    >>> scored = score_spark(*(spark.createDataFrame(frames[t]) for t in
    ...                        ("accounts", "commitments", "outcomes")),
    ...                      as_of=EXAMPLE_DAY, buckets=2)
    >>> sorted((r.account_id, r.phase) for r in scored.select("account_id", "phase").collect())
    [('bluebird', 'PROVE'), ('copperleaf', 'GROW'), ('northwind', 'TRUST')]
    >>> spark.stop()
    """
    frame = _dataframe_class()
    tables = dict(zip(TABLES, (accounts, commitments, outcomes, overrides), strict=True))
    InstanceOf(frame).check(accounts, field="accounts")
    given = {name: df for name, df in tables.items() if df is not None}
    for name, df in given.items():
        InstanceOf(frame).check(df, field=name)
    DAY.check(as_of, field="as_of")
    check_choice(errors, ("raise", "mark"), field="errors")
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    spark = accounts.sparkSession
    buckets = _default_buckets(spark) if buckets is None else buckets
    Whole(lo=1).check(buckets, field="buckets")
    renames = renames_of(columns)
    task = ScoreBucket(
        given=tuple(given),
        order={name: _order_columns(name, renames[name], df.columns) for name, df in given.items()},
        columns=columns,
        keep=kept(keep),
        policy=policy,
        as_of=as_of,
        scored_at=scoring_time(as_of, scored_at),
        errors=errors,
    )
    schemas = {name: input_schema(df) for name, df in given.items()}
    spark_schema, arrow_schema = result_schemas(
        task, schemas, lambda: {name: df.limit(1).toArrow() for name, df in given.items()}
    )
    task = attrs.evolve(task, schema=arrow_schema)
    accounts_rows, records = _bucketed(given, renames, buckets)
    with warnings.catch_warnings():
        # pyspark checks its pandas version even for Arrow functions, which use no pandas.
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        by_bucket = accounts_rows.groupBy(BUCKET)
        if records is None:
            scored = by_bucket.applyInArrow(lambda a: task(a), spark_schema)
        else:  # each bucket's accounts with its records: one call, whatever the tables
            both = by_bucket.cogroup(records.groupBy(BUCKET))
            scored = both.applyInArrow(lambda a, r: task(a, r), spark_schema)
    if errors == "mark":
        return scored
    return _checked(scored.persist())


def _default_buckets(spark: Any) -> int:
    """``spark.sql.shuffle.partitions``, or Spark's own default where it is not a number
    (Databricks allows ``auto``)."""
    try:
        return int(spark.conf.get("spark.sql.shuffle.partitions"))
    except (TypeError, ValueError):
        return 200


def _theirs(name: str, renames: dict[str, str], present: list[str]) -> str:
    """The user's name, among a table's columns, of one of the library's columns (a
    flat ``columns=`` mapping may name columns of other tables)."""
    return next(
        (theirs for theirs, ours in renames.items() if ours == name and theirs in present), name
    )


def _order_columns(table: str, renames: dict[str, str], present: list[str]) -> tuple[str, ...]:
    """The columns that put a table's rows in one order: account id, then record id."""
    record = {"commitments": "commitment_id", "outcomes": "outcome_id", "overrides": "component"}
    ours = ("account_id", record[table]) if table in record else ("account_id",)
    return tuple(_theirs(c, renames, present) for c in ours)


def _bucketed(
    given: dict[str, DataFrame], renames: dict[str, dict[str, str]], buckets: int
) -> tuple[DataFrame, DataFrame | None]:
    """The accounts, each row a struct with its bucket (a hash of its id as text); and
    the records of every other table in one DataFrame, each row its account's bucket,
    its table and itself as a struct column named after the table (null in the
    others). Records travel apart from the accounts, so no row carries the accounts'
    thirty-odd null fields (what Spark's transfer to Arrow pays for, field by field)."""
    from pyspark.sql import functions as sf

    # Columns are taken by position: Spark's names ignore case ("arr" and "ARR" clash).
    positional = {
        name: df.toDF(*(f"_{k}" for k in range(len(df.columns)))) for name, df in given.items()
    }

    def bucket(name: str) -> Any:
        k = given[name].columns.index(_theirs("account_id", renames[name], given[name].columns))
        key = sf.col(f"_{k}").cast("string")
        return sf.pmod(sf.xxhash64(key), sf.lit(buckets)).alias(BUCKET)

    def whole(name: str) -> Any:
        return sf.struct(*(sf.col(f"_{k}").alias(c) for k, c in enumerate(given[name].columns)))

    accounts_rows = positional["accounts"].select(
        bucket("accounts"), whole("accounts").alias("accounts")
    )
    records = [name for name in given if name != "accounts"]
    kinds = {name: positional[name].select(whole(name)).schema[0].dataType for name in records}
    parts = [
        positional[name].select(
            bucket(name),
            sf.lit(TABLES.index(name)).alias(TAG),
            *(
                whole(name).alias(other) if other == name else sf.lit(None).cast(kind).alias(other)
                for other, kind in kinds.items()
            ),
        )
        for name in records
    ]
    if not parts:
        return accounts_rows, None
    rows = parts[0]
    for part in parts[1:]:
        rows = rows.unionByName(part)
    return accounts_rows, rows


def _checked(scored: DataFrame) -> DataFrame:
    """The scored rows (persisted: ``unpersist()`` frees them), once every bucket is
    known to be clean; else every problem of every bucket in one InvalidInputError."""
    from pyspark.sql import functions as sf

    sent = sf.col("account_id").isNull() & sf.col("error").startswith(PROBLEMS)
    try:
        refused = scored.filter(sent).select("error").collect()
        if refused:
            problems = [p for row in refused for p in sent_problems(row[0])]
            raise InvalidInputError.from_problems(
                problems, summary=f"{len(problems)} bad values in the book"
            )
    except BaseException:  # refused, or the job failed: nothing stays cached
        scored.unpersist()
        raise
    return scored
