"""Handling-unit import and export pages (thin adapters over unit_io and renda.core.importing)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core import importing as imp
from renda.core.http import page_for
from renda.organization import permissions, unit_io
from renda.organization.tasks import unit_import_task

PAGE = imp.ImportPage(
    kind=unit_io.KIND,
    title=_("导入承办单位"),
    columns=unit_io.unit_columns,
    job_url="organization:unit_import_job",
    errors_url="organization:unit_import_errors",
    import_url="organization:unit_import",
    template_url="organization:unit_import_template",
    export_url="organization:unit_export",
    list_url="organization:unit_list",
)


def _run(job_id: int):
    return unit_io.unit_import_run(job_id=job_id)


@page_for(permissions.can_import_units)
def unit_import(request):
    form = imp.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imp.import_start(
                actor=request.user,
                kind=unit_io.KIND,
                upload=form.cleaned_data["file"],
                run=_run,
                task=unit_import_task,
            )
        except imp.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("organization:unit_import_job", job_id=job.pk)
    status = 400 if form.errors else 200
    context = imp.upload_context(PAGE, request.user, form)
    return render(request, "organization/import.html", context, status=status)


def unit_import_job(request, job_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = imp.job_for_user_or_404(request.user, job_id, unit_io.KIND)
    context = imp.job_context(PAGE, job)
    if getattr(request, "htmx", False):
        return render(request, "core/import_job.html#progress", context)
    return render(request, "organization/import_job.html", context)


def unit_import_errors(request, job_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = imp.job_for_user_or_404(request.user, job_id, unit_io.KIND)
    return imp.xlsx_response(imp.errors_workbook(job.errors), f"导入错误-{job.pk}.xlsx")


@page_for(permissions.can_import_units)
def unit_template(request):
    return imp.xlsx_response(unit_io.unit_template(), "承办单位导入模板.xlsx")


@page_for(permissions.can_export_units)
def unit_export(request):
    content = unit_io.unit_export(actor=request.user)
    return imp.xlsx_response(content, f"承办单位-{timezone.localdate():%Y%m%d}.xlsx")
