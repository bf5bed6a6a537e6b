"""cs_framework: customer-success practice as typed, tested, vectorised Python.

Trust -> Prove -> Grow, the trust equation, health scores and segments, as pure
functions over validated domain objects and over whole books of accounts. The rules,
each with its source, are stated in docs/rules.md.

The package is layered: ``_rules`` (the kernels: arrays in, arrays out), ``_model``
(the objects users build or receive), ``_book`` (many accounts as columns, and the
scorer that composes the kernels), ``_functions`` (the one-call public functions).
This module only re-exports.
"""

from importlib import metadata as _metadata

from ._book.book import Book, read_book
from ._book.scored import BookSummary, ScoredBook, score_book
from ._book.stored import register as _register_books
from ._defaults import TRUST_SCALE
from ._enums import Action, Band, CommitmentStatus, CoverageModel, Flag, GapKind, Phase, Stage
from ._errors import CSFrameworkError, InvalidInputError, Problem
from ._evidence.backtest import backtest
from ._evidence.fit import WeightFit, fit_weights
from ._evidence.history import History
from ._evidence.report import BacktestReport, RateRow
from ._functions.assess import assess
from ._functions.health import health_band, health_score, health_scores
from ._functions.proof import proof_score
from ._functions.segments import coverage_plan, segment_for
from ._functions.sequencing import check_play, phase
from ._functions.stages import (
    activation_rate,
    breadth,
    check_transition,
    depth,
    time_to_value,
    weekly_active_usage,
)
from ._functions.trend import early_warning, health_trend
from ._functions.trust import reliability, trust_equation, trust_index
from ._model.account import Account, Adoption, ComponentScore
from ._model.json import converter, from_json, structure, to_json, unstructure
from ._model.policy import Policy
from ._model.records import Commitment, Outcome, Override
from ._model.renewal import Renewal
from ._model.results import (
    Assessment,
    CoveragePlan,
    Gap,
    HealthColumns,
    HealthScore,
    HealthTrend,
    NextAction,
    SequencingViolation,
    TierCoverage,
    TrustScore,
)
from ._model.scorecard import DEFAULT_SCORECARD, Scorecard, ScorecardWarning
from ._model.segment import DEFAULT_SEGMENTS, Segment

_register_books(converter)  # to_json/from_json of Book and ScoredBook

try:
    __version__ = _metadata.version("customer-success-framework")
except _metadata.PackageNotFoundError:  # pragma: no cover - only in an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "DEFAULT_SCORECARD",
    "DEFAULT_SEGMENTS",
    "TRUST_SCALE",
    "Account",
    "Action",
    "Adoption",
    "Assessment",
    "BacktestReport",
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
    "History",
    "InvalidInputError",
    "NextAction",
    "Outcome",
    "Override",
    "Phase",
    "Policy",
    "Problem",
    "RateRow",
    "Renewal",
    "ScoredBook",
    "Scorecard",
    "ScorecardWarning",
    "Segment",
    "SequencingViolation",
    "Stage",
    "TierCoverage",
    "TrustScore",
    "WeightFit",
    "__version__",
    "activation_rate",
    "assess",
    "backtest",
    "breadth",
    "check_play",
    "check_transition",
    "converter",
    "coverage_plan",
    "depth",
    "early_warning",
    "fit_weights",
    "from_json",
    "health_band",
    "health_score",
    "health_scores",
    "health_trend",
    "phase",
    "proof_score",
    "read_book",
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
