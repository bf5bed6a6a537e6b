"""Scorecards: which health components count, and how much (DOMAIN.md section 5)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import InvalidInputError
from ._validate import check_number

__all__ = [
    "DEFAULT_SCORECARD",
    "MAX_ADVISED_COMPONENTS",
    "OVERRIDE_KEY",
    "PROOF_COMPONENT",
    "TRUST_COMPONENT",
    "Scorecard",
    "ScorecardWarning",
]

#: Component names filled from the account's trust index and proof score.
TRUST_COMPONENT = "trust"
PROOF_COMPONENT = "proof"

#: The key under which ``HealthScore.contributions`` shows the points a live override
#: of the overall score adds (or takes away); reserved, so never a component's name.
OVERRIDE_KEY = "(override)"

#: "4-6 metrics that genuinely predict outcomes" (seed 003).
MAX_ADVISED_COMPONENTS = 6


class ScorecardWarning(UserWarning):
    """A scorecard that works but goes against the practice of seed 003."""


def _to_weights(raw: Mapping[str, float]) -> dict[str, float]:
    return dict(raw) if isinstance(raw, Mapping) else raw


def _weights(instance: Scorecard, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict) or not value:
        raise InvalidInputError(
            field="weights", value=value, reason="must be a non-empty mapping name -> weight"
        )
    for name, weight in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                field="weights", value=name, reason="component names must be non-empty strings"
            )
        if name == OVERRIDE_KEY:
            raise InvalidInputError(
                field="weights", value=name, reason="is reserved for the overall override's points"
            )
        check_number(weight, field=f"weights[{name!r}]", account_id=None, lo=0, lo_open=True)
    if len(value) > MAX_ADVISED_COMPONENTS:
        warnings.warn(
            f"a scorecard of {len(value)} components: seed 003 advises the "
            f"{MAX_ADVISED_COMPONENTS} or fewer that genuinely predict outcomes",
            ScorecardWarning,
            stacklevel=4,
        )


@attrs.frozen(kw_only=True)
class Scorecard:
    """Health components and their weights.

    The health score is the weighted mean of the components present. The names
    ``"trust"`` and ``"proof"`` are filled from the account's trust index and
    proof score; every other name is read from ``Account.health``.

    Examples
    --------
    >>> card = Scorecard(weights={"trust": 1, "adoption": 2, "support": 1})
    >>> sorted(card.weights)
    ['adoption', 'support', 'trust']
    >>> Scorecard(weights={"adoption": 0})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: weights['adoption']=0: must be a finite number > 0
    """

    weights: dict[str, float] = attrs.field(converter=_to_weights, validator=_weights)

    def with_weights(self, overrides: Mapping[str, float]) -> Scorecard:
        """The same components with some weights replaced (a per-segment scorecard).

        Examples
        --------
        >>> DEFAULT_SCORECARD.with_weights({"adoption": 0.5}).weights["adoption"]
        0.5
        >>> DEFAULT_SCORECARD.with_weights({"golf": 1.0})
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: weights='golf': not a component of the scorecard ...
        """
        for name in overrides:
            if name not in self.weights:
                known = ", ".join(sorted(self.weights))
                raise InvalidInputError(
                    field="weights",
                    value=name,
                    reason=f"not a component of the scorecard (known: {known})",
                )
        return Scorecard(weights={**self.weights, **overrides})


#: The default scorecard: six components, two of them derived (trust, proof).
DEFAULT_SCORECARD = Scorecard(
    weights={
        TRUST_COMPONENT: 0.20,
        PROOF_COMPONENT: 0.20,
        "adoption": 0.25,
        "engagement": 0.15,
        "support": 0.10,
        "sentiment": 0.10,
    }
)
