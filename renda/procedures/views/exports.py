"""The documents offices take away: a decision's procedural record (Word), the catalogue and the
enforcement register (Excel)."""

from __future__ import annotations

from django.utils import timezone
from django.views.decorators.http import require_GET

from renda.core.docx import docx_response
from renda.core.http import page_for
from renda.core.xlsx import xlsx_response
from renda.procedures import services
from renda.procedures.views._common import (
    _catalogue,
    _decision,
    _signed_in,
)


@page_for(_signed_in)
@require_GET
def decision_docx(request, pk: int):
    """The decision's procedural record, GB/T 9704 (Word)."""
    decision = _decision(request, pk)
    data = services.decision_document(actor=request.actor, decision_id=decision)
    response = docx_response(data, f"decision-record-{decision.pk}.docx")
    response["Cache-Control"] = "no-store"
    return response


@page_for(_signed_in)
@require_GET
def catalogue_xlsx(request, pk: int):
    catalogue = _catalogue(request, pk)
    content = services.catalogue_register(actor=request.actor, catalogue_id=catalogue)
    return xlsx_response(content, f"decision-catalogue-{catalogue.year}.xlsx")


@page_for(_signed_in)
@require_GET
def cases_xlsx(request):
    content = services.enforcement_register(actor=request.actor)
    return xlsx_response(content, f"enforcement-register-{timezone.localdate():%Y%m%d}.xlsx")
