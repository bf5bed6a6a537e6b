"""A CSM's override of a health component or of the overall score (DOMAIN.md section 5).

The class lives on its own so that :mod:`._account` and :mod:`._health` can both use
it; the kernel that applies overrides is :func:`cs_framework._health.apply_overrides`.
"""

from __future__ import annotations

from datetime import date

import attrs

from ._validate import date_field, number, optional, text

__all__ = ["Override"]


@attrs.frozen(kw_only=True)
class Override:
    """A CSM's judgement put in place of a score, with a reason, until an expiry date.

    The override applies on every day up to and including ``expires_on``, and no
    longer from the day after: a judgement must be renewed, or the data speaks again.

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

    component: str | None = attrs.field(validator=optional(text))
    value: float = attrs.field(validator=number(lo=0, hi=100))
    reason: str = attrs.field(validator=text)
    expires_on: date = attrs.field(validator=date_field)
