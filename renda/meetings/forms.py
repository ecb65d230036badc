"""Forms of the meetings pages: they parse input; the rules live in services.py and workflow.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker, filter_choice
from renda.meetings.choices import AgendaKind, AttendanceStatus, SessionKind
from renda.organization.models import Delegation, Term


def _input(widget=forms.TextInput, **attrs):
    return widget(attrs={"class": "form-control", **attrs})


def _select(**attrs):
    return forms.Select(attrs={"class": "form-select", **attrs})


class SessionForm(forms.Form):
    term_id = forms.TypedChoiceField(label=_("届"), coerce=int, widget=_select())
    kind = forms.ChoiceField(label=_("类别"), choices=SessionKind.choices, widget=_select())
    number = forms.IntegerField(label=_("次"), min_value=1, widget=_input(forms.NumberInput))
    title = forms.CharField(label=_("名称"), max_length=200, widget=_input())
    start_date = forms.DateField(label=_("开幕日期"), widget=_input(DatePicker))
    end_date = forms.DateField(label=_("闭幕日期"), required=False, widget=_input(DatePicker))
    venue = forms.CharField(label=_("地点"), max_length=200, required=False, widget=_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        terms = Term.objects.select_related("congress").order_by("-is_current", "-number")
        field = self.fields["term_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.pk, str(t)) for t in terms]


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=AgendaKind.choices, widget=_select())
    title = forms.CharField(label=_("议题"), max_length=300, widget=_input())
    description = forms.CharField(label=_("说明"), required=False, widget=_input(forms.Textarea, rows=2))
    order = forms.IntegerField(label=_("序号"), required=False, min_value=1, widget=_input(forms.NumberInput))


class DeliberationNoteForm(forms.Form):
    delegation_id = forms.TypedChoiceField(label=_("代表团"), coerce=int, widget=_select())
    text = forms.CharField(label=_("审议意见"), widget=_input(forms.Textarea, rows=3))

    def __init__(self, *args, session, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        delegations = Delegation.objects.filter(term_id=session.term_id).order_by("order", "id")
        field = self.fields["delegation_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(d.pk, d.name) for d in delegations]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=_input())
    file = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))


class LeaveRequestForm(forms.Form):
    reason = forms.CharField(label=_("请假事由"), max_length=1000, widget=_input(forms.Textarea, rows=3))


class LeaveDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("批准")), ("0", _("不批准"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class RollFilterForm(forms.Form):
    status = filter_choice(_("出席情况"), AttendanceStatus.choices)
