"""Hypothesis strategies for cs_framework's domain objects.

Use them in your own test suite (``pip install cs_framework[hypothesis]``)::

    from hypothesis import given
    from cs_framework.strategies import accounts

    @given(accounts())
    def test_my_report_handles_any_account(account): ...

Every strategy yields valid objects only: each value passes the library's own
validation, and ids are unique within an account.
"""

from __future__ import annotations

import math
import string
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from ._account import TRUST_SCALE, Account, Adoption, ComponentScore
from ._commitment import Commitment
from ._enums import CoverageModel
from ._health import HealthScore, health_score
from ._outcome import Outcome
from ._override import Override
from ._policy import Policy
from ._scorecard import DEFAULT_SCORECARD, Scorecard
from ._segment import Segment

__all__ = [
    "accounts",
    "adoptions",
    "commitments",
    "component_scores",
    "dates",
    "datetimes",
    "health_scores",
    "ids",
    "outcomes",
    "overrides",
    "policies",
    "scorecards",
    "segments",
    "trust_assessments",
]

_FIRST_DAY = date(2020, 1, 1)
_LAST_DAY = date(2030, 12, 31)


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
    return st.floats(min_value=TRUST_SCALE[0], max_value=TRUST_SCALE[1], allow_nan=False)


def component_scores(*, allow_missing: bool = True) -> st.SearchStrategy[ComponentScore]:
    """A health component score in [0, 100], missing (None) when allowed."""
    value: st.SearchStrategy[float | None] = st.floats(min_value=0, max_value=100)
    if allow_missing:
        value = st.none() | value
    return st.builds(ComponentScore, value=value, measured_on=st.none() | dates())


_HEALTH_COMPONENTS = tuple(DEFAULT_SCORECARD.weights)


def overrides(*, components: tuple[str, ...] = _HEALTH_COMPONENTS) -> st.SearchStrategy[Override]:
    """A CSM override of one of ``components`` or (None) of the overall score."""
    return st.builds(
        Override,
        component=st.none() | st.sampled_from(components),
        value=st.floats(min_value=0, max_value=100),
        reason=st.sampled_from(["P1 outage this week", "Executive sponsor left", "Data lag"]),
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
def commitments(
    draw: st.DrawFn, *, account_id: str | None = None, id: str | None = None
) -> Commitment:
    """A commitment, kept or not, on time or late, perhaps renegotiated or unowned."""
    made_on = draw(dates(max_value=_LAST_DAY - timedelta(days=800)))
    due = made_on + timedelta(days=draw(st.integers(0, 365)))
    kept_after = draw(st.none() | st.integers(0, 400))
    return Commitment(
        id=draw(ids()) if id is None else id,
        account_id=draw(ids()) if account_id is None else account_id,
        description=draw(st.sampled_from(["Send the SSO guide", "Fix the export", "Run training"])),
        owner=draw(st.none() | st.sampled_from(["dana", "lee", "sam"])),
        made_on=made_on,
        due=due,
        kept_on=None if kept_after is None else made_on + timedelta(days=kept_after),
        renegotiated=draw(st.booleans()),
    )


@st.composite
def outcomes(draw: st.DrawFn, *, account_id: str | None = None, id: str | None = None) -> Outcome:
    """An outcome with a target above or below its baseline, measured or not."""
    finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
    baseline = draw(finite)
    target = draw(finite.filter(lambda t: t != baseline))
    return Outcome(
        id=draw(ids()) if id is None else id,
        account_id=draw(ids()) if account_id is None else account_id,
        description="Reduce time spent on triage",
        metric="minutes per ticket",
        baseline=baseline,
        target=target,
        current=draw(st.none() | finite),
        due=draw(st.none() | dates()),
        documented=draw(st.booleans()),
        acknowledged=draw(st.booleans()),
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


@st.composite
def accounts(
    draw: st.DrawFn,
    *,
    max_commitments: int = 6,
    max_outcomes: int = 3,
    allow_missing: bool = True,
) -> Account:
    """A valid account with its commitments and outcomes (unique ids, its own id).

    It may carry CSM overrides and a previous health score with its date.
    ``allow_missing=False`` gives every trust assessment and health component a value.
    """
    account_id = draw(ids())
    optional_assessment = (
        trust_assessments() if not allow_missing else st.none() | trust_assessments()
    )
    n_commitments = draw(st.integers(0, max_commitments))
    n_outcomes = draw(st.integers(0, max_outcomes))
    component_names = sorted(set(DEFAULT_SCORECARD.weights) - {"trust", "proof"})
    previous = draw(st.none() | st.tuples(st.floats(min_value=0, max_value=100), dates()))
    return Account(
        id=account_id,
        name=draw(st.sampled_from(["Acme", "Globex", "Initech", "Umbrella"])),
        arr=draw(st.floats(min_value=0, max_value=5e6)),
        credibility=draw(optional_assessment),
        intimacy=draw(optional_assessment),
        self_orientation=draw(optional_assessment),
        health={
            name: draw(component_scores(allow_missing=allow_missing)) for name in component_names
        },
        commitments=[
            draw(commitments(account_id=account_id, id=f"c{i}")) for i in range(n_commitments)
        ],
        outcomes=[draw(outcomes(account_id=account_id, id=f"o{i}")) for i in range(n_outcomes)],
        decision_maker=draw(st.none() | st.just("Pat (VP Ops)")),
        day_to_day_owner=draw(st.none() | st.just("Kim (Ops lead)")),
        accountable_owner=draw(st.none() | st.just("Alex (Director)")),
        last_executive_touch=draw(st.none() | dates()),
        renewal_on=draw(st.none() | dates()),
        started_on=draw(st.none() | dates()),
        setup_complete=draw(st.booleans()),
        first_value_on=draw(st.none() | dates()),
        adoption=draw(st.none() | adoptions()),
        expansion_signal=draw(st.booleans()),
        overrides=draw(st.lists(overrides(), max_size=2)),
        previous_health=None if previous is None else previous[0],
        previous_health_on=None if previous is None else previous[1],
    )


@st.composite
def segments(draw: st.DrawFn, *, max_tiers: int = 4) -> tuple[Segment, ...]:
    """Tiers that cover [0, inf) with no gap or overlap, in ascending order."""
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
