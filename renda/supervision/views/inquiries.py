"""Pages of special inquiries (专题询问, 监督法 第六章): staff open the inquiry of an "inquiry" item on a
meeting's agenda from the item's page; the inquiry's page (questions and answers, the problem list, the
summary) with its one ActionMenu; the item's own page carries the path on (the body's written report …)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.supervision import forms, selectors
from renda.supervision.services import inquiries as services
from renda.supervision.views.inspections import _manager, _signed_in


def _on(service):
    return lambda actor, obj, data: service(actor=actor, inquiry_id=obj, **data)


MENU = ActionMenu(
    {
        "ask": ActionSpec(
            gettext_lazy("记录询问和答复"),
            _on(services.inquiry_ask),
            done=gettext_lazy("已记录询问和答复"),
            form=forms.QuestionForm,
            form_kwargs=lambda obj: {"askers": selectors.askers(obj), "bodies": selectors.bodies()},
            style="outline-primary",
        ),
        "add_problem": ActionSpec(
            gettext_lazy("列入问题清单"),
            _on(services.inquiry_add_problem),
            done=gettext_lazy("已列入问题清单"),
            form=forms.ProblemForm,
            style="outline-primary",
        ),
        "send_list": ActionSpec(
            gettext_lazy("交办问题清单"),
            _on(services.inquiry_send_list),
            done=gettext_lazy("问题清单已作为审议意见交办，请督促报告研究处理情况"),
            form=forms.SendListForm,
        ),
        "publish": ActionSpec(
            gettext_lazy("公开专题询问情况"),
            _on(services.inquiry_publish),
            done=gettext_lazy("已公开专题询问情况"),
            form=forms.InquirySummaryForm,
        ),
    }
)


@page_for(_manager)
@require_POST
def new(request, pk: int):
    """Staff open the special inquiry of an item on a meeting's agenda (from the item's page)."""
    try:
        item = selectors.item(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc
    form = forms.InquiryCreateForm(request.POST)
    if form.is_valid():
        ok, obj = attempt(
            request, lambda: services.inquiry_create(actor=request.actor, item_id=item, **form.cleaned_data)
        )
        if ok and obj is not None:
            messages.success(request, _("已开展专题询问，请记录询问和答复"))
            return redirect("supervision:inquiry", pk=obj.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect("supervision:item", pk=pk)


def _get(request, pk: int):
    try:
        return selectors.inquiry(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _page(request, obj, bound=None):
    context = {
        "obj": obj,
        "questions": obj.questions.select_related("asker", "body").order_by("id"),
        "problems": obj.problems.order_by("id"),
        "timeline": selectors.item_timeline(obj),
        **MENU.context(request, obj, "supervision:inquiry_action", bound),
    }
    return render(request, "supervision/inquiry.html", context, status=400 if bound else 200)


detail, action = MENU.page_views(load=_get, draw=_page, detail="supervision:inquiry", allowed=_signed_in)
