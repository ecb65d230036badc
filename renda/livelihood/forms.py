"""Forms of the livelihood pages: they parse input; the rules live in rules.py and services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import DatePicker
from renda.livelihood import rules
from renda.livelihood.models import GradeRule, Project, ReviewBody, ReviewOutcome, Source, VoteMode
from renda.organization.models import Delegation, HandlingUnit
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
    start_date = forms.DateField(label=_("计划开始"), widget=DatePicker(attrs=TEXT))
    end_date = forms.DateField(label=_("计划完成"), widget=DatePicker(attrs=TEXT))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = (
            HandlingUnit.objects.filter(is_active=True).order_by("order", "name").values_list("pk", "name")
        )
        self.fields["owner_unit_id"].choices = list(units)  # type: ignore[attr-defined]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; answers their bytes (the service decodes each: JPEG or PNG only)."""

    def __init__(self, **kwargs) -> None:
        attrs = {**TEXT, "accept": "image/jpeg,image/png", "multiple": True}
        super().__init__(widget=MultiplePhotoInput(attrs=attrs), required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > rules.PHOTOS_PER_REPORT:
            raise forms.ValidationError(_("每次最多上传 %(n)s 张照片") % {"n": rules.PHOTOS_PER_REPORT})
        out = []
        for f in files:
            if f.size > rules.PHOTO_MAX_BYTES:
                raise forms.ValidationError(
                    _("照片过大（每张不超过 %(mb)s MB）") % {"mb": rules.PHOTO_MAX_BYTES // (1024 * 1024)}
                )
            out.append(f.read())
        return out


class ReportForm(forms.Form):
    text = _text(_("进展情况"), max_length=5000, area=True)
    percent = _int(_("完成进度（%）"), max_value=100)
    photos_in = PhotosField(
        label=_("照片（JPEG 或 PNG，可多选）"),
        help_text=_("照片中的拍摄位置等信息会被清除"),
    )


class MilestoneForm(forms.Form):
    title = _text(_("节点"), max_length=200)
    planned = forms.DateField(label=_("计划完成日期"), widget=DatePicker(attrs=TEXT))


class MilestoneDoneForm(forms.Form):
    done = forms.DateField(label=_("实际完成日期"), required=False, widget=DatePicker(attrs=TEXT))


class GroupForm(forms.Form):
    leader_id = forms.TypedChoiceField(
        label=_("组长（常委会领导）"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    member_ids = forms.TypedMultipleChoiceField(
        label=_("成员"), coerce=int, widget=forms.SelectMultiple(attrs={**SELECT, "size": 8})
    )

    def __init__(self, *args, leaders, deputies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader_id"].choices = [(d.pk, str(d)) for d in leaders]  # type: ignore[attr-defined]
        self.fields["member_ids"].choices = [(d.pk, str(d)) for d in deputies]  # type: ignore[attr-defined]


class InspectionForm(forms.Form):
    project_id = forms.TypedChoiceField(label=_("项目"), coerce=int, widget=forms.Select(attrs=SELECT))
    day = forms.DateField(label=_("视察日期"), widget=DatePicker(attrs=TEXT))
    findings = _text(_("视察情况"), max_length=5000, area=True)
    opinion = _text(_("意见建议"), max_length=5000, area=True)

    def __init__(self, *args, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project_id"].choices = [(p.pk, p.title) for p in projects]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = _text(_("答复"), max_length=5000, area=True)
    day = forms.DateField(label=_("答复日期"), required=False, widget=DatePicker(attrs=TEXT))


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
    lag_grace_days = forms.IntegerField(
        label=_("节点滞后宽限天数"),
        required=False,
        min_value=0,
        max_value=rules.MAX_GRACE_DAYS,
        widget=forms.NumberInput(attrs=TEXT),
    )

    def clean_lag_grace_days(self) -> int:
        value = self.cleaned_data.get("lag_grace_days")
        return rules.LAG_GRACE_DAYS if value is None else value


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


class MergeForm(forms.Form):
    """Merge a duplicate into another proposal of the year: the similar ones insight finds first (with the
    similarity), then the rest still in the collection or on the shortlist."""

    into_id = forms.TypedChoiceField(label=_("合并到"), coerce=int, widget=forms.Select(attrs=SELECT))
    note = _text(_("合并说明"), max_length=300, required=False)

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        similar = getattr(project, "similar", None) or []
        seen = {p.pk for p, _score in similar}
        choices = [
            (p.pk, f"{p.title}（{p.code}，{_('相似度')} {round(score * 100)}%）") for p, score in similar
        ]
        others = (
            Project.objects.filter(year_id=project.year_id, status__in=MERGE_TARGETS)
            .exclude(pk__in={project.pk, *seen})
            .order_by("title", "pk")
            .values_list("pk", "title", "code")[:500]
        )
        choices += [(pk, f"{title}（{code}）") for pk, title, code in others]
        self.fields["into_id"].choices = choices  # type: ignore[attr-defined]


MERGE_TARGETS = ("collected", "accepted", "shortlisted")


class DelegationNoteForm(forms.Form):
    delegation_id = forms.TypedChoiceField(label=_("代表团"), coerce=int, widget=forms.Select(attrs=SELECT))
    text = _text(_("讨论意见"), max_length=5000, area=True)

    def __init__(self, *args, delegations: list[int] | None = None, **kwargs) -> None:
        """`delegations`: the ones the actor may enter notes for (None: any, for staff)."""
        super().__init__(*args, **kwargs)
        qs = Delegation.objects.order_by("-term__number", "order", "pk")
        if delegations is not None:
            qs = qs.filter(pk__in=delegations)
        self.fields["delegation_id"].choices = list(qs.values_list("pk", "name"))  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    body = forms.ChoiceField(
        label=_("审议会议"), choices=ReviewBody.choices, widget=forms.Select(attrs=SELECT)
    )
    meeting_date = forms.DateField(label=_("会议日期"), widget=DatePicker(attrs=TEXT))
    outcome = forms.ChoiceField(
        label=_("审议意见"), choices=ReviewOutcome.choices, widget=forms.Select(attrs=SELECT)
    )
    opinion = _text(_("意见说明（提出调整意见时必填）"), max_length=5000, required=False, area=True)
