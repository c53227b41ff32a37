"""A fresh serving process, timed and weighed: what `hoidap ask --json` costs a user question by question."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

SERVE_AND_REPORT = """
import sys
from bot.cli import cli
try:
    cli(["ask", "--json", "--db", sys.argv[1]], standalone_mode=False)
finally:
    status = open("/proc/self/status").read()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")), file=sys.stderr)
"""


def time_serving(db: Path, asked: list[str]) -> dict:
    """A new `hoidap ask --json` process answers each question in turn: its first answer from start,
    each answer's time, its peak RSS (its own VmHWM, after the last answer).

    The peak is read by the process itself: a forked child's rusage would also count the
    parent's pages from before exec.
    """
    env = {**os.environ, "HOIDAP_SEMANTIC": "false"}
    start = time.perf_counter()
    times = []
    with subprocess.Popen(
        [sys.executable, "-c", SERVE_AND_REPORT, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        assert child.stdin and child.stdout
        for number, question in enumerate(asked):
            sent = time.perf_counter()
            child.stdin.write(question + "\n")
            child.stdin.flush()
            if not child.stdout.readline():
                break
            times.append(time.perf_counter() - (start if number == 0 else sent))
        _, errors = child.communicate(timeout=600)
    if child.returncode != 0 or len(times) != len(asked):
        raise RuntimeError(f"serving process failed: {errors.strip().splitlines()[-1:]}")
    return {
        "questions": len(asked),
        "first_answer_s": round(times[0], 2),
        "ask_p50_ms": round(float(np.percentile(times[1:] or times, 50)) * 1000, 2),
        "serving_peak_rss_mb": round(int(errors.strip().splitlines()[-1]) / 1024, 1),
    }
