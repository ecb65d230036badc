"""Forms of the investigation and removal pages: they parse input; the rules live in rules.py and the
services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker
from renda.meetings.choices import SessionKind
from renda.meetings.models import Session
from renda.supervision.forms import SELECT, TEXT, _text
from renda.supervision.models import CommitteeRole
from renda.voting.choices import PollMethod


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1000, widget=forms.NumberInput(attrs=TEXT))


class InvestigationForm(forms.Form):
    title = _text(_("案由（调查的特定问题）"), max_length=200)
    reasons = _text(_("调查的特定问题和理由"), max_length=20000, area=True)


class RemovalForm(forms.Form):
    holder_id = forms.TypedChoiceField(
        label=_("被提请撤职人员（任职名册在任人员）"),
        choices=(),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
    )
    reasons = _text(_("撤职理由"), max_length=20000, area=True)

    def __init__(self, *args, holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder_id"].choices = [(p.pk, f"{p.name}（{p.post}）") for p in holders]


class OpenForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("联名截止时间"),
        widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class MeetingForm(forms.Form):
    """A standing-committee meeting of the term."""

    meeting_id = forms.ModelChoiceField(label=_("常务委员会会议"), queryset=Session.objects.none(),
                                        widget=forms.Select(attrs=SELECT))  # fmt: skip

    def __init__(self, *args, term_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE).order_by("-start_date", "-id")
        self.fields["meeting_id"].queryset = qs.filter(term_id=term_id) if term_id else qs

    def clean_meeting_id(self):
        return self.cleaned_data["meeting_id"].pk


class VoteForm(forms.Form):
    """The meeting's counts: passed when yes is more than half of ALL members."""

    members = _count(_("常务委员会组成人员总数"))
    yes = _count(_("赞成"))
    no = _count(_("反对"))
    abstain = _count(_("弃权"))


class ResolveForm(VoteForm):
    text = _text(_("决议"), max_length=20000, area=True)
    field_order = ["text", "members", "yes", "no", "abstain"]


class VoteOpenForm(forms.Form):
    """The vote on the members' devices (or on paper ballots through the voting engine)."""

    method = forms.ChoiceField(
        label=_("表决方式"), choices=PollMethod.choices, initial=PollMethod.ELECTRONIC,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip


class ResolutionVoteOpenForm(VoteOpenForm):
    text = _text(_("决议（草案）"), max_length=20000, area=True)
    field_order = ["text", "method"]


class _MemberChoice(forms.Form):
    deputy_id = forms.TypedChoiceField(
        label=_("常务委员会组成人员"), choices=(), coerce=int, required=False, empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy_id"].choices = [("", "—"), *((m.deputy_id, m.deputy.name) for m in candidates)]


class ConflictForm(_MemberChoice):
    reason = _text(_("利害关系"), max_length=500)

    def clean_deputy_id(self):
        value = self.cleaned_data.get("deputy_id")
        if value is None:
            raise forms.ValidationError(_("请选择"))
        return value


class OwnInterestForm(forms.Form):
    reason = _text(_("本人与调查的问题的利害关系"), max_length=500)


class CommitteeMemberForm(_MemberChoice):
    role = forms.ChoiceField(
        label=_("职务"), choices=CommitteeRole.choices, widget=forms.Select(attrs=SELECT)
    )
    name = _text(_("专家姓名（专家时填写）"), max_length=50, required=False)
    affiliation = _text(_("工作单位（选填）"), max_length=100, required=False)
    field_order = ["role", "deputy_id", "name", "affiliation"]


class HearingForm(forms.Form):
    held_on = forms.DateField(label=_("调查日期"), widget=DatePicker(attrs=TEXT))
    witnesses = _text(_("提供材料、接受询问的单位和人员"), max_length=500)
    summary = _text(_("调查情况"), max_length=20000, area=True)


class EvidenceForm(forms.Form):
    title = _text(_("材料名称"), max_length=200)
    file = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs=TEXT))


class ReportForm(forms.Form):
    text = _text(_("调查报告"), max_length=50000, area=True)
