"""Policy: every tunable of the rules in one frozen object, loadable from TOML or JSON."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from .. import _defaults as d
from .._enums import CoverageModel
from .._errors import InvalidInputError
from .._types import CodeArray, FloatArray
from .bands import check_edges
from .json import from_json, structure
from .scorecard import DEFAULT_SCORECARD, Scorecard
from .segment import DEFAULT_SEGMENTS, Segment, check_tiers, lower_edges
from .validators import InstanceOf, Number, refuse

__all__ = ["Policy"]

_share = Number(lo=0, hi=1)
_days = Number(lo=0, lo_open=True)
_bar = Number(lo=0, hi=100)
_positive = Number(lo=0, lo_open=True)


def _tiers(instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        refuse(value, "must be a tuple of Segment", field="segments")
    check_tiers(value)


def _segment_weights(instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        refuse(
            value, "must be a mapping CoverageModel -> {component: weight}", field=attribute.name
        )
    for model, weights in value.items():
        InstanceOf(CoverageModel).check(model, field=attribute.name)
        instance.scorecard.with_weights(weights)  # refuses unknown names and bad weights


def _segment_bands(instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        refuse(value, "must be a mapping CoverageModel -> {green, yellow}", field=attribute.name)
    for model, edges in value.items():
        InstanceOf(CoverageModel).check(model, field=attribute.name)
        where = f"{attribute.name}[{model.name}]"
        if not isinstance(edges, dict) or not edges or set(edges) - {"green", "yellow"}:
            refuse(edges, "must be a mapping with green, yellow or both", field=where)
        check_edges(
            edges.get("green", instance.green),
            edges.get("yellow", instance.yellow),
            field=where + ".",
        )


def _orders(instance: Policy) -> None:
    check_edges(instance.green, instance.yellow)
    if not instance.credit_kept >= instance.credit_kept_late >= instance.credit_missed:
        refuse(
            instance.credit_kept_late,
            "credits must be ordered kept >= kept_late >= missed "
            f"(got {instance.credit_kept}, {instance.credit_kept_late}, "
            f"{instance.credit_missed})",
            field="credit_kept_late",
        )
    if not 0 < instance.trust_scale_min < instance.trust_scale_max:
        refuse(
            instance.trust_scale_max,
            f"must exceed trust_scale_min={instance.trust_scale_min!r} > 0",
            field="trust_scale_max",
        )
    # The index divides by log(Tmax / Tmin) = log(9 (max / min)^2): it must be finite.
    ratio = instance.trust_scale_max / instance.trust_scale_min
    if not math.isfinite(9 * ratio * ratio):  # a float power would raise, not overflow
        refuse(
            instance.trust_scale_max,
            f"is too far from trust_scale_min={instance.trust_scale_min!r}: the scale's "
            "ratio max / min must stay below 1e150",
            field="trust_scale_max",
        )
    if not instance.weight_acknowledged >= instance.weight_documented >= instance.weight_unseen:
        refuse(
            instance.weight_documented,
            "visibility weights must be ordered acknowledged >= documented >= unseen",
            field="weight_documented",
        )


def _freeze_mapping(
    raw: Mapping[CoverageModel, Mapping[str, float]],
) -> dict[CoverageModel, dict[str, float]]:
    if not isinstance(raw, Mapping):
        return raw  # the validator refuses it by name
    return {k: dict(v) if isinstance(v, Mapping) else v for k, v in raw.items()}


def _to_segments(raw: Any) -> tuple[Segment, ...]:
    return tuple(raw) if isinstance(raw, (list, tuple)) else raw


@functools.lru_cache(maxsize=256)
def _weight_table(
    base: tuple[tuple[str, float], ...],
    per_model: tuple[tuple[CoverageModel, tuple[tuple[str, float], ...]], ...],
) -> tuple[tuple[str, ...], FloatArray]:
    names = tuple(name for name, _ in base)
    changed = dict(per_model)
    rows = [{**dict(base), **dict(changed.get(model, ()))} for model in CoverageModel]
    table = np.array([[row[n] for n in names] for row in rows], dtype=np.float64)
    table.flags.writeable = False
    return names, table


@attrs.frozen(kw_only=True)
class Policy:
    """Every tunable of the rules; ``Policy()`` is the documented default.

    Change any of them with keyword arguments, ``attrs.evolve(policy, ...)``, or a
    TOML or JSON file (:meth:`from_toml`, :meth:`from_json`, :meth:`load`). Each
    rule is stated in docs/rules.md, in the section named below.

    Attributes
    ----------
    trust_scale_min, trust_scale_max : float
        The scale of credibility, reliability, intimacy and self-orientation:
        1 and 10 (Trust: the trust equation).
    credit_kept, credit_kept_late, credit_missed : float
        The credit a commitment earns by its status, on [0, 1] and ordered: 1, 0.5
        and 0 (Trust: reliability).
    half_life_days : float
        Recency: the evidence of a commitment halves every 90 days after its due
        date (Trust: reliability).
    prior_kept, prior_missed : float
        The Beta prior that smooths the record: 1 and 1, so no evidence is a
        reliability of 5.5 (Trust: reliability).
    missed_window_days : float
        A missed commitment is a named trust gap for 180 days after its due date
        (Trust: gaps).
    silent_executive_days : float
        More than 90 days without an executive touch is a silent executive
        (Trust: gaps).
    weight_acknowledged, weight_documented, weight_unseen : float
        Visibility weights of an outcome: 1.0, 0.5 and 0.25 (Proof).
    trust_bar, proof_bar : float
        The bars of Trust -> Prove -> Grow: 70 and 70 (Sequencing).
    green, yellow : float
        Where the Green and Yellow bands of health start: 70 and 40; they may move,
        never reorder (Health: bands).
    segment_bands : dict of CoverageModel to dict of str to float
        Per coverage model, the edges (``green``, ``yellow`` or both) that differ
        from ``green`` and ``yellow``; none by default (Health: bands).
    renewal_window_days : float
        An account renewing within 180 days and not in GROW is at risk (Sequencing).
    habit_weekly_active_share : float
        Usage is a habit from a weekly active share of 0.6 (Stages).
    min_coverage : float
        Below 0.5 of the scorecard's weight present the health score is unknown
        (Health: coverage).
    stale_after_days : float
        A component measured more than 90 days before the assessment is missing
        (Health: staleness).
    early_warning_drop, early_warning_days : float
        A fall of 15 points or more within 30 days is an early warning (Health:
        trend).
    scorecard : Scorecard
        The health components and their weights: ``DEFAULT_SCORECARD`` (Health).
    segment_weights : dict of CoverageModel to dict of str to float
        Per coverage model, the weights that differ from ``scorecard``'s; none by
        default (Health: segment weights).
    segments : tuple of Segment
        The ARR tiers: ``DEFAULT_SEGMENTS`` (Segments).

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

    trust_scale_min: float = attrs.field(default=d.TRUST_SCALE[0], validator=_positive)
    trust_scale_max: float = attrs.field(default=d.TRUST_SCALE[1], validator=_positive)
    credit_kept: float = attrs.field(default=d.CREDIT_KEPT, validator=_share)
    credit_kept_late: float = attrs.field(default=d.CREDIT_KEPT_LATE, validator=_share)
    credit_missed: float = attrs.field(default=d.CREDIT_MISSED, validator=_share)
    half_life_days: float = attrs.field(default=d.HALF_LIFE_DAYS, validator=_days)
    prior_kept: float = attrs.field(default=d.PRIOR_KEPT, validator=_positive)
    prior_missed: float = attrs.field(default=d.PRIOR_MISSED, validator=_positive)
    missed_window_days: float = attrs.field(default=d.MISSED_WINDOW_DAYS, validator=_days)
    silent_executive_days: float = attrs.field(default=d.SILENT_EXECUTIVE_DAYS, validator=_days)
    weight_acknowledged: float = attrs.field(default=d.WEIGHT_ACKNOWLEDGED, validator=_share)
    weight_documented: float = attrs.field(default=d.WEIGHT_DOCUMENTED, validator=_share)
    weight_unseen: float = attrs.field(default=d.WEIGHT_UNSEEN, validator=_share)
    trust_bar: float = attrs.field(default=d.TRUST_BAR, validator=_bar)
    proof_bar: float = attrs.field(default=d.PROOF_BAR, validator=_bar)
    green: float = attrs.field(default=d.GREEN_FROM, validator=_bar)
    yellow: float = attrs.field(default=d.YELLOW_FROM, validator=_bar)
    renewal_window_days: float = attrs.field(default=d.RENEWAL_WINDOW_DAYS, validator=_days)
    habit_weekly_active_share: float = attrs.field(
        default=d.HABIT_WEEKLY_ACTIVE_SHARE, validator=_share
    )
    min_coverage: float = attrs.field(default=d.MIN_COVERAGE, validator=_share)
    stale_after_days: float = attrs.field(default=d.STALE_AFTER_DAYS, validator=_days)
    early_warning_drop: float = attrs.field(
        default=d.EARLY_WARNING_DROP, validator=Number(lo=0, hi=100, lo_open=True)
    )
    early_warning_days: float = attrs.field(default=d.EARLY_WARNING_DAYS, validator=_days)
    scorecard: Scorecard = attrs.field(default=DEFAULT_SCORECARD, validator=InstanceOf(Scorecard))
    segment_weights: dict[CoverageModel, dict[str, float]] = attrs.field(
        factory=dict, converter=_freeze_mapping, validator=_segment_weights
    )
    segments: tuple[Segment, ...] = attrs.field(
        default=DEFAULT_SEGMENTS, converter=_to_segments, validator=_tiers
    )
    segment_bands: dict[CoverageModel, dict[str, float]] = attrs.field(
        factory=dict, converter=_freeze_mapping, validator=_segment_bands
    )

    def __attrs_post_init__(self) -> None:
        _orders(self)

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

    @property
    def weight_table(self) -> tuple[tuple[str, ...], FloatArray]:
        """The scorecard's components, and a (coverage models x components) weight table.

        Every per-segment scorecard has the same components as ``scorecard`` (only the
        weights differ), so row ``m`` is the weights of coverage model ``m``. Made once
        per set of weights (the weight mappings are dicts a caller could change, so the
        table is looked up by their values, not kept on the policy).

        Examples
        --------
        >>> names, table = Policy(segment_weights={CoverageModel.DIGITAL: {"adoption": 0.5}}
        ...                       ).weight_table
        >>> table[:, names.index("adoption")]
        array([0.5 , 0.25, 0.25])
        """
        per_model = tuple(
            (model, tuple(weights.items())) for model, weights in self.segment_weights.items()
        )
        return _weight_table(tuple(self.scorecard.weights.items()), per_model)

    def bands_for(self, coverage: CoverageModel) -> tuple[float, float]:
        """The band edges ``(green, yellow)`` of a coverage model.

        Examples
        --------
        >>> p = Policy(green=76, yellow=51, segment_bands={CoverageModel.DIGITAL: {"green": 80}})
        >>> p.bands_for(CoverageModel.DIGITAL), p.bands_for(CoverageModel.HIGH_TOUCH)
        ((80, 51), (76, 51))
        """
        edges = self.segment_bands.get(coverage, {})
        return edges.get("green", self.green), edges.get("yellow", self.yellow)

    @property
    def band_table(self) -> tuple[FloatArray, FloatArray]:
        """Where Green and where Yellow start, one entry per coverage model (by code).

        Examples
        --------
        >>> Policy(segment_bands={CoverageModel.SCALED: {"yellow": 50}}).band_table
        (array([70., 70., 70.]), array([40., 50., 40.]))
        """
        green, yellow = zip(*(self.bands_for(m) for m in CoverageModel), strict=True)
        return np.array(green, dtype=np.float64), np.array(yellow, dtype=np.float64)

    @functools.cached_property
    def tier_table(self) -> tuple[FloatArray, CodeArray]:
        """The lower ARR edges of the tiers above the first, and each tier's coverage model.

        Examples
        --------
        >>> Policy().tier_table
        (array([ 10000., 100000.]), array([0, 1, 2], dtype=int8))
        """
        edges = lower_edges(self.segments)
        models = np.array([s.coverage for s in self.segments], dtype=np.int8)
        edges.flags.writeable = models.flags.writeable = False
        return edges, models

    @classmethod
    def from_json(cls, text: str | bytes) -> Policy:
        """A policy from JSON text (keys as the fields; unknown keys are refused).

        Examples
        --------
        >>> Policy.from_json('{"proof_bar": 60}').proof_bar
        60.0
        """
        return from_json(text, cls)

    @classmethod
    def from_toml(cls, text: str | bytes) -> Policy:
        """A policy from TOML text (keys as the fields; unknown keys are refused).

        Examples
        --------
        >>> Policy.from_toml("trust_bar = 65").trust_bar
        65.0
        """
        import tomllib

        if isinstance(text, (bytes, bytearray)):
            raw = bytes(text)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise InvalidInputError(
                    field="$",
                    value=raw[:80].decode("utf-8", "replace"),
                    reason=f"not UTF-8 text (TOML is UTF-8): {err.reason} at byte {err.start}",
                ) from None
        if not isinstance(text, str):
            raise InvalidInputError(
                field="text", value=type(text).__name__, reason="must be TOML text (str or bytes)"
            )
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
        if not isinstance(path, (str, Path)):
            raise InvalidInputError(
                field="path", value=type(path).__name__, reason="must be a path (str or Path)"
            )
        path = Path(path)
        if path.suffix not in (".toml", ".json"):
            raise InvalidInputError(
                field="path", value=str(path), reason="a policy file must end in .toml or .json"
            )
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InvalidInputError(
                field="path", value=str(path), reason=f"cannot be read: {err.strerror}"
            ) from None
        return cls.from_toml(data) if path.suffix == ".toml" else cls.from_json(data)
