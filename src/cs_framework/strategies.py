"""Hypothesis strategies for cs_framework's domain objects and whole books.

Use them in your own test suite (``pip install cs_framework[hypothesis]``)::

    from hypothesis import given
    from cs_framework import Phase
    from cs_framework.strategies import accounts, books

    @given(books(max_accounts=50))
    def test_my_report_handles_any_book(book): ...

    @given(accounts(phase=Phase.GROW))
    def test_growth_accounts_get_an_expansion_plan(account): ...

Every strategy yields valid objects only: each value passes the library's own
validation, and ids are unique within an account (and, for :func:`books`, account
ids are unique within the book). The ``invalid_*`` strategies yield the opposite on
purpose: constructor arguments that must be refused, as :class:`Invalid` values
tagged with the field the error must name.

Guarantees that depend on a day (an account's phase, its health band) hold at the
strategy's ``as_of`` date, :data:`cs_framework.examples.EXAMPLE_DAY` by default, with
the default :class:`~cs_framework.Policy`. The guide ``docs/testing.md`` walks
through a complete example.

Examples
--------
An :class:`Invalid` value is what ``invalid_accounts()`` and its siblings yield: the
keyword arguments of a constructor call that must fail, and the field to blame.

>>> from cs_framework import Account
>>> bad = Invalid(kind=Account, kwargs={"id": "acme", "name": "Acme", "arr": -1.0},
...               field="arr")
>>> bad.build()
Traceback (most recent call last):
...
cs_framework.InvalidInputError: arr=-1.0 (account 'acme'): must be a finite number >= 0
"""

from __future__ import annotations

import itertools
import math
import string
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._account import TRUST_SCALE, Account, Adoption, ComponentScore
from ._bands import GREEN_FROM, YELLOW_FROM
from ._book import Book
from ._commitment import Commitment
from ._enums import Band, CommitmentStatus, CoverageModel, Phase
from ._health import HealthScore, health_score
from ._outcome import Outcome
from ._override import Override
from ._policy import Policy
from ._proof import proof_score
from ._reliability import reliability
from ._scorecard import DEFAULT_SCORECARD, PROOF_COMPONENT, TRUST_COMPONENT, Scorecard
from ._segment import DEFAULT_SEGMENTS, Segment
from ._trust import TrustScore, trust_index
from .examples import EXAMPLE_DAY

__all__ = [
    "EXAMPLE_DAY",
    "Invalid",
    "accounts",
    "adoptions",
    "books",
    "commitments",
    "component_scores",
    "dates",
    "datetimes",
    "health_scores",
    "ids",
    "invalid_accounts",
    "invalid_commitments",
    "invalid_outcomes",
    "outcomes",
    "overrides",
    "policies",
    "scorecards",
    "segments",
    "trust_assessments",
    "trust_scores",
]

_T = TypeVar("_T")

_FIRST_DAY = date(2020, 1, 1)
_LAST_DAY = date(2030, 12, 31)
#: ``as_of`` must leave room for the day offsets the strategies draw around it.
_EARLIEST_AS_OF = date(1900, 1, 1)
_LATEST_AS_OF = date(9000, 12, 31)

#: The default policy: phase and band guarantees hold under it.
_POLICY = Policy()
_WEIGHTS = DEFAULT_SCORECARD.weights
_HEALTH_COMPONENTS = tuple(_WEIGHTS)
#: The components read from ``Account.health`` (trust and proof are derived).
_MEASURED = tuple(n for n in _HEALTH_COMPONENTS if n not in (TRUST_COMPONENT, PROOF_COMPONENT))
_ASSESSMENTS = ("credibility", "intimacy", "self_orientation")
_LO, _HI = TRUST_SCALE
#: The raw trust equation runs from 3*lo/hi to 3*hi/lo (DOMAIN.md section 1).
_RAW_MIN, _RAW_MAX = 3 * _LO / _HI, 3 * _HI / _LO
#: Index and proof points kept clear of a bar, so rounding never crosses it.
_BAR_MARGIN = 0.01
#: Health points kept clear of a band edge by the measured components.
_EDGE_MARGIN = 1e-6
#: Trust and proof weigh 0.2 each in the default scorecard, the measured components
#: 0.6 together: with trust known, GREEN (70) is in reach of the measured components
#: only if 0.2 * (trust + proof) >= 10, so a GREEN account gets trust + proof >= 56;
_GREEN_FLOOR = 56.0
#: and RED (below 40) only if 0.2 * (trust + proof) < 40: a RED account gets trust <= 95.
_RED_TRUST_CEILING = 95.0
_BANDS = {
    Band.RED: (0.0, YELLOW_FROM),
    Band.YELLOW: (YELLOW_FROM, GREEN_FROM),
    Band.GREEN: (GREEN_FROM, 100.0),
}
_STALE_AFTER = int(_POLICY.stale_after_days)
_DESCRIPTIONS = ("Send the SSO guide", "Fix the export", "Run training")
_OUTCOME_TEXTS = (
    ("Reduce time spent on triage", "minutes per ticket"),
    ("Complete the onboarding workflow end-to-end", "workflows completed"),
    ("Train the support team", "people trained"),
)


# ---------------------------------------------------------------------------------
# Argument checks: a bad argument is refused when the strategy is made, by name.
# ---------------------------------------------------------------------------------


def _check_type(name: str, value: Any, kind: type[Any] | tuple[type[Any], ...]) -> None:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InvalidArgument(f"Expected {names} but got {name}={value!r}")


def _check_optional(name: str, value: Any, kind: type[Any]) -> None:
    if value is not None:
        _check_type(name, value, kind)


def _check_sizes(name: str, lo: int, hi: int) -> None:
    for label, value in ((f"min_{name}", lo), (f"max_{name}", hi)):
        _check_type(label, value, int)
        if value < 0:
            raise InvalidArgument(f"Expected {label} >= 0 but got {label}={value!r}")
    if lo > hi:
        raise InvalidArgument(f"Cannot have min_{name}={lo!r} > max_{name}={hi!r}")


def _check_as_of(as_of: Any) -> None:
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidArgument(f"Expected a datetime.date but got as_of={as_of!r}")
    if not _EARLIEST_AS_OF <= as_of <= _LATEST_AS_OF:
        raise InvalidArgument(
            f"as_of={as_of!r} must lie between {_EARLIEST_AS_OF} and {_LATEST_AS_OF}"
        )


# ---------------------------------------------------------------------------------
# Simple parts
# ---------------------------------------------------------------------------------


def ids() -> st.SearchStrategy[str]:
    """Short non-empty identifiers of letters, digits, ``-`` and ``_``."""
    return st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=8)


def dates(*, min_value: date = _FIRST_DAY, max_value: date = _LAST_DAY) -> st.SearchStrategy[date]:
    """Calendar dates, 2020 to 2030 unless told otherwise."""
    return st.dates(min_value=min_value, max_value=max_value)


def datetimes() -> st.SearchStrategy[datetime]:
    """Moments from 2020 to 2030, naive or in UTC."""
    return st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=st.sampled_from([None, UTC]),
    )


def trust_assessments() -> st.SearchStrategy[float]:
    """A credibility, intimacy or self-orientation score on the [1, 10] scale."""
    return st.floats(min_value=TRUST_SCALE[0], max_value=TRUST_SCALE[1])


@st.composite
def trust_scores(draw: st.DrawFn) -> TrustScore:
    """Trust scores made by :meth:`cs_framework.TrustScore.of` from four values on [1, 10]."""
    c, r, i, s = (draw(trust_assessments()) for _ in range(4))
    return TrustScore.of(credibility=c, reliability=r, intimacy=i, self_orientation=s)


def component_scores(*, allow_missing: bool = True) -> st.SearchStrategy[ComponentScore]:
    """A health component score in [0, 100], dated or not; missing (None) when allowed."""
    value: st.SearchStrategy[float | None] = st.floats(min_value=0, max_value=100)
    if allow_missing:
        value = st.none() | value
    return st.builds(ComponentScore, value=value, measured_on=st.none() | dates())


_REASONS = st.sampled_from(["P1 outage this week", "Executive sponsor left", "Data lag"])


def overrides(*, components: tuple[str, ...] = _HEALTH_COMPONENTS) -> st.SearchStrategy[Override]:
    """A CSM override of one of ``components`` or (None) of the overall score."""
    return st.builds(
        Override,
        component=st.none() | st.sampled_from(components),
        value=st.floats(min_value=0, max_value=100),
        reason=_REASONS,
        expires_on=dates(),
    )


@st.composite
def health_scores(draw: st.DrawFn) -> HealthScore:
    """Health scores from drawn components, weights, staleness and overrides.

    Made by :func:`cs_framework.health_score`, so every one is consistent: band,
    coverage, contributions, escalation time, missing components and overrides.
    """
    names = draw(st.lists(st.sampled_from(_HEALTH_COMPONENTS), min_size=1, max_size=6, unique=True))
    weights = {n: draw(st.floats(min_value=0.01, max_value=10)) for n in names}
    components = {n: draw(st.none() | component_scores()) for n in names}
    as_of = draw(st.none() | dates())
    return health_score(
        components,
        weights,
        min_coverage=draw(st.floats(min_value=0, max_value=1)),
        scored_at=draw(st.none() | datetimes()),
        as_of=as_of,
        stale_after_days=draw(st.floats(min_value=1, max_value=720)),
        overrides=[]
        if as_of is None
        else draw(st.lists(overrides(components=tuple(names)), max_size=3)),
    )


@st.composite
def adoptions(draw: st.DrawFn) -> Adoption:
    """Usage counts where every part is at most its whole."""
    licensed, workflows, teams = (draw(st.integers(0, 500)) for _ in range(3))
    return Adoption(
        licensed_users=licensed,
        weekly_active_users=draw(st.integers(0, licensed)),
        core_workflows=workflows,
        core_workflows_used=draw(st.integers(0, workflows)),
        teams=teams,
        teams_using=draw(st.integers(0, teams)),
    )


# Strategies used inside the composites below, made once (making one costs more than
# drawing from it).
_IDS = ids()
_BOOLS = st.booleans()
_SCORES = st.floats(min_value=0, max_value=100)
_OPTIONAL_DATES = st.none() | dates()
_ASSESSMENT = trust_assessments()
_OWNERS = st.none() | st.sampled_from(["dana", "lee", "sam"])
_DESCRIBED = st.sampled_from(_DESCRIPTIONS)
_DESCRIBED_OUTCOMES = st.sampled_from(_OUTCOME_TEXTS)
_FINITE = st.floats(min_value=-1e6, max_value=1e6)
_PROGRESS = st.floats(min_value=-0.5, max_value=1.5)
_STATUSES = st.none() | st.sampled_from(CommitmentStatus)
_NAMES = st.sampled_from(["Acme", "Globex", "Initech", "Umbrella"])
_MISSING_ASSESSMENTS = st.sets(st.sampled_from(_ASSESSMENTS))
_DROPPED = st.sets(st.sampled_from(_MEASURED))
_OPTIONAL_ADOPTIONS = st.none() | adoptions()
_ANY_COMPONENT = component_scores()
_ANY_OVERRIDES = st.lists(overrides(), max_size=2)
_SIGN = st.sampled_from([1.0, -1.0])
_EXPIRED_COMPONENT = st.none() | st.sampled_from(_HEALTH_COMPONENTS)
_FREE_MADE_ON = dates(max_value=_LAST_DAY - timedelta(days=800))
_FREE_KEPT_AFTER = st.none() | st.integers(0, 400)
_CURRENT_KINDS = st.sampled_from(["unmeasured", "on the way", "anywhere"])
_ROLES = {
    "decision_maker": st.none() | st.just("Pat (VP Ops)"),
    "day_to_day_owner": st.none() | st.just("Kim (Ops lead)"),
    "accountable_owner": st.none() | st.just("Alex (Director)"),
}


def _day_before(draw: st.DrawFn, day: date, lo: int, hi: int) -> date:
    """A day from ``lo`` to ``hi`` days before ``day`` (shrinking towards ``lo``)."""
    return day - timedelta(days=draw(st.integers(lo, hi)))


def _maybe_day_before(draw: st.DrawFn, day: date, lo: int, hi: int) -> date | None:
    """None, or a day from ``lo`` to ``hi`` days before ``day``."""
    return _day_before(draw, day, lo, hi) if draw(_BOOLS) else None


# ---------------------------------------------------------------------------------
# Commitments and outcomes
# ---------------------------------------------------------------------------------


def _draw_commitment(
    draw: st.DrawFn,
    account_id: str | None,
    id: str | None,
    status: CommitmentStatus | None,
    as_of: date,
) -> Commitment:
    renegotiated = status is CommitmentStatus.RENEGOTIATED
    if status is None or renegotiated:
        # Free dates: any status on any day (RENEGOTIATED wins whatever the dates).
        made_on = draw(_FREE_MADE_ON)
        due = made_on + timedelta(days=draw(st.integers(0, 365)))
        kept_after = draw(_FREE_KEPT_AFTER)
        kept_on = None if kept_after is None else made_on + timedelta(days=kept_after)
        renegotiated = renegotiated or draw(_BOOLS)
    elif status is CommitmentStatus.KEPT:  # made_on <= kept_on <= min(due, as_of)
        kept_on = _day_before(draw, as_of, 0, 400)
        made_on = _day_before(draw, kept_on, 0, 60)
        due = _day_before(draw, kept_on, -60, 0)
    elif status is CommitmentStatus.KEPT_LATE:  # made_on <= due < kept_on <= as_of
        kept_on = _day_before(draw, as_of, 0, 400)
        due = _day_before(draw, kept_on, 1, 60)
        made_on = _day_before(draw, due, 0, 60)
    elif status is CommitmentStatus.MISSED:  # due < as_of; kept after as_of, or never
        due = _day_before(draw, as_of, 1, 400)
        made_on = _day_before(draw, due, 0, 60)
        kept_on = _maybe_day_before(draw, as_of, -60, -1)
    else:  # OPEN: due on or after as_of; kept after as_of, or never
        made_on = _day_before(draw, as_of, 0, 120)
        due = _day_before(draw, as_of, -120, 0)
        kept_on = _maybe_day_before(draw, as_of, -60, -1)
    return Commitment(
        id=draw(_IDS) if id is None else id,
        account_id=draw(_IDS) if account_id is None else account_id,
        description=draw(_DESCRIBED),
        owner=draw(_OWNERS),
        made_on=made_on,
        due=due,
        kept_on=kept_on,
        renegotiated=renegotiated,
    )


def commitments(
    *,
    account_id: str | None = None,
    id: str | None = None,
    status: CommitmentStatus | None = None,
    as_of: date = EXAMPLE_DAY,
) -> st.SearchStrategy[Commitment]:
    """A commitment, kept or not, on time or late, perhaps renegotiated or unowned.

    Parameters
    ----------
    account_id, id : str, optional
        Fix the account the commitment belongs to, or its own id (drawn otherwise).
    status : CommitmentStatus, optional
        Only commitments with this status at ``as_of``; by default any status, with
        dates drawn from 2020 to 2028.
    as_of : datetime.date
        The day ``status`` holds on: :data:`~cs_framework.examples.EXAMPLE_DAY`
        (2026-06-30) by default.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For an argument of the wrong type.
    """
    _check_optional("account_id", account_id, str)
    _check_optional("id", id, str)
    _check_optional("status", status, CommitmentStatus)
    _check_as_of(as_of)

    @st.composite
    def one(draw: st.DrawFn) -> Commitment:
        return _draw_commitment(draw, account_id, id, status, as_of)

    return one()


#: The visibility weight of each (documented, acknowledged) pair (DOMAIN.md section 2).
_VISIBILITY = {
    (True, True): _POLICY.weight_acknowledged,
    (False, True): _POLICY.weight_acknowledged,
    (True, False): _POLICY.weight_documented,
    (False, False): _POLICY.weight_unseen,
}


def _draw_outcome(
    draw: st.DrawFn,
    account_id: str | None,
    id: str | None,
    credit: tuple[float, float] | None = None,
) -> Outcome:
    """An outcome; with ``credit``, one whose progress * visibility lies in that range."""
    description, metric = draw(_DESCRIBED_OUTCOMES)
    if credit is None:
        baseline = draw(_FINITE)
        target = draw(_FINITE)
        target = target if target != baseline else baseline + 1.0
        documented, acknowledged = draw(_BOOLS), draw(_BOOLS)
        # Unmeasured (the simplest), near the way from baseline to target, or anywhere.
        kind = draw(_CURRENT_KINDS)
        current = (
            None
            if kind == "unmeasured"
            else baseline + draw(_PROGRESS) * (target - baseline)
            if kind == "on the way"
            else draw(_FINITE)
        )
    else:
        # progress * visibility == share: a visibility that can reach the share, then
        # the progress that gives it (a target at least 1 away: little rounding).
        share = draw(st.floats(min_value=credit[0], max_value=credit[1]))
        documented, acknowledged = draw(
            st.sampled_from([flags for flags, weight in _VISIBILITY.items() if weight >= share])
        )
        progress = share / _VISIBILITY[documented, acknowledged]
        baseline = draw(st.floats(min_value=-1e4, max_value=1e4))
        step = draw(st.floats(min_value=1, max_value=1e4)) * draw(_SIGN)
        target = baseline + step
        beyond = draw(st.floats(min_value=0, max_value=1)) if progress >= 1 else 0.0
        current = None if progress == 0 else baseline + (progress + beyond) * step
    return Outcome(
        id=draw(_IDS) if id is None else id,
        account_id=draw(_IDS) if account_id is None else account_id,
        description=description,
        metric=metric,
        baseline=baseline,
        target=target,
        current=current,
        due=draw(_OPTIONAL_DATES),
        documented=documented,
        acknowledged=acknowledged,
    )


def outcomes(*, account_id: str | None = None, id: str | None = None) -> st.SearchStrategy[Outcome]:
    """An outcome with a target above or below its baseline, measured or not.

    Progress runs the whole range: unmeasured, short of the baseline, part of the
    way, past the target; visibility is documented, acknowledged, both or neither.

    Parameters
    ----------
    account_id, id : str, optional
        Fix the account the outcome belongs to, or its own id (drawn otherwise).

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For an argument of the wrong type.
    """
    _check_optional("account_id", account_id, str)
    _check_optional("id", id, str)

    @st.composite
    def one(draw: st.DrawFn) -> Outcome:
        return _draw_outcome(draw, account_id, id)

    return one()


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
    """The raw trust value of a trust index (the inverse of DOMAIN.md's log scale)."""
    return _RAW_MIN * math.pow(_RAW_MAX / _RAW_MIN, index / 100)


def _draw_trust(draw: st.DrawFn, r: float, lo: float, hi: float) -> tuple[float, float, float]:
    """C, I and S on the scale whose trust index with reliability ``r`` is in [lo, hi].

    Raw trust ``(C + R + I) / S`` must lie in ``[raw(lo), raw(hi)]``: S is drawn where
    some ``C + I`` in [2, 20] reaches it, then ``C + I``, then the split.
    """
    raw_lo, raw_hi = _raw(lo), _raw(hi)
    s = draw(st.floats(max(_LO, (2 * _LO + r) / raw_hi), min(_HI, (2 * _HI + r) / raw_lo)))
    sum_lo = max(2 * _LO, raw_lo * s - r)
    total = draw(st.floats(sum_lo, max(sum_lo, min(2 * _HI, raw_hi * s - r))))
    c = draw(st.floats(max(_LO, total - _HI), min(_HI, total - _LO)))
    return c, min(_HI, max(_LO, total - c)), s


def _trust_range(phase: Phase | None, band: Band | None, max_outcomes: int) -> tuple[float, float]:
    """The trust index range that the phase needs and that keeps the band reachable."""
    lo, hi = 0.0, 100.0
    if phase is Phase.TRUST:
        hi = _POLICY.trust_bar - _BAR_MARGIN
    elif phase is not None:
        lo = _POLICY.trust_bar + _BAR_MARGIN
    if band is Band.RED:
        hi = min(hi, _RED_TRUST_CEILING)
    if band is Band.GREEN and max_outcomes == 0:
        lo = max(lo, _GREEN_FLOOR)  # no outcomes to lift proof: trust alone must do it
    return lo, hi


def _proof_range(phase: Phase | None, band: Band | None, trust: float) -> tuple[float, float]:
    """The proof score range the outcomes must land in (trust NaN: unknown); the whole
    of [0, 100] leaves the outcomes free."""
    if phase is Phase.PROVE:
        return 0.0, _POLICY.proof_bar - _BAR_MARGIN
    if phase is Phase.GROW:
        return _POLICY.proof_bar + _BAR_MARGIN, 100.0
    if band is Band.GREEN and trust < _GREEN_FLOOR:  # False for NaN: no need then
        return _GREEN_FLOOR - trust, 100.0
    return 0.0, 100.0


def _present_sets(derived_weight: float) -> list[frozenset[str]]:
    """The sets of measured components present that leave the score unknown."""
    return [
        frozenset(names)
        for k in range(len(_MEASURED), -1, -1)
        for names in itertools.combinations(_MEASURED, k)
        if derived_weight + sum(_WEIGHTS[n] for n in names) < _POLICY.min_coverage
    ]


def _derived(trust: float, proof: float) -> tuple[float, float]:
    """The weighted points and the weight of the derived components present: proof
    always, trust when known (not NaN)."""
    points, weight = _WEIGHTS[PROOF_COMPONENT] * proof, _WEIGHTS[PROOF_COMPONENT]
    if math.isnan(trust):
        return points, weight
    return points + _WEIGHTS[TRUST_COMPONENT] * trust, weight + _WEIGHTS[TRUST_COMPONENT]


def _mean_range(
    band: Band, derived: float, derived_weight: float, present_weight: float
) -> tuple[float, float] | None:
    """The range of the weighted mean of the measured components that puts the health
    score in ``band``, or None when no values on [0, 100] can."""
    lo, hi = _BANDS[band]
    total = derived_weight + present_weight
    m_lo = max(0.0, (lo * total - derived) / present_weight + _EDGE_MARGIN)
    m_hi = (hi * total - derived) / present_weight
    m_hi = min(100.0, m_hi if band is Band.GREEN else m_hi - _EDGE_MARGIN)
    return (m_lo, m_hi) if m_lo <= m_hi else None


def _plan_range(
    band: Band, derived: float, derived_weight: float, present: frozenset[str]
) -> tuple[float, float] | None:
    """The range for each present measured component that puts the score in ``band``;
    None when the coverage is too low or no values on [0, 100] reach the band."""
    weight = sum(_WEIGHTS[n] for n in present)
    if derived_weight + weight < _POLICY.min_coverage:
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
    options = (frozenset(_MEASURED) - dropped, frozenset(_MEASURED))
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
            measured_on=_maybe_day_before(draw, as_of, 0, _STALE_AFTER),
        )
    if draw(_BOOLS):
        return ComponentScore(
            value=draw(_SCORES), measured_on=_day_before(draw, as_of, _STALE_AFTER + 1, 720)
        )
    return ComponentScore(value=None, measured_on=draw(_OPTIONAL_DATES))


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
        component, value = draw(_EXPIRED_COMPONENT), draw(_SCORES)
        expires_on = _day_before(draw, as_of, 1, 400)
    else:
        expires_on = _day_before(draw, as_of, -400, 0)
        if kind == "component":
            component, value = draw(st.sampled_from(sorted(present))), draw(st.floats(*values))
        else:
            lo, hi = _BANDS[band]
            component = None
            value = draw(st.floats(lo, hi if band is Band.GREEN else hi - _EDGE_MARGIN))
    return Override(component=component, value=value, reason=draw(_REASONS), expires_on=expires_on)


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
        dropped = draw(_DROPPED) if spec.allow_missing else set()
        present, values = _band_plan(band, trust, proof, frozenset(dropped))
    health = {
        name: _draw_component(draw, spec.as_of, values if name in present else None)
        for name in _MEASURED
    }
    n = draw(st.integers(0, 2))
    return health, [_draw_override(draw, spec.as_of, band, present, values) for _ in range(n)]


@st.composite
def _account(draw: st.DrawFn, spec: _AccountSpec) -> Account:
    as_of = spec.as_of
    phase, band = draw(spec.phases), draw(spec.bands)
    account_id = draw(_IDS) if spec.id is None else spec.id
    n_commitments = draw(st.integers(*spec.commitments))
    record = [
        _draw_commitment(draw, account_id, f"c{k}", draw(_STATUSES), as_of)
        for k in range(n_commitments)
    ]
    # Trust: unknown (a missing assessment) only where allowed and TRUST is possible.
    missing = set()
    if spec.allow_missing and phase in (None, Phase.TRUST):
        missing = draw(_MISSING_ASSESSMENTS)
    constrained = phase is not None or band is not None
    trust = math.nan
    if constrained and not missing:
        r = reliability(record, as_of)
        c, i, s = _draw_trust(draw, r, *_trust_range(phase, band, spec.outcomes[1]))
        trust = trust_index(c, r, i, s)
    else:
        c, i, s = draw(_ASSESSMENT), draw(_ASSESSMENT), draw(_ASSESSMENT)
    assessed = {
        name: None if name in missing else value
        for name, value in zip(_ASSESSMENTS, (c, i, s), strict=True)
    }
    # Proof: outcomes whose proof score lands where the phase (and band) need it.
    low, high = _proof_range(phase, band, trust)
    credit = None if (low, high) == (0.0, 100.0) else (low / 100, high / 100)
    n_outcomes = draw(st.integers(max(spec.outcomes[0], 1 if low > 0 else 0), spec.outcomes[1]))
    criteria = [_draw_outcome(draw, account_id, f"o{k}", credit) for k in range(n_outcomes)]
    # Health: measured components and overrides, in the band if one is asked for.
    if band is not None:
        health, corrections = _draw_health(draw, spec, band, trust, proof_score(criteria))
    else:
        fresh = None if spec.allow_missing else (0.0, 100.0)
        health = {
            name: draw(_ANY_COMPONENT) if fresh is None else _draw_component(draw, as_of, fresh)
            for name in _MEASURED
        }
        corrections = draw(_ANY_OVERRIDES)
    previous = draw(_SCORES) if draw(_BOOLS) else None
    return Account(
        id=account_id,
        name=draw(_NAMES),
        arr=draw(spec.arr),
        health=health,
        commitments=record,
        outcomes=criteria,
        last_executive_touch=_maybe_day_before(draw, as_of, 0, 200),
        renewal_on=_maybe_day_before(draw, as_of, -400, 30),
        started_on=_maybe_day_before(draw, as_of, 0, 720),
        setup_complete=draw(_BOOLS),
        first_value_on=_maybe_day_before(draw, as_of, 0, 400),
        adoption=draw(_OPTIONAL_ADOPTIONS),
        expansion_signal=draw(_BOOLS),
        overrides=corrections,
        previous_health=previous,
        previous_health_on=None if previous is None else _day_before(draw, as_of, 0, 90),
        credibility=assessed["credibility"],
        intimacy=assessed["intimacy"],
        self_orientation=assessed["self_orientation"],
        decision_maker=draw(_ROLES["decision_maker"]),
        day_to_day_owner=draw(_ROLES["day_to_day_owner"]),
        accountable_owner=draw(_ROLES["accountable_owner"]),
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
    _check_optional("id", id, str)
    _check_optional("phase", phase, Phase)
    _check_optional("band", band, Band)
    if segment is not None:
        _check_type("segment", segment, (CoverageModel, Segment))
    _check_as_of(as_of)
    _check_sizes("commitments", min_commitments, max_commitments)
    _check_sizes("outcomes", min_outcomes, max_outcomes)
    _check_type("allow_missing", allow_missing, bool)
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


# ---------------------------------------------------------------------------------
# Tiers, scorecards, policies, books
# ---------------------------------------------------------------------------------


@st.composite
def segments(draw: st.DrawFn, *, max_tiers: int = 4) -> tuple[Segment, ...]:
    """Tiers that cover [0, inf) with no gap or overlap, in ascending order.

    A single :class:`~cs_framework.Segment` is one of them:
    ``segments().flatmap(st.sampled_from)`` (what ``st.from_type(Segment)`` gives).
    """
    edges = sorted(
        draw(st.sets(st.floats(min_value=1, max_value=1e7), min_size=0, max_size=max_tiers - 1))
    )
    bounds = [0.0, *edges, math.inf]
    return tuple(
        Segment(
            name=f"Tier {k}",
            min_arr=bounds[k],
            max_arr=bounds[k + 1],
            coverage=draw(st.sampled_from(CoverageModel)),
            accounts_per_csm=draw(st.floats(min_value=1, max_value=5000)),
        )
        for k in range(len(bounds) - 1)
    )


def scorecards() -> st.SearchStrategy[Scorecard]:
    """Scorecards of one to six components with positive weights."""
    names = st.sampled_from(["trust", "proof", "adoption", "engagement", "support", "sentiment"])
    weights = st.floats(min_value=0.01, max_value=10)
    return st.builds(Scorecard, weights=st.dictionaries(names, weights, min_size=1, max_size=6))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies with tunables drawn across their valid ranges."""
    credits = sorted((draw(st.floats(0, 1)) for _ in range(3)), reverse=True)
    visibility = sorted((draw(st.floats(0, 1)) for _ in range(3)), reverse=True)
    card = draw(scorecards())
    per_segment = draw(
        st.dictionaries(
            st.sampled_from(CoverageModel),
            st.dictionaries(st.sampled_from(sorted(card.weights)), st.floats(0.01, 10), max_size=3),
            max_size=3,
        )
    )
    days = st.floats(min_value=1, max_value=720)
    bar = st.floats(min_value=0, max_value=100)
    return Policy(
        credit_kept=credits[0],
        credit_kept_late=credits[1],
        credit_missed=credits[2],
        half_life_days=draw(days),
        prior_kept=draw(st.floats(0.1, 10)),
        prior_missed=draw(st.floats(0.1, 10)),
        missed_window_days=draw(days),
        silent_executive_days=draw(days),
        weight_acknowledged=visibility[0],
        weight_documented=visibility[1],
        weight_unseen=visibility[2],
        trust_bar=draw(bar),
        proof_bar=draw(bar),
        renewal_window_days=draw(days),
        habit_weekly_active_share=draw(st.floats(0, 1)),
        min_coverage=draw(st.floats(0, 1)),
        stale_after_days=draw(days),
        early_warning_drop=draw(st.floats(min_value=1, max_value=100)),
        early_warning_days=draw(days),
        scorecard=card,
        segment_weights=per_segment,
        segments=draw(segments()),
    )


def books(
    *,
    min_accounts: int = 0,
    max_accounts: int = 20,
    elements: st.SearchStrategy[Account] | None = None,
) -> st.SearchStrategy[Book]:
    """Books built with :meth:`cs_framework.Book.from_accounts` from accounts with unique ids.

    ``book.to_accounts()`` gives the accounts back, equal and in order.

    Parameters
    ----------
    min_accounts, max_accounts : int
        How many accounts (0 to 20 by default).
    elements : SearchStrategy of Account, optional
        The accounts, :func:`accounts` by default; for example
        ``books(elements=accounts(phase=Phase.GROW))`` for a book of GROW accounts.
        Accounts with an id already in the book are drawn again, so a strategy of
        one fixed id cannot fill a book of more than one account.
    """
    _check_sizes("accounts", min_accounts, max_accounts)
    if elements is None:
        elements = accounts()
    elif not isinstance(elements, st.SearchStrategy):
        raise InvalidArgument(f"Expected a SearchStrategy but got elements={elements!r}")
    return st.lists(
        elements, min_size=min_accounts, max_size=max_accounts, unique_by=lambda a: a.id
    ).map(Book.from_accounts)


# ---------------------------------------------------------------------------------
# Invalid input: constructor arguments that must be refused, and the field to blame
# ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Invalid(Generic[_T]):
    """Constructor arguments that ``kind`` must refuse, naming ``field``.

    Invalid objects cannot be built, so the ``invalid_*`` strategies yield the
    keyword arguments instead: every argument is valid but one, and
    ``InvalidInputError.field`` must be ``field``::

        @given(invalid_accounts())
        def test_my_loader_refuses_what_the_library_refuses(bad):
            with pytest.raises(InvalidInputError) as info:
                bad.build()
            assert info.value.field == bad.field

    Parameters
    ----------
    kind : type
        The class to call (``Account``, ``Commitment``, ``Outcome``).
    kwargs : dict
        Its keyword arguments.
    field : str
        The field the error names, e.g. ``"arr"``, ``"health['support']"``,
        ``"commitments[2].account_id"``.
    """

    kind: type[_T]
    kwargs: dict[str, Any]
    field: str

    def build(self) -> _T:
        """Call ``kind(**kwargs)``: it must raise :class:`~cs_framework.InvalidInputError`."""
        return self.kind(**self.kwargs)


def _bad_text(*, optional: bool) -> st.SearchStrategy[Any]:
    """Not a non-empty string (None is valid where the field is optional)."""
    bad: st.SearchStrategy[Any] = st.sampled_from(["", " ", "\t\n"]) | st.integers()
    return bad if optional else bad | st.none()


def _bad_number(
    *, lo: float | None = None, hi: float | None = None, optional: bool = False
) -> st.SearchStrategy[Any]:
    """Not a finite real number within [lo, hi] (None is valid where optional)."""
    odd = [math.nan, math.inf, -math.inf, "1", True]
    bad: st.SearchStrategy[Any] = st.sampled_from(odd if optional else [*odd, None])
    if lo is not None:  # strictly below lo (and never -0.0 for lo = 0)
        bad |= st.floats(max_value=math.nextafter(lo, -math.inf), allow_infinity=False)
    if hi is not None:
        bad |= st.floats(min_value=math.nextafter(hi, math.inf), allow_infinity=False)
    return bad


def _bad_flag() -> st.SearchStrategy[Any]:
    return st.sampled_from([0, 1, "yes", None])


def _bad_date(*, optional: bool) -> st.SearchStrategy[Any]:
    bad = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)) | (
        st.sampled_from(["2026-06-30", 20260630])
    )
    return bad if optional else bad | st.none()


#: A breaker draws a bad value into the keyword arguments and returns the field named.
_Breaker = Callable[[st.DrawFn, dict[str, Any]], str]


def _set(name: str, bad: st.SearchStrategy[Any]) -> _Breaker:
    def breaker(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        kwargs[name] = draw(bad)
        return name

    return breaker


def _children(name: str, strategy: Callable[..., st.SearchStrategy[Any]]) -> list[_Breaker]:
    """Ways to spoil an account's commitments or outcomes: foreign, duplicate, not one."""

    def foreign(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        items = list(kwargs[name])
        other = f"{draw(ids())}-{kwargs['id']}"  # longer than the id: another account
        items.append(draw(strategy(account_id=other, id=f"x{len(items)}")))
        kwargs[name] = items
        return f"{name}[{len(items) - 1}].account_id"

    def duplicate(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        items = list(kwargs[name]) or [draw(strategy(account_id=kwargs["id"], id="x"))]
        items.append(draw(strategy(account_id=kwargs["id"], id=draw(st.sampled_from(items)).id)))
        kwargs[name] = items
        return f"{name}[{len(items) - 1}].id"

    def wrong_type(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        items = [*kwargs[name], draw(st.sampled_from(["c1", 7, None, {"id": "c1"}]))]
        kwargs[name] = items
        return f"{name}[{len(items) - 1}]"

    def not_a_list(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        kwargs[name] = draw(st.sampled_from(["c1", 7, {"c1": None}]))
        return name

    return [foreign, duplicate, wrong_type, not_a_list]


def _bad_health_value(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    name = draw(st.sampled_from(_MEASURED))
    kwargs["health"] = {**kwargs["health"], name: draw(_bad_number(lo=0, hi=100, optional=True))}
    return f"health[{name!r}]"


def _bad_health_name(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["health"] = {**kwargs["health"], draw(st.sampled_from(["", "  ", 3])): 50.0}
    return "health"


def _previous_without_date(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["previous_health"] = draw(st.floats(0, 100))
    kwargs["previous_health_on"] = None
    return "previous_health_on"


def _date_without_previous(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["previous_health"] = None
    kwargs["previous_health_on"] = draw(dates())
    return "previous_health"


def _bad_previous(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["previous_health"] = draw(_bad_number(lo=0, hi=100, optional=True))
    kwargs["previous_health_on"] = draw(dates())
    return "previous_health"


def _bad_override_item(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    items = [*kwargs["overrides"], draw(st.sampled_from(["support", 35, None]))]
    kwargs["overrides"] = items
    return f"overrides[{len(items) - 1}]"


_ACCOUNT_BREAKERS: list[_Breaker] = [
    _set("id", _bad_text(optional=False)),
    _set("name", _bad_text(optional=False)),
    _set("arr", _bad_number(lo=0)),
    *(_set(name, _bad_number(lo=_LO, hi=_HI, optional=True)) for name in _ASSESSMENTS),
    _bad_health_value,
    _bad_health_name,
    _set("health", st.sampled_from([[50.0], "support", 50])),
    *_children("commitments", commitments),
    *_children("outcomes", outcomes),
    *(
        _set(name, _bad_text(optional=True))
        for name in ("decision_maker", "day_to_day_owner", "accountable_owner")
    ),
    *(
        _set(name, _bad_date(optional=True))
        for name in ("last_executive_touch", "renewal_on", "started_on", "first_value_on")
    ),
    _set("setup_complete", _bad_flag()),
    _set("expansion_signal", _bad_flag()),
    _set("adoption", st.sampled_from([{"licensed_users": 3}, 3, "none"])),
    _set("overrides", st.sampled_from(["support", 35])),
    _bad_override_item,
    _bad_previous,
    _previous_without_date,
    _date_without_previous,
]


def _before_made(name: str) -> _Breaker:
    def breaker(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
        kwargs[name] = kwargs["made_on"] - timedelta(days=draw(st.integers(1, 400)))
        return name

    return breaker


_COMMITMENT_BREAKERS: list[_Breaker] = [
    *(_set(name, _bad_text(optional=False)) for name in ("id", "account_id", "description")),
    _set("owner", _bad_text(optional=True)),
    _set("made_on", _bad_date(optional=False)),
    _set("due", _bad_date(optional=False)),
    _set("kept_on", _bad_date(optional=True)),
    _before_made("due"),
    _before_made("kept_on"),
    _set("renegotiated", _bad_flag()),
]


def _target_at_baseline(draw: st.DrawFn, kwargs: dict[str, Any]) -> str:
    kwargs["target"] = kwargs["baseline"]
    return "target"


_OUTCOME_BREAKERS: list[_Breaker] = [
    *(_set(name, _bad_text(optional=False)) for name in ("id", "account_id", "description")),
    _set("metric", _bad_text(optional=False)),
    _set("baseline", _bad_number()),
    _set("target", _bad_number()),
    _target_at_baseline,
    _set("current", _bad_number(optional=True)),
    _set("due", _bad_date(optional=True)),
    _set("documented", _bad_flag()),
    _set("acknowledged", _bad_flag()),
]


def _invalid(
    kind: type[_T], valid: st.SearchStrategy[_T], breakers: Sequence[_Breaker]
) -> st.SearchStrategy[Invalid[_T]]:
    @st.composite
    def build(draw: st.DrawFn) -> Invalid[_T]:
        base = draw(valid)
        kwargs = {f.name: getattr(base, f.name) for f in attrs.fields(kind)}  # type: ignore[arg-type]
        field = draw(st.sampled_from(breakers))(draw, kwargs)
        return Invalid(kind=kind, kwargs=kwargs, field=field)

    return build()


def invalid_accounts() -> st.SearchStrategy[Invalid[Account]]:
    """Account arguments that must be refused, each with the field the error names.

    One argument of an otherwise valid account is spoiled: an empty id or name;
    ARR negative, NaN or infinite; a trust assessment off [1, 10]; a health
    component off [0, 100] or with an empty name; a commitment or outcome of another
    account, with a duplicate id, or not one at all; an empty owner role; a
    ``datetime`` or a string for a date; a truthy stand-in for a flag; a previous
    score without its date (or the reverse). See :class:`Invalid`.
    """
    return _invalid(Account, accounts(max_commitments=2, max_outcomes=2), _ACCOUNT_BREAKERS)


def invalid_commitments() -> st.SearchStrategy[Invalid[Commitment]]:
    """Commitment arguments that must be refused: empty text, a date that is not a
    ``date``, due or kept before it was made, a non-bool flag. See :class:`Invalid`."""
    return _invalid(Commitment, commitments(), _COMMITMENT_BREAKERS)


def invalid_outcomes() -> st.SearchStrategy[Invalid[Outcome]]:
    """Outcome arguments that must be refused: empty text, numbers that are not finite,
    a target equal to its baseline, a non-bool flag. See :class:`Invalid`."""
    return _invalid(Outcome, outcomes(), _OUTCOME_BREAKERS)
