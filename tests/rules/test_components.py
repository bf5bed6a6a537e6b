"""Component names: a name the scorecard does not know is bad input on every path, and
the derived components are never given as readings (rules: health, the distilled CS
principles)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import (
    Account,
    Book,
    ComponentScore,
    InvalidInputError,
    Policy,
    Scorecard,
    ScorecardWarning,
    assess,
    health_score,
    health_scores,
    score_book,
)
from helpers import account

rule = pytest.mark.rule
AS_OF = date(2026, 11, 2)
KNOWN = tuple(Policy().scorecard.weights)
SEVEN = {f"c{k}": 1.0 for k in range(7)}


@rule("health.known-components")
def test_a_typo_in_an_accounts_reading_is_refused_by_name_with_the_closest_component() -> None:
    typo = account(health={"adoptoin": 10, "support": 80})
    with pytest.raises(InvalidInputError) as info:
        assess(typo, as_of=AS_OF)
    problem = info.value.problems[0]
    assert (problem.field, problem.value, problem.account_id) == (
        "health['adoptoin']",
        10.0,
        "acme",
    )
    assert "is not a component of the scorecard" in problem.reason
    assert "did you mean 'adoption'?" in problem.reason


@rule("health.known-components")
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
def test_a_reading_of_any_unknown_component_is_refused_on_both_paths(name: str) -> None:
    """assess refuses it; score_book refuses it, or marks the row and keeps every row."""
    if name in KNOWN:
        return
    odd = account(id="odd", health={name: 50.0})
    plain = account(id="plain", health={"support": 50.0})
    with pytest.raises(InvalidInputError, match="is not a component of the scorecard"):
        assess(odd, as_of=AS_OF)
    book = Book.from_accounts([plain, odd])
    with pytest.raises(InvalidInputError) as info:
        score_book(book, as_of=AS_OF)
    assert [p.account_id for p in info.value.problems] == ["odd"]
    marked = score_book(book, as_of=AS_OF, errors="mark")
    assert len(marked) == 2
    assert marked["error"][0] is None
    assert f"health[{name!r}]" in marked["error"][1]


@rule("health.known-components")
@pytest.mark.parametrize("name", ["trust", "proof"])
def test_the_derived_components_are_never_given_as_readings(name: str) -> None:
    """A typed-in trust or proof reading would be replaced by the computed one: refused."""
    for reading in (95, ComponentScore(value=95)):
        with pytest.raises(InvalidInputError) as info:
            Account(id="acme", name="Acme", arr=1.0, health={name: reading})
        problem = info.value.problems[0]
        assert (problem.field, problem.value, problem.account_id) == (
            f"health[{name!r}]",
            95,
            "acme",
        )
        assert "never given as a reading" in problem.reason
    frame = pa.table({"account_id": ["a"], "arr": [1.0], f"health_{name}": [95.0]})
    with pytest.raises(InvalidInputError, match=f"health_{name}.*never given as a reading"):
        Book.from_frames(frame)


@rule("health.components-warning")
def test_every_path_that_takes_weights_warns_past_six_pointing_at_the_caller() -> None:
    # Called directly from here: the warning names this file (one frame too far up
    # would name pytest's).
    with pytest.warns(ScorecardWarning, match="a scorecard of 7 components") as one:
        health_score({"c0": 50}, SEVEN)
    with pytest.warns(ScorecardWarning, match="a scorecard of 7 components") as many:
        health_scores({"c0": np.array([50.0])}, SEVEN)
    with pytest.warns(ScorecardWarning, match="a scorecard of 7 components") as card:
        Scorecard(weights=SEVEN)
    assert [w[0].filename for w in (one, many, card)] == [__file__] * 3
