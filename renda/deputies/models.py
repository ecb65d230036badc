"""Deputies (代表) and their memberships (MISSION §1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.fields import BlindIndexField, EncryptedTextField
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.choices import (
    COUNCIL_POSITIONS,
    CommitteePosition,
    DeputyStatus,
    Gender,
    Occupation,
    Party,
    TerminationReason,
)
from renda.organization.models import Committee, Delegation, LiaisonStation, StandingCommittee, Term


class Deputy(TimeStampedModel):
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="deputies")
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("代表团"), on_delete=models.PROTECT, related_name="deputies"
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=16)
    birth_date = models.DateField(_("出生日期"))
    # Encrypted at rest (SM4); found by its blind index (renda.core.crypto, docs/security.md).
    id_number = EncryptedTextField(_("公民身份号码"), max_length=18)
    id_number_index = BlindIndexField(_("公民身份号码索引"), source="id_number", db_index=True)
    party = models.CharField(_("党派"), max_length=16, choices=Party.choices)
    occupation = models.CharField(_("职业构成"), max_length=16, choices=Occupation.choices)
    workplace = models.CharField(_("工作单位及职务"), max_length=200)
    congress_levels = models.JSONField(_("代表层级"), default=list, blank=True)
    card_number = models.CharField(_("代表证号"), max_length=32)
    phone = EncryptedTextField(_("手机号"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=DeputyStatus.choices, default=DeputyStatus.ACTIVE, db_index=True
    )
    status_date = models.DateField(_("状态变更日期"), null=True, blank=True)
    status_reason = models.CharField(
        _("状态变更原因"), max_length=16, choices=TerminationReason.choices, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputy",
    )
    stations = models.ManyToManyField(
        LiaisonStation, verbose_name=_("联络站"), blank=True, related_name="deputies"
    )
    history = HistoricalRecords(m2m_fields=[stations])

    objects = RestrictedManager()

    # The person's own particulars: what the roster import writes and staff edit on the detail page, beside
    # the delegation, the card number and the phone (each side names those it handles).
    PARTICULARS = (
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "id_number",
        "party",
        "occupation",
        "workplace",
        "congress_levels",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("代表")
        ordering = ["delegation__order", "delegation_id", "card_number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "card_number"], name="deputy_unique_card"),
            models.UniqueConstraint(fields=["term", "id_number_index"], name="deputy_unique_id_number"),
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(status_date__isnull=False),
                name="deputy_status_dated",
            ),
        ]
        indexes = [models.Index(fields=["term", "status", "delegation"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == DeputyStatus.ACTIVE


class DeputyStatusChange(models.Model):
    """A change of a deputy's status: a record with legal effect, kept for ever."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(_("原状态"), max_length=16, choices=DeputyStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=DeputyStatus.choices)
    effective_date = models.DateField(_("生效日期"))
    reason = models.CharField(_("原因"), max_length=16, choices=TerminationReason.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = user_ref(_("登记人"), null=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("代表状态变更")
        ordering = ["deputy", "effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.deputy} {self.from_status}→{self.to_status} {self.effective_date}"


class StandingCommitteeMember(TimeStampedModel):
    """常委会组成人员. Chair, vice-chairs and the secretary-general form the council of chairpersons."""

    standing_committee = models.ForeignKey(
        StandingCommittee, verbose_name=_("常委会"), on_delete=models.PROTECT, related_name="members"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="sc_memberships"
    )
    position = models.CharField(_("职务"), max_length=20, choices=CommitteePosition.choices)
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("常委会组成人员")
        constraints = [
            models.UniqueConstraint(
                fields=["standing_committee", "deputy"],
                condition=models.Q(end_date__isnull=True),
                name="sc_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy}（{self.get_position_display()}）"

    @property
    def on_council(self) -> bool:
        return self.position in COUNCIL_POSITIONS


class CommitteeMember(TimeStampedModel):
    """Member of a special committee (主任委员 / 副主任委员 / 委员)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="members"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="committee_memberships"
    )
    position = models.CharField(_("职务"), max_length=20, choices=CommitteePosition.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("专门委员会组成人员")
        constraints = [models.UniqueConstraint(fields=["committee", "deputy"], name="committee_member_once")]

    def __str__(self) -> str:
        return f"{self.deputy}（{self.committee}）"
