"""The forms of the procedures pages: shape only; every rule is the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker
from renda.organization.models import HandlingUnit
from renda.procedures.models import Category, Legality, RecordKind, RiskRating, StepKind

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={**TEXT, "rows": rows})


def _date() -> forms.DateInput:
    return DatePicker(attrs=TEXT)


def unit_choices() -> list[tuple[Any, str]]:
    return [("", "—")] + [
        (u.pk, u.name) for u in HandlingUnit.objects.filter(is_active=True).order_by("order", "name")
    ]


class UnitsMixin:
    unit_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = unit_choices()
        for name in self.unit_fields:
            self.fields[name].choices = choices  # type: ignore[attr-defined]


class CatalogueForm(UnitsMixin, forms.Form):
    unit_fields = ("office_id",)
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    office_id = forms.TypedChoiceField(label=_("编制单位"), coerce=int, widget=forms.Select(attrs=SELECT))


class DecisionForm(UnitsMixin, forms.Form):
    unit_fields = ("lead_unit_id", "review_unit_id")
    title = forms.CharField(label=_("决策事项"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    summary = forms.CharField(label=_("主要内容"), max_length=20000, required=False, widget=_area())
    lead_unit_id = forms.TypedChoiceField(
        label=_("决策承办单位"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    review_unit_id = forms.TypedChoiceField(
        label=_("合法性审查单位"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    planned_decision = forms.DateField(label=_("计划决策时间"), widget=_date())


class DraftForm(forms.Form):
    draft_text = forms.CharField(label=_("征求意见稿"), max_length=20000, widget=_area(6))
    comment_opens = forms.DateField(label=_("征求意见开始"), widget=_date())
    comment_closes = forms.DateField(label=_("征求意见截止"), widget=_date())
    shortened_reason = forms.CharField(
        label=_("缩短期限的理由"),
        max_length=500,
        required=False,
        help_text=_("期限少于 30 日时必须说明"),
        widget=forms.TextInput(attrs=TEXT),
    )


class ParticipationForm(forms.Form):
    summary = forms.CharField(label=_("意见采纳情况"), max_length=20000, widget=_area())
    hearing_held = forms.BooleanField(
        label=_("举行了听证会"), required=False, widget=forms.CheckboxInput(CHECK)
    )


class ExpertForm(forms.Form):
    participants = forms.CharField(label=_("参与论证的专家或机构"), max_length=2000, widget=_area(2))
    summary = forms.CharField(label=_("论证意见"), max_length=20000, widget=_area())


class RiskForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("风险等级"), choices=RiskRating.choices, widget=forms.Select(attrs=SELECT)
    )
    summary = forms.CharField(label=_("评估结论"), max_length=20000, widget=_area())
    measures = forms.CharField(label=_("风险防范措施"), max_length=20000, widget=_area(2))


class ExemptForm(forms.Form):
    step = forms.ChoiceField(label=_("程序"), choices=StepKind.choices, widget=forms.Select(attrs=SELECT))
    basis = forms.CharField(
        label=_("法律依据"),
        max_length=500,
        required=False,
        help_text=_("法律名称和条款，例如：重大行政决策程序暂行条例第19条"),
        widget=forms.TextInput(attrs=TEXT),
    )


class LegalityForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=_("审查结论"), choices=Legality.choices, widget=forms.Select(attrs=SELECT)
    )
    summary = forms.CharField(label=_("审查意见"), max_length=20000, widget=_area())


class MeetingForm(forms.Form):
    meeting_name = forms.CharField(label=_("会议"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    meeting_date = forms.DateField(label=_("会议日期"), widget=_date())
    speakers = forms.CharField(label=_("发言情况"), max_length=20000, widget=_area())
    conclusion = forms.CharField(label=_("行政首长的决定"), max_length=20000, widget=_area(2))
    adopted = forms.TypedChoiceField(
        label=_("结果"),
        choices=[("1", _("通过")), ("0", _("不予通过"))],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs=SELECT),
    )


class PublishForm(forms.Form):
    publication_ref = forms.CharField(
        label=_("公布载体"),
        max_length=200,
        help_text=_("例如：市政府公报 2026 年第 5 期、市政府网站"),
        widget=forms.TextInput(attrs=TEXT),
    )


class TrackForm(forms.Form):
    note = forms.CharField(label=_("执行情况"), max_length=20000, widget=_area())


class EvaluateForm(forms.Form):
    evaluation = forms.CharField(label=_("评估结论"), max_length=20000, widget=_area())


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复（采纳情况）"), max_length=5000, widget=_area(2))


class CommentForm(forms.Form):
    author = forms.CharField(
        label=_("署名（可不填）"), max_length=50, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    text = forms.CharField(label=_("意见"), max_length=5000, widget=_area(4))


# --- enforcement -------------------------------------------------------------------------------------------


class OfficerForm(UnitsMixin, forms.Form):
    unit_fields = ("unit_id",)
    unit_id = forms.TypedChoiceField(label=_("执法主体"), coerce=int, widget=forms.Select(attrs=SELECT))
    name = forms.CharField(label=_("姓名"), max_length=50, widget=forms.TextInput(attrs=TEXT))
    certificate = forms.CharField(label=_("执法证号"), max_length=40, widget=forms.TextInput(attrs=TEXT))


class CaseForm(UnitsMixin, forms.Form):
    unit_fields = ("unit_id", "review_unit_id")
    unit_id = forms.TypedChoiceField(label=_("执法主体"), coerce=int, widget=forms.Select(attrs=SELECT))
    review_unit_id = forms.TypedChoiceField(
        label=_("法制审核机构"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    number = forms.CharField(label=_("案号"), max_length=60, widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label=_("案由"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    party = forms.CharField(label=_("当事人"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    basis = forms.CharField(label=_("执法依据"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    officer_ids = forms.TypedMultipleChoiceField(
        label=_("执法人员（至少两人）"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 4}),
    )

    def __init__(self, *args: Any, officers: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer_ids"].choices = officers or []  # type: ignore[attr-defined]


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("环节"), choices=RecordKind.choices, widget=forms.Select(attrs=SELECT))
    note = forms.CharField(label=_("记录"), max_length=5000, required=False, widget=_area(2))
    file = forms.FileField(
        label=_("文件或照片"),
        required=False,
        help_text=_("上传时计算 SM3 指纹，此后文件如被改动将被标出"),
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".pdf,.docx,.doc,.ofd,.jpg,.jpeg,.png"}),
    )
    av_ref = forms.CharField(
        label=_("音像记录编号"),
        max_length=200,
        required=False,
        help_text=_("执法记录仪编号和时段"),
        widget=forms.TextInput(attrs=TEXT),
    )


class ProposeForm(forms.Form):
    category = forms.ChoiceField(
        label=_("决定类别"), choices=Category.choices, widget=forms.Select(attrs=SELECT)
    )
    decision_text = forms.CharField(label=_("拟作决定"), max_length=20000, widget=_area())


class SettingsForm(forms.Form):
    publish_days = forms.IntegerField(
        label=_("决定公示期限（工作日）"), min_value=1, max_value=60, widget=forms.NumberInput(attrs=TEXT)
    )
    major_categories = forms.MultipleChoiceField(
        label=_("重大执法决定类别"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CaseReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("审核结论"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs=SELECT),
    )
    opinion = forms.CharField(label=_("审核意见"), max_length=20000, widget=_area())


class RaiseItemForm(forms.Form):
    """The congress puts a decision or a body's enforcement in a year's supervision plan."""

    plan_id = forms.TypedChoiceField(
        label=_("年度监督工作计划"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    planned_month = forms.IntegerField(
        label=_("计划月份"), min_value=1, max_value=12, widget=forms.NumberInput(attrs=TEXT)
    )
    title = forms.CharField(
        label=_("监督事项（不填则按决策或执法主体生成）"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )

    def __init__(self, *args: Any, plans: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan_id"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (p.pk, f"{p.title}（{p.get_status_display()}）") for p in plans
        ]


class RaiseOpinionForm(forms.Form):
    """A written deliberation opinion on a supervision item hearing the same body."""

    item_id = forms.TypedChoiceField(
        label=_("审议中的监督事项"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    speaker = forms.CharField(label=_("提出人"), max_length=50, widget=forms.TextInput(attrs=TEXT))
    text = forms.CharField(label=_("审议意见"), max_length=4000, widget=_area(4))

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_id"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (i.pk, f"{i.plan.year} · {i.title}") for i in items
        ]
