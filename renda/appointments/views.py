"""Pages of appointments (任免; MISSION.md §7): the lists, a list's page with its people, their records, the
vote and the oaths, and its action menu; the 任命书 (Word) of an appointee; the register's Excel export; and
the public register of appointments and removals (no sign-in, no personal data beyond name, post and date).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from renda.appointments import documents, permissions, rules, selectors, services
from renda.appointments.forms import (
    CaseForm,
    ClashForm,
    OathRecordForm,
    PersonForm,
    ResignForm,
    ScheduleForm,
    SettingsForm,
    SubmitForm,
    VoteForm,
    WithdrawForm,
)
from renda.appointments.models import Action, CaseStatus, PostClass, Result
from renda.core.docx import docx_response
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec
from renda.core.record_pages import submitted
from renda.core.register_pages import menu_pages, register_pages
from renda.core.xlsx import register_heading, table_xlsx, xlsx_response

PAGE_SIZE = 100


def _on(service):
    return lambda actor, case, data: service(actor=actor, case_id=case, **data)


def _today():
    return {"initial": {"submitted_on": timezone.localdate(), "reviewed_on": timezone.localdate()}}


def _vote_kwargs(case):
    return {
        "case": case,
        "initial": {
            "voted_on": timezone.localdate(),
            "members_total": selectors.members_total(),
            "mode": "per_person",
        },
    }


def _oath_kwargs(case):
    return {
        "pending": selectors.oath_pending(case),
        "initial": {"taken_on": timezone.localdate(), "form": "individual"},
    }


def _vote_done(case):
    failed = case.people.filter(result=Result.FAILED).count()
    if failed:
        done = _("已登记表决结果：%(n)s 人未获通过（赞成票未超过全体组成人员的半数）") % {"n": failed}
    else:
        done = _("已登记表决结果：全部通过")
    posts = [x.post for x in selectors.clashes(case)]
    if posts:
        done += _("。注意：%(posts)s 的免职未通过而任命已通过，请登记处理说明") % {"posts": "、".join(posts)}
    return done


CASE_MENU = ActionMenu(
    {
        "add_person": ActionSpec(
            gettext_lazy("添加拟任免人员"), _on(services.person_add), done=gettext_lazy("已添加人员"),
            form=PersonForm, style="outline-primary",
        ),
        "submit": ActionSpec(
            gettext_lazy("登记提请"), _on(services.case_submit), done=gettext_lazy("已登记提请"),
            form=SubmitForm, form_kwargs=lambda c: _today(),
        ),
        "schedule": ActionSpec(
            gettext_lazy("主任会议审议，列入常委会会议议程"), _on(services.case_schedule),
            done=gettext_lazy("已列入常委会会议议程"), form=ScheduleForm, form_kwargs=lambda c: _today(),
        ),
        "open_polls": ActionSpec(
            gettext_lazy("提交电子表决"), _on(services.case_open_polls),
            done=gettext_lazy("已为每位人员建立表决，请在“表决”页面逐项开始和结束表决"),
            style="outline-primary",
        ),
        "vote": ActionSpec(
            gettext_lazy("登记表决结果"), _on(services.case_vote), form=VoteForm, form_kwargs=_vote_kwargs,
            done=_vote_done,
        ),
        "oath": ActionSpec(
            gettext_lazy("登记宪法宣誓"), lambda a, c, d: services.person_oath(actor=a, case_id=c, **d),
            done=gettext_lazy("已登记宪法宣誓"), form=OathRecordForm, form_kwargs=_oath_kwargs,
        ),
        "withdraw": ActionSpec(
            gettext_lazy("撤回"), _on(services.case_withdraw), done=gettext_lazy("已撤回"),
            form=WithdrawForm, style="outline-danger",
        ),
        "resign": ActionSpec(
            gettext_lazy("登记辞职"), lambda a, c, d: services.person_resign(actor=a, case_id=c, **d),
            done=gettext_lazy("已登记辞职"), form=ResignForm, style="outline-secondary",
            form_kwargs=lambda c: {"holders": selectors.resign_candidates(c),
                                   "initial": {"resigned_on": timezone.localdate()}},
        ),
        "resolve_clash": ActionSpec(
            gettext_lazy("登记任免冲突处理说明"), _on(services.case_resolve_clash),
            done=gettext_lazy("已登记处理说明"), form=ClashForm, style="outline-danger",
        ),
    }
)  # fmt: skip


_readers, _managers, _case, case_list, case_new = register_pages(
    "appointments", permissions, selectors.case, CaseStatus, ("cases", selectors.case_list),
    heading=gettext_lazy("人事任免"), form=CaseForm, service=services.case_create,
    done=gettext_lazy("已登记任免案"), new_heading=gettext_lazy("登记任免案"),
)  # fmt: skip


def _context(request, case):
    people = selectors.voting_order(case)
    for p in people:
        p.shown = permissions.personal_shown(request.actor, p)
        p.oath_due = rules.oath_required(dismiss=p.action == Action.DISMISS, passed=p.result == Result.PASSED)
    return {
        "case": case,
        "people": people,
        "needed": selectors.needed(case),
        "timeline": selectors.timeline(case),
        "clashes": selectors.clash_names(case),
        "may_manage": permissions.can_manage(request.actor),
    }


case_detail, case_action = menu_pages(
    CASE_MENU, "appointments:detail", "appointments:action", load=_case, context=_context, allowed=_readers
)


@page_for(_readers)
@require_GET
def certificate_docx(request, pk: int, person_id: int):
    case = _case(request, pk)
    person = case.people.filter(pk=person_id, action=Action.APPOINT, result=Result.PASSED).first()
    if person is None:
        raise Http404
    data = documents.certificate_docx(selectors.certificate(case, person))
    return docx_response(data, f"appointment-{case.pk}-{person.pk}.docx")


REGISTER_HEADER = (
    gettext_lazy("表决日期"),
    gettext_lazy("任免"),
    gettext_lazy("姓名"),
    gettext_lazy("职务"),
    gettext_lazy("提请机关"),
    gettext_lazy("任命书编号"),
    gettext_lazy("宪法宣誓日期"),
)


@page_for(_readers)
@require_GET
def register_xlsx(request):
    qs = selectors.register(q=request.GET.get("q", "").strip()[:50], action=request.GET.get("action", ""))
    content, _rows = table_xlsx(
        [str(h) for h in REGISTER_HEADER],
        selectors.register_rows(qs),
        title=_("任免名单"),
        heading=register_heading(
            congress=selectors.issuer(), term="", what=_("人事任免名单"), as_of=timezone.localdate()
        ),
        widths=(12, 8, 12, 40, 24, 16, 14),
    )
    return xlsx_response(content, "appointments-register.xlsx")


HOLDER_HEADER = (
    gettext_lazy("姓名"),
    gettext_lazy("职务"),
    gettext_lazy("职务类别"),
    gettext_lazy("任职日期"),
    gettext_lazy("任期至"),
    gettext_lazy("离任日期"),
    gettext_lazy("离任原因"),
    gettext_lazy("任命书编号"),
)


def _holder_filters(request) -> dict:
    body = request.GET.get("body", "")
    return {
        "body": body if body in PostClass.values else "",
        "post": request.GET.get("post", "").strip()[:50],
        "current": request.GET.get("all", "") != "1",
    }


@page_for(_readers)
@require_GET
def holders(request):
    """The register of office holders (任职名册): by post class and post, current holders or all tenures."""
    filters = _holder_filters(request)
    context = {
        "rows": selectors.holders(**filters)[:PAGE_SIZE],
        **filters,
        "bodies": PostClass.choices,
        "may_manage": permissions.can_manage(request.actor),
    }
    return render(request, "appointments/holders.html", context)


@page_for(_readers)
@require_GET
def holders_xlsx(request):
    filters = _holder_filters(request)
    content, _rows = table_xlsx(
        [str(h) for h in HOLDER_HEADER],
        selectors.holder_rows(selectors.holders(**filters)),
        title=_("任职名册"),
        heading=register_heading(
            congress=selectors.issuer(), term="", what=_("任职名册"), as_of=timezone.localdate()
        ),
        widths=(12, 40, 24, 12, 12, 12, 10, 16),
    )
    return xlsx_response(content, "appointments-holders.xlsx")


@page_for(_managers)
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The office's settings: the least number of witnesses of an oath."""
    row = selectors.settings_row()
    form = SettingsForm(request.POST or None, initial={"min_witnesses": row.min_witnesses})
    saved = submitted(request, form, services.settings_update, done=_("已保存"), then="appointments:settings")
    if saved:
        return saved
    status = 400 if request.method == "POST" else 200
    return render(
        request, "appointments/form.html", {"form": form, "heading": _("人事任免设置")}, status=status
    )


# --- the public (no sign-in) ------------------------------------------------------------------------------


@require_GET
def public_register(request):
    q = request.GET.get("q", "").strip()[:50]
    action = request.GET.get("action", "")
    rows = list(selectors.register(q=q, action=action)[:PAGE_SIZE])
    current = selectors.holders(post=q)[:PAGE_SIZE]
    context = {"rows": rows, "q": q, "action": action, "actions": Action.choices, "holders": current}
    return render(request, "appointments/public.html", context)
