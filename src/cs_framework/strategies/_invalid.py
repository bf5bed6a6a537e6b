"""Invalid input on purpose: constructor arguments that must be refused, and the field
the error must name."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

import attrs
from hypothesis import strategies as st

from .._model.account import Account
from .._model.records import Commitment, Outcome
from . import _common as common
from ._accounts import accounts
from ._parts import dates, ids
from ._records import commitments, outcomes

_T = TypeVar("_T")

# ---------------------------------------------------------------------------------
# Invalid input: constructor arguments that must be refused, and the field to blame
# ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Invalid(Generic[_T]):
    """Constructor arguments that ``kind`` must refuse, naming ``field``.

    Invalid objects cannot be built, so the ``invalid_*`` strategies yield the
    keyword arguments instead: every argument is valid but one, and
    ``InvalidInputError.field`` must be ``field``::

        @given(invalid_accounts())
        def test_my_loader_refuses_what_the_library_refuses(bad):
            with pytest.raises(InvalidInputError) as info:
                bad.build()
            assert info.value.field == bad.field

    Parameters
    ----------
    kind : type
        The class to call (``Account``, ``Commitment``, ``Outcome``).
    kwargs : dict
        Its keyword arguments.
    field : str
        The field the error names, e.g. ``"arr"``, ``"health['support']"``,
        ``"commitments[2].account_id"``.
    """

    kind: type[_T]
    kwargs: dict[str, Any]
    field: str

    def build(self) -> _T:
        """Call ``kind(**kwargs)``: it must raise :class:`~cs_framework.InvalidInputError`."""
        return self.kind(**self.kwargs)


def _bad_text(*, optional: bool) -> st.SearchStrategy[Any]:
    """Not a non-empty string (None is valid where the field is optional)."""
    bad: st.SearchStrategy[Any] = st.sampled_from(["", " ", "\t\n"]) | st.integers()
    return bad if optional else bad | st.none()


def _bad_number(
    *, lo: float | None = None, hi: float | None = None, optional: bool = False
) -> st.SearchStrategy[Any]:
    """Not a finite real number within [lo, hi] (None is valid where optional)."""
    odd = [math.nan, math.inf, -math.inf, "1", True]
    bad: st.SearchStrategy[Any] = st.sampled_from(odd if optional else [*odd, None])
    if lo is not None:  # strictly below lo (and never -0.0 for lo = 0)
        bad |= st.floats(max_value=math.nextafter(lo, -math.inf), allow_infinity=False)
    if hi is not None:
        bad |= st.floats(min_value=math.nextafter(hi, math.inf), allow_infinity=False)
    return bad


def _bad_flag() -> st.SearchStrategy[Any]:
    return st.sampled_from([0, 1, "yes", None])


def _bad_date(*, optional: bool) -> st.SearchStrategy[Any]:
    bad = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)) | (
        st.sampled_from(["2026-06-30", 20260630])
    )
    return bad if optional else bad | st.none()


#: A breaker draws a bad value into the keyword arguments and returns the field named.
_Breaker = Callable[[st.DrawFn, dict[str, Any]], str]


def _set(name: str, bad: st.SearchStrategy[Any]) -> _Breaker:
    def breaker(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        kwargs[name] = draw(bad)
        return name

    return breaker


def _children(name: str, strategy: Callable[..., st.SearchStrategy[Any]]) -> list[_Breaker]:
    """Ways to spoil an account's commitments or outcomes: foreign, duplicate, not one."""

    def foreign(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        items = list(kwargs[name])
        other = f"{draw(ids())}-{kwargs['id']}"  # longer than the id: another account
        items.append(draw(strategy(account_id=other, id=f"x{len(items)}")))
        kwargs[name] = items
        return f"{name}[{len(items) - 1}].account_id"

    def duplicate(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        items = list(kwargs[name]) or [draw(strategy(account_id=kwargs["id"], id="x"))]
        items.append(draw(strategy(account_id=kwargs["id"], id=draw(st.sampled_from(items)).id)))
        kwargs[name] = items
        return f"{name}[{len(items) - 1}].id"

    def wrong_type(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        items = [*kwargs[name], draw(st.sampled_from(["c1", 7, None, {"id": "c1"}]))]
        kwargs[name] = items
        return f"{name}[{len(items) - 1}]"

    def not_a_list(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        kwargs[name] = draw(st.sampled_from(["c1", 7, {"c1": None}]))
        return name

    return [foreign, duplicate, wrong_type, not_a_list]


def _bad_health_value(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    name = draw(st.sampled_from(common.MEASURED))
    kwargs["health"] = {**kwargs["health"], name: draw(_bad_number(lo=0, hi=100, optional=True))}
    return f"health[{name!r}]"


def _bad_health_name(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["health"] = {**kwargs["health"], draw(st.sampled_from(["", "  ", 3])): 50.0}
    return "health"


def _previous_without_date(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["previous_health"] = draw(st.floats(0, 100))
    kwargs["previous_health_on"] = None
    return "previous_health_on"


def _date_without_previous(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["previous_health"] = None
    kwargs["previous_health_on"] = draw(dates())
    return "previous_health"


def _bad_previous(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["previous_health"] = draw(_bad_number(lo=0, hi=100, optional=True))
    kwargs["previous_health_on"] = draw(dates())
    return "previous_health"


def _bad_override_item(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    items = [*kwargs["overrides"], draw(st.sampled_from(["support", 35, None]))]
    kwargs["overrides"] = items
    return f"overrides[{len(items) - 1}]"


_ACCOUNT_BREAKERS: list[_Breaker] = [
    _set("id", _bad_text(optional=False)),
    _set("name", _bad_text(optional=False)),
    _set("arr", _bad_number(lo=0)),
    *(
        _set(name, _bad_number(lo=common.LO, hi=common.HI, optional=True))
        for name in common.ASSESSMENTS
    ),
    _bad_health_value,
    _bad_health_name,
    _set("health", st.sampled_from([[50.0], "support", 50])),
    *_children("commitments", commitments),
    *_children("outcomes", outcomes),
    *(
        _set(name, _bad_text(optional=True))
        for name in ("decision_maker", "day_to_day_owner", "accountable_owner")
    ),
    *(
        _set(name, _bad_date(optional=True))
        for name in ("last_executive_touch", "renewal_on", "started_on", "first_value_on")
    ),
    _set("setup_complete", _bad_flag()),
    _set("expansion_signal", _bad_flag()),
    _set("adoption", st.sampled_from([{"licensed_users": 3}, 3, "none"])),
    _set("overrides", st.sampled_from(["support", 35])),
    _bad_override_item,
    _bad_previous,
    _previous_without_date,
    _date_without_previous,
]


def _before_made(name: str) -> _Breaker:
    def breaker(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        kwargs[name] = kwargs["made_on"] - timedelta(days=draw(st.integers(1, 400)))
        return name

    return breaker


_COMMITMENT_BREAKERS: list[_Breaker] = [
    *(_set(name, _bad_text(optional=False)) for name in ("id", "account_id", "description")),
    _set("owner", _bad_text(optional=True)),
    _set("made_on", _bad_date(optional=False)),
    _set("due", _bad_date(optional=False)),
    _set("kept_on", _bad_date(optional=True)),
    _before_made("due"),
    _before_made("kept_on"),
    _set("renegotiated", _bad_flag()),
]


def _target_at_baseline(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["target"] = kwargs["baseline"]
    return "target"


_OUTCOME_BREAKERS: list[_Breaker] = [
    *(_set(name, _bad_text(optional=False)) for name in ("id", "account_id", "description")),
    _set("metric", _bad_text(optional=False)),
    _set("baseline", _bad_number()),
    _set("target", _bad_number()),
    _target_at_baseline,
    _set("current", _bad_number(optional=True)),
    _set("measured_on", _bad_date(optional=True)),
    _set("due", _bad_date(optional=True)),
    _set("documented", _bad_flag()),
    _set("acknowledged", _bad_flag()),
]


def _invalid(
    kind: type[_T], valid: st.SearchStrategy[_T], breakers: Sequence[_Breaker]
) -> st.SearchStrategy[Invalid[_T]]:
    @st.composite
    def build(draw: st.DrawFn) -> Invalid[_T]:
        base = draw(valid)
        kwargs = {f.name: getattr(base, f.name) for f in attrs.fields(kind)}  # type: ignore[arg-type]
        field = draw(st.sampled_from(breakers))(draw, kwargs)
        return Invalid(kind=kind, kwargs=kwargs, field=field)

    return build()


def invalid_accounts() -> st.SearchStrategy[Invalid[Account]]:
    """Account arguments that must be refused, each with the field the error names.

    One argument of an otherwise valid account is spoiled: an empty id or name;
    ARR negative, NaN or infinite; a trust assessment off [1, 10]; a health
    component off [0, 100] or with an empty name; a commitment or outcome of another
    account, with a duplicate id, or not one at all; an empty owner role; a
    ``datetime`` or a string for a date; a truthy stand-in for a flag; a previous
    score without its date (or the reverse). See :class:`Invalid`.
    """
    return _invalid(Account, accounts(max_commitments=2, max_outcomes=2), _ACCOUNT_BREAKERS)


def invalid_commitments() -> st.SearchStrategy[Invalid[Commitment]]:
    """Commitment arguments that must be refused: empty text, a date that is not a
    ``date``, due or kept before it was made, a non-bool flag. See :class:`Invalid`."""
    return _invalid(Commitment, commitments(), _COMMITMENT_BREAKERS)


def invalid_outcomes() -> st.SearchStrategy[Invalid[Outcome]]:
    """Outcome arguments that must be refused: empty text, numbers that are not finite,
    a target equal to its baseline, a non-bool flag. See :class:`Invalid`."""
    return _invalid(Outcome, outcomes(), _OUTCOME_BREAKERS)
