"""Forms of the appointments pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.appointments.models import Action, Nominator, OathForm, PostClass, VoteMode
from renda.core.formfields import SELECT, TEXT, choice_field, date_field, int_field, text_field
from renda.meetings.choices import SessionKind
from renda.meetings.models import Session

_text = text_field
_date = date_field
_choice = choice_field


def _int(label, **kw) -> forms.IntegerField:
    return int_field(label, min_value=0, max_value=100_000, **kw)


class CaseForm(forms.Form):
    title = _text(_("任免案名称"), max_length=200)
    nominator = _choice(_("提请机关"), Nominator.choices)
    nominator_name = _text(_("提请人"), max_length=50)
    reference = _text(_("文号"), max_length=60, required=False)


class PersonForm(forms.Form):
    action = _choice(_("任免"), Action.choices)
    name = _text(_("姓名"), max_length=50)
    post = _text(_("拟任（免）职务"), max_length=200)
    post_class = _choice(_("职务类别"), PostClass.choices)
    gender = _text(_("性别"), max_length=4, required=False)
    born = _text(_("出生年月"), max_length=7, required=False, placeholder="1975-03")
    ethnicity = _text(_("民族"), max_length=20, required=False)
    party = _text(_("政治面貌"), max_length=30, required=False)
    education = _text(_("学历学位"), max_length=60, required=False)
    current_post = _text(_("现任职务"), max_length=200, required=False)
    resume = _text(_("简历"), max_length=5000, required=False, rows=4)
    id_number = _text(_("身份证号码"), max_length=18, required=False)
    phone = _text(_("联系电话"), max_length=30, required=False)


class SubmitForm(forms.Form):
    submitted_on = _date(_("提请日期"))


class ScheduleForm(forms.Form):
    reviewed_on = _date(_("主任会议审议日期"))
    session_id = forms.ModelChoiceField(
        label=_("常委会会议（列入其议程）"),
        queryset=Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE).order_by("-start_date"),
        widget=forms.Select(attrs=SELECT),
    )

    def clean_session_id(self):
        return self.cleaned_data["session_id"].pk


class VoteForm(forms.Form):
    """The vote: a count per person, or one count for the whole list voted together."""

    voted_on = _date(_("表决日期"))
    members_total = _int(_("常委会组成人员总数"))
    mode = _choice(_("表决方式"), VoteMode.choices)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].help_text = _("已提交电子表决的，选择“电子表决（表决器）”读取表决结果。")
        self.fields["members_total"].help_text = _(
            "以常务委员会全体组成人员的过半数通过，不是出席人员的过半数。"
        )
        self.people = list(case.people.order_by("order", "id")) if case is not None else []
        for p in [None, *self.people]:
            key = "all" if p is None else str(p.pk)
            who = _("合并表决") if p is None else f"{p.name}（{p.get_action_display()}{p.post}）"
            for part, label in (("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权"))):
                self.fields[f"{key}_{part}"] = _int(f"{who} · {label}", required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data

        def triple(key):
            values = [data.get(f"{key}_{part}") for part in ("yes", "no", "abstain")]
            if any(v is None for v in values):
                self.add_error(f"{key}_yes", _("请填写赞成、反对、弃权票数"))
            return values

        out = {"voted_on": data["voted_on"], "members_total": data["members_total"], "mode": data["mode"]}
        if data["mode"] == VoteMode.POLLS:
            pass  # the closed polls' counts
        elif data["mode"] == VoteMode.TOGETHER:
            out["together"] = triple("all")
        else:
            out["counts"] = {p.pk: triple(str(p.pk)) for p in self.people}
        return out


class OathRecordForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("宣誓人"), coerce=int, widget=forms.Select(attrs=SELECT))
    taken_on = _date(_("宣誓日期"))
    form = _choice(_("宣誓形式"), OathForm.choices)
    administered_by = _text(_("组织宣誓（监誓）机关"), max_length=100)
    leader = _text(_("领誓人（集体宣誓）"), max_length=50, required=False)
    witnesses = _text(_("监誓人（以顿号分隔）"), max_length=500)
    place = _text(_("宣誓地点"), max_length=100, required=False)

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = [(p.pk, f"{p.name}　{p.post}") for p in pending]


class WithdrawForm(forms.Form):
    reason = _text(_("撤回理由"), max_length=5000, rows=3)


class ResignForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("辞职人员"), coerce=int, widget=forms.Select(attrs=SELECT))
    resigned_on = _date(_("接受辞职日期"))

    def __init__(self, *args, holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = [(p.pk, f"{p.name}　{p.post}") for p in holders]


class ClashForm(forms.Form):
    note = _text(_("处理说明"), max_length=5000, rows=3)


class SettingsForm(forms.Form):
    min_witnesses = forms.IntegerField(
        label=_("监誓人最少人数"),
        min_value=0,
        max_value=20,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("按本省宪法宣誓组织办法的规定（决定 第九条）。"),
    )
