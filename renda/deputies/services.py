"""Every write on deputies' records (other than the roster import): status changes and edits, audited.

Each follows the spine: `spine.require` by the table of renda.deputies.workflow (staff, admin) before the
row lock; under the lock the pure rule `workflow.status_change_problem` checks the move again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import crypto, spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, one_or_not_found
from renda.core.services import event_record, update_recorded
from renda.deputies import workflow
from renda.deputies.choices import (
    ETHNICITIES,
    CongressLevelHeld,
    Gender,
    Occupation,
    Party,
    TerminationReason,
)
from renda.deputies.models import Deputy, DeputyStatusChange
from renda.deputies.privacy import id_number_valid
from renda.organization.models import Delegation


def _status_problem_message(code: str, *, field: str, not_before: dt.date | None) -> str:
    messages = {
        ("to_status", "unknown"): _("新状态：未知的状态"),
        ("to_status", "unchanged"): _("新状态：与当前状态相同，无需变更"),
        ("to_status", "not_allowed"): _("新状态：当前状态下不能变更为该状态（资格终止后不能再变更）"),
        ("effective_date", "required"): _("生效日期：请填写生效日期"),
        ("effective_date", "future"): _("生效日期：不能晚于今天，状态变更应在发生后登记"),
        ("effective_date", "too_early"): _("生效日期：不能早于 %(date)s（本届开始或上一次状态变更）")
        % {"date": not_before},
        ("reason", "required"): _("原因：代表资格终止必须选择原因"),
        ("reason", "not_applicable"): _("原因：只有代表资格终止才填写原因，其他情况请写在说明中"),
    }
    return messages[(field, code)]


def _deputy(deputy_id: int | Deputy) -> Deputy:
    """The deputy with its term, read without a lock (or as the page already loaded it: no second read).
    The services ask `spine.require` with check_scope=False: only the table's who counts, whatever the
    actor's view scope (editors see every deputy; anyone else is refused as forbidden, not told the record
    is absent)."""
    if isinstance(deputy_id, Deputy):
        return deputy_id
    return one_or_not_found(Deputy.objects.select_related("term"), _("代表不存在"), pk=deputy_id)


@transaction.atomic
def deputy_change_status(
    *,
    actor: ActorLike,
    deputy_id: int | Deputy,
    to_status: str,
    effective_date: dt.date | None,
    reason: str = "",
    note: str = "",
) -> Deputy:
    """Record a change of a deputy's status (a record with legal effect).

    Refused: the same status again; a move the table in workflow.py forbids (termination is final); no date,
    a date after today or before the term's start or the last recorded change; termination without a reason;
    a reason for anything but termination.
    """
    actor = as_actor(actor)
    checked = _deputy(deputy_id)
    # the table's action for the move (as workflow.STATUS_ACTIONS; tests/test_matrix checks they agree); a
    # move it has no row for from the current status is refused under the lock by status_change_problem,
    # on its field, once the who ("edit": the same roles) is checked
    action = {"suspended": "suspend", "active": "resume", "terminated": "terminate"}.get(to_status)
    if action is None or not workflow.WORKFLOW.allowed(action, checked.status):
        action = "edit"
    spine.require(actor, checked, action, check_scope=False)
    deputy = spine.lock(Deputy, spine.pk_of(deputy_id))
    reason = (reason or "").strip()
    if reason and reason not in TerminationReason.values:
        raise ApplicationError(_("原因：未知的原因"), field="reason")
    last = (
        DeputyStatusChange.objects.filter(deputy_id=deputy.pk)
        .order_by("-effective_date")
        .values_list("effective_date", flat=True)
        .first()
    )
    term_start = checked.term.start_date
    not_before = max(d for d in (term_start, last) if d is not None) if (term_start or last) else None
    problem = workflow.status_change_problem(
        from_status=deputy.status,
        to_status=to_status,
        effective_date=effective_date,
        reason=reason,
        today=timezone.localdate(),
        not_before=not_before,
    )
    if problem:
        field, code = problem
        raise ApplicationError(
            _status_problem_message(code, field=field, not_before=not_before), field=field, code=code
        )
    assert effective_date is not None  # status_change_problem refuses a change without a date
    from_status = deputy.status
    spine.set_state(deputy, workflow.STATUS_ACTIONS[to_status])
    deputy.status_date = effective_date
    deputy.status_reason = reason
    deputy.save(update_fields=["status", "status_date", "status_reason", "updated_at"])
    DeputyStatusChange.objects.create(
        deputy=deputy,
        from_status=from_status,
        to_status=to_status,
        effective_date=effective_date,
        reason=reason,
        note=note.strip(),
        recorded_by=actor.user,
    )
    event_record(
        actor=actor,
        action="deputy_status_change",
        obj=deputy,
        changes={
            "status": [from_status, to_status],
            "effective_date": effective_date,
            "reason": reason,
        },
        comment=note.strip(),
    )
    return deputy


# Fields staff may edit on the detail page; status goes through deputy_change_status, the term never changes.
EDITABLE_FIELDS = (*Deputy.PARTICULARS, "card_number", "phone", "delegation")

_CHOICES = {
    "gender": Gender.values,
    "party": Party.values,
    "occupation": Occupation.values,
}


def _label(name: str) -> str:
    return str(getattr(Deputy._meta.get_field(name), "verbose_name", name))


def _clean_update(deputy: Deputy, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(unknown)}, field=unknown[0])
    data: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        data[name] = value
    for name in ("name", "workplace", "card_number", "ethnicity", "id_number"):
        if name in data and not data[name]:
            raise ApplicationError(_("%(label)s：不能为空") % {"label": _label(name)}, field=name)
    for name, allowed in _CHOICES.items():
        if name in data and data[name] not in allowed:
            raise ApplicationError(_("%(label)s：取值无效") % {"label": _label(name)}, field=name)
    if "ethnicity" in data and data["ethnicity"] not in ETHNICITIES:
        raise ApplicationError(_("民族：取值无效"), field="ethnicity")
    if "id_number" in data:
        data["id_number"] = data["id_number"].upper()
        if not id_number_valid(data["id_number"]):
            raise ApplicationError(_("公民身份号码：号码或校验位不正确"), field="id_number")
    if "birth_date" in data and not isinstance(data["birth_date"], dt.date):
        raise ApplicationError(_("出生日期：日期无效"), field="birth_date")
    if "congress_levels" in data:
        levels = list(data["congress_levels"] or [])
        if any(level not in CongressLevelHeld.values for level in levels):
            raise ApplicationError(_("代表层级：取值无效"), field="congress_levels")
        data["congress_levels"] = levels
    if "delegation" in data:
        value = data["delegation"]
        pk = value.pk if isinstance(value, Delegation) else value
        delegation = Delegation.objects.filter(pk=pk, term_id=deputy.term_id).first()
        if delegation is None:
            raise ApplicationError(_("代表团：须为本届的代表团"), field="delegation")
        data["delegation"] = delegation
    others = Deputy.objects.filter(term_id=deputy.term_id).exclude(pk=deputy.pk)
    if "card_number" in data and others.filter(card_number=data["card_number"]).exists():
        raise ApplicationError(_("代表证号：本届已有代表使用该号码"), field="card_number")
    if "id_number" in data and others.filter(id_number_index=crypto.blind_index(data["id_number"])).exists():
        raise ApplicationError(_("公民身份号码：本届已有代表使用该号码"), field="id_number")
    return data


@transaction.atomic
def deputy_update(*, actor: ActorLike, deputy_id: int | Deputy, **fields: Any) -> Deputy:
    """Edit a deputy's basic fields (staff, admin). Only changed fields are written and audited."""
    actor = as_actor(actor)
    spine.require(actor, _deputy(deputy_id), "edit", check_scope=False)
    deputy = spine.lock(Deputy, spine.pk_of(deputy_id))
    update_recorded(actor=actor, action="deputy_update", obj=deputy, data=_clean_update(deputy, fields))
    return deputy
