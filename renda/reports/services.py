"""Writes of the reports app: exports are audited (who took which rows out), notifications marked read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.accounts.models import User
from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.proposals import permissions
from renda.reports import proposals_exports as exports

FILTER_KEYS = (
    "kind",
    "status",
    "unit",
    "delegation",
    "topic",
    "overdue",
    "due_soon",
    "unsatisfied",
    "key",
    "q",
    "year",
    "term",
    "sort",
)


def _filters(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: params.get(k) for k in FILTER_KEYS if params.get(k) not in (None, "")}


def register_export(*, actor: ActorLike, params: Mapping[str, Any]) -> tuple[bytes, int]:
    """The register (汇总表) of the items `actor` may export, filtered like the list; audited."""
    if not permissions.can_export(actor):
        raise ApplicationError(_("您无权导出议案建议。"))
    term = str(params.get("term") or "")
    figures = exports.figures_for(user=actor, term_id=int(term) if term.isdigit() else None, cached=False)
    content, rows = exports.register_xlsx(exports.export_queryset(user=actor, params=params), figures=figures)
    with transaction.atomic():
        event_record(
            actor=actor, action="proposals_export", changes={"rows": rows, "filters": _filters(params)}
        )
    return content, rows


def report_export(*, actor: ActorLike, term_id: int | None) -> bytes:
    """The handling report (办理情况报告) over `actor`'s scope; audited."""
    if not permissions.can_export(actor):
        raise ApplicationError(_("您无权导出议案建议。"))
    figures = exports.figures_for(user=actor, term_id=term_id, cached=False)
    content = exports.report_docx(figures)
    with transaction.atomic():
        event_record(
            actor=actor, action="proposals_report", changes={"term": term_id, "total": figures["total"]}
        )
    return content


def notifications_mark_read(*, user: User, ids: Iterable[int] | None) -> int:
    """Mark the user's notifications read (those of `ids`, or all); only the user's own."""
    qs = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
