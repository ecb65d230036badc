"""Forms of the decisions pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.formfields import SELECT, TEXT, date_field, text_field
from renda.decisions import rules, selectors
from renda.decisions.models import CatalogueEntry, DecisionKind, Submitter
from renda.voting.choices import PollMethod

_text = text_field


def _date(label, required: bool = False) -> forms.DateField:
    return date_field(label, required)


def _months() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("执行情况报告期限（月）"), min_value=1, max_value=rules.MAX_FOLLOWUP_MONTHS,
        initial=rules.DEFAULT_FOLLOWUP_MONTHS, widget=forms.NumberInput(attrs=TEXT),
    )  # fmt: skip


def _kind() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("文件类别"), choices=DecisionKind.choices, widget=forms.Select(attrs=SELECT)
    )


class MatterForm(forms.Form):
    title = _text(_("事项名称"), max_length=200)
    submitter = forms.ChoiceField(
        label=_("提请机关"), choices=Submitter.choices, widget=forms.Select(attrs=SELECT)
    )
    signers = forms.IntegerField(
        label=_("联名人数"), min_value=1, max_value=999, required=False, widget=forms.NumberInput(attrs=TEXT),
        help_text=_("常委会组成人员联名提请的，须五人以上"),
    )  # fmt: skip
    catalogue_id = forms.ModelChoiceField(
        label=_("目录事项"), queryset=CatalogueEntry.objects.filter(is_active=True), required=False,
        widget=forms.Select(attrs=SELECT), help_text=_("属于必须提请常委会讨论决定的重大事项目录的，请选择"),
    )  # fmt: skip
    submitted_on = _date(_("提请日期"), required=True)
    report = _text(_("提请报告"), max_length=100_000, rows=6)
    kind = _kind()
    decision_title = _text(_("决议决定标题"), max_length=200, required=False)
    decision_text = _text(_("决议决定文本"), max_length=100_000, required=False, rows=6)
    followup_months = _months()

    def clean_catalogue_id(self):
        entry = self.cleaned_data.get("catalogue_id")
        return entry.pk if entry else None


class EditForm(forms.Form):
    kind = _kind()
    decision_title = _text(_("决议决定标题"), max_length=200)
    decision_text = _text(_("决议决定文本"), max_length=100_000, rows=8)
    followup_months = _months()


class ReturnForm(forms.Form):
    reason = _text(_("退回理由"), max_length=3000, rows=3)


class ScheduleForm(forms.Form):
    session_id = forms.ModelChoiceField(
        label=_("常委会会议"), queryset=selectors.open_sessions().order_by("-start_date"),
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip

    def clean_session_id(self):
        return self.cleaned_data["session_id"].pk


class VoteOpenForm(forms.Form):
    method = forms.ChoiceField(
        label=_("表决方式"), choices=PollMethod.choices, initial=PollMethod.ELECTRONIC,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip


class PublishForm(forms.Form):
    number = _text(_("文号"), max_length=50)
    published_on = _date(_("公布日期"), required=True)


class ReportForm(forms.Form):
    report = _text(_("执行情况报告"), max_length=100_000, rows=6)
    reported_on = _date(_("报告日期"), required=True)


class CloseForm(forms.Form):
    closed_on = _date(_("办结日期"), required=True)


class CatalogueForm(forms.Form):
    title = _text(_("事项"), max_length=200)
    basis = _text(_("依据"), max_length=200)
