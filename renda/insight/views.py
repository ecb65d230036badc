"""The hot-topics dashboard (重新计算 from the platform's own texts, in the background) and its xlsx
export; the routing models page (versions, figures, 立即训练)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from renda.core.http import page_for, render_htmx
from renda.insight import exports, permissions, selectors, services
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
    return render_htmx(
        request,
        "insight/topics.html",
        {
            "snapshot": snap,
            "rows": rows,
            "can_refresh": permissions.can_refresh_topics(request.user),
            "refresh_label": services.topics_refresh_label(services.REFRESH_DAYS),
        },
    )


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


@page_for(permissions.can_refresh_topics)
@require_POST
def topics_refresh(request):
    """重新计算: one background recomputation from the platform's texts of the last 90 days; htmx shows its
    progress in place (and reloads the page when it is done), a plain form post comes back with a message."""
    from renda.insight.tasks import topics_refresh_task

    result = topics_refresh_task.enqueue(days=services.REFRESH_DAYS, by="week", actor_id=request.user.pk)
    if not request.htmx:
        messages.success(request, _("已加入计算队列，完成后此页显示新结果"))
        return redirect("insight:topics")
    return _refresh_status(request, result)


@page_for(permissions.can_refresh_topics)
@require_GET
def topics_refresh_status(request, result_id):
    """The state of one 重新计算 (polled by htmx): queued, running, failed; done reloads the page."""
    from renda.insight.tasks import topics_refresh_task

    try:
        result = topics_refresh_task.get_result(str(result_id))
    except (TaskResultDoesNotExist, TaskResultMismatch) as exc:
        raise Http404 from exc
    if result.status == TaskResultStatus.SUCCESSFUL:
        return HttpResponseClientRefresh()
    return _refresh_status(request, result)


def _refresh_status(request, result):
    state = {TaskResultStatus.READY: "queued", TaskResultStatus.RUNNING: "running"}.get(
        result.status, "failed"
    )
    context = {
        "refresh": {"id": result.id, "state": state},
        "refresh_label": services.topics_refresh_label(result.kwargs.get("days", services.REFRESH_DAYS)),
    }
    return render(request, "insight/topics.html#refresh", context)


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
            accuracy = cv.get("accuracy")
            models.append(
                {
                    "row": row,
                    "n": figures.get("n"),
                    "prior": figures.get("prior") or 0,
                    "labels": len(figures.get("labels") or {}),
                    "recent": figures.get("recent"),
                    # of 100 items, how many the cross-check routed right (a clerk's figure, not an F1)
                    "per_hundred": round(100 * accuracy) if accuracy is not None else None,
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
