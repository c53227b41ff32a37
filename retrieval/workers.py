"""Reading, cleaning and tokenising article files in worker processes, for a large ingest.

Cleaning and tokenising are pure Python and take most of an ingest's time; the store and the
index are written by the ingesting process alone. Each worker numbers the terms it meets in its
own vocabulary and sends back, with each article, its paragraphs' terms as numbers and the terms
it numbered since its previous answer: term strings cross between processes once per worker, not
once per paragraph. The ingesting process maps each worker's numbers to the index's columns.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from multiprocessing.pool import Pool
from pathlib import Path

import numpy as np

from retrieval.question import learn_abbreviations
from retrieval.ranking import chunk_terms
from retrieval.sources import Limits, Source, display_path, read_source
from retrieval.store import content_hash
from retrieval.text import normalize

MIN_FILES = 200  # fewer files are read in the ingesting process, where they are read as soon
MAX_WORKERS = 4
CHUNK = 16  # files handed to a worker at a time


@dataclass(frozen=True)
class Prepared:
    """An article file read, cleaned and (unless it is stored unchanged) tokenised by a worker."""

    doc: str
    where: str
    source: Source
    abbreviations: dict[str, str]
    worker: int  # the process id of the worker, whose term numbers these are
    new_terms: list[str]  # the terms the worker numbered since its previous answer, in number order
    numbers: np.ndarray | None  # each paragraph's terms, as the worker's numbers, one paragraph after another
    lengths: list[int] | None  # how many of them each paragraph has


@dataclass(frozen=True)
class Failed:
    path: Path
    reason: str


_vocabulary: dict[str, int] = {}
_sent = 0  # how many of the worker's terms the ingesting process has been sent


def _prepare(limits: Limits, task: tuple[Path, str | None]) -> Prepared | Failed:
    """Read one file as Engine._read does; tokenise it unless its text is the stored one (stored_sha)."""
    global _sent
    path, stored_sha = task
    try:
        limits.check_file(path)
        source = limits.check(read_source(path))
    except (OSError, ValueError) as error:
        return Failed(path, str(error))
    abbreviations = learn_abbreviations(normalize(source.prose))
    numbers, lengths = None, None
    if content_hash(source.text) != stored_sha:
        vocabulary, title = _vocabulary, source.article.title
        found = array("i")
        lengths = []
        for paragraph in source.article.paragraphs:
            terms = chunk_terms(title, paragraph)
            found.extend([vocabulary.setdefault(term, len(vocabulary)) for term in terms])
            lengths.append(len(terms))
        numbers = np.frombuffer(found, dtype=np.int32)
    # The newest terms are the last keys; islice(_vocabulary, _sent) would walk all the older ones first.
    new_terms = list(islice(reversed(_vocabulary), len(_vocabulary) - _sent))[::-1]
    _sent = len(_vocabulary)
    return Prepared(path.stem, display_path(path), source, abbreviations, os.getpid(), new_terms, numbers, lengths)


def worker_count(files: int) -> int:
    """How many workers an ingest of this many files gets: none for a few files, on one core, or when this
    process runs other threads (a bot); else one a core, at most MAX_WORKERS.

    Workers are forked: a forked process starts at once and shares what was loaded, but forking a
    process that runs other threads can deadlock on a lock one of them held.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if files < MIN_FILES or cores < 2 or threading.active_count() > 1 or "fork" not in mp.get_all_start_methods():
        return 0
    return min(cores, MAX_WORKERS)


def start(workers: int, lock: int | None) -> Pool:
    """The worker processes; lock is the ingesting process's writer-lock descriptor, which they must not keep.

    A forked process holds the parent's descriptors, and with them its lock: a worker left behind by a
    killed ingest would keep every later one waiting.
    """
    return mp.get_context("fork").Pool(workers, initializer=_close, initargs=(lock,))


def _close(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)


def prepared(pool: Pool, limits: Limits, tasks: list[tuple[Path, str | None]]) -> Iterator[Prepared | Failed]:
    """Each task's result, in the order given."""
    return pool.imap(partial(_prepare, limits), tasks, chunksize=CHUNK)
