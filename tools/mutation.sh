#!/usr/bin/env bash
# Mutation testing of the core modules (tools/MUTATION.md). Slow (about 15 minutes on two
# cores), so it is not part of CI: run it before a release or after changing a rule.
#   bash tools/mutation.sh            # a fresh run, then the score table
#   bash tools/mutation.sh --resume   # keep earlier verdicts; test only what changed
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv-mutation
.venv-mutation/bin/pip install --quiet -e '.[test]' 'mutmut==3.8.1'
if [[ "${1:-}" != "--resume" ]]; then
    rm -rf mutants
fi
# mutmut redraws a progress line many times a second; keep only the last state.
HYPOTHESIS_PROFILE=mutation .venv-mutation/bin/mutmut run 2>&1 | tr '\r' '\n' | grep -v '^\s*$' | tail -n 3
.venv-mutation/bin/python tools/mutation_score.py --survivors
