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
from retrieval.followup import Conversation

QUIT_WORDS = {"thoát", "thoat", "exit", "quit"}
NEW_TOPIC_WORDS = {"mới", "moi"}  # forget the conversation: the next question stands on its own
NEW_TOPIC = "Đã bắt đầu chủ đề mới: câu hỏi tiếp theo không dựa vào câu trước."
HISTORY_LENGTH = 1000


def run_repl(
    ask: Callable[[str, str | None], Answer],
    render: Callable[[Answer], str],
    history: Path,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> None:
    """Ask questions until Ctrl-D or "thoát"; empty lines are ignored.

    ask(question, context) is given the question before while the conversation lasts
    (retrieval.followup.Conversation); "mới" starts a new one.
    """
    if readline is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history)
        readline.set_history_length(HISTORY_LENGTH)
    write('Hỏi đáp — gõ câu hỏi rồi Enter; "mới" để đổi chủ đề; "thoát" hoặc Ctrl-D để thoát.')
    conversation = Conversation()
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
            if line.lower() in NEW_TOPIC_WORDS:
                conversation.forget()
                write(NEW_TOPIC)
                continue
            try:
                answer = ask(line, conversation.context())
                conversation.remember(answer.understood_as or answer.question)
                write(render(answer))
            except QuestionError as error:
                write(f"Lỗi: {error}")
            write("")
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                history.parent.mkdir(parents=True, exist_ok=True)
                readline.write_history_file(history)
