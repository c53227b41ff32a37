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

_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)")
# Words that may stand beside a date on a date line: weekdays, "lúc", time zone.
_DATE_LINE_WORDS = re.compile(r"\b(thu|chu nhat|hai|ba|tu|nam|sau|bay|luc|ngay|gmt|cap nhat|dang)\b|[+\d:,()\-/]")

# A line that opens one of these blocks ends the article: what follows is
# comments, ratings or teasers of other articles. Matched on folded text.
_END_OF_ARTICLE = re.compile(
    r"^(ban co the quan tam|co the ban quan tam|cac tin khac|tin khac|tin lien quan|"
    r"bai viet lien quan|tin cung chuyen muc|cung chuyen muc|xem them|doc them|tin moi|"
    r"tin noi bat|y kien ban doc|y kien binh luan|binh luan|gui binh luan|danh gia|"
    r"tong so diem cua bai viet|click de danh gia|chia se bai viet|tu khoa|tags?)\b"
)
# Page furniture that can stand anywhere: widgets, navigation, app prompts, counters.
_NOISE = re.compile(
    r"^(breaking news|return to top|back to top|len dau trang|xem voi co chu|co chu|"
    r"in bai viet|\d* ?nguoi da tham gia binh chon|binh chon|tai ung dung|lien ket website|"
    r"gop y|thong ke truy cap|hay tro thanh nguoi dau tien|chia se|theo doi chung toi)\b"
)
_COUNTER = re.compile(r"^\W*\D{1,40}?[^\W\d]\d[\d.,]*$")  # "Đang truy cập311", "• Hôm nay53,206"
_IMAGE_PLACEHOLDER = re.compile(r"^(image|img|photo|anh)[\s_\-]*[\w\-.]*\d[\w\s\-.]*$", re.I)
_BYLINE_PREFIX = re.compile(r"^(tin|bài|ảnh|tin,? ảnh|bài,? ảnh|bài và ảnh|tin và ảnh|theo)\s*:\s*", re.I)
_AGENCY_DATELINE = re.compile(r"^[A-ZĐ][A-ZĐ0-9.]{1,15}\s+[-–]\s+")
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


def _is_noise(line: str) -> bool:
    folded = fold(line)
    if _NOISE.match(folded) or _IMAGE_PLACEHOLDER.match(folded):
        return True
    return _words(line) <= 6 and bool(_COUNTER.match(line)) and not _DATE.search(line)


def _is_end_of_article(line: str) -> bool:
    return _words(line) <= 12 and bool(_END_OF_ARTICLE.match(fold(line)))


def _publication(line: str) -> tuple[date, str | None] | None:
    """The date (and time) of a line that is a publication-date line, else None."""
    found = _DATE.search(line)
    if not found or _DATE_LINE_WORDS.sub(" ", fold(line).replace("clock", " ")).split():
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        published = date(year, month, day)
    except ValueError:
        return None
    clock = _TIME.search(line)
    return published, (f"{int(clock[1]):02d}:{clock[2]}" if clock else None)


def _is_byline(line: str) -> bool:
    name = _BYLINE_PREFIX.sub("", line).strip()
    if not name or _words(name) > BYLINE_MAX_WORDS or name[-1] in ".!?:;,":
        return False
    return all(part[0].isupper() for part in re.split(r"[\s.]+", name) if part)


def _is_caption(line: str) -> bool:
    return _words(line) <= CAPTION_MAX_WORDS and line[-1] not in ".!?…:;"


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


def _join_captions(lines: list[str]) -> list[str]:
    """Attach caption-sized lines to the paragraph that follows them (or precedes, at the end)."""
    paragraphs: list[str] = []
    pending: list[str] = []
    for line in lines:
        if _is_caption(line):
            pending.append(line)
            continue
        paragraphs.append("\n".join([*pending, line]))
        pending = []
    if pending and paragraphs:
        paragraphs[-1] = "\n".join([paragraphs[-1], *pending])
    return paragraphs


def _content_lines(text: str) -> list[str]:
    lines = []
    for raw in normalize(text).splitlines():
        line = " ".join(raw.split())  # also folds non-breaking and repeated spaces
        if not line or _is_noise(line):
            continue
        if _is_end_of_article(line):
            break
        if lines and line == lines[-1]:  # a caption repeated on the next line
            continue
        lines.append(line)
    return lines


def clean_article(text: str) -> Article:
    """Extract the article from a scraped page; raises ValueError if there is none."""
    published: tuple[date, str | None] | None = None
    title: str | None = None
    body: list[str] = []
    for line in _content_lines(text):
        if published is None and not body and (found := _publication(line)):
            published = found
        elif title is None:
            if _words(line) >= TITLE_MIN_WORDS:
                title = line
        else:
            body.append(line)
    if title is None:
        raise ValueError("no article text found")
    author = None
    if body and _is_byline(body[-1]):
        author = _BYLINE_PREFIX.sub("", body.pop()).strip()
        body = [line for line in body if line != author]  # a byline echoed under the title
    body = [_AGENCY_DATELINE.sub("", line) for line in body]
    paragraphs = [part for paragraph in _join_captions(body) for part in _split_long(paragraph)]
    if not paragraphs:
        raise ValueError("no article text found")
    day, clock = published if published else (None, None)
    return Article(title=title, date=day, time=clock, author=author, paragraphs=paragraphs)
