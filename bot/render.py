"""Rendering answers for people: the terminal and Telegram (HTML). No queries here."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from bot.components import strings
from bot.journal import REASONS
from retrieval.engine import Answer, Hit
from retrieval.store import Chunk

NOT_FOUND = "Không tìm thấy thông tin trả lời câu hỏi này trong kho bài viết."
TELEGRAM_LIMIT = 4096
SNIPPET_CHARS = 500

_BOLD, _YELLOW, _DIM, _UNDERLINE, _RESET = "\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[4m", "\x1b[0m"


def display_date(iso: str | None) -> str:
    """2024-07-03 -> 03/07/2024, the way Vietnamese readers write dates."""
    if not iso:
        return "không rõ ngày"
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _marked(
    text: str, spans: Sequence[tuple[int, int]], mark: Callable[[str], str], plain: Callable[[str], str]
) -> str:
    """The text with each highlighted span passed through mark and the rest through plain."""
    out, cursor = [], 0
    for start, end in spans:
        out.append(plain(text[cursor:start]))
        out.append(mark(text[start:end]))
        cursor = end
    out.append(plain(text[cursor:]))
    return "".join(out)


def _spans(hit: Hit) -> list[tuple[int, int]]:
    """The spans to highlight: the short answer, and the question's words outside it."""
    if hit.answer_span is None:
        return hit.highlights
    start, end = hit.answer_span
    outside = [(s, e) for s, e in hit.highlights if e <= start or s >= end]
    return sorted([*outside, hit.answer_span])


def _snippet(hit: Hit, limit: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]], tuple[int, int] | None]:
    """The hit's text cut to about limit characters around its answer sentence, spans shifted."""
    text, spans, sentence = hit.chunk.text, _spans(hit), hit.sentence
    if len(text) <= limit:
        return text, spans, sentence
    focus = sentence[0] if sentence else spans[0][0] if spans else 0
    start = max(0, min(focus - limit // 8, len(text) - limit))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + limit)
    end = text.rfind(" ", start, end) if end < len(text) else end
    cut = text[start:end]
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    shift = len(prefix) - start
    shifted = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    emphasis = (max(sentence[0], start) + shift, min(sentence[1], end) + shift) if sentence else None
    return prefix + cut + suffix, shifted, emphasis


def _emphasised(
    text: str,
    spans: Sequence[tuple[int, int]],
    sentence: tuple[int, int] | None,
    mark: Callable[[str], str],
    plain: Callable[[str], str],
    emphasise: Callable[[str], str],
) -> str:
    """The text with its highlights marked and its answer sentence emphasised."""
    if sentence is None or sentence[0] >= sentence[1]:
        return _marked(text, spans, mark, plain)
    parts = []
    for low, high, wrap in ((0, sentence[0], None), (*sentence, emphasise), (sentence[1], len(text), None)):
        inside = [(s - low, e - low) for s, e in spans if s >= low and e <= high]
        piece = _marked(text[low:high], inside, mark, plain)
        parts.append(wrap(piece) if wrap and piece else piece)
    return "".join(parts)


def _underline(text: str) -> str:
    # Re-opened after each highlight's reset, so the whole sentence stays underlined.
    return f"{_UNDERLINE}{text.replace(_RESET, _RESET + _UNDERLINE)}{_RESET}"


def headline(answer: Answer) -> str:
    """The first line: the short answer with its citation number (each item's, for a list), else the top
    hit's answer sentence."""
    if answer.answer and answer.listed:
        count = answer.answer.removesuffix(", ".join(item.text for item in answer.listed))
        return f"Trả lời: {count}{', '.join(f'{item.text} [{item.hit + 1}]' for item in answer.listed)}"
    if answer.answer and answer.answer_hit is not None:
        return f"Trả lời: {answer.answer} [{answer.answer_hit + 1}]"
    top = answer.hits[0]
    if top.sentence:
        return f"[1] {top.chunk.text[top.sentence[0] : top.sentence[1]]}"
    return "Các đoạn liên quan:"


def citation(chunk: Chunk) -> str:
    return f"{chunk.title}{_cited_where(chunk)}"


def _cited_where(chunk: Chunk) -> str:
    return f" ({display_date(chunk.date)}), đoạn {chunk.paragraph}"


def _web_url(chunk: Chunk) -> str | None:
    """The article's address if it may be a link: a javascript: or data: one never is."""
    return chunk.url if chunk.url and chunk.url.lower().startswith(("http://", "https://")) else None


# --- terminal -----------------------------------------------------------------------


def reading(answer: Answer) -> list[str]:
    """How the question was read, when not simply as typed: in its conversation, in a publication period."""
    lines = [f"Hiểu là: {answer.understood_as}"] if answer.understood_as else []
    if answer.period is not None:
        since, until = answer.period.since, answer.period.until
        bounds = [
            f"từ {display_date(since.isoformat())}" if since else "",
            f"đến {display_date(until.isoformat())}" if until else "",
        ]
        lines.append(f"Chỉ tìm trong bài đăng {' '.join(b for b in bounds if b)}")
    return lines


def answer_text(answer: Answer, color: bool = False) -> str:
    """A readable reply: the short answer (or "not found") first, then numbered cited snippets."""
    if not answer.found:
        return "\n".join([NOT_FOUND, *reading(answer)])
    bold = (lambda s: f"{_BOLD}{s}{_RESET}") if color else (lambda s: s)
    lines = [bold(headline(answer)), *reading(answer), ""]
    for number, hit in enumerate(answer.hits, start=1):
        lines.append(bold(f"[{number}] {citation(hit.chunk)}"))
        source = f"{_web_url(hit.chunk) or hit.chunk.source} · điểm {hit.score:.2f}"
        lines.append(f"{_DIM}{source}{_RESET}" if color else source)
        text, spans, sentence = _snippet(hit)
        mark = (lambda s: f"{_YELLOW}{s}{_RESET}") if color else (lambda s: s)
        # Re-opening the underline after each highlight's reset keeps the whole sentence underlined.
        emphasise = _underline if color else (lambda s: s)
        lines.extend([_emphasised(text, spans, sentence, mark, lambda s: s, emphasise), ""])
    return "\n".join(lines).rstrip()


# --- Telegram (HTML parse mode) -----------------------------------------------------


def answer_html(answer: Answer) -> str:
    """The reply as Telegram HTML, every piece of corpus and user text escaped, within the limit."""
    said = "".join(f"\n<i>{html.escape(line)}</i>" for line in reading(answer))
    if not answer.found:
        return html.escape(NOT_FOUND) + said
    blocks = [f"<b>{html.escape(headline(answer))}</b>{said}"]
    for number, hit in enumerate(answer.hits, start=1):
        blocks.append(hit_html(number, hit))
    return join_within_limit(blocks)


def hit_html(number: int, hit: Hit, limit: int = SNIPPET_CHARS) -> str:
    text, spans, sentence = _snippet(hit, limit)
    bold = lambda s: f"<b>{html.escape(s)}</b>"  # noqa: E731
    snippet = _emphasised(text, spans, sentence, bold, html.escape, lambda s: f"<u>{s}</u>")
    title = html.escape(hit.chunk.title)
    if url := _web_url(hit.chunk):
        title = f'<a href="{html.escape(url)}">{title}</a>'
    return f"<b>[{number}]</b> <i>{title}{html.escape(_cited_where(hit.chunk))}</i>\n{snippet}"


def join_within_limit(blocks: list[str], limit: int = TELEGRAM_LIMIT) -> str:
    """Join whole blocks with blank lines, dropping the trailing ones that would pass the limit.

    Blocks are dropped whole, so a tag is never cut; a single block over the
    limit cannot occur because snippets are bounded.
    """
    out = blocks[0]
    for block in blocks[1:]:
        if len(out) + 2 + len(block) > limit:
            break
        out = f"{out}\n\n{block}"
    return out


def paragraph_html(chunk: Chunk) -> list[str]:
    """One whole paragraph with its citation, as one or more Telegram messages within the limit."""
    head = f"<i>{html.escape(citation(chunk))}</i>"
    return split_html([head, html.escape(chunk.text)])


def article_html(chunks: list[Chunk]) -> list[str]:
    """A whole article as one or more Telegram messages, each within the limit."""
    if not chunks:
        return [html.escape("Không tìm thấy bài viết.")]
    first = chunks[0]
    head = f"<b>{html.escape(first.title)}</b>\n<i>{display_date(first.date)} · {html.escape(first.source)}</i>"
    return split_html([head, *(f"{c.paragraph}. {html.escape(c.text)}" for c in chunks)])


def split_html(blocks: list[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack blocks into messages within the limit; an over-long block is cut at a space.

    Only escaped text without tags may be over-long (a paragraph), so cutting it
    never splits a tag; an entity such as &amp; is never cut either.
    """
    pieces: list[str] = []
    for block in blocks:
        while len(block) > limit:
            cut = block.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            amp = block.rfind("&", 0, cut)
            if amp != -1 and ";" not in block[amp:cut]:
                cut = amp
            pieces.append(block[:cut])
            block = block[cut:].lstrip()
        pieces.append(block)
    messages = [pieces[0]]
    for piece in pieces[1:]:
        if len(messages[-1]) + 2 + len(piece) <= limit:
            messages[-1] = f"{messages[-1]}\n\n{piece}"
        else:
            messages.append(piece)
    return messages


def escape_within(text: str, limit: int) -> str:
    """text HTML-escaped in at most limit characters, cut between characters (never inside an entity)."""
    escaped = html.escape(text)
    if len(escaped) <= limit:
        return escaped
    out, size = [], 1  # room for the ellipsis
    for char in text:
        piece = html.escape(char)
        if size + len(piece) > limit:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + "…"


def goes_on_html(chunk: Chunk, sent: int, total: int) -> str:
    """The closing line of an article cut short: where to read the rest (its address, else the command)."""
    if url := _web_url(chunk):
        where = f'<a href="{html.escape(url)}">{html.escape(url)}</a>'
    else:
        where = f"<code>hoidap show {html.escape(chunk.doc)}</code>"
    return strings.ARTICLE_GOES_ON.format(sent=sent, total=total, where=where)


def help_html(facts: dict, username: str) -> str:
    bot = f"@{html.escape(username)}"
    if facts["articles"]:
        knows = strings.HELP_KNOWS.format(
            articles=facts["articles"],
            paragraphs=facts["paragraphs"],
            first=display_date(facts["first_date"]),
            last=display_date(facts["last_date"]),
        )
    else:
        knows = strings.HELP_EMPTY
    example = strings.HELP_EXAMPLE.format(example=html.escape(strings.EXAMPLE_QUESTION))
    ways = [line.format(bot=bot) for line in strings.HELP_WAYS]
    return "\n".join([strings.HELP_TITLE, knows, "", example, "", *ways])


def inline_result_html(question: str, answer: Answer, hit: Hit, with_answer: bool) -> str:
    """What an inline result posts: the question (others in the chat did not see it), the answer, the citation."""
    blocks = [f"<b>{html.escape(answer.answer)}</b>"] if with_answer and answer.answer else []
    body = join_within_limit([*blocks, hit_html(1, hit)])
    room = TELEGRAM_LIMIT - len(body) - len("❓ <i></i>\n\n")
    return f"❓ <i>{escape_within(question, room)}</i>\n\n{body}" if room > 20 else body


def opening(text: str, limit: int = 100) -> str:
    """The start of a text, cut at a word, for an inline result's description."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


# --- what readers asked --------------------------------------------------------------


def stats_text(stats: dict) -> str:
    """hoidap stats and /thongke: questions by front end and day, not found, most asked unanswered, 👎."""
    since = f" từ {display_date(stats['since'])}" if stats["since"] else ""
    by_end = ", ".join(f"{end} {count}" for end, count in stats["by_front_end"].items())
    lines = [f"Câu hỏi{since}: {stats['questions']}" + (f" ({by_end})" if by_end else "")]
    if stats["by_day"]:
        lines.append("Theo ngày: " + ", ".join(f"{display_date(day)} {n}" for day, n in stats["by_day"].items()))
    lines.append(f"Không tìm thấy câu trả lời: {stats['not_found_share']:.0%}")
    if stats["unanswered"]:
        lines.append("Hỏi nhiều mà kho bài viết chưa trả lời:")
        lines.extend(f"  {row['times']}× {row['question']}" for row in stats["unanswered"])
    if stats["voted_down"]:
        lines.append("Câu trả lời bị chê (👎):")
        for vote in stats["voted_down"]:
            why = f" ({REASONS[vote['reason']]})" if vote["reason"] in REASONS else ""
            lines.append(f"  {vote['question']} → {vote['answer'] or 'không có câu trả lời ngắn'}{why}")
    return "\n".join(lines)


def stats_html(stats: dict, limit: int = TELEGRAM_LIMIT) -> str:
    """/thongke: stats_text in <pre>, within Telegram's limit; the longest lists are cut first, and it says so."""
    stats = {**stats, "unanswered": list(stats["unanswered"]), "voted_down": list(stats["voted_down"])}
    cut = False
    while True:
        text = stats_text(stats) + (f"\n{strings.STATS_CUT}" if cut else "")
        body = f"<pre>{html.escape(text)}</pre>"
        if len(body) <= limit:
            return body
        longer = max(("unanswered", "voted_down"), key=lambda name: len(stats[name]))
        if not stats[longer]:  # nothing left to cut (cannot happen with the lists bounded): cut the text
            return f"<pre>{escape_within(text, limit - len('<pre></pre>'))}</pre>"
        stats[longer].pop()
        cut = True
