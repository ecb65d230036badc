"""Every write of local legislation (MISSION.md §7, issue 17). Each action of the draft's table: spine.require
before the row lock, the state checked again under the lock, an Event in the same transaction (labels in
renda.core.event_names). A reading at a standing-committee meeting goes on that meeting's agenda through the
meetings service. The public's comment has no account: its tracking code is its key (the page that calls it
is rate-limited).

A package: the plan and the draft's table (drafts), the comments and their answers (comments), what they
share (_common).
"""

from __future__ import annotations

from renda.legislation.services._common import CODE_PREFIX, MAX_COMMENT, MAX_TEXT, parse_text
from renda.legislation.services.comments import (
    comment_answer,
    comment_record,
    comment_submit,
    comments_answer,
    draft_publish_answers,
)
from renda.legislation.services.drafts import (
    draft_approve,
    draft_create,
    draft_file,
    draft_open_comment,
    draft_publish,
    draft_read,
    draft_revise,
    draft_submit,
    draft_vote,
    latest_version,
    plan_item_add,
    plan_publish,
)

__all__ = [
    "CODE_PREFIX",
    "MAX_COMMENT",
    "MAX_TEXT",
    "comment_answer",
    "comment_record",
    "comment_submit",
    "comments_answer",
    "draft_approve",
    "draft_create",
    "draft_file",
    "draft_open_comment",
    "draft_publish",
    "draft_publish_answers",
    "draft_read",
    "draft_revise",
    "draft_submit",
    "draft_vote",
    "latest_version",
    "parse_text",
    "plan_item_add",
    "plan_publish",
]
