"""/thongke: what readers asked (as `hoidap stats` shows it), for admins, in a private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.components.admin import admin_only
from bot.components.state import state_of
from bot.components.strings import STATS_NOT_ADMIN, STATS_PRIVATE_ONLY
from bot.render import stats_html


@admin_only(refusal=STATS_NOT_ADMIN, private_only=STATS_PRIVATE_ONLY)
async def show_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message
    state = state_of(context)
    if state.journal is None:
        return
    stats = await state.read(state.journal.stats)
    await message.reply_html(stats_html(stats))
