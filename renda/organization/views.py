"""Pages of the organisation: the overview of the congress, the handling-unit directory (htmx)."""

from __future__ import annotations

from django.shortcuts import render

from renda.core.http import page_for, render_htmx
from renda.organization import permissions, selectors
from renda.organization.forms import UnitFilterForm


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@page_for(_signed_in)
def overview(request):
    return render(request, "organization/overview.html", selectors.congress_overview())


@page_for(_signed_in)
def unit_list(request):
    form = UnitFilterForm(request.GET or None)
    filters = form.filters()
    # the page shows active units unless its switch asks for all
    params = {**filters, "active": None if filters.get("include_inactive") else True}
    units = list(selectors.unit_list(user=request.user, params=params))
    context = {
        "form": form,
        "rows": selectors.unit_tree_rows(units),
        "count": len(units),
        "filtered": bool(filters.get("q") or filters.get("kind")),
        "can_import": permissions.can_import_units(request.user),
        "can_export": permissions.can_export_units(request.user),
    }
    return render_htmx(request, "organization/unit_list.html", context, partial="results")


@page_for(_signed_in)
def unit_detail(request, pk: int):
    unit = selectors.unit_for_view(user=request.user, pk=pk)
    show_users = selectors.can_see_unit_users(request.user, unit)
    context = {
        "unit": unit,
        "children": selectors.unit_children(unit),
        "show_users": show_users,
        "users": selectors.unit_users(unit) if show_users else [],
    }
    return render(request, "organization/unit_detail.html", context)
