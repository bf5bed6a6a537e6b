"""Fuzzing the public functions' arguments: any value in any argument gives a result or
a CSFrameworkError - never another exception - and never changes its input."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cs_framework as csf
from cs_framework.examples import EXAMPLE_DAY, example_accounts

from ._budget import fuzz
from ._words import refused_in_words

ACCOUNT = example_accounts()[0]
BOOK = csf.Book.from_accounts(example_accounts())
RENEWALS = [
    csf.Renewal(account_id=a.id, decided_on=EXAMPLE_DAY + timedelta(days=30), renewed=k > 0)
    for k, a in enumerate(example_accounts())
]

#: Any argument a caller might pass by mistake.
ANY: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=8),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.lists(st.floats() | st.integers(-5, 200) | st.none(), max_size=4),
    st.lists(st.lists(st.integers(0, 100), max_size=3), max_size=3),  # ragged too
    st.dictionaries(st.text(max_size=6), st.floats() | st.none(), max_size=3),
    st.builds(np.array, st.lists(st.floats(), max_size=3)),
    st.just(EXAMPLE_DAY),
    st.just(ACCOUNT),
    st.just(ACCOUNT.commitments),
    st.just(ACCOUNT.outcomes),
    st.just(BOOK),
    st.just([(EXAMPLE_DAY, BOOK)]),
    st.just(RENEWALS),
)

#: Each public function, with how many positional arguments and which keywords it takes.
CALLS: dict[str, tuple[Callable[..., Any], int, tuple[str, ...]]] = {
    "health_band": (csf.health_band, 1, ("green", "yellow")),
    "phase": (csf.phase, 2, ("trust_bar", "proof_bar")),
    "trust_index": (csf.trust_index, 4, ("scale",)),
    "trust_equation": (csf.trust_equation, 4, ()),
    "segment_for": (csf.segment_for, 1, ("segments",)),
    "health_score": (csf.health_score, 2, ("min_coverage", "scored_at", "as_of", "green")),
    "health_scores": (csf.health_scores, 2, ("min_coverage", "scored_at", "yellow")),
    "weekly_active_usage": (csf.weekly_active_usage, 2, ()),
    "depth": (csf.depth, 2, ()),
    "breadth": (csf.breadth, 2, ()),
    "activation_rate": (csf.activation_rate, 1, ()),
    "time_to_value": (csf.time_to_value, 2, ()),
    "check_transition": (csf.check_transition, 2, ("account_id",)),
    "check_play": (csf.check_play, 3, ()),
    "proof_score": (csf.proof_score, 1, ("policy",)),
    "reliability": (csf.reliability, 2, ("policy",)),
    "assess": (csf.assess, 1, ("policy", "scored_at")),
    "early_warning": (csf.early_warning, 3, ("drop", "window_days")),
    "coverage_plan": (csf.coverage_plan, 1, ("segments",)),
    "backtest": (csf.backtest, 2, ("as_of", "policy", "horizon_days", "columns", "errors")),
    "fit_weights": (csf.fit_weights, 2, ("as_of", "max_components", "folds", "seed", "errors")),
}


@pytest.mark.parametrize("name", list(CALLS))
@fuzz
@given(data=st.data())
def test_any_arguments_give_a_result_or_a_csframework_error(name: str, data: st.DataObject) -> None:
    function, n_positional, keywords = CALLS[name]
    args = [data.draw(ANY, label=f"arg{k}") for k in range(n_positional)]
    chosen = (
        data.draw(st.lists(st.sampled_from(keywords), unique=True), label="keywords")
        if keywords
        else []
    )
    kwargs = {key: data.draw(ANY, label=key) for key in chosen}
    if name == "assess":  # its day is required
        kwargs["as_of"] = data.draw(ANY, label="as_of")
    before = copy.deepcopy((args, kwargs))
    with refused_in_words():  # anything else fails the test
        function(*args, **kwargs)
    assert _same(before, (args, kwargs))  # inputs unchanged


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return bool(np.array_equal(a, b, equal_nan=True))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, csf.Book):  # compared by its tables (a book has no value equality)
        left, right = a.to_frames(), b.to_frames()
        return left.keys() == right.keys() and all(left[k].equals(right[k]) for k in left)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def test_the_calls_cover_every_public_function_but_the_loaders() -> None:
    loaders = {
        "from_json",
        "to_json",
        "structure",
        "unstructure",
        "read_book",
        "score_book",
        "health_trend",
    }
    public = {n for n in csf.__all__ if callable(getattr(csf, n)) and n[0].islower()}
    assert public - loaders - set(CALLS) == set()
