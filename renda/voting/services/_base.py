"""What every voting service shares: the poll's locks, the checks against the transition table, the
ballot's validation (see the package's docstring for locking and secrecy)."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.meetings.models import AgendaItem
from renda.voting import rules, workflow
from renda.voting.choices import PollKind, VoteChoice
from renda.voting.models import Poll
from renda.voting.permissions import can_manage

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
