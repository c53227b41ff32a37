"""Turn a scraped Vietnamese news page into an article: title, date, author, paragraphs.

The rules are about the shape of news pages, not about particular sites: a
publication-date line, widgets and counters, image placeholders and repeated
captions, a byline at the end, and a related-news block after which nothing is
the article's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from retrieval.text import fold, normalize

MAX_CHUNK_CHARS = 900
CAPTION_MAX_WORDS = 12
BYLINE_MAX_WORDS = 5
TITLE_MIN_WORDS = 4  # shorter lines before the title are breadcrumbs and menus
TITLE_MAX_WORDS = 40
TITLE_WINDOW = 8  # lines before the body searched for its title: section labels, date, byline sit between
TITLE_MIN_SHARE = 0.25  # a headline shares at least this share of its words with the opening paragraphs
DATE_WINDOW = 4  # a date line this near the title is the article's
PROSE_MIN_WORDS = 20  # a line this long is running text even without a full stop (a sapo often has none)
SENTENCE_MIN_WORDS = 8  # shorter lines ending in a full stop are captions and labels as often as text
BODY_MAX_GAP = 5  # short lines (captions, subheads, a speech's salutations) that may interrupt the body
NOISE_MAX_WORDS = 8  # a widget's label is short; a paragraph that opens with the same words is not
TRAILER_LINES = 4  # after the body: a byline or source credit, then furniture

_SENTENCE_FINAL = ".…\"”»'’)"
_WORD = re.compile(r"\w+")
# Zero-width characters that scrapers leave at the start of teaser lines.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans(dict.fromkeys(map(ord, _INVISIBLE_CHARS), None))

_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?!\d)")  # "11/07/14": 2014
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?!\d)")
# Words that may stand beside a date on a date line: weekdays, "lúc", time zone.
_DATE_LINE_WORDS = re.compile(
    r"\b(thu|chu nhat|hai|ba|tu|nam|sau|bay|luc|ngay|gmt|utc|ict|cap nhat|dang|xuat ban)\b"
    r"|\d{1,2}h\d{0,2}\b|[+\d:,()\-/|]"
)

# A line that opens one of these blocks ends the article: what follows is
# comments, ratings or teasers of other articles. Matched on folded text.
_END_OF_ARTICLE = re.compile(
    r"^(ban co the quan tam|co the ban quan tam|cac tin khac|tin khac|tin lien quan|"
    r"bai viet lien quan|tin cung chuyen muc|cung chuyen muc|xem them|doc them|tin moi|"
    r"tin noi bat|tin doc nhieu|doc nhieu|y kien ban doc|y kien binh luan|binh luan|gui binh luan|danh gia|"
    r"tong so diem cua bai viet|click de danh gia|chia se bai viet|tu khoa|tags?)\b"
)
_ORDINARY_WORDS = frozenset({"danh gia", "binh luan"})
# Page furniture that can stand anywhere: widgets, navigation, app prompts, counters.
_NOISE = re.compile(
    r"^(breaking news|return to top|back to top|len dau trang|xem voi co chu|co chu|"
    r"in bai viet|\d* ?nguoi da tham gia binh chon|binh chon|tai ung dung|lien ket website|"
    r"gop y|thong ke truy cap|hay tro thanh nguoi dau tien|chia se|theo doi chung toi)\b"
)
_COUNTER = re.compile(r"^\W*\D{1,40}?[^\W\d]\d[\d.,]*$")  # "Đang truy cập311", "• Hôm nay53,206"
_IMAGE_PLACEHOLDER = re.compile(r"^(image|img|photo|anh)[\s_\-]*[\w\-.]*\d[\w\s\-.]*$", re.I)
_NOT_A_PLACEHOLDER = re.compile(r"[,;:!?()\"“”…/]")  # characters folding leaves alone, none of them in a placeholder
_BYLINE_PREFIX = re.compile(
    r"^(tin|bài|ảnh|tin,? ảnh|bài,? ảnh|bài và ảnh|tin và ảnh|tin bài|tin bài và ảnh|tin,? bài,? ảnh|tác giả)\s*:\s*",
    re.I,
)
# "Theo RT", "Theo Reuters": the source an article was translated or taken from.
_SOURCE_CREDIT = re.compile(r"^(?:(theo|nguồn)\s*:?\s+\S|\([^()]+\)$)", re.I)  # also "(TTXVN/Vietnam+)"
# "Quang Thịnh (Từ Indonesia)": where the reporter wrote from, after the byline's name.
_REPORTED_FROM = re.compile(r"\s*\((?:từ|tại)\s+[^()]+\)$", re.I)
# "(Ảnh: Tâm Linh).", "- Ảnh: V.D": a photo's credit, which only a caption carries.
_PHOTO_CREDIT = re.compile(
    r"[(\-–]\s*(ảnh|ảnh minh họa|ảnh minh hoạ|nguồn ảnh|photo|video)\s*:[^()]{1,60}\)?\.?$", re.I
)
AGENCY_DATELINE = re.compile(r"^[A-ZĐ][A-ZĐ0-9.]{1,15}\s+[-–]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])")


@dataclass
class Article:
    title: str
    date: date | None
    time: str | None
    author: str | None
    paragraphs: list[str] = field(default_factory=list)


def _words(line: str) -> int:
    return len(line.split())


def _folded_words(line: str) -> set[str]:
    return set(_WORD.findall(fold(line)))


def _is_noise(line: str) -> bool:
    if not any(ch.isalnum() for ch in line):  # "×", "|", bullets: buttons and separators
        return True
    short = _words(line) <= NOISE_MAX_WORDS and line[-1] not in _SENTENCE_FINAL
    # Folding every line of every article is most of cleaning's cost; punctuation that folding
    # keeps as it is rules out a placeholder, so a line of running text is not folded at all.
    if not short and _NOT_A_PLACEHOLDER.search(line):
        return False
    folded = fold(line)
    if _IMAGE_PLACEHOLDER.match(folded):
        return True
    if short:
        # Only a short line is furniture: a paragraph may well open with "Chia sẻ" or "Góp ý".
        return bool(_NOISE.match(folded)) or (bool(_COUNTER.match(line)) and not _DATE.search(line))
    return False


def _is_prose(line: str) -> bool:
    """A line written as running text: menus, teasers and headlines are not."""
    words = _words(line)
    return words >= PROSE_MIN_WORDS or (words >= SENTENCE_MIN_WORDS and line[-1] in _SENTENCE_FINAL)


def _is_end_of_article(line: str, following: str | None) -> bool:
    if _words(line) > 12:
        return False
    found = _END_OF_ARTICLE.match(fold(line))
    if not found:
        return False
    # "Đánh giá" and "Bình luận" are also ordinary words: followed by running text they head a section.
    return not (found[1] in _ORDINARY_WORDS and following is not None and _is_prose(following))


def publication(line: str) -> tuple[date, str | None] | None:
    """The date (and time) of a line that is a publication-date line, else None."""
    found = _DATE.search(line)
    if not found or _DATE_LINE_WORDS.sub(" ", fold(line).replace("clock", " ")).split():
        return None
    day, month, year = (int(part) for part in found.groups())
    year += (2000 if year < 70 else 1900) if year < 100 else 0  # "11/07/14": 2014; "15/05/99": 1999
    try:
        published = date(year, month, day)
    except ValueError:
        return None
    clock = _TIME.search(line)
    return published, (f"{int(clock[1]):02d}:{clock[2]}" if clock else None)


def is_byline(line: str) -> bool:
    name = byline_name(line)
    if not name or _words(name) > BYLINE_MAX_WORDS or name[-1] in '.!?:;,"”)':
        return False
    return all(part[0].isupper() for part in re.split(r"\s[-–]\s|[\s.]+", name) if part)  # "Thành Trung - Duy Chiến"


def byline_name(line: str) -> str:
    return _REPORTED_FROM.sub("", _BYLINE_PREFIX.sub("", line)).strip()


def _is_source_credit(line: str) -> bool:
    return _words(line) <= BYLINE_MAX_WORDS + 1 and bool(_SOURCE_CREDIT.match(line))


def _is_caption(line: str, captions: frozenset[str]) -> bool:
    if line in captions or _PHOTO_CREDIT.search(line):
        return True
    return _words(line) <= CAPTION_MAX_WORDS and line[-1] not in _SENTENCE_FINAL + "?!:;"


def _split_long(paragraph: str) -> list[str]:
    """Split a paragraph longer than MAX_CHUNK_CHARS at sentence boundaries."""
    if len(paragraph) <= MAX_CHUNK_CHARS:
        return [paragraph]
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        if parts and len(parts[-1]) + len(sentence) < MAX_CHUNK_CHARS:
            parts[-1] = f"{parts[-1]} {sentence}"
        else:
            parts.append(sentence)
    return parts


def _join_captions(lines: list[str], captions: frozenset[str]) -> list[str]:
    """Attach captions to the paragraph that follows them; captions after the last paragraph go.

    A caption alone says too little to answer from, and one after the text is usually the
    last photo's, or a teaser's, not the article's. Where captions are most of the text, the
    article is a photo story, and each caption is a paragraph.
    """
    flagged = [_is_caption(line, captions) for line in lines]
    if 2 * sum(len(line) for line, caption in zip(lines, flagged) if caption) > sum(len(line) for line in lines):
        return list(lines)  # a photo story: its captions are its text
    paragraphs: list[str] = []
    pending: list[str] = []
    for line, caption in zip(lines, flagged):
        if caption:
            pending.append(line)
            continue
        paragraphs.append("\n".join([*pending, line]))
        pending = []
    return paragraphs


def page_lines(text: str) -> list[str]:
    """The page's non-empty lines, spaces folded, furniture and a line repeated at once left out."""
    lines: list[str] = []
    text = normalize(text)
    if any(char in text for char in _INVISIBLE_CHARS):  # translate is slow on long text: only when needed
        text = text.translate(_INVISIBLE)
    for raw in text.splitlines():
        line = " ".join(raw.split())  # also folds non-breaking and repeated spaces
        if not line or _is_noise(line):
            continue
        if lines and line == lines[-1]:  # a caption repeated on the next line
            continue
        lines.append(line)
    return lines


def _body_start(lines: list[str]) -> int | None:
    """Where the longest stretch of running text starts: the article, not a teaser among menus."""
    best: tuple[int, int] | None = None  # (characters, start)
    start, size, gap = None, 0, 0
    for number, line in enumerate(lines):
        if not _is_prose(line):
            gap += 1
            if gap > BODY_MAX_GAP:
                start, size = None, 0
            continue
        if start is None:
            start = number
        gap = 0
        size += len(line)
        if best is None or size > best[0]:
            best = (size, start)
    return best[1] if best else None


def _title_index(lines: list[str], start: int) -> int | None:
    """The line before the body that the body is about: the one whose words it repeats most.

    Menus and teasers of other articles also stand before the body; a headline shares its
    words with the opening paragraphs, and of equals the nearest one wins.
    """
    body = set().union(*(_folded_words(line) for line in lines[start : start + 3] if _is_prose(line)))
    best: tuple[float, int] | None = None
    for number in range(start - 1, max(-1, start - TITLE_WINDOW - 1), -1):
        line = lines[number]
        if not TITLE_MIN_WORDS <= _words(line) <= TITLE_MAX_WORDS or line[-1] in _SENTENCE_FINAL:
            continue
        if publication(line) or _is_prose(line):
            continue
        words = _folded_words(line)
        share = len(words & body) / len(words) if words else 0.0
        if best is None or share > best[0]:
            best = (share, number)
    return best[1] if best and best[0] >= TITLE_MIN_SHARE else None


def _date_index(lines: list[str], title: int) -> int | None:
    """The publication-date line nearest the title: a date far from it is the site's "today"."""
    window = range(max(0, title - DATE_WINDOW), min(len(lines), title + DATE_WINDOW + 1))
    near = sorted(window, key=lambda n: abs(n - title))
    return next((n for n in near if n != title and publication(lines[n])), None)


def assemble(
    title: str,
    lines: list[str],
    published: tuple[date, str | None] | None = None,
    captions: frozenset[str] = frozenset(),
) -> Article:
    """The article from its title and the lines after it; raises ValueError if no text is left.

    Shared by scraped text and HTML: the end of the article, the byline or source credit after
    the body, captions, and an agency's dateline are told apart the same way for both.
    """
    body: list[str] = []
    lines = [line for line in lines if fold(line) != fold(title)]  # the title printed twice
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else None
        # Before any text, what looks like a closing block is a menu entry.
        if body and _is_end_of_article(line, following):
            break
        body.append(line)
    author = None
    for number in range(len(body) - 1, max(-1, len(body) - 1 - TRAILER_LINES), -1):
        line = body[number]
        if _is_source_credit(line) and line[-1] not in ".!?…":  # "Theo đó, giá vé giảm mạnh." is text
            del body[number:]  # "Theo RT", "(TTXVN/Vietnam+)": where the text came from, not who wrote it
            break
        if is_byline(line):
            author = byline_name(line)
            del body[number:]  # after the byline: page furniture
            body = [part for part in body if part != author]  # a byline echoed under the title
            break
        if _is_prose(line) or line[-1] in _SENTENCE_FINAL + "?!":
            break
    body = [AGENCY_DATELINE.sub("", line) for line in body]
    paragraphs = [part for paragraph in _join_captions(body, captions) for part in _split_long(paragraph)]
    if not paragraphs:
        raise ValueError("no article text found")
    day, clock = published if published else (None, None)
    return Article(title=title, date=day, time=clock, author=author, paragraphs=paragraphs)


def clean_article(text: str) -> Article:
    """Extract the article from a scraped page; raises ValueError if there is none."""
    lines = page_lines(text)
    start = _body_start(lines)
    title = _title_index(lines, start) if start is not None else None
    if title is None:
        # No headline the body repeats: the first line long enough to be one.
        long_enough = (n for n, line in enumerate(lines) if _words(line) >= TITLE_MIN_WORDS and not publication(line))
        title = next(long_enough, None)
    if title is None:
        raise ValueError("no article text found")
    dated = _date_index(lines, title)
    published = publication(lines[dated]) if dated is not None else None
    rest = [line for number, line in enumerate(lines) if number > title and number != dated]
    return assemble(lines[title], rest, published)
