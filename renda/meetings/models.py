"""Sessions (次会议) of the congress and meetings of its standing committee: agenda, roll, check-in, leave.

Attendance and leave approvals are records with legal effect (代表法: two unapproved absences from sessions
end a mandate), so they are never deleted and every change is audited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import DecisionRequest, TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.meetings.choices import (
    AgendaKind,
    AttendanceStatus,
    CheckInMethod,
    LeaveStatus,
    SessionKind,
    SessionStatus,
)
from renda.organization.models import Delegation, Term


class Session(TimeStampedModel):
    """第N次会议 of the congress, or a standing-committee meeting (常委会第N次会议)."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(
        _("类别"), max_length=24, choices=SessionKind.choices, default=SessionKind.CONGRESS
    )
    number = models.PositiveSmallIntegerField(_("次"))
    title = models.CharField(_("名称"), max_length=200)
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"), null=True, blank=True)
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED, db_index=True
    )
    # The number of members entitled to attend, fixed when the roll is drawn up (the quorum's denominator).
    roll_size = models.PositiveIntegerField(_("应到人数"), default=0)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("会议")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="session_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(TimeStampedModel):
    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类别"), max_length=16, choices=AgendaKind.choices)
    title = models.CharField(_("议题"), max_length=300)
    description = models.TextField(_("说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("议程")
        ordering = ["session", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "order"], name="agenda_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class AgendaDocument(TimeStampedModel):
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to="meetings/%Y/%m/")
    uploaded_by = user_ref(_("上传人"))

    class Meta:
        verbose_name = verbose_name_plural = _("会议文件")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.title


class DeliberationNote(TimeStampedModel):
    """A delegation's deliberation of an agenda item (代表团审议意见)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="deliberation_notes"
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("代表团"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("审议意见"))
    author = user_ref(_("记录人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("审议意见")
        ordering = ["item", "delegation__order", "id"]

    def __str__(self) -> str:
        return f"{self.delegation}：{self.item}"


class Attendance(models.Model):
    """One line of the roll: a deputy (or standing-committee member) entitled to attend; present or not."""

    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="roll"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("出席情况"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED
    )
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    method = models.CharField(_("签到方式"), max_length=8, choices=CheckInMethod.choices, blank=True)
    checked_in_by = user_ref(_("签到操作人"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("出席")
        ordering = ["session", "deputy__delegation__order", "deputy__card_number"]
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="attendance_once")]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.deputy}（{self.get_status_display()}）"


class LeaveRequest(DecisionRequest):
    """请假: asked by the deputy (or staff for them), approved or refused by staff (a DecisionRequest)."""

    PENDING = LeaveStatus.REQUESTED
    APPROVED = LeaveStatus.APPROVED
    REJECTED = LeaveStatus.REJECTED

    attendance = models.ForeignKey(
        Attendance, verbose_name=_("出席"), on_delete=models.PROTECT, related_name="leave_requests"
    )
    reason = models.TextField(_("请假事由"))
    status = models.CharField(
        _("状态"), max_length=16, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED
    )
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("请假")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.attendance.deputy}：{self.reason[:20]}"
