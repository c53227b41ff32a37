"""Articles from the web, against a small site served on 127.0.0.1: pages, feeds, sitemaps, politeness, failures."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.render import answer_text, hit_html
from helpers import invoke, json_lines
from retrieval.engine import Engine, Hit
from retrieval.fetch import USER_AGENT, Fetcher, FetchError, Page, discover, doc_id
from retrieval.store import Chunk, Store

Handler = Callable[[BaseHTTPRequestHandler], None]
Route = tuple[int, dict[str, str], bytes] | Handler


def article_page(title: str, paragraphs: list[str], head: str = "") -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Thử</title>{head}</head>
<body><nav><a href="/">Trang chủ</a> <a href="/xa-hoi">Xã hội</a></nav>
<article><h1>{title}</h1><span class="date">Thứ tư, 22/10/2025, 19:25 (GMT+7)</span>
<div class="content">{body}</div></article>
<footer>Báo Thử - Giấy phép số 1/GP-BTTTT.</footer></body></html>""".encode()


BRIDGE = (
    "Đà Nẵng khai trương cầu đi bộ mới bắc qua sông Hàn",
    [
        "Sáng 22/10, thành phố Đà Nẵng khai trương cây cầu đi bộ dài 420 mét bắc qua sông Hàn, nối hai quận "
        "Hải Châu và Sơn Trà, sau hai năm thi công.",
        "Cây cầu có kinh phí 95 tỷ đồng, mặt cầu lát gỗ, hai bên có lan can kính và hệ thống đèn chiếu sáng "
        "đổi màu vào buổi tối cho du khách ngắm cảnh.",
        "Theo ban quản lý dự án, cầu mở cửa từ 5 giờ sáng đến 23 giờ mỗi ngày và không thu phí người đi bộ.",
    ],
)
BUCKWHEAT = (
    "Hà Giang đón hơn ba mươi nghìn du khách dịp lễ hội hoa tam giác mạch",
    [
        "Lễ hội hoa tam giác mạch năm nay ở Hà Giang thu hút hơn ba mươi nghìn lượt du khách trong ba ngày "
        "cuối tuần, theo sở văn hóa và du lịch tỉnh.",
        "Những cánh đồng hoa ở huyện Đồng Văn và Mèo Vạc nở rộ sớm hơn mọi năm nhờ thời tiết thuận lợi, "
        "các homestay trong vùng kín phòng từ giữa tuần.",
        "Tỉnh bố trí thêm lực lượng hướng dẫn giao thông trên đèo Mã Pí Lèng để tránh ùn tắc vào giờ cao điểm.",
    ],
)
MARKET = (
    "Cần Thơ mở rộng chợ nổi Cái Răng phục vụ khách quốc tế",
    [
        "Thành phố Cần Thơ vừa phê duyệt đề án mở rộng chợ nổi Cái Răng với thêm hai bến thuyền và một khu "
        "ẩm thực ven sông dành cho khách quốc tế.",
        "Các tiểu thương được hỗ trợ học ngoại ngữ giao tiếp cơ bản và thanh toán không dùng tiền mặt.",
        "Đề án dự kiến hoàn thành trước mùa du lịch cuối năm, khi lượng khách đến miền Tây tăng mạnh.",
    ],
)
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: hoidap\nDisallow: /private/\nDisallow: /not-for-bots/\n"


@dataclass
class Site:
    """A small web site: path (with query) -> (status, headers, body), or a handler that answers itself."""

    routes: dict[str, Route]
    base: str = ""
    requests: list[tuple[str, str, float]] = field(default_factory=list)  # (path, User-Agent, when)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        site = self.server.site
        site.requests.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        route = site.routes.get(self.path, (404, {}, b"not here"))
        if callable(route):
            route(self)
            return
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    site: Site


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site(routes, f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()


def _slow(handler: BaseHTTPRequestHandler) -> None:
    try:
        time.sleep(2)
        handler.send_response(200)
        handler.end_headers()
    except OSError:
        pass  # the client gave up long ago


def _streamed_large(handler: BaseHTTPRequestHandler) -> None:
    # No Content-Length: only reading tells how large it is.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True
    try:
        for _ in range(40):
            handler.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
    except OSError:
        pass  # the client stopped reading at its cap


def _redirect(to: str) -> tuple[int, dict[str, str], bytes]:
    return 301, {"Location": to}, b""


def news_site(base: str = "") -> dict[str, Route]:
    """The routes of a news site; absolute links in its feed and sitemaps start with base."""
    bridge = article_page(*BRIDGE, head='<link rel="canonical" href="/bai-viet/cau-di-bo">')
    buckwheat = article_page(*BUCKWHEAT, head=f'<meta property="og:url" content="{base}/bai-viet/tam-giac-mach">')
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Thử - Du lịch</title><link>{base}/</link>
<item><title>{BRIDGE[0]}</title><link>{base}/tin/cau-di-bo?utm_source=rss</link></item>
<item><title>{BUCKWHEAT[0]}</title><link>{base}/tin/tam-giac-mach</link></item>
</channel></rss>"""
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Báo Thử</title>
<entry><title>{MARKET[0]}</title><link rel="alternate" href="{base}/tin/cho-noi"/></entry>
</feed>"""
    urlset = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/tin/cau-di-bo</loc><lastmod>2025-10-20</lastmod></url>
<url><loc>{base}/tin/tam-giac-mach</loc><lastmod>2025-10-22T08:00:00+07:00</lastmod></url>
<url><loc>{base}/tin/cho-noi</loc></url>
</urlset>"""
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-missing.xml</loc></sitemap>
<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>
</sitemapindex>"""
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS),
        "/tin/cau-di-bo?utm_source=rss": (200, HTML, bridge),
        "/tin/cau-di-bo": (200, HTML, bridge),
        "/tin/tam-giac-mach": (200, HTML, buckwheat),
        "/tin/cho-noi": (200, HTML, article_page(*MARKET)),
        "/cu/cho-noi": _redirect("/tin/cho-noi"),
        "/vong": _redirect("/vong"),
        "/private/bi-mat": (200, HTML, article_page(*MARKET)),
        "/not-for-bots/bai": (200, HTML, article_page(*MARKET)),
        "/rss": (200, {"Content-Type": "application/rss+xml"}, rss.encode()),
        "/atom": (200, {"Content-Type": "application/atom+xml"}, atom.encode()),
        "/rss-empty": (200, XML, b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>"),
        "/sitemap-news.xml": (200, XML, urlset.encode()),
        "/sitemap.xml": (200, {"Content-Type": "text/xml"}, index.encode()),
        "/cham": _slow,
        "/lon": (200, HTML, b"<p>" + b"x" * 300_000 + b"</p>"),
        "/lon-dan": _streamed_large,
        "/anh.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
        "/loi": (503, HTML, b"down"),
    }


@pytest.fixture
def site() -> Iterator[Site]:
    with serving({}) as running:
        running.routes.update(news_site(running.base))
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(delay=0, timeout=0.5, max_bytes=200_000) as polite:
        yield polite


def test_page_is_fetched_with_its_canonical_url_and_a_named_user_agent(site: Site, fetcher: Fetcher):
    page = fetcher.page(site.url("/tin/cau-di-bo?utm_source=rss"))
    assert page.canonical == site.url("/bai-viet/cau-di-bo"), "the canonical link, made absolute"
    assert page.url == page.final_url == site.url("/tin/cau-di-bo?utm_source=rss")
    assert "Đà Nẵng khai trương" in page.html
    assert site.paths() == ["/robots.txt", "/tin/cau-di-bo?utm_source=rss"], "robots.txt is read first"
    agents = {agent for _, agent, _ in site.requests}
    assert agents == {USER_AGENT} and USER_AGENT.startswith("hoidap/")


def test_og_url_stands_in_for_canonical_and_the_final_url_for_both(site: Site, fetcher: Fetcher):
    assert fetcher.page(site.url("/tin/tam-giac-mach")).canonical == site.url("/bai-viet/tam-giac-mach")
    moved = fetcher.page(site.url("/cu/cho-noi"))
    assert moved.final_url == moved.canonical == site.url("/tin/cho-noi"), "redirect followed"
    assert moved.url == site.url("/cu/cho-noi")


def test_robots_txt_is_obeyed_for_every_agent_and_for_hoidap_by_name(site: Site, fetcher: Fetcher):
    for path in ("/private/bi-mat", "/not-for-bots/bai"):
        with pytest.raises(FetchError, match="forbidden by robots.txt"):
            fetcher.get(site.url(path))
    assert "/private/bi-mat" not in site.paths() and "/not-for-bots/bai" not in site.paths()
    assert site.paths().count("/robots.txt") == 1, "read once per site"


def test_missing_robots_txt_allows_all_and_a_failing_one_allows_nothing(fetcher: Fetcher):
    page = article_page(*MARKET)
    with serving({"/private/bai": (200, HTML, page)}) as open_site:
        assert fetcher.page(open_site.url("/private/bai")).html == page.decode()
    with serving({"/robots.txt": (500, {}, b""), "/bai": (200, HTML, page)}) as broken:
        with pytest.raises(FetchError, match=r"robots.txt unavailable \(HTTP 500\)"):
            fetcher.get(broken.url("/bai"))
        assert broken.paths() == ["/robots.txt"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/khong-co", "HTTP 404 Not Found"),
        ("/loi", "HTTP 503 Service Unavailable"),
        ("/cham", "timed out (no answer within 0.5 s)"),
        ("/lon", "page larger than 0.2 MB"),
        ("/lon-dan", "page larger than 0.2 MB"),
        ("/anh.png", "not HTML (content type image/png)"),
        ("/vong", "too many redirects (more than 5)"),
    ],
)
def test_a_url_that_fails_says_why(site: Site, fetcher: Fetcher, path: str, reason: str):
    with pytest.raises(FetchError) as failure:
        fetcher.page(site.url(path))
    assert str(failure.value) == reason


def test_refused_connection_is_named_and_the_host_not_asked_again(fetcher: Fetcher):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once it is closed
    for path in ("/a", "/b"):
        with pytest.raises(FetchError, match="connection refused"):
            fetcher.get(f"http://127.0.0.1:{port}{path}")


def test_unknown_host_is_named(fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch):
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # No resolver is asked: the answer one gives for a name that does not exist.
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match=r"^host not found \(Name or service not known\)$"):
        fetcher.get("http://bao-khong-co.invalid/tin")


def test_requests_to_one_host_wait_for_the_delay(site: Site):
    with Fetcher(delay=0.2, timeout=2) as slow:
        slow.get(site.url("/tin/cho-noi"))
        slow.get(site.url("/tin/cau-di-bo"))
    times = [when for _, _, when in site.requests]
    assert len(times) == 3  # robots.txt, then two pages
    assert all(later - earlier >= 0.19 for earlier, later in zip(times, times[1:]))


def test_feeds_list_their_articles(site: Site, fetcher: Fetcher):
    found = discover(fetcher, [site.url("/rss"), site.url("/atom"), site.url("/rss-empty")])
    assert found.items == [
        site.url("/tin/cau-di-bo?utm_source=rss"),
        site.url("/tin/tam-giac-mach"),
        site.url("/tin/cho-noi"),
    ]
    assert found.failures == [(site.url("/rss-empty"), "an RSS/Atom feed that lists no articles")]
    assert discover(fetcher, [site.url("/rss")], limit=1).items == [site.url("/tin/cau-di-bo?utm_source=rss")]


def test_sitemaps_list_articles_newest_first_and_an_index_its_sitemaps(site: Site, fetcher: Fetcher):
    newest_first = [site.url("/tin/tam-giac-mach"), site.url("/tin/cau-di-bo"), site.url("/tin/cho-noi")]
    assert discover(fetcher, [site.url("/sitemap-news.xml")]).items == newest_first
    found = discover(fetcher, [site.url("/sitemap.xml")], limit=2)
    assert found.items == newest_first[:2]
    assert found.failures == [(site.url("/sitemap-missing.xml"), "HTTP 404 Not Found")]


def test_a_page_given_directly_is_fetched_once(site: Site, fetcher: Fetcher):
    found = discover(fetcher, [site.url("/tin/cho-noi"), site.url("/tin/cho-noi")])
    assert [type(item) for item in found.items] == [Page]
    assert site.paths().count("/tin/cho-noi") == 1


def test_engine_ingests_a_feed_keeps_the_url_and_reports_what_failed(site: Site, fetcher: Fetcher, tmp_path: Path):
    engine = Engine(tmp_path / "web.db", seeds=None)
    feeds = [site.url("/rss"), site.url("/atom")]
    report = engine.ingest([*feeds, site.url("/private/bi-mat"), site.url("/khong-co")], fetcher=fetcher)

    bridge, buckwheat, market = (
        site.url(p) for p in ("/bai-viet/cau-di-bo", "/bai-viet/tam-giac-mach", "/tin/cho-noi")
    )
    assert [(c.doc, c.status) for c in report.changes] == [(doc_id(u), "added") for u in (bridge, buckwheat, market)]
    assert dict(report.failures) == {
        site.url("/private/bi-mat"): "forbidden by robots.txt",
        site.url("/khong-co"): "HTTP 404 Not Found",
    }
    [first, *_] = engine.article(doc_id(bridge))
    assert first.url == bridge and first.source == site.url("/tin/cau-di-bo?utm_source=rss")
    assert first.title == BRIDGE[0]

    answer = engine.ask("Cầu đi bộ qua sông Hàn dài bao nhiêu mét?")
    assert answer.hits[0].chunk.url == bridge and answer.hits[0].to_json()["url"] == bridge

    generation = engine.store.generation
    again = engine.ingest(feeds, fetcher=fetcher)
    assert again.count("unchanged") == 3 and engine.store.generation == generation, "an unchanged page changes nothing"

    said = [*BUCKWHEAT[1][:2], "Năm nay tỉnh lần đầu mở tuyến xe buýt du lịch."]
    changed = article_page(BUCKWHEAT[0], said, head=f'<meta property="og:url" content="{buckwheat}">')
    site.routes["/tin/tam-giac-mach"] = (200, HTML, changed)
    assert [c.status for c in engine.ingest([site.url("/tin/tam-giac-mach")], fetcher=fetcher).changes] == ["updated"]
    assert [c.text for c in engine.article(doc_id(buckwheat))] == said, "the page's paragraphs replaced"


def test_an_older_database_gets_the_url_column_and_keeps_its_rows(tmp_path: Path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute(
            "create table documents (doc text primary key, source text not null, sha256 text not null, "
            "title text not null, date text, time text, author text)"
        )
        old.execute("insert into documents values ('d1', 'seeds/d1.txt', 'abc', 'Tiêu đề', '2024-07-03', null, null)")
    old.close()
    store = Store(path)
    assert "url" in store.db["documents"].columns_dict
    assert list(store.db.query("select doc, title, url from documents")) == [
        {"doc": "d1", "title": "Tiêu đề", "url": None}
    ]


def test_a_web_hit_links_its_title_in_telegram_and_shows_its_url_in_the_terminal():
    url = "https://bao.example/bai?id=1&x=<2>"
    chunk = Chunk(1, "web-1", "Cầu & sông", "2025-10-22", "https://bao.example/tin", 1, "Cây cầu dài 420 mét.", url)
    hit = Hit(chunk, 1.0)
    assert '<i><a href="https://bao.example/bai?id=1&amp;x=&lt;2&gt;">Cầu &amp; sông</a> (22/10/2025), đoạn 1</i>' in (
        hit_html(1, hit)
    )
    hit.chunk = replace(chunk, url="javascript:alert(1)")
    assert "<a " not in hit_html(1, hit), "only http(s) addresses become links"
    from retrieval.engine import Answer

    hit.chunk = chunk
    shown = answer_text(Answer("q", None, [hit], "what")).splitlines()
    assert f"{url} · điểm 1.00" in shown


def test_cli_ingests_a_feed_and_asks_with_the_url_in_the_json(site: Site, tmp_path: Path):
    db, feeds = str(tmp_path / "cli.db"), [site.url("/rss"), site.url("/atom")]
    result = invoke("ingest", "--json", "--db", db, "--delay", "0", *feeds, site.url("/khong-co"))
    assert result.exit_code == 1, "a URL failed"
    summary = json_lines(result.stdout)[0]
    bridge = site.url("/bai-viet/cau-di-bo")
    assert summary["added"] == [
        doc_id(site.url(p)) for p in ("/bai-viet/cau-di-bo", "/bai-viet/tam-giac-mach", "/tin/cho-noi")
    ]
    assert summary["failed"] == [{"path": site.url("/khong-co"), "reason": "HTTP 404 Not Found"}]
    assert f"error: {site.url('/khong-co')}: HTTP 404 Not Found" in result.stderr

    [answer] = json_lines(invoke("ask", "--json", "--db", db, "Cầu đi bộ qua sông Hàn dài bao nhiêu mét?").stdout)
    assert answer["hits"][0]["url"] == bridge
