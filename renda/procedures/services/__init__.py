"""Every write of government procedures (MISSION.md §8; issue 18). Each action of the tables: spine.require
before the row lock, the state (and the guard) checked again under the lock, one Event in the same
transaction (labels in renda.core.event_names). A skipped step is refused by its name (the policy's guard and
wrong-state message, from renda.procedures.rules).

A package by domain: the catalogue, a decision's steps, enforcement, the congress's supervision of
both, the exports; what they share in _common."""

from __future__ import annotations

from renda.procedures.services._common import MAX_TEXT
from renda.procedures.services.catalogue import (
    catalogue_create,
    catalogue_publish,
    decision_add,
)
from renda.procedures.services.congress import raise_item, raise_opinion, standing
from renda.procedures.services.decisions import (
    comment_answer,
    comment_submit,
    decision_evaluate,
    decision_publish,
    decision_revise,
    draft_open,
    expert_record,
    legality_review,
    meeting_record,
    participation_record,
    review_submit,
    risk_record,
    step_exempt,
    tracking_add,
)
from renda.procedures.services.enforcement import (
    CASE_FILE,
    case_issue,
    case_open,
    case_propose,
    case_publish,
    case_record,
    case_review,
    officer_add,
    settings_update,
)
from renda.procedures.services.exports import (
    catalogue_register,
    decision_document,
    enforcement_register,
)

__all__ = [
    "CASE_FILE",
    "MAX_TEXT",
    "case_issue",
    "case_open",
    "case_propose",
    "case_publish",
    "case_record",
    "case_review",
    "catalogue_create",
    "catalogue_publish",
    "catalogue_register",
    "comment_answer",
    "comment_submit",
    "decision_add",
    "decision_document",
    "decision_evaluate",
    "decision_publish",
    "decision_revise",
    "draft_open",
    "enforcement_register",
    "expert_record",
    "legality_review",
    "meeting_record",
    "officer_add",
    "participation_record",
    "raise_item",
    "raise_opinion",
    "review_submit",
    "risk_record",
    "settings_update",
    "standing",
    "step_exempt",
    "tracking_add",
]
