"""A running bot answers from what another process stored, with no restart and no error."""

from __future__ import annotations

import asyncio
from pathlib import Path

from botapi_stub import BotApiStub, message
from telegram.ext import Application
from test_telegram import run_bot

from bot.render import NOT_FOUND
from bot.settings import Settings
from helpers import bot_settings, run_process
from retrieval.engine import Engine

QUESTION = "Hội nghị ở Cao Bằng thông qua nghị quyết gì về rừng?"
ARTICLE = (
    "Cao Bằng thông qua nghị quyết bảo vệ rừng đầu nguồn\n\n"
    "Ngày 12/3/2024, hội nghị ở Cao Bằng thông qua nghị quyết về bảo vệ và phát triển rừng đầu nguồn.\n"
)


def test_a_running_bot_answers_from_articles_another_process_ingested(
    stub: BotApiStub, engine: Engine, tmp_path: Path
) -> None:
    settings: Settings = bot_settings(stub, tmp_path)
    article = tmp_path / "cao-bang.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    async def scenario(_: Application) -> None:
        stub.queue(message(QUESTION))
        await stub.until(stub.sent)
        # A process of its own: the point is an ingest by another process than the running bot's.
        stored = await asyncio.to_thread(run_process, "ingest", "--db", str(settings.hoidap_db), str(article))
        assert stored.returncode == 0, stored.stderr
        stub.queue(message(QUESTION))
        await stub.until(lambda: len(stub.sent()) == 2)

    run_bot(settings, engine, scenario)

    before, after = (sent["text"] for sent in stub.sent())
    assert before == NOT_FOUND
    assert "Cao Bằng thông qua nghị quyết bảo vệ rừng đầu nguồn" in after and "12/3/2024" in after
