"""List answers: "những tỉnh nào …", "các đơn vị nào …", "bao nhiêu tỉnh …", "ở những đâu", "những ai".

Such a question asks for every item of one kind across the articles, not for one
passage's answer. The kind is read from the noun the question asks about: places
("tỉnh", "huyện", "địa phương", "nước", "đâu"), people ("ai", "người", "đồng chí") or
organisations ("đơn vị", "cơ quan", "tổ chức"). An item is a name of that kind in an
answering passage: a place name right after its noun ("tỉnh Khánh Hòa"), a person's
full name, an organisation's name. Each distinct item is given once, with the passage
it was first found in, in ranking order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from retrieval.recognize import (
    Candidate,
    capitalised_runs,
    is_a_country,
    is_a_place,
    names,
    organisations,
    person_like,
    proper_names,
)
from retrieval.text import fold, has_marks

PLACE, PERSON, ORGANISATION = "place", "person", "organisation"
MAX_ITEMS = 10  # more than a reader takes in at a glance; the citations hold the rest

# The noun asked about, folded, and the kind of item it asks for. Place nouns that head a name
# ("tỉnh Khánh Hòa") are their own cue; the general ones take any place noun as a cue.
_WRITTEN_PLACE_NOUNS = ("tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "nước", "quốc gia")
_WRITTEN_GENERAL_PLACE_NOUNS = ("địa phương", "nơi", "địa điểm", "khu vực", "vùng", "đơn vị hành chính")
_PLACE_NOUNS = tuple(fold(noun) for noun in _WRITTEN_PLACE_NOUNS)
_GENERAL_PLACE_NOUNS = tuple(fold(noun) for noun in _WRITTEN_GENERAL_PLACE_NOUNS)
_ANY_PLACE = frozenset(_PLACE_NOUNS + _GENERAL_PLACE_NOUNS)  # a general noun heads a name only opening a list
_PERSON_NOUNS = ("nguoi", "dong chi", "vi", "lanh dao", "ca nhan", "ong", "ba")
# "đơn vị hành chính" (an administrative unit: a province, a state) is a place, and so is the "đơn vị" of a question
# that names it first ("Trong các đơn vị hành chính …, các đơn vị nào …"); "đơn vị" alone is a body, as in "Các
# đơn vị nào thẩm định đề án sắp xếp đơn vị hành chính?".
_UNIT, _ADMINISTRATIVE_UNIT = fold("đơn vị"), fold("đơn vị hành chính")
_ORGANISATION_NOUNS = tuple(
    fold(w) for w in ("đơn vị", "cơ quan", "tổ chức", "doanh nghiệp", "công ty", "sở", "bộ", "ngành")
)
_ORGANISATION_FIRST = frozenset(
    fold(w) for w in "Bộ Sở Ban Ủy Cục Viện Trường Công Tập Ngân Tổng Liên Hội Đài Báo Tòa Học Văn Trung".split()
)
_NOUNS = "|".join(
    sorted((*_PLACE_NOUNS, *_GENERAL_PLACE_NOUNS, *_PERSON_NOUNS, *_ORGANISATION_NOUNS), key=len, reverse=True)
)
_WHICH = re.compile(rf"\b(?:nhung|cac)\s+({_NOUNS})\s+nao\b")
# "bao nhiêu đơn vị hành chính" asks for a number the articles state, not for names counted.
_COUNTED_PLACE_NOUNS = tuple(noun for noun in _GENERAL_PLACE_NOUNS if noun != _ADMINISTRATIVE_UNIT)
_HOW_MANY = re.compile(
    rf"\bbao\s+nhieu\s+({'|'.join(sorted(_PLACE_NOUNS + _COUNTED_PLACE_NOUNS, key=len, reverse=True))})\b"
)
_WHERE = re.compile(r"\b(?:o|tai)\s+nhung\s+(?:dau|noi\s+nao)\b")
_WHO = re.compile(r"\bnhung\s+ai\b")


@dataclass(frozen=True)
class ListQuestion:
    kind: str  # PLACE, PERSON or ORGANISATION
    cues: frozenset[str]  # folded nouns a place name must follow; empty for people and organisations
    noun: str | None  # the noun as the question writes it, for the count ("3 tỉnh")
    counted: bool  # "bao nhiêu tỉnh": the answer says how many


@dataclass(frozen=True)
class Item:
    text: str
    hit: int  # the index in the cited hits of the passage it was found in
    span: tuple[int, int]  # where it stands in that passage


def read_list_question(question: str) -> ListQuestion | None:
    """The kind of items a question asks to list, or None when it asks for one answer."""
    folded = fold(question)
    if _WHERE.search(folded):
        return ListQuestion(PLACE, _ANY_PLACE, None, False)
    if _WHO.search(folded):
        return ListQuestion(PERSON, frozenset(), None, False)
    which, how_many = _WHICH.search(folded), _HOW_MANY.search(folded)
    found = which or how_many
    if found is None:
        return None
    noun = found.group(1)
    shown = question[found.start(1) : found.end(1)] if len(folded) == len(question) else noun
    if noun in _PERSON_NOUNS:
        return ListQuestion(PERSON, frozenset(), shown, False)
    if noun in _ORGANISATION_NOUNS and not (noun == _UNIT and _ADMINISTRATIVE_UNIT in folded[: found.start()]):
        return ListQuestion(ORGANISATION, frozenset(), shown, False)
    cues = _ANY_PLACE if noun in _GENERAL_PLACE_NOUNS else frozenset({noun})
    return ListQuestion(PLACE, cues, shown, how_many is not None and which is None)


def list_items(question: ListQuestion, passages: list[tuple[str, tuple[int, int]]], asked: str) -> list[Item]:
    """The distinct items of the asked kind in each passage's answering sentence, in order.

    passages: (text, the span of its sentence that answers the question). Only that sentence
    is read: a name elsewhere in the paragraph is seldom what the question asks about. Names
    the question states are not items (asked: the question's folded words). An item written in
    part elsewhere ("Bộ Thông tin") is the whole one.
    """
    items: list[Item] = []
    seen: set[str] = set()
    for number, (text, (first, last)) in enumerate(passages):
        for start, end in _items_in(question, text[first:last]):
            key = fold(text[first + start : first + end])
            if key in seen or _stated(key, asked):
                continue
            seen.add(key)
            item = Item(text[first + start : first + end], number, (first + start, first + end))
            part = next((i for i, known in enumerate(items) if _word_prefix(fold(known.text), key)), None)
            if part is not None:
                items[part] = item
            elif not any(_word_prefix(key, fold(known.text)) for known in items):
                items.append(item)
    return items[:MAX_ITEMS]


def _stated(key: str, asked: str) -> bool:
    """The question writes the item, or its first three words, in any case: "Ngoài Khánh Hòa, …" states "Khánh
    Hòa"; "do ban tuyen giao phoi hop …" states "Ban Tuyên giáo Trung ương"."""
    return f" {' '.join(key.split()[:3])} " in f" {asked} "


def _word_prefix(short: str, long: str) -> bool:
    return long.startswith(short + " ")


def _items_in(question: ListQuestion, text: str) -> Iterator[tuple[int, int]]:
    if question.kind == PERSON:
        for candidate in names(text):
            if person_like(text, candidate):
                yield candidate.core
    elif question.kind == ORGANISATION:
        for candidate in organisations(text):
            parts = candidate.text.split()
            # "Hội nghị", "Nhà nước", "Đại sứ …" also open with a head word: a named body has two capitals.
            if fold(parts[0]) in _ORGANISATION_FIRST and sum(1 for part in parts if part[0].isupper()) >= 2:
                yield candidate.core
    else:
        yield from _places_in(question, text)


# Between the names a place noun heads: "các tỉnh Quảng Nam, Quảng Ngãi và Bình Định". After a colon, the names
# spell out the one before it: "các quốc gia Đông Á: Trung Quốc, Nhật Bản và Hàn Quốc".
_LISTED_ON = re.compile(r"\s*,\s*(?:(?:và|cùng|hoặc)\s+)?|\s+(?:và|cùng|hoặc|hay)\s+|(?P<colon>\s*:\s*)")
_A_FAITH = re.compile(r"\s+(?:chúa\s+)?giáo\b")
_COUNTRY_NOUNS = frozenset(fold(noun) for noun in ("nước", "quốc gia"))
_WITHIN_A_PROVINCE = frozenset(fold(noun) for noun in ("huyện", "quận", "xã", "phường", "thị xã", "thị trấn"))
# Words that open a list after its noun: "các địa phương như Hà Nội, …", "các tỉnh gồm …", "các tỉnh: …".
_INTRODUCED = re.compile(r"(?:\s+(?:như|gồm|gồm có|bao gồm))?\s*:?\s*$")


def _places_in(question: ListQuestion, text: str) -> Iterator[tuple[int, int]]:
    """Names after a place noun the question asks for, and the names listed on after them."""
    marked = has_marks(text)
    names_of_places = set(proper_names(text))
    listed: list[tuple[int, int]] = []
    noun, at = "", -1  # the list's noun, and where its last name (an item, or where one is) ends
    for start, end in capitalised_runs(text):
        joint = _LISTED_ON.fullmatch(text, at, start) if listed else None
        if _A_FAITH.match(text, end):
            yield from listed  # "các quốc gia Thiên chúa giáo", "các nước Hồi giáo": what they believe
            listed = []
        elif (before := _noun_before(text, start, marked)) in question.cues:
            yield from listed
            noun, listed, at = before, [(start, end)], end
        elif joint and not joint.group().strip(" ,") and _locates(text[start:end], noun):
            at = end  # "huyện Bát Xát, Lào Cai và …", "Bangkok, Thái Lan và …": where the item before is
        elif joint and _listed_on(text, start, end, names_of_places):
            # "và" ends the list: "ba quận Giao Chỉ, Cửu Chân và Nhật Nam, Hà Nội khi đó …" goes on with a clause.
            listed = [(start, end)] if joint.group("colon") else [*listed, (start, end)]
            at = end
            if joint.group().strip(" ,:"):
                yield from listed
                listed = []
        else:
            yield from listed
            listed = []
    yield from listed


def _locates(name: str, noun: str) -> bool:
    """After a listed name's comma, a country says where a place is that a country noun does not list, and a
    province where a district, a commune or a ward is."""
    if is_a_country(name):
        return noun not in _COUNTRY_NOUNS
    return is_a_place(name) and noun in _WITHIN_A_PROVINCE


def _listed_on(text: str, start: int, end: int, names_of_places: set[tuple[int, int]]) -> bool:
    """The name after a listed one goes on with the list: a place's name ("Thái Bình" too, which no proper name
    opens with), not a person's."""
    name = text[start:end]
    known = (start, end) in names_of_places or is_a_place(name)
    return known and not person_like(text, Candidate(start, end, name, (start, end)))


def _noun_before(text: str, start: int, marked: bool) -> str:
    """The folded one- or two-word place noun right before a name ("thành phố" in "thành phố Huế"), as written in a
    text with marks: "phương Bắc" (the North) is no "phường" (a ward), "xa" (far) no "xã". A general one ("địa
    phương", "khu vực") only where it opens a list: "các địa phương như Hà Nội" (not "nơi Bác Hồ sinh ra")."""
    window = text[max(0, start - 30) : start]
    introducer = _INTRODUCED.search(window)
    introduced = introducer is not None and bool(introducer.group().strip())
    written = window[: introducer.start() if introducer else len(window)].lower().split()
    nouns = _WRITTEN_PLACE_NOUNS if marked else _PLACE_NOUNS
    general = _WRITTEN_GENERAL_PLACE_NOUNS if marked else _GENERAL_PLACE_NOUNS
    for size in (3, 2, 1):
        noun = " ".join(written[-size:]) if len(written) >= size else ""
        if noun in nouns or (introduced and noun in general):
            return fold(noun)
    return ""
