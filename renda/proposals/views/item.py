"""The item page (its buttons, their forms, its records and timeline), the action posts, and the item's
files.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.core import events
from renda.core.http import page_for
from renda.proposals import forms as f
from renda.proposals import permissions, selectors, workflow
from renda.proposals.choices import ReplyStatus, RequestStatus
from renda.proposals.views._common import (
    _scoped,
    has_scope,
    is_registrar,
)
from renda.proposals.views.actions import MENU


def _timeline(proposal) -> list[dict]:
    entries = selectors.timeline(proposal)
    for e in entries:
        e["label"] = events.label(e["action"])
    return entries


PICKED = {
    "decide_return": "returns",
    "decide_extension": "extensions",
    "sign_reply": "draft_replies",
    "send_back_reply": "draft_replies",
}


def _entries(button, proposal, records: dict, bound_form=None) -> list[dict]:
    """The forms of one button: its own, or one per pending request or draft reply for the actions that
    pick one (the posted one keeps its errors)."""
    name = button.name
    if name not in PICKED:
        return [{"obj": None, "form": button.form}]
    key = "reply_id" if PICKED[name] == "draft_replies" else "request_id"
    out = []
    for obj in records[PICKED[name]]:
        if PICKED[name] != "draft_replies" and obj.status != RequestStatus.PENDING:
            continue
        if PICKED[name] == "draft_replies" and obj.status != ReplyStatus.DRAFT:
            continue
        posted = bound_form is not None and str(bound_form.data.get(f"{name}-{key}")) == str(obj.pk)
        form = bound_form if posted else MENU.specs[name].form(prefix=name, initial={key: obj.pk})
        out.append({"obj": obj, "form": form})
    return out


def _detail(request, proposal, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    actor = request.actor
    actions = permissions.available_actions(actor, proposal)
    records = selectors.item_records(user=actor, proposal=proposal)
    # the one action menu (core.pages): exactly the available actions, each with its form
    buttons = MENU.buttons(actor, proposal, bound=bound, available=actions)
    for b in buttons:
        b.extra["entries"] = _entries(b, proposal, records, bound.get(b.name))
        if b.name == "submit":  # 提交 waits for every invited co-signer (the service refuses it before)
            waiting = selectors.cosigners_waiting(proposal)
            if waiting:
                b.extra["disabled"] = _("尚有%(n)s位联名代表未确认是否联名，待全部同意或谢绝后方可提交") % {
                    "n": waiting
                }
    context = {
        "proposal": proposal,
        "actions": actions,
        "buttons": buttons,
        "can_edit": "save_draft" in actions,
        "attachment_form": bound.get("attachment") or f.AttachmentForm(),
        "timeline": _timeline(proposal),
        "show_similar": is_registrar(actor) and proposal.status not in workflow.UNSUBMITTED,
        **records,
    }
    if records["internal"]:  # staff, readers and units: the lead deputy's contact, for the required 沟通
        full = permissions.lead_contact_shown(actor, proposal)
        context["lead_contact"] = selectors.lead_deputy_contact(proposal, full=full)
    return render(request, "proposals/detail.html", context, status=status)


@page_for(has_scope)
@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, _scoped(request.actor, pk))


@page_for(has_scope)
@require_POST
def proposal_action(request, pk: int, action: str):
    """Every action's POST, through the one handler (core.pages.ActionMenu.handle)."""
    proposal = _scoped(request.actor, pk)
    return MENU.handle(
        request,
        proposal,
        action,
        done=lambda: redirect("proposals:detail", pk=proposal.pk),
        redraw=lambda forms: _detail(request, proposal, bound=dict(forms)),
    )


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
