"""The Telegram front end: thin handlers, and the Application wiring shared by polling and webhook.

Handlers hold no logic beyond choosing what to ask and where to reply; the
engine answers and bot.render turns the answer into Telegram HTML.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import html
import json
import logging
import re
import sys
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal, TextIO, TypeVar
from urllib.parse import urlsplit

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest, RequestData

from bot import admin, feeds
from bot.render import (
    TELEGRAM_LIMIT,
    answer_html,
    article_html,
    display_date,
    hit_html,
    join_within_limit,
    paragraph_html,
)
from bot.settings import Settings
from retrieval.engine import MAX_QUESTION_CHARS, Answer, Engine, Hit, QuestionError
from retrieval.store import Chunk

log = logging.getLogger(__name__)

# Only what the handlers use: Telegram then never sends edited messages or channel posts.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
COMMANDS = [
    BotCommand("hoi", "Đặt câu hỏi về tin tức"),
    BotCommand("help", "Cách dùng bot"),
    BotCommand("start", "Giới thiệu"),
]
EXAMPLE_QUESTION = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"
CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data and inline result ids
RATE_WINDOW_SECONDS = 60.0
CONCURRENT_UPDATES = 4
# Telegram shows "typing…" for 5 s or until the next message, and the Bot API recommends the action only
# when a reply takes a noticeable time. An answer takes milliseconds, so the action is sent only when
# one has not come within TYPING_AFTER, then again every TYPING_EVERY.
TYPING_AFTER = 0.5
TYPING_EVERY = 4.0
STATE_KEY = "hoidap"

USAGE_HOI = f"Cách dùng: /hoi &lt;câu hỏi&gt;\nVí dụ: <code>/hoi {html.escape(EXAMPLE_QUESTION)}</code>"
RATE_LIMITED = "Bạn hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp nhé."
TOO_LONG = f"Câu hỏi dài quá (tối đa {MAX_QUESTION_CHARS} ký tự). Bạn hãy hỏi ngắn gọn hơn nhé."
NOT_TEXT = "Mình chỉ đọc được câu hỏi bằng chữ. Bạn hãy gõ câu hỏi nhé."
UNKNOWN_COMMAND = "Mình không hiểu lệnh này. Gõ /help để xem cách dùng."
STALE_BUTTON = "Nút này đã cũ: trích dẫn không còn trong kho bài viết. Bạn hãy hỏi lại nhé."
APOLOGY = "Xin lỗi, mình gặp sự cố khi xử lý yêu cầu này. Bạn vui lòng thử lại sau."
INLINE_HINT = "Gõ câu hỏi sau tên bot"
INLINE_NOT_FOUND = "Không tìm thấy câu trả lời — xem hướng dẫn"
TOKEN_REJECTED = "Telegram rejected TELEGRAM_BOT_TOKEN; check the token BotFather gave you"
ARTICLE_GOES_ON = "<i>… Bài còn tiếp: mình chỉ gửi {sent} phần đầu, trong {total} phần. Đọc toàn văn: {where}</i>"

# Replies are retried while the Bot API fails in a way that may pass (network, timeout, 5xx, 429), for
# at most SEND_RETRY_SECONDS: waits of RETRY_FIRST_DELAY, doubling up to RETRY_MAX_DELAY.
RETRIED_METHODS = frozenset({"sendMessage"})
RETRY_FIRST_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
# On shutdown a reply still being retried gets one last attempt, and stopping waits at most this long
# for what was accepted (uvicorn's graceful timeout in webhook mode).
SHUTDOWN_GRACE = 4.0


class StartupError(Exception):
    """The bot cannot start (Bot API unreachable, token rejected); the message is one line saying what to do."""


# --- what comes from the Bot API ------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(data: Any) -> Any:
    """data with every lone UTF-16 surrogate in its strings replaced by U+FFFD, in place where it can be.

    JSON may escape half of a surrogate pair ("\\ud800"); Python then holds a str that
    cannot be encoded (logged, rendered, sent back), so it is replaced where updates come in.
    """
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    stack = [data]
    while stack:  # no recursion: the depth of what comes in is not ours to choose
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, str):
                if _LONE_SURROGATE.search(value):
                    node[key] = _LONE_SURROGATE.sub("\ufffd", value)
            elif isinstance(value, dict | list):
                stack.append(value)
    return data


def read_json(payload: bytes) -> Any:
    """JSON from Telegram (a Bot API answer or a webhook update), lone surrogates replaced; ValueError if not JSON."""
    try:
        return without_lone_surrogates(json.loads(payload.decode("utf-8", "replace")))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


class BotApiRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, reading every answer through read_json and retrying replies.

    A reply (RETRIED_METHODS) that fails in a way that may pass (network error, timeout,
    5xx, 429 with its retry_after) is sent again after a backoff, for at most
    retry_seconds; a bad request or a chat that blocked the bot is not retried.
    """

    def __init__(self, *args: Any, retry_seconds: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = retry_seconds
        self._stopping = asyncio.Event()

    @staticmethod
    def parse_json_payload(payload: bytes) -> Any:
        try:
            return read_json(payload)
        except ValueError as error:  # not logged: the payload may hold users' messages
            raise TelegramError("Invalid server response") from error

    def stop_retrying(self) -> None:
        """Shutting down: a reply waiting to be retried gets one last attempt, now."""
        self._stopping.set()

    async def post(self, url: str, request_data: RequestData | None = None, **timeouts: Any) -> Any:
        method = url.rpartition("/")[2]
        if method not in RETRIED_METHODS or self.retry_seconds <= 0:
            return await super().post(url, request_data, **timeouts)
        deadline = time.monotonic() + self.retry_seconds
        delay = RETRY_FIRST_DELAY
        while True:
            try:
                return await super().post(url, request_data, **timeouts)
            except (NetworkError, RetryAfter) as error:  # TimedOut is a NetworkError
                if isinstance(error, BadRequest) or self._stopping.is_set():
                    raise
                wait = _retry_after(error) if isinstance(error, RetryAfter) else delay
                if time.monotonic() + wait > deadline:
                    raise
                log.warning("%s failed (%s: %s); retrying in %.1f s", method, type(error).__name__, error, wait)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), wait)
                delay = min(2 * delay, RETRY_MAX_DELAY)


def _retry_after(error: RetryAfter) -> float:
    value = getattr(error, "_retry_after", 1)  # the attribute itself warns of a coming type change
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def undeliverable(error: object) -> bool:
    """Whether a reply failed because the Bot API could not be reached or refused the bot (not our bug)."""
    return isinstance(error, NetworkError | RetryAfter | InvalidToken) and not isinstance(error, BadRequest)


def bot_api_host(settings: Settings) -> str:
    """Where the Bot API is, without the token: host and port of TELEGRAM_BASE_URL."""
    return urlsplit(settings.telegram_base_url).netloc.rpartition("@")[2] or settings.telegram_base_url


async def check_bot_api(settings: Settings) -> None:
    """One getMe: StartupError with one line when the Bot API cannot be reached or rejects the token."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    try:
        async with Bot(token, base_url=settings.telegram_base_url):
            pass
    except InvalidToken:
        raise StartupError(TOKEN_REJECTED) from None
    except TelegramError as error:
        reason = f"{error}".replace(token, "[redacted]")
        raise StartupError(
            f"cannot reach the Telegram Bot API at {bot_api_host(settings)}: {reason}; "
            "check TELEGRAM_BASE_URL and the network"
        ) from None


# --- logging ------------------------------------------------------------------------


class RedactSecrets(logging.Filter):
    """Replaces secret values in a record's message and traceback.

    A last line of defence: python-telegram-bot puts the token in the message of
    InvalidToken, and httpx puts it in request URLs.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg, record.args = self._redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """The one place logging is set up, for polling and webhook alike."""
    secrets = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.webhook_secret) if s is not None]
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return handler


# --- state --------------------------------------------------------------------------


class RateLimiter:
    """At most `limit` questions per chat in any sliding window; one warning when a chat goes over."""

    def __init__(self, limit: int, window: float = RATE_WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._times: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, chat_id: int) -> Literal["ok", "warn", "drop"]:
        now = self.clock()
        times = self._times.setdefault(chat_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(chat_id)
            if len(self._times) > 10_000:  # forget idle chats so memory stays bounded
                self._times = {c: t for c, t in self._times.items() if t and t[-1] > now - self.window}
            return "ok"
        if chat_id in self._warned:
            return "drop"
        self._warned.add(chat_id)
        return "warn"


class RecentIds:
    """A bounded set: remembers the last `size` keys added."""

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def discard(self, key: object) -> bool:
        """Forget the key; True if it was there."""
        if key not in self._keys:
            return False
        self._keys.discard(key)
        self._order.remove(key)
        return True

    def __init__(self, size: int = 1000) -> None:
        self._order: deque[object] = deque()
        self._keys: set[object] = set()
        self.size = size

    def add(self, key: object) -> bool:
        """True if the key is new."""
        if key in self._keys:
            return False
        self._order.append(key)
        self._keys.add(key)
        if len(self._order) > self.size:
            self._keys.discard(self._order.popleft())
        return True


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Updates of different chats run concurrently; one chat's updates run one at a time, in order,
    so its answers come in the order of its questions."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat -> its lock, updates holding or awaiting it

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:  # inline queries: no chat to keep in order
            await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]  # forget idle chats, so memory stays bounded
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


T = TypeVar("T")


@dataclass
class BotState:
    engine: Engine
    top_k: int
    limiter: RateLimiter
    max_messages: int = 5  # what one button sends at most
    seen_updates: RecentIds = field(default_factory=RecentIds)
    # Updates whose reply the Bot API did not take (after the retries): webhook mode answers Telegram
    # with an error for them, so Telegram delivers them again.
    undelivered: RecentIds = field(default_factory=RecentIds)
    # Callback data for doc ids too long for 64 bytes, keyed by a hash; lost on restart (then "stale").
    long_callbacks: OrderedDict[str, str] = field(default_factory=OrderedDict)
    # One thread does all engine work, one call at a time: the event loop keeps serving other chats
    # while a question is answered, and the SQLite connection is never used by two threads at once.
    worker: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="engine"))

    async def run(self, call: Callable[..., T], *args: object) -> T:
        """call(*args) on the engine's thread."""
        return await asyncio.wrap_future(self.worker.submit(call, *args))


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data[STATE_KEY]


async def _quietly(call: Awaitable[object], what: str) -> None:
    """Await a call the reply does not depend on; a failure is logged, not raised."""
    try:
        await call
    except TelegramError as error:
        log.warning("%s failed: %s", what, error)


# --- rendering (Telegram-only; everything from users or the corpus is escaped) ------


def escape_within(text: str, limit: int) -> str:
    """text HTML-escaped in at most limit characters, cut between characters (never inside an entity)."""
    escaped = html.escape(text)
    if len(escaped) <= limit:
        return escaped
    out, size = [], 1  # room for the ellipsis
    for char in text:
        piece = html.escape(char)
        if size + len(piece) > limit:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + "…"


def goes_on_html(chunk: Chunk, sent: int, total: int) -> str:
    """The closing line of an article cut short: where to read the rest (its address, else the command)."""
    url = chunk.url if chunk.url and chunk.url.lower().startswith(("http://", "https://")) else None
    if url:
        where = f'<a href="{html.escape(url)}">{html.escape(url)}</a>'
    else:
        where = f"<code>hoidap show {html.escape(chunk.doc)}</code>"
    return ARTICLE_GOES_ON.format(sent=sent, total=total, where=where)


def help_html(facts: dict, username: str) -> str:
    bot = f"@{html.escape(username)}"
    if facts["articles"]:
        knows = (
            f"Mình trả lời câu hỏi từ {facts['articles']} bài báo ({facts['paragraphs']} đoạn), "
            f"đăng từ {display_date(facts['first_date'])} đến {display_date(facts['last_date'])}, "
            "kèm trích dẫn bài và đoạn."
        )
    else:
        knows = "Kho bài viết hiện chưa có bài nào."
    return "\n".join(
        [
            "<b>Hỏi đáp tin tức</b>",
            knows,
            "",
            f"Ví dụ: <code>{html.escape(EXAMPLE_QUESTION)}</code>",
            "",
            "• Trò chuyện riêng: gửi câu hỏi.",
            f"• Trong nhóm: /hoi &lt;câu hỏi&gt;, nhắc {bot} kèm câu hỏi, hoặc trả lời tin nhắn của mình.",
            f"• Ở bất kỳ cuộc trò chuyện nào: gõ {bot} rồi câu hỏi.",
            "Bấm «Đoạn N» dưới câu trả lời để xem cả đoạn, «Cả bài [N]» để đọc cả bài.",
        ]
    )


def inline_result_html(question: str, answer: Answer, hit: Hit, with_answer: bool) -> str:
    """What an inline result posts: the question (others in the chat did not see it), the answer, the citation."""
    blocks = [f"<b>{html.escape(answer.answer)}</b>"] if with_answer and answer.answer else []
    body = join_within_limit([*blocks, hit_html(1, hit)])
    room = TELEGRAM_LIMIT - len(body) - len("❓ <i></i>\n\n")
    return f"❓ <i>{escape_within(question, room)}</i>\n\n{body}" if room > 20 else body


def _opening(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def _callback_data(state: BotState, data: str) -> str:
    if len(data.encode()) <= CALLBACK_LIMIT:
        return data
    key = "k|" + hashlib.sha256(data.encode()).hexdigest()[:32]
    state.long_callbacks[key] = data
    state.long_callbacks.move_to_end(key)
    while len(state.long_callbacks) > 1000:
        state.long_callbacks.popitem(last=False)
    return key


def citation_keyboard(state: BotState, answer: Answer, text: str) -> InlineKeyboardMarkup | None:
    """Buttons for the citations that made it into the message: each paragraph, and each whole article."""
    shown = [(n, hit) for n, hit in enumerate(answer.hits, start=1) if hit_html(n, hit) in text]
    if not shown:
        return None
    paragraphs = [
        InlineKeyboardButton(f"Đoạn {n}", callback_data=_callback_data(state, f"p|{hit.doc}|{hit.paragraph}"))
        for n, hit in shown
    ]
    articles, docs = [], set()
    for n, hit in shown:
        if hit.doc not in docs:
            docs.add(hit.doc)
            articles.append(InlineKeyboardButton(f"Cả bài [{n}]", callback_data=_callback_data(state, f"a|{hit.doc}")))
    return InlineKeyboardMarkup([*_rows(paragraphs, 5), *_rows(articles, 3)])


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def question_text(message: Message, username: str) -> tuple[str, bool]:
    """The message text without its leading /command and @username mentions; whether the bot was mentioned."""
    text = message.text or ""
    own = "@" + username.lower()
    # Entity offsets count UTF-16 code units.
    encoded = text.encode("utf-16-le")
    kept, cursor, mentioned = [], 0, False
    for entity in sorted(message.entities, key=lambda e: e.offset):
        start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
        is_command = entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0
        is_own_mention = entity.type == MessageEntity.MENTION and encoded[start:end].decode("utf-16-le").lower() == own
        if (is_command or is_own_mention) and start >= 2 * cursor:
            kept.append(encoded[2 * cursor : start])
            cursor = entity.offset + entity.length
            mentioned = mentioned or is_own_mention
    kept.append(encoded[2 * cursor :])
    return " ".join(b"".join(kept).decode("utf-16-le").split()), mentioned


# --- handlers -----------------------------------------------------------------------


async def drop_duplicates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    # Telegram redelivers an update when the webhook was slow to acknowledge it.
    if not _state(context).seen_updates.add(update.update_id):
        log.info("update %s delivered again; ignored", update.update_id)
        raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    state = _state(context)
    await update.message.reply_html(help_html(await state.run(state.engine.describe), context.bot.username))


async def question_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi anywhere, or any text in a private chat: the text is the question."""
    assert update.message
    question, _ = question_text(update.message, context.bot.username)
    await answer_question(update.message, context, question)


async def group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    assert message
    question, mentioned = question_text(message, context.bot.username)
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
    if mentioned or to_bot:
        await answer_question(message, context, question)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    await update.message.reply_text(NOT_TEXT)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    await update.message.reply_text(UNKNOWN_COMMAND)


async def answer_question(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    state = _state(context)
    verdict = state.limiter.check(message.chat_id)
    if verdict == "drop":
        return
    if verdict == "warn":
        await message.reply_text(RATE_LIMITED)
        return
    if not question:
        await message.reply_html(USAGE_HOI)
        return
    try:
        answer = await _ask_showing_typing(message, state, question)
    except QuestionError:
        if len(question) > MAX_QUESTION_CHARS:
            await message.reply_text(TOO_LONG)
        else:
            await message.reply_html(USAGE_HOI)
        return
    text = answer_html(answer)
    await message.reply_html(text, reply_markup=citation_keyboard(state, answer, text))


async def _ask_showing_typing(message: Message, state: BotState, question: str) -> Answer:
    """The engine's answer; "typing…" shows in the chat while it takes long enough to be seen."""
    work = asyncio.ensure_future(state.run(state.engine.ask, question, state.top_k))
    wait = TYPING_AFTER
    while not (await asyncio.wait({work}, timeout=wait))[0]:
        await _quietly(message.reply_chat_action(ChatAction.TYPING), "sendChatAction")
        wait = TYPING_EVERY
    return work.result()


async def show_citation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    state = _state(context)
    data = state.long_callbacks.get(query.data or "", query.data or "")
    kind, _, rest = data.partition("|")
    messages: list[str] = []
    if kind == "p":
        doc, _, paragraph = rest.rpartition("|")
        valid = paragraph.isascii() and paragraph.isdigit()
        chunk = await state.run(state.engine.chunk, doc, int(paragraph)) if valid else None
        messages = paragraph_html(chunk) if chunk else []
    elif kind == "a" and rest:
        chunks = await state.run(state.engine.article, rest)
        messages = article_html(chunks) if chunks else []
    if not messages or query.message is None:
        await _quietly(query.answer(STALE_BUTTON), "answerCallbackQuery")
        return
    if len(messages) > state.max_messages:
        shown = chunk if kind == "p" else chunks[0]
        assert shown is not None
        messages = [*messages[: state.max_messages - 1], goes_on_html(shown, state.max_messages - 1, len(messages))]
    await _quietly(query.answer(), "answerCallbackQuery")
    for text in messages:
        if isinstance(query.message, Message):
            await query.message.reply_html(text)
        else:  # the answer is too old for Telegram to show us: send to the chat
            await context.bot.send_message(query.message.chat.id, text, parse_mode=ParseMode.HTML)


async def inline_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    assert query
    state = _state(context)
    question = query.query.strip()
    try:
        answer = await state.run(state.engine.ask, question, state.top_k) if question else None
    except QuestionError:
        answer = None
    if answer is None or not answer.found:
        hint = INLINE_NOT_FOUND if question else INLINE_HINT
        await query.answer([], button=InlineQueryResultsButton(hint, start_parameter="help"), cache_time=60)
        return
    results = []
    for rank, hit in enumerate(answer.hits):
        title = answer.answer if rank == answer.answer_hit and answer.answer else hit.title
        results.append(
            InlineQueryResultArticle(
                id=hashlib.sha256(f"{hit.doc}|{hit.paragraph}".encode()).hexdigest()[:32],
                title=title,
                description=f"{display_date(hit.date)}, đoạn {hit.paragraph}: {_opening(hit.text)}",
                input_message_content=InputTextMessageContent(
                    inline_result_html(question, answer, hit, with_answer=rank == answer.answer_hit),
                    parse_mode=ParseMode.HTML,
                ),
            )
        )
    await query.answer(results, cache_time=60)


def described(update: Update) -> str:
    """What an operator needs to know of an update, and nothing a user wrote: no text, name or chat id."""
    kind = next((name for name in ("message", "callback_query", "inline_query") if getattr(update, name)), "other")
    chat = update.effective_chat.type if update.effective_chat else "no"
    return f"update {update.update_id} ({kind}, {chat} chat)"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the failure without what users wrote, and apologises when the fault was ours."""
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update: %s: %s", type(error).__name__, error, exc_info=error)
        return
    if undeliverable(error):
        # The Bot API failed after the retries (or refused the bot): an apology would fail the same way.
        _state(context).undelivered.add(update.update_id)
        log.error("%s: reply not delivered: %s: %s", described(update), type(error).__name__, error)
        return
    if isinstance(error, Forbidden):  # the user blocked the bot, or it left the group
        log.warning("%s: %s", described(update), error)
        return
    # The traceback shows code, not values; the full update is logged at DEBUG only.
    log.error("%s failed: %s: %s", described(update), type(error).__name__, error, exc_info=error)
    log.debug("the update that failed: %s", json.dumps(update.to_dict(), ensure_ascii=False))
    if update.callback_query:
        await _quietly(update.callback_query.answer(APOLOGY), "answerCallbackQuery")
    elif update.effective_chat and update.effective_message:
        await _quietly(context.bot.send_message(update.effective_chat.id, APOLOGY), "apology")


# --- wiring -------------------------------------------------------------------------


async def on_startup(application: Application) -> None:
    state: BotState = application.bot_data[STATE_KEY]
    facts = await state.run(state.engine.describe)
    log.info(
        "@%s answers from %s articles (%s paragraphs)", application.bot.username, facts["articles"], facts["paragraphs"]
    )
    await _quietly(application.bot.set_my_commands(COMMANDS), "setMyCommands")
    # What start-up loaded lives as long as the process: moved out of the collector's sight, a full
    # collection scans only what questions leave behind (measured: 19 ms -> under 1 ms on the seeds).
    gc.freeze()


def file_base_url(base_url: str) -> str:
    """The Bot API's file download base for its method base: https://api.telegram.org/bot -> .../file/bot."""
    head, _, method_prefix = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{method_prefix}"


class BotApplication(Application):
    """Stopping gives a reply still being retried one last attempt: a stop takes seconds, not the retry bound."""

    async def stop(self) -> None:
        if isinstance(self.bot.request, BotApiRequest):
            self.bot.request.stop_retrying()
        await super().stop()


def build_application(settings: Settings, engine: Engine, *, updater: bool = True) -> Application:
    """The bot, its handlers and error handler; `updater=False` for webhook mode, where updates are pushed in."""
    assert settings.telegram_bot_token is not None
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(file_base_url(settings.telegram_base_url))  # where admins' uploads are downloaded from
        # A reply to a message deleted meanwhile is still sent, just without the quote.
        # Citations link their articles; a preview card of the first would push the answer out of sight.
        .defaults(Defaults(allow_sending_without_reply=True, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # Overlap one update's Bot API round trips with the next ones. Few: httpx scans its connection
        # pool on every request, and 256 at once measured slower (61 answers/s) than 4.
        .concurrent_updates(ChatOrderedProcessor(CONCURRENT_UPDATES))
        .post_init(on_startup)
        # Bot API answers read through read_json; replies retried while the Bot API fails.
        .request(BotApiRequest(connection_pool_size=256, retry_seconds=settings.send_retry_seconds))
        .get_updates_request(BotApiRequest(connection_pool_size=1))
        .application_class(BotApplication)
    )
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data[STATE_KEY] = BotState(
        engine,
        settings.hoidap_top_k,
        RateLimiter(settings.rate_limit_per_minute),
        max_messages=settings.full_article_max_messages,
    )

    new = filters.UpdateType.MESSAGE  # edited messages are not questions
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    application.add_handler(TypeHandler(Update, drop_duplicates), group=-1)
    application.add_handlers(admin.handlers(application, settings))  # before the catch-alls for documents, commands
    feeds.schedule(application, settings)
    application.add_handlers(
        [
            CommandHandler(["start", "help"], start, filters=new),
            CommandHandler("hoi", question_message, filters=new),
            MessageHandler(new & private & filters.TEXT & ~filters.COMMAND, question_message),
            MessageHandler(new & groups & filters.TEXT & ~filters.COMMAND, group_message),
            MessageHandler(new & private & filters.COMMAND, unknown_command),
            MessageHandler(new & private & filters.ATTACHMENT, not_text),
            CallbackQueryHandler(show_citation),
            InlineQueryHandler(inline_answer),
        ]
    )
    application.add_error_handler(on_error)
    return application


def run_polling(settings: Settings) -> None:
    """Long polling until Ctrl-C or SIGTERM; StartupError when the Bot API cannot be reached or rejects the token.

    On SIGTERM it stops fetching, confirms to Telegram what it fetched, and answers
    those updates before it exits (a reply still being retried gets one last attempt).
    """
    configure_logging(settings)
    asyncio.run(check_bot_api(settings))  # one line, not python-telegram-bot's tracebacks, when it cannot start
    application = build_application(settings, Engine(settings.hoidap_db, semantic=settings.hoidap_semantic))
    try:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        # Not re-raised: its message contains the token.
        raise SystemExit(f"Error: {TOKEN_REJECTED}") from None
