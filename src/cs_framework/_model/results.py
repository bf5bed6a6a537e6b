"""What the rules give back: scores, trends, gaps, actions, assessments, coverage plans.

Users receive these; they are frozen attrs classes. The ones a user may also build by
hand check their fields (``HealthScore``, ``HealthTrend``), and a ``HealthScore``
checks that its band and escalation time agree with its value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import attrs
import numpy as np

from .._defaults import GREEN_FROM, OVERRIDE_KEY, TRUST_SCALE, YELLOW_FROM
from .._enums import Action, Band, Flag, GapKind, Phase, Stage
from .._rules.health import band_codes, escalates, escalation_time
from .._rules.trust import trust_kernel
from .._types import BoolArray, CodeArray, FloatArray
from . import html
from .bands import EDGE, check_edges
from .records import Override
from .segment import Segment
from .validators import (
    DAY,
    FLAG,
    MOMENT,
    InstanceOf,
    Number,
    Optional,
    TupleOf,
    check_scale,
    refuse,
)

__all__ = [
    "Assessment",
    "CoveragePlan",
    "Gap",
    "HealthColumns",
    "HealthScore",
    "HealthTrend",
    "NextAction",
    "SequencingViolation",
    "TierCoverage",
    "TrustScore",
    "nan_equal",
]


def nan_equal(a: float, b: float) -> bool:
    """Equality of floats where NaN equals NaN (an unknown score equals an unknown score).

    Examples
    --------
    >>> nan_equal(float("nan"), float("nan")), nan_equal(1.0, float("nan"))
    (True, False)
    """
    return a == b or (math.isnan(a) and math.isnan(b))


_nan_eq = attrs.cmp_using(eq=nan_equal)
_SCORE_OR_NAN = Number(lo=0, hi=100, nan_ok=True)
_CHANGE_OR_NAN = Number(lo=-100, hi=100, nan_ok=True)


_R = TypeVar("_R")


def made_by_kernels(kind: type[_R], **fields: Any) -> _R:
    """A result the kernels computed, built without running its validators again.

    The validated constructor is for results a user builds by hand; a result the
    library computed is consistent by construction (its band from the same band kernel,
    its escalation time from the same clock), and checking it again would double the
    cost of ``assess``. A property test holds the two constructions equal.
    """
    made = object.__new__(kind)
    for name, value in fields.items():
        object.__setattr__(made, name, value)
    return made


def band_of(value: float, green: float = GREEN_FROM, yellow: float = YELLOW_FROM) -> Band:
    """The band of one score (NaN is UNKNOWN), on the default edges unless given."""
    return Band(int(band_codes(np.array([value]), green, yellow)[0]))


def due_for(band: Band, scored_at: datetime | None) -> datetime | None:
    """The escalation time of a score: for RED, 48 elapsed hours after scoring; else None."""
    if scored_at is None or not escalates(np.array([band], dtype=np.int8))[0]:
        return None
    return escalation_time(scored_at)


#: A trust component or equation: a finite positive number (its scale is the policy's).
_POSITIVE = Number(lo=0, lo_open=True)


@attrs.frozen(kw_only=True)
class TrustScore:
    """An account's trust: the four components, the raw equation and the 0-100 index.

    Attributes
    ----------
    credibility, reliability, intimacy, self_orientation : float
        The components, on the trust scale.
    value : float
        The trust equation, ``(C + R + I) / S``.
    index : float
        The equation read on a 0-100 log scale (docs/rules.md#trust).
    band : Band
        The index read like a health score: ``>= 70`` GREEN, ``>= 40`` YELLOW.

    Examples
    --------
    >>> t = TrustScore.of(credibility=8, reliability=8, intimacy=8, self_orientation=3)
    >>> t.value, round(t.index, 1), t.band.name
    (8.0, 71.3, 'GREEN')
    """

    credibility: float = attrs.field(validator=_POSITIVE)
    reliability: float = attrs.field(validator=_POSITIVE)
    intimacy: float = attrs.field(validator=_POSITIVE)
    self_orientation: float = attrs.field(validator=_POSITIVE)
    value: float = attrs.field(validator=_POSITIVE)
    index: float = attrs.field(validator=Number(lo=0, hi=100))
    band: Band = attrs.field(validator=InstanceOf(Band))

    def __attrs_post_init__(self) -> None:
        equation = (self.credibility + self.reliability + self.intimacy) / self.self_orientation
        if not math.isclose(self.value, equation, rel_tol=1e-12):
            refuse(self.value, f"must be (C + R + I) / S = {equation!r}", field="value")
        band = band_of(self.index)
        if self.band != band:
            refuse(self.band, f"must be {band.name} for index={self.index}", field="band")

    @classmethod
    def of(
        cls,
        *,
        credibility: float,
        reliability: float,
        intimacy: float,
        self_orientation: float,
        scale: tuple[float, float] = TRUST_SCALE,
    ) -> TrustScore:
        """Score the four components, each checked on ``scale``.

        Examples
        --------
        >>> TrustScore.of(credibility=8, reliability=8, intimacy=8, self_orientation=0)
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: self_orientation=0: must be a finite number in [1, 10]
        """
        lo, hi = check_scale(scale)
        on_scale = Number(lo=lo, hi=hi)
        c, r, i, s = (
            on_scale.check(value, field=name)
            for name, value in (
                ("credibility", credibility),
                ("reliability", reliability),
                ("intimacy", intimacy),
                ("self_orientation", self_orientation),
            )
        )
        raw, index = trust_kernel(
            np.array([c]), np.array([r]), np.array([i]), np.array([s]), lo, hi
        )
        return cls(
            credibility=c,
            reliability=r,
            intimacy=i,
            self_orientation=s,
            value=float(raw[0]),
            index=float(index[0]),
            band=band_of(float(index[0])),
        )


def _to_dict(raw: Any) -> Any:
    return dict(raw) if isinstance(raw, Mapping) else raw  # else refused by name


def _to_tuple(raw: Any) -> Any:
    return tuple(raw) if isinstance(raw, (list, tuple)) else raw  # else refused by name


def _points(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A mapping of component name to points (contributions, drivers)."""
    name = attribute.name
    if not isinstance(value, dict):
        refuse(value, "must be a mapping name -> points", field=name)
    for key, points in value.items():
        if not isinstance(key, str) or not key.strip():
            refuse(key, "names must be non-empty strings", field=name)
        Number().check(points, field=f"{name}[{key!r}]")


@attrs.frozen(kw_only=True)
class HealthScore:
    """An account's health: the score, its band, how much of it is known, and why.

    Attributes
    ----------
    value : float
        0-100, NaN when unknown (coverage below the minimum).
    band : Band
        GREEN from ``green``, YELLOW from ``yellow``, else RED; UNKNOWN for an
        unknown score.
    coverage : float
        Weight present / weight defined, in [0, 1].
    contributions : dict of str to float
        The points each component present adds; they add up to ``value`` (up to
        rounding). Missing and stale components are absent (they are listed in
        ``missing``); an unknown score has none. A live override of the overall
        score shows as ``"(override)"``: the points it adds to the computed score.
    scored_at : datetime.datetime or None
        When it was scored (time-zone aware).
    escalation_due : datetime.datetime or None
        For RED, 48 elapsed hours after ``scored_at``, in its time zone; else None.
    missing : tuple of str
        The scorecard's components with no score (missing, or stale).
    overrides : tuple of Override
        The CSM overrides that shaped this score.
    green, yellow : float
        The band edges it was banded on: 70 and 40 unless the policy moves them.

    Examples
    --------
    >>> from datetime import UTC
    >>> from cs_framework import health_score
    >>> s = health_score({"adoption": 30, "support": 40}, {"adoption": 3, "support": 1},
    ...                  scored_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    >>> s.value, s.band.name, s.contributions, s.escalation_due
    (32.5, 'RED', {'adoption': 22.5, 'support': 10.0}, datetime.datetime(2026, 3, 4, 9, 0,
    tzinfo=datetime.timezone.utc))
    >>> HealthScore(value=80.0, band=Band.RED, coverage=1.0)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: band=<Band.RED: 0>: must be GREEN for value=80.0
    """

    value: float = attrs.field(eq=_nan_eq, validator=_SCORE_OR_NAN)
    band: Band = attrs.field(validator=InstanceOf(Band))
    coverage: float = attrs.field(validator=Number(lo=0, hi=1))
    contributions: dict[str, float] = attrs.field(
        factory=dict, converter=_to_dict, validator=_points
    )
    scored_at: datetime | None = attrs.field(default=None, validator=Optional(MOMENT))
    escalation_due: datetime | None = attrs.field(default=None, validator=Optional(MOMENT))
    missing: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=TupleOf(str))
    overrides: tuple[Override, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=TupleOf(Override)
    )
    green: float = attrs.field(default=GREEN_FROM, validator=EDGE)
    yellow: float = attrs.field(default=YELLOW_FROM, validator=EDGE)

    def __attrs_post_init__(self) -> None:
        check_edges(self.green, self.yellow)
        band = band_of(self.value, self.green, self.yellow)
        if self.band != band:
            refuse(self.band, f"must be {band.name} for value={self.value}", field="band")
        due = due_for(band, self.scored_at)
        if self.escalation_due != due:
            refuse(
                self.escalation_due,
                f"must be {due!r}: 48 elapsed hours after scored_at for RED, else None",
                field="escalation_due",
            )

    def _repr_html_(self) -> str:
        """The score, its band and coverage, each component's points, what is missing."""
        value = "unknown" if self.value != self.value else f"{self.value:.1f}"
        head = html.table(
            ["health", "band", "coverage", "missing", "escalation due"],
            [[value, html.band_cell(self.band), f"{self.coverage:.0%}",
              ", ".join(self.missing), self.escalation_due]],
            html=(1,),
        )  # fmt: skip
        points = html.table(["component", "points"], self.contributions.items())
        return html.titled("Health score", head, points)


@attrs.frozen(kw_only=True, eq=False)
class HealthColumns:
    """Health scores of many accounts as columns (row ``i`` is account ``i``).

    Attributes
    ----------
    names : tuple of str
        The components, in column order.
    value, coverage : ndarray of float64, shape (n,)
        As in :class:`HealthScore` (NaN value when unknown).
    band : ndarray of int8, shape (n,)
        Band codes.
    contributions : ndarray of float64, shape (n, k)
        Points per component: 0 when missing, the whole row NaN when unknown.
    present : ndarray of bool, shape (n, k)
        Which components had a (fresh) score.
    override_points : ndarray of float64, shape (n,), or None
        The points a live override of the overall score adds; NaN where none.
    green, yellow : ndarray of float64, shape (n,), or None
        The band edges each score was banded on; None: the default 70 and 40.
    scored_at : datetime.datetime or None
        When the scores were taken.
    """

    names: tuple[str, ...]
    value: FloatArray
    coverage: FloatArray
    band: CodeArray
    contributions: FloatArray
    present: BoolArray
    override_points: FloatArray | None = None
    green: FloatArray | None = None  # where Green starts, per account (None: 70)
    yellow: FloatArray | None = None  # where Yellow starts, per account (None: 40)
    scored_at: datetime | None = None

    def __len__(self) -> int:
        return int(self.value.shape[0])

    def at(self, row: int, *, overrides: Sequence[Override] = ()) -> HealthScore:
        """Row ``row`` as a :class:`HealthScore` (``overrides``: those that shaped it).

        Examples
        --------
        >>> from cs_framework import health_scores
        >>> cols = health_scores({"adoption": [80, 30]}, {"adoption": 1})
        >>> cols.at(1).band.name
        'RED'
        >>> cols.at(2)
        Traceback (most recent call last):
        ...
        cs_framework.InvalidInputError: row=2: must be a row number in [0, 2)
        """
        if (
            isinstance(row, bool)
            or not isinstance(row, numbers.Integral)
            or not (0 <= row < len(self))
        ):
            refuse(row, f"must be a row number in [0, {len(self)})", field="row")
        present = self.present[row].tolist()
        points = self.contributions[row].tolist()
        contributions = {
            name: p
            for name, p, here in zip(self.names, points, present, strict=True)
            if here and not math.isnan(p)
        }
        extra = math.nan if self.override_points is None else float(self.override_points[row])
        if not math.isnan(extra):
            contributions[OVERRIDE_KEY] = extra
        band = Band(int(self.band[row]))
        return made_by_kernels(
            HealthScore,
            value=float(self.value[row]),
            band=band,
            coverage=float(self.coverage[row]),
            contributions=contributions,
            scored_at=self.scored_at,
            escalation_due=due_for(band, self.scored_at),
            missing=tuple(n for n, here in zip(self.names, present, strict=True) if not here),
            overrides=tuple(overrides),
            green=GREEN_FROM if self.green is None else float(self.green[row]),
            yellow=YELLOW_FROM if self.yellow is None else float(self.yellow[row]),
        )


@attrs.frozen(kw_only=True)
class HealthTrend:
    """How an account's health moved since its last score, and why.

    Attributes
    ----------
    current, previous : float
        The scores now and last time (0-100); NaN when unknown or, for
        ``previous``, when there is no previous score.
    change : float
        ``current - previous`` in points; NaN when either is unknown.
    as_of, previous_on : datetime.date, datetime.date or None
        The days of the two scores.
    early_warning : bool
        A drop of ``drop`` points or more within ``window_days`` days (15 within
        30 by default), whatever the band.
    drivers : dict of str to float
        The components that moved the score, with the points each added (positive)
        or took away (negative), the largest move first; components that did not
        move are left out. They add up to ``change`` (up to rounding). Known only
        when both scores are :class:`HealthScore` objects with known values;
        empty otherwise. A change of override shows as ``"(override)"``.

    Examples
    --------
    >>> from datetime import date
    >>> t = HealthTrend(current=72.0, previous=90.0, change=-18.0, as_of=date(2026, 3, 31),
    ...                 previous_on=date(2026, 3, 6), early_warning=True)
    >>> t.days
    25
    """

    current: float = attrs.field(eq=_nan_eq, validator=_SCORE_OR_NAN)
    previous: float = attrs.field(eq=_nan_eq, validator=_SCORE_OR_NAN)
    change: float = attrs.field(eq=_nan_eq, validator=_CHANGE_OR_NAN)
    as_of: date = attrs.field(validator=DAY)
    previous_on: date | None = attrs.field(default=None, validator=Optional(DAY))
    early_warning: bool = attrs.field(default=False, validator=FLAG)
    drivers: dict[str, float] = attrs.field(factory=dict, converter=_to_dict, validator=_points)

    @property
    def days(self) -> int | None:
        """Days from the previous score to this one; None without a previous date."""
        return None if self.previous_on is None else (self.as_of - self.previous_on).days


@attrs.frozen(kw_only=True)
class Gap:
    """A trust or proof gap, with its evidence (docs/rules.md#trust, #proof).

    Attributes
    ----------
    kind : GapKind
        MISSED_COMMITMENT, UNCLEAR_OWNERSHIP, SILENT_EXECUTIVE or NO_SUCCESS_CRITERIA.
    detail : str
        The evidence in words.
    commitment_id : str or None
        The commitment concerned (a missed one, an unowned one).
    role : str or None
        The owner role missing (UNCLEAR_OWNERSHIP).
    days : float or None
        The days overdue (a missed commitment) or silent (an executive).
    """

    kind: GapKind
    detail: str
    commitment_id: str | None = None
    role: str | None = None
    days: float | None = None


@attrs.frozen(kw_only=True)
class NextAction:
    """One action of the plan, with the reason the library picked it.

    Attributes
    ----------
    action : Action
        What to do.
    reason : str
        Why, with the evidence (the missed commitments named, the scores and bars).
    due : datetime.datetime or None
        When it is due: the escalation time for ESCALATE, else None.
    commitment_ids : tuple of str
        The commitments it concerns.
    """

    action: Action
    reason: str
    due: datetime | None = None
    commitment_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Assessment:
    """What the rules say about one account on one day.

    Attributes
    ----------
    account_id : str
        The account.
    as_of : datetime.date
        The day of the assessment.
    scored_at : datetime.datetime
        When it was taken (time-zone aware; the escalation clock starts here).
    trust : TrustScore or None
        The trust score; None when an assessment is missing (trust unknown).
    reliability, proof : float
        Reliability on the trust scale, and the proof score (0-100).
    phase : Phase
        Where the account sits in Trust -> Prove -> Grow.
    stage : Stage
        Its lifecycle stage.
    segment : Segment
        Its ARR tier.
    health : HealthScore
        Its health score.
    gaps : tuple of Gap
        The trust and proof gaps found, with their evidence.
    flags : tuple of Flag
        RENEWAL_AT_RISK, EARLY_WARNING.
    actions : tuple of NextAction
        The plan, in order: ESCALATE first for a Red account, then a recent missed
        commitment in any phase, then the phase's actions (no EXPAND while Red).
    escalation_due : datetime.datetime or None
        For a Red account, 48 elapsed hours after ``scored_at``.
    """

    account_id: str
    as_of: date
    scored_at: datetime
    trust: TrustScore | None
    reliability: float
    proof: float
    phase: Phase
    stage: Stage
    segment: Segment
    health: HealthScore
    gaps: tuple[Gap, ...]
    flags: tuple[Flag, ...]
    actions: tuple[NextAction, ...]
    escalation_due: datetime | None

    @property
    def next_action(self) -> NextAction:
        """The next right action: the first of the plan."""
        return self.actions[0]

    def _repr_html_(self) -> str:
        """Phase, stage, segment and health; the gaps with their evidence; the plan."""
        trust = "unknown" if self.trust is None else f"{self.trust.index:.1f}"
        head = html.table(
            ["account", "phase", "stage", "segment", "trust index", "proof", "health"],
            [[self.account_id, self.phase.name, self.stage.name, self.segment.name, trust,
              self.proof, html.band_cell(self.health.band)]],
            html=(6,),
        )  # fmt: skip
        gaps = html.table(["gap", "evidence"], [[g.kind.name, g.detail] for g in self.gaps])
        plan = html.table(["action", "why"], [[a.action.name, a.reason] for a in self.actions])
        return html.titled(f"Assessment of {self.account_id} as of {self.as_of}", head, gaps, plan)


@attrs.frozen(kw_only=True)
class SequencingViolation:
    """A play planned out of order: expansion for an account not in GROW, or presenting
    the outcomes to an account in TRUST.

    Attributes
    ----------
    account_id : str
        The account.
    phase : Phase
        Its phase.
    play : Action
        The play planned.
    reason : str
        Why it breaks Trust -> Prove -> Grow, and what to do first.
    """

    account_id: str
    phase: Phase
    play: Action
    reason: str


@attrs.frozen(kw_only=True)
class TierCoverage:
    """One tier of a coverage plan: its accounts, their ARR, and the CSMs they need.

    Attributes
    ----------
    segment : Segment
        The tier.
    accounts : int
        Accounts in it.
    arr : float
        Their ARR.
    csm_load : float
        ``accounts / segment.accounts_per_csm``: a fraction of a CSM where small.
    csms : int
        The load rounded up: a tier's coverage model needs whole people.
    """

    segment: Segment
    accounts: int
    arr: float
    csm_load: float
    csms: int


@attrs.frozen(kw_only=True)
class CoveragePlan:
    """The CSM headcount a set of accounts needs, tier by tier (docs/rules.md#segments).

    Attributes
    ----------
    tiers : tuple of TierCoverage
        One per tier, in the order of the segments, empty tiers included.

    Examples
    --------
    >>> from cs_framework import coverage_plan
    >>> plan = coverage_plan([2_000, 8_000, 40_000, 250_000, 120_000])
    >>> [(t.segment.name, t.accounts, t.csms) for t in plan.tiers]
    [('Digital', 2, 1), ('Scaled', 1, 1), ('High touch', 2, 1)]
    >>> plan.accounts, plan.arr, plan.csms
    (5, 420000.0, 3)
    """

    tiers: tuple[TierCoverage, ...]

    @property
    def accounts(self) -> int:
        """Accounts in all tiers."""
        return sum(t.accounts for t in self.tiers)

    @property
    def arr(self) -> float:
        """ARR of all tiers."""
        return math.fsum(t.arr for t in self.tiers)

    @property
    def csms(self) -> int:
        """CSMs needed: the sum of the tiers' headcounts (each rounded up on its own)."""
        return sum(t.csms for t in self.tiers)
