"""Text similarity of initiatives, independent of the database: Vietnamese normalisation, TF-IDF vectors and the
combined cosine score. ``store.py`` keeps these vectors for the database's initiatives.

Each text is seen three ways (views), each a TF-IDF vector (sublinear term frequency, smoothed IDF, L2 norm):

- ``word``: word unigrams and bigrams of the folded text (no diacritics): vocabulary and phrasing;
- ``char_folded``: character 3–5-grams of the folded text: robust to text typed without diacritics, to inflection
  and to typos;
- ``char_accented``: character 3–5-grams of the text with its diacritics (NFC, lower case): tells apart words that
  only the tone marks distinguish ("bảo hiểm" / "bão").

Numbers are reduced to their shape (every digit becomes 0), so "giảm 30% thời gian" matches "giảm 45% thời gian".
The score of a pair is the mean cosine of the three views; when either text was typed without diacritics the accented
view says nothing, and the score is the mean of the other two.

Terms are hashed into 2**20 columns (the "hashing trick", as scikit-learn's HashingVectorizer), so no vocabulary is
stored. The hashing is vectorised with numpy over a whole batch of texts (a multiplicative hash of each n-gram's code
points), which makes indexing 700,000 initiatives a matter of a minute rather than of a Python loop per n-gram. The
hash functions are fixed constants: vectors computed today and those persisted in an index stay comparable.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

FEATURE_BITS = 20
N_FEATURES = 2**FEATURE_BITS
VIEWS = ("word", "char_folded", "char_accented")
CHAR_SIZES = (3, 4, 5)
MAX_CHARS = 4000  # longer texts are cut: the beginning carries the title, the problem and the solution
DIACRITIC_SHARE = 0.03  # below this share of marked letters, a text counts as typed without diacritics

_PUNCTUATION = re.compile(r"[^\w ]+", re.UNICODE)  # not "\W+": that would also match every single space
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DocText:
    title: str
    body: str = ""


@dataclass(frozen=True)
class Prepared:
    accented: str
    folded: str
    diacritics: bool


def prepare(doc: DocText) -> Prepared:
    """Lower case NFC words separated by single spaces, digits as 0; the folded twin; whether it has diacritics."""
    text = unicodedata.normalize("NFC", f"{doc.title} {doc.body}"[:MAX_CHARS]).lower()
    text = _DIGIT.sub("0", _PUNCTUATION.sub(" ", text).replace("_", " "))
    accented = " ".join(text.split())
    decomposed = unicodedata.normalize("NFD", accented).replace("đ", "d")
    # Dropping what is not ASCII removes the combining marks (and letters of other scripts, which do not occur).
    folded = decomposed.encode("ascii", "ignore").decode("ascii")
    letters = len(accented) - accented.count(" ")
    marks = len(decomposed) - len(accented)  # one per tone or vowel mark ("ệ" has two)
    return Prepared(accented, folded, bool(letters) and marks / letters >= DIACRITIC_SHARE)


# -- hashing -----------------------------------------------------------------------------------------------------------

_RNG = np.random.default_rng(20230831)  # fixed: persisted indexes depend on these constants
_CHAR_MULT = {n: _RNG.integers(1, 2**63, size=n, dtype=np.uint64) | np.uint64(1) for n in CHAR_SIZES}
_WORD_POS = _RNG.integers(1, 2**63, size=32, dtype=np.uint64) | np.uint64(1)
_BIGRAM = _RNG.integers(1, 2**63, size=3, dtype=np.uint64) | np.uint64(1)
_FINAL = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(64 - FEATURE_BITS)
_SEPARATOR = "\n"


def _bucket(h: np.ndarray) -> np.ndarray:
    return ((h * _FINAL) >> _SHIFT).astype(np.int64)


def _codes(texts: list[str], pad: bool) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the texts joined by a separator, and the text index of each position (-1 on separators)."""
    padded = [f" {t} " if pad else t for t in texts]
    joined = _SEPARATOR.join(padded) + _SEPARATOR
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) + 1 for t in padded), dtype=np.int64, count=len(padded))
    owner = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
    owner[np.cumsum(lengths) - 1] = -1
    return codes, owner


def _csr(rows: np.ndarray, cols: np.ndarray, n_rows: int) -> sp.csr_matrix:
    """Counts of (row, column) pairs; ``rows`` must be sorted (it is: positions run through the texts in order)."""
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    matrix = sp.csr_matrix((np.ones(len(cols), dtype=np.float32), cols, indptr), shape=(n_rows, N_FEATURES))
    matrix.sum_duplicates()
    return matrix


def char_counts(texts: list[str]) -> sp.csr_matrix:
    """Counts of character 3-, 4- and 5-grams of each text (padded with a space at both ends)."""
    codes, owner = _codes(texts, pad=True)
    smallest = CHAR_SIZES[0]
    span = len(codes) - smallest + 1
    if span <= 0:
        return sp.csr_matrix((len(texts), N_FEATURES), dtype=np.float32)
    # One column per n-gram size, one row per starting position: flattened row by row, the owners stay sorted.
    hashes = np.zeros((span, len(CHAR_SIZES)), dtype=np.uint64)
    valid = np.zeros((span, len(CHAR_SIZES)), dtype=bool)
    for column, n in enumerate(CHAR_SIZES):
        size = len(codes) - n + 1
        if size <= 0:
            continue
        h = hashes[:size, column]
        for k in range(n):
            h += codes[k : k + size] * _CHAR_MULT[n][k]
        valid[:size, column] = (owner[:size] >= 0) & (owner[:size] == owner[n - 1 : n - 1 + size])
    rows = np.repeat(owner[:span], len(CHAR_SIZES)).reshape(span, len(CHAR_SIZES))[valid]
    return _csr(rows, _bucket(hashes[valid]), len(texts))


def word_counts(texts: list[str]) -> sp.csr_matrix:
    """Counts of word unigrams and bigrams (words are separated by single spaces)."""
    codes, owner = _codes(texts, pad=False)
    space = ord(" ")
    in_word = (owner >= 0) & (codes != space)
    idx = np.flatnonzero(in_word)
    if not len(idx):
        return sp.csr_matrix((len(texts), N_FEATURES), dtype=np.float32)
    starts = np.ones(len(idx), dtype=bool)
    starts[1:] = idx[1:] != idx[:-1] + 1  # a gap (space or separator) before this letter
    start_pos = np.flatnonzero(starts)
    position = np.arange(len(idx)) - np.repeat(start_pos, np.diff(np.append(start_pos, len(idx))))
    terms = codes[idx] * _WORD_POS[np.minimum(position, 31)]
    words = np.add.reduceat(terms, start_pos)
    word_owner = owner[idx[start_pos]]
    same = word_owner[:-1] == word_owner[1:]
    bigrams = words[:-1][same] * _BIGRAM[0] + words[1:][same] * _BIGRAM[1] + _BIGRAM[2]
    # Each word followed by the bigram it starts, so the owners stay sorted.
    cols = np.full((len(words), 2), -1, dtype=np.int64)
    cols[:, 0] = _bucket(words)
    cols[:-1, 1][same] = _bucket(bigrams)
    keep = cols >= 0
    rows = np.repeat(word_owner, 2).reshape(-1, 2)[keep]
    return _csr(rows, cols[keep], len(texts))


def counts(prepared: list[Prepared], views=VIEWS) -> dict[str, sp.csr_matrix]:
    """Raw term counts of each view (one row per text)."""
    result = {}
    if "word" in views:
        result["word"] = word_counts([p.folded for p in prepared])
    if "char_folded" in views:
        result["char_folded"] = char_counts([p.folded for p in prepared])
    if "char_accented" in views:
        result["char_accented"] = char_counts([p.accented for p in prepared])
    return result


# -- TF-IDF and scores -------------------------------------------------------------------------------------------------


def document_frequency(matrix: sp.csr_matrix) -> np.ndarray:
    return np.bincount(matrix.indices, minlength=N_FEATURES).astype(np.float64)


def idf_from_df(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed IDF, as scikit-learn's TfidfTransformer: ln((1 + n) / (1 + df)) + 1."""
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def weigh(matrix: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF × IDF, rows L2-normalised (a new matrix)."""
    weighted = matrix.astype(np.float32, copy=True)
    np.log(weighted.data, out=weighted.data)
    weighted.data += 1.0
    weighted.data *= idf[weighted.indices]
    lengths = np.diff(weighted.indptr)
    norms = np.ones(weighted.shape[0], dtype=np.float32)
    filled = lengths > 0
    if filled.any():  # row sums of squares without a squared copy of the matrix
        sums = np.add.reduceat(np.square(weighted.data), weighted.indptr[:-1][filled])
        norms[filled] = np.sqrt(sums)
    weighted.data /= np.repeat(norms, lengths)
    return weighted


def vectors(prepared: list[Prepared], idf: dict[str, np.ndarray]) -> dict[str, sp.csr_matrix]:
    return {view: weigh(matrix, idf[view]) for view, matrix in counts(prepared).items()}


def combine(cosines: dict[str, np.ndarray], both_accented: np.ndarray) -> np.ndarray:
    """The score of each pair from its per-view cosines (see the module docstring)."""
    plain = (cosines["word"] + cosines["char_folded"]) / 2.0
    full = (cosines["word"] + cosines["char_folded"] + cosines["char_accented"]) / 3.0
    return np.where(both_accented, full, plain).astype(np.float32)


_BUFFERS = threading.local()


def _buffer(view: str) -> np.ndarray:
    """A zeroed dense vector per view and thread, reused: scattering the query into it makes each dot product a
    sparse matrix × dense vector product, linear in the documents' terms."""
    buffer = getattr(_BUFFERS, view, None)
    if buffer is None:
        buffer = np.zeros(N_FEATURES, dtype=np.float32)
        setattr(_BUFFERS, view, buffer)
    return buffer


def scores(query: dict[str, sp.csr_matrix], query_accented: bool, docs: dict[str, sp.csr_matrix],
           docs_accented: np.ndarray) -> np.ndarray:  # fmt: skip
    """Scores of one query (1-row matrices) against every row of ``docs``."""
    if docs["word"].shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    cosines = {}
    for view in VIEWS:
        q = query[view]
        buffer = _buffer(view)
        buffer[q.indices] = q.data
        try:
            cosines[view] = docs[view] @ buffer
        finally:
            buffer[q.indices] = 0.0
    return combine(cosines, np.logical_and(docs_accented, query_accented))
