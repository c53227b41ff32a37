"""Article files: which files are articles, and reading each kind into an Article.

A text file is a scraped page's visible text, cleaned by retrieval.clean. An HTML file is a
saved page: trafilatura finds its main text and metadata, and the same cleaning rules then
apply to what it found. A page fetched from the web (retrieval.fetch) is read the same way.
"""

from __future__ import annotations

# lxml, trafilatura and htmldate are imported in the functions that read a page: a process
# that only answers questions never reads one, and should not pay for loading them.
import copy
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.clean import TITLE_MIN_WORDS, Article, assemble, byline_name, clean_article, is_byline, publication
from retrieval.documents import SUFFIXES as DOCUMENT_SUFFIXES
from retrieval.documents import file_bytes, read_document
from retrieval.fetch import Page, megabytes
from retrieval.text import fold, normalize

if TYPE_CHECKING:
    from lxml import etree
    from lxml.html import HtmlElement

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCUMENT_SUFFIXES
RECORDS_SUFFIX = ".jsonl"  # one article record per line; only when named, not found in folders
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHECKOUT = Path(__file__).resolve().parents[1]  # where the bundled seeds are: cited as seeds/...


@dataclass(frozen=True)
class Limits:
    """How big one article may be; past a limit it is refused with the reason, and nothing of it is stored.

    A file that size is no news article: a log or a book dumped into the corpus would swamp
    the index and every reader's "whole article" view.
    """

    file_bytes: int = 20_000_000  # what Telegram lets a bot download, and far more than any article
    paragraphs: int = 5_000

    def check_file(self, path: Path) -> None:
        size = path.stat().st_size if path.is_file() else 0
        if size > self.file_bytes:
            limit = megabytes(self.file_bytes)
            raise ValueError(f"{megabytes(size)} is over the limit of {limit} for one article")

    def check(self, source: Source) -> Source:
        if len(source.text.encode()) > self.file_bytes:
            raise ValueError(f"its text is over the limit of {megabytes(self.file_bytes)} for one article")
        count = len(source.article.paragraphs)
        if count > self.paragraphs:
            raise ValueError(f"{count} paragraphs, over the limit of {self.paragraphs} for one article")
        return source


def display_path(path: Path) -> str:
    """How a citation names a file: relative to the working directory or the checkout when inside one."""
    resolved = path.resolve()
    for base in (Path.cwd(), _CHECKOUT):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(resolved)


@dataclass(frozen=True)
class Source:
    text: str  # the file as read: what tells a changed file from an unchanged one
    article: Article
    prose: str  # the text abbreviations are learned from: a scrape as it is, a page's article without markup
    url: str | None = None  # a web page's canonical address; None for a file


def read_article_file(path: Path) -> str:
    """The text of an article file; raises ValueError with the reason it cannot be read."""
    data = file_bytes(path)
    if b"\x00" in data:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (invalid byte at offset {error.start})") from None


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named, and those inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def read_source(path: Path | Page) -> Source:
    """Read and extract one article file or fetched page; raises ValueError with the reason it cannot be."""
    if isinstance(path, Page):
        return page_source(path)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        text, article = read_document(path)
        return Source(text, article, "\n".join([article.title, *article.paragraphs]))
    text = read_article_file(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        article = html_article(text)
        return Source(text, article, "\n".join([article.title, *article.paragraphs]))
    return Source(text, clean_article(text), text)


def page_source(page: Page) -> Source:
    article = html_article(page.html)
    # A page's markup changes with every fetch (ads, counters, related links): what it says is
    # what tells a changed page from an unchanged one.
    said = [page.canonical, article.title, str(article.date), str(article.time), str(article.author)]
    text = "\n".join([*said, *article.paragraphs])
    return Source(text, article, "\n".join([article.title, *article.paragraphs]), page.canonical)


# --- JSONL records ----------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    doc: str
    line: int
    source: Source


def read_records(path: Path) -> tuple[list[Record], list[tuple[str, str]]]:
    """The article records of a JSONL file, and ("FILE:LINE", reason) for each bad line.

    Raises ValueError when the file itself cannot be read.
    """
    records, failures = [], []
    for number, line in enumerate(read_article_file(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc, source = record_source(line)
        except ValueError as error:
            failures.append((f"{path}:{number}", str(error)))
            continue
        records.append(Record(doc, number, source))
    return records, failures


def record_source(line: str) -> tuple[str, Source]:
    """The doc id and Source of one line {"id", "title", "date", "url", "text"}; ValueError says what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no text")
    title, url, stated = record.get("title") or "", record.get("url") or None, record.get("date") or None
    if not isinstance(title, str) or not isinstance(url, str | None):
        raise ValueError("title and url must be strings")
    published = None
    if stated is not None:
        try:
            if not isinstance(stated, str) or not _ISO_DATE.fullmatch(stated):
                raise ValueError
            published = date.fromisoformat(stated)
        except ValueError:
            raise ValueError(f"bad date {stated!r} (expected YYYY-MM-DD)") from None
    text = normalize(text)
    # Paragraphs are separated by blank lines; a text without any has one paragraph a line.
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    paragraphs = [" ".join(block.split()) for block in blocks if block.strip()]
    doc = record.get("id")
    if doc is None or doc == "":
        # The text alone names a record without an id, so that re-ingesting it changes nothing.
        doc = "rec-" + hashlib.sha256(text.encode()).hexdigest()[:16]
    elif not isinstance(doc, str | int) or isinstance(doc, bool):
        raise ValueError("id must be a string or a number")
    title = " ".join(normalize(title).split())
    article = Article(title=title, date=published, time=None, author=None, paragraphs=paragraphs)
    # What the record says, not how its JSON is spelled, tells a changed record from an unchanged one.
    said = json.dumps([title, stated, url, paragraphs], ensure_ascii=False)
    return str(doc), Source(said, article, "\n".join([title, *paragraphs]), url)


# --- HTML ------------------------------------------------------------------------------

# Elements of trafilatura's output that hold one block of text each.
_BLOCKS = frozenset({"p", "head", "item", "cell", "quote", "code"})
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "button", "select", "option"})
_CAPTION_CLASS = re.compile(r"caption|image[-_]?desc|photo[-_]?desc|img[-_]?desc", re.I)
_TITLE_PARTS = re.compile(r"\s+[-|–—:]\s+")
_ADDRESS = re.compile(r"^(https?:)?//|^/\w")
DATE_SEARCH_ELEMENTS = 80  # how far after the headline a visible date line is still the article's
DATE_BEFORE_ELEMENTS = 4  # above it, only right above: further up is the site header's "today"


def _text(element: HtmlElement) -> str:
    return " ".join(normalize(element.text_content()).split())


def _alnum(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _body_lines(body: etree._Element) -> list[str]:
    lines = []
    for element in body.iter(*_BLOCKS):
        if any(True for _ in element.iterdescendants(*_BLOCKS)):
            continue  # its inner blocks are lines of their own
        line = " ".join(normalize("".join(element.itertext())).split())
        if line:
            lines.append(line)
    return lines


def _visible(tree: HtmlElement) -> list[HtmlElement]:
    """The body's elements in document order, without scripts and the like."""
    body = tree.find("body")
    if body is None:
        return []
    return [e for e in body.iter() if isinstance(e.tag, str) and e.tag not in _SKIP]


def _title(elements: list[HtmlElement], named: str | None, sites: list[str]) -> tuple[str, HtmlElement | None]:
    """The headline: the h1 the page's own title names, else that title without section and site."""
    headings = [(e, _text(e)) for e in elements if e.tag == "h1"]
    if named:
        folded = fold(named)
        matching = [(e, t) for e, t in headings if len(t.split()) >= TITLE_MIN_WORDS and fold(t) in folded]
        if matching:
            element, text = max(matching, key=lambda pair: len(pair[1]))
            return text, element
        parts = _TITLE_PARTS.split(" ".join(normalize(named).split()))
        # "Headline - Section - Site": the tail parts are short labels or the site's name.
        while len(parts) > 1 and (len(parts[-1].split()) <= 4 or _is_site(parts[-1], sites)):
            parts.pop()
        return " - ".join(parts), None
    for element, text in headings:
        if len(text.split()) >= TITLE_MIN_WORDS:
            return text, element
    raise ValueError("no article text found (the page has no title)")


def _is_site(name: str, sites: list[str]) -> bool:
    """Whether a name is the site's own ("Dân Trí" on "Báo điện tử Dân Trí", "VnExpress" on vnexpress.net)."""
    key = _alnum(name)
    if not key:
        return True
    for site in sites:
        other = _alnum(site)
        if key == other or (len(key) >= 4 and key in other) or (len(other) >= 4 and other in key):
            return True
    return False


def _metadata_date(tree: HtmlElement) -> tuple[date, str | None] | None:
    """The date in the page's metadata: meta tags, JSON-LD, <time>.

    Only these are given to htmldate: its search of links and text finds the dates of
    photos and other articles as readily as the page's own.
    """
    import htmldate
    from lxml import etree

    shell = etree.Element("html")
    head = tree.find("head")
    if head is not None:
        shell.append(copy.deepcopy(head))
    body = etree.SubElement(shell, "body")
    for element in tree.iter("meta", "time", "script", "abbr"):
        if element.tag == "script" and "ld+json" not in (element.get("type") or ""):
            continue
        if head is None or element.getparent() is None or not _inside(element, head):
            body.append(copy.deepcopy(element))
    # Image and stylesheet addresses carry dates of their own (when the photo was uploaded);
    # only the page's own address says when it was published.
    for element in list(shell.iter("link", "meta")):
        address = element.get("href") or element.get("content") or ""
        own = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if element.tag == "link" or (_ADDRESS.match(address) and own not in ("og:url", "url")):
            element.getparent().remove(element)
    found = htmldate.find_date(
        etree.tostring(shell, encoding="unicode"),
        extensive_search=False,
        original_date=True,
        outputformat="%Y-%m-%d %H:%M",
        deferred_url_extractor=True,
    )
    if not found:
        return None
    stamp = datetime.strptime(found, "%Y-%m-%d %H:%M")
    clock = stamp.strftime("%H:%M")
    return stamp.date(), (None if clock == "00:00" else clock)  # midnight: the metadata gave no time


def _inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _shown_date(elements: list[HtmlElement], title: HtmlElement | None) -> tuple[date, str | None] | None:
    """The publication-date line shown nearest the headline (after it first)."""
    if title is None:
        return None
    at = elements.index(title)
    after = elements[at + 1 : at + 1 + DATE_SEARCH_ELEMENTS]
    before = elements[max(0, at - DATE_BEFORE_ELEMENTS) : at][::-1]
    for element in (*after, *before):
        text = _text(element)
        if 6 <= len(text) <= 80 and (found := publication(text)):
            return found
    return None


def _captions(elements: list[HtmlElement]) -> frozenset[str]:
    found = set()
    for element in elements:
        if element.tag == "figcaption" or _CAPTION_CLASS.search(element.get("class") or ""):
            text = _text(element)
            if text:
                found.add(text)
    return frozenset(found)


def _byline_after(elements: list[HtmlElement], last: str) -> str | None:
    """A byline printed just after the body, outside what trafilatura kept ("<strong>NAME</strong>")."""
    key = last[-60:]
    holders = [e for e in elements if key in _text(e)]
    if not holders:
        return None
    holder = holders[-1]  # the innermost: iter() lists ancestors first
    seen = 0
    for element in holder.itersiblings() if holder.getnext() is not None else ():
        for inner in element.iter():
            if not isinstance(inner.tag, str) or inner.tag in _SKIP:
                continue
            text = " ".join(normalize(inner.text or "").split())
            if not text:
                continue
            seen += 1
            if is_byline(text):
                return byline_name(text)
            if seen >= 2:
                return None
    return None


def html_article(html: str) -> Article:
    """Extract the article of a saved news page; raises ValueError if there is none."""
    import lxml.html
    import trafilatura
    from lxml import etree
    from trafilatura.settings import Document

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise ValueError(f"not an HTML page ({error})") from None
    extracted = trafilatura.bare_extraction(
        tree,
        output_format="python",
        with_metadata=True,
        include_images=True,
        include_tables=True,
        include_comments=False,
    )
    # output_format="python" gives a Document; the dict is what other output formats get.
    if not isinstance(extracted, Document) or extracted.body is None:
        raise ValueError("no article text found")
    elements = _visible(tree)
    sites = [name for name in (extracted.sitename, extracted.hostname) if name]
    title, heading = _title(elements, extracted.title, sites)
    lines = _body_lines(extracted.body)
    sapo = " ".join(normalize(extracted.description or "").split())
    # trafilatura leaves out a summary styled apart from the text; the page shows it, so it is the lead.
    missing = sapo and not any(fold(sapo[:60]) in fold(line) for line in lines[:3])
    if missing and any(_text(e) == sapo for e in elements if e.tag not in ("meta", "head")):
        lines.insert(0, sapo)
    captions = _captions(elements)
    published = _metadata_date(tree)
    shown = _shown_date(elements, heading)
    if published is None:
        published = shown
    elif published[1] is None and shown and shown[0] == published[0]:
        published = shown  # the same day, with the time the page shows
    lines = [line for line in lines if not publication(line)]
    article = assemble(title, lines, published, captions)
    if article.author is None:
        named = [part.strip() for part in re.split(r"[;,|]", extracted.author or "") if part.strip()]
        named = [name for name in named if not _is_site(name, sites)]
        article.author = ", ".join(named) or _byline_after(elements, article.paragraphs[-1])
    return article
