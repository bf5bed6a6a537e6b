"""Scorecards: which health components count, and how much (docs/rules.md#health)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._defaults import (
    MAX_ADVISED_COMPONENTS,
    OVERRIDE_KEY,
    PROOF_COMPONENT,
    SCORECARD_WEIGHTS,
    TRUST_COMPONENT,
)
from .validators import Number, refuse

__all__ = [
    "DEFAULT_SCORECARD",
    "MAX_ADVISED_COMPONENTS",
    "OVERRIDE_KEY",
    "PROOF_COMPONENT",
    "TRUST_COMPONENT",
    "WEIGHT",
    "Scorecard",
    "ScorecardWarning",
    "check_component_names",
    "warn_if_too_many",
]

#: A component's weight: finite and >= 0 (only the ratios matter). A weight of 0 keeps
#: a component known (its readings are read and checked) but out of the score.
WEIGHT = Number(lo=0)


class ScorecardWarning(UserWarning):
    """A scorecard that works but goes against practice: more than six components."""


def warn_if_too_many(names: Any, *, stacklevel: int) -> None:
    """Warn about a scorecard of more than six components (docs/rules.md#health)."""
    if len(names) > MAX_ADVISED_COMPONENTS:
        warnings.warn(
            f"a scorecard of {len(names)} components: the distilled CS principles advise "
            f"the {MAX_ADVISED_COMPONENTS} or fewer that genuinely predict outcomes "
            "(docs/rules.md#health)",
            ScorecardWarning,
            stacklevel=stacklevel + 1,
        )


#: The components computed from the account itself: never given as a reading, which
#: would be replaced without a word.
DERIVED_COMPONENTS: Final = {
    TRUST_COMPONENT: "the account's trust index (credibility, reliability, intimacy and "
    "self-orientation)",
    PROOF_COMPONENT: "the account's outcomes (its proof score)",
}


def derived(name: str) -> str:
    """Why a reading named for a derived component is refused (one wording everywhere).

    Examples
    --------
    >>> derived("proof")
    "is computed from the account's outcomes (its proof score), never given as a reading"
    """
    return f"is computed from {DERIVED_COMPONENTS[name]}, never given as a reading"


def check_component_names(names: Any, *, field: str) -> None:
    """Refuse a name that is not a non-empty string, or the reserved override key."""
    for name in names:
        if not isinstance(name, str) or not name.strip():
            refuse(name, "component names must be non-empty strings", field=field)
        if name == OVERRIDE_KEY:
            refuse(name, "is reserved for the overall override's points", field=field)


def _to_weights(raw: Mapping[str, float]) -> dict[str, float]:
    return dict(raw) if isinstance(raw, Mapping) else raw  # else refused by name


def _weights(instance: Scorecard, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict) or not value:
        refuse(value, "must be a non-empty mapping name -> weight", field="weights")
    check_component_names(value, field="weights")
    for name, weight in value.items():
        WEIGHT.check(weight, field=f"weights[{name!r}]")
    counted = [name for name, weight in value.items() if weight > 0]
    if not counted:
        refuse(value, "needs at least one weight above 0", field="weights")
    warn_if_too_many(counted, stacklevel=3)


@attrs.frozen(kw_only=True)
class Scorecard:
    """Health components and their weights.

    The health score is the weighted mean of the components present. The names
    ``"trust"`` and ``"proof"`` are filled from the account's trust index and
    proof score; every other name is read from ``Account.health``.

    Attributes
    ----------
    weights : dict of str to float
        A finite weight >= 0 per component, at least one above 0; only the ratios
        matter. A weight of 0 keeps a component known (its readings are read and
        checked) but out of the score, as a fitted scorecard may (``fit_weights``).

    Examples
    --------
    >>> card = Scorecard(weights={"trust": 1, "adoption": 2, "support": 1})
    >>> sorted(card.weights)
    ['adoption', 'support', 'trust']
    >>> Scorecard(weights={"adoption": -1})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: weights['adoption']=-1: must be a finite number >= 0
    >>> Scorecard(weights={"adoption": 0})
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: weights={'adoption': 0}: needs at least one weight above 0
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
                refuse(name, f"not a component of the scorecard (known: {known})", field="weights")
        return Scorecard(weights={**self.weights, **overrides})


#: The default scorecard: six components, two of them derived (trust, proof).
DEFAULT_SCORECARD = Scorecard(weights=dict(SCORECARD_WEIGHTS))
