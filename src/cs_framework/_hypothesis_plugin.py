"""Hypothesis's third-party hook: ``st.from_type`` for cs_framework's domain types.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through the
``hypothesis`` entry point declared in ``pyproject.toml``, so ``st.from_type(Account)``
(and ``@given(account=...)`` inference, ``st.builds``) works without importing
:mod:`cs_framework.strategies`. Each registration is a function that imports the
strategies only when a type is first resolved, so importing Hypothesis stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st


def _lazy(name: str) -> Callable[[type[Any]], st.SearchStrategy[Any]]:
    """A resolver for ``register_type_strategy``: ``cs_framework.strategies.<name>()``."""

    def resolve(thing: type[Any]) -> st.SearchStrategy[Any]:
        from . import strategies

        made: st.SearchStrategy[Any] = getattr(strategies, name)()
        return made

    return resolve


def _one_segment(thing: type[Any]) -> st.SearchStrategy[Any]:
    from .strategies import segments

    return segments().flatmap(st.sampled_from)


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each domain type (called by Hypothesis on import)."""
    import cs_framework as csf

    for kind, resolve in (
        (csf.Account, _lazy("accounts")),
        (csf.Adoption, _lazy("adoptions")),
        (csf.Book, _lazy("books")),
        (csf.Commitment, _lazy("commitments")),
        (csf.ComponentScore, _lazy("component_scores")),
        (csf.HealthScore, _lazy("health_scores")),
        (csf.Outcome, _lazy("outcomes")),
        (csf.Override, _lazy("overrides")),
        (csf.Policy, _lazy("policies")),
        (csf.Scorecard, _lazy("scorecards")),
        (csf.Segment, _one_segment),
        (csf.TrustScore, _lazy("trust_scores")),
    ):
        st.register_type_strategy(kind, resolve)
