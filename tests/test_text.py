from retrieval.text import exact_key, fold, has_marks, normalize, terms, words


def test_nfc_and_lookalike_eth_read_as_d_stroke():
    decomposed = "Ðảng ta"  # U+00D0 and a decomposed tone mark
    assert normalize(decomposed) == "Đảng ta"
    assert terms("Ðảng") == terms("Đảng")


def test_old_and_new_tone_placement_are_one_word():
    for old, new in [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Khánh Hoà", "Khánh Hòa")]:
        assert terms(old) == terms(new), (old, new)


def test_exact_keys_keep_tones_apart():
    assert exact_key("hòa") != exact_key("hóa")
    assert exact_key("mấy") != exact_key("máy")


def test_case_insensitive_and_folded():
    assert terms("THÁI NGUYÊN") == terms("thái nguyên")
    assert fold("Đối ngoại") == "doi ngoai"
    assert not has_marks("thai nguyen") and has_marks("Thái")


def test_unmarked_text_shares_folded_terms_with_marked_text():
    assert set(terms("thai nguyen")) <= set(terms("Thái Nguyên"))


def test_leading_zeros_of_numbers_do_not_matter():
    assert [w.folded for w in words("03/07")] == [w.folded for w in words("3/7")]


def test_bigrams_do_not_cross_punctuation():
    assert "nguyen to" not in terms("Thái Nguyên. Tổ chức")
    assert "thai nguyen" in terms("Thái Nguyên. Tổ chức")


def test_a_hyphen_inside_a_word_joins_its_syllables():
    assert "ro to" in terms("gồm một hoặc nhiều rô-to (đĩa xoay)")
    assert "tua bin" in terms("Tua-bin hơi nước")
    assert "noi hue" not in terms("Hà Nội - Huế") and "noi hue" not in terms("Hà Nội -Huế")


def test_folding_drops_every_mark_of_any_script_as_decomposing_would():
    import unicodedata

    for text in ["Thái Nguyên", "Ðà Nẵng", "Ελληνικά ά", "Йод", "が", "x\U0001d400"]:
        decomposed = unicodedata.normalize("NFD", normalize(text).lower())
        expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
        assert fold(text) == expected
    assert fold("Ðà Nẵng") == "da nang"  # the look-alike Eth is read as Đ


def test_a_final_y_after_a_consonant_is_the_vowel_i_either_way_it_is_spelt():
    for y, i in [("ca sỹ", "ca sĩ"), ("Kỹ thuật", "kĩ thuật"), ("10 tỷ đồng", "10 tỉ đồng"), ("Mỵ Nương", "Mị Nương")]:
        assert terms(y) == terms(i), (y, i)
        assert [w.exact for w in words(y.lower())] == [w.exact for w in words(i.lower())]
    assert fold("lý do") == fold("lí do") == "li do"


def test_a_y_after_a_vowel_or_alone_stays_its_own_letter():
    assert terms("này") != terms("nài")
    assert terms("thủy") != terms("thủi")
    assert terms("y tế") != terms("i tế")
    assert fold("hay") == "hay"


def test_an_unmarked_final_y_is_no_mark():
    assert not has_marks("cong ty") and not words("cong ty")[1].marked
    assert has_marks("công ty")
