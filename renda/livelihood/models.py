"""Livelihood projects (民生实事项目, MISSION.md §4): a year's settings, its projects from proposal to grade,
the vote rounds recorded, and the owner units' progress reports."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.fields import EncryptedTextField
from renda.core.links import record_ref
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.livelihood import rules
from renda.livelihood.workflow import State
from renda.organization.models import Delegation, HandlingUnit
from renda.voting.models import Poll


class ProjectStatus(models.TextChoices):
    COLLECTED = State.COLLECTED.value, _("已征集")
    REJECTED = State.REJECTED.value, _("未采纳")
    ACCEPTED = State.ACCEPTED.value, _("通过初筛")
    SHORTLISTED = State.SHORTLISTED.value, _("候选项目")
    SELECTED = State.SELECTED.value, _("票决入选")
    NOT_SELECTED = State.NOT_SELECTED.value, _("未入选")
    EVALUATED = State.EVALUATED.value, _("已测评")
    MERGED = State.MERGED.value, _("已合并")


class Source(models.TextChoices):
    PUBLIC = "public", _("群众")
    DEPUTY = "deputy", _("代表")
    UNIT = "unit", _("部门、乡镇（街道）")
    STAFF = "staff", _("工作人员录入")


class VoteMode(models.TextChoices):
    APPROVE = rules.VoteMode.APPROVE.value, _("逐项赞成、反对、弃权")
    CHOOSE = rules.VoteMode.CHOOSE.value, _("限选N项")


class Grade(models.TextChoices):
    SATISFIED = rules.Grade.SATISFIED.value, _("满意")
    BASIC = rules.Grade.BASIC.value, _("基本满意")
    UNSATISFIED = rules.Grade.UNSATISFIED.value, _("不满意")


class GradeRule(models.TextChoices):
    ENTITLED = rules.GradeRule.ENTITLED.value, _("满意票超过全体应参加测评人数的半数（镇海规则）")
    CAST = rules.GradeRule.CAST.value, _("满意票超过收回测评票的半数")


def default_negative_list() -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label, _words in rules.NEGATIVE_LIST]


class ProjectYear(TimeStampedModel):
    """One year's settings (MISSION §4: every local choice is a setting)."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    places = models.PositiveSmallIntegerField(
        _("票决入选数"), default=rules.DEFAULT_PLACES, validators=[MinValueValidator(1)]
    )
    candidates = models.PositiveSmallIntegerField(_("候选项目数（差额）"), default=rules.DEFAULT_CANDIDATES)
    main_month = models.PositiveSmallIntegerField(
        _("集中征集月份"),
        default=rules.MAIN_MONTH,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    vote_mode = models.CharField(
        _("票决方式"), max_length=16, choices=VoteMode.choices, default=VoteMode.APPROVE
    )
    grade_rule = models.CharField(
        _("测评等次规则"), max_length=16, choices=GradeRule.choices, default=GradeRule.ENTITLED
    )
    negative_list = models.JSONField(_("负面清单"), default=default_negative_list)
    collecting = models.BooleanField(_("接受群众征集"), default=True)
    lag_grace_days = models.PositiveSmallIntegerField(
        _("节点滞后宽限天数"),
        default=rules.LAG_GRACE_DAYS,
        validators=[MaxValueValidator(rules.MAX_GRACE_DAYS)],
    )

    class Meta:
        verbose_name = verbose_name_plural = _("民生实事年度")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(candidates__gt=models.F("places")), name="year_margin"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def reason_label(self, code: str) -> str:
        return next((e["label"] for e in self.negative_list if e["code"] == code), code)


class Project(TimeStampedModel):
    year = record_ref(ProjectYear, _("年度"), "projects")
    code = models.CharField(_("查询码"), max_length=16, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    description = models.TextField(_("项目内容与理由"))
    location = models.CharField(_("地点或区域"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    # Personal data of a public proposer: shown to the staff only (MISSION, Users and roles).
    proposer_name = models.CharField(_("建议人"), max_length=50, blank=True)
    proposer_phone = EncryptedTextField(_("联系电话"), max_length=30, blank=True)  # SM4 at rest
    proposer_deputy = record_ref(Deputy, _("提出代表"), "+", optional=True)
    proposer_unit = record_ref(HandlingUnit, _("提出单位"), "+", optional=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.COLLECTED,
        db_index=True,
    )
    # Screening (初筛)
    screen_reason = models.CharField(_("未采纳理由"), max_length=32, blank=True)
    screen_note = models.CharField(_("初筛说明"), max_length=300, blank=True)
    # Shortlist (初定): the government's candidate
    owner_unit = record_ref(HandlingUnit, _("责任单位"), "livelihood_projects", optional=True)
    budget = models.DecimalField(_("预算（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    scope = models.TextField(_("建设内容与规模"), blank=True)
    start_date = models.DateField(_("计划开始"), null=True, blank=True)
    end_date = models.DateField(_("计划完成"), null=True, blank=True)
    # Vote (票决): the count of the round that decided it
    votes_yes = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("反对票"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权票"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("得票排序"), null=True, blank=True)
    revote = models.BooleanField(_("待重新票决"), default=False)
    # Evaluation (满意度测评)
    eval_counts = models.JSONField(_("测评票数"), default=dict, blank=True)
    grade = models.CharField(_("测评结果"), max_length=16, choices=Grade.choices, blank=True)
    rereport = models.BooleanField(_("须重新报告"), default=False)  # graded 不满意 (§4.6)
    # Duplicates (§4.1): merged into a similar proposal of the year, whose tracking page its proposer is shown
    merged_into = record_ref("self", _("合并到"), "merged", optional=True)
    # Fed by another app (services.project_feed: the citizens' opinions), e.g. "opinions:12"
    origin = models.CharField(_("转入来源"), max_length=64, blank=True)

    objects = RestrictedManager()  # renda.livelihood.permissions.ProjectPolicy

    class Meta:
        verbose_name = verbose_name_plural = _("民生实事项目")
        ordering = ["year", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(screen_reason=""),
                name="rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["collected", "accepted", "rejected", "merged"])
                | models.Q(owner_unit__isnull=False),
                name="candidate_has_owner",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class VoteRound(models.Model):
    """One recorded count of the session's project vote (the first, then any revote among the tied)."""

    year = record_ref(ProjectYear, _("年度"), "rounds")
    number = models.PositiveSmallIntegerField(_("轮次"))
    places = models.PositiveSmallIntegerField(_("本轮名额"))
    total_entitled = models.PositiveIntegerField(_("全体代表数"))
    result = models.JSONField(_("结果"))
    recorded_by = user_ref(_("录入人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("票决轮次")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="vote_round_once")]

    def __str__(self) -> str:
        return f"{self.year_id}#{self.number}"


class PollPurpose(models.TextChoices):
    VOTE = "vote", _("项目票决")
    EVALUATION = "evaluation", _("满意度测评")


class ProjectPoll(models.Model):
    """A vote of the year's projects through the voting engine (renda.voting): the session's project vote
    (a "list" poll, one round — the first or a revote among the tied) or the year-end evaluation (a "rating"
    poll). The poll's options are the projects (key = the project's id). The link lives here, on the higher
    app's side; closing the poll through the livelihood services writes the result to the projects."""

    turnout: dict  # set by selectors.open_poll

    year = record_ref(ProjectYear, _("年度"), "polls")
    poll = record_ref(Poll, _("表决"), "+", one=True)
    purpose = models.CharField(_("用途"), max_length=16, choices=PollPurpose.choices)
    round = record_ref(VoteRound, _("票决轮次"), "poll_link", optional=True, one=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("民生实事表决")
        verbose_name_plural = _("民生实事表决")
        ordering = ["year", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.year_id}:{self.purpose}:{self.poll_id}"


class ProgressReport(models.Model):
    """The owner unit's report of a selected project's progress."""

    project = record_ref(Project, _("项目"), "reports")
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), validators=[MaxValueValidator(100)])
    reported_by = user_ref(_("报告人"))
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("实施进展")
        ordering = ["project", "-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="percent_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.percent}%"


def photo_path(instance: ProgressPhoto, filename: str) -> str:
    return f"livelihood/photos/{instance.report.project_id}/{filename}"


class ProgressPhoto(models.Model):
    """A photo of a progress report: decoded and re-encoded on upload (JPEG or PNG by content, EXIF and GPS
    gone), with a thumbnail. Served by the livelihood views to whoever may read the project."""

    report = record_ref(ProgressReport, _("实施进展"), "photos")
    image = models.FileField(_("照片"), upload_to=photo_path)
    thumbnail = models.FileField(_("缩略图"), upload_to=photo_path)
    content_type = models.CharField(_("类型"), max_length=20)
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    caption = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("进展照片")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.image.name}"


class Milestone(models.Model):
    """A selected project's milestone (节点): planned by staff or the owner unit, marked done with the day it
    was done. Lagging: rules.milestone_lagging."""

    project = record_ref(Project, _("项目"), "milestones")
    title = models.CharField(_("节点"), max_length=200)
    planned = models.DateField(_("计划完成日期"))
    done = models.DateField(_("实际完成日期"), null=True, blank=True)
    created_by = user_ref(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("实施节点")
        ordering = ["project", "planned", "id"]
        indexes = [models.Index(fields=["done", "planned"], name="milestone_open_planned")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.title}"


class SupervisionGroup(models.Model):
    """A year's supervision group (监督小组, §4.5): deputies led by a standing-committee leader (a member of
    the council of chairpersons serving now), set up by staff."""

    year = record_ref(ProjectYear, _("年度"), "supervision_group", one=True)
    leader = record_ref(Deputy, _("组长"), "+")
    members = models.ManyToManyField(Deputy, verbose_name=_("成员"), related_name="livelihood_groups")

    class Meta:
        verbose_name = verbose_name_plural = _("民生实事监督小组")
        ordering = ["-year__year"]

    def __str__(self) -> str:
        return str(self.year_id)


class InspectionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class Inspection(TimeStampedModel):
    """An inspection (视察) of a selected project by the year's supervision group: the day, the findings and
    the group's opinion, which the owner unit answers (text, date)."""

    group = record_ref(SupervisionGroup, _("监督小组"), "inspections")
    project = record_ref(Project, _("项目"), "inspections")
    day = models.DateField(_("视察日期"))
    findings = models.TextField(_("视察情况"))
    opinion = models.TextField(_("意见建议"))
    status = models.CharField(
        _("状态"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.OPEN
    )
    recorded_by = user_ref(_("记录人"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = user_ref(_("答复人"), null=True, blank=True)

    objects = RestrictedManager()  # renda.livelihood.permissions.InspectionPolicy

    class Meta:
        verbose_name = verbose_name_plural = _("监督视察")
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open")
                | (~models.Q(answer="") & models.Q(answered_on__isnull=False)),
                name="inspection_answered_has_answer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day}"


class ReviewBody(models.TextChoices):
    COUNCIL = "council", _("主任会议")
    STANDING = "standing", _("常委会会议")


class ReviewOutcome(models.TextChoices):
    AGREED = "agreed", _("同意提请代表大会票决")
    AMEND = "amend", _("提出调整意见")


class ShortlistReview(models.Model):
    """The review of the year's shortlist (初定的候选项目) by the council of chairpersons or the standing
    committee before the session's vote (§4.2): the meeting, its day, the outcome and the opinion, with the
    candidates reviewed as they stood."""

    year = record_ref(ProjectYear, _("年度"), "reviews")
    body = models.CharField(_("审议会议"), max_length=16, choices=ReviewBody.choices)
    meeting_date = models.DateField(_("会议日期"))
    outcome = models.CharField(_("审议意见"), max_length=16, choices=ReviewOutcome.choices)
    opinion = models.TextField(_("意见说明"), blank=True)
    candidates = models.JSONField(_("审议的候选项目"), default=list)  # [[id, title], …] as reviewed
    recorded_by = user_ref(_("录入人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("候选项目审议")
        ordering = ["year", "meeting_date", "id"]

    def __str__(self) -> str:
        return f"{self.year_id} {self.body} {self.meeting_date}"


class DelegationNote(models.Model):
    """A delegation's discussion notes (代表团讨论意见) on a candidate project during the session (§4.2)."""

    project = record_ref(Project, _("项目"), "delegation_notes")
    delegation = record_ref(Delegation, _("代表团"), "+")
    text = models.TextField(_("讨论意见"))
    recorded_by = user_ref(_("录入人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("代表团讨论意见")
        ordering = ["project", "delegation__order", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.delegation_id}"
