"""Forms of the supervision pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker
from renda.meetings.choices import SessionKind
from renda.meetings.models import Session
from renda.organization.models import Committee, HandlingUnit
from renda.supervision.models import AnswerForm as InterpellationAnswerForm
from renda.supervision.models import GroupRole, InquiryForm, ItemKind, OpinionSource

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _text(label, *, max_length: int, required: bool = True, area: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={**TEXT, "rows": 4}) if area else forms.TextInput(attrs=TEXT)
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1000, widget=forms.NumberInput(attrs=TEXT))


class PlanForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    title = _text(_("标题（选填）"), max_length=200, required=False)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("监督方式"), choices=ItemKind.choices, widget=forms.Select(attrs=SELECT))
    title = _text(_("监督事项"), max_length=200)
    body_id = forms.ModelChoiceField(
        label=_("报告机关"),
        queryset=HandlingUnit.objects.filter(is_active=True).order_by("order", "id"),
        widget=forms.Select(attrs=SELECT),
    )
    committee_id = forms.ModelChoiceField(
        label=_("牵头委员会"), queryset=Committee.objects.order_by("order", "id"), required=False,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    planned_month = forms.IntegerField(
        label=_("计划月份"), min_value=1, max_value=12, widget=forms.NumberInput(attrs=TEXT)
    )

    def clean_body_id(self):
        return self.cleaned_data["body_id"].pk

    def clean_committee_id(self):
        c = self.cleaned_data.get("committee_id")
        return c.pk if c else None


class MeetingForm(forms.Form):
    """A standing-committee meeting of the item's term."""

    meeting_id = forms.ModelChoiceField(label=_("常务委员会会议"), queryset=Session.objects.none(),
                                        widget=forms.Select(attrs=SELECT))  # fmt: skip

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE).order_by("-start_date", "-id")
        if item is not None:
            qs = qs.filter(term_id=item.plan.term_id)
        self.fields["meeting_id"].queryset = qs

    def clean_meeting_id(self):
        return self.cleaned_data["meeting_id"].pk


class OpinionForm(forms.Form):
    source = forms.ChoiceField(
        label=_("来源"), choices=OpinionSource.choices, widget=forms.Select(attrs=SELECT)
    )
    speaker = _text(_("发言人"), max_length=50)
    text = _text(_("意见"), max_length=5000, area=True)


class ConsolidateForm(forms.Form):
    text = _text(_("汇总后的审议意见"), max_length=20000, area=True)


class SendForm(forms.Form):
    resolution_due = forms.DateField(
        label=_("决议规定的期限（选填；不填按设置的月数）"), required=False,
        widget=DatePicker(attrs=TEXT),
    )  # fmt: skip


class AnswerForm(forms.Form):
    text = _text(_("研究处理情况报告"), max_length=20000, area=True)
    signed_by = _text(_("签发负责人"), max_length=50)


class CommentForm(forms.Form):
    text = _text(_("委员会意见"), max_length=10000, area=True)


class RateForm(forms.Form):
    members = forms.IntegerField(label=_("组成人员总数"), min_value=1, max_value=1000,
                                 widget=forms.NumberInput(attrs=TEXT))  # fmt: skip
    satisfied = _count(_("满意"))
    basic = _count(_("基本满意"))
    unsatisfied = _count(_("不满意"))


# --- interpellations -------------------------------------------------------------------------------------


class InterpellationForm(forms.Form):
    title = _text(_("案由"), max_length=200)
    body_id = forms.ModelChoiceField(
        label=_("被质询机关"),
        queryset=HandlingUnit.objects.filter(is_active=True).order_by("order", "id"),
        widget=forms.Select(attrs=SELECT),
    )
    questions = _text(_("质询的问题和内容"), max_length=20000, area=True)

    def clean_body_id(self):
        return self.cleaned_data["body_id"].pk


class InviteForm(forms.Form):
    """The members the lead invites (the term's standing committee) and the deadline."""

    deputy_ids = forms.MultipleChoiceField(
        label=_("邀请联名的组成人员"),
        choices=(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    deadline = forms.DateTimeField(
        label=_("联名截止时间"),
        widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy_ids"].choices = [(str(m.deputy_id), m.deputy.name) for m in candidates]

    def clean_deputy_ids(self):
        return [int(i) for i in self.cleaned_data["deputy_ids"]]


class AcceptForm(forms.Form):
    answer_form = forms.ChoiceField(
        label=_("答复方式"), choices=InterpellationAnswerForm.choices, widget=forms.Select(attrs=SELECT)
    )
    meeting_id = forms.ModelChoiceField(
        label=_("答复会议（口头答复时必选）"), queryset=Session.objects.none(), required=False,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    note = _text(_("主任会议决定（选填）"), max_length=2000, required=False, area=True)

    def __init__(self, *args, term_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE).order_by("-start_date", "-id")
        self.fields["meeting_id"].queryset = qs.filter(term_id=term_id) if term_id else qs

    def clean_meeting_id(self):
        m = self.cleaned_data.get("meeting_id")
        return m.pk if m else None


class RejectForm(forms.Form):
    note = _text(_("不予交付的理由"), max_length=2000, area=True)


class InterpellationAnswerInput(forms.Form):
    text = _text(_("答复内容"), max_length=20000, area=True)
    answered_by = _text(_("答复负责人"), max_length=50)


class DeclareForm(forms.Form):
    dissatisfied = forms.TypedChoiceField(
        label=_("对答复是否满意"),
        choices=(("0", _("满意")), ("1", _("不满意"))),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


# --- law-enforcement inspections ------------------------------------------------------------------------


class InspectionForm(forms.Form):
    law = _text(_("检查的法律法规"), max_length=200)
    articles = _text(_("检查的重点条款"), max_length=5000, area=True)


class GroupMemberForm(forms.Form):
    deputy_id = forms.ChoiceField(label=_("代表"), choices=(), widget=forms.Select(attrs=SELECT))
    role = forms.ChoiceField(
        label=_("检查组职务"), choices=GroupRole.choices, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy_id"].choices = [(str(d.pk), d.name) for d in candidates]

    def clean_deputy_id(self):
        return int(self.cleaned_data["deputy_id"])


class VisitForm(forms.Form):
    place = _text(_("检查地点"), max_length=200)
    visited_on = forms.DateField(label=_("检查日期"), widget=DatePicker(attrs=TEXT))
    findings = _text(_("发现的问题"), max_length=5000, area=True)


class InspectionReportForm(forms.Form):
    text = _text(_("执法检查报告"), max_length=30000, area=True)


# --- special inquiries ------------------------------------------------------------------------------------


class InquiryCreateForm(forms.Form):
    topic = _text(_("询问主题"), max_length=200)
    form = forms.ChoiceField(
        label=_("询问形式"), choices=InquiryForm.choices, widget=forms.Select(attrs=SELECT)
    )
    held_on = forms.DateField(label=_("询问日期"), widget=DatePicker(attrs=TEXT))


class QuestionForm(forms.Form):
    asker_id = forms.ChoiceField(label=_("询问人"), choices=(), widget=forms.Select(attrs=SELECT))
    body_id = forms.ChoiceField(label=_("被询问机关"), choices=(), widget=forms.Select(attrs=SELECT))
    question = _text(_("询问的问题"), max_length=5000, area=True)
    answered_by = _text(_("应询人"), max_length=100)
    answer = _text(_("答复要点"), max_length=5000, area=True)

    def __init__(self, *args, askers=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asker_id"].choices = [(str(d.pk), d.name) for d in askers]
        self.fields["body_id"].choices = [(str(u.pk), u.name) for u in bodies]

    def clean_asker_id(self):
        return int(self.cleaned_data["asker_id"])

    def clean_body_id(self):
        return int(self.cleaned_data["body_id"])


class ProblemForm(forms.Form):
    text = _text(_("问题"), max_length=2000, area=True)


class SendListForm(forms.Form):
    resolution_due = forms.DateField(
        label=_("决议规定的期限（可不填）"),
        required=False,
        widget=DatePicker(attrs=TEXT),
    )


class InquirySummaryForm(forms.Form):
    summary = _text(_("专题询问情况"), max_length=20000, area=True)
