"""The hot-topics dashboard and its xlsx export."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from renda.core.http import page_for, render_htmx
from renda.insight import exports, permissions, selectors


@page_for(permissions.can_view_topics)
def topics(request):
    snap = selectors.topics_latest()
    rows = []
    if snap:
        for rank, t in enumerate(snap.topics, start=1):
            trend = t.get("trend") or {}
            peak = max(trend.values()) if trend else 0
            rows.append(
                {
                    "rank": rank,
                    **t,
                    "bars": [
                        (k, v, int(100 * v / peak) if peak else 0) for k, v in list(trend.items())[-12:]
                    ],
                }
            )
    return render_htmx(request, "insight/topics.html", {"snapshot": snap, "rows": rows})


@page_for(permissions.can_view_topics)
def topics_xlsx(request):
    snap = selectors.topics_latest()
    content = exports.topics_xlsx(
        snap.topics if snap else [],
        computed_at=f"{snap.computed_at:%Y-%m-%d %H:%M}" if snap else "",
        source=snap.source if snap else "",
    )
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{_('热点问题')}.xlsx")
    response["Cache-Control"] = "no-store"
    return response
