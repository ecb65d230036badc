"""The daily digest (每日办理提醒): each handling unit's people get one in-app notice listing the items whose
reply is overdue or due soon; staff get one summary across all units.

Overdue and due-soon are derived from the stored due date and today (never stored). Running it twice on
the same day writes nothing the second time: a notice is identified by its user and its dated title.
Operators run `manage.py proposals_digest` once a day (cron or a systemd timer, see docs/deploy.md); the
`proposals_digest_task` task does the same work on a django-tasks worker.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from renda.accounts.models import RoleAssignment
from renda.core.models import Notification
from renda.core.roles import UNIT_ROLES, Role
from renda.proposals import rules, workflow
from renda.proposals.choices import AssignmentRole, number_label
from renda.proposals.models import Assignment, ProposalSettings

MAX_LISTED = 10  # items named in one notice; the rest are counted


@dataclass
class UnitDigest:
    unit_id: int
    unit_name: str = ""
    overdue: list[dict] = field(default_factory=list)
    due_soon: list[dict] = field(default_factory=list)


@dataclass
class DigestResult:
    day: dt.date
    units: int = 0
    notices: int = 0
    skipped: int = 0  # already sent today


def _overdue_url() -> str:
    """The pages' list of overdue items (the pages are mounted by the proposals app's urls)."""
    try:
        return reverse("proposals:overdue")
    except NoReverseMatch:
        return ""


def unit_digests(*, today: dt.date) -> dict[int, UnitDigest]:
    """Overdue and due-soon items per unit (lead and split leads: the units that owe the reply)."""
    soon_days = dict(ProposalSettings.objects.values_list("term_id", "due_soon_days"))
    horizon = today + dt.timedelta(days=max([rules.DUE_SOON_DAYS, *soon_days.values()]))
    rows = (
        Assignment.objects.filter(
            is_active=True,
            role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
            proposal__status__in=workflow.OPEN_STATES,
            proposal__due_date__lte=horizon,
        )
        .order_by("unit_id", "proposal__due_date", "proposal_id")
        .values_list(
            "unit_id",
            "unit__name",
            "proposal_id",
            "proposal__number",
            "proposal__kind",
            "proposal__title",
            "proposal__due_date",
            "proposal__term_id",
        )
    )
    digests: dict[int, UnitDigest] = {}
    for unit_id, unit_name, pid, number, kind, title, due, term_id in rows.iterator(chunk_size=5000):
        d = digests.setdefault(unit_id, UnitDigest(unit_id=unit_id, unit_name=unit_name))
        item = {
            "id": pid,
            "number": number_label(number, kind),
            "title": title,
            "due_date": due,
            "days": (due - today).days,
        }
        if rules.is_overdue(due, today, open_=True):  # the rows are open items (workflow.OPEN_STATES)
            d.overdue.append(item)
        elif rules.is_due_soon(due, today, True, soon_days.get(term_id) or rules.DUE_SOON_DAYS):
            d.due_soon.append(item)
    return {k: v for k, v in digests.items() if v.overdue or v.due_soon}


def _item_line(item: dict) -> str:
    number = f"{item['number']} " if item["number"] else ""
    if item["days"] < 0:
        when = _("逾期%(n)s天") % {"n": -item["days"]}
    else:
        when = _("剩余%(n)s天") % {"n": item["days"]}
    return f"· {number}{item['title']}（{_('答复期限')} {item['due_date']:%Y-%m-%d}，{when}）"


def _unit_body(d: UnitDigest) -> str:
    lines = [_("逾期未答复%(o)s件，%(s)s件即将到期。") % {"o": len(d.overdue), "s": len(d.due_soon)}]
    items = (d.overdue + d.due_soon)[:MAX_LISTED]
    lines += [_item_line(i) for i in items]
    rest = len(d.overdue) + len(d.due_soon) - len(items)
    if rest > 0:
        lines.append(_("另有%(n)s件，请在议案建议列表中查看。") % {"n": rest})
    return "\n".join(lines)


def unit_title(day: dt.date) -> str:
    return _("议案建议办理提醒（%(day)s）") % {"day": f"{day:%Y-%m-%d}"}


def staff_title(day: dt.date) -> str:
    return _("议案建议逾期与临期汇总（%(day)s）") % {"day": f"{day:%Y-%m-%d}"}


@transaction.atomic
def digest_run(*, today: dt.date | None = None) -> DigestResult:
    """Write today's notices (at most one per user and kind); a second run on the same day writes none."""
    today = today or timezone.localdate()
    result = DigestResult(day=today)
    digests = unit_digests(today=today)
    result.units = len(digests)
    u_title, s_title = unit_title(today), staff_title(today)
    already = set(Notification.objects.filter(title__in=(u_title, s_title)).values_list("user_id", "title"))
    members: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id in RoleAssignment.objects.filter(
        role__in=UNIT_ROLES, unit_id__in=digests.keys(), user__is_active=True
    ).values_list("user_id", "unit_id"):
        members[user_id].add(unit_id)

    notices: list[Notification] = []
    url = _overdue_url()
    for user_id, unit_ids in sorted(members.items()):
        if (user_id, u_title) in already:
            result.skipped += 1
            continue
        parts = []
        for unit_id in sorted(unit_ids):
            d = digests[unit_id]
            body = _unit_body(d)
            parts.append(f"{d.unit_name}：{body}" if len(unit_ids) > 1 else body)
        notices.append(Notification(user_id=user_id, title=u_title, body="\n\n".join(parts), url=url))

    if digests:
        overdue = sum(len(d.overdue) for d in digests.values())
        soon = sum(len(d.due_soon) for d in digests.values())
        ranked = sorted(digests.values(), key=lambda d: (-len(d.overdue), -len(d.due_soon), d.unit_name))
        lines = [
            _("%(u)s个承办单位有逾期或临期事项：逾期未答复%(o)s件，即将到期%(s)s件。")
            % {"u": len(digests), "o": overdue, "s": soon}
        ]
        lines += [
            _("· %(unit)s：逾期%(o)s件，临期%(s)s件")
            % {"unit": d.unit_name, "o": len(d.overdue), "s": len(d.due_soon)}
            for d in ranked[:MAX_LISTED]
        ]
        if len(ranked) > MAX_LISTED:
            lines.append(_("另有%(n)s个单位，请在议案建议列表中查看。") % {"n": len(ranked) - MAX_LISTED})
        staff_ids = (
            RoleAssignment.objects.filter(role=Role.STAFF, user__is_active=True)
            .values_list("user_id", flat=True)
            .distinct()
        )
        for user_id in sorted(set(staff_ids)):
            if (user_id, s_title) in already:
                result.skipped += 1
                continue
            notices.append(Notification(user_id=user_id, title=s_title, body="\n".join(lines), url=url))
    Notification.objects.bulk_create(notices)
    result.notices = len(notices)
    return result


@task
def proposals_digest_task(day: str | None = None) -> dict:
    """The daily digest on a worker; `day` (YYYY-MM-DD) defaults to today."""
    today = dt.date.fromisoformat(day) if day else None
    result = digest_run(today=today)
    return {
        "day": result.day.isoformat(),
        "units": result.units,
        "notices": result.notices,
        "skipped": result.skipped,
    }
