"""Base models, the audit Event, and import jobs shared by every app.

A Chinese noun has no plural: each model names itself once, `verbose_name = verbose_name_plural = _("…")`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def user_ref(verbose_name: StrOrPromise, *, null: bool = False, blank: bool = False) -> Any:
    """The user who did something to a record (uploaded, recorded, decided, signed …).

    Every such link protects the user row (records are kept, users are deactivated, never deleted) and has no
    reverse accessor on the user. ``null=True`` where the step has not happened yet or the system did it.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=blank,
        on_delete=models.PROTECT,
        related_name="+",
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Event(models.Model):
    """One line of the audit trail: who did what to which object, when, with what change or comment.

    Events are appended by services only (`renda.core.services.event_record`) and never changed.
    """

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = user_ref(_("操作人"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    comment = models.TextField(_("说明"), blank=True)
    # The tamper-evident chain (renda.core.auditchain): set once, right after the Event's transaction commits.
    seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True)
    digest = models.CharField(_("内容摘要（SM3）"), max_length=64, blank=True)
    chain = models.CharField(_("链摘要（SM3）"), max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("操作记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class AuditChain(models.Model):
    """The head of the audit trail's hash chain (one row) and the last verification's outcome."""

    last_seq = models.BigIntegerField(_("最后链序号"), default=0)
    last_chain = models.CharField(_("最后链摘要"), max_length=64, blank=True)
    verified_at = models.DateTimeField(_("最近校验时间"), null=True, blank=True)
    verified_ok = models.BooleanField(_("最近校验结果"), null=True, blank=True)
    verified_count = models.BigIntegerField(_("已校验条数"), default=0)
    broken_seq = models.BigIntegerField(_("首个断点链序号"), null=True, blank=True)
    broken_reason = models.CharField(_("断点原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("审计链")

    def __str__(self) -> str:
        return f"#{self.last_seq}"


class EventAttachment(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="events/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=255)

    class Meta:
        verbose_name = verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class ImportJob(TimeStampedModel):
    """An uploaded spreadsheet being validated and imported (rosters of deputies, units …)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        VALIDATING = "validating", _("校验中")
        WRITING = "writing", _("写入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("有错误，未导入")

    kind = models.CharField(_("类型"), max_length=32)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=255)
    created_by = user_ref(_("上传人"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    background = models.BooleanField(_("后台处理"), default=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.FAILED):
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class CalendarDay(models.Model):
    """A day of the official holiday calendar entered by staff: a public holiday or a make-up working day.

    Used for years the chinese-calendar package does not know yet (renda.core.workdays); when staff have
    entered a whole year, they mark it complete with a CalendarYear row.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=50, blank=True, help_text=_("例如：春节、国庆节调休上班"))

    class Meta:
        verbose_name = verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'} {self.note}"


class CalendarYear(models.Model):
    """A year whose holidays and make-up days staff have entered completely (no Monday–Friday warning)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    entered_by = user_ref(_("录入人"), null=True)
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("已录入节假日的年份")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class Notification(models.Model):
    """An in-app notice to one user (a unit gets an item, a deadline nears, a reply arrives …)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class DecisionRequest(TimeStampedModel):
    """The shape every request → decision record shares (a unit's return or extension request, a deputy's
    leave …): who asked, who decided and when. Each subclass declares its own ``status`` field (with its
    pending/approved/refused choices) and what is asked; services decide it through
    ``renda.core.services.decision_record``.
    """

    requested_by = user_ref(_("申请人"))
    decided_by = user_ref(_("审批人"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    # The subclass's status values (its TextChoices members).
    PENDING: str = "pending"
    APPROVED: str = "approved"
    REJECTED: str = "rejected"

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return getattr(self, "status", None) == self.PENDING
