"""Articles from the web: a page, or the pages an RSS/Atom feed or a sitemap lists.

Fetching is polite and bounded: hoidap names itself (and its version) in the User-Agent,
obeys robots.txt, asks one host for one thing at a time with a pause between requests,
gives up on a slow server, stops reading a page past a size cap, and follows only a few
redirects. A URL that cannot be had raises FetchError with a reason a reader understands.
"""

from __future__ import annotations

# httpx, lxml, feedparser, trafilatura and urllib.robotparser (which loads ssl) are imported in
# the functions that use them: a process that only answers questions never fetches a page, and
# should not pay for loading them.
import hashlib
import re
import socket
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from urllib.robotparser import RobotFileParser

    import httpx
    from lxml import etree

DEFAULT_DELAY = 1.0  # seconds between two requests to the same host
DEFAULT_TIMEOUT = 15.0  # seconds to connect, and between two reads of an answer
DEFAULT_LIMIT = 200  # articles taken from one feed or sitemap
MAX_BYTES = 10_000_000  # a news page is far smaller: past this it is not one
MAX_REDIRECTS = 5
ROBOTS_BYTES = 500_000  # robots.txt past this is read only this far, as the big crawlers do
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay is obeyed up to this, so one site cannot stall an ingest
MAX_SITEMAPS = 20  # child sitemaps of a sitemap index fetched for one ingest
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


@cache
def _xml_parser() -> etree.XMLParser:
    """The parser for someone else's XML: entities are never expanded and nothing is fetched."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def _version() -> str:
    try:
        return version("hoidap")
    except PackageNotFoundError:
        return "dev"


USER_AGENT = f"hoidap/{_version()} (question answering over Vietnamese news; polite fetcher, obeys robots.txt)"
ROBOTS_AGENT = "hoidap"  # the name a robots.txt group addresses us by


class FetchError(ValueError):
    """A URL that cannot be had; the message is the reason."""


def is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def doc_id(url: str) -> str:
    """The document id of a web page: stable across runs, short enough for Telegram's callback data."""
    return "web-" + hashlib.sha256(url.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content_type: str  # the media type alone, lower case; "" when the server gave none
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class Page:
    """A fetched HTML page."""

    url: str  # as asked for
    final_url: str  # after redirects
    canonical: str  # <link rel=canonical>, else og:url, else final_url
    html: str


@dataclass
class Found:
    """What a list of URLs leads to: pages already fetched, article URLs still to fetch, and failures."""

    items: list[Page | str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def _reason(error: httpx.HTTPError, timeout: float) -> str:
    """A network failure in a reader's words, from the OS error beneath httpx's."""
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return f"timed out (no answer within {timeout:g} s)"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not a valid http(s) URL ({error})"
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return f"host not found ({cause.strerror or cause})"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect ({error})"
    return f"connection failed ({error or type(error).__name__})"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Fetcher:
    """One polite HTTP client for one ingest; not for use from two threads at once.

    Requests go out one at a time, so a host never has two of ours open; between two
    requests to the same host at least `delay` seconds pass (more if its robots.txt asks).
    """

    def __init__(
        self,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        transport: httpx.BaseTransport | None = None,
    ):
        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._transport = transport
        self._client: httpx.Client | None = None
        self._last: dict[str, float] = {}  # origin -> when its last answer ended
        self._robots: dict[str, RobotFileParser | None] = {}  # None: no rules, everything allowed
        self._down: dict[str, str] = {}  # origin -> why it could not be reached: not asked again

    @property
    def client(self) -> httpx.Client:
        import httpx

        # Made on first use: an ingest of files alone never pays for a TLS context.
        if self._client is None:
            self._client = httpx.Client(
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                    "application/xml;q=0.9,*/*;q=0.5",
                    "Accept-Language": "vi,en;q=0.5",
                },
                timeout=self.timeout,
                follow_redirects=False,  # each hop is checked against robots.txt and the redirect bound
                transport=self._transport,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- requests -----------------------------------------------------------------

    def get(self, url: str) -> Response:
        """The answer to a GET of url, after redirects; raises FetchError with the reason it failed."""
        for _ in range(self.max_redirects + 1):
            if not is_url(url):
                raise FetchError(f"not an http(s) URL: {url}")
            self._check_robots(url)
            response, location = self._request(url, self.max_bytes)
            if location is None:
                return response
            url = urljoin(url, location)
        raise FetchError(f"too many redirects (more than {self.max_redirects})")

    def page(self, item: Page | str) -> Page:
        """The HTML page at a URL (or the one already fetched); raises FetchError if it is not one."""
        if isinstance(item, Page):
            return item
        response = self.get(item)
        kind = kind_of(response)
        if kind != "html":
            raise FetchError(f"not an article page ({_KIND_NAMES.get(kind, kind)})")
        return page_of(item, response)

    def _request(self, url: str, cap: int, robots: bool = False) -> tuple[Response, str | None]:
        """One request: the answer, and where it redirects to if it does."""
        import httpx

        origin = _origin(url)
        if origin in self._down:
            raise FetchError(self._down[origin])
        self._wait(origin)
        try:
            with self.client.stream("GET", url) as answer:
                status = answer.status_code
                if status in _REDIRECTS and "location" in answer.headers:
                    return Response(str(answer.url), status, "", None, b""), answer.headers["location"]
                if status >= 400:
                    if robots:
                        return Response(str(answer.url), status, "", None, b""), None
                    raise FetchError(f"HTTP {status} {answer.reason_phrase}".rstrip())
                body = self._read(answer, cap, truncate=robots)
                media, _, params = answer.headers.get("content-type", "").partition(";")
                charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.I)
                content_type = media.strip().lower()
                return Response(str(answer.url), status, content_type, charset and charset.group(1), body), None
        except httpx.HTTPError as error:
            reason = _reason(error, self.timeout)
            if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
                self._down[origin] = reason  # the next URL on this host would wait as long for the same answer
            raise FetchError(reason) from None
        finally:
            self._last[origin] = time.monotonic()

    def _read(self, answer: httpx.Response, cap: int, truncate: bool) -> bytes:
        declared = answer.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > cap:
            raise FetchError(f"page larger than {megabytes(cap)}")
        # The read timeout bounds each wait; this bounds a server that trickles a byte at a time.
        deadline = time.monotonic() + 4 * self.timeout
        chunks, size = [], 0
        for chunk in answer.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                if truncate:
                    return b"".join(chunks)[:cap]
                raise FetchError(f"page larger than {megabytes(cap)}")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out (the page took longer than {4 * self.timeout:g} s)")
        return b"".join(chunks)

    def _wait(self, origin: str) -> None:
        robots = self._robots.get(origin)
        asked = robots.crawl_delay(ROBOTS_AGENT) if robots else None
        delay = max(self.delay, min(float(asked or 0), MAX_CRAWL_DELAY))
        if origin in self._last:
            pause = self._last[origin] + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    # --- robots.txt ---------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        if origin not in self._robots:
            try:
                self._robots[origin] = self._load_robots(origin)
            except FetchError as error:
                # A site that cannot answer for its robots.txt is not asked for each of its pages in turn.
                self._down.setdefault(origin, str(error))
                raise
        robots = self._robots[origin]
        if robots is not None and not robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError("forbidden by robots.txt")

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The site's rules; None (all allowed) when it has no robots.txt.

        As RFC 9309 says: a 4xx answer means no rules; a 5xx one means the site cannot say
        what it allows, so nothing is fetched from it.
        """
        from urllib.robotparser import RobotFileParser

        url = f"{origin}/robots.txt"
        for _ in range(self.max_redirects + 1):
            response, location = self._request(url, ROBOTS_BYTES, robots=True)
            if location is None:
                break
            url = urljoin(url, location)
            if not is_url(url):
                return None
        else:
            return None
        if response.status >= 500:
            reason = f"robots.txt unavailable (HTTP {response.status})"
            self._down[origin] = reason
            raise FetchError(reason)
        if response.status >= 400:
            return None
        rules = RobotFileParser(url)
        rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return rules


# --- what a response is -------------------------------------------------------------

_KIND_NAMES = {"feed": "an RSS/Atom feed", "sitemap": "a sitemap"}


def _xml_root(body: bytes) -> str | None:
    """The local name of an XML document's root element, lower case; None if it is not XML."""
    from lxml import etree

    try:
        root = etree.fromstring(body, _xml_parser())
    except etree.XMLSyntaxError:
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return etree.QName(root).localname.lower()


def _unzipped(body: bytes) -> bytes:
    """A gzipped body (a sitemap.xml.gz) unpacked, within the size cap."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(body, MAX_BYTES + 1)
    except zlib.error as error:
        raise FetchError(f"broken gzip data ({error})") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"page larger than {megabytes(MAX_BYTES)} unpacked")
    return data


def kind_of(response: Response) -> str:
    """What a response holds: "html", "feed" or "sitemap"; anything else raises FetchError saying what it is."""
    if response.content_type in _HTML_TYPES:
        return "html"
    body = _unzipped(response.body) if response.body.startswith(b"\x1f\x8b") else response.body
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    xmlish = response.content_type.endswith(("/xml", "+xml")) or head.startswith((b"<?xml", b"<rss", b"<feed"))
    if xmlish or head.startswith((b"<urlset", b"<sitemapindex")):
        root = _xml_root(body)
        if root in _SITEMAP_ROOTS:
            return "sitemap"
        if root in _FEED_ROOTS:
            return "feed"
        if root == "html":
            return "html"
    unnamed = not response.content_type or response.content_type in ("text/plain", "application/octet-stream")
    if unnamed and head.startswith((b"<!doctype html", b"<html")):
        return "html"
    raise FetchError(f"not HTML (content type {response.content_type or 'not given'})")


def _decoded(response: Response) -> str:
    import trafilatura.utils

    charset = response.charset
    if charset is None and (declared := _META_CHARSET.search(response.body[:4096])):
        charset = declared.group(1).decode("ascii", errors="replace")
    if charset:
        try:
            return response.body.decode(charset, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess as if none were named
    return trafilatura.utils.decode_file(response.body)


def canonical_url(html: str, final_url: str) -> str:
    """The article's own address: <link rel=canonical>, else og:url, else where the fetch ended."""
    import lxml.html
    from lxml import etree

    ended = final_url.split("#", 1)[0]
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ended
    named = [
        *(e.get("href") for e in tree.iter("link") if "canonical" in (e.get("rel") or "").lower().split()),
        *(e.get("content") for e in tree.iter("meta") if (e.get("property") or e.get("name")) == "og:url"),
    ]
    for address in named:
        if address and address.strip():
            resolved = urljoin(final_url, address.strip())
            if is_url(resolved):
                return resolved.split("#", 1)[0]
    return ended


def page_of(url: str, response: Response) -> Page:
    html = _decoded(response)
    return Page(url, response.url, canonical_url(html, response.url), html)


# --- feeds and sitemaps -------------------------------------------------------------


def feed_links(response: Response) -> list[str]:
    """The article URLs an RSS or Atom feed lists, in its order."""
    import feedparser

    parsed = feedparser.parse(
        response.body, response_headers={"content-location": response.url, "content-type": "application/xml"}
    )
    links = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (x.get("href") for x in entry.get("links", []) if x.get("rel", "alternate") == "alternate"), None
        )
        if link:
            links.append(urljoin(response.url, link.strip()))
    return [link for link in links if is_url(link)]


def _when(text: str | None) -> datetime:
    """A sitemap lastmod as an aware time; the oldest possible when missing or unreadable."""
    oldest = datetime(1, 1, 2, tzinfo=UTC)  # a day after the minimum: any offset still compares
    if not text:
        return oldest
    try:
        stamp = datetime.fromisoformat(text.strip())
    except ValueError:
        return oldest
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def sitemap_entries(body: bytes) -> tuple[str, list[str]]:
    """The root ("urlset" or "sitemapindex") and the addresses listed, the most recently changed first."""
    from lxml import etree

    root = etree.fromstring(_unzipped(body), _xml_parser())
    if root is None:
        raise FetchError("not a readable sitemap")
    kind = etree.QName(root).localname.lower()
    listed = []
    for entry in root:
        if not isinstance(entry.tag, str) or etree.QName(entry).localname.lower() not in ("url", "sitemap"):
            continue
        fields = {etree.QName(child).localname.lower(): (child.text or "").strip() for child in entry}
        if is_url(fields.get("loc", "")):
            listed.append((fields["loc"], _when(fields.get("lastmod"))))
    # Stable: entries without a date keep the sitemap's own order, after the dated ones.
    listed.sort(key=lambda pair: pair[1], reverse=True)
    return kind, [loc for loc, _ in listed]


def _sitemap_links(fetcher: Fetcher, response: Response, limit: int, found: Found) -> list[str]:
    kind, listed = sitemap_entries(response.body)
    if kind == "urlset":
        return listed[:limit]
    links: list[str] = []
    pending = listed[:MAX_SITEMAPS]  # a nested index is read too, within the same bound
    fetched = 0
    while pending and len(links) < limit and fetched < MAX_SITEMAPS:
        child = pending.pop(0)
        fetched += 1
        try:
            answer = fetcher.get(child)
            if kind_of(answer) != "sitemap":
                raise FetchError("not a sitemap")
            inner, more = sitemap_entries(answer.body)
        except FetchError as error:
            found.failures.append((child, str(error)))
            continue
        if inner == "urlset":
            links.extend(more[: limit - len(links)])
        else:
            pending.extend(more)
    return links


def discover(fetcher: Fetcher, urls: list[str], limit: int = DEFAULT_LIMIT) -> Found:
    """Fetch each URL: a page is kept as it is, a feed or sitemap gives the article URLs it lists (at most limit).

    Listed URLs are not fetched here, so that the caller can follow them one by one.
    """
    from lxml import etree

    found, seen = Found(), set()
    for url in urls:
        if url in seen:
            continue
        seen.add(url)
        try:
            response = fetcher.get(url)
            kind = kind_of(response)
            if kind == "html":
                found.items.append(page_of(url, response))
                continue
            listed = feed_links(response)[:limit] if kind == "feed" else _sitemap_links(fetcher, response, limit, found)
        except (FetchError, etree.XMLSyntaxError) as error:
            found.failures.append((url, str(error)))
            continue
        if not listed:
            found.failures.append((url, f"{_KIND_NAMES[kind]} that lists no articles"))
        for link in listed:
            if link not in seen:
                seen.add(link)
                found.items.append(link)
    return found
