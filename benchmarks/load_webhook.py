"""Load test for webhook mode: how many questions a second `hoidap webhook` answers, and how fast.

What it measures: the real server (`python -m bot webhook`, a separate process) is started against the
Bot API stand-in (tests/botapi_stub.py) on 127.0.0.1. Private-chat questions are POSTed to the webhook
at a fixed open-loop rate; for each one the latency is the time from sending the POST to the stand-in
receiving the sendMessage that answers it (matched by chat id: every question comes from its own chat,
so the per-chat rate limit never applies). It reports requests sent, answers received, errors (non-200
POSTs, missing or wrong answers, ERROR lines or tracebacks on the server's stderr), the achieved answer
rate, latency p50/p95/p99/max, and whether the target holds: at least 100 answers a second, p95 under
100 ms, no error.

Run it from the repository root with the venv active:

    python benchmarks/load_webhook.py                          # 120 questions/s for 60 s
    python benchmarks/load_webhook.py --rate 120 --seconds 5   # a quick check
    python benchmarks/load_webhook.py --json                   # one JSON object on stdout

Everything is bounded: the server must be ready within --start-timeout, traffic stops after --seconds,
answers are awaited for at most --grace more seconds, and the whole run is cut at seconds + grace + 10.
Traffic goes only to 127.0.0.1. The server is stopped (SIGTERM, then SIGKILL) on every exit path,
Ctrl-C included; on Linux it is also told to die with this process (PR_SET_PDEATHSIG).
The exit status is 0 if the target holds, 1 if not, 2 if the run could not be made.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import html
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the Bot API stand-in lives with the tests

from botapi_stub import TOKEN, BotApiStub  # noqa: E402

from bot.components.strings import APOLOGY, RATE_LIMITED  # noqa: E402
from bot.render import NOT_FOUND  # noqa: E402
from bot.webhook import SECRET_HEADER  # noqa: E402

TARGET_RATE = 100.0  # answers per second
TARGET_P95_MS = 100.0
WEBHOOK_URL = "https://hoidap.test/telegram"  # only its path matters for serving
HOOK_PATH = "/telegram"
SECRET = "load-test_secret"
FIRST_CHAT_ID = 10_000_000  # one private chat per question, far from the stand-in's fixed ids
HARD_STOP_MARGIN = 10.0  # seconds beyond --seconds + --grace after which the run is cut regardless

# (question, what its answer must contain); None: out of corpus, the "not found" message is expected.
QUESTIONS: list[tuple[str, str | None]] = [
    ("Thái Nguyên tổ chức hội nghị TTĐN khi nào?", "03/7/2024"),
    ("thai nguyen to chuc hoi nghi ttdn khi nao", "03/7/2024"),
    ("Khánh Hòa tập huấn cho bao nhiêu học viên?", "200 học viên"),
    ("Khánh Hoà tập huấn cho bao nhiêu học viên?", "200 học viên"),
    ("bao nhieu hoc vien tham du tap huan o khanh hoa", "200 học viên"),
    ("Đắk Lắk tập huấn công tác thông tin đối ngoại năm 2022 vào ngày nào?", "25/10/2022"),
    ("dak lak tap huan thong tin doi ngoai ngay nao", "25/10/2022"),
    ("Lớp bồi dưỡng công tác thông tin đối ngoại năm 2017 được tổ chức khi nào?", "11/9/2017"),
    ("Kết luận số 57 của Bộ Chính trị ban hành ngày nào?", "15/6/2023"),
    ("Quảng Ninh tổ chức hội nghị triển khai kết luận 57 khi nào?", "26/10"),
    ("Ai chủ trì hội nghị TTĐN ở Thái Nguyên?", "Vũ Duy Hoàng"),
    ("ai chu tri hoi nghi o thai nguyen", "Vũ Duy Hoàng"),
    ("Ai thông tin chuyên đề tại hội nghị ở Thái Nguyên?", "Bùi Thế Giang"),
    ("Ai là Phó Bí thư Thường trực Tỉnh ủy Đắk Lắk?", "Phạm Minh Tấn"),
    ("Ông Lê Hải Bình giữ chức vụ gì?", "Lê Hải Bình"),
    ("Hội nghị ở Thái Nguyên có bao nhiêu đại biểu?", "170 đại biểu"),
    ("Quảng Ninh tổ chức hội nghị kết luận 57 trong mấy ngày?", "3 ngày"),
    ("BCĐ công tác TTĐN tỉnh Thái Nguyên do ai làm trưởng ban?", "Vũ Duy Hoàng"),
    ("Giá vàng hôm nay bao nhiêu?", None),
    ("Thời tiết Hà Nội hôm nay thế nào?", None),
    ("gia xang hom nay", None),
]


class RunError(Exception):
    """The run could not be made (the server did not start, a port could not be bound...)."""


# --- the Bot API stand-in, timing the answers ------------------------------------------


class TimedStub(BotApiStub):
    """The stand-in, also noting when the first sendMessage to each chat arrived (time.monotonic)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: dict[int, tuple[float, str]] = {}  # chat id -> (arrival, text)
        self.extra_answers = 0  # a second message to a chat that was asked once

    def _message(self, params: dict[str, Any]) -> dict:
        arrived = time.monotonic()
        chat_id = int(params["chat_id"])
        if chat_id in self.answers:
            self.extra_answers += 1
        else:
            self.answers[chat_id] = (arrived, str(params.get("text", "")))
        return super()._message(params)


class _StubServer(uvicorn.Server):
    # uvicorn.Server.serve() takes over SIGINT/SIGTERM when run on the main thread; here Ctrl-C must
    # stop the whole run (and so the server process), not just quietly end the stand-in.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def listening_socket() -> socket.socket:
    # proto=IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY on accepted connections only when
    # the socket says it is TCP. Without it, Nagle holds back each response body until the client's
    # delayed ACK (40 ms on Linux), and back-to-back Bot API calls take ~44 ms each instead of ~1 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # Listening before the server process starts: its first Bot API calls wait in the backlog
    # until the stand-in is serving, instead of being refused.
    sock.listen(1024)
    return sock


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the server process ---------------------------------------------------------------


def _die_with_parent() -> None:
    # Runs in the child between fork and exec. Safe here because no thread has been started yet
    # (the stand-in runs on this process's event loop, which starts after the server process).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def start_server(stub_port: int, port: int, db: Path, workdir: Path, stderr: Any) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": f"http://127.0.0.1:{stub_port}/bot",
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_SECRET": SECRET,
        "PORT": str(port),
        "HOIDAP_DB": str(db),
        "RATE_LIMIT_PER_MINUTE": "1000000",  # belt and braces: every question has its own chat anyway
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "webhook"],
        env=env,
        cwd=workdir,  # no stray .env file in the current directory changes the settings
        stdin=subprocess.DEVNULL,
        stdout=stderr,
        stderr=stderr,
        # Its own session: a Ctrl-C in the terminal reaches only this script, which then stops
        # the server itself, after the traffic and before the stand-in.
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )


def stop_server(process: subprocess.Popen[bytes], timeout: float = 10.0) -> str:
    """SIGTERM, wait, SIGKILL on timeout; how it ended. Safe to call again once it has ended."""
    killed = False
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
            killed = True
    if killed:
        return f"killed: still running {timeout:g} s after SIGTERM"
    # hoidap webhook shuts down gracefully on SIGTERM and exits with status 0.
    code = process.returncode
    return f"exit status {code}" if code is None or code >= 0 else f"ended by {signal.Signals(-code).name}"


@dataclass
class Usage:
    """CPU seconds used by the server, by this process, and by the whole machine; wall-clock seconds."""

    server: float | None
    generator: float
    wall: float
    machine: tuple[float, float] | None  # (busy, stolen by the hypervisor), summed over all cores

    @classmethod
    def now(cls, pid: int) -> Usage:
        return cls(cpu_seconds(pid), time.process_time(), time.monotonic(), machine_cpu_seconds())

    def __sub__(self, other: Usage) -> Usage:
        server = None if self.server is None or other.server is None else self.server - other.server
        machine = None
        if self.machine is not None and other.machine is not None:
            machine = (self.machine[0] - other.machine[0], self.machine[1] - other.machine[1])
        return Usage(server, self.generator - other.generator, self.wall - other.wall, machine)

    def percent(self, seconds: float | None) -> float | None:
        return None if seconds is None or self.wall <= 0 else round(100 * seconds / self.wall, 1)


def machine_cpu_seconds() -> tuple[float, float] | None:
    """Busy (not idle or waiting on I/O) and stolen CPU seconds of the machine so far (Linux /proc/stat)."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    # user nice system idle iowait irq softirq steal ...; guest time is already counted in user.
    return sum(ticks[:8]) / hz - (ticks[3] + ticks[4]) / hz, ticks[7] / hz


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc); None where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def wait_ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RunError(f"the server exited with status {process.returncode} before it was ready")
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/healthz", timeout=2.0)).status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise RunError(f"the server was not ready (GET /healthz == 200) within {timeout:g} s")


# --- traffic ----------------------------------------------------------------------------


@dataclass
class Sent:
    chat_id: int
    expected: str | None
    due: float  # when the schedule says it goes out
    start: float = 0.0  # when the POST was actually started
    acked: float = 0.0  # when the POST's response came back
    status: int | str = "not sent"


@dataclass
class Traffic:
    sent: list[Sent] = field(default_factory=list)
    first_send: float = 0.0
    last_send: float = 0.0
    hard_stopped: bool = False


def update_for(index: int, question: str) -> dict[str, Any]:
    chat_id = FIRST_CHAT_ID + index
    return {
        "update_id": 1 + index,
        "message": {
            "message_id": 1 + index,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Tải"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Tải", "language_code": "vi"},
            "text": question,
        },
    }


async def post_update(client: httpx.AsyncClient, gate: asyncio.Semaphore, sent: Sent, body: bytes) -> None:
    async with gate:
        sent.start = time.monotonic()
        try:
            response = await client.post(
                HOOK_PATH, content=body, headers={"Content-Type": "application/json", SECRET_HEADER: SECRET}
            )
            sent.status = response.status_code
        except httpx.HTTPError as error:
            sent.status = type(error).__name__
        sent.acked = time.monotonic()


async def run_traffic(
    client: httpx.AsyncClient, stub: TimedStub, rate: float, seconds: float, grace: float, concurrency: int
) -> Traffic:
    """Open loop: question i goes out at start + i/rate, whatever became of the earlier ones."""
    traffic = Traffic()
    total = max(1, round(rate * seconds))
    gate = asyncio.Semaphore(concurrency)  # bounds open connections and tasks if the server stalls
    tasks: list[asyncio.Task[None]] = []
    start = time.monotonic() + 0.05
    hard_stop = start + seconds + grace + HARD_STOP_MARGIN
    try:
        async with asyncio.timeout(hard_stop - time.monotonic()):
            for index in range(total):
                question, expected = QUESTIONS[index % len(QUESTIONS)]
                sent = Sent(FIRST_CHAT_ID + index, expected, due=start + index / rate)
                traffic.sent.append(sent)
                if (delay := sent.due - time.monotonic()) > 0:
                    await asyncio.sleep(delay)
                body = json.dumps(update_for(index, question), ensure_ascii=False).encode()
                tasks.append(asyncio.create_task(post_update(client, gate, sent, body)))
            await asyncio.gather(*tasks)
            # Answers may come after the last POST is acknowledged: wait for them, at most `grace`.
            expected_answers = sum(1 for s in traffic.sent if s.status == 200)
            deadline = time.monotonic() + grace
            while len(stub.answers) < expected_answers and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
    except TimeoutError:
        traffic.hard_stopped = True
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    started = [s.start for s in traffic.sent if s.start]
    traffic.first_send, traffic.last_send = (min(started), max(started)) if started else (0.0, 0.0)
    return traffic


# --- the report -------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not values:
        return None
    return values[max(0, min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1))]


def server_log_problems(log: str) -> tuple[list[str], int]:
    """ERROR/CRITICAL lines and traceback headers on the server's stderr; the count of WARNING lines."""
    problems = [line for line in log.splitlines() if re.search(r" (ERROR|CRITICAL) |^Traceback", line)]
    warnings = sum(1 for line in log.splitlines() if " WARNING " in line)
    return problems, warnings


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def report(
    args: argparse.Namespace, traffic: Traffic, stub: TimedStub, server_log: str, usage: Usage
) -> dict[str, Any]:
    not_found = html.escape(NOT_FOUND)
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    missing = wrong = apologies = rate_limited = 0
    last_answer = traffic.first_send
    for sent in traffic.sent:
        statuses[str(sent.status)] += 1
        if sent.status != 200:
            continue
        answer = stub.answers.get(sent.chat_id)
        if answer is None:
            missing += 1
            continue
        arrived, text = answer
        latencies.append(arrived - sent.start)
        last_answer = max(last_answer, arrived)
        if text == APOLOGY:
            apologies += 1
        elif text == RATE_LIMITED:
            rate_limited += 1
        elif (not_found if sent.expected is None else sent.expected) not in text:
            wrong += 1
    latencies.sort()
    posted = [s for s in traffic.sent if s.start]
    acks = sorted(s.acked - s.start for s in posted if s.acked)
    window = last_answer - traffic.first_send
    answer_rate = len(latencies) / window if window > 0 else 0.0
    problems, warnings = server_log_problems(server_log)
    errors = {
        "post_not_200": sum(1 for s in traffic.sent if s.status != 200),
        "missing_answers": missing,
        "wrong_answers": wrong,
        "apologies": apologies,
        "rate_limited": rate_limited,
        "extra_messages": stub.extra_answers,
        "server_log_errors": len(problems),
        "hard_stopped": int(traffic.hard_stopped),
    }
    p95 = percentile(latencies, 95)
    target_met = (
        answer_rate >= TARGET_RATE
        and p95 is not None
        and p95 * 1000 < TARGET_P95_MS
        and not any(errors.values())
        and len(posted) == len(traffic.sent)
    )
    return {
        "rate": args.rate,
        "seconds": args.seconds,
        "requests": len(traffic.sent),
        "sent": len(posted),
        "answers": len(latencies),
        "errors": sum(errors.values()),
        "error_counts": errors,
        "post_statuses": dict(statuses),
        "send_window_s": round(traffic.last_send - traffic.first_send, 3),
        "answer_window_s": round(window, 3),
        "answer_rate": round(answer_rate, 2),
        "latency_ms": {
            "p50": ms(percentile(latencies, 50)),
            "p95": ms(p95),
            "p99": ms(percentile(latencies, 99)),
            "max": ms(latencies[-1] if latencies else None),
        },
        "post_ack_ms": {"p50": ms(percentile(acks, 50)), "p95": ms(percentile(acks, 95))},
        # Open loop: how late the generator itself was in sending; large values mean the load machine,
        # not the server, was the limit.
        "send_lag_ms_max": ms(max((s.start - s.due for s in posted), default=None)),
        # CPU over the traffic phase, in % of one core: a server near 100 is CPU-bound; a generator near
        # 100 means the numbers measure this script, not the server.
        "server_cpu_percent": usage.percent(usage.server),
        "generator_cpu_percent": usage.percent(usage.generator),
        # Everything else running meanwhile (the machine is shared): CPU busy outside the server and
        # this process, and time the hypervisor stole, in % of one core.
        "other_cpu_percent": (
            None
            if usage.machine is None or usage.server is None
            else usage.percent(max(0.0, usage.machine[0] - usage.machine[1] - usage.server - usage.generator))
        ),
        "steal_percent": None if usage.machine is None else usage.percent(usage.machine[1]),
        "cores": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "server_warnings": warnings,
        "server_log_errors_sample": problems[:5],
        "target": {"answer_rate_min": TARGET_RATE, "p95_ms_max": TARGET_P95_MS, "errors": 0},
        "target_met": target_met,
    }


def write_samples(path: Path, traffic: Traffic, stub: TimedStub) -> None:
    """Per question: when it was due (from the first), POST status, ack time, answer latency."""
    origin = traffic.sent[0].due if traffic.sent else 0.0
    with path.open("w") as out:
        for sent in traffic.sent:
            answer = stub.answers.get(sent.chat_id)
            row = {
                "chat_id": sent.chat_id,
                "due_ms": ms(sent.due - origin),
                "status": sent.status,
                "ack_ms": ms(sent.acked - sent.start) if sent.acked else None,
                "latency_ms": ms(answer[0] - sent.start) if answer and sent.start else None,
            }
            out.write(json.dumps(row) + "\n")


def print_human(result: dict[str, Any]) -> None:
    lat = result["latency_ms"]
    print(
        f"requests {result['requests']}  sent {result['sent']}  answers {result['answers']}  errors {result['errors']}"
    )
    print(f"errors by kind: {json.dumps(result['error_counts'])}")
    print(f"POST statuses: {json.dumps(result['post_statuses'])}")
    print(
        f"answer rate {result['answer_rate']}/s over {result['answer_window_s']} s "
        f"(sending took {result['send_window_s']} s; generator lag max {result['send_lag_ms_max']} ms)"
    )
    print(f"latency ms: p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}")
    print(f"POST acknowledged ms: p50 {result['post_ack_ms']['p50']}  p95 {result['post_ack_ms']['p95']}")
    print(
        f"CPU % of one core: server {result['server_cpu_percent']}, generator and stand-in "
        f"{result['generator_cpu_percent']}, everything else {result['other_cpu_percent']}, stolen "
        f"{result['steal_percent']} ({result['cores']} cores); load average {result['load_average_1m']}; "
        f"server warnings {result['server_warnings']}; server {result['server_stop']}"
    )
    for line in result["server_log_errors_sample"]:
        print(f"server: {line}")
    verdict = "HOLDS" if result["target_met"] else "DOES NOT HOLD"
    print(f"target (>= {TARGET_RATE:g}/s, p95 < {TARGET_P95_MS:g} ms, no error): {verdict}")


# --- the run ----------------------------------------------------------------------------


async def session(
    args: argparse.Namespace, stub: TimedStub, stub_sock: socket.socket, process: subprocess.Popen[bytes], port: int
) -> tuple[Traffic, Usage, str]:
    # The stand-in serves on this event loop: no thread, so no GIL hand-offs between it and the load.
    stub.port = stub_sock.getsockname()[1]
    stub_server = _StubServer(
        uvicorn.Config(stub.app, log_config=None, access_log=False, lifespan="off", timeout_graceful_shutdown=2)
    )
    stub_task = asyncio.create_task(stub_server.serve(sockets=[stub_sock]))
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=httpx.Timeout(10.0), trust_env=False
        ) as client:
            await wait_ready(client, process, args.start_timeout)
            before = Usage.now(process.pid)
            # No full (gen-2) collections while the load runs: with the stand-in's growing call log they
            # stalled this loop for up to ~90 ms, and with it the stand-in, so the server waited on us and
            # the latency measured our pauses, not its own. Young garbage is still collected.
            thresholds = gc.get_threshold()
            gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
            try:
                traffic = await run_traffic(client, stub, args.rate, args.seconds, args.grace, args.concurrency)
            finally:
                gc.set_threshold(*thresholds)
            usage = Usage.now(process.pid) - before
        # The server goes first, while the stand-in still answers: a server still working through a
        # backlog would otherwise log connection errors that are an artefact of the test.
        ended = await asyncio.to_thread(stop_server, process)
        return traffic, usage, ended
    finally:
        if process.poll() is None:  # cancelled (Ctrl-C) or failed before the stop above
            await asyncio.to_thread(stop_server, process)
        stub_server.should_exit = True
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(stub_task, 5.0)


def _raise_interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=120.0, help="questions per second (default 120)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send (default 60)")
    parser.add_argument("--db", type=Path, help="HOIDAP_DB for the server (default: a new one from the seeds)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--server-log", type=Path, help="keep the server's stderr in this file")
    parser.add_argument("--samples", type=Path, help="write one JSON line per question (times in ms) to this file")
    parser.add_argument("--grace", type=float, default=10.0, help="seconds to wait for answers after sending")
    # Kept small on purpose: httpcore scans its whole connection pool on every request, so hundreds of
    # open connections make the generator itself CPU-bound once the server falls behind.
    parser.add_argument("--concurrency", type=int, default=32, help="most POSTs in flight at once (default 32)")
    parser.add_argument("--start-timeout", type=float, default=60.0, help="seconds for the server to be ready")
    args = parser.parse_args(argv)
    if args.rate <= 0 or args.seconds <= 0 or args.grace < 0 or args.concurrency < 1:
        parser.error("--rate, --seconds and --concurrency must be positive, --grace not negative")

    # SIGTERM and SIGHUP end the run the way Ctrl-C does, through the cleanup in run(). SIGINT is set
    # explicitly because a shell starts background jobs with it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGHUP, _raise_interrupt)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted; the server and the stand-in were stopped", file=sys.stderr)
        return 130


def run(args: argparse.Namespace) -> int:
    """One load test; 0 if the target holds, 1 if not, 2 if the run could not be made."""
    with tempfile.TemporaryDirectory(prefix="hoidap-load-") as tmp:
        workdir = Path(tmp)
        db = args.db.resolve() if args.db else workdir / "hoidap.db"
        log_path = args.server_log.resolve() if args.server_log else workdir / "server.log"
        stub = TimedStub()
        stub_sock = listening_socket()
        process: subprocess.Popen[bytes] | None = None
        try:
            port = free_port()
            with log_path.open("wb") as log_file:
                process = start_server(stub_sock.getsockname()[1], port, db, workdir, log_file)
            traffic, usage, ended = asyncio.run(session(args, stub, stub_sock, process, port))
        except RunError as error:
            log = log_path.read_text(errors="replace") if log_path.exists() else ""
            print(f"error: {error}\n--- server log (tail) ---\n{log[-3000:]}", file=sys.stderr)
            return 2
        finally:
            if process:  # a no-op when the session already stopped it
                stop_server(process)
            stub_sock.close()
        server_log = log_path.read_text(errors="replace")
    result = report(args, traffic, stub, server_log, usage)
    result["server_stop"] = ended
    if args.samples:
        write_samples(args.samples, traffic, stub)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_human(result)
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
