"""Government-side procedures (MISSION.md §8; issue 18): the yearly catalogue of major administrative
decisions and each decision's five statutory steps (renda.procedures.workflow / rules), and administrative
enforcement's three systems — public notice, the whole-process record (each file fingerprinted with SM3 at
upload), and the legal review of major enforcement decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.fields import EncryptedTextField
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.organization.models import HandlingUnit
from renda.procedures import rules
from renda.procedures.workflow import CaseState, CatalogueState, State


class CatalogueStatus(models.TextChoices):
    DRAFT = CatalogueState.DRAFT.value, _("编制中")
    PUBLISHED = CatalogueState.PUBLISHED.value, _("已公布")


class DecisionStatus(models.TextChoices):
    PREPARING = State.PREPARING.value, _("决策草案形成中")
    REVIEWING = State.REVIEWING.value, _("合法性审查中")
    RETURNED = State.RETURNED.value, _("审查退回修改")
    READY = State.READY.value, _("待集体讨论")
    DECIDED = State.DECIDED.value, _("已作出决定")
    DROPPED = State.DROPPED.value, _("未予通过")
    PUBLISHED = State.PUBLISHED.value, _("已公布，执行中")
    EVALUATED = State.EVALUATED.value, _("已完成决策后评估")


class StepKind(models.TextChoices):
    PARTICIPATION = rules.Step.PARTICIPATION.value, _("公众参与")
    EXPERT = rules.Step.EXPERT.value, _("专家论证")
    RISK = rules.Step.RISK.value, _("风险评估")
    LEGALITY = rules.Step.LEGALITY.value, _("合法性审查")
    MEETING = rules.Step.MEETING.value, _("集体讨论决定")


class Legality(models.TextChoices):
    LAWFUL = rules.Legality.LAWFUL.value, _("合法")
    REVISE = rules.Legality.REVISE.value, _("应当修改")
    UNLAWFUL = rules.Legality.UNLAWFUL.value, _("不合法")


class RiskRating(models.TextChoices):
    LOW = rules.RiskRating.LOW.value, _("低风险")
    MEDIUM = rules.RiskRating.MEDIUM.value, _("中风险（可控）")
    HIGH = rules.RiskRating.HIGH.value, _("高风险（不可控）")


class Catalogue(TimeStampedModel):
    """决策事项目录: the government's yearly list of major decisions, compiled by its office and published."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    title = models.CharField(_("标题"), max_length=200)
    office = models.ForeignKey(
        HandlingUnit, verbose_name=_("编制单位"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT
    )
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("重大行政决策事项目录")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Decision(TimeStampedModel):
    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("目录"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("决策事项"), max_length=200)
    summary = models.TextField(_("主要内容"), blank=True)
    lead_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("决策承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    review_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("合法性审查单位"), on_delete=models.PROTECT, related_name="+"
    )
    planned_decision = models.DateField(_("计划决策时间"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PREPARING,
        db_index=True,
    )
    # the public draft (公开征求意见)
    draft_text = models.TextField(_("征求意见稿"), blank=True)
    comment_opens = models.DateField(_("征求意见开始"), null=True, blank=True)
    comment_closes = models.DateField(_("征求意见截止"), null=True, blank=True)
    shortened_reason = models.CharField(_("缩短期限的理由"), max_length=500, blank=True)
    # the collective meeting (集体讨论决定)
    meeting_name = models.CharField(_("会议"), max_length=200, blank=True)
    meeting_date = models.DateField(_("会议日期"), null=True, blank=True)
    speakers = models.TextField(_("发言情况"), blank=True)
    conclusion = models.TextField(_("行政首长的决定"), blank=True)
    # publication, implementation, evaluation
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    publication_ref = models.CharField(_("公布载体"), max_length=200, blank=True)
    evaluation = models.TextField(_("决策后评估"), blank=True)
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("重大行政决策")
        ordering = ["catalogue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "number"], name="procedures_decision_number"),
        ]

    def __str__(self) -> str:
        return self.title


class StepRecord(models.Model):
    """One step recorded on a decision: done (with what it found) or exempt (with its legal basis). A step
    recorded again (a second legality review after revision) keeps the earlier rows; the latest counts."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(_("程序"), max_length=16, choices=StepKind.choices)
    exempt = models.BooleanField(_("依法免予"), default=False)
    basis = models.CharField(_("免予的法律依据"), max_length=500, blank=True)
    summary = models.TextField(_("情况"), blank=True)
    participants = models.TextField(_("参与的专家或机构"), blank=True)
    hearing_held = models.BooleanField(_("举行听证"), default=False)
    rating = models.CharField(_("风险等级"), max_length=8, choices=RiskRating.choices, blank=True)
    measures = models.TextField(_("风险防范措施"), blank=True)
    legality = models.CharField(_("审查结论"), max_length=8, choices=Legality.choices, blank=True)
    recorded_by = user_ref(_("记录人"), null=True)
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("决策程序记录")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} · {self.get_step_display()}"


class Comment(models.Model):
    """A comment on a public draft, by anyone (name optional), and the lead unit's answer."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="comments")
    author = models.CharField(_("署名"), max_length=50, blank=True)
    text = models.TextField(_("意见"))
    submitted_at = models.DateTimeField(_("提交时间"))
    answer = models.TextField(_("答复（采纳情况）"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("公众意见")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class Tracking(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="tracking")
    day = models.DateField(_("日期"))
    note = models.TextField(_("执行情况"))
    recorded_by = user_ref(_("记录人"), null=True)

    class Meta:
        verbose_name = verbose_name_plural = _("决策执行情况")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} · {self.day}"


# --- enforcement -------------------------------------------------------------------------------------------


class Category(models.TextChoices):
    WARNING = "warning", _("警告、通报批评")
    FINE = "fine", _("罚款")
    LARGE_FINE = "large_fine", _("较大数额罚款")
    CONFISCATE = "confiscate", _("没收违法所得、非法财物")
    SUSPEND = "suspend", _("责令停产停业、责令关闭")
    REVOKE = "revoke", _("吊销许可证件")
    HEARING = "hearing", _("经过听证程序的决定")
    COMPLEX = "complex", _("疑难复杂、涉及多个法律关系")
    PERMIT = "permit", _("行政许可")


class RecordKind(models.TextChoices):
    OPENING = "opening", _("立案")
    INVESTIGATION = "investigation", _("调查取证")
    NOTICE = "notice", _("告知")
    HEARING = "hearing", _("听证")
    DECISION = "decision", _("决定")
    SERVICE = "service", _("送达")
    EXECUTION = "execution", _("执行")


class CaseStatus(models.TextChoices):
    OPEN = CaseState.OPEN.value, _("办理中")
    PROPOSED = CaseState.PROPOSED.value, _("拟作决定")
    ISSUED = CaseState.ISSUED.value, _("已作出决定")
    PUBLISHED = CaseState.PUBLISHED.value, _("已公示")


class EnforcementSettings(models.Model):
    """The places' choices (one row): days to publish a decision, and which categories are major."""

    publish_days = models.PositiveSmallIntegerField(
        _("决定公示期限（工作日）"), default=rules.DEFAULT_PUBLISH_DAYS
    )
    major_categories = models.JSONField(_("重大执法决定类别"), default=list)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("行政执法设置")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class Officer(TimeStampedModel):
    """An enforcement officer and the certificate the public notice shows (行政执法证件)."""

    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("执法主体"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    certificate = models.CharField(_("执法证号"), max_length=40, unique=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("执法人员")
        ordering = ["unit", "certificate"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate}）"


class Case(TimeStampedModel):
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("执法主体"), on_delete=models.PROTECT, related_name="+"
    )
    review_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("法制审核机构"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("案号"), max_length=60, unique=True)
    title = models.CharField(_("案由"), max_length=200)
    party = EncryptedTextField(_("当事人"), max_length=100)
    basis = models.CharField(_("执法依据"), max_length=500)
    officers = models.ManyToManyField(Officer, verbose_name=_("执法人员"), related_name="cases")
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    category = models.CharField(_("决定类别"), max_length=16, choices=Category.choices, blank=True)
    major = models.BooleanField(_("重大执法决定"), default=False)
    decision_text = models.TextField(_("决定内容"), blank=True)
    issued_on = models.DateField(_("决定日期"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("行政执法案件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def party_masked(self) -> str:
        """The party as the public notice shows it (a person's name masked)."""
        return rules.mask_party(self.party)


class CaseFile(models.Model):
    """One entry of the whole-process record: a step, a note, a file (fingerprinted with SM3 when uploaded) or
    an audio/video reference (执法记录仪)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("环节"), max_length=16, choices=RecordKind.choices)
    note = models.TextField(_("记录"), blank=True)
    file = models.FileField(_("文件"), upload_to="procedures/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    sm3 = models.CharField(_("SM3 指纹"), max_length=64, blank=True)
    av_ref = models.CharField(_("音像记录"), max_length=200, blank=True)
    recorded_by = user_ref(_("记录人"), null=True)
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("执法全过程记录")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_kind_display()}"


class LegalReview(models.Model):
    """法制审核: the reviewing office's opinion on a proposed major decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    passed = models.BooleanField(_("审核通过"))
    opinion = models.TextField(_("审核意见"))
    reviewer = user_ref(_("审核人"), null=True)
    reviewed_at = models.DateTimeField(_("审核时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("法制审核意见")
        ordering = ["reviewed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.opinion[:30]}"


# --- the congress ------------------------------------------------------------------------------------------


class RaisedKind(models.TextChoices):
    ITEM = "item", _("列入年度监督计划")
    OPINION = "opinion", _("提出审议意见")


class Raised(models.Model):
    """What the standing committee's staff raised from the procedures' record (issue 18, "for the
    congress"): a decision, or a body's enforcement, put in the annual supervision plan as an item (a special
    work report, a law-enforcement inspection) or brought as a written deliberation opinion to an item being
    deliberated — made through renda.supervision's services; this row keeps the link back."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("重大行政决策"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="raised",
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("执法主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("方式"), max_length=8, choices=RaisedKind.choices)
    item = models.ForeignKey(
        "supervision.Item", verbose_name=_("监督事项"), on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.ForeignKey(
        "supervision.DeliberationOpinion",
        verbose_name=_("审议意见"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_on = models.DateField(_("提出日期"))
    raised_by = user_ref(_("提出人"), null=True)

    class Meta:
        verbose_name = verbose_name_plural = _("人大提请监督")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__isnull=False, unit__isnull=True)
                | models.Q(decision__isnull=True, unit__isnull=False),
                name="procedures_raised_one_subject",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="opinion") | models.Q(opinion__isnull=False),
                name="procedures_raised_opinion_has_opinion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.item_id}"
