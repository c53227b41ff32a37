"""Kinship: the relative a question asks for, and whom a sentence calls that relative.

"Vợ của ông Nguyễn Văn A là ai?" asks for the person a sentence calls A's wife, from either side: "bà B, vợ
ông A" or "ông A là chồng bà B". A sentence that calls no one a spouse does not say who she is ("Nguyễn Kim Hồng
với nghệ danh Elly Trần …" for Elly Trần's husband). And a person named as the one a relative belongs to is that
relative's converse, not that relative: "vợ ông Trần Văn B" makes B a husband, "con trai bà C" makes C a mother.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text import Word, has_marks, normalize, words

MALE, FEMALE, EITHER = "m", "f", ""


@dataclass(frozen=True)
class _Relative:
    family: str  # "spouse", "parent", "child" or "sibling"
    sex: str
    words: tuple[str, ...]  # what a sentence calls it by, also before a name ("vợ ông A", "con gái Mai")
    loose: tuple[str, ...] = ()  # what also calls it, but stands before any name as a title ("anh")
    asking: tuple[str, ...] = ()  # what a question asks for it by, a word too common to look for ("ba" is three)


_RELATIVES = (
    _Relative("spouse", FEMALE, ("vợ", "phu nhân", "bà xã", "hiền thê")),
    _Relative("spouse", MALE, ("chồng", "phu quân", "ông xã")),
    _Relative("parent", MALE, ("cha", "bố", "thân phụ", "thân sinh"), asking=("ba",)),
    _Relative("parent", FEMALE, ("mẹ", "thân mẫu", "mẫu thân"), asking=("má",)),
    _Relative("child", EITHER, ("con",)),
    _Relative("child", MALE, ("con trai", "quý tử")),
    _Relative("child", FEMALE, ("con gái", "ái nữ")),
    _Relative("sibling", MALE, ("anh trai", "em trai", "anh ruột"), ("anh", "em")),
    _Relative("sibling", FEMALE, ("chị gái", "em gái", "chị ruột"), ("chị", "em")),
)
_CONVERSE = {"spouse": "spouse", "parent": "child", "child": "parent", "sibling": "sibling"}
# A sentence saying two married calls each the other's spouse: "kết hôn với bà B".
_MARRYING = ("kết hôn", "cưới", "thành hôn", "kết duyên", "lên xe hoa")
# Words that may stand between a relative and "của" in a question: "vợ cũ của", "con gái út của". Not "đẻ":
# "cha đẻ của" a thing is its creator.
_QUALIFIERS = "cũ|đầu|đầu tiên|hiện tại|hiện nay|thứ hai|thứ ba|cả|út|trưởng|ruột|nuôi|kế|sau|trẻ"
# Courtesy words before a name, with the sex they say; "của" and these stand between a relative and the one it
# belongs to ("vợ ông A", "mẹ của cô B").
_COURTESY = {"ông": MALE, "anh": MALE, "chú": MALE, "ngài": MALE, "bà": FEMALE, "cô": FEMALE, "chị": FEMALE, "cụ": ""}
# Two relatives named as a pair: "vợ chồng A", "cha con ông A" name A as one of them.
_PAIRS = ("vợ chồng", "cha con", "bố con", "mẹ con", "anh em", "chị em")


@dataclass(frozen=True)
class Relation:
    """The relative a question asks for, and whether the question was typed with marks (then exact keys are
    compared, else folded forms)."""

    family: str
    sex: str
    marked: bool
    calling: tuple[str, ...]  # the keys of the words that call it or its converse, each between spaces


def _key(text: str, marked: bool) -> str:
    return " ".join(w.exact if marked else w.folded for w in words(normalize(text).lower()))


class _Keys:
    """The module's words, keyed as a question typed with or without marks is."""

    def __init__(self, marked: bool):
        self.relative = {_key(w, marked): r for r in _RELATIVES for w in r.words}
        self.loose = {_key(w, marked): r for r in _RELATIVES for w in r.loose} | self.relative
        self.asked = {_key(w, marked): r for r in _RELATIVES for w in r.asking} | self.loose
        self.marrying = tuple(_key(w, marked) for w in _MARRYING)
        self.courtesy = {_key(w, marked): sex for w, sex in _COURTESY.items()}
        self.qualifiers = {_key(w, marked) for w in _QUALIFIERS.split("|")}
        self.of = _key("của", marked)
        self.pairs = {_key(w, marked) for w in _PAIRS}
        relative = "|".join(re.escape(k) for k in sorted(self.asked, key=len, reverse=True))
        qualifier = "|".join(re.escape(k) for k in sorted(self.qualifiers, key=len, reverse=True))
        who, last, person = _key("ai là", marked), _key("là ai", marked), _key("người", marked)
        # "Ai là (người) vợ (cũ) của A", "Vợ (cũ) của A là ai": the relative is what is asked, not what is said of it.
        self.asking = re.compile(
            rf"^(?:{who} (?:{person} )?(?P<first>{relative})|(?:{person} )?(?P<last>{relative})(?= .* {last}$))"
            rf"(?: (?:{qualifier}))? {self.of} \S"
        )


_KEYS = {marked: _Keys(marked) for marked in (True, False)}


def asked(question: str) -> Relation | None:
    """The relative a question asks for ("Ai là vợ của Messi?", "Cha của Nguyễn Du là ai?"), if it asks for one."""
    marked = has_marks(question)
    keys = _KEYS[marked]
    found = keys.asking.match(_key(question.rstrip(" ?"), marked))
    if not found:
        return None
    relative = keys.asked[found["first"] or found["last"]]
    converse = _CONVERSE[relative.family]
    calling = [
        key
        for key, r in keys.loose.items()
        if r.family == relative.family and _agree(r.sex, relative.sex) or r.family == converse
    ]
    if relative.family == "spouse":
        calling += keys.marrying
    return Relation(relative.family, relative.sex, marked, tuple(f" {key} " for key in calling))


def _keys(run: list[Word], marked: bool) -> list[str]:
    return [w.exact if marked else w.folded for w in run]


def called(relation: Relation, run: list[Word]) -> bool:
    """Whether a sentence calls anyone the relative asked for, or the one it belongs to its converse ("là vợ
    của", "là con trai ông", "kết hôn với")."""
    said = f" {' '.join(_keys(run, relation.marked))} "
    return any(key in said for key in relation.calling)


def not_the_relative(relation: Relation, text: str, run: list[Word], start: int, name: int) -> bool:
    """Whether the person starting at ``start`` (the name itself at ``name``) is named as another relative than
    the one asked: called another ("vợ Trọng Thủy" for a daughter), or named as the one a relative belongs to
    and so that relative's converse ("vợ ông Trần Văn B": B is a husband, not a wife).

    A comma makes the name the relative itself ("cùng vợ, bà B"), and so does a courtesy word that agrees with a
    spouse's sex ("cùng vợ bà B"); otherwise a courtesy word or a title makes it the one the relative belongs to
    ("vợ ông B", "con trai ông B", "vợ Tổng thống C")."""
    keys = _KEYS[relation.marked]
    before = [(w, key) for w, key in zip(run, _keys(run, relation.marked)) if w.start < start]
    titled = any(start <= w.start < name for w in run)
    courtesy: list[str] = []
    belonging = of = False
    while before and (before[-1][1] in keys.courtesy or before[-1][1] == keys.of):
        key = before.pop()[1]
        belonging = True
        of = of or key == keys.of
        if key in keys.courtesy:
            courtesy.append(keys.courtesy[key])
    while before and before[-1][1] in keys.qualifiers:
        before.pop()
    for size in (2, 1):
        said = " ".join(key for _, key in before[-size:])
        if len(before) < size or said not in keys.relative:
            continue
        if " ".join(key for _, key in before[-size - 1 :]) in keys.pairs:
            return False  # "vợ chồng A": the couple, A one of them
        relative = keys.relative[said]
        comma = "," in text[before[-1][0].end : start]
        sex = courtesy[-1] if courtesy else EITHER
        spouse_named = relative.family == "spouse" and not of and not titled and courtesy and sex == relative.sex
        if comma or spouse_named:
            belonging = False  # "cùng vợ, bà B", "cùng vợ bà B": B is the wife; "con trai ông B" is B's son
        if not (belonging or titled):
            return not (relative.family == relation.family and _agree(relative.sex, relation.sex))
        owner = _opposite(relative.sex) if relative.family == "spouse" else sex
        return not (_CONVERSE[relative.family] == relation.family and _agree(owner, relation.sex))
    return False


def _agree(one: str, other: str) -> bool:
    return not one or not other or one == other


def _opposite(sex: str) -> str:
    return {MALE: FEMALE, FEMALE: MALE}.get(sex, EITHER)
