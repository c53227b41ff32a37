"""PDF and Word files: paragraphs rebuilt from lines, running headers dropped, title and stated date, and a
reason for every file that cannot be read.

The PDFs are written here by hand: a font that maps each glyph to its Unicode text (as Word's and
LibreOffice's PDFs do) is all text extraction needs, so no font file or PDF writer is involved.
"""

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest

from retrieval.documents import read_document
from retrieval.engine import Engine
from retrieval.sources import article_files, read_source

LINE_HEIGHT = 15
PARAGRAPH_GAP = 30  # a gap between paragraphs, as a word processor leaves: twice the line height

HEADER = "SỞ DU LỊCH HÀ NỘI — Bản tin nội bộ"
PAGE_1 = [
    [HEADER],
    ["Khách quốc tế đến Hà Nội tăng mạnh trong năm tháng đầu năm"],
    ["Hà Nội, ngày 15 tháng 6 năm 2023"],
    [
        "Theo Sở Du lịch Hà Nội, trong năm tháng đầu năm thành phố đón khoảng",
        "1,2 triệu lượt khách quốc tế, gấp ba lần cùng kỳ năm trước; khách đến",
        "chủ yếu từ Hàn Quốc, Nhật Bản và Mỹ, lưu trú trung bình ba ngày.",
    ],
    [
        "Doanh thu từ khách du lịch ước đạt 41.000 tỷ đồng; nhiều khách sạn",
        "ở quận Hoàn Kiếm kín phòng vào các dịp cuối tuần, nhất là khi có lễ",
    ],
    ["Trang 1"],
]
PAGE_2 = [
    [HEADER],
    [
        "hội và các sự kiện âm nhạc ngoài trời ven hồ. Thành phố dự kiến lắp tua-",
        "bin gió mini tại các điểm dừng xe buýt để cấp điện cho đèn chiếu sáng.",
    ],
    ["Trang 2"],
]


def _pdf(pages: list[list[list[str]]], title: str | None = None) -> bytes:
    """A PDF whose pages hold the given paragraphs of lines, in a font that maps each glyph to its text."""
    text = "".join(line for page in pages for paragraph in page for line in paragraph)
    glyphs = {ch: n for n, ch in enumerate(sorted(set(text)), start=1)}
    mappings = "\n".join(f"<{n:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, n in glyphs.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def\n"
        f"1 begincodespacerange <0000> <FFFF> endcodespacerange\n{len(glyphs)} beginbfchar\n{mappings}\n"
        "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /ArialMT /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialMT /DW 500"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        5: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    }
    kids = []
    for page in pages:
        y, operations = 800, ["BT /F1 10 Tf"]
        for paragraph in page:
            for line in paragraph:
                codes = "".join(f"{glyphs[ch]:04X}" for ch in line)
                operations.append(f"1 0 0 1 56 {y} Tm <{codes}> Tj")
                y -= LINE_HEIGHT
            y -= PARAGRAPH_GAP - LINE_HEIGHT
        content = "\n".join([*operations, "ET"]).encode()
        number = max(objects) + 1
        objects[number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
        objects[number + 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % number
        )
        kids.append(number + 1)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = max(objects) + 1
    objects[info] = b"<< /Title <FEFF%s> >>" % (title or "").encode("utf-16-be").hex().encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (info + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, info + 1))
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (info + 1, info, xref)
    return bytes(out)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_pdf_lines_become_paragraphs_and_running_headers_go(tmp_path: Path):
    _, article = read_document(_write(tmp_path, "bantin.pdf", _pdf([PAGE_1, PAGE_2])))

    assert article.title == "Khách quốc tế đến Hà Nội tăng mạnh trong năm tháng đầu năm"
    assert article.date == date(2023, 6, 15) and article.time is None and article.author is None
    assert article.paragraphs[0] == " ".join(PAGE_1[3]), "a line break inside a paragraph is a space"
    assert article.paragraphs[1].startswith("Doanh thu từ khách du lịch")
    assert "nhất là khi có lễ hội và các sự kiện" in article.paragraphs[1], "a paragraph goes on across the page"
    assert "lắp tua-bin gió mini" in article.paragraphs[1], "a hyphen at a line's end is the word's own"
    assert len(article.paragraphs) == 2
    text = "\n".join(article.paragraphs)
    assert "SỞ DU LỊCH" not in text and "Trang" not in text and "ngày 15 tháng 6" not in text


def test_pdf_title_from_metadata_only_when_it_is_about_the_text(tmp_path: Path):
    named = "Khách quốc tế đến Hà Nội tăng gấp ba"
    _, article = read_document(_write(tmp_path, "a.pdf", _pdf([PAGE_1, PAGE_2], title=named)))
    assert article.title == named
    for leftover in ("Microsoft Word - bantin.docx", "Mẫu công văn gửi các sở ngành", "untitled"):
        _, article = read_document(_write(tmp_path, "b.pdf", _pdf([PAGE_1, PAGE_2], title=leftover)))
        assert article.title.startswith("Khách quốc tế đến Hà Nội"), leftover


def test_pdf_date_in_numbers_and_text_in_nfc(tmp_path: Path):
    decomposed = "Ủy ban nhân dân thành phố vừa phê duyệt đề án phát triển du lịch đêm.".replace("ủ", "u\u0309")
    pages = [[["Phát triển du lịch đêm ở Hà Nội"], ["ngày 15/6/2023"], [decomposed]]]
    _, article = read_document(_write(tmp_path, "c.pdf", _pdf(pages)))
    assert article.date == date(2023, 6, 15)
    assert article.paragraphs == ["Ủy ban nhân dân thành phố vừa phê duyệt đề án phát triển du lịch đêm."]


def test_docx_title_headings_tables_and_stated_date(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm", style="Title")
    document.add_paragraph("Hà Nội, ngày 15 tháng 6 năm 2023")
    document.add_paragraph("")
    document.add_paragraph(
        "Ủy ban nhân dân thành phố quyết định mở rộng không gian đi bộ sang các tuyến phố lân cận từ ngày 1/7."
    )
    document.add_heading("Lịch biểu diễn", level=1)
    document.add_paragraph("Các chương trình nghệ thuật truyền thống được tổ chức miễn phí vào tối cuối tuần.")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Tuyến phố", "Giờ mở"), ("Đinh Tiên Hoàng", "19 giờ"), ("Hàng Khay", "")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    path = tmp_path / "di-bo.docx"
    document.save(path)

    _, article = read_document(path)

    assert article.title == "Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm"
    assert article.date == date(2023, 6, 15) and article.author is None
    assert article.paragraphs[0].startswith("Ủy ban nhân dân thành phố quyết định")
    # The heading, short and without a full stop, is attached to the paragraph it heads.
    assert article.paragraphs[1] == (
        "Lịch biểu diễn\nCác chương trình nghệ thuật truyền thống được tổ chức miễn phí vào tối cuối tuần."
    )
    assert "Tuyến phố: Đinh Tiên Hoàng; Giờ mở: 19 giờ" in "\n".join(article.paragraphs)
    assert all(paragraph.strip() for paragraph in article.paragraphs)

    document.core_properties.title = "Mở rộng không gian đi bộ quanh hồ Hoàn Kiếm"
    document.save(path)
    assert read_document(path)[1].title == "Mở rộng không gian đi bộ quanh hồ Hoàn Kiếm"


HTML_PAGE = "<!DOCTYPE html><html><body>Trang chủ</body></html>".encode()


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(_pdf([PAGE_1]))))
    writer.encrypt(user_password="matkhau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _corrupt_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("locked.pdf", _encrypted(), "encrypted PDF that needs a password"),
        ("scan.pdf", _scanned(), "PDF has no text layer (a scanned document needs OCR first)"),
        ("page.pdf", HTML_PAGE, "not a PDF: the file is an HTML page"),
        ("cut.pdf", _pdf([PAGE_1])[:200], "damaged PDF"),
        ("broken.docx", _corrupt_docx(), "damaged or not a Word .docx file"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "not a Word .docx file: the file is an old"),
        ("empty.docx", b"", "file is empty"),
    ],
)
def test_unreadable_documents_get_a_reason(tmp_path: Path, name: str, data: bytes, reason: str):
    with pytest.raises(ValueError) as raised:
        read_source(_write(tmp_path, name, data))
    assert str(raised.value).startswith(reason)


def test_ingest_takes_documents_and_goes_on_past_a_broken_one(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "bantin.pdf", _pdf([PAGE_1, PAGE_2]))
    _write(folder, "scan.pdf", _scanned())
    assert [p.name for p in article_files([folder])] == ["bantin.pdf", "scan.pdf"]
    engine = Engine(tmp_path / "x.db", seeds=None, semantic=False)

    report = engine.ingest([folder])

    assert [c.doc for c in report.changes] == ["bantin"]
    assert [(Path(path).name, reason.split(" (")[0]) for path, reason in report.failures] == [
        ("scan.pdf", "PDF has no text layer")
    ]
    assert engine.ingest([folder / "bantin.pdf"]).count("unchanged") == 1
