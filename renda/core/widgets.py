"""Form widgets. QuickSelect draws a <select> in Python instead of one template per <option>.

Django's Select renders every option through a template: ~25 µs each, so a list of the 800 handling units
of a province costs ~20 ms per drop-down — most of a list page's time. QuickSelect writes the same HTML
(escaped the same way) with one string join. Grouped choices (optgroups) fall back to Django's own drawing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _escape(value: object) -> str:
    """Django's escape (html.escape with quotes), or the value itself when it is already safe HTML."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def options_html(
    choices: Iterable[tuple[Any, Any]], selected: Iterable[Any] = (), *, multiple: bool = False
) -> SafeString:
    """<option> elements of flat (value, label) choices, as Django's Select draws them; `selected`: the
    values (strings) to mark. A single select marks only the first match, like Django."""
    marked = {str(v) for v in selected}
    parts = []
    for key, label in choices:
        k = "" if key is None else str(key)
        is_selected = k in marked
        mark = " selected" if is_selected else ""
        parts.append(f'<option value="{_escape(k)}"{mark}>{_escape(label)}</option>')
        if is_selected and not multiple:
            marked = set()
    return mark_safe("\n".join(parts))


class QuickSelectMixin(forms.Select):
    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _key, label in choices):
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        options = options_html(choices, self.format_value(value), multiple=self.allow_multiple_selected)
        return mark_safe(f"{format_html('<select{}>', flatatt(final))}\n{options}\n</select>")


class QuickSelect(QuickSelectMixin, forms.Select):
    """forms.Select, drawn without a template per option."""


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    """forms.SelectMultiple, drawn without a template per option."""


# The list filters' compact controls (a list page's filter bar).
ALL: list[tuple[str, StrOrPromise]] = [("", _("全部"))]  # the "any" option of a filter's drop-down


def small_select(**attrs: Any) -> forms.Select:
    """A compact drop-down (filter bars, side forms)."""
    return forms.Select(attrs={"class": "form-select form-select-sm", **attrs})


def filter_choice(label: StrOrPromise, choices: Iterable[tuple[str, StrOrPromise]] = ()) -> forms.ChoiceField:
    """A list's optional drop-down filter: "全部", then ``choices`` (or choices set later by the form)."""
    return forms.ChoiceField(label=label, required=False, choices=[*ALL, *choices], widget=small_select())


def search_field(placeholder: StrOrPromise) -> forms.CharField:
    """A list's optional free-text filter: a small search box saying what it searches."""
    attrs = {"class": "form-control form-control-sm", "type": "search", "placeholder": placeholder}
    return forms.CharField(label=_("搜索"), required=False, widget=forms.TextInput(attrs=attrs))


class DatePicker(forms.DateInput):
    """<input type="date"> whose value is an ISO date (YYYY-MM-DD) in every language (browsers read no other),
    while Django's DateInput writes the language's first input format (zh-hans: 2026/12/08), which the browser
    drops — the field then showed empty, losing an initial date or the date typed before a form error
    (tests/test_date_inputs.py checks every form's pickers)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
