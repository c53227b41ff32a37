"""What goes wrong: updates delivered twice are dropped; failures are logged without what users wrote,
and the user gets an apology when the fault was ours."""

from __future__ import annotations

import json
import logging

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.components.botapi import quietly, undeliverable
from bot.components.logs import described
from bot.components.state import state_of
from bot.components.strings import APOLOGY

log = logging.getLogger(__name__)


async def drop_duplicates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    # Telegram redelivers an update when the webhook was slow to acknowledge it.
    if not state_of(context).seen_updates.add(update.update_id):
        log.info("update %s delivered again; ignored", update.update_id)
        raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the failure without what users wrote, and apologises when the fault was ours."""
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update: %s: %s", type(error).__name__, error, exc_info=error)
        return
    if undeliverable(error):
        # The Bot API failed after the retries (or refused the bot): an apology would fail the same way.
        state_of(context).undelivered.add(update.update_id)
        log.error("%s: reply not delivered: %s: %s", described(update), type(error).__name__, error)
        return
    if isinstance(error, Forbidden):  # the user blocked the bot, or it left the group
        log.warning("%s: %s", described(update), error)
        return
    # The traceback shows code, not values; the full update is logged at DEBUG only.
    log.error("%s failed: %s: %s", described(update), type(error).__name__, error, exc_info=error)
    log.debug("the update that failed: %s", json.dumps(update.to_dict(), ensure_ascii=False))
    if update.callback_query:
        await quietly(update.callback_query.answer(APOLOGY), "answerCallbackQuery")
    elif update.effective_chat and update.effective_message:
        await quietly(context.bot.send_message(update.effective_chat.id, APOLOGY), "apology")
