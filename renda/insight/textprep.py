"""Text preparation shared by routing, similar items and hot topics: pure functions, no Django."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

_SPACE = re.compile(r"\s+")
_MASKED_PLACE = re.compile(r"[A-Za-z]\d*(?=[省市区县镇乡])")
_DIGITS = re.compile(r"\d+")


# Function words skipped by similar items and hot topics alike (topics adds a few of its own).
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "是",
        "在",
        "我",
        "我们",
        "你",
        "您",
        "他",
        "她",
        "也",
        "都",
        "就",
        "与",
        "及",
        "或",
        "有",
        "没有",
        "这",
        "那",
        "一个",
        "对",
        "为",
        "被",
        "把",
        "请",
        "能",
        "不",
        "要",
        "会",
        "等",
        "中",
        "上",
        "下",
    ]
)


BOILERPLATE_FILE = Path(__file__).resolve().parent / "data" / "boilerplate.txt"


@lru_cache(maxsize=1)
def boilerplate() -> tuple[frozenset[str], frozenset[str]]:
    """The stop-list of 公文套话 shipped in data/boilerplate.txt: (phrases that end what stands before them —
    推进、切实做好、着力 …, every phrase of the list — those and 工作、方面、群众反映较多 …)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in BOILERPLATE_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    phrases = frozenset(sections.get("套话", []))
    return phrases, phrases | frozenset(sections.get("泛词", []))


def is_boilerplate(word: str) -> bool:
    """True for a phrase of the 公文套话 stop-list (推进、进一步、切实做好、着力 …)."""
    return word in boilerplate()[1]


def clean(text: str) -> str:
    """NFKC, drop all whitespace (including \\u3000 and tabs)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def normalize(text: str) -> str:
    """`clean`, then fold masked place codes (A3区 → 区) and digit runs (→ 0): they say little about a
    topic."""
    return _DIGITS.sub("0", _MASKED_PLACE.sub("", clean(text)))


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def words(text: str) -> list[str]:
    """jieba words of a text, punctuation dropped."""
    return [w for w in _tokenizer().lcut(text) if w.strip() and not _is_punct(w)]


def search_words(text: str) -> list[str]:
    """jieba's search-engine mode: the words of `words`, each long one preceded by its dictionary
    sub-words (停车位 → 停车, 车位, 停车位). Punctuation dropped."""
    return [w for w in _tokenizer().lcut_for_search(text) if w.strip() and not _is_punct(w)]


@lru_cache(maxsize=1 << 16)
def _is_punct(w: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in w)


@lru_cache(maxsize=1)
def _freq() -> tuple[dict, float]:
    tok = _tokenizer()
    return tok.FREQ, float(tok.total)


def static_idf(word: str) -> float:
    """An idf from jieba's own word-frequency dictionary (shipped with the package): rare and unknown words
    (place and estate names) weigh most. Lets a single text be weighted without a corpus."""
    freq, total = _freq()
    return math.log(total / (freq.get(word, 0) + 1.0))
