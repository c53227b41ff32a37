"""Issue #14 in Telegram: follow-ups per chat, 👍/👎 feedback, the question log and /thongke, end to end.

The real python-telegram-bot Application long-polls the Bot API stand-in (as in tests/test_telegram.py).
"""

from __future__ import annotations

import asyncio
import html
import sqlite3
from pathlib import Path

import pytest
from botapi_stub import BOT_USERNAME, GROUP_CHAT, PRIVATE_CHAT, USER, BotApiStub, message
from telegram.ext import Application
from test_telegram import OUTSIDE, QUESTION, callback, inline, run_bot

import bot.components.inline
from bot.components.state import STATE_KEY, BotState
from bot.components.strings import (
    NEW_TOPIC,
    STALE_VOTE,
    STATS_NOT_ADMIN,
    STATS_PRIVATE_ONLY,
    THANKS,
)
from bot.journal import DOWN, REASONS, Journal
from bot.settings import Settings
from helpers import bot_settings
from retrieval.engine import Engine
from retrieval.followup import CONTEXT_SECONDS

FOLLOW_UP = "ai chủ trì?"
READ_AS = "Hiểu là: ai chủ trì (Thái Nguyên tổ chức hội nghị TTĐN)?"
STANDALONE = "Đà Nẵng tổ chức hội nghị TTĐN khi nào?"
# A chat and a reader with an id and names that must appear nowhere in what is stored.
NAMED_ID = 987654321
NAMED_CHAT = {"id": NAMED_ID, "type": "private", "first_name": "Thị Mẫn"}
NAMED_USER = {"id": NAMED_ID, "is_bot": False, "first_name": "Thị Mẫn", "last_name": "Nguyễn", "username": "man_dh"}
OTHER_CHAT = {"id": 3003, "type": "private", "first_name": "Minh"}
OTHER_USER = {"id": 3003, "is_bot": False, "first_name": "Minh"}


@pytest.fixture
def settings(stub: BotApiStub, tmp_path: Path) -> Settings:
    return bot_settings(stub, tmp_path)


def texts(stub: BotApiStub, chat_id: int) -> list[str]:
    return [sent["text"] for sent in stub.sent(chat_id)]


async def ask(stub: BotApiStub, update: dict, chat_id: int) -> str:
    """Queue a message and wait for the chat's next reply; its text."""
    before = len(stub.sent(chat_id))
    stub.queue(update)
    await stub.until(lambda: len(stub.sent(chat_id)) > before)
    return stub.sent(chat_id)[before]["text"]


def state(application: Application) -> BotState:
    return application.bot_data[STATE_KEY]


async def journal_written(application: Application) -> None:
    """Wait for the journal writes made so far (they run on the journal's own thread)."""
    await asyncio.wrap_future(state(application).journal_worker.submit(lambda: None))


# --- follow-ups --------------------------------------------------------------------------


def test_a_follow_up_is_read_in_its_own_chat_only(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    group_follow_up = message(f"@{BOT_USERNAME} {FOLLOW_UP}", chat=GROUP_CHAT, sender=OTHER_USER)
    replies: dict[str, str] = {}

    async def scenario(_: Application) -> None:
        replies["first"] = await ask(stub, message(QUESTION), PRIVATE_CHAT["id"])
        replies["other chat"] = await ask(stub, message(FOLLOW_UP, chat=OTHER_CHAT, sender=OTHER_USER), 3003)
        replies["follow-up"] = await ask(stub, message(FOLLOW_UP), PRIVATE_CHAT["id"])
        replies["standalone"] = await ask(stub, message(STANDALONE), PRIVATE_CHAT["id"])
        # A group is one conversation, whoever asks in it.
        await ask(stub, message(f"@{BOT_USERNAME} {QUESTION}", chat=GROUP_CHAT), GROUP_CHAT["id"])
        replies["group"] = await ask(stub, group_follow_up, GROUP_CHAT["id"])

    run_bot(settings, engine, scenario)

    assert "Hiểu là" not in replies["first"]
    assert html.escape(READ_AS) in replies["follow-up"]
    assert "Vũ Duy Hoàng" in replies["follow-up"].split("\n")[0], "the follow-up is answered as read"
    assert "Hiểu là" not in replies["other chat"], "another chat's question is not this one's context"
    assert "Hiểu là" not in replies["standalone"], "a question with a name of its own is never merged"
    assert html.escape(READ_AS) in replies["group"]


def test_moi_starts_afresh(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    replies: list[str] = []

    async def scenario(_: Application) -> None:
        for text in (QUESTION, "/moi", FOLLOW_UP):
            replies.append(await ask(stub, message(text), PRIVATE_CHAT["id"]))

    run_bot(settings, engine, scenario)

    assert replies[1] == NEW_TOPIC
    assert "Hiểu là" not in replies[2]


def test_context_older_than_ten_minutes_is_not_used(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    now = [1000.0]
    replies: list[str] = []

    async def scenario(application: Application) -> None:
        state(application).clock = lambda: now[0]
        replies.append(await ask(stub, message(QUESTION), PRIVATE_CHAT["id"]))
        now[0] += CONTEXT_SECONDS - 1
        replies.append(await ask(stub, message(FOLLOW_UP), PRIVATE_CHAT["id"]))
        now[0] += CONTEXT_SECONDS + 1
        replies.append(await ask(stub, message(FOLLOW_UP), PRIVATE_CHAT["id"]))

    run_bot(settings, engine, scenario)

    assert html.escape(READ_AS) in replies[1], "still within ten minutes"
    assert "Hiểu là" not in replies[2], "ten minutes later the question stands on its own"


# --- feedback ------------------------------------------------------------------------------


def by_label(markup: dict) -> dict[str, str]:
    return {button["text"]: button["callback_data"] for row in markup["inline_keyboard"] for button in row}


def stored_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("select * from votes").fetchall()


def test_a_vote_is_changed_not_doubled_and_stored_without_identity(
    stub: BotApiStub, settings: Settings, engine: Engine
) -> None:
    async def scenario(application: Application) -> None:
        stub.queue(message(QUESTION, chat=NAMED_CHAT, sender=NAMED_USER))
        await stub.until(stub.sent)
        answer = stub.calls("sendMessage")[0]
        labels = by_label(answer.params["reply_markup"])

        def tap(label: str, markup: dict, to: dict) -> None:
            update = callback(by_label(markup)[label], to)
            update["callback_query"]["from"] = NAMED_USER
            update["callback_query"]["id"] = f"cb-{len(stub.calls('answerCallbackQuery'))}"
            stub.queue(update)

        async def answered(count: int) -> None:
            await stub.until(lambda: len(stub.calls("answerCallbackQuery")) >= count)

        assert "👍" in labels and "👎" in labels
        tap("👍", answer.params["reply_markup"], answer.result)
        await answered(1)
        tap("👎", answer.params["reply_markup"], answer.result)
        await answered(2)
        await stub.until(lambda: stub.calls("editMessageReplyMarkup"))
        reasons = stub.calls("editMessageReplyMarkup")[-1].params["reply_markup"]
        assert set(REASONS.values()) | {"Bỏ qua", "Đoạn 1"} <= set(by_label(reasons))
        shown = {**answer.result, "reply_markup": reasons}
        tap(REASONS["wrong_article"], reasons, shown)
        await answered(3)
        await stub.until(lambda: len(stub.calls("editMessageReplyMarkup")) == 2)
        await journal_written(application)

    run_bot(settings, engine, scenario)

    acknowledged = [call.params.get("text") for call in stub.calls("answerCallbackQuery")]
    assert acknowledged == [THANKS] * 3
    [vote] = Journal(settings.hoidap_db).votes()
    assert vote["vote"] == DOWN and vote["reason"] == "wrong_article" and vote["front_end"] == "telegram"
    assert vote["question"] == QUESTION and vote["answer"] == "Chiều ngày 03/7/2024"
    first = engine.ask(QUESTION).hits[0]
    assert vote["cited"][0] == f"{first.chunk.doc}#{first.chunk.paragraph}"
    # The reasons gave way to the 👍/👎 row again, citation buttons kept.
    restored = stub.calls("editMessageReplyMarkup")[-1].params["reply_markup"]
    assert {"👍", "👎", "Đoạn 1"} <= set(by_label(restored))
    [row] = stored_rows(settings.hoidap_db)
    stored = " ".join(str(value) for value in row)
    for personal in (str(NAMED_ID), "Thị Mẫn", "Nguyễn", "man_dh"):
        assert personal not in stored


def test_in_a_group_each_reader_has_one_vote(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    async def scenario(application: Application) -> None:
        stub.queue(message(f"@{BOT_USERNAME} {QUESTION}", chat=GROUP_CHAT))
        await stub.until(stub.sent)
        answer = stub.calls("sendMessage")[0]
        labels = by_label(answer.params["reply_markup"])
        for n, (reader, label) in enumerate([(USER, "👍"), (OTHER_USER, "👎"), (USER, "👎")], start=1):
            update = callback(labels[label], answer.result)
            update["callback_query"] |= {"from": reader, "id": f"cb-{n}"}
            stub.queue(update)
            await stub.until(lambda n=n: len(stub.calls("answerCallbackQuery")) >= n)
        await journal_written(application)

    run_bot(settings, engine, scenario)

    votes = Journal(settings.hoidap_db).votes()
    assert [vote["vote"] for vote in votes] == [DOWN, DOWN], "two readers, two votes; the first changed its own"


def test_an_old_feedback_button_says_it_is_stale(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    to = {"message_id": 77, "date": 0, "chat": PRIVATE_CHAT, "text": "Trả lời: …"}
    deliver_all = [callback("v|gone1234|u", to), callback("v|gone1234|wrong_answer", to), callback("v|x", to)]

    async def scenario(application: Application) -> None:
        for update in deliver_all:
            stub.queue(update)
        await stub.until(lambda: len(stub.calls("answerCallbackQuery")) == len(deliver_all))
        await journal_written(application)

    run_bot(settings, engine, scenario)

    assert [call.params.get("text") for call in stub.calls("answerCallbackQuery")] == [STALE_VOTE] * 3
    assert Journal(settings.hoidap_db).votes() == []


def test_an_answer_that_found_nothing_has_no_vote_buttons(stub: BotApiStub, settings: Settings, engine: Engine):
    async def scenario(_: Application) -> None:
        await ask(stub, message(OUTSIDE), PRIVATE_CHAT["id"])

    run_bot(settings, engine, scenario)
    assert "reply_markup" not in stub.sent()[0]


# --- the question log and /thongke ----------------------------------------------------------


@pytest.mark.parametrize("log_questions", [True, False])
def test_questions_asked_in_telegram_are_logged_unless_turned_off(
    stub: BotApiStub, tmp_path: Path, engine: Engine, log_questions: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.components.inline, "INLINE_SETTLE_SECONDS", 0.3)
    settings = bot_settings(stub, tmp_path, log_questions=log_questions)

    async def scenario(application: Application) -> None:
        await ask(stub, message(QUESTION), PRIVATE_CHAT["id"])
        await ask(stub, message(f"@{BOT_USERNAME} {OUTSIDE}", chat=GROUP_CHAT), GROUP_CHAT["id"])
        # Telegram sends inline queries as the user types: only the settled one is a question.
        stub.queue(inline("Thái Nguyên tổ", "q0"))
        await stub.until(lambda: stub.calls("answerInlineQuery"))
        stub.queue(inline(QUESTION, "q1"))
        await stub.until(lambda: len(stub.calls("answerInlineQuery")) == 2)
        await asyncio.sleep(0.6)
        await journal_written(application)

    run_bot(settings, engine, scenario)

    stats = Journal(settings.hoidap_db).stats()
    if not log_questions:
        assert stats["questions"] == 0
        return
    assert stats["questions"] == 3 and stats["by_front_end"] == {"telegram": 3}
    assert stats["unanswered"] == [{"question": OUTSIDE, "times": 1}]
    with sqlite3.connect(settings.hoidap_db) as connection:
        rows = list(connection.execute("select * from questions"))
    logged = " ".join(str(value) for row in rows for value in row)
    assert sorted(row[3] for row in rows) == sorted([QUESTION, OUTSIDE, QUESTION]), "not the inline prefix"
    assert str(PRIVATE_CHAT["id"]) not in logged and USER["first_name"] not in logged


def test_thongke_shows_the_stats_to_admins_only(stub: BotApiStub, tmp_path: Path, engine: Engine) -> None:
    settings = bot_settings(stub, tmp_path, admin_user_ids={USER["id"]})
    replies: dict[str, str] = {}

    async def scenario(_: Application) -> None:
        await ask(stub, message(QUESTION), PRIVATE_CHAT["id"])
        await ask(stub, message(OUTSIDE), PRIVATE_CHAT["id"])
        replies["admin"] = await ask(stub, message("/thongke"), PRIVATE_CHAT["id"])
        replies["stranger"] = await ask(stub, message("/thongke", chat=OTHER_CHAT, sender=OTHER_USER), 3003)
        replies["group"] = await ask(stub, message("/thongke", chat=GROUP_CHAT), GROUP_CHAT["id"])

    run_bot(settings, engine, scenario)

    admin = replies["admin"]
    assert admin.startswith("<pre>") and admin.endswith("</pre>") and len(admin) <= 4096
    assert "Câu hỏi: 2 (telegram 2)" in admin
    assert f"1× {html.escape(OUTSIDE)}" in admin, "the question nothing answered is listed"
    assert replies["stranger"] == STATS_NOT_ADMIN
    assert replies["group"] == STATS_PRIVATE_ONLY


def test_thongke_stays_within_telegrams_limit() -> None:
    from bot.render import stats_html

    many = [{"question": f"Câu hỏi chưa có trả lời số {n} <b>&", "times": 1} for n in range(200)]
    stats = {"since": None, "questions": 200, "by_front_end": {"telegram": 200}, "by_day": {}}
    stats |= {"not_found_share": 1.0, "unanswered": many, "voted_down": []}
    shown = stats_html(stats)
    assert len(shown) <= 4096 and "Câu hỏi chưa có trả lời số 0 &lt;b&gt;&amp;" in shown
    assert "số 199" not in shown and "hoidap stats" in shown
