"""The session's vote (票决, §4.4): a count entered by staff (`vote_record`) or the secret ballot through the
voting engine (`vote_open`, `vote_close`); the rules select, rank and leave ties to a revote."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound
from renda.core.services import event_record
from renda.livelihood import rules
from renda.livelihood.models import (
    PollPurpose,
    Project,
    ProjectPoll,
    ProjectStatus,
    ProjectYear,
    VoteMode,
    VoteRound,
)
from renda.livelihood.services._common import _year
from renda.voting import services as voting
from renda.voting.choices import PollKind, PollMethod, PollStatus

# --- the vote (票决) ---------------------------------------------------------------------------------


def vote_record(
    *, actor: ActorLike, year_id: int, total_entitled: int, counts: Mapping[int, tuple[int, int, int]]
) -> VoteRound:
    """Record the session's count for every shortlisted project of the year at once (§4.4).

    `counts` maps each candidate's id to (赞成, 反对, 弃权) — all of them, none other. The rules select:
    selected (ranked), not selected, or tied across the last place (still shortlisted, marked for the revote,
    which is recorded the same way among them for the places left). Every candidate is required
    ("record_vote": staff) before any is locked; the 差额 guard and the state again under the lock.
    """
    actor = as_actor(actor)
    year = ProjectYear.objects.filter(pk=year_id).first()
    if year is None:
        raise NotFound(_("未找到该年度"))
    visible = Project.objects.restrict(actor).select_related("year")
    candidates = _share_year(list(visible.filter(year=year, status=ProjectStatus.SHORTLISTED).order_by("pk")))
    if not candidates:
        raise ApplicationError(_("没有待票决的候选项目"), code="wrong_state", status=409)
    for project in candidates:
        # The 差额 guard reads the year's counts, which a concurrent record changes: it is checked once, under
        # the lock (_record_round), so the clerk who comes second is told the candidates were already voted.
        spine.require(actor, project, "record_vote", guard=False)
    if _open_poll(year.pk, PollPurpose.VOTE) is not None:
        raise ApplicationError(_("代表正在票决，请结束票决后由系统计票"), code="vote_open", status=409)
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
        vote = _record_round(actor, year_id, ids, tallies, total_entitled)
    return vote


def _record_round(
    actor,
    year_id: int,
    ids: set[int],
    tallies: Mapping[str, rules.ProjectTally],
    total_entitled: int,
    *,
    poll_id: int | None = None,
    void: int = 0,
) -> VoteRound:
    """Inside the caller's transaction, after its spine.require of every candidate: lock the year and the
    candidates, select by the rules (§4.4), move each candidate, store the round and its Event."""
    year = ProjectYear.objects.select_for_update().get(pk=year_id)
    locked = {pk: spine.require_state(p, "record_vote") for pk, p in spine.lock_many(Project, ids).items()}
    spine.require_locked(actor, locked[min(ids)], "record_vote")  # the 差额 guard, on locked counts
    taken = Project.objects.filter(year=year, status=ProjectStatus.SELECTED).count()
    places = year.places - taken
    try:
        result = rules.select(tallies, places=places, total_entitled=total_entitled)
    except ValueError as exc:
        raise ApplicationError(_("票数合计不能超过全体代表人数"), field="counts") from exc
    number = VoteRound.objects.filter(year=year).count() + 1
    rank = {key: taken + place for key, place in result.ranks.items()}  # equal votes: the same rank
    now = timezone.now()
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
        project.updated_at = now
    _write_counts([locked[int(key)] for key in tallies])
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
    if poll_id is not None:
        stored |= {"poll": poll_id, "void_ballots": void}
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


def _write_counts(projects: list[Project]) -> None:
    """Store each project's state, count and rank (set by `_record_round` on the locked rows): one UPDATE
    statement run for every row (executemany), where `save()` per project cost a statement built by the ORM
    and every field written, and `bulk_update` one CASE per field and row to build. No post_save is sent:
    the public page's cache moves on with the VoteRound the caller creates next (a livelihood row:
    renda.livelihood.publiccache)."""
    q = connection.ops.quote_name
    columns = ("status", "votes_yes", "votes_no", "votes_abstain", "rank", "revote", "updated_at")
    sql = (
        f"UPDATE {q(Project._meta.db_table)} SET {', '.join(f'{q(c)} = %s' for c in columns)} "
        f"WHERE {q('id')} = %s"
    )
    stamp = connection.ops.adapt_datetimefield_value
    rows = [
        (p.status, p.votes_yes, p.votes_no, p.votes_abstain, p.rank, p.revote, stamp(p.updated_at), p.pk)
        for p in projects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- the vote and the evaluation through the voting engine (renda.voting) --------------------------------


def _share_year(projects: list[Project]) -> list[Project]:
    """The projects (read with their year) sharing one instance of it: the "margin" guard reads the year's
    counts once for all of them (ProjectPolicy.guard) within this one call."""
    if projects:
        year = projects[0].year
        for p in projects:
            p.year = year
    return projects


def _open_poll(year_id: int, purpose: str) -> ProjectPoll | None:
    """The year's project poll of `purpose` not yet closed (draft or open), if any."""
    return (
        ProjectPoll.objects.select_related("poll")
        .filter(year_id=year_id, purpose=purpose, poll__status__in=(PollStatus.DRAFT, PollStatus.OPEN))
        .first()
    )


def _poll_to_close(actor, year_id: int, purpose: str, refused) -> tuple[ProjectPoll, list[str], QuerySet]:
    """The year's poll of `purpose` still open (else 409 `refused`), the keys of its ballot's projects and
    those projects read through the actor's scope."""
    link = _open_poll(year_id, purpose)
    if link is None:
        raise ApplicationError(refused, code="wrong_state", status=409)
    keys = [str(o["key"]) for o in link.poll.options]
    return link, keys, Project.objects.restrict(actor).select_related("year").filter(pk__in=keys)


def _options(projects: list[Project]) -> list[dict]:
    return [{"key": str(p.pk), "label": p.title} for p in projects]


def _start_poll(
    actor, year: ProjectYear, purpose: str, projects: list[Project], *, item_id: int, method: str, **poll
) -> ProjectPoll:
    """Create and open the engine's poll for `projects` and link it to the year (one transaction: a refusal of
    the opening — the session not running, no quorum — leaves nothing behind)."""
    if method not in PollMethod.values:
        raise ApplicationError(_("表决方式无效"), field="method")
    with transaction.atomic():
        ProjectYear.objects.select_for_update().get(pk=year.pk)  # one open poll per purpose and year
        if _open_poll(year.pk, purpose) is not None:
            raise ApplicationError(_("本年度已有进行中的表决"), code="already_open", status=409)
        created = voting.poll_create(
            actor=actor, item_id=item_id, secret=True, method=method, options=_options(projects), **poll
        )
        opened = voting.poll_open(actor=actor, poll_id=created.pk)
        link = ProjectPoll.objects.create(year=year, poll=opened, purpose=purpose)
        event_record(
            actor=actor,
            action={"vote": "livelihood_vote_open", "evaluation": "livelihood_evaluation_open"}[purpose],
            obj=year,
            changes={"poll": opened.pk, "projects": [p.pk for p in projects], "method": method},
        )
    return link


def vote_open(
    *, actor: ActorLike, year_id: int, item_id: int, method: str = PollMethod.ELECTRONIC
) -> ProjectPoll:
    """Open the session's secret vote of the year's candidates (§4.4) on agenda item `item_id`: one ballot
    covering every candidate (for a revote: those tied), each marked 赞成/反对/弃权, or — the year's
    setting "choose up to N" — at most N marked 赞成, N the places left. Electronic (the deputies' phones,
    voting's page and cast API) or paper (voting's double entry). Every candidate is required
    ("record_vote": staff, the 差额 guard) before anything is written; the voting engine then checks the
    session (in progress, quorate) as for any poll. Closed by `vote_close`."""
    actor = as_actor(actor)
    year = _year(year_id)
    visible = Project.objects.restrict(actor).select_related("year")
    candidates = _share_year(list(visible.filter(year=year, status=ProjectStatus.SHORTLISTED).order_by("pk")))
    if not candidates:
        raise ApplicationError(_("没有待票决的候选项目"), code="wrong_state", status=409)
    for project in candidates:
        spine.require(actor, project, "record_vote")
    places = year.places - Project.objects.filter(year=year, status=ProjectStatus.SELECTED).count()
    rounds = VoteRound.objects.filter(year=year).count()
    title = _("%(year)s年民生实事项目票决") % {"year": year.year}
    if rounds:
        title += _("（第 %(n)s 轮）") % {"n": rounds + 1}
    return _start_poll(
        actor,
        year,
        PollPurpose.VOTE,
        candidates,
        item_id=item_id,
        method=method,
        kind=PollKind.LIST,
        title=title,
        seats=places,
        max_choices=places if year.vote_mode == VoteMode.CHOOSE else None,
    )


def _close_engine_poll(actor, link: ProjectPoll) -> list[dict[str, str]]:
    """Close the engine's poll (shuffle, tally, digest, its Event) in the caller's transaction; answer the
    ballots as the close stored them, each {project id: mark} (what renda.voting.selectors.list_ballots
    would read back)."""
    poll, payloads = voting.poll_close_ballots(actor=actor, poll_id=link.poll.pk)
    link.poll = poll
    return [p["options"] for p in payloads]


def vote_close(*, actor: ActorLike, year_id: int) -> VoteRound:
    """Close the year's open project vote and write its result to the projects (§4.4): the engine closes the
    poll (secret ballots re-stored shuffled, digest); the livelihood count (rules.count_ballots: void
    "choose up to N" ballots, more than half of ALL deputies, ranked, top N, a tie across the last place to
    a revote, a shortfall) decides, and each candidate moves as by `vote_record` — one transaction.
    A void paper vote (more ballots returned than issued) selects nothing: the round records it and the
    candidates wait for a new vote."""
    actor = as_actor(actor)
    year = _year(year_id)
    link, keys, on_ballot = _poll_to_close(actor, year.pk, PollPurpose.VOTE, _("本年度没有进行中的项目票决"))
    candidates = _share_year(list(on_ballot))
    for project in candidates:  # read through the actor's scope above: no second scope query per candidate
        spine.require(actor, project, "record_vote", check_scope=False)
    with transaction.atomic():
        ballots = _close_engine_poll(actor, link)
        poll = link.poll
        void_poll = bool(poll.result.get("void"))
        mode = VoteMode.CHOOSE if poll.max_choices else VoteMode.APPROVE  # as the ballot was opened
        if void_poll:
            ballots = []
        tallies, void, _selection = rules.count_ballots(
            ballots, projects=keys, mode=mode, places=poll.seats, total_entitled=poll.total_entitled
        )
        vote = _record_round(
            actor,
            year.pk,
            {int(k) for k in keys},
            tallies,
            poll.total_entitled,
            poll_id=poll.pk,
            void=void,
        )
        if void_poll:
            vote.result |= {"void": True}
            vote.save(update_fields=["result"])
        link.round = vote
        link.save(update_fields=["round"])
    return vote
