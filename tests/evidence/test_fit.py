"""fit_weights: it finds the components that drive churn, proves it on held-out folds,
never sees the future, and refuses to fit on too little evidence."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs_framework import (
    Book,
    InvalidInputError,
    Policy,
    Renewal,
    Scorecard,
    WeightFit,
    backtest,
    fit_weights,
)
from cs_framework._evidence import fit as fitting
from cs_framework._types import day_number
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.synthetic import make_book, make_renewals

from .test_backtest import _only, junk_from_the_future

rule = pytest.mark.rule

DAY = date(2026, 3, 31)


@rule("evidence.fit")
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_the_fit_puts_its_weight_on_the_drivers_and_beats_noise_held_out(seed: int) -> None:
    book = make_book(12_000, as_of=DAY, seed=seed)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=seed)
    fit = fit_weights(book, renewals, as_of=DAY, horizon_days=365, seed=seed)
    weights = fit.scorecard.weights
    assert set(weights) == set(Policy().scorecard.weights)  # every component still known
    assert (
        weights["adoption"] > weights["engagement"] > max(weights["support"], weights["sentiment"])
    )
    assert weights["adoption"] + weights["engagement"] > 0.85
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-5)
    assert fit.auc_fitted > fit.auc_current + 0.02
    noise = backtest(
        _only(book, ("support", "sentiment")),
        renewals,
        as_of=DAY,
        horizon_days=365,
        policy=Policy(scorecard=Scorecard(weights={"support": 1.0, "sentiment": 1.0})),
    )
    assert fit.auc_fitted > noise.auc + 0.15
    assert fit.policy.scorecard == fit.scorecard
    assert fit.n == noise.n
    assert 0 < fit.churned < fit.n
    assert fit.folds == 5


@rule("evidence.fit")
@settings(max_examples=3, deadline=None)
@given(keep=st.integers(1, 3))
def test_at_most_max_components_weights_are_above_zero(keep: int) -> None:
    book = make_book(6_000, as_of=DAY, seed=keep)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=keep)
    fit = fit_weights(book, renewals, as_of=DAY, horizon_days=365, max_components=keep)
    above = [name for name, w in fit.scorecard.weights.items() if w > 0]
    assert 1 <= len(above) <= keep
    assert "adoption" in above


@rule("evidence.as-it-stood")
@settings(max_examples=3, deadline=None)
@given(data=st.data(), back=st.integers(1, 90))
def test_a_reading_from_the_future_never_changes_a_fit(data: Any, back: int) -> None:
    book = make_book(3_000, as_of=DAY + timedelta(days=back), seed=back)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=back)
    changed = data.draw(junk_from_the_future(book, day_number(DAY)))
    first = fit_weights(book, renewals, as_of=DAY, horizon_days=365)
    second = fit_weights(changed, renewals, as_of=DAY, horizon_days=365)
    assert first == second


def test_the_same_seed_gives_the_same_fit_and_snapshots_fit_together() -> None:
    days = [DAY, DAY + timedelta(days=30)]
    books = [(d, make_book(3_000, as_of=d, seed=1)) for d in days]
    renewals = make_renewals(books[0][1], as_of=DAY, horizon_days=365, seed=1)
    first = fit_weights(books, renewals, horizon_days=365, seed=3)
    assert first == fit_weights(books, renewals, horizon_days=365, seed=3)
    single = fit_weights(books[0][1], renewals, as_of=DAY, horizon_days=365, seed=3)
    assert first.n > single.n


def test_too_few_churns_or_renewals_are_refused_with_what_to_do() -> None:
    book = Book.from_accounts(example_accounts())
    renewals = [
        Renewal(account_id=a.id, decided_on=EXAMPLE_DAY + timedelta(days=9), renewed=True)
        for a in example_accounts()
    ]
    with pytest.raises(InvalidInputError, match="churns among the labelled account-days: a fit"):
        fit_weights(book, renewals, as_of=EXAMPLE_DAY)
    big = make_book(3_000, as_of=DAY, seed=4)
    churners = make_renewals(big, as_of=DAY, horizon_days=365, seed=4, base_rate=0.999)
    with pytest.raises(InvalidInputError, match="renewals among the labelled account-days"):
        fit_weights(big, churners, as_of=DAY, horizon_days=365)


def test_no_weight_above_zero_is_said_and_the_current_scorecard_stands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = make_book(3_000, as_of=DAY, seed=5)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=5)
    monkeypatch.setattr(fitting, "_weights", lambda *args: np.zeros(6))
    with pytest.raises(InvalidInputError, match="no component predicts churn"):
        fit_weights(book, renewals, as_of=DAY, horizon_days=365)


def test_without_scikit_learn_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)
    with pytest.raises(InvalidInputError, match=r"customer-success-framework\[fit\]"):
        fit_weights(Book.from_accounts(example_accounts()), [], as_of=EXAMPLE_DAY)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_components": 0}, "max_components"),
        ({"max_components": 7}, "max_components"),
        ({"max_components": True}, "max_components"),
        ({"folds": 1}, "folds"),
        ({"folds": 21}, "folds"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"horizon_days": 0}, "horizon_days"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        fit_weights(Book.from_accounts(example_accounts()), [], as_of=EXAMPLE_DAY, **kwargs)
    assert caught.value.field == field


def test_a_weight_fit_is_a_plain_record() -> None:
    fit = WeightFit(
        scorecard=Scorecard(weights={"adoption": 1.0}),
        policy=Policy(),
        auc_current=0.6,
        auc_fitted=0.7,
        n=100,
        churned=10,
        compared=90,
        known_current=95,
        known_fitted=92,
        folds=5,
    )
    assert fit.n == 100


def test_result_records_refuse_what_they_cannot_hold() -> None:
    from cs_framework import RateRow

    good = {
        "scorecard": Scorecard(weights={"adoption": 1.0}), "policy": Policy(),
        "auc_current": 0.6, "auc_fitted": 0.7, "n": 100, "churned": 10, "compared": 90,
        "known_current": 95, "known_fitted": 92, "folds": 5,
    }  # fmt: skip
    for field, value in (("auc_fitted", 1.5), ("n", -1), ("folds", 1), ("policy", "p")):
        with pytest.raises(InvalidInputError) as caught:
            WeightFit(**{**good, field: value})
        assert caught.value.field == field
    with pytest.raises(InvalidInputError, match="must not exceed accounts=2"):
        RateRow(group="RED", accounts=2, churned=3, rate=1.0, ci_low=0.5, ci_high=1.0)
    with pytest.raises(InvalidInputError) as caught:
        RateRow(group="RED", accounts=2, churned=1, rate=1.5, ci_low=0.5, ci_high=1.0)
    assert caught.value.field == "rate"


def test_too_few_distinct_accounts_for_the_folds_are_refused() -> None:
    days = [DAY + timedelta(days=k) for k in range(30)]
    book = make_book(8, as_of=DAY, seed=1)
    ids = book.accounts.id.tolist()
    renewals = [
        Renewal(account_id=ids[k % 8], decided_on=DAY + timedelta(days=60 + k), renewed=k % 3 > 0)
        for k in range(8)
    ]
    snapshots = [(d, book) for d in days]
    with pytest.raises(InvalidInputError, match="needs at least 10 distinct accounts"):
        fit_weights(snapshots, renewals, horizon_days=365, folds=5)
