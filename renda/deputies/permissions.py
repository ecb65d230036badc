"""Who may see and do what with deputies' records (MISSION, Users and roles).

| action        | staff, admin | leader, auditor | station keeper          | deputy     | unit roles |
|---------------|--------------|-----------------|-------------------------|------------|------------|
| list / view   | all          | all             | deputies of own station | self       | none       |
| export        | all          | all             | none                    | none       | none       |
| import, edit  | all          | none            | none                    | none       | none       |
| personal data | yes          | auditor only    | phone of own station's  | own record | no         |

Everyone, signed in or not, reads the public duty profile (代表法 第58条), which holds no personal data.
Status changes and edits follow the table of renda.deputies.workflow (staff, admin), bound to the model by
`DeputyPolicy`; what a user sees is `Deputy.objects.restrict(actor, action)`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, Role, has_role
from renda.core.workflow import role_pairs
from renda.deputies import workflow
from renda.deputies.models import Deputy

ACTIONS = ("list", "view", "export", "import", "edit")


@spine.register
class DeputyPolicy(spine.Policy):
    model = Deputy
    workflow = workflow.WORKFLOW

    def restrict(self, qs: QuerySet[Deputy], actor: Actor, action: str) -> QuerySet[Deputy]:
        """The deputies `actor` may `action` (list, view, export, import, edit); outside it a deputy is
        absent (404): all for the read-all roles, a keeper's station's deputies, a deputy's own record."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not actor.is_authenticated:
            return qs.none()
        if action in ("import", "edit"):
            return qs if can_edit(actor) else qs.none()
        if action == "export":
            return qs if can_export(actor) else qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        cond = Q(pk__in=[])
        if actor.has_role(Role.DEPUTY):
            cond |= Q(user_id=actor.pk)
        if actor.has_role(Role.STATION_KEEPER):
            cond |= Q(stations__keeper_id=actor.pk)
        return qs.filter(cond).distinct()

    def not_found_message(self) -> str:
        return _("代表不存在")

    def forbidden_message(self, obj: Deputy, action: str) -> str:
        return _("只有人大工作人员可以修改代表信息")


def can_import(user: ActorLike) -> bool:
    return as_actor(user).has_role(*REGISTRAR_ROLES)


def can_export(user: ActorLike) -> bool:
    return as_actor(user).has_role(*READ_ALL_ROLES)


def can_edit(user: ActorLike) -> bool:
    """Who edits records and records status changes: the table's who."""
    return workflow.WORKFLOW.permitted("edit", role_pairs(as_actor(user).roles))


def can_list(user) -> bool:
    return has_role(user, *READ_ALL_ROLES, Role.STATION_KEEPER)


def sees_id_number(user, deputy: Deputy) -> bool:
    return has_role(user, Role.STAFF, Role.ADMIN, Role.AUDITOR) or (
        deputy.user_id is not None and deputy.user_id == getattr(user, "pk", None)
    )


def sees_phone(user, deputy: Deputy) -> bool:
    return PersonalDataViewer(user).sees_phone(deputy)


class PersonalDataViewer:
    """What of deputies' personal data one user reads in full, for a whole list at a constant query count.

    The rules are those of the table above: the ID number (and birth date) for staff, admins, auditors and
    the deputy; the phone also for leaders, and for a station keeper of the deputy's own stations. The
    keeper's deputies are read once per viewer, not once per deputy.
    """

    def __init__(self, user) -> None:
        self.user = user
        self._station_deputy_ids: frozenset[int] | None = None

    def sees_id_number(self, deputy: Deputy) -> bool:
        return sees_id_number(self.user, deputy)

    def sees_phone(self, deputy: Deputy) -> bool:
        if self.sees_id_number(deputy) or has_role(self.user, Role.LEADER):
            return True
        return has_role(self.user, Role.STATION_KEEPER) and deputy.pk in self._keepers_deputies()

    def _keepers_deputies(self) -> frozenset[int]:
        if self._station_deputy_ids is None:
            through = Deputy.stations.through
            self._station_deputy_ids = frozenset(
                through.objects.filter(liaisonstation__keeper=self.user).values_list("deputy_id", flat=True)
            )
        return self._station_deputy_ids
