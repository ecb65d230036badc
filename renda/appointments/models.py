"""Appointments and removals by the standing committee (任免; MISSION.md §7, issue 17): the nominating body's
list (任免案) with each person's record, the council's scheduling on a meeting's agenda, the vote, the
appointment certificate (任命书) and the constitutional oath (宪法宣誓). The public register is the decided
people of decided lists. Personal data (ID number, phone) is encrypted at rest and masked outside the office.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.appointments import rules
from renda.appointments.workflow import State
from renda.core.fields import EncryptedTextField
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.meetings.models import AgendaItem
from renda.voting.models import Poll


class Nominator(models.TextChoices):
    MAYOR = rules.Nominator.MAYOR.value, _("市长")
    SUPERVISORY_DIRECTOR = rules.Nominator.SUPERVISORY_DIRECTOR.value, _("市监察委员会主任")
    COURT_PRESIDENT = rules.Nominator.COURT_PRESIDENT.value, _("市中级人民法院院长")
    PROCURATOR = rules.Nominator.PROCURATOR.value, _("市人民检察院检察长")
    COUNCIL = rules.Nominator.COUNCIL.value, _("常委会主任会议")


class PostClass(models.TextChoices):
    GOVERNMENT = rules.PostClass.GOVERNMENT.value, _("政府秘书长、局长、委员会主任")
    VICE_MAYOR = rules.PostClass.VICE_MAYOR.value, _("副市长（个别任免）")
    SUPERVISORY = rules.PostClass.SUPERVISORY.value, _("监察委员会副主任、委员")
    COURT = rules.PostClass.COURT.value, _("法院副院长、审判委员会委员、庭长、副庭长、审判员")
    PROCURATORATE = rules.PostClass.PROCURATORATE.value, _("检察院副检察长、检察委员会委员、检察员")
    COMMITTEE_STAFF = rules.PostClass.COMMITTEE_STAFF.value, _("常委会副秘书长、工作机构负责人")
    ACTING_HEAD = rules.PostClass.ACTING_HEAD.value, _("代理人选")


class CaseStatus(models.TextChoices):
    DRAFT = State.DRAFT.value, _("起草中")
    SUBMITTED = State.SUBMITTED.value, _("已提请")
    SCHEDULED = State.SCHEDULED.value, _("已列入会议议程")
    DECIDED = State.DECIDED.value, _("已表决")
    WITHDRAWN = State.WITHDRAWN.value, _("已撤回")


class VoteMode(models.TextChoices):
    PER_PERSON = "per_person", _("逐人表决")
    TOGETHER = "together", _("合并表决")
    POLLS = "polls", _("电子表决（表决器）")


class Action(models.TextChoices):
    APPOINT = "appoint", _("任命")
    DISMISS = "dismiss", _("免职")


class Result(models.TextChoices):
    PENDING = "pending", _("待表决")
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")


class OathForm(models.TextChoices):
    INDIVIDUAL = rules.OathForm.INDIVIDUAL.value, _("单独宣誓")
    COLLECTIVE = rules.OathForm.COLLECTIVE.value, _("集体宣誓")


class Case(TimeStampedModel):
    """A list of appointments and removals (任免案) from one nominating body."""

    title = models.CharField(_("任免案名称"), max_length=200)
    nominator = models.CharField(_("提请机关"), max_length=24, choices=Nominator.choices)
    nominator_name = models.CharField(_("提请人"), max_length=50)
    reference = models.CharField(_("文号"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    submitted_on = models.DateField(_("提请日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("主任会议审议日期"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("会议议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_cases",
    )
    vote_mode = models.CharField(_("表决方式"), max_length=16, choices=VoteMode.choices, blank=True)
    voted_on = models.DateField(_("表决日期"), null=True, blank=True)
    members_total = models.PositiveIntegerField(_("常委会全体组成人员数"), null=True, blank=True)
    clash_note = models.TextField(_("任免冲突处理说明"), blank=True)
    created_by = user_ref(_("登记人"), null=True, blank=True)

    objects = RestrictedManager()  # renda.appointments.permissions.CasePolicy

    class Meta:
        verbose_name = verbose_name_plural = _("任免案")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="decided") | models.Q(voted_on__isnull=False),
                name="appointments_case_decided_has_vote",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Person(TimeStampedModel):
    """One person of a list: to be appointed to or removed from a post, with their record (简历)."""

    case = models.ForeignKey(Case, verbose_name=_("任免案"), on_delete=models.PROTECT, related_name="people")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    action = models.CharField(_("任免"), max_length=8, choices=Action.choices)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=4, blank=True)
    born = models.CharField(_("出生年月"), max_length=7, blank=True, help_text=_("如 1975-03"))
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    party = models.CharField(_("政治面貌"), max_length=30, blank=True)
    education = models.CharField(_("学历学位"), max_length=60, blank=True)
    current_post = models.CharField(_("现任职务"), max_length=200, blank=True)
    post = models.CharField(_("拟任（免）职务"), max_length=200)
    post_class = models.CharField(_("职务类别"), max_length=20, choices=PostClass.choices)
    resume = models.TextField(_("简历"), blank=True)
    id_number = EncryptedTextField(_("身份证号码"), max_length=18, blank=True)
    phone = EncryptedTextField(_("联系电话"), max_length=30, blank=True)
    result = models.CharField(_("表决结果"), max_length=8, choices=Result.choices, default=Result.PENDING)
    votes_yes = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    certificate_no = models.CharField(_("任命书编号"), max_length=40, blank=True)
    resigned_on = models.DateField(_("辞职日期"), null=True, blank=True)
    poll = models.OneToOneField(
        Poll,
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_person",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("拟任免人员")
        ordering = ["case", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "order"], name="appointments_person_unique_order"),
            models.CheckConstraint(
                condition=models.Q(result="pending") | models.Q(votes_yes__isnull=False),
                name="appointments_person_result_has_votes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_action_display()} {self.post}"


class Oath(TimeStampedModel):
    """The constitutional oath of an appointee (宪法宣誓): when, how, who administered and witnessed it."""

    person = models.OneToOneField(
        Person, verbose_name=_("宣誓人"), on_delete=models.PROTECT, related_name="oath"
    )
    taken_on = models.DateField(_("宣誓日期"))
    form = models.CharField(_("宣誓形式"), max_length=12, choices=OathForm.choices)
    administered_by = models.CharField(_("组织宣誓（监誓）机关"), max_length=100)
    leader = models.CharField(_("领誓人"), max_length=50, blank=True)
    witnesses = models.JSONField(_("监誓人"), default=list)
    place = models.CharField(_("宣誓地点"), max_length=100, blank=True)
    recorded_by = user_ref(_("登记人"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("宪法宣誓")
        ordering = ["-taken_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.taken_on}"


class AppointmentSettings(models.Model):
    """The office's choices (one row): the least number of witnesses (监誓人) of an oath."""

    min_witnesses = models.PositiveSmallIntegerField(_("监誓人最少人数"), default=rules.MIN_WITNESSES)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("人事任免设置")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
