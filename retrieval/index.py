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

Two savings keep a serving process small. Columns of very common terms (in a
quarter of the documents or more) are kept as dense rows, which are also faster
to add; and identical columns (an exact key that always stands for the same
folded syllable) are stored once, under an alias.

A query adds its common terms (in COMMON_SHARE of the rows or more) only where
they can change the top k (BM25Index.top): a common term weighs little beside a
rare one, so once the rarer terms are summed, a row whose sum is below the k-th
best by more than the common terms' largest weights add up to is left out. The
rows kept get the same additions in the same order as scoring every row does, so
the k best and their scores are exactly those of scoring every row.

On disk an index is a directory of .npy arrays. A process starts without reading
the whole matrix: the small arrays are loaded, and a query reads the columns it
needs from the large ones (see SavedArray); the full term counts, needed only to
change the index, are read only then.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import weakref
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

import numpy as np

# scipy.sparse is imported where an index is built or changed: a process serving a saved index never
# does, and starts faster without it.
if TYPE_CHECKING:
    from scipy import sparse

FORMAT = 3  # of a saved index: one of another format is rebuilt from the store
K1 = 1.5
B = 0.75
EPSILON = 0.25
BATCH = 5_000  # documents counted into one sparse block at a time, to bound memory while building
# Columns of terms in at least this share of the documents are also kept dense: adding a
# whole float32 vector is several times faster than scattering that many sparse entries,
# and such terms (function words) are in most questions.
DENSE_SHARE = 0.25
WEIGHT_CHUNK = 4_000_000  # matrix entries re-weighted at a time
# Common terms are in most questions: reading their columns from disk again each time
# would cost more than the rest of the query. What a serving process holds beyond this is
# only the question being answered.
RECENT_COLUMN_BYTES = 32 << 20
# A query term is common when this share of the rows hold it: it is added to a row only where
# it can change the top k (BM25Index.top).
COMMON_SHARE = 0.15
# Rows whose sum over the rarer terms is at least this share of the highest, PROBED times k at most:
# their full scores set the floor that a contender must be able to reach.
PROBED_SHARE = 0.5
PROBED = 4
MOST_CONTENDERS = 1 / 64  # share of the rows beyond which adding the common terms everywhere costs no more
ROUNDING = 1e-9  # relative: far above float64 rounding in a sum of a few hundred float32 weights


class BM25Index:
    # Arrays a query reads; the full count matrix, needed only to change the index, is kept apart.
    SERVED = ("indptr", "indices", "weights", "alias", "df", "peak", "dense_columns", "dense")
    READ_BY_QUERY = ("indices", "weights", "dense")  # large: a saved index reads them a column at a time

    def __init__(
        self,
        served: Mapping[str, np.ndarray | SavedArray],
        vocabulary: list[str],
        ids: np.ndarray,
        counts: sparse.csc_matrix | None = None,
        counts_path: Path | None = None,
    ):
        # Sparse columns of weights; empty for a column kept dense or stored under an alias.
        self.indices, self.weights, self.dense = (served[name] for name in self.READ_BY_QUERY)
        self.indptr = np.asarray(served["indptr"])
        self.alias = np.asarray(served["alias"])  # column -> the identical column whose weights it shares
        self.df = np.asarray(served["df"])
        self._dense_row = {int(column): row for row, column in enumerate(np.asarray(served["dense_columns"]))}
        self.peak = np.asarray(served["peak"])  # each column's largest weight
        self.vocabulary = vocabulary
        self.columns = {term: column for column, term in enumerate(vocabulary)}
        self.ids = ids
        self._order: np.ndarray | None = None  # rows sorted by id, made when first needed
        self._counts, self._counts_path = counts, counts_path
        # Columns read from disk are kept for the next questions, within a budget; in memory, no need.
        self._recent = ColumnCache(RECENT_COLUMN_BYTES if isinstance(self.indices, SavedArray) else 0)

    # --- building -----------------------------------------------------------------

    @classmethod
    def from_counts(cls, counts: sparse.csc_matrix, vocabulary: list[str], ids: np.ndarray) -> BM25Index:
        """An index over a documents x terms matrix of term counts."""
        counts = counts.tocsc()
        counts.sort_indices()
        return cls(_served(counts), vocabulary, ids, counts=counts)

    @classmethod
    def build(cls, documents: Iterable[tuple[int, Sequence[str]]]) -> BM25Index:
        """An index over (id, terms) pairs."""
        return cls.empty().add(documents)

    @classmethod
    def empty(cls) -> BM25Index:
        from scipy import sparse

        return cls.from_counts(sparse.csc_matrix((0, 0), dtype=np.float32), [], np.zeros(0, dtype=np.int64))

    def counts_matrix(self) -> sparse.csc_matrix:
        """Term counts, documents x terms (read from disk on first use)."""
        from scipy import sparse

        if self._counts is None:
            assert self._counts_path is not None
            arrays = [np.load(self._counts_path / f"counts_{name}.npy") for name in ("data", "indices", "indptr")]
            shape = (len(self.ids), len(self.vocabulary))
            self._counts = sparse.csc_matrix((arrays[0].astype(np.float32), *arrays[1:]), shape=shape)
        return self._counts

    def add(self, documents: Iterable[tuple[int, Sequence[str]]]) -> BM25Index:
        """A new index with these documents appended (their ids must be new)."""
        additions = self.additions()
        for doc_id, terms in documents:
            additions.append(doc_id, terms)
        return additions.index()

    def additions(self) -> Additions:
        """Documents to append to this index, counted as they come: no document's term list is kept."""
        return Additions(self)

    def _with_blocks(
        self, columns: dict[str, int], blocks: list[sparse.csr_matrix], ids: list[np.ndarray]
    ) -> BM25Index:
        """This index with the rows of blocks appended; blocks is emptied, its matrices freed as soon as copied."""
        if not blocks:
            return self
        width = len(columns)
        # Rows are stacked as CSR, which scipy concatenates directly; stacking CSC goes through COO
        # with 64-bit indices. Each copy is dropped as soon as the next is made: the counts are the
        # largest thing an ingest holds (docs/measurements.md).
        blocks.insert(0, self.counts_matrix().tocsr())
        from scipy import sparse

        stacked = sparse.vstack([_widen_rows(block, width) for block in blocks], format="csr")
        blocks.clear()
        counts = stacked.tocsc()
        del stacked
        return BM25Index.from_counts(counts, list(columns), np.concatenate([self.ids, *ids]))

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
        return 0 if column is None else int(self.df[column])

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every row for the query terms (repeats count), like rank_bm25's get_scores."""
        rare, common = self._query_columns(query)
        return _add_everywhere(_rare_sums(rare, len(self)), common)

    def top(self, query: Sequence[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (id, score) pairs among rows with a positive score, best first; equal scores
        in corpus order.

        allowed: a boolean per row; the rows it leaves out are never returned.
        """
        rare, common = self._query_columns(query)
        sums = _rare_sums(rare, len(self))
        if allowed is not None:
            sums[~allowed] = 0.0
        rows = _contenders(sums, common, k, allowed)
        if rows is None:  # the common terms could lift too many rows: every row is scored in full
            scores = _add_everywhere(sums, common)
            if allowed is not None:
                scores[~allowed] = 0.0
            rows = np.arange(len(scores))
        else:
            scores = _add_at(sums[rows], common, rows)
        best = _best(scores, k)
        return [(int(self.ids[rows[i]]), float(scores[i])) for i in best]

    def _query_columns(self, query: Sequence[str]) -> tuple[list[_Column], list[_Column]]:
        """The query's columns that hold its rarer terms, and those of its common terms (see COMMON_SHARE),
        sparse before dense: the order in which they are added to every score."""
        repeats_of: Counter[int] = Counter()
        for term, repeats in Counter(query).items():
            column = self.columns.get(term)
            if column is not None:
                repeats_of[int(self.alias[column])] += repeats
        rare: list[_Column] = []
        common: list[_Column] = []
        dense: list[_Column] = []
        for column, repeats in repeats_of.items():
            bound = repeats * max(float(self.peak[column]), 0.0)
            if column in self._dense_row:
                dense.append(_Column(None, self._dense_column(self._dense_row[column]), repeats, bound))
                continue
            holders, weighed = self._sparse_column(column)
            if len(holders):
                is_common = len(holders) >= COMMON_SHARE * len(self)
                (common if is_common else rare).append(_Column(holders, weighed, repeats, bound))
        return rare, common + dense

    def contributions(self, terms: Sequence[str], ids: Sequence[int]) -> np.ndarray:
        """A terms x ids array: what each term, asked once, adds to each of these documents' scores.

        Non-zero where the document holds the term, save a term whose idf is exactly
        zero (in exactly half of the documents), which adds nothing anywhere.
        """
        if self._order is None:
            self._order = np.argsort(self.ids, kind="stable")
        rows = self._order[np.searchsorted(self.ids, np.asarray(ids, dtype=np.int64), sorter=self._order)]
        added = np.zeros((len(terms), len(rows)))
        by_column: dict[int, np.ndarray] = {}  # a term's exact and folded keys often share one column
        for line, term in enumerate(terms):
            column = self.columns.get(term)
            if column is None:
                continue
            column = int(self.alias[column])
            if column not in by_column:
                by_column[column] = self._column_at(column, rows)
            added[line] = by_column[column]
        return added

    def _column_at(self, column: int, rows: np.ndarray) -> np.ndarray:
        """A canonical column's weights in these rows, zero where absent."""
        if column in self._dense_row:
            return self._dense_column(self._dense_row[column])[rows]
        return _sparse_at(*self._sparse_column(column), rows)

    def _sparse_column(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding a column's term, in order, and its weight in each."""
        start, end = int(self.indptr[column]), int(self.indptr[column + 1])
        holders, weighed = self._recent.get(
            ("sparse", column), lambda: (self.indices[start:end], self.weights[start:end])
        )
        return holders, weighed

    def _dense_column(self, row: int) -> np.ndarray:
        """A dense column's weight in every row."""
        return self._recent.get(("dense", row), lambda: (self.dense[row],))[0]

    # --- persistence --------------------------------------------------------------

    def save(self, path: Path, generation: int) -> None:
        """Write the index as a directory, replacing any older one, tagged with the store generation it reflects.

        Durable: every file is flushed to disk before the directory is renamed into place, so a
        crash or power cut leaves the old index or the new one, never a part of one. On failure
        (a full disk) nothing is left behind and the old index stays.
        """
        tmp, old = path.with_name(path.name + ".tmp"), path.with_name(path.name + ".old")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir(parents=True)
            self._write(tmp, generation)
            shutil.rmtree(old, ignore_errors=True)
            if path.exists():
                os.replace(path, old)
            os.replace(tmp, path)
            _sync(path.parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if old.exists() and not path.exists():
                os.replace(old, path)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def _write(self, folder: Path, generation: int) -> None:
        counts = self.counts_matrix()
        arrays = {
            "indptr": self.indptr,
            "indices": self.indices,
            "weights": self.weights,
            "alias": self.alias,
            "df": self.df,
            "dense_columns": np.array(sorted(self._dense_row, key=self._dense_row.__getitem__), dtype=np.int64),
            "peak": self.peak,
            "dense": self.dense,
            "ids": self.ids,
            "counts_data": np.minimum(counts.data, np.iinfo(np.uint16).max).astype(np.uint16),
            "counts_indices": counts.indices,
            "counts_indptr": counts.indptr,
        }
        for name, values in arrays.items():
            with open(folder / f"{name}.npy", "wb") as file:
                np.save(file, values)
                _flush(file)
        meta = {
            "format": FORMAT,
            "generation": generation,
            "k1": K1,
            "b": B,
            "epsilon": EPSILON,
            "documents": len(self.ids),
        }
        # Written last: an index directory without its meta.json is never taken for a whole one.
        for name, text in (("vocabulary.txt", "\n".join(self.vocabulary)), ("meta.json", json.dumps(meta))):
            with open(folder / name, "w", encoding="utf-8") as file:
                file.write(text)
                _flush(file)
        _sync(folder)

    @staticmethod
    def saved_generation(path: Path) -> int | None:
        """The store generation of the index saved at path, or None when there is none to read."""
        try:
            return int(json.loads((path / "meta.json").read_text())["generation"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @classmethod
    def load(cls, path: Path) -> tuple[BM25Index, int]:
        """The index saved at path and the store generation it reflects.

        Raises ValueError (or OSError) when a file is missing, empty, cut short or does not
        match the others: the caller rebuilds the index from the store.
        """
        meta = json.loads((path / "meta.json").read_text())
        if meta.get("format") != FORMAT:
            raise ValueError("index written by another version of hoidap")
        if (meta["k1"], meta["b"], meta["epsilon"]) != (K1, B, EPSILON):
            raise ValueError("index built with other BM25 parameters")
        try:
            served: dict[str, np.ndarray | SavedArray] = {
                name: SavedArray(path / f"{name}.npy") if name in cls.READ_BY_QUERY else np.load(path / f"{name}.npy")
                for name in cls.SERVED
            }
            ids = np.load(path / "ids.npy")
            counts = [_map(path / f"counts_{name}.npy") for name in ("data", "indices", "indptr")]
        except EOFError:
            raise ValueError("an index file is empty") from None
        text = (path / "vocabulary.txt").read_text(encoding="utf-8")
        vocabulary = text.split("\n") if text else []
        _check(served, counts, len(vocabulary), len(ids), meta.get("documents"))
        return cls(served, vocabulary, ids, counts_path=path), int(meta["generation"])


class Additions:
    """Documents on their way into an index: each one's terms become column numbers as it is appended.

    An ingest appends its paragraphs as it stores them; holding their term lists until the end
    took most of its memory.
    """

    def __init__(self, index: BM25Index):
        self._index = index
        self._columns = dict(index.columns)
        self._blocks: list[sparse.csr_matrix] = []
        self._ids: list[np.ndarray] = []
        self._cols = array("i")
        self._lengths: list[int] = []
        self._pending: list[int] = []

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._ids) + len(self._pending)

    def append(self, doc_id: int, terms: Sequence[str]) -> None:
        columns = self._columns
        self._cols.extend([columns.setdefault(term, len(columns)) for term in terms])
        self._lengths.append(len(terms))
        self._pending.append(doc_id)
        if len(self._pending) >= BATCH:
            self._flush()

    def columns_of(self, terms: Sequence[str]) -> list[int]:
        """The column of each term, new terms getting the next ones."""
        columns = self._columns
        return [columns.setdefault(term, len(columns)) for term in terms]

    def append_counted(self, doc_ids: Sequence[int], columns: np.ndarray, lengths: Sequence[int]) -> None:
        """Documents whose terms are already columns (columns_of): each one's, one document after another."""
        self._cols.frombytes(np.ascontiguousarray(columns, dtype=np.int32).tobytes())
        self._lengths.extend(lengths)
        self._pending.extend(doc_ids)
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        from scipy import sparse

        if not self._pending:
            return
        rows = np.repeat(np.arange(len(self._pending), dtype=np.int32), self._lengths)
        cols = np.frombuffer(self._cols, dtype=np.int32)
        ones = np.ones(len(cols), dtype=np.float32)
        # Duplicate (row, column) pairs are summed: that is the term count.
        shape = (len(self._pending), len(self._columns))
        self._blocks.append(sparse.csr_matrix((ones, (rows, cols)), shape=shape))
        self._ids.append(np.array(self._pending, dtype=np.int64))
        self._cols, self._lengths, self._pending = array("i"), [], []

    def index(self) -> BM25Index:
        """The index with every appended document (the same index when none was)."""
        self._flush()
        blocks, self._blocks = self._blocks, []
        return self._index._with_blocks(self._columns, blocks, self._ids)


def _check(
    served: Mapping[str, np.ndarray | SavedArray], counts: list[np.ndarray], width: int, size: int, documents: object
) -> None:
    """Raise ValueError unless the saved arrays fit together (a torn or mixed save does not)."""
    data, indices, indptr = counts
    fits = (
        documents in (None, size)
        and len(served["indptr"]) == width + 1
        and len(served["indices"]) == len(served["weights"]) == served["indptr"][-1]
        and len(served["alias"]) == len(served["df"]) == width
        and served["dense"].shape == (len(served["dense_columns"]), size)
        and len(served["peak"]) == width
        and len(indptr) == width + 1
        and len(data) == len(indices) == indptr[-1]
    )
    if not fits:
        raise ValueError("index files do not match each other")


def _flush(file: IO) -> None:
    file.flush()
    os.fsync(file.fileno())


def _sync(folder: Path) -> None:
    """Make a folder's new entries (created or renamed files) durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _map(path: Path) -> np.ndarray:
    """A read-only view of a saved array, memory-mapped unless it is empty (which cannot be mapped)."""
    try:
        # A plain ndarray view: numpy's memmap subclass adds overhead to every slice.
        return np.asarray(np.load(path, mmap_mode="r"))
    except ValueError:
        return np.load(path)


class SavedArray:
    """A saved .npy array (one or two dimensions, C order) read a slice or a row at a time.

    Read with pread rather than memory-mapped: a serving process then holds only what
    its current question reads. A mapping keeps every page a query ever touched, and
    the kernel maps a block of neighbouring pages with each one, so after a few
    hundred questions a mapped index is resident nearly whole.
    """

    def __init__(self, path: Path):
        with open(path, "rb") as file:
            version = np.lib.format.read_magic(file)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
            if version not in read_header:
                raise ValueError(f"{path.name} has an unknown format version")
            shape, fortran_order, dtype = read_header[version](file)
            self._offset = file.tell()
        if fortran_order or len(shape) not in (1, 2) or dtype.hasobject:
            raise ValueError(f"{path.name} is not a saved column array")
        self.shape: tuple[int, ...] = tuple(shape)
        self.dtype = dtype
        self._row_bytes = dtype.itemsize * (shape[1] if len(shape) == 2 else 1)
        if path.stat().st_size != self._offset + self._row_bytes * shape[0]:
            raise ValueError(f"{path.name} is cut short")
        self._descriptor = os.open(path, os.O_RDONLY)
        # Closed when the index is dropped, as a mapping would be unmapped.
        weakref.finalize(self, os.close, self._descriptor)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: int | slice) -> np.ndarray:
        """Row `key` (or element, for one dimension), or the contiguous rows of a step-1 slice."""
        if isinstance(key, slice):
            start, stop, step = key.indices(self.shape[0])
            if step != 1:
                raise IndexError("only contiguous slices are read")
            return self._read(start, max(0, stop - start))
        row = int(key)
        if not -self.shape[0] <= row < self.shape[0]:
            raise IndexError(f"row {row} out of range")
        read = self._read(row % self.shape[0], 1)
        return read[0]

    def __array__(self, dtype: np.dtype | None = None, copy: bool | None = None) -> np.ndarray:
        whole = self[:]
        return whole if dtype is None else whole.astype(dtype)

    def _read(self, start: int, rows: int) -> np.ndarray:
        size = rows * self._row_bytes
        data = os.pread(self._descriptor, size, self._offset + start * self._row_bytes)
        if len(data) != size:
            raise ValueError("an index file changed while it was read")
        return np.frombuffer(data, dtype=self.dtype).reshape((rows, *self.shape[1:]))


class ColumnCache:
    """Recently read columns, up to a budget in bytes; the least recently used go first."""

    def __init__(self, budget: int):
        self.budget = budget
        self._held: OrderedDict[Hashable, tuple[np.ndarray, ...]] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable, read: Callable[[], tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
        if (held := self._held.get(key)) is not None:
            self._held.move_to_end(key)
            return held
        arrays = read()
        size = sum(array.nbytes for array in arrays)
        if size <= self.budget:
            self._held[key] = arrays
            self._bytes += size
            while self._bytes > self.budget:
                _, dropped = self._held.popitem(last=False)
                self._bytes -= sum(array.nbytes for array in dropped)
        return arrays


def _served(counts: sparse.csc_matrix) -> dict[str, np.ndarray]:
    """What queries read: weights of the columns that are neither dense nor an alias, the dense rows,
    the aliases and the document frequencies."""
    size, width = counts.shape
    weights = _weigh(counts)
    df = np.diff(counts.indptr).astype(np.int32)
    alias = _aliases(counts)
    canonical = alias == np.arange(width)
    is_dense = canonical & (df >= max(1.0, DENSE_SHARE * size))
    dense_columns = np.flatnonzero(is_dense)
    dense = np.zeros((len(dense_columns), size), dtype=np.float32)
    for row, column in enumerate(dense_columns):
        start, end = counts.indptr[column], counts.indptr[column + 1]
        dense[row, counts.indices[start:end]] = weights[start:end]
    sparse_columns = canonical & ~is_dense
    keep = np.repeat(sparse_columns, df)
    indptr = np.zeros(width + 1, dtype=np.int64)
    np.cumsum(np.where(sparse_columns, df, 0), out=indptr[1:])
    return {
        "indptr": indptr,
        "indices": counts.indices[keep],
        "weights": weights[keep],
        "alias": alias,
        "df": df,
        "peak": _peaks(weights, counts.indptr),
        "dense_columns": dense_columns,
        "dense": dense,
    }


def _aliases(counts: sparse.csc_matrix) -> np.ndarray:
    """For each column, the first column identical to it (same rows, same counts), else itself.

    Identical columns have identical weights: same df, so same idf, and same counts in
    documents of the same lengths. In Vietnamese many exact keys are identical to their
    folded form (nearly every "nguoi" is "người"): storing them once saves a fifth of the index.
    """
    width = counts.shape[1]
    alias = np.arange(width, dtype=np.int32)
    first: dict[bytes, int] = {}
    indptr, indices, data = counts.indptr, counts.indices, counts.data
    for column in range(width):
        start, end = indptr[column], indptr[column + 1]
        if start == end:
            continue
        rows, values = indices[start:end], data[start:end]
        key = hashlib.blake2b(rows.tobytes() + values.tobytes(), digest_size=16).digest()
        other = first.setdefault(key, column)
        if other != column:
            other_start, other_end = indptr[other], indptr[other + 1]
            if np.array_equal(rows, indices[other_start:other_end]) and np.array_equal(
                values, data[other_start:other_end]
            ):
                alias[column] = other
    return alias


def _widen_rows(block: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    """The same rows with empty columns appended (new terms), sharing its arrays."""
    from scipy import sparse

    return sparse.csr_matrix((block.data, block.indices, block.indptr), (block.shape[0], width))


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


class _Column(NamedTuple):
    """A query term's weights: per holder for a sparse column (holders in row order), per row for a dense one."""

    holders: np.ndarray | None
    weighed: np.ndarray
    repeats: int
    bound: float  # the most it adds to any row

    def repeated(self) -> np.ndarray:
        """Its weights, times the query's repeats of the term."""
        return self.weighed if self.repeats == 1 else self.repeats * self.weighed

    def add_everywhere(self, sums: np.ndarray) -> None:
        if self.holders is None:
            sums += self.repeated()
        else:
            sums[self.holders] += self.repeated()  # a column holds a row once: no repeated index to lose

    def at(self, rows: np.ndarray) -> np.ndarray:
        """Its weights in these rows, zero where absent."""
        weighed = self.weighed[rows] if self.holders is None else _sparse_at(self.holders, self.weighed, rows)
        return weighed if self.repeats == 1 else self.repeats * weighed


def _sparse_at(holders: np.ndarray, weighed: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A sparse column's weights in these rows, zero where absent."""
    if not len(holders):
        return np.zeros(len(rows), dtype=np.float32)
    found = np.minimum(np.searchsorted(holders, rows), len(holders) - 1)
    return np.where(holders[found] == rows, weighed[found], np.float32(0))


def _rare_sums(rare: list[_Column], size: int) -> np.ndarray:
    """Every row's sum over these sparse columns, in one pass in C over their (row, weight) pairs."""
    if not rare:
        return np.zeros(size)
    rows = np.concatenate([column.holders for column in rare if column.holders is not None])
    weights = np.concatenate([column.repeated() for column in rare])
    return np.bincount(rows, weights=weights, minlength=size)


def _add_everywhere(sums: np.ndarray, common: list[_Column]) -> np.ndarray:
    for column in common:
        column.add_everywhere(sums)
    return sums


def _add_at(sums: np.ndarray, common: list[_Column], rows: np.ndarray) -> np.ndarray:
    """These rows' sums with the common columns added, one after another as _add_everywhere adds them,
    so each row's score is the same to the last bit."""
    for column in common:
        sums += column.at(rows)
    return sums


def _contenders(sums: np.ndarray, common: list[_Column], k: int, allowed: np.ndarray | None) -> np.ndarray | None:
    """The rows that can be among the k best once the common columns are added, or None when too many can.

    The k-th best full score among the rows with the highest sums is a floor for the k-th best
    of all; a row whose sum is below that floor by more than the common columns' largest
    weights add up to cannot reach it.
    """
    if not common:
        return None
    highest = float(sums.max(initial=0.0))
    if highest <= 0:
        return None
    probed = np.flatnonzero(sums >= PROBED_SHARE * highest)
    if len(probed) > PROBED * k:
        probed = probed[np.argpartition(sums[probed], len(probed) - PROBED * k)[-PROBED * k :]]
    full = _add_at(sums[probed], common, probed)
    full = full[full > 0]
    if len(full) < k:
        return None
    floor = _kth_largest(full, k)
    lift = sum(column.bound for column in common)
    # The margin covers rounding: the same weights summed in another order may differ in their last bits.
    reach = sums >= floor - lift - ROUNDING * (abs(floor) + lift)
    if allowed is not None:
        reach &= allowed
    rows = np.flatnonzero(reach)
    return rows if len(rows) <= len(sums) * MOST_CONTENDERS else None


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest positive scores, best first, equal scores by position."""
    least = 0.0
    if len(scores) > k:
        least = max(least, _kth_largest(scores, k))
    chosen = np.flatnonzero(scores >= least) if least > 0 else np.flatnonzero(scores > 0)
    return chosen[np.lexsort((chosen, -scores[chosen]))][:k]


def _peaks(weights: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Each column's largest weight (zero for an empty column)."""
    peaks = np.zeros(len(indptr) - 1, dtype=np.float32)
    filled = np.flatnonzero(np.diff(indptr) > 0)
    if len(filled):
        peaks[filled] = np.maximum.reduceat(weights, indptr[filled])
    return peaks


def _kth_largest(values: np.ndarray, k: int) -> float:
    # argpartition: np.partition is many times slower on arrays that are mostly zeros.
    return float(values[np.argpartition(values, len(values) - k)[len(values) - k]])
