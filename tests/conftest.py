import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botapi_stub import TOKEN, BotApiStub

from bot.settings import Settings
from retrieval.engine import SEEDS, Engine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """An engine over the bundled seeds in a fresh database."""
    return Engine(tmp_path / "hoidap.db")


@pytest.fixture
def stub() -> Iterator[BotApiStub]:
    """The Bot API stand-in, on 127.0.0.1."""
    with BotApiStub().running() as running:
        yield running


def bot_settings(stub: BotApiStub, tmp_path: Path, **more: Any) -> Settings:
    """Settings for a bot that talks to the stand-in, over the engine fixture's database."""
    return Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_base_url=stub.base_url,
        hoidap_db=tmp_path / "hoidap.db",
        **{"hoidap_semantic": False, **more},
    )


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path = ROOT, semantic: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` the way a user runs `hoidap ARGS`.

    Semantic re-ranking is off unless asked for: embedding the seeds takes seconds a run,
    and tests/test_semantic.py covers it.
    """
    env = {**os.environ, "HOIDAP_SEMANTIC": str(semantic).lower()}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=300, env=env
    )


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


__all__ = ["SEEDS", "ROOT", "run_cli", "json_lines", "bot_settings"]
