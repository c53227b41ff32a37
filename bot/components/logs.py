"""The one place logging is set up (polling and webhook alike), with secrets redacted; what updates may log."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

from telegram import Update

from bot.settings import Settings


class RedactSecrets(logging.Filter):
    """Replaces secret values in a record's message and traceback.

    A last line of defence: python-telegram-bot puts the token in the message of
    InvalidToken, and httpx puts it in request URLs.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg, record.args = self._redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """The one place logging is set up, for polling and webhook alike."""
    secrets = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.webhook_secret) if s is not None]
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return handler


def described(update: Update) -> str:
    """What an operator needs to know of an update, and nothing a user wrote: no text, name or chat id."""
    kind = next((name for name in ("message", "callback_query", "inline_query") if getattr(update, name)), "other")
    chat = update.effective_chat.type if update.effective_chat else "no"
    return f"update {update.update_id} ({kind}, {chat} chat)"
