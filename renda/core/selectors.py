"""Reads of the audit trail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from renda.core import events as event_names
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


def _field(model: type[Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _target(model: type[Model] | None, key: str) -> str | None:
    """The model ("app_label.Model") whose ids the change key holds, if any."""
    field = _field(model, key)
    if field is not None and field.is_relation and field.related_model is not None:
        meta = field.related_model._meta
        return f"{meta.app_label}.{meta.object_name}"
    return event_names.ref_model(key)


def _is_pair(model: type[Model] | None, key: str, value: Any) -> bool:
    """diff_fields writes a changed model field as [old, new]."""
    return _field(model, key) is not None and isinstance(value, list) and len(value) == 2


def _ids(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and not isinstance(v, (list, dict))]
    return [] if value is None or isinstance(value, dict) else [str(value)]


class _Namer:
    """Names for the ids and codes in a page of Events, read with one query per referenced model."""

    def __init__(self, rows: list[Event]) -> None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for e in rows:
            model = e.content_type.model_class() if e.content_type is not None else None
            for key, value in (e.changes or {}).items() if isinstance(e.changes, dict) else ():
                target = _target(model, key)
                if target is None:
                    continue
                for v in value if _is_pair(model, key, value) else [value]:
                    wanted[target].update(_ids(v))
        self.names: dict[str, dict[str, str]] = {}
        for target, ids in wanted.items():
            related = apps.get_model(target)
            pks = [i for i in ids if i.isdigit()]
            objs = related._default_manager.filter(pk__in=pks) if pks else []
            self.names[target] = {str(o.pk): str(o) for o in objs}

    def value(self, model: type[Model] | None, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, dict):
            return "；".join(f"{self.field(None, k)}：{self.value(None, k, v)}" for k, v in value.items())
        if isinstance(value, list):
            return "、".join(self.value(model, key, v) for v in value)
        target = _target(model, key)
        if target is not None:
            return self.names.get(target, {}).get(str(value), f"#{value}")
        coded = event_names.value_label(key, value)
        if coded is not None:
            return coded
        field = _field(model, key)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)

    def field(self, model: type[Model] | None, key: str) -> str:
        field = _field(model, key)
        if field is not None and hasattr(field, "verbose_name"):
            return str(field.verbose_name)
        return event_names.field_label(key) or key


def readable_events(rows: Iterable[Event], *, hidden: Collection[str] = ()) -> list[dict[str, Any]]:
    """Events as people read them: the action's label, the actor's and the object's names, and each change
    as "field: old → new" with ids shown as the names of the people, units and records they stand for.
    The change keys in `hidden` (personal data the reader may not see) keep their label, never their value."""
    rows = list(rows)
    namer = _Namer(rows)
    out = []
    for e in rows:
        model = e.content_type.model_class() if e.content_type is not None else None
        changes = []
        for key, value in (e.changes or {}).items() if isinstance(e.changes, dict) else ():
            entry: dict[str, Any] = {"field": namer.field(model, key)}
            if key in hidden:
                entry["hidden"] = True
            elif _is_pair(model, key, value):
                entry["old"], entry["new"] = (namer.value(model, key, v) for v in value)
            else:
                entry["value"] = namer.value(model, key, value)
            changes.append(entry)
        out.append(
            {
                "event": e,
                "at": e.created_at,
                "action": e.action,
                "label": event_names.label(e.action),
                "actor": str(e.actor) if e.actor_id else _("系统"),
                "object_type": e.content_type.name if e.content_type is not None else "",
                "object": e.object_repr,
                "changes": changes,
                "comment": e.comment,
            }
        )
    return out


def change_text(change: dict[str, Any]) -> str:
    if change.get("hidden"):
        return f"{change['field']}：{_('（已隐藏）')}"
    if "value" in change:
        return f"{change['field']}：{change['value']}"
    return f"{change['field']}：{change['old']} → {change['new']}"


def event_counts(*, action: str, model: type[Model], ids: Iterable[int]) -> dict[int, int]:
    """How many Events of `action` each object of `model` among `ids` has (one query)."""
    from django.db.models import Count

    ct = ContentType.objects.get_for_model(model)
    rows = (
        Event.objects.filter(action=action, content_type=ct, object_id__in=[str(i) for i in ids])
        .values("object_id")
        .annotate(n=Count("id"))
    )
    return {int(r["object_id"]): r["n"] for r in rows}


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


def audit_xlsx(qs: QuerySet[Event]) -> tuple[bytes, int]:
    """The audit log as a spreadsheet, in the page's words (labels and names), batch by batch."""
    from renda.core import xlsx

    def rows() -> Iterable[list[Any]]:
        batch: list[Event] = []
        for e in qs.iterator(chunk_size=500):
            batch.append(e)
            if len(batch) == 500:
                yield from _audit_rows(batch)
                batch = []
        yield from _audit_rows(batch)

    header = [_("时间"), _("操作人"), _("操作"), _("对象类型"), _("对象"), _("变更"), _("说明")]
    return xlsx.table_xlsx(header, rows(), title=_("审计日志"), widths=[20, 14, 20, 14, 30, 60, 30])


def _audit_rows(batch: list[Event]) -> Iterable[list[Any]]:
    for r in readable_events(batch):
        yield [
            r["at"].astimezone().replace(tzinfo=None),
            r["actor"],
            r["label"],
            r["object_type"],
            r["object"],
            "；".join(change_text(c) for c in r["changes"]),
            r["comment"],
        ]
