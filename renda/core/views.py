from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renda.core import auditchain, selectors, services
from renda.core.filters import EventFilter
from renda.core.http import page_for, render_htmx
from renda.core.xlsx import xlsx_response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and the database's state, as JSON (for load balancers and monitoring)."""
    db: dict[str, Any] = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db["ok"] = True
    except Exception as exc:
        db.update(ok=False, error=exc.__class__.__name__)
    status = 200 if db["ok"] else 503
    return JsonResponse({"status": "ok" if db["ok"] else "error", "database": db}, status=status)


def _filtered(request: HttpRequest) -> tuple[EventFilter, Any]:
    filterset = EventFilter(request.GET or None, queryset=selectors.events())
    return filterset, (filterset.qs if filterset.is_valid() else selectors.events())


@page_for(selectors.can_read_audit)
def audit_log(request: HttpRequest) -> HttpResponse:
    filterset, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": filterset.form,
        "page": page,
        "rows": selectors.readable_events(page.object_list),
        "query": query.urlencode(),
        "chain": auditchain.state(),
    }
    return render_htmx(request, "core/audit.html", context, partial="results")


@require_POST
@page_for(selectors.can_read_audit)
def audit_verify(request: HttpRequest) -> HttpResponse:
    verdict = services.audit_verify(actor=request.user)
    if verdict.ok:
        messages.success(request, _("审计链完整：已校验 %(n)s 条记录。") % {"n": verdict.checked})
    else:
        messages.error(
            request,
            _("审计链在第 %(seq)s 环断开：%(reason)s")
            % {"seq": verdict.broken_seq, "reason": verdict.reason},
        )
    return redirect("core:audit")


@page_for(selectors.can_read_audit)
def audit_export(request: HttpRequest) -> HttpResponse:
    """The rows the page shows (its filters applied), as xlsx."""
    _filterset, events = _filtered(request)
    filters = {k: v for k, v in request.GET.items() if k != "page" and v}
    content, _rows = services.audit_export(actor=request.user, events=events, filters=filters)
    return xlsx_response(content, "audit-log.xlsx")
