"""Reading an uploaded .xlsx: checks on the file and its archive, then its first worksheet (python-calamine).

Why calamine (a Rust reader): it reads a 20 000-row roster several times faster than streaming the sheet's
XML through openpyxl, in about the same memory (docs/benchmarks.md, "Roster import"). But calamine builds the
whole sheet as one dense grid in memory, sized by the farthest cell used (rows × columns), and it unpacks
what the archive holds without a limit. So before calamine sees a file, :func:`check_archive` looks at the
archive with the standard ``zipfile`` module only:

* it must be an .xlsx workbook (its content types name a spreadsheet main part; an .xlsb, .ods or .xls
  renamed is refused — calamine is also opened through a path ending in ``.xlsx``, which selects its xlsx
  reader only);
* every part is read through once: together they must unpack to at most ``RENDA_IMPORT_MAX_UNPACKED_BYTES``,
  and ``zipfile`` stops each part at its declared size and checks its checksum, so a part that lies about its
  size fails;
* no part may address a cell beyond ``RENDA_IMPORT_MAX_CELLS`` (last row × last column): a 5 KB file with one
  cell in A1 and one in XFD1048576 would otherwise make calamine ask for 512 GB and abort the process.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from python_calamine import CalamineSheet, CalamineWorkbook

from renda.core import uploads
from renda.core.errors import ApplicationError
from renda.core.importing.cells import ImportFileError

NOT_XLSX = gettext_noop("文件不是有效的 Excel（.xlsx）文件，可能已损坏或是其他格式")
XLSX_MAIN_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    b"application/vnd.ms-excel.template.macroEnabled.main+xml",
)
CHUNK = 1 << 20
MAX_TAG = 4 << 20  # no tag or text run of a spreadsheet part is this long (a cell holds at most 32 767 chars)


def check_upload(upload: Any) -> None:
    """Size and name checks done before anything is read."""
    limit = settings.RENDA_IMPORT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ImportFileError(
            _("文件过大（%(size)s MB），上限为 %(limit)s MB")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    if size == 0:
        raise ImportFileError(_("文件是空的"))
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportFileError(
            _("请上传 Excel 2007 及以上格式（.xlsx）的文件；.xls、.csv 等格式请先另存为 .xlsx")
        )
    if hasattr(upload, "seek"):  # checked by content too (renda.core.uploads): a renamed file is named
        try:
            uploads.check_upload(upload, uploads.IMPORT)
        except ApplicationError as exc:
            if exc.code == "file_content":  # what it turned out to be, after the usual message
                raise ImportFileError(f"{_(NOT_XLSX)}：{exc.message}", code=exc.code) from None
            raise ImportFileError(exc.message, code=exc.code) from None


# --- The archive ------------------------------------------------------------------------------------

# Cell start tags, prefixed or not; Excel, WPS, LibreOffice and openpyxl write every one as <c r="A1" …>.
CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
ROW_TAGS = (b"<row ", b"<row>", b"<row/", b":row ", b":row>", b":row/")
PLAIN_REF_ROW_RE = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')
PLAIN_REF_COL_RE = re.compile(rb'<c r="([A-Z]{1,3})\d')
ANY_CELL_RE = re.compile(rb"<(?:\w+:)?c(?=[\s>/])([^>]*)")
REF_ATTR_RE = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
REF_RE = re.compile(rb"([A-Z]{1,3})(\d{1,7})")
ROW_REF_RE = re.compile(rb"""<(?:\w+:)?row(?=[\s>/])[^>]*?\sr\s*=\s*["'](\d{1,7})["']""")


def column_number(letters: bytes | str) -> int:
    """b'C' → 3, 'AA' → 27 (1-based)."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


@dataclass
class Extent:
    """How far the cells of one archive part reach, as calamine would place them."""

    last_row: int = 0
    last_col: int = 0
    bare: int = 0  # cells without a reference: each sits one column right of the previous one
    row_tags: int = 0
    last_row_tag: int = 0

    @property
    def cells(self) -> int:
        """An upper bound of the grid calamine allocates for this part."""
        if not self.bare:
            return self.last_row * self.last_col
        rows = max(self.last_row, self.last_row_tag) + self.row_tags
        return rows * (self.last_col + self.bare)

    def scan(self, body: bytes) -> None:
        """Fold the cell references of `body` (whole tags only) into the extent."""
        self.row_tags += sum(body.count(t) for t in ROW_TAGS)
        tags = sum(body.count(t) for t in CELL_TAGS)
        if not tags:
            return
        rows = PLAIN_REF_ROW_RE.findall(body)
        if len(rows) == tags:  # the usual shape: one regular expression pass per coordinate
            self.last_row = max(self.last_row, max(map(int, rows)))
            self.last_col = max(self.last_col, max(map(column_number, set(PLAIN_REF_COL_RE.findall(body)))))
            return
        for match in ANY_CELL_RE.finditer(body):
            ref = REF_ATTR_RE.search(match[1])
            if ref is None:
                self.bare += 1
                continue
            parts = REF_RE.fullmatch(ref[1])
            if parts is None:  # beyond XFD1048576, or no cell reference at all
                raise ImportFileError(_(NOT_XLSX))
            self.last_row = max(self.last_row, int(parts[2]))
            self.last_col = max(self.last_col, column_number(parts[1]))
        self.last_row_tag = max(self.last_row_tag, max(map(int, ROW_REF_RE.findall(body)), default=0))


def _too_large_unpacked(limit: int) -> ImportFileError:
    return ImportFileError(
        _("文件解压后超过 %(limit)s MB；请删除无关的工作表、图片后重新上传")
        % {"limit": round(limit / 1048576)}
    )


def _scan_part(src: IO[bytes], budget: int) -> tuple[Extent, int]:
    """Read one archive part through (in chunks), scanning its tags; returns (extent, bytes read)."""
    extent, tail, read = Extent(), b"", 0
    while chunk := src.read(CHUNK):
        read += len(chunk)
        if read > budget:
            raise _too_large_unpacked(settings.RENDA_IMPORT_MAX_UNPACKED_BYTES)
        data = tail + chunk
        cut = data.rfind(b"<")  # keep a tag cut by the chunk for the next round
        if cut < 0:
            cut = len(data)
        extent.scan(data[:cut])
        tail = data[cut:]
        if len(tail) > MAX_TAG:
            raise ImportFileError(_(NOT_XLSX))
    extent.scan(tail)
    return extent, read


def _parse_xml(data: bytes) -> Any:
    """A small part we read ourselves, through defusedxml: no DTDs, entities or external references (a
    "billion laughs" part is refused, not expanded)."""
    try:
        return DefusedET.fromstring(data)
    except (DefusedXmlException, DefusedET.ParseError) as exc:
        raise ImportFileError(_(NOT_XLSX)) from exc


def first_worksheet(archive: zipfile.ZipFile) -> tuple[str, str]:
    """(name, part) of the workbook's first worksheet, from xl/workbook.xml and its relationships (the parts
    calamine reads too)."""
    with archive.open("xl/_rels/workbook.xml.rels") as src:
        rels = _parse_xml(src.read(MAX_TAG))
    targets = {r.get("Id"): r.get("Target", "") for r in rels if r.get("Type", "").endswith("/worksheet")}
    with archive.open("xl/workbook.xml") as src:
        book = _parse_xml(src.read(MAX_TAG))
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = next((targets.get(v) for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if target:
            part = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            return sheet.get("name", ""), part
    raise ImportFileError(_("文件中没有工作表"))


def check_archive(path: str) -> tuple[str, Extent]:
    """Refuse (ImportFileError) an archive that is not an .xlsx workbook or that calamine should not open.
    Returns the name of the first worksheet and the extent of its cells."""
    if not zipfile.is_zipfile(path):
        raise ImportFileError(_(NOT_XLSX))
    max_unpacked, max_cells = settings.RENDA_IMPORT_MAX_UNPACKED_BYTES, settings.RENDA_IMPORT_MAX_CELLS
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        names = {p.filename for p in parts}
        if "[Content_Types].xml" not in names or "xl/workbook.bin" in names:
            raise ImportFileError(_(NOT_XLSX))
        if sum(p.file_size for p in parts) > max_unpacked:
            raise _too_large_unpacked(max_unpacked)
        with archive.open("[Content_Types].xml") as src:
            types = src.read(MAX_TAG)
        if not any(t in types for t in XLSX_MAIN_TYPES):
            raise ImportFileError(_(NOT_XLSX))
        name, sheet_part = first_worksheet(archive)
        budget, extents = max_unpacked, {}
        for part in parts:
            with archive.open(part) as src:
                extent, read = _scan_part(src, budget)
            budget -= read
            extents[part.filename] = extent
            if extent.cells > max_cells:
                raise ImportFileError(
                    _(
                        "工作表的使用范围过大（到第 %(rows)s 行、第 %(cols)s 列），超过 %(cells)s 个单元格；"
                        "请删除多余的空白行列后重新上传"
                    )
                    % {"rows": extent.last_row, "cols": extent.last_col, "cells": max_cells}
                )
    if sheet_part not in extents:
        raise ImportFileError(_(NOT_XLSX))
    return name, extents[sheet_part]


# --- The sheet --------------------------------------------------------------------------------------


def cell_value(value: Any) -> Any:
    """A calamine value as the importer takes it: "" (empty cell) → None, a date → a datetime at midnight."""
    if value == "":
        return None
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


class Sheet:
    """The first worksheet of a checked .xlsx at `path`, read by calamine when its rows are asked for; see
    :func:`open_sheet`."""

    def __init__(self, path: str) -> None:

        self.title, self.extent = check_archive(path)
        self.tmp: IO[bytes] | None = None
        self.sheet: CalamineSheet | None = None
        self.book: CalamineWorkbook | None = CalamineWorkbook.from_path(path)
        if self.title not in self.book.sheet_names:
            self.close()
            raise ImportFileError(_(NOT_XLSX))

    def close(self) -> None:
        if self.book is not None:
            self.book.close()
            self.book = None
        if self.tmp is not None:
            self.tmp.close()
            self.tmp = None

    def raw_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(excel_row_number, calamine values from the sheet's first used column) of every row.

        python-calamine 0.9 yields rows from row 1 but columns from the first used one (its issue #177); a
        version that starts the rows at the first used row is recognised by a first row holding a value."""
        if self.sheet is None:
            if self.book is None:
                raise ImportFileError(_(NOT_XLSX))  # closed
            try:
                self.sheet = self.book.get_sheet_by_name(self.title)
            except (
                MemoryError
            ):  # over the worker's memory cap: not a broken file (jobs.import_job_run_capped)
                raise
            except Exception as exc:  # a broken sheet: found when the job reads it
                raise ImportFileError(_(NOT_XLSX)) from exc
        sheet = self.sheet
        start = sheet.start
        if start is None:
            return
        number = 0
        for raw in sheet.iter_rows():
            if number == 0 and start[0] and raw.count("") < len(raw):
                number = start[0]
            number += 1
            yield number, raw

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Yield (excel_row_number, values) for every row holding a value; values are str/int/float/bool/
        datetime/time, None for an empty cell, trailing empty cells left out, column A first."""
        pad: tuple[None, ...] | None = None
        for number, raw in self.raw_rows():
            if pad is None and self.sheet is not None and self.sheet.start is not None:
                # columns before the first used one are left out by calamine: put them back
                first = self.sheet.start[1]
                pad = (None,) * first if len(raw) < first + self.sheet.width else ()
            if raw.count("") == len(raw):
                continue
            values = [cell_value(v) for v in raw]
            while values[-1] is None:
                values.pop()
            yield number, (pad or ()) + tuple(values)

    def count_rows(self) -> int:
        """Number of <row> elements of the sheet (header included), counted when the archive was checked."""
        return self.extent.row_tags


def open_sheet(fileobj: Any) -> Sheet:
    """Check an uploaded or stored .xlsx and open its first worksheet. Unreadable files → ImportFileError.

    The file is copied to a temporary path ending in .xlsx: calamine reads it from there with its xlsx reader
    only (it picks the reader by the name; from a file object it would guess from the content)."""
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by Sheet.close)
    try:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        shutil.copyfileobj(fileobj, tmp, CHUNK)
        tmp.flush()
        sheet = Sheet(tmp.name)
    except ImportFileError:
        tmp.close()
        raise
    except MemoryError:
        tmp.close()
        raise
    except Exception as exc:  # calamine and zipfile raise many types for broken files
        tmp.close()
        raise ImportFileError(_(NOT_XLSX)) from exc
    sheet.tmp = tmp
    return sheet


def inspect_upload(upload: Any) -> int:
    """Check an uploaded file can be read; return its number of data rows (for choosing background work)."""
    check_upload(upload)
    sheet = open_sheet(upload)
    try:
        return max(0, sheet.count_rows() - 1)
    except Exception as exc:
        raise ImportFileError(_(NOT_XLSX)) from exc
    finally:
        sheet.close()
        upload.seek(0)
