"""The CLI end to end, as a user runs it."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers import ROOT, SEEDS, invoke, json_lines, run_process

QUESTION = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"
HIT_KEYS = {"doc", "title", "date", "source", "paragraph", "text", "score", "sentence", "url"}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_ask_prints_the_answer_then_the_citation(db):
    result = invoke("ask", "--db", db, QUESTION)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Trả lời: Chiều ngày 03/7/2024 [1]", "the short answer names the hit it comes from"
    assert "[1] Thái Nguyên: Tổ chức hội nghị chuyên đề về công tác TTĐN năm 2024 (03/07/2024), đoạn 1" in lines
    assert any(line.startswith("seeds/002_e9bec02ab31fb04f.txt") for line in lines)


def test_ask_json_contract(db):
    result = invoke("ask", "--json", "--db", db, QUESTION)
    [answer] = json_lines(result.stdout)
    assert set(answer) == {"question", "answer", "answer_hit", "filter", "understood_as", "answers", "hits"}
    assert answer["answers"] is None, "one answer, not a list"
    assert answer["filter"] is None, "no time in the question, no filter"
    assert answer["question"] == QUESTION and answer["answer"] == "Chiều ngày 03/7/2024"
    assert answer["answer_hit"] == 0, "the short answer names the hit it was taken from"
    first = answer["hits"][0]
    start, end = first["sentence"]
    assert "Chiều ngày 03/7" in first["text"][start:end] and "tổ chức Hội nghị" in first["text"][start:end]
    assert set(first) == HIT_KEYS
    assert first["doc"] == "002_e9bec02ab31fb04f" and first["paragraph"] == 1
    assert first["date"] == "2024-07-03" and first["source"] == "seeds/002_e9bec02ab31fb04f.txt"
    assert first["text"].startswith("Chiều ngày 03/7") and isinstance(first["score"], float)
    assert len(answer["hits"]) == 3


def test_top_k_option(db):
    [answer] = json_lines(invoke("ask", "--json", "--top-k", "5", "--db", db, QUESTION).stdout)
    assert len(answer["hits"]) == 5
    assert [h["score"] for h in answer["hits"]] == sorted((h["score"] for h in answer["hits"]), reverse=True)


def test_json_batch_from_stdin_one_object_per_line_in_order(db):
    questions = [QUESTION, "Hội nghị ở Thái Nguyên có bao nhiêu đại biểu?", "Giá vàng hôm nay bao nhiêu?"]
    result = invoke("ask", "--json", "--db", db, stdin="\n".join([questions[0], "", *questions[1:]]) + "\n")
    answers = json_lines(result.stdout)
    assert result.exit_code == 0
    assert [a["question"] for a in answers] == questions
    assert answers[1]["answer"] == "gần 170 đại biểu"
    today = {"since": date.today().isoformat(), "until": date.today().isoformat()}  # "hôm nay": today's articles
    assert answers[2] == {
        "question": questions[2],
        "answer": None,
        "answer_hit": None,
        "filter": today,
        "understood_as": None,
        "answers": None,
        "hits": [],
    }


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_a_clear_error(db, question):
    result = invoke("ask", "--db", db, question)
    assert result.exit_code != 0
    assert result.stderr.strip() == "Error: the question is empty"


def test_not_found_is_said_plainly(db):
    result = invoke("ask", "--db", db, "Thời tiết Hà Nội hôm nay thế nào?")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Không tìm thấy thông tin trả lời câu hỏi này trong kho bài viết.",
        f"Chỉ tìm trong bài đăng từ {date.today():%d/%m/%Y} đến {date.today():%d/%m/%Y}",  # "hôm nay"
    ]


def test_db_setting_from_environment(tmp_path):
    # An article only the database HOIDAP_DB names holds: the answer proves which database was read.
    article = tmp_path / "phu-lang.txt"
    article.write_text(
        "Làng gốm Phù Lãng khánh thành cầu kính\n\n"
        "Ngày 14/9/2023, xã Phù Lãng khánh thành cây cầu kính dài 217 mét bắc qua sông Cầu.\n",
        encoding="utf-8",
    )
    work = tmp_path / "work"  # an empty working directory: no .env, and where the default data/hoidap.db would go
    work.mkdir()
    db = str(tmp_path / "env.db")
    stored = invoke("ingest", "--db", db, str(SEEDS), str(article))
    assert (stored.exit_code, stored.stdout) == (0, "6 added, 0 updated, 0 unchanged, 0 failed\n"), stored.stderr

    result = invoke("ask", "Xã Phù Lãng khánh thành cầu kính khi nào?", cwd=work, env={"HOIDAP_DB": db})

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Trả lời: Ngày 14/9/2023 [1]"
    assert lines[2] == "[1] Làng gốm Phù Lãng khánh thành cầu kính (không rõ ngày), đoạn 1"
    assert list(work.iterdir()) == [], "no database at the default place"


def test_ask_runs_as_a_process_from_a_fresh_database(tmp_path):
    # The one test of `python -m bot` as a real process; every other CLI test runs it in-process.
    db = tmp_path / "fresh.db"
    result = run_process("ask", "--db", str(db), QUESTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Trả lời: Chiều ngày 03/7/2024 [1]"
    assert db.is_file()


def test_chat_repl_answers_ignores_empty_lines_and_quits(db):
    result = invoke("chat", "--db", db, stdin=f"\n{QUESTION}\nthoát\nnot asked\n")
    assert result.exit_code == 0
    assert result.stdout.count("Trả lời: Chiều ngày 03/7/2024") == 1
    assert "not asked" not in result.stdout


def test_chat_repl_quits_on_end_of_input(db):
    result = invoke("chat", "--db", db, stdin=f"{QUESTION}\n")
    assert result.exit_code == 0 and "Chiều ngày 03/7/2024" in result.stdout


# Libraries only ingestion needs, by the names they are imported under: pages fetched (httpx,
# feedparser), HTML read (lxml, trafilatura, htmldate), PDF and Word files read (pypdf, docx).
READERS = ("trafilatura", "htmldate", "lxml", "pypdf", "docx", "feedparser", "httpx")


def test_answering_never_loads_the_page_and_document_readers(db):
    # A new `hoidap ask` answers sooner without them; the seeds are text files, which need none.
    script = f"""
import sys
import bot.cli
print(sorted(name for name in {READERS!r} if name in sys.modules))
bot.cli.cli(["ask", "--db", {db!r}, {QUESTION!r}], prog_name="hoidap", standalone_mode=False)
print(sorted(name for name in {READERS!r} if name in sys.modules))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "HOIDAP_SEMANTIC": "false"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[]", "importing the command line loads none of them"
    assert lines[1] == "Trả lời: Chiều ngày 03/7/2024 [1]"
    assert lines[-1] == "[]", "nor does answering a question"
