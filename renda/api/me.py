"""The caller: who they are, their roles, their deputy record."""

from ninja import Router

from renda.core.actors import as_actor
from renda.core.roles import Role
from renda.organization.models import HandlingUnit

from .auth import ApiRequest
from .endpoints import read_endpoint
from .schemas import MeOut

router = Router(tags=["当前用户"])


@read_endpoint(
    router,
    "",
    MeOut,
    errors=(401,),
    operation_id="me_get",
    summary="当前用户",
    description="当前用户、角色（承办单位角色附单位 id）及其代表记录 id。",
)
def me_get(request: ApiRequest):
    user = request.auth
    assignments = sorted(user.role_assignments, key=lambda a: (a.role, a.unit_id or 0))
    unit_ids = {a.unit_id for a in assignments if a.unit_id}
    unit_names: dict[int | None, str] = (
        dict(HandlingUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    )
    roles = [
        {
            "role": a.role,
            "label": str(Role(a.role).label),
            "unit_id": a.unit_id,
            "unit_name": unit_names.get(a.unit_id),
        }
        for a in assignments
    ]
    deputy_id = as_actor(user).deputy_id
    return {
        "id": user.pk,
        "username": user.get_username(),
        "display_name": str(user),
        "roles": roles,
        "unit_ids": sorted(user.unit_ids),
        "deputy_id": deputy_id,
        "auth": "token" if getattr(request, "api_token", None) is not None else "session",
    }
