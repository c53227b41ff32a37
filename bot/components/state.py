"""What the bot keeps between updates: rate limits, update ids seen, per-chat order and conversations,
the answers its feedback buttons refer to, and the threads that do engine and journal work."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from telegram import Update
from telegram.ext import BaseUpdateProcessor, ContextTypes

from bot.journal import Journal
from retrieval.engine import Answer, Engine
from retrieval.followup import Conversation

STATE_KEY = "hoidap"
RATE_WINDOW_SECONDS = 60.0
CONVERSATIONS = 10_000  # chats whose context is kept; the least recently active is forgotten first
ANSWERS_KEPT = 10_000  # answers the feedback buttons can still vote on; older buttons are stale
LONG_CALLBACKS_KEPT = 1000


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


@dataclass(frozen=True)
class Answered:
    """An answer as a vote stores it: what was asked (as understood), the short answer, the cited passages."""

    question: str
    answer: str | None
    cited: list[str]  # "doc#paragraph"

    @classmethod
    def of(cls, answer: Answer) -> Answered:
        cited = [f"{hit.chunk.doc}#{hit.chunk.paragraph}" for hit in answer.hits]
        return cls(answer.understood_as or answer.question, answer.answer, cited)


def _bounded_put(mapping: OrderedDict, key: object, value: object, size: int) -> None:
    mapping[key] = value
    mapping.move_to_end(key)
    while len(mapping) > size:
        mapping.popitem(last=False)


@dataclass
class BotState:
    engine: Engine
    top_k: int
    limiter: RateLimiter
    journal: Journal | None = None  # questions and votes; None: neither is kept
    secret: str = ""  # keys the hash that stands for a chat in votes (the bot token)
    max_messages: int = 5  # what one button sends at most
    clock: Callable[[], float] = time.monotonic  # for conversations' age
    seen_updates: RecentIds = field(default_factory=RecentIds)
    # Updates whose reply the Bot API did not take (after the retries): webhook mode answers Telegram
    # with an error for them, so Telegram delivers them again.
    undelivered: RecentIds = field(default_factory=RecentIds)
    # Callback data for doc ids too long for 64 bytes, keyed by a hash; lost on restart (then "stale").
    long_callbacks: OrderedDict[str, str] = field(default_factory=OrderedDict)
    # Each chat's conversation (a group's is the group's); the least recently active forgotten first.
    conversations: OrderedDict[int, Conversation] = field(default_factory=OrderedDict)
    # The answers the 👍/👎 buttons name by a short random id; lost on restart (then "stale").
    answered: OrderedDict[str, Answered] = field(default_factory=OrderedDict)
    # Inline questions waiting to settle before they are logged, by user (in memory only; bot.components.inline).
    inline_pending: dict[int, asyncio.TimerHandle] = field(default_factory=dict)
    # One thread does all engine work, one call at a time: the event loop keeps serving other chats
    # while a question is answered, and the SQLite connection is never used by two threads at once.
    worker: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="engine"))
    # Journal writes have a thread of their own, in the order they were made: a database busy with an
    # ingest delays a log entry, never an answer.
    journal_worker: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="journal")
    )

    async def run(self, call: Callable[..., T], *args: object, **kwargs: object) -> T:
        """call(*args, **kwargs) on the engine's thread."""
        return await asyncio.wrap_future(self.worker.submit(call, *args, **kwargs))

    def record(self, call: Callable[..., object], *args: object) -> Future | None:
        """journal.call(*args) on the journal's thread, not awaited; None without a journal."""
        if self.journal is None:
            return None
        return self.journal_worker.submit(call, *args)

    async def read(self, call: Callable[..., T], *args: object) -> T:
        """A journal read on the journal's thread, after the writes made before it."""
        return await asyncio.wrap_future(self.journal_worker.submit(call, *args))

    def conversation(self, chat_id: int) -> Conversation:
        """The chat's conversation, made on first use."""
        found = self.conversations.get(chat_id)
        if found is None:
            found = Conversation()
        _bounded_put(self.conversations, chat_id, found, CONVERSATIONS)
        return found

    def keep_answer(self, answer: Answer) -> str:
        """A short id the feedback buttons carry for this answer."""
        key = secrets.token_urlsafe(6)
        _bounded_put(self.answered, key, Answered.of(answer), ANSWERS_KEPT)
        return key

    def long_callback(self, data: str, key: str) -> None:
        _bounded_put(self.long_callbacks, key, data, LONG_CALLBACKS_KEPT)


def state_of(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data[STATE_KEY]
