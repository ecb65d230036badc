"""The standing committee's supervision (监督法 2024, MISSION.md §6): the annual supervision plan, its items,
the members' deliberation opinions on a report, the reporting body's written answer and the members' rating;
the settings a place chooses."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.meetings.models import AgendaItem, Session
from renda.organization.models import Committee, HandlingUnit, Term
from renda.supervision import rules
from renda.supervision.fields import optional_link
from renda.supervision.workflow import InspState, IState, PlanState, QState, State


class SupervisionSettings(models.Model):
    """What places choose differently (MISSION.md: settings, not forks); one row, edited by staff in the
    admin (versioned in the audit trail)."""

    answer_months = models.PositiveSmallIntegerField(
        _("审议意见书面答复时限（月）"),
        default=rules.DEFAULT_ANSWER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    interpellation_signers_city = models.PositiveSmallIntegerField(
        _("质询案联名人数（省、设区的市）"),
        default=rules.INTERPELLATION_SIGNERS["city"],
        validators=[MinValueValidator(5)],
    )
    interpellation_signers_county = models.PositiveSmallIntegerField(
        _("质询案联名人数（县级）"),
        default=rules.INTERPELLATION_SIGNERS["county"],
        validators=[MinValueValidator(3)],
    )

    class Meta:
        verbose_name = verbose_name_plural = _("监督工作设置")

    def __str__(self) -> str:
        return str(_("监督工作设置"))

    @classmethod
    def current(cls) -> SupervisionSettings:
        """The saved settings, or MISSION.md's defaults (unsaved) when staff have set none."""
        return cls.objects.order_by("pk").first() or cls()


class PlanStatus(models.TextChoices):
    DRAFT = PlanState.DRAFT.value, _("草案")
    ADOPTED = PlanState.ADOPTED.value, _("已通过并公布")


class Plan(TimeStampedModel):
    """年度监督工作计划 of a term's year."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("年度监督工作计划")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "year"], name="supervision_plan_once_a_year"),
            models.CheckConstraint(
                condition=~models.Q(status=PlanState.ADOPTED.value) | models.Q(adopted_on__isnull=False),
                name="supervision_plan_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    WORK_REPORT = "work_report", _("听取审议专项工作报告")
    BUDGET = "budget", _("审查批准决算、听取预算执行情况报告")
    PLAN = "plan", _("听取国民经济和社会发展计划执行情况报告")
    AUDIT = "audit", _("听取审计工作报告")
    ENFORCEMENT = "enforcement", _("执法检查")
    INQUIRY = "inquiry", _("专题询问")
    OTHER = "other", _("其他")


class ItemStatus(models.TextChoices):
    PLANNED = State.PLANNED.value, _("计划中")
    SCHEDULED = State.SCHEDULED.value, _("已列入会议议程")
    CONSOLIDATED = State.CONSOLIDATED.value, _("审议意见已汇总")
    SENT = State.SENT.value, _("审议意见已交办")
    ANSWERED = State.ANSWERED.value, _("已书面报告研究处理情况")
    COMMENTED = State.COMMENTED.value, _("委员会已提出意见")
    ON_AGENDA = State.ON_AGENDA.value, _("已列入会议审议")
    RATED = State.RATED.value, _("已满意度测评")
    PUBLISHED = State.PUBLISHED.value, _("已公开")


class RatingResult(models.TextChoices):
    SATISFACTORY = rules.RatingResult.SATISFACTORY.value, _("满意")
    UNSATISFACTORY = rules.RatingResult.UNSATISFACTORY.value, _("不满意")


class Item(TimeStampedModel):
    """An item of the plan: a report the standing committee hears (or an inspection, an inquiry) and the
    path of its deliberation opinions."""

    plan = models.ForeignKey(Plan, verbose_name=_("年度计划"), on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("监督方式"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("监督事项"), max_length=200)
    body = models.ForeignKey(
        HandlingUnit, verbose_name=_("报告机关"), on_delete=models.PROTECT, related_name="supervision_items"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("牵头委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    planned_month = models.PositiveSmallIntegerField(
        _("计划月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED, db_index=True
    )
    meeting = optional_link(Session, _("审议会议"))
    agenda_item = optional_link(AgendaItem, _("议程"))
    opinions_text = models.TextField(_("审议意见"), blank=True)
    sent_on = models.DateField(_("交办日期"), null=True, blank=True)
    resolution_due = models.DateField(_("决议规定的期限"), null=True, blank=True)
    due_date = models.DateField(_("书面报告期限"), null=True, blank=True, db_index=True)
    answer_text = models.TextField(_("研究处理情况报告"), blank=True)
    answer_signed_by = models.CharField(_("签发负责人"), max_length=50, blank=True)
    answered_on = models.DateField(_("报告日期"), null=True, blank=True)
    committee_comment = models.TextField(_("委员会意见"), blank=True)
    review_meeting = optional_link(Session, _("审议研究处理情况的会议"))
    review_agenda_item = optional_link(AgendaItem, _("议程"))
    rating_members = models.PositiveSmallIntegerField(_("组成人员总数"), default=0)
    rating_satisfied = models.PositiveSmallIntegerField(_("满意"), default=0)
    rating_basic = models.PositiveSmallIntegerField(_("基本满意"), default=0)
    rating_unsatisfied = models.PositiveSmallIntegerField(_("不满意"), default=0)
    rating_result = models.CharField(_("测评结果"), max_length=16, choices=RatingResult.choices, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("监督事项")
        ordering = ["plan", "planned_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_on__isnull=True) | models.Q(due_date__isnull=False),
                name="supervision_item_sent_has_due",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    rating_members__gte=models.F("rating_satisfied")
                    + models.F("rating_basic")
                    + models.F("rating_unsatisfied")
                ),
                name="supervision_item_rating_within_members",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OpinionSource(models.TextChoices):
    MEETING = "meeting", _("会议审议发言")
    GROUP = "group", _("分组审议")
    WRITTEN = "written", _("书面意见")


class DeliberationOpinion(TimeStampedModel):
    """A member's deliberation opinion on the report (at the meeting, in a group, in writing)."""

    item = models.ForeignKey(
        Item, verbose_name=_("监督事项"), on_delete=models.PROTECT, related_name="opinions"
    )
    source = models.CharField(_("来源"), max_length=16, choices=OpinionSource.choices)
    speaker = models.CharField(_("发言人"), max_length=50)
    text = models.TextField(_("意见"))
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("组成人员审议意见")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return f"{self.speaker}：{self.item}"


# --- interpellations (质询案, 监督法 第五十一至五十四条) ---------------------------------------------------


class InterpellationStatus(models.TextChoices):
    DRAFT = IState.DRAFT.value, _("草稿")
    SIGNING = IState.SIGNING.value, _("征集联名")
    FILED = IState.FILED.value, _("已提出")
    ACCEPTED = IState.ACCEPTED.value, _("主任会议决定交付答复")
    NOT_ACCEPTED = IState.NOT_ACCEPTED.value, _("主任会议决定不予交付")
    ANSWERED = IState.ANSWERED.value, _("已答复")
    SECOND_REQUESTED = IState.SECOND_REQUESTED.value, _("要求再作答复")
    CLOSED = IState.CLOSED.value, _("办结")
    LAPSED = IState.LAPSED.value, _("联名不足，未提出")
    WITHDRAWN = IState.WITHDRAWN.value, _("已撤回")


class AnswerForm(models.TextChoices):
    ORAL = rules.AnswerForm.ORAL.value, _("口头答复")
    WRITTEN = rules.AnswerForm.WRITTEN.value, _("书面答复")


class Interpellation(TimeStampedModel):
    """质询案: tabled by members of the standing committee jointly (监督法 第五十一条), naming the body
    questioned and the questions; the council decides to send it (第五十二条); answered orally or in
    writing (第五十三条); a second answer when more than half of the signers are dissatisfied (第五十四条)."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("案由"), max_length=200)
    body = models.ForeignKey(
        HandlingUnit, verbose_name=_("被质询机关"), on_delete=models.PROTECT, related_name="interpellations"
    )
    questions = models.TextField(_("质询的问题和内容"))
    lead = models.ForeignKey(Deputy, verbose_name=_("领衔人"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InterpellationStatus.choices,
        default=InterpellationStatus.DRAFT,
        db_index=True,
    )
    sign_deadline = models.DateTimeField(_("联名截止时间"), null=True, blank=True)
    signers_needed = models.PositiveSmallIntegerField(_("法定联名人数"), default=0)
    filed_at = models.DateTimeField(_("提出时间"), null=True, blank=True)
    decided_on = models.DateField(_("主任会议决定日期"), null=True, blank=True)
    decision_note = models.TextField(_("主任会议决定"), blank=True)
    answer_form = models.CharField(_("答复方式"), max_length=8, choices=AnswerForm.choices, blank=True)
    answer_meeting = optional_link(Session, _("答复会议"))
    answer_text = models.TextField(_("答复内容"), blank=True)
    answered_by = models.CharField(_("答复负责人"), max_length=50, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    second_answer_text = models.TextField(_("再次答复内容"), blank=True)
    second_answered_by = models.CharField(_("再次答复负责人"), max_length=50, blank=True)
    second_answered_on = models.DateField(_("再次答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("质询案")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=IState.FILED.value) | models.Q(filed_at__isnull=False),
                name="supervision_interpellation_filed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SignatureStatus(models.TextChoices):
    INVITED = "invited", _("待联名")
    SIGNED = "signed", _("已联名")
    DECLINED = "declined", _("谢绝联名")


class InterpellationSigner(TimeStampedModel):
    """A member invited to sign an interpellation; their signature (on their own account, before the
    deadline) and, after the answer, whether they are satisfied with it."""

    interpellation = models.ForeignKey(
        Interpellation, verbose_name=_("质询案"), on_delete=models.PROTECT, related_name="signers"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("组成人员"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("联名"), max_length=8, choices=SignatureStatus.choices, default=SignatureStatus.INVITED
    )
    signed_at = models.DateTimeField(_("联名时间"), null=True, blank=True)
    dissatisfied = models.BooleanField(_("对答复不满意"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("质询案联名人")
        ordering = ["interpellation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interpellation", "deputy"], name="supervision_interpellation_signs_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="signed") | models.Q(signed_at__isnull=False),
                name="supervision_signature_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy}：{self.interpellation}"


# --- law-enforcement inspections (执法检查, 监督法 第三十四至三十九条) -------------------------------------


class InspectionStatus(models.TextChoices):
    PREPARING = InspState.PREPARING.value, _("组织检查组")
    INSPECTING = InspState.INSPECTING.value, _("检查中")
    REPORTED = InspState.REPORTED.value, _("已形成执法检查报告")


class Inspection(TimeStampedModel):
    """执法检查 of one item of the plan: the law and articles checked, the group, the visits, the report."""

    item = models.OneToOneField(
        Item, verbose_name=_("监督事项"), on_delete=models.PROTECT, related_name="inspection"
    )
    law = models.CharField(_("检查的法律法规"), max_length=200)
    articles = models.TextField(_("检查的重点条款"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PREPARING,
        db_index=True,
    )
    report_text = models.TextField(_("执法检查报告"), blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("执法检查")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.law


class GroupRole(models.TextChoices):
    LEADER = rules.GroupRole.LEADER.value, _("组长")
    MEMBER = rules.GroupRole.MEMBER.value, _("组员")
    DEPUTY = rules.GroupRole.DEPUTY.value, _("应邀参加的代表")


class InspectionMember(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.PROTECT, related_name="members"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("检查组职务"), max_length=8, choices=GroupRole.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("执法检查组成员")
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "deputy"], name="supervision_inspection_member_once"
            ),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(role="leader"),
                name="supervision_inspection_one_leader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy}（{self.get_role_display()}）"


class InspectionVisit(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.PROTECT, related_name="visits"
    )
    place = models.CharField(_("检查地点"), max_length=200)
    visited_on = models.DateField(_("检查日期"))
    findings = models.TextField(_("发现的问题"))
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("执法检查实地检查")
        ordering = ["inspection", "visited_on", "id"]

    def __str__(self) -> str:
        return self.place


# --- special inquiries (专题询问, 监督法 第六章) ------------------------------------------------


class InquiryStatus(models.TextChoices):
    OPEN = QState.OPEN.value, _("询问中")
    LISTED = QState.LISTED.value, _("问题清单已交办")
    PUBLISHED = QState.PUBLISHED.value, _("已公开")


class InquiryForm(models.TextChoices):
    PLENARY = rules.InquiryForm.PLENARY.value, _("全体会议")
    JOINT = rules.InquiryForm.JOINT.value, _("联组会议")
    GROUP = rules.InquiryForm.GROUP.value, _("分组会议")


class Inquiry(TimeStampedModel):
    """专题询问 held while the meeting deliberates one item's report: the questions and answers, the problem
    list sent to the body (as the item's deliberation opinions), the published summary."""

    item = models.OneToOneField(
        Item, verbose_name=_("监督事项"), on_delete=models.PROTECT, related_name="inquiry"
    )
    topic = models.CharField(_("询问主题"), max_length=200)
    form = models.CharField(_("询问形式"), max_length=8, choices=InquiryForm.choices)
    held_on = models.DateField(_("询问日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=InquiryStatus.choices, default=InquiryStatus.OPEN, db_index=True
    )
    summary = models.TextField(_("专题询问情况"), blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("专题询问")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.topic


class InquiryQuestion(TimeStampedModel):
    """A question asked (by which member, to which body and official), who answered and the answer's gist."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("专题询问"), on_delete=models.PROTECT, related_name="questions"
    )
    asker = models.ForeignKey(Deputy, verbose_name=_("询问人"), on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(
        HandlingUnit, verbose_name=_("被询问机关"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("询问的问题"))
    answered_by = models.CharField(_("应询人"), max_length=100)
    answer = models.TextField(_("答复要点"))
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("专题询问问答")
        ordering = ["inquiry", "id"]

    def __str__(self) -> str:
        return f"{self.asker}：{self.inquiry}"


class InquiryProblem(TimeStampedModel):
    """A problem raised at the inquiry (an entry of 问题清单)."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("专题询问"), on_delete=models.PROTECT, related_name="problems"
    )
    text = models.TextField(_("问题"))

    class Meta:
        verbose_name = verbose_name_plural = _("专题询问问题清单")
        ordering = ["inquiry", "id"]

    def __str__(self) -> str:
        return self.text[:50]


# --- investigations of a specific question and removal motions (监督法 第七章; 撤职案) ---------------------

from renda.supervision.investigation_models import (  # noqa: E402, F401  (one models module for Django)
    CommitteeRole,
    Investigation,
    InvestigationConflict,
    InvestigationEvidence,
    InvestigationHearing,
    InvestigationMember,
    InvestigationStatus,
    MotionSignature,
    RemovalMotion,
    RemovalStatus,
)
