"""The text columns of a book (ids, names, owners, descriptions), in one of two forms.

A book built from frames or files holds its text in Arrow string arrays, so a million
ids never become a million Python strings; a book built from ``Account`` objects (a
book of one, for ``assess``) holds them in NumPy object arrays, which are cheaper for a
handful of rows. A synthetic book may hold whole-number record ids. Every operation a
book needs on text is here, for both forms, so no other module asks which it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from .._errors import InvalidInputError
from .._model.validators import TEXT
from .._types import BoolArray, IndexArray, is_none, ranges
from .bits import is_null, is_true
from .fingerprints import MIX, buffers, distinct, fingerprint, matches

__all__ = [
    "TextColumn",
    "as_text",
    "blank",
    "duplicated",
    "fingerprint",
    "id_keys",
    "is_text_type",
    "item",
    "joined_by_group",
    "listed",
    "named",
    "missing",
    "one_array",
    "pick",
    "positions_in",
]

#: A text column: an Arrow string array, or a NumPy array (object, or whole-number ids).
TextColumn: TypeAlias = pa.Array | NDArray[Any]

_LARGE = pa.large_string()


def is_text_type(kind: pa.DataType) -> bool:
    """Whether an Arrow type is a string type (with 32- or 64-bit offsets)."""
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def one_array(values: pa.ChunkedArray) -> pa.Array:
    """A chunked column as one array (no copy when it has one chunk). Text of 2 GiB or
    more is given 64-bit offsets, which the chunks' own 32-bit ones cannot reach.

    Examples
    --------
    >>> one_array(pa.chunked_array([["a"], ["b"]])).to_pylist()
    ['a', 'b']
    """
    if values.num_chunks == 1:
        return values.chunk(0)
    if pa.types.is_string(values.type) and values.nbytes >= _OFFSETS_REACH:
        values = values.cast(pa.large_string())
    return values.combine_chunks()


#: The text a column with 32-bit offsets can hold (2 GiB).
_OFFSETS_REACH = 2**31 - 1


def as_text(values: Any) -> pa.Array:
    """An Arrow string array of ``values`` (one chunk; dictionary and view types
    decoded, whole numbers written in decimal).

    Examples
    --------
    >>> as_text(pa.chunked_array([["a"], [None]])).to_pylist()
    ['a', None]
    >>> as_text(pa.array([7, 8])).to_pylist()
    ['7', '8']
    """
    if isinstance(values, pa.ChunkedArray):
        values = one_array(values)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        values = pa.array(values)
    elif not isinstance(values, pa.Array):
        values = _text_of_objects(values)
    kind = values.type
    if pa.types.is_dictionary(kind):
        values = values.dictionary_decode()
        kind = values.type
    if not is_text_type(kind):
        values = values.cast(_LARGE)  # view strings, whole numbers, nulls
    return values


def missing(column: TextColumn) -> BoolArray:
    """True where an entry is missing (null, None).

    Examples
    --------
    >>> missing(pa.array(["a", None])), missing(np.array(["a", None], dtype=object))
    (array([False,  True]), array([False,  True]))
    """
    if isinstance(column, pa.Array):
        return is_null(column)
    return is_none(column)


def blank(column: TextColumn) -> BoolArray:
    """True where an entry is not a non-empty string: missing, empty, only whitespace,
    or not text at all. The rule of :data:`TEXT`, for a whole column.

    Examples
    --------
    >>> blank(pa.array(["acme", " ", None, ""]))
    array([False,  True,  True,  True])
    >>> blank(np.array(["acme", " ", None, 7], dtype=object))
    array([False,  True,  True,  True])
    """
    if not isinstance(column, pa.Array):
        return TEXT.off(column)
    if not is_text_type(column.type):
        return np.ones(len(column), dtype=bool)
    out = missing(column)
    offsets, data = buffers(column)
    out |= offsets[1:] == offsets[:-1]  # empty
    # A string whose first byte is printable ASCII but a space is not blank; only the
    # rest (a space, a control or a non-ASCII first byte) is read to the end. (An empty
    # string's "first byte", clipped to the data, is never used: it is blank already.)
    first = np.take(data, offsets[:-1], mode="clip") if data.size else np.zeros(len(out), np.uint8)
    first -= np.uint8(0x21)  # printable ASCII but a space (0x21-0x7E) is now below 0x5E
    unsure = np.flatnonzero(~out & (first >= np.uint8(0x5E)))
    if unsure.size:
        # Arrow's utf8_is_space and Python's str.isspace() agree on Unicode whitespace
        # (a property test holds them to it).
        space = pc.utf8_is_space(column.take(pa.array(unsure)))
        out[unsure] = is_true(space)
    return out


def pick(column: TextColumn, rows: IndexArray | BoolArray | slice) -> TextColumn:
    """The entries at ``rows``: positions, a mask, or a slice (a view).

    Examples
    --------
    >>> pick(pa.array(["a", "b", "c"]), np.array([2, 0])).to_pylist()
    ['c', 'a']
    >>> pick(pa.array(["a", "b", "c"]), slice(1, 3)).to_pylist()
    ['b', 'c']
    """
    if not isinstance(column, pa.Array):
        return column[rows]
    if isinstance(rows, slice):
        start, stop, _ = rows.indices(len(column))
        return column.slice(start, max(stop - start, 0))
    if rows.dtype == np.bool_:
        return column.filter(pa.array(rows))
    return column.take(pa.array(rows))


def named(column: TextColumn, k: int) -> str | None:
    """Entry ``k`` as an account's name in a message: None when it is not a non-empty
    string (a blank id names no account).

    Examples
    --------
    >>> named(pa.array(["acme", " ", None]), 0), named(pa.array(["acme", " ", None]), 1)
    ('acme', None)
    """
    value = item(column, k)
    return value if isinstance(value, str) and value.strip() else None


def listed(column: TextColumn) -> list[Any]:
    """The entries as Python values (None where missing).

    Examples
    --------
    >>> listed(pa.array(["a", None])), listed(np.array([3, 4]))
    (['a', None], [3, 4])
    """
    values: list[Any] = column.to_pylist() if isinstance(column, pa.Array) else column.tolist()
    return values


def item(column: TextColumn, k: int) -> Any:
    """Entry ``k`` as a Python value.

    Examples
    --------
    >>> item(pa.array(["a", None]), 0), item(np.array([3, 4]), 1)
    ('a', 4)
    """
    if isinstance(column, pa.Array):
        return column[k].as_py()
    value = column[k]
    return value.item() if isinstance(value, np.generic) else value


def positions_in(keys: Sequence[TextColumn], ids: TextColumn) -> list[IndexArray]:
    """For each column of ``keys``, the position of each key in ``ids`` (its first, -1
    where it is not there): one hash join in compiled code for Arrow columns, whatever
    their number (matched on fingerprints, every match confirmed on the text).

    Records usually come grouped by account, so only the first key of each run of
    equal keys is looked up, and the runs are filled by repetition.

    Examples
    --------
    >>> positions_in([pa.array(["b", "b", "z"]), pa.array(["a", None])], pa.array(["a", "b"]))
    [array([ 1,  1, -1]), array([ 0, -1])]
    """
    if not any(isinstance(k, pa.Array) for k in [*keys, ids]):
        position = {key: k for k, key in enumerate(ids.tolist())}
        return [
            np.fromiter(
                (position.get(_hashable(key), -1) for key in k.tolist()),
                dtype=np.intp,
                count=len(k),
            )
            for k in keys
        ]
    ids = as_text(ids)
    runs = []
    for column in keys:
        column = as_text(column)
        if column.type != ids.type:
            column = column.cast(ids.type)
        n = len(column)
        changed = pc.not_equal(column[1:], column[:-1])  # a missing key: a run of its own
        new_run = is_true(changed)
        if changed.null_count:
            new_run |= is_null(changed)
        starts = _run_starts(new_run, n)
        runs.append((column.take(pa.array(starts)), starts, n))
    heads = pa.concat_arrays([head for head, _, _ in runs]) if runs else pa.array([], ids.type)
    at = _found(heads, ids)
    out, used = [], 0
    for _, starts, n in runs:
        positions = at[used : used + starts.size]
        used += starts.size
        out.append(np.repeat(positions, np.diff(np.append(starts, n))))
    return out


def _found(keys: pa.Array, ids: pa.Array) -> IndexArray:
    """The position of each key in ``ids`` (its first, -1 where it is not there):
    matched on fingerprints, confirmed on the text; Arrow's hash join settles what
    fingerprints cannot (ids sharing one, missing keys)."""
    at = matches(fingerprint(keys), fingerprint(ids))
    if at is None:
        unsure = np.arange(len(keys))
        at = np.full(len(keys), -1, dtype=np.intp)
    else:
        rows = np.flatnonzero(at >= 0)
        matched = keys if rows.size == len(keys) else keys.take(pa.array(rows))  # (usually all)
        same = _same_text(matched, ids.take(pa.array(at[rows])))
        unsure = rows[~same]
    if unsure.size:
        found = pc.fill_null(pc.index_in(keys.take(pa.array(unsure)), value_set=ids), -1)
        at[unsure] = np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.intp)
    return at


def _same_text(a: pa.Array, b: pa.Array) -> BoolArray:
    """Where two Arrow text arrays hold the same text (False where either is missing)."""
    return is_true(pc.equal(a, b))


def id_keys(ids: TextColumn) -> NDArray[np.uint64]:
    """A 64-bit key of each id for :func:`duplicated`: equal ids have equal keys (in an
    Arrow column every missing id has the empty string's, 0), different ones almost
    never do.

    Examples
    --------
    >>> a, b, c = id_keys(pa.array(["x", "y", "x"])).tolist()
    >>> a == c, a == b, id_keys(pa.array([None]))[0]
    (True, False, np.uint64(0))
    """
    if isinstance(ids, pa.Array):
        ids = as_text(ids)
        return fingerprint(ids)  # every missing id alike: the empty string's, 0
    if ids.dtype.kind in "iu":
        return ids.astype(np.uint64)
    hashes = np.fromiter((hash(_hashable(v)) for v in ids.tolist()), dtype=np.int64, count=len(ids))
    return hashes.view(np.uint64)


def duplicated(ids: TextColumn, group: IndexArray | None = None) -> BoolArray:
    """True for the second and later occurrences of an id (within its group, if given).

    Arrow ids in groups of one run of rows each (as a book's records come) are compared
    with their neighbours first: a group whose ids rise strictly from row to row holds
    no id twice, and only the other groups are read further. Those, or all rows, are
    sorted by a 64-bit key of each id (:func:`id_keys`) with its group; candidates are
    confirmed by comparing each with the first id of its key, so the answer is exact;
    ids that share a key without being equal (rare) are settled one by one.

    Examples
    --------
    >>> duplicated(pa.array(["a", "b", "a", None, None]))
    array([False, False,  True, False,  True])
    >>> duplicated(pa.array(["a", "a", "a"]), np.array([0, 1, 0]))
    array([False, False,  True])
    """
    n = len(ids)
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    if isinstance(ids, pa.Array):
        ids = as_text(ids)
        if group is not None:
            rows = _unsure_rows(ids, group)
            if rows is not None:  # every group one run: only runs not rising are read
                if rows.size:
                    out[rows] = _duplicated(pick(ids, rows), group[rows])
                return out
    return _duplicated(ids, group)


def _unsure_rows(ids: pa.Array, group: IndexArray) -> IndexArray | None:
    """The rows of the groups whose ids do not rise strictly from row to row (only
    there can an id repeat), or None when a group is not one run of rows.

    Records come grouped by account, and often each account's ids in order (sorted
    exports, numbered records): a comparison of neighbours then rules out repeats,
    where a sort of every id's key costs three times as much."""
    same = group[1:] == group[:-1]  # row k + 1 is in row k's group
    starts = _run_starts(~same, len(group))
    if np.bincount(group[starts] + 1).max() > 1:  # (a missing account, -1, counted too)
        return None
    rising = is_true(pc.greater(ids[1:], ids[:-1]))  # (False beside a missing id)
    unsure = np.flatnonzero(same & ~rising) + 1  # rows after an id not below them
    if not unsure.size:
        return np.zeros(0, dtype=np.intp)
    runs = np.unique(np.searchsorted(starts, unsure, side="right") - 1)
    ends = np.append(starts[1:], len(group))
    return ranges(starts[runs], ends[runs] - starts[runs])


def _run_starts(new_run: BoolArray, n: int) -> IndexArray:
    """The first row of each run of ``n`` rows, where ``new_run[k]`` says row k + 1
    starts one (none when there are no rows)."""
    starts = np.zeros(np.count_nonzero(new_run) + 1 if n else 0, dtype=np.intp)
    starts[1:] = np.flatnonzero(new_run) + 1
    return starts


def _duplicated(ids: TextColumn, group: IndexArray | None) -> BoolArray:
    """:func:`duplicated` by a sort of the ids' keys (for two ids or more)."""
    out = np.zeros(len(ids), dtype=bool)
    key = _grouped(id_keys(ids), group)
    if group is None and distinct(key):  # keys in no order: a hash table beats a sort
        return out
    # Sorted in place: a book's ten million keys would be 80 MB more of fresh memory.
    # Grouped keys come nearly sorted, which the stable sort (a merge of runs) is quick
    # on; others (here only when some key repeats) in no order, which quicksort is.
    key.sort(kind="stable" if group is not None else "quicksort")
    if not (key[1:] == key[:-1]).any():  # no key twice, no id twice: the usual case
        return out
    key = _grouped(id_keys(ids), group)  # (the rare case: taken again, unsorted)
    order = np.argsort(key, kind="stable")  # equal keys keep their order in the column
    ordered = key[order]
    repeats = ordered[1:] == ordered[:-1]
    later = np.flatnonzero(repeats) + 1
    # Each row whose key was seen before, against the first row with that key.
    starts = np.flatnonzero(np.concatenate([[True], ~repeats]))
    first = starts[np.searchsorted(starts, later, side="right") - 1]
    rows, firsts = order[later], order[first]
    same = _same_ids(ids, rows, firsts)
    if group is not None:
        same &= group[rows] == group[firsts]
    out[rows[same]] = True
    unsure = np.unique(first[~same])  # a key shared by different ids: settle exactly
    if unsure.size:
        _settle(out, ids, group, order, starts, unsure)
    return out


#: Rows whose keys are grouped at a time: the scratch arrays stay small and reused.
_BLOCK = 1 << 16


def _grouped(key: NDArray[np.uint64], group: IndexArray | None) -> NDArray[np.uint64]:
    """``key`` (changed in place) made group-major: equal ids of different groups get
    different keys, and a book's rows, grouped by account, come nearly sorted."""
    if group is None or not group.size:
        return key
    small = int(group.max()) < 2**24
    with np.errstate(over="ignore"):
        for lo in range(0, key.size, _BLOCK):  # in blocks: no array of 8n bytes more
            part, bits = key[lo : lo + _BLOCK], group[lo : lo + _BLOCK].astype(np.uint64)
            if small:  # the group in the top 24 bits, 40 bits of the key below
                part >>= np.uint64(24)
                part |= bits << np.uint64(40)
            else:
                part *= MIX[0]
                part ^= bits
    return key


def _same_ids(ids: TextColumn, rows: IndexArray, firsts: IndexArray) -> BoolArray:
    if isinstance(ids, pa.Array):
        a, b = ids.take(pa.array(rows)), ids.take(pa.array(firsts))
        both_missing = missing(a) & missing(b)
        return _same_text(a, b) | both_missing
    if ids.dtype.kind in "iu":
        same: BoolArray = ids[rows] == ids[firsts]
        return same
    values = ids.tolist()
    return np.array(
        [_hashable(values[r]) == _hashable(values[f]) for r, f in zip(rows, firsts, strict=True)],
        dtype=bool,
    )


def _settle(
    out: BoolArray,
    ids: TextColumn,
    group: IndexArray | None,
    order: IndexArray,
    starts: IndexArray,
    runs: IndexArray,
) -> None:
    """Mark the repeats among the rows of the given runs of equal keys, exactly."""
    ends = np.append(starts[1:], len(order))
    for start in runs.tolist():
        end = int(ends[np.searchsorted(starts, start)])
        rows = order[start:end].tolist()
        values = listed(pick(ids, np.array(rows, dtype=np.intp)))
        seen: set[Any] = set()
        for row, value in zip(rows, values, strict=True):
            k = (_hashable(value), None if group is None else int(group[row]))
            out[row] = k in seen
            seen.add(k)


def _text_of_objects(values: Any) -> pa.Array:
    """Python strings (and None) as an Arrow column: inferred in one pass in compiled
    code; anything else (bytes, numbers, NaN) is refused, named by its first value."""
    try:
        inferred = pa.array(values, from_pandas=False)
    except (pa.ArrowException, TypeError, ValueError):
        inferred = None
    if inferred is not None and (is_text_type(inferred.type) or pa.types.is_null(inferred.type)):
        return inferred.cast(_LARGE)
    odd = [v for v in np.asarray(values, dtype=object).tolist() if not _is_text(v)]
    raise InvalidInputError(field="text", value=odd[0], reason=TEXT.reason)


def _is_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:  # a list or dict in a cell: compared by its text
        return repr(value)
    return value


def joined_by_group(
    values: pa.Array, group: NDArray[np.intp], n: int, separator: str
) -> NDArray[np.object_]:
    """Per group ``0..n-1``, its values in the order given, joined by ``separator``
    (``""`` for a group with none); one Arrow join, no Python loop over groups.

    Examples
    --------
    >>> joined_by_group(pa.array(["a", "b", "c"]), np.array([1, 0, 1]), 3, ", ").tolist()
    ['b', 'a, c', '']
    """
    order = np.lexsort((np.arange(group.size), group))
    offsets = np.concatenate([[0], np.cumsum(np.bincount(group, minlength=n))])
    text = values.cast(pa.large_string()).take(pa.array(order))
    lists = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), text)
    joined = pc.binary_join(lists, pa.scalar(separator, pa.large_string()))
    return np.asarray(joined.to_pylist(), dtype=object)
