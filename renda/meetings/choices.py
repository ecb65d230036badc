from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    """人民代表大会会议 (all deputies) or 常务委员会会议 (its members): quorum and thresholds differ."""

    CONGRESS = "congress", _("人民代表大会会议")
    STANDING_COMMITTEE = "standing_committee", _("常务委员会会议")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    CHECK_IN = "check_in", _("签到中")
    IN_PROGRESS = "in_progress", _("进行中")
    CLOSED = "closed", _("已闭会")


class AgendaKind(models.TextChoices):
    REPORT = "report", _("审议报告")
    RESOLUTION = "resolution", _("决议")
    ELECTION = "election", _("选举")
    APPOINTMENT = "appointment", _("任免名单")
    PROJECT_VOTE = "project_vote", _("民生实事项目票决")
    DRAFT_READING = "draft_reading", _("审议法规草案")  # 立法法 第三十二条: a reading of a draft regulation


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("未签到")
    PRESENT = "present", _("已签到")
    ON_LEAVE = "on_leave", _("请假")
    ABSENT = "absent", _("缺席")


class CheckInMethod(models.TextChoices):
    SELF = "self", _("本人签到")
    STAFF = "staff", _("工作人员代签")


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
