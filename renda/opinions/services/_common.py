"""What the opinions services share: text checks, today, tracking codes, notices, a unit and its users."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError
from renda.core.models import Notification
from renda.core.roles import UNIT_ROLES
from renda.core.tracking_codes import ALPHABET, LENGTH
from renda.opinions import rules
from renda.opinions.models import (
    Opinion,
)
from renda.organization.models import HandlingUnit

MAX_TEXT = 5000


def _today() -> datetime.date:
    return timezone.localdate()


def _new_code(year: int) -> str:
    return rules.tracking_code(year, [secrets.randbelow(len(ALPHABET)) for _ in range(LENGTH)])


def _notify(user_ids, title: str, opinion: Opinion) -> None:
    ids = sorted({u for u in user_ids if u})
    if ids:
        url = f"/opinions/{opinion.pk}/"
        transaction.on_commit(
            lambda: Notification.objects.bulk_create(
                [Notification(user_id=u, title=title[:200], url=url) for u in ids]
            )
        )


def _unit(unit_id, field: str) -> HandlingUnit:
    unit = HandlingUnit.objects.filter(pk=unit_id, is_active=True).first() if unit_id else None
    if unit is None:
        raise ApplicationError(_("请选择办理单位"), field=field)
    return unit


def _days(days: int | None) -> int:
    days = rules.DEFAULT_DUE_DAYS if days is None else days
    if not rules.due_days_ok(days):
        raise ApplicationError(
            _("办理期限应为 1 至 %(n)s 天（信访工作条例第三十二条）") % {"n": rules.MAX_DUE_DAYS},
            field="days",
        )
    return days


def _unit_users(unit_id) -> list[int]:
    return list(
        get_user_model()
        .objects.filter(roles__unit_id=unit_id, roles__role__in=[str(r) for r in UNIT_ROLES])
        .values_list("pk", flat=True)
    )
