"""Questions and short answers: what a question asks for, and the answer a passage holds.

Question words (``khi nào``, ``ai``, ``bao nhiêu`` ...) decide the kind of answer
wanted and are then dropped from the query, so they never decide which passage
matches. The short answer is extracted from the best passages by the kind:
a date for when-questions, a person and role for who-questions, a number with
its unit for how-many questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from retrieval.text import Word, bigram, exact_key, fold, has_marks, normalize, phrases, terms, words

WHEN, WHO, HOW_MANY, OTHER = "when", "who", "how_many", "other"

# Question phrases and the kind of answer they ask for. A question typed without marks
# is matched on folded forms; one with marks on exact keys, so that "máy" (machine) is
# not taken for "mấy" (how many).
_QUESTION_WORDS = {
    WHEN: "khi nào, lúc nào, bao giờ, ngày nào, hôm nào, tháng nào, năm nào, thời gian nào, thời điểm nào, "
    "ngày bao nhiêu, ngày mấy, vào ngày nào",
    WHO: "ai, người nào, đồng chí nào, vị nào, là ai, giữ chức vụ gì, chức vụ gì, chức vụ nào, chức danh gì, "
    "giữ chức gì",
    HOW_MANY: "bao nhiêu, mấy, số lượng",
    OTHER: "ở đâu, tại đâu, nơi nào, là gì, gì, điều gì, cái gì, những gì, việc gì, làm gì, thế nào, như thế nào, "
    "làm thế nào, làm sao, bằng cách nào, ra sao, tại sao, vì sao, bao lâu, nào, không, có phải, phải không, chưa, "
    "vậy, nhỉ, à, thế",
}


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
như theo trên dưới ra vào lên bị do nên nhưng hay hoặc cũng rất nhiều ít mỗi mọi đến ở ông bà
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
        letters = [ch for ch in fold(match[1]) if ch.isalpha()]
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


def _find_question_phrases(run: list[Word], marked: bool) -> tuple[set[int], str, str | None]:
    """Indexes of question words in a run of words, the kind they ask for, and a how-many unit."""
    drop: set[int] = set()
    kind, unit = OTHER, None
    index = 0
    while index < len(run):
        for phrase in _PHRASES_BY_FIRST_WORD.get(run[index].folded, ()):
            size = phrase.size
            window = run[index : index + size]
            if " ".join(w.folded for w in window) != phrase.folded:
                continue
            if marked and " ".join(w.exact for w in window) != phrase.exact:
                continue
            drop.update(range(index, index + size))
            if phrase.kind != OTHER and kind == OTHER:
                kind = phrase.kind
                if phrase.kind == HOW_MANY and index + size < len(run):
                    unit = " ".join(w.folded for w in run[index + size : index + size + 2])
            index += size - 1
            break
        index += 1
    return drop, kind, unit


# A question word weighs three query terms (rank_bm25 counts a repeated query term
# once per repeat). A marked word spends one of them on its exact key, so an exact
# match weighs more, while a word typed without marks or with the other tone
# placement still carries most of the weight. A word that has no marks at all (a
# name such as "Norman", a number) spends all three on its folded form: it is not
# weaker evidence for having no marks. Measured on XQuAD-vi (README): exact keys at
# full weight cost 0.8 points of recall@1; unmarked words at two terms, 0.8.
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


def parse_question(text: str, abbreviations: dict[str, set[str]]) -> Question:
    """The kind of a question and its BM25 query terms."""
    normalized = normalize(text)
    marked = has_marks(normalized)
    kind, unit = OTHER, None
    kept_runs: list[list[Word]] = []
    for run in phrases(normalized):
        drop, run_kind, run_unit = _find_question_phrases(run, marked)
        if kind == OTHER:
            kind, unit = run_kind, run_unit
        # A removed question phrase breaks the run: its neighbours are not a pair.
        kept_runs.extend(_split_at(run, drop))
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
    return Question(text, kind, kept, query, unit, pairs, [frozenset(g) for g in groups.values()])


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


# --- short answers -------------------------------------------------------------------

_DATE_EXPRESSION = re.compile(
    r"(?:(?P<part>[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm)\s+)?(?:(?P<day_word>[Nn]gày)\s+)?"
    r"(?P<days>\d{1,2}(?:\s*(?:,|và)\s*\d{1,2})*)[/\-.](?P<month>\d{1,2})(?:[/\-.](?P<year>\d{4}))?(?![\d/])"
)
_SURNAMES = frozenset(
    exact_key(s.lower())
    for s in """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lâm Trịnh Mai
Trương Hà Cao Lương Tạ Chu Kiều Quách Tô Vương La Phùng Triệu Lưu Nông Lò Thân Khuất Tăng
""".split()
)
_NAME = re.compile(r"(?<!\w)[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,3}")
_NAME_CUES = ("dong chi", "ong", "ba", "dai su", "trung ta", "thieu ta", "dai ta", "tien si")
_ROLE_END = re.compile(
    r"\s+(?:chủ trì|phát biểu|tham dự|khẳng định|cho biết|nhấn mạnh|đề nghị|quán triệt|"
    r"trình bày|chỉ đạo|báo cáo|yêu cầu|đã|làm|và|cùng)\b.*$"
)
_QUANTITY = re.compile(
    r"(?:(?P<qualifier>gần|hơn|khoảng|trên|dưới|tới|chừng|hàng)\s+)?(?P<number>\d[\d.,]*)\s+"
    r"(?P<unit>[^\W\d]+(?:\s+[^\W\d]+)?)"
)
NAMED_BONUS = 1000
ROLE_BONUS = 100
CLOSE_CHARS = 25
RANK_WEIGHT = 3  # evidence a lower-ranked passage must add to win over a better one
_CLAUSE_BREAK = re.compile(r"[;.!?\n]\s")


@dataclass
class Passage:
    """What answer extraction needs of a hit."""

    text: str
    published: date | None

    @cached_property
    def tokens(self) -> list[Word]:
        return words(self.text)


def short_answer(question: Question, passages: list[Passage]) -> str | None:
    """The short answer the passages hold for the question's kind, else None.

    Every candidate (a date, a name, a quantity) is scored by how many of the
    question's words share its clause, less a penalty for lower-ranked
    passages; ties go to the better passage, then the earlier candidate.
    """
    find = {WHEN: _dates, WHO: _names, HOW_MANY: _quantities}.get(question.kind)
    if find is None:
        return None
    best: tuple[tuple[int, int, int], str] | None = None
    for rank, passage in enumerate(passages):
        for candidate in find(question, passage):
            key = (RANK_WEIGHT * rank - _nearby(question, passage, candidate), rank, candidate.start)
            if best is None or key < best[0]:
                best = (key, candidate.answer)
    return best[1] if best else None


@dataclass
class Candidate:
    start: int  # the span of the passage the answer covers (a name with its role, say)
    end: int
    answer: str
    own: tuple[int, int]  # the part that is not evidence for itself: a name does not vouch for its owner


def _nearby(question: Question, passage: Passage, candidate: Candidate) -> int:
    """Evidence for a candidate: question words and pairs in its clause, and again close by.

    A news lead's opening date governs its whole sentence ("Ngày 25/10, Ban Chỉ
    đạo ... tổ chức Hội nghị"), so the clause counts; words right beside a
    candidate ("Kết luận số 57 ngày 15/6/2023") count once more. Words of the
    candidate itself are not evidence for it, but a person the question names
    ("Ông Lê Hải Bình giữ chức vụ gì?") wins outright.
    """
    text = passage.text
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, candidate.start)]
    start = breaks[-1] if breaks else 0
    following = _CLAUSE_BREAK.search(text, candidate.end)
    end = following.start() + 1 if following else len(text)
    clause = [w for w in passage.tokens if start <= w.start and w.end <= end]
    own = [w for w in clause if candidate.own[0] <= w.start < candidate.own[1]]
    if question.kind == WHO and own and {w.folded for w in own} <= question.anchors:
        # With a role beside the name, the answer says more than the question did.
        return NAMED_BONUS + (ROLE_BONUS if candidate.end - candidate.start > own[-1].end - own[0].start else 0)
    rest = [w for w in clause if w not in own]
    close = [w for w in rest if candidate.start - CLOSE_CHARS <= w.start <= candidate.end + CLOSE_CHARS]
    return _evidence(question, rest) + _evidence(question, close)


def _evidence(question: Question, run: list[Word]) -> int:
    present = {w.folded for w in run}
    pairs = {bigram(a, b) for a, b in zip(run, run[1:])}
    return sum(1 for group in question.groups if group & present) + len(pairs & set(question.pairs))


def _dates(question: Question, passage: Passage) -> Iterator[Candidate]:
    for match in _DATE_EXPRESSION.finditer(passage.text):
        if not 1 <= int(match["month"]) <= 12:
            continue
        expression = re.sub(r"\s*,\s*", ", ", match.group().strip())
        if match["year"] is None and passage.published is not None:
            expression += f"/{_infer_year(match, passage.published)}"
        own = (match.start(), match.end())
        yield Candidate(*own, expression[0].upper() + expression[1:], own)


def _infer_year(match: re.Match[str], published: date) -> int:
    """The latest year that puts the date on or before publication."""
    day = int(re.split(r"\D+", match["days"])[-1])
    month = int(match["month"])
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


def _names(question: Question, passage: Passage) -> Iterator[Candidate]:
    text = passage.text
    for match in _NAME.finditer(text):
        name = _person_name(text, match)
        if name is None:
            continue
        own = (match.start(), match.end())
        role_after = _role_after(text[match.end() :])
        if role_after:
            yield Candidate(match.start(), match.end() + len(role_after) + 2, f"{name}, {role_after}", own)
            continue
        role_before = _role_before(text[: match.start()])
        start = match.start() - len(role_before) - 1 if role_before else match.start()
        yield Candidate(start, match.end(), f"{role_before} {name}" if role_before else name, own)


def _person_name(text: str, match: re.Match[str]) -> str | None:
    """The person's name in a run of capitalised words, if it is one.

    A name starts with a common surname and has three or more syllables, or two
    after a cue such as "ông" or "đồng chí"; "Thái Nguyên" is not a person.
    """
    parts = match.group().split()
    start = next((i for i, w in enumerate(parts) if exact_key(w.lower()) in _SURNAMES), None)
    if start is None or len(parts) - start < 2:
        return None
    cue = fold(text[max(0, match.start() - 12) : match.start()]).strip()
    if len(parts) - start >= 3 or any(cue.endswith(c) for c in _NAME_CUES):
        return " ".join(parts[start:])
    return None


def _role_after(rest: str) -> str | None:
    """The role written after a name: ", Ủy viên ..., Trưởng ban ..." up to the verb."""
    if not rest.startswith(","):
        return None
    clause = re.split(r"[;.]", rest[1:], maxsplit=1)[0]
    segments = []
    for segment in clause.split(","):
        segment = segment.strip()
        if not segment or not segment[0].isupper():
            break
        trimmed = _ROLE_END.sub("", segment)
        segments.append(trimmed)
        if trimmed != segment:
            break
    return ", ".join(segments) or None


def _role_before(before: str) -> str | None:
    """The role written before a name: "Phó Bí thư Thường trực Tỉnh ủy Bùi Thanh Hà"."""
    role: list[str] = []
    for word in reversed(before.split()[-8:]):
        if word.endswith((",", ";", ".", ":")):
            break
        if not word[:1].isupper() and not (role and role[0][:1].isupper()):
            break
        role.insert(0, word)
    while role and not role[0][:1].isupper():
        role.pop(0)
    return " ".join(role) or None


def _quantities(question: Question, passage: Passage) -> Iterator[Candidate]:
    wanted = question.unit.split() if question.unit else []
    for match in _QUANTITY.finditer(passage.text):
        if _is_date_number(passage.text, match):
            continue
        unit = match["unit"].split()
        if wanted:
            # The noun after "bao nhiêu" names the unit: "bao nhiêu đại biểu".
            size = next((n for n in (2, 1) if [fold(u) for u in unit[:n]] == wanted[:n]), 0)
            if not size:
                continue
            unit = unit[:size]
        own = (match.start(), match.end())
        yield Candidate(*own, " ".join(p for p in (match["qualifier"], match["number"], *unit) if p), own)


def _is_date_number(text: str, match: re.Match[str]) -> bool:
    """Numbers that belong to dates, years or document numbers are not quantities."""
    before = fold(text[max(0, match.start("number") - 6) : match.start("number")])
    after = text[match.end("number") : match.end("number") + 1]
    return bool(re.search(r"(nam|ngay|so|thang|khoa)\s*$", before)) or after in ("/", "-")
