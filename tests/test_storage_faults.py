"""The store and its index under two writers, readers during a write, a torn index, a full disk, a read-only place.

Concurrency runs real processes, as an operator does: `hoidap ingest` twice at once, or
`hoidap ask` while an ingest runs. Disk full and read-only use a small tmpfs mounted for
the test (root), or folder permissions (any other user).
"""

import fcntl
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from helpers import SEEDS, invoke, run_process, start_process
from retrieval.engine import Engine
from retrieval.index import BM25Index
from retrieval.sources import Limits

THAI_NGUYEN_QUESTION = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"
FILLER = (
    "Người dân trong xã đã cùng chính quyền tổ chức nhiều hoạt động phát triển kinh tế, "
    "xây dựng công trình giao thông nông thôn và chăm lo đời sống văn hóa tinh thần."
)


def district_article(number: int) -> str:
    """An article about one made-up district: its name and its budget are its own."""
    name = f"Huyện Khuôn{number:04d}"
    paragraphs = [
        f"{name} khởi công trường học mới",
        f"Sáng nay, {name} khởi công xây dựng trường học với tổng vốn {number + 7} tỷ đồng.",
        *([FILLER] * 6),
    ]
    return "\n\n".join(paragraphs) + "\n"


def write_articles(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"huyen-{number:04d}.txt").write_text(district_article(number), encoding="utf-8")
    return folder


def wait_until_writing(db: Path, process: subprocess.Popen[str]) -> None:
    """Return once the process holds the database's writer lock."""
    lock = db.with_name(db.name + ".lock")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if lock.exists():
            with open(lock) as file:
                try:
                    fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(file, fcntl.LOCK_UN)
        time.sleep(0.02)
    pytest.fail("the first ingest never started writing")


def index_matches_store(db: Path) -> None:
    """The saved index is tagged with the store's generation and holds exactly the stored paragraphs."""
    with Engine(db, seeds=None) as engine:
        index, generation = BM25Index.load(engine.index_path)
        assert generation == engine.store.generation
        assert sorted(index.ids.tolist()) == [c.id for c in engine.store.all_chunks()]


def budget_answer(db: Path, number: int) -> str | None:
    with Engine(db, seeds=None) as engine:
        answer = engine.ask(f"Huyện Khuôn{number:04d} khởi công trường học với tổng vốn bao nhiêu?")
        return answer.hits[0].chunk.doc if answer.hits else None


@contextmanager
def paused(process: subprocess.Popen[str]) -> Iterator[None]:
    """The process stopped where it is (holding what it holds) until the block ends: overlap without timing luck."""
    process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        process.send_signal(signal.SIGCONT)


def first_line(process: subprocess.Popen[str], seconds: float = 60) -> str:
    """The first line the process writes to stderr, waiting at most seconds."""
    assert process.stderr is not None
    ready, _, _ = select.select([process.stderr], [], [], seconds)
    return process.stderr.readline() if ready else ""


def test_a_second_ingest_waits_for_the_first_and_the_index_holds_both(tmp_path: Path):
    db = tmp_path / "d.db"
    big = write_articles(tmp_path / "big", range(1500))
    small = write_articles(tmp_path / "small", range(1500, 1505))

    first = start_process("ingest", "--db", str(db), str(big))
    wait_until_writing(db, first)
    with paused(first):  # stopped part-way, the writer lock held
        second = start_process("ingest", "--db", str(db), str(small))
        waiting = first_line(second)
        still_waiting = second.poll() is None
    out, err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)

    assert first.returncode == 0, err
    assert waiting.startswith("Another process is storing articles in") and still_waiting
    assert second.returncode == 0 and second_out == "5 added, 0 updated, 0 unchanged, 0 failed\n"
    assert "Traceback" not in second_err
    index_matches_store(db)
    assert budget_answer(db, 1501) == "huyen-1501" and budget_answer(db, 17) == "huyen-0017"


def test_questions_during_an_ingest_neither_fail_nor_break_it(tmp_path: Path):
    db = tmp_path / "d.db"
    write_articles(tmp_path / "first", range(5))
    assert invoke("ingest", "--db", str(db), str(tmp_path / "first")).exit_code == 0
    big = write_articles(tmp_path / "big", range(5, 1500))

    ingest = start_process("ingest", "--db", str(db), str(big))
    wait_until_writing(db, ingest)
    question = "Huyện Khuôn0003 khởi công trường học khi nào?"
    # Each question asked by a process of its own, as an operator would, and bounded in time: in this
    # process, one that waited on the stopped ingest would stop the test before the ingest resumes.
    with paused(ingest):  # articles stored, their index not saved yet
        asked = [run_process("ask", "--db", str(db), "--json", question, timeout=60) for _ in range(2)]
    asked.append(run_process("ask", "--db", str(db), "--json", question))
    out, err = ingest.communicate(timeout=300)

    assert ingest.returncode == 0 and "Traceback" not in err, err
    for result in asked:
        assert result.returncode == 0 and '"doc": "huyen-0003"' in result.stdout, result.stderr
    index_matches_store(db)


def test_a_running_engine_answers_from_what_another_process_stored(tmp_path: Path):
    db = tmp_path / "d.db"
    write_articles(tmp_path / "first", range(3))
    assert invoke("ingest", "--db", str(db), str(tmp_path / "first")).exit_code == 0
    with Engine(db, seeds=None) as serving:
        assert serving.ask("Huyện Khuôn0002 khởi công trường học khi nào?").hits[0].chunk.doc == "huyen-0002"
        assert not serving.ask("Hội nghị ở Cao Bằng thông qua nghị quyết gì về rừng?").hits

        later = tmp_path / "later"
        later.mkdir()
        (later / "cao-bang.txt").write_text(
            "Cao Bằng thông qua nghị quyết bảo vệ rừng\n\n"
            "Hội nghị ở Cao Bằng thông qua nghị quyết về bảo vệ và phát triển rừng đầu nguồn.\n",
            encoding="utf-8",
        )
        changed = district_article(2).replace("trường học", "bệnh viện")
        (later / "huyen-0002.txt").write_text(changed, encoding="utf-8")
        # A process of its own: the point is a store changed by another process than the serving engine's.
        assert run_process("ingest", "--db", str(db), str(later)).returncode == 0

        found = serving.ask("Hội nghị ở Cao Bằng thông qua nghị quyết gì về rừng?")
        assert found.hits and found.hits[0].chunk.doc == "cao-bang"
        # The changed article answers from its new text, never from paragraphs the index no longer matches.
        hospital = serving.ask("Huyện Khuôn0002 khởi công bệnh viện khi nào?")
        assert hospital.hits[0].chunk.doc == "huyen-0002" and "bệnh viện" in hospital.hits[0].chunk.text


def test_chunk_ids_of_a_removed_article_are_never_handed_out_again(engine: Engine, tmp_path: Path):
    last = max(engine.store.all_chunks(), key=lambda c: c.id)
    assert engine.remove(last.doc)
    extra = tmp_path / "moi.txt"
    extra.write_text("Tin mới về nông thôn\n\nMột đoạn tin mới về giao thông nông thôn.\n", encoding="utf-8")
    engine.ingest([extra])
    assert min(c.id for c in engine.article("moi")) > last.id


@pytest.mark.parametrize("damage", ["empty", "truncated", "meta"])
def test_a_damaged_index_is_rebuilt_with_one_line(tmp_path: Path, damage: str):
    db = tmp_path / "d.db"
    assert invoke("ingest", "--db", str(db), str(SEEDS)).exit_code == 0
    folder = db.with_name(db.name + ".index")
    if damage == "empty":  # what a power cut between write and rename could leave, without fsync
        (folder / "weights.npy").write_bytes(b"")
    elif damage == "truncated":
        data = (folder / "indices.npy").read_bytes()
        (folder / "indices.npy").write_bytes(data[: len(data) // 2])
    else:
        (folder / "meta.json").write_text("{")

    result = invoke("ask", "--db", str(db), "--json", THAI_NGUYEN_QUESTION)

    assert result.exit_code == 0 and '"answer": "Chiều ngày 03/7/2024"' in result.stdout
    assert len(result.stderr.splitlines()) <= 1 and "Traceback" not in result.stderr
    index_matches_store(db)  # repaired on disk, not only in memory


def test_an_index_save_that_fails_leaves_the_old_index_and_no_temporary_folder(engine: Engine, monkeypatch):
    before = BM25Index.load(engine.index_path)[1]

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", disk_full)
    with pytest.raises(OSError):
        engine.index.save(engine.index_path, before + 1)
    assert BM25Index.load(engine.index_path)[1] == before
    assert [p.name for p in engine.index_path.parent.iterdir() if p.name.endswith((".tmp", ".old"))] == []


def test_limits_refuse_an_oversized_file_and_an_endless_article(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lon.txt").write_text("Tiêu đề bài quá lớn\n\n" + "Một câu rất dài. " * 70_000, encoding="utf-8")
    (folder / "dai.txt").write_text(
        "Tiêu đề bài nhiều đoạn\n\n" + "\n\n".join(f"Đoạn thứ {n} của bài." for n in range(60)), encoding="utf-8"
    )
    (folder / "vua.txt").write_text("Tiêu đề bài vừa phải\n\nMột đoạn vừa phải về nông thôn.\n", encoding="utf-8")
    env_limits = {"HOIDAP_MAX_FILE_MB": "1", "HOIDAP_MAX_PARAGRAPHS": "50"}
    result = invoke("ingest", "--db", str(tmp_path / "d.db"), str(folder), env=env_limits)
    assert result.exit_code == 1 and result.stdout == "1 added, 0 updated, 0 unchanged, 2 failed\n"
    assert result.stderr.splitlines() == [
        f"error: {folder / 'dai.txt'}: 60 paragraphs, over the limit of 50 for one article",
        f"error: {folder / 'lon.txt'}: 1.61 MB is over the limit of 1 MB for one article",
    ]


def test_limits_apply_to_each_record_of_a_records_file(tmp_path: Path):
    records = tmp_path / "r.jsonl"
    long_text = "\\n\\n".join(f"Đoạn {n}." for n in range(8))
    records.write_text(f'{{"id": "dai", "text": "{long_text}"}}\n{{"id": "ngan", "text": "Một đoạn."}}\n')
    with Engine(tmp_path / "d.db", seeds=None, limits=Limits(paragraphs=5)) as engine:
        report = engine.ingest([records])
        assert [c.doc for c in report.changes] == ["ngan"]
        assert report.failures == [(f"{records}:1", "8 paragraphs, over the limit of 5 for one article")]


# --- a full disk and a read-only place ------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 600 KB filesystem of its own."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)])


def test_a_full_disk_stops_the_ingest_with_one_line_and_keeps_what_was_stored(small_disk: Path, tmp_path: Path):
    db = small_disk / "d.db"
    articles = write_articles(tmp_path / "many", range(300))

    result = invoke("ingest", "--db", str(db), str(articles))

    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"error: the disk holding {db} is full: free some space, then try again" in result.stderr
    stored = invoke("articles", "--db", str(db), "--json")
    assert stored.exit_code == 0 and stored.stdout.count('"doc"') > 0
    first = sorted(articles.iterdir())[0].stem
    asked = invoke("ask", "--db", str(db), "--json", "Huyện Khuôn0000 khởi công trường học với tổng vốn bao nhiêu?")
    assert asked.exit_code == 0 and f'"doc": "{first}"' in asked.stdout, asked.stderr
    assert "Traceback" not in asked.stderr
    assert not list(small_disk.glob("*.tmp")) and not list(small_disk.glob("*.old"))


@pytest.fixture
def read_only_place(tmp_path: Path) -> Iterator[Path]:
    """A database over the seeds in a folder this process cannot write to."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(folder)]
    if os.geteuid() == 0 and subprocess.run(mount).returncode:
        pytest.skip("cannot mount a tmpfs here")
    assert invoke("ingest", "--db", str(folder / "d.db"), str(SEEDS)).exit_code == 0
    shutil.rmtree(folder / "d.db.index")  # the reader must also do without a saved index
    for leftover in folder.glob("d.db-*"):
        leftover.unlink()  # a database closed cleanly: the WAL files are gone
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        yield folder / "d.db"
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(folder)])
        else:
            folder.chmod(0o755)


def test_a_read_only_database_answers_and_refuses_to_store_in_one_line(read_only_place: Path, tmp_path: Path):
    before = read_only_place.read_bytes()

    asked = invoke("ask", "--db", str(read_only_place), THAI_NGUYEN_QUESTION)
    extra = tmp_path / "moi.txt"
    extra.write_text("Tin mới\n\nMột đoạn tin mới.\n", encoding="utf-8")
    stored = invoke("ingest", "--db", str(read_only_place), str(extra))

    assert asked.exit_code == 0 and asked.stdout.startswith("Trả lời: Chiều ngày 03/7/2024 [1]"), asked.stderr
    assert stored.exit_code == 1
    assert stored.stderr == (
        f"Error: {read_only_place} is read-only here: it answers questions, but storing articles needs write access\n"
    )
    assert read_only_place.read_bytes() == before
