"""Rule-by-rule proof: every rule of docs/rules.md has a property test naming it.

``tools/rules.py`` reads the table of rules from docs/rules.md and collects the tests'
``rule`` markers; this test runs its check, so CI fails when a rule loses its tests, a
test names a rule that is not in the table, the table names a place in the code that
does not exist, or the test files it lists are not where the rule's tests are.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_tool() -> ModuleType:
    """tools/rules.py, imported by path (tools/ is not a package)."""
    name = "cs_framework_rules_tool"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "rules.py")
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


rules = load_tool()


@pytest.fixture(scope="module")
def report() -> object:
    return rules.collect()


def test_every_rule_has_a_property_test_and_every_marker_a_rule(report: object) -> None:
    found = rules.problems(report)
    assert found == [], "\n".join(found)


def test_the_table_lists_each_rule_with_its_tests(report: object) -> None:
    text = rules.table(report)
    for rule in rules.RULES:
        assert re.search(rf"^{re.escape(rule.id)} ", text, re.MULTILINE)
    assert "tests/rules/test_trust.py::test_equation_is_c_plus_r_plus_i_over_s" in text
    assert "NO TEST" not in text


SOURCES = {
    "the Trust -> Prove -> Grow framework",
    "the trust equation",
    "the customer-success pipeline",
    "the distilled CS principles",
    "the CS program guide",
    "the library's contract",
}


def test_the_page_states_every_area_each_rule_with_its_source_place_and_tests() -> None:
    ids = [r.id for r in rules.RULES]
    assert len(ids) == len(set(ids))
    sections = {r.section for r in rules.RULES}
    assert sections == {
        "Trust",
        "Proof",
        "Sequencing",
        "Stages",
        "Health",
        "Exact edges",
        "Segments",
        "Books",
        "Evidence",
    }
    for rule in rules.RULES:
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", rule.id), rule.id
        assert rule.statement
        assert rule.kind in {"fixed", "default"}, rule.id
        assert rule.source in SOURCES, rule.id
        assert rule.places, rule.id
        assert rule.test_files, rule.id
        assert all((ROOT / f).is_file() for f in rule.test_files), rule.id


def test_a_place_that_does_not_exist_and_misplaced_tests_are_reported() -> None:
    """The table's claims are checked: the kernel it names exists, the tests are where it
    says."""
    here = rules.Rule(
        "x.real",
        "X",
        "a real kernel",
        places=("_rules.trust.trust_kernel", "_model.policy.Policy.weight_table"),
        test_files=("t.py",),
    )
    gone = rules.Rule("x.gone", "X", "gone", places=("_rules.trust.nothing", "_nowhere.f"))
    proof = rules.Proof("t.py::a", True)
    elsewhere = rules.Report(tests={"x.real": [rules.Proof("u.py::a", True)], "x.gone": [proof]})
    assert rules.problems(elsewhere, [here, gone]) == [
        "rule x.real lists the test files t.py but its tests are in u.py",
        "rule x.gone names '_rules.trust.nothing', which is not in cs_framework",
        "rule x.gone names '_nowhere.f', which is not in cs_framework",
    ]
    assert rules.problems(rules.Report(tests={"x.real": [proof]}), [here]) == []


def test_the_check_fails_on_a_rule_without_tests_and_on_unknown_ids() -> None:
    """The check itself: a rule with no test, one with no property test, a marker id not
    in the table, a marker without an id, and a failed collection are all reported."""
    proof, example = rules.Proof("t.py::a", True), rules.Proof("t.py::b", False)
    table = [
        rules.Rule("x.tested", "1 X", "tested"),
        rules.Rule("x.example-only", "1 X", "an example test only"),
        rules.Rule("x.untested", "1 X", "no test"),
    ]
    report = rules.Report(
        tests={"x.tested": [proof], "x.example-only": [example], "x.typo": [proof]},
        unnamed=["t.py::c"],
    )
    assert rules.problems(report, table) == [
        "rule x.example-only has no property (Hypothesis) test",
        "rule x.untested has no test",
        "unknown rule id 'x.typo' (not in docs/rules.md): t.py::a",
        "rule marker without an id: t.py::c",
    ]
    assert rules.problems(rules.Report(tests={"x.tested": [proof]}), table[:1]) == []
    failed = rules.Report(tests={"x.tested": [proof]}, exit_code=2, output="ERROR boom")
    assert rules.problems(failed, table[:1])[0].startswith("collection failed (pytest exit code 2")
    assert "<-- NO TEST" in rules.table(report, table, with_tests=False)


def test_the_script_exits_non_zero_on_a_problem(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    proof = rules.Proof("t.py::a", True)
    monkeypatch.setattr(rules, "collect", lambda: rules.Report(tests={"trust.index": [proof]}))
    assert rules.main(["--summary"]) == 1
    assert "FAIL: rule trust.equation has no test" in capsys.readouterr().out
    every = {r.id: [rules.Proof(f"{f}::a", True) for f in r.test_files] for r in rules.RULES}
    monkeypatch.setattr(rules, "collect", lambda: rules.Report(tests=every))
    assert rules.main([]) == 0
    assert "Every rule has a property test." in capsys.readouterr().out
