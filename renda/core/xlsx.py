"""The one xlsx writer: title and header rows in bold, column widths, print setup, and text that a spreadsheet
would take for a formula kept as text.

Every export goes through it: the registers (deputies, handling units) and their import templates and error
lists, the proposals register, the voting results. A value users typed — a name, a title, a unit — that starts
with "=" would be written by openpyxl as a formula and run when the file is opened (formula injection); one
starting with "+", "-" or "@" is stored as text but becomes a formula as soon as someone edits the cell. Such
values are written as text cells carrying Excel's quote prefix: shown and read back exactly as typed, never
evaluated. Numbers and dates are written as they are.

Streaming (``write_only``) sheets need widths, frozen panes and print setup before their first row: a
:class:`SheetWriter` sets them when it is made and when it writes the header.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def workbook(*, streaming: bool) -> Any:
    """An empty openpyxl Workbook: ``streaming`` (write_only, rows go straight to disk) or a normal one."""
    from openpyxl import Workbook

    wb = Workbook(write_only=streaming)
    if not streaming:
        wb.remove(wb.active)
    return wb


def workbook_bytes(wb: Any) -> bytes:
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as tmp:
        wb.save(tmp)
        tmp.seek(0)
        content: bytes = tmp.read()
    return content


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


class SheetWriter:
    """Writes the rows of one worksheet; counts the data rows it wrote (`rows_written`)."""

    def __init__(
        self, wb: Any, title: str, *, widths: Sequence[float] = (), landscape: bool | None = None
    ) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title=title[:31])
        self.row_number = 0
        self.rows_written = 0
        self._filter_from: tuple[int, int] | None = None  # (header row, columns) of the autofilter
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        setup = self.ws.page_setup
        setup.paperSize = 9  # A4
        wide = len(widths) > 6 if landscape is None else landscape
        setup.orientation = "landscape" if wide else "portrait"
        setup.fitToWidth, setup.fitToHeight = 1, 0  # as wide as one page, as many pages down as it takes
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True

    def cell(self, value: Any, *, bold: bool = False) -> Any:
        """`value` as it goes into a row: formula-like text as a quoted text cell, bold as asked."""
        if not bold and not is_formula_like(value):
            return value
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cell = WriteOnlyCell(self.ws, value=value)
        if is_formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)
        return cell

    def _append(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        self.row_number += 1

    def title_row(self, values: Sequence[Any]) -> None:
        """A bold row that names what follows (not repeated on printed pages)."""
        self._append([self.cell(v, bold=True) for v in values])

    def header(self, labels: Sequence[Any], *, freeze: bool = True, autofilter: bool = False) -> None:
        """The bold row of column names; with `freeze`, it stays in view and is printed atop every page;
        with `autofilter`, its columns get filter buttons over the rows that follow."""
        number = self.row_number + 1
        if freeze:
            self.ws.freeze_panes = f"A{number + 1}"
            self.ws.print_title_rows = f"{number}:{number}"
        self._append([self.cell(v, bold=True) for v in labels])
        if autofilter and labels:
            self._filter_from = (number, len(labels))
            self._extend_filter()

    def _extend_filter(self) -> None:
        if self._filter_from is None:
            return
        from openpyxl.utils import get_column_letter

        first, columns = self._filter_from
        self.ws.auto_filter.ref = f"A{first}:{get_column_letter(columns)}{self.row_number}"

    def row(self, values: Iterable[Any]) -> None:
        self._append([self.cell(v) if is_formula_like(v) else v for v in values])
        self.rows_written += 1
        self._extend_filter()

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.row(values)

    def blank(self) -> None:
        self._append([])


@dataclass(frozen=True)
class Table:
    """A further sheet of a workbook: its title, header and rows (e.g. a register's summary figures)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Iterable[Any]]
    widths: Sequence[float] = ()


def table_xlsx(
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    title: str,
    widths: Sequence[float] = (),
    heading: str = "",
    autofilter: bool = True,
    extra: Sequence[Table] = (),
) -> tuple[bytes, int]:
    """A streaming workbook: a sheet with the `heading` row when given (what the register is, whose, as of
    when), the header row (frozen, printed atop every page, with filter buttons), then `rows`; then one
    sheet per `extra` table. Returns (bytes, data rows of the first sheet)."""
    wb = workbook(streaming=True)
    sheet = SheetWriter(wb, title, widths=widths)
    if heading:
        sheet.ws.freeze_panes = "A3"  # a streaming sheet takes its panes before the first row
        sheet.title_row([heading])
    sheet.header(header, autofilter=autofilter)
    sheet.rows(rows)
    for table in extra:
        more = SheetWriter(wb, table.title, widths=table.widths)
        more.header(table.header)
        more.rows(table.rows)
    return workbook_bytes(wb), sheet.rows_written


def register_heading(*, congress: str, term: str, what: str, as_of: Any) -> str:
    """The title row of a register: 江临市人民代表大会第十六届 · 代表议案建议汇总表 · 截至2026年12月6日."""
    from django.utils.translation import gettext as _

    day = _("截至%(day)s") % {"day": f"{as_of.year}年{as_of.month}月{as_of.day}日"}
    return " · ".join(part for part in (term or congress, what, day) if part)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
