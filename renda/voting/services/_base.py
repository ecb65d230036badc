"""What every voting service shares: the poll's locks, the checks against the transition table, the
ballot's validation (see the package's docstring for locking and secrecy)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import spine
from renda.core.actors import Actor
from renda.core.errors import ApplicationError, NotFound
from renda.voting import rules
from renda.voting.choices import LIST_KINDS, PollKind, VoteChoice
from renda.voting.elections import rules as election_rules
from renda.voting.models import Poll

MAX_WRITE_INS = 50
MAX_NAME = 50


# --- helpers ------------------------------------------------------------------------------------------


def _visible(actor: Actor, poll_id: int | Poll, *related: str) -> Poll:
    """The poll inside the actor's scope (Poll.objects.restrict), unlocked, with `related` joined;
    NotFound outside the scope, as if absent. A poll the caller already loaded through the scope is taken
    as it is (spine.get_visible: no second read, the lock is then the service's one read of the poll)."""
    if isinstance(poll_id, Poll):
        return spine.get_visible(Poll, actor, poll_id)
    qs = Poll.objects.restrict(actor).select_related(*(related or ("item__session__term__congress",)))
    try:
        return qs.get(pk=poll_id)
    except (Poll.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("未找到该表决事项")) from exc


def _lock(poll: Poll, action: str) -> Poll:
    """The poll locked FOR UPDATE until the transaction ends (spine.lock) and its state checked again under
    the lock (another request may have moved it since the service's spine.require); its agenda item,
    session, term and congress are the ones read before (they do not change with the poll)."""
    locked = spine.lock(Poll, poll.pk)
    locked.item = poll.item
    return spine.require_state(locked, action)


def _lock_shared(poll: Poll, action: str) -> Poll:
    """The poll's row locked FOR SHARE (spine.lock_state: spine.lock shared=True answering the state alone;
    PostgreSQL — SQLite serialises writers): many casts at once, none while a close holds the row. Its state
    is read again under the lock and checked."""
    poll.status = spine.lock_state(Poll, poll.pk)
    return spine.require_state(poll, action)


def _set_status(poll: Poll, action: str) -> str:
    """Move the poll along the table (spine.set_state); answers the state before."""
    old = poll.status
    spine.set_state(poll, action)
    return old


def _only_keys(payload: dict, *keys: str) -> None:
    unknown = set(payload) - set(keys)
    if unknown:
        raise ApplicationError(
            _("选票含有未知内容：%(keys)s") % {"keys": ", ".join(sorted(unknown))}, field="payload"
        )


# a ballot's marks field → (a key not on the ballot, its code, a mark the key may not take)
_MARK_REFUSALS = {
    "marks": (
        gettext_lazy("候选人 %(id)s 不在本选票上"),
        "unknown_candidate",
        gettext_lazy("对候选人“%(name)s”只能选择赞成、反对或弃权"),
    ),
    "options": (
        gettext_lazy("项目 %(id)s 不在本选票上"),
        "unknown_option",
        gettext_lazy("对“%(name)s”的选择无效"),
    ),
}


def _marks(payload: dict, field: str, names: dict[str, str], allowed) -> dict[str, str]:
    """The marks of `payload[field]` ({key: mark}), keys as text: each key one of `names`, each mark one of
    `allowed` (else refused as _MARK_REFUSALS says; a bad mark's code is "bad_mark")."""
    marks = payload.get(field) or {}
    if not isinstance(marks, dict):
        raise ApplicationError(_("选票内容格式错误"), field=field)
    not_here, code, bad_mark = _MARK_REFUSALS[field]
    given: dict[str, str] = {}
    for key, mark in marks.items():
        key = str(key)
        if key not in names:
            raise ApplicationError(not_here % {"id": key}, field=f"{field}.{key}", code=code)
        if mark not in allowed:
            raise ApplicationError(bad_mark % {"name": names[key]}, field=f"{field}.{key}", code="bad_mark")
        given[key] = mark
    return given


def validate_payload(poll: Poll, payload, candidates: dict[str, str] | None = None) -> dict:
    """The ballot as stored, or ApplicationError naming the offending field.

    Motions and appointments: {"choice": "yes"|"no"|"abstain"}. Elections: {"marks": {"<candidate id>":
    "yes"|"no"|"abstain"}, "write_ins": ["name", ...]}; unmarked candidates count as 弃权; write-ins are
    normalised (election_rules.normalize_name), blanks dropped,
    sorted. An over-marked election ballot is valid
    input — it is stored and counted as void (选举法 第44条), as a paper ballot would be.
    `candidates` maps candidate id (as text) → name; read from the poll when not given.
    """
    if not isinstance(payload, dict):
        raise ApplicationError(_("选票内容格式错误"), field="payload")
    if poll.kind in LIST_KINDS:
        return _list_payload(poll, payload)
    choices = set(VoteChoice.values)
    if poll.kind != PollKind.ELECTION:
        _only_keys(payload, "choice")
        choice = payload.get("choice")
        if choice not in choices:
            raise ApplicationError(_("请选择赞成、反对或弃权"), field="choice")
        return {"choice": choice}
    _only_keys(payload, "marks", "write_ins")
    if candidates is None:
        candidates = {str(pk): name for pk, name in poll.candidates.values_list("pk", "name")}
    stored_marks = _marks(payload, "marks", candidates, choices)
    write_ins = payload.get("write_ins") or []
    if not isinstance(write_ins, list) or not all(isinstance(w, str) for w in write_ins):
        raise ApplicationError(_("另选他人应为姓名列表"), field="write_ins")
    names = sorted(n for n in (election_rules.normalize_name(w) for w in write_ins) if n)
    if len(names) > MAX_WRITE_INS or any(len(n) > MAX_NAME for n in names):
        raise ApplicationError(_("另选他人的姓名过长或过多"), field="write_ins")
    return {"marks": stored_marks, "write_ins": names}


def list_marks(poll: Poll) -> tuple[str, ...]:
    """The marks a list poll's ballot takes for each item (rules.LIST_MARKS or rules.RATING_MARKS)."""
    return rules.RATING_MARKS if poll.kind == PollKind.RATING else rules.LIST_MARKS


def _list_payload(poll: Poll, payload: dict) -> dict:
    """A list ballot: {"options": {"<item key>": mark}}; every item of the poll stored, unmarked → "abstain".
    A "choose up to N" ballot marking more than N is valid input — stored and counted void, as on paper."""
    _only_keys(payload, "options")
    labels = {str(o["key"]): o["label"] for o in poll.options}
    given = _marks(payload, "options", labels, list_marks(poll))
    stored = dict.fromkeys(labels, "abstain") | given
    return {"options": stored}
