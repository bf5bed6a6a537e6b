"""Hypothesis strategies for cs_framework's domain objects and whole books.

Use them in your own test suite (``pip install "customer-success-framework[hypothesis]"``)::

    from hypothesis import given
    from cs_framework import Phase
    from cs_framework.strategies import accounts, books

    @given(books(max_accounts=50))
    def test_my_report_handles_any_book(book): ...

    @given(accounts(phase=Phase.GROW))
    def test_growth_accounts_get_an_expansion_plan(account): ...

Every strategy yields valid objects only: each value passes the library's own
validation, and ids are unique within an account (and, for :func:`books`, account
ids are unique within the book). The ``invalid_*`` strategies yield the opposite on
purpose: constructor arguments that must be refused, as :class:`Invalid` values
tagged with the field the error must name.

Guarantees that depend on a day (an account's phase, its health band) hold at the
strategy's ``as_of`` date, :data:`cs_framework.examples.EXAMPLE_DAY` by default, with
the default :class:`~cs_framework.Policy`. The guide ``docs/testing.md`` walks
through a complete example.

Examples
--------
An :class:`Invalid` value is what ``invalid_accounts()`` and its siblings yield: the
keyword arguments of a constructor call that must fail, and the field to blame.

>>> from cs_framework import Account
>>> bad = Invalid(kind=Account, kwargs={"id": "acme", "name": "Acme", "arr": -1.0},
...               field="arr")
>>> bad.build()
Traceback (most recent call last):
...
cs_framework.InvalidInputError: arr=-1.0 (account 'acme'): must be a finite number >= 0
"""

from ..examples import EXAMPLE_DAY
from ._accounts import accounts
from ._invalid import Invalid, invalid_accounts, invalid_commitments, invalid_outcomes
from ._parts import (
    adoptions,
    component_scores,
    dates,
    datetimes,
    health_scores,
    ids,
    overrides,
    trust_assessments,
    trust_scores,
)
from ._policies import books, policies, scorecards, segments
from ._records import commitments, outcomes

__all__ = [
    "EXAMPLE_DAY",
    "Invalid",
    "accounts",
    "adoptions",
    "books",
    "commitments",
    "component_scores",
    "dates",
    "datetimes",
    "health_scores",
    "ids",
    "invalid_accounts",
    "invalid_commitments",
    "invalid_outcomes",
    "outcomes",
    "overrides",
    "policies",
    "scorecards",
    "segments",
    "trust_assessments",
    "trust_scores",
]
