"""Clusters of alike comments on a draft (issue 17: comments are gathered per article, de-duplicated and
clustered, so the lead committee answers a cluster once). Pure: no Django.

It reuses insight's similar-items machinery (renda.insight.similar) as it is: each comment's stored form
(`doc_vector`: its strongest hashed jieba terms, TF-IDF weighted, L2-normalised), the exact-duplicate hash
(`text_hash`) and the near-duplicate MinHash of character 3-grams (`minhash`, `jaccard_estimate`,
`NEAR_JACCARD`). Two comments are as alike as the cosine of their vectors — 1.0 when they are exact or near
duplicates. Comments are grouped by average linkage (a comment joins a cluster only when it is alike, on
average, to all of it — no chaining of A~B~C into one cluster when A and C differ) with a cosine threshold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering

from renda.insight import similar
from renda.insight.textprep import STOPWORDS, normalize, words

SCORE = 0.5  # average likeness above which comments are one cluster (paraphrases 0.55–0.7, other asks < 0.45)
MAX_ITEMS = 3000  # per article: beyond it, only exact duplicates are grouped (the n × n matrix would grow)
KEYWORDS = 4
# words every comment on a regulation says, which tell nothing of what it asks (on top of insight's stopwords)
_COMMON = "建议 意见 希望 认为 应当 应该 可以 是否 条例 本条例 草案 规定 明确 增加 修改 删除 进一步 有关 相关"
_FILLER = "我们 我是 作为 一些 这个 问题 目前 现在 经常 非常 比较 尽量 另外 同时"
COMMENT_STOPWORDS = frozenset(_COMMON.split()) | frozenset(_FILLER.split())


@dataclass(frozen=True)
class Cluster:
    keys: tuple[Hashable, ...]  # the comments, the most representative first
    keywords: tuple[str, ...]  # words most of its comments say

    @property
    def size(self) -> int:
        return len(self.keys)


_CLAUSE = re.compile(r"[，,。；;！!？?\n]+")
# a clause that asks or judges (建议延长、期限太短、罚款偏低、应当明确); a comment's other clauses
# (我家附近经常有狗不拴绳、作为养犬人) say who speaks and why, and are left out of its likeness when it has
# such a clause
_ASKS = re.compile(r"建议|应当|应该|希望|要求|请求|恳请|不宜|不应|太|过于|偏|不够|不足")


def _said(text: str) -> list[str]:
    """The words a comment's likeness is measured on: those of its asking clauses (all when none asks),
    without function words and the words every comment on a regulation says."""
    clauses = [c for c in _CLAUSE.split(normalize(text)) if c.strip()]
    asking = [c for c in clauses if _ASKS.search(c)] or clauses
    return [
        w
        for c in asking
        for w in words(c)
        if len(w) > 1 and w not in STOPWORDS and w not in COMMENT_STOPWORDS
    ]


def similarity(texts: Sequence[str]) -> np.ndarray:
    """The n × n likeness of the texts: their vectors' cosine, 1.0 for exact or near duplicates."""
    n = len(texts)
    indptr, indices, data = [0], [], []
    for text in texts:
        ids, w = similar.doc_vector(" ".join(_said(text)))
        indices.append(ids)
        data.append(w)
        indptr.append(indptr[-1] + len(ids))
    x = sp.csr_matrix(
        (
            np.concatenate(data) if n else np.zeros(0, np.float32),
            np.concatenate(indices) if n else np.zeros(0, np.int32),
            np.array(indptr, dtype=np.int64),
        ),
        shape=(n, similar.DIM),
    )
    s = np.asarray((x @ x.T).todense(), dtype=np.float64)
    signatures = np.stack([similar.minhash(t) for t in texts]) if n else np.zeros((0, similar.NUM_PERM))
    near = (signatures[:, None, :] == signatures[None, :, :]).mean(axis=2) >= similar.NEAR_JACCARD
    hashes = [similar.text_hash(t) for t in texts]
    exact = np.array([[a == b for b in hashes] for a in hashes], dtype=bool) if n else near
    s = np.where(near | exact, 1.0, np.clip(s, 0.0, 1.0))
    np.fill_diagonal(s, 1.0)
    return s


def _keywords(texts: Sequence[str]) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(_said(text)))
    floor = max(2, (len(texts) + 1) // 2)  # said by at least half of the cluster (and by two)
    return tuple(w for w, c in counts.most_common() if c >= floor)[:KEYWORDS]


def cluster(items: Sequence[tuple[Hashable, str]], *, score: float = SCORE) -> list[Cluster]:
    """The items (key, text) in clusters of alike texts, the largest first (ties: in the items' order);
    within a cluster, the comment most alike to the others first. Every item is in exactly one cluster
    (a lone comment is a cluster of one)."""
    if not 0.0 < score <= 1.0:
        raise ValueError("score is in (0, 1]")
    n = len(items)
    if n == 0:
        return []
    texts = [t or "" for _k, t in items]
    if n == 1:
        return [Cluster((items[0][0],), ())]
    if n > MAX_ITEMS:  # exact duplicates only
        by_hash: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            by_hash.setdefault(similar.text_hash(t), []).append(i)
        groups = list(by_hash.values())
        s = None
    else:
        s = similarity(texts)
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - score
        ).fit_predict(1.0 - s)
        grouped: dict[int, list[int]] = {}
        for i, label in enumerate(labels):
            grouped.setdefault(int(label), []).append(i)
        groups = list(grouped.values())
    groups.sort(key=lambda members: (-len(members), min(members)))
    out = []
    for members in groups:
        if s is not None and len(members) > 2:
            inner = s[np.ix_(members, members)].sum(axis=1)
            members = [m for _v, m in sorted(zip(-inner, members, strict=True))]
        out.append(
            Cluster(
                tuple(items[m][0] for m in members),
                _keywords([texts[m] for m in members]) if len(members) > 1 else (),
            )
        )
    return out
