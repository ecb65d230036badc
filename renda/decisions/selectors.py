"""Every read of decisions on major matters, starting from Matter.objects.restrict(actor, action) — and the
public's reads, which see only the decisions published."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import NotFound
from renda.core.events import label
from renda.core.selectors import events_for, work_calendar
from renda.decisions import rules
from renda.decisions.models import CatalogueEntry, Matter
from renda.decisions.permissions import PUBLIC_STATES
from renda.meetings.choices import SessionKind, SessionStatus
from renda.meetings.models import Session
from renda.organization import selectors as organization_selectors

ADOPTED_STATES = ("adopted", *PUBLIC_STATES)


def _today() -> datetime.date:
    return timezone.localdate()


def matter_list(actor: ActorLike, *, status: list[str] | None = None) -> QuerySet[Matter]:
    qs = Matter.objects.restrict(as_actor(actor), "view").select_related("catalogue")
    if status:
        qs = qs.filter(status__in=status)
    return qs.order_by("-submitted_on", "-id")


def matter(actor: ActorLike, pk: int) -> Matter:
    try:
        return (
            Matter.objects.restrict(as_actor(actor), "view")
            .select_related("catalogue", "agenda_item__session", "poll")
            .get(pk=pk)
        )
    except Matter.DoesNotExist as exc:
        raise NotFound(spine.policy_for(Matter).not_found_message()) from exc


def catalogue(*, active_only: bool = True) -> list[CatalogueEntry]:
    qs = CatalogueEntry.objects.all()
    return list(qs.filter(is_active=True) if active_only else qs)


def open_sessions() -> QuerySet[Session]:
    """The standing committee's meetings a matter may go on (not closed), the latest first."""
    return Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE).exclude(status=SessionStatus.CLOSED)


def _calendar(matters: list[Matter]):
    """One working-day calendar for these matters' follow-up periods (one query, not one per matter)."""
    years = [m.decided_on.year for m in matters if m.decided_on]
    return work_calendar(start_year=min(years, default=_today().year), end_year=max(years, default=0) + 3)


def followup_due(m: Matter, calendar=None) -> datetime.date | None:
    """The implementation report's due date: followup_months from the day the decision was adopted (None
    unless adopted)."""
    if m.decided_on is None or m.status not in ADOPTED_STATES:
        return None
    return rules.followup_due(m.decided_on, m.followup_months, calendar or _calendar([m]))


@dataclass(frozen=True)
class Followup:
    due: datetime.date
    state: str  # rules.followup_state: reported, late_reported, pending, overdue
    days: int


def followup(m: Matter, today: datetime.date | None = None, calendar=None) -> Followup | None:
    due = followup_due(m, calendar)
    if due is None:
        return None
    state, days = rules.followup_state(due, m.reported_on, today or _today())
    return Followup(due, state, days)


def vote(m: Matter) -> dict | None:
    """The vote as the engine counted it (None before): yes, no, abstain, all members, the yes needed."""
    if m.votes_yes is None or not m.members_total:
        return None
    needed = m.members_total // 2 + 1
    return {"yes": m.votes_yes, "no": m.votes_no, "abstain": m.votes_abstain, "total": m.members_total,
            "needed": needed, "passed": m.votes_yes >= needed}  # fmt: skip


def timeline(m: Matter) -> list[dict]:
    events = events_for(m).order_by("created_at", "id")
    return [{"label": label(e.action), "event": e} for e in events]


def overdue(today: datetime.date | None = None) -> list[tuple[Matter, Followup]]:
    """Published decisions whose implementation report is overdue (the follow-up's reminder list)."""
    today = today or _today()
    matters = list(Matter.objects.filter(status="published").order_by("published_on", "id"))
    calendar = _calendar(matters)
    out = []
    for m in matters:
        f = followup(m, today, calendar)
        if f is not None and f.state == "overdue":
            out.append((m, f))
    return out


# --- the public (no sign-in) ------------------------------------------------------------------------------


def public_list(year: int | None = None) -> list[tuple[Matter, Followup | None]]:
    """The resolutions and decisions published, the latest first, with their follow-up."""
    qs = Matter.objects.filter(status__in=PUBLIC_STATES).order_by("-published_on", "-id")
    if year:
        qs = qs.filter(published_on__year=year)
    matters = list(qs)
    calendar = _calendar(matters)
    return [(m, followup(m, calendar=calendar)) for m in matters]


def public_matter(pk: int) -> Matter:
    m = Matter.objects.filter(pk=pk, status__in=PUBLIC_STATES).first()
    if m is None:
        raise NotFound(spine.policy_for(Matter).not_found_message())
    return m


NUMBER_PREFIX = "江人常决"  # the demo city's prefix; the clerk may type any number


def next_number(today: datetime.date | None = None) -> str:
    """The next decision number of the year, as a suggestion for the publish form."""
    year = (today or _today()).year
    seq = Matter.objects.filter(published_on__year=year).exclude(number="").count() + 1
    return rules.document_number(NUMBER_PREFIX, year, seq)


def congress_name() -> str:
    """The issuer of a decision: the standing committee."""
    return organization_selectors.standing_committee_name()
