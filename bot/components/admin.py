"""Adding articles through Telegram: an admin sends a document or `/them URL…` in a private chat.

Only the Telegram user ids in ADMIN_USER_IDS may add articles, and only in a private
chat with the bot; anyone else gets a polite refusal, and nothing is downloaded or stored.
The file is checked (name, size) before it is downloaded, kept beside the database (in
`uploads/`, under its own sanitised name, so its doc id is that name's stem) and ingested
in an engine of its own (bot.components.ingesting), never in the one answering questions.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import mimetypes
import re
import shutil
import tempfile
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any

from telegram import Document, Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, BaseHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.components.ingesting import Outcome, ingester, ingester_of
from bot.components.ratelimit import Handler
from bot.components.strings import (
    BUSY,
    DOWNLOAD_FAILED,
    NOT_ADMIN,
    NOTHING_STORED,
    PRIVATE_ONLY,
    READABLE,
    STATUS,
    TOO_LARGE,
    UNSUPPORTED,
    USAGE_THEM,
)
from bot.render import display_date
from bot.settings import Settings
from retrieval import fetch

log = logging.getLogger(__name__)

ADMINS_KEY = "hoidap.admins"
MAX_DOWNLOAD = 20 * 1024 * 1024  # Telegram lets bots download files up to 20 MB
UPLOADS = "uploads"  # the folder beside the database that uploaded files are kept in
SHOWN_ARTICLES = 20  # articles listed one by one in a reply; the rest are counted
TITLE_CHARS = 200
TYPING_AFTER, TYPING_EVERY = 0.5, 4.0  # as for questions: "typing…" only once the wait is noticeable


# --- who may add --------------------------------------------------------------------


def admin_only(handler: Handler | None = None, *, refusal: str = NOT_ADMIN, private_only: str = PRIVATE_ONLY) -> Any:
    """Run the handler for an admin in a private chat; anyone else gets a polite refusal, nothing more.

    `@admin_only` refuses with the strings about adding articles; `@admin_only(refusal=..., private_only=...)`
    with others.
    """

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            message, user, chat = update.effective_message, update.effective_user, update.effective_chat
            if message is None:
                return
            if user is None or user.id not in context.bot_data.get(ADMINS_KEY, frozenset()):
                log.info("refused %s to a user who is not an admin", handler.__name__)
                await message.reply_text(refusal)
                return
            if chat is None or chat.type != ChatType.PRIVATE:
                await message.reply_text(private_only)
                return
            await handler(update, context)

        return guarded

    return wrap(handler) if handler is not None else wrap


# --- replies ------------------------------------------------------------------------


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shown_where(where: str) -> str:
    """A failed item as the admin knows it: the URL, or the file's own name."""
    return where if fetch.is_url(where) else Path(where).name


def outcome_html(result: Outcome) -> str:
    """Per stored article its title, date, paragraph count and what happened; then each failure in one line."""
    lines = []
    if result.stored:
        counts = [f"{result.count(status)} {word}" for status, word in STATUS.items() if result.count(status)]
        lines.append(f"<b>Kết quả:</b> {', '.join(counts)}.")
    for item in result.stored[:SHOWN_ARTICLES]:
        lines.append(
            f"• <b>{html.escape(_short(item.title))}</b> ({display_date(item.date)}), "
            f"{item.paragraphs} đoạn — {STATUS.get(item.status, item.status)}"
        )
    if len(result.stored) > SHOWN_ARTICLES:
        lines.append(f"… và {len(result.stored) - SHOWN_ARTICLES} bài khác.")
    if not result.stored:
        lines.append(NOTHING_STORED)
    for where, reason in result.failures[:SHOWN_ARTICLES]:
        named = f"{html.escape(_short(_shown_where(where)))}: " if where else ""
        lines.append(f"✗ {named}{html.escape(_short(' '.join(reason.split())))}")
    if len(result.failures) > SHOWN_ARTICLES:
        lines.append(f"… và {len(result.failures) - SHOWN_ARTICLES} lỗi khác.")
    return "\n".join(lines)


# --- handlers -----------------------------------------------------------------------


def upload_name(document: Document) -> str | None:
    """The file name to store the upload under: the sender's, sanitised; None when its kind is not readable."""
    name = Path(document.file_name or "").name
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    if not suffix and document.mime_type:  # a file sent without a name: its kind from the MIME type
        suffix = (mimetypes.guess_extension(document.mime_type) or "").lower()
        stem = f"tep-{document.file_unique_id}"
    if suffix not in READABLE:
        return None
    # Letters (Vietnamese too), digits, "-" and "_": a doc id that is safe in a path and a callback.
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-_")[:80] or f"tep-{document.file_unique_id}"
    return stem + suffix


@admin_only
async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's document: checked, downloaded, stored; the reply says what was stored."""
    message = update.effective_message
    assert message and message.document
    document = message.document
    name = upload_name(document)
    if name is None:
        await message.reply_text(UNSUPPORTED)
        return
    if document.file_size is not None and document.file_size > MAX_DOWNLOAD:
        await message.reply_text(TOO_LARGE)
        return
    work = ingester_of(context)
    kept = work.db.parent / UPLOADS / name
    with tempfile.TemporaryDirectory(prefix="hoidap-upload-") as folder:
        downloaded = Path(folder) / name
        try:
            await (await context.bot.get_file(document.file_id)).download_to_drive(downloaded)
        except TelegramError as error:
            log.warning("admin upload: download failed: %s", error)
            await message.reply_text(DOWNLOAD_FAILED)
            return
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(downloaded, kept)  # beside the database: the file cited as the article's source
    result = await _ingest_showing_progress(message, context, [kept])
    if not result.stored:
        kept.unlink(missing_ok=True)
    log.info("admin upload: %s", result.counts())
    await message.reply_html(outcome_html(result))


@admin_only
async def add_urls(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/them URL…: each page, or the articles each feed or sitemap lists, stored."""
    message = update.effective_message
    assert message
    urls = list(dict.fromkeys(context.args or []))
    if not urls or not all(fetch.is_url(url) for url in urls):
        await message.reply_html(USAGE_THEM)
        return
    result = await _ingest_showing_progress(message, context, urls)
    log.info("admin /them: %s", result.counts())
    await message.reply_html(outcome_html(result))


async def _ingest_showing_progress(
    message: Message, context: ContextTypes.DEFAULT_TYPE, items: Sequence[Path | str]
) -> Outcome:
    """The ingest's outcome; meanwhile a notice if another ingest goes first, and "typing…" while it takes long."""
    work = ingester_of(context)
    if work.busy:
        await _quietly(message.reply_text(BUSY))
    task = asyncio.ensure_future(work.ingest(items))
    wait = TYPING_AFTER
    while not (await asyncio.wait({task}, timeout=wait))[0]:
        await _quietly(message.reply_chat_action(ChatAction.TYPING))
        wait = TYPING_EVERY
    return task.result()


async def _quietly(call: Awaitable[object]) -> None:
    try:
        await call
    except TelegramError as error:
        log.warning("a notice during an ingest failed: %s", error)


# --- wiring -------------------------------------------------------------------------


def handlers(application: Application, settings: Settings) -> list[BaseHandler]:
    """The admin handlers, to be added before the ones that answer other documents and unknown commands.

    Documents in private chats (a stranger's gets the refusal) and /them anywhere; none
    when ADMIN_USER_IDS is empty, so that documents get the usual reply and /them is unknown.
    """
    if not settings.admin_user_ids:
        return []
    application.bot_data[ADMINS_KEY] = settings.admin_user_ids
    ingester(application, settings)
    new = filters.UpdateType.MESSAGE
    return [
        MessageHandler(new & filters.ChatType.PRIVATE & filters.Document.ALL, upload),
        CommandHandler("them", add_urls, filters=new),
    ]
