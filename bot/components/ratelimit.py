"""The @rate_limit decorator (as in rules-bot): a chat asking too fast is told once, then ignored."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.components.state import state_of
from bot.components.strings import RATE_LIMITED

# What python-telegram-bot's handlers take: a coroutine function of the update and its context.
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def rate_limit(handler: Handler) -> Handler:
    """Run the handler while the chat stays within RATE_LIMIT_PER_MINUTE; the first update over it gets
    RATE_LIMITED, the next ones nothing, until the window has room again."""

    @functools.wraps(handler)
    async def limited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, message = update.effective_chat, update.effective_message
        if chat is not None:
            verdict = state_of(context).limiter.check(chat.id)
            if verdict == "drop":
                return
            if verdict == "warn":
                if message is not None:
                    await message.reply_text(RATE_LIMITED)
                return
        await handler(update, context)

    return limited
