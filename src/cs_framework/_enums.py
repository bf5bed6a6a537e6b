"""The enumerations of the domain.

Every enum is an ``IntEnum`` so that vector results are small-integer arrays that
compare equal to the members (``codes == Band.RED``).
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "Action",
    "Band",
    "CommitmentStatus",
    "CoverageModel",
    "Flag",
    "GapKind",
    "Phase",
    "Stage",
]


class Band(IntEnum):
    """Health band: ``>= 70`` GREEN, ``>= 40`` YELLOW, else RED by default; a policy may
    move the edges (docs/rules.md#health).

    A missing score is UNKNOWN, never Red or Green.
    """

    UNKNOWN = -1
    RED = 0
    YELLOW = 1
    GREEN = 2


class Phase(IntEnum):
    """Where an account sits in Trust -> Prove -> Grow (docs/rules.md#sequencing)."""

    TRUST = 0
    PROVE = 1
    GROW = 2


class Stage(IntEnum):
    """Lifecycle stage, in the fixed order of the customer-success pipeline.

    See docs/rules.md#stages.
    """

    SETUP = 0
    ACTIVATION = 1
    ADOPTION = 2
    OUTCOMES = 3
    EXPANSION = 4
    RENEWAL = 5


class CommitmentStatus(IntEnum):
    """Status of a commitment on a day (docs/rules.md#trust)."""

    OPEN = 0
    KEPT = 1
    KEPT_LATE = 2
    MISSED = 3
    RENEGOTIATED = 4


class CoverageModel(IntEnum):
    """How an account is served, by ARR tier (docs/rules.md#segments)."""

    DIGITAL = 0
    SCALED = 1
    HIGH_TOUCH = 2


class Action(IntEnum):
    """The next right actions a CSM can take, in priority order (docs/rules.md#sequencing)."""

    ESCALATE = 0
    RESOLVE_MISSED_COMMITMENTS = 1
    CLARIFY_OWNERSHIP = 2
    REENGAGE_EXECUTIVE = 3
    KEEP_SMALL_COMMITMENTS = 4
    DEFINE_SUCCESS_CRITERIA = 5
    DOCUMENT_OUTCOMES = 6
    DRIVE_OUTCOMES = 7
    EXPAND = 8


class GapKind(IntEnum):
    """The gaps the library names, each with its evidence (docs/rules.md#trust, #proof)."""

    MISSED_COMMITMENT = 0
    UNCLEAR_OWNERSHIP = 1
    SILENT_EXECUTIVE = 2
    NO_SUCCESS_CRITERIA = 3


class Flag(IntEnum):
    """Account-level warnings (docs/rules.md#sequencing, #health)."""

    RENEWAL_AT_RISK = 0
    EARLY_WARNING = 1
