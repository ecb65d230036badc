"""The lists' filters of motions and suggestions, declared once (core.filters): the list page draws and
reads them, the register export takes the same query string, and the home page's to-do tiles are built
from them (renda.proposals.presets), so a tile's link never carries a filter the list would drop."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.filters import ChoiceInFilter, FlagFilter, IntFilter, MultiChoiceSelect, ParamsFilterSet
from renda.core.widgets import QuickSelect
from renda.proposals.choices import Kind, Status
from renda.proposals.models import Proposal

SORTS = ("due", "-submitted", "number", "drafts")


class ProposalFilter(ParamsFilterSet):
    """status takes one state or several (`status=draft,cosigning`); mine: the deputy's own items (led or
    co-signed); sort: one of SORTS."""

    q = django_filters.CharFilter(label=_("关键词"))
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Kind.choices, empty_label=_("全部"))
    status = ChoiceInFilter(
        label=_("状态"), choices=Status.choices, widget=MultiChoiceSelect, help_text="", empty_label=_("全部")
    )
    # ids picked from drop-downs: an id that matches nothing just finds nothing, so the fields are
    # plain integers (validating against 800 units' choices cost a list page ~3 ms)
    unit = IntFilter(label=_("承办单位"), widget=QuickSelect)
    delegation = IntFilter(label=_("代表团"), widget=QuickSelect)
    topic = IntFilter(label=_("类别"), widget=QuickSelect)
    year = IntFilter(label=_("年度"), min_value=2000, max_value=2100)
    term = IntFilter(label=_("届次"), widget=forms.HiddenInput)
    overdue = FlagFilter(label=_("已逾期"))
    due_soon = FlagFilter(label=_("临期"))
    unsatisfied = FlagFilter(label=_("不满意"))
    key = FlagFilter(label=_("重点督办"))
    to_sign = FlagFilter(label=_("待签发"))
    mine = FlagFilter(label=_("本人领衔或联名的"))
    sort = django_filters.ChoiceFilter(
        label=_("排序"), choices=[(s, s) for s in SORTS], widget=forms.HiddenInput
    )

    class Meta:
        model = Proposal
        fields: list[str] = []

    def __init__(self, *args: Any, units=(), delegations=(), topics=(), **kwargs: Any) -> None:
        """units, delegations, topics: (pk, name) pairs."""
        kwargs.setdefault("queryset", Proposal.objects.none())
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        for name in ("kind", "status"):
            fields[name].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("q", "year"):
            fields[name].widget.attrs["class"] = "form-control form-control-sm"
        fields["q"].widget.attrs["placeholder"] = _("标题或编号")
        for name, rows in (("unit", units), ("delegation", delegations), ("topic", topics)):
            fields[name].widget.choices = [("", _("全部")), *rows]
            fields[name].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("overdue", "due_soon", "unsatisfied", "key", "to_sign", "mine"):
            fields[name].widget.attrs["class"] = "form-check-input"
        # the page draws only the chosen unit; the drop-down fetches all of them once the page has loaded
        fields["unit"].widget.attrs.update(
            {
                "hx-get": reverse("proposals:unit_options"),
                "hx-trigger": "load",
                "hx-target": "this",
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
            }
        )

    @staticmethod
    def unit_param(data) -> int | None:
        """The chosen unit's id from the query string, or None (the form itself ignores a bad one)."""
        value = str(data.get("unit") or "")
        return int(value) if value.isdigit() else None
