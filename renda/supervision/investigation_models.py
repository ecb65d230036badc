"""Investigations of a specific question (特定问题调查, 监督法 第七章) and removal motions (撤职案): the
proposal or motion, its members' signatures (one fifth or more of the standing committee's members), the
standing committee's decision; the committee of investigation (its members and experts, the members who
declared an interest, its hearings and evidence), its report and the resolution on it. Imported by
renda.supervision.models (the app's models module)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.appointments.models import Case, Person
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.meetings.models import AgendaItem, Session
from renda.organization.models import Term
from renda.supervision import rules
from renda.supervision.fields import optional_link
from renda.supervision.workflow import InvState, RemState
from renda.voting.models import Poll


class Motion(TimeStampedModel):
    """What an investigation proposal and a removal motion share: who moved it (the council, or a member
    leading the signatures), the signing, the meeting it is put on, and the standing committee's vote
    (more than half of ALL members, rules.committee_decides)."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("案由"), max_length=200)
    reasons = models.TextField(_("理由"))
    by_council = models.BooleanField(_("主任会议提出"), default=False)
    lead = optional_link(Deputy, _("领衔人"))
    sign_deadline = models.DateTimeField(_("联名截止时间"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("组成人员总数"), default=0)
    signers_needed = models.PositiveSmallIntegerField(_("法定联名人数"), default=0)
    filed_at = models.DateTimeField(_("提出时间"), null=True, blank=True)
    meeting = optional_link(Session, _("审议会议"))
    agenda_item = optional_link(AgendaItem, _("议程"))
    poll = optional_link(Poll, _("电子表决"))
    vote_members = models.PositiveSmallIntegerField(_("组成人员总数（表决）"), null=True, blank=True)
    vote_yes = models.PositiveSmallIntegerField(_("赞成"), null=True, blank=True)
    vote_no = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True)
    vote_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True)
    decided_on = models.DateField(_("表决日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        abstract = True
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class InvestigationStatus(models.TextChoices):
    DRAFT = InvState.DRAFT.value, _("草稿")
    SIGNING = InvState.SIGNING.value, _("征集联名")
    PROPOSED = InvState.PROPOSED.value, _("已提出")
    LAPSED = InvState.LAPSED.value, _("联名不足，未提出")
    WITHDRAWN = InvState.WITHDRAWN.value, _("已撤回")
    SCHEDULED = InvState.SCHEDULED.value, _("已列入会议议程")
    ESTABLISHED = InvState.ESTABLISHED.value, _("决定组织调查委员会")
    NOT_ESTABLISHED = InvState.NOT_ESTABLISHED.value, _("未通过")
    INVESTIGATING = InvState.INVESTIGATING.value, _("调查中")
    REPORTED = InvState.REPORTED.value, _("已提出调查报告")
    REPORT_SCHEDULED = InvState.REPORT_SCHEDULED.value, _("调查报告已列入会议议程")
    RESOLVED = InvState.RESOLVED.value, _("已作出决议")
    PUBLISHED = InvState.PUBLISHED.value, _("已公开")


class Investigation(Motion):
    """特定问题调查: the question, and once established the committee's work, its report and the standing
    committee's resolution on it (监督法 第五十五至五十九条)."""

    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.DRAFT,
        db_index=True,
    )
    established_on = models.DateField(_("组织调查委员会日期"), null=True, blank=True)
    report_text = models.TextField(_("调查报告"), blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    report_meeting = optional_link(Session, _("审议调查报告的会议"))
    report_agenda_item = optional_link(AgendaItem, _("议程"))
    resolution_text = models.TextField(_("决议"), blank=True)
    res_poll = optional_link(Poll, _("决议电子表决"))
    res_members = models.PositiveSmallIntegerField(_("组成人员总数（决议）"), null=True, blank=True)
    res_yes = models.PositiveSmallIntegerField(_("赞成（决议）"), null=True, blank=True)
    res_no = models.PositiveSmallIntegerField(_("反对（决议）"), null=True, blank=True)
    res_abstain = models.PositiveSmallIntegerField(_("弃权（决议）"), null=True, blank=True)
    resolution_passed = models.BooleanField(_("决议通过"), null=True, blank=True)
    resolved_on = models.DateField(_("决议日期"), null=True, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)

    class Meta(Motion.Meta):
        verbose_name = verbose_name_plural = _("特定问题调查")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=InvState.PROPOSED.value) | models.Q(filed_at__isnull=False),
                name="supervision_investigation_proposed_has_time",
            ),
        ]


class RemovalStatus(models.TextChoices):
    DRAFT = RemState.DRAFT.value, _("草稿")
    SIGNING = RemState.SIGNING.value, _("征集联名")
    FILED = RemState.FILED.value, _("已提出")
    LAPSED = RemState.LAPSED.value, _("联名不足，未提出")
    WITHDRAWN = RemState.WITHDRAWN.value, _("已撤回")
    SCHEDULED = RemState.SCHEDULED.value, _("已列入会议议程")
    REMOVED = RemState.REMOVED.value, _("表决通过，撤销职务")
    NOT_REMOVED = RemState.NOT_REMOVED.value, _("未通过")


class RemovalMotion(Motion):
    """撤职案 naming an office holder from the register (renda.appointments: the appointment that opened
    the tenure); the removal list it goes through once scheduled."""

    status = models.CharField(
        _("状态"), max_length=16, choices=RemovalStatus.choices, default=RemovalStatus.DRAFT, db_index=True
    )
    holder = models.ForeignKey(
        Person, verbose_name=_("被提请撤职人员"), on_delete=models.PROTECT, related_name="+"
    )
    holder_name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=200)
    case = optional_link(Case, _("任免案"))

    class Meta(Motion.Meta):
        verbose_name = verbose_name_plural = _("撤职案")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=RemState.FILED.value) | models.Q(filed_at__isnull=False),
                name="supervision_removal_filed_has_time",
            ),
        ]


class MotionSignature(TimeStampedModel):
    """A member's signature on an investigation proposal or a removal motion (exactly one of the two), on
    their own account before the deadline; once per member."""

    investigation = models.ForeignKey(
        Investigation,
        verbose_name=_("特定问题调查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    removal = models.ForeignKey(
        RemovalMotion,
        verbose_name=_("撤职案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("组成人员"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("联名时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("联名")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investigation__isnull=True, removal__isnull=False)
                | models.Q(investigation__isnull=False, removal__isnull=True),
                name="supervision_signature_one_motion",
            ),
            models.UniqueConstraint(
                fields=["investigation", "deputy"],
                condition=models.Q(investigation__isnull=False),
                name="supervision_investigation_signs_once",
            ),
            models.UniqueConstraint(
                fields=["removal", "deputy"],
                condition=models.Q(removal__isnull=False),
                name="supervision_removal_signs_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.deputy)


class CommitteeRole(models.TextChoices):
    CHAIR = rules.CommitteeRole.CHAIR.value, _("主任委员")
    VICE_CHAIR = rules.CommitteeRole.VICE_CHAIR.value, _("副主任委员")
    MEMBER = rules.CommitteeRole.MEMBER.value, _("委员")
    EXPERT = rules.CommitteeRole.EXPERT.value, _("专家")


class InvestigationMember(TimeStampedModel):
    """A member of the committee of investigation: a member of the standing committee (chair, vice chair,
    member) or an expert (by name and work unit)."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("特定问题调查"), on_delete=models.PROTECT, related_name="members"
    )
    deputy = optional_link(Deputy, _("组成人员"))
    name = models.CharField(_("姓名"), max_length=50)
    affiliation = models.CharField(_("工作单位"), max_length=100, blank=True)
    role = models.CharField(_("职务"), max_length=12, choices=CommitteeRole.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("调查委员会成员")
        ordering = ["investigation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "deputy"],
                condition=models.Q(deputy__isnull=False),
                name="supervision_investigation_member_once",
            ),
            models.UniqueConstraint(
                fields=["investigation"],
                condition=models.Q(role="chair"),
                name="supervision_investigation_one_chair",
            ),
            models.CheckConstraint(
                condition=models.Q(role="expert") | models.Q(deputy__isnull=False),
                name="supervision_investigation_member_is_deputy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class InvestigationConflict(TimeStampedModel):
    """A member of the standing committee declared interested in the question (与调查的问题有利害关系):
    they may not serve on the committee (监督法 第五十六条)."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("特定问题调查"), on_delete=models.PROTECT, related_name="conflicts"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("组成人员"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("利害关系"), max_length=500)
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("利害关系申报")
        ordering = ["investigation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "deputy"], name="supervision_investigation_conflict_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.deputy)


class InvestigationHearing(TimeStampedModel):
    """A hearing of the committee (调查): the day, who gave evidence, a summary (第五十七条)."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("特定问题调查"), on_delete=models.PROTECT, related_name="hearings"
    )
    held_on = models.DateField(_("调查日期"))
    witnesses = models.CharField(_("提供材料、接受询问的单位和人员"), max_length=500)
    summary = models.TextField(_("调查情况"))
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = verbose_name_plural = _("调查委员会调查记录")
        ordering = ["investigation", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.witnesses}"


def evidence_path(instance: InvestigationEvidence, filename: str) -> str:
    return f"supervision/investigations/{instance.investigation_id}/{filename}"


class InvestigationEvidence(TimeStampedModel):
    """A piece of evidence the committee received (checked by content: renda.core.uploads)."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("特定问题调查"), on_delete=models.PROTECT, related_name="evidence"
    )
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=evidence_path)
    file_name = models.CharField(_("原文件名"), max_length=200)
    uploaded_by = user_ref(_("上传人"))

    class Meta:
        verbose_name = verbose_name_plural = _("调查证据材料")
        ordering = ["investigation", "id"]

    def __str__(self) -> str:
        return self.title
