from collections.abc import Iterator
from pathlib import Path

import pytest
from botapi_stub import BotApiStub

from retrieval.engine import Engine


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """An engine over the bundled seeds in a fresh database."""
    return Engine(tmp_path / "hoidap.db")


@pytest.fixture
def stub() -> Iterator[BotApiStub]:
    """The Bot API stand-in, on 127.0.0.1."""
    with BotApiStub().running() as running:
        yield running
