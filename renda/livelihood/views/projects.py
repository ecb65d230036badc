"""A livelihood project's pages: the list, a project with its action menu, staff entry, the Excel export,
milestones and photos.

Every action on a project is declared once in PROJECT_MENU (renda.core.pages): the page draws what
`available_actions` allows and `ActionMenu.handle` is the one POST handler."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.roles import Role
from renda.core.templatetags.spine import ACTION_PLACEHOLDER
from renda.core.xlsx import table_xlsx, xlsx_response
from renda.livelihood import permissions, selectors, services
from renda.livelihood.forms import (
    AcceptForm,
    DelegationNoteForm,
    EvaluateForm,
    MergeForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProposeForm,
    RejectForm,
    ReportForm,
    ShortlistForm,
    StaffProposeForm,
)
from renda.livelihood.models import Grade, ProjectStatus

from .common import PAGE_SIZE, _manager, _project, _signed_in


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
        "merge": _form(
            gettext_lazy("合并到相似建议"),
            services.project_merge,
            gettext_lazy("已合并到相似的项目建议"),
            MergeForm,
            style="outline-secondary",
            form_kwargs=lambda p: {"project": p},
        ),
        "discuss": _form(
            gettext_lazy("录入代表团讨论意见"),
            services.delegation_note_add,
            gettext_lazy("已录入代表团讨论意见"),
            DelegationNoteForm,
            style="outline-secondary",
        ),
        "evaluate": _form(
            gettext_lazy("录入测评结果"),
            services.project_evaluate,
            lambda p: _("测评结果：%(grade)s") % {"grade": p.get_grade_display()},
            EvaluateForm,
        ),
    }
)


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
    listed = selectors.candidates(request.actor, year) if year and manager else []
    vote_blocked = selectors.vote_refusal(request.actor, year, listed) if year else ""
    vote_open = bool(listed) and not vote_blocked
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
        "vote_blocked": vote_blocked,
        "evaluation_open": evaluation_open,
        "lagging": lagging,
        "only_lagging": only_lagging,
    }
    return render(request, "livelihood/project_list.html", context)


def _buttons(request, project, bound):
    """The project's action menu; a deputy's "discuss" form offers their own delegation only."""
    buttons = PROJECT_MENU.buttons(request.actor, project, bound=bound)
    for button in buttons:
        if button.name == "discuss" and not button.open:
            allowed = permissions.note_delegations(request.actor)
            if allowed is not None:
                button.form = DelegationNoteForm(prefix="discuss", delegations=allowed)
    return buttons


def _detail(request, project, bound=None):
    mergeable = "merge" in spine.available_actions(request.actor, project)
    project.similar = selectors.similar_projects(request.actor, project) if mergeable else []
    context = {
        "similar": project.similar,
        "merged_here": selectors.merged_into_this(project),
        "delegation_notes": selectors.delegation_notes(project),
        "project": project,
        "proposer": permissions.proposer_shown(request.actor, project),
        "reason": project.year.reason_label(project.screen_reason) if project.screen_reason else "",
        "reports": project.reports.prefetch_related("photos"),
        "milestones": selectors.milestones(project),
        "may_plan": "plan" in spine.available_actions(request.actor, project),
        "done_form": MilestoneDoneForm(),
        "inspections": selectors.inspections(request.actor, project=project),
        "timeline": selectors.timeline(project),
        "buttons": _buttons(request, project, bound),
        "action_url": reverse("livelihood:action", args=[project.pk, ACTION_PLACEHOLDER]),
    }
    return render(request, "livelihood/project_detail.html", context, status=400 if bound else 200)


project_detail, project_action = PROJECT_MENU.page_views(
    load=_project, draw=_detail, detail="livelihood:detail", allowed=_signed_in
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
