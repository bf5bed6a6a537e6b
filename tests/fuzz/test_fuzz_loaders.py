"""Fuzzing the loaders: policy text and frames with junk in them give a policy, a book
or a CSFrameworkError - never another exception - and a book loaded with
errors="mark" keeps every account row."""

from __future__ import annotations

from typing import Any

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
    for errors in ("raise", "mark"):
        try:
            book = Book.from_frames(**frames, errors=errors)
        except CSFrameworkError as error:
            assert_plain(error)
            continue
        assert len(book) == frames["accounts"].num_rows  # never shrinks
        with refused_in_words():  # anything else fails the test
            scored = score_book(book, as_of=EXAMPLE_DAY, errors=errors)
            assert len(scored) == len(book)


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
