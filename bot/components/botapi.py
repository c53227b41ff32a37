"""The Bot API as the bot talks to it: its answers read safely, replies retried, start-up checked.

Every Bot API answer (long polling's getUpdates too) is read through read_json, and a
webhook body as well; a reply that fails in a way that may pass is retried for a while.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.request import HTTPXRequest, RequestData

from bot.settings import Settings

log = logging.getLogger(__name__)

TOKEN_REJECTED = "Telegram rejected TELEGRAM_BOT_TOKEN; check the token BotFather gave you"
# Replies are retried while the Bot API fails in a way that may pass (network, timeout, 5xx, 429), for
# at most SEND_RETRY_SECONDS: waits of RETRY_FIRST_DELAY, doubling up to RETRY_MAX_DELAY.
RETRIED_METHODS = frozenset({"sendMessage"})
RETRY_FIRST_DELAY = 0.5
RETRY_MAX_DELAY = 8.0


class StartupError(Exception):
    """The bot cannot start (Bot API unreachable, token rejected); the message is one line saying what to do."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(data: Any) -> Any:
    """data with every lone UTF-16 surrogate in its strings replaced by U+FFFD, in place where it can be.

    JSON may escape half of a surrogate pair ("\\ud800"); Python then holds a str that
    cannot be encoded (logged, rendered, sent back), so it is replaced where updates come in.
    """
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    stack = [data]
    while stack:  # no recursion: the depth of what comes in is not ours to choose
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, str):
                if _LONE_SURROGATE.search(value):
                    node[key] = _LONE_SURROGATE.sub("\ufffd", value)
            elif isinstance(value, dict | list):
                stack.append(value)
    return data


def read_json(payload: bytes) -> Any:
    """JSON from Telegram (a Bot API answer or a webhook update), lone surrogates replaced; ValueError if not JSON."""
    try:
        return without_lone_surrogates(json.loads(payload.decode("utf-8", "replace")))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


class BotApiRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, reading every answer through read_json and retrying replies.

    A reply (RETRIED_METHODS) that fails in a way that may pass (network error, timeout,
    5xx, 429 with its retry_after) is sent again after a backoff, for at most
    retry_seconds; a bad request or a chat that blocked the bot is not retried.
    """

    def __init__(self, *args: Any, retry_seconds: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = retry_seconds
        self._stopping = asyncio.Event()

    @staticmethod
    def parse_json_payload(payload: bytes) -> Any:
        try:
            return read_json(payload)
        except ValueError as error:  # not logged: the payload may hold users' messages
            raise TelegramError("Invalid server response") from error

    def stop_retrying(self) -> None:
        """Shutting down: a reply waiting to be retried gets one last attempt, now."""
        self._stopping.set()

    # python-telegram-bot marks post final, but it is the one call every Bot API method goes through: the only
    # place to retry a send that failed in a way that may pass.
    async def post(  # type: ignore[misc, override]
        self, url: str, request_data: RequestData | None = None, **timeouts: Any
    ) -> Any:
        method = url.rpartition("/")[2]
        if method not in RETRIED_METHODS or self.retry_seconds <= 0:
            return await super().post(url, request_data, **timeouts)
        deadline = time.monotonic() + self.retry_seconds
        delay = RETRY_FIRST_DELAY
        while True:
            try:
                return await super().post(url, request_data, **timeouts)
            except (NetworkError, RetryAfter) as error:  # TimedOut is a NetworkError
                if isinstance(error, BadRequest) or self._stopping.is_set():
                    raise
                wait = _retry_after(error) if isinstance(error, RetryAfter) else delay
                if time.monotonic() + wait > deadline:
                    raise
                log.warning("%s failed (%s: %s); retrying in %.1f s", method, type(error).__name__, error, wait)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), wait)
                delay = min(2 * delay, RETRY_MAX_DELAY)


def _retry_after(error: RetryAfter) -> float:
    value = getattr(error, "_retry_after", 1)  # the attribute itself warns of a coming type change
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def undeliverable(error: object) -> bool:
    """Whether a reply failed because the Bot API could not be reached or refused the bot (not our bug)."""
    return isinstance(error, NetworkError | RetryAfter | InvalidToken) and not isinstance(error, BadRequest)


def bot_api_host(settings: Settings) -> str:
    """Where the Bot API is, without the token: host and port of TELEGRAM_BASE_URL."""
    return urlsplit(settings.telegram_base_url).netloc.rpartition("@")[2] or settings.telegram_base_url


async def check_bot_api(settings: Settings) -> None:
    """One getMe: StartupError with one line when the Bot API cannot be reached or rejects the token."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    try:
        async with Bot(token, base_url=settings.telegram_base_url):
            pass
    except InvalidToken:
        raise StartupError(TOKEN_REJECTED) from None
    except TelegramError as error:
        reason = f"{error}".replace(token, "[redacted]")
        raise StartupError(
            f"cannot reach the Telegram Bot API at {bot_api_host(settings)}: {reason}; "
            "check TELEGRAM_BASE_URL and the network"
        ) from None


def file_base_url(base_url: str) -> str:
    """The Bot API's file download base for its method base: https://api.telegram.org/bot -> .../file/bot."""
    head, _, method_prefix = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{method_prefix}"


class BotApplication(Application):
    """Stopping gives a reply still being retried one last attempt: a stop takes seconds, not the retry bound."""

    async def stop(self) -> None:
        if isinstance(self.bot.request, BotApiRequest):
            self.bot.request.stop_retrying()
        await super().stop()


async def quietly(call: Awaitable[object], what: str) -> None:
    """Await a call the reply does not depend on; a failure is logged, not raised."""
    try:
        await call
    except TelegramError as error:
        log.warning("%s failed: %s", what, error)
