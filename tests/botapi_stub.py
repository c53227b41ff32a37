"""A Bot API stand-in for end-to-end tests, and helpers to serve ASGI apps on 127.0.0.1 in a thread.

The stand-in answers the methods hoidap uses the way api.telegram.org does
(same URL form, same {"ok": ..., "result": ...} envelope), serves queued
updates to getUpdates once, and records every call with its parameters.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TOKEN = "424242:STUB-token_for-tests_only"
BOT_ID = 424242
BOT_USERNAME = "hoidap_test_bot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Hỏi đáp",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
USER = {"id": 1001, "is_bot": False, "first_name": "Lan", "language_code": "vi"}
PRIVATE_CHAT = {"id": 1001, "type": "private", "first_name": "Lan"}
GROUP_CHAT = {"id": -2002, "type": "supergroup", "title": "Nhóm đọc báo"}
TRUE_METHODS = {
    "sendChatAction",
    "setWebhook",
    "deleteWebhook",
    "setMyCommands",
    "answerInlineQuery",
    "answerCallbackQuery",
    "editMessageReplyMarkup",
}
WAIT_SECONDS = 20.0  # upper bound for any wait; waits end as soon as the condition holds


@contextmanager
def serve(app: Any, timeout: float = WAIT_SECONDS) -> Iterator[int]:
    """Serve an ASGI app with uvicorn on 127.0.0.1 (a free port) in a thread; yields the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # asyncio then sets TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # log_config=None: leave the test process's logging (and pytest's capture) alone.
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="on", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("server failed to start")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start in time")
            time.sleep(0.01)
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None


def _decode(value: str) -> Any:
    # python-telegram-bot sends form fields: strings as they are, everything else JSON-encoded.
    if value[:1] in "[{" or value in ("true", "false"):
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


class BotApiStub:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.fail: set[str] = set()  # methods to answer with a server error
        self.fail_status = 500  # the error status they get (502: a proxy in front failed; 401: token refused)
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content), for getFile and downloads
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
            ]
        )
        self.port = 0

    @property
    def base_url(self) -> str:
        """The python-telegram-bot base_url form: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    @contextmanager
    def running(self) -> Iterator[BotApiStub]:
        with serve(self.app) as port:
            self.port = port
            yield self

    # --- what tests feed in and read out -------------------------------------------

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def queue(self, update: dict) -> dict:
        """Make an update available to getUpdates; an update_id is given if it has none."""
        update = {"update_id": self.new_update_id(), **update}
        with self._lock:
            self._updates.append(update)
        return update

    def add_file(self, name: str | None, content: bytes, size: int | None = None, mime_type: str = "") -> dict:
        """A Document object for a file getFile and the file download serve; size: the file_size Telegram states."""
        number = len(self._files) + 1
        file_id = f"FILE-{number}"
        self._files[file_id] = (f"documents/file_{number}{Path(name or '').suffix}", content)
        stated = len(content) if size is None else size
        document = {"file_id": file_id, "file_unique_id": "U-" + file_id, "file_size": stated}
        if name is not None:
            document["file_name"] = name
        if mime_type:
            document["mime_type"] = mime_type
        return document

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [call for call in self._calls if method is None or call.method == method]

    def sent(self, chat_id: int | None = None) -> list[dict]:
        """Parameters of every sendMessage, optionally to one chat only."""
        return [c.params for c in self.calls("sendMessage") if chat_id is None or int(c.params["chat_id"]) == chat_id]

    def wait(self, condition: Callable[[], Any], timeout: float = WAIT_SECONDS) -> Any:
        """Block until condition() is truthy; its value. AssertionError, with the calls seen, on timeout."""
        deadline = time.monotonic() + timeout
        while not (value := condition()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls seen: {[(c.method, c.params) for c in self.calls()]}")
            time.sleep(0.01)
        return value

    async def until(self, condition: Callable[[], Any], timeout: float = WAIT_SECONDS) -> Any:
        """wait() for code running on an event loop that must keep running meanwhile."""
        deadline = time.monotonic() + timeout
        while not (value := condition()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls seen: {[(c.method, c.params) for c in self.calls()]}")
            await asyncio.sleep(0.01)
        return value

    # --- the Bot API ---------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        # Without files python-telegram-bot posts application/x-www-form-urlencoded.
        params = {key: _decode(value) for key, value in parse_qsl((await request.body()).decode())}
        call = Call(method, params)
        with self._lock:
            self._calls.append(call)
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        if method in self.fail:
            status = self.fail_status
            return JSONResponse(
                {"ok": False, "error_code": status, "description": f"Error {status}: stub told to fail"},
                status_code=status,
            )
        if method == "getUpdates":
            call.result = await self._get_updates(params)
        elif method == "getMe":
            call.result = BOT_USER
        elif method == "sendMessage":
            call.result = self._message(params)
        elif method in TRUE_METHODS:
            call.result = True
        elif method == "getFile":
            if params.get("file_id") not in self._files:
                return JSONResponse(
                    {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}, status_code=400
                )
            file_path, content = self._files[params["file_id"]]
            call.result = {
                "file_id": params["file_id"],
                "file_unique_id": "U-" + params["file_id"],
                "file_size": len(content),
                "file_path": file_path,
            }
        else:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        return JSONResponse({"ok": True, "result": call.result})

    async def _download(self, request: Request) -> Response:
        """The file download (https://api.telegram.org/file/bot<token>/<file_path>), recorded as a "download" call."""
        path = request.path_params["path"]
        with self._lock:
            self._calls.append(Call("download", {"file_path": path}))
        found = next((content for file_path, content in self._files.values() if file_path == path), None)
        if request.path_params["token"] != self.token or found is None:
            return Response(status_code=404)
        return Response(found, media_type="application/octet-stream")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self._lock:
                # Telegram forgets updates below the offset the client confirms.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates)
            await asyncio.sleep(0.02)

    def _message(self, params: dict[str, Any]) -> dict:
        chat_id = int(params["chat_id"])
        chat = PRIVATE_CHAT if chat_id > 0 else GROUP_CHAT
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {**chat, "id": chat_id},
            "from": BOT_USER,
            "text": params.get("text", ""),
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message


# --- updates as Telegram sends them ---------------------------------------------------


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict]:
    """The bot_command (at the start) and mention entities Telegram would attach, offsets in UTF-16 units."""
    found = []
    command = re.match(r"/\w+(@\w+)?", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in re.finditer(r"(?<!\w)@\w{5,32}", text):
        found.append({"type": "mention", "offset": utf16_len(text[: mention.start()]), "length": utf16_len(mention[0])})
    return found


_message_ids = itertools.count(1)


def msg(text: str | None = None, chat: dict = PRIVATE_CHAT, sender: dict = USER, **extra: Any) -> dict:
    """A Message object."""
    data: dict[str, Any] = {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat, "from": sender}
    if text is not None:
        data["text"] = text
        if found := entities(text):
            data["entities"] = found
    return {**data, **extra}


def message(text: str | None = None, chat: dict = PRIVATE_CHAT, sender: dict = USER, **extra: Any) -> dict:
    """An update carrying a new message."""
    return {"message": msg(text, chat, sender, **extra)}


def bot_message(text: str, chat: dict = GROUP_CHAT) -> dict:
    return msg(text, chat=chat, sender=BOT_USER)
