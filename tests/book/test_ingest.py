"""Loading a book from a user's own exports: their column names, text that holds
numbers, dates and flags, files on disk, extra columns carried through, and every bad
cell listed at once (or marked) in the words the objects use.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import Book, InvalidInputError, Policy, Scorecard, read_book, score_book
from cs_framework import strategies as cst
from cs_framework._book import sources as sources_module
from cs_framework._book import text as text_module
from cs_framework._book.schema import csv_types
from cs_framework._book.text import blank, duplicated, positions_in
from cs_framework._model.validators import TEXT
from cs_framework.examples import EXAMPLE_DAY, example_accounts

rule = pytest.mark.rule

EXPORT = {
    "Customer": ["acme", "globex", "initech"],
    "Customer name": ["Acme", "Globex", "Initech"],
    "ARR (USD)": ["180000", "24000.5", "6000"],
    "CSM": ["dana", "lee", "dana"],
    "Region": ["EMEA", "NA", "NA"],
    "Renewal": ["2027-02-01", "2026-08-15", None],
    "Setup done": ["Yes", "no", "Y"],
}
NAMES = {
    "Customer": "account_id",
    "Customer name": "name",
    "ARR (USD)": "arr",
    "Renewal": "renewal_on",
    "Setup done": "setup_complete",
}


def export(**changes: Any) -> pa.Table:
    return pa.table({**EXPORT, **changes})


def problems_of(call: Any) -> list[tuple[str | None, str, Any, int | None]]:
    with pytest.raises(InvalidInputError) as info:
        call()
    return [(p.account_id, p.field, p.value, p.row) for p in info.value.problems]


@rule("book.ingest")
def test_an_export_with_its_own_names_loads_in_one_call() -> None:
    book = Book.from_frames(export(), columns=NAMES, keep=["CSM", "Region"])
    assert book.accounts.arr.tolist() == [180_000.0, 24_000.5, 6_000.0]
    assert book.accounts.setup_complete.tolist() == [True, False, True]
    accounts = book.to_accounts()
    assert accounts[0].renewal_on == date(2027, 2, 1)
    assert accounts[2].renewal_on is None
    assert [a.name for a in accounts] == ["Acme", "Globex", "Initech"]


@rule("book.ingest")
def test_kept_columns_are_carried_to_the_scored_result() -> None:
    book = Book.from_frames(export(), columns=NAMES, keep=["CSM", "Region"])
    scored = score_book(book, as_of=EXAMPLE_DAY)
    assert scored.names[:4] == ("account_id", "CSM", "Region", "arr")
    table = scored.to_arrow()
    assert table.column("CSM").to_pylist() == ["dana", "lee", "dana"]
    assert scored.to_pandas()["Region"].tolist() == ["EMEA", "NA", "NA"]
    taken = score_book(book.take([2, 0]), as_of=EXAMPLE_DAY)
    assert taken.to_arrow().column("CSM").to_pylist() == ["dana", "dana"]
    assert Book.from_frames(**book.to_frames(), keep=["CSM", "Region"]).accounts.kept.keys() == {
        "CSM",
        "Region",
    }


@pytest.mark.parametrize(
    ("zone", "in_polars"),
    [("Europe/Paris", "Europe/Paris"), ("+02:00", "Etc/GMT-2"), ("+05:30", "UTC")],
)
@pytest.mark.polars
def test_a_kept_time_reaches_polars_as_the_same_instant(zone: str, in_polars: str) -> None:
    """Polars names no offset but whole hours: such a time comes in UTC, never shifted."""
    signed = pa.array([datetime(2026, 1, 1, 12, k) for k in range(3)], pa.timestamp("us", zone))
    book = Book.from_frames(export(Signed=signed), columns=NAMES, keep=["CSM", "Region", "Signed"])
    frame = score_book(book, as_of=EXAMPLE_DAY).to_polars()
    assert frame.schema["Signed"].time_zone == in_polars
    assert frame["Signed"].dt.timestamp("us").to_list() == signed.cast(pa.int64()).to_pylist()


@rule("book.ingest")
def test_every_bad_cell_is_listed_at_once_with_account_field_value_and_row() -> None:
    bad = export(**{"ARR (USD)": ["1,200", "24000", "lots"], "Setup done": ["Yes", "maybe", None]})
    assert problems_of(lambda: Book.from_frames(bad, columns=NAMES, keep=["CSM", "Region"])) == [
        ("acme", "arr", "1,200", 0),
        ("globex", "setup_complete", "maybe", 1),
        ("initech", "arr", "lots", 2),
        ("initech", "setup_complete", None, 2),
    ]


@rule("book.ingest")
def test_marked_cells_keep_every_row() -> None:
    bad = export(**{"ARR (USD)": ["1,200", "24000", "6000"]})
    book = Book.from_frames(bad, columns=NAMES, keep=["CSM", "Region"], errors="mark")
    scored = score_book(book, as_of=EXAMPLE_DAY, errors="mark")
    assert len(scored) == 3
    assert scored["error"].tolist() == [
        "arr='1,200' (account 'acme', row 0): must be a finite number >= 0",
        None,
        None,
    ]


@rule("book.ingest")
def test_unknown_and_misspelt_columns_are_refused_by_name() -> None:
    got = problems_of(
        lambda: Book.from_frames(export(health_adoptoin=[1.0, 2.0, 3.0]), columns=NAMES)
    )
    assert got == [
        (None, "accounts.CSM", "CSM", None),
        (None, "accounts.Region", "Region", None),
        (None, "accounts.health_adoptoin", "health_adoptoin", None),
    ]
    with pytest.raises(InvalidInputError, match="did you mean 'health_adoption'"):
        Book.from_frames(
            export(health_adoptoin=[1.0, 2.0, 3.0]), columns=NAMES, keep=["CSM", "Region"]
        )
    with pytest.raises(InvalidInputError, match="name it in keep="):
        Book.from_frames(export(), columns=NAMES)


def test_a_component_of_the_policys_scorecard_is_read() -> None:
    policy = Policy(scorecard=Scorecard(weights={"nps": 1.0}))
    table = pa.table({"account_id": ["a"], "arr": [1.0], "health_nps": [55.0]})
    assert Book.from_frames(table, policy=policy).accounts.health["nps"].tolist() == [55.0]
    with pytest.raises(InvalidInputError, match="components given as readings are nps"):
        Book.from_frames(
            pa.table({"account_id": ["a"], "arr": [1.0], "health_x": [5.0]}), policy=policy
        )


def test_columns_per_table_and_bad_mappings() -> None:
    accounts = pa.table({"id": ["a"], "arr": [1.0]})
    commitments = pa.table(
        {
            "account": ["a"],
            "id": ["c1"],
            "description": ["Send the guide"],
            "made_on": ["2026-01-05"],
            "due": ["2026-01-09"],
        }
    )
    columns = {
        "accounts": {"id": "account_id"},
        "commitments": {"account": "account_id", "id": "commitment_id"},
    }
    book = Book.from_frames(accounts, commitments, columns=columns)
    assert book.to_accounts()[0].commitments[0].due == date(2026, 1, 9)
    for bad, field in [
        (["id"], "columns"),
        ({"people": {"id": "account_id"}}, "columns['people']"),
        ({"accounts": ["id"]}, "columns['accounts']"),
        ({"accounts": {"id": "account_id"}, "outcomes": ["id"]}, "columns['outcomes']"),
        ({"id": 3}, "columns['id']"),
    ]:
        with pytest.raises(InvalidInputError) as info:
            Book.from_frames(accounts, columns=bad)
        assert info.value.field == field
    with pytest.raises(InvalidInputError, match="two columns have this name"):
        Book.from_frames(
            pa.table({"account_id": ["a"], "id": ["b"], "arr": [1.0]}), columns={"id": "account_id"}
        )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["true", "FALSE", " yes ", "No", "y", "N", "t", "f", "1", "0"], [True, False] * 5),
        ([1, 0], [True, False]),
        ([True, False], [True, False]),
    ],
)
def test_flags_are_read_from_their_usual_spellings(values: list[Any], expected: list[bool]) -> None:
    n = len(values)
    table = pa.table(
        {"account_id": [f"a{k}" for k in range(n)], "arr": [1.0] * n, "expansion_signal": values}
    )
    assert Book.from_frames(table).accounts.expansion_signal.tolist() == expected


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        (["maybe"], "maybe"),
        ([None], None),
        ([2], 2),
        (pa.nulls(1, pa.bool_()), None),
        (pa.nulls(1), None),
    ],
)
def test_a_flag_that_is_neither_is_refused(values: Any, shown: Any) -> None:
    table = pa.table({"account_id": ["a"], "arr": [1.0], "expansion_signal": values})
    assert problems_of(lambda: Book.from_frames(table)) == [("a", "expansion_signal", shown, 0)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (pa.array([date(2026, 9, 1), None]), [date(2026, 9, 1), None]),
        (pa.array(["2026-09-01", None]), [date(2026, 9, 1), None]),
        (
            pa.array(["2026-09-01 00:00:00", "2026-09-02T00:00"]),
            [date(2026, 9, 1), date(2026, 9, 2)],
        ),
        (pa.array([" 2026-09-01T00:00:00.000 ", None]), [date(2026, 9, 1), None]),
        (pa.array([datetime(2026, 9, 1), None], pa.timestamp("ns")), [date(2026, 9, 1), None]),
        (pa.array([datetime(2026, 9, 1), None], pa.date64()), [date(2026, 9, 1), None]),
        (pa.nulls(2), [None, None]),
    ],
)
def test_dates_are_read_from_dates_midnights_and_iso_text(values: Any, expected: list[Any]) -> None:
    table = pa.table({"account_id": ["a", "b"], "arr": [1.0, 1.0], "renewal_on": values})
    assert [a.renewal_on for a in Book.from_frames(table).to_accounts()] == expected


@pytest.mark.parametrize(
    ("values", "shown", "reason"),
    [
        (["2026-02-30"], "2026-02-30", "must be a date, written YYYY-MM-DD"),
        (["01/09/2026"], "01/09/2026", "must be a date, written YYYY-MM-DD"),
        (["2026-09-01T10:00"], "2026-09-01T10:00", "carries a time of day: give a date"),
        (["2026-09-01 00:00:01"], "2026-09-01 00:00:01", "carries a time of day: give a date"),
        (["2026-02-30 00:00"], "2026-02-30 00:00", "must be a date, written YYYY-MM-DD"),
        (["2026-09-01T00:00Z"], "2026-09-01T00:00Z", "must be a date, written YYYY-MM-DD"),
        (
            pa.array([datetime(2026, 9, 1, 10, 30)], pa.timestamp("us")),
            datetime(2026, 9, 1, 10, 30),
            "carries a time of day: give a date",
        ),
        (
            pa.array([-800_000], pa.int32()).cast(pa.date32()),
            -800_000.0,
            "must be a date between years 1 and 9999 (shown: its day count from 1970-01-01)",
        ),
        (["0000-01-01"], "0000-01-01", "must be a date between years 1 and 9999"),
        (  # shown as the time it holds (it was shown as its date alone)
            pa.Array.from_buffers(
                pa.date64(), 1, [None, pa.py_buffer(np.array([86_400_000 * 20_000 + 43_200_000]))]
            ),
            datetime(2024, 10, 4, 12, 0),
            "carries a time of day: give a date",
        ),
        (  # its midnight is before the first nanosecond timestamp: found by review
            pa.array([-(2**63) + 1], pa.timestamp("ns")),
            None,
            "carries a time of day: give a date",
        ),
    ],
)
def test_a_date_that_is_not_one_is_refused(values: Any, shown: Any, reason: str) -> None:
    table = pa.table({"account_id": ["a"], "arr": [1.0], "renewal_on": values})
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(table)
    (problem,) = info.value.problems
    assert (problem.field, problem.reason, problem.row) == ("renewal_on", reason, 0)
    if shown is not None:
        assert problem.value == shown


_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400 * 10**6, "ns": 86_400 * 10**9}


@given(
    unit=st.sampled_from(list(_PER_DAY)),
    days=st.lists(st.integers(-800_000, 3_000_000) | st.integers(-(2**40), 2**40), max_size=6),
    rest=st.lists(st.integers(0, 10**9), min_size=6, max_size=6),
    data=st.data(),
)
def test_a_timestamp_is_read_as_its_day_only_at_midnight_whatever_its_unit(
    unit: str, days: list[int], rest: list[int], data: st.DataObject
) -> None:
    """Exact at any tick (a sub-second time once escaped as ArrowInvalid), in the range
    of Arrow dates and far beyond it, where the day is counted exactly in whole numbers."""
    per_day = _PER_DAY[unit]
    limit = 2**63 // per_day - 1
    days = [d for d in days if abs(d) < limit]
    ticks = [
        d * per_day + r % per_day * data.draw(st.sampled_from([0, 1]))
        for d, r in zip(days, rest[: len(days)], strict=True)
    ]
    table = pa.table(
        {
            "account_id": [f"a{k}" for k in range(len(ticks))],
            "arr": [1.0] * len(ticks),
            "renewal_on": pa.array(ticks, pa.int64()).cast(pa.timestamp(unit)),
        }
    )
    first, last = date(1, 1, 1).toordinal(), date(9999, 12, 31).toordinal()
    beyond = "must be a date between years 1 and 9999"
    expected = []
    for k, t in enumerate(ticks):
        day, tick = divmod(t, per_day)
        if tick:
            expected.append((f"a{k}", "carries a time of day: give a date"))
        elif not first <= day + 719_163 <= last:
            expected.append((f"a{k}", f"{beyond} (shown: its day count from 1970-01-01)"))
    if expected:
        with pytest.raises(InvalidInputError) as info:
            Book.from_frames(table)
        assert [(p.account_id, p.reason) for p in info.value.problems] == expected
    else:
        got = [a.renewal_on for a in Book.from_frames(table).to_accounts()]
        assert got == [date.fromordinal(t // per_day + 719_163) for t in ticks]


@given(
    days=st.lists(st.dates(date(1, 1, 1), date(9999, 12, 31)), min_size=1, max_size=6),
    seconds=st.lists(st.sampled_from([0, 0, 1, 59, 3_600, 86_399]), min_size=6, max_size=6),
    separator=st.sampled_from([" ", "T"]),
)
def test_a_date_and_time_written_as_text_reads_as_the_same_timestamp(
    days: list[date], seconds: list[int], separator: str
) -> None:
    """An export writes a timestamp column as text when another cell of it is not one
    (CSV type inference): each cell is read the same either way, a date at midnight, a
    time of day refused. Text was once refused at midnight too."""
    stamps = [
        datetime.combine(d, datetime.min.time()) + timedelta(seconds=s)
        for d, s in zip(days, seconds, strict=False)
    ]
    texts = [stamp.isoformat(sep=separator) for stamp in stamps]

    def read(values: pa.Array) -> list[Any]:
        table = pa.table(
            {"account_id": [f"a{k}" for k in range(len(values))], "arr": [1.0] * len(values)}
        ).append_column("renewal_on", values)
        try:
            return [a.renewal_on for a in Book.from_frames(table).to_accounts()]
        except InvalidInputError as error:
            return [(p.account_id, p.reason) for p in error.problems]

    assert read(pa.array(texts)) == read(pa.array(stamps, pa.timestamp("s")))


def test_a_kept_time_in_a_zone_python_does_not_know_is_refused_by_name() -> None:
    """Carried as it was, it failed only when the scores were shown or written."""
    signed = pa.array([0, 1, 2], pa.timestamp("s", tz="Mars/Olympus"))
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(export(Signed=signed), columns=NAMES, keep=["CSM", "Region", "Signed"])
    assert [(p.field, p.value) for p in info.value.problems] == [
        ("accounts.Signed", "Mars/Olympus")
    ]


def test_a_bad_record_id_column_is_listed_once() -> None:
    """Found by review: the commitment ids were read twice, so listed twice."""
    commitments = pa.table(
        {"account_id": ["acme"], "commitment_id": [1.5], "description": ["x"],
         "made_on": ["2026-01-01"], "due": ["2026-01-02"]}
    )  # fmt: skip
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(export(), commitments, columns=NAMES, keep=["CSM", "Region"])
    assert [p.field for p in info.value.problems] == ["commitments.commitment_id"]


def test_a_column_no_row_of_which_can_be_read_is_refused_as_a_column() -> None:
    zoned = pa.array([datetime(2026, 9, 1)], pa.timestamp("us", tz="Europe/Paris"))
    cases = [
        ("renewal_on", zoned, "a timestamp with time zone Europe/Paris"),
        ("arr", pa.array([[1.0]]), "the column holds list<item: double>"),
        ("expansion_signal", pa.array([1.5]), "the column holds double"),
        ("renewal_on", pa.array([1.5]), "must be a date: the column holds double"),
        ("name", pa.array([1.5]), "the column holds double"),
    ]
    for column, values, reason in cases:
        table = (
            pa.table({"account_id": ["a"], "arr": [1.0]}).append_column(column, values)
            if column != "arr"
            else pa.table({"account_id": ["a"], "arr": values})
        )
        with pytest.raises(InvalidInputError) as info:
            Book.from_frames(table, errors="mark")  # a column cannot be marked: raised
        (problem,) = info.value.problems
        assert problem.field == f"accounts.{column}"
        assert reason in problem.reason


def test_records_of_an_unknown_account_are_raised_even_when_marking() -> None:
    frames = Book.from_accounts(example_accounts()).to_frames()
    commitments = frames["commitments"]
    ids = commitments.column("account_id").to_pylist()
    ids[3] = "nobody"
    frames["commitments"] = commitments.set_column(0, "account_id", pa.array(ids))
    got = problems_of(lambda: Book.from_frames(**frames, errors="mark"))
    assert got == [(None, "commitments.account_id", "nobody", 3)]


def test_text_columns_holding_whole_numbers_are_read_as_text() -> None:
    table = pa.table({"account_id": [1001, 1002], "arr": [1.0, 2.0]})
    assert Book.from_frames(table).to_accounts()[1].id == "1002"


def test_a_pandas_column_of_mixed_kinds_is_read_cell_by_cell() -> None:
    accounts = pd.DataFrame(
        {
            "account_id": ["a", "b", "c", "d"],
            "arr": [1.5, "2", None, {"x": 1}],
            "renewal_on": [date(2026, 9, 1), "2026-10-01", None, "soon"],
        }
    )
    got = problems_of(lambda: Book.from_frames(accounts))
    assert [(a, f, r) for a, f, _, r in got] == [
        ("c", "arr", 2),
        ("d", "arr", 3),
        ("d", "renewal_on", 3),
    ]
    assert [v for _, _, v, _ in got][1:] == [{"x": 1}, "soon"]  # as given; c's is missing
    book = Book.from_frames(accounts, errors="mark")
    assert book.accounts.arr[:2].tolist() == [1.5, 2.0]
    assert [a.renewal_on for a in Book.from_frames(accounts[:2]).to_accounts()] == [
        date(2026, 9, 1),
        date(2026, 10, 1),
    ]


@pytest.mark.parametrize(
    "cells",
    [
        pd.period_range("2026-01", periods=2, freq="M"),
        pd.interval_range(0, 2),
        pd.Categorical(pd.period_range("2026-01", periods=2, freq="M")),
    ],
    ids=["periods", "intervals", "categorical periods"],
)
def test_a_pandas_column_arrow_holds_only_as_an_extension_is_read_cell_by_cell(
    cells: Any,
) -> None:
    """Found by fuzzing: the message named Arrow's extension type and showed its
    stored integers; each cell is refused as given, with its row."""
    accounts = pd.DataFrame({"account_id": ["a", "b"], "arr": cells})
    assert problems_of(lambda: Book.from_frames(accounts)) == [
        ("a", "arr", cells[0], 0),
        ("b", "arr", cells[1], 1),
    ]
    assert len(Book.from_frames(accounts, errors="mark")) == 2


def test_a_pandas_frame_with_odd_column_names_is_refused_by_name() -> None:
    with pytest.raises(InvalidInputError, match="a column name must be text"):
        Book.from_frames(pd.DataFrame({0: ["a"], "arr": [1.0]}))
    twice = pd.DataFrame([["a", 1.0, 2.0]], columns=["account_id", "arr", "arr"])
    with pytest.raises(InvalidInputError, match="the column name is given twice"):
        Book.from_frames(twice)


@rule("book.ingest")
def test_read_book_reads_csv_and_parquet(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "Customer,ARR,Renewal,Active\n00123,5000,2026-09-01,yes\n00124,7000,,no\n",
        encoding="utf-8",
    )
    commitments = tmp_path / "commitments.parquet"
    pq.write_table(
        pa.table(
            {
                "account_id": ["00123"],
                "commitment_id": ["c1"],
                "description": ["Send the guide"],
                "made_on": [date(2026, 1, 5)],
                "due": [date(2026, 1, 9)],
            }
        ),
        commitments,
    )
    names = {
        "Customer": "account_id",
        "ARR": "arr",
        "Renewal": "renewal_on",
        "Active": "expansion_signal",
    }
    book = read_book(accounts, commitments, columns={"accounts": names})
    first, second = book.to_accounts()
    assert (first.id, first.arr, first.renewal_on, first.expansion_signal) == (
        "00123",  # an id keeps its leading zeros
        5000.0,
        date(2026, 9, 1),
        True,
    )
    assert (second.renewal_on, len(first.commitments)) == (None, 1)
    for path, reason in [
        (tmp_path / "missing.csv", "no such file"),
        (accounts.with_suffix(".xlsx"), "must be a .csv, .tsv or .parquet file"),
    ]:
        path.touch() if path.suffix == ".xlsx" else None
        with pytest.raises(InvalidInputError, match=reason):
            read_book(path)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(InvalidInputError, match="could not be read"):
        read_book(broken)


@pytest.mark.parametrize(
    ("name", "text", "separator"),
    [
        ("accounts.csv", "account_id;arr\na1;1200,5\n", ";"),  # a decimal comma too
        ("accounts.csv", "account_id\tarr\na1\t5\n", "\t"),
        ("accounts.csv", "account_id|arr\na1|5\n", "|"),
        ("accounts.tsv", "account_id,arr\na1,5\n", ","),
    ],
)
def test_a_file_with_another_separator_is_refused_with_what_to_do(
    tmp_path: Path, name: str, text: str, separator: str
) -> None:
    """Once refused as one unknown column, or as Arrow's parse error on a decimal comma."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        read_book(path)
    assert (info.value.field, info.value.value) == ("accounts", str(path))
    assert f"as if separated by {separator!r}" in info.value.problems[0].reason
    assert f"separator={separator!r}" in info.value.problems[0].reason


def test_columns_with_no_name_are_refused_by_their_place(tmp_path: Path) -> None:
    """A spreadsheet's trailing empty columns: once refused as two columns of one name
    and as unknown columns named ''."""
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,arr,, \na1,5,,\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        read_book(path)
    assert [(p.field, p.value, p.reason) for p in info.value.problems] == [
        (
            f"accounts.<column {k}>",
            name,
            "has no name: give it one (and name it in keep=) or leave it out",
        )
        for k, name in [(3, ""), (4, " ")]
    ]


def test_a_csv_read_in_many_blocks_is_read_as_one(tmp_path: Path) -> None:
    """Arrow's CSV reader cuts a file into blocks (1 MB); each column is put in one chunk
    as soon as the file is read; a kept column is read as text, as written."""
    rows = 60_000  # about 2 MB: several blocks
    path = tmp_path / "accounts.csv"
    lines = ["account_id,name,arr,CSM"] + [f"a{k},Acme {k},{k},0{k % 7}" for k in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    book = read_book(path, keep=["CSM"])
    assert book.accounts.id.to_pylist() == [f"a{k}" for k in range(rows)]
    assert book.accounts.arr.tolist() == [float(k) for k in range(rows)]
    kept = book.accounts.kept["CSM"]
    assert kept.type == pa.large_string()
    assert kept.to_pylist() == [f"0{k % 7}" for k in range(rows)]  # not guessed as numbers


def test_a_chunked_text_column_too_long_for_32_bit_offsets_gets_64_bit_ones() -> None:
    """Put in one chunk, a ``string`` column of 2 GiB or more would overflow its offsets."""
    kept = pa.chunked_array([[f"Jo {k}" for k in range(3)], ["Jo 3"]], pa.string())
    table = pa.table({"account_id": ["a", "b", "c", "d"], "arr": [1.0] * 4, "CSM": kept})
    with mock.patch.object(text_module, "_OFFSETS_REACH", 1):  # every column "too long"
        book = Book.from_frames(table, keep=["CSM"])
    assert book.accounts.kept["CSM"].type == pa.large_string()
    assert book.accounts.kept["CSM"].to_pylist() == ["Jo 0", "Jo 1", "Jo 2", "Jo 3"]
    assert Book.from_frames(table, keep=["CSM"]).accounts.kept["CSM"].type == pa.string()


@pytest.mark.polars
@rule("book.ingest")
def test_results_write_to_parquet_and_csv_as_they_are(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    book = Book.from_frames(
        export(**{"ARR (USD)": ["-1", "24000", "6000"]}),
        columns=NAMES,
        keep=["CSM", "Region"],
        errors="mark",
    )
    scored = score_book(book, as_of=EXAMPLE_DAY, errors="mark")
    table = scored.to_arrow()
    assert str(table.schema.field("error").type) == "large_string"
    assert str(table.schema.field("account_id").type) == "string"  # as the export had it
    pq.write_table(table, tmp_path / "scored.parquet")
    pa_csv.write_csv(table, tmp_path / "scored.csv")
    assert pq.read_table(tmp_path / "scored.parquet").num_rows == 3
    polars = scored.to_polars()
    assert str(polars.schema["phase"]) == "Categorical" or "Enum" in str(polars.schema["phase"])
    assert polars.schema["account_id"] == pl.String
    polars.write_parquet(tmp_path / "polars.parquet")
    frame = scored.to_pandas()
    assert str(frame["phase"].dtype) == "category"
    assert isinstance(frame["account_id"].dtype, pd.StringDtype)
    assert frame["error"].isna().tolist() == [False, True, True]


def test_to_frames_refuses_an_unknown_library() -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_accounts(example_accounts()).to_frames("excel")  # type: ignore[arg-type]
    assert info.value.field == "library"


@pytest.mark.parametrize("keep", ["CSM", [3], ["arr"], ["health_x"]])
def test_keep_names_your_own_columns(keep: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(export(), columns=NAMES, keep=keep)
    assert info.value.field == "keep"


# -- One rule, two forms of text: Arrow and NumPy objects agree ------------------------

texts = st.one_of(
    st.none(),
    st.text(
        alphabet=st.sampled_from(["a", "b", " ", "\t", "\u00a0", "\u2003", "é", "\n"]), max_size=4
    ),
)


@settings(max_examples=200)
@given(st.lists(texts, max_size=12))
def test_blank_text_is_judged_alike_in_arrow_and_in_objects(values: list[str | None]) -> None:
    objects = np.array(values, dtype=object)
    assert blank(pa.array(values, pa.large_string())).tolist() == TEXT.off(objects).tolist()
    assert (
        blank(pa.array(values, pa.large_string()).slice(1)).tolist()
        == TEXT.off(objects[1:]).tolist()
    )
    assert blank(pa.array(values, pa.string())).tolist() == [
        not (isinstance(v, str) and v.strip()) for v in values
    ]


def _naive_duplicates(values: list[Any], groups: list[int] | None) -> list[bool]:
    seen: set[Any] = set()
    out = []
    for k, value in enumerate(values):
        key = (value, None if groups is None else groups[k])
        out.append(key in seen)
        seen.add(key)
    return out


ids = st.one_of(st.none(), st.text(alphabet="ab-0", max_size=20))


@settings(max_examples=200)
@given(st.lists(st.tuples(ids, st.integers(0, 3)), max_size=30), st.booleans())
def test_duplicates_are_found_exactly_in_both_forms(
    rows: list[tuple[str | None, int]], grouped: bool
) -> None:
    values = [v for v, _ in rows]
    groups = [g for _, g in rows] if grouped else None
    group = None if groups is None else np.array(groups, dtype=np.intp)
    expected = _naive_duplicates(values, groups)
    assert duplicated(pa.array(values, pa.large_string()), group).tolist() == expected
    assert duplicated(np.array(values, dtype=object), group).tolist() == expected
    # Exact even when every fingerprint collides: candidates are settled on the text.
    alike = lambda column: np.zeros(len(column), dtype=np.uint64)  # noqa: E731
    with mock.patch.object(text_module, "fingerprint", alike):
        found = duplicated(pa.array(values, pa.large_string()), group)
    assert found.tolist() == expected
    # Keys grouped a few rows at a time, and groups too many for the top 24 bits.
    with mock.patch.object(text_module, "_BLOCK", 3):
        found = duplicated(pa.array(values, pa.large_string()), group)
        far = None if group is None else group + 2**24
        assert duplicated(pa.array(values, pa.large_string()), far).tolist() == expected
    assert found.tolist() == expected


@settings(max_examples=300)
@given(
    st.lists(st.lists(ids, max_size=6), max_size=8),
    st.permutations(range(8)),
    st.booleans(),
)
def test_duplicates_in_runs_of_rows_are_found_exactly(
    runs: list[list[str | None]], numbers: list[int], sort_each: bool
) -> None:
    """Rows grouped in runs (a book's records), the ids of a run rising or not, missing
    or repeated: the neighbours' comparison and the sort of the rest find exactly the
    repeats a naive scan finds."""
    if sort_each:  # rising runs (but for missing ids and repeats), as sorted exports
        runs = [sorted(r, key=lambda v: (v is None, v or "")) for r in runs]
    values = [v for r in runs for v in r]
    groups = [numbers[k] - 1 for k, r in enumerate(runs) for _ in r]  # -1: no account
    group = np.array(groups, dtype=np.intp)
    expected = _naive_duplicates(values, groups)
    assert duplicated(pa.array(values, pa.large_string()), group).tolist() == expected


def test_a_missing_id_that_keeps_bytes_is_missing() -> None:
    # Arrow lets a null keep its bytes (if_else, polars' when/then leave them there):
    # it is found as a missing key is, by Arrow's own join, never by its bytes.
    raw = pa.array(["acme", "n/a", "zeta"])
    ids = pc.if_else(pc.not_equal(raw, "n/a"), raw, pa.scalar(None, pa.string()))
    keys = pa.array(["zeta", None, "acme", "n/a"])
    assert positions_in([keys], ids)[0].tolist() == [2, 1, 0, -1]
    assert duplicated(pa.concat_arrays([ids, ids.slice(1, 1)])).tolist() == [0, 0, 0, 1]


def test_duplicates_of_long_ids_differing_only_in_the_middle() -> None:
    values = [f"customer-{k:03d}-commitment-for-the-q3-launch" for k in range(50)] * 2
    found = duplicated(pa.array(values))
    assert found.tolist() == [False] * 50 + [True] * 50
    assert duplicated(np.arange(4) % 2).tolist() == [False, False, True, True]


def test_fingerprints_read_every_byte_of_long_ids() -> None:
    from cs_framework._book.text import fingerprint

    middle = [f"acct-{'x' * k}{c}{'y' * 30}-eu" for k in (3, 11, 19, 27) for c in "ab"]
    huge = ["z" * 2000 + c + "z" * 100 for c in "ab"]
    values = middle + huge
    assert len(set(fingerprint(pa.array(values)).tolist())) == len(values)
    again = fingerprint(pa.array(values + values, pa.string()))
    assert again[: len(values)].tolist() == again[len(values) :].tolist()
    found = duplicated(pa.array(values + values[::-1]))
    assert found.tolist() == [False] * len(values) + [True] * len(values)


@given(st.lists(ids, max_size=10), st.lists(ids, max_size=10, unique=True))
def test_positions_are_found_alike_in_both_forms(keys: list[Any], known: list[Any]) -> None:
    known = [k for k in known if k is not None]
    expected = [known.index(k) if k in known else -1 for k in keys]
    arrow = positions_in([pa.array(keys, pa.string())], pa.array(known, pa.large_string()))
    objects = positions_in([np.array(keys, dtype=object)], np.array(known, dtype=object))
    assert arrow[0].tolist() == objects[0].tolist() == expected
    both = positions_in([pa.array(keys, pa.string()), pa.array(keys[::-1])], pa.array(known))
    assert [p.tolist() for p in both] == [expected, expected[::-1]]
    # Exact even when fingerprints collide, and with ids given twice (the first counts).
    twice = known + known[:2]
    alike = lambda column: np.zeros(len(column), dtype=np.uint64)  # noqa: E731
    for fingerprints in (alike, text_module.fingerprint):
        with mock.patch.object(text_module, "fingerprint", fingerprints):
            found = positions_in([pa.array(keys, pa.string())], pa.array(twice))
            assert found[0].tolist() == expected


# -- The frames path scores as the objects path ----------------------------------------


@rule("book.ingest")
@pytest.mark.parametrize(
    "library", ["arrow", "pandas", pytest.param("polars", marks=pytest.mark.polars)]
)
@settings(max_examples=25)
@given(book=cst.books(max_accounts=6))
def test_a_book_through_its_frames_scores_as_the_book(book: Book, library: str) -> None:
    again = Book.from_frames(**book.to_frames(library))  # type: ignore[arg-type]
    assert again.to_accounts() == book.to_accounts()
    left, right = score_book(book, as_of=EXAMPLE_DAY), score_book(again, as_of=EXAMPLE_DAY)
    for name in left.names:
        a, b = left[name], right[name]
        a = a.to_pylist() if isinstance(a, pa.Array) else a.tolist()
        b = b.to_pylist() if isinstance(b, pa.Array) else b.tolist()
        assert [x if x == x else "nan" for x in a] == [x if x == x else "nan" for x in b], name


# -- Every form a frame's columns come in ------------------------------------------------


class _Stream:
    """Anything that speaks the Arrow PyCapsule stream interface (duckdb, ibis...)."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self.table.__arrow_c_stream__(requested_schema)


def test_chunked_dictionary_and_view_columns_and_any_arrow_source() -> None:
    ids = pa.chunked_array([["a"], ["b"]])
    owners = pa.array(["dana", "lee"]).dictionary_encode()
    names = pa.array(["A", "B"], pa.string_view())
    table = pa.table(
        {"account_id": ids, "arr": [1.0, 2.0], "decision_maker": owners, "name": names}
    )
    for source in (table, table.combine_chunks().to_batches()[0], _Stream(table)):
        accounts = Book.from_frames(source).to_accounts()
        assert [(a.id, a.name, a.decision_maker) for a in accounts] == [
            ("a", "A", "dana"),
            ("b", "B", "lee"),
        ]


def test_pandas_missing_values_in_a_mixed_column_are_missing() -> None:
    accounts = pd.DataFrame(
        {
            "account_id": ["a", "b", "c"],
            "arr": [1.0] * 3,
            "renewal_on": [date(2026, 9, 1), pd.NaT, pd.NA],
        }
    )
    assert [a.renewal_on for a in Book.from_frames(accounts).to_accounts()] == [
        date(2026, 9, 1),
        None,
        None,
    ]


def test_text_columns_in_either_form() -> None:
    from cs_framework._book.text import as_text, pick

    assert as_text(np.array([7, 8])).to_pylist() == ["7", "8"]
    with pytest.raises(InvalidInputError, match="must be a non-empty string"):
        as_text(np.array(["a", 3], dtype=object))
    assert as_text(pa.array(["x", "x"]).dictionary_encode()).to_pylist() == ["x", "x"]
    assert blank(pa.array([1, 2])).tolist() == [True, True]
    assert pick(pa.array(["a", "b"]), np.array([False, True])).to_pylist() == ["b"]
    many = np.array([0, 2**25, 0])  # more groups than fit beside a fingerprint
    assert duplicated(pa.array(["x", "x", "x"]), many).tolist() == [False, False, True]
    cells = np.empty(3, dtype=object)
    cells[:] = [["c1"], ["c1"], "c2"]
    assert duplicated(cells).tolist() == [False, True, False]


def test_threads_give_the_same_book_and_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    from cs_framework._book import parallel

    bad = export(**{"ARR (USD)": ["-1", "24000", "x"], "Setup done": ["Yes", "maybe", None]})
    frames = Book.from_accounts(example_accounts()).to_frames()
    alone = Book.from_frames(bad, columns=NAMES, keep=["CSM", "Region"], errors="mark")
    books = Book.from_frames(**frames)
    monkeypatch.setattr(parallel, "WORTH_THREADS", 0)
    assert (
        Book.from_frames(bad, columns=NAMES, keep=["CSM", "Region"], errors="mark").marks
        == alone.marks
    )
    threaded = Book.from_frames(**frames)
    assert threaded.to_accounts() == books.to_accounts()


@rule("book.ingest")
def test_three_csv_exports_with_their_own_names_in_one_call(tmp_path: Path) -> None:
    """The data scientist's afternoon: three exports, their own names, text dates,
    Yes/No flags, an empty boolean, an extra column; every bad row listed at once."""
    (tmp_path / "accounts.csv").write_text(
        "Account ID,Account,ARR,CSM,Renewal date,Setup done\n"
        "A-001,Acme,180000,dana,2027-02-01,Yes\n"
        "A-002,Globex,24000,lee,2026-08-15,No\n"
        "A-003,Initech,six thousand,dana,,\n",
        encoding="utf-8",
    )
    (tmp_path / "commitments.csv").write_text(
        "Account ID,Commitment,What,Owner,Made,Due,Delivered\n"
        "A-001,C1,SSO rollout,dana,2026-05-01,2026-05-15,2026-05-14\n"
        "A-002,C2,Data migration,sam,2026-04-01,2026-03-01,\n",
        encoding="utf-8",
    )
    (tmp_path / "outcomes.csv").write_text(
        "Account ID,Outcome,What,Metric,Baseline,Target,Now,Documented,Acknowledged\n"
        "A-001,O1,Cut triage time,minutes,30,10,12,yes,yes\n",
        encoding="utf-8",
    )
    columns = {
        "accounts": {
            "Account ID": "account_id",
            "Account": "name",
            "ARR": "arr",
            "Renewal date": "renewal_on",
            "Setup done": "setup_complete",
        },
        "commitments": {
            "Account ID": "account_id",
            "Commitment": "commitment_id",
            "What": "description",
            "Owner": "owner",
            "Made": "made_on",
            "Due": "due",
            "Delivered": "kept_on",
        },
        "outcomes": {
            "Account ID": "account_id",
            "Outcome": "outcome_id",
            "What": "description",
            "Metric": "metric",
            "Baseline": "baseline",
            "Target": "target",
            "Now": "current",
            "Documented": "documented",
            "Acknowledged": "acknowledged",
        },
    }
    paths = [tmp_path / f"{t}.csv" for t in ("accounts", "commitments", "outcomes")]
    got = problems_of(lambda: read_book(*paths, columns=columns, keep=["CSM"]))
    assert got == [
        ("A-002", "commitments['C2'].due", date(2026, 3, 1), 1),
        ("A-003", "arr", "six thousand", 2),
        ("A-003", "setup_complete", None, 2),
    ]
    book = read_book(*paths, columns=columns, keep=["CSM"], errors="mark")
    scored = score_book(book, as_of=date(2026, 6, 30), errors="mark")
    rows = scored.to_arrow().select(["account_id", "CSM", "phase", "error"]).to_pylist()
    assert [(r["account_id"], r["CSM"], r["error"] is None) for r in rows] == [
        ("A-001", "dana", True),
        ("A-002", "lee", False),
        ("A-003", "dana", False),
    ]


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "accounts.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_in_a_csv_only_an_empty_cell_is_missing(tmp_path: Path) -> None:
    """Arrow's own list of missing values (NA, NULL, NaN, n/a...) once turned an id "NA"
    into a missing id, and an owner "N/A" or a score "NaN" into nothing, unseen."""
    path = _csv(tmp_path, "account_id,arr,credibility,decision_maker\nNA,1,NaN,N/A\nb,2,,\n")
    with pytest.raises(InvalidInputError) as info:
        read_book(path)
    assert [(p.account_id, p.field, p.reason) for p in info.value.problems] == [
        ("NA", "credibility", "must be a finite number in [1, 10]")
    ]
    book = read_book(path, errors="mark")
    assert book.accounts.id.to_pylist() == ["NA", "b"]
    assert book.accounts.decision_maker.to_pylist() == ["N/A", None]


def test_a_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    """With it, account_id was not known as a text column: 00123 was read as 123."""
    path = _csv(tmp_path, "\ufeffaccount_id,arr\r\n00123,100\r\n")
    assert read_book(path).accounts.id.to_pylist() == ["00123"]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["2026-11-25T00:00:00Z"] * 2, "must be a date, written YYYY-MM-DD"),
        (["46351", "46352"], "must be a date, written YYYY-MM-DD"),  # spreadsheet serials
        (["2026-11-25 10:00", "2026-11-26 00:00"], "carries a time of day: give a date"),
    ],
)
def test_a_csv_column_is_read_by_its_kind_never_guessed(
    tmp_path: Path, cells: list[str], reason: str
) -> None:
    """Arrow once guessed such a column as time-zone-aware timestamps or as numbers: a
    problem of the whole column, that errors="mark" could not hold, with no row."""
    path = _csv(
        tmp_path,
        "account_id,arr,renewal_on\n" + "".join(f"a{k},1,{cell}\n" for k, cell in enumerate(cells)),
    )
    book = read_book(path, errors="mark")
    assert len(book) == len(cells)
    marks = [(k, p.field, p.value, p.reason) for k, p in book.marks or ()]
    assert marks[0] == (0, "renewal_on", cells[0], reason)


def test_a_csv_not_in_utf8_is_refused_wherever_the_byte_is(tmp_path: Path) -> None:
    """Far down a kept column, a Latin-1 byte once passed as a binary column."""
    rows = "".join(f"a{k},1,Lisboa\n" for k in range(20_000))
    for last in ("z,1,São Paulo\n", "z,1é,Lisboa\n"):  # in a kept column, in a number
        path = _csv(tmp_path, "account_id,arr,Region\n" + rows + last, "latin-1")
        with pytest.raises(InvalidInputError) as info:
            read_book(path, keep=["Region"])
        assert "not UTF-8 text" in str(info.value)
    early = _csv(tmp_path, "account_id,arr,Região\n", "latin-1")
    with pytest.raises(InvalidInputError, match="not UTF-8 text"):
        read_book(early)


_CELLS = {
    "renewal_on": [
        "2026-11-25",
        "2026-11-25 00:00:00",
        "2026-11-25T09:30",
        "25/11/2026",
        "",
        "0000-01-01",
    ],
    "arr": ["5", "1e3", "-1", "NaN", "1,200", "", "inf", "1e999", "Infinity"],
    "setup_complete": ["true", "FALSE", "yes", "1", "1.0", ""],
    "licensed_users": ["3", "3.0", "-2", "x", ""],
}


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries({c: st.sampled_from(v) for c, v in _CELLS.items()}),
        min_size=1,
        max_size=5,
    )
)
def test_a_csv_reads_each_cell_as_a_frame_of_text_does(rows: list[dict[str, str]]) -> None:
    """Whatever its neighbours: each CSV cell is accepted or refused, for the same reason,
    as the same text in a frame is (the CSV once went by what Arrow guessed)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "accounts.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)  # ("1,200" quoted)
            writer.writerow(["account_id", *_CELLS])
            writer.writerows([f"a{k}", *(row[c] for c in _CELLS)] for k, row in enumerate(rows))
        from_csv = read_book(path, errors="mark")
    text = {c: pa.array([row[c] or None for row in rows], pa.large_string()) for c in _CELLS}
    from_frame = Book.from_frames(
        pa.table({"account_id": [f"a{k}" for k in range(len(rows))], **text}), errors="mark"
    )

    def seen(book: Book) -> list[tuple[int, str, str]]:
        return sorted((k, p.field, p.reason) for k, p in book.marks or ())

    assert seen(from_csv) == seen(from_frame)
    good = [k for k in range(len(rows)) if k not in {k for k, _, _ in seen(from_csv)}]
    for name in ("arr", "licensed_users", "renewal_on"):
        assert np.array_equal(
            getattr(from_csv.accounts, name)[good],
            getattr(from_frame.accounts, name)[good],
            equal_nan=True,
        )


@pytest.mark.polars
def test_a_polars_column_arrow_cannot_take_is_refused_by_name() -> None:
    """Int128 once escaped as Arrow's 'unsupported format string'."""
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"account_id": ["a"], "arr": [1]}, schema_overrides={"arr": pl.Int128})
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(frame)
    assert [(p.field, p.value) for p in info.value.problems] == [("accounts.arr", "Int128")]


@pytest.mark.polars
def test_a_polars_object_column_is_read_cell_by_cell_as_a_pandas_one() -> None:
    """It once arrived as eight bytes of a pointer per cell."""
    pl = pytest.importorskip("polars")
    cells = [np.int64(5), "7", [1]]
    frames = [
        pl.DataFrame(
            {
                "account_id": ["a", "b", "c"],
                "arr": [1.0] * 3,
                "credibility": pl.Series(cells, dtype=pl.Object),
            }
        ),
        pd.DataFrame(
            {
                "account_id": ["a", "b", "c"],
                "arr": [1.0] * 3,
                "credibility": pd.Series(cells, dtype=object),
            }
        ),
    ]
    for frame in frames:
        book = Book.from_frames(frame, errors="mark")
        assert book.accounts.credibility[:2].tolist() == [5.0, 7.0]
        assert [(k, p.field, p.value) for k, p in book.marks or ()] == [(2, "credibility", [1])]
        assert Book.from_frames(frame[:2]).accounts.credibility.tolist() == [5.0, 7.0]


@pytest.mark.polars
def test_a_polars_frame_arrow_cannot_take_though_each_column_it_can_is_refused() -> None:
    pl = pytest.importorskip("polars")
    with pytest.raises(InvalidInputError) as info:
        sources_module._refuse_columns(pl.DataFrame({"a": [1]}), "accounts", ValueError("no"))
    assert [(p.field, p.value, p.reason) for p in info.value.problems] == [
        ("accounts", "DataFrame", "no")
    ]


def test_numpy_scalars_in_a_pandas_object_column_are_read_as_their_values() -> None:
    """np.int64, np.bool_ and np.datetime64 cells were refused, valid as they were."""
    frame = pd.DataFrame(
        {
            "account_id": pd.Series([np.int64(7), "b"], dtype=object),
            "arr": [1.0, 2.0],
            "setup_complete": pd.Series([np.bool_(True), "no"], dtype=object),
            "renewal_on": pd.Series(
                [np.datetime64("2026-11-25T00:00", "ns"), "2026-11-26"], dtype=object
            ),
            "started_on": pd.Series([np.datetime64("NaT"), "2026-01-02"], dtype=object),
        }
    )
    book = Book.from_frames(frame)
    first, second = book.to_accounts()
    assert (first.id, first.setup_complete, first.renewal_on, first.started_on) == (
        "7",
        True,
        date(2026, 11, 25),
        None,
    )
    assert (second.setup_complete, second.renewal_on) == (False, date(2026, 11, 26))


def test_each_bad_cell_is_one_problem() -> None:
    """A cell was once reported twice: as what it held and as missing (a list in an
    object column), as beyond 2**53 and as not whole, or as a bad id and again as the
    name the id stands for when no name column is given."""
    frame = pd.DataFrame(
        {
            "account_id": ["a", " ", "c"],
            "arr": [1.0] * 3,
            "setup_complete": pd.Series([[1], "yes", "no"], dtype=object),
            "licensed_users": pa.array([1, 1, 2**60]).to_pandas(),
        }
    )
    problems = problems_of(lambda: Book.from_frames(frame))
    cells = [(row, field) for _, field, _, row in problems]
    assert len(cells) == len(set(cells))
    assert {(1, "id"), (0, "setup_complete"), (2, "licensed_users")} <= set(cells)
    assert "name" not in {field for _, field in cells}


@pytest.mark.parametrize("whole", [2**53 - 1, 2**53, 2**53 + 1, -(2**53) - 1, 2**62])
def test_a_count_beyond_2_53_is_refused_however_it_comes(tmp_path: Path, whole: int) -> None:
    """Written as text (in a frame, or in a CSV), a count was read as the float nearest
    it: 2**53 + 1 as 2**53, accepted; as int64 it was refused. An ARR that large is its
    nearest float on every path, as in the constructors (int64 once refused it)."""
    path = tmp_path / "accounts.csv"
    path.write_text(f"account_id,arr,teams\na,{whole},{whole}\nb,1,1\n", encoding="utf-8")
    ways = [
        lambda: read_book(path, errors="mark"),
        lambda: Book.from_frames(
            pa.table(
                {"account_id": ["a", "b"], "arr": [str(whole), "1"], "teams": [str(whole), "1"]}
            ),
            errors="mark",
        ),
        lambda: Book.from_frames(
            pa.table({"account_id": ["a", "b"], "arr": [whole, 1], "teams": [whole, 1]}),
            errors="mark",
        ),
    ]
    for way in ways:
        marks = [(p.field, p.reason) for _, p in way().marks or ()]
        beyond = [(f, r) for f, r in marks if r.endswith("beyond 2**53, not exact")]
        assert [f for f, _ in beyond] == ([] if abs(whole) <= 2**53 else ["teams"])
        assert "arr" not in [f for f, _ in marks] or whole < 0


def test_a_csv_cell_not_of_its_kind_sends_only_its_column_to_text(tmp_path: Path) -> None:
    """Once every column was read again as text, and each cell of every one read as
    text by the loader: one bad count made a clean file four times slower to load."""
    lines = ["account_id,arr,credibility,renewal_on"] + [
        f"a{k},1,{'x' if k == 5 else 3},2026-01-0{k % 9 + 1}" for k in range(50)
    ]
    path = _csv(tmp_path, "\n".join(lines) + "\n")
    table = sources_module._read_csv(path, "accounts", csv_types("accounts", {}, ()), ",")
    kinds = {field.name: str(field.type) for field in table.schema}
    assert kinds == {
        "account_id": "large_string",
        "arr": "double",
        "credibility": "large_string",
        "renewal_on": "date32[day]",
    }
    with pytest.raises(InvalidInputError) as info:
        read_book(path)
    assert [(p.row, p.field, p.value) for p in info.value.problems] == [(5, "credibility", "x")]
    # Beyond a few such columns, all are read as text at once (the same cells refused).
    many = ["account_id,arr,credibility,intimacy,self_orientation,started_on,renewal_on"]
    path = _csv(tmp_path, "\n".join([*many, "a,x,x,x,x,x,x", "b,1,5,5,5,,"]) + "\n")
    table = sources_module._read_csv(path, "accounts", csv_types("accounts", {}, ()), ",")
    assert {str(field.type) for field in table.schema} == {"large_string"}
    fields = [p.field for p in problems_of_book(lambda: read_book(path))]
    assert fields == [
        "arr",
        "credibility",
        "intimacy",
        "self_orientation",
        "renewal_on",
        "started_on",
    ]


def problems_of_book(call: Any) -> list[Any]:
    with pytest.raises(InvalidInputError) as info:
        call()
    return sorted(info.value.problems, key=lambda p: (p.row, p.field != "arr"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('"account_id,arr\n' + "a,1\n" * 40_000, "could not be read: the column names:"),
        ('"account_id;arr\na;1\n', "could not be read"),  # not "as if separated by ';'"
    ],
)
def test_a_csv_header_left_open_is_refused_as_unreadable(
    tmp_path: Path, text: str, reason: str
) -> None:
    """A quote never closed made the header one huge field: a bare csv.Error escaped."""
    with pytest.raises(InvalidInputError) as info:
        read_book(_csv(tmp_path, text))
    assert info.value.problems[0].reason.startswith(reason)
    assert "separated" not in str(info.value)


def test_columns_with_no_name_in_a_pandas_frame_are_refused_by_place() -> None:
    frame = pd.DataFrame([["a", 1.0, 1, 2]], columns=["account_id", "arr", "", ""])
    assert [p.field for p in problems_of_book(lambda: Book.from_frames(frame))] == [
        "accounts.<column 3>",
        "accounts.<column 4>",
    ]


def test_a_numpy_date_python_cannot_hold_is_refused_as_given() -> None:
    """Its item() is a bare int: it was read as the text of that number."""
    cells = pd.Series([np.datetime64("10000-01-01"), "2026-01-02"], dtype=object)
    frame = pd.DataFrame({"account_id": ["a", "b"], "arr": [1.0, 1.0], "renewal_on": cells})
    (problem,) = problems_of_book(lambda: Book.from_frames(frame))
    assert (problem.row, problem.field, problem.value) == (
        0,
        "renewal_on",
        np.datetime64("10000-01-01"),
    )


_COUNTS = [
    "licensed_users", "weekly_active_users", "core_workflows",
    "core_workflows_used", "teams", "teams_using",
]  # fmt: skip


@pytest.mark.parametrize(
    "cell",
    [
        "9007199254740993.0",
        "9.007199254740993e15",
        pa.array([Decimal(2**53 + 1)], pa.decimal128(20, 0)),
    ],
)
def test_a_count_beyond_2_53_is_refused_however_it_is_written(cell: Any) -> None:
    """A decimal column, or text with a point or an exponent, passed as the float nearest."""
    table = pa.table({"account_id": ["a"], "arr": ["1"], **{c: ["5"] for c in _COUNTS}})
    table = table.set_column(
        table.schema.get_field_index("teams"),
        "teams",
        pa.array([cell]) if isinstance(cell, str) else cell,
    )
    (problem,) = problems_of_book(lambda: Book.from_frames(table))
    assert (problem.field, problem.reason.endswith("beyond 2**53, not exact")) == ("teams", True)
    exact = table.set_column(
        table.schema.get_field_index("teams"), "teams", pa.array(["9007199254740992.0"])
    )
    assert Book.from_frames(exact).accounts.teams.tolist() == [2**53]


@pytest.mark.parametrize("bad", ["teams", "licensed_users"])
def test_an_odd_cell_in_an_adoption_count_is_one_problem(bad: str) -> None:
    """It was also 'missing' to the all-or-none rule: five good cells were blamed."""
    columns: dict[str, Any] = {"account_id": ["a", "b"], "arr": [1.0, 1.0]}
    columns |= {c: [5, 5] for c in _COUNTS}
    columns[bad] = pd.Series([[1], 5], dtype=object)
    (problem,) = problems_of_book(lambda: Book.from_frames(pd.DataFrame(columns)))
    assert (problem.row, problem.field, problem.value) == (0, bad, [1])


def test_a_time_that_is_no_time_is_not_a_time_of_day() -> None:
    table = pa.table({"account_id": ["a"], "arr": [1.0], "renewal_on": ["2026-11-25 25:99"]})
    (problem,) = problems_of_book(lambda: Book.from_frames(table))
    assert problem.reason == "must be a date, written YYYY-MM-DD"


def test_a_number_too_large_for_a_float_is_refused_as_written() -> None:
    """'1e999' was shown as inf."""
    table = pa.table({"account_id": ["a", "b"], "arr": ["1e999", "-1e999"]})
    problems = problems_of_book(lambda: Book.from_frames(table))
    assert [(p.row, p.value, p.reason) for p in problems] == [
        (0, "1e999", "must be a finite number >= 0"),
        (1, "-1e999", "must be a finite number >= 0"),
    ]


def test_a_table_s_own_renames_must_name_its_columns() -> None:
    """A misspelt name in columns={"accounts": {...}} renamed nothing, silently; a flat
    mapping (for every table) may name columns of tables not given."""
    table = pa.table({"account_id": ["a"], "arr": [1.0], "Renewal": ["2026-01-01"]})
    misspelt = {"accounts": {"Renewl": "renewal_on"}}
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(table, columns=misspelt)
    first = info.value.problems[0]
    assert (first.field, first.value) == ("columns['accounts']", "Renewl")
    assert first.reason.endswith("did you mean 'Renewal'?")
    flat = {"Renewal": "renewal_on", "Due": "due"}  # Due: a commitments column
    assert Book.from_frames(table, columns=flat).to_accounts()[0].renewal_on == date(2026, 1, 1)


def test_a_csv_cell_no_frame_text_would_be_is_shown_as_written(tmp_path: Path) -> None:
    """Arrow's reader takes inf, NaN and 1e999 as floats and 0000-01-01 as a date: they
    were shown as inf, nan and a day count; and a blank line before the names once
    left every column to Arrow's guess (00123 read as 123)."""
    path = _csv(tmp_path, "\naccount_id,arr,renewal_on\n00123,1e999,0000-01-01\nb,Infinity,\n")
    problems = problems_of_book(lambda: read_book(path))
    assert [(p.account_id, p.field, p.value) for p in problems] == [
        ("00123", "arr", "1e999"),
        ("00123", "renewal_on", "0000-01-01"),
        ("b", "arr", "Infinity"),
    ]


@pytest.mark.parametrize(
    "cell",
    [np.datetime64(2**62, "D"), np.datetime64(-(2**50), "D"), np.datetime64("10000-01-01")],
)
def test_a_numpy_date_beyond_the_years_of_dates_is_refused_never_wrapped(cell: Any) -> None:
    """Converted to microseconds first, 2**62 days wrapped round to 1970-01-01, unseen."""
    cells = pd.Series([cell, "2026-01-02"], dtype=object)
    frame = pd.DataFrame({"account_id": ["a", "b"], "arr": [1.0, 1.0], "renewal_on": cells})
    (problem,) = problems_of_book(lambda: Book.from_frames(frame))
    assert (problem.row, problem.field, problem.value) == (0, "renewal_on", cell)


def test_an_object_column_of_numpy_days_is_read() -> None:
    """It escaped as a TypeError from Arrow."""
    cells = pd.Series([np.datetime64("2026-01-01", "D")], dtype=object)
    frame = pd.DataFrame({"account_id": ["a"], "arr": [1.0], "renewal_on": cells})
    assert Book.from_frames(frame).to_accounts()[0].renewal_on == date(2026, 1, 1)


def test_a_count_too_large_for_any_number_is_refused_not_an_overflow() -> None:
    """Decimal's context overflowed (a bare decimal.Overflow) on 1e9999999."""
    table = pa.table({"account_id": ["a"], "arr": ["1"], **{c: ["5"] for c in _COUNTS}})
    table = table.set_column(
        table.schema.get_field_index("teams_using"), "teams_using", pa.array(["1e9999999"])
    )
    marks = Book.from_frames(table, errors="mark").marks or ()
    assert [(p.field, p.value) for _, p in marks] == [("teams_using", "1e9999999")]


def test_an_empty_pandas_frame_names_each_column_with_no_name() -> None:
    frame = pd.DataFrame(columns=["account_id", "arr", "", ""])
    assert [p.field for p in problems_of_book(lambda: Book.from_frames(frame))] == [
        "accounts.<column 3>",
        "accounts.<column 4>",
    ]
