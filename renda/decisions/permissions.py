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

from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.office_registers import CongressReadPolicy, congress_reads, office_manages
from renda.decisions import workflow
from renda.decisions.models import Matter

PUBLIC_STATES = (workflow.PUBLISHED, workflow.REPORTED, workflow.CLOSED)
can_manage = office_manages
can_read = congress_reads


@spine.register
class MatterPolicy(CongressReadPolicy[Matter]):
    model = Matter
    workflow = workflow.WORKFLOW

    def guard(self, actor: Actor, obj: Matter, action: str) -> str | None:
        if action == "schedule" and not (obj.decision_title.strip() and obj.decision_text.strip()):
            return _("请先拟定决议决定草案（标题和文本），再列入会议议程")
        return None

    def not_found_message(self) -> str:
        return _("未找到该重大事项")

    def forbidden_message(self, obj: Matter, action: str) -> str:
        return _("只有人大工作人员可以办理重大事项")
