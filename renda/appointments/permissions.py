"""Who may see and do what in appointments (任免; MISSION, Users and roles; §7): the table of
renda.appointments.workflow bound to ``Case`` on the spine.

| what                                              | staff, admin | leader, auditor | deputy       | public |
|---------------------------------------------------|--------------|-----------------|--------------|--------|
| lists and the nominees' records                   | all          | all             | submitted    | no     |
| every action of the table (add_person … withdraw) | yes          | no              | no           | no     |
| ID number and phone of a nominee                  | whole        | masked          | no           | no     |
| the register of decided appointments and removals | yes          | yes             | yes          | yes    |

Standing-committee members (deputies) deliberate a list once the nominating body has submitted it; a draft
is the office's work in progress. The public sees who was appointed to or removed from which post and when.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renda.appointments import workflow
from renda.appointments.models import Case, Person
from renda.core import office_registers, spine
from renda.core.actors import Actor
from renda.core.office_registers import congress_reads, office_manages
from renda.core.roles import READ_ALL_ROLES
from renda.core.workflow import Pair
from renda.deputies.privacy import mask_id_number, mask_phone

DEPUTY_STATES = (workflow.SUBMITTED, workflow.SCHEDULED, workflow.DECIDED)
can_manage = office_manages
can_read = congress_reads


def personal_shown(actor: Actor, person: Person) -> dict[str, str]:
    """A nominee's ID number and phone: whole for the office (staff), masked for leaders and auditors, absent
    for anyone else."""
    return office_registers.personal_shown(
        actor,
        {"id_number": person.id_number, "phone": person.phone},
        {"id_number": mask_id_number, "phone": mask_phone},
    )


@spine.register
class CasePolicy(spine.Policy[Case]):
    model = Case
    workflow = workflow.WORKFLOW

    def guard(self, actor: Actor, obj: Case, action: str) -> str | None:
        if action == "submit" and not obj.people.exists():
            return _("任免案尚无拟任免人员，请先添加人员")
        if action == "open_polls" and (obj.agenda_item_id is None or obj.people.exclude(poll=None).exists()):
            return _("本案已提交电子表决，或尚未列入会议议程")
        if action == "oath":
            from renda.appointments import selectors  # the guard reads the appointees

            if not selectors.oath_pending(obj):
                return _("本案任命人员均已宣誓")
        if action == "resign":
            from renda.appointments import selectors

            if not selectors.resign_candidates(obj):
                return _("本案没有在任的任命人员")
        if action == "resolve_clash":
            from renda.appointments import selectors

            if obj.clash_note or not selectors.clashes(obj):
                return _("本案没有待处理的任免冲突")
        return None

    def restrict(self, qs: QuerySet[Case], actor: Actor, action: str) -> QuerySet[Case]:
        if action == "public":
            return qs.filter(status=workflow.DECIDED)
        if not can_read(actor):
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        return qs.filter(status__in=DEPUTY_STATES)

    def visible(self, actor: Actor, obj: Case, pairs: frozenset[Pair] | None = None) -> bool:
        if not can_read(actor):
            return False
        return actor.has_role(*READ_ALL_ROLES) or obj.status in DEPUTY_STATES

    def not_found_message(self) -> str:
        return _("未找到该任免案")

    def forbidden_message(self, obj: Case, action: str) -> str:
        return _("只有人大工作人员可以办理任免案")
