"""Inline mode: "@bot question" in any chat offers the cited passages, the short answer first. No conversation.

Telegram sends an inline query as the user types ("Thái", "Thái Nguyên tổ", …): a user's query is
logged only once it has settled, INLINE_SETTLE_SECONDS without a newer one from the same user (who is
known for those seconds in memory only), so the log holds the question, not every prefix of it.
"""

from __future__ import annotations

import asyncio
import hashlib

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.components.feedback import FRONT_END
from bot.components.state import BotState, state_of
from bot.components.strings import INLINE_HINT, INLINE_NOT_FOUND
from bot.render import display_date, inline_result_html, opening
from retrieval.engine import Answer, QuestionError

INLINE_SETTLE_SECONDS = 5.0


async def inline_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    assert query
    state = state_of(context)
    question = query.query.strip()
    try:
        answer = await state.run(state.engine.ask, question, state.top_k) if question else None
    except QuestionError:
        answer = None
    if answer is not None:
        _log_when_settled(state, query.from_user.id, answer)
    if answer is None or not answer.found:
        hint = INLINE_NOT_FOUND if question else INLINE_HINT
        await query.answer([], button=InlineQueryResultsButton(hint, start_parameter="help"), cache_time=60)
        return
    results = []
    for rank, hit in enumerate(answer.hits):
        title = answer.answer if rank == answer.answer_hit and answer.answer else hit.chunk.title
        results.append(
            InlineQueryResultArticle(
                id=hashlib.sha256(f"{hit.chunk.doc}|{hit.chunk.paragraph}".encode()).hexdigest()[:32],
                title=title,
                description=f"{display_date(hit.chunk.date)}, đoạn {hit.chunk.paragraph}: {opening(hit.chunk.text)}",
                input_message_content=InputTextMessageContent(
                    inline_result_html(question, answer, hit, with_answer=rank == answer.answer_hit),
                    parse_mode=ParseMode.HTML,
                ),
            )
        )
    await query.answer(results, cache_time=60)


def _log_when_settled(state: BotState, user_id: int, answer: Answer) -> None:
    """Log the answer's question once the user has sent no newer inline query for INLINE_SETTLE_SECONDS."""
    if state.journal is None:
        return
    journal = state.journal
    if (earlier := state.inline_pending.pop(user_id, None)) is not None:
        earlier.cancel()

    def settled() -> None:
        state.inline_pending.pop(user_id, None)
        state.record(journal.asked, answer, FRONT_END)

    state.inline_pending[user_id] = asyncio.get_running_loop().call_later(INLINE_SETTLE_SECONDS, settled)
