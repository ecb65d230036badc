"""Who may see and do what in local legislation (MISSION, Users and roles; §7): the table of
renda.legislation.workflow bound to ``Draft`` on the spine.

| what                                              | staff, admin | leader, auditor | deputy | the public |
|---------------------------------------------------|--------------|-----------------|--------|------------|
| the plan, drafts, versions, diffs, readings, vote | all          | all             | all    | no         |
| every action of the table (revise … file)         | yes          | no              | no     | no         |
| comments with names and phones                    | whole        | masked          | no     | no         |
| a version open for comment, its answers once published, the regulations in force | yes | yes | yes | yes |
| comment on an open version, follow it by its code | —            | —               | —      | yes        |

Deputies read drafts: standing-committee members deliberate them, and every deputy may follow the city's
legislation. The public sees only what the congress published (the comment draft, answers, the text in force).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.office_registers import CongressReadPolicy, congress_reads, office_manages, personal_shown
from renda.deputies.privacy import mask_phone
from renda.legislation import workflow
from renda.legislation.models import Comment, Draft
from renda.opinions.rules import mask_name

can_manage = office_manages
can_read = congress_reads


def commenter_shown(actor: Actor, comment: Comment) -> dict[str, str]:
    """A commenter's name and phone: whole for staff, masked for leaders and auditors, absent otherwise."""
    return personal_shown(
        actor, {"name": comment.name, "phone": comment.phone}, {"name": mask_name, "phone": mask_phone}
    )


@spine.register
class DraftPolicy(CongressReadPolicy[Draft]):
    model = Draft
    workflow = workflow.WORKFLOW

    def guard(self, actor: Actor, obj: Draft, action: str) -> str | None:
        from renda.legislation import selectors  # the guards read the draft's readings and comments

        if action in ("revise", "open_comment"):
            latest = obj.versions.order_by("-number").first()
            if action == "open_comment" and latest is not None and latest.comment_opens_on is not None:
                return _("该稿已公开征求过意见，修改后的新稿可以再次征求意见")
            if action == "revise" and selectors.comment_open(obj):
                return _("征求意见期间不能修改该稿，请在截止后另存新稿")
        if action == "vote" and not obj.readings.exists():
            return _("草案尚未经常委会会议审议，不能交付表决")
        if action == "vote" and selectors.comment_open(obj):
            return _("公开征求意见尚未截止，不能交付表决")
        if action == "publish_answers":
            pending = selectors.unanswered_count(obj)
            if pending:
                return _("还有 %(n)s 条意见未答复，答复后才能公布采纳情况") % {"n": pending}
            if selectors.answers_to_publish(obj) is None:
                return _("没有待公布的意见采纳情况")
        return None

    def not_found_message(self) -> str:
        return _("未找到该法规草案")

    def forbidden_message(self, obj: Draft, action: str) -> str:
        return _("只有人大工作人员可以办理法规草案")
