"""score_spark equals score_book row for row: generated books, bad rows, accounts
without records, records spread over input partitions; errors named as on one machine."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cs_framework import Book, InvalidInputError, score_book
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.spark import score_spark
from cs_framework.spark._task import fitted
from cs_framework.strategies import books
from helpers import scored_rows

pytestmark = pytest.mark.spark
DAY = EXAMPLE_DAY
RECORD_ID = {"commitments": "commitment_id", "outcomes": "outcome_id"}
slow = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _sorted(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Each record table by account id then record id: the order score_spark scores in."""
    return {
        name: table.sort_by([("account_id", "ascending"), (RECORD_ID[name], "ascending")])
        if name in RECORD_ID
        else table
        for name, table in tables.items()
    }


def _expected(
    tables: dict[str, pa.Table], schema: pa.Schema, **kwargs: Any
) -> list[dict[str, Any]]:
    sorted_tables = _sorted(tables)
    book = Book.from_frames(**sorted_tables, errors="mark", keep=kwargs.pop("keep", ()))
    scored = score_book(book, as_of=DAY, errors="mark", **kwargs).to_arrow()
    return scored_rows(fitted(scored, schema))


def _frames(spark: Any, tables: dict[str, pa.Table], split: int) -> dict[str, Any]:
    """Spark DataFrames of the tables, rows dealt at random over ``split`` partitions."""
    return {name: spark.createDataFrame(t).repartition(split) for name, t in tables.items()}


def _bad(tables: dict[str, pa.Table], picks: list[int]) -> dict[str, pa.Table]:
    """The tables with a negative ARR in the accounts at ``picks`` (bad rows to mark)."""
    accounts = tables["accounts"]
    n = accounts.num_rows
    arr = accounts.column("arr").to_pylist()
    for k in picks:
        arr[k % n] = -5.0
    column = accounts.schema.get_field_index("arr")
    return {**tables, "accounts": accounts.set_column(column, "arr", pa.array(arr, pa.float64()))}


@slow
@given(
    book=books(min_accounts=1, max_accounts=25),
    split=st.integers(1, 4),
    buckets=st.integers(1, 5),
    picks=st.lists(st.integers(0, 1000), max_size=3),
)
def test_score_spark_equals_score_book_row_for_row(
    spark: Any, book: Book, split: int, buckets: int, picks: list[int]
) -> None:
    tables = {k: v for k, v in book.to_frames().items() if k != "overrides"}
    tables = _bad(tables, picks)
    frames = _frames(spark, tables, split)
    got = score_spark(**frames, as_of=DAY, errors="mark", buckets=buckets).toArrow()
    assert got.num_rows == book.accounts.id.size  # never shrinks, bad rows kept
    assert scored_rows(got) == _expected(tables, got.schema)


def _example_tables() -> dict[str, pa.Table]:
    return Book.from_accounts(example_accounts()).to_frames()


def test_bad_rows_of_every_partition_are_listed_in_one_error(spark: Any) -> None:
    tables = _bad(_example_tables(), [0, 1, 2])  # every account, whatever its partition
    frames = _frames(spark, tables, 2)
    with pytest.raises(InvalidInputError) as caught:
        score_spark(**frames, as_of=DAY, buckets=3)
    problems = caught.value.problems
    assert sorted(p.account_id for p in problems) == ["bluebird", "copperleaf", "northwind"]
    assert {(p.field, p.value, p.row) for p in problems} == {("arr", -5.0, None)}
    assert str(caught.value).startswith("3 bad values in the book:")
    assert "must be a finite number >= 0" in str(caught.value)


def test_a_clean_book_is_scored_and_kept_columns_come_along(spark: Any) -> None:
    tables = _example_tables()
    accounts = tables["accounts"]
    tables["accounts"] = accounts.append_column("csm", pa.array(["ann", "bo", None]))
    csm = dict(zip(accounts.column("account_id").to_pylist(), ["ann", "bo", None], strict=True))
    frames = _frames(spark, tables, 3)
    scored = score_spark(**frames, as_of=DAY, keep=["csm"], buckets=2)
    got = scored.toArrow()
    assert "__cs_problems" not in got.column_names
    assert scored_rows(got) == _expected(tables, got.schema, keep=["csm"])
    assert {r["account_id"]: r["csm"] for r in got.to_pylist()} == csm
    assert str(scored.schema["phase"].dataType) == "StringType()"
    assert str(scored.schema["escalation_due"].dataType) == "TimestampType()"


def test_tables_not_given_are_unknown_as_on_one_machine(spark: Any) -> None:
    tables = {"accounts": _example_tables()["accounts"]}
    got = score_spark(spark.createDataFrame(tables["accounts"]), as_of=DAY).toArrow()
    assert scored_rows(got) == _expected(tables, got.schema)
    assert all(math.isnan(r["proof"]) for r in got.to_pylist())  # no outcomes: unknown


def test_overrides_and_a_policy_reach_every_task(spark: Any) -> None:
    from cs_framework import Policy

    tables = _example_tables()
    policy = Policy(green=80.0, half_life_days=30.0)
    frames = _frames(spark, tables, 2)
    got = score_spark(**frames, as_of=DAY, policy=policy, buckets=2).toArrow()
    assert scored_rows(got) == _expected(tables, got.schema, policy=policy)


def test_column_names_are_mapped_and_misspelt_ones_refused_before_any_job(spark: Any) -> None:
    tables = _example_tables()
    renamed = tables["accounts"].rename_columns(
        ["Customer" if c == "account_id" else c for c in tables["accounts"].column_names]
    )
    frames = {**_frames(spark, tables, 1), "accounts": spark.createDataFrame(renamed)}
    scored = score_spark(
        **frames, as_of=DAY, columns={"accounts": {"Customer": "account_id"}}, errors="mark"
    )
    assert sorted(r.account_id for r in scored.select("account_id").collect()) == [
        "bluebird",
        "copperleaf",
        "northwind",
    ]
    typo = spark.createDataFrame(
        pa.table({"account_id": ["a"], "arr": [1.0], "health_adoptoin": [5.0]})
    )
    with pytest.raises(InvalidInputError, match="health_adoptoin"):
        score_spark(typo, as_of=DAY)


def test_a_record_of_no_account_is_refused(spark: Any) -> None:
    tables = _example_tables()
    commitments = tables["commitments"]
    kind = commitments.schema.field("account_id").type
    stray = commitments.slice(0, 1).set_column(0, "account_id", pa.array(["nobody"], kind))
    tables["commitments"] = pa.concat_tables([commitments, stray])
    with pytest.raises(InvalidInputError, match="names an account that is not in the accounts"):
        score_spark(**_frames(spark, tables, 2), as_of=DAY, buckets=2)
    from pyspark.errors import PythonException

    marked = score_spark(**_frames(spark, tables, 2), as_of=DAY, buckets=2, errors="mark")
    with pytest.raises(PythonException, match="names an account that is not in the accounts"):
        marked.collect()  # never marked: no account can carry it


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"accounts": "accounts.csv"}, "accounts"),
        ({"commitments": [1, 2]}, "commitments"),
        ({"as_of": "2026-01-01"}, "as_of"),
        ({"errors": "ignore"}, "errors"),
        ({"buckets": 0}, "buckets"),
        ({"policy": {}}, "policy"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    spark: Any, arguments: dict[str, Any], field: str
) -> None:
    call: dict[str, Any] = {"accounts": spark.createDataFrame(_example_tables()["accounts"])}
    call["as_of"] = DAY
    call.update(arguments)
    with pytest.raises(InvalidInputError) as caught:
        score_spark(**call)
    assert caught.value.field == field


def test_a_flat_mapping_may_name_columns_of_other_tables(spark: Any) -> None:
    tables = _example_tables()
    commitments = tables["commitments"]
    tables["commitments"] = commitments.rename_columns(
        ["Customer" if c == "account_id" else c for c in commitments.column_names]
    )
    mapping = {"Customer": "account_id", "acct": "account_id"}
    got = score_spark(
        **_frames(spark, tables, 2), as_of=DAY, columns=mapping, buckets=2, errors="mark"
    ).toArrow()
    book = Book.from_frames(**_sorted_renamed(tables), columns=mapping, errors="mark")
    want = fitted(score_book(book, as_of=DAY, errors="mark").to_arrow(), got.schema)
    assert scored_rows(got) == scored_rows(want)


def _sorted_renamed(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    commitments = tables["commitments"].sort_by(
        [("Customer", "ascending"), ("commitment_id", "ascending")]
    )
    return {
        **_sorted({k: v for k, v in tables.items() if k != "commitments"}),
        "commitments": commitments,
    }


def test_columns_whose_names_differ_only_in_case_are_kept_apart(spark: Any) -> None:
    tables = _example_tables()
    tables["accounts"] = tables["accounts"].append_column("ARR", pa.array(["a", "b", "c"]))
    got = score_spark(**_frames(spark, tables, 1), as_of=DAY, keep=["ARR"]).toArrow()
    assert scored_rows(got) == _expected(tables, got.schema, keep=["ARR"])


@pytest.mark.parametrize("keep", [None, "region", {"region"}])
def test_keep_must_be_a_list_of_names(spark: Any, keep: Any) -> None:
    accounts = spark.createDataFrame(_example_tables()["accounts"])
    with pytest.raises(InvalidInputError, match="must be a list or tuple of column names"):
        score_spark(accounts, as_of=DAY, keep=keep)


def test_the_result_of_raise_is_cached_until_unpersisted(spark: Any) -> None:
    cache = spark._jsparkSession.sharedState().cacheManager()
    spark.catalog.clearCache()
    scored = score_spark(**_frames(spark, _example_tables(), 2), as_of=DAY, buckets=2)
    assert not cache.isEmpty()
    scored.unpersist()
    assert cache.isEmpty()
    with pytest.raises(InvalidInputError):
        score_spark(**_frames(spark, _bad(_example_tables(), [0]), 2), as_of=DAY)
    assert cache.isEmpty()  # a refused book leaves nothing cached


@pytest.mark.parametrize("errors", ["raise", "mark"])
def test_a_column_of_the_wrong_type_shows_its_first_value(spark: Any, errors: str) -> None:
    """On the driver, before any task runs, whatever ``errors`` (a task of the lazy
    "mark" cannot raise in words)."""
    accounts = pa.table({"account_id": [1.5, 2.5], "arr": [1.0, 2.0]})
    with pytest.raises(InvalidInputError) as caught:
        score_spark(spark.createDataFrame(accounts), as_of=DAY, errors=errors)
    assert (caught.value.field, caught.value.value) == ("accounts.account_id", 1.5)


def test_buckets_default_to_the_shuffle_partitions_or_to_200() -> None:
    from cs_framework.spark import _default_buckets

    class Conf:
        def __init__(self, value: Any) -> None:
            self.value = value

        def get(self, key: str) -> Any:
            assert key == "spark.sql.shuffle.partitions"
            return self.value

    class Session:
        def __init__(self, value: Any) -> None:
            self.conf = Conf(value)

    assert _default_buckets(Session("12")) == 12
    assert _default_buckets(Session("auto")) == 200  # Databricks allows it
    assert _default_buckets(Session(None)) == 200


def test_a_check_that_fails_leaves_nothing_cached() -> None:
    from cs_framework.spark import _checked

    class Failing:
        unpersisted = False

        def filter(self, condition: Any) -> Failing:
            return self

        def select(self, *columns: Any) -> Failing:
            return self

        def collect(self) -> list[Any]:
            raise RuntimeError("the job failed")

        def unpersist(self) -> None:
            self.unpersisted = True

    scored = Failing()
    with pytest.raises(RuntimeError, match="the job failed"):
        _checked(scored)  # type: ignore[arg-type]
    assert scored.unpersisted


def test_accounts_without_commitments_or_outcomes_are_scored_as_on_one_machine(
    spark: Any,
) -> None:
    tables = _example_tables()
    first = tables["accounts"].column("account_id")[0].as_py()
    for name in ("commitments", "outcomes"):  # the first account has none of either
        table = tables[name]
        keep = [a != first for a in table.column("account_id").to_pylist()]
        tables[name] = table.filter(pa.array(keep))
    got = score_spark(**_frames(spark, tables, 2), as_of=DAY, buckets=2).toArrow()
    assert scored_rows(got) == _expected(tables, got.schema)
    assert first in got.column("account_id").to_pylist()
