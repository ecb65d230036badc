"""Review and assignment by the staff: the sessions' motion deadlines, the routing proposal (units and
category) in the assign form, an item's category (采纳 or by hand), similar items on the item page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.core.http import page_for
from renda.core.pages import attempt
from renda.insight import services as insight
from renda.organization.models import HandlingUnit
from renda.proposals import forms as f
from renda.proposals import permissions, selectors, services
from renda.proposals.models import Topic
from renda.proposals.views._common import (
    _open_for,
    _scoped,
    is_registrar,
)
from renda.proposals.views.drafting import (
    _similar_context,
)


@page_for(is_registrar)
def motion_deadlines(request):
    """议案截止时间: one per session, set by the staff on the presidium's word."""
    form = f.MotionDeadlineForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            ok, _window = attempt(
                request,
                lambda: services.motion_deadline_set(actor=request.actor, **form.cleaned_data),
                form=form,
            )
            if ok:
                messages.success(request, _("已设置议案截止时间"))
                return redirect("proposals:motion_deadlines")
        if form.errors:
            messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    sessions = selectors.sessions_with_motion_windows()
    return render(request, "proposals/motion_deadlines.html", {"sessions": sessions, "form": form})


def _routing_block(kind: str, text: str) -> dict:
    """One kind's proposal from renda.insight, its labels mapped back to units or topics by name."""
    props = insight.routing_propose(kind=kind, text=text, top=3)
    labels = [label for label, _c in props]
    if kind == "unit":
        known = dict(HandlingUnit.objects.filter(name__in=labels).values_list("name", "pk"))
    else:
        known = {}
        for name, pk in Topic.objects.filter(name__in=labels, is_active=True).values_list("name", "pk"):
            known.setdefault(name, pk)
    rows = [{"label": label, "confidence": c, "pk": known.get(label)} for label, c in props]
    return {"kind": kind, "rows": rows, "reason": props.reason, "version": props.version}


@page_for(is_registrar)
@require_GET
def routing_proposal(request, pk: int):
    """htmx, in the assign form: the proposed lead unit(s) and category with confidences. Nothing is
    assigned here: a unit's 采纳 fills the form, the staff member submits it (or changes it); the category's
    采纳 sets the item's category at once (views_settings.topic_set: one service call, one Event)."""
    proposal = _scoped(request.user, pk)
    actions = permissions.available_actions(request.user, proposal)
    if "assign" not in actions:
        raise PermissionDenied
    return render(request, "proposals/partials/routing.html", routing_context(proposal, actions))


def routing_context(proposal, actions) -> dict:
    """The routing partial's context; the category's 采纳 sets the item's topic (views_settings.topic_set)
    when the user may (set_topic)."""
    text = services.proposal_text(proposal)
    return {
        "p": proposal,
        "unit": _routing_block("unit", text),
        "category": _routing_block("category", text),
        "can_set_topic": "set_topic" in actions,
    }


@page_for(is_registrar)
@require_GET
def similar_for_item(request, pk: int):
    """htmx, on the item page for staff reviewing it: the items most similar to this one."""
    proposal = _scoped(request.user, pk)
    context = _similar_context(request.user, services.proposal_text(proposal), exclude_pk=proposal.pk)
    return render(request, "proposals/partials/similar.html", context)


@page_for(permissions.is_manager)
@require_POST
def topic_set(request, pk: int):
    """Set the item's category (类别): the routing proposal's 采纳 (htmx: the proposal is drawn again and the
    item's category on the page updated), or a plain form post (back to the item with a message)."""
    proposal = _open_for(request.user, pk, "set_topic")
    form = f.TopicForm(request.POST)
    version = request.POST.get("routing_version", "")
    error = None
    if form.is_valid():
        ok, _p = attempt(
            request,
            lambda: services.proposal_set_topic(
                actor=request.actor,
                proposal_id=proposal,
                topic_id=form.cleaned_data["topic_id"],
                routing_version=int(version) if version.isdigit() else None,
            ),
            form=form,
        )
        if not ok:  # the service's refusal, shown on the form's field (or its top)
            error = "；".join(str(e) for e in form.errors.get("topic_id") or form.non_field_errors())
    else:
        error = f"{form.fields['topic_id'].label}：" + "；".join(form.errors.get("topic_id", []))
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("已设置类别"))
        return redirect("proposals:detail", pk=proposal.pk)
    proposal = selectors.proposal_for_view(user=request.user, pk=pk)
    actions = permissions.available_actions(request.user, proposal)
    context = {**routing_context(proposal, actions), "topic_error": error, "topic_oob": error is None}
    return render(request, "proposals/partials/routing.html", context)
