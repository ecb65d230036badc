"""Pages of investigations of a specific question (特定问题调查, 监督法 第七章) and removal motions (撤职案):
the list with a member's drafts and the council's proposal, the signature page a member opens from their
home page (one tap per proposal on the phone), an investigation's page with its one ActionMenu (signing,
the council's scheduling, the vote, the committee, hearings, evidence, the report, the resolution,
publication) and the 调查报告 (GB/T 9704); a removal motion's page (signing, scheduling, the vote)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec
from renda.supervision import forms_investigations as forms
from renda.supervision import permissions_investigations as permissions
from renda.supervision import selectors_investigations
from renda.supervision.services import investigations as services
from renda.supervision.services import removals as removal_services
from renda.supervision.views._pages import (
    created,
    docx_view,
    object_pages,
    on,
    signed_in,
)

S = selectors_investigations


def _on(service):
    return on("investigation_id", service)


def _term(obj):
    return {"term_id": obj.term_id}


def _candidates(obj):
    return {"candidates": S.serving_members(obj.term_id)}


def signing_steps(
    on, module, kind: str, *, filed, lapsed, passed_state: str, passed, vote_form=None
) -> dict[str, ActionSpec]:
    """The steps an investigation proposal and a removal motion share: one fifth of the members sign, the
    council schedules it, the vote as counted or on the members' devices — each the service `<kind>_<step>`
    of the services `module` (its call made by `on`); `filed`, `lapsed` the messages of filing and of
    lapsing; `passed` the message when the closed vote moved the row to `passed_state` (an invalid vote
    leaves it scheduled); `vote_form` the form opening the vote."""

    def step(name: str):
        return on(getattr(module, f"{kind}_{name}"))

    return {
        "open": ActionSpec(
            gettext_lazy("征集联名"),
            step("open"),
            done=gettext_lazy("已向常务委员会组成人员征集联名"),
            form=forms.OpenForm,
        ),
        "sign": ActionSpec(gettext_lazy("联名"), step("sign"), done=gettext_lazy("已联名"), style="success"),
        "file": ActionSpec(
            gettext_lazy("提出"),
            step("file"),
            done=filed,
            confirm=gettext_lazy("联名已达法定人数，确定提出？"),
        ),
        "lapse": ActionSpec(
            gettext_lazy("联名不足，不予提出"), step("lapse"), done=lapsed, style="outline-secondary"
        ),
        "withdraw": ActionSpec(
            gettext_lazy("撤回"),
            step("withdraw"),
            done=gettext_lazy("已撤回"),
            style="outline-danger",
            confirm=gettext_lazy("确定撤回？"),
        ),
        "schedule": ActionSpec(
            gettext_lazy("主任会议决定提请常委会会议审议"),
            step("schedule"),
            done=gettext_lazy("已列入常务委员会会议议程"),
            form=forms.MeetingForm,
            form_kwargs=_term,
        ),
        "decide": ActionSpec(
            gettext_lazy("录入表决结果"),
            step("decide"),
            done=gettext_lazy("已录入表决结果"),
            form=forms.VoteForm,
        ),
        "open_vote": ActionSpec(
            gettext_lazy("开始电子表决"),
            step("vote_open"),
            done=gettext_lazy("表决已开始，组成人员在表决页面投票"),
            form=vote_form,
            style="outline-primary",
        ),
        "close_vote": ActionSpec(
            gettext_lazy("结束表决"),
            step("vote_close"),
            done=lambda o: (
                passed
                if o.status == passed_state
                else _("表决无效，请重新表决")
                if o.status == "scheduled"
                else _("表决未通过：赞成票未超过全体组成人员的半数")
            ),
            confirm=gettext_lazy("结束表决并计票？"),
        ),
    }


MENU = ActionMenu(
    {
        **signing_steps(
            _on,
            services,
            "investigation",
            filed=gettext_lazy("联名已达法定人数，提议已提出，送主任会议"),
            lapsed=gettext_lazy("联名截止时间已过且人数不足，提议未提出"),
            passed_state="established",
            passed=gettext_lazy("表决通过，决定组织调查委员会"),
            vote_form=forms.VoteOpenForm,
        ),
        "declare_conflict": ActionSpec(
            gettext_lazy("登记利害关系"),
            _on(services.investigation_declare_conflict),
            done=gettext_lazy("已登记利害关系"),
            form=forms.ConflictForm,
            form_kwargs=_candidates,
            style="outline-secondary",
        ),
        "declare_own_interest": ActionSpec(
            gettext_lazy("申报本人利害关系"),
            _on(services.investigation_declare_own_interest),
            done=gettext_lazy("已申报，您不担任本调查委员会成员"),
            form=forms.OwnInterestForm,
            style="outline-secondary",
        ),
        "add_member": ActionSpec(
            gettext_lazy("确定调查委员会成员"),
            _on(services.investigation_add_member),
            done=gettext_lazy("已确定调查委员会成员"),
            form=forms.CommitteeMemberForm,
            form_kwargs=_candidates,
            style="outline-primary",
        ),
        "start": ActionSpec(
            gettext_lazy("开始调查"),
            _on(services.investigation_start),
            done=gettext_lazy("调查委员会开始调查"),
        ),
        "record_hearing": ActionSpec(
            gettext_lazy("记录调查情况"),
            _on(services.investigation_record_hearing),
            done=gettext_lazy("已记录调查情况"),
            form=forms.HearingForm,
            style="outline-primary",
        ),
        "add_evidence": ActionSpec(
            gettext_lazy("上传证据材料"),
            _on(services.investigation_add_evidence),
            done=gettext_lazy("已上传证据材料"),
            form=forms.EvidenceForm,
            style="outline-primary",
        ),
        "report": ActionSpec(
            gettext_lazy("提出调查报告"),
            _on(services.investigation_report),
            done=gettext_lazy("调查委员会已提出调查报告"),
            form=forms.ReportForm,
        ),
        "schedule_report": ActionSpec(
            gettext_lazy("调查报告提请常委会会议审议"),
            _on(services.investigation_schedule_report),
            done=gettext_lazy("调查报告已列入常务委员会会议议程"),
            form=forms.MeetingForm,
            form_kwargs=_term,
        ),
        "resolve": ActionSpec(
            gettext_lazy("录入决议和表决结果"),
            _on(services.investigation_resolve),
            done=gettext_lazy("已录入决议"),
            form=forms.ResolveForm,
        ),
        "open_resolution_vote": ActionSpec(
            gettext_lazy("决议草案付表决"),
            _on(services.investigation_resolution_vote_open),
            done=gettext_lazy("表决已开始，组成人员在表决页面投票"),
            form=forms.ResolutionVoteOpenForm,
            style="outline-primary",
        ),
        "close_resolution_vote": ActionSpec(
            gettext_lazy("结束决议表决"),
            _on(services.investigation_resolution_vote_close),
            done=lambda o: (
                _("决议通过")
                if o.resolution_passed
                else _("表决无效，请重新表决")
                if o.status == "report_scheduled"
                else _("决议未通过：赞成票未超过全体组成人员的半数")
            ),
            confirm=gettext_lazy("结束表决并计票？"),
        ),
        "publish": ActionSpec(
            gettext_lazy("公开"),
            _on(services.investigation_publish),
            done=gettext_lazy("调查报告和决议已公开"),
            style="outline-success",
            confirm=gettext_lazy("确定公开调查报告和决议？"),
        ),
    }
)


def _index_context(request, inv_form=None, removal_form=None):
    actor = request.actor
    may_move = permissions.can_move(actor)
    may_council = permissions.can_propose_for_council(actor)
    holders = removal_services.holders() if (may_move or may_council) else []
    return {
        "investigations": S.investigations(actor),
        "removals": S.removals(actor),
        "to_sign": S.to_sign_count(actor),
        "may_move": may_move,
        "may_council": may_council,
        "form": inv_form or (forms.InvestigationForm() if may_move or may_council else None),
        "removal_form": removal_form
        or (forms.RemovalForm(holders=holders) if (may_move or may_council) and holders else None),
    }


@page_for(signed_in)
@require_GET
def index(request):
    return render(request, "supervision/investigations.html", _index_context(request))


def _create(request, form, create, message, detail):
    """A motion from the list page's form (`by_council=1`: the council's own), else the list redrawn."""
    by_council = request.POST.get("by_council") == "1"
    return created(
        request,
        form,
        lambda **data: create(actor=request.actor, by_council=by_council, **data),
        message(by_council),
        lambda obj: redirect(detail, pk=obj.pk),
    )


@page_for(signed_in)
@require_POST
def new(request):
    form = forms.InvestigationForm(request.POST)
    done = _create(
        request,
        form,
        services.investigation_create,
        lambda by_council: _("已登记主任会议的提议") if by_council else _("已起草提议，请征集组成人员联名"),
        "supervision:investigation",
    )
    if done is not None:
        return done
    return render(
        request, "supervision/investigations.html", _index_context(request, inv_form=form), status=400
    )


@page_for(signed_in)
@require_POST
def removal_new(request):
    form = forms.RemovalForm(request.POST, holders=removal_services.holders())
    done = _create(
        request, form, removal_services.removal_create, lambda _by: _("已登记撤职案"), "supervision:removal"
    )
    if done is not None:
        return done
    return render(
        request, "supervision/investigations.html", _index_context(request, removal_form=form), status=400
    )


@page_for(signed_in)
@require_GET
def to_sign(request):
    """The member's signature page: each proposal and motion awaiting their signature, one tap each."""
    context = {
        "investigations": list(S.investigations_to_sign(request.actor)),
        "removals": list(S.removals_to_sign(request.actor)),
    }
    return render(request, "supervision/investigations_sign.html", context)


_get, _page, detail, action = object_pages(
    MENU,
    S.investigation,
    "investigation",
    lambda obj: {
        "count": S.signature_count(obj),
        "signatures": S.signatures(obj),
        "vote_poll": S.vote_poll(obj),
        "resolution_poll": S.resolution_poll(obj),
        "committee": S.committee(obj),
        "conflicts": list(obj.conflicts.select_related("deputy").order_by("id")),
        "hearings": list(obj.hearings.order_by("held_on", "id")),
        "evidence": list(obj.evidence.order_by("id")),
    },
    sign="supervision:motions_sign",
)
# 调查报告 (GB/T 9704) once the committee reported
report_docx = docx_view(
    _get,
    lambda obj: obj.reported_on is not None,
    lambda actor, obj: services.report_document(actor=actor, investigation_id=obj),
    "investigation-report-{pk}.docx",
)


@page_for(signed_in)
@require_GET
def evidence(request, pk: int, evidence_pk: int):
    """A piece of evidence, to those who see the investigation (as an attachment, never inline)."""
    row = S.evidence_of(_get(request, pk), evidence_pk)
    if row is None:
        raise Http404
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=row.file_name)
    response["Cache-Control"] = "no-store"
    return response
