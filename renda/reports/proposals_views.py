"""Pages of the motions-and-suggestions reports: the dashboard (charts), the register (xlsx), the handling
report (docx), and the user's notifications. Thin adapters over renda.reports.proposals_exports and the
proposals selectors; every figure starts from the user's scope."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.http import page_for, render_htmx
from renda.core.pages import attempt
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, has_role
from renda.proposals import permissions
from renda.reports import proposals_exports as exports
from renda.reports import services
from renda.reports.selectors import current_term


def can_view_dashboard(user) -> bool:
    """Staff, leaders, auditors and admins (every item), handling units (theirs), deputies (their own)."""
    return has_role(user, *READ_ALL_ROLES, *UNIT_ROLES) or permissions.deputy_id_of(user) is not None


def _term_id(request) -> int | None:
    raw = request.GET.get("term")
    if raw and raw.isdigit():
        return int(raw)
    term = current_term()
    return term.pk if term else None


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@page_for(can_view_dashboard)
def proposals_dashboard(request):
    term_id = _term_id(request)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    figures = exports.figures_for(user=request.user, term_id=term_id, year=year)
    return render_htmx(
        request,
        "reports/proposals_dashboard.html",
        {
            "f": figures,
            "chart": exports.chart_data(figures),
            "term_id": term_id,
            "year": year,
            "can_export": permissions.can_export(request.user),
            "query": request.GET.urlencode(),
        },
    )


@page_for(permissions.can_export)
def proposals_xlsx(request):
    content, _rows = services.register_export(actor=request.user, params=request.GET)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _download(content, exports.XLSX_CONTENT_TYPE, f"{_('议案建议汇总表')}-{stamp}.xlsx")


@page_for(permissions.can_export)
def proposals_docx(request):
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    ok, content = attempt(
        request, lambda: services.report_export(actor=request.user, term_id=_term_id(request), year=year)
    )
    if not ok or content is None:
        return redirect("reports:proposals_dashboard")
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _download(content, exports.DOCX_CONTENT_TYPE, f"{_('议案建议办理情况报告')}-{stamp}.docx")


def _signed_in(user) -> bool:
    return True  # page_for already sends anonymous users to the login page


@page_for(_signed_in)
def notifications(request):
    qs = request.user.notifications.order_by("-created_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page.object_list if n.read_at is None]
    response = render_htmx(
        request,
        "reports/notifications.html",
        {"page": page, "unread_ids": set(unread_ids), "unread": qs.filter(read_at__isnull=True).count()},
    )
    if unread_ids:  # shown once → read (the page marks what it displayed)
        services.notifications_mark_read(user=request.user, ids=unread_ids)
    return response


@require_POST
@page_for(_signed_in)
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user, ids=None)
    return redirect("reports:notifications")
