"""A commitment: a promise the vendor made to the customer, and whether it was kept."""

from __future__ import annotations

from datetime import date

import attrs
import numpy as np

from ._arrays import day_number
from ._enums import CommitmentStatus
from ._errors import InvalidInputError
from ._status import status_codes
from ._validate import check_day, date_field, flag, optional, text

__all__ = ["Commitment"]


@attrs.frozen(kw_only=True)
class Commitment:
    """A promise made to the customer (DOMAIN.md section 1, seed 000).

    Trust is "a pattern of small commitments kept consistently - and eroded by the
    same pattern broken": the commitment record is the evidence behind Reliability.

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

    id: str = attrs.field(validator=text)
    account_id: str = attrs.field(validator=text)
    description: str = attrs.field(validator=text)
    owner: str | None = attrs.field(validator=optional(text))
    made_on: date = attrs.field(validator=date_field)
    due: date = attrs.field(validator=date_field)
    kept_on: date | None = attrs.field(default=None, validator=optional(date_field))
    renegotiated: bool = attrs.field(default=False, validator=flag)

    def __attrs_post_init__(self) -> None:
        for name in ("due", "kept_on"):
            when = getattr(self, name)
            if when is not None and when < self.made_on:
                raise InvalidInputError(
                    field=name,
                    value=when,
                    account_id=self.account_id,
                    reason=f"must be on or after made_on={self.made_on.isoformat()}",
                )

    def status(self, as_of: date) -> CommitmentStatus:
        """The status on ``as_of`` (DOMAIN.md section 1).

        Examples
        --------
        >>> from datetime import date
        >>> c = Commitment(id="c1", account_id="acme", description="Send the guide",
        ...                owner="dana", made_on=date(2026, 1, 5), due=date(2026, 1, 9))
        >>> c.status(date(2026, 1, 9)).name, c.status(date(2026, 1, 10)).name
        ('OPEN', 'MISSED')
        """
        check_day(as_of, field="as_of", account_id=self.account_id)
        code = status_codes(
            np.array([day_number(self.due)]),
            np.array([day_number(self.kept_on)]),
            np.array([self.renegotiated]),
            day_number(as_of),
        )
        return CommitmentStatus(int(code[0]))
