"""Response schemas shared by the routers."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.files import UploadedFile
from pydantic import WithJsonSchema

# Every integer the API takes is bounded in the schema (issue 12, point 6): an unbounded one reached the
# database (SQLite refuses beyond 2**63, PostgreSQL beyond its column) and answered 500.
MAX_ID = 2**31 - 1  # PostgreSQL's integer; ids are far below it
MAX_COUNT = 1_000_000  # people, ballots, sheets, days: far above any congress (a city has ~500 deputies)
MAX_OFFSET = 10_000_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1949, le=2999)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


def display(field: str) -> Any:
    """A ninja resolver for `<field>_label`: the label of the choice held in `field` ("" when empty)."""

    def resolve(obj: Any) -> str:
        return str(getattr(obj, f"get_{field}_display")()) if getattr(obj, field) else ""

    return staticmethod(resolve)


def ref(field: str) -> Any:
    """A ninja resolver for a `Ref | None` field: the related object's id and name, or None."""

    def resolve(obj: Any) -> dict[str, Any] | None:
        related = getattr(obj, field)
        return {"id": related.pk, "name": related.name} if related else None

    return staticmethod(resolve)


class ErrorOut(Schema):
    code: str = Field(..., description="机器可读的错误代码，例如 invalid、not_found、forbidden、unauthorized")
    message: str = Field(..., description="可读的错误说明")
    field: str | None = Field(None, description="出错的输入字段")
    row: int | None = Field(None, description="出错的表格行号（从 1 开始，与 Excel 一致）")
    errors: list[dict] | None = Field(None, description="逐项错误（如导入时每一行的错误）")


class ValidationErrorOut(Schema):
    """ninja's answer to a path, query or body that does not match the schema (422)."""

    detail: list[dict[str, Any]] = Field(..., description="逐项错误：loc 位置、msg 说明、type 类型")


class Ref(Schema):
    id: int
    name: str


class DeputyOut(Schema):
    id: int
    name: str = Field(..., description="姓名")
    gender: str = Field(..., description="性别代码：M 男，F 女")
    gender_label: str
    ethnicity: str = Field(..., description="民族")
    party: str = Field(..., description="党派代码")
    party_label: str
    occupation: str = Field(..., description="职业构成代码")
    occupation_label: str
    workplace: str = Field(..., description="工作单位及职务")
    delegation: Ref = Field(..., description="所属代表团")
    term_number: int = Field(..., description="届次")
    card_number: str = Field(..., description="代表证号")
    status: str = Field(
        ..., description="状态代码：active 在任，terminated 资格终止，suspended 暂停执行代表职务"
    )
    status_label: str
    status_date: dt.date | None = Field(None, description="状态变更日期")
    status_reason: str = Field("", description="资格终止原因代码")
    status_reason_label: str = ""
    congress_levels: list[str] = Field(default_factory=list, description="代表层级代码")
    id_number: str | None = Field(None, description="公民身份号码；无权查看时为脱敏值，如 330102********123X")
    phone: str | None = Field(None, description="手机号；无权查看时为脱敏值，如 138****1234")

    resolve_gender_label = display("gender")
    resolve_party_label = display("party")
    resolve_occupation_label = display("occupation")
    resolve_status_label = display("status")
    resolve_status_reason_label = display("status_reason")

    @staticmethod
    def resolve_term_number(obj) -> int:
        return obj.term.number

    @staticmethod
    def resolve_congress_levels(obj) -> list[str]:
        return list(obj.congress_levels or [])

    @staticmethod
    def resolve_id_number(obj, context) -> str | None:
        from .personal import viewer_for

        return viewer_for(context["request"]).id_number(obj)

    @staticmethod
    def resolve_phone(obj, context) -> str | None:
        from .personal import viewer_for

        return viewer_for(context["request"]).phone(obj)


class TermRef(Schema):
    id: int
    number: int


class DelegationOut(Schema):
    id: int
    name: str = Field(..., description="代表团名称")
    code: str = Field("", description="代码")
    order: int = Field(0, description="排序")
    term: TermRef = Field(..., description="届")
    deputy_count: int = Field(..., description="在任代表人数")
    deputy_total: int = Field(..., description="代表总数（含资格终止、暂停执行职务）")


class UnitOut(Schema):
    id: int
    name: str = Field(..., description="单位名称")
    short_name: str = Field("", description="简称")
    code: str = Field(..., description="单位代码")
    kind: str = Field(..., description="类别代码：government、supervisory、court、procuratorate、other")
    kind_label: str
    parent_id: int | None = Field(None, description="上级单位 id；顶级单位为 null")
    is_active: bool = Field(..., description="是否有效")
    order: int = 0
    contact_name: str = Field("", description="联系人")
    contact_phone: str = Field("", description="联系电话（单位办公电话）")
    address: str = Field("", description="地址")

    resolve_kind_label = display("kind")


class UnitDetailOut(UnitOut):
    children_ids: list[int] = Field(default_factory=list, description="下级单位 id")

    @staticmethod
    def resolve_children_ids(obj) -> list[int]:
        return sorted(child.pk for child in obj.children.all())


class RoleOut(Schema):
    role: str = Field(..., description="角色代码")
    label: str = Field(..., description="角色名称")
    unit_id: int | None = Field(None, description="承办单位角色所属单位 id")
    unit_name: str | None = None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[RoleOut]
    unit_ids: list[int] = Field(..., description="本人所在承办单位 id")
    deputy_id: int | None = Field(None, description="本人的代表记录 id（如是代表）")
    auth: str = Field(..., description="本次请求的认证方式：token 或 session")


# An empty part is no file to Django (it is left out of request.FILES, and ninja answers "Field required"):
# the schema says that a file has at least one byte.
NonEmptyFile = Annotated[UploadedFile, WithJsonSchema({"type": "string", "format": "binary", "minLength": 1})]
