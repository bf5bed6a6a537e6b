"""The records of an account: its commitments, its outcomes, and CSM overrides."""

from __future__ import annotations

from datetime import date
from typing import Final

import attrs
import numpy as np

from .._enums import CommitmentStatus
from .._errors import InvalidInputError
from .._rules.proof import progress_kernel
from .._rules.trust import status_codes
from .._types import day_number
from .validators import DAY, FLAG, TEXT, Number, Optional, differs_from, not_before

__all__ = ["Commitment", "Outcome", "Override", "SCORE"]

#: A score on the 0-100 scale (health components, overrides, previous scores).
SCORE: Final = Number(lo=0, hi=100)


@attrs.frozen(kw_only=True)
class Commitment:
    """A promise made to the customer, and whether it was kept (docs/rules.md#trust).

    Trust is "a pattern of small commitments kept consistently - and eroded by the
    same pattern broken" (the Trust -> Prove -> Grow framework): the commitment
    record is the evidence behind Reliability.

    Parameters
    ----------
    id, account_id : str
        Its own id, and the id of the account it was made to.
    description : str
        What was promised.
    owner : str or None
        Who on the vendor side owns it; None is unclear ownership.
    made_on, due : datetime.date
        When it was made and when it is due (``due >= made_on``).
    kept_on : datetime.date or None
        When it was delivered (``kept_on >= made_on``), None if not (yet).
    renegotiated : bool
        The customer agreed a change before the due date: no evidence either way.

    Examples
    --------
    >>> from datetime import date
    >>> c = Commitment(id="c1", account_id="acme", description="Send the SSO guide",
    ...                owner="dana", made_on=date(2026, 1, 5), due=date(2026, 1, 9))
    >>> c.kept_on is None
    True
    >>> Commitment(id="c2", account_id="acme", description="x", owner=None,
    ...            made_on=date(2026, 1, 5), due=date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: due=datetime.date(2026, 1, 1) (account 'acme'): must be ...
    """

    id: str = attrs.field(validator=TEXT)
    account_id: str = attrs.field(validator=TEXT)
    description: str = attrs.field(validator=TEXT)
    owner: str | None = attrs.field(validator=Optional(TEXT))
    made_on: date = attrs.field(validator=DAY)
    due: date = attrs.field(validator=DAY)
    kept_on: date | None = attrs.field(default=None, validator=Optional(DAY))
    renegotiated: bool = attrs.field(default=False, validator=FLAG)

    def __attrs_post_init__(self) -> None:
        for name in ("due", "kept_on"):
            when = getattr(self, name)
            if when is not None and when < self.made_on:
                raise InvalidInputError(
                    field=name,
                    value=when,
                    account_id=self.account_id,
                    reason=not_before("made_on", self.made_on),
                )

    def status(self, as_of: date) -> CommitmentStatus:
        """The status on ``as_of``: KEPT, KEPT_LATE, MISSED, OPEN or RENEGOTIATED.

        Examples
        --------
        >>> from datetime import date
        >>> c = Commitment(id="c1", account_id="acme", description="Send the guide",
        ...                owner="dana", made_on=date(2026, 1, 5), due=date(2026, 1, 9))
        >>> c.status(date(2026, 1, 9)).name, c.status(date(2026, 1, 10)).name
        ('OPEN', 'MISSED')
        """
        DAY.check(as_of, field="as_of", account_id=self.account_id)
        code = status_codes(
            np.array([day_number(self.due)]),
            np.array([day_number(self.kept_on)]),
            np.array([self.renegotiated]),
            day_number(as_of),
        )
        return CommitmentStatus(int(code[0]))


@attrs.frozen(kw_only=True)
class Outcome:
    """A measurable success criterion the customer cares about (docs/rules.md#proof).

    "Complete X workflow end-to-end", "Reduce time spent on Z" (the customer-success
    pipeline): a metric, where it started (``baseline``), where the customer wants it
    (``target``, above or below the baseline), and where it is now (``current``,
    None before any measurement).

    Parameters
    ----------
    id, account_id, description, metric : str
        Identity, owning account, what success means, and what is measured.
    baseline, target : float
        Finite numbers; ``target != baseline``.
    current : float or None
        The latest measurement, None if there is none yet.
    measured_on : datetime.date or None
        The day ``current`` was measured, when known: scoring a book as it stood on an
        earlier day does not see a reading taken later.
    due : datetime.date or None
        When the customer expects it.
    documented, acknowledged : bool
        Written down and shared; confirmed by a customer stakeholder.

    Examples
    --------
    >>> o = Outcome(id="o1", account_id="acme", description="Cut ticket triage time",
    ...             metric="minutes per ticket", baseline=30, target=10, current=20,
    ...             acknowledged=True)
    >>> o.target < o.baseline
    True
    """

    id: str = attrs.field(validator=TEXT)
    account_id: str = attrs.field(validator=TEXT)
    description: str = attrs.field(validator=TEXT)
    metric: str = attrs.field(validator=TEXT)
    baseline: float = attrs.field(validator=Number())
    target: float = attrs.field(validator=Number())
    current: float | None = attrs.field(default=None, validator=Optional(Number()))
    measured_on: date | None = attrs.field(default=None, validator=Optional(DAY))
    due: date | None = attrs.field(default=None, validator=Optional(DAY))
    documented: bool = attrs.field(default=False, validator=FLAG)
    acknowledged: bool = attrs.field(default=False, validator=FLAG)

    def __attrs_post_init__(self) -> None:
        if self.target == self.baseline:
            raise InvalidInputError(
                field="target",
                value=self.target,
                account_id=self.account_id,
                reason=differs_from("baseline", self.baseline),
            )

    @property
    def progress(self) -> float:
        """Progress towards the target in [0, 1], in either direction; 0 unmeasured.

        Examples
        --------
        >>> o = Outcome(id="o1", account_id="a", description="Cut triage time",
        ...             metric="minutes", baseline=30, target=10, current=25)
        >>> o.progress
        0.25
        """
        share = progress_kernel(
            np.array([self.baseline], dtype=np.float64),
            np.array([self.target], dtype=np.float64),
            np.array([np.nan if self.current is None else self.current], dtype=np.float64),
        )
        return float(share[0])


@attrs.frozen(kw_only=True)
class Override:
    """A CSM's judgement put in place of a score, with a reason, until an expiry date.

    The override applies on every day up to and including ``expires_on``, and no
    longer from the day after: a judgement must be renewed, or the data speaks again
    (docs/rules.md#health).

    Parameters
    ----------
    component : str or None
        The health component it replaces; None overrides the overall health score.
    value : float
        The score put in its place, 0-100.
    reason : str
        Why (non-empty): the override is read by the next person on the account.
    expires_on : datetime.date
        The last day it applies.

    Examples
    --------
    >>> from datetime import date
    >>> Override(component="support", value=35, reason="P1 outage this week",
    ...          expires_on=date(2026, 3, 31)).value
    35
    >>> Override(component=None, value=55, reason="", expires_on=date(2026, 3, 31))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: reason='': must be a non-empty string
    """

    component: str | None = attrs.field(validator=Optional(TEXT))
    value: float = attrs.field(validator=SCORE)
    reason: str = attrs.field(validator=TEXT)
    expires_on: date = attrs.field(validator=DAY)
