"""Marks for a question typed without them, read off the paragraphs BM25 found for it.

BM25 matches a question typed without marks through the folded terms, but the
semantic model reads such a question badly ("ai la thu tuong cuoi cung cua dong
duc" is not the sentence "ai là thủ tướng cuối cùng của đông đức"). The paragraphs
that answer a question write its words, with their marks: each word of the
question takes the form those paragraphs give it, preferably in the same pair of
words ("thu tuong" -> "thủ tướng", where "tuong" alone could be "tướng" or
"tường"). A word the paragraphs do not hold stays as typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from retrieval.text import Word, words

# The best paragraphs read for the forms of the question's words.
RESTORE_FROM = 5

_Singles = dict[str, Counter[str]]  # folded word -> how often each written form
_Pairs = dict[tuple[str, str], Counter[tuple[str, str]]]  # folded pair -> how often each written pair


def restore_marks(question: str, paragraphs: Sequence[str]) -> str:
    """The question (normalized, typed without marks) with each word written as the paragraphs write it."""
    asked = words(question)
    singles, pairs = _forms(paragraphs)
    restored, end = [], 0
    for position, word in enumerate(asked):
        form = _most_common(_beside_its_neighbours(asked, position, pairs) or singles.get(word.folded, Counter()))
        restored += [question[end : word.start], form if form is not None else question[word.start : word.end]]
        end = word.end
    return "".join(restored) + question[end:]


def _beside_its_neighbours(asked: list[Word], position: int, pairs: _Pairs) -> Counter[str]:
    """How the paragraphs write the word where it stands beside the question's word before it or after it."""
    word, votes = asked[position], Counter[str]()
    if position > 0:
        for (_, second), count in pairs.get((asked[position - 1].folded, word.folded), Counter()).items():
            votes[second] += count
    if position + 1 < len(asked):
        for (first, _), count in pairs.get((word.folded, asked[position + 1].folded), Counter()).items():
            votes[first] += count
    return votes


def _forms(paragraphs: Sequence[str]) -> tuple[_Singles, _Pairs]:
    """How the paragraphs write each folded word and each folded pair of adjacent words (lower case)."""
    singles: _Singles = {}
    pairs: _Pairs = {}
    for text in paragraphs:
        found = words(text)
        for word in found:
            singles.setdefault(word.folded, Counter())[_written(text, word)] += 1
        for first, second in pairwise(found):
            key = (first.folded, second.folded)
            pairs.setdefault(key, Counter())[(_written(text, first), _written(text, second))] += 1
    return singles, pairs


def _written(text: str, word: Word) -> str:
    return text[word.start : word.end].lower()


def _most_common(votes: Counter[str]) -> str | None:
    # Counter.most_common keeps first-seen order among equal counts: the best paragraph's form wins a tie.
    return votes.most_common(1)[0][0] if votes else None
