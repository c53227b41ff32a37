"""FEEDS re-read on a schedule (python-telegram-bot's JobQueue); the articles not stored yet are stored.

Every REFRESH_MINUTES the job reads each feed (or sitemap), skips the articles whose address is
already in the store, and fetches and stores the rest, politely, in an engine of its own on a
thread (bot.components.ingesting), so questions are answered meanwhile. One INFO line tells the counts; a
failure is one WARNING line, and the next run tries again.
"""

from __future__ import annotations

import logging
from typing import cast

from telegram.ext import Application, ContextTypes, Job

from bot.components.ingesting import Outcome, ingester, ingester_of, outcome
from bot.settings import Settings
from retrieval import fetch
from retrieval.engine import Engine, IngestReport

log = logging.getLogger(__name__)

FIRST_SECONDS = 10.0  # the first run, soon after start: a restart does not wait a whole interval


def refresh(engine: Engine, web: fetch.Fetcher, feeds: list[str], limit: int = fetch.DEFAULT_LIMIT) -> Outcome:
    """Read the feeds and store the articles they list that are not stored yet."""
    found = fetch.discover(web, feeds, limit)
    known = set()
    for row in engine.articles():
        known.add(row["source"])  # the address it was fetched from
        if row["url"]:
            known.add(row["url"])  # its canonical address
    fresh = []
    for item in found.items:
        if isinstance(item, fetch.Page):  # an entry of FEEDS that is a page itself
            if item.url not in known and item.canonical not in known:
                fresh.append(item.url)
        elif item not in known:
            fresh.append(item)
    report = engine.ingest(fresh, fetcher=web, limit=limit) if fresh else IngestReport()
    result = outcome(engine, report)
    result.failures[:0] = found.failures
    return result


async def refresh_feeds(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job: one refresh; never raises, so a failure never stops the bot or the schedule."""
    assert context.job is not None
    feeds = list(cast(tuple[str, ...], context.job.data))
    try:
        result = await ingester_of(context).run(lambda engine, web: refresh(engine, web, feeds))
    except Exception as error:  # anything at all: the bot goes on, the next run tries again
        log.warning("feeds refresh failed: %s: %s", type(error).__name__, error)
        return
    log.info("feeds refreshed: %s", result.counts())


def schedule(application: Application, settings: Settings) -> Job | None:
    """Re-read FEEDS every REFRESH_MINUTES; nothing when FEEDS is not set."""
    if not settings.feeds:
        return None
    if application.job_queue is None:
        raise RuntimeError("FEEDS needs python-telegram-bot's job queue: pip install 'python-telegram-bot[job-queue]'")
    ingester(application, settings)
    return application.job_queue.run_repeating(
        refresh_feeds,
        interval=settings.refresh_minutes * 60,
        first=FIRST_SECONDS,
        data=tuple(settings.feeds),
        name="feeds",
        job_kwargs={"max_instances": 1, "coalesce": True},  # a slow run is never overlapped by the next
    )
