"""What the strategies share: the days they draw around, the default policy they
build for, and the constants derived from it (not worked out by hand)."""

from __future__ import annotations

from datetime import date
from typing import Final

from .._defaults import (
    GREEN_FROM,
    PROOF_COMPONENT,
    SCORECARD_WEIGHTS,
    STALE_AFTER_DAYS,
    TRUST_COMPONENT,
    TRUST_SCALE,
    YELLOW_FROM,
)
from .._enums import Band
from .._model.policy import Policy

FIRST_DAY: Final = date(2020, 1, 1)
LAST_DAY: Final = date(2030, 12, 31)
#: ``as_of`` must leave room for the day offsets the strategies draw around it.
EARLIEST_AS_OF: Final = date(1900, 1, 1)
LATEST_AS_OF: Final = date(9000, 12, 31)

#: The default policy: phase and band guarantees hold under it.
POLICY: Final = Policy()
WEIGHTS: Final = dict(SCORECARD_WEIGHTS)
HEALTH_COMPONENTS: Final = tuple(WEIGHTS)
#: The components read from ``Account.health`` (trust and proof are derived).
MEASURED: Final = tuple(n for n in HEALTH_COMPONENTS if n not in (TRUST_COMPONENT, PROOF_COMPONENT))
ASSESSMENTS: Final = ("credibility", "intimacy", "self_orientation")
LO, HI = TRUST_SCALE
#: The raw trust equation runs from 3*lo/hi to 3*hi/lo.
RAW_MIN, RAW_MAX = 3 * LO / HI, 3 * HI / LO
#: Index and proof points kept clear of a bar, so rounding never crosses it.
BAR_MARGIN: Final = 0.01
#: Health points kept clear of a band edge by the measured components.
EDGE_MARGIN: Final = 1e-6

# The band an account can reach depends on what its derived components (trust and
# proof, equal weights w) bring: with the measured components (weight M of the total
# T) at most 100, GREEN is in reach only if w * (trust + proof) >= green * T - 100 M;
# with them at least 0, RED only if w * (trust + proof) < yellow * T. Some slack keeps
# the measured components clear of the edges.
_W = WEIGHTS[TRUST_COMPONENT]
assert WEIGHTS[PROOF_COMPONENT] == _W, "the constructions assume trust and proof weigh alike"
_M = sum(WEIGHTS[n] for n in MEASURED)
_T = 2 * _W + _M
#: A GREEN account gets trust + proof at least this (55.99... by default);
GREEN_FLOOR: Final = (GREEN_FROM * _T - 100 * _M) / _W + 6.0
#: a RED one trust at most this, as proof may reach 100 (95 by default).
RED_TRUST_CEILING: Final = YELLOW_FROM * _T / _W - 100 - 5.0
#: The score range of each known band.
BANDS: Final = {
    Band.RED: (0.0, YELLOW_FROM),
    Band.YELLOW: (YELLOW_FROM, GREEN_FROM),
    Band.GREEN: (GREEN_FROM, 100.0),
}
STALE_AFTER: Final = int(STALE_AFTER_DAYS)
DESCRIPTIONS: Final = ("Send the SSO guide", "Fix the export", "Run training")
OUTCOME_TEXTS: Final = (
    ("Reduce time spent on triage", "minutes per ticket"),
    ("Complete the onboarding workflow end-to-end", "workflows completed"),
    ("Train the support team", "people trained"),
)
