"""Deputies (代表): the roster, scoped exactly as the roster pages (renda.deputies.permissions)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.core.roles import Role, has_role
from renda.deputies.choices import DeputyStatus, Gender, Occupation, Party
from renda.deputies.permissions import can_list
from renda.deputies.selectors import FILTERS, deputy_for_view, deputy_list

from .auth import ApiRequest
from .endpoints import list_endpoint, read_endpoint
from .schemas import DeputyOut, Id

router = Router(tags=["代表"])


class DeputyFilters(Schema):
    """The roster page's filters (renda.deputies.selectors.FILTERS), with types."""

    q: str | None = Field(None, description="姓名或工作单位包含，或代表证号前缀")
    delegation: Id | None = Field(None, description="代表团 id")
    status: DeputyStatus | None = Field(None, description="状态")
    gender: Gender | None = Field(None, description="性别")
    party: Party | None = Field(None, description="党派")
    occupation: Occupation | None = Field(None, description="职业构成")
    station: Id | None = Field(None, description="联络站 id")


assert set(DeputyFilters.model_fields) == set(FILTERS), "API filters must match the roster page's"


def may_read_deputies(user) -> bool:
    """Roles that see at least one deputy's record: the roster's roles (can_list), and a deputy, whose
    list and detail hold only their own record (scope_for). The detail page uses the same test; others
    (the unit roles) get 403, as on the pages."""
    return can_list(user) or has_role(user, Role.DEPUTY)


@list_endpoint(
    router,
    "",
    DeputyOut,
    operation_id="deputies_list",
    summary="代表名册",
    description=(
        "按与代表名册页面相同的权限范围列出代表。q 匹配姓名、工作单位或代表证号前缀。"
        "承办单位角色无权查看名册（403）；代表只能看到本人。"
        "公民身份号码与手机号仅对有权查看者显示完整值，其余为脱敏值。"
    ),
    errors=(401, 403),
)
def deputies_list(request: ApiRequest, filters: Query[DeputyFilters]):
    user = request.auth
    if not may_read_deputies(user):
        raise PermissionDenied(_("您无权查看代表名册"))
    params = {k: (v.value if hasattr(v, "value") else v) for k, v in filters.dict().items()}
    return deputy_list(user=user, params=params)


@read_endpoint(
    router,
    "/{int:deputy_id}",
    DeputyOut,
    errors=(401, 403, 404),
    operation_id="deputies_get",
    summary="代表详情",
    description="权限范围以外的代表按不存在处理（404）；承办单位角色无权查看代表信息（403）。",
)
def deputies_get(request: ApiRequest, deputy_id: Id):
    if not may_read_deputies(request.auth):
        raise PermissionDenied(_("您无权查看代表信息"))
    return deputy_for_view(user=request.auth, pk=deputy_id)
