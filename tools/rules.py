"""The rules of ``docs/rules.md``, and the tests that prove each.

The rules are stated once, in ``docs/rules.md``: one table per area, one row per rule
(its id, statement, kind, source, the place in the code that implements it, and the
test files that prove it). This script reads that table; it does not restate it.

A test names the rule it proves with a marker::

    @pytest.mark.rule("health.bands")
    @given(...)
    def test_a_higher_score_never_has_a_lower_band(...): ...

The script collects the tests (pytest's own collection, so parametrized tests, marker
aliases such as ``rule = pytest.mark.rule`` and class-level marks all count), prints
the table of rules with the tests that cover each, and exits with status 1 when a rule
has no test or no property (Hypothesis) test, when a test names a rule not in the
table, when a place named in the table does not exist in the package, or when the test
files a rule lists are not the files its tests are in. ``tests/test_rules.py`` runs
the same check in CI.

Usage::

    python tools/rules.py             # the table, each rule with its tests
    python tools/rules.py --summary   # the table only
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Where the rules are stated.
RULES_PAGE = ROOT / "docs" / "rules.md"
#: Where the tests that prove rules live (the user's guide example included).
TEST_PATHS = ("tests", "docs/examples")
#: The package whose modules the table names (``_rules.trust.trust_kernel``).
PACKAGE = "cs_framework"


@dataclass(frozen=True)
class Rule:
    """One rule, as a row of the rules page states it."""

    id: str
    section: str
    statement: str
    kind: str = "fixed"
    source: str = ""
    places: tuple[str, ...] = ()
    test_files: tuple[str, ...] = ()


_ROW = re.compile(r"^\|\s*`([a-z]+\.[a-z-]+)`\s*\|(.*)\|\s*$")


def _code_spans(cell: str) -> tuple[str, ...]:
    return tuple(re.findall(r"`([^`]+)`", cell))


def parse_rules(text: str) -> tuple[Rule, ...]:
    """The rules of a rules page: each table row whose first cell is a rule id, in the
    section of the ``## `` heading above it."""
    rules, section = [], ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        match = _ROW.match(line)
        if not match:
            continue
        cells = [c.strip() for c in match.group(2).split("|")]
        statement, kind, source, places, tests = (cells + [""] * 5)[:5]
        rules.append(
            Rule(
                id=match.group(1),
                section=section,
                statement=statement,
                kind=kind,
                source=source,
                places=_code_spans(places),
                test_files=_code_spans(tests),
            )
        )
    return tuple(rules)


def load_rules(page: Path = RULES_PAGE) -> tuple[Rule, ...]:
    """The rules stated on the rules page."""
    return parse_rules(page.read_text(encoding="utf-8"))


RULES: tuple[Rule, ...] = load_rules()


def missing_places(rules: Iterable[Rule], package: str = PACKAGE) -> list[str]:
    """The places the table names that do not exist (module, then attributes)."""
    found = []
    for rule in rules:
        for place in rule.places:
            parts = place.split(".")
            obj: Any = None
            for cut in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join([package, *parts[:cut]]))
                except ImportError:
                    continue
                for name in parts[cut:]:
                    obj = getattr(obj, name, None)
                break
            if obj is None:
                found.append(f"rule {rule.id} names {place!r}, which is not in {package}")
    return found


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
    rules = list(rules)
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
        files = sorted({t.nodeid.split("::")[0] for t in tests})
        if tests and rule.test_files and files != sorted(rule.test_files):
            found.append(
                f"rule {rule.id} lists the test files {', '.join(sorted(rule.test_files))} "
                f"but its tests are in {', '.join(files)}"
            )
    for rule_id in sorted(set(report.tests) - known):
        names = ", ".join(t.nodeid for t in report.tests[rule_id])
        found.append(f"unknown rule id {rule_id!r} (not in docs/rules.md): {names}")
    found += [f"rule marker without an id: {nodeid}" for nodeid in report.unnamed]
    found += missing_places(rules)
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
