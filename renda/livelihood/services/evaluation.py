"""The year-end evaluation (满意度测评, §4.6): by secret ballot through the voting engine, or a count entered
by staff; the grade is the rules'."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.livelihood import rules
from renda.livelihood.models import (
    PollPurpose,
    Project,
    ProjectPoll,
    ProjectStatus,
)
from renda.livelihood.services._common import _move, _visible, _year
from renda.livelihood.services.vote import _close_engine_poll, _open_poll, _poll_to_close, _start_poll
from renda.voting.choices import PollKind, PollMethod


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
    link, keys, on_ballot = _poll_to_close(
        actor, year.pk, PollPurpose.EVALUATION, _("本年度没有进行中的满意度测评")
    )
    projects = [spine.require(actor, p, "evaluate") for p in on_ballot.order_by("pk")]
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
