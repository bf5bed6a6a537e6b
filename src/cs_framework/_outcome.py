"""An outcome: a measurable success criterion the customer cares about."""

from __future__ import annotations

from datetime import date

import attrs
import numpy as np

from ._errors import InvalidInputError
from ._validate import date_field, flag, number, optional, text

__all__ = ["Outcome"]


@attrs.frozen(kw_only=True)
class Outcome:
    """A measurable success criterion (DOMAIN.md section 2, seed 002).

    "Complete X workflow end-to-end", "Reduce time spent on Z": a metric, where it
    started (``baseline``), where the customer wants it (``target``, above or below
    the baseline), and where it is now (``current``, None before any measurement).

    Parameters
    ----------
    id, account_id, description, metric : str
        Identity, owning account, what success means, and what is measured.
    baseline, target : float
        Finite numbers; ``target != baseline``.
    current : float or None
        The latest measurement, None if there is none yet.
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

    id: str = attrs.field(validator=text)
    account_id: str = attrs.field(validator=text)
    description: str = attrs.field(validator=text)
    metric: str = attrs.field(validator=text)
    baseline: float = attrs.field(validator=number())
    target: float = attrs.field(validator=number())
    current: float | None = attrs.field(default=None, validator=optional(number()))
    due: date | None = attrs.field(default=None, validator=optional(date_field))
    documented: bool = attrs.field(default=False, validator=flag)
    acknowledged: bool = attrs.field(default=False, validator=flag)

    def __attrs_post_init__(self) -> None:
        if self.target == self.baseline:
            raise InvalidInputError(
                field="target",
                value=self.target,
                account_id=self.account_id,
                reason=f"must differ from baseline={self.baseline!r} (no progress is measurable)",
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
        from ._proof import progress_kernel

        current = np.nan if self.current is None else self.current
        share = progress_kernel(
            np.array([self.baseline], dtype=np.float64),
            np.array([self.target], dtype=np.float64),
            np.array([current], dtype=np.float64),
        )
        return float(share[0])
