"""Every write of the targets app (MISSION.md §6; issue 16): the year's settings, progress reports with
evidence, supervision orders (督办单) and their answers, findings and awards, closing a target. Each checks
the table through the spine before it locks, writes one Event. The import of the year's targets is in
``renda.targets.imports``."""

from __future__ import annotations

import datetime
import os
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine, uploads
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.livelihood import photos
from renda.targets import rules
from renda.targets.models import Note, NoteKind, Order, OrderStatus, Raised, Report, Target, TargetYear
from renda.targets.permissions import can_manage, standing

MAX_TEXT = 5000
EVIDENCE = uploads.TARGET_EVIDENCE  # 20 MB; the report page's body cap follows it


def _decimal(value: Any, field: str) -> Decimal:
    try:
        out = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("请填写数字"), field=field) from exc
    if not out.is_finite() or abs(out) >= Decimal("1e12"):
        raise ApplicationError(_("请填写数字"), field=field)
    return out


# --- the year's settings ----------------------------------------------------------------------------


def year_save(
    *,
    actor: ActorLike,
    year: int,
    report_day: int = rules.DEFAULT_REPORT_DAY,
    tolerance: Decimal = rules.DEFAULT_TOLERANCE,
    scoring: dict[str, Any] | None = None,
) -> TargetYear:
    """The year's settings and published scoring rules (staff)."""
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以设置目标年度"))
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度应在 2000–2100 之间"), field="year")
    if not 0 <= report_day <= 28:
        raise ApplicationError(_("月报截止日应在 0–28 之间"), field="report_day")
    tolerance = _decimal(tolerance, "tolerance")
    if not Decimal(0) <= tolerance <= Decimal(1):
        raise ApplicationError(_("黄灯容差应在 0–1 之间"), field="tolerance")
    try:
        parsed = rules.ScoringRules.from_dict(scoring or {})
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("计分规则应为数字"), field="scoring") from exc
    if any(isinstance(v, Decimal) and v < 0 for v in vars(parsed).values()):
        raise ApplicationError(_("计分规则不能为负数"), field="scoring")
    with transaction.atomic():
        row, created = TargetYear.objects.select_for_update().get_or_create(
            year=year,
            defaults={"report_day": report_day, "tolerance": tolerance, "scoring": parsed.as_dict()},
        )
        if not created:
            row.report_day, row.tolerance, row.scoring = report_day, tolerance, parsed.as_dict()
            row.save()
        event_record(
            actor=actor,
            action="targets_year",
            obj=row,
            changes={"year": year, "report_day": report_day, "tolerance": tolerance},
        )
    return row


# --- progress reports (调度) --------------------------------------------------------------------------


def _store_evidence(report: Report, evidence: Any) -> None:
    name = uploads.check_upload(evidence, EVIDENCE, field="evidence")
    ext = os.path.splitext(name)[1].lower()
    evidence.seek(0)
    data = evidence.read()
    if ext in (".jpg", ".jpeg", ".png"):  # a photo: re-encoded without EXIF (GPS position, camera)
        clean = photos.clean(data, field="evidence")
        data, ext = clean.image, f".{clean.extension}"
    report.evidence.save(f"{report.month:%Y%m}-{secrets.token_hex(4)}{ext}", ContentFile(data), save=False)
    report.evidence_name = name[:200]


def report_progress(
    *,
    actor: ActorLike,
    target_id: int | Target,
    month: datetime.date,
    value: Any,
    note: str,
    evidence: Any = None,
) -> Report:
    """The lead unit's (or staff's) report of `month`: the value reached, what was done, evidence (a photo
    or a document, checked by content). A second report of the same month corrects the first. A report of
    a month that has not begun, or before the target's start month, is refused."""
    actor = as_actor(actor)
    note = _text(note, "note", limit=MAX_TEXT)
    value = _decimal(value, "value")
    if not isinstance(month, datetime.date):
        raise ApplicationError(_("请填写报告月份"), field="month")
    month = rules.month_start(month)
    today = timezone.localdate()
    if month > today:
        raise ApplicationError(_("不能报告尚未开始的月份"), field="month")
    target = spine.get_visible(Target, actor, target_id)
    if month < rules.month_start(target.start):
        raise ApplicationError(_("报告月份早于指标开始日期"), field="month")
    if target.kind == rules.Kind.MILESTONE and value not in (Decimal(0), Decimal(1)):
        raise ApplicationError(_("完成与否类指标填 1（已完成）或 0（未完成）"), field="value")
    if target.kind == rules.Kind.STAGED and not (
        0 <= value <= len(target.stages) and value == value.to_integral()
    ):
        raise ApplicationError(
            _("分阶段指标填已完成的阶段数（0–%(n)s）") % {"n": len(target.stages)}, field="value"
        )
    if value < 0 and target.kind in (rules.Kind.PERCENT, rules.Kind.STAGED):
        raise ApplicationError(_("完成值不能为负数"), field="value")
    spine.require(actor, target, "report")
    with transaction.atomic():
        target = spine.require_state(spine.lock(Target, target.pk), "report")
        report = Report.objects.filter(target=target, month=month).first()
        old = None if report is None else str(report.value)
        if report is None:
            report = Report(target=target, month=month)
        report.value, report.note, report.reported_on = value, note, today
        report.reported_by = user_of(actor)
        if evidence:
            _store_evidence(report, evidence)
        report.save()
        latest = Report.objects.filter(target=target).order_by("-month").values_list("month", "value").first()
        if latest is not None:
            target.reported_month, target.value = latest
        target.save(update_fields=["value", "reported_month", "updated_at"])
        event_record(
            actor=actor,
            action="targets_report",
            obj=target,
            changes={"month": f"{month:%Y-%m}", "value": [old, str(value)], "evidence": report.evidence_name},
        )
    return report


# --- supervision orders (督办单) ----------------------------------------------------------------------


def order_issue(*, actor: ActorLike, target_id: int | Target, request: str, due: datetime.date) -> Order:
    """A 督办单 on a lagging (red) target: what the lead unit must do, and the day its answer is due."""
    actor = as_actor(actor)
    request = _text(request, "request", limit=MAX_TEXT)
    today = timezone.localdate()
    if not isinstance(due, datetime.date) or due < today:
        raise ApplicationError(_("答复期限不能早于今天"), field="due")
    target = spine.get_visible(Target, actor, target_id)
    spine.require(actor, target, "supervise", guard=False)
    with transaction.atomic():
        target = spine.lock(Target, target.pk)
        spine.require_locked(actor, target, "supervise")
        ratio = rules.completion(target.kind, target.baseline, target.target_value, target.value)
        plan = rules.planned(target.plan_mode, target.start, target.due, today, target.stage_list())
        count = Order.objects.filter(issued_on__year=today.year).count() + 1
        order = Order.objects.create(
            target=target,
            number=f"督〔{today.year}〕{count}-{secrets.token_hex(2)}",
            request=request,
            issued_on=today,
            due=due,
            issued_by=user_of(actor),
            lag=rules.lag(ratio, plan),
        )
        event_record(
            actor=actor,
            action="targets_order",
            obj=target,
            changes={"order": order.number, "due": due, "lag": order.lag},
        )
    return order


def order_answer(*, actor: ActorLike, order_id: int | Order, answer: str) -> Order:
    """The lead unit's answer to a 督办单 (or staff entering a paper answer); late answers count against the
    unit's score (rules.order_overdue)."""
    actor = as_actor(actor)
    answer = _text(answer, "answer", limit=MAX_TEXT)
    spine.require(actor, spine.get_visible(Order, actor, order_id), "answer")
    pk = order_id.pk if isinstance(order_id, Order) else order_id
    with transaction.atomic():
        order = spine.require_state(spine.lock(Order, pk), "answer")
        order.answer, order.answered_on, order.answered_by = answer, timezone.localdate(), user_of(actor)
        order.status = OrderStatus.ANSWERED
        order.save()
        event_record(
            actor=actor,
            action="targets_order_answer",
            obj=order.target,
            changes={"order": order.number, "late": order.answered_on > order.due},
        )
    return order


# --- findings, awards, closing ---------------------------------------------------------------------


def note_add(
    *, actor: ActorLike, target_id: int | Target, kind: str, text: str, day: datetime.date | None = None
) -> Note:
    """A negative finding of the supervision (督查发现问题) or an award (上级表彰) on a target (staff)."""
    actor = as_actor(actor)
    if kind not in NoteKind.values:
        raise ApplicationError(_("请选择类别"), field="kind")
    text = _text(text, "text", limit=300)
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("日期不能晚于今天"), field="day")
    target = spine.get_visible(Target, actor, target_id)
    spine.require(actor, target, "note")
    with transaction.atomic():
        target = spine.require_state(spine.lock(Target, target.pk), "note")
        note = Note.objects.create(target=target, kind=kind, text=text, day=day, recorded_by=user_of(actor))
        event_record(actor=actor, action="targets_note", obj=target, changes={"kind": kind, "text": text})
    return note


def target_close(*, actor: ActorLike, target_id: int | Target) -> Target:
    """End a target (the year is over, or the goal was changed by the congress's decision)."""
    actor = as_actor(actor)
    target = spine.get_visible(Target, actor, target_id)
    spine.require(actor, target, "close")
    with transaction.atomic():
        target = spine.require_state(spine.lock(Target, target.pk), "close")
        old = target.status
        spine.set_state(target, "close")
        target.save(update_fields=["status", "updated_at"])
        event_record(
            actor=actor, action="targets_close", obj=target, changes={"status": [old, target.status]}
        )
    return target


def target_raise(*, actor: ActorLike, target_id: int | Target, content: str) -> Raised:
    """A deputy or a member of the standing committee's council raises a lagging (red) target as a 社情民意
    opinion (issue 16: "a lagging target can be raised as a deliberation opinion or a suggestion, linked"),
    through renda.opinions' service — as the deputy's own opinion (channel 代表收集) or, for a leader who is
    not one, through the channel the opinions' rules give them — its text followed by the target's standing.
    The target keeps the link; the opinion's path may make it the deputy's suggestion (opinion_convert)."""
    from renda.opinions import services as opinions
    from renda.opinions.models import Channel

    actor = as_actor(actor)
    content = _text(content, "content", limit=MAX_TEXT - 500)
    target = spine.get_visible(Target, actor, target_id)
    spine.require(actor, target, "raise")
    today = timezone.localdate()
    ratio = rules.completion(target.kind, target.baseline, target.target_value, target.value)
    plan = rules.planned(target.plan_mode, target.start, target.due, today, target.stage_list())
    standing_text = _(
        "【指标】%(code)s %(title)s；牵头单位：%(unit)s；完成度 %(done)s%%，计划进度 %(plan)s%%，"
        "滞后 %(lag)s 个百分点（%(day)s）。"
    ) % {
        "code": target.code,
        "title": target.title,
        "unit": target.lead_unit.name,
        "done": (ratio * 100).quantize(Decimal("0.1")),
        "plan": (plan * 100).quantize(Decimal("0.1")),
        "lag": rules.lag(ratio, plan),
        "day": today.isoformat(),
    }
    channel = Channel.DEPUTY if actor.has_role("deputy") and actor.deputy_id is not None else None
    with transaction.atomic():
        target = spine.require_state(spine.lock(Target, target.pk), "raise")
        opinion = opinions.opinion_record(
            actor=actor,
            title=(_("关于“%(title)s”进度滞后的意见") % {"title": target.title})[:200],
            content=f"{content}\n\n{standing_text}",
            channel=channel,
        )
        raised = Raised.objects.create(
            target=target, opinion=opinion, raised_on=today, raised_by=user_of(actor)
        )
        event_record(actor=actor, action="targets_raise", obj=target, changes={"opinion": opinion.code})
    return raised


def light_of(target: Target) -> rules.Light:
    return standing(target)[0]


def bulletin_make(*, actor: ActorLike, year: TargetYear, period: str = "") -> tuple[bytes, str]:
    """The ranking's bulletin (通报) for `period` of `year`, as a GB/T 9704 document; its making is in the
    trail. ValueError for a period that is not of the year."""
    from renda.targets import documents, selectors
    from renda.targets.models import UnitGroup
    from renda.targets.permissions import can_rank

    actor = as_actor(actor)
    if not can_rank(actor):
        raise PermissionDenied(_("无权查看目标考核排名"))
    result = selectors.ranking(year, period)
    label = selectors.period_label(result)
    content = documents.bulletin_docx(
        result,
        issuer=_("目标管理考核办公室"),
        today=timezone.localdate(),
        group_labels=dict(UnitGroup.choices),
    )
    with transaction.atomic():
        event_record(actor=actor, action="targets_bulletin", obj=year, changes={"period": label})
    return content, label
