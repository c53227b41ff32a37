"""hoidap eval on a small SQuAD file whose metrics can be worked out by hand."""

import json
from pathlib import Path

import pytest

import retrieval.evaluate
from helpers import invoke, json_lines
from retrieval.evaluate import Dataset, Item, evaluate_baseline, evaluate_hoidap, is_right, load_squad, metrics, rank_of

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
        "mrr_cited": round((1 + 0.5) / 4, 4),
    }


def test_load_squad_keeps_distinct_contexts_and_answerable_questions(tmp_path):
    dataset = load_squad(write_squad(tmp_path / "s.json"))
    assert dataset.passages == PASSAGES
    assert [(i.question, set(i.relevant)) for i in dataset.items] == [
        (q, {p}) for q, p in sorted(QUESTIONS, key=lambda qa: qa[1])
    ]


def test_a_question_written_on_two_passages_is_one_question_found_by_either(tmp_path):
    path = tmp_path / "two.json"
    qa = {"question": "Hà Nội có gì?", "answers": [{"text": "Sông Hồng", "answer_start": 0}]}
    paragraphs = [
        {"context": PASSAGES[0], "qas": [dict(qa, id="a")]},
        {"context": PASSAGES[1], "qas": [dict(qa, id="b")]},
    ]
    path.write_text(json.dumps({"data": [{"title": "t", "paragraphs": paragraphs}]}), encoding="utf-8")
    [item] = load_squad(path).items
    assert item.relevant == {0, 1} and item.answers == ("Sông Hồng",)
    assert rank_of([2, 1, 0], item.relevant) == 2


@pytest.mark.parametrize(
    "short, gold, right",
    [
        ("năm 1969", "1969", True),  # the gold answer lies inside the short answer
        ("Larry Ellison, nhà sáng lập", "Larry Ellison", True),
        ("1,1 tỷ USD", "1,1 tỷ", True),
        ("15", "1969", False),
        ("5", "15", False),  # "5" is not inside "15": compared as tokens
        ("Hoà Phát", "Tập đoàn Hoà Phát", True),  # token F1 0.8
        ("đoàn Hoà", "Tập đoàn Hoà Phát", True),  # token F1 exactly 0.5 still counts
        ("Digital", "Tập đoàn Hoà Phát", False),
    ],
)
def test_a_short_answer_is_right_when_the_gold_lies_inside_or_overlaps_enough(short, gold, right):
    assert is_right(short, [gold]) is right


def test_hoidap_finds_every_passage_and_indexes_each_once(tmp_path, monkeypatch):
    path = write_squad(tmp_path / "s.json")
    # One more copy of a context, this time with a question written on it.
    squad = json.loads(path.read_text(encoding="utf-8"))
    again = {
        "id": "again",
        "question": "Vịnh Hạ Long ở tỉnh nào?",
        "answers": [{"text": "Quảng Ninh", "answer_start": 0}],
    }
    squad["data"][0]["paragraphs"].append({"context": PASSAGES[2], "qas": [again]})
    path.write_text(json.dumps(squad), encoding="utf-8")
    asked = [*QUESTIONS, (again["question"], 2)]

    built: dict[str, object] = {}
    asked_by_hoidap = retrieval.evaluate._asked

    def look_then_ask(engine, dataset):
        """What hoidap built, seen from the engine the questions are asked of."""
        built["stored"] = sorted((c.id, c.text) for c in engine.store.all_chunks())
        built["indexed"] = sorted(engine.index.ids.tolist())
        built["found"] = {q: engine.ask(q).hits[0].chunk.text for q, _ in asked}
        return asked_by_hoidap(engine, dataset)

    monkeypatch.setattr(retrieval.evaluate, "_asked", look_then_ask)
    result = evaluate_hoidap(load_squad(path))["hoidap"]

    stored = built["stored"]
    assert sorted(text for _, text in stored) == sorted(PASSAGES), "each distinct passage stored once"
    assert built["indexed"] == [chunk_id for chunk_id, _ in stored], "and indexed once"
    assert built["found"] == {q: PASSAGES[p] for q, p in asked}, "every question finds its passage first"
    assert {k: result[k] for k in ("recall@1", "mrr@10", "refused")} == {"recall@1": 1.0, "mrr@10": 1.0, "refused": 0}


def test_short_answers_are_counted_by_the_kind_asked(tmp_path):
    path = tmp_path / "answers.json"
    context = "Ngày 25/10/2022, Ban Chỉ đạo tỉnh Đắk Lắk tổ chức hội nghị tập huấn cho gần 170 đại biểu."
    qas = [
        {
            "id": "w",
            "question": "Ban Chỉ đạo tỉnh Đắk Lắk tổ chức hội nghị tập huấn khi nào?",
            "answers": [{"text": "25/10/2022", "answer_start": 5}],
        },
        {
            "id": "n",
            "question": "Hội nghị tập huấn ở Đắk Lắk có bao nhiêu đại biểu?",
            "answers": [{"text": "170 đại biểu", "answer_start": 0}],
        },
        {
            "id": "o",
            "question": "Ban Chỉ đạo tỉnh Đắk Lắk làm gì?",
            "answers": [{"text": "tổ chức", "answer_start": 0}],
        },
    ]
    # Three more passages: with two, BM25's idf is zero for a word one of them holds.
    paragraphs = [{"context": context, "qas": qas}, *({"context": p, "qas": []} for p in PASSAGES)]
    path.write_text(json.dumps({"data": [{"title": "t", "paragraphs": paragraphs}]}), encoding="utf-8")
    result = evaluate_hoidap(load_squad(path))["hoidap"]
    table = result["short_answers"]
    assert table["when"] == {"asked": 1, "answered": 1, "right": 1, "precision": 1.0, "coverage": 1.0}
    assert table["how_many"] == {"asked": 1, "answered": 1, "right": 1, "precision": 1.0, "coverage": 1.0}
    assert table["other"]["asked"] == 1 and table["other"]["answered"] == 0
    assert table["together"]["asked"] == 2 and table["together"]["right"] == 2
    assert result["answer_sentence_accuracy"] == 1.0


def test_baseline_misses_questions_without_diacritics():
    # Every word of these questions has marks in the passages, so plain tokens match nothing.
    items = [Item("pho nau tu gi", frozenset({1}), ("x",)), Item("dao da voi o tinh nao", frozenset({2}), ("x",))]
    dataset = Dataset(PASSAGES, items)
    assert evaluate_baseline(dataset)["recall@1"] == 0.0
    hoidap = evaluate_hoidap(dataset)["hoidap"]
    assert (hoidap["recall@1"], hoidap["mrr@10"]) == (1.0, 1.0)


def test_eval_cli_json_has_one_shape_with_the_answer_metrics(tmp_path):
    result = invoke("eval", "--json", str(write_squad(tmp_path / "s.json")))
    assert result.exit_code == 0, result.stderr
    [row] = json_lines(result.stdout)
    assert set(row) == {
        "passages",
        "questions",
        "recall@1",
        "recall@5",
        "recall@10",
        "mrr@10",
        "mrr_cited",
        "short_answers",
        "answer_sentence_accuracy",
        "refused",
        "compare",
    }
    assert row["passages"] == 3 and row["questions"] == 5 and row["compare"] is None
    assert set(row["short_answers"]) == {"when", "who", "how_many", "where", "other", "together"}


@pytest.mark.parametrize("content", ["not json", "[]", '{"data": [{"paragraphs": []}]}'])
def test_eval_rejects_a_bad_dataset_in_one_line(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = invoke("eval", str(path))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.json" in result.stderr


def test_compare_asks_the_same_questions_without_diacritics_on_one_database(tmp_path):
    rows = evaluate_hoidap(load_squad(write_squad(tmp_path / "s.json")), stripped=True)
    assert set(rows) == {"hoidap", "hoidap, no diacritics"}
    assert rows["hoidap, no diacritics"]["questions"] == rows["hoidap"]["questions"] == 5
