"""Implementation and supervision (§4.5): progress reports with photos, milestones, the supervision group, its
inspections and the owner unit's answers."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.deputies.choices import COUNCIL_POSITIONS
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.livelihood import photos, rules
from renda.livelihood.models import (
    Inspection,
    Milestone,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectStatus,
    ProjectYear,
    SupervisionGroup,
)
from renda.livelihood.permissions import can_manage, in_group
from renda.livelihood.services._common import MAX_TEXT, _visible, _year

# --- implementation and evaluation ----------------------------------------------------------------------


def project_report(
    *, actor: ActorLike, project_id: int, text: str, percent: int, photos_in: Sequence[bytes] = ()
) -> ProgressReport:
    """A progress report on a selected project: its owner unit or staff (§4.5), with up to
    rules.PHOTOS_PER_REPORT photos (each decoded: JPEG or PNG only, re-encoded without EXIF, a thumbnail);
    every photo is checked before anything is stored."""
    actor = as_actor(actor)
    text = _text(text, "text", limit=MAX_TEXT)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ApplicationError(_("完成进度应为 0–100"), field="percent")
    if len(photos_in) > rules.PHOTOS_PER_REPORT:
        raise ApplicationError(
            _("每次最多上传 %(n)s 张照片") % {"n": rules.PHOTOS_PER_REPORT}, field="photos"
        )
    spine.require(actor, _visible(actor, project_id), "report")
    cleaned = [photos.clean(data) for data in photos_in]
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project_id), "report")
        report = ProgressReport.objects.create(
            project=project, text=text, percent=percent, reported_by=user_of(actor)
        )
        for i, photo in enumerate(cleaned, 1):
            stored = ProgressPhoto(
                report=report,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
            )
            name = f"{report.pk}-{i}-{secrets.token_hex(4)}"
            stored.image.save(f"{name}.{photo.extension}", ContentFile(photo.image), save=False)
            stored.thumbnail.save(f"{name}-t.{photo.extension}", ContentFile(photo.thumbnail), save=False)
            stored.save()
        project.save(update_fields=["updated_at"])
        event_record(
            actor=actor,
            action="livelihood_report",
            obj=project,
            changes={"percent": percent, "photos": len(cleaned)},
        )
    return report


# --- milestones (§4.5) ------------------------------------------------------------------------------------


def milestone_add(*, actor: ActorLike, project_id: int, title: str, planned: datetime.date) -> Milestone:
    """A milestone of a selected project with its planned date: the owner unit or staff ("plan")."""
    actor = as_actor(actor)
    title = _text(title, "title", limit=200)
    if not isinstance(planned, datetime.date):
        raise ApplicationError(_("请填写计划完成日期"), field="planned")
    spine.require(actor, _visible(actor, project_id), "plan")
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project_id), "plan")
        milestone = Milestone.objects.create(
            project=project, title=title, planned=planned, created_by=user_of(actor)
        )
        event_record(
            actor=actor,
            action="livelihood_milestone",
            obj=project,
            changes={"milestone": milestone.pk, "title": title, "planned": planned},
        )
    return milestone


def milestone_done(
    *, actor: ActorLike, project_id: int, milestone_id: int, done: datetime.date | None = None
) -> Milestone:
    """Mark a milestone done on `done` (today by default; not in the future): the owner unit or staff."""
    actor = as_actor(actor)
    today = timezone.localdate()
    done = done or today
    if not isinstance(done, datetime.date) or done > today:
        raise ApplicationError(_("完成日期不能晚于今天"), field="done")
    spine.require(actor, _visible(actor, project_id), "plan")
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project_id), "plan")
        milestone = Milestone.objects.filter(pk=milestone_id, project=project).first()
        if milestone is None:
            raise NotFound(_("未找到该实施节点"))
        if milestone.done is not None:
            raise ApplicationError(_("该节点已完成"), code="wrong_state", status=409)
        milestone.done = done
        milestone.save(update_fields=["done"])
        event_record(
            actor=actor,
            action="livelihood_milestone_done",
            obj=project,
            changes={"milestone": milestone.pk, "done": done},
        )
    return milestone


# --- the supervision group (监督小组, §4.5) ---------------------------------------------------------------


def _council_leader(deputy_id: int) -> bool:
    return StandingCommitteeMember.objects.filter(
        deputy_id=deputy_id, end_date__isnull=True, position__in=list(COUNCIL_POSITIONS)
    ).exists()


def group_save(
    *, actor: ActorLike, year_id: int, leader_id: int, member_ids: Sequence[int]
) -> SupervisionGroup:
    """Set up (or change) the year's supervision group (staff): led by a standing-committee leader (a
    serving member of the council of chairpersons), its members deputies."""
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以设置监督小组"))
    year = _year(year_id)
    if not _council_leader(leader_id):
        raise ApplicationError(_("监督小组组长应由常委会领导担任"), field="leader_id")
    members = sorted(set(member_ids) - {leader_id})
    if Deputy.objects.filter(pk__in=members).count() != len(members):
        raise ApplicationError(_("请选择代表"), field="member_ids")
    with transaction.atomic():
        ProjectYear.objects.select_for_update().get(pk=year.pk)
        group, created = SupervisionGroup.objects.update_or_create(
            year=year, defaults={"leader_id": leader_id}
        )
        group.members.set(members)
        event_record(
            actor=actor,
            action="livelihood_group",
            obj=year,
            changes={"created": created, "leader": leader_id, "members": members},
        )
    return group


def inspection_record(
    *,
    actor: ActorLike,
    project_id: int,
    day: datetime.date,
    findings: str,
    opinion: str,
) -> Inspection:
    """An inspection of a selected (or evaluated) project by its year's supervision group: a member of the
    group or staff records the day, the findings and the group's opinion, for the owner unit to answer."""
    actor = as_actor(actor)
    findings = _text(findings, "findings", limit=MAX_TEXT)
    opinion = _text(opinion, "opinion", limit=MAX_TEXT)
    project = Project.objects.select_related("year").filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("未找到该民生实事项目"))
    group = SupervisionGroup.objects.filter(year_id=project.year_id).first()
    if group is None:
        raise ApplicationError(_("本年度尚未设置监督小组"), code="no_group", status=409)
    if not (can_manage(actor) or in_group(actor, group)):
        raise PermissionDenied(_("只有监督小组成员或人大工作人员可以记录视察"))
    if project.status not in (ProjectStatus.SELECTED, ProjectStatus.EVALUATED):
        raise ApplicationError(_("只能视察票决入选的项目"), code="wrong_state", status=409)
    if not isinstance(day, datetime.date) or day > timezone.localdate():
        raise ApplicationError(_("视察日期不能晚于今天"), field="day")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            group=group,
            project=project,
            day=day,
            findings=findings,
            opinion=opinion,
            recorded_by=user_of(actor),
        )
        event_record(
            actor=actor,
            action="livelihood_inspect",
            obj=inspection,
            changes={"project": project.pk, "day": day},
        )
    return inspection


def inspection_answer(
    *, actor: ActorLike, inspection_id: int, answer: str, day: datetime.date | None = None
) -> Inspection:
    """open → answered: the owner unit answers the group's opinion (text, date; staff may enter a paper
    answer)."""
    actor = as_actor(actor)
    answer = _text(answer, "answer", limit=MAX_TEXT)
    today = timezone.localdate()
    day = day or today
    if not isinstance(day, datetime.date) or day > today:
        raise ApplicationError(_("答复日期不能晚于今天"), field="day")
    inspection = spine.require(actor, spine.get_visible(Inspection, actor, inspection_id), "answer")
    with transaction.atomic():
        locked = spine.require_state(spine.lock(Inspection, inspection.pk), "answer")
        if day < locked.day:
            raise ApplicationError(_("答复日期不能早于视察日期"), field="day")
        old = locked.status
        spine.set_state(locked, "answer")
        locked.answer, locked.answered_on, locked.answered_by = answer, day, user_of(actor)
        locked.save()
        event_record(
            actor=actor,
            action="livelihood_answer",
            obj=locked,
            changes={"status": [old, locked.status], "day": day},
        )
    return locked
