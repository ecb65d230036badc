"""The early warning (预警器): rising topics among recent opinions."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike
from renda.core.models import Notification
from renda.core.services import event_record
from renda.opinions import rules

from ._common import _today


def early_warning(*, actor: ActorLike = None, weeks: int = 12) -> list[dict]:
    """The rising-topic alert: the opinions and suggestions of the last `weeks` weeks clustered by insight's
    hot topics; a topic holding opinions whose count this week is rising by rules.rising (against the
    rules.BASELINE_PERIODS weeks before) is sent to the leaders, with the opinions behind it. Run weekly
    (manage.py opinions_early_warning); measured on real messages in docs/benchmarks.md."""
    from renda.core.roles import Role
    from renda.insight import sources, topics

    now = timezone.now()
    this_week = _today() - datetime.timedelta(days=_today().weekday())
    items = sources.topic_items(now - datetime.timedelta(weeks=weeks), now)
    when = {item[0]: item[2] for item in items}
    alerts: list[dict[str, Any]] = []
    for topic in topics.cluster(items, by="week"):
        opinion_ids = sorted(int(i.split(":", 1)[1]) for i in topic.ids if str(i).startswith("opinion:"))
        if not opinion_ids:
            continue
        counts: dict[datetime.date, int] = {}
        for i in topic.ids:
            day = timezone.localtime(when[i]).date()
            start = day - datetime.timedelta(days=day.weekday())
            counts[start] = counts.get(start, 0) + 1
        last = counts.get(this_week, 0)
        before = [
            counts.get(this_week - datetime.timedelta(weeks=k), 0)
            for k in range(1, rules.BASELINE_PERIODS + 1)
        ]
        if rules.rising(last, before):
            alerts.append(
                {
                    "keywords": topic.keywords[:5],
                    "places": topic.places[:3],
                    "count": last,
                    "baseline": round(sum(before) / len(before), 1),
                    "opinion_ids": opinion_ids,
                }
            )
    if not alerts:
        return alerts
    leaders = list(
        get_user_model()
        .objects.filter(roles__role=Role.LEADER, is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    with transaction.atomic():
        notes = []
        for a in alerts:
            title = _("预警：%(k)s 本周 %(n)s 件（此前每周约 %(b)s 件）") % {
                "k": "、".join(a["places"][:1] + a["keywords"][:3]),
                "n": a["count"],
                "b": a["baseline"],
            }
            url = "/opinions/warning/?ids=" + ",".join(str(i) for i in a["opinion_ids"][:200])
            notes += [Notification(user_id=u, title=title[:200], url=url) for u in leaders]
            event_record(actor=actor, action="opinion_early_warning", obj=None, changes=a)
        Notification.objects.bulk_create(notes)
    return alerts
