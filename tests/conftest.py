import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.engine import SEEDS, Engine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """An engine over the bundled seeds in a fresh database."""
    return Engine(tmp_path / "hoidap.db")


def run_cli(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` the way a user runs `hoidap ARGS`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120
    )


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


__all__ = ["SEEDS", "ROOT", "run_cli", "json_lines"]
