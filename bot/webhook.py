"""Webhook mode: a Starlette app that Telegram posts updates to, served by uvicorn.

Follows python-telegram-bot's customwebhookbot example (an Application without
an Updater), except that the endpoint handles the update itself and answers
Telegram only when the reply is sent: 200 then, an error status when the Bot API
did not take it, so Telegram delivers the update again. An update is never
acknowledged and then lost, not on a failing Bot API, a SIGTERM or a SIGKILL.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import signal
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.error import InvalidToken
from telegram.ext import Application

from bot.components.botapi import TOKEN_REJECTED, BotApiRequest, check_bot_api, read_json
from bot.components.logs import configure_logging, described
from bot.components.state import STATE_KEY, BotState
from bot.settings import Settings
from bot.telegram import ALLOWED_UPDATES, SHUTDOWN_GRACE, build_application, on_startup
from retrieval.engine import Engine

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))


def json_too_deep(body: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects deeper than limit; measured without recursion or parsing."""
    depth = 0
    for byte in _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request's body, or None when it is (or says it is) larger than limit bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


@dataclass
class _Bot:
    application: Application | None = None
    ready: bool = False


def create_app(settings: Settings, engine_factory: Callable[[], Engine] | None = None) -> Starlette:
    """The ASGI app; the engine, the bot and the webhook registration come up in its lifespan.

    The engine is made there, on the serving event loop's thread, because its
    SQLite connection may only be used from the thread that opened it.
    """
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value().encode()
    path = urlsplit(settings.webhook_url).path or "/"
    bot = _Bot()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        engine = (engine_factory or (lambda: Engine(settings.hoidap_db, semantic=settings.hoidap_semantic)))()
        _ = engine.index  # load (or build) it now, so /healthz means ready and no question waits for it
        application = build_application(settings, engine, updater=False)
        try:
            await application.initialize()
        except InvalidToken:
            raise RuntimeError(TOKEN_REJECTED) from None
        try:
            await on_startup(application)
            assert settings.webhook_secret is not None  # required before the server starts (hoidap webhook)
            await application.bot.set_webhook(
                url=settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
            await application.start()
            bot.application, bot.ready = application, True
            log.info("webhook registered; serving updates at %s", path)
            yield
        finally:
            bot.ready = False
            if application.running:
                await application.stop()
            await application.shutdown()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            log.warning("refused a webhook request without the right secret token")
            return Response(status_code=403)
        if not bot.ready or bot.application is None:
            return Response(status_code=503)  # Telegram retries later
        application = bot.application
        body = await read_body(request, settings.webhook_max_body_bytes)
        if body is None:
            # The rest of the body is not read: the connection cannot be reused, so it is closed.
            limit = f"body larger than {settings.webhook_max_body_bytes} bytes"
            return PlainTextResponse(limit, status_code=413, headers={"Connection": "close"})
        if json_too_deep(body, settings.webhook_max_json_depth):
            return PlainTextResponse(f"JSON nested deeper than {settings.webhook_max_json_depth}", status_code=400)
        try:
            data = read_json(body)
        except ValueError:
            return PlainTextResponse("body is not JSON", status_code=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return PlainTextResponse("body is not an update", status_code=400)
        try:
            update = Update.de_json(data, application.bot)
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
            return PlainTextResponse("body is not an update", status_code=400)
        # Handled here, not queued: Telegram gets 200 once the reply is sent (errors go to on_error).
        await application.update_processor.process_update(update, application.process_update(update))
        state: BotState = application.bot_data[STATE_KEY]
        if state.undelivered.discard(update.update_id):
            state.seen_updates.discard(update.update_id)  # so that Telegram's next delivery is answered
            log.warning("%s: answered 503, Telegram will deliver it again", described(update))
            return PlainTextResponse("the Bot API did not take the reply; deliver again later", status_code=503)
        return Response()

    async def healthz(_: Request) -> Response:
        if bot.ready:
            return PlainTextResponse("ok")
        return PlainTextResponse("starting", status_code=503)

    app = Starlette(
        routes=[Route(path, telegram, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])],
        lifespan=lifespan,
    )
    app.state.bot = bot
    return app


class _Server(uvicorn.Server):
    """uvicorn's server; as soon as it starts shutting down, replies being retried get their last attempt."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        application = cast(Starlette, self.config.app).state.bot.application
        if application is not None and isinstance(application.bot.request, BotApiRequest):
            application.bot.request.stop_retrying()
        await super().shutdown(sockets)


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)


def run_webhook(settings: Settings) -> None:
    """Serve on 0.0.0.0:$PORT until SIGTERM or Ctrl-C; StartupError when the Bot API cannot be reached.

    On SIGTERM uvicorn stops accepting connections, waits up to SHUTDOWN_GRACE
    seconds for the updates being answered, and the process exits with status 0.
    """
    configure_logging(settings)
    asyncio.run(check_bot_api(settings))  # one line, not a lifespan traceback, when it cannot start
    # uvicorn handles SIGTERM and SIGINT while it serves, then raises the signal again once it has
    # shut down: this handler makes that a clean exit (status 0) rather than death by signal.
    for handled in (signal.SIGTERM, signal.SIGINT):
        signal.signal(handled, _stopped)
    # log_config=None: uvicorn's records go through the one logging setup, secret filter included.
    # No access log: a line per update costs about a millisecond, and the platform logs requests already.
    config = uvicorn.Config(
        create_app(settings),
        host="0.0.0.0",
        port=settings.port,
        log_config=None,
        proxy_headers=True,
        access_log=False,
        timeout_graceful_shutdown=SHUTDOWN_GRACE,  # type: ignore[arg-type]  # a float works
    )
    _Server(config).run()
