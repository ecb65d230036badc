"""Every write of livelihood projects (MISSION.md §4). Each action of the table: spine.require before the
row lock, the state checked again under the lock, an Event in the same transaction (labels in events.py).

`project_collect` is also the seam other apps call (citizens' opinions feed the collection through it).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.services import event_record
from renda.deputies.choices import COUNCIL_POSITIONS
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.livelihood import photos, rules
from renda.livelihood.models import (
    GradeRule,
    Inspection,
    Milestone,
    PollPurpose,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectPoll,
    ProjectStatus,
    ProjectYear,
    Source,
    SupervisionGroup,
    VoteMode,
    VoteRound,
)
from renda.livelihood.permissions import can_manage, in_group, sources_for
from renda.organization.models import HandlingUnit
from renda.voting import selectors as voting_selectors
from renda.voting import services as voting
from renda.voting.choices import PollKind, PollMethod, PollStatus

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
    """shortlisted → accepted: the candidate withdrawn before the vote is recorded — never while the
    deputies are voting on it (an open project vote of its year)."""
    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "unlist")
    if _open_poll(project.year_id, PollPurpose.VOTE) is not None:
        raise ApplicationError(_("代表正在票决，不能撤出候选项目"), code="vote_open", status=409)
    return _move(actor, project, "unlist")


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
    locked = {pk: spine.require_state(spine.lock(Project, pk), "record_vote") for pk in sorted(ids)}
    spine.require_locked(actor, locked[min(ids)], "record_vote")  # the 差额 guard, on locked counts
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


def _year(year_id: int) -> ProjectYear:
    year = ProjectYear.objects.filter(pk=year_id).first()
    if year is None:
        raise NotFound(_("未找到该年度"))
    return year


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
    ballots as stored, each {project id: mark}."""
    poll = voting.poll_close(actor=actor, poll_id=link.poll.pk)
    link.poll = poll
    return voting_selectors.list_ballots(poll)


def vote_close(*, actor: ActorLike, year_id: int) -> VoteRound:
    """Close the year's open project vote and write its result to the projects (§4.4): the engine closes the
    poll (secret ballots re-stored shuffled, digest); the livelihood count (rules.count_ballots: void
    "choose up to N" ballots, more than half of ALL deputies, ranked, top N, a tie across the last place to
    a revote, a shortfall) decides, and each candidate moves as by `vote_record` — one transaction.
    A void paper vote (more ballots returned than issued) selects nothing: the round records it and the
    candidates wait for a new vote."""
    actor = as_actor(actor)
    year = _year(year_id)
    link = _open_poll(year.pk, PollPurpose.VOTE)
    if link is None:
        raise ApplicationError(_("本年度没有进行中的项目票决"), code="wrong_state", status=409)
    keys = [str(o["key"]) for o in link.poll.options]
    visible = Project.objects.restrict(actor).select_related("year")
    candidates = _share_year(list(visible.filter(pk__in=keys)))
    for project in candidates:
        spine.require(actor, project, "record_vote")
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


def evaluation_open(
    *, actor: ActorLike, year_id: int, item_id: int, method: str = PollMethod.ELECTRONIC
) -> ProjectPoll:
    """Open the year-end evaluation (满意度测评, §4.6) on agenda item `item_id`: one secret ballot covering
    every selected project, each marked 满意/基本满意/不满意/弃权. Every project is required ("evaluate")
    first. Closed by `evaluation_close`; staff entry of a count (`project_evaluate`) stays the other path."""
    actor = as_actor(actor)
    year = _year(year_id)
    visible = Project.objects.restrict(actor).select_related("year")
    projects = list(visible.filter(year=year, status=ProjectStatus.SELECTED).order_by("rank", "pk"))
    if not projects:
        raise ApplicationError(_("没有待测评的项目"), code="wrong_state", status=409)
    for project in projects:
        spine.require(actor, project, "evaluate")
    return _start_poll(
        actor,
        year,
        PollPurpose.EVALUATION,
        projects,
        item_id=item_id,
        method=method,
        kind=PollKind.RATING,
        title=_("%(year)s年民生实事项目满意度测评") % {"year": year.year},
        seats=len(projects),
    )


def evaluation_close(*, actor: ActorLike, year_id: int) -> list[Project]:
    """Close the year's open evaluation and grade each project (§4.6) by the year's rule
    (rules.count_evaluation; the base: everyone entitled when the poll opened, by default): selected →
    evaluated, a 不满意 project flagged for re-report. One transaction with the engine's close."""
    actor = as_actor(actor)
    year = _year(year_id)
    link = _open_poll(year.pk, PollPurpose.EVALUATION)
    if link is None:
        raise ApplicationError(_("本年度没有进行中的满意度测评"), code="wrong_state", status=409)
    keys = [str(o["key"]) for o in link.poll.options]
    visible = Project.objects.restrict(actor).select_related("year")
    projects = [spine.require(actor, p, "evaluate") for p in visible.filter(pk__in=keys).order_by("pk")]
    done = []
    with transaction.atomic():
        ballots = _close_engine_poll(actor, link)
        poll = link.poll
        if poll.result.get("void"):
            raise ApplicationError(_("收回测评票多于发出数，测评无效"), code="void", status=409)
        graded = rules.count_evaluation(
            ballots, projects=keys, entitled=poll.total_entitled, rule=year.grade_rule
        )
        for project in projects:
            e = graded[str(project.pk)]
            counts = {"satisfied": e.satisfied, "basic": e.basic, "unsatisfied": e.unsatisfied}

            def change(p: Project, e=e, counts=counts) -> dict:
                p.eval_counts = {**counts, "abstain": e.abstain, "entitled": poll.total_entitled}
                p.grade = e.grade.value
                p.rereport = e.rereport
                return {"grade": e.grade.value, "poll": poll.pk, **p.eval_counts}

            done.append(_move(actor, project, "evaluate", change))
    return done


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
    """selected → evaluated: the year-end count (满意/基本满意/不满意/弃权) entered by staff (the paper
    path; the vote is `evaluation_open`/`evaluation_close`) and its grade by the year's rule (§4.6, 镇海 by
    default); a 不满意 project is flagged for re-report."""
    counts = {"satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied, "abstain": abstain}
    actor = as_actor(actor)
    project = spine.require(actor, _visible(actor, project_id), "evaluate")
    if _open_poll(project.year_id, PollPurpose.EVALUATION) is not None:
        raise ApplicationError(_("代表正在测评，请结束测评后由系统计票"), code="vote_open", status=409)
    try:
        grade = rules.grade(**counts, entitled=entitled, rule=project.year.grade_rule)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("票数无效：各项票数之和不能超过应参加测评人数"), field="entitled") from exc

    def change(p: Project) -> dict:
        p.eval_counts = {**counts, "entitled": entitled}
        p.grade = grade.value
        p.rereport = grade is rules.Grade.UNSATISFIED
        return {"grade": grade.value, **p.eval_counts}

    return _move(actor, project, "evaluate", change)
