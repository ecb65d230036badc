"""From sheet rows to records: the header mapped onto the columns, each cell parsed, each error collected."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from renda.core.importing.cells import CellInvalid, Column, ErrorList, header_label, is_blank
from renda.core.importing.reader import Sheet


def check_header(
    header: Sequence[Any], columns: Sequence[Column], errors: ErrorList, *, row: int = 1
) -> list[Column | None]:
    """Map header cells to columns. Missing and unknown columns each give one error naming the column.

    Returns, per position, the Column read from it (None for ignored empty header cells)."""
    by_label = {c.label: c for c in columns}
    seen: set[str] = set()
    layout: list[Column | None] = []
    for value in header:
        label = header_label(value)
        if not label:
            layout.append(None)
            continue
        col = by_label.get(label)
        if col is None:
            errors.add(row, label, value, _("无法识别的列；请使用导入模板的列名"))
            layout.append(None)
        elif label in seen:
            errors.add(row, label, value, _("列名重复"))
            layout.append(None)
        else:
            seen.add(label)
            layout.append(col)
    for col in columns:
        if col.label not in seen and not col.optional_column:
            errors.add(row, col.label, "", _("缺少此列"))
    return layout


def iter_records(
    sheet: Sheet,
    columns: Sequence[Column],
    errors: ErrorList,
    *,
    on_row: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (excel_row, record) for every non-empty data row whose cells all parsed.

    Rows with a cell error are reported in `errors` and not yielded. Missing optional columns get their
    default. If the header is wrong nothing is yielded. `on_row(n)` is called with the number of data
    rows read so far.
    """
    rows = sheet.rows()
    header: tuple[Any, ...] = ()
    header_row = 1
    for excel_row, values in rows:
        if values and not all(is_blank(v) for v in values):
            header, header_row = values, excel_row
            break
    if not header:
        errors.add(1, "", "", _("工作表是空的：第1行应为列名"))
        return
    n_before = len(errors)
    layout = check_header(header, columns, errors, row=header_row)
    if len(errors) > n_before:
        return
    absent = [c for c in columns if c not in layout]
    width = len(layout)
    seen = 0
    for excel_row, values in rows:
        if not values or all(is_blank(v) for v in values):
            continue
        seen += 1
        if on_row is not None:
            on_row(seen)
        record: dict[str, Any] = {}
        ok = True
        if len(values) < width:
            values = values + (None,) * (width - len(values))
        for col, raw in zip(layout, values, strict=False):
            if col is None:
                continue
            try:
                record[col.field] = col.read(raw)
            except CellInvalid as exc:
                errors.add(excel_row, col.label, raw, exc.reason)
                ok = False
        for col in absent:
            record[col.field] = col.default() if callable(col.default) else col.default
        record["_present"] = frozenset(c.field for c in layout if c is not None)
        if ok:
            yield excel_row, record
