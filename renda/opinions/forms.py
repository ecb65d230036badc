"""Forms of the opinions pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.formfields import DATE, SELECT, TEXT, text_field
from renda.core.widgets import DatePicker
from renda.deputies.models import Deputy
from renda.opinions import rules
from renda.opinions.models import ActivityKind, Rating
from renda.organization.models import HandlingUnit, LiaisonStation

_text = text_field


def _station_field(label) -> forms.ModelChoiceField:
    """The station an opinion was received at: optional (the keeper's own, or none online)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=LiaisonStation.objects.order_by("id"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )


class SubmitForm(forms.Form):
    """The citizen's online form (no sign-in)."""

    title = _text(_("标题"), max_length=200)
    content = _text(_("反映内容"), max_length=5000, rows=3)
    location = _text(_("地点"), max_length=200, required=False)
    station_id = _station_field(_("联络站（选填）"))
    citizen_name = _text(_("您的姓名（选填，仅办理人员可见）"), max_length=50, required=False)
    citizen_phone = _text(
        _("联系电话（选填，仅办理人员可见）"), max_length=30, required=False, inputmode="tel"
    )

    def clean_station_id(self):
        station = self.cleaned_data.get("station_id")
        return station.pk if station else None


class RecordForm(SubmitForm):
    """A keeper's, a deputy's or staff's entry (the station is the keeper's own when left empty)."""

    station_id = _station_field(_("联络站"))
    citizen_name = _text(_("反映人"), max_length=50, required=False)
    citizen_phone = _text(_("联系电话"), max_length=30, required=False, inputmode="tel")
    reception_id = forms.TypedChoiceField(
        label=_("接待日（在接待日受理时选择）"),
        choices=[],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, receptions=(), stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stations is not None:
            self.fields["station_id"].queryset = stations
        self.fields["reception_id"].choices = [("", "—")] + [
            (r.pk, f"{r.station.name} {r.date:%Y-%m-%d} {r.slot}") for r in receptions
        ]
        if not receptions:
            del self.fields["reception_id"]


class AnswerForm(forms.Form):
    answer = _text(_("当场答复内容"), max_length=5000, rows=3)


def _unit_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("办理单位"),
        queryset=HandlingUnit.objects.filter(is_active=True).order_by("order", "id"),
        widget=forms.Select(attrs=SELECT),
    )


class UnitForm(forms.Form):
    unit_id = _unit_field()
    days = forms.IntegerField(
        label=_("办理期限（天）"),
        min_value=1,
        max_value=rules.MAX_DUE_DAYS,
        initial=rules.DEFAULT_DUE_DAYS,
        widget=forms.NumberInput(attrs=TEXT),
    )
    note = _text(_("交办说明"), max_length=500, required=False, rows=3)

    def clean_unit_id(self):
        return self.cleaned_data["unit_id"].pk


class ReplyForm(forms.Form):
    text = _text(_("答复内容"), max_length=5000, rows=3)


class ConvertForm(forms.Form):
    title = _text(_("建议标题（默认同意见标题）"), max_length=200, required=False)


class FeedForm(forms.Form):
    year = forms.IntegerField(
        label=_("民生实事年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )


class FeedbackForm(forms.Form):
    text = _text(_("反馈内容"), max_length=5000, rows=3)


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对办理结果的评价"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = _text(_("评价意见（选填）"), max_length=500, required=False, rows=3)


# --- reception days and the duty record ----------------------------------------------------------------


class _ReceptionBase(forms.Form):
    station_id = forms.ModelChoiceField(
        label=_("联络站"), queryset=LiaisonStation.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    slot = _text(_("时间段"), max_length=40)
    deputy_ids = forms.ModelMultipleChoiceField(
        label=_("接待代表"), queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, stations=None, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].initial = "09:00-11:30"
        if stations is not None:
            self.fields["station_id"].queryset = stations
            if len(stations) == 1:  # a keeper's one station: chosen already
                self.fields["station_id"].initial = stations[0].pk
        if deputies is not None:
            self.fields["deputy_ids"].queryset = deputies
            self.fields["deputy_ids"].label_from_instance = lambda d: d.name

    def clean_station_id(self):
        return self.cleaned_data["station_id"].pk

    def clean_deputy_ids(self):
        return [d.pk for d in self.cleaned_data["deputy_ids"]]


class ReceptionForm(_ReceptionBase):
    date = forms.DateField(label=_("接待日期"), widget=DatePicker(attrs=DATE))
    place = _text(_("接待地点（默认联络站地址）"), max_length=200, required=False)
    theme = _text(_("接待主题（选填）"), max_length=200, required=False)
    field_order = ["station_id", "date", "slot", "place", "theme", "deputy_ids"]


class ScheduleForm(_ReceptionBase):
    year = forms.IntegerField(
        label=_("年份"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    month = forms.IntegerField(
        label=_("月份"), min_value=1, max_value=12, widget=forms.NumberInput(attrs=TEXT)
    )
    field_order = ["station_id", "year", "month", "slot", "deputy_ids"]


class AttendanceForm(forms.Form):
    present_ids = forms.MultipleChoiceField(
        label=_("出席的代表"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, duties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present_ids"].choices = [(d.deputy_id, d.deputy.name) for d in duties]
        self.fields["present_ids"].initial = [d.deputy_id for d in duties if d.attended]

    def clean_present_ids(self):
        return [int(v) for v in self.cleaned_data["present_ids"]]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ActivityKind.choices, widget=forms.Select(attrs=SELECT))
    date = forms.DateField(label=_("日期"), widget=DatePicker(attrs=DATE))
    title = _text(_("事项"), max_length=200)
    evidence = _text(_("佐证材料（代表本人登记时必填）"), max_length=5000, required=False, rows=3)
