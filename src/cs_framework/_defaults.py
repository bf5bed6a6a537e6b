"""Every default of the library, written once.

``Policy()`` takes its tunables from here, the public functions take their keyword
defaults from here, and the Hypothesis strategies derive their constructions from
here, so a default changed in this file changes everywhere at once. What each
default means, and which source it comes from, is stated in ``docs/rules.md``.
"""

from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType
from typing import Final

from ._enums import CoverageModel

__all__ = [
    "COVERAGE_TOLERANCE",
    "CREDIT_KEPT",
    "CREDIT_KEPT_LATE",
    "CREDIT_MISSED",
    "DROP_TOLERANCE",
    "EARLY_WARNING_DAYS",
    "EARLY_WARNING_DROP",
    "ESCALATION_WINDOW",
    "GREEN_FROM",
    "HABIT_WEEKLY_ACTIVE_SHARE",
    "HALF_LIFE_DAYS",
    "HEADCOUNT_TOLERANCE",
    "MAX_ADVISED_COMPONENTS",
    "MIN_COVERAGE",
    "MISSED_WINDOW_DAYS",
    "OVERRIDE_KEY",
    "PRIOR_KEPT",
    "PRIOR_MISSED",
    "PROOF_BAR",
    "PROOF_COMPONENT",
    "RENEWAL_WINDOW_DAYS",
    "SCORECARD_WEIGHTS",
    "SCORE_DECIMALS",
    "SEGMENT_TIERS",
    "SILENT_EXECUTIVE_DAYS",
    "STALE_AFTER_DAYS",
    "TRUST_BAR",
    "TRUST_COMPONENT",
    "TRUST_SCALE",
    "WEIGHT_ACKNOWLEDGED",
    "WEIGHT_DOCUMENTED",
    "WEIGHT_UNSEEN",
    "YELLOW_FROM",
]

# -- Trust (docs/rules.md, "Trust") ------------------------------------------------
#: The scale of credibility, reliability, intimacy and self-orientation.
TRUST_SCALE: Final[tuple[float, float]] = (1.0, 10.0)
#: Credit a commitment earns by its status; OPEN and RENEGOTIATED earn none.
CREDIT_KEPT: Final = 1.0
CREDIT_KEPT_LATE: Final = 0.5
CREDIT_MISSED: Final = 0.0
#: Recency: a commitment's evidence halves every this many days after its due date.
HALF_LIFE_DAYS: Final = 90.0
#: The Beta prior that smooths the commitment record: Beta(1, 1).
PRIOR_KEPT: Final = 1.0
PRIOR_MISSED: Final = 1.0
#: How long a missed commitment stays a named trust gap.
MISSED_WINDOW_DAYS: Final = 180.0
#: Days without an executive touch after which the executive is silent.
SILENT_EXECUTIVE_DAYS: Final = 90.0

# -- Proof ----------------------------------------------------------------------------
#: Visibility weights: value the customer has not seen is not proof.
WEIGHT_ACKNOWLEDGED: Final = 1.0
WEIGHT_DOCUMENTED: Final = 0.5
WEIGHT_UNSEEN: Final = 0.25

# -- Sequencing -------------------------------------------------------------------------
#: The trust bar and the proof bar of Trust -> Prove -> Grow (0-100 points).
TRUST_BAR: Final = 70.0
PROOF_BAR: Final = 70.0
#: An account this close to its renewal and not in GROW is at risk: "a CSM who discovers
#: churn risk at renewal is 6 months late" (the CS program guide).
RENEWAL_WINDOW_DAYS: Final = 180.0

# -- Lifecycle stages -------------------------------------------------------------------
#: The weekly active share from which usage counts as a habit (exit of ADOPTION).
HABIT_WEEKLY_ACTIVE_SHARE: Final = 0.6

# -- Health -------------------------------------------------------------------------------
#: Band edges: Green from 70, Yellow from 40, Red below.
GREEN_FROM: Final = 70.0
YELLOW_FROM: Final = 40.0
#: A Red score is escalated within this many elapsed hours of the time it was scored.
ESCALATION_WINDOW: Final = timedelta(hours=48)
#: Below this share of the scorecard's weight present, the health score is unknown.
MIN_COVERAGE: Final = 0.5
#: A component measured more than this many days before the assessment is missing.
STALE_AFTER_DAYS: Final = 90.0
#: The early warning: a fall of this many points or more within this many days.
EARLY_WARNING_DROP: Final = 15.0
EARLY_WARNING_DAYS: Final = 30.0
#: A scorecard of more components than this deserves a warning.
MAX_ADVISED_COMPONENTS: Final = 6
#: Component names filled from the account's trust index and proof score.
TRUST_COMPONENT: Final = "trust"
PROOF_COMPONENT: Final = "proof"
#: Where ``HealthScore.contributions`` shows the points of an override of the overall
#: score; reserved, so never a component's name.
OVERRIDE_KEY: Final = "(override)"
#: The default scorecard: six components, two of them derived (trust, proof).
SCORECARD_WEIGHTS: Final = MappingProxyType(
    {
        TRUST_COMPONENT: 0.20,
        PROOF_COMPONENT: 0.20,
        "adoption": 0.25,
        "engagement": 0.15,
        "support": 0.10,
        "sentiment": 0.10,
    }
)

# -- Segments -------------------------------------------------------------------------------
#: The default tiers: (name, min ARR, max ARR, coverage model, accounts per CSM).
#: HIGH_TOUCH from $100K, SCALED from $10K, DIGITAL below.
SEGMENT_TIERS: Final[tuple[tuple[str, float, float, CoverageModel, float], ...]] = (
    ("Digital", 0.0, 10_000.0, CoverageModel.DIGITAL, 1000.0),
    ("Scaled", 10_000.0, 100_000.0, CoverageModel.SCALED, 100.0),
    ("High touch", 100_000.0, float("inf"), CoverageModel.HIGH_TOUCH, 15.0),
)

# -- Tolerances -----------------------------------------------------------------------------
#: Scores on a 0-100 scale (the trust index, proof, health) are published to this many
#: decimal places, and bands and bars read the published score: an exact mean of 40
#: that binary floating point computes as 39.99999999999999 reads 40.
SCORE_DECIMALS: Final = 9
#: Coverage meets its minimum up to this much, so 0.25 + 0.15 + 0.1 of 1.0 meets 0.5.
COVERAGE_TOLERANCE: Final = 1e-9
#: A drop meets the early-warning threshold up to this many points (85.1 -> 70.1 is 15).
DROP_TOLERANCE: Final = 1e-9
#: A headcount is rounded up only past this much of a CSM (3 / 0.1 CSMs is 30, not 31).
HEADCOUNT_TOLERANCE: Final = 1e-9
