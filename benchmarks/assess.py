"""Benchmark: ``assess()`` of one typical account, now and before the layered package.

A typical account has 10 commitments (kept, late, missed and open), 3 outcomes, four
health components and three owner roles. The script times ``assess`` on it in this
checkout and in the release before the package was layered (commit ``BASELINE``,
checked out with ``git worktree`` into a temporary folder), each in a fresh child
process, and prints one table with the ratio of each to this checkout's figure. A
second table shows what a loop of ``assess`` over many accounts costs next to
``score_book`` on the same accounts, the tool made for that.

    .venv/bin/python benchmarks/assess.py                 # both tables
    .venv/bin/python benchmarks/assess.py --no-baseline   # this checkout only
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The last commit before the layered package (the figure the layout issue started from).
BASELINE = "8d991fc"

#: Run in a child process with the package to time on its path; prints JSON.
CHILD = r"""
import json, statistics, sys, time
from datetime import UTC, date, datetime, timedelta
import cs_framework as csf

day = date(2026, 6, 30)
at = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)


def typical(k: int) -> csf.Account:
    aid = f"acct-{k}"
    commitments = [
        csf.Commitment(
            id=f"c{j}", account_id=aid, description="Send the SSO guide",
            owner=None if j % 3 == 0 else "dana",
            made_on=day - timedelta(days=120 + j), due=day - timedelta(days=60 - 12 * j),
            kept_on=day - timedelta(days=70 - 12 * j) if j % 2 else None,
        )
        for j in range(10)
    ]
    outcomes = [
        csf.Outcome(
            id=f"o{j}", account_id=aid, description="Cut triage time", metric="minutes",
            baseline=30.0, target=10.0, current=30.0 - 6 * j, documented=True,
            acknowledged=j == 2,
        )
        for j in range(3)
    ]
    return csf.Account(
        id=aid, name=f"Account {k}", arr=50_000.0 + 997 * k, credibility=7.0,
        intimacy=6.0, self_orientation=3.0,
        health={"adoption": 60.0, "engagement": 50.0, "support": 70.0, "sentiment": None},
        commitments=commitments, outcomes=outcomes, decision_maker="Pat",
        day_to_day_owner="Kim", last_executive_touch=day - timedelta(days=20),
        renewal_on=day + timedelta(days=200),
    )


def seconds(call, number):
    call()  # warm: imports, caches
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(number):
            call()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


mode, n = sys.argv[1], int(sys.argv[2])
policy = csf.Policy()
if mode == "one":
    account = typical(0)
    result = seconds(lambda: csf.assess(account, as_of=day, policy=policy, scored_at=at), n)
else:
    accounts = [typical(k) for k in range(n)]
    book = csf.Book.from_accounts(accounts)
    if mode == "loop":
        result = seconds(
            lambda: [csf.assess(a, as_of=day, policy=policy, scored_at=at) for a in accounts], 1
        )
    else:
        result = seconds(lambda: csf.score_book(book, as_of=day, policy=policy, scored_at=at), 1)
print(json.dumps({"seconds": result}))
"""


def _run(src: Path, mode: str, n: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(n)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.splitlines()[-1])["seconds"])


def _baseline_src(folder: Path) -> Path | None:
    """The baseline release's ``src`` folder, checked out into ``folder``; None if absent."""
    checkout = folder / "baseline"
    made = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(checkout), BASELINE],
        capture_output=True,
        text=True,
    )
    return checkout / "src" if made.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip the earlier release")
    parser.add_argument("--calls", type=int, default=2_000, help="assess calls per timing run")
    parser.add_argument("--accounts", type=int, default=10_000, help="accounts in the loop")
    options = parser.parse_args(argv)
    here = ROOT / "src"
    now = _run(here, "one", options.calls)
    rows = [("assess(), this checkout", now)]
    with tempfile.TemporaryDirectory() as tmp:
        src = None if options.no_baseline else _baseline_src(Path(tmp))
        if src is not None:
            rows.append(
                (
                    f"assess(), release {BASELINE} (before the layers)",
                    _run(src, "one", options.calls),
                )
            )
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(src.parent)],
                capture_output=True,
            )
        elif not options.no_baseline:
            rows.append(
                (f"assess(), release {BASELINE}: not in this clone's history", float("nan"))
            )
    print("One typical account (10 commitments, 3 outcomes), median of 7 runs")
    print(f"  {'what':52} {'per call':>12} {'ratio':>7}")
    for name, seconds in rows:
        print(f"  {name:52} {seconds * 1e6:9.0f} us {seconds / now:6.2f}x")
    loop = _run(here, "loop", options.accounts)
    book = _run(here, "book", options.accounts)
    print(f"\n{options.accounts:,} typical accounts, this checkout, median of 7 runs")
    print(f"  {'what':52} {'total':>12} {'ratio':>7}")
    print(f"  {'score_book on a Book of them':52} {book:10.3f} s {1.0:6.2f}x")
    print(f"  {'assess() in a loop over them':52} {loop:10.3f} s {loop / book:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
