"""Pages of law-enforcement inspections (执法检查, 监督法 第三十四至三十九条): staff start the inspection of
an enforcement item from its page; the inspection's page (law, articles, group, visits, report) with its
one ActionMenu; the item's own page carries the path on (meeting, opinions, the report on rectification)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.actors import as_actor
from renda.core.docx import DOCX_CONTENT_TYPE
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.supervision import forms, permissions, selectors
from renda.supervision.services import inspections as services


def _on(service):
    return lambda actor, obj, data: service(actor=actor, inspection_id=obj, **data)


MENU = ActionMenu(
    {
        "add_member": ActionSpec(
            gettext_lazy("增加检查组成员"),
            _on(services.inspection_add_member),
            done=gettext_lazy("已增加检查组成员"),
            form=forms.GroupMemberForm,
            form_kwargs=lambda obj: {"candidates": selectors.group_candidates(obj)},
            style="outline-primary",
        ),
        "start": ActionSpec(
            gettext_lazy("开始检查"),
            _on(services.inspection_start),
            done=gettext_lazy("检查组已开始检查"),
        ),
        "record_visit": ActionSpec(
            gettext_lazy("记录实地检查"),
            _on(services.inspection_record_visit),
            done=gettext_lazy("已记录实地检查"),
            form=forms.VisitForm,
            style="outline-primary",
        ),
        "report": ActionSpec(
            gettext_lazy("形成执法检查报告"),
            _on(services.inspection_report),
            done=gettext_lazy("已形成执法检查报告，可列入常务委员会会议议程"),
            form=forms.InspectionReportForm,
        ),
    }
)


def _signed_in(user) -> bool:
    return True


def _manager(user) -> bool:
    return permissions.can_manage(as_actor(user))


@page_for(_manager)
@require_POST
def new(request, pk: int):
    """Staff start the inspection of an enforcement item (from the item's page)."""
    try:
        item = selectors.item(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc
    form = forms.InspectionForm(request.POST)
    if form.is_valid():
        ok, obj = attempt(
            request,
            lambda: services.inspection_create(actor=request.actor, item_id=item, **form.cleaned_data),
        )
        if ok and obj is not None:
            messages.success(request, _("已组织执法检查，请确定检查组成员"))
            return redirect("supervision:inspection", pk=obj.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect("supervision:item", pk=pk)


def _get(request, pk: int):
    try:
        return selectors.inspection(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _page(request, obj, bound=None):
    context = {
        "obj": obj,
        "members": obj.members.select_related("deputy").order_by("id"),
        "visits": obj.visits.order_by("visited_on", "id"),
        "timeline": selectors.item_timeline(obj),
        **MENU.context(request, obj, "supervision:inspection_action", bound),
    }
    return render(request, "supervision/inspection.html", context, status=400 if bound else 200)


detail, action = MENU.page_views(load=_get, draw=_page, detail="supervision:inspection", allowed=_signed_in)


@page_for(_signed_in)
@require_GET
def report_docx(request, pk: int):
    """执法检查报告 (GB/T 9704) once made."""
    obj = _get(request, pk)
    if obj.reported_on is None:
        raise Http404
    response = HttpResponse(
        services.report_document(actor=request.actor, inspection_id=obj), content_type=DOCX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="inspection-report-{obj.pk}.docx"'
    response["Cache-Control"] = "no-store"
    return response
