"""The documents that leave the offices: a decision's procedural record (Word, GB/T 9704), a catalogue of
decisions and the enforcement register (Excel, the safe writer). Each reads what the actor may read and no
more, and its making is in the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.services import event_record
from renda.organization import selectors as organization_selectors
from renda.procedures import documents, selectors
from renda.procedures.models import Catalogue, Decision, LegalReview

MAX_REGISTER_ROWS = 5000


def _congress_name() -> str:
    return organization_selectors.congress_name()


def decision_document(*, actor: ActorLike, decision_id: int | Decision) -> bytes:
    """重大行政决策程序记录 of a decision the actor may read (the lead unit keeps it, the congress reads
    it)."""
    actor = as_actor(actor)
    decision = spine.get_visible(Decision, actor, spine.pk_of(decision_id))
    latest = selectors.latest_steps(decision)
    content = documents.decision_docx(
        decision,
        cells=selectors.step_cells(decision, latest),
        records=list(decision.steps.select_related("recorded_by")),
        comments=list(decision.comments.all()),
        tracking=list(decision.tracking.all()),
        issuer=decision.lead_unit.name,
        today=timezone.localdate(),
    )
    with transaction.atomic():
        event_record(actor=actor, action="procedures_decision_docx", obj=decision)
    return content


def catalogue_register(*, actor: ActorLike, catalogue_id: int | Catalogue) -> bytes:
    """The catalogue's decisions with their five steps, as the page's table (only those the actor reads)."""
    actor = as_actor(actor)
    catalogue = spine.get_visible(Catalogue, actor, spine.pk_of(catalogue_id))
    table = selectors.steps_table(selectors.decisions(actor, catalogue))
    content = documents.catalogue_xlsx(
        catalogue, table, congress=_congress_name(), today=timezone.localdate()
    )
    with transaction.atomic():
        event_record(
            actor=actor, action="procedures_catalogue_xlsx", obj=catalogue, changes={"rows": len(table)}
        )
    return content


def enforcement_register(*, actor: ActorLike) -> bytes:
    """The enforcement cases the actor sees (a body its own, the congress every body's), each with its legal
    review and the size of its whole-process record; a second sheet with the figures per body."""
    actor = as_actor(actor)
    qs = selectors.cases(actor)
    cases = list(
        qs.prefetch_related("officers")
        .annotate(n_records=Count("files"))
        .order_by("unit__name", "number")[:MAX_REGISTER_ROWS]
    )
    reviews: dict[int, bool | None] = {}
    for review in LegalReview.objects.filter(case__in=cases).order_by("reviewed_at", "pk"):
        reviews[review.case_id] = review.passed  # the latest counts
    records = {c.pk: c.n_records for c in cases}
    content = documents.register_xlsx(
        cases,
        reviews=reviews,
        records=records,
        stats=selectors.enforcement_stats(qs),
        publish_days=selectors.settings_row().publish_days,
        congress=_congress_name(),
        today=timezone.localdate(),
    )
    with transaction.atomic():
        event_record(
            actor=actor,
            action="procedures_enforcement_xlsx",
            changes={"rows": len(cases)},
        )
    return content
