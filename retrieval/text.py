"""Vietnamese text: normalisation, folding, and the terms BM25 indexes.

A syllable is indexed under its folded form (no marks at all: ``hội`` -> ``hoi``)
and, when it carries marks, also under an exact key that ignores where the tone
mark was placed (``hoà`` and ``hòa`` share one key). A question typed without
marks therefore matches through the folded terms, and a question with marks
matches exact words twice, so they weigh more. Both forms write a final "y" after a
consonant as "i": Vietnamese spells that vowel either way (``sĩ``/``sỹ``, ``kĩ``/``kỹ``,
``lí``/``lý``, ``tỉ``/``tỷ``), and a reader's spelling is often not the article's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

# U+00D0 (Icelandic eth) looks like Đ and turns up in scraped Vietnamese pages.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# Combining marks for the five tones; the vowel-quality marks (circumflex, breve,
# horn) are not tones and stay in the exact key.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

_WORD = re.compile(r"\w+")
# Punctuation that ends a phrase: bigrams never span it. A hyphen between two letters
# joins the syllables of one word (Tua-bin, rô-to, Ki-moon), so it is no break.
# (Written as one class with a condition after it, which is four times faster to split on
# than an alternation.)
_PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”‘’…/\-–—|](?:(?<!\w-)|(?!\w))")


def normalize(text: str) -> str:
    """NFC with look-alike letters replaced: the form every text is stored in."""
    # str.translate looks up every character: only pay for it when a look-alike is there.
    if "\u00d0" in text or "\u00f0" in text:
        text = text.translate(_LOOKALIKES)
    return unicodedata.normalize("NFC", text)


_CACHED_FOLD_CHARS = 64  # longer texts (whole lines of an article) are rarely folded twice


def fold(text: str) -> str:
    """Lower-case text without any diacritics: ``Đối ngoại`` -> ``doi ngoai``."""
    return _fold_short(text) if len(text) <= _CACHED_FOLD_CHARS else _fold(text)


@lru_cache(maxsize=1 << 16)  # questions fold the same abbreviations and cue words again and again
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    return _one_i(_unmarked(normalize(text).lower()))


def _unmarked(lowered: str) -> str:
    if lowered.isascii():
        return lowered
    # Decomposing, dropping the marks and replacing đ, one character at a time, as one table look-up each.
    return lowered.translate(_FOLDED_CHARS)


# A final "y" after a consonant ("kỹ", "Mỵ"), in lower-case text without tone marks; not after a vowel ("này", "thủy").
# Looked for from the "y" backwards: an alternation of initials first is many times slower on long text.
_FINAL_Y = re.compile(r"y(?<=\b[bdhklmnprstvx]y)\b|y(?<=\b(?:[cknpt]h|tr)y)\b")


def _one_i(text: str) -> str:
    """Lower-case text with a final "y" after a consonant written "i", the one spelling keys use: "ky" -> "ki"."""
    return _FINAL_Y.sub("i", text) if "y" in text else text


def _fold_slowly(lowered: str) -> str:
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


class _FoldedChars(dict[int, str]):
    """What _fold_slowly makes of each character, worked out the first time the character is met.

    Decomposition and mark removal work character by character (marks are only reordered
    among themselves, and all of them go), so folding each character gives the same result as
    folding the whole. Filled as met rather than up front: the whole Basic Multilingual Plane
    would cost a new process a fifth of a second before its first answer.
    """

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_slowly(chr(code))
        return folded


_FOLDED_CHARS = _FoldedChars()


def has_marks(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic."""
    lowered = normalize(text).lower()
    return _unmarked(lowered) != lowered


def exact_key(syllable: str) -> str:
    """A key for a lower-case syllable that ignores tone placement.

    The tone mark is taken off whichever vowel carries it and put back at the
    end, so ``hoà``/``hòa``, ``thuỷ``/``thủy`` and ``khoẻ``/``khỏe`` share a key; a final "y" after
    a consonant is written "i" (see _one_i), so ``kỹ``/``kĩ`` do too.
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    rest = _one_i("".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return unicodedata.normalize("NFC", rest + "".join(tones))


@lru_cache(maxsize=1 << 20)
def _forms(token: str) -> tuple[str, str]:
    """Folded form and exact key of a token; a language has few distinct words, so cache them."""
    lower = token.lower()
    if lower.isdigit():
        lower = lower.lstrip("0") or "0"  # "03/7" and "3/7" are the same date
    return fold(lower), exact_key(lower)


class Word(NamedTuple):
    """One word of a text: its span, folded form and exact key."""

    start: int
    end: int
    folded: str
    exact: str

    @property
    def marked(self) -> bool:
        return self.exact != self.folded


def words(text: str) -> list[Word]:
    """The words of ``text`` (which must already be normalized), with spans."""
    # A tuple, not a dataclass: answers build thousands of these per question.
    return [Word(m.start(), m.end(), *_forms(m.group())) for m in _WORD.finditer(text)]


def phrases(text: str) -> Iterator[list[Word]]:
    """The words of ``text`` grouped into runs that no punctuation breaks."""
    offset = 0
    for piece in _PHRASE_BREAK.split(text):
        yield [Word(m.start() + offset, m.end() + offset, *_forms(m.group())) for m in _WORD.finditer(piece)]
        offset += len(piece) + 1


def bigram(first: Word, second: Word) -> str:
    # The space cannot occur inside a unigram term, so bigrams never collide with them.
    return f"{first.folded} {second.folded}"


def terms(text: str) -> list[str]:
    """Index terms of a text: unigrams (folded and exact) and folded bigrams."""
    result: list[str] = []
    for piece in _PHRASE_BREAK.split(normalize(text)):
        previous = None
        for token in _WORD.findall(piece):
            folded, exact = _forms(token)
            result.append(folded)
            if exact != folded:
                result.append(exact)
            if previous is not None:
                result.append(f"{previous} {folded}")  # the space never occurs in a unigram term
            previous = folded
    return result


# A sentence ends at . ! ? or … before a capital letter, a digit or an opening quote, or at a line
# break; not after an initial ("W. Haydon Burns") or a short abbreviation ("TP. Hồ Chí Minh"). A short number ends
# one ("… ở Ligue 1. Pháp …").
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")
_NOT_AN_END = re.compile(r"(?:\b[^\W\d]{1,2}|\b(?:TP|Tp|St|Mr|Mrs|Dr|TS|ThS|PGS|GS|Th|No|tr))\.$")


def _opens_sentence(text: str, position: int) -> bool:
    following = text[position : position + 2].lstrip('"“‘(')
    return bool(following) and (following[0].isupper() or following[0].isdigit())


BRACKET_REACH = 300  # characters an aside in brackets may run on after a full stop inside it


def _inside_brackets(text: str, start: int, position: int) -> bool:
    """An aside in brackets is open at the position and closes soon after: "Lê Phước Vũ (sinh 1963 tại
    Quy Nhơn. Quê ở Quảng Nam) là Chủ tịch …" is one sentence."""
    before = text[start:position]
    if before.count("(") <= before.count(")"):
        return False
    after = re.search(r"[()]", text[position : position + BRACKET_REACH])
    return after is not None and after.group() == ")"  # its own closing bracket, not a later aside's


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a text, blanks at their edges left out."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().strip(" \t") == "":  # not a line break: check what comes before and after
            if not _opens_sentence(text, match.end()):
                continue
            if _NOT_AN_END.search(text[max(0, match.start() - 6) : match.start()]):
                continue
            if _inside_brackets(text, start, match.start()):
                continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in ((s, len(text[:e].rstrip())) for s, e in spans) if e > s] or [(0, len(text))]
