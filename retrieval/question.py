"""Questions: the kind of answer asked for, and the query that finds it.

Question words (``khi nào``, ``ai``, ``bao nhiêu``, ``ở đâu`` ...) decide the kind of
answer wanted and are then dropped from the query, so they never decide which
passage matches. Abbreviations in a question also ask for their expansions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from retrieval.recognize import SCALE_WORDS
from retrieval.text import Word, bigram, exact_key, fold, has_marks, normalize, phrases, terms, words

WHEN, WHO, HOW_MANY, WHERE, OTHER = "when", "who", "how_many", "where", "other"
KINDS = (WHEN, WHO, HOW_MANY, WHERE, OTHER)

# Question phrases and the kind of answer they ask for. A question typed without marks
# is matched on folded forms; one with marks on exact keys, so that "máy" (machine) is
# not taken for "mấy" (how many). "đâu" alone is left out: unmarked, it is also "đầu".
_QUESTION_WORDS = {
    WHEN: "khi nào, lúc nào, bao giờ, hồi nào, chừng nào, ngày nào, hôm nào, tháng nào, năm nào, thời gian nào, "
    "thời điểm nào, ngày bao nhiêu, ngày mấy, vào ngày nào, thế kỷ nào, thập niên nào, giai đoạn nào, thời kỳ nào, "
    "năm bao nhiêu, phút nào, phút thứ mấy, phút thứ bao nhiêu, tháng mấy, năm mấy, quý mấy",
    WHO: "ai, người nào, đồng chí nào, vị nào, là ai, giữ chức vụ gì, chức vụ gì, chức vụ nào, chức danh gì, "
    "giữ chức gì, cơ quan nào, bộ nào, đơn vị nào, tổ chức nào, công ty nào, doanh nghiệp nào, "
    "ông nào, bà nào, bác sĩ nào, cầu thủ nào, tác giả nào, nhà văn nào, huấn luyện viên nào, ca sĩ nào, "
    "chuyên gia nào, nghị sĩ nào, nhà phân tích nào, nhà báo nào, phóng viên nào, lãnh đạo nào, quan chức nào, "
    "tòa án nào, hiệp hội nào, nhạc sĩ nào, nghệ sĩ nào, nhà thơ nào, "
    "diễn viên nào, đạo diễn nào, vận động viên nào, trọng tài nào, thủ môn nào, tiền đạo nào, nhà khoa học nào, "
    "nhà sử học nào, vua nào, hoàng đế nào, vị thần nào",
    HOW_MANY: "bao nhiêu, mấy, số lượng, bao lâu",
    WHERE: "ở đâu, tại đâu, nơi nào, chỗ nào, đến đâu, từ đâu, địa điểm nào, khu vực nào",
    OTHER: "là gì, gì, điều gì, cái gì, những gì, việc gì, làm gì, thế nào, như thế nào, "
    "làm thế nào, làm sao, bằng cách nào, ra sao, tại sao, vì sao, nào, không, có phải, phải không, chưa, "
    "vậy, nhỉ, à, thế",
}

# Phrases that ask only with their marks: unmarked, "hoi nao" is as often "hội nào" (which festival) as "hồi nào".
_MARKED_ONLY = frozenset({"hoi nao", "chung nao"})


def _asked_otherwise(text: str) -> bool:
    """The question asks which, what, why or how, wherever in it: "số lượng" is then only its words ("Nhóm người có
    số lượng lớn nhất là nhóm người nào?"); "lớn cỡ nào", "đến mức nào" still ask how many, and so does "… là gì?"
    after an opening "Số lượng"."""
    found = [w.folded for w in words(text)]
    pairs = list(zip(["", *found], found))
    if found[:2] == ["so", "luong"] and pairs[-1] == ("la", "gi"):
        pairs.pop()  # "Số lượng vệ tinh của Sao Mộc là gì?" asks for the number
    return any(
        word == "gi" or (before, word) in _ASKING_OTHERWISE or (word == "nao" and before not in ("co", "muc"))
        for before, word in pairs
    )


_ASKING_OTHERWISE = frozenset({("tai", "sao"), ("vi", "sao"), ("lam", "sao"), ("ra", "sao")})  # not "ngôi sao"


# Words that ask a question only as its last word ("… phải không?", "… chưa?"), elsewhere words of its own.
_ENDING_PARTICLES = frozenset("khong chua vay nhi a the".split())

# The unit of a how-many question asking for a rank ("đứng thứ mấy"): an ordinal, "thứ ba".
ORDINAL = "thu"

# Who-questions that ask for the role of a person the question names.
ROLE_PHRASES = frozenset({"giu chuc vu gi", "chuc vu gi", "chuc vu nao", "chuc danh gi", "giu chuc gi"})
# Who-questions that ask for an organisation rather than a person.
ORGANISATION_PHRASES = frozenset(
    fold(phrase)
    for phrase in ("cơ quan nào", "bộ nào", "đơn vị nào", "tổ chức nào", "công ty nào", "doanh nghiệp nào")
    + ("tòa án nào", "hiệp hội nào")
)


@dataclass(frozen=True)
class _Phrase:
    folded: str
    exact: str
    kind: str
    size: int


def _phrase(text: str, kind: str) -> _Phrase:
    found = words(text)
    return _Phrase(" ".join(w.folded for w in found), " ".join(w.exact for w in found), kind, len(found))


# By first folded word, longest first: a question's words are looked up, not scanned.
_PHRASES_BY_FIRST_WORD: dict[str, list[_Phrase]] = {}
for _kind, _listed in _QUESTION_WORDS.items():
    for _text in _listed.split(", "):
        _found = _phrase(_text, _kind)
        _PHRASES_BY_FIRST_WORD.setdefault(_found.folded.split()[0], []).append(_found)
for _candidates in _PHRASES_BY_FIRST_WORD.values():
    _candidates.sort(key=lambda phrase: -phrase.size)

# Function words: kept in the BM25 query (its idf weighs them), but they are
# not "informative" for the not-found rule or for highlighting. Exact keys:
# folded, "bị" would also stop "Bí".
STOP_WORDS = frozenset(
    exact_key(w)
    for w in """
của và là các những được có trong cho với về tại đã sẽ đang này đó thì mà để từ một
như theo trên dưới ra vào lên bị do bởi nên nhưng hay hoặc cũng rất nhiều ít mỗi mọi đến ở ông bà
""".split()
)

# Common administrative abbreviations; the corpus adds its own at ingest.
BUILT_IN_ABBREVIATIONS = {
    "ttđn": "thông tin đối ngoại",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "bcđ": "ban chỉ đạo",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "uvtv": "ủy viên thường vụ",
    "tư": "trung ương",
    "t.ư": "trung ương",
    "tw": "trung ương",
    "mttq": "mặt trận tổ quốc",
    "bđbp": "bộ đội biên phòng",
    "bct": "bộ chính trị",
    "đbqh": "đại biểu quốc hội",
    "kt-xh": "kinh tế xã hội",
    "tp": "thành phố",
    "ttxvn": "thông tấn xã việt nam",
    "vn": "việt nam",
}
_DEFINITION = re.compile(r"\(([A-ZĐ][A-ZĐƯ&.\-]{1,9})\)")


def learn_abbreviations(text: str) -> dict[str, str]:
    """Definitions written in the text, like ``Thông tin đối ngoại (TTĐN)``."""
    found = {}
    for match in _DEFINITION.finditer(text):
        letters = [fold(ch) for ch in match[1] if ch.isalpha()]  # one by one: the "Y" of "TY" is no "i"
        before = re.findall(r"\w+", text[: match.start()])[-len(letters) :]
        if len(before) == len(letters) and all(fold(w)[0] == ch for w, ch in zip(before, letters)):
            found[match[1].lower()] = " ".join(before).lower()
    return found


@dataclass
class Question:
    text: str
    kind: str
    words: list[Word]  # the question's words, question words removed
    terms: list[str]  # the BM25 query
    unit: str | None  # for how-many questions: the folded noun that follows "bao nhiêu"
    pairs: list[str]  # folded bigrams of adjacent question words, question words removed
    groups: list[frozenset[str]]  # folded informative words, each with its abbreviation's other form
    phrase: str | None = None  # the folded question phrase that set the kind: "bao lau", "co quan nao"
    # Folded informative words at most BESIDE_WORDS words from that phrase: where the answer stands in a
    # sentence that answers, these stand beside it ("Ai phong chức ..." and "... phong chức bởi John Wesley").
    beside: frozenset[str] = frozenset()
    opens: bool = False  # the question phrase opens the question: it asks for the subject ("Ai chủ trì ...?")

    @property
    def anchors(self) -> set[str]:
        """Every folded word a passage may echo: the question's own and their other forms."""
        return set().union(*self.groups)

    @property
    def informative(self) -> list[Word]:
        return [w for w in self.words if not is_stop_word(w)]


_FOLDED_STOP_WORDS = frozenset(fold(w) for w in STOP_WORDS)


def is_stop_word(word: Word) -> bool:
    # A word typed without marks could be any of its marked forms.
    return word.exact in STOP_WORDS or (not word.marked and word.folded in _FOLDED_STOP_WORDS)


def _inside_name(text: str, window: list[Word], following: Word | None) -> bool:
    """A capitalised question word before a capitalised word is part of a name: "Ai Cập" is Egypt; one written in
    capitals is an abbreviation: "AI" is artificial intelligence."""
    first = text[window[0].start : window[0].end]
    if len(first) > 1 and first.isupper():
        return True
    # Only a one-word phrase can be a name's first syllable: "Khi nào Việt Nam …" asks when.
    return len(window) == 1 and following is not None and first[0].isupper() and text[following.start].isupper()


# Words that can follow "bao nhiêu" without naming what is counted: "chiếm bao nhiêu so với", "bao nhiêu
# trong một ngày".
_NOT_A_UNIT = STOP_WORDS | {exact_key(w) for w in "so khi nữa hơn thì lúc mỗi".split()}
# Unmarked, only the unambiguous ones ("ty", "nghin", "trieu"): "tram" may be "trạm", "ngan" "ngân".
_SCALE_WORDS = frozenset(exact_key(w) for w in (*SCALE_WORDS.split("|"), "vạn", "chục", "nghin", "trieu", "ty"))
_NOT_A_UNIT_FOLDED = frozenset("so khi trong de cho voi la duoc thi hon nua moi vao o tai".split())


def _unit_after(text: str, run: list[Word], first: int, last: int) -> str | None:
    """The folded noun counted after a how-many phrase, run[first:last] ("bao nhiêu đại biểu").

    "bao nhiêu %" asks for "phần trăm"; so does "chiếm bao nhiêu" (a share) when no noun follows; "thứ mấy", a rank.
    """
    while last < len(run) and run[last].exact in _SCALE_WORDS:
        last += 1  # "bao nhiêu tỷ đồng", "bao nhiêu nghìn người": the scale is the number's, the noun the unit
    following = run[last : last + 2]
    before = run[first - 1] if first else None
    if before is not None and (before.exact == "thứ" or not before.marked and before.folded == "thu"):
        return ORDINAL  # "đứng thứ mấy", "xếp thứ bao nhiêu"
    if re.match(r"\s*%", text[run[last - 1].end :]):
        return "phan tram"
    names_none = not following or (
        following[0].exact in _NOT_A_UNIT if following[0].marked else following[0].folded in _NOT_A_UNIT_FOLDED
    )
    if names_none and first and run[first - 1].folded == "chiem":
        return "phan tram"
    return " ".join(w.folded for w in following) or None


BESIDE_WORDS = 2
# Words linking the question phrase to what it asks for ("Ai là người ..."): beside an answer they say nothing.
_LINKING = frozenset({"la", "nguoi"})


class _Found(NamedTuple):
    drop: set[int]  # indexes of the question words
    kind: str
    unit: str | None  # a how-many question's unit
    phrase: str | None  # the folded phrase that set the kind
    beside: frozenset[str]  # the informative words beside that phrase
    opens: bool  # that phrase is the run's first words


def _main_clause(run: list[Word], index: int) -> int:
    """Where the clause of the word at index opens: after a "thì" before it ("Trong khi Giáo hoàng đang diễn thuyết
    thì ai …"), since the words of the clause before stand beside someone else."""
    return next((at + 1 for at in range(index - 1, -1, -1) if _then(run[at])), 0)


def _then(word: Word) -> bool:
    # Typed without marks, "thi" before the question's phrase is "thì" as well.
    return word.exact == _THEN or (not word.marked and word.folded == "thi")


_THEN = exact_key("thì")


def _find_question_phrases(text: str, run: list[Word], marked: bool) -> _Found:
    """The question words of a run of words, the kind they ask for, a how-many unit, the phrase and its neighbours."""
    drop: set[int] = set()
    kind, unit, asked = OTHER, None, None
    beside: frozenset[str] = frozenset()
    opens = False
    index = 0
    while index < len(run):
        for phrase in _PHRASES_BY_FIRST_WORD.get(run[index].folded, ()):
            size = phrase.size
            window = run[index : index + size]
            if " ".join(w.folded for w in window) != phrase.folded:
                continue
            if marked and " ".join(w.exact for w in window) != phrase.exact:
                continue
            if not marked and phrase.folded in _MARKED_ONLY:
                continue
            if _inside_name(text, window, run[index + size] if index + size < len(run) else None):
                continue
            if phrase.folded in _ENDING_PARTICLES and index + size < len(run):
                continue  # "không" asks only at the end: "hàng không" (aviation) is the question's own words
            if phrase.folded == "so luong" and _asked_otherwise(text):
                continue  # "Tiểu bang nào có số lượng quận nhiều nhất?" asks which state, not how many
            drop.update(range(index, index + size))
            if phrase.kind != OTHER and kind == OTHER:
                kind, asked = phrase.kind, phrase.folded
                if phrase.kind == HOW_MANY:
                    unit = _unit_after(text, run, index, index + size)
                # "là" and "người" ("Ai là người phát hiện ra …") stand between the phrase and its words.
                outward = [w for w in run[index + size :] if w.folded not in _LINKING]
                inward = [w for w in run[_main_clause(run, index) : index] if w.folded not in _LINKING]
                around = inward[-BESIDE_WORDS:] + outward[:BESIDE_WORDS]
                beside = frozenset(w.folded for w in around if not is_stop_word(w))
                opens = index == 0
            index += size - 1
            break
        index += 1
    return _Found(drop, kind, unit, asked, beside, opens)


# A question word weighs three query terms (rank_bm25 counts a repeated query term
# once per repeat). A marked word spends one of them on its exact key, so an exact
# match weighs more, while a word typed without marks or with the other tone
# placement still carries most of the weight. A word that has no marks at all (a
# name such as "Norman", a number) spends all three on its folded form: it is not
# weaker evidence for having no marks. Both choices are measured on XQuAD-vi in
# docs/retrieval-ablation.md.
FOLDED_WEIGHT = 2


def query_terms(word: Word) -> list[str]:
    return [word.folded] * FOLDED_WEIGHT + [word.exact]


def _split_at(run: list[Word], drop: set[int]) -> list[list[Word]]:
    runs: list[list[Word]] = [[]]
    for index, word in enumerate(run):
        if index in drop:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(word)
    return [r for r in runs if r]


# Fewer words in capitals may be an abbreviation or a name alone ("TTĐN LÀ GÌ", "HỒ CHÍ MINH").
_SHOUTED_WORDS = 4


def _uncapitalised(text: str) -> str:
    """A question typed in capitals throughout, read in lower case: its capitals tell no name from a question word
    ("AI CHỦ TRÌ HỘI NGHỊ …" asks who)."""
    shouted = not any(ch.islower() for ch in text) and len(words(text)) >= _SHOUTED_WORDS
    return text.lower() if shouted else text


def parse_question(text: str, abbreviations: dict[str, set[str]]) -> Question:
    """The kind of a question and its BM25 query terms."""
    normalized = text = _uncapitalised(normalize(text))
    marked = has_marks(normalized)
    kind, unit, asked, beside, opens = OTHER, None, None, frozenset[str](), False
    kept_runs: list[list[Word]] = []
    for run in phrases(normalized):
        found = _find_question_phrases(normalized, run, marked)
        if kind == OTHER:
            kind, unit, asked, beside = found.kind, found.unit, found.phrase, found.beside
            opens = found.opens and not kept_runs  # in the question's first run, not after a clause
        # A removed question phrase breaks the run: its neighbours are not a pair.
        kept_runs.extend(_split_at(run, found.drop))
    query: list[str] = []
    pairs: list[str] = []
    for run in kept_runs:
        for index, word in enumerate(run):
            query.extend(query_terms(word))
            if index:
                pairs.append(bigram(run[index - 1], word))
                query.extend([pairs[-1]] * FOLDED_WEIGHT)
    kept = [w for run in kept_runs for w in run]
    # Evidence groups: a word and the other form of it, if it is an abbreviation or
    # an expansion; a group counts once, so "thông tin đối ngoại" is not four
    # pieces of evidence against one "TTĐN".
    groups = {w.folded: {w.folded} for w in kept if not is_stop_word(w)}
    for written, other in _other_forms(normalized, kept, abbreviations):
        query.extend(terms(other))
        other_words = {w.folded for w in words(other) if w.exact not in STOP_WORDS}
        parts = written.split()  # "ttdn", or "kt xh" for KT-XH, or "thong tin doi ngoai"
        if written not in groups and all(part in groups for part in parts):
            groups[written] = set().union(*(groups.pop(part) for part in parts))
        if written in groups:
            groups[written] |= other_words
        else:
            groups[fold(other)] = other_words
    return Question(text, kind, kept, query, unit, pairs, [frozenset(g) for g in groups.values()], asked, beside, opens)


def _other_forms(text: str, question_words: list[Word], abbreviations: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(form written, folded and space-separated; other form) for each abbreviation or expansion the question uses."""
    table: dict[str, set[str]] = {fold(k): {v} for k, v in BUILT_IN_ABBREVIATIONS.items()}
    for abbr, expansions in abbreviations.items():
        table.setdefault(fold(abbr), set()).update(expansions)
    folded_text = f" {' '.join(w.folded for w in question_words)} "
    found: list[tuple[str, str]] = []
    for abbr, expansions in table.items():
        parts = [w.folded for w in words(abbr)]  # "kt-xh" and "t.u" are two words in a question too
        key = " ".join(parts)
        written = f" {key} " in folded_text and (len(key) >= 3 or _written_upper(text, parts))
        for expansion in expansions:
            if written:
                found.append((key, expansion))
            elif f" {fold(expansion)} " in folded_text:
                found.append((fold(expansion), abbr))
    return found


def _written_upper(text: str, parts: list[str]) -> bool:
    # Short abbreviations ("TƯ", "TP") are common words in lower case: only upper case counts.
    tokens = words(text)
    return any(
        [w.folded for w in tokens[i : i + len(parts)]] == parts
        and all(text[w.start : w.end].isupper() for w in tokens[i : i + len(parts)])
        for i in range(len(tokens) - len(parts) + 1)
    )
