"""Lists' filters, declared once as django-filter FilterSets (ARCHITECTURE: one declaration feeds the page,
the export and the API), and the filter types every app's lists share.

``ChoiceInFilter`` takes one value or several, comma-separated or repeated (``status=draft,cosigning`` or
``status=draft&status=cosigning``): a to-do tile that stands for two states links to one list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core import events, selectors
from renda.core.models import Event
from renda.core.widgets import QuickSelect, QuickSelectMixin


class MultiValueCSVWidget(django_filters.widgets.CSVWidget):
    """Reads `a,b`, and also `a&b` repeated in the query string, as one list."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str] | None:
        getlist = getattr(data, "getlist", None)
        raw = getlist(name) if getlist is not None else [data.get(name)]
        values = [v for item in raw if item for v in str(item).split(",") if v]
        return values or None


class MultiChoiceSelect(django_filters.widgets.BaseCSVWidget, QuickSelect):
    """A drop-down that reads one value or several (`a,b`, or `a&b` repeated). Several values are drawn as
    one extra, selected option ("草稿、联名中"), so a list opened from a two-state tile shows its filter and
    a form submit keeps it. Drawn in Python like QuickSelect (no template per option)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str] | None:
        return MultiValueCSVWidget().value_from_datadict(data, files, name)

    def format_value(self, value: Any) -> list[str]:
        if value is None:
            return []
        values = value if isinstance(value, (list, tuple)) else str(value).split(",")
        return [",".join(str(v) for v in values if v not in (None, ""))]

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        formatted = self.format_value(value)
        joined = formatted[0] if formatted else ""
        if "," in joined:
            labels = {str(k): str(v) for k, v in self.choices}
            self.choices = [*self.choices, (joined, "、".join(labels.get(v, v) for v in joined.split(",")))]
        return QuickSelectMixin.render(self, name, value, attrs, renderer)


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """`field__in` over valid choices, from one value or a comma list; an unknown value is a form error."""

    base_field_class = django_filters.fields.BaseCSVField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "in")
        kwargs.setdefault("widget", MultiValueCSVWidget)
        super().__init__(*args, **kwargs)


class IntFilter(django_filters.Filter):
    """A whole number (an id picked from a drop-down, a year)."""

    field_class = forms.IntegerField


class FlagFilter(django_filters.Filter):
    """A check box: on narrows the list, off (absent) leaves it whole."""

    field_class = forms.BooleanField


class ParamsFilterSet(django_filters.FilterSet):
    """A FilterSet whose valid values are handed to a selector as plain params (`params()`): the page, the
    export, the API and the home page's tiles read the same declaration. A wrong value drops only its own
    filter, never the others (a wrong `year` must not show every item of every status)."""

    def params(self) -> dict[str, Any]:
        form = self.form
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        return {k: v for k, v in cleaned.items() if v not in (None, "", False, [])}


def day_start(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())


def day_end(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time.max, tzinfo=timezone.get_current_timezone())


class EventFilter(django_filters.FilterSet):
    """The audit log's filters (auditors and admins): person (name or user name), action (by its label),
    object, date, and the scopes apps register (renda.core.events.register_scope: a handling unit)."""

    actor = django_filters.CharFilter(label=_("操作人"), method="filter_actor")
    action = django_filters.ChoiceFilter(label=_("操作"), empty_label=_("全部"))
    model = django_filters.ChoiceFilter(label=_("对象类型"), empty_label=_("全部"), method="filter_model")
    object_id = django_filters.CharFilter(label=_("对象编号"))
    date_from = django_filters.DateFilter(
        label=_("起始日期"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Event
        fields = ["actor", "action", "model", "object_id", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = events.choices(selectors.event_actions())
        for name, (label, choices, query) in events.scopes().items():
            self.filters[name] = django_filters.ChoiceFilter(
                label=label, choices=choices, empty_label=_("全部"), method=self._scope(query)
            )
            self.filters[name].model = Event
        self.filters["model"].extra["choices"] = [
            (f"{ct.app_label}.{ct.model}", ct.name) for ct in selectors.event_models()
        ]

    @staticmethod
    def _scope(query: Any) -> Any:
        def apply(qs: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
            return qs.filter(query(value)).distinct()

        return apply

    def filter_actor(self, qs: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        value = value.strip()
        return qs.filter(Q(actor__username=value) | Q(actor__display_name__icontains=value))

    def filter_model(self, qs: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        app_label, _dot, model = value.partition(".")
        return qs.filter(content_type__app_label=app_label, content_type__model=model)

    def filter_from(self, qs: QuerySet[Event], name: str, value: dt.date) -> QuerySet[Event]:
        return qs.filter(created_at__gte=day_start(value))

    def filter_to(self, qs: QuerySet[Event], name: str, value: dt.date) -> QuerySet[Event]:
        return qs.filter(created_at__lte=day_end(value))
