"""The engine: article files -> clean -> chunks in SQLite -> BM25 index -> answers.

Front ends hold an Engine and render what it returns; they never touch the
store or the index themselves.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from retrieval import fetch, semantic
from retrieval.answer import Evidence, Passage, answer_sentence, sentence_of, short_answer
from retrieval.clean import Article
from retrieval.index import BM25Index
from retrieval.question import Question, learn_abbreviations, parse_question
from retrieval.semantic import Progress
from retrieval.sources import RECORDS_SUFFIX, article_files, read_records, read_source
from retrieval.store import Change, Chunk, Incoming, Store
from retrieval.text import normalize, terms

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DEFAULT_TOP_K = 3
MAX_QUESTION_CHARS = 4096
STORE_BATCH = 5_000  # passages stored per transaction by add_passages
# Share of the question's informative weight that the best passage must hold;
# below it the corpus does not answer the question (see coverage). Measured: at
# 0.35 no out-of-corpus test question passes (the highest holds 0.25, the lowest
# in-corpus one 0.49) and 4.4% of XQuAD-vi's answerable questions are refused.
MIN_COVERAGE = 0.35
# With the semantic model's cosine as a second witness (see answers): calibrated on XQuAD-vi's questions
# against the passages of the other half of its articles (out-of-corpus questions) and the seeds'.
COVERAGE_ALONE = 0.4
COVERAGE_WITH_MODEL = 0.25
AGREEING_COSINE = 0.84
# BM25's best paragraphs are re-ordered: each term's BM25 weight counts again as
# far as it tells these candidates apart (see candidate_weighted), and the sum is
# multiplied by sqrt(coverage), so that of two passages BM25 scores alike, the one
# holding more of the question (a rare name rather than a common phrase) comes
# first, like the coordination factor of classic Lucene scoring. Measured on
# XQuAD-vi (README): recall@1 0.9294 -> 0.9345 (coverage) -> 0.9361 (both).
RERANK_DEPTH = 10


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long)."""


@dataclass
class Hit:
    doc: str
    title: str
    date: str | None
    source: str
    paragraph: int
    text: str
    score: float
    highlights: list[tuple[int, int]] = field(default_factory=list)  # character spans of matched words
    sentence: tuple[int, int] | None = None  # the span of the sentence that best answers the question
    answer_span: tuple[int, int] | None = None  # where the short answer stands, in the hit it was taken from
    url: str | None = None  # the article's canonical address, when it came from the web

    def to_json(self) -> dict:
        data = asdict(self)
        del data["highlights"], data["answer_span"]
        data["sentence"] = list(self.sentence) if self.sentence else None
        return data


@dataclass
class Ranked:
    chunk: Chunk
    score: float  # the ranking score: (BM25 + candidate-weighted BM25) x sqrt(coverage)
    coverage: float  # share of the question's informative weight the paragraph holds
    cosine: float | None = None  # the semantic model's cosine with the question, when it had a say


@dataclass
class Answer:
    question: str
    answer: str | None
    hits: list[Hit]
    kind: str
    answer_hit: int | None = None  # the index in hits of the passage the short answer was taken from

    @property
    def found(self) -> bool:
        return bool(self.hits)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "answer_hit": self.answer_hit,
            "hits": [h.to_json() for h in self.hits],
        }


@dataclass
class IngestReport:
    changes: list[Change] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)


def chunk_terms(title: str, text: str) -> list[str]:
    # The title counts for each paragraph: a question naming the province finds
    # the paragraph that only says "tỉnh".
    return terms(title) + terms(text)


def _display_path(path: Path) -> str:
    resolved = path.resolve()
    for base in (Path.cwd(), SEEDS.parent):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(resolved)


class Engine:
    def __init__(self, db_path: Path | str, seeds: Path | None = SEEDS, semantic: bool = False):
        """semantic: embed paragraphs at ingest and fuse the model's ranking with BM25's (retrieval.semantic).

        Off by default for library use (evaluation, benchmarks over many passages); the
        command line and the bot turn it on through the HOIDAP_SEMANTIC setting.
        """
        self.store = Store(db_path)
        self.semantic = semantic
        self.index_path = self.store.path.with_name(self.store.path.name + ".index")
        self._index: BM25Index | None = None
        self._abbreviations: dict[str, set[str]] | None = None
        if seeds is not None and self.store.document_count() == 0:
            self.ingest([seeds])

    # --- building -----------------------------------------------------------------

    @property
    def index(self) -> BM25Index:
        """The persisted index, rebuilt from the store only when missing or stale."""
        if self._index is None:
            generation = self.store.generation
            if self.index_path.exists():
                try:
                    index, saved = BM25Index.load(self.index_path)
                    if saved == generation:
                        self._index = index
                        return index
                except (OSError, ValueError, KeyError):
                    pass  # unreadable or from another version: rebuild below
            self._index = BM25Index.build([(c.id, chunk_terms(c.title, c.text)) for c in self.store.all_chunks()])
            self._index.save(self.index_path, generation)
        return self._index

    def ingest(
        self,
        paths: Iterable[Path | str],
        progress: Progress | None = None,
        embed_progress: Progress | None = None,
        fetcher: fetch.Fetcher | None = None,
        limit: int = fetch.DEFAULT_LIMIT,
    ) -> IngestReport:
        """Store each article file and web page; one that fails is reported and the rest go on.

        An http(s) URL is a page, or a feed or sitemap whose listed articles (at most limit
        of each) are fetched in turn, politely (retrieval.fetch; fetcher sets the pace).
        With semantic ranking on, then embed every paragraph not embedded yet (those of
        an earlier, interrupted ingest too), following embed_progress.
        """
        report = IngestReport()
        given = list(paths)
        urls = [p for p in given if isinstance(p, str) and fetch.is_url(p)]
        items: list[Path | fetch.Page | str] = list(article_files(Path(p) for p in given if p not in urls))
        web = fetcher or fetch.Fetcher()
        if urls:
            found = fetch.discover(web, urls, limit)
            items.extend(found.items)
            report.failures.extend(found.failures)
        index = self.index
        added: list[tuple[int, list[str]]] = []
        removed: list[int] = []
        for item in progress(items) if progress else items:
            try:
                if isinstance(item, Path) and item.suffix.lower() == RECORDS_SUFFIX:
                    # A records file gives many articles, as a feed does; its bad lines are failures of their own.
                    records, failures = read_records(item)
                    report.failures.extend(failures)
                    read = [(r.doc, _display_path(item), r.source) for r in records]
                else:
                    source = read_source(item if isinstance(item, Path) else web.page(item))
                    if isinstance(item, Path):
                        doc, where = item.stem, _display_path(item)
                    else:  # where it was fetched from; the citation links its canonical url
                        where = item.url if isinstance(item, fetch.Page) else item
                        doc = fetch.doc_id(source.url or where)
                    read = [(doc, where, source)]
            except (OSError, ValueError) as error:
                named = item.url if isinstance(item, fetch.Page) else item
                report.failures.append((str(named), str(error)))
                continue
            for doc, where, source in read:
                article = source.article
                change = self.store.save_article(
                    doc, where, source.text, article, learn_abbreviations(normalize(source.prose)), source.url
                )
                report.changes.append(change)
                removed.extend(change.removed)
                added.extend(zip(change.added, (chunk_terms(article.title, p) for p in article.paragraphs)))
        if fetcher is None:
            web.close()
        if added or removed:
            self._abbreviations = None
            self._index = index.remove(removed).add(added)
            self._index.save(self.index_path, self.store.generation)
        if self.semantic:
            semantic.embed_missing(self.store, embed_progress)
        return report

    # --- asking -------------------------------------------------------------------

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K) -> Answer:
        """The short answer and cited passages for a question, or no hits when the corpus has none."""
        parsed, ranked = self.search(question, top_k)
        if not ranked or not answers(ranked):
            return Answer(parsed.text, None, [], parsed.kind)
        passages = [_passage(r.chunk) for r in ranked]
        evidence = Evidence(parsed, informative_weights(parsed, self.index))
        short = short_answer(evidence, passages)
        hits = []
        for number, (r, p) in enumerate(zip(ranked, passages)):
            if short is not None and number == short.hit:
                hits.append(_hit(r, parsed, p, sentence_of(p, short.span[0]), short.span))
            else:
                hits.append(_hit(r, parsed, p, answer_sentence(evidence, p)))
        if short is None:
            return Answer(parsed.text, None, hits, parsed.kind)
        return Answer(parsed.text, short.text, hits, parsed.kind, short.hit)

    def search(self, question: str, top_k: int) -> tuple[Question, list[Ranked]]:
        """The parsed question and its top paragraphs, best first, before the not-found rule."""
        text = " ".join(normalize(question).split())
        if not text:
            raise QuestionError("the question is empty")
        if len(text) > MAX_QUESTION_CHARS:
            raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
        if self._abbreviations is None:
            self._abbreviations = self.store.abbreviations()
        parsed = parse_question(text, self._abbreviations)
        weight = semantic.model_weight(parsed.text) if self.semantic else 0.0
        found = self.index.top(parsed.terms, max(top_k, semantic.SEMANTIC_DEPTH if weight else RERANK_DEPTH))
        ranking, shares = rerank(parsed, self.index, found)
        closeness = np.full(len(found), np.nan)
        if weight:
            found_cosines = semantic.cosines(self.store, parsed.text, [chunk_id for chunk_id, _ in found])
            fused = None if found_cosines is None else semantic.fuse(ranking, found_cosines, weight)
            if fused is not None:
                # The fused score replaces the landed one where the model has a say (see semantic.fuse).
                ranking, closeness = fused, found_cosines
        scored = [
            (float(score), chunk_id, float(share), float(cosine))
            for score, (chunk_id, _), share, cosine in zip(ranking, found, shares, closeness)
        ]
        best = sorted(scored, key=lambda item: -item[0])[:top_k]  # stable: ties keep BM25's order
        chunks = {chunk.id: chunk for chunk in self.store.chunks([item[1] for item in best])}
        return parsed, [
            Ranked(chunks[chunk_id], score, share, None if math.isnan(cosine) else cosine)
            for score, chunk_id, share, cosine in best
            if chunk_id in chunks
        ]

    def add_passages(self, passages: Iterable[tuple[str, str]], progress: Progress | None = None) -> None:
        """Store raw passages as (doc, text), one paragraph each, untitled and uncleaned.

        For evaluation and benchmarks: stored in large transactions, indexed in one update;
        with semantic ranking on, then embedded (following the same progress callable).
        """
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
        self._index = index.add((chunk_id, chunk_terms("", text)) for chunk_id, text in items)
        self._index.save(self.index_path, self.store.generation)
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
        index = self.index  # before deleting: a fresh index would be built without the rows to drop
        removed = self.store.remove_document(doc)
        if removed is None:
            return False
        self._abbreviations = None
        self._index = index.remove(removed)
        self._index.save(self.index_path, self.store.generation)
        return True

    def chunk(self, doc: str, paragraph: int) -> Chunk | None:
        return next((c for c in self.store.article_chunks(doc) if c.paragraph == paragraph), None)

    def close(self) -> None:
        self.store.db.close()

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


def _passage(chunk: Chunk) -> Passage:
    return Passage(chunk.text, date.fromisoformat(chunk.date) if chunk.date else None, chunk.title)


def _hit(
    ranked: Ranked,
    question: Question,
    passage: Passage,
    sentence: tuple[int, int],
    answer_span: tuple[int, int] | None = None,
) -> Hit:
    chunk, anchors = ranked.chunk, question.anchors
    spans = [(w.start, w.end) for w in passage.tokens if w.folded in anchors]
    return Hit(
        chunk.doc,
        chunk.title,
        chunk.date,
        chunk.source,
        chunk.paragraph,
        chunk.text,
        ranked.score,
        spans,
        sentence,
        answer_span,
        chunk.url,
    )


def answers(ranked: list[Ranked]) -> bool:
    """Whether the corpus answers the question: one of the cited paragraphs is evidence enough.

    By BM25 alone, a paragraph must hold MIN_COVERAGE of the question's informative weight.
    Where the semantic model had a say, two kinds of evidence weigh together: a paragraph
    holding COVERAGE_ALONE, or COVERAGE_WITH_MODEL with a cosine of AGREEING_COSINE, or a
    cosine of semantic.FOUND_COSINE alone (an unseen word or a paraphrase does not refuse it).
    """
    for r in ranked:
        if r.cosine is None:
            if r.coverage >= MIN_COVERAGE:
                return True
        elif (
            r.coverage >= COVERAGE_ALONE
            or (r.coverage >= COVERAGE_WITH_MODEL and r.cosine >= AGREEING_COSINE)
            or r.cosine >= semantic.FOUND_COSINE
        ):
            return True
    return False


def informative_weights(question: Question, index: BM25Index) -> dict[str, float]:
    """Each informative word and pair of adjacent informative words, with its weight.

    A unit weighs ln((N + 1) / (df + 0.5)): rare and unseen ones weigh most.
    """
    # In question order, not set order, so the weights sum the same way on every run.
    informative = dict.fromkeys(w.folded for w in question.informative)
    units = list(informative) + [pair for pair in question.pairs if set(pair.split()) <= informative.keys()]
    size = len(index)
    return {unit: math.log((size + 1) / (index.document_frequency(unit) + 0.5)) for unit in units}


def rerank(question: Question, index: BM25Index, found: list[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """The ranking score and the coverage of each of BM25's best paragraphs (see RERANK_DEPTH).

    Both are read from one look-up of what each term adds to each of these paragraphs.
    """
    weights = informative_weights(question, index)
    repeats = Counter(question.terms)
    terms = list(dict.fromkeys([*repeats, *weights]))
    added = index.contributions(terms, [chunk_id for chunk_id, _ in found])
    line = {term: number for number, term in enumerate(terms)}
    shares = coverage(weights, added[[line[unit] for unit in weights]] != 0)
    asked = added[[line[term] for term in repeats]] * np.fromiter(repeats.values(), dtype=float)[:, None]
    bm25 = np.array([score for _, score in found])
    return (bm25 + candidate_weighted(asked)) * np.sqrt(shares), shares


def coverage(weights: dict[str, float], held: np.ndarray) -> np.ndarray:
    """Share of the question's informative weight that each paragraph holds.

    held: units x paragraphs, True where the paragraph holds the unit. A ratio, so
    unlike a BM25 score it does not depend on the corpus size.
    """
    total = sum(weights.values())
    if not total:
        return np.zeros(held.shape[1])
    return np.fromiter(weights.values(), dtype=float) @ held / total


def candidate_weighted(added: np.ndarray) -> np.ndarray:
    """Each candidate's BM25 score with every term weighed by how few of the candidates hold it.

    added: query terms x candidates, what each term (with its repeats) adds to each
    candidate's BM25 score. The weight is the idf of a term among the k candidates,
    ln((k + 1) / (n + 0.5)), scaled to 1 for n = 0: a term all of them hold (the
    subject of a whole article) adds almost nothing again; one only a few hold (what
    sets the answer's paragraph apart from its siblings) adds most of its weight again.
    """
    k = added.shape[1]
    holders = (added != 0).sum(axis=1)
    weight = np.log((k + 1) / (holders + 0.5)) / math.log((k + 1) / 0.5)
    return weight @ added
