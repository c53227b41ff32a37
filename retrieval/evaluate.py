"""Questions and answers measured on a SQuAD-format dataset, the way a user asks them.

Each distinct context is one passage (no title, no cleaning, no splitting). A
question text attached to several passages is one question, found when any of
them is ranked (a relevance set, as TREC judgements have). Every answerable
question is asked through ``Engine.ask``, not-found rule included, so a refused
question counts as a miss everywhere:

- passages: recall@k and MRR from a list of 10, and MRR over the cited hits;
- short answers, per kind asked: how many got one, how many of those are right;
- the answer sentence of the first hit: does it hold a gold answer?
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from retrieval.engine import DEFAULT_TOP_K, Answer, Engine
from retrieval.question import HOW_MANY, KINDS, WHEN, WHO
from retrieval.semantic import Progress
from retrieval.text import fold

CUTOFFS = (1, 5, 10)
LISTED = max(CUTOFFS)
# A short answer is right when a gold answer lies inside it, or their token F1 reaches this.
RIGHT_F1 = 0.5
# The kinds whose short answers the targets are set on, reported together.
TOGETHER = (WHEN, WHO, HOW_MANY)


@dataclass(frozen=True)
class Item:
    """One answerable question: the passages it was written on and its gold answers."""

    question: str
    relevant: frozenset[int]
    answers: tuple[str, ...]


@dataclass
class Dataset:
    passages: list[str]
    items: list[Item]


def load_squad(path: Path) -> Dataset:
    """The distinct contexts and answerable questions of a SQuAD-format file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        articles = data["data"]
        passages, relevant, answers = _collect(articles)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: not a SQuAD-format JSON file ({error})") from None
    if not relevant:
        raise ValueError(f"{path}: no answerable questions")
    items = [Item(q, frozenset(relevant[q]), tuple(dict.fromkeys(answers[q]))) for q in relevant]
    return Dataset(passages, items)


def _collect(articles: list[dict]) -> tuple[list[str], dict[str, list[int]], dict[str, list[str]]]:
    passages: list[str] = []
    position: dict[str, int] = {}
    relevant: dict[str, list[int]] = {}
    answers: dict[str, list[str]] = {}
    for article in articles:
        for paragraph in article.get("paragraphs", []):
            context = paragraph["context"]
            position.setdefault(context, len(passages))
            if position[context] == len(passages):
                passages.append(context)
            for qa in paragraph.get("qas", []):
                if qa.get("is_impossible") or not qa.get("answers"):
                    continue
                question = " ".join(qa["question"].split())
                relevant.setdefault(question, []).append(position[context])
                answers.setdefault(question, []).extend(a["text"] for a in qa["answers"])
    return passages, relevant, answers


def strip_diacritics(dataset: Dataset) -> Dataset:
    """The same dataset with its questions typed without marks, as people often do in chat."""
    return Dataset(dataset.passages, [Item(fold(i.question), i.relevant, i.answers) for i in dataset.items])


# --- passage metrics -------------------------------------------------------------------


def rank_of(ranked: list[int], relevant: Iterable[int]) -> int | None:
    """The 1-based rank of the first relevant passage, None when none is listed."""
    wanted = set(relevant)
    return next((rank for rank, passage in enumerate(ranked, start=1) if passage in wanted), None)


def metrics(ranks: list[int | None], passages: int) -> dict[str, float | int]:
    """recall@k, MRR@10 and MRR over the cited hits, from each question's rank (None: not listed)."""
    count = len(ranks)
    result: dict[str, float | int] = {"passages": passages, "questions": count}
    for k in CUTOFFS:
        result[f"recall@{k}"] = round(sum(1 for r in ranks if r is not None and r <= k) / count, 4)
    for name, depth in (("mrr@10", LISTED), ("mrr_cited", DEFAULT_TOP_K)):
        result[name] = round(sum(1 / r for r in ranks if r is not None and r <= depth) / count, 4)
    return result


# --- answer metrics --------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Lower-case NFC tokens, punctuation dropped: the form answers are compared in."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def token_f1(predicted: list[str], gold: list[str]) -> float:
    common = sum((Counter(predicted) & Counter(gold)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _contains(tokens: list[str], part: list[str]) -> bool:
    size = len(part)
    return bool(size) and any(tokens[i : i + size] == part for i in range(len(tokens) - size + 1))


def is_right(short: str, golds: Iterable[str]) -> bool:
    """A gold answer lies inside the short answer, or their token F1 is at least RIGHT_F1."""
    predicted = _tokens(short)
    return any(_contains(predicted, _tokens(g)) or token_f1(predicted, _tokens(g)) >= RIGHT_F1 for g in golds)


def holds_answer(text: str, golds: Iterable[str]) -> bool:
    """A gold answer appears in the text, compared as tokens."""
    tokens = _tokens(text)
    return any(_contains(tokens, _tokens(g)) for g in golds)


@dataclass
class Tally:
    asked: int = 0
    answered: int = 0
    right: int = 0

    def add(self, other: Tally) -> None:
        self.asked += other.asked
        self.answered += other.answered
        self.right += other.right

    def to_json(self) -> dict[str, float | int]:
        return {
            "asked": self.asked,
            "answered": self.answered,
            "right": self.right,
            "precision": round(self.right / self.answered, 4) if self.answered else 0.0,
            "coverage": round(self.right / self.asked, 4) if self.asked else 0.0,
        }


def short_answer_table(results: list[tuple[Item, Answer]]) -> dict[str, dict[str, float | int]]:
    """Per kind asked (and the targets' kinds together): asked, answered, right, precision, coverage."""
    tallies = {kind: Tally() for kind in KINDS}
    for item, answer in results:
        tally = tallies[answer.kind]
        tally.asked += 1
        if answer.answer:
            tally.answered += 1
            tally.right += is_right(answer.answer, item.answers)
    together = Tally()
    for kind in TOGETHER:
        together.add(tallies[kind])
    return {**{kind: t.to_json() for kind, t in tallies.items()}, "together": together.to_json()}


def sentence_accuracy(results: list[tuple[Item, Answer]]) -> float:
    """Share of questions whose first hit's answer sentence holds a gold answer."""
    held = 0
    for item, answer in results:
        if answer.hits and answer.hits[0].sentence:
            start, end = answer.hits[0].sentence
            held += holds_answer(answer.hits[0].chunk.text[start:end], item.answers)
    return round(held / len(results), 4)


# --- runs ------------------------------------------------------------------------------


def evaluate_hoidap(
    dataset: Dataset, semantic: bool = False, stripped: bool = False, progress: Progress | None = None
) -> dict[str, dict]:
    """hoidap over the dataset in a temporary database, every question asked as a user asks it.

    The row "hoidap"; with stripped, also "hoidap, no diacritics": the same questions typed
    without marks, on the same database (passages are stored and embedded once).
    """
    with (
        tempfile.TemporaryDirectory() as folder,
        Engine(Path(folder) / "eval.db", seeds=None, semantic=semantic) as engine,
    ):
        engine.add_passages(((f"p{i}", text) for i, text in enumerate(dataset.passages)), progress)
        rows = {"hoidap": _asked(engine, dataset)}
        if stripped:
            rows["hoidap, no diacritics"] = _asked(engine, strip_diacritics(dataset))
    return rows


def _asked(engine: Engine, dataset: Dataset) -> dict:
    ranks, results, refused = [], [], 0
    for item in dataset.items:
        listed = engine.ask(item.question, LISTED)
        ranks.append(rank_of([int(hit.chunk.doc[1:]) for hit in listed.hits], item.relevant))
        refused += not listed.hits
        results.append((item, engine.ask(item.question, DEFAULT_TOP_K)))
    return {
        **metrics(ranks, len(dataset.passages)),
        "short_answers": short_answer_table(results),
        "answer_sentence_accuracy": sentence_accuracy(results),
        "refused": refused,
    }


def evaluate_baseline(dataset: Dataset) -> dict[str, float | int]:
    """Plain rank-bm25: lower-cased whitespace tokens, nothing else; passages only."""
    tokenize: Callable[[str], list[str]] = lambda text: text.lower().split()  # noqa: E731
    bm25 = BM25Okapi([tokenize(p) for p in dataset.passages])
    ranks = []
    for item in dataset.items:
        scores = bm25.get_scores(tokenize(item.question))
        ranked = [int(i) for i in np.argsort(-scores, kind="stable")[:LISTED]]
        ranks.append(rank_of(ranked, item.relevant))
    return metrics(ranks, len(dataset.passages))


def compare(dataset: Dataset, semantic: bool = False, progress: Progress | None = None) -> dict[str, dict]:
    """hoidap as given and without diacritics, BM25 alone when semantic is on, and plain rank-bm25, in one run."""
    rows = evaluate_hoidap(dataset, semantic, stripped=True, progress=progress)
    if semantic:
        rows.update({f"{name}, BM25 only": row for name, row in evaluate_hoidap(dataset, stripped=True).items()})
    stripped = strip_diacritics(dataset)
    return {**rows, "rank-bm25": evaluate_baseline(dataset), "rank-bm25, no diacritics": evaluate_baseline(stripped)}
