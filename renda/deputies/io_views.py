"""Roster import and export pages (thin adapters over renda.deputies.roster and renda.core.importing)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core import importing as imp
from renda.core.http import page_for
from renda.deputies import permissions, roster
from renda.deputies.tasks import roster_import_task

PAGE = imp.ImportPage(
    kind=roster.KIND,
    title=_("导入代表名册"),
    columns=roster.roster_columns,
    job_url="deputies:import_job",
    errors_url="deputies:import_errors",
    import_url="deputies:import",
    template_url="deputies:import_template",
    export_url="deputies:export",
    list_url="deputies:list",
)


def _run(job_id: int):
    return roster.roster_import_run(job_id=job_id)


@page_for(permissions.can_import)
def roster_import(request):
    form = imp.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imp.import_start(
                actor=request.user,
                kind=roster.KIND,
                upload=form.cleaned_data["file"],
                run=_run,
                task=roster_import_task,
            )
        except imp.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("deputies:import_job", job_id=job.pk)
    status = 400 if form.errors else 200
    return render(
        request, "deputies/import.html", imp.upload_context(PAGE, request.user, form), status=status
    )


def roster_import_job(request, job_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = imp.job_for_user_or_404(request.user, job_id, roster.KIND)
    context = imp.job_context(PAGE, job)
    if getattr(request, "htmx", False):
        return render(request, "core/import_job.html#progress", context)
    return render(request, "deputies/import_job.html", context)


def roster_import_errors(request, job_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = imp.job_for_user_or_404(request.user, job_id, roster.KIND)
    return imp.xlsx_response(imp.errors_workbook(job.errors), f"导入错误-{job.pk}.xlsx")


@page_for(permissions.can_import)
def roster_template(request):
    return imp.xlsx_response(roster.roster_template(), "代表名册导入模板.xlsx")


@page_for(permissions.can_export)
def roster_export(request):
    content = roster.roster_export(actor=request.user, params=request.GET)
    return imp.xlsx_response(content, f"代表名册-{timezone.localdate():%Y%m%d}.xlsx")
