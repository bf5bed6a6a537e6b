"""The rules of DOMAIN.md, and the tests that prove each (issue 6, rule-by-rule proof).

A test names the rule it proves with a marker::

    @pytest.mark.rule("health.bands")
    @given(...)
    def test_a_higher_score_never_has_a_lower_band(...): ...

This script collects the tests (pytest's own collection, so parametrized tests, marker
aliases such as ``rule = pytest.mark.rule`` and class-level marks all count), prints
the table of rules with the tests that cover each, and exits with status 1 when a rule
has no test, when a rule has no property (Hypothesis) test, or when a test names a
rule that is not in the table. ``tests/test_rules.py`` runs the same check in CI.

Usage::

    python tools/rules.py             # the table, each rule with its tests
    python tools/rules.py --summary   # the table only
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Where the tests that prove rules live (the user's guide example included).
TEST_PATHS = ("tests", "docs/examples")


@dataclass(frozen=True)
class Rule:
    """One rule: its id (the marker's argument), where it is stated, and what it says."""

    id: str
    section: str
    statement: str


# Sections 1-6 of DOMAIN.md, then the rules the issues add (issue 4: health; issue 5:
# books). "fixed" rules are stated by a seed; "default" ones are tunables of Policy.
RULES: tuple[Rule, ...] = (
    # 1. Trust (seeds 000, 001)
    Rule(
        "trust.equation",
        "1 Trust",
        "Trust = (C + R + I) / S: higher C, R, I raise it, higher S lowers it (fixed)",
    ),
    Rule(
        "trust.scale",
        "1 Trust",
        "C, R, I, S on [1, 10], S never 0; off the scale, NaN or inf is an error, never clipped",
    ),
    Rule(
        "trust.index",
        "1 Trust",
        "index = 100 log(T/Tmin) / log(Tmax/Tmin): 0 worst, 100 best, 50 when C = R = I = S",
    ),
    Rule(
        "reliability.derived",
        "1 Trust",
        "Reliability comes from the account's commitment record, not typed in",
    ),
    Rule(
        "reliability.status",
        "1 Trust",
        "status at as_of: KEPT, KEPT_LATE, MISSED (not kept, due before), OPEN, RENEGOTIATED",
    ),
    Rule(
        "reliability.credit",
        "1 Trust",
        "credit KEPT 1, KEPT_LATE 0.5, MISSED 0; OPEN and RENEGOTIATED are no evidence",
    ),
    Rule(
        "reliability.recency",
        "1 Trust",
        "recency weight 0.5 ** (age_days / 90), age from the due date to as_of",
    ),
    Rule(
        "reliability.prior",
        "1 Trust",
        "Beta(1, 1): p = (1 + sum(w*credit)) / (2 + sum(w)); R = lo + (hi - lo) * p",
    ),
    Rule(
        "gaps.missed",
        "1 Trust gaps",
        "MISSED_COMMITMENT: each missed commitment inside the recency window, named",
    ),
    Rule(
        "gaps.ownership",
        "1 Trust gaps",
        "UNCLEAR_OWNERSHIP: an open commitment with no owner, or an outcome role missing",
    ),
    Rule(
        "gaps.silent-executive",
        "1 Trust gaps",
        "SILENT_EXECUTIVE: no executive touch for more than 90 days",
    ),
    # 2. Proof (seeds 000, 002)
    Rule(
        "proof.progress",
        "2 Proof",
        "progress = clip((current - baseline) / (target - baseline), 0, 1); target = baseline "
        "is bad input",
    ),
    Rule(
        "proof.visibility",
        "2 Proof",
        "visibility weight: acknowledged 1.0, documented only 0.5, neither 0.25",
    ),
    Rule("proof.score", "2 Proof", "proof = 100 * mean(progress * visibility) over the outcomes"),
    Rule("proof.no-criteria", "2 Proof", "no outcomes: proof 0 and the gap NO_SUCCESS_CRITERIA"),
    # 3. Sequencing (seeds 000, 004)
    Rule(
        "sequencing.phase",
        "3 Sequencing",
        "phase = first unmet: TRUST (unknown trust too) < trust bar, PROVE < proof bar, GROW",
    ),
    Rule(
        "sequencing.actions",
        "3 Sequencing",
        "the next right action follows the phase (missed commitments first, ...; EXPAND in GROW)",
    ),
    Rule(
        "sequencing.violation",
        "3 Sequencing",
        "an expansion play on an account not in GROW is a reported sequencing violation",
    ),
    Rule(
        "sequencing.escalation",
        "3 Sequencing",
        "a Red health score triggers an escalation due within 48 hours, before anything else",
    ),
    Rule(
        "sequencing.renewal-at-risk",
        "3 Sequencing",
        "within 90 days of renewal and not in GROW: RENEWAL_AT_RISK",
    ),
    # 4. Lifecycle stages (seed 002)
    Rule(
        "stages.order",
        "4 Stages",
        "SETUP -> ACTIVATION -> ADOPTION -> OUTCOMES -> EXPANSION -> RENEWAL",
    ),
    Rule(
        "stages.evidence",
        "4 Stages",
        "an account is in the first stage whose exit evidence is missing",
    ),
    Rule("stages.skip", "4 Stages", "a move that skips a stage is bad input"),
    Rule(
        "stages.adoption-measures",
        "4 Stages",
        "time to value, activation rate, weekly active usage, depth, breadth",
    ),
    # 5. Health (seeds 004, 003)
    Rule("health.component-scale", "5 Health", "each component is scored 0-100; off it is refused"),
    Rule("health.bands", "5 Health", ">= 70 GREEN, >= 40 YELLOW, else RED (fixed)"),
    Rule("health.missing-unknown", "5 Health", "a missing score is UNKNOWN, never Red or Green"),
    Rule(
        "health.weighted-mean",
        "5 Health",
        "weighted mean of the components present; missing weights shared out over them",
    ),
    Rule(
        "health.coverage",
        "5 Health",
        "the score reports its coverage; below the minimum (0.5) it is unknown",
    ),
    Rule("health.segment-weights", "5 Health", "weights may differ per segment"),
    Rule(
        "health.trust-proof-components",
        "5 Health",
        "the trust index and the proof score can be components",
    ),
    Rule(
        "health.components-warning",
        "5 Health",
        "a scorecard of more than six components deserves a warning",
    ),
    Rule(
        "health.early-warning",
        "5 Health",
        "a drop of 15 points or more within 30 days is an early warning, even while Green",
    ),
    Rule(
        "health.contributions",
        "Issue 4",
        "each component's points are shown, and they add up to the score",
    ),
    Rule(
        "health.staleness",
        "Issue 4",
        "a component older than the policy limit counts as missing",
    ),
    Rule(
        "health.override",
        "Issue 4",
        "a CSM override (reason, expiry) applies through its expiry day, not after",
    ),
    Rule(
        "health.trend", "Issue 4", "the change since the last score, and the components behind it"
    ),
    # 6. Segments (seeds 004, 003)
    Rule(
        "segments.tiers",
        "6 Segments",
        "HIGH_TOUCH from $100K, SCALED from $10K, DIGITAL below; an edge is in the upper tier",
    ),
    Rule(
        "segments.no-gap-overlap",
        "6 Segments",
        "tiers must cover [0, inf) without gaps or overlaps",
    ),
    Rule("segments.negative-arr", "6 Segments", "negative ARR is bad input"),
    Rule(
        "segments.headcount",
        "6 Segments",
        "each tier has accounts per CSM: a book yields the headcount it needs per tier",
    ),
    # Issue 5: books
    Rule("book.one-answer", "Issue 5", "row k of score_book equals assess(account_k)"),
    Rule(
        "book.bad-rows",
        "Issue 5",
        "one error lists every bad row; errors='mark' keeps them, marked with the reason",
    ),
    Rule(
        "book.never-shrinks",
        "Issue 5",
        "a book never shrinks (one row per account, in order) and its input is not modified",
    ),
)


@dataclass(frozen=True)
class Proof:
    """A test that names a rule: its node id, and whether it is a Hypothesis test."""

    nodeid: str
    property: bool


@dataclass
class Report:
    """What the collection found: the tests of each rule id, and the marks without one."""

    tests: dict[str, list[Proof]] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)
    collection_errors: int = 0
    exit_code: int = 0
    output: str = ""


class _Collector:
    """A pytest plugin that keeps each collected item's ``rule`` markers."""

    def __init__(self) -> None:
        self.report = Report()

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        for item in items:
            is_property = hasattr(getattr(item, "obj", None), "hypothesis")
            for mark in item.iter_markers("rule"):
                if not mark.args or not isinstance(mark.args[0], str):
                    self.report.unnamed.append(item.nodeid)
                    continue
                proof = Proof(nodeid=item.nodeid, property=is_property)
                self.report.tests.setdefault(mark.args[0], []).append(proof)

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.report.collection_errors += 1


def collect(paths: Sequence[str] = TEST_PATHS, *, root: Path = ROOT) -> Report:
    """Collect the tests under ``paths`` (relative to ``root``) and their rule markers.

    Runs pytest's collection in this process (``--collect-only``, output swallowed),
    with the project's configuration but none of its ``addopts`` (no coverage, no
    doctests): only the tests and their markers matter here.
    """
    import pytest

    collector = _Collector()
    args = [
        *(str(root / p) for p in paths),
        "--collect-only",
        "-q",
        "--rootdir",
        str(root),
        "-c",
        str(root / "pyproject.toml"),
        "-o",
        "addopts=",
        "--import-mode=importlib",
        "-p",
        "no:cacheprovider",
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = pytest.main(args, plugins=[collector])
    collector.report.exit_code = int(code)
    collector.report.output = out.getvalue()
    return collector.report


def problems(report: Report, rules: Iterable[Rule] = RULES) -> list[str]:
    """Everything wrong with the proof: each a line of text; none when all is well."""
    known = {r.id for r in rules}
    found = []
    if report.collection_errors or report.exit_code:
        found.append(
            f"collection failed (pytest exit code {report.exit_code}, "
            f"{report.collection_errors} file(s) in error):\n{report.output[-2000:]}"
        )
    for rule in rules:
        tests = report.tests.get(rule.id, [])
        if not tests:
            found.append(f"rule {rule.id} has no test")
        elif not any(t.property for t in tests):
            found.append(f"rule {rule.id} has no property (Hypothesis) test")
    for rule_id in sorted(set(report.tests) - known):
        names = ", ".join(t.nodeid for t in report.tests[rule_id])
        found.append(f"unknown rule id {rule_id!r} (not in tools/rules.py): {names}")
    found += [f"rule marker without an id: {nodeid}" for nodeid in report.unnamed]
    return found


def table(report: Report, rules: Iterable[Rule] = RULES, *, with_tests: bool = True) -> str:
    """The table of rules: id, section, tests (of which property tests), statement."""
    rules = list(rules)
    width = max(len(r.id) for r in rules)
    lines = [f"{'rule':<{width}}  {'section':<13} tests  prop  statement"]
    for rule in rules:
        tests = report.tests.get(rule.id, [])
        props = sum(t.property for t in tests)
        flag = "" if props else "  <-- NO PROPERTY TEST" if tests else "  <-- NO TEST"
        lines.append(
            f"{rule.id:<{width}}  {rule.section:<13} {len(tests):>5}  {props:>4}  "
            f"{rule.statement}{flag}"
        )
        if with_tests:
            lines += [f"{'':<{width}}    {'*' if t.property else '-'} {t.nodeid}" for t in tests]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--summary", action="store_true", help="the table without the tests")
    options = parser.parse_args(argv)
    report = collect()
    print(table(report, with_tests=not options.summary))
    n_tests = len({t.nodeid for tests in report.tests.values() for t in tests})
    found = problems(report)
    print(f"\n{len(RULES)} rules, {n_tests} tests naming them ('*': a property test).")
    for line in found:
        print(f"FAIL: {line}")
    if not found:
        print("Every rule has a property test.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
