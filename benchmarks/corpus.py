"""Generated article files for timing `hoidap ingest`: real Vietnamese sentences, each file an article of its own.

    python -m benchmarks.corpus FOLDER [--files N] [--seed S]

Each file is what a scraped page looks like after its furniture: a title line, a date line, then
paragraphs separated by blank lines (10 on average, 2 to 4 sentences each). The sentences are drawn
from the bundled seeds and, when ../shared/data/xquad.vi.json is there, from the XQuAD-vi contexts;
each file then gets its own names and numbers (a person, a place and the digits in its sentences are
replaced), so no two articles are alike and the vocabulary grows with the corpus as a real archive's
does. The same --seed gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
XQUAD = ROOT.parent / "shared" / "data" / "xquad.vi.json"
PARAGRAPHS = (8, 12)  # paragraphs per article, inclusive
SENTENCES = (2, 4)  # sentences per paragraph, inclusive
MAX_PARAGRAPH_CHARS = 850  # under retrieval.clean.MAX_CHUNK_CHARS, so one generated paragraph stays one paragraph

_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ0-9\"“])")
_NUMBER = re.compile(r"\d+")
_SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lương Trịnh Mai".split()
_MIDDLE = "Văn Thị Hữu Đức Minh Thanh Quốc Ngọc Xuân Hồng Kim Công Đình Thế Bảo".split()
_GIVEN = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hiếu Hòa Hùng Hương Khánh Lan Linh Long Mai Nam Nga Ngân Phong Phúc "
    "Phương Quân Quang Sơn Tâm Thảo Thắng Thủy Trang Trung Tuấn Tùng Uyên Việt Vinh Yến"
).split()
PLACES = (
    "Hà Nội|Hải Phòng|Đà Nẵng|Cần Thơ|Thái Nguyên|Lào Cai|Yên Bái|Nghệ An|Hà Tĩnh|Quảng Bình|Quảng Trị|"
    "Thừa Thiên Huế|Quảng Nam|Quảng Ngãi|Bình Định|Phú Yên|Khánh Hòa|Ninh Thuận|Bình Thuận|Kon Tum|Gia Lai|"
    "Đắk Lắk|Đắk Nông|Lâm Đồng|Bình Phước|Tây Ninh|Bình Dương|Đồng Nai|Long An|Tiền Giang|Bến Tre|Trà Vinh|"
    "Vĩnh Long|Đồng Tháp|An Giang|Kiên Giang|Hậu Giang|Sóc Trăng|Bạc Liêu|Cà Mau|Hà Giang|Cao Bằng|Bắc Kạn|"
    "Lạng Sơn|Tuyên Quang|Phú Thọ|Điện Biên|Lai Châu|Sơn La|Hòa Bình|Bắc Giang|Bắc Ninh|Quảng Ninh|Hải Dương|"
    "Hưng Yên|Thái Bình|Hà Nam|Nam Định|Ninh Bình|Thanh Hóa|Vĩnh Phúc"
).split("|")
TOPICS = (
    "tổ chức hội nghị về công tác thông tin đối ngoại|triển khai kế hoạch phát triển du lịch|"
    "tổng kết công tác cải cách hành chính|đón đoàn công tác của tỉnh bạn|khánh thành công trình giao thông|"
    "phát động phong trào thi đua|tập huấn kỹ năng phát ngôn cho cán bộ|ký kết hợp tác đầu tư|"
    "sơ kết sáu tháng đầu năm|trao tặng quà cho hộ nghèo"
).split("|")
_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def _seed_sentences() -> list[str]:
    """Sentences of the bundled articles' paragraphs, cleaned as hoidap cleans them."""
    from retrieval.clean import clean_article

    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        texts.extend(clean_article(path.read_text(encoding="utf-8")).paragraphs)
    return texts


def _xquad_contexts(path: Path) -> list[str]:
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [p["context"] for article in data["data"] for p in article["paragraphs"]]


def source_sentences(xquad: Path = XQUAD) -> list[str]:
    """Real Vietnamese sentences of at least six words, each once, in a stable order."""
    found: dict[str, None] = {}
    for text in _seed_sentences() + _xquad_contexts(xquad):
        for sentence in _SENTENCE.split(" ".join(text.split())):
            if len(sentence.split()) >= 6 and len(sentence) < MAX_PARAGRAPH_CHARS // 2 and sentence[-1] in ".!?…":
                found[sentence] = None
    return list(found)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def article(number: int, sentences: list[str], rng: random.Random) -> str:
    """One article file's text: title, date line, blank-line-separated paragraphs."""
    person, place, topic = _person(rng), rng.choice(PLACES), rng.choice(TOPICS)
    published = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    title = f"{place}: {topic[0].upper()}{topic[1:]} lần thứ {number % 97 + 1}"
    dateline = (
        f"{_WEEKDAYS[published.weekday()]} - {published:%d/%m/%Y} {rng.randrange(7, 22):02d}:{rng.randrange(60):02d}"
    )
    # Each file's own numbers: the digits of its sentences shifted by an amount of its own.
    shift = rng.randrange(1, 1000)

    def own(sentence: str) -> str:
        return _NUMBER.sub(lambda m: str(int(m.group()) + shift), sentence)

    paragraphs = [
        f"Ngày {published.day}/{published.month}, tại {place}, đồng chí {person} chủ trì buổi {topic}. "
        + own(rng.choice(sentences))
    ]
    count = rng.randint(*PARAGRAPHS)
    while len(paragraphs) < count:
        chosen = [own(s) for s in rng.sample(sentences, rng.randint(*SENTENCES))]
        if rng.random() < 0.3:
            chosen.insert(rng.randrange(len(chosen) + 1), f"Theo đồng chí {person}, {place} sẽ tiếp tục {topic}.")
        paragraph = " ".join(chosen)
        while len(paragraph) > MAX_PARAGRAPH_CHARS and len(chosen) > 1:
            chosen.pop()
            paragraph = " ".join(chosen)
        paragraphs.append(paragraph)
    return "\n\n".join([title, dateline, *paragraphs]) + "\n"


def write_corpus(folder: Path, files: int, seed: int = 1, xquad: Path = XQUAD) -> list[Path]:
    """Write files article files into folder (created if needed); their paths, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = source_sentences(xquad)
    rng = random.Random(seed)
    width = len(str(max(files - 1, 1)))
    paths = []
    for number in range(files):
        path = folder / f"gen-{number:0{width}d}.txt"
        path.write_text(article(number, sentences, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = write_corpus(args.folder, args.files, args.seed)
    print(f"{len(paths)} files in {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
