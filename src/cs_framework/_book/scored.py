"""``score_book()`` and its result: one row per account, in input order, nothing dropped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, tzinfo
from functools import partial
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from .._enums import Action, Band, CoverageModel, Phase, Stage
from .._errors import InvalidInputError
from .._model.policy import Policy
from .._model.validators import DAY, MOMENT, InstanceOf, Whole, check_choice
from .._types import day_number, is_none
from .book import Book
from .checks import book_problems, policy_problems
from .score import ScoredColumns, score_columns

__all__ = ["COLUMNS", "BookSummary", "ScoredBook", "score_book", "scoring_time", "zone_name"]

#: The result columns, in order (enum columns hold the member names in frames).
COLUMNS = (
    "account_id",
    "arr",
    "trust_raw",
    "trust_index",
    "reliability",
    "proof",
    "health",
    "health_coverage",
    "health_band",
    "phase",
    "stage",
    "segment",
    "coverage_model",
    "first_action",
    "escalation_due",
    "renewal_at_risk",
    "early_warning",
    "error",
)
_ENUMS: dict[str, type[Any]] = {
    "health_band": Band,
    "phase": Phase,
    "stage": Stage,
    "coverage_model": CoverageModel,
    "first_action": Action,
}


def _names(kind: type[Any], codes: NDArray[np.int8]) -> NDArray[np.object_]:
    """Member names for codes; None for -1 where -1 is not a member (a marked row)."""
    lookup = {m.value: m.name for m in kind}
    first = min(-1, *lookup)
    table = np.array([lookup.get(k) for k in range(first, max(lookup) + 1)], dtype=object)
    return table[codes.astype(np.intp) - first]  # type: ignore[no-any-return]


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
        The accounts in GROW: id and ARR, the largest ARR first.
    marked : list of (str, str)
        Rows marked bad under ``errors="mark"``: account id and reason. They have no
        band, segment or phase, so they are listed here rather than counted above.
    """

    by_band_segment_phase: list[tuple[str, str, str, int, float]]
    escalations: list[tuple[str, datetime, float]]
    ready_to_grow: list[tuple[str, float]]
    marked: list[tuple[str, str]] = attrs.field(factory=list)

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
        lines.append(f"Ready to grow: {len(self.ready_to_grow):,} accounts in GROW, top 5 by ARR:")
        lines += [f"  {aid}  ARR {arr:,.0f}" for aid, arr in self.ready_to_grow[:5]]
        if self.marked:
            lines.append(f"Marked bad, not scored: {len(self.marked):,} accounts, first 5:")
            lines += [f"  {aid}  {reason}" for aid, reason in self.marked[:5]]
        return "\n".join(lines)


def zone_name(zone: tzinfo | None, *, offsets: bool = True, at: datetime | None = None) -> str:
    """A time zone as frame libraries name it: its IANA key, or "UTC", or for a zone
    with no key its offset (at ``at``, the scoring time) as "+HH:MM" (``offsets=True``,
    Arrow) or as the IANA "Etc/GMT-H" of a whole-hour offset, else "UTC"
    (``offsets=False``: polars names no other fixed offset).

    Examples
    --------
    >>> from datetime import timedelta, timezone
    >>> from zoneinfo import ZoneInfo
    >>> paris, east = ZoneInfo("Europe/Paris"), timezone(-timedelta(hours=5))
    >>> zone_name(UTC), zone_name(paris), zone_name(east), zone_name(east, offsets=False)
    ('UTC', 'Europe/Paris', '-05:00', 'Etc/GMT+5')
    >>> zone_name(timezone(timedelta(hours=5, minutes=30)), offsets=False)
    'UTC'
    """
    key = getattr(zone, "key", None) or getattr(zone, "zone", None)  # zoneinfo, pytz
    if isinstance(key, str):
        return key
    offset = (at or datetime.now(UTC)).astimezone(zone).utcoffset()
    minutes = 0 if offset is None else round(offset.total_seconds() / 60)
    if not minutes:
        return "UTC"
    if not offsets:  # "Etc/GMT+5" is five hours *behind* UTC (the POSIX sign)
        return f"Etc/GMT{-minutes // 60:+d}" if minutes % 60 == 0 else "UTC"
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


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

    columns: dict[str, NDArray[Any]]
    segment_names: tuple[str, ...]
    scored_at: datetime

    def __len__(self) -> int:
        return int(self.columns["account_id"].shape[0])

    def __getitem__(self, name: str) -> NDArray[Any]:
        return self.columns[name]

    def _plain_columns(self) -> dict[str, NDArray[Any]]:
        out = dict(self.columns)
        for name, kind in _ENUMS.items():
            out[name] = _names(kind, self.columns[name])
        names = np.array([*self.segment_names, None], dtype=object)
        out["segment"] = names[self.columns["segment"]]  # -1 (a marked row) is None
        return out

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per account (needs pandas); ``escalation_due``
        in ``scored_at``'s time zone."""
        import pandas as pd

        frame = pd.DataFrame(self._plain_columns())
        due = frame["escalation_due"].dt.tz_localize("UTC")
        frame["escalation_due"] = due.dt.tz_convert(self.scored_at.tzinfo)
        return frame

    def to_polars(self) -> Any:
        """A polars DataFrame, one row per account (needs polars); ``escalation_due``
        in ``scored_at``'s time zone where polars can name it (an IANA zone, UTC, a
        whole-hour offset), else in UTC: the same instants."""
        import polars as pl

        due = pl.col("escalation_due").dt.replace_time_zone("UTC")
        return pl.DataFrame(self._plain_columns()).with_columns(
            due.dt.convert_time_zone(
                zone_name(self.scored_at.tzinfo, offsets=False, at=self.scored_at)
            )
        )

    def to_arrow(self) -> Any:
        """A pyarrow Table, one row per account (needs pyarrow); ``escalation_due``
        in ``scored_at``'s time zone."""
        import pyarrow as pa

        columns = self._plain_columns()
        zone = pa.timestamp("us", tz=zone_name(self.scored_at.tzinfo, at=self.scored_at))
        columns["escalation_due"] = pa.array(columns["escalation_due"]).cast(zone)
        return pa.table(columns)

    def rows(self) -> Iterator[dict[str, Any]]:
        """The rows as dicts of Python values: enum members, None for a marked row's."""
        cols = self.columns
        zone = self.scored_at.tzinfo
        for k in range(len(self)):
            row = {name: _python(cols[name][k], zone) for name in COLUMNS}
            for name, kind in _ENUMS.items():
                row[name] = kind(row[name]) if row[name] in kind._value2member_map_ else None
            row["segment"] = self.segment_names[row["segment"]] if row["segment"] >= 0 else None
            yield row

    def summary(self) -> BookSummary:
        """Counts and ARR by band x segment x phase, the escalation queue, who is ready to grow."""
        c = self.columns
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
            (str(c["account_id"][k]), _python(c["escalation_due"][k], zone), float(c["arr"][k]))
            for k in order
        ]
        grow = np.flatnonzero(c["phase"] == Phase.GROW)
        grow = grow[np.argsort(-c["arr"][grow], kind="stable")]
        ready = [(str(c["account_id"][k]), float(c["arr"][k])) for k in grow]
        marked = [(str(c["account_id"][k]), str(c["error"][k])) for k in np.flatnonzero(~good)]
        return BookSummary(
            by_band_segment_phase=table,
            escalations=escalations,
            ready_to_grow=ready,
            marked=marked,
        )


def _python(value: Any, zone: tzinfo | None = UTC) -> Any:
    """A Python value; a NumPy instant (UTC) as an aware datetime in ``zone``."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        moment = value.astype("datetime64[us]").item().replace(tzinfo=UTC)
        return moment.astimezone(zone)
    return value.item() if isinstance(value, np.generic) else value


def score_book(
    book: Book,
    *,
    as_of: date,
    policy: Policy | None = None,
    scored_at: datetime | None = None,
    errors: Literal["raise", "mark"] = "raise",
    workers: int | None = None,
) -> ScoredBook:
    """Score every account of a book at once; row k equals ``assess(account_k)``.

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
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    if workers is not None:
        Whole(lo=1).check(workers, field="workers")
    when = scoring_time(as_of, scored_at)
    problems = list(book_problems(book) if book.marks is None else book.marks)
    problems += policy_problems(book, policy)
    error = np.full(len(book), None, dtype=object)
    for k, problem in problems:
        error[k] = str(problem) if error[k] is None else f"{error[k]}; {problem}"
    bad = ~is_none(error)
    if bad.any() and errors == "raise":
        raise InvalidInputError.from_problems(
            [p for _, p in problems], summary=f"{int(bad.sum())} bad rows in the book"
        )
    good = np.flatnonzero(~bad)
    scored = _score_chunks(
        book if good.size == len(book) else book.take(good),
        today=day_number(as_of),
        scored_at=when,
        policy=policy,
        workers=workers,
    )
    return ScoredBook(
        columns=_assemble(book, scored, good, error),
        segment_names=_segment_names(policy),
        scored_at=when,
    )


def scoring_time(as_of: date, scored_at: datetime | None) -> datetime:
    """When a score is taken: ``scored_at`` (time-zone aware), else midnight UTC of
    ``as_of``. The one default of ``assess`` and ``score_book``."""
    if scored_at is None:
        return datetime.combine(as_of, time(0), tzinfo=UTC)
    return MOMENT.check(scored_at, field="scored_at")


def _segment_names(policy: Policy) -> tuple[str, ...]:
    return tuple(s.name for s in policy.segments)


def _score_chunks(
    book: Book, *, today: float, scored_at: datetime, policy: Policy, workers: int | None
) -> ScoredColumns:
    """Score in contiguous chunks of accounts on a thread pool (NumPy releases the GIL)."""
    n_workers = workers or os.cpu_count() or 1
    chunks = book.chunks(n_workers) if n_workers > 1 and len(book) >= 50_000 else [book]
    if len(chunks) == 1:
        return _score_part(today, scored_at, policy, book)
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        parts = list(pool.map(partial(_score_part, today, scored_at, policy), chunks))
    return ScoredColumns.concatenate(parts)


def _score_part(today: float, scored_at: datetime, policy: Policy, part: Book) -> ScoredColumns:
    return score_columns(part, today=today, scored_at=scored_at, policy=policy)


def _assemble(
    book: Book, s: ScoredColumns, good: NDArray[np.intp], error: NDArray[np.object_]
) -> dict[str, NDArray[Any]]:
    """Full-length result columns: scored rows in place, marked rows empty."""
    n = len(book)

    def full(values: NDArray[Any], empty: Any) -> NDArray[Any]:
        if good.size == n:
            return values
        out = np.full(n, empty, dtype=values.dtype)
        out[good] = values
        return out

    return {
        "account_id": book.accounts.id,
        "arr": book.accounts.arr,
        "trust_raw": full(s.trust_raw, np.nan),
        "trust_index": full(s.trust_index, np.nan),
        "reliability": full(s.aggregates.reliability, np.nan),
        "proof": full(s.aggregates.proof, np.nan),
        "health": full(s.health.value, np.nan),
        "health_coverage": full(s.health.coverage, np.nan),
        "health_band": full(s.health.band, Band.UNKNOWN),
        "phase": full(s.phase, -1),
        "stage": full(s.stage, -1),
        "segment": full(s.segment, -1),
        "coverage_model": full(s.coverage_model, -1),
        "first_action": full(s.first_action, -1),
        "escalation_due": full(s.escalation_due, np.datetime64("NaT", "us")),
        "renewal_at_risk": full(s.renewal_at_risk, False),
        "early_warning": full(s.early_warning, False),
        "error": error,
    }
