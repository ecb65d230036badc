"""The hot-topics dashboard and its xlsx export; the routing models page (versions, figures, 立即训练)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.core.http import page_for, render_htmx
from renda.insight import exports, permissions, selectors
from renda.insight.models import RoutingKind


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


@page_for(permissions.can_train)
@require_GET
def routing(request):
    """分办模型: each kind's versions with their figures, the active one marked."""
    kinds = []
    rows = list(selectors.routing_models())
    for kind, label in RoutingKind.choices:
        models = []
        for row in (r for r in rows if r.kind == kind):
            figures = row.figures or {}
            cv = figures.get("cv") or {}
            models.append(
                {
                    "row": row,
                    "n": figures.get("n"),
                    "labels": len(figures.get("labels") or {}),
                    "accuracy": cv.get("accuracy"),
                    "macro_f1": cv.get("macro_f1"),
                    "folds": cv.get("folds"),
                    "seconds": figures.get("train_seconds"),
                }
            )
        kinds.append({"kind": kind, "label": label, "models": models})
    return render_htmx(request, "insight/routing.html", {"kinds": kinds})


@page_for(permissions.can_train)
@require_POST
def routing_train(request):
    """立即训练: one background training per kind (the worker runs it; the page shows the new version)."""
    from renda.insight.tasks import routing_train_task

    for kind in RoutingKind.values:
        routing_train_task.enqueue(kind)
    messages.success(request, _("已开始训练，完成后此页显示新版本"))
    return redirect("insight:routing")
