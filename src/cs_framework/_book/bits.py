"""Arrow's bitmaps (validity, booleans) as NumPy booleans, unpacked from the buffers.

Arrow's own conversion of a boolean array to NumPy takes about ten times as long
as unpacking its bits with NumPy (1.3 ms against 13 ms for ten million cells).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .._types import BoolArray

__all__ = ["is_null", "is_true"]


def _unpacked(buffer: pa.Buffer, offset: int, n: int) -> BoolArray:
    """The ``n`` bits of a bitmap from bit ``offset``, as booleans."""
    packed = np.frombuffer(buffer, dtype=np.uint8)
    out: BoolArray = np.unpackbits(packed, count=offset + n, bitorder="little").view(bool)
    return out[offset:]


def is_null(values: pa.Array) -> BoolArray:
    """True where a cell of an Arrow array is null.

    Examples
    --------
    >>> is_null(pa.array([1, None, 3])[1:])
    array([ True, False])
    """
    n = len(values)
    if values.null_count == 0:
        return np.zeros(n, dtype=bool)
    if values.null_count == n:  # also a null type, which has no bitmap
        return np.ones(n, dtype=bool)
    return ~_unpacked(values.buffers()[0], values.offset, n)


def is_true(values: pa.Array) -> BoolArray:
    """True where a cell of an Arrow boolean array is true (null is not).

    Examples
    --------
    >>> is_true(pa.array([True, None, False, True])[1:])
    array([False, False,  True])
    """
    n = len(values)
    if values.null_count == n:  # also a null type, which has no buffer of values
        return np.zeros(n, dtype=bool)
    out = _unpacked(values.buffers()[1], values.offset, n)
    if values.null_count:
        out &= ~is_null(values)
    return out
