"""Enumerations of motions (议案) and suggestions (建议、批评和意见), MISSION §2."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("建议")
    MOTION = "motion", _("议案")


class Status(models.TextChoices):
    """One status for both kinds; the transition table (workflow.py) says which steps each kind takes."""

    DRAFT = "draft", _("草稿")
    COSIGNING = "cosigning", _("待附议")  # waiting for co-signers to confirm on their own accounts
    SUBMITTED = "submitted", _("已提交")  # waiting for staff review (建议) / the presidium (议案)
    RETURNED = "returned", _("已退回")  # not admissible, returned with a reason
    LETTER = "letter", _("转为代表来信")  # handled as a deputy's letter
    ON_AGENDA = "on_agenda", _("列入会议议程")  # motion
    TO_COMMITTEE = "to_committee", _("交专门委员会审议")  # motion
    NOT_ON_AGENDA = "not_on_agenda", _("不列入会议议程")  # motion (may be studied in recess)
    ACCEPTED = "accepted", _("已受理")  # suggestion admitted, waiting for assignment
    ASSIGNED = "assigned", _("已交办")  # with the handling unit(s)
    REPLIED = "replied", _("已答复")  # the lead unit's signed reply reached the deputy
    REHANDLING = "rehandling", _("重新办理")  # rated 不满意: a new reply is due within a month
    FOLLOW_UP = "follow_up", _("跟踪办理")  # promised (B/C) items until reported done
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")
    MERGED = "merged", _("已并案")


class InadmissibleReason(models.TextChoices):
    """不予受理的情形 (上海规定 第8条, 浙江规定 第6条)."""

    OUT_OF_REMIT = "out_of_remit", _("不属于本级人大及其常委会职权范围")
    PERSONAL = "personal", _("代表本人及其亲属的个人事务")
    COURT_CASE = "court_case", _("涉及具体司法案件")
    FORWARDING = "forwarding", _("转交来信")
    ACADEMIC = "academic", _("学术探讨或产品推介")
    NO_CONTENT = "no_content", _("没有实际内容")
    NOT_ONE_MATTER = "not_one_matter", _("未做到一事一议")
    OTHER = "other", _("其他")


class PresidiumDecision(models.TextChoices):
    ON_AGENDA = "on_agenda", _("列入会议议程")
    TO_COMMITTEE = "to_committee", _("先交专门委员会审议")
    NOT_ON_AGENDA = "not_on_agenda", _("不列入会议议程")
    TO_SUGGESTION = "to_suggestion", _("转为建议")


class CosignStatus(models.TextChoices):
    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已拒绝")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")  # label is a setting (会办 / 协办)
    SPLIT = "split", _("分办")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("不同意")


class ConsultationMethod(models.TextChoices):
    FACE = "face", _("当面商谈")
    VISIT = "visit", _("走访调研")
    MEETING = "meeting", _("座谈会")
    PHONE = "phone", _("电话沟通")
    ONLINE = "online", _("网络或书面沟通")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT_BACK = "returned", _("退回修改")  # the leader sent the draft back to the handler, with a reason
    SIGNED = "signed", _("已签发")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class CategoryScheme(models.TextChoices):
    FOUR = "abcd", _("四类（A/B/C/D）")
    THREE = "three", _("三类（甲/乙/丙）")


def number_label(number: int | None, kind: str) -> str:
    """建议第0123号 / 议案第0012号: numbers run per term and kind, so the kind is part of the number (the
    register, the report, the digest, the API and the pages all write it here)."""
    if number is None:
        return ""
    prefix = _("议案") if kind == Kind.MOTION else _("建议")
    return str(_("%(kind)s第%(n)s号") % {"kind": prefix, "n": f"{number:04d}"})
