"""The shortlist (初定, §4.2) and its review (审议, §4.3): candidates with owner unit, budget and timeline,
taken back while the vote is not recorded; the council's review of the shortlist; the delegations' notes."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.livelihood.models import (
    DelegationNote,
    PollPurpose,
    Project,
    ProjectStatus,
    ProjectYear,
    ReviewBody,
    ReviewOutcome,
    ShortlistReview,
)
from renda.livelihood.permissions import note_delegations
from renda.livelihood.services._common import MAX_TEXT, _decimal, _move, _visible
from renda.livelihood.services.vote import _open_poll
from renda.organization.models import Delegation, HandlingUnit


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
    """shortlisted → accepted: the candidate withdrawn before the vote is recorded — never while the
    deputies are voting on it (an open project vote of its year)."""
    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "unlist")
    if _open_poll(project.year_id, PollPurpose.VOTE) is not None:
        raise ApplicationError(_("代表正在票决，不能撤出候选项目"), code="vote_open", status=409)
    return _move(actor, project, "unlist")


# --- the council's review of the shortlist, the delegations' notes (§4.2) ----------------------------------


def shortlist_review(
    *,
    actor: ActorLike,
    year_id: int,
    body: str,
    meeting_date: datetime.date,
    outcome: str,
    opinion: str = "",
) -> ShortlistReview:
    """Record the review of the year's shortlist by the council of chairpersons (主任会议) or the standing
    committee before the session: every candidate ("review": staff) as it stands, the day (not in the
    future), the outcome and the opinion (required when the meeting asks for changes)."""
    actor = as_actor(actor)
    year = ProjectYear.objects.filter(pk=year_id).first()
    if year is None:
        raise NotFound(_("未找到该年度"))
    if body not in ReviewBody.values:
        raise ApplicationError(_("请选择审议会议"), field="body")
    if outcome not in ReviewOutcome.values:
        raise ApplicationError(_("请选择审议意见"), field="outcome")
    if not isinstance(meeting_date, datetime.date) or meeting_date > timezone.localdate():
        raise ApplicationError(_("会议日期不能晚于今天"), field="meeting_date")
    opinion = _text(opinion, "opinion", limit=MAX_TEXT, required=outcome == ReviewOutcome.AMEND)
    visible = Project.objects.restrict(actor).filter(year=year, status=ProjectStatus.SHORTLISTED)
    candidates = list(visible.order_by("pk"))
    if not candidates:
        raise ApplicationError(_("没有待审议的候选项目"), code="wrong_state", status=409)
    for project in candidates:
        spine.require(actor, project, "review")
    with transaction.atomic():
        ProjectYear.objects.select_for_update().get(pk=year.pk)
        locked = [spine.require_state(spine.lock(Project, p.pk), "review") for p in candidates]
        review = ShortlistReview.objects.create(
            year=year,
            body=body,
            meeting_date=meeting_date,
            outcome=outcome,
            opinion=opinion,
            candidates=[[p.pk, p.title] for p in locked],
            recorded_by=user_of(actor),
        )
        event_record(
            actor=actor,
            action="livelihood_review",
            obj=year,
            changes={
                "review": review.pk,
                "body": body,
                "meeting_date": meeting_date,
                "outcome": outcome,
                "projects": [p.pk for p in locked],
            },
        )
    return review


def delegation_note_add(
    *, actor: ActorLike, project_id: int, delegation_id: int, text: str
) -> DelegationNote:
    """A delegation's discussion notes on a candidate ("discuss", §4.3): a deputy in office enters their own
    delegation's; staff any delegation's, from its record."""
    actor = as_actor(actor)
    text = _text(text, "text", limit=MAX_TEXT)
    project = spine.require(actor, _visible(actor, project_id), "discuss")
    allowed = note_delegations(actor)
    if allowed is not None and not allowed:
        raise PermissionDenied(_("只有在任代表可以录入本代表团的讨论意见"))
    delegation = Delegation.objects.filter(pk=delegation_id).first()
    if delegation is None:
        raise ApplicationError(_("请选择代表团"), field="delegation_id")
    if allowed is not None and delegation.pk not in allowed:
        raise PermissionDenied(_("代表只能录入本代表团的讨论意见"))
    with transaction.atomic():
        project = spine.require_state(spine.lock(Project, project.pk), "discuss")
        note = DelegationNote.objects.create(
            project=project, delegation=delegation, text=text, recorded_by=user_of(actor)
        )
        event_record(
            actor=actor,
            action="livelihood_discuss",
            obj=project,
            changes={"note": note.pk, "delegation": delegation.pk},
        )
    return note
