"""Results in a notebook: _repr_html_ tables (values escaped), the summary as a frame."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from cs_framework import Book, assess, score_book
from cs_framework.examples import EXAMPLE_DAY, example_accounts

ACCOUNTS = example_accounts()


def test_an_assessment_and_its_health_show_as_tables() -> None:
    result = assess(ACCOUNTS[0], as_of=EXAMPLE_DAY)
    shown = result._repr_html_()
    assert shown.startswith("<div><p><b>Assessment of northwind as of 2026-06-30</b></p>")
    assert "RESOLVE_MISSED_COMMITMENTS" in shown
    assert '<b style="color:#9a6700">YELLOW</b>' in shown
    health = result.health._repr_html_()
    assert "<td>adoption</td><td>15.3</td>" in health
    assert "<td>90%</td><td>sentiment</td>" in health


def test_values_are_escaped() -> None:
    odd = attrs.evolve(ACCOUNTS[0], id="<script>", commitments=(), outcomes=())
    shown = assess(odd, as_of=EXAMPLE_DAY)._repr_html_()
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown


def test_a_scored_book_shows_its_first_rows_and_summary() -> None:
    scored = score_book(Book.from_accounts(ACCOUNTS), as_of=EXAMPLE_DAY)
    shown = scored._repr_html_()
    assert "Scored book: 3 accounts, scored at 2026-06-30 00:00 UTC" in shown
    assert "<td>copperleaf</td>" in shown
    assert "Book summary" in shown
    assert "Ready to grow: 1 accounts" in shown


@pytest.mark.parametrize("library", ["pandas", "polars", "arrow"])
def test_the_summary_is_a_frame(library: str) -> None:
    summary = score_book(Book.from_accounts(ACCOUNTS), as_of=EXAMPLE_DAY).summary()
    frame: Any = summary.to_frame(library)  # type: ignore[arg-type]
    columns = list(frame.columns) if library != "arrow" else frame.column_names
    assert columns == ["band", "segment", "phase", "accounts", "arr"]
    assert len(frame) == 3


def test_an_empty_summary_is_an_empty_frame_and_a_marked_one_says_so() -> None:
    empty = score_book(Book.from_accounts([]), as_of=EXAMPLE_DAY).summary()
    assert empty.to_frame("arrow").num_rows == 0
    import pyarrow as pa

    bad = Book.from_frames(pa.table({"account_id": ["a"], "arr": [-1.0]}), errors="mark")
    marked = score_book(bad, as_of=EXAMPLE_DAY, errors="mark").summary()
    assert "Marked bad, not scored: 1" in marked._repr_html_()
