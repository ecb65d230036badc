"""Pages of the meetings app: sessions, agenda, the live roll and quorum, a deputy's check-in (htmx)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.errors import ApplicationError
from renda.core.http import page_for, render_htmx
from renda.core.roles import Role, has_role
from renda.meetings import permissions, selectors, services, workflow
from renda.meetings.forms import (
    AgendaItemForm,
    DeliberationNoteForm,
    DocumentForm,
    LeaveDecisionForm,
    LeaveRequestForm,
    RollFilterForm,
    SessionForm,
)
from renda.meetings.models import AgendaDocument, AgendaItem

PAGE_SIZE = 30
ROLL_PAGE_SIZE = 100
SERVICES = {
    "open_check_in": services.session_open_check_in,
    "start": services.session_start,
    "close": services.session_close,
}
SUCCESS = {
    "open_check_in": gettext_lazy("已生成出席名册，开始签到"),
    "start": gettext_lazy("会议已开始"),
    "close": gettext_lazy("会议已闭会"),
}


def _is_deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


# --- sessions ------------------------------------------------------------------------------------


@page_for(permissions.can_view_sessions)
@require_GET
def session_list(request):
    qs = selectors.sessions_for(request.user).annotate(
        present=Count("roll", filter=Q(roll__status="present"))
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_manage": permissions.can_manage(request.user),
        "current": selectors.current_session_for(request.user),
    }
    return render(request, "meetings/session_list.html", context)


@page_for(permissions.can_manage)
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已创建会议"))
            return redirect("meetings:session_detail", pk=session.pk)
    return render(request, "meetings/session_form.html", {"form": form})


def _form_error(form, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _attendance_context(request, session) -> dict:
    summary = selectors.attendance_summary(session)
    actions = workflow.available_actions(request.user, session, quorate=summary["quorum_met"])
    return {
        "session": session,
        "summary": summary,
        "actions": actions,
        "live": session.status in (workflow.CHECK_IN, workflow.IN_PROGRESS),
        "blocked_start": (
            session.status == workflow.CHECK_IN
            and permissions.can_manage(request.user)
            and not summary["quorum_met"]
        ),
    }


def _roll_context(request, session) -> dict:
    form = RollFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    roll = selectors.roll_for(user=request.user, session=session, status=status)
    page = Paginator(roll, ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    manage = permissions.can_manage(request.user)
    return {
        "session": session,
        "roll_page": page,
        "roll_form": form,
        "roll_query": urlencode({"status": status}) if status else "",
        "can_manage": manage,
        "may_check_in_others": manage and workflow.state_allows("check_in", session.status),
        "may_decide_leave": manage and workflow.state_allows("decide_leave", session.status),
        "sees_roll": permissions.can_view_roll(request.user),
    }


@page_for(permissions.can_view_sessions)
@require_GET
def session_detail(request, pk: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    manage = permissions.can_manage(request.user)
    context = {
        **_attendance_context(request, session),
        **_roll_context(request, session),
        "agenda": selectors.agenda_for(session),
        "item_form": AgendaItemForm() if manage else None,
        "note_form": DeliberationNoteForm(session=session) if manage else None,
        "document_form": DocumentForm() if manage else None,
        "may_add_item": manage and workflow.state_allows("add_item", session.status),
        "my_attendance": selectors.attendance_of(
            session=session, deputy=permissions.deputy_for(request.user)
        ),
    }
    return render(request, "meetings/session_detail.html", context)


@page_for(permissions.can_view_sessions)
@require_GET
def session_attendance(request, pk: int):
    """The live attendance panel (htmx polls it every 2 s)."""
    session = selectors.session_for_view(user=request.user, pk=pk)
    return render(request, "meetings/session_detail.html#attendance", _attendance_context(request, session))


@page_for(permissions.can_view_sessions)
@require_GET
def session_roll(request, pk: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    return render_htmx(
        request, "meetings/session_detail.html", _roll_context(request, session), partial="roll"
    )


@page_for(permissions.can_manage)
@require_POST
def session_action(request, pk: int, action: str):
    session = selectors.session_for_view(user=request.user, pk=pk)
    if action not in SERVICES:
        raise Http404
    try:
        SERVICES[action](actor=request.user, session_id=session.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, SUCCESS[action])
    return redirect("meetings:session_detail", pk=session.pk)


@page_for(permissions.can_manage)
@require_POST
def check_in_for(request, pk: int, deputy_id: int):
    """Staff check a deputy in on their behalf; htmx swaps the roll line."""
    session = selectors.session_for_view(user=request.user, pk=pk)
    error = None
    try:
        services.check_in(actor=request.user, session_id=session.pk, deputy_id=deputy_id)
    except ApplicationError as exc:
        error = exc.message
    line = selectors.roll_for(user=request.user, session=session).filter(deputy_id=deputy_id).first()
    if request.htmx and line is not None:
        context = {**_roll_context(request, session), "line": line, "row_error": error}
        return render(request, "meetings/partials/roll_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("meetings:session_detail", pk=session.pk)


@page_for(permissions.can_manage)
@require_POST
def leave_decide(request, pk: int, leave_id: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    form = LeaveDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择批准或不批准"))
    elif not selectors.pending_leave(session).filter(pk=leave_id).exists():
        messages.error(request, _("请假申请不存在或已审批"))
    else:
        try:
            leave = services.leave_decide(actor=request.user, leave_id=leave_id, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已批准请假") if leave.status == "approved" else _("已不批准请假"))
    return redirect("meetings:session_detail", pk=session.pk)


@page_for(permissions.can_manage)
@require_POST
def item_add(request, pk: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, session_id=session.pk, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已增加议程"))
    else:
        messages.error(request, _("议程：请检查填写的内容"))
    return redirect("meetings:session_detail", pk=session.pk)


def _item_of(session, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(session=session, pk=item_id).first()
    if item is None:
        raise Http404
    return item


@page_for(permissions.can_manage)
@require_POST
def note_add(request, pk: int, item_id: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    item = _item_of(session, item_id)
    form = DeliberationNoteForm(request.POST, session=session)
    if form.is_valid():
        try:
            services.deliberation_note_add(actor=request.user, item_id=item.pk, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录审议意见"))
    else:
        messages.error(request, _("审议意见：请选择代表团并填写意见"))
    return redirect("meetings:session_detail", pk=session.pk)


@page_for(permissions.can_manage)
@require_POST
def document_add(request, pk: int, item_id: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    item = _item_of(session, item_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(actor=request.user, item_id=item.pk, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传会议文件"))
    else:
        messages.error(request, _("会议文件：请填写标题并选择文件"))
    return redirect("meetings:session_detail", pk=session.pk)


@page_for(permissions.can_view_sessions)
@require_GET
def document_download(request, pk: int, document_id: int):
    session = selectors.session_for_view(user=request.user, pk=pk)
    document = AgendaDocument.objects.filter(item__session=session, pk=document_id).first()
    if document is None or not document.file:
        raise Http404
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


# --- a deputy's phone page -----------------------------------------------------------------------


@page_for(_is_deputy)
def check_in(request, pk: int):
    """签到 on a phone: one big button; then 已签到. A leave request if the deputy cannot come."""
    session = selectors.session_for_view(user=request.user, pk=pk)
    deputy = permissions.deputy_for(request.user)
    leave_form = LeaveRequestForm()
    if request.method == "POST" and deputy is not None:
        action = request.POST.get("action")
        try:
            if action == "check_in":
                services.check_in(actor=request.user, session_id=session.pk, deputy_id=deputy.pk)
                messages.success(request, _("签到成功"))
                return redirect("meetings:check_in", pk=session.pk)
            if action == "leave":
                leave_form = LeaveRequestForm(request.POST)
                if leave_form.is_valid():
                    services.leave_request(
                        actor=request.user,
                        session_id=session.pk,
                        deputy_id=deputy.pk,
                        reason=leave_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("已提交请假申请，请等待审批"))
                    return redirect("meetings:check_in", pk=session.pk)
            else:
                messages.error(request, _("未知的操作"))
        except ApplicationError as exc:
            if action == "leave":
                _form_error(leave_form, exc)
            else:
                messages.error(request, exc.message)
    attendance = selectors.attendance_of(session=session, deputy=deputy)
    context = {
        "session": session,
        "deputy": deputy,
        "attendance": attendance,
        "leaves": selectors.leave_requests_of(attendance),
        "leave_form": leave_form,
        "may_check_in": attendance is not None and workflow.state_allows("check_in", session.status),
        "may_request_leave": (
            attendance is not None
            and workflow.state_allows("request_leave", session.status)
            and attendance.status == "expected"
        ),
        "summary": selectors.attendance_summary(session),
    }
    return render(request, "meetings/check_in.html", context)
