"""Adding articles through Telegram (admins' uploads and /them) and feeds re-read on a schedule.

The real python-telegram-bot Application long-polls the Bot API stand-in, which also serves
getFile and the file download; web pages and feeds come from a small site on 127.0.0.1.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from botapi_stub import GROUP_CHAT, PRIVATE_CHAT, USER, BotApiStub, message
from telegram import Document
from telegram.ext import Application
from test_telegram import run_bot

import bot.components.feeds
from bot.components.admin import NOT_ADMIN, PRIVATE_ONLY, TOO_LARGE, UNSUPPORTED, USAGE_THEM, upload_name
from bot.components.feeds import refresh
from bot.components.strings import NOT_TEXT, UNKNOWN_COMMAND
from bot.settings import Settings, SettingsError, load_settings
from bot.telegram import build_application
from helpers import bot_settings
from retrieval.engine import Engine
from retrieval.fetch import Fetcher

STRANGER = {"id": 3003, "is_bot": False, "first_name": "Minh"}
STRANGER_CHAT = {"id": 3003, "type": "private", "first_name": "Minh"}

BRIDGE_TITLE = "Đà Nẵng khai trương cầu đi bộ mới bắc qua sông Hàn"
BRIDGE_TEXT = f"""22/10/2025 lúc 19:25 (GMT+7)

{BRIDGE_TITLE}

Sáng 22/10, thành phố Đà Nẵng khai trương cây cầu đi bộ dài 420 mét bắc qua sông Hàn, nối hai quận Hải Châu và \
Sơn Trà, sau hai năm thi công.

Cây cầu có kinh phí 95 tỷ đồng, mặt cầu lát gỗ, hai bên có lan can kính và hệ thống đèn chiếu sáng đổi màu vào \
buổi tối cho du khách ngắm cảnh.

Theo ban quản lý dự án, cầu mở cửa từ 5 giờ sáng đến 23 giờ mỗi ngày và không thu phí người đi bộ.
"""
MARKET = (
    "Cần Thơ mở rộng chợ nổi Cái Răng phục vụ khách quốc tế",
    [
        "Thành phố Cần Thơ vừa phê duyệt đề án mở rộng chợ nổi Cái Răng với thêm hai bến thuyền và một khu "
        "ẩm thực ven sông dành cho khách quốc tế.",
        "Các tiểu thương được hỗ trợ học ngoại ngữ giao tiếp cơ bản và thanh toán không dùng tiền mặt.",
    ],
)
BUCKWHEAT = (
    "Hà Giang đón hơn ba mươi nghìn du khách dịp lễ hội hoa tam giác mạch",
    [
        "Lễ hội hoa tam giác mạch năm nay ở Hà Giang thu hút hơn ba mươi nghìn lượt du khách trong ba ngày "
        "cuối tuần, theo sở văn hóa và du lịch tỉnh.",
        "Những cánh đồng hoa ở huyện Đồng Văn và Mèo Vạc nở rộ sớm hơn mọi năm nhờ thời tiết thuận lợi.",
        "Tỉnh bố trí thêm lực lượng hướng dẫn giao thông trên đèo Mã Pí Lèng để tránh ùn tắc vào giờ cao điểm.",
    ],
)


def article_page(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Thử</title></head>
<body><nav><a href="/">Trang chủ</a></nav>
<article><h1>{title}</h1><span class="date">Thứ tư, 22/10/2025, 19:25 (GMT+7)</span>
<div class="content">{body}</div></article>
<footer>Báo Thử - Giấy phép số 1/GP-BTTTT.</footer></body></html>""".encode()


# --- a small web site and the bot -----------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.server.requests.append(self.path)
        content_type, body = self.server.routes.get(self.path, ("text/plain", b""))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Site(ThreadingHTTPServer):
    routes: dict[str, tuple[str, bytes]]
    requests: list[str]
    base: str


@contextmanager
def site(routes: dict[str, tuple[str, bytes]]) -> Iterator[_Site]:
    server = _Site(("127.0.0.1", 0), _Handler)
    server.routes, server.requests = routes, []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


HTML = "text/html; charset=utf-8"


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{base}{path}</link></item>" for path in paths)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Thử</title><link>{base}/</link>{items}</channel></rss>""".encode()


@pytest.fixture
def settings(stub: BotApiStub, tmp_path: Path) -> Settings:
    return bot_settings(stub, tmp_path, admin_user_ids={USER["id"]}, hoidap_fetch_delay=0)


def deliver(stub: BotApiStub, settings: Settings, engine: Engine, *updates: dict, replies: int = 1) -> list[dict]:
    """Queue the updates, run the bot until it has sent `replies` messages; the messages sent."""
    for update in updates:
        stub.queue(update)

    async def scenario(_: Application) -> None:
        await stub.until(lambda: len(stub.sent()) >= replies)

    run_bot(settings, engine, scenario)
    return stub.sent()


def stored(db: Path) -> dict[str, dict]:
    """Every article in the database, read by an engine of its own (as another process would)."""
    with Engine(db, seeds=None) as fresh:
        return {row["doc"]: row for row in fresh.articles()}


def document_message(document: dict, chat: dict = PRIVATE_CHAT, sender: dict = USER) -> dict:
    return message(chat=chat, sender=sender, document=document)


# --- uploads ------------------------------------------------------------------------


def test_admin_text_upload_is_stored_and_the_reply_describes_it(
    stub: BotApiStub, settings: Settings, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    document = stub.add_file("cầu đi bộ.txt", BRIDGE_TEXT.encode())
    before = stored(settings.hoidap_db)

    [reply] = deliver(stub, settings, engine, document_message(document))

    assert reply["parse_mode"] == "HTML"
    assert f"<b>{BRIDGE_TITLE}</b> (22/10/2025), 3 đoạn — đã thêm" in reply["text"]
    [get_file] = stub.calls("getFile")
    assert get_file.params["file_id"] == document["file_id"]
    assert [c.params["file_path"] for c in stub.calls("download")] == ["documents/file_1.txt"]
    after = stored(settings.hoidap_db)
    assert set(after) - set(before) == {"cầu-đi-bộ"}, "the doc id is the sender's file name, sanitised"
    assert after["cầu-đi-bộ"]["title"] == BRIDGE_TITLE and after["cầu-đi-bộ"]["paragraphs"] == 3
    assert Path(after["cầu-đi-bộ"]["source"]).parent == settings.hoidap_db.parent / "uploads"
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.components.admin"]
    assert logged == ["admin upload: 1 added, 0 updated, 0 unchanged, 0 failed"], "counts only: no names, no ids"
    with Engine(settings.hoidap_db, seeds=None) as fresh:
        assert fresh.ask("Cầu đi bộ qua sông Hàn dài bao nhiêu mét?").hits[0].chunk.doc == "cầu-đi-bộ"


def test_admin_html_upload_is_stored_and_the_same_file_again_is_unchanged(
    stub: BotApiStub, settings: Settings, engine: Engine
) -> None:
    page = article_page(*BUCKWHEAT)
    first, second = stub.add_file("tam-giac-mach.html", page), stub.add_file("tam-giac-mach.html", page)

    sent = deliver(stub, settings, engine, document_message(first), document_message(second), replies=2)

    assert f"<b>{BUCKWHEAT[0]}</b> (22/10/2025), 3 đoạn — đã thêm" in sent[0]["text"]
    assert "3 đoạn — đã có, không đổi" in sent[1]["text"]
    assert stored(settings.hoidap_db)["tam-giac-mach"]["title"] == BUCKWHEAT[0]


def test_a_file_with_no_article_is_refused_with_the_reason(
    stub: BotApiStub, settings: Settings, engine: Engine
) -> None:
    before = stored(settings.hoidap_db)
    document = stub.add_file("rong.txt", b"   \n")

    [reply] = deliver(stub, settings, engine, document_message(document))

    assert "Không lưu được bài nào." in reply["text"]
    lines = reply["text"].splitlines()
    assert [line for line in lines if line.startswith("✗ rong.txt: ")], "the file named, with the reason"
    assert stored(settings.hoidap_db) == before
    assert not (settings.hoidap_db.parent / "uploads" / "rong.txt").exists(), "a file that stored nothing is not kept"


def test_stranger_upload_is_refused_without_download(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    before = stored(settings.hoidap_db)
    document = stub.add_file("cau-di-bo.txt", BRIDGE_TEXT.encode())

    [reply] = deliver(stub, settings, engine, document_message(document, chat=STRANGER_CHAT, sender=STRANGER))

    assert reply["text"] == NOT_ADMIN
    assert int(reply["chat_id"]) == STRANGER_CHAT["id"]
    assert not stub.calls("getFile") and not stub.calls("download")
    assert stored(settings.hoidap_db) == before
    assert not (settings.hoidap_db.parent / "uploads").exists()


def test_admin_commands_outside_a_private_chat_are_refused(
    stub: BotApiStub, settings: Settings, engine: Engine
) -> None:
    before = stored(settings.hoidap_db)

    sent = deliver(
        stub,
        settings,
        engine,
        message("/them http://127.0.0.1:9/bai.html", chat=GROUP_CHAT, sender=USER),
        message("/them http://127.0.0.1:9/bai.html", chat=GROUP_CHAT, sender=STRANGER),
        replies=2,
    )

    assert [s["text"] for s in sent] == [PRIVATE_ONLY, NOT_ADMIN]
    assert stored(settings.hoidap_db) == before


@pytest.mark.parametrize(
    ("name", "size", "refusal"),
    [
        ("bao-cao.txt", 20 * 1024 * 1024 + 1, TOO_LARGE),
        ("anh.png", 1000, UNSUPPORTED),
        ("bang-tinh.xlsx", 1000, UNSUPPORTED),
    ],
)
def test_upload_is_refused_before_download(
    stub: BotApiStub, settings: Settings, engine: Engine, name: str, size: int, refusal: str
) -> None:
    before = stored(settings.hoidap_db)
    document = stub.add_file(name, BRIDGE_TEXT.encode(), size=size)

    [reply] = deliver(stub, settings, engine, document_message(document))

    assert reply["text"] == refusal
    assert not stub.calls("getFile") and not stub.calls("download")
    assert stored(settings.hoidap_db) == before


def test_without_admins_documents_and_them_get_the_usual_replies(
    stub: BotApiStub, tmp_path: Path, engine: Engine
) -> None:
    settings = bot_settings(stub, tmp_path)  # ADMIN_USER_IDS not set: nobody adds through the bot
    document = stub.add_file("cau-di-bo.txt", BRIDGE_TEXT.encode())

    sent = deliver(stub, settings, engine, document_message(document), message("/them http://x.vn/a"), replies=2)

    assert [s["text"] for s in sent] == [NOT_TEXT, UNKNOWN_COMMAND]
    assert not stub.calls("getFile")


def test_upload_names_are_sanitised() -> None:
    def named(name: str | None, mime_type: str | None = None) -> str | None:
        return upload_name(Document("F", "UQ", file_name=name, mime_type=mime_type))

    assert named("Báo cáo (bản cuối).PDF") == "Báo-cáo-bản-cuối.pdf"
    assert named("../../etc/passwd.txt") == "passwd.txt"
    assert named("tin.html") == "tin.html" and named("tin.htm") == "tin.htm"
    assert named("bai.docx") == "bai.docx" and named("bai.jsonl") == "bai.jsonl"
    assert named("anh.png") is None and named("khong-duoi") is None
    assert named(None, "text/plain") == "tep-UQ.txt"
    assert named("....txt") == "tep-UQ.txt"


# --- /them --------------------------------------------------------------------------


def test_them_url_stores_the_page(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    with site({"/cho-noi.html": (HTML, article_page(*MARKET))}) as web:
        url = web.base + "/cho-noi.html"
        [reply] = deliver(stub, settings, engine, message(f"/them {url}"))
        assert "/cho-noi.html" in web.requests

    assert f"<b>{MARKET[0]}</b> (22/10/2025), 2 đoạn — đã thêm" in reply["text"]
    [row] = [row for row in stored(settings.hoidap_db).values() if row["url"] == url]
    assert row["title"] == MARKET[0] and row["paragraphs"] == 2


def test_them_reports_why_a_url_failed(stub: BotApiStub, settings: Settings, engine: Engine) -> None:
    before = stored(settings.hoidap_db)
    with site({}) as web:
        url = web.base + "/khong-co.html"
        sent = deliver(stub, settings, engine, message(f"/them {url}"), message("/them khong-phai-url"), replies=2)

    assert sent[0]["text"].splitlines()[-1].startswith(f"✗ {url}: "), sent[0]["text"]
    assert "404" in sent[0]["text"]
    assert sent[1]["text"] == USAGE_THEM
    assert stored(settings.hoidap_db) == before


# --- feeds on a schedule ------------------------------------------------------------


def test_refresh_stores_only_what_is_new(tmp_path: Path, engine: Engine) -> None:
    routes: dict[str, tuple[str, bytes]] = {
        "/cho-noi.html": (HTML, article_page(*MARKET)),
        "/tam-giac-mach.html": (HTML, article_page(*BUCKWHEAT)),
    }
    with site(routes) as web:
        routes["/rss"] = ("application/rss+xml", rss(web.base, ["/cho-noi.html"]))
        with Fetcher(delay=0) as fetcher:
            first = refresh(engine, fetcher, [web.base + "/rss"])
            routes["/rss"] = ("application/rss+xml", rss(web.base, ["/cho-noi.html", "/tam-giac-mach.html"]))
            web.requests.clear()
            second = refresh(engine, fetcher, [web.base + "/rss"])

    assert [(s.title, s.status) for s in first.stored] == [(MARKET[0], "added")]
    assert [(s.title, s.status) for s in second.stored] == [(BUCKWHEAT[0], "added")]
    assert "/cho-noi.html" not in web.requests, "an article already stored is not fetched again"
    assert not first.failures and not second.failures


def test_feeds_job_ingests_a_feed_while_the_bot_runs(
    stub: BotApiStub, tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(bot.components.feeds, "FIRST_SECONDS", 0.05)
    routes: dict[str, tuple[str, bytes]] = {"/cho-noi.html": (HTML, article_page(*MARKET))}
    with site(routes) as web:
        routes["/rss"] = ("application/rss+xml", rss(web.base, ["/cho-noi.html", "/mat-tich.html"]))
        settings = bot_settings(stub, tmp_path, feeds=[web.base + "/rss"], refresh_minutes=1, hoidap_fetch_delay=0)

        async def scenario(application: Application) -> None:
            [job] = application.job_queue.get_jobs_by_name("feeds")
            assert job.job.trigger.interval.total_seconds() == 60
            await stub.until(lambda: any(r.name == "bot.components.feeds" for r in caplog.records))

        run_bot(settings, engine, scenario)

    assert [row["title"] for row in stored(settings.hoidap_db).values() if row["url"]] == [MARKET[0]]
    [line] = [r for r in caplog.records if r.name == "bot.components.feeds"]
    assert (line.levelname, line.getMessage()) == (
        "INFO",
        "feeds refreshed: 1 added, 0 updated, 0 unchanged, 1 failed",
    )


def test_a_failing_refresh_is_one_warning_and_the_bot_goes_on(
    stub: BotApiStub, tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(bot.components.feeds, "FIRST_SECONDS", 0.05)

    def broken(*_: Any, **__: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(bot.components.feeds, "refresh", broken)
    settings = bot_settings(stub, tmp_path, feeds=["http://127.0.0.1:9/rss"])
    stub.queue(message("Thái Nguyên tổ chức hội nghị TTĐN khi nào?"))

    async def scenario(_: Application) -> None:
        await stub.until(lambda: any(r.name == "bot.components.feeds" for r in caplog.records) and stub.sent())

    run_bot(settings, engine, scenario)

    [line] = [r for r in caplog.records if r.name == "bot.components.feeds"]
    assert (line.levelname, line.getMessage()) == ("WARNING", "feeds refresh failed: OSError: disk full")
    assert not line.exc_info, "one line, no traceback"
    assert stub.sent()[0]["text"].startswith("<b>Trả lời:"), "questions are still answered"


def test_without_feeds_no_job_is_scheduled(stub: BotApiStub, tmp_path: Path, engine: Engine) -> None:
    application = build_application(bot_settings(stub, tmp_path), engine)
    assert application.job_queue is not None and not application.job_queue.jobs()


# --- settings -----------------------------------------------------------------------


def test_admin_ids_and_feeds_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env is read
    monkeypatch.setenv("ADMIN_USER_IDS", "1001, 2002 3003")
    monkeypatch.setenv("FEEDS", "https://a.vn/rss, http://b.vn/sitemap.xml\nhttps://c.vn/feed")
    monkeypatch.setenv("REFRESH_MINUTES", "15")
    settings = load_settings()
    assert settings.admin_user_ids == {1001, 2002, 3003}
    assert settings.feeds == ("https://a.vn/rss", "http://b.vn/sitemap.xml", "https://c.vn/feed")
    assert settings.refresh_minutes == 15

    for name in ("ADMIN_USER_IDS", "FEEDS", "REFRESH_MINUTES"):
        monkeypatch.setenv(name, "")
    monkeypatch.delenv("REFRESH_MINUTES")
    empty = load_settings()
    assert empty.admin_user_ids == frozenset() and empty.feeds == () and empty.refresh_minutes == 60


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_USER_IDS", "1001, lan"),
        ("ADMIN_USER_IDS", "-5"),
        ("FEEDS", "https://a.vn/rss, a.vn/rss"),
        ("FEEDS", "ftp://a.vn/rss"),
        ("REFRESH_MINUTES", "0"),
    ],
)
def test_malformed_admin_and_feed_settings_are_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    text = str(raised.value)
    assert text.startswith(f"setting {name} is invalid") and "\n" not in text
