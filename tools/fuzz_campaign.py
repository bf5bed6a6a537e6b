"""The long fuzz campaign on both cores, resumable, and its figures as a table.

    .venv/bin/python tools/fuzz_campaign.py --examples 100000 --logs fuzz-logs
    .venv/bin/python tools/fuzz_campaign.py --logs fuzz-logs tests/fuzz/...::test_x  # some

Runs each test of ``tests/fuzz`` in its own pytest process with ``CSF_FUZZ_EXAMPLES``
set, ``--jobs`` at a time, the cheapest first (a campaign cut short by a closed session
then leaves the most tests finished), and writes each one's output to its own log in
``--logs`` as it runs. A test whose log shows it finished is not run again - checked
when its turn comes, so two campaigns on one logs folder do not repeat each other's
work - and a campaign stopped part way is resumed by the same command.
The table (``report.md`` in the logs folder) gives, per test, the examples Hypothesis
ran (passing, failing, invalid), why it stopped and its outcome, read from
``--hypothesis-show-statistics``, and the commit it ran at. Any failing example fails
the campaign (exit status 1): a foreign exception, a silent accept across paths, a
mutated input or a shrunk book.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
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

_STATS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")
_STOP = re.compile(r"Stopped because (.+)")
_OUTCOME = re.compile(r"^(tests/fuzz/\S+) (PASSED|FAILED|ERROR)", re.MULTILINE)
_HEAD = re.compile(r"^# (examples=\d+) (commit=\w+)$", re.MULTILINE)


def _cost(test_id: str) -> int:
    return next((ms for key, ms in SLOW.items() if key in test_id), 2)


def _collect() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/fuzz", "--collect-only", "-q",
         "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if "::" in line]


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def _log_path(logs: Path, test_id: str) -> Path:
    """One file per test id (ids hold characters no file name should)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_id.split("::", 1)[1])[-70:]
    digest = hashlib.sha1(test_id.encode()).hexdigest()[:8]
    return logs / f"{name}-{digest}.log"


def _finished(log: Path, examples: int) -> bool:
    """The log is of a run at this budget that reached pytest's verdict."""
    if not log.exists():
        return False
    text = log.read_text(encoding="utf-8", errors="replace")
    head = _HEAD.search(text)
    return bool(head and head.group(1) == f"examples={examples}" and _OUTCOME.search(text))


def _run(test_id: str, log: Path, examples: int, commit: str) -> None:
    if _finished(log, examples) or _started_elsewhere(log):
        return
    env = {**os.environ, "CSF_FUZZ_EXAMPLES": str(examples)}
    command = [
        sys.executable, "-m", "pytest", test_id, "-p", "no:cacheprovider", "--no-cov",
        "-o", "addopts=", "-rA", "-v", "--durations=0", "--hypothesis-show-statistics",
    ]  # fmt: skip
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        out.write(f"# examples={examples} commit={commit}\n")
        out.flush()
        run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        log.with_suffix(".pid").write_text(str(run.pid))
        run.wait()
        log.with_suffix(".pid").unlink()
        out.write(f"# seconds={time.monotonic() - started:.0f}\n")


def _started_elsewhere(log: Path) -> bool:
    """Whether another campaign is running this test now (the process named in its pid
    file is alive): leave it to that one."""
    pid_file = log.with_suffix(".pid")
    try:
        os.kill(int(pid_file.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def _figures(text: str) -> tuple[int, int, int, str, str, str, str]:
    """Passing, failing and invalid examples over the test's phases, why Hypothesis
    stopped (``settings.max_examples=...``, or the space exhausted), the outcome, the
    commit and the seconds."""
    found = [[int(g) for g in m.groups()] for m in _STATS.finditer(text)]
    totals = [sum(column) for column in zip(*found, strict=True)] if found else [0, 0, 0]
    passing, failing, invalid = totals
    stops = _STOP.findall(text)
    outcome = _OUTCOME.search(text)
    head = _HEAD.search(text)
    seconds = re.search(r"^# seconds=(\d+)$", text, re.MULTILINE)
    return (
        passing, failing, invalid,
        stops[-1] if stops else "",
        outcome.group(2) if outcome else "not finished",
        head.group(2).removeprefix("commit=") if head else "",
        seconds.group(1) if seconds else "",
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--logs", type=Path, default=ROOT / "fuzz-logs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "tests", nargs="*", help="test ids to run (default: every test of tests/fuzz)"
    )
    args = parser.parse_args()
    args.logs.mkdir(parents=True, exist_ok=True)
    tests = args.tests or _collect()
    commit = _commit()
    todo = [t for t in tests if not _finished(_log_path(args.logs, t), args.examples)]
    todo.sort(key=_cost)
    print(f"{len(tests) - len(todo)} of {len(tests)} tests already finished; running {len(todo)}")
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for test in todo:
            pool.submit(_run, test, _log_path(args.logs, test), args.examples, commit)
    rows = {t: _figures(_log_path(args.logs, t).read_text(encoding="utf-8")) for t in tests}
    lines = [
        f"# Fuzz campaign: CSF_FUZZ_EXAMPLES={args.examples}",
        "",
        "| test | passing | failing | invalid | stopped because | outcome | commit | s |",
        "| --- | ---: | ---: | ---: | --- | --- | --- | ---: |",
    ]
    lines += [
        f"| `{t.removeprefix('tests/fuzz/')}` | {p:,} | {f:,} | {i:,} | {why} | {o} | {c} | {s} |"
        for t, (p, f, i, why, o, c, s) in sorted(rows.items())
    ]
    failed = [t for t, row in rows.items() if row[4] != "PASSED" or row[1]]
    total = [sum(row[0] for row in rows.values()), sum(row[1] for row in rows.values())]
    lines += [
        "",
        f"{len(rows)} tests, {total[0]:,} passing examples, {total[1]:,} failing.",
        "",
        "Outcome: " + (f"FAILED: {', '.join(failed)} (see the logs)" if failed else "all passed"),
    ]
    (args.logs / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
