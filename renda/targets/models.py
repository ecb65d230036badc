"""Targets (目标督查, MISSION.md §6; issue 16): a year's settings and scoring rules, its goals (from the work
report, the plan, the congress's resolutions), their targets and sub-targets with owner units, the lead unit's
monthly reports with evidence, supervision orders (督办单) on lagging targets, and findings and awards."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.links import record_ref
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.organization.models import HandlingUnit
from renda.targets import rules
from renda.targets.workflow import OrderState, State


def default_scoring() -> dict[str, str | bool]:
    return rules.DEFAULT_RULES.as_dict()


class TargetYear(TimeStampedModel):
    """One year's settings (every local choice is a setting): when reports are due, the yellow band, the
    published scoring rules."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    report_day = models.PositiveSmallIntegerField(
        _("月报截止日（次月几日）"),
        default=rules.DEFAULT_REPORT_DAY,
        validators=[MaxValueValidator(28)],
    )
    tolerance = models.DecimalField(
        _("黄灯容差（完成度）"),
        max_digits=4,
        decimal_places=2,
        default=rules.DEFAULT_TOLERANCE,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    scoring = models.JSONField(_("计分规则"), default=default_scoring)

    class Meta:
        verbose_name = verbose_name_plural = _("目标年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def rules(self) -> rules.ScoringRules:
        return rules.ScoringRules.from_dict(self.scoring or {})


class GoalSource(models.TextChoices):
    WORK_REPORT = "work_report", _("政府工作报告")
    PLAN = "plan", _("国民经济和社会发展计划")
    RESOLUTION = "resolution", _("人大决议决定")
    OTHER = "other", _("其他")


class Goal(TimeStampedModel):
    year = record_ref(TargetYear, _("年度"), "goals")
    code = models.CharField(_("目标编号"), max_length=32)
    title = models.CharField(_("目标名称"), max_length=200)
    source = models.CharField(_("目标来源"), max_length=16, choices=GoalSource.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("年度目标")
        ordering = ["year", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="goal_code_per_year")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Kind(models.TextChoices):
    NUMBER = rules.Kind.NUMBER.value, _("数值")
    PERCENT = rules.Kind.PERCENT.value, _("百分比")
    MILESTONE = rules.Kind.MILESTONE.value, _("完成与否")
    STAGED = rules.Kind.STAGED.value, _("分阶段")


class TargetStatus(models.TextChoices):
    ACTIVE = State.ACTIVE.value, _("推进中")
    CLOSED = State.CLOSED.value, _("已结束")


class UnitGroup(models.TextChoices):
    DISTRICT = "district", _("区县（市）")
    DEPARTMENT = "department", _("市级部门")


class Target(TimeStampedModel):
    """A measured target (指标) of a goal, or a sub-target of another target (parent)."""

    year = record_ref(TargetYear, _("年度"), "targets")
    goal = record_ref(Goal, _("目标"), "targets")
    parent = record_ref("self", _("上级指标"), "children", optional=True)
    code = models.CharField(_("指标编号"), max_length=32)
    title = models.CharField(_("指标名称"), max_length=200)
    lead_unit = record_ref(HandlingUnit, _("牵头单位"), "lead_targets")
    co_units = models.ManyToManyField(
        HandlingUnit, verbose_name=_("配合单位"), blank=True, related_name="co_targets"
    )
    group = models.CharField(
        _("考核组别"), max_length=16, choices=UnitGroup.choices, default=UnitGroup.DEPARTMENT
    )
    leader = models.CharField(_("责任领导"), max_length=50, blank=True)
    kind = models.CharField(_("指标类型"), max_length=16, choices=Kind.choices)
    measure = models.CharField(_("计量单位"), max_length=20, blank=True)
    baseline = models.DecimalField(_("基数"), max_digits=16, decimal_places=4, default=0)
    target_value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=4)
    start = models.DateField(_("开始日期"))
    due = models.DateField(_("完成日期"))
    stages = models.JSONField(_("阶段节点"), default=list, blank=True)  # [{"title", "due"}]
    weight = models.DecimalField(_("权重（分值）"), max_digits=6, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=16, choices=TargetStatus.choices, default=TargetStatus.ACTIVE, db_index=True
    )
    # the latest report (denormalised by the report service, for the lists and the leader's dashboard)
    value = models.DecimalField(_("最新完成值"), max_digits=16, decimal_places=4, null=True, blank=True)
    reported_month = models.DateField(_("最新报告月份"), null=True, blank=True)

    objects = RestrictedManager()  # renda.targets.permissions.TargetPolicy

    class Meta:
        verbose_name = verbose_name_plural = _("目标指标")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="target_code_per_year"),
            models.CheckConstraint(
                condition=models.Q(due__gt=models.F("start")), name="target_due_after_start"
            ),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="target_weight_positive"),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "year"], name="target_unit_year"),
            # the leader's dashboard: the year's last change, read from the index (its cache key)
            models.Index(fields=["year", "updated_at"], name="target_year_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def plan_mode(self) -> rules.PlanMode:
        return rules.PlanMode.STAGED if self.stages else rules.PlanMode.LINEAR

    def stage_list(self) -> list[rules.Stage]:
        import datetime as dt

        return [rules.Stage(s["title"], dt.date.fromisoformat(s["due"])) for s in self.stages or []]


def evidence_path(instance: Report, filename: str) -> str:
    return f"targets/evidence/{instance.target_id}/{filename}"


class Report(models.Model):
    """The lead unit's report of a month (调度): the value reached, a note, evidence. One per target and
    month; a second report of the month corrects the first (the trail keeps both)."""

    target = record_ref(Target, _("指标"), "reports")
    month = models.DateField(_("报告月份"))
    value = models.DecimalField(_("完成值"), max_digits=16, decimal_places=4)
    note = models.TextField(_("进展情况"))
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("佐证材料名称"), max_length=200, blank=True)
    reported_on = models.DateField(_("报告日期"))
    reported_by = user_ref(_("报告人"))

    class Meta:
        verbose_name = verbose_name_plural = _("目标进展报告")
        ordering = ["target", "-month"]
        constraints = [models.UniqueConstraint(fields=["target", "month"], name="report_once_a_month")]

    def __str__(self) -> str:
        return f"{self.target_id} {self.month:%Y-%m}"


class OrderStatus(models.TextChoices):
    OPEN = OrderState.OPEN.value, _("待答复")
    ANSWERED = OrderState.ANSWERED.value, _("已答复")


class Order(TimeStampedModel):
    """A supervision order (督办单) on a lagging target: what to do and by when; the lead unit answers."""

    target = record_ref(Target, _("指标"), "orders")
    number = models.CharField(_("督办单编号"), max_length=32, unique=True)
    request = models.TextField(_("督办要求"))
    issued_on = models.DateField(_("签发日期"))
    due = models.DateField(_("答复期限"))
    issued_by = user_ref(_("签发人"))
    lag = models.DecimalField(_("签发时滞后（百分点）"), max_digits=6, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.OPEN, db_index=True
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = user_ref(_("答复人"), null=True, blank=True)

    objects = RestrictedManager()  # renda.targets.permissions.OrderPolicy

    class Meta:
        verbose_name = verbose_name_plural = _("督办单")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["updated_at"], name="order_changed")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("issued_on")), name="order_due_after"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open")
                | (~models.Q(answer="") & models.Q(answered_on__isnull=False)),
                name="order_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Raised(models.Model):
    """A lagging target raised by a deputy or a leader as a 社情民意 opinion (renda.opinions, made through its
    service): the link from the target to the opinion (the opinion's own path may make it a suggestion)."""

    target = record_ref(Target, _("指标"), "raised")
    opinion = record_ref("opinions.Opinion", _("社情民意"), "+", one=True)
    raised_on = models.DateField(_("提出日期"))
    raised_by = user_ref(_("提出人"))

    class Meta:
        verbose_name = verbose_name_plural = _("滞后指标提出的意见")
        ordering = ["target", "-raised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target_id} → {self.opinion_id}"


class NoteKind(models.TextChoices):
    FINDING = "finding", _("督查发现问题")
    AWARD = "award", _("上级表彰")


class Note(models.Model):
    """A negative finding or an award on a target, which the scoring rules count."""

    target = record_ref(Target, _("指标"), "notes")
    kind = models.CharField(_("类别"), max_length=16, choices=NoteKind.choices)
    day = models.DateField(_("日期"))
    text = models.CharField(_("说明"), max_length=300)
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("督查发现与表彰")
        ordering = ["target", "day", "id"]

    def __str__(self) -> str:
        return f"{self.target_id} {self.kind}"
