"""cs_framework: customer-success practice as typed, tested, vectorised Python.

Trust -> Prove -> Grow, the trust equation, health scores and segments, as pure
functions over validated domain objects and over whole books of accounts.
"""

from ._account import TRUST_SCALE, Account, Adoption, ComponentScore
from ._assess import Assessment, Gap, NextAction, assess
from ._bands import health_band
from ._book import Book
from ._commitment import Commitment
from ._enums import Action, Band, CommitmentStatus, CoverageModel, Flag, GapKind, Phase, Stage
from ._errors import CSFrameworkError, InvalidInputError, Problem
from ._health import HealthColumns, HealthScore, health_score, health_scores
from ._outcome import Outcome
from ._override import Override
from ._policy import Policy
from ._proof import proof_score
from ._reliability import reliability
from ._scorecard import DEFAULT_SCORECARD, Scorecard, ScorecardWarning
from ._scored_book import BookSummary, ScoredBook, score_book
from ._segment import (
    DEFAULT_SEGMENTS,
    CoveragePlan,
    Segment,
    TierCoverage,
    coverage_plan,
    segment_for,
)
from ._sequencing import SequencingViolation, check_play, phase
from ._serialization import converter, from_json, structure, to_json, unstructure
from ._stages import (
    activation_rate,
    breadth,
    check_transition,
    depth,
    time_to_value,
    weekly_active_usage,
)
from ._trend import HealthTrend, early_warning, health_trend
from ._trust import TrustScore, trust_equation, trust_index

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCORECARD",
    "DEFAULT_SEGMENTS",
    "TRUST_SCALE",
    "Account",
    "Action",
    "Adoption",
    "Assessment",
    "Band",
    "Book",
    "BookSummary",
    "CSFrameworkError",
    "Commitment",
    "CommitmentStatus",
    "ComponentScore",
    "CoverageModel",
    "CoveragePlan",
    "Flag",
    "Gap",
    "GapKind",
    "HealthColumns",
    "HealthScore",
    "HealthTrend",
    "InvalidInputError",
    "NextAction",
    "Outcome",
    "Override",
    "Phase",
    "Policy",
    "Problem",
    "ScoredBook",
    "Scorecard",
    "ScorecardWarning",
    "Segment",
    "SequencingViolation",
    "Stage",
    "TierCoverage",
    "TrustScore",
    "__version__",
    "activation_rate",
    "assess",
    "breadth",
    "check_play",
    "check_transition",
    "converter",
    "coverage_plan",
    "depth",
    "early_warning",
    "from_json",
    "health_band",
    "health_score",
    "health_scores",
    "health_trend",
    "phase",
    "proof_score",
    "reliability",
    "score_book",
    "segment_for",
    "structure",
    "time_to_value",
    "to_json",
    "trust_equation",
    "trust_index",
    "unstructure",
    "weekly_active_usage",
]
