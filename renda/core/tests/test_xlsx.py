"""The one xlsx writer: header and title rows, formula-like text kept as text, widths and print setup."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from renda.core import importing as imp
from renda.core import xlsx

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=1+1"]


def test_table_writes_a_frozen_bold_header_then_the_rows_and_counts_them():
    content, n = xlsx.table_xlsx(
        ["姓名", "日期", "票数"],
        [["张三", dt.date(2024, 1, 2), 3], ["李四", None, 0]],
        title="名单",
        widths=[10, 12, 6],
    )
    assert n == 2
    ws = load_workbook(io.BytesIO(content))["名单"]
    assert [c.value for c in ws[1]] == ["姓名", "日期", "票数"]
    assert all(c.font.bold for c in ws[1]) and not ws["A2"].font.bold
    assert [c.value for c in ws[2]] == ["张三", dt.datetime(2024, 1, 2), 3]
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["A"].width == 10 and ws.column_dimensions["C"].width == 6
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize("streaming", [True, False])
def test_formula_like_text_is_written_as_text(streaming):
    wb = xlsx.workbook(streaming=streaming)
    sheet = xlsx.SheetWriter(wb, "T", widths=[30])
    sheet.header(["=标题"])
    sheet.rows([v] for v in HOSTILE)
    sheet.row([-5, "普通文本", "a=b"])
    ws = load_workbook(io.BytesIO(xlsx.workbook_bytes(wb)))["T"]
    assert ws["A1"].value == "=标题" and ws["A1"].data_type == "s" and ws["A1"].font.bold
    for row, value in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=row, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    last = ws[len(HOSTILE) + 2]
    assert [c.value for c in last] == [-5, "普通文本", "a=b"]
    assert last[0].data_type == "n" and not last[1].quotePrefix


def test_no_formula_reaches_the_file():
    content, _ = xlsx.table_xlsx(["甲"], [[v] for v in HOSTILE], title="T")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_formula_like_values_read_back_exactly():
    cols = [imp.Column("备注", "note", imp.text(50))]
    content = imp.export_workbook(cols, [[v] for v in HOSTILE])
    sheet = imp.open_sheet(io.BytesIO(content))
    assert [values[0] for _row, values in list(sheet.rows())[1:]] == HOSTILE
    sheet.close()


def test_title_row_and_a_second_header_in_one_sheet():
    wb = xlsx.workbook(streaming=False)
    sheet = xlsx.SheetWriter(wb, "结果", widths=(22, 60), landscape=False)
    sheet.title_row(["某市人大", "表决结果"])
    sheet.rows([("赞成", 3), ("反对", 1)])
    sheet.blank()
    sheet.header(["姓名", "得票数"], freeze=False)
    sheet.row(["张三", 3])
    ws = load_workbook(io.BytesIO(xlsx.workbook_bytes(wb)))["结果"]
    assert ws["A1"].font.bold and ws["A5"].font.bold and not ws["A2"].font.bold
    assert [c.value for c in ws[5]] == ["姓名", "得票数"]
    assert ws.freeze_panes is None and ws.page_setup.orientation == "portrait"
    assert sheet.rows_written == 3


def test_xlsx_response_is_a_download_not_cached():
    response = xlsx.xlsx_response(b"x", "名单.xlsx")
    assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"


def test_table_with_a_heading_has_the_title_row_then_a_filtered_frozen_header():
    import datetime as dt

    heading = xlsx.register_heading(
        congress="江临市人民代表大会", term="", what="名册", as_of=dt.date(2026, 3, 5)
    )
    assert heading == "江临市人民代表大会 · 名册 · 截至2026年3月5日"
    content, n = xlsx.table_xlsx(["甲", "乙"], [[1, 2], [3, 4], [5, 6]], title="表", heading=heading)
    ws = load_workbook(io.BytesIO(content))["表"]
    assert n == 3 and ws["A1"].value == heading and ws["A1"].font.bold
    assert ws.auto_filter.ref == "A2:B5" and ws.print_title_rows == "$2:$2" and ws.freeze_panes == "A3"
