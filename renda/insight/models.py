"""Insight's own records: routing models, the similar-items index table, hot-topic snapshots."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renda.core.models import user_ref


class RoutingKind(models.TextChoices):
    CATEGORY = "category", _("类别")
    UNIT = "unit", _("承办单位")


class RoutingModel(models.Model):
    """One trained routing model. Versions count up per kind; exactly one per kind is active."""

    kind = models.CharField(_("类型"), max_length=16, choices=RoutingKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    trained_at = models.DateTimeField(_("训练时间"), auto_now_add=True)
    trained_by = user_ref(_("训练人"), null=True, blank=True)
    figures = models.JSONField(_("指标"), default=dict, blank=True)
    pipeline = models.BinaryField(_("模型"))
    is_active = models.BooleanField(_("启用"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("分办模型")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="insight_routing_kind_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(is_active=True), name="insight_routing_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class TextIndexEntry(models.Model):
    """One indexed text of another app (a suggestion, an opinion …), as the similar-items index needs it."""

    source = models.CharField(_("来源"), max_length=32)
    object_id = models.CharField(_("对象编号"), max_length=64)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    text_hash = models.CharField(_("文本摘要"), max_length=40, db_index=True)
    vector = models.BinaryField(_("词项向量"))
    signature = models.BinaryField(_("MinHash 签名"))
    removed = models.BooleanField(_("已移除"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("相似检索索引")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="insight_index_source_object"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"


class TopicSnapshot(models.Model):
    """The hot topics computed at one time from one set of texts (the dashboard shows the latest)."""

    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True, db_index=True)
    computed_by = user_ref(_("计算人"), null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=255, blank=True)
    item_count = models.PositiveIntegerField(_("文本数"), default=0)
    topics = models.JSONField(_("热点"), default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("热点快照")
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        # the local time the page shows (not UTC), and what the number counts: it is read in the audit trail
        when = timezone.localtime(self.computed_at) if self.computed_at else None
        return gettext("%(when)s（%(n)s 件）") % {
            "when": f"{when:%Y-%m-%d %H:%M}" if when else "",
            "n": self.item_count,
        }
