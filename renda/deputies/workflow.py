"""The deputy's status as a transition table (pure: no Django, no database).

代表法 (代表资格的停止和终止): a deputy's duties may be suspended (暂停执行代表职务) and resumed; the mandate
may end (资格终止) for one of the reasons in choices.TerminationReason. Termination is final: a later mandate
is a new deputy record of a new term. Staff and admins record these changes and edit the record (in any
status: a record is corrected after the mandate ended too); renda.deputies.permissions.DeputyPolicy binds
the table to the model.
"""

from __future__ import annotations

import datetime as dt

from renda.core.workflow import Workflow, t

ACTIVE = "active"
SUSPENDED = "suspended"
TERMINATED = "terminated"
STATUSES = (ACTIVE, SUSPENDED, TERMINATED)
EDITORS = frozenset({"staff", "admin"})

WORKFLOW = Workflow(
    "deputies.deputy",
    {
        #  action        from                     to           who
        "suspend": t({ACTIVE}, SUSPENDED, EDITORS),
        "resume": t({SUSPENDED}, ACTIVE, EDITORS),
        "terminate": t({ACTIVE, SUSPENDED}, TERMINATED, EDITORS),
        "edit": t(STATUSES, None, EDITORS),
    },
    states=STATUSES,
)
# The status a change leads to → its action.
STATUS_ACTIONS: dict[str, str] = {
    tr.target: action for action, tr in WORKFLOW.transitions.items() if tr.target is not None
}


def allowed_targets(from_status: str) -> frozenset[str]:
    """The statuses the table lets a deputy in `from_status` move to."""
    return frozenset(
        target for target, action in STATUS_ACTIONS.items() if WORKFLOW.allowed(action, from_status)
    )


def status_change_problem(
    *,
    from_status: str,
    to_status: str,
    effective_date: dt.date | None,
    reason: str,
    today: dt.date,
    not_before: dt.date | None,
) -> tuple[str, str] | None:
    """The first reason to refuse a status change as (field, code), or None when it may be recorded.

    Rules: the new status differs from the current one and the table allows the move; the effective date is
    given, not in the future (a change is recorded once it has happened) and not before `not_before` (the
    term's start and the last recorded change: the history stays in order); a reason is required when the
    mandate ends and is not accepted otherwise (the reasons are those of termination).
    """
    if to_status not in WORKFLOW.states:
        return ("to_status", "unknown")
    if to_status == from_status:
        return ("to_status", "unchanged")
    if to_status not in allowed_targets(from_status):
        return ("to_status", "not_allowed")
    if effective_date is None:
        return ("effective_date", "required")
    if effective_date > today:
        return ("effective_date", "future")
    if not_before is not None and effective_date < not_before:
        return ("effective_date", "too_early")
    if to_status == TERMINATED and not reason:
        return ("reason", "required")
    if to_status != TERMINATED and reason:
        return ("reason", "not_applicable")
    return None
