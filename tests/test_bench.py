"""hoidap bench as a correctness check of the fast path (never a timing assertion)."""

import pytest

from conftest import json_lines, run_cli
from retrieval.bench import XQUAD, load_jsonl

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


@pytest.mark.skipif(not XQUAD.exists(), reason="needs ../shared/data/xquad.vi.json")
def test_small_bench_agrees_with_rank_bm25():
    result = run_cli("bench", "--size", "300", "--questions", "15", "--json")
    assert result.returncode == 0, result.stderr
    [report] = json_lines(result.stdout)
    assert set(report) == KEYS
    assert report["paragraphs"] == 300
    assert report["top10_agreement"] == 1.0


def test_jsonl_corpus_errors_name_the_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "một đoạn"}\n{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="corpus.jsonl:2"):
        load_jsonl(path)
