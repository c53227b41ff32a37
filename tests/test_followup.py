"""Follow-ups: a question that leans on the one before is read in its context, and only then."""

from pathlib import Path

import pytest

from bot.render import answer_text
from bot.repl import NEW_TOPIC, run_repl
from retrieval.engine import Engine
from retrieval.followup import CONTEXT_SECONDS, Conversation, read_follow_up

BEFORE = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"


@pytest.mark.parametrize(
    "question, previous, expected",
    [
        ("còn Khánh Hòa thì sao?", BEFORE, "Khánh Hòa tổ chức hội nghị TTĐN khi nào?"),
        ("con Khanh Hoa thi sao", BEFORE, "Khanh Hoa tổ chức hội nghị TTĐN khi nào?"),
        (
            "Thế còn Đắk Lắk?",
            "Hội nghị ở Thái Nguyên có bao nhiêu đại biểu?",
            "Hội nghị ở Đắk Lắk có bao nhiêu đại biểu?",
        ),
        (
            "năm 2017 thì sao?",
            "Lớp bồi dưỡng thông tin đối ngoại năm 2023 được tổ chức khi nào?",
            "Lớp bồi dưỡng thông tin đối ngoại năm 2017 được tổ chức khi nào?",
        ),
        ("còn TTXVN thì sao?", "Hội nghị TTĐN có bao nhiêu đại biểu?", "Hội nghị TTXVN có bao nhiêu đại biểu?"),
        ("ai chủ trì?", BEFORE, "ai chủ trì (Thái Nguyên tổ chức hội nghị TTĐN)?"),
        ("có bao nhiêu người dự?", BEFORE, "có bao nhiêu người dự (Thái Nguyên tổ chức hội nghị TTĐN)?"),
    ],
)
def test_a_leaning_question_is_read_with_the_one_before(question: str, previous: str, expected: str):
    reading = read_follow_up(question, previous)
    assert reading is not None and reading.text == expected


@pytest.mark.parametrize(
    "question",
    [
        "Đà Nẵng tổ chức hội nghị TTĐN khi nào?",  # a name of its own
        "Giá vàng hôm nay bao nhiêu?",  # a time of its own
        "Hội nghị có bao nhiêu đại biểu trong năm 2023?",
        "Có 170 đại biểu dự hội nghị nào?",  # a number of its own
        "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh tổ chức hội nghị chuyên đề gì?",  # enough words of its own
    ],
)
def test_a_question_that_stands_on_its_own_is_never_merged(question: str):
    assert read_follow_up(question, BEFORE) is None


def test_a_follow_up_is_answered_as_understood(engine: Engine):
    answer = engine.ask("ai chủ trì?", context=BEFORE)
    assert answer.understood_as == "ai chủ trì (Thái Nguyên tổ chức hội nghị TTĐN)?"
    assert answer.answer is not None and answer.answer.startswith("Vũ Duy Hoàng")
    assert answer.to_json()["understood_as"] == answer.understood_as and answer.question == "ai chủ trì?"
    assert "Hiểu là: ai chủ trì (Thái Nguyên tổ chức hội nghị TTĐN)?" in answer_text(answer).splitlines()[1]


def test_a_bare_question_the_context_does_not_answer_stands_on_its_own(engine: Engine):
    # Its words are nowhere in what the question before found: it was not about that.
    answer = engine.ask("giá vàng bao nhiêu?", context=BEFORE)
    assert answer.understood_as is None and not answer.found
    assert engine.ask("ai chủ trì?").understood_as is None, "no context, no reading in one"


def test_context_expires_and_can_be_forgotten():
    conversation = Conversation()
    conversation.remember(BEFORE, now=100.0)
    assert conversation.context(now=100.0 + CONTEXT_SECONDS - 1) == BEFORE
    assert conversation.context(now=100.0 + CONTEXT_SECONDS + 1) is None
    conversation.remember(BEFORE, now=200.0)
    conversation.forget()
    assert conversation.context(now=201.0) is None


def test_the_repl_carries_the_context_until_a_new_topic(engine: Engine, tmp_path: Path):
    lines = iter([BEFORE, "ai chủ trì?", "mới", "ai chủ trì?"])
    written: list[str] = []
    contexts: list[str | None] = []

    def ask(question: str, context: str | None):
        contexts.append(context)
        return engine.ask(question, context=context)

    def read(_: str) -> str:
        line = next(lines, None)
        if line is None:
            raise EOFError  # Ctrl-D
        return line

    run_repl(ask, answer_text, tmp_path / "history", read=read, write=written.append)

    assert contexts == [None, BEFORE, None]
    assert NEW_TOPIC in written
    replies = [w for w in written if w.startswith(("Trả lời", "Không tìm thấy")) or "Hiểu là" in w]
    assert "Hiểu là: ai chủ trì (Thái Nguyên tổ chức hội nghị TTĐN)?" in replies[1]
    assert "Hiểu là" not in replies[2]
