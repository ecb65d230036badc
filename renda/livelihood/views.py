"""Pages of livelihood projects (MISSION.md §4): the public collection form, the tracking page and the public
page (no sign-in, no personal data); the staff's list, a project's page with its action menu, the year's
settings, the vote's result entry and the Excel export.

Every action on a project is declared once in PROJECT_MENU (renda.core.pages): the page draws what
`available_actions` allows and `ActionMenu.handle` is the one POST handler.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import ratelimit, spine
from renda.core.actors import as_actor
from renda.core.docx import DOCX_CONTENT_TYPE
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.roles import Role
from renda.core.templatetags.spine import ACTION_PLACEHOLDER
from renda.core.xlsx import table_xlsx, xlsx_response
from renda.livelihood import documents, permissions, selectors, services
from renda.livelihood.forms import (
    AcceptForm,
    AnswerForm,
    EvaluateForm,
    GroupForm,
    InspectionForm,
    MilestoneDoneForm,
    MilestoneForm,
    PollOpenForm,
    ProposeForm,
    RejectForm,
    ReportForm,
    ShortlistForm,
    StaffProposeForm,
    VoteForm,
    YearForm,
)
from renda.livelihood.models import Grade, PollPurpose, ProjectStatus

PAGE_SIZE = 30
PROPOSALS_PER_HOUR = 5  # the public form, per client address


def _on(service):
    return lambda actor, project, data: service(actor=actor, project_id=project.pk, **data)


def _form(label, service, done, form, **extra) -> ActionSpec:
    return ActionSpec(label, _on(service), done=done, form=form, **extra)


PROJECT_MENU = ActionMenu(
    {
        "accept": _form(
            gettext_lazy("通过初筛"), services.project_accept, gettext_lazy("已通过初筛"), AcceptForm
        ),
        "reject": _form(
            gettext_lazy("不予采纳"),
            services.project_reject,
            gettext_lazy("已列为未采纳"),
            RejectForm,
            style="outline-danger",
            form_kwargs=lambda p: {"project": p},
        ),
        "shortlist": _form(
            gettext_lazy("列为候选项目"),
            services.project_shortlist,
            gettext_lazy("已列为候选项目"),
            ShortlistForm,
        ),
        "unlist": ActionSpec(
            gettext_lazy("撤出候选"),
            _on(services.project_unlist),
            done=gettext_lazy("已撤出候选项目"),
            style="outline-secondary",
            confirm=gettext_lazy("确定撤出候选项目？"),
        ),
        "report": _form(
            gettext_lazy("报告进展"), services.project_report, gettext_lazy("已报告进展"), ReportForm
        ),
        "plan": _form(
            gettext_lazy("添加实施节点"),
            services.milestone_add,
            gettext_lazy("已添加实施节点"),
            MilestoneForm,
        ),
        "evaluate": _form(
            gettext_lazy("录入测评结果"),
            services.project_evaluate,
            lambda p: _("测评结果：%(grade)s") % {"grade": p.get_grade_display()},
            EvaluateForm,
        ),
    }
)


def _signed_in(user) -> bool:
    return True


def _manager(user) -> bool:
    return permissions.can_manage(as_actor(user))


def _project(request, pk: int):
    try:
        return selectors.project_detail(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


# --- public: propose, track, the public page ---------------------------------------------------------------


def _propose_context(form, year) -> dict:
    return {
        "form": form,
        "year": year,
        "heading": _("民生实事项目建议征集"),
        "intro": _("请提出您希望政府办理的民生实事。提交后您会得到一个查询码，可随时查询办理情况。"),
        "public_form": True,
    }


@require_http_methods(["GET", "POST"])
def propose(request):
    """The collection form: no sign-in; answers the tracking code (rate-limited per client address)."""
    year = selectors.year_of(request.GET.get("year"))
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and year is not None and form.is_valid():
        if not ratelimit.allow(
            "livelihood-propose", ratelimit.client_key(request), limit=PROPOSALS_PER_HOUR, window=3600
        ):
            messages.error(request, _("提交过于频繁，请一小时后再试"))
            return render(request, "livelihood/form.html", _propose_context(form, year), status=429)
        ok, project = attempt(
            request,
            lambda: services.project_collect(
                actor=request.actor, year=year.year, source="public", **form.cleaned_data
            ),
            form=form,
        )
        if ok and project is not None:
            messages.success(request, _("已收到您的建议，请记下查询码：%(code)s") % {"code": project.code})
            return redirect(f"{reverse('livelihood:track')}?code={project.code}")
    return render(request, "livelihood/form.html", _propose_context(form, year))


@require_GET
def track(request):
    """A proposal's status by its tracking code: title, state, screening reason; nothing personal."""
    code = request.GET.get("code", "")
    project = None
    if code:
        try:
            project = selectors.project_by_code(code)
        except NotFound:
            messages.error(request, _("查询码无效或不存在"))
    reason = project.year.reason_label(project.screen_reason) if project and project.screen_reason else ""
    return render(request, "livelihood/track.html", {"project": project, "code": code, "reason": reason})


@require_GET
def public(request):
    """Every year's candidates, the vote's results, progress and grades (phones first)."""
    year = selectors.year_of(request.GET.get("year"))
    projects = list(selectors.public_projects(year)) if year else []
    context = {
        "year": year,
        "years": selectors.years(),
        "projects": projects,
        "lagging": selectors.lagging_ids(year) if year else set(),
        "heading": _("民生实事项目公开"),
    }
    return render(request, "livelihood/public.html", context)


# --- staff and the units ------------------------------------------------------------------------------------


@page_for(_signed_in)
@require_GET
def project_list(request):
    year = selectors.year_of(request.GET.get("year"))
    status = [s for s in request.GET.get("status", "").split(",") if s in ProjectStatus.values]
    qs = selectors.project_list(request.actor, year=year, status=status)
    lagging = selectors.lagging_ids(year) if year else set()
    only_lagging = request.GET.get("lagging") == "1"
    if only_lagging:
        qs = qs.filter(pk__in=lagging)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    manager = _manager(request.user)
    vote_open = bool(year and manager and selectors.candidates(request.actor, year))
    evaluation_open = bool(year and manager and selectors.evaluable(request.actor, year))
    context = {
        "year": year,
        "years": selectors.years(),
        "heading": _("民生实事项目"),
        "page": page,
        "status": status,
        "statuses": ProjectStatus.choices,
        "may_manage": _manager(request.user),
        "vote_open": vote_open,
        "evaluation_open": evaluation_open,
        "lagging": lagging,
        "only_lagging": only_lagging,
    }
    return render(request, "livelihood/project_list.html", context)


def _detail(request, project, bound=None):
    context = {
        "project": project,
        "proposer": permissions.proposer_shown(request.actor, project),
        "reason": project.year.reason_label(project.screen_reason) if project.screen_reason else "",
        "reports": project.reports.prefetch_related("photos"),
        "milestones": selectors.milestones(project),
        "may_plan": "plan" in spine.available_actions(request.actor, project),
        "done_form": MilestoneDoneForm(),
        "inspections": selectors.inspections(request.actor, project=project),
        "timeline": selectors.timeline(project),
        "buttons": PROJECT_MENU.buttons(request.actor, project, bound=bound),
        "action_url": reverse("livelihood:action", args=[project.pk, ACTION_PLACEHOLDER]),
    }
    return render(request, "livelihood/project_detail.html", context, status=400 if bound else 200)


@page_for(_signed_in)
@require_GET
def project_detail(request, pk: int):
    return _detail(request, _project(request, pk))


@page_for(_signed_in)
@require_POST
def project_action(request, pk: int, action: str):
    project = _project(request, pk)
    return PROJECT_MENU.handle(
        request,
        project,
        action,
        done=lambda: redirect("livelihood:detail", pk=pk),
        redraw=lambda bound: _detail(request, project, bound),
    )


@page_for(lambda user: bool(permissions.sources_for(as_actor(user))))
@require_http_methods(["GET", "POST"])
def project_new(request):
    """A proposal entered by a deputy, a unit or staff (paper forms: staff choose the source)."""
    year = selectors.year_of(request.GET.get("year"))
    form_class = StaffProposeForm if _manager(request.user) else ProposeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and year is not None and form.is_valid():
        ok, project = attempt(
            request,
            lambda: services.project_collect(actor=request.actor, year=year.year, **form.cleaned_data),
            form=form,
        )
        if ok and project is not None:
            messages.success(request, _("已登记项目建议，查询码：%(code)s") % {"code": project.code})
            return redirect("livelihood:detail", pk=project.pk)
    return render(request, "livelihood/form.html", {"form": form, "year": year, "heading": _("登记项目建议")})


YEAR_FIELDS = (
    "year", "places", "candidates", "main_month", "vote_mode", "collecting", "grade_rule", "lag_grace_days",
)  # fmt: skip
YEAR_DEFAULTS = {
    "places": 10,
    "candidates": 15,
    "main_month": 9,
    "vote_mode": "approve",
    "collecting": True,
    "grade_rule": "entitled",
    "lag_grace_days": 0,
}


@page_for(_manager)
@require_http_methods(["GET", "POST"])
def year_settings(request):
    year = selectors.year_of(request.GET.get("year"))
    initial = {f: getattr(year, f) for f in YEAR_FIELDS} if year else YEAR_DEFAULTS
    form = YearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(
            request, lambda: services.year_save(actor=request.actor, **form.cleaned_data), form=form
        )
        if ok and saved is not None:
            messages.success(request, _("已保存 %(year)s 年度设置") % {"year": saved.year})
            return redirect(f"{reverse('livelihood:list')}?year={saved.year}")
    return render(request, "livelihood/form.html", {"form": form, "heading": _("民生实事年度设置")})


@page_for(_manager)
@require_http_methods(["GET", "POST"])
def vote_entry(request, year: int):
    """The session's count for all candidates at once (the first round, or the revote among the tied)."""
    project_year = selectors.year_of(year)
    if project_year is None:
        raise Http404
    candidates = selectors.candidates(request.actor, project_year)
    form = VoteForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        ok, vote = attempt(
            request,
            lambda: services.vote_record(
                actor=request.actor,
                year_id=project_year.pk,
                total_entitled=form.cleaned_data["total_entitled"],
                counts=form.counts(),
            ),
            form=form,
        )
        if ok and vote is not None:
            messages.success(request, _("已录入第 %(n)s 轮票决结果") % {"n": vote.number})
            return redirect(f"{reverse('livelihood:list')}?year={project_year.year}")
    rows = [(p, [form[f"{k}_{p.pk}"] for k in ("yes", "no", "abstain")]) for p in candidates]
    context = {"year": project_year, "form": form, "rows": rows, "rounds": selectors.rounds(project_year)}
    return render(request, "livelihood/vote_entry.html", context)


POLL_SERVICES = {
    PollPurpose.VOTE: (services.vote_open, services.vote_close),
    PollPurpose.EVALUATION: (services.evaluation_open, services.evaluation_close),
}


@page_for(_manager)
@require_http_methods(["GET", "POST"])
def poll_console(request, year: int, purpose: str):
    """The staff's console of the session's project vote (purpose "vote") or the year-end evaluation
    ("evaluation") through the voting engine: open it on an agenda item (electronic: the deputies' phones;
    paper: voting's double entry), follow the turnout, close it — the livelihood services write the result
    to the projects."""
    project_year = selectors.year_of(year)
    if project_year is None or purpose not in POLL_SERVICES:
        raise Http404
    open_service, close_service = POLL_SERVICES[PollPurpose(purpose)]
    current = selectors.open_poll(project_year, purpose)
    form = PollOpenForm(
        request.POST if request.POST.get("do") == "open" else None, items=selectors.session_items()
    )
    if request.method == "POST":
        back = reverse("livelihood:poll", args=[project_year.year, purpose])
        if request.POST.get("do") == "close":
            ok, _result = attempt(
                request, lambda: close_service(actor=request.actor, year_id=project_year.pk)
            )
            if ok:
                messages.success(request, _("已结束并计票，结果已写入项目"))
                return redirect(f"{reverse('livelihood:list')}?year={project_year.year}")
            return redirect(back)
        if form.is_valid():
            ok, _link = attempt(
                request,
                lambda: open_service(actor=request.actor, year_id=project_year.pk, **form.cleaned_data),
                form=form,
            )
            if ok:
                messages.success(request, _("已开始，代表可在“我的表决”中投票"))
                return redirect(back)
    items = (
        selectors.candidates(request.actor, project_year)
        if purpose == PollPurpose.VOTE
        else selectors.evaluable(request.actor, project_year)
    )
    context = {
        "year": project_year,
        "purpose": purpose,
        "heading": PollPurpose(purpose).label,
        "current": current,
        "form": form,
        "projects": items,
        "history": [p for p in selectors.polls(project_year, purpose) if p.poll.status != "open"],
        "rounds": selectors.rounds(project_year),
    }
    return render(request, "livelihood/poll_console.html", context)


@page_for(lambda user: as_actor(user).has_role(Role.STAFF, Role.ADMIN, Role.LEADER, Role.AUDITOR))
@require_GET
def export(request):
    """The year's projects and results as xlsx (through core's safe writer)."""
    year = selectors.year_of(request.GET.get("year"))
    qs = selectors.project_list(request.actor, year=year).order_by(selectors.BY_RANK, "pk")
    grades = dict(Grade.choices)
    header = [
        _("查询码"), _("项目名称"), _("来源"), _("状态"), _("责任单位"), _("预算（万元）"), _("计划完成"),
        _("赞成票"), _("反对票"), _("弃权票"), _("得票排序"), _("测评结果"),
    ]  # fmt: skip
    rows = (
        [
            p.code,
            p.title,
            p.get_source_display(),
            p.get_status_display(),
            p.owner_unit.name if p.owner_unit else "",
            p.budget,
            p.end_date,
            p.votes_yes,
            p.votes_no,
            p.votes_abstain,
            p.rank,
            grades.get(p.grade, ""),
        ]
        for p in qs
    )
    content, _n = table_xlsx(header, rows, title=_("民生实事项目"))
    return xlsx_response(content, f"livelihood-{year.year if year else 'all'}.xlsx")


# --- milestones, photos (§4.5) ------------------------------------------------------------------------


@page_for(_signed_in)
@require_POST
def milestone_done(request, pk: int, milestone_id: int):
    """Mark a milestone done (the owner unit or staff): the day given, else today."""
    project = _project(request, pk)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        ok, _m = attempt(
            request,
            lambda: services.milestone_done(
                actor=request.actor, project_id=project.pk, milestone_id=milestone_id, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, _("节点已完成"))
    else:
        messages.error(request, _("日期无效"))
    return redirect("livelihood:detail", pk=pk)


@require_GET
def photo(request, pk: int, size: str):
    """A progress photo (size "full" or "thumb") to whoever may read its project, or anyone when the project
    is on the public page. Stored already cleaned (re-encoded, no EXIF)."""
    if size not in ("full", "thumb"):
        raise Http404
    try:
        found = selectors.photo(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc
    field = found.image if size == "full" else found.thumbnail
    response = FileResponse(field.open("rb"), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- the year's notices (GB/T 9704 docx) -------------------------------------------------------------------

NOTICES = {
    "vote": (documents.vote_notice_docx, "livelihood-vote"),
    "evaluation": (documents.evaluation_notice_docx, "livelihood-evaluation"),
}


@page_for(_manager)
@require_GET
def notice(request, year: int, kind: str):
    """票决结果公告 (kind "vote") or 测评结果通报 ("evaluation") of the year, in the GB/T 9704 format."""
    project_year = selectors.year_of(year)
    if project_year is None or kind not in NOTICES:
        raise Http404
    build, name = NOTICES[kind]
    content = build(selectors.year_sheet(project_year))
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{project_year.year}.docx"'
    return response


# --- the supervision group (监督小组, §4.5) --------------------------------------------------------------


@page_for(_manager)
@require_http_methods(["GET", "POST"])
def group(request, year: int):
    """Set up the year's supervision group (staff): the leader, a standing-committee leader; the members."""
    project_year = selectors.year_of(year)
    if project_year is None:
        raise Http404
    current = selectors.group_of(project_year)
    initial = (
        {"leader_id": current.leader_id, "member_ids": [m.pk for m in current.members.all()]}
        if current
        else {}
    )
    form = GroupForm(
        request.POST or None,
        initial=initial,
        leaders=selectors.group_leaders(),
        deputies=selectors.group_deputies(),
    )
    if request.method == "POST" and form.is_valid():
        ok, _g = attempt(
            request,
            lambda: services.group_save(actor=request.actor, year_id=project_year.pk, **form.cleaned_data),
            form=form,
        )
        if ok:
            messages.success(request, _("已保存监督小组"))
            return redirect(f"{reverse('livelihood:inspections')}?year={project_year.year}")
    heading = _("%(year)s年民生实事监督小组") % {"year": project_year.year}
    return render(request, "livelihood/form.html", {"form": form, "heading": heading})


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def inspections(request):
    """The supervision group's inspections of the year (InspectionPolicy's scope), the form to record one
    (a member of the group or staff), each open opinion's answer form (the owner unit, staff)."""
    year = selectors.year_of(request.GET.get("year"))
    group_ = selectors.group_of(year) if year else None
    may_record = bool(group_) and (_manager(request.user) or permissions.in_group(request.actor, group_))
    form = None
    if may_record and year is not None:
        form = InspectionForm(
            request.POST or None, projects=selectors.inspectable(year), initial={"day": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            ok, _i = attempt(
                request,
                lambda: services.inspection_record(actor=request.actor, **form.cleaned_data),
                form=form,
            )
            if ok:
                messages.success(request, _("已记录视察"))
                return redirect(f"{reverse('livelihood:inspections')}?year={year.year}")
    elif request.method == "POST":
        raise PermissionDenied
    open_only = request.GET.get("open") == "1"
    rows = list(selectors.inspections(request.actor, year=year, open_only=open_only))
    for row in rows:
        row.may_answer = "answer" in spine.available_actions(request.actor, row)
    context = {
        "year": year,
        "years": selectors.years(),
        "heading": _("民生实事监督视察"),
        "group": group_,
        "form": form,
        "rows": rows,
        "open_only": open_only,
        "answer_form": AnswerForm(),
        "may_manage": _manager(request.user),
    }
    return render(request, "livelihood/inspections.html", context)


@page_for(_signed_in)
@require_POST
def inspection_answer(request, pk: int):
    form = AnswerForm(request.POST)
    back = reverse("livelihood:inspections")
    if not form.is_valid():
        messages.error(request, _("请填写答复"))
        return redirect(back)
    ok, _found = attempt(
        request,
        lambda: services.inspection_answer(actor=request.actor, inspection_id=pk, **form.cleaned_data),
    )
    if ok:
        messages.success(request, _("已答复视察意见"))
    return redirect(back)
