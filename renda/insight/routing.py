"""Routing: a text classifier that proposes a category (or a handling unit) with a confidence.
Pure: no Django.

Features (measured best on the shared labelled messages, see docs/benchmarks.md): TF-IDF (sublinear tf)
over character 1–3-grams of the normalised text whose first 30 characters (the title) are repeated
three times, plus TF-IDF over jieba words in search-engine mode (each long word also gives its
dictionary sub-words, 交通运输 → 交通, 运输, 交通运输; the first 8 words repeated twice); a linear SVM
with balanced class weights. Confidences are a softmax of the SVM margins, so that the proposals of
one text sum to 1.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from renda.insight.textprep import normalize, search_words

MIN_SAMPLES = 30
MIN_LABELS = 2
MIN_PER_LABEL_FOR_CV = 2
SEED = 42
HEAD_CHARS = 30
HEAD_REPEAT = 3
HEAD_WORDS = 8
WORD_CHARS = 1500
SOFTMAX_TEMPERATURE = 0.5
# texts whose words are kept: training both kinds and checking them on the latest items segments every text
# four times (the seed's rebuild, an import's); jieba's segmenting is most of a fit's time
WORD_CACHE = 8192


class TooLittleHistory(ValueError):
    """Not enough labelled items to train: the caller proposes nothing and says why."""


def history_problem(labels: Sequence[str]) -> str | None:
    """Why `labels` are too few to train on, or None. Messages are Chinese ids for gettext at the edge."""
    if len(labels) < MIN_SAMPLES:
        return f"历史数据不足：至少需要 {MIN_SAMPLES} 条已分类的记录"
    if len(set(labels)) < MIN_LABELS:
        return f"历史数据不足：至少需要 {MIN_LABELS} 个不同的类别"
    return None


def _identity(tokens):
    return tokens


def _char_doc(norm: str) -> str:
    return (norm[:HEAD_CHARS] + "|") * HEAD_REPEAT + norm


def _word_doc(norm: str) -> list[str]:
    # words of the first WORD_CHARS characters: segmenting is most of a proposal's time, and the rest of
    # a very long message changes no measured figure (CV macro-F1 0.9026 with the cap, 0.9025 without)
    w = list(_head_words(norm[:WORD_CHARS]))
    return w[:HEAD_WORDS] * 2 + w


@lru_cache(maxsize=WORD_CACHE)
def _head_words(head: str) -> tuple[str, ...]:
    return tuple(search_words(head))


@dataclass
class RoutingPipeline:
    """The fitted model: two vectorisers and a linear SVM. Picklable (stored as bytes in RoutingModel)."""

    C: float = 1.0
    char_range: tuple[int, int] = (1, 3)
    min_df: int = 2
    labels: list[str] = field(default_factory=list)

    def _vectorisers(self, n: int):
        min_df = self.min_df if n >= 200 else 1
        self.char_vec = TfidfVectorizer(
            analyzer="char", ngram_range=self.char_range, sublinear_tf=True, min_df=min_df, dtype=np.float32
        )
        self.word_vec = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, min_df=min_df, dtype=np.float32
        )

    def _features(self, texts: Sequence[str], *, fit: bool = False):
        norms = [normalize(t) for t in texts]
        chars = [_char_doc(t) for t in norms]
        toks = [_word_doc(t) for t in norms]
        if fit:
            return sp.hstack([self.char_vec.fit_transform(chars), self.word_vec.fit_transform(toks)]).tocsr()
        return sp.hstack([self.char_vec.transform(chars), self.word_vec.transform(toks)]).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[str], *, check: bool = True) -> RoutingPipeline:
        problem = history_problem(labels) if check else None
        if problem:
            raise TooLittleHistory(problem)
        self._vectorisers(len(texts))
        X = self._features(texts, fit=True)
        self.svm = LinearSVC(C=self.C, class_weight="balanced", random_state=SEED).fit(X, list(labels))
        self.labels = [str(c) for c in self.svm.classes_]
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Softmax-ed margins: one row per text, one column per label (self.labels), rows sum to 1."""
        d = self.svm.decision_function(self._features(texts))
        if d.ndim == 1:  # two classes: margin of the second
            d = np.column_stack([-d, d])
        e = np.exp((d - d.max(axis=1, keepdims=True)) / SOFTMAX_TEMPERATURE)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[str]:
        s = self.scores(texts)
        return [self.labels[i] for i in s.argmax(axis=1)]

    def propose(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        s = self.scores([text])[0]
        order = np.argsort(-s)[:top]
        return [(self.labels[i], round(float(s[i]), 4)) for i in order]


def train(samples: Iterable[tuple[str, str]], **params) -> tuple[RoutingPipeline, dict]:
    texts, labels = _split(samples)
    started = time.perf_counter()
    model = RoutingPipeline(**params).fit(texts, labels)
    figures = {
        "n": len(texts),
        "labels": dict(sorted(Counter(labels).items())),
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    return model, figures


def _split(samples: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for text, label in samples:
        if text and str(text).strip() and label and str(label).strip():
            texts.append(str(text))
            labels.append(str(label).strip())
    return texts, labels


def metrics(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    labels = sorted(set(truth) | set(predicted))
    per_class = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro", zero_division=0)), 4),
        "per_class_f1": {lab: round(float(v), 4) for lab, v in zip(labels, per_class, strict=True)},
        "n": len(truth),
    }


RECENT = 50  # the routing page's figure: of the latest N items, M were routed as staff assigned them
RECENT_MIN = 5


def recent_check(
    samples: Sequence[tuple[str, str]],
    *,
    extra: Sequence[tuple[str, str]] = (),
    n: int = RECENT,
    **params,
) -> dict | None:
    """How the model would have done on the latest items, in a clerk's words ("最近 50 件中 41 件分对"):
    trained on all but the latest `n` of `samples` (given latest first, as the training sources yield them)
    plus `extra` (the duties prior), tested on those `n`. None when the history is too short to spare them
    (n is at most a fifth of it, and at least RECENT_MIN)."""
    texts, labels = _split(samples)
    n = min(n, len(texts) // 5)
    if n < RECENT_MIN:
        return None
    train_t, train_l = _split([*zip(texts[n:], labels[n:], strict=True), *extra])
    if history_problem(train_l):
        return None
    model = RoutingPipeline(**params).fit(train_t, train_l, check=False)
    predicted = model.predict(texts[:n])
    right = sum(p == t for p, t in zip(predicted, labels[:n], strict=True))
    return {"n": n, "right": int(right), "share": round(right / n, 4)}


def cross_validate(
    samples: Iterable[tuple[str, str]],
    *,
    folds: int = 5,
    seed: int = SEED,
    extra: Sequence[tuple[str, str]] = (),
    **params,
) -> dict:
    """Stratified k-fold CV with a fixed seed; labels with fewer than `folds` items are kept in every
    training set only (they cannot be stratified), and so are the `extra` samples (the duties prior)."""
    texts, labels = _split(samples)
    problem = history_problem(labels)
    if problem:
        raise TooLittleHistory(problem)
    counts = Counter(labels)
    y = np.array(labels)
    X = np.array(texts, dtype=object)
    ok = np.array([counts[lab] >= folds for lab in labels])
    idx = np.flatnonzero(ok)
    rare = np.flatnonzero(~ok)
    if len(set(y[idx])) < MIN_LABELS:
        raise TooLittleHistory(f"历史数据不足：每个类别至少需要 {folds} 条记录才能交叉验证")
    predicted = np.empty(len(idx), dtype=object)
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    extra_t, extra_l = _split(extra)
    for tr, te in skf.split(idx, y[idx]):
        train_idx = np.concatenate([idx[tr], rare])
        model = RoutingPipeline(**params).fit(
            list(X[train_idx]) + extra_t, list(y[train_idx]) + extra_l, check=False
        )
        predicted[te] = model.predict(list(X[idx[te]]))
    result = metrics(list(y[idx]), list(predicted))
    result["folds"] = folds
    result["seed"] = seed
    return result
