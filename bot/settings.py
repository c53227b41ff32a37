"""Settings from the environment and a .env file (pydantic-settings).

Secrets are SecretStr: their repr and str never show the value, so they
cannot reach a log or a traceback by accident.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, PrivateAttr, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from retrieval.fetch import DEFAULT_DELAY
from retrieval.sources import Limits


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line that names it."""


OFFICIAL_BOT_API = "api.telegram.org"
# Settings only the bot (polling, webhook) reads: a malformed one stops the bot, naming it, and never
# `hoidap ask` or `hoidap ingest`, which do not use it.
BOT_SETTINGS = (
    "telegram_base_url",
    "webhook_url",
    "webhook_secret",
    "port",
    "rate_limit_per_minute",
    "log_level",
    "webhook_max_body_bytes",
    "webhook_max_json_depth",
    "full_article_max_messages",
    "send_retry_seconds",
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    hoidap_db: Path = Field(Path("data/hoidap.db"), description="SQLite database; the index is saved beside it")
    hoidap_top_k: int = Field(3, ge=1, le=20, description="cited passages per answer")
    telegram_bot_token: SecretStr | None = Field(None, description="the bot's token from BotFather")
    telegram_base_url: str = Field("https://api.telegram.org/bot", description="Bot API base URL (base_url form)")
    webhook_url: str | None = Field(None, description="public HTTPS URL Telegram posts updates to")
    webhook_secret: SecretStr | None = Field(None, description="secret token Telegram sends with each update")
    port: int = Field(8080, ge=1, le=65535, description="port the webhook server listens on")
    rate_limit_per_minute: int = Field(20, ge=1, description="questions one chat may ask per minute")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="the bot's logging level")
    webhook_max_body_bytes: int = Field(
        1_048_576, ge=1024, description="largest webhook request body accepted (413 above it)"
    )
    webhook_max_json_depth: int = Field(
        64, ge=8, le=500, description="deepest JSON nesting accepted in a webhook body (400 beyond it)"
    )
    full_article_max_messages: int = Field(
        5, ge=2, le=50, description="messages a 'Cả bài' or 'Đoạn' button sends at most; the last says where to read on"
    )
    send_retry_seconds: float = Field(
        30.0, ge=0, le=300, description="how long a reply is retried while the Bot API fails (network, 5xx, 429)"
    )
    _invalid: dict[str, str] = PrivateAttr(default_factory=dict)
    hoidap_semantic: bool = Field(
        True, description="embed paragraphs at ingest and re-rank BM25's candidates with them (multilingual-e5-small)"
    )
    hoidap_max_file_mb: float = Field(20, gt=0, description="largest article file (or page text) stored, in MB")
    hoidap_max_paragraphs: int = Field(5000, ge=1, description="most paragraphs one article may have")
    log_questions: bool = Field(
        True, description="log each question asked in Telegram or chat (text, time, outcome; no identity)"
    )
    # NoDecode: lists are written "a, b" in the environment, not as JSON.
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="Telegram user ids that may add articles through the bot; empty: nobody"
    )
    feeds: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="RSS/Atom feed or sitemap URLs the bot re-reads every REFRESH_MINUTES"
    )
    refresh_minutes: int = Field(60, ge=1, description="minutes between two reads of FEEDS")
    hoidap_fetch_delay: float = Field(DEFAULT_DELAY, ge=0, description="seconds between two requests to one web site")

    @field_validator("telegram_bot_token", "webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # "WEBHOOK_SECRET=" in a .env file means "not set", not "set to nothing".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_is_https(cls, value: str | None, info: ValidationInfo) -> str | None:
        # api.telegram.org only posts to HTTPS; a local Bot API server (another TELEGRAM_BASE_URL)
        # also posts to http:// on any port.
        official = urlsplit(str(info.data.get("telegram_base_url", ""))).hostname == OFFICIAL_BOT_API
        schemes = ("https://",) if official else ("https://", "http://")
        if value is not None and not value.lower().startswith(schemes):
            if official:
                raise ValueError("must be an https:// URL (api.telegram.org only posts to HTTPS)")
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_allowed_by_telegram(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if value is not None:
            secret = value.get_secret_value()
            if not (1 <= len(secret) <= 256 and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in secret)):
                raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _user_ids(cls, value: object) -> object:
        if isinstance(value, str):
            ids = _split(value)
            if not all(part.isascii() and part.isdigit() for part in ids):
                raise ValueError("must be Telegram user ids (whole numbers) separated by commas")
            return frozenset(int(part) for part in ids)
        return value

    @field_validator("feeds", mode="before")
    @classmethod
    def _feed_urls(cls, value: object) -> object:
        urls = _split(value) if isinstance(value, str) else value
        if isinstance(urls, list | tuple):
            for url in urls:
                if not (isinstance(url, str) and re.match(r"https?://[^/\s]+", url, re.IGNORECASE)):
                    raise ValueError("must be http(s):// URLs separated by commas or spaces")
        return urls

    @property
    def limits(self) -> Limits:
        """How big one article may be (see retrieval.engine.Limits)."""
        return Limits(int(self.hoidap_max_file_mb * 1_000_000), self.hoidap_max_paragraphs)

    def check(self, *names: str) -> None:
        """Raise SettingsError naming the first of these settings that was given a malformed value."""
        for name in names:
            if name in self._invalid:
                raise SettingsError(self._invalid[name])

    def require(self, *names: str) -> None:
        """Raise SettingsError naming the first of these settings that is malformed or not set."""
        self.check(*names)
        for name in names:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            if value in (None, ""):
                raise SettingsError(f"setting {name.upper()} is required but not set")


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+", text) if part]


def load_settings(**overrides: object) -> Settings:
    """Settings, or SettingsError with one line naming the first bad one.

    A malformed setting of BOT_SETTINGS takes its default here and is reported
    by Settings.check (or require) where the bot starts, so `hoidap ask` still runs.
    """
    given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    try:
        try:
            return Settings(**given)
        except ValidationError as error:
            problems: dict[str, str] = {}
            for found in error.errors():
                name = str(found["loc"][0]) if found["loc"] else "settings"
                problems.setdefault(name, f"setting {name.upper()} is invalid: {found['msg']}")
            first = next((p for name, p in problems.items() if name not in BOT_SETTINGS), None)
            if first is not None:
                raise SettingsError(first) from None
            defaults: dict[str, Any] = {
                name: Settings.model_fields[name].get_default(call_default_factory=True) for name in problems
            }
            settings = Settings(**given, **defaults)
            settings._invalid = problems
            return settings
    except UnicodeDecodeError as error:
        raise SettingsError(
            f"file .env is not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start}); "
            "save it as UTF-8"
        ) from None
    except SourceError as error:
        raise SettingsError(f"settings could not be read: {str(error).splitlines()[0]}") from None
    except OSError as error:
        raise SettingsError(f"cannot read .env: {error.strerror or error}") from None
