"""Semantic re-ranking measured on XQuAD-vi: the landed ranking, e5 fused at several weights, and the
diacritics-dependent weighting, for questions as given and with their diacritics stripped.

    python benchmarks/semantic_fusion.py [--data ../shared/data/xquad.vi.json] [--cache /tmp/hoidap-semantic]

Each distinct context is one passage (as in retrieval.evaluate); a question counts as found when any
passage it was asked on is ranked (a few question texts are attached to several passages). Passage and
question embeddings are cached in --cache (keyed by their text), so a second run does not re-embed.
The last rows go through the product itself: Engine(semantic=True).search, with the cached vectors stored
in its embeddings table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retrieval import semantic  # noqa: E402
from retrieval.engine import Engine  # noqa: E402
from retrieval.text import fold, normalize, words  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "xquad.vi.json"
WEIGHTS = (0.3, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9)
DEPTHS = (10, 20, 30)


@dataclass
class Data:
    passages: list[str]
    titles: list[str]  # the article's title, per passage
    questions: list[tuple[str, frozenset[int]]]  # (question, every passage it was asked on)


def load(path: Path) -> Data:
    raw = json.loads(path.read_text(encoding="utf-8"))["data"]
    passages: list[str] = []
    titles: list[str] = []
    position: dict[str, int] = {}
    asked: list[tuple[str, int]] = []
    for article in raw:
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            if context not in position:
                position[context] = len(passages)
                passages.append(context)
                titles.append(article.get("title", "").replace("_", " "))
            asked.extend(
                (qa["question"], position[context])
                for qa in paragraph["qas"]
                if qa.get("answers") and not qa.get("is_impossible")
            )
    where: dict[str, set[int]] = {}
    for question, passage in asked:
        where.setdefault(question, set()).add(passage)
    return Data(passages, titles, [(question, frozenset(where[question])) for question, _ in asked])


def cached(cache: Path, name: str, texts: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Embeddings of texts, from cache/name-<hash>.npy when there, else computed and saved."""
    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = cache / f"{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vectors = np.vstack([embed([text]) for text in texts]) if texts else np.zeros((0, semantic.DIMENSIONS))
    elapsed = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    print(
        f"embedded {len(texts)} {name}: {elapsed:.1f} s, {1000 * elapsed / len(texts):.0f} ms each, "
        f"{1000 * elapsed / chars * 250:.0f} ms per 250 characters",
        file=sys.stderr,
    )
    np.save(path, vectors.astype(np.float32))
    return vectors


@dataclass
class Candidates:
    ids: list[int]  # passage numbers, BM25's order
    landed: np.ndarray  # the landed ranking score of each


def candidates(engine: Engine, question: str, depth: int) -> Candidates:
    """BM25's best `depth` passages with the landed ranking computed over them (semantic off)."""
    _, ranked = engine.search(question, depth)
    # search sorts by the landed score; its candidate set is BM25's top max(depth, RERANK_DEPTH).
    return Candidates([int(r.chunk.doc[1:]) for r in ranked], np.array([r.score for r in ranked]))


def rank_of(order: Sequence[int], expected: frozenset[int]) -> int | None:
    return next((rank for rank, passage in enumerate(order[:10], start=1) if passage in expected), None)


def summary(ranks: list[int | None]) -> tuple[float, float]:
    recall = sum(1 for r in ranks if r == 1) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    return recall, mrr


def fused_order(found: Candidates, cosine: np.ndarray, weight: float) -> list[int]:
    if weight <= 0 or not found.ids:
        return found.ids
    scores = semantic.fuse(found.landed, cosine, weight)
    if scores is None:
        return found.ids
    return [found.ids[i] for i in np.argsort(-scores, kind="stable")]


def marked_share(question: str) -> float:
    found = words(normalize(question))
    return sum(1 for w in found if w.marked) / len(found) if found else 0.0


def half_marks(question: str) -> str:
    """The question with every other word typed without marks, as a hurried typist might."""
    text = normalize(question)
    pieces, last = [], 0
    for number, word in enumerate(words(text)):
        piece = text[word.start : word.end]
        pieces += [text[last : word.start], fold(piece) if number % 2 else piece]
        last = word.end
    return "".join(pieces) + text[last:]


def run(data_path: Path, cache: Path, title: bool) -> None:
    data = load(data_path)
    print(f"{len(data.passages)} passages, {len(data.questions)} questions\n")
    model = semantic.model()
    texts = [f"{t}. {p}" if title else p for t, p in zip(data.titles, data.passages)]
    passages = cached(cache, "passages-title" if title else "passages", texts, model.passage)
    asked = {
        "with diacritics": [q for q, _ in data.questions],
        "half marked": [half_marks(q) for q, _ in data.questions],
        "no diacritics": [fold(q) for q, _ in data.questions],
    }
    expected = [where for _, where in data.questions]
    queries = {
        name: cached(cache, f"queries-{name.replace(' ', '-')}", qs, lambda t: model.query(t[0])[None, :])
        for name, qs in asked.items()
    }

    rows: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Path(folder) / "bm25.db", seeds=None)
        engine.add_passages((f"p{i}", text) for i, text in enumerate(data.passages))
        for name, qs in asked.items():
            landed = [candidates(engine, q, 10) for q in qs]
            deep = {depth: [candidates(engine, q, depth) for q in qs] for depth in DEPTHS}
            shares = np.array([marked_share(q) for q in qs])

            def measure(label: str, orders: list[list[int]], name: str = name) -> None:
                recall, mrr = summary([rank_of(o, e) for o, e in zip(orders, expected)])
                rows.append((name, label, recall, mrr))

            def cos(found: Candidates, number: int, name: str = name) -> np.ndarray:
                return passages[found.ids] @ queries[name][number] if found.ids else np.zeros(0)

            measure("landed ranking (BM25 top 10)", [f.ids for f in landed])
            measure(
                "cosine alone over BM25 top 20",
                [[f.ids[i] for i in np.argsort(-cos(f, n), kind="stable")] for n, f in enumerate(deep[20])],
            )
            for depth in DEPTHS:
                found = deep[depth]
                cosines = [cos(f, n) for n, f in enumerate(found)]
                for weight in WEIGHTS:
                    orders = [fused_order(f, c, weight) for f, c in zip(found, cosines)]
                    measure(f"fused top {depth}, cosine weight {weight}", orders)
            found = deep[semantic.SEMANTIC_DEPTH]
            cosines = [cos(f, n) for n, f in enumerate(found)]
            schemes: dict[str, Callable[[float], float]] = {
                "weight x share": lambda s: semantic.WEIGHT * s,
                "weight if any mark": lambda s: semantic.WEIGHT if s > 0 else 0.0,
                f"weight x min(1, share / {semantic.FULL_MARKS}) (chosen)": lambda s: (
                    semantic.WEIGHT * min(1.0, s / semantic.FULL_MARKS)
                ),
            }
            for label, scheme in schemes.items():
                orders = [
                    fused_order(f, c, scheme(s)) if s > 0 else lf.ids
                    for f, c, s, lf in zip(found, cosines, shares, landed)
                ]
                measure(f"top {semantic.SEMANTIC_DEPTH}, {label}", orders)
            if name != "no diacritics":
                print(
                    f"share of marked words, questions {name}: min {shares.min():.2f}, "
                    f"5th percentile {np.percentile(shares, 5):.2f}, median {np.median(shares):.2f}",
                )
        engine.close()

        # The product: Engine(semantic=True).search, with the cached vectors in its table.
        product = Engine(Path(folder) / "semantic.db", seeds=None, semantic=False)
        product.add_passages((f"p{i}", text) for i, text in enumerate(data.passages))
        ids = [c.id for c in product.store.all_chunks()]
        semantic.save(product.store, ids, passages[[int(c.doc[1:]) for c in product.store.chunks(ids)]])
        product.semantic = True
        for name, qs in asked.items():
            started = time.perf_counter()
            orders = [[int(r.chunk.doc[1:]) for r in product.search(q, 10)[1]] for q in qs]
            elapsed = time.perf_counter() - started
            recall, mrr = summary([rank_of(o, e) for o, e in zip(orders, expected)])
            rows.append(
                (name, f"PRODUCT Engine(semantic=True).search ({1000 * elapsed / len(qs):.0f} ms/q)", recall, mrr)
            )
        product.close()

    print(f"\n{'questions':16} {'ranking':58} {'recall@1':>9} {'MRR@10':>8}")
    for name, label, recall, mrr in rows:
        print(f"{name:16} {label:58} {recall:9.4f} {mrr:8.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "hoidap-semantic")
    parser.add_argument("--title", action="store_true", help="embed passages as 'title. text'")
    arguments = parser.parse_args()
    run(arguments.data, arguments.cache, arguments.title)


if __name__ == "__main__":
    main()
