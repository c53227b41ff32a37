"""Webhook mode: a Starlette app that Telegram posts updates to, served by uvicorn.

Follows python-telegram-bot's customwebhookbot example: an Application without
an Updater, whose update_queue the web endpoint fills.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.error import InvalidToken
from telegram.ext import Application

from bot.settings import Settings
from bot.telegram import ALLOWED_UPDATES, TOKEN_REJECTED, build_application, configure_logging, on_startup
from retrieval.engine import Engine

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


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
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        engine = (engine_factory or (lambda: Engine(settings.hoidap_db, semantic=settings.hoidap_semantic)))()
        _ = engine.index  # load (or build) it now, so /healthz means ready and no question waits for it
        application = build_application(settings, engine, updater=False)
        try:
            await application.initialize()
        except InvalidToken:
            raise RuntimeError(TOKEN_REJECTED) from None
        try:
            await on_startup(application)
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
        try:
            data = await request.json()
        except ValueError:
            return PlainTextResponse("body is not JSON", status_code=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return PlainTextResponse("body is not an update", status_code=400)
        try:
            update = Update.de_json(data, bot.application.bot)
        except (TypeError, ValueError, KeyError, AttributeError):
            return PlainTextResponse("body is not an update", status_code=400)
        await bot.application.update_queue.put(update)
        return Response()

    async def healthz(_: Request) -> Response:
        if bot.ready:
            return PlainTextResponse("ok")
        return PlainTextResponse("starting", status_code=503)

    return Starlette(
        routes=[Route(path, telegram, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])],
        lifespan=lifespan,
    )


def run_webhook(settings: Settings) -> None:
    """Serve on 0.0.0.0:$PORT until stopped."""
    configure_logging(settings)
    # log_config=None: uvicorn's records go through the one logging setup, secret filter included.
    # No access log: a line per update costs about a millisecond, and the platform logs requests already.
    uvicorn.run(
        create_app(settings), host="0.0.0.0", port=settings.port, log_config=None, proxy_headers=True, access_log=False
    )
