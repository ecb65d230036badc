"""Who may see and do what with decisions on major matters (MISSION, Users and roles; §7): the table of
renda.decisions.workflow bound to ``Matter`` on the spine.

| what                                             | staff, admin | leader, auditor | deputy | the public |
|--------------------------------------------------|--------------|-----------------|--------|------------|
| the catalogue, the matters, their drafts, votes  | all          | all             | all    | no         |
| every action of the table (edit … close)         | yes          | no              | no     | no         |
| the decisions published and their follow-up      | yes          | yes             | yes    | yes        |

Deputies read the matters: standing-committee members deliberate them, every deputy may follow them. The
public sees the resolutions and decisions once published, with whether their implementation was reported.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.decisions import workflow
from renda.decisions.models import Matter

MANAGERS = (Role.STAFF, Role.ADMIN)
PUBLIC_STATES = (workflow.PUBLISHED, workflow.REPORTED, workflow.CLOSED)


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGERS)


def can_read(actor: Actor) -> bool:
    return actor.is_authenticated and actor.has_role(*READ_ALL_ROLES, Role.DEPUTY)


@spine.register
class MatterPolicy(spine.Policy[Matter]):
    model = Matter
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Matter) -> frozenset[Pair]:
        return role_pairs(actor.roles)

    def guard(self, actor: Actor, obj: Matter, action: str) -> str | None:
        if action == "schedule" and not (obj.decision_title.strip() and obj.decision_text.strip()):
            return _("请先拟定决议决定草案（标题和文本），再列入会议议程")
        return None

    def restrict(self, qs: QuerySet[Matter], actor: Actor, action: str) -> QuerySet[Matter]:
        return qs if can_read(actor) else qs.none()

    def visible(self, actor: Actor, obj: Matter, pairs: frozenset[Pair] | None = None) -> bool:
        return can_read(actor)

    def not_found_message(self) -> str:
        return _("未找到该重大事项")

    def forbidden_message(self, obj: Matter, action: str) -> str:
        return _("只有人大工作人员可以办理重大事项")
