"""The HTML of a form as first shown (unbound, no errors), rendered once and kept.

Drawing a form through core/partials/form_fields.html renders every widget's Django template (attrs,
options…): milliseconds of Python on every request for markup that only changes with the language and the
initial values. `blank_fields(form)` renders the same partial once per form class, prefix, language and
initial values and returns the kept HTML; a bound form (with its values and errors) is always rendered.
Only for forms whose fields and choices are fixed in code (ActivityForm, RateForm): a form that reads its
choices from the database (stations, receptions) must be drawn every time.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_KEPT: dict[tuple[Hashable, ...], SafeString] = {}
_MOST = 64  # a few forms × languages × days: cleared when it grows past this


def _frozen(value: Any) -> Hashable:
    return tuple(sorted((k, str(v)) for k, v in value.items())) if isinstance(value, dict) else value


def blank_fields(form: forms.Form) -> SafeString | None:
    """The fields of an unbound `form` as form_fields.html draws them (None for a bound form)."""
    if form.is_bound:
        return None
    key = (type(form).__module__, type(form).__qualname__, form.prefix, get_language(), _frozen(form.initial))
    html = _KEPT.get(key)
    if html is None:
        if len(_KEPT) >= _MOST:
            _KEPT.clear()
        html = _KEPT[key] = mark_safe(render_to_string("core/partials/form_fields.html", {"form": form}))
    return html
