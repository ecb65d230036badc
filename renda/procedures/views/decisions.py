"""The catalogue of major decisions and a decision's page with its action menu (the steps, the
exemptions, the legality review, the meeting, publication, tracking, evaluation) and its public draft's
comments."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import spine
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.record_pages import errors_as_messages, submitted
from renda.core.register_pages import menu_pages
from renda.procedures import permissions, rules, selectors, services
from renda.procedures.forms import (
    AnswerForm,
    CatalogueForm,
    DecisionForm,
    DraftForm,
    EvaluateForm,
    ExemptForm,
    ExpertForm,
    LegalityForm,
    MeetingForm,
    ParticipationForm,
    PublishForm,
    RiskForm,
    TrackForm,
)
from renda.procedures.models import Decision
from renda.procedures.views._common import (
    _catalogue,
    _decision,
    _on,
    _signed_in,
)

MENU = ActionMenu(
    {
        "open_comment": ActionSpec(
            gettext_lazy("公布征求意见稿"),
            _on(services.draft_open),
            gettext_lazy("已公布征求意见稿"),
            DraftForm,
        ),
        "participation": ActionSpec(
            gettext_lazy("完成公众参与"),
            _on(services.participation_record),
            gettext_lazy("已记录公众参与"),
            ParticipationForm,
        ),
        "expert": ActionSpec(
            gettext_lazy("记录专家论证"),
            _on(services.expert_record),
            gettext_lazy("已记录专家论证"),
            ExpertForm,
        ),
        "risk": ActionSpec(
            gettext_lazy("记录风险评估"), _on(services.risk_record), gettext_lazy("已记录风险评估"), RiskForm
        ),
        "exempt": ActionSpec(
            gettext_lazy("依法免予程序"),
            _on(services.step_exempt),
            gettext_lazy("已记录免予程序及其法律依据"),
            ExemptForm,
            style="outline-secondary",
        ),
        "submit_review": ActionSpec(
            gettext_lazy("送请合法性审查"),
            _on(services.review_submit),
            gettext_lazy("已送请合法性审查"),
            confirm=gettext_lazy("确定送请合法性审查？"),
        ),
        "review": ActionSpec(
            gettext_lazy("作出合法性审查结论"),
            _on(services.legality_review),
            gettext_lazy("已作出合法性审查结论"),
            LegalityForm,
        ),
        "revise": ActionSpec(
            gettext_lazy("修改决策草案"), _on(services.decision_revise), gettext_lazy("已退回修改")
        ),
        "meeting": ActionSpec(
            gettext_lazy("记录集体讨论决定"),
            _on(services.meeting_record),
            gettext_lazy("已记录集体讨论决定"),
            MeetingForm,
        ),
        "publish": ActionSpec(
            gettext_lazy("公布决策"), _on(services.decision_publish), gettext_lazy("已公布决策"), PublishForm
        ),
        "track": ActionSpec(
            gettext_lazy("记录执行情况"),
            _on(services.tracking_add),
            gettext_lazy("已记录执行情况"),
            TrackForm,
            style="outline-secondary",
        ),
        "evaluate": ActionSpec(
            gettext_lazy("决策后评估"),
            _on(services.decision_evaluate),
            gettext_lazy("已记录决策后评估"),
            EvaluateForm,
        ),
    }
)


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def index(request):
    catalogues = list(selectors.catalogues(request.actor))
    chosen = None
    year = request.GET.get("year")
    if year:
        chosen = next((c for c in catalogues if str(c.year) == year), None)
        if chosen is None:
            raise Http404
    elif catalogues:
        chosen = catalogues[0]
    form = CatalogueForm(request.POST or None) if permissions.can_compile(request.actor) else None
    if request.method == "POST":
        if form is None:
            raise Http404
        made = submitted(
            request,
            form,
            services.catalogue_create,
            done=_("已创建目录"),
            then=lambda c: f"{reverse('procedures:index')}?year={c.year}",
        )
        if made:
            return made
    context = {
        "catalogues": catalogues,
        "chosen": chosen,
        "rows": selectors.steps_table(selectors.decisions(request.actor, chosen)) if chosen else [],
        "form": form,
        "may_add": chosen is not None and spine.can(request.actor, chosen, "add_decision"),
        "may_publish": chosen is not None and spine.can(request.actor, chosen, "publish"),
        "decision_form": DecisionForm(),
        "step_labels": permissions.STEP_LABELS,
        "may_congress": permissions.can_congress(request.actor),
    }
    return render(
        request, "procedures/index.html", context, status=400 if form is not None and form.errors else 200
    )


@page_for(_signed_in)
@require_POST
def decision_add(request, pk: int):
    catalogue = _catalogue(request, pk)
    form = DecisionForm(request.POST)
    url = f"{reverse('procedures:index')}?year={catalogue.year}"
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(url)
    ok, made = attempt(
        request,
        lambda: services.decision_add(actor=request.actor, catalogue_id=catalogue, **form.cleaned_data),
    )
    if ok and made is not None:
        messages.success(request, _("已列入决策事项"))
        return redirect("procedures:decision", pk=made.pk)
    return redirect(url)


@page_for(_signed_in)
@require_POST
def catalogue_publish(request, pk: int):
    catalogue = _catalogue(request, pk)
    ok, _made = attempt(
        request, lambda: services.catalogue_publish(actor=request.actor, catalogue_id=catalogue)
    )
    if ok:
        messages.success(request, _("目录已公布"))
    return redirect(f"{reverse('procedures:index')}?year={catalogue.year}")


GATES = ("participation", "submit_review", "meeting")


def _blocked(actor, decision: Decision) -> list[tuple[object, str]]:
    """The gates the actor would pass but for a step not yet done: each with the refusal naming it (the page
    offers no button the service would refuse, so it says why the button is not there)."""
    out = []
    for action in GATES:
        refused = spine.refusal(actor, decision, action)
        if refused is not None and refused.code == "refused":
            out.append((MENU.specs[action].label, str(refused.message)))
    return out


def _context(request, decision: Decision):
    latest = selectors.latest_steps(decision)
    answerable = spine.can(request.actor, decision, "answer")
    return {
        "decision": decision,
        "cells": selectors.step_cells(decision, latest),
        "step_labels": permissions.STEP_LABELS,
        "records": decision.steps.select_related("recorded_by").all(),
        "comments": decision.comments.all(),
        "answerable": answerable,
        "answer_form": AnswerForm(),
        "comment_open": rules.comment_open(
            decision.comment_opens, decision.comment_closes, timezone.localdate()
        ),
        "tracking": decision.tracking.all(),
        "blocked": _blocked(request.actor, decision),
        "timeline": selectors.timeline(decision),
        "may_congress": permissions.can_congress(request.actor),
    }


decision, decision_action = menu_pages(
    MENU, "procedures:decision", "procedures:decision_action", load=_decision, context=_context,
    allowed=_signed_in,
)  # fmt: skip


@page_for(_signed_in)
@require_POST
def comment_answer(request, pk: int, comment: int):
    decision = _decision(request, pk)
    if not decision.comments.filter(pk=comment).exists():
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写答复"))
    else:
        ok, _c = attempt(
            request,
            lambda: services.comment_answer(actor=request.actor, comment_id=comment, **form.cleaned_data),
        )
        if ok:
            messages.success(request, _("已答复"))
    return redirect("procedures:decision", pk=pk)
