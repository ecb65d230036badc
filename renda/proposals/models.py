"""Motions (议案) and suggestions (建议、批评和意见): from draft to reply, rating and follow-up (MISSION §2).

One `Proposal` row per item, whatever its kind: a motion converted into a suggestion keeps its row,
its timeline and its motion number, and continues as a suggestion. Status changes only in services.py,
through the transition table of workflow.py. Due dates and overdue are derived (rules.py, selectors), never
set by hand: the stored `due_date` is the computed deadline of the current step, recomputed by the service
that starts it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import DecisionRequest, TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.meetings.models import Session
from renda.organization.models import Committee, Delegation, HandlingUnit, Term
from renda.proposals import rules
from renda.proposals.choices import (
    AssignmentRole,
    CategoryScheme,
    ConsultationMethod,
    CosignStatus,
    InadmissibleReason,
    Kind,
    PresidiumDecision,
    ReplyStatus,
    RequestStatus,
    Satisfaction,
    Status,
)


class ProposalSettings(models.Model):
    """Choices that places make differently (MISSION §2), one row per term; defaults are MISSION's."""

    term = models.OneToOneField(
        Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="proposal_settings"
    )
    category_scheme = models.CharField(
        _("办理结果分类"), max_length=8, choices=CategoryScheme.choices, default=CategoryScheme.FOUR
    )
    co_handler_label = models.CharField(_("会办单位称谓"), max_length=8, default="会办")
    review_workdays = models.PositiveSmallIntegerField(_("闭会期间交办时限（工作日）"), default=7)
    return_request_workdays = models.PositiveSmallIntegerField(_("申请退回时限（工作日）"), default=7)
    co_opinion_months = models.PositiveSmallIntegerField(_("会办意见时限（月）"), default=1)
    reply_months = models.PositiveSmallIntegerField(_("答复时限（月）"), default=3)
    reply_months_hard = models.PositiveSmallIntegerField(_("涉及面广、难度大的答复时限（月）"), default=6)
    extension_max_months = models.PositiveSmallIntegerField(_("延期上限（月）"), default=3)
    rehandle_months = models.PositiveSmallIntegerField(_("重新办理时限（月）"), default=1)
    due_soon_days = models.PositiveSmallIntegerField(_("临期提醒（天）"), default=rules.DUE_SOON_DAYS)
    motion_min_cosigners = models.PositiveSmallIntegerField(
        _("议案最少联名人数（含领衔）"), default=10, help_text=_("县级以上10人，乡镇5人（组织法第22条）")
    )
    delegation_may_table_motion = models.BooleanField(_("代表团可以提出议案"), default=False)
    cosigners_rate = models.BooleanField(_("附议代表也参加满意度测评"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("议案建议设置")

    def __str__(self) -> str:
        return str(self.term)


class Topic(models.Model):
    """A subject category of items (城乡建设, 教育 …): a tree of at most a few levels."""

    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("类别")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="topic_unique_name")]

    def __str__(self) -> str:
        return self.name


class MotionWindow(models.Model):
    """The presidium's deadline for motions in one session (截止时间: a per-session timestamp)."""

    session = models.OneToOneField(
        Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="motion_window"
    )
    deadline = models.DateTimeField(_("议案截止时间"))
    set_by = user_ref(_("设置人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("议案截止时间")

    def __str__(self) -> str:
        return f"{self.session}：{self.deadline:%Y-%m-%d %H:%M}"


class Proposal(TimeStampedModel):
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(
        _("类别"), max_length=16, choices=Kind.choices, default=Kind.SUGGESTION, db_index=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Numbering per term and kind (第0123号), given at submission; a converted motion keeps its motion number.
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    motion_number = models.PositiveIntegerField(_("原议案编号"), null=True, blank=True)
    session = models.ForeignKey(
        Session,
        verbose_name=_("提出时的会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), blank=True)  # suggestions
    cause = models.TextField(_("案由"), blank=True)  # motions: 案由、案据、方案 (代表法)
    basis = models.TextField(_("案据"), blank=True)
    plan = models.TextField(_("方案"), blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    lead_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("领衔代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("代表团"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("代表团提出的议案，或领衔代表所在代表团"),
    )
    created_by = user_ref(_("录入人"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # Review (审查) and the presidium's decision on motions
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    inadmissible_reason = models.CharField(
        _("不予受理原因"), max_length=20, choices=InadmissibleReason.choices, blank=True
    )
    review_note = models.TextField(_("审查意见"), blank=True)
    presidium_decision = models.CharField(
        _("主席团决定"), max_length=16, choices=PresidiumDecision.choices, blank=True
    )
    # Assignment and deadlines (代表法 第51条)
    wide_ranging = models.BooleanField(_("涉及面广、办理难度大"), default=False)
    assigned_at = models.DateField(_("交办日期"), null=True, blank=True)
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    extended_months = models.PositiveSmallIntegerField(_("已延期（月）"), default=0)
    # Reply, rating, follow-up
    replied_at = models.DateField(_("答复日期"), null=True, blank=True)
    # Whether the first reply came by its deadline (代表法 第51条), kept because re-handling moves due_date.
    first_reply_on_time = models.BooleanField(_("首次答复按期"), null=True, blank=True)
    result_category = models.CharField(_("办理结果分类"), max_length=4, blank=True)
    promised_date = models.DateField(_("承诺解决时限"), null=True, blank=True)
    rehandle_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    closed_at = models.DateField(_("办结日期"), null=True, blank=True)
    carried_over_from = models.PositiveSmallIntegerField(_("结转自年度"), null=True, blank=True)
    # Key supervision (重点督办, 代表法 第52条)
    key_supervision = models.BooleanField(_("重点督办"), default=False, db_index=True)
    supervising_committee = models.ForeignKey(
        Committee,
        verbose_name=_("督办委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leading_official = models.CharField(_("领办负责人"), max_length=100, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
    )
    is_public = models.BooleanField(_("公开答复"), default=False)
    history = HistoricalRecords()

    # Proposal.objects.restrict(actor, action): the scope (permissions.ProposalPolicy, on the spine)
    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("议案建议")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind", "number"],
                condition=models.Q(number__isnull=False),
                name="proposal_unique_number",
            ),
        ]
        indexes = [
            models.Index(fields=["term", "kind", "status"]),
            # the staff lists filter by status and due date; the trailing key columns let the page's COUNT
            # (and the scope's created_by test) run as an index-only scan. Key columns, not INCLUDE: SQLite
            # has no covering columns (Django warns, models.W040) and a key column serves the scan as well.
            models.Index(fields=["status", "due_date", "created_by", "id"], name="proposal_status_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        created = self._state.adding  # a new item has no assignments yet
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if not created and (fields is None or {"status", "due_date"} & set(fields)):
            # the unit lists' copies (Assignment.proposal_status / proposal_due_date): one UPDATE of 1–3 rows
            Assignment.objects.filter(proposal_id=self.pk).update(
                proposal_status=self.status, proposal_due_date=self.due_date
            )


def _of_item(related_name: str) -> Any:
    """The item a record of its handling belongs to (kept with it: PROTECT)."""
    return models.ForeignKey(
        Proposal, verbose_name=_("议案建议"), on_delete=models.PROTECT, related_name=related_name
    )


def _unit_ref(related_name: str = "+") -> Any:
    """The handling unit a record is by or for (kept with it: PROTECT)."""
    return models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name=related_name
    )


class Cosigner(models.Model):
    """附议 / 联名: a co-signer confirms on their own account."""

    proposal = _of_item("cosigners")
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="cosigned"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CosignStatus.choices, default=CosignStatus.INVITED
    )
    responded_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    consents_to_withdraw = models.BooleanField(_("同意撤回"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("附议代表")
        constraints = [models.UniqueConstraint(fields=["proposal", "deputy"], name="cosigner_once")]

    def __str__(self) -> str:
        return f"{self.deputy}"


class Attachment(TimeStampedModel):
    proposal = _of_item("attachments")
    file = models.FileField(_("文件"), upload_to="proposals/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = user_ref(_("上传人"))

    class Meta:
        verbose_name = verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class Assignment(TimeStampedModel):
    """A handling unit's part in an item: lead (主办), co-handler (会办/协办) or split lead (分办)."""

    proposal = _of_item("assignments")
    unit = _unit_ref("assignments")
    role = models.CharField(_("承办方式"), max_length=8, choices=AssignmentRole.choices)
    assigned_on = models.DateField(_("交办日期"))
    is_active = models.BooleanField(_("有效"), default=True)  # False once returned and reassigned
    co_opinion_due = models.DateField(_("会办意见期限"), null=True, blank=True)
    # Copies of the item's status and due date, kept by Proposal.save() (and sync_assignment_copies after
    # bulk writes): "this unit's overdue items" is then one index range instead of intersecting the unit's
    # 30 000 assignments with the 17 000 overdue items. The item's own columns stay the truth; lists filter
    # on both.
    proposal_status = models.CharField(_("事项状态（副本）"), max_length=16, blank=True, default="")
    proposal_due_date = models.DateField(_("答复期限（副本）"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["proposal_status", "proposal_due_date"])

    class Meta:
        verbose_name = verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(role="lead", is_active=True),
                name="one_active_lead_unit",
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit"], condition=models.Q(is_active=True), name="unit_once_per_proposal"
            ),
        ]
        indexes = [
            # "items of this unit" (in this state, due before …): the list filter's subquery, index-only
            # (the item as the last key column, not INCLUDE: SQLite has none, models.W040)
            models.Index(
                fields=["unit", "proposal_status", "proposal_due_date", "proposal"],
                condition=models.Q(is_active=True),
                name="assignment_unit_work",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.proposal_id and not self.proposal_status:
            self.proposal_status, self.proposal_due_date = self.proposal.status, self.proposal.due_date
        super().save(*args, **kwargs)


def sync_assignment_copies(assignments=None) -> int:
    """Set the assignments' copies of their item's status and due date (after writes that bypass save():
    bulk_create, queryset update, COPY). Returns the rows updated."""
    item = Proposal.objects.filter(pk=models.OuterRef("proposal_id"))
    qs = Assignment.objects.all() if assignments is None else assignments
    return qs.update(
        proposal_status=models.Subquery(item.values("status")[:1]),
        proposal_due_date=models.Subquery(item.values("due_date")[:1]),
    )


class ReturnRequest(DecisionRequest):
    """A unit asks to give back an item it should not have received (within 7 working days). Who asked,
    who decided and when: core's DecisionRequest."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="return_requests"
    )
    reason = models.TextField(_("理由"))
    suggested_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("建议承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )

    class Meta:
        verbose_name = verbose_name_plural = _("退回申请")

    def __str__(self) -> str:
        return f"{self.assignment}"


class ExtensionRequest(DecisionRequest):
    """延期: by staff approval, up to 3 more months in all; the deputy is told. Who asked, who decided and
    when: core's DecisionRequest."""

    proposal = _of_item("extension_requests")
    unit = _unit_ref("+")
    months = models.PositiveSmallIntegerField(_("延期（月）"))
    reason = models.TextField(_("理由"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )

    class Meta:
        verbose_name = verbose_name_plural = _("延期申请")

    def __str__(self) -> str:
        return f"{self.proposal}（{self.months}）"


class CoHandlerOpinion(TimeStampedModel):
    """A co-handler's written opinion to the lead unit (due within 1 month)."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="opinions"
    )
    text = models.TextField(_("会办意见"))
    author = user_ref(_("填写人"))

    class Meta:
        verbose_name = verbose_name_plural = _("会办意见")

    def __str__(self) -> str:
        return f"{self.assignment}"


class Consultation(TimeStampedModel):
    """沟通/面商 with the deputy before replying (代表法 第51条): how, when, who."""

    proposal = _of_item("consultations")
    unit = _unit_ref("+")
    method = models.CharField(_("方式"), max_length=16, choices=ConsultationMethod.choices)
    held_on = models.DateField(_("日期"))
    participants = models.CharField(_("参加人员"), max_length=300)
    notes = models.TextField(_("沟通情况"), blank=True)
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("沟通记录")
        ordering = ["proposal", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.proposal}：{self.held_on}"


class Reply(TimeStampedModel):
    """A unit's reply: drafted by the handler, signed off (签发) by the unit's leader, then sent."""

    proposal = _of_item("replies")
    unit = _unit_ref("+")
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)  # 2, 3 … after re-handling
    text = models.TextField(_("答复内容"))
    category = models.CharField(_("办理结果分类"), max_length=4)
    promised_date = models.DateField(_("承诺解决时限"), null=True, blank=True)
    explanation = models.TextField(_("说明"), blank=True)
    letter = models.FileField(_("答复函"), upload_to="replies/%Y/%m/", blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT)
    drafted_by = user_ref(_("拟稿人"))
    signed_by = user_ref(_("签发人"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    send_back_reason = models.TextField(_("退回修改理由"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("答复")
        ordering = ["proposal", "round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit", "round"], name="reply_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.proposal}（{self.round}）"


class Rating(TimeStampedModel):
    """满意度测评: attitude and result rated separately; 不满意 needs a reason and reopens the item."""

    proposal = _of_item("ratings")
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    attitude = models.CharField(_("办理态度"), max_length=16, choices=Satisfaction.choices)
    result = models.CharField(_("办理结果"), max_length=16, choices=Satisfaction.choices)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("满意度测评")
        ordering = ["proposal", "round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "deputy", "round"], name="rating_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.proposal}：{self.get_result_display()}"


class FollowUpReport(TimeStampedModel):
    """跟踪: a promised (B/C) item's progress until reported done."""

    proposal = _of_item("follow_ups")
    unit = _unit_ref("+")
    text = models.TextField(_("进展情况"))
    done = models.BooleanField(_("已完成"), default=False)
    reported_by = user_ref(_("报告人"))

    class Meta:
        verbose_name = verbose_name_plural = _("跟踪办理报告")

    def __str__(self) -> str:
        return f"{self.proposal}"
