"""Every write of livelihood projects (MISSION.md §4). Each action of the table: spine.require before the
row lock, the state checked again under the lock, an Event in the same transaction (labels in events.py).

`project_collect` is also the seam other apps call (citizens' opinions feed the collection through it).

A package by stage: collection, shortlist (and review), vote, implementation, evaluation; what they
share in _common."""

from __future__ import annotations

from renda.livelihood.services._common import INDEX_SOURCE, MAX_TEXT, index_text
from renda.livelihood.services.collection import (
    project_accept,
    project_collect,
    project_merge,
    project_reject,
    year_save,
)
from renda.livelihood.services.evaluation import evaluation_close, evaluation_open, project_evaluate
from renda.livelihood.services.implementation import (
    group_save,
    inspection_answer,
    inspection_record,
    milestone_add,
    milestone_done,
    project_report,
)
from renda.livelihood.services.shortlist import (
    delegation_note_add,
    project_shortlist,
    project_unlist,
    shortlist_review,
)
from renda.livelihood.services.vote import vote_close, vote_open, vote_record

__all__ = [
    "INDEX_SOURCE",
    "MAX_TEXT",
    "delegation_note_add",
    "evaluation_close",
    "evaluation_open",
    "group_save",
    "index_text",
    "inspection_answer",
    "inspection_record",
    "milestone_add",
    "milestone_done",
    "project_accept",
    "project_collect",
    "project_evaluate",
    "project_merge",
    "project_reject",
    "project_report",
    "project_shortlist",
    "project_unlist",
    "shortlist_review",
    "vote_close",
    "vote_open",
    "vote_record",
    "year_save",
]
