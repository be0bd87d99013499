"""The similarity index: search among many texts without comparing the query with each of them.

Two stages. (1) Candidates: an inverted index (postings) of the ``word`` view — for each hashed word unigram or
bigram, the texts that contain it with their TF-IDF weight — accumulates a partial cosine for the texts sharing the
query's most weighty terms (terms found in more than ``max_postings`` texts are left out: they are in everything and
would only cost time). (2) The best ``candidates`` are scored exactly, all three views, from their current text.

``MemoryCorpus`` keeps full vectors of a small set of texts (all of them on a small installation, or the ones added
or changed since the persisted index was built) and scores a query against every one of them.

Everything here is independent of the database; ``store.py`` feeds it initiatives.
"""

import datetime
import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from thidua.initiatives.similarity import engine
from thidua.initiatives.similarity.engine import VIEWS, DocText, Prepared

FORMAT_VERSION = 2
CHUNK = 5_000
IDF_SAMPLE = 10_000  # texts whose character n-grams estimate the character views' IDF
QUERY_TERMS = 64  # the query's weightiest word terms used to find candidates
MAX_POSTINGS_SHARE = 0.05  # terms in more than this share of texts are not used to find candidates
MIN_MAX_POSTINGS = 1_000


@dataclass
class Scored:
    id: int
    score: float


def _order(scores: np.ndarray, limit: int) -> np.ndarray:
    top = np.argpartition(-scores, limit - 1)[:limit] if len(scores) > limit else np.arange(len(scores))
    return top[np.argsort(-scores[top], kind="stable")]


# -- in memory ---------------------------------------------------------------------------------------------------------


@dataclass
class MemoryCorpus:
    """Raw counts and vectors of a set of texts, by id. ``idf`` is fixed (from a persisted index) or, when None,
    fitted on the corpus itself whenever it changed."""

    idf: dict[str, np.ndarray] | None = None
    ids: list[int] = field(default_factory=list)
    stamps: list[object] = field(default_factory=list)  # e.g. the row's updated_at, to notice a stale entry
    accented: list[bool] = field(default_factory=list)
    _counts: dict[str, list[sp.csr_matrix]] = field(default_factory=lambda: {v: [] for v in VIEWS})
    _vectors: dict[str, sp.csr_matrix] | None = None
    _position: dict[int, int] = field(default_factory=dict)
    _stale: set[int] = field(default_factory=set)  # positions replaced or removed
    _fitted_idf: dict[str, np.ndarray] | None = None
    _live_ids: list[int] = field(default_factory=list)
    _live_flags: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._position)

    def stamp(self, pk: int):
        position = self._position.get(pk)
        return None if position is None else self.stamps[position]

    def upsert(self, rows: Iterable[tuple[int, DocText, object]]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        prepared = [engine.prepare(text) for _, text, _ in rows]
        matrices = engine.counts(prepared)
        for pk, _text, stamp in rows:
            old = self._position.get(pk)
            if old is not None:
                self._stale.add(old)
            self._position[pk] = len(self.ids)
            self.ids.append(pk)
            self.stamps.append(stamp)
        self.accented.extend(p.diacritics for p in prepared)
        for view in VIEWS:
            self._counts[view].append(matrices[view])
        self._vectors = None
        return len(rows)

    def remove(self, pks: Iterable[int]) -> None:
        for pk in pks:
            position = self._position.pop(pk, None)
            if position is not None:
                self._stale.add(position)
                self._vectors = None

    def current_idf(self) -> dict[str, np.ndarray]:
        if self.idf is not None:
            return self.idf
        if not self._position:
            return {view: np.ones(engine.N_FEATURES, dtype=np.float32) for view in VIEWS}
        if self._fitted_idf is None or self._vectors is None:
            live = self._live()
            raw = self._raw()
            self._fitted_idf = {
                view: engine.idf_from_df(engine.document_frequency(raw[view][live]), len(live)) for view in VIEWS
            }
        return self._fitted_idf

    def _raw(self) -> dict[str, sp.csr_matrix]:
        for view in VIEWS:
            if len(self._counts[view]) > 1:
                self._counts[view] = [sp.vstack(self._counts[view], format="csr")]
        return {view: self._counts[view][0] for view in VIEWS}

    def _live(self) -> np.ndarray:
        return np.array(sorted(self._position.values()), dtype=np.int64)

    def search(self, query: dict[str, sp.csr_matrix], query_accented: bool, *, limit: int,
               exclude: set[int] = frozenset()) -> list[Scored]:  # fmt: skip
        if not self._position:
            return []
        if self._vectors is None:
            idf = self.current_idf()
            raw = self._raw()
            live = self._live()
            self._vectors = {view: engine.weigh(raw[view][live], idf[view]) for view in VIEWS}
            self._live_ids = [self.ids[p] for p in live]
            self._live_flags = np.array(self.accented, dtype=bool)[live]
        result = engine.scores(query, query_accented, self._vectors, self._live_flags)
        found = []
        for i in _order(result, limit + len(exclude)):
            if self._live_ids[i] not in exclude:
                found.append(Scored(self._live_ids[i], float(result[i])))
        return found[:limit]


# -- persisted ---------------------------------------------------------------------------------------------------------


@dataclass
class BuildReport:
    documents: int
    seconds: float
    postings: int
    folder: Path


@dataclass
class PersistedIndex:
    """An index saved as .npy files in a folder (memory-mapped when loaded, so processes share the pages)."""

    folder: Path
    meta: dict
    ids: np.ndarray  # ascending
    stamps: np.ndarray  # each text's version (e.g. updated_at in microseconds), 0 when unknown
    accented: np.ndarray
    indptr: np.ndarray
    postings: np.ndarray
    weights: np.ndarray
    idf: dict[str, np.ndarray]

    @classmethod
    def load(cls, folder: Path) -> "PersistedIndex":
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION or meta.get("feature_bits") != engine.FEATURE_BITS:
            raise ValueError(f"index in {folder} has another format")

        def array(name):
            return np.load(folder / f"{name}.npy", mmap_mode="r")

        return cls(folder=folder, meta=meta, ids=array("ids"), stamps=array("stamps"), accented=array("accented"),
                   indptr=array("indptr"),
                   postings=array("postings"), weights=array("weights"),
                   idf={view: np.asarray(array(f"idf_{view}")) for view in VIEWS})  # fmt: skip

    @property
    def watermark(self) -> str | None:
        return self.meta.get("watermark")

    def stamps_of(self, pks: np.ndarray) -> np.ndarray:
        """The indexed version of each id (-1 when not indexed), vectorised."""
        if len(self.ids) == 0:
            return np.full(len(pks), -1, dtype=np.int64)
        positions = np.minimum(np.searchsorted(self.ids, pks), len(self.ids) - 1)
        found = self.ids[positions] == pks
        return np.where(found, self.stamps[positions], -1)

    def stamp(self, pk: int) -> int | None:
        """The version of ``pk`` in the index, or None when it is not indexed."""
        position = int(np.searchsorted(self.ids, pk))
        if position < len(self.ids) and int(self.ids[position]) == pk:
            return int(self.stamps[position])
        return None

    def candidates(self, query_word: sp.csr_matrix, *, limit: int) -> list[Scored]:
        """Texts with the largest partial word cosine over the query's weightiest terms (see the module docstring)."""
        if query_word.nnz == 0 or len(self.ids) == 0:
            return []
        order = np.argsort(-query_word.data)[:QUERY_TERMS]
        terms, weights = query_word.indices[order], query_word.data[order]
        starts, ends = self.indptr[terms], self.indptr[terms + 1]
        docs, values = [], []
        for start, end, weight in zip(starts, ends, weights, strict=True):
            if end > start:
                docs.append(self.postings[start:end])
                values.append(self.weights[start:end] * weight)
        if not docs:
            return []
        accumulated = np.bincount(np.concatenate(docs), weights=np.concatenate(values), minlength=len(self.ids))
        best = _order(accumulated, limit)
        return [Scored(int(self.ids[i]), float(accumulated[i])) for i in best if accumulated[i] > 0]


def build(rows: Iterable[tuple[int, DocText, int]], folder: Path, *, watermark: str | None = None,
          progress: Callable[[int], None] | None = None) -> BuildReport:  # fmt: skip
    """Build an index of ``rows`` (id ascending, text, version as an integer or 0) into ``folder`` (created; replaced
    if it exists)."""
    started = time.perf_counter()
    ids: list[int] = []
    stamps: list[int] = []
    accented: list[np.ndarray] = []
    word_chunks: list[sp.csr_matrix] = []
    sample: dict[str, list[sp.csr_matrix]] = {"char_folded": [], "char_accented": []}
    sampled = 0
    batch: list[tuple[int, DocText, int]] = []

    def flush():
        nonlocal sampled
        prepared = [engine.prepare(text) for _, text, _ in batch]
        ids.extend(pk for pk, _, _ in batch)
        stamps.extend(stamp or 0 for _, _, stamp in batch)
        accented.append(np.fromiter((p.diacritics for p in prepared), dtype=bool, count=len(prepared)))
        word_chunks.append(engine.counts(prepared, views=("word",))["word"])
        if sampled < IDF_SAMPLE:
            take: list[Prepared] = prepared[: IDF_SAMPLE - sampled]
            for view, matrix in engine.counts(take, views=tuple(sample)).items():
                sample[view].append(matrix)
            sampled += len(take)
        batch.clear()
        if progress is not None:
            progress(len(ids))

    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            flush()
    if batch:
        flush()

    n = len(ids)
    df = np.zeros(engine.N_FEATURES, dtype=np.float64)
    for chunk in word_chunks:
        df += engine.document_frequency(chunk)
    idf = {"word": engine.idf_from_df(df, n)}
    for view, chunks in sample.items():
        matrix = sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, engine.N_FEATURES))
        idf[view] = engine.idf_from_df(engine.document_frequency(matrix), sampled)
    # Postings: term → texts, without the terms found nearly everywhere. Chunk by chunk, to keep the peak memory low.
    max_postings = max(MIN_MAX_POSTINGS, int(n * MAX_POSTINGS_SHARE))
    common = df > max_postings
    for i, chunk in enumerate(word_chunks):
        weighted = engine.weigh(chunk, idf["word"])  # normalised over every term
        weighted.data[common[weighted.indices]] = 0
        weighted.eliminate_zeros()
        word_chunks[i] = weighted
    stacked = sp.vstack(word_chunks, format="csr") if word_chunks else sp.csr_matrix((0, engine.N_FEATURES))
    word_chunks.clear()
    inverted = stacked.tocsc()  # column j: the texts containing term j, with their weights
    del stacked

    temporary = folder.with_name(folder.name + ".building")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    np.save(temporary / "ids.npy", np.array(ids, dtype=np.int64))
    np.save(temporary / "stamps.npy", np.array(stamps, dtype=np.int64))
    np.save(temporary / "accented.npy", np.concatenate(accented) if accented else np.zeros(0, dtype=bool))
    np.save(temporary / "indptr.npy", inverted.indptr.astype(np.int64))
    np.save(temporary / "postings.npy", inverted.indices.astype(np.int32))
    np.save(temporary / "weights.npy", inverted.data.astype(np.float32))
    for view in VIEWS:
        np.save(temporary / f"idf_{view}.npy", idf[view])
    seconds = time.perf_counter() - started
    meta = {"format": FORMAT_VERSION, "feature_bits": engine.FEATURE_BITS, "documents": n,
            "built_at": datetime.datetime.now(datetime.UTC).isoformat(), "watermark": watermark,
            "idf_sample": sampled, "max_postings": max_postings, "postings": int(inverted.nnz),
            "seconds": round(seconds, 1)}  # fmt: skip
    (temporary / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    if folder.exists():
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)  # readers holding memory maps of the old files keep them until they reload
        temporary.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    else:
        temporary.rename(folder)
    return BuildReport(documents=n, seconds=seconds, postings=int(inverted.nnz), folder=folder)


def query_vectors(text: DocText, idf: dict[str, np.ndarray]) -> tuple[dict[str, sp.csr_matrix], bool]:
    prepared = engine.prepare(text)
    return engine.vectors([prepared], idf), prepared.diacritics


def rescore(query: dict[str, sp.csr_matrix], query_accented: bool, texts: dict[int, DocText],
            idf: dict[str, np.ndarray]) -> list[Scored]:  # fmt: skip
    """Exact scores of the given texts (the candidates), best first."""
    if not texts:
        return []
    ids = list(texts)
    prepared = [engine.prepare(texts[pk]) for pk in ids]
    docs = engine.vectors(prepared, idf)
    flags = np.array([p.diacritics for p in prepared], dtype=bool)
    result = engine.scores(query, query_accented, docs, flags)
    return [Scored(ids[i], float(result[i])) for i in _order(result, len(ids))]


def search_persisted(base: PersistedIndex, query: dict[str, sp.csr_matrix], query_accented: bool, *,
                     texts: Callable[[list[int]], dict[int, DocText]], candidates: int,
                     exclude: set[int]) -> list[Scored]:  # fmt: skip
    """Candidates from the postings, scored exactly from their current text (``texts`` fetches them by id)."""
    found = base.candidates(query["word"], limit=candidates + len(exclude))
    ids = [c.id for c in found if c.id not in exclude][:candidates]
    return rescore(query, query_accented, texts(ids), base.idf)
