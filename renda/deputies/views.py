"""Pages of the deputies app: the roster, a deputy's record, the public duty profile (htmx)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renda.core.http import page_for, render_htmx
from renda.core.pages import attempt
from renda.core.roles import Role, has_role
from renda.core.selectors import readable_events
from renda.deputies import permissions, selectors, services, workflow
from renda.deputies.choices import CongressLevelHeld, DeputyStatus
from renda.deputies.forms import DeputyEditForm, DeputyFilterForm, StatusChangeForm
from renda.deputies.privacy import mask_id_number, mask_phone

PAGE_SIZE = 50


def _may_open_detail(user) -> bool:
    """Roles that see at least one deputy's record: the roster's roles, and a deputy (their own)."""
    return permissions.can_list(user) or has_role(user, Role.DEPUTY)


@page_for(permissions.can_list)
def deputy_list(request):
    form = DeputyFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.deputy_list(user=request.user, params=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.deputy_status_counts(qs)
    context = {
        "form": form,
        "page": page,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in DeputyStatus.choices],
        "filter_query": urlencode(filters),
        "can_import": permissions.can_import(request.user),
        "can_export": permissions.can_export(request.user),
    }
    return render_htmx(request, "deputies/list.html", context, partial="results")


# Personal fields and who may read them (deputies.permissions), for redacting the audit timeline.
def _personal_visibility(user, deputy) -> dict[str, bool]:
    sees_id = permissions.sees_id_number(user, deputy)
    return {"id_number": sees_id, "birth_date": sees_id, "phone": permissions.sees_phone(user, deputy)}


def _timeline(events, visible: dict[str, bool]) -> list[dict]:
    return readable_events(events, hidden={field for field, seen in visible.items() if not seen})


def _level_labels(deputy) -> list[str]:
    labels = dict(CongressLevelHeld.choices)
    return [str(labels.get(v, v)) for v in deputy.congress_levels or []]


def _submitted(request, form, service, deputy, done) -> bool:
    """A valid form of the detail page passed to its service (a refusal shown on the form); True when done."""
    if not form.is_valid():
        return False
    ok = attempt(
        request, lambda: service(actor=request.actor, deputy_id=deputy, **form.cleaned_data), form=form
    )[0]
    if ok:
        messages.success(request, done)
    return ok


@page_for(_may_open_detail)
def deputy_detail(request, pk: int):
    deputy = selectors.deputy_for_view(user=request.user, pk=pk)
    can_edit = permissions.can_edit(request.user)
    status_form = edit_form = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "status":
            status_form = StatusChangeForm(request.POST, deputy=deputy)
            if _submitted(request, status_form, services.deputy_change_status, deputy, _("已登记状态变更")):
                return redirect("deputies:detail", pk=deputy.pk)
        elif action == "update":
            edit_form = DeputyEditForm(request.POST, deputy=deputy)
            if _submitted(request, edit_form, services.deputy_update, deputy, _("已保存代表信息")):
                return redirect("deputies:detail", pk=deputy.pk)
        else:
            messages.error(request, _("未知的操作"))
    visible = _personal_visibility(request.user, deputy)
    if can_edit:
        status_form = status_form or StatusChangeForm(deputy=deputy)
        edit_form = edit_form or DeputyEditForm(deputy=deputy)
    context = {
        "deputy": deputy,
        "levels": _level_labels(deputy),
        "id_number": deputy.id_number if visible["id_number"] else mask_id_number(deputy.id_number),
        "phone": deputy.phone if visible["phone"] else mask_phone(deputy.phone),
        "visible": visible,
        "history": selectors.deputy_status_history(deputy),
        "memberships": selectors.deputy_memberships(deputy),
        "stations": selectors.deputy_stations(deputy),
        "timeline": _timeline(selectors.deputy_events(deputy), visible),
        "can_edit": can_edit,
        "can_change_status": can_edit and bool(workflow.allowed_targets(deputy.status)),
        "status_form": status_form,
        "edit_form": edit_form,
        "open_form": "status"
        if status_form and status_form.is_bound
        else "edit"
        if edit_form and edit_form.is_bound
        else "",
    }
    return render(request, "deputies/detail.html", context)


@require_GET
def public_directory(request):
    """代表名单: anyone reads the current term's deputies in office, by delegation, each with a link to
    their public duty profile."""
    q = request.GET.get("q", "").strip()
    raw = request.GET.get("delegation", "")
    delegation = int(raw) if raw.isdigit() else None
    qs = selectors.public_directory(q=q, delegation=delegation)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "delegation": delegation,
        "delegations": selectors.public_delegations(),
    }
    return render(request, "deputies/public_directory.html", context)


def deputy_profile(request, pk: int):
    """Public duty profile (代表法 第58条): basic information only, no personal data; anyone may read it."""
    deputy = selectors.deputy_public(pk=pk)
    context = {
        "deputy": deputy,
        "levels": _level_labels(deputy),
        "memberships": selectors.deputy_memberships(deputy),
        "stations": selectors.deputy_stations(deputy),
    }
    return render(request, "deputies/profile.html", context)
