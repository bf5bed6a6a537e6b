"""The import contract of the layers, checked in the test suite as in CI.

The package is layered (docs/index.md, "How the package is built"): the one-call
functions, then books, objects, kernels and the base; the kernels import no objects,
books or frame libraries; the kernels of each area stand alone; no import cycles. The
contracts are in ``pyproject.toml`` (``[tool.importlinter]``) and CI also runs
``lint-imports``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "5 kept, 0 broken" in report
