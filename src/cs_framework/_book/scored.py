"""``score_book()`` and its result: one row per account, in input order, nothing dropped."""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, tzinfo
from functools import partial
from operator import attrgetter
from typing import Any, Literal

import attrs
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from .._enums import Band, Phase
from .._errors import InvalidInputError
from .._model import html
from .._model.policy import Policy
from .._model.validators import (
    DAY,
    FLAG,
    MOMENT,
    InstanceOf,
    Number,
    TupleOf,
    Whole,
    check_choice,
    refuse,
)
from .._rules.health import escalation_time
from .._types import day_number, is_none
from .book import Book, Bounds, chunk, chunk_bounds
from .checks import book_problems, policy_problems
from .explained import explanation_columns
from .frames import pandas_frame
from .reasons import first_reasons
from .results import COLUMNS, ENUMS, metadata, scored_from_arrow
from .score import ScoredColumns, score_columns
from .text import as_text, item

__all__ = ["COLUMNS", "BookSummary", "ScoredBook", "score_book", "scoring_time", "zone_name"]


@attrs.frozen
class _Rows:
    """A list of rows, each a tuple of values of the given kinds (a number for float, a
    whole number >= 0 for int, a time-zone-aware datetime); the bad one named by index."""

    kinds: tuple[type[Any], ...]

    def _fits(self, row: Any) -> bool:
        if not isinstance(row, tuple) or len(row) != len(self.kinds):
            return False
        for value, kind in zip(row, self.kinds, strict=True):
            if kind is float and not Number().accepts(value):
                return False
            if kind is int and not (
                isinstance(value, int) and not isinstance(value, bool) and value >= 0
            ):
                return False
            if kind is str and not isinstance(value, str):
                return False
            if kind is datetime and not (
                isinstance(value, datetime) and value.utcoffset() is not None
            ):
                return False
        return True

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        shape = ", ".join(k.__name__ for k in self.kinds)
        if not isinstance(value, list):
            refuse(value, f"must be a list of ({shape}) tuples", field=attribute.name)
        for i, row in enumerate(value):
            if not self._fits(row):
                refuse(row, f"must be a ({shape}) tuple", field=f"{attribute.name}[{i}]")


@attrs.frozen(kw_only=True, eq=False)
class BookSummary:
    """What a CS leader reads first: where the book stands, who to escalate, who to grow.

    Attributes
    ----------
    by_band_segment_phase : list of (str, str, str, int, float)
        Band, segment and phase names, the accounts in that cell and their ARR; only
        the cells that hold an account.
    escalations : list of (str, datetime.datetime, float)
        The Red accounts: id, escalation due time (in the scoring time's zone) and
        ARR, the earliest due first and, at the same time, the largest ARR first.
    ready_to_grow : list of (str, float)
        The accounts in GROW whose health is not Red: id and ARR, the largest ARR first.
    marked : list of (str, str)
        Rows marked bad under ``errors="mark"``: account id and reason. They have no
        band, segment or phase, so they are listed here rather than counted above.
    """

    by_band_segment_phase: list[tuple[str, str, str, int, float]] = attrs.field(
        validator=_Rows((str, str, str, int, float))
    )
    escalations: list[tuple[str, datetime, float]] = attrs.field(
        validator=_Rows((str, datetime, float))
    )
    ready_to_grow: list[tuple[str, float]] = attrs.field(validator=_Rows((str, float)))
    marked: list[tuple[str, str]] = attrs.field(factory=list, validator=_Rows((str, str)))

    def to_frame(self, library: Literal["pandas", "polars", "arrow"] = "pandas") -> Any:
        """The cells of band x segment x phase as a frame: ``band``, ``segment``,
        ``phase``, ``accounts``, ``arr`` (pandas or polars need their extra).

        Examples
        --------
        >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
        >>> from cs_framework import Book
        >>> book = Book.from_accounts(example_accounts())
        >>> summary = score_book(book, as_of=EXAMPLE_DAY).summary()
        >>> summary.to_frame("arrow").column("arr").to_pylist()
        [38000.0, 240000.0, 520000.0]
        """
        check_choice(library, ("pandas", "polars", "arrow"), field="library")
        names = ("band", "segment", "phase", "accounts", "arr")
        columns = list(zip(*self.by_band_segment_phase, strict=True)) or [()] * len(names)
        types = (pa.string(), pa.string(), pa.string(), pa.int64(), pa.float64())
        table = pa.table(
            {n: pa.array(list(c), type=t) for n, c, t in zip(names, columns, types, strict=True)}
        )
        if library == "pandas":
            return pandas_frame(table)
        if library == "polars":
            import polars as pl

            return pl.DataFrame(table)
        return table

    def _repr_html_(self) -> str:
        """The cells, then the escalation queue and who is ready to grow (first ten)."""
        cells = html.table(
            ["band", "segment", "phase", "accounts", "ARR"], self.by_band_segment_phase
        )
        queue = html.table(["account", "due", "ARR"], self.escalations[:10])
        grow = html.table(["account", "ARR"], self.ready_to_grow[:10])
        return html.titled(
            "Book summary",
            cells,
            f"<p>Escalation queue: {len(self.escalations):,} Red accounts</p>",
            queue,
            f"<p>Ready to grow: {len(self.ready_to_grow):,} accounts</p>",
            grow,
            f"<p>Marked bad, not scored: {len(self.marked):,}</p>" if self.marked else "",
        )

    def __str__(self) -> str:
        lines = [
            "Accounts and ARR by band x segment x phase:",
            f"  {'band':8} {'segment':12} {'phase':6} {'accounts':>9} {'ARR':>16}",
        ]
        lines += [
            f"  {b:8} {s:12} {p:6} {n:9,d} {arr:16,.0f}"
            for b, s, p, n, arr in self.by_band_segment_phase
        ]
        lines.append(
            f"Escalation queue: {len(self.escalations):,} Red accounts "
            "(due time, then ARR at stake), first 5:"
        )
        lines += [
            f"  {aid}  due {due:%Y-%m-%d %H:%M}  ARR {arr:,.0f}"
            for aid, due, arr in self.escalations[:5]
        ]
        lines.append(
            f"Ready to grow: {len(self.ready_to_grow):,} accounts in GROW and not Red, "
            "top 5 by ARR:"
        )
        lines += [f"  {aid}  ARR {arr:,.0f}" for aid, arr in self.ready_to_grow[:5]]
        if self.marked:
            lines.append(f"Marked bad, not scored: {len(self.marked):,} accounts, first 5:")
            lines += [f"  {aid}  {reason}" for aid, reason in self.marked[:5]]
        return "\n".join(lines)


def zone_name(zone: tzinfo | None, *, at: datetime | None = None) -> str:
    """A time zone as Arrow names it: its IANA key, or "UTC", or for a zone with no
    key its offset at ``at`` (the scoring time) as "+HH:MM".

    Examples
    --------
    >>> from datetime import timedelta, timezone
    >>> from zoneinfo import ZoneInfo
    >>> paris, east = ZoneInfo("Europe/Paris"), timezone(-timedelta(hours=5))
    >>> zone_name(UTC), zone_name(paris), zone_name(east)
    ('UTC', 'Europe/Paris', '-05:00')
    >>> zone_name(timezone(timedelta(hours=5, minutes=30)))
    '+05:30'
    """
    key = getattr(zone, "key", None) or getattr(zone, "zone", None)  # zoneinfo, pytz
    if isinstance(key, str):
        return key
    offset = (at or datetime.now(UTC)).astimezone(zone).utcoffset()
    minutes = 0 if offset is None else round(offset.total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def polars_zone(tz: str) -> str:
    """An Arrow time zone as polars can name it: an IANA key as it is, a fixed offset
    of whole hours from -12 to +14 as "Etc/GMT-H", any other offset as "UTC" (polars
    names no other).

    Examples
    --------
    >>> polars_zone("Europe/Paris"), polars_zone("+02:00"), polars_zone("-05:00")
    ('Europe/Paris', 'Etc/GMT-2', 'Etc/GMT+5')
    >>> polars_zone("+05:30"), polars_zone("+00:00"), polars_zone("-13:00")
    ('UTC', 'UTC', 'UTC')
    """
    offset = re.fullmatch(r"([+-])(\d\d):?(\d\d)", tz)
    if offset is None:
        return tz
    sign, hours, minutes = offset.groups()
    east = int(hours) if sign == "+" else -int(hours)
    if int(minutes) or not east or not -12 <= east <= 14:  # the zones "Etc/GMT" names
        return "UTC"
    return f"Etc/GMT{-east:+d}"  # the POSIX sign: Etc/GMT-2 is two hours east


def _as_tuple(raw: Any) -> Any:
    """A list as a tuple; anything else as it is, for the validator to judge."""
    return tuple(raw) if isinstance(raw, list) else raw


@attrs.frozen(kw_only=True, eq=False)
class ScoredBook:
    """The scores of a book: ``columns`` maps each name of :data:`COLUMNS` to an array.

    Row k is account k of the book. Enum columns hold int8 codes here, and member
    names in the frames; ``error`` is None for a good row, the reason for a marked one.

    Attributes
    ----------
    columns : dict of str to ndarray
        One array per result column, in the order of :data:`COLUMNS`. The
        ``escalation_due`` array holds UTC instants (``datetime64[us]``, NaT where
        none); :meth:`rows` and the frames give them in ``scored_at``'s time zone.
    segment_names : tuple of str
        The names of the policy's tiers (``segment`` holds indices into it).
    scored_at : datetime.datetime
        When the book was scored (time-zone aware).
    """

    columns: dict[str, Any] = attrs.field(validator=InstanceOf(dict))
    segment_names: tuple[str, ...] = attrs.field(converter=_as_tuple, validator=TupleOf(str))
    scored_at: datetime = attrs.field(validator=MOMENT)

    def __len__(self) -> int:
        return int(self.columns["arr"].shape[0])

    def __getitem__(self, name: str) -> Any:
        return self.columns[name]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order: :data:`COLUMNS` with the kept columns after
        ``account_id``."""
        return tuple(self.columns)

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table, one row per account: text as strings, enum members and
        segments as dictionary-encoded names, ``escalation_due`` as a timestamp in
        ``scored_at``'s time zone. Writes to Parquet and CSV as it is.

        Examples
        --------
        >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
        >>> from cs_framework import Book
        >>> table = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY).to_arrow()
        >>> str(table.schema.field("phase").type), str(table.schema.field("escalation_due").type)
        ('dictionary<values=string, indices=int8, ordered=0>', 'timestamp[us, tz=UTC]')
        """
        zone = pa.timestamp("us", tz=zone_name(self.scored_at.tzinfo, at=self.scored_at))
        arrays: dict[str, pa.Array] = {}
        for name, values in self.columns.items():
            if name in ENUMS:
                arrays[name] = _enum_array(values, ENUMS[name])
            elif name == "segment":
                arrays[name] = _dictionary(values, list(self.segment_names))
            elif name == "escalation_due":
                arrays[name] = pa.array(values, type=pa.timestamp("us")).cast(zone)
            elif name == "error":
                arrays[name] = pa.array(values, type=pa.large_string())
            elif isinstance(values, np.ndarray) and values.dtype == object:
                arrays[name] = as_text(values)
            else:
                arrays[name] = pa.array(values)
        return pa.table(arrays).replace_schema_metadata(
            metadata(self.scored_at, self.segment_names)
        )

    @classmethod
    def from_arrow(
        cls,
        table: pa.Table,
        *,
        scored_at: datetime | None = None,
        segment_names: tuple[str, ...] | None = None,
    ) -> ScoredBook:
        """The scored book a table of :meth:`to_arrow` holds - read back from Parquet,
        say - every column checked (types, enum and tier names, scores on their
        scales) and every bad value listed at once.

        ``scored_at`` and ``segment_names`` are read from the table's metadata, where
        :meth:`to_arrow` writes them; give them for a table that lost it.

        Raises
        ------
        InvalidInputError
            For a missing or misplaced column, a column of the wrong type, or a value
            off its rule, each named with its row and account.

        Examples
        --------
        >>> import io, pyarrow.parquet as pq
        >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
        >>> from cs_framework import Book
        >>> scored = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY)
        >>> sink = io.BytesIO()
        >>> pq.write_table(scored.to_arrow(), sink)
        >>> again = ScoredBook.from_arrow(pq.read_table(sink))
        >>> again.to_arrow().equals(scored.to_arrow()), again.scored_at == scored.scored_at
        (True, True)
        """
        columns, names, when = scored_from_arrow(table, scored_at, segment_names)
        return cls(columns=columns, segment_names=names, scored_at=when)

    def _repr_html_(self) -> str:
        """The first rows, then the summary."""
        rows = list(itertools.islice(self.rows(), 10))
        names = list(self.names)
        shown = [[getattr(row[n], "name", row[n]) for n in names] for row in rows]
        head = html.table(names, shown)
        return html.titled(
            f"Scored book: {len(self):,} accounts, scored at {self.scored_at:%Y-%m-%d %H:%M %Z}",
            head,
            self.summary()._repr_html_(),
        )

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per account (needs pandas): text as strings,
        enum members as categories, ``escalation_due`` in ``scored_at``'s time zone."""
        return pandas_frame(self.to_arrow())

    def to_polars(self) -> Any:
        """A polars DataFrame, one row per account (needs polars): text as String,
        enum members as Categorical, ``escalation_due`` (and any kept time-zone-aware
        column) in its own time zone where polars can name it (an IANA zone, UTC, a
        whole-hour offset), else in UTC: the same instants."""
        import polars as pl

        table = self.to_arrow()
        zones = {}
        for k, field in enumerate(table.schema):
            if pa.types.is_timestamp(field.type) and field.type.tz is not None:
                zones[field.name] = polars_zone(field.type.tz)
                # Through UTC: polars refuses an offset it cannot name.
                utc = table.column(k).cast(pa.timestamp(field.type.unit, tz="UTC"))
                table = table.set_column(k, field.name, utc)
        frame = pl.DataFrame(table)
        return frame.with_columns(
            pl.col(name).dt.convert_time_zone(zone) for name, zone in zones.items()
        )

    def rows(self) -> Iterator[dict[str, Any]]:
        """The rows as dicts of Python values: enum members, None for a marked row's."""
        cols = self.columns
        zone = self.scored_at.tzinfo
        for k in range(len(self)):
            row = {name: _python(cols[name], k, zone) for name in cols}
            for name, kind in ENUMS.items():
                row[name] = kind(row[name]) if row[name] in kind._value2member_map_ else None
            row["segment"] = self.segment_names[row["segment"]] if row["segment"] >= 0 else None
            yield row

    def summary(self) -> BookSummary:
        """Counts and ARR by band x segment x phase, the escalation queue, who is ready to grow."""
        c = self.columns
        ids = c["account_id"]
        good = is_none(c["error"])  # marked rows have no segment or phase (-1)
        band = c["health_band"][good].astype(np.intp) + 1  # UNKNOWN is -1
        n_seg = len(self.segment_names)
        key = (band * n_seg + c["segment"][good]) * len(Phase) + c["phase"][good]
        size = len(Band) * n_seg * len(Phase)
        counts = np.bincount(key, minlength=size)
        arr = np.bincount(key, weights=c["arr"][good], minlength=size)
        table = []
        for k in np.flatnonzero(counts):
            b, rest = divmod(int(k), n_seg * len(Phase))
            s, p = divmod(rest, len(Phase))
            table.append(
                (
                    Band(b - 1).name,
                    self.segment_names[s],
                    Phase(p).name,
                    int(counts[k]),
                    float(arr[k]),
                )
            )
        red = np.flatnonzero(~np.isnat(c["escalation_due"]))
        order = red[np.lexsort((-c["arr"][red], c["escalation_due"][red]))]
        zone = self.scored_at.tzinfo
        escalations = [
            (str(item(ids, k)), _python(c["escalation_due"], k, zone), float(c["arr"][k]))
            for k in order.tolist()
        ]
        # In GROW and not Red: a Red account is not ready to grow (unknown health is not Red).
        grow = np.flatnonzero((c["phase"] == Phase.GROW) & (c["health_band"] != Band.RED))
        grow = grow[np.argsort(-c["arr"][grow], kind="stable")]
        ready = [(str(item(ids, k)), float(c["arr"][k])) for k in grow.tolist()]
        marked = [(str(item(ids, k)), str(c["error"][k])) for k in np.flatnonzero(~good).tolist()]
        return BookSummary(
            by_band_segment_phase=table,
            escalations=escalations,
            ready_to_grow=ready,
            marked=marked,
        )


def _python(column: Any, k: int, zone: tzinfo | None = UTC) -> Any:
    """Entry ``k`` as a Python value; a NumPy instant (UTC) as an aware datetime in ``zone``."""
    if not isinstance(column, np.ndarray):
        return item(column, k)
    value = column[k]
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        moment = value.astype("datetime64[us]").item().replace(tzinfo=UTC)
        return moment.astimezone(zone)
    return value.item() if isinstance(value, np.generic) else value


def _dictionary(codes: NDArray[Any], names: list[str], first: int = 0) -> pa.Array:
    """Codes as a dictionary array of ``names`` (code ``first`` is the first name); a
    code that names nothing (a marked row's -1) is null."""
    index = codes.astype(np.int16) - first
    outside = (index < 0) | (index >= len(names))
    if outside.any():
        indices = pa.array(np.where(outside, 0, index).astype(np.int8), mask=outside)
    else:  # every row scored: no mask to make
        indices = pa.array(index.astype(np.int8))
    return pa.DictionaryArray.from_arrays(indices, pa.array(names, type=pa.string()))


def _enum_array(codes: NDArray[Any], kind: type[Any]) -> pa.Array:
    values = sorted(m.value for m in kind)
    names = [kind(v).name for v in range(values[0], values[-1] + 1)]
    return _dictionary(codes, names, values[0])


def score_book(
    book: Book,
    *,
    as_of: date,
    policy: Policy | None = None,
    scored_at: datetime | None = None,
    errors: Literal["raise", "mark"] = "raise",
    workers: int | None = None,
    explain: bool = False,
) -> ScoredBook:
    """Score every account of a book at once; row k equals ``assess(account_k)`` (for a
    book with nothing in ``book.not_given``: an Account cannot say "never given").

    Parameters
    ----------
    book : Book
        The accounts and their commitments and outcomes, as columns.
    as_of : datetime.date
        The day of the assessment.
    policy : Policy, optional
        Every tunable; ``Policy()`` by default.
    scored_at : datetime.datetime, optional
        When the scores are taken, time-zone aware (escalations are due 48 elapsed
        hours later, in its time zone); midnight UTC of ``as_of`` by default.
    errors : {"raise", "mark"}
        ``"raise"`` (the default): one InvalidInputError listing every bad row.
        ``"mark"``: keep every row; bad ones carry the reason in ``error``.
    workers : int, optional
        Threads for chunked scoring (NumPy releases the GIL); one per core by default.
    explain : bool
        Add, after ``error``, for each scorecard component ``c``: ``points_<c>`` (the
        health points it adds) and ``lost_<c>`` (the points it loses against 100; NaN
        when missing), ``missing`` (the components with no fresh reading), ``gaps``
        (the kinds of the gaps found, one entry per gap) and ``evidence`` (the ids of
        the commitments they cite), lists written as text joined by ``", "``, and
        ``first_reason`` (the reason for ``first_action``): what ``assess`` says of
        each account, for the whole book at once; and the account's ``name`` first.

    Returns
    -------
    ScoredBook
        One row per account, in input order.

    Examples
    --------
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> scored = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY)
    >>> [Phase(p).name for p in scored["phase"]]
    ['TRUST', 'PROVE', 'GROW']
    """
    if not isinstance(book, Book):
        raise InvalidInputError(field="book", value=type(book).__name__, reason="must be a Book")
    DAY.check(as_of, field="as_of")
    check_choice(errors, ("raise", "mark"), field="errors")
    FLAG.check(explain, field="explain")
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    if workers is not None:
        Whole(lo=1).check(workers, field="workers")
    when = scoring_time(as_of, scored_at)
    problems = list(book_problems(book) if book.marks is None else book.marks)
    problems += policy_problems(book, policy)
    error = np.full(len(book), None, dtype=object)
    for k, problem in problems:
        error[k] = str(problem) if error[k] is None else f"{error[k]}; {problem}"
    bad = np.zeros(len(book), dtype=bool)
    bad[[k for k, _ in problems]] = True  # (not a scan of every row's error)
    if bad.any() and errors == "raise":
        raise InvalidInputError.from_problems(
            [p for _, p in problems], summary=f"{int(bad.sum())} bad rows in the book"
        )
    good = np.flatnonzero(~bad)
    part = book if good.size == len(book) else book.take(good)
    results = _Results(len(book), good)
    parts = _score_chunks(
        part,
        today=day_number(as_of),
        scored_at=when,
        policy=policy,
        workers=workers,
        results=results,
        keep=explain,
    )
    columns = {
        "account_id": book.accounts.id,
        **book.accounts.kept,
        "arr": book.accounts.arr,
        **results.columns,
        "error": error,
    }
    if explain:
        scored = ScoredColumns.concatenate(parts)
        columns["name"] = book.accounts.name  # every row's, marked ones too
        why = explanation_columns(scored, part, policy)
        why["first_reason"] = first_reasons(scored, part, policy, day_number(as_of), when)
        for name, values in why.items():
            empty = None if values.dtype == object else np.nan
            columns[name] = _spread(values, good, len(book), empty)
    return ScoredBook(
        columns=columns,
        segment_names=_segment_names(policy),
        scored_at=when,
    )


def scoring_time(as_of: date, scored_at: datetime | None) -> datetime:
    """When a score is taken: ``scored_at`` (time-zone aware), else midnight UTC of
    ``as_of``. The one default of ``assess`` and ``score_book``.

    Scores are taken on or after the day they are about: a ``scored_at`` whose own
    date is more than a day before ``as_of`` (a day's leeway for time zones) is refused.

    Examples
    --------
    >>> scoring_time(date(2026, 11, 2), None).isoformat()
    '2026-11-02T00:00:00+00:00'
    >>> scoring_time(date(2026, 11, 2), datetime(2024, 11, 2, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: scored_at=datetime.datetime(2024, 11, 2, 0, 0, ...
    """
    if scored_at is None:
        when = datetime.combine(as_of, time(0), tzinfo=UTC)
        field, value = "as_of", as_of
    else:
        when = MOMENT.check(scored_at, field="scored_at")
        field, value = "scored_at", scored_at
        if as_of.toordinal() - when.date().toordinal() > _LEEWAY_DAYS:
            raise InvalidInputError(
                field="scored_at",
                value=scored_at,
                reason=f"must not be before as_of={as_of.isoformat()}: scores are taken on "
                "or after the day they are about (a day's leeway for time zones)",
            )
    try:  # an escalation falls due 48 hours later: that time must exist too
        escalation_time(when)
    except OverflowError:
        raise InvalidInputError(
            field=field,
            value=value,
            reason="is too close to an end of the calendar (year 1, year 9999): an escalation "
            "falls due 48 hours after scoring",
        ) from None
    return when


#: How many days before ``as_of`` a scoring time's own date may fall (time zones).
_LEEWAY_DAYS = 1


def _segment_names(policy: Policy) -> tuple[str, ...]:
    return tuple(s.name for s in policy.segments)


#: Accounts scored together at most, when a book is split: a chunk's arrays are small
#: enough to stay in cache and to reuse the last chunk's memory (a 1M-account book
#: scores about 10% faster in chunks of 64k accounts than in one chunk per core).
ACCOUNTS_PER_CHUNK = 65_536


def _score_chunks(
    book: Book,
    *,
    today: float,
    scored_at: datetime,
    policy: Policy,
    workers: int | None,
    results: _Results,
    keep: bool,
) -> list[ScoredColumns]:
    """Score in contiguous chunks of accounts on a thread pool (NumPy releases the GIL),
    each chunk cut from the book and its scores written to ``results`` on the thread
    that scores it; the chunks' scores themselves are kept only when ``keep``.

    Speed only: every chunking scores the same (a property test), so mutation runs
    leave these lines alone (a thread pool in a forked mutant hangs to its timeout).
    """
    n_workers = workers or os.cpu_count() or 1  # pragma: no mutate
    split = n_workers > 1 and len(book) >= 50_000  # pragma: no mutate
    n_chunks = max(n_workers, len(book) // ACCOUNTS_PER_CHUNK)  # pragma: no mutate
    chunks = chunk_bounds(book, n_chunks) if split else None  # pragma: no mutate
    bounds: list[Bounds | None] = [None] if chunks is None else list(chunks)  # pragma: no mutate
    score = partial(
        _score_chunk, book, today, scored_at, policy, results, keep
    )  # pragma: no mutate
    if len(bounds) == 1:  # pragma: no mutate
        return [p for p in map(score, bounds) if p is not None]  # pragma: no mutate
    with ThreadPoolExecutor(max_workers=n_workers) as pool:  # pragma: no mutate
        return [p for p in pool.map(score, bounds) if p is not None]  # pragma: no mutate


def _score_chunk(
    book: Book,
    today: float,
    scored_at: datetime,
    policy: Policy,
    results: _Results,
    keep: bool,
    bounds: Bounds | None,
) -> ScoredColumns | None:
    """Score one chunk (None: the whole book) and write its scores to ``results``."""
    part = book if bounds is None else chunk(book, bounds)
    scored = _score_part(today, scored_at, policy, part)
    lo = 0 if bounds is None else bounds.lo
    results.write(lo, lo + len(part), scored)
    return scored if keep else None


def _score_part(today: float, scored_at: datetime, policy: Policy, part: Book) -> ScoredColumns:
    return score_columns(part, today=today, scored_at=scored_at, policy=policy)


def _spread(values: NDArray[Any], good: NDArray[np.intp], n: int, empty: Any) -> NDArray[Any]:
    """The scored rows' values in place, ``empty`` in the marked rows' (the values as
    they are when no row is marked)."""
    if good.size == n:
        return values
    out = np.full(n, empty, dtype=values.dtype)
    out[good] = values
    return out


#: The result columns a chunk's scores fill: (name, path in ScoredColumns, empty value
#: of a marked row).
_RESULTS = (
    ("trust_raw", "trust_raw", np.nan),
    ("trust_index", "trust_index", np.nan),
    ("reliability", "aggregates.reliability", np.nan),
    ("proof", "aggregates.proof", np.nan),
    ("health", "health.value", np.nan),
    ("health_coverage", "health.coverage", np.nan),
    ("health_band", "health.band", Band.UNKNOWN),
    ("phase", "phase", -1),
    ("stage", "stage", -1),
    ("segment", "segment", -1),
    ("coverage_model", "coverage_model", -1),
    ("first_action", "first_action", -1),
    ("escalation_due", "escalation_due", np.datetime64("NaT", "us")),
    ("renewal_at_risk", "renewal_at_risk", False),
    ("early_warning", "early_warning", False),
)


class _Results:
    """Full-length result columns, filled chunk by chunk (from any thread): the scored
    rows in place, the marked rows empty. A chunk's other arrays, most of them per
    record, are never copied."""

    def __init__(self, n: int, good: NDArray[np.intp]) -> None:
        self.n, self.good = n, good
        self.columns: dict[str, NDArray[Any]] = {}
        self._lock = threading.Lock()

    def write(self, lo: int, hi: int, scored: ScoredColumns) -> None:
        """The scores of the scored rows ``lo`` to ``hi`` (all rows, or the good ones)."""
        values = {name: attrgetter(path)(scored) for name, path, _ in _RESULTS}
        with self._lock:  # the first chunk makes the columns, of its arrays' types
            if not self.columns:
                self.columns = {
                    name: self._column(values[name], empty) for name, _, empty in _RESULTS
                }
        rows = slice(lo, hi) if self.good.size == self.n else self.good[lo:hi]
        for name, column in self.columns.items():
            column[rows] = values[name]

    def _column(self, values: NDArray[Any], empty: Any) -> NDArray[Any]:
        if self.good.size == self.n:
            return np.empty(self.n, dtype=values.dtype)
        return np.full(self.n, empty, dtype=values.dtype)
