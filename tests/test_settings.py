"""Settings: a missing or malformed one stops start-up with one line naming it, never echoing a secret."""

import json

import pytest
from click.testing import Result
from pydantic import ValidationError

from bot.settings import Settings
from helpers import invoke

UNREACHABLE = "http://127.0.0.1:9/bot"
BASE = {"TELEGRAM_BOT_TOKEN": "123:token-value", "WEBHOOK_URL": "https://bot.example/hook", "WEBHOOK_SECRET": "s3cret"}


def start(command: str, tmp_path, *args: str, **overrides: str | None) -> Result:
    env = {"PORT": None, **BASE, **overrides, "HOIDAP_DB": str(tmp_path / "s.db")}
    # Run from an empty folder so that no .env file is read (unless the test writes one).
    return invoke(command, *args, cwd=tmp_path, env=env)


@pytest.mark.parametrize(
    ("command", "overrides", "message"),
    [
        ("polling", {"TELEGRAM_BOT_TOKEN": None}, "Error: setting TELEGRAM_BOT_TOKEN is required but not set"),
        ("polling", {"TELEGRAM_BOT_TOKEN": "  "}, "Error: setting TELEGRAM_BOT_TOKEN is required but not set"),
        ("webhook", {"WEBHOOK_SECRET": None}, "Error: setting WEBHOOK_SECRET is required but not set"),
        ("webhook", {"PORT": "eighty"}, "Error: setting PORT is invalid"),
        ("webhook", {"WEBHOOK_URL": "http://bot.example/hook"}, "Error: setting WEBHOOK_URL is invalid"),
        ("webhook", {"WEBHOOK_SECRET": "has spaces and !"}, "Error: setting WEBHOOK_SECRET is invalid"),
        ("webhook", {"LOG_LEVEL": "LOUD"}, "Error: setting LOG_LEVEL is invalid"),
        ("webhook", {"WEBHOOK_MAX_JSON_DEPTH": "deep"}, "Error: setting WEBHOOK_MAX_JSON_DEPTH is invalid"),
        ("polling", {"FULL_ARTICLE_MAX_MESSAGES": "1"}, "Error: setting FULL_ARTICLE_MAX_MESSAGES is invalid"),
        ("polling", {"SEND_RETRY_SECONDS": "-1"}, "Error: setting SEND_RETRY_SECONDS is invalid"),
        # Port 9 (discard) on this machine: nothing listens, the connection is refused.
        ("polling", {"TELEGRAM_BASE_URL": UNREACHABLE}, "Error: cannot reach the Telegram Bot API at 127.0.0.1:9: "),
        ("webhook", {"TELEGRAM_BASE_URL": UNREACHABLE}, "Error: cannot reach the Telegram Bot API at 127.0.0.1:9: "),
    ],
)
def test_bad_setting_is_one_clear_line(tmp_path, command, overrides, message):
    result = start(command, tmp_path, **overrides)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "token-value" not in result.stderr and "has spaces" not in result.stderr


def test_a_malformed_bot_setting_does_not_stop_ask(tmp_path):
    # PORT and the other bot-only settings are checked where the bot starts, not by `hoidap ask`.
    result = start(
        "ask", tmp_path, "--json", "Thái Nguyên tổ chức hội nghị TTĐN khi nào?", PORT="eighty", LOG_LEVEL="x"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answer"] == "Chiều ngày 03/7/2024"


def test_env_file_not_in_utf8_is_one_line_naming_it(tmp_path):
    (tmp_path / ".env").write_bytes("HOIDAP_TOP_K=3\n# Công an\n".encode("latin-1"))  # saved in a legacy code page
    result = start("ask", tmp_path, "câu hỏi")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: file .env is not UTF-8 text"), result.stderr


def test_webhook_url_may_be_http_only_with_a_local_bot_api_server():
    local = Settings(_env_file=None, telegram_base_url="http://127.0.0.1:8081/bot", webhook_url="http://bot:8443/hook")
    assert local.webhook_url == "http://bot:8443/hook"
    with pytest.raises(ValidationError, match="api.telegram.org only posts to HTTPS"):
        Settings(_env_file=None, webhook_url="http://bot.example/hook")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, telegram_base_url="http://127.0.0.1:8081/bot", webhook_url="ftp://bot/hook")


def test_log_level_is_read_in_any_case():
    assert Settings(_env_file=None, log_level="debug").log_level == "DEBUG"
