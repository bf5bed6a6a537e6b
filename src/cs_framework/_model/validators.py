"""The one set of validators: every check of a value, and its one wording.

A validator is a small callable class with a ``repr``, as attrs' own are. Called by
attrs on an object's field, it checks one value; :meth:`check` does the same for a
function's argument; and, where a book holds the field as a column, :meth:`off`
marks the bad entries of the whole column, so a book's row checks apply the same
rule in the same words as the objects. Every failure is an
:class:`~cs_framework.InvalidInputError` that names the field, the value and the
account.
"""

from __future__ import annotations

import math
import numbers
from datetime import date, datetime
from typing import Any, ClassVar, Final, NoReturn

import attrs
import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidInputError
from .._types import BoolArray, FloatArray, is_none

__all__ = [
    "DAY",
    "FLAG",
    "MOMENT",
    "TEXT",
    "Day",
    "Flag",
    "InstanceOf",
    "Moment",
    "Number",
    "Optional",
    "OwnRecords",
    "Text",
    "TupleOf",
    "Whole",
    "account_of",
    "an",
    "check_choice",
    "check_scale",
    "differs_from",
    "duplicate_of",
    "given_with",
    "not_above",
    "not_before",
    "refuse",
    "whole",
]


def account_of(instance: Any) -> str | None:
    """The id of the account an object belongs to, for error messages; None if unknown."""
    owner = getattr(instance, "account_id", None)
    if owner is None and type(instance).__name__ == "Account":
        owner = instance.id
    return owner if isinstance(owner, str) and owner.strip() else None


def an(name: str) -> str:
    """``name`` with its indefinite article: ``an Override``, ``a Commitment``.

    Examples
    --------
    >>> an("Override"), an("Commitment")
    ('an Override', 'a Commitment')
    """
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def refuse(value: Any, reason: str, *, field: str, account_id: str | None = None) -> NoReturn:
    """Raise the error every check raises: ``field=value (account 'id'): reason``."""
    raise InvalidInputError(field=field, value=value, account_id=account_id, reason=reason)


def _span(lo: float | None, hi: float | None, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        return f" in {'(' if lo_open else '['}{lo:g}, {hi:g}]"
    if lo is not None:
        return f" {'>' if lo_open else '>='} {lo:g}"
    return ""


@attrs.frozen(repr=False)
class Number:
    """A finite real number (not a bool) within ``[lo, hi]`` (``(lo, hi]`` if ``lo_open``).

    With ``nan_ok``, NaN is accepted too: an unknown score.

    Examples
    --------
    >>> Number(lo=0, hi=100)
    <number: a finite number in [0, 100]>
    >>> Number(lo=0).check(-5, field="arr", account_id="acme")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: arr=-5 (account 'acme'): must be a finite number >= 0
    >>> Number(lo=1, hi=10).off(np.array([0.5, 5.0, np.nan]))
    array([ True, False,  True])
    """

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    nan_ok: bool = False

    @property
    def wanted(self) -> str:
        """What a good value is, in words."""
        text = f"a finite number{_span(self.lo, self.hi, self.lo_open)}"
        return f"{text}, or NaN (unknown)" if self.nan_ok else text

    @property
    def reason(self) -> str:
        """The reason an error gives."""
        return f"must be {self.wanted}"

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` passes (a number of the right kind, within the bounds)."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return False
        try:
            x = float(value)
        except OverflowError:  # an int too large for a float is off any scale
            return False
        if math.isnan(x):
            return self.nan_ok
        if not math.isfinite(x):
            return False
        if self.lo is not None and not (x > self.lo if self.lo_open else x >= self.lo):
            return False
        return self.hi is None or x <= self.hi

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> float:
        """An argument as a float (a number, or a 0-d numeric array), or the error naming
        ``field``."""
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        if not self.accepts(value):
            refuse(value, self.reason, field=field, account_id=account_id)
        return float(value)

    def off(self, values: FloatArray) -> BoolArray:
        """True where an entry of a float column fails (NaN fails unless ``nan_ok``)."""
        ok = np.isfinite(values)
        if self.lo is not None:
            ok &= values > self.lo if self.lo_open else values >= self.lo
        if self.hi is not None:
            ok &= values <= self.hi
        if self.nan_ok:
            ok |= np.isnan(values)
        return ~ok

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        # An object's field keeps the value it was given: a plain number, never an array.
        if not self.accepts(value):
            refuse(value, self.reason, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return f"<number: {self.wanted}>"


def whole(value: Any) -> Any:
    """A whole number as an ``int`` - ``3``, ``numpy.int64(3)`` or ``3.0`` alike (a
    count read from a frame is often a float) - and anything else unchanged, for the
    validator to refuse. Nothing is rounded: ``2.5`` stays ``2.5``.

    Examples
    --------
    >>> whole(3.0), whole(2.5), whole(True)
    (3, 2.5, True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        return int(float(value))
    return value


@attrs.frozen(repr=False)
class Whole:
    """A whole number (not a bool) of at least ``lo`` and at most 2**53; ``3.0`` is
    the whole number 3 (see :func:`whole`).

    Examples
    --------
    >>> Whole().check(2.5, field="teams")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: teams=2.5: must be a whole number >= 0 (at most 2**53)
    """

    lo: int = 0

    #: The largest count: every whole number up to it is exact in floating point.
    HI: ClassVar[int] = 2**53

    @property
    def reason(self) -> str:
        """The reason an error gives."""
        return f"must be a whole number >= {self.lo} (at most 2**53)"

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> int:
        """``value`` as an ``int``, or the error naming ``field``."""
        count = whole(value)
        if isinstance(count, bool) or not isinstance(count, int) or not self.lo <= count <= self.HI:
            refuse(value, self.reason, field=field, account_id=account_id)
        return count

    def off(self, values: NDArray[Any]) -> BoolArray:
        """True where an entry of a count column is below ``lo`` or above 2**53."""
        outside: BoolArray = (values < self.lo) | (values > self.HI)
        return outside

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return f"<whole number >= {self.lo}>"


@attrs.frozen(repr=False)
class Text:
    """A string that is not empty or blank.

    Examples
    --------
    >>> TEXT.off(np.array(["acme", " ", None, 7], dtype=object))
    array([False,  True,  True,  True])
    >>> TEXT.off(np.array(["acme", ["acme"]], dtype=object))
    array([False,  True])
    """

    reason: ClassVar[str] = "must be a non-empty string"

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> str:
        """``value``, or the error naming ``field``."""
        if not self._ok(value):
            refuse(value, self.reason, field=field, account_id=account_id)
        return str(value)

    def off(self, values: NDArray[Any]) -> BoolArray:
        """True where an entry of a text column is missing, not a string, or blank.

        Each distinct value is judged once: text columns repeat their values (owners,
        descriptions), so the set of them is much smaller than the column.
        """
        listed = values.tolist()
        try:
            distinct = set(listed)
        except TypeError:  # an unhashable cell (a list, a dict): judge row by row
            return np.fromiter((not self._ok(v) for v in listed), dtype=bool, count=len(listed))
        bad = {v for v in distinct if not self._ok(v)}
        if not bad:
            return np.zeros(len(values), dtype=bool)
        return np.fromiter((v in bad for v in listed), dtype=bool, count=len(listed))

    @staticmethod
    def _ok(value: Any) -> bool:
        if not (isinstance(value, str) and value.strip()):
            return False
        try:  # a lone surrogate ("\ud800") is no text any file or frame can hold
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return "<non-empty string>"


@attrs.frozen(repr=False)
class Day:
    """A calendar date; a ``datetime`` is refused (which day it means is ambiguous).

    Examples
    --------
    >>> DAY.check(datetime(2026, 1, 5, 9, 0), field="due")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: due=datetime.datetime(2026, 1, 5, 9, 0): must be a datetime.date
    """

    reason: ClassVar[str] = "must be a datetime.date"

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a date (and not a datetime)."""
        return isinstance(value, date) and not isinstance(value, datetime)

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> date:
        """``value``, or the error naming ``field``."""
        if not self.accepts(value):
            refuse(value, self.reason, field=field, account_id=account_id)
        return value  # type: ignore[no-any-return]

    def off(self, days: FloatArray) -> BoolArray:
        """True where a required date column (day numbers) has no date (NaN)."""
        return np.isnan(days)

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return "<datetime.date>"


@attrs.frozen(repr=False)
class Moment:
    """A time-zone-aware ``datetime``: a naive one names no instant, so it is refused.

    Examples
    --------
    >>> MOMENT.check(datetime(2026, 3, 2, 9, 30), field="scored_at")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: scored_at=datetime.datetime(2026, 3, 2, 9, 30): must be a
    time-zone-aware datetime.datetime (a naive time names no instant; give tzinfo, ...)
    """

    reason: ClassVar[str] = (
        "must be a time-zone-aware datetime.datetime (a naive time names no instant; "
        "give tzinfo, e.g. datetime.now(UTC))"
    )

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> datetime:
        """``value``, or the error naming ``field``."""
        if not isinstance(value, datetime) or value.utcoffset() is None:
            refuse(value, self.reason, field=field, account_id=account_id)
        return value

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return "<time-zone-aware datetime>"


@attrs.frozen(repr=False)
class Flag:
    """Exactly ``True`` or ``False``: no truthy stand-ins (1, "yes")."""

    reason: ClassVar[str] = "must be True or False"

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> bool:
        """``value``, or the error naming ``field``."""
        if not isinstance(value, bool):
            refuse(value, self.reason, field=field, account_id=account_id)
        return bool(value)

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return "<True or False>"


@attrs.frozen(repr=False)
class InstanceOf:
    """An instance of ``kind`` (an enum or a domain class).

    Examples
    --------
    >>> from cs_framework import Phase
    >>> InstanceOf(Phase).check("GROW", field="phase")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: phase='GROW': must be a Phase
    """

    kind: type[Any]

    @property
    def reason(self) -> str:
        """The reason an error gives."""
        return f"must be {an(self.kind.__name__)}"

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> Any:
        """``value``, or the error naming ``field``."""
        if not isinstance(value, self.kind):
            refuse(value, self.reason, field=field, account_id=account_id)
        return value

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return f"<instance of {self.kind.__name__}>"


@attrs.frozen(repr=False)
class TupleOf:
    """A tuple whose items are all instances of ``kind``; the bad item is named by index."""

    kind: type[Any]

    def check(self, value: Any, *, field: str, account_id: str | None = None) -> tuple[Any, ...]:
        """``value``, or the error naming ``field`` (or ``field[i]``)."""
        if not isinstance(value, tuple):
            refuse(
                value,
                f"must be a list or tuple of {self.kind.__name__}",
                field=field,
                account_id=account_id,
            )
        item = InstanceOf(self.kind)
        for i, element in enumerate(value):
            item.check(element, field=f"{field}[{i}]", account_id=account_id)
        return value

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field=attribute.name, account_id=account_of(instance))

    def __repr__(self) -> str:
        return f"<tuple of {self.kind.__name__}>"


@attrs.frozen(repr=False)
class Optional:
    """None, or a value ``inner`` accepts; in a column, the missing entries pass.

    Examples
    --------
    >>> Optional(Number(lo=1, hi=10)).off(np.array([0.5, 5.0, np.nan]))
    array([ True, False, False])
    """

    inner: Any

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            self.inner(instance, attribute, value)

    def off(self, values: NDArray[Any]) -> BoolArray:
        """True where an entry is present and ``inner`` refuses it."""
        missing = np.isnan(values) if values.dtype.kind == "f" else is_none(values)
        off: BoolArray = self.inner.off(values) & ~missing
        return off

    def __repr__(self) -> str:
        return f"<optional {self.inner!r}>"


@attrs.frozen(repr=False)
class OwnRecords:
    """An account's records (commitments, outcomes): a tuple of ``kind``, each carrying
    the account's own id, with ids unique within the account."""

    kind: type[Any]

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], items: Any) -> None:
        owner, name = instance.id, attribute.name
        TupleOf(self.kind).check(items, field=name, account_id=owner)
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.account_id != owner:
                refuse(
                    item.account_id,
                    f"must be the account's own id {owner!r}",
                    field=f"{name}[{i}].account_id",
                    account_id=owner,
                )
            if item.id in seen:
                refuse(
                    item.id,
                    duplicate_of(f"the account's {name}"),
                    field=f"{name}[{i}].id",
                    account_id=owner,
                )
            seen.add(item.id)

    def __repr__(self) -> str:
        return f"<the account's own {self.kind.__name__} records>"


TEXT: Final = Text()
DAY: Final = Day()
MOMENT: Final = Moment()
FLAG: Final = Flag()


# -- Reasons that relate two fields: objects and book rows say them alike ----------------


def not_before(other: str, when: date) -> str:
    """A date that must not precede another field's date."""
    return f"must be on or after {other}={when.isoformat()}"


def not_above(whole: str, value: Any) -> str:
    """A part that must not exceed its whole."""
    return f"must not exceed {whole}={value!r}"


def differs_from(other: str, value: Any) -> str:
    """A target that must differ from its baseline."""
    return f"must differ from {other}={value!r} (no progress is measurable)"


def given_with(other: str) -> str:
    """A field that goes together with another."""
    return f"must be given with {other} (the last score and its date go together)"


def duplicate_of(where: str) -> str:
    """An id that must be unique ``where``."""
    return f"duplicate id among {where}"


def check_scale(scale: Any) -> tuple[float, float]:
    """A trust scale ``(lo, hi)`` with ``0 < lo < hi < inf``.

    Examples
    --------
    >>> check_scale((0, 10))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: scale=(0, 10): must be (lo, hi) with 0 < lo < hi < inf
    """
    reason = "must be (lo, hi) with 0 < lo < hi < inf"
    if not (isinstance(scale, (tuple, list)) and len(scale) == 2):
        refuse(scale, reason, field="scale")
    lo, hi = scale
    if not (Number(lo=0, lo_open=True).accepts(lo) and Number().accepts(hi) and lo < hi):
        refuse(scale, reason, field="scale")
    return float(lo), float(hi)


def check_choice(value: Any, choices: tuple[str, ...], *, field: str) -> str:
    """One of ``choices`` (an ``errors=`` argument, say).

    Examples
    --------
    >>> check_choice("skip", ("raise", "mark"), field="errors")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: errors='skip': must be 'raise' or 'mark'
    """
    if not (isinstance(value, str) and value in choices):
        refuse(value, "must be " + " or ".join(repr(c) for c in choices), field=field)
    return str(value)
