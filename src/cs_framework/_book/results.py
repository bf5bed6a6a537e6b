"""The columns of a scored book, declared once, and the way back from Arrow.

``ScoredBook.to_arrow`` writes these columns (and, in the schema's metadata, when the
book was scored and the names of the policy's tiers), so a table written to Parquet
reads back, with :func:`scored_from_arrow`, to the same scores - checked column by
column, every bad value named.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._enums import Action, Band, CoverageModel, Phase, Stage
from .._errors import InvalidInputError, Problem
from .._model.records import SCORE
from .._model.validators import MOMENT, Number
from .explained import is_explained
from .text import as_text, is_text_type, one_array

__all__ = [
    "COLUMNS",
    "ENUMS",
    "METADATA_KEYS",
    "in_zone",
    "metadata",
    "scored_from_arrow",
    "zone_key",
]

#: The result columns, in order (enum columns hold the member names in frames).
COLUMNS: Final = (
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

#: The enum columns and their enums.
ENUMS: Final[dict[str, type[Any]]] = {
    "health_band": Band,
    "phase": Phase,
    "stage": Stage,
    "coverage_model": CoverageModel,
    "first_action": Action,
}

#: The keys of a scored table's schema metadata.
METADATA_KEYS: Final = (b"cs_framework.scored_at", b"cs_framework.zone", b"cs_framework.segments")

#: The rule each number column obeys (NaN: not scored, or unknown).
_NUMBERS: Final[dict[str, Number | None]] = {
    "arr": None,  # any number: a marked row keeps the ARR it was given
    "trust_raw": Number(nan_ok=True),
    "trust_index": Number(lo=0, hi=100, nan_ok=True),
    "reliability": Number(nan_ok=True),
    "proof": Number(lo=0, hi=100, nan_ok=True),
    "health": Number(lo=SCORE.lo, hi=SCORE.hi, nan_ok=True),
    "health_coverage": Number(lo=0, hi=1, nan_ok=True),
}


def metadata(scored_at: datetime, segment_names: tuple[str, ...]) -> dict[bytes, bytes]:
    """What a table needs besides its columns to read back as a scored book.

    Examples
    --------
    >>> metadata(datetime(2026, 6, 30, tzinfo=ZoneInfo("UTC")), ("Digital",))[b"cs_framework.zone"]
    b'UTC'
    """
    return {
        METADATA_KEYS[0]: scored_at.isoformat().encode(),
        METADATA_KEYS[1]: zone_key(scored_at).encode(),
        METADATA_KEYS[2]: json.dumps(list(segment_names)).encode(),
    }


def _from_metadata(schema: pa.Schema) -> tuple[datetime | None, tuple[str, ...] | None]:
    meta = schema.metadata or {}
    if METADATA_KEYS[0] not in meta or METADATA_KEYS[2] not in meta:
        return None, None
    try:
        when = datetime.fromisoformat(meta[METADATA_KEYS[0]].decode())
        names = json.loads(meta[METADATA_KEYS[2]].decode())
        zone = meta.get(METADATA_KEYS[1], b"").decode()
    except ValueError:  # UnicodeDecodeError and JSONDecodeError too
        raise InvalidInputError(
            field="metadata", value=meta[METADATA_KEYS[0]], reason=_NOT_OURS
        ) from None
    if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
        raise InvalidInputError(field="metadata", value=names, reason=_NOT_OURS)
    return in_zone(when, zone), tuple(names)


def zone_key(moment: datetime) -> str:
    """The IANA name of a time's zone (``""`` for a fixed offset, which its ISO text holds).

    Examples
    --------
    >>> from datetime import UTC
    >>> paris = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Paris"))
    >>> zone_key(paris), zone_key(paris.astimezone(UTC))
    ('Europe/Paris', '')
    """
    key = getattr(moment.tzinfo, "key", None)
    return key if isinstance(key, str) else ""


def in_zone(moment: datetime, key: str) -> datetime:
    """``moment`` in the zone named ``key``; as it is where the name is empty or unknown
    here (the offset it was written with still holds the instant)."""
    if not key or moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(ZoneInfo(key))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


_NOT_OURS = "is not the metadata ScoredBook.to_arrow writes"


def scored_from_arrow(
    table: Any,
    scored_at: datetime | None = None,
    segment_names: tuple[str, ...] | None = None,
) -> tuple[dict[str, Any], tuple[str, ...], datetime]:
    """The columns, tier names and scoring time of a table ``ScoredBook.to_arrow`` wrote.

    ``scored_at`` and ``segment_names`` come from the table's metadata unless given.
    Every column is checked: its type, and each value against its rule (names of
    enum members and tiers, scores on their scales); all problems are listed at once.

    Examples
    --------
    >>> scored_from_arrow(pa.table({"account_id": ["a"]}))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: scored_at=None: must be given (the table has no ...
    """
    if not isinstance(table, pa.Table):
        raise InvalidInputError(
            field="table", value=type(table).__name__, reason="must be a pyarrow Table"
        )
    found_at, found_names = _from_metadata(table.schema)
    when = scored_at if scored_at is not None else found_at
    names = segment_names if segment_names is not None else found_names
    if when is None:
        raise InvalidInputError(
            field="scored_at",
            value=None,
            reason="must be given (the table has no metadata of ScoredBook.to_arrow)",
        )
    MOMENT.check(when, field="scored_at")
    if names is None:
        raise InvalidInputError(
            field="segment_names",
            value=None,
            reason="must be given (the table has no metadata of ScoredBook.to_arrow)",
        )
    names = tuple(names)
    _check_names(table.column_names)
    reader = _Reader(table)
    columns: dict[str, Any] = {}
    for name in table.column_names:
        raw = one_array(table.column(name))
        if name == "account_id":
            columns[name] = reader.text(name, raw)
        elif name in _NUMBERS:
            columns[name] = reader.numbers(name, raw)
        elif name in ENUMS:
            columns[name] = reader.codes(name, raw, ENUMS[name])
        elif name == "segment":
            columns[name] = reader.segments(name, raw, names)
        elif name == "escalation_due":
            columns[name] = reader.instants(name, raw)
        elif name in ("renewal_at_risk", "early_warning"):
            columns[name] = reader.flags(name, raw)
        elif name == "error":
            columns[name] = reader.errors(name, raw)
        elif name in ("name", "missing", "gaps", "evidence", "first_reason"):
            columns[name] = reader.errors(name, raw)  # text or null, as the errors are
        elif is_explained(name):  # points_, lost_, override_points
            columns[name] = reader.points(name, raw)
        else:  # a kept column: carried as it is
            columns[name] = raw
    if reader.problems:
        raise InvalidInputError.from_problems(reader.problems, summary="not a scored book")
    return columns, names, when


def _check_names(names: list[str]) -> None:
    """The result columns in order, kept columns (if any) right after ``account_id``,
    the explanation columns (if any) after ``error``."""
    while names and is_explained(names[-1]):
        names = names[:-1]
    if len(names) < len(COLUMNS) or names[0] != COLUMNS[0]:
        missing = [c for c in COLUMNS if c not in names]
        raise InvalidInputError(
            field="columns",
            value=missing[0] if missing else names[0],
            reason=f"a scored book's columns are {', '.join(COLUMNS)}, in this order",
        )
    kept = len(names) - len(COLUMNS)
    if tuple(names[:1] + names[1 + kept :]) != COLUMNS:
        wrong = next(
            n for n, c in zip(names[:1] + names[1 + kept :], COLUMNS, strict=True) if n != c
        )
        raise InvalidInputError(
            field="columns",
            value=wrong,
            reason=f"a scored book's columns are {', '.join(COLUMNS)}, in this order "
            "(kept columns right after account_id)",
        )


def _texty(kind: pa.DataType) -> bool:
    return is_text_type(kind) or pa.types.is_dictionary(kind)


class _Reader:
    """Reads a scored table's columns, collecting each bad value as a problem."""

    def __init__(self, table: pa.Table) -> None:
        self.n = table.num_rows
        self.problems: list[Problem] = []
        self.ids: list[Any] = []

    def _bad(self, name: str, raw: pa.Array, rows: np.ndarray, reason: str) -> None:
        for k in np.flatnonzero(rows)[:20].tolist():
            account = self.ids[k] if k < len(self.ids) else None
            self.problems.append(
                Problem(field=name, value=raw[k].as_py(), account_id=account, reason=reason, row=k)
            )

    def _wrong_type(self, name: str, raw: pa.Array, wanted: str) -> None:
        """A column of the wrong type, shown by its first value (its type in the reason)."""
        present = np.flatnonzero(np.asarray(raw.is_valid().to_numpy(zero_copy_only=False)))
        value = raw[int(present[0])].as_py() if present.size else None
        self.problems.append(
            Problem(
                field=name, value=value, reason=f"must hold {wanted}; the column holds {raw.type}"
            )
        )

    def text(self, name: str, raw: pa.Array) -> Any:
        if not (_texty(raw.type) or pa.types.is_null(raw.type)):
            self._wrong_type(name, raw, "text")
            return as_text(pa.nulls(self.n, pa.string()))
        values = as_text(raw)
        self.ids = values.to_pylist()
        self._bad(
            name,
            values,
            np.asarray(values.is_null().to_numpy(zero_copy_only=False)),
            "must not be missing",
        )
        return values

    def numbers(self, name: str, raw: pa.Array) -> np.ndarray:
        if not (
            pa.types.is_floating(raw.type)
            or pa.types.is_integer(raw.type)
            or pa.types.is_null(raw.type)
        ):
            self._wrong_type(name, raw, "numbers")
            return np.full(self.n, np.nan)
        values = np.asarray(
            pc.fill_null(raw.cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False),
            dtype=np.float64,
        )
        rule = _NUMBERS[name]
        if rule is not None:
            self._bad(name, raw, rule.off(values), rule.reason)
        return values

    def codes(self, name: str, raw: pa.Array, kind: type[Any]) -> np.ndarray:
        names = [m.name for m in kind]
        if name == "health_band":  # a marked row has band UNKNOWN; others leave it empty
            codes = self._lookup(name, raw, names, [m.value for m in kind], missing_ok=False)
        else:
            codes = self._lookup(name, raw, names, [m.value for m in kind], missing_ok=True)
        return codes.astype(np.int8)

    def segments(self, name: str, raw: pa.Array, tiers: tuple[str, ...]) -> np.ndarray:
        return self._lookup(
            name, raw, list(tiers), list(range(len(tiers))), missing_ok=True
        ).astype(np.intp)

    def _lookup(
        self, name: str, raw: pa.Array, names: list[str], codes: list[int], *, missing_ok: bool
    ) -> np.ndarray:
        if not (_texty(raw.type) or pa.types.is_null(raw.type)):
            self._wrong_type(name, raw, f"names ({', '.join(names)})")
            return np.full(self.n, -1)
        values = as_text(raw)
        index = np.asarray(
            pc.fill_null(
                pc.index_in(values, value_set=pa.array(names, pa.large_string())), -1
            ).to_numpy(zero_copy_only=False)
        )
        absent = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        unknown = (index < 0) & ~absent
        self._bad(name, values, unknown, f"must be one of {', '.join(names)}")
        if not missing_ok:
            self._bad(name, values, absent, "must not be missing")
        table = np.asarray([*codes, -1])
        found: np.ndarray = table[index]  # index -1 (missing, unknown) is code -1
        return found

    def instants(self, name: str, raw: pa.Array) -> np.ndarray:
        if pa.types.is_null(raw.type):
            return np.full(self.n, np.datetime64("NaT", "us"))
        if not (pa.types.is_timestamp(raw.type) and raw.type.tz is not None):
            self._wrong_type(name, raw, "time-zone-aware timestamps")
            return np.full(self.n, np.datetime64("NaT", "us"))
        utc = raw.cast(pa.timestamp("us", tz="UTC")).cast(pa.timestamp("us"))
        return np.asarray(utc.to_numpy(zero_copy_only=False), dtype="datetime64[us]")

    def flags(self, name: str, raw: pa.Array) -> np.ndarray:
        if not (pa.types.is_boolean(raw.type) or pa.types.is_null(raw.type)):
            self._wrong_type(name, raw, "true/false")
            return np.zeros(self.n, dtype=bool)
        self._bad(
            name,
            raw,
            np.asarray(raw.is_null().to_numpy(zero_copy_only=False)),
            "must not be missing",
        )
        flags = pc.fill_null(raw.cast(pa.bool_()), False)
        return np.asarray(flags.to_numpy(zero_copy_only=False), dtype=bool)

    def points(self, name: str, raw: pa.Array) -> np.ndarray:
        """Health points (any number, NaN where unknown or missing)."""
        if not (pa.types.is_floating(raw.type) or pa.types.is_null(raw.type)):
            self._wrong_type(name, raw, "numbers")
            return np.full(self.n, np.nan)
        return np.asarray(
            pc.fill_null(raw.cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False),
            dtype=np.float64,
        )

    def errors(self, name: str, raw: pa.Array) -> np.ndarray:
        if not (is_text_type(raw.type) or pa.types.is_null(raw.type)):
            self._wrong_type(name, raw, "text (the reason a row was marked) or nulls")
            return np.full(self.n, None, dtype=object)
        return np.asarray(as_text(raw).to_pylist(), dtype=object)
