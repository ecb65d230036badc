"""A Chinese regulation's text as articles, and the diff of two versions by article (pure; no Django).

A regulation is written in 章 (chapters, optionally 节 sections), 条 (articles), 款 (paragraphs: the lines of
an article) and 项 (items: "（一）…" lines under a paragraph) — 立法技术规范（试行）（一）,
全国人大常委会法工委 2009. `parse` reads such a text; `diff` pairs the articles of two versions by their
content, not by number, so that a clerk sees at a glance which articles were added, changed, removed or
only renumbered, and which paragraph moved from one article to another.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from renda.core.numerals import chinese_number

_NUM = "零〇一二两三四五六七八九十百千"
_ARTICLE = re.compile(rf"^第([{_NUM}\d]+)条(?:[\s\u3000]+|$)(.*)$")
_CHAPTER = re.compile(rf"^第([{_NUM}\d]+)章[\s\u3000]*(.*)$")
_SECTION = re.compile(rf"^第([{_NUM}\d]+)节[\s\u3000]*(.*)$")
_ITEM = re.compile(rf"^[（(]([{_NUM}\d]+)[）)]")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}

SIMILAR = 0.5  # two articles at least this alike (difflib ratio) are one article changed
MOVED = 0.9  # a paragraph at least this alike in another article moved there


def parse_number(text: str) -> int:
    """Chinese numerals (or digits) as in 第一百零五条: "一百零五" → 105, "十二" → 12, "二十" → 20."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


@dataclass
class Paragraph:
    """A 款: its text and its 项 (each "（一）…" line under it)."""

    text: str
    items: list[str] = field(default_factory=list)

    @property
    def full(self) -> str:
        return "\n".join([self.text, *self.items])


@dataclass
class Article:
    number: int
    chapter: str  # "第一章　总则" or ""
    paragraphs: list[Paragraph]

    @property
    def label(self) -> str:
        return f"第{chinese_number(self.number)}条"

    @property
    def body(self) -> str:
        return "\n".join(p.full for p in self.paragraphs)


@dataclass
class Regulation:
    title: str
    chapters: list[str]
    articles: list[Article]


class ParseError(ValueError):
    """`line`: the line at fault (0: the whole text); `expected`: the number that line should carry."""

    def __init__(self, message: str, line: int, expected: int = 0) -> None:
        super().__init__(message)
        self.line, self.expected = line, expected


def parse(text: str) -> Regulation:
    """A regulation's text: a title line, then 章/节 headings, 条 lines and their 款 and 项 lines. Articles
    must be numbered 1, 2, 3 … in order (else ParseError naming the line)."""
    title, chapter = "", ""
    chapters: list[str] = []
    articles: list[Article] = []
    in_contents = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        compact = line.replace(" ", "")
        if compact == "目录":
            in_contents = True
            continue
        m = _CHAPTER.match(line)
        if m:
            heading = f"第{m.group(1)}章　{m.group(2).strip()}".rstrip("　")
            if in_contents and heading in chapters:
                in_contents = False  # the body starts where the contents' first heading repeats
                chapters = []
            chapter = heading
            chapters.append(heading)
            continue
        if in_contents:
            continue
        if _SECTION.match(line):
            continue  # sections group articles inside a chapter; the diff is by article
        m = _ARTICLE.match(line)
        if m:
            number = parse_number(m.group(1))
            expected = len(articles) + 1
            if number != expected:
                raise ParseError(
                    f"第{lineno}行：应为第{chinese_number(expected)}条，实为“{line[:12]}”", lineno, expected
                )
            first = m.group(2).strip()
            articles.append(Article(number, chapter, [Paragraph(first)] if first else []))
            continue
        if not articles:
            if not title:
                title = line
            continue  # a preamble line before the first article
        article = articles[-1]
        if _ITEM.match(line) and article.paragraphs:
            article.paragraphs[-1].items.append(line)
        else:
            article.paragraphs.append(Paragraph(line))
    if not articles:
        raise ParseError("未找到任何条文（每条应以“第一条”等开头）", 0)
    return Regulation(title, chapters, articles)


# --- the diff ---------------------------------------------------------------------------------------------


class Kind(StrEnum):
    UNCHANGED = "unchanged"
    RENUMBERED = "renumbered"  # the same text under another number
    CHANGED = "changed"  # the text changed (perhaps renumbered too)
    ADDED = "added"
    REMOVED = "removed"


@dataclass
class Span:
    op: str  # "equal", "delete", "insert"
    text: str


@dataclass
class ParagraphChange:
    kind: str  # "same", "changed", "added", "removed", "moved_in", "moved_out"
    old: str = ""
    new: str = ""
    spans: list[Span] = field(default_factory=list)
    other: str = ""  # for a moved paragraph: the article it came from or went to ("第五条")


@dataclass
class ArticleChange:
    kind: Kind
    old: Article | None
    new: Article | None
    paragraphs: list[ParagraphChange] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number


@dataclass
class Diff:
    changes: list[ArticleChange]

    def count(self, kind: Kind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def summary(self) -> dict[str, int]:
        return {k.value: self.count(k) for k in Kind} | {
            "moved": sum(1 for c in self.changes for p in c.paragraphs if p.kind == "moved_in")
        }


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b), autojunk=False).ratio()


def _alike(a: Article, b: Article) -> float:
    """How alike two articles are: their whole text and, equally, their first paragraph (the article that
    keeps its opening paragraph is the same article, even when a later paragraph moved away)."""
    first_a = a.paragraphs[0].full if a.paragraphs else ""
    first_b = b.paragraphs[0].full if b.paragraphs else ""
    return (_ratio(a.body, b.body) + _ratio(first_a, first_b)) / 2


def spans(old: str, new: str) -> list[Span]:
    """A character diff of two texts (Chinese has no word spaces) as equal/delete/insert spans."""
    out: list[Span] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Span("equal", old[i1:i2]))
            continue
        if i2 > i1:
            out.append(Span("delete", old[i1:i2]))
        if j2 > j1:
            out.append(Span("insert", new[j1:j2]))
    return out


def _pair_articles(old: list[Article], new: list[Article]) -> dict[int, int]:
    """Old index → new index: identical bodies first (in order), then the most alike pairs above SIMILAR,
    a same-number pair winning a tie."""
    pairs: dict[int, int] = {}
    used_new: set[int] = set()
    by_body: dict[str, list[int]] = {}
    for j, a in enumerate(new):
        by_body.setdefault(_norm(a.body), []).append(j)
    for i, a in enumerate(old):
        candidates = [j for j in by_body.get(_norm(a.body), []) if j not in used_new]
        if candidates:
            pairs[i] = candidates[0]
            used_new.add(candidates[0])
    scored = []
    for i, a in enumerate(old):
        if i in pairs:
            continue
        for j, b in enumerate(new):
            if j in used_new:
                continue
            r = _alike(a, b)
            if r >= SIMILAR:
                scored.append((-r, abs(a.number - b.number), i, j))
    for _r, _d, i, j in sorted(scored):
        if i not in pairs and j not in used_new:
            pairs[i] = j
            used_new.add(j)
    return pairs


def _pair_paragraphs(old: list[Paragraph], new: list[Paragraph]) -> list[tuple[int | None, int | None]]:
    """The paragraphs of one article paired in order (difflib on their texts, then alike replacements)."""
    a = [_norm(p.full) for p in old]
    b = [_norm(p.full) for p in new]
    out: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        while olds and news:
            i, j = olds[0], news[0]
            if _ratio(a[i], b[j]) >= SIMILAR:
                out.append((i, j))
                olds.pop(0)
                news.pop(0)
            elif len(olds) >= len(news):
                out.append((olds.pop(0), None))
            else:
                out.append((None, news.pop(0)))
        out += [(i, None) for i in olds] + [(None, j) for j in news]
    return out


def diff(old_reg: Regulation, new_reg: Regulation) -> Diff:
    """The changes from `old_reg` to `new_reg`, article by article in the new order (a removed article after
    the one that preceded it), with each changed article's paragraphs and character spans, and paragraphs
    that moved between articles marked on both sides."""
    old, new = old_reg.articles, new_reg.articles
    pairs = _pair_articles(old, new)
    of_new = {j: i for i, j in pairs.items()}

    # paragraphs that left one article and appear, alike, in another
    loose_old: list[tuple[int, int]] = []  # (article, paragraph) unpaired inside their own article
    loose_new: list[tuple[int, int]] = []
    inner: dict[int, list[tuple[int | None, int | None]]] = {}
    for j, b in enumerate(new):
        i = of_new.get(j)
        pp: list[tuple[int | None, int | None]] = (
            _pair_paragraphs(old[i].paragraphs, b.paragraphs)
            if i is not None
            else [(None, k) for k in range(len(b.paragraphs))]
        )
        inner[j] = pp
        loose_new += [(j, k) for _o, k in pp if _o is None and k is not None]
    for i, a in enumerate(old):
        if i in pairs:
            loose_old += [(i, o) for o, k in inner[pairs[i]] if k is None and o is not None]
        else:
            loose_old += [(i, o) for o in range(len(a.paragraphs))]
    moved_new: dict[tuple[int, int], tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for j, k in loose_new:
        text = new[j].paragraphs[k].full
        best = max(
            (
                (_ratio(old[i].paragraphs[o].full, text), (i, o))
                for i, o in loose_old
                if (i, o) not in taken and pairs.get(i) != j
            ),
            default=(0.0, None),
        )
        if best[1] is not None and best[0] >= MOVED:
            moved_new[(j, k)] = best[1]
            taken.add(best[1])
    moved_old = {v: k for k, v in moved_new.items()}

    def article_change(i: int | None, j: int | None) -> ArticleChange:
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        paras: list[ParagraphChange] = []
        if j is not None:
            for o, k in inner[j]:
                if k is not None and (j, k) in moved_new:
                    src = moved_new[(j, k)]
                    text = new[j].paragraphs[k].full
                    paras.append(
                        ParagraphChange(
                            "moved_in",
                            old[src[0]].paragraphs[src[1]].full,
                            text,
                            spans(old[src[0]].paragraphs[src[1]].full, text),
                            other=old[src[0]].label,
                        )
                    )
                elif o is not None and k is not None and a is not None:
                    ot, nt = a.paragraphs[o].full, new[j].paragraphs[k].full
                    same = _norm(ot) == _norm(nt)
                    paras.append(
                        ParagraphChange("same" if same else "changed", ot, nt, [] if same else spans(ot, nt))
                    )
                elif k is not None:
                    paras.append(ParagraphChange("added", new=new[j].paragraphs[k].full))
                if o is not None and k is None and a is not None:
                    paras.append(_gone(i, o))
        elif a is not None and i is not None:
            paras = [_gone(i, o) for o in range(len(a.paragraphs))]
        if a is None:
            kind = Kind.ADDED
        elif b is None:
            kind = Kind.REMOVED
        elif _norm(a.body) == _norm(b.body):
            kind = Kind.RENUMBERED if a.number != b.number else Kind.UNCHANGED
        else:
            kind = Kind.CHANGED
        return ArticleChange(kind, a, b, paras)

    def _gone(i: int | None, o: int) -> ParagraphChange:
        assert i is not None
        text = old[i].paragraphs[o].full
        if (i, o) in moved_old:
            return ParagraphChange("moved_out", old=text, other=new[moved_old[(i, o)][0]].label)
        return ParagraphChange("removed", old=text)

    changes: list[ArticleChange] = []
    removed_after: dict[int, list[int]] = {}  # new index (-1: before all) → removed old indexes
    for i in range(len(old)):
        if i in pairs:
            continue
        prev = max((pairs[p] for p in range(i) if p in pairs), default=-1)
        removed_after.setdefault(prev, []).append(i)
    for i in removed_after.get(-1, []):
        changes.append(article_change(i, None))
    for j in range(len(new)):
        changes.append(article_change(of_new.get(j), j))
        for i in removed_after.get(j, []):
            changes.append(article_change(i, None))
    return Diff(changes)
