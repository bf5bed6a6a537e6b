"""The public surface is exactly ``__all__``, and every name in it exists."""

from __future__ import annotations

import types

import cs_framework


def test_all_is_exactly_the_public_surface() -> None:
    # Submodules (strategies, examples) are imported on their own, not re-exported.
    public = {
        name
        for name, value in vars(cs_framework).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(cs_framework.__all__) - {"__version__"} == public
    assert len(set(cs_framework.__all__)) == len(cs_framework.__all__)


def test_py_typed_is_shipped() -> None:
    from importlib.resources import files

    assert files("cs_framework").joinpath("py.typed").is_file()


def test_enum_values_are_the_contract_of_api_md() -> None:
    from cs_framework import Band, CoverageModel, Phase, Stage

    assert [(m.name, m.value) for m in Band] == [
        ("UNKNOWN", -1),
        ("RED", 0),
        ("YELLOW", 1),
        ("GREEN", 2),
    ]
    assert [(m.name, m.value) for m in Phase] == [("TRUST", 0), ("PROVE", 1), ("GROW", 2)]
    assert [m.name for m in Stage] == [
        "SETUP",
        "ACTIVATION",
        "ADOPTION",
        "OUTCOMES",
        "EXPANSION",
        "RENEWAL",
    ]
    assert list(Stage) == sorted(Stage)
    assert {m.name for m in CoverageModel} == {"DIGITAL", "SCALED", "HIGH_TOUCH"}
