"""Settings: a missing or malformed one stops start-up with one line naming it, never echoing a secret."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT

BASE = {"TELEGRAM_BOT_TOKEN": "123:token-value", "WEBHOOK_URL": "https://bot.example/hook", "WEBHOOK_SECRET": "s3cret"}


def start(command: str, tmp_path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in BASE and k not in ("PORT", "HOIDAP_DB")}
    env.update({k: v for k, v in {**BASE, **overrides}.items() if v is not None})
    env["HOIDAP_DB"] = str(tmp_path / "s.db")
    # Run from an empty folder so that no .env file is read.
    return subprocess.run(
        [sys.executable, "-m", "bot", command],
        env=env | {"PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("command", "overrides", "message"),
    [
        ("polling", {"TELEGRAM_BOT_TOKEN": None}, "Error: setting TELEGRAM_BOT_TOKEN is required but not set"),
        ("polling", {"TELEGRAM_BOT_TOKEN": "  "}, "Error: setting TELEGRAM_BOT_TOKEN is required but not set"),
        ("webhook", {"WEBHOOK_SECRET": None}, "Error: setting WEBHOOK_SECRET is required but not set"),
        ("webhook", {"PORT": "eighty"}, "Error: setting PORT is invalid"),
        ("webhook", {"WEBHOOK_URL": "http://bot.example/hook"}, "Error: setting WEBHOOK_URL is invalid"),
        ("webhook", {"WEBHOOK_SECRET": "has spaces and !"}, "Error: setting WEBHOOK_SECRET is invalid"),
    ],
)
def test_bad_setting_is_one_clear_line(tmp_path, command, overrides, message):
    result = start(command, tmp_path, **overrides)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "token-value" not in result.stderr and "has spaces" not in result.stderr
