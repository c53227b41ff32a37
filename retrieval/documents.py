"""PDF and Word files read into articles.

A PDF's text comes from pypdf in its layout mode, which keeps the page's geometry as blank
lines and indentation: lines are joined back into paragraphs from that, and the lines every
page repeats (running headers and footers, page numbers) are dropped. A Word file's
paragraphs are its own. For both, the title is the document's metadata title when it is about
the text, else its first heading; the date is one the document states ("Hà Nội, ngày 15 tháng 6
năm 2023"), never when the file was made; and the rest goes through the same rules as a
scraped page's lines (retrieval.clean.assemble).
"""

from __future__ import annotations

# pypdf and python-docx are imported in the functions that read a file: a process that only
# answers questions never reads one, and should not pay for loading them.
import hashlib
import io
import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.clean import TITLE_MAX_WORDS, Article, assemble, publication
from retrieval.text import fold, normalize

if TYPE_CHECKING:
    import pypdf
    from docx.document import Document as DocxDocument
    from docx.table import Table

PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
SUFFIXES = PDF_SUFFIXES + DOCX_SUFFIXES

HEADING_WINDOW = 8  # paragraphs from the top searched for a heading: letterheads and mottos come first
MARGIN_LINES = 2  # lines at the top and bottom of a page where running headers and footers sit
SHORT_LINE = 0.8  # a line ending a sentence this far short of the text's width ends its paragraph
TABLE_HEADER_MAX_WORDS = 6  # a data table's header cells are labels; longer ones make a layout table
TITLE_MIN_SHARE = 0.5  # a metadata title shares this share of its words with the text, or it is a leftover

_SENTENCE_FINAL = '.!?…:;"”»)'
_LETTER = re.compile(r"[^\W\d_]")
# Vietnamese letters that no single-byte Western code page has: text read through a legacy
# Vietnamese font never shows them, and Unicode Vietnamese text is never without them.
_VIETNAMESE_LETTERS = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_PAGE_NUMBER = re.compile(r"^[\W_]*(?:trang|page|tr\.)?\s*\d{1,3}(?:\s*(?:/|of|trên|-)\s*\d{1,3})?[\W_]*$", re.I)
_MONTHS_WORDS = r"(?:ngày|ngay)\s+(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})\s+(?:năm|nam)\s+(\d{4})"
_NUMERIC = r"(?:(?:ngày|ngay)\s+)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
# A line that is a document's date and nothing else: "Hà Nội, ngày 15 tháng 6 năm 2023", "ngày 15/6/2023".
_DATE_LINE = re.compile(rf"^(?:[^\W\d][\w .]{{0,40}},\s*)?(?:{_MONTHS_WORDS}|{_NUMERIC})\s*\.?$", re.I)
# The national motto and the letterhead of official documents stand above their title.
_LETTERHEAD = re.compile(r"^(cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc|so\s*:|v/v\b|kinh gui\b)")
# Titles that PDF writers and templates fill in by themselves.
_PLACEHOLDER_TITLE = re.compile(
    r"^(untitled|\(?anonymous\)?|microsoft (word|powerpoint)\b|document\d*$|slide \d+$)", re.I
)
_FILE_NAME = re.compile(r"\.(docx?|pdf|odt|rtf|indd|txt)$", re.I)
# TCVN3 (ABC) fonts draw Vietnamese letters at the byte positions of Latin-1 letters; text read
# through such a font comes out as "Hµ Néi". Their names start with ".Vn"; VNI fonts' with "VNI".
_TCVN3_FONT = re.compile(r"^\.?Vn[A-Z]")
_VNI_FONT = re.compile(r"^VNI[-_ ]?[A-Z]", re.I)
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)


def _windows_1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes cp1252 leaves undefined come through as Latin-1


_FROM_TCVN3 = str.maketrans({_windows_1252(0x80 + n): letter for n, letter in enumerate(_TCVN3_HIGH)})


def file_bytes(path: Path) -> bytes:
    """A file's bytes; raises ValueError with the reason there are none to read."""
    if not path.exists():
        raise ValueError("no such file")
    if not path.is_file():
        raise ValueError("not a regular file")
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("file is empty")
    return data


def read_document(path: Path) -> tuple[str, Article]:
    """A PDF or Word file's identity and article; raises ValueError with the reason it cannot be read.

    The identity is a hash of the bytes: a document's text is only what its extraction made
    of it, and the bytes are what tell a changed file from an unchanged one.
    """
    data = file_bytes(path)
    identity = f"sha256:{hashlib.sha256(data).hexdigest()}"
    if path.suffix.lower() in PDF_SUFFIXES:
        return identity, pdf_article(data)
    return identity, docx_article(data)


def _impostor(data: bytes) -> str | None:
    """What a file really is when its name says otherwise: a saved web page, an old Word file."""
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
        return "an HTML page (save it as .html to ingest it)"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Word .doc file (save it as .docx)"
    if data.startswith(b"%PDF-"):
        return "a PDF"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    return None


# --- PDF -------------------------------------------------------------------------------


def pdf_article(data: bytes) -> Article:
    """The article of a PDF with a text layer; raises ValueError with the reason if there is none."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF-" not in data[:1024]:
        kind = _impostor(data)
        raise ValueError(f"not a PDF: the file is {kind}" if kind else "not a PDF (no %PDF header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        # Many PDFs are locked only against printing or copying: the empty password opens them.
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("the empty password does not open it")
        pages = [_page_lines(page) for page in reader.pages]
        meta_title = reader.metadata.title if reader.metadata else None
        fonts = _font_names(reader)
    except FileNotDecryptedError:
        raise ValueError("encrypted PDF that needs a password") from None
    except DependencyError as error:
        raise ValueError(f"encrypted PDF that cannot be decrypted here ({error})") from None
    except Exception as error:  # pypdf signals a damaged file with many kinds of error
        raise ValueError(f"damaged PDF ({type(error).__name__}: {error})") from None
    if not pages:
        raise ValueError("PDF has no pages")
    text = "\n".join(line for lines in pages for line in lines)
    if not _LETTER.search(text):
        raise ValueError("PDF has no text layer (a scanned document needs OCR first)")
    if any(_VNI_FONT.match(name) for name in fonts) and not _VIETNAMESE_LETTERS.search(text):
        raise ValueError("PDF set in a VNI font, whose legacy encoding cannot be read as Vietnamese text")
    if any(_TCVN3_FONT.match(name) for name in fonts) and not _VIETNAMESE_LETTERS.search(text):
        pages = [[line.translate(_FROM_TCVN3) for line in lines] for lines in pages]
    pages = [[normalize(line).replace("\u00ad", "").rstrip() for line in lines] for lines in pages]
    return _article(_paragraphs(_without_running_lines(pages)), meta_title)


def _page_lines(page: pypdf.PageObject) -> list[str]:
    try:
        return page.extract_text(extraction_mode="layout").splitlines()
    except Exception:  # layout mode fails on some fonts where plain extraction still works
        return page.extract_text().splitlines()


def _font_names(reader: pypdf.PdfReader) -> set[str]:
    """The base names of the fonts the pages use, without a subset's "ABCDEF+" prefix."""
    names = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for font in (fonts.get_object() if fonts is not None else {}).values():
            name = str(font.get_object().get("/BaseFont", ""))
            names.add(name.lstrip("/").split("+", 1)[-1])
    return names


def _margin_key(line: str) -> str:
    """A header or footer line's text with its numbers blanked: "Trang 3/12" recurs as "trang #/#"."""
    return re.sub(r"\d+", "#", fold(" ".join(line.split())))


def _margins(lines: list[str]) -> list[int]:
    """Positions of the non-blank lines at the top and bottom of a page."""
    filled = [n for n, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:MARGIN_LINES] + filled[-MARGIN_LINES:]))


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without the headers and footers most pages repeat, and without page numbers."""
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_margin_key(lines[n]) for n in _margins(lines)})
    repeated = {key for key, count in seen.items() if count >= 2 and count * 2 >= len(pages)}
    kept = []
    for lines in pages:
        dropped = {
            n for n in _margins(lines) if _margin_key(lines[n]) in repeated or _PAGE_NUMBER.match(lines[n].strip())
        }
        kept.append([line for n, line in enumerate(lines) if n not in dropped])
    return kept


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _paragraphs(pages: list[list[str]]) -> list[str]:
    """Lines joined back into paragraphs, across page breaks too.

    A paragraph ends at a blank line (a gap wider than the line spacing), and, in text set
    without such gaps, after a line well short of the text's width (unless a heading wrapped
    there) or where a sentence ends and the next line is indented further.
    """
    widths = sorted(len(line.strip()) for page in pages for line in page if line.strip())
    width = widths[len(widths) * 9 // 10] if widths else 0
    paragraphs: list[list[str]] = [[]]
    previous = ""
    for line in _page_joined(pages):
        if line is _PAGE_BREAK:
            # The page's last line ending a sentence ends its paragraph; else the text runs on.
            if previous and previous.strip()[-1] in _SENTENCE_FINAL:
                paragraphs.append([])
            continue
        text = line.strip()
        if not text:
            if paragraphs[-1]:
                paragraphs.append([])
            previous = ""
            continue
        if previous:
            ended = previous.strip()[-1] in _SENTENCE_FINAL
            if len(previous.strip()) < SHORT_LINE * width:
                # Short lines end paragraphs, headings and date lines; a wrapped heading goes on in lower case.
                if ended or not text[0].islower():
                    paragraphs.append([])
            elif ended and _indent(line) > _indent(previous) + 1:
                paragraphs.append([])
        paragraphs[-1].append(" ".join(text.split()))
        previous = line
    return [_join_lines(part) for part in paragraphs if part]


_PAGE_BREAK = "\f"


def _page_joined(pages: list[list[str]]) -> list[str]:
    """The pages' lines in one list, the margins' blank lines left out and each page break marked."""
    lines: list[str] = []
    for page in pages:
        filled = [n for n, line in enumerate(page) if line.strip()]
        if filled:
            lines.extend([*page[filled[0] : filled[-1] + 1], _PAGE_BREAK])
    return lines


def _join_lines(lines: list[str]) -> str:
    """One paragraph from its lines.

    Vietnamese is not hyphenated, so a hyphen at a line's end belongs to the word (Tua-bin,
    Ki-moon, 2020-2025) and stays, without the space; soft hyphens were taken out before.
    """
    text = lines[0]
    for line in lines[1:]:
        if len(text) > 1 and text[-1] in "-\u2010" and text[-2].isalnum():
            text += line
        else:
            text += " " + line
    return text


# --- Word ------------------------------------------------------------------------------


def docx_article(data: bytes) -> Article:
    """The article of a Word .docx file; raises ValueError with the reason if there is none.

    Tables are kept: a data table's rows become paragraphs that name each cell by its column's
    header ("Tỉnh: Hà Nội; Số ca: 12"), so a row can answer a question alone; a layout table
    (an official letter's letterhead, say) gives its cells' paragraphs as they are.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK\x03\x04"):
        kind = _impostor(data)
        raise ValueError(f"not a Word .docx file: the file is {kind}" if kind else "not a Word .docx file")
    try:
        document = docx.Document(io.BytesIO(data))
        title = document.core_properties.title
        blocks = list(_blocks(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as error:
        raise ValueError(f"damaged or not a Word .docx file ({error})") from None
    except Exception as error:  # python-docx and lxml signal broken XML parts with many kinds of error
        raise ValueError(f"damaged .docx file ({type(error).__name__}: {error})") from None
    headings = [text for text, heading in blocks if heading]
    lines = [text for text, _ in blocks]
    if not lines:
        raise ValueError("no text in the document")
    return _article(lines, title, headings[0] if headings else None)


def _blocks(document: DocxDocument) -> list[tuple[str, bool]]:
    """The body's paragraphs and table rows in order, each with whether it is styled as a heading."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[tuple[str, bool]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = " ".join(normalize(item.text).split())
            style = item.style.name if item.style is not None else ""
            if text:
                blocks.append((text, style.startswith(("Title", "Heading"))))
        elif isinstance(item, Table):
            blocks.extend((text, False) for text in _table_lines(item))
    return blocks


def _table_lines(table: Table) -> list[str]:
    rows = [[" ".join(normalize(cell.text).split()) for cell in row.cells] for row in table.rows]
    header = rows[0] if rows else []
    data_table = (
        len(rows) >= 2
        and len(header) >= 2
        and all(cell and len(cell.split()) <= TABLE_HEADER_MAX_WORDS for cell in header)
        and len(set(header)) == len(header)
    )
    if not data_table:
        return [
            " ".join(text.split())
            for row in table.rows
            for cell in _unique_cells(row.cells)
            for text in normalize(cell.text).splitlines()
            if text.strip()
        ]
    lines = []
    for row in rows[1:]:
        pairs = [f"{name}: {value}" for name, value in zip(header, row) if value and value != name]
        if pairs:
            # The full stop makes the row a statement: short lines without one are taken for captions.
            lines.append("; ".join(pairs) + ".")
    return lines


def _unique_cells(cells: list) -> list:
    """A row's cells, a merged cell once (python-docx gives it at every grid column it spans)."""
    unique: list = []
    for cell in cells:
        if not any(cell._tc is other._tc for other in unique):
            unique.append(cell)
    return unique


# --- both ------------------------------------------------------------------------------


def _stated_date(line: str) -> date | None:
    found = _DATE_LINE.match(line)
    if found:
        day, month, year = (int(part) for part in (found[1] or found[4], found[2] or found[5], found[3] or found[6]))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    dated = publication(line) if len(line) <= 80 else None
    return dated[0] if dated else None


def _meaningful(title: str | None, lines: list[str]) -> str | None:
    """The metadata title if it names this text: not a placeholder, a file name or a template's leftover."""
    title = " ".join(normalize(title or "").split())
    if not _LETTER.search(title) or _PLACEHOLDER_TITLE.match(title) or _FILE_NAME.search(title):
        return None
    words = set(fold(title).split())
    text = set(fold(" ".join(lines[: HEADING_WINDOW * 4])).split())
    return title if len(words & text) >= TITLE_MIN_SHARE * len(words) else None


def _is_heading(line: str) -> bool:
    words = len(line.split())
    if not 2 <= words <= TITLE_MAX_WORDS or line[-1] in ".!?…,;":
        return False
    return not (_LETTERHEAD.match(fold(line)) or _stated_date(line) or _PAGE_NUMBER.match(line))


def _article(lines: list[str], meta_title: str | None, heading: str | None = None) -> Article:
    """Title, stated date and body from a document's paragraphs; raises ValueError if no text is left."""
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise ValueError("no text in the document")
    title = _meaningful(meta_title, lines) or heading
    if title is None:
        title = next((line for line in lines[:HEADING_WINDOW] if _is_heading(line)), None)
    if title is None:
        # No heading at all: the opening words stand for one.
        words = lines[0].split()
        title = " ".join(words[:TITLE_MAX_WORDS]) + ("…" if len(words) > TITLE_MAX_WORDS else "")
    dated = next(((n, found) for n, line in enumerate(lines) if (found := _stated_date(line))), None)
    # The motto and reference number of an official letter say nothing a question could ask.
    body = [
        line
        for n, line in enumerate(lines)
        if not (dated and n == dated[0]) and not (n < HEADING_WINDOW and _LETTERHEAD.match(fold(line)))
    ]
    return assemble(title, body, (dated[1], None) if dated else None)
