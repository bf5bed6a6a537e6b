"""Where a book's tables come from: frames of any library, or CSV and Parquet files,
as Arrow tables under the library's column names.

Frames go to Arrow without a Python object per cell: a pyarrow Table as it is, a
polars frame through its own ``to_arrow``, a pandas frame column by column, anything
else through the Arrow PyCapsule stream interface. A user's own column names are
mapped with ``columns=``; a column that is neither known, mapped nor kept is refused by
name, so a typo never passes as an extra.
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from .._errors import InvalidInputError, Problem
from .._types import EPOCH_ORDINAL, BoolArray
from .parallel import in_parallel
from .text import is_text_type, one_array

__all__ = [
    "TABLES",
    "CsvTypes",
    "OddCells",
    "Renames",
    "column_renames",
    "closest",
    "is_frame",
    "read_table",
    "renames_of",
    "to_arrow",
    "unknown_columns",
    "why_unreadable",
]

#: The tables of a book, in order.
TABLES = ("accounts", "commitments", "outcomes", "overrides")
#: Per table: the user's column name -> the library's.
Renames = dict[str, dict[str, str]]


def renames_of(columns: Any) -> Renames:
    """``columns=`` as one mapping per table.

    A flat mapping (user name -> library name) applies to every table; a mapping of
    table names to mappings applies each to its own table.

    Examples
    --------
    >>> renames_of({"Customer": "account_id"})["outcomes"]
    {'Customer': 'account_id'}
    >>> renames_of({"commitments": {"id": "commitment_id"}})["accounts"]
    {}
    """
    if columns is None:
        return {t: {} for t in TABLES}
    if not isinstance(columns, Mapping):
        raise InvalidInputError(
            field="columns",
            value=columns,
            reason="must be a mapping of your column names to the library's "
            "(or of table names to such mappings)",
        )
    nested = any(isinstance(v, Mapping) for v in columns.values())
    if not nested:
        flat = column_renames(columns, "columns")
        return {t: dict(flat) for t in TABLES}
    unknown = [k for k in columns if k not in TABLES]
    if unknown:
        raise InvalidInputError(
            field=f"columns[{unknown[0]!r}]",
            value=unknown[0],
            reason=f"is not a table: give some of {', '.join(TABLES)}",
        )
    return {t: column_renames(columns.get(t, {}), f"columns[{t!r}]") for t in TABLES}


def column_renames(mapping: Any, field: str) -> dict[str, str]:
    """A mapping of the user's column names to the library's, checked: text to text."""
    if not isinstance(mapping, Mapping):
        raise InvalidInputError(field=field, value=mapping, reason="must be a mapping")
    for key, value in mapping.items():
        if not (isinstance(key, str) and isinstance(value, str)):
            raise InvalidInputError(
                field=f"{field}[{key!r}]",
                value=value,
                reason="must map a column name (text) to a column name (text)",
            )
    return dict(mapping)


def to_arrow(native: Any, table: str, odd: OddCells | None = None) -> pa.Table:
    """A frame as an Arrow table: pyarrow, polars, pandas, or any Arrow stream.

    Examples
    --------
    >>> to_arrow(pa.table({"a": [1]}), "accounts").num_rows
    1
    >>> to_arrow([1, 2], "accounts")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: accounts='list': must be a pandas or polars DataFrame, ...
    """
    if isinstance(native, pa.Table):
        return native
    if isinstance(native, pa.RecordBatch):
        return pa.Table.from_batches([native])
    module = type(native).__module__.split(".")[0]
    if module == "polars" and is_frame(native):
        return _from_polars(native, table, {} if odd is None else odd)
    if module == "pandas" and is_frame(native):
        return _from_pandas(native, table, {} if odd is None else odd)
    if hasattr(native, "__arrow_c_stream__") and module not in ("pandas", "polars"):
        try:
            return pa.table(native)
        except (pa.ArrowException, TypeError, ValueError):  # a stream of no table
            pass
    raise InvalidInputError(
        field=table,
        value=type(native).__name__,
        reason="must be a pandas or polars DataFrame, a pyarrow Table, or a CSV or Parquet path",
    )


def is_frame(native: Any) -> bool:
    """Whether an object is a pandas or polars DataFrame (not a series, a lazy frame or
    an expression of those libraries); neither library is imported for anything else.

    Examples
    --------
    >>> is_frame(pa.table({"a": [1]})), is_frame([1])
    (False, False)
    """
    library = type(native).__module__.split(".")[0]
    if library not in ("pandas", "polars"):
        return False
    return isinstance(native, importlib.import_module(library).DataFrame)


#: Cells of a column that hold no single value (a list, a dict), by column name:
#: where they are, and the cells as given (to show them in an error).
OddCells = dict[str, tuple[BoolArray, NDArray[np.object_]]]


def _from_polars(frame: Any, table: str, odd: OddCells) -> pa.Table:
    """A polars frame through its own ``to_arrow``. An Object column is read cell by
    cell as a pandas one of mixed kinds is; a column of a type Arrow cannot take
    (Int128) is refused by name, not as Arrow's error."""
    objects = [name for name, kind in frame.schema.items() if str(kind) == "Object"]
    plain = frame.drop(objects)
    try:
        arrow = plain.to_arrow()
    except Exception as error:  # (ArrowInvalid: the type's format is unknown to Arrow)
        _refuse_columns(plain, table, error)
    if not objects:
        return arrow
    for name in objects:
        values = np.empty(len(frame), dtype=object)
        values[:] = frame[name].to_list()
        array, rows = _as_text_cells(values)
        if rows.any():
            odd[name] = (rows, values)
        arrow = arrow.append_column(name, array)
    return arrow.select(frame.columns)


def _refuse_columns(frame: Any, table: str, error: Exception) -> NoReturn:
    """Refuse the columns of a polars frame that Arrow cannot take, each by name."""
    problems = []
    for name, kind in frame.schema.items():
        try:
            frame.select(name).to_arrow()
        except Exception:
            problems.append(
                Problem(
                    field=f"{table}.{name}",
                    value=str(kind),
                    reason="is of a type Arrow cannot read: cast it (to Int64, Float64 or String)",
                )
            )
    if not problems:  # (no one column is to blame)
        problems.append(
            Problem(field=table, value=type(frame).__name__, reason=why_unreadable(error))
        )
    raise InvalidInputError.from_problems(problems, summary=f"bad columns in {table}")


def _from_pandas(frame: Any, table: str, odd: OddCells) -> pa.Table:
    """A pandas frame, column by column. A column Arrow cannot take as it is (cells
    of mixed kinds, or of a kind Arrow holds only as an extension: periods, intervals)
    is read as text, each cell written as it prints (numbers, dates and flags read back
    exactly); a cell holding anything else (a list, a period) is left missing and
    recorded in ``odd``, to be refused or marked with its row."""
    names = list(frame.columns)
    problems = [
        Problem(field=f"{table}.{name!r}", value=name, reason="a column name must be text")
        for name in names
        if not isinstance(name, str)
    ]
    problems += [
        Problem(field=f"{table}.{name}", value=name, reason="the column name is given twice")
        for name in sorted(
            {n for n in names if isinstance(n, str) and n.strip() and names.count(n) > 1}
        )
    ]
    if problems:
        raise InvalidInputError.from_problems(problems, summary=f"bad columns in {table}")
    if not len(frame):  # pandas types the columns of an empty frame as it likes (float)
        return pa.Table.from_arrays([pa.nulls(0)] * len(names), names=names)
    arrays = []
    for k, name in enumerate(names):
        series = frame.iloc[:, k]  # (by place: columns with no name share one)
        array = _plain_arrow(series)
        if array is None:
            values = np.asarray(series.to_numpy(dtype=object), dtype=object)
            array, rows = _as_text_cells(values)
            if rows.any():
                odd[name] = (rows, values)
        arrays.append(array)
    return pa.Table.from_arrays(arrays, names=names)


def _plain_arrow(series: Any) -> pa.Array | None:
    """A pandas column as Arrow, or None: cells Arrow cannot take as one type, or a
    type it holds only as an extension (pandas' periods, intervals)."""
    try:
        array = pa.array(series, from_pandas=True)
    except (
        pa.ArrowInvalid,
        pa.ArrowTypeError,
        pa.ArrowNotImplementedError,
        OverflowError,
        TypeError,  # (NumPy dates at a day's unit, in an object column)
    ):
        return None
    kind = array.type.value_type if pa.types.is_dictionary(array.type) else array.type
    return None if isinstance(kind, pa.ExtensionType) else array  # a Categorical of them too


def _missing(value: Any) -> bool:
    """None, NaN, or pandas' own missing values (NA, NaT: NaT is also a datetime)."""
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or type(value).__name__ in ("NAType", "NaTType")
    )


def _as_text_cells(values: NDArray[np.object_]) -> tuple[pa.Array, BoolArray]:
    out: list[str | None] = []
    odd = np.zeros(len(values), dtype=bool)
    for k, value in enumerate(values.tolist()):
        if isinstance(value, np.datetime64):  # as ISO text (its item() may be a bare int)
            value = None if np.isnat(value) else str(np.datetime_as_string(value))
            if value is not None and not re.match(r"\d{4}-", value):  # beyond year 9999
                odd[k] = True
                out.append(None)
                continue
        elif isinstance(value, np.generic):  # NumPy's own scalars, as Python's
            value = value.item()
        if isinstance(value, str):
            out.append(value)
        elif _missing(value):
            out.append(None)
        elif isinstance(value, (bool, int, float, Decimal, date)):
            out.append(str(value))
        else:
            odd[k] = True
            out.append(None)
    return pa.array(out, type=pa.large_string()), odd


#: The type to read a CSV column as, by its name in the file (None: Arrow guesses it).
CsvTypes = Callable[[str], "pa.DataType | None"]


def read_table(source: Any, table: str, types: CsvTypes, odd: OddCells | None = None) -> pa.Table:
    """A table from a frame or a path (``.csv``, ``.tsv``, ``.txt``, ``.parquet``).

    A CSV file's columns are read as ``types`` says (text for ids, names, owners and
    kept columns, so ``00123`` keeps its leading zeros), and only an empty cell is
    missing.
    """
    if not isinstance(source, (str, Path)):
        return to_arrow(source, table, odd)
    path = Path(source)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InvalidInputError(field=table, value=str(source), reason="no such file")
    try:
        if suffix == ".parquet":
            return _read_parquet(path)
        if suffix in (".csv", ".tsv", ".txt"):
            delimiter = "\t" if suffix == ".tsv" else ","
            return _read_csv(path, table, types, delimiter)
    except UnicodeDecodeError:
        raise InvalidInputError(field=table, value=str(source), reason=_NOT_UTF8) from None
    except (pa.ArrowException, OSError) as error:
        why = why_unreadable(error)
        reason = _NOT_UTF8 if "invalid UTF8" in why else f"could not be read: {why}"
        raise InvalidInputError(field=table, value=str(source), reason=reason) from None
    raise InvalidInputError(
        field=table, value=str(source), reason="must be a .csv, .tsv or .parquet file"
    )


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    # One chunk a column but for dictionaries (``read_table`` cuts batches of 128K rows,
    # which the loader would then copy into one array: 0.1 s at 10M records).
    with pq.ParquetFile(path) as file:
        read = file.read()
    # A damaged file can decode to text that is not UTF-8: found here, not as a foreign
    # error deep in the loader (numbers need no such check); columns side by side.
    text = [column for column in read.columns if is_text_type(column.type)]
    in_parallel([partial(column.validate, full=True) for column in text], rows=read.num_rows)
    return read


_NOT_UTF8 = "could not be read: it is not UTF-8 text (save it as UTF-8)"
#: Separators a CSV export may use instead of the one its suffix says.
_OTHER_SEPARATORS = (";", "\t", "|", ",")


def _read_csv(path: Path, table: str, types: CsvTypes, delimiter: str) -> pa.Table:
    import csv as text_csv

    import pyarrow.csv as csv

    with path.open(newline="", encoding="utf-8-sig") as file:  # (a BOM is not a name)
        try:
            # (blank lines before the names are skipped, as Arrow skips them)
            names = next((row for row in text_csv.reader(file, delimiter=delimiter) if row), [])
        except text_csv.Error as error:  # (a quote never closed: a "field" too large)
            raise pa.ArrowInvalid(f"the column names: {error}") from None
    _check_separator(path, table, names, delimiter)
    typed = {name: kind for name in names if (kind := types(name)) is not None}

    def read(column_types: dict[str, pa.DataType]) -> pa.Table:
        # Only an empty cell is missing: Arrow's own list (NA, NULL, NaN, n/a...) would
        # turn an id "NA" or an owner "N/A" into a missing value, without a word.
        return csv.read_csv(
            path,
            parse_options=csv.ParseOptions(delimiter=delimiter),
            convert_options=csv.ConvertOptions(
                column_types=column_types,
                null_values=[""],
                strings_can_be_null=True,
            ),
        )

    # Each column is read as its kind says, never as Arrow would guess from its cells
    # (a date column guessed as numbers, or as text because of one bad cell, read each
    # cell differently). A cell that is not of its kind fails the typed read, naming its
    # column: that column is read again as text, and the loader reads each of its cells
    # as the same text in a frame, listing every bad one (after a few such columns, all
    # are read as text at once). Arrow checks text is UTF-8 as it reads. The table is
    # handed over, not kept here, so each column's blocks are freed as they are copied.
    text = pa.large_string()
    for _ in range(_TEXT_AGAIN):
        try:
            table = read(typed)
        except pa.ArrowInvalid as error:
            if "conversion error" not in str(error):
                raise
            column = _failed_column(error, names)
            if column is None or typed.get(column, text) == text:
                raise  # (not a column typed here; text that is not UTF-8: refused as such)
            typed[column] = text
            continue
        odd = _read_as_no_frame_would(table)
        if not odd:
            return _one_chunk_each(table)
        del table
        typed |= dict.fromkeys(odd, text)
    return _one_chunk_each(read(dict.fromkeys(typed, text)))


def _read_as_no_frame_would(table: pa.Table) -> list[str]:
    """The typed columns holding a cell Arrow's CSV reader took as text never is:
    ``inf``, ``nan`` or ``1e999`` as a float, a date of year 0 (read again as text, each
    is refused as written, with the reason text gets).

    Examples
    --------
    >>> _read_as_no_frame_would(pa.table({"a": [1.0, float("inf")], "b": [1.0, None]}))
    ['a']
    """
    odd = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_floating(column.type):
            if pc.any(pc.invert(pc.is_finite(column))).as_py():
                odd.append(name)
        elif pa.types.is_date32(column.type):
            least, most = pc.min_max(column.cast(pa.int32())).values()
            if (
                least.is_valid
                and not _DATE32_RANGE[0] <= least.as_py() <= most.as_py() <= _DATE32_RANGE[1]
            ):
                odd.append(name)
    return odd


#: The days of years 1 to 9999, as date32 counts them (from 1970-01-01).
_DATE32_RANGE = (date.min.toordinal() - EPOCH_ORDINAL, date.max.toordinal() - EPOCH_ORDINAL)


#: Columns read again as text, one by one, before all are read as text at once.
_TEXT_AGAIN = 4


def _failed_column(error: pa.ArrowInvalid, names: list[str]) -> str | None:
    """The column an Arrow CSV conversion error names, if it names one.

    Examples
    --------
    >>> _failed_column(pa.ArrowInvalid("In CSV column #1: CSV conversion error"), ["a", "b"])
    'b'
    >>> _failed_column(pa.ArrowInvalid("CSV conversion error"), ["a", "b"]) is None
    True
    """
    found = re.search(r"CSV column #(\d+)", str(error))
    return names[int(found[1])] if found and int(found[1]) < len(names) else None


def _check_separator(path: Path, table: str, names: list[str], delimiter: str) -> None:
    """Refuse a file whose one column's name holds another separator: an export
    separated by ``;`` (as spreadsheets write where the decimal mark is a comma) would
    otherwise be refused column by column, or cell by cell.

    Examples
    --------
    >>> _check_separator(Path("a.csv"), "accounts", ["account_id", "arr"], ",")
    >>> _check_separator(Path("a.csv"), "accounts", ["account_id;arr"], ",")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: accounts='a.csv': has one column, 'account_id;arr', as if ...
    """
    if len(names) != 1 or "\n" in names[0]:  # (a quote left open: not a name at all)
        return
    for separator in _OTHER_SEPARATORS:
        if separator != delimiter and separator in names[0]:
            how = (
                "name it .tsv"
                if separator == "\t"
                else f"save it {'comma' if delimiter == ',' else 'tab'}-separated"
            )
            raise InvalidInputError(
                field=table,
                value=str(path),
                reason=f"has one column, {names[0]!r}, as if separated by {separator!r}: "
                f"{how}, or read it with your frame library (separator={separator!r}) "
                "and give the frame",
            )


def _one_chunk_each(table: pa.Table) -> pa.Table:
    """``table`` with each column in one chunk (:func:`one_array`), as the loader reads
    it: copied column by column, so one column's copy at a time sits beside the blocks
    the reader cut, not a copy of the whole table (at 10M records, 0.9 GB less at the
    peak).

    Examples
    --------
    >>> cut = pa.table({"a": pa.chunked_array([[1], [2]]), "b": pa.chunked_array([["x", "y"]])})
    >>> [column.num_chunks for column in _one_chunk_each(cut).columns]
    [1, 1]
    """
    for k in range(table.num_columns):
        if table.column(k).num_chunks != 1:
            whole = one_array(table.column(k))
            table = table.set_column(k, table.field(k).with_type(whole.type), whole)
    return table


def why_unreadable(error: BaseException) -> str:
    """What a reader said about a file, in its words but without exception names, on
    one line (``TProtocolException: Invalid data`` -> ``Invalid data``).

    Examples
    --------
    >>> why_unreadable(OSError("Bad thrift: TProtocolException: Invalid data\\nmore"))
    'Bad thrift: Invalid data'
    """
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"\b\w*(?:Error|Exception): ", "", text) or "the file is damaged"


def closest(name: str, known: Sequence[str]) -> str | None:
    """The known name most like ``name`` (a likely typo), if one is close enough.

    Examples
    --------
    >>> closest("adoptoin", ["adoption", "support"]), closest("zzz", ["adoption"])
    ('adoption', None)
    """
    close = difflib.get_close_matches(name, known, n=1)
    return close[0] if close else None


def unknown_columns(
    names: Sequence[str], table: str, known: Sequence[str], extra: str
) -> list[Problem]:
    """A problem for each column of ``names`` not in ``known``, with a close match."""
    problems = []
    for name in names:
        if name in known:
            continue
        close = closest(name, known)
        hint = f"did you mean {close!r}? " if close else ""
        problems.append(
            Problem(
                field=f"{table}.{name}",
                value=name,
                reason=f"unknown column: {hint}{extra}",
            )
        )
    return problems
