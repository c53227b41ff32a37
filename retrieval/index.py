"""BM25Okapi, exactly as rank_bm25 defines it, over a sparse term-frequency matrix.

rank_bm25 scores every document for every query term in Python. Its per-term
contribution is zero wherever the term is absent, so the same sum can be taken
over the documents that hold each term, read from one column of a CSC matrix:

    idf(t)    = ln(N - n(t) + 0.5) - ln(n(t) + 0.5), floored at epsilon * mean idf
    score(d)  = sum over query terms t of
                idf(t) * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))

with rank_bm25's defaults k1 = 1.5, b = 0.75, epsilon = 0.25, and each query
term counted as often as it occurs. Rows are documents, identified by the ids
the caller gave them; adding and removing rows never re-tokenises the others.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

K1 = 1.5
B = 0.75
EPSILON = 0.25


class BM25Index:
    def __init__(self, tf: sparse.csc_matrix, vocabulary: list[str], ids: np.ndarray):
        self.tf = tf  # rows: documents, columns: terms, values: term counts
        self.vocabulary = vocabulary
        self.columns = {term: column for column, term in enumerate(vocabulary)}
        self.ids = ids
        self._prepare()

    @classmethod
    def build(cls, documents: Sequence[tuple[int, list[str]]]) -> BM25Index:
        """An index over (id, terms) pairs."""
        empty = cls(sparse.csc_matrix((0, 0), dtype=np.float32), [], np.zeros(0, dtype=np.int64))
        return empty.add(documents)

    def _prepare(self) -> None:
        """Recompute what depends on the whole corpus: idf, document lengths, avgdl."""
        self.doc_len = np.asarray(self.tf.sum(axis=1), dtype=np.float64).ravel()
        size = self.tf.shape[0]
        self.avgdl = self.doc_len.sum() / size if size else 0.0
        df = np.diff(self.tf.indptr).astype(np.float64)
        present = df > 0
        idf = np.log(size - df + 0.5) - np.log(df + 0.5)
        average = idf[present].mean() if present.any() else 0.0
        idf[present & (idf < 0)] = EPSILON * average
        idf[~present] = 0.0
        self.idf = idf
        self._length_norm = K1 * (1 - B + B * self.doc_len / self.avgdl) if size else self.doc_len
        self._row_of = {int(chunk_id): row for row, chunk_id in enumerate(self.ids)}

    def __len__(self) -> int:
        return self.tf.shape[0]

    def document_frequency(self, term: str) -> int:
        column = self.columns.get(term)
        return 0 if column is None else int(self.tf.indptr[column + 1] - self.tf.indptr[column])

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every row for the query terms (repeats count), like rank_bm25.get_scores."""
        scores = np.zeros(len(self))
        for term in query:
            column = self.columns.get(term)
            if column is None:
                continue
            start, end = self.tf.indptr[column], self.tf.indptr[column + 1]
            rows = self.tf.indices[start:end]
            freq = self.tf.data[start:end].astype(np.float64)
            scores[rows] += self.idf[column] * (freq * (K1 + 1) / (freq + self._length_norm[rows]))
        return scores

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (id, score) pairs among rows holding a query term, best first."""
        scores = self.scores(query)
        touched = np.zeros(len(self), dtype=bool)
        for term in query:
            column = self.columns.get(term)
            if column is not None:
                touched[self.tf.indices[self.tf.indptr[column] : self.tf.indptr[column + 1]]] = True
        candidates = np.flatnonzero(touched)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        # Best score first; equal scores keep corpus order, so results are stable.
        ordered = candidates[np.lexsort((candidates, -scores[candidates]))]
        return [(int(self.ids[row]), float(scores[row])) for row in ordered]

    def add(self, documents: Sequence[tuple[int, list[str]]]) -> BM25Index:
        """A new index with these documents appended (ids must be new)."""
        vocabulary = list(self.vocabulary)
        columns = dict(self.columns)
        rows, cols, counts = [], [], []
        for row, (_, terms) in enumerate(documents):
            frequencies: dict[int, int] = {}
            for term in terms:
                column = columns.get(term)
                if column is None:
                    column = columns[term] = len(vocabulary)
                    vocabulary.append(term)
                frequencies[column] = frequencies.get(column, 0) + 1
            rows.extend([row] * len(frequencies))
            cols.extend(frequencies)
            counts.extend(frequencies.values())
        added = sparse.csc_matrix(
            (np.asarray(counts, dtype=np.float32), (rows, cols)), shape=(len(documents), len(vocabulary))
        )
        old = self.tf.copy()
        old.resize((len(self), len(vocabulary)))
        tf = sparse.vstack([old, added], format="csc")
        ids = np.concatenate([self.ids, np.asarray([doc_id for doc_id, _ in documents], dtype=np.int64)])
        return BM25Index(tf, vocabulary, ids)

    def remove(self, ids: Sequence[int]) -> BM25Index:
        """A new index without the rows of these ids."""
        drop = {self._row_of[i] for i in ids if i in self._row_of}
        if not drop:
            return self
        keep = np.array([row for row in range(len(self)) if row not in drop], dtype=np.int64)
        return BM25Index(self.tf[keep, :].tocsc(), self.vocabulary, self.ids[keep])

    def save(self, path: Path, generation: int) -> None:
        """Write the index atomically, tagged with the store generation it reflects."""
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            np.savez(
                handle,
                data=self.tf.data,
                indices=self.tf.indices,
                indptr=self.tf.indptr,
                shape=np.asarray(self.tf.shape),
                vocabulary=np.asarray(self.vocabulary, dtype=object).astype(str),
                ids=self.ids,
                generation=np.asarray(generation),
            )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> tuple[BM25Index, int]:
        """The index saved at path and the store generation it reflects."""
        with np.load(path, allow_pickle=False) as saved:
            shape = tuple(int(n) for n in saved["shape"])
            tf = sparse.csc_matrix((saved["data"], saved["indices"], saved["indptr"]), shape=shape)
            vocabulary = saved["vocabulary"].tolist()
            return cls(tf, vocabulary, saved["ids"]), int(saved["generation"])
