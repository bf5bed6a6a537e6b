"""The fuzzing budget: a few examples per test in CI, as many as asked for on demand.

``CSF_FUZZ_EXAMPLES=100000 python -m pytest tests/fuzz -p no:cacheprovider`` runs the
long campaign (see tools/FUZZING.md).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Examples per fuzz test: 60 in CI, or the number in CSF_FUZZ_EXAMPLES.
EXAMPLES = int(os.environ.get("CSF_FUZZ_EXAMPLES", "60"))

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
