"""Bulk JSONL records, and seeing and removing what is stored, through the command line."""

import json
from pathlib import Path

import pytest

from helpers import SEEDS, invoke

METRO = {
    "id": "tin-1",
    "title": "Hà Nội khai trương tuyến metro mới",
    "date": "2024-08-08",
    "url": "https://example.vn/metro",
    "text": "Tuyến metro Nhổn - ga Hà Nội chính thức khai trương ngày 8/8/2024.\n\n"
    "Đoạn trên cao dài 8,5 km với 8 nhà ga.",
}
# No id (a hash of the text names it), no date, and no blank line: one paragraph a line.
DA_NANG = {
    "title": "Đà Nẵng đón khách",
    "text": "Đà Nẵng đón 1 triệu lượt khách trong tháng 7.\nDu lịch biển tăng mạnh.",
}
DA_NANG_DOC = "rec-9983cfb21997e520"
QUESTION = "Tuyến metro Nhổn - ga Hà Nội khai trương ngày nào?"


@pytest.fixture
def stored(tmp_path: Path) -> tuple[str, Path]:
    """A database holding the seeds and the two good records of a JSONL file that has two bad lines."""
    records = tmp_path / "records.jsonl"
    lines = [
        json.dumps(METRO),
        json.dumps(DA_NANG),
        "not json",
        json.dumps({"id": "x", "text": "Có", "date": "8/8/2024"}),
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "hoidap.db")
    result = invoke("ingest", "--db", db, str(SEEDS), str(records))
    assert result.exit_code == 1
    assert result.stdout == "7 added, 0 updated, 0 unchanged, 2 failed\n"
    assert result.stderr.splitlines() == [
        f"error: {records}:3: not JSON (Expecting value)",
        f"error: {records}:4: bad date '8/8/2024' (expected YYYY-MM-DD)",
    ]
    return db, records


def test_reingesting_unchanged_records_changes_nothing(stored):
    db, records = stored
    result = invoke("ingest", "--db", db, "--json", str(records))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "added": [],
        "updated": [],
        "unchanged": ["tin-1", DA_NANG_DOC],
        "failed": [
            {"path": f"{records}:3", "reason": "not JSON (Expecting value)"},
            {"path": f"{records}:4", "reason": "bad date '8/8/2024' (expected YYYY-MM-DD)"},
        ],
    }


def test_a_record_without_text_is_a_failure(tmp_path: Path):
    records = tmp_path / "r.jsonl"
    records.write_text('{"id": "a", "title": "Chỉ có tiêu đề"}\n[1, 2]\n', encoding="utf-8")
    result = invoke("ingest", "--db", str(tmp_path / "x.db"), str(records))
    assert result.exit_code == 1 and result.stdout == "0 added, 0 updated, 0 unchanged, 2 failed\n"
    assert result.stderr.splitlines() == [f"error: {records}:1: no text", f"error: {records}:2: not a JSON object"]


def test_articles_lists_every_stored_article(stored):
    db, records = stored
    listed = json.loads(invoke("articles", "--db", db, "--json").stdout)
    assert len(listed) == 7
    source = str(records.resolve())  # outside the working directory: the absolute path
    assert [row for row in listed if row["source"] == source] == [
        {"doc": DA_NANG_DOC, "title": DA_NANG["title"], "date": None, "url": None, "source": source, "paragraphs": 2},
        {
            "doc": "tin-1",
            "title": METRO["title"],
            "date": "2024-08-08",
            "url": METRO["url"],
            "source": source,
            "paragraphs": 2,
        },
    ]
    lines = invoke("articles", "--db", db).stdout.splitlines()
    assert len(lines) == 7
    assert lines[-2:] == [  # by doc, after the seeds' "000_..." to "004_..."
        f"{DA_NANG_DOC}\t-\t2\t{DA_NANG['title']}\t{source}",
        f"tin-1\t2024-08-08\t2\t{METRO['title']}\t{METRO['url']}",
    ]


def test_show_prints_one_article(stored):
    db, records = stored
    result = invoke("show", "--db", db, "tin-1")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{METRO['title']}\ntin-1 · 2024-08-08\n{METRO['url']}\n\n"
        "[1] Tuyến metro Nhổn - ga Hà Nội chính thức khai trương ngày 8/8/2024.\n\n"
        "[2] Đoạn trên cao dài 8,5 km với 8 nhà ga.\n"
    )
    shown = json.loads(invoke("show", "--db", db, "--json", DA_NANG_DOC).stdout)
    assert shown == {
        "doc": DA_NANG_DOC,
        "title": "Đà Nẵng đón khách",
        "date": None,
        "time": None,
        "author": None,
        "url": None,
        "source": str(records.resolve()),
        "paragraphs": ["Đà Nẵng đón 1 triệu lượt khách trong tháng 7.", "Du lịch biển tăng mạnh."],
    }


@pytest.mark.parametrize("command", ["show", "remove"])
def test_a_missing_article_is_an_error(stored, command):
    db, _ = stored
    result = invoke(command, "--db", db, "khong-co")
    assert result.exit_code == 1
    assert result.stderr == "Error: no article khong-co\n"


def test_remove_deletes_the_article_and_its_index_rows(stored):
    db, _ = stored
    asked = json.loads(invoke("ask", "--db", db, "--json", QUESTION).stdout)
    assert asked["answer"] == "Ngày 8/8/2024" and asked["hits"][0]["doc"] == "tin-1"

    result = invoke("remove", "--db", db, "tin-1")
    assert (result.exit_code, result.stdout) == (0, "removed tin-1\n")

    asked = json.loads(invoke("ask", "--db", db, "--json", QUESTION).stdout)
    assert "tin-1" not in {hit["doc"] for hit in asked["hits"]}
    assert [row["doc"] for row in json.loads(invoke("articles", "--db", db, "--json").stdout)].count("tin-1") == 0
    assert invoke("show", "--db", db, "tin-1").exit_code == 1
