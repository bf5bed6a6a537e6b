"""History: the early warning on snapshots and per-account trends, against brute force."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import Book, History, InvalidInputError, early_warning, score_book
from cs_framework.examples import example_accounts

rule = pytest.mark.rule

START = date(2026, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, date, float | None]]:
    """Rows (account, day, health), each account at most once a day."""
    rows = {}
    for _ in range(draw(st.integers(0, 30))):
        account = draw(st.sampled_from(["a", "b", "c", "d"]))
        day = START + timedelta(days=draw(st.integers(0, 120)))
        health = draw(st.none() | st.floats(0, 100).map(lambda x: round(x, 1)))
        rows[(account, day)] = health
    return [(a, d, h) for (a, d), h in rows.items()]


def _history(rows: list[tuple[str, date, float | None]]) -> History:
    return History.from_frame(
        pa.table(
            {
                "account_id": pa.array([a for a, _, _ in rows], pa.string()),
                "as_of": pa.array([d for _, d, _ in rows], pa.date32()),
                "health": pa.array([h for _, _, h in rows], pa.float64()),
            }
        )
    )


@rule("health.early-warning")
@given(histories(), st.integers(0, 10), st.integers(20, 40))
def test_the_history_warning_compares_with_the_score_closest_to_the_window_back(
    rows: list[tuple[str, date, float | None]], tolerance: int, window: int
) -> None:
    if not rows:
        return
    history = _history(rows)
    today = max(d for _, d, _ in rows)
    got = {
        r["account_id"]: r
        for r in history.early_warning(window_days=window, tolerance_days=tolerance).to_pylist()
    }
    assert set(got) == {a for a, d, _ in rows if d == today}
    for account, row in got.items():
        mine = {d: h for a, d, h in rows if a == account}
        target = today - timedelta(days=window)
        near = [
            d
            for d, h in mine.items()
            if d < today and abs((d - target).days) <= tolerance and h is not None
        ]
        if not near:
            assert row["compared_on"] is None
            assert row["early_warning"] is False
            continue
        best = min(near, key=lambda d: (abs((d - target).days), d))
        assert row["compared_on"] == best
        before, now = mine[best], mine[today]
        assert before is not None  # an unknown score is never the one compared with
        expected = now is not None and before - now >= 15 - 1e-9
        assert row["early_warning"] is expected
        assert row["days_between"] == (today - best).days


def test_monthly_snapshots_warn_where_one_previous_score_cannot() -> None:
    history = _history([("a", date(2026, 1, 31), 80.0), ("a", date(2026, 3, 3), 64.0)])
    row = history.early_warning().to_pylist()[0]
    assert row["early_warning"] is True
    assert row["days_between"] == 31
    assert early_warning(80.0, 64.0, 31) is False  # an account's previous score: outside 30 days
    strict = history.early_warning(tolerance_days=0).to_pylist()[0]
    assert strict["early_warning"] is False
    assert strict["compared_on"] is None


@rule("health.trend")
@given(histories(), st.integers(2, 5))
def test_the_trend_is_the_change_and_slope_over_the_last_scores(
    rows: list[tuple[str, date, float | None]], periods: int
) -> None:
    if not rows:
        return
    history = _history(rows)
    today = max(d for _, d, _ in rows)
    got = {r["account_id"]: r for r in history.trend(periods).to_pylist()}
    expected = {a for a, d, h in rows if d == today and h is not None}
    assert set(got) == expected
    for account, row in got.items():
        known = sorted((d, h) for a, d, h in rows if a == account and h is not None)[-periods:]
        assert row["scores"] == len(known)
        assert row["first_on"] == known[0][0]
        assert row["change"] == pytest.approx(known[-1][1] - known[0][1])
        if len(known) == 1:
            assert row["slope_per_30_days"] is None
        else:
            x = np.array([(d - today).days / 30 for d, _ in known])
            slope = np.polyfit(x, np.array([h for _, h in known]), 1)[0]
            assert row["slope_per_30_days"] == pytest.approx(slope, abs=1e-6)


def test_a_history_from_scored_books_equals_one_from_its_frame() -> None:
    book = Book.from_accounts(example_accounts())
    days = [date(2026, 5, 1), date(2026, 6, 1), date(2026, 6, 30)]
    scored = [score_book(book, as_of=d) for d in days]
    history = History.from_scored(scored)
    assert history.days == tuple(days)
    assert len(history) == 9
    again = History.from_frame(history.to_pandas())
    assert again.table.equals(history.table)
    paired = History.from_scored(list(zip(days, scored, strict=True)))
    assert paired.table.equals(history.table)
    assert history.to_polars().shape == (9, 3)
    assert history.to_arrow() is history.table
    assert len(history.trend(3, as_of=days[1])) == 3


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda: History.from_scored([]), "non-empty list of scored books"),
        (lambda: History.from_scored(["x"]), "must be"),
        (lambda: History.from_frame(pa.table({"account_id": ["a"], "day": ["2026-01-01"],
                                              "health": [1.0]})), "unknown column"),
        (lambda: History.from_frame(pa.table({"account_id": ["a", "a"],
                                              "as_of": ["2026-01-01", "2026-01-01"],
                                              "health": [1.0, 2.0]})), "scored twice"),
        (lambda: History.from_frame(pa.table({"account_id": ["a", " "],
                                              "as_of": ["2026-01-01", None],
                                              "health": [101.0, 2.0]})), "does not fit"),
        (lambda: _history([("a", START, 1.0)]).trend(1), "whole number >= 2"),
        (lambda: _history([("a", START, 1.0)]).early_warning(drop=-1), "drop"),
        (lambda: _history([("a", START, 1.0)]).early_warning("x"), "as_of"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_by_name(call: Any, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        call()


def test_every_bad_cell_is_listed_with_its_row() -> None:
    frame = pa.table(
        {"account_id": ["a", " "], "as_of": ["2026-01-01", None], "health": [101.0, 2.0]}
    )
    with pytest.raises(InvalidInputError) as caught:
        History.from_frame(frame)
    listed = [(p.field, p.row) for p in caught.value.problems]
    assert listed == [("health", 0), ("account_id", 1), ("as_of", 1)]


def test_an_empty_history_has_no_rows_to_warn_of() -> None:
    empty = History.from_frame(
        pa.table({"account_id": pa.array([], pa.string()), "as_of": pa.array([], pa.date32()),
                  "health": pa.array([], pa.float64())})
    )  # fmt: skip
    assert len(empty) == 0
    assert empty.days == ()
    assert empty.early_warning().num_rows == 0
    assert empty.trend().num_rows == 0


def test_a_history_table_given_directly_is_checked_typed_and_sorted() -> None:
    table = pa.table(
        {
            "account_id": ["b", "a", "a"],
            "as_of": pa.array([START, START + timedelta(days=30), START], pa.date32()),
            "health": [50, 60, 90],
        }
    )
    history = History(table=table)
    assert history.table.column("account_id").to_pylist() == ["a", "a", "b"]
    assert history.table.schema.field("health").type == pa.float64()
    assert history.early_warning().to_pylist()[0]["early_warning"] is True
    for bad, says in (
        (table.drop_columns(["health"]), "must be the columns"),
        (table.set_column(2, "health", pa.array([50.0, 101.0, 1.0])), "health in"),
        (table.set_column(1, "as_of", pa.array(["x", "y", "z"])), "text, dates and numbers"),
        (pa.concat_tables([table, table]), "scored twice"),
        ("a table", "must be"),
    ):
        with pytest.raises(InvalidInputError, match=says):
            History(table=bad)


def test_the_policy_sets_the_drop_and_a_day_outside_the_history_is_refused() -> None:
    from cs_framework import Policy

    history = _history([("a", START, 80.0), ("a", START + timedelta(days=30), 70.0)])
    assert history.early_warning().to_pylist()[0]["early_warning"] is False
    loose = Policy(early_warning_drop=10)
    assert history.early_warning(policy=loose).to_pylist()[0]["early_warning"] is True
    with pytest.raises(InvalidInputError, match="is not a day of the history"):
        history.trend(2, as_of=START + timedelta(days=1))
