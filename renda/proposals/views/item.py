"""The item page (its buttons, their forms, its records and timeline), the action posts, and the item's
files.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from renda.core.errors import ApplicationError
from renda.core.http import page_for
from renda.proposals import events, permissions, selectors
from renda.proposals import forms as f
from renda.proposals.choices import ReplyStatus, RequestStatus
from renda.proposals.views._common import (
    _form_error,
    _scoped,
    has_scope,
    is_registrar,
    rules_today,
)
from renda.proposals.views.actions import (
    ACTIONS,
    _form_for,
)


def _timeline(proposal) -> list[dict]:
    entries = selectors.timeline(proposal)
    for e in entries:
        e["label"] = events.LABELS.get(e["action"], e["action"])
    return entries


def _entries(name: str, proposal, records: dict, bound_form=None) -> list[dict]:
    """The forms of one action: one per pending request or draft reply for the actions that pick one."""
    pick = {"decide_return": "returns", "decide_extension": "extensions", "sign_reply": "draft_replies"}
    if name not in pick:
        return [{"obj": None, "form": bound_form or _form_for(name, proposal)}]
    key = "reply_id" if name == "sign_reply" else "request_id"
    out = []
    for obj in records[pick[name]]:
        if pick[name] != "draft_replies" and obj.status != RequestStatus.PENDING:
            continue
        if pick[name] == "draft_replies" and obj.status != ReplyStatus.DRAFT:
            continue
        posted = bound_form is not None and str(bound_form.data.get(f"{name}-{key}")) == str(obj.pk)
        form = bound_form if posted else ACTIONS[name].form(prefix=name, initial={key: obj.pk})
        out.append({"obj": obj, "form": form})
    return out


def _detail(request, proposal, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    user = request.user
    actions = permissions.available_actions(user, proposal)
    records = selectors.item_records(user=user, proposal=proposal)
    buttons = []
    for name in actions:
        if name not in ACTIONS:
            continue
        spec = ACTIONS[name]
        buttons.append(
            {
                "name": name,
                "spec": spec,
                # a flag, not spec.form: a template calls a class it is given, i.e. builds one more form
                "has_form": spec.form is not None,
                "entries": _entries(name, proposal, records, bound.get(name)),
                "open": name in bound,
            }
        )
    context = {
        "proposal": proposal,
        "actions": actions,
        "buttons": buttons,
        "can_edit": "save_draft" in actions,
        "attachment_form": bound.get("attachment") or f.AttachmentForm(),
        "timeline": _timeline(proposal),
        "today": rules_today(),
        "show_similar": is_registrar(user) and proposal.status not in permissions.UNSUBMITTED,
        **records,
    }
    return render(request, "proposals/detail.html", context, status=status)


@page_for(has_scope)
@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, _scoped(request.user, pk))


@page_for(has_scope)
@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = _scoped(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    if action not in permissions.available_actions(request.user, proposal):
        raise PermissionDenied
    spec = ACTIONS[action]
    form = _form_for(action, proposal, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        return _detail(request, proposal, bound={action: form})
    try:
        spec.call(request.user, proposal, form.cleaned_data if form is not None else {})
    except ApplicationError as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("proposals:detail", pk=proposal.pk)
        _form_error(form, exc)
        return _detail(request, proposal, bound={action: form})
    messages.success(request, spec.done)
    return redirect("proposals:detail", pk=proposal.pk)


@page_for(has_scope)
@require_GET
def attachment_download(request, pk: int, attachment_id: int):
    proposal = _scoped(request.user, pk)
    attachment = proposal.attachments.filter(pk=attachment_id).first()
    if attachment is None or not attachment.file:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@page_for(has_scope)
@require_GET
def reply_letter(request, pk: int, reply_id: int):
    proposal = _scoped(request.user, pk)
    reply = selectors.replies_for(user=request.user, proposal=proposal).filter(pk=reply_id).first()
    if reply is None or not reply.letter:
        raise Http404
    return FileResponse(
        reply.letter.open("rb"), as_attachment=True, filename=reply.letter.name.rsplit("/", 1)[-1]
    )
