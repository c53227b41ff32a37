"""hoidap eval on a small SQuAD file whose metrics can be worked out by hand."""

import json
from pathlib import Path

import pytest

from conftest import json_lines, run_cli
from retrieval.evaluate import Dataset, evaluate_baseline, evaluate_hoidap, load_squad, metrics

PASSAGES = [
    "Sông Hồng chảy qua Hà Nội và đổ ra vịnh Bắc Bộ.",
    "Phở là món ăn nổi tiếng của Hà Nội, nấu từ bánh phở và nước dùng xương bò.",
    "Vịnh Hạ Long ở tỉnh Quảng Ninh có gần hai nghìn hòn đảo đá vôi.",
]
QUESTIONS = [
    ("Sông nào chảy qua Hà Nội?", 0),
    ("Phở nấu từ gì?", 1),
    ("Vịnh Hạ Long có bao nhiêu hòn đảo?", 2),
    ("vinh ha long o tinh nao", 2),
    ("Món ăn nổi tiếng của Hà Nội là gì?", 1),
]


def write_squad(path: Path) -> Path:
    paragraphs = [
        {
            "context": context,
            "qas": [
                {"id": f"q{i}", "question": q, "answers": [{"text": "x", "answer_start": 0}]}
                for i, (q, p) in enumerate(QUESTIONS)
                if p == index
            ],
        }
        for index, context in enumerate(PASSAGES)
    ]
    # An unanswerable question (SQuAD 2.0 style) and a repeated context are not counted twice.
    paragraphs.append(
        {"context": PASSAGES[0], "qas": [{"id": "u", "question": "Ai?", "answers": [], "is_impossible": True}]}
    )
    path.write_text(
        json.dumps({"version": "1.1", "data": [{"title": "t", "paragraphs": paragraphs}]}), encoding="utf-8"
    )
    return path


def test_metrics_from_ranks():
    assert metrics([1, 2, None, 10], 7) == {
        "passages": 7,
        "questions": 4,
        "recall@1": 0.25,
        "recall@5": 0.5,
        "recall@10": 0.75,
        "mrr@10": round((1 + 0.5 + 0.1) / 4, 4),
    }


def test_load_squad_keeps_distinct_contexts_and_answerable_questions(tmp_path):
    dataset = load_squad(write_squad(tmp_path / "s.json"))
    assert dataset.passages == PASSAGES
    assert dataset.questions == sorted(QUESTIONS, key=lambda qa: qa[1])  # file order: grouped by passage


def test_hoidap_finds_every_passage_and_indexes_each_once(tmp_path):
    result = evaluate_hoidap(load_squad(write_squad(tmp_path / "s.json")))
    assert result == {"passages": 3, "questions": 5, "recall@1": 1.0, "recall@5": 1.0, "recall@10": 1.0, "mrr@10": 1.0}


def test_baseline_misses_questions_without_diacritics():
    # Every word of these questions has marks in the passages, so plain tokens match nothing.
    dataset = Dataset(PASSAGES, [("pho nau tu gi", 1), ("dao da voi o tinh nao", 2)])
    assert evaluate_baseline(dataset)["recall@1"] < 1.0
    assert evaluate_hoidap(dataset)["recall@1"] == 1.0


def test_eval_cli_json_has_exactly_the_contract_keys(tmp_path):
    result = run_cli("eval", "--json", str(write_squad(tmp_path / "s.json")))
    assert result.returncode == 0, result.stderr
    [row] = json_lines(result.stdout)
    assert set(row) == {"passages", "questions", "recall@1", "recall@5", "recall@10", "mrr@10"}
    assert row["passages"] == 3 and row["questions"] == 5


@pytest.mark.parametrize("content", ["not json", "[]", '{"data": [{"paragraphs": []}]}'])
def test_eval_rejects_a_bad_dataset_in_one_line(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run_cli("eval", str(path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.json" in result.stderr
