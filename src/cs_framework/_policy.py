"""Policy: every tunable of DOMAIN.md in one frozen object, loadable from TOML or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ._enums import CoverageModel
from ._errors import InvalidInputError
from ._scorecard import DEFAULT_SCORECARD, Scorecard
from ._segment import DEFAULT_SEGMENTS, Segment, check_tiers
from ._validate import member_of, number

__all__ = ["Policy"]

_share = number(lo=0, hi=1)
_days = number(lo=0, lo_open=True)
_bar = number(lo=0, hi=100)


def _tiers(instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise InvalidInputError(field="segments", value=value, reason="must be a tuple of Segment")
    check_tiers(value)


def _segment_weights(instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise InvalidInputError(
            field="segment_weights",
            value=value,
            reason="must be a mapping CoverageModel -> {component: weight}",
        )
    for model, weights in value.items():
        member_of(CoverageModel)(instance, attribute, model)
        instance.scorecard.with_weights(weights)  # refuses unknown names and bad weights


def _credits(instance: Policy) -> None:
    if not instance.credit_kept >= instance.credit_kept_late >= instance.credit_missed:
        raise InvalidInputError(
            field="credit_kept_late",
            value=instance.credit_kept_late,
            reason=(
                "credits must be ordered kept >= kept_late >= missed "
                f"(got {instance.credit_kept}, {instance.credit_kept_late}, "
                f"{instance.credit_missed})"
            ),
        )
    if not 0 < instance.trust_scale_min < instance.trust_scale_max:
        raise InvalidInputError(
            field="trust_scale_max",
            value=instance.trust_scale_max,
            reason=f"must exceed trust_scale_min={instance.trust_scale_min!r} > 0",
        )
    if not instance.weight_acknowledged >= instance.weight_documented >= instance.weight_unseen:
        raise InvalidInputError(
            field="weight_documented",
            value=instance.weight_documented,
            reason="visibility weights must be ordered acknowledged >= documented >= unseen",
        )


def _freeze_mapping(
    raw: Mapping[CoverageModel, Mapping[str, float]],
) -> dict[CoverageModel, dict[str, float]]:
    if not isinstance(raw, Mapping):
        return raw  # the validator refuses it by name
    return {k: dict(v) if isinstance(v, Mapping) else v for k, v in raw.items()}


def _to_segments(raw: Any) -> tuple[Segment, ...]:
    return tuple(raw) if isinstance(raw, (list, tuple)) else raw


@attrs.frozen(kw_only=True)
class Policy:
    """Every tunable of the library; ``Policy()`` is the documented default.

    Each default is a rule of DOMAIN.md (the section is named beside it). Change any
    of them with keyword arguments, ``attrs.evolve(policy, ...)``, or a TOML or JSON
    file (:meth:`from_toml`, :meth:`from_json`, :meth:`load`).

    Examples
    --------
    >>> Policy().half_life_days
    90.0
    >>> p = Policy.from_toml('''
    ... half_life_days = 60
    ... [segment_weights.HIGH_TOUCH]
    ... trust = 0.4
    ... ''')
    >>> p.half_life_days, p.scorecard_for(CoverageModel.HIGH_TOUCH).weights["trust"]
    (60.0, 0.4)
    >>> Policy(trust_bar=120)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: trust_bar=120: must be a finite number in [0, 100]
    """

    # Section 1, trust: the scale of C, R, I, S.
    trust_scale_min: float = attrs.field(default=1.0, validator=number(lo=0, lo_open=True))
    trust_scale_max: float = attrs.field(default=10.0, validator=number(lo=0, lo_open=True))
    # Section 1, reliability: credit per status, recency half-life, Beta prior.
    credit_kept: float = attrs.field(default=1.0, validator=_share)
    credit_kept_late: float = attrs.field(default=0.5, validator=_share)
    credit_missed: float = attrs.field(default=0.0, validator=_share)
    half_life_days: float = attrs.field(default=90.0, validator=_days)
    prior_kept: float = attrs.field(default=1.0, validator=number(lo=0, lo_open=True))
    prior_missed: float = attrs.field(default=1.0, validator=number(lo=0, lo_open=True))
    # Section 1, trust gaps: how long a missed commitment counts; executive silence.
    missed_window_days: float = attrs.field(default=180.0, validator=_days)
    silent_executive_days: float = attrs.field(default=90.0, validator=_days)
    # Section 2, proof: visibility weights.
    weight_acknowledged: float = attrs.field(default=1.0, validator=_share)
    weight_documented: float = attrs.field(default=0.5, validator=_share)
    weight_unseen: float = attrs.field(default=0.25, validator=_share)
    # Section 3, sequencing: the bars, and the renewal window.
    trust_bar: float = attrs.field(default=70.0, validator=_bar)
    proof_bar: float = attrs.field(default=70.0, validator=_bar)
    renewal_window_days: float = attrs.field(default=90.0, validator=_days)
    # Section 4, stages: the weekly active share that makes usage a habit.
    habit_weekly_active_share: float = attrs.field(default=0.6, validator=_share)
    # Section 5, health: coverage, staleness, early warning, scorecards.
    min_coverage: float = attrs.field(default=0.5, validator=_share)
    stale_after_days: float = attrs.field(default=90.0, validator=_days)
    early_warning_drop: float = attrs.field(
        default=15.0, validator=number(lo=0, hi=100, lo_open=True)
    )
    early_warning_days: float = attrs.field(default=30.0, validator=_days)
    scorecard: Scorecard = attrs.field(default=DEFAULT_SCORECARD, validator=member_of(Scorecard))
    segment_weights: dict[CoverageModel, dict[str, float]] = attrs.field(
        factory=dict, converter=_freeze_mapping, validator=_segment_weights
    )
    # Section 6, segments.
    segments: tuple[Segment, ...] = attrs.field(
        default=DEFAULT_SEGMENTS, converter=_to_segments, validator=_tiers
    )

    def __attrs_post_init__(self) -> None:
        _credits(self)

    def scorecard_for(self, coverage: CoverageModel) -> Scorecard:
        """The scorecard of a coverage model: the components, with its weights.

        Examples
        --------
        >>> p = Policy(segment_weights={CoverageModel.DIGITAL: {"adoption": 0.6}})
        >>> p.scorecard_for(CoverageModel.DIGITAL).weights["adoption"]
        0.6
        >>> p.scorecard_for(CoverageModel.HIGH_TOUCH) == p.scorecard
        True
        """
        overrides = self.segment_weights.get(coverage)
        return self.scorecard if overrides is None else self.scorecard.with_weights(overrides)

    @classmethod
    def from_json(cls, text: str) -> Policy:
        """A policy from JSON text (keys as the fields; unknown keys are refused).

        Examples
        --------
        >>> Policy.from_json('{"proof_bar": 60}').proof_bar
        60.0
        """
        from ._serialization import from_json

        return from_json(text, cls)

    @classmethod
    def from_toml(cls, text: str) -> Policy:
        """A policy from TOML text (keys as the fields; unknown keys are refused).

        Examples
        --------
        >>> Policy.from_toml("trust_bar = 65").trust_bar
        65.0
        """
        import tomllib

        from ._serialization import structure

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise InvalidInputError(
                field="$", value=text[:80], reason=f"not valid TOML: {err}"
            ) from None
        return structure(data, cls)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        """A policy from a ``.toml`` or ``.json`` file.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "policy.toml"
        >>> _ = f.write_text("stale_after_days = 45")
        >>> Policy.load(f).stale_after_days
        45.0
        """
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            return cls.from_toml(text)
        if path.suffix == ".json":
            return cls.from_json(text)
        raise InvalidInputError(
            field="path", value=str(path), reason="a policy file must end in .toml or .json"
        )
