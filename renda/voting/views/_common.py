"""What the voting pages share: the marks' labels, the result states, a poll in the user's reach."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from renda.core.roles import Role, has_role
from renda.voting import selectors
from renda.voting.choices import (
    LIST_KINDS,
    PollStatus,
    RatingChoice,
    VoteChoice,
)
from renda.voting.models import Poll

CHOICE_LABELS = dict(VoteChoice.choices)


MARK_LABELS = {**dict(RatingChoice.choices), **CHOICE_LABELS}  # every mark of a list ballot


RESULT_STATES = (PollStatus.CLOSED, PollStatus.PUBLISHED)


NOT_OFFERED = gettext_lazy("当前状态下不能进行此操作")


def _is_deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


def _poll_or_404(user, poll_id: int) -> Poll:
    return selectors.poll_for_view(user=user, pk=poll_id)


def _names(poll) -> dict[str, str]:
    if poll.kind in LIST_KINDS:
        return {str(o["key"]): o["label"] for o in poll.options}
    return {str(c.pk): c.name for c in poll.candidates.all()}
