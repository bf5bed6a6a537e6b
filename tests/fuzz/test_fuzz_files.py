"""Fuzzing the files a user hands over: CSV and Parquet exports with mutated bytes give a
book or a CSFrameworkError - never another exception - and a book read with
errors="mark" holds every account row the file holds."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as csv
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import Book, CSFrameworkError, read_book, score_book
from cs_framework.examples import EXAMPLE_DAY, example_accounts

from ._budget import fuzz
from ._words import assert_plain, refused_in_words

BOOK = Book.from_accounts(example_accounts())
# One folder for the run, removed at exit, and one per example, removed after it: a long
# campaign writes hundreds of thousands of files.
FOLDER = Path(tempfile.mkdtemp(prefix="csf-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
CLEAN: dict[str, dict[str, bytes]] = {"csv": {}, "parquet": {}}
for _name, _table in BOOK.to_frames().items():
    _sink = pa.BufferOutputStream()
    csv.write_csv(_table, _sink)
    CLEAN["csv"][_name] = _sink.getvalue().to_pybytes()
    _sink = pa.BufferOutputStream()
    pq.write_table(_table, _sink)
    CLEAN["parquet"][_name] = _sink.getvalue().to_pybytes()

#: What a hand-edited or damaged export may hold where a byte was.
INSERTS = st.sampled_from(
    [b",", b'"', b"\n", b"\r\n", b"", b"nan", b"-1", b"1e400", b"2026-13-01", b"\x00", b"\xff",
     b"99999999999999999999", b"true", b" ", b"2026-01-01T10:00:00+02:00"]
)  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn, clean: bytes) -> bytes:
    """``clean`` with one to three spans replaced, removed, or the end cut off."""
    data = bytearray(clean)
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["replace", "flip", "cut"]))
        if kind == "replace":
            span = draw(st.integers(0, 4))
            data[at : at + span] = draw(INSERTS)
        elif kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        else:
            del data[at:]
    return bytes(data)


CELLS = st.sampled_from(
    ["", " ", "nan", "NaN", "-1", "1e400", "inf", "2026-13-01", "2026-02-30", "01/09/2026",
     "2026-01-01T10:00:00+02:00", "2026-01-01 00:00:00", "yes", "Y", "maybe", "0", "1.5",
     "99999999999999999999", "-0", "\u00e9t\u00e9", '"', "a,b", "\t", "null", "None"]
)  # fmt: skip


@st.composite
def cells_damaged(draw: st.DrawFn, clean: bytes) -> bytes:
    """A CSV export with one to three cells (a header too) written as a person might."""
    import csv as text_csv
    import io

    rows = list(text_csv.reader(io.StringIO(clean.decode())))
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][column] = draw(CELLS)
    out = io.StringIO()
    text_csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _rows(path: Path, kind: str) -> int | None:
    """How many rows the file holds, read plainly by pyarrow (None if it cannot)."""
    try:
        table = pq.read_table(path) if kind == "parquet" else csv.read_csv(path)
    except (pa.ArrowException, OSError):
        return None
    return int(table.num_rows)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("table", ["accounts", "commitments", "outcomes"])
@fuzz
@given(data=st.data())
def test_a_damaged_file_gives_a_book_of_every_row_or_a_csframework_error(
    kind: str, table: str, data: Any
) -> None:
    with tempfile.TemporaryDirectory(dir=FOLDER) as name:
        _read_damaged_files(Path(name), kind, table, data)


def _read_damaged_files(folder: Path, kind: str, table: str, data: Any) -> None:
    paths = {}
    for name in ("accounts", "commitments", "outcomes"):
        clean = CLEAN[kind][name]
        how = damaged(clean)
        if kind == "csv":
            how = how | cells_damaged(clean)
        body = data.draw(how, label=name) if name == table else clean
        paths[name] = folder / f"{name}.{kind}"
        paths[name].write_bytes(body)
    for errors in ("raise", "mark"):
        try:
            book = read_book(**paths, errors=errors)
        except CSFrameworkError as error:
            assert_plain(error)
            continue
        rows = _rows(paths["accounts"], kind)
        if rows is not None:
            assert len(book) == rows  # never shrinks
        with refused_in_words():  # anything else fails the test
            assert len(score_book(book, as_of=EXAMPLE_DAY, errors=errors)) == len(book)


@fuzz
@given(data=st.data())
def test_a_damaged_book_folder_gives_a_book_or_a_csframework_error(data: Any) -> None:
    with tempfile.TemporaryDirectory(dir=FOLDER) as where:
        folder = Path(where)
        BOOK.write_parquet(folder)
        name = data.draw(st.sampled_from(["accounts", "commitments", "outcomes", "overrides"]))
        path = folder / f"{name}.parquet"
        path.write_bytes(data.draw(damaged(path.read_bytes()), label="file"))
        with refused_in_words():  # anything else fails the test
            read_book(folder, errors="mark")
