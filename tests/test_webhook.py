"""Webhook mode end to end: the real ASGI app under uvicorn on 127.0.0.1, talking to the Bot API stand-in."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from botapi_stub import TOKEN, BotApiStub, message, serve

import bot.components.botapi
import bot.webhook
from bot.settings import Settings
from bot.telegram import ALLOWED_UPDATES
from bot.webhook import SECRET_HEADER, create_app, json_too_deep
from helpers import bot_settings, start_process

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


# --- reliability (issue #15) ---------------------------------------------------------


def exchange(port: int, *bodies: bytes) -> list[tuple[int, bytes]]:
    """POST each body in turn on ONE keep-alive connection; each response's status and body."""
    results = []
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock, sock.makefile("rb") as reader:
        for body in bodies:
            head = (
                f"POST {HOOK_PATH} HTTP/1.1\r\nHost: hoidap.test\r\nContent-Type: application/json\r\n"
                f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            sock.sendall(head.encode() + body)
            status = int(reader.readline().split()[1])
            length = 0
            while (line := reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                length = int(value) if name.lower() == "content-length" else length
            results.append((status, reader.read(length)))
    return results


def answered(stub: BotApiStub) -> list[dict]:
    """The sendMessage calls the stand-in accepted (a failed attempt is recorded too, without a result)."""
    return [call.params for call in stub.calls("sendMessage") if call.result]


def test_deeply_nested_json_is_400_and_the_same_connection_serves_the_next_update(
    stub: BotApiStub, server: httpx.Client
) -> None:
    deep = b'{"update_id": 9999, "message": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    inside_strings = json.dumps({**update(stub), "x": "[{" * 5000}).encode()  # brackets in text are not depth
    (deep_status, reason), (status, _), (real_status, _) = exchange(
        server.base_url.port, deep, inside_strings, json.dumps(update(stub)).encode()
    )

    assert deep_status == 400 and b"nested deeper than 64" in reason
    assert status == 200 and real_status == 200
    stub.wait(lambda: len(answered(stub)) == 2)
    assert all("03/7/2024" in sent["text"] for sent in answered(stub))


def test_json_depth_is_measured_without_parsing() -> None:
    assert not json_too_deep(b"[" * 64 + b"]" * 64, 64)
    assert json_too_deep(b"[" * 65 + b"]" * 65, 64)
    assert not json_too_deep(json.dumps({"a": '[[[\\"{{{', "b": [[1]]}).encode(), 3)
    assert json_too_deep(b"[" * 10_000_000, 64)  # stops at the limit


def test_body_over_the_size_limit_is_413(stub: BotApiStub, settings: Settings) -> None:
    settings = settings.model_copy(update={"webhook_max_body_bytes": 4096})
    big = json.dumps({**update(stub), "padding": "x" * 5000})
    with serve(create_app(settings)) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as c:
        assert c.get("/healthz").status_code == 200
        assert post(c, big).status_code == 413  # Content-Length says so
        chunked = c.post(
            HOOK_PATH, content=iter([big.encode()[:3000], big.encode()[3000:]]), headers={SECRET_HEADER: SECRET}
        )
        assert chunked.status_code == 413  # no Content-Length: counted as it is read
        assert post(c, update(stub)).status_code == 200

    assert len(answered(stub)) == 1


def test_lone_surrogate_in_a_question_is_answered_without_error(
    stub: BotApiStub, server: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    # Telegram's JSON may escape half a surrogate pair; Python then holds a str it cannot encode.
    lone = update(stub, QUESTION + " \ud800")
    lone["message"]["from"] = {**lone["message"]["from"], "first_name": "Lan\udc00"}  # a copy: USER is shared
    body = json.dumps(lone)  # ensure_ascii: the surrogate travels as the escape \ud800
    assert "\\ud800" in body
    with caplog.at_level(logging.WARNING):
        assert post(server, body).status_code == 200
        assert post(server, json.dumps(update(stub, "\ud83d"))).status_code == 200  # nothing but the half

    texts = [sent["text"] for sent in stub.wait(lambda: len(answered(stub)) == 2 and answered(stub))]
    assert "03/7/2024" in texts[0]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


@pytest.mark.parametrize("status", [502, 500])
def test_bot_api_down_then_up_the_update_is_answered_once(
    stub: BotApiStub, settings: Settings, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setattr(bot.components.botapi, "RETRY_FIRST_DELAY", 0.1)
    stub.fail, stub.fail_status = {"sendMessage"}, status
    with serve(create_app(settings)) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as c:
        result: dict[str, int] = {}
        posting = threading.Thread(target=lambda: result.update(status=post(c, update(stub)).status_code))
        posting.start()
        stub.wait(lambda: len(stub.calls("sendMessage")) >= 3)  # the Bot API is down: tried, and tried again
        stub.fail = set()  # ... and up again
        posting.join(TIMEOUT)

    assert result["status"] == 200  # acknowledged to Telegram once the answer was sent
    [sent] = answered(stub)
    assert "03/7/2024" in sent["text"]


@pytest.mark.parametrize("status", [502, 401])
def test_reply_not_taken_is_503_and_answered_when_delivered_again(
    stub: BotApiStub, settings: Settings, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setattr(bot.components.botapi, "RETRY_FIRST_DELAY", 0.1)
    settings = settings.model_copy(update={"send_retry_seconds": 0.5})
    stub.fail, stub.fail_status = {"sendMessage"}, status
    lost = update(stub)
    with serve(create_app(settings)) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as c:
        assert post(c, lost).status_code == 503  # past the retry bound: Telegram keeps it and retries later
        stub.fail = set()
        assert post(c, lost).status_code == 200  # Telegram's next delivery of the same update
        assert post(c, lost).status_code == 200  # a third delivery is a duplicate again

    [sent] = answered(stub)
    assert "03/7/2024" in sent["text"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_webhook(stub: BotApiStub, tmp_path: Path, **more: str) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    env: dict[str, str | None] = {
        k: None for k in os.environ if k.startswith(("TELEGRAM_", "WEBHOOK_", "HOIDAP_", "PORT"))
    }
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": stub.base_url,
        "WEBHOOK_URL": f"https://hoidap.example.org{HOOK_PATH}",
        "WEBHOOK_SECRET": SECRET,
        "PORT": str(port),
        "HOIDAP_DB": str(tmp_path / "w.db"),
        "HOIDAP_SEMANTIC": "false",
        **more,
    }
    log = tmp_path / "webhook.log"
    process = start_process("webhook", cwd=tmp_path, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    return process, port, log


def wait_ready(process: subprocess.Popen, port: int) -> httpx.Client:
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if client.get("/healthz").status_code == 200:
                return client
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("hoidap webhook did not become ready")


def stop(process: subprocess.Popen) -> tuple[int, float]:
    """SIGTERM, as a platform sends it; the exit status and how long it took."""
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=30)
    return status, time.monotonic() - began


def non_loopback_address() -> str | None:
    """An IPv4 address of this machine other than loopback, or None when it has none."""
    found = []
    with contextlib.suppress(OSError):
        found.append(socket.gethostbyname(socket.gethostname()))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 9))  # sends nothing: only picks the interface a packet would leave by
        found.append(probe.getsockname()[0])
    return next((a for a in found if not ipaddress.ip_address(a).is_loopback and a != "0.0.0.0"), None)


def test_run_webhook_serves_on_all_interfaces_at_port(stub: BotApiStub, tmp_path: Path) -> None:
    process, port, log = start_webhook(stub, tmp_path)
    address = non_loopback_address()
    try:
        with contextlib.closing(wait_ready(process, port)) as local:
            assert local.get("/healthz").text == "ok"
            if address is None:  # no other interface here: loopback is all there is to serve on
                outside = local
            else:
                outside = httpx.Client(base_url=f"http://{address}:{port}", timeout=TIMEOUT, trust_env=False)
                assert outside.get("/healthz").text == "ok", f"not served on {address}"
            with contextlib.closing(outside):
                assert post(outside, update(stub)).status_code == 200
        status, _ = stop(process)
    finally:
        process.kill()
    [sent] = answered(stub)
    assert "03/7/2024" in sent["text"]
    assert status == 0, log.read_text()


def test_sigterm_stops_the_webhook_server_within_seconds(stub: BotApiStub, tmp_path: Path) -> None:
    process, port, log = start_webhook(stub, tmp_path)
    try:
        with contextlib.closing(wait_ready(process, port)) as client:
            assert post(client, update(stub)).status_code == 200
            assert answered(stub)  # answered before Telegram got its 200
        status, took = stop(process)
    finally:
        process.kill()
    assert status == 0, log.read_text()
    assert took < 3, f"stopping took {took:.1f} s"
    assert "Traceback" not in log.read_text()


def test_sigterm_while_a_reply_is_retried_stops_in_seconds_without_acknowledging_it(
    stub: BotApiStub, tmp_path: Path
) -> None:
    process, port, log = start_webhook(stub, tmp_path)
    try:
        with contextlib.closing(wait_ready(process, port)) as client:
            stub.fail = {"sendMessage"}
            result: dict[str, object] = {}

            def deliver() -> None:
                try:
                    result["status"] = post(client, update(stub)).status_code
                except httpx.TransportError as error:
                    result["status"] = error

            posting = threading.Thread(target=deliver)
            posting.start()
            stub.wait(lambda: stub.calls("sendMessage"))
            status, took = stop(process)
            posting.join(TIMEOUT)
    finally:
        process.kill()
    assert status == 0, log.read_text()
    assert took < 5, f"stopping took {took:.1f} s"
    assert result["status"] != 200  # not acknowledged: Telegram delivers it again to the next process


def test_webhook_start_with_the_bot_api_unreachable_is_one_line(stub: BotApiStub, tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/bot"
    process, _, log = start_webhook(stub, tmp_path, TELEGRAM_BASE_URL=closed)
    try:
        status = process.wait(timeout=60)
    finally:
        process.kill()
    lines = log.read_text().strip().splitlines()
    assert status == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: cannot reach the Telegram Bot API at 127.0.0.1:")
    assert "TELEGRAM_BASE_URL" in lines[0] and TOKEN not in lines[0]
