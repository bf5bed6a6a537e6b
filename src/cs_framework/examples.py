"""Built-in example accounts: three customers, one in each phase of Trust -> Prove -> Grow.

They feed the ``cs-framework demo`` command and the docs, and make a quick start in
a notebook::

    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> [a.name for a in example_accounts()]
    ['Northwind Health', 'Bluebird Logistics', 'Copperleaf Bank']
"""

from __future__ import annotations

from datetime import date

from ._model.account import Account, Adoption
from ._model.records import Commitment, Outcome

__all__ = ["EXAMPLE_DAY", "example_accounts"]

#: The day the examples are assessed on.
EXAMPLE_DAY = date(2026, 6, 30)


def example_accounts() -> list[Account]:
    """Three example accounts, assessed as of :data:`EXAMPLE_DAY`.

    - *Northwind Health* has missed two recent commitments: its next right action
      is to address them, not to run a QBR.
    - *Bluebird Logistics* keeps its promises but its outcomes are not yet proven
      to the customer.
    - *Copperleaf Bank* is strong on both: expansion is the right conversation.

    Examples
    --------
    >>> northwind, bluebird, copperleaf = example_accounts()
    >>> len(northwind.commitments), len(copperleaf.outcomes)
    (4, 2)
    """
    return [_northwind(), _bluebird(), _copperleaf()]


def _northwind() -> Account:
    aid = "northwind"
    return Account(
        id=aid,
        name="Northwind Health",
        arr=240_000.0,
        credibility=6.0,
        intimacy=5.0,
        self_orientation=5.0,
        health={"adoption": 55.0, "engagement": 40.0, "support": 35.0, "sentiment": None},
        commitments=[
            Commitment(
                id="nw-1",
                account_id=aid,
                description="Deliver the HL7 connector",
                owner="dana",
                made_on=date(2026, 3, 2),
                due=date(2026, 4, 15),
            ),
            Commitment(
                id="nw-2",
                account_id=aid,
                description="Send the audit-log export",
                owner="dana",
                made_on=date(2026, 5, 4),
                due=date(2026, 5, 29),
            ),
            Commitment(
                id="nw-3",
                account_id=aid,
                description="Fix SSO for the night shift",
                owner="lee",
                made_on=date(2026, 2, 2),
                due=date(2026, 2, 20),
                kept_on=date(2026, 2, 19),
            ),
            Commitment(
                id="nw-4",
                account_id=aid,
                description="Schedule admin training",
                owner=None,
                made_on=date(2026, 6, 20),
                due=date(2026, 7, 15),
            ),
        ],
        outcomes=[
            Outcome(
                id="nw-o1",
                account_id=aid,
                description="Cut discharge paperwork time",
                metric="minutes per discharge",
                baseline=45.0,
                target=20.0,
                current=38.0,
                documented=True,
            ),
        ],
        decision_maker="Dr. Alvarez (CMO)",
        day_to_day_owner="Priya (Nursing informatics)",
        accountable_owner=None,
        last_executive_touch=date(2026, 1, 10),
        renewal_on=date(2026, 9, 1),
        started_on=date(2025, 9, 1),
        setup_complete=True,
        first_value_on=date(2025, 11, 3),
        adoption=Adoption(
            licensed_users=400,
            weekly_active_users=180,
            core_workflows=6,
            core_workflows_used=3,
            teams=8,
            teams_using=4,
        ),
    )


def _bluebird() -> Account:
    aid = "bluebird"
    return Account(
        id=aid,
        name="Bluebird Logistics",
        arr=38_000.0,
        credibility=8.0,
        intimacy=7.0,
        self_orientation=2.5,
        health={"adoption": 72.0, "engagement": 68.0, "support": 80.0, "sentiment": 70.0},
        commitments=[
            Commitment(
                id=f"bb-{k}",
                account_id=aid,
                description=f"Weekly route report {k}",
                owner="sam",
                made_on=date(2026, 4, 1),
                due=date(2026, 4, 7 * k),
                kept_on=date(2026, 4, 7 * k),
            )
            for k in range(1, 5)
        ],
        outcomes=[
            Outcome(
                id="bb-o1",
                account_id=aid,
                description="On-time deliveries",
                metric="% on time",
                baseline=82.0,
                target=95.0,
                current=90.0,
                documented=False,
            ),
        ],
        decision_maker="Morgan (COO)",
        day_to_day_owner="Chris (Dispatch lead)",
        accountable_owner="Jo (Ops director)",
        last_executive_touch=date(2026, 6, 1),
        renewal_on=date(2027, 3, 1),
        started_on=date(2026, 3, 1),
        setup_complete=True,
        first_value_on=date(2026, 3, 20),
        adoption=Adoption(
            licensed_users=60,
            weekly_active_users=42,
            core_workflows=4,
            core_workflows_used=3,
            teams=3,
            teams_using=3,
        ),
    )


def _copperleaf() -> Account:
    aid = "copperleaf"
    return Account(
        id=aid,
        name="Copperleaf Bank",
        arr=520_000.0,
        credibility=9.0,
        intimacy=8.0,
        self_orientation=2.0,
        health={"adoption": 88.0, "engagement": 85.0, "support": 90.0, "sentiment": 82.0},
        commitments=[
            Commitment(
                id=f"cl-{k}",
                account_id=aid,
                description=f"Quarterly control review {k}",
                owner="ana",
                made_on=date(2025, 9, 1),
                due=date(2025, 9 + k, 1),
                kept_on=date(2025, 9 + k, 1),
            )
            for k in range(1, 4)
        ]
        + [
            Commitment(
                id="cl-4",
                account_id=aid,
                description="Fraud-rule tuning session",
                owner="ana",
                made_on=date(2026, 5, 1),
                due=date(2026, 6, 1),
                kept_on=date(2026, 5, 28),
            ),
        ],
        outcomes=[
            Outcome(
                id="cl-o1",
                account_id=aid,
                description="Reduce false fraud alerts",
                metric="alerts per day",
                baseline=1200.0,
                target=400.0,
                current=380.0,
                documented=True,
                acknowledged=True,
            ),
            Outcome(
                id="cl-o2",
                account_id=aid,
                description="Train every branch analyst",
                metric="analysts trained",
                baseline=0.0,
                target=150.0,
                current=150.0,
                documented=True,
                acknowledged=True,
            ),
        ],
        decision_maker="Rhea (CRO)",
        day_to_day_owner="Tom (Fraud ops)",
        accountable_owner="Iris (Head of risk)",
        last_executive_touch=date(2026, 6, 10),
        renewal_on=date(2027, 1, 15),
        started_on=date(2024, 1, 15),
        setup_complete=True,
        first_value_on=date(2024, 2, 20),
        adoption=Adoption(
            licensed_users=300,
            weekly_active_users=240,
            core_workflows=5,
            core_workflows_used=5,
            teams=12,
            teams_using=10,
        ),
        expansion_signal=True,
    )
