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
from renda.organization import selectors as organization_selectors
from renda.proposals import permissions
from renda.reports import proposals_exports as exports
from renda.reports.proposals_report import Letterhead, report_docx

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
    content, rows = exports.register_xlsx(
        exports.export_queryset(user=actor, params=params), figures=figures, heading=_register_heading(params)
    )
    with transaction.atomic():
        event_record(
            actor=actor, action="proposals_export", changes={"rows": rows, "filters": _filters(params)}
        )
    return content, rows


def _register_heading(params: Mapping[str, Any]) -> str:
    """江临市人民代表大会第十六届 · 代表议案建议汇总表 · 截至…: the term filtered on, else the current one."""
    from renda.core.xlsx import register_heading
    from renda.organization.models import Term

    terms = Term.objects.select_related("congress")
    raw = str(params.get("term") or "")
    term = terms.filter(pk=int(raw)).first() if raw.isdigit() else terms.filter(is_current=True).first()
    return register_heading(
        congress=organization_selectors.congress_name(),
        term=str(term) if term else "",
        what=_("代表议案建议汇总表"),
        as_of=timezone.localdate(),
    )


def report_export(*, actor: ActorLike, term_id: int | None, year: int | None = None) -> bytes:
    """The handling report (办理情况报告) over `actor`'s scope, of one year of submission when `year` is
    given (the dashboard's filter: the same figures as the page); audited."""
    if not permissions.can_export(actor):
        raise ApplicationError(_("您无权导出议案建议。"))
    if year is not None and not 2000 <= year <= 2100:
        raise ApplicationError(_("年度：应在2000至2100之间"), field="year")
    figures = exports.figures_for(user=actor, term_id=term_id, year=year, cached=False)
    with transaction.atomic():
        letterhead = _letterhead(figures["today"].year)
        event_record(
            actor=actor,
            action="proposals_report",
            changes={"term": term_id, "year": year, "total": figures["total"], "number": letterhead.number},
        )
    title = _("关于%(year)s年代表议案建议办理情况的报告") % {"year": year} if year else None
    return report_docx(figures, letterhead=letterhead, title=title)


def _letterhead(year: int) -> Letterhead:
    """The issuing body and the next document number of the year (江人常办〔2026〕3号): the reports issued
    this year are counted under a lock of the congress row, so two reports never share a number."""
    from django.conf import settings

    from renda.core.models import Event
    from renda.organization.models import Congress

    congress = Congress.objects.select_for_update().order_by("id").first()
    name = congress.name if congress else ""
    issuer = settings.RENDA_DOCUMENT_ISSUER or _("%(congress)s常务委员会办公厅") % {"congress": name}
    issued = Event.objects.filter(action="proposals_report", created_at__year=year).count()
    number = f"{settings.RENDA_DOCUMENT_CODE}〔{year}〕{issued + 1}号"
    return Letterhead(issuer=issuer, number=number, signer=issuer)


def notifications_mark_read(*, user: User, ids: Iterable[int] | None) -> int:
    """Mark the user's notifications read (those of `ids`, or all); only the user's own."""
    qs = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
