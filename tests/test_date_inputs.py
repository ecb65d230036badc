"""Every date picker of every form sends and shows ISO dates (YYYY-MM-DD), in every language.

A browser's <input type="date"> reads only ISO values; Django's DateInput without a format writes the
language's first input format (zh-hans: 2026/12/08), which the browser drops: the field showed empty — an
initial date, or the date a user had typed when the form came back with an error (found on the duty record's
activity form)."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

import renda


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for info in pkgutil.walk_packages(renda.__path__, "renda."):
        leaf = info.name.rsplit(".", 1)[-1]
        if ".tests" in info.name or ".migrations" in info.name or not leaf.startswith("forms"):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[k] for k in sorted(found)]


def _date_pickers() -> list[tuple[str, forms.Field]]:
    out = []
    for cls in _form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            if getattr(field.widget, "input_type", "") == "date":
                out.append((f"{cls.__module__}.{cls.__qualname__}.{name}", field))
    return out


def test_the_scan_finds_the_date_pickers():
    names = [n for n, _f in _date_pickers()]
    assert len(names) >= 10, names
    assert "renda.opinions.forms.ActivityForm.date" in names


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_date_picker_writes_an_iso_date(language):
    day = datetime.date(2026, 12, 8)
    wrong = []
    with translation.override(language):
        for name, field in _date_pickers():
            if field.widget.format_value(day) != "2026-12-08":
                wrong.append(f"{name}: {field.widget.format_value(day)!r}")
    assert wrong == []
