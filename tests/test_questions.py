"""Question phrases decide the kind of answer wanted and are left out of the query."""

import pytest

from retrieval.question import learn_abbreviations, parse_question

CASES = [
    ("Thái Nguyên tổ chức hội nghị khi nào?", "when", "thai nguyen to chuc hoi nghi"),
    ("thai nguyen to chuc hoi nghi khi nao", "when", "thai nguyen to chuc hoi nghi"),
    ("Thái Nguyên tổ chức hội nghị hồi nào?", "when", "thai nguyen to chuc hoi nghi"),  # as the South asks
    ("Chừng nào cao tốc thông xe?", "when", "cao toc thong xe"),
    ("THÁI NGUYÊN TỔ CHỨC HỘI NGHỊ KHI NÀO?", "when", "thai nguyen to chuc hoi nghi"),  # capitals tell nothing
    ("Ai chủ trì lớp bồi dưỡng?", "who", "chu tri lop boi duong"),
    ("Ông Lê Hải Bình giữ chức vụ gì?", "who", "ong le hai binh"),
    ("Có bao nhiêu đại biểu dự hội nghị?", "how_many", "co dai bieu du hoi nghi"),
    ("Hội nghị kéo dài bao lâu?", "how_many", "hoi nghi keo dai"),
    ("Làm thế nào để tuyên truyền hiệu quả?", "other", "de tuyen truyen hieu qua"),
    ("Điều gì được thảo luận tại hội nghị?", "other", "duoc thao luan tai hoi nghi"),
    ("Ban Chỉ đạo đã làm gì để nâng cao hiệu quả?", "other", "ban chi dao da de nang cao hieu qua"),
    ("Hội nghị tổ chức ở đâu?", "where", "hoi nghi to chuc"),
    # "máy" (machine) is not "mấy" (how many) when the question carries marks.
    ("Máy tính của hội nghị ở đâu?", "where", "may tinh cua hoi nghi"),
    # "Ai Cập" (Egypt) is a name, not "ai" (who).
    ("Syria và Ai Cập tấn công Israel khi nào?", "when", "syria va ai cap tan cong israel"),
    ("Cơ quan nào ban hành kết luận?", "who", "ban hanh ket luan"),
    # A title with "nào" asks for a person.
    ("Ông nào là Giám đốc Sở Xây dựng?", "who", "la giam doc so xay dung"),
    ("Bác sĩ nào đứng đầu trung tâm?", "who", "dung dau trung tam"),
    # "không" asks only as the last word; before it, it is the question's own ("hàng không": aviation).
    ("Ai là Cục trưởng Cục Hàng không Việt Nam?", "who", "la cuc truong cuc hang khong viet nam"),
    ("Hội nghị có diễn ra không?", "other", "hoi nghi co dien ra"),
    # A match's minute is when something in it happened.
    ("Aguero mở tỉ số ở phút nào?", "when", "aguero mo ti so o"),
    ("Chuyến tàu Bắc Nam mất mấy giờ?", "how_many", "chuyen tau bac nam mat gio"),  # hours: a length of time
    # "tháng mấy" asks which month, "mấy tháng" how many.
    ("Nga kiểm soát Mariupol từ tháng mấy?", "when", "nga kiem soat mariupol tu"),
    ("bitcoin phuc hoi vao thang may", "when", "bitcoin phuc hoi vao"),
    ("Cuộc bao vây kéo dài mấy tháng?", "how_many", "cuoc bao vay keo dai thang"),
    # "<who> nào": a person's or a body's noun asks who.
    ("Vụ án do tòa án nào xét xử sơ thẩm?", "who", "vu an do xet xu so tham"),
    ("Nhà phân tích nào dự đoán bitcoin giảm?", "who", "du doan bitcoin giam"),
    ("Biệt danh Chanh là của ca sỹ nào?", "who", "biet danh chanh la cua"),  # "sỹ" as many write "sĩ"
    ("Cách mạng Pháp đã lật đổ vua nào?", "who", "cach mang phap da lat do"),
    ("Theo thần thoại, Saturn là tên vị thần nào?", "who", "theo than thoai saturn la ten"),
    ("Công ty thành viên nào của Vingroup sản xuất ô tô?", "other", "cong ti thanh vien cua vingroup san xuat o to"),
    # "AI" in capitals is artificial intelligence, not "ai" (who).
    ("Tọa đàm về AI diễn ra ngày nào?", "when", "toa dam ve ai dien ra"),
    ("Nạn nhân được đưa đến bệnh viện nào?", "other", "nan nhan duoc dua den benh vien"),  # no "viện nào" (body)
    # A phrase of two words opening the question before a name still asks.
    ("Khi nào Việt Nam gia nhập WTO?", "when", "viet nam gia nhap wto"),
]


@pytest.mark.parametrize("question, kind, kept", CASES, ids=[c[0] for c in CASES])
def test_question_phrases_set_the_kind_and_leave_the_query(question: str, kind: str, kept: str):
    parsed = parse_question(question, {})
    assert parsed.kind == kind
    assert " ".join(w.folded for w in parsed.words) == kept


@pytest.mark.parametrize(
    "question, expansion",
    [
        ("Tình hình KT-XH của tỉnh thế nào?", "kinh te xa hoi"),
        ("Ban Bí thư T.Ư họp khi nào?", "trung uong"),
        ("TTĐN là gì?", "thong tin doi ngoai"),
        ("ubnd tinh o dau", "uy ban nhan dan"),
    ],
)
def test_an_abbreviation_in_a_question_also_asks_for_its_expansion(question: str, expansion: str):
    parsed = parse_question(question, {})
    words = expansion.split()
    assert {f"{a} {b}" for a, b in zip(words, words[1:])} <= set(parsed.terms)
    assert any(set(words) < group for group in parsed.groups), "one piece of evidence, not one per word"


def test_a_short_abbreviation_counts_only_in_upper_case():
    # "tư" is also a common word (private, fourth): only "TƯ" stands for "trung ương".
    assert "trung uong" not in parse_question("Kinh tế tư nhân phát triển thế nào?", {}).terms
    assert "trung uong" in parse_question("Nghị quyết TƯ 4 ban hành khi nào?", {}).terms


def test_abbreviations_defined_in_an_article_are_learnt_letter_by_letter():
    text = "Thông tin đối ngoại (TTĐN) và Trạm Thú y (TY) phối hợp."
    assert learn_abbreviations(text) == {"ttđn": "thông tin đối ngoại", "ty": "thú y"}


def test_a_phrase_asking_when_only_with_its_marks_is_no_question_phrase_unmarked():
    assert parse_question("Lễ hội Đền Hùng diễn ra hồi nào?", {}).kind == "when"
    assert parse_question("le hoi nao dien ra o den hung", {}).kind == "other"  # "lễ hội nào", which festival


@pytest.mark.parametrize(
    "question",
    ["Dự án có tổng mức đầu tư bao nhiêu tỷ đồng?", "du an co tong muc dau tu bao nhieu ty dong", "bao nhiêu tỉ đồng"],
)
def test_a_how_many_question_counts_the_noun_after_its_scale_word(question: str):
    assert parse_question(question, {}).unit == "dong"


def test_an_unmarked_word_that_may_be_a_scale_or_a_noun_is_counted_as_written():
    assert parse_question("co bao nhieu tram xang", {}).unit == "tram xang"  # "trạm xăng", petrol stations
