"""Strategies for accounts, in a given phase, band or segment by construction."""

from __future__ import annotations

import itertools
import math
from datetime import date

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .._defaults import PROOF_COMPONENT, TRUST_COMPONENT
from .._enums import Band, CoverageModel, Phase
from .._functions.proof import proof_score
from .._functions.trust import reliability, trust_index
from .._model.account import Account, ComponentScore
from .._model.records import Override
from .._model.segment import DEFAULT_SEGMENTS, Segment
from ..examples import EXAMPLE_DAY
from . import _common as common
from ._checks import check_as_of, check_optional, check_sizes, check_type
from ._parts import (
    ANY_COMPONENT,
    ANY_OVERRIDES,
    ASSESSMENT,
    BOOLS,
    DROPPED,
    EXPIRED_COMPONENT,
    IDS,
    MISSING_ASSESSMENTS,
    NAMES,
    OPTIONAL_ADOPTIONS,
    OPTIONAL_DATES,
    REASONS,
    ROLES,
    SCORES,
    STATUSES,
    day_before,
    maybe_day_before,
)
from ._records import draw_commitment, draw_outcome

# ---------------------------------------------------------------------------------
# Accounts: phase and band by construction
# ---------------------------------------------------------------------------------


@attrs.frozen
class _AccountSpec:
    id: str | None
    phases: st.SearchStrategy[Phase | None]
    bands: st.SearchStrategy[Band | None]
    arr: st.SearchStrategy[float]
    as_of: date
    commitments: tuple[int, int]
    outcomes: tuple[int, int]
    allow_missing: bool


def _raw(index: float) -> float:
    """The raw trust value of a trust index (the inverse of the trust index's log scale)."""
    return common.RAW_MIN * math.pow(common.RAW_MAX / common.RAW_MIN, index / 100)


def _draw_trust(draw: st.DrawFn, r: float, lo: float, hi: float) -> tuple[float, float, float]:
    """C, I and S on the scale whose trust index with reliability ``r`` is in [lo, hi].

    Raw trust ``(C + R + I) / S`` must lie in ``[raw(lo), raw(hi)]``: S is drawn where
    some ``C + I`` in [2, 20] reaches it, then ``C + I``, then the split.
    """
    raw_lo, raw_hi = _raw(lo), _raw(hi)
    s = draw(
        st.floats(
            max(common.LO, (2 * common.LO + r) / raw_hi),
            min(common.HI, (2 * common.HI + r) / raw_lo),
        )
    )
    sum_lo = max(2 * common.LO, raw_lo * s - r)
    total = draw(st.floats(sum_lo, max(sum_lo, min(2 * common.HI, raw_hi * s - r))))
    c = draw(st.floats(max(common.LO, total - common.HI), min(common.HI, total - common.LO)))
    return c, min(common.HI, max(common.LO, total - c)), s


def _trust_range(phase: Phase | None, band: Band | None, max_outcomes: int) -> tuple[float, float]:
    """The trust index range that the phase needs and that keeps the band reachable."""
    lo, hi = 0.0, 100.0
    if phase is Phase.TRUST:
        hi = common.POLICY.trust_bar - common.BAR_MARGIN
    elif phase is not None:
        lo = common.POLICY.trust_bar + common.BAR_MARGIN
    if band is Band.RED:
        hi = min(hi, common.RED_TRUST_CEILING)
    if band is Band.GREEN and max_outcomes == 0:
        lo = max(lo, common.GREEN_FLOOR)  # no outcomes to lift proof: trust alone must do it
    return lo, hi


def _proof_range(phase: Phase | None, band: Band | None, trust: float) -> tuple[float, float]:
    """The proof score range the outcomes must land in (trust NaN: unknown); the whole
    of [0, 100] leaves the outcomes free."""
    if phase is Phase.PROVE:
        return 0.0, common.POLICY.proof_bar - common.BAR_MARGIN
    if phase is Phase.GROW:
        return common.POLICY.proof_bar + common.BAR_MARGIN, 100.0
    if band is Band.GREEN and trust < common.GREEN_FLOOR:  # False for NaN: no need then
        return common.GREEN_FLOOR - trust, 100.0
    return 0.0, 100.0


def _present_sets(derived_weight: float) -> list[frozenset[str]]:
    """The sets of measured components present that leave the score unknown."""
    return [
        frozenset(names)
        for k in range(len(common.MEASURED), -1, -1)
        for names in itertools.combinations(common.MEASURED, k)
        if derived_weight + sum(common.WEIGHTS[n] for n in names) < common.POLICY.min_coverage
    ]


def _derived(trust: float, proof: float) -> tuple[float, float]:
    """The weighted points and the weight of the derived components present: proof
    always, trust when known (not NaN)."""
    points, weight = common.WEIGHTS[PROOF_COMPONENT] * proof, common.WEIGHTS[PROOF_COMPONENT]
    if math.isnan(trust):
        return points, weight
    return points + common.WEIGHTS[TRUST_COMPONENT] * trust, weight + common.WEIGHTS[
        TRUST_COMPONENT
    ]


def _mean_range(
    band: Band, derived: float, derived_weight: float, present_weight: float
) -> tuple[float, float] | None:
    """The range of the weighted mean of the measured components that puts the health
    score in ``band``, or None when no values on [0, 100] can."""
    lo, hi = common.BANDS[band]
    total = derived_weight + present_weight
    m_lo = max(0.0, (lo * total - derived) / present_weight + common.EDGE_MARGIN)
    m_hi = (hi * total - derived) / present_weight
    m_hi = min(100.0, m_hi if band is Band.GREEN else m_hi - common.EDGE_MARGIN)
    return (m_lo, m_hi) if m_lo <= m_hi else None


def _plan_range(
    band: Band, derived: float, derived_weight: float, present: frozenset[str]
) -> tuple[float, float] | None:
    """The range for each present measured component that puts the score in ``band``;
    None when the coverage is too low or no values on [0, 100] reach the band."""
    weight = sum(common.WEIGHTS[n] for n in present)
    if derived_weight + weight < common.POLICY.min_coverage:
        return None
    return _mean_range(band, derived, derived_weight, weight)


def _band_plan(
    band: Band, trust: float, proof: float, dropped: frozenset[str]
) -> tuple[frozenset[str], tuple[float, float]]:
    """The measured components present, and the range of each, for a score in ``band``
    (known). The ``dropped`` ones are missing where the band is still reachable without
    them; otherwise all four are present, which always reaches it (see ``accounts``).

    Examples
    --------
    Trust 80 and proof 90 bring 34 points for 0.4 of the weight; with ``adoption`` and
    ``engagement`` present (0.4 more) the score is YELLOW for any mean of theirs below 55:

    >>> present, (lo, hi) = _band_plan(Band.YELLOW, 80.0, 90.0,
    ...                                frozenset({"support", "sentiment"}))
    >>> sorted(present), lo, round(hi, 3)
    (['adoption', 'engagement'], 0.0, 55.0)

    Adoption alone cannot lift trust 60 and proof 30 to GREEN; all four can, from 86.7:

    >>> present, (lo, hi) = _band_plan(Band.GREEN, 60.0, 30.0,
    ...                                frozenset({"engagement", "support", "sentiment"}))
    >>> len(present), round(lo, 1), hi
    (4, 86.7, 100.0)
    """
    derived, derived_weight = _derived(trust, proof)
    options = (frozenset(common.MEASURED) - dropped, frozenset(common.MEASURED))
    plans = ((p, _plan_range(band, derived, derived_weight, p)) for p in options)
    return next((p, r) for p, r in plans if r is not None)


def _draw_component(
    draw: st.DrawFn, as_of: date, values: tuple[float, float] | None
) -> ComponentScore:
    """A component present and fresh at ``as_of`` with a value in ``values``, or (None)
    a missing one: no value, or a value gone stale."""
    if values is not None:
        return ComponentScore(
            value=draw(st.floats(*values)),
            measured_on=maybe_day_before(draw, as_of, 0, common.STALE_AFTER),
        )
    if draw(BOOLS):
        return ComponentScore(
            value=draw(SCORES), measured_on=day_before(draw, as_of, common.STALE_AFTER + 1, 720)
        )
    return ComponentScore(value=None, measured_on=draw(OPTIONAL_DATES))


def _draw_override(
    draw: st.DrawFn, as_of: date, band: Band, present: frozenset[str], values: tuple[float, float]
) -> Override:
    """An override that cannot move the band: expired, or live on a present component
    within ``values``, or (known bands) live on the overall score within the band."""
    kinds = [
        "expired",
        *(["component"] if present else []),
        *(["overall"] if band is not Band.UNKNOWN else []),
    ]
    kind = draw(st.sampled_from(kinds))
    if kind == "expired":
        component, value = draw(EXPIRED_COMPONENT), draw(SCORES)
        expires_on = day_before(draw, as_of, 1, 400)
    else:
        expires_on = day_before(draw, as_of, -400, 0)
        if kind == "component":
            component, value = draw(st.sampled_from(sorted(present))), draw(st.floats(*values))
        else:
            lo, hi = common.BANDS[band]
            component = None
            value = draw(st.floats(lo, hi if band is Band.GREEN else hi - common.EDGE_MARGIN))
    return Override(component=component, value=value, reason=draw(REASONS), expires_on=expires_on)


def _draw_health(
    draw: st.DrawFn, spec: _AccountSpec, band: Band, trust: float, proof: float
) -> tuple[dict[str, ComponentScore], list[Override]]:
    """Measured components and overrides that put the account's health in ``band``.

    The derived components (trust index, proof score) are known; the measured ones
    are drawn present (fresh) or missing (no value, or stale), and each present one
    within the range of means that lands the weighted mean in the band.
    """
    if band is Band.UNKNOWN:
        present = draw(st.sampled_from(_present_sets(_derived(trust, proof)[1])))
        values = (0.0, 100.0)
    else:
        dropped = draw(DROPPED) if spec.allow_missing else set()
        present, values = _band_plan(band, trust, proof, frozenset(dropped))
    health = {
        name: _draw_component(draw, spec.as_of, values if name in present else None)
        for name in common.MEASURED
    }
    n = draw(st.integers(0, 2))
    return health, [_draw_override(draw, spec.as_of, band, present, values) for _ in range(n)]


def _not_before(day: date | None, start: date | None) -> date | None:
    """``day``, moved up to ``start`` when it would precede it (the first value comes
    on or after the start)."""
    return max(day, start) if day is not None and start is not None else day


@st.composite
def _account(draw: st.DrawFn, spec: _AccountSpec) -> Account:
    as_of = spec.as_of
    phase, band = draw(spec.phases), draw(spec.bands)
    account_id = draw(IDS) if spec.id is None else spec.id
    n_commitments = draw(st.integers(*spec.commitments))
    record = [
        draw_commitment(draw, account_id, f"c{k}", draw(STATUSES), as_of)
        for k in range(n_commitments)
    ]
    # Trust: unknown (a missing assessment) only where allowed and TRUST is possible.
    missing = set()
    if spec.allow_missing and phase in (None, Phase.TRUST):
        missing = draw(MISSING_ASSESSMENTS)
    constrained = phase is not None or band is not None
    trust = math.nan
    if constrained and not missing:
        r = reliability(record, as_of)
        c, i, s = _draw_trust(draw, r, *_trust_range(phase, band, spec.outcomes[1]))
        trust = trust_index(c, r, i, s)
    else:
        c, i, s = draw(ASSESSMENT), draw(ASSESSMENT), draw(ASSESSMENT)
    assessed = {
        name: None if name in missing else value
        for name, value in zip(common.ASSESSMENTS, (c, i, s), strict=True)
    }
    # Proof: outcomes whose proof score lands where the phase (and band) need it.
    low, high = _proof_range(phase, band, trust)
    credit = None if (low, high) == (0.0, 100.0) else (low / 100, high / 100)
    n_outcomes = draw(st.integers(max(spec.outcomes[0], 1 if low > 0 else 0), spec.outcomes[1]))
    criteria = [draw_outcome(draw, account_id, f"o{k}", credit) for k in range(n_outcomes)]
    # Health: measured components and overrides, in the band if one is asked for.
    if band is not None:
        health, corrections = _draw_health(draw, spec, band, trust, proof_score(criteria))
    else:
        fresh = None if spec.allow_missing else (0.0, 100.0)
        health = {
            name: draw(ANY_COMPONENT) if fresh is None else _draw_component(draw, as_of, fresh)
            for name in common.MEASURED
        }
        corrections = draw(ANY_OVERRIDES)
    previous = draw(SCORES) if draw(BOOLS) else None
    return Account(
        id=account_id,
        name=draw(NAMES),
        arr=draw(spec.arr),
        health=health,
        commitments=record,
        outcomes=criteria,
        last_executive_touch=maybe_day_before(draw, as_of, 0, 200),
        renewal_on=maybe_day_before(draw, as_of, -400, 30),
        started_on=(started := maybe_day_before(draw, as_of, 0, 720)),
        setup_complete=draw(BOOLS),
        first_value_on=_not_before(maybe_day_before(draw, as_of, 0, 400), started),
        adoption=draw(OPTIONAL_ADOPTIONS),
        expansion_signal=draw(BOOLS),
        overrides=corrections,
        previous_health=previous,
        previous_health_on=None if previous is None else day_before(draw, as_of, 0, 90),
        credibility=assessed["credibility"],
        intimacy=assessed["intimacy"],
        self_orientation=assessed["self_orientation"],
        decision_maker=draw(ROLES["decision_maker"]),
        day_to_day_owner=draw(ROLES["day_to_day_owner"]),
        accountable_owner=draw(ROLES["accountable_owner"]),
    )


#: ARR drawn for a tier open to infinity: up to this much above its floor.
_OPEN_TIER_SPAN = 5e6


def _arr(segment: CoverageModel | Segment | None) -> st.SearchStrategy[float]:
    """ARR in the tier(s) of ``segment``: a Segment, or the default tiers of a model."""
    if segment is None:
        return st.floats(min_value=0, max_value=_OPEN_TIER_SPAN)
    tiers = (
        [segment]
        if isinstance(segment, Segment)
        else [s for s in DEFAULT_SEGMENTS if s.coverage is segment]
    )
    return st.one_of(
        [
            st.floats(min_value=t.min_arr, max_value=t.min_arr + _OPEN_TIER_SPAN)
            if math.isinf(t.max_arr)
            else st.floats(min_value=t.min_arr, max_value=t.max_arr, exclude_max=True)
            for t in tiers
        ]
    )


def accounts(
    *,
    id: str | None = None,
    phase: Phase | None = None,
    band: Band | None = None,
    segment: CoverageModel | Segment | None = None,
    as_of: date = EXAMPLE_DAY,
    min_commitments: int = 0,
    max_commitments: int = 6,
    min_outcomes: int = 0,
    max_outcomes: int = 3,
    allow_missing: bool = True,
) -> st.SearchStrategy[Account]:
    """Valid accounts with their commitments and outcomes, optionally in a given phase,
    health band or segment.

    Every account has its own commitments (ids ``c0``, ``c1``, ...) and outcomes
    (``o0``, ...), and the four measured health components of the default scorecard
    (``adoption``, ``engagement``, ``support``, ``sentiment``), each with a value or
    missing (``None``, or a value gone stale). It may carry CSM overrides and a
    previous health score with its date.

    The data is built so that the asked-for property holds by construction: trust
    assessments are solved for a trust index on the right side of the trust bar,
    outcomes for a proof score on the right side of the proof bar, and the measured
    health components for a weighted mean inside the band. No example is filtered.

    Parameters
    ----------
    id : str, optional
        The account id (drawn by default).
    phase : Phase, optional
        Only accounts in this phase of Trust -> Prove -> Grow at ``as_of``. TRUST
        accounts may have unknown trust (a missing assessment) when
        ``allow_missing``; PROVE and GROW accounts never do. Trust index and proof
        score stay at least 0.01 points clear of the bars.
    band : Band, optional
        Only accounts whose health score has this band at ``as_of``. UNKNOWN means
        too little coverage (it needs ``allow_missing``). CSM overrides are drawn
        only where they cannot move the band (expired, or live within it).
    segment : CoverageModel or Segment, optional
        Only accounts whose ARR puts them in this coverage model of the default
        tiers (:data:`~cs_framework.DEFAULT_SEGMENTS`), or in this tier.
    as_of : datetime.date
        The day ``phase`` and ``band`` hold on (statuses of commitments, staleness
        and expiry are judged on it); :data:`~cs_framework.examples.EXAMPLE_DAY`
        (2026-06-30) by default. Other dates are drawn around it.
    min_commitments, max_commitments, min_outcomes, max_outcomes : int
        How many commitments and outcomes (0 to 6, and 0 to 3, by default).
    allow_missing : bool
        With False, every trust assessment and measured health component has a value,
        fresh at ``as_of``.

    Returns
    -------
    SearchStrategy of Account
        ``assess(account, as_of=as_of)`` with the default ``Policy()`` gives the
        asked-for phase, band and segment.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For arguments of the wrong type or out of range, or that cannot all hold:
        ``band=Band.UNKNOWN`` with ``allow_missing=False``, ``phase=Phase.GROW``
        with ``max_outcomes=0`` (proof needs outcomes).
    """
    check_optional("id", id, str)
    check_optional("phase", phase, Phase)
    check_optional("band", band, Band)
    if segment is not None:
        check_type("segment", segment, (CoverageModel, Segment))
    check_as_of(as_of)
    check_sizes("commitments", min_commitments, max_commitments)
    check_sizes("outcomes", min_outcomes, max_outcomes)
    check_type("allow_missing", allow_missing, bool)
    if band is Band.UNKNOWN and not allow_missing:
        raise InvalidArgument("band=Band.UNKNOWN needs missing components: allow_missing=True")
    if phase is Phase.GROW and max_outcomes == 0:
        raise InvalidArgument("phase=Phase.GROW needs proof, so outcomes: max_outcomes >= 1")
    # Left free, a phase and a band are still drawn as targets (or none), so that
    # accounts() covers every phase and band; each shrinks towards no target.
    phases = [Phase.TRUST, Phase.PROVE, *([Phase.GROW] if max_outcomes else [])]
    bands = [Band.RED, Band.YELLOW, Band.GREEN, *([Band.UNKNOWN] if allow_missing else [])]
    spec = _AccountSpec(
        id=id,
        phases=st.none() | st.sampled_from(phases) if phase is None else st.just(phase),
        bands=st.none() | st.sampled_from(bands) if band is None else st.just(band),
        arr=_arr(segment),
        as_of=as_of,
        commitments=(min_commitments, max_commitments),
        outcomes=(min_outcomes, max_outcomes),
        allow_missing=allow_missing,
    )
    return _account(spec)
