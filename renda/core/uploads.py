"""Uploaded files: an allow-list per use, checked by content (magic bytes), and a size cap per use.

The extension a browser sends is only a claim: an executable renamed ``报告.pdf`` or a web page saved as
``.pdf`` keep their own first bytes. :func:`check_upload` sniffs the content with ``filetype`` (pure Python,
no libmagic) and accepts a file only when what it *is* is one of the types its use allows *and* matches the
extension it carries; OOXML (.docx/.xlsx) and OFD, which are all ZIP archives, are told apart by the parts
their central directory names (read without unpacking anything).

Each use has a size cap (settings, below) that the services check on the file, and the same caps bound the
request body before Django reads it (:class:`UploadLimitMiddleware`, 413) and in nginx (docs/deploy.md).
Refusals are :class:`~renda.core.errors.ApplicationError` naming the file and the reason; nothing is stored.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from renda.core.errors import ApplicationError

MB = 1024 * 1024
HEAD_BYTES = 8192  # filetype looks at most this far
ENVELOPE_BYTES = 1 * MB  # multipart boundaries and the other fields of an upload form

# What the content may be, per extension: the kinds filetype reports (or ours below for ZIP/CFB families).
CONTENT_OF_EXTENSION: dict[str, frozenset[str]] = {
    ".pdf": frozenset({"pdf"}),
    ".jpg": frozenset({"jpg"}),
    ".jpeg": frozenset({"jpg"}),
    ".png": frozenset({"png"}),
    ".docx": frozenset({"docx"}),
    ".xlsx": frozenset({"xlsx"}),
    ".pptx": frozenset({"pptx"}),
    ".ofd": frozenset({"ofd"}),  # GB/T 33190, a ZIP with OFD.xml
    ".doc": frozenset({"cfb"}),  # Word 97-2003: an OLE2 compound file
    ".xls": frozenset({"cfb"}),
}

# How a kind is named in a refusal (what the content turned out to be).
KIND_LABELS: dict[str, str] = {
    "exe": gettext_noop("Windows 可执行程序"),
    "elf": gettext_noop("Linux 可执行程序"),
    "html": gettext_noop("网页（HTML）"),
    "zip": gettext_noop("ZIP 压缩包"),
    "cfb": gettext_noop("Office 97-2003 文档"),
}


@dataclass(frozen=True)
class UploadUse:
    """One place that takes files: which extensions it allows and how large a file may be."""

    key: str
    label: str
    extensions: tuple[str, ...]
    max_bytes: Callable[[], int]


def _setting(name: str, default: int) -> Callable[[], int]:
    return lambda: int(getattr(settings, name, default))


PROPOSAL_ATTACHMENT = UploadUse(
    "proposal_attachment",
    gettext_noop("议案建议附件"),
    (".pdf", ".docx", ".doc", ".ofd", ".jpg", ".jpeg", ".png", ".xlsx"),
    _setting("RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", 20 * MB),
)
REPLY_LETTER = UploadUse(
    "reply_letter",
    gettext_noop("答复函"),
    (".pdf", ".docx", ".doc", ".ofd"),
    _setting("RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", 20 * MB),
)
MEETING_DOCUMENT = UploadUse(
    "meeting_document",
    gettext_noop("会议文件"),
    (".pdf", ".docx", ".doc", ".ofd", ".xlsx", ".xls", ".pptx", ".jpg", ".jpeg", ".png"),
    _setting("RENDA_MEETING_DOCUMENT_MAX_BYTES", 50 * MB),
)
EVENT_ATTACHMENT = UploadUse(
    "event_attachment",
    gettext_noop("办理记录附件"),
    (".pdf", ".docx", ".doc", ".ofd", ".jpg", ".jpeg", ".png"),
    _setting("RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", 20 * MB),
)
IMPORT = UploadUse(
    "import", gettext_noop("导入文件"), (".xlsx",), _setting("RENDA_IMPORT_MAX_BYTES", 25 * MB)
)

# A target's progress evidence (issue 16: files, photos): the attachment cap of the house (20 MB); a photo is
# also held to the photo cap when it is re-encoded (renda.livelihood.photos).
TARGET_EVIDENCE = UploadUse(
    "target_evidence",
    gettext_noop("目标进展佐证材料"),
    (".jpg", ".jpeg", ".png", ".pdf", ".docx", ".ofd"),
    _setting("RENDA_TARGET_EVIDENCE_MAX_BYTES", 20 * MB),
)

# The evidence a committee of investigation receives (监督法 第五十七条): documents and photos.
INVESTIGATION_EVIDENCE = UploadUse(
    "investigation_evidence",
    gettext_noop("调查证据材料"),
    (".pdf", ".docx", ".doc", ".ofd", ".xlsx", ".jpg", ".jpeg", ".png"),
    _setting("RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", 20 * MB),
)

USES = {
    u.key: u
    for u in (
        PROPOSAL_ATTACHMENT,
        REPLY_LETTER,
        MEETING_DOCUMENT,
        EVENT_ATTACHMENT,
        IMPORT,
        TARGET_EVIDENCE,
        INVESTIGATION_EVIDENCE,
    )
}


# --- Sniffing ---------------------------------------------------------------------------------------

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_KINDS = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar"})
HTML_RE = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<\?xml|<svg)", re.IGNORECASE)


def _zip_kind(file: Any) -> str:
    """docx / xlsx / pptx / ofd / zip from the names in a ZIP's central directory (nothing is unpacked)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip-broken"
    finally:
        file.seek(0)
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names or any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def sniff(file: Any) -> str | None:
    """What the file's content is: a filetype extension ('pdf', 'png', 'exe' …), 'docx'/'xlsx'/'pptx'/'ofd'/
    'zip' for ZIP archives, 'cfb' for OLE2 compound files, 'html' for markup, None when not recognised."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        return None
    if head.startswith(CFB_MAGIC):
        return "cfb"
    kind = filetype.guess(head)
    ext = kind.extension if kind is not None else None
    if ext in ZIP_KINDS or head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if ext is None and HTML_RE.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    return ext


def _kind_label(kind: str | None) -> str:
    if kind is None:
        return _("无法识别的内容")
    if kind in KIND_LABELS:
        return _(KIND_LABELS[kind])
    return kind.upper()


def check_upload(file: Any, use: UploadUse, *, field: str = "file") -> str:
    """Refuse (ApplicationError, naming the file and why) a file that `use` does not take: a missing or
    empty file, an extension not allowed, a size over the cap, or content that is not what its extension
    says. Returns the file's base name."""
    name = os.path.basename((getattr(file, "name", "") or "").replace("\\", "/"))
    ext = os.path.splitext(name)[1].lower()
    if not file or not name:
        raise ApplicationError(_("请选择文件"), field=field, code="file_missing")
    if ext not in use.extensions:
        raise ApplicationError(
            _("附件“%(name)s”的类型不允许；可上传：%(types)s")
            % {"name": name, "types": "、".join(e.lstrip(".") for e in use.extensions)},
            field=field,
            code="file_type",
        )
    size = getattr(file, "size", None)
    limit = use.max_bytes()
    if size is None or size > limit:
        raise ApplicationError(
            _("附件“%(name)s”超过大小上限（%(mb)s MB）") % {"name": name, "mb": f"{limit / MB:g}"},
            field=field,
            code="file_size",
        )
    if size == 0:
        raise ApplicationError(_("附件“%(name)s”是空文件") % {"name": name}, field=field, code="file_empty")
    kind = sniff(file)
    if kind not in CONTENT_OF_EXTENSION[ext]:
        raise ApplicationError(
            _("附件“%(name)s”的内容不是 %(ext)s 文件（识别为：%(kind)s），未保存")
            % {"name": name, "ext": ext.lstrip(".").upper(), "kind": _kind_label(kind)},
            field=field,
            code="file_content",
        )
    return name


# --- Request bodies ---------------------------------------------------------------------------------

# The pages and API operations that take a file, by URL name, and the use whose cap bounds their body.
UPLOAD_VIEWS: dict[str, UploadUse] = {
    "proposals:attachment_add": PROPOSAL_ATTACHMENT,
    "api:proposals_attach": PROPOSAL_ATTACHMENT,
    "proposals:act": REPLY_LETTER,  # the draft_reply action carries the letter
    "meetings:document_add": MEETING_DOCUMENT,
    "deputies:import": IMPORT,
    "organization:unit_import": IMPORT,
    "targets:action": TARGET_EVIDENCE,  # the report action carries the evidence
    "supervision:investigation_action": INVESTIGATION_EVIDENCE,  # the add_evidence action carries the file
}


def default_body_cap() -> int:
    """Any other request: its form fields or JSON (no files)."""
    return int(getattr(settings, "RENDA_MAX_REQUEST_BYTES", 10 * MB))


def body_cap(path: str) -> int:
    """The largest request body a request to `path` may send."""
    try:
        match = resolve(path)
    except Resolver404:
        return default_body_cap()
    view = match.view_name or ""
    use = UPLOAD_VIEWS.get(view)
    if use is None and (match.url_name or "").endswith("import"):  # every register's ImportViews page
        use = IMPORT
    if use is not None:
        return use.max_bytes() + ENVELOPE_BYTES
    if view.startswith("admin:"):  # the admin's change forms may hold any of the files
        return max(u.max_bytes() for u in USES.values()) + ENVELOPE_BYTES
    return default_body_cap()


TOO_LARGE = gettext_lazy("请求过大（%(size)s MB），此处上限为 %(limit)s MB；文件未上传")


class UploadLimitMiddleware:
    """Answer 413 to a request whose declared Content-Length exceeds its path's cap, before any of the body
    is read (Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count files, and the multipart parser would stream
    a whole 120 MB body to disk first). Keep it first in MIDDLEWARE, after renda.api.fastcast only (which
    reads no body longer than the default cap)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 0:
            cap = body_cap(request.path_info)
            if length > cap:
                message = str(TOO_LARGE) % {"size": f"{length / MB:.1f}", "limit": f"{cap / MB:g}"}
                if request.path_info.startswith("/api/"):
                    answer = {"code": "too_large", "message": message}
                    response: HttpResponse = JsonResponse(answer, status=413)
                else:
                    response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
                response["Connection"] = "close"
                return response
        return self.get_response(request)
