"""JSON round trips through one preconfigured cattrs converter.

Dates and datetimes travel as ISO 8601 strings, enums by member name, non-finite
floats as the strings ``"inf"``, ``"-inf"`` and ``"nan"`` (so the JSON stays
standard). Structuring is strict: unknown keys are refused, a number is never read
from a string, and every failure becomes one :class:`InvalidInputError` that lists
each bad value with its path (``$.commitments[0].due``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_mapping,
    is_sequence,
    list_structure_factory,
    mapping_structure_factory,
)
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from .._enums import Action, Band, CommitmentStatus, CoverageModel, Flag, GapKind, Phase, Stage
from .._errors import InvalidInputError, Problem
from .account import ComponentScore
from .validators import whole

__all__ = [
    "configure_converter",
    "converter",
    "from_json",
    "make_converter",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

_NON_FINITE = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}


def _refuse(value: Any, expected: str) -> InvalidInputError:
    return InvalidInputError(field="", value=value, reason=f"expected {expected}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _refuse(value, "a number (or 'inf', '-inf', 'nan')")
    return float(value)


def _unstructure_float(value: float) -> float | str:
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def _structure_int(value: Any, _: type) -> int:
    count = whole(value)  # 3.0 is the whole number 3, as in the constructors
    if not isinstance(count, int) or isinstance(count, bool):
        raise _refuse(value, "a whole number")
    return count


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise _refuse(value, "a string")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _refuse(value, "true or false")
    return value


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(value) == 10:  # a bare date, not a datetime squeezed in
                return parsed
    raise _refuse(value, "an ISO 8601 date (YYYY-MM-DD)")


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _refuse(value, "an ISO 8601 date and time")


def _is_enum(cls: Any) -> bool:
    # IntEnum members are ints: without this, they would travel as bare numbers.
    return isinstance(cls, type) and issubclass(cls, Enum)


def _structure_enum(value: Any, cls: type[Enum]) -> Enum:
    if isinstance(value, str) and value in cls.__members__:
        return cls[value]
    names = ", ".join(cls.__members__)
    raise _refuse(value, f"a {cls.__name__} name ({names})")


_ENUMS = (Action, Band, CommitmentStatus, CoverageModel, Flag, GapKind, Phase, Stage)


def _shaped(
    kind: type | tuple[type, ...], expected: str, make: Callable[[Any], Callable[[Any, Any], Any]]
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """A hook factory: the hook ``make`` builds, behind a check of the value's shape."""

    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        inner = make(cl)

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, kind) or isinstance(value, str):
                raise _refuse(value, expected)
            return inner(value, cl)

        return hook

    return factory


def _is_list_like(cl: Any) -> bool:
    return is_sequence(cl) and cl not in (str, bytes)


def _is_fixed_tuple(cl: Any) -> bool:
    args = get_args(cl)
    return get_origin(cl) is tuple and bool(args) and args[-1] is not Ellipsis


def _sequence_hook(cl: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    if get_origin(cl) is tuple or cl is tuple:
        return homogenous_tuple_structure_factory(cl, converter)
    return list_structure_factory(cl, converter)


def _fixed_tuple_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """A hook factory for tuples of fixed length: a list of exactly that many values."""

    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        size, inner = len(get_args(cl)), converter.gen_structure_hetero_tuple(cl)

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, (list, tuple)) or len(value) != size:
                raise _refuse(value, f"a list of {size} values")
            return inner(value, cl)

        return hook

    return factory


def configure_converter(converter: cattrs.Converter) -> None:
    """Configure ``converter`` for cs_framework's objects, as cattrs' preconf modules do.

    Dates and datetimes as ISO 8601 strings, enums by member name, non-finite floats as
    ``"inf"``, ``"-inf"`` and ``"nan"``; numbers, strings and booleans strictly (a
    number is never read from a string). Hooks are chosen by type, or for enums by
    predicate.
    """
    converter.register_structure_hook(float, _structure_float)
    converter.register_unstructure_hook(float, _unstructure_float)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_unstructure_hook_func(_is_enum, lambda member: member.name)
    for kind in _ENUMS:
        # Direct hooks: IntEnums are ints, so the int hook (or cattrs' own enum hook,
        # by value) would otherwise win.
        converter.register_structure_hook(kind, _structure_enum)
    # Shapes first: an object where an object belongs, a list where a list does, so a
    # document of the wrong shape is refused in words, not by a Python AttributeError.
    converter.register_structure_hook_factory(
        lambda cl: attrs.has(cl) and not _is_enum(cl),
        _shaped(Mapping, "an object", lambda cl: make_dict_structure_fn(cl, converter)),
    )
    converter.register_structure_hook_factory(
        is_mapping,
        _shaped(Mapping, "an object", lambda cl: mapping_structure_factory(cl, converter)),
    )
    converter.register_structure_hook_factory(
        _is_list_like, _shaped((list, tuple), "a list", lambda cl: _sequence_hook(cl, converter))
    )
    converter.register_structure_hook_factory(_is_fixed_tuple, _fixed_tuple_hook(converter))
    # A health component is a plain score (or null) as in the Account constructor, or
    # a {"value", "measured_on"} record as to_json writes it.
    as_record = make_dict_structure_fn(ComponentScore, converter)

    def structure_component(value: Any, cls: type[ComponentScore]) -> ComponentScore:
        if value is None:
            return ComponentScore(value=None)
        if isinstance(value, Mapping):
            return as_record(value, cls)
        return ComponentScore(value=_structure_float(value, float))

    converter.register_structure_hook(ComponentScore, structure_component)


def make_converter() -> cattrs.Converter:
    """A new converter for cs_framework's objects: strict, and unknown keys refused.

    Examples
    --------
    >>> from cs_framework import Band
    >>> make_converter().structure("RED", Band)
    <Band.RED: 0>
    """
    made = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(made)
    return made


#: The converter behind :func:`to_json` and :func:`from_json`; use it directly to
#: turn domain objects into plain dicts and back (``converter.unstructure(obj)``).
converter = make_converter()


def _failures(exc: BaseException, path: str) -> Iterator[tuple[str, BaseException]]:
    """Walk a cattrs error group down to the leaf errors, with their paths."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, IterableValidationNote):
                step = f"[{note.index!r}]"
            else:
                step = f".{note.name}"
            yield from _failures(inner, path + step)
        for inner in without:
            yield from _failures(inner, path)
    else:
        yield path, exc


def _problems(path: str, exc: BaseException) -> Iterator[Problem]:
    if isinstance(exc, InvalidInputError):
        for p in exc.problems:
            field = f"{path}.{p.field}" if p.field else path
            yield Problem(field=field, value=p.value, account_id=p.account_id, reason=p.reason)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(field=f"{path}.{key}", value=key, reason="unknown key")
    elif isinstance(exc, KeyError):
        yield Problem(field=path, value=None, reason="required field missing")
    else:
        # No hook for the type (a class of arrays, such as HealthColumns): no JSON form.
        yield Problem(field=path, value=None, reason="cannot be read from JSON")


def unstructure(obj: Any) -> Any:
    """A domain object as plain Python data (dicts, lists, strings, numbers).

    Examples
    --------
    >>> from cs_framework import Segment, CoverageModel
    >>> unstructure(Segment(name="Top", min_arr=0, max_arr=float("inf"),
    ...                     coverage=CoverageModel.HIGH_TOUCH, accounts_per_csm=10))
    {'name': 'Top', 'min_arr': 0, 'max_arr': 'inf', 'coverage': 'HIGH_TOUCH',
     'accounts_per_csm': 10}
    """
    return converter.unstructure(obj)


def structure(data: Any, cls: type[T]) -> T:
    """A domain object from plain Python data, validated; every failure listed.

    Raises
    ------
    InvalidInputError
        Listing each bad value with its path (``$.field[0].sub``), value and account.

    Examples
    --------
    >>> from cs_framework import Segment
    >>> structure({"name": "Top", "min_arr": 0, "max_arr": "inf",
    ...            "coverage": "GOLD", "accounts_per_csm": 10}, Segment)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: could not build Segment:
      $.coverage='GOLD': expected a CoverageModel name (DIGITAL, SCALED, HIGH_TOUCH)
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # every failure becomes one CSFrameworkError
        problems = [p for path, leaf in _failures(exc, "$") for p in _problems(path, leaf)]
        raise InvalidInputError.from_problems(
            problems, summary=f"could not build {cls.__name__}"
        ) from exc


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """A domain object as standard JSON text (no NaN or Infinity literals).

    Examples
    --------
    >>> from datetime import date
    >>> from cs_framework import Commitment
    >>> to_json(Commitment(id="c1", account_id="a", description="Send guide",
    ...                    owner=None, made_on=date(2026, 1, 5), due=date(2026, 1, 9)))
    '{"id": "c1", "account_id": "a", "description": "Send guide", "owner": null,
      "made_on": "2026-01-05", "due": "2026-01-09", "kept_on": null, "renegotiated": false}'
    """
    try:
        data = unstructure(obj)
        return json.dumps(data, indent=indent, allow_nan=False)
    except InvalidInputError:  # a value JSON cannot hold, named where it is
        raise
    except (TypeError, ValueError):
        raise InvalidInputError(
            field="obj",
            value=type(obj).__name__,
            reason="to_json writes the library's objects (Account, Policy, Assessment, Book, "
            "ScoredBook, ...)",
        ) from None


def from_json(text: str | bytes, cls: type[T]) -> T:
    """A domain object from JSON text made by :func:`to_json` (or by hand).

    Raises
    ------
    InvalidInputError
        For text that is not JSON, and for every bad value, with its path.

    Examples
    --------
    >>> from cs_framework import Commitment
    >>> c = from_json('{"id": "c1", "account_id": "a", "description": "Send guide", '
    ...               '"owner": null, "made_on": "2026-01-05", "due": "2026-01-09"}', Commitment)
    >>> c.due.isoformat()
    '2026-01-09'
    >>> from_json('{"id": "c1", "made_on": "5 Jan", "colour": "red"}', Commitment)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: could not build Commitment:
      $.account_id=None: required field missing
      $.description=None: required field missing
      $.owner=None: required field missing
      $.made_on='5 Jan': expected an ISO 8601 date (YYYY-MM-DD)
      $.due=None: required field missing
      $.colour='colour': unknown key
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise InvalidInputError(
            field="text", value=type(text).__name__, reason="must be JSON text (str or bytes)"
        )
    if not (isinstance(cls, type) and (attrs.has(cls) or _is_enum(cls))):
        raise InvalidInputError(
            field="cls", value=repr(cls), reason="must be one of the library's classes"
        )
    try:
        data = json.loads(text)
    except RecursionError:
        raise InvalidInputError(
            field="$", value=_shown(text), reason="not valid JSON: nested too deeply"
        ) from None
    except ValueError as err:  # UnicodeDecodeError included
        raise InvalidInputError(
            field="$", value=_shown(text), reason=f"not valid JSON: {err}"
        ) from None
    return structure(data, cls)


def _shown(text: str | bytes | bytearray) -> str:
    """The start of a text, to show in a message."""
    shown = text if isinstance(text, str) else bytes(text).decode("utf-8", "replace")
    return shown[:80]
