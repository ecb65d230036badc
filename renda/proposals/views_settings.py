"""Staff pages beside the items' workflow: the term's settings (议案建议设置: result-category scheme,
deadlines, the motion threshold …, which only Django's admin could change before), and an item's category
set from the routing proposal (采纳, htmx) or by hand.

As in views.py, the views parse input and call one service; the service validates and writes the Event.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import ApplicationError
from renda.core.http import page_for
from renda.proposals import forms as f
from renda.proposals import permissions, selectors, services, views
from renda.proposals import view_reads as reads


def _pick_term(terms, wanted: str | None):
    if wanted and str(wanted).isdigit():
        for t in terms:
            if t.pk == int(wanted):
                return t
    return terms[0] if terms else None


def _add_errors(form, exc: ApplicationError) -> None:
    """Each problem on its field, without repeating the field's label that the message starts with."""
    for e in exc.errors or [{"field": exc.field, "message": exc.message}]:
        name = e.get("field")
        message = str(e["message"])
        if name in form.fields:
            prefix = f"{form.fields[name].label}："
            form.add_error(name, message.removeprefix(prefix))
        else:
            form.add_error(None, message)


@page_for(permissions.can_edit_settings)
def proposal_settings(request):
    """议案建议设置 of one term (the current one unless ?term= says otherwise)."""
    terms = reads.settings_terms()
    term = _pick_term(terms, request.POST.get("term_id") or request.GET.get("term"))
    form = None
    if term is not None:
        conf = selectors.settings_for(term.pk)
        initial = {name: getattr(conf, name) for name in services.SETTINGS_FIELDS}
        form = f.SettingsForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.proposal_settings_update(actor=request.user, term_id=term.pk, **form.cleaned_data)
            except ApplicationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("议案建议设置已保存"))
                return redirect(f"{reverse('proposals:settings')}?term={term.pk}")
    return render(request, "proposals/settings.html", {"terms": terms, "term": term, "form": form})


@page_for(permissions.is_manager)
@require_POST
def topic_set(request, pk: int):
    """Set the item's category (类别): the routing proposal's 采纳 (htmx: the proposal is drawn again and the
    item's category on the page updated), or a plain form post (back to the item with a message)."""
    proposal = selectors.proposal_for_view(user=request.user, pk=pk)
    if "set_topic" not in permissions.available_actions(request.user, proposal):
        raise PermissionDenied
    form = f.TopicForm(request.POST)
    version = request.POST.get("routing_version", "")
    error = None
    if form.is_valid():
        try:
            services.proposal_set_topic(
                actor=request.user,
                proposal_id=proposal.pk,
                topic_id=form.cleaned_data["topic_id"],
                routing_version=int(version) if version.isdigit() else None,
            )
        except ApplicationError as exc:
            error = str(exc.message)
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
    context = {**views.routing_context(proposal, actions), "topic_error": error, "topic_oob": error is None}
    return render(request, "proposals/partials/routing.html", context)
