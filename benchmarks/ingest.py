"""What a user waits for: `hoidap ingest` of a folder of article files, then a process serving questions.

    python -m benchmarks.ingest [--files N] [--questions Q] [--semantic-sample S] [--json]

N generated article files (benchmarks/corpus.py) are ingested from scratch by `hoidap ingest --no-semantic`
in a process of its own, timed from start to exit, its memory followed; then a new `hoidap ask --json`
process answers Q questions about the generated articles (first answer from start, each answer's time,
its own peak RSS). Embedding every paragraph for semantic re-ranking takes hours at 100k paragraphs, so it is
timed on a sample of S paragraphs and reported per paragraph, with the projection for the whole corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.corpus import PLACES, TOPICS, write_corpus
from benchmarks.serving import time_serving

POLL_SECONDS = 0.1


def questions(count: int, seed: int = 3) -> list[str]:
    """Questions about the generated articles (who chaired what, where; when), in a stable order."""
    rng = random.Random(seed)
    forms = (
        "Đồng chí nào chủ trì buổi {topic} tại {place}?",
        "{place} {topic} khi nào?",
        "Ai chủ trì buổi {topic} ở {place}?",
    )
    return [rng.choice(forms).format(topic=rng.choice(TOPICS), place=rng.choice(PLACES)) for _ in range(count)]


def _tree(pid: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as file:
                    queue.extend(int(child) for child in file.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> int:
    """The process's proportional set size (shared pages split among the processes sharing them), else its RSS."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as file:
                for line in file:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeMemory:
    """The peak of a process tree's summed memory, sampled every POLL_SECONDS while it runs."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(_memory_kb(pid) for pid in _tree(self.pid)))
            self._stop.wait(POLL_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def time_ingest(folder: Path, db: Path) -> dict:
    """`hoidap ingest --no-semantic` of folder into a new database: wall time and peak memory."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    command = [sys.executable, "-m", "bot", "ingest", "--no-semantic", "--json", "--db", str(db), str(folder)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        memory = TreeMemory(child.pid)
        out, errors = child.communicate()
        peak_kb = memory.stop()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"hoidap ingest failed: {errors.strip().splitlines()[-1:]}")
    summary = json.loads(out)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    largest = usage.ru_maxrss
    return {
        "articles": len(summary["added"]),
        "ingest_s": round(wall, 2),
        # CPU time of the ingest and its workers: on a shared machine, steadier than the wall time.
        "ingest_cpu_s": round(usage.ru_utime + usage.ru_stime - cpu_before, 2),
        # ru_maxrss of waited-for children is the largest single process's peak: the ingesting one.
        "ingest_peak_rss_mb": round(largest / 1024, 1) if largest > before else None,
        "ingest_peak_tree_mb": round(peak_kb / 1024, 1),
    }


def time_embedding(db: Path, sample: int) -> dict:
    """Embedding `sample` stored paragraphs as ingest would, per paragraph, and projected to all of them."""
    from retrieval import semantic
    from retrieval.store import Store

    store = Store(db)
    try:
        chunks = list(store.chunks(list(range(1, sample + 1))))
        total = store.chunk_count()
    finally:
        store.close()
    texts = [semantic.passage_text(c.title, c.text) for c in chunks]
    semantic.embed_passages(texts[:1])  # loading the model is paid once per process, not per paragraph
    start = time.perf_counter()
    semantic.embed_passages(texts)
    per = (time.perf_counter() - start) / max(1, len(texts))
    return {
        "embedded_sample": len(texts),
        "embed_ms_per_paragraph": round(per * 1000, 1),
        "embed_all_projected_min": round(per * total / 60, 1),
    }


def run(files: int, asked: int = 200, semantic_sample: int = 200, seed: int = 1) -> dict:
    """Generate the files, ingest them, serve questions, time the embedding: one dict of results."""
    with tempfile.TemporaryDirectory(prefix="hoidap-bench-") as folder:
        articles, db = Path(folder) / "articles", Path(folder) / "bench.db"
        write_corpus(articles, files, seed)
        result: dict = {"files": files}
        result.update(time_ingest(articles, db))
        from retrieval.store import Store

        store = Store(db)
        result["paragraphs"] = store.chunk_count()
        store.close()
        result.update(time_serving(db, questions(asked)))
        if semantic_sample:
            result.update(time_embedding(db, semantic_sample))
        return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--semantic-sample", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.files, args.questions, args.semantic_sample)
    print(json.dumps(result) if args.json else "\n".join(f"{k:28} {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
