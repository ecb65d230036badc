"""The lists of items (one view, with presets: to review, overdue, due soon, unsatisfied), the unit
filter's options, a deputy's co-signing inbox and the staff's list of units' pending requests.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.core.http import page_for, render_htmx
from renda.core.pages import attempt
from renda.core.paging import RowsPaginator
from renda.core.roles import UNIT_ROLES, has_role
from renda.core.widgets import options_html
from renda.proposals import permissions, selectors, services
from renda.proposals.filters import ProposalFilter
from renda.proposals.presets import PRESETS, handles_or_reads, list_params, own_items_only
from renda.proposals.views._common import (
    is_deputy,
    is_registrar,
    reads_all,
)

PAGE_SIZE = 30


def _default_title(user) -> str:
    if reads_all(user):
        return _("议案建议")
    if has_role(user, *UNIT_ROLES):
        return _("本单位承办的议案建议")
    return _("我的议案建议")


def proposal_list(request, preset: str | None = None):
    """Every list of items: the user's scope, then the preset's filters, then the user's filters."""
    spec = PRESETS[preset]
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not spec.may_read(request.user):
        raise PermissionDenied
    unit = ProposalFilter.unit_param(request.GET)
    term_id, due_soon = selectors.current_term_due_soon()
    choices = (
        selectors.filter_choices(user=request.user, term_id=term_id, unit=unit)
        if reads_all(request.user)
        else {}
    )
    filterset = ProposalFilter(
        request.GET or None,
        units=choices.get("units", ()),
        delegations=choices.get("delegations", ()),
        topics=choices.get("topics", ()),
    )
    params = list_params(request.user, preset, filterset)
    ids = selectors.proposal_ids(user=request.user, params=params)
    rows = partial(selectors.proposal_rows, due_soon_days=due_soon)
    page = RowsPaginator(ids, PAGE_SIZE, load=rows).get_page(request.GET.get("page"))
    query = urlencode(
        {k: ",".join(map(str, v)) if isinstance(v, list) else v for k, v in filterset.params().items()}
    )
    own_only = own_items_only(request.user)
    # the register exports what the list shows: its preset and filters
    export_query = urlencode(
        {
            k: ",".join(map(str, v)) if isinstance(v, list) else ("on" if v is True else v)
            for k, v in params.items()
        }
    )
    context = {
        "title": spec.title or _default_title(request.user),
        "preset": preset,
        "export_query": export_query,
        "can_export": permissions.can_export(request.user),
        "form": filterset.form,
        "page": page,
        "query": query,
        "show_filters": reads_all(request.user),
        "show_supervision": handles_or_reads(request.user),
        "show_mine": is_deputy(request.user) and not own_only,
        "own_only": own_only,
        "can_draft": is_deputy(request.user),
        "is_registrar": is_registrar(request.user),
        # the review queue's batch accept (批量受理): for whoever may accept (the table's review_accept)
        "batch_accept": preset == "review" and permissions.is_manager(request.user),
        "reads_all": reads_all(request.user),
        "cosign_waiting": selectors.cosign_inbox(user=request.user).count() if is_deputy(request.user) else 0,
    }
    return render_htmx(request, "proposals/list.html", context, partial="results")


@page_for(permissions.is_manager)
@require_POST
def review_accept_batch(request):
    """批量受理: the ticked items of the review queue, each accepted through the service (its own
    spine.require and transaction); the page lists every item's outcome, refusals with their reason."""
    ids = request.POST.getlist("proposal_ids")
    ok, results = attempt(
        request, lambda: services.proposal_review_accept_many(actor=request.actor, proposal_ids=ids)
    )
    if not ok:
        return redirect("proposals:review")
    titles = selectors.proposal_titles(user=request.actor, ids=[r.proposal_id for r in results if not r.ok])
    rows = [{"r": r, "title": r.title or titles.get(r.proposal_id, "")} for r in results]
    done = sum(r.ok for r in results)
    context = {"rows": rows, "done": done, "failed": len(results) - done}
    return render(request, "proposals/batch_results.html", context)


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
