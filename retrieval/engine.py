"""The engine: article files -> clean -> chunks in SQLite -> BM25 index -> answers.

Front ends hold an Engine and render what it returns; they never touch the
store or the index themselves.
"""

from __future__ import annotations

import logging
import math
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from retrieval import fetch, semantic
from retrieval.answer import (
    Closeness,
    Evidence,
    Passage,
    answer_sentence,
    holds_the_question,
    sentence_of,
    short_answer,
    stands_beside_the_question,
)
from retrieval.clean import Article
from retrieval.followup import read_follow_up
from retrieval.index import Additions, BM25Index
from retrieval.lists import ListQuestion, list_items, read_list_question
from retrieval.marks import RESTORE_FROM, restore_marks
from retrieval.period import Period, read_time
from retrieval.question import Question, learn_abbreviations, parse_question
from retrieval.ranking import RERANK_DEPTH, Ranked, answers, chunk_terms, informative_weights, newest_first, rerank
from retrieval.semantic import Progress
from retrieval.sources import RECORDS_SUFFIX, Limits, Source, article_files, display_path, read_records, read_source
from retrieval.store import Change, Chunk, Incoming, Store, StoreError, explain
from retrieval.text import has_marks, normalize, words

log = logging.getLogger(__name__)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DEFAULT_TOP_K = 3
MAX_QUESTION_CHARS = 4096
STORE_BATCH = 5_000  # passages stored per transaction by add_passages
ARTICLE_BATCH = 256  # most articles stored per transaction by ingest: a commit each costs more than the article
LIST_DEPTH = 10  # passages a list question reads for its items


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long)."""


@dataclass
class Hit:
    """A cited paragraph: the stored chunk, its score and the spans a reader is shown in it."""

    chunk: Chunk
    score: float
    highlights: list[tuple[int, int]] = field(default_factory=list)  # character spans of matched words
    sentence: tuple[int, int] | None = None  # the span of the sentence that best answers the question
    answer_span: tuple[int, int] | None = None  # where the short answer stands, in the hit it was taken from

    def to_json(self) -> dict:
        chunk = self.chunk
        return {
            "doc": chunk.doc,
            "title": chunk.title,
            "date": chunk.date,
            "source": chunk.source,
            "paragraph": chunk.paragraph,
            "text": chunk.text,
            "score": self.score,
            "sentence": list(self.sentence) if self.sentence else None,
            "url": chunk.url,
        }


@dataclass(frozen=True)
class ListedItem:
    text: str
    hit: int  # the index in hits of the passage that names it


@dataclass
class Answer:
    question: str
    answer: str | None
    hits: list[Hit]
    kind: str
    answer_hit: int | None = None  # the index in hits of the passage the short answer was taken from
    period: Period | None = None  # the publication period the articles were limited to, when they were
    understood_as: str | None = None  # a follow-up as it was read in its conversation, when it leaned on one
    listed: list[ListedItem] | None = None  # a list question's items, each with the hit it was found in

    @property
    def found(self) -> bool:
        return bool(self.hits)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "answer_hit": self.answer_hit,
            "filter": self.period.to_json() if self.period else None,
            "understood_as": self.understood_as,
            "answers": [{"text": item.text, "hit": item.hit} for item in self.listed] if self.listed else None,
            "hits": [h.to_json() for h in self.hits],
        }


@dataclass
class IngestReport:
    changes: list[Change] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    stopped: str | None = None  # why storing stopped part-way (a full disk), when it did

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)


Read = tuple[str, str, Source]  # an article read: its doc id, where it came from, what it says
Counted = tuple[np.ndarray, list[int]]  # an article's paragraphs' terms as index columns, and how many each has


class Engine:
    def __init__(
        self, db_path: Path | str, seeds: Path | None = SEEDS, semantic: bool = False, limits: Limits = Limits()
    ):
        """semantic: embed paragraphs at ingest and fuse the model's ranking with BM25's (retrieval.semantic).

        Off by default for library use (evaluation, benchmarks over many passages); the
        command line and the bot turn it on through the HOIDAP_SEMANTIC setting.
        """
        self.store = Store(db_path)
        self.semantic = semantic
        self.limits = limits
        self.index_path = self.store.path.with_name(self.store.path.name + ".index")
        self._index: BM25Index | None = None
        self._generation: int | None = None  # the store generation self._index reflects
        self._dates: tuple[BM25Index, np.ndarray] | None = None  # each index row's publication day, as an ordinal
        self._abbreviations: dict[str, set[str]] | None = None
        if seeds is not None and self.store.document_count() == 0:
            self.ingest([seeds])

    # --- building -----------------------------------------------------------------

    @property
    def index(self) -> BM25Index:
        """The index of the store as it stands, checked cheaply on every use.

        When another process changed the store, the index it saved is loaded whole; one missing,
        unreadable or stale is rebuilt from the store (and saved, unless another process is
        writing: that one saves its own when done, and until then this index keeps answering).
        """
        generation = self.store.generation
        if self._index is None or generation != self._generation:
            self._refresh(generation)
        assert self._index is not None
        return self._index

    def _refresh(self, generation: int) -> None:
        saved = self._saved_index(generation)
        if saved is not None:
            self._use(saved, generation)
            return
        with self.store.writing_if_free() as writer:
            if not writer and self._index is not None:
                return
            with self.store.snapshot():
                generation = self.store.generation
                index = BM25Index.build((c.id, chunk_terms(c.title, c.text)) for c in self.store.all_chunks())
            if writer:
                self._save(index, generation)
            self._use(index, generation)

    def _saved_index(self, generation: int) -> BM25Index | None:
        """The index saved beside the store for this generation, or None (logged when it is unreadable)."""
        if BM25Index.saved_generation(self.index_path) != generation:
            return None
        try:
            return BM25Index.load(self.index_path)[0]
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("index %s is unreadable (%s): rebuilding it from the database", self.index_path, error)
            return None

    def _save(self, index: BM25Index, generation: int) -> None:
        """Save the index; one that cannot be saved (a full disk) is logged, kept in memory and rebuilt later."""
        try:
            index.save(self.index_path, generation)
        except OSError as error:
            log.warning("index kept in memory, not saved: %s", explain(error, self.store.path))

    def _use(self, index: BM25Index, generation: int) -> None:
        self._index, self._generation, self._abbreviations = index, generation, None

    def ingest(
        self,
        paths: Iterable[Path | str],
        progress: Progress | None = None,
        embed_progress: Progress | None = None,
        fetcher: fetch.Fetcher | None = None,
        limit: int = fetch.DEFAULT_LIMIT,
        on_wait: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Store each article file and web page; one that fails is reported and the rest go on.

        An http(s) URL is a page, or a feed or sitemap whose listed articles (at most limit
        of each) are fetched in turn, politely (retrieval.fetch; fetcher sets the pace).
        With semantic ranking on, then embed every paragraph not embedded yet (those of
        an earlier, interrupted ingest too), following embed_progress.

        One ingest writes at a time: while another process holds the writer lock, on_wait is
        called and this one waits. A database that cannot be written raises StoreError; a write
        the disk refuses part-way stops the ingest (report.stopped), and the articles stored
        before it stay, with their index.
        """
        report = IngestReport()
        given = list(paths)
        urls = [p for p in given if isinstance(p, str) and fetch.is_url(p)]
        items: list[Path | fetch.Page | str] = list(article_files(Path(p) for p in given if p not in urls))
        web = fetcher or fetch.Fetcher()
        try:
            with self.store.writing(on_wait):  # a database that cannot be written at all raises StoreError here
                if urls:
                    found = fetch.discover(web, urls, limit)
                    items.extend(found.items)
                    report.failures.extend(found.failures)
                try:
                    self._store_items(items, web, report, progress)
                    if self.semantic:
                        semantic.embed_missing(self.store, embed_progress)
                except StoreError as error:
                    report.stopped = str(error)
        finally:
            if fetcher is None:
                web.close()
        return report

    def _store_items(
        self, items: list[Path | fetch.Page | str], web: fetch.Fetcher, report: IngestReport, progress: Progress | None
    ) -> None:
        """Read and store each item, then update the index with what was stored (even when a write failed).

        Articles are stored in transactions of a few (the first alone, then twice as many each time, up to
        ARTICLE_BATCH): each article whole or not at all, and a write the disk refuses loses only the batch
        it was in. Each stored paragraph is counted into the index as its batch is stored. Many article
        files are read, cleaned and tokenised by worker processes (retrieval.workers), in order.
        """
        from retrieval import workers

        index = self.index
        additions = index.additions()
        removed: list[int] = []
        pending: dict[str, tuple[Incoming, Counted | None]] = {}
        size = 1
        files = [item for item in items if isinstance(item, Path) and item.suffix.lower() != RECORDS_SUFFIX]
        count = workers.worker_count(len(files))
        pool = workers.start(count, self.store.lock_descriptor) if count else None
        try:
            if pool is not None:
                stored = self.store.stored_hashes([path.stem for path in files])
                results = workers.prepared(pool, self.limits, [(path, stored.get(path.stem)) for path in files])
                numbering: dict[int, array] = {}  # each worker's term numbers -> the index's columns
            for item in progress(items) if progress else items:
                if pool is not None and isinstance(item, Path) and item.suffix.lower() != RECORDS_SUFFIX:
                    result = next(results)
                    if isinstance(result, workers.Failed):
                        report.failures.append((str(item), result.reason))
                        continue
                    columns = numbering.setdefault(result.worker, array("i"))
                    columns.extend(additions.columns_of(result.new_terms))
                    counted = None
                    if result.numbers is not None and result.lengths is not None:
                        counted = (np.frombuffer(columns, dtype=np.int32)[result.numbers], result.lengths)
                    read = [(result.doc, result.where, result.source, result.abbreviations, counted)]
                else:
                    try:
                        read = [
                            (doc, where, source, learn_abbreviations(normalize(source.prose)), None)
                            for doc, where, source in self._read(item, web, report)
                        ]
                    except (OSError, ValueError) as error:
                        named = item.url if isinstance(item, fetch.Page) else item
                        report.failures.append((str(named), str(error)))
                        continue
                for doc, where, source, abbreviations, counted in read:
                    if doc in pending:  # the same doc twice in one ingest: the later one replaces the earlier
                        self._store_batch(list(pending.values()), report, additions, removed)
                        pending = {}
                    incoming = Incoming(doc, where, source.text, source.article, abbreviations, source.url)
                    pending[doc] = (incoming, counted)
                if len(pending) >= size:
                    self._store_batch(list(pending.values()), report, additions, removed)
                    pending, size = {}, min(2 * size, ARTICLE_BATCH)
            self._store_batch(list(pending.values()), report, additions, removed)
        finally:
            if pool is not None:
                pool.terminate()
            if len(additions) or removed:
                index = additions.index().remove(removed)
                generation = self.store.generation
                self._save(index, generation)
                self._use(index, generation)

    def _store_batch(
        self,
        batch: list[tuple[Incoming, Counted | None]],
        report: IngestReport,
        additions: Additions,
        removed: list[int],
    ) -> None:
        if not batch:
            return
        changes = self.store.save_articles([incoming for incoming, _ in batch])
        for change, (incoming, counted) in zip(changes, batch):
            report.changes.append(change)
            removed.extend(change.removed)
            if not change.added:
                continue
            if counted is not None and len(counted[1]) == len(change.added):
                additions.append_counted(change.added, *counted)
                continue
            title = incoming.article.title
            for chunk_id, paragraph in zip(change.added, incoming.article.paragraphs):
                additions.append(chunk_id, chunk_terms(title, paragraph))

    def _read(self, item: Path | fetch.Page | str, web: fetch.Fetcher, report: IngestReport) -> list[Read]:
        """The articles an item holds, as (doc, where it came from, source); ValueError says why there are none."""
        if isinstance(item, Path) and item.suffix.lower() == RECORDS_SUFFIX:
            # A records file gives many articles, as a feed does; its bad lines are failures of their own.
            records, failures = read_records(item)
            report.failures.extend(failures)
            read = []
            for record in records:
                try:
                    read.append((record.doc, display_path(item), self.limits.check(record.source)))
                except ValueError as error:
                    report.failures.append((f"{item}:{record.line}", str(error)))
            return read
        if isinstance(item, Path):
            self.limits.check_file(item)
            return [(item.stem, display_path(item), self.limits.check(read_source(item)))]
        source = self.limits.check(read_source(web.page(item)))
        where = item.url if isinstance(item, fetch.Page) else item  # the citation links its canonical url
        return [(fetch.doc_id(source.url or where), where, source)]

    # --- asking -------------------------------------------------------------------

    def ask(
        self,
        question: str,
        top_k: int = DEFAULT_TOP_K,
        period: Period | None = None,
        today: date | None = None,
        context: str | None = None,
    ) -> Answer:
        """The short answer and cited passages for a question, or no hits when the corpus has none.

        period: only articles published in it (the user's own filter). Without one, a time
        phrase in the question (retrieval.period, relative to today) limits the articles read;
        when no article of that period answers, the question is asked again as typed, since
        the phrase may be what it is about ("kế hoạch năm 2025").

        context: the question before, in a conversation; a follow-up that leans on it
        (retrieval.followup) is asked as it reads there, and Answer.understood_as says how.

        One question reads one state of the store and the index of that state, however
        many articles another process stores meanwhile.
        """
        with self.store.snapshot():
            index = self.index
            reading = read_follow_up(question, context) if context else None
            if reading is not None:
                answer = self._ask_in_period(reading.text, top_k, index, period, today)
                if not reading.bare or _holds_words_of(answer, question):
                    return replace(answer, question=self._answer_text(question), understood_as=reading.text)
            return self._ask_in_period(question, top_k, index, period, today)

    def _ask_in_period(
        self, question: str, top_k: int, index: BM25Index, period: Period | None, today: date | None
    ) -> Answer:
        if period is not None:
            return self._answer(question, top_k, index, period)
        timed = read_time(self._answer_text(question), today or date.today())
        if timed.period is None or not timed.text or not self._dated(index):
            return self._answer(question, top_k, index, None)  # a corpus without dates cannot be filtered by them
        answer = self._answer(timed.text, top_k, index, timed.period)
        if answer.found or not timed.named:
            return replace(answer, question=self._answer_text(question))
        # No article of that period answers: "năm 2030" may be what the question is about, not when it was
        # published. Asked again as typed, the answer stands when its passage names the period's year.
        answer = self._answer(question, top_k, index, None)
        return (
            answer if _names_year_of(answer, timed.period) else replace(answer, answer=None, answer_hit=None, hits=[])
        )

    @staticmethod
    def _answer_text(question: str) -> str:
        return " ".join(normalize(question).split())

    def _answer(self, question: str, top_k: int, index: BM25Index, period: Period | None) -> Answer:
        listing = read_list_question(question)
        parsed, ranked, read_as = self._search(question, max(top_k, LIST_DEPTH) if listing else top_k, index, period)
        shown = period if period is not None and period.limits else None
        if not ranked or not answers(ranked):
            return Answer(parsed.text, None, [], parsed.kind, period=shown)
        evidence = Evidence(parsed, informative_weights(parsed, index))
        if listing is not None:
            # "bao nhiêu tỉnh": a number the articles state answers it better than the names counted here.
            stated = short_answer(evidence, [_passage(r.chunk) for r in ranked[:top_k]]) if listing.counted else None
            listed = None if stated else _list_answer(parsed, listing, ranked, top_k, evidence, shown)
            if listed is not None:
                return listed
            ranked = ranked[:top_k]
        passages = [_passage(r.chunk) for r in ranked]
        short = short_answer(evidence, passages)
        closeness = _sentence_closeness(read_as, ranked[0])
        hits = []
        for number, (r, p) in enumerate(zip(ranked, passages)):
            if short is not None and number == short.hit:
                hits.append(_hit(r, parsed, p, sentence_of(p, short.span[0]), short.span))
            else:
                hits.append(_hit(r, parsed, p, answer_sentence(evidence, p, closeness=None if number else closeness)))
        if short is None:
            return Answer(parsed.text, None, hits, parsed.kind, period=shown)
        return Answer(parsed.text, short.text, hits, parsed.kind, short.hit, period=shown)

    def search(self, question: str, top_k: int) -> tuple[Question, list[Ranked]]:
        """The parsed question and its top paragraphs, best first, before the not-found rule."""
        with self.store.snapshot():
            parsed, ranked, _ = self._search(question, top_k, self.index)
            return parsed, ranked

    def _search(
        self, question: str, top_k: int, index: BM25Index, period: Period | None = None
    ) -> tuple[Question, list[Ranked], str | None]:
        """The parsed question, its top paragraphs, and the question as the model read it to rank them (None where
        the model had no say)."""
        text = self._answer_text(question)
        if not text:
            raise QuestionError("the question is empty")
        if len(text) > MAX_QUESTION_CHARS:
            raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
        if self._abbreviations is None:
            self._abbreviations = self.store.abbreviations()
        parsed = parse_question(text, self._abbreviations)
        allowed = self._published_in(index, period) if period is not None and period.limits else None
        found = index.top(parsed.terms, max(top_k, semantic.SEMANTIC_DEPTH if self.semantic else RERANK_DEPTH), allowed)
        ranking, shares = rerank(parsed, index, found)
        read_as = self._read_as(parsed.text, found, ranking) if self.semantic else parsed.text
        weight = semantic.model_weight(read_as) if self.semantic else 0.0
        closeness = np.full(len(found), np.nan)
        model_read: str | None = None
        if weight:
            found_cosines = semantic.cosines(self.store, read_as, [chunk_id for chunk_id, _ in found])
            fused = None if found_cosines is None else semantic.fuse(ranking, found_cosines, weight)
            if fused is not None and found_cosines is not None:
                # The fused score replaces the landed one where the model has a say (see semantic.fuse).
                ranking, closeness, model_read = fused, found_cosines, read_as
        scored = [
            (float(score), chunk_id, float(share), float(cosine))
            for score, (chunk_id, _), share, cosine in zip(ranking, found, shares, closeness)
        ]
        ordered = sorted(scored, key=lambda item: -item[0])  # stable: ties keep BM25's order
        if period is not None and period.recent:
            chunks = {chunk.id: chunk for chunk in self.store.chunks([item[1] for item in ordered])}
            ordered = newest_first(ordered, chunks)
        best = ordered[:top_k]
        chunks = {chunk.id: chunk for chunk in self.store.chunks([item[1] for item in best])}
        ranked = [
            Ranked(chunks[chunk_id], score, share, None if math.isnan(cosine) else cosine)
            for score, chunk_id, share, cosine in best
            if chunk_id in chunks
        ]
        return parsed, ranked, model_read

    def _read_as(self, question: str, found: list[tuple[int, float]], ranking: np.ndarray) -> str:
        """The question as the model reads it: one typed without marks, written as its best paragraphs write it."""
        if has_marks(question) or not found:
            return question
        best = [found[i][0] for i in np.argsort(-ranking, kind="stable")[:RESTORE_FROM]]
        return restore_marks(question, [chunk.text for chunk in self.store.chunks(best)])

    def _dated(self, index: BM25Index) -> bool:
        """Whether any article has a publication date."""
        return bool((self._publication_days(index) > 0).any())

    def _published_in(self, index: BM25Index, period: Period) -> np.ndarray:
        """A boolean per index row: whether its article was published in the period (undated ones never are)."""
        ordinals = self._publication_days(index)
        since = period.since.toordinal() if period.since else 1
        until = period.until.toordinal() if period.until else date.max.toordinal()
        return (ordinals >= since) & (ordinals <= until)

    def _publication_days(self, index: BM25Index) -> np.ndarray:
        """Each index row's publication day as an ordinal, 0 when its article has no date."""
        if self._dates is None or self._dates[0] is not index:
            published = {chunk_id: day for chunk_id, day in self.store.chunk_dates()}
            ordinals = np.array(
                [date.fromisoformat(day).toordinal() if (day := published.get(int(i))) else 0 for i in index.ids],
                dtype=np.int64,
            )
            self._dates = (index, ordinals)
        return self._dates[1]

    def add_passages(self, passages: Iterable[tuple[str, str]], progress: Progress | None = None) -> None:
        """Store raw passages as (doc, text), one paragraph each, untitled and uncleaned.

        For evaluation and benchmarks: stored in large transactions, indexed in one update;
        with semantic ranking on, then embedded (following the same progress callable).
        """
        with self.store.writing():
            self._add_passages(passages, progress)

    def _add_passages(self, passages: Iterable[tuple[str, str]], progress: Progress | None) -> None:
        index = self.index  # before storing: a fresh index would already hold the new passages
        batch = [
            Incoming(doc, doc, text, Article(title="", date=None, time=None, author=None, paragraphs=[text]), {})
            for doc, text in passages
        ]
        changes = []
        for start in range(0, len(batch), STORE_BATCH):
            part = batch[start : start + STORE_BATCH]
            changes.extend(self.store.save_articles(part))
        stored = [(chunk_id, item.text) for change, item in zip(changes, batch) for chunk_id in change.added]
        # Tokenising is most of the work: that is what the progress bar follows.
        items = progress(stored) if progress else stored
        index = index.add((chunk_id, chunk_terms("", text)) for chunk_id, text in items)
        generation = self.store.generation
        self._save(index, generation)
        self._use(index, generation)
        if self.semantic:
            semantic.embed_missing(self.store, progress)

    def article(self, doc: str) -> list[Chunk]:
        """Every paragraph of one article, for a reader who wants the whole text."""
        return self.store.article_chunks(doc)

    def articles(self) -> list[dict]:
        """Every stored article: doc, title, date, url, source and paragraph count."""
        return self.store.documents()

    def document(self, doc: str) -> dict | None:
        """One article with its paragraphs' texts in order, or None when there is no such doc."""
        found = self.store.document(doc)
        if found is None:
            return None
        return {**found, "paragraphs": [c.text for c in self.store.article_chunks(doc)]}

    def remove(self, doc: str) -> bool:
        """Delete one article and drop its paragraphs from the index; False when there is no such doc."""
        with self.store.writing():
            index = self.index  # before deleting: a fresh index would be built without the rows to drop
            removed = self.store.remove_document(doc)
            if removed is None:
                return False
            index, generation = index.remove(removed), self.store.generation
            self._save(index, generation)
            self._use(index, generation)
        return True

    def chunk(self, doc: str, paragraph: int) -> Chunk | None:
        return next((c for c in self.store.article_chunks(doc) if c.paragraph == paragraph), None)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def describe(self) -> dict:
        first, last = self.store.date_range()
        return {
            "articles": self.store.document_count(),
            "paragraphs": self.store.chunk_count(),
            "first_date": first,
            "last_date": last,
        }


def _sentence_closeness(read_as: str | None, first: Ranked) -> Closeness | None:
    """The model tells apart the first hit's sentences that hold the same words of the question, where it ranked
    that hit (its paragraph is embedded), reading the question as it did then (one typed without marks, with the
    marks its paragraphs give it). The first hit's sentence is what an answer without a short one leads with; the
    other hits keep the first of equals, since embedding a sentence takes longer than the rest of the answer."""
    if read_as is None or first.cosine is None:
        return None
    return semantic.sentence_closeness(read_as)


def _passage(chunk: Chunk) -> Passage:
    return Passage(chunk.text, date.fromisoformat(chunk.date) if chunk.date else None, chunk.title, chunk.doc)


def _hit(
    ranked: Ranked,
    question: Question,
    passage: Passage,
    sentence: tuple[int, int],
    answer_span: tuple[int, int] | None = None,
) -> Hit:
    spans = [(w.start, w.end) for w in passage.tokens if w.folded in question.anchors]
    return Hit(ranked.chunk, ranked.score, spans, sentence, answer_span)


def _list_answer(
    parsed: Question,
    listing: ListQuestion,
    ranked: list[Ranked],
    top_k: int,
    evidence: Evidence,
    period: Period | None,
) -> Answer | None:
    """The distinct items the answering passages name, each citing its passage; None when they name none.

    The cited hits are the top_k best, as for any question, then each further passage that names an item.
    """
    # Items are read in the sentence holding the question, not in one going on about it with other names, and only
    # where that sentence holds as much of the question, and its words stand as near one of the items, as a short
    # answer's must.
    answering: list[Ranked] = []
    read: list[tuple[str, tuple[int, int]]] = []
    for r in (r for r in ranked if answers([r])):
        passage = _passage(r.chunk)
        span = answer_sentence(evidence, passage, going_on=False)
        named = [item.span for item in list_items(listing, [(passage.text, span)], evidence.written)]
        if (
            named
            and holds_the_question(evidence, passage, span)
            and stands_beside_the_question(evidence, passage, named)
        ):
            answering.append(r)
            read.append((passage.text, span))
    items = list_items(listing, read, evidence.written)
    if not items:
        return None
    first_item = {answering[item.hit].chunk.id: item for item in reversed(items)}
    naming = [r for r in answering if r.chunk.id in first_item]
    cited = ranked[:top_k] + [r for r in naming if r not in ranked[:top_k]]
    hits = []
    for r in cited:
        passage = _passage(r.chunk)
        item = first_item.get(r.chunk.id)
        if item is None:
            hits.append(_hit(r, parsed, passage, answer_sentence(evidence, passage)))
        else:
            hits.append(_hit(r, parsed, passage, sentence_of(passage, item.span[0]), item.span))
    listed = [ListedItem(item.text, cited.index(answering[item.hit])) for item in items]
    text = ", ".join(item.text for item in items)
    if listing.counted:  # how many the passages name, which is not always how many there are
        text = f"{len(items)} {listing.noun} được nêu: {text}"
    return Answer(parsed.text, text, hits, parsed.kind, listed[0].hit, period=period, listed=listed)


def _holds_words_of(answer: Answer, question: str) -> bool:
    """Whether a cited passage (with its title) holds at least half the question's informative words."""
    informative = parse_question(normalize(question), {}).informative
    for hit in answer.hits:
        found = words(normalize(f"{hit.chunk.title} {hit.chunk.text}"))
        # Marked words match exactly: unmarked, "giá" would be found in "tham gia".
        exact, folded = {w.exact for w in found}, {w.folded for w in found}
        held = sum(1 for w in informative if (w.exact in exact if w.marked else w.folded in folded))
        if 2 * held >= len(informative):
            return True
    return False


def _names_year_of(answer: Answer, period: Period) -> bool:
    """Whether the answer's first passage names a year of the period."""
    years = {str(day.year) for day in (period.since, period.until) if day}
    return bool(answer.hits) and any(year in answer.hits[0].chunk.text for year in years)
