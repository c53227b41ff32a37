"""Time in the question: which articles a question about a period reads."""

import json
from datetime import date
from pathlib import Path

import pytest

from helpers import invoke, json_lines
from retrieval.engine import Engine
from retrieval.period import Period, read_time

TODAY = date(2024, 11, 20)  # a Wednesday


@pytest.mark.parametrize(
    "question, since, until, left",
    [
        (
            "Năm 2023 tỉnh thu hút bao nhiêu vốn FDI?",
            "2023-01-01",
            "2023-12-31",
            "Năm 2023 tỉnh thu hút bao nhiêu vốn FDI?",
        ),
        (
            "nam 2023 tinh thu hut bao nhieu von FDI?",
            "2023-01-01",
            "2023-12-31",
            "nam 2023 tinh thu hut bao nhieu von FDI?",
        ),
        ("Tháng 7/2024 Thái Nguyên tổ chức hội nghị gì?", "2024-07-01", "2024-07-31", None),
        ("Xuất khẩu quý III/2023 tăng bao nhiêu?", "2023-07-01", "2023-09-30", None),
        ("Xuất khẩu quý 2 năm 2022 tăng bao nhiêu?", "2022-04-01", "2022-06-30", None),
        ("Từ 2022 đến nay tỉnh có bao nhiêu dự án?", "2022-01-01", "2024-11-20", "tỉnh có bao nhiêu dự án?"),
        ("tu thang 3/2023 den thang 5/2023 co bao nhieu du an?", "2023-03-01", "2023-05-31", "co bao nhieu du an?"),
        ("Trước năm 2020 ai làm chủ tịch tỉnh?", None, "2019-12-31", "ai làm chủ tịch tỉnh?"),
        ("Sau năm 2020 tỉnh có bao nhiêu dự án?", "2021-01-01", None, "tỉnh có bao nhiêu dự án?"),
        ("Hôm qua có tin gì về bão?", "2024-11-19", "2024-11-19", "có tin gì về bão?"),
        ("tuan truoc Da Nang to chuc gi?", "2024-11-11", "2024-11-17", "Da Nang to chuc gi?"),
        ("Tháng trước Đà Nẵng tổ chức gì?", "2024-10-01", "2024-10-31", "Đà Nẵng tổ chức gì?"),
        ("Năm ngoái Đà Nẵng đón bao nhiêu khách?", "2023-01-01", "2023-12-31", "Đà Nẵng đón bao nhiêu khách?"),
    ],
)
def test_time_phrases_name_a_publication_period(question: str, since: str | None, until: str | None, left: str | None):
    timed = read_time(question, TODAY)
    assert timed.period is not None and timed.period.to_json() == {"since": since, "until": until}
    assert timed.text == (left or question)


@pytest.mark.parametrize(
    "question",
    [
        "Nghị quyết số 57 được ban hành khi nào?",
        "Có 2023 người dự hội nghị không?",
        "Hội nghị tổ chức ngày 3/7/2024 ở đâu?",
        "Tháng 13/2023 có gì?",
        "Ông ấy sinh năm 1500 ở đâu?",
    ],
)
def test_a_number_that_is_not_a_period_is_not_a_filter(question: str):
    assert read_time(question, TODAY).period is None


def test_latest_asks_for_newer_articles_first_and_leaves_the_terms():
    timed = read_time("Tin mới nhất về bão số 3?", TODAY)
    assert timed.period == Period(recent=True) and timed.text == "Tin về bão số 3?"
    assert read_time("gan day tinh co chu truong gi", TODAY).period == Period(recent=True)


def records(tmp_path: Path) -> Path:
    """Three years of one province's tourism news, and one undated article."""
    rows = [
        (
            "dl-2022",
            "2022-12-30",
            "Năm 2022, tỉnh Phú Yên đón 2,1 triệu lượt khách du lịch, tăng mạnh so với năm trước.",
        ),
        ("dl-2023", "2023-12-29", "Năm 2023, tỉnh Phú Yên đón 3,5 triệu lượt khách du lịch, vượt kế hoạch đề ra."),
        (
            "dl-2024",
            "2024-11-15",
            (
                "Theo báo cáo của Sở Văn hóa, Thể thao và Du lịch gửi hội nghị tổng kết của tỉnh, trong 10 tháng"
                " qua tỉnh Phú Yên đón 4,2 triệu lượt khách du lịch, doanh thu đạt nhiều nghìn tỷ đồng."
            ),
        ),
        ("ke-hoach", "2021-06-01", "Phú Yên đặt mục tiêu đến năm 2030 đón 10 triệu lượt khách du lịch mỗi năm."),
        ("dl-khong-ngay", None, "Tỉnh Phú Yên đón 9 triệu lượt khách du lịch theo một bản tin không ghi ngày."),
    ]
    path = tmp_path / "tin.jsonl"
    lines = [
        json.dumps({"id": doc, "title": "Du lịch Phú Yên", "text": text, **({"date": day} if day else {})})
        for doc, day, text in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def dated(tmp_path: Path) -> Engine:
    engine = Engine(tmp_path / "d.db", seeds=None)
    engine.ingest([records(tmp_path)])
    return engine


def test_a_year_in_the_question_reads_only_that_years_articles(dated: Engine):
    answer = dated.ask("Năm 2023 tỉnh Phú Yên đón bao nhiêu lượt khách du lịch?", today=TODAY)
    assert answer.period == Period(date(2023, 1, 1), date(2023, 12, 31))
    assert {hit.chunk.doc for hit in answer.hits} == {"dl-2023"} and answer.answer == "3,5 triệu lượt khách du lịch"


def test_a_filter_given_keeps_undated_and_other_articles_out(dated: Engine):
    answer = dated.ask("Phú Yên đón bao nhiêu lượt khách du lịch?", period=Period(date(2024, 1, 1), None))
    assert [hit.chunk.doc for hit in answer.hits] == ["dl-2024"]
    assert answer.to_json()["filter"] == {"since": "2024-01-01", "until": None}
    nothing = dated.ask("Phú Yên đón bao nhiêu lượt khách du lịch?", period=Period(date(2025, 1, 1), None))
    assert not nothing.found and nothing.to_json()["filter"] == {"since": "2025-01-01", "until": None}


def test_latest_puts_the_newest_answering_article_first(dated: Engine):
    assert dated.ask("Phú Yên đón bao nhiêu lượt khách du lịch?", today=TODAY).hits[0].chunk.doc != "dl-2024"
    answer = dated.ask("Phú Yên đón bao nhiêu lượt khách du lịch mới nhất?", today=TODAY)
    assert [hit.chunk.doc for hit in answer.hits][:3] == ["dl-2024", "dl-2023", "dl-2022"]
    assert answer.period is None, "newest first is an order, not a filter"


def test_a_period_no_article_answers_is_asked_again_as_typed(dated: Engine):
    # "năm 2030" is what the question is about, not when it was published: the article says it.
    answer = dated.ask("Đến năm 2030 Phú Yên đón bao nhiêu lượt khách du lịch?", today=TODAY)
    assert answer.found and answer.period is None and answer.hits[0].chunk.doc == "ke-hoach"
    # No article of 2019 and none that speaks of 2019: an honest not-found, not another year's figure.
    assert not dated.ask("Năm 2019 Phú Yên đón bao nhiêu lượt khách du lịch?", today=TODAY).found
    # A relative time is always when it was published: none yesterday, so none at all.
    yesterday = dated.ask("Hôm qua Phú Yên đón bao nhiêu lượt khách du lịch?", today=TODAY)
    assert not yesterday.found and yesterday.period == Period(date(2024, 11, 19), date(2024, 11, 19))


def test_cli_since_and_until_are_echoed_and_checked(tmp_path: Path):
    db = str(tmp_path / "d.db")
    assert invoke("ingest", "--db", db, str(records(tmp_path))).exit_code == 0
    question = "Phú Yên đón bao nhiêu lượt khách du lịch?"
    result = invoke("ask", "--json", "--db", db, "--since", "2022-01-01", "--until", "31/12/2022", question)
    [answer] = json_lines(result.stdout)
    assert answer["filter"] == {"since": "2022-01-01", "until": "2022-12-31"}
    assert [hit["doc"] for hit in answer["hits"]] == ["dl-2022"]
    text = invoke("ask", "--db", db, "--since", "2022-01-01", "--until", "2022-12-31", question)
    assert "Chỉ tìm trong bài đăng từ 01/01/2022 đến 31/12/2022" in text.stdout.splitlines()[1]
    backwards = invoke("ask", "--db", db, "--since", "2023-01-01", "--until", "2022-01-01", question)
    assert backwards.exit_code == 2 and "--since is after --until" in backwards.stderr


def test_ask_dash_reads_questions_from_standard_input(tmp_path: Path):
    db = str(tmp_path / "d.db")
    result = invoke("ask", "--db", db, "-", stdin="Thái Nguyên tổ chức hội nghị TTĐN khi nào?\n\nGiá vàng hôm nay?\n")
    answers = result.stdout.rstrip().split("\n\n")
    assert result.exit_code == 0 and answers[0].startswith("Trả lời: Chiều ngày 03/7/2024 [1]")
    assert answers[-1].startswith("Không tìm thấy thông tin trả lời câu hỏi này trong kho bài viết.")
    assert answers[-1].rstrip().endswith(f"đến {date.today():%d/%m/%Y}"), "today's news only: none"
