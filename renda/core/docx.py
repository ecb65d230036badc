"""The one Word writer: documents in the official format of GB/T 9704-2012 (党政机关公文格式).

Every Word export builds on :class:`OfficialDocument` — the handling report (reports), the vote and election
result documents (voting). What the standard fixes, and this writer follows:

- A4 (210 × 297 mm); margins 37 mm top (天头), 28 mm left (订口), a type area of 156 × 225 mm, so 26 mm
  right and 35 mm bottom; 22 lines a page (fixed line spacing of 28.95 pt).
- The issuing body (发文机关标志) centred in red 方正小标宋简体; the document number (发文字号, 〔2026〕)
  centred in 仿宋_GB2312 三号 below it; a red rule the width of the type area.
- The title in 方正小标宋简体 二号, centred; the body in 仿宋_GB2312 三号, each paragraph indented two
  characters; headings of the first level (一、) in 黑体, of the second (（一）) in 楷体_GB2312, both 三号.
- The list of attachments (附件：1．…) after the body, then the signature and the date (Arabic numerals), then
  each attachment on its own page: 附件1 in 黑体 top left, its title centred, its table.
- Page numbers "— 1 —" in 宋体 四号 in the footer: odd pages right, even pages left (a PAGE field, so Word
  numbers the pages itself).

Fonts are named, never embedded: a computer without them shows a substitute, the file stays small, and the
office that prints it has them.

The furniture (附件：, 附件1, the date) follows the active language like the text: with the English UI the
document is an English reading copy in the same layout. The document has no 版记 (抄送/印发 lines): a report
the office prints and forwards gets them from the office's own distribution list, which Renda does not keep.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
PAGE_NUMBER_FONT = "宋体"
RED = "FF0000"
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 22.0, 16.0, 14.0, 12.0  # 二号, 三号, 四号, 小四 in points
LINE_PITCH = 28.95  # 225 mm / 22 lines


def date_text(day: dt.date) -> str:
    """成文日期 in Arabic numerals without leading zeros: 2026年12月6日 (GB/T 9704-2012 7.3.5.2); in the
    active language (an English reading copy: 6/12/2026)."""
    return _("%(year)s年%(month)s月%(day)s日") % {"year": day.year, "month": day.month, "day": day.day}


def attachment_label(number: int | None = None) -> str:
    """附件 / 附件1 (the heading of an attachment's page), in the active language."""
    return _("附件") if number is None else _("附件%(n)s") % {"n": number}


@dataclass
class Attachment:
    title: str
    header: Sequence[Any]
    rows: list[Sequence[Any]] = field(default_factory=list)
    note: str = ""


def _font(run: Any, name: str, size: float, *, bold: bool = False, color: str | None = None) -> None:
    """Name the font for Latin and East Asian text alike (w:rFonts ascii/hAnsi/eastAsia), never embed it."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _spacing(
    paragraph: Any, *, before: float = 0, after: float = 0, exact: float | None = LINE_PITCH
) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)


def _rule(paragraph: Any, color: str = RED) -> None:
    """A rule under the paragraph, as wide as the type area (版头中的分隔线)."""
    from docx.oxml.ns import qn

    ppr = paragraph._element.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "1", qn("w:color"): color}
    )
    borders.append(bottom)
    ppr.append(borders)


def _page_field(paragraph: Any) -> None:
    """ "— N —": the dashes around a PAGE field, 宋体 四号."""
    from docx.oxml.ns import qn

    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        _font(run, PAGE_NUMBER_FONT, SIZE_4)
        if kind is not None:
            char = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            run._element.append(char)
        elif text == " PAGE ":
            instr = run._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text or ""
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


class OfficialDocument:
    """A document in the GB/T 9704 format: header (issuer, number, rule), title, body, attachments."""

    def __init__(
        self,
        *,
        issuer: str,
        title: str,
        number: str = "",
        recipient: str = "",
        signer: str = "",
        date: dt.date | None = None,
    ) -> None:
        from docx import Document

        self.doc = Document()
        self.signer = signer or issuer
        self.date = date
        self.attachments: list[Attachment] = []
        self._page_setup()
        self._header(issuer, number)
        self._title(title)
        if recipient:
            p = self.doc.add_paragraph()
            _spacing(p)
            _font(p.add_run(f"{recipient}："), BODY_FONT, SIZE_3)

    # -- the frame -----------------------------------------------------------------------------------

    def _page_setup(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28)  # the page number 7 mm below the type area
        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, align, side in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
        ):
            p = footer.paragraphs[0]
            p.alignment = align
            setattr(p.paragraph_format, f"{side}_indent", Pt(SIZE_4))  # one character in from the edge
            _page_field(p)
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(SIZE_3)

    def _header(self, issuer: str, number: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, exact=None)
        _font(p.add_run(issuer), TITLE_FONT, 26.0, color=RED)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, before=LINE_PITCH * 2)
        _font(p.add_run(number), BODY_FONT, SIZE_3)
        _rule(p)

    def _title(self, title: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, before=LINE_PITCH * 2, after=LINE_PITCH, exact=None)
        _font(p.add_run(title), TITLE_FONT, SIZE_2)

    # -- the body --------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        """一、… (黑体) or （一）… (楷体_GB2312), 三号, indented like the body."""
        p = self.doc.add_paragraph()
        _spacing(p)
        p.paragraph_format.first_line_indent = _chars(2)
        _font(p.add_run(text), HEADING_FONTS.get(level, BODY_FONT), SIZE_3)

    def paragraph(self, text: str, *, indent: bool = True) -> None:
        p = self.doc.add_paragraph()
        _spacing(p)
        if indent:
            p.paragraph_format.first_line_indent = _chars(2)
        _font(p.add_run(text), BODY_FONT, SIZE_3)

    def attach(
        self, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, note: str = ""
    ) -> int:
        """Add a table as an attachment (附件); returns its number, for the body to refer to it."""
        self.attachments.append(Attachment(title=title, header=list(header), rows=list(rows), note=note))
        return len(self.attachments)

    # -- the end ---------------------------------------------------------------------------------------

    def _attachment_list(self) -> None:
        if not self.attachments:
            return
        from docx.shared import Pt

        blank = self.doc.add_paragraph()
        _spacing(blank)
        for i, a in enumerate(self.attachments, start=1):
            p = self.doc.add_paragraph()
            _spacing(p)
            first = i == 1
            lead = _("附件：") if first else ""
            p.paragraph_format.left_indent = _chars(2) if first else _chars(5)
            text = f"{lead}{i}．{a.title}" if len(self.attachments) > 1 else f"{lead}{a.title}"
            p.paragraph_format.first_line_indent = Pt(0)
            _font(p.add_run(text), BODY_FONT, SIZE_3)

    def _signature(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for _i in range(2):
            _spacing(self.doc.add_paragraph())
        for text in (self.signer, date_text(self.date) if self.date else ""):
            if not text:
                continue
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = _chars(4)
            _spacing(p)
            _font(p.add_run(text), BODY_FONT, SIZE_3)

    def _attachment_pages(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

        for i, a in enumerate(self.attachments, start=1):
            self.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
            p = self.doc.add_paragraph()
            _spacing(p)
            label = attachment_label(i if len(self.attachments) > 1 else None)
            _font(p.add_run(label), HEADING_FONTS[1], SIZE_3)
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(p, before=LINE_PITCH, after=LINE_PITCH / 2, exact=None)
            _font(p.add_run(a.title), TITLE_FONT, SIZE_2)
            self._table(a.header, a.rows)
            if a.note:
                note = self.doc.add_paragraph()
                _spacing(note, before=6, exact=None)
                _font(note.add_run(a.note), BODY_FONT, SIZE_SMALL_4)

    def _table(self, header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = 1  # centred
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(cell.paragraphs[0].add_run(str(text)), HEADING_FONTS[1], SIZE_SMALL_4)
        _repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                _font(
                    cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, SIZE_SMALL_4
                )
        if not rows:
            cells = table.add_row().cells
            _font(cells[0].paragraphs[0].add_run("无"), BODY_FONT, SIZE_SMALL_4)

    def to_bytes(self) -> bytes:
        self._attachment_list()
        self._signature()
        self._attachment_pages()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _chars(n: int) -> Any:
    from docx.shared import Pt

    return Pt(SIZE_3 * n)


def _repeat_header(row: Any) -> None:
    """The table's first row is printed atop every page it spans."""
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def docx_response(content: bytes, filename: str) -> Any:
    """A Word document as a download that no cache keeps (the twin of ``core.xlsx.xlsx_response``)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
