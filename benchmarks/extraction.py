"""Measure article extraction on saved real pages against what a careful reader found on them.

    python benchmarks/extraction.py [PAGES]    # PAGES defaults to ../shared/pages

PAGES holds html/NN.html, txt/NN.txt and truth.jsonl (one object a line: file, title, date, time,
author, first_body_sentence, last_body_sentence; date is null where the page shows none, and then
date_actual may say what it really was). Each page is read the way `hoidap ingest` reads it, and the
table says, per page and kind: stored, title right, date (and time) right, author right, and whether
the first and last body sentences are the first and last things stored.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from retrieval.clean import AGENCY_DATELINE
from retrieval.sources import read_source

DEFAULT_PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "pages"
KINDS = (("html", ".html"), ("txt", ".txt"))


def _same(text: str | None) -> str:
    # Pages differ from the truth file only in spacing and Unicode composition.
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@dataclass
class Row:
    stored: bool
    title: bool
    date: str  # "ok", "none" (page shows none, none found), "WRONG", "MISSED", "guess" (matches the actual date)
    author: bool
    first: bool
    last: bool
    note: str

    def cells(self) -> list[str]:
        if not self.stored:
            return ["no", "-", "-", "-", "-", "-"]
        return [
            "yes",
            *("ok" if flag else "NO" for flag in (self.title,)),
            self.date,
            *("ok" if flag else "NO" for flag in (self.author, self.first, self.last)),
        ]


def measure(path: Path, truth: dict) -> Row:
    try:
        article = read_source(path).article
    except (OSError, ValueError) as error:
        return Row(False, False, "-", False, False, False, str(error))
    found = article.date.isoformat() if article.date else None
    if truth["date"]:
        right = found == truth["date"] and (truth.get("time") is None or article.time == truth["time"])
        date = "ok" if right else ("MISSED" if found is None else "WRONG")
    else:
        date = "none" if found is None else ("guess" if found == truth.get("date_actual") else "WRONG")
    paragraphs = [_same(p) for p in article.paragraphs]
    # The cleaner strips an agency's dateline ("TT - ", "TTXVN - ") by design; the sentence after it counts.
    opening = _same(truth["first_body_sentence"])
    first = bool(paragraphs) and paragraphs[0].startswith((opening, AGENCY_DATELINE.sub("", opening)))
    # The truth's last sentence is sometimes the first of the last paragraph: it must be in it.
    last = bool(paragraphs) and _same(truth["last_body_sentence"]) in paragraphs[-1]
    notes = []
    if _same(article.title) != _same(truth["title"]):
        notes.append(f"title={article.title!r}")
    if date not in ("ok", "none"):
        notes.append(f"date={found} {article.time}")
    if _same(article.author) != _same(truth["author"]):
        notes.append(f"author={article.author!r}")
    if not first and paragraphs:
        notes.append(f"first={paragraphs[0][:60]!r}")
    if not last and paragraphs:
        notes.append(f"last={paragraphs[-1][-60:]!r}")
    return Row(
        True,
        _same(article.title) == _same(truth["title"]),
        date,
        _same(article.author) == _same(truth["author"]),
        first,
        last,
        "; ".join(notes),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--notes", action="store_true", help="say what was found where it differs")
    args = parser.parse_args(argv)
    truths = [json.loads(line) for line in (args.pages / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    header = ["page", "kind", "stored", "title", "date", "author", "first", "last"]
    print(" ".join(f"{h:<7}" for h in header))
    for kind, suffix in KINDS:
        rows = []
        for truth in truths:
            name = Path(truth["file"]).stem
            row = measure(args.pages / kind / f"{name}{suffix}", truth)
            rows.append(row)
            print(" ".join(f"{c:<7}" for c in [name, kind, *row.cells()]))
            if args.notes and row.note:
                print(f"        {row.note}")
        shown = [t for t in truths if t["date"]]
        dates_ok = sum(r.date == "ok" for r in rows)
        wrong = sum(r.date == "WRONG" for r in rows)
        guessed = sum(r.date == "guess" for r in rows)
        print(
            f"{kind} totals: stored {sum(r.stored for r in rows)}/{len(rows)}, "
            f"titles {sum(r.title for r in rows)}/{len(rows)}, "
            f"dates {dates_ok}/{len(shown)} shown (wrong {wrong}, guessed where none shown {guessed}), "
            f"authors {sum(r.author for r in rows)}/{len(rows)}, "
            f"first {sum(r.first for r in rows)}/{len(rows)}, last {sum(r.last for r in rows)}/{len(rows)}, "
            f"first and last {sum(r.first and r.last for r in rows)}/{len(rows)}"
        )
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
