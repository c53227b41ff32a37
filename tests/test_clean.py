"""Article extraction on the five bundled seeds."""

from datetime import date

import pytest

from retrieval.clean import clean_article
from retrieval.engine import SEEDS

EXPECTED = {
    "000_20406a806a503d6a": (
        "Đắk Lắk tập huấn công tác thông tin đối ngoại năm 2022",
        date(2023, 1, 29),
        "23:51",
        "Võ Hà",
    ),
    "001_e1b4e922c529fe77": (
        "Chủ động hơn trong công tác thông tin đối ngoại",
        date(2017, 9, 11),
        "12:28",
        "Anh Phong",
    ),
    "002_e9bec02ab31fb04f": (
        "Thái Nguyên: Tổ chức hội nghị chuyên đề về công tác TTĐN năm 2024",
        date(2024, 7, 3),
        "17:59",
        "Hồng Ngân",
    ),
    "003_5226670ce0a2175a": (
        "Tập huấn về công tác thông tin đối ngoại cho hơn 200 học viên",
        date(2023, 8, 16),
        "11:39",
        "N.T",
    ),
    "004_3bcecde655550bc0": (
        "Huyện Quảng Ninh tổ chức Hội nghị nghiên cứu, triển khai kết luận số 57 của Bộ chính trị",
        None,
        None,
        "Hồng Nhung",
    ),
}

# Page furniture and teasers of other articles that must never become a chunk.
NOISE = [
    "Breaking News",
    "Xem với cỡ chữ",
    "Bình chọn",
    "ĐÁNH GIÁ",
    "Hãy trở thành người đầu tiên",
    "Tải ứng dụng",
    "Return to top",
    "Liên kết website",
    "image 2024",
    "Thống kê truy cập",
    "Đang truy cập",
    "Tổng số điểm",
    "Click để đánh giá",
    "Ý kiến",
    "BẠN CÓ THỂ QUAN TÂM",
    "Các tin khác",
    "người khuyết tật",
    "quân đội Lào",
    "Salavan",
    "Bạn đã không sử dụng Site",
    "Góp ý",
]


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_date_time_and_author(name):
    article = clean_article(seed(name))
    assert (article.title, article.date, article.time, article.author) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_noise_or_teaser_in_paragraphs(name):
    article = clean_article(seed(name))
    assert article.paragraphs
    for paragraph in article.paragraphs:
        for noise in NOISE:
            assert noise.lower() not in paragraph.lower(), (noise, paragraph)
        assert article.author not in paragraph.splitlines(), "the byline is not content"


def test_caption_repeated_on_next_line_is_kept_once():
    article = clean_article(seed("003_5226670ce0a2175a"))
    repeated = "Các học viên tham gia lớp tập huấn công tác thông tin đối ngoại."
    assert sum(p.count(repeated) for p in article.paragraphs) == 1


def test_lookalike_eth_is_stored_as_d_stroke():
    text = "\n".join(clean_article(seed("002_e9bec02ab31fb04f")).paragraphs)
    assert "\u00d0" not in text and "Đảng ta" in text


def test_dates_in_the_body_are_not_the_publication_date():
    # 004 has no date line; its body cites 14/02/2012 and 15/6/2023.
    assert clean_article(seed("004_3bcecde655550bc0")).date is None


def test_other_date_formats_and_rules_generalise():
    page = "\n".join(
        [
            "Trang chủ",
            "Cập nhật: 05-03-2021 08:15",
            "Hà Nội tổ chức hội nghị đối ngoại",
            "Sáng 4/3, hội nghị diễn ra tại Hà Nội với sự tham dự của nhiều đại biểu trong và ngoài nước.",
            "ảnh_minh_hoa_01.jpg",
            "Tin liên quan",
            "Một bài khác hoàn toàn về chuyện khác.",
        ]
    )
    article = clean_article(page)
    assert article.date == date(2021, 3, 5) and article.time == "08:15"
    assert article.title == "Hà Nội tổ chức hội nghị đối ngoại"
    assert article.paragraphs == [
        "Sáng 4/3, hội nghị diễn ra tại Hà Nội với sự tham dự của nhiều đại biểu trong và ngoài nước."
    ]


def test_page_without_article_text_is_rejected():
    with pytest.raises(ValueError, match="no article text"):
        clean_article("Breaking News\nReturn to top\n")


# A page as a simple scraper copies it: a menu (with a "Đánh giá" section and teasers of other
# articles) before the title, the site's "today" far from it, a caption, a paragraph that opens
# like a share button, a source credit, then related news.
MENU_PAGE = "\n".join(
    [
        "Thứ Hai, 24/11/2025",
        "Trang chủ",
        "Thời sự",
        "Đánh giá",
        "Xe",
        "Giá xăng tăng mạnh từ chiều nay theo điều chỉnh của liên bộ",
        "Ba người bị thương trong vụ cháy nhà ở quận Đống Đa",
        "Giao thông",
        "Thứ tư, 22/10/2025, 19:25 (GMT+7)",
        "Cầu Rồng sẽ phun lửa phục vụ du khách dịp lễ",
        "Cầu Rồng ở Đà Nẵng sẽ phun lửa và phun nước vào tối thứ bảy, chủ nhật trong dịp lễ để phục vụ du khách.",
        "Cầu Rồng phun lửa vào tối cuối tuần (Ảnh: Minh Anh).",
        "Chia sẻ với phóng viên, đại diện ban quản lý cầu cho biết lịch phun lửa được giữ nguyên trong dịp lễ.",
        "Đánh giá",
        "Theo ban quản lý, mỗi lần cầu phun lửa 9 lượt và phun nước 3 lượt, kéo dài khoảng 15 phút mỗi tối.",
        "Du khách được khuyên đến sớm để chọn chỗ đứng, tránh ùn tắc trên các tuyến đường ven sông Hàn.",
        "Ảnh cầu Rồng về đêm nhìn từ bờ đông (Ảnh: Minh Anh).",
        "Theo Reuters",
        "Tin liên quan",
        "Đà Nẵng mở thêm tuyến phố đi bộ ven sông",
    ]
)


def test_title_is_the_line_the_body_is_about_not_a_menu_teaser():
    article = clean_article(MENU_PAGE)
    assert article.title == "Cầu Rồng sẽ phun lửa phục vụ du khách dịp lễ"
    assert article.date == date(2025, 10, 22) and article.time == "19:25"


def test_menu_words_captions_and_credits_in_a_scraped_page():
    article = clean_article(MENU_PAGE)
    assert article.paragraphs[0].startswith("Cầu Rồng ở Đà Nẵng sẽ phun lửa")
    # A paragraph opening like the share button stays, with the caption above it attached.
    assert any(p.endswith("lịch phun lửa được giữ nguyên trong dịp lễ.") for p in article.paragraphs)
    # "Đánh giá" heading running text is a subheading, not the rating prompt: the article goes on.
    assert article.paragraphs[-1].endswith("tránh ùn tắc trên các tuyến đường ven sông Hàn.")
    assert article.author is None, "a source credit is not an author"
    text = "\n".join(article.paragraphs)
    assert "bờ đông" not in text, "a caption after the last paragraph goes"
    assert "Theo Reuters" not in text and "tuyến phố đi bộ" not in text


def test_rating_prompt_at_the_end_ends_the_article():
    page = "\n".join(
        [
            "Hà Nội tổ chức hội nghị đối ngoại năm nay",
            "Sáng 4/3, hội nghị diễn ra tại Hà Nội với sự tham dự của nhiều đại biểu trong và ngoài nước.",
            "Minh Anh",
            "Đánh giá",
            "Hãy trở thành người đầu tiên đánh giá cho bài viết này!",
            "Bài viết khác hoàn toàn về chuyện khác có tới hơn hai mươi chữ để trông như một đoạn văn thật sự.",
        ]
    )
    article = clean_article(page)
    assert article.author == "Minh Anh"
    assert len(article.paragraphs) == 1 and article.paragraphs[0].startswith("Sáng 4/3")


PHOTO_STORY = "\n".join(
    [
        "Khu trung tâm TPHCM kẹt cứng trong đêm Noel",
        "Tối 24/12, hàng nghìn người dân đổ về khu vực Nhà thờ Đức Bà khiến giao lộ ùn tắc (Ảnh: Hải Long).",
        "Nhà thờ Đức Bà vẫn đang tu sửa nên người dân chỉ có thể làm lễ từ xa, nhiều người thắp nến (Ảnh: Hải Long).",
        "Nhiều em nhỏ được cha mẹ chuẩn bị trang phục ông già Noel đưa lên phố vui chơi từ sớm ở quận 8.",
        "Dòng xe trên đường Phạm Thế Hiển kéo dài hơn 1km, nhích từng chút một qua khu xóm đạo (Ảnh: Trần Đạt).",
        "Khu vực trước Nhà thờ Lớn Hà Nội gần như không còn khoảng trống khi đêm xuống (Ảnh: Hữu Nghị).",
    ]
)


def test_a_photo_story_keeps_its_captions_as_its_text():
    article = clean_article(PHOTO_STORY)
    assert len(article.paragraphs) == 5, "each captioned photo of a photo story is a paragraph"
    assert article.paragraphs[-1].startswith("Khu vực trước Nhà thờ Lớn Hà Nội")


AGENCY_STORY = "\n\n".join(
    [
        "Thượng viện Mỹ nhất trí thông qua nghị quyết về Biển Đông",
        "11/07/14 11:35",
        "Ngày 10/7, với toàn bộ phiếu thuận, Thượng viện Mỹ đã nhất trí thông qua nghị quyết về Biển Đông.",
        "Theo phóng viên tại Washington, nghị quyết được một số thượng nghị sỹ có ảnh hưởng bảo trợ./.",
        "(TTXVN/Vietnam+)",
    ]
)


def test_a_two_digit_year_dates_the_article_and_an_agency_credit_in_brackets_is_no_paragraph():
    article = clean_article(AGENCY_STORY)
    assert (article.date, article.time) == (date(2014, 7, 11), "11:35")
    assert article.paragraphs[0].startswith("Ngày 10/7"), "the date line is not glued to the text"
    assert article.paragraphs[-1].endswith("bảo trợ./.")
    assert article.author is None


def test_a_byline_with_where_the_reporter_wrote_from():
    text = AGENCY_STORY.replace("(TTXVN/Vietnam+)", "Quang Thịnh (Từ Indonesia)")
    article = clean_article(text)
    assert article.author == "Quang Thịnh"
    assert article.paragraphs[-1].endswith("bảo trợ./.")


@pytest.mark.parametrize(
    "line, name",
    [("Tác giả: Trang Lê", "Trang Lê"), ("Tin bài và ảnh: Thành Trung - Duy Chiến", "Thành Trung - Duy Chiến")],
)
def test_a_byline_after_its_label(line: str, name: str):
    article = clean_article(AGENCY_STORY.replace("(TTXVN/Vietnam+)", line))
    assert article.author == name


def test_a_last_sentence_opening_with_theo_is_text_and_a_two_digit_year_of_the_last_century():
    article = clean_article(
        AGENCY_STORY.replace("(TTXVN/Vietnam+)", "Theo đó, giá vé giảm mạnh.").replace("11/07/14", "15/05/99")
    )
    assert article.paragraphs[-1] == "Theo đó, giá vé giảm mạnh."
    assert article.date == date(1999, 5, 15)
