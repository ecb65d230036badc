"""Cells of an import: what staff typed, parsed by small pure functions, and the errors they raise.

* :class:`Column` — one spreadsheet column: the header as staff type it (Chinese), the field it fills,
  whether it is required, and a parser that returns a value or raises :class:`CellInvalid` with a reason.
* Parsers and validators (``text``, ``date_value``, ``choice`` …, ``parse_id_number``) are pure.
* :class:`ErrorList` collects every cell error as ``{row, column, value, reason}`` (row = the Excel row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError
from renda.core.idnumber import gb11643_check_char

DEFAULT_MAX_ERRORS = 2000


# --- Errors ----------------------------------------------------------------------------------------


class CellInvalid(ValueError):
    """Raised by a parser: `reason` says, in words staff understand, what is wrong with the cell."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read (not an xlsx, corrupt, too large). Nothing is imported."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("code", "import_file")
        kwargs.setdefault("field", "file")
        super().__init__(message, **kwargs)


class ErrorList(list[dict[str, Any]]):
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

    def finish(self) -> list[dict[str, Any]]:
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

        day: dt.date = from_excel(value).date()
        return day
    s = clean_text(value)
    m = DATE_RE.match(s)
    if not m:
        raise CellInvalid(_("日期格式应为 yyyy-mm-dd，例如 1975-05-17"))
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise CellInvalid(_("日期不存在")) from exc


def chinese_labels(choices: Any) -> dict[str, str]:
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

    def parse(value: Any) -> list[Any]:
        out: list[Any] = []
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
    parse: Parser = dataclasses.field(default=text(200))
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


def header_label(value: Any) -> str:
    return clean_text(value).rstrip("*＊ ").strip()
