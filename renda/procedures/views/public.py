"""The public pages (no sign-in): the published catalogue, a public draft where anyone comments (on a
phone), the enforcement notice."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import ratelimit
from renda.core.pages import attempt
from renda.procedures import rules, selectors, services
from renda.procedures.forms import (
    CommentForm,
)
from renda.procedures.models import Officer, RecordKind

COMMENTS_PER_HOUR = 10


@require_GET
def public_catalogue(request):
    catalogues = list(selectors.public_catalogues().prefetch_related("decisions__lead_unit"))
    return render(request, "procedures/public_catalogue.html", {"catalogues": catalogues})


@require_http_methods(["GET", "POST"])
def public_decision(request, pk: int):
    decision = selectors.public_decision(pk)
    if decision is None:
        raise Http404
    is_open = rules.comment_open(decision.comment_opens, decision.comment_closes, timezone.localdate())
    form = CommentForm(request.POST or None) if is_open else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("不在征求意见期限内，不能提交意见"))
            return redirect("procedures:public_decision", pk=pk)
        if form.is_valid():
            if not ratelimit.allow(
                "procedures-comment", ratelimit.client_key(request), limit=COMMENTS_PER_HOUR, window=3600
            ):
                messages.error(request, _("提交过于频繁，请一小时后再试"))
                status = 429
            else:
                ok, _c = attempt(
                    request,
                    lambda: services.comment_submit(decision_id=decision.pk, **form.cleaned_data),
                    form=form,
                )
                if ok:
                    messages.success(request, _("已收到您的意见，答复将在此公开"))
                    return redirect("procedures:public_decision", pk=pk)
        if status == 200:
            status = 400
    context = {
        "decision": decision,
        "form": form,
        "is_open": is_open,
        "comments": decision.comments.exclude(answer="").order_by("submitted_at"),
    }
    return render(request, "procedures/public_decision.html", context, status=status)


@require_GET
def notice(request):
    """行政执法公示: the bodies, their officers and certificates, the procedure and the ways of redress
    (before), the decisions published (after)."""
    officers = (
        Officer.objects.filter(is_active=True).select_related("unit").order_by("unit__name", "certificate")
    )
    return render(
        request,
        "procedures/notice.html",
        {
            "officers": officers,
            "cases": selectors.notice(),
            "steps": [label for _value, label in RecordKind.choices],
            "publish_days": selectors.settings_row().publish_days,
        },
    )
