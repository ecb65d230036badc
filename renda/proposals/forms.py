"""Forms of the motions and suggestions pages: they parse input; the rules live in services.py,
workflow.py and rules.py. A service's ApplicationError(field=...) lands on the field of the same name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker, QuickSelect, QuickSelectMultiple
from renda.deputies.models import Deputy
from renda.meetings.models import Session
from renda.organization.models import Committee, HandlingUnit
from renda.proposals import rules
from renda.proposals.choices import (
    CategoryScheme,
    ConsultationMethod,
    InadmissibleReason,
    Kind,
    PresidiumDecision,
    Satisfaction,
)
from renda.proposals.models import Topic


def _input(widget=forms.TextInput, **attrs):
    return widget(attrs={"class": "form-control", **attrs})


def _select(**attrs):
    return QuickSelect(attrs={"class": "form-select", **attrs})


def _text(rows: int = 4, **attrs):
    return _input(forms.Textarea, rows=rows, **attrs)


def _date(**attrs):
    return _input(DatePicker, **attrs)


def _units():
    return HandlingUnit.objects.order_by("name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UnitIdField(UnitChoiceField):
    """An optional handling unit picked from the list, cleaned to its id (None when none is picked)."""

    def __init__(self, label) -> None:
        super().__init__(label=label, queryset=_units(), required=False, widget=_select())

    def clean(self, value):
        unit = super().clean(value)
        return unit.pk if unit else None


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class DraftForm(forms.Form):
    """草稿: a suggestion's content, or a motion's 案由、案据、方案 (代表法 第15条)."""

    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices, widget=_select())
    title = forms.CharField(label=_("标题"), max_length=200, widget=_input())
    topic_id = forms.TypedChoiceField(
        label=_("类别"), coerce=int, required=False, empty_value=None, widget=_select()
    )
    session_id = forms.TypedChoiceField(
        label=_("提出时的会议"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=_select(),
        help_text=_("会议期间提出的议案须选择会议；闭会期间提出的建议可不选"),
    )
    content = forms.CharField(label=_("内容"), required=False, widget=_text(8))
    cause = forms.CharField(label=_("案由"), required=False, widget=_text(3))
    basis = forms.CharField(label=_("案据"), required=False, widget=_text(4))
    plan = forms.CharField(label=_("方案"), required=False, widget=_text(4))

    SIMILAR_FIELDS = ("title", "content", "cause", "basis", "plan")

    def __init__(
        self, *args, editing: bool = False, on_behalf: bool = False, similar_url: str = "", **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.similar_url = similar_url
        if similar_url:  # typing pauses (or leaving a field) ask for the most similar existing items
            for name in self.SIMILAR_FIELDS:
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": similar_url,
                        "hx-trigger": "keyup changed delay:600ms, change",
                        "hx-target": "#similar-results",
                        "hx-sync": "closest form:replace",
                    }
                )
        sessions = Session.objects.filter(term__is_current=True, kind="congress").order_by("-start_date")
        self.fields["session_id"].choices = [("", "—")] + [(s.pk, s.title) for s in sessions]
        if on_behalf:  # staff enter a paper submission for its lead deputy (代为录入)
            self.fields["lead_deputy_card"] = forms.CharField(
                label=_("领衔代表证号"), max_length=32, widget=_input(inputmode="numeric")
            )
        topics = Topic.objects.filter(is_active=True).select_related("parent")
        self.fields["topic_id"].choices = [("", "—")] + [
            (t.pk, f"{t.parent.name} / {t.name}" if t.parent_id else t.name) for t in topics
        ]
        if editing:  # the kind is chosen once; a motion becomes a suggestion only by the presidium
            self.fields["kind"].disabled = True

    def clean_lead_deputy_card(self):
        card = self.cleaned_data["lead_deputy_card"].strip()
        deputy = (
            Deputy.objects.filter(card_number=card, status="active").order_by("-term__is_current").first()
        )
        if deputy is None:
            raise forms.ValidationError(_("没有这个代表证号的在任代表"))
        return deputy.pk

    def clean(self):
        data = super().clean()
        if "lead_deputy_card" in data:
            data["lead_deputy_id"] = data.pop("lead_deputy_card")
        if data.get("kind") == Kind.MOTION:
            for name in ("cause", "basis", "plan"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("议案须写明案由、案据和方案"))
        elif data.get("kind") == Kind.SUGGESTION and not (data.get("content") or "").strip():
            self.add_error("content", _("请填写建议内容"))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))


class InviteForm(forms.Form):
    """附议 / 联名: the deputies are picked from a search (name or card number)."""

    deputy_ids = forms.ModelMultipleChoiceField(
        label=_("附议代表"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一位附议代表")},
    )

    def __init__(self, *args, proposal=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        qs = Deputy.objects.filter(status="active")
        if proposal is not None:
            qs = qs.filter(term_id=proposal.term_id).exclude(pk=proposal.lead_deputy_id)
        self.fields["deputy_ids"].queryset = qs

    def clean_deputy_ids(self):
        return [d.pk for d in self.cleaned_data["deputy_ids"]]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("意见"), required=False, widget=_text(2))


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=_text(2),
        help_text=_("已提交的议案撤回须经主席团同意，请写明同意的情况"),
    )


class ReviewReturnForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("不予受理原因"),
        choices=[("", "—"), *InadmissibleReason.choices],
        widget=_select(),
        error_messages={"required": _("请选择退回原因")},
    )
    note = forms.CharField(label=_("说明"), required=False, widget=_text(2))


class MotionDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("主席团决定"), choices=PresidiumDecision.choices, widget=_select())
    note = forms.CharField(label=_("说明"), required=False, widget=_text(2))


class MergeForm(forms.Form):
    into_number = forms.IntegerField(
        label=_("并入（主件编号）"), min_value=1, widget=_input(forms.NumberInput, inputmode="numeric")
    )


class AssignForm(forms.Form):
    lead_unit_ids = UnitMultipleChoiceField(
        label=_("主办单位（多个即分办）"),
        queryset=HandlingUnit.objects.none(),
        widget=QuickSelectMultiple(attrs={"class": "form-select", "size": 6}),
        error_messages={"required": _("请选择主办单位")},
    )
    co_unit_ids = UnitMultipleChoiceField(
        label=_("会办单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=QuickSelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    wide_ranging = forms.BooleanField(
        label=_("涉及面广、办理难度大（六个月内答复）"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit_ids"].queryset = _units()
        self.fields["co_unit_ids"].queryset = _units()

    def clean(self):
        data = super().clean()
        leads = {u.pk for u in data.get("lead_unit_ids") or []}
        cos = {u.pk for u in data.get("co_unit_ids") or []}
        if leads & cos:
            self.add_error("co_unit_ids", _("同一单位不能既主办又会办"))
        data["lead_unit_ids"] = sorted(leads)
        data["co_unit_ids"] = sorted(cos)
        return data


class ReturnRequestForm(forms.Form):
    reason = forms.CharField(label=_("申请退回理由"), widget=_text(3))
    suggested_unit_id = UnitIdField(_("建议承办单位"))


class _DecideForm(forms.Form):
    """A decision on a unit's pending request (the request's id is the hidden field)."""

    request_id = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def approve_field(yes: str) -> forms.TypedChoiceField:
        """Approve (`yes` says what that does) or refuse."""
        return forms.TypedChoiceField(
            label=_("审批"),
            coerce=lambda v: v == "1",
            choices=[("1", yes), ("0", _("不同意"))],
            widget=_select(),
        )


class ReturnDecideForm(_DecideForm):
    approve = _DecideForm.approve_field(_("同意退回并改交"))
    # a lead's return needs the new unit, a co-handler's may have none: the service says which
    new_unit_id = UnitIdField(_("改交单位"))


class ExtensionRequestForm(forms.Form):
    months = forms.IntegerField(
        label=_("延期（月）"),
        min_value=1,
        max_value=12,
        widget=_input(forms.NumberInput, inputmode="numeric"),
    )
    reason = forms.CharField(label=_("延期理由"), widget=_text(3))


class ExtensionDecideForm(_DecideForm):
    approve = _DecideForm.approve_field(_("同意延期"))


class CoOpinionForm(forms.Form):
    text = forms.CharField(label=_("会办意见"), widget=_text(4))


class ConsultationForm(forms.Form):
    method = forms.ChoiceField(label=_("沟通方式"), choices=ConsultationMethod.choices, widget=_select())
    held_on = forms.DateField(label=_("沟通日期"), widget=_date())
    participants = forms.CharField(label=_("参加人员"), max_length=300, widget=_input())
    notes = forms.CharField(label=_("沟通情况"), required=False, widget=_text(3))


class ReplyForm(forms.Form):
    """The handler's draft reply: category from the term's scheme; B/C promise a date, D explains why."""

    text = forms.CharField(label=_("答复内容"), widget=_text(8))
    category = forms.ChoiceField(label=_("办理结果分类"), widget=_select())
    promised_date = forms.DateField(label=_("承诺解决时限"), required=False, widget=_date())
    explanation = forms.CharField(label=_("说明"), required=False, widget=_text(3))
    letter = forms.FileField(
        label=_("答复函（PDF/DOCX/OFD）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {c.code: c for c in categories}
        self.fields["category"].choices = [("", "—")] + [(c.code, f"{c.code} {c.label}") for c in categories]

    def clean(self):
        data = super().clean()
        category = self.categories.get(data.get("category") or "")
        if category is not None:
            if getattr(category, "needs_promised_date", False) and not data.get("promised_date"):
                self.add_error("promised_date", _("该分类须写明承诺解决时限"))
            if getattr(category, "needs_explanation", False) and not (data.get("explanation") or "").strip():
                self.add_error("explanation", _("该分类须说明暂时不能解决的原因"))
        return data


class SignForm(forms.Form):
    reply_id = forms.IntegerField(widget=forms.HiddenInput)


class UrgeForm(forms.Form):
    note = forms.CharField(
        label=_("催办意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=1000,
    )


class SendBackForm(SignForm):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=2000,
    )


class RatingForm(forms.Form):
    attitude = forms.ChoiceField(
        label=_("办理态度"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    result = forms.ChoiceField(
        label=_("办理结果"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(label=_("理由"), required=False, widget=_text(3))

    def clean(self):
        data = super().clean()
        unhappy = rules.rating_needs_reason(data.get("attitude"), data.get("result"))
        if unhappy and not (data.get("reason") or "").strip():
            self.add_error("reason", _("选择不满意时须填写理由"))
        return data


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=_text(3))
    done = forms.BooleanField(
        label=_("已完成承诺事项"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class KeySupervisionForm(forms.Form):
    committee_id = forms.ModelChoiceField(
        label=_("督办委员会"), queryset=Committee.objects.none(), widget=_select()
    )
    leading_official = forms.CharField(label=_("领办负责人"), max_length=100, required=False, widget=_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee_id"].queryset = Committee.objects.order_by("name")

    def clean_committee_id(self):
        return self.cleaned_data["committee_id"].pk


class TopicForm(forms.Form):
    """类别: staff set or change a submitted item's category (the service says when and which)."""

    topic_id = forms.TypedChoiceField(
        label=_("类别"),
        coerce=int,
        empty_value=None,
        widget=_select(),
        error_messages={"required": _("请选择类别")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        topics = Topic.objects.filter(is_active=True).select_related("parent")
        self.fields["topic_id"].choices = [("", "—")] + [
            (t.pk, f"{t.parent.name} / {t.name}" if t.parent_id else t.name) for t in topics
        ]


def _number(field: str, label, help_text=""):
    low, high = rules.SETTINGS_BOUNDS[field]
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        widget=_input(forms.NumberInput, inputmode="numeric", min=low, max=high),
    )


class SettingsForm(forms.Form):
    """议案建议设置 of one term. The form only parses; the bounds and relations are the service's (every
    problem lands on its field)."""

    category_scheme = forms.ChoiceField(
        label=_("办理结果分类"),
        choices=CategoryScheme.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    co_handler_label = forms.CharField(
        label=_("会办单位称谓"), widget=_input(), help_text=_("如“会办”或“协办”")
    )
    reply_months = _number("reply_months", _("答复时限（月）"), _("自交办之日起，代表法规定为三个月"))
    reply_months_hard = _number(
        "reply_months_hard",
        _("涉及面广、难度大的答复时限（月）"),
        _("不少于一般答复时限，代表法规定为六个月"),
    )
    extension_max_months = _number("extension_max_months", _("延期上限（月）"))
    co_opinion_months = _number("co_opinion_months", _("会办意见时限（月）"))
    rehandle_months = _number("rehandle_months", _("重新办理时限（月）"))
    review_workdays = _number("review_workdays", _("闭会期间交办时限（工作日）"))
    return_request_workdays = _number("return_request_workdays", _("申请退回时限（工作日）"))
    due_soon_days = _number("due_soon_days", _("临期提醒（天）"))
    motion_min_cosigners = _number(
        "motion_min_cosigners", _("议案最少联名人数（含领衔）"), _("县级以上10人，乡镇5人（组织法第22条）")
    )
    delegation_may_table_motion = forms.BooleanField(
        label=_("代表团可以提出议案"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    cosigners_rate = forms.BooleanField(
        label=_("附议代表也参加满意度测评"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class MotionDeadlineForm(forms.Form):
    session_id = forms.IntegerField(widget=forms.HiddenInput)
    deadline = forms.DateTimeField(
        label=_("议案截止时间"), widget=_input(forms.DateTimeInput, type="datetime-local")
    )
