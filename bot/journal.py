"""What readers asked and what they thought of the answers, in the database beside the articles.

A communication office learns from it what its articles do not answer yet: that is what
it should publish next. Nothing here names a person: a question is kept with its time,
front end and outcome; a vote with the question, the answer and its citations, and a
hash of the chat (so a vote can be changed, never doubled), never a name or an id.

Logging never gets in the way of an answer: a database that refuses the write (read-only,
a full disk) costs the log entry and one warning, not the reply.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils

from retrieval.engine import Answer
from retrieval.text import fold

log = logging.getLogger(__name__)

TOP_UNANSWERED = 20  # unanswered questions shown by stats, most asked first
UP, DOWN = 1, -1
REASONS = {"wrong_answer": "Câu trả lời sai", "wrong_article": "Sai bài viết", "not_answered": "Không trả lời câu hỏi"}
# Words that change how a question sounds, not what it asks: "giá vàng hôm nay à?" is "giá vàng hôm nay".
_PARTICLES = frozenset("a a ha nhi vay the khong chua ak ah nhe voi".split())


def question_key(question: str) -> str:
    """What groups near-identical questions: folded words (marks or none alike) without particles."""
    found = re.findall(r"\w+", fold(question))
    return " ".join(word for word in found if word not in _PARTICLES)


def chat_hash(secret: str, chat_id: int) -> str:
    """A chat's stand-in: the same for every vote from the chat, and no way back to the chat."""
    return hmac.new(secret.encode(), str(chat_id).encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Vote:
    voter: str  # chat_hash(...) and the answer's message: one vote per reader and answer
    question: str
    answer: str | None
    cited: list[str]  # "doc#paragraph" of each cited passage
    vote: int  # UP or DOWN
    reason: str | None  # a REASONS key, for a DOWN vote whose reader said why
    front_end: str


class Journal:
    def __init__(self, path: Path | str, log_questions: bool = True):
        self.path = Path(path)
        self.log_questions = log_questions
        self._db: sqlite_utils.Database | None = None
        self._warned = False

    def _open(self) -> sqlite_utils.Database:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(sqlite3.connect(self.path, check_same_thread=False, timeout=10))
            db.table("questions").create(
                {
                    "id": int,
                    "asked_at": str,
                    "front_end": str,
                    "question": str,
                    "key": str,
                    "found": int,
                    "answered": int,
                },
                pk="id",
                if_not_exists=True,
            )
            db.table("votes").create(
                {
                    "voter": str,
                    "voted_at": str,
                    "front_end": str,
                    "question": str,
                    "answer": str,
                    "cited": str,
                    "vote": int,
                    "reason": str,
                },
                pk="voter",
                if_not_exists=True,
            )
            self._db = db
        return self._db

    def _write(self, table: str, row: dict, **options: object) -> None:
        try:
            db = self._open()
            with db.conn:
                db.table(table).insert(row, **options)  # type: ignore[arg-type]
        except (sqlite3.Error, OSError) as error:
            if not self._warned:  # once: a read-only deployment would otherwise warn on every question
                log.warning("question log not written (%s): answers go on without it", error)
                self._warned = True

    def asked(self, answer: Answer, front_end: str, at: datetime | None = None) -> None:
        """Log one question and its outcome (found, short answer given), unless logging is off."""
        if not self.log_questions:
            return
        row = {
            "asked_at": (at or datetime.now(UTC)).isoformat(timespec="seconds"),
            "front_end": front_end,
            "question": answer.question,
            "key": question_key(answer.question),
            "found": int(answer.found),
            "answered": int(answer.answer is not None),
        }
        self._write("questions", row)

    def vote(self, vote: Vote, at: datetime | None = None) -> None:
        """Store a vote; the same reader voting again on the same answer replaces it."""
        row = {
            "voter": vote.voter,
            "voted_at": (at or datetime.now(UTC)).isoformat(timespec="seconds"),
            "front_end": vote.front_end,
            "question": vote.question,
            "answer": vote.answer,
            "cited": json.dumps(vote.cited),
            "vote": vote.vote,
            "reason": vote.reason,
        }
        self._write("votes", row, replace=True)

    def votes(self, since: date | None = None) -> list[dict]:
        """Every vote since the day given, oldest first, with its citations as a list."""
        rows = self._rows("votes", "voted_at", since)
        return [{**{k: v for k, v in row.items() if k != "voter"}, "cited": json.loads(row["cited"])} for row in rows]

    def stats(self, since: date | None = None) -> dict:
        """Questions by front end and by day, the not-found share, the most asked that found nothing, the 👎."""
        rows = self._rows("questions", "asked_at", since)
        unanswered: dict[str, Counter[str]] = defaultdict(Counter)
        for row in rows:
            if not row["found"]:
                unanswered[row["key"]][row["question"]] += 1
        groups = sorted(unanswered.values(), key=lambda forms: (-sum(forms.values()), forms.most_common(1)[0][0]))
        not_found = sum(1 for row in rows if not row["found"])
        return {
            "since": since.isoformat() if since else None,
            "questions": len(rows),
            "by_front_end": dict(sorted(Counter(row["front_end"] for row in rows).items())),
            "by_day": dict(sorted(Counter(row["asked_at"][:10] for row in rows).items())),
            "not_found_share": round(not_found / len(rows), 4) if rows else 0.0,
            "unanswered": [
                {"question": forms.most_common(1)[0][0], "times": sum(forms.values())}
                for forms in groups[:TOP_UNANSWERED]
            ],
            "voted_down": [
                {"question": vote["question"], "answer": vote["answer"], "reason": vote["reason"]}
                for vote in self.votes(since)
                if vote["vote"] == DOWN
            ],
        }

    def _rows(self, table: str, column: str, since: date | None) -> list[dict]:
        if not self.path.exists():
            return []
        db = self._open()
        if not db[table].exists():
            return []
        where, params = (f"where {column} >= ?", [since.isoformat()]) if since else ("", [])
        return list(db.query(f"select * from {table} {where} order by {column}", params))

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
