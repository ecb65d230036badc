"""Texts other tools learn from (registered in apps.py): routing samples for renda.insight and the
submitted items' texts for hot topics.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Count,
    Q,
)

from renda.organization.models import HandlingUnit
from renda.proposals.choices import (
    AssignmentRole,
    CosignStatus,
    Status,
)
from renda.proposals.models import (
    Assignment,
    Proposal,
)
from renda.proposals.selectors.terms import (
    NOT_SUBMITTED,
)

TRAINING_LIMIT = 50_000


def _text_fields():
    return ("title", "content", "cause", "basis", "plan")


def _joined(row) -> str:
    return "\n".join(x for x in row if x)


def training_by_topic():
    """(text, topic name) of submitted items with a topic, the latest first: routing learns the category."""
    rows = (
        Proposal.objects.exclude(status__in=NOT_SUBMITTED)
        .filter(topic__isnull=False)
        .order_by("-id")
        .values_list(*_text_fields(), "topic__name")[:TRAINING_LIMIT]
    )
    for *texts, label in rows.iterator(chunk_size=2000):
        yield _joined(texts), label


def training_by_unit():
    """(text, lead unit name) of assigned items (active lead assignments): routing learns the unit."""
    rows = (
        Assignment.objects.filter(is_active=True, role=AssignmentRole.LEAD)
        .order_by("-id")
        .values_list(*(f"proposal__{f}" for f in _text_fields()), "unit__name")[:TRAINING_LIMIT]
    )
    for *texts, label in rows.iterator(chunk_size=2000):
        yield _joined(texts), label


def topic_texts_since(since: dt.datetime):
    """(id, text, submitted at, weight) of the motions and suggestions submitted since `since`, for hot topics
    (renda.insight): every item a deputy submitted is a problem raised — whatever became of it (accepted,
    returned, handled as a letter, merged) — except the withdrawn ones; drafts never count. Text: the title
    and body as services.proposal_text; weight: the lead deputy plus the confirmed co-signers."""

    rows = (
        Proposal.objects.filter(submitted_at__gte=since)
        .exclude(status__in=(*NOT_SUBMITTED, Status.WITHDRAWN))
        .annotate(signers=Count("cosigners", filter=Q(cosigners__status=CosignStatus.CONFIRMED)))
        .order_by("-submitted_at", "-id")
        .values_list("id", *_text_fields(), "submitted_at", "signers")[:TRAINING_LIMIT]
    )
    for pk, *texts, submitted_at, signers in rows.iterator(chunk_size=2000):
        yield pk, _joined(texts), submitted_at, 1 + signers


def unit_names():
    """The names of the active handling units: the units unit routing may propose before any history
    (renda.insight.duties knows what each kind of body handles)."""
    return HandlingUnit.objects.filter(is_active=True).order_by("order", "id").values_list("name", flat=True)


def index_texts():
    """(id, text, year) of every submitted item that is not withdrawn, as the similar-items index holds
    them (services._index_text on submission, _unindex on withdrawal): renda.insight rebuilds the index
    from them after the demo seed, an import or `manage.py insight_reindex`."""
    rows = (
        Proposal.objects.exclude(status__in=(*NOT_SUBMITTED, Status.WITHDRAWN))
        .order_by("id")
        .values_list("id", *_text_fields(), "submitted_at")
    )
    for pk, *texts, submitted_at in rows.iterator(chunk_size=2000):
        yield pk, _joined(texts), submitted_at.year if submitted_at else None
