"""Delegations (代表团) and handling units (承办单位): directories every signed-in user reads."""

from ninja import Field, Query, Router, Schema

from renda.core.http import get_scoped_or_404
from renda.organization.choices import UnitKind
from renda.organization.selectors import delegation_list, unit_list

from .auth import ApiRequest
from .endpoints import list_endpoint, read_endpoint
from .schemas import DelegationOut, Id, UnitDetailOut, UnitOut

delegations = Router(tags=["代表团"])
units = Router(tags=["承办单位"])


class DelegationFilters(Schema):
    term: Id | None = Field(None, description="届 id")


@list_endpoint(
    delegations,
    "",
    DelegationOut,
    operation_id="delegations_list",
    summary="代表团列表",
    description="列出代表团及其代表人数；term 按届 id 筛选。",
)
def delegations_list(request: ApiRequest, filters: Query[DelegationFilters]):
    return delegation_list(user=request.auth, term=filters.term)


@read_endpoint(
    delegations,
    "/{int:delegation_id}",
    DelegationOut,
    operation_id="delegations_get",
    summary="代表团详情",
)
def delegations_get(request: ApiRequest, delegation_id: Id):
    return get_scoped_or_404(delegation_list(user=request.auth, action="view"), pk=delegation_id)


class UnitFilters(Schema):
    kind: UnitKind | None = Field(None, description="类别")
    parent: Id | None = Field(None, description="上级单位 id（列出其直属下级）")
    q: str | None = Field(None, description="名称或简称包含，或单位代码前缀")
    active: bool | None = Field(None, description="是否有效")


@list_endpoint(
    units,
    "",
    UnitOut,
    operation_id="units_list",
    summary="承办单位列表",
    description=(
        "kind 按类别筛选；parent 按上级单位 id 筛选（列出其直属下级）；"
        "q 匹配名称、简称或单位代码前缀；active=true/false 按是否有效筛选。"
    ),
)
def units_list(request: ApiRequest, filters: Query[UnitFilters]):
    params = {
        "kind": filters.kind.value if filters.kind else None,
        "parent": filters.parent,
        "q": filters.q,
        "active": filters.active,
    }
    return unit_list(user=request.auth, params=params)


@read_endpoint(
    units,
    "/{int:unit_id}",
    UnitDetailOut,
    operation_id="units_get",
    summary="承办单位详情",
    description="含上级单位 id 与下级单位 id。",
)
def units_get(request: ApiRequest, unit_id: Id):
    qs = unit_list(user=request.auth, action="view").prefetch_related("children")  # all, active or not
    return get_scoped_or_404(qs, pk=unit_id)
