"""Pages of the meetings app: sessions, agenda, the live roll and quorum, a deputy's check-in (htmx).

Every action is declared once in an ActionMenu (renda.core.pages): the page draws what
`available_actions` allows (the actions the services accept) and `ActionMenu.handle` is the one POST
handler; refusals are shown through renda.core.pages (on the form, or as a message).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.http import page_for, render_htmx
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.roles import Role
from renda.core.templatetags.spine import ACTION_PLACEHOLDER
from renda.meetings import permissions, rules, selectors, services, workflow
from renda.meetings.choices import LeaveStatus
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

# --- the actions, declared once ------------------------------------------------------------------


def _on(key: str, service, attr: str = "pk"):
    """The call of `service` on the menu's object: its `attr` as the service's `key` (attr "" hands over
    the object itself, loaded through the actor's scope: the service reads it no more), the form's data."""
    return lambda actor, obj, data: service(actor=actor, **{key: getattr(obj, attr) if attr else obj}, **data)


def _on_line(service):
    """The call of `service` on one roll line: its session (the page's, already loaded) and deputy, the
    form's data."""
    return lambda actor, line, data: service(
        actor=actor, session_id=line.session, deputy_id=line.deputy_id, **data
    )


def _with_form(label, call, done, form, **extra) -> ActionSpec:
    """An action whose form keeps its fields' own names (each posts to its own URL)."""
    return ActionSpec(label, call, done=done, form=form, prefixed=False, **extra)


# On a session: its moves (the buttons of the attendance panel) and a new agenda item.
SESSION_MENU = ActionMenu(
    {
        "open_check_in": ActionSpec(
            gettext_lazy("开始签到"),
            _on("session_id", services.session_open_check_in, ""),
            done=lambda session: _opened_message(session),
        ),
        "start": ActionSpec(
            gettext_lazy("宣布开会"),
            _on("session_id", services.session_start, ""),
            done=gettext_lazy("会议已开始"),
        ),
        "close": ActionSpec(
            gettext_lazy("闭会"),
            _on("session_id", services.session_close, ""),
            done=gettext_lazy("会议已闭会"),
            style="outline-danger",
            confirm=gettext_lazy("确定闭会？未签到的代表将记为缺席。"),
        ),
        "add_item": _with_form(
            gettext_lazy("增加议程"),
            _on("session_id", services.agenda_item_add, ""),
            gettext_lazy("已增加议程"),
            AgendaItemForm,
        ),
    }
)


def early_check_in(session) -> int:
    """Days before the session's first day that check-in opens (opened) too early (rules.check_in_days_early;
    0: in time)."""
    return rules.check_in_days_early(timezone.localdate(), session.start_date)


def _opened_message(session) -> str:
    days = early_check_in(session)
    if days:
        return _("已生成出席名册，开始签到。注意：距开幕（%(date)s）还有%(n)s天，代表现在即可签到。") % {
            "date": session.start_date.isoformat(),
            "n": days,
        }
    return _("已生成出席名册，开始签到")


# On an agenda item.
ITEM_MENU = ActionMenu(
    {
        "add_note": _with_form(
            gettext_lazy("保存审议意见"),
            _on("item_id", services.deliberation_note_add),
            gettext_lazy("已记录审议意见"),
            DeliberationNoteForm,
            form_kwargs=lambda item: {"session": item.session},
        ),
        "add_document": _with_form(
            gettext_lazy("上传"),
            _on("item_id", services.document_add),
            gettext_lazy("已上传会议文件"),
            DocumentForm,
        ),
    }
)
# On one roll line: staff checking a deputy in from the roll, and the deputy's own phone page.
ROLL_MENU = ActionMenu({"check_in": ActionSpec(gettext_lazy("代签到"), _on_line(services.check_in))})
PHONE_MENU = ActionMenu(
    {
        "check_in": ActionSpec(
            gettext_lazy("签到"), _on_line(services.check_in), done=gettext_lazy("签到成功")
        ),
        "request_leave": _with_form(
            gettext_lazy("提交请假申请"),
            _on_line(services.leave_request),
            gettext_lazy("已提交请假申请，请等待审批"),
            LeaveRequestForm,
        ),
    }
)
PHONE_ACTIONS = {"check_in": "check_in", "leave": "request_leave"}  # the phone form's names
# On a leave request.
LEAVE_MENU = ActionMenu(
    {
        "decide_leave": _with_form(
            gettext_lazy("审批"),
            _on("leave_id", services.leave_decide),
            lambda leave: _("已批准请假") if leave.status == LeaveStatus.APPROVED else _("已不批准请假"),
            LeaveDecisionForm,
        ),
    }
)


def _is_deputy(user) -> bool:
    return as_actor(user).has_role(Role.DEPUTY)


def _back(request, session):
    """The redraw of a form posted from the session page: its errors as messages, back to the page."""

    def redraw(bound):
        for form in bound.values():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}：{error}" if label and label not in error else error)
        return redirect("meetings:session_detail", pk=session.pk)

    return redraw


def _handle(menu: ActionMenu, request, obj, name: str, session):
    """One action posted from the session page: `menu.handle`, then back to the page."""
    done = lambda: redirect("meetings:session_detail", pk=session.pk)  # noqa: E731
    return menu.handle(request, obj, name, done=done, redraw=_back(request, session))


# --- sessions ------------------------------------------------------------------------------------


@page_for(permissions.can_view_sessions)
@require_GET
def session_list(request):
    qs = selectors.sessions_for(request.actor).annotate(
        present=Count("roll", filter=Q(roll__status="present"))
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_manage": permissions.can_manage(request.actor),
        "current": selectors.current_session_for(request.user),
    }
    return render(request, "meetings/session_list.html", context)


@page_for(permissions.can_manage)
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.session_create(actor=request.actor, **form.cleaned_data)  # noqa: E731
        ok, session = attempt(request, call, form=form)
        if ok:
            messages.success(request, _("已创建会议"))
            return redirect("meetings:session_detail", pk=session.pk)
    return render(request, "meetings/session_form.html", {"form": form})


def _attendance_context(request, session, available) -> dict:
    summary = permissions.session_summary(session)
    start = spine.refusal(request.actor, session, "start")
    return {
        "session": session,
        "summary": summary,
        "buttons": SESSION_MENU.buttons(
            request.actor, session, available=[a for a in available if a in workflow.SESSION_ACTIONS]
        ),
        "action_url": reverse("meetings:session_action", args=[session.pk, ACTION_PLACEHOLDER]),
        "live": session.status in workflow.LIVE,
        "blocked_start": start is not None and start.code == "no_quorum",
        # opening check-in weeks ahead: the staff who may open it are warned beside the button
        "early_days": early_check_in(session) if "open_check_in" in available else 0,
    }


def _roll_context(request, session, available) -> dict:
    form = RollFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    roll = selectors.roll_for(user=request.actor, session=session, status=status)
    page = Paginator(roll, ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "session": session,
        "roll_page": page,
        "roll_form": form,
        "roll_query": urlencode({"status": status}) if status else "",
        # on the session itself, "check_in" is checking anyone in: the staff's roll console
        "may_check_in_others": "check_in" in available,
        "may_decide_leave": "decide_leave" in available,
        "sees_roll": permissions.can_view_roll(request.actor),
    }


@page_for(permissions.can_view_sessions)
@require_GET
def session_detail(request, pk: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    available = spine.available_actions(request.actor, session)
    context = {
        **_attendance_context(request, session, available),
        **_roll_context(request, session, available),
        "agenda": selectors.agenda_for(session),
        "item_form": AgendaItemForm() if "add_item" in available else None,
        "note_form": DeliberationNoteForm(session=session) if "add_note" in available else None,
        "may_add_item": "add_item" in available,
        "may_add_note": "add_note" in available,
        "may_add_document": "add_document" in available,
        "my_attendance": selectors.attendance_of(session=session, deputy=request.actor.deputy_id),
        "can_manage": permissions.can_manage(request.actor),
    }
    return render(request, "meetings/session_detail.html", context)


@page_for(permissions.can_view_sessions)
@require_GET
def session_attendance(request, pk: int):
    """The live attendance panel (htmx polls it every 2 s)."""
    session = selectors.session_for_view(user=request.actor, pk=pk)
    available = SESSION_MENU.available(request.actor, session)
    context = _attendance_context(request, session, available)
    return render(request, "meetings/session_detail.html#attendance", context)


@page_for(permissions.can_view_sessions)
@require_GET
def session_roll(request, pk: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    available = spine.available_actions(request.actor, session, only=("check_in", "decide_leave"))
    context = _roll_context(request, session, available)
    return render_htmx(request, "meetings/session_detail.html", context, partial="roll")


def _post(view):
    """A POST-only page of a signed-in user (each action's own rule is the table's, in `handle`)."""
    return page_for(permissions.can_view_sessions)(require_POST(view))


@_post
def session_action(request, pk: int, action: str):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    return _handle(SESSION_MENU, request, session, action, session)


@_post
def item_add(request, pk: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    return _handle(SESSION_MENU, request, session, "add_item", session)


def _item_of(session, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(session=session, pk=item_id).first()
    if item is None:
        raise Http404
    item.session = session
    return item


@_post
def note_add(request, pk: int, item_id: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    item = _item_of(session, item_id)
    return _handle(ITEM_MENU, request, item, "add_note", session)


@_post
def document_add(request, pk: int, item_id: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    item = _item_of(session, item_id)
    return _handle(ITEM_MENU, request, item, "add_document", session)


@_post
def leave_decide(request, pk: int, leave_id: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    leave = selectors.leave_of(session, leave_id)
    if leave is None:
        messages.error(request, _("请假申请不存在或已审批"))
        return redirect("meetings:session_detail", pk=session.pk)
    return _handle(LEAVE_MENU, request, leave, "decide_leave", session)


@page_for(permissions.can_manage)
@require_POST
def check_in_for(request, pk: int, deputy_id: int):
    """Staff check a deputy in on their behalf from the roll; htmx swaps the roll line."""
    session = selectors.session_for_view(user=request.actor, pk=pk)

    def done():
        line = selectors.roll_for(user=request.actor, session=session).filter(deputy_id=deputy_id).first()
        if not (request.htmx and line is not None):
            return redirect("meetings:session_detail", pk=session.pk)
        errors = [str(m) for m in messages.get_messages(request) if m.level == messages.ERROR]
        available = spine.available_actions(request.actor, session, only=("check_in", "decide_leave"))
        context = {**_roll_context(request, session, available), "line": line, "row_error": " ".join(errors)}
        return render(request, "meetings/partials/roll_row.html", context)

    line = permissions.roll_line(session, deputy_id)
    return ROLL_MENU.handle(request, line, "check_in", done=done, redraw=lambda _bound: done())


@page_for(permissions.can_manage)
@require_POST
def check_in_batch(request, pk: int):
    """批量签到: the ticked lines of the roll, checked in by one service call; back to the page with what
    happened to each (checked in, already present, refused with the reason)."""
    session = selectors.session_for_view(user=request.actor, pk=pk)
    ids = request.POST.getlist("deputy_ids")
    call = lambda: services.check_in_many(actor=request.actor, session_id=session, deputy_ids=ids)  # noqa: E731
    ok, results = attempt(request, call)
    if ok and results is not None:
        done = [r for r in results if r.ok and not r.already]
        already = [r for r in results if r.already]
        messages.success(
            request,
            _("批量签到：%(done)s人签到成功，%(already)s人此前已签到")
            % {"done": len(done), "already": len(already)},
        )
        for r in results:
            if not r.ok:
                messages.error(request, f"#{r.deputy_id}：{r.message}")
    return redirect("meetings:session_detail", pk=session.pk)


@page_for(permissions.can_manage)
@require_POST
def check_in_card(request, pk: int):
    """刷代表证签到: a USB scanner types the card number and Enter into the page's box; htmx answers with
    the outcome (and the box is cleared for the next card), a plain post goes back to the page."""
    session = selectors.session_for_view(user=request.actor, pk=pk)
    card = request.POST.get("card", "")
    call = lambda: services.check_in_by_card(actor=request.actor, session_id=session, card=card)  # noqa: E731
    ok, result = attempt(request, call)  # a refusal becomes the page's message
    if not request.htmx:
        if ok and result is not None:
            messages.success(request, _("%(name)s 签到成功") % {"name": result.name})
        return redirect("meetings:session_detail", pk=session.pk)
    if ok and result is not None:
        scan: dict = {"ok": True, "name": result.name, "already": result.already}
    else:  # shown in the scan box, not left for the next page
        errors = [str(m) for m in messages.get_messages(request) if m.level == messages.ERROR]
        scan = {"ok": False, "message": " ".join(errors)}
    context = {"scan": scan, "summary": permissions.session_summary(session)}
    return render(request, "meetings/partials/scan_result.html", context)


@page_for(permissions.can_view_sessions)
@require_GET
def document_download(request, pk: int, document_id: int):
    session = selectors.session_for_view(user=request.actor, pk=pk)
    document = AgendaDocument.objects.filter(item__session=session, pk=document_id).first()
    if document is None or not document.file:
        raise Http404
    name = (document.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


# --- a deputy's phone page -----------------------------------------------------------------------


@page_for(_is_deputy)
def check_in(request, pk: int):
    """签到 on a phone: one big button; then 已签到. A leave request if the deputy cannot come."""
    session = selectors.session_for_view(user=request.actor, pk=pk)
    attendance = selectors.attendance_of(session=session, deputy=request.actor.deputy_id)
    line = attendance or permissions.roll_line(session, request.actor.deputy_id)

    def page(bound):
        leaves = selectors.leave_requests_of(attendance)
        available = PHONE_MENU.available(request.actor, line) if attendance is not None else []
        pending = any(leave.status == LeaveStatus.REQUESTED for leave in leaves)
        context = {
            "session": session,
            "attendance": attendance,
            "leaves": leaves,
            "leave_form": bound.get("request_leave") or PHONE_MENU.make_form("request_leave", line),
            "may_check_in": "check_in" in available,
            "may_request_leave": "request_leave" in available
            and services.leave_problem(attendance, pending=pending) is None,
            "summary": permissions.session_summary(session),
        }
        return render(request, "meetings/check_in.html", context)

    if request.method == "POST":
        name = PHONE_ACTIONS.get(request.POST.get("action", ""), "")
        done = lambda: redirect("meetings:check_in", pk=session.pk)  # noqa: E731
        return PHONE_MENU.handle(request, line, name, done=done, redraw=page)
    return page({})
