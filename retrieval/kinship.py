"""Kinship: the relative a question asks for, and whom a sentence calls that relative.

"Vợ của ông Nguyễn Văn A là ai?" asks for the person a sentence calls A's wife. A sentence that calls no one a
wife does not say who she is ("Nguyễn Kim Hồng với nghệ danh Elly Trần …" for Elly Trần's husband), and a person
named as the one a relative belongs to is not that relative: "vợ ông Trần Văn B" and "vợ của Tổng thống C" name
B's and C's wives, and "vợ Trọng Thủy" names no daughter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text import Word, has_marks, normalize, words

# Each relative, with the words a sentence may call it by; a question asks with any of them.
_RELATIVES = (
    ("vợ", "phu nhân", "bà xã", "hiền thê"),
    ("chồng", "phu quân", "ông xã"),
    ("cha", "bố", "thân phụ"),
    ("mẹ", "thân mẫu", "mẫu thân"),
    ("con",),
    ("con trai", "quý tử"),
    ("con gái", "ái nữ"),
    ("anh trai", "anh ruột"),
    ("chị gái", "chị ruột"),
    ("em trai", "em ruột"),
    ("em gái", "em ruột"),
)
# Words that may stand between a relative and "của" in a question: "vợ cũ của", "con gái út của".
_QUALIFIERS = "cũ|đầu|đầu tiên|hiện tại|hiện nay|thứ hai|thứ ba|cả|út|trưởng|ruột|đẻ|nuôi|kế|sau|trẻ"
# Between a relative and the one it belongs to: "vợ ông A", "mẹ của cô B", "vợ cũ của ngài C".
_BELONGING = "của|ông|bà|cô|chú|ngài|cụ"


@dataclass(frozen=True)
class Relation:
    """The relative a question asks for: the keys of the words that call it, exact or folded as it was typed."""

    forms: tuple[str, ...]
    marked: bool


def _key(text: str, marked: bool) -> str:
    return " ".join(w.exact if marked else w.folded for w in words(normalize(text).lower()))


def _alternation(phrases: str | tuple[str, ...], marked: bool) -> str:
    items = phrases.split("|") if isinstance(phrases, str) else phrases
    return "|".join(re.escape(_key(item, marked)) for item in sorted(items, key=len, reverse=True))


def _asking(marked: bool) -> re.Pattern[str]:
    relative = _alternation(tuple(form for forms in _RELATIVES for form in forms), marked)
    qualifier = _alternation(_QUALIFIERS, marked)
    who = _key("ai là", marked)
    last = _key("là ai", marked)
    # "Ai là (người) vợ (cũ) của A", "Vợ (cũ) của A là ai": the relative is what is asked, not what is said of it.
    return re.compile(
        rf"^(?:{who} (?:{_key('người', marked)} )?(?P<first>{relative})|(?:{_key('người', marked)} )?"
        rf"(?P<last>{relative})(?= .* {last}$))(?: (?:{qualifier}))? {_key('của', marked)} \S"
    )


_ASKING = {marked: _asking(marked) for marked in (True, False)}
_BY_FORM = {
    marked: {_key(form, marked): tuple(_key(f, marked) for f in forms) for forms in _RELATIVES for form in forms}
    for marked in (True, False)
}


def asked(question: str) -> Relation | None:
    """The relative a question asks for ("Ai là vợ của Messi?", "Cha của Nguyễn Du là ai?"), if it asks for one."""
    marked = has_marks(question)
    found = _ASKING[marked].match(_key(question.rstrip(" ?"), marked))
    if not found:
        return None
    return Relation(_BY_FORM[marked][found["first"] or found["last"]], marked)


def _keys(run: list[Word], marked: bool) -> list[str]:
    return [w.exact if marked else w.folded for w in run]


def called(relation: Relation, run: list[Word]) -> bool:
    """Whether a sentence calls anyone the relative asked for ("là vợ của", "phu nhân của", "hai con")."""
    said = f" {' '.join(_keys(run, relation.marked))} "
    return any(f" {form} " in said for form in relation.forms)


_WORDS = {
    marked: (
        {_key(word, marked) for word in _BELONGING.split("|")},
        {_key(word, marked) for word in _QUALIFIERS.split("|")},
        _key("vợ", marked),
        _key("chồng", marked),
    )
    for marked in (True, False)
}


def belongs_to(relation: Relation, run: list[Word], start: int, name: int) -> bool:
    """Whether the person starting at ``start`` (the name itself at ``name``) is the one a relative is named for,
    not that relative: "vợ ông Trần Văn B", "vợ của Tổng thống C"; or is called another relative than the one asked
    ("vợ Trọng Thủy" for a daughter). One called the relative asked, with nothing between ("cùng vợ Michelle"),
    is that relative."""
    belonging, qualifiers, wife, husband = _WORDS[relation.marked]
    keys = _keys(run, relation.marked)
    before = [key for w, key in zip(run, keys) if w.start < start]
    between = [key for w, key in zip(run, keys) if start <= w.start < name]  # a title: "Tổng thống"
    while before and before[-1] in belonging:
        between.append(before.pop())
    while before and before[-1] in qualifiers:
        before.pop()
    for size in (2, 1):
        form = " ".join(before[-size:])
        if len(before) < size or form not in _BY_FORM[relation.marked]:
            continue
        if form == husband and before[-size - 1 : -size] == [wife]:
            return False  # "vợ chồng A": the couple, A one of them
        return bool(between) or form not in relation.forms
    return False
