"""Passage retrieval measured on a SQuAD-format dataset.

Each distinct context is one passage (no title, no cleaning, no splitting); each
answerable question should find the passage it was written on. Reported at
passage level: recall@1, recall@5, recall@10 and MRR@10.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from retrieval.engine import Engine
from retrieval.text import fold

CUTOFFS = (1, 5, 10)


@dataclass
class Dataset:
    passages: list[str]
    questions: list[tuple[str, int]]  # (question, index of its passage)


def load_squad(path: Path) -> Dataset:
    """The distinct contexts and answerable questions of a SQuAD-format file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        articles = data["data"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: not a SQuAD-format JSON file ({error})") from None
    passages: list[str] = []
    position: dict[str, int] = {}
    questions: list[tuple[str, int]] = []
    for article in articles:
        for paragraph in article.get("paragraphs", []):
            context = paragraph["context"]
            if context not in position:
                position[context] = len(passages)
                passages.append(context)
            for qa in paragraph.get("qas", []):
                if qa.get("is_impossible") or not qa.get("answers"):
                    continue
                questions.append((qa["question"], position[context]))
    if not questions:
        raise ValueError(f"{path}: no answerable questions")
    return Dataset(passages, questions)


def strip_diacritics(dataset: Dataset) -> Dataset:
    """The same dataset with its questions typed without marks, as people often do in chat."""
    return Dataset(dataset.passages, [(fold(q), p) for q, p in dataset.questions])


def metrics(ranks: list[int | None], passages: int) -> dict[str, float | int]:
    """recall@k and MRR@10 from the 1-based rank of each question's passage (None: not in the top 10)."""
    result: dict[str, float | int] = {"passages": passages, "questions": len(ranks)}
    for k in CUTOFFS:
        result[f"recall@{k}"] = round(sum(1 for r in ranks if r is not None and r <= k) / len(ranks), 4)
    result["mrr@10"] = round(sum(1 / r for r in ranks if r is not None and r <= 10) / len(ranks), 4)
    return result


def _rank(ranked: list[int], expected: int) -> int | None:
    return ranked.index(expected) + 1 if expected in ranked else None


def evaluate_hoidap(dataset: Dataset) -> dict[str, float | int]:
    """hoidap's retrieval over the dataset, in a temporary database."""
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Path(folder) / "eval.db", seeds=None)
        engine.add_passages((f"p{i}", text) for i, text in enumerate(dataset.passages))
        ranks = []
        for question, expected in dataset.questions:
            _, ranked = engine.search(question, max(CUTOFFS))
            ranks.append(_rank([int(r.chunk.doc[1:]) for r in ranked], expected))
        engine.store.db.close()
    return metrics(ranks, len(dataset.passages))


def evaluate_baseline(dataset: Dataset) -> dict[str, float | int]:
    """Plain rank-bm25: lower-cased whitespace tokens, nothing else."""
    tokenize: Callable[[str], list[str]] = lambda text: text.lower().split()  # noqa: E731
    bm25 = BM25Okapi([tokenize(p) for p in dataset.passages])
    ranks = []
    for question, expected in dataset.questions:
        scores = bm25.get_scores(tokenize(question))
        ranked = [int(i) for i in np.argsort(-scores, kind="stable")[: max(CUTOFFS)]]
        ranks.append(_rank(ranked, expected))
    return metrics(ranks, len(dataset.passages))


def compare(dataset: Dataset) -> dict[str, dict[str, float | int]]:
    """hoidap and the plain baseline, on the questions as given and without diacritics, in one run."""
    stripped = strip_diacritics(dataset)
    return {
        "hoidap": evaluate_hoidap(dataset),
        "hoidap, no diacritics": evaluate_hoidap(stripped),
        "rank-bm25": evaluate_baseline(dataset),
        "rank-bm25, no diacritics": evaluate_baseline(stripped),
    }
