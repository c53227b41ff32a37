"""What tests share besides fixtures: paths, settings for a bot, and the two ways to run the command line.

- invoke(ARGS): `hoidap ARGS` in this process, through click's CliRunner. Most CLI tests use it.
- run_process(ARGS) / start_process(ARGS): `python -m bot ARGS` as a real process, for what needs
  one (process exit, signals, several processes at once, the command as deployed).

Both turn semantic re-ranking off unless asked for: embedding the seeds takes seconds a run,
and tests/test_semantic.py covers it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from botapi_stub import TOKEN, BotApiStub
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.settings import Settings
from retrieval.engine import SEEDS

ROOT = Path(__file__).resolve().parents[1]

# A variable given as None is removed from the command's environment.
Env = Mapping[str, str | None]


def bot_settings(stub: BotApiStub, tmp_path: Path, **more: Any) -> Settings:
    """Settings for a bot that talks to the stand-in, over the engine fixture's database."""
    return Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_base_url=stub.base_url,
        hoidap_db=tmp_path / "hoidap.db",
        **{"hoidap_semantic": False, **more},
    )


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _settings_env(semantic: bool, env: Env | None) -> dict[str, str | None]:
    return {"HOIDAP_SEMANTIC": str(semantic).lower(), **(env or {})}


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _logging_as_in_a_new_process() -> Iterator[None]:
    """Logging as a fresh `hoidap` process has it, and as it was afterwards.

    With no handler on the root logger, a warning goes to the stderr of the moment (logging's
    last resort), which is the result's stderr during the call. What the command sets up
    (bot.components.logs.configure_logging adds a handler on the then stderr and sets levels)
    is undone, so it neither writes to a closed stream nor changes later tests.
    """
    root = logging.getLogger()
    named = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    handlers, level, levels = root.handlers[:], root.level, [logger.level for logger in named]
    root.handlers.clear()
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for logger, was in zip(named, levels):
            logger.setLevel(was)


def invoke(
    *args: str, stdin: str | None = None, cwd: Path = ROOT, semantic: bool = False, env: Env | None = None
) -> Result:
    """Run `hoidap ARGS` in this process, as a user runs it from cwd: exit_code, stdout and stderr apart.

    env adds to (None: removes from) the environment for the call, which is also where settings
    come from, with the .env file of cwd. An exception the command does not handle is raised
    here, where a process would print a traceback.
    """
    with _working_directory(cwd), _logging_as_in_a_new_process():
        result = CliRunner().invoke(
            cli, list(args), input=stdin, env=_settings_env(semantic, env), prog_name="hoidap", catch_exceptions=False
        )
    return result


def start_process(
    *args: str,
    cwd: Path = ROOT,
    semantic: bool = False,
    env: Env | None = None,
    stdin: int | IO[Any] | None = subprocess.DEVNULL,
    stdout: int | IO[Any] | None = subprocess.PIPE,
    stderr: int | IO[Any] | None = subprocess.PIPE,
) -> subprocess.Popen[str]:
    """Start `python -m bot ARGS`, the way `hoidap ARGS` runs, in a process of its own (text streams)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for name, value in _settings_env(semantic, env).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )


def run_process(
    *args: str,
    stdin: str | None = None,
    cwd: Path = ROOT,
    semantic: bool = False,
    env: Env | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` to its end in a process of its own: returncode, stdout, stderr."""
    piped = subprocess.PIPE if stdin is not None else subprocess.DEVNULL
    with start_process(*args, cwd=cwd, semantic=semantic, env=env, stdin=piped) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


__all__ = [
    "ROOT",
    "SEEDS",
    "bot_settings",
    "invoke",
    "json_lines",
    "run_process",
    "start_process",
]
