"""List answers: every item of the kind asked, across articles, each with its citation."""

import json
from pathlib import Path

import pytest

from bot.render import answer_text
from retrieval.engine import Engine
from retrieval.lists import ORGANISATION, PERSON, PLACE, list_items, read_list_question
from retrieval.text import fold

ARTICLES = [
    ("kh", "Ngày 5/3/2024, tỉnh Khánh Hòa tổ chức lớp tập huấn công tác thông tin đối ngoại cho 120 học viên."),
    (
        "dl",
        "Ngày 12/4/2024, tỉnh Đắk Lắk tổ chức lớp tập huấn công tác thông tin đối ngoại do ông Phạm Minh Tấn chủ trì.",
    ),
    (
        "tn",
        "Sáng 3/7/2024, tỉnh Thái Nguyên tổ chức lớp tập huấn công tác thông tin đối ngoại, bà Nguyễn Thị Lan chủ trì.",
    ),
    ("gia", "Giá cà phê tại tỉnh Lâm Đồng tăng mạnh trong tháng 7/2024, theo các doanh nghiệp xuất khẩu."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("lists")
    records = folder / "tin.jsonl"
    rows = [{"id": doc, "title": "Tập huấn thông tin đối ngoại", "text": text} for doc, text in ARTICLES]
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    built = Engine(folder / "l.db", seeds=None)
    built.ingest([records])
    return built


@pytest.mark.parametrize(
    "question, kind, counted",
    [
        ("Những tỉnh nào tổ chức tập huấn?", PLACE, False),
        ("cac tinh nao to chuc tap huan?", PLACE, False),
        ("Bao nhiêu tỉnh tổ chức tập huấn?", PLACE, True),
        ("Lớp tập huấn được tổ chức ở những đâu?", PLACE, False),
        ("Những ai chủ trì lớp tập huấn?", PERSON, False),
        ("Các đơn vị nào tham gia?", ORGANISATION, False),
        ("Ngoài Hà Nội, các đơn vị hành chính nào có GRDP cao nhất?", PLACE, False),
        ("Trong 5 đơn vị hành chính giáp biển, ngoài Huế còn các đơn vị nào khác?", PLACE, False),
        ("Các đơn vị nào thẩm định đề án sắp xếp đơn vị hành chính?", ORGANISATION, False),
    ],
)
def test_list_questions_are_recognised(question: str, kind: str, counted: bool):
    listing = read_list_question(question)
    assert listing is not None and (listing.kind, listing.counted) == (kind, counted)


@pytest.mark.parametrize(
    "question",
    [
        "Tỉnh nào tổ chức tập huấn sớm nhất?",
        "Có bao nhiêu học viên dự lớp tập huấn?",
        "Ai chủ trì lớp tập huấn?",
        "Sau sắp xếp, huyện có bao nhiêu đơn vị hành chính cấp xã?",  # a number the articles state
    ],
)
def test_one_answer_questions_are_not_lists(question: str):
    assert read_list_question(question) is None


def test_a_list_names_each_item_once_with_the_passage_it_is_in(engine: Engine):
    answer = engine.ask("Những tỉnh nào tổ chức lớp tập huấn công tác thông tin đối ngoại?")
    items = answer.to_json()["answers"]
    assert sorted(item["text"] for item in items) == ["Khánh Hòa", "Thái Nguyên", "Đắk Lắk"]
    for item in items:
        assert item["text"] in answer.hits[item["hit"]].chunk.text, "each item cites the passage that names it"
    assert answer.answer == ", ".join(item["text"] for item in items)
    assert "Lâm Đồng" not in answer.answer, "a province in a passage about something else is not an item"
    headline = answer_text(answer).splitlines()[0]
    assert headline == "Trả lời: " + ", ".join(f"{item['text']} [{item['hit'] + 1}]" for item in items)


def test_how_many_counts_the_items_and_the_question_own_names_are_left_out(engine: Engine):
    counted = engine.ask("Bao nhiêu tỉnh tổ chức lớp tập huấn công tác thông tin đối ngoại?")
    assert counted.answer is not None and counted.answer.startswith("3 tỉnh được nêu: ")
    others = engine.ask("Ngoài Khánh Hòa, những tỉnh nào tổ chức lớp tập huấn thông tin đối ngoại?")
    assert others.listed is not None and sorted(i.text for i in others.listed) == ["Thái Nguyên", "Đắk Lắk"]


def test_a_list_of_people(engine: Engine):
    answer = engine.ask("Những ai chủ trì lớp tập huấn công tác thông tin đối ngoại?")
    assert answer.listed is not None
    assert sorted(item.text for item in answer.listed) == ["Nguyễn Thị Lan", "Phạm Minh Tấn"]


def test_other_questions_have_no_list(engine: Engine, tmp_path: Path):
    answer = engine.ask("Lớp tập huấn ở Khánh Hòa có bao nhiêu học viên?")
    assert answer.to_json()["answers"] is None and answer.answer == "120 học viên"


def test_a_number_the_articles_state_answers_how_many_rather_than_a_count(tmp_path: Path):
    records = tmp_path / "tin.jsonl"
    rows = [*ARTICLES, ("tong", "Trong năm 2024 có 12 tỉnh tổ chức lớp tập huấn công tác thông tin đối ngoại.")]
    lines = [json.dumps({"id": doc, "title": "Tập huấn thông tin đối ngoại", "text": text}) for doc, text in rows]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Engine(tmp_path / "l.db", seeds=None) as engine:
        engine.ingest([records])
        answer = engine.ask("Năm 2024 có bao nhiêu tỉnh tổ chức lớp tập huấn công tác thông tin đối ngoại?")
    assert answer.answer is not None and answer.answer.startswith("12 tỉnh") and answer.listed is None


def test_a_body_the_question_names_in_any_case_is_no_item_and_a_body_named_in_part_is_one(tmp_path: Path):
    rows = [
        (
            "hn",
            "Sáng 24/12, Ban Tuyên giáo Trung ương chủ trì, phối hợp với Bộ Thông tin và Truyền thông, Hội Nhà báo "
            "Việt Nam tổ chức Hội nghị báo chí toàn quốc.",
        ),
        ("bt", "Hội nghị báo chí toàn quốc do Ban Tuyên giáo chủ trì, phối hợp với Bộ Thông tin tổ chức tại Hà Nội."),
    ]
    records = tmp_path / "tin.jsonl"
    lines = [json.dumps({"id": doc, "title": "Tin tức", "text": text}) for doc, text in [*ARTICLES, *rows]]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Engine(tmp_path / "l.db", seeds=None) as engine:
        engine.ingest([records])
        answer = engine.ask("Hội nghị báo chí toàn quốc do ban tuyên giáo phối hợp với những cơ quan nào tổ chức?")
    assert answer.listed is not None
    assert [item.text for item in answer.listed] == ["Bộ Thông tin và Truyền thông", "Hội Nhà báo Việt Nam"]


def test_a_place_follows_its_noun_as_written_with_marks():
    question = "Lễ hội được tổ chức ở những nơi nào?"
    listing = read_list_question(question)
    assert listing is not None
    text = "Lễ hội có từ thời phương Bắc đô hộ, nay được tổ chức tại phường Tây Hồ, cách xa Hà Nội."
    # "phương Bắc" (the North) is no "phường" (a ward), and "xa" (far) no "xã" (a commune).
    assert [item.text for item in list_items(listing, [(text, (0, len(text)))], fold(question))] == ["Tây Hồ"]


def test_items_are_read_in_the_sentence_holding_the_question_not_in_the_one_going_on_about_it(tmp_path: Path):
    records = tmp_path / "tin.jsonl"
    text = (
        "Chiều 10/1, Bí thư Tỉnh ủy Nghệ An Nguyễn Đức Trung chủ trì hội nghị tổng kết công tác xây dựng Đảng. "
        "Tại hội nghị, ông báo cáo cùng ông Nguyễn Văn Đệ về tình hình kinh tế - xã hội của tỉnh."
    )
    rows = [{"id": doc, "title": "", "text": body} for doc, body in [*ARTICLES, ("na", text)]]
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    with Engine(tmp_path / "l.db", seeds=None) as engine:
        engine.ingest([records])
        answer = engine.ask("Những ai chủ trì hội nghị tổng kết công tác xây dựng Đảng?", 3)
    assert answer.answer == "Nguyễn Đức Trung"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        (
            "Những tỉnh nào bị mưa lớn?",
            "Mưa lớn kéo dài ở các tỉnh Quảng Nam, Quảng Ngãi và Bình Định, gây ngập nặng.",
            ["Quảng Nam", "Quảng Ngãi", "Bình Định"],
        ),
        (  # "và" closes the list: the name after it opens a clause
            "Âu Lạc được chia thành các quận nào?",
            "Nhà Hán chia Âu Lạc thành ba quận Giao Chỉ, Cửu Chân và Nhật Nam, Hà Nội khi đó thuộc quận Giao Chỉ.",
            ["Giao Chỉ", "Cửu Chân", "Nhật Nam"],
        ),
        (  # a province's country, a person after it: not provinces
            "Những tỉnh nào bị lũ?",
            "Lũ gây thiệt hại ở tỉnh Quảng Nam, Việt Nam, ông Nguyễn Văn An cho biết.",
            ["Quảng Nam"],
        ),
        (  # a general noun opening a list
            "Những địa phương nào nắng nóng?",
            "Nắng nóng gay gắt ở các địa phương như Hà Nội, Hà Tĩnh và Nghệ An.",
            ["Hà Nội", "Hà Tĩnh", "Nghệ An"],
        ),
        (
            "Những tỉnh nào nắng nóng?",
            "Nắng nóng gay gắt ở các tỉnh: Thanh Hóa, Hà Tĩnh, Nghệ An.",
            ["Thanh Hóa", "Hà Tĩnh", "Nghệ An"],
        ),
        (  # after a colon, the names spell out the region before it
            "Những quốc gia nào có tác phẩm trong bộ sưu tập?",
            "Bộ sưu tập có 70.000 tác phẩm từ các quốc gia Đông Á: Trung Quốc, Nhật Bản và Hàn Quốc.",
            ["Trung Quốc", "Nhật Bản", "Hàn Quốc"],
        ),
        (  # a province known by name goes on with the list
            "Bão Yagi đổ bộ vào những tỉnh nào?",
            "Bão Yagi đổ bộ vào các tỉnh Quảng Ninh, Hải Phòng, Thái Bình và Nam Định.",
            ["Quảng Ninh", "Hải Phòng", "Thái Bình", "Nam Định"],
        ),
        (  # after a comma, where each item is
            "Lũ cuốn trôi nhà dân ở những huyện nào?",
            "Lũ cuốn trôi nhà dân ở huyện Bát Xát, Lào Cai và huyện Mù Cang Chải, Yên Bái.",
            ["Bát Xát", "Mù Cang Chải"],
        ),
        (
            "Du khách chọn những thành phố nào?",
            "Du khách chọn các thành phố Bangkok, Thái Lan và Kuala Lumpur, Malaysia.",
            ["Bangkok", "Kuala Lumpur"],
        ),
        ("Những quốc gia nào bỏ chế độ nô lệ?", "Các quốc gia Thiên chúa giáo sẽ bỏ chế độ nô lệ.", []),  # a faith
        ("Những nơi nào Bác Hồ đến?", "Nơi Bác Hồ ra đi tìm đường cứu nước là bến Nhà Rồng.", []),
    ],
)
def test_the_places_a_noun_heads_are_each_an_item(question: str, text: str, expected: list[str]):
    listing = read_list_question(question)
    assert listing is not None
    assert [item.text for item in list_items(listing, [(text, (0, len(text)))], fold(question))] == expected


def test_no_item_from_a_sentence_holding_little_of_the_question(tmp_path: Path):
    text = (
        "Nhiều vùng đất thấp hơn mực nước bị nhiễm mặn. Đồng Tháp là tỉnh hợp nhất từ tỉnh Sa Đéc và tỉnh Kiến Phong "
        "ở vùng đồng bằng sông Cửu Long."
    )
    records = tmp_path / "tin.jsonl"
    lines = [
        json.dumps({"id": doc, "title": "", "text": body}, ensure_ascii=False)
        for doc, body in [*ARTICLES, ("dt", text)]
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Engine(tmp_path / "l.db", seeds=None) as engine:
        engine.ingest([records])
        answer = engine.ask("Những tỉnh nào thuộc đồng bằng sông Cửu Long có địa hình thấp hơn mực nước biển?")
    assert answer.hits, "the passage answers the question"
    assert answer.listed is None, "Sa Đéc and Kiến Phong are named where nothing is said of the land's height"


def test_no_item_standing_far_from_the_question_s_words(tmp_path: Path):
    far = (
        "Lớp tập huấn công tác thông tin đối ngoại năm nay thu hút nhiều học viên đến từ các cơ quan, doanh nghiệp, "
        "trường học và hội đoàn thể trong cả nước, trong đó có nhiều người từng sống nhiều năm ở tỉnh Gia Lai."
    )
    records = tmp_path / "tin.jsonl"
    rows = [{"id": doc, "title": "", "text": body} for doc, body in [*ARTICLES, ("far", far)]]
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    with Engine(tmp_path / "l.db", seeds=None) as engine:
        engine.ingest([records])
        answer = engine.ask("Những tỉnh nào tổ chức lớp tập huấn công tác thông tin đối ngoại?")
    assert answer.listed is not None
    assert sorted(item.text for item in answer.listed) == ["Khánh Hòa", "Thái Nguyên", "Đắk Lắk"]
