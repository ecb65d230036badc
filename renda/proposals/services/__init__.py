"""Every write of motions and suggestions (MISSION §2). The only place that changes `Proposal.status`.

One module per stage of an item's life: drafting (draft, attachments, co-signing, submission, withdrawal),
review (review, the presidium's decisions, merging, the category), assignment (assignment, return and
extension requests), handling (co-handlers' opinions, consultations, replies), rating (rating,
follow-up), supervision (key items, publishing, the year's rollover) and settings (the term's settings);
_common holds what they share. Everything public is re-exported here: callers write
`services.proposal_submit(...)` or `from renda.proposals.services import proposal_submit`.

Each service is keyword-only and runs in one transaction. It reads the item through the actor's scope
(outside it: NotFound) — or takes the item its caller already loaded that way: `proposal_id` is the id or
that instance, and then the service's one read of the item is its lock —, requires the action before any
lock (spine.require: the transition table and the role, else PermissionDenied or a 409 ApplicationError),
locks the item (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE) and checks
its state and the action's guard under the lock (spine.require_locked), validates its input
(ApplicationError naming the field, nothing written), writes, appends an Event on the item, and notifies
whoever must act next (Notification rows created on commit).
"""

from __future__ import annotations

from renda.core.errors import ApplicationError
from renda.proposals.services._common import (
    ALLOWED_EXTENSIONS,
    DEFAULT_MAX_ATTACHMENT_BYTES,
    INDEX_SOURCE,
    LETTER_EXTENSIONS,
    index_deferred,
    max_attachment_bytes,
    notices_gathered,
    proposal_text,
)
from renda.proposals.services.assignment import (
    extension_decide,
    extension_request,
    proposal_assign,
    return_decide,
    return_request,
)
from renda.proposals.services.drafting import (
    DRAFT_FIELDS,
    attachment_add,
    cosign_respond,
    cosigners_invite,
    proposal_create_draft,
    proposal_submit,
    proposal_update_draft,
    proposal_withdraw,
    withdraw_consent,
)
from renda.proposals.services.handling import (
    co_opinion_submit,
    consultation_record,
    reply_draft,
    reply_send_back,
    reply_sign,
)
from renda.proposals.services.rating import follow_up_report, rating_submit
from renda.proposals.services.review import (
    BATCH_LIMIT,
    BatchResult,
    motion_deadline_set,
    motion_decide,
    proposal_merge,
    proposal_review,
    proposal_review_accept_many,
    proposal_set_topic,
)
from renda.proposals.services.settings import (
    SETTINGS_FIELDS,
    SETTINGS_FLAGS,
    SETTINGS_NUMBERS,
    proposal_settings_update,
)
from renda.proposals.services.supervision import (
    follow_up_rollover,
    key_supervision_mark,
    proposal_publish,
    proposal_urge,
)

__all__ = [
    "ALLOWED_EXTENSIONS",
    "BATCH_LIMIT",
    "DEFAULT_MAX_ATTACHMENT_BYTES",
    "DRAFT_FIELDS",
    "INDEX_SOURCE",
    "LETTER_EXTENSIONS",
    "SETTINGS_FIELDS",
    "SETTINGS_FLAGS",
    "SETTINGS_NUMBERS",
    "ApplicationError",
    "BatchResult",
    "attachment_add",
    "co_opinion_submit",
    "consultation_record",
    "cosign_respond",
    "cosigners_invite",
    "extension_decide",
    "extension_request",
    "follow_up_report",
    "follow_up_rollover",
    "index_deferred",
    "key_supervision_mark",
    "max_attachment_bytes",
    "motion_deadline_set",
    "motion_decide",
    "notices_gathered",
    "proposal_assign",
    "proposal_create_draft",
    "proposal_merge",
    "proposal_publish",
    "proposal_review",
    "proposal_review_accept_many",
    "proposal_set_topic",
    "proposal_settings_update",
    "proposal_submit",
    "proposal_text",
    "proposal_update_draft",
    "proposal_urge",
    "proposal_withdraw",
    "rating_submit",
    "reply_draft",
    "reply_send_back",
    "reply_sign",
    "return_decide",
    "return_request",
    "withdraw_consent",
]
