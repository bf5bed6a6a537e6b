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
