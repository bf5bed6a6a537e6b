"""Fuzzing the loaders: policy text and frames with junk in them give a policy, a book
or a CSFrameworkError - never another exception - and a book loaded with
errors="mark" keeps every account row."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import Book, CSFrameworkError, Policy, score_book
from cs_framework.examples import EXAMPLE_DAY, example_accounts

from ._budget import fuzz
from ._words import assert_plain, refused_in_words

FRAMES = Book.from_accounts(example_accounts()).to_frames()

#: TOML values, right and wrong, for any policy key.
TOML_VALUES = st.sampled_from(
    ["60", "-1", "1e400", "nan", "inf", '"x"', "true", "[1, 2]", "{a = 1}", "2026-01-01",
     "0", "101", "1e-300", '"RED"', "{}"]
)  # fmt: skip
KEYS = st.sampled_from(
    [*(f.name for f in Policy.__attrs_attrs__), "green ", "trust_bar.x", "unknown",
     "segment_bands.DIGITAL.green", "segment_weights.GOLD.adoption", "scorecard.weights.x"]
)  # fmt: skip


@fuzz
@given(st.lists(st.tuples(KEYS, TOML_VALUES), max_size=4), st.booleans())
def test_policy_text_gives_a_policy_or_a_csframework_error(
    lines: list[tuple[str, str]], as_bytes: bool
) -> None:
    text = "\n".join(f"{key} = {value}" for key, value in lines)
    with refused_in_words():  # anything else fails the test
        Policy.from_toml(text.encode() if as_bytes else text)


#: Arrow columns of junk a real export may hold.
JUNK_COLUMNS = st.sampled_from(
    [
        pa.array([None, None, None]),
        pa.array(["", " ", "x"]),
        pa.array([1, -1, 2**62]),
        pa.array([1.5, float("nan"), float("inf")]),
        pa.array([True, False, None]),
        pa.array([[1], [], None], pa.list_(pa.int64())),
        pa.array([{"a": 1}, None, {"a": 2}]),
        pa.array(["2026-02-30", "2026-01-01", "yes"]),
        pa.array([0, 3_000_000, -5], pa.date32()),
        pa.array([0, 1, 2], pa.timestamp("s", tz="UTC")),
        pa.array([1_500, 86_400_000, -1], pa.timestamp("ms")),  # a sub-second time of day
        pa.array([2**62, -(2**62), None], pa.timestamp("s")),  # beyond Arrow's dates
        pa.array([1, 86_400_000, None], pa.date64()),  # a "date" with a time
        pa.array([b"\xff", b"a", None], pa.binary()),
        pa.array(["a", "a", "b"]).dictionary_encode(),
        # Every other kind of Arrow column a frame library may hand over.
        pa.array([1, 2, 3], pa.int8()),
        pa.array([2**64 - 1, 0, 1], pa.uint64()),
        pa.array([2**53 + 1, -(2**53) - 1, None], pa.int64()),
        pa.array([1.5, 2.5, None], pa.float16()),
        pa.array([Decimal("1e30"), Decimal("-1.5"), None], pa.decimal128(38, 2)),
        pa.array([1, 2, None], pa.time32("s")),
        pa.array([2**62, -(2**62), None], pa.duration("ns")),
        pa.array([2**62, -(2**62), 0], pa.timestamp("ns", tz="UTC")),
        pa.array([2**31 - 1, -(2**31), 0], pa.date32()),
        pa.array([None, None, None], pa.month_day_nano_interval()),
        pa.array(["a", "", None], pa.string_view()),
        pa.array([b"a", b"\xff", None], pa.binary_view()),
        pa.array([b"ab", b"\xff\xfe", None], pa.binary(2)),
        pa.array([[1], None, []], pa.large_list(pa.int64())),
        pa.array([[("a", 1)], None, []], pa.map_(pa.string(), pa.int64())),
        pa.array([1, 2, 1]).dictionary_encode(),
        pa.nulls(3, pa.int64()),
        pa.array(["1e400", "-0", "nan"]),
        pa.array(["2026-01-01T00:00:00", "2026-01-01 ", " 2026-01-01"]),
        pa.array([" yes", "TRUE", "0"]),
        pa.array(["\x00", "\ud7ff", "\u2028"]),
    ]
)


@pytest.mark.parametrize("table", ["accounts", "commitments", "outcomes"])
@fuzz
@given(data=st.data())
def test_frames_with_junk_give_a_book_or_a_csframework_error(table: str, data: Any) -> None:
    frames = dict(FRAMES)
    t = frames[table]
    column = data.draw(st.sampled_from(t.column_names), label="column")
    junk = data.draw(JUNK_COLUMNS, label="junk")
    rows = t.num_rows
    values = pa.concat_arrays([junk] * (rows // 3 + 1))[:rows] if rows else junk[:0]
    frames[table] = t.set_column(t.schema.get_field_index(column), column, values)
    _a_book_of_every_row_or_refused(frames, frames["accounts"].num_rows)


def _a_book_of_every_row_or_refused(frames: dict[str, Any], accounts: int) -> None:
    """Loaded and scored in both modes: a book of every account row, or a refusal in
    words."""
    for errors in ("raise", "mark"):
        try:
            book = Book.from_frames(**frames, errors=errors)
        except CSFrameworkError as error:
            assert_plain(error)
            continue
        assert len(book) == accounts  # never shrinks
        with refused_in_words():  # anything else fails the test
            assert len(score_book(book, as_of=EXAMPLE_DAY, errors=errors)) == len(book)


def _junk_series() -> list[Any]:
    """pandas columns of every dtype a real frame may hold (three rows each)."""
    import pandas as pd

    return [
        pd.Series(np.array([2**64 - 1, 0, 1], np.uint64)),
        pd.Series(np.array([1.5, 2.5, np.nan], np.float16)),
        pd.Series([1 + 2j, 0j, 3j]),
        pd.Series(pd.to_timedelta([1, 2, None], unit="s")),
        pd.Series(pd.period_range("2026-01", periods=3, freq="M")),
        pd.Series(pd.interval_range(0, 3)),
        pd.Series(pd.arrays.SparseArray([0, 1, 0])),
        pd.Series(pd.Categorical([1, 2, 1])),
        pd.Series(pd.to_datetime(["2026-01-01", None, "2026-01-02"]).tz_localize("Europe/Paris")),
        pd.Series([np.datetime64("2026-01-01T00:00:00.5"), None, None]),
        pd.Series([1, None, 3], dtype="Int64"),
        pd.Series([True, None, False], dtype="boolean"),
        pd.Series([float("inf"), -float("inf"), None], dtype="Float64"),
        pd.Series(["a", None, ""], dtype="string[pyarrow]"),
        pd.Series(["a", None, ""], dtype="string[python]"),
        pd.Series(["2026-01-01", "x", None], dtype="category"),
        pd.Series([date(2026, 1, 1), "2026-01-02", None], dtype=object),
        pd.Series([Decimal("1.5"), None, Decimal("1e400")], dtype=object),
        pd.Series([datetime(2026, 1, 1, tzinfo=UTC), None, datetime(2026, 1, 1)], dtype=object),
        pd.Series([b"a", b"\xff", None], dtype=object),
        pd.Series([1, "a", 2.5], dtype=object),
        pd.Series([[1], {"a": 1}, (1,)], dtype=object),
        pd.Series([2**70, -1, 0], dtype=object),
        pd.Series([time(1), None, time(2)], dtype=object),
        pd.Series([pd.NaT, pd.NaT, pd.NaT]),
        pd.Series([pd.NA, pd.NA, pd.NA], dtype=object),
    ]


@pytest.mark.parametrize("table", ["accounts", "commitments", "outcomes"])
@fuzz
@given(data=st.data())
def test_pandas_frames_with_junk_give_a_book_or_a_csframework_error(table: str, data: Any) -> None:
    pytest.importorskip("pandas")
    frames = {name: t.to_pandas() for name, t in FRAMES.items()}
    frame = frames[table].copy()
    column = data.draw(st.sampled_from(list(frame.columns)), label="column")
    junk = data.draw(st.sampled_from(_junk_series()), label="junk")
    frame[column] = junk.iloc[np.arange(len(frame)) % 3].reset_index(drop=True).array
    frames[table] = frame
    _a_book_of_every_row_or_refused(frames, len(frames["accounts"]))


def _renewals() -> pa.Table:
    from datetime import timedelta

    ids = FRAMES["accounts"].column("account_id")
    return pa.table(
        {
            "account_id": ids,
            "decided_on": pa.array([EXAMPLE_DAY + timedelta(days=30 * k + 1) for k in range(3)]),
            "renewed": pa.array([True, False, True]),
            "arr_before": pa.array([100.0, 50.0, 70.0]),
            "arr_after": pa.array([110.0, 0.0, None], pa.float64()),
        }
    )


def _history() -> pa.Table:
    ids = FRAMES["accounts"].column("account_id")
    return pa.table(
        {"account_id": ids, "as_of": pa.array([EXAMPLE_DAY] * 3), "health": [50.0, 60.0, None]}
    )


@pytest.mark.parametrize("kind", ["renewals", "history"])
@fuzz
@given(data=st.data())
def test_renewal_and_history_frames_with_junk_give_a_result_or_a_csframework_error(
    kind: str, data: Any
) -> None:
    from cs_framework import History, backtest

    t = _renewals() if kind == "renewals" else _history()
    column = data.draw(st.sampled_from(t.column_names), label="column")
    junk = data.draw(JUNK_COLUMNS, label="junk")
    t = t.set_column(t.schema.get_field_index(column), column, junk)
    book = Book.from_frames(**FRAMES)
    with refused_in_words():  # anything else fails the test
        if kind == "renewals":
            report = backtest(book, t, as_of=EXAMPLE_DAY)
            assert report.n <= t.num_rows
        else:
            history = History.from_frame(t)
            history.early_warning()
            history.trend()
