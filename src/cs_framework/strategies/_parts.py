"""Strategies for the simple parts: ids, dates, trust assessments, component scores,
overrides, health scores, adoption counts; and the drawn parts the others share."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

from .._enums import CommitmentStatus
from .._functions.health import health_score
from .._model.account import Adoption, ComponentScore
from .._model.records import Override
from .._model.results import HealthScore, TrustScore
from . import _common as common

# ---------------------------------------------------------------------------------
# Simple parts
# ---------------------------------------------------------------------------------


def ids() -> st.SearchStrategy[str]:
    """Short non-empty identifiers of letters, digits, ``-`` and ``_``."""
    return st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=8)


def dates(
    *, min_value: date = common.FIRST_DAY, max_value: date = common.LAST_DAY
) -> st.SearchStrategy[date]:
    """Calendar dates, 2020 to 2030 unless told otherwise."""
    return st.dates(min_value=min_value, max_value=max_value)


#: Time zones for :func:`datetimes`: UTC and two fixed offsets (portable: no tz data).
ZONES = (UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)))


def datetimes() -> st.SearchStrategy[datetime]:
    """Time-zone-aware moments from 2020 to 2030 (a naive time names no instant)."""
    return st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=st.sampled_from(ZONES),
    )


def trust_assessments() -> st.SearchStrategy[float]:
    """A credibility, intimacy or self-orientation score on the [1, 10] scale."""
    return st.floats(min_value=common.LO, max_value=common.HI)


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


REASONS = st.sampled_from(["P1 outage this week", "Executive sponsor left", "Data lag"])


def overrides(
    *, components: tuple[str, ...] = common.HEALTH_COMPONENTS
) -> st.SearchStrategy[Override]:
    """A CSM override of one of ``components`` or (None) of the overall score."""
    return st.builds(
        Override,
        component=st.none() | st.sampled_from(components),
        value=st.floats(min_value=0, max_value=100),
        reason=REASONS,
        expires_on=dates(),
    )


@st.composite
def health_scores(draw: st.DrawFn) -> HealthScore:
    """Health scores from drawn components, weights, staleness and overrides.

    Made by :func:`cs_framework.health_score`, so every one is consistent: band,
    coverage, contributions, escalation time, missing components and overrides.
    """
    names = draw(
        st.lists(st.sampled_from(common.HEALTH_COMPONENTS), min_size=1, max_size=6, unique=True)
    )
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
IDS = ids()
BOOLS = st.booleans()
SCORES = st.floats(min_value=0, max_value=100)
OPTIONAL_DATES = st.none() | dates()
ASSESSMENT = trust_assessments()
OWNERS = st.none() | st.sampled_from(["dana", "lee", "sam"])
DESCRIBED = st.sampled_from(common.DESCRIPTIONS)
DESCRIBED_OUTCOMES = st.sampled_from(common.OUTCOME_TEXTS)
FINITE = st.floats(min_value=-1e6, max_value=1e6)
PROGRESS = st.floats(min_value=-0.5, max_value=1.5)
STATUSES = st.none() | st.sampled_from(CommitmentStatus)
NAMES = st.sampled_from(["Acme", "Globex", "Initech", "Umbrella"])
MISSING_ASSESSMENTS = st.sets(st.sampled_from(common.ASSESSMENTS))
DROPPED = st.sets(st.sampled_from(common.MEASURED))
OPTIONAL_ADOPTIONS = st.none() | adoptions()
ANY_COMPONENT = component_scores()
ANY_OVERRIDES = st.lists(overrides(), max_size=2)
SIGN = st.sampled_from([1.0, -1.0])
EXPIRED_COMPONENT = st.none() | st.sampled_from(common.HEALTH_COMPONENTS)
FREE_MADE_ON = dates(max_value=common.LAST_DAY - timedelta(days=800))
FREE_KEPT_AFTER = st.none() | st.integers(0, 400)
CURRENT_KINDS = st.sampled_from(["unmeasured", "on the way", "anywhere"])
ROLES = {
    "decision_maker": st.none() | st.just("Pat (VP Ops)"),
    "day_to_day_owner": st.none() | st.just("Kim (Ops lead)"),
    "accountable_owner": st.none() | st.just("Alex (Director)"),
}


def day_before(draw: st.DrawFn, day: date, lo: int, hi: int) -> date:
    """A day from ``lo`` to ``hi`` days before ``day`` (shrinking towards ``lo``)."""
    return day - timedelta(days=draw(st.integers(lo, hi)))


def maybe_day_before(draw: st.DrawFn, day: date, lo: int, hi: int) -> date | None:
    """None, or a day from ``lo`` to ``hi`` days before ``day``."""
    return day_before(draw, day, lo, hi) if draw(BOOLS) else None
