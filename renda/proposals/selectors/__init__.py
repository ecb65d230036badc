"""Every read of motions and suggestions: lists, an item's page, its timeline, the figures, public replies,
and the small reads only the pages need (filter choices, the co-signing inbox, co-signer candidates …).

One module per kind of read: terms (the term's settings, derived deadlines), lists, item, figures (the
report, the public page), training (texts other tools learn from). Everything public is re-exported here.

Everything starts from Proposal.objects.restrict(actor, action) (ARCHITECTURE pattern 5), or from an item
the scoped selector already returned. Overdue and days left are derived from the due date and today in the
query (pattern 4), never stored.
"""

from __future__ import annotations

from renda.proposals.selectors.figures import (
    dashboard_figures,
    published_replies,
    published_reply,
)
from renda.proposals.selectors.item import (
    answering_item,
    cosigner_candidates,
    cosigners_waiting,
    draft_reply_units,
    item_records,
    lead_deputy_contact,
    proposal_for_view,
    proposal_id_by_number,
    replies_for,
    signed_replies,
    timeline,
    visible_replies,
)
from renda.proposals.selectors.lists import (
    BRIEF_ASSIGNMENT_FIELDS,
    BRIEF_FIELDS,
    NAME_SEPARATOR,
    PAGE_ROW_FIELDS,
    JoinedNames,
    cosign_inbox,
    drafts_to_sign,
    filter_choices,
    lead_unit_names,
    pending_extensions,
    pending_request_count,
    pending_requests,
    pending_returns,
    proposal_ids,
    proposal_list,
    proposal_rows,
    proposal_titles,
    sessions_with_motion_windows,
    unit_choices,
)
from renda.proposals.selectors.similar import SIMILAR_TOP, SimilarPanel, similar_for
from renda.proposals.selectors.terms import (
    NOT_SUBMITTED,
    OPEN_STATES,
    DaysUntil,
    annotate_deadlines,
    current_term_due_soon,
    due_soon_days,
    settings_for,
    settings_term,
    settings_terms,
)
from renda.proposals.selectors.training import (
    TRAINING_LIMIT,
    index_texts,
    topic_texts_since,
    training_by_topic,
    training_by_unit,
    unit_names,
)

__all__ = [
    "BRIEF_ASSIGNMENT_FIELDS",
    "BRIEF_FIELDS",
    "NAME_SEPARATOR",
    "NOT_SUBMITTED",
    "OPEN_STATES",
    "PAGE_ROW_FIELDS",
    "SIMILAR_TOP",
    "TRAINING_LIMIT",
    "DaysUntil",
    "JoinedNames",
    "SimilarPanel",
    "annotate_deadlines",
    "answering_item",
    "cosign_inbox",
    "cosigner_candidates",
    "cosigners_waiting",
    "current_term_due_soon",
    "dashboard_figures",
    "draft_reply_units",
    "drafts_to_sign",
    "due_soon_days",
    "filter_choices",
    "index_texts",
    "item_records",
    "lead_deputy_contact",
    "lead_unit_names",
    "pending_extensions",
    "pending_request_count",
    "pending_requests",
    "pending_returns",
    "proposal_for_view",
    "proposal_id_by_number",
    "proposal_ids",
    "proposal_list",
    "proposal_rows",
    "proposal_titles",
    "published_replies",
    "published_reply",
    "replies_for",
    "sessions_with_motion_windows",
    "settings_for",
    "settings_term",
    "settings_terms",
    "signed_replies",
    "similar_for",
    "timeline",
    "topic_texts_since",
    "training_by_topic",
    "training_by_unit",
    "unit_choices",
    "unit_names",
    "visible_replies",
]
