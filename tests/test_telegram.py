"""The Telegram bot end to end: the real python-telegram-bot Application, long polling a Bot API stand-in."""

from __future__ import annotations

import asyncio
import html
import io
import json
import logging
import signal
import subprocess
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from botapi_stub import (
    BOT_USERNAME,
    GROUP_CHAT,
    PRIVATE_CHAT,
    TOKEN,
    USER,
    BotApiStub,
    bot_message,
    message,
    msg,
)
from pydantic import SecretStr
from telegram import Chat, Message, Update
from telegram.ext import Application

import bot.components.questions
from bot.components.logs import RedactSecrets, configure_logging
from bot.components.questions import question_text
from bot.components.state import RateLimiter, RecentIds
from bot.components.strings import (
    APOLOGY,
    EXAMPLE_QUESTION,
    NOT_TEXT,
    RATE_LIMITED,
    STALE_BUTTON,
    TOO_LONG,
    UNKNOWN_COMMAND,
)
from bot.render import NOT_FOUND, article_html, paragraph_html
from bot.settings import Settings
from bot.telegram import ALLOWED_UPDATES, build_application
from helpers import bot_settings, start_process
from retrieval.engine import Answer, Engine

QUESTION = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"
TITLE = "Thái Nguyên: Tổ chức hội nghị chuyên đề về công tác TTĐN năm 2024"
OUTSIDE = "Giá bitcoin bao nhiêu?"
OTHER_CHAT = {"id": 3003, "type": "private", "first_name": "Minh"}
OTHER_USER = {"id": 3003, "is_bot": False, "first_name": "Minh"}


@pytest.fixture
def settings(stub: BotApiStub, tmp_path: Path) -> Settings:
    return bot_settings(stub, tmp_path)


def run_bot(settings: Settings, engine: Engine, scenario: Callable[[Application], Awaitable[None]]) -> None:
    """Run the bot by long polling, as Application.run_polling does, for the length of the scenario."""

    async def main() -> None:
        application = build_application(settings, engine)
        async with application:
            assert application.post_init and application.updater
            await application.post_init(application)
            await application.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
            await application.start()
            try:
                await scenario(application)
            finally:
                await application.updater.stop()
                await application.stop()

    asyncio.run(asyncio.wait_for(main(), timeout=90))


def deliver(stub: BotApiStub, settings: Settings, engine: Engine, until: Callable[[], Any], *updates: dict) -> None:
    """Queue the updates and run the bot until the stand-in has seen what `until` waits for."""
    for update in updates:
        stub.queue(update)

    async def scenario(_: Application) -> None:
        await stub.until(until)

    run_bot(settings, engine, scenario)


def buttons(sent: dict) -> list[dict]:
    return [button for row in sent["reply_markup"]["inline_keyboard"] for button in row]


def reply_to(sent: dict) -> int | None:
    return sent["reply_parameters"]["message_id"] if "reply_parameters" in sent else None


# --- private chat ------------------------------------------------------------------


def test_private_question_gets_the_cited_answer(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    deliver(stub, settings, engine, stub.sent, message(QUESTION))

    [sent] = stub.sent()
    assert int(sent["chat_id"]) == PRIVATE_CHAT["id"]
    assert sent["parse_mode"] == "HTML"
    assert sent["text"].startswith("<b>Trả lời: Chiều ngày 03/7/2024 [1]</b>"), "the answer names its citation"
    assert f"{TITLE} (03/07/2024), đoạn 1" in sent["text"]
    assert "<u>" in sent["text"], "the sentence that answers is emphasised"
    assert sent["link_preview_options"] == {"is_disabled": True}, "a link preview would push the answer out of sight"
    labels = [button["text"] for button in buttons(sent)]
    assert labels[0] == "Đoạn 1" and "Cả bài [1]" in labels
    assert all(len(button["callback_data"].encode()) <= 64 for button in buttons(sent))
    assert not stub.calls("sendChatAction")  # answered at once: "typing…" would never be seen
    [commands] = stub.calls("setMyCommands")
    assert "hoi" in [command["command"] for command in commands.params["commands"]]
    [get_updates, *_] = stub.calls("getUpdates")
    assert get_updates.params["allowed_updates"] == ALLOWED_UPDATES


def test_question_outside_the_corpus_gets_not_found(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    deliver(stub, settings, engine, stub.sent, message(OUTSIDE))

    [sent] = stub.sent()
    assert sent["text"] == html.escape(NOT_FOUND)
    assert "reply_markup" not in sent


def test_hoi_command_in_private_chat(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    deliver(stub, settings, engine, lambda: len(stub.sent()) >= 2, message(f"/hoi {QUESTION}"), message("/hoi"))

    answer, usage = stub.sent()
    assert "03/7/2024" in answer["text"]
    assert "/hoi &lt;câu hỏi&gt;" in usage["text"] and usage["parse_mode"] == "HTML"


@pytest.mark.parametrize("command", ["/start", "/help"])
def test_start_and_help_say_what_the_bot_knows(
    command: str, stub: BotApiStub, settings: Settings, engine: Engine
) -> None:
    deliver(stub, settings, engine, stub.sent, message(command))

    [sent] = stub.sent()
    facts = engine.describe()
    assert f"{facts['articles']} bài" in sent["text"]
    for iso in (facts["first_date"], facts["last_date"]):
        assert date.fromisoformat(iso).strftime("%d/%m/%Y") in sent["text"]
    assert html.escape(EXAMPLE_QUESTION) in sent["text"]
    assert f"@{BOT_USERNAME}" in sent["text"]
    assert sent["parse_mode"] == "HTML"


def test_stickers_photos_edits_commands_and_long_text(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    sticker = {"file_id": "s1", "file_unique_id": "u1", "width": 512, "height": 512, "is_animated": False}
    sticker |= {"is_video": False, "type": "regular"}
    photo = [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]
    updates = [
        message(sticker=sticker),
        message(photo=photo, caption=QUESTION),
        {"edited_message": msg(QUESTION, edit_date=1)},
        message(sticker=sticker, chat=GROUP_CHAT),
        message("hỏi " * 1100),  # over 4096 characters
        message("/khongco"),
        message(QUESTION),  # the last: once answered, everything before was handled
    ]
    deliver(stub, settings, engine, lambda: any("03/7/2024" in s["text"] for s in stub.sent()), *updates)

    assert [s["text"] for s in stub.sent()][:-1] == [NOT_TEXT, NOT_TEXT, TOO_LONG, UNKNOWN_COMMAND]
    assert all(int(s["chat_id"]) == PRIVATE_CHAT["id"] for s in stub.sent())


# --- groups ------------------------------------------------------------------------


def test_group_answers_only_when_mentioned(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    plain = message(QUESTION, chat=GROUP_CHAT)
    other_bot = message(f"@some_other_bot {QUESTION}", chat=GROUP_CHAT)
    reply_to_user = message(QUESTION, chat=GROUP_CHAT, reply_to_message=msg("chào", chat=GROUP_CHAT))
    mentioned = message(f"@{BOT_USERNAME} {QUESTION}", chat=GROUP_CHAT)
    answered = mentioned["message"]["message_id"]
    deliver(
        stub,
        settings,
        engine,
        lambda: answered in [reply_to(s) for s in stub.sent()],
        plain,
        other_bot,
        reply_to_user,
        mentioned,
    )

    [sent] = stub.sent()
    assert reply_to(sent) == mentioned["message"]["message_id"]
    assert int(sent["chat_id"]) == GROUP_CHAT["id"]
    assert "03/7/2024" in sent["text"]


def test_group_reply_to_the_bot_and_hoi(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    updates = [
        message(QUESTION, chat=GROUP_CHAT, reply_to_message=bot_message("Các đoạn liên quan")),
        message(f"/hoi@{BOT_USERNAME} {QUESTION}", chat=GROUP_CHAT),
        message("/hoi", chat=GROUP_CHAT),
        message(f"@{BOT_USERNAME}", chat=GROUP_CHAT),  # only the mention: nothing left to ask
        message(f"{QUESTION} 🙏 @{BOT_USERNAME}", chat=GROUP_CHAT),  # the mention after astral characters
    ]
    deliver(stub, settings, engine, lambda: len(stub.sent()) >= 5, *updates)

    sent = stub.sent()
    assert [reply_to(s) for s in sent] == [u["message"]["message_id"] for u in updates]
    assert "03/7/2024" in sent[0]["text"] and "03/7/2024" in sent[1]["text"] and "03/7/2024" in sent[4]["text"]
    assert "/hoi &lt;câu hỏi&gt;" in sent[2]["text"] and "/hoi &lt;câu hỏi&gt;" in sent[3]["text"]


# --- buttons and inline mode ------------------------------------------------------


def callback(data: str, to: dict) -> dict:
    return {"callback_query": {"id": f"cb-{data}", "from": USER, "chat_instance": "1", "data": data, "message": to}}


def test_citation_buttons_show_the_paragraph_and_the_article(
    stub: BotApiStub, settings: Settings, engine: Engine
) -> None:
    stale = ["p|khong-co-bai|1", "a|khong-co-bai", "p|002_e9bec02ab31fb04f|99", "p|x|²", "k|123", "linh tinh"]

    async def scenario(_: Application) -> None:
        stub.queue(message(QUESTION))
        await stub.until(stub.sent)
        answer = stub.calls("sendMessage")[0]
        by_label = {button["text"]: button["callback_data"] for button in buttons(answer.params)}
        for data in [by_label["Đoạn 1"], by_label["Cả bài [1]"], *stale]:
            stub.queue(callback(data, answer.result))
        await stub.until(lambda: len(stub.calls("answerCallbackQuery")) == 2 + len(stale))

    run_bot(settings, engine, scenario)

    answered = {call.params["callback_query_id"]: call.params.get("text") for call in stub.calls("answerCallbackQuery")}
    assert [answered[f"cb-{data}"] for data in stale] == [STALE_BUTTON] * len(stale)
    first = engine.ask(QUESTION).hits[0]
    chunk = engine.chunk(first.chunk.doc, first.chunk.paragraph)
    assert chunk is not None
    shown = [s["text"] for s in stub.sent()[1:]]
    assert shown == [*paragraph_html(chunk), *article_html(engine.article(first.chunk.doc))]
    assert html.escape(chunk.text) in shown[0] and TITLE in shown[1]
    assert all(s["parse_mode"] == "HTML" for s in stub.sent())


def inline(query: str, query_id: str) -> dict:
    return {"inline_query": {"id": query_id, "from": USER, "query": query, "offset": ""}}


def test_inline_mode(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    question = f"{QUESTION} <b>&"  # user text must come back escaped
    deliver(
        stub,
        settings,
        engine,
        lambda: len(stub.calls("answerInlineQuery")) == 3,
        inline(question, "q1"),
        inline("   ", "q2"),
        inline(OUTSIDE, "q3"),
    )

    answers = {call.params["inline_query_id"]: call.params for call in stub.calls("answerInlineQuery")}
    results = answers["q1"]["results"]
    expected = engine.ask(question)
    assert len(results) == len(expected.hits) > 1
    ids = [result["id"] for result in results]
    assert len(set(ids)) == len(ids) and all(len(i.encode()) <= 64 for i in ids)
    assert results[0]["title"] == expected.answer == "Chiều ngày 03/7/2024"
    assert all(result["type"] == "article" and result["description"] for result in results)
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert html.escape(question) in content["message_text"] and "<b>&" not in content["message_text"]
    assert f"{TITLE} (03/07/2024)" in content["message_text"]
    assert results[1]["title"] == expected.hits[1].chunk.title
    for empty in ("q2", "q3"):
        assert answers[empty]["results"] == []
        assert answers[empty]["button"]["start_parameter"] == "help"


# --- limits and failures -----------------------------------------------------------


def test_rate_limit_warns_once_then_stays_silent(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    settings = settings.model_copy(update={"rate_limit_per_minute": 2})
    flood = [message(QUESTION) for _ in range(5)]
    other = message(QUESTION, chat=OTHER_CHAT, sender=OTHER_USER)  # another chat has its own budget
    deliver(stub, settings, engine, lambda: stub.sent(OTHER_CHAT["id"]), *flood, other)

    texts = [s["text"] for s in stub.sent(PRIVATE_CHAT["id"])]
    assert len(texts) == 3
    assert "03/7/2024" in texts[0] and "03/7/2024" in texts[1]
    assert texts[2] == RATE_LIMITED


def test_rate_limiter_window_slides() -> None:
    now = [0.0]
    limiter = RateLimiter(2, window=60, clock=lambda: now[0])
    assert [limiter.check(1) for _ in range(4)] == ["ok", "ok", "warn", "drop"]
    assert limiter.check(2) == "ok"
    now[0] = 30
    assert limiter.check(1) == "drop"
    now[0] = 60.5
    assert [limiter.check(1) for _ in range(3)] == ["ok", "ok", "warn"]


def slow_down(engine: Engine, monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Make every answer take `seconds`, as on a corpus far larger than the seeds."""
    ask = engine.ask

    def slow_ask(question: str, top_k: int, **options: Any) -> Answer:
        time.sleep(seconds)
        return ask(question, top_k, **options)

    monkeypatch.setattr(engine, "ask", slow_ask)


def test_slow_answer_shows_typing_until_it_comes(
    stub: BotApiStub, settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.components.questions, "TYPING_AFTER", 0.05)
    monkeypatch.setattr(bot.components.questions, "TYPING_EVERY", 0.2)
    slow_down(engine, monkeypatch, 0.5)
    deliver(stub, settings, engine, stub.sent, message(QUESTION))

    methods = [call.method for call in stub.calls() if call.method in ("sendChatAction", "sendMessage")]
    # Sent after 0.05 s, then every 0.2 s while the answer is worked out, and not after it.
    assert methods[:2] == ["sendChatAction", "sendChatAction"] and methods[-1] == "sendMessage"
    assert methods.count("sendMessage") == 1 and len(methods) <= 5
    assert all(call.params["action"] == "typing" for call in stub.calls("sendChatAction"))
    assert int(stub.calls("sendChatAction")[0].params["chat_id"]) == PRIVATE_CHAT["id"]
    assert "03/7/2024" in stub.sent()[0]["text"]


def test_slow_answer_does_not_hold_up_other_chats(
    stub: BotApiStub, settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask = engine.ask

    def slow_for_one(question: str, top_k: int, **options: Any) -> Answer:
        if question == QUESTION:
            time.sleep(1.0)
        return ask(question, top_k, **options)

    monkeypatch.setattr(engine, "ask", slow_for_one)
    deliver(
        stub,
        settings,
        engine,
        lambda: len(stub.sent()) == 2,
        message(QUESTION),
        message("/help", chat=OTHER_CHAT, sender=OTHER_USER),
    )
    # The other chat's /help is answered while the slow question is still being worked on.
    assert int(stub.sent()[0]["chat_id"]) == OTHER_CHAT["id"]
    assert "03/7/2024" in stub.sent()[1]["text"]


def test_failing_chat_action_and_commands_do_not_stop_the_answer(
    stub: BotApiStub, settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub.fail = {"sendChatAction", "setMyCommands"}
    monkeypatch.setattr(bot.components.questions, "TYPING_AFTER", 0.05)
    slow_down(engine, monkeypatch, 0.3)
    deliver(stub, settings, engine, stub.sent, message(QUESTION))

    assert stub.calls("sendChatAction") and stub.calls("setMyCommands")
    assert "03/7/2024" in stub.sent()[0]["text"]


def test_error_is_logged_without_what_the_user_wrote_and_the_user_gets_an_apology(
    stub: BotApiStub,
    settings: Settings,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **options: object) -> None:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(engine, "ask", broken)
    text, name, username, chat_id = "Quả bưởi Đoan Hùng ngọt không?", "Thị Mẫn", "man_doan_hung", 987654321
    user = {**USER, "id": chat_id, "first_name": name, "last_name": "Nguyễn", "username": username}
    update = message(text, chat={**PRIVATE_CHAT, "id": chat_id, "first_name": name}, sender=user)
    with caplog.at_level(logging.DEBUG, logger="bot.components.errors"):
        deliver(stub, settings, engine, stub.sent, update)

    assert [s["text"] for s in stub.sent()] == [APOLOGY]
    [record] = [r for r in caplog.records if r.name == "bot.components.errors" and r.levelno >= logging.ERROR]
    assert record.exc_info and isinstance(record.exc_info[1], RuntimeError)
    # The first update the stand-in queues is update 1.
    assert record.getMessage() == "update 1 (message, private chat) failed: RuntimeError: index exploded"
    errors = "\n".join(logging.Formatter().format(r) for r in caplog.records if r.levelno >= logging.ERROR)
    assert "Traceback" in errors  # the operator sees where it failed
    for personal in (text, name, "Nguyễn", username, str(chat_id)):
        assert personal not in errors
    assert TOKEN not in caplog.text


def long_article(paragraphs: int, **fields: str) -> dict:
    sentence = "Tỉnh đẩy mạnh công tác thông tin đối ngoại, quảng bá hình ảnh địa phương tới bạn bè quốc tế. "
    return {
        "title": "Một bài rất dài",
        "date": "2024-07-03",
        "text": "\n\n".join([sentence * 10] * paragraphs),
        **fields,
    }


def test_whole_article_sends_at_most_the_limit_then_says_where_to_read_on(
    stub: BotApiStub, settings: Settings, tmp_path: Path
) -> None:
    records = tmp_path / "long.jsonl"
    with_url = long_article(200, id="dai-co-link", url="https://baotinh.example.vn/bai-dai.html")
    records.write_text("\n".join(json.dumps(r) for r in (with_url, long_article(200, id="dai-khong-link"))))
    engine = Engine(tmp_path / "long.db", semantic=False)
    assert not engine.ingest([records]).failures
    full = article_html(engine.article("dai-co-link"))
    assert len(full) > 40  # Telegram would get that many messages for one tap
    to = bot_message("Các đoạn liên quan", chat=PRIVATE_CHAT)
    deliver(
        stub,
        settings,
        engine,
        lambda: len(stub.calls("answerCallbackQuery")) == 2,
        callback("a|dai-co-link", to),
        callback("a|dai-khong-link", to),
    )

    sent = [s["text"] for s in stub.sent()]
    assert len(sent) == 2 * settings.full_article_max_messages == 10
    assert sent[:4] == full[:4]
    assert "Bài còn tiếp" in sent[4] and '<a href="https://baotinh.example.vn/bai-dai.html">' in sent[4]
    assert "Bài còn tiếp" in sent[9] and "<code>hoidap show dai-khong-link</code>" in sent[9]


def test_duplicate_update_is_answered_once(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    first = stub.queue(message(QUESTION))
    stub.queue(first)  # the same update_id again
    deliver(stub, settings, engine, lambda: stub.sent(OTHER_CHAT["id"]), message(OUTSIDE, chat=OTHER_CHAT))

    assert len(stub.sent(PRIVATE_CHAT["id"])) == 1


# --- units ---------------------------------------------------------------------------


def test_question_text_strips_own_mentions_and_the_command() -> None:
    def parsed(text: str) -> tuple[str, bool]:
        data = msg(text, chat=GROUP_CHAT)
        return question_text(Message.de_json(data, None), BOT_USERNAME)

    assert parsed(f"@{BOT_USERNAME} hỏi gì") == ("hỏi gì", True)
    assert parsed(f"😀 câu @{BOT_USERNAME.upper()} hỏi") == ("😀 câu hỏi", True)
    assert parsed(f"/hoi@{BOT_USERNAME} câu hỏi") == ("câu hỏi", False)
    assert parsed("@some_other_bot câu hỏi") == ("@some_other_bot câu hỏi", False)


def test_recent_ids_are_bounded() -> None:
    recent = RecentIds(size=3)
    assert [recent.add(i) for i in (1, 2, 1, 3, 4)] == [True, True, False, True, True]
    assert recent.add(1) is True  # forgotten: the oldest went when 4 came
    assert recent.add(4) is False


def test_logging_hides_secrets_and_quiets_httpx(settings: Settings) -> None:
    settings = settings.model_copy(update={"webhook_secret": SecretStr("s3cret-value")})
    buffer = io.StringIO()
    loggers = [logging.getLogger(name) for name in ("", "httpx", "httpcore")]
    levels = [logger.level for logger in loggers]
    handler = configure_logging(settings, stream=buffer)
    try:
        assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
        logger = logging.getLogger("tests.secret")
        logger.warning("POST %s/getMe", f"{settings.telegram_base_url}{TOKEN}")
        try:
            raise ValueError(f"The token `{TOKEN}` was rejected, secret s3cret-value")
        except ValueError:
            logger.exception("failed")
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
    output = buffer.getvalue()
    assert "getMe" in output and "rejected" in output
    assert TOKEN not in output and "s3cret-value" not in output


def test_redaction_leaves_records_without_secrets_alone() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    assert RedactSecrets([]).filter(record) and record.getMessage() == "hello world"


# --- the command, as deployed --------------------------------------------------------


def run_hoidap(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    # A process of its own: the bot is stopped by a signal, and a rejected token ends the process.
    return start_process(*args, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def test_hoidap_polling_answers_and_never_prints_the_token(stub: BotApiStub, tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url, "HOIDAP_DB": str(tmp_path / "t.db")}
    log = tmp_path / "polling.log"
    process = run_hoidap(["polling"], env, tmp_path, log)
    try:
        stub.queue(message(QUESTION))
        stub.wait(stub.sent, timeout=90)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    output = log.read_text()
    assert "03/7/2024" in stub.sent()[0]["text"]
    assert "Application started" in output  # logging is on at INFO, where httpx would show the token
    assert TOKEN not in output
    assert stub.calls("deleteWebhook")  # polling and a webhook cannot both be active


def test_rejected_token_is_reported_without_showing_it(stub: BotApiStub, tmp_path: Path) -> None:
    wrong = "999999:WRONG-token_value"
    env = {"TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_BASE_URL": stub.base_url, "HOIDAP_DB": str(tmp_path / "t.db")}
    log = tmp_path / "polling.log"
    process = run_hoidap(["polling"], env, tmp_path, log)
    try:
        assert process.wait(timeout=90) != 0
    finally:
        process.kill()
    output = log.read_text()
    assert "TELEGRAM_BOT_TOKEN" in output
    assert wrong not in output and json.dumps(wrong) not in output


def test_chat_ordered_processor_keeps_each_chat_in_order_and_overlaps_chats() -> None:
    from bot.components.state import ChatOrderedProcessor

    events: list[str] = []

    async def handle(name: str, pause: float) -> None:
        events.append(f"start {name}")
        await asyncio.sleep(pause)
        events.append(f"end {name}")

    def update(update_id: int, chat_id: int) -> Update:
        chat = Chat(chat_id, Chat.PRIVATE)
        message = Message(update_id, datetime.now(UTC), chat, text="?")
        return Update(update_id, message=message)

    async def scenario() -> None:
        processor = ChatOrderedProcessor(4)
        await asyncio.gather(
            processor.process_update(update(1, 10), handle("a1", 0.05)),
            processor.process_update(update(2, 10), handle("a2", 0.0)),
            processor.process_update(update(3, 20), handle("b1", 0.0)),
        )
        assert processor._chats == {}, "idle chats are forgotten"

    asyncio.run(asyncio.wait_for(scenario(), timeout=5))
    assert events.index("end a1") < events.index("start a2"), "one chat's updates run one at a time, in order"
    assert events.index("end b1") < events.index("end a1"), "another chat does not wait"


def test_bot_api_answers_are_read_with_lone_surrogates_replaced(settings: Settings, engine: Engine) -> None:
    # getUpdates (long polling) goes through the same reader as the webhook's bodies.
    from bot.components.botapi import BotApiRequest

    application = build_application(settings, engine)
    assert isinstance(application.bot.request, BotApiRequest)
    payload = b'{"ok": true, "result": [{"update_id": 1, "message": {"text": "h\\ud800i \\ud83d\\ude00"}}]}'
    parsed = BotApiRequest.parse_json_payload(payload)
    assert parsed["result"][0]["message"]["text"] == "h\ufffdi \U0001f600"
