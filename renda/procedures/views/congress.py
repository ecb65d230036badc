"""The congress's read-only overview, and raising a decision or a body's enforcement for supervision
(an item of the supervision plan, a deliberation opinion)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.http import page_for
from renda.core.pages import attempt
from renda.organization.models import HandlingUnit
from renda.procedures import permissions, selectors, services
from renda.procedures.forms import (
    RaiseItemForm,
    RaiseOpinionForm,
)
from renda.procedures.models import Case, Decision
from renda.procedures.views._common import (
    _congress,
    _decision,
)


@page_for(_congress)
@require_GET
def congress(request):
    """The standing committee's read-only view: every catalogue's decisions with their steps, and the
    enforcement figures of each body."""
    catalogues = list(selectors.catalogues(request.actor))
    blocks = [(c, selectors.steps_table(selectors.decisions(request.actor, c))) for c in catalogues]
    context = {
        "blocks": blocks,
        "stats": selectors.enforcement_stats(),
        "step_labels": permissions.STEP_LABELS,
        "publish_days": selectors.settings_row().publish_days,
        "may_raise": permissions.can_raise(request.actor),
    }
    return render(request, "procedures/congress.html", context)


def _raise_page(request, decision: Decision | None, unit: HandlingUnit):
    """提请监督: the procedure's standing, what was raised on it, and (for the staff) the two ways to raise it
    — an item of a supervision plan, a deliberation opinion on an item hearing the same body."""
    subject = {"decision_id": decision} if decision is not None else {"unit_id": unit.pk}
    may_raise = permissions.can_raise(request.actor)
    which = request.POST.get("form") if request.method == "POST" else None
    if request.method == "POST" and not may_raise:
        raise Http404
    item_form = RaiseItemForm(request.POST if which == "item" else None, plans=selectors.raise_plans())
    opinion_form = RaiseOpinionForm(
        request.POST if which == "opinion" else None, items=selectors.opinion_items(unit.pk)
    )
    form = item_form if which == "item" else opinion_form if which == "opinion" else None
    if form is not None and form.is_valid():
        service = services.raise_item if which == "item" else services.raise_opinion
        ok, _r = attempt(
            request, lambda: service(actor=request.actor, **subject, **form.cleaned_data), form=form
        )
        if ok:
            messages.success(request, _("已列入年度监督计划") if which == "item" else _("已提出审议意见"))
            return redirect(request.path)
    context = {
        "decision": decision,
        "unit": unit,
        "standing": services.standing(decision, unit),
        "raised": selectors.raised(decision=decision, unit_id=None if decision else unit.pk),
        "may_raise": may_raise,
        "item_form": item_form,
        "opinion_form": opinion_form,
    }
    return render(request, "procedures/raise.html", context, status=400 if form is not None else 200)


@page_for(_congress)
@require_http_methods(["GET", "POST"])
def congress_decision(request, pk: int):
    decision = _decision(request, pk)
    return _raise_page(request, decision, decision.lead_unit)


@page_for(_congress)
@require_http_methods(["GET", "POST"])
def congress_enforcement(request, pk: int):
    unit = HandlingUnit.objects.filter(pk=pk).first()
    if unit is None or not Case.objects.filter(unit=unit).exists():
        raise Http404
    return _raise_page(request, None, unit)
