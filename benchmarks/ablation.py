"""Which tokenization choices earn their place: recall@1 and MRR@10 on a SQuAD-format set.

Not a test: the measurement behind docs/retrieval-ablation.md.

    python benchmarks/ablation.py ../shared/data/xquad.vi.json

Each row changes one thing in how passages and questions become BM25 terms; the
ranking is the same exact BM25Okapi throughout. Questions are parsed as hoidap
parses them (question words removed), then turned into terms by the variant.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from retrieval.evaluate import Dataset, load_squad, metrics, rank_of, strip_diacritics
from retrieval.index import BM25Index
from retrieval.question import Question, is_stop_word, parse_question
from retrieval.text import normalize, phrases

DocTerms = Callable[[str], list[str]]
QueryTerms = Callable[[Question, BM25Index], list[str]]


def doc_terms(exact: bool, bigrams: bool, trigrams: bool = False) -> DocTerms:
    def terms(text: str) -> list[str]:
        out: list[str] = []
        for run in phrases(normalize(text)):
            for i, word in enumerate(run):
                out.append(word.folded)
                if exact and word.marked:
                    out.append(word.exact)
                if bigrams and i:
                    out.append(f"{run[i - 1].folded} {word.folded}")
                if trigrams and i > 1:
                    out.append(f"{run[i - 2].folded} {run[i - 1].folded} {word.folded}")
        return out

    return terms


def query_terms(
    folded: int, exact: int, pairs: int, trigrams: bool = False, keep: Callable = lambda w: True, even: bool = True
):
    """Query terms with these repeats. ``even``: a word without marks spends its exact repeats on its folded form."""

    def terms(question: Question, index: BM25Index) -> list[str]:
        out: list[str] = []
        for word in question.words:
            if keep(word):
                out += [word.folded] * folded + [word.exact] * (exact if word.marked or even else 0)
        out += [p for p in question.pairs for _ in range(pairs)]
        if trigrams:
            out += [
                f"{a} {b.split()[1]}"
                for a, b in zip(question.pairs, question.pairs[1:])
                if a.split()[1] == b.split()[0]
            ]
        return out

    return terms


def drop_floored(base: QueryTerms) -> QueryTerms:
    """Drop query terms in more than half of the passages: rank_bm25 floors their idf at epsilon * mean idf."""
    return lambda q, index: [t for t in base(q, index) if index.document_frequency(t) <= len(index) / 2]


VARIANTS: dict[str, tuple[DocTerms, QueryTerms]] = {
    "folded syllables": (doc_terms(False, False), query_terms(1, 0, 0)),
    "+ exact keys (equal weight)": (doc_terms(True, False), query_terms(1, 1, 0, even=False)),
    "folded syllables + pairs": (doc_terms(False, True), query_terms(1, 0, 1)),
    "folded + exact + pairs, equal weight": (doc_terms(True, True), query_terms(1, 1, 1, even=False)),
    "folded x2, exact x1, pairs x2; unmarked words x2": (doc_terms(True, True), query_terms(2, 1, 2, even=False)),
    "hoidap: every word x3 (exact key x1 if marked), pairs x2": (doc_terms(True, True), query_terms(2, 1, 2)),
    "hoidap + syllable triples": (doc_terms(True, True, trigrams=True), query_terms(2, 1, 2, trigrams=True)),
    "hoidap, stop words dropped from query": (
        doc_terms(True, True),
        query_terms(2, 1, 2, keep=lambda w: not is_stop_word(w)),
    ),
    "hoidap, terms in > N/2 passages dropped": (doc_terms(True, True), drop_floored(query_terms(2, 1, 2))),
}


def measure(dataset: Dataset, doc: DocTerms, query: QueryTerms) -> tuple[float, float]:
    index = BM25Index.build((i, doc(p)) for i, p in enumerate(dataset.passages))
    ranks = []
    for item in dataset.items:
        ranked = [i for i, _ in index.top(query(parse_question(item.question, {}), index), 10)]
        ranks.append(rank_of(ranked, item.relevant))
    result = metrics(ranks, len(dataset.passages))
    return result["recall@1"], result["mrr@10"]


def main(path: str) -> None:
    given = load_squad(Path(path))
    stripped = strip_diacritics(given)
    print("| variant | recall@1 | MRR@10 | recall@1, no diacritics | MRR@10, no diacritics |\n|---|---|---|---|---|")
    for name, (doc, query) in VARIANTS.items():
        r1, mrr = measure(given, doc, query)
        s1, smrr = measure(stripped, doc, query)
        print(f"| {name} | {r1:.4f} | {mrr:.4f} | {s1:.4f} | {smrr:.4f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/xquad.vi.json")
