"""Every read of livelihood projects, starting from Project.objects.restrict(actor, action)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike
from renda.core.errors import NotFound
from renda.core.events import label
from renda.core.models import Event
from renda.deputies.choices import COUNCIL_POSITIONS
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.insight import services as insight
from renda.livelihood import documents, rules
from renda.livelihood.models import (
    DelegationNote,
    Inspection,
    InspectionStatus,
    Milestone,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectPoll,
    ProjectStatus,
    ProjectYear,
    ShortlistReview,
    SupervisionGroup,
    VoteRound,
)
from renda.meetings.choices import SessionStatus
from renda.meetings.models import AgendaItem
from renda.organization import selectors as organization_selectors
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
    found = Project.objects.select_related("year", "merged_into")
    project = found.filter(code=normal).first() if normal else None
    if project is None:
        raise NotFound(_("查询码无效或不存在"))
    return project


def candidates(actor: ActorLike, year: ProjectYear) -> list[Project]:
    """The year's candidates waiting for the vote (or the revote), in the order of the ballot."""
    return list(project_list(actor, year=year, status=["shortlisted"]).order_by("pk"))


def vote_refusal(actor: ActorLike, year: ProjectYear, listed: list[Project]) -> str:
    """Why the year's vote may not be opened or recorded now (the step still missing: the council's review,
    the 差额), or "" — the table's guard, read once for the candidates `listed`."""
    if not listed:
        return ""
    first = listed[0]
    first.year = year
    refused = spine.refusal(actor, first, "record_vote")
    return "" if refused is None else str(refused.message)


def public_projects(year: ProjectYear) -> QuerySet[Project]:
    """What the public page shows: the candidates and what became of them, with progress, no personal data."""
    reports = Prefetch(
        "reports",
        queryset=ProgressReport.objects.order_by("-reported_at", "-id").prefetch_related("photos"),
    )
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


# --- implementation: milestones, lagging, photos (§4.5) --------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def milestones(project: Project, today: dt.date | None = None) -> list[Milestone]:
    """The project's milestones in planned order, each with `lagging` and `days_late` (rules)."""
    day, grace = _today(today), project.year.lag_grace_days
    out = list(Milestone.objects.filter(project=project).order_by("planned", "id"))
    for m in out:
        m.lagging = rules.milestone_lagging(m.planned, m.done, day, grace)  # type: ignore[attr-defined]
        m.days_late = rules.days_late(m.planned, m.done, day)  # type: ignore[attr-defined]
    return out


def lagging_ids(year: ProjectYear, today: dt.date | None = None) -> set[int]:
    """The ids of the year's selected projects with a lagging milestone (rules.lag_cutoff: the query form of
    rules.milestone_lagging)."""
    cutoff = rules.lag_cutoff(_today(today), year.lag_grace_days)
    return set(
        Milestone.objects.filter(
            project__year=year,
            project__status=ProjectStatus.SELECTED,
            done__isnull=True,
            planned__lt=cutoff,
        ).values_list("project_id", flat=True)
    )


def lagging_count(actor: ActorLike, today: dt.date | None = None) -> int:
    """How many selected projects `actor` may see lag, over every year (the home tile)."""
    day = _today(today)
    late = Q(pk__in=[])
    for year_id, grace in ProjectYear.objects.values_list("pk", "lag_grace_days"):  # one query: the years
        late |= Q(year_id=year_id, milestones__done__isnull=True,
                  milestones__planned__lt=rules.lag_cutoff(day, grace))  # fmt: skip
    lagging = Project.objects.filter(late, status=ProjectStatus.SELECTED).values("pk")
    return Project.objects.restrict(actor).filter(pk__in=lagging).count()  # and one: the count


def photo(actor: ActorLike, pk: int) -> ProgressPhoto:
    """A progress photo, when its project is one `actor` may read or a public one; else NotFound."""
    found = ProgressPhoto.objects.select_related("report").filter(pk=pk).first()
    if found is not None:
        project_id = found.report.project_id
        public = Project.objects.restrict(None, "public").filter(pk=project_id)
        if public.exists() or Project.objects.restrict(actor).filter(pk=project_id).exists():
            return found
    raise NotFound(_("未找到该照片"))


# --- the supervision group (§4.5) ----------------------------------------------------------------------


def group_of(year: ProjectYear) -> SupervisionGroup | None:
    return (
        SupervisionGroup.objects.filter(year=year)
        .select_related("leader")
        .prefetch_related("members")
        .first()
    )


def inspections(
    actor: ActorLike,
    *,
    year: ProjectYear | None = None,
    project: Project | None = None,
    open_only: bool = False,
) -> QuerySet[Inspection]:
    """The inspections `actor` may see (InspectionPolicy), newest first."""
    qs = Inspection.objects.restrict(actor).select_related("project", "project__owner_unit", "recorded_by")
    if year is not None:
        qs = qs.filter(group__year=year)
    if project is not None:
        qs = qs.filter(project=project)
    if open_only:
        qs = qs.filter(status=InspectionStatus.OPEN)
    return qs.order_by("-day", "-id")


def inspection_detail(actor: ActorLike, pk: int) -> Inspection:
    return spine.get_visible(Inspection, actor, pk)


def unanswered_count(actor: ActorLike) -> int:
    return Inspection.objects.restrict(actor).filter(status=InspectionStatus.OPEN).count()


# --- the year's notices (GB/T 9704) ------------------------------------------------------------------------


def year_sheet(year: ProjectYear) -> documents.YearSheet:
    """The plain rows of the year's 票决结果公告 and 测评结果通报: every candidate voted on, the first round's
    threshold and base, the last round's revote and shortfall."""
    congress = organization_selectors.congress_name()
    projects = (
        Project.objects.filter(year=year, votes_yes__isnull=False)
        .select_related("owner_unit")
        .order_by(BY_RANK, F("votes_yes").desc(), "pk")
    )
    rows = [
        documents.Row(
            title=p.title,
            owner_unit=p.owner_unit.name if p.owner_unit else "",
            rank=p.rank,
            yes=p.votes_yes,
            no=p.votes_no,
            abstain=p.votes_abstain,
            status=str(p.get_status_display()) + (_("（待重新票决）") if p.revote else ""),
            grade=str(p.get_grade_display()) if p.grade else "",
            satisfied=p.eval_counts.get("satisfied"),
            basic=p.eval_counts.get("basic"),
            unsatisfied=p.eval_counts.get("unsatisfied"),
            eval_abstain=p.eval_counts.get("abstain"),
            rereport=p.rereport,
        )
        for p in projects
    ]
    all_rounds = list(rounds(year))
    first, last = (all_rounds[0], all_rounds[-1]) if all_rounds else (None, None)
    revote = [r.title for r in Project.objects.filter(year=year, revote=True).order_by("pk")]
    return documents.YearSheet(
        congress=congress or _("人民代表大会"),
        year=year.year,
        places=year.places,
        total_entitled=first.total_entitled if first else None,
        threshold=first.result.get("threshold") if first else None,
        rows=rows,
        revote_among=revote,
        shortfall=int(last.result.get("shortfall", 0)) if last else 0,
        date=timezone.localdate(),
    )


def group_leaders() -> QuerySet[Deputy]:
    """The deputies who may lead a supervision group: serving members of the council of chairpersons."""
    ids = StandingCommitteeMember.objects.filter(
        end_date__isnull=True, position__in=list(COUNCIL_POSITIONS)
    ).values("deputy_id")
    return Deputy.objects.filter(pk__in=ids).order_by("name", "pk")


def group_deputies() -> QuerySet[Deputy]:
    return Deputy.objects.filter(status="active").order_by("delegation_id", "name", "pk")


def inspectable(year: ProjectYear) -> QuerySet[Project]:
    """The year's projects a supervision group inspects: selected (being built) or evaluated."""
    return Project.objects.filter(
        year=year, status__in=[ProjectStatus.SELECTED, ProjectStatus.EVALUATED]
    ).order_by(BY_RANK, "pk")


# --- duplicates, the council's review, the delegations' notes (§4.1, §4.2) -------------------------------

INDEX_SOURCE = "livelihood"  # services.INDEX_SOURCE
IN_COLLECTION = (ProjectStatus.COLLECTED, ProjectStatus.ACCEPTED, ProjectStatus.SHORTLISTED)


def index_rows():
    """(id, text, year) of every proposal still in the collection or on the shortlist: insight's
    similar-items source "livelihood" (registered in apps.ready; the index is rebuilt from it)."""
    rows = Project.objects.filter(status__in=IN_COLLECTION).values_list(
        "pk", "title", "location", "description", "year__year"
    )
    for pk, title, location, description, year in rows.iterator(chunk_size=2000):
        yield pk, "\n".join(x for x in (title, location, description) if x), year


def similar_projects(actor: ActorLike, project: Project, top: int = 5) -> list[tuple[Project, float]]:
    """The proposals of the same year most like `project` (insight's similar items), that it may be merged
    into: still in the collection or on the shortlist, visible to `actor`; with the similarity (0–1)."""
    text = "\n".join(x for x in (project.title, project.location, project.description) if x)
    matches = [
        m
        for m in insight.similar_items(
            text, top=top * 3, exclude=[(INDEX_SOURCE, str(project.pk))], sources=(INDEX_SOURCE,)
        )
    ]
    ids = [int(m.object_id) for m in matches]
    found = Project.objects.restrict(actor).filter(
        pk__in=ids, year_id=project.year_id, status__in=IN_COLLECTION
    )
    by_id = {p.pk: p for p in found}
    return [(by_id[int(m.object_id)], m.score) for m in matches if int(m.object_id) in by_id][:top]


def merged_into_this(project: Project) -> list[Project]:
    """The proposals merged into `project` (the link kept)."""
    return list(project.merged.order_by("pk"))


def reviews(year: ProjectYear) -> list[ShortlistReview]:
    return list(ShortlistReview.objects.filter(year=year).order_by("meeting_date", "pk"))


def delegation_notes(project: Project) -> list[DelegationNote]:
    return list(DelegationNote.objects.filter(project=project).select_related("delegation"))
