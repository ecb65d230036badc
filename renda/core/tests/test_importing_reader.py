"""The reader: calamine behind checks on the archive — rows where Excel has them, hostile archives refused."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile

import pytest
from openpyxl import Workbook

from renda.core import importing as imp


def saved(wb) -> io.BytesIO:
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def rewritten(content: io.BytesIO, part: str, change) -> io.BytesIO:
    """A copy of the archive with `part` changed by `change(bytes) -> bytes`."""
    src, out = zipfile.ZipFile(content), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    out.seek(0)
    return out


def read_rows(content) -> list:
    sheet = imp.open_sheet(content)
    try:
        return list(sheet.rows())
    finally:
        sheet.close()


def test_rows_keep_their_excel_numbers_and_columns_when_the_data_starts_at_c3():
    wb = Workbook()
    ws = wb.active
    ws["C3"], ws["D4"], ws["C6"] = "甲", dt.date(2024, 5, 6), 7
    assert read_rows(saved(wb)) == [
        (3, (None, None, "甲")),
        (4, (None, None, None, dt.datetime(2024, 5, 6))),
        (6, (None, None, 7)),
    ]


def test_cells_without_references_follow_each_other():
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "日期"])
    ws.append(["张三", "2024-01-02"])
    bare = rewritten(saved(wb), "xl/worksheets/sheet1.xml", lambda x: re.sub(rb' r="[A-Z]+\d+"', b"", x))
    assert read_rows(bare) == [(1, ("姓名", "日期")), (2, ("张三", "2024-01-02"))]


def test_the_first_worksheet_is_read_not_a_chartsheet_before_it():
    wb = Workbook()
    wb.active.append(["数据"])
    wb.create_chartsheet("图表", 0)
    assert read_rows(saved(wb)) == [(1, ("数据",))]


def test_a_far_cell_is_refused_before_calamine_allocates_the_grid():
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["XFD1048576"] = "a", "b"  # a 5 KB file: 17 billion cells as one grid
    with pytest.raises(imp.ImportFileError, match="使用范围过大"):
        imp.open_sheet(saved(wb))


def test_the_cell_limit_counts_rows_times_columns(settings):
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["J100"] = "a", "b"
    settings.RENDA_IMPORT_MAX_CELLS = 999
    with pytest.raises(imp.ImportFileError, match="第 100 行、第 10 列"):
        imp.open_sheet(saved(wb))
    settings.RENDA_IMPORT_MAX_CELLS = 1000
    assert len(read_rows(saved(wb))) == 2


def test_what_unpacks_beyond_the_limit_is_refused(settings):
    content = imp.export_workbook([imp.Column("甲", "a")], ([f"行{i}"] for i in range(2000)))
    settings.RENDA_IMPORT_MAX_UNPACKED_BYTES = 60_000
    with pytest.raises(imp.ImportFileError, match="解压后超过"):
        imp.open_sheet(io.BytesIO(content))


def test_a_part_that_lies_about_its_size_is_refused():
    content = imp.export_workbook([imp.Column("甲", "a")], ([f"行{i}"] for i in range(2000)))
    data = bytearray(content)
    name = b"xl/worksheets/sheet1.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, 1000)  # declared unpacked size: 1 000 bytes
            at = data.find(signature, at + 4)
    with pytest.raises(imp.ImportFileError, match="不是有效的 Excel"):
        imp.open_sheet(io.BytesIO(bytes(data)))


@pytest.mark.parametrize(
    "parts",
    [
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},  # .ods
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00"},  # .xlsb
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"},  # .docx
    ],
)
def test_other_formats_renamed_xlsx_are_refused(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(imp.ImportFileError, match="不是有效的 Excel"):
        imp.open_sheet(out)


def test_a_broken_sheet_is_an_import_file_error_when_read():
    wb = Workbook()
    wb.active.append(["甲"])
    broken = rewritten(saved(wb), "xl/worksheets/sheet1.xml", lambda x: x.replace(b"</sheetData>", b""))
    with pytest.raises(imp.ImportFileError, match="不是有效的 Excel"):
        read_rows(broken)
