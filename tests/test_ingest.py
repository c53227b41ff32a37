"""Ingest: idempotent, transactional replacement, bad files reported with nothing lost."""

import shutil
from pathlib import Path

import pytest

from helpers import SEEDS, invoke, json_lines
from retrieval.engine import Engine

THAI_NGUYEN = "002_e9bec02ab31fb04f"


def snapshot(engine: Engine) -> list[tuple]:
    return [(c.id, c.doc, c.paragraph, c.text) for c in engine.store.all_chunks()]


def test_first_use_builds_the_database_from_the_seeds(tmp_path: Path):
    engine = Engine(tmp_path / "new.db")
    assert engine.describe()["articles"] == 5
    assert (tmp_path / "new.db.index" / "meta.json").exists()


def test_reingesting_unchanged_files_changes_nothing(engine: Engine):
    before, generation = snapshot(engine), engine.store.generation
    report = engine.ingest([SEEDS])
    assert report.count("unchanged") == 5 and not report.failures
    assert snapshot(engine) == before and engine.store.generation == generation


def test_changed_file_replaces_its_chunks(engine: Engine, tmp_path: Path):
    changed = tmp_path / f"{THAI_NGUYEN}.txt"
    original = (SEEDS / f"{THAI_NGUYEN}.txt").read_text(encoding="utf-8")
    changed.write_text(original.replace("gần 170 đại biểu", "gần 180 đại biểu"), encoding="utf-8")
    others = [c for c in snapshot(engine) if c[1] != THAI_NGUYEN]

    report = engine.ingest([changed])

    assert [c.status for c in report.changes] == ["updated"]
    texts = [c.text for c in engine.article(THAI_NGUYEN)]
    assert any("gần 180 đại biểu" in t for t in texts) and not any("gần 170" in t for t in texts)
    assert [c for c in snapshot(engine) if c[1] != THAI_NGUYEN] == others
    assert engine.ask("Hội nghị ở Thái Nguyên có bao nhiêu đại biểu?").answer == "gần 180 đại biểu"


def test_chunk_ids_are_never_reused(engine: Engine, tmp_path: Path):
    # The article stored last holds the highest ids: replacing it must not hand them out again.
    last_doc = max(engine.store.all_chunks(), key=lambda c: c.id).doc
    old_ids = {c.id for c in engine.article(last_doc)}
    changed = tmp_path / f"{last_doc}.txt"
    changed.write_text((SEEDS / f"{last_doc}.txt").read_text(encoding="utf-8") + "\nMột đoạn mới thêm vào cuối.\n")
    assert engine.ingest([changed]).count("updated") == 1
    assert min(c.id for c in engine.article(last_doc)) > max(old_ids)


def test_bad_files_are_reported_and_the_rest_ingested(engine: Engine, tmp_path: Path):
    before = snapshot(engine)
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "latin1.txt").write_bytes("Café à Paris, un article en français\nTexte".encode("cp1252"))
    (folder / "empty.txt").write_text("   \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    good = folder / "good.txt"
    good.write_text("Hà Nội tổ chức hội nghị thông tin đối ngoại\n\nSáng 4/3, hội nghị diễn ra tại Hà Nội.\n")

    report = engine.ingest([folder, tmp_path / "missing.txt"])

    reasons = {Path(path).name: reason for path, reason in report.failures}
    assert reasons == {
        "binary.txt": "binary file, not text",
        "empty.txt": "file is empty",
        "latin1.txt": reasons["latin1.txt"],
        "missing.txt": "no such file",
    }
    assert reasons["latin1.txt"].startswith("not UTF-8")
    assert [c.doc for c in report.changes] == ["good"]
    assert set(before) <= set(snapshot(engine)), "nothing already stored is lost"


def test_cli_ingest_reports_failures_by_name_and_exits_nonzero(tmp_path: Path):
    shutil.copy(SEEDS / f"{THAI_NGUYEN}.txt", tmp_path)
    (tmp_path / "empty.txt").write_text("")
    db = str(tmp_path / "x.db")

    result = invoke("ingest", "--db", db, str(tmp_path))

    assert result.exit_code == 1
    assert "empty.txt: file is empty" in result.stderr
    assert "1 added, 0 updated, 0 unchanged, 1 failed" in result.stdout
    summary = json_lines(invoke("ingest", "--json", "--db", db, str(tmp_path / f"{THAI_NGUYEN}.txt")).stdout)[0]
    assert summary == {"added": [], "updated": [], "unchanged": [THAI_NGUYEN], "failed": []}


def test_learned_abbreviations_are_stored(engine: Engine):
    assert "thông tin đối ngoại" in engine.store.abbreviations()["ttđn"]


def many_articles(folder: Path, count: int) -> list[Path]:
    """count distinct articles made from the seeds' first paragraphs, each naming its own district."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = []
    for number in range(count):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        path = folder / f"bai-{number:03d}.txt"
        path.write_text(text.replace("Thái Nguyên", f"Huyện Số{number}", 1) + f"\nHuyện Số{number} có {number} xã.\n")
        paths.append(path)
    return paths


def test_many_files_read_by_workers_store_and_index_as_one_process_does(tmp_path: Path, monkeypatch):
    from retrieval import workers

    many_articles(tmp_path / "many", 24)
    (tmp_path / "many" / "hong.txt").write_bytes(b"\x00\x01binary")
    alone = Engine(tmp_path / "alone.db", seeds=None)
    report_alone = alone.ingest([tmp_path / "many"])
    monkeypatch.setattr(workers, "MIN_FILES", 2)
    monkeypatch.setattr(workers, "CHUNK", 3)  # several answers from each worker, their new terms in turn
    if not workers.worker_count(25):
        pytest.skip("no worker processes here (one core, or other threads running)")
    pooled = Engine(tmp_path / "pooled.db", seeds=None)

    report = pooled.ingest([tmp_path / "many"])

    assert report.changes == report_alone.changes and report.failures == report_alone.failures
    assert report.failures == [(str(tmp_path / "many" / "hong.txt"), "binary file, not text")]
    assert snapshot(pooled) == snapshot(alone)
    for question in ("Huyện Số7 có bao nhiêu xã?", "hội nghị thông tin đối ngoại", "so 12 xa"):
        assert pooled.search(question, 5)[1] and [
            (r.chunk.id, round(r.score, 5)) for r in pooled.search(question, 5)[1]
        ] == [(r.chunk.id, round(r.score, 5)) for r in alone.search(question, 5)[1]]
    assert pooled.ingest([tmp_path / "many"]).count("unchanged") == 24  # stored texts are not tokenised again
    assert (pooled.index.ids == alone.index.ids).all()


def test_the_same_doc_twice_in_one_ingest_keeps_the_later(engine: Engine, tmp_path: Path):
    first, second = tmp_path / "a" / "trung.txt", tmp_path / "b" / "trung.txt"
    for path, count in ((first, 100), (second, 200)):
        path.parent.mkdir()
        text = (SEEDS / f"{THAI_NGUYEN}.txt").read_text(encoding="utf-8")
        path.write_text(text.replace("gần 170 đại biểu", f"gần {count} đại biểu"), encoding="utf-8")

    report = engine.ingest([first, second])

    assert [c.status for c in report.changes] == ["added", "updated"]
    assert any("gần 200 đại biểu" in c.text for c in engine.article("trung"))
    assert not any("gần 100 đại biểu" in c.text for c in engine.article("trung"))
    assert sorted(engine.index.ids.tolist()) == [c.id for c in engine.store.all_chunks()]
