"""Telegram HTML: escaping of corpus and user text, the 4096 limit, balanced tags, the citation format."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.components.citations import CALLBACK_LIMIT, citation_keyboard
from bot.components.state import BotState, RateLimiter
from bot.components.strings import EXAMPLE_QUESTION
from bot.render import (
    NOT_FOUND,
    TELEGRAM_LIMIT,
    answer_html,
    article_html,
    escape_within,
    help_html,
    inline_result_html,
    paragraph_html,
    split_html,
)
from retrieval.engine import Answer, Engine, Hit
from retrieval.store import Chunk

NASTY = "x < y && z > w <script>alert('1')</script> \"quoted\" A&amp;B"
TAGS = {"b", "i", "u", "code"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in TAGS and not attrs, f"unexpected tag <{tag}>"
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible(message: str) -> str:
    """The text a reader sees; fails unless the message is well-formed Telegram HTML within the limit."""
    assert len(message) <= TELEGRAM_LIMIT
    assert re.search(r"&(?!(?:amp|lt|gt|quot|#x27);)", message) is None, "a bare or cut entity"
    assert not re.search(r"[<>]", re.sub(r"</?(?:b|i|u|code)>", "", message)), "unescaped < or >"
    checker = _Checker()
    checker.feed(message)
    checker.close()
    assert checker.open == [], f"unclosed {checker.open}"
    return "".join(checker.text)


def hit(
    text: str = NASTY,
    title: str = "Tiêu đề <b>đậm</b> & nhạt",
    paragraph: int = 2,
    doc: str = "d1",
    date: str | None = "2024-07-03",
    sentence: tuple[int, int] | None = None,
    answer_span: tuple[int, int] | None = None,
) -> Hit:
    spans = [(m.start(), m.end()) for m in re.finditer(r"alert|quoted", text)]
    chunk = Chunk(1, doc, title, date, "seeds/d1.txt", paragraph, text)
    return Hit(chunk, 1.0, spans, sentence, answer_span)


def answer(hits: list[Hit], short: str | None = "Ngày <03/7> & sau đó") -> Answer:
    return Answer("câu hỏi", short, hits, "when", 0 if short else None)


def test_corpus_text_is_escaped_and_highlights_are_bold() -> None:
    message = answer_html(answer([hit()]))

    assert "<script>" not in message and "&lt;script&gt;" in message
    assert "<b>Trả lời: Ngày &lt;03/7&gt; &amp; sau đó [1]</b>" in message
    assert "A&amp;amp;B" in message  # text that looks like an entity is still text
    assert "<b>alert</b>" in message and "<b>quoted</b>" in message
    seen = visible(message)
    assert NASTY in seen and "Tiêu đề <b>đậm</b> & nhạt" in seen


def test_citation_format() -> None:
    message = answer_html(answer([hit(), hit(title="Bài hai", paragraph=5, date=None)]))

    seen = visible(message)
    assert "[1] Tiêu đề <b>đậm</b> & nhạt (03/07/2024), đoạn 2" in seen
    assert "[2] Bài hai (không rõ ngày), đoạn 5" in seen
    assert "<i>Bài hai (không rõ ngày), đoạn 5</i>" in message


def test_not_found() -> None:
    assert answer_html(answer([], None)) == html.escape(NOT_FOUND)


def test_many_long_hits_stay_within_the_limit() -> None:
    long_text = " ".join(["Thái & Nguyên <tổ> chức"] * 400) + " alert"
    hits = [hit(long_text, title=f"Bài {n} <&>", paragraph=n) for n in range(1, 40)]
    message = answer_html(answer(hits))

    seen = visible(message)
    assert "[1] Bài 1 <&>" in seen and "[39]" not in seen
    assert len(message) > TELEGRAM_LIMIT // 2  # filled, not just the head


def test_long_article_splits_into_messages_without_cutting_tags_or_entities() -> None:
    paragraphs = [" ".join([f"đoạn{n} & <{n}>"] * 300) for n in range(1, 6)]
    paragraphs.append("&" * 5000)  # no space to cut at: the cut must still fall between entities
    title = "Bài <dài> & hay"
    chunks = [Chunk(n, "d1", title, "2024-07-03", "seeds/d1.txt", n, p) for n, p in enumerate(paragraphs, 1)]
    messages = article_html(chunks)

    assert len(messages) > 2
    seen = "".join(visible(m) for m in messages)
    assert "Bài <dài> & hay" in seen and "03/07/2024" in seen
    assert seen.count("&") == sum(p.count("&") for p in paragraphs) + 1


def test_long_paragraph_is_sent_whole_in_several_messages() -> None:
    chunk = Chunk(1, "d1", "Tiêu đề", "2017-09-11", "s", 3, "chữ & <thẻ> " * 1000)
    messages = paragraph_html(chunk)
    assert len(messages) > 1 and all(len(m) <= TELEGRAM_LIMIT for m in messages)
    seen = " ".join(visible(m) for m in messages)
    assert "Tiêu đề (11/09/2017), đoạn 3" in seen
    assert seen.count("<thẻ>") == 1000, "nothing of the paragraph is dropped"


@pytest.mark.parametrize("limit", [TELEGRAM_LIMIT, 37])
def test_split_html_never_cuts_an_entity(limit: int) -> None:
    for size in range(3000, 3010):
        messages = split_html(["ab" + "&lt;" * size], limit)
        assert all(len(message) <= limit for message in messages)
        seen = "".join(visible(message) for message in messages)
        assert seen == "ab" + "<" * size, "nothing vanishes, nothing is repeated"


# --- Telegram-only rendering: buttons, help, inline -----------------------------------------


def test_inline_result_escapes_the_question_and_stays_within_the_limit() -> None:
    question = "<b>Ai</b> & <i>khi nào</i>?"
    message = inline_result_html(question, answer([hit()]), hit(), with_answer=True)
    seen = visible(message)
    assert question in seen and "Ngày <03/7> & sau đó" in seen and "(03/07/2024), đoạn 2" in seen
    assert "<b>Ai</b>" not in message

    huge = inline_result_html("&<" * 5000, answer([hit()]), hit(), with_answer=False)
    assert "Ngày" not in visible(huge) and "đoạn 2" in visible(huge)


@pytest.mark.parametrize("limit", [1, 2, 5, 6, 50, 169, 170])
def test_escape_within(limit: int) -> None:
    source = "a&b<c>d" * 10  # 170 characters escaped
    escaped = escape_within(source, limit)
    assert len(escaped) <= limit
    visible(escaped)
    if len(html.escape(source)) <= limit:
        assert escaped == html.escape(source), "text that fits is kept whole"
        return
    assert escaped.endswith("…"), "a cut is marked"
    kept = escaped.removesuffix("…")
    assert re.search(r"&[^;]*$", kept) is None, "never ends inside an entity"
    shown = html.unescape(kept)
    assert source.startswith(shown)
    assert len(escaped) + len(html.escape(source[len(shown)])) > limit, "as much as the limit allows"


def test_help_names_the_corpus_period_and_an_example() -> None:
    facts = {"articles": 5, "paragraphs": 26, "first_date": "2017-09-11", "last_date": "2024-07-03"}
    seen = visible(help_html(facts, "hoidap_bot"))
    assert "5 bài" in seen and "từ 11/09/2017 đến 03/07/2024" in seen
    assert EXAMPLE_QUESTION in seen and "@hoidap_bot" in seen and "/hoi <câu hỏi>" in seen
    assert "chưa có bài" in visible(help_html({**facts, "articles": 0}, "hoidap_bot"))


def test_buttons_for_the_citations_shown_and_within_64_bytes(tmp_path: Path) -> None:
    state = BotState(Engine(tmp_path / "t.db"), 3, RateLimiter(5))
    long_doc = "bài_viết_về_hội_nghị_thông_tin_đối_ngoại_tỉnh_Thái_Nguyên_2024"
    hits = [hit(" ".join(["chữ"] * 200), doc=long_doc, paragraph=n) for n in range(1, 30)]
    hits[1] = hit(doc="d2", paragraph=4)
    text = answer_html(answer(hits))
    keyboard = citation_keyboard(state, answer(hits), text)

    assert keyboard is not None
    buttons = [button for row in keyboard.inline_keyboard for button in row]
    shown = len(re.findall(r"<b>\[\d+\]</b>", text))
    labels = [button.text for button in buttons]
    assert labels == [f"Đoạn {n}" for n in range(1, shown + 1)] + ["Cả bài [1]", "Cả bài [2]"]
    assert all(len(str(button.callback_data).encode()) <= CALLBACK_LIMIT for button in buttons)
    assert buttons[1].callback_data == "p|d2|4"
    assert state.long_callbacks[str(buttons[0].callback_data)] == f"p|{long_doc}|1"
    assert citation_keyboard(state, answer([], None), html.escape(NOT_FOUND)) is None


def test_the_answer_sentence_is_underlined_and_the_answer_bold_in_its_own_hit() -> None:
    text = "Mở đầu dài dòng. Ngày 3/7, tỉnh tổ chức hội nghị. Câu cuối."
    start = text.index("Ngày")
    cited = hit(text, sentence=(start, text.index("Câu") - 1), answer_span=(start, start + len("Ngày 3/7")))
    other = hit("Một đoạn khác.", paragraph=5)
    message = answer_html(Answer("câu hỏi", "Ngày 3/7/2024", [other, cited], "when", 1))
    assert message.startswith("<b>Trả lời: Ngày 3/7/2024 [2]</b>"), "the answer cites the hit it came from"
    assert "<u><b>Ngày 3/7</b>, tỉnh tổ chức hội nghị.</u>" in message
    assert "Một đoạn khác." in visible(message)


def test_without_a_short_answer_the_top_sentence_leads() -> None:
    text = "Mở đầu. Hội nghị bàn về công tác đối ngoại. Câu cuối."
    message = answer_html(Answer("câu hỏi", None, [hit(text, sentence=(8, 43))], "other"))
    assert message.startswith("<b>[1] Hội nghị bàn về công tác đối ngoại.</b>")
