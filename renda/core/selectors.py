"""Reads of the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils import timezone

from renda.core.models import Event
from renda.core.roles import Role, has_role

if TYPE_CHECKING:
    from renda.core.workdays import WorkCalendar


def can_read_audit(user: Any) -> bool:
    return has_role(user, Role.AUDITOR, Role.ADMIN)


def event_list(
    *,
    actor: str = "",
    action: str = "",
    model: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Event]:
    qs = Event.objects.select_related("actor", "content_type")
    if actor:
        qs = qs.filter(actor__username=actor)
    if action:
        qs = qs.filter(action=action)
    if model:
        app_label, _dot, name = model.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=name)
    if object_id:
        qs = qs.filter(object_id=object_id)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs.order_by("-created_at", "-id")


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
