"""Strategies for tiers, scorecards, policies and whole books."""

from __future__ import annotations

import math

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .._book.book import Book
from .._enums import CoverageModel
from .._model.account import Account
from .._model.policy import Policy
from .._model.scorecard import Scorecard
from .._model.segment import Segment
from . import _common as common
from ._accounts import accounts
from ._checks import check_sizes

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
    """Scorecards of one to six components, weights above 0 or (a few) exactly 0."""
    names = st.sampled_from(common.HEALTH_COMPONENTS)
    weights = st.floats(min_value=0.01, max_value=10) | st.just(0.0)
    return st.builds(
        Scorecard,
        weights=st.dictionaries(names, weights, min_size=1, max_size=6).filter(
            lambda w: any(v > 0 for v in w.values())
        ),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies with tunables drawn across their valid ranges."""
    credits = sorted((draw(st.floats(0, 1)) for _ in range(3)), reverse=True)
    visibility = sorted((draw(st.floats(0, 1)) for _ in range(3)), reverse=True)
    card = draw(scorecards())
    per_segment = draw(
        st.dictionaries(
            st.sampled_from(CoverageModel),
            st.dictionaries(
                st.sampled_from(sorted(card.weights)),
                st.floats(0.01, 10) | st.just(0.0),
                max_size=3,
            ),
            max_size=3,
        )
    )
    # A segment's scorecard keeps at least one weight above 0 (else the policy is refused).
    per_segment = {
        model: weights
        for model, weights in per_segment.items()
        if any(w > 0 for w in {**card.weights, **weights}.values())
    }
    days = st.floats(min_value=1, max_value=720)
    bar = st.floats(min_value=0, max_value=100)
    yellow = draw(st.floats(min_value=0, max_value=90))
    green = draw(st.floats(min_value=yellow + 1, max_value=100))
    moved = draw(
        st.dictionaries(
            st.sampled_from(CoverageModel),
            st.fixed_dictionaries({"green": st.floats(min_value=yellow + 1, max_value=100)}),
            max_size=2,
        )
    )
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
        green=green,
        yellow=yellow,
        segment_bands=moved,
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
    check_sizes("accounts", min_accounts, max_accounts)
    if elements is None:
        elements = accounts()
    elif not isinstance(elements, st.SearchStrategy):
        raise InvalidArgument(f"Expected a SearchStrategy but got elements={elements!r}")
    return st.lists(
        elements, min_size=min_accounts, max_size=max_accounts, unique_by=lambda a: a.id
    ).map(Book.from_accounts)
