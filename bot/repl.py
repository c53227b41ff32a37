"""The interactive terminal: line editing and history through readline."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

try:
    import readline
except ImportError:  # Windows: input() still works, without history
    readline = None  # type: ignore[assignment]

from retrieval.engine import Answer, QuestionError

QUIT_WORDS = {"thoát", "thoat", "exit", "quit"}
HISTORY_LENGTH = 1000


def run_repl(
    ask: Callable[[str], Answer],
    render: Callable[[Answer], str],
    history: Path,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> None:
    """Ask questions until Ctrl-D or "thoát"; empty lines are ignored."""
    if readline is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history)
        readline.set_history_length(HISTORY_LENGTH)
    write('Hỏi đáp — gõ câu hỏi rồi Enter; "thoát" hoặc Ctrl-D để thoát.')
    try:
        while True:
            try:
                line = read("Hỏi> ").strip()
            except EOFError:
                write("")
                break
            except KeyboardInterrupt:  # Ctrl-C clears the line, as in a shell
                write("")
                continue
            if not line:
                continue
            if line.lower() in QUIT_WORDS:
                break
            try:
                write(render(ask(line)))
            except QuestionError as error:
                write(f"Lỗi: {error}")
            write("")
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                history.parent.mkdir(parents=True, exist_ok=True)
                readline.write_history_file(history)
