"""BM25Okapi, exactly as rank_bm25 defines it, over a sparse matrix of precomputed contributions.

rank_bm25 scores every document for every query term in Python. Its per-term
contribution is zero wherever the term is absent, so the same sum can be taken
over the documents that hold each term, read from one column of a CSC matrix:

    idf(t)    = ln(N - n(t) + 0.5) - ln(n(t) + 0.5), floored at epsilon * mean idf
    w(t, d)   = idf(t) * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))
    score(d)  = sum of w(t, d) over the query terms t, each counted as often as it occurs

with rank_bm25's defaults k1 = 1.5, b = 0.75, epsilon = 0.25. The weights w are
computed once, when the corpus changes, and stored as float32 (relative error
below 1e-7); a query only sums the columns of its terms. Rows are documents,
known by the ids the caller gave them; adding or removing rows re-weights the
matrix (N, avgdl and idf change) but never re-tokenises a document.

On disk an index is a directory of .npy arrays, memory-mapped at load: a process
starts without reading the whole matrix, and the term counts, needed only to
change the index, are read only then.
"""

from __future__ import annotations

import json
import os
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

K1 = 1.5
B = 0.75
EPSILON = 0.25
BATCH = 20_000  # documents tokenised into one sparse block at a time, to bound memory while building
# Columns of terms in at least this share of the documents are also kept dense: adding a
# whole float32 vector is several times faster than scattering that many sparse entries,
# and such terms (function words) are in most questions. 171 columns at 100k paragraphs.
DENSE_SHARE = 0.25
WEIGHT_CHUNK = 4_000_000  # matrix entries re-weighted at a time


class BM25Index:
    def __init__(
        self,
        indptr: np.ndarray,
        indices: np.ndarray,
        weights: np.ndarray,
        vocabulary: list[str],
        ids: np.ndarray,
        counts: np.ndarray | None = None,
        counts_path: Path | None = None,
        dense_columns: np.ndarray | None = None,
        dense: np.ndarray | None = None,
    ):
        self.indptr, self.indices, self.weights = indptr, indices, weights
        self.vocabulary = vocabulary
        self.columns = {term: column for column, term in enumerate(vocabulary)}
        self.ids = ids
        self._counts, self._counts_path = counts, counts_path
        if dense_columns is None or dense is None:
            dense_columns, dense = self._densify()
        self.dense = dense
        self._dense_row = {int(column): row for row, column in enumerate(dense_columns)}

    def _densify(self) -> tuple[np.ndarray, np.ndarray]:
        """The columns of very common terms, as dense rows of weights."""
        size = len(self.ids)
        df = np.diff(self.indptr)
        columns = np.flatnonzero(df >= max(1, DENSE_SHARE * size)) if size else np.zeros(0, dtype=np.int64)
        dense = np.zeros((len(columns), size), dtype=np.float32)
        for row, column in enumerate(columns):
            start, end = self.indptr[column], self.indptr[column + 1]
            dense[row, self.indices[start:end]] = self.weights[start:end]
        return columns, dense

    # --- building -----------------------------------------------------------------

    @classmethod
    def from_counts(cls, counts: sparse.csc_matrix, vocabulary: list[str], ids: np.ndarray) -> BM25Index:
        """An index over a documents x terms matrix of term counts."""
        counts = counts.tocsc()
        counts.sort_indices()
        weights = _weigh(counts)
        return cls(counts.indptr, counts.indices, weights, vocabulary, ids, counts=counts.data)

    @classmethod
    def build(cls, documents: Iterable[tuple[int, Sequence[str]]]) -> BM25Index:
        """An index over (id, terms) pairs."""
        return cls.empty().add(documents)

    @classmethod
    def empty(cls) -> BM25Index:
        return cls.from_counts(sparse.csc_matrix((0, 0), dtype=np.float32), [], np.zeros(0, dtype=np.int64))

    def counts_matrix(self) -> sparse.csc_matrix:
        """Term counts, documents x terms (read from disk on first use)."""
        if self._counts is None:
            assert self._counts_path is not None
            self._counts = np.load(self._counts_path).astype(np.float32)
        shape = (len(self.ids), len(self.vocabulary))
        return sparse.csc_matrix((self._counts, self.indices, self.indptr), shape=shape)

    def add(self, documents: Iterable[tuple[int, Sequence[str]]]) -> BM25Index:
        """A new index with these documents appended (their ids must be new)."""
        columns = dict(self.columns)
        blocks, ids = [self.counts_matrix()], [self.ids]
        batch: list[tuple[int, Sequence[str]]] = []
        for document in documents:
            batch.append(document)
            if len(batch) == BATCH:
                blocks.append(_count_block(batch, columns))
                ids.append(np.array([doc_id for doc_id, _ in batch], dtype=np.int64))
                batch = []
        if batch:
            blocks.append(_count_block(batch, columns))
            ids.append(np.array([doc_id for doc_id, _ in batch], dtype=np.int64))
        if len(blocks) == 1:
            return self
        width = len(columns)
        for block in blocks:
            block.resize((block.shape[0], width))
        return BM25Index.from_counts(sparse.vstack(blocks, format="csc"), list(columns), np.concatenate(ids))

    def remove(self, ids: Iterable[int]) -> BM25Index:
        """A new index without the rows of these ids."""
        drop = np.isin(self.ids, np.fromiter(ids, dtype=np.int64))
        if not drop.any():
            return self
        keep = np.flatnonzero(~drop)
        return BM25Index.from_counts(self.counts_matrix()[keep, :], self.vocabulary, self.ids[keep])

    # --- querying -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    def document_frequency(self, term: str) -> int:
        column = self.columns.get(term)
        return 0 if column is None else int(self.indptr[column + 1] - self.indptr[column])

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every row for the query terms (repeats count), like rank_bm25's get_scores."""
        rows, weights, dense = [], [], []
        for term, repeats in Counter(query).items():
            column = self.columns.get(term)
            if column is None:
                continue
            if column in self._dense_row:
                dense.append((self._dense_row[column], repeats))
                continue
            start, end = self.indptr[column], self.indptr[column + 1]
            rows.append(self.indices[start:end])
            weights.append(self.weights[start:end] if repeats == 1 else repeats * self.weights[start:end])
        if rows:
            # One pass in C over every (row, weight) of the query's sparse columns.
            scores = np.bincount(np.concatenate(rows), weights=np.concatenate(weights), minlength=len(self))
        else:
            scores = np.zeros(len(self))
        for row, repeats in dense:
            scores += self.dense[row] if repeats == 1 else repeats * self.dense[row]
        return scores

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (id, score) pairs among rows with a positive score, best first."""
        scores = self.scores(query)
        best = np.argpartition(scores, len(scores) - k)[-k:] if k < len(scores) else np.arange(len(scores))
        best = best[scores[best] > 0]
        # Best score first; equal scores keep corpus order, so results are stable.
        ordered = best[np.lexsort((best, -scores[best]))]
        return [(int(self.ids[row]), float(scores[row])) for row in ordered]

    # --- persistence --------------------------------------------------------------

    def save(self, path: Path, generation: int) -> None:
        """Write the index as a directory, replacing any older one, tagged with the store generation."""
        tmp, old = path.with_name(path.name + ".tmp"), path.with_name(path.name + ".old")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        counts = self.counts_matrix().data
        for name, values in {
            "indptr": self.indptr,
            "indices": self.indices,
            "weights": self.weights,
            "counts": np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16),
            "ids": self.ids,
            "dense_columns": np.array(sorted(self._dense_row, key=self._dense_row.__getitem__), dtype=np.int64),
            "dense": self.dense,
        }.items():
            np.save(tmp / f"{name}.npy", values)
        (tmp / "vocabulary.txt").write_text("\n".join(self.vocabulary), encoding="utf-8")
        (tmp / "meta.json").write_text(json.dumps({"generation": generation, "k1": K1, "b": B, "epsilon": EPSILON}))
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, path: Path) -> tuple[BM25Index, int]:
        """The index saved at path (memory-mapped) and the store generation it reflects."""
        meta = json.loads((path / "meta.json").read_text())
        if (meta["k1"], meta["b"], meta["epsilon"]) != (K1, B, EPSILON):
            raise ValueError("index built with other BM25 parameters")
        # Plain ndarray views of the mapped files: numpy's memmap subclass adds overhead to every slice.
        arrays = {
            name: np.asarray(np.load(path / f"{name}.npy", mmap_mode="r"))
            for name in ("indptr", "indices", "weights", "dense_columns", "dense")
        }
        text = (path / "vocabulary.txt").read_text(encoding="utf-8")
        vocabulary = text.split("\n") if text else []
        ids = np.load(path / "ids.npy")
        if len(arrays["indptr"]) != len(vocabulary) + 1:
            raise ValueError("index files do not match")
        index = cls(**arrays, vocabulary=vocabulary, ids=ids, counts_path=path / "counts.npy")
        return index, int(meta["generation"])


def _count_block(batch: list[tuple[int, Sequence[str]]], columns: dict[str, int]) -> sparse.csc_matrix:
    """Term counts of a batch of documents; new terms get the next column numbers."""
    cols = array("i")
    lengths = []
    for _, terms in batch:
        cols.extend([columns.setdefault(term, len(columns)) for term in terms])
        lengths.append(len(terms))
    rows = np.repeat(np.arange(len(batch), dtype=np.int32), lengths)
    ones = np.ones(len(cols), dtype=np.float32)
    # Duplicate (row, column) pairs are summed: that is the term count.
    return sparse.csc_matrix((ones, (rows, np.frombuffer(cols, dtype=np.int32))), shape=(len(batch), len(columns)))


def _weigh(counts: sparse.csc_matrix) -> np.ndarray:
    """The BM25 contribution of each entry of a CSC count matrix, as float32."""
    size = counts.shape[0]
    if size == 0:
        return np.zeros(0, dtype=np.float32)
    doc_len = np.bincount(counts.indices, weights=counts.data, minlength=size)
    avgdl = doc_len.sum() / size
    length_norm = K1 * (1 - B + B * doc_len / avgdl)
    df = np.diff(counts.indptr).astype(np.float64)
    present = df > 0
    idf = np.log(size - df + 0.5) - np.log(df + 0.5)
    average = idf[present].mean() if present.any() else 0.0
    idf[present & (idf < 0)] = EPSILON * average
    column_of = np.repeat(np.arange(len(df), dtype=np.int32), np.diff(counts.indptr))
    weights = np.empty(len(counts.data), dtype=np.float32)
    for start in range(0, len(weights), WEIGHT_CHUNK):
        part = slice(start, start + WEIGHT_CHUNK)
        freq = counts.data[part].astype(np.float64)
        weights[part] = idf[column_of[part]] * (freq * (K1 + 1) / (freq + length_norm[counts.indices[part]]))
    return weights
