"""Collection and screening (征集、初筛, MISSION.md §4.1): the year's settings, proposals from every source
(the seam other apps call: `project_collect`), accept, reject with a reason, merge a duplicate."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.insight import services as insight
from renda.livelihood import rules
from renda.livelihood.models import (
    GradeRule,
    Project,
    ProjectStatus,
    ProjectYear,
    Source,
    VoteMode,
)
from renda.livelihood.permissions import can_manage, sources_for
from renda.livelihood.services._common import INDEX_SOURCE, MAX_TEXT, _move, _visible, index_text
from renda.organization.models import HandlingUnit

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
    grade_rule: str = GradeRule.ENTITLED,
    lag_grace_days: int = rules.LAG_GRACE_DAYS,
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
    if grade_rule not in GradeRule.values:
        raise ApplicationError(_("测评等次规则无效"), field="grade_rule")
    if not isinstance(lag_grace_days, int) or not 0 <= lag_grace_days <= rules.MAX_GRACE_DAYS:
        raise ApplicationError(
            _("宽限天数应为 0–%(n)s") % {"n": rules.MAX_GRACE_DAYS}, field="lag_grace_days"
        )
    values = dict(
        lag_grace_days=lag_grace_days,
        grade_rule=grade_rule,
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
    origin: str = "",
) -> Project:
    """A proposal, "collected" (§4.1): the public form (anyone, source "public"), a deputy, a unit, or staff
    entering a paper form (any source). Its tracking code is random; the answer carries it.

    The seam other apps call: the citizens' opinions app feeds an opinion into the collection with its staff
    actor, the source "public" and `origin` naming the record it came from ("opinions:12"; staff only).
    Every proposal is indexed for insight's similar items, where the staff find duplicates to merge."""
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
        origin=_text(origin, "origin", limit=64, required=False),
    )
    if data["origin"] and not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以转入其他渠道的意见"))
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
                    actor=actor,
                    action="livelihood_collect",
                    obj=project,
                    changes={"source": source, **({"origin": data["origin"]} if data["origin"] else {})},
                )
                insight.index_upsert(
                    source=INDEX_SOURCE, object_id=project.pk, text=index_text(project), year=year
                )
                return project
        except IntegrityError:
            continue
    raise ApplicationError(_("系统繁忙，请稍后再试"), status=503)


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


# --- duplicates (合并, §4.1): through insight's similar items --------------------------------------


def project_merge(*, actor: ActorLike, project_id: int, into_id: int, note: str = "") -> Project:
    """collected/accepted → merged into `into_id`, a proposal of the same year still in the collection or on
    the shortlist (not itself, not merged, not rejected). The link is kept both ways; the merged proposal
    leaves the similar-items index; its proposer's tracking page names the proposal it joined."""
    actor = as_actor(actor)
    note = _text(note, "note", limit=300, required=False)
    project = spine.require(actor, _visible(actor, project_id), "merge")
    if into_id == project_id:
        raise ApplicationError(_("不能合并到项目本身"), field="into_id")
    with transaction.atomic():
        ids = sorted({project_id, into_id})
        locked = {pk: Project.objects.select_for_update().filter(pk=pk).first() for pk in ids}
        project = spine.require_state(spine.lock(Project, project_id), "merge")
        target = locked[into_id]
        if target is None:
            raise ApplicationError(_("未找到要合并到的项目"), field="into_id")
        if target.year_id != project.year_id:
            raise ApplicationError(_("只能合并到同一年度的项目建议"), field="into_id")
        mergeable = (ProjectStatus.COLLECTED, ProjectStatus.ACCEPTED, ProjectStatus.SHORTLISTED)
        if target.status not in mergeable:
            raise ApplicationError(
                _("要合并到的项目（%(title)s）状态为%(status)s，不能接受合并")
                % {"title": target.title, "status": target.get_status_display()},
                field="into_id",
            )
        old = project.status
        spine.set_state(project, "merge")
        project.merged_into = target
        project.screen_note = note
        project.save()
        insight.index_remove(source=INDEX_SOURCE, object_id=project.pk)
        event_record(
            actor=actor,
            action="livelihood_merge",
            obj=project,
            changes={
                "status": [old, project.status],
                "into": target.pk,
                "into_code": target.code,
                "note": note,
            },
        )
    return project
