"""Webhook mode end to end: the real ASGI app under uvicorn on 127.0.0.1, talking to the Bot API stand-in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from botapi_stub import BotApiStub, message, serve
from pydantic import SecretStr

import bot.webhook
from bot.settings import Settings
from bot.telegram import ALLOWED_UPDATES
from bot.webhook import SECRET_HEADER, create_app, run_webhook
from conftest import bot_settings

QUESTION = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"
SECRET = "webhook_Secret-123"
HOOK_PATH = "/telegram/hook"
TIMEOUT = 20.0


@pytest.fixture
def settings(stub: BotApiStub, tmp_path: Path) -> Settings:
    return bot_settings(stub, tmp_path, webhook_url=f"https://hoidap.example.org{HOOK_PATH}", webhook_secret=SECRET)


@pytest.fixture
def server(settings: Settings) -> Iterator[httpx.Client]:
    """The webhook app served on 127.0.0.1; a client for it, once /healthz says ready."""
    with serve(create_app(settings)) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as c:
        assert c.get("/healthz").status_code == 200
        yield c


def post(client: httpx.Client, body: Any, secret: str | None = SECRET) -> httpx.Response:
    headers = {"Content-Type": "application/json"} | ({SECRET_HEADER: secret} if secret is not None else {})
    content = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(HOOK_PATH, content=content, headers=headers)


def update(stub: BotApiStub, text: str = QUESTION) -> dict:
    return {"update_id": stub.new_update_id(), **message(text)}


def test_registers_the_webhook_with_secret_and_update_types(stub: BotApiStub, server: httpx.Client) -> None:
    [call] = stub.calls("setWebhook")
    assert call.params["url"] == f"https://hoidap.example.org{HOOK_PATH}"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ALLOWED_UPDATES
    assert stub.calls("setMyCommands")
    assert server.get("/healthz").status_code == 200


def test_update_with_the_right_secret_is_answered(stub: BotApiStub, server: httpx.Client) -> None:
    assert post(server, update(stub)).status_code == 200

    [sent] = stub.wait(stub.sent)
    assert sent["parse_mode"] == "HTML"
    assert "03/7/2024" in sent["text"]


def test_wrong_or_missing_secret_is_refused_and_nothing_sent(stub: BotApiStub, server: httpx.Client) -> None:
    assert post(server, update(stub), secret="wrong").status_code == 403
    assert post(server, update(stub), secret=SECRET + "x").status_code == 403
    assert post(server, update(stub), secret=None).status_code == 403
    assert post(server, update(stub), secret="").status_code == 403
    good = update(stub, "Giá bitcoin hôm nay bao nhiêu?")
    assert post(server, good).status_code == 200  # refused ones, had they been queued, come before it

    stub.wait(stub.sent)
    assert len(stub.sent()) == 1
    assert "03/7/2024" not in stub.sent()[0]["text"]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        "[1, 2]",
        '"update"',
        "{}",
        '{"message": {"text": "hi"}}',
        '{"update_id": "7"}',
        '{"update_id": 7, "message": "hi"}',
    ],
)
def test_malformed_body_is_400_and_serving_goes_on(stub: BotApiStub, server: httpx.Client, body: str | bytes) -> None:
    assert post(server, body).status_code == 400
    assert post(server, update(stub)).status_code == 200

    stub.wait(stub.sent)
    assert "03/7/2024" in stub.sent()[0]["text"]


def test_update_delivered_twice_is_answered_once(stub: BotApiStub, server: httpx.Client) -> None:
    first = update(stub)
    assert post(server, first).status_code == 200
    assert post(server, first).status_code == 200  # Telegram's retry of a slow delivery
    assert post(server, update(stub, "Giá bitcoin hôm nay bao nhiêu?")).status_code == 200

    stub.wait(lambda: len(stub.sent()) >= 2)
    texts = [sent["text"] for sent in stub.sent()]
    assert len(texts) == 2 and sum("03/7/2024" in text for text in texts) == 1


def test_healthz_is_503_until_the_index_is_loaded(settings: Settings) -> None:
    # ASGITransport does not run the lifespan (engine, bot, webhook): this is the app before startup.
    async def requests() -> list[int]:
        transport = httpx.ASGITransport(app=create_app(settings))
        async with httpx.AsyncClient(transport=transport, base_url="http://hoidap.test") as client:
            return [
                (await client.get("/healthz")).status_code,
                (await client.post(HOOK_PATH, json={"update_id": 1}, headers={SECRET_HEADER: SECRET})).status_code,
                (await client.post(HOOK_PATH, json={"update_id": 1})).status_code,
            ]

    assert asyncio.run(asyncio.wait_for(requests(), TIMEOUT)) == [503, 503, 403]


def test_run_webhook_serves_on_all_interfaces_at_port(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(bot.webhook.uvicorn, "run", lambda app, **options: seen.update(options, app=app))
    monkeypatch.setattr(bot.webhook, "configure_logging", lambda settings: None)
    run_webhook(settings.model_copy(update={"port": 8443, "webhook_secret": SecretStr(SECRET)}))

    assert seen["host"] == "0.0.0.0" and seen["port"] == 8443
    assert seen["log_config"] is None  # uvicorn logs through the one logging setup
    routes = {route.path for route in seen["app"].routes}
    assert routes == {HOOK_PATH, "/healthz"}
