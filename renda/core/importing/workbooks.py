"""The workbooks of a register: its export (importable again), its import template, an import's error list."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from renda.core import xlsx
from renda.core.importing.cells import Column


def export_rows_xlsx(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> tuple[bytes, int]:
    """A streaming workbook: a header row of column labels, then `rows`; returns (content, data rows)."""
    return xlsx.table_xlsx([c.label for c in columns], rows, title=title, widths=[c.width for c in columns])


def audited_export(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    actor: Any,
    action: str,
    **changes: Any,
) -> bytes:
    """A register's export (:func:`export_rows_xlsx`), kept in the audit trail as `action` with the number
    of rows and `changes` (the filters it was drawn with …)."""
    from django.db import transaction

    from renda.core.services import event_record

    content, count = export_rows_xlsx(columns, rows, title=title)
    with transaction.atomic():
        event_record(actor=actor, action=action, changes={"rows": count, **changes})
    return content


def export_workbook(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> bytes:
    """:func:`export_rows_xlsx` without the count."""
    return export_rows_xlsx(columns, rows, title=title)[0]


def template_workbook(columns: Sequence[Column], *, title: str, instructions: Sequence[str] = ()) -> bytes:
    """The import template: headers + one example row, and a 填写说明 sheet listing rules and values."""
    from openpyxl.styles import Alignment

    wb = xlsx.workbook(streaming=False)
    sheet = xlsx.SheetWriter(wb, title, widths=[c.width for c in columns])
    sheet.header([c.label for c in columns])
    sheet.row([c.example for c in columns])
    for i, col in enumerate(columns, start=1):
        is_date = isinstance(col.example, dt.date)
        sheet.ws.cell(row=2, column=i).number_format = "yyyy-mm-dd" if is_date else "@"
    help_sheet = xlsx.SheetWriter(wb, _("填写说明"), widths=[18, 22, 90], landscape=False)
    help_sheet.header([_("列名"), _("是否必填"), _("格式或可选值")])
    for col in columns:
        required = (
            _("必填") if col.required else (_("可不填（可删除此列）") if col.optional_column else _("可不填"))
        )
        help_sheet.row([col.label, required, col.note])
    help_sheet.blank()
    help_sheet.rows([line] for line in instructions)
    for row in help_sheet.ws.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    return xlsx.workbook_bytes(wb)


def errors_workbook(errors: Sequence[Mapping[str, Any]]) -> bytes:
    cols = [
        Column(_("行号"), "row", width=8),
        Column(_("列"), "column", width=18),
        Column(_("单元格内容"), "value", width=28),
        Column(_("错误原因"), "reason", width=70),
    ]
    rows = ((e.get("row"), e.get("column"), e.get("value"), e.get("reason")) for e in errors)
    return export_workbook(cols, rows, title=_("导入错误"))


def workbook_from_rows(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> io.BytesIO:
    """Test/bench helper: an xlsx (in memory) with a header of `columns` labels and `rows`."""
    return io.BytesIO(export_workbook(columns, rows))
