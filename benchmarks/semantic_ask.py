"""What semantic re-ranking adds to each question, on a database of any size.

    python -m benchmarks.semantic_ask DATABASE [--questions Q] [--json]

Embedding 100k paragraphs takes hours, but what a question costs does not depend on what the
stored vectors say: it embeds the question, reads its ten candidates' vectors and fuses. So a
copy of DATABASE gets a random unit vector for every paragraph that has none, and one process
asks Q questions (benchmarks.ingest's) with semantic re-ranking off and on, alternately, each
question with marks and typed without them (which is read with its paragraphs' marks first).
The database itself is not changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.ingest import questions as generated
from retrieval import semantic
from retrieval.engine import Engine
from retrieval.text import fold


def fill_with_random_vectors(engine: Engine, seed: int = 4) -> int:
    """A random unit vector for every paragraph without one; how many were added."""
    stored = engine.store.db.execute("select chunk_id from embeddings").fetchall()
    missing = sorted({chunk.id for chunk in engine.store.all_chunks()} - {row[0] for row in stored})
    vectors = np.random.default_rng(seed).standard_normal((len(missing), semantic.DIMENSIONS))
    semantic.save(engine.store, missing, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    return len(missing)


def time_asks(database: Path, asked: list[str]) -> dict:
    """ask p50 and p95 (ms), semantic re-ranking off and on, over the same questions, alternately."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / database.name
        shutil.copy(database, copy)
        index = database.with_name(database.name + ".index")
        if index.is_dir():  # else rebuilt from the copy, which takes longer
            shutil.copytree(index, copy.with_name(copy.name + ".index"))
        with Engine(copy, seeds=None, semantic=True) as on, Engine(copy, seeds=None, semantic=False) as off:
            filled = fill_with_random_vectors(on)
            on.ask(asked[0])  # the model is loaded once, before timing
            off.ask(asked[0])
            times: dict[str, list[float]] = {"bm25": [], "semantic": []}
            for question in asked:
                for name, engine in (("bm25", off), ("semantic", on)):
                    start = time.perf_counter()
                    engine.ask(question)
                    times[name].append(time.perf_counter() - start)
    result: dict = {"paragraphs_given_random_vectors": filled, "questions": len(asked)}
    for name, seconds in times.items():
        result[f"{name}_p50_ms"] = round(statistics.median(seconds) * 1000, 2)
        result[f"{name}_p95_ms"] = round(float(np.percentile(seconds, 95)) * 1000, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    asked = generated(options.questions)
    result = time_asks(options.database, [q for question in asked for q in (question, fold(question))])
    print(json.dumps(result) if options.json else "\n".join(f"{key}: {value}" for key, value in result.items()))


if __name__ == "__main__":
    main()
