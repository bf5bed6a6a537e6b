"""The long fuzz campaign on both cores, and its figures as a table.

    .venv/bin/python tools/fuzz_campaign.py --examples 100000 --out fuzz-report.md
    .venv/bin/python tools/fuzz_campaign.py tests/fuzz/test_fuzz_files.py::...  # some

Splits the tests of ``tests/fuzz`` into two halves of about equal cost (the slow file
and book tests apart), runs each half in its own pytest process with
``CSF_FUZZ_EXAMPLES`` set, and writes, per test, the examples Hypothesis ran (passing,
failing, invalid), the time and the outcome, read from ``--hypothesis-show-statistics``.
Any failing example fails the campaign (exit status 1): a foreign exception, a
silent accept across paths, a mutated input or a shrunk book.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The costly tests (milliseconds an example, measured at 500 examples each).
SLOW = {
    "test_a_mutated_book_document": 19,
    "test_a_value_is_refused_on_every_path": 11,
    "damaged_book_folder": 10,
    "test_a_damaged_file": 9,
    "[Policy]": 8,
    "[HealthScore]": 7,
    "[BookSummary]": 7,
    "[Account]": 5,
}


def _cost(test_id: str) -> int:
    return next((ms for key, ms in SLOW.items() if key in test_id), 2)


def _collect() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/fuzz", "--collect-only", "-q",
         "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if "::" in line]


def _halves(tests: list[str]) -> tuple[list[str], list[str]]:
    """Two lists of about equal cost, the costliest placed first."""
    halves: tuple[list[str], list[str]] = ([], [])
    totals = [0, 0]
    for test in sorted(tests, key=_cost, reverse=True):
        k = totals.index(min(totals))
        halves[k].append(test)
        totals[k] += _cost(test)
    return halves


_STATS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")
_STOP = re.compile(r"Stopped because (.+)")


def _figures(log: str) -> dict[str, tuple[int, int, int, str]]:
    """Per test id: passing, failing and invalid examples over its phases, and why
    Hypothesis stopped (``settings.max_examples=...``, or the space exhausted)."""
    out: dict[str, tuple[int, int, int, str]] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("tests/fuzz/") and line.rstrip().endswith(":"):
            current = line.rstrip()[:-1]
            out[current] = (0, 0, 0, "")
        elif current and (match := _STATS.search(line)):
            p, f, i, why = out[current]
            add = [int(g) for g in match.groups()]
            out[current] = (p + add[0], f + add[1], i + add[2], why)
        elif current and (stop := _STOP.search(line)):
            out[current] = (*out[current][:3], stop.group(1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz-report.md")
    parser.add_argument(
        "tests", nargs="*", help="test ids to run (default: every test of tests/fuzz)"
    )
    args = parser.parse_args()
    env = {**os.environ, "CSF_FUZZ_EXAMPLES": str(args.examples)}
    runs = []
    for half in _halves(args.tests or _collect()):
        if not half:
            continue
        command = [
            sys.executable, "-m", "pytest", *half, "-p", "no:cacheprovider", "--no-cov",
            "-o", "addopts=", "-v", "--durations=0", "--hypothesis-show-statistics",
        ]  # fmt: skip
        runs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True))
    logs = [run.communicate()[0] for run in runs]
    failed = any(run.returncode for run in runs)
    figures: dict[str, tuple[int, int, int, str]] = {}
    for log in logs:
        figures.update(_figures(log))
    lines = [
        f"# Fuzz campaign: CSF_FUZZ_EXAMPLES={args.examples}",
        "",
        "| test | passing | failing | invalid | stopped because |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| `{t}` | {p:,} | {f:,} | {i:,} | {why} |"
        for t, (p, f, i, why) in sorted(figures.items())
    ]
    total = [sum(int(v[k]) for v in figures.values()) for k in range(3)]
    lines += ["", f"{len(figures)} tests, {total[0]:,} passing examples, {total[1]:,} failing.",
              "", "Outcome: " + ("FAILED (see the logs)" if failed else "all passed")]  # fmt: skip
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for k, log in enumerate(logs):
        (args.out.parent / f"{args.out.stem}-log-{k}.txt").write_text(log, encoding="utf-8")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
