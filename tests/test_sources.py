"""Article files by kind: which files are read, and a saved HTML page read into an article."""

from datetime import date
from pathlib import Path

import pytest

from retrieval.sources import article_files, html_article, read_source

# A news page as a site serves it: navigation with the site's "today", a headline, the date line,
# a summary styled apart, a photo with its caption, a byline, then tags, share buttons and
# related news. The image address carries a date of its own (the photo's upload).
PAGE = """<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="utf-8">
<title>Cầu Rồng sẽ phun lửa phục vụ du khách dịp lễ - Du lịch - Báo Sông Hàn</title>
<meta property="og:site_name" content="Báo Sông Hàn">
<meta name="author" content="Báo Sông Hàn">
<meta property="og:image" content="https://img.songhan.example/2021/01/05/cau-rong.jpg">
<meta name="description" content="Cầu Rồng ở Đà Nẵng sẽ phun lửa và phun nước vào tối thứ bảy, chủ nhật trong dịp lễ.">
</head><body>
<header><div class="today">Thứ Hai, 24/11/2025</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/danh-gia">Đánh giá</a></li>
<li><a href="/xe">Xe</a></li></ul></nav></header>
<main><article>
<h1 class="title">Cầu Rồng sẽ phun lửa phục vụ du khách dịp lễ</h1>
<span class="date">Thứ tư, 22/10/2025, 19:25 (GMT+7)</span>
<p class="description">Cầu Rồng ở Đà Nẵng sẽ phun lửa và phun nước vào tối thứ bảy, chủ nhật trong dịp lễ.</p>
<div class="content">
<p>Theo ban quản lý, mỗi lần cầu phun lửa 9 lượt và phun nước 3 lượt, kéo dài khoảng 15 phút mỗi tối,
bắt đầu từ 21 giờ và kết thúc trước 21 giờ 30.</p>
<figure><img src="https://img.songhan.example/2021/01/05/cau-rong.jpg" alt="">
<figcaption>Cầu Rồng phun lửa vào tối cuối tuần. Ảnh: Minh Anh</figcaption></figure>
<p>Chia sẻ với phóng viên, đại diện ban quản lý cầu cho biết lịch phun lửa được giữ nguyên trong dịp lễ
và lực lượng chức năng sẽ phân luồng giao thông hai đầu cầu.</p>
<p>Du khách được khuyên đến sớm để chọn chỗ đứng, tránh ùn tắc trên các tuyến đường ven sông Hàn vào giờ cao
điểm buổi tối.</p>
<p><strong>Lê Phương</strong></p>
</div>
<div class="tags">Từ khóa: <a href="/t/1">cầu Rồng</a> <a href="/t/2">Đà Nẵng</a></div>
<div class="share"><a href="#">Chia sẻ</a> <a href="#">Facebook</a></div>
</article>
<section class="related"><h2>Tin liên quan</h2><ul>
<li><a href="/a">Đà Nẵng mở thêm tuyến phố đi bộ ven sông vào cuối tuần này</a></li>
<li><a href="/b">Giá vé máy bay dịp lễ tăng mạnh trên nhiều đường bay nội địa</a></li></ul></section>
</main>
<footer>Báo Sông Hàn - Cơ quan của Hội Nhà báo. Giấy phép số 123/GP-BTTTT.</footer>
</body></html>
"""


def test_html_page_title_date_author_and_body():
    article = html_article(PAGE)
    assert article.title == "Cầu Rồng sẽ phun lửa phục vụ du khách dịp lễ"
    assert (article.date, article.time) == (date(2025, 10, 22), "19:25")
    assert article.author == "Lê Phương"
    assert article.paragraphs[0].startswith("Cầu Rồng ở Đà Nẵng sẽ phun lửa"), "the summary leads"
    assert article.paragraphs[-1].endswith("vào giờ cao điểm buổi tối.")


def test_html_page_leaves_out_widgets_related_news_and_lone_captions():
    article = html_article(PAGE)
    text = "\n".join(article.paragraphs)
    for furniture in ("Tin liên quan", "phố đi bộ", "Từ khóa", "Facebook", "Trang chủ", "Giấy phép"):
        assert furniture not in text
    assert "Cầu Rồng phun lửa vào tối cuối tuần" not in article.paragraphs, "a caption never stands alone"
    assert any(p.startswith("Chia sẻ với phóng viên") or "\nChia sẻ với phóng viên" in p for p in article.paragraphs)


def test_site_name_is_not_an_author_and_photo_dates_are_not_the_date():
    page = PAGE.replace('<span class="date">Thứ tư, 22/10/2025, 19:25 (GMT+7)</span>', "")
    page = page.replace("<p><strong>Lê Phương</strong></p>", "")
    article = html_article(page)
    assert article.author is None and article.date is None


def test_metadata_date_and_time():
    page = PAGE.replace(
        '<meta charset="utf-8">',
        '<meta charset="utf-8"><meta property="article:published_time" content="2025-10-22T19:25:52+07:00">',
    ).replace('<span class="date">Thứ tư, 22/10/2025, 19:25 (GMT+7)</span>', "")
    article = html_article(page)
    assert (article.date, article.time) == (date(2025, 10, 22), "19:25")


def test_article_files_by_suffix(tmp_path: Path):
    for name in ("a.txt", "b.html", "c.HTM", "d.json", "e.png"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in article_files([tmp_path])] == ["a.txt", "b.html", "c.HTM"]


def test_html_file_is_read_and_a_bad_one_gets_a_reason(tmp_path: Path):
    page = tmp_path / "cau-rong.html"
    page.write_text(PAGE, encoding="utf-8")
    source = read_source(page)
    assert source.article.title.startswith("Cầu Rồng") and source.text == PAGE
    assert "<p" not in source.prose
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav>Trang chủ</nav></body></html>")
    with pytest.raises(ValueError, match="no article text"):
        read_source(empty)


def test_an_html_photo_story_keeps_its_captions_as_its_text():
    photos = "".join(
        f'<figure><img src="https://img.example/{n}.jpg" alt=""><figcaption><p>{caption}</p></figcaption></figure>\n'
        for n, caption in enumerate(
            [
                "Tối 24/12, hàng nghìn người dân đổ về khu vực Nhà thờ Đức Bà khiến giao lộ ùn tắc nghiêm trọng.",
                "Nhà thờ Đức Bà vẫn đang tu sửa nên người dân chỉ có thể làm lễ từ xa, nhiều người thắp nến.",
                "Dòng xe trên đường Phạm Thế Hiển kéo dài hơn 1km, nhích từng chút một qua khu xóm đạo.",
            ]
        )
    )
    page = (
        '<html lang="vi"><head><meta charset="utf-8"><title>Trung tâm TPHCM kẹt cứng đêm Noel</title></head><body>'
        "<article><h1>Trung tâm TPHCM kẹt cứng đêm Noel</h1>\n"
        "<p>Người dân đổ ra đường vui chơi đón Giáng sinh khiến nhiều tuyến đường trung tâm kẹt cứng.</p>\n"
        f"{photos}</article></body></html>"
    )
    article = html_article(page)
    assert (
        article.paragraphs[-1]
        == "Dòng xe trên đường Phạm Thế Hiển kéo dài hơn 1km, nhích từng chút một qua khu xóm đạo."
    )
    assert len(article.paragraphs) == 4
