"""Questions in chats: /hoi anywhere, any text in a private chat, a mention or a reply to the bot in a group.

Each chat is one conversation: a follow-up ("còn Khánh Hòa thì sao?", "ai chủ trì?") is read
with the chat's question before, for CONTEXT_SECONDS; /moi forgets it. Each question answered
is logged in the journal (unless LOG_QUESTIONS=false), after the reply, on the journal's thread.
"""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes, filters

from bot.components.botapi import quietly
from bot.components.citations import citation_rows
from bot.components.feedback import FRONT_END, feedback_rows
from bot.components.ratelimit import rate_limit
from bot.components.state import BotState, state_of
from bot.components.strings import NEW_TOPIC, NOT_TEXT, TOO_LONG, UNKNOWN_COMMAND, USAGE_HOI
from bot.render import answer_html, help_html
from retrieval.engine import MAX_QUESTION_CHARS, Answer, QuestionError

# Telegram shows "typing…" for 5 s or until the next message, and the Bot API recommends the action only
# when a reply takes a noticeable time. An answer takes milliseconds, so the action is sent only when
# one has not come within TYPING_AFTER, then again every TYPING_EVERY.
TYPING_AFTER = 0.5
TYPING_EVERY = 4.0


def question_text(message: Message, username: str) -> tuple[str, bool]:
    """The message text without its leading /command and @username mentions; whether the bot was mentioned."""
    text = message.text or ""
    own = "@" + username.lower()
    # Entity offsets count UTF-16 code units.
    encoded = text.encode("utf-16-le")
    kept, cursor, mentioned = [], 0, False
    for entity in sorted(message.entities, key=lambda e: e.offset):
        start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
        is_command = entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0
        is_own_mention = entity.type == MessageEntity.MENTION and encoded[start:end].decode("utf-16-le").lower() == own
        if (is_command or is_own_mention) and start >= 2 * cursor:
            kept.append(encoded[2 * cursor : start])
            cursor = entity.offset + entity.length
            mentioned = mentioned or is_own_mention
    kept.append(encoded[2 * cursor :])
    return " ".join(b"".join(kept).decode("utf-16-le").split()), mentioned


class _AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        return question_text(message, bot.username)[1]


ADDRESSED = _AddressedToBot(name="addressed to the bot")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    state = state_of(context)
    await update.message.reply_html(help_html(await state.run(state.engine.describe), context.bot.username))


@rate_limit
async def question_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi anywhere, any text in a private chat, a group message addressed to the bot: the text is the question."""
    message = update.message
    assert message
    question, _ = question_text(message, context.bot.username)
    if not question:
        await message.reply_html(USAGE_HOI)
        return
    state = state_of(context)
    conversation = state.conversation(message.chat_id)
    try:
        answer = await _ask_showing_typing(message, state, question, conversation.context(now=state.clock()))
    except QuestionError:
        await (message.reply_text(TOO_LONG) if len(question) > MAX_QUESTION_CHARS else message.reply_html(USAGE_HOI))
        return
    conversation.remember(answer.understood_as or answer.question, now=state.clock())
    text = answer_html(answer)
    keyboard = [*citation_rows(state, answer, text), *feedback_rows(state, answer)]
    await message.reply_html(text, reply_markup=InlineKeyboardMarkup(keyboard) if keyboard else None)
    if state.journal is not None:
        state.record(state.journal.asked, answer, FRONT_END)


async def new_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi: the chat's next question stands on its own."""
    assert update.message
    state_of(context).conversation(update.message.chat_id).forget()
    await update.message.reply_text(NEW_TOPIC)


async def _ask_showing_typing(message: Message, state: BotState, question: str, context: str | None) -> Answer:
    """The engine's answer; "typing…" shows in the chat while it takes long enough to be seen."""
    work = asyncio.ensure_future(state.run(state.engine.ask, question, state.top_k, context=context))
    wait = TYPING_AFTER
    while not (await asyncio.wait({work}, timeout=wait))[0]:
        await quietly(message.reply_chat_action(ChatAction.TYPING), "sendChatAction")
        wait = TYPING_EVERY
    return work.result()


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    await update.message.reply_text(NOT_TEXT)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    await update.message.reply_text(UNKNOWN_COMMAND)
