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

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.deputies.privacy import mask_phone
from renda.legislation import workflow
from renda.legislation.models import Comment, Draft
from renda.opinions.rules import mask_name

MANAGERS = (Role.STAFF, Role.ADMIN)


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGERS)


def can_read(actor: Actor) -> bool:
    return actor.is_authenticated and actor.has_role(*READ_ALL_ROLES, Role.DEPUTY)


def commenter_shown(actor: Actor, comment: Comment) -> dict[str, str]:
    """A commenter's name and phone: whole for staff, masked for leaders and auditors, absent otherwise."""
    if can_manage(actor):
        return {"name": comment.name, "phone": comment.phone}
    if actor.has_role(*READ_ALL_ROLES):
        return {"name": mask_name(comment.name), "phone": mask_phone(comment.phone)}
    return {}


@spine.register
class DraftPolicy(spine.Policy[Draft]):
    model = Draft
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Draft) -> frozenset[Pair]:
        return role_pairs(actor.roles)

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

    def restrict(self, qs: QuerySet[Draft], actor: Actor, action: str) -> QuerySet[Draft]:
        return qs if can_read(actor) else qs.none()

    def visible(self, actor: Actor, obj: Draft, pairs: frozenset[Pair] | None = None) -> bool:
        return can_read(actor)

    def not_found_message(self) -> str:
        return _("未找到该法规草案")

    def forbidden_message(self, obj: Draft, action: str) -> str:
        return _("只有人大工作人员可以办理法规草案")
