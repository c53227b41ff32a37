"""Ranking: what a paragraph is indexed by, how BM25's best paragraphs are re-ordered, and whether
any of them answers the question at all.

BM25 (retrieval.index) finds the candidates; this module's arithmetic turns their
scores and the question's informative words into the ranking a reader sees.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from retrieval import semantic
from retrieval.index import BM25Index
from retrieval.question import Question
from retrieval.store import Chunk
from retrieval.text import terms

# Share of the question's informative weight that the best passage must hold;
# below it the corpus does not answer the question (see coverage). Calibrated on
# the seeds' out-of-corpus questions and XQuAD-vi (docs/answers.md, the not-found rule).
MIN_COVERAGE = 0.35
# With the semantic model's cosine as a second witness (see answers): calibrated on XQuAD-vi's questions
# against the passages of the other half of its articles (out-of-corpus questions) and the seeds'.
COVERAGE_ALONE = 0.4
COVERAGE_WITH_MODEL = 0.25
AGREEING_COSINE = 0.84
# BM25's best paragraphs are re-ordered: each term's BM25 weight counts again as
# far as it tells these candidates apart (see candidate_weighted), and the sum is
# multiplied by sqrt(coverage), so that of two passages BM25 scores alike, the one
# holding more of the question (a rare name rather than a common phrase) comes
# first, like the coordination factor of classic Lucene scoring (measured in
# docs/retrieval-ablation.md).
RERANK_DEPTH = 10


@dataclass
class Ranked:
    chunk: Chunk
    score: float  # the ranking score: (BM25 + candidate-weighted BM25) x sqrt(coverage)
    coverage: float  # share of the question's informative weight the paragraph holds
    cosine: float | None = None  # the semantic model's cosine with the question, when it had a say


def chunk_terms(title: str, text: str) -> list[str]:
    """The terms a paragraph is indexed by.

    The title counts for each paragraph: a question naming the province finds the
    paragraph that only says "tỉnh".
    """
    return terms(title) + terms(text)


def newest_first(scored: list[tuple[float, int, float, float]], chunks: dict[int, Chunk]) -> list:
    """Candidates that hold enough of the question (MIN_COVERAGE), newest article first; then the rest.

    For a question that asks for the latest: of the paragraphs that answer it, the most recent one.
    """

    def newest(item: tuple[float, int, float, float]) -> tuple[bool, str]:
        chunk = chunks.get(item[1])
        return item[2] >= MIN_COVERAGE, (chunk.date or "") if chunk else ""

    return sorted(scored, key=newest, reverse=True)


def answers(ranked: list[Ranked]) -> bool:
    """Whether the corpus answers the question: one of the cited paragraphs is evidence enough.

    By BM25 alone, a paragraph must hold MIN_COVERAGE of the question's informative weight.
    Where the semantic model had a say, two kinds of evidence weigh together: a paragraph
    holding COVERAGE_ALONE, or COVERAGE_WITH_MODEL with a cosine of AGREEING_COSINE, or a
    cosine of semantic.FOUND_COSINE alone (an unseen word or a paraphrase does not refuse it).
    """
    for r in ranked:
        if r.cosine is None:
            if r.coverage >= MIN_COVERAGE:
                return True
        elif (
            r.coverage >= COVERAGE_ALONE
            or (r.coverage >= COVERAGE_WITH_MODEL and r.cosine >= AGREEING_COSINE)
            or r.cosine >= semantic.FOUND_COSINE
        ):
            return True
    return False


def informative_weights(question: Question, index: BM25Index) -> dict[str, float]:
    """Each informative word and pair of adjacent informative words, with its weight.

    A unit weighs ln((N + 1) / (df + 0.5)): rare and unseen ones weigh most.
    """
    # In question order, not set order, so the weights sum the same way on every run.
    informative = dict.fromkeys(w.folded for w in question.informative)
    units = list(informative) + [pair for pair in question.pairs if set(pair.split()) <= informative.keys()]
    size = len(index)
    return {unit: math.log((size + 1) / (index.document_frequency(unit) + 0.5)) for unit in units}


def rerank(question: Question, index: BM25Index, found: list[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """The ranking score and the coverage of each of BM25's best paragraphs (see RERANK_DEPTH).

    Both are read from one look-up of what each term adds to each of these paragraphs.
    """
    weights = informative_weights(question, index)
    repeats = Counter(question.terms)
    terms = list(dict.fromkeys([*repeats, *weights]))
    added = index.contributions(terms, [chunk_id for chunk_id, _ in found])
    line = {term: number for number, term in enumerate(terms)}
    shares = coverage(weights, added[[line[unit] for unit in weights]] != 0)
    asked = added[[line[term] for term in repeats]] * np.fromiter(repeats.values(), dtype=float)[:, None]
    bm25 = np.array([score for _, score in found])
    return (bm25 + candidate_weighted(asked)) * np.sqrt(shares), shares


def coverage(weights: dict[str, float], held: np.ndarray) -> np.ndarray:
    """Share of the question's informative weight that each paragraph holds.

    held: units x paragraphs, True where the paragraph holds the unit. A ratio, so
    unlike a BM25 score it does not depend on the corpus size.
    """
    total = sum(weights.values())
    if not total:
        return np.zeros(held.shape[1])
    return np.fromiter(weights.values(), dtype=float) @ held / total


def candidate_weighted(added: np.ndarray) -> np.ndarray:
    """Each candidate's BM25 score with every term weighed by how few of the candidates hold it.

    added: query terms x candidates, what each term (with its repeats) adds to each
    candidate's BM25 score. The weight is the idf of a term among the k candidates,
    ln((k + 1) / (n + 0.5)), scaled to 1 for n = 0: a term all of them hold (the
    subject of a whole article) adds almost nothing again; one only a few hold (what
    sets the answer's paragraph apart from its siblings) adds most of its weight again.
    """
    k = added.shape[1]
    holders = (added != 0).sum(axis=1)
    weight = np.log((k + 1) / (holders + 0.5)) / math.log((k + 1) / 0.5)
    return weight @ added
