"""A small framework for importing registers (rosters of deputies, handling units …) from Excel.

Why openpyxl directly and not django-import-export: a province's roster has ~20 000 rows. Import-export
builds a tablib Dataset in memory, runs a model form-like resource per row and queries per row; that is
slow and memory-hungry at this size. Here a sheet is streamed with openpyxl in ``read_only`` mode, each
cell is parsed by a small pure function from a column spec, lookups are loaded once, and the write is a
handful of ``bulk_create``/``bulk_update`` statements in one transaction. Exports use ``write_only`` mode.

The pieces:

* :class:`Column` — one spreadsheet column: the header as staff type it (Chinese), the field it fills,
  whether it is required, and a parser that returns a value or raises :class:`CellInvalid` with a reason.
* :func:`open_sheet` / :func:`check_header` / :func:`iter_records` — read a workbook, validate its header
  (a missing or unknown column is one error naming that column) and yield parsed rows, collecting every
  cell error as ``{row, column, value, reason}`` (row = the Excel row number).
* :class:`Importer` + :func:`import_job_run` — the shared flow of an :class:`~renda.core.models.ImportJob`:
  validate everything first (committing progress every ~200 rows), and only if no row failed, write
  everything in ONE transaction and append one audit Event. All or nothing.
* :func:`errors_workbook`, :func:`template_workbook`, :func:`export_workbook` — xlsx writers.

Parsers and validators (``text``, ``date_value``, ``choice`` …, ``gb11643_check_char``) are pure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import File
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from renda.core.errors import ApplicationError
from renda.core.idnumber import gb11643_check_char

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 200
DEFAULT_MAX_ERRORS = 2000


# --- Errors ----------------------------------------------------------------------------------------


class CellInvalid(ValueError):
    """Raised by a parser: `reason` says, in words staff understand, what is wrong with the cell."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read (not an xlsx, corrupt, too large). Nothing is imported."""

    def __init__(self, message: str, **kwargs) -> None:
        kwargs.setdefault("code", "import_file")
        kwargs.setdefault("field", "file")
        super().__init__(message, **kwargs)


class ErrorList(list):
    """Errors of one import, each ``{"row", "column", "value", "reason"}``; stops growing at `limit`."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = (
            limit if limit is not None else getattr(settings, "RENDA_IMPORT_MAX_ERRORS", DEFAULT_MAX_ERRORS)
        )
        self.dropped = 0

    def add(self, row: int | None, column: str, value: Any, reason: str) -> None:
        if len(self) >= self.limit:
            self.dropped += 1
            return
        self.append({"row": row, "column": column, "value": display_value(value), "reason": str(reason)})

    def finish(self) -> list[dict]:
        out = list(self)
        if self.dropped:
            out.append(
                {
                    "row": None,
                    "column": "",
                    "value": "",
                    "reason": _("另有%(n)s处错误未列出，请先改正以上错误后重新导入") % {"n": self.dropped},
                }
            )
        return out


def display_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]


# --- Pure validators --------------------------------------------------------------------------------

ID_RE = re.compile(r"^[1-9]\d{16}[\dX]$")


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    male: bool


def parse_id_number(value: str) -> IdNumber:
    """Validate an 18-character ID number: shape, birth date, GB 11643 checksum. Raises CellInvalid."""
    number = str(value).strip().upper()
    if len(number) != 18:
        raise CellInvalid(_("公民身份号码应为18位，当前为%(n)s位") % {"n": len(number)})
    if not ID_RE.match(number):
        raise CellInvalid(_("公民身份号码格式不正确：前17位应为数字，末位为数字或X"))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise CellInvalid(_("公民身份号码中的出生日期不存在")) from exc
    if birth.year < 1900:
        raise CellInvalid(_("公民身份号码中的出生日期不存在"))
    if gb11643_check_char(number[:17]) != number[17]:
        raise CellInvalid(_("公民身份号码校验位错误"))
    return IdNumber(number=number, birth_date=birth, male=int(number[16]) % 2 == 1)


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
PHONE_RE = re.compile(r"^[0-9+()\- ]{5,30}$")


def clean_text(value: Any) -> str:
    """A cell as text: numbers without '.0', dates as yyyy-mm-dd, spaces trimmed (also ideographic)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.replace("\u3000", " ").strip())


# --- Parsers (factories of pure functions: raw cell value → python value, or CellInvalid) ------------

Parser = Callable[[Any], Any]


def text(max_length: int) -> Parser:
    def parse(value: Any) -> str:
        s = clean_text(value)
        if len(s) > max_length:
            raise CellInvalid(_("长度不能超过%(n)s个字符") % {"n": max_length})
        return s

    return parse


DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def date_value(value: Any) -> dt.date:
    """An Excel date cell, or text yyyy-mm-dd (also yyyy/mm/dd, yyyy.mm.dd, yyyy年m月d日)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    s = clean_text(value)
    m = DATE_RE.match(s)
    if not m:
        raise CellInvalid(_("日期格式应为 yyyy-mm-dd，例如 1975-05-17"))
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise CellInvalid(_("日期不存在")) from exc


def chinese_labels(choices) -> dict[str, str]:
    """label (the Chinese msgid, whatever language is active) → value, for a TextChoices class."""
    with translation.override(None):
        return {str(label): value for value, label in choices.choices}


def choice(labels: Mapping[str, Any], aliases: Mapping[str, Any] | None = None) -> Parser:
    """One value out of `labels` (label → value), matched on the label staff type (or an alias)."""

    def parse(value: Any) -> Any:
        s = clean_text(value)
        if s in labels:
            return labels[s]
        if aliases and s in aliases:
            return aliases[s]
        if len(labels) > 12:
            raise CellInvalid(_("不是可选的值；请按导入模板“填写说明”中列出的值填写"))
        raise CellInvalid(_("不是可选的值；可选：%(values)s") % {"values": "、".join(labels)})

    return parse


MULTI_SPLIT_RE = re.compile(r"\s*[、,，;；]\s*")


def multi_choice(labels: Mapping[str, Any]) -> Parser:
    """Several values out of `labels`, separated by 、 or , (also ， ; ；); order kept, duplicates dropped."""

    def parse(value: Any) -> list:
        out: list = []
        for part in MULTI_SPLIT_RE.split(clean_text(value)):
            if not part:
                continue
            if part not in labels:
                raise CellInvalid(
                    _("“%(part)s”不是可选的值；可选：%(values)s，多个值用“、”分隔")
                    % {"part": part, "values": "、".join(labels)}
                )
            if labels[part] not in out:
                out.append(labels[part])
        return out

    return parse


TRUE_WORDS = {"是", "有效", "1", "true", "yes", "y"}
FALSE_WORDS = {"否", "无效", "0", "false", "no", "n"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = clean_text(value).lower()
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise CellInvalid(_("应填写“是”或“否”"))


def mobile(value: Any) -> str:
    s = clean_text(value).replace(" ", "").replace("-", "")
    if not MOBILE_RE.match(s):
        raise CellInvalid(_("手机号应为以1开头的11位数字"))
    return s


def phone(value: Any) -> str:
    s = clean_text(value)
    if not PHONE_RE.match(s):
        raise CellInvalid(_("电话号码只能包含数字、空格和 + - ( )，5至30位"))
    return s


def id_number(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellInvalid(_("公民身份号码被保存成了数字，末几位可能已丢失；请将该列设为“文本”格式后重新填写"))
    return parse_id_number(clean_text(value)).number


# --- Column spec ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an import/export sheet."""

    label: str  # header as staff type it (a Chinese msgid; also what the export writes)
    field: str  # key in the parsed record
    parse: Parser = field(default=text(200))
    required: bool = True  # a blank cell is an error
    optional_column: bool = False  # the column may be missing from the sheet altogether
    default: Any = ""  # value of a blank cell in an optional column
    example: Any = ""
    note: str = ""  # format / allowed values, for the instructions sheet
    width: int = 14

    def read(self, raw: Any) -> Any:
        if is_blank(raw):
            if self.required:
                raise CellInvalid(_("必填，不能为空"))
            return self.default() if callable(self.default) else self.default
        return self.parse(raw)


def _header_label(value: Any) -> str:
    return clean_text(value).rstrip("*＊ ").strip()


# --- Reading ----------------------------------------------------------------------------------------


def check_upload(upload) -> None:
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


NOT_XLSX = gettext_noop("文件不是有效的 Excel（.xlsx）文件，可能已损坏或是其他格式")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _IS, _T, _R = (f"{_NS}{t}" for t in ("row", "c", "v", "is", "t", "r"))
_ROW_TAG_RE = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _column_index(ref: str) -> int:
    """'C12' → 3 (1-based)."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n


class Sheet:
    """The first worksheet of an xlsx, read with openpyxl's read-only machinery, streamed row by row.

    openpyxl's ``load_workbook(read_only=True)`` reads shared strings and styles up front (needed), but
    when a sheet has no ``<dimension>`` — openpyxl's own write_only files, which our exports are — it
    parses the whole sheet once just to size it, and it builds a rich-text object per inline string.
    This class uses openpyxl's ExcelReader for the workbook parts and streams ``<row>`` elements itself
    (values only), so a 20 000-row sheet is parsed once, in constant memory.
    """

    def __init__(self, fileobj) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        reader = ExcelReader(fileobj, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        self.archive = reader.archive
        self.shared_strings = reader.shared_strings
        self.date_styles = set(getattr(reader.wb, "_date_formats", set()))
        self.epoch = reader.wb.epoch
        self.path = None
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                self.path, self.title = rel.target, sheet.name
                break
        if self.path is None:
            raise ImportFileError(_("文件中没有工作表"))

    def close(self) -> None:
        self.archive.close()

    def count_rows(self) -> int:
        """Number of <row> elements (header included), by scanning the XML bytes: cheap, no parsing."""
        n, tail = 0, b""
        with self.archive.open(self.path) as src:
            while chunk := src.read(1 << 20):
                data = tail + chunk
                # a tag lying wholly in `tail` was counted with the previous chunk
                n += sum(1 for m in _ROW_TAG_RE.finditer(data) if m.end() > len(tail))
                tail = data[-16:]
        return n

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """Yield (excel_row_number, values) for every stored row; values are str/int/float/bool/datetime."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601
        from openpyxl.xml.functions import iterparse

        shared, dates, epoch = self.shared_strings, self.date_styles, self.epoch
        counter = 0
        with self.archive.open(self.path) as src:
            for _event, el in iterparse(src):
                if el.tag != _ROW:
                    continue
                r = el.get("r")
                counter = int(r) if r else counter + 1
                values: list = []
                col = 0
                for c in el:
                    if c.tag != _C:
                        continue
                    ref = c.get("r")
                    col = _column_index(ref) if ref else col + 1
                    t = c.get("t", "n")
                    if t == "inlineStr":
                        value = self._inline_text(c.find(_IS))
                    else:
                        v = c.findtext(_V)
                        if not v:  # no cached value (e.g. a formula never calculated)
                            value = None
                        elif t == "n":
                            value = float(v) if any(ch in v for ch in ".eE") else int(v)
                            style = c.get("s")
                            if style and int(style) in dates:
                                with contextlib.suppress(OverflowError, ValueError):
                                    value = from_excel(value, epoch)
                        elif t == "s":
                            value = shared[int(v)]
                        elif t == "b":
                            value = v == "1"
                        elif t == "d":
                            value = from_ISO8601(v)
                        else:  # "str" (formula result), "e" (error)
                            value = v
                    if value is None:
                        continue
                    if col > len(values) + 1:
                        values.extend([None] * (col - 1 - len(values)))
                    if col == len(values) + 1:
                        values.append(value)
                    else:
                        values[col - 1] = value
                el.clear()
                yield counter, tuple(values)

    @staticmethod
    def _inline_text(node) -> str | None:
        if node is None:
            return None
        parts = []
        for child in node:
            if child.tag == _T:
                parts.append(child.text or "")
            elif child.tag == _R:
                parts.extend(t.text or "" for t in child.iter(_T))
        return "".join(parts)


def open_sheet(fileobj) -> Sheet:
    """Open the first worksheet of an xlsx for streaming. Corrupt or non-xlsx files → ImportFileError."""
    try:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            raise ImportFileError(_(NOT_XLSX))
        fileobj.seek(0)
        return Sheet(fileobj)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files (KeyError, BadZipFile …)
        raise ImportFileError(_(NOT_XLSX)) from exc


def inspect_upload(upload) -> int:
    """Check an uploaded file can be read; return its number of data rows (for choosing background work).

    The count comes from the sheet's row tags (rows holding only formatting count too): it only decides
    between the request and the background worker; the import itself counts the rows it reads."""
    check_upload(upload)
    sheet = open_sheet(upload)
    try:
        return max(0, sheet.count_rows() - 1)
    except Exception as exc:
        raise ImportFileError(_(NOT_XLSX)) from exc
    finally:
        sheet.close()
        upload.seek(0)


def check_header(
    header: Sequence[Any], columns: Sequence[Column], errors: ErrorList, *, row: int = 1
) -> list[Column | None]:
    """Map header cells to columns. Missing and unknown columns each give one error naming the column.

    Returns, per position, the Column read from it (None for ignored empty header cells)."""
    by_label = {c.label: c for c in columns}
    seen: set[str] = set()
    layout: list[Column | None] = []
    for value in header:
        label = _header_label(value)
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
    header: tuple = ()
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


# --- The shared job flow ----------------------------------------------------------------------------


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict = field(default_factory=dict)


class Importer:
    """What a register supplies to :func:`import_job_run`. Subclasses set the class attributes and
    implement ``prepare`` (load lookups once), ``validate`` (cross-row and database checks, collecting
    errors; returns a plan) and ``write`` (bulk writes inside the caller's transaction)."""

    kind: str = ""
    event_action: str = ""
    columns: Sequence[Column] = ()

    def prepare(self) -> None:  # load lookups (one query each)
        pass

    def validate(self, records: Iterable[tuple[int, dict]], errors: ErrorList) -> Any:
        raise NotImplementedError

    def write(self, plan: Any, *, actor, job) -> WriteResult:
        raise NotImplementedError


@dataclass
class RunReport:
    job: Any
    timings: dict[str, float] = field(default_factory=dict)


def _set_job(job, **values) -> None:
    """Save progress/status at once in its own short transaction (visible to the polling page)."""
    for k, v in values.items():
        setattr(job, k, v)
    values["updated_at"] = timezone.now()
    type(job).objects.filter(pk=job.pk).update(**values)


def import_job_run(
    *, job_id: int, importer: Importer, on_phase: Callable[[str, float], None] | None = None
) -> RunReport:
    """Run an import job (see :func:`_import_job_run`).

    An unexpected crash leaves the job FAILED (not hanging in VALIDATING) and is re-raised."""
    from renda.core.models import ImportJob

    try:
        return _import_job_run(job_id=job_id, importer=importer, on_phase=on_phase)
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            errors=[
                {
                    "row": None,
                    "column": "",
                    "value": "",
                    "reason": _("导入时发生内部错误（%(error)s），未导入任何数据")
                    % {"error": exc.__class__.__name__},
                }
            ],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise


def _import_job_run(
    *, job_id: int, importer: Importer, on_phase: Callable[[str, float], None] | None = None
) -> RunReport:
    """Validate the job's file completely; if every row is valid, write it all in ONE transaction.

    Progress (processed_rows) is committed every PROGRESS_EVERY rows while validating. On any error the
    job ends FAILED with the full error list and the database is untouched. Used by the request path,
    the background task and the benchmark alike.
    """
    from renda.core.models import ImportJob
    from renda.core.services import event_record

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    report = RunReport(job=job)
    errors = ErrorList()
    t0 = time.perf_counter()
    _set_job(job, status=ImportJob.Status.VALIDATING, processed_rows=0, errors=[])

    seen = {"rows": 0}

    def on_row(n: int) -> None:
        seen["rows"] = n
        if n % PROGRESS_EVERY == 0:
            _set_job(job, processed_rows=n, total_rows=max(job.total_rows, n))

    plan = None
    try:
        with job.file.open("rb") as fh:
            sheet = open_sheet(fh)
            try:
                importer.prepare()
                records = iter_records(sheet, importer.columns, errors, on_row=on_row)
                plan = importer.validate(records, errors)
            finally:
                sheet.close()
    except ImportFileError as exc:
        errors.add(None, "", job.filename, exc.message)
    report.timings["validate"] = time.perf_counter() - t0
    if on_phase is not None:  # measurement hook (bench/roster_import.py)
        on_phase("validate", report.timings["validate"])
    total = seen["rows"]
    if errors or plan is None:
        _set_job(
            job,
            status=ImportJob.Status.FAILED,
            errors=errors.finish(),
            total_rows=total,
            processed_rows=total,
            finished_at=timezone.now(),
        )
        return report
    if total == 0:
        errors.add(None, "", job.filename, _("文件中没有数据行"))
        _set_job(job, status=ImportJob.Status.FAILED, errors=errors.finish(), finished_at=timezone.now())
        return report

    _set_job(job, status=ImportJob.Status.WRITING, total_rows=total, processed_rows=total)
    t1 = time.perf_counter()
    try:
        with transaction.atomic():
            result = importer.write(plan, actor=job.created_by, job=job)
            _set_job(
                job,
                status=ImportJob.Status.DONE,
                created_count=result.created,
                updated_count=result.updated,
                finished_at=timezone.now(),
            )
            event_record(
                actor=job.created_by,
                action=importer.event_action,
                obj=job,
                changes={
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "file": job.filename,
                    **result.extra,
                },
            )
    except ApplicationError as exc:
        errors.add(exc.row, exc.field or "", "", exc.message)
        _set_job(job, status=ImportJob.Status.FAILED, errors=errors.finish(), finished_at=timezone.now())
    except DatabaseError as exc:
        # A concurrent change (e.g. someone else imported the same card numbers meanwhile).
        errors.add(
            None, "", "", _("写入数据库失败，未导入任何数据：%(error)s") % {"error": exc.__class__.__name__}
        )
        _set_job(job, status=ImportJob.Status.FAILED, errors=errors.finish(), finished_at=timezone.now())
    report.timings["write"] = time.perf_counter() - t1
    if on_phase is not None:
        on_phase("write", report.timings["write"])
    return report


def _model_field(meta, name: str):
    from django.core.exceptions import FieldDoesNotExist

    try:
        return meta.get_field(name)
    except FieldDoesNotExist:
        return meta.get_field(name.removesuffix("_id"))


def bulk_update_rows(model, objs: Sequence, fields: Iterable[str], *, batch_size: int = 1000) -> int:
    """``UPDATE <table> SET f = %s, … WHERE pk = %s`` with executemany: one prepared statement per batch.

    Django's ``bulk_update`` builds a ``CASE WHEN`` expression per field and row; at 20 000 rows
    compiling those takes most of an import's time. Values go through each field's
    ``get_db_prep_save`` (JSON, dates, foreign keys by attname), so this writes what ``save()`` would.
    Call it inside the caller's transaction; it does not touch ``auto_now`` fields (set them first).
    """
    from django.db import connections, router

    meta = model._meta
    field_objs = [_model_field(meta, f) for f in fields]
    conn = connections[router.db_for_write(model)]
    qn = conn.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in field_objs)
    sql = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s"
    done = 0
    with conn.cursor() as cursor:
        for i in range(0, len(objs), batch_size):
            chunk = objs[i : i + batch_size]
            params = [
                [f.get_db_prep_save(getattr(o, f.attname), connection=conn) for f in field_objs] + [o.pk]
                for o in chunk
            ]
            cursor.executemany(sql, params)
            done += len(chunk)
    return done


def bulk_update_with_history_fast(
    model, objs: Sequence, fields: Iterable[str], *, actor, reason: str, batch_size: int = 1000
) -> int:
    """:func:`bulk_update_rows` plus one simple_history row per object (as bulk_update_with_history).

    A model with an `updated_at` column gets it stamped as `save()` would (bulk writes skip auto_now).
    """
    fields = set(fields)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields.add("updated_at")
    n = bulk_update_rows(model, objs, sorted(fields), batch_size=batch_size)
    model.history.bulk_history_create(
        objs, batch_size=batch_size, update=True, default_user=actor, default_change_reason=reason
    )
    return n


def import_job_create(*, actor, kind: str, upload, total_rows: int, background: bool):
    """Store the uploaded file as a PENDING ImportJob (no audit Event: the import itself is audited)."""
    from renda.core.models import ImportJob

    name = (getattr(upload, "name", "") or "import.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:200]
    job = ImportJob(
        kind=kind,
        filename=name,
        created_by=actor,
        total_rows=total_rows,
        background=background,
    )
    upload.seek(0)
    job.file.save(f"{kind}.xlsx", File(upload), save=False)
    job.save()
    return job


# --- Writing ----------------------------------------------------------------------------------------


def _workbook_bytes(wb) -> bytes:
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as tmp:
        wb.save(tmp)
        tmp.seek(0)
        return tmp.read()


def export_workbook(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> bytes:
    """A streaming (write_only) workbook: header row of column labels, then `rows`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    for i, col in enumerate(columns):
        ws.column_dimensions[_col_letter(i)].width = col.width
    bold = Font(bold=True)
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    return _workbook_bytes(wb)


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def template_workbook(columns: Sequence[Column], *, title: str, instructions: Sequence[str] = ()) -> bytes:
    """The import template: headers + one example row, and a 填写说明 sheet listing rules and values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    bold = Font(bold=True)
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.label)
        cell.font = bold
        ws.cell(row=2, column=i, value=col.example)
        ws.column_dimensions[_col_letter(i - 1)].width = col.width
        ws.cell(row=2, column=i).number_format = "yyyy-mm-dd" if isinstance(col.example, dt.date) else "@"
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(_("填写说明"))
    help_ws.append([_("列名"), _("是否必填"), _("格式或可选值")])
    for cell in help_ws[1]:
        cell.font = bold
    for col in columns:
        required = (
            _("必填") if col.required else (_("可不填（可删除此列）") if col.optional_column else _("可不填"))
        )
        help_ws.append([col.label, required, col.note])
    help_ws.append([])
    for line in instructions:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 18
    help_ws.column_dimensions["B"].width = 22
    help_ws.column_dimensions["C"].width = 90
    for row in help_ws.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    return _workbook_bytes(wb)


def errors_workbook(errors: Sequence[Mapping[str, Any]]) -> bytes:
    cols = [
        Column(_("行号"), "row", width=8),
        Column(_("列"), "column", width=18),
        Column(_("单元格内容"), "value", width=28),
        Column(_("错误原因"), "reason", width=70),
    ]
    rows = ((e.get("row"), e.get("column"), e.get("value"), e.get("reason")) for e in errors)
    return export_workbook(cols, rows, title=_("导入错误"))


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def workbook_from_rows(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> io.BytesIO:
    """Test/bench helper: an xlsx (in memory) with a header of `columns` labels and `rows`."""
    return io.BytesIO(export_workbook(columns, rows))


# --- Pages (thin adapters shared by every register's import views) ---------------------------------


def import_start(*, actor, kind: str, upload, run: Callable[[int], Any], task) -> Any:
    """Check the file, store it as an ImportJob and run it: in this request when it has fewer than
    RENDA_IMPORT_BACKGROUND_MIN_ROWS data rows, otherwise by enqueueing `task(job_id)` for the worker.
    Raises ImportFileError for unreadable files (no job is created)."""
    rows = inspect_upload(upload)
    background = rows >= settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS
    job = import_job_create(actor=actor, kind=kind, upload=upload, total_rows=rows, background=background)
    if background:
        job_id = job.pk
        transaction.on_commit(lambda: task.enqueue(job_id))
    else:
        run(job.pk)
        job.refresh_from_db()
    return job


def can_open_job(user, job) -> bool:
    from renda.core.roles import REGISTRAR_ROLES, has_role

    return job.created_by_id == getattr(user, "pk", None) or has_role(user, *REGISTRAR_ROLES)


def job_for_user_or_404(user, job_id: int, kind: str):
    """The job, if `user` created it or is staff/admin; anyone else gets 404 as if it did not exist."""
    from django.http import Http404

    from renda.core.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id, kind=kind).select_related("created_by").first()
    if job is None or not can_open_job(user, job):
        raise Http404
    return job


@dataclass(frozen=True)
class ImportPage:
    """What the shared import templates need to know about one register."""

    kind: str
    title: str
    columns: Callable[[], Sequence[Column]]
    job_url: str  # url name taking job_id
    errors_url: str  # url name taking job_id
    import_url: str
    template_url: str
    export_url: str
    list_url: str = ""


def upload_context(page: ImportPage, user, form) -> dict:
    from django.urls import reverse

    from renda.core.models import ImportJob

    jobs = ImportJob.objects.filter(kind=page.kind, created_by=user).order_by("-created_at")[:10]
    return {
        "page": page,
        "form": form,
        "columns": page.columns(),
        "jobs": [(j, reverse(page.job_url, args=[j.pk])) for j in jobs],
        "template_url": reverse(page.template_url),
        "export_url": reverse(page.export_url),
        "list_url": reverse(page.list_url) if page.list_url else "",
        "max_mb": round(settings.RENDA_IMPORT_MAX_BYTES / 1048576, 1),
        "background_min_rows": settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS,
    }


def job_context(page: ImportPage, job) -> dict:
    from django.urls import reverse

    total = job.total_rows
    return {
        "page": page,
        "job": job,
        "unchanged": max(0, total - job.created_count - job.updated_count) if job.status == "done" else 0,
        "job_url": reverse(page.job_url, args=[job.pk]),
        "errors_url": reverse(page.errors_url, args=[job.pk]),
        "import_url": reverse(page.import_url),
        "list_url": reverse(page.list_url) if page.list_url else "",
    }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
