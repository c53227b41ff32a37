"""Answers of a kind in Vietnamese text: dates and times, quantities, names of people and organisations.

Each recogniser yields Candidates: the span of the text the answer covers and
the answer as a reader should see it. They know nothing of questions; choosing
among candidates is retrieval.answer's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from retrieval.text import exact_key, fold, has_marks


def _keys(words: str) -> str:
    """Each word's key, for a phrase of several."""
    return " ".join(_key(word) for word in words.split())


def _key(word: str) -> str:
    """A word as the word lists below hold it: lower case, tone placement ignored, marks kept.

    Folded forms would collide ("từ" and "tử", "Hội" and "Hồi"), and passages carry their marks.
    """
    return exact_key(word.lower())


@dataclass(frozen=True)
class Candidate:
    start: int  # the span of the text the answer covers, role or qualifier included
    end: int
    text: str  # the answer as shown
    core: tuple[int, int]  # the span that names the answer itself: a name without its role


# --- dates and times --------------------------------------------------------------------

_I = re.IGNORECASE
_ROMAN = r"[IVXLC]+(?!\w)"  # a whole word: the "c" of "tháng cuối năm" is no C
_MONTH_WORD = r"(?:giêng|chạp|mười một|mười hai|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)(?!\w)"
_ERA = r"(?:\s+(?:TCN|SCN|CN|BP|trước Công nguyên|sau Công nguyên))?"
# A day and month with digits: 03/7, 16-8/2023, "23, 24 và 26/10". A dot separates only with a year:
# "3.7" alone is a decimal number.
_AGE = r"(?:1[01]\d|\d{1,2})\s+tuổi"  # "năm 36 tuổi" is an age, not the year 36
_DAY_MONTH = re.compile(
    r"(?<![\d/.,])(?P<days>\d{1,2}(?:\s*(?:,|và)\s*\d{1,2})*)(?:[/\-](?P<month>\d{1,2})(?:[/\-.](?P<year>\d{4}))?"
    r"|\.(?P<dot_month>\d{1,2})\.(?P<dot_year>\d{4}))(?![\d/])"
)
# 14 tháng Chạp, 3 tháng 7 năm 2024: a day and a lunar month, or a day and a month with its year, or the first
# of a range whose last has it ("21 tháng 3 đến 6 tháng 4 năm 1930"); "3 tháng 10 ngày" is a length of time,
# "1 tháng năm 2021" a month's worth
_DAY_OF_A_MONTH = re.compile(
    r"(?<![\d.,])\d{1,2}\s+tháng\s+(?:(?:giêng|chạp)(?!\w)(?:\s*(?:năm|,)\s*\d{1,4})?|\d{1,2}\s*(?:năm|,)\s*\d{4}"
    r"|\d{1,2}(?=\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s*(?:năm|,)\s*\d{4}))",
    _I,
)
_DATE_FORMS = [
    # ngày 3 tháng 7 năm 2024
    re.compile(r"ngày\s+\d{1,2}\s+tháng\s+(?:\d{1,2}|" + _MONTH_WORD + r")(?:\s*(?:năm|,)\s*\d{1,4})?" + _ERA, _I),
    _DAY_OF_A_MONTH,
    # tháng 9/1969, tháng 4 năm 1991, tháng Bảy, tháng 12 năm ngoái; not "1 tháng năm 2021", a month's length in 2021
    re.compile(
        r"(?<!\d\s)tháng\s+(?:\d{1,2}|" + _MONTH_WORD + r"|" + _ROMAN + r")"
        r"(?:\s*(?:/|năm|,)\s*\d{3,4}|\s+năm\s+(?:ngoái|trước|nay|sau|tới)(?!\w))?" + _ERA,
        _I,
    ),
    # quý I/2021, quý 3 năm 2020
    re.compile(r"quý\s+(?:" + _ROMAN + r"|\d)(?:\s*(?:/|năm)\s*\d{4})?", _I),
    # thế kỷ 15, thế kỉ XV, thế kỷ thứ 15 TCN
    re.compile(r"thế\s+k[ỷỉ]\s+(?:thứ\s+)?(?:\d{1,2}|" + _ROMAN + r")" + _ERA, _I),
    # những năm 1970, thập niên 1990, thập kỷ 1960
    re.compile(r"(?:những\s+năm|thập\s+(?:niên|k[ỷỉ]))\s+\d{2,4}", _I),
    # an age as a time: "từ năm 36 tuổi"
    re.compile(r"năm\s+" + _AGE, _I),
    # năm 1969, năm 935, năm 500 TCN, năm 2015-2016
    re.compile(r"năm\s+(?!" + _AGE + r")\d{1,4}(?:\s*[-–]\s*\d{2,4})?(?!\s*%)" + _ERA + r"(?![\d.,]\d)", _I),
    # a year alone: 1969, 11.600 BP; years from one to another: 2021-2025
    re.compile(r"(?<![\d.,/\-])(?:1[0-9]|20)\d{2}(?:\s*[-–]\s*(?:1[0-9]|20)\d{2})?(?![\d.,/]\d|\s*%)" + _ERA),
    re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})*\s+(?:TCN|BP|trước Công nguyên)"),
    # a time of day, with the day it is on: 6h, 23h55, 19h30 ngày 27/12; not a length ("sau 48h", "trong 2h")
    re.compile(
        r"(?<![\w.,])(?<!sau )(?<!trong )(?:[01]?\d|2[0-3])h(?:[0-5]\d)?"
        r"(?:\s*,?\s*(?:ngày|hôm)\s+\d{1,2}[/\-]\d{1,2}(?:[/\-]\d{4})?)?(?!\w)",
        _I,
    ),
    # a minute of a match: phút 29, phút thứ 5, phút 90+2; not a length ("5 phút 30 giây") or a rate ("mỗi phút")
    re.compile(r"(?<!\d )(?<!mỗi )phút\s+(?:thứ\s+)?\d{1,3}(?!\d)(?:\s*\+\s*\d{1,2}(?!\d))?(?![.,]\d)(?!\s*giây)", _I),
]
# Words that qualify a date and belong to the answer: "cuối những năm 1980", "sau năm 1850".
_DATE_QUALIFIER = re.compile(
    r"(?:(?:vào\s+)?(?:khoảng|đầu|giữa|cuối|sau|trước|mùa\s+(?:xuân|hè|hạ|thu|đông)|sáng|chiều|tối|trưa|đêm|"
    r"rạng\s+sáng|ngày|niên\s+vụ|mùa\s+vụ|mùa\s+giải|năm\s+học)\s+)+$",
    _I,
)
_RANGE_OPENING = re.compile(r"(?:từ|giữa)\s+", _I)
_DAY_OPENING_A_RANGE = re.compile(r"(?:(?:từ|giữa)\s+)?ngày\s+\d{1,2}\s*(?:đến|tới|-|–)\s*$", _I)
_DATE_RANGE = re.compile(r"^\s*(?:đến|tới|-|–|—|và|cho đến)\s*$", _I)
# A yearless date after which the text points forward ("ngày 27/12 tới") or before which it does
# ("sẽ", "dự kiến"): its year is the next one on or after publication, not the last one before.
_FORWARD_AFTER = re.compile(r"^\s*(?:tới|sắp tới|tới đây|này)\b", _I)
_FORWARD_BEFORE = re.compile(r"\b(?:sẽ|sắp|dự kiến|kế hoạch|chuẩn bị|dự định)\b[^.;]*$", _I)
# Capitalised words right before a year alone name what the year is of: "World Cup 2022", "Tết Quý Mão 2023".
_NAMED_BEFORE = re.compile(r"(?<![\w-])(?:[A-ZĐ][^\W\d_]*(?:-[^\W\d_]+)*\s){1,4}$")
_BARE_YEAR = re.compile(r"(?:1[0-9]|20)\d{2}")
_YEAR_WORDS = re.compile(r"(?<!\d)(?:1[0-9]|20)\d{2}(?!\d)")


def dates(text: str, published: date | None = None) -> Iterator[Candidate]:
    """Every date, month, year, quarter, century or decade, with its qualifier, ranges joined."""
    joined: list[tuple[int, int, bool]] = []  # (start, end, a range of two dates)
    for start, end in _merge(_date_spans(text)):
        if joined and _DATE_RANGE.match(text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], end, True)
        else:
            joined.append((start, end, False))
    for start, end, ranged in joined:
        begin = start
        named = _NAMED_BEFORE.search(text, max(0, start - 40), start)
        event = _event_named(text, named.start(), start) if named and is_bare_year(text[start:end]) else None
        if event is not None:
            begin = event  # "World Cup 2022": the year of an event is the event's
        qualifier = _DATE_QUALIFIER.search(text, 0, begin)
        begin = qualifier.start() if qualifier and qualifier.end() == begin else begin
        opening = _RANGE_OPENING.search(text, max(0, begin - 6), begin)
        if ranged and opening and opening.end() == begin:
            begin = opening.start()  # "từ năm 1756 đến năm 1763"
        first_day = _DAY_OPENING_A_RANGE.search(text, max(0, begin - 24), begin)
        if first_day and first_day.end() == begin and _DAY_MONTH.fullmatch(text, start, end):
            begin = first_day.start()  # "từ ngày 4 đến 7/8": the first day takes the month of the last
        shown = _with_year(text, start, end, text[begin:end], published)
        yield Candidate(begin, end, shown[0].upper() + shown[1:], (start, end))


def _event_named(text: str, start: int, end: int) -> int | None:
    """Where the name of what a year is of starts, in the capitalised words before it: after an opener ("Trước
    World Cup 2022"), and none when they are only an opener ("Đến 2030") or a place ("Đà Nẵng 2005")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and _key(words[0].group()) in _COMMON_OPENERS:
        words.pop(0)
    if not words or " ".join(_key(word.group()) for word in words) in _PLACES:
        return None
    return start + words[0].start()


def is_bare_year(text: str) -> bool:
    return bool(_BARE_YEAR.fullmatch(text))


def _date_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in _DAY_MONTH.finditer(text):
        month = match["month"] or match["dot_month"]
        if month and 1 <= int(month) <= 12 and all(1 <= int(d) <= 31 for d in re.findall(r"\d+", match["days"])):
            yield match.span()
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            yield match.span()


def _merge(spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, in text order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _with_year(text: str, start: int, end: int, shown: str, published: date | None) -> str:
    """A day and month without a year gets the year from the publication date."""
    match = _DAY_MONTH.fullmatch(text[start:end]) or _DAY_MONTH.search(text[start:end])
    if published is None or match is None or match["year"] or match["dot_year"] or _YEAR_WORDS.search(shown):
        return shown
    if not match["month"] or match.end() != end - start:
        return shown
    day = int(re.findall(r"\d+", match["days"])[-1])
    month = int(match["month"])
    forward = bool(_FORWARD_AFTER.match(text[end:])) or bool(_FORWARD_BEFORE.search(text[max(0, start - 60) : start]))
    on_or_before = (month, day) <= (published.month, published.day)
    if forward:
        year = published.year if not on_or_before or (month, day) == (published.month, published.day) else 0
        year = year or published.year + 1
    else:
        year = published.year if on_or_before else published.year - 1
    return f"{shown}/{year}"


# --- quantities ---------------------------------------------------------------------------

_NUMBER_WORDS = (
    "một hai ba bốn tư năm sáu bảy tám chín mười mươi mốt lăm linh lẻ trăm nghìn ngàn triệu tỷ tỉ chục vạn nửa"
).split()
_NUMBER_WORD = r"(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
SCALE_WORDS = r"trăm|nghìn|ngàn|triệu|tỷ|tỉ"  # a number's scale: "7.800 tỷ", "mười triệu"
_SCALE = r"(?:\s+(?:" + SCALE_WORDS + r"|vạn))*"
_DIGITS = r"\d+(?:[.,]\d+)*"
# Units written onto the number: "560km", "1.200kg", "105km/h".
_ATTACHED_UNIT = r"(?=(?:km|kg|cm|mm|m|ha|kWh|kW|MW|GW)(?:[²³23]|/h)?\b)"
_QUANTITY = re.compile(
    r"(?<![\w.,/-])(?P<number>" + _DIGITS + _SCALE + r"(?:\s*(?:[-–]|đến|tới)\s*" + _DIGITS + _SCALE + r")?"
    r"|" + _NUMBER_WORD + r"(?:\s+" + _NUMBER_WORD + r")*)(?:(?!\w)|" + _ATTACHED_UNIT + r")",
    _I,
)
# "năm" is five, or a year: "năm nay", "năm ngoái", "năm học" name a year, never five of something.
_YEAR_NOT_FIVE = re.compile(r"\s+(?:nay|ngoái|trước|qua|tới|đó|ấy|học|tài chính)\b", _I)
ORDINAL_BEFORE = re.compile(r"thứ\s+$", _I)  # "thứ tư": the ordinal's word before its number
# "tỷ" alone is a billion, but "tỷ lệ", "tỉ số", "tỷ giá", "tỷ phú", "tỷ trọng" are words of their own.
_NOT_A_BILLION = re.compile(r"\s+(?:lệ|số|giá|phú|trọng)\b", _I)
_QUANTITY_QUALIFIER = re.compile(
    r"(?:gần|hơn|khoảng|trên|dưới|tới|chừng|hàng|ít nhất|tối đa|xấp xỉ|gấp|có tới|lên tới|lên đến|chưa đến|"
    r"chưa tới|chỉ|chỉ có|đúng|tổng cộng|tổng số|tròn|từ)\s+$",
    _I,
)
# An adjective before "hơn" compares: "cao hơn", "nhiều hơn"; the number after it is the difference.
_COMPARED = re.compile(
    r"\b(?:cao|thấp|nhiều|ít|lớn|nhỏ|đắt|rẻ|nhanh|chậm|mạnh|yếu|dài|ngắn|rộng|hẹp|nặng|nhẹ|sâu|xa|sớm|muộn|lâu)\s+$",
    _I,
)
PERCENT = re.compile(r"\s*(?:%|phần trăm)", _I)
_OUT_OF = re.compile(r"(?<![\w.,])" + _DIGITS + r"\s+$")
_ASIDE = re.compile(r"\s*\([^()]{1,20}\)")
# Words after a number that are not its unit: they start the next phrase.
_NOT_A_UNIT = frozenset(
    _key(w)
    for w in "và của cho với tại ở trong theo từ đến là được có đã sẽ này đó khi thì nhưng hay hoặc cùng "
    "so như trên dưới vào ra để về mà bị do nên cũng đều đang vẫn còn chưa mới không phải cần vừa sắp".split()
)
PEOPLE = "nguoi"
_YEAR_LIKE = re.compile(r"(?:1[0-9]|20)[0-9]{2}")
# "6 điểm sau hai trận": after or before, not a unit's word; but "505 triệu năm trước" is years ago.
_BEFORE_OR_AFTER = frozenset(_key(w) for w in ("sau", "trước"))
# The first syllables of common verbs: after a one-word unit they start the predicate
# ("12 tỉnh tổ chức", "5 đoàn tham gia"), though alone some are nouns ("3 tổ công tác").
_STARTS_A_VERB = frozenset(
    _key(w) for w in "tổ tham thực tiến triển hoàn đăng tiếp đạt tăng giảm gồm thuộc sử xây đón nhận phục".split()
)
_TIME_UNITS = frozenset(
    _key(w) for w in "giây phút giờ tiếng ngày tuần tháng năm thập kỷ kỉ thế kỷ niên buổi hôm đêm".split()
)


# Units of measure and of time are whole in one word, save a square or cubic measure: "217 mét bắc qua sông"
# is 217 metres, "500 mét vuông" an area, "gần 3 năm phòng, chống dịch" three years; so is a count of
# times: "bốn lần bỏ phiếu".
_MEASURES = frozenset(
    _key(w)
    for w in "mét m km cm mm kg gam tấn ha lít tuổi usd vnd euro độ °c giây phút giờ ngày tuần tháng năm m2 m² m3 "
    "km2 km² km/h lần".split()
)


def _ends_the_unit(unit: str, following: str) -> bool:
    """A unit of measure or time, or a rate, is whole; only an area or a volume ("mét vuông"), or a time before
    or after ("505 triệu năm trước"), goes on."""
    key = _key(unit.strip())
    if "/" in key and _is_a_rate(key):
        return True  # a rate is whole: "đồng/vé", "khách/ngày"
    if key not in _MEASURES:
        return False
    return _key(following) not in ("vuông", "khối") and not (
        is_time_unit(fold(key)) and _key(following) in _BEFORE_OR_AFTER
    )


# Units of money, folded: what "bao nhiêu tiền" asks for.
MONEY_UNITS = frozenset("dong usd vnd do euro yen bang te won".split())
# A number ending in a scale word: "7.800 tỷ", after which "đồng" is money, whole ("7.800 tỷ đồng kinh phí").
_SCALED_NUMBER = re.compile(r"(?:" + SCALE_WORDS + r")$", _I)


def _is_a_rate(unit: str) -> bool:
    """ "đồng/vé", "khách/ngày", "km/h": money or a measure for each of something, or something for each time;
    "tỉnh/thành phố" is two names of one thing."""
    per, _, each = unit.partition("/")
    return per in _MEASURES or fold(per) in MONEY_UNITS or fold(each).split(" ")[0] in _PER_TIME


@dataclass(frozen=True)
class Quantity:
    candidate: Candidate
    unit: str  # the folded unit word(s) after the number, "" when none
    digits: bool  # written with digits, not in words


def quantities(text: str) -> Iterator[Quantity]:
    """Every number with its qualifier and the unit that follows (at most two words, or %)."""
    taken = 0  # where the last quantity's unit ended: "phần trăm" after "7 đến 10" is not another number
    days = {match.start() for match in _DAY_OF_A_MONTH.finditer(text)}  # "21 tháng 3 năm 2024": not 21 months
    for match in _QUANTITY.finditer(text):
        number = match["number"]
        if match.start() < taken or match.start() in days:
            continue
        start, end = match.span()
        if _not_a_number_alone(text, number, start):
            continue
        if fold(number) == "nam" and _YEAR_NOT_FIVE.match(text, end):
            continue
        if fold(number) == "ti" and _NOT_A_BILLION.match(text, end):
            continue
        if text[end : end + 1] in ("'", "′", "’") and number[-1].isdigit():
            continue  # a minute of a match, "Ferran Torres (106')": a time, never a count
        if _is_date_part(text, start, end) or (not number[0].isdigit() and re.match(r"\s*\d", text[end:])):
            continue  # "năm 1620" is a year, not five
        percent = PERCENT.match(text, end)
        unit_words: list[str] = []
        unit_end = end
        if percent:
            unit_end = percent.end()
            unit_words = ["phan", "tram"]  # "%" is how "phần trăm" is written: a question asks in words
        else:
            # A short aside between a number and its unit: "68.511 (43,3%) hộ gia đình".
            aside = _ASIDE.match(text, end)
            if aside and re.match(r"\s*[^\W\d_A-ZĐ]", text[aside.end() :]):
                unit_end = aside.end()
            base = unit_end
            # A word of the unit may be hyphened: "42 ki-ốt".
            for word in re.finditer(
                r"\s*([^\W\d][\w°/]*(?:-[^\W\d]\w*)*|°C|USD|VND|km²?|m²|ha|kg|%)", text[base : base + 40]
            ):
                most = 3 if unit_words[:1] == [PEOPLE] else 2  # "1.200 người lao động": people, and which ones
                if word.start() != (unit_end - base) or _key(word[1]) in _NOT_A_UNIT or len(unit_words) == most:
                    break
                if not unit_words and _YEAR_LIKE.fullmatch(number) and _key(word[1]) == _key("người"):
                    break  # thousands take a dot ("2.030 người"): "Đến 2030 người dân …" is a year
                if unit_words and (_key(word[1]) in _STARTS_A_VERB or _ends_the_unit(text[base:unit_end], word[1])):
                    break
                if _key(word[1]) in _BEFORE_OR_AFTER and not is_time_unit(" ".join(unit_words)):
                    break
                if unit_words and unit_words[-1] in MONEY_UNITS and _SCALED_NUMBER.search(number):
                    break
                if not word[1][0].islower() and word[1] not in ("USD", "VND", "°C"):
                    break
                unit_words.extend(fold(word[1]).split("-"))  # "ki-ốt" is two syllables, as a question's words are
                unit_end = base + word.end()
        qualifier = _QUANTITY_QUALIFIER.search(text[max(0, start - 14) : start])
        if qualifier and _compares(text, start - len(qualifier[0]), qualifier[0]) and PERCENT.match(text, end):
            qualifier = None  # "cao hơn 53%": higher by 53%, not more than 53%; "dài hơn 2,7 km" is more than
        begin = start - len(qualifier[0]) if qualifier else start
        if qualifier and fold(qualifier[0]).strip() == "tren":
            out_of = _OUT_OF.search(text, max(0, begin - 20), begin)
            if out_of and out_of.end() == begin:
                begin = out_of.start()  # "29 trên 30 gói thầu" is 29 of 30, not "more than 30"
        shown = text[begin:unit_end].strip()
        taken = unit_end
        yield Quantity(Candidate(begin, unit_end, shown, (start, end)), " ".join(unit_words), number[0].isdigit())


def _compares(text: str, at: int, qualifier: str) -> bool:
    return fold(qualifier).strip() == "hon" and bool(_COMPARED.search(text, max(0, at - 8), at))


def _not_a_number_alone(text: str, number: str, start: int) -> bool:
    """ "một" alone is the article "a"; "tư" alone a syllable of a word ("đầu tư"), save in "thứ tư"."""
    alone = fold(number) if " " not in number and not any(ch.isdigit() for ch in number) else ""
    if alone == "tu":
        return not ORDINAL_BEFORE.search(text, 0, start)
    return alone in ("mot", "nua")


def may_be_in_a_unit(word: str) -> bool:
    """Whether a lower-case word may be part of a quantity's unit: "học" may, "và", "có", "sau" may not;
    "không" may, as in "hàng không"."""
    key = _key(word)
    return key == "không" or key not in _NOT_A_UNIT and key not in _BEFORE_OR_AFTER


def _is_date_part(text: str, start: int, end: int) -> bool:
    """Numbers of dates, years and document numbers are not quantities."""
    before = fold(text[max(0, start - 8) : start])
    after = text[end : end + 1]
    # "số 57" numbers a document, but "tỷ số 2-1" and "điểm số 23-16" are scores, "dân số 821.784" a population.
    document = re.search(r"(?<!diem )(?<!ti )(?<!dan )(?<!con )(?<!tong )so\s*$", before)
    return bool(document or re.search(r"(nam|ngay|thang|khoa|quy|ki|nien|luc)\s*$", before)) or after in ("/",)


_FOLDED_TIME_UNITS = frozenset(fold(w) for w in _TIME_UNITS)
_PER_TIME = _FOLDED_TIME_UNITS | {"h"}  # "km/h"


def is_time_unit(unit: str) -> bool:
    return bool(unit) and unit.split()[0] in _FOLDED_TIME_UNITS


# --- names ------------------------------------------------------------------------------------

_SURNAMES = frozenset(
    exact_key(s.lower())
    for s in """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lâm Trịnh Mai
Trương Hà Cao Lương Tạ Chu Kiều Quách Tô Vương La Phùng Triệu Lưu Nông Lò Thân Khuất Tăng Lại Mạc Thái Văn
""".split()
)
# Lower-case words that join a foreign name: "Lothar de Maizière", "Hassan al-Turabi".
_NAME_PARTICLES = frozenset("de da di del della der den van von le la du al el ibn bin bint ben y e dos das".split())
# Words before a capitalised run that say it is a place, an organisation or a country's team, not a person.
_PLACE_CUES = frozenset(
    _key(w)
    for w in "tỉnh thành phố tp huyện quận xã phường thị trấn làng sông núi đảo vùng miền nước châu bang tại ở "
    "đường phố biển vịnh hồ vương quốc đế quốc cộng hòa thủ đô khu tuyển".split()
)
# A town, city, district or township written short before its name: "TX An Nhơn", "TP Quy Nhơn".
_PLACE_ABBREVIATIONS = frozenset(_key(w) for w in "TP TX TT Q. H. P.".split())
# First words of organisations' names.
_ORGANISATION_HEADS = frozenset(
    _key(w)
    for w in "Bộ Sở Ban Ủy Cục Viện Trường Công Tập Ngân Hội Quốc Chính Tòa Đảng Liên Tổ Đại Học Nhà Hãng Mặt "
    "Trung Tổng Văn Báo Đài Câu Đội Quân Hạm Học".split()
)
# Capitalised words that open sentences or clauses without being names.
_COMMON_OPENERS = frozenset(
    _key(w)
    for w in "Năm Ngày Tháng Theo Trong Sau Trước Khi Vào Tại Ở Các Những Người Một Đây Đó Này Ngoài Với Do Vì "
    "Nhưng Tuy Cũng Hiện Hôm Từ Cùng Là Đến Nếu Mặc Dù Ông Bà Anh Chị Tuy Nhiên Thế Còn Đặc Biệt Để Bên "
    "Qua Như Giữa Dưới Trên Chiều Sáng Tối Sau Đó Lúc Ban Đầu Cuối Đầu Hơn Gần Khoảng Thay Mỗi Mọi Cả Hầu "
    "Tất Phần Lần Thứ Đồng Chí Kể Nhờ Bởi Dựa Về".split()
)


def capitalised_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of runs of capitalised words (a hyphen, an initial or a name particle may join them)."""
    tokens = list(re.finditer(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*\.?", text))
    run: list[re.Match[str]] = []
    for token in [*tokens, None]:
        word = token.group().rstrip(".") if token else ""
        capital = bool(word) and word[0].isupper()
        joined = token is not None and run and _only_spaces(text, run[-1], token)
        # "de", "van", and "al-Turabi": the particle joined by a hyphen to a capitalised name.
        particle = bool(joined) and (word.lower() in _NAME_PARTICLES or _hyphened_particle(word))
        if token is not None and (capital or particle) and (joined or not run):
            if not joined and run:
                yield from _close(text, run)
                run = []
            run.append(token)
            if token.group().endswith(".") and len(word) > 1:  # a full stop after a word ends the run
                yield from _close(text, run)
                run = []
            continue
        yield from _close(text, run)
        run = [token] if token is not None and capital else []


def _hyphened_particle(word: str) -> bool:
    first, _, rest = word.partition("-")
    return first.lower() in _NAME_PARTICLES and rest[:1].isupper()


def _only_spaces(text: str, previous: re.Match[str], token: re.Match[str]) -> bool:
    return text[previous.end() : token.start()] in (" ", "")


def _close(text: str, run: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    # A particle ends no name ("Charles de"), but one written with a capital is a name's own ("Nguyễn Du").
    while run and run[-1].group()[0].islower() and run[-1].group().rstrip(".") in _NAME_PARTICLES:
        run = run[:-1]
    if run:
        end = run[-1].end() - (1 if run[-1].group().endswith(".") and len(run[-1].group()) > 2 else 0)
        yield run[0].start(), end


def _strip_opener(text: str, start: int, end: int) -> int:
    """A run that opens with a common capitalised word ("Theo Larry Ellison") starts after it."""
    while True:
        first = re.match(r"[^\W\d_]+", text[start:end])
        if not first or _key(first.group()) not in _COMMON_OPENERS:
            return start
        rest = re.match(r"[^\W\d_]+\s+", text[start:end])
        if rest is None:
            return end
        start += rest.end()


def _previous_word(text: str, start: int) -> str:
    found = re.search(r"(\w+)\W*$", text[max(0, start - 30) : start])
    return _key(found[1]) if found else ""


def _after_a_place_word(text: str, start: int) -> bool:
    """A place word stands before the run: "tỉnh", "vương quốc"; not the "quốc" of "Liên hiệp quốc"."""
    found = re.search(r"(\w+)\s+(\w+)\W*$", text[max(0, start - 40) : start])
    if found is None:
        return _previous_word(text, start) in _PLACE_CUES
    before, last = _key(found[1]), _key(found[2])
    if f"{before} {last}" == _keys("tịch nước"):
        return False  # "Chủ tịch nước Võ Văn Thưởng": the head of state's title
    return last in _PLACE_CUES and (last != _key("quốc") or before in _KINGDOMS)


_KINGDOMS = frozenset(_key(w) for w in ("vương", "đế"))


# A Vietnamese syllable, folded: an initial consonant, one to three vowels, a final consonant.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def _is_vietnamese_person(parts: list[str], cue: bool) -> bool:
    """A Vietnamese name: a common surname and two or more further syllables, or one after a cue; every
    part a Vietnamese syllable ("La Mã Gallican" is none)."""
    if not (3 <= len(parts) <= 4 or (len(parts) == 2 and cue)):
        return False
    if exact_key(parts[0].lower()) not in _SURNAMES or not all(p[:1].isupper() for p in parts):
        return False
    return all(_SYLLABLE.fullmatch(fold(part)) for part in parts)


_PERSON_CUES = frozenset(
    _key(w)
    for w in "ông bà anh chị đồng chí ngài vua hoàng đế tổng thống thủ tướng chủ tịch bộ trưởng giáo sư tiến sĩ "
    "bác sĩ nhà văn tác giả tướng cầu thủ ca sĩ thượng tá đại tá trung tá thiếu tá bí thư phó trưởng giám đốc "
    "huấn luyện viên linh mục giáo hoàng hoàng tử công chúa nữ hoàng thái tử".split()
)


def opens_a_person(text: str, position: int) -> bool:
    """A name that may be a person's opens at the position, or runs on through it ("Hoa Kỳ Obama"): not a place
    ("Việt Nam"), nor a term ("Khóa XV")."""
    return any(
        candidate.start <= position < candidate.end
        and (
            person_like(text, candidate) or (_keys(candidate.text) not in _PLACES and may_name_someone(text, candidate))
        )
        for candidate in names(text[: position + 80])
    )


FORMER_WORDS = ("cựu", "nguyên")  # before a title, a holder's that was: "cựu Tổng thống", "nguyên Chủ tịch"
_FORMER = re.compile(r"\b(?:" + "|".join(FORMER_WORDS) + r")\s+$", re.IGNORECASE)


def former(text: str, start: int, title: str) -> bool:
    """The title is a former one: "cựu Tổng thống Mỹ", "nguyên Chủ tịch", "Tổng thống Hàn Quốc tiền nhiệm"."""
    return bool(_FORMER.search(text[max(0, start - 12) : start])) or "tiền nhiệm" in title.lower()


def opens_with_a_title(role: str) -> bool:
    """The role opens with a person's title or a word of one: "Thủ tướng Nhật Bản", not "Broncos giành …"."""
    first = re.match(r"[^\W\d_]+", role)
    return first is not None and _key(first.group()) in _PERSON_CUES


def names(text: str) -> Iterator[Candidate]:
    """Names of people and of organisations, as capitalised runs; places are left out."""
    for start, end in capitalised_runs(text):
        start = _strip_opener(text, start, end)
        if start >= end:
            continue
        named_from = _after_a_country(text, start, end)
        parts = _person_at_the_end(text, named_from, end)
        if _after_a_place_word(text, start) and named_from == start:
            parts = parts[1:]  # a place, and only a person's name it runs into: "TP.HCM Phan Văn Mãi"
        for part_start, part_end in parts:
            yield Candidate(part_start, part_end, text[part_start:part_end], (part_start, part_end))


# Countries whose name runs into the name after it: "Tổng thống Mỹ Joe Biden", "người đồng cấp Ukraine Volodymyr
# Zelensky". A closed list of the ones Vietnamese news names most, read by their exact keys.
_COUNTRIES = frozenset(
    _keys(country)
    for country in (
        "Mỹ, Anh, Pháp, Đức, Nga, Ý, Úc, Nhật, Lào, Ukraine, Canada, Brazil, Argentina, Israel, Iran, Iraq, Syria, "
        "Cuba, Malaysia, Singapore, Indonesia, Philippines, Campuchia, Myanmar, Thái Lan, Trung Quốc, Nhật Bản, "
        "Hàn Quốc, Ấn Độ, Tây Ban Nha, Bồ Đào Nha, Hà Lan, Thụy Điển, Thụy Sĩ, Triều Tiên, Việt Nam, Đài Loan, "
        "Ai Cập, Thổ Nhĩ Kỳ, Hoa Kỳ, Chile, Mexico, Peru, Colombia, Venezuela, Bỉ, Áo, Ba Lan, Séc, Hungary, Hy Lạp, "
        "Na Uy, Đan Mạch, Phần Lan, Ireland, Ả Rập Xê Út, Qatar, Pakistan, Afghanistan, Bangladesh, Mông Cổ, "
        "New Zealand, Nam Phi, Nigeria, Morocco, Belarus, Kazakhstan, Serbia, Romania, Brunei, Palestine, Lebanon, "
        "Slovenia, Slovakia, Croatia, Bulgaria, Estonia, Latvia, Litva, Lithuania, Armenia, Azerbaijan, Uzbekistan, "
        "Kyrgyzstan, Tajikistan, Turkmenistan, Kuwait, UAE, Oman, Yemen, Bahrain, Ethiopia, Kenya, Ghana, Senegal, "
        "Cameroon, Algeria, Tunisia, Libya, Sudan, Ecuador, Bolivia, Paraguay, Uruguay, Panama, Costa Rica, Nepal, "
        "Sri Lanka, Bhutan, Maldives, Đông Timor, Iceland, Luxembourg, Scotland, Brasil, Mozambique, Angola, Zimbabwe"
    ).split(", ")
)


# Places named without a place word before them: the provinces and big cities, regions, and the countries above.
_PLACES = _COUNTRIES | frozenset(
    _keys(place)
    for place in (
        "An Giang, Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh, Bến Tre, Bình Định, Bình Dương, Bình Phước, "
        "Bình Thuận, Cà Mau, Cần Thơ, Cao Bằng, Đà Nẵng, Đắk Lắk, Đắk Nông, Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, "
        "Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương, Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, "
        "Kiên Giang, Kon Tum, Lai Châu, Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, "
        "Ninh Thuận, Phú Thọ, Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, "
        "Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Tiền Giang, Trà Vinh, Tuyên Quang, Vĩnh Long, "
        "Vĩnh Phúc, Yên Bái, Sài Gòn, Hồ Chí Minh, Châu Âu, Châu Á, Châu Phi, Châu Mỹ, Đông Nam Á, Trung Đông, La Mã"
    ).split(", ")
)


def is_a_country(name: str) -> bool:
    return _keys(name) in _COUNTRIES


def is_a_place(name: str) -> bool:
    """A country, a province or big city, a region, known by name."""
    return _keys(name) in _PLACES


def _after_a_country(text: str, start: int, end: int) -> int:
    """Where a name starts that the run opens with a country in front of: "Mỹ Joe Biden" → "Joe Biden"."""
    parts = list(re.finditer(r"\S+", text[start:end]))
    for size in (2, 1):
        if len(parts) >= size + 2 and " ".join(_key(p.group()) for p in parts[:size]) in _COUNTRIES:
            return start + parts[size].start()
    return start


def _person_at_the_end(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The run, or the run split before a person's name it ends with: a title's body or place runs into
    the name ("Cục Hàng không Việt Nam Đinh Việt Thắng", "Sở Xây dựng Hà Nội Lê Văn Dục")."""
    parts = list(re.finditer(r"\S+", text[start:end]))
    words = [part.group() for part in parts]
    if _is_vietnamese_person(words, cue=False):
        return [(start, end)]
    for first in range(1, len(parts) - 2):
        if _is_vietnamese_person(words[first:], cue=False):
            split = start + parts[first].start()
            return [(start, start + parts[first - 1].end()), (split, end)]
    return [(start, end)]


def proper_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the names of people and places: capitalised runs that open with no common word, no
    organisation's head word ("Bộ", "Ban") and no title ("Bí thư", "Chủ tịch")."""
    for start, end in capitalised_runs(text):
        start = _strip_opener(text, start, end)
        first = re.match(r"[^\W\d_]+", text[start:end])
        if first and _key(first.group()) not in _ORGANISATION_HEADS | _PERSON_CUES:
            yield start, end


def person_like(text: str, candidate: Candidate) -> bool:
    """The run is a person's name by the shape of a Vietnamese name: a common surname and two or
    three more syllables, or one more after a title ("ông Lê Hải", "đồng chí Nguyễn Sơn").

    Capitalised runs are also places, teams, works and organisations, and a foreign run after
    a title is as often a team or a work: short answers name only what is surely a person.
    """
    parts = candidate.text.split()
    cue = _previous_word(text, candidate.start) in _PERSON_CUES
    if _key(parts[0]) in _ORGANISATION_HEADS or (_keys(candidate.text) in _PLACES and not _named_for(parts, cue)):
        return False  # a body; a place shaped as a name ("người công giáo La Mã")
    if _named_after(text, candidate.start):
        return False  # "Trường THPT chuyên Lê Hồng Phong", "Khởi nghĩa Hoàng Hoa Cương": a namesake, not a person
    return _is_vietnamese_person(parts, cue)


_MEDIA_WORDS = frozenset(
    "times news journal press tv radio daily herald tribune cnn bbc afp xinhua yonhap kyodo tass sputnik vnexpress "
    "vietnamnet vietnamplus zing kenh14 cafef vtv vtc vov ttxvn".split()  # no surnames: not Post, Bloomberg
)


# Words for made things: a run after one names the thing or its maker.
_MADE_THING = re.compile(
    r"(?<!\w)(?:máy bay|phần mềm|hệ điều hành|trang web|website|ứng dụng|thương hiệu|nhãn hiệu|hãng|mạng xã hội|"
    r"trình duyệt|điện thoại|ngôn ngữ lập trình)\s+$",
    re.IGNORECASE,
)

# Words before another name of someone named before it ("Cao Ngạc, tự là Vân Sĩ"): a courtesy name, a pen name, a
# stage name (not "tên thật", a real name). Without a name before it ("ca sĩ có nghệ danh Sơn Tùng M-TP"), the
# stage name is who is meant.
_ALIAS = re.compile(
    r"[,(]\s*(?:(?:cũng|còn|hay|với)\s+)?(?:tự|hiệu|tên tự|tên hiệu|biệt hiệu|biệt danh|bút danh|nghệ danh|pháp danh|"
    r"gọi là)(?:\s+là)?\s+$",
    re.IGNORECASE,
)


def may_name_someone(text: str, candidate: Candidate) -> bool:
    """A capitalised run that may name someone without a Vietnamese name's shape ("John Wesley", "Baiju"):
    not an organisation's (no head word), not an abbreviation ("DNA", "UBND"), not one of a pair written
    with a slash ("Wahhabi/Salafi"). Only where the question's words stand beside it is it taken for one.
    """
    parts = candidate.text.split()
    if _key(parts[0]) in _ORGANISATION_HEADS | _PLACE_ABBREVIATIONS or all(part.isupper() for part in parts):
        return False  # a body, a place ("TX An Nhơn"), an abbreviation
    if _keys(candidate.text) in _PLACES or parts[0] == "The" and text[: candidate.start].rstrip().endswith("("):
        return False  # a place; an English gloss in brackets: "Nữ hoàng Vương quốc Anh (The British Queen)"
    if _MADE_THING.search(text, max(0, candidate.start - 25), candidate.start):
        return False  # a product or its maker: "máy bay Boeing 767", "phần mềm SourceForge", "hãng Apple"
    if _ALIAS.search(text, max(0, candidate.start - 25), candidate.start):
        return False  # another name of one named before it: "Cao Ngạc, tự là Vân Sĩ", ", bút danh Xuân Hà"
    if any(part.lower() in _MEDIA_WORDS for part in parts):
        return False  # a news outlet quoted: "theo New York Times", "BBC News Tiếng Việt", "Ảnh: Reuters"
    if len(parts) == 2 and re.fullmatch(_ROMAN, parts[1]) and has_marks(parts[0]):
        return False  # a term or a congress ("Khóa XV", "Đại hội XIII"), not a king ("Louis XVI")
    if len(parts) == 1 and parts[0].lower() in _NUMBER_WORDS:
        return False  # "Hai diễn viên chính …": a number opening its sentence
    if _previous_word(text, candidate.start) == _key("người") and (
        len(parts) == 1 or all(_SYLLABLE.fullmatch(fold(part)) for part in parts)
    ):
        return False  # where one is from: "một luật sư người Brasil", "người Sơn Tây"; not "người Bồ Đào Nha Jose …"
    # "Chủ" of "Chủ tịch", "Chỉ" of "Ban Chỉ đạo": Vietnamese capitalises a title's first syllable only ("Pelé
    # vào" is no Vietnamese syllable).
    following = text[candidate.end : candidate.end + 2]
    if (
        has_marks(parts[-1])
        and _SYLLABLE.fullmatch(fold(parts[-1]))
        and following[:1] == " "
        and following[1:].islower()
    ):
        return False
    return "/" not in text[max(0, candidate.start - 1) : candidate.end + 1]


_ORGANISATION_STOP = frozenset(
    _key(w)
    for w in "của và năm ở tại đã là được với cho trong theo từ về này đó khi thì có sẽ đang như vừa cũng "
    "nhưng hoặc hay nên vì do bởi nếu mà rằng vẫn còn mới đều luôn chưa chỉ lại".split()
)
# People's committees, councils, courts and procuracies, written as abbreviations: "UBND tỉnh Tuyên Quang". Only
# as the head of a body: in a role ("Chủ tịch UBND TP Hà Nội") the place they run into still names somewhere.
_ABBREVIATED_HEADS = frozenset(_key(w) for w in "UBND HĐND TAND VKSND".split())
_BODY_HEADS = _ORGANISATION_HEADS | _ABBREVIATED_HEADS
# What "và" does not go on into: another body's name, a title or a person ("Quốc hội phân bổ và Thủ tướng Chính phủ").
_TITLE_HEADS = frozenset(_key(w) for w in "Thủ Chủ Bí Phó Giám Tổng Đoàn Ông Bà".split())
_BODY_OR_TITLE_HEADS = _BODY_HEADS | _TITLE_HEADS
# Words a body's head word opens that name no body: "Báo cáo thị trường quý III" is a report, "Bộ trưởng" a title.
_NO_BODY = frozenset(
    _keys(w)
    for w in "báo cáo|hội nghị|hội thảo|công nghệ|công trình|công việc|công tác|trung bình|chính sách|liên quan|"
    "đại diện|văn bản|học sinh|mặt hàng|ban hành|tổng số|đội ngũ|tập trung|nhà ga|nhà thờ|quốc tế|bộ trưởng|"
    "cục trưởng|vụ trưởng|viện trưởng|ban giám|tổng thống|tổng thư|tổng bí|tổng giám|tổng biên".split("|")
)
# Bodies named by two words, the first no head alone: "Thanh tra Bộ Công Thương", "Kiểm toán Nhà nước", "Cơ quan
# An ninh điều tra".
_ORGANISATION_HEAD_PAIRS = frozenset(_keys(w) for w in ("thanh tra", "kiểm toán", "hải quan", "cảnh sát", "cơ quan"))
# What a body does, written right after its name: "Bộ Công Thương chỉ đạo", not "Bộ Công Thương chỉ".
_ORGANISATION_VERBS = frozenset(
    _keys(w)
    for w in (
        "chỉ đạo",
        "công bố",
        "ban hành",
        "phối hợp",
        "yêu cầu",
        "đề nghị",
        "quyết định",
        "thông báo",
        "ký kết",
        "phê duyệt",
        "kiểm tra",
        "tiếp nhận",
        "triển khai",
        "xử lý",
        "chủ trì",
        "hướng dẫn",
        "tổ chức",
        "tham gia",
        "thực hiện",
    )
)


def organisations(text: str) -> Iterator[Candidate]:
    """Organisations' names: a head word ("Tòa án", "Bộ", "Hội đồng") through its last capitalised word."""
    tokens = list(re.finditer(r"[^\W\d_][\w-]*", text))
    covered = 0  # "Quốc gia" inside "Mặt trận Hồi giáo Quốc gia" is not another organisation
    for index, head in enumerate(tokens):
        if head.start() < covered or not head.group()[0].isupper() or not _heads(text, tokens, index):
            continue
        kept = [head]
        for position in range(index + 1, min(index + NAME_TOKENS, len(tokens))):
            token = tokens[position]
            following = " ".join(
                word for word in (_word_after(text, tokens, position), _word_after(text, tokens, position + 1)) if word
            )
            if text[kept[-1].end() : token.start()] != " " or _ends_a_name(token.group(), following or None):
                break
            if token.group()[0].islower() and _ends_with_a_place(kept) or _ends_whole(kept):
                break  # "Tổng công ty Xây dựng Hà Nội thi công …": a place ends a body's name
            kept.append(token)
        # A name's words are capitalised on their first syllable only: "Hồi giáo Quốc gia" keeps "gia"; a
        # place's every syllable is, so "tỉnh Tuyên Quang chủ trương" ends at "Quang". An abbreviation in
        # brackets, or the body it belongs to, closes a name whole: "Tổ chức Hàng không dân dụng quốc tế (ICAO)",
        # "Cơ quan An ninh điều tra (Bộ Công an)".
        closed = _closing_bracket(text, kept[-1].end())
        while not closed and len(kept) > 1 and not kept[-1].group()[0].isupper() and not _completes_a_word(kept):
            if _ends_whole(kept):
                break
            kept.pop()
        named = " ".join(token.group() for token in kept)
        if len(kept) >= 2 and _keys(named) not in _ORGANISATION_HEAD_PAIRS:  # "Cơ quan" alone names no body
            start, end = head.start(), kept[-1].end()
            if closed and not _BRACKETED_ABBREVIATION.fullmatch(closed[0]):
                end = closed.end()  # the body it belongs to is part of its name: "(Bộ Công an)"
            covered = end
            yield Candidate(start, end, text[start:end], (start, end))


NAME_TOKENS = 12  # words a body's name runs to at most: "Cơ quan Cảnh sát điều tra Công an tỉnh Bình Định"
_ABBREVIATION_AFTER = re.compile(r"\s*\(([A-ZĐ][^():]{1,40})\)")
_BRACKETED_ABBREVIATION = re.compile(r"\s*\([A-ZĐ0-9&-]{2,10}\)")


# A body's name written in lower case after its first word: "Liên hợp quốc", "Hội đồng Bảo an Liên hợp quốc".
_WRITTEN_LOW = frozenset(_keys(name) for name in ("liên hợp quốc",))


def _ends_whole(kept: list[re.Match[str]]) -> bool:
    return _keys(" ".join(match.group() for match in kept[-3:])) in _WRITTEN_LOW


def _ends_with_a_place(kept: list[re.Match[str]]) -> bool:
    keys = [_key(match.group()) for match in kept]
    return any(" ".join(keys[-size:]) in _PLACES for size in (2, 3) if len(keys) >= size)


def _closing_bracket(text: str, at: int) -> re.Match[str] | None:
    """Brackets right after a name holding its abbreviation ("(ICAO)") or the body it belongs to ("(Bộ Công
    an)"), which close the name; not an aside ("(Thứ Hai)")."""
    found = _ABBREVIATION_AFTER.match(text, at)
    if found is None or _BRACKETED_ABBREVIATION.fullmatch(found[0]):
        return found
    inside = found[1]
    return found if any(c.start == 0 and c.end == len(inside) for c in organisations(inside)) else None


def _completes_a_word(kept: list[re.Match[str]]) -> bool:
    """A lower-case last syllable completes the word of the capitalised one before it ("Bộ Tài chính", "Ủy ban
    Olympic Quốc tế"), unless that one ends a place's name, every syllable capitalised: after its place word
    ("tỉnh Tuyên Quang chủ") or a place known by name ("Hà Nội thi công", "Châu Âu ban hành"); or is an
    abbreviation, whole ("UBND TPHCM phải")."""
    before = kept[-2].group()
    if not before[0].isupper() or (len(before) > 1 and before.isupper()):
        return False
    first = len(kept) - 2
    while first > 1 and kept[first - 1].group()[0].isupper():  # the head opens the body's name, not a proper name
        first -= 1
    if _ends_with_a_place(kept[first:-1]):
        return False
    return not (first > 0 and _key(kept[first - 1].group()) in _PLACE_CUES)


def _heads(text: str, tokens: list[re.Match[str]], index: int) -> bool:
    """Whether a capitalised word opens an organisation's name.

    Not inside a person's name: the "Chính" of "Phạm Minh Chính giao …" is no "Chính phủ".
    """
    word = tokens[index]
    if index and text[tokens[index - 1].end() : word.start()] == " ":
        before = tokens[index - 1].group()
        if before[0].isupper() and _key(before) not in _COMMON_OPENERS:
            return False
    following = _word_after(text, tokens, index)
    if following is not None and _keys(f"{word.group()} {following}") in _NO_BODY:
        return False
    if _key(word.group()) in _BODY_HEADS:
        return True
    return following is not None and _keys(f"{word.group()} {following}") in _ORGANISATION_HEAD_PAIRS


def _word_after(text: str, tokens: list[re.Match[str]], index: int) -> str | None:
    """The word one space after tokens[index], if one follows so."""
    if index + 1 < len(tokens) and text[tokens[index].end() : tokens[index + 1].start()] == " ":
        return tokens[index + 1].group()
    return None


def _ends_a_name(word: str, following: str | None) -> bool:
    """A lower-case word that follows a name rather than continuing it: "của", "vừa", "chỉ đạo"; but "và"
    before another capitalised word that opens no body goes on ("Bộ Kế hoạch và Đầu tư", "Bộ Khoa học và Công
    nghệ", not "Bộ Y tế và Bộ …"). following: the next two words."""
    if not word[0].islower():
        return False
    if _key(word) == "và" and following and following[0].isupper():  # nor into a person's title ("và Thủ tướng")
        first = _key(following.split()[0])
        return first in _TITLE_HEADS or first in _BODY_HEADS and _keys(following) not in _NO_BODY
    if _key(word) in _ORGANISATION_STOP:
        return True
    return following is not None and _keys(f"{word} {following.split()[0]}") in _ORGANISATION_VERBS


def organisation_like(candidate: Candidate) -> bool:
    return _key(candidate.text.split()[0]) in _ORGANISATION_HEADS


# --- roles ------------------------------------------------------------------------------

_ROLE_END = re.compile(
    r"\s+(?:chủ trì|phát biểu|tham dự|khẳng định|cho biết|nhấn mạnh|đề nghị|quán triệt|"
    r"trình bày|chỉ đạo|báo cáo|yêu cầu|đã|làm|và|cùng|lại|vẫn|cũng|đang|sẽ|từng|thì|còn|đều)\b"
)


def with_role(text: str, candidate: Candidate) -> Candidate:
    """A person's name with the role the text gives beside it, if any, on the name's line: a paragraph may
    hold a heading or a caption on a line of its own."""
    line_start = text.rfind("\n", 0, candidate.start) + 1
    line_end = text.find("\n", candidate.end)
    line_end = len(text) if line_end < 0 else line_end
    addressed = _previous_word(text, candidate.start) in _ADDRESSED
    after = _role_after(text[candidate.end : line_end], addressed)
    end = text.find(after, candidate.end, line_end) if after else -1
    if after and end >= 0:
        return Candidate(candidate.start, end + len(after), f"{candidate.text}, {after}", candidate.core)
    before = _role_before(text[line_start : candidate.start])
    start = text.rfind(before, line_start, candidate.start) if before else -1
    if before and start >= 0:  # found as written: not across a run of spaces the role's words were split at
        return Candidate(start, candidate.end, f"{before} {candidate.text}", candidate.core)
    return candidate


# Words that address a person by name: "ông Nguyễn Văn Sưa, Chủ tịch Hiệp hội Thép" gives the title after a comma.
_ADDRESSED = frozenset(_key(w) for w in "ông bà anh chị cô chú bác thầy ngài đồng chí".split())


def _role_after(rest: str, addressed: bool = True) -> str | None:
    """The role written after a name: ", Ủy viên ..., Trưởng ban ..." up to the verb.

    Vietnamese news lists people as titles and names by turns ("Tổng Bí thư Tô Lâm, Chủ tịch nước Lương Cường"):
    the titles before the next name are that name's. A name listed so, with its title before it, has none after
    it; one addressed ("ông …, Chủ tịch Hiệp hội Thép, Chủ tịch Tập đoàn Hòa Phát Trần Đình Long") keeps the
    titles before the one that ends on the next name."""
    if not rest.startswith(","):
        return None
    clause = re.split(r"[;.()]|\s[-–—]\s", rest[1:], maxsplit=1)[0]  # " - đơn vị chủ đầu tư": an aside
    segments: list[str] = []
    for segment in clause.split(","):
        segment = segment.strip()
        if not segment or not segment[0].isupper() or _is_vietnamese_person(segment.split(), cue=False):
            break  # a list of names ("Lê Văn Lan, Phạm Văn Kính") gives no one the next one's name as a role
        trimmed = _before_role_end(segment)
        if _ends_with_a_person(trimmed):
            return (", ".join(segments) or None) if addressed else None
        segments.append(trimmed)
        if trimmed != segment:
            break
    return ", ".join(segments) or None


def _ends_with_a_person(segment: str) -> bool:
    """A title ends on a Vietnamese person's name: "Chủ tịch nước Lương Cường", "Bí thư Tỉnh ủy Đỗ Trọng Hưng"; a
    title's last word is written in lower case, so two syllables after it are a name too. Not a place ("Sở Y tế
    Hà Nội", "quận Hà Đông")."""
    written = segment.split()
    for size in (4, 3, 2):
        if len(written) <= size:
            continue
        name, before = written[-size:], written[-size - 1]
        heads = {_keys(" ".join(written[-size - k : -size])) for k in (1, 2) if len(written) >= size + k}
        if (
            # Two syllables only after a title's word, as person_like reads them: "Tổng Bí thư Tô Lâm", not
            # "Huyện ủy Lâm Hà" or "Trường Đại học Văn Lang".
            _is_vietnamese_person(name, cue=size == 2 and _key(before) in _PERSON_CUES)
            and _keys(" ".join(name)) not in _PLACES
            and not heads & (_PLACE_CUES | _NAMED_AFTER_SOMEONE)
        ):
            return True
    return False


# What is named after a person, the name right after its word or two: "Bệnh viện Phạm Ngọc Thạch", "Trường THPT
# chuyên Lê Hồng Phong", "Giải thưởng Tạ Quang Bửu", "Tập đoàn Hoàng Anh Gia Lai", "CLB Hoàng Anh Gia Lai",
# "Trường Cao đẳng Lý Tự Trọng", "đường Nguyễn Huệ".
_NAMED_AFTER_SOMEONE = frozenset(
    _keys(w)
    for w in (
        "viện, bệnh viện, học viện, trường, chuyên, thpt, thcs, giải, giải thưởng, quỹ, cổ phần, công ty, tập đoàn, "
        "clb, câu lạc bộ, tnhh, "
        "đại học, tiểu học, trung học, cao đẳng, mầm non, đa khoa, đền thờ, khách sạn, đường, phố, cầu, bảo tàng, "
        "tưởng niệm"
    ).split(", ")
)


# Events named after a person or a place: "Khởi nghĩa Hoàng Hoa Cương", "Chiến dịch Hồ Chí Minh", "Phong trào Đông Du".
_EVENTS = frozenset(
    _keys(w)
    for w in (
        "khởi nghĩa, chiến dịch, phong trào, trận, chiến tranh, cách mạng, hiệp định, hiệp ước, hòa ước, chiến thắng, "
        "binh biến, chính biến, sự biến"
    ).split(", ")
)


def _named_for(parts: list[str], cue: bool) -> bool:
    """A place named for a person is that person after a title: "Chủ tịch Hồ Chí Minh" (not "Chủ tịch Hà Nội")."""
    return cue and len(parts) >= 3


def _named_after(text: str, start: int) -> bool:
    """The name at start follows what is named after someone or somewhere, its head written as a name's: "Khởi
    nghĩa …", "Đường …", "THPT chuyên …"; not a verb or a title ("chiến thắng Nguyễn Tiến Minh", "nhà cách mạng Phan
    Bội Châu") nor a compound's end ("Môi trường")."""
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 30) : start])[-2:]
    heads = _NAMED_AFTER_SOMEONE | _EVENTS
    if len(before) == 2 and _keys(" ".join(before)) in heads:
        return before[0][0].isupper()
    return bool(before) and _key(before[-1]) in heads and (before[-1][0].isupper() or before[0].isupper())


def _before_role_end(segment: str) -> str:
    """A role up to the verb or "và" that ends it; "và" inside a body's name does not ("Sở Nông nghiệp và Môi
    trường"), before another person's title it does ("… tỉnh Bắc Ninh và Tổng Giám đốc …")."""
    bodies = [(c.start, c.end) for c in organisations(segment)]
    for end in _ROLE_END.finditer(segment):
        if not any(start < end.start() < stop for start, stop in bodies):
            return segment[: end.start()]
    return segment


def _role_before(before: str) -> str | None:
    """The role written before a name: "Phó Bí thư Thường trực Tỉnh ủy Bùi Thanh Hà".

    Back to the clause's start or a word that cannot be in a role, at most ROLE_WORDS words;
    a role opens with a capital ("Tỉnh ủy" and "Bí thư" are written so).
    """
    role: list[str] = []
    written = before.split()
    for at in range(len(written) - 1, max(len(written) - ROLE_WORDS, 0) - 1, -1):
        word = written[at]
        opened = word.startswith(_OPENINGS)  # "(ông Lê Văn Dục)": the role is inside the bracket
        word = word.lstrip("".join(_OPENINGS))
        if (
            not word
            or word.endswith(_ROLE_BREAKS)
            or _outside_a_role(word, written[at - 1] if at and not opened else None)
            or _acts_on(word, role)
        ):
            break
        role.insert(0, word)
        if opened:
            break
    role = _after_the_last_person(role)
    while role and not role[0][:1].isupper():
        role.pop(0)
    role = _from_the_title(role)
    if role and _key(role[0]) in _COMMON_OPENERS - _PERSON_CUES and _keys(" ".join(role[:2])) not in _TITLES_OPENED:
        return None
    return " ".join(role) or None


def _from_the_title(role: list[str]) -> list[str]:
    """A sentence's opening words before the title are no part of it: "Dự lễ có Tổng Bí thư", "Tham dự có Thượng
    tướng" start at the title; "Nguyên Chủ tịch", "Tân Bộ trưởng" keep what says which holder."""
    if not role or _key(role[0]) in _PERSON_CUES:
        return role
    for at in range(1, len(role)):
        if not any(w[:1].islower() for w in role[:at]):
            continue
        opening = {_key(role[at]), _keys(" ".join(role[at : at + 2]))}
        if role[at][:1].isupper() and opening & _TITLE_STARTS:
            return role[at:]
    return role


# Titles that open a role after a sentence's first words: "Dự lễ có Tổng Bí thư …", "… có Phó Chủ tịch …".
_TITLE_STARTS = frozenset(
    _keys(w)
    for w in (
        "phó, tổng bí, tổng thống, thủ tướng, chủ tịch, bộ trưởng, bí thư, giám đốc, chánh án, viện trưởng, "
        "cục trưởng, đại tướng, thượng tướng, trung tướng, thiếu tướng, đại tá, thượng tá, trung tá, thiếu tá, "
        "đồng chí, giáo sư, tiến sĩ, bác sĩ, nhà văn, nhà báo, ca sĩ, cầu thủ"
    ).split(", ")
)


def _outside_a_role(word: str, previous: str | None) -> bool:
    """A word no role holds: "và", "của", "ông". Written with a capital after a name's syllable, a title's or a
    place word, it is a syllable, a country or a place ("Hồ Chí Minh", "Thủ tướng Anh", "tỉnh Đồng Nai")."""
    if _key(word) not in _NOT_IN_A_ROLE:
        return False
    inside = (
        word[:1].isupper()
        and _key(word) not in _NEVER_IN_A_NAME
        and previous is not None
        and not previous.endswith(_ROLE_BREAKS)
        and (previous[:1].isupper() or _key(previous) in _NAMING_WORDS)
    )
    return not inside


def _after_the_last_person(role: list[str]) -> list[str]:
    """The role's words after the last person's name among them that a clause follows: a title holds no one's
    name ("Kiều Công Tiễn giết chết Dương Đình Nghệ", "A hay B"). A name the role goes on from with a title's or a
    place's words, or one right before the person, names a school, a ward or a city ("Trường THPT Lê Hồng Phong")."""
    kept, run = role, []
    for at, word in enumerate([*role, ""]):
        if word[:1].isupper():
            run.append(word)
            continue
        if _is_vietnamese_person(run, cue=False) and _keys(" ".join(run)) not in _PLACES and _a_clause(role[at:]):
            kept = role[at:]
        run = []
    return kept


def _a_clause(words: list[str]) -> bool:
    """Words that say what someone does, not what a role or a place is called: a lower-case word of neither."""
    return any(word[:1].islower() and _key(word) not in _NAMING_WORDS for word in words)


# Lower-case words of titles and places: what a role is called by, not what someone does.
_NAMING_WORDS = _PLACE_CUES | _PERSON_CUES


ROLE_WORDS = 8
_NOT_IN_A_ROLE = frozenset(
    _key(w)
    for w in "và cùng của do với cho là được đã sẽ đang bởi theo tại ở khi thì mà ông bà đồng chí anh chị".split()
)
# Of those, the words no name is made of: with a capital, a heading's ("Tây Du Ký – Tác Phẩm Bất Hủ Của Ngô Thừa
# Ân"). Not "Do Thái", "Đồng Nai", "Anh", "Bà Rịa", nor "và", which a body's name written in a heading's capitals
# holds ("Bộ Tài Nguyên Và Môi Trường").
_NEVER_IN_A_NAME = _NOT_IN_A_ROLE - frozenset(_key(w) for w in "và do ông bà đồng chí anh chị".split())
_TITLES_OPENED = frozenset({_keys("thứ trưởng")})  # a title whose first word opens sentences too ("Thứ hai, …")
# Punctuation that ends a clause or opens an aside: "… Việt Nam (Lê Văn Lan, …)" gives Lê Văn Lan no role.
_ROLE_BREAKS = (",", ";", ".", "…", ":", ")", "(", "[", "]", '"', "”", "“")
_OPENINGS = ("(", "[", '"', "“")
# What one person does to another, written in lower case between a title and the name it acts on: "Giám đốc
# … trao quyết định bổ nhiệm PGS Mai Thanh Phong" gives him the role "PGS", not the director's. Not "ký" nor
# "gửi": "Tổng Thư ký", "Lưu ký", "tiền gửi" are in titles and bodies.
_ACTING_ON = frozenset(_key(w) for w in "trao tặng gặp thăm chúc mời đón".split())
_ACTING_ON_PAIRS = frozenset(
    _keys(w)
    for w in (
        *("bổ nhiệm", "miễn nhiệm", "quyết định", "điều động", "hội đàm", "hội kiến", "tiếp kiến", "điện đàm"),
        *("cảm ơn", "trân trọng", "chúc mừng"),
    )
)
# Acting on someone only before a title: "Thủ tướng tiếp Tổng thống Mỹ …", not "Trưởng Ban tiếp công dân".
_ACTING_ON_A_TITLE = frozenset({_key("tiếp")})


def _acts_on(word: str, role: list[str]) -> bool:
    """The word, in lower case, is a verb of acting on someone, alone or with the role's next word."""
    if not word[:1].islower():
        return False
    key, following = _key(word), role[0] if role else ""
    return (
        key in _ACTING_ON
        or f"{key} {_key(following)}" in _ACTING_ON_PAIRS
        or key in _ACTING_ON_A_TITLE
        and following[:1].isupper()
    )
