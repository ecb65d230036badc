"""Citizens' opinions (社情民意, MISSION.md §5): recorded by a station keeper, a deputy or the citizen online,
followed by a tracking code along one path (renda.opinions.workflow) to feedback and the citizen's rating."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.choices import choice_display
from renda.core.fields import EncryptedTextField
from renda.core.links import record_ref
from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.livelihood.models import Project
from renda.opinions import rules
from renda.opinions.workflow import State
from renda.organization.models import HandlingUnit, LiaisonStation
from renda.proposals.models import Proposal


class OpinionStatus(models.TextChoices):
    RECEIVED = State.RECEIVED.value, _("已受理")
    STREET = State.STREET.value, _("乡镇（街道）办理中")
    FORWARDED = State.FORWARDED.value, _("部门办理中")
    REPLIED = State.REPLIED.value, _("已答复")
    CONVERTED = State.CONVERTED.value, _("已转为代表建议")
    FED = State.FED.value, _("已纳入民生实事征集")
    CLOSED = State.CLOSED.value, _("已反馈")


class Channel(models.TextChoices):
    STATION = "station", _("联络站接待")
    DEPUTY = "deputy", _("代表收集")
    ONLINE = "online", _("网上提交")


class Route(models.TextChoices):
    SPOT = rules.Route.SPOT.value, _("当场答复")
    STREET = rules.Route.STREET.value, _("乡镇（街道）办理")
    DEPARTMENT = rules.Route.DEPARTMENT.value, _("转部门办理")
    SUGGESTION = rules.Route.SUGGESTION.value, _("转为代表建议")
    LIVELIHOOD = rules.Route.LIVELIHOOD.value, _("纳入民生实事征集")


class Rating(models.TextChoices):
    SATISFIED = rules.Rating.SATISFIED.value, _("满意")
    BASIC = rules.Rating.BASIC.value, _("基本满意")
    UNSATISFIED = rules.Rating.UNSATISFIED.value, _("不满意")


class Opinion(TimeStampedModel):
    code = models.CharField(_("查询码"), max_length=16, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    station = record_ref(LiaisonStation, _("联络站"), "opinions", optional=True)
    deputy = record_ref(Deputy, _("接待代表"), "+", optional=True)
    recorded_by = user_ref(_("登记人"), null=True, blank=True)  # None: submitted online
    received_on = models.DateField(_("受理日期"), db_index=True)
    # Personal data: SM4 at rest; whole within the handling scope, masked elsewhere
    # (permissions.citizen_shown)
    citizen_name = EncryptedTextField(_("反映人"), max_length=50, blank=True)
    citizen_phone = EncryptedTextField(_("联系电话"), max_length=30, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("反映内容"))
    location = models.CharField(_("地点"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=OpinionStatus.choices, default=OpinionStatus.RECEIVED, db_index=True
    )
    route = models.CharField(_("办理途径"), max_length=16, choices=Route.choices, blank=True)
    unit = record_ref(HandlingUnit, _("办理单位"), "opinions", optional=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    reply = models.TextField(_("办理答复"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    # The two other apps' records it became (linked both ways: each page shows the other)
    proposal = record_ref(Proposal, _("代表建议"), "source_opinion", optional=True, one=True)
    project = record_ref(Project, _("民生实事项目建议"), "source_opinion", optional=True, one=True)
    feedback = models.TextField(_("反馈意见"), blank=True)
    closed_on = models.DateField(_("反馈日期"), null=True, blank=True)
    # The reception day it was recorded at (rules.opinion_fits_reception: that station, that day)
    reception = record_ref("Reception", _("接待日"), "opinions", optional=True)

    objects = RestrictedManager()  # renda.opinions.permissions.OpinionPolicy

    # the labels of a list's rows, without Django's per-call table (renda.core.choices)
    get_status_display = choice_display("status", OpinionStatus.choices)
    get_route_display = choice_display("route", Route.choices)
    get_channel_display = choice_display("channel", Channel.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("社情民意")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["station", "-received_on", "-id"], name="opinion_station_recent"),
            # a deputy's opinions of a year (the duty record's count): an index-only range, where the
            # deputy's index alone read every row's page (185 ms for a deputy with 5,785 opinions)
            models.Index(fields=["deputy", "received_on"], name="opinion_deputy_received"),
            # the keeper's list (their stations' newest first) picks its page's keys from this index alone:
            # a backward scan that tests the station in the index, not in every newer opinion's heap row
            # (core.paging.KeyedPaginator; 14 → 0.6 ms for a keeper of 57,697 of 2,000,000 opinions)
            models.Index(fields=["received_on", "id", "station"], name="opinion_recent_station"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["street", "forwarded"]) | models.Q(unit__isnull=False),
                name="opinion_at_unit_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(feedback=""),
                name="opinion_closed_has_feedback",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="converted") | models.Q(proposal__isnull=False),
                name="opinion_converted_has_proposal",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="fed") | models.Q(project__isnull=False),
                name="opinion_fed_has_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class OpinionRating(models.Model):
    """The citizen's rating of the handling, once per opinion (the unique key refuses a second one)."""

    opinion = models.OneToOneField(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="rating"
    )
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices)
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("群众评价")

    def __str__(self) -> str:
        return f"{self.opinion_id}: {self.rating}"


class Reception(TimeStampedModel):
    """接待日 / 代表进站: a station's reception of citizens by deputies on duty, on one day and time slot;
    public (the station's page) from the moment it is scheduled (MISSION §5: announced in advance)."""

    station = record_ref(LiaisonStation, _("联络站"), "receptions")
    date = models.DateField(_("接待日期"))
    slot = models.CharField(_("时间段"), max_length=40, default="09:00-11:30")
    place = models.CharField(_("接待地点"), max_length=200, blank=True)
    theme = models.CharField(_("接待主题"), max_length=200, blank=True)
    held = models.BooleanField(_("已登记出席"), default=False)
    created_by = user_ref(_("安排人"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("接待日")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "date", "slot"], name="reception_once_per_slot")
        ]
        indexes = [models.Index(fields=["station", "date"], name="reception_station_date")]

    def __str__(self) -> str:
        return f"{self.station.name} {self.date} {self.slot}"  # the station read once (a label)


class ReceptionDuty(models.Model):
    """A deputy on duty at a reception; `attended` is recorded on or after the day (None: not yet)."""

    reception = models.ForeignKey(
        Reception, verbose_name=_("接待日"), on_delete=models.CASCADE, related_name="duties"
    )
    deputy = record_ref(Deputy, _("代表"), "reception_duties")
    attended = models.BooleanField(_("出席"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("接待代表")
        ordering = ["reception", "deputy_id"]
        constraints = [models.UniqueConstraint(fields=["reception", "deputy"], name="reception_duty_once")]

    def __str__(self) -> str:
        return f"{self.reception_id}:{self.deputy_id}"


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("专题调研")
    TRAINING = "training", _("参加培训")
    REPORT = "report", _("向原选区选民述职")
    OTHER = "other", _("其他履职")


class ActivityStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未确认")


class DutyActivity(TimeStampedModel):
    """A duty Renda does not otherwise record (视察, 调研, 培训, 述职, other), recorded by staff (confirmed at
    once) or by the deputy with evidence (counted once staff confirm it)."""

    deputy = record_ref(Deputy, _("代表"), "duty_activities")
    kind = models.CharField(_("类别"), max_length=16, choices=ActivityKind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=200)
    evidence = models.TextField(_("佐证材料"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PENDING
    )
    recorded_by = user_ref(_("登记人"), null=True, blank=True)
    confirmed_by = user_ref(_("确认人"), null=True, blank=True)

    # the duty record's list of them, without Django's per-call table (renda.core.choices)
    get_kind_display = choice_display("kind", ActivityKind.choices)
    get_status_display = choice_display("status", ActivityStatus.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("履职活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["deputy", "date"], name="duty_activity_deputy_date")]

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.date} {self.title}"
