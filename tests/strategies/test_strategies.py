"""The property-testing kit (issue 6): ``cs_framework.strategies`` keeps its promises.

Each guarantee a strategy documents is checked against the library itself: an account
drawn in a phase or band has that phase or band in ``assess()`` at the documented date,
a book round-trips through ``to_accounts``, and every invalid input is refused naming
the field it is tagged with.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from cs_framework import (
    Account,
    Band,
    Book,
    Commitment,
    CommitmentStatus,
    ComponentScore,
    CoverageModel,
    InvalidInputError,
    Outcome,
    Phase,
    Segment,
    TrustScore,
    assess,
    health_band,
    score_book,
    segment_for,
)
from cs_framework import strategies as cst
from cs_framework._hypothesis_plugin import _hypothesis_setup_hook
from cs_framework.examples import EXAMPLE_DAY
from cs_framework.strategies._accounts import _band_plan, _mean_range, _plan_range, _present_sets
from cs_framework.strategies._invalid import (
    _ACCOUNT_BREAKERS,
    _COMMITMENT_BREAKERS,
    _OUTCOME_BREAKERS,
    _invalid,
)

MEASURED = ("adoption", "engagement", "support", "sentiment")
STALE_AFTER = 90


@st.composite
def account_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments of ``accounts()`` that can all hold together."""
    allow_missing = draw(st.booleans())
    phase = draw(st.none() | st.sampled_from(Phase))
    bands = [b for b in Band if allow_missing or b is not Band.UNKNOWN]
    min_outcomes = draw(st.integers(0, 2))
    max_outcomes = draw(st.integers(max(min_outcomes, phase is Phase.GROW), 3))
    min_commitments = draw(st.integers(0, 3))
    return {
        "phase": phase,
        "band": draw(st.none() | st.sampled_from(bands)),
        "segment": draw(st.none() | st.sampled_from(CoverageModel)),
        "as_of": draw(st.none() | cst.dates()),
        "min_commitments": min_commitments,
        "max_commitments": draw(st.integers(min_commitments, 5)),
        "min_outcomes": min_outcomes,
        "max_outcomes": max_outcomes,
        "allow_missing": allow_missing,
    }


def check_account(a: Account, request: dict[str, Any]) -> None:
    """Everything ``accounts(**request)`` promises about ``a``."""
    as_of = request.get("as_of") or EXAMPLE_DAY
    result = assess(a, as_of=as_of)
    if request.get("phase") is not None:
        assert result.phase is request["phase"], (result.trust, result.proof)
    if request.get("band") is not None:
        assert result.health.band is request["band"], result.health
    if request.get("segment") is not None:
        assert result.segment.coverage is request["segment"]
    assert request.get("min_commitments", 0) <= len(a.commitments)
    assert len(a.commitments) <= request.get("max_commitments", 6)
    assert request.get("min_outcomes", 0) <= len(a.outcomes) <= request.get("max_outcomes", 3)
    assert [c.id for c in a.commitments] == [f"c{k}" for k in range(len(a.commitments))]
    assert [o.id for o in a.outcomes] == [f"o{k}" for k in range(len(a.outcomes))]
    assert sorted(a.health) == sorted(MEASURED)
    if not request.get("allow_missing", True):
        assert None not in (a.credibility, a.intimacy, a.self_orientation)
        assert result.trust is not None
        for score in a.health.values():
            assert score.value is not None
            assert score.measured_on is None or 0 <= (as_of - score.measured_on).days <= 90


@given(account_requests(), st.data())
def test_accounts_meet_every_request_at_their_date(
    request: dict[str, Any], data: st.DataObject
) -> None:
    """accounts(phase=, band=, segment=, as_of=, ...) holds in assess() with Policy()."""
    if request["as_of"] is None:
        del request["as_of"]  # the documented default: EXAMPLE_DAY
    check_account(data.draw(cst.accounts(**request)), request)


# The corners of the construction, each drawn on its own: a band that trust and proof
# alone could not reach, unknown trust, no outcomes to lift the proof score.
CORNERS: list[dict[str, Any]] = [
    {"phase": Phase.TRUST},
    {"phase": Phase.PROVE},
    {"phase": Phase.GROW},
    {"band": Band.RED},
    {"band": Band.YELLOW},
    {"band": Band.GREEN},
    {"band": Band.UNKNOWN},
    {"band": Band.GREEN, "max_outcomes": 0},
    {"band": Band.GREEN, "phase": Phase.TRUST},
    {"band": Band.GREEN, "phase": Phase.TRUST, "max_outcomes": 0, "allow_missing": False},
    {"band": Band.RED, "phase": Phase.GROW, "allow_missing": False},
    {"band": Band.UNKNOWN, "phase": Phase.GROW},
    {"band": Band.UNKNOWN, "phase": Phase.TRUST},
    {"phase": Phase.PROVE, "min_outcomes": 3},
    {"phase": Phase.GROW, "min_commitments": 4, "max_commitments": 6},
    {"allow_missing": False},
    {"segment": CoverageModel.DIGITAL},
    {"segment": CoverageModel.HIGH_TOUCH, "id": "acme"},
]


@pytest.mark.parametrize("request_", CORNERS, ids=repr)
@settings(max_examples=25)
@given(data=st.data())
def test_accounts_in_each_corner(request_: dict[str, Any], data: st.DataObject) -> None:
    a = data.draw(cst.accounts(**request_))
    check_account(a, request_)
    if "id" in request_:
        assert a.id == request_["id"]


@given(cst.segments(), st.data())
def test_accounts_in_a_given_tier(tiers: tuple[Segment, ...], data: st.DataObject) -> None:
    """accounts(segment=<a Segment>) draws ARR inside that tier."""
    tier = data.draw(st.sampled_from(tiers))
    a = data.draw(cst.accounts(segment=tier, max_commitments=0, max_outcomes=0))
    assert segment_for(a.arr, tiers) == tier


def test_the_default_date_is_the_example_day() -> None:
    assert cst.EXAMPLE_DAY == EXAMPLE_DAY == date(2026, 6, 30)


@pytest.mark.parametrize("status", list(CommitmentStatus))
@given(as_of=cst.dates(), data=st.data())
def test_commitments_have_the_status_asked_for(
    status: CommitmentStatus, as_of: date, data: st.DataObject
) -> None:
    c = data.draw(cst.commitments(status=status, as_of=as_of, account_id="acme"))
    assert c.status(as_of) is status
    assert c.account_id == "acme"


@given(cst.commitments(id="c9"), cst.outcomes(id="o9"))
def test_commitments_and_outcomes_take_fixed_ids(c: Commitment, o: Outcome) -> None:
    assert (c.id, o.id) == ("c9", "o9")
    assert 0.0 <= o.progress <= 1.0


@given(cst.books(max_accounts=8))
def test_books_round_trip_through_to_accounts(book: Book) -> None:
    """books() are Book.from_accounts of unique-id accounts, given back by to_accounts."""
    accounts = book.to_accounts()
    assert len(accounts) == len(book) <= 8
    assert len({a.id for a in accounts}) == len(accounts)
    again = Book.from_accounts(accounts)
    assert again.to_accounts() == accounts
    assert list(again.accounts.id) == list(book.accounts.id)


@settings(max_examples=25)
@given(cst.books(min_accounts=2, max_accounts=5, elements=cst.accounts(phase=Phase.GROW)))
def test_books_of_accounts_in_one_phase(book: Book) -> None:
    scored = score_book(book, as_of=EXAMPLE_DAY)
    assert 2 <= len(scored) <= 5
    assert all(p == Phase.GROW for p in scored["phase"])


@given(cst.component_scores(allow_missing=False), cst.component_scores())
def test_component_scores_are_on_the_scale(present: ComponentScore, any_: ComponentScore) -> None:
    assert present.value is not None
    for score in (present, any_):
        assert score.value is None or 0.0 <= score.value <= 100.0


@given(cst.trust_scores())
def test_trust_scores_are_consistent(t: TrustScore) -> None:
    assert 0.0 <= t.index <= 100.0
    assert t.band is health_band(t.index)
    assert t.value == (t.credibility + t.reliability + t.intimacy) / t.self_orientation


def refused(bad: cst.Invalid[Any]) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        bad.build()
    assert info.value.field == bad.field, (bad.kwargs, str(info.value))
    return info.value


@given(cst.invalid_accounts())
def test_invalid_accounts_are_refused_naming_the_field(bad: cst.Invalid[Account]) -> None:
    err = refused(bad)
    if bad.field != "id":  # with its id spoiled, an account cannot be named
        assert err.account_id == bad.kwargs["id"]


@given(cst.invalid_commitments())
def test_invalid_commitments_are_refused_naming_the_field(bad: cst.Invalid[Commitment]) -> None:
    refused(bad)


@given(cst.invalid_outcomes())
def test_invalid_outcomes_are_refused_naming_the_field(bad: cst.Invalid[Outcome]) -> None:
    refused(bad)


BREAKERS = [
    *((Account, cst.accounts(max_commitments=2, max_outcomes=2), b) for b in _ACCOUNT_BREAKERS),
    *((Commitment, cst.commitments(), b) for b in _COMMITMENT_BREAKERS),
    *((Outcome, cst.outcomes(), b) for b in _OUTCOME_BREAKERS),
]


@pytest.mark.parametrize(
    ("kind", "valid", "breaker"),
    BREAKERS,
    ids=[f"{k.__name__}-{i}" for i, (k, _, _) in enumerate(BREAKERS)],
)
@settings(max_examples=10)
@given(data=st.data())
def test_each_way_of_spoiling_an_input_is_refused(
    kind: type[Any], valid: st.SearchStrategy[Any], breaker: Any, data: st.DataObject
) -> None:
    """Every kind of invalid input in the tables, on its own: refused, naming the field."""
    refused(data.draw(_invalid(kind, valid, [breaker])))


def test_the_band_plan_falls_back_to_every_component() -> None:
    """Helpers of the band construction: too little coverage, or a band out of reach."""
    assert _plan_range(Band.GREEN, 12.0, 0.4, frozenset()) is None  # coverage 0.4 < 0.5
    assert _mean_range(Band.GREEN, 2.0, 0.4, 0.25) is None  # 0.25 * 100 + 2 < 70 * 0.65
    assert _mean_range(Band.RED, 40.0, 0.4, 0.6) is None  # 40 points already
    present, (lo, hi) = _band_plan(Band.RED, 50.0, 50.0, frozenset(MEASURED))
    assert present == frozenset(MEASURED)
    assert 0.0 <= lo <= hi < (40 - 20) / 0.6
    # Unknown health: with trust known no measured component may be present.
    assert _present_sets(0.4) == [frozenset()]
    assert frozenset({"adoption"}) in _present_sets(0.2)


BAD_ARGUMENTS: list[Callable[[], object]] = [
    lambda: cst.accounts(phase="GROW"),  # type: ignore[arg-type]
    lambda: cst.accounts(band=2),  # type: ignore[arg-type]
    lambda: cst.accounts(segment="HIGH_TOUCH"),  # type: ignore[arg-type]
    lambda: cst.accounts(as_of="2026-06-30"),  # type: ignore[arg-type]
    lambda: cst.accounts(as_of=date(1, 1, 1)),
    lambda: cst.accounts(max_commitments=-1),
    lambda: cst.accounts(min_outcomes=3, max_outcomes=2),
    lambda: cst.accounts(max_outcomes=1.5),  # type: ignore[arg-type]
    lambda: cst.accounts(max_outcomes=True),
    lambda: cst.accounts(allow_missing=1),  # type: ignore[arg-type]
    lambda: cst.accounts(id=7),  # type: ignore[arg-type]
    lambda: cst.accounts(band=Band.UNKNOWN, allow_missing=False),
    lambda: cst.accounts(phase=Phase.GROW, max_outcomes=0),
    lambda: cst.commitments(status="KEPT"),  # type: ignore[arg-type]
    lambda: cst.commitments(as_of=date(9999, 12, 31)),
    lambda: cst.outcomes(account_id=3),  # type: ignore[arg-type]
    lambda: cst.books(max_accounts=-1),
    lambda: cst.books(min_accounts=5, max_accounts=2),
    lambda: cst.books(elements=[1, 2]),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("make", BAD_ARGUMENTS)
def test_bad_arguments_are_refused_when_the_strategy_is_made(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument, match=r"Expected|Cannot|must|needs"):
        make()


def test_strategies_all_is_the_public_surface() -> None:
    """``__all__`` is exactly the public names of the thin public module (its private
    modules, one job each, are not re-exported as modules)."""
    public = {
        name
        for name, value in vars(cst).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(cst.__all__) == public
    assert len(set(cst.__all__)) == len(cst.__all__)


# --- st.from_type, through Hypothesis's entry point ---------------------------------

DOMAIN_TYPES = [
    "Account",
    "Adoption",
    "Book",
    "Commitment",
    "ComponentScore",
    "HealthScore",
    "Outcome",
    "Override",
    "Policy",
    "Scorecard",
    "Segment",
    "TrustScore",
]


def test_from_type_works_without_importing_the_strategies() -> None:
    """Installed, cs_framework registers its types with Hypothesis (entry point), and
    the strategies module is imported only when a type is first resolved."""
    code = textwrap.dedent(
        f"""
        import sys
        from hypothesis import given, settings, strategies as st
        import cs_framework as csf
        assert "cs_framework.strategies" not in sys.modules
        for name in {DOMAIN_TYPES!r}:
            kind = getattr(csf, name)
            seen = []
            @settings(max_examples=3, database=None, deadline=None)
            @given(st.from_type(kind))
            def draw(value):
                seen.append(value)
            draw()
            assert seen and all(type(v) is kind for v in seen), name
        assert "cs_framework.strategies" in sys.modules
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("name", DOMAIN_TYPES)
@settings(max_examples=5)
@given(data=st.data())
def test_from_type_gives_valid_objects(name: str, data: st.DataObject) -> None:
    import cs_framework as csf

    _hypothesis_setup_hook()  # idempotent: what the entry point ran at import
    kind = getattr(csf, name)
    value = data.draw(st.from_type(kind))
    assert type(value) is kind
    if kind is Segment:  # one tier of a cover of [0, inf)
        assert 0 <= value.min_arr < value.max_arr
