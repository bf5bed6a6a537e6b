"""Strategies for an account's records: commitments (by status) and outcomes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from .._enums import CommitmentStatus
from .._model.records import Commitment, Outcome
from ..examples import EXAMPLE_DAY
from . import _common as common
from ._checks import check_as_of, check_optional
from ._parts import (
    BOOLS,
    CURRENT_KINDS,
    DESCRIBED,
    DESCRIBED_OUTCOMES,
    FINITE,
    FREE_KEPT_AFTER,
    FREE_MADE_ON,
    IDS,
    OPTIONAL_DATES,
    OWNERS,
    PROGRESS,
    SIGN,
    day_before,
    maybe_day_before,
)

# ---------------------------------------------------------------------------------
# Commitments and outcomes
# ---------------------------------------------------------------------------------


def draw_commitment(
    draw: st.DrawFn,
    account_id: str | None,
    id: str | None,
    status: CommitmentStatus | None,
    as_of: date,
) -> Commitment:
    renegotiated = status is CommitmentStatus.RENEGOTIATED
    if status is None or renegotiated:
        # Free dates: any status on any day (RENEGOTIATED wins whatever the dates).
        made_on = draw(FREE_MADE_ON)
        due = made_on + timedelta(days=draw(st.integers(0, 365)))
        kept_after = draw(FREE_KEPT_AFTER)
        kept_on = None if kept_after is None else made_on + timedelta(days=kept_after)
        renegotiated = renegotiated or draw(BOOLS)
    elif status is CommitmentStatus.KEPT:  # made_on <= kept_on <= min(due, as_of)
        kept_on = day_before(draw, as_of, 0, 400)
        made_on = day_before(draw, kept_on, 0, 60)
        due = day_before(draw, kept_on, -60, 0)
    elif status is CommitmentStatus.KEPT_LATE:  # made_on <= due < kept_on <= as_of
        kept_on = day_before(draw, as_of, 0, 400)
        due = day_before(draw, kept_on, 1, 60)
        made_on = day_before(draw, due, 0, 60)
    elif status is CommitmentStatus.MISSED:  # due < as_of; kept after as_of, or never
        due = day_before(draw, as_of, 1, 400)
        made_on = day_before(draw, due, 0, 60)
        kept_on = maybe_day_before(draw, as_of, -60, -1)
    else:  # OPEN: due on or after as_of; kept after as_of, or never
        made_on = day_before(draw, as_of, 0, 120)
        due = day_before(draw, as_of, -120, 0)
        kept_on = maybe_day_before(draw, as_of, -60, -1)
    return Commitment(
        id=draw(IDS) if id is None else id,
        account_id=draw(IDS) if account_id is None else account_id,
        description=draw(DESCRIBED),
        owner=draw(OWNERS),
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
    check_optional("account_id", account_id, str)
    check_optional("id", id, str)
    check_optional("status", status, CommitmentStatus)
    check_as_of(as_of)

    @st.composite
    def one(draw: st.DrawFn) -> Commitment:
        return draw_commitment(draw, account_id, id, status, as_of)

    return one()


#: The visibility weight of each (documented, acknowledged) pair (docs/rules.md#proof).
_VISIBILITY = {
    (True, True): common.POLICY.weight_acknowledged,
    (False, True): common.POLICY.weight_acknowledged,
    (True, False): common.POLICY.weight_documented,
    (False, False): common.POLICY.weight_unseen,
}


def draw_outcome(
    draw: st.DrawFn,
    account_id: str | None,
    id: str | None,
    credit: tuple[float, float] | None = None,
) -> Outcome:
    """An outcome; with ``credit``, one whose progress * visibility lies in that range."""
    description, metric = draw(DESCRIBED_OUTCOMES)
    if credit is None:
        baseline = draw(FINITE)
        target = draw(FINITE)
        target = target if target != baseline else baseline + 1.0
        documented, acknowledged = draw(BOOLS), draw(BOOLS)
        # Unmeasured (the simplest), near the way from baseline to target, or anywhere.
        kind = draw(CURRENT_KINDS)
        current = (
            None
            if kind == "unmeasured"
            else baseline + draw(PROGRESS) * (target - baseline)
            if kind == "on the way"
            else draw(FINITE)
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
        step = draw(st.floats(min_value=1, max_value=1e4)) * draw(SIGN)
        target = baseline + step
        beyond = draw(st.floats(min_value=0, max_value=1)) if progress >= 1 else 0.0
        current = None if progress == 0 else baseline + (progress + beyond) * step
    return Outcome(
        id=draw(IDS) if id is None else id,
        account_id=draw(IDS) if account_id is None else account_id,
        description=description,
        metric=metric,
        baseline=baseline,
        target=target,
        current=current,
        measured_on=None if current is None else draw(OPTIONAL_DATES),
        due=draw(OPTIONAL_DATES),
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
    check_optional("account_id", account_id, str)
    check_optional("id", id, str)

    @st.composite
    def one(draw: st.DrawFn) -> Outcome:
        return draw_outcome(draw, account_id, id)

    return one()
