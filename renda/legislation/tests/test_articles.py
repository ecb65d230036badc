"""The article parser and diff on real-shaped Chinese regulation texts (issue 17, acceptance)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.numerals import chinese_number
from renda.legislation import articles
from renda.legislation.articles import Kind
from renda.legislation.samples import FIRST, SECOND


@pytest.mark.parametrize(
    ("text", "n"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两百", 200), ("37", 37)],
)
def test_parse_number(text, n):
    assert articles.parse_number(text) == n


@given(st.integers(1, 9999))
def test_parse_number_reads_what_numerals_write(n):
    assert articles.parse_number(chinese_number(n)) == n


def test_parse_chapters_articles_paragraphs_items():
    reg = articles.parse(FIRST)
    assert reg.title == "江城市养犬管理条例（草案）"
    assert reg.chapters == [
        "第一章　总则",
        "第二章　养犬登记",
        "第三章　法律责任",
    ]  # the contents not doubled
    assert [a.number for a in reg.articles] == list(range(1, 10))
    fourth = reg.articles[3]
    assert fourth.label == "第四条" and fourth.chapter == "第一章　总则"
    assert [p.text for p in fourth.paragraphs] == [
        "市、区人民政府应当加强对养犬管理工作的领导，建立养犬管理工作协调机制。",
        "公安机关是养犬管理工作的主管部门。",
    ]
    sixth = reg.articles[5]
    assert len(sixth.paragraphs) == 1 and sixth.paragraphs[0].items == [
        "（一）养犬人身份证明；",
        "（二）犬只狂犬病免疫证明；",
        "（三）犬只照片。",
    ]
    assert reg.articles[7].chapter == "第三章　法律责任"


def test_parse_refuses_a_gap_naming_the_line():
    with pytest.raises(articles.ParseError) as exc:
        articles.parse("某条例\n第一条　甲。\n第三条　乙。\n")
    assert exc.value.line == 3 and "应为第二条" in str(exc.value)
    with pytest.raises(articles.ParseError):
        articles.parse("只有标题\n没有条文")


def _by_new(d, label):
    return next(c for c in d.changes if c.new is not None and c.new.label == label)


def test_diff_between_readings():
    d = articles.diff(articles.parse(FIRST), articles.parse(SECOND))
    kinds = [(c.old.label if c.old else None, c.new.label if c.new else None, c.kind) for c in d.changes]
    assert kinds == [
        ("第一条", "第一条", Kind.UNCHANGED),
        ("第二条", "第二条", Kind.UNCHANGED),
        (None, "第三条", Kind.ADDED),
        ("第三条", "第四条", Kind.RENUMBERED),
        ("第四条", "第五条", Kind.RENUMBERED),
        ("第五条", "第六条", Kind.CHANGED),
        ("第六条", "第七条", Kind.CHANGED),  # an item added
        ("第七条", "第八条", Kind.CHANGED),  # its second paragraph moved out
        (None, "第九条", Kind.ADDED),  # the moved paragraph as an article of its own
        ("第八条", "第十条", Kind.CHANGED),  # its cross-reference renumbered
        ("第九条", None, Kind.REMOVED),
    ]
    assert d.summary == {"unchanged": 2, "renumbered": 2, "changed": 4, "added": 2, "removed": 1, "moved": 1}


def test_diff_marks_the_moved_paragraph_on_both_sides():
    d = articles.diff(articles.parse(FIRST), articles.parse(SECOND))
    eighth = _by_new(d, "第八条")
    assert [p.kind for p in eighth.paragraphs] == ["same", "moved_out"]
    assert eighth.paragraphs[1].other == "第九条"
    ninth = _by_new(d, "第九条")
    assert [(p.kind, p.other) for p in ninth.paragraphs] == [("moved_in", "第七条")]


def test_diff_spans_show_the_words_changed():
    d = articles.diff(articles.parse(FIRST), articles.parse(SECOND))
    sixth = _by_new(d, "第六条")
    (para,) = sixth.paragraphs
    assert para.kind == "changed"
    assert [s.text for s in para.spans if s.op == "insert"] == ["或者犬只满三个月"]
    assert not [s for s in para.spans if s.op == "delete"]
    seventh = _by_new(d, "第七条")
    inserted = "".join(s.text for s in seventh.paragraphs[0].spans if s.op == "insert")
    assert "（四）犬只植入电子标识的证明" in inserted
    tenth = _by_new(d, "第十条")
    assert [(s.op, s.text) for s in tenth.paragraphs[0].spans if s.op != "equal"] == [
        ("delete", "五"),
        ("insert", "六"),
    ]


def test_diff_with_itself_is_unchanged():
    reg = articles.parse(FIRST)
    d = articles.diff(reg, reg)
    assert {c.kind for c in d.changes} == {Kind.UNCHANGED}


_para = st.text(alphabet="市区人民政府应当加强养犬管理工作的领导公安机关", min_size=8, max_size=30)


@given(st.lists(st.lists(_para, min_size=1, max_size=3), min_size=1, max_size=8), st.data())
def test_diff_accounts_for_every_article(old_bodies, data):
    """Every article of each version appears exactly once; renumbering alone never shows as changed."""
    new_bodies = data.draw(st.permutations(old_bodies)) if data.draw(st.booleans()) else old_bodies[1:]

    def text(bodies):
        return "标题\n" + "\n".join(
            f"第{chinese_number(i)}条　" + "\n".join(b) for i, b in enumerate(bodies, start=1)
        )

    if not new_bodies:
        return
    old, new = articles.parse(text(old_bodies)), articles.parse(text(new_bodies))
    d = articles.diff(old, new)
    assert sorted(c.old.number for c in d.changes if c.old) == list(range(1, len(old_bodies) + 1))
    assert [c.new.number for c in d.changes if c.new] == list(range(1, len(new_bodies) + 1))
    for c in d.changes:
        if c.old and c.new and c.old.body == c.new.body:
            assert c.kind in (Kind.UNCHANGED, Kind.RENUMBERED)
