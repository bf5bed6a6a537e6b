"""Books and scored books kept and read back: JSON (to_json/from_json), a Parquet folder
(Book.write_parquet/read_book), a scored table (ScoredBook.to_arrow/from_arrow) - the
same scores after the round trip, and every bad stored form refused by name."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import (
    Book,
    InvalidInputError,
    Policy,
    Scorecard,
    ScoredBook,
    from_json,
    read_book,
    score_book,
    to_json,
)
from cs_framework import strategies as cst
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.synthetic import make_book

NEW_YORK = ZoneInfo("America/New_York")


def rows(scored: ScoredBook) -> list[dict[str, Any]]:
    """The rows, NaN made comparable."""
    return [
        {k: "NaN" if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for row in scored.rows()
    ]


def scores(book: Book, policy: Policy | None = None) -> list[dict[str, Any]]:
    return rows(score_book(book, as_of=EXAMPLE_DAY, policy=policy, errors="mark"))


@settings(max_examples=25, deadline=None)
@given(book=cst.books(max_accounts=6), folder_name=st.sampled_from(["a", "b"]))
def test_a_book_reads_back_from_json_and_from_parquet_to_the_same_scores(
    book: Book, folder_name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from_text = from_json(to_json(book), Book)
    folder = tmp_path_factory.mktemp(folder_name)
    book.write_parquet(folder)
    from_folder = read_book(folder)
    assert from_text.to_accounts() == from_folder.to_accounts() == book.to_accounts()
    assert scores(from_text) == scores(from_folder) == scores(book)


def test_kept_columns_own_components_and_what_was_never_given_come_back(
    tmp_path: Path,
) -> None:
    policy = Policy(scorecard=Scorecard(weights={"adoption": 1.0, "nps": 1.0}))
    accounts = pa.table(
        {
            "account_id": ["a", "b"],
            "arr": [1000.0, 2000.0],
            "csm": ["dana", "lee"],
            "health_adoption": [80.0, 30.0],
            "health_nps": [60.0, None],
        }
    )
    book = Book.from_frames(accounts, keep=["csm"], policy=policy)
    assert "outcomes" in book.not_given
    book.write_parquet(tmp_path)
    for again in (from_json(to_json(book), Book), read_book(tmp_path)):
        assert list(again.accounts.kept) == ["csm"]
        assert list(again.accounts.health) == ["adoption", "nps"]
        assert again.not_given == book.not_given
        assert scores(again, policy) == scores(book, policy)
    kept = score_book(read_book(tmp_path), as_of=EXAMPLE_DAY, policy=policy)["csm"]
    assert kept.to_pylist() == ["dana", "lee"]


@pytest.mark.parametrize(
    "kind", [pa.date32(), pa.timestamp("us", tz="+05:30"), pa.timestamp("ns"), pa.date64()], ids=str
)
@pytest.mark.parametrize("first", [datetime(2026, 1, 1, 12), None], ids=["given", "none given"])
def test_kept_dates_and_times_come_back_from_json_as_they_were(
    kind: pa.DataType, first: datetime | None
) -> None:
    """JSON writes them as ISO text; the document says their type, so they are not text
    (nor, when none is given, a column of no type)."""
    signed = pa.array([first, None], pa.timestamp("us")).cast(kind)
    accounts = pa.table({"account_id": ["a", "b"], "arr": [1.0, 2.0], "signed": signed})
    book = Book.from_frames(accounts, keep=["signed"])
    assert from_json(to_json(book), Book).accounts.kept["signed"].equals(signed)
    scored = score_book(book, as_of=EXAMPLE_DAY)
    assert from_json(to_json(scored), ScoredBook)["signed"].equals(signed)


def test_a_book_with_marked_rows_is_not_kept_so_its_refusals_are_not_lost(
    tmp_path: Path,
) -> None:
    """Found by review: the refused values were written as nulls and read back as good."""
    accounts = pa.table({"account_id": ["a", "b"], "arr": [1000.0, -5.0]})
    book = Book.from_frames(accounts, errors="mark")
    for keep in (lambda: to_json(book), lambda: book.write_parquet(tmp_path)):
        with pytest.raises(InvalidInputError, match="a book with marked rows cannot be kept"):
            keep()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_folders_book_as_it_was(tmp_path: Path) -> None:
    """Found by review: a table Parquet cannot hold destroyed the book already there."""
    Book.from_accounts(example_accounts()).write_parquet(tmp_path)
    before = sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir())
    odd = pa.table(
        {
            "account_id": ["a"],
            "arr": [1.0],
            "span": pa.array([(1, 2, 3)], pa.month_day_nano_interval()),
        }
    )
    with pytest.raises(InvalidInputError, match="could not be written"):
        Book.from_frames(odd, keep=["span"]).write_parquet(tmp_path)
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir()) == before


def test_keep_may_not_name_a_result_column() -> None:
    accounts = pa.table({"account_id": ["a"], "arr": [1.0], "phase": ["onboarding"]})
    for name in ("phase", "points_adoption", "first_reason"):
        with pytest.raises(InvalidInputError, match="is the name of a result column"):
            Book.from_frames(accounts, keep=[name])


def test_a_large_synthetic_book_round_trips_through_a_folder(tmp_path: Path) -> None:
    book = make_book(3000, seed=11)
    book.write_parquet(tmp_path / "book")
    assert scores(read_book(tmp_path / "book")) == scores(book)


@pytest.mark.parametrize("zone", [NEW_YORK, ZoneInfo("UTC")], ids=str)
def test_a_scored_book_reads_back_from_parquet_and_json(zone: ZoneInfo) -> None:
    accounts = pa.table({"account_id": ["a", "b", "c"], "arr": [1000.0, -5.0, 10.0]})
    book = Book.from_frames(accounts, errors="mark")
    for scored in (
        score_book(
            book, as_of=EXAMPLE_DAY, errors="mark", scored_at=datetime(2026, 6, 30, 9, tzinfo=zone)
        ),
        score_book(make_book(500, seed=2), as_of=EXAMPLE_DAY),
    ):
        sink = io.BytesIO()
        pq.write_table(scored.to_arrow(), sink)
        for again in (
            ScoredBook.from_arrow(pq.read_table(sink)),
            from_json(to_json(scored), ScoredBook),
        ):
            assert again.scored_at == scored.scored_at
            assert again.scored_at.tzinfo == scored.scored_at.tzinfo
            assert again.segment_names == scored.segment_names
            assert rows(again) == rows(scored)
            assert again.summary().by_band_segment_phase == scored.summary().by_band_segment_phase


def test_an_empty_book_and_its_scores_round_trip() -> None:
    book = Book.from_accounts([])
    again = from_json(to_json(book), Book)
    assert len(again) == 0
    scored = score_book(book, as_of=EXAMPLE_DAY)
    assert len(from_json(to_json(scored), ScoredBook)) == 0
    assert len(ScoredBook.from_arrow(scored.to_arrow())) == 0


SCORED = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY).to_arrow()


def _with(name: str, values: pa.Array) -> pa.Table:
    return SCORED.set_column(SCORED.schema.get_field_index(name), name, values)


@pytest.mark.parametrize(
    ("table", "field", "value", "reason"),
    [
        (
            _with("phase", pa.array(["TRUST", "GROWN", None])),
            "phase",
            "GROWN",
            "must be one of TRUST, PROVE, GROW",
        ),
        (
            _with("health", pa.array([50.0, 101.0, None])),
            "health",
            101.0,
            "must be a finite number in [0, 100], or NaN",
        ),
        (
            _with("health_band", pa.array(["RED", None, "GREEN"])),
            "health_band",
            None,
            "must not be missing",
        ),
        (
            _with("segment", pa.array(["Gold", None, None])),
            "segment",
            "Gold",
            "must be one of Digital, Scaled, High touch",
        ),
        (
            _with("renewal_at_risk", pa.array([1, 0, 1])),
            "renewal_at_risk",
            1,
            "must hold true/false; the column holds int64",
        ),
        (
            _with("escalation_due", pa.array([None, None, None], pa.timestamp("us"))),
            "escalation_due",
            None,
            "must hold time-zone-aware timestamps",
        ),
        (
            _with("arr", pa.array(["1", "2", "3"])),
            "arr",
            "1",
            "must hold numbers; the column holds string",
        ),
        (
            _with("account_id", pa.array(["a", None, "c"])),
            "account_id",
            None,
            "must not be missing",
        ),
        (_with("error", pa.array([1, 2, 3])), "error", 1, "must hold text"),
        (SCORED.drop_columns(["stage"]), "columns", "stage", "a scored book's columns are"),
        (
            SCORED.rename_columns(
                [*SCORED.column_names[:-2], "warning", "error"]
            ).replace_schema_metadata(SCORED.schema.metadata),
            "columns",
            "warning",
            "a scored book's columns are",
        ),
        (_with("account_id", pa.array([1, 2, 3])), "account_id", 1, "must hold text"),
        (_with("stage", pa.array([1, 2, 3])), "stage", 1, "must hold names (SETUP"),
        (
            SCORED.select([1, 0, *range(2, SCORED.num_columns)]),
            "columns",
            "arr",
            "a scored book's columns are",
        ),
        (SCORED.replace_schema_metadata({}), "scored_at", None, "must be given"),
        (
            SCORED.replace_schema_metadata(
                {b"cs_framework.scored_at": b"x", b"cs_framework.segments": b"[]"}
            ),
            "metadata",
            b"x",
            "is not the metadata",
        ),
        (
            SCORED.replace_schema_metadata(
                {
                    b"cs_framework.scored_at": b"2026-06-30T00:00:00+00:00",
                    b"cs_framework.segments": b"[1]",
                }
            ),
            "metadata",
            [1],
            "is not the metadata",
        ),
    ],
)
def test_a_table_that_is_not_a_scored_book_is_refused_by_name(
    table: pa.Table, field: str, value: Any, reason: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        ScoredBook.from_arrow(table)
    problem = info.value.problems[0]
    assert (problem.field, problem.value) == (field, value)
    assert problem.reason.startswith(reason)


def test_kept_columns_and_empty_columns_read_back() -> None:
    accounts = pa.table({"account_id": ["a", "b"], "arr": [1.0, 2.0], "csm": ["dana", None]})
    scored = score_book(Book.from_frames(accounts, keep=["csm"]), as_of=EXAMPLE_DAY)
    again = ScoredBook.from_arrow(scored.to_arrow())
    assert again.names == scored.names
    assert again["csm"].to_pylist() == ["dana", None]
    table = scored.to_arrow()
    due = table.schema.get_field_index("escalation_due")
    no_due = ScoredBook.from_arrow(table.set_column(due, "escalation_due", pa.nulls(2)))
    assert np.isnat(no_due["escalation_due"]).all()


def test_given_scoring_time_and_tiers_stand_in_for_lost_metadata() -> None:
    bare = SCORED.replace_schema_metadata({})
    when = datetime(2026, 6, 30, tzinfo=NEW_YORK)
    with pytest.raises(InvalidInputError, match="segment_names=None: must be given"):
        ScoredBook.from_arrow(bare, scored_at=when)
    again = ScoredBook.from_arrow(
        bare, scored_at=when, segment_names=("Digital", "Scaled", "High touch")
    )
    assert again.scored_at == when
    with pytest.raises(InvalidInputError, match=r"scored_at=.*time-zone-aware"):
        ScoredBook.from_arrow(bare, scored_at=datetime(2026, 6, 30), segment_names=())
    with pytest.raises(InvalidInputError, match="table='dict': must be a pyarrow Table"):
        ScoredBook.from_arrow({})  # type: ignore[arg-type]
    zone_lost = SCORED.replace_schema_metadata(
        {**SCORED.schema.metadata, b"cs_framework.zone": b"Mars/Olympus"}
    )
    assert ScoredBook.from_arrow(zone_lost).scored_at == datetime(2026, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("[1]", "$", "a book is an object with an 'accounts' table"),
        ('{"accounts": {}, "colour": 1}', "$.colour", "unknown key: a book holds"),
        ('{"accounts": [1]}', "$.accounts", "must map column names to lists of values"),
        ('{"accounts": {"arr": 5}}', "$.accounts.arr", "must be a list of values"),
        ('{"accounts": {"arr": [1, "x"]}}', "$.accounts.arr", "must hold values of one kind"),
        (
            '{"accounts": {"account_id": ["a"], "arr": []}}',
            "$.accounts",
            "its columns must be lists of the same length",
        ),
        (
            '{"accounts": {"account_id": ["a"], "arr": [1]}, "keep": "csm"}',
            "$.keep",
            "must be a list of names",
        ),
        (
            '{"accounts": {"account_id": ["a"], "arr": [-1]}}',
            "$.arr",
            "must be a finite number >= 0",
        ),
        ('{"scored_at": 1}', "$", "a scored book is an object of"),
        ('{"accounts": {"account_id": ["a"]}, "types": []}', "$.types", "must map column"),
        (
            '{"accounts": {"account_id": ["a"]}, "types": {"account_id": "int64"}}',
            "$.types.account_id",
            "must name a column of accounts and a date or timestamp type",
        ),
        (
            '{"accounts": {"account_id": ["a"]}, "types": {"x": "date32[day]"}}',
            "$.types.x",
            "must name a column of accounts",
        ),
        (
            '{"accounts": {"account_id": ["a"], "x": [1]}, "types": {"x": "date32[day]"}}',
            "$.accounts.x",
            "must hold ISO 8601 text of date32[day]",
        ),
        (
            '{"accounts": {"account_id": ["a"], "x": ["noon"]}, "types": {"x": "timestamp[s]"}}',
            "$.accounts.x",
            "must hold ISO 8601 text of timestamp[s]",
        ),
        (
            '{"accounts": {"account_id": ["a"], "arr": [1], "x": ["2026-01-01T00:00:00+00:00"]},'
            ' "keep": ["x"], "types": {"x": "timestamp[s, tz=Mars/Olympus]"}}',
            "$.accounts.x",
            "a time zone Python does not know",
        ),
    ],
)
def test_json_that_is_not_a_book_is_refused_by_path(text: str, field: str, reason: str) -> None:
    cls = ScoredBook if "scored_at" in text else Book
    with pytest.raises(InvalidInputError) as info:
        from_json(text, cls)
    problem = info.value.problems[0]
    assert problem.field == field
    assert problem.reason.startswith(reason)


def test_json_that_is_not_a_scored_book_is_refused_by_path() -> None:
    good = {"scored_at": "2026-06-30T00:00:00+00:00", "segment_names": [], "columns": {}}
    for change, field in (
        ({"scored_at": "noon"}, "$.scored_at"),
        ({"segment_names": [1]}, "$.segment_names"),
        ({"columns": {"escalation_due": ["soon"]}}, "$.columns.escalation_due"),
        ({"columns": {}}, "$.columns"),
        ({"zone": 5}, "$.zone"),
        ({"types": {"escalation_due": "date"}}, "$.types.escalation_due"),
    ):
        with pytest.raises(InvalidInputError) as info:
            from_json(to_json_text({**good, **change}), ScoredBook)
        assert info.value.problems[0].field == field


def to_json_text(data: Any) -> str:
    import json

    return json.dumps(data)


def test_what_json_cannot_hold_is_refused_with_the_way_out() -> None:
    nan = pa.table({"account_id": ["a"], "arr": [1.0], "score": [float("nan")]})
    with pytest.raises(
        InvalidInputError, match=r"accounts.score=nan: JSON has no NaN.*write_parquet"
    ):
        to_json(Book.from_frames(nan, keep=["score"]))
    listed = pa.table({"account_id": ["a"], "arr": [1.0], "tags": [["x"]]})
    with pytest.raises(InvalidInputError, match=r"accounts.tags=\"\['x'\]\": JSON holds text"):
        to_json(Book.from_frames(listed, keep=["tags"]))


def test_a_folder_that_is_not_a_book_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"a book's folder holds accounts.parquet"):
        read_book(tmp_path)
    Book.from_accounts(example_accounts()).write_parquet(tmp_path)
    with pytest.raises(InvalidInputError, match="is a folder, which holds every table"):
        read_book(tmp_path, tmp_path / "commitments.parquet")
    accounts = pq.read_table(tmp_path / "accounts.parquet")
    pq.write_table(
        accounts.replace_schema_metadata({b"cs_framework.keep": b"{"}),
        tmp_path / "accounts.parquet",
    )
    with pytest.raises(InvalidInputError, match=r"cs_framework.keep=b'{': is not the metadata"):
        read_book(tmp_path)
    (tmp_path / "accounts.parquet").write_bytes(b"not parquet")
    with pytest.raises(InvalidInputError, match=r"accounts=.*could not be read"):
        read_book(tmp_path)
    with pytest.raises(InvalidInputError, match="folder='int': must be a path"):
        Book.from_accounts([]).write_parquet(7)  # type: ignore[arg-type]
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(InvalidInputError, match=r"folder=.*could not be written"):
        Book.from_accounts([]).write_parquet(a_file)


def test_a_folder_of_plain_parquet_files_reads_as_a_book(tmp_path: Path) -> None:
    pq.write_table(pa.table({"account_id": ["a"], "arr": [5.0]}), tmp_path / "accounts.parquet")
    book = read_book(tmp_path)
    assert (len(book), list(book.accounts.kept), "outcomes" in book.not_given) == (1, [], True)


def test_a_kept_column_given_again_overrides_the_folders_own(tmp_path: Path) -> None:
    accounts = pa.table({"account_id": ["a"], "arr": [1.0], "csm": ["dana"], "region": ["EU"]})
    Book.from_frames(accounts, keep=["csm", "region"]).write_parquet(tmp_path)
    with pytest.raises(InvalidInputError, match="unknown column"):
        read_book(tmp_path, keep=["csm"])
    assert list(read_book(tmp_path, keep=["region", "csm"]).accounts.kept) == ["region", "csm"]
    assert np.array_equal(read_book(tmp_path).accounts.arr, [1.0])


def test_writing_over_a_folder_leaves_no_table_of_the_book_before(tmp_path: Path) -> None:
    Book.from_accounts(example_accounts()).write_parquet(tmp_path)
    only_accounts = Book.from_frames(pa.table({"account_id": ["a"], "arr": [5.0]}))
    written = only_accounts.write_parquet(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in sorted(written.values())]
    again = read_book(tmp_path)
    assert (len(again.outcomes), "outcomes" in again.not_given) == (0, True)


def test_a_kept_column_that_is_not_there_is_refused_by_name() -> None:
    accounts = pa.table({"account_id": ["a"], "arr": [1.0], "region": ["EU"]})
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(accounts.drop_columns(["region"]), keep=["regoin"])
    problem = info.value.problems[0]
    assert (problem.field, problem.value) == ("keep", "regoin")
    assert problem.reason == "is not a column of the accounts table"
