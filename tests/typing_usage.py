"""Typed usage of the public API, checked by ``mypy --strict`` (not run by pytest)."""

from __future__ import annotations

from datetime import date

import cs_framework as csf

account = csf.Account(
    id="acme",
    name="Acme",
    arr=120_000.0,
    credibility=8.0,
    health={"support": 80.0, "nps": None},
    commitments=[
        csf.Commitment(
            id="c1",
            account_id="acme",
            description="Send the guide",
            owner="dana",
            made_on=date(2026, 1, 5),
            due=date(2026, 1, 9),
        )
    ],
)
arr: float = account.arr
first: csf.Commitment = account.commitments[0]
support: csf.ComponentScore = account.health["support"]
text: str = csf.to_json(account)
again: csf.Account = csf.from_json(text, csf.Account)
policy: csf.Policy = csf.Policy.from_toml("trust_bar = 65")
card: csf.Scorecard = policy.scorecard_for(csf.CoverageModel.DIGITAL)

# Scalars in, Python scalars (or members) out; arrays in, arrays out.
from typing import assert_type  # noqa: E402

import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

assert_type(csf.trust_index(8, 8, 8, 3), float)
assert_type(csf.trust_index(np.array([8.0, 5.0]), 8, 8, 3), NDArray[np.float64])
assert_type(csf.health_band(55.0), csf.Band)
assert_type(csf.phase(np.array([75.0]), np.array([40.0])), NDArray[np.int8])
raw: float = csf.trust_equation(8, 8, 8, 3)
one_phase: csf.Phase = csf.phase(75.0, 40.0)
phases: NDArray[np.int8] = csf.phase(np.array([75.0]), np.array([40.0]))
band: csf.Band = csf.health_band(55.0)
bands: NDArray[np.int8] = csf.health_band(np.array([55.0, 20.0]))
tier: csf.Segment = csf.segment_for(50_000.0)
tiers: NDArray[np.intp] = csf.segment_for(np.array([50_000.0]))
usage: float = csf.weekly_active_usage(42, 60)
result: csf.Assessment = csf.assess(account, as_of=date(2026, 6, 30))
step: csf.NextAction = result.next_action
scored: csf.ScoredBook = csf.score_book(csf.Book.from_accounts([account]), as_of=date(2026, 6, 30))
summary: csf.BookSummary = scored.summary()
