"""Testing your own code with cs_framework's strategies: the example of docs/testing.md.

The code under test is a team's own "churn report" (it would live in their package);
the tests below are what they would write with ``cs_framework.strategies``. The file
runs as it is: ``pytest docs/examples/test_with_strategies.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

import cs_framework as csf
from cs_framework import Account, Band, Book, InvalidInputError, Phase
from cs_framework.examples import EXAMPLE_DAY
from cs_framework.strategies import Invalid, accounts, books, invalid_accounts

# --- The code under test: our own churn report --------------------------------------


@dataclass(frozen=True)
class ChurnReport:
    """What the customer-success team reads on Monday morning."""

    accounts: int
    arr: float
    arr_at_risk: float  # ARR of accounts that are Red, or at risk at renewal
    escalate_first: list[str]  # the Red accounts, most ARR first
    ready_to_grow: list[str]  # the accounts where expansion is the right conversation


def churn_report(book: Book, *, as_of: date) -> ChurnReport:
    rows = list(csf.score_book(book, as_of=as_of).rows())
    red = sorted((r for r in rows if r["health_band"] is Band.RED), key=lambda r: -r["arr"])
    at_risk = [r for r in rows if r["health_band"] is Band.RED or r["renewal_at_risk"]]
    return ChurnReport(
        accounts=len(rows),
        arr=math.fsum(r["arr"] for r in rows),
        arr_at_risk=math.fsum(r["arr"] for r in at_risk),
        escalate_first=[r["account_id"] for r in red],
        ready_to_grow=[r["account_id"] for r in rows if r["phase"] is Phase.GROW],
    )


def import_row(row: dict[str, Any]) -> Account | str:
    """Our CRM import: an Account, or the reason the row was skipped."""
    try:
        return Account(**row)
    except InvalidInputError as err:
        return f"skipped: {err.field} is invalid"


# --- The tests ----------------------------------------------------------------------


@settings(deadline=None)  # scoring 50 accounts can take longer than 200 ms the first time
@given(books(max_accounts=50))
def test_the_report_accounts_for_every_account(book: Book) -> None:
    report = churn_report(book, as_of=EXAMPLE_DAY)
    ids = [a.id for a in book.to_accounts()]
    assert report.accounts == len(ids)
    assert 0 <= report.arr_at_risk <= report.arr
    assert set(report.escalate_first) <= set(ids)
    arr = dict(zip(ids, book.accounts.arr, strict=True))
    at_stake = [arr[i] for i in report.escalate_first]
    assert at_stake == sorted(at_stake, reverse=True)


@given(accounts(phase=Phase.GROW))
def test_accounts_in_grow_are_ready_to_grow(account: Account) -> None:
    # The phase holds at EXAMPLE_DAY, the strategies' default as_of.
    report = churn_report(Book.from_accounts([account]), as_of=EXAMPLE_DAY)
    assert report.ready_to_grow == [account.id]


@given(accounts(band=Band.RED))
def test_red_accounts_are_escalated_and_at_risk(account: Account) -> None:
    report = churn_report(Book.from_accounts([account]), as_of=EXAMPLE_DAY)
    assert report.escalate_first == [account.id]
    assert report.arr_at_risk == account.arr


@given(accounts(phase=Phase.GROW, band=Band.GREEN))
def test_healthy_growing_accounts_put_no_arr_at_risk(account: Account) -> None:
    report = churn_report(Book.from_accounts([account]), as_of=EXAMPLE_DAY)
    assert report.arr_at_risk == 0


@given(invalid_accounts())
def test_the_import_skips_bad_rows_naming_the_field(bad: Invalid[Account]) -> None:
    # Every way an account can be invalid: the library refuses it, naming the field...
    with pytest.raises(InvalidInputError) as info:
        bad.build()
    assert info.value.field == bad.field
    # ... and our import skips the row and says why.
    assert import_row(bad.kwargs) == f"skipped: {bad.field} is invalid"
