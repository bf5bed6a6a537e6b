"""What the commands print: rich tables for a person, plain data for ``--json``."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .._book.scored import BookSummary
from .._defaults import OVERRIDE_KEY
from .._enums import Band
from .._errors import Problem
from .._model.account import Account
from .._model.json import unstructure
from .._model.policy import Policy
from .._model.results import Assessment

__all__ = [
    "explanation",
    "explanation_data",
    "plain",
    "points",
    "problem_rows",
    "problems",
    "summary",
]

_BAND_STYLE = {Band.GREEN: "green", Band.YELLOW: "yellow", Band.RED: "bold red"}
#: How many rows of a long list a table shows (``--json`` gives them all).
SHOWN = 10


def summary(result: BookSummary) -> RenderableType:
    """The book summary: the cells of band x segment x phase, the escalation queue,
    who is ready to grow, and the marked rows."""
    cells = Table(title="Accounts and ARR by band x segment x phase")
    for name, justify in (("band", "left"), ("segment", "left"), ("phase", "left")):
        cells.add_column(name, justify=justify)  # type: ignore[arg-type]
    cells.add_column("accounts", justify="right")
    cells.add_column("ARR", justify="right")
    for band, segment, phase, n, arr in result.by_band_segment_phase:
        style = _BAND_STYLE.get(Band[band]) if band in Band.__members__ else None
        cells.add_row(Text(band, style=style or ""), segment, phase, f"{n:,}", f"{arr:,.0f}")
    queue = Table(title=f"Escalation queue: {len(result.escalations):,} Red accounts")
    for name in ("account", "due", "ARR"):
        queue.add_column(name, justify="right" if name == "ARR" else "left")
    for account_id, due, arr in result.escalations[:SHOWN]:
        queue.add_row(account_id, f"{due:%Y-%m-%d %H:%M %Z}", f"{arr:,.0f}")
    grow = Table(title=f"Ready to grow: {len(result.ready_to_grow):,} accounts")
    grow.add_column("account")
    grow.add_column("ARR", justify="right")
    for account_id, arr in result.ready_to_grow[:SHOWN]:
        grow.add_row(account_id, f"{arr:,.0f}")
    parts: list[RenderableType] = [cells, queue, grow]
    if result.marked:
        marked = Table(title=f"Marked bad, not scored: {len(result.marked):,} accounts")
        marked.add_column("account")
        marked.add_column("reason")
        for account_id, reason in result.marked[:SHOWN]:
            marked.add_row(account_id, reason)
        parts.append(marked)
    return Group(*parts)


def plain(value: Any) -> Any:
    """A value as strict JSON holds it: text, a number, true/false or null; a
    non-finite number as ``"nan"``, ``"inf"`` or ``"-inf"`` (as ``to_json`` writes it),
    anything else as its repr; lists and dicts item by item.

    Examples
    --------
    >>> plain([1.5, float("nan"), None, {"a": float("-inf")}, (1, 2)])
    [1.5, 'nan', None, {'a': '-inf'}, '(1, 2)']
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return repr(value)


def problem_rows(found: list[tuple[str | None, Problem]]) -> list[dict[str, Any]]:
    """Each bad value as plain data: account, row, field, value, reason."""
    return [
        {
            "account_id": p.account_id,
            "row": p.row,
            "field": p.field,
            "value": plain(p.value),
            "reason": p.reason,
        }
        for _, p in found
    ]


def problems(rows: list[dict[str, Any]]) -> RenderableType:
    """Every bad value, one row each."""
    table = Table(title=f"{len(rows):,} bad values")
    for name in ("account", "row", "field", "value", "reason"):
        table.add_column(name)
    for row in rows:
        table.add_row(
            "" if row["account_id"] is None else str(row["account_id"]),
            "" if row["row"] is None else str(row["row"]),
            row["field"],
            "(missing)" if row["value"] is None else repr(row["value"]),
            row["reason"],
        )
    return table


def points(assessment: Assessment, policy: Policy) -> list[dict[str, Any]]:
    """Per health component: its reading, its weight, the points it adds, the points
    it loses against a perfect 100; and the components with no reading."""
    health = assessment.health
    weights = policy.scorecard_for(assessment.segment.coverage).weights
    present = {name: weights[name] for name in health.contributions if name != OVERRIDE_KEY}
    total = sum(present.values())
    out: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []  # an override of the whole score: its points, no weight
    for name, gained in health.contributions.items():
        if name == OVERRIDE_KEY:
            moved.append(
                {"component": name, "reading": None, "weight": 0.0, "points": gained, "lost": None}
            )
            continue
        share = present[name] / total if total else 0.0
        out.append(
            {
                "component": name,
                "reading": gained / share if share else None,
                "weight": share,
                "points": gained,
                "lost": share * 100 - gained,
            }
        )
    out.sort(key=lambda row: -row["lost"])
    out += moved
    out += [
        {"component": name, "reading": None, "weight": 0.0, "points": 0.0, "lost": None}
        for name in health.missing
    ]
    return out


def explanation_data(account: Account, assessment: Assessment, policy: Policy) -> dict[str, Any]:
    """Why an account stands where it does, as plain data (``--json``)."""
    data: dict[str, Any] = unstructure(assessment)
    data["name"] = account.name
    data["health_points"] = points(assessment, policy)
    return data


def explanation(account: Account, assessment: Assessment, policy: Policy) -> RenderableType:
    """Why an account stands where it does: phase and health band, the health points
    each component adds and loses, what is missing, the gaps and the plan."""
    health = assessment.health
    band = Text(health.band.name, style=_BAND_STYLE.get(health.band, ""))
    head = Text.assemble(
        (f"{account.name} ({account.id})", "bold"),
        f": {assessment.phase.name}, stage {assessment.stage.name}, "
        f"segment {assessment.segment.name}; health ",
        f"{health.value:.1f} " if health.value == health.value else "unknown ",
        band,
        f" (green from {health.green:g}, yellow from {health.yellow:g}); trust index "
        f"{'unknown' if assessment.trust is None else format(assessment.trust.index, '.1f')}, "
        f"proof {assessment.proof:.1f}",
    )
    parts: list[RenderableType] = [head]
    if assessment.escalation_due is not None:
        parts.append(Text(f"Red: escalation due {assessment.escalation_due:%Y-%m-%d %H:%M %Z}"))
    table = Table(title="Health: the points each component adds, and loses against 100")
    for name in ("component", "reading", "weight", "points", "lost"):
        table.add_column(name, justify="left" if name == "component" else "right")
    for row in points(assessment, policy):
        reading = "override" if row["component"] == OVERRIDE_KEY else "missing"
        table.add_row(
            row["component"],
            reading if row["reading"] is None else f"{row['reading']:.1f}",
            f"{row['weight']:.0%}",
            f"{row['points']:.1f}",
            "" if row["lost"] is None else f"{row['lost']:.1f}",
        )
    parts.append(table)
    if health.overrides:
        parts.append(
            Text("Overrides: " + "; ".join(f"{o.value:g} ({o.reason})" for o in health.overrides))
        )
    gaps = Table(title=f"Gaps: {len(assessment.gaps)}")
    gaps.add_column("kind")
    gaps.add_column("evidence")
    for gap in assessment.gaps:
        gaps.add_row(gap.kind.name, gap.detail)
    plan = Table(title="The plan, in order")
    plan.add_column("action")
    plan.add_column("why")
    for step in assessment.actions:
        plan.add_row(step.action.name, step.reason)
    parts += [gaps, plan]
    return Group(*parts)
