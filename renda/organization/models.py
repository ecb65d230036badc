"""The congress and the bodies around it (MISSION §1)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import TimeStampedModel
from renda.core.numerals import ordinal
from renda.core.spine import RestrictedManager
from renda.organization.choices import CommitteeKind, CongressLevel, UnitKind


class Congress(TimeStampedModel):
    """人民代表大会: one per installation by default (a city's), but the model allows several."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(
        _("层级"), max_length=16, choices=CongressLevel.choices, default=CongressLevel.CITY
    )
    region = models.CharField(_("行政区域"), max_length=100)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("人民代表大会")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Term(TimeStampedModel):
    """届: a congress's five-year term."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    is_current = models.BooleanField(_("本届"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("届")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.UniqueConstraint(
                fields=["congress"], condition=models.Q(is_current=True), name="term_one_current"
            ),
        ]

    def __str__(self) -> str:
        return _("%(congress)s第%(number)s届") % {"congress": self.congress.name, "number": self.number_label}

    @property
    def number_label(self) -> str:
        """The term's number as the current language writes it: 十六 in Chinese, 16 in English."""
        return ordinal(self.number, language=get_language())


class StandingCommittee(TimeStampedModel):
    """常委会 of one term. Its members and the council of chairpersons are deputies (see deputies app)."""

    term = models.OneToOneField(
        Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="standing_committee"
    )
    name = models.CharField(_("名称"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("常务委员会")

    def __str__(self) -> str:
        return self.name


class Committee(TimeStampedModel):
    """专门委员会 or 工作机构 of the standing committee."""

    standing_committee = models.ForeignKey(
        StandingCommittee, verbose_name=_("常委会"), on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=CommitteeKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    # Set by selectors.organization_overview: the members (deputies' memberships) in rank order.
    sorted_members: list[Any]

    class Meta:
        verbose_name = verbose_name_plural = _("委员会与工作机构")
        ordering = ["standing_committee", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standing_committee", "name"], name="committee_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Delegation(TimeStampedModel):
    """代表团: the deputies of one constituency (a district or county) within a term."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="delegations")
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("代码"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("代表团")
        ordering = ["term", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(TimeStampedModel):
    """承办单位: a government department, the supervisory commission, a court, a procuratorate … (a tree)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(_("单位代码"), max_length=32, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=UnitKind.choices, default=UnitKind.GOVERNMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        verbose_name = verbose_name_plural = _("承办单位")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class LiaisonStation(TimeStampedModel):
    """代表联络站 (代表之家 / 联络站 / 联络点). Its deputies are linked from the deputies app."""

    class Kind(models.TextChoices):
        HOME = "home", _("代表之家")
        STATION = "station", _("代表联络站")
        POINT = "point", _("代表联络点")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.STATION)
    address = models.CharField(_("地址"), max_length=200)
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("站长"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kept_stations",
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    reception_days = models.CharField(
        _("接待日"), max_length=100, blank=True, help_text=_("例如：每月9日、19日")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("代表联络站")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
