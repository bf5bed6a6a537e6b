"""Typed columns from an Arrow table: numbers, whole numbers, flags, dates and text.

Each reader takes what a real export holds (numbers or numbers written as text,
``true``/``yes``/``1`` flags, dates or ISO date strings) and returns NumPy arrays, or an
Arrow string array for text. A cell it cannot read is never guessed at: the reader
records it (:class:`Unread`) and leaves a missing value in its place, so the caller can
list every bad cell at once or mark its row. A column no row of which can be read
(a list column, a time-zone-aware timestamp) is a :class:`~cs_framework.Problem` of
the column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._errors import Problem
from .._model.validators import FLAG, TEXT, Number, Whole
from .._types import EPOCH_ORDINAL, BoolArray, FloatArray
from .bits import is_null, is_true
from .sources import OddCells
from .text import as_text, is_text_type, one_array

__all__ = ["ColumnReader", "Unread", "cell_shown", "unknown_zone", "zone_known"]

_NUMBER = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")
_DATE_TEXT = "must be a date, written YYYY-MM-DD"
_OUT_OF_RANGE = "must be a date between years 1 and 9999"
_AS_DAY_COUNT = "(shown: its day count from 1970-01-01)"
_TIME_OF_DAY = "carries a time of day: give a date"
#: The largest whole number every float up to which is exact.
_EXACT = 2**53
_BEYOND = "beyond 2**53, not exact"
#: A date with a time, as ISO 8601 writes it (and as exports write timestamps).
_DATE_AND_TIME = r"^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"
_MIDNIGHT = r"[T ]00:00(:00(\.0+)?)?$"
_ONE_VALUE = "must be text, a number, a date or a flag"
#: The days a ``datetime.date`` can hold, as day numbers.
_FIRST_DAY, _LAST_DAY = 1, 3_652_059


class Unread(NamedTuple):
    """Cells of one column that could not be read: where, what they held (an Arrow
    array, or the cells as given), and why."""

    field: str
    rows: BoolArray
    raw: Any
    reason: str


def _date32_days(days: pa.Array) -> FloatArray:
    """The day numbers of an Arrow date32 array (NaN where null)."""
    n = len(days)
    if days.null_count == n:
        return np.full(n, np.nan)
    stored = np.frombuffer(days.buffers()[1], dtype=np.int32, count=days.offset + n)
    out = np.add(stored[days.offset :], EPOCH_ORDINAL, dtype=np.float64)
    if days.null_count:  # (a null's stored number is anything)
        np.putmask(out, is_null(days), np.nan)
    return out


#: Ticks in a day, by the unit of an Arrow timestamp (date64 counts milliseconds).
_TICKS_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400 * 10**6, "ns": 86_400 * 10**9}


def _text_days(raw: pa.Array) -> tuple[FloatArray, BoolArray, BoolArray]:
    """The day numbers of ISO text (NaN where missing or unread), the cells that are
    not a date as written, and those that carry a time of day.

    ``YYYY-MM-DD`` is a date; so is a date with a time at midnight
    (``2026-11-25 00:00:00``), as a timestamp column at midnight is, so a cell reads the
    same whether its column came typed or as text. Any other time is refused, never
    cut off; a date must read back as written (no 2026-02-30 rolled over to March 2).

    Examples
    --------
    >>> out, unparsed, timed = _text_days(
    ...     pa.array(["2026-11-25", "2026-11-25T00:00 ", "2026-11-25 10:00", "2026-02-30", None])
    ... )
    >>> from cs_framework._types import date_of
    >>> [str(date_of(day)) for day in out]
    ['2026-11-25', '2026-11-25', 'None', 'None', 'None']
    >>> unparsed.tolist(), timed.tolist()
    ([False, False, False, True, False], [False, False, True, False, False])
    """
    written = pc.utf8_trim_whitespace(raw)
    present = given_cells(raw)
    parsed, back = _read_back(written)
    unparsed = present & ~is_true(pc.equal(back, written))
    timed = np.zeros(len(raw), dtype=bool)
    if unparsed.any():  # (only then are times looked for: a column of dates pays nothing)
        with_time = unparsed & is_true(pc.match_substring_regex(written, _DATE_AND_TIME))
        if with_time.any():
            day = pc.if_else(with_time, pc.utf8_slice_codeunits(written, 0, 10), written)
            parsed, back = _read_back(day)
            unparsed = present & ~is_true(pc.equal(back, day))
            midnight = is_true(pc.match_substring_regex(written, _MIDNIGHT))
            timed = with_time & ~unparsed & ~midnight
    out = _date32_days(parsed.cast(pa.date32()))  # midnights of years 0-9999
    out[unparsed | timed] = np.nan
    return out, unparsed, timed


def _read_back(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Each cell parsed as ``YYYY-MM-DD`` (a timestamp, null where it is not one), and
    written again: strptime rolls 2026-02-30 over to March 2, so a date must read back
    as written."""
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    return parsed, pc.strftime(parsed, format="%Y-%m-%d")


def _midnight_days(raw: pa.Array) -> tuple[FloatArray, BoolArray]:
    """The day numbers of timestamps (or date64) at midnight, and where one carries a
    time of day (its day NaN, as a null's)."""
    per_day = _TICKS_PER_DAY[getattr(raw.type, "unit", "ms")]
    ticks = raw.cast(pa.int64())
    extent = pc.min_max(ticks)
    lo, hi = extent["min"].as_py(), extent["max"].as_py()
    # Within date32's days, and each midnight within the int64 ticks (a time on the
    # first day of a nanosecond timestamp's range has its midnight before it).
    if lo is None or (-(2**63) + per_day <= lo and max(-lo, hi) < (2**31 - 1) * per_day):
        day = raw.cast(pa.date32(), safe=False)  # floored, in compiled code
        timed = is_true(pc.not_equal(day.cast(raw.type), raw))
        out = _date32_days(day)
    else:  # at the ends of the range (refused as out of range after): exact in int64
        whole = np.asarray(pc.fill_null(ticks, 0).to_numpy(zero_copy_only=False), np.int64)
        days, rest = np.divmod(whole, per_day)
        given = given_cells(raw)
        timed = (rest != 0) & given
        out = (days + EPOCH_ORDINAL).astype(np.float64)
        out[~given] = np.nan
    out[timed] = np.nan
    return out, timed


def cell_shown(values: pa.Array | pa.ChunkedArray, k: int) -> Any:
    """Cell ``k`` of an Arrow column as Python shows it; a date or time that Python
    cannot hold (beyond year 9999, or in a time zone it does not know) as its stored
    number, and why.

    Examples
    --------
    >>> cell_shown(pa.array([2**62], pa.timestamp("s")), 0)
    '4611686018427387904 (timestamp[s], stored number: beyond the dates Python can show)'
    """
    try:
        return values[k].as_py()
    except (OverflowError, ValueError):  # beyond year 9999, or a zone Python does not know
        width = pa.int32() if values.type.bit_width == 32 else pa.int64()
        stored = values.slice(k, 1).cast(width)[0].as_py()
        why = (
            "a time zone Python does not know"
            if unknown_zone(values.type)
            else "beyond the dates Python can show"
        )
        return f"{stored} ({values.type}, stored number: {why})"


def unknown_zone(kind: pa.DataType) -> str | None:
    """The time zone of a timestamp type, when Python does not know it.

    Examples
    --------
    >>> unknown_zone(pa.timestamp("s", tz="Mars/Olympus")), unknown_zone(pa.timestamp("s"))
    ('Mars/Olympus', None)
    """
    zone = getattr(kind, "tz", None)
    return zone if zone and not zone_known(zone) else None


def zone_known(zone: str) -> bool:
    """Whether Python can show a time in an Arrow time zone (an IANA name it has, UTC,
    an offset within a day).

    Examples
    --------
    >>> zone_known("Europe/Paris"), zone_known("+05:30"), zone_known("Mars/Olympus")
    (True, True, False)
    """
    try:
        pa.scalar(0, pa.timestamp("s", tz=zone)).as_py()
    except (pa.ArrowException, ValueError):
        return False
    return True


def given_cells(raw: pa.Array) -> BoolArray:
    return ~is_null(raw)


class ColumnReader:
    """Reads the columns of one table; collects unread cells and column problems."""

    def __init__(self, table: pa.Table, name: str, odd: OddCells | None = None) -> None:
        self.table, self.name, self.n = table, name, table.num_rows
        self.odd = {} if odd is None else odd
        self.unread: list[Unread] = []
        self.problems: list[Problem] = []
        self.failed: set[str] = set()
        self._odd_rows: dict[str, BoolArray] = {}  # per field: cells refused as odd

    def has(self, column: str) -> bool:
        return column in self.table.column_names

    def raw(
        self, column: str, field: str | None = None, reason: str = _ONE_VALUE
    ) -> pa.Array | None:
        """The column as one Arrow array (dictionary and view types decoded)."""
        if not self.has(column):
            return None
        values = one_array(self.table.column(column))
        if column in self.odd:  # cells of no such value: left missing, refused here
            rows, cells = self.odd.pop(column)
            self.unread.append(Unread(field or column, rows, cells, reason))
            self._odd_rows[field or column] = rows
        if pa.types.is_dictionary(values.type):
            values = values.dictionary_decode()
        if pa.types.is_string_view(values.type):
            values = values.cast(pa.large_string())
        return values

    def _column_problem(self, column: str, field: str, raw: pa.Array, reason: str) -> None:
        present = np.flatnonzero(given_cells(raw))
        value = cell_shown(raw, int(present[0])) if present.size else None
        self.problems.append(Problem(field=f"{self.name}.{column}", value=value, reason=reason))
        self.failed.add(field)  # its rows hold placeholders: the book's checks skip them

    def _unread(self, column: str, rows: BoolArray, raw: Any, reason: str) -> None:
        if column in self._odd_rows:  # (refused once, as what they held, not as missing)
            rows = rows & ~self._odd_rows[column]
        if rows.any():
            self.unread.append(Unread(column, rows, raw, reason))

    def numbers(self, column: str, field: str, rule: Number | Whole) -> FloatArray:
        """Floats (NaN where null); text cells are read as decimal numbers."""
        raw = self.raw(column, field, rule.reason)
        if raw is None:
            return np.full(self.n, np.nan)
        kind = raw.type
        if pa.types.is_null(kind):
            return np.full(self.n, np.nan)
        if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            if pa.types.is_float64(kind) and raw.null_count == 0:
                floats: FloatArray = raw.to_numpy(zero_copy_only=True)  # the frame's buffer
            else:
                floats = np.asarray(
                    pc.fill_null(raw.cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False),
                    dtype=np.float64,
                )
            # NaN is how the book says "missing": a NaN the frame holds as a value (not
            # a null) is refused as the constructors refuse it. pandas' NaN arrives as null.
            nan = np.isnan(floats)
            if nan.any():
                self._unread(field, nan & given_cells(raw), raw, rule.reason)
            # (a float is what it is: a count beyond 2**53 is refused by its own rule)
            return self._exact(field, raw, floats, rule) if pa.types.is_decimal(kind) else floats
        if pa.types.is_integer(kind):
            floats = np.asarray(
                pc.fill_null(raw.cast(pa.float64(), safe=False), np.nan).to_numpy(
                    zero_copy_only=False
                ),
                dtype=np.float64,
            )
            return self._exact(field, raw, floats, rule)
        if is_text_type(kind):
            number = pc.match_substring_regex(raw, _NUMBER)
            readable = is_true(number)
            self._unread(field, given_cells(raw) & ~readable, raw, rule.reason)
            parsed = pc.if_else(number, pc.utf8_trim_whitespace(raw), None).cast(pa.float64())
            floats = self._exact(
                field,
                raw,
                np.asarray(
                    pc.fill_null(parsed, np.nan).to_numpy(zero_copy_only=False), dtype=np.float64
                ),
                rule,
            )
            # Written too large for a float (1e999): refused as written, not as inf.
            endless = np.isinf(floats)
            if endless.any():
                self._unread(field, endless, raw, rule.reason)
                floats = np.where(endless, np.nan, floats)
            return floats
        self._column_problem(column, field, raw, f"{rule.reason}: the column holds {kind}")
        return np.full(self.n, np.nan)

    def _exact(
        self, field: str, raw: pa.Array, floats: FloatArray, rule: Number | Whole
    ) -> FloatArray:
        """``floats`` with a count beyond 2**53 refused: as a float it may be another
        (9007199254740993 reads as ...992), however it was given (a whole number, a
        decimal, text); any other number is its nearest float, as in the constructors.
        Only cells whose float is 2**53 or more are read exactly, one by one (rare)."""
        big = np.flatnonzero(np.abs(floats) >= _EXACT) if isinstance(rule, Whole) else ()
        if not len(big):
            return floats
        beyond = np.zeros(self.n, dtype=bool)
        cells = raw.take(pa.array(big)).to_pylist()  # (Decimal reads text with its spaces)
        beyond[big] = [Decimal(v).copy_abs() > _EXACT for v in cells]  # (no context: 1e9999999)
        self._unread(field, beyond, raw, f"{rule.reason}: {_BEYOND}")
        return np.where(beyond, np.nan, floats)

    def odd_rows(self, field: str) -> BoolArray | None:
        """The cells of ``field`` refused for what they held (a list, a dict), if any."""
        return self._odd_rows.get(field)

    def flags(self, column: str, field: str) -> BoolArray:
        """True/False; ``true``/``yes``/``y``/``t``/``1`` and their opposites (any case)
        in text, 1 and 0 in whole numbers. A missing flag is refused, never read as False."""
        raw = self.raw(column, field, FLAG.reason)
        if raw is None:
            return np.zeros(self.n, dtype=bool)
        kind = raw.type
        if pa.types.is_boolean(kind):
            self._unread(field, ~given_cells(raw), raw, FLAG.reason)
            return is_true(raw)
        if pa.types.is_null(kind):
            self._unread(field, np.ones(self.n, dtype=bool), raw, FLAG.reason)
            return np.zeros(self.n, dtype=bool)
        if pa.types.is_integer(kind):
            # Against scalars of its own type: a uint64 beyond int64 must not be cast.
            true, false = (is_true(pc.equal(raw, pa.scalar(v, kind))) for v in (1, 0))
        elif is_text_type(kind):
            spelled = pc.utf8_lower(pc.utf8_trim_whitespace(raw))
            true = is_true(pc.is_in(spelled, value_set=pa.array(_TRUE)))
            false = is_true(pc.is_in(spelled, value_set=pa.array(_FALSE)))
        else:
            self._column_problem(column, field, raw, f"{FLAG.reason}: the column holds {kind}")
            return np.zeros(self.n, dtype=bool)
        self._unread(field, ~(true | false), raw, FLAG.reason)
        return true

    def days(self, column: str, field: str) -> FloatArray:
        """Day numbers (NaN where null) from dates, timestamps at midnight with no time
        zone, or ISO ``YYYY-MM-DD`` text. A time of day or a zone is refused, never cut off."""
        raw = self.raw(column, field, _DATE_TEXT)
        if raw is None:
            return np.full(self.n, np.nan)
        kind = raw.type
        if pa.types.is_null(kind):
            return np.full(self.n, np.nan)
        if pa.types.is_timestamp(kind) and kind.tz is not None:
            self._column_problem(
                column,
                field,
                raw,
                f"a timestamp with time zone {kind.tz}: give dates (a time zone is never "
                "shifted away)",
            )
            return np.full(self.n, np.nan)
        if pa.types.is_timestamp(kind) or pa.types.is_date64(kind):
            out, timed = _midnight_days(raw)
            # (a date64 cell shows as its date alone: shown as the time it holds)
            shown = raw.cast(pa.timestamp("ms")) if pa.types.is_date64(kind) else raw
            self._unread(field, timed, shown, _TIME_OF_DAY)
        elif pa.types.is_date32(kind):
            out = _date32_days(raw)
        elif is_text_type(kind):
            out, unparsed, timed = _text_days(raw)
            self._unread(field, unparsed, raw, _DATE_TEXT)
            self._unread(field, timed, raw, _TIME_OF_DAY)
        else:
            self._column_problem(column, field, raw, f"must be a date: the column holds {kind}")
            return np.full(self.n, np.nan)
        # fmin/fmax skip NaN (all NaN: none to judge); the mask is made only when some
        # day is out of range.
        lowest = np.fmin.reduce(out) if out.size else np.nan
        if not np.isnan(lowest) and not _FIRST_DAY <= lowest <= np.fmax.reduce(out) <= _LAST_DAY:
            outside = (out < _FIRST_DAY) | (out > _LAST_DAY)
            if is_text_type(kind):  # shown as written
                self._unread(field, outside, raw, _OUT_OF_RANGE)
            else:  # Python cannot show such a date: show its day count, and say so
                shown = out - EPOCH_ORDINAL
                self._unread(field, outside, shown, f"{_OUT_OF_RANGE} {_AS_DAY_COUNT}")
            out[outside] = np.nan
        return out

    def text(self, column: str, field: str) -> pa.Array:
        """Arrow strings (null where missing); whole numbers are written in decimal."""
        raw = self.raw(column, field, TEXT.reason)
        if raw is None:
            return pa.nulls(self.n, pa.large_string())
        kind = raw.type
        if is_text_type(kind) or pa.types.is_integer(kind) or pa.types.is_null(kind):
            return as_text(raw)
        self._column_problem(column, field, raw, f"{TEXT.reason}: the column holds {kind}")
        return pa.nulls(self.n, pa.large_string())
