"""The Telegram front end's wiring: the Application, its handlers in order, polling. Shared by the webhook.

The handlers live in bot.components (one job per module); the engine answers, and
bot.render turns answers into Telegram HTML.
"""

from __future__ import annotations

import asyncio
import gc
import logging

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.error import InvalidToken
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.components import admin, citations, feedback, feeds, stats
from bot.components.botapi import TOKEN_REJECTED, BotApiRequest, BotApplication, check_bot_api, file_base_url, quietly
from bot.components.botapi import StartupError as StartupError  # what run_polling raises, for bot.cli
from bot.components.errors import drop_duplicates, on_error
from bot.components.inline import inline_answer
from bot.components.logs import configure_logging
from bot.components.questions import ADDRESSED, new_topic, not_text, question_message, start, unknown_command
from bot.components.state import STATE_KEY, BotState, ChatOrderedProcessor, RateLimiter
from bot.components.strings import COMMAND_DESCRIPTIONS
from bot.journal import Journal
from bot.settings import Settings
from retrieval.engine import Engine

log = logging.getLogger(__name__)

# Only what the handlers use: Telegram then never sends edited messages or channel posts.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
COMMANDS = [BotCommand(command, description) for command, description in COMMAND_DESCRIPTIONS.items()]
CONCURRENT_UPDATES = 4
# On shutdown a reply still being retried gets one last attempt, and stopping waits at most this long
# for what was accepted (uvicorn's graceful timeout in webhook mode).
SHUTDOWN_GRACE = 4.0


async def on_startup(application: Application) -> None:
    state: BotState = application.bot_data[STATE_KEY]
    facts = await state.run(state.engine.describe)
    log.info(
        "@%s answers from %s articles (%s paragraphs)", application.bot.username, facts["articles"], facts["paragraphs"]
    )
    await quietly(application.bot.set_my_commands(COMMANDS), "setMyCommands")
    # What start-up loaded lives as long as the process: moved out of the collector's sight, a full
    # collection scans only what questions leave behind (measured in docs/measurements.md).
    gc.freeze()


def build_application(settings: Settings, engine: Engine, *, updater: bool = True) -> Application:
    """The bot, its handlers and error handler; `updater=False` for webhook mode, where updates are pushed in."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(file_base_url(settings.telegram_base_url))  # where admins' uploads are downloaded from
        # A reply to a message deleted meanwhile is still sent, just without the quote.
        # Citations link their articles; a preview card of the first would push the answer out of sight.
        .defaults(Defaults(allow_sending_without_reply=True, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # Overlap one update's Bot API round trips with the next ones. Few: httpx scans its connection
        # pool on every request, and 256 at once measured slower (61 answers/s) than 4.
        .concurrent_updates(ChatOrderedProcessor(CONCURRENT_UPDATES))
        .post_init(on_startup)
        # Bot API answers read through read_json; replies retried while the Bot API fails.
        .request(BotApiRequest(connection_pool_size=256, retry_seconds=settings.send_retry_seconds))
        .get_updates_request(BotApiRequest(connection_pool_size=1))
        .application_class(BotApplication)
    )
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data[STATE_KEY] = BotState(
        engine,
        settings.hoidap_top_k,
        RateLimiter(settings.rate_limit_per_minute),
        journal=Journal(settings.hoidap_db, settings.log_questions),
        secret=token,  # keys the hash that stands for a chat in stored votes
        max_messages=settings.full_article_max_messages,
    )

    new = filters.UpdateType.MESSAGE  # edited messages are not questions
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    application.add_handler(TypeHandler(Update, drop_duplicates), group=-1)
    application.add_handlers(admin.handlers(application, settings))  # before the catch-alls for documents, commands
    feeds.schedule(application, settings)
    application.add_handlers(
        [
            CommandHandler(["start", "help"], start, filters=new),
            CommandHandler("hoi", question_message, filters=new),
            CommandHandler("moi", new_topic, filters=new),
            CommandHandler("thongke", stats.show_stats, filters=new),
            MessageHandler(new & private & filters.TEXT & ~filters.COMMAND, question_message),
            MessageHandler(new & groups & filters.TEXT & ~filters.COMMAND & ADDRESSED, question_message),
            MessageHandler(new & private & filters.COMMAND, unknown_command),
            MessageHandler(new & private & filters.ATTACHMENT, not_text),
            CallbackQueryHandler(feedback.vote, pattern=feedback.PATTERN),
            CallbackQueryHandler(citations.show_citation, pattern=citations.PATTERN),
            CallbackQueryHandler(citations.stale_button),  # any other data: an old or made-up button
            InlineQueryHandler(inline_answer),
        ]
    )
    application.add_error_handler(on_error)
    return application


def run_polling(settings: Settings) -> None:
    """Long polling until Ctrl-C or SIGTERM; StartupError when the Bot API cannot be reached or rejects the token.

    On SIGTERM it stops fetching, confirms to Telegram what it fetched, and answers
    those updates before it exits (a reply still being retried gets one last attempt).
    """
    configure_logging(settings)
    asyncio.run(check_bot_api(settings))  # one line, not python-telegram-bot's tracebacks, when it cannot start
    application = build_application(settings, Engine(settings.hoidap_db, semantic=settings.hoidap_semantic))
    try:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        # Not re-raised: its message contains the token.
        raise SystemExit(f"Error: {TOKEN_REJECTED}") from None
