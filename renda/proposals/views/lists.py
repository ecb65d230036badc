"""The lists of items (one view, with presets: to review, overdue, due soon, unsatisfied), the unit
filter's options, a deputy's co-signing inbox and the staff's list of units' pending requests.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from renda.core.http import page_for, render_htmx
from renda.core.paging import RowsPaginator
from renda.core.roles import UNIT_ROLES, has_role
from renda.core.widgets import options_html
from renda.proposals import forms as f
from renda.proposals import permissions, selectors
from renda.proposals.choices import Status
from renda.proposals.views._common import (
    has_scope,
    is_deputy,
    is_registrar,
    reads_all,
)

PAGE_SIZE = 30


PRESETS = {
    # name: (page title, fixed filters, roles allowed)
    None: (None, {}, has_scope),
    "review": (gettext_lazy("待审查"), {"status": Status.SUBMITTED}, is_registrar),
    "overdue": (gettext_lazy("逾期未答复"), {"overdue": True}, reads_all),
    "due_soon": (gettext_lazy("临期提醒"), {"due_soon": True}, reads_all),
    "unsatisfied": (gettext_lazy("不满意件"), {"unsatisfied": True}, reads_all),
}


def _default_title(user) -> str:
    if reads_all(user):
        return _("议案建议")
    if has_role(user, *UNIT_ROLES):
        return _("本单位承办的议案建议")
    return _("我的议案建议")


def proposal_list(request, preset: str | None = None):
    """Every list of items: the user's scope, then the preset's filters, then the user's filters."""
    title, fixed, check = PRESETS[preset]
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not check(request.user):
        raise PermissionDenied
    unit = f.FilterForm.unit_param(request.GET)
    term_id, due_soon = selectors.current_term_due_soon()
    choices = (
        selectors.filter_choices(user=request.user, term_id=term_id, unit=unit)
        if reads_all(request.user)
        else {}
    )
    form = f.FilterForm(
        request.GET or None,
        units=choices.get("units", ()),
        delegations=choices.get("delegations", ()),
        topics=choices.get("topics", ()),
    )
    params = {**form.params(), **fixed}
    ids = selectors.proposal_ids(user=request.user, params=params)
    rows = partial(selectors.proposal_rows, due_soon_days=due_soon)
    page = RowsPaginator(ids, PAGE_SIZE, load=rows).get_page(request.GET.get("page"))
    query = urlencode(
        {k: v for k, v in form.params().items() if v is not True}
        | {k: "on" for k, v in form.params().items() if v is True}
    )
    shown = {**form.params(), **fixed}  # the register exports what the list shows: its preset and filters
    export_query = urlencode({k: ("on" if v is True else v) for k, v in shown.items()})
    context = {
        "title": title or _default_title(request.user),
        "preset": preset,
        "export_query": export_query,
        "can_export": permissions.can_export(request.user),
        "form": form,
        "page": page,
        "query": query,
        "show_filters": reads_all(request.user),
        "can_draft": is_deputy(request.user),
        "is_registrar": is_registrar(request.user),
        "reads_all": reads_all(request.user),
        "cosign_waiting": selectors.cosign_inbox(user=request.user).count() if is_deputy(request.user) else 0,
    }
    return render_htmx(request, "proposals/list.html", context, partial="results")


@page_for(reads_all)
@require_GET
def unit_filter_options(request):
    """The unit filter's <option>s: 800 units in a province, so the list page draws only the chosen one
    and its drop-down fetches the rest once loaded (htmx), which the browser keeps for a minute."""
    choices = [("", _("全部")), *selectors.unit_choices()]
    response = HttpResponse(options_html(choices, [request.GET.get("unit", "")]))
    patch_cache_control(response, private=True, max_age=60)
    return response


@page_for(is_deputy)
@require_GET
def cosign_inbox(request):
    """附议邀请: items a deputy is asked to co-sign, answered on their own account."""
    items = selectors.cosign_inbox(user=request.user)
    return render(request, "proposals/cosign_inbox.html", {"items": items})


@page_for(is_registrar)
@require_GET
def request_list(request):
    """Units' pending return and extension requests, oldest first."""
    context = selectors.pending_requests(user=request.user)
    return render(request, "proposals/requests.html", context)
