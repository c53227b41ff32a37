"""Time in a question: the publication period it asks about (`năm 2023`, `quý III/2023`, `tuần trước`).

A news archive is asked about a period as often as about a subject: "năm 2023 tỉnh
thu hút bao nhiêu vốn FDI?", "tin mới nhất về bão số 3". The phrase names which
articles to read, not words to look for, so it leaves the question's terms.

Forms are matched on the folded question (no marks, lower case), so a question typed
without diacritics reads the same. A bare number is never a time ("Nghị quyết số 57",
"2023 người"): a year counts only after `năm`, or inside a range (`từ 2022 đến nay`).
A single day (`ngày 3/7/2024`) stays a query term: it is when the event happened,
which the article states, rather than when it was published.

A named period (`năm 2023`, `tháng 7/2024`, `quý III/2023`) both limits the articles and
stays a term: articles write it the same way ("lớp tập huấn năm 2023"), and it tells the
paragraph about that year's event from its neighbours. Relative phrases, ranges and
open ends (`hôm qua`, `từ 2022 đến nay`, `trước năm 2020`, `mới nhất`) leave the terms:
no article says them of the period meant.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from retrieval.text import fold

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:nam\s+)?(\d{4})"
_MONTH = r"thang\s+(\d{1,2})(?:\s*/\s*|\s+nam\s+)(\d{4})"
_QUARTER = r"quy\s+(iv|iii|ii|i|[1-4])(?:\s*/\s*|\s+nam\s+)(\d{4})"
_POINT = rf"(?:{_MONTH}|{_QUARTER}|{_YEAR})"


@dataclass(frozen=True)
class Period:
    """Articles published from since to until, both included; None is open-ended."""

    since: date | None = None
    until: date | None = None
    recent: bool = False  # the question asks for the latest (`mới nhất`, `gần đây`): newer articles first

    @property
    def limits(self) -> bool:
        return self.since is not None or self.until is not None

    def holds(self, published: date | None) -> bool:
        """Whether an article published then is in the period; one without a date never is."""
        if published is None:
            return False
        return (self.since is None or published >= self.since) and (self.until is None or published <= self.until)

    def to_json(self) -> dict:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class Timed:
    """A question read for time: what is left to search for, and the period it names (or None)."""

    text: str
    period: Period | None
    named: bool = False  # a named period ("năm 2023"), which stays a term: it may be what the question is about


def _year(found: str) -> tuple[date, date]:
    year = int(found)
    return date(year, 1, 1), date(year, 12, 31)


def _month(month: str, year: str) -> tuple[date, date] | None:
    number, year_number = int(month), int(year)
    if not 1 <= number <= 12:
        return None
    return date(year_number, number, 1), date(year_number, number, calendar.monthrange(year_number, number)[1])


def _quarter(quarter: str, year: str) -> tuple[date, date]:
    number = _ROMAN_QUARTERS.get(quarter) or int(quarter)
    first = _month(str(3 * number - 2), year)
    last = _month(str(3 * number), year)
    assert first is not None and last is not None
    return first[0], last[1]


def _point(groups: tuple[str | None, ...]) -> tuple[date, date] | None:
    """The span of one `tháng M/YYYY`, `quý Q/YYYY` or `(năm) YYYY` match, from its five groups."""
    month, month_year, quarter, quarter_year, year = groups
    if month and month_year:
        return _month(month, month_year)
    if quarter and quarter_year:
        return _quarter(quarter, quarter_year)
    if year and 1900 <= int(year) <= 2100:
        return _year(year)
    return None


def _relative(today: date) -> list[tuple[str, tuple[date, date]]]:
    """Phrases that name a period relative to today, with that period."""
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    return [
        (r"hom\s+qua", (today - timedelta(days=1),) * 2),
        (r"hom\s+nay", (today, today)),
        (r"tuan\s+(?:truoc|qua)", (monday - timedelta(days=7), monday - timedelta(days=1))),
        (r"tuan\s+nay", (monday, today)),
        (r"thang\s+(?:truoc|qua)", (last_month_end.replace(day=1), last_month_end)),
        (r"thang\s+nay", (first_of_month, today)),
        (r"nam\s+(?:ngoai|truoc|qua)", _year(str(today.year - 1))),
        (r"nam\s+nay", (date(today.year, 1, 1), today)),
    ]


_RECENT = re.compile(r"\b(?:moi\s+nhat|gan\s+(?:day|nhat)|moi\s+day)\b")
_RANGE = re.compile(rf"\btu\s+{_POINT}\s+(?:den|toi)\s+(?:nay|{_POINT})\b")
_SINCE = re.compile(rf"\b(?:tu|sau)\s+{_POINT}\b")
_BEFORE = re.compile(rf"\btruoc\s+{_POINT}\b")
_IN = re.compile(rf"\b(?:{_MONTH}|{_QUARTER}|nam\s+(\d{{4}}))\b")


def read_time(question: str, today: date) -> Timed:
    """The question without its time phrase, and the publication period that phrase names.

    Kinds, the first that matches: a range (`từ 2022 đến nay`, `từ tháng 3/2023 đến tháng
    5/2023`), an open start (`từ năm 2020`, `sau năm 2020`), an open end (`trước năm 2020`),
    a period (`năm 2023`, `tháng 7/2024`, `quý III/2023`), a period relative to today
    (`hôm qua`, `tuần trước`, `năm ngoái`). `mới nhất` / `gần đây` ask for newer articles first.
    """
    folded = fold(question)
    if len(folded) != len(question):  # a rare letter whose lower case is longer: spans would not line up
        return Timed(question, None)
    recent = _RECENT.search(folded)
    period, span = _limits(folded, today)
    if period is None and recent is None:
        return Timed(question, None)
    spans = [s for s in (span, recent.span() if recent else None) if s is not None]
    text = question
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    since, until = period if period else (None, None)
    named = period is not None and span is None
    return Timed(" ".join(text.split()), Period(since, until, recent is not None), named)


def _limits(folded: str, today: date) -> tuple[tuple[date | None, date | None] | None, tuple[int, int] | None]:
    """The (since, until) a time phrase names in the folded question, and where the phrase stands when it
    leaves the question's terms (None: it stays)."""
    found = _RANGE.search(folded)
    if found:
        start = _point(found.groups()[:5])
        end = today if folded[found.start() : found.end()].rstrip().endswith("nay") else None
        if end is None:
            last = _point(found.groups()[5:])
            end = last[1] if last else None
        if start and end:
            return (start[0], end), found.span()
    found = _SINCE.search(folded)
    if found:
        point = _point(found.groups())
        if point:
            after = folded[found.start() : found.end()].startswith("sau")
            return (point[1] + timedelta(days=1) if after else point[0], None), found.span()
    found = _BEFORE.search(folded)
    if found:
        point = _point(found.groups())
        if point:
            return (None, point[0] - timedelta(days=1)), found.span()
    found = _IN.search(folded)
    if found:
        point = _point(found.groups())
        if point:
            return point, None  # named as articles name it ("quý III/2023"): it stays a term as well
    for pattern, (since, until) in _relative(today):
        found = re.search(rf"\b{pattern}\b", folded)
        if found:
            return (since, until), found.span()
    return None, None
