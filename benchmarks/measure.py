"""What the benchmark scripts share: one measurement in a fresh child process, its
time and its peak memory (Linux ``VmHWM``, reset before the measured call)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def status(key: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {key} in /proc/self/status")


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux >= 4.0)


def release_memory() -> None:
    """Give back to the system the memory a measurement's setup freed (Python's, Arrow's
    pool, the C library's), so the measured call starts as in a user's process: no
    method reuses pages its setup left resident (Arrow's pool and the C library keep
    them; polars' own allocator does not, which would flatter the others)."""
    import ctypes

    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()
    ctypes.CDLL("libc.so.6").malloc_trim(0)


def timed(run: Callable[[], Any], repeat: int) -> tuple[list[float], int]:
    """Each run's seconds, and the largest extra resident memory of any run."""
    times, peak = [], 0
    for _ in range(repeat):
        rss = status("VmRSS")
        reset_peak()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
        peak = max(peak, status("VmHWM") - rss)
        del result
    return times, peak


def in_child(script: str, method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    """Run ``script --child method n repeat`` in a fresh process; its JSON answer."""
    done = subprocess.run(
        [sys.executable, script, "--child", method, str(n_accounts), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
