"""The citation buttons under an answer: «Đoạn N» sends the whole paragraph, «Cả bài [N]» the whole article."""

from __future__ import annotations

import hashlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.components.botapi import quietly
from bot.components.state import BotState, state_of
from bot.components.strings import ARTICLE_BUTTON, PARAGRAPH_BUTTON, STALE_BUTTON
from bot.render import article_html, goes_on_html, hit_html, paragraph_html
from retrieval.engine import Answer

CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data and inline result ids
# p|doc|paragraph, a|doc, and k|hash for data too long for Telegram (kept in the bot's state).
PATTERN = r"^[pak]\|"


def callback_data(state: BotState, data: str) -> str:
    """data itself when it fits in Telegram's 64 bytes, else a hash key kept in the bot's state."""
    if len(data.encode()) <= CALLBACK_LIMIT:
        return data
    key = "k|" + hashlib.sha256(data.encode()).hexdigest()[:32]
    state.long_callback(data, key)
    return key


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def citation_rows(state: BotState, answer: Answer, text: str) -> list[list[InlineKeyboardButton]]:
    """Buttons for the citations that made it into the message: each paragraph, and each whole article."""
    shown = [(n, hit) for n, hit in enumerate(answer.hits, start=1) if hit_html(n, hit) in text]
    paragraphs = [
        InlineKeyboardButton(
            PARAGRAPH_BUTTON.format(n=n), callback_data=callback_data(state, f"p|{hit.chunk.doc}|{hit.chunk.paragraph}")
        )
        for n, hit in shown
    ]
    articles, docs = [], set()
    for n, hit in shown:
        if hit.chunk.doc not in docs:
            docs.add(hit.chunk.doc)
            data = callback_data(state, f"a|{hit.chunk.doc}")
            articles.append(InlineKeyboardButton(ARTICLE_BUTTON.format(n=n), callback_data=data))
    return [*rows(paragraphs, 5), *rows(articles, 3)]


def citation_keyboard(state: BotState, answer: Answer, text: str) -> InlineKeyboardMarkup | None:
    found = citation_rows(state, answer, text)
    return InlineKeyboardMarkup(found) if found else None


async def show_citation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    state = state_of(context)
    data = state.long_callbacks.get(query.data or "", query.data or "")
    kind, _, rest = data.partition("|")
    messages: list[str] = []
    if kind == "p":
        doc, _, paragraph = rest.rpartition("|")
        valid = paragraph.isascii() and paragraph.isdigit()
        chunk = await state.run(state.engine.chunk, doc, int(paragraph)) if valid else None
        messages = paragraph_html(chunk) if chunk else []
    elif kind == "a" and rest:
        chunks = await state.run(state.engine.article, rest)
        messages = article_html(chunks) if chunks else []
    if not messages or query.message is None:
        await stale_button(update, context)
        return
    if len(messages) > state.max_messages:
        shown = chunk if kind == "p" else chunks[0]
        assert shown is not None
        messages = [*messages[: state.max_messages - 1], goes_on_html(shown, state.max_messages - 1, len(messages))]
    await quietly(query.answer(), "answerCallbackQuery")
    for text in messages:
        if isinstance(query.message, Message):
            await query.message.reply_html(text)
        else:  # the answer is too old for Telegram to show us: send to the chat
            await context.bot.send_message(query.message.chat.id, text, parse_mode=ParseMode.HTML)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data no handler knows (an older version's, or made up): it has nothing to show."""
    assert update.callback_query
    await quietly(update.callback_query.answer(STALE_BUTTON), "answerCallbackQuery")
