"""The import and export pages of a register, written once: each app configures one :class:`ImportViews`.

    ROSTER_IO = ImportViews(kind=roster.KIND, title=_("导入代表名册"), namespace="deputies", …)
    urlpatterns = [*ROSTER_IO.urls(), …]

gives five pages under the app's namespace: ``{prefix}import`` (upload; runs small files in the request and
queues large ones), ``{prefix}import_job`` (progress, polled by htmx), ``{prefix}import_errors`` (the error
list as xlsx), ``{prefix}import_template`` and ``{prefix}export``. The upload page and the template need
`can_import`, the export `can_export`; a job and its errors are shown to whoever started it and to registrars
(anyone else gets 404, as if it did not exist).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from renda.core.http import page_for
from renda.core.importing.cells import Column, ImportFileError
from renda.core.importing.jobs import import_job_create, import_job_run_capped
from renda.core.importing.reader import inspect_upload
from renda.core.importing.workbooks import errors_workbook
from renda.core.xlsx import xlsx_response

if TYPE_CHECKING:
    from renda.core.models import ImportJob


def import_start(*, actor: Any, kind: str, upload: Any, run: Callable[[int], Any], task: Any) -> ImportJob:
    """Check the file, store it as an ImportJob and run it: in this request when it has fewer than
    RENDA_IMPORT_BACKGROUND_MIN_ROWS data rows, otherwise by enqueueing `task(job_id)` for the worker.
    Either way the import itself runs under the same memory and time cap (`import_job_run_capped`: a forked
    child under RLIMIT_AS), so a small file that unpacks into a large one cannot grow the web worker either.
    Raises ImportFileError for unreadable files (no job is created)."""
    rows = inspect_upload(upload)
    background = rows >= settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS
    job = import_job_create(actor=actor, kind=kind, upload=upload, total_rows=rows, background=background)
    if background:
        job_id = job.pk
        transaction.on_commit(lambda: task.enqueue(job_id))
    else:
        import_job_run_capped(job_id=job.pk, run=run)
        job.refresh_from_db()
    return job


def can_open_job(user: Any, job: ImportJob) -> bool:
    from renda.core.roles import REGISTRAR_ROLES, has_role

    return job.created_by_id == getattr(user, "pk", None) or has_role(user, *REGISTRAR_ROLES)


def job_for_user_or_404(user: Any, job_id: int, kind: str) -> ImportJob:
    """The job, if `user` created it or is staff/admin; anyone else gets 404 as if it did not exist."""
    from renda.core.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id, kind=kind).select_related("created_by").first()
    if job is None or not can_open_job(user, job):
        raise Http404
    return job


@dataclass(frozen=True)
class ImportPage:
    """What the shared import templates need to know about one register."""

    kind: str
    title: str | Promise
    columns: Callable[[], Sequence[Column]]
    job_url: str  # url name taking job_id
    errors_url: str  # url name taking job_id
    import_url: str
    template_url: str
    export_url: str
    list_url: str = ""


def upload_context(page: ImportPage, user: Any, form: forms.Form) -> dict[str, Any]:
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


def job_context(page: ImportPage, job: ImportJob) -> dict[str, Any]:
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


def signed_in(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class ImportViews:
    """The import and export pages of one register (see the module's docstring)."""

    kind: str
    title: str | Promise  # the pages' heading, e.g. 导入代表名册
    register: str  # names the files: 代表名册导入模板.xlsx, 代表名册-20261206.xlsx
    namespace: str  # the app's URL namespace; also where its templates are (<namespace>/import.html …)
    columns: Callable[[], Sequence[Column]]
    run: Callable[[int], Any]  # runs a job in the request: run(job_id)
    task: Any  # queues a job for the worker: task.enqueue(job_id)
    template_workbook: Callable[[], bytes]
    export_workbook: Callable[[Any], bytes]  # export_workbook(request) → the register as xlsx
    can_import: Callable[[Any], bool]
    can_export: Callable[[Any], bool]
    name_prefix: str = ""  # URL names: <name_prefix>import, <name_prefix>export …, the list <name_prefix>list

    @property
    def page(self) -> ImportPage:
        name = f"{self.namespace}:{self.name_prefix}"
        return ImportPage(
            kind=self.kind,
            title=self.title,
            columns=self.columns,
            job_url=f"{name}import_job",
            errors_url=f"{name}import_errors",
            import_url=f"{name}import",
            template_url=f"{name}import_template",
            export_url=f"{name}export",
            list_url=f"{name}list",
        )

    def urls(self, prefix: str = "") -> list[URLPattern]:
        """The five URL patterns, under `prefix` (a path ending in "/", or "")."""
        name = self.name_prefix
        return [
            path(f"{prefix}import/", page_for(self.can_import)(self.upload), name=f"{name}import"),
            path(f"{prefix}import/<int:job_id>/", page_for(signed_in)(self.job), name=f"{name}import_job"),
            path(
                f"{prefix}import/<int:job_id>/errors.xlsx",
                page_for(signed_in)(self.errors),
                name=f"{name}import_errors",
            ),
            path(
                f"{prefix}import/template.xlsx",
                page_for(self.can_import)(self.template),
                name=f"{name}import_template",
            ),
            path(f"{prefix}export.xlsx", page_for(self.can_export)(self.export), name=f"{name}export"),
        ]

    def upload(self, request: HttpRequest) -> HttpResponse:
        page = self.page
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = import_start(
                    actor=request.user,
                    kind=self.kind,
                    upload=form.cleaned_data["file"],
                    run=self.run,
                    task=self.task,
                )
            except ImportFileError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect(page.job_url, job_id=job.pk)
        status = 400 if form.errors else 200
        context = upload_context(page, request.user, form)
        return render(request, f"{self.namespace}/import.html", context, status=status)

    def job(self, request: HttpRequest, job_id: int) -> HttpResponse:
        context = job_context(self.page, job_for_user_or_404(request.user, job_id, self.kind))
        if getattr(request, "htmx", False):
            return render(request, "core/import_job.html#progress", context)
        return render(request, f"{self.namespace}/import_job.html", context)

    def errors(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = job_for_user_or_404(request.user, job_id, self.kind)
        return xlsx_response(errors_workbook(job.errors), f"导入错误-{job.pk}.xlsx")

    def template(self, request: HttpRequest) -> HttpResponse:
        return xlsx_response(self.template_workbook(), f"{self.register}导入模板.xlsx")

    def export(self, request: HttpRequest) -> HttpResponse:
        content = self.export_workbook(request)
        return xlsx_response(content, f"{self.register}-{timezone.localdate():%Y%m%d}.xlsx")
