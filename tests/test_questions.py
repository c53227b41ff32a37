"""Question phrases decide the kind of answer wanted and are left out of the query."""

import pytest

from retrieval.answer import parse_question

CASES = [
    ("Thái Nguyên tổ chức hội nghị khi nào?", "when", "thai nguyen to chuc hoi nghi"),
    ("thai nguyen to chuc hoi nghi khi nao", "when", "thai nguyen to chuc hoi nghi"),
    ("Ai chủ trì lớp bồi dưỡng?", "who", "chu tri lop boi duong"),
    ("Ông Lê Hải Bình giữ chức vụ gì?", "who", "ong le hai binh"),
    ("Có bao nhiêu đại biểu dự hội nghị?", "how_many", "co dai bieu du hoi nghi"),
    ("Hội nghị kéo dài bao lâu?", "other", "hoi nghi keo dai"),
    ("Làm thế nào để tuyên truyền hiệu quả?", "other", "de tuyen truyen hieu qua"),
    ("Điều gì được thảo luận tại hội nghị?", "other", "duoc thao luan tai hoi nghi"),
    ("Hội nghị tổ chức ở đâu?", "other", "hoi nghi to chuc"),
    # "máy" (machine) is not "mấy" (how many) when the question carries marks.
    ("Máy tính của hội nghị ở đâu?", "other", "may tinh cua hoi nghi"),
]


@pytest.mark.parametrize("question, kind, kept", CASES, ids=[c[0] for c in CASES])
def test_question_phrases_set_the_kind_and_leave_the_query(question: str, kind: str, kept: str):
    parsed = parse_question(question, {})
    assert parsed.kind == kind
    assert " ".join(w.folded for w in parsed.words) == kept
