"""The backtest: labels as defined, no leakage from the future, and a churn process found."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cs_framework import (
    Band,
    Book,
    InvalidInputError,
    Policy,
    Renewal,
    Scorecard,
    backtest,
    score_book,
)
from cs_framework._types import day_number
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.synthetic import make_book, make_renewals

rule = pytest.mark.rule

DAY = date(2026, 3, 31)


def _only(book: Book, components: tuple[str, ...]) -> Book:
    """The book with only these health components' readings."""
    a = book.accounts
    accounts = attrs.evolve(
        a,
        health={c: a.health[c] for c in components},
        health_measured_on={c: a.health_measured_on[c] for c in components},
    )
    return attrs.evolve(book, accounts=accounts)


def _scorecard(*components: str) -> Policy:
    return Policy(scorecard=Scorecard(weights=dict.fromkeys(components, 1.0)))


@rule("evidence.churn-process")
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_a_scorecard_on_the_drivers_ranks_churners_and_one_on_noise_does_not(seed: int) -> None:
    book = make_book(20_000, as_of=DAY, seed=seed)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=seed)
    drivers = backtest(
        _only(book, ("adoption", "engagement")),
        renewals,
        as_of=DAY,
        horizon_days=365,
        policy=_scorecard("adoption", "engagement"),
    )
    noise = backtest(
        _only(book, ("support", "sentiment")),
        renewals,
        as_of=DAY,
        horizon_days=365,
        policy=_scorecard("support", "sentiment"),
    )
    default = backtest(book, renewals, as_of=DAY, horizon_days=365)
    assert drivers.n == noise.n == default.n > 5000
    assert drivers.auc > 0.65
    assert abs(noise.auc - 0.5) < 0.04
    assert drivers.auc > default.auc > noise.auc
    red, yellow, green = (drivers.churn_rate(b) for b in ("RED", "YELLOW", "GREEN"))
    assert red > yellow > green
    # The intervals say so too: Red's lies above Green's.
    by_band = {row.group: row for row in drivers.by_band}
    assert by_band["RED"].ci_low > by_band["GREEN"].ci_high
    assert drivers.arr_caught > noise.arr_caught


@st.composite
def junk_from_the_future(draw: st.DrawFn, book: Book, day: float) -> Book:
    """``book`` with every value dated after ``day`` replaced by another valid one."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a, c, o = book.accounts, book.commitments, book.outcomes
    health = {}
    for name, values in a.health.items():
        later = a.health_measured_on[name] > day
        health[name] = np.where(later, np.round(rng.uniform(0, 100, len(a)), 1), values)
    later = a.previous_health_on > day
    accounts = attrs.evolve(
        a,
        health=health,
        previous_health=np.where(later, rng.uniform(0, 100, len(a)), a.previous_health),
        last_executive_touch=np.where(
            a.last_executive_touch > day, a.last_executive_touch + 1, a.last_executive_touch
        ),
    )
    made_later = c.made_on > day
    commitments = attrs.evolve(
        c,
        kept_on=np.where(made_later, np.nan, c.kept_on),
        owner=pa.array(np.where(made_later, None, np.asarray(c.owner, dtype=object)).tolist()),
    )
    read_later = o.measured_on > day
    outcomes = attrs.evolve(
        o, current=np.where(read_later, o.baseline + rng.uniform(-5, 5, len(o)), o.current)
    )
    return attrs.evolve(
        book, accounts=accounts, commitments=commitments, outcomes=outcomes, marks=None
    )


def _same_report(left: Any, right: Any) -> None:
    assert left.labelled.equals(right.labelled)
    for name in ("by_band", "by_phase", "calibration"):  # repr: NaN shows equal to NaN
        assert repr(getattr(left, name)) == repr(getattr(right, name)), name
    assert left.auc == right.auc or (math.isnan(left.auc) and math.isnan(right.auc))


@rule("evidence.as-it-stood")
@settings(max_examples=15, deadline=None)
@given(data=st.data(), back=st.integers(1, 120), seed=st.integers(0, 50))
def test_a_reading_from_the_future_never_changes_a_backtest(
    data: Any, back: int, seed: int
) -> None:
    made_on = DAY + timedelta(days=back)  # the book as it is later: some values postdate DAY
    book = make_book(400, as_of=made_on, seed=seed)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=seed)
    changed = data.draw(junk_from_the_future(book, day_number(DAY)))
    first = backtest(book, renewals, as_of=DAY, horizon_days=365)
    second = backtest(changed, renewals, as_of=DAY, horizon_days=365)
    _same_report(first, second)
    assert first.later == second.later
    assert sum(first.later.values()) > 0


@rule("evidence.as-it-stood")
def test_values_from_the_future_are_refused_by_name_with_errors_raise() -> None:
    book = make_book(50, as_of=DAY + timedelta(days=30), seed=2)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=2)
    with pytest.raises(InvalidInputError) as caught:
        backtest(book, renewals, as_of=DAY, errors="raise")
    excluded = backtest(book, renewals, as_of=DAY)
    assert len(caught.value.problems) == sum(excluded.later.values())
    assert "dated after the scoring day 2026-03-31" in str(caught.value)
    problem = caught.value.problems[0]
    assert problem.account_id is not None
    assert isinstance(problem.value, date)
    assert problem.value > DAY
    # A book as of its own day has nothing from the future: raise passes.
    on_time = backtest(book, renewals, as_of=DAY + timedelta(days=30), errors="raise")
    assert on_time.later == {}


@rule("evidence.as-it-stood")
def test_a_commitment_made_later_does_not_exist_yet_and_one_kept_later_is_open() -> None:
    from cs_framework._evidence.past import as_it_stood

    book = make_book(200, as_of=DAY + timedelta(days=20), seed=4)
    past = as_it_stood(book, day_number(DAY), errors="exclude")
    c = past.book.commitments
    assert not (c.made_on > day_number(DAY)).any()
    assert not (c.kept_on > day_number(DAY)).any()
    assert len(c) == int((book.commitments.made_on <= day_number(DAY)).sum())
    assert past.later["commitments.made_on"] == int(
        (book.commitments.made_on > day_number(DAY)).sum()
    )
    assert len(past.book) == len(book)  # accounts are never dropped


@rule("evidence.label")
@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 1000), horizon=st.integers(1, 400))
def test_the_labels_are_each_accounts_first_decision_within_the_horizon(
    seed: int, horizon: int
) -> None:
    book = make_book(120, as_of=DAY, seed=seed)
    rng = np.random.default_rng(seed)
    ids = book.accounts.id.tolist()
    decisions = [
        Renewal(
            account_id=ids[int(rng.integers(0, len(ids)))] if rng.random() < 0.9 else "elsewhere",
            decided_on=DAY + timedelta(days=int(rng.integers(-100, 400))),
            renewed=bool(rng.random() < 0.7),
        )
        for _ in range(150)
    ]
    unique = {(r.account_id, r.decided_on): r for r in decisions}
    decisions = list(unique.values())
    report = backtest(book, decisions, as_of=DAY, horizon_days=horizon)
    expected = {}
    for r in sorted(decisions, key=lambda r: r.decided_on):
        if DAY < r.decided_on <= DAY + timedelta(days=horizon) and r.account_id in ids:
            expected.setdefault(r.account_id, r)
    got = report.labelled.to_pydict()
    assert sorted(got["account_id"]) == sorted(expected)
    for account, churned, decided in zip(
        got["account_id"], got["churned"], got["decided_on"], strict=True
    ):
        assert churned == (not expected[account].renewed)
        assert decided == expected[account].decided_on
    assert report.n == len(expected)
    assert report.churned == sum(got["churned"])
    assert report.excluded.get("renewals of accounts not in the book", 0) == sum(
        r.account_id == "elsewhere" for r in decisions
    )


ARR = st.floats(min_value=0, max_value=1e7, allow_subnormal=False)


@rule("evidence.retention")
@example(before=[None, 2.2250738585072014e-308, None], after=[None, 1.0, None],
         renewed=[False, True, True])  # fmt: skip
@example(before=[None, 0.0, None], after=[None, 5.0, None], renewed=[False, True, True])
@example(before=[0.0, 0.0, 2.2250738585072014e-308], after=[None, None, 4.0],
         renewed=[False, False, True])  # fmt: skip
@given(
    before=st.lists(st.none() | ARR, min_size=3, max_size=3),
    after=st.lists(st.none() | ARR.filter(lambda x: x > 0), min_size=3, max_size=3),
    renewed=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_retention_is_kept_arr_over_arr_at_stake_and_net_is_at_least_gross(
    before: list[float | None], after: list[float | None], renewed: list[bool]
) -> None:
    book = Book.from_accounts(example_accounts())
    ids = book.accounts.id.tolist()
    arr = dict(zip(ids, book.accounts.arr.tolist(), strict=True))
    renewals = [
        Renewal(account_id=i, decided_on=date(2026, 9, 1), renewed=r, arr_before=b,
                arr_after=a if r else None)
        for i, b, a, r in zip(ids, before, after, renewed, strict=True)
    ]  # fmt: skip
    report = backtest(book, renewals, as_of=EXAMPLE_DAY)
    starts = [arr[r.account_id] if r.arr_before is None else r.arr_before for r in renewals]
    ends = [0.0 if not r.renewed else r.arr_after for r in renewals]
    known = [(b, e) for b, e, r in zip(starts, ends, renewals, strict=True)
             if r.renewed and e is not None]  # fmt: skip
    renewed_stake = sum(b for b, r in zip(starts, renewals, strict=True) if r.renewed)
    if (
        sum(starts) == 0
        or (renewed_stake and not known)
        or (any(r.renewed for r in renewals) and not known)
    ):
        assert math.isnan(report.grr())
        assert math.isnan(report.nrr())
        return
    stake = sum(b for b, _ in known)
    gross = sum(min(b, e) for b, e in known)
    net = sum(e for _, e in known)
    # Renewals with an unknown ARR after keep as the known ones do.
    if len(known) == sum(r.renewed for r in renewals):
        expected_gross, expected_net = gross / sum(starts), net / sum(starts)
    elif stake > 0:
        expected_gross = (gross / stake) * (renewed_stake / sum(starts))
        expected_net = (net / stake) * (renewed_stake / sum(starts))
    else:  # the known renewals had nothing at stake: nothing to estimate the rest by
        expected_gross, expected_net = 0.0, (0.0 if net == 0 else math.nan)
    assert report.grr() == pytest.approx(expected_gross, rel=1e-9)
    assert report.nrr() == pytest.approx(expected_net, rel=1e-9, nan_ok=True)
    assert 0 <= report.grr() <= 1 + 1e-12
    assert math.isnan(report.nrr()) or report.nrr() >= report.grr() - 1e-12


@rule("evidence.retention")
def test_gross_and_net_retention_are_the_arr_kept_over_the_arr_at_stake() -> None:
    book = Book.from_accounts(example_accounts())
    decided = date(2026, 9, 1)
    renewals = [
        Renewal(account_id="northwind", decided_on=decided, renewed=True,
                arr_before=100.0, arr_after=130.0),
        Renewal(account_id="bluebird", decided_on=decided, renewed=True,
                arr_before=100.0, arr_after=80.0),
        Renewal(account_id="copperleaf", decided_on=decided, renewed=False, arr_before=50.0),
    ]  # fmt: skip
    report = backtest(book, renewals, as_of=EXAMPLE_DAY)
    assert report.grr() == pytest.approx((100 + 80 + 0) / 250)
    assert report.nrr() == pytest.approx((130 + 80 + 0) / 250)
    assert report.arr_caught in (0.0, 1.0)
    scored = score_book(book, as_of=EXAMPLE_DAY)
    band = dict(zip(scored["account_id"].tolist(), scored["health_band"].tolist(), strict=True))
    assert report.arr_caught == (1.0 if band["copperleaf"] in (0, 1) else 0.0)
    # An unknown ARR after a renewal keeps as the known renewals do (80 of 100); an
    # unknown ARR before is the book's.
    unknown = [attrs.evolve(renewals[0], arr_after=None, arr_before=None), *renewals[1:]]
    report = backtest(book, unknown, as_of=EXAMPLE_DAY)
    assert report.grr() == pytest.approx(0.8 * (240_000 + 100) / (240_000 + 100 + 50))
    alone = [attrs.evolve(renewals[1], arr_after=None), renewals[2]]  # no renewal says
    assert math.isnan(backtest(book, alone, as_of=EXAMPLE_DAY).grr())
    arr = report.labelled.to_pydict()
    assert arr["arr_before"][arr["account_id"].index("northwind")] == 240_000


@rule("evidence.label")
def test_snapshots_are_each_scored_as_of_their_own_day() -> None:
    days = [DAY, DAY + timedelta(days=31), DAY + timedelta(days=61)]
    books = [(d, make_book(300, as_of=d, seed=5)) for d in days]
    renewals = make_renewals(books[0][1], as_of=DAY, horizon_days=365, seed=5)
    history = backtest(books, renewals, horizon_days=365)
    singles = [backtest(b, renewals, as_of=d, horizon_days=365) for d, b in books]
    assert history.n == sum(s.n for s in singles)
    assert history.scoring_days == tuple(days)
    assert history.labelled.equals(pa.concat_tables([s.labelled for s in singles]))


def test_over_several_days_retention_counts_each_decision_once() -> None:
    book = make_book(400, as_of=DAY, seed=6)
    renewals = make_renewals(book, as_of=DAY + timedelta(days=1), horizon_days=100, seed=6)
    one = backtest(book, renewals, as_of=DAY)
    two = backtest([(DAY, book), (DAY + timedelta(days=1), book)], renewals)
    assert two.n == 2 * one.n  # every decision labels both days
    assert two.grr() == pytest.approx(one.grr(), rel=1e-12)
    assert two.nrr() == pytest.approx(one.nrr(), rel=1e-12)


def test_the_report_converts_to_frames_and_names_bands_and_phases() -> None:
    book = make_book(500, as_of=DAY, seed=8)
    report = backtest(book, make_renewals(book, as_of=DAY, seed=8), as_of=DAY)
    assert report.to_pandas().shape == (report.n, 10)
    assert report.to_polars().shape == (report.n, 10)
    assert report.to_arrow() is report.labelled
    assert [r.group for r in report.by_band] == ["RED", "YELLOW", "GREEN", "UNKNOWN"]
    assert [r.group for r in report.by_phase] == ["TRUST", "PROVE", "GROW"]
    assert sum(r.accounts for r in report.by_band) == report.n
    assert report.churn_rate_phase("TRUST") == report.by_phase[0].rate
    rows = report.labelled.to_pydict()
    red = [k for k, band in enumerate(rows["health_band"]) if band == "RED"]
    stake = sum(rows["arr_before"][k] for k in red if rows["arr_after"][k] is not None)
    kept = sum(
        min(rows["arr_before"][k], rows["arr_after"][k])
        for k in red
        if rows["arr_after"][k] is not None
    )
    assert report.grr(Band.RED) == pytest.approx(kept / stake)
    fpr, tpr = report.roc()
    assert fpr[-1] == tpr[-1] == 1.0
    with pytest.raises(InvalidInputError, match="must be one of RED, YELLOW"):
        report.churn_rate("PURPLE")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"as_of": None}, "as_of"),
        ({"horizon_days": 0}, "horizon_days"),
        ({"horizon_days": True}, "horizon_days"),
        ({"errors": "mark"}, "errors"),
        ({"policy": "strict"}, "policy"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, Any], field: str) -> None:
    book = Book.from_accounts(example_accounts())
    arguments = {"as_of": EXAMPLE_DAY, **kwargs}
    with pytest.raises(InvalidInputError) as caught:
        backtest(book, [], **arguments)
    assert caught.value.field == field


def test_snapshots_and_their_decisions_are_checked() -> None:
    book = Book.from_accounts(example_accounts())
    with pytest.raises(InvalidInputError, match="leave as_of out"):
        backtest([(DAY, book)], [], as_of=DAY)
    with pytest.raises(InvalidInputError, match="non-empty list"):
        backtest([], [])
    with pytest.raises(InvalidInputError, match="must be a pair"):
        backtest([book], [])
    with pytest.raises(InvalidInputError, match="the day of two snapshots"):
        backtest([(DAY, book), (DAY, book)], [])
    twice = [Renewal(account_id="bluebird", decided_on=DAY, renewed=r) for r in (True, False)]
    with pytest.raises(InvalidInputError, match="two decisions of one account on one day"):
        backtest(book, twice, as_of=EXAMPLE_DAY)


def test_an_empty_backtest_reports_nothing_and_nan() -> None:
    report = backtest(Book.from_accounts(example_accounts()), [], as_of=EXAMPLE_DAY)
    assert report.n == report.churned == 0
    assert math.isnan(report.auc)
    assert math.isnan(report.grr())
    assert math.isnan(report.arr_caught)
    assert report.excluded == {"no renewal decision within the horizon": 3}


def test_undated_values_are_used_and_counted_overrides_in_force_too() -> None:
    from cs_framework import Override

    accounts = example_accounts()
    override = Override(component=None, value=20, reason="escalated", expires_on=EXAMPLE_DAY)
    accounts[0] = attrs.evolve(accounts[0], overrides=(override,))
    book = Book.from_accounts(accounts)
    report = backtest(book, [], as_of=EXAMPLE_DAY)
    assert report.undated["overrides"] == 1
    later = backtest(book, [], as_of=EXAMPLE_DAY + timedelta(days=1))
    assert "overrides" not in later.undated  # expired by then: not in force
    assert report.undated["credibility"] == sum(a.credibility is not None for a in accounts)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"book": None}, "book"),
        ({"as_of": "2026-01-01"}, "as_of"),
        ({"horizon_days": 0}, "horizon_days"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"base_rate": 1.0}, "base_rate"),
        ({"base_rate": 0.0}, "base_rate"),
        ({"base_rate": float("nan")}, "base_rate"),
        ({"drivers": {"nps": 1.0}}, "drivers"),
        ({"drivers": {"adoption": float("inf")}}, "drivers['adoption']"),
    ],
)
def test_make_renewals_refuses_what_it_cannot_use(kwargs: dict[str, Any], field: str) -> None:
    arguments = {"book": make_book(20, as_of=DAY, seed=1), "as_of": DAY, "seed": 1, **kwargs}
    with pytest.raises(InvalidInputError) as caught:
        make_renewals(**arguments)
    assert caught.value.field == field


def test_a_huge_driver_effect_churns_every_low_reading_without_a_warning() -> None:
    book = make_book(300, as_of=DAY, seed=1)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=1,
                             drivers={"adoption": 1e300})  # fmt: skip
    assert renewals.num_rows > 0


def test_raise_lists_every_later_value_of_every_day_but_not_of_accounts_yet_to_start() -> None:
    book = make_book(30, as_of=DAY + timedelta(days=30), seed=3)
    renewals = make_renewals(book, as_of=DAY, horizon_days=365, seed=3)
    days = [DAY, DAY + timedelta(days=10)]
    per_day = []
    for day in days:
        with pytest.raises(InvalidInputError) as one:
            backtest(book, renewals, as_of=day, errors="raise")
        per_day.append(len(one.value.problems))
    with pytest.raises(InvalidInputError) as both:
        backtest([(d, book) for d in days], renewals, errors="raise")
    assert len(both.value.problems) == sum(per_day)
    # An account that starts after the day: its later values are left out, not refused.
    late = attrs.evolve(
        book,
        accounts=attrs.evolve(book.accounts, started_on=np.full(len(book), day_number(DAY) + 5)),
    )
    report = backtest(late, renewals, as_of=DAY, errors="raise")
    assert report.n == 0
    assert report.excluded["not yet a customer on the scoring day (started_on after it)"] == 30
    assert sum(report.later.values()) > 0


def test_every_renewal_not_used_as_a_label_is_counted_with_its_reason() -> None:
    book = Book.from_accounts(example_accounts())
    day = EXAMPLE_DAY
    renewals = [
        Renewal(account_id="northwind", decided_on=day - timedelta(days=5), renewed=True),
        Renewal(account_id="northwind", decided_on=day + timedelta(days=10), renewed=True),
        Renewal(account_id="northwind", decided_on=day + timedelta(days=20), renewed=False),
        Renewal(account_id="bluebird", decided_on=day + timedelta(days=400), renewed=True),
        Renewal(account_id="nobody", decided_on=day + timedelta(days=10), renewed=True),
    ]
    report = backtest(book, renewals, as_of=day)
    assert report.n == 1
    assert report.excluded == {
        "no renewal decision within the horizon": 2,
        "renewals decided on or before the scoring day (history, not a label; per day)": 1,
        "renewals decided after the horizon (per scoring day)": 1,
        "later decisions within the horizon (the first is the label; per scoring day)": 1,
        "renewals of accounts not in the book": 1,
    }


def test_a_refused_book_argument_is_named_by_its_kind_not_its_columns() -> None:
    book = Book.from_accounts(example_accounts())
    with pytest.raises(InvalidInputError) as caught:
        backtest(None, [], as_of=DAY)
    assert caught.value.field == "book"
    with pytest.raises(InvalidInputError) as caught:
        backtest([[DAY, book]], [])
    assert str(caught.value) == "book[0]='a list of 2': must be a pair (as_of, Book)"


def test_a_report_shows_itself_in_one_line() -> None:
    book = Book.from_accounts(example_accounts())
    days = [(EXAMPLE_DAY, book), (EXAMPLE_DAY + timedelta(days=1), book)]
    assert repr(backtest(days, [])) == (
        "BacktestReport(n=0, churned=0, auc=nan, scoring_days=2026-06-30..2026-07-01 "
        "(2 days), horizon_days=180)"
    )


def test_arr_near_the_largest_float_is_summed_without_overflow() -> None:
    book = Book.from_accounts(example_accounts())
    decided = date(2026, 9, 1)
    renewals = [
        Renewal(account_id=a.id, decided_on=decided, renewed=False, arr_before=1e308)
        for a in example_accounts()
    ]
    report = backtest(book, renewals, as_of=EXAMPLE_DAY)
    assert report.grr() == 0.0
    assert 0.0 <= report.arr_caught <= 1.0
