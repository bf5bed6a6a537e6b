"""Print the mutation score of each core module from a finished ``mutmut run``.

Reads the verdicts mutmut 3 leaves in ``mutants/**/*.py.meta`` (see tools/MUTATION.md)
and prints one row per module: mutants made, killed, survived, untested, and the score
``(killed + timeout) / (mutants - skipped)``. A mutant no test reaches counts against
the score, as does one not checked yet. Exits 1 when the total is under ``--fail-under``
(90 by default), 2 when there is nothing to read.

Usage: ``python tools/mutation_score.py [--fail-under 90] [--survivors]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# mutmut 3's exit codes (mutmut/stats.py); any other code is "suspicious".
_VERDICT = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    None: "not checked",
}
_DETECTED = ("killed", "timeout")


def verdicts(mutants_dir: Path) -> dict[str, dict[str, str]]:
    """Each mutated module's verdicts: ``{module: {mutant name: verdict}}``."""
    found: dict[str, dict[str, str]] = {}
    for meta in sorted(mutants_dir.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        # The module's path inside the package: "_rules/trust", "_book/score".
        module = str(meta.relative_to(mutants_dir)).removesuffix(".py.meta")
        module = module.split("cs_framework/", 1)[-1]
        found[module] = {name: _VERDICT.get(code, "suspicious") for name, code in codes.items()}
    return found


def score(counts: Counter[str]) -> float:
    """Detected mutants as a percentage of those that count (skipped ones do not)."""
    counted = sum(counts.values()) - counts["skipped"]
    detected = sum(counts[v] for v in _DETECTED)
    return 100.0 * detected / counted if counted else 100.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fail-under", type=float, default=90.0, metavar="PERCENT")
    parser.add_argument("--survivors", action="store_true", help="list mutants not killed")
    parser.add_argument("--mutants", type=Path, default=ROOT / "mutants", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    by_module = verdicts(args.mutants)
    if not by_module:
        print(f"no mutmut results under {args.mutants}: run `mutmut run` first", file=sys.stderr)
        return 2

    columns = ("killed", "timeout", "survived", "no tests", "not checked", "suspicious")
    print(f"| {'module':<22} | mutants | " + " | ".join(columns) + " | score |")
    print("|" + "---|" * (len(columns) + 3))
    total: Counter[str] = Counter()
    for module, found in by_module.items():
        counts = Counter(found.values())
        total.update(counts)
        cells = " | ".join(f"{counts[c]:>{len(c)}}" for c in columns)
        print(f"| {module:<22} | {len(found):>7} | {cells} | {score(counts):5.1f}% |")
    cells = " | ".join(f"{total[c]:>{len(c)}}" for c in columns)
    overall = score(total)
    print(f"| {'all':<22} | {sum(total.values()):>7} | {cells} | {overall:5.1f}% |")

    if args.survivors:
        print()
        for found in by_module.values():
            for name, verdict in found.items():
                if verdict not in _DETECTED and verdict != "skipped":
                    print(f"{verdict:<12} {name}")

    if overall < args.fail_under:
        print(f"\nmutation score {overall:.1f}% is under {args.fail_under:g}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
