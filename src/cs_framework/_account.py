"""An account: one customer, with everything the rules of DOMAIN.md score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from ._commitment import Commitment
from ._errors import InvalidInputError
from ._outcome import Outcome
from ._override import Override
from ._validate import check_number, date_field, flag, member_of, number, optional, text, whole

__all__ = ["Account", "Adoption", "ComponentScore", "TRUST_SCALE"]

#: The scale of the trust assessments (DOMAIN.md section 1): every one of C, R, I, S
#: is scored on [1, 10]; S can never be 0.
TRUST_SCALE: tuple[float, float] = (1.0, 10.0)

_trust_assessment = optional(number(lo=TRUST_SCALE[0], hi=TRUST_SCALE[1]))


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

    value: float | None = attrs.field(validator=optional(number(lo=0, hi=100)))
    measured_on: date | None = attrs.field(default=None, validator=optional(date_field))


def _to_component_scores(raw: Mapping[str, float | ComponentScore | None]) -> dict[str, Any]:
    # Best effort: wrap plain numbers (and None) in ComponentScore. Anything that
    # does not convert is kept as it is, for the validator to refuse by name.
    if not isinstance(raw, Mapping):
        return raw  # the validator refuses it by name
    out: dict[str, Any] = {}
    for name, score in raw.items():
        try:
            out[name] = score if isinstance(score, ComponentScore) else ComponentScore(value=score)
        except InvalidInputError:
            out[name] = score
    return out


def _health(instance: Account, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise InvalidInputError(
            field="health",
            value=value,
            account_id=instance.id,
            reason="must be a mapping of component name to score",
        )
    for name, score in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                field="health",
                value=name,
                account_id=instance.id,
                reason="component names must be non-empty strings",
            )
        if not isinstance(score, ComponentScore):
            check_number(score, field=f"health[{name!r}]", account_id=instance.id, lo=0, hi=100)


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


def _overrides(instance: Account, attribute: attrs.Attribute[Any], items: Any) -> None:
    if not isinstance(items, tuple):
        raise InvalidInputError(
            field="overrides",
            value=items,
            account_id=instance.id,
            reason="must be a list or tuple of Override",
        )
    for i, item in enumerate(items):
        # An Override checks its own fields (a component name, if any, is non-empty).
        if not isinstance(item, Override):
            raise InvalidInputError(
                field=f"overrides[{i}]",
                value=item,
                account_id=instance.id,
                reason="must be an Override",
            )


def _belongs(kind: type[Any]) -> Any:
    """Validate a tuple of commitments or outcomes: right type, this account, unique ids."""

    def validate(instance: Account, attribute: attrs.Attribute[Any], items: Any) -> None:
        if not isinstance(items, tuple):
            raise InvalidInputError(
                field=attribute.name,
                value=items,
                account_id=instance.id,
                reason=f"must be a list or tuple of {kind.__name__}",
            )
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = f"{attribute.name}[{i}]"
            if not isinstance(item, kind):
                raise InvalidInputError(
                    field=where,
                    value=item,
                    account_id=instance.id,
                    reason=f"must be a {kind.__name__}",
                )
            if item.account_id != instance.id:
                raise InvalidInputError(
                    field=f"{where}.account_id",
                    value=item.account_id,
                    account_id=instance.id,
                    reason=f"must be the account's own id {instance.id!r}",
                )
            if item.id in seen:
                raise InvalidInputError(
                    field=f"{where}.id",
                    value=item.id,
                    account_id=instance.id,
                    reason=f"duplicate id among the account's {attribute.name}",
                )
            seen.add(item.id)

    return validate


@attrs.frozen(kw_only=True)
class Adoption:
    """The usage counts behind the adoption measures of seed 002.

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
    cs_framework.InvalidInputError: weekly_active_users=12: must not exceed licensed_users...
    """

    licensed_users: int = attrs.field(default=0, validator=whole())
    weekly_active_users: int = attrs.field(default=0, validator=whole())
    core_workflows: int = attrs.field(default=0, validator=whole())
    core_workflows_used: int = attrs.field(default=0, validator=whole())
    teams: int = attrs.field(default=0, validator=whole())
    teams_using: int = attrs.field(default=0, validator=whole())

    def __attrs_post_init__(self) -> None:
        for part, whole_name in (
            ("weekly_active_users", "licensed_users"),
            ("core_workflows_used", "core_workflows"),
            ("teams_using", "teams"),
        ):
            if getattr(self, part) > getattr(self, whole_name):
                raise InvalidInputError(
                    field=part,
                    value=getattr(self, part),
                    reason=f"must not exceed {whole_name}={getattr(self, whole_name)}",
                )


@attrs.frozen(kw_only=True)
class Account:
    """One customer account: what DOMAIN.md scores, validated when built.

    Parameters
    ----------
    id, name : str
        Identity and display name.
    arr : float
        Annual recurring revenue, finite and >= 0.
    credibility, intimacy, self_orientation : float or None
        The trust assessments on the [1, 10] scale (seed 001); None when not assessed.
        Reliability is not typed in: it comes from ``commitments``.
    health : mapping of str to float, ComponentScore or None
        Health component scores, 0-100; None (or a ComponentScore with no value)
        is missing, never zero.
    commitments, outcomes : sequence of Commitment, Outcome
        The account's promise record and success criteria; each must carry this
        account's id, and ids are unique within the account.
    decision_maker, day_to_day_owner, accountable_owner : str or None
        The three outcome roles of seed 002: the person with authority, the person
        who does the work day to day, the person accountable if it fails.
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

    id: str = attrs.field(validator=text)
    name: str = attrs.field(validator=text)
    arr: float = attrs.field(validator=number(lo=0))
    credibility: float | None = attrs.field(default=None, validator=_trust_assessment)
    intimacy: float | None = attrs.field(default=None, validator=_trust_assessment)
    self_orientation: float | None = attrs.field(default=None, validator=_trust_assessment)
    health: dict[str, ComponentScore] = attrs.field(
        factory=dict, converter=_to_component_scores, validator=_health
    )
    commitments: tuple[Commitment, ...] = attrs.field(
        default=(), converter=_to_commitments, validator=_belongs(Commitment)
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), converter=_to_outcomes, validator=_belongs(Outcome)
    )
    decision_maker: str | None = attrs.field(default=None, validator=optional(text))
    day_to_day_owner: str | None = attrs.field(default=None, validator=optional(text))
    accountable_owner: str | None = attrs.field(default=None, validator=optional(text))
    last_executive_touch: date | None = attrs.field(default=None, validator=optional(date_field))
    renewal_on: date | None = attrs.field(default=None, validator=optional(date_field))
    started_on: date | None = attrs.field(default=None, validator=optional(date_field))
    setup_complete: bool = attrs.field(default=False, validator=flag)
    first_value_on: date | None = attrs.field(default=None, validator=optional(date_field))
    adoption: Adoption | None = attrs.field(default=None, validator=optional(member_of(Adoption)))
    expansion_signal: bool = attrs.field(default=False, validator=flag)
    overrides: tuple[Override, ...] = attrs.field(
        default=(), converter=_to_overrides, validator=_overrides
    )
    previous_health: float | None = attrs.field(
        default=None, validator=optional(number(lo=0, hi=100))
    )
    previous_health_on: date | None = attrs.field(default=None, validator=optional(date_field))

    def __attrs_post_init__(self) -> None:
        if (self.previous_health is None) != (self.previous_health_on is None):
            given, other = (
                ("previous_health", "previous_health_on")
                if self.previous_health_on is None
                else ("previous_health_on", "previous_health")
            )
            raise InvalidInputError(
                field=other,
                value=None,
                account_id=self.id,
                reason=f"must be given with {given} (the last score and its date go together)",
            )
