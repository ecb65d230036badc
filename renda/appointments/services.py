"""Every write of appointments (任免; MISSION.md §7, issue 17). Each action of the list's table: spine.require
before the row lock, the state checked again under the lock, an Event in the same transaction (labels in
renda.core.event_names). The council's scheduling puts the list on a standing-committee meeting's agenda
through the meetings service; the vote's majority and order are renda.voting's rules (through rules.py).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.appointments import rules, selectors
from renda.appointments.models import (
    Action,
    Case,
    Nominator,
    Oath,
    OathForm,
    Person,
    PostClass,
    Result,
    VoteMode,
)
from renda.appointments.permissions import can_manage
from renda.core import inputs
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.roles import Role
from renda.core.services import event_record, transition
from renda.core.step_dates import later_day
from renda.meetings import services as meetings
from renda.meetings.choices import AgendaKind, SessionKind
from renda.meetings.models import Session
from renda.voting import services as voting
from renda.voting.choices import PollKind, PollStatus

MAX_TEXT = 5000
MAX_COUNT = 100_000
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
BORN = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")


def _today() -> datetime.date:
    return timezone.localdate()


def _count(value: Any, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise ApplicationError(_("请填写非负整数"), field=field)
    return value


def _acquire(actor, case_id: int | Case, action: str, change: Callable[[Case], dict]) -> Case:
    """A step of the table (core.services.transition): require, lock, state, `change(row)`, one Event."""
    return transition(
        actor,
        Case,
        case_id,
        action,
        change,
        action={  # the step's Event
            "add_person": "appointments_person_add",
            "submit": "appointments_submit",
            "schedule": "appointments_schedule",
            "open_polls": "appointments_open_polls",
            "vote": "appointments_vote",
            "oath": "appointments_oath",
            "withdraw": "appointments_withdraw",
            "resign": "appointments_resign",
            "resolve_clash": "appointments_resolve_clash",
        }[action],
    )


# --- the list and its people ----------------------------------------------------------------------------


def case_create(
    *, actor: ActorLike, title: str, nominator: str, nominator_name: str, reference: str = ""
) -> Case:
    """A list of appointments and removals (任免案) from one nominating body, as a draft (staff)."""
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以办理任免案"))
    with transaction.atomic():
        case = Case.objects.create(
            title=inputs.text(title, "title", limit=200),
            nominator=inputs.choice(nominator, Nominator, "nominator"),
            nominator_name=inputs.text(nominator_name, "nominator_name", limit=50),
            reference=inputs.text(reference, "reference", limit=60, required=False),
            created_by=user_of(actor),
        )
        event_record(
            actor=actor, action="appointments_case_create", obj=case, changes={"nominator": nominator}
        )
    return case


def person_add(
    *,
    actor: ActorLike,
    case_id: int | Case,
    action: str,
    name: str,
    post: str,
    post_class: str,
    gender: str = "",
    born: str = "",
    ethnicity: str = "",
    party: str = "",
    education: str = "",
    current_post: str = "",
    resume: str = "",
    id_number: str = "",
    phone: str = "",
) -> Person:
    """A person of the list with their record: the nominating body must be the one the law names for the
    post (rules.may_nominate); the ID number, when given, is 18 characters."""
    action = inputs.choice(action, Action, "action")
    post_class = inputs.choice(post_class, PostClass, "post_class")
    name = inputs.text(name, "name", limit=50)
    post = inputs.text(post, "post", limit=200)
    born = inputs.text(born, "born", limit=7, required=False)
    if born and not BORN.match(born):
        raise ApplicationError(_("出生年月：请按“1975-03”的格式填写"), field="born")
    id_number = (id_number or "").strip().upper()
    if id_number and not ID_NUMBER.match(id_number):
        raise ApplicationError(_("身份证号码：应为 18 位（末位可为 X）"), field="id_number")
    fields = {
        "gender": inputs.text(gender, "gender", limit=4, required=False),
        "ethnicity": inputs.text(ethnicity, "ethnicity", limit=20, required=False),
        "party": inputs.text(party, "party", limit=30, required=False),
        "education": inputs.text(education, "education", limit=60, required=False),
        "current_post": inputs.text(current_post, "current_post", limit=200, required=False),
        "resume": inputs.text(resume, "resume", limit=MAX_TEXT, required=False),
        "phone": inputs.text(phone, "phone", limit=30, required=False),
    }
    made: list[Person] = []

    def change(c: Case) -> dict:
        if not rules.may_nominate(c.nominator, post_class):
            raise ApplicationError(
                _("“%(post)s”类职务应由%(who)s提请任免（%(basis)s）")
                % {
                    "post": PostClass(post_class).label,
                    "who": Nominator(rules.NOMINATORS[rules.PostClass(post_class)][0].value).label,
                    "basis": rules.basis(post_class),
                },
                field="post_class",
            )
        if c.people.filter(name=name, post=post, action=action).exists():
            raise ApplicationError(_("该人员已在本案中"), field="name")
        order = (c.people.aggregate(m=Max("order"))["m"] or 0) + 1
        made.append(
            Person.objects.create(
                case=c, order=order, action=action, name=name, post=post, post_class=post_class,
                born=born, id_number=id_number, **fields,
            )
        )  # fmt: skip
        return {"person": name, "action": action, "post": post}

    _acquire(actor, case_id, "add_person", change)
    return made[0]


def case_submit(*, actor: ActorLike, case_id: int | Case, submitted_on: datetime.date | None = None) -> Case:
    """The nominating body's 提请 received by the standing committee's office."""
    submitted_on = inputs.past_day(submitted_on, "submitted_on")

    def change(c: Case) -> dict:
        c.submitted_on = submitted_on
        return {"submitted_on": submitted_on}

    return _acquire(actor, case_id, "submit", change)


def case_schedule(
    *,
    actor: ActorLike,
    case_id: int | Case,
    session_id: int,
    reviewed_on: datetime.date | None = None,
) -> Case:
    """The council of chairpersons reviewed the list and put it on a standing-committee meeting's agenda (an
    item of kind 任免名单 through the meetings service)."""
    actor = as_actor(actor)
    reviewed_on = inputs.past_day(reviewed_on, "reviewed_on")
    session = Session.objects.filter(pk=session_id, kind=SessionKind.STANDING_COMMITTEE).first()
    if session is None:
        raise ApplicationError(_("请选择常委会会议"), field="session_id")

    def change(c: Case) -> dict:
        later_day(c, "reviewed_on", reviewed_on, after="submitted_on", refused=_("审议日期不能早于提请日期"))
        c.agenda_item = meetings.agenda_item_add(
            actor=actor,
            session_id=session.pk,
            kind=AgendaKind.APPOINTMENT,
            title=_("审议%(t)s") % {"t": c.title},
        )
        return {"session": session.pk, "reviewed_on": reviewed_on}

    return _acquire(actor, case_id, "schedule", change)


def case_open_polls(*, actor: ActorLike, case_id: int | Case) -> Case:
    """The list to the members' voting devices: one appointment poll per person (in draft) on the list's
    agenda item, in voting order (a removal before the appointment to its post), each naming the post and
    whether it appoints or removes — the voting engine then opens no appointment before that removal. The
    polls are opened, cast and closed on the voting pages; `case_vote(mode="polls")` reads their results."""
    actor = as_actor(actor)

    def change(c: Case) -> dict:
        assert c.agenda_item is not None  # the guard: scheduled on a meeting
        people = {str(p.pk): p for p in c.people.select_for_update().order_by("order", "id")}
        order = rules.voting_order(
            [rules.Entry(k, p.name, p.post, p.action == Action.DISMISS) for k, p in people.items()]
        )
        for n, key in enumerate(order, start=1):
            p = people[key]
            title = (
                _("免去%(name)s的%(post)s职务") if p.action == Action.DISMISS else _("任命%(name)s为%(post)s")
            ) % {"name": p.name, "post": p.post}
            p.poll = voting.poll_create(
                actor=actor, item_id=c.agenda_item.pk, kind=PollKind.APPOINTMENT, title=title, post=p.post,
                appointment_action=p.action, order=n,
            )  # fmt: skip
            p.save(update_fields=["poll"])
        return {"polls": [people[k].poll_id for k in order]}

    return _acquire(actor, case_id, "open_polls", change)


def _poll_tallies(people: dict[int, Person]) -> tuple[dict[int, tuple[int, int, int]], int]:
    """Each person's (赞成, 反对, 弃权) from their closed poll, and the members counted (the poll's base)."""
    tallies, totals = {}, set()
    for p in people.values():
        poll = p.poll
        if poll is None or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
            raise ApplicationError(
                _("“%(name)s”的表决尚未结束") % {"name": p.name}, field="mode", code="polls_open", status=409
            )
        if poll.result.get("void"):
            raise ApplicationError(_("“%(name)s”的表决无效") % {"name": p.name}, field="mode", status=409)
        tallies[p.pk] = (int(poll.result["yes"]), int(poll.result["no"]), int(poll.result["abstain"]))
        totals.add(int(poll.total_entitled))
    return tallies, max(totals)


def _tally(value: Any, field: str) -> tuple[int, int, int]:
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 3:
        raise ApplicationError(_("请填写赞成、反对、弃权票数"), field=field)
    return (_count(value[0], field), _count(value[1], field), _count(value[2], field))


def case_vote(
    *,
    actor: ActorLike,
    case_id: int | Case,
    mode: str,
    members_total: int | None = None,
    counts: Mapping[int, Sequence[int]] | None = None,
    together: Sequence[int] | None = None,
    voted_on: datetime.date | None = None,
) -> Case:
    """The meeting's vote: person by person (`counts`: person id → (赞成, 反对, 弃权), every person), the
    whole list together (`together`), or read from each person's closed poll (mode "polls", case_open_polls:
    the members' devices; the base is the poll's, the meeting's roll). Each passes iff yes is more than half
    of ALL members (rules.vote_result); dismissals are taken before appointments to the same post
    (rules.voting_order). Each appointee that passed gets the next 任命书 number of the year."""
    voted_on = inputs.past_day(voted_on, "voted_on")
    mode = inputs.choice(mode, VoteMode, "mode")
    total = 0
    if mode != VoteMode.POLLS:
        total = _count(members_total, "members_total")
        if total < 1:
            raise ApplicationError(_("常委会组成人员总数至少为 1"), field="members_total")
    if mode == VoteMode.TOGETHER:
        shared = _tally(together, "together")
    elif mode == VoteMode.PER_PERSON and (not isinstance(counts, Mapping) or not counts):
        raise ApplicationError(_("请为每位拟任免人员录入票数"), field="counts")

    def change(c: Case) -> dict:
        nonlocal total
        people = {
            p.pk: p
            for p in c.people.select_for_update(of=("self",)).select_related("poll").order_by("order", "id")
        }
        if mode == VoteMode.POLLS:
            tallies, total = _poll_tallies(people)
        elif any(p.poll_id for p in people.values()):
            raise ApplicationError(_("本案已提交电子表决，请待表决结束后读取结果"), field="mode", status=409)
        elif mode == VoteMode.PER_PERSON:
            assert counts is not None
            if {int(k) for k in counts} != set(people):
                raise ApplicationError(_("请为每位拟任免人员录入票数"), field="counts")
            tallies = {int(k): _tally(v, "counts") for k, v in counts.items()}
        else:
            tallies = dict.fromkeys(people, shared)
        order = rules.voting_order(
            [rules.Entry(str(p.pk), p.name, p.post, p.action == Action.DISMISS) for p in people.values()]
        )
        year_prefix = f"〔{voted_on.year}〕"
        issued = Person.objects.filter(certificate_no__startswith=year_prefix).count()
        stored = {}
        for key in order:
            p = people[int(key)]
            yes, no, abstain = tallies[p.pk]
            try:
                result = rules.vote_result(yes=yes, no=no, abstain=abstain, total_members=total)
            except ValueError as exc:
                raise ApplicationError(_("赞成、反对、弃权票数之和超过组成人员总数"), field="counts") from exc
            p.votes_yes, p.votes_no, p.votes_abstain = yes, no, abstain
            p.result = Result.PASSED if result.passed else Result.FAILED
            if result.passed and p.action == Action.APPOINT:
                issued += 1
                p.certificate_no = _("%(year)s第%(n)s号") % {"year": year_prefix, "n": issued}
            p.save(update_fields=["votes_yes", "votes_no", "votes_abstain", "result", "certificate_no"])
            stored[p.name] = [yes, no, abstain, p.result]
        c.vote_mode, c.members_total, c.voted_on = mode, total, voted_on
        found = rules.clashes(
            [
                (
                    rules.Entry(str(p.pk), p.name, p.post, p.action == Action.DISMISS),
                    p.result == Result.PASSED,
                )
                for p in people.values()
            ]
        )
        return {
            "clashes": [[x.post, x.removal, x.appointment] for x in found],
            "mode": mode,
            "members_total": total,
            "needed": total // 2 + 1,
            "order": order,
            "results": stored,
        }

    return _acquire(actor, case_id, "vote", change)


def person_oath(
    *,
    actor: ActorLike,
    case_id: int | Case,
    person_id: int,
    taken_on: datetime.date | None = None,
    form: str = OathForm.INDIVIDUAL,
    administered_by: str = "",
    leader: str = "",
    witnesses: str = "",
    place: str = "",
) -> Oath:
    """The constitutional oath of an appointee (宪法宣誓, 决定 第一、八、九条): taken on or after the vote,
    who administered it, its witnesses (监誓人), the leader of a collective oath."""
    taken_on = taken_on or _today()
    form = inputs.choice(form, OathForm, "form")
    administered_by = inputs.text(administered_by, "administered_by", limit=100, required=False)
    leader = inputs.text(leader, "leader", limit=50, required=False)
    place = inputs.text(place, "place", limit=100, required=False)
    names = rules.split_names(inputs.text(witnesses, "witnesses", limit=500, required=False))
    made: list[Oath] = []

    def change(c: Case) -> dict:
        person = c.people.filter(pk=person_id).first()
        if person is None:
            raise ApplicationError(_("请选择本案的任命人员"), field="person_id")
        if not rules.oath_required(
            dismiss=person.action == Action.DISMISS, passed=person.result == Result.PASSED
        ):
            raise ApplicationError(_("只有表决通过的任命人员需要进行宪法宣誓"), field="person_id")
        if Oath.objects.filter(person=person).exists():
            raise ApplicationError(_("该人员已进行宪法宣誓"), field="person_id", status=409)
        least = selectors.settings_row().min_witnesses
        problems = rules.oath_problems(
            form=form, administered_by=administered_by, witnesses=names, leader=leader,
            taken_on=taken_on, appointed_on=c.voted_on or taken_on, today=_today(), min_witnesses=least,
        )  # fmt: skip
        if problems:
            field, message = {
                rules.OathProblem.NO_ADMINISTRATOR: ("administered_by", _("请填写组织宣誓的机关")),
                rules.OathProblem.FEW_WITNESSES: (
                    "witnesses",
                    _("监誓人至少 %(n)s 人") % {"n": least},
                ),
                rules.OathProblem.NO_LEADER: ("leader", _("集体宣誓须填写领誓人")),
                rules.OathProblem.BEFORE_APPOINTMENT: ("taken_on", _("宣誓日期不能早于任命表决日期")),
                rules.OathProblem.IN_FUTURE: ("taken_on", _("日期不能晚于今天")),
            }[problems[0]]
            raise ApplicationError(message, field=field)
        made.append(
            Oath.objects.create(
                person=person, taken_on=taken_on, form=form, administered_by=administered_by,
                leader=leader, witnesses=names, place=place, recorded_by=user_of(as_actor(actor)),
            )
        )  # fmt: skip
        return {"person": person.name, "taken_on": taken_on, "witnesses": names}

    _acquire(actor, case_id, "oath", change)
    return made[0]


def case_withdraw(*, actor: ActorLike, case_id: int | Case, reason: str = "") -> Case:
    """The nominating body withdrew the list before the vote (a reason is kept in the Event)."""
    reason = inputs.text(reason, "reason", limit=MAX_TEXT)
    return _acquire(actor, case_id, "withdraw", lambda c: {"reason": reason})


def person_resign(
    *, actor: ActorLike, case_id: int | Case, person_id: int, resigned_on: datetime.date | None = None
) -> Person:
    """An appointee's resignation, accepted by the standing committee: it ends their tenure on that day (the
    register of office holders, rules.tenures)."""
    resigned_on = inputs.past_day(resigned_on, "resigned_on")
    made: list[Person] = []

    def change(c: Case) -> dict:
        person = next((p for p in selectors.resign_candidates(c) if p.pk == person_id), None)
        if person is None:
            raise ApplicationError(_("请选择本案在任的任命人员"), field="person_id")
        if c.voted_on and resigned_on < c.voted_on:
            raise ApplicationError(_("辞职日期不能早于任命表决日期"), field="resigned_on")
        person.resigned_on = resigned_on
        person.save(update_fields=["resigned_on"])
        made.append(person)
        return {"person": person.name, "post": person.post, "resigned_on": resigned_on}

    _acquire(actor, case_id, "resign", change)
    return made[0]


def case_resolve_clash(*, actor: ActorLike, case_id: int | Case, note: str) -> Case:
    """How the office resolves a post whose removal failed while the appointment to it passed (rules.clashes):
    a note on the list (a follow-up list, the nominating body's answer …), kept in the Event too."""
    note = inputs.text(note, "note", limit=MAX_TEXT)

    def change(c: Case) -> dict:
        c.clash_note = note
        return {"note": note, "clashes": [x.post for x in selectors.clashes(c)]}

    return _acquire(actor, case_id, "resolve_clash", change)


def settings_update(*, actor: ActorLike, min_witnesses: int) -> None:
    """The office's settings (staff): the least number of witnesses of an oath (决定 第九条: the provincial
    measures' number)."""
    actor = as_actor(actor)
    if not actor.has_role(Role.STAFF, Role.ADMIN):
        raise PermissionDenied(_("只有人大工作人员可以修改人事任免设置"))
    if (
        not isinstance(min_witnesses, int)
        or isinstance(min_witnesses, bool)
        or not 0 <= min_witnesses <= rules.MAX_WITNESSES
    ):
        raise ApplicationError(
            _("监誓人最少人数应为 0–%(n)s") % {"n": rules.MAX_WITNESSES}, field="min_witnesses"
        )
    with transaction.atomic():
        row = selectors.settings_row()
        old = row.min_witnesses
        row.min_witnesses = min_witnesses
        row.save()
        event_record(
            actor=actor,
            action="appointments_settings",
            obj=row,
            changes={"min_witnesses": [old, min_witnesses]},
        )
