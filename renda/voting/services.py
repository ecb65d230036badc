"""Every write of the voting app: polls, candidates, ballots, paper entry, follow-up rounds (MISSION §3).

Each state change is one keyword-only function that locks the poll, checks the permission and the transition
table (renda.voting.workflow), writes, and appends an audit Event — all in one transaction.

Locking. A change of the poll itself (open, close, publish, paper, follow-up) takes the poll row FOR UPDATE.
A cast takes it FOR SHARE (PostgreSQL): casts conflict with a close — a cast that started before the close
commits first, one that starts after sees the poll closed — but not with one another, so 3,000 deputies
voting at once do not queue on one row lock. On SQLite, IMMEDIATE transactions serialise every writer.

Secrecy (secret polls). What a deputy voted (`Ballot`) and that they voted (`VoterMark`) are written in the
same transaction with nothing joining them:
- the Ballot has no deputy, no timestamp, a random key; its `source` on a secret poll is always "electronic"
  (a staff entry is recorded on the VoterMark side only — else a lone staff-entered ballot would point at
  its voter through the marks' source);
- a cast on a secret poll writes NO audit Event: an Event has a time and an actor, and even one without the
  choice would, with the insertion order of the ballots, narrow the ballot down. The audit trail records
  the poll's opening (with those present), its close (with the counts and digest) and its publication; who
  voted is the VoterMark table;
- while a poll is open the ballots' physical order (SQLite rowid, PostgreSQL ctid, and on PostgreSQL the
  inserting transaction id xmin, shared with the VoterMark) follows the casts; at close the secret ballots
  are re-stored — read, deleted and inserted again in a random order with new random keys, in the close's
  own transaction — so afterwards every ballot carries the same xmin and the rows' order is random. On
  SQLite the delete runs with PRAGMA secure_delete so the old rows' bytes are overwritten;
- Ballot and VoterMark have no field history; casting does not save the Poll, so its history has no row
  per cast.
One ballot per voter is the VoterMark unique constraint, inserted in the same transaction as the ballot;
a retry hits it and answers False, adding nothing.
"""

from __future__ import annotations

import secrets

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.roles import Role, has_role
from renda.core.services import event_record
from renda.deputies.choices import DeputyStatus
from renda.deputies.models import Deputy
from renda.meetings.choices import AttendanceStatus, SessionStatus
from renda.meetings.models import AgendaItem, Attendance
from renda.meetings.permissions import deputy_for
from renda.meetings.selectors import attendance_summary
from renda.voting import rules, workflow
from renda.voting.choices import (
    AppointmentActionChoice,
    BallotSource,
    Nomination,
    PollKind,
    PollMethod,
    PollRound,
    PollStatus,
    PostKindChoice,
    SheetStatus,
    VoteChoice,
)
from renda.voting.models import (
    Ballot,
    Candidate,
    PaperEntry,
    PaperSheet,
    Poll,
    VoterMark,
    random_key,
)
from renda.voting.permissions import can_manage
from renda.voting.selectors import recount

MAX_WRITE_INS = 50
MAX_NAME = 50


# --- helpers ------------------------------------------------------------------------------------------


def _lock(poll_id: int) -> Poll:
    """The poll, locked FOR UPDATE until the transaction ends."""
    try:
        return (
            Poll.objects.select_for_update(of=("self",))
            .select_related("item__session__term__congress")
            .get(pk=poll_id)
        )
    except Poll.DoesNotExist as exc:
        raise NotFound(_("未找到该表决事项")) from exc


def _lock_shared(poll_id: int) -> Poll:
    """The poll, locked FOR SHARE (PostgreSQL): many casts at once, none while a close holds the row."""
    table = Poll._meta.db_table
    item_table = AgendaItem._meta.db_table
    sql = (
        f"SELECT p.*, a.session_id AS session_id FROM {table} p "
        f"JOIN {item_table} a ON a.id = p.item_id WHERE p.id = %s"
    )
    if connection.vendor == "postgresql":
        sql += " FOR SHARE OF p"
    rows = list(Poll.objects.raw(sql, [poll_id]))
    if not rows:
        raise NotFound(_("未找到该表决事项"))
    return rows[0]


def _require_manager(actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以管理表决"))


def _require_state(poll: Poll, action: str) -> None:
    if not workflow.applies(action, method=poll.method, kind=poll.kind):
        raise ApplicationError(
            _("该表决不适用此操作（%(method)s）") % {"method": poll.get_method_display()},
            code="not_applicable",
            status=409,
        )
    if not workflow.allowed(action, poll.status):
        raise ApplicationError(
            _("表决“%(title)s”处于“%(status)s”状态，不能执行此操作")
            % {"title": poll.title, "status": poll.get_status_display()},
            field="status",
            code="wrong_state",
            status=409,
        )


def _set_status(poll: Poll, action: str) -> str:
    old = poll.status
    poll.status = workflow.target(action, poll.status)
    return old


def validate_payload(poll: Poll, payload, candidates: dict[str, str] | None = None) -> dict:
    """The ballot as stored, or ApplicationError naming the offending field.

    Motions and appointments: {"choice": "yes"|"no"|"abstain"}. Elections: {"marks": {"<candidate id>":
    "yes"|"no"|"abstain"}, "write_ins": ["name", ...]}; unmarked candidates count as 弃权; write-ins are
    normalised (rules.normalize_name), blanks dropped, sorted. An over-marked election ballot is valid
    input — it is stored and counted as void (选举法 第44条), as a paper ballot would be.
    `candidates` maps candidate id (as text) → name; read from the poll when not given.
    """
    if not isinstance(payload, dict):
        raise ApplicationError(_("选票内容格式错误"), field="payload")
    choices = set(VoteChoice.values)
    if poll.kind != PollKind.ELECTION:
        unknown = set(payload) - {"choice"}
        if unknown:
            raise ApplicationError(
                _("选票含有未知内容：%(keys)s") % {"keys": ", ".join(sorted(unknown))}, field="payload"
            )
        choice = payload.get("choice")
        if choice not in choices:
            raise ApplicationError(_("请选择赞成、反对或弃权"), field="choice")
        return {"choice": choice}
    unknown = set(payload) - {"marks", "write_ins"}
    if unknown:
        raise ApplicationError(
            _("选票含有未知内容：%(keys)s") % {"keys": ", ".join(sorted(unknown))}, field="payload"
        )
    if candidates is None:
        candidates = {str(pk): name for pk, name in poll.candidates.values_list("pk", "name")}
    marks = payload.get("marks") or {}
    if not isinstance(marks, dict):
        raise ApplicationError(_("选票内容格式错误"), field="marks")
    stored_marks: dict[str, str] = {}
    for key, mark in marks.items():
        key = str(key)
        if key not in candidates:
            raise ApplicationError(
                _("候选人 %(id)s 不在本选票上") % {"id": key}, field=f"marks.{key}", code="unknown_candidate"
            )
        if mark not in choices:
            raise ApplicationError(
                _("对候选人“%(name)s”只能选择赞成、反对或弃权") % {"name": candidates[key]},
                field=f"marks.{key}",
                code="bad_mark",
            )
        stored_marks[key] = mark
    write_ins = payload.get("write_ins") or []
    if not isinstance(write_ins, list) or not all(isinstance(w, str) for w in write_ins):
        raise ApplicationError(_("另选他人应为姓名列表"), field="write_ins")
    names = sorted(n for n in (rules.normalize_name(w) for w in write_ins) if n)
    if len(names) > MAX_WRITE_INS or any(len(n) > MAX_NAME for n in names):
        raise ApplicationError(_("另选他人的姓名过长或过多"), field="write_ins")
    return {"marks": stored_marks, "write_ins": names}


# --- polls and candidates ------------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *,
    actor,
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
) -> Poll:
    """A poll on an agenda item, in draft. Elections are always secret (选举法: 无记名投票).

    `round` "preliminary" (预选) is for an election whose nominees exceed the candidate margin: its vote ranks
    the nominees, and `followup_create(round="regular")` then makes the formal election from the top of it.
    """
    _require_manager(actor)
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
    else:
        seats, post_kind = 1, ""
    if appointment_action and appointment_action not in AppointmentActionChoice.values:
        raise ApplicationError(_("任免类别无效"), field="appointment_action")
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
    )
    event_record(
        actor=actor,
        action="poll_create",
        obj=poll,
        changes={"kind": kind, "secret": poll.secret, "method": method, "seats": seats, "item": item.pk},
    )
    return poll


def _nominations(candidates) -> list[rules.Nomination]:
    out = []
    for c in candidates:
        if c.nomination == Nomination.PRESIDIUM:
            out.append(rules.Nomination(by=rules.NominatorKind.PRESIDIUM, candidates=(c.name,)))
        else:
            sponsors = frozenset(str(pk) for pk in c.nominator_ids)
            out.append(
                rules.Nomination(by=rules.NominatorKind.JOINT, candidates=(c.name,), sponsors=sponsors)
            )
    return out


@transaction.atomic
def candidate_add(
    *,
    actor,
    poll_id: int,
    name: str,
    nomination: str,
    deputy_id: int | None = None,
    nominator_ids=(),
    note: str = "",
) -> Candidate:
    """Add a candidate to a draft election (组织法 第26–29条: presidium, or deputies jointly; no nominator
    names more candidates than seats; joint nominations need the level's number of deputies)."""
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "edit")
    if poll.kind != PollKind.ELECTION:
        raise ApplicationError(_("只有选举才有候选人"), field="poll_id")
    name = rules.normalize_name(name or "")
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
    check = rules.nominators_valid(
        _nominations([*existing, new]), level=poll.item.session.term.congress.level, seats=poll.seats
    )
    if not check.ok:
        problem = check.issues[0].problem
        message = {
            rules.NominationProblem.TOO_FEW_SPONSORS: _("代表联名提名人数不足 %(n)s 人")
            % {"n": rules.JOINT_NOMINATION_MIN[poll.item.session.term.congress.level]},
            rules.NominationProblem.PRESIDIUM_OVER_SEATS: _("主席团提名的候选人人数不得超过应选名额"),
            rules.NominationProblem.SPONSOR_OVER_SEATS: _("每一代表联名提名的候选人人数不得超过应选名额"),
            rules.NominationProblem.NO_CANDIDATE: _("请填写候选人姓名"),
        }[problem]
        field = "nomination" if problem == rules.NominationProblem.PRESIDIUM_OVER_SEATS else "nominator_ids"
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


@transaction.atomic
def poll_open(*, actor, poll_id: int) -> Poll:
    """draft → open: the session is in progress and quorate; an election's candidates are within the margin.

    Fixes the threshold's base (total_entitled = the session's roll size: all deputies / members) and the
    number present when the vote opened.
    """
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "open")
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
            margin = rules.margin_check(poll.post_kind, poll.seats, n)
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
    poll.save(update_fields=["status", "total_entitled", "present_at_open", "opened_at", "updated_at"])
    event_record(
        actor=actor,
        action="poll_open",
        obj=poll,
        changes={
            "status": [old, poll.status],
            "total_entitled": poll.total_entitled,
            "present_at_open": poll.present_at_open,
        },
    )
    return poll


# --- casting ------------------------------------------------------------------------------------------


def _mark_voted(poll_id: int, deputy_id: int, source: str) -> bool:
    """Insert the VoterMark unless the deputy has one: True if inserted now.

    INSERT … ON CONFLICT DO NOTHING on the unique (poll, deputy): a retry, even one racing the first call,
    inserts nothing and raises nothing (PostgreSQL; SQLite 3.24+), in one statement.
    """
    table = VoterMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (poll_id, deputy_id, source) VALUES (%s, %s, %s) "
            "ON CONFLICT (poll_id, deputy_id) DO NOTHING",
            [poll_id, deputy_id, source],
        )
        return cursor.rowcount == 1


@transaction.atomic
def ballot_cast(
    *, actor, poll_id: int, deputy_id: int, payload, source: str = BallotSource.ELECTRONIC
) -> bool:
    """Record one deputy's ballot: True if recorded now, False if the deputy had already voted.

    A deputy casts their own ballot (must be on the roll and checked in); staff may enter one for such a
    deputy (recorded as source "staff" on the VoterMark). Idempotent under retries: a second call for the same
    deputy answers False and adds nothing (the VoterMark unique constraint decides, even for two calls at
    the same instant). Refused when the poll is not open. Secret polls write no Event (see the module's
    docstring); named polls record the vote in the audit trail.
    """
    poll = _lock_shared(poll_id)
    if source not in (BallotSource.ELECTRONIC, BallotSource.STAFF):
        raise ApplicationError(_("投票方式无效"), field="source")
    # One query: is the deputy on this session's roll and checked in, and whose account is it.
    lines = list(
        Attendance.objects.filter(session_id=poll.session_id, deputy_id=deputy_id)
        .order_by()
        .values_list("status", "deputy__user_id")[:1]
    )
    line = lines[0] if lines else None
    own = line is not None and line[1] == actor.pk and has_role(actor, Role.DEPUTY)
    if own:
        source = BallotSource.ELECTRONIC
    elif can_manage(actor):
        source = BallotSource.STAFF
    else:
        mine = deputy_for(actor)  # only on this refusal path: a deputy not on the roll is told so
        if mine is None or mine.pk != deputy_id:
            raise PermissionDenied(_("只能由代表本人投票，或由工作人员代为录入"))
    _require_state(poll, "cast")
    if line is None or line[0] != AttendanceStatus.PRESENT:
        raise ApplicationError(
            _("该代表不在本次会议名单上或尚未签到，不能投票"),
            field="deputy_id",
            code="not_present",
            status=409,
        )
    stored = validate_payload(poll, payload)
    if not _mark_voted(poll.pk, deputy_id, source):
        return False
    Ballot.objects.create(
        id=random_key(),
        poll_id=poll.pk,
        deputy_id=None if poll.secret else deputy_id,
        payload=stored,
        source=BallotSource.ELECTRONIC if poll.secret else source,
    )
    if not poll.secret:
        event_record(
            actor=actor,
            action="ballot_cast",
            obj=poll,
            changes={"deputy": deputy_id, "ballot": stored, "source": source},
        )
    return True


# --- paper ballots (双人录入) ----------------------------------------------------------------------------


@transaction.atomic
def paper_issue(*, actor, poll_id: int, issued: int) -> Poll:
    """Record the number of paper ballots issued (发出选票数)."""
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "paper_issue")
    if not isinstance(issued, int) or issued < 0:
        raise ApplicationError(_("发出选票数不能为负数"), field="issued")
    old = poll.paper_issued
    poll.paper_issued = issued
    poll.save(update_fields=["paper_issued", "updated_at"])
    event_record(actor=actor, action="paper_issue", obj=poll, changes={"paper_issued": [old, issued]})
    return poll


def _paper_ballot(poll: Poll, payload: dict) -> Ballot:
    return Ballot.objects.create(id=random_key(), poll=poll, payload=payload, source=BallotSource.PAPER)


@transaction.atomic
def paper_entry_submit(*, actor, poll_id: int, sheet: int, payload) -> PaperSheet:
    """One clerk's entry of paper ballot number `sheet`. The first entry leaves the sheet pending; the second
    (by another clerk) either matches — the sheet becomes a Ballot — or is a mismatch to settle."""
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "paper_entry")
    if not isinstance(sheet, int) or sheet < 1:
        raise ApplicationError(_("选票编号应为正整数"), field="sheet")
    stored = validate_payload(poll, payload)
    record, _created = PaperSheet.objects.select_for_update().get_or_create(poll=poll, sheet=sheet)
    if record.status != SheetStatus.PENDING:
        raise ApplicationError(
            _("第 %(sheet)s 号选票已录入两次（%(status)s）")
            % {"sheet": sheet, "status": record.get_status_display()},
            field="sheet",
            code="sheet_done",
            status=409,
        )
    entries = list(PaperEntry.objects.filter(poll=poll, sheet=sheet))
    if any(e.clerk_id == actor.pk for e in entries):
        raise ApplicationError(
            _("第 %(sheet)s 号选票须由另一名工作人员再录入一次") % {"sheet": sheet},
            field="sheet",
            code="same_clerk",
            status=409,
        )
    PaperEntry.objects.create(poll=poll, sheet=sheet, clerk=actor, payload=stored)
    if entries:
        if entries[0].payload == stored:
            record.status = SheetStatus.MATCHED
            _paper_ballot(poll, stored)
        else:
            record.status = SheetStatus.MISMATCH
        record.save(update_fields=["status"])
    event_record(
        actor=actor, action="paper_entry", obj=poll, changes={"sheet": sheet, "status": record.status}
    )
    return record


@transaction.atomic
def paper_sheet_settle(*, actor, poll_id: int, sheet: int, payload) -> PaperSheet:
    """Settle a mismatched sheet with what the ballot really says (checked against the paper)."""
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "paper_settle")
    stored = validate_payload(poll, payload)
    try:
        record = PaperSheet.objects.select_for_update().get(poll=poll, sheet=sheet)
    except PaperSheet.DoesNotExist as exc:
        raise NotFound(_("未找到第 %(sheet)s 号选票") % {"sheet": sheet}) from exc
    if record.status != SheetStatus.MISMATCH:
        raise ApplicationError(
            _("第 %(sheet)s 号选票无需裁定（%(status)s）")
            % {"sheet": sheet, "status": record.get_status_display()},
            field="sheet",
            code="not_mismatch",
            status=409,
        )
    record.status = SheetStatus.SETTLED
    record.settled_by = actor
    record.settled_payload = stored
    record.save(update_fields=["status", "settled_by", "settled_payload"])
    _paper_ballot(poll, stored)
    event_record(actor=actor, action="paper_settle", obj=poll, changes={"sheet": sheet})
    return record


# --- close, publish, follow-up ---------------------------------------------------------------------------


def _restore_shuffled(poll: Poll) -> int:
    """Re-store a secret poll's ballots in random order with new random keys (in the caller's transaction).

    Raw SQL: the payloads are carried over as the stored JSON text (no decoding, no model instances) —
    3,000 ballots in tens of milliseconds instead of half a second (bench/voting.py).
    """
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        # PostgreSQL (psycopg 3 under Django) returns jsonb as text; SQLite stores it as text
        cursor.execute(f"SELECT payload, source FROM {table} WHERE poll_id = %s", [poll.pk])
        rows = [(payload, source) for payload, source in cursor.fetchall()]
    secrets.SystemRandom().shuffle(rows)
    secure = connection.vendor == "sqlite"
    if secure:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            previous = cursor.fetchone()[0]
            cursor.execute("PRAGMA secure_delete = ON")
    try:
        Ballot.objects.filter(poll=poll).delete()
    finally:
        if secure:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA secure_delete = {int(previous)}")
    payload = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (id, poll_id, deputy_id, payload, source) "
            f"VALUES (%s, %s, NULL, {payload}, %s)",
            [(random_key(), poll.pk, p, s) for p, s in rows],
        )
    return len(rows)


@transaction.atomic
def poll_close(*, actor, poll_id: int) -> Poll:
    """open → closed: secret ballots re-stored shuffled; the count computed from the stored ballots by the
    rules (tally_motion / count_election) into poll.result, and the ballot set's digest into poll.digest.

    A paper poll closes only when its issued count is recorded and no sheet is pending or in mismatch.
    """
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "close")
    if poll.method == PollMethod.PAPER:
        if poll.paper_issued is None:
            raise ApplicationError(_("请先登记发出选票数"), field="paper_issued", code="issued_missing")
        open_sheets = poll.paper_sheets.filter(status__in=(SheetStatus.PENDING, SheetStatus.MISMATCH)).count()
        if open_sheets:
            raise ApplicationError(
                _("还有 %(n)s 张纸质选票未完成双人录入或裁定") % {"n": open_sheets},
                field="paper_sheets",
                code="sheets_open",
                status=409,
            )
    if poll.secret:
        _restore_shuffled(poll)
    old = _set_status(poll, "close")
    poll.closed_at = timezone.now()
    poll.result = recount(poll)
    poll.digest = poll.result["digest"]
    poll.save(update_fields=["status", "closed_at", "result", "digest", "updated_at"])
    event_record(
        actor=actor,
        action="poll_close",
        obj=poll,
        changes={"status": [old, poll.status], "result": poll.result, "digest": poll.digest},
    )
    return poll


@transaction.atomic
def poll_publish(*, actor, poll_id: int) -> Poll:
    """closed → published: the result and digest become public."""
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "publish")
    old = _set_status(poll, "publish")
    poll.published_at = timezone.now()
    poll.save(update_fields=["status", "published_at", "updated_at"])
    event_record(actor=actor, action="poll_publish", obj=poll, changes={"status": [old, poll.status]})
    return poll


@transaction.atomic
def followup_create(*, actor, poll_id: int, round: str) -> Poll:
    """The next round of a closed election, from its result (组织法 第26–29条).

    "revote": a new poll among those tied at the cut-off, for the seats they tie for. "another" (另行选举):
    a new election for the seats left unfilled (all of them if the election was void), threshold unchanged;
    its candidates are the persons not elected, most votes first, up to the margin's highest number (staff may
    add nominations while it is a draft). "regular" after a preliminary election (预选): the formal election
    among the nominees with the most votes, as many as the margin allows.
    """
    poll = _lock(poll_id)
    _require_manager(actor)
    _require_state(poll, "followup")
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
        formal = rules.formal_candidates(votes, nominees=by_name, kind=poll.post_kind, seats=seats)
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
            rules.another_election_candidates(
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
