"""Short answers and answer sentences: what the cited passages say to a question.

Each passage's answer sentence is the one holding the most of the question's
informative weight (rare words and word pairs weigh most). A short answer is a
candidate of the kind asked (retrieval.recognize) inside an answer sentence,
given only when the evidence is strong: the sentence holds most of the question,
the question's words stand close to the candidate, and no other candidate comes
close. A wrong short answer is worse than none.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from retrieval import kinship, recognize
from retrieval.question import (
    BESIDE_WORDS,
    HOW_MANY,
    ORDINAL,
    ORGANISATION_PHRASES,
    ROLE_PHRASES,
    WHEN,
    WHO,
    Question,
    is_stop_word,
)
from retrieval.recognize import Candidate
from retrieval.text import Word, bigram, exact_key, fold, normalize, sentences, words

# Calibrated together on XQuAD-vi to a precision of 0.9 for when / who / how-many answers (docs/answers.md),
# then left alone. A candidate's sentence must hold this share of the question's informative weight:
MIN_SENTENCE_SHARE = 0.35
# and the candidate this much evidence: that share plus the question's weight beside it (see _nearness),
MIN_EVIDENCE = 0.8
# of which at least this much beside it; the question's words stand where the answer does.
MIN_NEAR = 0.2
# The best candidate must lead the next different one by this much evidence, else no answer.
MIN_LEAD = 0.2
# A date or quantity with no different one in any qualifying sentence of the cited hits, taken from the
# first hit, needs only this much evidence (calibrated once, on XQuAD-vi: docs/answers.md).
MIN_SOLE_EVIDENCE = 0.6
# What a sentence holding a candidate of the kind asked gains when choosing the answer sentence.
KIND_BONUS = 0.1
# What the words of the phrase setting a question's scene count for when choosing the answer sentence.
SCENE_WEIGHT = 0.5
# Question words this many words from a candidate count half.
NEAR_WORDS = 6
# Words after a sentence's subject within which the words after the question's phrase must follow it.
SUBJECT_REACH = 4
# Evidence a lower-ranked passage's candidate gives up for each rank below the first.
RANK_PENALTY = 0.1


# Where-questions get no short answer: places crowd a sentence and are often written without a place word, so
# the candidates measured too often wrong (docs/answers.md); the answer sentence leads instead.
ANSWER_KINDS = (WHEN, WHO, HOW_MANY)

# How near each of some texts is to the question by meaning (a semantic model's cosine), in the same order.
Closeness = Callable[[list[str]], list[float]]


@dataclass
class Passage:
    """What answer extraction needs of a hit."""

    text: str
    published: date | None
    title: str = ""  # the article's title: what every paragraph of it is about
    article: str = ""  # the article's id, when known: passages of one article share what each names

    @cached_property
    def tokens(self) -> list[Word]:
        return words(self.text)

    @cached_property
    def title_words(self) -> list[Word]:
        return words(self.title)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentences(self.text)

    @cached_property
    def token_starts(self) -> list[int]:
        return [w.start for w in self.tokens]

    @cached_property
    def token_ends(self) -> list[int]:
        return [w.end for w in self.tokens]

    @cached_property
    def proper_names(self) -> list[tuple[int, int]]:
        return list(recognize.proper_names(self.text))


@dataclass(frozen=True)
class ShortAnswer:
    text: str
    hit: int  # which passage it was taken from
    span: tuple[int, int]  # where in that passage


@dataclass(frozen=True)
class _Scored:
    candidate: Candidate
    hit: int
    evidence: float
    near: float  # of the question's weight, beside the candidate
    # Its sentence names no one in place of a name the question names, and calls it the relative asked for, if
    # one is; else it is only a rival.
    named: bool = True


class Evidence:
    """How much of a question a run of words holds, by informative weight.

    A word the question writes with marks is matched on its exact key, so that "Thái Nguyên"
    is not found in "Nguyễn Thái"; one written without marks, on its folded form.
    """

    def __init__(self, question: Question, weights: dict[str, float]):
        self.question = question
        self.total = sum(weights.values()) or 1.0
        group_of = {folded: group for group in question.groups for folded in group}
        self.words = {unit: group_of.get(unit, frozenset({unit})) for unit in weights if " " not in unit}
        # Folded key -> the units a word with that key may stand for, in the question's order, each with
        # whether the key is the unit itself (then its marks must agree).
        self._units_by_key: dict[str, list[tuple[str, bool]]] = {}
        for unit, forms in self.words.items():
            for key in forms | {unit}:
                self._units_by_key.setdefault(key, []).append((unit, key == unit))
        self.pairs = {unit for unit in weights if " " in unit}
        self.weights = weights
        self.exact = {w.folded: w.exact for w in question.words if w.marked}
        asked = {w.folded for w in question.words}
        # Typed with marks, "sau" is "after" and only "sáu" is six; without, either may be.
        typed_with_marks = any(w.marked for w in question.words)
        self.asked = asked | {_as_number(w, typed_with_marks) for w in question.words}
        # The whole question, its question words too: typed in lower case, "ai cập" (Egypt) is read as "ai".
        self.written = f" {' '.join(w.folded for w in words(normalize(question.text)))} "
        self.names = _names(question)
        self._name_endings = tuple(f" {' '.join(name)}" for name in self.names)
        self.title = _title_asked(self.written)
        self._qualified_title = _qualified(self.written, self.title)
        self.measured = _measured(question)  # the units of what a how-many question measures, if it names it
        self.relation = kinship.asked(question.text) if question.kind == WHO else None
        self.verb = _verb_asked(question)  # what the one a who-question asks for did, read once per question
        self.asks_of_a_former_holder = _asks_of_a_former_holder(question.text)
        self.scene = _scene(question, weights)  # units only the phrase setting the question's scene holds
        # What is found in each passage (its candidates, each sentence's units) is found once per question,
        # for the short answer and the answer sentences alike, and kept by the passage's id: the passage
        # is kept too, so that its id is no other passage's while this question is asked.
        self._kept: dict[int, Passage] = {}
        self._found: dict[int, list[Candidate]] = {}
        self._held: dict[tuple[int, tuple[int, int]], frozenset[str]] = {}

    def _key(self, passage: Passage) -> int:
        self._kept[id(passage)] = passage
        return id(passage)

    def candidates(self, passage: Passage) -> list[Candidate]:
        """Every candidate of the kind asked in the passage."""
        key = self._key(passage)
        if key not in self._found:
            self._found[key] = _candidates(self.question, passage)
        return self._found[key]

    def states(self, core: list[Word]) -> bool:
        """The question already says this: it is not its answer ("năm 2015", "ba lớp" for "3 lớp")."""
        # A passage is written with marks: its "hai" is two, its "Hải" a name.
        if not core:
            return False
        return {_as_number(w, typed_with_marks=True) for w in core} <= self.asked or (
            f" {' '.join(w.folded for w in core)} " in self.written
        )

    def ends_with_a_name(self, core: list[Word]) -> bool:
        """The core ends with a name the question writes, whole: it names who the question is about."""
        return bool(self._name_endings) and f" {' '.join(w.folded for w in core)}".endswith(self._name_endings)

    def is_the_agent(self, role: list[Word]) -> bool:
        """The question names the candidate's role after "được", "bị", "do" or "bởi": it acts on the answer
        and is not it ("Ai được Chủ tịch UBND TP giao chủ trì ..."); or after "của": the answer is its ("Người
        phát ngôn của Tổng thống Nga là ai?" is not answered by the President)."""
        said = " ".join(w.folded for w in role)
        # "của" only before a title: "Người phát ngôn của Bộ Ngoại giao là ai?" asks for the one whose role is the body.
        titled = any(f" {title} " in f" {said} " for title in _TITLES)
        markers = (*_AGENT_MARKERS, "cua") if titled else _AGENT_MARKERS
        return bool(said) and any(f" {marker} {said} " in self.written for marker in markers)

    def holds_the_title(self, text: str, run: list[Word], role: list[Word], named_at: tuple[int, int]) -> bool:
        """Whether a person of a sentence may hold the title the question asks the holder of ("Ai là Chủ tịch UBND
        tỉnh …"): the sentence names that title, and the person's role is not its deputy's ("Phó Chủ tịch", a
        minister's "Thứ trưởng")."""
        if not self.title:
            return True
        # A deputy's title, or the general one holding the words of the title asked ("Tổng Giám đốc" for
        # "Giám đốc", "Tổng Bí thư" for "Bí thư") is another title.
        others = (f" pho {self.title} ", f" tong {self.title} ", *_DEPUTY_TITLES.get(self.title, ()))
        others = tuple(other for other in others if other not in self.written)
        said = f" {' '.join(w.folded for w in run)} "
        for other in others:
            said = said.replace(other, " ")  # "Phó Tổng Giám đốc" names no "Tổng Giám đốc"
        held = f" {' '.join(w.folded for w in role)} "
        named = any(f" {form} " in said for form in (self.title, *_TITLE_ABBREVIATIONS.get(self.title, ())))
        return (
            named and not any(other in held for other in others) and not self._given_another(text, run, held, named_at)
        )

    def _given_another(self, text: str, run: list[Word], held: str, named_at: tuple[int, int]) -> bool:
        """The sentence gives the title as the question qualifies it to another person, named right after it,
        and this role lacks the qualifier: "Thủ tướng Nguyễn Xuân Phúc và Thủ tướng Bỉ Charles Michel", "Bà
        Nguyễn Thị Kim Ngân tiếp Tổng thống Hoa Kỳ Obama"."""
        qualified = self._qualified_title
        if not qualified or f" {' '.join(qualified)} " in held:
            return False
        folded = [w.folded for w in run]
        size = len(qualified)
        return any(
            folded[at : at + size] == qualified
            and not (at and run[at - 1].exact in _NOT_THE_HOLDER)  # "Phó Tổng thống Mỹ Kamala Harris"
            and text[run[at + size - 1].end : run[at + size].start] == " "  # not "Hoa Sen (Việt Nam)"
            and not named_at[0] <= run[at + size].start < named_at[1]
            and recognize.opens_a_person(text, run[at + size].start)
            for at in range(len(run) - size)
        )

    def adds(self, core: list[Word]) -> bool:
        """A candidate with words of its own that the question does not already state."""
        return bool(core) and not self.states(core)

    def _stands_for(self, folded: str, exact: str) -> Iterator[str]:
        """The units a word, by its folded and exact keys, stands for: a unit itself, written with the same
        marks when the question marks it, or another form of it (an abbreviation's, by its folded words)."""
        for unit, itself in self._units_by_key.get(folded, ()):
            if not itself or unit not in self.exact or self.exact[unit] == exact:
                yield unit

    def units_of(self, word: Word, following: Word | None) -> Iterator[str]:
        """The question's units a word stands for: itself (or its abbreviation's other form), its pair."""
        yield from self._stands_for(word.folded, word.exact)
        if following is not None and self.pairs and bigram(word, following) in self.pairs:
            yield bigram(word, following)

    def held(self, run: list[Word]) -> set[str]:
        """The question's units a run of words holds."""
        held = {unit for word in run for unit in self._stands_for(word.folded, word.exact)}
        if self.pairs:
            held |= self.pairs & {bigram(a, b) for a, b in zip(run, run[1:])}
        return held

    def held_in(self, passage: Passage, span: tuple[int, int]) -> frozenset[str]:
        """The question's units a passage's words inside a span hold: found once per sentence and question."""
        key = (self._key(passage), span)
        if key not in self._held:
            self._held[key] = frozenset(self.held(_within(passage, span)))
        return self._held[key]

    def asks_who_one_is(self) -> bool:
        """ "Henri Frenay là ai?", "Ông Nguyễn Văn An là ai?": the question asks what a person it names is, which
        no other person's name answers."""
        if not self.written.endswith(" la ai "):
            return False
        asked = _without_courtesy(self.written.removesuffix(" la ai ").split())
        return bool(asked) and any(asked == _without_courtesy(name) for name in self.names)

    def share(self, units: Set[str], telling: Mapping[str, float] | None = None) -> float:
        """The share of the question's weight these units carry; with telling, each unit's weight scaled by it."""
        # In the question's order, not the set's: the same sum on every run, so ties break the same way.
        scale = telling or {}
        return sum(weight * scale.get(unit, 1.0) for unit, weight in self.weights.items() if unit in units) / self.total


_AGENT_MARKERS = ("duoc", "bi", "do", "boi")
_COURTESY_WORDS = frozenset(fold(w) for w in ("ông", "bà", "anh", "chị", "cô", "ngài"))


def _without_courtesy(name: list[str]) -> list[str]:
    return name[1:] if name[:1] and name[0] in _COURTESY_WORDS else name


_TITLES = fold(
    "tổng bí thư|chủ tịch|bí thư|tổng giám đốc|giám đốc|thủ tướng|bộ trưởng|thứ trưởng|tổng thống|cục trưởng|"
    "hiệu trưởng|viện trưởng|chánh án|chủ nhiệm|trưởng ban|đại sứ|huấn luyện viên|tổng thư ký"
).split("|")
_DEPUTY_TITLES = {"bo truong": (" thu truong ",)}  # a minister's deputy has a title of its own
# Words before a title that make its bearer no holder of it now: a deputy, a former holder.
_FORMER_KEYS = frozenset(exact_key(w) for w in recognize.FORMER_WORDS)
_NOT_THE_HOLDER = _FORMER_KEYS | {exact_key("phó")}
_TITLE_ABBREVIATIONS = {"huan luyen vien": ("hlv",), "tong giam doc": ("tgd",), "giam doc": ("gd",)}
# "Ai là Chủ tịch …", "Chủ tịch … là ai", "Ai đang giữ chức Chủ tịch …": the question asks for a title's holder.
_TITLE = "(" + "|".join(_TITLES) + ")"
_ASKS_A_HOLDER = re.compile(r" (?:ai la|ai dang la|ai giu chuc|ai dang giu chuc|ai hien la) " + _TITLE + " ")
_HOLDER_ASKED = re.compile(r"^ (?:ong |ba )?" + _TITLE + r" .* (?:la ai|la ong nao|la ba nao) $")


def _title_asked(written: str) -> str | None:
    found = _ASKS_A_HOLDER.search(written) or _HOLDER_ASKED.search(written)
    return found[1] if found else None


def _qualified(written: str, title: str | None) -> list[str] | None:
    """The title asked with the words the question qualifies it by ("thu tuong bi", "bo truong bo y te"), up to
    its question words; None when nothing qualifies it."""
    if title is None:
        return None
    found = re.search(rf" {title} ((?:\S+ )+)", written)
    if found is None:
        return None
    qualifier = []
    for word in found[1].split():
        if word in _QUALIFIES_NOTHING:
            break
        qualifier.append(word)
    return [*title.split(), *qualifier] if qualifier else None


_QUALIFIES_NOTHING = frozenset("la hien dang hom nay moi dau tien cuoi cung ai".split())


def _names(question: Question) -> list[list[str]]:
    """The folded words of each name the question writes with capitals ("Luke Kuechly", "Đắk Lắk"), in order.

    The question's first word is capitalised anyway: alone, it is no name; any word of a name is enough.
    """
    text = normalize(question.text)  # the words' positions are in the normalized text
    found: list[list[Word]] = []
    previous: Word | None = None
    for word in question.words:
        capital = text[word.start].isupper()
        joined = previous is not None and found and found[-1][-1] is previous and text[previous.end : word.start] == " "
        if capital and joined:
            found[-1].append(word)
        elif capital:
            found.append([word])
        previous = word
    opening = words(text)[:1]
    return [[w.folded for w in name] for name in found if len(name) > 1 or name[0].start != opening[0].start]


def answer_sentence(
    evidence: Evidence, passage: Passage, going_on: bool = True, closeness: Closeness | None = None
) -> tuple[int, int]:
    """The span of the passage's sentence that holds most of the question, each of its words weighed by how
    few of the passage's sentences hold it; of equals, the first, or with closeness the one nearest the
    question by meaning. With going_on, the one after it that leans on it ("Ông …", "Điều này …") and holds no
    less is given with it: what goes on about the sentence that restates the question is as often what answers it.

    A sentence holding an answer of the kind asked (a date for "khi nào") that the
    question does not already state gains KIND_BONUS.
    """
    found = evidence.candidates(passage)
    telling = _telling(evidence, passage)
    # A sentence holding nothing of the question but its scene sets the scene ("Hội nghị G7 diễn ra tại Nhật
    # Bản"), which the sentences after it answer in: its scene counts SCENE_WEIGHT.
    setting = {unit: weight * (SCENE_WEIGHT if unit in evidence.scene else 1.0) for unit, weight in telling.items()}

    def score(span: tuple[int, int]) -> float:
        run = _within(passage, span)
        answerable = any(evidence.adds(_core(run, c)) for c in found if _inside(c, span))
        leaned = _with_antecedent(passage, span, to_read=True)
        given = evidence.held_in(passage, (leaned[0], span[0]))
        held = evidence.held_in(passage, span) | given
        scene_alone = not held - evidence.scene
        return evidence.share(held, setting if scene_alone else telling) + (KIND_BONUS if answerable else 0.0)

    scores = [score(span) for span in passage.sentences]
    best = _best_of(passage, scores, closeness)
    following = best + 1
    if (
        going_on
        and following < len(scores)
        and scores[following] >= scores[best]
        and _leans_back(passage, following, to_read=True)
    ):
        best = following
    return _with_antecedent(passage, passage.sentences[best], to_read=True)


def _best_of(passage: Passage, scores: list[float], closeness: Closeness | None) -> int:
    """The index of the sentence scoring most. Sentences scoring the same hold the same words of the question
    (or none), which cannot tell them apart: the first is taken, or the one closeness puts nearest the question,
    read as the reader is shown it, with the sentence it leans on."""
    top = max(scores)
    tied = [index for index, score in enumerate(scores) if math.isclose(score, top, abs_tol=1e-9)]
    if closeness is None or len(tied) < 2:
        return tied[0]
    shown = [_with_antecedent(passage, passage.sentences[index], to_read=True) for index in tied]
    near = closeness([passage.text[start:end] for start, end in shown])
    return tied[max(range(len(tied)), key=near.__getitem__)]


def _telling(evidence: Evidence, passage: Passage) -> dict[str, float]:
    """How well each of the question's units tells the passage's sentences apart: 1 when one sentence holds it,
    falling to 0 when every sentence does. A paragraph about Tesla names him in most sentences; which of them
    answers is told by the question's other words."""
    held = [evidence.held_in(passage, span) for span in passage.sentences]
    if len(held) < 2:
        return {}
    spread = len(held) - 1
    return {unit: 1.0 - (sum(unit in units for units in held) - 1) / spread for unit in set[str]().union(*held)}


# A phrase that says where, when or at what the question's event happened ("Tại Hội nghị G7 ở Nhật Bản, Thủ tướng
# … đề xuất gì?", "Bao nhiêu người chết trong đợt mưa lũ ở Lào Cai?") sets its scene. News opens on the scene and
# answers in the sentences after it, which name the person again and again. A scene runs from its word to a comma
# or the question's end, and holds no question word.
_SCENE = re.compile(r"(?:^|(?<=\s))(?:[Tt]ại|[Tt]rong|[Ởở]|[Vv]ào|[Tt]heo|[Ss]au khi|[Tt]rước khi|[Kk]hi)\b[^,?]*")
# Any word that asks, wherever it stands; not the parser's question phrases, which leave out "đâu" alone (unmarked,
# it is also "đầu") and take "không", "vậy" that only end a question: "vào đâu" is no scene, "ở mức cao như vậy" is.
_QUESTION_WORD = re.compile(r"\b(?:gì|nào|ai|bao nhiêu|mấy|đâu|sao|bao lâu|bao giờ)\b", re.IGNORECASE)


def _scene(question: Question, weights: Mapping[str, float]) -> frozenset[str]:
    """The question's units that only the phrases setting its scene hold."""
    text = normalize(question.text)
    scene: set[str] = set()
    rest = text
    for found in _SCENE.finditer(text):
        if not _QUESTION_WORD.search(found.group()):
            scene |= {w.folded for w in words(found.group())}
            rest = rest.replace(found.group(), " ")
    only = scene - {w.folded for w in words(rest)}
    return frozenset(unit for unit in weights if set(unit.split()) <= only)


# A sentence that opens on a pronoun or on a phrase ending in "này" or "đó" leans on the one before: "Ông cũng mô
# tả ...", "Lý do chính cho sự thay đổi này là …" (not "nào đó", "đâu đó": someone, somewhere); so does one giving
# an example or the details of what that one says: "Ví dụ như …", "Cụ thể, …".
_LEANS_BACK = re.compile(
    r"(?:Ông|Bà|Anh|Chị|Nó|Họ|Chúng|Hắn|Cô|Điều này|Việc này|Đây|Đó|Vì vậy|Do đó|Ví dụ|Chẳng hạn|Cụ thể)\b|"
    r"(?:[^\W\d_]+\s+){1,8}(?<!trong )(?<!nào )(?<!đâu )(?<!gì )(?<!ai )(?:này|đó)\b|(?:[^\W\d_]+\s+){1,3}trên\b"
)
# So does one opening on such a pronoun after a connective and its comma: "Sau đó, ông …", "Ngày nay, điều này
# …"; not on a courtesy word before a name, which brings someone in: "Cùng ngày, ông Trần Văn Bình …".
_LEANS_BACK_AFTER_A_CONNECTIVE = re.compile(
    r"(?:[^\W\d_]+\s+){0,2}[^\W\d_]+,\s+(?:(ông|bà|anh|chị|cô)|nó|họ|chúng|điều này|việc này|đây|đó)\b\s*(\S?)"
)

# And one whose pronoun, wherever it stands, names no one the sentence has named: "Các bằng sáng chế mang lại cho
# ông …". Not "bà con", "ông bà", "họ hàng", "chúng tôi": they stand for no one named before.
_SOMEONE = r"ông(?!\s+(?:bà|cha|chủ|con|già|lớn|nội|ngoại|trùm)\b)|bà(?!\s+(?:bầu|chủ|con|đỡ|già|mẹ|nội|ngoại|ông)\b)"
_SOMEONE_BEFORE = re.compile(rf"\b(?:{_SOMEONE})\b")
_PRONOUN = re.compile(
    rf"\b(?:{_SOMEONE}|(?<!dòng )(?<!gia )(?<!tộc )họ(?!\s+(?:hàng|tên|đạo)\b)"
    r"|(?<!công )(?<!quần )(?<!đại )(?<!dân )chúng(?!\s+(?:ta|tôi|mình|sinh)\b)|nó)\b"
)


def _with_antecedent(passage: Passage, span: tuple[int, int], to_read: bool = False) -> tuple[int, int]:
    """The sentence, and the one before it when it leans on it."""
    index = passage.sentences.index(span)
    return (passage.sentences[index - 1][0], span[1]) if _leans_back(passage, index, to_read) else span


def _leans_back(passage: Passage, index: int, to_read: bool = False) -> bool:
    """The passage's sentence at index leans on the one before it. Any pronoun inside it (to_read) is reason
    enough to read the two together; only "ông" or "bà", which stand for someone named before, lend the sentence
    what the one before says as evidence for a short answer. "họ" and "nó" often stand for what their own sentence
    says ("…, năm 2023 cũng xảy ra vụ cháy làm 4 người chết, họ rất lo lắng")."""
    if index == 0:
        return False
    opening = passage.sentences[index][0]
    if _LEANS_BACK.match(passage.text, opening):
        return True
    connected = _LEANS_BACK_AFTER_A_CONNECTIVE.match(passage.text, opening)
    if connected is not None:
        return not (connected.group(1) and connected.group(2).isupper())
    return _refers_back(passage.text, passage.sentences[index], _PRONOUN if to_read else _SOMEONE_BEFORE)


def _refers_back(text: str, span: tuple[int, int], pronoun: re.Pattern[str]) -> bool:
    """The sentence's first pronoun stands for someone or something no name before it in the sentence does."""
    start, end = span
    for found in pronoun.finditer(text, start, end):
        if text[found.end() : end].lstrip()[:1].isupper():
            continue  # a courtesy word before a name brings someone in: "bà Lê Thị Hoa"
        # The sentence's first word is capitalised anyway; a capital after it is a name.
        return not any(word[:1].isupper() for word in text[start : found.start()].split()[1:])
    return False


def holds_the_question(evidence: Evidence, passage: Passage, span: tuple[int, int]) -> bool:
    """The span, with the passage's title, holds the share of the question a short answer's sentence must."""
    return evidence.share(evidence.held_in(passage, span) | _title_units(evidence, passage)) >= MIN_SENTENCE_SHARE


def stands_beside_the_question(evidence: Evidence, passage: Passage, spans: list[tuple[int, int]]) -> bool:
    """One of the spans (the items a sentence lists) has the question's words beside it, as a short answer must."""
    run = _within(passage, _with_antecedent(passage, sentence_of(passage, spans[0][0])))
    given = _title_units(evidence, passage)
    return any(
        _nearness(evidence, run, Candidate(start, end, passage.text[start:end], (start, end)), given) >= MIN_NEAR
        for start, end in spans
    )


def sentence_of(passage: Passage, position: int) -> tuple[int, int]:
    """The span of the passage's sentence that holds a position: a short answer's sentence answers."""
    return next((span for span in passage.sentences if span[0] <= position < span[1]), passage.sentences[-1])


def _title_units(evidence: Evidence, passage: Passage) -> set[str]:
    # A news paragraph often leaves out what its title says ("tỉnh" for "Khánh Hòa"), so the
    # title's units count as held by each of its sentences, though never as beside a candidate.
    return evidence.held(passage.title_words)


def _within(passage: Passage, span: tuple[int, int]) -> list[Word]:
    """The passage's words inside a span (words run in order, so both ends are found by bisection)."""
    first = bisect_left(passage.token_starts, span[0])
    return passage.tokens[first : max(first, bisect_right(passage.token_ends, span[1]))]


def short_answer(evidence: Evidence, passages: list[Passage]) -> ShortAnswer | None:
    """The short answer of the kind asked, or None when the passages do not clearly hold one."""
    if evidence.question.kind not in ANSWER_KINDS or not passages or evidence.asks_who_one_is():
        return None
    scored = sorted(_scored(evidence, passages), key=lambda s: -s.evidence)
    # An organisation that stands where the question puts its phrase ("tiêu chuẩn của tổ chức nào" and
    # "tiêu chuẩn của Tổ chức ...") answers however far the question's other words are; when some do, the
    # others compete only where they say the same.
    in_place = [s for s in scored if _in_place(evidence.question, passages[s.hit], s.candidate)]
    near = [s for s in scored if s.near >= MIN_NEAR]
    if in_place:
        near = [s for s in near if any(_same(s, placed) for placed in in_place)]
    scored = sorted(set(near) | set(in_place), key=lambda s: -s.evidence)
    counted = [s for s in scored if _counts_the_unit(evidence, passages[s.hit], s.candidate)]
    if counted:
        scored = counted  # "bao nhiêu công ty": "374 công ty" answers, a bare "162" beside it does not compete
    if not scored or not scored[0].named:
        return None
    best = scored[0]
    rival = next((s for s in scored[1:] if not _same(best, s)), None)
    if rival is not None and best.evidence - rival.evidence < MIN_LEAD:
        return None
    # The only date or quantity the best passage's qualifying sentences hold needs less evidence: nothing
    # competes. Not so for names, which crowd a sentence unrecognised (foreign names, places).
    sole = rival is None and best.hit == 0 and evidence.question.kind != WHO
    if best.evidence < (MIN_SOLE_EVIDENCE if sole else MIN_EVIDENCE):
        return None
    best = _most_specific(best, scored)
    return ShortAnswer(best.candidate.text, best.hit, (best.candidate.start, best.candidate.end))


def _counts_the_unit(evidence: Evidence, passage: Passage, candidate: Candidate) -> bool:
    """A quantity followed by the noun the question counts: "bao nhiêu người" and "40.000 người"; or by a unit
    of what the question measures: "vận tốc thiết kế là bao nhiêu" and "80km/h"."""
    question = evidence.question
    if question.kind != HOW_MANY or question.phrase == "bao lau":
        return False
    written = re.sub(r"\([^()]*\)", "", passage.text[candidate.core[1] : candidate.end])  # "68.511 (43,3%) hộ"
    if not question.unit:
        return fold(written).strip() in evidence.measured
    return _names_the_unit([w.folded for w in words(written)], question.unit.split())


_LENGTH = frozenset("km m cm mm met kilomet".split())
# What a question measures, by the word it asks about (marks kept: "dài" is no "đại"), and its units.
_MEASURES_ASKED = {
    " ".join(exact_key(part) for part in word.split()): units
    for phrases, units in (
        ("vận tốc|tốc độ", frozenset({"km/h", "km/gio", "m/s"})),
        ("dài|chiều dài|rộng|chiều rộng|bề rộng|chiều cao|độ cao|sâu|độ sâu|quãng đường|cự ly", _LENGTH),
        ("nặng|trọng lượng|khối lượng", frozenset("kg tan gam g ta".split())),
        ("diện tích", frozenset({"m2", "m²", "ha", "km2", "km²", "hecta", "met vuong"})),
        ("nhiệt độ", frozenset({"do", "°c", "do c"})),
        ("dân số", frozenset({"nguoi", "dan"})),
    )
    for word in phrases.split("|")
}


def _measured(question: Question) -> frozenset[str]:
    """The units of what the question measures, for a question typed with marks ("dai" is "dài" and "đại"); "cao"
    alone is no height ("cao tốc")."""
    if not any(w.marked for w in question.words):
        return frozenset()
    found = [w.exact for w in question.words]
    written = found + [f"{a} {b}" for a, b in zip(found, found[1:])]
    return frozenset().union(*(_MEASURES_ASKED.get(key, frozenset()) for key in written))


def _names_the_unit(unit: list[str], wanted: list[str]) -> bool:
    """A quantity's unit counts what the question counts: "người" for "bao nhiêu người", and after a word that
    counts times or pieces, "lượt vé" for "bao nhiêu vé", or a share, "10 phần trăm bác sĩ" for "bao nhiêu bác sĩ".
    People count the kind of people that follows them ("1.200 người lao động" for "bao nhiêu lao động"), and
    residents are people ("16.000 người" for "bao nhiêu dân", "50 nghìn dân" for "bao nhiêu người")."""
    if unit[:2] == _SHARE and wanted[:2] != _SHARE:
        unit = unit[3:] if unit[2:3] == ["so"] else unit[2:]
    if not unit or not wanted:
        return False
    unit, wanted = _one_name(unit), _one_name(wanted)
    if unit[0] == recognize.PEOPLE and (unit[1:] == wanted or unit[1:] == [] and wanted == _RESIDENTS):
        return True
    if unit == _RESIDENTS and wanted[0] == recognize.PEOPLE:
        return True
    return unit[0] == wanted[0] or unit[0] in _COUNTING_WORDS and unit[1:2] == wanted[:1]


# Nouns Vietnamese counts the same things by: "34 nước" answers "bao nhiêu quốc gia", "500 ca" "bao nhiêu
# trường hợp".
_SAME_NOUNS = {"quoc gia": "nuoc", "truong hop": "ca"}


def _one_name(unit: list[str]) -> list[str]:
    same = _SAME_NOUNS.get(" ".join(unit[:2]))
    return [same, *unit[2:]] if same else unit


def _same(first: _Scored, second: _Scored) -> bool:
    """Two candidates that say the same thing: one's words within the other's ("năm 2024", "ngày 3/7/2024")."""
    a, b = _answer_words(first.candidate.text), _answer_words(second.candidate.text)
    numbers_a, numbers_b = {w for w in a if w.isdigit()}, {w for w in b if w.isdigit()}
    return a <= b or b <= a or bool(numbers_a and numbers_b) and (numbers_a <= numbers_b or numbers_b <= numbers_a)


def _most_specific(best: _Scored, scored: list[_Scored]) -> _Scored:
    """Of the candidates saying the same as the best one, the one saying most: the full date over its year."""
    same = [s for s in scored if s.hit == best.hit and _same(best, s)]
    return max(same, key=lambda s: (len(_answer_words(s.candidate.text)), s.evidence))


def _answer_words(text: str) -> set[str]:
    return {fold(w) for w in re.findall(r"\w+", text)}


def _scored(evidence: Evidence, passages: list[Passage]) -> Iterator[_Scored]:
    question = evidence.question
    elsewhere = _said_elsewhere_in_article(passages, evidence.pairs)
    for rank, passage in enumerate(passages):
        given = _title_units(evidence, passage)
        found = evidence.candidates(passage)
        for span in passage.sentences:
            run = _within(passage, span)
            leaned = _with_antecedent(passage, span)
            # A sentence opening on "Ông", "Điều này": what the one before says, it says too.
            held = evidence.held_in(passage, span)
            share = evidence.share(held | given | evidence.held_in(passage, (leaned[0], span[0])))
            if share < MIN_SENTENCE_SHARE:
                continue
            missing = _misses_a_name(evidence, passage, span, run, set())
            # A name its other cited paragraphs say is the article's subject, unless the sentence names someone
            # else in its place: a list of players, each in a paragraph of its own, names one in each.
            said_elsewhere = missing and not _misses_a_name(evidence, passage, span, run, elsewhere[rank])
            for candidate in (c for c in found if _inside(c, span)):
                core = _core(run, candidate)
                if question.phrase in ROLE_PHRASES:
                    if not evidence.states(core) or candidate.core == (candidate.start, candidate.end):
                        continue  # asked for a role: the person the question names, with one
                elif not evidence.adds(core):
                    continue  # what the question already says is not its answer
                elif (
                    question.kind == WHO
                    and question.phrase not in ORGANISATION_PHRASES
                    and evidence.ends_with_a_name(core)
                ):
                    continue  # "Joe Biden" is who "Tổng thống Biden đã tiếp ai?" asks about, not its answer
                elif question.kind == WHO and not _may_hold(evidence, passage.text, run, candidate):
                    continue
                # A role asked of a person the question names: the name is the evidence.
                if question.phrase in ROLE_PHRASES:
                    near = 1.0
                else:
                    # A date or quantity opening its sentence governs it ("Ngày 25/10, Ban Chỉ đạo ... tổ chức"); so
                    # does the subject a who-question asks for, where the question's words follow it as they follow
                    # "ai" ("Cục Hàng không vừa ra quyết định ..." for "Cơ quan nào quyết định ...").
                    governs = question.kind in (WHEN, HOW_MANY) or (
                        question.opens and _stands_beside(question, passage, candidate, SUBJECT_REACH)
                    )
                    # It governs its clause, up to the next candidate ("Năm 2020, … đến tháng 2/2025 … bị hủy").
                    until = _next_clause(passage.text, found, span, candidate) if governs else None
                    near = _nearness(evidence, run, candidate, given - held, governs, until)
                named = (
                    _may_be_the_relative(evidence, passage.text, run, candidate)
                    and (not missing or not _names_another(evidence, passage, span, candidate, said_elsewhere))
                    and not _acted_on(evidence, passage, candidate)
                )
                yield _Scored(candidate, rank, share + near - RANK_PENALTY * rank, near, named)


# Before the verb a name follows, words that make the name the one who did it: "người sáng lập Larry Page", "đồng
# chủ trì …", "phim của đạo diễn …", "bị giết bởi …", "được bổ nhiệm …".
_AGENT_BEFORE = frozenset({"nguoi", "nha", "dong", "cua", *_AGENT_MARKERS})
_ADVERBS = frozenset({"da", "tung", "cung", "chinh"})
_RESULTS = frozenset({"chet"})  # what a verb did, between it and whom it did it to


def _acted_on(evidence: Evidence, passage: Passage, candidate: Candidate) -> bool:
    """ "Ai đã giết Kiều Công Tiễn?" asks who did it: a name right after the question's verb is the one it was
    done to ("Kiều Công Tiễn giết chết Dương Đình Nghệ"); not one after a comma ("Chủ trì, ông …")."""
    verb = evidence.verb
    if not verb:
        return False
    at = bisect_left(passage.token_starts, candidate.start) - 1
    if at >= 0 and passage.tokens[at].folded in _COURTESY_WORDS:
        at -= 1  # "bổ nhiệm ông Nguyễn Văn Bình"
    if at >= 0 and passage.tokens[at].folded in _RESULTS:
        at -= 1  # "giết chết Dương Đình Nghệ"
    if at < 0 or re.search(r"[,;:.()\-–—]", passage.text[passage.tokens[at].end : candidate.start]):
        return False
    if passage.tokens[at].folded == verb[0]:
        opens = at
    elif len(verb) > 1 and at > 0 and [w.folded for w in passage.tokens[at - 1 : at + 1]] == verb:
        opens = at - 1
    else:
        return False
    return opens == 0 or passage.tokens[opens - 1].folded not in _AGENT_BEFORE


def _verb_asked(question: Question) -> list[str]:
    """The first one or two words after an opening "Ai (là người) (đã)": what the one asked for did."""
    if question.kind != WHO or not question.opens or question.phrase in ORGANISATION_PHRASES:
        return []
    asked = [w.folded for w in question.words]
    if asked[:2] == ["la", "nguoi"]:
        asked = asked[2:]
    elif asked[:1] == ["la"]:
        return []  # "Ai là Thủ tướng …": a title, which a name follows
    while asked and asked[0] in _ADVERBS:
        asked = asked[1:]
    return [] if not asked or asked[0] in _AGENT_BEFORE else asked[:2]


# A date after a comma or semicolon, and a linking word at most, opens a clause of its own: ", đến tháng 2/2025 …".
_CLAUSE_OPENING = re.compile(r"[,;]\s*(?:(?:và|rồi|sau đó|đến|tới|từ|đến nay|hiện)\s+)?$", re.IGNORECASE)


def _next_clause(text: str, found: list[Candidate], span: tuple[int, int], candidate: Candidate) -> int | None:
    """Where the next candidate of the sentence opens a clause of its own, if one does; or where what someone
    said, or what came after, opens ("Ngày 11/9, Ủy ban thông báo rằng sẽ tổ chức trưng cầu vào ngày 12/11":
    the first date is when it was said)."""
    later = [c for c in found if _inside(c, span) and c.start >= candidate.end]
    opening = (c.start for c in later if _CLAUSE_OPENING.search(text, max(0, c.start - 12), c.start))
    elsewhen = _ELSEWHEN.search(text, candidate.end, span[1])
    return min((*opening, *([elsewhen.start()] if elsewhen else [])), default=None)


# Words after which a sentence is at another time than its opening date: "rằng" opens what someone said, thought
# or announced ("Ngày 11/9, Ủy ban thông báo rằng sẽ tổ chức …"); "sau đó" what came after ("Năm 1977, … sau đó
# thua trong cuộc bầu cử năm 1978").
_ELSEWHEN = re.compile(r"(?<!\w)(?:rằng|sau đó|về sau|sau này)(?!\w)", re.IGNORECASE)


def _said_elsewhere_in_article(passages: list[Passage], pairs: Set[str]) -> list[set[str]]:
    """For each passage, the folded words the other cited passages of its article write as names.

    A news paragraph leaves out the place its article names once ("tỉnh" for "Khánh Hòa"): the
    article, not the paragraph, is what names it.
    """
    named = [_written_as_names(p.text, p.tokens, pairs) if p.article else set() for p in passages]
    return [
        set().union(
            *(said for other, said in zip(passages, named) if other is not passage and other.article == passage.article)
        )
        if passage.article
        else set()
        for passage in passages
    ]


def _misses_a_name(
    evidence: Evidence, passage: Passage, span: tuple[int, int], run: list[Word], elsewhere: set[str]
) -> bool:
    """The sentence (with the one it leans on, the title and the rest of its article as cited) leaves out
    a name the question names. A name is written with capitals: "đổi ý" does not name Ý, nor "công" Kiều Công Tiễn."""
    pairs = evidence.pairs
    present = _written_as_names(passage.text, run, pairs)
    present |= _written_as_names(passage.title, passage.title_words, pairs) | elsewhere
    start = _with_antecedent(passage, span)[0]
    if start < span[0]:
        present |= _written_as_names(passage.text, _within(passage, (start, span[0])), pairs)
    return not all(any(evidence.words.get(u, frozenset({u})) & present for u in name) for name in evidence.names)


def _written_as_names(text: str, found: list[Word], pairs: Set[str]) -> set[str]:
    """The folded words written with a capital, or in lower case beside the word the question writes them
    with: a common noun heading a name ("Bảo tàng Horniman") is written in lower case on its own ("bảo tàng")."""
    beside = {w.folded for a, b in zip(found, found[1:]) if bigram(a, b) in pairs for w in (a, b)}
    return {w.folded for w in found if not text[w.start].islower()} | beside


def _names_another(
    evidence: Evidence, passage: Passage, span: tuple[int, int], candidate: Candidate, but_bodies: bool = False
) -> bool:
    """Besides the candidate, the sentence names someone or somewhere the question does not.

    A name the question names and the sentence leaves out is often one the passage states elsewhere
    ("ở Ấn Độ"); the sentence answers of something else when it names another in its place: "Luke
    Kuechly có bao nhiêu cú húc?" is not answered by a sentence about another player's tackles.
    """
    asked = {w.folded for w in evidence.question.words}
    name_start, name_end = candidate.core
    for start, end in passage.proper_names:
        if not (span[0] <= start and end <= span[1]):
            continue
        if end <= candidate.start or candidate.end <= start:
            named = passage.text[start:end]
            if but_bodies and not _another_person(passage.text, Candidate(start, end, named, (start, end))):
                continue  # "Sở Thông tin và Truyền thông tổ chức …" in an article about one province
            if any(w.folded not in asked for w in words(named)):
                return True
            continue
        # Within the answer's role, a place of two words or more names somewhere: "Chủ tịch UBND TP Hà Nội";
        # a title's capitalised syllable ("Thường trực", "Tỉnh ủy") does not.
        for left, right in ((start, min(end, name_start)), (max(start, name_end), end)):
            if left < right and len([w for w in words(passage.text[left:right]) if w.folded not in asked]) > 1:
                return True
    return False


def _another_person(text: str, name: Candidate) -> bool:
    """A name of two words or more shaped as a person's: "Azzedine Ounahi", not "Sở Tài chính" or "FBPAY ADS"."""
    return len(name.text.split()) > 1 and (recognize.person_like(text, name) or recognize.may_name_someone(text, name))


def _may_hold(evidence: Evidence, text: str, run: list[Word], candidate: Candidate) -> bool:
    """Whether the person with this role may be the answer: not the one the question names acting on it ("Ai
    được Chủ tịch UBND TP giao …"), nor one its sentence gives no title asked ("Ai là Chủ tịch UBND tỉnh …")."""
    role = _role(run, candidate)
    if evidence.title and _held_formerly(text, candidate, evidence.title) != evidence.asks_of_a_former_holder:
        return False  # "nguyên Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến" is no "Bộ trưởng Bộ Y tế" now, and the reverse
    return not evidence.is_the_agent(role) and evidence.holds_the_title(
        text, run, role, (candidate.start, candidate.end)
    )


_FORMER_AFTER = re.compile(r"\s*,\s*(?:" + "|".join(recognize.FORMER_WORDS) + r")\s+(\w)", re.IGNORECASE)


def _asks_of_a_former_holder(question: str) -> bool:
    """ "Ai là nguyên Bộ trưởng …?", "Cựu Chủ tịch … là ai?": a former word before a title's capital; not inside a
    name ("Võ Nguyên Giáp") or a word ("Sở Tài nguyên và Môi trường")."""
    written = question.split()
    return any(
        exact_key(word.lower()) in _FORMER_KEYS
        and following[:1].isupper()
        and not (at and written[at - 1][:1].isupper())
        for at, (word, following) in enumerate(zip(written, written[1:]))
    )


def _held_formerly(text: str, candidate: Candidate, title: str) -> bool:
    """The title asked is one the text says the person held before: "nguyên Bộ trưởng … Nguyễn Thị Kim Tiến", "ông
    Nguyễn Văn An, cựu Chủ tịch …"; not another title held before ("Chủ tịch Quốc hội Vương Đình Huệ, nguyên Bí thư
    Thành ủy Hà Nội" for "Ai là Chủ tịch Quốc hội?")."""
    after = _FORMER_AFTER.match(text, candidate.core[1])
    return recognize.former(text, candidate.start, text[candidate.start : candidate.core[0]]) or bool(
        after and after.group(1).isupper() and fold(text[after.start(1) :]).startswith(title)
    )


def _may_be_the_relative(evidence: Evidence, text: str, run: list[Word], candidate: Candidate) -> bool:
    """Asked for someone's relative, a person its sentence calls that relative, and not the one a relative is
    named for (retrieval.kinship). The others still compete: kinship sentences name several people, and one
    that cannot be the answer still makes the call a close one."""
    relation = evidence.relation
    return not relation or (
        kinship.called(relation, run)
        and not kinship.not_the_relative(relation, text, run, candidate.start, candidate.core[0])
    )


def _inside(candidate: Candidate, span: tuple[int, int]) -> bool:
    return span[0] <= candidate.start and candidate.end <= span[1]


def _role(run: list[Word], candidate: Candidate) -> list[Word]:
    """The words of the candidate's role: before its core ("Chủ tịch UBND TP Nguyễn Thế Thảo") or after it."""
    return [
        w
        for w in run
        if candidate.start <= w.start < candidate.end and not candidate.core[0] <= w.start < candidate.core[1]
    ]


def _core(run: list[Word], candidate: Candidate) -> list[Word]:
    return [w for w in run if candidate.core[0] <= w.start < candidate.core[1]]


# A number written in words is the same number as in digits: "ba lớp" is what "3 lớp" in the question says.
_NUMBER_WORDS = dict(zip("mot hai ba bon nam sau bay tam chin muoi".split(), map(str, range(1, 11)))) | {"tu": "4"}


_MARKED_NUMBER_WORDS = {
    exact_key(word): str(number)
    for number, word in enumerate("một hai ba bốn năm sáu bảy tám chín mười".split(), start=1)
} | {exact_key("tư"): "4"}


def _as_number(word: Word, typed_with_marks: bool) -> str:
    """A word as a number: by its exact form in a text typed with marks, else by its folded one."""
    numbers, key = (_MARKED_NUMBER_WORDS, word.exact) if typed_with_marks else (_NUMBER_WORDS, word.folded)
    return numbers.get(key, word.folded)


def _nearness(
    evidence: Evidence,
    run: list[Word],
    candidate: Candidate,
    only_in_title: Set[str],
    governs: bool = False,
    until: int | None = None,
) -> float:
    """The question's weight in the sentence, each unit discounted by its distance from the candidate.

    A unit right beside the candidate counts fully, one NEAR_WORDS words away half: in a
    sentence that answers, the question's words stand where the answer's do. Words of the
    candidate's own role or qualifier stand beside its core (the name, the number); the core
    itself is no evidence. With governs, a candidate opening its sentence governs all of it
    ("Ngày 25/10, Ban Chỉ đạo ... tổ chức"), or up to the position until. What only the title says is left out.
    """
    core = [i for i, w in enumerate(run) if candidate.core[0] <= w.start < candidate.core[1]]
    span = [i for i, w in enumerate(run) if candidate.start <= w.start < candidate.end]
    if not core:
        return 0.0
    first, last = span[0], span[-1]
    opener = governs and first == 0
    best: dict[str, float] = {}
    for position, word in enumerate(run):
        if core[0] <= position <= core[-1]:
            continue
        outside = position < first or position > last
        governed = opener and (until is None or word.start < until)
        distance = (first - position if position < first else position - last) if outside and not governed else 1
        for unit in evidence.units_of(word, run[position + 1] if position + 1 < len(run) else None):
            closeness = evidence.weights[unit] / (1 + (distance - 1) / NEAR_WORDS)
            best[unit] = max(best.get(unit, 0.0), closeness)
    rest = evidence.total - sum(evidence.weights[u] for u in only_in_title)
    return min(1.0, sum(best.values()) / rest) if rest > 0 else 1.0


def _candidates(question: Question, passage: Passage) -> list[Candidate]:
    """Every candidate of the kind asked in the passage: recognised once, then looked up by sentence."""
    text = passage.text
    if question.kind == WHEN:
        found = [_unnamed(question, text, c) for c in recognize.dates(text, passage.published)]
        if question.phrase in _ASKS_A_YEAR:  # "năm nào": a day without its year ("Sáng 24/12") is no answer
            found = [c for c in found if _WRITTEN_YEAR.search(text, *c.core)]
        if not _ASKS_OF_A_LIFE.search(question.text):
            found = [c for c in found if not _is_a_lifespan(text, c)]
        else:
            found = [_end_of_life(question, text, c) if _is_a_lifespan(text, c) else c for c in found]
        if _HORIZON.search(question.text):
            return found
        return [c for c in found if not _is_horizon(text, c, passage.published)]
    if question.kind == HOW_MANY:
        return list(_quantities(question, text))
    if question.kind != WHO:
        return []
    if question.phrase in ORGANISATION_PHRASES:
        return list(recognize.organisations(text))
    return list(_people(question, passage))


def _unnamed(question: Question, text: str, candidate: Candidate) -> Candidate:
    """A year without the name of the event it is of, where the question names it: "Argentina vô địch World Cup
    năm nào?" is answered "2022", not "World Cup 2022"."""
    named = words(text[candidate.start : candidate.core[0]])
    asked = {w.folded for w in question.words}
    if (
        not named
        or not recognize.is_bare_year(text[slice(*candidate.core)])
        or any(w.folded not in asked for w in named)
    ):
        return candidate
    return Candidate(candidate.core[0], candidate.end, text[candidate.core[0] : candidate.end], candidate.core)


def _people(question: Question, passage: Passage) -> Iterator[Candidate]:
    """Names shaped as Vietnamese people's, with their roles; and other names ("John Wesley") only where
    the words beside the question's "ai" stand beside them or their title: Vietnamese asks in place, so a sentence that
    answers puts the name where the question puts "ai" ("Ai phong chức ..." → "... phong chức bởi John
    Wesley"). Other capitalised runs are as often places, works and teams; they do not compete."""
    text = passage.text
    for candidate in recognize.names(text):
        if recognize.person_like(text, candidate):
            yield recognize.with_role(text, candidate)
        elif (
            question.beside
            and recognize.may_name_someone(text, candidate)
            and (
                _placed(question, passage, candidate)
                or _said_to_be(question, passage, candidate)
                or _given_the_title(question, passage, candidate)
            )
        ):
            yield candidate


def _placed(question: Question, passage: Passage, candidate: Candidate) -> bool:
    """The name stands beside the question's words, or its title does: "bởi Chủ tịch Hạ viện Mỹ Nancy Pelosi"."""
    if _stands_beside(question, passage, candidate):
        return True
    first = bisect_left(passage.token_starts, candidate.start)
    reach = passage.tokens[max(0, first - recognize.ROLE_WORDS - BESIDE_WORDS) : first]
    if not any(w.folded in question.beside for w in reach):
        return False  # no title could put it beside them: spare reading one
    titled = recognize.with_role(passage.text, candidate)
    if titled.start >= candidate.start:
        return False
    # "Ai là Thủ tướng Nhật Bản?" — "Thủ tướng Nhật Bản Shinzo Abe": the title is what stands in the question's place.
    title = passage.text[titled.start : candidate.start]
    if recognize.former(passage.text, titled.start, title):
        return False  # "cựu Tổng thống Mỹ Barack Obama", "Tổng thống Hàn Quốc tiền nhiệm Moon Jae-in"
    return _stands_beside(
        question, passage, Candidate(titled.start, candidate.end, candidate.text, candidate.core)
    ) or (
        recognize.opens_with_a_title(title)
        and bool(question.beside)
        and question.beside <= {w.folded for w in words(title)}
    )


def _said_to_be(question: Question, passage: Passage, candidate: Candidate) -> bool:
    """ "Người sáng lập ra nhà Ngô là ai?" — "Ngô Quyền (898 – 944) là …, là người sáng lập ra nhà Ngô": the name
    opens its sentence and the sentence says it "là" what the question asks of. Or the title it follows opens it
    ("Nhà kinh tế học Hàn Quốc Hoesung Lee là chủ tịch của IPCC"), and then, since a long title may hide a clause
    ("Nhà kinh tế Paul Krugman cho rằng người cần lên tiếng là …"), "là" follows the name closely. What "là" says
    opens on the question's first word: not "là cựu Thủ tướng Anh", "là cố vấn Tổng thống Mỹ"."""
    if question.phrase != "la ai":
        return False
    start, end = sentence_of(passage, candidate.start)
    if passage.text[start : recognize.with_role(passage.text, candidate).start].strip():
        return False
    titled = bool(passage.text[start : candidate.start].strip())
    asked = [w.folded for w in question.words if not is_stop_word(w)]
    for said in _SAID_TO_BE.finditer(passage.text, candidate.end, end):
        if titled and len(words(passage.text[candidate.end : said.start()])) > _BEFORE_LA:
            return False
        following = words(passage.text[said.end() : end])[: len(question.words) + 2]
        if (
            asked
            and set(asked) <= {w.folded for w in following}
            and following[0].folded == asked[0]  # not "là cựu Thủ tướng Anh", "là con trai Tổng thống Mỹ"
        ):
            return True
    return False


# "là" saying what the subject is, not "không phải là", nor what it was or will be ("từng là", "sẽ là"); the
# question's words follow it closely.
_SAID_TO_BE = re.compile(r"(?<!không phải )(?<!chưa phải )(?<!không )(?<!từng )(?<!sẽ )(?<!sắp )\blà\b")
# Words between a titled name and its "là": "hiện là", "cũng đã là".
_BEFORE_LA = 2


def _given_the_title(question: Question, passage: Passage, candidate: Candidate) -> bool:
    """ "Tổng thư ký LHQ là ai?" — "Antonio Guterres, Tổng thư ký LHQ, cho biết …": the name, then between commas
    the title the question asks of, opening on its first word; not a deputy's or a former one ("Phó", "cựu")."""
    if question.phrase != "la ai":
        return False
    comma = _APPOSITIVE.match(passage.text, candidate.end)
    if comma is None:
        return False
    clause = passage.text[comma.end() : sentence_of(passage, candidate.start)[1]].split(",")[0]
    title = words(clause)
    asked = [w.folded for w in question.words if not is_stop_word(w)]
    return (
        bool(asked and title)
        and title[0].folded == asked[0]
        and set(asked) <= {w.folded for w in title}
        # The title and nothing else: not "… giai đoạn 2014-2024", "Chủ tịch nhóm Dân chủ tại Hạ viện".
        and all(w.folded in asked or is_stop_word(w) or _a_name_s(clause, w) for w in title)
        and not any(w.exact in _NOT_THE_HOLDER or w.exact == _AND for w in title)
        and not _LISTED_BEFORE.search(passage.text, max(0, candidate.start - _LOOK_BACK), candidate.start)
    )


def _a_name_s(text: str, word: Word) -> bool:
    """A word written as a name's: capitalised, no digits ("U23" names a team's age group, not a body)."""
    written = text[word.start : word.end]
    return written[0].isupper() and not any(c.isdigit() for c in written)


_APPOSITIVE = re.compile(r"\s*,\s*")
_AND = exact_key("và")
# A name after "và" is one of several the title after it may be shared by.
_LISTED_BEFORE = re.compile(r"\bvà\s*$")
# How far before a name the word joining it to another is looked for: the word and the spaces after it.
_LOOK_BACK = 40


def _in_place(question: Question, passage: Passage, candidate: Candidate) -> bool:
    return question.phrase in ORGANISATION_PHRASES and _stands_beside(question, passage, candidate)


def _stands_beside(question: Question, passage: Passage, candidate: Candidate, reach: int = BESIDE_WORDS) -> bool:
    """Whether the words beside the question's phrase stand within reach of the candidate: the reach words on
    either side of it, or those its verb says after qualifiers (see _verb_after)."""
    first = bisect_left(passage.token_starts, candidate.start)
    last = bisect_left(passage.token_starts, candidate.end)
    around = passage.tokens[max(0, first - reach) : first] + passage.tokens[last : last + reach]
    return _any_beside(question, around) or _any_beside(
        question, _verb_after(question, passage, candidate, last, reach)
    )


def _any_beside(question: Question, run: list[Word]) -> bool:
    return any(w.folded in question.beside for w in run if not is_stop_word(w))


def _verb_after(question: Question, passage: Passage, candidate: Candidate, last: int, reach: int) -> list[Word]:
    """The reach words after a name, within its clause, past words that only qualify its verb ("James Hutton
    thường được xem là …" says "xem" of him, as "Ai được xem là …" asks it); none where the voice is not the
    question's: "Trump đã bổ nhiệm Powell" does not answer "Ai được bổ nhiệm …?"; none for a name that is not the
    clause's subject: one owning it ("Luật sư của Johnny Depp vẫn …") or the last of several joined ("A và B đều …").
    "sẽ" is no qualifier, nor "từng" before "là": "sẽ là", "từng là" say what someone will be or was.

    last: the index in passage.tokens of the first word after the name.
    """
    if _NOT_THE_SUBJECT.search(passage.text, max(0, candidate.start - _LOOK_BACK), candidate.start):
        return []
    closes = found.start() if (found := _CLAUSE_MARK.search(passage.text, candidate.end)) else len(passage.text)
    said: list[Word] = []
    skipped: list[Word] = []
    for word in passage.tokens[last : last + reach + _MOST_QUALIFIERS]:
        if len(said) == reach or word.end > closes:
            break
        if word.exact in _QUALIFIERS and len(skipped) < _MOST_QUALIFIERS:
            skipped.append(word)
        else:
            said.append(word)
    if said and said[0].exact == _IS and any(w.exact == _ONCE for w in skipped):
        return []  # "Theresa May từng là Thủ tướng Anh": what she was
    passive = any(w.exact in _PASSIVE for w in skipped)
    return said if passive == bool(_ASKS_IN_THE_PASSIVE.search(question.text)) else []


_CLAUSE_MARK = re.compile(r"[,;:.!?()]")
# Words between a subject and its verb that only qualify the verb; "được" and "bị" make it passive.
_PASSIVE = frozenset(exact_key(w) for w in ("được", "bị"))
_ASKS_IN_THE_PASSIVE = re.compile(
    r"\bai\s+(?:là\s+người\s+)?(?:(?:đã|đang|thường|từng|vừa|mới)\s+)*(?:được|bị)\b", re.IGNORECASE
)
_QUALIFIERS = frozenset(
    exact_key(w) for w in ("đã", "đang", "vừa", "cũng", "thường", "từng", "vẫn", "luôn", "được", "bị")
)
_ONCE, _IS = exact_key("từng"), exact_key("là")
_MOST_QUALIFIERS = 3
_NOT_THE_SUBJECT = re.compile(r"\b(?:của|và|lẫn|cùng|với)\s*$", re.IGNORECASE)


# "đến năm 2030" in an article of 2024 is a horizon (a plan's, a target's), not when something happened: a
# year after "đến" or "tới" later than the publication answers only a question that asks for one ("đến năm
# nào"). "kéo dài đến năm 1279" is an end, which a "khi nào" question may ask for: a past year stays. Ranges
# ("từ 2020 đến 2025") are one candidate, opening at "từ", so their "đến" is inside them.
_HORIZON = re.compile(r"\b(?:đến|tới)\b", re.IGNORECASE)
# A name's years in brackets ("Friedrich III (1657-1713) xưng vương năm 1701", "George Washington (22 tháng 2 năm
# 1732 – 14 tháng 12 năm 1799)") are its life, which only a question about a birth, a death or a life asks for.
_DAY_OF_A_LIFE = r"(?:\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+|\d{1,2}\s*[/.]\s*\d{1,2}\s*[/.]\s*)?\d{3,4}"
_LIFESPAN = re.compile(rf"\s*({_DAY_OF_A_LIFE})\s*[-–]\s*({_DAY_OF_A_LIFE}|\d{{2}})\s*", re.IGNORECASE)
# Fewer years than this between a bracket's ends after a name are a term ("Thủ tướng Nguyễn Xuân Phúc (7/4/2016 –
# 5/4/2021)"), not a life.
LIFE_YEARS = 15


# A question about a birth or a death (not "học sinh", "sinh sống": those ask of no birth) takes one end of a life.
_BIRTH_WORDS = "sinh|ra đời|chào đời"
_DEATH_WORDS = "mất|qua đời|chết|từ trần|tạ thế|hy sinh|băng hà"
_ASKS_OF_A_BIRTH = re.compile(rf"\b(?:{_BIRTH_WORDS})\b(?!\s+(?:sống|hoạt|thái|viên))", re.IGNORECASE)
_ASKS_OF_A_DEATH = re.compile(rf"\b(?:{_DEATH_WORDS})\b", re.IGNORECASE)
_ASKS_OF_A_LIFE = re.compile(rf"\b(?:{_BIRTH_WORDS}|{_DEATH_WORDS}|sống|thọ)\b", re.IGNORECASE)
_NOT_A_BIRTH = re.compile(r"\b(?:học|hy|phát|nữ|nam)\s+sinh\b", re.IGNORECASE)
_REIGN_BEFORE = re.compile(r"\b(?:vua|hoàng đế|nữ hoàng|chúa|triều|thời)\s+(?:[^\W\d_]+\s+){0,4}\(?$", re.IGNORECASE)


def _end_of_life(question: Question, text: str, candidate: Candidate) -> Candidate:
    """The end of a lifespan a question asks for: "sinh năm nào?" is answered "1185" from "Truật Xích
    (1185-1226)", "mất năm nào?" "1226"; the whole span where it asks of both, or of a life ("sống")."""
    ends = _LIFESPAN.fullmatch(text, candidate.start, candidate.end)
    dated = ends is not None and len(ends[1]) > 4  # a reign is written in years, a life may be in days
    if not dated and _REIGN_BEFORE.search(text, max(0, candidate.start - 60), candidate.start):
        return candidate  # "vua Gia Long (1802-1820)": a king's years are his reign's
    asked = question.text
    birth = bool(_ASKS_OF_A_BIRTH.search(_NOT_A_BIRTH.sub(" ", asked)))
    death = bool(_ASKS_OF_A_DEATH.search(asked))
    if birth == death or ends is None or len(ends[2]) < 3:
        return candidate
    start, end = ends.span(1 if birth else 2)
    return Candidate(start, end, text[start:end], (start, end))


def _is_a_lifespan(text: str, candidate: Candidate) -> bool:
    """Years in brackets right after a person's name; not after a country's ("Việt Nam và Triều Tiên (1950 -
    2025)" are the years of their relations)."""
    window = max(0, candidate.start - 40)
    opening = re.search(r"(\S+)\s*\($", text[window : candidate.start])
    ends = _LIFESPAN.fullmatch(text, candidate.start, candidate.end)
    return (
        opening is not None
        and text[candidate.end : candidate.end + 1] == ")"
        and ends is not None
        and (len(ends[2]) < 3 or _year_of(ends[2]) - _year_of(ends[1]) >= LIFE_YEARS)
        and recognize.opens_a_person(text, window + opening.start(1))
    )


def _year_of(day: str) -> int:
    return int(re.findall(r"\d+", day)[-1])


_HORIZON_BEFORE = re.compile(r"\b(?:đến|tới)\s+$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ASKS_A_YEAR = frozenset({"nam nao", "nam bao nhieu", "nam may"})
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:1\d|20)\d{2}(?!\d)|\bnăm\s+\d+(?!\d)(?!\s+tuổi)", re.IGNORECASE)


def _is_horizon(text: str, candidate: Candidate, published: date | None) -> bool:
    if published is None or not _HORIZON_BEFORE.search(text, max(0, candidate.start - 8), candidate.start):
        return False
    years = [int(year) for year in _YEAR.findall(candidate.text)]
    return bool(years) and min(years) > published.year


# Words that count times or pieces of what follows them: "lượt vé", "chiếc xe".
_COUNTING_WORDS = frozenset("luot chiec con cai".split())
_SHARE = ["phan", "tram"]
# What "bao nhiêu tiền", "bao nhiêu vốn", "bao nhiêu kinh phí" ask for: money.
_RESIDENTS = ["dan"]
_ASKS_FOR_MONEY = frozenset({"tien", "von", "kinh phi", "chi phi", "ngan sach", "doanh thu", "loi nhuan"})
# A number in words with a scale word is as plainly a count as one in digits: "mười triệu".
_SCALED = re.compile(r"\b(?:" + recognize.SCALE_WORDS + r")\b", re.IGNORECASE)


# A quantity right after "tăng", "giảm" or a sign is a change, and after "tăng từ" where the change started: either
# answers a question that asks for a change. "tăng từ 415.000 đến 587.000" is a range of levels.
_CHANGED_BY = re.compile(r"(?:\b(?:tăng|giảm)(?:\s+thêm)?|\+)\s*$", re.IGNORECASE)
_ASKS_WHAT_IT_ROSE_BY = re.compile(r"\b(?:tăng|giảm)(?:\s+thêm)?\s+(?:bao nhiêu|mấy)\b", re.IGNORECASE)
# What something rose or fell by follows "tăng" or "giảm" within a few words of its clause ("tăng nhẹ 0,2%", "giảm giá
# vé đến 30%", "tăng gần gấp 4 lần"); what it rose to follows "lên", "xuống", "còn", "đạt" or "ở mức".
_ROSE_BY = re.compile(
    r"(?:\b(?:tăng|giảm)|\+)(?:\s+(?!(?:lên|xuống|còn|đạt|ở|mức)\b)[^\s,;:.!?()]+){0,5}\s*$", re.IGNORECASE
)
_ROSE_BY_REACH = 60  # characters before a quantity read for it
# The year a quantity is said of, written right after it: "853.382 người vào năm 2014".
_YEAR_SAID_OF = re.compile(
    r"(?:(?!với)[^\d.,;:()]){0,12}?\b(?:vào |trong |của )?năm ((?:1[0-9]|20)\d{2})\b", re.IGNORECASE
)  # not "tăng 20% so với năm 2022": what it is compared with
_RANGE_WITHIN = re.compile(r"\d\s*(?:đến|tới|-|–)\s*\d")
_CHANGE_WORDS = frozenset("tang giam them chenh lech mat ha dieu chinh thay doi bien dong tut nhich".split())
_SCORE = re.compile(r"\d{1,3}\s*[-–]\s*\d{1,3}")
MORE_UNIT_WORDS = 3  # words a two-word unit may go on with, as the question writes them: "trường đại học"
_UNIT_WINDOW = 40  # characters after a quantity read for those words


_AGE = "tuoi"
_AGE_BEFORE = re.compile(r"\btuổi\s+$", re.IGNORECASE)


def _quantities(question: Question, text: str) -> Iterator[Candidate]:
    """Quantities whose unit is the one asked ("bao nhiêu đại biểu"); of time for "bao lâu" and "bao nhiêu thời
    gian"; of money for "bao nhiêu tiền" (or "vốn", "kinh phí" ...); ordinals ("thứ ba") for "thứ mấy"."""
    wanted = question.unit.split() if question.unit else []
    dates = [(d.start, d.end) for d in recognize.dates(text)]
    asks_a_change = bool(_CHANGE_WORDS & {w.folded for w in question.words})
    asks_what_it_rose_by = bool(_ASKS_WHAT_IT_ROSE_BY.search(question.text))
    years_asked = set(_YEAR.findall(question.text))
    for quantity in recognize.quantities(text):
        candidate = quantity.candidate
        core = candidate.core
        if any(start < core[1] and core[0] < end for start, end in dates):
            continue  # the days of "23, 24 và 26/10" are not a count
        if not asks_a_change and _is_a_change(text, candidate):
            continue  # "tăng 10 triệu euro, cán mốc 90 triệu euro": what it rose by is not what it is
        if asks_what_it_rose_by and not _ROSE_BY.search(
            text, max(0, candidate.start - _ROSE_BY_REACH), candidate.start
        ):
            continue  # nor is what it is what it rose by ("đón 3,2 triệu lượt khách, tăng 48%")
        ordinal = recognize.ORDINAL_BEFORE.search(text, max(0, core[0] - 8), core[0])
        said_of = _YEAR_SAID_OF.match(text, candidate.end) if years_asked else None
        if said_of and said_of[1] not in years_asked:
            continue  # "853.382 người vào năm 2014" is no answer for 2010
        unit = quantity.unit.split()
        if wanted[:1] not in ([], [_AGE]) and _AGE_BEFORE.search(text, max(0, core[0] - 8), core[0]):
            continue  # "ở tuổi 39" is an age, not the "bao nhiêu đội" asked
        if question.phrase == "bao lau" or wanted == ["thoi", "gian"]:
            if recognize.is_time_unit(quantity.unit):
                yield candidate
        elif wanted and (wanted[0] in _ASKS_FOR_MONEY or " ".join(wanted[:2]) in _ASKS_FOR_MONEY):
            if unit[:1] and unit[0].split("/")[0] in recognize.MONEY_UNITS:  # "đồng/vé": money for each ticket
                yield candidate
        elif wanted == [ORDINAL]:
            if ordinal:
                yield Candidate(ordinal.start(), candidate.end, text[ordinal.start() : candidate.end], core)
        elif ordinal and not _counts_so_far(text, ordinal.start(), wanted):
            continue  # "kỳ họp thứ 22", "lần thứ 14": which one, not how many
        else:
            counted = _names_the_unit(unit, wanted)
            # A bare number, where the question or the number names no unit; a bare "6-0" is a score, which
            # counts no unit ("bao nhiêu điểm").
            bare_score = not unit and bool(_SCORE.fullmatch(text, *core))
            # People alone are as plain: "45 người là công nhân" for "bao nhiêu công nhân".
            named = unit and unit != [recognize.PEOPLE]
            plain = (quantity.digits or bool(_SCALED.search(text, *core))) and not (wanted and (named or bare_score))
            if counted and unit == wanted:
                yield _unit_as_asked(question, text, candidate)
            elif counted or plain:
                yield candidate
            elif unit == _SHARE and wanted:
                yield from _share_of(text, candidate, wanted)


def _counts_so_far(text: str, ordinal: int, wanted: list[str]) -> bool:
    """ "lần thứ 3" answers "bao nhiêu lần": the third time is the count so far."""
    before = words(text[max(0, ordinal - 12) : ordinal])
    return bool(wanted) and bool(before) and before[-1].folded == wanted[0]


def _is_a_change(text: str, candidate: Candidate) -> bool:
    """A change, not a level; a rate after "tăng" ("GDP tăng 5%") is both, and is what a growth question asks."""
    if _RANGE_WITHIN.search(text, *candidate.core) or recognize.PERCENT.match(text, candidate.core[1]):
        return False
    return bool(_CHANGED_BY.search(text, max(0, candidate.start - 8), candidate.start))


def _share_of(text: str, candidate: Candidate, wanted: list[str]) -> Iterator[Candidate]:
    """A share of what the question counts, with it: "30% bé gái", "20% số trạm xăng" for "bao nhiêu bé gái"."""
    following = words(text[candidate.end : candidate.end + _UNIT_WINDOW])
    if following[:1] and following[0].folded == "so":
        following = following[1:]
    noun = following[: len(wanted)]
    if not noun or [w.folded for w in noun] != wanted:
        return
    end = candidate.end + noun[-1].end
    if re.fullmatch(r"(?: [^\W\d_]+)+", text[candidate.end : end]):  # right after it, nothing between
        yield Candidate(candidate.start, end, text[candidate.start : end], candidate.core)


def _unit_as_asked(question: Question, text: str, candidate: Candidate) -> Candidate:
    """A counted quantity whose two-word unit the question goes on writing ("bao nhiêu trận chung kết"): the
    passage's lower-case words that go on as the question does belong to the unit ("ba trận chung kết")."""
    asked = [w.folded for w in question.words]
    unit = question.unit.split() if question.unit else []
    at = next((i for i in range(len(asked)) if asked[i : i + len(unit)] == unit), None)
    if at is None or unit == _SHARE:  # "%" is the whole unit of "bao nhiêu phần trăm đất đai"
        return candidate
    base = end = candidate.end
    going_on = asked[at + len(unit) : at + len(unit) + MORE_UNIT_WORDS]
    for expected, word in zip(going_on, words(text[base : base + _UNIT_WINDOW])):
        written = text[base + word.start : base + word.end]
        if word.folded != expected or not written.islower() or not recognize.may_be_in_a_unit(written):
            break
        if text[end : base + word.start].strip():
            break
        end = base + word.end
    shown = candidate.text + text[candidate.end : end]
    return Candidate(candidate.start, end, shown, candidate.core) if end > candidate.end else candidate
