"""cs_framework: customer-success practice as typed, tested, vectorised Python.

Trust -> Prove -> Grow, the trust equation, health scores and segments, as pure
functions over validated domain objects and over whole books of accounts.
"""

from ._account import TRUST_SCALE, Account, Adoption, ComponentScore
from ._commitment import Commitment
from ._enums import Action, Band, CommitmentStatus, CoverageModel, Flag, GapKind, Phase, Stage
from ._errors import CSFrameworkError, InvalidInputError, Problem
from ._outcome import Outcome
from ._policy import Policy
from ._scorecard import DEFAULT_SCORECARD, Scorecard, ScorecardWarning
from ._segment import DEFAULT_SEGMENTS, Segment
from ._serialization import converter, from_json, structure, to_json, unstructure

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCORECARD",
    "DEFAULT_SEGMENTS",
    "TRUST_SCALE",
    "Account",
    "Action",
    "Adoption",
    "Band",
    "CSFrameworkError",
    "Commitment",
    "CommitmentStatus",
    "ComponentScore",
    "CoverageModel",
    "Flag",
    "GapKind",
    "InvalidInputError",
    "Outcome",
    "Phase",
    "Policy",
    "Problem",
    "Scorecard",
    "ScorecardWarning",
    "Segment",
    "Stage",
    "__version__",
    "converter",
    "from_json",
    "structure",
    "to_json",
    "unstructure",
]
