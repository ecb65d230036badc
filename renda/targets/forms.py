"""The forms of the targets pages: shape only; every rule is the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker
from renda.targets.models import NoteKind

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class ImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    upload = forms.FileField(
        label=_("目标指标表（.xlsx）"), widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".xlsx"})
    )


class ReportForm(forms.Form):
    month = forms.DateField(
        label=_("报告月份"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "month"}, format="%Y-%m"),
    )
    value = forms.DecimalField(
        label=_("完成值"),
        max_digits=16,
        decimal_places=4,
        widget=forms.NumberInput(attrs={**TEXT, "step": "any"}),
    )
    note = forms.CharField(
        label=_("进展情况"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )
    evidence = forms.FileField(
        label=_("佐证材料（照片或文件）"),
        required=False,
        help_text=_("照片中的拍摄位置等信息会被清除"),
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".jpg,.jpeg,.png,.pdf,.docx,.ofd"}),
    )


class OrderForm(forms.Form):
    request = forms.CharField(
        label=_("督办要求"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )
    due = forms.DateField(label=_("答复期限"), widget=DatePicker(attrs=TEXT))


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=NoteKind.choices, widget=forms.Select(attrs=SELECT))
    text = forms.CharField(label=_("说明"), max_length=300, widget=forms.TextInput(attrs=TEXT))


class RaiseForm(forms.Form):
    content = forms.CharField(
        label=_("意见内容"),
        max_length=5000,
        help_text=_("指标的完成度、计划进度和牵头单位会自动附在意见后"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )


def _points(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXT, "step": "any"}),
    )


class YearForm(forms.Form):
    """The year's settings and its published scoring rules (renda.targets.rules.ScoringRules)."""

    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    report_day = forms.IntegerField(
        label=_("月报截止日（次月几日）"), min_value=0, max_value=28, widget=forms.NumberInput(attrs=TEXT)
    )
    tolerance = forms.DecimalField(
        label=_("黄灯容差（完成度）"),
        min_value=0,
        max_value=1,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}),
    )
    exceed_rate = _points(_("超额加分率（每超 100% 加权重的倍数）"))
    exceed_cap = _points(_("超额加分上限（权重的倍数）"))
    late_report = _points(_("迟报漏报每次扣分"))
    overdue_order = _points(_("督办单逾期每张扣分"))
    finding = _points(_("督查发现问题每项扣分"))
    award = _points(_("上级表彰每次加分"))
    deduction_cap = _points(_("扣分上限（权重的倍数）"))

    SCORING = (
        "exceed_rate",
        "exceed_cap",
        "late_report",
        "overdue_order",
        "finding",
        "award",
        "deduction_cap",
    )
