"""Settings from the environment and a .env file (pydantic-settings).

Secrets are SecretStr: their repr and str never show the value, so they
cannot reach a log or a traceback by accident.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line that names it."""


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
    hoidap_semantic: bool = Field(
        True, description="embed paragraphs at ingest and re-rank BM25's candidates with them (multilingual-e5-small)"
    )
    # NoDecode: lists are written "a, b" in the environment, not as JSON.
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="Telegram user ids that may add articles through the bot; empty: nobody"
    )
    feeds: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="RSS/Atom feed or sitemap URLs the bot re-reads every REFRESH_MINUTES"
    )
    refresh_minutes: int = Field(60, ge=1, description="minutes between two reads of FEEDS")
    hoidap_fetch_delay: float = Field(1.0, ge=0, description="seconds between two requests to one web site")

    @field_validator("telegram_bot_token", "webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # "WEBHOOK_SECRET=" in a .env file means "not set", not "set to nothing".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_is_https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// URL (Telegram only posts to HTTPS)")
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

    def require(self, *names: str) -> None:
        """Raise SettingsError naming the first of these settings that is not set."""
        for name in names:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            if value in (None, ""):
                raise SettingsError(f"setting {name.upper()} is required but not set")


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+", text) if part]


def load_settings(**overrides: object) -> Settings:
    """Settings, or SettingsError with one line naming the first bad one."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise SettingsError(f"setting {name} is invalid: {first['msg']}") from None
