"""The README's two commands are the ones CI runs, verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_commands_verbatim() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    assert len(commands) >= 2
    demo, tests = commands[0], commands[1]
    assert "cs-framework demo" in demo
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert demo in ci
    assert tests in ci


def test_the_docs_schema_table_lists_every_column_of_the_schema() -> None:
    from cs_framework._book.schema import SCHEMA

    page = (ROOT / "docs" / "books.md").read_text()
    rows = dict(
        re.findall(r"^\| (accounts|commitments|outcomes|overrides) \| (.+) \|$", page, re.M)
    )
    assert set(rows) == set(SCHEMA)
    for table, columns in SCHEMA.items():
        listed = set(re.findall(r"`(\w+)`", rows[table]))
        assert {c.name for c in columns} <= listed, table


def test_every_name_the_testing_page_calls_is_defined_on_the_page() -> None:
    """The snippets of docs/testing.md (walked through from an example file CI runs)
    call no name the reader has not seen: each is defined or imported on the page."""
    import builtins

    page = (ROOT / "docs" / "testing.md").read_text()
    code = "\n".join(re.findall(r"```python\n(.+?)\n```", page, re.S))
    defined = set(dir(builtins))
    defined |= set(re.findall(r"^\s*(?:def|class)\s+(\w+)", code, re.M))
    for names in re.findall(r"^\s*(?:from\s+\S+\s+)?import\s+(.+)$", code, re.M):
        defined |= {n.split(" as ")[-1].strip(" ()") for n in names.split(",")}
    called = set(re.findall(r"(?<![.\w@])(\w+)\(", code))
    assert called - defined == set()
