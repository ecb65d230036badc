"""The rounds after a closed election: revote, another election (另行选举), the formal election after a
preliminary one (预选)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.voting import workflow
from renda.voting.choices import Nomination, PollRound
from renda.voting.elections import rules as election_rules
from renda.voting.models import Candidate, Poll
from renda.voting.services._base import _lock, _visible


def followup_create(*, actor: ActorLike, poll_id: int | Poll, round: str) -> Poll:
    """The next round of a closed election, from its result (组织法 第26–29条).

    "revote": a new poll among those tied at the cut-off, for the seats they tie for. "another" (另行选举):
    a new election for the seats left unfilled (all of them if the election was void), threshold unchanged;
    its candidates are the persons not elected, most votes first, up to the margin's highest number (staff may
    add nominations while it is a draft). "regular" after a preliminary election (预选): the formal election
    among the nominees with the most votes, as many as the margin allows.
    """
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "followup")
    with transaction.atomic():
        poll = _lock(poll, "followup")
        if round not in (PollRound.REVOTE, PollRound.ANOTHER, PollRound.REGULAR):
            raise ApplicationError(_("轮次无效"), field="round")
        if poll.followups.filter(round=round).exists():
            raise ApplicationError(
                _("已为该选举建立过此轮投票"), field="round", code="followup_exists", status=409
            )
        result = poll.result
        if round not in workflow.followup_rounds(round=poll.round, result=result):
            if (round == PollRound.REGULAR) != (poll.round == PollRound.PRELIMINARY):
                raise ApplicationError(_("正式选举只能由预选产生，预选之后应进行正式选举"), field="round")
            if round == PollRound.REVOTE:
                raise ApplicationError(
                    _("本次选举没有得票相等需要重新投票的候选人"), field="round", code="no_tie"
                )
            raise ApplicationError(_("本次选举没有未选足的名额"), field="round", code="no_shortfall")
        by_name = {c.name: c for c in poll.candidates.prefetch_related("nominators")}
        votes = result.get("votes") or {}
        if round == PollRound.REVOTE:
            names = list(result["revote_among"])
            seats = int(result["revote_seats"])
            title = _("%(title)s（重新投票）") % {"title": poll.title}
        elif round == PollRound.REGULAR:
            seats = poll.seats
            formal = election_rules.formal_candidates(
                votes, nominees=by_name, kind=poll.post_kind, seats=seats
            )
            if formal is None:
                raise ApplicationError(
                    _("预选中得票相同者跨越正式候选人名额，无法确定正式候选人名单，请就得票相同者重新预选"),
                    field="round",
                    code="preliminary_tie",
                )
            names = list(formal)
            title = _("%(title)s（正式选举）") % {"title": poll.title}
        else:
            seats = int(result["remaining_seats"])
            names = list(
                election_rules.another_election_candidates(
                    votes, elected=result.get("elected") or (), kind=poll.post_kind, seats=seats
                )
            )
            title = _("%(title)s（另行选举）") % {"title": poll.title}
        new = Poll.objects.create(
            item=poll.item,
            kind=poll.kind,
            title=title,
            order=poll.order,
            secret=True,
            method=poll.method,
            seats=seats,
            post=poll.post,
            post_kind=poll.post_kind,
            round=round,
            parent=poll,
        )
        for index, name in enumerate(names, start=1):
            old = by_name.get(name)
            c = Candidate.objects.create(
                poll=new,
                name=name,
                order=index,
                deputy_id=old.deputy_id if old else None,
                nomination=old.nomination if old else Nomination.PRESIDIUM,
                note=old.note if old else _("另选他人"),
            )
            if old is not None:
                c.nominators.set(old.nominators.all())
        event_record(
            actor=actor,
            action="poll_followup",
            obj=new,
            changes={"parent": poll.pk, "round": round, "seats": seats, "candidates": names},
        )
        return new
