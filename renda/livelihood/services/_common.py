"""What the livelihood services share: the scoped read, one table move, the year."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError, NotFound
from renda.core.services import event_record
from renda.livelihood.models import (
    Project,
    ProjectYear,
)

MAX_TEXT = 5000
INDEX_SOURCE = "livelihood"  # the proposals' name in insight's similar-items index


def index_text(project: Project) -> str:
    """What the similar-items index compares: the title and the text (and the place)."""
    return "\n".join(x for x in (project.title, project.location, project.description) if x)


# --- screening, shortlist (初筛, 初定) ------------------------------------------------------------


def _visible(actor: ActorLike, project_id: int) -> Project:
    return spine.get_visible(Project, actor, project_id)


def _move(actor: ActorLike, project: Project, action: str, changes_of=None) -> Project:
    """After the caller's spine.require: lock, the state again, the new state and the fields that
    `changes_of(project)` sets, an Event. (Each caller names its action literally in its own require: the
    spine walk of tests/test_spine_walk.py credits an action only there.)"""
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project.pk), action)
        old = project.status
        changes = changes_of(project) if changes_of else {}
        spine.set_state(project, action)
        project.save()
        event_record(
            actor=actor,
            action={
                "accept": "livelihood_accept",
                "reject": "livelihood_reject",
                "shortlist": "livelihood_shortlist",
                "unlist": "livelihood_unlist",
                "evaluate": "livelihood_evaluate",
            }[action],
            obj=project,
            changes={"status": [old, project.status], **changes},
        )
    return project


def _decimal(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("请填写金额"), field=field) from exc
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e10"):
        raise ApplicationError(_("金额应大于零"), field=field)
    return amount.quantize(Decimal("0.01"))


def _year(year_id: int) -> ProjectYear:
    year = ProjectYear.objects.filter(pk=year_id).first()
    if year is None:
        raise NotFound(_("未找到该年度"))
    return year
