"""Reads of the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from renda.core.models import Event
from renda.core.roles import Role, has_role

if TYPE_CHECKING:
    from renda.core.workdays import WorkCalendar


def can_read_audit(user: Any) -> bool:
    return has_role(user, Role.AUDITOR, Role.ADMIN)


def events() -> QuerySet[Event]:
    """The audit trail, newest first (filtered by renda.core.filters.EventFilter)."""
    return Event.objects.select_related("actor", "content_type").order_by("-created_at", "-id")


def event_actions() -> list[str]:
    return list(Event.objects.order_by("action").values_list("action", flat=True).distinct())


def event_models() -> list[ContentType]:
    ids = Event.objects.exclude(content_type=None).values_list("content_type", flat=True).distinct()
    return list(ContentType.objects.filter(pk__in=ids).order_by("app_label", "model"))


def events_for(obj: Model) -> QuerySet[Event]:
    ct = ContentType.objects.get_for_model(obj)
    return Event.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def work_calendar(*, start_year: int, end_year: int) -> WorkCalendar:
    """The working-day calendar with the days staff entered for these years (one query each)."""
    from renda.core.models import CalendarDay, CalendarYear
    from renda.core.workdays import WorkCalendar

    days = CalendarDay.objects.filter(date__year__gte=start_year, date__year__lte=end_year)
    years = CalendarYear.objects.filter(year__gte=start_year, year__lte=end_year).values_list(
        "year", flat=True
    )
    return WorkCalendar(overrides={d.date: d.is_workday for d in days}, years_entered=frozenset(years))
