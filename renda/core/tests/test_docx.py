"""The official-format Word writer (GB/T 9704): read back with python-docx."""

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn

from renda.core.docx import BODY_FONT, TITLE_FONT, OfficialDocument, date_text


def _build():
    doc = OfficialDocument(
        issuer="江临市人民代表大会常务委员会办公厅",
        number="江人常办〔2026〕3号",
        title="关于代表建议办理情况的报告",
        recipient="市人大常委会",
        date=dt.date(2026, 12, 6),
    )
    doc.heading("一、总体情况")
    doc.heading("（一）交办", level=2)
    n = doc.attach("各承办单位办理情况", ["承办单位", "件数"], [("市教育局", 3), ("市民政局", 2)])
    doc.paragraph(f"各承办单位办理情况见附件{n}。")
    doc.attach("逾期未答复件", ["编号", "标题"], [])
    return Document(io.BytesIO(doc.to_bytes()))


def _east_asia(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def _paragraph(doc, text):
    return next(p for p in doc.paragraphs if text in p.text)


def test_page_is_a4_with_the_standard_margins():
    section = _build().sections[0]
    mm = lambda length: round(length / 36000, 1)  # noqa: E731  (EMU; Word stores twentieths of a point)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == 37 and mm(section.left_margin) == 28
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_header_title_and_body_fonts_are_named():
    doc = _build()
    issuer = _paragraph(doc, "办公厅").runs[0]
    assert issuer.font.name == TITLE_FONT and _east_asia(issuer) == TITLE_FONT
    assert str(issuer.font.color.rgb) == "FF0000"
    number = _paragraph(doc, "〔2026〕3号")
    assert number.runs[0].font.name == BODY_FONT
    assert number._p.pPr.find(qn("w:pBdr")) is not None  # the red rule under the number
    title = _paragraph(doc, "关于代表建议办理情况的报告").runs[0]
    assert title.font.name == TITLE_FONT and title.font.size.pt == 22
    body = _paragraph(doc, "各承办单位办理情况见附件1").runs[0]
    assert _east_asia(body) == BODY_FONT and body.font.size.pt == 16
    assert _east_asia(_paragraph(doc, "一、总体情况").runs[0]) == "黑体"
    assert _east_asia(_paragraph(doc, "（一）交办").runs[0]) == "楷体_GB2312"


def test_page_numbers_are_a_page_field_between_dashes_odd_right_even_left():
    doc = _build()
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert section.footer.paragraphs[0].alignment == 2  # right
    assert section.even_page_footer.paragraphs[0].alignment == 0  # left


def test_attachments_are_listed_then_laid_out_each_on_its_own_page():
    doc = _build()
    texts = [p.text for p in doc.paragraphs]
    assert "附件：1．各承办单位办理情况" in texts and "2．逾期未答复件" in texts
    assert (
        "江临市人民代表大会常务委员会办公厅" in texts and date_text(dt.date(2026, 12, 6)) == "2026年12月6日"
    )
    assert texts.index("2026年12月6日") < texts.index("附件1") < texts.index("附件2")
    first, second = doc.tables
    assert [c.text for c in first.rows[0].cells] == ["承办单位", "件数"]
    assert [c.text for c in first.rows[1].cells] == ["市教育局", "3"]
    assert first.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert second.rows[1].cells[0].text == "无"


def test_fonts_are_not_embedded():
    doc = _build()
    assert doc.settings.element.find(qn("w:embedTrueTypeFonts")) is None
