"""Documents and paragraph chunks in one SQLite file, through sqlite-utils.

One process writes at a time (a lock file beside the database, see Store.writing);
any number read. A database in a read-only place is opened read-only and serves
questions; a write then fails with a StoreError that says so.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    url: str | None = None  # the canonical address of an article from the web


@dataclass(frozen=True)
class Change:
    """What storing one article did: chunk ids removed and added."""

    doc: str
    status: str  # "added", "updated" or "unchanged"
    removed: list[int]
    added: list[int]


@dataclass(frozen=True)
class Incoming:
    """An article to store, with the file text it came from."""

    doc: str
    source: str
    text: str
    article: Article
    abbreviations: dict[str, str]
    url: str | None = None


class StoreError(Exception):
    """A write the database's place refuses (read-only, disk full, locked): one line that says what to do."""


def explain(error: sqlite3.Error | OSError, path: Path) -> StoreError:
    """A StoreError naming what went wrong with the database at path, in words an operator acts on."""
    message = str(error).lower()
    code = error.errno if isinstance(error, OSError) else None
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "full" in message or "too large" in message:
        return StoreError(f"the disk holding {path} is full: free some space, then try again")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in message or "read-only" in message:
        return StoreError(f"{path} is read-only here: it answers questions, but storing articles needs write access")
    if "locked" in message or "busy" in message:
        return StoreError(f"{path} is busy with another process for too long: try again when it is done")
    return StoreError(f"database {path}: {error}")


_SQL_VARIABLES = 500  # ids per "in (...)" query, well under SQLite's limit
BUSY_MS = 30_000  # how long a statement waits for another connection's write before giving up


def _document_row(item: Incoming, sha: str) -> dict:
    article = item.article
    return {
        "doc": item.doc,
        "source": item.source,
        "sha256": sha,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "time": article.time,
        "author": article.author,
        "url": item.url,
    }


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock_file: int | None = None  # the writer lock's descriptor while this store holds it
        self._lock_depth = 0
        self._depth = 0
        try:
            if self.path.parent != Path():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db, self.read_only = self._open(), False
        except (sqlite3.OperationalError, OSError):
            if not self.path.is_file():
                raise StoreError(f"cannot create database {self.path}: its folder is not writable") from None
            self.db, self.read_only = self._open_read_only(), True

    def _open(self) -> sqlite_utils.Database:
        # Not bound to the opening thread: the bot opens the store at start-up and then hands all
        # engine work to one worker thread (bot.telegram.BotState), never to two threads at once.
        db = sqlite_utils.Database(sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_MS / 1000))
        try:
            db.conn.execute("PRAGMA foreign_keys = ON")
            # WAL: a serving process keeps reading while `hoidap ingest` writes; with WAL,
            # synchronous=NORMAL stays safe against corruption and skips an fsync per commit.
            db.conn.execute("PRAGMA journal_mode = WAL")
            db.conn.execute("PRAGMA synchronous = NORMAL")
            self._create_tables(db)
        except sqlite3.OperationalError:
            db.conn.close()
            raise
        return db

    def _open_read_only(self) -> sqlite_utils.Database:
        """The database opened for reading only; immutable when even its WAL index cannot be made."""
        for query in ("mode=ro", "immutable=1"):
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False)
            try:
                conn.execute("select count(*) from chunks").fetchone()
            except sqlite3.OperationalError as error:
                conn.close()
                if "no such table" in str(error):
                    raise StoreError(f"{self.path} is read-only and holds no hoidap articles") from None
                continue
            return sqlite_utils.Database(conn)
        raise StoreError(f"cannot read database {self.path}: it is read-only and its WAL files are missing")

    def close(self) -> None:
        self.db.close()

    # --- one writer at a time -----------------------------------------------------

    @contextmanager
    def writing(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the writer lock for a series of changes; another process holding it is waited for.

        on_wait is called once, before waiting, so a user learns why nothing happens.
        Nested, only the outermost call takes and releases the lock.
        """
        if not self._acquire(blocking=False):
            if on_wait is not None:
                on_wait()
            self._acquire(blocking=True)
        try:
            yield
        finally:
            self._release()

    @property
    def lock_descriptor(self) -> int | None:
        """The writer lock's file descriptor while this store holds it."""
        return self._lock_file

    @contextmanager
    def writing_if_free(self) -> Iterator[bool]:
        """Hold the writer lock if no other process holds it; yields whether it is held."""
        held = not self.read_only and self._acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                self._release()

    def _acquire(self, blocking: bool) -> bool:
        if self._lock_depth:
            self._lock_depth += 1
            return True
        if self.read_only:
            raise explain(sqlite3.OperationalError("readonly"), self.path)
        try:
            descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise explain(error, self.path) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._lock_file, self._lock_depth = descriptor, 1
        return True

    def _release(self) -> None:
        self._lock_depth -= 1
        if not self._lock_depth and self._lock_file is not None:
            os.close(self._lock_file)  # closing releases the lock
            self._lock_file = None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one state of the database, whatever other processes commit meanwhile."""
        if self.db.conn.in_transaction or self._depth:
            yield
            return
        self.db.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.db.conn.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group changes: all of them are stored, or none. Nested, only the outermost commits.

        A write the database's place refuses raises StoreError; what was stored before stays.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise explain(sqlite3.OperationalError("readonly"), self.path)
        self._depth = 1
        try:
            with self.db.conn:
                yield
        except (sqlite3.OperationalError, OSError) as error:
            raise explain(error, self.path) from None
        finally:
            self._depth = 0

    @staticmethod
    def _create_tables(db: sqlite_utils.Database) -> None:
        db.table("documents").create(
            {
                "doc": str,
                "source": str,
                "sha256": str,
                "title": str,
                "date": str,
                "time": str,
                "author": str,
                "url": str,
            },
            pk="doc",
            not_null={"source", "sha256", "title"},
            if_not_exists=True,
        )
        if "url" not in db.table("documents").columns_dict:  # a database from before articles came from the web
            db.table("documents").add_column("url", str)
        db.table("chunks").create(
            {"id": int, "doc": str, "paragraph": int, "text": str},
            pk="id",
            not_null={"doc", "paragraph", "text"},
            foreign_keys=[("doc", "documents", "doc")],
            if_not_exists=True,
        )
        db.table("chunks").create_index(["doc", "paragraph"], unique=True, if_not_exists=True)
        db.table("abbreviations").create(
            {"abbr": str, "expansion": str, "doc": str},
            pk=("abbr", "expansion", "doc"),
            foreign_keys=[("doc", "documents", "doc")],
            if_not_exists=True,
        )
        db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
        # One float16 vector per embedded paragraph (retrieval.semantic); it goes when its chunk goes.
        db.execute(
            "create table if not exists embeddings ("
            "chunk_id integer primary key references chunks(id) on delete cascade, vector blob not null)"
        )

    @property
    def generation(self) -> int:
        """A counter bumped by every change, so a persisted index can tell it is stale."""
        rows = list(self.db.query("select value from meta where key = 'generation'"))
        return int(rows[0]["value"]) if rows else 0

    def document_count(self) -> int:
        return self.db.table("documents").count

    def date_range(self) -> tuple[str | None, str | None]:
        row = next(self.db.query("select min(date) as first, max(date) as last from documents"))
        return row["first"], row["last"]

    def chunk_dates(self) -> Iterator[tuple[int, str | None]]:
        """Each chunk's id with its article's publication date (ISO), or None when it has none."""
        rows = self.db.execute(
            "select chunks.id, documents.date from chunks join documents on documents.doc = chunks.doc"
        )
        yield from rows

    def save_article(
        self,
        doc: str,
        source: str,
        text: str,
        article: Article,
        abbreviations: dict[str, str],
        url: str | None = None,
    ) -> Change:
        """Store an article, replacing an older version of it in one transaction."""
        return self.save_articles([Incoming(doc, source, text, article, abbreviations, url)])[0]

    def save_articles(self, batch: list[Incoming]) -> list[Change]:
        """Store articles in one transaction; an unchanged one is left alone, a changed one replaced."""
        stored = self.stored_hashes([item.doc for item in batch])
        changes: list[Change] = []
        documents: list[dict] = []
        chunks: list[dict] = []
        abbreviations: list[dict] = []
        replaced: list[str] = []
        with self.transaction():
            next_id = self._next_chunk_id()
            for item in batch:
                sha = content_hash(item.text)
                if stored.get(item.doc) == sha:
                    changes.append(Change(item.doc, "unchanged", [], []))
                    continue
                if item.doc in stored:
                    replaced.append(item.doc)
                documents.append(_document_row(item, sha))
                added = list(range(next_id, next_id + len(item.article.paragraphs)))
                next_id += len(added)
                chunks.extend(
                    {"id": chunk_id, "doc": item.doc, "paragraph": number, "text": paragraph}
                    for number, (chunk_id, paragraph) in enumerate(zip(added, item.article.paragraphs), start=1)
                )
                abbreviations.extend(
                    {"abbr": a, "expansion": e, "doc": item.doc} for a, e in item.abbreviations.items()
                )
                status = "updated" if item.doc in stored else "added"
                changes.append(Change(item.doc, status, [], added))
                stored[item.doc] = sha
            if not documents:
                return changes
            removed = self._chunk_ids(replaced)
            for table in ("abbreviations", "chunks"):
                self.db.conn.executemany(f"delete from {table} where doc = ?", [(doc,) for doc in replaced])
            self.db.table("documents").upsert_all(documents, pk="doc")
            self.db.table("chunks").insert_all(chunks)
            self.db.table("abbreviations").insert_all(abbreviations, ignore=True)
            self._set_meta("next_chunk_id", next_id)
            self._bump_generation()
        return [
            Change(c.doc, c.status, removed.get(c.doc, []), c.added) if c.status == "updated" else c for c in changes
        ]

    def _next_chunk_id(self) -> int:
        """The first id no chunk has ever had: ids are never reused, so a process still holding an
        older index cannot cite another paragraph under an id it knew."""
        rows = list(self.db.query("select value from meta where key = 'next_chunk_id'"))
        recorded = int(rows[0]["value"]) if rows else 1
        return max(recorded, self.db.execute("select coalesce(max(id), 0) + 1 from chunks").fetchone()[0])

    def _set_meta(self, key: str, value: int) -> None:
        self.db.table("meta").upsert({"key": key, "value": str(value)}, pk="key")

    def _bump_generation(self) -> None:
        self._set_meta("generation", self.generation + 1)

    def documents(self) -> list[dict]:
        """doc, title, date, url, source and paragraph count of every article, by doc."""
        return list(
            self.db.query(
                "select documents.doc, title, date, url, source, count(chunks.id) as paragraphs"
                " from documents left join chunks on chunks.doc = documents.doc"
                " group by documents.doc order by documents.doc"
            )
        )

    def document(self, doc: str) -> dict | None:
        """One article's row without its paragraphs, or None."""
        rows = self.db.query("select doc, title, date, time, author, url, source from documents where doc = ?", [doc])
        return next(iter(rows), None)

    def remove_document(self, doc: str) -> list[int] | None:
        """Delete an article, its chunks and abbreviations (embeddings cascade); its chunk ids, or None if absent."""
        with self.transaction():
            if self.document(doc) is None:
                return None
            removed = self._chunk_ids([doc]).get(doc, [])
            self._set_meta("next_chunk_id", self._next_chunk_id())
            for table in ("abbreviations", "chunks", "documents"):
                self.db.execute(f"delete from {table} where doc = ?", [doc])
            self._bump_generation()
        return removed

    def stored_hashes(self, docs: list[str]) -> dict[str, str]:
        """The content hash stored for each of these docs that is stored."""
        found: dict[str, str] = {}
        for start in range(0, len(docs), _SQL_VARIABLES):
            part = docs[start : start + _SQL_VARIABLES]
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"select doc, sha256 from documents where doc in ({marks})", part):
                found[row["doc"]] = row["sha256"]
        return found

    def _chunk_ids(self, docs: list[str]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for start in range(0, len(docs), _SQL_VARIABLES):
            part = docs[start : start + _SQL_VARIABLES]
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"select id, doc from chunks where doc in ({marks}) order by id", part):
                found.setdefault(row["doc"], []).append(row["id"])
        return found

    _CHUNK_SELECT = """
        select chunks.id, chunks.doc, documents.title, documents.date, documents.source,
               chunks.paragraph, chunks.text, documents.url
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
        return self.db.table("chunks").count

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
