"""Synthetic books: realistic, seeded, and fast to make at a million accounts.

ARR is log-normal (most accounts DIGITAL, a few HIGH_TOUCH); commitments and outcomes
per account grow with the segment; some data is missing (assessments, health
components, owners, executive touches) and some health readings are stale, so every
rule has something to bite on. The columns are made with NumPy directly: no Account
objects are built, so a million accounts take seconds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from ._book.book import Book
from ._book.tables import AccountTable, CommitmentTable, OutcomeTable
from ._model.validators import DAY, InstanceOf, Number, refuse
from ._types import day_number

__all__ = ["CHURN_DRIVERS", "SYNTHETIC_DAY", "make_book", "make_renewals"]

#: The day synthetic books are made for (their as-of date).
SYNTHETIC_DAY = date(2026, 6, 30)

_COMPONENTS = ("adoption", "engagement", "support", "sentiment")
_OWNERS = np.array(["dana", "lee", "sam", "ana", None], dtype=object)
_PROMISES = np.array(
    [
        "Send the SSO guide",
        "Fix the export",
        "Run admin training",
        "Share the QBR deck",
        "Deliver the connector",
    ],
    dtype=object,
)
_GOALS = np.array(
    ["Cut triage time", "Raise on-time rate", "Train every analyst", "Reduce false alerts"],
    dtype=object,
)
_METRICS = np.array(["minutes", "% on time", "people trained", "alerts per day"], dtype=object)
_ROLE_NAMES = np.array(["Pat", "Kim", "Alex", "Jo", "Rhea"], dtype=object)


def _whole(value: Any, field: str, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        refuse(value, f"must be a whole number >= {lo}", field=field)
    return int(value)


def make_book(n_accounts: int, *, seed: int, as_of: date = SYNTHETIC_DAY) -> Book:
    """A realistic synthetic book of ``n_accounts`` accounts, the same for the same seed.

    About 10 commitments and 3 outcomes per account on average, more for larger
    accounts.

    Parameters
    ----------
    n_accounts : int
        How many accounts (0 or more).
    seed : int
        The random seed: the same seed gives the same book.
    as_of : datetime.date
        The day the book describes; dates are spread around it.

    Examples
    --------
    >>> book = make_book(1000, seed=7)
    >>> len(book), 8 < len(book.commitments) / len(book) < 12
    (1000, True)
    >>> make_book(50, seed=1).accounts.arr.tolist() == make_book(50, seed=1).accounts.arr.tolist()
    True
    """
    _whole(n_accounts, "n_accounts", 0)
    _whole(seed, "seed", 0)
    DAY.check(as_of, field="as_of")
    rng = np.random.default_rng(seed)
    n = n_accounts
    today = day_number(as_of)

    arr = np.round(rng.lognormal(mean=np.log(9_000), sigma=1.4, size=n), 2)
    tier = np.searchsorted([10_000.0, 100_000.0], arr, side="right")  # 0 digital .. 2 high
    per_commitments = np.array([7.0, 14.0, 24.0])[tier]
    per_outcomes = np.array([2.0, 4.0, 6.0])[tier]

    def assessment(low: float, high: float) -> np.ndarray:
        values = np.round(1 + 9 * rng.beta(low, high, size=n), 1)
        values[rng.random(n) < 0.05] = np.nan  # not assessed
        return values

    def maybe_days(share_present: float, lo: int, hi: int) -> np.ndarray:
        days = today + rng.integers(lo, hi, size=n).astype(np.float64)
        days[rng.random(n) >= share_present] = np.nan
        return days

    health = {}
    measured = {}
    for name in _COMPONENTS:
        values = np.round(np.clip(rng.normal(65, 20, size=n), 0, 100), 1).astype(np.float64)
        values[rng.random(n) < 0.1] = np.nan
        health[name] = values
        measured[name] = maybe_days(0.9, -150, 1)  # some older than 90 days: stale

    previous = np.round(np.clip(rng.normal(65, 20, size=n), 0, 100), 1).astype(np.float64)
    previous_on = today - rng.integers(7, 60, size=n).astype(np.float64)
    no_history = rng.random(n) < 0.2
    previous[no_history] = np.nan
    previous_on[no_history] = np.nan

    licensed = rng.integers(5, 500, size=n)
    workflows = rng.integers(1, 8, size=n)
    teams = rng.integers(1, 12, size=n)
    accounts = AccountTable(
        id=np.array([f"acct-{k:07d}" for k in range(n)], dtype=object),
        name=np.array([f"Customer {k}" for k in range(n)], dtype=object),
        arr=arr,
        credibility=assessment(5, 2.5),
        intimacy=assessment(4, 3),
        self_orientation=assessment(2, 5),
        health=health,
        health_measured_on=measured,
        decision_maker=_roles(rng, n),
        day_to_day_owner=_roles(rng, n),
        accountable_owner=_roles(rng, n),
        last_executive_touch=maybe_days(0.9, -200, 1),
        renewal_on=today + rng.integers(-30, 365, size=n).astype(np.float64),
        started_on=(started := today - rng.integers(60, 1500, size=n).astype(np.float64)),
        setup_complete=rng.random(n) < 0.9,
        first_value_on=np.maximum(maybe_days(0.75, -400, -10), started),  # not before the start
        has_adoption=np.ones(n, dtype=bool),
        licensed_users=licensed,
        weekly_active_users=(licensed * rng.beta(4, 2.5, size=n)).astype(np.int64),
        core_workflows=workflows,
        core_workflows_used=(workflows * rng.random(n)).astype(np.int64),
        teams=teams,
        teams_using=(teams * rng.random(n)).astype(np.int64),
        expansion_signal=rng.random(n) < 0.3,
        previous_health=previous,
        previous_health_on=previous_on,
    )
    return Book(
        accounts=accounts,
        commitments=_commitments(rng, rng.poisson(per_commitments), today),
        outcomes=_outcomes(rng, rng.poisson(per_outcomes), today),
        marks=(),  # valid by construction
    )


def _roles(rng: np.random.Generator, n: int) -> np.ndarray:
    names = _ROLE_NAMES[rng.integers(0, len(_ROLE_NAMES), size=n)]
    names[rng.random(n) < 0.15] = None
    return names


def _commitments(rng: np.random.Generator, counts: np.ndarray, today: float) -> CommitmentTable:
    m = int(counts.sum())
    made = today - rng.integers(0, 365, size=m).astype(np.float64)
    due = made + rng.integers(3, 60, size=m)
    kept = due + np.round(rng.normal(-2, 6, size=m))
    kept = np.maximum(kept, made)
    kept[rng.random(m) < 0.2] = np.nan  # not (yet) delivered
    kept[kept > today] = np.nan  # to be delivered after the book's day: not known on it
    return CommitmentTable(
        account=np.repeat(np.arange(counts.size, dtype=np.intp), counts),
        id=np.arange(m, dtype=np.int64),
        description=_PROMISES[rng.integers(0, len(_PROMISES), size=m)],
        owner=_OWNERS[rng.choice(len(_OWNERS), size=m, p=[0.24, 0.24, 0.24, 0.23, 0.05])],
        made_on=made,
        due=due,
        kept_on=kept,
        renegotiated=rng.random(m) < 0.03,
    )


def _outcomes(rng: np.random.Generator, counts: np.ndarray, today: float) -> OutcomeTable:
    q = int(counts.sum())
    kind = rng.integers(0, len(_GOALS), size=q)
    baseline = np.round(rng.uniform(10, 1000, size=q), 1)
    direction = np.where(rng.random(q) < 0.5, -1.0, 1.0)
    target = np.round(baseline * (1 + direction * rng.uniform(0.1, 0.8, size=q)), 1)
    current = np.round(baseline + (target - baseline) * rng.uniform(-0.2, 1.3, size=q), 1)
    unmeasured = rng.random(q) < 0.2
    current[unmeasured] = np.nan  # not measured yet
    documented = rng.random(q) < 0.6
    acknowledged = documented & (rng.random(q) < 0.5)
    measured_on = today - rng.integers(0, 90, size=q).astype(np.float64)
    measured_on[unmeasured] = np.nan
    return OutcomeTable(
        account=np.repeat(np.arange(counts.size, dtype=np.intp), counts),
        id=np.arange(q, dtype=np.int64),
        description=_GOALS[kind],
        metric=_METRICS[kind],
        baseline=baseline,
        target=target,
        current=current,
        measured_on=measured_on,
        due=np.full(q, np.nan),
        documented=documented,
        acknowledged=acknowledged,
    )


#: The churn process of :func:`make_renewals`: the health components that drive churn,
#: each with its effect on the log-odds of churning per 20 points *below* 65 (the mean
#: and spread of synthetic readings). ``support`` and ``sentiment`` have no effect.
CHURN_DRIVERS: dict[str, float] = {"adoption": 1.0, "engagement": 0.6}


def make_renewals(
    book: Book,
    *,
    as_of: date,
    horizon_days: int = 180,
    seed: int,
    base_rate: float = 0.15,
    drivers: dict[str, float] | None = None,
) -> Any:
    """Renewal decisions for a synthetic book, from a documented churn process.

    Each account whose ``renewal_on`` falls within ``(as_of, as_of + horizon_days]``
    decides on that day; the others make no decision in the horizon. It churns with
    probability ``sigmoid(logit(base_rate) + sum(effect * (65 - reading) / 20))`` over
    the components of ``drivers`` (:data:`CHURN_DRIVERS` by default; a missing reading
    counts as 65, no effect). A renewal keeps its ARR times a factor around 1.05 (some
    contract, some expand); a churn keeps none.

    So a backtest of a scorecard built on ``adoption`` and ``engagement`` ranks churners
    above renewers, and one built on ``support`` and ``sentiment`` does not.

    Parameters
    ----------
    book : Book
        A book made by :func:`make_book` (or any book with those components).
    as_of : datetime.date
        The scoring day the decisions follow.
    horizon_days : int
        The days after ``as_of`` in which decisions are made.
    seed : int
        The random seed: the same seed gives the same decisions.
    base_rate : float
        The churn probability of an account with every driver at 65.
    drivers : dict of str to float, optional
        Component -> effect on the log-odds per 20 points below 65.

    Returns
    -------
    pyarrow.Table
        The columns of a renewals table: ``account_id``, ``decided_on``, ``renewed``,
        ``arr_before``, ``arr_after``.

    Examples
    --------
    >>> book = make_book(2000, seed=1)
    >>> renewals = make_renewals(book, as_of=SYNTHETIC_DAY, horizon_days=180, seed=1)
    >>> churned = renewals.num_rows - sum(renewals["renewed"].to_pylist())
    >>> 0.3 < renewals.num_rows / 2000 < 0.7, 0.05 < churned / renewals.num_rows < 0.4
    (True, True)
    """
    import pyarrow as pa

    from ._book.frames import date_column
    from ._book.text import as_text, pick

    InstanceOf(Book).check(book, field="book")
    today = day_number(DAY.check(as_of, field="as_of"))
    _whole(horizon_days, "horizon_days", 1)
    _whole(seed, "seed", 0)
    Number(lo=0, hi=1, lo_open=True).check(base_rate, field="base_rate")
    if base_rate == 1:
        refuse(base_rate, "must be below 1: every account would churn", field="base_rate")
    effects = dict(CHURN_DRIVERS if drivers is None else drivers)
    a = book.accounts
    for name, effect in effects.items():
        if name not in a.health:
            known = ", ".join(sorted(a.health)) or "none"
            refuse(name, f"is not a health component of the book (it has: {known})",
                   field="drivers")  # fmt: skip
        Number().check(effect, field=f"drivers[{name!r}]")
    rng = np.random.default_rng(seed)
    deciding = np.flatnonzero((a.renewal_on > today) & (a.renewal_on <= today + horizon_days))
    logit = np.full(deciding.size, np.log(base_rate / (1 - base_rate)))
    for name, effect in effects.items():
        reading = np.nan_to_num(a.health[name][deciding], nan=65.0)
        logit += effect * (65.0 - reading) / 20.0
    with np.errstate(over="ignore"):  # a huge effect: a probability of 0 or 1, as it is
        churned = rng.random(deciding.size) < 1 / (1 + np.exp(-logit))
    before = a.arr[deciding]
    factor = np.clip(rng.normal(1.05, 0.15, size=deciding.size), 0.5, None)
    after = np.where(churned, 0.0, np.round(before * factor, 2))
    return pa.table(
        {
            "account_id": as_text(pick(a.id, deciding)),
            "decided_on": date_column(a.renewal_on[deciding]),
            "renewed": pa.array(~churned),
            "arr_before": pa.array(before),
            "arr_after": pa.array(after),
        }
    )
