"""Pages of motions (议案) and suggestions (建议): a deputy's drafts and co-signing, the staff's review,
assignment and supervision lists, a unit's handling, the item page with its timeline, the term's settings
and the public page of published replies.

One module per part: lists, drafting, item (the item page and its action posts; the actions themselves in
actions), review (the staff's review and assignment helpers), settings, public. Views parse input and call
one service or selector.
"""

from __future__ import annotations

from renda.proposals.views.actions import ACTIONS, MENU
from renda.proposals.views.drafting import (
    attachment_add,
    deputy_search,
    proposal_create,
    proposal_edit,
    similar_draft,
)
from renda.proposals.views.item import (
    attachment_download,
    proposal_action,
    proposal_detail,
    reply_letter,
)
from renda.proposals.views.lists import (
    cosign_inbox,
    proposal_list,
    request_list,
    review_accept_batch,
    unit_filter_options,
)
from renda.proposals.views.public import public_replies, public_reply_detail
from renda.proposals.views.review import (
    motion_deadlines,
    routing_context,
    routing_proposal,
    similar_for_item,
    topic_set,
)
from renda.proposals.views.settings import proposal_settings

__all__ = [
    "ACTIONS",
    "MENU",
    "attachment_add",
    "attachment_download",
    "cosign_inbox",
    "deputy_search",
    "motion_deadlines",
    "proposal_action",
    "proposal_create",
    "proposal_detail",
    "proposal_edit",
    "proposal_list",
    "proposal_settings",
    "public_replies",
    "public_reply_detail",
    "reply_letter",
    "request_list",
    "review_accept_batch",
    "routing_context",
    "routing_proposal",
    "similar_draft",
    "similar_for_item",
    "topic_set",
    "unit_filter_options",
]
