"""Semantic re-ranking: embeddings stored at ingest and resumed, BM25 alone where they are missing, the fusion."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest

from helpers import invoke
from retrieval import semantic
from retrieval.engine import Engine
from retrieval.text import fold

# Short paragraphs, so that the real model embeds all of them in well under a second.
ARTICLES = {
    "xang": (
        "Giá xăng dầu kỳ điều hành mới",
        [
            "Từ 15 giờ chiều nay, mỗi lít xăng RON95 đắt thêm 800 đồng, lên mức 24.500 đồng.",
            "Liên Bộ Công Thương - Tài chính cho biết quỹ bình ổn không được sử dụng trong kỳ này.",
        ],
    ),
    "vang": (
        "Thị trường vàng trong nước sôi động",
        [
            "Giá vàng miếng hôm nay tăng mạnh, mỗi lượng tăng 800 nghìn đồng so với hôm qua.",
            "Nhiều người dân xếp hàng mua vàng tại các cửa hàng trên phố Trần Nhân Tông.",
        ],
    ),
    "mua": (
        "Thời tiết Hà Nội",
        [
            "Hà Nội có mưa rào và dông rải rác, nhiệt độ thấp nhất 24 độ.",
            "Người dân nên mang áo mưa khi ra đường vào buổi chiều.",
        ],
    ),
}
PARAGRAPHS = sum(len(paragraphs) for _, paragraphs in ARTICLES.values())
# BM25 prefers the gold price paragraph ("giá ... tăng"); the petrol one says "đắt thêm".
PARAPHRASE = "Giá xăng tăng bao nhiêu?"


def write_article(folder: Path, doc: str, title: str, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    (folder / f"{doc}.txt").write_text(f"03/07/2024 lúc 10:00 (GMT+7)\n\n{title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for doc, (title, paragraphs) in ARTICLES.items():
        write_article(folder, doc, title, paragraphs)
    return folder


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the model embeds as passages, in order, through the real model."""
    texts: list[str] = []
    real = semantic.embed_passages

    def counting(batch: list[str]) -> np.ndarray:
        texts.extend(batch)
        return real(batch)

    monkeypatch.setattr(semantic, "embed_passages", counting)
    return texts


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything loads the model."""

    def refuse() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(semantic, "model", refuse)


def stored(engine: Engine) -> dict[int, np.ndarray]:
    return semantic.load(engine.store, [c.id for c in engine.store.all_chunks()])


def order(engine: Engine, question: str) -> list[tuple[str, int]]:
    return [(r.chunk.doc, r.chunk.paragraph) for r in engine.search(question, 3)[1]]


def test_ingest_stores_each_paragraph_embedding_as_float16(tmp_path: Path, articles: Path, embedded: list[str]):
    engine = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    engine.ingest([articles])
    vectors = stored(engine)
    assert len(vectors) == PARAGRAPHS == len(embedded)
    [(blob,)] = engine.store.db.execute("select vector from embeddings limit 1")
    assert len(blob) == semantic.DIMENSIONS * 2  # float16
    chunk = next(engine.store.all_chunks())
    fresh = semantic.model().passage(f"{chunk.title}. {chunk.text}")  # the title says what the paragraph leaves out
    assert float(vectors[chunk.id] @ fresh) > 0.999


def test_interrupted_embedding_resumes_with_only_what_is_missing(
    tmp_path: Path, articles: Path, embedded: list[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(semantic, "EMBED_BATCH", 2)

    class Interrupted(Exception):
        pass

    def stops_after_three(items: list) -> Iterable:
        for number, item in enumerate(items):
            if number == 3:
                raise Interrupted
            yield item

    engine = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    with pytest.raises(Interrupted):
        engine.ingest([articles], embed_progress=stops_after_three)
    assert len(stored(engine)) == 2  # the first batch was committed; the third paragraph was not
    assert engine.store.chunk_count() == PARAGRAPHS  # the articles themselves were stored

    embedded.clear()
    again = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    report = again.ingest([articles])
    assert report.count("unchanged") == len(ARTICLES)
    assert len(embedded) == PARAGRAPHS - 2
    assert len(stored(again)) == PARAGRAPHS
    assert again.ingest([articles]) and len(embedded) == PARAGRAPHS - 2  # nothing left to embed


def test_semantic_score_lifts_the_paraphrased_paragraph(tmp_path: Path, articles: Path):
    Engine(tmp_path / "s.db", seeds=None, semantic=True).ingest([articles])
    bm25 = Engine(tmp_path / "s.db", seeds=None, semantic=False)
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    assert order(bm25, PARAPHRASE)[0] == ("vang", 1)
    assert order(fused, PARAPHRASE)[0] == ("xang", 1)
    scores = [r.score for r in fused.search(PARAPHRASE, 3)[1]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)  # the fused score


def test_question_without_marks_is_read_with_the_marks_its_paragraphs_give(tmp_path: Path, articles: Path):
    """The model reads "gia xang tang bao nhieu?" as "giá xăng tăng bao nhieu?": the paraphrase is found as when typed
    with marks."""
    Engine(tmp_path / "s.db", seeds=None, semantic=True).ingest([articles])
    bm25 = Engine(tmp_path / "s.db", seeds=None, semantic=False)
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    unmarked = fold(PARAPHRASE)
    assert semantic.model_weight(unmarked) == 0
    read: list[str] = []
    real = semantic.cosines
    fused_cosines = lambda store, question, ids: read.append(question) or real(store, question, ids)  # noqa: E731
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(semantic, "cosines", fused_cosines)
        assert order(bm25, unmarked)[0] == ("vang", 1)
        assert order(fused, unmarked)[0] == ("xang", 1)
    assert read == ["giá xăng tăng bao nhieu?"]


def test_question_without_marks_that_no_paragraph_writes_is_ranked_by_bm25_alone(
    tmp_path: Path, articles: Path, no_model: None
):
    Engine(tmp_path / "s.db", seeds=None, semantic=False).ingest([articles])
    bm25 = Engine(tmp_path / "s.db", seeds=None, semantic=False)
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    semantic.save(fused.store, [c.id for c in fused.store.all_chunks()], np.eye(PARAGRAPHS, semantic.DIMENSIONS))
    # "ron95" is in a paragraph, but has no marks to give: the question stays unmarked, the model has no say.
    question = "ron95 bao nhieu?"
    assert fused.search(question, 3)[1] == bm25.search(question, 3)[1]  # same paragraphs, same scores


def test_paragraphs_not_embedded_yet_are_ranked_by_bm25_alone(tmp_path: Path, articles: Path, no_model: None):
    Engine(tmp_path / "s.db", seeds=None, semantic=False).ingest([articles])
    bm25 = Engine(tmp_path / "s.db", seeds=None, semantic=False)
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    # Nothing embedded yet: the question is not even embedded, the landed ranking and scores stand.
    assert fused.search(PARAPHRASE, 3)[1] == bm25.search(PARAPHRASE, 3)[1]


def test_fusion_keeps_a_candidate_without_embedding_at_its_bm25_position():
    landed = np.array([9.0, 6.0, 5.0, 1.0])
    cosine = np.array([0.80, math.nan, 0.90, 0.70])
    fused = semantic.fuse(landed, cosine, 0.5)
    scaled = (landed - 1) / 8
    assert fused is not None
    assert fused[1] == pytest.approx(scaled[1])  # no vector: its own landed position, on the same scale
    assert fused[0] == pytest.approx(0.5 * 1 + 0.5 * 0.5) and fused[2] == pytest.approx(0.5 * 0.5 + 0.5 * 1)
    assert fused[3] == pytest.approx(0.0)
    # Fewer than two vectors, or equal cosines, order nothing: the landed scores stand.
    assert semantic.fuse(landed, np.array([0.8, math.nan, math.nan, math.nan]), 0.5) is None
    assert semantic.fuse(landed, np.full(4, 0.5), 0.5) is None


def test_model_weight_follows_the_marks():
    assert semantic.model_weight("Giá xăng tăng bao nhiêu?") == pytest.approx(semantic.WEIGHT)
    assert semantic.model_weight("Gia xang tang bao nhieu?") == 0
    partly = semantic.model_weight("Giá xang tang bao nhieu?")  # one word of five marked
    assert 0 < partly < semantic.WEIGHT


def test_semantic_off_stores_nothing_and_never_loads_the_model(tmp_path: Path, articles: Path, no_model: None):
    engine = Engine(tmp_path / "s.db", seeds=None, semantic=False)
    engine.ingest([articles])
    assert engine.store.chunk_count() == PARAGRAPHS and semantic.count(engine.store) == 0
    assert order(engine, PARAPHRASE)[0] == ("vang", 1)


def test_a_changed_article_loses_its_old_vectors(tmp_path: Path, articles: Path):
    engine = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    engine.ingest([articles])
    old = {c.id for c in engine.article("xang")}
    title, paragraphs = ARTICLES["xang"]
    write_article(articles, "xang", title, [paragraphs[0].replace("800", "900"), paragraphs[1]])
    assert engine.ingest([articles]).count("updated") == 1
    new = {c.id for c in engine.article("xang")}
    vectors = stored(engine)
    assert not old & vectors.keys() and new <= vectors.keys()
    [(rows,)] = engine.store.db.execute("select count(*) from embeddings")
    assert rows == engine.store.chunk_count() == PARAGRAPHS


@pytest.mark.parametrize(
    ("flag", "setting", "expected"),
    [((), True, PARAGRAPHS), (("--no-semantic",), True, 0), ((), False, 0)],
)
def test_cli_ingest_embeds_unless_turned_off(
    tmp_path: Path, articles: Path, flag: tuple[str, ...], setting: bool, expected: int
):
    db = tmp_path / "cli.db"
    result = invoke("ingest", "--json", *flag, "--db", str(db), str(articles), semantic=setting)
    assert result.exit_code == 0, result.stderr
    engine = Engine(db, seeds=None)
    assert engine.store.chunk_count() == PARAGRAPHS and semantic.count(engine.store) == expected


TRADE = "Người dân Hội An có truyền thống buôn bán từ lâu đời."
PREPARED = "Người dân Hội An treo đèn lồng, gói bánh chưng và dọn dẹp nhà cửa."


def test_the_model_tells_apart_the_first_hit_s_sentences_holding_the_same_words_of_the_question(
    tmp_path: Path, articles: Path
):
    """Both sentences hold "Người dân Hội An" and nothing else of the question: the words cannot tell which
    answers, the model can."""
    write_article(articles, "hoian", "Phố cổ vào xuân", [f"{TRADE} {PREPARED}"])
    Engine(tmp_path / "s.db", seeds=None, semantic=True).ingest([articles])
    bm25 = Engine(tmp_path / "s.db", seeds=None, semantic=False)
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)

    def first_sentence(engine: Engine, question: str) -> str:
        hit = engine.ask(question).hits[0]
        assert hit.chunk.doc == "hoian" and hit.sentence is not None
        return hit.chunk.text[hit.sentence[0] : hit.sentence[1]]

    question = "Người dân Hội An chuẩn bị gì cho dịp Tết?"
    assert first_sentence(bm25, question) == TRADE
    assert first_sentence(fused, question) == PREPARED


def test_a_question_without_marks_has_its_tied_sentences_read_as_the_model_read_it_to_rank(
    tmp_path: Path, articles: Path
):
    write_article(articles, "hoian", "Phố cổ vào xuân", [f"{TRADE} {PREPARED}"])
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    fused.ingest([articles])
    ranked_by: list[str] = []
    ties_read_by: list[str] = []
    real_cosines, real_closeness = semantic.cosines, semantic.sentence_closeness
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(semantic, "cosines", lambda store, q, ids: ranked_by.append(q) or real_cosines(store, q, ids))
        patch.setattr(semantic, "sentence_closeness", lambda q: ties_read_by.append(q) or real_closeness(q))
        fused.ask("nguoi dan hoi an chuan bi gi cho dip tet?")
    # Read with the marks its paragraphs give its words, as the model read it to rank them; not as typed.
    assert ties_read_by == ranked_by == ["người dân hội an chuan bi gi cho dip tet?"]


def test_a_first_hit_not_embedded_yet_keeps_the_first_of_its_tied_sentences(tmp_path: Path, articles: Path):
    write_article(articles, "hoian", "Phố cổ vào xuân", [f"{TRADE} {PREPARED}"])
    Engine(tmp_path / "s.db", seeds=None, semantic=False).ingest([articles])
    fused = Engine(tmp_path / "s.db", seeds=None, semantic=True)
    # Every paragraph but the one asked about has its vector: the model ranks, but has not read that one.
    others = [c.id for c in fused.store.all_chunks() if c.doc != "hoian"]
    semantic.save(fused.store, others, np.eye(len(others), semantic.DIMENSIONS))
    asked: list[str] = []
    real = semantic.sentence_closeness
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(semantic, "sentence_closeness", lambda q: asked.append(q) or real(q))
        hit = fused.ask("Người dân Hội An chuẩn bị gì cho dịp Tết?").hits[0]
    assert hit.chunk.doc == "hoian" and hit.score > 0 and hit.sentence is not None
    assert hit.chunk.text[hit.sentence[0] : hit.sentence[1]] == TRADE and asked == []
