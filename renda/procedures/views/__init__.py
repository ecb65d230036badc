"""Pages of government procedures (MISSION.md §8; issue 18): the catalogue of major decisions with each
decision's five steps, a decision's page with its action menu (the steps, the exemptions, the legality
review, the meeting, publication, tracking, evaluation) and its public draft's comments; the public catalogue
and the public draft where anyone comments (on a phone); enforcement cases with their whole-process record
(each file's SM3 fingerprint checked again on every view), legal review and issue; the public enforcement
notice; the congress's read-only overview.
One module per part: decisions (the catalogue and a decision's page), public, enforcement, congress,
exports; what they share in _common."""

from __future__ import annotations

from renda.procedures.views.congress import (
    congress,
    congress_decision,
    congress_enforcement,
)
from renda.procedures.views.decisions import (
    MENU,
    catalogue_publish,
    comment_answer,
    decision,
    decision_action,
    decision_add,
    index,
)
from renda.procedures.views.enforcement import (
    CASE_MENU,
    case,
    case_action,
    cases,
    settings_page,
)
from renda.procedures.views.exports import (
    cases_xlsx,
    catalogue_xlsx,
    decision_docx,
)
from renda.procedures.views.public import (
    notice,
    public_catalogue,
    public_decision,
)

__all__ = [
    "CASE_MENU",
    "MENU",
    "case",
    "case_action",
    "cases",
    "cases_xlsx",
    "catalogue_publish",
    "catalogue_xlsx",
    "comment_answer",
    "congress",
    "congress_decision",
    "congress_enforcement",
    "decision",
    "decision_action",
    "decision_add",
    "decision_docx",
    "index",
    "notice",
    "public_catalogue",
    "public_decision",
    "settings_page",
]
