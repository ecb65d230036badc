"""Every write of livelihood projects (MISSION.md §4). Each action of the table: spine.require before the
row lock, the state checked again under the lock, an Event in the same transaction (labels in events.py).

`project_collect` is also the seam other apps call (citizens' opinions feed the collection through it).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.livelihood import rules
from renda.livelihood.models import (
    ProgressReport,
    Project,
    ProjectStatus,
    ProjectYear,
    Source,
    VoteMode,
    VoteRound,
)
from renda.livelihood.permissions import can_manage, sources_for
from renda.organization.models import HandlingUnit

MAX_TEXT = 5000


def _text(value: str | None, field: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写此项"), field=field)
    if len(value) > limit:
        raise ApplicationError(_("内容过长（不超过 %(n)s 字）") % {"n": limit}, field=field)
    return value


# --- the year's settings --------------------------------------------------------------------------------


def year_save(
    *,
    actor: ActorLike,
    year: int,
    places: int = rules.DEFAULT_PLACES,
    candidates: int = rules.DEFAULT_CANDIDATES,
    main_month: int = rules.MAIN_MONTH,
    vote_mode: str = VoteMode.APPROVE,
    collecting: bool = True,
) -> ProjectYear:
    """Create or change a year's settings (staff). 差额: more candidates than places (§4.2)."""
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以设置民生实事年度"))
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度无效"), field="year")
    if not rules.margin_ok(candidates, places):
        raise ApplicationError(_("候选项目数须多于票决入选数（差额）"), field="candidates")
    if not rules.main_month_valid(main_month):
        raise ApplicationError(_("月份应为 1–12"), field="main_month")
    if vote_mode not in VoteMode.values:
        raise ApplicationError(_("票决方式无效"), field="vote_mode")
    values = dict(
        places=places,
        candidates=candidates,
        main_month=main_month,
        vote_mode=vote_mode,
        collecting=collecting,
    )
    with transaction.atomic():
        obj, created = ProjectYear.objects.select_for_update().update_or_create(year=year, defaults=values)
        event_record(actor=actor, action="livelihood_year", obj=obj, changes={"created": created, **values})
    return obj


# --- collection (征集) ------------------------------------------------------------------------------------


def _new_code(year: int) -> str:
    return rules.tracking_code(
        year, [secrets.randbelow(len(rules.CODE_ALPHABET)) for _ in range(rules.CODE_LENGTH)]
    )


def project_collect(
    *,
    actor: ActorLike,
    year: int,
    title: str,
    description: str,
    location: str = "",
    source: str | None = None,
    proposer_name: str = "",
    proposer_phone: str = "",
    proposer_deputy_id: int | None = None,
    proposer_unit_id: int | None = None,
) -> Project:
    """A proposal, "collected" (§4.1): the public form (anyone, source "public"), a deputy, a unit, or staff
    entering a paper form (any source). Its tracking code is random; the answer carries it."""
    actor = as_actor(actor)
    allowed = sources_for(actor)
    source = source or allowed[0]
    if source not in allowed:
        raise PermissionDenied(_("不能以此来源提出项目建议"))
    try:
        project_year = ProjectYear.objects.get(year=year)
    except ProjectYear.DoesNotExist as exc:
        raise ApplicationError(_("该年度未开展民生实事项目征集"), field="year") from exc
    if not project_year.collecting and not can_manage(actor):
        raise ApplicationError(_("该年度征集已结束"), field="year", code="closed", status=409)
    data = dict(
        title=_text(title, "title", limit=200),
        description=_text(description, "description", limit=MAX_TEXT),
        location=_text(location, "location", limit=200, required=False),
        proposer_name=_text(proposer_name, "proposer_name", limit=50, required=False),
        proposer_phone=_text(proposer_phone, "proposer_phone", limit=30, required=False),
    )
    if source == Source.DEPUTY:
        proposer_deputy_id = proposer_deputy_id if can_manage(actor) else actor.deputy_id
        if proposer_deputy_id is None or not Deputy.objects.filter(pk=proposer_deputy_id).exists():
            raise ApplicationError(_("请选择提出建议的代表"), field="proposer_deputy_id")
    else:
        proposer_deputy_id = None
    if source == Source.UNIT:
        if not can_manage(actor):
            proposer_unit_id = proposer_unit_id if proposer_unit_id in actor.unit_ids else min(actor.unit_ids)
        if proposer_unit_id is None or not HandlingUnit.objects.filter(pk=proposer_unit_id).exists():
            raise ApplicationError(_("请选择提出建议的单位"), field="proposer_unit_id")
    else:
        proposer_unit_id = None
    for _attempt in range(5):  # a random code colliding with a stored one: draw again
        try:
            with transaction.atomic():
                project = Project.objects.create(
                    year=project_year,
                    code=_new_code(year),
                    source=source,
                    proposer_deputy_id=proposer_deputy_id,
                    proposer_unit_id=proposer_unit_id,
                    **data,
                )
                event_record(
                    actor=actor, action="livelihood_collect", obj=project, changes={"source": source}
                )
                return project
        except IntegrityError:
            continue
    raise ApplicationError(_("系统繁忙，请稍后再试"), status=503)


# --- screening, shortlist (初筛, 初定) ------------------------------------------------------------


def _visible(actor: ActorLike, project_id: int) -> Project:
    return spine.get_visible(Project, actor, project_id)


def _move(actor: ActorLike, project: Project, action: str, changes_of=None) -> Project:
    """After the caller's spine.require: lock, the state again, the new state and the fields that
    `changes_of(project)` sets, an Event. (Each caller names its action literally in its own require: the
    spine walk of tests/test_spine_walk.py credits an action only there.)"""
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project.pk), action)
        old = project.status
        changes = changes_of(project) if changes_of else {}
        spine.set_state(project, action)
        project.save()
        event_record(
            actor=actor,
            action={
                "accept": "livelihood_accept",
                "reject": "livelihood_reject",
                "shortlist": "livelihood_shortlist",
                "unlist": "livelihood_unlist",
                "evaluate": "livelihood_evaluate",
            }[action],
            obj=project,
            changes={"status": [old, project.status], **changes},
        )
    return project


def project_accept(*, actor: ActorLike, project_id: int, note: str = "") -> Project:
    """collected → accepted: the proposal passes the screening (初筛)."""
    note = _text(note, "note", limit=300, required=False)

    def change(p: Project) -> dict:
        p.screen_note = note
        return {"note": note}

    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "accept")
    return _move(actor, project, "accept", change)


def project_reject(*, actor: ActorLike, project_id: int, reason: str, note: str = "") -> Project:
    """collected → rejected, with a reason from the year's negative list, or "other" with a note (§4.1)."""
    note = _text(note, "note", limit=300, required=reason == rules.SCREEN_OTHER)

    def change(p: Project) -> dict:
        codes = {e["code"] for e in p.year.negative_list} | {rules.SCREEN_OTHER}
        if reason not in codes:
            raise ApplicationError(_("请从负面清单中选择理由"), field="reason")
        p.screen_reason, p.screen_note = reason, note
        return {"reason": reason, "note": note}

    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "reject")
    return _move(actor, project, "reject", change)


def _decimal(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("请填写金额"), field=field) from exc
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e10"):
        raise ApplicationError(_("金额应大于零"), field=field)
    return amount.quantize(Decimal("0.01"))


def project_shortlist(
    *,
    actor: ActorLike,
    project_id: int,
    owner_unit_id: int,
    budget,
    scope: str,
    start_date: datetime.date,
    end_date: datetime.date,
) -> Project:
    """accepted → shortlisted: the government's candidate with its owner unit, budget, scope and timeline
    (初定, §4.2). The year's candidates may not exceed its setting."""
    amount = _decimal(budget, "budget")
    scope = _text(scope, "scope", limit=MAX_TEXT)
    if not start_date or not end_date or end_date < start_date:
        raise ApplicationError(_("计划完成时间不能早于开始时间"), field="end_date")
    if not HandlingUnit.objects.filter(pk=owner_unit_id, is_active=True).exists():
        raise ApplicationError(_("请选择责任单位"), field="owner_unit_id")

    def change(p: Project) -> dict:
        year = ProjectYear.objects.select_for_update().get(pk=p.year_id)  # candidates counted one at a time
        listed = Project.objects.filter(year=year, status=ProjectStatus.SHORTLISTED).count()
        if listed >= year.candidates:
            raise ApplicationError(
                _("候选项目已达 %(n)s 个（年度设置）") % {"n": year.candidates}, code="full", status=409
            )
        p.owner_unit_id, p.budget, p.scope = owner_unit_id, amount, scope
        p.start_date, p.end_date = start_date, end_date
        return {"owner_unit": owner_unit_id, "budget": str(amount), "start": start_date, "end": end_date}

    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "shortlist")
    return _move(actor, project, "shortlist", change)


def project_unlist(*, actor: ActorLike, project_id: int) -> Project:
    """shortlisted → accepted: the candidate withdrawn before the vote is recorded."""
    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "unlist")
    return _move(actor, project, "unlist")


# --- the vote (票决) ---------------------------------------------------------------------------------


def vote_record(
    *, actor: ActorLike, year_id: int, total_entitled: int, counts: Mapping[int, tuple[int, int, int]]
) -> VoteRound:
    """Record the session's count for every shortlisted project of the year at once (§4.4).

    `counts` maps each candidate's id to (赞成, 反对, 弃权) — all of them, none other. The rules select:
    selected (ranked), not selected, or tied across the last place (still shortlisted, marked for the revote,
    which is recorded the same way among them for the places left). Every candidate is required
    ("record_vote": staff, the 差额 guard) before any is locked.
    """
    actor = as_actor(actor)
    year = ProjectYear.objects.filter(pk=year_id).first()
    if year is None:
        raise NotFound(_("未找到该年度"))
    visible = Project.objects.restrict(actor).select_related("year")
    candidates = list(visible.filter(year=year, status=ProjectStatus.SHORTLISTED).order_by("pk"))
    if not candidates:
        raise ApplicationError(_("没有待票决的候选项目"), code="wrong_state", status=409)
    for project in candidates:
        spine.require(actor, project, "record_vote")
    if not isinstance(total_entitled, int) or total_entitled <= 0:
        raise ApplicationError(_("请填写全体代表人数"), field="total_entitled")
    ids = {p.pk for p in candidates}
    if set(counts) != ids:
        raise ApplicationError(_("请为每个候选项目录入票数"), field="counts")
    try:
        tallies = {str(pk): rules.ProjectTally(*map(int, counts[pk])) for pk in ids}
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("票数应为非负整数"), field="counts") from exc
    with transaction.atomic():
        year = ProjectYear.objects.select_for_update().get(pk=year_id)
        locked = {pk: spine.require_state(spine.lock(Project, pk), "record_vote") for pk in sorted(ids)}
        taken = Project.objects.filter(year=year, status=ProjectStatus.SELECTED).count()
        places = year.places - taken
        try:
            result = rules.select(tallies, places=places, total_entitled=total_entitled)
        except ValueError as exc:
            raise ApplicationError(_("票数合计不能超过全体代表人数"), field="counts") from exc
        number = VoteRound.objects.filter(year=year).count() + 1
        rank = {key: taken + i + 1 for i, key in enumerate(result.selected)}
        for key, tally in tallies.items():
            project = locked[int(key)]
            if key in rank:
                state = ProjectStatus.SELECTED
            elif key in result.revote_among:
                state = ProjectStatus.SHORTLISTED
            else:
                state = ProjectStatus.NOT_SELECTED
            spine.set_state(project, "record_vote", state)
            project.votes_yes, project.votes_no, project.votes_abstain = tally.yes, tally.no, tally.abstain
            project.rank = rank.get(key)
            project.revote = key in result.revote_among
            project.save()
        stored = {
            "tallies": {k: [t.yes, t.no, t.abstain] for k, t in tallies.items()},
            "threshold": result.threshold,
            "ranked": list(result.ranked),
            "passing": list(result.passing),
            "selected": list(result.selected),
            "revote_among": list(result.revote_among),
            "revote_places": result.revote_places,
            "shortfall": result.shortfall,
        }
        vote = VoteRound.objects.create(
            year=year,
            number=number,
            places=places,
            total_entitled=total_entitled,
            result=stored,
            recorded_by=user_of(actor),
        )
        event_record(actor=actor, action="livelihood_vote", obj=year, changes={"round": number, **stored})
    return vote


# --- implementation and evaluation ----------------------------------------------------------------------


def project_report(*, actor: ActorLike, project_id: int, text: str, percent: int) -> ProgressReport:
    """A progress report on a selected project: its owner unit or staff (§4.5)."""
    actor = as_actor(actor)
    text = _text(text, "text", limit=MAX_TEXT)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ApplicationError(_("完成进度应为 0–100"), field="percent")
    spine.require(actor, _visible(actor, project_id), "report")
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project_id), "report")
        report = ProgressReport.objects.create(
            project=project, text=text, percent=percent, reported_by=user_of(actor)
        )
        project.save(update_fields=["updated_at"])
        event_record(actor=actor, action="livelihood_report", obj=project, changes={"percent": percent})
    return report


def project_evaluate(
    *,
    actor: ActorLike,
    project_id: int,
    satisfied: int,
    basic: int,
    unsatisfied: int,
    abstain: int,
    entitled: int,
) -> Project:
    """selected → evaluated: the year-end count (满意/基本满意/不满意/弃权) and its grade (§4.6, 镇海)."""
    try:
        grade = rules.grade(
            satisfied=satisfied, basic=basic, unsatisfied=unsatisfied, abstain=abstain, entitled=entitled
        )
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("票数无效：各项票数之和不能超过应参加测评人数"), field="entitled") from exc
    counts = {"satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied, "abstain": abstain}

    def change(p: Project) -> dict:
        p.eval_counts = {**counts, "entitled": entitled}
        p.grade = grade.value
        return {"grade": grade.value, **p.eval_counts}

    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "evaluate")
    return _move(actor, project, "evaluate", change)
