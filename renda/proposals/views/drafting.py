"""Drafting: a new item, a draft's edit page, its attachments, the co-signer search, and the similar
items shown while typing (renda.insight).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.core.http import page_for
from renda.core.pages import attempt
from renda.proposals import forms as f
from renda.proposals import permissions, selectors, services
from renda.proposals.choices import Kind
from renda.proposals.views._common import (
    _open_for,
    has_scope,
)
from renda.proposals.views.item import (
    _detail,
)


def _draft_page(request, form, proposal, save, done: str):
    """The draft form, new or edited: `save(cleaned_data)` through core.pages.attempt (a refusal on its
    field), then the item's page with `done`; else the form again."""
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(request, lambda: save(form.cleaned_data), form=form)
        if ok:
            messages.success(request, done)
            return redirect("proposals:detail", pk=saved.pk)
    context = {"form": form, "proposal": proposal, "similar_url": form.similar_url}
    return render(request, "proposals/draft_form.html", context)


@page_for(permissions.can_create)
def proposal_create(request):
    form = f.DraftForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", Kind.SUGGESTION)},
        on_behalf=permissions.deputy_id_of(request.user) is None,
        similar_url=reverse("proposals:similar"),
    )
    save = lambda data: services.proposal_create_draft(actor=request.actor, **data)  # noqa: E731
    return _draft_page(request, form, None, save, _("草稿已保存，可以上传附件、邀请附议代表后提交"))


@page_for(has_scope)
def proposal_edit(request, pk: int):
    proposal = _open_for(request.user, pk, "save_draft")
    initial = {
        "kind": proposal.kind,
        "title": proposal.title,
        "topic_id": proposal.topic_id,
        "session_id": proposal.session_id,
        "content": proposal.content,
        "cause": proposal.cause,
        "basis": proposal.basis,
        "plan": proposal.plan,
    }
    form = f.DraftForm(
        request.POST or None,
        initial=initial,
        editing=True,
        similar_url=f"{reverse('proposals:similar')}?exclude={proposal.pk}",
    )
    save = lambda data: services.proposal_update_draft(  # noqa: E731
        actor=request.actor, proposal_id=proposal, **{k: v for k, v in data.items() if k != "kind"}
    )
    return _draft_page(request, form, proposal, save, _("草稿已保存"))


@page_for(has_scope)
@require_POST
def attachment_add(request, pk: int):
    proposal = _open_for(request.user, pk, "save_draft")
    form = f.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        ok, _att = attempt(
            request,
            lambda: services.attachment_add(
                actor=request.actor, proposal_id=proposal, file=form.cleaned_data["file"]
            ),
            form=form,
        )
        if ok:
            messages.success(request, _("附件已上传"))
            return redirect("proposals:detail", pk=proposal.pk)
    return _detail(request, proposal, bound={"attachment": form})


@page_for(has_scope)
@require_GET
def deputy_search(request, pk: int):
    """htmx: deputies of the item's term by name or card number, to invite as co-signers."""
    proposal = _open_for(request.user, pk, "invite_cosigners")
    q = request.GET.get("q", "").strip()
    found = selectors.cosigner_candidates(proposal=proposal, q=q) if q else []
    return render(request, "proposals/partials/deputy_search.html", {"found": found, "q": q})


SIMILAR_MIN_CHARS = 4


def _similar_context(user, text: str, *, exclude_pk: int | None = None) -> dict:
    """The similar-items partial's context: the matches `user` may read, and a count of the others
    (selectors.similar_for: nothing of an item outside the scope is shown but that it exists)."""
    panel = selectors.similar_for(user, text, exclude_pk=exclude_pk)
    return {"rows": panel.rows, "hidden": panel.hidden, "asked": True}


@page_for(permissions.can_create)
@require_POST
def similar_draft(request):
    """htmx, while drafting: the items most similar to the title and text typed so far."""
    parts = (request.POST.get(name, "").strip() for name in f.DraftForm.SIMILAR_FIELDS)
    text = "\n".join(x for x in parts if x)  # as services.proposal_text joins a saved item's text
    exclude = request.GET.get("exclude", "")
    if len(text) < SIMILAR_MIN_CHARS:
        return render(request, "proposals/partials/similar.html", {"rows": [], "hidden": 0, "asked": False})
    context = _similar_context(request.user, text, exclude_pk=int(exclude) if exclude.isdigit() else None)
    return render(request, "proposals/partials/similar.html", context)
