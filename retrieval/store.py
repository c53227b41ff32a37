"""Documents and paragraph chunks in one SQLite file, through sqlite-utils."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from retrieval.clean import Article


@dataclass(frozen=True)
class Chunk:
    """A stored paragraph with what a citation needs about its article."""

    id: int
    doc: str
    title: str
    date: str | None
    source: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class Change:
    """What storing one article did: chunk ids removed and added."""

    doc: str
    status: str  # "added", "updated" or "unchanged"
    removed: list[int]
    added: list[int]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        if self.path.parent != Path():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.db.conn.execute("PRAGMA foreign_keys = ON")
        self._create_tables()

    def _create_tables(self) -> None:
        db = self.db
        db["documents"].create(
            {"doc": str, "source": str, "sha256": str, "title": str, "date": str, "time": str, "author": str},
            pk="doc",
            not_null={"source", "sha256", "title"},
            if_not_exists=True,
        )
        db["chunks"].create(
            {"id": int, "doc": str, "paragraph": int, "text": str},
            pk="id",
            not_null={"doc", "paragraph", "text"},
            foreign_keys=[("doc", "documents", "doc")],
            if_not_exists=True,
        )
        db["chunks"].create_index(["doc", "paragraph"], unique=True, if_not_exists=True)
        db["abbreviations"].create(
            {"abbr": str, "expansion": str, "doc": str},
            pk=("abbr", "expansion", "doc"),
            foreign_keys=[("doc", "documents", "doc")],
            if_not_exists=True,
        )
        db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)

    @property
    def generation(self) -> int:
        """A counter bumped by every change, so a persisted index can tell it is stale."""
        rows = list(self.db.query("select value from meta where key = 'generation'"))
        return int(rows[0]["value"]) if rows else 0

    def document_count(self) -> int:
        return self.db["documents"].count

    def date_range(self) -> tuple[str | None, str | None]:
        row = next(self.db.query("select min(date) as first, max(date) as last from documents"))
        return row["first"], row["last"]

    def save_article(self, doc: str, source: str, text: str, article: Article, abbreviations: dict[str, str]) -> Change:
        """Store an article, replacing an older version of it in one transaction."""
        sha = content_hash(text)
        old = self.db["documents"].get(doc) if self._has_doc(doc) else None
        if old and old["sha256"] == sha:
            return Change(doc, "unchanged", [], [])
        removed = [row["id"] for row in self.db.query("select id from chunks where doc = ?", [doc])]
        with self.db.conn:
            self.db.execute("delete from abbreviations where doc = ?", [doc])
            self.db.execute("delete from chunks where doc = ?", [doc])
            self.db["documents"].upsert(
                {
                    "doc": doc,
                    "source": source,
                    "sha256": sha,
                    "title": article.title,
                    "date": article.date.isoformat() if article.date else None,
                    "time": article.time,
                    "author": article.author,
                },
                pk="doc",
            )
            first_id = self.db.execute("select coalesce(max(id), 0) + 1 from chunks").fetchone()[0]
            added = list(range(first_id, first_id + len(article.paragraphs)))
            self.db["chunks"].insert_all(
                {"id": chunk_id, "doc": doc, "paragraph": number, "text": paragraph}
                for number, (chunk_id, paragraph) in enumerate(zip(added, article.paragraphs), start=1)
            )
            self.db["abbreviations"].insert_all(
                [{"abbr": abbr, "expansion": long, "doc": doc} for abbr, long in abbreviations.items()],
                ignore=True,
            )
            self.db["meta"].upsert({"key": "generation", "value": str(self.generation + 1)}, pk="key")
        return Change(doc, "updated" if old else "added", removed, added)

    def _has_doc(self, doc: str) -> bool:
        return bool(list(self.db.query("select 1 from documents where doc = ?", [doc])))

    _CHUNK_SELECT = """
        select chunks.id, chunks.doc, documents.title, documents.date, documents.source,
               chunks.paragraph, chunks.text
        from chunks join documents on documents.doc = chunks.doc
    """

    def chunks(self, ids: list[int]) -> list[Chunk]:
        """The chunks with these ids, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {
            row["id"]: Chunk(**row) for row in self.db.query(f"{self._CHUNK_SELECT} where chunks.id in ({marks})", ids)
        }
        return [rows[i] for i in ids if i in rows]

    def all_chunks(self) -> Iterator[Chunk]:
        for row in self.db.query(f"{self._CHUNK_SELECT} order by chunks.id"):
            yield Chunk(**row)

    def chunk_count(self) -> int:
        return self.db["chunks"].count

    def article_chunks(self, doc: str) -> list[Chunk]:
        """Every paragraph of one article, in order."""
        return [
            Chunk(**row)
            for row in self.db.query(f"{self._CHUNK_SELECT} where chunks.doc = ? order by paragraph", [doc])
        ]

    def abbreviations(self) -> dict[str, set[str]]:
        """Abbreviation -> the expansions the corpus defines for it."""
        result: dict[str, set[str]] = {}
        for row in self.db.query("select distinct abbr, expansion from abbreviations"):
            result.setdefault(row["abbr"], set()).add(row["expansion"])
        return result
