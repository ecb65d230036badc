"""Every read of livelihood projects, starting from Project.objects.restrict(actor, action)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike
from renda.core.errors import NotFound
from renda.core.events import label
from renda.core.models import Event
from renda.livelihood import rules
from renda.livelihood.models import ProgressReport, Project, ProjectPoll, ProjectYear, VoteRound
from renda.meetings.choices import SessionStatus
from renda.meetings.models import AgendaItem
from renda.voting import selectors as voting_selectors
from renda.voting.choices import PollStatus

BY_RANK = F("rank").asc(nulls_last=True)


def years() -> QuerySet[ProjectYear]:
    return ProjectYear.objects.all()


def year_of(year: int | str | None) -> ProjectYear | None:
    """The year asked for, else the latest one."""
    qs = ProjectYear.objects.all()
    if year:
        try:
            return qs.filter(year=int(year)).first()
        except (TypeError, ValueError):
            return None
    return qs.first()


def project_list(
    actor: ActorLike, *, year: ProjectYear | None, status: list[str] | None = None
) -> QuerySet[Project]:
    qs = (
        Project.objects.restrict(actor).select_related("year", "owner_unit").order_by("status", BY_RANK, "pk")
    )
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status__in=status)
    return qs


def project_detail(actor: ActorLike, pk: int) -> Project:
    return spine.get_visible(Project, actor, pk)


def project_by_code(code: str) -> Project:
    """The proposal a tracking code names (the public status page: the code is the proposer's key), else
    NotFound."""
    normal = rules.normalize_code(code)
    project = Project.objects.select_related("year").filter(code=normal).first() if normal else None
    if project is None:
        raise NotFound(_("查询码无效或不存在"))
    return project


def candidates(actor: ActorLike, year: ProjectYear) -> list[Project]:
    """The year's candidates waiting for the vote (or the revote), in the order of the ballot."""
    return list(project_list(actor, year=year, status=["shortlisted"]).order_by("pk"))


def public_projects(year: ProjectYear) -> QuerySet[Project]:
    """What the public page shows: the candidates and what became of them, with progress, no personal data."""
    reports = Prefetch("reports", queryset=ProgressReport.objects.order_by("-reported_at", "-id"))
    return (
        Project.objects.restrict(None, "public")
        .filter(year=year)
        .select_related("owner_unit")
        .prefetch_related(reports)
        .order_by(BY_RANK, F("votes_yes").desc(nulls_last=True), "pk")
        .only(
            "title", "location", "status", "owner_unit__name", "budget", "scope", "start_date", "end_date",
            "votes_yes", "votes_no", "votes_abstain", "rank", "grade", "revote", "year_id", "description",
            "rereport", "eval_counts",
        )
    )  # fmt: skip


def rounds(year: ProjectYear) -> QuerySet[VoteRound]:
    return VoteRound.objects.filter(year=year).order_by("number")


def timeline(project: Project) -> list[dict]:
    """The project's events, oldest first, each with its label."""
    ct = ContentType.objects.get_for_model(Project)
    events = Event.objects.filter(content_type=ct, object_id=str(project.pk)).select_related("actor")
    return [{"label": label(e.action), "event": e} for e in events.order_by("created_at", "id")]


def evaluable(actor: ActorLike, year: ProjectYear) -> list[Project]:
    """The year's selected projects waiting for the year-end evaluation, in rank order."""
    return list(project_list(actor, year=year, status=["selected"]).order_by(BY_RANK, "pk"))


def session_items() -> QuerySet[AgendaItem]:
    """The agenda items a vote may be opened on: those of the sessions in progress."""
    return (
        AgendaItem.objects.filter(session__status=SessionStatus.IN_PROGRESS)
        .select_related("session")
        .order_by("session__start_date", "session_id", "order", "id")
    )


def polls(year: ProjectYear, purpose: str) -> list[ProjectPoll]:
    """The year's polls of `purpose` (the vote's rounds, the evaluation), oldest first."""
    qs = ProjectPoll.objects.filter(year=year, purpose=purpose).select_related("poll", "round")
    return list(qs.order_by("created_at", "id"))


def open_poll(year: ProjectYear, purpose: str) -> ProjectPoll | None:
    """The year's poll of `purpose` now open, with its turnout (`turnout`), if any."""
    link = next((p for p in polls(year, purpose) if p.poll.status == PollStatus.OPEN), None)
    if link is not None:
        link.turnout = voting_selectors.turnout(link.poll)
    return link
