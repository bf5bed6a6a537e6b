"""A renewal: an account's decision on a day, renewed or churned, with its ARR.

The label a backtest follows (does the score predict churn?): the decision and the
ARR before and after it, so contraction and expansion count in gross and net revenue
retention.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import attrs
import numpy as np

from .._types import BoolArray, FloatArray
from .account import ARR
from .validators import DAY, FLAG, TEXT, Optional, refuse

__all__ = ["CHURN_KEEPS_NONE", "RENEWAL_KEEPS_SOME", "Renewal", "arr_after_off"]

CHURN_KEEPS_NONE: Final = "must be 0 or unknown for a churn (renewed=False)"
RENEWAL_KEEPS_SOME: Final = (
    "must be above 0 or unknown for a renewal (renewed=True): a renewal keeping no ARR is a churn"
)


def arr_after_off(renewed: BoolArray, arr_after: FloatArray) -> tuple[BoolArray, BoolArray]:
    """Where ``arr_after`` breaks the decision (NaN is unknown): a churn keeping ARR, a
    renewal keeping none. The rule of :class:`Renewal`, for whole columns too.

    Examples
    --------
    >>> arr_after_off(np.array([False, True, True]), np.array([5.0, 0.0, np.nan]))
    (array([ True, False, False]), array([False,  True, False]))
    """
    known = ~np.isnan(arr_after)
    return known & ~renewed & (arr_after != 0), known & renewed & (arr_after == 0)


@attrs.frozen(kw_only=True)
class Renewal:
    """An account's renewal decision.

    Parameters
    ----------
    account_id : str
        The account that decided.
    decided_on : datetime.date
        The day it decided.
    renewed : bool
        True for a renewal, False for a churn.
    arr_before, arr_after : float or None
        The ARR before and after the decision (finite, >= 0), when known. A churn keeps
        no ARR: its ``arr_after`` is 0 or unknown; a renewal keeps some: its
        ``arr_after`` is above 0 or unknown.

    Examples
    --------
    >>> from datetime import date
    >>> Renewal(account_id="acme", decided_on=date(2026, 9, 1), renewed=True,
    ...         arr_before=120_000, arr_after=132_000).renewed
    True
    >>> Renewal(account_id="acme", decided_on=date(2026, 9, 1), renewed=False, arr_after=5)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: arr_after=5 (account 'acme'): must be 0 or unknown ...
    """

    account_id: str = attrs.field(validator=TEXT)
    decided_on: date = attrs.field(validator=DAY)
    renewed: bool = attrs.field(validator=FLAG)
    arr_before: float | None = attrs.field(default=None, validator=Optional(ARR))
    arr_after: float | None = attrs.field(default=None, validator=Optional(ARR))

    def __attrs_post_init__(self) -> None:
        after = np.array([np.nan if self.arr_after is None else self.arr_after])
        churn, renewal = arr_after_off(np.array([self.renewed]), after)
        if churn[0] or renewal[0]:
            reason = CHURN_KEEPS_NONE if churn[0] else RENEWAL_KEEPS_SOME
            refuse(self.arr_after, reason, field="arr_after", account_id=self.account_id)
