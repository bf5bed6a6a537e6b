"""Fuzzing across paths: one value, put into one field of a valid account, is refused on
every path that takes it or accepted on every one - never refused by the objects and
let through by the frames, or the other way round.

The paths: the constructors then ``assess``; ``from_json`` then ``assess``; the frames
(``Book.from_frames`` then ``score_book``), where ``errors="mark"`` marks exactly the
accounts ``errors="raise"`` refuses, and the book never shrinks. A value is written in
each path's own form: a date as a ``date``, an ISO string in JSON, a ``date32`` cell.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any, NamedTuple

import attrs
import pyarrow as pa
from hypothesis import assume, given
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Book,
    CSFrameworkError,
    Policy,
    Scorecard,
    assess,
    from_json,
    score_book,
    unstructure,
)
from cs_framework._book.schema import SCHEMA
from cs_framework._book.tables import ADOPTION_COUNTS
from cs_framework.examples import EXAMPLE_DAY, example_accounts

from ._budget import fuzz
from ._words import assert_plain

ACCOUNTS = [a for a in example_accounts() if a.adoption is not None and a.outcomes]


class Target(NamedTuple):
    """A field to put a value in: where it lives, its name, what kind of value it holds."""

    place: str  # account, adoption, health, health_day, commitment, outcome
    name: str
    kind: str  # text, number, count, date


def _targets() -> list[Target]:
    kinds = {c.field: c.kind for c in SCHEMA["accounts"]}
    out = [
        Target("account", field, kind)
        for field, kind in kinds.items()
        if kind != "flag" and field not in ADOPTION_COUNTS
    ]
    out += [Target("adoption", field, "count") for field in ADOPTION_COUNTS]
    out += [Target("health", "adoption", "number"), Target("health_day", "adoption", "date")]
    for place, table in (("commitment", "commitments"), ("outcome", "outcomes")):
        fields = [
            ("account_id" if c.field == "account" else c.field, c.kind) for c in SCHEMA[table]
        ]
        out += [Target(place, field, kind) for field, kind in fields if kind != "flag"]
    return out


#: A null where the frames give it a meaning of its own, not "missing": no name is
#: the account id, no licensed users is no adoption data. Not comparable, so not drawn.
NULL_MEANS_DEFAULT = {("account", "name"), ("adoption", "licensed_users")}

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=4) | st.sampled_from(
    ["", " ", "\t", "northwind", "copperleaf", "nw-2", "cl-1", "nw-o1"]
)
NUMBER = (
    st.floats()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.sampled_from([0, -0.0, 10, 11, 100, 100.5, -1, 1e-320, 1e308, 2**53 + 1])
)
COUNT = (
    st.integers(min_value=-3, max_value=2**63 - 1)
    | st.floats()
    | st.sampled_from([0, 1, 2**53, 2**53 + 1, 1.5])
)
DAY = st.dates() | st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2026, 6, 30)])
VALUES = {"text": TEXT, "number": NUMBER, "count": COUNT, "date": DAY}


# -- the object path --------------------------------------------------------------


def _with_object(account: Account, target: Target, value: Any) -> Account:
    place, name = target.place, target.name
    if place == "account":
        return attrs.evolve(account, **{name: value})
    if place == "adoption":
        return attrs.evolve(account, adoption=attrs.evolve(account.adoption, **{name: value}))
    if place in ("health", "health_day"):
        reading = account.health[name]
        if place == "health":
            reading = attrs.evolve(reading, value=value)
        else:
            reading = attrs.evolve(reading, measured_on=value)
        return attrs.evolve(account, health={**account.health, name: reading})
    records = "commitments" if place == "commitment" else "outcomes"
    first, *rest = getattr(account, records)
    return attrs.evolve(account, **{records: (attrs.evolve(first, **{name: value}), *rest)})


def _objects(account: Account, target: Target, value: Any) -> bool:
    try:
        assess(_with_object(account, target, value), as_of=EXAMPLE_DAY)
    except CSFrameworkError as error:
        assert_plain(error)
        return False
    return True


# -- the JSON path ----------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def _json(account: Account, target: Target, value: Any) -> bool:
    data = unstructure(account)
    place, name = target.place, target.name
    if place == "account":
        data[name] = _json_value(value)
    elif place == "adoption":
        data["adoption"][name] = _json_value(value)
    elif place in ("health", "health_day"):
        data["health"][name]["value" if place == "health" else "measured_on"] = _json_value(value)
    else:
        data["commitments" if place == "commitment" else "outcomes"][0][name] = _json_value(value)
    try:
        assess(from_json(json.dumps(data), Account), as_of=EXAMPLE_DAY)
    except CSFrameworkError as error:
        assert_plain(error)
        return False
    return True


# -- the frames path --------------------------------------------------------------


def _column(target: Target) -> tuple[str, str]:
    """The table and column that hold a target."""
    place, name = target.place, target.name
    if place in ("account", "adoption"):
        return "accounts", next(c.name for c in SCHEMA["accounts"] if c.field == name)
    if place == "health":
        return "accounts", f"health_{name}"
    if place == "health_day":
        return "accounts", f"health_{name}_measured_on"
    table = "commitments" if place == "commitment" else "outcomes"
    field = "account" if name == "account_id" else name  # the position of its account
    return table, next(c.name for c in SCHEMA[table] if c.field == field)


def _cells(kind: str, values: list[Any]) -> pa.Array:
    if kind == "text":
        return pa.array(values, pa.string())
    if kind == "date":
        return pa.array(values, pa.date32())
    given = [v for v in values if v is not None]
    if all(isinstance(v, int) for v in given) and kind == "count":
        return pa.array(values, pa.int64())
    if any(isinstance(v, int) and abs(v) > 2**53 for v in given):
        assume(False)  # a float column cannot hold it exactly; the count column can
    return pa.array([None if v is None else float(v) for v in values], pa.float64())


def _frames(account: Account, target: Target, value: Any) -> tuple[bool, bool]:
    """Whether the frames accept the value, and whether errors="mark" agrees."""
    frames = Book.from_accounts([account]).to_frames()
    table, column = _column(target)
    t = frames[table]
    cells = t.column(column).to_pylist()
    cells[0] = value
    frames[table] = t.set_column(
        t.schema.get_field_index(column), column, _cells(target.kind, cells)
    )
    try:
        score_book(Book.from_frames(**frames), as_of=EXAMPLE_DAY)
        accepted = True
    except CSFrameworkError as error:
        assert_plain(error)
        accepted = False
    try:
        book = Book.from_frames(**frames, errors="mark")
        scored = score_book(book, as_of=EXAMPLE_DAY, errors="mark")
    except CSFrameworkError as error:
        assert_plain(error)
        return accepted, not accepted  # refused outright: a row it could not place
    assert len(book) == len(scored) == 1  # never shrinks
    marked = scored["error"][0] is not None
    return accepted, marked == (not accepted)


@fuzz
@given(
    account=st.sampled_from(ACCOUNTS),
    target=st.sampled_from(_targets()),
    data=st.data(),
)
def test_a_value_is_refused_on_every_path_or_on_none(
    account: Account, target: Target, data: Any
) -> None:
    value = data.draw(VALUES[target.kind] | st.none(), label="value")
    assume(value is not None or (target.place, target.name) not in NULL_MEANS_DEFAULT)
    by_objects = _objects(account, target, value)
    by_json = _json(account, target, value)
    by_frames, marks_agree = _frames(account, target, value)
    assert by_objects == by_json == by_frames, (by_objects, by_json, by_frames)
    assert marks_agree


def test_every_field_of_an_account_and_its_records_is_a_target() -> None:
    places = {t.place for t in _targets()}
    assert places == {"account", "adoption", "health", "health_day", "commitment", "outcome"}
    assert len(_targets()) == 39


# -- policies: the constructor, TOML and JSON; then assess and score_book -----------

POLICY_NUMBERS = [f.name for f in attrs.fields(Policy) if f.type in (float, "float")]
BOOK = Book.from_accounts(example_accounts())


def _toml_value(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return repr(value)


def _scored(policy: Policy) -> tuple[bool, bool]:
    """Whether ``assess`` (each example account) and ``score_book`` accept the policy."""
    try:
        for account in example_accounts():
            assess(account, as_of=EXAMPLE_DAY, policy=policy)
        by_assess = True
    except CSFrameworkError as error:
        assert_plain(error)
        by_assess = False
    try:
        score_book(BOOK, as_of=EXAMPLE_DAY, policy=policy)
        by_book = True
    except CSFrameworkError as error:
        assert_plain(error)
        by_book = False
    return by_assess, by_book


@fuzz
@given(
    key=st.sampled_from([*POLICY_NUMBERS, "scorecard.adoption"]),
    value=NUMBER | st.integers(min_value=-(2**70), max_value=2**70),
)
def test_a_policy_value_is_refused_on_every_path_or_on_none(key: str, value: Any) -> None:
    data = unstructure(Policy())
    if key == "scorecard.adoption":
        data["scorecard"]["weights"]["adoption"] = _json_value(value)
        weights = {**Policy().scorecard.weights, "adoption": value}
        toml = "[scorecard.weights]\n" + "\n".join(
            f"{name} = {_toml_value(w)}" for name, w in weights.items()
        )
        build = lambda: Policy(scorecard=Scorecard(weights=weights))  # noqa: E731
    else:
        data[key] = _json_value(value)
        toml = f"{key} = {_toml_value(value)}"
        build = lambda: Policy(**{key: value})  # noqa: E731
    made: list[Policy | None] = []
    for way in (build, lambda: Policy.from_toml(toml), lambda: from_json(json.dumps(data), Policy)):
        try:
            made.append(way())
        except CSFrameworkError as error:
            assert_plain(error)
            made.append(None)
    assert len({m is None for m in made}) == 1, made  # every way builds it, or none does
    if made[0] is not None:
        assert made[1] == made[2]
        if not (isinstance(value, int) and abs(value) > 2**53):  # TOML and JSON read floats
            assert made[0] == made[1]
        by_assess, by_book = _scored(made[0])
        assert by_assess == by_book
