"""Forms of the livelihood pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.livelihood import rules
from renda.livelihood.models import GradeRule, Project, Source, VoteMode
from renda.organization.models import HandlingUnit
from renda.voting.choices import PollMethod

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _text(label, *, max_length: int, required: bool = True, area: bool = False, **attrs) -> forms.CharField:
    widget = (
        forms.Textarea(attrs={**TEXT, "rows": 3, **attrs})
        if area
        else forms.TextInput(attrs={**TEXT, **attrs})
    )
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _int(label, *, min_value: int = 0, max_value: int | None = None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=min_value, max_value=max_value, widget=forms.NumberInput(attrs=TEXT)
    )


class ProposeForm(forms.Form):
    """The public collection form (no sign-in); the same fields for a deputy, a unit or staff."""

    title = _text(_("项目名称"), max_length=200)
    description = _text(_("项目内容与理由"), max_length=5000, area=True)
    location = _text(_("地点或区域"), max_length=200, required=False)
    proposer_name = _text(_("您的姓名（选填，仅工作人员可见）"), max_length=50, required=False)
    proposer_phone = _text(
        _("联系电话（选填，仅工作人员可见）"), max_length=30, required=False, inputmode="tel"
    )


class StaffProposeForm(ProposeForm):
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, widget=forms.Select(attrs=SELECT))


class AcceptForm(forms.Form):
    note = _text(_("初筛说明"), max_length=300, required=False)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("负面清单理由"), widget=forms.Select(attrs=SELECT))
    note = _text(_("说明"), max_length=300, required=False)

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hits = set(rules.negative_hits(f"{project.title} {project.description}"))
        choices = [
            (e["code"], f"{e['label']}{' ✓' if e['code'] in hits else ''}")
            for e in project.year.negative_list
        ]
        self.fields["reason"].choices = [*choices, (rules.SCREEN_OTHER, _("其他（请说明）"))]  # type: ignore[attr-defined]


class ShortlistForm(forms.Form):
    owner_unit_id = forms.TypedChoiceField(label=_("责任单位"), coerce=int, widget=forms.Select(attrs=SELECT))
    budget = forms.DecimalField(
        label=_("预算（万元）"), min_value=0, decimal_places=2, widget=forms.NumberInput(attrs=TEXT)
    )
    scope = _text(_("建设内容与规模"), max_length=5000, area=True)
    start_date = forms.DateField(label=_("计划开始"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    end_date = forms.DateField(label=_("计划完成"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = (
            HandlingUnit.objects.filter(is_active=True).order_by("order", "name").values_list("pk", "name")
        )
        self.fields["owner_unit_id"].choices = list(units)  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    text = _text(_("进展情况"), max_length=5000, area=True)
    percent = _int(_("完成进度（%）"), max_value=100)


class EvaluateForm(forms.Form):
    satisfied = _int(_("满意"))
    basic = _int(_("基本满意"))
    unsatisfied = _int(_("不满意"))
    abstain = _int(_("弃权"))
    entitled = _int(_("应参加测评人数"), min_value=1)


class YearForm(forms.Form):
    year = _int(_("年度"), min_value=2000, max_value=2100)
    places = _int(_("票决入选数"), min_value=1)
    candidates = _int(_("候选项目数（差额）"), min_value=2)
    main_month = _int(_("集中征集月份"), min_value=1, max_value=12)
    vote_mode = forms.ChoiceField(
        label=_("票决方式"), choices=VoteMode.choices, widget=forms.Select(attrs=SELECT)
    )
    collecting = forms.BooleanField(label=_("接受群众征集"), required=False)
    grade_rule = forms.ChoiceField(
        label=_("测评等次规则"), choices=GradeRule.choices, widget=forms.Select(attrs=SELECT)
    )


class PollOpenForm(forms.Form):
    """Open the project vote or the evaluation on an agenda item of a session in progress."""

    item_id = forms.TypedChoiceField(label=_("会议议程"), coerce=int, widget=forms.Select(attrs=SELECT))
    method = forms.ChoiceField(
        label=_("表决方式"), choices=PollMethod.choices, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_id"].choices = [(i.pk, f"{i.session.title} · {i.title}") for i in items]  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    """The session's count for every candidate: 赞成/反对/弃权 per project, and the number of all deputies."""

    total_entitled = _int(_("全体代表人数"), min_value=1)

    def __init__(self, *args, candidates: list[Project], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for p in candidates:
            for key, label in (("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权"))):
                self.fields[f"{key}_{p.pk}"] = _int(f"{p.title} · {label}")

    def counts(self) -> dict[int, tuple[int, int, int]]:
        d = self.cleaned_data
        return {p.pk: (d[f"yes_{p.pk}"], d[f"no_{p.pk}"], d[f"abstain_{p.pk}"]) for p in self.candidates}
