"""Follow-up questions: one that leans on the question before is read in its context.

In a conversation readers ask "Thái Nguyên tổ chức hội nghị TTĐN khi nào?" and then
"còn Khánh Hòa thì sao?", "ai chủ trì?", "có bao nhiêu người dự?", "năm 2017 thì sao?".
Two forms lean on the question before:

- an explicit one, "còn X (thì sao)?", "X thì sao?": X takes the place of what it
  stands for in the question before (a time for its time, a name for its first name),
  or is added to it;
- a bare one: a question word and at most a few plain words, with no name, number or
  time of its own ("ai chủ trì?"). It is asked about the subject of the question before;
  the engine keeps that reading only when the passage found holds the follow-up's own
  words, so "giá vàng bao nhiêu?" after a question about a conference stands on its own.

Matching is on folded text, so questions typed without marks lean the same way.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date

from retrieval.period import read_time
from retrieval.question import parse_question
from retrieval.text import fold, normalize, words

CONTEXT_SECONDS = 600  # a conversation's context is forgotten after this long without a question
BARE_MAX_WORDS = 3  # informative words a bare follow-up may have; more make a question of its own

_EXPLICIT = re.compile(r"^(?:(?:the|vay)\s+)?con\s+(?P<other>.+?)(?:\s+thi\s+sao)?\s*\??\s*$")
_THEN_WHAT = re.compile(r"^(?P<other>.+?)\s+thi\s+sao\s*\??\s*$")
_ANY_DAY = date(2000, 1, 1)  # whether a phrase is a time does not depend on today
_TIME = re.compile(r"\b(?:nam\s+\d{4}|thang\s+\d{1,2}\s*/\s*\d{4}|quy\s+(?:iv|iii|ii|i|[1-4])\s*/\s*\d{4})\b")


@dataclass(frozen=True)
class Reading:
    """A question read in its context: the question to ask, and whether the engine must check it."""

    text: str
    bare: bool  # asked about the subject before: kept only when the passage found holds its own words


def read_follow_up(question: str, previous: str) -> Reading | None:
    """The question with what it lacks taken from the previous one, or None when it stands on its own."""
    question, previous = _clean(question), _clean(previous)
    folded = fold(question)
    if len(folded) != len(question):
        return None
    explicit = _EXPLICIT.match(folded) or _THEN_WHAT.match(folded)
    if explicit:
        other = question[explicit.start("other") : explicit.end("other")].strip(" ,")
        return Reading(_in_place(previous, other), bare=False)
    if _is_bare(question):
        return Reading(f"{question.rstrip(' ?')} ({_subject(previous)})?", bare=True)
    return None


def _clean(text: str) -> str:
    return " ".join(normalize(text).split())


def _is_bare(question: str) -> bool:
    """A question word and a few plain words: no name, number or time of its own."""
    parsed = parse_question(question, {})
    if parsed.phrase is None or any(ch.isdigit() for ch in question):
        return False
    if any(question[w.start].isupper() for w in words(question)[1:]):
        return False
    return read_time(question, _ANY_DAY).period is None and len(parsed.informative) <= BARE_MAX_WORDS


def _subject(previous: str) -> str:
    """The question before without its question words: what it was about."""
    parsed = parse_question(previous, {})
    return " ".join(previous[w.start : w.end] for w in parsed.words) or previous.rstrip(" ?")


def _in_place(previous: str, other: str) -> str:
    """The question before with other in place of what it stands for, or added to it."""
    folded_previous, folded_other = fold(previous), fold(other)
    if _TIME.search(folded_other) or read_time(other, _ANY_DAY).period is not None:
        found = _TIME.search(folded_previous)
        if found and len(folded_previous) == len(previous):
            return previous[: found.start()] + other + previous[found.end() :]
    elif other[:1].isupper():
        span = _first_name(previous, abbreviation=other.isupper())
        if span is not None:
            return previous[: span[0]] + other + previous[span[1] :]
    return f"{previous.rstrip(' ?')} {other}?"


def _first_name(text: str, abbreviation: bool) -> tuple[int, int] | None:
    """The span of the first name in text: capitalised words in a row (two or more at the start,
    where every sentence begins with a capital), or one all-capital word when abbreviation."""
    runs: list[list[tuple[int, int]]] = [[]]
    for word in words(text):
        piece = text[word.start : word.end]
        if piece[0].isupper() and (piece.isupper() == abbreviation or len(piece) == 1):
            runs[-1].append((word.start, word.end))
        elif runs[-1]:
            runs.append([])
    for run in runs:
        if run and (len(run) > 1 or run[0][0] > 0 or abbreviation):
            return run[0][0], run[-1][1]
    return None


@dataclass
class Conversation:
    """One chat's context: the last question as it was understood, forgotten after CONTEXT_SECONDS."""

    seconds: float = CONTEXT_SECONDS
    last: str | None = None
    at: float = field(default=0.0)

    def context(self, now: float | None = None) -> str | None:
        """The question before, while it is recent enough to lean on."""
        now = time.monotonic() if now is None else now
        if self.last is None or now - self.at > self.seconds:
            return None
        return self.last

    def remember(self, understood: str, now: float | None = None) -> None:
        self.last, self.at = understood, time.monotonic() if now is None else now

    def forget(self) -> None:
        self.last = None
