"""Local legislation (MISSION.md §7, issue 17): the legislative plan, draft regulations with their versions
and readings, public comment with answers, the vote and the approval, publication and filing that follow.

Dates of legal weight are stored; the due dates that follow from them (comment closes, approval due, filing
due) are computed by renda.legislation.rules on the holiday calendar, never stored.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.fields import EncryptedTextField
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.legislation.workflow import State
from renda.meetings.models import AgendaItem
from renda.organization.models import LiaisonStation


class PlanKind(models.TextChoices):
    REVIEW = "review", _("审议项目")
    PREPARATORY = "preparatory", _("预备项目")
    RESEARCH = "research", _("调研项目")


class Field(models.TextChoices):
    """立法法（2023）第八十一条: what a city with districts may legislate on."""

    URBAN = "urban", _("城乡建设与管理")
    ECOLOGY = "ecology", _("生态文明建设")
    HERITAGE = "heritage", _("历史文化保护")
    GRASSROOTS = "grassroots", _("基层治理")


class PlanItem(TimeStampedModel):
    """An item of the year's legislative plan (年度立法计划): its kind, drafting body and lead committee."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("项目类别"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("项目名称"), max_length=200)
    field = models.CharField(_("立法事项"), max_length=16, choices=Field.choices)
    drafting_body = models.CharField(_("起草单位"), max_length=100)
    lead_committee = models.CharField(_("牵头委员会"), max_length=100)
    planned_readings = models.CharField(_("计划提请审议时间"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("立法计划项目")
        ordering = ["-year", "kind", "order", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class DraftStatus(models.TextChoices):
    DRAFTING = State.DRAFTING.value, _("起草中")
    READING = State.READING.value, _("审议中")
    PASSED = State.PASSED.value, _("已表决通过")
    REJECTED = State.REJECTED.value, _("表决未通过")
    SUBMITTED = State.SUBMITTED.value, _("报请批准中")
    APPROVED = State.APPROVED.value, _("已批准")
    PUBLISHED = State.PUBLISHED.value, _("已公布")
    FILED = State.FILED.value, _("已备案")


class Draft(TimeStampedModel):
    """A draft regulation (法规草案) from its first text to filing."""

    title = models.CharField(_("法规名称"), max_length=200)
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("立法计划项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    field = models.CharField(_("立法事项"), max_length=16, choices=Field.choices)
    drafting_body = models.CharField(_("起草单位"), max_length=100)
    lead_committee = models.CharField(_("牵头委员会"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFTING, db_index=True
    )
    # the vote (rules.vote_result: more than half of all members)
    voted_on = models.DateField(_("表决日期"), null=True, blank=True)
    votes_yes = models.PositiveSmallIntegerField(_("赞成"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("常委会组成人员总数"), null=True, blank=True)
    # after the vote
    submitted_on = models.DateField(_("报请批准日期"), null=True, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    announcement_no = models.CharField(_("公告号"), max_length=50, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    created_by = user_ref(_("登记人"), null=True, blank=True)

    objects = RestrictedManager()  # renda.legislation.permissions.DraftPolicy

    class Meta:
        verbose_name = verbose_name_plural = _("法规草案")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["passed", "submitted", "approved", "published", "filed"])
                | models.Q(votes_yes__isnull=False),
                name="draft_passed_has_vote",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "filed"]) | models.Q(published_on__isnull=False),
                name="draft_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExplanationKind(models.TextChoices):
    DRAFTING = "drafting", _("起草说明")
    REVISION = "revision", _("修改情况的汇报")
    RESULT = "result", _("审议结果的报告")


class Version(TimeStampedModel):
    """One text of a draft (草案, 草案修改稿, 草案表决稿 …), numbered 1, 2, 3 …, with the explanation that
    presents it; the public comment period on it, if any."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("法规草案"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    label = models.CharField(_("稿别"), max_length=50)
    text = models.TextField(_("条文"))
    explanation_kind = models.CharField(
        _("说明类别"), max_length=16, choices=ExplanationKind.choices, blank=True
    )
    explanation = models.TextField(_("说明"), blank=True)
    comment_opens_on = models.DateField(_("征求意见开始日期"), null=True, blank=True)
    comment_closes_on = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    answers_published_on = models.DateField(_("意见采纳情况公布日期"), null=True, blank=True)
    created_by = user_ref(_("登记人"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("草案文本")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="version_unique_number"),
            models.CheckConstraint(
                condition=models.Q(comment_opens_on__isnull=True)
                | models.Q(comment_closes_on__gt=models.F("comment_opens_on")),
                name="version_comment_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft.title}（{self.label}）"


class Reading(TimeStampedModel):
    """A reading (审议) of a version at a standing-committee meeting (the meeting's agenda item)."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("法规草案"), on_delete=models.PROTECT, related_name="readings"
    )
    number = models.PositiveSmallIntegerField(_("审次"))
    version = models.ForeignKey(
        Version, verbose_name=_("审议文本"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("审议日期"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("会议议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("审议情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("审议")
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="reading_unique_number")]

    def __str__(self) -> str:
        return f"{self.draft.title} {self.number}"


class Channel(models.TextChoices):
    ONLINE = "online", _("网上征求意见")
    CONTACT_POINT = "contact_point", _("基层立法联系点")
    MEMBER = "member", _("常委会组成人员审议意见")


class Answer(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class Comment(TimeStampedModel):
    """An opinion on a version: on one article or on the whole draft; its answer (采纳 / 部分采纳 / 未采纳
    with the reason). The public follows it by its tracking code."""

    version = models.ForeignKey(
        Version, verbose_name=_("草案文本"), on_delete=models.PROTECT, related_name="comments"
    )
    article = models.PositiveSmallIntegerField(_("条"), null=True, blank=True)  # None: the whole draft
    code = models.CharField(_("查询码"), max_length=16, unique=True)
    channel = models.CharField(_("来源"), max_length=16, choices=Channel.choices)
    contact_point = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("基层立法联系点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = EncryptedTextField(_("提出人"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"), max_length=30, blank=True)
    text = models.TextField(_("意见"))
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("重复意见"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("采纳情况"), max_length=16, choices=Answer.choices, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    recorded_by = user_ref(_("登记人"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("立法意见")
        ordering = ["version", "article", "id"]
        indexes = [models.Index(fields=["version", "article"], name="comment_version_article")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="") | ~models.Q(reason="") | models.Q(answer="adopted"),
                name="comment_answer_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.code
