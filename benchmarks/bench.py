"""Benchmark: hoidap's index against rank-bm25 and bm25s on the same paragraphs and questions (`hoidap bench`).

Benchmarks are not tests: they time things on a shared, noisy machine, so every
engine is measured in the same run and compared by ratio. Without ../shared/data/xquad.vi.json,
the paragraphs recombine the seeds' sentences alone and the questions are benchmarks.ingest's.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from benchmarks.serving import time_serving
from retrieval.engine import SEEDS, Engine
from retrieval.evaluate import load_squad
from retrieval.ranking import chunk_terms

XQUAD = SEEDS.parent.parent / "shared" / "data" / "xquad.vi.json"
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def load_jsonl(path: Path) -> list[str]:
    """Paragraph texts from a JSONL file of {"text": ...} objects."""
    texts = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            texts.append(str(json.loads(line)["text"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise ValueError(f'{path}:{number}: not a JSON object with a "text" field') from None
    if not texts:
        raise ValueError(f"{path}: no paragraphs")
    return texts


def source_sentences(xquad: Path = XQUAD) -> list[str]:
    """Real Vietnamese sentences: the bundled seeds and the XQuAD-vi passages."""
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Path(folder) / "seeds.db")
        texts = [chunk.text for chunk in engine.store.all_chunks()]
        engine.close()
    if xquad.is_file():
        texts += load_squad(xquad).passages
    return [s for text in texts for s in _SENTENCE.split(text) if len(s.split()) >= 4]


def synthetic_paragraphs(size: int, sentences: list[str], seed: int = 1) -> list[str]:
    """size paragraphs of 2 to 6 sentences drawn at random: real text, recombined."""
    rng = random.Random(seed)
    return [" ".join(rng.choices(sentences, k=rng.randint(2, 6))) for _ in range(size)]


def bench_questions(count: int, xquad: Path = XQUAD, seed: int = 2) -> list[str]:
    if not xquad.is_file():
        from benchmarks.ingest import questions as generated

        return generated(count, seed)
    questions = [item.question for item in load_squad(xquad).items]
    return random.Random(seed).sample(questions, min(count, len(questions)))


def _percentile_ms(seconds: list[float], q: float) -> float:
    return round(float(np.percentile(seconds, q)) * 1000, 3)


def _time_each(items: Iterable, call: Callable) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        call(item)
        times.append(time.perf_counter() - start)
    return times


def _same_top10(ours: list[tuple[int, float]], scores: np.ndarray, ids: np.ndarray) -> bool:
    """Top 10 equal to rank_bm25's, ties aside: same scores, and the same ids above the 10th score."""
    order = np.argsort(-scores, kind="stable")[:10]
    theirs = [(int(ids[i]), float(scores[i])) for i in order if scores[i] > 0]
    if len(theirs) != len(ours):
        return False
    if not np.allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-6, atol=0):
        return False
    if not theirs:
        return True
    last = theirs[-1][1]
    above = lambda pairs: {i for i, s in pairs if s > last * (1 + 1e-6)}  # noqa: E731
    return above(ours) == above(theirs)


def run_bench(
    paragraphs: list[str], questions: list[str], reference_sample: int = 20, progress: Callable | None = None
) -> dict:
    """Build hoidap over the paragraphs and time it against rank-bm25 and bm25s in one run."""
    import bm25s

    result: dict = {"paragraphs": len(paragraphs)}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        engine = Engine(db, seeds=None)
        start = time.perf_counter()
        engine.add_passages(((f"p{i}", text) for i, text in enumerate(paragraphs)), progress=progress)
        result["build_s"] = round(time.perf_counter() - start, 2)

        parsed = [engine.search(q, 10)[0] for q in questions]
        times = _time_each(parsed, lambda p: engine.index.top(p.terms, 10))
        result["query_p50_ms"] = _percentile_ms(times, 50)
        result["query_p95_ms"] = _percentile_ms(times, 95)
        result["ask_p50_ms"] = _percentile_ms(_time_each(questions, engine.ask), 50)
        served = time_serving(db, questions)
        result["cold_start_s"], result["peak_rss_mb"] = served["first_answer_s"], served["serving_peak_rss_mb"]
        start = time.perf_counter()
        report = engine.ingest([SEEDS / "002_e9bec02ab31fb04f.txt"])  # one new article into the built index
        result["add_article_s"] = round(time.perf_counter() - start, 2)
        assert report.count("added") == 1, report

        corpus = [chunk_terms(chunk.title, chunk.text) for chunk in engine.store.all_chunks()]
        ids = np.array([chunk.id for chunk in engine.store.all_chunks()])
        sample = parsed[:reference_sample]

        times, reference = _rank_bm25(corpus, [p.terms for p in sample])
        result["rank_bm25_p50_ms"] = _percentile_ms(times, 50)
        agree = [_same_top10(engine.index.top(p.terms, 10), s, ids) for p, s in zip(sample, reference)]
        result["top10_agreement"] = round(sum(agree) / len(agree), 4)

        peer = bm25s.BM25(k1=1.5, b=0.75, method="atire")
        peer.index(corpus, show_progress=False)
        times = _time_each(parsed, lambda p: peer.retrieve([p.terms], k=10, show_progress=False))
        result["bm25s_p50_ms"] = _percentile_ms(times, 50)
        engine.close()

    result["speedup_vs_rank_bm25"] = round(result["rank_bm25_p50_ms"] / result["query_p50_ms"], 1)
    return result


def _rank_bm25(corpus: list[list[str]], queries: list[list[str]]) -> tuple[list[float], list[np.ndarray]]:
    """rank_bm25's get_scores times and scores (in a function, so its large model is freed on return)."""
    from rank_bm25 import BM25Okapi

    okapi = BM25Okapi(corpus)
    scores: list[np.ndarray] = []
    times = _time_each(queries, lambda query: scores.append(okapi.get_scores(query)))
    return times, scores
