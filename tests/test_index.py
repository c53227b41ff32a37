"""The fast index must score exactly like rank_bm25.BM25Okapi on the same token lists.

The re-ordering on top of it weighs what it reads from the index as documented.
"""

import json
import math
import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval.engine import Engine
from retrieval.index import BM25Index, ColumnCache, SavedArray
from retrieval.question import parse_question
from retrieval.ranking import candidate_weighted, chunk_terms, rerank

QUESTIONS = [
    "Thái Nguyên tổ chức hội nghị TTĐN khi nào?",
    "thai nguyen to chuc hoi nghi ttdn khi nao",
    "Ai chủ trì lớp bồi dưỡng thông tin đối ngoại năm 2017?",
    "Khánh Hoà tập huấn cho bao nhiêu học viên?",
    "Kết luận số 57 của Bộ Chính trị",
]


def seed_corpus(engine: Engine) -> tuple[list[int], list[list[str]]]:
    chunks = list(engine.store.all_chunks())
    return [c.id for c in chunks], [chunk_terms(c.title, c.text) for c in chunks]


@pytest.mark.parametrize("question", QUESTIONS)
def test_scores_equal_rank_bm25_on_the_seed_chunks(engine: Engine, question: str):
    ids, corpus = seed_corpus(engine)
    query = parse_question(question, {}).terms
    expected = BM25Okapi(corpus).get_scores(query)
    by_id = dict(zip(ids, engine.index.scores(query)[np.argsort(np.argsort(engine.index.ids))]))
    got = np.array([by_id[i] for i in ids])
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)
    index = engine.index
    assert (index.alias != np.arange(len(index.alias))).any(), "identical columns are stored once and still score"


def test_scores_equal_rank_bm25_on_random_corpora_with_edits():
    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(200)]
    docs = [[rng.choice(vocabulary[: rng.randint(3, 200)]) for _ in range(rng.randint(1, 30))] for _ in range(300)]
    index = BM25Index.build(list(enumerate(docs)))
    # Remove every fifth document and append new ones: the index must equal one built from scratch.
    index = index.remove(range(0, 300, 5)).add([(1000 + i, d) for i, d in enumerate(docs[:40])])
    kept = [d for i, d in enumerate(docs) if i % 5] + docs[:40]
    reference = BM25Okapi(kept)
    assert index.dense.shape[0] > 0, "the dense path for common terms is exercised"
    for _ in range(30):
        query = [rng.choice(vocabulary) for _ in range(rng.randint(1, 6))] + ["absent"]
        np.testing.assert_allclose(index.scores(query), reference.get_scores(query), rtol=1e-6, atol=1e-9)


def test_documents_counted_in_blocks_from_another_numbering_score_like_rank_bm25(monkeypatch):
    """Appended in several blocks, some as columns numbered elsewhere (an ingest's workers): still exact."""
    import retrieval.index

    monkeypatch.setattr(retrieval.index, "BATCH", 7)
    rng = random.Random(11)
    vocabulary = [f"t{i}" for i in range(120)]
    docs = [[rng.choice(vocabulary[: rng.randint(3, 120)]) for _ in range(rng.randint(1, 25))] for _ in range(60)]
    additions = BM25Index.build([(i, d) for i, d in enumerate(docs[:20])]).additions()
    worker: dict[str, int] = {}  # a worker's own numbering, mapped to the index's columns as its terms arrive
    mapped: list[int] = []
    for number, doc in enumerate(docs[20:], start=20):
        if number % 2:
            additions.append(number, doc)
            continue
        local = [worker.setdefault(term, len(worker)) for term in doc]
        mapped.extend(additions.columns_of(list(worker)[len(mapped) :]))
        additions.append_counted([number], np.array(mapped)[local], [len(doc)])
    index = additions.index()
    reference = BM25Okapi(docs)
    assert len(index) == 60 and index.ids.tolist() == list(range(60))
    for _ in range(20):
        query = [rng.choice(vocabulary) for _ in range(rng.randint(1, 5))]
        np.testing.assert_allclose(index.scores(query), reference.get_scores(query), rtol=1e-6, atol=1e-9)


def test_contributions_tell_which_documents_hold_each_term():
    rng = random.Random(11)
    vocabulary = [f"t{i}" for i in range(60)]
    docs = [[rng.choice(vocabulary[: rng.randint(2, 60)]) for _ in range(rng.randint(1, 12))] for _ in range(101)]
    docs += [["x", "y"], ["y", "x", "t0"]]  # x and y: identical columns, stored once under an alias
    ids = [5000 - 7 * i for i in range(len(docs))]  # ids in descending order: rows are not sorted by id
    index = BM25Index.build(list(zip(ids, docs)))
    assert index.dense.shape[0] > 0 and (index.alias != np.arange(len(index.alias))).any()
    terms = vocabulary + ["x", "y", "absent"]
    asked = ids[::-1][:50] + ids[:3]
    held = index.contributions(terms, asked) != 0
    by_id = dict(zip(ids, docs))
    expected = np.array([[term in by_id[doc] for doc in asked] for term in terms])
    assert np.array_equal(held, expected)


def test_contributions_are_each_terms_share_of_the_bm25_score():
    rng = random.Random(13)
    vocabulary = [f"t{i}" for i in range(40)]
    docs = [[rng.choice(vocabulary[: rng.randint(2, 40)]) for _ in range(rng.randint(1, 15))] for _ in range(120)]
    ids = [3 * i + 1 for i in range(len(docs))][::-1]
    index = BM25Index.build(list(zip(ids, docs)))
    reference = BM25Okapi(docs)
    terms = vocabulary + ["absent"]
    asked = ids[::7]
    added = index.contributions(terms, asked)
    rows = [ids.index(doc) for doc in asked]
    expected = np.array([reference.get_scores([term])[rows] for term in terms])
    np.testing.assert_allclose(added, expected, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(added.sum(axis=0), reference.get_scores(terms)[rows], rtol=1e-6)


def test_top_is_sorted_and_limited_to_matching_rows():
    docs = [["a", "b"], ["b"], ["c"], ["a", "a", "b"], ["d"], ["e", "b"], ["c", "d"]]
    index = BM25Index.build([(10 + i, d) for i, d in enumerate(docs)])
    top = index.top(["a"], 5)
    assert [doc for doc, _ in top] == [13, 10]
    assert top[0][1] >= top[1][1] > 0


def _every_rows_best(index: BM25Index, query: list[str], k: int, allowed: np.ndarray | None) -> list:
    """The k best rows found the slow way: every row scored, positive scores, best first, ties by row."""
    scores = index.scores(query)
    if allowed is not None:
        scores[~allowed] = 0.0
    rows = np.flatnonzero(scores > 0)
    rows = rows[np.lexsort((rows, -scores[rows]))][:k]
    return [(int(index.ids[row]), float(scores[row])) for row in rows]


def test_top_adds_common_terms_only_where_they_can_matter_and_finds_the_same_best(monkeypatch):
    """top skips the common terms on rows that cannot reach the k best: it must return exactly the
    k best of scoring every row, same ids, same scores, same order (ties by row), with or without a filter."""
    import retrieval.index

    rng = random.Random(5)
    vocabulary = [f"t{i}" for i in range(400)]
    frequency = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf: a few terms in most rows
    docs = [rng.choices(vocabulary, frequency, k=rng.randint(3, 40)) for _ in range(1500)]
    docs += docs[:60]  # copies: equal scores, told apart by row
    index = BM25Index.build(list(enumerate(docs)))
    assert index.dense.shape[0] > 0 and any(
        retrieval.index.COMMON_SHARE * len(index) <= df < retrieval.index.DENSE_SHARE * len(index) for df in index.df
    ), "both kinds of common column are exercised"
    contenders = []
    pruned = retrieval.index._contenders
    monkeypatch.setattr(
        retrieval.index, "_contenders", lambda *args: contenders.append(found := pruned(*args)) or found
    )
    np_rng = np.random.default_rng(5)
    for _ in range(200):
        query = rng.choices(vocabulary, frequency, k=rng.randint(2, 6)) + rng.choices(vocabulary[100:], k=2)
        k = rng.choice([1, 3, 10])
        allowed = np_rng.random(len(index)) < 0.5 if rng.random() < 0.3 else None
        assert index.top(query, k, allowed) == _every_rows_best(index, query, k, allowed), query
    skipped = sum(found is not None for found in contenders)
    assert skipped > len(contenders) / 2, "most queries leave the common terms out of most rows"


def test_saved_index_loads_identical(tmp_path, engine: Engine):
    path = tmp_path / "copy.index"
    engine.index.save(path, generation=42)
    loaded, generation = BM25Index.load(path)
    assert generation == 42
    assert loaded.dense.shape == engine.index.dense.shape and loaded.dense.shape[0] > 0
    for question in QUESTIONS:
        query = parse_question(question, {}).terms
        assert np.array_equal(loaded.scores(query), engine.index.scores(query))
        assert loaded.top(query, 5) == engine.index.top(query, 5)
        terms = list(dict.fromkeys(query))
        ids = [int(i) for i in engine.index.ids[:7]]
        assert np.array_equal(loaded.contributions(terms, ids), engine.index.contributions(terms, ids))


def test_a_saved_array_reads_rows_and_slices_as_saved(tmp_path):
    matrix = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.save(tmp_path / "m.npy", matrix)
    saved = SavedArray(tmp_path / "m.npy")
    assert saved.shape == (3, 4) and len(saved) == 3
    assert np.array_equal(saved[1], matrix[1]) and np.array_equal(saved[-1], matrix[2])
    assert np.array_equal(saved[1:3], matrix[1:3]) and np.array_equal(np.asarray(saved), matrix)
    with pytest.raises(IndexError):
        saved[3]


def test_recent_columns_are_kept_within_their_budget_least_recently_used_first():
    cache, reads = ColumnCache(budget=3 * 400), []

    def read(key: str, size: int = 100) -> tuple[np.ndarray, ...]:
        return cache.get(key, lambda: (reads.append(key), np.zeros(size, dtype=np.float32))[1:])

    for key in "abc":
        read(key)
    read("a")  # used again: "b" is now the least recent
    read("d")
    assert reads == ["a", "b", "c", "d"]
    read("a"), read("c"), read("d")
    read("b")
    assert reads == ["a", "b", "c", "d", "b"], "only the least recently used column was dropped"
    read("huge", size=1000)
    read("huge", size=1000)
    assert reads[-2:] == ["huge", "huge"], "a column over the budget is never held"


def test_a_cut_short_index_file_is_refused_at_load(tmp_path, engine: Engine):
    path = tmp_path / "copy.index"
    engine.index.save(path, generation=1)
    weights = path / "weights.npy"
    weights.write_bytes(weights.read_bytes()[:-4])
    with pytest.raises(ValueError, match="weights.npy is cut short"):
        BM25Index.load(path)


def test_an_index_saved_by_an_older_version_is_rebuilt(tmp_path, caplog):
    db = tmp_path / "h.db"
    Engine(db)
    meta = tmp_path / "h.db.index" / "meta.json"
    meta.write_text(json.dumps({k: v for k, v in json.loads(meta.read_text()).items() if k != "format"}))
    with pytest.raises(ValueError, match="another version"):
        BM25Index.load(tmp_path / "h.db.index")
    reopened = Engine(db)
    assert reopened.ask("Thái Nguyên tổ chức hội nghị TTĐN khi nào?").hits
    assert "another version of hoidap" in caplog.text
    assert BM25Index.load(tmp_path / "h.db.index")[1] == reopened.store.generation


def test_stale_index_file_is_rebuilt(tmp_path):
    db = tmp_path / "h.db"
    Engine(db)
    index_path = tmp_path / "h.db.index"
    (index_path / "vocabulary.txt").write_text("not\nthe\nindex")
    reopened = Engine(db)
    assert len(reopened.index) == reopened.store.chunk_count()
    assert BM25Index.load(index_path)[1] == reopened.store.generation


def test_candidate_weighting_counts_again_only_what_sets_a_candidate_apart():
    # Three paragraphs about Fresno: the subject, in all of them, cannot tell them
    # apart; "tây", in one of them only, can.
    docs = [["fresno"] * 3 + ["phố"], ["fresno", "tây", "nam"], ["fresno", "sông"], ["biển"], ["núi"], ["hồ"], ["phố"]]
    index = BM25Index.build(list(enumerate(docs, start=1)))
    added = index.contributions(["fresno", "tây"], [1, 2, 3])
    added[1] *= 2  # "tây" asked twice counts twice, as in BM25
    shared, alone = math.log(4 / 3.5) / math.log(8), math.log(4 / 1.5) / math.log(8)
    np.testing.assert_allclose(candidate_weighted(added), shared * added[0] + alone * added[1])
    assert candidate_weighted(added).argmax() == 1
    assert candidate_weighted(np.zeros((2, 0))).shape == (0,)


def test_rerank_puts_the_paragraph_holding_the_distinguishing_word_first():
    texts = [
        "Fresno là thành phố. Fresno có nhiều khu phố. Fresno nằm ở California.",
        "Phía Tây Fresno còn được gọi là Tây Nam Fresno.",
        "Sông San Joaquin chảy gần Fresno.",
        "Biển Đông có nhiều đảo.",
        "Núi Fansipan cao nhất Đông Dương.",
    ]
    index = BM25Index.build([(number, chunk_terms("", text)) for number, text in enumerate(texts, start=1)])
    question = parse_question("Tên khác của phía Tây Fresno là gì?", {})
    found = index.top(question.terms, 10)
    ranking, shares = rerank(question, index, found)
    order = [chunk_id for _, (chunk_id, _) in sorted(zip(-ranking, found))]
    assert order[:2] == [2, 1]
    assert dict(zip([chunk_id for chunk_id, _ in found], shares))[1] < 0.5
