"""A year's pages of livelihood projects: its settings, the vote's result entry, the council's review, the
poll consoles, the notices (GB/T 9704 docx), the supervision group and its inspections."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import spine
from renda.core.docx import docx_response
from renda.core.http import page_for
from renda.core.pages import attempt
from renda.livelihood import documents, permissions, selectors, services
from renda.livelihood.forms import (
    AnswerForm,
    GroupForm,
    InspectionForm,
    PollOpenForm,
    ReviewForm,
    VoteForm,
    YearForm,
)
from renda.livelihood.models import PollPurpose

from .common import _manager, _signed_in

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


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def review(request, year: int):
    """The council's (主任会议) or the standing committee's review of the year's shortlist before the session:
    the reviews recorded, and for staff the form to record one (every candidate as it stands)."""
    project_year = selectors.year_of(year)
    if project_year is None:
        raise Http404
    manager = _manager(request.user)
    form = ReviewForm(request.POST or None) if manager else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            ok, done = attempt(
                request,
                lambda: services.shortlist_review(
                    actor=request.actor, year_id=project_year.pk, **form.cleaned_data
                ),
                form=form,
            )
            if ok and done is not None:
                messages.success(request, _("已录入候选项目审议意见"))
                return redirect("livelihood:review", year=project_year.year)
    context = {
        "year": project_year,
        "form": form,
        "reviews": selectors.reviews(project_year),
        "candidates": selectors.candidates(request.actor, project_year),
    }
    return render(request, "livelihood/review.html", context)


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
    return docx_response(content, f"{name}-{project_year.year}.docx")


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
