"""Polls and their candidates: create, nominate, open (MISSION §3)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.services import event_record
from renda.deputies.choices import DeputyStatus
from renda.deputies.models import Deputy
from renda.meetings.choices import SessionStatus
from renda.meetings.models import AgendaItem
from renda.meetings.selectors import attendance_summary
from renda.voting import keystore, rules, sealing, shamir
from renda.voting.choices import (
    LIST_KINDS,
    AppointmentActionChoice,
    KeyCustody,
    Nomination,
    PollKind,
    PollMethod,
    PollRound,
    PollStatus,
    PostKindChoice,
)
from renda.voting.elections import rules as election_rules
from renda.voting.models import Candidate, Poll
from renda.voting.permissions import can_manage
from renda.voting.services._base import MAX_NAME, _lock, _set_status, _visible


@transaction.atomic
def poll_create(
    *,
    actor: ActorLike,
    item_id: int,
    kind: str,
    title: str,
    secret: bool = True,
    method: str = PollMethod.ELECTRONIC,
    seats: int = 1,
    post: str = "",
    post_kind: str = "",
    appointment_action: str = "",
    order: int = 0,
    round: str = PollRound.REGULAR,
    options: list[dict] | None = None,
    max_choices: int | None = None,
    key_custody: str = KeyCustody.SERVER,
    shares_needed: int | None = None,
    shares_total: int | None = None,
) -> Poll:
    """A poll on an agenda item, in draft. Elections are always secret (选举法: 无记名投票).

    `round` "preliminary" (预选) is for an election whose nominees exceed the candidate margin: its vote ranks
    the nominees, and `followup_create(round="regular")` then makes the formal election from the top of it.

    List polls (kinds "list", "rating"): `options` are the items of the one ballot, [{"key", "label"}] in
    ballot order (the calling app's records, e.g. livelihood projects); `seats` the places to fill;
    `max_choices` (a "list" vote only) "choose up to N" — None marks each item 赞成/反对/弃权.

    Secret electronic polls seal their ballots (docs/voting-secrecy.md). `key_custody` "scrutineers" (an
    election only): the private key is split at the opening into `shares_total` shares, `shares_needed` of
    which open the ballots at the close (2 ≤ k ≤ n ≤ 20).
    """
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以管理表决"))
    try:
        item = AgendaItem.objects.select_related("session").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise NotFound(_("未找到该议程")) from exc
    if item.session.status == SessionStatus.CLOSED:
        raise ApplicationError(_("会议已闭会，不能再新增表决"), field="item_id")
    if kind not in PollKind.values:
        raise ApplicationError(_("表决类别无效"), field="kind")
    if method not in PollMethod.values:
        raise ApplicationError(_("表决方式无效"), field="method")
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("请填写表决事项"), field="title")
    if kind == PollKind.ELECTION:
        if not secret:
            raise ApplicationError(_("选举一律采用无记名投票"), field="secret")
        if post_kind not in PostKindChoice.values:
            raise ApplicationError(_("请选择职务类别"), field="post_kind")
        if not isinstance(seats, int) or seats < 1:
            raise ApplicationError(_("应选名额至少为 1"), field="seats")
    elif kind in LIST_KINDS:
        options = _list_options(options)
        if not isinstance(seats, int) or seats < 1:
            raise ApplicationError(_("应选名额至少为 1"), field="seats")
        if max_choices is not None and (
            kind != PollKind.LIST or not isinstance(max_choices, int) or max_choices < 1
        ):
            raise ApplicationError(_("限选项数无效"), field="max_choices")
        post_kind = ""
    else:
        seats, post_kind = 1, ""
    if kind not in LIST_KINDS:
        options, max_choices = [], None
    if appointment_action and appointment_action not in AppointmentActionChoice.values:
        raise ApplicationError(_("任免类别无效"), field="appointment_action")
    if key_custody not in KeyCustody.values:
        raise ApplicationError(_("私钥保管方式无效"), field="key_custody")
    if key_custody == KeyCustody.SCRUTINEERS:
        if kind != PollKind.ELECTION or method != PollMethod.ELECTRONIC:
            raise ApplicationError(_("只有电子选举可以由监票人分持密钥"), field="key_custody")
        if not (
            isinstance(shares_needed, int)
            and isinstance(shares_total, int)
            and 2 <= shares_needed <= shares_total <= MAX_SHARES
        ):
            raise ApplicationError(
                _("密钥份数无效：开启所需份数至少为 2，且不超过总份数（至多 %(n)s 份）") % {"n": MAX_SHARES},
                field="shares_needed",
            )
    else:
        shares_needed = shares_total = None
    if round not in (PollRound.REGULAR, PollRound.PRELIMINARY) or (
        round == PollRound.PRELIMINARY and kind != PollKind.ELECTION
    ):
        raise ApplicationError(_("只有选举可以进行预选"), field="round")
    poll = Poll.objects.create(
        round=round,
        item=item,
        kind=kind,
        title=title,
        secret=bool(secret),
        method=method,
        seats=seats,
        post=post.strip(),
        post_kind=post_kind,
        appointment_action=appointment_action if kind == PollKind.APPOINTMENT else "",
        order=order,
        options=options,
        max_choices=max_choices,
        key_custody=key_custody,
        shares_needed=shares_needed,
        shares_total=shares_total,
    )
    event_record(
        actor=actor,
        action="poll_create",
        obj=poll,
        changes={
            "kind": kind,
            "secret": poll.secret,
            "method": method,
            "seats": seats,
            "item": item.pk,
            **({"options": [o["key"] for o in options], "max_choices": max_choices} if options else {}),
            **(
                {"key_custody": key_custody, "shares": [shares_needed, shares_total]}
                if key_custody == KeyCustody.SCRUTINEERS
                else {}
            ),
        },
    )
    return poll


MAX_SHARES = 20
MAX_OPTIONS = 100
MAX_OPTION_LABEL = 200


def _list_options(options) -> list[dict]:
    """The items of a list ballot as stored: [{"key": str, "label": str}], keys unique, at least one."""
    if not isinstance(options, list) or not options or len(options) > MAX_OPTIONS:
        raise ApplicationError(_("请列出表决清单（1–100 项）"), field="options")
    stored, keys = [], set()
    for option in options:
        key = str(option.get("key", "")).strip() if isinstance(option, dict) else ""
        label = str(option.get("label", "")).strip() if isinstance(option, dict) else ""
        if not key or not label or len(label) > MAX_OPTION_LABEL or key in keys:
            raise ApplicationError(_("表决清单的项目无效或重复"), field="options")
        keys.add(key)
        stored.append({"key": key, "label": label})
    return stored


def _nominations(candidates) -> list[election_rules.Nomination]:
    out = []
    for c in candidates:
        if c.nomination == Nomination.PRESIDIUM:
            out.append(
                election_rules.Nomination(by=election_rules.NominatorKind.PRESIDIUM, candidates=(c.name,))
            )
        else:
            sponsors = frozenset(str(pk) for pk in c.nominator_ids)
            out.append(
                election_rules.Nomination(
                    by=election_rules.NominatorKind.JOINT, candidates=(c.name,), sponsors=sponsors
                )
            )
    return out


def candidate_add(
    *,
    actor: ActorLike,
    poll_id: int | Poll,
    name: str,
    nomination: str,
    deputy_id: int | None = None,
    nominator_ids=(),
    note: str = "",
) -> Candidate:
    """Add a candidate to a draft election (组织法 第26–29条: presidium, or deputies jointly; no nominator
    names more candidates than seats; joint nominations need the level's number of deputies)."""
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "edit")
    with transaction.atomic():
        poll = _lock(poll, "edit")
        if poll.kind != PollKind.ELECTION:
            raise ApplicationError(_("只有选举才有候选人"), field="poll_id")
        name = election_rules.normalize_name(name or "")
        if not name or len(name) > MAX_NAME:
            raise ApplicationError(_("请填写候选人姓名"), field="name")
        if nomination not in Nomination.values:
            raise ApplicationError(_("提名方式无效"), field="nomination")
        if poll.candidates.filter(name=name).exists():
            raise ApplicationError(_("候选人“%(name)s”已在名单中") % {"name": name}, field="name")
        term_id = poll.item.session.term_id
        if deputy_id is not None and not Deputy.objects.filter(pk=deputy_id, term_id=term_id).exists():
            raise ApplicationError(_("该代表不属于本届"), field="deputy_id")
        nominator_ids = sorted({int(pk) for pk in nominator_ids})
        if nomination == Nomination.PRESIDIUM and nominator_ids:
            raise ApplicationError(_("主席团提名不需要联名代表"), field="nominator_ids")
        if nominator_ids:
            found = Deputy.objects.filter(
                pk__in=nominator_ids, term_id=term_id, status=DeputyStatus.ACTIVE
            ).count()
            if found != len(nominator_ids):
                raise ApplicationError(_("联名提名人须为本届在任代表"), field="nominator_ids")
        existing = list(poll.candidates.prefetch_related("nominators"))
        for c in existing:
            c.nominator_ids = [d.pk for d in c.nominators.all()]
        new = Candidate(poll=poll, name=name, nomination=nomination, deputy_id=deputy_id, note=note.strip())
        new.nominator_ids = nominator_ids
        check = election_rules.nominators_valid(
            _nominations([*existing, new]), level=poll.item.session.term.congress.level, seats=poll.seats
        )
        if not check.ok:
            problem = check.issues[0].problem
            message = {
                election_rules.NominationProblem.TOO_FEW_SPONSORS: _("代表联名提名人数不足 %(n)s 人")
                % {"n": election_rules.JOINT_NOMINATION_MIN[poll.item.session.term.congress.level]},
                election_rules.NominationProblem.PRESIDIUM_OVER_SEATS: _(
                    "主席团提名的候选人人数不得超过应选名额"
                ),
                election_rules.NominationProblem.SPONSOR_OVER_SEATS: _(
                    "每一代表联名提名的候选人人数不得超过应选名额"
                ),
                election_rules.NominationProblem.NO_CANDIDATE: _("请填写候选人姓名"),
            }[problem]
            field = (
                "nomination"
                if problem == election_rules.NominationProblem.PRESIDIUM_OVER_SEATS
                else "nominator_ids"
            )
            raise ApplicationError(message, field=field, code=str(problem))
        new.order = len(existing) + 1
        new.save()
        if nominator_ids:
            new.nominators.set(nominator_ids)
        event_record(
            actor=actor,
            action="candidate_add",
            obj=poll,
            changes={"candidate": name, "nomination": nomination, "nominators": nominator_ids},
        )
        return new


def _dismissals_first(poll: Poll, session) -> list[rules.AppointmentItem]:
    """The undecided dismissals from the post an appointment poll is for, to be voted before it (任免:
    rules.dismissals_first). One query, for an appointment to a named post only."""
    if not (
        poll.kind == PollKind.APPOINTMENT
        and poll.appointment_action == AppointmentActionChoice.APPOINT
        and poll.post
    ):
        return []
    undecided = (
        Poll.objects.filter(item__session=session, kind=PollKind.APPOINTMENT, post=poll.post)
        .filter(
            status__in=[PollStatus.DRAFT, PollStatus.OPEN],
            appointment_action__in=AppointmentActionChoice.values,
        )
        .exclude(pk=poll.pk)
        .order_by("item__order", "order", "id")
        .values_list("title", "post", "appointment_action")
    )
    item = rules.AppointmentItem(poll.title, poll.post, rules.AppointmentAction(poll.appointment_action))
    return rules.dismissals_first(
        item, [rules.AppointmentItem(t, p, rules.AppointmentAction(a)) for t, p, a in undecided]
    )


def sealed(poll: Poll) -> bool:
    """Whether the poll's electronic ballots are sealed: every secret electronic poll."""
    return poll.secret and poll.method == PollMethod.ELECTRONIC


def _make_key(poll: Poll) -> list[str]:
    """The poll's key pair: the public key on the poll; the private key to the key store (server custody) or
    split among the scrutineers — their shares are answered here, once, and kept nowhere."""
    private, public = sealing.keypair()
    poll.public_key = public.hex()
    if poll.key_custody == KeyCustody.SCRUTINEERS:
        k, n = poll.shares_needed or 2, poll.shares_total or 2
        return [shamir.encode(share, k) for share in shamir.split(private, k, n)]
    keystore.put(poll.pk, private)
    return []


def poll_open(*, actor: ActorLike, poll_id: int | Poll) -> Poll:
    """draft → open: the session is in progress and quorate; an election's candidates are within the margin.

    Fixes the threshold's base (total_entitled = the session's roll size: all deputies / members) and the
    number present when the vote opened. A secret electronic poll gets its key pair (`_make_key`); in
    scrutineer custody the shares are on the returned poll as `poll.key_shares` — shown once, stored nowhere.
    """
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "open")
    with transaction.atomic():
        poll = _lock(poll, "open")
        session = poll.item.session
        if session.status != SessionStatus.IN_PROGRESS:
            raise ApplicationError(
                _("会议尚未开始或已闭会，不能开始表决"), field="session", code="session_not_running"
            )
        summary = attendance_summary(session)
        if not summary["quorum_met"]:
            raise ApplicationError(
                _("出席人数 %(present)s 人，未达到法定人数 %(required)s 人，不能开始表决")
                % {"present": summary["present"], "required": summary["quorum_required"]},
                field="quorum",
                code="no_quorum",
                status=409,
            )
        if _dismissals_first(poll, session):
            raise ApplicationError(
                _("“%(post)s”的免职尚未表决，应先表决免职，再表决任命") % {"post": poll.post},
                field="appointment_action",
                code="dismiss_first",
                status=409,
            )
        if poll.kind == PollKind.ELECTION:
            n = poll.candidates.count()
            if n == 0:
                raise ApplicationError(_("尚无候选人"), field="candidates")
            if poll.round in (PollRound.REGULAR, PollRound.ANOTHER):
                margin = election_rules.margin_check(poll.post_kind, poll.seats, n)
                if not margin.ok:
                    message = (
                        _("候选人 %(n)s 人，多于差额上限 %(max)s 人，应先进行预选")
                        if margin.needs_preliminary
                        else _("候选人 %(n)s 人，少于差额下限 %(min)s 人，请补充提名")
                    )
                    raise ApplicationError(
                        message % {"n": n, "min": margin.min, "max": margin.max},
                        field="candidates",
                        code=str(margin.problem),
                    )
        old = _set_status(poll, "open")
        poll.total_entitled = session.roll_size
        poll.present_at_open = summary["present"]
        poll.opened_at = timezone.now()
        poll.key_shares = _make_key(poll) if sealed(poll) else []
        poll.save(
            update_fields=[
                "status",
                "total_entitled",
                "present_at_open",
                "opened_at",
                "public_key",
                "updated_at",
            ]
        )
        event_record(
            actor=actor,
            action="poll_open",
            obj=poll,
            changes={
                "status": [old, poll.status],
                "total_entitled": poll.total_entitled,
                "present_at_open": poll.present_at_open,
                **({"sealed": poll.key_custody} if poll.public_key else {}),
            },
        )
        return poll
