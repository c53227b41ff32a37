"""hoidap bench as a check of what it measures (never a timing assertion); it needs nothing from ../shared."""

import pytest

from benchmarks.bench import load_jsonl
from helpers import invoke, json_lines

KEYS = {
    "paragraphs",
    "build_s",
    "query_p50_ms",
    "query_p95_ms",
    "ask_p50_ms",
    "rank_bm25_p50_ms",
    "bm25s_p50_ms",
    "speedup_vs_rank_bm25",
    "top10_agreement",
    "cold_start_s",
    "peak_rss_mb",
    "add_article_s",
}
FILE_KEYS = {
    "files",
    "articles",
    "paragraphs",
    "ingest_s",
    "ingest_cpu_s",
    "ingest_peak_rss_mb",
    "ingest_peak_tree_mb",
    "questions",
    "first_answer_s",
    "ask_p50_ms",
    "serving_peak_rss_mb",
    "embedded_sample",
    "embed_ms_per_paragraph",
    "embed_all_projected_min",
}


def test_small_bench_agrees_with_rank_bm25():
    result = invoke("bench", "--size", "300", "--questions", "15", "--json")
    assert result.exit_code == 0, result.stderr
    [report] = json_lines(result.stdout)
    assert set(report) == KEYS
    assert report["paragraphs"] == 300
    assert report["top10_agreement"] == 1.0


def test_files_bench_ingests_generated_articles_and_serves_questions():
    result = invoke("bench", "--files", "30", "--questions", "12", "--semantic-sample", "2", "--json")
    assert result.exit_code == 0, result.stderr
    [report] = json_lines(result.stdout)
    assert set(report) == FILE_KEYS
    assert report["files"] == report["articles"] == 30
    assert 8 * 30 <= report["paragraphs"] <= 12 * 30  # about ten paragraphs an article
    assert report["questions"] == 12 and report["embedded_sample"] == 2
    assert report["ingest_peak_tree_mb"] > 0 and report["serving_peak_rss_mb"] > 0


def test_generated_articles_are_distinct_and_the_same_for_a_seed(tmp_path):
    from benchmarks.corpus import write_corpus
    from retrieval.clean import clean_article

    first = [p.read_text(encoding="utf-8") for p in write_corpus(tmp_path / "a", 20, seed=5)]
    again = [p.read_text(encoding="utf-8") for p in write_corpus(tmp_path / "b", 20, seed=5)]
    assert first == again and len(set(first)) == 20
    articles = [clean_article(text) for text in first]
    assert all(a.date is not None and 8 <= len(a.paragraphs) <= 12 for a in articles)


def test_jsonl_corpus_errors_name_the_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "một đoạn"}\n{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="corpus.jsonl:2"):
        load_jsonl(path)


def test_bench_without_bm25s_says_which_extra_to_install(monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "bm25s" else find_spec(name, *a))
    result = invoke("bench", "--size", "300", "--questions", "5", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Error: hoidap bench compares against bm25s: pip install -e '.[bench]' (or use --files)\n"


def test_semantic_ask_bench_times_both_ways_and_leaves_the_database_as_it_was(tmp_path):
    from benchmarks.semantic_ask import time_asks
    from retrieval.engine import Engine

    db = tmp_path / "seeds.db"
    with Engine(db, semantic=False) as engine:
        paragraphs = engine.store.chunk_count()
    before = db.read_bytes()
    result = time_asks(db, ["Thái Nguyên tổ chức hội nghị TTĐN khi nào?", "thai nguyen to chuc hoi nghi ttdn khi nao"])
    assert result["paragraphs_given_random_vectors"] == paragraphs and result["questions"] == 2
    assert {"bm25_p50_ms", "bm25_p95_ms", "semantic_p50_ms", "semantic_p95_ms"} <= result.keys()
    assert db.read_bytes() == before, "measured on a copy"
