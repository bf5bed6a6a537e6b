"""Hypothesis profiles: fast for local runs, thorough in CI (CI=true), lean for mutants."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Mutation testing runs the suite once per mutant: fewer examples, the exact tests pin the rest.
settings.register_profile("mutation", max_examples=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
