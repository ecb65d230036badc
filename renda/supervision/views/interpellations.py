"""Pages of interpellations (质询案, 监督法 第五十一至五十四条): the list, a member's draft, the signature
page a member opens from their home page (each invitation signed or declined on the phone), and an
interpellation's page with its one ActionMenu (invite, file, the council's decision, the answer, the
signatories' satisfaction, the second answer)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.actors import as_actor
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec
from renda.supervision import forms, permissions, selectors
from renda.supervision.services import interpellations as services
from renda.supervision.views._pages import (
    created,
    docx_view,
    object_pages,
    on,
    signed_in,
)


def _on(service, **fixed):
    return on("interpellation_id", service, **fixed)


MENU = ActionMenu(
    {
        "invite": ActionSpec(
            gettext_lazy("邀请联名"),
            _on(services.interpellation_invite),
            done=gettext_lazy("已向组成人员发出联名邀请"),
            form=forms.InviteForm,
            form_kwargs=lambda obj: {"candidates": selectors.sign_candidates(obj)},
        ),
        "sign": ActionSpec(
            gettext_lazy("同意联名"),
            _on(services.interpellation_sign, accept=True),
            done=gettext_lazy("已联名"),
            style="success",
        ),
        "decline": ActionSpec(
            gettext_lazy("谢绝联名"),
            _on(services.interpellation_sign, accept=False),
            done=gettext_lazy("已谢绝联名"),
            style="outline-danger",
        ),
        "file": ActionSpec(
            gettext_lazy("提出质询案"),
            _on(services.interpellation_file),
            done=gettext_lazy("质询案已提出，送主任会议"),
            confirm=gettext_lazy("联名已达法定人数，确定提出质询案？"),
        ),
        "lapse": ActionSpec(
            gettext_lazy("联名不足，不予提出"),
            _on(services.interpellation_lapse),
            done=gettext_lazy("联名截止时间已过且人数不足，质询案未提出"),
            style="outline-secondary",
        ),
        "withdraw": ActionSpec(
            gettext_lazy("撤回"),
            _on(services.interpellation_withdraw),
            done=gettext_lazy("已撤回质询案"),
            style="outline-danger",
            confirm=gettext_lazy("确定撤回质询案？"),
        ),
        "accept": ActionSpec(
            gettext_lazy("决定交付答复"),
            _on(services.interpellation_accept),
            done=gettext_lazy("已决定交被质询机关答复"),
            form=forms.AcceptForm,
            form_kwargs=lambda obj: {"term_id": obj.term_id},
        ),
        "reject": ActionSpec(
            gettext_lazy("决定不予交付"),
            _on(services.interpellation_reject),
            done=gettext_lazy("已决定不予交付"),
            form=forms.RejectForm,
            style="outline-danger",
        ),
        "answer": ActionSpec(
            gettext_lazy("答复质询"),
            _on(services.interpellation_answer),
            done=gettext_lazy("已答复质询案"),
            form=forms.InterpellationAnswerInput,
        ),
        "declare": ActionSpec(
            gettext_lazy("对答复表态"),
            _on(services.interpellation_declare),
            done=gettext_lazy("已记录您对答复的意见"),
            form=forms.DeclareForm,
        ),
        "request_second": ActionSpec(
            gettext_lazy("要求再作答复"),
            _on(services.interpellation_request_second),
            done=gettext_lazy("已要求被质询机关再作答复"),
            style="warning",
        ),
        "answer_again": ActionSpec(
            gettext_lazy("再次答复"),
            _on(services.interpellation_answer_again),
            done=gettext_lazy("已再次答复，质询案办结"),
            form=forms.InterpellationAnswerInput,
        ),
        "close": ActionSpec(
            gettext_lazy("办结"),
            _on(services.interpellation_close),
            done=gettext_lazy("质询案已办结"),
            style="outline-success",
            confirm=gettext_lazy("确定办结该质询案？"),
        ),
    }
)


def _member(user) -> bool:
    return permissions.can_interpellate(as_actor(user))


@page_for(signed_in)
@require_GET
def index(request):
    may_draft = permissions.can_interpellate(request.actor)
    context = {
        "rows": selectors.interpellations(request.actor),
        "to_sign": selectors.interpellations_to_sign(request.actor).count(),
        "may_draft": may_draft,
        "form": forms.InterpellationForm() if may_draft else None,
    }
    return render(request, "supervision/interpellations.html", context)


@page_for(_member)
@require_POST
def new(request):
    form = forms.InterpellationForm(request.POST)
    done = created(
        request,
        form,
        lambda **data: services.interpellation_create(actor=request.actor, **data),
        _("已起草质询案，请邀请组成人员联名"),
        lambda obj: redirect("supervision:interpellation", pk=obj.pk),
    )
    if done is not None:
        return done
    context = {
        "rows": selectors.interpellations(request.actor),
        "to_sign": 0,
        "may_draft": True,
        "form": form,
    }
    return render(request, "supervision/interpellations.html", context, status=400)


@page_for(signed_in)
@require_GET
def to_sign(request):
    """The member's signature page: each invitation awaiting them, with its questions and deadline."""
    rows = list(selectors.interpellations_to_sign(request.actor))
    return render(request, "supervision/interpellations_sign.html", {"rows": rows})


_get, _page, detail, action = object_pages(
    MENU,
    selectors.interpellation,
    "interpellation",
    lambda obj: {"signers": selectors.interpellation_signers(obj), "count": selectors.signature_count(obj)},
    sign="supervision:interpellations_sign",
)
# 质询案答复情况通报 (GB/T 9704) once answered
notice_docx = docx_view(
    _get,
    lambda obj: obj.answered_on is not None,
    lambda actor, obj: services.notice_document(actor=actor, interpellation_id=obj),
    "interpellation-answer-{pk}.docx",
)
