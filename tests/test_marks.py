"""Marks for a question typed without them, read off the paragraphs found for it."""

from retrieval.marks import restore_marks


def test_each_word_takes_the_form_its_paragraphs_write_it_in_the_same_pair():
    paragraphs = [
        "Bức tường thành cổ được trùng tu. Tường thành dài 2 km, tường đá ong.",
        "Ông Hans Modrow là thủ tướng cuối cùng của Đông Đức.",
    ]
    # Alone, "tuong" is written "tường" more often here; beside "thu" it is "tướng".
    assert restore_marks("ai la thu tuong cuoi cung cua dong duc?", paragraphs) == (
        "ai là thủ tướng cuối cùng của đông đức?"
    )


def test_words_the_paragraphs_do_not_hold_stay_as_typed_with_spacing_and_punctuation():
    paragraphs = ["Giá xăng RON95 tăng 800 đồng mỗi lít."]
    assert restore_marks("Gia xang  tang, khi nao?", paragraphs) == "giá xăng  tăng, khi nao?"
    assert restore_marks("khi nao?", []) == "khi nao?"


def test_a_word_alone_takes_its_most_common_form_and_the_best_paragraph_breaks_a_tie():
    assert restore_marks("ban", ["bán hàng", "bạn bè"]) == "bán"
    assert restore_marks("ban", ["bạn bè", "bán hàng", "bạn học"]) == "bạn"
