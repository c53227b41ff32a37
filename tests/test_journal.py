"""What readers asked and what they thought: logged without identity, grouped, exported."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

from bot.journal import DOWN, UP, Journal, Vote, chat_hash, question_key
from helpers import invoke, json_lines
from retrieval.engine import Answer

DAY_ONE = datetime(2024, 11, 18, 9, 0, tzinfo=UTC)
DAY_TWO = datetime(2024, 11, 19, 9, 0, tzinfo=UTC)


def asked(question: str, found: bool, answer: str | None = None) -> Answer:
    """An answer as the engine returns it, found or not (its hits matter only by being there)."""
    hits = [object()] if found else []
    return Answer(question, answer, hits, "other")  # type: ignore[arg-type]


def test_questions_typed_with_and_without_marks_group_together():
    assert question_key("Giá vàng hôm nay bao nhiêu?") == question_key("gia vang hom nay bao nhieu a")
    assert question_key("Giá vàng hôm nay bao nhiêu?") != question_key("Giá bạc hôm nay bao nhiêu?")


def test_stats_count_by_front_end_and_day_and_rank_what_found_nothing(tmp_path: Path):
    journal = Journal(tmp_path / "d.db")
    journal.asked(asked("Giá vàng hôm nay bao nhiêu?", False), "telegram", DAY_ONE)
    journal.asked(asked("gia vang hom nay bao nhieu", False), "telegram", DAY_TWO)
    journal.asked(asked("Giá vàng hôm nay bao nhiêu?", False), "chat", DAY_TWO)
    journal.asked(asked("Lịch cắt điện tuần này?", False), "telegram", DAY_TWO)
    journal.asked(asked("Thái Nguyên tổ chức hội nghị TTĐN khi nào?", True, "Chiều ngày 03/7/2024"), "chat", DAY_TWO)

    stats = journal.stats()

    assert stats["questions"] == 5 and stats["by_front_end"] == {"chat": 2, "telegram": 3}
    assert stats["by_day"] == {"2024-11-18": 1, "2024-11-19": 4} and stats["not_found_share"] == 0.8
    assert stats["unanswered"] == [
        {"question": "Giá vàng hôm nay bao nhiêu?", "times": 3},
        {"question": "Lịch cắt điện tuần này?", "times": 1},
    ]
    assert journal.stats(since=date(2024, 11, 19))["questions"] == 4


def test_nothing_is_logged_when_logging_is_off(tmp_path: Path):
    journal = Journal(tmp_path / "d.db", log_questions=False)
    journal.asked(asked("Giá vàng hôm nay bao nhiêu?", False), "telegram")
    assert Journal(tmp_path / "d.db").stats()["questions"] == 0


def test_a_vote_can_be_changed_never_doubled_and_names_no_one(tmp_path: Path):
    journal = Journal(tmp_path / "d.db")
    voter = chat_hash("secret", 4242) + ":17"
    base = Vote(voter, "Ai chủ trì?", "Vũ Duy Hoàng", ["002#1"], UP, None, "telegram")
    journal.vote(base, DAY_ONE)
    journal.vote(Vote(voter, "Ai chủ trì?", "Vũ Duy Hoàng", ["002#1"], DOWN, "wrong_answer", "telegram"), DAY_TWO)
    journal.vote(Vote(chat_hash("secret", 99) + ":3", "Có bao nhiêu đại biểu?", None, ["002#2"], UP, None, "telegram"))

    votes = journal.votes()

    assert [(v["question"], v["vote"], v["reason"]) for v in votes] == [
        ("Ai chủ trì?", DOWN, "wrong_answer"),  # changed, not doubled
        ("Có bao nhiêu đại biểu?", UP, None),
    ]
    assert "4242" not in json.dumps(votes) and all("voter" not in v for v in votes)
    assert chat_hash("secret", 4242) != chat_hash("other secret", 4242)
    assert journal.stats()["voted_down"] == [
        {"question": "Ai chủ trì?", "answer": "Vũ Duy Hoàng", "reason": "wrong_answer"}
    ]


def test_cli_stats_and_feedback(tmp_path: Path):
    db = tmp_path / "d.db"
    journal = Journal(db)
    journal.asked(asked("Giá vàng hôm nay bao nhiêu?", False), "telegram", DAY_ONE)
    journal.vote(Vote("v:1", "Ai chủ trì?", "Vũ Duy Hoàng", ["002#1"], DOWN, "wrong_article", "telegram"), DAY_TWO)
    journal.close()

    [stats] = json_lines(invoke("stats", "--json", "--db", str(db)).stdout)
    text = invoke("stats", "--db", str(db)).stdout
    [votes] = json_lines(invoke("feedback", "--json", "--db", str(db), "--since", "2024-11-19").stdout)
    later = json_lines(invoke("feedback", "--json", "--db", str(db), "--since", "2024-11-20").stdout)

    assert stats["unanswered"] == [{"question": "Giá vàng hôm nay bao nhiêu?", "times": 1}]
    assert text.splitlines() == [
        "Câu hỏi: 1 (telegram 1)",
        "Theo ngày: 18/11/2024 1",
        "Không tìm thấy câu trả lời: 100%",
        "Hỏi nhiều mà kho bài viết chưa trả lời:",
        "  1× Giá vàng hôm nay bao nhiêu?",
        "Câu trả lời bị chê (👎):",
        "  Ai chủ trì? → Vũ Duy Hoàng (Sai bài viết)",
    ]
    assert votes == [
        {
            "voted_at": "2024-11-19T09:00:00+00:00",
            "front_end": "telegram",
            "question": "Ai chủ trì?",
            "answer": "Vũ Duy Hoàng",
            "cited": ["002#1"],
            "vote": -1,
            "reason": "wrong_article",
        }
    ]
    assert later == [[]]


def test_chat_logs_what_is_asked(tmp_path: Path):
    db = str(tmp_path / "d.db")
    result = invoke(
        "chat", "--db", db, stdin="Thái Nguyên tổ chức hội nghị TTĐN khi nào?\nKết quả trận bóng đá Việt Nam Thái Lan\n"
    )
    assert result.exit_code == 0
    stats = Journal(db).stats()
    assert stats["by_front_end"] == {"chat": 2} and stats["unanswered"] == [
        {"question": "Kết quả trận bóng đá Việt Nam Thái Lan", "times": 1}
    ]
