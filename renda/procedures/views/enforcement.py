"""Enforcement cases with their whole-process record (each file's SM3 fingerprint checked again on
every view), legal review and issue; the enforcement settings."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec
from renda.core.record_pages import detail_of, submitted
from renda.core.register_pages import menu_pages
from renda.procedures import permissions, selectors, services
from renda.procedures.forms import (
    CaseForm,
    CaseReviewForm,
    OfficerForm,
    ProposeForm,
    RecordForm,
    SettingsForm,
)
from renda.procedures.models import Case, Officer
from renda.procedures.views._common import (
    _admin,
    _case,
    _on_case,
    _signed_in,
)

CASE_MENU = ActionMenu(
    {
        "record": ActionSpec(
            gettext_lazy("记录执法过程"), _on_case(services.case_record), gettext_lazy("已记录"), RecordForm
        ),
        "propose": ActionSpec(
            gettext_lazy("拟作决定"), _on_case(services.case_propose), gettext_lazy("已拟作决定"), ProposeForm
        ),
        "review": ActionSpec(
            gettext_lazy("提出法制审核意见"),
            _on_case(services.case_review),
            gettext_lazy("已记录法制审核意见"),
            CaseReviewForm,
        ),
        "issue": ActionSpec(
            gettext_lazy("作出决定"),
            _on_case(services.case_issue),
            gettext_lazy("已作出决定"),
            confirm=gettext_lazy("确定作出执法决定？"),
        ),
        "publish": ActionSpec(
            gettext_lazy("公示决定"), _on_case(services.case_publish), gettext_lazy("已公示")
        ),
    }
)


def _officer_choices(actor):
    qs = Officer.objects.filter(is_active=True).select_related("unit")
    if not actor.has_role("admin"):
        qs = qs.filter(unit_id__in=list(actor.unit_ids))
    return [(o.pk, f"{o.unit.name} · {o}") for o in qs.order_by("unit__name", "certificate")]


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def cases(request):
    may_open = permissions.can_open_case(request.actor)
    form = officer_form = None
    if may_open:
        which = request.POST.get("form") if request.method == "POST" else None
        form = CaseForm(request.POST if which == "case" else None, officers=_officer_choices(request.actor))
        officer_form = OfficerForm(request.POST if which == "officer" else None)
        done = None
        if which == "case":
            done = submitted(
                request, form, services.case_open, done=_("已立案"), then=detail_of("procedures:case")
            )
        elif which == "officer":
            done = submitted(
                request, officer_form, services.officer_add, done=_("已登记执法人员"), then="procedures:cases"
            )
        if done:
            return done
    elif request.method == "POST":
        raise Http404
    context = {
        "cases": selectors.cases(request.actor)[:200],
        "form": form,
        "officer_form": officer_form,
        "may_settings": request.actor.has_role("admin"),
    }
    bad = request.method == "POST"
    return render(request, "procedures/cases.html", context, status=400 if bad else 200)


def _case_context(request, case: Case):
    return {
        "case": case,
        "checks": selectors.record_checked(case),
        "reviews": case.reviews.select_related("reviewer").all(),
        "officers": case.officers.all(),
        "due": selectors.publish_due(case),
        "waiting_review": case.major
        and case.status == "proposed"
        and selectors.review_passed(case) is not True,
    }


case, case_action = menu_pages(
    CASE_MENU, "procedures:case", "procedures:case_action", load=_case, context=_case_context,
    allowed=_signed_in,
)  # fmt: skip


@page_for(_admin)
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The enforcement settings (the administrator): days to publish a decision, the major categories."""
    row = selectors.settings_row()
    initial = {"publish_days": row.publish_days, "major_categories": row.major_categories}
    form = SettingsForm(request.POST or None, initial=initial)
    saved = submitted(request, form, services.settings_update, done=_("已保存"), then="procedures:settings")
    if saved:
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "procedures/settings.html", {"form": form}, status=status)
