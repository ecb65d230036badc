"""Similar items: an in-process sparse TF-IDF index with an inverted (column) layout, plus MinHash
signatures of
character 3-gram shingles for the near-duplicate flag. Pure: no Django (the services keep it in step with the
TextIndexEntry table).

Design (an LSM in miniature): a `main` CSC matrix (documents × hashed terms) built in bulk, a small `delta` of
recent upserts scored by brute force, and a set of dead row numbers (removed or replaced). A lookup
scores only
the query's strongest terms against their posting lists, keeps the best candidates, then reranks them by the
exact cosine of their stored vectors. When the delta grows past `merge_at`, it is merged into `main`.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from renda.insight.textprep import STOPWORDS, clean, normalize, static_idf, words

DIM = 1 << 20
DOC_TERMS = 48  # terms kept per indexed document (its strongest by tf-idf weight)
QUERY_TERMS = 24
CANDIDATES = 200
COMMON_SHARE = 0.02
COMMON_MIN = 2000
NEAR_SCORE = 0.9
NEAR_JACCARD = 0.6
NUM_PERM = 64
_PRIME = (1 << 61) - 1
_rng = np.random.RandomState(20240501)
_A = _rng.randint(1, 1 << 31, size=NUM_PERM).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=NUM_PERM).astype(np.uint64)
_STOP = STOPWORDS

Key = tuple[str, str]


def text_hash(text: str) -> str:
    """Hash of the cleaned text: equal hashes are exact duplicates (whitespace and width differences
    ignored)."""
    return hashlib.sha1(clean(text).encode("utf-8")).hexdigest()


def _term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & (DIM - 1)


def terms(text: str) -> dict[int, float]:
    """TF-IDF weights of a text over hashed jieba words: sublinear tf × jieba's dictionary idf (stopwords and
    1-char words dropped)."""
    counts = Counter(w for w in words(normalize(text)) if len(w) > 1 and w not in _STOP)
    out: dict[int, float] = {}
    for w, c in counts.items():
        tid = _term_id(w)
        out[tid] = out.get(tid, 0.0) + (1.0 + math.log(c)) * static_idf(w)
    return out


def shingles(text: str, k: int = 3) -> set[str]:
    t = clean(text)
    if len(t) <= k:
        return {t} if t else set()
    return {t[i : i + k] for i in range(len(t) - k + 1)}


def minhash(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of the text's character 3-gram shingles."""
    sh = shingles(text)
    if not sh:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    h = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in sh), dtype=np.uint64, count=len(sh))
    perm = (np.outer(h, _A) + _B) % np.uint64(_PRIME)
    return (perm.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def signature_bytes(text: str) -> bytes:
    return minhash(text).tobytes()


def jaccard_estimate(sig_a: bytes | np.ndarray, sig_b: bytes | np.ndarray) -> float:
    a = np.frombuffer(sig_a, dtype=np.uint32) if isinstance(sig_a, bytes | bytearray | memoryview) else sig_a
    b = np.frombuffer(sig_b, dtype=np.uint32) if isinstance(sig_b, bytes | bytearray | memoryview) else sig_b
    return float(np.mean(a == b))


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def cosine(a: str, b: str) -> float:
    """Cosine of the two texts' sublinear term vectors (no idf): symmetric, 1.0 for identical texts."""
    ta, tb = terms(a), terms(b)
    if not ta or not tb:
        return 1.0 if clean(a) == clean(b) else 0.0
    dot = sum(w * tb.get(t, 0.0) for t, w in ta.items())
    na = math.sqrt(sum(w * w for w in ta.values()))
    nb = math.sqrt(sum(w * w for w in tb.values()))
    return min(1.0, dot / (na * nb))


def doc_vector(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The stored form of a document: its DOC_TERMS strongest hashed terms and their L2-normalised weights."""
    t = terms(text)
    if not t:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    items = sorted(t.items(), key=lambda kv: -kv[1])[:DOC_TERMS]
    ids = np.array([k for k, _ in items], dtype=np.int32)
    w = np.array([v for _, v in items], dtype=np.float32)
    return ids, w / np.linalg.norm(w)


def pack(ids: np.ndarray, weights: np.ndarray) -> bytes:
    return ids.astype(np.int32).tobytes() + weights.astype(np.float32).tobytes()


def unpack(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = len(blob) // 8
    return np.frombuffer(blob[: 4 * n], dtype=np.int32), np.frombuffer(blob[4 * n :], dtype=np.float32)


@dataclass(frozen=True)
class Match:
    source: str
    object_id: str
    score: float
    exact: bool = False
    near: bool = False
    year: int | None = None


class SimilarIndex:
    """Rows are numbered in insertion order; `keys[row]` says which (source, object_id) a row holds."""

    def __init__(self, merge_at: int = 20000):
        self.merge_at = merge_at
        self.keys: list[Key] = []
        self.years: list[int | None] = []
        self.hashes: list[str] = []
        self.row_of: dict[Key, int] = {}
        self.by_hash: dict[str, set[int]] = {}
        self.df = np.zeros(DIM, dtype=np.int32)
        self.main = sp.csc_matrix((0, DIM), dtype=np.float32)
        self.main_rows = 0
        self.delta: list[tuple[np.ndarray, np.ndarray]] = []
        self.dead: set[int] = set()

    @property
    def size(self) -> int:
        return len(self.row_of)

    def bulk_load(self, items: Iterable[tuple[str, str, int | None, str, bytes]]) -> None:
        """Load (source, object_id, year, text_hash, packed vector) rows at once (rebuild from the table)."""
        indptr, indices, data = [0], [], []
        for source, object_id, year, th, blob in items:
            ids, w = unpack(blob)
            self._register((source, str(object_id)), year, th)
            indices.append(ids)
            data.append(w)
            indptr.append(indptr[-1] + len(ids))
            self.df[ids] += 1
        self._absorb(indptr, indices, data)

    def _register(self, key: Key, year, th: str) -> int:
        old = self.row_of.get(key)
        if old is not None:
            self._kill(old)
        row = len(self.keys)
        self.keys.append(key)
        self.years.append(year)
        self.hashes.append(th)
        self.row_of[key] = row
        self.by_hash.setdefault(th, set()).add(row)
        return row

    def _kill(self, row: int) -> None:
        self.dead.add(row)
        self.by_hash.get(self.hashes[row], set()).discard(row)

    def _absorb(self, indptr, indices, data) -> None:
        if len(indptr) == 1:
            return
        csr = sp.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, np.float32),
                np.concatenate(indices) if indices else np.zeros(0, np.int32),
                np.array(indptr, dtype=np.int64),
            ),
            shape=(len(indptr) - 1, DIM),
        )
        self.main = sp.vstack([self.main.tocsr(), csr]).tocsc() if self.main_rows else csr.tocsc()
        self.main_rows += len(indptr) - 1

    def upsert(self, source: str, object_id, year: int | None, th: str, blob: bytes) -> None:
        ids, w = unpack(blob)
        self._register((source, str(object_id)), year, th)
        self.delta.append((ids, w))
        self.df[ids] += 1
        if len(self.delta) >= self.merge_at:
            self._merge()

    def _merge(self) -> None:
        indptr, indices, data = [0], [], []
        for ids, w in self.delta:
            indices.append(ids)
            data.append(w)
            indptr.append(indptr[-1] + len(ids))
        self.delta = []
        self._absorb(indptr, indices, data)

    def remove(self, source: str, object_id) -> None:
        row = self.row_of.pop((source, str(object_id)), None)
        if row is not None:
            self._kill(row)

    def query(
        self,
        text: str,
        *,
        top: int = 10,
        exclude: Iterable[tuple[str, object]] = (),
        signature_of=None,
        sources: Iterable[str] | None = None,
    ) -> list[Match]:
        """Most similar indexed items to `text`, among `sources` only when given (so that another source's
        items never take the places of the asker's own). `signature_of(keys) -> {key: signature bytes}`
        supplies stored MinHash signatures for the near-duplicate flag (the service reads them from the
        table)."""
        excluded = {(s, str(o)) for s, o in exclude}
        wanted = None if sources is None else frozenset(sources)
        q_ids, q_w = doc_vector(text)
        th = text_hash(text)
        scores: dict[int, float] = {}
        if len(q_ids):
            # terms found in more than COMMON_SHARE of the items say little and cost most: skip them
            common = self.df[q_ids] > max(COMMON_MIN, COMMON_SHARE * self.size)
            if common.all():
                common[np.argsort(self.df[q_ids])[:3]] = False
            qw = np.where(common, 0.0, q_w).astype(np.float32)
            order = np.argsort(-qw)[: min(QUERY_TERMS, int((~common).sum()))]
            q_ids, qw = q_ids[order], qw[order]
            qw = qw / np.linalg.norm(qw)
            if self.main_rows:
                acc = self.main[:, q_ids] @ qw
                k = min(CANDIDATES, len(acc))
                cand = np.argpartition(-acc, k - 1)[:k] if k < len(acc) else np.arange(len(acc))
                for r in cand:
                    if acc[r] > 0:
                        scores[int(r)] = float(acc[r])
            qmap = dict(zip(q_ids.tolist(), qw.tolist(), strict=True))
            for i, (ids, w) in enumerate(self.delta):
                s = sum(qmap.get(t, 0.0) * float(x) for t, x in zip(ids.tolist(), w.tolist(), strict=True))
                if s > 0:
                    scores[self.main_rows + i] = s
        for r in self.by_hash.get(th, ()):  # exact duplicates always come first
            scores[r] = max(scores.get(r, 0.0), 1.0)
        live = [
            (r, s)
            for r, s in scores.items()
            if r not in self.dead
            and self.keys[r] not in excluded
            and (wanted is None or self.keys[r][0] in wanted)
        ]
        live.sort(key=lambda rs: -rs[1])
        live = live[: max(top * 3, top)]
        sigs = signature_of([self.keys[r] for r, _ in live]) if signature_of and live else {}
        qsig = minhash(text) if sigs else None
        out = []
        for r, s in live:
            exact = self.hashes[r] == th
            score = 1.0 if exact else min(round(s, 4), 0.9999)
            sig = sigs.get(self.keys[r])
            near = (
                exact
                or score >= NEAR_SCORE
                or (sig is not None and qsig is not None and jaccard_estimate(qsig, sig) >= NEAR_JACCARD)
            )
            out.append(Match(self.keys[r][0], self.keys[r][1], score, exact, bool(near), self.years[r]))
        out.sort(key=lambda m: (-m.exact, -m.near, -m.score))
        return out[:top]


def is_near(a: str, b: str) -> tuple[bool, bool, float]:
    """(exact, near, score) of a pair, by the rules the index uses: exact when the cleaned texts are equal;
    near when exact, or the term cosine ≥ NEAR_SCORE, or the character 3-gram Jaccard ≥ NEAR_JACCARD."""
    exact = clean(a) == clean(b)
    score = 1.0 if exact else cosine(a, b)
    return exact, exact or score >= NEAR_SCORE or jaccard(a, b) >= NEAR_JACCARD, score
