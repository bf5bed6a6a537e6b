"""What the commands print: rich tables for a person, plain data for ``--json``."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .._book.scored import BookSummary
from .._defaults import OVERRIDE_KEY
from .._enums import Band
from .._errors import Problem
from .._evidence.report import BacktestReport, RateRow
from .._model.json import unstructure
from .._model.results import Assessment

__all__ = [
    "backtest",
    "backtest_data",
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
        return unstructure(value)  # the library's JSON rule for non-finite numbers
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


def points(row: dict[str, Any], components: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per health component of a scored row (``score_book(..., explain=True)``): its
    reading, its share of the weight present, the points it adds, the points it loses
    against 100; the components with no reading last, and a whole-score override."""
    missing = set(filter(None, (row["missing"] or "").split(", ")))
    out: list[dict[str, Any]] = []
    for name in components:
        if name in missing:
            continue
        gained, lost = row[f"points_{name}"], row[f"lost_{name}"]
        share = (gained + lost) / 100 if gained == gained and lost == lost else None
        reading = gained / share if share else None
        out.append(
            {"component": name, "reading": reading, "weight": share, "points": gained, "lost": lost}
        )
    out.sort(key=lambda r: -r["lost"] if r["lost"] == r["lost"] else 0.0)
    moved = row.get("override_points")
    if moved is not None and moved == moved:
        out.append(
            {
                "component": OVERRIDE_KEY,
                "reading": None,
                "weight": None,
                "points": moved,
                "lost": None,
            }
        )
    out += [
        {"component": name, "reading": None, "weight": 0.0, "points": 0.0, "lost": None}
        for name in components
        if name in missing
    ]
    return out


def explanation_data(
    row: dict[str, Any], components: tuple[str, ...], assessment: Assessment | None
) -> dict[str, Any]:
    """Why an account stands where it does, as plain data (``--json``): the scored row,
    its health points, and (when the files gave everything) the full assessment."""
    shown = {k: getattr(v, "name", v) for k, v in row.items()}
    shown["escalation_due"] = (
        None if row["escalation_due"] is None else row["escalation_due"].isoformat()
    )
    return {
        "row": shown,
        "health_points": points(row, components),
        "assessment": None if assessment is None else unstructure(assessment),
    }


def _number(value: Any) -> str:
    return "unknown" if value is None or value != value else f"{value:.1f}"


def explanation(
    row: dict[str, Any], components: tuple[str, ...], assessment: Assessment | None
) -> RenderableType:
    """Why an account stands where it does: phase and health band, the health points
    each component adds and loses, what is missing, the gaps and the plan."""
    band = row["health_band"]
    head = Text.assemble(
        (f"{row['name']} ({row['account_id']})", "bold"),
        f": {getattr(row['phase'], 'name', row['phase'])}, stage "
        f"{getattr(row['stage'], 'name', row['stage'])}, segment {row['segment']}; health "
        f"{_number(row['health'])} ",
        (band.name, _BAND_STYLE.get(band, "")),
        f"; trust index {_number(row['trust_index'])}, proof {_number(row['proof'])}",
    )
    parts: list[RenderableType] = [head]
    if row["escalation_due"] is not None:
        parts.append(Text(f"Red: escalation due {row['escalation_due']:%Y-%m-%d %H:%M %Z}"))
    table = Table(title="Health: the points each component adds, and loses against 100")
    for name in ("component", "reading", "weight", "points", "lost"):
        table.add_column(name, justify="left" if name == "component" else "right")
    for item in points(row, components):
        reading = "override" if item["component"] == OVERRIDE_KEY else "missing"
        table.add_row(
            item["component"],
            reading if item["reading"] is None else f"{item['reading']:.1f}",
            "" if item["weight"] is None else f"{item['weight']:.0%}",
            f"{item['points']:.1f}",
            "" if item["lost"] is None else f"{item['lost']:.1f}",
        )
    parts.append(table)
    gaps = Table(title="Gaps")
    plan = Table(title="The plan, in order")
    if assessment is not None:
        gaps.add_column("kind")
        gaps.add_column("evidence")
        for gap in assessment.gaps:
            gaps.add_row(gap.kind.name, gap.detail)
        plan.add_column("action")
        plan.add_column("why")
        for step in assessment.actions:
            plan.add_row(step.action.name, step.reason)
    else:  # the files left something out: the book's own word, first action only
        gaps.add_column("kinds")
        gaps.add_column("commitments cited")
        gaps.add_row(row["gaps"] or "none", row["evidence"] or "")
        plan.add_column("first action")
        plan.add_column("why")
        first = row["first_action"]
        plan.add_row(getattr(first, "name", str(first)), row["first_reason"])
    parts += [gaps, plan]
    return Group(*parts)


def _rates(title: str, rows: tuple[RateRow, ...]) -> Table:
    table = Table(title=title)
    for name in ("group", "accounts", "churned", "churn rate", "95% interval"):
        table.add_column(name, justify="left" if name == "group" else "right")
    for r in rows:
        style = _BAND_STYLE.get(Band[r.group]) if r.group in Band.__members__ else None
        known = r.accounts > 0
        table.add_row(
            Text(r.group, style=style or ""),
            f"{r.accounts:,}",
            f"{r.churned:,}",
            f"{r.rate:.1%}" if known else "-",
            f"{r.ci_low:.1%} - {r.ci_high:.1%}" if known else "-",
        )
    return table


def _share(value: float) -> str:
    return "-" if value != value else f"{value:.1%}"


def backtest(report: BacktestReport) -> RenderableType:
    """Does the score predict churn: the headline figures, churn by band and phase, and
    what was left out."""
    auc = "-" if report.auc != report.auc else f"{report.auc:.3f}"
    days = ", ".join(f"{d:%Y-%m-%d}" for d in report.scoring_days[:3])
    more = f" and {len(report.scoring_days) - 3} more" if len(report.scoring_days) > 3 else ""
    head = Text(
        f"{report.n:,} labelled account-days ({days}{more}; horizon {report.horizon_days} "
        f"days), {report.churned:,} churned\n"
        f"AUC of health against churn: {auc} (0.5 is a coin toss)\n"
        f"Churned ARR that Red or Yellow warned of: {_share(report.arr_caught)}\n"
        f"GRR {_share(report.grr())}, NRR {_share(report.nrr())}"
    )
    left = Table(title="Not labelled, left out, or used undated")
    left.add_column("why")
    left.add_column("count", justify="right")
    for why, n in report.excluded.items():
        left.add_row(why, f"{n:,}")
    for field, n in report.later.items():
        left.add_row(f"{field}: dated after the scoring day, left out", f"{n:,}")
    for field, n in report.undated.items():
        left.add_row(f"{field}: undated, used (cannot be placed in time)", f"{n:,}")
    return Group(
        head,
        _rates("Churn by health band", report.by_band),
        _rates("Churn by phase", report.by_phase),
        left,
    )


def backtest_data(report: BacktestReport) -> dict[str, Any]:
    """The report's figures as plain data."""

    def rows(found: tuple[RateRow, ...]) -> list[dict[str, Any]]:
        return [plain(unstructure(r)) for r in found]

    return {
        "n": report.n,
        "churned": report.churned,
        "scoring_days": [d.isoformat() for d in report.scoring_days],
        "horizon_days": report.horizon_days,
        "auc": plain(report.auc),
        "arr_caught": plain(report.arr_caught),
        "grr": plain(report.grr()),
        "nrr": plain(report.nrr()),
        "by_band": rows(report.by_band),
        "by_phase": rows(report.by_phase),
        "calibration": rows(report.calibration),
        "excluded": report.excluded,
        "later": report.later,
        "undated": report.undated,
    }
