"""An account: one customer, with everything the rules score (docs/rules.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

import attrs

from .._defaults import TRUST_SCALE
from .._errors import InvalidInputError
from .records import SCORE, Commitment, Outcome, Override
from .scorecard import DERIVED_COMPONENTS, derived
from .validators import (
    DAY,
    FLAG,
    TEXT,
    InstanceOf,
    Number,
    Optional,
    OwnRecords,
    TupleOf,
    Whole,
    account_of,
    given_with,
    not_above,
    not_before,
    refuse,
    whole,
)

__all__ = ["ASSESSMENT", "Account", "Adoption", "ComponentScore", "TRUST_SCALE"]

#: A trust assessment (credibility, intimacy, self-orientation) on the trust scale.
ASSESSMENT: Final = Number(lo=TRUST_SCALE[0], hi=TRUST_SCALE[1])
#: Annual recurring revenue.
ARR: Final = Number(lo=0)


@attrs.frozen(kw_only=True)
class ComponentScore:
    """One health component's score, 0-100, or None when missing.

    ``measured_on`` dates the score, so that a stale one can count as missing.

    Examples
    --------
    >>> from datetime import date
    >>> ComponentScore(value=82.5, measured_on=date(2026, 3, 1)).value
    82.5
    """

    value: float | None = attrs.field(validator=Optional(SCORE))
    measured_on: date | None = attrs.field(default=None, validator=Optional(DAY))


def _to_component_scores(raw: Mapping[str, float | ComponentScore | None]) -> dict[str, Any]:
    # Best effort: wrap plain numbers (and None) in ComponentScore. Anything that does
    # not convert is kept as it is, for the validator to refuse by name.
    if not isinstance(raw, Mapping):
        return raw
    out: dict[str, Any] = {}
    for name, score in raw.items():
        try:
            out[name] = score if isinstance(score, ComponentScore) else ComponentScore(value=score)
        except InvalidInputError:
            out[name] = score
    return out


def _health(instance: Account, attribute: attrs.Attribute[Any], value: Any) -> None:
    owner = account_of(instance)
    if not isinstance(value, dict):
        refuse(
            value,
            "must be a mapping of component name to score",
            field="health",
            account_id=owner,
        )
    for name, score in value.items():
        if not isinstance(name, str) or not name.strip():
            refuse(
                name, "component names must be non-empty strings", field="health", account_id=owner
            )
        if name in DERIVED_COMPONENTS:
            shown = score.value if isinstance(score, ComponentScore) else score
            refuse(shown, derived(name), field=f"health[{name!r}]", account_id=owner)
        if not isinstance(score, ComponentScore):
            SCORE.check(score, field=f"health[{name!r}]", account_id=owner)


def _to_tuple(items: Any) -> Any:
    # Best effort: a list or tuple becomes a tuple; anything else is left for the
    # validator to refuse by name.
    return tuple(items) if isinstance(items, (list, tuple)) else items


def _to_commitments(items: Sequence[Commitment]) -> tuple[Commitment, ...]:
    return _to_tuple(items)  # type: ignore[no-any-return]


def _to_outcomes(items: Sequence[Outcome]) -> tuple[Outcome, ...]:
    return _to_tuple(items)  # type: ignore[no-any-return]


def _to_overrides(items: Sequence[Override]) -> tuple[Override, ...]:
    return _to_tuple(items)  # type: ignore[no-any-return]


#: The usage counts of :class:`Adoption`, each with the whole it is a part of.
ADOPTION_PARTS: Final = (
    ("weekly_active_users", "licensed_users"),
    ("core_workflows_used", "core_workflows"),
    ("teams_using", "teams"),
)


@attrs.frozen(kw_only=True)
class Adoption:
    """The usage counts behind the adoption measures of the customer-success pipeline.

    Weekly active usage is ``weekly_active_users / licensed_users``, depth
    ``core_workflows_used / core_workflows``, breadth ``teams_using / teams``.

    Examples
    --------
    >>> Adoption(licensed_users=50, weekly_active_users=35, core_workflows=4,
    ...          core_workflows_used=3, teams=5, teams_using=2).weekly_active_users
    35
    >>> Adoption(licensed_users=10, weekly_active_users=12)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: weekly_active_users=12: must not exceed licensed_users=10
    """

    licensed_users: int = attrs.field(default=0, converter=whole, validator=Whole())
    weekly_active_users: int = attrs.field(default=0, converter=whole, validator=Whole())
    core_workflows: int = attrs.field(default=0, converter=whole, validator=Whole())
    core_workflows_used: int = attrs.field(default=0, converter=whole, validator=Whole())
    teams: int = attrs.field(default=0, converter=whole, validator=Whole())
    teams_using: int = attrs.field(default=0, converter=whole, validator=Whole())

    def __attrs_post_init__(self) -> None:
        for part, total in ADOPTION_PARTS:
            if getattr(self, part) > getattr(self, total):
                refuse(getattr(self, part), not_above(total, getattr(self, total)), field=part)


@attrs.frozen(kw_only=True)
class Account:
    """One customer account: what the rules score, validated when built.

    Parameters
    ----------
    id, name : str
        Identity and display name.
    arr : float
        Annual recurring revenue, finite and >= 0.
    credibility, intimacy, self_orientation : float or None
        The trust assessments on the [1, 10] scale (the trust equation); None when
        not assessed. Reliability is not typed in: it comes from ``commitments``.
    health : mapping of str to float, ComponentScore or None
        Health component scores, 0-100; None (or a ComponentScore with no value)
        is missing, never zero.
    commitments, outcomes : sequence of Commitment, Outcome
        The account's promise record and success criteria; each must carry this
        account's id, and ids are unique within the account.
    decision_maker, day_to_day_owner, accountable_owner : str or None
        The three outcome roles of the customer-success pipeline: the person with
        authority, the person who does the work day to day, the person accountable
        if it fails.
    last_executive_touch, renewal_on : datetime.date or None
        The last contact with a customer executive; the renewal date.
    started_on : datetime.date or None
        When the contract started (time to value counts from here).
    setup_complete : bool
        Access, permissions and integrations are done (exit of SETUP).
    first_value_on : datetime.date or None
        When the first real workflow was done: the "first win" (exit of ACTIVATION).
    adoption : Adoption or None
        Usage counts (weekly active share >= 0.6 exits ADOPTION by default).
    expansion_signal : bool
        A signal of expansion (more users, sites, workflows, volume).
    overrides : sequence of Override
        CSM overrides of a health component or of the overall score, each with a
        reason and the last day it applies.
    previous_health, previous_health_on : float or None, datetime.date or None
        The last health score (0-100) and the day it was taken, for the trend; both
        or neither.

    Examples
    --------
    >>> acme = Account(id="acme", name="Acme", arr=120_000, credibility=8,
    ...                intimacy=7, self_orientation=3, health={"support": 80, "nps": None})
    >>> acme.health["support"].value, acme.health["nps"].value
    (80, None)
    >>> Account(id="acme", name="Acme", arr=-5)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: arr=-5 (account 'acme'): must be a finite number >= 0
    """

    id: str = attrs.field(validator=TEXT)
    name: str = attrs.field(validator=TEXT)
    arr: float = attrs.field(validator=ARR)
    credibility: float | None = attrs.field(default=None, validator=Optional(ASSESSMENT))
    intimacy: float | None = attrs.field(default=None, validator=Optional(ASSESSMENT))
    self_orientation: float | None = attrs.field(default=None, validator=Optional(ASSESSMENT))
    health: dict[str, ComponentScore] = attrs.field(
        factory=dict, converter=_to_component_scores, validator=_health
    )
    commitments: tuple[Commitment, ...] = attrs.field(
        default=(), converter=_to_commitments, validator=OwnRecords(Commitment)
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), converter=_to_outcomes, validator=OwnRecords(Outcome)
    )
    decision_maker: str | None = attrs.field(default=None, validator=Optional(TEXT))
    day_to_day_owner: str | None = attrs.field(default=None, validator=Optional(TEXT))
    accountable_owner: str | None = attrs.field(default=None, validator=Optional(TEXT))
    last_executive_touch: date | None = attrs.field(default=None, validator=Optional(DAY))
    renewal_on: date | None = attrs.field(default=None, validator=Optional(DAY))
    started_on: date | None = attrs.field(default=None, validator=Optional(DAY))
    setup_complete: bool = attrs.field(default=False, validator=FLAG)
    first_value_on: date | None = attrs.field(default=None, validator=Optional(DAY))
    adoption: Adoption | None = attrs.field(default=None, validator=Optional(InstanceOf(Adoption)))
    expansion_signal: bool = attrs.field(default=False, validator=FLAG)
    overrides: tuple[Override, ...] = attrs.field(
        default=(), converter=_to_overrides, validator=TupleOf(Override)
    )
    previous_health: float | None = attrs.field(default=None, validator=Optional(SCORE))
    previous_health_on: date | None = attrs.field(default=None, validator=Optional(DAY))

    def __attrs_post_init__(self) -> None:
        started, first_value = self.started_on, self.first_value_on
        if started is not None and first_value is not None and first_value < started:
            refuse(
                first_value,
                not_before("started_on", started),
                field="first_value_on",
                account_id=self.id,
            )
        if (self.previous_health is None) != (self.previous_health_on is None):
            given, other = (
                ("previous_health", "previous_health_on")
                if self.previous_health_on is None
                else ("previous_health_on", "previous_health")
            )
            refuse(None, given_with(given), field=other, account_id=self.id)
