"""Decisions on major matters (讨论决定重大事项, MISSION.md §7, issue 17): the catalogue of matters that must
go to the standing committee (a setting), the matters submitted, their review at a meeting (an agenda item,
renda.meetings) and vote (renda.voting), the resolution or decision, and its follow-up report.

The follow-up's due date follows from the decision's date and its period (renda.decisions.rules), computed
on the holiday calendar, never stored.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.decisions import rules
from renda.decisions.workflow import State
from renda.meetings.models import AgendaItem
from renda.voting.models import Poll


class CatalogueEntry(TimeStampedModel):
    """A kind of matter the people's government must put to the standing committee (the local rule's list)."""

    title = models.CharField(_("事项"), max_length=200)
    basis = models.CharField(_("依据"), max_length=200)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("重大事项目录")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Submitter(models.TextChoices):
    GOVERNMENT = rules.Submitter.GOVERNMENT.value, _("市人民政府")
    SUPERVISORY = rules.Submitter.SUPERVISORY.value, _("市监察委员会")
    COURT = rules.Submitter.COURT.value, _("市中级人民法院")
    PROCURATORATE = rules.Submitter.PROCURATORATE.value, _("市人民检察院")
    COUNCIL = rules.Submitter.COUNCIL.value, _("主任会议")
    COMMITTEE = rules.Submitter.COMMITTEE.value, _("专门委员会")
    MEMBERS = rules.Submitter.MEMBERS.value, _("常委会组成人员联名")


class DecisionKind(models.TextChoices):
    RESOLUTION = "resolution", _("决议")
    DECISION = "decision", _("决定")


class MatterStatus(models.TextChoices):
    SUBMITTED = State.SUBMITTED.value, _("已提请")
    RETURNED = State.RETURNED.value, _("已退回")
    SCHEDULED = State.SCHEDULED.value, _("已列入会议议程")
    VOTING = State.VOTING.value, _("表决中")
    ADOPTED = State.ADOPTED.value, _("已通过")
    REJECTED = State.REJECTED.value, _("未通过")
    PUBLISHED = State.PUBLISHED.value, _("已公布")
    REPORTED = State.REPORTED.value, _("已报告执行情况")
    CLOSED = State.CLOSED.value, _("已办结")


class Matter(TimeStampedModel):
    """A major matter put to the standing committee, its draft and adopted decision, and the follow-up."""

    title = models.CharField(_("事项名称"), max_length=200)
    catalogue = models.ForeignKey(
        CatalogueEntry,
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    submitter = models.CharField(_("提请机关"), max_length=16, choices=Submitter.choices)
    signers = models.PositiveSmallIntegerField(_("联名人数"), null=True, blank=True)
    report = models.TextField(_("提请报告"))
    submitted_on = models.DateField(_("提请日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=MatterStatus.choices, default=MatterStatus.SUBMITTED, db_index=True
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    # the draft decision, then the adopted one
    kind = models.CharField(_("文件类别"), max_length=16, choices=DecisionKind.choices)
    decision_title = models.CharField(_("决议决定标题"), max_length=200, blank=True)
    decision_text = models.TextField(_("决议决定文本"), blank=True)
    followup_months = models.PositiveSmallIntegerField(
        _("执行情况报告期限（月）"), default=rules.DEFAULT_FOLLOWUP_MONTHS
    )
    # the meeting and the vote
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("会议议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("表决日期"), null=True, blank=True)
    votes_yes = models.PositiveSmallIntegerField(_("赞成"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("常委会组成人员总数"), null=True, blank=True)
    # after the vote
    number = models.CharField(_("文号"), max_length=50, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    followup_report = models.TextField(_("执行情况报告"), blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_by = user_ref(_("登记人"), null=True, blank=True)

    objects = RestrictedManager()  # renda.decisions.permissions.MatterPolicy

    class Meta:
        verbose_name = verbose_name_plural = _("重大事项")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["adopted", "published", "reported", "closed"])
                | models.Q(votes_yes__isnull=False, decided_on__isnull=False),
                name="matter_adopted_has_vote",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "reported", "closed"])
                | models.Q(published_on__isnull=False),
                name="matter_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title
