"""Uploads: content checked against the use's allow-list (magic bytes, not the name), size caps per use, and a
request body over its path's cap refused (413) before a byte of it is read."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from renda.core import uploads
from renda.core.errors import ApplicationError

MB = 1024 * 1024
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 120
HTML = b"<!DOCTYPE html>\n<html><head><script>alert(1)</script></head><body></body></html>"


def docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def ofd_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        z.writestr("Doc_0/Document.xml", "<x/>")
    return buf.getvalue()


GOOD = {
    ".pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    ".png": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20,
    ".jpg": lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20,
    ".docx": docx_bytes,
    ".xlsx": xlsx_bytes,
    ".ofd": ofd_bytes,
    ".doc": lambda: uploads.CFB_MAGIC + b"\x00" * 600,
}


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(file, use) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        uploads.check_upload(file, use)
    return exc.value


@pytest.mark.parametrize("use", list(uploads.USES.values()), ids=list(uploads.USES))
def test_every_use_refuses_a_renamed_executable_and_an_html_page(use):
    for ext in use.extensions:
        for data, seen in ((EXE, "Windows 可执行程序"), (ELF, "Linux 可执行程序"), (HTML, "网页（HTML）")):
            err = refusal(upload(f"报告{ext}", data), use)
            assert err.code == "file_content" and err.field == "file"
            assert f"报告{ext}" in err.message and seen in err.message  # which file, and why


@pytest.mark.parametrize("use", list(uploads.USES.values()), ids=list(uploads.USES))
def test_every_use_accepts_its_real_types_and_refuses_other_extensions(use):
    for ext, make in GOOD.items():
        if ext in use.extensions:
            assert uploads.check_upload(upload(f"文件{ext}", make()), use) == f"文件{ext}"
    for ext in (".exe", ".html", ".svg", ".txt", ".js", ".bat"):
        assert refusal(upload(f"x{ext}", b"%PDF-1.4"), use).code == "file_type"


def test_office_files_are_told_apart_by_their_parts():
    assert uploads.sniff(upload("a.docx", docx_bytes())) == "docx"
    assert uploads.sniff(upload("a.xlsx", xlsx_bytes())) == "xlsx"
    assert uploads.sniff(upload("a.ofd", ofd_bytes())) == "ofd"
    err = refusal(upload("名册.xlsx", docx_bytes()), uploads.IMPORT)
    assert "名册.xlsx" in err.message and "DOCX" in err.message
    assert refusal(upload("a.docx", b"PK\x03\x04 broken"), uploads.PROPOSAL_ATTACHMENT).code == "file_content"


def test_meeting_documents_are_no_longer_any_type():
    assert refusal(upload("a.txt", b"abc"), uploads.MEETING_DOCUMENT).code == "file_type"
    assert refusal(upload("a.html", HTML), uploads.MEETING_DOCUMENT).code == "file_type"


def test_size_caps_per_use(settings):
    settings.RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES = 100
    settings.RENDA_MEETING_DOCUMENT_MAX_BYTES = 200
    pdf = b"%PDF-1.4 " + b"0" * 141  # 150 bytes
    assert refusal(upload("a.pdf", pdf), uploads.PROPOSAL_ATTACHMENT).code == "file_size"
    assert refusal(upload("a.pdf", pdf), uploads.REPLY_LETTER).code == "file_size"
    assert uploads.check_upload(upload("a.pdf", pdf), uploads.MEETING_DOCUMENT) == "a.pdf"
    assert refusal(upload("a.pdf", b""), uploads.MEETING_DOCUMENT).code == "file_empty"


@given(st.binary(min_size=1, max_size=600))
def test_property_only_pdf_content_passes_as_pdf(data):
    """Whatever the bytes, a .pdf is accepted exactly when its content starts as a PDF does."""
    file = upload("a.pdf", data)
    if data.startswith(b"%PDF"):
        assert uploads.check_upload(file, uploads.PROPOSAL_ATTACHMENT) == "a.pdf"
    else:
        assert refusal(file, uploads.PROPOSAL_ATTACHMENT).code == "file_content"


@given(st.binary(max_size=300), st.sampled_from([".pdf", ".png", ".jpg", ".doc", ".docx", ".ofd"]))
def test_property_an_executable_never_passes_whatever_follows(tail, ext):
    for head in (EXE, ELF):
        assert refusal(upload(f"a{ext}", head + tail), uploads.MEETING_DOCUMENT).code == "file_content"


# --- Request bodies: 413 before the body is read ---------------------------------------------------


class CountingStream:
    """A request body that records every byte asked of it (a real server would be receiving them)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b"x" * n

    def readline(self, n: int = -1) -> bytes:
        return self.read(n if n and n > 0 else 1)


def environ_for(path: str, stream: CountingStream, content_type: str) -> dict:
    environ = RequestFactory().post(path).environ
    environ.update({"CONTENT_LENGTH": str(stream.size), "CONTENT_TYPE": content_type})
    environ.update({"wsgi.input": stream, "PATH_INFO": path})
    return environ


def run_wsgi(environ: dict) -> tuple[str, bytes]:
    """Django's own WSGI handler (every middleware, CSRF enforced): (status line, body)."""
    status: dict[str, str] = {}

    def start_response(line, headers, exc_info=None):
        status["line"] = line

    body = b"".join(WSGIHandler()(environ, start_response))
    return status["line"], body


def wsgi_post(path: str, length: int, content_type: str = "multipart/form-data; boundary=b"):
    stream = CountingStream(length)
    line, body = run_wsgi(environ_for(path, stream, content_type))
    return line, body, stream


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/proposals/1/attachments/",
        "/api/proposals/1/attachments",
        "/meetings/1/items/1/documents/",
        "/deputies/import/",
        "/org/units/import/",
        "/proposals/1/act/draft_reply/",
        "/accounts/login/",
        "/api/proposals",
        "/no/such/page/",
    ],
)
def test_a_120_mb_body_is_refused_before_it_is_read(path):
    line, body, stream = wsgi_post(path, 120 * MB)
    assert line.startswith("413"), line
    assert stream.read_bytes == 0
    if path.startswith("/api/"):
        answer = json.loads(body)
        assert answer["code"] == "too_large" and "上限" in answer["message"]
    else:
        assert "上限" in body.decode()


@pytest.mark.django_db
def test_bodies_under_the_cap_are_read_as_usual(settings):
    """The control: the same stream, under its path's cap, is read by Django (so the test above can fail)."""
    for path, length, content_type in (
        ("/accounts/login/", 4096, "application/x-www-form-urlencoded"),
        ("/proposals/1/attachments/", 15 * MB, "multipart/form-data; boundary=b"),  # under 20 MB + 1 MB
    ):
        stream = CountingStream(length)
        environ = environ_for(path, stream, content_type)
        environ["HTTP_COOKIE"] = "csrftoken=" + "a" * 32  # CsrfViewMiddleware then reads the form
        line, _body = run_wsgi(environ)
        assert not line.startswith("413") and stream.read_bytes > 0, (path, line)


def test_caps_follow_the_path_and_the_settings(settings):
    settings.RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES = 3 * MB
    settings.RENDA_MEETING_DOCUMENT_MAX_BYTES = 7 * MB
    settings.RENDA_IMPORT_MAX_BYTES = 5 * MB
    settings.RENDA_TARGET_EVIDENCE_MAX_BYTES = 4 * MB
    settings.RENDA_MAX_REQUEST_BYTES = 1 * MB
    env = uploads.ENVELOPE_BYTES
    assert uploads.body_cap("/targets/3/action/report/") == 4 * MB + env
    assert uploads.body_cap("/proposals/9/attachments/") == 3 * MB + env
    assert uploads.body_cap("/api/proposals/9/attachments") == 3 * MB + env
    assert uploads.body_cap("/meetings/1/items/2/documents/") == 7 * MB + env
    assert uploads.body_cap("/deputies/import/") == 5 * MB + env
    assert uploads.body_cap("/org/units/import/") == 5 * MB + env
    assert uploads.body_cap("/proposals/") == 1 * MB
    assert uploads.body_cap("/nowhere/") == 1 * MB
    assert uploads.body_cap("/admin/core/importjob/add/") == 7 * MB + env
