"""The form fields every workflow app's forms draw (Bootstrap classes, the date picker, a text area by its
rows), declared once: `text_field("标题", max_length=200)`, `text_field("说明", max_length=2000, rows=3)`."""

from __future__ import annotations

from typing import Any

from django import forms

from renda.core.widgets import DatePicker

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control", "type": "date"}


def text_field(
    label: Any, *, max_length: int, required: bool = True, rows: int = 0, **attrs: Any
) -> forms.CharField:
    """A one-line input, or a text area of `rows` rows; `attrs` go on the widget (placeholder, inputmode…)."""
    widget = (
        forms.Textarea(attrs={**TEXT, "rows": rows, **attrs})
        if rows
        else forms.TextInput(attrs={**TEXT, **attrs})
    )
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget, strip=True)


def date_field(label: Any, required: bool = True) -> forms.DateField:
    """A date picker (ISO value, as the browser's date input sends it)."""
    return forms.DateField(label=label, required=required, widget=DatePicker(attrs=DATE))


def int_field(label: Any, **kw: Any) -> forms.IntegerField:
    """A number input; `kw`: min_value, max_value, required…"""
    return forms.IntegerField(label=label, widget=forms.NumberInput(attrs=TEXT), **kw)


def choice_field(label: Any, choices: Any, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.Select(attrs=SELECT), **kw)
