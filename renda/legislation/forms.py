"""Forms of the legislation pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.formfields import SELECT, date_field, int_field, text_field
from renda.legislation import rules
from renda.legislation.models import Answer, ExplanationKind, Field, PlanKind
from renda.meetings.choices import SessionKind
from renda.meetings.models import Session
from renda.organization.models import LiaisonStation

_text = text_field
_int = int_field


def _date(label, required: bool = False) -> forms.DateField:
    return date_field(label, required)


TEXT_HELP = _("每条以“第一条”“第二条”……开头，各款另起一行，各项以“（一）”开头；可含“第一章”等章名。")


class PlanItemForm(forms.Form):
    year = _int(_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("项目类别"), choices=PlanKind.choices, widget=forms.Select(attrs=SELECT))
    title = _text(_("项目名称"), max_length=200)
    field = forms.ChoiceField(label=_("立法事项"), choices=Field.choices, widget=forms.Select(attrs=SELECT))
    drafting_body = _text(_("起草单位"), max_length=100)
    lead_committee = _text(_("牵头委员会"), max_length=100)
    planned_readings = _text(_("计划提请审议时间"), max_length=100, required=False)


class DraftForm(forms.Form):
    title = _text(_("法规名称"), max_length=200)
    field = forms.ChoiceField(label=_("立法事项"), choices=Field.choices, widget=forms.Select(attrs=SELECT))
    drafting_body = _text(_("起草单位"), max_length=100)
    lead_committee = _text(_("牵头委员会"), max_length=100)
    text = _text(_("条文"), max_length=200_000, rows=14)
    explanation = _text(_("起草说明"), max_length=200_000, required=False, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = TEXT_HELP


class ReviseForm(forms.Form):
    label = _text(_("稿别"), max_length=50)
    text = _text(_("条文"), max_length=200_000, rows=14)
    explanation_kind = forms.ChoiceField(
        label=_("说明类别"),
        choices=[("", "—"), *ExplanationKind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    explanation = _text(_("说明"), max_length=200_000, required=False, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = TEXT_HELP


class OpenCommentForm(forms.Form):
    days = _int(
        _("征求意见天数"), min_value=rules.COMMENT_MIN_DAYS, max_value=365, initial=rules.COMMENT_MIN_DAYS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _(
            "不少于三十日（立法法第四十条）；最后一日为休息日或法定节假日的，顺延至其后第一个工作日。"
        )


class ReadForm(forms.Form):
    held_on = _date(_("审议日期"), required=True)
    session_id = forms.ModelChoiceField(
        label=_("常委会会议（列入其议程）"),
        queryset=Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE).order_by("-start_date"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    note = _text(_("审议情况"), max_length=3000, required=False, rows=3)

    def clean_session_id(self):
        s = self.cleaned_data.get("session_id")
        return s.pk if s else None


class VoteForm(forms.Form):
    voted_on = _date(_("表决日期"), required=True)
    members_total = _int(_("常委会组成人员总数"), min_value=1)
    yes = _int(_("赞成"), min_value=0)
    no = _int(_("反对"), min_value=0)
    abstain = _int(_("弃权"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_total"].help_text = _(
            "以常务委员会全体组成人员的过半数通过，不是出席人员的过半数。"
        )


class SubmitForm(forms.Form):
    submitted_on = _date(_("报请批准日期"), required=True)


class ApproveForm(forms.Form):
    approved_on = _date(_("批准日期"), required=True)


class PublishForm(forms.Form):
    published_on = _date(_("公布日期"), required=True)
    announcement_no = _text(_("公告号"), max_length=50)
    effective_on = _date(_("施行日期"), required=True)


class FileForm(forms.Form):
    filed_on = _date(_("备案日期"), required=True)


ARTICLE_WHOLE = ""


class CommentForm(forms.Form):
    """The public's comment on a version (no sign-in)."""

    article = forms.TypedChoiceField(
        label=_("针对条文"), coerce=int, empty_value=None, required=False, widget=forms.Select(attrs=SELECT)
    )
    text = _text(_("您的意见和建议"), max_length=3000, rows=5)
    name = _text(_("您的姓名（选填，仅工作人员可见）"), max_length=50, required=False)
    phone = _text(_("联系电话（选填，仅工作人员可见）"), max_length=30, required=False, inputmode="tel")

    def __init__(self, *args, article_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [(ARTICLE_WHOLE, _("对草案的整体意见")), *article_choices]


class RecordCommentForm(CommentForm):
    """Staff enter a contact point's or a member's comment."""

    channel = forms.ChoiceField(
        label=_("来源"),
        choices=[("contact_point", _("基层立法联系点")), ("member", _("常委会组成人员审议意见"))],
        widget=forms.Select(attrs=SELECT),
    )
    contact_point_id = forms.ModelChoiceField(
        label=_("基层立法联系点"),
        queryset=LiaisonStation.objects.order_by("id"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    name = _text(_("提出人"), max_length=50, required=False)
    phone = None  # type: ignore[assignment]
    field_order = ["channel", "contact_point_id", "article", "text", "name"]

    def clean_contact_point_id(self):
        p = self.cleaned_data.get("contact_point_id")
        return p.pk if p else None


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("采纳情况"), choices=Answer.choices, widget=forms.Select(attrs=SELECT))
    reason = _text(_("说明（部分采纳、未采纳的须说明理由）"), max_length=3000, required=False, rows=2)
    comment_ids = forms.CharField(widget=forms.HiddenInput, required=False)


class TrackForm(forms.Form):
    code = _text(_("查询码"), max_length=20)
