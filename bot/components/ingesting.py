"""Ingests from the bot (admin uploads, /them, the feeds job), off the serving engine.

The engine that answers questions never ingests: fetching is slow (polite pauses) and
would hold up every question behind it. Each ingest opens its own Engine over the same
database in a thread of its own, one ingest at a time, and closes it when done; the
serving engine picks up what was stored when the store's generation changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from telegram.ext import Application, ContextTypes

from bot.settings import Settings
from retrieval import fetch
from retrieval.engine import Engine, IngestReport
from retrieval.sources import Limits
from retrieval.store import StoreError

INGESTER_KEY = "hoidap.ingester"
T = TypeVar("T")


@dataclass(frozen=True)
class Stored:
    """One article an ingest stored (or found unchanged), as the reply describes it."""

    doc: str
    title: str
    date: str | None
    paragraphs: int
    status: str  # "added", "updated" or "unchanged"


@dataclass
class Outcome:
    stored: list[Stored] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file or URL, reason)

    def count(self, status: str) -> int:
        return sum(1 for item in self.stored if item.status == status)

    def counts(self) -> str:
        """Counts only, for the log: never titles, names or message text."""
        return (
            f"{self.count('added')} added, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged, {len(self.failures)} failed"
        )


def outcome(engine: Engine, report: IngestReport) -> Outcome:
    """What the report's changes stored, read back from the store."""
    stored = []
    for change in report.changes:
        found = engine.store.document(change.doc)
        if found is not None:
            paragraphs = len(engine.article(change.doc))
            stored.append(Stored(change.doc, found["title"] or change.doc, found["date"], paragraphs, change.status))
    failures = list(report.failures)
    stopped = getattr(report, "stopped", None)  # why storing stopped part-way (a full disk), when it did
    if stopped:
        failures.append(("", stopped))
    return Outcome(stored, failures)


@dataclass
class Ingester:
    """Runs ingests in their own Engine on a thread, one at a time."""

    db: Path
    semantic: bool
    fetch_delay: float
    limits: Limits
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @classmethod
    def from_settings(cls, settings: Settings) -> Ingester:
        return cls(settings.hoidap_db, settings.hoidap_semantic, settings.hoidap_fetch_delay, settings.limits)

    @property
    def busy(self) -> bool:
        return self.lock.locked()

    async def run(self, work: Callable[[Engine, fetch.Fetcher], T]) -> T:
        """work(engine, fetcher) on a thread, after any ingest already under way."""
        async with self.lock:
            return await asyncio.to_thread(self._open_and_run, work)

    async def ingest(self, items: Sequence[Path | str]) -> Outcome:
        """Store these files and URLs; what was stored and what failed (all, when the database refuses writes)."""
        try:
            return await self.run(lambda engine, web: outcome(engine, engine.ingest(items, fetcher=web)))
        except StoreError as error:
            return Outcome(failures=[("", str(error))])

    def _open_and_run(self, work: Callable[[Engine, fetch.Fetcher], T]) -> T:
        with (
            fetch.Fetcher(delay=self.fetch_delay) as web,
            Engine(self.db, seeds=None, semantic=self.semantic, limits=self.limits) as engine,
        ):
            return work(engine, web)


def ingester(application: Application, settings: Settings) -> Ingester:
    """The application's one Ingester, made on first use."""
    found = application.bot_data.get(INGESTER_KEY)
    if found is None:
        found = application.bot_data[INGESTER_KEY] = Ingester.from_settings(settings)
    return found


def ingester_of(context: ContextTypes.DEFAULT_TYPE) -> Ingester:
    return context.bot_data[INGESTER_KEY]
