"""👍 / 👎 under each answer; a 👎 then asks, optionally, what was wrong. Stored in the journal without identity.

The buttons carry a short id of the answer (kept in the bot's state: question, short answer,
cited passages); after a restart an old button says it is stale. A reader's vote on an answer
is stored under a keyed hash of the chat (and, in a group, of the reader) and the answer's
message, so voting again replaces the vote, never doubles it.
"""

from __future__ import annotations

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.components.botapi import quietly
from bot.components.citations import rows
from bot.components.state import BotState, state_of
from bot.components.strings import DOWN_BUTTON, SKIP_BUTTON, STALE_VOTE, THANKS, UP_BUTTON
from bot.journal import DOWN, REASONS, UP, Vote, chat_hash
from retrieval.engine import Answer

PATTERN = r"^v\|"  # v|<answer id>|u, v|<answer id>|d, v|<answer id>|<a REASONS key>, v|<answer id>|skip
FRONT_END = "telegram"


def vote_rows(key: str) -> list[list[InlineKeyboardButton]]:
    return [
        [
            InlineKeyboardButton(UP_BUTTON, callback_data=f"v|{key}|u"),
            InlineKeyboardButton(DOWN_BUTTON, callback_data=f"v|{key}|d"),
        ]
    ]


def reason_rows(key: str) -> list[list[InlineKeyboardButton]]:
    reasons = [InlineKeyboardButton(label, callback_data=f"v|{key}|{reason}") for reason, label in REASONS.items()]
    return rows([*reasons, InlineKeyboardButton(SKIP_BUTTON, callback_data=f"v|{key}|skip")], 2)


def feedback_rows(state: BotState, answer: Answer) -> list[list[InlineKeyboardButton]]:
    """The 👍/👎 row for an answer that found something (nothing to vote on otherwise, or without a journal)."""
    if state.journal is None or not answer.found:
        return []
    return vote_rows(state.keep_answer(answer))


def voter(secret: str, chat: Chat, user_id: int, message_id: int) -> str:
    """One reader's key for one answer message: the chat hashed (in a group, the chat and the reader), never raw."""
    who = chat_hash(secret, chat.id) if chat.type == Chat.PRIVATE else chat_hash(f"{secret}|{chat.id}", user_id)
    return f"{who}:{message_id}"


async def vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    state = state_of(context)
    _, key, action = (query.data or "").split("|", 2) if (query.data or "").count("|") >= 2 else ("", "", "")
    answered = state.answered.get(key)
    known = action in ("u", "d", "skip") or action in REASONS
    if answered is None or state.journal is None or query.message is None or not known:
        await quietly(query.answer(STALE_VOTE), "answerCallbackQuery")
        return
    await quietly(query.answer(THANKS), "answerCallbackQuery")
    if action != "skip":  # a 👎 is stored at once; a reason picked afterwards updates that same vote
        value, reason = (UP, None) if action == "u" else (DOWN, action if action in REASONS else None)
        who = voter(state.secret, query.message.chat, query.from_user.id, query.message.message_id)
        row = Vote(who, answered.question, answered.answer, answered.cited, value, reason, FRONT_END)
        state.record(state.journal.vote, row)
    wanted = reason_rows(key) if action == "d" else vote_rows(key)
    if isinstance(query.message, Message):
        await _show(query.message, wanted)


async def _show(message: Message, feedback: list[list[InlineKeyboardButton]]) -> None:
    """The message's keyboard with its feedback rows replaced by these; left alone when they are already there."""
    kept = message.reply_markup.inline_keyboard if message.reply_markup else ()
    citations = [list(row) for row in kept if not any(str(b.callback_data or "").startswith("v|") for b in row)]
    current = [list(row) for row in kept if any(str(b.callback_data or "").startswith("v|") for b in row)]
    if current == feedback:
        return
    await quietly(message.edit_reply_markup(InlineKeyboardMarkup([*citations, *feedback])), "editMessageReplyMarkup")
